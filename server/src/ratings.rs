//! Satisfaction ratings: the applicant rates a finished dossier once (changeable for a while), and the online form right after submitting; officers see their agency's summary.

use crate::clock::system_secs as now_secs;
use crate::error::AppError;
use crate::identity::session::CurrentUser;
use crate::state::AppState;
use app::dossiers::Status;
use app::ratings::{AgencySummary, FormRating, Rating, CRITERIA};
use sqlx::Row;

/// The rating of a dossier and when it was first given.
pub async fn of_dossier(
    state: &AppState,
    dossier_id: i64,
) -> anyhow::Result<(Option<Rating>, Option<i64>)> {
    let Some(r) = sqlx::query("SELECT overall, convenience, punctuality, attitude, contacts, clarity, comment, created_at FROM ratings WHERE dossier_id = $1")
        .bind(dossier_id)
        .fetch_optional(&state.db.pool)
        .await?
    else {
        return Ok((None, None));
    };
    let level = |c: &str| -> anyhow::Result<Option<u8>> {
        Ok(r.try_get::<Option<i64>, _>(c)?.map(|v| v as u8))
    };
    let mut rating = Rating {
        overall: r.try_get::<i64, _>("overall")? as u8,
        comment: r.try_get("comment")?,
        ..Rating::default()
    };
    for c in CRITERIA {
        rating.set_criterion(c, level(c)?);
    }
    Ok((Some(rating), Some(r.try_get("created_at")?)))
}

pub async fn form_rating(state: &AppState, dossier_id: i64) -> anyhow::Result<Option<u8>> {
    Ok(
        sqlx::query("SELECT score FROM form_ratings WHERE dossier_id = $1")
            .bind(dossier_id)
            .fetch_optional(&state.db.pool)
            .await?
            .map(|r| r.try_get::<i64, _>("score"))
            .transpose()?
            .map(|v| v as u8),
    )
}

/// Rates the service once the result is ready; a second rating within the
/// allowed days changes the first, never adds another.
pub async fn rate(
    state: &AppState,
    user: &CurrentUser,
    rec: &crate::dossiers::record::Record,
    rating: &Rating,
) -> Result<(), AppError> {
    rating.validate().map_err(AppError::Unprocessable)?;
    if !matches!(rec.status, Status::Processed | Status::Returned) {
        return Err(AppError::unprocessable(
            "overall",
            app::ratings::reasons::NOT_YET,
        ));
    }
    let now = now_secs();
    let (_, first) = of_dossier(state, rec.id).await?;
    if first.is_some_and(|t| now >= t + state.processing.rating_days * 86_400) {
        return Err(AppError::unprocessable(
            "overall",
            app::ratings::reasons::CLOSED,
        ));
    }
    let c = |name: &str| rating.criterion(name).map(i64::from);
    sqlx::query("INSERT INTO ratings (dossier_id, user_id, agency_id, procedure_code, overall, convenience, punctuality, attitude, contacts, clarity, comment, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) \
                 ON CONFLICT (dossier_id) DO UPDATE SET overall = excluded.overall, convenience = excluded.convenience, punctuality = excluded.punctuality, attitude = excluded.attitude, contacts = excluded.contacts, clarity = excluded.clarity, comment = excluded.comment, updated_at = excluded.updated_at")
        .bind(rec.id)
        .bind(user.user_id)
        .bind(rec.agency_id)
        .bind(&rec.procedure_code)
        .bind(i64::from(rating.overall))
        .bind(c("convenience"))
        .bind(c("punctuality"))
        .bind(c("attitude"))
        .bind(c("contacts"))
        .bind(c("clarity"))
        .bind(rating.comment.trim())
        .bind(now)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

/// The one question about the online form; asking again changes the answer.
pub async fn rate_form(
    state: &AppState,
    user: &CurrentUser,
    rec: &crate::dossiers::record::Record,
    r: FormRating,
) -> Result<(), AppError> {
    if !(1..=5).contains(&r.score) {
        return Err(AppError::unprocessable(
            "score",
            app::ratings::reasons::OUT_OF_RANGE,
        ));
    }
    sqlx::query("INSERT INTO form_ratings (dossier_id, user_id, procedure_code, score, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (dossier_id) DO UPDATE SET score = excluded.score")
        .bind(rec.id)
        .bind(user.user_id)
        .bind(&rec.procedure_code)
        .bind(i64::from(r.score))
        .bind(now_secs())
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

/// Each of the officer's agencies' ratings, summed up.
pub async fn agency_summaries(
    state: &AppState,
    agencies: &[i64],
) -> anyhow::Result<Vec<AgencySummary>> {
    let mut out = vec![];
    for &agency in agencies {
        let name: String = sqlx::query("SELECT name FROM agencies WHERE id = $1")
            .bind(agency)
            .fetch_optional(&state.db.pool)
            .await?
            .map(|r| r.try_get("name"))
            .transpose()?
            .unwrap_or_default();
        let rows = sqlx::query("SELECT overall, convenience, punctuality, attitude, contacts, clarity FROM ratings WHERE agency_id = $1")
            .bind(agency)
            .fetch_all(&state.db.pool)
            .await?;
        let mut by_level = [0u32; 5];
        let mut sum = 0.0;
        let mut crit: Vec<(String, f64, u32)> =
            CRITERIA.iter().map(|c| ((*c).to_owned(), 0.0, 0)).collect();
        for r in &rows {
            let o: i64 = r.try_get("overall")?;
            by_level[(5 - o.clamp(1, 5)) as usize] += 1;
            sum += o as f64;
            for (name, total, n) in &mut crit {
                if let Some(v) = r.try_get::<Option<i64>, _>(name.as_str())? {
                    *total += v as f64;
                    *n += 1;
                }
            }
        }
        let count = rows.len() as u32;
        let dissatisfied = by_level[3] + by_level[4];
        out.push(AgencySummary {
            agency: name,
            count,
            by_level,
            average: if count > 0 {
                sum / f64::from(count)
            } else {
                0.0
            },
            satisfied_percent: if count > 0 {
                f64::from(count - dissatisfied) * 100.0 / f64::from(count)
            } else {
                0.0
            },
            criteria: crit
                .into_iter()
                .map(|(c, t, n)| (c, if n > 0 { t / f64::from(n) } else { 0.0 }, n))
                .collect(),
        });
    }
    Ok(out)
}
