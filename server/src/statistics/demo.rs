//! Generated history for the demo province (issue 13): dossiers through every channel, on time and late, supplements, refusals, withdrawals, ratings and feedback over past years, following the catalogue's time limits and the working-day calendar, so a fresh demo shows living statistics. Every generated row says what it is: the applicant is "Dữ liệu minh hoạ" and the codes begin with `MH-`.

use crate::dossiers::applicant::promised_date;
use crate::state::AppState;
use app::calendar::{add_working_days, is_working_day, Date};
use app::dossiers::Status;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::Row;

/// The name every generated dossier and feedback carries.
pub const DEMO_NAME: &str = "Dữ liệu minh hoạ";
/// How many procedures (the most used first) the history spreads over.
const PROCEDURES: usize = 60;
/// Dossiers written per transaction.
const BATCH: u64 = 5_000;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub dossiers: u64,
    /// The history ends the day before this one and goes back `days` days.
    pub until: Date,
    pub days: i64,
    /// The same seed gives the same history.
    pub seed: u64,
}

/// One procedure the history uses: where it goes and how long it may take.
struct Offered {
    code: String,
    name: String,
    agency: String,
    time_limit: String,
    /// (receiving unit, deciding unit code and name)
    routes: Vec<(String, String, String)>,
    weight: f64,
}

/// Unix seconds at a local time of day in Vietnam (UTC+7).
fn at(day: Date, hour: i64, minute: i64) -> i64 {
    day.days_since_epoch() * 86_400 + (hour - 7) * 3_600 + minute * 60
}

/// The procedures the history spreads over, weighted so a few are common
/// and most are rare, as in any province.
async fn offered(state: &AppState) -> anyhow::Result<Vec<Offered>> {
    let catalogue = state.catalogue();
    let mut entries: Vec<_> = catalogue.entries().iter().collect();
    entries.sort_by_key(|e| {
        std::cmp::Reverse(e.popularity.load(std::sync::atomic::Ordering::Relaxed))
    });
    let mut out = vec![];
    for e in entries {
        if out.len() == PROCEDURES {
            break;
        }
        let routes = crate::units::routes_of(&state.db, &catalogue, &e.summary.code).await?;
        if routes.is_empty() {
            continue;
        }
        let rank = out.len() as f64;
        out.push(Offered {
            code: e.summary.code.clone(),
            name: e.summary.name.clone(),
            agency: e.summary.agency.name.clone(),
            time_limit: e.summary.time_limit.clone(),
            routes: routes
                .into_iter()
                .map(|(r, d)| (r.code, d.code, d.name.vi))
                .collect(),
            weight: 1.0 / (rank + 1.0).powf(0.9),
        });
    }
    anyhow::ensure!(
        !out.is_empty(),
        "no procedure of the catalogue has a unit in this province"
    );
    Ok(out)
}

/// The user every generated dossier belongs to (no one signs in as it).
async fn demo_applicant(state: &AppState, now: i64) -> anyhow::Result<i64> {
    sqlx::query(
        "INSERT INTO users (issuer, subject, personal_id, full_name, birth_date, account_type, loa, tax_code, role, created_at, updated_at) \
         VALUES ('demo-history', 'demo-history', '', $1, '', 'citizen', 1, NULL, 'citizen', $2, $2) ON CONFLICT DO NOTHING",
    )
    .bind(DEMO_NAME)
    .bind(now)
    .execute(&state.db.pool)
    .await?;
    Ok(sqlx::query_scalar(
        "SELECT id FROM users WHERE issuer = 'demo-history' AND subject = 'demo-history'",
    )
    .fetch_one(&state.db.pool)
    .await?)
}

/// What happens to one generated dossier.
enum Outcome {
    Refused(Date),
    Withdrawn(Date),
    Stopped(Date),
    /// Ready on that day (maybe after the history's end: still open).
    Ready(Date),
}

/// One generated dossier's record.
struct DossierRow {
    id: i64,
    code: String,
    procedure: String,
    procedure_name: String,
    agency: String,
    status: i64,
    channel: i64,
    delivery: &'static str,
    received_at: i64,
    due: String,
    original_due: String,
    limit: i64,
    updated_at: i64,
    receiving: String,
    unit: String,
    unit_name: String,
    ready_at: Option<i64>,
    supplement_used: i64,
}

/// A generated event: dossier, time, from, to, action, unit, actor.
type EventRow = (i64, i64, Option<i64>, i64, &'static str, String, String);

/// Generated rows not yet written: dossiers, their events (dossier, time,
/// from, to, action, unit, actor) and ratings (dossier, procedure,
/// overall, time).
#[derive(Default)]
struct Batch {
    dossiers: Vec<DossierRow>,
    events: Vec<EventRow>,
    ratings: Vec<(i64, String, i64, i64)>,
    feedback: Vec<FeedbackRow>,
}

/// A generated feedback: a report about a dossier, or a proposal.
struct FeedbackRow {
    code: String,
    kind: &'static str,
    dossier: Option<i64>,
    procedure: String,
    unit: String,
    unit_name: String,
    received: i64,
    due: String,
    field: String,
    answered_at: Option<i64>,
    rating: Option<i64>,
}

/// Rows per statement.
const ROWS: usize = 100;

impl Batch {
    /// Writes the rows, a hundred per statement, and empties the batch.
    async fn write(
        &mut self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        user: i64,
    ) -> anyhow::Result<()> {
        use crate::db::values_sql;
        for chunk in self.dossiers.chunks(ROWS) {
            let mut q = sqlx::query(values_sql(
                "INSERT INTO dossiers (id, code, user_id, procedure_code, procedure_name, agency_name, form_version, answers, applicant_name, status, channel, delivery, received_at, due_date, idempotency_key, original_due_date, limit_days, limit_calendar, updated_at, receiving_unit, unit_code, unit_name, ready_at, supplement_used, search_text) VALUES ",
                25,
                chunk.len(),
            ));
            for d in chunk {
                q = q
                    .bind(d.id)
                    .bind(d.code.as_str())
                    .bind(user)
                    .bind(d.procedure.as_str())
                    .bind(d.procedure_name.as_str())
                    .bind(d.agency.as_str())
                    .bind(0i64)
                    .bind("{}")
                    .bind(DEMO_NAME)
                    .bind(d.status)
                    .bind(d.channel)
                    .bind(d.delivery)
                    .bind(d.received_at)
                    .bind(d.due.as_str())
                    .bind(d.code.as_str())
                    .bind(d.original_due.as_str())
                    .bind(d.limit)
                    .bind(0i64)
                    .bind(d.updated_at)
                    .bind(d.receiving.as_str())
                    .bind(d.unit.as_str())
                    .bind(d.unit_name.as_str())
                    .bind(d.ready_at)
                    .bind(d.supplement_used)
                    .bind(crate::dossiers::queues::search_text(&d.code, DEMO_NAME));
            }
            q.execute(&mut **tx).await?;
        }
        for chunk in self.events.chunks(ROWS) {
            let mut q = sqlx::query(values_sql(
                "INSERT INTO dossier_events (dossier_id, at, from_status, status, action, actor_unit, actor_name) VALUES ",
                7,
                chunk.len(),
            ));
            for (id, at, from, to, action, unit, actor) in chunk {
                q = q
                    .bind(*id)
                    .bind(*at)
                    .bind(*from)
                    .bind(*to)
                    .bind(*action)
                    .bind(unit.as_str())
                    .bind(actor.as_str());
            }
            q.execute(&mut **tx).await?;
        }
        for chunk in self.ratings.chunks(ROWS) {
            let mut q = sqlx::query(values_sql(
                "INSERT INTO ratings (dossier_id, user_id, procedure_code, overall, punctuality, attitude, created_at, updated_at) VALUES ",
                8,
                chunk.len(),
            ));
            for (id, procedure, overall, at) in chunk {
                q = q
                    .bind(*id)
                    .bind(user)
                    .bind(procedure.as_str())
                    .bind(*overall)
                    .bind(*overall)
                    .bind(*overall)
                    .bind(*at)
                    .bind(*at);
            }
            q.execute(&mut **tx).await?;
        }
        // After the dossiers a report is about.
        for f in &self.feedback {
            sqlx::query(
                "INSERT INTO feedback (code, user_id, kind, title, content, dossier_id, procedure_code, unit_code, unit_name, state, publish, received_at, due_date, idempotency_key, updated_at, field, answer, answered_at, rating) \
                 VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9, 0, $10, $11, $1, $10, $12, $13, $14, $15)",
            )
            .bind(f.code.as_str())
            .bind(user)
            .bind(f.kind)
            .bind(DEMO_NAME)
            .bind(f.dossier)
            .bind(f.procedure.as_str())
            .bind(f.unit.as_str())
            .bind(f.unit_name.as_str())
            .bind(if f.answered_at.is_some() { 6i64 } else { 5 })
            .bind(f.received)
            .bind(f.due.as_str())
            .bind(f.field.as_str())
            .bind(if f.answered_at.is_some() { DEMO_NAME } else { "" })
            .bind(f.answered_at)
            .bind(f.rating)
            .execute(&mut **tx)
            .await?;
        }
        *self = Batch::default();
        Ok(())
    }
}

/// Generates `plan.dossiers` dossiers with their events, ratings and some
/// feedback, then recounts the statistics. Returns how many were written.
pub async fn generate(state: &AppState, plan: Plan) -> anyhow::Result<u64> {
    let now = state.clock.now_secs();
    let offered = offered(state).await?;
    let total_weight: f64 = offered.iter().map(|o| o.weight).sum();
    let user = demo_applicant(state, now).await?;
    let cutoff = state.dossier_settings.cutoff;
    let mut rng = StdRng::seed_from_u64(plan.seed);
    let first: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM dossiers")
        .fetch_one(&state.db.pool)
        .await?;
    let mut written = 0;
    let mut batch = Batch::default();
    let mut tx = state.db.pool.begin().await?;
    for n in 0..plan.dossiers {
        // The procedure, by weight; the unit, any that takes it in.
        let mut pick = rng.gen_range(0.0..total_weight);
        let o = offered
            .iter()
            .find(|o| {
                pick -= o.weight;
                pick < 0.0
            })
            .unwrap_or(&offered[0]);
        let (receiving, unit, unit_name) = &o.routes[rng.gen_range(0..o.routes.len())];
        // A working day in the period, in office hours.
        let mut day = Date::from_days_since_epoch(
            plan.until.days_since_epoch() - rng.gen_range(1..=plan.days),
        );
        while !is_working_day(day) {
            day = Date::from_days_since_epoch(day.days_since_epoch() - 1);
        }
        let received_at = at(day, rng.gen_range(7..17), rng.gen_range(0..60));
        // More people file online as the years go by.
        let age =
            (plan.until.days_since_epoch() - day.days_since_epoch()) as f64 / plan.days as f64;
        let channel: i64 = match rng.gen_range(0.0..1.0) {
            x if x < 0.75 - 0.35 * age => 2,
            x if x < 0.95 - 0.3 * age => 1,
            _ if rng.gen_bool(0.3) => 3,
            _ => 1,
        };
        let mut due = promised_date(received_at, &o.time_limit, cutoff);
        let original_due = due;
        let limit = (app::calendar::working_days_between(day, due)).max(1) as u32;
        let mut events: Vec<(i64, Option<i64>, i64, &str)> =
            vec![(received_at, None, Status::Submitted.code(), "submitted")];
        let mut supplements = 0;
        let mut paused = 0;
        let roll = rng.gen_range(0.0..1.0);
        let outcome = if roll < 0.03 {
            Outcome::Refused(add_working_days(day, rng.gen_range(0..=1)))
        } else {
            events.push((at(day, 16, 30), Some(1), Status::Accepted.code(), "accept"));
            let started = add_working_days(day, 1);
            events.push((
                at(started, 8, 15),
                Some(2),
                Status::Processing.code(),
                "start_processing",
            ));
            if rng.gen_bool(0.1) {
                // Sent back for a supplement; the applicant takes a few
                // working days, and the clock waits for them.
                let asked = add_working_days(day, rng.gen_range(1..=limit.clamp(1, 3)));
                let held = rng.gen_range(1..=6u32);
                events.push((
                    at(asked, 10, 0),
                    Some(4),
                    Status::SupplementRequested.code(),
                    "request_supplement",
                ));
                events.push((
                    at(add_working_days(asked, held), 9, 0),
                    Some(5),
                    Status::Processing.code(),
                    "answer_supplement",
                ));
                supplements = 1;
                paused = held;
                due = add_working_days(due, held);
                if rng.gen_bool(0.08) {
                    let again = add_working_days(asked, held + 1);
                    events.push((
                        at(again, 10, 0),
                        Some(4),
                        Status::SupplementRequested.code(),
                        "request_supplement",
                    ));
                    events.push((
                        at(add_working_days(again, 2), 9, 0),
                        Some(5),
                        Status::Processing.code(),
                        "answer_supplement",
                    ));
                    supplements = 2;
                    paused += 2;
                    due = add_working_days(due, 2);
                }
            }
            match rng.gen_range(0.0..1.0) {
                x if x < 0.02 => {
                    Outcome::Withdrawn(add_working_days(day, rng.gen_range(1..=limit)))
                }
                x if x < 0.03 => Outcome::Stopped(add_working_days(day, rng.gen_range(1..=limit))),
                // Most are ready within their time; some units run late.
                x if x < 0.88 => {
                    Outcome::Ready(add_working_days(day, rng.gen_range(1..=limit) + paused))
                }
                _ => Outcome::Ready(add_working_days(due, rng.gen_range(1..=6))),
            }
        };
        let today = plan.until;
        let (status, ready_at) = match outcome {
            Outcome::Refused(d) if d < today => {
                events.truncate(1);
                events.push((at(d, 11, 0), Some(1), Status::Refused.code(), "refuse"));
                (Status::Refused, None)
            }
            Outcome::Withdrawn(d) if d < today => {
                let last = events.last().map_or(1, |e| e.2);
                events.retain(|e| e.0 < at(d, 0, 0));
                events.push((
                    at(d, 14, 0),
                    Some(last),
                    Status::Withdrawn.code(),
                    "withdraw",
                ));
                (Status::Withdrawn, None)
            }
            Outcome::Stopped(d) if d < today => {
                events.retain(|e| e.0 < at(d, 0, 0));
                events.push((at(d, 15, 0), Some(4), Status::Stopped.code(), "stop"));
                (Status::Stopped, None)
            }
            Outcome::Ready(d) if d < today => {
                events.retain(|e| e.0 < at(d, 0, 0));
                events.push((at(d, 15, 30), Some(4), Status::Processed.code(), "finish"));
                let handed = add_working_days(d, 1);
                if handed < today {
                    events.push((
                        at(handed, 9, 30),
                        Some(9),
                        Status::Returned.code(),
                        "return_result",
                    ));
                }
                (
                    if handed < today {
                        Status::Returned
                    } else {
                        Status::Processed
                    },
                    Some(at(d, 15, 30)),
                )
            }
            // Not yet ended when the history stops: still open.
            _ => {
                events.retain(|e| e.0 < at(today, 0, 0));
                (
                    events
                        .last()
                        .and_then(|e| Status::from_code(e.2))
                        .unwrap_or(Status::Submitted),
                    None,
                )
            }
        };
        let code = format!(
            "MH-{:02}{:02}{:02}-{:07}",
            day.year() % 100,
            day.month(),
            day.day(),
            first + n as i64 + 1
        );
        let delivery = match channel {
            1 => "counter",
            3 => "post",
            _ => "online",
        };
        let id = first + n as i64 + 1;
        batch.dossiers.push(DossierRow {
            id,
            code,
            procedure: o.code.clone(),
            procedure_name: o.name.clone(),
            agency: o.agency.clone(),
            status: status.code(),
            channel,
            delivery,
            received_at,
            due: due.to_string(),
            original_due: original_due.to_string(),
            limit: i64::from(limit),
            updated_at: events.last().map_or(received_at, |e| e.0),
            receiving: receiving.clone(),
            unit: unit.clone(),
            unit_name: unit_name.clone(),
            ready_at,
            supplement_used: i64::from(supplements.min(1)),
        });
        for (t, from, to, action) in &events {
            let actor = if *action == "submitted" || *action == "withdraw" {
                DEMO_NAME.to_owned()
            } else {
                unit_name.clone()
            };
            batch
                .events
                .push((id, *t, *from, *to, *action, unit.clone(), actor));
        }
        // About one in three rates the service; a few are dissatisfied.
        if let Some(ready) = ready_at.filter(|_| rng.gen_bool(0.35)) {
            let overall: i64 = match rng.gen_range(0..100) {
                0..3 => 1,
                3..7 => 2,
                7..15 => 3,
                15..45 => 4,
                _ => 5,
            };
            batch
                .ratings
                .push((id, o.code.clone(), overall, ready + 86_400));
        }
        // One in a hundred and fifty writes to the unit: a report about
        // the dossier, or a proposal.
        if rng.gen_bool(1.0 / 150.0) {
            let report = rng.gen_bool(0.6);
            let received = at(add_working_days(day, 2), 9, 0);
            let fdue = add_working_days(add_working_days(day, 2), if report { 10 } else { 20 });
            let answered = match rng.gen_range(0..100) {
                0..75 => Some(add_working_days(
                    add_working_days(day, 2),
                    rng.gen_range(1..=10),
                )),
                75..88 => Some(add_working_days(fdue, rng.gen_range(1..=5))),
                _ => None,
            }
            .filter(|a| *a < today);
            let field = state
                .catalogue()
                .get(&o.code)
                .map(|e| e.summary.field.slug.clone())
                .unwrap_or_default();
            let rating = answered
                .filter(|_| rng.gen_bool(0.5))
                .map(|_| i64::from(rng.gen_bool(0.8)));
            batch.feedback.push(FeedbackRow {
                code: format!("MH-PA-{:07}", id),
                kind: if report { "report" } else { "proposal" },
                dossier: report.then_some(id),
                procedure: o.code.clone(),
                unit: unit.clone(),
                unit_name: unit_name.clone(),
                received,
                due: fdue.to_string(),
                field,
                answered_at: answered.map(|a| at(a, 14, 0)),
                rating,
            });
        }
        written += 1;
        if written % BATCH == 0 {
            batch.write(&mut tx, user).await?;
            tx.commit().await?;
            tx = state.db.pool.begin().await?;
        }
    }
    batch.write(&mut tx, user).await?;
    if state.db.backend == crate::db::Backend::Postgres {
        // The ids were given, not drawn: the next dossier's comes after them.
        sqlx::query("SELECT setval(pg_get_serial_sequence('dossiers', 'id'), (SELECT MAX(id) FROM dossiers))")
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE statistics_state SET demo_dossiers = demo_dossiers + $1 WHERE id = 1")
        .bind(written as i64)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    super::rollups::rebuild(state).await?;
    state.statistics.expire();
    Ok(written)
}

/// On a demo's first start (the built-in sign-in on, no dossier yet, and
/// `DEMO_HISTORY` not `off`): two years of history ending yesterday.
pub async fn seed_if_fresh(state: &AppState, dossiers: u64) -> anyhow::Result<u64> {
    let any: Option<i64> = sqlx::query_scalar("SELECT id FROM dossiers LIMIT 1")
        .fetch_optional(&state.db.pool)
        .await?;
    let generated: i64 =
        sqlx::query_scalar("SELECT demo_dossiers FROM statistics_state WHERE id = 1")
            .fetch_one(&state.db.pool)
            .await?;
    if any.is_some() || generated > 0 {
        return Ok(0);
    }
    generate(
        state,
        Plan {
            dossiers,
            until: crate::clock::vn_date(state.clock.now_secs()),
            days: 730,
            seed: 2025,
        },
    )
    .await
}

/// How many of the dossiers were generated.
pub async fn generated(state: &AppState) -> anyhow::Result<i64> {
    let r = sqlx::query("SELECT demo_dossiers FROM statistics_state WHERE id = 1")
        .fetch_one(&state.db.pool)
        .await?;
    Ok(r.try_get(0)?)
}
