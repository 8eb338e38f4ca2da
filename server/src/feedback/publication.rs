//! Publishing answered feedback: the officer previews exactly what the public will read (personal data masked, more masked by hand) and publishes it; the public searches and reads what was published, and nothing else.

use super::redact::redact;
use super::{handled_row, officer_viewer, stored_state};
use crate::error::{ApiJson, ApiPath, ApiQuery, AppError};
use crate::identity::session::CurrentUser;
use crate::state::AppState;
use app::error::FieldErrors;
use app::feedback::{Kind, PublishRequest, Published, PublishedPage, State as FeedbackState, Step};
use app::forms::reasons;
use app::text::tokens;
use axum::extract::State;
use axum::Json;
use sqlx::Row;
use std::sync::Mutex;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, FAST, STRING, TEXT};
use tantivy::{DocAddress, Index, IndexReader, Order, Searcher, TantivyDocument, Term};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(preview))
        .routes(routes!(publish))
        .routes(routes!(search))
        .routes(routes!(read))
}

/// Items on one page of the public list (the page's query has as many
/// places).
const PAGE_SIZE: usize = 20;
const _: () = assert!(PAGE_SIZE == 20);
/// A hand-made mask list is short: phrases, not a rewrite.
const MASKS_MAX: usize = 30;

/// The redacted question and answer of feedback row `r`, as the public
/// would read it. What is known of the sender (name, ID, tax code, phone,
/// e-mail) and the names of the unit's officers are masked wherever they
/// appear, then what the officer chose, then whatever looks personal.
async fn redacted(
    state: &AppState,
    r: &sqlx::any::AnyRow,
    by_hand: &[String],
) -> Result<Published, AppError> {
    let user_id: i64 = r.try_get("user_id")?;
    let unit_code: String = r.try_get("unit_code")?;
    let sender = sqlx::query(
        "SELECT full_name, personal_id, COALESCE(tax_code, '') AS tax_code, phone, email FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_one(&state.db.pool)
    .await?;
    let mut known: Vec<String> = ["full_name", "personal_id", "tax_code", "phone", "email"]
        .into_iter()
        .map(|c| sender.try_get::<String, _>(c))
        .collect::<Result<_, _>>()?;
    let officers: Vec<String> = sqlx::query_scalar(
        "SELECT u.full_name FROM unit_grants g JOIN users u ON u.id = g.user_id WHERE g.unit_code = $1",
    )
    .bind(&unit_code)
    .fetch_all(&state.db.pool)
    .await?;
    known.extend(officers);
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    let clean = |s: String| redact(&s, &known, by_hand);
    let procedure = r
        .try_get::<Option<String>, _>("procedure_code")?
        .unwrap_or_default();
    let (field, field_name) = state
        .catalogue()
        .get(&procedure)
        .map(|e| (e.summary.field.slug.clone(), e.summary.field.name.clone()))
        .unwrap_or_default();
    Ok(Published {
        code: r.try_get("code")?,
        kind: Kind::parse(&r.try_get::<String, _>("kind")?)
            .ok_or_else(|| anyhow::anyhow!("unknown feedback kind in the database"))?,
        title: clean(r.try_get("title")?),
        content: clean(r.try_get("content")?),
        answer: clean(r.try_get("answer")?),
        unit_code,
        unit: r.try_get("unit_name")?,
        field,
        field_name,
        procedure,
        received_at: r.try_get("received_at")?,
        answered_at: r.try_get::<Option<i64>, _>("answered_at")?.unwrap_or(0),
        published_at: state.clock.now_secs(),
    })
}

/// Whether feedback row `r` may be published by `user` now: the sender
/// agreed, it was answered (and not reopened since), it is not published
/// yet, and the officer may answer for the unit (a leader, where the
/// unit's answers need approval).
async fn check_publishable(
    state: &AppState,
    user: &CurrentUser,
    r: &sqlx::any::AnyRow,
    req: &PublishRequest,
) -> Result<(), AppError> {
    let who = officer_viewer(state, user, &r.try_get::<String, _>("unit_code")?).await?;
    let st = stored_state(r)?;
    let mut e = FieldErrors::default();
    if r.try_get::<i64, _>("publish")? == 0 {
        e.add("publish", app::feedback::reasons::NOT_AGREED);
    }
    if !matches!(st, FeedbackState::Answered | FeedbackState::Closed) || !who.may(Step::Answer) {
        e.add("step", app::lifecycle::reasons::NOT_ALLOWED_NOW);
    }
    if r.try_get::<Option<i64>, _>("published_at")?.is_some() {
        e.add("step", app::feedback::reasons::ALREADY_PUBLISHED);
    }
    if req.mask.len() > MASKS_MAX {
        e.add("mask", reasons::TOO_MANY);
    } else if req.mask.iter().any(|m| m.chars().count() > 200) {
        e.add("mask", reasons::TOO_LONG);
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(AppError::Conflict(e))
    }
}

/// Feedback `code` as the officer would publish it with these masks, and
/// its row; refused as `check_publishable` says.
async fn prepared(
    state: &AppState,
    user: &CurrentUser,
    code: &str,
    req: &PublishRequest,
) -> Result<(sqlx::any::AnyRow, Published), AppError> {
    let r = handled_row(state, user, code).await?;
    check_publishable(state, user, &r, req).await?;
    let p = redacted(state, &r, &req.mask).await?;
    Ok((r, p))
}

/// `POST /api/officer/feedback/{code}/preview`: exactly what the public
/// would read if it were published with these masks.
#[utoipa::path(post, path = "/officer/feedback/{code}/preview", tag = "feedback", security(("session" = [], "csrf" = [])), params(("code" = String, Path)), request_body = PublishRequest, responses((status = 200, body = Published), crate::contract::Errors))]
async fn preview(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<PublishRequest>,
) -> Result<Json<Published>, AppError> {
    Ok(Json(prepared(&state, &user, &code, &req).await?.1))
}

/// `POST /api/officer/feedback/{code}/publish`: publishes the question and
/// the answer as the preview showed them. The sender is told; the step is
/// kept in the history and the audit log.
#[utoipa::path(post, path = "/officer/feedback/{code}/publish", tag = "feedback", security(("session" = [], "csrf" = [])), params(("code" = String, Path)), request_body = PublishRequest, responses((status = 200, body = Published), crate::contract::Errors))]
async fn publish(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<PublishRequest>,
) -> Result<Json<Published>, AppError> {
    let (r, p) = prepared(&state, &user, &code, &req).await?;
    let id: i64 = r.try_get("id")?;
    let st = stored_state(&r)?;
    let mut tx = state.db.pool.begin().await?;
    let inserted = sqlx::query("INSERT INTO feedback_published (feedback_id, code, kind, unit_code, unit_name, field, field_name, procedure_code, title, content, answer, received_at, answered_at, published_at, published_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT DO NOTHING")
        .bind(id)
        .bind(&p.code)
        .bind(p.kind.as_str())
        .bind(&p.unit_code)
        .bind(&p.unit)
        .bind(&p.field)
        .bind(&p.field_name)
        .bind(&p.procedure)
        .bind(&p.title)
        .bind(&p.content)
        .bind(&p.answer)
        .bind(p.received_at)
        .bind(p.answered_at)
        .bind(p.published_at)
        .bind(user.user_id)
        .execute(&mut *tx)
        .await?;
    if inserted.rows_affected() == 0 {
        tx.rollback().await?;
        return Err(AppError::Conflict(FieldErrors::one(
            "step",
            app::feedback::reasons::ALREADY_PUBLISHED,
        )));
    }
    let unit: String = r.try_get("unit_name")?;
    sqlx::query("INSERT INTO feedback_events (feedback_id, at, from_state, state, action, actor_user_id, actor_unit) VALUES ($1, $2, $3, $3, 'publish', $4, $5)")
        .bind(id)
        .bind(p.published_at)
        .bind(st.code())
        .bind(user.user_id)
        .bind(&unit)
        .execute(&mut *tx)
        .await?;
    crate::dossiers::steps::audit(&mut tx, &user, None, "feedback_publish", &p.code, "").await?;
    let title: String = r.try_get("title")?;
    crate::notifications::notify_feedback(
        &mut tx,
        &state,
        crate::notifications::FeedbackChange {
            user_id: r.try_get("user_id")?,
            code: &p.code,
            title: &title,
            state: st,
            action: "publish",
            note: "",
            unit: &unit,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Json(p))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicQuery {
    /// Words, with or without diacritics.
    #[serde(default)]
    pub q: Option<String>,
    /// A unit's code.
    #[serde(default)]
    pub unit: Option<String>,
    /// A field's slug.
    #[serde(default)]
    pub field: Option<String>,
    /// A procedure's code.
    #[serde(default)]
    pub procedure: Option<String>,
    /// `report` or `proposal`.
    #[serde(default)]
    pub kind: Option<String>,
    /// From 1.
    #[serde(default)]
    pub page: Option<u32>,
}

/// `GET /api/feedback`: the published questions and answers, newest first,
/// or best match first for words; filtered by unit, field, procedure and
/// kind; twenty a page.
#[utoipa::path(get, path = "/feedback", tag = "feedback", params(PublicQuery), responses((status = 200, body = PublishedPage), crate::contract::Errors))]
async fn search(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PublicQuery>,
) -> Result<Json<PublishedPage>, AppError> {
    let page = q.page.unwrap_or(1);
    if page == 0 || page > 500 {
        return Err(AppError::invalid("page", reasons::UNKNOWN_VALUE));
    }
    if let Some(k) = q.kind.as_deref().filter(|k| !k.is_empty()) {
        if Kind::parse(k).is_none() {
            return Err(AppError::invalid("kind", reasons::UNKNOWN_VALUE));
        }
    }
    if q.q.as_deref().is_some_and(|t| t.chars().count() > 200) {
        return Err(AppError::invalid("q", reasons::TOO_LONG));
    }
    state.published.catch_up(&state.db).await?;
    let (total, seqs) = state.published.find(&q, page as usize)?;
    // One query for the page: twenty places, the unused bound to a seq
    // that never exists; the rows come back in the index's order.
    let mut q = sqlx::query(concat!(
        select_published!(),
        " WHERE seq IN ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)"
    ));
    for i in 0..PAGE_SIZE {
        q = q.bind(seqs.get(i).map_or(-1, |s| *s as i64));
    }
    let mut rows: Vec<(i64, Published)> = q
        .fetch_all(&state.db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get::<i64, _>("seq")?, published_of(r)?)))
        .collect::<anyhow::Result<_>>()?;
    rows.sort_by_key(|(seq, _)| seqs.iter().position(|s| *s as i64 == *seq));
    let items = rows.into_iter().map(|(_, p)| p).collect();
    Ok(Json(PublishedPage { total, items }))
}

/// `GET /api/feedback/{code}`: one published question and its answer.
#[utoipa::path(get, path = "/feedback/{code}", tag = "feedback", params(("code" = String, Path, description = "PAKN.YYYYMMDD.NNNN")), responses((status = 200, body = Published), crate::contract::Errors))]
async fn read(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<Published>, AppError> {
    let r = sqlx::query(concat!(select_published!(), " WHERE code = $1"))
        .bind(code.trim().to_uppercase())
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(published_of(&r)?))
}

/// What the public reads comes only from the published copy.
macro_rules! select_published {
    () => {
        "SELECT seq, code, kind, unit_code, unit_name, field, field_name, procedure_code, title, content, answer, received_at, answered_at, published_at FROM feedback_published"
    };
}
use select_published;

fn published_of(r: &sqlx::any::AnyRow) -> anyhow::Result<Published> {
    Ok(Published {
        code: r.try_get("code")?,
        kind: Kind::parse(&r.try_get::<String, _>("kind")?)
            .ok_or_else(|| anyhow::anyhow!("unknown feedback kind in the database"))?,
        title: r.try_get("title")?,
        content: r.try_get("content")?,
        answer: r.try_get("answer")?,
        unit_code: r.try_get("unit_code")?,
        unit: r.try_get("unit_name")?,
        field: r.try_get("field")?,
        field_name: r.try_get("field_name")?,
        procedure: r.try_get("procedure_code")?,
        received_at: r.try_get("received_at")?,
        answered_at: r.try_get("answered_at")?,
        published_at: r.try_get("published_at")?,
    })
}

/// The search index of what was published: folded text as the catalogue
/// folds it, and the filters as exact terms. It lives in memory and takes
/// in what was published since it last looked, so every server of a
/// PostgreSQL deployment finds what any of them published.
pub struct PublishedIndex {
    index: Index,
    reader: IndexReader,
    /// The highest `seq` taken in.
    taken: Mutex<i64>,
    /// Serialises catching up.
    writing: tokio::sync::Mutex<()>,
    f: Fields,
}

#[derive(Clone, Copy)]
struct Fields {
    title: Field,
    text: Field,
    unit: Field,
    field: Field,
    procedure: Field,
    kind: Field,
}

impl PublishedIndex {
    pub fn new() -> anyhow::Result<PublishedIndex> {
        let mut sb = Schema::builder();
        sb.add_u64_field("seq", FAST);
        let f = Fields {
            title: sb.add_text_field("title", TEXT),
            text: sb.add_text_field("text", TEXT),
            unit: sb.add_text_field("unit", STRING),
            field: sb.add_text_field("field", STRING),
            procedure: sb.add_text_field("procedure", STRING),
            kind: sb.add_text_field("kind", STRING),
        };
        let index = Index::create_in_ram(sb.build());
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()?;
        Ok(PublishedIndex {
            index,
            reader,
            taken: Mutex::new(0),
            writing: tokio::sync::Mutex::new(()),
            f,
        })
    }

    fn taken(&self) -> i64 {
        *self.taken.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes in what was published since the last look (nothing to do is
    /// one indexed query).
    pub async fn catch_up(&self, db: &crate::db::Db) -> anyhow::Result<()> {
        let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM feedback_published")
            .fetch_one(&db.pool)
            .await?;
        if newest.unwrap_or(0) <= self.taken() {
            return Ok(());
        }
        let _one = self.writing.lock().await;
        let from = self.taken();
        let mut writer: tantivy::IndexWriter<TantivyDocument> =
            self.index.writer_with_num_threads(1, 50_000_000)?;
        let seq_field = self.index.schema().get_field("seq")?;
        let mut last = from;
        // In batches: the whole archive at start would otherwise be held
        // in memory as rows at once (100,000 items: about 100 MB).
        loop {
            let rows = sqlx::query(concat!(
                select_published!(),
                " WHERE seq > $1 ORDER BY seq LIMIT 2000"
            ))
            .bind(last)
            .fetch_all(&db.pool)
            .await?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                let p = published_of(r)?;
                let seq: i64 = r.try_get("seq")?;
                let mut doc = TantivyDocument::default();
                doc.add_u64(seq_field, seq as u64);
                doc.add_text(self.f.title, app::text::fold(&p.title));
                doc.add_text(
                    self.f.text,
                    app::text::fold(&format!(
                        "{} {} {} {}",
                        p.content, p.answer, p.unit, p.field_name
                    )),
                );
                doc.add_text(self.f.unit, &p.unit_code);
                doc.add_text(self.f.field, &p.field);
                doc.add_text(self.f.procedure, &p.procedure);
                doc.add_text(self.f.kind, p.kind.as_str());
                writer.add_document(doc)?;
                last = seq;
            }
        }
        if last == from {
            return Ok(());
        }
        // A handful of items once the index has caught up at start.
        writer.commit()?;
        self.reader.reload()?;
        *self.taken.lock().unwrap_or_else(|e| e.into_inner()) = last;
        Ok(())
    }

    /// How many match, and the `seq` of those on `page`.
    fn find(&self, q: &PublicQuery, page: usize) -> anyhow::Result<(u64, Vec<u64>)> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let exact = |field: Field, v: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ))
        };
        for (field, v) in [
            (self.f.unit, &q.unit),
            (self.f.field, &q.field),
            (self.f.procedure, &q.procedure),
            (self.f.kind, &q.kind),
        ] {
            if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                clauses.push((Occur::Must, exact(field, v)));
            }
        }
        let words = q.q.as_deref().map(tokens).unwrap_or_default();
        for w in &words {
            let mut any: Vec<(Occur, Box<dyn Query>)> = vec![
                (
                    Occur::Should,
                    Box::new(tantivy::query::BoostQuery::new(exact(self.f.title, w), 3.0)),
                ),
                (Occur::Should, exact(self.f.text, w)),
            ];
            if w.chars().count() >= 4 {
                any.push((
                    Occur::Should,
                    Box::new(FuzzyTermQuery::new(
                        Term::from_field_text(self.f.title, w),
                        1,
                        true,
                    )),
                ));
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        let query: Box<dyn Query> = if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        };
        let searcher = self.reader.searcher();
        let top = TopDocs::with_limit(PAGE_SIZE).and_offset((page - 1) * PAGE_SIZE);
        let (total, addrs): (usize, Vec<DocAddress>) = if words.is_empty() {
            let (n, hits) =
                searcher.search(&query, &(Count, top.order_by_u64_field("seq", Order::Desc)))?;
            (n, hits.into_iter().map(|(_, a)| a).collect())
        } else {
            let (n, hits) = searcher.search(&query, &(Count, top.order_by_score()))?;
            (n, hits.into_iter().map(|(_, a)| a).collect())
        };
        let seqs = addrs
            .into_iter()
            .map(|a| seq_of(&searcher, a))
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok((total as u64, seqs))
    }
}

fn seq_of(searcher: &Searcher, a: DocAddress) -> anyhow::Result<u64> {
    searcher
        .segment_reader(a.segment_ord)
        .fast_fields()
        .u64("seq")?
        .first(a.doc_id)
        .ok_or_else(|| anyhow::anyhow!("a published item without its seq"))
}
