//! Drafts, dossiers and receipts as the browser and the server exchange them.

use crate::forms::Answers;
use crate::lifecycle::{Action, Timeliness};
use crate::ratings::Rating;
use serde::{Deserialize, Serialize};

/// Dossier status codes of the national portal's synchronisation (DOMAIN.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// The status's name as people read it: plain words that say where
    /// the dossier is and who acts next. The national portal's own terms
    /// (`national_name`) stay underneath, with the codes.
    pub fn name(self, english: bool) -> &'static str {
        let (vi, en) = match self {
            Status::Submitted => ("Đã nộp, chờ tiếp nhận", "Submitted, waiting to be accepted"),
            Status::Accepted => (
                "Đã tiếp nhận, chờ giải quyết",
                "Accepted, waiting to be processed",
            ),
            Status::Refused => ("Không được tiếp nhận", "Not accepted"),
            Status::Processing => ("Đang giải quyết", "Being processed"),
            Status::SupplementRequested => ("Cần bổ sung giấy tờ", "More documents needed"),
            Status::PaymentRequested => ("Chờ nộp phí, lệ phí", "Waiting for the fee"),
            Status::Withdrawn => ("Đã rút hồ sơ", "Withdrawn"),
            Status::Stopped => ("Đã dừng giải quyết", "Processing stopped"),
            Status::Processed => ("Đã có kết quả, chờ trả", "Result ready"),
            Status::Returned => ("Đã trả kết quả", "Result returned"),
        };
        if english {
            en
        } else {
            vi
        }
    }

    /// The status as the national portal's synchronisation names it
    /// (`TrangThai`, DOMAIN.md), for the officers' reports and the sync.
    pub fn national_name(self) -> &'static str {
        match self {
            Status::Submitted => "Mới đăng ký",
            Status::Accepted => "Được tiếp nhận",
            Status::Refused => "Không được tiếp nhận",
            Status::Processing => "Đang xử lý",
            Status::SupplementRequested => "Yêu cầu bổ sung giấy tờ",
            Status::PaymentRequested => "Yêu cầu thực hiện nghĩa vụ tài chính",
            Status::Withdrawn => "Công dân yêu cầu rút hồ sơ",
            Status::Stopped => "Dừng xử lý",
            Status::Processed => "Đã xử lý xong",
            Status::Returned => "Đã trả kết quả",
        }
    }

    /// Whether a date for the result still stands: not once the dossier was
    /// refused, withdrawn, stopped or its result returned.
    pub fn awaits_result(self) -> bool {
        !matches!(
            self,
            Status::Refused | Status::Withdrawn | Status::Stopped | Status::Returned
        )
    }
}

/// The kind the portal gives a document a person sends in answer to a
/// supplement request (the others are the catalogue's component names).
pub const SUPPLEMENT_KIND: &str = "Giấy tờ bổ sung";
/// The kind of a result in the person's store begins so, then the procedure's name.
pub const RESULT_KIND_PREFIX: &str = "Kết quả: ";

/// How a dossier reached the unit (the national portal's channel codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// At the one-stop counter (1).
    Counter,
    /// Online (2).
    Online,
    /// By public postal service (3).
    Post,
}

impl Channel {
    pub fn from_code(c: i64) -> Channel {
        match c {
            1 => Channel::Counter,
            3 => Channel::Post,
            _ => Channel::Online,
        }
    }

    pub fn code(self) -> i64 {
        match self {
            Channel::Counter => 1,
            Channel::Online => 2,
            Channel::Post => 3,
        }
    }
}

/// `POST /api/officer/intake/person`: who stands at the counter (or whose
/// dossier came by post), by personal ID. Name and birth date are given
/// when the portal does not know the person yet.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntakePerson {
    pub personal_id: String,
    #[serde(default)]
    pub full_name: String,
    /// YYYY-MM-DD.
    #[serde(default)]
    pub birth_date: String,
}

/// The person found (or just recorded) for an intake.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntakeFound {
    pub full_name: String,
    pub birth_date: String,
    /// Whether they have signed in to the portal themselves.
    pub has_account: bool,
}

/// `POST /api/officer/intake`: starts (or resumes) the e-form an officer
/// fills for that person; the answer is the draft.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntakeStart {
    #[serde(flatten)]
    pub person: IntakePerson,
    pub procedure: String,
    /// The counter or the post; online is the person's own.
    pub channel: Channel,
    /// The postal item number the dossier arrived with (by post).
    #[serde(default)]
    pub postal_in: String,
}

/// Who an officer's draft is filled for, and how the dossier came.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntakeFor {
    pub applicant: String,
    /// The personal ID's last four digits only.
    pub masked_id: String,
    pub channel: Channel,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub postal_in: String,
}

/// A procedure an officer's units take in, for the intake page's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntakeProcedure {
    pub code: String,
    pub name: String,
}

/// How the person receives the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewDraft {
    pub procedure: String,
}

/// `PUT /api/me/drafts/{id}`: the answers so far and where the person is.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DraftUpdate {
    pub answers: Answers,
    #[serde(default)]
    pub section: String,
}

/// A draft as stored for its owner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// Filled by an officer for a person at the counter or by post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intake: Option<IntakeFor>,
}

/// `POST /api/me/dossiers`: submit a draft. The key, made once per
/// submission by the browser, makes a retry return the same dossier.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmitRequest {
    pub draft: String,
    pub idempotency_key: String,
    /// The unit the person files with, where several take the procedure in
    /// (their commune's People's Committee); by default the commune of
    /// the residence they declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// A step in a dossier's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    pub at: i64,
    /// The status before the step (none for the submission).
    #[serde(default)]
    pub from: Option<Status>,
    pub status: Status,
    /// `submitted` or a [`crate::lifecycle::Action`] name.
    pub action: String,
    /// The unit that took the step (empty for the applicant).
    #[serde(default)]
    pub unit: String,
    /// The officer's name, or their role where the operator hides names.
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub note: String,
    /// A supplement request's missing items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    /// An apology's new return date.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub new_due_date: String,
    /// The postal item number of a result returned by post.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tracking: String,
    /// Where a hand-over (`assign`, `transfer`) sent the dossier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<crate::units::HandedTo>,
}

/// A document that went into a dossier (or came out of it, the result).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierDocument {
    pub id: String,
    /// The dossier component it answers.
    pub component: String,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
}

/// A dossier in a list ("my dossiers", an officer's queue).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierSummary {
    pub code: String,
    pub procedure: String,
    pub procedure_name: String,
    pub agency: String,
    pub applicant: String,
    pub status: Status,
    pub received_at: i64,
    /// YYYY-MM-DD
    pub due_date: String,
    pub timeliness: Timeliness,
    /// For officers: the officer holding it now, if anyone does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler_id: Option<i64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub handler: String,
}

/// A dossier as its applicant, or an officer of its agency, sees it; the
/// receipt (Form 01) is made from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// YYYY-MM-DD, after any apology or paused clock.
    pub due_date: String,
    /// The date promised on the receipt.
    pub original_due_date: String,
    pub timeliness: Timeliness,
    /// Who holds the dossier now: the officer (or role) and unit.
    pub handler: String,
    pub documents: Vec<DossierDocument>,
    pub events: Vec<Event>,
    /// The public tracking address, also in the receipt's QR code.
    pub tracking_url: String,
    pub form_version: u32,
    pub answers: Answers,
    /// What is missing, while a supplement request is open.
    #[serde(default)]
    pub supplement_items: Vec<String>,
    /// The steps open to the person looking, now.
    #[serde(default)]
    pub actions: Vec<Action>,
    /// The result: in the applicant's store once finished; for officers,
    /// the file staged before finishing.
    #[serde(default)]
    pub result: Option<DossierDocument>,
    #[serde(default)]
    pub rating: Option<Rating>,
    /// Whether the applicant may rate (or change the rating) now.
    #[serde(default)]
    pub can_rate: bool,
    /// The last day a rating may be changed (YYYY-MM-DD), once rated.
    #[serde(default)]
    pub rating_until: String,
    /// The one-question rating of the online form, once given.
    #[serde(default)]
    pub form_rating: Option<u8>,
    /// How it reached the unit.
    #[serde(default = "online")]
    pub channel: Channel,
    /// How long the latest finished dossiers of the same procedure at the
    /// same unit took, in working days from receipt to result, when there
    /// are enough of them (`statistics::TYPICAL_MIN`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typical: Option<crate::statistics::Spread>,
    /// The postal item number of a result returned by post.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub return_tracking: String,
    /// The postal item number the dossier arrived with, by post.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub postal_in: String,
    /// Components received on paper and not digitised (counter, post).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paper: Vec<String>,
    /// For officers of its unit: who it can be handed to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub colleagues: Vec<crate::units::Colleague>,
    /// For officers: whether it can be transferred to another unit now.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub can_transfer: bool,
}

/// What anyone holding the code and the second factor may see: no names,
/// no answers, no notes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicStatus {
    pub code: String,
    pub procedure_name: String,
    pub agency: String,
    pub status: Status,
    pub received_at: i64,
    pub due_date: String,
    pub timeliness: Timeliness,
    /// (when, status) of every step.
    pub steps: Vec<(i64, Status)>,
}

/// An in-app notification of a step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: i64,
    /// The dossier's code, or the feedback's.
    pub dossier: String,
    /// The procedure's name, or the feedback's title.
    pub procedure_name: String,
    /// The dossier's status, for a dossier's step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// The feedback's state, for a feedback's step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<crate::feedback::State>,
    pub action: String,
    pub at: i64,
    pub read: bool,
}

/// The queues of the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QueueName {
    /// Open and held by the officer looking.
    Mine,
    /// Submitted, waiting to be accepted.
    New,
    /// Accepted or being processed.
    InProgress,
    /// Waiting for the applicant: a supplement or a payment.
    Waiting,
    /// Not yet done and held by nobody in the unit: new, accepted by
    /// another unit's counter, or transferred in.
    Unassigned,
    /// Still open and due within 2 working days.
    DueSoon,
    /// Still open after the due day.
    Overdue,
    /// Processed, result to hand over.
    Ready,
    All,
}

impl QueueName {
    pub const ALL: [QueueName; 9] = [
        QueueName::Mine,
        QueueName::New,
        QueueName::Unassigned,
        QueueName::InProgress,
        QueueName::Waiting,
        QueueName::DueSoon,
        QueueName::Overdue,
        QueueName::Ready,
        QueueName::All,
    ];

    /// The name on the wire and in the workspace's address (`?hang=`).
    pub fn slug(self) -> &'static str {
        match self {
            QueueName::Mine => "mine",
            QueueName::New => "new",
            QueueName::Unassigned => "unassigned",
            QueueName::InProgress => "in_progress",
            QueueName::Waiting => "waiting",
            QueueName::DueSoon => "due_soon",
            QueueName::Overdue => "overdue",
            QueueName::Ready => "ready",
            QueueName::All => "all",
        }
    }

    /// Whether the queue holds `d`, for the officer `me`.
    pub fn holds(self, d: &DossierSummary, me: i64) -> bool {
        use Status::*;
        match self {
            QueueName::Mine => {
                d.handler_id == Some(me)
                    && matches!(
                        d.status,
                        Submitted
                            | Accepted
                            | Processing
                            | SupplementRequested
                            | PaymentRequested
                            | Processed
                    )
            }
            QueueName::New => d.status == Submitted,
            QueueName::Unassigned => {
                d.handler_id.is_none() && matches!(d.status, Submitted | Accepted | Processing)
            }
            QueueName::InProgress => matches!(d.status, Accepted | Processing),
            QueueName::Waiting => matches!(d.status, SupplementRequested | PaymentRequested),
            QueueName::DueSoon => {
                matches!(d.timeliness, Timeliness::Pending { days_left } if days_left <= 2)
            }
            QueueName::Overdue => matches!(d.timeliness, Timeliness::Overdue { .. }),
            QueueName::Ready => d.status == Processed,
            QueueName::All => true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Queue {
    /// (queue, how many) for every queue, so the tabs show counts.
    pub counts: Vec<(QueueName, usize)>,
    /// One page of the chosen queue, what must be done soonest first.
    pub items: Vec<DossierSummary>,
    /// The page shown (from 1) and how many a page holds; the chosen
    /// queue's count says how many pages there are.
    #[serde(default = "first_page")]
    pub page: u32,
    #[serde(default)]
    pub per_page: u32,
}

fn online() -> Channel {
    Channel::Online
}

fn first_page() -> u32 {
    1
}

/// An entry of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub at: i64,
    pub officer: String,
    pub action: String,
    pub dossier: String,
    pub detail: String,
}

/// An officer's look at a dossier, as its applicant sees it: which unit,
/// in which role, when, and what they opened (the dossier, or one of its
/// documents by name). Officers' names are shown only where the operator
/// shows them on timelines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessEntry {
    pub at: i64,
    pub unit: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<crate::units::UnitRole>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub officer: String,
    /// The document's file name; empty when the dossier itself was opened.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub document: String,
}

/// A document of the person's store, as `/api/me/documents` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// Set on the answer to an upload whose photo location (EXIF GPS) the
    /// portal removed before keeping it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub location_removed: bool,
}

/// Upload rules as the server states them (`GET /api/documents/limits`),
/// shown to the person before they pick a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadLimits {
    /// The largest file accepted, in bytes.
    pub max_bytes: u64,
    /// The media types accepted (judged by content, not by name).
    pub types: Vec<String>,
}

/// A province or commune (2025 units) as `/api/places/...` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unit {
    pub code: String,
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_status_has_its_own_plain_name_and_keeps_the_national_one() {
        for english in [false, true] {
            let mut names: Vec<_> = Status::ALL.iter().map(|s| s.name(english)).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), Status::ALL.len(), "two statuses share a name");
        }
        // People read where the dossier is, not the sync's register.
        assert_eq!(Status::Submitted.name(false), "Đã nộp, chờ tiếp nhận");
        assert!(Status::ALL
            .iter()
            .all(|s| !s.name(false).contains("Công dân")));
        // The national terms stay, code for code (DOMAIN.md).
        assert_eq!(Status::from_code(1).unwrap().national_name(), "Mới đăng ký");
        assert_eq!(
            Status::from_code(7).unwrap().national_name(),
            "Công dân yêu cầu rút hồ sơ"
        );
        assert_eq!(
            Status::from_code(10).unwrap().national_name(),
            "Đã trả kết quả"
        );
    }

    #[test]
    fn no_result_date_is_promised_once_a_dossier_is_closed_without_one() {
        let waiting: Vec<_> = Status::ALL
            .into_iter()
            .filter(|s| s.awaits_result())
            .collect();
        assert!(waiting.contains(&Status::Submitted) && waiting.contains(&Status::Processed));
        for s in [
            Status::Refused,
            Status::Withdrawn,
            Status::Stopped,
            Status::Returned,
        ] {
            assert!(!s.awaits_result(), "{s:?}");
        }
    }
}
