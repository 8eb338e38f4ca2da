//! The OpenID Connect relying party: discovery, JWKS, the authorization-code flow with PKCE, ID token checks, userinfo.
//!
//! The same code talks to the national SSO, to any certified provider and to
//! the portal's built-in stand-in: it knows a provider only by its issuer URL.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};
use tokio::sync::RwLock;

/// How long discovery and keys are trusted before being fetched again.
const CACHE_FOR: Duration = Duration::from_secs(3600);
/// Clock difference tolerated between the provider and us.
pub const LEEWAY_SECS: u64 = 60;

/// The relying party's own settings.
#[derive(Debug, Clone)]
pub struct RpConfig {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub redirect_uri: String,
    pub post_logout_redirect_uri: String,
    pub scopes: String,
}

/// The provider's discovery document, the parts we use.
#[derive(Debug, Clone, Deserialize)]
pub struct Metadata {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    #[serde(default)]
    pub userinfo_endpoint: Option<String>,
    #[serde(default)]
    pub end_session_endpoint: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TokenResponse {
    pub id_token: String,
    #[serde(default)]
    pub access_token: Option<String>,
}

/// Why a login was refused. Each is shown to the person as a clear page.
#[derive(Debug, PartialEq, Eq)]
pub enum OidcError {
    /// The provider could not be reached or answered nonsense.
    Provider(String),
    /// The ID token failed a check; the string says which, for the log.
    BadToken(&'static str),
}

impl std::fmt::Display for OidcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OidcError::Provider(s) => write!(f, "provider: {s}"),
            OidcError::BadToken(s) => write!(f, "id token: {s}"),
        }
    }
}

fn provider_err(e: impl std::fmt::Display) -> OidcError {
    OidcError::Provider(e.to_string())
}

pub use crate::tokens::random_token;

/// PKCE S256: the challenge sent with the request for a verifier kept back.
pub fn pkce_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

pub struct OidcClient {
    pub config: RpConfig,
    http: reqwest::Client,
    metadata: RwLock<Option<(Metadata, Instant)>>,
    keys: RwLock<Option<(JwkSet, Instant)>>,
}

impl OidcClient {
    pub fn new(config: RpConfig) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("HTTP client");
        OidcClient {
            config,
            http,
            metadata: RwLock::new(None),
            keys: RwLock::new(None),
        }
    }

    /// GETs one of the provider's JSON documents.
    async fn fetch_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T, OidcError> {
        let res = self.http.get(url).send().await.map_err(provider_err)?;
        res.error_for_status()
            .map_err(provider_err)?
            .json()
            .await
            .map_err(provider_err)
    }

    /// The discovery document, cached.
    pub async fn metadata(&self) -> Result<Metadata, OidcError> {
        if let Some((m, at)) = self.metadata.read().await.as_ref() {
            if at.elapsed() < CACHE_FOR {
                return Ok(m.clone());
            }
        }
        let url = format!(
            "{}/.well-known/openid-configuration",
            self.config.issuer.trim_end_matches('/')
        );
        let m: Metadata = self.fetch_json(&url).await?;
        if m.issuer.trim_end_matches('/') != self.config.issuer.trim_end_matches('/') {
            return Err(OidcError::Provider("discovery names another issuer".into()));
        }
        *self.metadata.write().await = Some((m.clone(), Instant::now()));
        Ok(m)
    }

    async fn jwks(&self, refresh: bool) -> Result<JwkSet, OidcError> {
        if !refresh {
            if let Some((k, at)) = self.keys.read().await.as_ref() {
                if at.elapsed() < CACHE_FOR {
                    return Ok(k.clone());
                }
            }
        }
        let m = self.metadata().await?;
        let k: JwkSet = self.fetch_json(&m.jwks_uri).await?;
        *self.keys.write().await = Some((k.clone(), Instant::now()));
        Ok(k)
    }

    /// Where to send the browser to log in.
    pub async fn authorization_url(
        &self,
        state: &str,
        nonce: &str,
        verifier: &str,
    ) -> Result<String, OidcError> {
        let m = self.metadata().await?;
        let mut url = reqwest::Url::parse(&m.authorization_endpoint).map_err(provider_err)?;
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.config.client_id)
            .append_pair("redirect_uri", &self.config.redirect_uri)
            .append_pair("scope", &self.config.scopes)
            .append_pair("state", state)
            .append_pair("nonce", nonce)
            .append_pair("code_challenge", &pkce_challenge(verifier))
            .append_pair("code_challenge_method", "S256");
        Ok(url.into())
    }

    /// Trades the code for tokens, proving possession of the PKCE verifier.
    pub async fn exchange_code(
        &self,
        code: &str,
        verifier: &str,
    ) -> Result<TokenResponse, OidcError> {
        let m = self.metadata().await?;
        let form = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", self.config.redirect_uri.as_str()),
            ("code_verifier", verifier),
            ("client_id", self.config.client_id.as_str()),
        ];
        let mut req = self.http.post(&m.token_endpoint);
        if let Some(secret) = &self.config.client_secret {
            req = req.basic_auth(&self.config.client_id, Some(secret));
        }
        let res = req.form(&form).send().await.map_err(provider_err)?;
        if !res.status().is_success() {
            return Err(OidcError::Provider(format!(
                "token endpoint answered {}",
                res.status()
            )));
        }
        res.json().await.map_err(provider_err)
    }

    /// Checks an ID token: signature by a key of the provider (keys fetched
    /// again once when the token names one we do not know), issuer,
    /// audience, times and nonce.
    pub async fn verify_id_token(
        &self,
        token: &str,
        nonce: &str,
    ) -> Result<Map<String, Value>, OidcError> {
        let header =
            jsonwebtoken::decode_header(token).map_err(|_| OidcError::BadToken("malformed"))?;
        let mut keys = self.jwks(false).await?;
        if find_key(&keys, header.kid.as_deref()).is_none() {
            keys = self.jwks(true).await?;
        }
        let m = self.metadata().await?;
        verify_id_token_with(token, &keys, &m.issuer, &self.config.client_id, nonce)
    }

    /// Claims from the userinfo endpoint, when the provider has one.
    pub async fn userinfo(
        &self,
        access_token: &str,
    ) -> Result<Option<Map<String, Value>>, OidcError> {
        let m = self.metadata().await?;
        let Some(url) = m.userinfo_endpoint else {
            return Ok(None);
        };
        let res = self
            .http
            .get(url)
            .bearer_auth(access_token)
            .send()
            .await
            .map_err(provider_err)?;
        if !res.status().is_success() {
            return Err(OidcError::Provider(format!(
                "userinfo answered {}",
                res.status()
            )));
        }
        Ok(Some(res.json().await.map_err(provider_err)?))
    }

    /// The provider's logout address for this session, when it has one.
    ///
    /// The person is named by `client_id` (RP-Initiated Logout 1.0 §2), not
    /// by `id_token_hint`: the ID token carries the personal ID and birth
    /// date, and this URL ends up in proxies' logs and the browser's history.
    pub async fn end_session_url(&self) -> Option<String> {
        let m = self.metadata().await.ok()?;
        let mut url = reqwest::Url::parse(m.end_session_endpoint.as_deref()?).ok()?;
        url.query_pairs_mut()
            .append_pair(
                "post_logout_redirect_uri",
                &self.config.post_logout_redirect_uri,
            )
            .append_pair("client_id", &self.config.client_id);
        Some(url.into())
    }
}

fn find_key<'a>(keys: &'a JwkSet, kid: Option<&str>) -> Option<&'a Jwk> {
    match kid {
        Some(kid) => keys
            .keys
            .iter()
            .find(|k| k.common.key_id.as_deref() == Some(kid)),
        // A provider with a single key may leave `kid` out.
        None if keys.keys.len() == 1 => keys.keys.first(),
        None => None,
    }
}

/// The checks of [`OidcClient::verify_id_token`] on a given key set.
pub fn verify_id_token_with(
    token: &str,
    keys: &JwkSet,
    issuer: &str,
    client_id: &str,
    nonce: &str,
) -> Result<Map<String, Value>, OidcError> {
    let header =
        jsonwebtoken::decode_header(token).map_err(|_| OidcError::BadToken("malformed"))?;
    // Only asymmetric algorithms: a provider's public key must never be
    // usable as an HMAC secret.
    if !matches!(header.alg, Algorithm::RS256 | Algorithm::ES256) {
        return Err(OidcError::BadToken("algorithm not accepted"));
    }
    let jwk =
        find_key(keys, header.kid.as_deref()).ok_or(OidcError::BadToken("unknown signing key"))?;
    let key =
        DecodingKey::from_jwk(jwk).map_err(|_| OidcError::BadToken("unusable signing key"))?;
    let mut v = Validation::new(header.alg);
    v.set_issuer(&[issuer]);
    v.set_audience(&[client_id]);
    v.leeway = LEEWAY_SECS;
    v.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
    let data = jsonwebtoken::decode::<Map<String, Value>>(token, &key, &v).map_err(|e| {
        use jsonwebtoken::errors::ErrorKind;
        OidcError::BadToken(match e.kind() {
            ErrorKind::InvalidSignature => "bad signature",
            ErrorKind::ExpiredSignature => "expired",
            ErrorKind::InvalidIssuer => "wrong issuer",
            ErrorKind::InvalidAudience => "wrong audience",
            ErrorKind::MissingRequiredClaim(_) => "missing claim",
            _ => "invalid",
        })
    })?;
    let claims = data.claims;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    if claims
        .get("iat")
        .and_then(Value::as_u64)
        .is_some_and(|iat| iat > now + LEEWAY_SECS)
    {
        return Err(OidcError::BadToken("issued in the future"));
    }
    if claims.get("nonce").and_then(Value::as_str) != Some(nonce) {
        return Err(OidcError::BadToken("wrong nonce"));
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{EncodingKey, Header};
    use p256::pkcs8::{EncodePrivateKey, LineEnding};
    use serde_json::json;

    const ISS: &str = "https://sso.example.vn";
    const AUD: &str = "dvc-portal";

    fn now() -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
    }

    struct Ec {
        key: p256::ecdsa::SigningKey,
        kid: &'static str,
    }

    impl Ec {
        fn new(kid: &'static str) -> Ec {
            Ec {
                key: p256::ecdsa::SigningKey::random(&mut rand_core::OsRng),
                kid,
            }
        }
        fn jwk(&self) -> Value {
            let p = self.key.verifying_key().to_encoded_point(false);
            json!({ "kty": "EC", "crv": "P-256", "alg": "ES256", "kid": self.kid,
                    "x": URL_SAFE_NO_PAD.encode(p.x().unwrap()), "y": URL_SAFE_NO_PAD.encode(p.y().unwrap()) })
        }
        fn sign(&self, claims: &Value) -> String {
            let mut h = Header::new(Algorithm::ES256);
            h.kid = Some(self.kid.into());
            let pem = self.key.to_pkcs8_pem(LineEnding::LF).unwrap();
            jsonwebtoken::encode(
                &h,
                claims,
                &EncodingKey::from_ec_pem(pem.as_bytes()).unwrap(),
            )
            .unwrap()
        }
    }

    fn claims() -> Value {
        json!({ "iss": ISS, "aud": AUD, "sub": "u1", "iat": now(), "exp": now() + 300, "nonce": "n-1", "SoDinhDanh": "001085012345" })
    }

    fn keys(jwks: &[Value]) -> JwkSet {
        serde_json::from_value(json!({ "keys": jwks })).unwrap()
    }

    fn with(mut c: Value, k: &str, v: Value) -> Value {
        c[k] = v;
        c
    }

    #[test]
    fn a_good_es256_token_is_accepted() {
        let k = Ec::new("k1");
        let c =
            verify_id_token_with(&k.sign(&claims()), &keys(&[k.jwk()]), ISS, AUD, "n-1").unwrap();
        assert_eq!(c["SoDinhDanh"], "001085012345");
    }

    #[test]
    fn a_good_rs256_token_is_accepted() {
        use rsa::pkcs8::EncodePrivateKey as _;
        use rsa::traits::PublicKeyParts;
        let key = rsa::RsaPrivateKey::new(&mut rand_core::OsRng, 2048).unwrap();
        let pem = key.to_pkcs8_pem(rsa::pkcs8::LineEnding::LF).unwrap();
        let mut h = Header::new(Algorithm::RS256);
        h.kid = Some("r1".into());
        let token = jsonwebtoken::encode(
            &h,
            &claims(),
            &EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap(),
        )
        .unwrap();
        let jwk = json!({ "kty": "RSA", "alg": "RS256", "kid": "r1",
                          "n": URL_SAFE_NO_PAD.encode(key.n().to_bytes_be()), "e": URL_SAFE_NO_PAD.encode(key.e().to_bytes_be()) });
        assert!(verify_id_token_with(&token, &keys(&[jwk]), ISS, AUD, "n-1").is_ok());
    }

    #[test]
    fn a_forged_signature_is_refused() {
        let real = Ec::new("k1");
        let forger = Ec::new("k1");
        let err = verify_id_token_with(
            &forger.sign(&claims()),
            &keys(&[real.jwk()]),
            ISS,
            AUD,
            "n-1",
        )
        .unwrap_err();
        assert_eq!(err, OidcError::BadToken("bad signature"));
    }

    #[test]
    fn wrong_audience_issuer_time_or_nonce_are_refused() {
        let k = Ec::new("k1");
        let set = keys(&[k.jwk()]);
        let check =
            |c: Value| verify_id_token_with(&k.sign(&c), &set, ISS, AUD, "n-1").unwrap_err();
        assert_eq!(
            check(with(claims(), "aud", json!("someone-else"))),
            OidcError::BadToken("wrong audience")
        );
        assert_eq!(
            check(with(claims(), "iss", json!("https://evil.example"))),
            OidcError::BadToken("wrong issuer")
        );
        assert_eq!(
            check(with(claims(), "exp", json!(now() - 3600))),
            OidcError::BadToken("expired")
        );
        assert_eq!(
            check(with(claims(), "iat", json!(now() + 3600))),
            OidcError::BadToken("issued in the future")
        );
        assert_eq!(
            check(with(claims(), "nonce", json!("replayed"))),
            OidcError::BadToken("wrong nonce")
        );
        let mut no_nonce = claims();
        no_nonce.as_object_mut().unwrap().remove("nonce");
        assert_eq!(check(no_nonce), OidcError::BadToken("wrong nonce"));
    }

    #[test]
    fn small_clock_differences_are_tolerated() {
        let k = Ec::new("k1");
        let c = with(claims(), "exp", json!(now() - 30));
        assert!(verify_id_token_with(&k.sign(&c), &keys(&[k.jwk()]), ISS, AUD, "n-1").is_ok());
    }

    #[test]
    fn an_unknown_key_or_a_symmetric_algorithm_is_refused() {
        let k = Ec::new("k1");
        let other = Ec::new("k2");
        let err = verify_id_token_with(&k.sign(&claims()), &keys(&[other.jwk()]), ISS, AUD, "n-1")
            .unwrap_err();
        assert_eq!(err, OidcError::BadToken("unknown signing key"));
        let mut h = Header::new(Algorithm::HS256);
        h.kid = Some("k1".into());
        let hs = jsonwebtoken::encode(
            &h,
            &claims(),
            &EncodingKey::from_secret(b"public-key-as-secret"),
        )
        .unwrap();
        assert_eq!(
            verify_id_token_with(&hs, &keys(&[k.jwk()]), ISS, AUD, "n-1").unwrap_err(),
            OidcError::BadToken("algorithm not accepted")
        );
    }

    #[test]
    fn pkce_challenge_is_s256_of_the_verifier() {
        // RFC 7636 appendix B.
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }
}
