//! The operator's pages every public service has (help and contact, privacy, accessibility, terms of use), as the API gives them.

use serde::{Deserialize, Serialize};

/// A page of the operator's (help, privacy, accessibility, terms), as
/// `/api/pages/{page}` gives it: Markdown made HTML on the server, with any
/// HTML of the source shown as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServicePage {
    /// The first heading of the page.
    pub title: String,
    pub html: String,
    /// The language the text is in (`vi`, or `en` where the operator wrote one).
    pub lang: String,
}
