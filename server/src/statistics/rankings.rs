//! The units of one level ranked by an indicator, and the dossiers behind any unit's figure, listed without personal data so an agency can check its rank line by line.

use super::rollups::Fact;
use super::{csv_response, figures_by_unit, given, Filters, StatisticsQuery, LICENCE};
use crate::error::{ApiQuery, AppError};
use crate::state::AppState;
use app::forms::reasons;
use app::statistics::{
    rank, CountedDossier, CountedPage, DossierCounts, FeedbackCounts, Figures, RankedUnit,
    Rankings, RANKED,
};
use app::units::UnitLevel;
use axum::extract::State;
use axum::response::Response;
use axum::Json;
use sqlx::Row;

/// Dossiers on one page of a drill-down.
const PER_PAGE: u32 = 50;

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RankingQuery {
    /// First day (YYYY-MM-DD); the first of the year by default.
    #[serde(default)]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD); today by default.
    #[serde(default)]
    pub to: Option<String>,
    /// `commune` (the default) or `department`.
    #[serde(default)]
    pub level: Option<String>,
    /// The indicator to rank by: on_time (the default), online_share,
    /// satisfaction, feedback_on_time, feedback_satisfaction.
    #[serde(default)]
    pub by: Option<String>,
    /// A field's slug.
    #[serde(default)]
    pub field: Option<String>,
    /// A procedure's code.
    #[serde(default)]
    pub procedure: Option<String>,
}

/// The ranking `q` asks for, every parameter checked first.
async fn ranked(state: &AppState, q: &RankingQuery) -> Result<Rankings, AppError> {
    let level = match given(&q.level).unwrap_or("commune") {
        "commune" => UnitLevel::Commune,
        "department" => UnitLevel::Department,
        _ => return Err(AppError::invalid("level", reasons::UNKNOWN_VALUE)),
    };
    let by = given(&q.by).unwrap_or("on_time");
    if !RANKED.iter().any(|(name, _, _)| *name == by) {
        return Err(AppError::invalid("by", reasons::UNKNOWN_VALUE));
    }
    let f = Filters::parse(
        state,
        &StatisticsQuery {
            from: q.from.clone(),
            to: q.to.clone(),
            unit: None,
            field: q.field.clone(),
            procedure: q.procedure.clone(),
            level: None,
        },
    )
    .await?;
    ranking(state, &f, level, by).await
}

/// The units of `level` ranked by `by` over the filters (their unit
/// aside).
pub async fn ranking(
    state: &AppState,
    f: &Filters,
    level: UnitLevel,
    by: &str,
) -> Result<Rankings, AppError> {
    let (computed_at, by_unit) = figures_by_unit(state, f).await?;
    let mut units: Vec<RankedUnit> = state
        .statistics
        .units()
        .iter()
        .filter(|u| u.level == level)
        .cloned()
        .map(|unit| RankedUnit {
            rank: None,
            figures: by_unit.get(&unit.code).cloned().unwrap_or_else(|| {
                Figures::of(
                    f.period,
                    computed_at,
                    DossierCounts::default(),
                    FeedbackCounts::default(),
                )
            }),
            unit,
        })
        .collect();
    rank(&mut units, by);
    Ok(Rankings {
        from: f.period.from.to_string(),
        to: f.period.to.to_string(),
        computed_at,
        level: level.as_str().to_owned(),
        by: by.to_owned(),
        units,
    })
}

/// `GET /api/statistics/rankings?from=&to=&level=&by=&field=&procedure=`:
/// the communes (or departments) best first by one indicator, each with
/// all its figures; no sign-in needed.
#[utoipa::path(get, path = "/statistics/rankings", tag = "statistics", params(RankingQuery), responses((status = 200, body = Rankings), crate::contract::Errors))]
pub async fn rankings(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<RankingQuery>,
) -> Result<Json<Rankings>, AppError> {
    ranked(&state, &q).await.map(Json)
}

/// A CSV cell: quoted when it holds a comma, a quote or a line break.
pub(super) fn cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// `GET /api/statistics/rankings.csv?…`: the same ranking as CSV, one row
/// per unit: `rank,unit_code,unit_name`, then each indicator's numerator,
/// denominator and percent, then `received`; after `#` lines naming the
/// period, the level, the indicator ranked by, when it was counted and the
/// licence.
#[utoipa::path(get, path = "/statistics/rankings.csv", tag = "statistics", params(RankingQuery), responses((status = 200, description = "CSV", content_type = "text/csv"), crate::contract::Errors))]
pub async fn rankings_csv(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<RankingQuery>,
) -> Result<Response, AppError> {
    let r = ranked(&state, &q).await?;
    let mut out = format!(
        "# Ranking of {} units by {}, {} to {}; field: {}; procedure: {}; counted at {} (Unix seconds)\n# Licence: {LICENCE}\nrank,unit_code,unit_name",
        r.level,
        r.by,
        r.from,
        r.to,
        given(&q.field).unwrap_or("all"),
        given(&q.procedure).unwrap_or("all"),
        r.computed_at,
    );
    for (name, _, _) in RANKED {
        out.push_str(&format!(
            ",{name}_numerator,{name}_denominator,{name}_percent"
        ));
    }
    out.push_str(",received\n");
    for u in &r.units {
        out.push_str(&format!(
            "{},{},{}",
            u.rank.map(|n| n.to_string()).unwrap_or_default(),
            cell(&u.unit.code),
            cell(&u.unit.name.vi)
        ));
        for (name, _, _) in RANKED {
            let ratio = u
                .figures
                .indicator(name)
                .unwrap_or(app::statistics::Ratio::new(0, 0));
            let pct = ratio
                .percent()
                .map(|p| format!("{p:.1}"))
                .unwrap_or_default();
            out.push_str(&format!(",{},{},{pct}", ratio.numerator, ratio.denominator));
        }
        out.push_str(&format!(",{}\n", u.figures.dossiers.received));
    }
    let file = format!(
        "attachment; filename=\"xep-hang-{}-{}-{}.csv\"",
        r.level, r.from, r.to
    );
    Ok(csv_response(&file, out))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BehindQuery {
    /// First day (YYYY-MM-DD); the first of the year by default.
    #[serde(default)]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD); today by default.
    #[serde(default)]
    pub to: Option<String>,
    /// The unit's code (required).
    #[serde(default)]
    pub unit: Option<String>,
    /// A field's slug.
    #[serde(default)]
    pub field: Option<String>,
    /// A procedure's code.
    #[serde(default)]
    pub procedure: Option<String>,
    /// The count whose dossiers to list: received, received_counter,
    /// received_online, received_post, finished_on_time, finished_late,
    /// pending_in_time, pending_overdue, refused, withdrawn, stopped,
    /// supplemented, supplemented_again, dissatisfied.
    #[serde(default)]
    pub figure: Option<String>,
    /// From 1.
    #[serde(default)]
    pub page: Option<String>,
}

/// A unit's dossiers with what the figures counted them as, oldest first.
const BEHIND_SQL: &str = "SELECT d.code, d.procedure_name, s.fact FROM statistics_facts s JOIN dossiers d ON d.id = s.dossier_id \
     WHERE s.unit_code = $1 ORDER BY d.received_at, d.id";

/// The drill-down's parameters checked: the filters and the figure.
async fn checked(state: &AppState, q: &BehindQuery) -> Result<(Filters, String), AppError> {
    let figure = match given(&q.figure) {
        None => return Err(AppError::invalid("figure", reasons::REQUIRED)),
        Some(f) if DossierCounts::NAMES.contains(&f) => f.to_owned(),
        Some(_) => return Err(AppError::invalid("figure", reasons::UNKNOWN_VALUE)),
    };
    if given(&q.unit).is_none() {
        return Err(AppError::invalid("unit", reasons::REQUIRED));
    }
    let f = Filters::parse(
        state,
        &StatisticsQuery {
            from: q.from.clone(),
            to: q.to.clone(),
            unit: q.unit.clone(),
            field: q.field.clone(),
            procedure: q.procedure.clone(),
            level: None,
        },
    )
    .await?;
    // Read at the same catch-up the figures were counted at.
    state.statistics.fresh(state).await?;
    Ok((f, figure))
}

/// One row of `BEHIND_SQL`, when its dossier is counted as `figure`.
fn behind_row(
    r: &sqlx::any::AnyRow,
    f: &Filters,
    catalogue: &crate::procedures::catalogue::Catalogue,
    figure: &str,
) -> Option<CountedDossier> {
    let fact: Fact = serde_json::from_str(&r.try_get::<String, _>("fact").ok()?).ok()?;
    if !f.takes(catalogue, &fact.unit, &fact.procedure, None)
        || !fact.h.counted_as(figure, f.period)
    {
        return None;
    }
    Some(CountedDossier {
        code: r.try_get("code").ok()?,
        procedure_name: r.try_get("procedure_name").ok()?,
        procedure_code: fact.procedure,
        channel: fact.h.channel,
        received: fact.h.received.to_string(),
        due: fact.h.due.to_string(),
        ready: fact.h.ready_on.map(|d| d.to_string()),
        closed: fact.h.closed.map(|(_, d)| d.to_string()),
    })
}

/// `GET /api/statistics/dossiers?figure=&unit=&from=&to=&field=&procedure=&page=`:
/// the dossiers behind one of a unit's figures, fifty a page: code,
/// procedure, channel and days, nothing about the person.
#[utoipa::path(get, path = "/statistics/dossiers", tag = "statistics", params(BehindQuery), responses((status = 200, body = CountedPage), crate::contract::Errors))]
pub async fn behind(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<BehindQuery>,
) -> Result<Json<CountedPage>, AppError> {
    let page = match given(&q.page) {
        None => 1,
        Some(p) => p
            .parse::<u32>()
            .ok()
            .filter(|p| (1..=100_000).contains(p))
            .ok_or_else(|| AppError::invalid("page", reasons::OUT_OF_RANGE))?,
    };
    let (f, figure) = checked(&state, &q).await?;
    let rows = sqlx::query(BEHIND_SQL)
        .bind(f.unit.as_deref().unwrap_or_default())
        .fetch_all(&state.db.pool)
        .await?;
    let catalogue = state.catalogue();
    let all: Vec<CountedDossier> = rows
        .iter()
        .filter_map(|r| behind_row(r, &f, &catalogue, &figure))
        .collect();
    let total = all.len() as u64;
    let items = all
        .into_iter()
        .skip(((page - 1) * PER_PAGE) as usize)
        .take(PER_PAGE as usize)
        .collect();
    Ok(Json(CountedPage {
        figure,
        from: f.period.from.to_string(),
        to: f.period.to.to_string(),
        unit: f.unit.unwrap_or_default(),
        total,
        page,
        per_page: PER_PAGE,
        items,
    }))
}

/// `GET /api/statistics/dossiers.csv?…`: every dossier behind the figure
/// as CSV (`code,procedure_code,procedure_name,channel,received,due,ready,closed`),
/// after `#` lines naming the figure, the unit, the period and the licence.
/// Streamed: rows are read and written a few dozen kilobytes at a time, as
/// fast as the client takes them.
#[utoipa::path(get, path = "/statistics/dossiers.csv", tag = "statistics", params(BehindQuery), responses((status = 200, description = "CSV", content_type = "text/csv"), crate::contract::Errors))]
pub async fn behind_csv(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<BehindQuery>,
) -> Result<Response, AppError> {
    let (f, figure) = checked(&state, &q).await?;
    let unit = f.unit.clone().unwrap_or_default();
    let (from, to) = (f.period.from.to_string(), f.period.to.to_string());
    let head = format!(
        "# Dossiers counted as {figure} at unit {unit}, {from} to {to}; field: {}; procedure: {}\n# Licence: {LICENCE}\ncode,procedure_code,procedure_name,channel,received,due,ready,closed\n",
        f.field.as_deref().unwrap_or("all"),
        f.procedure.as_deref().unwrap_or("all"),
    );
    let file = format!("attachment; filename=\"ho-so-{figure}-{unit}-{from}-{to}.csv\"");
    let (tx, rx) = tokio::sync::mpsc::channel::<String>(4);
    tokio::spawn(async move {
        let mut buf = head;
        let catalogue = state.catalogue();
        let mut rows = sqlx::query(BEHIND_SQL).bind(&unit).fetch(&state.db.pool);
        loop {
            let r = match futures_util::TryStreamExt::try_next(&mut rows).await {
                Ok(Some(r)) => r,
                Ok(None) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "dossiers export cut short");
                    return;
                }
            };
            let Some(d) = behind_row(&r, &f, &catalogue, &figure) else {
                continue;
            };
            buf.push_str(&format!(
                "{},{},{},{},{},{},{},{}\n",
                cell(&d.code),
                cell(&d.procedure_code),
                cell(&d.procedure_name),
                d.channel,
                d.received,
                d.due,
                d.ready.as_deref().unwrap_or(""),
                d.closed.as_deref().unwrap_or("")
            ));
            if buf.len() > 32 * 1024 && tx.send(std::mem::take(&mut buf)).await.is_err() {
                return;
            }
        }
        let _ = tx.send(buf).await;
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|chunk| (Ok::<_, std::convert::Infallible>(chunk), rx))
    });
    Ok(csv_response(&file, axum::body::Body::from_stream(stream)))
}
