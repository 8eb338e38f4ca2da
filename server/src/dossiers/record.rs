//! A dossier's record on the server: its row, the queries that read it, its events and documents, and the dossier as each side sees it.

use crate::state::AppState;
use app::calendar::{Date, LocalDateTime};
use app::dossiers::{Delivery, Dossier, DossierDocument, DossierSummary, Event, Status};
use app::forms::Answers;
use app::lifecycle::{
    open_actions, timeliness, Action, Actor, Facts, SupplementClock, TimeLimit, Timeliness,
};
use sqlx::AnyPool;

pub use crate::config::ProcessingSettings as Settings;

/// A dossier's row, as the machine and the views need it.
#[derive(Debug, Clone)]
pub struct Record {
    pub id: i64,
    pub code: String,
    pub user_id: i64,
    pub agency_id: Option<i64>,
    pub agency_name: String,
    /// The unit that took the dossier in, and the one handling it now
    /// (none for dossiers filed before the province's units existed).
    pub receiving_unit: Option<String>,
    pub unit_code: Option<String>,
    pub unit_name: String,
    pub procedure_code: String,
    pub procedure_name: String,
    pub applicant_name: String,
    pub status: Status,
    pub delivery: Delivery,
    pub received_at: i64,
    pub due_date: String,
    pub original_due_date: String,
    pub limit: TimeLimit,
    pub supplement_used: bool,
    pub supplement_items: Vec<String>,
    pub supplement_asked_at: Option<i64>,
    pub resume: Option<Status>,
    /// The officer holding the dossier now, and their role in its unit.
    pub handler_user_id: Option<i64>,
    pub handler_name: String,
    pub handler_role: Option<app::units::UnitRole>,
    pub channel: app::dossiers::Channel,
    pub return_tracking: String,
    /// The postal item number it arrived with, by post.
    pub postal_in: String,
    pub ready_at: Option<i64>,
    pub result_document_id: Option<String>,
    pub form_version: u32,
    pub answers: Answers,
}

/// `SELECT` of every column a [`Record`] reads, as a literal so queries
/// are written whole (`concat!`), never assembled at run time.
macro_rules! select_columns {
    () => {
        "SELECT id, code, user_id, agency_id, agency_name, receiving_unit, unit_code, unit_name, procedure_code, procedure_name, applicant_name, status, delivery, received_at, due_date, original_due_date, limit_days, limit_calendar, supplement_used, supplement_items, supplement_asked_at, resume_status, handler_user_id, handler_name, handler_role, channel, return_tracking, postal_in, ready_at, result_document_id, form_version, answers "
    };
}
pub(crate) use select_columns;

macro_rules! select_records {
    ($rest:literal) => {
        concat!(select_columns!(), "FROM dossiers ", $rest)
    };
}

/// A status code read from the database. One the code does not know means
/// the data and the program disagree: an error, never a guess.
pub fn stored_status(code: i64) -> anyhow::Result<Status> {
    Status::from_code(code)
        .ok_or_else(|| anyhow::anyhow!("unknown dossier status {code} in the database"))
}

/// A row of `dossiers` as [`select_columns!`] reads it, before its codes
/// and JSON are checked.
#[derive(sqlx::FromRow)]
pub struct RecordRow {
    id: i64,
    code: String,
    user_id: i64,
    agency_id: Option<i64>,
    agency_name: String,
    receiving_unit: Option<String>,
    unit_code: Option<String>,
    unit_name: String,
    procedure_code: String,
    procedure_name: String,
    applicant_name: String,
    status: i64,
    delivery: String,
    received_at: i64,
    due_date: String,
    original_due_date: String,
    limit_days: i64,
    limit_calendar: i64,
    supplement_used: i64,
    supplement_items: String,
    supplement_asked_at: Option<i64>,
    resume_status: Option<i64>,
    handler_user_id: Option<i64>,
    handler_name: String,
    handler_role: String,
    channel: i64,
    return_tracking: String,
    postal_in: String,
    ready_at: Option<i64>,
    result_document_id: Option<String>,
    form_version: i64,
    answers: String,
}

impl TryFrom<RecordRow> for Record {
    type Error = anyhow::Error;

    fn try_from(r: RecordRow) -> anyhow::Result<Record> {
        Ok(Record {
            status: stored_status(r.status)?,
            delivery: Delivery::parse(&r.delivery).ok_or_else(|| {
                anyhow::anyhow!("unknown delivery {:?} in the database", r.delivery)
            })?,
            original_due_date: if r.original_due_date.is_empty() {
                r.due_date.clone()
            } else {
                r.original_due_date
            },
            limit: TimeLimit {
                days: u32::try_from(r.limit_days).unwrap_or(15),
                calendar: r.limit_calendar != 0,
            },
            supplement_used: r.supplement_used != 0,
            supplement_items: serde_json::from_str(&r.supplement_items).unwrap_or_default(),
            resume: r.resume_status.and_then(Status::from_code),
            form_version: u32::try_from(r.form_version).unwrap_or(1),
            answers: serde_json::from_str(&r.answers)?,
            id: r.id,
            code: r.code,
            user_id: r.user_id,
            agency_id: r.agency_id,
            agency_name: r.agency_name,
            receiving_unit: r.receiving_unit,
            unit_code: r.unit_code,
            unit_name: r.unit_name,
            procedure_code: r.procedure_code,
            procedure_name: r.procedure_name,
            applicant_name: r.applicant_name,
            received_at: r.received_at,
            due_date: r.due_date,
            supplement_asked_at: r.supplement_asked_at,
            handler_user_id: r.handler_user_id,
            handler_name: r.handler_name,
            handler_role: app::units::UnitRole::parse(&r.handler_role),
            channel: app::dossiers::Channel::from_code(r.channel),
            return_tracking: r.return_tracking,
            postal_in: r.postal_in,
            ready_at: r.ready_at,
            result_document_id: r.result_document_id,
        })
    }
}

impl Record {
    pub fn due(&self) -> Date {
        Date::parse(&self.due_date).unwrap_or(Date::new(2100, 1, 1).expect("a date"))
    }

    pub fn timeliness(&self, settings: &Settings, now: i64) -> Timeliness {
        timeliness(
            self.status,
            self.due(),
            self.ready_at
                .map(|t| LocalDateTime::from_unix_seconds(t).date),
            LocalDateTime::from_unix_seconds(now).date,
            settings.clock == SupplementClock::Pause,
        )
    }

    pub fn facts(&self, has_result: bool) -> Facts {
        Facts {
            status: self.status,
            supplement_used: self.supplement_used,
            resume: self.resume,
            has_result,
            by_post: self.delivery == Delivery::Post,
            due_date: self.due(),
        }
    }

    /// Who handles the dossier, as people read it: its unit (a commune's
    /// People's Committee, a department), or for a dossier filed before
    /// units existed its catalogue agency.
    pub fn unit_label(&self) -> &str {
        if self.unit_name.is_empty() {
            &self.agency_name
        } else {
            &self.unit_name
        }
    }

    pub fn summary(&self, settings: &Settings, now: i64) -> DossierSummary {
        DossierSummary {
            code: self.code.clone(),
            procedure: self.procedure_code.clone(),
            procedure_name: self.procedure_name.clone(),
            agency: self.unit_label().to_owned(),
            applicant: self.applicant_name.clone(),
            status: self.status,
            received_at: self.received_at,
            due_date: self.due_date.clone(),
            timeliness: self.timeliness(settings, now),
            handler_id: None,
            handler: String::new(),
        }
    }

    /// The summary as the unit's officers see it: with who holds it.
    pub fn officer_summary(&self, settings: &Settings, now: i64) -> DossierSummary {
        DossierSummary {
            handler_id: self.handler_user_id,
            handler: self.handler_name.clone(),
            ..self.summary(settings, now)
        }
    }

    /// Who handles the dossier now, as people read it: the officer (or
    /// their role, where names are hidden) and the unit; the unit alone
    /// while nobody in it holds the dossier.
    pub fn handler_label(&self, names: bool) -> String {
        let who = match (self.handler_name.is_empty(), names, self.handler_role) {
            (true, _, _) => return self.unit_label().to_owned(),
            (false, true, _) => self.handler_name.clone(),
            (false, false, Some(role)) => role.name(false).to_owned(),
            (false, false, None) => "Cán bộ xử lý".to_owned(),
        };
        format!("{who} — {}", self.unit_label())
    }
}

pub(crate) fn records_from(rows: Vec<RecordRow>) -> anyhow::Result<Vec<Record>> {
    rows.into_iter().map(Record::try_from).collect()
}

/// A person's dossiers, newest first.
pub async fn records_of_user(
    pool: &AnyPool,
    user_id: i64,
    limit: i64,
) -> anyhow::Result<Vec<Record>> {
    records_from(
        sqlx::query_as(select_records!(
            "WHERE user_id = $1 ORDER BY received_at DESC, id DESC LIMIT $2"
        ))
        .bind(user_id)
        .bind(limit)
        .fetch_all(pool)
        .await?,
    )
}

pub async fn record_by_code(pool: &AnyPool, code: &str) -> anyhow::Result<Option<Record>> {
    sqlx::query_as::<_, RecordRow>(select_records!("WHERE code = $1"))
        .bind(code)
        .fetch_optional(pool)
        .await?
        .map(Record::try_from)
        .transpose()
}

pub async fn record_by_id(pool: &AnyPool, id: i64) -> anyhow::Result<Option<Record>> {
    sqlx::query_as::<_, RecordRow>(select_records!("WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .map(Record::try_from)
        .transpose()
}

/// The officer's role as the applicant sees it when names are hidden.
fn role_word(action: &str) -> &'static str {
    match Action::parse(action) {
        Some(Action::Accept | Action::Refuse | Action::ReturnResult) => "Cán bộ tiếp nhận",
        _ => "Cán bộ xử lý",
    }
}

#[derive(serde::Serialize, serde::Deserialize, Default)]
pub struct Details {
    #[serde(default)]
    pub items: Vec<String>,
    #[serde(default)]
    pub new_due_date: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tracking: String,
    /// A hand-over's receiver: officer (id, name, role) and unit name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_officer: Option<i64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub to_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_role: Option<app::units::UnitRole>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub to_unit: String,
}

/// A row of `dossier_events`.
#[derive(sqlx::FromRow)]
struct EventRow {
    at: i64,
    from_status: Option<i64>,
    status: i64,
    action: String,
    actor_unit: String,
    actor_name: String,
    note: String,
    details: String,
}

async fn events(pool: &AnyPool, rec: &Record, names: bool) -> anyhow::Result<Vec<Event>> {
    sqlx::query_as::<_, EventRow>("SELECT at, from_status, status, action, actor_unit, actor_name, note, details FROM dossier_events WHERE dossier_id = $1 ORDER BY at, id")
        .bind(rec.id)
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|e| -> anyhow::Result<Event> {
            let details: Details = serde_json::from_str(&e.details).unwrap_or_default();
            let actor = match (e.actor_unit.is_empty(), names) {
                (true, _) => String::new(),
                (false, true) => e.actor_name,
                (false, false) => role_word(&e.action).to_owned(),
            };
            Ok(Event {
                at: e.at,
                from: e.from_status.and_then(Status::from_code),
                status: stored_status(e.status)?,
                action: e.action,
                unit: e.actor_unit,
                actor,
                note: e.note,
                to: (!details.to_unit.is_empty()).then(|| app::units::HandedTo {
                    name: if names {
                        details.to_name
                    } else {
                        String::new()
                    },
                    role: details.to_role,
                    unit: details.to_unit,
                }),
                items: details.items,
                new_due_date: details.new_due_date,
                tracking: details.tracking,
            })
        })
        .collect()
}

/// (id, component, file name, media type, size), as the document queries select them.
type DocumentRow = (String, String, String, String, i64);

fn document_of((id, component, file_name, media_type, size): DocumentRow) -> DossierDocument {
    DossierDocument {
        id,
        component,
        file_name,
        media_type,
        size,
    }
}

/// The result file staged by an officer, not yet finished.
pub async fn staged_result(
    pool: &AnyPool,
    dossier_id: i64,
) -> anyhow::Result<Option<(DossierDocument, String)>> {
    Ok(sqlx::query_as::<_, (String, String, String, String, i64, String)>("SELECT 'result' AS id, 'Kết quả' AS component, file_name, media_type, size, sha256 FROM result_uploads WHERE dossier_id = $1")
        .bind(dossier_id)
        .fetch_optional(pool)
        .await?
        .map(|(id, component, name, media, size, sha)| {
            (document_of((id, component, name, media, size)), sha)
        }))
}

/// How long the same procedure took at the same unit lately: working days
/// from receipt to result of its latest 200 finished dossiers, when there
/// are at least `TYPICAL_MIN` (fewer would mislead).
async fn typical(
    pool: &AnyPool,
    rec: &Record,
    cutoff: (u8, u8),
) -> anyhow::Result<Option<app::statistics::Spread>> {
    use app::calendar::{effective_receipt_day, working_days_between};
    let Some(unit) = rec.unit_code.as_deref() else {
        return Ok(None);
    };
    let rows: Vec<(i64, i64)> = sqlx::query_as("SELECT received_at, ready_at FROM dossiers WHERE unit_code = $1 AND procedure_code = $2 AND ready_at IS NOT NULL AND id <> $3 ORDER BY ready_at DESC LIMIT 200")
        .bind(unit)
        .bind(&rec.procedure_code)
        .bind(rec.id)
        .fetch_all(pool)
        .await?;
    if rows.len() < app::statistics::TYPICAL_MIN {
        return Ok(None);
    }
    let days: Vec<i64> = rows
        .iter()
        .map(|(received, ready)| {
            let from = effective_receipt_day(LocalDateTime::from_unix_seconds(*received), cutoff);
            working_days_between(from, LocalDateTime::from_unix_seconds(*ready).date).max(0)
        })
        .collect();
    Ok(app::statistics::Spread::of(&days))
}

/// What a dossier's view depends on besides its rows.
pub struct Seen<'a> {
    pub settings: &'a Settings,
    /// The time of day after which a dossier counts as received the next
    /// working day.
    pub cutoff: (u8, u8),
    /// The portal's own address, for the tracking link.
    pub public_url: &'a str,
    pub now: i64,
}

impl<'a> Seen<'a> {
    pub fn now_in(state: &'a AppState) -> Seen<'a> {
        Seen {
            settings: &state.processing,
            cutoff: state.dossier_settings.cutoff,
            public_url: &state.public_url,
            now: state.clock.now_secs(),
        }
    }
}

/// The dossier as `side` sees it: the applicant, or an officer of its agency.
pub async fn view(
    pool: &AnyPool,
    seen: &Seen<'_>,
    rec: &Record,
    side: Actor,
) -> anyhow::Result<Dossier> {
    let (s, now) = (seen.settings, seen.now);
    let names = side == Actor::Officer || s.show_officer_names;
    let documents = sqlx::query_as::<_, DocumentRow>("SELECT d.id, dd.component, COALESCE(NULLIF(dd.file_name, ''), d.file_name) AS file_name, d.media_type, d.size FROM dossier_documents dd JOIN documents d ON d.id = dd.document_id WHERE dd.dossier_id = $1 ORDER BY dd.field")
        .bind(rec.id)
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(document_of)
        .collect();
    let staged = staged_result(pool, rec.id).await?;
    let result = match (side, &rec.result_document_id) {
        (_, Some(id)) => sqlx::query_as::<_, DocumentRow>("SELECT id, kind AS component, file_name, media_type, size FROM documents WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
            .map(document_of),
        (Actor::Officer, None) => staged.as_ref().map(|(d, _)| d.clone()),
        (Actor::Applicant, None) => None,
    };
    let mut events = events(pool, rec, names).await?;
    if side == Actor::Applicant {
        // Officers' working notes on internal steps stay with the agency;
        // what the applicant must read (reasons, requests) is kept.
        for e in &mut events {
            if matches!(
                Action::parse(&e.action),
                Some(Action::Accept | Action::StartProcessing | Action::Finish)
            ) {
                e.note.clear();
            }
        }
    }
    let handler = rec.handler_label(names);
    let (rating, rated_at) = crate::ratings::of_dossier(pool, rec.id).await?;
    let ratable = matches!(rec.status, Status::Processed | Status::Returned);
    let until = rated_at.map(|t| t + s.rating_days * 86_400);
    Ok(Dossier {
        tracking_url: format!("{}/tra-cuu-ho-so/{}", seen.public_url, rec.code),
        code: rec.code.clone(),
        procedure: rec.procedure_code.clone(),
        procedure_name: rec.procedure_name.clone(),
        agency: rec.unit_label().to_owned(),
        applicant: rec.applicant_name.clone(),
        status: rec.status,
        delivery: rec.delivery,
        received_at: rec.received_at,
        due_date: rec.due_date.clone(),
        original_due_date: rec.original_due_date.clone(),
        timeliness: rec.timeliness(s, now),
        handler,
        documents,
        events,
        form_version: rec.form_version,
        answers: rec.answers.clone(),
        supplement_items: if rec.status == Status::SupplementRequested {
            rec.supplement_items.clone()
        } else {
            vec![]
        },
        actions: open_actions(side, &rec.facts(staged.is_some())),
        result,
        can_rate: side == Actor::Applicant && ratable && until.is_none_or(|u| now < u),
        rating_until: until
            .map(|u| LocalDateTime::from_unix_seconds(u).date.to_string())
            .unwrap_or_default(),
        rating,
        form_rating: crate::ratings::form_rating(pool, rec.id).await?,
        colleagues: vec![],
        can_transfer: false,
        channel: rec.channel,
        typical: typical(pool, rec, seen.cutoff).await?,
        return_tracking: rec.return_tracking.clone(),
        postal_in: rec.postal_in.clone(),
        paper: sqlx::query_scalar("SELECT component FROM dossier_components WHERE dossier_id = $1 AND digitised = 0 ORDER BY field")
            .bind(rec.id)
            .fetch_all(pool)
            .await?,
    })
}
