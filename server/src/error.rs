//! The server's error type and its one JSON body, worded in the caller's language.

use app::error::{codes, reasons, ApiError, FieldErrors};
use axum::extract::{FromRequestParts, Request};
use axum::http::{request::Parts, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Everything a handler can fail with.
#[derive(Debug)]
pub enum AppError {
    /// 400: input that breaks a rule; each field named.
    Invalid(FieldErrors),
    /// 401: not signed in, or the session has ended.
    Unauthenticated,
    /// 403: signed in, but this role may not do this.
    Forbidden,
    /// 403: a state-changing request without the session's CSRF token.
    Csrf,
    /// 404: no such thing, or not yours to see.
    NotFound,
    /// 429: too many attempts from one address.
    RateLimited,
    /// 422: a well-formed body whose values break the rules; each field named.
    Unprocessable(FieldErrors),
    /// 409: the thing is in a state that forbids this (a document a dossier uses).
    Conflict(FieldErrors),
    /// 413: an upload over the size limit.
    TooLarge(FieldErrors),
    /// 405: a known path asked with a method it does not take.
    MethodNotAllowed,
    /// 414: the address is longer than the portal reads.
    UriTooLong,
    /// 431: more or larger headers than the portal reads.
    HeadersTooLarge,
    /// 500: our fault. The detail is logged, never sent.
    Internal(anyhow::Error),
}

impl AppError {
    /// A 400 naming one parameter.
    pub fn invalid(field: &str, reason: &str) -> AppError {
        AppError::Invalid(FieldErrors::one(field, reason))
    }

    /// A 422 naming one field.
    pub fn unprocessable(field: &str, reason: &str) -> AppError {
        AppError::Unprocessable(FieldErrors::one(field, reason))
    }
}

impl<E: Into<anyhow::Error>> From<E> for AppError {
    fn from(e: E) -> Self {
        AppError::Internal(e.into())
    }
}

/// The caller's language, from `Accept-Language`; Vietnamese unless English is preferred.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub fn from_headers(h: &HeaderMap) -> Lang {
        let v = h
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        // The first listed language wins; quality values are rarely needed here.
        match v.split(',').next().map(|s| s.trim().to_ascii_lowercase()) {
            Some(s) if s.starts_with("en") => Lang::En,
            _ => Lang::Vi,
        }
    }
}

/// Message and field wording kept on the response until the language is known.
#[derive(Clone)]
struct Localizable {
    status: StatusCode,
    code: &'static str,
    fields: FieldErrors,
}

fn message(code: &str, lang: Lang) -> &'static str {
    match (code, lang) {
        (codes::INVALID_PARAMETER, Lang::Vi) => "Thông tin gửi lên chưa hợp lệ. Vui lòng kiểm tra các trường được nêu.",
        (codes::INVALID_PARAMETER, Lang::En) => "Some of the information sent is not valid. Please check the fields listed.",
        (codes::UNAUTHENTICATED, Lang::Vi) => "Bạn cần đăng nhập (phiên làm việc có thể đã hết hạn).",
        (codes::UNAUTHENTICATED, Lang::En) => "Please sign in (your session may have ended).",
        (codes::FORBIDDEN, Lang::Vi) => "Tài khoản của bạn không có quyền thực hiện thao tác này.",
        (codes::FORBIDDEN, Lang::En) => "Your account may not do this.",
        (codes::CSRF, Lang::Vi) => "Yêu cầu không kèm mã bảo vệ hợp lệ. Vui lòng tải lại trang rồi thử lại.",
        (codes::CSRF, Lang::En) => "The request lacked a valid protection token. Please reload the page and try again.",
        (codes::UNPROCESSABLE, Lang::Vi) => "Một số thông tin chưa đúng. Vui lòng sửa các trường được nêu.",
        (codes::UNPROCESSABLE, Lang::En) => "Some information is not right. Please correct the fields listed.",
        (codes::NOT_FOUND, Lang::Vi) => "Không tìm thấy nội dung yêu cầu.",
        (codes::NOT_FOUND, Lang::En) => "The requested item was not found.",
        (codes::RATE_LIMITED, Lang::Vi) => "Bạn thao tác quá nhanh. Vui lòng thử lại sau ít phút.",
        (codes::RATE_LIMITED, Lang::En) => "Too many requests. Please try again in a few minutes.",
        (codes::CONFLICT, Lang::Vi) => "Không thực hiện được vì dữ liệu đã thay đổi hoặc đang được dùng. Vui lòng tải lại rồi thử lại.",
        (codes::CONFLICT, Lang::En) => "This could not be done because the data changed or is in use. Please reload and try again.",
        (codes::TOO_LARGE, Lang::Vi) => "Nội dung gửi lên quá lớn. Vui lòng gửi tệp hoặc nội dung nhỏ hơn.",
        (codes::TOO_LARGE, Lang::En) => "What was sent is too large. Please send a smaller file or less text.",
        (codes::METHOD_NOT_ALLOWED, Lang::Vi) => "Địa chỉ này không nhận thao tác được yêu cầu.",
        (codes::METHOD_NOT_ALLOWED, Lang::En) => "This address does not accept the requested method.",
        (codes::URI_TOO_LONG, Lang::Vi) => "Địa chỉ yêu cầu quá dài. Vui lòng rút ngắn nội dung tìm kiếm.",
        (codes::URI_TOO_LONG, Lang::En) => "The address is too long. Please shorten what you searched for.",
        (codes::HEADERS_TOO_LARGE, Lang::Vi) => "Yêu cầu có quá nhiều dữ liệu đầu trang (cookie). Vui lòng xóa cookie của trang rồi thử lại.",
        (codes::HEADERS_TOO_LARGE, Lang::En) => "The request carries too much header data (cookies). Please clear this site's cookies and try again.",
        (_, Lang::Vi) => "Hệ thống gặp lỗi. Vui lòng thử lại sau; nếu cần hỗ trợ, hãy cung cấp mã yêu cầu.",
        (_, Lang::En) => "Something went wrong on our side. Please try again; quote the request id if you contact support.",
    }
}

/// Words for a field reason, so API callers get a sentence naming the field too.
pub fn reason_text(field: &str, reason: &str, lang: Lang) -> String {
    let what = match (reason, lang) {
        (reasons::TOO_LONG, Lang::Vi) => "quá dài",
        (reasons::TOO_LONG, Lang::En) => "is too long",
        (reasons::UNKNOWN_VALUE, Lang::Vi) => "có giá trị không được hỗ trợ",
        (reasons::UNKNOWN_VALUE, Lang::En) => "has a value that is not supported",
        (reasons::NOT_A_NUMBER, Lang::Vi) => "phải là số",
        (reasons::NOT_A_NUMBER, Lang::En) => "must be a number",
        (reasons::OUT_OF_RANGE, Lang::Vi) => "nằm ngoài phạm vi cho phép",
        (reasons::OUT_OF_RANGE, Lang::En) => "is out of range",
        (_, Lang::Vi) => "không hợp lệ",
        (_, Lang::En) => "is not valid",
    };
    match lang {
        Lang::Vi => format!("Trường “{field}” {what}."),
        Lang::En => format!("The field “{field}” {what}."),
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code, fields) = match self {
            AppError::Invalid(f) => (StatusCode::BAD_REQUEST, codes::INVALID_PARAMETER, f),
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                codes::NOT_FOUND,
                FieldErrors::default(),
            ),
            AppError::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                codes::UNAUTHENTICATED,
                FieldErrors::default(),
            ),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                codes::FORBIDDEN,
                FieldErrors::default(),
            ),
            AppError::Csrf => (StatusCode::FORBIDDEN, codes::CSRF, FieldErrors::default()),
            AppError::RateLimited => (
                StatusCode::TOO_MANY_REQUESTS,
                codes::RATE_LIMITED,
                FieldErrors::default(),
            ),
            AppError::Unprocessable(f) => {
                (StatusCode::UNPROCESSABLE_ENTITY, codes::UNPROCESSABLE, f)
            }
            AppError::Conflict(f) => (StatusCode::CONFLICT, codes::CONFLICT, f),
            AppError::TooLarge(f) => (StatusCode::PAYLOAD_TOO_LARGE, codes::TOO_LARGE, f),
            AppError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                codes::METHOD_NOT_ALLOWED,
                FieldErrors::default(),
            ),
            AppError::UriTooLong => (
                StatusCode::URI_TOO_LONG,
                codes::URI_TOO_LONG,
                FieldErrors::default(),
            ),
            AppError::HeadersTooLarge => (
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                codes::HEADERS_TOO_LARGE,
                FieldErrors::default(),
            ),
            AppError::Internal(e) => match constraint_violation(&e) {
                // A race lost to another request (two submissions of one
                // document, a delete while a dossier takes the document):
                // the person can reload and try again; not our failure.
                Some(field) => (
                    StatusCode::CONFLICT,
                    codes::CONFLICT,
                    FieldErrors::one(&field, "conflict"),
                ),
                None => {
                    // Logged once, inside the request span that carries the request id.
                    tracing::error!(error = %format!("{e:#}"), "internal error");
                    (
                        StatusCode::INTERNAL_SERVER_ERROR,
                        codes::INTERNAL,
                        FieldErrors::default(),
                    )
                }
            },
        };
        let mut res = status.into_response();
        res.extensions_mut().insert(Localizable {
            status,
            code,
            fields,
        });
        res
    }
}

/// The field a unique or foreign-key violation is about, when the error is
/// one. PostgreSQL names the constraint (`documents_user_id_sha256_key`,
/// `dossier_documents_document_id_fkey`); SQLite names the columns of a
/// unique one (`UNIQUE constraint failed: documents.user_id, documents.sha256`)
/// and nothing for a foreign key.
pub fn constraint_violation(e: &anyhow::Error) -> Option<String> {
    let db = e.downcast_ref::<sqlx::Error>()?.as_database_error()?;
    let unique = db.is_unique_violation();
    if !unique && !db.is_foreign_key_violation() {
        return None;
    }
    // PostgreSQL names the key's columns in its detail, "Key (user_id,
    // sha256)=(…) already exists."; the constraint's name would run them
    // together ("documents_user_id_sha256_key").
    let from_pg = db
        .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
        .and_then(|pg| pg.detail())
        .and_then(|d| d.strip_prefix("Key ("))
        .and_then(|d| d.split_once(")="))
        .and_then(|(cols, _)| cols.split(", ").last())
        .map(|c| c.trim_matches('"').to_owned());
    let from_sqlite = || {
        db.message()
            .split_once(": ")
            .and_then(|(_, cols)| cols.split(", ").last())
            .and_then(|c| c.rsplit_once('.'))
            .map(|(_, col)| col.to_owned())
    };
    Some(
        from_pg
            .filter(|f| !f.is_empty())
            .or_else(from_sqlite)
            .unwrap_or_else(|| {
                if unique {
                    "id".into()
                } else {
                    "reference".into()
                }
            }),
    )
}

/// Writes the error body in the caller's language. Handlers return
/// [`AppError`] without knowing the language; this layer knows the request.
pub async fn localize_errors(req: Request, next: Next) -> Response {
    let lang = Lang::from_headers(req.headers());
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let res = next.run(req).await;
    let Some(err) = res.extensions().get::<Localizable>().cloned() else {
        return res;
    };
    let body = ApiError {
        code: err.code.to_owned(),
        message: message(err.code, lang).to_owned(),
        fields: err.fields.0,
        request_id: (err.status.is_server_error())
            .then_some(request_id)
            .flatten(),
    };
    let mut out = (err.status, Json(body)).into_response();
    for (k, v) in res.headers() {
        if k != axum::http::header::CONTENT_TYPE && k != axum::http::header::CONTENT_LENGTH {
            out.headers_mut().insert(k.clone(), v.clone());
        }
    }
    out
}

/// JSON 404 for any `/api/...` path that does not exist, never `index.html`.
pub async fn api_not_found() -> AppError {
    AppError::NotFound
}

/// A panic becomes the same 500 body as any other internal error.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    AppError::Internal(anyhow::anyhow!("handler panicked")).into_response()
}

/// `Query` whose rejection is our own 400 body, so a malformed query string
/// (a repeated parameter, say) is answered like any other bad parameter.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or("");
        serde_urlencoded_from_str(q).map(ApiQuery).map_err(|param| {
            let mut f = FieldErrors::default();
            f.add(&param, reasons::UNKNOWN_VALUE);
            AppError::Invalid(f)
        })
    }
}

/// `Json` whose rejection (bad JSON, wrong content type, a field of the
/// wrong type, a body over the limit) is our own error body, naming the
/// field at fault where there is one.
pub struct ApiJson<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| {
                let v = v.trim();
                v == "application/json" || (v.starts_with("application/") && v.ends_with("+json"))
            });
        if !json {
            return Err(AppError::invalid("content-type", reasons::UNKNOWN_VALUE));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    AppError::TooLarge(FieldErrors::one("body", reasons::TOO_LONG))
                } else {
                    AppError::invalid("body", reasons::UNKNOWN_VALUE)
                }
            })?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(&mut de)
            .map(ApiJson)
            .map_err(|e| AppError::invalid(&field_of(&e), reasons::UNKNOWN_VALUE))
    }
}

/// The field a decoding error is about: its path (`answers.x`), or for an
/// error at the top (`unknown field `x``, `duplicate field `q``) the name
/// serde quotes, or `body`.
fn field_of<E: std::fmt::Display>(e: &serde_path_to_error::Error<E>) -> String {
    let path = e.path().to_string();
    if !path.is_empty() && path != "." {
        return path;
    }
    let text = e.inner().to_string();
    if text.starts_with("unknown field")
        || text.starts_with("duplicate field")
        || text.starts_with("missing field")
    {
        if let Some(name) = text.split('`').nth(1) {
            return name.to_owned();
        }
    }
    "body".to_owned()
}

/// `Path` whose rejection is our own 400 body naming the path parameter
/// (an id with `%ff`, a version that is not a number).
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        use axum::extract::path::ErrorKind;
        use axum::extract::rejection::PathRejection;
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(t)) => Ok(ApiPath(t)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => {
                let (name, reason) = match e.kind() {
                    ErrorKind::ParseErrorAtKey { key, .. }
                    | ErrorKind::InvalidUtf8InPathParam { key } => {
                        (key.clone(), reasons::UNKNOWN_VALUE)
                    }
                    ErrorKind::ParseError { .. } | ErrorKind::ParseErrorAtIndex { .. } => {
                        ("path".to_owned(), reasons::NOT_A_NUMBER)
                    }
                    _ => ("path".to_owned(), reasons::UNKNOWN_VALUE),
                };
                let reason = if matches!(e.kind(), ErrorKind::ParseErrorAtKey { expected_type, .. } if expected_type.starts_with('u') || expected_type.starts_with('i'))
                {
                    reasons::NOT_A_NUMBER
                } else {
                    reason
                };
                Err(AppError::invalid(&name, reason))
            }
            Err(_) => Err(AppError::invalid("path", reasons::UNKNOWN_VALUE)),
        }
    }
}

/// The size of a request the portal reads: longer addresses and larger
/// header blocks are refused with our error body before any handler runs.
/// (hyper refuses still larger ones itself, with an empty answer, before
/// the portal sees them: an address over 64 KiB, over 100 headers.)
pub const MAX_URI_BYTES: usize = 8 * 1024;
pub const MAX_HEADER_BYTES: usize = 32 * 1024;
pub const MAX_HEADERS: usize = 64;

/// Refuses requests over the limits above with 414 or 431 in our error body.
pub async fn request_limits(req: Request, next: Next) -> Response {
    let uri_len = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if uri_len > MAX_URI_BYTES {
        return AppError::UriTooLong.into_response();
    }
    let headers = req.headers();
    let header_bytes: usize = headers
        .iter()
        .map(|(k, v)| k.as_str().len() + v.as_bytes().len() + 4)
        .sum();
    if headers.len() > MAX_HEADERS || header_bytes > MAX_HEADER_BYTES {
        return AppError::HeadersTooLarge.into_response();
    }
    next.run(req).await
}

/// 405 for a path that exists under another method.
pub async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

/// Decodes a query string, reporting which parameter was at fault.
fn serde_urlencoded_from_str<T: serde::de::DeserializeOwned>(q: &str) -> Result<T, String> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(q.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let f = field_of(&e);
        if f == "body" {
            "query".to_owned()
        } else {
            f
        }
    })
}
