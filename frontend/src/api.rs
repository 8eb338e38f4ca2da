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
    if status == 204 {
        // No content: only a `()` (or an `Option`) answer reads it.
        serde_json::from_str("null").map_err(|_| ApiFailure::Network)
    } else if (200..300).contains(&status) {
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
/// XMLHttpRequest, not fetch: only it reports upload progress, which a
/// person on a slow connection needs to see.
#[cfg(feature = "workspace")]
pub async fn upload_file<T: DeserializeOwned>(
    file: &web_sys::File,
    kind: &str,
    csrf: &str,
    progress: impl Fn(u32) + 'static,
) -> Result<T, ApiFailure> {
    let url = format!(
        "{}?name={}&kind={}",
        app::paths::MY_DOCUMENTS,
        encode(&file.name()),
        encode(kind)
    );
    upload_to("POST", &url, file, csrf, progress).await
}

/// Sends a file as the request body to `url`, reporting progress.
#[cfg(feature = "workspace")]
pub async fn upload_to<T: DeserializeOwned>(
    method: &str,
    url: &str,
    file: &web_sys::File,
    csrf: &str,
    progress: impl Fn(u32) + 'static,
) -> Result<T, ApiFailure> {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let xhr = web_sys::XmlHttpRequest::new().map_err(|_| ApiFailure::Network)?;
    xhr.open(method, url).map_err(|_| ApiFailure::Network)?;
    for (k, v) in [
        ("Accept", "application/json"),
        ("x-csrf-token", csrf),
        ("content-type", &file.type_()),
    ] {
        xhr.set_request_header(k, v)
            .map_err(|_| ApiFailure::Network)?;
    }
    let on_progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                progress((e.loaded() / e.total() * 100.0).round() as u32);
            }
        });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    let done = js_sys::Promise::new(&mut |resolve, reject| {
        xhr.set_onload(Some(&resolve));
        xhr.set_onerror(Some(&reject));
        xhr.set_onabort(Some(&reject));
    });
    xhr.send_with_opt_blob(Some(file))
        .map_err(|_| ApiFailure::Network)?;
    let finished = wasm_bindgen_futures::JsFuture::from(done).await;
    drop(on_progress);
    finished.map_err(|_| ApiFailure::Network)?;
    let status = xhr.status().map_err(|_| ApiFailure::Network)?;
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    if (200..300).contains(&status) {
        serde_json::from_str(&text).map_err(|_| ApiFailure::Network)
    } else {
        Err(ApiFailure::Api {
            status,
            error: serde_json::from_str(&text).unwrap_or_default(),
        })
    }
}
