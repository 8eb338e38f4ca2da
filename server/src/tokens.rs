//! Unguessable tokens: session ids, CSRF tokens, OpenID `state`, nonces and PKCE verifiers, document ids.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// 32 random bytes, URL-safe base64 (43 characters).
pub fn random_token() -> String {
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}
