//! The procedure catalogue: search with facets, and each procedure's full record.

pub mod answers;
pub mod catalogue;
pub mod import;
pub mod index;
pub mod legal;
pub mod store;
pub mod synonyms;
pub mod views;

use crate::error::{ApiQuery, AppError};
use crate::state::AppState;
use answers::Encoding;
use app::procedures::ProcedureDetail;
use app::search::{SearchParams, SearchQuery, SearchResponse};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use axum::Json;
use catalogue::SearchError;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search_procedures))
        .routes(routes!(get_procedure))
        .routes(routes!(set_service_level))
        .routes(routes!(set_required_loa))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
struct RequiredLoaChange {
    required_loa: u8,
}

/// `PUT /api/admin/procedures/{code}/required-loa`: an administrator says
/// which identity level (1 or 2) a procedure needs; drafts and submissions
/// are checked against it from then on.
#[utoipa::path(put, path = "/admin/procedures/{code}/required-loa", tag = "procedures",
    params(("code" = String, Path, description = "Catalogue code")), request_body = RequiredLoaChange,
    security(("session" = [], "csrf" = [])),
    responses((status = 200, body = ProcedureDetail), crate::contract::Errors))]
async fn set_required_loa(
    State(state): State<AppState>,
    user: crate::identity::session::CurrentUser,
    crate::error::ApiPath(code): crate::error::ApiPath<String>,
    crate::error::ApiJson(change): crate::error::ApiJson<RequiredLoaChange>,
) -> Result<Json<ProcedureDetail>, AppError> {
    user.require(&[app::identity::Role::Administrator])?;
    if !(1..=2).contains(&change.required_loa) {
        return Err(AppError::unprocessable(
            "required_loa",
            app::error::reasons::OUT_OF_RANGE,
        ));
    }
    if !store::set_required_loa(&state.db, &code, change.required_loa).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(user.id = user.user_id, procedure.code = %code, required_loa = change.required_loa, "identity level set");
    state.refresh_catalogue().await?;
    store::load_detail(&state.db, &code)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
struct ServiceLevelChange {
    service_level: String,
}

/// `PUT /api/admin/procedures/{code}/service-level`: an administrator
/// corrects the seeded online service level; search follows at once.
#[utoipa::path(put, path = "/admin/procedures/{code}/service-level", tag = "procedures",
    params(("code" = String, Path, description = "Catalogue code")), request_body = ServiceLevelChange,
    security(("session" = [], "csrf" = [])),
    responses((status = 200, body = ProcedureDetail), crate::contract::Errors))]
async fn set_service_level(
    State(state): State<AppState>,
    user: crate::identity::session::CurrentUser,
    code: Result<Path<String>, PathRejection>,
    crate::error::ApiJson(change): crate::error::ApiJson<ServiceLevelChange>,
) -> Result<Json<ProcedureDetail>, AppError> {
    let Ok(Path(code)) = code else {
        return Err(AppError::NotFound);
    };
    user.require(&[app::identity::Role::Administrator])?;
    let level = app::procedures::ServiceLevel::parse(&change.service_level).ok_or_else(|| {
        AppError::Unprocessable(field_error(
            "service_level",
            app::error::reasons::UNKNOWN_VALUE,
        ))
    })?;
    if !store::set_service_level(&state.db, &code, level).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(user.id = user.user_id, procedure.code = %code, service_level = level.as_str(), "service level corrected");
    state.refresh_catalogue().await?;
    store::load_detail(&state.db, &code)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

fn field_error(field: &str, reason: &str) -> app::error::FieldErrors {
    let mut f = app::error::FieldErrors::default();
    f.add(field, reason);
    f
}

/// `GET /api/procedures`: free text, filters, facets and paging.
#[utoipa::path(get, path = "/procedures", tag = "procedures", params(SearchParams),
    responses((status = 200, body = SearchResponse), crate::contract::Errors))]
async fn search_procedures(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Response, AppError> {
    let query = SearchQuery::parse(&params).map_err(AppError::Invalid)?;
    let catalogue = state.catalogue();
    // The same question (the same query string) has the same answer for
    // everybody until the catalogue changes.
    let key = format!("search?{}", uri.query().unwrap_or(""));
    catalogue
        .answers
        .answer(&key, Encoding::accepted(&headers), || {
            match catalogue.search(&query) {
                Ok(r) => Ok(r),
                Err(SearchError::Invalid(f)) => Err(AppError::Invalid(f)),
                Err(SearchError::Internal(e)) => Err(AppError::Internal(e)),
            }
        })
}

/// `GET /api/procedures/{code}`: everything a person needs before starting.
#[utoipa::path(get, path = "/procedures/{code}", tag = "procedures",
    params(("code" = String, Path, description = "Catalogue code, e.g. 1.001193")),
    responses((status = 200, body = ProcedureDetail), crate::contract::Errors))]
async fn get_procedure(
    State(state): State<AppState>,
    headers: HeaderMap,
    code: Result<Path<String>, PathRejection>,
) -> Result<Response, AppError> {
    // A code that is not even text (bad percent-encoding) names nothing.
    let Ok(Path(code)) = code else {
        return Err(AppError::NotFound);
    };
    // Only catalogue codes reach the database; anything else cannot exist.
    if code.len() > 40 || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') {
        return Err(AppError::NotFound);
    }
    let catalogue = state.catalogue();
    let (key, enc) = (format!("record/{code}"), Encoding::accepted(&headers));
    let body = match catalogue.answers.get(&key, enc) {
        Some(body) => body,
        None => {
            let detail: ProcedureDetail = store::load_detail(&state.db, &code)
                .await?
                .ok_or(AppError::NotFound)?;
            let body = enc
                .encode(&serde_json::to_vec(&detail).map_err(anyhow::Error::from)?)
                .map_err(anyhow::Error::from)?;
            catalogue.answers.put(&key, enc, body.clone());
            body
        }
    };
    // A view counts whether or not the answer was kept; it is written to
    // the database later, in a batch (`views::flush`).
    catalogue.record_view(&code);
    state.views.count(&code);
    Ok(answers::respond(enc, body))
}
