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
    Answered,
    Closed,
}

impl State {
    pub const ALL: [State; 7] = [
        State::Received,
        State::Accepted,
        State::Refused,
        State::InfoRequested,
        State::InProgress,
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
        }
    }

    pub fn from_code(c: i64) -> Option<State> {
        State::ALL.into_iter().find(|s| s.code() == c)
    }

    /// Still waiting on the unit: the clock runs and it counts as open.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            State::Received | State::Accepted | State::InProgress | State::InfoRequested
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
}

/// Reasons a feedback step is refused at a field.
pub mod reasons {
    /// A reopening after the days allowed since the answer.
    pub const TOO_LATE: &str = "too_late";
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
            Step::Reopen => "reopen",
            Step::Close => "close",
        }
    }

    pub const ALL: [Step; 8] = [
        Step::Accept,
        Step::Refuse,
        Step::RequestInfo,
        Step::GiveInfo,
        Step::Start,
        Step::Answer,
        Step::Reopen,
        Step::Close,
    ];

    pub fn by(self) -> By {
        match self {
            Step::GiveInfo | Step::Reopen | Step::Close => By::Sender,
            _ => By::Unit,
        }
    }

    /// Where the step leads from `from`, or `None` where it is not open.
    /// Once-only rules (one request for information, one reopening) are
    /// the caller's facts: `asked` and `reopened`.
    pub fn target(self, from: State, asked: bool, reopened: bool) -> Option<State> {
        use State::*;
        match (self, from) {
            (Step::Accept, Received) => Some(Accepted),
            (Step::Refuse, Received | Accepted) => Some(Refused),
            (Step::RequestInfo, Received | Accepted | InProgress) if !asked => Some(InfoRequested),
            (Step::GiveInfo, InfoRequested) => Some(InProgress),
            (Step::Start, Accepted) => Some(InProgress),
            (Step::Answer, Accepted | InProgress) => Some(Answered),
            (Step::Reopen, Answered) if !reopened => Some(InProgress),
            (Step::Close, Answered) => Some(Closed),
            _ => None,
        }
    }
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
    pub received_at: i64,
    /// The day the answer is due (YYYY-MM-DD).
    pub due_date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dossier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<String>,
    pub publish: bool,
    #[serde(default)]
    pub attachments: Vec<String>,
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
    /// For the unit's officers: who sent it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sender: String,
    /// The steps open to whoever is looking.
    #[serde(default)]
    pub steps: Vec<Step>,
    #[serde(default)]
    pub events: Vec<Event>,
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
                    step.target(from, false, false),
                    expected,
                    "{step:?} from {from:?}"
                );
            }
        }
        // Once only: a second request for information, a second reopening.
        assert_eq!(Step::RequestInfo.target(InProgress, true, false), None);
        assert_eq!(Step::Reopen.target(Answered, false, true), None);
        // Nothing leaves a refused or closed feedback.
        for step in Step::ALL {
            assert_eq!(step.target(Refused, false, false), None);
            assert_eq!(step.target(Closed, false, false), None);
        }
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
