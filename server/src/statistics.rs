//! Public statistics: the figures of dossiers and feedback by period, unit, field and procedure, summed from the dossiers' rollups and counted from the feedback records by `app::statistics`, at most a minute old (the time is in every answer).

pub mod demo;
pub mod officers;
pub mod rankings;
pub mod rollups;

use crate::clock::vn_date;
use crate::error::{ApiQuery, AppError};
use crate::procedures::catalogue::Catalogue;
use crate::state::AppState;
use app::calendar::Date;
use app::forms::reasons;
use app::statistics::{
    DossierCounts, FeedbackCounts, FeedbackHistory, Figures, MonthFigures, Months, OnlineServices,
    Period, ProcedureFigures, UnitRank,
};
use app::units::UnitLevel;
use axum::extract::State;
use axum::Json;
use sqlx::Row;
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(figures))
        .routes(routes!(figures_csv))
        .routes(routes!(online))
        .routes(routes!(online_csv))
        .routes(routes!(months))
        .routes(routes!(months_csv))
        .routes(routes!(officers::mine))
        .routes(routes!(rankings::rankings))
        .routes(routes!(rankings::rankings_csv))
        .routes(routes!(rankings::behind))
        .routes(routes!(rankings::behind_csv))
}

/// The licence every export states in its first lines.
const LICENCE: &str = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)";

/// A CSV download named `file` (the whole `Content-Disposition` value).
pub(crate) fn csv_response(
    file: &str,
    body: impl Into<axum::body::Body>,
) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, file.to_owned()),
        ],
        body.into(),
    )
        .into_response()
}

/// The longest period one may ask for.
const MAX_DAYS: i64 = 5 * 366;

/// One feedback as counted.
struct KeptFeedback {
    unit: String,
    procedure: String,
    field: String,
    h: FeedbackHistory,
}

/// The figures' sources: the dossiers' rollups in memory, and the feedback
/// (a few thousand a year: counted straight from their records), both
/// brought up to date at most every `delay` seconds.
pub struct Statistics {
    /// Seconds between catch-ups (`STATISTICS_DELAY_SECS`): figures are at
    /// most this old, and each answer says when they were counted.
    delay: AtomicI64,
    /// When the last catch-up was (Unix seconds).
    caught_up_at: AtomicI64,
    /// How many dossiers were generated as demo history.
    demo_dossiers: AtomicI64,
    /// One catch-up at a time; the others wait for it.
    catching_up: tokio::sync::Mutex<()>,
    /// The units in force, as of the last catch-up (rankings read them on
    /// every request).
    units: RwLock<Arc<Vec<app::units::UnitSummary>>>,
    /// A catch-up started in the background and not finished.
    refreshing: std::sync::atomic::AtomicBool,
    rollups: RwLock<Option<rollups::Rollups>>,
    feedback: RwLock<Arc<Vec<KeptFeedback>>>,
}

impl Default for Statistics {
    fn default() -> Self {
        Statistics {
            delay: AtomicI64::new(60),
            caught_up_at: AtomicI64::new(i64::MIN),
            demo_dossiers: AtomicI64::new(0),
            catching_up: tokio::sync::Mutex::default(),
            refreshing: std::sync::atomic::AtomicBool::new(false),
            units: RwLock::default(),
            rollups: RwLock::default(),
            feedback: RwLock::default(),
        }
    }
}

impl Statistics {
    pub fn set_delay(&self, secs: i64) {
        self.delay.store(secs.max(0), Ordering::Relaxed);
    }

    /// The rollups' sums of `f`, apart for each unit (or, `by_procedure`,
    /// each procedure); none before the first catch-up.
    fn sums_by(
        &self,
        f: &Filters,
        catalogue: &Catalogue,
        by_procedure: bool,
    ) -> HashMap<String, app::statistics::Sums> {
        self.rollups
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|r| {
                r.sums_by(
                    f.period,
                    |u, p| f.takes(catalogue, u, p, None),
                    by_procedure,
                )
            })
            .unwrap_or_default()
    }

    /// The units in force as of the last catch-up.
    pub fn units(&self) -> Arc<Vec<app::units::UnitSummary>> {
        self.units.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The next request catches up whatever the delay (after a change made
    /// behind the portal's back, or a rebuild).
    pub fn expire(&self) {
        self.caught_up_at.store(i64::MIN, Ordering::Relaxed);
    }

    /// When the figures were counted. Older than the delay, they are
    /// caught up in the background while this answer uses them as they
    /// are (so no visitor waits for a catch-up); never counted, or expired,
    /// they are caught up first.
    pub async fn fresh(&self, state: &AppState) -> anyhow::Result<i64> {
        let at = self.caught_up_at.load(Ordering::Relaxed);
        let loaded = self
            .rollups
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .is_some();
        if !loaded || at == i64::MIN {
            return self.catch_up(state).await;
        }
        if state.clock.now_secs() - at >= self.delay.load(Ordering::Relaxed)
            && !self.refreshing.swap(true, Ordering::AcqRel)
        {
            let state = state.clone();
            tokio::spawn(async move {
                if let Err(e) = state.statistics.catch_up(&state).await {
                    tracing::warn!(error = %e, "statistics not caught up; trying again later");
                }
                state.statistics.refreshing.store(false, Ordering::Release);
            });
        }
        Ok(at)
    }

    /// Brings the rollups, in the database and in memory, and the feedback
    /// up to date now; returns when.
    pub async fn catch_up(&self, state: &AppState) -> anyhow::Result<i64> {
        let _one = self.catching_up.lock().await;
        let now = state.clock.now_secs();
        let caught = rollups::catch_up(state).await?;
        let moved_by_us = {
            let mut held = self.rollups.write().unwrap_or_else(|e| e.into_inner());
            match held.as_mut() {
                Some(r) if r.version == caught.from_version => {
                    r.apply(&caught);
                    true
                }
                _ => false,
            }
        };
        // Not read yet, or moved by another server or a rebuild: read again.
        if !moved_by_us {
            let fresh = rollups::Rollups::load(state).await?;
            *self.rollups.write().unwrap_or_else(|e| e.into_inner()) = Some(fresh);
        }
        let units = Arc::new(crate::units::in_force(&state.db).await?);
        *self.units.write().unwrap_or_else(|e| e.into_inner()) = units;
        let feedback = Arc::new(read_feedback(state).await?);
        *self.feedback.write().unwrap_or_else(|e| e.into_inner()) = feedback;
        self.demo_dossiers
            .store(demo::generated(state).await?, Ordering::Relaxed);
        self.caught_up_at.store(now, Ordering::Relaxed);
        Ok(now)
    }
}

/// Every feedback from its record: receipt, due day, answer, rating.
async fn read_feedback(state: &AppState) -> anyhow::Result<Vec<KeptFeedback>> {
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
                received: vn_date(r.try_get("received_at")?),
                due,
                answered_on: r.try_get::<Option<i64>, _>("answered_at")?.map(vn_date),
                satisfied: r.try_get::<Option<i64>, _>("rating")?.map(|v| v != 0),
            },
        });
    }
    Ok(feedback)
}

#[derive(Debug, Default, Clone, serde::Deserialize, utoipa::IntoParams)]
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
    /// The units of one level only: commune, department, centre, province.
    #[serde(default)]
    pub level: Option<String>,
}

/// A filter's value, when one was given.
pub(crate) fn given(v: &Option<String>) -> Option<&str> {
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
    let f = compute(&state, &q).await?;
    let mut out = format!(
        "# Public statistics, {} to {}; unit: {}; level: {}; field: {}; procedure: {}; counted at {} (Unix seconds)\n# Licence: {LICENCE}\nfigure,numerator,denominator,percent\n",
        f.from,
        f.to,
        given(&q.unit).unwrap_or("all"),
        given(&q.level).unwrap_or("all"),
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
    Ok(csv_response(&file, out))
}

/// A query checked: the period and the filters.
#[derive(Clone)]
pub struct Filters {
    pub period: Period,
    pub unit: Option<String>,
    pub procedure: Option<String>,
    pub field: Option<String>,
    /// The units of the level asked for, when one was.
    pub level_units: Option<Arc<std::collections::HashSet<String>>>,
}

impl Filters {
    /// Checks every parameter of `q`, naming the first one wrong.
    pub async fn parse(state: &AppState, q: &StatisticsQuery) -> Result<Filters, AppError> {
        let today = vn_date(state.clock.now_secs());
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
            let known: Option<String> =
                sqlx::query_scalar("SELECT code FROM units WHERE code = $1")
                    .bind(u)
                    .fetch_optional(&state.db.pool)
                    .await?;
            if known.is_none() {
                return Err(AppError::invalid("unit", reasons::UNKNOWN_VALUE));
            }
        }
        let procedure = given(&q.procedure);
        let field = given(&q.field);
        let catalogue = state.catalogue();
        if procedure.is_some_and(|p| catalogue.get(p).is_none()) {
            return Err(AppError::invalid("procedure", reasons::UNKNOWN_VALUE));
        }
        if field.is_some_and(|f| !catalogue.has_field(f)) {
            return Err(AppError::invalid("field", reasons::UNKNOWN_VALUE));
        }
        let level_units = match given(&q.level) {
            None => None,
            Some(l) => {
                let level = [
                    UnitLevel::Commune,
                    UnitLevel::Department,
                    UnitLevel::Centre,
                    UnitLevel::Province,
                ]
                .into_iter()
                .find(|x| x.as_str() == l)
                .ok_or_else(|| AppError::invalid("level", reasons::UNKNOWN_VALUE))?;
                Some(Arc::new(
                    crate::units::in_force(&state.db)
                        .await?
                        .into_iter()
                        .filter(|u| u.level == level)
                        .map(|u| u.code)
                        .collect(),
                ))
            }
        };
        Ok(Filters {
            period,
            unit: unit.map(str::to_owned),
            procedure: procedure.map(str::to_owned),
            field: field.map(str::to_owned),
            level_units,
        })
    }

    /// Whether a dossier or feedback of this unit, procedure and field is
    /// counted (`field` none: the procedure's own).
    pub fn takes(
        &self,
        catalogue: &Catalogue,
        unit: &str,
        procedure: &str,
        field: Option<&str>,
    ) -> bool {
        self.unit.as_deref().is_none_or(|x| x == unit)
            && self.level_units.as_ref().is_none_or(|l| l.contains(unit))
            && self.procedure.as_deref().is_none_or(|x| x == procedure)
            && self.field.as_deref().is_none_or(|f| match field {
                Some(own) => own == f,
                None => catalogue
                    .get(procedure)
                    .is_some_and(|e| e.summary.field.slug == f),
            })
    }
}

/// The figures of `f`, apart for each unit, as last caught up.
pub async fn figures_by_unit(
    state: &AppState,
    f: &Filters,
) -> Result<(i64, HashMap<String, Figures>), AppError> {
    let computed_at = state.statistics.fresh(state).await?;
    let catalogue = state.catalogue();
    let sums = state.statistics.sums_by(f, &catalogue, false);
    let feedback = state
        .statistics
        .feedback
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let mut fb: HashMap<&str, FeedbackCounts> = HashMap::new();
    for k in feedback
        .iter()
        .filter(|k| f.takes(&catalogue, &k.unit, &k.procedure, Some(&k.field)))
    {
        fb.entry(k.unit.as_str()).or_default().add(&k.h, f.period);
    }
    let demo = u64::try_from(state.statistics.demo_dossiers.load(Ordering::Relaxed)).unwrap_or(0);
    let mut units: std::collections::HashSet<&str> = sums.keys().map(String::as_str).collect();
    units.extend(fb.keys().copied());
    Ok((
        computed_at,
        units
            .into_iter()
            .map(|u| {
                let d = sums
                    .get(u)
                    .map(DossierCounts::from_sums)
                    .unwrap_or_default();
                let mut figures = Figures::of(
                    f.period,
                    computed_at,
                    d,
                    fb.get(u).cloned().unwrap_or_default(),
                );
                figures.demo_dossiers = demo;
                (u.to_owned(), figures)
            })
            .collect(),
    ))
}

/// The figures `q` asks for, every parameter checked first, with the period
/// before and, for a unit, its rank.
async fn compute(state: &AppState, q: &StatisticsQuery) -> Result<Figures, AppError> {
    let f = Filters::parse(state, q).await?;
    let mut figures = figures_of(state, &f).await?;
    let before = Filters {
        period: f.period.before(),
        ..f.clone()
    };
    figures.previous = Some(Box::new(figures_of(state, &before).await?));
    if let Some(unit) = &f.unit {
        let level = state
            .statistics
            .units()
            .iter()
            .find(|u| &u.code == unit)
            .map(|u| u.level)
            .filter(|l| matches!(l, UnitLevel::Commune | UnitLevel::Department));
        if let Some(level) = level {
            let all = Filters {
                unit: None,
                ..f.clone()
            };
            let r = rankings::ranking(state, &all, level, "on_time").await?;
            let of = r.units.iter().filter(|u| u.rank.is_some()).count() as u32;
            figures.rank = r
                .units
                .iter()
                .find(|u| &u.unit.code == unit)
                .and_then(|u| u.rank)
                .map(|rank| UnitRank {
                    rank,
                    of,
                    level: level.as_str().to_owned(),
                    by: "on_time".to_owned(),
                });
        }
    }
    Ok(figures)
}

/// The figures of `f`, all its units together.
async fn figures_of(state: &AppState, f: &Filters) -> Result<Figures, AppError> {
    let (computed_at, by_unit) = figures_by_unit(state, f).await?;
    let mut d = DossierCounts::default();
    let mut fb = FeedbackCounts::default();
    for figures in by_unit.values() {
        d.merge(&figures.dossiers);
        fb.merge(&figures.feedback);
    }
    let mut figures = Figures::of(f.period, computed_at, d, fb);
    figures.demo_dossiers =
        u64::try_from(state.statistics.demo_dossiers.load(Ordering::Relaxed)).unwrap_or(0);
    Ok(figures)
}

/// The months of `q`'s period with their figures.
async fn monthly(state: &AppState, q: &StatisticsQuery) -> Result<Months, AppError> {
    let f = Filters::parse(state, q).await?;
    let mut months = vec![];
    let mut computed_at = 0;
    for period in f.period.months() {
        let one = figures_of(
            state,
            &Filters {
                period,
                ..f.clone()
            },
        )
        .await?;
        computed_at = one.computed_at;
        months.push(MonthFigures {
            month: one.from[..7].to_owned(),
            received: one.dossiers.received,
            finished_on_time: one.dossiers.finished_on_time,
            finished_late: one.dossiers.finished_late,
            on_time: one.on_time,
        });
    }
    Ok(Months {
        from: f.period.from.to_string(),
        to: f.period.to.to_string(),
        computed_at,
        months,
    })
}

/// `GET /api/statistics/months?from=&to=&unit=&field=&procedure=`: each
/// month of the period (the first and last cut to it) with the dossiers
/// received, finished on time and late, and the on-time rate.
#[utoipa::path(get, path = "/statistics/months", tag = "statistics", params(StatisticsQuery), responses((status = 200, body = Months), crate::contract::Errors))]
async fn months(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<StatisticsQuery>,
) -> Result<Json<Months>, AppError> {
    monthly(&state, &q).await.map(Json)
}

/// `GET /api/statistics/months.csv?…`: the same as CSV
/// (`month,received,finished_on_time,finished_late,on_time_numerator,on_time_denominator,on_time_percent`),
/// after `#` lines naming the period, the filters and the licence.
#[utoipa::path(get, path = "/statistics/months.csv", tag = "statistics", params(StatisticsQuery), responses((status = 200, description = "CSV", content_type = "text/csv"), crate::contract::Errors))]
async fn months_csv(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<StatisticsQuery>,
) -> Result<axum::response::Response, AppError> {
    let m = monthly(&state, &q).await?;
    let mut out = format!(
        "# Dossiers by month, {} to {}; unit: {}; field: {}; procedure: {}; counted at {} (Unix seconds)\n# Licence: {LICENCE}\nmonth,received,finished_on_time,finished_late,on_time_numerator,on_time_denominator,on_time_percent\n",
        m.from,
        m.to,
        given(&q.unit).unwrap_or("all"),
        given(&q.field).unwrap_or("all"),
        given(&q.procedure).unwrap_or("all"),
        m.computed_at,
    );
    for r in &m.months {
        let pct = r
            .on_time
            .percent()
            .map(|p| format!("{p:.1}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{},{},{},{},{},{},{pct}\n",
            r.month,
            r.received,
            r.finished_on_time,
            r.finished_late,
            r.on_time.numerator,
            r.on_time.denominator
        ));
    }
    let file = format!(
        "attachment; filename=\"thong-ke-thang-{}-{}.csv\"",
        m.from, m.to
    );
    Ok(csv_response(&file, out))
}

/// The online services of `q`'s filters: what is offered, and the
/// procedures most filed with their online share.
async fn online_services(
    state: &AppState,
    q: &StatisticsQuery,
) -> Result<OnlineServices, AppError> {
    use app::procedures::ServiceLevel;
    let f = Filters::parse(state, q).await?;
    let computed_at = state.statistics.fresh(state).await?;
    let catalogue = state.catalogue();
    let sums = state.statistics.sums_by(&f, &catalogue, true);
    let mut offered = [0u64; 3];
    for e in catalogue.entries() {
        let own = crate::units::role_of(&e.summary.agency.name) != crate::units::Role::Elsewhere;
        let in_filter = f.procedure.as_deref().is_none_or(|p| p == e.summary.code)
            && f.field.as_deref().is_none_or(|x| x == e.summary.field.slug);
        if own && in_filter {
            offered[match e.summary.service_level {
                ServiceLevel::Full => 0,
                ServiceLevel::Partial => 1,
                ServiceLevel::None => 2,
            }] += 1;
        }
    }
    let mut procedures: Vec<ProcedureFigures> = sums
        .into_iter()
        .filter_map(|(code, s)| {
            let d = DossierCounts::from_sums(&s);
            let e = catalogue.get(&code)?;
            (d.received > 0).then(|| ProcedureFigures {
                name: e.summary.name.clone(),
                service_level: e.summary.service_level.as_str().to_owned(),
                received: d.received,
                online_share: d.online_share(),
                on_time: d.on_time(),
                code,
            })
        })
        .collect();
    procedures.sort_by(|a, b| b.received.cmp(&a.received).then(a.code.cmp(&b.code)));
    procedures.truncate(50);
    Ok(OnlineServices {
        from: f.period.from.to_string(),
        to: f.period.to.to_string(),
        computed_at,
        offered_full: offered[0],
        offered_partial: offered[1],
        offered_none: offered[2],
        procedures,
    })
}

/// `GET /api/statistics/online?from=&to=&unit=&level=&field=&procedure=`:
/// how many of the province's procedures are offered fully and partly
/// online, and the fifty most filed in the period, each with its online
/// share (digital take-up) and on-time rate.
#[utoipa::path(get, path = "/statistics/online", tag = "statistics", params(StatisticsQuery), responses((status = 200, body = OnlineServices), crate::contract::Errors))]
async fn online(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<StatisticsQuery>,
) -> Result<Json<OnlineServices>, AppError> {
    online_services(&state, &q).await.map(Json)
}

/// `GET /api/statistics/online.csv?…`: the procedures of the same answer
/// as CSV (`procedure_code,procedure_name,service_level,received,online_numerator,online_denominator,online_percent,on_time_numerator,on_time_denominator,on_time_percent`),
/// after `#` lines giving the period, the filters, what is offered and
/// the licence.
#[utoipa::path(get, path = "/statistics/online.csv", tag = "statistics", params(StatisticsQuery), responses((status = 200, description = "CSV", content_type = "text/csv"), crate::contract::Errors))]
async fn online_csv(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<StatisticsQuery>,
) -> Result<axum::response::Response, AppError> {
    let o = online_services(&state, &q).await?;
    let mut out = format!(
        "# Online services, {} to {}; unit: {}; level: {}; field: {}; procedure: {}; counted at {} (Unix seconds)\n# Procedures offered fully online: {}; partly: {}; not online: {}\n# Licence: {LICENCE}\nprocedure_code,procedure_name,service_level,received,online_numerator,online_denominator,online_percent,on_time_numerator,on_time_denominator,on_time_percent\n",
        o.from,
        o.to,
        given(&q.unit).unwrap_or("all"),
        given(&q.level).unwrap_or("all"),
        given(&q.field).unwrap_or("all"),
        given(&q.procedure).unwrap_or("all"),
        o.computed_at,
        o.offered_full,
        o.offered_partial,
        o.offered_none,
    );
    let pct =
        |r: app::statistics::Ratio| r.percent().map(|p| format!("{p:.1}")).unwrap_or_default();
    for p in &o.procedures {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{}\n",
            rankings::cell(&p.code),
            rankings::cell(&p.name),
            p.service_level,
            p.received,
            p.online_share.numerator,
            p.online_share.denominator,
            pct(p.online_share),
            p.on_time.numerator,
            p.on_time.denominator,
            pct(p.on_time)
        ));
    }
    let file = format!(
        "attachment; filename=\"dich-vu-truc-tuyen-{}-{}.csv\"",
        o.from, o.to
    );
    Ok(csv_response(&file, out))
}
