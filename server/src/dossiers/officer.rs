//! The officers' workspace API: their agencies' queues, a dossier with the actions open now, the result upload, documents, their agency's ratings, and the audit log for administrators.

use super::queues;
use super::record::{self, Record};
use super::steps;
use crate::error::{ApiJson, ApiPath, ApiQuery, AppError};
use crate::identity::session::CurrentUser;
use crate::state::AppState;
use app::dossiers::{AuditEntry, Dossier, Queue, QueueName};
use app::identity::Role;
use app::lifecycle::{Actor, StepRequest};
use app::ratings::AgencySummary;
use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use sqlx::Row;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(queue))
        .routes(routes!(dossier))
        .routes(routes!(step))
        .routes(routes!(result_content, upload_result))
        .routes(routes!(document_content))
        .routes(routes!(dossier_qr))
        .routes(routes!(ratings))
        .routes(routes!(audit_log))
}

fn officer(user: &CurrentUser) -> Result<&CurrentUser, AppError> {
    user.require(&[Role::Officer])
}

/// A dossier of one of the officer's units (the one that took it in or
/// the one handling it), or 404: another unit's dossiers do not exist for
/// them. A dossier filed before units existed belongs to its agency.
pub(super) async fn handled(
    state: &AppState,
    user: &CurrentUser,
    code: &str,
) -> Result<Record, AppError> {
    officer(user)?;
    let rec = record::record_by_code(&state.db.pool, code)
        .await?
        .ok_or(AppError::NotFound)?;
    if may_see(user, &rec) {
        Ok(rec)
    } else {
        Err(AppError::NotFound)
    }
}

/// Whether an officer's grants reach a dossier.
pub fn may_see(user: &CurrentUser, rec: &Record) -> bool {
    match (&rec.unit_code, &rec.receiving_unit) {
        (None, None) => rec.agency_id.is_some_and(|a| user.agencies.contains(&a)),
        (unit, receiving) => [unit, receiving]
            .into_iter()
            .flatten()
            .any(|u| user.units.contains(u)),
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct QueueParams {
    #[serde(default)]
    queue: Option<QueueName>,
    /// A dossier code, or part of the applicant's name (with or without tones).
    #[serde(default)]
    q: String,
    /// The page, from 1.
    #[serde(default)]
    #[param(minimum = 1)]
    page: Option<u32>,
}

/// `GET /api/officer/dossiers?queue=&q=&page=`: every queue's count and
/// one page of the chosen queue, filtered, counted and paged by the database.
#[utoipa::path(get, path = "/officer/dossiers", tag = "officers", security(("session" = [])), params(QueueParams), responses((status = 200, body = Queue), crate::contract::Errors))]
async fn queue(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(p): ApiQuery<QueueParams>,
) -> Result<Json<Queue>, AppError> {
    officer(&user)?;
    if p.q.chars().count() > 100 {
        return Err(AppError::invalid("q", app::error::reasons::TOO_LONG));
    }
    let page = p.page.unwrap_or(1);
    if !(1..=10_000).contains(&page) {
        return Err(AppError::invalid("page", app::error::reasons::OUT_OF_RANGE));
    }
    let now = state.clock.now_secs();
    let ask = queues::Ask {
        officer: user.user_id,
        queue: p.queue.unwrap_or(QueueName::All),
        q: p.q.trim(),
        page,
        today: app::calendar::LocalDateTime::from_unix_seconds(now).date,
        clock_paused: state.processing.clock == app::lifecycle::SupplementClock::Pause,
    };
    // Closed dossiers older than a year leave the working lists.
    let (counts, records) = queues::queue(&state.db.pool, &ask, now - 365 * 86_400).await?;
    Ok(Json(Queue {
        counts,
        items: records
            .iter()
            .map(|r| r.officer_summary(&state.processing, now))
            .collect(),
        page,
        per_page: queues::PER_PAGE,
    }))
}

/// The dossier as its unit's officers see it, with whom it can be handed to.
pub(super) async fn shown(
    state: &AppState,
    user: &CurrentUser,
    rec: &Record,
) -> Result<Json<Dossier>, AppError> {
    let seen = record::Seen::now_in(state);
    let mut d = record::view(&state.db.pool, &seen, rec, Actor::Officer).await?;
    if counter_only(user, rec) {
        d.actions.retain(|a| counter_step(*a));
    }
    super::handover::options(state, user, rec, &mut d).await?;
    Ok(Json(d))
}

/// Whether the officer reaches the dossier only as the unit that took it
/// in (the service centre's counter for a department's dossier, or the
/// commune that passed it on): then they take it in and hand the result
/// back, and the handling unit does the rest.
fn counter_only(user: &CurrentUser, rec: &Record) -> bool {
    rec.unit_code
        .as_deref()
        .is_some_and(|u| user.role_in(u).is_none())
}

fn counter_step(a: app::lifecycle::Action) -> bool {
    use app::lifecycle::Action::*;
    matches!(a, Accept | Refuse | ReturnResult)
}

/// The receipt's QR code, for the officer who prints Form 01 at the counter.
#[utoipa::path(get, path = "/officer/dossiers/{code}/qr.svg", tag = "officers", security(("session" = [])), params(("code" = String, Path, description = "Dossier code")), responses((status = 200, description = "QR code of the public lookup address", content_type = "image/svg+xml", body = String), crate::contract::Errors))]
async fn dossier_qr(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
) -> Result<impl IntoResponse, AppError> {
    let rec = handled(&state, &user, &code).await?;
    super::applicant::qr_of(&state, &rec)
}

/// Opening a dossier is logged, once per officer and dossier in ten
/// minutes, so the applicant can see which unit looked at it and when.
async fn log_opened(state: &AppState, user: &CurrentUser, rec: &Record) -> anyhow::Result<()> {
    let mut conn = state.db.pool.acquire().await?;
    let recent = sqlx::query("SELECT 1 AS x FROM audit_log WHERE dossier_code = $1 AND actor_user_id = $2 AND action = 'view_dossier' AND at > $3")
        .bind(&rec.code)
        .bind(user.user_id)
        .bind(crate::clock::system_secs() - 600)
        .fetch_optional(&mut *conn)
        .await?;
    if recent.is_none() {
        steps::audit_dossier(&mut conn, user, rec, "view_dossier", "").await?;
    }
    Ok(())
}

/// `GET /api/officer/dossiers/{code}`
#[utoipa::path(get, path = "/officer/dossiers/{code}", tag = "officers", security(("session" = [])), params(("code" = String, Path, description = "Dossier code")), responses((status = 200, body = Dossier), crate::contract::Errors))]
async fn dossier(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<Dossier>, AppError> {
    let rec = handled(&state, &user, &code).await?;
    log_opened(&state, &user, &rec).await?;
    shown(&state, &user, &rec).await
}

/// `POST /api/officer/dossiers/{code}/steps`
#[utoipa::path(post, path = "/officer/dossiers/{code}/steps", tag = "officers", security(("session" = [], "csrf" = [])), params(("code" = String, Path, description = "Dossier code")), request_body = StepRequest, responses((status = 200, body = Dossier), crate::contract::Errors))]
async fn step(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<StepRequest>,
) -> Result<Json<Dossier>, AppError> {
    let rec = handled(&state, &user, &code).await?;
    if counter_only(&user, &rec) && !counter_step(req.action) {
        return Err(AppError::Conflict(app::error::FieldErrors::one(
            "action",
            app::lifecycle::reasons::NOT_YOURS,
        )));
    }
    steps::apply(&state, &user, Actor::Officer, &rec, &req).await?;
    let rec = handled(&state, &user, &code).await?;
    shown(&state, &user, &rec).await
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ResultParams {
    #[serde(default)]
    name: String,
}

/// `PUT /api/officer/dossiers/{code}/result?name=`: the result file (the
/// body), judged like any upload and kept until the dossier is finished.
#[utoipa::path(put, path = "/officer/dossiers/{code}/result", tag = "officers", security(("session" = [], "csrf" = [])), params(("code" = String, Path, description = "Dossier code"), ResultParams), request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The result file (JPEG, PNG or PDF)"), responses((status = 200, body = Dossier), crate::contract::Errors))]
async fn upload_result(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
    ApiQuery(p): ApiQuery<ResultParams>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Dossier>, AppError> {
    let rec = handled(&state, &user, &code).await?;
    if rec.status != app::dossiers::Status::Processing {
        return Err(AppError::Conflict(app::error::FieldErrors::one(
            "action",
            app::lifecycle::reasons::NOT_ALLOWED_NOW,
        )));
    }
    let file = crate::documents::receive(&state, &headers, body).await?;
    let now = state.clock.now_secs();
    crate::documents::keep(&state.db, &state.blobs, &file, now).await?;
    let name = crate::documents::clean_name(&p.name, file.media_type);
    let mut tx = state.db.pool.begin().await?;
    sqlx::query("DELETE FROM result_uploads WHERE dossier_id = $1")
        .bind(rec.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO result_uploads (dossier_id, sha256, file_name, media_type, size, uploaded_by, at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(rec.id)
        .bind(&file.sha256)
        .bind(&name)
        .bind(file.media_type)
        .bind(file.bytes.len() as i64)
        .bind(user.user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    steps::audit_dossier(
        &mut tx,
        &user,
        &rec,
        "upload_result",
        &format!("{} bytes {}", file.bytes.len(), file.media_type),
    )
    .await?;
    tx.commit().await?;
    shown(&state, &user, &rec).await
}

/// The staged (or issued) result file.
#[utoipa::path(get, path = "/officer/dossiers/{code}/result", tag = "officers", security(("session" = [])), params(("code" = String, Path, description = "Dossier code")), responses((status = 200, description = "The file, shown but never run", content(("image/jpeg"), ("image/png"), ("application/pdf"))), crate::contract::Errors))]
async fn result_content(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, AppError> {
    let rec = handled(&state, &user, &code).await?;
    if let Some((doc, sha)) = record::staged_result(&state.db.pool, rec.id).await? {
        return crate::documents::serve_file(&state, sha, &doc.media_type, &doc.file_name).await;
    }
    Err(AppError::NotFound)
}

/// A document the applicant submitted, for the officers handling it. Every
/// look is logged.
#[utoipa::path(get, path = "/officer/dossiers/{code}/documents/{id}", tag = "officers", security(("session" = [])), params(("code" = String, Path, description = "Dossier code"), ("id" = String, Path, description = "Document id")), responses((status = 200, description = "The file, shown but never run", content(("image/jpeg"), ("image/png"), ("application/pdf"))), crate::contract::Errors))]
async fn document_content(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((code, id)): ApiPath<(String, String)>,
) -> Result<Response, AppError> {
    let rec = handled(&state, &user, &code).await?;
    let row = sqlx::query("SELECT d.sha256, d.media_type, COALESCE(NULLIF(dd.file_name, ''), d.file_name) AS file_name FROM dossier_documents dd JOIN documents d ON d.id = dd.document_id WHERE dd.dossier_id = $1 AND d.id = $2")
        .bind(rec.id)
        .bind(&id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut conn = state.db.pool.acquire().await?;
    steps::audit_dossier(&mut conn, &user, &rec, "view_document", &id).await?;
    drop(conn);
    crate::documents::serve_row(&state, &row).await
}

/// `GET /api/officer/ratings`: how the officer's agencies are rated.
#[utoipa::path(get, path = "/officer/ratings", tag = "ratings", security(("session" = [])), responses((status = 200, body = Vec<AgencySummary>), crate::contract::Errors))]
async fn ratings(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<AgencySummary>>, AppError> {
    officer(&user)?;
    Ok(Json(
        crate::ratings::agency_summaries(&state.db.pool, user.user_id).await?,
    ))
}

/// `GET /api/admin/audit`: the latest officer actions, for administrators.
#[utoipa::path(get, path = "/admin/audit", tag = "officers", security(("session" = [])), responses((status = 200, body = Vec<AuditEntry>), crate::contract::Errors))]
async fn audit_log(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    user.require(&[Role::Administrator])?;
    let rows = sqlx::query("SELECT at, actor_name, action, dossier_code, detail FROM audit_log ORDER BY at DESC, id DESC LIMIT 500")
        .fetch_all(&state.db.pool)
        .await?;
    Ok(Json(
        rows.iter()
            .map(|r| -> anyhow::Result<AuditEntry> {
                Ok(AuditEntry {
                    at: r.try_get("at")?,
                    officer: r.try_get("actor_name")?,
                    action: r.try_get("action")?,
                    dossier: r.try_get("dossier_code")?,
                    detail: r.try_get("detail")?,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?,
    ))
}
