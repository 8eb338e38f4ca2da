//! Typed client for the portal's JSON API; non-2xx answers are decoded into the shared error body.

use app::error::ApiError;
use serde::de::DeserializeOwned;

/// Why a call failed, as the page needs to know it.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// The server answered with an error body.
    Api { status: u16, error: ApiError },
    /// No answer: offline, DNS, server down.
    Network,
}

impl ApiFailure {
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiFailure::Api { status: 404, .. })
    }
}

/// GETs a JSON document.
pub async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiFailure> {
    let res = gloo_net::http::Request::get(url).header("Accept", "application/json").send().await.map_err(|_| ApiFailure::Network)?;
    let status = res.status();
    if (200..300).contains(&status) {
        res.json::<T>().await.map_err(|_| ApiFailure::Network)
    } else {
        let error = res.json::<ApiError>().await.unwrap_or_default();
        Err(ApiFailure::Api { status, error })
    }
}

/// Encodes one query-string component.
pub fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s).as_string().unwrap_or_default()
}

/// `path?k=v&...` from pairs, leaving out the `?` when there are none.
pub fn with_query(path: &str, pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return path.to_owned();
    }
    let qs: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
    format!("{path}?{}", qs.join("&"))
}
