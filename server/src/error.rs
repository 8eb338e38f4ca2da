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
            AppError::Conflict(f) => (StatusCode::CONFLICT, codes::UNPROCESSABLE, f),
            AppError::TooLarge(f) => (StatusCode::PAYLOAD_TOO_LARGE, codes::UNPROCESSABLE, f),
            AppError::Internal(e) => {
                // Logged once, inside the request span that carries the request id.
                tracing::error!(error = %format!("{e:#}"), "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    codes::INTERNAL,
                    FieldErrors::default(),
                )
            }
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
/// wrong type) is our own 400 body naming what could be named.
pub struct ApiJson<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(t)) => Ok(ApiJson(t)),
            Err(e) => {
                // serde says "...: unknown field `x`" or "invalid type ... at line"; name a field when it does.
                let text = e.body_text();
                let field = text.split('`').nth(1).unwrap_or("body");
                Err(AppError::invalid(field, reasons::UNKNOWN_VALUE))
            }
        }
    }
}

/// Decodes a query string through axum's own `Query`, reporting which
/// parameter was at fault when serde says so.
fn serde_urlencoded_from_str<T: serde::de::DeserializeOwned>(q: &str) -> Result<T, String> {
    let uri: axum::http::Uri = format!("/?{q}").parse().map_err(|_| "query".to_owned())?;
    axum::extract::Query::<T>::try_from_uri(&uri)
        .map(|axum::extract::Query(t)| t)
        .map_err(|e| {
            let text = e.body_text();
            // serde names the field as `duplicate field `q``; pick it out.
            text.split('`')
                .nth(1)
                .map(str::to_owned)
                .unwrap_or_else(|| "query".to_owned())
        })
}
