//! Serves the built web app: precompressed assets, cache rules, and the page-route fallback.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::path::{Path, PathBuf};
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// Static files with brotli/gzip variants picked by `Accept-Encoding`, and
/// `index.html` for any page route (a path without a file extension).
pub fn router(dir: &Path) -> Router {
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true);
    let index = dir.join("index.html");
    let workspace_index = dir.join("ws").join("index.html");
    Router::new()
        .fallback_service(tower::service_fn(move |req: Request| {
            let files = files.clone();
            let index = index.clone();
            let workspace_index = workspace_index.clone();
            async move {
                let path = req.uri().path().to_owned();
                let res = files
                    .oneshot(req)
                    .await
                    .map(IntoResponse::into_response)
                    .unwrap_or_else(|e| match e {});
                if res.status() != StatusCode::NOT_FOUND || is_file_path(&path) {
                    return Ok::<_, std::convert::Infallible>(res);
                }
                let page = if app::paths::in_workspace(&path) {
                    &workspace_index
                } else {
                    &index
                };
                Ok(spa_index(page).await)
            }
        }))
        .layer(axum::middleware::from_fn(cache_headers))
}

/// Extensions of the files the build produces. A missing `.js` must be a
/// 404, not the app's HTML; page routes may contain dots (`/thu-tuc/1.001193`).
const FILE_EXTENSIONS: [&str; 14] = [
    "js",
    "mjs",
    "wasm",
    "css",
    "html",
    "png",
    "svg",
    "ico",
    "json",
    "webmanifest",
    "txt",
    "map",
    "woff2",
    "xml",
];

fn is_file_path(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    last.rsplit_once('.')
        .is_some_and(|(_, ext)| FILE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

async fn spa_index(index: &PathBuf) -> Response {
    match tokio::fs::read(index).await {
        Ok(bytes) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], Body::from(bytes)).into_response(),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<!doctype html><html lang=vi><title>Cổng dịch vụ công</title><p>Ứng dụng web chưa được dựng (chạy scripts/run). The web app has not been built (run scripts/run).</p>",
        )
            .into_response(),
    }
}

/// Trunk names built assets `name-<hash>.ext` (up to 16 hex digits: leading
/// zeros are dropped); those never change, so a phone may keep them for a
/// year. Everything else is revalidated.
fn is_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, h)| {
        (10..=16).contains(&h.len()) && h.chars().all(|c| c.is_ascii_hexdigit())
    })
}

async fn cache_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let get = req.method() == Method::GET || req.method() == Method::HEAD;
    let mut res = next.run(req).await;
    if get && res.status().is_success() {
        let value = if is_hashed(&path) {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_asset_names_are_recognised() {
        assert!(is_hashed("/frontend-3f2a9c0d1e4b5a6f_bg.wasm"));
        assert!(is_hashed("/frontend-3f2a9c0d1e4b5a6f.js"));
        assert!(is_hashed("/frontend-b6c4d7c7a3fd638.js"));
        assert!(is_hashed("/main-0123456789abcdef.css"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/sw.js"));
        assert!(!is_hashed("/icon-192.png"));
    }

    #[test]
    fn the_service_worker_knows_the_workspace_routes() {
        // sw.js falls back to the workspace shell offline for these routes.
        let sw = include_str!("../../public/sw.js");
        let list = format!("const WORKSPACE = {:?};", app::paths::WORKSPACE);
        assert!(sw.contains(&list), "public/sw.js must declare {list}");
    }

    #[test]
    fn only_paths_with_extensions_are_files() {
        assert!(is_file_path("/frontend-abc.js"));
        assert!(is_file_path("/missing.wasm"));
        assert!(!is_file_path("/thu-tuc/1.001193"));
        assert!(!is_file_path("/tim-kiem"));
    }
}
