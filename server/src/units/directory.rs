//! The units over HTTP: the public directory (every unit, one unit, the units that take a procedure in) and the administrator's correction of which units receive and process a procedure.

use super::*;
use crate::error::ApiPath;
use crate::state::AppState;
use app::units::UnitDetail;
use axum::extract::{Query, State};
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(detail))
        .routes(routes!(receiving))
        .routes(routes!(set_procedure_units))
}

/// One unit's part in a procedure, as an administrator sets it.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct ProcedureUnit {
    pub unit: String,
    #[serde(default)]
    pub receives: bool,
    #[serde(default)]
    pub processes: bool,
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct ProcedureUnits {
    /// The units that take the procedure in and decide it; empty puts the
    /// rule of the catalogue agency's role back.
    pub units: Vec<ProcedureUnit>,
}

/// `PUT /api/admin/procedures/{code}/units`: an administrator corrects
/// which units receive and which decide a procedure. It takes effect at
/// once for new dossiers; dossiers already filed keep their units.
#[utoipa::path(put, path = "/admin/procedures/{code}/units", tag = "units",
    params(("code" = String, Path)), request_body = ProcedureUnits,
    security(("session" = [], "csrf" = [])),
    responses((status = 200, description = "The units that now take it in", body = Vec<UnitSummary>), crate::contract::Errors))]
async fn set_procedure_units(
    State(state): State<AppState>,
    user: crate::identity::session::CurrentUser,
    ApiPath(code): ApiPath<String>,
    crate::error::ApiJson(change): crate::error::ApiJson<ProcedureUnits>,
) -> Result<Json<Vec<UnitSummary>>, AppError> {
    user.require(&[app::identity::Role::Administrator])?;
    let catalogue = state.catalogue();
    if catalogue.get(&code).is_none() {
        return Err(AppError::NotFound);
    }
    let units = in_force(&state.db).await?;
    let mut errors = app::error::FieldErrors::default();
    let mut seen = std::collections::HashSet::new();
    for (i, u) in change.units.iter().enumerate() {
        if !units.iter().any(|x| x.code == u.unit) {
            errors.add(
                &format!("units.{i}.unit"),
                app::forms::reasons::UNKNOWN_VALUE,
            );
        } else if !seen.insert(u.unit.as_str()) {
            errors.add(&format!("units.{i}.unit"), app::forms::reasons::TOO_MANY);
        } else if !u.receives && !u.processes {
            errors.add(&format!("units.{i}.unit"), app::forms::reasons::REQUIRED);
        }
    }
    // A procedure somebody takes in and somebody decides, or none at all.
    let nobody = |f: fn(&ProcedureUnit) -> bool| !change.units.iter().any(f);
    if !change.units.is_empty() && (nobody(|u| u.receives) || nobody(|u| u.processes)) {
        errors.add("units", app::forms::reasons::TOO_FEW);
    }
    if !errors.0.is_empty() {
        return Err(AppError::Unprocessable(errors));
    }
    let mut tx = state.db.pool.begin().await?;
    sqlx::query("DELETE FROM procedure_units WHERE procedure_code = $1")
        .bind(&code)
        .execute(&mut *tx)
        .await?;
    for u in &change.units {
        sqlx::query("INSERT INTO procedure_units (procedure_code, unit_code, receives, processes) VALUES ($1, $2, $3, $4)")
            .bind(&code)
            .bind(&u.unit)
            .bind(i64::from(u.receives))
            .bind(i64::from(u.processes))
            .execute(&mut *tx)
            .await?;
    }
    crate::dossiers::steps::audit(&mut tx, &user, None, "set_procedure_units", "", &code).await?;
    tx.commit().await?;
    tracing::info!(user.id = user.user_id, procedure.code = %code, units = change.units.len(), "procedure units set");
    let mut now: Vec<UnitSummary> = routes_of(&state.db, &catalogue, &code)
        .await?
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    now.sort_by_cached_key(|u| app::text::fold(&u.name.vi));
    Ok(Json(now))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// `commune`, `province`, `centre` or `department`.
    pub level: Option<String>,
}

/// `GET /api/units`: the province's units in force, the province first,
/// then its centre and departments, then the communes by name.
#[utoipa::path(get, path = "/units", tag = "units", params(ListQuery), responses((status = 200, body = Vec<UnitSummary>), crate::contract::Errors))]
async fn list(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<UnitSummary>>, AppError> {
    let level = match q.level.as_deref().filter(|l| !l.is_empty()) {
        None => None,
        Some(l) => Some(
            UnitLevel::parse(l)
                .ok_or_else(|| AppError::invalid("level", app::forms::reasons::UNKNOWN_VALUE))?,
        ),
    };
    let mut units = in_force(&state.db).await?;
    units.retain(|u| level.is_none_or(|l| u.level == l));
    let rank = |l: UnitLevel| match l {
        UnitLevel::Province => 0,
        UnitLevel::Centre => 1,
        UnitLevel::Department => 2,
        UnitLevel::Commune => 3,
    };
    units.sort_by_cached_key(|u| (rank(u.level), app::text::fold(&u.name.vi)));
    Ok(Json(units))
}

/// `GET /api/units/{code}`: one unit, where and when to find it, and the
/// procedures it receives or decides.
#[utoipa::path(get, path = "/units/{code}", tag = "units", params(("code" = String, Path)), responses((status = 200, body = UnitDetail), crate::contract::Errors))]
async fn detail(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<UnitDetail>, AppError> {
    Ok(Json(detail_of(&state, &code).await?))
}

/// A unit with where and when to find it and what it serves, ended or not.
pub async fn detail_of(state: &AppState, code: &str) -> Result<UnitDetail, AppError> {
    let row = sqlx::query("SELECT code, name_vi, name_en, level, parent_code, address, phone, email, hours, valid_from, valid_to, merged_into, auto_assign FROM units WHERE code = $1")
        .bind(code)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let unit = summary(&row)?;
    let catalogue = state.catalogue();
    let procedures = served(&state.db, &catalogue, &unit).await?;
    Ok(UnitDetail {
        unit,
        address: row.try_get("address")?,
        phone: row.try_get("phone")?,
        email: row.try_get("email")?,
        hours: row.try_get("hours")?,
        auto_assign: row.try_get::<i64, _>("auto_assign")? != 0,
        valid_from: row.try_get("valid_from")?,
        valid_to: row.try_get("valid_to")?,
        merged_into: row.try_get("merged_into")?,
        procedures,
    })
}

/// `GET /api/procedures/{code}/units`: the units that take the
/// procedure's dossiers in (a commune procedure: every commune's People's
/// Committee; a provincial one: the service centre), for the person to
/// pick where they file. Empty when no unit of the province serves it.
#[utoipa::path(get, path = "/procedures/{code}/units", tag = "units", params(("code" = String, Path)), responses((status = 200, body = Vec<UnitSummary>), crate::contract::Errors))]
async fn receiving(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<Vec<UnitSummary>>, AppError> {
    let catalogue = state.catalogue();
    if catalogue.get(&code).is_none() {
        return Err(AppError::NotFound);
    }
    let mut units: Vec<UnitSummary> = routes_of(&state.db, &catalogue, &code)
        .await?
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    units.sort_by_cached_key(|u| app::text::fold(&u.name.vi));
    Ok(Json(units))
}
