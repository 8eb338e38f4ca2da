//! The officers' queues as SQL: which dossiers each queue holds, their counts, a search by code or name, and paging.

use super::record::{records_from, Record, RecordRow};
use app::calendar::{add_working_days, Date};
use app::dossiers::QueueName;
use sqlx::{AnyPool, Row};

/// Dossiers on one page of a queue.
pub const PER_PAGE: u32 = 50;

/// The folded text an officer's search matches: the code, then the
/// applicant's name, without tones (`app::text::fold`). The separator is
/// one that folding a query never yields, so no match spans both.
pub fn search_text(code: &str, applicant: &str) -> String {
    format!("{} / {}", app::text::fold(code), app::text::fold(applicant))
}

/// Fills the search text of dossiers written before it was kept.
pub async fn fill_search_text(pool: &AnyPool) -> anyhow::Result<usize> {
    let rows = sqlx::query("SELECT id, code, applicant_name FROM dossiers WHERE search_text = ''")
        .fetch_all(pool)
        .await?;
    for r in &rows {
        sqlx::query("UPDATE dossiers SET search_text = $1 WHERE id = $2")
            .bind(search_text(
                &r.try_get::<String, _>("code")?,
                &r.try_get::<String, _>("applicant_name")?,
            ))
            .bind(r.try_get::<i64, _>("id")?)
            .execute(pool)
            .await?;
    }
    Ok(rows.len())
}

/// What an officer asks of the queues.
pub struct Ask<'a> {
    pub officer: i64,
    pub queue: QueueName,
    /// Already trimmed; matched without tones.
    pub q: &'a str,
    /// 1-based.
    pub page: u32,
    pub today: Date,
    /// Whether an open supplement request stops the clock (then it is
    /// neither due soon nor overdue).
    pub clock_paused: bool,
}

/// The conditions of each queue, written once and used both to count and
/// to list, so a tab's count is the length of its list. Parameters: $3
/// clock paused (0/1), $4 today, $5 the first day that is no longer "due
/// soon" (three working days on), all dates as `YYYY-MM-DD` text.
macro_rules! queue_conditions {
    (mine) => {
        "status IN (1, 2, 4, 5, 6, 9) AND handler_user_id = $1"
    };
    // Held by nobody of a unit the officer belongs to (or, filed before
    // units existed, of their agency).
    (unassigned) => {
        "status IN (1, 2, 4) AND handler_user_id IS NULL AND (unit_code IS NULL OR unit_code IN (SELECT unit_code FROM unit_grants WHERE user_id = $1))"
    };
    (new) => {
        "status = 1"
    };
    (in_progress) => {
        "status IN (2, 4)"
    };
    (waiting) => {
        "status IN (5, 6)"
    };
    // Open and timed: what `app::lifecycle::timeliness` calls pending.
    (timed) => {
        "status IN (1, 2, 4, 5, 6) AND NOT (status = 5 AND $3 = 1)"
    };
    (due_soon) => {
        concat!(
            queue_conditions!(timed),
            " AND due_date >= $4 AND due_date < $5"
        )
    };
    (overdue) => {
        concat!(queue_conditions!(timed), " AND due_date < $4")
    };
    (ready) => {
        "status = 9"
    };
}

/// The dossiers of the officer's units (or, filed before units existed,
/// agencies) that are on the working lists
/// (open ones, and closed ones received in the last year: $2), matching
/// the search ($6, a LIKE pattern, or '' for all). $1 is the officer.
macro_rules! working_list {
    () => {
        "FROM dossiers WHERE (unit_code IN (SELECT unit_code FROM unit_grants WHERE user_id = $1) OR receiving_unit IN (SELECT unit_code FROM unit_grants WHERE user_id = $1) OR (unit_code IS NULL AND receiving_unit IS NULL AND agency_id IN (SELECT agency_id FROM user_agencies WHERE user_id = $1))) AND (status IN (1, 2, 4, 5, 6, 9) OR received_at > $2) AND ($6 = '' OR search_text LIKE $6) "
    };
}

const COUNTS: &str = concat!(
    "SELECT ",
    "COALESCE(SUM(CASE WHEN ",
    queue_conditions!(mine),
    " THEN 1 ELSE 0 END), 0) AS n_mine, ",
    "COALESCE(SUM(CASE WHEN ",
    queue_conditions!(unassigned),
    " THEN 1 ELSE 0 END), 0) AS n_unassigned, ",
    "COALESCE(SUM(CASE WHEN ",
    queue_conditions!(new),
    " THEN 1 ELSE 0 END), 0) AS n_new, ",
    "COALESCE(SUM(CASE WHEN ",
    queue_conditions!(in_progress),
    " THEN 1 ELSE 0 END), 0) AS n_in_progress, ",
    "COALESCE(SUM(CASE WHEN ",
    queue_conditions!(waiting),
    " THEN 1 ELSE 0 END), 0) AS n_waiting, ",
    "COALESCE(SUM(CASE WHEN ",
    queue_conditions!(due_soon),
    " THEN 1 ELSE 0 END), 0) AS n_due_soon, ",
    "COALESCE(SUM(CASE WHEN ",
    queue_conditions!(overdue),
    " THEN 1 ELSE 0 END), 0) AS n_overdue, ",
    "COALESCE(SUM(CASE WHEN ",
    queue_conditions!(ready),
    " THEN 1 ELSE 0 END), 0) AS n_ready, ",
    "COUNT(*) AS n_all ",
    working_list!()
);

/// One page of one queue ($7), what must be done soonest on top.
const PAGE: &str = concat!(
    super::record::select_columns!(),
    working_list!(),
    "AND (",
    "($7 = 'mine' AND ",
    queue_conditions!(mine),
    ") OR ",
    "($7 = 'unassigned' AND ",
    queue_conditions!(unassigned),
    ") OR ",
    "($7 = 'new' AND ",
    queue_conditions!(new),
    ") OR ",
    "($7 = 'in_progress' AND ",
    queue_conditions!(in_progress),
    ") OR ",
    "($7 = 'waiting' AND ",
    queue_conditions!(waiting),
    ") OR ",
    "($7 = 'due_soon' AND ",
    queue_conditions!(due_soon),
    ") OR ",
    "($7 = 'overdue' AND ",
    queue_conditions!(overdue),
    ") OR ",
    "($7 = 'ready' AND ",
    queue_conditions!(ready),
    ") OR ",
    "$7 = 'all') ",
    "ORDER BY due_date, code LIMIT $8 OFFSET $9"
);

/// The `LIKE` pattern for a search. Folding leaves only letters, digits
/// and single spaces, so a `%` or `_` typed by the officer never reaches
/// SQL as a wildcard.
fn pattern(q: &str) -> String {
    let q = app::text::fold(q);
    if q.is_empty() {
        String::new()
    } else {
        format!("%{q}%")
    }
}

/// Every queue's count, and the asked page of the asked queue.
pub async fn queue(
    pool: &AnyPool,
    ask: &Ask<'_>,
    closed_since: i64,
) -> anyhow::Result<(Vec<(QueueName, usize)>, Vec<Record>)> {
    let (today, soon_ends) = (
        ask.today.to_string(),
        add_working_days(ask.today, 3).to_string(),
    );
    let pattern = pattern(ask.q);
    // $1 to $6, the same for both queries.
    macro_rules! common {
        ($query:expr) => {
            $query
                .bind(ask.officer)
                .bind(closed_since)
                .bind(i64::from(ask.clock_paused))
                .bind(&today)
                .bind(&soon_ends)
                .bind(&pattern)
        };
    }
    let c = common!(sqlx::query(COUNTS)).fetch_one(pool).await?;
    let mut counts = vec![];
    for name in QueueName::ALL {
        let n: i64 = c.try_get(format!("n_{}", name.slug()).as_str())?;
        counts.push((name, usize::try_from(n).unwrap_or(0)));
    }
    let rows = common!(sqlx::query_as::<_, RecordRow>(PAGE))
        .bind(ask.queue.slug())
        .bind(i64::from(PER_PAGE))
        .bind(i64::from(ask.page.saturating_sub(1)) * i64::from(PER_PAGE))
        .fetch_all(pool)
        .await?;
    Ok((counts, records_from(rows)?))
}

/// A unit's open dossiers held by one officer (or by nobody: `handler`
/// none), and how many of them are due soon or overdue.
pub struct HeldLoad {
    pub handler: Option<i64>,
    pub name: String,
    pub role: String,
    pub open: u32,
    pub due_soon: u32,
    pub overdue: u32,
}

/// The open dossiers of `unit` by the officer holding them, with the same
/// due-soon and overdue rules as the queues ($2 paused clock, $3 today,
/// $4 the end of "due soon").
const LOAD: &str = concat!(
    "SELECT handler_user_id, MAX(handler_name) AS name, MAX(handler_role) AS role, COUNT(*) AS n_open, ",
    "COALESCE(SUM(CASE WHEN ",
    "status IN (1, 2, 4, 5, 6) AND NOT (status = 5 AND $2 = 1) AND due_date >= $3 AND due_date < $4",
    " THEN 1 ELSE 0 END), 0) AS n_due_soon, ",
    "COALESCE(SUM(CASE WHEN ",
    "status IN (1, 2, 4, 5, 6) AND NOT (status = 5 AND $2 = 1) AND due_date < $3",
    " THEN 1 ELSE 0 END), 0) AS n_overdue ",
    "FROM dossiers WHERE unit_code = $1 AND status IN (1, 2, 4, 5, 6, 9) GROUP BY handler_user_id"
);

pub async fn unit_load(
    pool: &AnyPool,
    unit: &str,
    today: Date,
    clock_paused: bool,
) -> anyhow::Result<Vec<HeldLoad>> {
    let n = |r: &sqlx::any::AnyRow, c: &str| -> anyhow::Result<u32> {
        Ok(u32::try_from(r.try_get::<i64, _>(c)?).unwrap_or(0))
    };
    sqlx::query(LOAD)
        .bind(unit)
        .bind(i64::from(clock_paused))
        .bind(today.to_string())
        .bind(add_working_days(today, 3).to_string())
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(HeldLoad {
                handler: r.try_get("handler_user_id")?,
                name: r.try_get::<Option<String>, _>("name")?.unwrap_or_default(),
                role: r.try_get::<Option<String>, _>("role")?.unwrap_or_default(),
                open: n(r, "n_open")?,
                due_soon: n(r, "n_due_soon")?,
                overdue: n(r, "n_overdue")?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_is_folded_and_its_wildcards_are_literal() {
        assert_eq!(pattern("  "), "");
        assert_eq!(pattern("Nguyễn"), "%nguyen%");
        assert_eq!(pattern("50%_x"), "%50 x%");
    }
}
