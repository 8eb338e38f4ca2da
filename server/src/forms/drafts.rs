//! Drafts: a person's unfinished e-forms, prefilled with what the state knows, kept on the server so they resume on another device; and who may start one.

use crate::clock::system_secs as now_secs;
use crate::clock::vn_date as today_vn;
use crate::db::Db;
use crate::error::{ApiJson, ApiPath, AppError};
use crate::identity::session::CurrentUser;
use crate::identity::store::profile;
use crate::state::AppState;
use crate::tokens::random_token;
use app::dossiers::{Draft, DraftUpdate, NewDraft};
use app::error::FieldErrors;
use app::forms::{Answers, FormDef, Prefill};
use app::identity::Role;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use sqlx::Row;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Limits on what a draft may hold, so a draft cannot be used as storage.
const MAX_ANSWERS: usize = 500;
const MAX_ANSWER_LEN: usize = 4000;
const MAX_KEY_LEN: usize = 120;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_drafts, create_draft))
        .routes(routes!(get_draft, save_draft, delete_draft))
}

/// Citizens and businesses file dossiers of their own; officers file for
/// people at the counter (see `dossiers::intake`), not from their account.
pub fn applicant(user: &CurrentUser) -> Result<&CurrentUser, AppError> {
    user.require(&[Role::Individual, Role::Organisation])
}

/// Who may hold drafts: applicants their own, officers those of intakes.
fn filer(user: &CurrentUser) -> Result<&CurrentUser, AppError> {
    user.require(&[Role::Individual, Role::Organisation, Role::Officer])
}

/// The day in Vietnam at a Unix time.
/// The catalogue's rules of who may file `procedure` (its subjects, the
/// identity level it needs), checked when a draft starts and again when it
/// is submitted, whatever the browser showed.
pub fn may_file(state: &AppState, user: &CurrentUser, procedure: &str) -> Result<(), AppError> {
    let kind = match user.role {
        Role::Organisation => app::procedures::SubjectKind::Organisation,
        _ => app::procedures::SubjectKind::Individual,
    };
    let catalogue = state.catalogue();
    let entry = catalogue
        .get(procedure)
        .ok_or_else(|| AppError::unprocessable("procedure", app::forms::reasons::UNKNOWN_VALUE))?;
    entry
        .summary
        .may_apply(kind, user.loa)
        .map_err(|reason| AppError::unprocessable("procedure", reason))
}

/// What the portal already knows, for the fields that ask for it.
pub async fn known_values(db: &Db, user_id: i64) -> anyhow::Result<Vec<(Prefill, String)>> {
    let Some(p) = profile(db, user_id).await? else {
        return Ok(vec![]);
    };
    let mut v = vec![
        (Prefill::FullName, p.full_name),
        (Prefill::PersonalId, p.personal_id),
        (Prefill::BirthDate, p.birth_date),
        (Prefill::Email, p.contact.email),
        (Prefill::Phone, p.contact.phone),
    ];
    if let Some(t) = p.tax_code {
        v.push((Prefill::TaxCode, t));
    }
    Ok(v.into_iter().filter(|(_, s)| !s.is_empty()).collect())
}

/// Prefills empty answers, and puts back every locked value whatever the
/// browser sent: the national identity is not the person's to change here.
pub fn apply_known(
    form: &FormDef,
    answers: &mut Answers,
    known: &[(Prefill, String)],
    overwrite_locked: bool,
) {
    for f in form.fields() {
        let Some(p) = f.prefill else { continue };
        let Some((_, v)) = known.iter().find(|(k, _)| *k == p) else {
            continue;
        };
        let slot = answers.entry(f.id.clone()).or_default();
        if slot.trim().is_empty() || (f.locked && overwrite_locked) {
            *slot = v.clone();
        }
    }
}

fn check_answers_shape(answers: &Answers) -> Result<(), AppError> {
    let mut e = FieldErrors::default();
    if answers.len() > MAX_ANSWERS {
        e.add("answers", app::forms::reasons::TOO_MANY);
    }
    for (k, v) in answers {
        let key_ok = !k.is_empty()
            && k.len() <= MAX_KEY_LEN
            && k.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
        if !key_ok {
            e.add("answers", app::forms::reasons::UNKNOWN_VALUE);
        } else if v.chars().count() > MAX_ANSWER_LEN {
            e.add(k, app::forms::reasons::TOO_LONG);
        }
    }
    e.into_result(()).map_err(AppError::Invalid)
}

fn draft_from_row(r: &sqlx::any::AnyRow, days: i64) -> anyhow::Result<Draft> {
    let updated_at: i64 = r.try_get("updated_at")?;
    Ok(Draft {
        id: r.try_get("id")?,
        procedure: r.try_get("procedure_code")?,
        procedure_name: String::new(),
        form_version: u32::try_from(r.try_get::<i64, _>("form_version")?)?,
        answers: serde_json::from_str(&r.try_get::<String, _>("answers")?)?,
        section: r.try_get("section")?,
        revision: r.try_get("revision")?,
        updated_at,
        expires_on: today_vn(updated_at + days * 86_400).to_string(),
        intake: None,
    })
}

/// A draft's select, with the person an intake is filled for; `$rest`
/// says which drafts.
macro_rules! select_drafts {
    ($rest:literal) => {
        concat!("SELECT d.id, d.procedure_code, d.form_version, d.answers, d.section, d.revision, d.updated_at, d.for_user, d.channel, d.postal_in, COALESCE(u.full_name, '') AS person_name, COALESCE(u.personal_id, '') AS person_id FROM drafts d LEFT JOIN users u ON u.id = d.for_user ", $rest)
    };
}

/// A draft with, for an intake, the person it is filled for.
fn draft_of(state: &AppState, r: &sqlx::any::AnyRow) -> anyhow::Result<Draft> {
    let mut d = draft_from_row(r, state.dossier_settings.draft_days)?;
    d.procedure_name = procedure_name(state, &d.procedure);
    if r.try_get::<i64, _>("for_user")? != 0 {
        let id: String = r.try_get("person_id")?;
        d.intake = Some(app::dossiers::IntakeFor {
            applicant: r.try_get("person_name")?,
            masked_id: app::identity::PersonalId::parse(&id)
                .map(|p| p.masked())
                .unwrap_or_default(),
            channel: app::dossiers::Channel::from_code(r.try_get("channel")?),
            postal_in: r.try_get("postal_in")?,
        });
    }
    Ok(d)
}

/// Whose dossier a draft becomes: the person an officer fills it for, or
/// its owner.
pub async fn applicant_of(db: &Db, user: &CurrentUser, id: &str) -> anyhow::Result<i64> {
    let r = sqlx::query("SELECT for_user FROM drafts WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user.user_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(match r {
        Some(r) if r.try_get::<i64, _>("for_user")? != 0 => r.try_get("for_user")?,
        _ => user.user_id,
    })
}

/// Removes drafts left untouched longer than the stated time.
async fn purge_old_drafts(state: &AppState) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM drafts WHERE updated_at < $1")
        .bind(now_secs() - state.dossier_settings.draft_days * 86_400)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

/// A draft of this person's, or 404: another person's draft does not exist for them.
pub async fn owned_draft(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<Draft, AppError> {
    purge_old_drafts(state).await?;
    let row = sqlx::query(select_drafts!("WHERE d.id = $1 AND d.user_id = $2"))
        .bind(id)
        .bind(user.user_id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(draft_of(state, &row)?)
}

fn procedure_name(state: &AppState, code: &str) -> String {
    state
        .catalogue()
        .get(code)
        .map(|e| e.summary.name.clone())
        .unwrap_or_default()
}

/// `GET /api/me/drafts`: the person's drafts, newest first.
#[utoipa::path(get, path = "/me/drafts", tag = "drafts", security(("session" = [])), responses((status = 200, body = Vec<Draft>), crate::contract::Errors))]
async fn list_drafts(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<Draft>>, AppError> {
    filer(&user)?;
    purge_old_drafts(&state).await?;
    let rows = sqlx::query(select_drafts!(
        "WHERE d.user_id = $1 ORDER BY d.updated_at DESC, d.id"
    ))
    .bind(user.user_id)
    .fetch_all(&state.db.pool)
    .await?;
    let out: anyhow::Result<Vec<Draft>> = rows.iter().map(|r| draft_of(&state, r)).collect();
    Ok(Json(out?))
}

/// `POST /api/me/drafts`: starts a procedure's e-form, prefilled.
#[utoipa::path(post, path = "/me/drafts", tag = "drafts", security(("session" = [], "csrf" = [])), request_body = NewDraft, responses((status = 201, description = "Started", body = Draft), (status = 200, description = "The draft already started", body = Draft), crate::contract::Errors))]
async fn create_draft(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(new): ApiJson<NewDraft>,
) -> Result<impl IntoResponse, AppError> {
    applicant(&user)?;
    may_file(&state, &user, &new.procedure)?;
    let Some(form) = crate::forms::current(&state.db, &state.catalogue(), &new.procedure).await?
    else {
        return Err(AppError::unprocessable(
            "procedure",
            app::forms::reasons::UNKNOWN_VALUE,
        ));
    };
    // One draft per procedure: starting again resumes it.
    if let Some(id) = draft_for(&state.db, user.user_id, &form.procedure).await? {
        return Ok((StatusCode::OK, Json(owned_draft(&state, &user, &id).await?)));
    }
    let id = start_draft(&state.db, &form, user.user_id, Filed::Own).await?;
    // A simultaneous start won the race: answer with its draft.
    let id = draft_for(&state.db, user.user_id, &form.procedure)
        .await?
        .unwrap_or(id);
    let draft = owned_draft(&state, &user, &id).await?;
    Ok((StatusCode::CREATED, Json(draft)))
}

/// Whom a new draft is for: its owner, or a person an officer takes a
/// dossier in for (`person`, the channel code and the postal item number).
pub enum Filed<'a> {
    Own,
    For(i64, i64, &'a str),
}

/// Starts `form` as a draft of `owner`'s, prefilled with what the portal
/// knows of the person it is for; returns its id (a simultaneous start of
/// the same may win: the caller looks the draft up again).
pub async fn start_draft(
    db: &Db,
    form: &FormDef,
    owner: i64,
    filed: Filed<'_>,
) -> anyhow::Result<String> {
    let (person, channel, postal) = match filed {
        Filed::Own => (owner, 2, ""),
        Filed::For(p, c, n) => (p, c, n),
    };
    let mut answers = Answers::new();
    apply_known(form, &mut answers, &known_values(db, person).await?, true);
    let id = random_token();
    let now = now_secs();
    sqlx::query("INSERT INTO drafts (id, user_id, procedure_code, form_version, answers, section, revision, created_at, updated_at, for_user, channel, postal_in) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7, $8, $9, $10) ON CONFLICT DO NOTHING")
        .bind(&id)
        .bind(owner)
        .bind(&form.procedure)
        .bind(i64::from(form.version))
        .bind(serde_json::to_string(&answers)?)
        .bind(form.sections.first().map(|s| s.id.as_str()).unwrap_or(""))
        .bind(now)
        .bind(if person == owner { 0 } else { person })
        .bind(channel)
        .bind(postal)
        .execute(&db.pool)
        .await?;
    Ok(id)
}

async fn draft_for(db: &Db, user_id: i64, procedure: &str) -> anyhow::Result<Option<String>> {
    crate::db::user_text(
        db,
        "SELECT id FROM drafts WHERE user_id = $1 AND procedure_code = $2 AND for_user = 0",
        user_id,
        procedure,
    )
    .await
}

#[utoipa::path(get, path = "/me/drafts/{id}", tag = "drafts", security(("session" = [])), params(("id" = String, Path)), responses((status = 200, body = Draft), crate::contract::Errors))]
async fn get_draft(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Draft>, AppError> {
    filer(&user)?;
    owned_draft(&state, &user, &id).await.map(Json)
}

/// `PUT /api/me/drafts/{id}`: saves the answers so far, valid or not: a
/// draft keeps what was typed. Locked identity fields are put back.
#[utoipa::path(put, path = "/me/drafts/{id}", tag = "drafts", security(("session" = [], "csrf" = [])), params(("id" = String, Path)), request_body = DraftUpdate, responses((status = 200, body = Draft), crate::contract::Errors))]
async fn save_draft(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(update): ApiJson<DraftUpdate>,
) -> Result<Json<Draft>, AppError> {
    filer(&user)?;
    let draft = owned_draft(&state, &user, &id).await?;
    check_answers_shape(&update.answers)?;
    let form = crate::forms::version(&state.db, &draft.procedure, draft.form_version)
        .await?
        .map(|f| crate::forms::as_served(f, &state.dossier_settings))
        .ok_or(AppError::NotFound)?;
    let mut answers = update.answers;
    apply_known(
        &form,
        &mut answers,
        &known_values(&state.db, applicant_of(&state.db, &user, &id).await?).await?,
        true,
    );
    let section = if form.sections.iter().any(|s| s.id == update.section) {
        update.section
    } else {
        draft.section
    };
    sqlx::query("UPDATE drafts SET answers = $1, section = $2, revision = revision + 1, updated_at = $3 WHERE id = $4 AND user_id = $5")
        .bind(serde_json::to_string(&answers)?)
        .bind(section)
        .bind(now_secs())
        .bind(&id)
        .bind(user.user_id)
        .execute(&state.db.pool)
        .await?;
    owned_draft(&state, &user, &id).await.map(Json)
}

#[utoipa::path(delete, path = "/me/drafts/{id}", tag = "drafts", security(("session" = [], "csrf" = [])), params(("id" = String, Path)), responses((status = 204, description = "Deleted"), crate::contract::Errors))]
async fn delete_draft(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, AppError> {
    filer(&user)?;
    owned_draft(&state, &user, &id).await?;
    sqlx::query("DELETE FROM drafts WHERE id = $1 AND user_id = $2")
        .bind(&id)
        .bind(user.user_id)
        .execute(&state.db.pool)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
