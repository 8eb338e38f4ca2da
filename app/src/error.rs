//! The one error body every API endpoint returns, so the browser can show each problem next to its field.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Stable machine codes for the `code` member of [`ApiError`].
pub mod codes {
    pub const INVALID_PARAMETER: &str = "invalid_parameter";
    pub const NOT_FOUND: &str = "not_found";
    pub const INTERNAL: &str = "internal";
    pub const RATE_LIMITED: &str = "rate_limited";
    pub const UNAUTHENTICATED: &str = "unauthenticated";
    pub const FORBIDDEN: &str = "forbidden";
    pub const CSRF: &str = "csrf";
    pub const UNPROCESSABLE: &str = "unprocessable";
    /// 409: the thing is in a state that forbids this, or someone else got there first.
    pub const CONFLICT: &str = "conflict";
    /// 413: a body over the size limit.
    pub const TOO_LARGE: &str = "too_large";
    /// 405: the path exists, the method does not.
    pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
    /// 414: an address longer than the portal reads.
    pub const URI_TOO_LONG: &str = "uri_too_long";
    /// 431: more or larger headers than the portal reads.
    pub const HEADERS_TOO_LARGE: &str = "headers_too_large";
}

/// Stable codes for the reason attached to a field in [`ApiError::fields`].
pub mod reasons {
    pub const TOO_LONG: &str = "too_long";
    pub const UNKNOWN_VALUE: &str = "unknown_value";
    pub const NOT_A_NUMBER: &str = "not_a_number";
    pub const OUT_OF_RANGE: &str = "out_of_range";
    pub const UNKNOWN_PARAMETER: &str = "unknown_parameter";
}

/// `{ "code": "...", "message": "...", "fields": { "field": ["reason"] } }`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, Vec<String>>,
    /// Present on internal errors so a citizen can quote it to the help desk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// Field problems collected while validating input, keyed by field name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub BTreeMap<String, Vec<String>>);

impl FieldErrors {
    /// One problem with one field.
    pub fn one(field: &str, reason: &str) -> FieldErrors {
        let mut e = FieldErrors::default();
        e.add(field, reason);
        e
    }
    pub fn add(&mut self, field: &str, reason: &str) {
        self.0
            .entry(field.to_owned())
            .or_default()
            .push(reason.to_owned());
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Turns the collected problems into `Err` if there are any.
    pub fn into_result<T>(self, ok: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(ok)
        } else {
            Err(self)
        }
    }
}
