//! Who works in the portal: administrators grant a person, by personal ID, the officer or administrator role and their units with a role in each; the grant applies at once and at every sign-in.

use crate::error::{ApiJson, AppError};
use crate::identity::session::CurrentUser;
use crate::state::AppState;
use app::identity::{PersonalId, Role};
use app::units::{GrantChange, GrantView, UnitGrant};
use axum::extract::State;
use axum::Json;
use sqlx::Row;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The longest name kept with a grant.
const MAX_NAME: usize = 100;
/// The most units one person is granted to.
const MAX_UNITS: usize = 50;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, change))
}

/// Gives every grant written before references existed one of its own.
pub async fn fill_references(pool: &sqlx::AnyPool) -> anyhow::Result<()> {
    let rows = sqlx::query("SELECT personal_id FROM role_grants WHERE ref = ''")
        .fetch_all(pool)
        .await?;
    for r in &rows {
        sqlx::query("UPDATE role_grants SET ref = $1 WHERE personal_id = $2")
            .bind(crate::tokens::random_token())
            .bind(r.try_get::<String, _>("personal_id")?)
            .execute(pool)
            .await?;
    }
    Ok(())
}

fn admin(user: &CurrentUser) -> Result<&CurrentUser, AppError> {
    user.require(&[Role::Administrator])
}

/// Every grant, by name: the personal ID masked to its last four digits,
/// the name the person signed in with (or the one typed with the grant).
pub async fn grants(pool: &sqlx::AnyPool) -> anyhow::Result<Vec<GrantView>> {
    let rows = sqlx::query("SELECT g.personal_id, g.ref, g.role, g.units, g.full_name, (SELECT MAX(u.full_name) FROM users u WHERE u.personal_id = g.personal_id) AS known_name FROM role_grants g")
        .fetch_all(pool)
        .await?;
    let mut out = vec![];
    for r in &rows {
        let Some(role) = Role::parse(&r.try_get::<String, _>("role")?) else {
            continue;
        };
        let pid: String = r.try_get("personal_id")?;
        let known: Option<String> = r.try_get("known_name")?;
        out.push(GrantView {
            reference: r.try_get("ref")?,
            personal_id: PersonalId::parse(&pid)
                .map(|p| p.masked())
                .unwrap_or_default(),
            signed_in: known.is_some(),
            full_name: known.unwrap_or(r.try_get("full_name")?),
            role,
            units: serde_json::from_str(&r.try_get::<String, _>("units")?).unwrap_or_default(),
        });
    }
    out.sort_by_cached_key(|g| app::text::fold(&g.full_name));
    Ok(out)
}

/// `GET /api/admin/grants`
#[utoipa::path(get, path = "/admin/grants", tag = "units", security(("session" = [])),
    responses((status = 200, body = Vec<GrantView>), crate::contract::Errors))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<GrantView>>, AppError> {
    admin(&user)?;
    Ok(Json(grants(&state.db.pool).await?))
}

/// `PUT /api/admin/grants`: grants a person (named by personal ID, or an
/// existing grant by its reference) a role and units, or with no role
/// takes the grant away. It applies at once to a person who has signed in
/// before, and at the first sign-in otherwise. An administrator cannot
/// take away their own administrator role.
#[utoipa::path(put, path = "/admin/grants", tag = "units", security(("session" = [], "csrf" = [])),
    request_body = GrantChange,
    responses((status = 200, description = "Every grant, as it now stands", body = Vec<GrantView>), crate::contract::Errors))]
async fn change(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(c): ApiJson<GrantChange>,
) -> Result<Json<Vec<GrantView>>, AppError> {
    admin(&user)?;
    let pool = &state.db.pool;
    let mut errors = app::error::FieldErrors::default();
    // Whose grant: an existing one by reference, or a person by ID.
    let reference = c
        .reference
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let existing = match reference {
        Some(r) => sqlx::query("SELECT personal_id, full_name FROM role_grants WHERE ref = $1")
            .bind(r)
            .fetch_optional(pool)
            .await?
            .map(|row| -> anyhow::Result<(String, String)> {
                Ok((row.try_get("personal_id")?, row.try_get("full_name")?))
            })
            .transpose()?,
        None => None,
    };
    let pid = match (reference, &existing) {
        (Some(_), Some((pid, _))) => Some(pid.clone()),
        (Some(_), None) => {
            errors.add("reference", app::error::reasons::UNKNOWN_VALUE);
            None
        }
        (None, _) => match PersonalId::parse(&c.personal_id) {
            Ok(p) => Some(p.as_str().to_owned()),
            Err(reason) => {
                errors.add("personal_id", reason);
                None
            }
        },
    };
    let name = c.full_name.trim();
    if name.chars().count() > MAX_NAME {
        errors.add("full_name", app::error::reasons::TOO_LONG);
    }
    let known = match &pid {
        Some(p) => {
            sqlx::query("SELECT id, account_type FROM users WHERE personal_id = $1")
                .bind(p)
                .fetch_all(pool)
                .await?
        }
        None => vec![],
    };
    if c.role.is_some() && name.is_empty() && known.is_empty() && existing.is_none() {
        // Someone the portal has never seen: their name shows in lists
        // until they sign in with the national account.
        errors.add("full_name", app::forms::reasons::REQUIRED);
    }
    match c.role {
        None | Some(Role::Officer | Role::Administrator) => {}
        Some(_) => errors.add("role", app::error::reasons::UNKNOWN_VALUE),
    }
    let own = known
        .iter()
        .any(|r| r.try_get::<i64, _>("id").ok() == Some(user.user_id));
    if own && c.role != Some(Role::Administrator) {
        errors.add("role", app::identity::reasons::OWN_GRANT);
    }
    if c.role == Some(Role::Officer) && c.units.is_empty() {
        // An officer of no unit would see nothing at all.
        errors.add("units", app::forms::reasons::TOO_FEW);
    }
    if c.units.len() > MAX_UNITS {
        errors.add("units", app::forms::reasons::TOO_MANY);
    }
    let in_force = crate::units::in_force(&state.db).await?;
    let mut seen = std::collections::HashSet::new();
    for (i, g) in c.units.iter().enumerate() {
        if !in_force.iter().any(|u| u.code == g.unit) {
            errors.add(
                &format!("units.{i}.unit"),
                app::error::reasons::UNKNOWN_VALUE,
            );
        } else if !seen.insert((g.unit.as_str(), g.role.as_str())) {
            errors.add(&format!("units.{i}.unit"), app::forms::reasons::TOO_MANY);
        }
    }
    if !errors.0.is_empty() {
        return Err(AppError::Unprocessable(errors));
    }
    let pid = pid.expect("checked above");
    let units: Vec<UnitGrant> = if c.role.is_some() { c.units } else { vec![] };
    let now = crate::clock::system_secs();
    let mut tx = pool.begin().await?;
    match c.role {
        Some(role) => {
            let name = if name.is_empty() {
                existing.map(|(_, n)| n).unwrap_or_default()
            } else {
                name.to_owned()
            };
            sqlx::query("INSERT INTO role_grants (personal_id, role, agencies, units, full_name, ref, updated_at) VALUES ($1, $2, '[]', $3, $4, $5, $6) ON CONFLICT (personal_id) DO UPDATE SET role = excluded.role, units = excluded.units, full_name = excluded.full_name, updated_at = excluded.updated_at")
                .bind(&pid)
                .bind(role.as_str())
                .bind(serde_json::to_string(&units)?)
                .bind(&name)
                .bind(crate::tokens::random_token())
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        None => {
            sqlx::query("DELETE FROM role_grants WHERE personal_id = $1")
                .bind(&pid)
                .execute(&mut *tx)
                .await?;
        }
    }
    // At once for whoever already has an account: their next request
    // reads the new role and units.
    for r in &known {
        let id: i64 = r.try_get("id")?;
        let role = c.role.unwrap_or(
            if r.try_get::<String, _>("account_type")? == "organisation" {
                Role::Organisation
            } else {
                Role::Individual
            },
        );
        sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
            .bind(role.as_str())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM unit_grants WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        for g in &units {
            sqlx::query("INSERT INTO unit_grants (user_id, unit_code, role) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(&g.unit)
                .bind(g.role.as_str())
                .execute(&mut *tx)
                .await?;
        }
        release_held(&mut tx, &user, id, now).await?;
    }
    let masked = PersonalId::parse(&pid)
        .map(|p| p.masked())
        .unwrap_or_default();
    // In words, as the audit page shows it; the ID masked.
    let names: std::collections::HashMap<String, String> =
        sqlx::query("SELECT code, name_vi FROM units")
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("code")?, r.try_get("name_vi")?)))
            .collect::<Result<_, sqlx::Error>>()?;
    let role = match c.role {
        Some(Role::Administrator) => "Quản trị hệ thống",
        Some(_) => "Cán bộ",
        None => "Thu hồi quyền",
    };
    let mut detail = format!("{masked}: {role}");
    for g in &units {
        let unit = names.get(&g.unit).map_or(g.unit.as_str(), String::as_str);
        detail.push_str(&format!("; {unit} ({})", g.role.name(false)));
    }
    crate::dossiers::steps::audit(&mut tx, &user, None, "grant", "", detail.trim()).await?;
    tx.commit().await?;
    tracing::info!(user.id = user.user_id, units = units.len(), "grant changed");
    Ok(Json(grants(pool).await?))
}

/// The open dossiers someone held in a unit they no longer work for go back
/// to that unit, held by nobody ("Chưa phân công"), each with an event the
/// applicant reads: nothing waits on an officer who has left.
async fn release_held(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    admin: &CurrentUser,
    officer: i64,
    now: i64,
) -> anyhow::Result<()> {
    let held = sqlx::query("SELECT id, status, unit_name FROM dossiers WHERE handler_user_id = $1 AND status IN (1, 2, 4, 5, 6, 9) AND unit_code IS NOT NULL AND unit_code NOT IN (SELECT unit_code FROM unit_grants WHERE user_id = $1)")
        .bind(officer)
        .fetch_all(&mut **tx)
        .await?;
    for r in held {
        let (id, status, unit): (i64, i64, String) = (
            r.try_get("id")?,
            r.try_get("status")?,
            r.try_get("unit_name")?,
        );
        sqlx::query("UPDATE dossiers SET handler_user_id = NULL, handler_name = '', handler_role = '', updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        let details = crate::dossiers::record::Details {
            to_unit: unit.clone(),
            ..Default::default()
        };
        sqlx::query("INSERT INTO dossier_events (dossier_id, at, from_status, status, action, actor_user_id, actor_unit, actor_name, note, details) VALUES ($1, $2, $3, $3, 'assign', $4, $5, $6, $7, $8)")
            .bind(id)
            .bind(now)
            .bind(status)
            .bind(admin.user_id)
            .bind(&unit)
            .bind(&admin.name)
            .bind("Cán bộ phụ trách không còn làm việc tại đơn vị; hồ sơ chờ phân công lại.")
            .bind(serde_json::to_string(&details)?)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
