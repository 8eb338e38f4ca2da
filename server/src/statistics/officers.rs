//! What officers see of their own units' figures: the same as the public's, and for a unit's leaders, the same counts officer by officer.

use super::rollups::Fact;
use super::{figures_of, Filters, StatisticsQuery};
use crate::error::{ApiQuery, AppError};
use crate::identity::session::CurrentUser;
use crate::state::AppState;
use app::identity::Role;
use app::statistics::{DossierCounts, OfficerFigures, UnitStatistics};
use app::units::UnitRole;
use axum::extract::State;
use axum::Json;
use sqlx::Row;
use std::collections::BTreeMap;

/// Whether `user` leads `unit` (or manages its officers).
fn leads(user: &CurrentUser, unit: &str) -> bool {
    user.grants
        .iter()
        .any(|(u, r)| u == unit && matches!(r, UnitRole::Leader | UnitRole::UnitAdmin))
}

/// The unit's dossiers counted by who handles or last handled them.
async fn by_officer(
    state: &AppState,
    f: &Filters,
    unit: &str,
) -> Result<Vec<OfficerFigures>, AppError> {
    let rows = sqlx::query(
        "SELECT d.handler_name, s.fact FROM statistics_facts s JOIN dossiers d ON d.id = s.dossier_id WHERE s.unit_code = $1",
    )
    .bind(unit)
    .fetch_all(&state.db.pool)
    .await?;
    let catalogue = state.catalogue();
    let mut counts: BTreeMap<String, DossierCounts> = BTreeMap::new();
    for r in &rows {
        let fact: Fact =
            serde_json::from_str(&r.try_get::<String, _>("fact")?).map_err(anyhow::Error::from)?;
        if !f.takes(&catalogue, &fact.unit, &fact.procedure, None) {
            continue;
        }
        counts
            .entry(r.try_get("handler_name")?)
            .or_default()
            .add(&fact.h, f.period);
    }
    Ok(counts
        .into_iter()
        .filter(|(_, c)| *c != DossierCounts::default())
        .map(|(name, counts)| OfficerFigures {
            name,
            on_time: counts.on_time(),
            counts,
        })
        .collect())
}

/// `GET /api/officer/statistics?from=&to=&field=&procedure=`: the figures
/// of each of the officer's units, as the public sees them; for the units
/// the officer leads, also by officer.
#[utoipa::path(get, path = "/officer/statistics", tag = "statistics", security(("session" = [])), params(StatisticsQuery), responses((status = 200, body = Vec<UnitStatistics>), crate::contract::Errors))]
pub async fn mine(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<StatisticsQuery>,
) -> Result<Json<Vec<UnitStatistics>>, AppError> {
    user.require(&[Role::Officer])?;
    let base = Filters::parse(&state, &StatisticsQuery { unit: None, ..q }).await?;
    let mut out = vec![];
    for unit in &user.units {
        let Some((name, _)) = crate::units::one_in_force(&state.db, unit).await? else {
            continue;
        };
        let f = Filters {
            unit: Some(unit.clone()),
            ..base.clone()
        };
        let figures = figures_of(&state, &f).await?;
        let by_officer = if leads(&user, unit) {
            Some(by_officer(&state, &f, unit).await?)
        } else {
            None
        };
        out.push(UnitStatistics {
            unit_code: unit.clone(),
            unit_name: name,
            figures,
            by_officer,
        });
    }
    Ok(Json(out))
}
