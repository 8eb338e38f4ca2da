//! Steps on a feedback, by its sender or its unit's officers: every rule of the machine, the once-only ones, the notes each needs, who may take it, the clock while information is asked for.

use super::*;
use app::feedback::{RefusalReason, StepRequest};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sender_step))
        .routes(routes!(officer_step))
}

/// Days after an answer in which the sender may say it did not resolve
/// the matter (once).
const REOPEN_DAYS: i64 = 7;

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
