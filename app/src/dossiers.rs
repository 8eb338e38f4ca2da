//! Drafts, dossiers and receipts as the browser and the server exchange them.

use crate::forms::Answers;
use serde::{Deserialize, Serialize};

/// Dossier status codes of the national portal's synchronisation (DOMAIN.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Submitted = 1,
    Accepted = 2,
    Refused = 3,
    Processing = 4,
    SupplementRequested = 5,
    PaymentRequested = 6,
    Withdrawn = 7,
    Stopped = 8,
    Processed = 9,
    Returned = 10,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::Submitted,
        Status::Accepted,
        Status::Refused,
        Status::Processing,
        Status::SupplementRequested,
        Status::PaymentRequested,
        Status::Withdrawn,
        Status::Stopped,
        Status::Processed,
        Status::Returned,
    ];
    pub fn code(self) -> i64 {
        self as i64
    }
    pub fn from_code(c: i64) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == c)
    }
}

/// How the person receives the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    Online,
    Counter,
    Post,
}

impl Delivery {
    pub fn parse(s: &str) -> Option<Delivery> {
        match s {
            "online" => Some(Delivery::Online),
            "counter" => Some(Delivery::Counter),
            "post" => Some(Delivery::Post),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Online => "online",
            Delivery::Counter => "counter",
            Delivery::Post => "post",
        }
    }
}

/// `POST /api/me/drafts`
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewDraft {
    pub procedure: String,
}

/// `PUT /api/me/drafts/{id}`: the answers so far and where the person is.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DraftUpdate {
    pub answers: Answers,
    #[serde(default)]
    pub section: String,
}

/// A draft as stored for its owner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub id: String,
    pub procedure: String,
    pub procedure_name: String,
    pub form_version: u32,
    pub answers: Answers,
    pub section: String,
    /// Counts saves, so a device can tell whether its copy is the newest.
    pub revision: i64,
    /// Unix seconds.
    pub updated_at: i64,
    /// The day the draft is removed if left untouched (YYYY-MM-DD).
    pub expires_on: String,
}

/// `POST /api/me/dossiers`: submit a draft. The key, made once per
/// submission by the browser, makes a retry return the same dossier.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SubmitRequest {
    pub draft: String,
    pub idempotency_key: String,
}

/// A step in a dossier's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub at: i64,
    pub status: Status,
    pub action: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub note: String,
}

/// A dossier as its applicant sees it; the receipt (Form 01) is made from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dossier {
    pub code: String,
    pub procedure: String,
    pub procedure_name: String,
    pub agency: String,
    pub applicant: String,
    pub status: Status,
    pub delivery: Delivery,
    /// Unix seconds.
    pub received_at: i64,
    /// YYYY-MM-DD
    pub due_date: String,
    /// The documents received: (component, file name).
    pub documents: Vec<(String, String)>,
    pub events: Vec<Event>,
    /// The public tracking address, also in the receipt's QR code.
    pub tracking_url: String,
}

/// A document of the person's store, as `/api/me/documents` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentView {
    pub id: String,
    /// What it is, matched to dossier component names where possible.
    pub kind: String,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
    /// Unix seconds.
    pub created_at: i64,
    /// Codes of the dossiers it was submitted with.
    #[serde(default)]
    pub used_in: Vec<String>,
}
