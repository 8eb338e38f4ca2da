//! SQL for the catalogue: the first-start import, loading for search, detail reads and corrections.

use super::catalogue::Entry;
use super::import::{self, ImportRecord};
use crate::db::Db;
use app::procedures::{
    classify_service_level, subject_kinds, AgencyRef, Channel, DossierCase, FieldRef, GovLevel,
    ProcedureDetail, ProcedureSummary, ResultDoc, ServiceLevel, SubjectKind,
};
use app::text::slug;
use sqlx::Row;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::AtomicI64;

/// Imports the shipped catalogue when the database has none. Returns how many were imported.
pub async fn import_if_empty(db: &Db, data_dir: &Path) -> anyhow::Result<usize> {
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM procedures")
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    if n > 0 {
        return Ok(0);
    }
    let records = import::read_catalogue(data_dir)?;
    let provinces = import::read_provinces(data_dir)?;
    let popularity = import::read_popularity(data_dir);
    import_records(db, &records, &provinces, &popularity).await?;
    Ok(records.len())
}

/// Writes records in one transaction: all of the catalogue or none of it.
pub async fn import_records(
    db: &Db,
    records: &[ImportRecord],
    provinces: &[import::Province],
    popularity: &HashMap<String, i64>,
) -> anyhow::Result<()> {
    let mut tx = db.pool.begin().await?;
    let mut agency_ids: HashMap<String, i64> = HashMap::new();
    let mut field_slugs: HashMap<String, String> = HashMap::new();
    for r in records {
        for name in [&r.agency, &r.competent_authority] {
            if name.is_empty() || agency_ids.contains_key(name) {
                continue;
            }
            let level = import::agency_level(name, &r.levels);
            let province = import::agency_province(name, provinces);
            let id: i64 = sqlx::query("INSERT INTO agencies (name, level, province_code) VALUES ($1, $2, $3) RETURNING id")
                .bind(name.as_str())
                .bind(level.as_str())
                .bind(province)
                .fetch_one(&mut *tx)
                .await?
                .try_get("id")?;
            agency_ids.insert(name.clone(), id);
        }
        if !field_slugs.contains_key(&r.field) {
            // Names that differ only in case or tone marks ("Hộ tịch",
            // "Hộ Tịch") are one field: the first spelling is kept.
            let s = slug(&r.field);
            if !field_slugs.values().any(|v| *v == s) {
                sqlx::query("INSERT INTO fields (slug, name) VALUES ($1, $2)")
                    .bind(&s)
                    .bind(&r.field)
                    .execute(&mut *tx)
                    .await?;
            }
            field_slugs.insert(r.field.clone(), s);
        }
    }
    for r in records {
        let kinds: Vec<_> = r.channels.iter().map(|c| c.kind).collect();
        let level = classify_service_level(&kinds, &r.steps, &r.requirements);
        sqlx::query(
            "INSERT INTO procedures (code, name, field_slug, levels, subjects, subject_kinds, procedure_type, decision_no, issuing_body, \
             agency_id, competent_agency_id, receiving_address, channels, dossier, steps, requirements, legal_basis, results, has_detail, \
             national_url, source, service_level, service_level_source, popularity) \
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,'rule',$23)",
        )
        .bind(&r.code)
        .bind(&r.name)
        .bind(&field_slugs[&r.field])
        .bind(r.levels.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(","))
        .bind(serde_json::to_string(&r.subjects)?)
        .bind(subject_kinds(&r.subjects).iter().map(|k| k.as_str()).collect::<Vec<_>>().join(","))
        .bind(&r.procedure_type)
        .bind(&r.decision_no)
        .bind(&r.issuing_body)
        .bind(agency_ids[&r.agency])
        .bind(agency_ids.get(&r.competent_authority).copied())
        .bind(&r.receiving_address)
        .bind(serde_json::to_string(&r.channels)?)
        .bind(serde_json::to_string(&r.dossier)?)
        .bind(&r.steps)
        .bind(&r.requirements)
        .bind(&r.legal_basis)
        .bind(serde_json::to_string(&r.results)?)
        .bind(i64::from(r.has_detail))
        .bind(&r.national_url)
        .bind(&r.source)
        .bind(level.as_str())
        .bind(popularity.get(&r.code).copied().unwrap_or(0))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The columns every summary needs; a macro so queries stay `&'static str`.
macro_rules! summary_columns {
    () => {
        "p.id, p.code, p.name, p.field_slug, f.name AS field_name, p.levels, p.subject_kinds, p.service_level, p.required_loa, \
     p.channels, p.popularity + p.views AS popularity, a.id AS agency_id, a.name AS agency_name, a.level AS agency_level, \
     a.province_code AS agency_province"
    };
}

fn parse_list<T>(s: &str, f: fn(&str) -> Option<T>) -> Vec<T> {
    s.split(',').filter_map(f).collect()
}

fn agency_from(row: &sqlx::any::AnyRow, prefix: &str) -> anyhow::Result<AgencyRef> {
    Ok(AgencyRef {
        id: row.try_get(format!("{prefix}_id").as_str())?,
        name: row.try_get(format!("{prefix}_name").as_str())?,
        level: GovLevel::parse(&row.try_get::<String, _>(format!("{prefix}_level").as_str())?)
            .unwrap_or(GovLevel::Other),
        province_code: row.try_get(format!("{prefix}_province").as_str())?,
    })
}

fn summary_from(row: &sqlx::any::AnyRow) -> anyhow::Result<(ProcedureSummary, Vec<Channel>)> {
    let mut channels: Vec<Channel> = serde_json::from_str(&row.try_get::<String, _>("channels")?)?;
    // Read at load, not at import, so a database imported earlier shows it too.
    for c in &mut channels {
        c.limit = app::procedures::Limit::parse(&c.time_limit);
    }
    // The shortest stated time over the channels, and the first fee, as a summary.
    let time_limit = channels
        .iter()
        .map(|c| c.time_limit.as_str())
        .find(|t| !t.is_empty())
        .unwrap_or("")
        .to_owned();
    let fee = channels
        .iter()
        .map(|c| c.fee.as_str())
        .find(|t| !t.is_empty())
        .unwrap_or("")
        .to_owned();
    let summary = ProcedureSummary {
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        field: FieldRef {
            slug: row.try_get("field_slug")?,
            name: row.try_get("field_name")?,
        },
        levels: parse_list(&row.try_get::<String, _>("levels")?, GovLevel::parse),
        subject_kinds: parse_list(
            &row.try_get::<String, _>("subject_kinds")?,
            SubjectKind::parse,
        ),
        service_level: ServiceLevel::parse(&row.try_get::<String, _>("service_level")?)
            .unwrap_or(ServiceLevel::None),
        agency: agency_from(row, "agency")?,
        time_limit,
        fee,
        required_loa: u8::try_from(row.try_get::<i64, _>("required_loa")?)?,
    };
    Ok((summary, channels))
}

/// Loads every procedure with the text the search index needs.
pub async fn load_entries(db: &Db) -> anyhow::Result<Vec<Entry>> {
    let sql = concat!(
        "SELECT ",
        summary_columns!(),
        ", p.dossier, p.steps, p.requirements, p.results FROM procedures p \
         JOIN fields f ON f.slug = p.field_slug JOIN agencies a ON a.id = p.agency_id ORDER BY p.code"
    );
    let rows = sqlx::query(sql).fetch_all(&db.pool).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let (summary, _) = summary_from(row)?;
        let dossier: Vec<DossierCase> =
            serde_json::from_str(&row.try_get::<String, _>("dossier")?)?;
        let results: Vec<ResultDoc> = serde_json::from_str(&row.try_get::<String, _>("results")?)?;
        let about = format!(
            "{} {} {}",
            summary.field.name,
            summary.agency.name,
            results
                .iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        );
        let mut body = String::new();
        for c in &dossier {
            body.push_str(&c.case);
            body.push(' ');
            for d in &c.documents {
                body.push_str(&d.name);
                body.push(' ');
            }
        }
        body.push_str(&row.try_get::<String, _>("steps")?);
        body.push(' ');
        body.push_str(&row.try_get::<String, _>("requirements")?);
        out.push(Entry {
            id: row.try_get("id")?,
            popularity: AtomicI64::new(row.try_get("popularity")?),
            summary,
            about,
            body,
        });
    }
    Ok(out)
}

/// The full record of one procedure.
pub async fn load_detail(db: &Db, code: &str) -> anyhow::Result<Option<ProcedureDetail>> {
    let sql = concat!(
        "SELECT ",
        summary_columns!(),
        ", p.subjects, p.procedure_type, p.decision_no, p.issuing_body, p.receiving_address, p.dossier, \
         p.steps, p.requirements, p.legal_basis, p.results, p.has_detail, p.national_url, p.service_level_source, \
         c.id AS competent_id, c.name AS competent_name, c.level AS competent_level, c.province_code AS competent_province \
         FROM procedures p JOIN fields f ON f.slug = p.field_slug JOIN agencies a ON a.id = p.agency_id \
         LEFT JOIN agencies c ON c.id = p.competent_agency_id WHERE p.code = $1"
    );
    let Some(row) = sqlx::query(sql).bind(code).fetch_optional(&db.pool).await? else {
        return Ok(None);
    };
    let (summary, channels) = summary_from(&row)?;
    let competent_id: Option<i64> = row.try_get("competent_id")?;
    Ok(Some(ProcedureDetail {
        summary,
        subjects: serde_json::from_str(&row.try_get::<String, _>("subjects")?)?,
        procedure_type: row.try_get("procedure_type")?,
        decision_no: row.try_get("decision_no")?,
        issuing_body: row.try_get("issuing_body")?,
        competent_authority: match competent_id {
            Some(_) => Some(agency_from(&row, "competent")?),
            None => None,
        },
        receiving_address: row.try_get("receiving_address")?,
        channels,
        dossier: serde_json::from_str(&row.try_get::<String, _>("dossier")?)?,
        steps: row.try_get("steps")?,
        requirements: row.try_get("requirements")?,
        // Split at load, so a database imported earlier reads the same.
        legal_basis: super::legal::one_per_line(&row.try_get::<String, _>("legal_basis")?),
        results: serde_json::from_str(&row.try_get::<String, _>("results")?)?,
        has_detail: row.try_get::<i64, _>("has_detail")? != 0,
        national_url: row.try_get("national_url")?,
        service_level_source: row.try_get("service_level_source")?,
    }))
}

/// An administrator's correction of the seeded service level. The import
/// never runs over existing rows, so a correction is kept; the version bump
/// tells every server to rebuild its index.
pub async fn set_service_level(db: &Db, code: &str, level: ServiceLevel) -> anyhow::Result<bool> {
    let mut tx = db.pool.begin().await?;
    let r = sqlx::query(
        "UPDATE procedures SET service_level = $1, service_level_source = 'admin' WHERE code = $2",
    )
    .bind(level.as_str())
    .bind(code)
    .execute(&mut *tx)
    .await?;
    bump_catalogue_version(&mut tx).await?;
    tx.commit().await?;
    Ok(r.rows_affected() > 0)
}

/// Sets the identity level (1 or 2) a procedure needs; the search index
/// follows through the change counter. Whether the procedure exists.
pub async fn set_required_loa(db: &Db, code: &str, loa: u8) -> anyhow::Result<bool> {
    let mut tx = db.pool.begin().await?;
    let r = sqlx::query("UPDATE procedures SET required_loa = $1 WHERE code = $2")
        .bind(i64::from(loa))
        .bind(code)
        .execute(&mut *tx)
        .await?;
    bump_catalogue_version(&mut tx).await?;
    tx.commit().await?;
    Ok(r.rows_affected() > 0)
}

/// Raises the change counter in the same transaction as a change, so every
/// server rebuilds its index exactly when the change is visible.
async fn bump_catalogue_version(tx: &mut sqlx::Transaction<'_, sqlx::Any>) -> anyhow::Result<()> {
    sqlx::query("UPDATE catalogue_meta SET version = version + 1 WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The catalogue's change counter.
pub async fn catalogue_version(db: &Db) -> anyhow::Result<i64> {
    Ok(
        sqlx::query("SELECT version FROM catalogue_meta WHERE id = 1")
            .fetch_one(&db.pool)
            .await?
            .try_get("version")?,
    )
}
