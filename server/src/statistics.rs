//! Public statistics: the figures of dossiers and feedback by period, unit, field and procedure, counted from their kept records by `app::statistics`, over a snapshot retaken at most every few minutes (its time is in every answer).

use crate::error::{ApiQuery, AppError};
use crate::state::AppState;
use app::calendar::{effective_receipt_day, Date, LocalDateTime};
use app::dossiers::Status;
use app::forms::reasons;
use app::statistics::{
    Closure, DossierCounts, DossierHistory, FeedbackCounts, FeedbackHistory, Figures, Period,
};
use axum::extract::State;
use axum::Json;
use sqlx::Row;
use std::sync::Arc;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(figures))
        .routes(routes!(figures_csv))
}

/// The licence every export states in its first lines.
const LICENCE: &str = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)";

/// How old a snapshot may be before a request takes a new one.
const FRESH_SECS: i64 = 300;
/// The longest period one may ask for.
const MAX_DAYS: i64 = 5 * 366;

/// One dossier as counted, with what it is filtered by.
struct Kept {
    unit: String,
    procedure: String,
    field: String,
    h: DossierHistory,
}

/// One feedback as counted.
struct KeptFeedback {
    unit: String,
    procedure: String,
    field: String,
    h: FeedbackHistory,
}

/// Every dossier and feedback as the statistics see them, at one time.
pub struct Snapshot {
    taken_at: i64,
    dossiers: Vec<Kept>,
    feedback: Vec<KeptFeedback>,
}

/// The latest snapshot, shared by every request.
#[derive(Default)]
pub struct Snapshots {
    current: tokio::sync::Mutex<Option<Arc<Snapshot>>>,
}

impl Snapshots {
    /// The snapshot, retaken when it is older than `FRESH_SECS` (one
    /// request at a time takes it; the others wait for it).
    async fn get(&self, state: &AppState) -> anyhow::Result<Arc<Snapshot>> {
        let now = state.clock.now_secs();
        let mut current = self.current.lock().await;
        if let Some(s) = current.as_ref().filter(|s| now - s.taken_at < FRESH_SECS) {
            return Ok(s.clone());
        }
        let s = Arc::new(take(state, now).await?);
        *current = Some(s.clone());
        Ok(s)
    }
}

fn day_of(secs: i64) -> Date {
    LocalDateTime::from_unix_seconds(secs).date
}

/// Reads every dossier and feedback from their kept records: receipt,
/// channel, due day, result, how it ended, supplements, ratings and
/// reports about its handling.
async fn take(state: &AppState, now: i64) -> anyhow::Result<Snapshot> {
    let catalogue = state.catalogue();
    let field_of = |p: &str| {
        catalogue
            .get(p)
            .map(|e| e.summary.field.slug.clone())
            .unwrap_or_default()
    };
    let cutoff = state.dossier_settings.cutoff;
    let rows = sqlx::query(
        "SELECT d.id, COALESCE(d.unit_code, '') AS unit_code, d.procedure_code, d.channel, d.received_at, d.due_date, d.ready_at, d.status, \
         (SELECT MAX(e.at) FROM dossier_events e WHERE e.dossier_id = d.id AND e.status IN (3, 7, 8)) AS closed_at, \
         (SELECT COUNT(*) FROM dossier_events e WHERE e.dossier_id = d.id AND e.status = 5) AS supplements, \
         (SELECT MIN(r.overall) FROM ratings r WHERE r.dossier_id = d.id) AS rating, \
         (SELECT COUNT(*) FROM feedback f WHERE f.dossier_id = d.id AND f.kind = 'report') AS reports \
         FROM dossiers d",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let mut dossiers = Vec::with_capacity(rows.len());
    for r in &rows {
        let status = Status::from_code(r.try_get("status")?);
        let closed = match (status, r.try_get::<Option<i64>, _>("closed_at")?) {
            (Some(Status::Refused), Some(at)) => Some((Closure::Refused, day_of(at))),
            (Some(Status::Withdrawn), Some(at)) => Some((Closure::Withdrawn, day_of(at))),
            (Some(Status::Stopped), Some(at)) => Some((Closure::Stopped, day_of(at))),
            _ => None,
        };
        let due: String = r.try_get("due_date")?;
        let Ok(due) = Date::parse(&due) else { continue };
        let procedure: String = r.try_get("procedure_code")?;
        let rating: Option<i64> = r.try_get("rating")?;
        dossiers.push(Kept {
            unit: r.try_get("unit_code")?,
            field: field_of(&procedure),
            procedure,
            h: DossierHistory {
                received: effective_receipt_day(
                    LocalDateTime::from_unix_seconds(r.try_get("received_at")?),
                    cutoff,
                ),
                channel: u8::try_from(r.try_get::<i64, _>("channel")?).unwrap_or(2),
                due,
                ready_on: r.try_get::<Option<i64>, _>("ready_at")?.map(day_of),
                closed,
                supplements: u32::try_from(r.try_get::<i64, _>("supplements")?).unwrap_or(0),
                dissatisfied: rating.is_some_and(|o| o <= 2) || r.try_get::<i64, _>("reports")? > 0,
            },
        });
    }
    let rows = sqlx::query(
        "SELECT unit_code, COALESCE(procedure_code, '') AS procedure_code, field, received_at, due_date, answered_at, rating FROM feedback",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let mut feedback = Vec::with_capacity(rows.len());
    for r in &rows {
        let due: String = r.try_get("due_date")?;
        let Ok(due) = Date::parse(&due) else { continue };
        feedback.push(KeptFeedback {
            unit: r.try_get("unit_code")?,
            procedure: r.try_get("procedure_code")?,
            field: r.try_get("field")?,
            h: FeedbackHistory {
                received: day_of(r.try_get("received_at")?),
                due,
                answered_on: r.try_get::<Option<i64>, _>("answered_at")?.map(day_of),
                satisfied: r.try_get::<Option<i64>, _>("rating")?.map(|v| v != 0),
            },
        });
    }
    Ok(Snapshot {
        taken_at: now,
        dossiers,
        feedback,
    })
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatisticsQuery {
    /// First day (YYYY-MM-DD); the first of the year by default.
    #[serde(default)]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD); today by default.
    #[serde(default)]
    pub to: Option<String>,
    /// A unit's code.
    #[serde(default)]
    pub unit: Option<String>,
    /// A field's slug.
    #[serde(default)]
    pub field: Option<String>,
    /// A procedure's code.
    #[serde(default)]
    pub procedure: Option<String>,
}

/// A filter's value, when one was given.
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// `GET /api/statistics?from=&to=&unit=&field=&procedure=`: the figures of
/// a period, no sign-in needed and nothing personal in them.
#[utoipa::path(get, path = "/statistics", tag = "statistics", params(StatisticsQuery), responses((status = 200, body = Figures), crate::contract::Errors))]
async fn figures(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<StatisticsQuery>,
) -> Result<Json<Figures>, AppError> {
    compute(&state, &q).await.map(Json)
}

/// `GET /api/statistics/figures.csv?…`: the same figures as CSV, one row
/// per figure (`figure,numerator,denominator,percent`; a count has only a
/// numerator), after `#` lines naming the period, the filters, when it was
/// counted and the licence.
#[utoipa::path(get, path = "/statistics/figures.csv", tag = "statistics", params(StatisticsQuery), responses((status = 200, description = "CSV", content_type = "text/csv"), crate::contract::Errors))]
async fn figures_csv(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<StatisticsQuery>,
) -> Result<axum::response::Response, AppError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let f = compute(&state, &q).await?;
    let mut out = format!(
        "# Public statistics, {} to {}; unit: {}; field: {}; procedure: {}; counted at {} (Unix seconds)\n# Licence: {LICENCE}\nfigure,numerator,denominator,percent\n",
        f.from,
        f.to,
        given(&q.unit).unwrap_or("all"),
        given(&q.field).unwrap_or("all"),
        given(&q.procedure).unwrap_or("all"),
        f.computed_at,
    );
    for (name, r) in [
        ("on_time", f.on_time),
        ("online_share", f.online_share),
        ("satisfaction", f.satisfaction),
        ("feedback_on_time", f.feedback_on_time),
        ("feedback_satisfaction", f.feedback_satisfaction),
    ] {
        let pct = r.percent().map(|p| format!("{p:.1}")).unwrap_or_default();
        out.push_str(&format!("{name},{},{},{pct}\n", r.numerator, r.denominator));
    }
    let d = &f.dossiers;
    for (name, n) in [
        ("received", d.received),
        ("received_counter", d.by_channel[0]),
        ("received_online", d.by_channel[1]),
        ("received_post", d.by_channel[2]),
        ("finished_on_time", d.finished_on_time),
        ("finished_late", d.finished_late),
        ("pending_in_time", d.pending_in_time),
        ("pending_overdue", d.pending_overdue),
        ("refused", d.refused),
        ("withdrawn", d.withdrawn),
        ("stopped", d.stopped),
        ("supplemented", d.supplemented),
        ("supplemented_again", d.supplemented_again),
        ("feedback_received", f.feedback.received),
        ("feedback_answered_on_time", f.feedback.answered_on_time),
        ("feedback_answered_late", f.feedback.answered_late),
        ("feedback_overdue", f.feedback.overdue),
    ] {
        out.push_str(&format!("{name},{n},,\n"));
    }
    let file = format!("attachment; filename=\"thong-ke-{}-{}.csv\"", f.from, f.to);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, file),
        ],
        out,
    )
        .into_response())
}

/// The figures `q` asks for, every parameter checked first.
async fn compute(state: &AppState, q: &StatisticsQuery) -> Result<Figures, AppError> {
    let today = day_of(state.clock.now_secs());
    let date = |name: &str, v: &Option<String>, default: Date| match given(v) {
        None => Ok(default),
        Some(s) => Date::parse(s).map_err(|_| AppError::invalid(name, reasons::INVALID_DATE)),
    };
    let first_of_year = Date::parse(&format!("{:04}-01-01", today.year())).unwrap_or(today);
    let period = Period {
        from: date("from", &q.from, first_of_year)?,
        to: date("to", &q.to, today)?,
    };
    if period.to < period.from {
        return Err(AppError::invalid("to", reasons::UNKNOWN_VALUE));
    }
    if period.to.days_since_epoch() - period.from.days_since_epoch() >= MAX_DAYS {
        return Err(AppError::invalid("from", reasons::TOO_LONG));
    }
    let unit = given(&q.unit);
    if let Some(u) = unit {
        let known: Option<String> = sqlx::query_scalar("SELECT code FROM units WHERE code = $1")
            .bind(u)
            .fetch_optional(&state.db.pool)
            .await?;
        if known.is_none() {
            return Err(AppError::invalid("unit", reasons::UNKNOWN_VALUE));
        }
    }
    let procedure = given(&q.procedure);
    let field = given(&q.field);
    {
        let catalogue = state.catalogue();
        if procedure.is_some_and(|p| catalogue.get(p).is_none()) {
            return Err(AppError::invalid("procedure", reasons::UNKNOWN_VALUE));
        }
        if field.is_some_and(|f| !catalogue.has_field(f)) {
            return Err(AppError::invalid("field", reasons::UNKNOWN_VALUE));
        }
    }
    let snap = state.statistics.get(state).await?;
    let keep = |u: &str, p: &str, f: &str| {
        unit.is_none_or(|x| x == u)
            && procedure.is_none_or(|x| x == p)
            && field.is_none_or(|x| x == f)
    };
    let mut d = DossierCounts::default();
    for k in snap
        .dossiers
        .iter()
        .filter(|k| keep(&k.unit, &k.procedure, &k.field))
    {
        d.add(&k.h, period);
    }
    let mut f = FeedbackCounts::default();
    for k in snap
        .feedback
        .iter()
        .filter(|k| keep(&k.unit, &k.procedure, &k.field))
    {
        f.add(&k.h, period);
    }
    Ok(Figures::of(period, snap.taken_at, d, f))
}
