//! The published contract: the OpenAPI 3.1 document generated from the handlers (served at `/api/openapi.json`), and the error answers every route shares.

use app::error::ApiError;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::Modify;

/// The error answers an API route may give; each is the one error body.
/// Every route lists them all: the portal's own limits (414, 431, 413,
/// 429) and its failures (500) can meet any request.
#[derive(utoipa::IntoResponses)]
pub enum Errors {
    /// A parameter that breaks a rule; each one named.
    #[response(status = 400)]
    Invalid(ApiError),
    /// Not signed in, or the session has ended.
    #[response(status = 401)]
    Unauthenticated(ApiError),
    /// This role may not do this, or the CSRF token is missing.
    #[response(status = 403)]
    Forbidden(ApiError),
    /// No such thing, or not yours to see.
    #[response(status = 404)]
    NotFound(ApiError),
    /// The path does not take this method.
    #[response(status = 405)]
    MethodNotAllowed(ApiError),
    /// The thing is in a state that forbids this, or another request won a race.
    #[response(status = 409)]
    Conflict(ApiError),
    /// A body over the size limit.
    #[response(status = 413)]
    TooLarge(ApiError),
    /// An address longer than the portal reads.
    #[response(status = 414)]
    UriTooLong(ApiError),
    /// A well-formed body whose values break the rules; each field named.
    #[response(status = 422)]
    Unprocessable(ApiError),
    /// Too many requests from one address; `Retry-After` says how long to wait.
    #[response(status = 429)]
    RateLimited(ApiError),
    /// More or larger headers than the portal reads.
    #[response(status = 431)]
    HeadersTooLarge(ApiError),
    /// The portal's fault; the body carries a request id to quote.
    #[response(status = 500)]
    Internal(ApiError),
}

/// The document's frame: title, where the API lives, how a caller signs in.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Cổng dịch vụ công — API",
        description = "The portal's JSON API. Errors are always `{code, message, fields}`, worded in the language of `Accept-Language` (Vietnamese by default). Signed-in calls carry the session cookie; state-changing ones also the `x-csrf-token` header from `GET /session`.",
        license(name = "MIT OR Apache-2.0")
    ),
    servers((url = "/api")),
    // Schemas only query parameters refer to (the others come with their routes).
    components(schemas(ApiError, app::dossiers::QueueName, app::search::Sort)),
    modifiers(&Security)
)]
pub struct ApiDoc;

/// The session cookie and the CSRF header, as security schemes.
struct Security;

impl Modify for Security {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        let c = api.components.get_or_insert_with(Default::default);
        c.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::identity::session::COOKIE,
            ))),
        );
        c.add_security_scheme(
            "csrf",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("x-csrf-token"))),
        );
    }
}
