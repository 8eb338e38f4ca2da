//! The built-in stand-in for the national SSO: a small OpenID provider with demo accounts, for the embedded default and tests.
//!
//! It is clearly labelled as a test provider on every page it shows, and it
//! is switched off whenever an external issuer is configured.

use super::oidc::pkce_challenge;
use crate::db::Db;
use axum::extract::{Form, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use jsonwebtoken::{EncodingKey, Header};
use p256::ecdsa::SigningKey;
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use sqlx::Row;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A demo account as listed in `data/demo/accounts.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct DemoAccount {
    pub id: String,
    pub label_vi: String,
    pub label_en: String,
    /// The claims the provider asserts, SoDinhDanh and friends included.
    #[serde(flatten)]
    pub claims: Map<String, Value>,
}

#[derive(Deserialize)]
struct AccountsFile {
    accounts: Vec<DemoAccount>,
}

/// Reads the demo accounts.
pub fn read_accounts(data_dir: &Path) -> anyhow::Result<Vec<DemoAccount>> {
    let text = std::fs::read_to_string(data_dir.join("demo/accounts.json"))?;
    Ok(serde_json::from_str::<AccountsFile>(&text)?.accounts)
}

struct Grant {
    account: String,
    client_id: String,
    redirect_uri: String,
    nonce: Option<String>,
    challenge: String,
    until: Instant,
}

/// The provider's state: its signing key, its one client, and short-lived grants.
#[derive(Clone)]
pub struct Provider {
    pub issuer: String,
    client_id: String,
    client_secret: Option<String>,
    redirect_uri: String,
    post_logout_redirect_uri: String,
    kid: String,
    key: Arc<SigningKey>,
    /// The same key as jsonwebtoken wants it, made once.
    encoding: Arc<EncodingKey>,
    accounts: Arc<Vec<DemoAccount>>,
    codes: Arc<Mutex<HashMap<String, Grant>>>,
    access: Arc<Mutex<HashMap<String, (String, Instant)>>>,
}

/// Settings of the stand-in, shared with the relying party it serves.
pub struct ProviderConfig {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub redirect_uri: String,
    pub post_logout_redirect_uri: String,
}

impl Provider {
    /// Loads the signing key kept in the database, making one on first start.
    pub async fn start(
        db: &Db,
        cfg: ProviderConfig,
        accounts: Vec<DemoAccount>,
    ) -> anyhow::Result<Provider> {
        let row =
            sqlx::query("SELECT kid, private_pem FROM sso_keys ORDER BY created_at DESC LIMIT 1")
                .fetch_optional(&db.pool)
                .await?;
        let (kid, key) = match row {
            Some(r) => {
                let pem: String = r.try_get("private_pem")?;
                (
                    r.try_get::<String, _>("kid")?,
                    SigningKey::from_pkcs8_pem(&pem)
                        .map_err(|e| anyhow::anyhow!("stored SSO key: {e}"))?,
                )
            }
            None => {
                let key = SigningKey::random(&mut rand_core::OsRng);
                let kid = super::oidc::random_token()[..16].to_owned();
                let pem = key
                    .to_pkcs8_pem(LineEnding::LF)
                    .map_err(|e| anyhow::anyhow!("encoding SSO key: {e}"))?;
                sqlx::query(
                    "INSERT INTO sso_keys (kid, private_pem, created_at) VALUES ($1, $2, $3)",
                )
                .bind(&kid)
                .bind(pem.as_str())
                .bind(crate::clock::system_secs())
                .execute(&db.pool)
                .await?;
                (kid, key)
            }
        };
        let pem = key
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| anyhow::anyhow!("encoding SSO key: {e}"))?;
        let encoding = Arc::new(EncodingKey::from_ec_pem(pem.as_bytes())?);
        Ok(Provider {
            encoding,
            issuer: cfg.issuer,
            client_id: cfg.client_id,
            client_secret: cfg.client_secret,
            redirect_uri: cfg.redirect_uri,
            post_logout_redirect_uri: cfg.post_logout_redirect_uri,
            kid,
            key: Arc::new(key),
            accounts: Arc::new(accounts),
            codes: Arc::default(),
            access: Arc::default(),
        })
    }

    pub fn router(self) -> Router {
        Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/authorize", get(authorize_page).post(authorize))
            .route("/token", axum::routing::post(token))
            .route("/userinfo", get(userinfo))
            .route("/logout", get(logout))
            .with_state(self)
            .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
                axum::http::header::CONTENT_SECURITY_POLICY,
                axum::http::HeaderValue::from_str(&page_policy()).expect("ASCII policy"),
            ))
    }

    fn account(&self, id: &str) -> Option<&DemoAccount> {
        self.accounts.iter().find(|a| a.id == id)
    }

    fn sign_id_token(&self, account: &DemoAccount, nonce: Option<&str>) -> anyhow::Result<String> {
        let now = crate::clock::system_secs();
        let mut claims = account.claims.clone();
        claims.retain(|k, _| !matches!(k.as_str(), "role" | "agencies" | "units"));
        claims.insert("iss".into(), json!(self.issuer));
        claims.insert("aud".into(), json!(self.client_id));
        claims.insert("iat".into(), json!(now));
        claims.insert("exp".into(), json!(now + 300));
        claims.insert("auth_time".into(), json!(now));
        if let Some(n) = nonce {
            claims.insert("nonce".into(), json!(n));
        }
        let mut header = Header::new(jsonwebtoken::Algorithm::ES256);
        header.kid = Some(self.kid.clone());
        Ok(jsonwebtoken::encode(&header, &claims, &self.encoding)?)
    }
}

async fn discovery(State(p): State<Provider>) -> Json<Value> {
    let i = &p.issuer;
    Json(json!({
        "issuer": i,
        "authorization_endpoint": format!("{i}/authorize"),
        "token_endpoint": format!("{i}/token"),
        "userinfo_endpoint": format!("{i}/userinfo"),
        "jwks_uri": format!("{i}/jwks"),
        "end_session_endpoint": format!("{i}/logout"),
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["ES256"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "scopes_supported": ["openid"],
        "claims_supported": ["sub", "HoVaTen", "SoDinhDanh", "NgayThangNamSinh", "LoaiTaiKhoan", "MaSoThue", "loa"],
    }))
}

async fn jwks(State(p): State<Provider>) -> Json<Value> {
    let point = p.key.verifying_key().to_encoded_point(false);
    let (x, y) = (
        point.x().map(|x| URL_SAFE_NO_PAD.encode(x)),
        point.y().map(|y| URL_SAFE_NO_PAD.encode(y)),
    );
    Json(
        json!({ "keys": [{ "kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": p.kid, "x": x, "y": y }] }),
    )
}

#[derive(Deserialize)]
struct AuthorizeParams {
    #[serde(default)]
    response_type: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    redirect_uri: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    nonce: Option<String>,
    #[serde(default)]
    code_challenge: String,
    #[serde(default)]
    code_challenge_method: String,
    #[serde(default)]
    scope: String,
    /// The demo account chosen on the page (POST only).
    #[serde(default)]
    account: String,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The stand-in's only style, inline and allowed by its hash.
const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b}\
         .banner{background:#7a4a00;color:#fff;padding:.75rem 1rem;font-weight:700}main{max-width:40rem;margin:0 auto;padding:1rem}\
         form{margin:.5rem 0}button{font:inherit;width:100%;text-align:left;padding:.75rem 1rem;border:2px solid #0b4f9c;border-radius:8px;background:#fff;color:#0b4f9c;cursor:pointer;min-height:3rem}\
         button:focus-visible{outline:3px solid #ffbf47;box-shadow:0 0 0 6px #1b1b1b}small{color:#4a4a4a;display:block}";

/// The stand-in's pages run no script at all and may not be framed (an
/// account chooser in a frame is a clickjacking target).
pub fn page_policy() -> String {
    let (_, styles) = crate::headers::inline_hashes(&format!("<style>{STYLE}</style>"));
    format!(
        "default-src 'none'; style-src {}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        styles.join(" ")
    )
}

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head>\
         <body><div class=\"banner\" role=\"note\">MÔI TRƯỜNG THỬ NGHIỆM — đây không phải VNeID hay Cổng dịch vụ công quốc gia. TEST PROVIDER — not the national SSO.</div>\
         <main>{body}</main></body></html>"
    ))
}

fn bad_request(msg: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        page(
            "Yêu cầu không hợp lệ",
            &format!(
                "<h1>Yêu cầu đăng nhập không hợp lệ</h1><p>{}</p>",
                escape(msg)
            ),
        ),
    )
        .into_response()
}

impl Provider {
    /// The checks every authorize request must pass.
    fn check_request(&self, a: &AuthorizeParams) -> Result<(), &'static str> {
        if a.client_id != self.client_id {
            return Err("unknown client_id");
        }
        if a.redirect_uri != self.redirect_uri {
            return Err("redirect_uri is not registered");
        }
        if a.response_type != "code" || !a.scope.split(' ').any(|s| s == "openid") {
            return Err("only the authorization-code flow with scope openid is supported");
        }
        if a.code_challenge.is_empty() || a.code_challenge_method != "S256" {
            return Err("PKCE with S256 is required");
        }
        Ok(())
    }
}

/// The account chooser: one button per demo account.
async fn authorize_page(State(p): State<Provider>, Query(a): Query<AuthorizeParams>) -> Response {
    if let Err(e) = p.check_request(&a) {
        return bad_request(e);
    }
    let hidden = |name: &str, value: &str| {
        format!(
            "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
            escape(value)
        )
    };
    let common = [
        hidden("response_type", &a.response_type),
        hidden("client_id", &a.client_id),
        hidden("redirect_uri", &a.redirect_uri),
        hidden("state", &a.state),
        hidden("nonce", a.nonce.as_deref().unwrap_or("")),
        hidden("code_challenge", &a.code_challenge),
        hidden("code_challenge_method", &a.code_challenge_method),
        hidden("scope", &a.scope),
    ]
    .concat();
    let forms: String = p
        .accounts
        .iter()
        .map(|acc| {
            let name = acc.claims.get("HoVaTen").and_then(Value::as_str).unwrap_or("");
            format!(
                "<form method=\"post\" action=\"{}/authorize\">{common}{}<button type=\"submit\">{} <small>{} · <span lang=\"en\">{}</span></small></button></form>",
                escape(&p.issuer),
                hidden("account", &acc.id),
                escape(name),
                escape(&acc.label_vi),
                escape(&acc.label_en)
            )
        })
        .collect();
    page(
        "Chọn tài khoản thử nghiệm",
        &format!("<h1>Chọn tài khoản thử nghiệm</h1><p>Nhà cung cấp đăng nhập thử nghiệm của cổng. Chọn một tài khoản để đăng nhập.</p>{forms}"),
    )
    .into_response()
}

async fn authorize(State(p): State<Provider>, Form(a): Form<AuthorizeParams>) -> Response {
    if let Err(e) = p.check_request(&a) {
        return bad_request(e);
    }
    if p.account(&a.account).is_none() {
        return bad_request("unknown account");
    }
    let code = super::oidc::random_token();
    p.codes.lock().unwrap_or_else(|e| e.into_inner()).insert(
        code.clone(),
        Grant {
            account: a.account,
            client_id: a.client_id,
            redirect_uri: a.redirect_uri.clone(),
            nonce: a.nonce.filter(|n| !n.is_empty()),
            challenge: a.code_challenge,
            until: Instant::now() + Duration::from_secs(60),
        },
    );
    let mut url = match reqwest::Url::parse(&a.redirect_uri) {
        Ok(u) => u,
        Err(_) => return bad_request("redirect_uri"),
    };
    url.query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", &a.state);
    Redirect::to(url.as_str()).into_response()
}

#[derive(Deserialize)]
struct TokenRequest {
    #[serde(default)]
    grant_type: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    redirect_uri: String,
    #[serde(default)]
    code_verifier: String,
    #[serde(default)]
    client_id: Option<String>,
    #[serde(default)]
    client_secret: Option<String>,
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}

/// Client credentials from HTTP Basic or the form.
fn client_credentials(
    headers: &HeaderMap,
    form: &TokenRequest,
) -> (Option<String>, Option<String>) {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| STANDARD.decode(b).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.split_once(':').map(|(a, b)| (a.to_owned(), b.to_owned())));
    match basic {
        Some((id, secret)) => (Some(id), Some(secret)),
        None => (form.client_id.clone(), form.client_secret.clone()),
    }
}

async fn token(
    State(p): State<Provider>,
    headers: HeaderMap,
    Form(t): Form<TokenRequest>,
) -> Response {
    if t.grant_type != "authorization_code" {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "authorization_code only",
        );
    }
    let (client_id, secret) = client_credentials(&headers, &t);
    if client_id.as_deref() != Some(p.client_id.as_str())
        || (p.client_secret.is_some() && secret != p.client_secret)
    {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "client authentication failed",
        );
    }
    // A code is good once: taken out of the map whatever happens next.
    let grant = p
        .codes
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&t.code);
    let Some(grant) = grant.filter(|g| g.until > Instant::now()) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "unknown, used or expired code",
        );
    };
    if grant.client_id != p.client_id || grant.redirect_uri != t.redirect_uri {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "redirect_uri does not match",
        );
    }
    if t.code_verifier.is_empty() || pkce_challenge(&t.code_verifier) != grant.challenge {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "PKCE verification failed",
        );
    }
    let Some(account) = p.account(&grant.account) else {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "account gone");
    };
    let id_token = match p.sign_id_token(account, grant.nonce.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            tracing::error!(error = %e, "stand-in SSO could not sign");
            return oauth_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                "signing failed",
            );
        }
    };
    let access_token = super::oidc::random_token();
    p.access.lock().unwrap_or_else(|e| e.into_inner()).insert(
        access_token.clone(),
        (
            account.id.clone(),
            Instant::now() + Duration::from_secs(300),
        ),
    );
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({ "access_token": access_token, "token_type": "Bearer", "expires_in": 300, "id_token": id_token })),
    )
        .into_response()
}

async fn userinfo(State(p): State<Provider>, headers: HeaderMap) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let account = token.and_then(|t| {
        let map = p.access.lock().unwrap_or_else(|e| e.into_inner());
        map.get(t)
            .filter(|(_, until)| *until > Instant::now())
            .map(|(a, _)| a.clone())
    });
    match account.as_deref().and_then(|a| p.account(a)) {
        Some(acc) => {
            let mut claims = acc.claims.clone();
            claims.retain(|k, _| !matches!(k.as_str(), "role" | "agencies" | "units"));
            Json(Value::Object(claims)).into_response()
        }
        None => (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")],
        )
            .into_response(),
    }
}

#[derive(Deserialize)]
struct LogoutParams {
    #[serde(default)]
    post_logout_redirect_uri: String,
    #[serde(default)]
    client_id: String,
}

async fn logout(State(p): State<Provider>, Query(l): Query<LogoutParams>) -> Response {
    // Without an ID token hint the client must say who it is before the
    // browser is sent back to it.
    if !l.post_logout_redirect_uri.is_empty()
        && l.post_logout_redirect_uri == p.post_logout_redirect_uri
        && l.client_id == p.client_id
    {
        return Redirect::to(&p.post_logout_redirect_uri).into_response();
    }
    page(
        "Đã đăng xuất",
        "<h1>Đã đăng xuất khỏi nhà cung cấp thử nghiệm</h1>",
    )
    .into_response()
}
