//! The public statistics' indicators: what one dossier or feedback counts as in a period, and the formulas over the counts (Decision 766/QĐ-TTg where it is known), each kept as its numerator and denominator so every figure can be checked.

use crate::calendar::{working_days_between, Date};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How many finished dossiers of a procedure at a unit it takes before the
/// applicant is told how long such dossiers usually take.
pub const TYPICAL_MIN: usize = 10;

/// Days from `from` to `to`, both counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl Period {
    pub fn contains(self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }
}

/// How a dossier ended without a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Closure {
    /// Not accepted at intake (status 3).
    Refused,
    /// Withdrawn by the applicant (status 7).
    Withdrawn,
    /// Processing stopped (status 8).
    Stopped,
}

/// What the kept events say of one dossier, as the statistics need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierHistory {
    /// The day it counts as received (after the cut-off rule).
    pub received: Date,
    /// 1 at the counter, 2 online, 3 by post.
    pub channel: u8,
    /// The due day as it stands (a paused clock already added back).
    pub due: Date,
    /// The day the result was ready, if it was.
    pub ready_on: Option<Date>,
    /// How and when it ended without a result, if it did.
    pub closed: Option<(Closure, Date)>,
    /// Supplement requests made (the rule allows one).
    pub supplements: u32,
    /// Rated dissatisfied, or the subject of a report about its handling
    /// or delay: what the national satisfaction formula takes off.
    pub dissatisfied: bool,
    /// The applicant's overall rating (1–5), when given.
    #[serde(default)]
    pub rating: Option<u8>,
    /// The rating's criteria (1–5, in the order of
    /// `ratings::CRITERIA`), those given.
    #[serde(default)]
    pub criteria: [Option<u8>; 5],
}

impl DossierHistory {
    fn finished_by(&self, d: Date) -> bool {
        self.ready_on.is_some_and(|r| r <= d)
    }
    fn closed_by(&self, d: Date) -> bool {
        self.closed.is_some_and(|(_, c)| c <= d)
    }
}

/// The dossier counts of a period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierCounts {
    pub received: u64,
    /// Received at the counter, online, by post.
    pub by_channel: [u64; 3],
    pub finished_on_time: u64,
    pub finished_late: u64,
    /// Open at the period's end, within their due day.
    pub pending_in_time: u64,
    /// Open at the period's end, past their due day: late in statistics.
    pub pending_overdue: u64,
    pub refused: u64,
    pub withdrawn: u64,
    pub stopped: u64,
    /// Received in the period and sent back for a supplement, and of
    /// those, sent back more than once.
    pub supplemented: u64,
    pub supplemented_again: u64,
    /// Finished in the period and counted against satisfaction.
    pub dissatisfied: u64,
    /// Of those finished in the period, how many were rated 1, 2, … 5.
    #[serde(default)]
    pub ratings: [u64; 5],
    /// For each criterion (`ratings::CRITERIA`), the sum of the scores
    /// given and how many gave one: the average is one over the other.
    #[serde(default)]
    pub criteria_sum: [u64; 5],
    #[serde(default)]
    pub criteria_count: [u64; 5],
    /// How many dossiers finished in the period took each number of working
    /// days from receipt to result (for the average and the median; not
    /// sent, `Figures` sums it).
    #[serde(skip)]
    pub days_to_result: BTreeMap<i64, u64>,
}

impl DossierCounts {
    /// Counts `h` into the figures of `period`.
    pub fn add(&mut self, h: &DossierHistory, period: Period) {
        if period.contains(h.received) {
            self.received += 1;
            if let Some(n) = self.by_channel.get_mut(usize::from(h.channel.max(1) - 1)) {
                *n += 1;
            }
            if h.supplements >= 1 {
                self.supplemented += 1;
            }
            if h.supplements > 1 {
                self.supplemented_again += 1;
            }
        }
        match (h.ready_on, h.closed) {
            (Some(r), _) if period.contains(r) => {
                if r <= h.due {
                    self.finished_on_time += 1;
                } else {
                    self.finished_late += 1;
                }
                if h.dissatisfied {
                    self.dissatisfied += 1;
                }
                if let Some(n) = h
                    .rating
                    .and_then(|r| self.ratings.get_mut(usize::from(r.clamp(1, 5)) - 1))
                {
                    *n += 1;
                }
                for (i, c) in h.criteria.iter().enumerate() {
                    if let Some(c) = c {
                        self.criteria_sum[i] += u64::from(*c);
                        self.criteria_count[i] += 1;
                    }
                }
                *self
                    .days_to_result
                    .entry(working_days_between(h.received, r).max(0))
                    .or_default() += 1;
            }
            (None, Some((how, on))) if period.contains(on) => match how {
                Closure::Refused => self.refused += 1,
                Closure::Withdrawn => self.withdrawn += 1,
                Closure::Stopped => self.stopped += 1,
            },
            _ => {}
        }
        // Open at the end of the period: received by then, neither
        // finished nor closed by then.
        let end = period.to;
        if h.received <= end && !h.finished_by(end) && !h.closed_by(end) {
            if end <= h.due {
                self.pending_in_time += 1;
            } else {
                self.pending_overdue += 1;
            }
        }
    }

    pub fn finished(&self) -> u64 {
        self.finished_on_time + self.finished_late
    }

    /// Adds another set of counts (another unit's) to these.
    pub fn merge(&mut self, o: &DossierCounts) {
        self.received += o.received;
        for (a, b) in self.by_channel.iter_mut().zip(o.by_channel) {
            *a += b;
        }
        self.finished_on_time += o.finished_on_time;
        self.finished_late += o.finished_late;
        self.pending_in_time += o.pending_in_time;
        self.pending_overdue += o.pending_overdue;
        self.refused += o.refused;
        self.withdrawn += o.withdrawn;
        self.stopped += o.stopped;
        self.supplemented += o.supplemented;
        self.supplemented_again += o.supplemented_again;
        self.dissatisfied += o.dissatisfied;
        for i in 0..5 {
            self.ratings[i] += o.ratings[i];
            self.criteria_sum[i] += o.criteria_sum[i];
            self.criteria_count[i] += o.criteria_count[i];
        }
        for (days, n) in &o.days_to_result {
            *self.days_to_result.entry(*days).or_default() += n;
        }
    }

    /// On time: finished on time over finished, where an overdue dossier
    /// still open counts as late (the national rule for statistics).
    pub fn on_time(&self) -> Ratio {
        Ratio::new(
            self.finished_on_time,
            self.finished() + self.pending_overdue,
        )
    }

    /// Digital take-up: received online over received.
    pub fn online_share(&self) -> Ratio {
        Ratio::new(self.by_channel[1], self.received)
    }

    /// Satisfaction (Decision 766): finished dossiers less those rated
    /// dissatisfied or reported about, over finished dossiers.
    pub fn satisfaction(&self) -> Ratio {
        Ratio::new(self.finished() - self.dissatisfied, self.finished())
    }

    /// Working days to a result: the average, the median, and the day by
    /// which nine in ten had theirs.
    pub fn days(&self) -> Option<Spread> {
        Spread::of_counts(&self.days_to_result)
    }

    /// The counts the rollups' sums make (see `marks`): the same as adding
    /// each dossier's history with `add`.
    pub fn from_sums(s: &Sums) -> DossierCounts {
        let n = |mark: i64| u64::try_from(s.event_sum(mark)).unwrap_or(0);
        let received = s.by_channel.iter().sum::<i64>();
        DossierCounts {
            received: u64::try_from(received).unwrap_or(0),
            by_channel: s.by_channel.map(|c| u64::try_from(c).unwrap_or(0)),
            finished_on_time: n(mark::ON_TIME),
            finished_late: n(mark::LATE),
            pending_in_time: u64::try_from(s.open_at_end - s.overdue_at_end).unwrap_or(0),
            pending_overdue: u64::try_from(s.overdue_at_end).unwrap_or(0),
            refused: n(mark::REFUSED),
            withdrawn: n(mark::WITHDRAWN),
            stopped: n(mark::STOPPED),
            supplemented: n(mark::SUPPLEMENTED),
            supplemented_again: n(mark::SUPPLEMENTED_AGAIN),
            dissatisfied: n(mark::DISSATISFIED),
            ratings: std::array::from_fn(|i| n(mark::RATED + 1 + i as i64)),
            criteria_sum: std::array::from_fn(|i| n(mark::CRITERIA_SUM + i as i64)),
            criteria_count: std::array::from_fn(|i| n(mark::CRITERIA_COUNT + i as i64)),
            days_to_result: s
                .days
                .iter()
                .filter(|(_, v)| **v > 0)
                .map(|(k, v)| (k - mark::DAYS, u64::try_from(*v).unwrap_or(0)))
                .collect(),
        }
    }
}

impl DossierCounts {
    /// The counts a drill-down lists the dossiers of, by their names in the
    /// API and the CSV.
    pub const NAMES: [&'static str; 14] = [
        "received",
        "received_counter",
        "received_online",
        "received_post",
        "finished_on_time",
        "finished_late",
        "pending_in_time",
        "pending_overdue",
        "refused",
        "withdrawn",
        "stopped",
        "supplemented",
        "supplemented_again",
        "dissatisfied",
    ];

    /// A count by its name.
    pub fn get(&self, name: &str) -> Option<u64> {
        Some(match name {
            "received" => self.received,
            "received_counter" => self.by_channel[0],
            "received_online" => self.by_channel[1],
            "received_post" => self.by_channel[2],
            "finished_on_time" => self.finished_on_time,
            "finished_late" => self.finished_late,
            "pending_in_time" => self.pending_in_time,
            "pending_overdue" => self.pending_overdue,
            "refused" => self.refused,
            "withdrawn" => self.withdrawn,
            "stopped" => self.stopped,
            "supplemented" => self.supplemented,
            "supplemented_again" => self.supplemented_again,
            "dissatisfied" => self.dissatisfied,
            _ => return None,
        })
    }
}

impl DossierHistory {
    /// Whether this dossier is one of those counted as `name` in `period`:
    /// exactly what `DossierCounts::add` counts, so a drill-down lists the
    /// dossiers behind a figure and no others.
    pub fn counted_as(&self, name: &str, period: Period) -> bool {
        let mut c = DossierCounts::default();
        c.add(self, period);
        c.get(name).is_some_and(|n| n > 0)
    }
}

/// One dossier behind a figure, as anyone may see it: no name, no
/// address, nothing the applicant wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountedDossier {
    pub code: String,
    pub procedure_code: String,
    pub procedure_name: String,
    /// 1 at the counter, 2 online, 3 by post.
    pub channel: u8,
    /// Days (YYYY-MM-DD): received (after the cut-off rule), due (a paused
    /// clock added back), the result ready, ended without a result.
    pub received: String,
    pub due: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<String>,
}

/// A page of the dossiers behind one figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountedPage {
    pub figure: String,
    pub from: String,
    pub to: String,
    pub unit: String,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<CountedDossier>,
}

/// The indicators units are ranked by, each in a Decision 766 group with
/// the group's points (the official weights inside a group are not
/// published, so no indicator is given points of its own).
pub const RANKED: [(&str, &str, u8); 5] = [
    ("on_time", "progress", 20),
    ("online_share", "online", 22),
    ("satisfaction", "satisfaction", 18),
    ("feedback_on_time", "satisfaction", 18),
    ("feedback_satisfaction", "satisfaction", 18),
];

impl Figures {
    /// An indicator by its name (see `RANKED`).
    pub fn indicator(&self, name: &str) -> Option<Ratio> {
        Some(match name {
            "on_time" => self.on_time,
            "online_share" => self.online_share,
            "satisfaction" => self.satisfaction,
            "feedback_on_time" => self.feedback_on_time,
            "feedback_satisfaction" => self.feedback_satisfaction,
            _ => return None,
        })
    }
}

/// One unit's figures and its place on the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankedUnit {
    /// 1 for the best; none when the unit had nothing to count by the
    /// indicator ranked on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
    pub unit: crate::units::UnitSummary,
    pub figures: Figures,
}

/// The units of one level, best first by one indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rankings {
    pub from: String,
    pub to: String,
    pub computed_at: i64,
    /// `commune` or `department`.
    pub level: String,
    /// The indicator ranked on (see `RANKED`).
    pub by: String,
    pub units: Vec<RankedUnit>,
}

/// Orders units by an indicator: the higher rate first, then the one that
/// counted more, then by code; those with nothing to count last, unranked.
/// Equal rates over equal counts share a rank.
pub fn rank(units: &mut [RankedUnit], by: &str) {
    let ratio = |u: &RankedUnit| u.figures.indicator(by).unwrap_or(Ratio::new(0, 0));
    units.sort_by(|a, b| {
        let (ra, rb) = (ratio(a), ratio(b));
        let key = |r: Ratio| r.percent().map(|p| (p * 10.0) as i64);
        key(rb)
            .cmp(&key(ra))
            .then(rb.denominator.cmp(&ra.denominator))
            .then(a.unit.code.cmp(&b.unit.code))
    });
    let mut last: Option<(Option<i64>, u64, u32)> = None;
    for (i, u) in units.iter_mut().enumerate() {
        let r = ratio(u);
        let key = r.percent().map(|p| (p * 10.0) as i64);
        u.rank = match (key, last) {
            (None, _) => None,
            (k, Some((lk, ld, lr))) if k == lk && r.denominator == ld => Some(lr),
            _ => Some(i as u32 + 1),
        };
        last = u.rank.map(|n| (key, r.denominator, n));
    }
}

/// What one dossier adds to the daily rollups: each mark on one day, so the
/// figures of any period are sums of them (see `DossierHistory::marks`).
/// The numbers are what the rollup table stores; keep them.
pub mod mark {
    /// On the day received: one of each.
    pub const RECEIVED: i64 = 1;
    pub const SUPPLEMENTED: i64 = 2;
    pub const SUPPLEMENTED_AGAIN: i64 = 3;
    /// On the day the result was ready.
    pub const ON_TIME: i64 = 4;
    pub const LATE: i64 = 5;
    pub const DISSATISFIED: i64 = 6;
    /// On the day it ended without a result.
    pub const REFUSED: i64 = 7;
    pub const WITHDRAWN: i64 = 8;
    pub const STOPPED: i64 = 9;
    /// +1 the day it opens, -1 the day it closes: summed up to a day, the
    /// dossiers open at that day's end.
    pub const OPEN: i64 = 10;
    /// +1 the day after its due day while open, -1 the day it closes
    /// after that: summed up to a day, those open past their due day.
    pub const OVERDUE: i64 = 11;
    /// `RATED + n` on the day the result was ready: rated n (1–5).
    pub const RATED: i64 = 20;
    /// `CRITERIA_SUM + i`: the score given to criterion i (its value is
    /// the score); `CRITERIA_COUNT + i`: one per score given.
    pub const CRITERIA_SUM: i64 = 30;
    pub const CRITERIA_COUNT: i64 = 40;
    /// `DAYS + n` on the day the result was ready: it took n working days.
    pub const DAYS: i64 = 100;

    /// Whether a mark is summed from the beginning of time up to the
    /// period's end (a state), rather than over the period (an event).
    pub fn is_state(mark: i64) -> bool {
        mark == OPEN || mark == OVERDUE
    }
}

impl DossierHistory {
    /// The marks this dossier adds to the rollups, as (day since
    /// 1970-01-01, mark, value). `DossierCounts::from_sums` over their sums
    /// gives what `DossierCounts::add` counts.
    pub fn marks(&self) -> Vec<(i64, i64, i64)> {
        let day = |d: Date| d.days_since_epoch();
        let received = day(self.received);
        let mut out = vec![(received, mark::RECEIVED, 1)];
        if self.supplements >= 1 {
            out.push((received, mark::SUPPLEMENTED, 1));
        }
        if self.supplements > 1 {
            out.push((received, mark::SUPPLEMENTED_AGAIN, 1));
        }
        match (self.ready_on, self.closed) {
            (Some(r), _) => {
                let on = day(r);
                out.push((
                    on,
                    if r <= self.due {
                        mark::ON_TIME
                    } else {
                        mark::LATE
                    },
                    1,
                ));
                if self.dissatisfied {
                    out.push((on, mark::DISSATISFIED, 1));
                }
                if let Some(r) = self.rating {
                    out.push((on, mark::RATED + i64::from(r.clamp(1, 5)), 1));
                }
                for (i, c) in self.criteria.iter().enumerate() {
                    if let Some(c) = c {
                        out.push((on, mark::CRITERIA_SUM + i as i64, i64::from(*c)));
                        out.push((on, mark::CRITERIA_COUNT + i as i64, 1));
                    }
                }
                out.push((
                    on,
                    mark::DAYS + working_days_between(self.received, r).max(0),
                    1,
                ));
            }
            (None, Some((how, on))) => out.push((
                day(on),
                match how {
                    Closure::Refused => mark::REFUSED,
                    Closure::Withdrawn => mark::WITHDRAWN,
                    Closure::Stopped => mark::STOPPED,
                },
                1,
            )),
            (None, None) => {}
        }
        // Open from receipt until the first of result and closure (never
        // before receipt, whatever the records say).
        let stop = [self.ready_on, self.closed.map(|(_, c)| c)]
            .into_iter()
            .flatten()
            .min()
            .map(|s| day(s).max(received));
        out.push((received, mark::OPEN, 1));
        let late_from = (day(self.due) + 1).max(received);
        match stop {
            Some(s) => {
                out.push((s, mark::OPEN, -1));
                if s > late_from {
                    out.push((late_from, mark::OVERDUE, 1));
                    out.push((s, mark::OVERDUE, -1));
                }
            }
            None => out.push((late_from, mark::OVERDUE, 1)),
        }
        out
    }
}

/// The rollups' marks summed for a period: events over the period, states
/// up to its end, and receipts by channel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sums {
    /// Event marks below `mark::DAYS`, by number (a flat array: summing
    /// every series of a province for a request must be cheap).
    events: Vec<i64>,
    /// `mark::DAYS + n` marks.
    days: BTreeMap<i64, i64>,
    pub by_channel: [i64; 3],
    pub open_at_end: i64,
    pub overdue_at_end: i64,
}

impl Sums {
    /// Adds `value` of `mark` summed over the period (an event mark).
    pub fn event(&mut self, channel: u8, mark: i64, value: i64) {
        if mark == mark::RECEIVED {
            if let Some(n) = self.by_channel.get_mut(usize::from(channel.max(1) - 1)) {
                *n += value;
            }
        } else if mark >= mark::DAYS {
            *self.days.entry(mark).or_default() += value;
        } else if let Ok(i) = usize::try_from(mark) {
            if self.events.len() <= i {
                self.events.resize(mark::DAYS as usize, 0);
            }
            self.events[i] += value;
        }
    }

    /// An event mark's sum over the period.
    pub fn event_sum(&self, mark: i64) -> i64 {
        usize::try_from(mark)
            .ok()
            .and_then(|i| self.events.get(i))
            .copied()
            .unwrap_or(0)
    }

    /// Adds `value` of a state mark summed up to the period's end.
    pub fn state(&mut self, mark: i64, value: i64) {
        match mark {
            mark::OPEN => self.open_at_end += value,
            mark::OVERDUE => self.overdue_at_end += value,
            _ => {}
        }
    }

    /// Adds one rollup row: a mark's value on a day.
    pub fn add(&mut self, period: Period, channel: u8, day: i64, mark: i64, value: i64) {
        if mark::is_state(mark) {
            if day <= period.to.days_since_epoch() {
                self.state(mark, value);
            }
        } else if period.from.days_since_epoch() <= day && day <= period.to.days_since_epoch() {
            self.event(channel, mark, value);
        }
    }
}

/// What the kept events say of one feedback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackHistory {
    pub received: Date,
    pub due: Date,
    pub answered_on: Option<Date>,
    /// The sender's rating of the answer, if given.
    pub satisfied: Option<bool>,
}

/// The feedback counts of a period: of what was received in it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackCounts {
    pub received: u64,
    pub answered_on_time: u64,
    pub answered_late: u64,
    /// Unanswered at the period's end, past the due day.
    pub overdue: u64,
    pub rated_satisfied: u64,
    pub rated_dissatisfied: u64,
}

impl FeedbackCounts {
    /// Adds another set of counts (another unit's) to these.
    pub fn merge(&mut self, o: &FeedbackCounts) {
        self.received += o.received;
        self.answered_on_time += o.answered_on_time;
        self.answered_late += o.answered_late;
        self.overdue += o.overdue;
        self.rated_satisfied += o.rated_satisfied;
        self.rated_dissatisfied += o.rated_dissatisfied;
    }

    pub fn add(&mut self, h: &FeedbackHistory, period: Period) {
        if !period.contains(h.received) {
            return;
        }
        self.received += 1;
        match h.answered_on.filter(|a| *a <= period.to) {
            Some(a) if a <= h.due => self.answered_on_time += 1,
            Some(_) => self.answered_late += 1,
            None if period.to > h.due => self.overdue += 1,
            None => {}
        }
        match h.satisfied {
            Some(true) => self.rated_satisfied += 1,
            Some(false) => self.rated_dissatisfied += 1,
            None => {}
        }
    }

    /// Answered on time (Decision 766): answered by the due day over
    /// received.
    pub fn on_time(&self) -> Ratio {
        Ratio::new(self.answered_on_time, self.received)
    }

    /// Satisfaction with answers (Decision 766): received less those rated
    /// dissatisfied or overdue, over received.
    pub fn satisfaction(&self) -> Ratio {
        Ratio::new(
            self.received - (self.rated_dissatisfied + self.overdue).min(self.received),
            self.received,
        )
    }
}

/// The figures of a period, as the public statistics give them: the counts
/// and each indicator with its numerator and denominator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    /// The period (YYYY-MM-DD, both days counted).
    pub from: String,
    pub to: String,
    /// When the counts were taken (Unix seconds): they are at most a few
    /// minutes old.
    pub computed_at: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub dossiers: DossierCounts,
    /// Finished on time over finished (overdue ones still open count late).
    pub on_time: Ratio,
    /// Received online over received.
    pub online_share: Ratio,
    /// Decision 766: finished less rated dissatisfied or reported, over finished.
    pub satisfaction: Ratio,
    /// Working days from receipt to result of what was finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_to_result: Option<Spread>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub feedback: FeedbackCounts,
    /// Decision 766: answered by the due day over received.
    pub feedback_on_time: Ratio,
    /// Decision 766: received less rated dissatisfied or overdue, over received.
    pub feedback_satisfaction: Ratio,
    /// How many of all the dossiers were generated as demo history (the
    /// page says so when any were).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub demo_dossiers: u64,
    /// The same figures over the period just before, as long (in the main
    /// answer of `GET /api/statistics` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub previous: Option<Box<Figures>>,
    /// Where the unit asked for stands among the units of its level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<UnitRank>,
}

/// One officer's share of a unit's dossiers: those they handle or last
/// handled, counted as the unit's are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficerFigures {
    /// The handler's name; empty for dossiers no one was assigned.
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub counts: DossierCounts,
    pub on_time: Ratio,
}

/// One procedure's dossiers in a period: digital take-up and timeliness.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcedureFigures {
    pub code: String,
    pub name: String,
    /// How far it is offered online: full, partial or none.
    pub service_level: String,
    pub received: u64,
    /// Received online over received.
    pub online_share: Ratio,
    pub on_time: Ratio,
}

/// Online services: how many of the province's procedures are offered
/// fully and partly online, and the procedures most filed in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnlineServices {
    pub from: String,
    pub to: String,
    pub computed_at: i64,
    /// The province's own procedures (those its units handle) by how far
    /// they are offered online.
    pub offered_full: u64,
    pub offered_partial: u64,
    pub offered_none: u64,
    /// The most filed first (at most 50).
    pub procedures: Vec<ProcedureFigures>,
}

/// One of an officer's units: its figures, and for its leaders, by officer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitStatistics {
    pub unit_code: String,
    pub unit_name: String,
    pub figures: Figures,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_officer: Option<Vec<OfficerFigures>>,
}

/// A unit's place among the units of its level, by on-time rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitRank {
    pub rank: u32,
    /// How many units of the level were ranked (had something to count).
    pub of: u32,
    pub level: String,
    pub by: String,
}

/// One month's dossiers, for the chart of received and finished.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthFigures {
    /// YYYY-MM.
    pub month: String,
    pub received: u64,
    pub finished_on_time: u64,
    pub finished_late: u64,
    /// Finished on time over finished and overdue at the month's end.
    pub on_time: Ratio,
}

/// The months of a period (the first and last possibly in part).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Months {
    pub from: String,
    pub to: String,
    pub computed_at: i64,
    pub months: Vec<MonthFigures>,
}

impl Period {
    /// The period just before this one, as many days long.
    pub fn before(self) -> Period {
        let len = self.to.days_since_epoch() - self.from.days_since_epoch();
        let to = self.from.days_since_epoch() - 1;
        Period {
            from: Date::from_days_since_epoch(to - len),
            to: Date::from_days_since_epoch(to),
        }
    }

    /// The calendar months this period touches, each cut to the period.
    pub fn months(self) -> Vec<Period> {
        let mut out = vec![];
        let mut from = self.from;
        while from <= self.to {
            let (y, m) = (from.year(), from.month());
            let next = if m == 12 {
                Date::new(y + 1, 1, 1)
            } else {
                Date::new(y, m + 1, 1)
            };
            let end = next
                .map(|n| Date::from_days_since_epoch(n.days_since_epoch() - 1))
                .unwrap_or(self.to)
                .min(self.to);
            out.push(Period { from, to: end });
            from = end.succ();
        }
        out
    }
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Figures {
    pub fn of(period: Period, computed_at: i64, d: DossierCounts, f: FeedbackCounts) -> Figures {
        Figures {
            from: period.from.to_string(),
            to: period.to.to_string(),
            computed_at,
            on_time: d.on_time(),
            online_share: d.online_share(),
            satisfaction: d.satisfaction(),
            days_to_result: d.days(),
            feedback_on_time: f.on_time(),
            feedback_satisfaction: f.satisfaction(),
            dossiers: d,
            feedback: f,
            demo_dossiers: 0,
            previous: None,
            rank: None,
        }
    }
}

/// A figure as its numerator and denominator, so anyone can check it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ratio {
    pub numerator: u64,
    pub denominator: u64,
}

impl Ratio {
    pub fn new(numerator: u64, denominator: u64) -> Ratio {
        Ratio {
            numerator,
            denominator,
        }
    }

    /// In per cent, one decimal; none over nothing.
    pub fn percent(self) -> Option<f64> {
        (self.denominator > 0)
            .then(|| (self.numerator as f64 * 1000.0 / self.denominator as f64).round() / 10.0)
    }
}

/// How long something took, over many: average, median, nine in ten.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Spread {
    pub average: f64,
    pub median: i64,
    /// By then nine in ten were done (nearest rank).
    pub p90: i64,
    pub count: u64,
}

impl Spread {
    /// The spread of values given as how many times each occurs.
    pub fn of_counts(counts: &BTreeMap<i64, u64>) -> Option<Spread> {
        let count: u64 = counts.values().sum();
        if count == 0 {
            return None;
        }
        // Nearest rank: the smallest value with at least p in a hundred of
        // them at or below it.
        let rank = |p: u64| {
            let want = (count * p).div_ceil(100).max(1);
            let mut seen = 0;
            counts
                .iter()
                .find(|(_, n)| {
                    seen += **n;
                    seen >= want
                })
                .map_or(0, |(v, _)| *v)
        };
        let total: i64 = counts.iter().map(|(v, n)| v * *n as i64).sum();
        Some(Spread {
            average: (total as f64 / count as f64 * 10.0).round() / 10.0,
            median: rank(50),
            p90: rank(90),
            count,
        })
    }

    pub fn of(values: &[i64]) -> Option<Spread> {
        if values.is_empty() {
            return None;
        }
        let mut v = values.to_vec();
        v.sort_unstable();
        // Nearest rank: the smallest value with at least p of them at or
        // below it.
        let rank = |p: usize| v[(v.len() * p).div_ceil(100).max(1) - 1];
        Some(Spread {
            average: (v.iter().sum::<i64>() as f64 / v.len() as f64 * 10.0).round() / 10.0,
            median: rank(50),
            p90: rank(90),
            count: v.len() as u64,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// March 2026: Monday 2 to Tuesday 31.
    fn march() -> Period {
        Period {
            from: d("2026-03-01"),
            to: d("2026-03-31"),
        }
    }

    fn dossier(received: &str, due: &str) -> DossierHistory {
        DossierHistory {
            received: d(received),
            channel: 2,
            due: d(due),
            ready_on: None,
            closed: None,
            supplements: 0,
            dissatisfied: false,
            rating: None,
            criteria: [None; 5],
        }
    }

    fn count(hs: &[DossierHistory]) -> DossierCounts {
        let mut c = DossierCounts::default();
        for h in hs {
            c.add(h, march());
        }
        c
    }

    #[test]
    fn a_result_on_the_due_day_is_on_time_and_the_day_after_is_late() {
        let on_due = DossierHistory {
            ready_on: Some(d("2026-03-10")),
            ..dossier("2026-03-02", "2026-03-10")
        };
        let after = DossierHistory {
            ready_on: Some(d("2026-03-11")),
            ..dossier("2026-03-02", "2026-03-10")
        };
        let c = count(&[on_due, after]);
        assert_eq!((c.finished_on_time, c.finished_late), (1, 1));
        assert_eq!(c.on_time(), Ratio::new(1, 2));
        assert_eq!(c.on_time().percent(), Some(50.0));
        assert_eq!((c.pending_in_time, c.pending_overdue), (0, 0));
    }

    #[test]
    fn an_overdue_dossier_still_open_at_the_periods_end_counts_as_late() {
        let open_overdue = dossier("2026-03-02", "2026-03-20");
        let open_in_time = dossier("2026-03-25", "2026-04-08");
        let done = DossierHistory {
            ready_on: Some(d("2026-03-05")),
            ..dossier("2026-03-02", "2026-03-10")
        };
        let c = count(&[open_overdue, open_in_time, done]);
        assert_eq!((c.pending_overdue, c.pending_in_time), (1, 1));
        // One on time, over one finished plus one overdue.
        assert_eq!(c.on_time(), Ratio::new(1, 2));
        // Open on the due day itself is still in time.
        let c = count(&[dossier("2026-03-20", "2026-03-31")]);
        assert_eq!(c.pending_in_time, 1);
    }

    #[test]
    fn a_supplement_that_paused_the_clock_moves_the_due_day_it_is_judged_by() {
        // Due on the 10th as received; the applicant held it three working
        // days, so it stands due on the 13th, and a result on the 12th is
        // on time.
        let paused = DossierHistory {
            ready_on: Some(d("2026-03-12")),
            supplements: 1,
            ..dossier("2026-03-02", "2026-03-13")
        };
        let twice = DossierHistory {
            supplements: 2,
            ..dossier("2026-03-03", "2026-03-31")
        };
        let c = count(&[paused, twice]);
        assert_eq!(c.finished_on_time, 1);
        assert_eq!((c.supplemented, c.supplemented_again), (2, 1));
    }

    #[test]
    fn withdrawn_refused_and_stopped_dossiers_are_neither_finished_nor_pending() {
        let withdrawn = DossierHistory {
            closed: Some((Closure::Withdrawn, d("2026-03-04"))),
            ..dossier("2026-03-02", "2026-03-05")
        };
        let refused = DossierHistory {
            closed: Some((Closure::Refused, d("2026-03-02"))),
            ..dossier("2026-03-02", "2026-03-12")
        };
        // Stopped after the period: open (and overdue) at its end.
        let stopped_later = DossierHistory {
            closed: Some((Closure::Stopped, d("2026-04-02"))),
            ..dossier("2026-03-02", "2026-03-16")
        };
        let c = count(&[withdrawn, refused, stopped_later]);
        assert_eq!((c.withdrawn, c.refused, c.stopped), (1, 1, 0));
        assert_eq!(c.finished(), 0);
        assert_eq!((c.pending_in_time, c.pending_overdue), (0, 1));
        assert_eq!(c.received, 3);
    }

    #[test]
    fn received_and_finished_fall_in_the_periods_they_happened_in() {
        // Received in February, finished in March: finished here, not
        // received; received in March, finished in April: received here,
        // and open at the end of March.
        let feb = DossierHistory {
            ready_on: Some(d("2026-03-03")),
            ..dossier("2026-02-26", "2026-03-06")
        };
        let apr = DossierHistory {
            ready_on: Some(d("2026-04-02")),
            channel: 1,
            ..dossier("2026-03-30", "2026-04-10")
        };
        let c = count(&[feb, apr]);
        assert_eq!((c.received, c.finished()), (1, 1));
        assert_eq!(c.by_channel, [1, 0, 0]);
        assert_eq!(c.online_share(), Ratio::new(0, 1));
        assert_eq!(c.pending_in_time, 1);
        // Working days from receipt to result, over what was finished.
        assert_eq!(c.days_to_result, BTreeMap::from([(3, 1)]));
    }

    #[test]
    fn satisfaction_takes_off_the_dissatisfied_and_reported_over_finished() {
        let mut hs = vec![];
        for i in 0..4 {
            hs.push(DossierHistory {
                ready_on: Some(d("2026-03-09")),
                dissatisfied: i == 0,
                ..dossier("2026-03-02", "2026-03-10")
            });
        }
        let c = count(&hs);
        assert_eq!(c.satisfaction(), Ratio::new(3, 4));
        assert_eq!(c.satisfaction().percent(), Some(75.0));
        assert_eq!(DossierCounts::default().satisfaction().percent(), None);
    }

    #[test]
    fn feedback_on_time_and_satisfaction_follow_the_national_formulas() {
        let f = |received: &str, due: &str, answered: Option<&str>, satisfied| FeedbackHistory {
            received: d(received),
            due: d(due),
            answered_on: answered.map(d),
            satisfied,
        };
        let hs = [
            f("2026-03-02", "2026-03-16", Some("2026-03-16"), Some(true)),
            f("2026-03-02", "2026-03-16", Some("2026-03-17"), Some(false)),
            f("2026-03-02", "2026-03-16", None, None),
            f("2026-03-25", "2026-04-08", None, None),
            // Answered after the period: unanswered (and overdue) at its end.
            f("2026-03-02", "2026-03-16", Some("2026-04-01"), None),
            // Received before the period: not counted.
            f("2026-02-20", "2026-03-06", Some("2026-03-05"), Some(true)),
        ];
        let mut c = FeedbackCounts::default();
        for h in &hs {
            c.add(h, march());
        }
        assert_eq!(c.received, 5);
        assert_eq!((c.answered_on_time, c.answered_late, c.overdue), (1, 1, 2));
        assert_eq!(c.on_time(), Ratio::new(1, 5));
        // Five less one rated dissatisfied and two overdue.
        assert_eq!(c.satisfaction(), Ratio::new(2, 5));
    }

    #[test]
    fn a_period_has_one_before_it_as_long_and_is_cut_into_months() {
        let p = Period {
            from: d("2026-03-01"),
            to: d("2026-03-31"),
        };
        assert_eq!(
            p.before(),
            Period {
                from: d("2026-01-29"),
                to: d("2026-02-28")
            }
        );
        let q = Period {
            from: d("2025-12-15"),
            to: d("2026-02-10"),
        };
        assert_eq!(
            q.months(),
            vec![
                Period {
                    from: d("2025-12-15"),
                    to: d("2025-12-31")
                },
                Period {
                    from: d("2026-01-01"),
                    to: d("2026-01-31")
                },
                Period {
                    from: d("2026-02-01"),
                    to: d("2026-02-10")
                },
            ]
        );
    }

    #[test]
    fn the_spread_gives_the_median_and_nine_in_ten_by_nearest_rank() {
        assert_eq!(Spread::of(&[]), None);
        let s = Spread::of(&[5, 1, 3, 2, 4, 3, 3, 2, 10, 3]).unwrap();
        assert_eq!((s.median, s.p90, s.count), (3, 5, 10));
        assert_eq!(s.average, 3.6);
        let one = Spread::of(&[7]).unwrap();
        assert_eq!((one.median, one.p90), (7, 7));
        let counted = BTreeMap::from([(1, 1), (2, 2), (3, 4), (4, 1), (5, 1), (10, 1)]);
        assert_eq!(Spread::of_counts(&counted), Some(s));
        assert_eq!(Spread::of_counts(&BTreeMap::new()), None);
    }

    /// Counts through the rollups' marks, as the server does.
    fn count_by_marks(hs: &[DossierHistory], period: Period) -> DossierCounts {
        let mut s = Sums::default();
        for h in hs {
            for (day, m, v) in h.marks() {
                s.add(period, h.channel, day, m, v);
            }
        }
        DossierCounts::from_sums(&s)
    }

    #[test]
    fn the_marks_summed_give_the_same_counts_on_the_edge_cases() {
        let cases = [
            // Finished on its due day; the day after.
            DossierHistory {
                ready_on: Some(d("2026-03-10")),
                ..dossier("2026-03-02", "2026-03-10")
            },
            DossierHistory {
                ready_on: Some(d("2026-03-11")),
                dissatisfied: true,
                ..dossier("2026-03-02", "2026-03-10")
            },
            // Overdue and still open; open within its due day.
            dossier("2026-03-02", "2026-03-20"),
            dossier("2026-03-25", "2026-04-08"),
            // A supplement that paused the clock, and two.
            DossierHistory {
                ready_on: Some(d("2026-03-12")),
                supplements: 1,
                ..dossier("2026-03-02", "2026-03-13")
            },
            DossierHistory {
                supplements: 2,
                ..dossier("2026-03-03", "2026-03-31")
            },
            // Withdrawn, refused, stopped after the period.
            DossierHistory {
                closed: Some((Closure::Withdrawn, d("2026-03-04"))),
                ..dossier("2026-03-02", "2026-03-05")
            },
            DossierHistory {
                closed: Some((Closure::Refused, d("2026-03-02"))),
                ..dossier("2026-03-02", "2026-03-12")
            },
            DossierHistory {
                closed: Some((Closure::Stopped, d("2026-04-02"))),
                ..dossier("2026-03-02", "2026-03-16")
            },
            // Across the period's edges, at the counter and by post.
            DossierHistory {
                ready_on: Some(d("2026-03-03")),
                channel: 3,
                ..dossier("2026-02-26", "2026-03-06")
            },
            DossierHistory {
                ready_on: Some(d("2026-04-02")),
                channel: 1,
                ..dossier("2026-03-30", "2026-04-10")
            },
            // Records that disagree: ready before received.
            DossierHistory {
                ready_on: Some(d("2026-03-01")),
                ..dossier("2026-03-02", "2026-03-10")
            },
        ];
        for period in [
            march(),
            Period {
                from: d("2026-03-10"),
                to: d("2026-03-10"),
            },
            Period {
                from: d("2026-03-11"),
                to: d("2026-04-30"),
            },
            Period {
                from: d("2026-01-01"),
                to: d("2026-02-27"),
            },
        ] {
            let mut direct = DossierCounts::default();
            for h in &cases {
                direct.add(h, period);
            }
            assert_eq!(count_by_marks(&cases, period), direct, "{period:?}");
        }
    }

    use proptest::prelude::*;

    fn history() -> impl Strategy<Value = DossierHistory> {
        let base = d("2026-01-01").days_since_epoch();
        let when = (
            0..120i64,
            0..40i64,
            prop::option::of(0..60i64),
            prop::option::of((0..3u8, 0..60i64)),
        );
        let what = (
            1..=3u8,
            0..3u32,
            any::<bool>(),
            prop::option::of(1..=5u8),
            prop::array::uniform5(prop::option::of(1..=5u8)),
        );
        (when, what).prop_map(
            move |(
                (received, due, ready, closed),
                (channel, supplements, dissatisfied, rating, criteria),
            )| {
                let at = |n: i64| Date::from_days_since_epoch(base + n);
                let closed = closed.filter(|_| ready.is_none()).map(|(how, after)| {
                    let how =
                        [Closure::Refused, Closure::Withdrawn, Closure::Stopped][usize::from(how)];
                    (how, at(received + after))
                });
                DossierHistory {
                    received: at(received),
                    channel,
                    due: at(received + due),
                    ready_on: ready.map(|r| at(received + r)),
                    closed,
                    supplements,
                    dissatisfied,
                    rating,
                    criteria,
                }
            },
        )
    }

    proptest! {
        #[test]
        fn any_history_counts_the_same_through_the_marks(hs in prop::collection::vec(history(), 0..30), from in 0..150i64, len in 0..90i64) {
            let base = d("2026-01-01").days_since_epoch();
            let period = Period { from: Date::from_days_since_epoch(base + from), to: Date::from_days_since_epoch(base + from + len) };
            let mut direct = DossierCounts::default();
            for h in &hs {
                direct.add(h, period);
            }
            prop_assert_eq!(count_by_marks(&hs, period), direct);
        }
    }
}
