//! The dossier's state machine: which step may follow which, who may take it, what it needs, and how the clock runs.
//!
//! The browser uses it to offer only the actions open now; the server uses
//! the same table to refuse anything else, so the two cannot disagree.

use crate::calendar::{
    add_calendar_days, add_working_days, due_date, effective_receipt_day, working_days_between,
    Date, LocalDateTime,
};
use crate::dossiers::Status;
use crate::error::FieldErrors;
use serde::{Deserialize, Serialize};

/// Stable codes for why a step was refused.
pub mod reasons {
    pub use crate::forms::reasons::{REQUIRED, TOO_LONG, TOO_MANY, UNKNOWN_DOCUMENT};
    /// The step does not follow from the dossier's present status.
    pub const NOT_ALLOWED_NOW: &str = "not_allowed_now";
    /// The step belongs to the other side (applicant or officer).
    pub const NOT_YOURS: &str = "not_yours";
    /// A supplement may be requested once (Circular 01/2018, Decree 118/2025).
    pub const ALREADY_REQUESTED: &str = "already_requested";
    /// An apology's new date must be later than the present one.
    pub const NOT_LATER: &str = "not_later";
    pub const INVALID_DATE: &str = "invalid_date";
    /// A postal item number that is not one (letters, digits, hyphens; 6 to 30).
    pub const INVALID_TRACKING: &str = "invalid_tracking";
    /// A hand-over to the officer who already holds the dossier.
    pub const ALREADY_HOLDS: &str = "already_holds";
}

/// Who takes a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    Applicant,
    Officer,
}

/// A step in a dossier's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The one-stop counter accepts the dossier (Form 01 already issued online).
    Accept,
    /// Refused at intake (Form 03): a reason is required.
    Refuse,
    /// Handed to the specialised unit.
    StartProcessing,
    /// Asks once for everything missing (Form 02): the full list is required.
    RequestSupplement,
    /// The applicant answers the supplement request.
    AnswerSupplement,
    /// Fees or other obligations to pay before the result.
    RequestPayment,
    /// The obligations are met: processing goes on.
    ConfirmPayment,
    /// The applicant withdraws the dossier.
    Withdraw,
    /// Processing stopped (Form 05): a reason is required.
    Stop,
    /// Processed: the result document is required.
    Finish,
    /// The result is handed over.
    ReturnResult,
    /// A late dossier's apology with a new return date (Form 04); the status
    /// does not change.
    Apologise,
}

impl Action {
    pub const ALL: [Action; 12] = [
        Action::Accept,
        Action::Refuse,
        Action::StartProcessing,
        Action::RequestSupplement,
        Action::AnswerSupplement,
        Action::RequestPayment,
        Action::ConfirmPayment,
        Action::Withdraw,
        Action::Stop,
        Action::Finish,
        Action::ReturnResult,
        Action::Apologise,
    ];

    pub fn actor(self) -> Actor {
        match self {
            Action::AnswerSupplement | Action::Withdraw => Actor::Applicant,
            _ => Actor::Officer,
        }
    }

    /// The name kept in the event log.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Accept => "accept",
            Action::Refuse => "refuse",
            Action::StartProcessing => "start_processing",
            Action::RequestSupplement => "request_supplement",
            Action::AnswerSupplement => "answer_supplement",
            Action::RequestPayment => "request_payment",
            Action::ConfirmPayment => "confirm_payment",
            Action::Withdraw => "withdraw",
            Action::Stop => "stop",
            Action::Finish => "finish",
            Action::ReturnResult => "return_result",
            Action::Apologise => "apologise",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// The status the step leads to from `from`, if it may follow at all.
    /// `resume` is the status the dossier had when a supplement was asked.
    pub fn target(self, from: Status, resume: Option<Status>) -> Option<Status> {
        use Status::*;
        let open = matches!(
            from,
            Submitted | Accepted | Processing | SupplementRequested | PaymentRequested
        );
        match (self, from) {
            (Action::Accept, Submitted) => Some(Accepted),
            (Action::Refuse, Submitted) => Some(Refused),
            (Action::StartProcessing, Accepted) => Some(Processing),
            (Action::RequestSupplement, Submitted | Accepted | Processing) => {
                Some(SupplementRequested)
            }
            (Action::AnswerSupplement, SupplementRequested) => Some(resume.unwrap_or(Processing)),
            (Action::RequestPayment, Accepted | Processing) => Some(PaymentRequested),
            (Action::ConfirmPayment, PaymentRequested) => Some(Processing),
            (Action::Withdraw, _) if open => Some(Withdrawn),
            (Action::Stop, Accepted | Processing | SupplementRequested | PaymentRequested) => {
                Some(Stopped)
            }
            (Action::Finish, Processing) => Some(Processed),
            (Action::ReturnResult, Processed) => Some(Returned),
            (Action::Apologise, _) if open => Some(from),
            _ => None,
        }
    }
}

/// A step as the browser asks for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepRequest {
    pub action: Action,
    /// The reason (refusal, stop, apology), the amount due, or a message.
    #[serde(default)]
    pub note: String,
    /// A supplement request: every missing item.
    #[serde(default)]
    pub items: Vec<String>,
    /// An apology: the new return date (YYYY-MM-DD).
    #[serde(default)]
    pub new_due_date: String,
    /// An answer to a supplement request: documents from the person's store.
    #[serde(default)]
    pub documents: Vec<String>,
    /// A result returned by post: the postal item's number (mã bưu gửi).
    #[serde(default)]
    pub tracking: String,
}

impl StepRequest {
    pub fn new(action: Action) -> StepRequest {
        StepRequest {
            action,
            note: String::new(),
            items: vec![],
            new_due_date: String::new(),
            documents: vec![],
            tracking: String::new(),
        }
    }
}

/// What the machine must know of a dossier to judge a step.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub status: Status,
    /// A supplement has already been requested once.
    pub supplement_used: bool,
    /// The status before the open supplement request.
    pub resume: Option<Status>,
    /// A result document is staged for the applicant.
    pub has_result: bool,
    /// The result goes back by post: returning it needs the item's number.
    pub by_post: bool,
    pub due_date: Date,
}

pub const MAX_NOTE: usize = 2000;
pub const MAX_ITEMS: usize = 30;
pub const MAX_ITEM: usize = 300;

/// Judges a step by `actor`: the status it leads to, or every reason it may
/// not be taken (keyed by the request's fields, so a form can show them).
pub fn judge(actor: Actor, facts: &Facts, step: &StepRequest) -> Result<Status, FieldErrors> {
    let mut e = FieldErrors::default();
    if step.action.actor() != actor {
        e.add("action", reasons::NOT_YOURS);
        return Err(e);
    }
    let Some(to) = step.action.target(facts.status, facts.resume) else {
        e.add("action", reasons::NOT_ALLOWED_NOW);
        return Err(e);
    };
    let note = step.note.trim();
    if note.chars().count() > MAX_NOTE {
        e.add("note", reasons::TOO_LONG);
    }
    match step.action {
        Action::Refuse | Action::Stop | Action::RequestPayment if note.is_empty() => {
            e.add("note", reasons::REQUIRED);
        }
        Action::RequestSupplement => {
            if facts.supplement_used {
                e.add("action", reasons::ALREADY_REQUESTED);
            }
            let items: Vec<&str> = step
                .items
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect();
            if items.is_empty() {
                e.add("items", reasons::REQUIRED);
            } else if items.len() > MAX_ITEMS {
                e.add("items", reasons::TOO_MANY);
            } else if items.iter().any(|s| s.chars().count() > MAX_ITEM) {
                e.add("items", reasons::TOO_LONG);
            }
        }
        Action::AnswerSupplement if step.documents.is_empty() && note.is_empty() => {
            e.add("documents", reasons::REQUIRED);
        }
        Action::Finish if !facts.has_result => {
            e.add("result", reasons::REQUIRED);
        }
        Action::ReturnResult if facts.by_post => match step.tracking.trim() {
            "" => e.add("tracking", reasons::REQUIRED),
            t if !valid_tracking(t) => e.add("tracking", reasons::INVALID_TRACKING),
            _ => {}
        },
        Action::Apologise => {
            if note.is_empty() {
                e.add("note", reasons::REQUIRED);
            }
            match Date::parse(step.new_due_date.trim()) {
                Err(_) => e.add("new_due_date", reasons::INVALID_DATE),
                Ok(d) if d <= facts.due_date => e.add("new_due_date", reasons::NOT_LATER),
                Ok(_) => {}
            }
        }
        _ => {}
    }
    e.into_result(to)
}

/// A postal item number as post offices print them (the UPU's
/// `EA123456789VN`, or a domestic number): letters, digits and hyphens,
/// 6 to 30 of them.
pub fn valid_tracking(s: &str) -> bool {
    (6..=30).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The steps `actor` may take now, in the order a page offers them.
pub fn open_actions(actor: Actor, facts: &Facts) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| a.actor() == actor && a.target(facts.status, facts.resume).is_some())
        .filter(|a| !(*a == Action::RequestSupplement && facts.supplement_used))
        .collect()
}

/// How the deadline runs while a supplement request is open (an operator's
/// choice): paused by default, the days the applicant held the dossier added
/// back; or running on; or restarted in full from the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SupplementClock {
    #[default]
    Pause,
    Continue,
    Restart,
}

impl SupplementClock {
    pub fn parse(s: &str) -> Option<SupplementClock> {
        match s.trim() {
            "pause" => Some(SupplementClock::Pause),
            "continue" => Some(SupplementClock::Continue),
            "restart" => Some(SupplementClock::Restart),
            _ => None,
        }
    }
}

/// A procedure's time limit: `days` working days, or calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeLimit {
    pub days: u32,
    pub calendar: bool,
}

/// The due date once the applicant answers a supplement request asked at
/// `asked` and answered at `answered`.
pub fn due_after_supplement(
    clock: SupplementClock,
    due: Date,
    asked: LocalDateTime,
    answered: LocalDateTime,
    limit: TimeLimit,
    cutoff: (u8, u8),
) -> Date {
    match clock {
        SupplementClock::Continue => due,
        SupplementClock::Restart if limit.calendar => {
            add_calendar_days(effective_receipt_day(answered, cutoff), limit.days)
        }
        SupplementClock::Restart => due_date(answered, limit.days, cutoff),
        SupplementClock::Pause if limit.calendar => {
            let held = answered.date.days_since_epoch() - asked.date.days_since_epoch();
            add_calendar_days(due, u32::try_from(held.max(0)).unwrap_or(0))
        }
        SupplementClock::Pause => {
            // The working days after the request up to the answer were the
            // applicant's, not the agency's.
            let held = working_days_between(asked.date, answered.date).max(0);
            add_working_days(due, u32::try_from(held).unwrap_or(0))
        }
    }
}

/// Whether a dossier is, or was, on time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Timeliness {
    /// Result ready by the end of the due day.
    OnTime,
    /// Result ready after the due day.
    Late,
    /// Still open: working days left (0 on the due day itself).
    Pending { days_left: i64 },
    /// Still open after the due day: working days over.
    Overdue { days_over: i64 },
    /// Waiting for the applicant while the clock is paused.
    Paused,
    /// Closed without a result (refused, withdrawn, stopped): not timed.
    Closed,
}

impl Timeliness {
    /// Late, or going to count as late (DOMAIN.md: overdue-pending counts as late).
    pub fn is_late(self) -> bool {
        matches!(self, Timeliness::Late | Timeliness::Overdue { .. })
    }
}

/// Decides on time or late. `ready_on` is the day the result was ready
/// (status 9), `clock_paused` whether an open supplement request stops the clock.
pub fn timeliness(
    status: Status,
    due: Date,
    ready_on: Option<Date>,
    today: Date,
    clock_paused: bool,
) -> Timeliness {
    use Status::*;
    match status {
        Processed | Returned => match ready_on {
            Some(d) if d <= due => Timeliness::OnTime,
            Some(_) => Timeliness::Late,
            // Returned without a recorded "ready" step: judge by today.
            None if today <= due => Timeliness::OnTime,
            None => Timeliness::Late,
        },
        Refused | Withdrawn | Stopped => Timeliness::Closed,
        SupplementRequested if clock_paused => Timeliness::Paused,
        _ => {
            let left = working_days_between(today, due);
            if today <= due {
                Timeliness::Pending {
                    days_left: left.max(0),
                }
            } else {
                Timeliness::Overdue {
                    days_over: working_days_between(due, today).max(1),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;
    use Status as S;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }
    fn at(s: &str) -> LocalDateTime {
        LocalDateTime::parse(s).unwrap()
    }
    fn facts(status: Status) -> Facts {
        Facts {
            status,
            supplement_used: false,
            resume: None,
            has_result: true,
            by_post: false,
            due_date: d("2026-03-20"),
        }
    }

    #[test]
    fn a_result_returned_by_post_needs_the_postal_item_number() {
        let post = Facts {
            by_post: true,
            ..facts(S::Processed)
        };
        let mut step = StepRequest::new(A::ReturnResult);
        let e = judge(Actor::Officer, &post, &step).unwrap_err();
        assert_eq!(e.0["tracking"], vec![reasons::REQUIRED]);
        step.tracking = "EA 1234".into();
        let e = judge(Actor::Officer, &post, &step).unwrap_err();
        assert_eq!(e.0["tracking"], vec![reasons::INVALID_TRACKING]);
        step.tracking = " EA123456789VN ".into();
        assert_eq!(judge(Actor::Officer, &post, &step), Ok(S::Returned));
        // Handed over at the counter or online: no number asked.
        let counter = facts(S::Processed);
        assert_eq!(
            judge(Actor::Officer, &counter, &StepRequest::new(A::ReturnResult)),
            Ok(S::Returned)
        );
    }
    /// A request that carries whatever any step needs.
    fn full(action: Action) -> StepRequest {
        StepRequest {
            action,
            note: "Lý do".into(),
            items: vec!["Bản sao giấy chứng sinh".into()],
            new_due_date: "2026-03-27".into(),
            documents: vec!["doc1".into()],
            tracking: "EA123456789VN".into(),
        }
    }

    /// Every allowed step: (from, action, to). Anything not here is refused.
    const ALLOWED: &[(Status, Action, Status)] = &[
        (S::Submitted, A::Accept, S::Accepted),
        (S::Submitted, A::Refuse, S::Refused),
        (S::Submitted, A::RequestSupplement, S::SupplementRequested),
        (S::Submitted, A::Withdraw, S::Withdrawn),
        (S::Submitted, A::Apologise, S::Submitted),
        (S::Accepted, A::StartProcessing, S::Processing),
        (S::Accepted, A::RequestSupplement, S::SupplementRequested),
        (S::Accepted, A::RequestPayment, S::PaymentRequested),
        (S::Accepted, A::Withdraw, S::Withdrawn),
        (S::Accepted, A::Stop, S::Stopped),
        (S::Accepted, A::Apologise, S::Accepted),
        (S::Processing, A::RequestSupplement, S::SupplementRequested),
        (S::Processing, A::RequestPayment, S::PaymentRequested),
        (S::Processing, A::Withdraw, S::Withdrawn),
        (S::Processing, A::Stop, S::Stopped),
        (S::Processing, A::Finish, S::Processed),
        (S::Processing, A::Apologise, S::Processing),
        (S::SupplementRequested, A::AnswerSupplement, S::Processing),
        (S::SupplementRequested, A::Withdraw, S::Withdrawn),
        (S::SupplementRequested, A::Stop, S::Stopped),
        (S::SupplementRequested, A::Apologise, S::SupplementRequested),
        (S::PaymentRequested, A::ConfirmPayment, S::Processing),
        (S::PaymentRequested, A::Withdraw, S::Withdrawn),
        (S::PaymentRequested, A::Stop, S::Stopped),
        (S::PaymentRequested, A::Apologise, S::PaymentRequested),
        (S::Processed, A::ReturnResult, S::Returned),
    ];

    #[test]
    fn every_pair_of_status_and_action_follows_the_table() {
        for from in Status::ALL {
            for action in Action::ALL {
                let expected = ALLOWED
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|(_, _, to)| *to);
                let got = judge(action.actor(), &facts(from), &full(action));
                match expected {
                    Some(to) => assert_eq!(got, Ok(to), "{from:?} --{action:?}-->"),
                    None => {
                        let e =
                            got.expect_err(&format!("{from:?} --{action:?}--> must be refused"));
                        assert_eq!(e.0["action"], vec![reasons::NOT_ALLOWED_NOW]);
                    }
                }
            }
        }
        // The table is exactly what a page offers.
        for from in Status::ALL {
            for actor in [Actor::Applicant, Actor::Officer] {
                let offered = open_actions(actor, &facts(from));
                let table: Vec<Action> = Action::ALL
                    .into_iter()
                    .filter(|a| a.actor() == actor)
                    .filter(|a| ALLOWED.iter().any(|(f, x, _)| *f == from && x == a))
                    .collect();
                assert_eq!(offered, table, "{from:?} {actor:?}");
            }
        }
    }

    #[test]
    fn final_statuses_allow_nothing() {
        for s in [S::Refused, S::Withdrawn, S::Stopped, S::Returned] {
            assert!(open_actions(Actor::Officer, &facts(s)).is_empty());
            assert!(open_actions(Actor::Applicant, &facts(s)).is_empty());
        }
    }

    #[test]
    fn each_side_takes_only_its_own_steps() {
        let e = judge(Actor::Applicant, &facts(S::Submitted), &full(A::Accept)).unwrap_err();
        assert_eq!(e.0["action"], vec![reasons::NOT_YOURS]);
        let e = judge(Actor::Officer, &facts(S::Processing), &full(A::Withdraw)).unwrap_err();
        assert_eq!(e.0["action"], vec![reasons::NOT_YOURS]);
    }

    #[test]
    fn each_step_needs_what_the_rules_ask() {
        let f = facts(S::Submitted);
        let bare = |a: Action| judge(a.actor(), &f, &StepRequest::new(a));
        let fields = |r: Result<Status, FieldErrors>| -> Vec<String> {
            r.unwrap_err().0.into_keys().collect()
        };
        assert_eq!(fields(bare(A::Refuse)), vec!["note"]);
        assert_eq!(fields(bare(A::RequestSupplement)), vec!["items"]);
        // Blank lines are not items.
        let mut blank = StepRequest::new(A::RequestSupplement);
        blank.items = vec!["  ".into()];
        assert_eq!(fields(judge(Actor::Officer, &f, &blank)), vec!["items"]);
        let p = facts(S::Processing);
        assert_eq!(
            fields(judge(Actor::Officer, &p, &StepRequest::new(A::Stop))),
            vec!["note"]
        );
        let no_result = Facts {
            has_result: false,
            ..p.clone()
        };
        assert_eq!(
            fields(judge(
                Actor::Officer,
                &no_result,
                &StepRequest::new(A::Finish)
            )),
            vec!["result"]
        );
        assert!(judge(Actor::Officer, &p, &StepRequest::new(A::Finish)).is_ok());
        let mut late = StepRequest::new(A::Apologise);
        assert_eq!(
            fields(judge(Actor::Officer, &p, &late)),
            vec!["new_due_date", "note"]
        );
        late.note = "Cần xác minh thêm".into();
        late.new_due_date = "2026-03-20".into(); // the present due date
        assert_eq!(
            judge(Actor::Officer, &p, &late).unwrap_err().0["new_due_date"],
            vec![reasons::NOT_LATER]
        );
        late.new_due_date = "2026-03-23".into();
        assert_eq!(judge(Actor::Officer, &p, &late), Ok(S::Processing));
        let s = facts(S::SupplementRequested);
        assert_eq!(
            fields(judge(
                Actor::Applicant,
                &s,
                &StepRequest::new(A::AnswerSupplement)
            )),
            vec!["documents"]
        );
        // Withdrawing needs no reason.
        assert!(judge(Actor::Applicant, &s, &StepRequest::new(A::Withdraw)).is_ok());
    }

    #[test]
    fn a_supplement_is_requested_once_and_the_answer_returns_to_where_it_was() {
        let used = Facts {
            supplement_used: true,
            ..facts(S::Processing)
        };
        let e = judge(Actor::Officer, &used, &full(A::RequestSupplement)).unwrap_err();
        assert_eq!(e.0["action"], vec![reasons::ALREADY_REQUESTED]);
        assert!(!open_actions(Actor::Officer, &used).contains(&A::RequestSupplement));
        for resume in [S::Submitted, S::Accepted, S::Processing] {
            let open = Facts {
                resume: Some(resume),
                ..facts(S::SupplementRequested)
            };
            assert_eq!(
                judge(Actor::Applicant, &open, &full(A::AnswerSupplement)),
                Ok(resume)
            );
        }
    }

    const FIVE: TimeLimit = TimeLimit {
        days: 5,
        calendar: false,
    };

    #[test]
    fn the_clock_pauses_while_the_applicant_holds_the_dossier() {
        // Asked Tuesday 10/3/2026, answered Friday 13/3: three working days
        // (Wed, Thu, Fri) were the applicant's; due Fri 20/3 becomes Wed 25/3.
        let due = d("2026-03-20");
        let asked = at("2026-03-10 09:00");
        let answered = at("2026-03-13 16:30");
        assert_eq!(
            due_after_supplement(SupplementClock::Pause, due, asked, answered, FIVE, (15, 0)),
            d("2026-03-25")
        );
        // Answered the same day: nothing held.
        assert_eq!(
            due_after_supplement(
                SupplementClock::Pause,
                due,
                asked,
                at("2026-03-10 11:00"),
                FIVE,
                (15, 0)
            ),
            due
        );
        // Held over a weekend only: no working day held.
        assert_eq!(
            due_after_supplement(
                SupplementClock::Pause,
                due,
                at("2026-03-13 10:00"),
                at("2026-03-15 20:00"),
                FIVE,
                (15, 0)
            ),
            due
        );
        // Held across Tết 2026 (holiday 14-22/2): 13/2 to 23/2 is one working day.
        assert_eq!(
            due_after_supplement(
                SupplementClock::Pause,
                d("2026-02-27"),
                at("2026-02-13 09:00"),
                at("2026-02-23 09:00"),
                FIVE,
                (15, 0)
            ),
            d("2026-03-02")
        );
    }

    #[test]
    fn the_clock_may_run_on_or_restart() {
        let due = d("2026-03-20");
        let asked = at("2026-03-10 09:00");
        let answered = at("2026-03-13 16:30");
        assert_eq!(
            due_after_supplement(
                SupplementClock::Continue,
                due,
                asked,
                answered,
                FIVE,
                (15, 0)
            ),
            due
        );
        // Restart: received after 15:00 on Friday counts from Monday 16/3; five working days.
        assert_eq!(
            due_after_supplement(
                SupplementClock::Restart,
                due,
                asked,
                answered,
                FIVE,
                (15, 0)
            ),
            d("2026-03-23")
        );
        let cal = TimeLimit {
            days: 15,
            calendar: true,
        };
        assert_eq!(
            due_after_supplement(SupplementClock::Pause, due, asked, answered, cal, (15, 0)),
            d("2026-03-23")
        );
        assert_eq!(
            SupplementClock::parse("pause"),
            Some(SupplementClock::Pause)
        );
        assert_eq!(SupplementClock::parse("sometimes"), None);
    }

    #[test]
    fn on_time_or_late() {
        let due = d("2026-03-20");
        use Timeliness::*;
        let t =
            |s, ready: Option<&str>, today: &str| timeliness(s, due, ready.map(d), d(today), true);
        assert_eq!(t(S::Processed, Some("2026-03-20"), "2026-04-01"), OnTime);
        assert_eq!(t(S::Returned, Some("2026-03-23"), "2026-04-01"), Late);
        assert_eq!(
            t(S::Processing, None, "2026-03-18"),
            Pending { days_left: 2 }
        );
        assert_eq!(
            t(S::Processing, None, "2026-03-20"),
            Pending { days_left: 0 }
        );
        // The weekend after the due day is already overdue (counted as one day).
        assert_eq!(
            t(S::Processing, None, "2026-03-21"),
            Overdue { days_over: 1 }
        );
        assert_eq!(t(S::Accepted, None, "2026-03-24"), Overdue { days_over: 2 });
        assert_eq!(t(S::SupplementRequested, None, "2026-04-24"), Paused);
        assert_eq!(
            timeliness(S::SupplementRequested, due, None, d("2026-03-23"), false),
            Overdue { days_over: 1 }
        );
        for s in [S::Refused, S::Withdrawn, S::Stopped] {
            assert_eq!(t(s, None, "2026-05-01"), Closed);
        }
        assert!(Late.is_late() && Overdue { days_over: 1 }.is_late());
        assert!(!OnTime.is_late() && !Pending { days_left: 0 }.is_late());
    }
}
