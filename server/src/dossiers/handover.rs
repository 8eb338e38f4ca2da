//! Hand-overs inside the agency: assigning a dossier to an officer of its unit, passing it to a leader to sign, transferring it to another unit (liên thông); each an event with from, to, who and when. And a leader's view of their unit's load.

use super::officer::{handled, shown};
use super::record::{Details, Record};
use super::steps;
use crate::clock::system_secs as now_secs;
use crate::error::{ApiJson, ApiPath, AppError};
use crate::identity::session::CurrentUser;
use crate::state::AppState;
use app::dossiers::{Dossier, Status};
use app::units::{Colleague, HandoverRequest, OfficerLoad, UnitLoad, UnitRole};
use axum::extract::State;
use axum::Json;
use sqlx::Row;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The longest note or reason a hand-over keeps.
const MAX_NOTE: usize = 2000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(handover))
        .routes(routes!(load))
}

/// Statuses in which a dossier is still worked on, so it can change hands.
fn in_hand(s: Status) -> bool {
    use Status::*;
    matches!(
        s,
        Submitted | Accepted | Processing | SupplementRequested | PaymentRequested | Processed
    )
}

/// Statuses in which a dossier may still go to another unit: before its
/// result is made or anything is asked of the applicant.
fn transferable(s: Status) -> bool {
    matches!(s, Status::Submitted | Status::Accepted | Status::Processing)
}

/// The officers granted to `unit`, each once in their most senior role,
/// with how many open dossiers each holds, by name.
pub async fn colleagues(pool: &sqlx::AnyPool, unit: &str) -> anyhow::Result<Vec<Colleague>> {
    let rows = sqlx::query("SELECT g.user_id, u.full_name, g.role, (SELECT COUNT(*) FROM dossiers d WHERE d.handler_user_id = g.user_id AND d.status IN (1, 2, 4, 5, 6, 9)) AS open FROM unit_grants g JOIN users u ON u.id = g.user_id WHERE g.unit_code = $1")
        .bind(unit)
        .fetch_all(pool)
        .await?;
    let mut out: Vec<Colleague> = vec![];
    for r in &rows {
        let Some(role) = UnitRole::parse(&r.try_get::<String, _>("role")?) else {
            continue;
        };
        let id: i64 = r.try_get("user_id")?;
        let senior = |a: UnitRole| UnitRole::ALL.iter().position(|x| *x == a);
        match out.iter_mut().find(|c| c.id == id) {
            Some(c) if senior(role) < senior(c.role) => c.role = role,
            Some(_) => {}
            None => out.push(Colleague {
                id,
                name: r.try_get("full_name")?,
                role,
                open: u32::try_from(r.try_get::<i64, _>("open")?).unwrap_or(0),
            }),
        }
    }
    out.sort_by_cached_key(|c| app::text::fold(&c.name));
    Ok(out)
}

/// What the officer looking may do with the dossier's hands: the
/// colleagues of its unit it can go to (themselves included, to take it),
/// and whether it can go to another unit.
pub async fn options(
    state: &AppState,
    user: &CurrentUser,
    rec: &Record,
    d: &mut Dossier,
) -> anyhow::Result<()> {
    let Some(unit) = rec
        .unit_code
        .as_deref()
        .filter(|u| user.role_in(u).is_some())
    else {
        return Ok(());
    };
    if !in_hand(rec.status) {
        return Ok(());
    }
    d.colleagues = colleagues(&state.db.pool, unit)
        .await?
        .into_iter()
        .filter(|c| Some(c.id) != rec.handler_user_id)
        .collect();
    d.can_transfer = transferable(rec.status);
    Ok(())
}

/// `POST /api/officer/dossiers/{code}/handover`: to an officer of the
/// dossier's unit, or to another unit with a reason. The officer doing it
/// must belong to the dossier's unit; the dossier's status is unchanged.
#[utoipa::path(post, path = "/officer/dossiers/{code}/handover", tag = "officers",
    security(("session" = [], "csrf" = [])),
    params(("code" = String, Path, description = "Dossier code")),
    request_body = HandoverRequest,
    responses((status = 200, body = Dossier), crate::contract::Errors))]
async fn handover(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<HandoverRequest>,
) -> Result<Json<Dossier>, AppError> {
    let rec = handled(&state, &user, &code).await?;
    let Some(unit) = rec.unit_code.clone().filter(|u| user.role_in(u).is_some()) else {
        // A counter officer of the receiving unit sees the dossier but
        // does not dispose of another unit's staff.
        return Err(AppError::Forbidden);
    };
    let note = req.note.trim();
    if note.chars().count() > MAX_NOTE {
        return Err(AppError::unprocessable(
            "note",
            app::error::reasons::TOO_LONG,
        ));
    }
    if !in_hand(rec.status) {
        return Err(AppError::Conflict(app::error::FieldErrors::one(
            "action",
            app::lifecycle::reasons::NOT_ALLOWED_NOW,
        )));
    }
    let to_unit = req
        .to_unit
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    let (action, details, set) = match (req.to_officer, to_unit) {
        (Some(id), None) => {
            let to = colleagues(&state.db.pool, &unit)
                .await?
                .into_iter()
                .find(|c| c.id == id)
                .ok_or_else(|| {
                    AppError::unprocessable("to_officer", app::error::reasons::UNKNOWN_VALUE)
                })?;
            if Some(id) == rec.handler_user_id {
                return Err(AppError::unprocessable(
                    "to_officer",
                    app::lifecycle::reasons::ALREADY_HOLDS,
                ));
            }
            let details = Details {
                to_officer: Some(id),
                to_name: to.name.clone(),
                to_role: Some(to.role),
                to_unit: rec.unit_label().to_owned(),
                ..Default::default()
            };
            let set = Holder {
                unit: unit.clone(),
                unit_name: rec.unit_name.clone(),
                id: Some(id),
                name: to.name,
                role: to.role.as_str(),
            };
            ("assign", details, set)
        }
        (None, Some(target)) => {
            if !transferable(rec.status) {
                return Err(AppError::Conflict(app::error::FieldErrors::one(
                    "action",
                    app::lifecycle::reasons::NOT_ALLOWED_NOW,
                )));
            }
            if note.is_empty() {
                return Err(AppError::unprocessable(
                    "note",
                    app::forms::reasons::REQUIRED,
                ));
            }
            let name = crate::units::one_in_force(&state.db, target)
                .await?
                .map(|(name, _)| name);
            let Some(name) = name.filter(|_| target != unit) else {
                return Err(AppError::unprocessable(
                    "to_unit",
                    app::error::reasons::UNKNOWN_VALUE,
                ));
            };
            let details = Details {
                to_unit: name.clone(),
                ..Default::default()
            };
            let set = Holder {
                unit: target.to_owned(),
                unit_name: name,
                id: None,
                name: String::new(),
                role: "",
            };
            ("transfer", details, set)
        }
        _ => {
            return Err(AppError::unprocessable(
                "to_officer",
                app::forms::reasons::REQUIRED,
            ))
        }
    };
    let now = now_secs();
    let mut tx = state.db.pool.begin().await?;
    // Only if nobody changed its hands or status meanwhile.
    let changed = sqlx::query("UPDATE dossiers SET unit_code = $1, unit_name = $2, handler_user_id = $3, handler_name = $4, handler_role = $5, updated_at = $6 WHERE id = $7 AND status = $8 AND COALESCE(handler_user_id, 0) = $9 AND unit_code = $10")
        .bind(&set.unit)
        .bind(&set.unit_name)
        .bind(set.id)
        .bind(&set.name)
        .bind(set.role)
        .bind(now)
        .bind(rec.id)
        .bind(rec.status.code())
        .bind(rec.handler_user_id.unwrap_or(0))
        .bind(&unit)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() == 0 {
        tx.rollback().await?;
        return Err(AppError::Conflict(app::error::FieldErrors::one(
            "action",
            app::lifecycle::reasons::NOT_ALLOWED_NOW,
        )));
    }
    sqlx::query("INSERT INTO dossier_events (dossier_id, at, from_status, status, action, actor_user_id, actor_unit, actor_name, note, details) VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9)")
        .bind(rec.id)
        .bind(now)
        .bind(rec.status.code())
        .bind(action)
        .bind(user.user_id)
        .bind(rec.unit_label())
        .bind(&user.name)
        .bind(note)
        .bind(serde_json::to_string(&details)?)
        .execute(&mut *tx)
        .await?;
    if action == "transfer" {
        // The applicant is told where their dossier went, and why.
        crate::notifications::notify(
            &mut tx,
            &state,
            crate::notifications::Change {
                user_id: rec.user_id,
                code: &rec.code,
                procedure_name: &rec.procedure_name,
                status: rec.status,
                action,
                note,
                items: &[],
                due_date: &rec.due_date,
                moved_to: &set.unit_name,
            },
        )
        .await?;
    }
    // The record reads as the timeline does: to whom, in Vietnamese.
    let detail = match details.to_role {
        Some(role) => format!("{} ({})", details.to_name, role.name(false)),
        None => details.to_unit.clone(),
    };
    steps::audit_dossier(&mut tx, &user, &rec, action, &detail).await?;
    tx.commit().await?;
    tracing::info!(dossier = %rec.code, action, "dossier handed over");
    let rec = super::record::record_by_id(&state.db.pool, rec.id)
        .await?
        .ok_or(AppError::NotFound)?;
    if super::officer::may_see(&user, &rec) {
        shown(&state, &user, &rec).await
    } else {
        // Transferred out of the officer's units: what they did, as the
        // timeline now reads, without the steps they no longer have.
        let seen = super::record::Seen::now_in(&state);
        Ok(Json(
            super::record::view(&state.db.pool, &seen, &rec, app::lifecycle::Actor::Officer)
                .await
                .map(|mut d| {
                    d.actions.clear();
                    d
                })?,
        ))
    }
}

/// Who holds a dossier after a hand-over.
struct Holder {
    unit: String,
    unit_name: String,
    id: Option<i64>,
    name: String,
    role: &'static str,
}

/// `GET /api/officer/load`: for each unit the officer leads or
/// administers, its open dossiers by the officer holding them, and those
/// nobody holds yet.
#[utoipa::path(get, path = "/officer/load", tag = "officers", security(("session" = [])),
    responses((status = 200, body = Vec<UnitLoad>), crate::contract::Errors))]
async fn load(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<UnitLoad>>, AppError> {
    user.require(&[app::identity::Role::Officer])?;
    let now = state.clock.now_secs();
    let today = app::calendar::LocalDateTime::from_unix_seconds(now).date;
    let paused = state.processing.clock == app::lifecycle::SupplementClock::Pause;
    let mut out = vec![];
    for unit in &user.units {
        if !matches!(
            user.role_in(unit),
            Some(UnitRole::Leader | UnitRole::UnitAdmin)
        ) {
            continue;
        }
        let name = sqlx::query("SELECT name_vi FROM units WHERE code = $1")
            .bind(unit)
            .fetch_one(&state.db.pool)
            .await?
            .try_get::<String, _>("name_vi")?;
        let mut officers: Vec<(i64, OfficerLoad)> = colleagues(&state.db.pool, unit)
            .await?
            .into_iter()
            .map(|c| {
                (
                    c.id,
                    OfficerLoad {
                        name: c.name,
                        role: c.role,
                        open: 0,
                        due_soon: 0,
                        overdue: 0,
                    },
                )
            })
            .collect();
        let mut unassigned = 0;
        for l in super::queues::unit_load(&state.db.pool, unit, today, paused).await? {
            match l.handler {
                None => unassigned += l.open,
                Some(id) => {
                    let at = match officers.iter().position(|(o, _)| *o == id) {
                        Some(i) => i,
                        None => {
                            // Holds dossiers here but is no longer granted to the unit.
                            officers.push((
                                id,
                                OfficerLoad {
                                    name: l.name.clone(),
                                    role: UnitRole::parse(&l.role).unwrap_or(UnitRole::Specialist),
                                    open: 0,
                                    due_soon: 0,
                                    overdue: 0,
                                },
                            ));
                            officers.len() - 1
                        }
                    };
                    let o = &mut officers[at].1;
                    o.open += l.open;
                    o.due_soon += l.due_soon;
                    o.overdue += l.overdue;
                }
            }
        }
        out.push(UnitLoad {
            code: unit.clone(),
            name,
            unassigned,
            officers: officers.into_iter().map(|(_, o)| o).collect(),
        });
    }
    Ok(Json(out))
}

/// A unit whose rule is to assign what it takes in: once accepted, the
/// dossier goes to the unit's specialist with the fewest open dossiers
/// (the earliest granted among equals), with an event saying it was the rule.
pub async fn assign_by_rule(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    who: &CurrentUser,
    rec: &Record,
    unit: &str,
    status: Status,
    now: i64,
) -> anyhow::Result<()> {
    let on: Option<i64> = sqlx::query_scalar("SELECT auto_assign FROM units WHERE code = $1")
        .bind(unit)
        .fetch_optional(&mut **tx)
        .await?;
    if on != Some(1) {
        return Ok(());
    }
    let Some(pick) = sqlx::query("SELECT g.user_id, u.full_name, (SELECT COUNT(*) FROM dossiers d WHERE d.handler_user_id = g.user_id AND d.status IN (1, 2, 4, 5, 6, 9)) AS n FROM unit_grants g JOIN users u ON u.id = g.user_id WHERE g.unit_code = $1 AND g.role = 'specialist' ORDER BY n, g.user_id LIMIT 1")
        .bind(unit)
        .fetch_optional(&mut **tx)
        .await?
    else {
        return Ok(());
    };
    let (id, name): (i64, String) = (pick.try_get("user_id")?, pick.try_get("full_name")?);
    sqlx::query("UPDATE dossiers SET handler_user_id = $1, handler_name = $2, handler_role = 'specialist' WHERE id = $3")
        .bind(id)
        .bind(&name)
        .bind(rec.id)
        .execute(&mut **tx)
        .await?;
    let details = Details {
        to_officer: Some(id),
        to_name: name,
        to_role: Some(UnitRole::Specialist),
        to_unit: rec.unit_label().to_owned(),
        ..Default::default()
    };
    sqlx::query("INSERT INTO dossier_events (dossier_id, at, from_status, status, action, actor_user_id, actor_unit, actor_name, note, details) VALUES ($1, $2, $3, $3, 'assign', $4, $5, $6, $7, $8)")
        .bind(rec.id)
        .bind(now)
        .bind(status.code())
        .bind(who.user_id)
        .bind(rec.unit_label())
        .bind(&who.name)
        .bind("Giao tự động theo quy tắc của đơn vị.")
        .bind(serde_json::to_string(&details)?)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
