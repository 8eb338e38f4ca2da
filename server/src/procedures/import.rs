//! Reads the shipped copy of the national catalogue (CSV list plus JSONL detail) into import records.

use app::procedures::{Channel, ChannelKind, DossierCase, GovLevel, ResultDoc};
use app::text::fold;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

/// One procedure as read from the data files, before it has database ids.
#[derive(Debug, Clone)]
pub struct ImportRecord {
    pub code: String,
    pub name: String,
    pub field: String,
    pub levels: Vec<GovLevel>,
    pub subjects: Vec<String>,
    pub procedure_type: String,
    pub decision_no: String,
    pub issuing_body: String,
    pub agency: String,
    pub competent_authority: String,
    pub receiving_address: String,
    pub channels: Vec<Channel>,
    pub dossier: Vec<DossierCase>,
    pub steps: String,
    pub requirements: String,
    pub legal_basis: String,
    pub results: Vec<ResultDoc>,
    pub has_detail: bool,
    pub national_url: String,
    pub source: String,
}

#[derive(Deserialize)]
struct CsvRow {
    code: String,
    name: String,
    levels: String,
    field: String,
    issuing_body: String,
    implementing_agency: String,
    competent_authority: String,
    procedure_type: String,
    decision_no: String,
    subjects: String,
    channels: String,
    processing_times: String,
    fees: String,
    detail_url: String,
    source: String,
}

#[derive(Deserialize)]
struct JsonChannel {
    channel: String,
    #[serde(default)]
    time: String,
    #[serde(default)]
    fee: String,
    #[serde(default)]
    fee_and_description: String,
}

#[derive(Deserialize)]
struct JsonRecord {
    code: String,
    #[serde(default)]
    implementing_agency: String,
    #[serde(default)]
    implementing_agencies_list: Vec<String>,
    #[serde(default)]
    competent_authority: String,
    #[serde(default)]
    receiving_address: String,
    #[serde(default)]
    steps: String,
    #[serde(default)]
    submission_channels: Vec<JsonChannel>,
    #[serde(default)]
    dossier: Vec<DossierCase>,
    #[serde(default)]
    requirements: String,
    #[serde(default)]
    legal_basis_raw: String,
    #[serde(default)]
    results: Vec<ResultDoc>,
}

/// Collapses runs of white space, which the crawled text is full of.
pub fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Keeps line breaks (steps are lists) but tidies each line.
fn tidy_lines(s: &str) -> String {
    s.lines()
        .map(tidy)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// An agency name without the trailing punctuation the crawl left on some.
fn agency_name(s: &str) -> String {
    tidy(s)
        .trim_end_matches(['.', ';', ',', ':'])
        .trim()
        .to_owned()
}

fn split_pipe(s: &str) -> Vec<String> {
    s.split('|').map(tidy).filter(|x| !x.is_empty()).collect()
}

/// Reads `catalogue/procedures_catalog.csv` and `catalogue/procedures_province_commune.jsonl` under `data_dir`.
pub fn read_catalogue(data_dir: &Path) -> anyhow::Result<Vec<ImportRecord>> {
    let dir = data_dir.join("catalogue");
    let jsonl =
        std::fs::read_to_string(dir.join("procedures_province_commune.jsonl")).map_err(|e| {
            anyhow::anyhow!(
                "reading {}: {e}",
                dir.join("procedures_province_commune.jsonl").display()
            )
        })?;
    let mut details: HashMap<String, JsonRecord> = HashMap::new();
    for (i, line) in jsonl
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let r: JsonRecord = serde_json::from_str(line)
            .map_err(|e| anyhow::anyhow!("detail line {}: {e}", i + 1))?;
        details.insert(r.code.clone(), r);
    }
    let mut rdr = csv::Reader::from_path(dir.join("procedures_catalog.csv"))?;
    let mut out = Vec::new();
    for row in rdr.deserialize::<CsvRow>() {
        let row = row?;
        let detail = details.remove(&row.code);
        out.push(merge(row, detail));
    }
    Ok(out)
}

fn merge(row: CsvRow, detail: Option<JsonRecord>) -> ImportRecord {
    let levels: Vec<GovLevel> = split_pipe(&row.levels)
        .iter()
        .filter_map(|l| GovLevel::from_catalogue(l))
        .collect();
    let has_detail = detail.is_some();
    let d = detail.unwrap_or(JsonRecord {
        code: row.code.clone(),
        implementing_agency: String::new(),
        implementing_agencies_list: vec![],
        competent_authority: String::new(),
        receiving_address: String::new(),
        steps: String::new(),
        submission_channels: vec![],
        dossier: vec![],
        requirements: String::new(),
        legal_basis_raw: String::new(),
        results: vec![],
    });
    let channels = if d.submission_channels.is_empty() {
        // Without the full record the list gives channel names and the
        // distinct times and fees, which then apply to every channel.
        split_pipe(&row.channels)
            .iter()
            .filter_map(|c| ChannelKind::from_catalogue(c))
            .map(|kind| Channel {
                kind,
                time_limit: tidy(&row.processing_times),
                limit: None,
                fee: tidy(&row.fees),
                fee_note: String::new(),
            })
            .collect()
    } else {
        d.submission_channels
            .iter()
            .filter_map(|c| {
                Some(Channel {
                    kind: ChannelKind::from_catalogue(&c.channel)?,
                    time_limit: tidy(&c.time),
                    limit: None,
                    fee: tidy(&c.fee),
                    fee_note: tidy(&c.fee_and_description),
                })
            })
            .collect()
    };
    let agency = [
        d.implementing_agency.as_str(),
        d.implementing_agencies_list
            .first()
            .map(String::as_str)
            .unwrap_or(""),
        &row.implementing_agency,
        &row.competent_authority,
        &d.competent_authority,
    ]
    .into_iter()
    .map(agency_name)
    .find(|s| !s.is_empty())
    .unwrap_or_else(|| "Cơ quan có thẩm quyền theo quy định".to_owned());
    let competent = [d.competent_authority.as_str(), &row.competent_authority]
        .into_iter()
        .map(agency_name)
        .find(|s| !s.is_empty())
        .unwrap_or_default();
    let dossier = d
        .dossier
        .into_iter()
        .map(|c| DossierCase {
            case: tidy(&c.case),
            note: tidy(&c.note),
            documents: c
                .documents
                .into_iter()
                .map(|mut doc| {
                    doc.name = tidy(&doc.name);
                    doc
                })
                .filter(|doc| doc.name.chars().any(char::is_alphanumeric))
                .collect(),
        })
        .collect();
    ImportRecord {
        code: tidy(&row.code),
        name: tidy(&row.name),
        field: Some(tidy(&row.field))
            .filter(|f| !f.is_empty())
            .unwrap_or_else(|| "Khác".to_owned()),
        levels: if levels.is_empty() {
            vec![GovLevel::Other]
        } else {
            levels
        },
        subjects: split_pipe(&row.subjects),
        procedure_type: tidy(&row.procedure_type),
        decision_no: tidy(&row.decision_no),
        issuing_body: tidy(&row.issuing_body),
        agency,
        competent_authority: competent,
        receiving_address: tidy(&d.receiving_address),
        channels,
        dossier,
        steps: tidy_lines(&d.steps),
        requirements: tidy_lines(&d.requirements),
        legal_basis: tidy(&d.legal_basis_raw),
        results: d.results,
        has_detail,
        national_url: row.detail_url,
        source: row.source,
    }
}

/// A province of the 2025 list, for placing agencies.
#[derive(Debug, Clone, Deserialize)]
pub struct Province {
    pub province_code: String,
    pub short_name: String,
}

/// Reads `places/provinces_2025.csv`.
pub fn read_provinces(data_dir: &Path) -> anyhow::Result<Vec<Province>> {
    let mut rdr = csv::Reader::from_path(data_dir.join("places").join("provinces_2025.csv"))?;
    Ok(rdr.deserialize().collect::<Result<_, _>>()?)
}

/// The level of an agency from its name, falling back to the procedure's level.
pub fn agency_level(name: &str, fallback: &[GovLevel]) -> GovLevel {
    let f = fold(name);
    let has = |m: &str| f.contains(m);
    if has("cap xa")
        || f.starts_with("uy ban nhan dan xa")
        || f.starts_with("cong an xa")
        || has("phuong")
    {
        GovLevel::Commune
    } else if has("cap tinh") || f.starts_with("so ") || has("tinh") || has("thanh pho") {
        GovLevel::Province
    } else if f.starts_with("bo ")
        || f.starts_with("cuc ")
        || f.starts_with("tong cuc")
        || has("trung uong")
        || has("viet nam")
        || has("chinh phu")
    {
        GovLevel::Ministry
    } else {
        fallback.first().copied().unwrap_or(GovLevel::Other)
    }
}

/// The province an agency belongs to, when its name says so.
pub fn agency_province(name: &str, provinces: &[Province]) -> Option<String> {
    let f = format!(" {} ", fold(name));
    provinces
        .iter()
        .find(|p| f.contains(&format!(" {} ", fold(&p.short_name))))
        .map(|p| p.province_code.clone())
}

/// Starting weights for "most used" (`popular.tsv`: code, weight).
pub fn read_popularity(data_dir: &Path) -> HashMap<String, i64> {
    let text = std::fs::read_to_string(data_dir.join("popular.tsv")).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (code, w) = l.split_once('\t')?;
            Some((code.trim().to_owned(), w.trim().parse().ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_levels_follow_their_names() {
        assert_eq!(
            agency_level("Ủy ban nhân dân cấp xã", &[]),
            GovLevel::Commune
        );
        assert_eq!(agency_level("Sở Tư pháp", &[]), GovLevel::Province);
        assert_eq!(
            agency_level("Cục Đăng kiểm Việt Nam", &[]),
            GovLevel::Ministry
        );
        assert_eq!(
            agency_level("Chi cục Hải quan khu vực", &[GovLevel::Commune]),
            GovLevel::Commune
        );
    }

    #[test]
    fn agencies_are_placed_in_their_province() {
        let p = vec![
            Province {
                province_code: "01".into(),
                short_name: "Hà Nội".into(),
            },
            Province {
                province_code: "79".into(),
                short_name: "Hồ Chí Minh".into(),
            },
        ];
        assert_eq!(
            agency_province("Sở Nông nghiệp và Môi trường Thành phố Hà Nội", &p).as_deref(),
            Some("01")
        );
        assert_eq!(agency_province("Sở Tư pháp", &p), None);
    }
}
