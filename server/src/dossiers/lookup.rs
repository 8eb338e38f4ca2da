//! The public lookup of a dossier by its code and the last four digits of the applicant's personal ID: status and dates only, and the same work whether or not the code exists.

use super::record;
use crate::clock::system_secs as now_secs;
use crate::error::{ApiQuery, AppError};
use crate::state::AppState;
use app::dossiers::PublicStatus;
use app::error::FieldErrors;
use axum::extract::State;
use axum::Json;
use sqlx::Row;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The public lookup, rate-limited per client address: a code and a
/// second factor guessed at speed must not reveal which codes exist.
pub fn router(per_minute: u32) -> OpenApiRouter<AppState> {
    crate::limits::per_address_limit(OpenApiRouter::new().routes(routes!(lookup)), per_minute)
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
    // Codes are written in capitals (the prefix is upper-cased at start):
    // `h29` typed in small letters finds `H29`.
    let upper = p.code.trim().to_uppercase();
    let code = upper.as_str();
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
    let rec = record::record_by_id(&state.db.pool, dossier_id)
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
                    record::stored_status(r.try_get("status")?)?,
                ))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Json(PublicStatus {
        code: rec.code.clone(),
        procedure_name: rec.procedure_name.clone(),
        agency: rec.unit_label().to_owned(),
        status: rec.status,
        received_at: rec.received_at,
        due_date: rec.due_date.clone(),
        timeliness: rec.timeliness(&state.processing, now_secs()),
        steps,
    }))
}
