//! Feedback and petitions (phản ánh, kiến nghị): their kinds, their states and the steps between them, their code, and what a sender sends.

use serde::{Deserialize, Serialize};

/// What the sender tells the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Phản ánh: how something was handled (a delay, an officer's conduct).
    Report,
    /// Kiến nghị: a proposal about a rule or a procedure.
    Proposal,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Report => "report",
            Kind::Proposal => "proposal",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        [Kind::Report, Kind::Proposal]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// Where a feedback is in its handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum State {
    Received,
    Accepted,
    /// Not taken up: out of scope, a duplicate, or not enough information.
    Refused,
    /// The unit asked the sender for more (once).
    InfoRequested,
    InProgress,
    /// An answer written, waiting for a leader's approval where the unit
    /// requires one.
    AwaitingApproval,
    Answered,
    Closed,
}

impl State {
    pub const ALL: [State; 8] = [
        State::Received,
        State::Accepted,
        State::Refused,
        State::InfoRequested,
        State::InProgress,
        State::AwaitingApproval,
        State::Answered,
        State::Closed,
    ];

    /// The stored code.
    pub fn code(self) -> i64 {
        match self {
            State::Received => 1,
            State::Accepted => 2,
            State::Refused => 3,
            State::InfoRequested => 4,
            State::InProgress => 5,
            State::Answered => 6,
            State::Closed => 7,
            State::AwaitingApproval => 8,
        }
    }

    pub fn from_code(c: i64) -> Option<State> {
        State::ALL.into_iter().find(|s| s.code() == c)
    }

    /// Still waiting on the unit: the clock runs and it counts as open.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            State::Received
                | State::Accepted
                | State::InProgress
                | State::InfoRequested
                | State::AwaitingApproval
        )
    }
}

/// Why a feedback is not taken up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RefusalReason {
    /// A complaint, a denunciation, or a matter for another body.
    OutOfScope,
    /// The same as another feedback (linked by its code).
    Duplicate,
    NotEnoughInformation,
}

impl RefusalReason {
    pub fn as_str(self) -> &'static str {
        match self {
            RefusalReason::OutOfScope => "out_of_scope",
            RefusalReason::Duplicate => "duplicate",
            RefusalReason::NotEnoughInformation => "not_enough_information",
        }
    }

    pub fn parse(s: &str) -> Option<RefusalReason> {
        [
            RefusalReason::OutOfScope,
            RefusalReason::Duplicate,
            RefusalReason::NotEnoughInformation,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// A step taken on a feedback (`POST …/steps`): the note is the answer,
/// the question asked, the information given or why it is refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepRequest {
    pub step: Step,
    #[serde(default)]
    pub note: String,
    /// For a refusal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<RefusalReason>,
    /// For a duplicate: the code of the feedback it repeats.
    #[serde(default)]
    pub duplicate_of: String,
    /// For a re-routing: the unit it goes to (its code).
    #[serde(default)]
    pub unit: String,
    /// For a rating: whether the answer satisfied the sender (the note
    /// says why, and is needed when it did not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfied: Option<bool>,
}

/// One kept step of a feedback's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    pub at: i64,
    pub state: State,
    pub action: String,
    /// The unit that took it (empty for the sender's own steps).
    pub unit: String,
    pub note: String,
    /// For a re-routing: the unit it went to.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub to_unit: String,
}

/// Reasons a feedback step is refused at a field.
pub mod reasons {
    /// A reopening after the days allowed since the answer.
    pub const TOO_LATE: &str = "too_late";
    /// Re-routing to the unit it is already at.
    pub const SAME_UNIT: &str = "same_unit";
    /// Publishing what the sender did not agree to publish.
    pub const NOT_AGREED: &str = "not_agreed";
    pub const ALREADY_PUBLISHED: &str = "already_published";
}

/// The steps of a feedback's handling, and who takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The unit takes it up.
    Accept,
    /// The unit does not, with a reason.
    Refuse,
    /// The unit asks the sender for more, once.
    RequestInfo,
    /// The sender gives it.
    GiveInfo,
    Start,
    Answer,
    /// The coordinating office sends it to the unit responsible, with a
    /// reason; it stays received there.
    Reroute,
    /// An answer written for the unit's leader to approve.
    Propose,
    /// The leader sends the proposed answer out.
    Approve,
    /// The leader sends it back to be rewritten, saying why.
    Return,
    /// The sender rates the answer (once per answer).
    Rate,
    /// The sender says the answer did not resolve it (once, within the
    /// set days after the answer).
    Reopen,
    /// The sender is content, or the days to reopen have passed.
    Close,
}

/// Whose step it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Sender,
    Unit,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Accept => "accept",
            Step::Refuse => "refuse",
            Step::RequestInfo => "request_info",
            Step::GiveInfo => "give_info",
            Step::Start => "start",
            Step::Answer => "answer",
            Step::Reroute => "reroute",
            Step::Propose => "propose",
            Step::Approve => "approve",
            Step::Return => "return",
            Step::Rate => "rate",
            Step::Reopen => "reopen",
            Step::Close => "close",
        }
    }

    pub const ALL: [Step; 13] = [
        Step::Accept,
        Step::Refuse,
        Step::RequestInfo,
        Step::GiveInfo,
        Step::Start,
        Step::Answer,
        Step::Reroute,
        Step::Propose,
        Step::Approve,
        Step::Return,
        Step::Rate,
        Step::Reopen,
        Step::Close,
    ];

    pub fn by(self) -> By {
        match self {
            Step::GiveInfo | Step::Rate | Step::Reopen | Step::Close => By::Sender,
            _ => By::Unit,
        }
    }

    /// Where the step leads from `from`, or `None` where it is not open.
    /// Once-only rules (one request for information, one reopening, one
    /// rating of an answer) are the caller's facts.
    pub fn target(self, from: State, once: Once) -> Option<State> {
        use State::*;
        match (self, from) {
            (Step::Accept, Received) => Some(Accepted),
            (Step::Refuse, Received | Accepted) => Some(Refused),
            (Step::RequestInfo, Received | Accepted | InProgress) if !once.asked => {
                Some(InfoRequested)
            }
            (Step::GiveInfo, InfoRequested) => Some(InProgress),
            (Step::Start, Accepted) => Some(InProgress),
            (Step::Answer, Accepted | InProgress) => Some(Answered),
            (Step::Reroute, Received | Accepted) => Some(Received),
            (Step::Propose, Accepted | InProgress) => Some(AwaitingApproval),
            (Step::Approve, AwaitingApproval) => Some(Answered),
            (Step::Return, AwaitingApproval) => Some(InProgress),
            (Step::Rate, Answered | Closed) if !once.rated => Some(from),
            (Step::Reopen, Answered) if !once.reopened => Some(InProgress),
            (Step::Close, Answered) => Some(Closed),
            _ => None,
        }
    }
}

/// What has happened once already to a feedback, and may not again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Once {
    /// The unit asked the sender for more.
    pub asked: bool,
    /// The sender reopened it after an answer.
    pub reopened: bool,
    /// The sender rated the answer standing now.
    pub rated: bool,
}

/// The national portal's feedback code: `PAKN.YYYYMMDD.NNNN`.
pub fn code(day: crate::calendar::Date, n: u32) -> String {
    format!(
        "PAKN.{:04}{:02}{:02}.{n:04}",
        day.year(),
        day.month(),
        day.day()
    )
}

/// The longest title and content a feedback may have.
pub const TITLE_MAX: usize = 200;
pub const CONTENT_MAX: usize = 5000;
/// Attachments to one feedback.
pub const ATTACHMENTS_MAX: usize = 5;

/// `POST /api/me/feedback`: what the sender writes; who they are comes
/// from their national account, never from here.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewFeedback {
    /// `report` or `proposal`.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub content: String,
    /// What it is about, where sent from a dossier, a procedure or a unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dossier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The sender's commune (a 2025 code), to route a procedure's feedback
    /// to the unit that takes it in there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commune: Option<String>,
    /// Documents of the sender's store.
    #[serde(default)]
    pub attachments: Vec<String>,
    /// Whether the answer may be published (after redaction).
    #[serde(default)]
    pub publish: bool,
    /// Made once per sending by the browser: a retry is the same feedback.
    #[serde(default)]
    pub idempotency_key: String,
}

/// A feedback as its sender sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Feedback {
    pub code: String,
    pub kind: Kind,
    pub title: String,
    pub content: String,
    pub state: State,
    /// The unit it was routed to (its name).
    pub unit: String,
    /// That unit's code (its templates and rules are keyed by it).
    #[serde(default)]
    pub unit_code: String,
    pub received_at: i64,
    /// The day the answer is due (YYYY-MM-DD).
    pub due_date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dossier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<String>,
    pub publish: bool,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// The unit's answer, once given.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub answer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<RefusalReason>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub duplicate_of: String,
    /// Whether the sender reopened it after an answer (once).
    #[serde(default)]
    pub reopened: bool,
    /// The sender's rating of the answer, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfied: Option<bool>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rating_note: String,
    /// For the unit's officers: an answer waiting for the leader.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub draft_answer: String,
    /// When it was published (after redaction), if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<i64>,
    /// For the unit's officers: who sent it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sender: String,
    /// The steps open to whoever is looking.
    #[serde(default)]
    pub steps: Vec<Step>,
    #[serde(default)]
    pub events: Vec<Event>,
}

/// A published question and its answer, as the public reads it: redacted,
/// with no sender.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Published {
    pub code: String,
    pub kind: Kind,
    pub title: String,
    pub content: String,
    pub answer: String,
    pub unit_code: String,
    pub unit: String,
    /// The procedure's field (lĩnh vực: its slug and name), when it is
    /// about a procedure.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub field: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub field_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub procedure: String,
    pub received_at: i64,
    pub answered_at: i64,
    pub published_at: i64,
}

/// A page of the public list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedPage {
    pub total: u64,
    pub items: Vec<Published>,
}

/// What the officer publishes: the automatic masks always apply; these
/// words or phrases are masked too, wherever they appear.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishRequest {
    #[serde(default)]
    pub mask: Vec<String>,
}

/// One of a unit's answer templates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Template {
    #[serde(default)]
    pub id: i64,
    #[serde(default)]
    pub unit_code: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
}

/// A document the sender attached: from their store, opened by its owner
/// there and by the unit's officers through the feedback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    pub id: String,
    pub file_name: String,
}

/// Whether a unit's answers go out only once a leader approved them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Approval {
    pub required: bool,
}

/// One of the officer's units and its feedback rules, as the officer
/// sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitRules {
    pub unit_code: String,
    pub unit: String,
    /// Whether answers need a leader's approval.
    pub approval: bool,
    /// Whether this officer may change the rules (a leader or the unit's
    /// administrator).
    pub may_manage: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every step from every state: the whole machine in one table.
    #[test]
    fn the_steps_of_a_feedback_are_exactly_these() {
        use State::*;
        let allowed: &[(Step, State, State)] = &[
            (Step::Accept, Received, Accepted),
            (Step::Refuse, Received, Refused),
            (Step::Refuse, Accepted, Refused),
            (Step::RequestInfo, Received, InfoRequested),
            (Step::RequestInfo, Accepted, InfoRequested),
            (Step::RequestInfo, InProgress, InfoRequested),
            (Step::GiveInfo, InfoRequested, InProgress),
            (Step::Start, Accepted, InProgress),
            (Step::Answer, Accepted, Answered),
            (Step::Answer, InProgress, Answered),
            (Step::Reroute, Received, Received),
            (Step::Reroute, Accepted, Received),
            (Step::Propose, Accepted, AwaitingApproval),
            (Step::Propose, InProgress, AwaitingApproval),
            (Step::Approve, AwaitingApproval, Answered),
            (Step::Return, AwaitingApproval, InProgress),
            (Step::Rate, Answered, Answered),
            (Step::Rate, Closed, Closed),
            (Step::Reopen, Answered, InProgress),
            (Step::Close, Answered, Closed),
        ];
        for step in Step::ALL {
            for from in State::ALL {
                let expected = allowed
                    .iter()
                    .find(|(s, f, _)| *s == step && *f == from)
                    .map(|(_, _, to)| *to);
                assert_eq!(
                    step.target(from, Once::default()),
                    expected,
                    "{step:?} from {from:?}"
                );
            }
        }
        // Once only: a second request for information, a second reopening.
        let once = |asked, reopened, rated| Once {
            asked,
            reopened,
            rated,
        };
        assert_eq!(
            Step::RequestInfo.target(InProgress, once(true, false, false)),
            None
        );
        assert_eq!(
            Step::Reopen.target(Answered, once(false, true, false)),
            None
        );
        assert_eq!(Step::Rate.target(Answered, once(false, false, true)), None);
        assert_eq!(
            Step::Close.target(Answered, once(true, true, true)),
            Some(Closed)
        );
        // Nothing leaves a refused feedback; a closed one can only be rated.
        for step in Step::ALL {
            assert_eq!(step.target(Refused, Once::default()), None);
            if step != Step::Rate {
                assert_eq!(step.target(Closed, Once::default()), None);
            }
        }
        assert_eq!(Step::Rate.by(), By::Sender);
        assert_eq!(Step::Approve.by(), By::Unit);
        assert_eq!(Step::Reopen.by(), By::Sender);
        assert_eq!(Step::Answer.by(), By::Unit);
    }

    #[test]
    fn codes_follow_the_national_format() {
        let day = crate::calendar::Date::parse("2026-12-05").unwrap();
        assert_eq!(code(day, 7), "PAKN.20261205.0007");
        for s in State::ALL {
            assert_eq!(State::from_code(s.code()), Some(s));
        }
    }
}
