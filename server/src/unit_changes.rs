//! Administrators change the province's units: rename one from a date (what was filed under the old name keeps it) and merge one into another (its open dossiers, counters and grants move; its history stays).

use crate::error::{ApiJson, ApiPath, AppError};
use crate::identity::session::CurrentUser;
use crate::state::AppState;
use app::calendar::Date;
use app::identity::Role;
use app::units::{UnitChange, UnitMerge};
use axum::extract::State;
use axum::Json;
use sqlx::Row;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The longest name, and the longest address, phone, email or hours line.
const MAX_NAME: usize = 200;
const MAX_LINE: usize = 300;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(change))
        .routes(routes!(merge))
}

/// The day a change takes effect: a real date, not before the unit came
/// into force and not after today (a change is made when it happens).
fn effective(
    errors: &mut app::error::FieldErrors,
    field: &str,
    text: &str,
    since: &str,
    today: Date,
) -> Option<Date> {
    match Date::parse(text.trim()) {
        Err(_) => {
            errors.add(field, app::forms::reasons::INVALID_DATE);
            None
        }
        Ok(d) if d > today => {
            errors.add(field, app::forms::reasons::FUTURE_DATE);
            None
        }
        Ok(d) if Date::parse(since).is_ok_and(|s| d < s) => {
            errors.add(field, app::error::reasons::OUT_OF_RANGE);
            None
        }
        Ok(d) => Some(d),
    }
}

/// The problems of a unit's names and contact lines, each at its field.
fn checked(c: &UnitChange) -> app::error::FieldErrors {
    let mut errors = app::error::FieldErrors::default();
    for (field, value, max, required) in [
        ("name_vi", c.name_vi.trim(), MAX_NAME, true),
        ("name_en", c.name_en.trim(), MAX_NAME, true),
        ("address", c.address.trim(), MAX_LINE, false),
        ("phone", c.phone.trim(), MAX_LINE, false),
        ("email", c.email.trim(), MAX_LINE, false),
        ("hours", c.hours.trim(), MAX_LINE, false),
    ] {
        if required && value.is_empty() {
            errors.add(field, app::forms::reasons::REQUIRED);
        } else if value.chars().count() > max {
            errors.add(field, app::error::reasons::TOO_LONG);
        }
    }
    let email = c.email.trim();
    if !email.is_empty() && !app::identity::valid_email(email) {
        errors.add("email", app::identity::reasons::INVALID_EMAIL);
    }
    errors
}

/// `POST /api/admin/units`: a unit the shipped list does not have, under
/// the province's committee, from a date (not before the 2025 units). It
/// serves what its level serves (a commune: the communes' procedures); a
/// department serves what an administrator sets per procedure.
#[utoipa::path(post, path = "/admin/units", tag = "units",
    security(("session" = [], "csrf" = [])),
    request_body = app::units::UnitNew,
    responses((status = 201, description = "Added", body = app::units::UnitDetail), crate::contract::Errors))]
async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(n): ApiJson<app::units::UnitNew>,
) -> Result<(axum::http::StatusCode, Json<app::units::UnitDetail>), AppError> {
    use app::units::UnitLevel;
    user.require(&[Role::Administrator])?;
    let pool = &state.db.pool;
    let c = &n.unit;
    let mut errors = checked(c);
    let code = n.code.trim().to_uppercase();
    let taken = sqlx::query("SELECT code FROM units WHERE code = $1")
        .bind(&code)
        .fetch_optional(pool)
        .await?
        .is_some();
    if code.is_empty() {
        errors.add("code", app::forms::reasons::REQUIRED);
    } else if !app::units::valid_unit_code(&code) {
        errors.add("code", app::error::reasons::UNKNOWN_VALUE);
    } else if taken {
        errors.add("code", app::forms::reasons::ALREADY_EXISTS);
    }
    let level = UnitLevel::parse(n.level.trim()).filter(|l| *l != UnitLevel::Province);
    if level.is_none() {
        errors.add("level", app::error::reasons::UNKNOWN_VALUE);
    }
    let today = crate::clock::vn_date(state.clock.now_secs());
    let from = effective(
        &mut errors,
        "from",
        &c.from,
        crate::units::UNITS_2025,
        today,
    );
    if !errors.0.is_empty() {
        return Err(AppError::Unprocessable(errors));
    }
    let (level, from) = (
        level.expect("checked above"),
        from.expect("checked above").to_string(),
    );
    let parent: Option<String> =
        sqlx::query_scalar("SELECT code FROM units WHERE level = 'province' AND valid_to IS NULL")
            .fetch_optional(pool)
            .await?;
    let mut tx = pool.begin().await?;
    sqlx::query("INSERT INTO units (code, name_vi, name_en, level, parent_code, address, phone, email, hours, valid_from, auto_assign) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
        .bind(&code)
        .bind(c.name_vi.trim())
        .bind(c.name_en.trim())
        .bind(level.as_str())
        .bind(parent)
        .bind(c.address.trim())
        .bind(c.phone.trim())
        .bind(c.email.trim())
        .bind(c.hours.trim())
        .bind(&from)
        .bind(i64::from(c.auto_assign))
        .execute(&mut *tx)
        .await?;
    crate::dossiers::steps::audit(
        &mut tx,
        &user,
        None,
        "create_unit",
        "",
        &format!(
            "{}, từ ngày {}",
            c.name_vi.trim(),
            app::calendar::vn_day(&from)
        ),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(unit = %code, "unit created");
    Ok((
        axum::http::StatusCode::CREATED,
        Json(crate::units::detail_of(&state, &code).await?),
    ))
}

/// `PUT /api/admin/units/{code}`: the unit's names and where and when to
/// find it, from a date. The earlier name is kept in `unit_names` and on
/// every event and dossier filed under it; open dossiers take the new one.
#[utoipa::path(put, path = "/admin/units/{code}", tag = "units",
    security(("session" = [], "csrf" = [])), params(("code" = String, Path)),
    request_body = UnitChange,
    responses((status = 200, body = app::units::UnitDetail), crate::contract::Errors))]
async fn change(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
    ApiJson(c): ApiJson<UnitChange>,
) -> Result<Json<app::units::UnitDetail>, AppError> {
    user.require(&[Role::Administrator])?;
    let pool = &state.db.pool;
    let (old_name, since) = crate::units::one_in_force(&state.db, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = checked(&c);
    let (vi, en, email) = (c.name_vi.trim(), c.name_en.trim(), c.email.trim());
    let today = crate::clock::vn_date(state.clock.now_secs());
    let from = effective(&mut errors, "from", &c.from, &since, today);
    if !errors.0.is_empty() {
        return Err(AppError::Unprocessable(errors));
    }
    let from = from.expect("checked above").to_string();
    let mut tx = pool.begin().await?;
    if vi != old_name {
        // The name it had until the day before.
        sqlx::query("INSERT INTO unit_names (unit_code, name_vi, name_en, valid_from, valid_to) SELECT code, name_vi, name_en, COALESCE((SELECT MAX(valid_to) FROM unit_names WHERE unit_code = $1), valid_from), $2 FROM units WHERE code = $1")
            .bind(&code)
            .bind(&from)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE dossiers SET unit_name = $1 WHERE unit_code = $2 AND status IN (1, 2, 4, 5, 6, 9)")
            .bind(vi)
            .bind(&code)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE units SET name_vi = $1, name_en = $2, address = $3, phone = $4, email = $5, hours = $6, auto_assign = $8 WHERE code = $7")
        .bind(vi)
        .bind(en)
        .bind(c.address.trim())
        .bind(c.phone.trim())
        .bind(email)
        .bind(c.hours.trim())
        .bind(&code)
        .bind(i64::from(c.auto_assign))
        .execute(&mut *tx)
        .await?;
    crate::dossiers::steps::audit(
        &mut tx,
        &user,
        None,
        "change_unit",
        "",
        &format!("{vi}, từ ngày {}", app::calendar::vn_day(&from)),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(unit = %code, "unit changed");
    Ok(Json(crate::units::detail_of(&state, &code).await?))
}

/// `POST /api/admin/units/{code}/merge`: the unit is merged into another
/// from a date. It ends that day; its open dossiers go to the other unit
/// (each with a transfer event and the applicant told), as do its
/// counters, officers' grants and the procedures set for it; what it
/// finished stays under its name.
#[utoipa::path(post, path = "/admin/units/{code}/merge", tag = "units",
    security(("session" = [], "csrf" = [])), params(("code" = String, Path)),
    request_body = UnitMerge,
    responses((status = 200, description = "The unit it went into", body = app::units::UnitDetail), crate::contract::Errors))]
async fn merge(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
    ApiJson(m): ApiJson<UnitMerge>,
) -> Result<Json<app::units::UnitDetail>, AppError> {
    user.require(&[Role::Administrator])?;
    let pool = &state.db.pool;
    let (old_name, since) = crate::units::one_in_force(&state.db, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = app::error::FieldErrors::default();
    let into = m.into.trim();
    let target = if into == code {
        None
    } else {
        crate::units::one_in_force(&state.db, into).await?
    };
    if target.is_none() {
        errors.add("into", app::error::reasons::UNKNOWN_VALUE);
    }
    let today = crate::clock::vn_date(state.clock.now_secs());
    let from = effective(&mut errors, "from", &m.from, &since, today);
    if !errors.0.is_empty() {
        return Err(AppError::Unprocessable(errors));
    }
    let ((new_name, _), from) = (target.expect("checked"), from.expect("checked").to_string());
    let now = crate::clock::system_secs();
    let note = format!(
        "{old_name} sáp nhập vào {new_name} từ ngày {}",
        app::calendar::vn_day(&from)
    );
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE units SET valid_to = $1, merged_into = $2 WHERE code = $3")
        .bind(&from)
        .bind(into)
        .bind(&code)
        .execute(&mut *tx)
        .await?;
    let open = sqlx::query("SELECT id, code, user_id, status, procedure_name, due_date FROM dossiers WHERE (unit_code = $1 OR receiving_unit = $1) AND status IN (1, 2, 4, 5, 6, 9)")
        .bind(&code)
        .fetch_all(&mut *tx)
        .await?;
    let details = serde_json::to_string(&crate::dossiers::record::Details {
        to_unit: new_name.clone(),
        ..Default::default()
    })?;
    let mut moved = 0;
    for d in &open {
        let id: i64 = d.try_get("id")?;
        let status: i64 = d.try_get("status")?;
        let handled_here = sqlx::query("UPDATE dossiers SET unit_code = $1, unit_name = $2, handler_user_id = NULL, handler_name = '', handler_role = '', updated_at = $3 WHERE id = $4 AND unit_code = $5")
            .bind(into)
            .bind(&new_name)
            .bind(now)
            .bind(id)
            .bind(&code)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        sqlx::query(
            "UPDATE dossiers SET receiving_unit = $1 WHERE id = $2 AND receiving_unit = $3",
        )
        .bind(into)
        .bind(id)
        .bind(&code)
        .execute(&mut *tx)
        .await?;
        if !handled_here {
            continue;
        }
        moved += 1;
        sqlx::query("INSERT INTO dossier_events (dossier_id, at, from_status, status, action, actor_user_id, actor_unit, actor_name, note, details) VALUES ($1, $2, $3, $3, 'transfer', $4, $5, $6, $7, $8)")
            .bind(id)
            .bind(now)
            .bind(status)
            .bind(user.user_id)
            .bind(&old_name)
            .bind(&user.name)
            .bind(&note)
            .bind(&details)
            .execute(&mut *tx)
            .await?;
        let status = crate::dossiers::record::stored_status(status)?;
        crate::notifications::notify(
            &mut tx,
            &state,
            crate::notifications::Change {
                user_id: d.try_get("user_id")?,
                code: &d.try_get::<String, _>("code")?,
                procedure_name: &d.try_get::<String, _>("procedure_name")?,
                status,
                action: "transfer",
                note: &note,
                items: &[],
                due_date: &d.try_get::<String, _>("due_date")?,
                moved_to: &new_name,
            },
        )
        .await?;
    }
    // Its officers and its procedures go with it.
    sqlx::query("INSERT INTO unit_grants (user_id, unit_code, role) SELECT user_id, $1, role FROM unit_grants WHERE unit_code = $2 ON CONFLICT DO NOTHING")
        .bind(into)
        .bind(&code)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM unit_grants WHERE unit_code = $1")
        .bind(&code)
        .execute(&mut *tx)
        .await?;
    let grants = sqlx::query("SELECT personal_id, units FROM role_grants")
        .fetch_all(&mut *tx)
        .await?;
    for g in &grants {
        let units: Vec<app::units::UnitGrant> =
            serde_json::from_str(&g.try_get::<String, _>("units")?).unwrap_or_default();
        if !units.iter().any(|u| u.unit == code) {
            continue;
        }
        let mut next: Vec<app::units::UnitGrant> = vec![];
        for mut u in units {
            if u.unit == code {
                u.unit = into.to_owned();
            }
            if !next.contains(&u) {
                next.push(u);
            }
        }
        sqlx::query("UPDATE role_grants SET units = $1 WHERE personal_id = $2")
            .bind(serde_json::to_string(&next)?)
            .bind(g.try_get::<String, _>("personal_id")?)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("INSERT INTO procedure_units (procedure_code, unit_code, receives, processes) SELECT procedure_code, $1, receives, processes FROM procedure_units WHERE unit_code = $2 ON CONFLICT DO NOTHING")
        .bind(into)
        .bind(&code)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM procedure_units WHERE unit_code = $1")
        .bind(&code)
        .execute(&mut *tx)
        .await?;
    crate::dossiers::steps::audit(
        &mut tx,
        &user,
        None,
        "merge_unit",
        "",
        &format!(
            "{old_name} → {new_name}, từ ngày {}",
            app::calendar::vn_day(&from)
        ),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(unit = %code, into, moved, "unit merged");
    Ok(Json(crate::units::detail_of(&state, into).await?))
}
