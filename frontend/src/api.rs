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

/// Decodes one query-string component (`+` is a space).
fn decode_component(s: &str) -> String {
    js_sys::decode_uri_component(&s.replace('+', " "))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// GETs a JSON document.
///
/// The query string is handed to gloo as pairs, which it serialises the way
/// `URLSearchParams` does; the boot script in `index.html` preloads the same
/// address that way, so the two requests match and the data arrives once.
pub async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiFailure> {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode_component(k), decode_component(v))
        })
        .collect();
    let res = gloo_net::http::Request::get(path)
        .query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    decode(res).await
}

/// A 2xx answer's JSON, or the error body of any other.
async fn decode<T: DeserializeOwned>(res: gloo_net::http::Response) -> Result<T, ApiFailure> {
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
    js_sys::encode_uri_component(s)
        .as_string()
        .unwrap_or_default()
}

/// `path?k=v&...` from pairs, leaving out the `?` when there are none.
pub fn with_query(path: &str, pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return path.to_owned();
    }
    let qs: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    format!("{path}?{}", qs.join("&"))
}

/// Sends JSON with a state-changing method, with the session's CSRF token.
pub async fn send_json<B: serde::Serialize, T: DeserializeOwned>(
    method: &str,
    url: &str,
    body: &B,
    csrf: &str,
) -> Result<T, ApiFailure> {
    let builder = match method {
        "PUT" => gloo_net::http::Request::put(url),
        _ => gloo_net::http::Request::post(url),
    };
    let res = builder
        .header("Accept", "application/json")
        .header("x-csrf-token", csrf)
        .json(body)
        .map_err(|_| ApiFailure::Network)?
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    decode(res).await
}

/// Uploads a file to the person's document store, the file as the body
/// (the server checks what it really is), with its kind for matching.
#[cfg(feature = "workspace")]
pub async fn upload_file<T: DeserializeOwned>(
    file: &web_sys::File,
    kind: &str,
    csrf: &str,
) -> Result<T, ApiFailure> {
    let url = format!(
        "/api/me/documents?name={}&kind={}",
        encode(&file.name()),
        encode(kind)
    );
    let res = gloo_net::http::Request::post(&url)
        .header("Accept", "application/json")
        .header("x-csrf-token", csrf)
        .header("content-type", &file.type_())
        .body(wasm_bindgen::JsValue::from(file.clone()))
        .map_err(|_| ApiFailure::Network)?
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    decode(res).await
}
