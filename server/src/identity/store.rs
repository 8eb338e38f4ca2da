//! SQL for identity: logins in progress, people, role grants, sessions and profiles.

use super::session::Limits;
use super::ClaimNames;
use crate::clock::system_secs as now_secs;
use crate::db::Db;
use app::identity::{AccountType, PersonalId, Profile, ProfileUpdate, Role};
use serde_json::{Map, Value};
use sqlx::Row;

/// How long a login may take between leaving for the provider and coming back.
pub const AUTH_REQUEST_TTL: i64 = 600;

pub async fn save_auth_request(
    db: &Db,
    state: &str,
    nonce: &str,
    verifier: &str,
    return_to: &str,
) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM auth_requests WHERE created_at < $1")
        .bind(now_secs() - AUTH_REQUEST_TTL)
        .execute(&db.pool)
        .await?;
    sqlx::query("INSERT INTO auth_requests (state, nonce, verifier, return_to, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(state)
        .bind(nonce)
        .bind(verifier)
        .bind(return_to)
        .bind(now_secs())
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub struct AuthRequest {
    pub nonce: String,
    pub verifier: String,
    pub return_to: String,
}

/// Takes a login in progress out, so its state can never be used twice.
pub async fn take_auth_request(db: &Db, state: &str) -> anyhow::Result<Option<AuthRequest>> {
    if state.is_empty() {
        return Ok(None);
    }
    let row = sqlx::query("DELETE FROM auth_requests WHERE state = $1 AND created_at >= $2 RETURNING nonce, verifier, return_to")
        .bind(state)
        .bind(now_secs() - AUTH_REQUEST_TTL)
        .fetch_optional(&db.pool)
        .await?;
    Ok(match row {
        Some(r) => Some(AuthRequest {
            nonce: r.try_get("nonce")?,
            verifier: r.try_get("verifier")?,
            return_to: r.try_get("return_to")?,
        }),
        None => None,
    })
}

/// What the national account tells us, checked.
#[derive(Debug, Clone)]
pub struct NationalIdentity {
    pub subject: String,
    pub personal_id: PersonalId,
    pub full_name: String,
    /// YYYY-MM-DD
    pub birth_date: String,
    pub account_type: AccountType,
    pub loa: u8,
    pub tax_code: Option<String>,
}

fn text(claims: &Map<String, Value>, name: &str) -> Option<String> {
    match claims.get(name)? {
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl NationalIdentity {
    /// Maps and validates claims; the error names which check failed (never the value).
    pub fn from_claims(
        claims: &Map<String, Value>,
        names: &ClaimNames,
    ) -> Result<NationalIdentity, &'static str> {
        let subject = text(claims, "sub").ok_or("missing_sub")?;
        let personal_id =
            PersonalId::parse(&text(claims, &names.personal_id).ok_or("missing_personal_id")?)
                .map_err(|_| "bad_personal_id")?;
        let full_name = text(claims, &names.full_name).ok_or("missing_name")?;
        let raw_date = text(claims, &names.birth_date).unwrap_or_default();
        let birth_date = if raw_date.len() == 8 && raw_date.bytes().all(|b| b.is_ascii_digit()) {
            format!("{}-{}-{}", &raw_date[..4], &raw_date[4..6], &raw_date[6..])
        } else {
            String::new()
        };
        let account_type = match text(claims, &names.account_type)
            .as_deref()
            .map(app::text::fold)
            .as_deref()
        {
            Some("2" | "to chuc" | "doanh nghiep" | "organisation" | "organization") => {
                AccountType::Organisation
            }
            _ => AccountType::Citizen,
        };
        let loa = match text(claims, &names.loa).as_deref() {
            Some("2") => 2,
            _ => 1,
        };
        let tax_code = text(claims, &names.tax_code);
        Ok(NationalIdentity {
            subject,
            personal_id,
            full_name,
            birth_date,
            account_type,
            loa,
            tax_code,
        })
    }
}

/// Creates or updates the person, applying the portal's role grants.
pub async fn upsert_user(db: &Db, issuer: &str, p: &NationalIdentity) -> anyhow::Result<i64> {
    let grant = sqlx::query("SELECT role, agencies, units FROM role_grants WHERE personal_id = $1")
        .bind(p.personal_id.as_str())
        .fetch_optional(&db.pool)
        .await?;
    let (role, agency_names, unit_grants): (Role, Vec<String>, Vec<app::units::UnitGrant>) =
        match grant {
            Some(g) => (
                Role::parse(&g.try_get::<String, _>("role")?)
                    .ok_or_else(|| anyhow::anyhow!("unknown role in role_grants"))?,
                serde_json::from_str(&g.try_get::<String, _>("agencies")?)?,
                serde_json::from_str(&g.try_get::<String, _>("units")?)?,
            ),
            None if p.account_type == AccountType::Organisation => {
                (Role::Organisation, vec![], vec![])
            }
            None => (Role::Individual, vec![], vec![]),
        };
    let account_type = match p.account_type {
        AccountType::Citizen => "citizen",
        AccountType::Organisation => "organisation",
    };
    let now = now_secs();
    let mut tx = db.pool.begin().await?;
    // Someone a counter took a dossier in for before they ever signed in:
    // that record, with the dossiers and documents filed for them, becomes
    // their account at their first sign-in (matched by personal ID).
    if p.account_type == AccountType::Citizen {
        sqlx::query("UPDATE users SET issuer = $1, subject = $2 WHERE issuer = $3 AND personal_id = $4 AND NOT EXISTS (SELECT 1 FROM users WHERE issuer = $1 AND subject = $2)")
            .bind(issuer)
            .bind(&p.subject)
            .bind(crate::dossiers::intake::COUNTER_ISSUER)
            .bind(p.personal_id.as_str())
            .execute(&mut *tx)
            .await?;
    }
    // One statement for first and later logins: the national data is
    // refreshed each time, what the person added is left alone.
    let id: i64 = sqlx::query(
        "INSERT INTO users (issuer, subject, personal_id, full_name, birth_date, account_type, loa, tax_code, role, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
         ON CONFLICT (issuer, subject) DO UPDATE SET personal_id = excluded.personal_id, full_name = excluded.full_name, \
         birth_date = excluded.birth_date, account_type = excluded.account_type, loa = excluded.loa, tax_code = excluded.tax_code, \
         role = excluded.role, updated_at = excluded.updated_at RETURNING id",
    )
    .bind(issuer)
    .bind(&p.subject)
    .bind(p.personal_id.as_str())
    .bind(&p.full_name)
    .bind(&p.birth_date)
    .bind(account_type)
    .bind(i64::from(p.loa))
    .bind(p.tax_code.clone())
    .bind(role.as_str())
    .bind(now)
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    sqlx::query("DELETE FROM user_agencies WHERE user_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for name in agency_names {
        sqlx::query("INSERT INTO user_agencies (user_id, agency_id) SELECT $1, id FROM agencies WHERE name = $2").bind(id).bind(name).execute(&mut *tx).await?;
    }
    // Grants to units of the province; a unit this portal does not have
    // (another province's) grants nothing.
    sqlx::query("DELETE FROM unit_grants WHERE user_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for g in unit_grants {
        sqlx::query("INSERT INTO unit_grants (user_id, unit_code, role) SELECT $1, code, $3 FROM units WHERE code = $2 ON CONFLICT DO NOTHING")
            .bind(id)
            .bind(&g.unit)
            .bind(g.role.as_str())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Opens a session; returns its id and when it ends at the latest.
/// Starts a session at `now`. The ID token is not kept: it carries the
/// personal ID, and logout names the client instead.
pub async fn create_session(
    db: &Db,
    user_id: i64,
    limits: Limits,
    now: i64,
) -> anyhow::Result<(String, i64)> {
    let sid = super::oidc::random_token();
    let expires_at = now + limits.absolute_secs;
    sqlx::query("INSERT INTO sessions (id, user_id, csrf, id_token, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $5, $6)")
        .bind(&sid)
        .bind(user_id)
        .bind(super::oidc::random_token())
        .bind("")
        .bind(now)
        .bind(expires_at)
        .execute(&db.pool)
        .await?;
    Ok((sid, expires_at))
}

/// Ends a session at `now`; whether it was still open.
pub async fn end_session(db: &Db, sid: &str, now: i64) -> anyhow::Result<bool> {
    let done = sqlx::query("UPDATE sessions SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL")
        .bind(now)
        .bind(sid)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Grants from the demo accounts file: officers and administrators of the
/// demo. Each officer is also known as a user from the start, as after a
/// first sign-in, so a dossier can be handed to a colleague who has not
/// signed in yet.
pub async fn seed_demo_grants(
    db: &Db,
    accounts: &[super::provider::DemoAccount],
    issuer: &str,
    names: &ClaimNames,
) -> anyhow::Result<()> {
    for a in accounts {
        let (Some(role), Some(pid)) = (
            a.claims.get("role").and_then(Value::as_str),
            a.claims.get("SoDinhDanh").and_then(Value::as_str),
        ) else {
            continue;
        };
        let agencies = a
            .claims
            .get("agencies")
            .cloned()
            .unwrap_or(Value::Array(vec![]));
        let units = a
            .claims
            .get("units")
            .cloned()
            .unwrap_or(Value::Array(vec![]));
        sqlx::query("DELETE FROM role_grants WHERE personal_id = $1")
            .bind(pid)
            .execute(&db.pool)
            .await?;
        sqlx::query(
            "INSERT INTO role_grants (personal_id, role, agencies, units, full_name, ref) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(pid)
        .bind(role)
        .bind(agencies.to_string())
        .bind(units.to_string())
        .bind(a.claims.get("HoVaTen").and_then(Value::as_str).unwrap_or(""))
        .bind(crate::tokens::random_token())
        .execute(&db.pool)
        .await?;
        let known = sqlx::query("SELECT id FROM users WHERE issuer = $1 AND personal_id = $2")
            .bind(issuer)
            .bind(pid)
            .fetch_optional(&db.pool)
            .await?;
        if known.is_none() && role == "officer" {
            if let Ok(identity) = NationalIdentity::from_claims(&a.claims, names) {
                upsert_user(db, issuer, &identity).await?;
            }
        }
    }
    Ok(())
}

pub async fn profile(db: &Db, user_id: i64) -> anyhow::Result<Option<Profile>> {
    let Some(r) = sqlx::query(
        "SELECT full_name, personal_id, birth_date, account_type, loa, tax_code, email, phone, preferred_lang, notify_email, notify_sms, province_code, commune_code FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(Profile {
        full_name: r.try_get("full_name")?,
        personal_id: r.try_get("personal_id")?,
        birth_date: r.try_get("birth_date")?,
        account_type: if r.try_get::<String, _>("account_type")? == "organisation" {
            AccountType::Organisation
        } else {
            AccountType::Citizen
        },
        loa: r.try_get::<i64, _>("loa")? as u8,
        tax_code: r.try_get("tax_code")?,
        contact: ProfileUpdate {
            email: r.try_get("email")?,
            phone: r.try_get("phone")?,
            preferred_lang: r.try_get("preferred_lang")?,
            notify_email: r.try_get::<i64, _>("notify_email")? != 0,
            notify_sms: r.try_get::<i64, _>("notify_sms")? != 0,
            province: r.try_get("province_code")?,
            commune: r.try_get("commune_code")?,
        },
    }))
}

pub async fn update_profile(db: &Db, user_id: i64, u: &ProfileUpdate) -> anyhow::Result<()> {
    sqlx::query("UPDATE users SET email = $1, phone = $2, preferred_lang = $3, notify_email = $4, notify_sms = $5, updated_at = $6, province_code = $8, commune_code = $9 WHERE id = $7")
        .bind(&u.email)
        .bind(&u.phone)
        .bind(&u.preferred_lang)
        .bind(i64::from(u.notify_email))
        .bind(i64::from(u.notify_sms))
        .bind(now_secs())
        .bind(user_id)
        .bind(&u.province)
        .bind(&u.commune)
        .execute(&db.pool)
        .await?;
    Ok(())
}
