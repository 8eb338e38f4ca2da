//! The portal's own session: a signed token in an HttpOnly cookie, checked against the session row on every request.
//!
//! Authorization is decided here, in the [`CurrentUser`] extractor, for
//! every endpoint: who is calling, whether the session is still alive (idle
//! and absolute limits), and for state-changing requests the CSRF token.

use crate::error::AppError;
use crate::state::AppState;
use app::identity::Role;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, Method};
use axum::response::{IntoResponse, Response};
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sqlx::Row;

pub const COOKIE: &str = "dvc_session";

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sid: String,
    iat: u64,
    exp: u64,
}

/// Session limits, from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub idle_secs: i64,
    pub absolute_secs: i64,
    pub secure_cookie: bool,
}

/// The signing keys, newest first.
#[derive(Clone, Default)]
pub struct Keys(pub Vec<(String, String)>);

impl Keys {
    /// Loads the keys, creating the first on first start.
    pub async fn load(db: &crate::db::Db) -> anyhow::Result<Keys> {
        let rows =
            sqlx::query("SELECT kid, secret FROM session_keys ORDER BY created_at DESC, kid")
                .fetch_all(&db.pool)
                .await?;
        if rows.is_empty() {
            rotate(db).await?;
            return Box::pin(Keys::load(db)).await;
        }
        Ok(Keys(
            rows.iter()
                .map(|r| Ok((r.try_get("kid")?, r.try_get("secret")?)))
                .collect::<Result<_, sqlx::Error>>()?,
        ))
    }

    fn sign(&self, sid: &str, expires_at: i64) -> anyhow::Result<String> {
        let (kid, secret) = self
            .0
            .first()
            .ok_or_else(|| anyhow::anyhow!("no session key"))?;
        let mut h = Header::new(jsonwebtoken::Algorithm::HS256);
        h.kid = Some(kid.clone());
        let claims = Claims {
            sid: sid.to_owned(),
            iat: crate::clock::system_secs() as u64,
            exp: expires_at as u64,
        };
        Ok(jsonwebtoken::encode(
            &h,
            &claims,
            &EncodingKey::from_secret(secret.as_bytes()),
        )?)
    }

    /// The session id in a cookie, if a known key signed it and it has not expired.
    fn verify(&self, token: &str) -> Option<String> {
        let kid = jsonwebtoken::decode_header(token).ok()?.kid?;
        let (_, secret) = self.0.iter().find(|(k, _)| *k == kid)?;
        let mut v = Validation::new(jsonwebtoken::Algorithm::HS256);
        v.leeway = 0;
        v.validate_aud = false;
        v.set_required_spec_claims(&["exp"]);
        jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_secret(secret.as_bytes()), &v)
            .ok()
            .map(|d| d.claims.sid)
    }
}

/// Adds a new signing key. Cookies signed with older keys stay valid until
/// they expire, so nobody is logged out by a rotation.
pub async fn rotate(db: &crate::db::Db) -> anyhow::Result<String> {
    let kid = super::oidc::random_token()[..12].to_owned();
    let secret = format!(
        "{}{}",
        super::oidc::random_token(),
        super::oidc::random_token()
    );
    // Later than every key before it, even within the same second: the
    // newest key is the one that signs.
    sqlx::query("INSERT INTO session_keys (kid, secret, created_at) SELECT $1, $2, MAX(t) FROM (SELECT $3 AS t UNION ALL SELECT MAX(created_at) + 1 AS t FROM session_keys) AS times")
        .bind(&kid)
        .bind(secret)
        .bind(crate::clock::system_secs())
        .execute(&db.pool)
        .await?;
    Ok(kid)
}

/// `Set-Cookie` for a new session.
pub fn cookie(
    keys: &Keys,
    limits: Limits,
    sid: &str,
    expires_at: i64,
    now: i64,
) -> anyhow::Result<HeaderValue> {
    let token = keys.sign(sid, expires_at)?;
    let max_age = (expires_at - now).max(0);
    let secure = if limits.secure_cookie { "; Secure" } else { "" };
    Ok(HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))?)
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(limits: Limits) -> HeaderValue {
    let secure = if limits.secure_cookie { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"
    ))
    .expect("static cookie")
}

/// The value of the cookie `name` the browser sent, if any.
pub fn cookie_value<'a>(headers: &'a header::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A signed-in person, as every handler sees them.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user_id: i64,
    pub session_id: String,
    pub role: Role,
    pub agencies: Vec<i64>,
    /// The units the officer is granted to (any role).
    pub units: Vec<String>,
    /// Each grant: (unit, role there).
    pub grants: Vec<(String, app::units::UnitRole)>,
    pub name: String,
    pub loa: u8,
    pub csrf: String,
    pub last_seen_at: i64,
    pub expires_at: i64,
}

impl CurrentUser {
    /// Refuses the request unless the person holds one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<&Self, AppError> {
        if roles.contains(&self.role) {
            Ok(self)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The role the officer acts in at `unit`: their most senior one there.
    pub fn role_in(&self, unit: &str) -> Option<app::units::UnitRole> {
        app::units::UnitRole::ALL
            .into_iter()
            .find(|r| self.grants.iter().any(|(u, g)| u == unit && g == r))
    }
}

/// What can go wrong before a handler runs.
pub enum SessionRejection {
    NotSignedIn,
    Csrf,
    Internal(anyhow::Error),
}

impl IntoResponse for SessionRejection {
    fn into_response(self) -> Response {
        match self {
            SessionRejection::NotSignedIn => AppError::Unauthenticated.into_response(),
            SessionRejection::Csrf => AppError::Csrf.into_response(),
            SessionRejection::Internal(e) => AppError::Internal(e).into_response(),
        }
    }
}

fn is_unsafe(m: &Method) -> bool {
    !matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Loads the session named by the cookie, if it is alive. Reading it does
/// not count as activity: [`CurrentUser`] touches, [`MaybeUser`] does not.
pub async fn load(parts: &Parts, state: &AppState) -> Result<Option<CurrentUser>, anyhow::Error> {
    let Some(token) = cookie_value(&parts.headers, COOKIE) else {
        return Ok(None);
    };
    let keys = state.identity.keys.read().await.clone();
    let Some(sid) = keys.verify(token) else {
        return Ok(None);
    };
    let row = sqlx::query(
        "SELECT s.user_id, s.csrf, s.last_seen_at, s.expires_at, s.ended_at, u.role, u.full_name, u.loa \
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1",
    )
    .bind(&sid)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let now = state.clock.now_secs();
    let limits = state.identity.limits;
    let last_seen: i64 = row.try_get("last_seen_at")?;
    let expires_at: i64 = row.try_get("expires_at")?;
    if row.try_get::<Option<i64>, _>("ended_at")?.is_some()
        || now >= expires_at
        || now - last_seen >= limits.idle_secs
    {
        return Ok(None);
    }
    let user_id: i64 = row.try_get("user_id")?;
    let agencies =
        sqlx::query("SELECT agency_id FROM user_agencies WHERE user_id = $1 ORDER BY agency_id")
            .bind(user_id)
            .fetch_all(&state.db.pool)
            .await?
            .iter()
            .map(|r| r.try_get::<i64, _>("agency_id"))
            .collect::<Result<Vec<_>, _>>()?;
    let mut grants = vec![];
    for r in sqlx::query(
        "SELECT unit_code, role FROM unit_grants WHERE user_id = $1 ORDER BY unit_code, role",
    )
    .bind(user_id)
    .fetch_all(&state.db.pool)
    .await?
    {
        if let Some(role) = app::units::UnitRole::parse(&r.try_get::<String, _>("role")?) {
            grants.push((r.try_get::<String, _>("unit_code")?, role));
        }
    }
    let mut units: Vec<String> = grants.iter().map(|(u, _)| u.clone()).collect();
    units.dedup();
    let role = row.try_get::<String, _>("role")?;
    Ok(Some(CurrentUser {
        user_id,
        session_id: sid,
        role: Role::parse(&role).ok_or_else(|| anyhow::anyhow!("unknown role in users.role"))?,
        agencies,
        units,
        grants,
        name: row.try_get("full_name")?,
        loa: row.try_get::<i64, _>("loa")? as u8,
        csrf: row.try_get("csrf")?,
        last_seen_at: last_seen,
        expires_at,
    }))
}

impl Limits {
    /// How stale `last_seen_at` may get before a request writes it again.
    /// Writing on every request would make every reader a writer (on SQLite
    /// that serialises them); about once a minute is precise enough for a
    /// 30-minute idle limit, and a short limit is touched proportionally.
    pub fn touch_every(&self) -> i64 {
        (self.idle_secs / 10).clamp(1, 60)
    }
}

/// Marks activity at `now`, which restarts the idle clock.
pub async fn touch(db: &crate::db::Db, sid: &str, now: i64) -> anyhow::Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
        .bind(now)
        .bind(sid)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The session, with the CSRF check for state-changing requests.
async fn checked(parts: &Parts, state: &AppState) -> Result<CurrentUser, SessionRejection> {
    let user = load(parts, state)
        .await
        .map_err(SessionRejection::Internal)?
        .ok_or(SessionRejection::NotSignedIn)?;
    if is_unsafe(&parts.method) {
        // The cookie rides along on cross-site requests; the token in a
        // header cannot, because another site cannot read it.
        let sent = parts
            .headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok());
        if sent != Some(user.csrf.as_str()) {
            return Err(SessionRejection::Csrf);
        }
    }
    Ok(user)
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = SessionRejection;

    /// Doing something through the API counts as activity.
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let mut user = checked(parts, state).await?;
        let now = state.clock.now_secs();
        if now - user.last_seen_at >= state.identity.limits.touch_every() {
            touch(&state.db, &user.session_id, now)
                .await
                .map_err(SessionRejection::Internal)?;
            user.last_seen_at = now;
        }
        Ok(user)
    }
}

/// The signed-in person, or nobody, read without counting as activity:
/// a page that asks who is signed in must not keep the session alive.
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = SessionRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match checked(parts, state).await {
            Ok(u) => Ok(MaybeUser(Some(u))),
            Err(SessionRejection::NotSignedIn) => Ok(MaybeUser(None)),
            Err(e) => Err(e),
        }
    }
}
