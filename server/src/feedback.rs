//! Feedback and petitions (phản ánh, kiến nghị): a feedback as its sender or its unit sees it, and who may do what with it; sending (`sender`), steps (`steps`), the unit's queues (`queue`), publication, redaction and the unit's settings are submodules.

use crate::error::{ApiJson, ApiPath, AppError};
use crate::identity::session::CurrentUser;
use crate::state::AppState;
use app::error::FieldErrors;
use app::feedback::{
    Attachment, By, Event, Feedback, Kind, Once, RefusalReason, State as FeedbackState, Step,
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
mod queue;
pub mod redact;
mod sender;
pub mod settings;
mod steps;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(sender::router())
        .merge(steps::router())
        .merge(queue::router())
        .merge(publication::router())
        .merge(settings::router())
}

/// Who may send: people and organisations, from their national account.
fn sender(user: &CurrentUser) -> Result<&CurrentUser, AppError> {
    user.require(&[Role::Individual, Role::Organisation])
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
use select_feedback;

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
        coordinating: sender::coordinating_office(state).await?.unit == unit,
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
