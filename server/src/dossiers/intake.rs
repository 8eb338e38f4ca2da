//! Dossiers taken in at the counter or from the post: the receiving officer finds the person by personal ID (or records them), then fills the same e-form for them as a draft of their own; the submit makes it the person's dossier.

use crate::db::Db;
use crate::error::{ApiJson, AppError};
use crate::forms::drafts::{owned_draft, start_draft, Filed};
use crate::identity::session::CurrentUser;
use crate::state::AppState;
use app::dossiers::{Channel, Draft, IntakeFound, IntakePerson, IntakeProcedure, IntakeStart};
use app::error::FieldErrors;
use app::forms::reasons;
use app::identity::{PersonalId, Role};
use app::units::UnitRole;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use sqlx::Row;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The issuer of the records a counter makes for people who have never
/// signed in; the first sign-in with the national account takes them over
/// (see `identity::store::upsert_user`).
pub const COUNTER_ISSUER: &str = "counter";

const NAME_MAX: usize = 100;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(find))
        .routes(routes!(start))
        .routes(routes!(procedures))
}

/// The units where the officer takes dossiers in at the counter.
fn receiving_units(user: &CurrentUser) -> Result<Vec<&str>, AppError> {
    user.require(&[Role::Officer])?;
    Ok(user
        .grants
        .iter()
        .filter(|(_, r)| *r == UnitRole::Receiving)
        .map(|(u, _)| u.as_str())
        .collect())
}

/// A person as the portal knows them: id, name, birth date, and whether
/// they signed in themselves.
struct Known {
    id: i64,
    full_name: String,
    birth_date: String,
    has_account: bool,
}

async fn known_person(db: &Db, id: &PersonalId) -> anyhow::Result<Option<Known>> {
    let row = sqlx::query("SELECT id, full_name, birth_date, issuer FROM users WHERE personal_id = $1 AND account_type = 'citizen' ORDER BY CASE WHEN issuer = $2 THEN 1 ELSE 0 END, id LIMIT 1")
        .bind(id.as_str())
        .bind(COUNTER_ISSUER)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| -> anyhow::Result<Known> {
        Ok(Known {
            id: r.try_get("id")?,
            full_name: r.try_get("full_name")?,
            birth_date: r.try_get("birth_date")?,
            has_account: r.try_get::<String, _>("issuer")? != COUNTER_ISSUER,
        })
    })
    .transpose()
}

/// Checks what the officer typed about the person; for someone the portal
/// does not know, the name and birth date the officer read off their ID.
/// Every problem is named at its field.
async fn resolve(db: &Db, p: &IntakePerson) -> Result<(PersonalId, Option<Known>), AppError> {
    let id =
        PersonalId::parse(&p.personal_id).map_err(|r| AppError::unprocessable("personal_id", r))?;
    if let Some(k) = known_person(db, &id).await? {
        return Ok((id, Some(k)));
    }
    let (name, birth) = (p.full_name.trim(), p.birth_date.trim());
    if name.is_empty() && birth.is_empty() {
        return Err(AppError::unprocessable(
            "personal_id",
            reasons::UNKNOWN_PERSON,
        ));
    }
    let mut e = FieldErrors::default();
    if name.is_empty() {
        e.add("full_name", reasons::REQUIRED);
    } else if name.chars().count() > NAME_MAX {
        e.add("full_name", reasons::TOO_LONG);
    }
    match app::forms::typed_date(birth) {
        _ if birth.is_empty() => e.add("birth_date", reasons::REQUIRED),
        Some(d) if app::forms::valid_date(&d) => {
            if d > crate::clock::vn_date(crate::clock::system_secs()).to_string() {
                e.add("birth_date", reasons::FUTURE_DATE);
            } else if d[..4].parse::<u32>().ok() != Some(id.birth_year()) {
                e.add("birth_date", reasons::BIRTH_YEAR_MISMATCH);
            }
        }
        _ => e.add("birth_date", reasons::INVALID_DATE),
    }
    e.into_result(()).map_err(AppError::Unprocessable)?;
    Ok((id, None))
}

/// `POST /api/officer/intake/person`: whether the portal knows the person
/// with this personal ID (in the body, never in an address), and their
/// name and birth date as recorded.
#[utoipa::path(post, path = "/officer/intake/person", tag = "intake", security(("session" = [], "csrf" = [])), request_body = IntakePerson, responses((status = 200, body = IntakeFound), crate::contract::Errors))]
async fn find(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(p): ApiJson<IntakePerson>,
) -> Result<Json<IntakeFound>, AppError> {
    if receiving_units(&user)?.is_empty() {
        return Err(AppError::Forbidden);
    }
    let (_, known) = resolve(&state.db, &p).await?;
    Ok(Json(match known {
        Some(k) => IntakeFound {
            full_name: k.full_name,
            birth_date: k.birth_date,
            has_account: k.has_account,
        },
        None => IntakeFound {
            full_name: p.full_name.trim().to_owned(),
            birth_date: app::forms::typed_date(&p.birth_date).unwrap_or_default(),
            has_account: false,
        },
    }))
}

/// The person's id, recording them when the portal does not know them yet.
async fn person_id(
    db: &Db,
    id: &PersonalId,
    known: Option<Known>,
    p: &IntakePerson,
) -> anyhow::Result<i64> {
    if let Some(k) = known {
        return Ok(k.id);
    }
    let now = crate::clock::system_secs();
    // The subject is the personal ID itself: one record per person however
    // many counters take them in at once.
    sqlx::query("INSERT INTO users (issuer, subject, personal_id, full_name, birth_date, account_type, loa, role, created_at, updated_at) VALUES ($1, $2, $2, $3, $4, 'citizen', 0, 'individual', $5, $5) ON CONFLICT (issuer, subject) DO NOTHING")
        .bind(COUNTER_ISSUER)
        .bind(id.as_str())
        .bind(p.full_name.trim())
        .bind(app::forms::typed_date(&p.birth_date).unwrap_or_default())
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(
        sqlx::query("SELECT id FROM users WHERE issuer = $1 AND subject = $2")
            .bind(COUNTER_ISSUER)
            .bind(id.as_str())
            .fetch_one(&db.pool)
            .await?
            .try_get("id")?,
    )
}

/// `POST /api/officer/intake`: the e-form of `procedure` for the person,
/// prefilled with what the portal knows of them, as a draft of the
/// officer's; starting again resumes it. Submitting it
/// (`POST /api/me/dossiers`) files the person's dossier.
#[utoipa::path(post, path = "/officer/intake", tag = "intake", security(("session" = [], "csrf" = [])), request_body = IntakeStart, responses((status = 201, description = "Started", body = Draft), (status = 200, description = "Resumed", body = Draft), crate::contract::Errors))]
async fn start(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(req): ApiJson<IntakeStart>,
) -> Result<impl IntoResponse, AppError> {
    let mine = receiving_units(&user)?;
    if mine.is_empty() {
        return Err(AppError::Forbidden);
    }
    // Everything about the intake itself first, then the person: the
    // officer sees every problem of the page at once.
    let mut e = FieldErrors::default();
    let postal = req.postal_in.trim().to_uppercase();
    match req.channel {
        Channel::Online => e.add("channel", reasons::UNKNOWN_VALUE),
        Channel::Post if postal.is_empty() => e.add("postal_in", reasons::REQUIRED),
        Channel::Post if !app::lifecycle::valid_tracking(&postal) => {
            e.add("postal_in", app::lifecycle::reasons::INVALID_TRACKING)
        }
        _ => {}
    }
    let catalogue = state.catalogue();
    let procedure = req.procedure.trim();
    let form = match catalogue.get(procedure) {
        None => None,
        Some(entry) => match entry
            .summary
            .may_apply(app::procedures::SubjectKind::Individual, 2)
        {
            Err(r) => {
                e.add("procedure", r);
                None
            }
            Ok(()) => {
                let routes = crate::units::routes_of(&state.db, &catalogue, procedure).await?;
                if !routes.iter().any(|(r, _)| mine.contains(&r.code.as_str())) {
                    e.add("procedure", reasons::NOT_RECEIVING);
                }
                crate::forms::current(&state.db, &catalogue, procedure).await?
            }
        },
    };
    if form.is_none() && !e.0.contains_key("procedure") {
        e.add("procedure", reasons::UNKNOWN_VALUE);
    }
    let person = resolve(&state.db, &req.person).await;
    let (id, known) = match person {
        Ok(p) => p,
        Err(AppError::Unprocessable(more)) => {
            e.0.extend(more.0);
            return Err(AppError::Unprocessable(e));
        }
        Err(other) => return Err(other),
    };
    e.into_result(()).map_err(AppError::Unprocessable)?;
    let form = form.ok_or(AppError::NotFound)?;
    let person = person_id(&state.db, &id, known, &req.person).await?;
    let channel = req.channel.code();
    let postal = if req.channel == Channel::Post {
        postal
    } else {
        String::new()
    };
    if let Some(draft) = intake_draft(&state.db, user.user_id, &form.procedure, person).await? {
        sqlx::query("UPDATE drafts SET channel = $1, postal_in = $2 WHERE id = $3")
            .bind(channel)
            .bind(&postal)
            .bind(&draft)
            .execute(&state.db.pool)
            .await?;
        let d: Draft = owned_draft(&state, &user, &draft).await?;
        return Ok((StatusCode::OK, Json(d)));
    }
    start_draft(
        &state.db,
        &form,
        user.user_id,
        Filed::For(person, channel, &postal),
    )
    .await?;
    // This start, or a simultaneous one of the same.
    let draft = intake_draft(&state.db, user.user_id, &form.procedure, person)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(owned_draft(&state, &user, &draft).await?),
    ))
}

/// The draft an officer is filling for a person, if any.
async fn intake_draft(
    db: &Db,
    officer: i64,
    procedure: &str,
    person: i64,
) -> anyhow::Result<Option<String>> {
    sqlx::query(
        "SELECT id FROM drafts WHERE user_id = $1 AND procedure_code = $2 AND for_user = $3",
    )
    .bind(officer)
    .bind(procedure)
    .bind(person)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| r.try_get("id"))
    .transpose()
    .map_err(Into::into)
}

/// `GET /api/officer/intake/procedures`: what the officer's units take in
/// at the counter, by name, for the intake page's list.
#[utoipa::path(get, path = "/officer/intake/procedures", tag = "intake", security(("session" = [])), responses((status = 200, body = Vec<IntakeProcedure>), crate::contract::Errors))]
async fn procedures(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<IntakeProcedure>>, AppError> {
    let mine = receiving_units(&user)?;
    let catalogue = state.catalogue();
    let mut out = std::collections::BTreeMap::new();
    for unit in crate::units::in_force(&state.db).await? {
        if !mine.contains(&unit.code.as_str()) {
            continue;
        }
        for p in crate::units::served(&state.db, &catalogue, &unit).await? {
            if p.receives {
                out.insert(p.code, p.name);
            }
        }
    }
    Ok(Json(
        out.into_iter()
            .map(|(code, name)| IntakeProcedure { code, name })
            .collect(),
    ))
}

/// Whether the officer may file the dossier a draft of theirs becomes at
/// `receiving`: they take dossiers in there.
pub fn may_receive(user: &CurrentUser, receiving: &str) -> bool {
    user.grants
        .iter()
        .any(|(u, r)| u == receiving && *r == UnitRole::Receiving)
}

/// Puts an officer's scan into the person's store (the same bytes, once)
/// as the component it was taken in for; returns the person's document.
pub async fn hand_to(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    doc: &str,
    officer: i64,
    person: i64,
    component: &str,
) -> anyhow::Result<String> {
    let r = sqlx::query(
        "SELECT sha256, file_name, media_type, size FROM documents WHERE id = $1 AND user_id = $2",
    )
    .bind(doc)
    .bind(officer)
    .fetch_one(&mut **tx)
    .await?;
    let (sha, name, media): (String, String, String) = (
        r.try_get("sha256")?,
        r.try_get("file_name")?,
        r.try_get("media_type")?,
    );
    crate::documents::add_to_store(
        &mut **tx,
        crate::documents::NewDocument {
            user_id: person,
            sha256: &sha,
            kind: component,
            file_name: &name,
            media_type: &media,
            size: r.try_get("size")?,
        },
    )
    .await
}
