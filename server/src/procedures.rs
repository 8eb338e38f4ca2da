//! The procedure catalogue: search with facets, and each procedure's full record.

pub mod catalogue;
pub mod import;
pub mod index;
pub mod store;
pub mod synonyms;

use crate::error::{ApiQuery, AppError};
use crate::state::AppState;
use app::procedures::ProcedureDetail;
use app::search::{SearchParams, SearchQuery, SearchResponse};
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use catalogue::SearchError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/procedures", get(search_procedures))
        .route("/procedures/{code}", get(get_procedure))
}

/// `GET /api/procedures`: free text, filters, facets and paging.
async fn search_procedures(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<SearchResponse>, AppError> {
    let query = SearchQuery::parse(&params).map_err(AppError::Invalid)?;
    let catalogue = state.catalogue();
    match catalogue.search(&query) {
        Ok(r) => Ok(Json(r)),
        Err(SearchError::Invalid(f)) => Err(AppError::Invalid(f)),
        Err(SearchError::Internal(e)) => Err(AppError::Internal(e)),
    }
}

/// `GET /api/procedures/{code}`: everything a person needs before starting.
async fn get_procedure(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<ProcedureDetail>, AppError> {
    // Only catalogue codes reach the database; anything else cannot exist.
    if code.len() > 40 || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') {
        return Err(AppError::NotFound);
    }
    let detail = store::load_detail(&state.db, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    state.catalogue().record_view(&code);
    let db = state.db.clone();
    // Counting a view must never slow down or fail the page.
    tokio::spawn(async move {
        if let Err(e) = store::record_view(&db, &code).await {
            tracing::warn!(error = %e, "view not counted");
        }
    });
    Ok(Json(detail))
}
