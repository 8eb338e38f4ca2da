//! Identity: login with the national account (OpenID Connect), the portal's sessions, roles and the person's profile.

pub mod oidc;
pub mod provider;
pub mod session;
pub mod store;

use crate::error::{ApiJson, ApiQuery, AppError};
use crate::state::AppState;
use app::identity::{safe_return_to, Profile, ProfileUpdate, SessionInfo, SessionUser};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use oidc::OidcClient;
use serde::Deserialize;
use session::{CurrentUser, Keys, Limits, MaybeUser};
use std::sync::Arc;
use tokio::sync::RwLock;
use utoipa_axum::{router::OpenApiRouter, routes};

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

/// Identity routes. Starting a login and coming back from the provider are
/// rate-limited per client address.
pub fn router(per_minute: u32) -> OpenApiRouter<AppState> {
    let limited = crate::limits::per_address_limit(
        OpenApiRouter::new()
            .routes(routes!(login))
            .routes(routes!(callback)),
        per_minute,
    );
    limited
        .routes(routes!(logout))
        .routes(routes!(get_session))
        .routes(routes!(refresh_session))
        .routes(routes!(get_profile, put_profile))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct LoginParams {
    #[serde(default)]
    return_to: Option<String>,
}

/// Where the browser lands when a login cannot go on: a page of the web app
/// that explains, in the person's language, what happened.
fn login_error(reason: &str) -> Response {
    Redirect::to(&format!("/dang-nhap/loi?ly-do={reason}")).into_response()
}

/// The cookie that binds a login in progress to the browser that started
/// it: without it, anyone could finish their own login in a victim's
/// browser (sign-in CSRF) by sending them a callback link.
const LOGIN_COOKIE: &str = "dvc_login";

/// What the binding cookie holds: a hash of the `state`, so the cookie alone
/// cannot be replayed as a `state`.
fn state_binding(st: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(st.as_bytes()))
}

/// `Set-Cookie` for the binding; it lives as long as a login may take and
/// only on the callback's path.
fn login_cookie(value: &str, max_age: i64, secure: bool) -> header::HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    header::HeaderValue::from_str(&format!(
        "{LOGIN_COOKIE}={value}; Path=/api/auth/callback; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .expect("cookie text is ASCII")
}

/// Whether the callback came to the browser that started this login.
fn bound_to_this_browser(headers: &header::HeaderMap, st: &str) -> bool {
    session::cookie_value(headers, LOGIN_COOKIE) == Some(state_binding(st).as_str())
}

/// A same-origin path made fit for a `Location` header: letters outside
/// ASCII (a Vietnamese search) and spaces are percent-encoded, the rest kept.
fn location_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c == ' ' {
            out.push_str("%20");
        } else if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// `GET /api/auth/login?return_to=/path`: starts the authorization-code flow.
#[utoipa::path(get, path = "/auth/login", tag = "identity", params(LoginParams), responses((status = 303, description = "To the identity provider, or to a page explaining why not", headers(("location" = String))), crate::contract::Errors))]
async fn login(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<LoginParams>,
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
    let mut res = Redirect::to(&url).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        login_cookie(
            &state_binding(&st),
            store::AUTH_REQUEST_TTL,
            state.identity.limits.secure_cookie,
        ),
    );
    Ok(res)
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct CallbackParams {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    error: Option<String>,
}

/// `GET /api/auth/callback`: the provider sends the browser back here.
#[utoipa::path(get, path = "/auth/callback", tag = "identity", params(CallbackParams), responses((status = 303, description = "Signed in (with the session cookie) and back where the person started, or to a page explaining why not", headers(("location" = String))), crate::contract::Errors))]
async fn callback(
    State(state): State<AppState>,
    headers: header::HeaderMap,
    ApiQuery(p): ApiQuery<CallbackParams>,
) -> Result<Response, AppError> {
    let st = p.state.as_deref().unwrap_or("");
    // Another browser's login is refused before its state is used up, so
    // the person who started it can still finish it.
    if !bound_to_this_browser(&headers, st) {
        tracing::warn!("login callback from a browser that did not start it");
        return Ok(login_error("other_browser"));
    }
    // The state is taken out once: a replayed or forged one finds nothing.
    let Some(req) = store::take_auth_request(&state.db, st).await? else {
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
    let now = state.clock.now_secs();
    let (sid, expires_at) = store::create_session(&state.db, user_id, id.limits, now).await?;
    tracing::info!(user.id = user_id, "signed in");
    let cookie = session::cookie(&*id.keys.read().await, id.limits, &sid, expires_at, now)?;
    let mut res = Redirect::to(&location_path(&req.return_to)).into_response();
    res.headers_mut().insert(header::SET_COOKIE, cookie);
    res.headers_mut().append(
        header::SET_COOKIE,
        login_cookie("", 0, id.limits.secure_cookie),
    );
    Ok(res)
}

use app::identity::LogoutAnswer;

/// `POST /api/auth/logout`: ends the portal session and, where the
/// provider offers it, the provider's.
#[utoipa::path(post, path = "/auth/logout", tag = "identity", security(("session" = [], "csrf" = [])), responses((status = 200, body = LogoutAnswer), crate::contract::Errors))]
async fn logout(State(state): State<AppState>, user: CurrentUser) -> Result<Response, AppError> {
    let ended = store::end_session(&state.db, &user.session_id, state.clock.now_secs()).await?;
    tracing::info!(user.id = user.user_id, "signed out");
    let redirect = match ended {
        true => state
            .identity
            .oidc
            .end_session_url()
            .await
            .unwrap_or_else(|| "/".into()),
        false => "/".into(),
    };
    let mut res = Json(LogoutAnswer { redirect }).into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        session::clear_cookie(state.identity.limits),
    );
    Ok(res)
}

fn session_info(user: Option<&CurrentUser>, limits: Limits, now: i64) -> SessionInfo {
    match user {
        None => SessionInfo {
            user: None,
            csrf: String::new(),
            idle_seconds_left: 0,
            idle_seconds: limits.idle_secs,
            absolute_seconds_left: 0,
            unread: 0,
        },
        Some(u) => SessionInfo {
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
        },
    }
}

/// `GET /api/session`: who is signed in, the CSRF token, and the time left.
#[utoipa::path(get, path = "/session", tag = "identity", responses((status = 200, body = SessionInfo), crate::contract::Errors))]
async fn get_session(State(state): State<AppState>, MaybeUser(user): MaybeUser) -> Response {
    let mut info = session_info(user.as_ref(), state.identity.limits, state.clock.now_secs());
    if let Some(u) = &user {
        // A failed count is no reason to fail the session: no badge then.
        info.unread = crate::notifications::unread(&state.db.pool, u.user_id)
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
#[utoipa::path(post, path = "/session/refresh", tag = "identity", security(("session" = [], "csrf" = [])), responses((status = 200, body = SessionInfo), crate::contract::Errors))]
async fn refresh_session(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<SessionInfo>, AppError> {
    let mut u = user;
    let now = state.clock.now_secs();
    if u.last_seen_at != now {
        session::touch(&state.db, &u.session_id, now).await?;
        u.last_seen_at = now;
    }
    Ok(Json(session_info(Some(&u), state.identity.limits, now)))
}

/// `GET /api/me/profile`
#[utoipa::path(get, path = "/me/profile", tag = "identity", security(("session" = [])), responses((status = 200, body = Profile), crate::contract::Errors))]
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
#[utoipa::path(put, path = "/me/profile", tag = "identity", security(("session" = [], "csrf" = [])), request_body = ProfileUpdate, responses((status = 200, body = Profile), crate::contract::Errors))]
async fn put_profile(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(update): ApiJson<ProfileUpdate>,
) -> Result<Json<Profile>, AppError> {
    let update = update.validate().map_err(AppError::Unprocessable)?;
    if !update.commune.is_empty()
        && !state
            .places
            .commune_in_province(&update.province, &update.commune)
    {
        return Err(AppError::Unprocessable(app::error::FieldErrors::one(
            "commune",
            app::forms::reasons::UNKNOWN_COMMUNE,
        )));
    }
    store::update_profile(&state.db, user.user_id, &update).await?;
    store::profile(&state.db, user.user_id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}
