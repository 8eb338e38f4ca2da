//! A unit's own rules for answering feedback: whether a leader approves each answer before it goes out, and the answer templates its officers start from.

use crate::error::{ApiJson, ApiPath, AppError};
use crate::identity::session::CurrentUser;
use crate::state::AppState;
use app::error::FieldErrors;
use app::feedback::{Approval, Template, UnitRules};
use app::forms::reasons;
use app::identity::Role;
use app::units::UnitRole;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use sqlx::Row;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(templates, add_template))
        .routes(routes!(remove_template))
        .routes(routes!(set_approval))
        .routes(routes!(rules))
}

/// Templates a unit may keep.
const TEMPLATES_MAX: i64 = 50;

/// Whether `user` sets the unit's rules: its leader or unit administrator,
/// or the portal's administrator.
fn may_manage(user: &CurrentUser, unit: &str) -> bool {
    user.role == Role::Administrator
        || matches!(
            user.role_in(unit),
            Some(UnitRole::Leader | UnitRole::UnitAdmin)
        )
}

/// `GET /api/officer/feedback-templates`: the templates of the officer's
/// units.
#[utoipa::path(get, path = "/officer/feedback-templates", tag = "feedback", security(("session" = [])), responses((status = 200, body = Vec<Template>), crate::contract::Errors))]
async fn templates(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<Template>>, AppError> {
    user.require(&[Role::Officer])?;
    let rows = sqlx::query("SELECT id, unit_code, title, body FROM feedback_templates WHERE unit_code IN (SELECT unit_code FROM unit_grants WHERE user_id = $1) ORDER BY unit_code, title, id")
        .bind(user.user_id)
        .fetch_all(&state.db.pool)
        .await?;
    let out = rows
        .iter()
        .map(|r| -> Result<Template, sqlx::Error> {
            Ok(Template {
                id: r.try_get("id")?,
                unit_code: r.try_get("unit_code")?,
                title: r.try_get("title")?,
                body: r.try_get("body")?,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(out))
}

/// `POST /api/officer/feedback-templates`: a leader or unit administrator
/// adds a template for their unit.
#[utoipa::path(post, path = "/officer/feedback-templates", tag = "feedback", security(("session" = [], "csrf" = [])), request_body = Template, responses((status = 201, body = Template), crate::contract::Errors))]
async fn add_template(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(t): ApiJson<Template>,
) -> Result<(StatusCode, Json<Template>), AppError> {
    user.require(&[Role::Officer, Role::Administrator])?;
    let unit = t.unit_code.trim().to_owned();
    if !may_manage(&user, &unit) {
        return Err(AppError::invalid("unit_code", reasons::UNKNOWN_VALUE));
    }
    let (title, body) = (t.title.trim(), t.body.trim());
    let mut e = FieldErrors::default();
    for (field, value, max) in [
        ("title", title, app::feedback::TITLE_MAX),
        ("body", body, app::feedback::CONTENT_MAX),
    ] {
        if value.is_empty() {
            e.add(field, reasons::REQUIRED);
        } else if value.chars().count() > max {
            e.add(field, reasons::TOO_LONG);
        }
    }
    let kept: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM feedback_templates WHERE unit_code = $1")
            .bind(&unit)
            .fetch_one(&state.db.pool)
            .await?;
    if kept >= TEMPLATES_MAX {
        e.add("unit_code", reasons::TOO_MANY);
    }
    if !e.is_empty() {
        return Err(AppError::Unprocessable(e));
    }
    let id: i64 = sqlx::query_scalar("INSERT INTO feedback_templates (unit_code, title, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(&unit)
        .bind(title)
        .bind(body)
        .bind(state.clock.now_secs())
        .fetch_one(&state.db.pool)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(Template {
            id,
            unit_code: unit,
            title: title.to_owned(),
            body: body.to_owned(),
        }),
    ))
}

/// `DELETE /api/officer/feedback-templates/{id}`.
#[utoipa::path(delete, path = "/officer/feedback-templates/{id}", tag = "feedback", security(("session" = [], "csrf" = [])), params(("id" = String, Path)), responses((status = 204, description = "Removed"), crate::contract::Errors))]
async fn remove_template(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, AppError> {
    user.require(&[Role::Officer, Role::Administrator])?;
    // Parsed here, so that whoever may not is told so before anything else.
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let unit: String = sqlx::query_scalar("SELECT unit_code FROM feedback_templates WHERE id = $1")
        .bind(id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_manage(&user, &unit) {
        return Err(AppError::NotFound);
    }
    sqlx::query("DELETE FROM feedback_templates WHERE id = $1")
        .bind(id)
        .execute(&state.db.pool)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/officer/feedback-rules`: the officer's units and whether
/// each needs a leader's approval of answers.
#[utoipa::path(get, path = "/officer/feedback-rules", tag = "feedback", security(("session" = [])), responses((status = 200, body = Vec<UnitRules>), crate::contract::Errors))]
async fn rules(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<UnitRules>>, AppError> {
    user.require(&[Role::Officer])?;
    let rows = sqlx::query("SELECT u.code, u.name_vi, u.feedback_approval FROM units u WHERE u.code IN (SELECT unit_code FROM unit_grants WHERE user_id = $1) ORDER BY u.name_vi, u.code")
        .bind(user.user_id)
        .fetch_all(&state.db.pool)
        .await?;
    let out = rows
        .iter()
        .map(|r| -> Result<UnitRules, sqlx::Error> {
            let code: String = r.try_get("code")?;
            Ok(UnitRules {
                may_manage: may_manage(&user, &code),
                unit: r.try_get("name_vi")?,
                approval: r.try_get::<i64, _>("feedback_approval")? != 0,
                unit_code: code,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(out))
}

/// `PUT /api/officer/units/{code}/feedback-approval`: whether the unit's
/// answers need a leader's approval; set by its leader or unit
/// administrator, or the portal's administrator; audited.
#[utoipa::path(put, path = "/officer/units/{code}/feedback-approval", tag = "feedback", security(("session" = [], "csrf" = [])), params(("code" = String, Path)), request_body = Approval, responses((status = 204, description = "Set"), crate::contract::Errors))]
async fn set_approval(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
    ApiJson(a): ApiJson<Approval>,
) -> Result<StatusCode, AppError> {
    user.require(&[Role::Officer, Role::Administrator])?;
    if !may_manage(&user, &code) {
        return Err(AppError::NotFound);
    }
    let mut tx = state.db.pool.begin().await?;
    let changed = sqlx::query("UPDATE units SET feedback_approval = $1 WHERE code = $2")
        .bind(i64::from(a.required))
        .bind(&code)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    crate::dossiers::steps::audit(
        &mut tx,
        &user,
        None,
        "feedback_approval",
        &code,
        if a.required { "on" } else { "off" },
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The demo's units' feedback rules (`data/demo/feedback.json`): which
/// answer only with a leader's approval, and their templates. Applied at
/// each start of the demo; templates are added once.
pub async fn seed_demo(db: &crate::db::Db, data_dir: &std::path::Path) -> anyhow::Result<()> {
    #[derive(serde::Deserialize)]
    struct Demo {
        approval: Vec<String>,
        templates: Vec<Template>,
    }
    let Ok(text) = std::fs::read_to_string(data_dir.join("demo/feedback.json")) else {
        return Ok(());
    };
    let demo: Demo = serde_json::from_str(&text)?;
    for unit in &demo.approval {
        sqlx::query("UPDATE units SET feedback_approval = 1 WHERE code = $1")
            .bind(unit)
            .execute(&db.pool)
            .await?;
    }
    for t in &demo.templates {
        sqlx::query("INSERT INTO feedback_templates (unit_code, title, body, created_at) SELECT $1, $2, $3, 0 WHERE NOT EXISTS (SELECT 1 FROM feedback_templates WHERE unit_code = $1 AND title = $2)")
            .bind(&t.unit_code)
            .bind(&t.title)
            .bind(&t.body)
            .execute(&db.pool)
            .await?;
    }
    Ok(())
}
