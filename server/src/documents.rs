//! The personal document store (kho dữ liệu): uploads accepted by content, kept once by SHA-256, listed, previewed and reused in dossiers.

use crate::clock::system_secs as now_secs;
use crate::db::Db;
use crate::error::{ApiPath, ApiQuery, AppError};
use crate::identity::session::CurrentUser;
use crate::state::AppState;
use crate::tokens::random_token;
use app::dossiers::DocumentView;
use app::error::FieldErrors;
use app::identity::Role;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use sqlx::Row;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use utoipa_axum::{router::OpenApiRouter, routes};

pub mod content;
pub mod samples;

/// Where file contents live. Local disk today; an object store can
/// implement the same two calls.
pub trait BlobStore: Send + Sync {
    /// Stores `bytes` under their SHA-256 (hex); storing again is a no-op.
    fn put(&self, sha256: &str, bytes: &[u8]) -> std::io::Result<()>;
    fn get(&self, sha256: &str) -> std::io::Result<Vec<u8>>;
}

/// Files under `root/ab/abcdef…`, written to a temporary name then renamed,
/// so a crash never leaves half a file under a real name.
pub struct DiskBlobs {
    pub root: PathBuf,
}

impl DiskBlobs {
    fn path(&self, sha256: &str) -> PathBuf {
        self.root.join(&sha256[..2]).join(sha256)
    }
}

impl BlobStore for DiskBlobs {
    fn put(&self, sha256: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.path(sha256);
        if path.exists() {
            return Ok(());
        }
        std::fs::create_dir_all(path.parent().unwrap_or(&self.root))?;
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(tmp, path)
    }
    fn get(&self, sha256: &str) -> std::io::Result<Vec<u8>> {
        std::fs::read(self.path(sha256))
    }
}

pub use app::dossiers::UploadLimits as Limits;

const ACCEPTED: [&str; 3] = ["image/jpeg", "image/png", "application/pdf"];

/// Reasons an upload is refused (field `file`).
pub mod reasons {
    pub const EMPTY: &str = "empty";
    pub const TOO_LARGE: &str = "too_large";
    pub const NOT_ACCEPTED: &str = "not_accepted_type";
    pub const TYPE_MISMATCH: &str = "type_mismatch";
    pub const MALFORMED: &str = "malformed";
    pub const IN_USE: &str = "in_use";
    /// An image with more pixels than [`super::content::MAX_PIXELS`].
    pub const TOO_MANY_PIXELS: &str = "too_many_pixels";
    /// A PDF with JavaScript, a launch action or embedded files.
    pub const ACTIVE_CONTENT: &str = "active_content";
}

pub use content::sniff;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(limits))
        .routes(routes!(list, upload))
        .routes(routes!(remove))
        .routes(routes!(content))
}

#[utoipa::path(get, path = "/documents/limits", tag = "documents", responses((status = 200, body = Limits), crate::contract::Errors))]
async fn limits(State(state): State<AppState>) -> Json<Limits> {
    Json(state_limits(&state))
}

fn state_limits(state: &AppState) -> Limits {
    Limits {
        max_bytes: state.upload_max_bytes as u64,
        types: ACCEPTED.iter().map(|s| s.to_string()).collect(),
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct UploadParams {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
}

fn file_error(reason: &str) -> FieldErrors {
    FieldErrors::one("file", reason)
}

/// Who holds a store: applicants, and officers for the scans they make at
/// the counter, which pass to the person's store when the dossier is filed.
fn owner(user: &CurrentUser) -> Result<&CurrentUser, AppError> {
    user.require(&[Role::Individual, Role::Organisation, Role::Officer])
}

/// A file received and judged by its content, not yet stored.
pub struct Received {
    pub bytes: Bytes,
    /// What the bytes really are.
    pub media_type: &'static str,
    pub sha256: String,
    /// A photo's location was removed from the bytes as sent.
    pub location_removed: bool,
}

/// Reads an upload body up to the limit and judges it by content: the
/// one gate every file passes, the person's own and an officer's result.
pub async fn receive(
    state: &AppState,
    headers: &HeaderMap,
    body: Body,
) -> Result<Received, AppError> {
    let max = state.upload_max_bytes;
    // Refuse early when the length is announced, else stop reading at the limit.
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if announced.is_some_and(|n| n > max) {
        return Err(AppError::TooLarge(file_error(reasons::TOO_LARGE)));
    }
    let bytes: Bytes = axum::body::to_bytes(body, max)
        .await
        .map_err(|_| AppError::TooLarge(file_error(reasons::TOO_LARGE)))?;
    if bytes.is_empty() {
        return Err(AppError::Invalid(file_error(reasons::EMPTY)));
    }
    let claimed = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let checked = bytes.clone();
    // Parsing a PDF is CPU work on untrusted input: off the request threads.
    let (real, kept) = tokio::task::spawn_blocking(move || content::judge(&checked))
        .await
        .map_err(anyhow::Error::from)?
        .map_err(|r| AppError::Unprocessable(file_error(r)))?;
    let same_family = claimed == real || (claimed == "image/jpg" && real == "image/jpeg");
    if !claimed.is_empty() && claimed != "application/octet-stream" && !same_family {
        return Err(AppError::Unprocessable(file_error(reasons::TYPE_MISMATCH)));
    }
    // What follows a photo's end (a motion photo's video) is not kept: the
    // officer gets the photo, and no other file rides along inside it.
    let bytes = bytes.slice(..kept);
    // Where a photo was taken is nobody's business but the person's: it is
    // removed before the file is kept (and before its hash is taken, so the
    // same photo sent twice is still one document).
    let (bytes, location_removed) = match real {
        "image/jpeg" => match content::strip_location(&bytes) {
            Some(clean) => (Bytes::from(clean), true),
            None => (bytes, false),
        },
        _ => (bytes, false),
    };
    let sha256 = hex(&Sha256::digest(&bytes));
    Ok(Received {
        bytes,
        media_type: real,
        sha256,
        location_removed,
    })
}

/// Keeps the bytes, once for everybody who holds them.
pub async fn keep(
    db: &Db,
    blobs: &Arc<dyn BlobStore>,
    file: &Received,
    now: i64,
) -> anyhow::Result<()> {
    let blobs = blobs.clone();
    let (sha, data) = (file.sha256.clone(), file.bytes.clone());
    tokio::task::spawn_blocking(move || blobs.put(&sha, &data)).await??;
    sqlx::query("INSERT INTO blobs (sha256, size, media_type, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
        .bind(&file.sha256)
        .bind(file.bytes.len() as i64)
        .bind(file.media_type)
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// A kept file as it goes into a person's store.
pub struct NewDocument<'a> {
    pub user_id: i64,
    pub sha256: &'a str,
    pub kind: &'a str,
    pub file_name: &'a str,
    pub media_type: &'a str,
    pub size: i64,
}

/// Puts a kept file into a person's store (their uploads, and results
/// issued to them); the same bytes are one document. Returns its id.
pub async fn add_to_store(
    conn: &mut sqlx::AnyConnection,
    d: NewDocument<'_>,
) -> anyhow::Result<String> {
    sqlx::query("INSERT INTO documents (id, user_id, sha256, kind, file_name, media_type, size, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING")
        .bind(random_token())
        .bind(d.user_id)
        .bind(d.sha256)
        .bind(d.kind)
        .bind(d.file_name)
        .bind(d.media_type)
        .bind(d.size)
        .bind(now_secs())
        .execute(&mut *conn)
        .await?;
    // Either this insert or an earlier (or simultaneous) one of the same bytes.
    Ok(
        sqlx::query("SELECT id FROM documents WHERE user_id = $1 AND sha256 = $2")
            .bind(d.user_id)
            .bind(d.sha256)
            .fetch_one(&mut *conn)
            .await?
            .try_get("id")?,
    )
}

/// `POST /api/me/documents?name=&kind=`: the file is the request body.
/// The same bytes from the same person give back the same document.
#[utoipa::path(post, path = "/me/documents", tag = "documents", security(("session" = [], "csrf" = [])), params(UploadParams), request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The file itself (JPEG, PNG or PDF), judged by its content"), responses((status = 201, description = "Kept", body = DocumentView), (status = 200, description = "The same bytes were already in the store", body = DocumentView), crate::contract::Errors))]
async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(p): ApiQuery<UploadParams>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    owner(&user)?;
    let file = receive(&state, &headers, body).await?;
    let mut e = FieldErrors::default();
    let name = clean_name(&p.name, file.media_type);
    if p.kind.chars().count() > 300 {
        e.add("kind", app::forms::reasons::TOO_LONG);
    }
    e.into_result(()).map_err(AppError::Invalid)?;
    if let Some(id) = existing(&state.db, user.user_id, &file.sha256).await? {
        // The same bytes again: one document still, under the name given
        // this time (dossiers filed earlier keep the name they were filed with).
        sqlx::query("UPDATE documents SET file_name = $1, kind = CASE WHEN kind = '' THEN $2 ELSE kind END WHERE id = $3 AND user_id = $4")
            .bind(&name)
            .bind(p.kind.trim())
            .bind(&id)
            .bind(user.user_id)
            .execute(&state.db.pool)
            .await?;
        let mut doc = view(&state.db, user.user_id, &id).await?;
        doc.location_removed = file.location_removed;
        return Ok((StatusCode::OK, Json(doc)).into_response());
    }
    keep(&state.db, &state.blobs, &file, state.clock.now_secs()).await?;
    let mut conn = state.db.pool.acquire().await?;
    let id = add_to_store(
        &mut conn,
        NewDocument {
            user_id: user.user_id,
            sha256: &file.sha256,
            kind: p.kind.trim(),
            file_name: &name,
            media_type: file.media_type,
            size: file.bytes.len() as i64,
        },
    )
    .await?;
    drop(conn);
    let mut doc = view(&state.db, user.user_id, &id).await?;
    doc.location_removed = file.location_removed;
    Ok((StatusCode::CREATED, Json(doc)).into_response())
}

/// The extension of what a file really is.
fn extension(media_type: &str) -> &'static str {
    match media_type {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        _ => "pdf",
    }
}

/// A file name safe to show and to send back: no path, no control
/// characters, no bidirectional controls (which make `…U+202E fdp.exe` read
/// as `…exe.pdf`), at most 120 letters, with the extension of what it really is.
pub fn clean_name(name: &str, media_type: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let base: String = base
        .chars()
        .filter(|c| !c.is_control() && !app::identity::is_bidi_control(*c) && *c != '"')
        .take(120)
        .collect();
    let ext = extension(media_type);
    let stem = base
        .rsplit_once('.')
        .map_or(base.as_str(), |(s, _)| s)
        .trim();
    let stem = if stem.is_empty() { "tai-lieu" } else { stem };
    format!("{stem}.{ext}")
}

/// `inline` with the name twice: ASCII-folded for old clients and exact
/// (RFC 6266 `filename*`) for the rest; both end in the real extension
/// whatever the stored name says.
pub fn content_disposition(file_name: &str, media_type: &str) -> String {
    let clean = clean_name(file_name, media_type);
    // Letter by letter, so the tones go and the punctuation stays.
    let ascii: String = clean
        .chars()
        .flat_map(|c| {
            match c {
                'a'..='z' | 'A'..='Z' | '0'..='9' | ' ' | '.' | '-' | '_' | '(' | ')' => {
                    c.to_string()
                }
                c if c.is_alphabetic() => app::text::fold(&c.to_string())
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect(),
                _ => String::new(),
            }
            .chars()
            .collect::<Vec<_>>()
        })
        .collect();
    let ascii = clean_name(&ascii, media_type);
    let exact: String = clean
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("inline; filename=\"{ascii}\"; filename*=UTF-8''{exact}")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn existing(db: &Db, user_id: i64, sha: &str) -> anyhow::Result<Option<String>> {
    crate::db::user_text(
        db,
        "SELECT id FROM documents WHERE user_id = $1 AND sha256 = $2",
        user_id,
        sha,
    )
    .await
}

/// A row of `documents` as the store lists it.
#[derive(sqlx::FromRow)]
struct DocumentRow {
    id: String,
    kind: String,
    file_name: String,
    media_type: String,
    size: i64,
    created_at: i64,
}

/// A person's documents, newest first (`only`: just that one, or all when
/// empty), each with the dossiers it went with: two queries however many
/// documents there are.
async fn views(db: &Db, user_id: i64, only: &str) -> anyhow::Result<Vec<DocumentView>> {
    let rows: Vec<DocumentRow> = sqlx::query_as("SELECT id, kind, file_name, media_type, size, created_at FROM documents WHERE user_id = $1 AND ($2 = '' OR id = $2) ORDER BY created_at DESC, id")
        .bind(user_id)
        .bind(only)
        .fetch_all(&db.pool)
        .await?;
    let uses: Vec<(String, String)> = sqlx::query_as("SELECT dd.document_id, d.code FROM dossier_documents dd JOIN dossiers d ON d.id = dd.dossier_id WHERE d.user_id = $1 AND ($2 = '' OR dd.document_id = $2) ORDER BY d.code")
        .bind(user_id)
        .bind(only)
        .fetch_all(&db.pool)
        .await?;
    let mut used_in: std::collections::HashMap<String, Vec<String>> = Default::default();
    for (document, code) in uses {
        let codes = used_in.entry(document).or_default();
        // One dossier may use a document in two slots.
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| DocumentView {
            used_in: used_in.remove(&r.id).unwrap_or_default(),
            id: r.id,
            kind: r.kind,
            file_name: r.file_name,
            media_type: r.media_type,
            size: r.size,
            created_at: r.created_at,
            location_removed: false,
        })
        .collect())
}

async fn view(db: &Db, user_id: i64, id: &str) -> Result<DocumentView, AppError> {
    if id.is_empty() {
        return Err(AppError::NotFound);
    }
    views(db, user_id, id)
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// `GET /api/me/documents`: newest first.
#[utoipa::path(get, path = "/me/documents", tag = "documents", security(("session" = [])), responses((status = 200, body = Vec<DocumentView>), crate::contract::Errors))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<DocumentView>>, AppError> {
    owner(&user)?;
    Ok(Json(views(&state.db, user.user_id, "").await?))
}

/// The ids of a person's documents, for validating document slots.
pub async fn owned_ids(db: &Db, user_id: i64) -> anyhow::Result<HashSet<String>> {
    sqlx::query("SELECT id FROM documents WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok(r.try_get("id")?))
        .collect()
}

/// The file itself, for preview: never run as a page of the portal.
#[utoipa::path(get, path = "/me/documents/{id}/content", tag = "documents", security(("session" = [])), params(("id" = String, Path, description = "Document id")), responses((status = 200, description = "The file, shown but never run", content(("image/jpeg"), ("image/png"), ("application/pdf"))), crate::contract::Errors))]
async fn content(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, AppError> {
    let d = view(&state.db, user.user_id, &id).await?;
    let sha: String = sqlx::query("SELECT sha256 FROM documents WHERE id = $1")
        .bind(&id)
        .fetch_one(&state.db.pool)
        .await?
        .try_get("sha256")?;
    serve_file(&state, sha, &d.media_type, &d.file_name).await
}

/// Sends the kept file of a row holding its `sha256`, `media_type` and
/// `file_name`.
pub async fn serve_row(state: &AppState, row: &sqlx::any::AnyRow) -> Result<Response, AppError> {
    serve_file(
        state,
        row.try_get("sha256")?,
        &row.try_get::<String, _>("media_type")?,
        &row.try_get::<String, _>("file_name")?,
    )
    .await
}

/// Sends a kept file so that a browser shows it but never runs it.
pub async fn serve_file(
    state: &AppState,
    sha: String,
    media_type: &str,
    file_name: &str,
) -> Result<Response, AppError> {
    let blobs = state.blobs.clone();
    let bytes = tokio::task::spawn_blocking(move || blobs.get(&sha))
        .await
        .map_err(anyhow::Error::from)?
        .map_err(anyhow::Error::from)?;
    let mut res = Body::from(bytes).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(media_type).map_err(anyhow::Error::from)?,
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
        ),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    if let Ok(v) = HeaderValue::from_str(&content_disposition(file_name, media_type)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

/// `DELETE /api/me/documents/{id}`: only while no dossier uses it.
#[utoipa::path(delete, path = "/me/documents/{id}", tag = "documents", security(("session" = [], "csrf" = [])), params(("id" = String, Path, description = "Document id")), responses((status = 204, description = "Deleted"), crate::contract::Errors))]
async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, AppError> {
    owner(&user)?;
    let d = view(&state.db, user.user_id, &id).await?;
    if !d.used_in.is_empty() {
        return Err(AppError::Conflict(file_error(reasons::IN_USE)));
    }
    sqlx::query("DELETE FROM documents WHERE id = $1 AND user_id = $2")
        .bind(&id)
        .bind(user.user_id)
        .execute(&state.db.pool)
        .await?;
    // The blob stays: another person may hold the same bytes, and a
    // sweep of unreferenced blobs is an operator's job.
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_made_safe_and_honest() {
        assert_eq!(
            clean_name("../../etc/giay khai sinh.PNG", "image/jpeg"),
            "giay khai sinh.jpg"
        );
        assert_eq!(clean_name("", "application/pdf"), "tai-lieu.pdf");
        assert_eq!(
            clean_name("C:\\Users\\an\\CCCD mặt trước.jpg", "image/jpeg"),
            "CCCD mặt trước.jpg"
        );
    }

    #[test]
    fn bidirectional_controls_cannot_hide_an_extension() {
        let sent = "hoa-don\u{202E}fdp.exe";
        let name = clean_name(sent, "application/pdf");
        assert!(!name.contains('\u{202E}'));
        assert_eq!(name, "hoa-donfdp.pdf");
        let header = content_disposition("\u{202E}\u{2066}.pdf", "image/png");
        assert!(
            header.starts_with("inline; filename=\"tai-lieu.png\""),
            "{header}"
        );
        let header = content_disposition("Giấy khai sinh.jpg", "image/jpeg");
        assert!(
            header.contains("filename=\"Giay khai sinh.jpg\""),
            "{header}"
        );
        assert!(header.ends_with(".jpg"), "{header}");
    }

    #[test]
    fn content_decides_not_the_name() {
        assert_eq!(sniff(b"hello"), Err(reasons::NOT_ACCEPTED));
        assert_eq!(sniff(b"%PDF-1.4\n garbage"), Err(reasons::MALFORMED));
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Err(reasons::MALFORMED)
        );
        assert_eq!(sniff(b"GIF89a......"), Err(reasons::NOT_ACCEPTED));
    }
}
