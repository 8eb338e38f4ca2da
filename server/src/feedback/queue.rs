//! The unit's side of feedback: its queues, one feedback, and the documents the sender attached.

use super::*;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(officer_list))
        .routes(routes!(officer_one))
        .routes(routes!(attachment_content))
}

/// `GET /api/officer/feedback/{code}/attachments/{id}`: a document the
/// sender attached, for the unit's officers (each look audited, as for a
/// dossier's documents); shown, never run.
#[utoipa::path(get, path = "/officer/feedback/{code}/attachments/{id}", tag = "feedback", security(("session" = [])), params(("code" = String, Path), ("id" = String, Path, description = "Document id")), responses((status = 200, description = "The file, shown but never run", content(("image/jpeg"), ("image/png"), ("application/pdf"))), crate::contract::Errors))]
async fn attachment_content(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((code, doc)): ApiPath<(String, String)>,
) -> Result<axum::response::Response, AppError> {
    let r = handled_row(&state, &user, &code).await?;
    let row = sqlx::query("SELECT d.sha256, d.media_type, d.file_name FROM feedback_attachments a JOIN documents d ON d.id = a.document_id WHERE a.feedback_id = $1 AND d.id = $2")
        .bind(r.try_get::<i64, _>("id")?)
        .bind(&doc)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut conn = state.db.pool.acquire().await?;
    let code: String = r.try_get("code")?;
    crate::dossiers::steps::audit(
        &mut conn,
        &user,
        None,
        "feedback_view_document",
        &code,
        &doc,
    )
    .await?;
    drop(conn);
    crate::documents::serve_row(&state, &row).await
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct OfficerQueue {
    /// `open` (default: waiting on the unit), `new` (not yet taken up),
    /// `soon` (due within three days), `overdue`, `reopened` or `all`.
    #[serde(default)]
    pub queue: Option<String>,
}

/// The queues of the feedback page.
pub const QUEUES: [&str; 6] = ["open", "new", "soon", "overdue", "reopened", "all"];

/// `GET /api/officer/feedback?queue=`: what was routed to the officer's
/// units, by due day: open ones, new ones, those due within three days,
/// overdue, reopened, or all (the latest 200 of each).
#[utoipa::path(get, path = "/officer/feedback", tag = "feedback", security(("session" = [])), params(OfficerQueue), responses((status = 200, body = Vec<Feedback>), crate::contract::Errors))]
async fn officer_list(
    State(state): State<AppState>,
    user: CurrentUser,
    crate::error::ApiQuery(q): crate::error::ApiQuery<OfficerQueue>,
) -> Result<Json<Vec<Feedback>>, AppError> {
    user.require(&[Role::Officer])?;
    let queue = q.queue.unwrap_or_else(|| "open".to_owned());
    if !QUEUES.contains(&queue.as_str()) {
        return Err(AppError::invalid("queue", reasons::UNKNOWN_VALUE));
    }
    let today = crate::clock::vn_date(state.clock.now_secs());
    let soon = app::calendar::add_calendar_days(today, 3);
    // Which states are open is `State::is_open`, spelt out for SQL.
    let open: Vec<i64> = FeedbackState::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .map(FeedbackState::code)
        .collect();
    let open_sql = |i: usize| open.get(i).copied().unwrap_or(-1);
    let rows = sqlx::query(select_feedback!(
        "WHERE f.unit_code IN (SELECT unit_code FROM unit_grants WHERE user_id = $1) AND ($2 = 'all' OR (f.state IN ($3, $4, $5, $6, $7) AND ($2 = 'open' OR ($2 = 'new' AND f.state = $8) OR ($2 = 'soon' AND f.due_date >= $9 AND f.due_date <= $10) OR ($2 = 'overdue' AND f.due_date < $9) OR ($2 = 'reopened' AND f.reopened > 0)))) ORDER BY f.due_date, f.id LIMIT 200"
    ))
    .bind(user.user_id)
    .bind(&queue)
    .bind(open_sql(0))
    .bind(open_sql(1))
    .bind(open_sql(2))
    .bind(open_sql(3))
    .bind(open_sql(4))
    .bind(FeedbackState::Received.code())
    .bind(today.to_string())
    .bind(soon.to_string())
    .fetch_all(&state.db.pool)
    .await?;
    let mut viewers = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let unit: String = r.try_get("unit_code")?;
        let who = match viewers.get(&unit) {
            Some(w) => *w,
            None => {
                let w = officer_viewer(&state, &user, &unit).await?;
                viewers.insert(unit, w);
                w
            }
        };
        out.push(view(&state, r, who).await?);
    }
    Ok(Json(out))
}

/// `GET /api/officer/feedback/{code}`: one routed to the officer's units.
#[utoipa::path(get, path = "/officer/feedback/{code}", tag = "feedback", security(("session" = [])), params(("code" = String, Path)), responses((status = 200, body = Feedback), crate::contract::Errors))]
async fn officer_one(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<Feedback>, AppError> {
    let r = handled_row(&state, &user, &code).await?;
    officer_view(&state, &user, &r).await.map(Json)
}
