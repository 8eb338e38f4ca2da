//! The applicant's side of a dossier: the idempotent submit that makes it with its code and promised date, the person's dossiers, the receipt's QR code, their steps (supplement answers, withdrawal) and ratings.

use super::record::{self, Record};
use super::steps;
use crate::clock::system_secs as now_secs;
use crate::clock::vn_date as today_vn;
use crate::db::Db;
use crate::error::{ApiJson, ApiPath, AppError};
use crate::forms::drafts::{applicant, apply_known, known_values, may_file, owned_draft};
use crate::identity::session::CurrentUser;
use crate::state::AppState;
use app::dossiers::{Delivery, Dossier, DossierSummary, Status, SubmitRequest};
use app::forms::{Answers, Lookup, Prefill};
use app::lifecycle::{Actor, StepRequest};
use app::ratings::{FormRating, Rating};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use sqlx::Row;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_dossiers, submit))
        .routes(routes!(get_dossier))
        .routes(routes!(access))
        .routes(routes!(dossier_qr))
        .routes(routes!(applicant_step))
        .routes(routes!(put_rating))
        .routes(routes!(put_form_rating))
}

/// Validation's view of the world on the server.
struct ServerLookup<'a> {
    state: &'a AppState,
    today: String,
    documents: std::collections::HashSet<String>,
    /// An officer's intake: a component may be taken in on paper only.
    paper: bool,
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
    fn paper_accepted(&self) -> bool {
        self.paper
    }
}

/// The number of days in a published time limit ("05 Ngày làm việc"), and
/// whether they are calendar days ("15 Ngày"); see [`app::procedures::Limit`].
pub fn time_limit_days(text: &str) -> Option<(u32, bool)> {
    app::procedures::Limit::parse(text).map(|l| l.days())
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

/// The next number of the day for `prefix` (dossier codes, feedback
/// codes), taken inside the transaction that creates the record.
pub(crate) async fn next_number(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    prefix: &str,
    day: &str,
) -> anyhow::Result<i64> {
    sqlx::query("INSERT INTO dossier_sequences (prefix, day, last) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING")
        .bind(prefix)
        .bind(day)
        .execute(&mut **tx)
        .await?;
    Ok(sqlx::query("UPDATE dossier_sequences SET last = last + 1 WHERE prefix = $1 AND day = $2 RETURNING last")
        .bind(prefix)
        .bind(day)
        .fetch_one(&mut **tx)
        .await?
        .try_get("last")?)
}

/// The next code of the day: `{prefix}-{YYMMDD}-{NNNN}`.
async fn next_code(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    prefix: &str,
    day: &str,
) -> anyhow::Result<String> {
    let last = next_number(tx, prefix, day).await?;
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
    // An officer submits only what they filled for a person at the counter
    // or from the post (`intake`); everyone else their own drafts.
    let officer = user.role == app::identity::Role::Officer;
    if !officer {
        applicant(&user)?;
    }
    let key = req.idempotency_key.trim();
    if key.len() < 16 || key.len() > 100 {
        return Err(AppError::invalid(
            "idempotency_key",
            app::forms::reasons::UNKNOWN_VALUE,
        ));
    }
    if let Some(code) = dossier_by_key(&state.db, &user, key).await? {
        return Ok((StatusCode::OK, Json(answer(&state, &user, &code).await?)));
    }
    let draft = match owned_draft(&state, &user, &req.draft).await {
        Ok(d) => d,
        // The same submission, a moment earlier, already turned the draft
        // into the dossier: answer with it.
        Err(AppError::NotFound) => {
            let code = dossier_by_key(&state.db, &user, key)
                .await?
                .ok_or(AppError::NotFound)?;
            return Ok((StatusCode::OK, Json(answer(&state, &user, &code).await?)));
        }
        Err(e) => return Err(e),
    };
    let intake = draft.intake.clone();
    if officer != intake.is_some() {
        return Err(AppError::Forbidden);
    }
    // Whose dossier it becomes.
    let person = crate::forms::drafts::applicant_of(&state.db, &user, &draft.id).await?;
    match &intake {
        None => may_file(&state, &user, &draft.procedure)?,
        // The officer saw the person's ID paper: the highest level.
        Some(_) => state
            .catalogue()
            .get(&draft.procedure)
            .ok_or(AppError::NotFound)?
            .summary
            .may_apply(app::procedures::SubjectKind::Individual, 2)
            .map_err(|r| AppError::unprocessable("procedure", r))?,
    }
    let form = crate::forms::version(&state.db, &draft.procedure, draft.form_version)
        .await?
        .map(|f| crate::forms::as_served(f, &state.dossier_settings))
        .ok_or(AppError::NotFound)?;
    let mut answers = draft.answers.clone();
    let known = known_values(&state.db, person).await?;
    apply_known(&form, &mut answers, &known, true);
    let now = now_secs();
    let lookup = ServerLookup {
        state: &state,
        today: today_vn(now).to_string(),
        // At the counter, the officer's scans: they go to the person's store.
        documents: crate::documents::owned_ids(&state.db, user.user_id).await?,
        paper: intake.is_some(),
    };
    let mut clean = form
        .validate(&answers, None, &lookup)
        .map_err(AppError::Unprocessable)?;
    name_places(&state.places, &mut clean);
    let delivery = clean
        .get("delivery")
        .and_then(|d| Delivery::parse(d))
        // A declaration that does not ask (birth, marriage, death …): the
        // original is collected at the office, its e-copy goes to the store.
        .unwrap_or(if form.fields().any(|f| f.id == "delivery") {
            Delivery::Online
        } else {
            Delivery::Counter
        });
    let catalogue = state.catalogue();
    let entry = catalogue.get(&draft.procedure).ok_or(AppError::NotFound)?;
    let routes = crate::units::routes_of(&state.db, &catalogue, &draft.procedure).await?;
    let route = crate::units::choose_route(&routes, req.unit.as_deref(), &clean)?;
    if intake.is_some()
        && !route
            .as_ref()
            .is_some_and(|(r, _)| super::intake::may_receive(&user, &r.code))
    {
        return Err(AppError::unprocessable(
            "unit",
            app::forms::reasons::NOT_RECEIVING,
        ));
    }
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
    let applicant_name = known
        .into_iter()
        .find(|(k, _)| *k == Prefill::FullName)
        .map(|(_, v)| v)
        .unwrap_or_else(|| user.name.clone());
    let channel = intake
        .as_ref()
        .map_or(app::dossiers::Channel::Online, |i| i.channel);
    let postal_in = intake
        .as_ref()
        .map(|i| i.postal_in.clone())
        .unwrap_or_default();
    let today = today_vn(now);
    let day = format!(
        "{:02}{:02}{:02}",
        today.year() % 100,
        today.month(),
        today.day()
    );

    let mut tx = state.db.pool.begin().await?;
    let code = next_code(&mut tx, &state.dossier_settings.code_prefix, &day).await?;
    let inserted = sqlx::query("INSERT INTO dossiers (code, user_id, procedure_code, procedure_name, agency_id, agency_name, form_version, answers, applicant_name, status, channel, delivery, received_at, due_date, idempotency_key, original_due_date, limit_days, limit_calendar, updated_at, search_text, receiving_unit, unit_code, unit_name, postal_in, filed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $23, $11, $12, $13, $14, $13, $15, $16, $12, $17, $18, $19, $20, $21, $22) ON CONFLICT DO NOTHING RETURNING id")
        .bind(&code)
        .bind(person)
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
        .bind(super::queues::search_text(&code, &applicant_name))
        .bind(route.as_ref().map(|(r, _)| r.code.clone()))
        .bind(route.as_ref().map(|(_, d)| d.code.clone()))
        .bind(route.as_ref().map_or_else(String::new, |(_, d)| d.name.vi.clone()))
        .bind(&postal_in)
        .bind(intake.as_ref().map(|_| user.user_id))
        .bind(channel.code())
        .fetch_optional(&mut *tx)
        .await?;
    let Some(row) = inserted else {
        // The same key won a race with this request: answer with its dossier.
        tx.rollback().await?;
        let code = dossier_by_key(&state.db, &user, key)
            .await?
            .ok_or(AppError::NotFound)?;
        return Ok((StatusCode::OK, Json(answer(&state, &user, &code).await?)));
    };
    let id: i64 = row.try_get("id")?;
    // Taken in at a counter: the event names the unit that took it in.
    let taken_in = match (&intake, &route) {
        (Some(_), Some((r, _))) => r.code.clone(),
        _ => String::new(),
    };
    sqlx::query("INSERT INTO dossier_events (dossier_id, at, status, action, actor_user_id, actor_unit, note) VALUES ($1, $2, $3, 'submitted', $4, $5, '')")
        .bind(id)
        .bind(now)
        .bind(Status::Submitted.code())
        .bind(user.user_id)
        .bind(&taken_in)
        .execute(&mut *tx)
        .await?;
    let mut scans = vec![];
    for (field, component) in form.document_slots(&clean) {
        let Some(doc) = clean.get(&field.id) else {
            continue;
        };
        let digitised = doc != app::forms::PAPER_ONLY;
        sqlx::query("INSERT INTO dossier_components (dossier_id, field, component, digitised) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(&field.id)
            .bind(component)
            .bind(i64::from(digitised))
            .execute(&mut *tx)
            .await?;
        if !digitised {
            continue;
        }
        // An officer's scan goes into the person's own store, where it is
        // theirs to reuse once they sign in.
        let doc = match &intake {
            None => doc.clone(),
            Some(_) => {
                scans.push(doc.clone());
                super::intake::hand_to(&mut tx, doc, user.user_id, person, component).await?
            }
        };
        sqlx::query("INSERT INTO dossier_documents (dossier_id, field, document_id, component, file_name) VALUES ($1, $2, $3, $4, (SELECT file_name FROM documents WHERE id = $3))")
            .bind(id)
            .bind(&field.id)
            .bind(&doc)
            .bind(component)
            .execute(&mut *tx)
            .await?;
    }
    // The officer keeps no copy of a person's papers.
    for doc in scans {
        sqlx::query("DELETE FROM documents WHERE id = $1 AND user_id = $2 AND NOT EXISTS (SELECT 1 FROM dossier_documents WHERE document_id = $1)")
            .bind(&doc)
            .bind(user.user_id)
            .execute(&mut *tx)
            .await?;
    }
    if let Some(i) = &intake {
        let detail = match i.channel {
            app::dossiers::Channel::Post => "post",
            _ => "counter",
        };
        super::steps::audit(
            &mut tx,
            &user,
            Some(entry.summary.agency.id),
            "intake",
            &code,
            detail,
        )
        .await?;
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
            user_id: person,
            code: &code,
            procedure_name: &entry.summary.name,
            status: Status::Submitted,
            action: "submitted",
            note: "",
            items: &[],
            due_date: &due.to_string(),
            moved_to: "",
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(dossier = %code, procedure = %draft.procedure, channel = ?channel, "dossier submitted");
    Ok((
        StatusCode::CREATED,
        Json(answer(&state, &user, &code).await?),
    ))
}

/// The dossier a submission key made: the person's own, or the one an
/// officer filed for someone.
async fn dossier_by_key(db: &Db, user: &CurrentUser, key: &str) -> anyhow::Result<Option<String>> {
    let sql = if user.role == app::identity::Role::Officer {
        "SELECT code FROM dossiers WHERE filed_by = $1 AND idempotency_key = $2"
    } else {
        "SELECT code FROM dossiers WHERE user_id = $1 AND idempotency_key = $2"
    };
    crate::db::user_text(db, sql, user.user_id, key).await
}

/// The submitted dossier as its submitter sees it: the applicant's view,
/// or the officer's for a dossier taken in at the counter.
async fn answer(state: &AppState, user: &CurrentUser, code: &str) -> Result<Dossier, AppError> {
    if user.role == app::identity::Role::Officer {
        let rec = super::officer::handled(state, user, code).await?;
        return Ok(super::officer::shown(state, user, &rec).await?.0);
    }
    load_dossier(state, user, code).await
}

/// A dossier of this person's, or 404: another person's dossier does not
/// exist for them.
async fn owned(state: &AppState, user: &CurrentUser, code: &str) -> Result<Record, AppError> {
    record::record_by_code(&state.db.pool, code)
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
    Ok(record::view(
        &state.db.pool,
        &record::Seen::now_in(state),
        &rec,
        Actor::Applicant,
    )
    .await?)
}

#[utoipa::path(get, path = "/me/dossiers/{code}", tag = "dossiers", security(("session" = [])), params(("code" = String, Path, description = "Dossier code")), responses((status = 200, body = Dossier), crate::contract::Errors))]
async fn get_dossier(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<Dossier>, AppError> {
    load_dossier(&state, &user, &code).await.map(Json)
}

/// `GET /api/me/dossiers/{code}/access`: every time an officer opened the
/// dossier or one of its documents, newest first, from the audit log.
#[utoipa::path(get, path = "/me/dossiers/{code}/access", tag = "dossiers", security(("session" = [])), params(("code" = String, Path, description = "Dossier code")), responses((status = 200, body = Vec<app::dossiers::AccessEntry>), crate::contract::Errors))]
async fn access(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<Vec<app::dossiers::AccessEntry>>, AppError> {
    let rec = owned(&state, &user, &code).await?;
    let names = state.processing.show_officer_names;
    let rows = sqlx::query("SELECT a.at, a.actor_name, a.action, a.detail, a.role, COALESCE(u.name_vi, '') AS unit_name, COALESCE(NULLIF(dd.file_name, ''), d.file_name, '') AS file_name FROM audit_log a LEFT JOIN units u ON u.code = a.unit_code LEFT JOIN documents d ON a.action = 'view_document' AND d.id = a.detail LEFT JOIN dossier_documents dd ON dd.dossier_id = $2 AND dd.document_id = a.detail WHERE a.dossier_code = $1 AND a.action IN ('view_dossier', 'view_document') ORDER BY a.at DESC, a.id DESC LIMIT 200")
        .bind(&rec.code)
        .bind(rec.id)
        .fetch_all(&state.db.pool)
        .await?;
    let out = rows
        .iter()
        .map(|r| -> anyhow::Result<app::dossiers::AccessEntry> {
            let unit: String = r.try_get("unit_name")?;
            Ok(app::dossiers::AccessEntry {
                at: r.try_get("at")?,
                // Before units, the dossier's agency is the unit that looked.
                unit: if unit.is_empty() {
                    rec.agency_name.clone()
                } else {
                    unit
                },
                role: app::units::UnitRole::parse(&r.try_get::<String, _>("role")?),
                officer: if names {
                    r.try_get("actor_name")?
                } else {
                    String::new()
                },
                document: if r.try_get::<String, _>("action")? == "view_document" {
                    r.try_get("file_name")?
                } else {
                    String::new()
                },
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Json(out))
}

/// The receipt's QR code: the dossier's tracking address, as SVG.
#[utoipa::path(get, path = "/me/dossiers/{code}/qr.svg", tag = "dossiers", security(("session" = [])), params(("code" = String, Path, description = "Dossier code")), responses((status = 200, description = "QR code of the public lookup address", content_type = "image/svg+xml", body = String), crate::contract::Errors))]
async fn dossier_qr(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
) -> Result<impl IntoResponse, AppError> {
    let rec = owned(&state, &user, &code).await?;
    qr_of(&state, &rec)
}

/// A dossier's tracking address as a QR code (SVG), for its receipt.
pub(super) fn qr_of(state: &AppState, rec: &Record) -> Result<impl IntoResponse, AppError> {
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
        record::records_of_user(&state.db.pool, user.user_id, 1000)
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
    on_own(&state, &user, &code, async |rec| {
        steps::apply(&state, &user, Actor::Applicant, rec, &req)
            .await
            .map(drop)
    })
    .await
}

/// Does `act` on the person's own dossier `code`, then answers with the
/// dossier as it stands after.
async fn on_own(
    state: &AppState,
    user: &CurrentUser,
    code: &str,
    act: impl AsyncFnOnce(&Record) -> Result<(), AppError>,
) -> Result<Json<Dossier>, AppError> {
    applicant(user)?;
    let rec = owned(state, user, code).await?;
    act(&rec).await?;
    load_dossier(state, user, code).await.map(Json)
}

/// `PUT /api/me/dossiers/{code}/rating`
#[utoipa::path(put, path = "/me/dossiers/{code}/rating", tag = "ratings", security(("session" = [], "csrf" = [])), params(("code" = String, Path, description = "Dossier code")), request_body = Rating, responses((status = 200, body = Dossier), crate::contract::Errors))]
async fn put_rating(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
    ApiJson(rating): ApiJson<Rating>,
) -> Result<Json<Dossier>, AppError> {
    let (now, days) = (state.clock.now_secs(), state.processing.rating_days);
    on_own(&state, &user, &code, async |rec| {
        crate::ratings::rate(&state.db.pool, rec, &rating, now, days).await
    })
    .await
}

/// `PUT /api/me/dossiers/{code}/form-rating`
#[utoipa::path(put, path = "/me/dossiers/{code}/form-rating", tag = "ratings", security(("session" = [], "csrf" = [])), params(("code" = String, Path, description = "Dossier code")), request_body = FormRating, responses((status = 200, body = Dossier), crate::contract::Errors))]
async fn put_form_rating(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
    ApiJson(r): ApiJson<FormRating>,
) -> Result<Json<Dossier>, AppError> {
    let now = state.clock.now_secs();
    on_own(&state, &user, &code, async |rec| {
        crate::ratings::rate_form(&state.db.pool, rec, r, now).await
    })
    .await
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
