//! The statistics' rollups: each dossier's marks summed by day, unit, procedure and channel in `statistics_days`, caught up from the dossiers' events, and held in memory as running sums so any period's figures take a few lookups.

use crate::state::AppState;
use app::calendar::{effective_receipt_day, Date, LocalDateTime};
use app::dossiers::Status;
use app::statistics::{mark, Closure, DossierHistory, Period, Sums};
use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::{BTreeMap, HashMap};

/// Dossier events and feedback read again on every catch-up, in case a
/// PostgreSQL transaction committed after a later id had been seen: doing a
/// dossier again changes nothing.
const ID_MARGIN: i64 = 200;
/// Seconds of rating changes read again, likewise.
const RATING_MARGIN: i64 = 120;
/// Dossiers read at once by a rebuild.
const REBUILD_BATCH: i64 = 20_000;

/// One dossier as the rollups count it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    pub unit: String,
    pub procedure: String,
    pub h: DossierHistory,
}

/// A rollup row's key: unit, procedure, channel, mark, day.
type Key = (String, String, u8, i64, i64);

/// What a change adds to the rollups, row by row.
#[derive(Debug, Default)]
pub struct Deltas(HashMap<Key, i64>);

impl Deltas {
    fn add(&mut self, f: &Fact, sign: i64) {
        for (day, m, v) in f.h.marks() {
            *self
                .0
                .entry((f.unit.clone(), f.procedure.clone(), f.h.channel, m, day))
                .or_default() += sign * v;
        }
    }

    fn changes(&self) -> impl Iterator<Item = (&Key, i64)> {
        self.0
            .iter()
            .filter(|(_, v)| **v != 0)
            .map(|(k, v)| (k, *v))
    }

    pub fn is_empty(&self) -> bool {
        self.changes().next().is_none()
    }
}

/// The read of a dossier's facts: the dossier, when its last event ended
/// it without a result, its supplement requests, its rating, reports about
/// it. `$where` picks the dossiers.
macro_rules! facts_sql {
    ($($where:expr),*) => {
        concat!(
            "SELECT d.id, COALESCE(d.unit_code, '') AS unit_code, d.procedure_code, d.channel, d.received_at, d.due_date, d.ready_at, d.status, \
             (SELECT MAX(e.at) FROM dossier_events e WHERE e.dossier_id = d.id AND e.status IN (3, 7, 8)) AS closed_at, \
             (SELECT COUNT(*) FROM dossier_events e WHERE e.dossier_id = d.id AND e.status = 5) AS supplements, \
             r.overall AS rating, r.convenience, r.punctuality, r.attitude, r.contacts, r.clarity, \
             (SELECT COUNT(*) FROM feedback f WHERE f.dossier_id = d.id AND f.kind = 'report') AS reports \
             FROM dossiers d LEFT JOIN ratings r ON r.dossier_id = d.id ",
            $($where),*
        )
    };
}

/// The dossiers touched since the watermarks `$1` (events), `$2` (rating
/// changes, seconds) and `$3` (feedback).
macro_rules! touched {
    () => {
        "(SELECT dossier_id FROM dossier_events WHERE id > $1 \
          UNION SELECT dossier_id FROM ratings WHERE updated_at >= $2 \
          UNION SELECT dossier_id FROM feedback WHERE id > $3 AND dossier_id IS NOT NULL)"
    };
}

fn day_of(secs: i64) -> Date {
    LocalDateTime::from_unix_seconds(secs).date
}

/// A dossier's fact from a row of `facts_sql!`; none when its due day does
/// not read (no such dossier is ever written).
fn fact_of(r: &AnyRow, cutoff: (u8, u8)) -> anyhow::Result<Option<(i64, Fact)>> {
    let status = Status::from_code(r.try_get("status")?);
    let closed = match (status, r.try_get::<Option<i64>, _>("closed_at")?) {
        (Some(Status::Refused), Some(at)) => Some((Closure::Refused, day_of(at))),
        (Some(Status::Withdrawn), Some(at)) => Some((Closure::Withdrawn, day_of(at))),
        (Some(Status::Stopped), Some(at)) => Some((Closure::Stopped, day_of(at))),
        _ => None,
    };
    let due: String = r.try_get("due_date")?;
    let Ok(due) = Date::parse(&due) else {
        return Ok(None);
    };
    let rating: Option<i64> = r.try_get("rating")?;
    let score = |v: Option<i64>| {
        v.and_then(|v| u8::try_from(v).ok())
            .filter(|v| (1..=5).contains(v))
    };
    let mut criteria = [None; 5];
    for (slot, name) in criteria.iter_mut().zip(app::ratings::CRITERIA) {
        *slot = score(r.try_get(name)?);
    }
    Ok(Some((
        r.try_get("id")?,
        Fact {
            unit: r.try_get("unit_code")?,
            procedure: r.try_get("procedure_code")?,
            h: DossierHistory {
                received: effective_receipt_day(
                    LocalDateTime::from_unix_seconds(r.try_get("received_at")?),
                    cutoff,
                ),
                channel: u8::try_from(r.try_get::<i64, _>("channel")?).unwrap_or(2),
                due,
                ready_on: r.try_get::<Option<i64>, _>("ready_at")?.map(day_of),
                closed,
                supplements: u32::try_from(r.try_get::<i64, _>("supplements")?).unwrap_or(0),
                dissatisfied: rating.is_some_and(|o| o <= 2) || r.try_get::<i64, _>("reports")? > 0,
                rating: score(rating),
                criteria,
            },
        },
    )))
}

/// Every dossier's fact straight from the records, for tests and checks:
/// what the rollups must agree with.
pub async fn recount(state: &AppState) -> anyhow::Result<Vec<Fact>> {
    let cutoff = state.dossier_settings.cutoff;
    let rows = sqlx::query(facts_sql!("ORDER BY d.id"))
        .fetch_all(&state.db.pool)
        .await?;
    let mut out = vec![];
    for r in &rows {
        out.extend(fact_of(r, cutoff)?.map(|(_, f)| f));
    }
    Ok(out)
}

/// What one catch-up did: the version the rollups moved from and to, and
/// the changes (empty when nothing moved).
pub struct CaughtUp {
    pub from_version: i64,
    pub to_version: i64,
    pub deltas: Deltas,
}

/// Writes the rollup rows and facts a change makes.
async fn write(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    deltas: &Deltas,
    facts: &[(i64, Fact)],
) -> anyhow::Result<()> {
    for ((unit, procedure, channel, m, day), v) in deltas.changes() {
        sqlx::query(
            "INSERT INTO statistics_days (unit_code, procedure_code, channel, mark, day, value) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (unit_code, procedure_code, channel, mark, day) DO UPDATE SET value = statistics_days.value + excluded.value",
        )
        .bind(unit)
        .bind(procedure)
        .bind(i64::from(*channel))
        .bind(*m)
        .bind(*day)
        .bind(v)
        .execute(&mut **tx)
        .await?;
    }
    for (id, f) in facts {
        sqlx::query(
            "INSERT INTO statistics_facts (dossier_id, fact, unit_code) VALUES ($1, $2, $3) \
             ON CONFLICT (dossier_id) DO UPDATE SET fact = excluded.fact, unit_code = excluded.unit_code",
        )
        .bind(*id)
        .bind(serde_json::to_string(f)?)
        .bind(f.unit.as_str())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The watermarks as they stand now, to be stored after a catch-up.
async fn marks_now(tx: &mut sqlx::Transaction<'_, sqlx::Any>) -> anyhow::Result<(i64, i64)> {
    let events: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM dossier_events")
        .fetch_one(&mut **tx)
        .await?;
    let feedback: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM feedback")
        .fetch_one(&mut **tx)
        .await?;
    Ok((events, feedback))
}

/// Takes the rollups' lock (the first write of the transaction, so two
/// servers never apply one change twice) and reads where they stand.
async fn lock_state(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
) -> anyhow::Result<(i64, i64, i64, i64)> {
    sqlx::query("UPDATE statistics_state SET version = version WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    let r = sqlx::query(
        "SELECT events_seen, ratings_seen, feedback_seen, version FROM statistics_state WHERE id = 1",
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))
}

async fn store_state(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    events: i64,
    ratings: i64,
    feedback: i64,
    version: i64,
    now: i64,
) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE statistics_state SET events_seen = $1, ratings_seen = $2, feedback_seen = $3, version = $4, caught_up_at = $5 WHERE id = 1",
    )
    .bind(events)
    .bind(ratings)
    .bind(feedback)
    .bind(version)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Brings the rollups up to date with what happened since the last
/// catch-up: each touched dossier's old marks off, its new marks on.
pub async fn catch_up(state: &AppState) -> anyhow::Result<CaughtUp> {
    let now = state.clock.now_secs();
    let cutoff = state.dossier_settings.cutoff;
    let mut tx = state.db.pool.begin().await?;
    let (events_seen, ratings_seen, feedback_seen, version) = lock_state(&mut tx).await?;
    let (events, feedback) = marks_now(&mut tx).await?;
    let since = (
        events_seen - ID_MARGIN,
        ratings_seen - RATING_MARGIN,
        feedback_seen - ID_MARGIN,
    );
    let rows = sqlx::query(facts_sql!("WHERE d.id IN ", touched!()))
        .bind(since.0)
        .bind(since.1)
        .bind(since.2)
        .fetch_all(&mut *tx)
        .await?;
    let mut deltas = Deltas::default();
    let mut facts = Vec::with_capacity(rows.len());
    for r in &rows {
        if let Some((id, f)) = fact_of(r, cutoff)? {
            deltas.add(&f, 1);
            facts.push((id, f));
        }
    }
    let old = sqlx::query(concat!(
        "SELECT fact FROM statistics_facts WHERE dossier_id IN ",
        touched!()
    ))
    .bind(since.0)
    .bind(since.1)
    .bind(since.2)
    .fetch_all(&mut *tx)
    .await?;
    for r in &old {
        let f: Fact = serde_json::from_str(&r.try_get::<String, _>("fact")?)?;
        deltas.add(&f, -1);
    }
    let to_version = if deltas.is_empty() {
        version
    } else {
        version + 1
    };
    if !deltas.is_empty() {
        write(&mut tx, &deltas, &facts).await?;
    }
    store_state(&mut tx, events, now, feedback, to_version, now).await?;
    tx.commit().await?;
    Ok(CaughtUp {
        from_version: version,
        to_version,
        deltas,
    })
}

/// Rows per statement when a rebuild writes.
const ROWS_PER_INSERT: usize = 200;

/// Recomputes the rollups from the records, all of them, in one
/// transaction (readers see the old ones until it ends). Returns how many
/// dossiers it counted.
pub async fn rebuild(state: &AppState) -> anyhow::Result<u64> {
    let now = state.clock.now_secs();
    let cutoff = state.dossier_settings.cutoff;
    let mut tx = state.db.pool.begin().await?;
    let (_, _, _, version) = lock_state(&mut tx).await?;
    let (events, feedback) = marks_now(&mut tx).await?;
    sqlx::query("DELETE FROM statistics_days")
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM statistics_facts")
        .execute(&mut *tx)
        .await?;
    let last: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM dossiers")
        .fetch_one(&mut *tx)
        .await?;
    // Every mark summed in memory first, units and procedures by number,
    // then written once, in key order.
    let mut names: Vec<String> = vec![];
    let mut numbered: HashMap<String, u32> = HashMap::new();
    let mut number = |s: &str| -> u32 {
        if let Some(n) = numbered.get(s) {
            return *n;
        }
        let n = names.len() as u32;
        names.push(s.to_owned());
        numbered.insert(s.to_owned(), n);
        n
    };
    let mut sums: HashMap<(u32, u32, u8, i64, i64), i64> = HashMap::new();
    let mut counted = 0;
    let mut from = 0;
    while from < last {
        let rows = sqlx::query(facts_sql!("WHERE d.id > $1 AND d.id <= $2"))
            .bind(from)
            .bind(from + REBUILD_BATCH)
            .fetch_all(&mut *tx)
            .await?;
        let mut facts = Vec::with_capacity(rows.len());
        for r in &rows {
            if let Some((id, f)) = fact_of(r, cutoff)? {
                let (u, p) = (number(&f.unit), number(&f.procedure));
                for (day, m, v) in f.h.marks() {
                    *sums.entry((u, p, f.h.channel, m, day)).or_default() += v;
                }
                facts.push((id, serde_json::to_string(&f)?, f.unit));
            }
        }
        counted += facts.len() as u64;
        for chunk in facts.chunks(ROWS_PER_INSERT) {
            let sql = crate::db::values_sql(
                "INSERT INTO statistics_facts (dossier_id, fact, unit_code) VALUES ",
                3,
                chunk.len(),
            );
            let mut q = sqlx::query(sql);
            for (id, fact, unit) in chunk {
                q = q.bind(*id).bind(fact.as_str()).bind(unit.as_str());
            }
            q.execute(&mut *tx).await?;
        }
        from += REBUILD_BATCH;
    }
    let mut rows: Vec<_> = sums.into_iter().filter(|(_, v)| *v != 0).collect();
    rows.sort_unstable_by(|a, b| {
        let key = |((u, p, c, m, d), _): &((u32, u32, u8, i64, i64), i64)| {
            (&names[*u as usize], &names[*p as usize], *c, *m, *d)
        };
        key(a).cmp(&key(b))
    });
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let sql = crate::db::values_sql(
            "INSERT INTO statistics_days (unit_code, procedure_code, channel, mark, day, value) VALUES ",
            6,
            chunk.len(),
        );
        let mut q = sqlx::query(sql);
        for ((u, p, c, m, d), v) in chunk {
            q = q
                .bind(names[*u as usize].as_str())
                .bind(names[*p as usize].as_str())
                .bind(i64::from(*c))
                .bind(*m)
                .bind(*d)
                .bind(*v);
        }
        q.execute(&mut *tx).await?;
    }
    store_state(&mut tx, events, now, feedback, version + 1, now).await?;
    tx.commit().await?;
    Ok(counted)
}

/// One mark's running sums over the days it moved on, oldest first.
#[derive(Debug, Default)]
struct Running {
    days: Vec<i32>,
    /// `sums[i]`: the mark's total up to and including `days[i]`.
    sums: Vec<i64>,
}

impl Running {
    /// The total up to and including `day`.
    fn upto(&self, day: i64) -> i64 {
        match self.days.partition_point(|d| i64::from(*d) <= day) {
            0 => 0,
            i => self.sums[i - 1],
        }
    }

    fn add(&mut self, day: i64, value: i64) {
        let Ok(d) = i32::try_from(day) else { return };
        let i = self.days.partition_point(|x| *x < d);
        if self.days.get(i) != Some(&d) {
            let before = if i == 0 { 0 } else { self.sums[i - 1] };
            self.days.insert(i, d);
            self.sums.insert(i, before);
        }
        for s in &mut self.sums[i..] {
            *s += value;
        }
    }
}

/// One unit's, procedure's and channel's marks.
#[derive(Debug, Default)]
struct Series {
    marks: BTreeMap<i64, Running>,
}

/// The rollups in memory.
#[derive(Debug, Default)]
pub struct Rollups {
    /// The rollups' version they were read or last moved at.
    pub version: i64,
    series: HashMap<(String, String, u8), Series>,
}

impl Rollups {
    /// Reads every rollup row, in key order.
    pub async fn load(state: &AppState) -> anyhow::Result<Rollups> {
        let version: i64 = sqlx::query_scalar("SELECT version FROM statistics_state WHERE id = 1")
            .fetch_one(&state.db.pool)
            .await?;
        let mut out = Rollups {
            version,
            ..Rollups::default()
        };
        let mut rows = sqlx::query(
            "SELECT unit_code, procedure_code, channel, mark, day, value FROM statistics_days \
             ORDER BY unit_code, procedure_code, channel, mark, day",
        )
        .fetch(&state.db.pool);
        while let Some(r) = rows.try_next().await? {
            out.add(
                r.try_get(0)?,
                r.try_get(1)?,
                u8::try_from(r.try_get::<i64, _>(2)?).unwrap_or(0),
                r.try_get(3)?,
                r.try_get(4)?,
                r.try_get(5)?,
            );
        }
        Ok(out)
    }

    fn add(&mut self, unit: String, procedure: String, channel: u8, m: i64, day: i64, v: i64) {
        self.series
            .entry((unit, procedure, channel))
            .or_default()
            .marks
            .entry(m)
            .or_default()
            .add(day, v);
    }

    /// Moves the rollups by a catch-up's changes.
    pub fn apply(&mut self, c: &CaughtUp) {
        for ((unit, procedure, channel, m, day), v) in c.deltas.changes() {
            self.add(unit.clone(), procedure.clone(), *channel, *m, *day, v);
        }
        self.version = c.to_version;
    }

    /// The sums of `period` over the series `keep(unit, procedure)` takes,
    /// apart for each unit (or, `by_procedure`, each procedure).
    pub fn sums_by(
        &self,
        period: Period,
        keep: impl Fn(&str, &str) -> bool,
        by_procedure: bool,
    ) -> HashMap<String, Sums> {
        let (from, to) = (period.from.days_since_epoch(), period.to.days_since_epoch());
        let mut out: HashMap<String, Sums> = HashMap::new();
        for ((unit, procedure, channel), series) in &self.series {
            if !keep(unit, procedure) {
                continue;
            }
            let s = out
                .entry(if by_procedure {
                    procedure.clone()
                } else {
                    unit.clone()
                })
                .or_default();
            for (m, running) in &series.marks {
                if mark::is_state(*m) {
                    s.state(*m, running.upto(to));
                } else {
                    s.event(*channel, *m, running.upto(to) - running.upto(from - 1));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_sums_take_values_in_any_order() {
        let mut r = Running::default();
        r.add(10, 2);
        r.add(5, 1);
        r.add(10, -1);
        r.add(7, 4);
        assert_eq!(
            (r.upto(4), r.upto(5), r.upto(9), r.upto(10), r.upto(99)),
            (0, 1, 5, 6, 6)
        );
    }
}
