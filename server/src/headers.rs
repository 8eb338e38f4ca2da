//! Security headers on every answer: a strict Content-Security-Policy, no sniffing, no framing, no referrer to other sites, and no caching of personal answers.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// `'sha256-…'` of each inline `<script>` and `<style>` in `html`, in order,
/// scripts first. The boot script must run before the first paint, so it
/// stays inline and is allowed by its hash rather than by `unsafe-inline`.
pub fn inline_hashes(html: &str) -> (Vec<String>, Vec<String>) {
    let hash = |body: &str| {
        format!(
            "'sha256-{}'",
            STANDARD.encode(Sha256::digest(body.as_bytes()))
        )
    };
    let mut scripts = Vec::new();
    let mut styles = Vec::new();
    for (tag, out) in [("script", &mut scripts), ("style", &mut styles)] {
        let open = format!("<{tag}");
        let close = format!("</{tag}>");
        let mut rest = html;
        while let Some(at) = rest.find(&open) {
            let after = &rest[at + open.len()..];
            let Some(end_of_tag) = after.find('>') else {
                break;
            };
            let attrs = &after[..end_of_tag];
            let body_and_more = &after[end_of_tag + 1..];
            let Some(body_end) = body_and_more.find(&close) else {
                break;
            };
            // `<scripts>` or `<style-x>` are other tags; `src=` loads a file.
            let is_tag = attrs.is_empty() || attrs.starts_with(char::is_whitespace);
            if is_tag && !attrs.contains("src=") {
                out.push(hash(&body_and_more[..body_end]));
            }
            rest = &body_and_more[body_end + close.len()..];
        }
    }
    (scripts, styles)
}

/// The policy for the web app's pages (and, harmlessly, every other
/// answer): only the portal's own files, the inline boot code by hash,
/// WebAssembly compilation, and nothing may frame it.
pub fn policy(html_files: &[String]) -> String {
    let mut scripts = Vec::new();
    let mut styles = Vec::new();
    for html in html_files {
        let (s, t) = inline_hashes(html);
        scripts.extend(s);
        styles.extend(t);
    }
    scripts.sort();
    scripts.dedup();
    styles.sort();
    styles.dedup();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self' {}; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        scripts.join(" "),
        styles.join(" ")
    )
    .replace(" ;", ";")
}

/// Whether an API path answers with one person's data: never kept by a
/// shared cache, a proxy or the browser's disk cache.
pub fn is_personal(path: &str) -> bool {
    ["/api/me/", "/api/officer/", "/api/admin/"]
        .iter()
        .any(|p| path.starts_with(p))
        || matches!(path, "/api/me" | "/api/session")
}

/// Lays the headers on every answer. An answer that set its own policy
/// (a document preview is sandboxed; the stand-in provider's page has its
/// own) keeps it.
pub async fn secure(
    axum::extract::State(csp): axum::extract::State<HeaderValue>,
    req: Request,
    next: Next,
) -> Response {
    let personal = is_personal(req.uri().path());
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if personal {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_code_is_hashed_and_files_are_not() {
        let html = "<script>a()</script><script src=\"/x.js\"></script>\
                    <script type=\"module\">b()</script><style>p{}</style><scripts>no</scripts>";
        let (scripts, styles) = inline_hashes(html);
        assert_eq!(scripts.len(), 2);
        assert_eq!(styles.len(), 1);
        let expect = format!("'sha256-{}'", STANDARD.encode(Sha256::digest(b"a()")));
        assert_eq!(scripts[0], expect);
    }

    #[test]
    fn the_policy_never_allows_inline_script_by_itself() {
        let p = policy(&["<script>boot()</script>".into()]);
        assert!(!p.contains("unsafe-inline"), "{p}");
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(p.contains("'sha256-"));
    }

    #[test]
    fn personal_answers_are_known_by_their_path() {
        assert!(is_personal("/api/me/dossiers"));
        assert!(is_personal("/api/officer/dossiers"));
        assert!(is_personal("/api/admin/audit"));
        assert!(is_personal("/api/session"));
        assert!(!is_personal("/api/procedures"));
        assert!(!is_personal("/api/merchant"));
    }
}
