//! One step in a dossier's life applied on the server: judged by the shared state machine, written with its event, notification and audit entry in one transaction.

use super::record::{staged_result, Details, Record};
use crate::clock::system_secs as now_secs;
use crate::error::AppError;
use crate::identity::session::CurrentUser;
use crate::state::AppState;
use app::calendar::LocalDateTime;
use app::dossiers::Status;
use app::error::FieldErrors;
use app::lifecycle::{due_after_supplement, judge, Action, Actor, StepRequest};

/// Applies one step by `who` on `side`: judged by the shared state machine,
/// written with its event, the applicant's notification (and email), and,
/// for officers, the audit log, all in one transaction. A step that lost a
/// race with another one is refused (409), never applied twice.
pub async fn apply(
    state: &AppState,
    who: &CurrentUser,
    side: Actor,
    rec: &Record,
    step: &StepRequest,
) -> Result<Status, AppError> {
    let staged = staged_result(&state.db.pool, rec.id).await?;
    let to = judge(side, &rec.facts(staged.is_some()), step).map_err(AppError::Unprocessable)?;
    let now = now_secs();
    let owned = if step.action == Action::AnswerSupplement {
        crate::documents::owned_ids(&state.db, rec.user_id).await?
    } else {
        Default::default()
    };
    if step.documents.len() > app::lifecycle::MAX_ITEMS {
        return Err(AppError::unprocessable(
            "documents",
            app::lifecycle::reasons::TOO_MANY,
        ));
    }
    if step.documents.iter().any(|d| !owned.contains(d)) {
        return Err(AppError::unprocessable(
            "documents",
            app::lifecycle::reasons::UNKNOWN_DOCUMENT,
        ));
    }
    let items: Vec<String> = step
        .items
        .iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    let mut due = rec.due_date.clone();
    let mut supplement_used = rec.supplement_used;
    let mut open_items = rec.supplement_items.clone();
    let mut asked_at = rec.supplement_asked_at;
    let mut resume = rec.resume;
    let mut ready_at = rec.ready_at;
    let mut return_tracking = rec.return_tracking.clone();
    match step.action {
        Action::RequestSupplement => {
            supplement_used = true;
            open_items = items.clone();
            asked_at = Some(now);
            resume = Some(rec.status);
        }
        Action::AnswerSupplement => {
            let asked = LocalDateTime::from_unix_seconds(asked_at.unwrap_or(now));
            due = due_after_supplement(
                state.processing.clock,
                rec.due(),
                asked,
                LocalDateTime::from_unix_seconds(now),
                rec.limit,
                state.dossier_settings.cutoff,
            )
            .to_string();
            open_items.clear();
            resume = None;
        }
        Action::Apologise => due = step.new_due_date.trim().to_owned(),
        Action::Finish => ready_at = Some(now),
        Action::ReturnResult if rec.delivery == app::dossiers::Delivery::Post => {
            return_tracking = step.tracking.trim().to_owned();
        }
        _ => {}
    }
    let unit = if side == Actor::Officer {
        rec.unit_label()
    } else {
        ""
    };

    let mut tx = state.db.pool.begin().await?;
    let mut result_id = rec.result_document_id.clone();
    if step.action == Action::Finish {
        if let Some((doc, sha)) = &staged {
            // The result lands in the applicant's own store, like an upload.
            result_id = Some(
                crate::documents::add_to_store(
                    &mut tx,
                    crate::documents::NewDocument {
                        user_id: rec.user_id,
                        sha256: sha,
                        kind: &format!(
                            "{}{}",
                            app::dossiers::RESULT_KIND_PREFIX,
                            rec.procedure_name
                        ),
                        file_name: &doc.file_name,
                        media_type: &doc.media_type,
                        size: doc.size,
                    },
                )
                .await?,
            );
        }
    }
    // An officer of the dossier's unit who takes a step holds it from then
    // on; a counter officer of another unit (the service centre taking a
    // department's dossier in) leaves it to that unit's own officers.
    let role = match &rec.unit_code {
        Some(unit) => who.role_in(unit),
        None => None,
    };
    let takes_it = side == Actor::Officer && (role.is_some() || rec.unit_code.is_none());
    let (handler_id, handler_name, handler_role) = if takes_it {
        (
            Some(who.user_id),
            who.name.clone(),
            role.map_or("", |r| r.as_str()),
        )
    } else {
        (
            None,
            rec.handler_name.clone(),
            rec.handler_role.map_or("", |r| r.as_str()),
        )
    };
    let changed = sqlx::query("UPDATE dossiers SET status = $1, due_date = $2, supplement_used = $3, supplement_items = $4, supplement_asked_at = $5, resume_status = $6, handler_user_id = COALESCE($7, handler_user_id), handler_name = $8, handler_role = $15, return_tracking = $16, ready_at = $9, result_document_id = $10, updated_at = $11 WHERE id = $12 AND status = $13 AND due_date = $14")
        .bind(to.code())
        .bind(&due)
        .bind(i64::from(supplement_used))
        .bind(serde_json::to_string(&open_items)?)
        .bind(asked_at)
        .bind(resume.map(Status::code))
        .bind(handler_id)
        .bind(&handler_name)
        .bind(ready_at)
        .bind(result_id)
        .bind(now)
        .bind(rec.id)
        .bind(rec.status.code())
        .bind(&rec.due_date)
        .bind(handler_role)
        .bind(&return_tracking)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() == 0 {
        tx.rollback().await?;
        return Err(AppError::Conflict(FieldErrors::one(
            "action",
            app::lifecycle::reasons::NOT_ALLOWED_NOW,
        )));
    }
    if step.action == Action::AnswerSupplement {
        for (i, doc) in step.documents.iter().enumerate() {
            sqlx::query("INSERT INTO dossier_documents (dossier_id, field, document_id, component, file_name) VALUES ($1, $2, $3, $4, (SELECT file_name FROM documents WHERE id = $3)) ON CONFLICT DO NOTHING")
                .bind(rec.id)
                .bind(format!("supplement.{now}.{i}"))
                .bind(doc)
                .bind(app::dossiers::SUPPLEMENT_KIND)
                .execute(&mut *tx)
                .await?;
        }
    }
    let details = Details {
        items: if step.action == Action::RequestSupplement {
            items
        } else {
            vec![]
        },
        new_due_date: if step.action == Action::Apologise {
            due.clone()
        } else {
            String::new()
        },
        tracking: if step.action == Action::ReturnResult {
            return_tracking.clone()
        } else {
            String::new()
        },
        ..Default::default()
    };
    sqlx::query("INSERT INTO dossier_events (dossier_id, at, from_status, status, action, actor_user_id, actor_unit, actor_name, note, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .bind(rec.id)
        .bind(now)
        .bind(rec.status.code())
        .bind(to.code())
        .bind(step.action.as_str())
        .bind(who.user_id)
        .bind(unit)
        .bind(&who.name)
        .bind(step.note.trim())
        .bind(serde_json::to_string(&details)?)
        .execute(&mut *tx)
        .await?;
    if step.action == Action::Accept {
        if let Some(unit) = &rec.unit_code {
            super::handover::assign_by_rule(&mut tx, who, rec, unit, to, now).await?;
        }
    }
    crate::notifications::notify(
        &mut tx,
        state,
        crate::notifications::Change {
            user_id: rec.user_id,
            code: &rec.code,
            procedure_name: &rec.procedure_name,
            status: to,
            action: step.action.as_str(),
            note: step.note.trim(),
            items: &details.items,
            due_date: &due,
            moved_to: "",
        },
    )
    .await?;
    if side == Actor::Officer {
        audit_dossier(
            &mut tx,
            who,
            rec,
            step.action.as_str(),
            &format!("{} -> {}", rec.status.code(), to.code()),
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(dossier = %rec.code, action = step.action.as_str(), from = rec.status.code(), to = to.code(), "dossier step");
    Ok(to)
}

/// The unit (and role there) an officer acts for on a dossier: the unit
/// handling it if they belong to it, else the unit that took it in.
pub fn acting_unit<'a>(
    who: &CurrentUser,
    rec: &'a Record,
) -> Option<(&'a str, app::units::UnitRole)> {
    [&rec.unit_code, &rec.receiving_unit]
        .into_iter()
        .flatten()
        .find_map(|u| who.role_in(u).map(|r| (u.as_str(), r)))
}

/// Writes an officer's action on a dossier to the audit log, with the unit
/// and role they acted in: what the applicant's "who opened my dossier"
/// list reads.
pub async fn audit_dossier(
    conn: &mut sqlx::AnyConnection,
    who: &CurrentUser,
    rec: &Record,
    action: &str,
    detail: &str,
) -> anyhow::Result<()> {
    let (unit, role) = acting_unit(who, rec).map_or(("", ""), |(u, r)| (u, r.as_str()));
    write_audit(
        conn,
        who,
        rec.agency_id,
        action,
        &rec.code,
        detail,
        unit,
        role,
    )
    .await
}

/// Writes one officer action to the audit log. Details never hold
/// personal data: codes, statuses, file sizes.
pub async fn audit(
    conn: &mut sqlx::AnyConnection,
    who: &CurrentUser,
    agency_id: Option<i64>,
    action: &str,
    code: &str,
    detail: &str,
) -> anyhow::Result<()> {
    write_audit(conn, who, agency_id, action, code, detail, "", "").await
}

#[allow(clippy::too_many_arguments)]
async fn write_audit(
    conn: &mut sqlx::AnyConnection,
    who: &CurrentUser,
    agency_id: Option<i64>,
    action: &str,
    code: &str,
    detail: &str,
    unit: &str,
    role: &str,
) -> anyhow::Result<()> {
    sqlx::query("INSERT INTO audit_log (at, actor_user_id, actor_name, agency_id, action, dossier_code, detail, unit_code, role) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .bind(now_secs())
        .bind(who.user_id)
        .bind(&who.name)
        .bind(agency_id)
        .bind(action)
        .bind(code)
        .bind(detail)
        .bind(unit)
        .bind(role)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
