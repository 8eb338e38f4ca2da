//! Identity: login with the national account (OpenID Connect), the portal's sessions, roles and the person's profile.

pub mod oidc;
pub mod provider;
pub mod session;
pub mod store;

use crate::error::{ApiJson, AppError};
use crate::state::AppState;
use app::identity::{safe_return_to, Profile, ProfileUpdate, SessionInfo, SessionUser};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use oidc::OidcClient;
use serde::Deserialize;
use session::{CurrentUser, Keys, Limits, MaybeUser};
use std::sync::Arc;
use tokio::sync::RwLock;

/// Seconds since the Unix epoch.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Names of the claims that carry the national account's data; the
/// defaults are the national portal's.
#[derive(Debug, Clone)]
pub struct ClaimNames {
    pub personal_id: String,
    pub full_name: String,
    pub birth_date: String,
    pub account_type: String,
    pub loa: String,
    pub tax_code: String,
}

impl Default for ClaimNames {
    fn default() -> Self {
        ClaimNames {
            personal_id: "SoDinhDanh".into(),
            full_name: "HoVaTen".into(),
            birth_date: "NgayThangNamSinh".into(),
            account_type: "LoaiTaiKhoan".into(),
            loa: "loa".into(),
            tax_code: "MaSoThue".into(),
        }
    }
}

/// Everything identity needs at run time.
#[derive(Clone)]
pub struct Identity {
    pub oidc: Arc<OidcClient>,
    pub claims: ClaimNames,
    pub keys: Arc<RwLock<Keys>>,
    pub limits: Limits,
    /// Logins and callbacks per client address per minute.
    pub login_rate_per_minute: u32,
}

/// The client address a rate limit counts against. Behind a reverse proxy
/// every client shares the proxy's address, so limits should then be set
/// at the proxy too.
#[derive(Clone)]
pub struct PeerIp;

impl tower_governor::key_extractor::KeyExtractor for PeerIp {
    type Key = std::net::IpAddr;

    fn extract<T>(
        &self,
        req: &axum::http::Request<T>,
    ) -> Result<Self::Key, tower_governor::GovernorError> {
        Ok(req
            .extensions()
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED)))
    }
}

/// Lays a limit of `per_minute` requests per client address (with that
/// many in a burst) on `routes`; over it, a 429 in our error body.
pub fn per_address_limit(routes: Router<AppState>, per_minute: u32) -> Router<AppState> {
    let per_minute = per_minute.max(1);
    let limit = tower_governor::governor::GovernorConfigBuilder::default()
        .key_extractor(PeerIp)
        .per_millisecond((60_000 / u64::from(per_minute)).max(1))
        .burst_size(per_minute)
        .finish()
        .expect("a valid rate limit");
    routes.layer(
        tower_governor::GovernorLayer::new(limit)
            .error_handler(|_| AppError::RateLimited.into_response()),
    )
}

/// Identity routes. Starting a login and coming back from the provider are
/// rate-limited per client address.
pub fn router(per_minute: u32) -> Router<AppState> {
    let limited = per_address_limit(
        Router::new()
            .route("/auth/login", get(login))
            .route("/auth/callback", get(callback)),
        per_minute,
    );
    limited
        .route("/auth/logout", post(logout))
        .route("/session", get(get_session))
        .route("/session/refresh", post(refresh_session))
        .route("/me/profile", get(get_profile).put(put_profile))
}

#[derive(Deserialize)]
struct LoginParams {
    #[serde(default)]
    return_to: Option<String>,
}

/// Where the browser lands when a login cannot go on: a page of the web app
/// that explains, in the person's language, what happened.
fn login_error(reason: &str) -> Response {
    Redirect::to(&format!("/dang-nhap/loi?ly-do={reason}")).into_response()
}

/// `GET /api/auth/login?return_to=/path`: starts the authorization-code flow.
async fn login(
    State(state): State<AppState>,
    Query(p): Query<LoginParams>,
) -> Result<Response, AppError> {
    let return_to = match p.return_to.as_deref().filter(|s| !s.is_empty()) {
        None => "/".to_owned(),
        Some(r) => safe_return_to(r)
            .ok_or_else(|| AppError::invalid("return_to", app::error::reasons::UNKNOWN_VALUE))?
            .to_owned(),
    };
    let (st, nonce, verifier) = (
        oidc::random_token(),
        oidc::random_token(),
        oidc::random_token(),
    );
    let url = match state
        .identity
        .oidc
        .authorization_url(&st, &nonce, &verifier)
        .await
    {
        Ok(u) => u,
        Err(e) => {
            tracing::error!(error = %e, "identity provider unreachable");
            return Ok(login_error("provider"));
        }
    };
    store::save_auth_request(&state.db, &st, &nonce, &verifier, &return_to).await?;
    Ok(Redirect::to(&url).into_response())
}

#[derive(Deserialize)]
struct CallbackParams {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    error: Option<String>,
}

/// `GET /api/auth/callback`: the provider sends the browser back here.
async fn callback(
    State(state): State<AppState>,
    Query(p): Query<CallbackParams>,
) -> Result<Response, AppError> {
    // The state is taken out once: a replayed or forged one finds nothing.
    let Some(req) = store::take_auth_request(&state.db, p.state.as_deref().unwrap_or("")).await?
    else {
        return Ok(login_error("expired"));
    };
    if p.error.is_some() {
        return Ok(login_error("cancelled"));
    }
    let Some(code) = p.code.filter(|c| !c.is_empty()) else {
        return Ok(login_error("provider"));
    };
    let id = &state.identity;
    let tokens = match id.oidc.exchange_code(&code, &req.verifier).await {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!(error = %e, "code exchange failed");
            return Ok(login_error("provider"));
        }
    };
    let mut claims = match id.oidc.verify_id_token(&tokens.id_token, &req.nonce).await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "id token refused");
            return Ok(login_error("token"));
        }
    };
    if let Some(access) = tokens.access_token.as_deref() {
        match id.oidc.userinfo(access).await {
            // Userinfo adds to the ID token but never changes who it is about.
            Ok(Some(info)) if info.get("sub") == claims.get("sub") || info.get("sub").is_none() => {
                for (k, v) in info {
                    claims.entry(k).or_insert(v);
                }
            }
            Ok(Some(_)) => return Ok(login_error("token")),
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "userinfo failed; using the ID token's claims"),
        }
    }
    let person = match store::NationalIdentity::from_claims(&claims, &id.claims) {
        Ok(p) => p,
        Err(reason) => {
            // The claim's value is personal data: only which check failed is logged.
            tracing::warn!(reason, "national identity refused");
            return Ok(login_error(reason));
        }
    };
    let issuer = id.oidc.config.issuer.clone();
    let user_id = store::upsert_user(&state.db, &issuer, &person).await?;
    let (sid, expires_at) =
        store::create_session(&state.db, user_id, &tokens.id_token, id.limits).await?;
    tracing::info!(user.id = user_id, "signed in");
    let cookie = session::cookie(&*id.keys.read().await, id.limits, &sid, expires_at)?;
    let mut res = Redirect::to(&req.return_to).into_response();
    res.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(res)
}

#[derive(serde::Serialize)]
struct LogoutAnswer {
    /// Where the browser should go next: the provider's logout, or home.
    redirect: String,
}

/// `POST /api/auth/logout`: ends the portal session and, where the
/// provider offers it, the provider's.
async fn logout(State(state): State<AppState>, user: CurrentUser) -> Result<Response, AppError> {
    let id_token = store::end_session(&state.db, &user.session_id).await?;
    tracing::info!(user.id = user.user_id, "signed out");
    let redirect = match id_token {
        Some(t) => state
            .identity
            .oidc
            .end_session_url(&t)
            .await
            .unwrap_or_else(|| "/".into()),
        None => "/".into(),
    };
    let mut res = Json(LogoutAnswer { redirect }).into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        session::clear_cookie(state.identity.limits),
    );
    Ok(res)
}

fn session_info(user: Option<&CurrentUser>, limits: Limits) -> SessionInfo {
    match user {
        None => SessionInfo {
            user: None,
            csrf: String::new(),
            idle_seconds_left: 0,
            idle_seconds: limits.idle_secs,
            absolute_seconds_left: 0,
            unread: 0,
        },
        Some(u) => {
            let now = now_secs();
            SessionInfo {
                user: Some(SessionUser {
                    name: u.name.clone(),
                    role: u.role,
                    loa: u.loa,
                    agencies: u.agencies.clone(),
                }),
                csrf: u.csrf.clone(),
                idle_seconds_left: (u.last_seen_at + limits.idle_secs - now).max(0),
                idle_seconds: limits.idle_secs,
                absolute_seconds_left: (u.expires_at - now).max(0),
                unread: 0,
            }
        }
    }
}

/// `GET /api/session`: who is signed in, the CSRF token, and the time left.
async fn get_session(State(state): State<AppState>, MaybeUser(user): MaybeUser) -> Response {
    let mut info = session_info(user.as_ref(), state.identity.limits);
    if let Some(u) = &user {
        // A failed count is no reason to fail the session: no badge then.
        info.unread = crate::notifications::unread(&state, u.user_id)
            .await
            .unwrap_or(0);
    }
    let mut res = Json(info).into_response();
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    res
}

/// `POST /api/session/refresh`: "stay signed in" (restarts the idle clock).
async fn refresh_session(State(state): State<AppState>, user: CurrentUser) -> Json<SessionInfo> {
    let mut u = user;
    u.last_seen_at = now_secs();
    Json(session_info(Some(&u), state.identity.limits))
}

/// `GET /api/me/profile`
async fn get_profile(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Profile>, AppError> {
    store::profile(&state.db, user.user_id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

/// `PUT /api/me/profile`: what the person may add, validated with the shared rules.
async fn put_profile(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(update): ApiJson<ProfileUpdate>,
) -> Result<Json<Profile>, AppError> {
    let update = update.validate().map_err(AppError::Unprocessable)?;
    store::update_profile(&state.db, user.user_id, &update).await?;
    store::profile(&state.db, user.user_id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}
