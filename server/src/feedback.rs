//! Feedback and petitions (phản ánh, kiến nghị): a signed-in person sends one about a dossier, a procedure, a unit or in general; it is routed to the responsible unit with a code and a due date in working days.

use crate::error::{ApiJson, ApiPath, AppError};
use crate::identity::session::CurrentUser;
use crate::state::AppState;
use app::error::FieldErrors;
use app::feedback::{
    Attachment, By, Event, Feedback, Kind, NewFeedback, Once, RefusalReason,
    State as FeedbackState, Step, StepRequest,
};
use app::forms::reasons;
use app::identity::Role;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use sqlx::Row;
use utoipa_axum::{router::OpenApiRouter, routes};

pub mod publication;
pub mod redact;
pub mod settings;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, send))
        .routes(routes!(one))
        .routes(routes!(sender_step))
        .routes(routes!(officer_list))
        .routes(routes!(officer_one))
        .routes(routes!(officer_step))
        .routes(routes!(attachment_content))
        .merge(publication::router())
        .merge(settings::router())
}

/// Days after an answer in which the sender may say it did not resolve
/// the matter (once).
const REOPEN_DAYS: i64 = 7;

/// Who may send: people and organisations, from their national account.
fn sender(user: &CurrentUser) -> Result<&CurrentUser, AppError> {
    user.require(&[Role::Individual, Role::Organisation])
}

/// The unit a feedback goes to, and its name then.
struct Route {
    unit: String,
    name: String,
    dossier_id: Option<i64>,
    /// A dossier's procedure: feedback on its handling is about it too.
    procedure: Option<String>,
}

/// The province's coordinating office: its People's Committee, which
/// re-routes what it cannot answer itself.
/// One indexed read: every officer's read and step asks it.
async fn coordinating_office(state: &AppState) -> Result<Route, AppError> {
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

/// The answer's due day once the sender gave the information asked for at
/// `asked`, as the operator chose (`FEEDBACK_INFO_CLOCK`): paused (the
/// working days the sender held it are added), running on, or restarted
/// in full from now.
fn due_after_info(state: &AppState, due: &str, asked: i64, now: i64, days: u32) -> String {
    use app::calendar::{add_working_days, working_days_between, Date, LocalDateTime};
    use app::lifecycle::SupplementClock;
    let Ok(current) = Date::parse(due) else {
        return due.to_owned();
    };
    let day = |t: i64| LocalDateTime::from_unix_seconds(t).date;
    match state.processing.feedback_info_clock {
        SupplementClock::Continue => current,
        SupplementClock::Pause => {
            let held = working_days_between(day(asked), day(now)).max(0);
            add_working_days(current, u32::try_from(held).unwrap_or(0))
        }
        SupplementClock::Restart => app::calendar::due_date(
            LocalDateTime::from_unix_seconds(now),
            days,
            state.dossier_settings.cutoff,
        ),
    }
    .to_string()
}

/// The state kept in row `r` (of `feedback` or `feedback_events`).
pub(crate) fn stored_state(r: &sqlx::any::AnyRow) -> anyhow::Result<FeedbackState> {
    FeedbackState::from_code(r.try_get("state")?)
        .ok_or_else(|| anyhow::anyhow!("unknown feedback state in the database"))
}

/// A feedback as `who` sees it: the sender, or an officer of its unit,
/// who also sees who sent it and an answer waiting for approval (the
/// sender sees that as in progress).
async fn view(state: &AppState, r: &sqlx::any::AnyRow, who: Viewer) -> anyhow::Result<Feedback> {
    let id: i64 = r.try_get("id")?;
    let stored = stored_state(r)?;
    let once = once_of(r)?;
    let officer = who.by() == By::Unit;
    let shown = |s: FeedbackState| match s {
        FeedbackState::AwaitingApproval if !officer => FeedbackState::InProgress,
        s => s,
    };
    let events = sqlx::query("SELECT at, state, action, actor_unit, note, to_unit FROM feedback_events WHERE feedback_id = $1 ORDER BY at, id")
        .bind(id)
        .fetch_all(&state.db.pool)
        .await?
        .iter()
        .map(|e| -> anyhow::Result<Event> {
            Ok(Event {
                at: e.try_get("at")?,
                state: shown(stored_state(e)?),
                action: e.try_get("action")?,
                unit: e.try_get("actor_unit")?,
                note: e.try_get("note")?,
                to_unit: e.try_get("to_unit")?,
            })
        })
        .filter(|e| {
            officer
                || e.as_ref().map_or(true, |e| {
                    !["propose", "return"].contains(&e.action.as_str())
                })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Feedback {
        code: r.try_get("code")?,
        kind: Kind::parse(&r.try_get::<String, _>("kind")?)
            .ok_or_else(|| anyhow::anyhow!("unknown feedback kind in the database"))?,
        title: r.try_get("title")?,
        content: r.try_get("content")?,
        state: shown(stored),
        unit: r.try_get("unit_name")?,
        unit_code: r.try_get("unit_code")?,
        received_at: r.try_get("received_at")?,
        due_date: r.try_get("due_date")?,
        dossier: r.try_get("dossier_code")?,
        procedure: r.try_get("procedure_code")?,
        publish: r.try_get::<i64, _>("publish")? != 0,
        attachments: attachments(state, id).await?,
        answer: r.try_get("answer")?,
        refusal: RefusalReason::parse(&r.try_get::<String, _>("refusal")?),
        duplicate_of: r.try_get("duplicate_of")?,
        reopened: once.reopened,
        satisfied: r.try_get::<Option<i64>, _>("rating")?.map(|v| v != 0),
        rating_note: r.try_get("rating_note")?,
        draft_answer: if officer {
            r.try_get("draft_answer")?
        } else {
            String::new()
        },
        published_at: r.try_get("published_at")?,
        sender: if officer {
            r.try_get("sender_name")?
        } else {
            String::new()
        },
        steps: Step::ALL
            .into_iter()
            .filter(|s| who.may(*s) && s.target(stored, once).is_some())
            .collect(),
        events,
    })
}

/// A feedback as the officer looking at it sees it.
async fn officer_view(
    state: &AppState,
    user: &CurrentUser,
    r: &sqlx::any::AnyRow,
) -> Result<Feedback, AppError> {
    let who = officer_viewer(state, user, &r.try_get::<String, _>("unit_code")?).await?;
    Ok(view(state, r, who).await?)
}

/// A feedback's select, with its dossier's code and its sender's name;
/// `$rest` says which.
macro_rules! select_feedback {
    ($rest:literal) => {
        concat!("SELECT f.id, f.code, f.kind, f.title, f.content, f.state, f.unit_code, f.unit_name, f.received_at, f.due_date, d.code AS dossier_code, f.procedure_code, f.publish, f.answer, f.answered_at, f.refusal, f.duplicate_of, f.reopened, f.info_asked, f.user_id, f.rating, f.rating_note, f.rated_at, f.draft_answer, f.draft_by, f.version, f.field, p.published_at, u.full_name AS sender_name FROM feedback f LEFT JOIN dossiers d ON d.id = f.dossier_id LEFT JOIN feedback_published p ON p.feedback_id = f.id JOIN users u ON u.id = f.user_id ", $rest)
    };
}

async fn attachments(state: &AppState, id: i64) -> anyhow::Result<Vec<Attachment>> {
    sqlx::query("SELECT a.document_id, d.file_name FROM feedback_attachments a JOIN documents d ON d.id = a.document_id WHERE a.feedback_id = $1 ORDER BY a.document_id")
        .bind(id)
        .fetch_all(&state.db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Attachment {
                id: r.try_get("document_id")?,
                file_name: r.try_get("file_name")?,
            })
        })
        .collect()
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
    crate::documents::serve_file(
        &state,
        row.try_get("sha256")?,
        &row.try_get::<String, _>("media_type")?,
        &row.try_get::<String, _>("file_name")?,
    )
    .await
}

async fn own_row(
    state: &AppState,
    user: &CurrentUser,
    code: &str,
) -> Result<sqlx::any::AnyRow, AppError> {
    sqlx::query(select_feedback!("WHERE f.code = $1 AND f.user_id = $2"))
        .bind(code.trim().to_uppercase())
        .bind(user.user_id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// One of the sender's own feedback, or 404.
async fn own(state: &AppState, user: &CurrentUser, code: &str) -> Result<Feedback, AppError> {
    let r = own_row(state, user, code).await?;
    Ok(view(state, &r, Viewer::Sender).await?)
}

/// A feedback routed to one of the officer's units, or 404: another unit's
/// does not exist for them.
async fn handled_row(
    state: &AppState,
    user: &CurrentUser,
    code: &str,
) -> Result<sqlx::any::AnyRow, AppError> {
    user.require(&[Role::Officer])?;
    let r = sqlx::query(select_feedback!("WHERE f.code = $1"))
        .bind(code.trim().to_uppercase())
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let unit: String = r.try_get("unit_code")?;
    if user.role_in(&unit).is_none() {
        return Err(AppError::NotFound);
    }
    Ok(r)
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

/// Who is looking at a feedback, and what that lets them do beyond what
/// the machine allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Viewer {
    Sender,
    Officer {
        /// A leader of the unit it is at.
        leader: bool,
        /// The unit's answers need a leader's approval.
        approval: bool,
        /// The unit is the province's coordinating office, which re-routes.
        coordinating: bool,
    },
}

impl Viewer {
    fn by(self) -> By {
        match self {
            Viewer::Sender => By::Sender,
            Viewer::Officer { .. } => By::Unit,
        }
    }

    /// Whether `step` is theirs to take: where approval is required only
    /// a leader answers (others propose), only a leader approves or
    /// returns, and only the coordinating office re-routes.
    fn may(self, step: Step) -> bool {
        match self {
            Viewer::Sender => step.by() == By::Sender,
            Viewer::Officer {
                leader,
                approval,
                coordinating,
            } => {
                step.by() == By::Unit
                    && match step {
                        Step::Answer => !approval || leader,
                        Step::Propose => approval && !leader,
                        Step::Approve | Step::Return => leader,
                        Step::Reroute => coordinating,
                        _ => true,
                    }
            }
        }
    }
}

/// What an officer may do with a feedback at `unit`.
async fn officer_viewer(
    state: &AppState,
    user: &CurrentUser,
    unit: &str,
) -> Result<Viewer, AppError> {
    let approval: Option<i64> =
        sqlx::query_scalar("SELECT feedback_approval FROM units WHERE code = $1")
            .bind(unit)
            .fetch_optional(&state.db.pool)
            .await?;
    Ok(Viewer::Officer {
        leader: user.role_in(unit) == Some(app::units::UnitRole::Leader),
        approval: approval.unwrap_or(0) != 0,
        coordinating: coordinating_office(state).await?.unit == unit,
    })
}

/// The once-only facts of a stored feedback.
fn once_of(r: &sqlx::any::AnyRow) -> Result<Once, sqlx::Error> {
    Ok(Once {
        asked: r.try_get::<i64, _>("info_asked")? != 0,
        reopened: r.try_get::<i64, _>("reopened")? != 0,
        rated: r.try_get::<Option<i64>, _>("rating")?.is_some(),
    })
}

/// The steps that need a note, and what the note is to them.
fn needs_note(step: Step) -> bool {
    matches!(
        step,
        Step::Refuse
            | Step::RequestInfo
            | Step::GiveInfo
            | Step::Answer
            | Step::Propose
            | Step::Return
            | Step::Reroute
            | Step::Reopen
    )
}

/// Takes `req` on the feedback of row `r` as `who`; every rule of the
/// step is checked here (the machine in `app::feedback`, the once-only
/// rules, the notes a step needs, who may take it), each problem named at
/// its field. The sender is told of every step the unit takes.
async fn take_step(
    state: &AppState,
    user: &CurrentUser,
    r: &sqlx::any::AnyRow,
    req: &StepRequest,
    who: Viewer,
) -> Result<(), AppError> {
    let id: i64 = r.try_get("id")?;
    let from = stored_state(r)?;
    if req.step.by() != who.by() {
        return Err(AppError::Forbidden);
    }
    let not_now = || {
        AppError::Conflict(FieldErrors::one(
            "step",
            app::lifecycle::reasons::NOT_ALLOWED_NOW,
        ))
    };
    let Some(to) = req.step.target(from, once_of(r)?) else {
        return Err(not_now());
    };
    if !who.may(req.step) {
        return Err(not_now());
    }
    let now = state.clock.now_secs();
    let note = req.note.trim();
    let mut e = FieldErrors::default();
    if note.chars().count() > app::feedback::CONTENT_MAX {
        e.add("note", reasons::TOO_LONG);
    }
    if needs_note(req.step) && note.is_empty() {
        e.add("note", reasons::REQUIRED);
    }
    // What the step changes, starting from what is stored.
    let mut answer: String = r.try_get("answer")?;
    let mut answered_at: Option<i64> = r.try_get("answered_at")?;
    let mut refusal: String = r.try_get("refusal")?;
    let mut duplicate_of: String = r.try_get("duplicate_of")?;
    let mut draft: String = r.try_get("draft_answer")?;
    let mut draft_by: Option<i64> = r.try_get("draft_by")?;
    let mut rating: Option<i64> = r.try_get("rating")?;
    let mut rating_note: String = r.try_get("rating_note")?;
    let mut rated_at: Option<i64> = r.try_get("rated_at")?;
    let mut unit_code: String = r.try_get("unit_code")?;
    let mut unit_name: String = r.try_get("unit_name")?;
    let mut due_date: String = r.try_get("due_date")?;
    let acting_unit = unit_name.clone();
    let mut to_unit = String::new();
    match req.step {
        Step::Refuse => match req.reason {
            None => e.add("reason", reasons::REQUIRED),
            Some(reason) => {
                refusal = reason.as_str().to_owned();
                if reason == RefusalReason::Duplicate {
                    let other = req.duplicate_of.trim().to_uppercase();
                    let exists: Option<String> = sqlx::query_scalar(
                        "SELECT code FROM feedback WHERE code = $1 AND id <> $2",
                    )
                    .bind(&other)
                    .bind(id)
                    .fetch_optional(&state.db.pool)
                    .await?;
                    match exists {
                        Some(c) => duplicate_of = c,
                        None => e.add("duplicate_of", reasons::UNKNOWN_VALUE),
                    }
                }
            }
        },
        Step::Answer => {
            answer = note.to_owned();
            answered_at = Some(now);
            draft.clear();
        }
        Step::Propose => {
            draft = note.to_owned();
            draft_by = Some(user.user_id);
        }
        Step::Approve => {
            answer = std::mem::take(&mut draft);
            answered_at = Some(now);
        }
        Step::Reroute => {
            let target = req.unit.trim();
            match crate::units::one_in_force(&state.db, target).await? {
                None => e.add("unit", reasons::UNKNOWN_VALUE),
                Some(_) if target == unit_code => e.add("unit", app::feedback::reasons::SAME_UNIT),
                Some((name, _)) => {
                    unit_code = target.to_owned();
                    unit_name = name;
                    to_unit = unit_name.clone();
                }
            }
        }
        Step::Rate => match req.satisfied {
            None => e.add("satisfied", reasons::REQUIRED),
            Some(satisfied) => {
                if !satisfied && note.is_empty() {
                    e.add("note", reasons::REQUIRED);
                }
                rating = Some(i64::from(satisfied));
                rating_note = note.to_owned();
                rated_at = Some(now);
            }
        },
        Step::GiveInfo => {
            let asked: Option<i64> = sqlx::query_scalar(
                "SELECT MAX(at) FROM feedback_events WHERE feedback_id = $1 AND action = 'request_info'",
            )
            .bind(id)
            .fetch_one(&state.db.pool)
            .await?;
            let days = match Kind::parse(&r.try_get::<String, _>("kind")?) {
                Some(Kind::Proposal) => state.processing.feedback_days.1,
                _ => state.processing.feedback_days.0,
            };
            due_date = due_after_info(state, &due_date, asked.unwrap_or(now), now, days);
        }
        Step::Reopen => {
            if answered_at.is_some_and(|a| now > a + REOPEN_DAYS * 86_400) {
                e.add("step", app::feedback::reasons::TOO_LATE);
            }
            // The next answer is rated afresh.
            (rating, rated_at) = (None, None);
            rating_note.clear();
        }
        _ => {}
    }
    if !e.is_empty() {
        return Err(AppError::Unprocessable(e));
    }
    let mut tx = state.db.pool.begin().await?;
    let changed = sqlx::query("UPDATE feedback SET state = $1, updated_at = $2, version = version + 1, info_asked = info_asked + $3, reopened = reopened + $4, answer = $5, answered_at = $6, refusal = $7, duplicate_of = $8, draft_answer = $9, draft_by = $10, rating = $11, rating_note = $12, rated_at = $13, unit_code = $14, unit_name = $15, due_date = $18 WHERE id = $16 AND version = $17")
        .bind(to.code())
        .bind(now)
        .bind(i64::from(req.step == Step::RequestInfo))
        .bind(i64::from(req.step == Step::Reopen))
        .bind(&answer)
        .bind(answered_at)
        .bind(&refusal)
        .bind(&duplicate_of)
        .bind(&draft)
        .bind(draft_by)
        .bind(rating)
        .bind(&rating_note)
        .bind(rated_at)
        .bind(&unit_code)
        .bind(&unit_name)
        .bind(id)
        .bind(r.try_get::<i64, _>("version")?)
        .bind(&due_date)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() == 0 {
        // Another step landed first.
        tx.rollback().await?;
        return Err(not_now());
    }
    let unit = match who {
        Viewer::Officer { .. } => acting_unit,
        Viewer::Sender => String::new(),
    };
    sqlx::query("INSERT INTO feedback_events (feedback_id, at, from_state, state, action, actor_user_id, actor_unit, note, to_unit) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .bind(id)
        .bind(now)
        .bind(from.code())
        .bind(to.code())
        .bind(req.step.as_str())
        .bind(user.user_id)
        .bind(&unit)
        .bind(note)
        .bind(&to_unit)
        .execute(&mut *tx)
        .await?;
    if who.by() == By::Unit {
        let code: String = r.try_get("code")?;
        crate::dossiers::steps::audit(
            &mut tx,
            user,
            None,
            &format!("feedback_{}", req.step.as_str()),
            &code,
            "",
        )
        .await?;
        if tells_sender(req.step) {
            let title: String = r.try_get("title")?;
            crate::notifications::notify_feedback(
                &mut tx,
                state,
                crate::notifications::FeedbackChange {
                    user_id: r.try_get("user_id")?,
                    code: &code,
                    title: &title,
                    state: to,
                    action: req.step.as_str(),
                    note: if req.step == Step::Approve {
                        &answer
                    } else {
                        note
                    },
                    unit: &unit_name,
                },
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Whether the sender hears of a unit's step: not of an answer written
/// for approval or sent back, which are the unit's own business.
fn tells_sender(step: Step) -> bool {
    !matches!(step, Step::Propose | Step::Return)
}

/// `POST /api/me/feedback/{code}/steps`: the sender gives the information
/// asked, says the answer did not resolve it (once, within seven days), or
/// closes it.
#[utoipa::path(post, path = "/me/feedback/{code}/steps", tag = "feedback", security(("session" = [], "csrf" = [])), params(("code" = String, Path)), request_body = StepRequest, responses((status = 200, body = Feedback), crate::contract::Errors))]
async fn sender_step(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<StepRequest>,
) -> Result<Json<Feedback>, AppError> {
    sender(&user)?;
    let r = own_row(&state, &user, &code).await?;
    take_step(&state, &user, &r, &req, Viewer::Sender).await?;
    own(&state, &user, &code).await.map(Json)
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

/// `POST /api/officer/feedback/{code}/steps`: the unit takes it up,
/// refuses it with a reason, asks the sender for more (once), starts it,
/// or answers it.
#[utoipa::path(post, path = "/officer/feedback/{code}/steps", tag = "feedback", security(("session" = [], "csrf" = [])), params(("code" = String, Path)), request_body = StepRequest, responses((status = 200, body = Feedback), crate::contract::Errors))]
async fn officer_step(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<StepRequest>,
) -> Result<Json<Feedback>, AppError> {
    let r = handled_row(&state, &user, &code).await?;
    let who = officer_viewer(&state, &user, &r.try_get::<String, _>("unit_code")?).await?;
    take_step(&state, &user, &r, &req, who).await?;
    // After a re-routing it is another unit's: the officer may no longer
    // see it, and is answered with what they sent it to.
    match handled_row(&state, &user, &code).await {
        Ok(r) => officer_view(&state, &user, &r).await.map(Json),
        Err(AppError::NotFound) => {
            let r = sqlx::query(select_feedback!("WHERE f.code = $1"))
                .bind(code.trim().to_uppercase())
                .fetch_one(&state.db.pool)
                .await?;
            Ok(Json(view(&state, &r, Viewer::Sender).await?))
        }
        Err(e) => Err(e),
    }
}
