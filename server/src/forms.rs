//! E-forms and drafts. E-form versions: the shipped forms of `data/forms/`, generic forms made from a procedure's dossier components, and `GET /api/forms/{code}`.

use crate::db::Db;
use crate::error::{ApiPath, AppError};
use crate::procedures::catalogue::Catalogue;
use crate::state::AppState;
use app::forms::{generic_form, FormDef};
use axum::extract::State;
use axum::Json;
use sqlx::Row;
use utoipa_axum::{router::OpenApiRouter, routes};

pub mod drafts;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(current_form))
        .routes(routes!(form_version))
        .merge(drafts::router())
}

/// Stores each shipped form version not yet in the database. A published
/// version is never changed in place: dossiers were filled with it.
pub async fn load_shipped(db: &Db, data_dir: &std::path::Path) -> anyhow::Result<usize> {
    let dir = data_dir.join("forms");
    let Ok(read) = std::fs::read_dir(&dir) else {
        return Ok(0);
    };
    let mut added = 0;
    let mut paths: Vec<_> = read.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let form: FormDef = serde_json::from_slice(&std::fs::read(&path)?)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let json = serde_json::to_string(&form)?;
        match stored(db, &form.procedure, form.version).await? {
            None => {
                insert(db, &form.procedure, form.version, &json).await?;
                added += 1;
            }
            Some(existing) if existing != json => tracing::warn!(
                file = %path.display(),
                version = form.version,
                "a shipped form differs from the stored version of the same number; raise its version"
            ),
            Some(_) => {}
        }
    }
    Ok(added)
}

async fn stored(db: &Db, code: &str, version: u32) -> anyhow::Result<Option<String>> {
    Ok(sqlx::query(
        "SELECT definition FROM form_versions WHERE procedure_code = $1 AND version = $2",
    )
    .bind(code)
    .bind(i64::from(version))
    .fetch_optional(&db.pool)
    .await?
    .map(|r| r.try_get("definition"))
    .transpose()?)
}

async fn insert(db: &Db, code: &str, version: u32, json: &str) -> anyhow::Result<()> {
    // Two servers may make the same generic form at once; the first wins.
    sqlx::query("INSERT INTO form_versions (procedure_code, version, definition, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
        .bind(code)
        .bind(i64::from(version))
        .bind(json)
        .bind(crate::clock::system_secs())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// A form as this portal serves and checks it, with the operator's
/// settings applied: the browser and the server hold the same rules.
pub fn as_served(form: FormDef, settings: &crate::config::DossierSettings) -> FormDef {
    if settings.require_phone {
        form.with_phone_required()
    } else {
        form
    }
}

/// One stored version of a form.
pub async fn version(db: &Db, code: &str, version: u32) -> anyhow::Result<Option<FormDef>> {
    Ok(match stored(db, code, version).await? {
        Some(json) => Some(serde_json::from_str(&json)?),
        None => None,
    })
}

/// The form a new dossier is filled with: the newest version, or for a
/// procedure offered online without a written form, a generic one made
/// from its dossier components (stored, so it stays what it was).
pub async fn current(
    db: &Db,
    catalogue: &Catalogue,
    code: &str,
) -> anyhow::Result<Option<FormDef>> {
    let row = sqlx::query("SELECT definition FROM form_versions WHERE procedure_code = $1 ORDER BY version DESC LIMIT 1")
        .bind(code)
        .fetch_optional(&db.pool)
        .await?;
    if let Some(r) = row {
        let form: FormDef = serde_json::from_str(&r.try_get::<String, _>("definition")?)?;
        // A written form, or a generic one of the current shape, stays; a
        // generic form of an older shape is made again (its dossiers keep theirs).
        if !form.source.starts_with("generic") || form.version >= app::forms::GENERIC_VERSION {
            return Ok(Some(form));
        }
    }
    let online = catalogue
        .get(code)
        .is_some_and(|e| e.summary.service_level.is_online());
    if !online {
        return Ok(None);
    }
    let Some(detail) = crate::procedures::store::load_detail(db, code).await? else {
        return Ok(None);
    };
    let components: Vec<(String, Vec<String>)> = detail
        .dossier
        .iter()
        .map(|c| {
            (
                c.case.clone(),
                c.documents.iter().map(|d| d.name.clone()).collect(),
            )
        })
        .collect();
    let form = generic_form(code, &detail.summary.name, &components);
    insert(db, code, form.version, &serde_json::to_string(&form)?).await?;
    version(db, code, form.version).await
}

/// `GET /api/forms/{code}`: the e-form of a procedure offered online.
#[utoipa::path(get, path = "/forms/{code}", tag = "forms",
    params(("code" = String, Path, description = "Catalogue code")),
    responses((status = 200, body = FormDef), crate::contract::Errors))]
async fn current_form(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<FormDef>, AppError> {
    current(&state.db, &state.catalogue(), &code)
        .await?
        .map(|f| Json(as_served(f, &state.dossier_settings)))
        .ok_or(AppError::NotFound)
}

/// `GET /api/forms/{code}/{version}`: the version a dossier was filled with.
#[utoipa::path(get, path = "/forms/{code}/{version}", tag = "forms",
    params(("code" = String, Path, description = "Catalogue code"), ("version" = u32, Path, description = "Form version")),
    responses((status = 200, body = FormDef), crate::contract::Errors))]
async fn form_version(
    State(state): State<AppState>,
    ApiPath((code, v)): ApiPath<(String, u32)>,
) -> Result<Json<FormDef>, AppError> {
    version(&state.db, &code, v)
        .await?
        .map(|f| Json(as_served(f, &state.dossier_settings)))
        .ok_or(AppError::NotFound)
}
