//! Satisfaction ratings: the applicant rates a finished dossier once (changeable for a while), and the online form right after submitting; officers see their agency's summary.

use crate::dossiers::record::Record;
use crate::error::AppError;
use app::dossiers::Status;
use app::ratings::{AgencySummary, FormRating, Rating, CRITERIA};
use sqlx::{AnyPool, Row};

/// The rating of a dossier and when it was first given.
pub async fn of_dossier(
    pool: &AnyPool,
    dossier_id: i64,
) -> anyhow::Result<(Option<Rating>, Option<i64>)> {
    let Some(r) = sqlx::query("SELECT overall, convenience, punctuality, attitude, contacts, clarity, comment, created_at FROM ratings WHERE dossier_id = $1")
        .bind(dossier_id)
        .fetch_optional(pool)
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

pub async fn form_rating(pool: &AnyPool, dossier_id: i64) -> anyhow::Result<Option<u8>> {
    Ok(
        sqlx::query("SELECT score FROM form_ratings WHERE dossier_id = $1")
            .bind(dossier_id)
            .fetch_optional(pool)
            .await?
            .map(|r| r.try_get::<i64, _>("score"))
            .transpose()?
            .map(|v| v as u8),
    )
}

/// Rates the service once the result is ready; a second rating within
/// `days` of the first changes it, never adds another. The caller has
/// checked that the dossier is the applicant's own.
pub async fn rate(
    pool: &AnyPool,
    rec: &Record,
    rating: &Rating,
    now: i64,
    days: i64,
) -> Result<(), AppError> {
    rating.validate().map_err(AppError::Unprocessable)?;
    if !matches!(rec.status, Status::Processed | Status::Returned) {
        return Err(AppError::unprocessable(
            "overall",
            app::ratings::reasons::NOT_YET,
        ));
    }
    let (_, first) = of_dossier(pool, rec.id).await?;
    if first.is_some_and(|t| now >= t + days * 86_400) {
        return Err(AppError::unprocessable(
            "overall",
            app::ratings::reasons::CLOSED,
        ));
    }
    let c = |name: &str| rating.criterion(name).map(i64::from);
    sqlx::query("INSERT INTO ratings (dossier_id, user_id, agency_id, procedure_code, overall, convenience, punctuality, attitude, contacts, clarity, comment, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) \
                 ON CONFLICT (dossier_id) DO UPDATE SET overall = excluded.overall, convenience = excluded.convenience, punctuality = excluded.punctuality, attitude = excluded.attitude, contacts = excluded.contacts, clarity = excluded.clarity, comment = excluded.comment, updated_at = excluded.updated_at")
        .bind(rec.id)
        .bind(rec.user_id)
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
        .execute(pool)
        .await?;
    Ok(())
}

/// The one question about the online form; asking again changes the answer.
pub async fn rate_form(
    pool: &AnyPool,
    rec: &Record,
    r: FormRating,
    now: i64,
) -> Result<(), AppError> {
    if !(1..=5).contains(&r.score) {
        return Err(AppError::unprocessable(
            "score",
            app::ratings::reasons::OUT_OF_RANGE,
        ));
    }
    sqlx::query("INSERT INTO form_ratings (dossier_id, user_id, procedure_code, score, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (dossier_id) DO UPDATE SET score = excluded.score")
        .bind(rec.id)
        .bind(rec.user_id)
        .bind(&rec.procedure_code)
        .bind(i64::from(r.score))
        .bind(now)
        .execute(pool)
        .await?;
    Ok(())
}

/// Each of the officer's agencies' ratings, summed up by the database in
/// one query (the criteria's columns are those of [`CRITERIA`]).
pub async fn agency_summaries(pool: &AnyPool, officer: i64) -> anyhow::Result<Vec<AgencySummary>> {
    let rows = sqlx::query(concat!(
        "SELECT a.name, COUNT(r.overall) AS n, ",
        "CAST(COALESCE(SUM(r.overall), 0) AS BIGINT) AS total, ",
        "CAST(COALESCE(SUM(CASE WHEN r.overall = 5 THEN 1 ELSE 0 END), 0) AS BIGINT) AS l5, ",
        "CAST(COALESCE(SUM(CASE WHEN r.overall = 4 THEN 1 ELSE 0 END), 0) AS BIGINT) AS l4, ",
        "CAST(COALESCE(SUM(CASE WHEN r.overall = 3 THEN 1 ELSE 0 END), 0) AS BIGINT) AS l3, ",
        "CAST(COALESCE(SUM(CASE WHEN r.overall = 2 THEN 1 ELSE 0 END), 0) AS BIGINT) AS l2, ",
        "CAST(COALESCE(SUM(CASE WHEN r.overall <= 1 THEN 1 ELSE 0 END), 0) AS BIGINT) AS l1, ",
        "CAST(COALESCE(SUM(r.convenience), 0) AS BIGINT) AS s_convenience, COUNT(r.convenience) AS n_convenience, ",
        "CAST(COALESCE(SUM(r.punctuality), 0) AS BIGINT) AS s_punctuality, COUNT(r.punctuality) AS n_punctuality, ",
        "CAST(COALESCE(SUM(r.attitude), 0) AS BIGINT) AS s_attitude, COUNT(r.attitude) AS n_attitude, ",
        "CAST(COALESCE(SUM(r.contacts), 0) AS BIGINT) AS s_contacts, COUNT(r.contacts) AS n_contacts, ",
        "CAST(COALESCE(SUM(r.clarity), 0) AS BIGINT) AS s_clarity, COUNT(r.clarity) AS n_clarity ",
        "FROM user_agencies ua JOIN agencies a ON a.id = ua.agency_id LEFT JOIN ratings r ON r.agency_id = a.id ",
        "WHERE ua.user_id = $1 GROUP BY a.id, a.name ORDER BY a.id"
    ))
    .bind(officer)
    .fetch_all(pool)
    .await?;
    let mut out = vec![];
    for r in &rows {
        let count = u32::try_from(r.try_get::<i64, _>("n")?).unwrap_or(0);
        let level = |c: &str| -> anyhow::Result<u32> {
            Ok(u32::try_from(r.try_get::<i64, _>(c)?).unwrap_or(0))
        };
        let by_level = [
            level("l5")?,
            level("l4")?,
            level("l3")?,
            level("l2")?,
            level("l1")?,
        ];
        let dissatisfied = by_level[3] + by_level[4];
        let mut criteria = vec![];
        for c in CRITERIA {
            let total = r.try_get::<i64, _>(format!("s_{c}").as_str())? as f64;
            let n = u32::try_from(r.try_get::<i64, _>(format!("n_{c}").as_str())?).unwrap_or(0);
            criteria.push((
                c.to_owned(),
                if n > 0 { total / f64::from(n) } else { 0.0 },
                n,
            ));
        }
        let per_rating = |x: f64| if count > 0 { x / f64::from(count) } else { 0.0 };
        out.push(AgencySummary {
            agency: r.try_get("name")?,
            count,
            by_level,
            average: per_rating(r.try_get::<i64, _>("total")? as f64),
            satisfied_percent: per_rating(f64::from(count - dissatisfied) * 100.0),
            criteria,
        });
    }
    Ok(out)
}
