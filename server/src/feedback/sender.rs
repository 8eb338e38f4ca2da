//! The sender's side of feedback: sending (routed to the responsible unit without the sender knowing who that is, with a code and a due day) and reading their own.

use super::*;
use app::feedback::NewFeedback;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, send))
        .routes(routes!(one))
}

/// The unit a feedback goes to, and its name then.
pub(super) struct Route {
    pub(super) unit: String,
    name: String,
    dossier_id: Option<i64>,
    /// A dossier's procedure: feedback on its handling is about it too.
    procedure: Option<String>,
}

/// The province's coordinating office: its People's Committee, which
/// re-routes what it cannot answer itself.
/// One indexed read: every officer's read and step asks it.
pub(super) async fn coordinating_office(state: &AppState) -> Result<Route, AppError> {
    let office = sqlx::query(
        "SELECT code, name_vi FROM units WHERE level = 'province' AND valid_to IS NULL ORDER BY code LIMIT 1",
    )
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or_else(|| anyhow::anyhow!("the province has no People's Committee unit"))?;
    Ok(Route {
        unit: office.try_get("code")?,
        name: office.try_get("name_vi")?,
        dossier_id: None,
        procedure: None,
    })
}

/// Routes a feedback without the sender knowing who is responsible: the
/// unit handling their dossier; else the unit that takes the procedure in
/// in their commune (or the only one); else the unit named; else the
/// coordinating office. Each thing named must exist (and a dossier be
/// theirs), else the field is refused.
async fn route(
    state: &AppState,
    user: &CurrentUser,
    f: &NewFeedback,
    errors: &mut FieldErrors,
) -> Result<Option<Route>, AppError> {
    if let Some(code) = f
        .dossier
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        let rec = crate::dossiers::record::record_by_code(&state.db.pool, &code.to_uppercase())
            .await?
            .filter(|r| r.user_id == user.user_id);
        return Ok(match rec {
            None => {
                errors.add("dossier", reasons::UNKNOWN_VALUE);
                None
            }
            Some(r) => match r.unit_code.clone().or(r.receiving_unit.clone()) {
                Some(unit) => Some(Route {
                    unit,
                    name: r.unit_label().to_owned(),
                    dossier_id: Some(r.id),
                    procedure: Some(r.procedure_code.clone()),
                }),
                None => Some(Route {
                    dossier_id: Some(r.id),
                    procedure: Some(r.procedure_code.clone()),
                    ..coordinating_office(state).await?
                }),
            },
        });
    }
    if let Some(code) = f
        .procedure
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        let catalogue = state.catalogue();
        if catalogue.get(code).is_none() {
            errors.add("procedure", reasons::UNKNOWN_VALUE);
            return Ok(None);
        }
        let routes = crate::units::routes_of(&state.db, &catalogue, code).await?;
        let commune = f
            .commune
            .as_deref()
            .map(|c| crate::units::commune_unit(c.trim()));
        let chosen = match routes.as_slice() {
            [only] => Some(only.0.clone()),
            many => many
                .iter()
                .find(|(r, _)| Some(&r.code) == commune.as_ref())
                .map(|(r, _)| r.clone()),
        };
        return Ok(Some(match chosen {
            Some(u) => Route {
                unit: u.code,
                name: u.name.vi,
                dossier_id: None,
                procedure: None,
            },
            None => coordinating_office(state).await?,
        }));
    }
    if let Some(code) = f.unit.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        return Ok(match crate::units::one_in_force(&state.db, code).await? {
            Some((name, _)) => Some(Route {
                unit: code.to_owned(),
                name,
                dossier_id: None,
                procedure: None,
            }),
            None => {
                errors.add("unit", reasons::UNKNOWN_VALUE);
                None
            }
        });
    }
    Ok(Some(coordinating_office(state).await?))
}

/// `POST /api/me/feedback`: sends a report or a proposal. It is routed to
/// the responsible unit and answered by a day in working days from receipt
/// (`FEEDBACK_DAYS_REPORT`, `FEEDBACK_DAYS_PROPOSAL`); the same key always
/// answers with the same feedback.
#[utoipa::path(post, path = "/me/feedback", tag = "feedback", security(("session" = [], "csrf" = [])), request_body = NewFeedback, responses((status = 201, description = "Received", body = Feedback), (status = 200, description = "Already sent with this key", body = Feedback), crate::contract::Errors))]
async fn send(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(f): ApiJson<NewFeedback>,
) -> Result<impl IntoResponse, AppError> {
    sender(&user)?;
    let key = f.idempotency_key.trim();
    if key.len() < 16 || key.len() > 100 {
        return Err(AppError::invalid("idempotency_key", reasons::UNKNOWN_VALUE));
    }
    let sent: Option<String> =
        sqlx::query_scalar("SELECT code FROM feedback WHERE user_id = $1 AND idempotency_key = $2")
            .bind(user.user_id)
            .bind(key)
            .fetch_optional(&state.db.pool)
            .await?;
    if let Some(code) = sent {
        return Ok((StatusCode::OK, Json(own(&state, &user, &code).await?)));
    }
    let now = state.clock.now_secs();
    let recent: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM feedback WHERE user_id = $1 AND received_at > $2")
            .bind(user.user_id)
            .bind(now - 86_400)
            .fetch_one(&state.db.pool)
            .await?;
    if recent >= i64::from(state.processing.feedback_per_day) {
        return Err(AppError::RateLimited);
    }
    let mut e = FieldErrors::default();
    let kind = Kind::parse(f.kind.trim());
    if kind.is_none() {
        e.add("kind", reasons::UNKNOWN_VALUE);
    }
    let (title, content) = (f.title.trim(), f.content.trim());
    for (field, value, max) in [
        ("title", title, app::feedback::TITLE_MAX),
        ("content", content, app::feedback::CONTENT_MAX),
    ] {
        if value.is_empty() {
            e.add(field, reasons::REQUIRED);
        } else if value.chars().count() > max {
            e.add(field, reasons::TOO_LONG);
        } else if value
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            // A NUL or another control character: no text a person types.
            e.add(field, reasons::UNKNOWN_VALUE);
        }
    }
    if f.attachments.len() > app::feedback::ATTACHMENTS_MAX {
        e.add("attachments", reasons::TOO_MANY);
    } else {
        let owned = crate::documents::owned_ids(&state.db, user.user_id).await?;
        if f.attachments.iter().any(|d| !owned.contains(d)) {
            e.add("attachments", reasons::UNKNOWN_DOCUMENT);
        }
    }
    let route = route(&state, &user, &f, &mut e).await?;
    if !e.is_empty() {
        return Err(AppError::Unprocessable(e));
    }
    let (kind, route) = (kind.expect("checked"), route.expect("checked"));
    let procedure = f
        .procedure
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .or(route.procedure.as_deref());
    let field = procedure
        .and_then(|p| {
            state
                .catalogue()
                .get(p)
                .map(|e| e.summary.field.slug.clone())
        })
        .unwrap_or_default();
    let days = match kind {
        Kind::Report => state.processing.feedback_days.0,
        Kind::Proposal => state.processing.feedback_days.1,
    };
    let local = app::calendar::LocalDateTime::from_unix_seconds(now);
    let due = app::calendar::due_date(local, days, state.dossier_settings.cutoff);
    let today = local.date;
    let day = format!("{:04}{:02}{:02}", today.year(), today.month(), today.day());
    let mut tx = state.db.pool.begin().await?;
    let n = crate::dossiers::applicant::next_number(&mut tx, "PAKN", &day).await?;
    let code = app::feedback::code(today, u32::try_from(n).unwrap_or(u32::MAX));
    let inserted = sqlx::query("INSERT INTO feedback (code, user_id, kind, title, content, dossier_id, procedure_code, unit_code, unit_name, state, publish, received_at, due_date, idempotency_key, updated_at, field) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $12, $15) ON CONFLICT DO NOTHING RETURNING id")
        .bind(&code)
        .bind(user.user_id)
        .bind(kind.as_str())
        .bind(title)
        .bind(content)
        .bind(route.dossier_id)
        .bind(procedure)
        .bind(&route.unit)
        .bind(&route.name)
        .bind(FeedbackState::Received.code())
        .bind(i64::from(f.publish))
        .bind(now)
        .bind(due.to_string())
        .bind(key)
        .bind(&field)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(row) = inserted else {
        // The same key won a race with this request.
        tx.rollback().await?;
        let code: String = sqlx::query_scalar(
            "SELECT code FROM feedback WHERE user_id = $1 AND idempotency_key = $2",
        )
        .bind(user.user_id)
        .bind(key)
        .fetch_one(&state.db.pool)
        .await?;
        return Ok((StatusCode::OK, Json(own(&state, &user, &code).await?)));
    };
    let id: i64 = row.try_get("id")?;
    for doc in &f.attachments {
        sqlx::query("INSERT INTO feedback_attachments (feedback_id, document_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(id)
            .bind(doc)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("INSERT INTO feedback_events (feedback_id, at, state, action, actor_user_id, actor_unit) VALUES ($1, $2, $3, 'received', $4, '')")
        .bind(id)
        .bind(now)
        .bind(FeedbackState::Received.code())
        .bind(user.user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(feedback = %code, unit = %route.unit, "feedback received");
    Ok((StatusCode::CREATED, Json(own(&state, &user, &code).await?)))
}

/// `GET /api/me/feedback`: what the person sent, newest first.
#[utoipa::path(get, path = "/me/feedback", tag = "feedback", security(("session" = [])), responses((status = 200, body = Vec<Feedback>), crate::contract::Errors))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<Feedback>>, AppError> {
    sender(&user)?;
    let rows = sqlx::query(select_feedback!(
        "WHERE f.user_id = $1 ORDER BY f.received_at DESC, f.id DESC"
    ))
    .bind(user.user_id)
    .fetch_all(&state.db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(view(&state, r, Viewer::Sender).await?);
    }
    Ok(Json(out))
}

/// `GET /api/me/feedback/{code}`: one of the person's own.
#[utoipa::path(get, path = "/me/feedback/{code}", tag = "feedback", security(("session" = [])), params(("code" = String, Path, description = "PAKN.YYYYMMDD.NNNN")), responses((status = 200, body = Feedback), crate::contract::Errors))]
async fn one(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<Feedback>, AppError> {
    sender(&user)?;
    own(&state, &user, &code).await.map(Json)
}
