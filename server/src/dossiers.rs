//! Drafts and submission: a person's unfinished e-forms, the idempotent submit that makes a dossier with its code and promised date, and the applicant's view of it.

use crate::clock::system_secs as now_secs;
use crate::db::Db;
use crate::error::{ApiJson, ApiPath, ApiQuery, AppError};
use crate::identity::session::CurrentUser;
use crate::identity::store::profile;
use crate::processing::{self, Record};
use crate::state::AppState;
use crate::tokens::random_token;
use app::dossiers::{
    Delivery, Dossier, DossierSummary, Draft, DraftUpdate, NewDraft, PublicStatus, Status,
    SubmitRequest,
};
use app::error::FieldErrors;
use app::forms::{Answers, FormDef, Lookup, Prefill};
use app::identity::Role;
use app::lifecycle::{Actor, StepRequest};
use app::ratings::{FormRating, Rating};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use sqlx::Row;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Operator settings for dossiers.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The receiving agency's code that begins every dossier code.
    pub code_prefix: String,
    /// Dossiers received after this local time count from the next working day.
    pub cutoff: (u8, u8),
    /// Days a draft is kept after its last change.
    pub draft_days: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            code_prefix: "000.00.01.H29".into(),
            cutoff: (15, 0),
            draft_days: 30,
        }
    }
}

/// Limits on what a draft may hold, so a draft cannot be used as storage.
const MAX_ANSWERS: usize = 500;
const MAX_ANSWER_LEN: usize = 4000;
const MAX_KEY_LEN: usize = 120;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_drafts, create_draft))
        .routes(routes!(get_draft, save_draft, delete_draft))
        .routes(routes!(list_dossiers, submit))
        .routes(routes!(get_dossier))
        .routes(routes!(dossier_qr))
        .routes(routes!(applicant_step))
        .routes(routes!(put_rating))
        .routes(routes!(put_form_rating))
}

/// The public lookup, rate-limited per client address: a code and a
/// second factor guessed at speed must not reveal which codes exist.
pub fn lookup_router(per_minute: u32) -> OpenApiRouter<AppState> {
    crate::limits::per_address_limit(OpenApiRouter::new().routes(routes!(lookup)), per_minute)
}

/// Citizens and businesses file dossiers; officers do so at the counter
/// (a later issue), not from their own account.
fn applicant(user: &CurrentUser) -> Result<&CurrentUser, AppError> {
    user.require(&[Role::Individual, Role::Organisation])
}

/// The day in Vietnam at a Unix time.
/// The catalogue's rules of who may file `procedure` (its subjects, the
/// identity level it needs), checked when a draft starts and again when it
/// is submitted, whatever the browser showed.
fn may_file(state: &AppState, user: &CurrentUser, procedure: &str) -> Result<(), AppError> {
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

fn today_vn(now: i64) -> app::calendar::Date {
    app::calendar::LocalDateTime::from_unix_seconds(now).date
}

/// What the portal already knows, for the fields that ask for it.
async fn known_values(db: &Db, user_id: i64) -> anyhow::Result<Vec<(Prefill, String)>> {
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
fn apply_known(
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
async fn owned_draft(state: &AppState, user: &CurrentUser, id: &str) -> Result<Draft, AppError> {
    purge_old_drafts(state).await?;
    let row = sqlx::query("SELECT id, procedure_code, form_version, answers, section, revision, updated_at FROM drafts WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user.user_id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut d = draft_from_row(&row, state.dossier_settings.draft_days)?;
    d.procedure_name = procedure_name(state, &d.procedure);
    Ok(d)
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
    applicant(&user)?;
    purge_old_drafts(&state).await?;
    let rows = sqlx::query("SELECT id, procedure_code, form_version, answers, section, revision, updated_at FROM drafts WHERE user_id = $1 ORDER BY updated_at DESC, id")
        .bind(user.user_id)
        .fetch_all(&state.db.pool)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let mut d = draft_from_row(r, state.dossier_settings.draft_days)?;
        d.procedure_name = procedure_name(&state, &d.procedure);
        out.push(d);
    }
    Ok(Json(out))
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
    let Some(form) = crate::forms::current(&state, &new.procedure).await? else {
        return Err(AppError::unprocessable(
            "procedure",
            app::forms::reasons::UNKNOWN_VALUE,
        ));
    };
    // One draft per procedure: starting again resumes it.
    if let Some(id) = draft_for(&state.db, user.user_id, &form.procedure).await? {
        return Ok((StatusCode::OK, Json(owned_draft(&state, &user, &id).await?)));
    }
    let mut answers = Answers::new();
    apply_known(
        &form,
        &mut answers,
        &known_values(&state.db, user.user_id).await?,
        true,
    );
    let id = random_token();
    let now = now_secs();
    sqlx::query("INSERT INTO drafts (id, user_id, procedure_code, form_version, answers, section, revision, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7) ON CONFLICT DO NOTHING")
        .bind(&id)
        .bind(user.user_id)
        .bind(&form.procedure)
        .bind(i64::from(form.version))
        .bind(serde_json::to_string(&answers)?)
        .bind(form.sections.first().map(|s| s.id.as_str()).unwrap_or(""))
        .bind(now)
        .execute(&state.db.pool)
        .await?;
    // A simultaneous start won the race: answer with its draft.
    let id = draft_for(&state.db, user.user_id, &form.procedure)
        .await?
        .unwrap_or(id);
    let draft = owned_draft(&state, &user, &id).await?;
    Ok((StatusCode::CREATED, Json(draft)))
}

async fn draft_for(db: &Db, user_id: i64, procedure: &str) -> anyhow::Result<Option<String>> {
    crate::db::user_text(
        db,
        "SELECT id FROM drafts WHERE user_id = $1 AND procedure_code = $2",
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
    applicant(&user)?;
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
    applicant(&user)?;
    let draft = owned_draft(&state, &user, &id).await?;
    check_answers_shape(&update.answers)?;
    let form = crate::forms::version(&state.db, &draft.procedure, draft.form_version)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut answers = update.answers;
    apply_known(
        &form,
        &mut answers,
        &known_values(&state.db, user.user_id).await?,
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
    applicant(&user)?;
    owned_draft(&state, &user, &id).await?;
    sqlx::query("DELETE FROM drafts WHERE id = $1 AND user_id = $2")
        .bind(&id)
        .bind(user.user_id)
        .execute(&state.db.pool)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Validation's view of the world on the server.
struct ServerLookup<'a> {
    state: &'a AppState,
    today: String,
    documents: std::collections::HashSet<String>,
}

impl Lookup for ServerLookup<'_> {
    fn commune_in_province(&self, province: &str, commune: &str) -> bool {
        self.state.places.commune_in_province(province, commune)
    }
    fn owns_document(&self, id: &str) -> bool {
        self.documents.contains(id)
    }
    fn today(&self) -> String {
        self.today.clone()
    }
}

/// The number of working days in a published time limit ("05 Ngày làm
/// việc"), and whether they are calendar days ("15 Ngày"). Hours count as
/// whole working days (8 hours a day); "trong ngày" is the same day.
pub fn time_limit_days(text: &str) -> Option<(u32, bool)> {
    let folded = app::text::fold(text);
    let n: Option<u32> = folded
        .split(|c: char| !c.is_ascii_digit())
        .find(|s| !s.is_empty())
        .and_then(|s| s.parse().ok());
    if folded.contains("gio") {
        return n.map(|h| (h.div_ceil(8), false));
    }
    match n {
        Some(n) => Some((n, folded.contains("ngay") && !folded.contains("lam viec"))),
        None if folded.contains("trong ngay") => Some((0, false)),
        None => None,
    }
}

/// The promised return date for a dossier received at `received` (unix).
pub fn promised_date(received: i64, time_limit: &str, cutoff: (u8, u8)) -> app::calendar::Date {
    use app::calendar::{add_calendar_days, due_date, effective_receipt_day, LocalDateTime};
    let local = LocalDateTime::from_unix_seconds(received);
    match time_limit_days(time_limit) {
        Some((n, true)) => add_calendar_days(effective_receipt_day(local, cutoff), n),
        Some((n, false)) => due_date(local, n, cutoff),
        // No published time limit: the general rule of a few working days
        // would be a guess; promise nothing shorter than the longest usual.
        None => due_date(local, 15, cutoff),
    }
}

/// Writes the names of the province and commune next to each address's
/// codes, from the server's own list: the dossier reads the same for the
/// officer and on the receipt whatever the browser sent.
fn name_places(places: &crate::places::Places, answers: &mut Answers) {
    let bases: Vec<String> = answers
        .keys()
        .filter_map(|k| k.strip_suffix(".province").map(str::to_owned))
        .collect();
    for base in bases {
        let province = answers[&format!("{base}.province")].clone();
        let commune = answers
            .get(&format!("{base}.commune"))
            .cloned()
            .unwrap_or_default();
        let p = places.provinces.iter().find(|u| u.code == province);
        let c = places
            .communes(&province)
            .and_then(|l| l.iter().find(|u| u.code == commune));
        if let (Some(p), Some(c)) = (p, c) {
            answers.insert(format!("{base}.province_name"), p.name.clone());
            answers.insert(format!("{base}.commune_name"), c.name.clone());
        }
    }
}

/// The next code of the day: `{prefix}-{YYMMDD}-{NNNN}`, taken inside the
/// transaction that creates the dossier.
async fn next_code(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    prefix: &str,
    day: &str,
) -> anyhow::Result<String> {
    sqlx::query("INSERT INTO dossier_sequences (prefix, day, last) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING")
        .bind(prefix)
        .bind(day)
        .execute(&mut **tx)
        .await?;
    let last: i64 = sqlx::query("UPDATE dossier_sequences SET last = last + 1 WHERE prefix = $1 AND day = $2 RETURNING last")
        .bind(prefix)
        .bind(day)
        .fetch_one(&mut **tx)
        .await?
        .try_get("last")?;
    Ok(format!("{prefix}-{day}-{last:04}"))
}

/// `POST /api/me/dossiers`: submits a draft. The same idempotency key
/// always answers with the same dossier, so a double tap or a retry over a
/// flaky network never makes two.
#[utoipa::path(post, path = "/me/dossiers", tag = "dossiers", security(("session" = [], "csrf" = [])), request_body = SubmitRequest, responses((status = 201, description = "Submitted", body = Dossier), (status = 200, description = "Already submitted with this idempotency key", body = Dossier), crate::contract::Errors))]
async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(req): ApiJson<SubmitRequest>,
) -> Result<impl IntoResponse, AppError> {
    applicant(&user)?;
    let key = req.idempotency_key.trim();
    if key.len() < 16 || key.len() > 100 {
        return Err(AppError::invalid(
            "idempotency_key",
            app::forms::reasons::UNKNOWN_VALUE,
        ));
    }
    if let Some(code) = dossier_by_key(&state.db, user.user_id, key).await? {
        return Ok((
            StatusCode::OK,
            Json(load_dossier(&state, &user, &code).await?),
        ));
    }
    let draft = match owned_draft(&state, &user, &req.draft).await {
        Ok(d) => d,
        // The same submission, a moment earlier, already turned the draft
        // into the dossier: answer with it.
        Err(AppError::NotFound) => {
            let code = dossier_by_key(&state.db, user.user_id, key)
                .await?
                .ok_or(AppError::NotFound)?;
            return Ok((
                StatusCode::OK,
                Json(load_dossier(&state, &user, &code).await?),
            ));
        }
        Err(e) => return Err(e),
    };
    may_file(&state, &user, &draft.procedure)?;
    let form = crate::forms::version(&state.db, &draft.procedure, draft.form_version)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut answers = draft.answers.clone();
    apply_known(
        &form,
        &mut answers,
        &known_values(&state.db, user.user_id).await?,
        true,
    );
    let now = now_secs();
    let lookup = ServerLookup {
        state: &state,
        today: today_vn(now).to_string(),
        documents: crate::documents::owned_ids(&state.db, user.user_id).await?,
    };
    let mut clean = form
        .validate(&answers, None, &lookup)
        .map_err(AppError::Unprocessable)?;
    name_places(&state.places, &mut clean);
    let delivery = clean
        .get("delivery")
        .and_then(|d| Delivery::parse(d))
        .unwrap_or(Delivery::Online);
    let entry = state.catalogue();
    let entry = entry.get(&draft.procedure).ok_or(AppError::NotFound)?;
    let detail = crate::procedures::store::load_detail(&state.db, &draft.procedure)
        .await?
        .ok_or(AppError::NotFound)?;
    let time_limit = detail
        .channels
        .iter()
        .find(|c| c.kind == app::procedures::ChannelKind::Online && !c.time_limit.is_empty())
        .or_else(|| detail.channels.iter().find(|c| !c.time_limit.is_empty()))
        .map(|c| c.time_limit.clone())
        .unwrap_or_default();
    let due = promised_date(now, &time_limit, state.dossier_settings.cutoff);
    let (limit_days, limit_calendar) = time_limit_days(&time_limit).unwrap_or((15, false));
    let applicant_name = known_values(&state.db, user.user_id)
        .await?
        .into_iter()
        .find(|(k, _)| *k == Prefill::FullName)
        .map(|(_, v)| v)
        .unwrap_or_else(|| user.name.clone());
    let today = today_vn(now);
    let day = format!(
        "{:02}{:02}{:02}",
        today.year() % 100,
        today.month(),
        today.day()
    );

    let mut tx = state.db.pool.begin().await?;
    let code = next_code(&mut tx, &state.dossier_settings.code_prefix, &day).await?;
    let inserted = sqlx::query("INSERT INTO dossiers (code, user_id, procedure_code, procedure_name, agency_id, agency_name, form_version, answers, applicant_name, status, channel, delivery, received_at, due_date, idempotency_key, original_due_date, limit_days, limit_calendar, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 2, $11, $12, $13, $14, $13, $15, $16, $12) ON CONFLICT DO NOTHING RETURNING id")
        .bind(&code)
        .bind(user.user_id)
        .bind(&draft.procedure)
        .bind(&entry.summary.name)
        .bind(entry.summary.agency.id)
        .bind(&entry.summary.agency.name)
        .bind(i64::from(draft.form_version))
        .bind(serde_json::to_string(&clean)?)
        .bind(&applicant_name)
        .bind(Status::Submitted.code())
        .bind(delivery.as_str())
        .bind(now)
        .bind(due.to_string())
        .bind(key)
        .bind(i64::from(limit_days))
        .bind(i64::from(limit_calendar))
        .fetch_optional(&mut *tx)
        .await?;
    let Some(row) = inserted else {
        // The same key won a race with this request: answer with its dossier.
        tx.rollback().await?;
        let code = dossier_by_key(&state.db, user.user_id, key)
            .await?
            .ok_or(AppError::NotFound)?;
        return Ok((
            StatusCode::OK,
            Json(load_dossier(&state, &user, &code).await?),
        ));
    };
    let id: i64 = row.try_get("id")?;
    sqlx::query("INSERT INTO dossier_events (dossier_id, at, status, action, actor_user_id, actor_unit, note) VALUES ($1, $2, $3, 'submitted', $4, '', '')")
        .bind(id)
        .bind(now)
        .bind(Status::Submitted.code())
        .bind(user.user_id)
        .execute(&mut *tx)
        .await?;
    for (field, component) in form.document_slots(&clean) {
        if let Some(doc) = clean.get(&field.id) {
            sqlx::query("INSERT INTO dossier_documents (dossier_id, field, document_id, component) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(&field.id)
                .bind(doc)
                .bind(component)
                .execute(&mut *tx)
                .await?;
        }
    }
    sqlx::query("DELETE FROM drafts WHERE id = $1 AND user_id = $2")
        .bind(&draft.id)
        .bind(user.user_id)
        .execute(&mut *tx)
        .await?;
    crate::notifications::notify(
        &mut tx,
        &state,
        crate::notifications::Change {
            user_id: user.user_id,
            code: &code,
            procedure_name: &entry.summary.name,
            status: Status::Submitted,
            action: "submitted",
            note: "",
            items: &[],
            due_date: &due.to_string(),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(dossier = %code, procedure = %draft.procedure, "dossier submitted");
    Ok((
        StatusCode::CREATED,
        Json(load_dossier(&state, &user, &code).await?),
    ))
}

async fn dossier_by_key(db: &Db, user_id: i64, key: &str) -> anyhow::Result<Option<String>> {
    crate::db::user_text(
        db,
        "SELECT code FROM dossiers WHERE user_id = $1 AND idempotency_key = $2",
        user_id,
        key,
    )
    .await
}

/// A dossier of this person's, or 404: another person's dossier does not
/// exist for them.
async fn owned(state: &AppState, user: &CurrentUser, code: &str) -> Result<Record, AppError> {
    processing::record_by_code(state, code)
        .await?
        .filter(|r| r.user_id == user.user_id)
        .ok_or(AppError::NotFound)
}

async fn load_dossier(
    state: &AppState,
    user: &CurrentUser,
    code: &str,
) -> Result<Dossier, AppError> {
    let rec = owned(state, user, code).await?;
    Ok(processing::view(state, &rec, Actor::Applicant).await?)
}

#[utoipa::path(get, path = "/me/dossiers/{code}", tag = "dossiers", security(("session" = [])), params(("code" = String, Path, description = "Dossier code")), responses((status = 200, body = Dossier), crate::contract::Errors))]
async fn get_dossier(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<Dossier>, AppError> {
    load_dossier(&state, &user, &code).await.map(Json)
}

/// The receipt's QR code: the dossier's tracking address, as SVG.
#[utoipa::path(get, path = "/me/dossiers/{code}/qr.svg", tag = "dossiers", security(("session" = [])), params(("code" = String, Path, description = "Dossier code")), responses((status = 200, description = "QR code of the public lookup address", content_type = "image/svg+xml", body = String), crate::contract::Errors))]
async fn dossier_qr(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
) -> Result<impl IntoResponse, AppError> {
    let rec = owned(&state, &user, &code).await?;
    let url = format!("{}/tra-cuu-ho-so/{}", state.public_url, rec.code);
    let qr = qrcode::QrCode::new(url.as_bytes()).map_err(anyhow::Error::from)?;
    let svg = qr
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(160, 160)
        .quiet_zone(true)
        .build();
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "image/svg+xml"),
            (axum::http::header::CACHE_CONTROL, "private, max-age=86400"),
        ],
        svg,
    ))
}

/// `GET /api/me/dossiers`: the person's dossiers, newest first.
#[utoipa::path(get, path = "/me/dossiers", tag = "dossiers", security(("session" = [])), responses((status = 200, body = Vec<DossierSummary>), crate::contract::Errors))]
async fn list_dossiers(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<DossierSummary>>, AppError> {
    let now = now_secs();
    Ok(Json(
        processing::records_of_user(&state, user.user_id, 1000)
            .await?
            .iter()
            .map(|r| r.summary(&state.processing, now))
            .collect(),
    ))
}

/// `POST /api/me/dossiers/{code}/steps`: the applicant answers a supplement
/// request or withdraws.
#[utoipa::path(post, path = "/me/dossiers/{code}/steps", tag = "dossiers", security(("session" = [], "csrf" = [])), params(("code" = String, Path, description = "Dossier code")), request_body = StepRequest, responses((status = 200, body = Dossier), crate::contract::Errors))]
async fn applicant_step(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<StepRequest>,
) -> Result<Json<Dossier>, AppError> {
    applicant(&user)?;
    let rec = owned(&state, &user, &code).await?;
    processing::apply(&state, &user, Actor::Applicant, &rec, &req).await?;
    load_dossier(&state, &user, &code).await.map(Json)
}

/// `PUT /api/me/dossiers/{code}/rating`
#[utoipa::path(put, path = "/me/dossiers/{code}/rating", tag = "ratings", security(("session" = [], "csrf" = [])), params(("code" = String, Path, description = "Dossier code")), request_body = Rating, responses((status = 200, body = Dossier), crate::contract::Errors))]
async fn put_rating(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
    ApiJson(rating): ApiJson<Rating>,
) -> Result<Json<Dossier>, AppError> {
    applicant(&user)?;
    let rec = owned(&state, &user, &code).await?;
    crate::ratings::rate(&state, &user, &rec, &rating).await?;
    load_dossier(&state, &user, &code).await.map(Json)
}

/// `PUT /api/me/dossiers/{code}/form-rating`
#[utoipa::path(put, path = "/me/dossiers/{code}/form-rating", tag = "ratings", security(("session" = [], "csrf" = [])), params(("code" = String, Path, description = "Dossier code")), request_body = FormRating, responses((status = 200, body = Dossier), crate::contract::Errors))]
async fn put_form_rating(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
    ApiJson(r): ApiJson<FormRating>,
) -> Result<Json<Dossier>, AppError> {
    applicant(&user)?;
    let rec = owned(&state, &user, &code).await?;
    crate::ratings::rate_form(&state, &user, &rec, r).await?;
    load_dossier(&state, &user, &code).await.map(Json)
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct LookupParams {
    #[serde(default)]
    code: String,
    /// The last four digits of the applicant's personal ID.
    #[serde(default)]
    id: String,
}

/// `GET /api/lookup?code=&id=`: status and dates, without personal data,
/// for whoever holds the code and the last four digits of the applicant's
/// personal ID. A wrong pair and an unknown code answer alike.
#[utoipa::path(get, path = "/lookup", tag = "dossiers", params(LookupParams), responses((status = 200, body = PublicStatus), crate::contract::Errors))]
async fn lookup(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<LookupParams>,
) -> Result<Json<PublicStatus>, AppError> {
    let mut e = FieldErrors::default();
    let code = p.code.trim();
    if code.is_empty() {
        e.add("code", app::forms::reasons::REQUIRED);
    } else if code.len() > 60 {
        e.add("code", app::forms::reasons::TOO_LONG);
    }
    let id = p.id.trim();
    if id.len() != 4 || !id.bytes().all(|b| b.is_ascii_digit()) {
        e.add("id", app::forms::reasons::NOT_A_NUMBER);
    }
    e.into_result(()).map_err(AppError::Invalid)?;
    // One query whether or not the code exists, and the same comparison
    // after it: an unknown code and a wrong factor take the same work, so
    // the time taken does not tell which codes are real.
    let found = sqlx::query(
        "SELECT d.id, u.personal_id FROM dossiers d JOIN users u ON u.id = d.user_id WHERE d.code = $1",
    )
    .bind(code)
    .fetch_optional(&state.db.pool)
    .await?;
    let (dossier_id, pid): (Option<i64>, String) = match &found {
        Some(r) => (Some(r.try_get("id")?), r.try_get("personal_id")?),
        None => (None, "----".to_owned()),
    };
    // Compared in full so the time taken does not tell how close a guess was.
    let tail = pid.get(pid.len().saturating_sub(4)..).unwrap_or("----");
    let same = tail.len() == 4
        && tail
            .bytes()
            .zip(id.bytes())
            .fold(0u8, |a, (x, y)| a | (x ^ y))
            == 0;
    let (Some(dossier_id), true) = (dossier_id, same) else {
        return Err(AppError::NotFound);
    };
    let rec = processing::record_by_id(&state, dossier_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let steps =
        sqlx::query("SELECT at, status FROM dossier_events WHERE dossier_id = $1 ORDER BY at, id")
            .bind(rec.id)
            .fetch_all(&state.db.pool)
            .await?
            .iter()
            .map(|r| {
                Ok((
                    r.try_get("at")?,
                    processing::stored_status(r.try_get("status")?)?,
                ))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Json(PublicStatus {
        code: rec.code.clone(),
        procedure_name: rec.procedure_name.clone(),
        agency: rec.agency_name.clone(),
        status: rec.status,
        received_at: rec.received_at,
        due_date: rec.due_date.clone(),
        timeliness: rec.timeliness(&state.processing, now_secs()),
        steps,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_time_limits_are_read() {
        assert_eq!(time_limit_days("05 Ngày làm việc"), Some((5, false)));
        assert_eq!(time_limit_days("15 Ngày"), Some((15, true)));
        assert_eq!(time_limit_days("Trong ngày"), Some((0, false)));
        assert_eq!(time_limit_days("12 Giờ"), Some((2, false)));
        assert_eq!(time_limit_days(""), None);
    }
}
