//! The catalogue held in memory for search: summaries, filter values, facet counting and paging.

use super::index::{IndexDoc, SearchIndex};
use super::synonyms::Synonyms;
use app::error::{reasons, FieldErrors};
use app::procedures::{AgencyRef, FieldRef, GovLevel, ProcedureSummary, ServiceLevel, SubjectKind};
use app::search::{FacetValue, Facets, SearchQuery, SearchResponse, Sort};
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};

/// A procedure as the catalogue keeps it for search.
pub struct Entry {
    pub id: i64,
    pub summary: ProcedureSummary,
    /// Short descriptive text (field, agency, results) for the index.
    pub about: String,
    /// Long text (steps, documents, conditions) for the index.
    pub body: String,
    /// Seed weight plus views; grows as people use the portal.
    pub popularity: AtomicI64,
}

/// Filter values of one entry, as small numbers for fast counting.
struct Keys {
    subjects: u8,
    levels: u8,
    field: u32,
    agency: u32,
    service_level: u8,
}

/// The five filters, as bit positions in a "which filters fail" mask.
const F_SUBJECT: u8 = 1;
const F_FIELD: u8 = 2;
const F_SERVICE: u8 = 4;
const F_LEVEL: u8 = 8;
const F_AGENCY: u8 = 16;

pub struct Catalogue {
    entries: Vec<Entry>,
    keys: Vec<Keys>,
    by_code: HashMap<String, u32>,
    fields: Vec<FieldRef>,
    field_by_slug: HashMap<String, u32>,
    agencies: Vec<AgencyRef>,
    agency_by_id: HashMap<i64, u32>,
    /// Each entry's place in alphabetical order.
    name_rank: Vec<u32>,
    index: SearchIndex,
    synonyms: Synonyms,
    /// Answers already given from this build (dropped with it).
    pub answers: super::answers::Answers,
}

fn bit_of_subject(s: SubjectKind) -> u8 {
    1 << (SubjectKind::ALL.iter().position(|x| *x == s).unwrap_or(0) as u8)
}
fn bit_of_level(l: GovLevel) -> u8 {
    1 << (GovLevel::ALL.iter().position(|x| *x == l).unwrap_or(0) as u8)
}
fn service_index(s: ServiceLevel) -> u8 {
    ServiceLevel::ALL.iter().position(|x| *x == s).unwrap_or(0) as u8
}

impl Catalogue {
    /// Builds the catalogue and its search index from entries.
    pub fn build(entries: Vec<Entry>, synonyms: Synonyms) -> anyhow::Result<Catalogue> {
        let mut fields: Vec<FieldRef> = Vec::new();
        let mut field_by_slug = HashMap::new();
        let mut agencies: Vec<AgencyRef> = Vec::new();
        let mut agency_by_id = HashMap::new();
        let mut keys = Vec::with_capacity(entries.len());
        let mut by_code = HashMap::with_capacity(entries.len());
        for (pos, e) in entries.iter().enumerate() {
            let s = &e.summary;
            let field = *field_by_slug
                .entry(s.field.slug.clone())
                .or_insert_with(|| {
                    fields.push(s.field.clone());
                    (fields.len() - 1) as u32
                });
            let agency = *agency_by_id.entry(s.agency.id).or_insert_with(|| {
                agencies.push(s.agency.clone());
                (agencies.len() - 1) as u32
            });
            keys.push(Keys {
                subjects: s
                    .subject_kinds
                    .iter()
                    .fold(0, |m, k| m | bit_of_subject(*k)),
                levels: s.levels.iter().fold(0, |m, l| m | bit_of_level(*l)),
                field,
                agency,
                service_level: service_index(s.service_level),
            });
            by_code.insert(s.code.clone(), pos as u32);
        }
        let mut by_name: Vec<u32> = (0..entries.len() as u32).collect();
        let name_keys: Vec<String> = entries
            .iter()
            .map(|e| app::text::fold(&e.summary.name))
            .collect();
        by_name.sort_by(|a, b| name_keys[*a as usize].cmp(&name_keys[*b as usize]));
        let mut name_rank = vec![0u32; entries.len()];
        for (rank, pos) in by_name.iter().enumerate() {
            name_rank[*pos as usize] = rank as u32;
        }
        let index = SearchIndex::build(entries.iter().enumerate().map(|(pos, e)| IndexDoc {
            pos: pos as u32,
            code: &e.summary.code,
            name: &e.summary.name,
            about: e.about.clone(),
            body: e.body.clone(),
        }))?;
        Ok(Catalogue {
            entries,
            keys,
            by_code,
            fields,
            field_by_slug,
            agencies,
            agency_by_id,
            name_rank,
            index,
            synonyms,
            answers: Default::default(),
        })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Every procedure, in the catalogue's order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Whether a field (lĩnh vực) of this slug has procedures.
    pub fn has_field(&self, slug: &str) -> bool {
        self.field_by_slug.contains_key(slug)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry for a catalogue code.
    pub fn get(&self, code: &str) -> Option<&Entry> {
        self.by_code.get(code).map(|p| &self.entries[*p as usize])
    }

    /// Counts a view towards "most used".
    pub fn record_view(&self, code: &str) {
        if let Some(e) = self.get(code) {
            e.popularity.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Runs a validated query: text match, filters, facet counts, order and page.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResponse, SearchError> {
        // Filters naming things the catalogue does not have are the caller's mistake.
        let mut bad = FieldErrors::default();
        let field = q.field.as_ref().map(|f| self.field_by_slug.get(f).copied());
        if matches!(field, Some(None)) {
            bad.add("field", reasons::UNKNOWN_VALUE);
        }
        let agency = q.agency.map(|a| self.agency_by_id.get(&a).copied());
        if matches!(agency, Some(None)) {
            bad.add("agency", reasons::UNKNOWN_VALUE);
        }
        if !bad.is_empty() {
            return Err(SearchError::Invalid(bad));
        }
        let (field, agency) = (field.flatten(), agency.flatten());

        let text = app::text::fold(&q.q);
        let (hits, expanded) = if text.is_empty() && !app::procedures::looks_like_code(&q.q) {
            (
                (0..self.entries.len() as u32)
                    .map(|p| (p, 0.0))
                    .collect::<Vec<_>>(),
                Vec::new(),
            )
        } else {
            let m = self
                .index
                .search(&q.q, &self.synonyms)
                .map_err(SearchError::Internal)?;
            (m.hits, m.expanded)
        };

        let subject_bit = q.subject.map(bit_of_subject);
        let level_bit = q.level.map(bit_of_level);
        let service = q.service_level.map(service_index);
        let mut counts = Counts::new(self.fields.len(), self.agencies.len());
        let mut kept: Vec<(u32, f32)> = Vec::with_capacity(hits.len());
        for (pos, score) in hits {
            let k = &self.keys[pos as usize];
            let mut fails = 0u8;
            if subject_bit.is_some_and(|b| k.subjects & b == 0) {
                fails |= F_SUBJECT;
            }
            if field.is_some_and(|f| k.field != f) {
                fails |= F_FIELD;
            }
            if service.is_some_and(|s| k.service_level != s) {
                fails |= F_SERVICE;
            }
            if level_bit.is_some_and(|b| k.levels & b == 0) {
                fails |= F_LEVEL;
            }
            if agency.is_some_and(|a| k.agency != a) {
                fails |= F_AGENCY;
            }
            // A facet is counted with every other filter applied: a result
            // failing only the subject filter still counts under "subject".
            if fails == 0 || fails.count_ones() == 1 {
                counts.add(k, if fails == 0 { 0xff } else { fails });
            }
            if fails == 0 {
                kept.push((pos, score));
            }
        }

        let total = kept.len() as u64;
        let per_page = q.per_page.max(1);
        let pages = (total as u32).div_ceil(per_page).max(1);
        if q.page > pages {
            let mut e = FieldErrors::default();
            e.add("page", reasons::OUT_OF_RANGE);
            return Err(SearchError::Invalid(e));
        }
        let pop = |p: u32| self.entries[p as usize].popularity.load(Ordering::Relaxed);
        match q.effective_sort() {
            Sort::Relevance => kept.sort_by(|a, b| {
                b.1.total_cmp(&a.1)
                    .then_with(|| pop(b.0).cmp(&pop(a.0)))
                    .then(a.0.cmp(&b.0))
            }),
            Sort::Popular => kept.sort_by(|a, b| {
                pop(b.0)
                    .cmp(&pop(a.0))
                    .then_with(|| b.1.total_cmp(&a.1))
                    .then(a.0.cmp(&b.0))
            }),
            Sort::Name => kept.sort_by_key(|(p, _)| self.name_rank[*p as usize]),
        }
        let start = ((q.page - 1) * per_page) as usize;
        let items = kept
            .iter()
            .skip(start)
            .take(per_page as usize)
            .map(|(p, _)| self.entries[*p as usize].summary.clone())
            .collect();
        Ok(SearchResponse {
            total,
            page: q.page,
            per_page,
            pages,
            items,
            facets: counts.facets(self, q),
            expanded,
        })
    }
}

/// Why a search could not be answered.
#[derive(Debug)]
pub enum SearchError {
    Invalid(FieldErrors),
    Internal(anyhow::Error),
}

struct Counts {
    subject: [u64; 2],
    level: [u64; 4],
    service: [u64; 3],
    field: Vec<u64>,
    agency: Vec<u64>,
}

impl Counts {
    fn new(fields: usize, agencies: usize) -> Self {
        Counts {
            subject: [0; 2],
            level: [0; 4],
            service: [0; 3],
            field: vec![0; fields],
            agency: vec![0; agencies],
        }
    }

    /// Adds an entry to the facets named in `dims` (a mask of F_* bits).
    fn add(&mut self, k: &Keys, dims: u8) {
        if dims & F_SUBJECT != 0 {
            for (i, c) in self.subject.iter_mut().enumerate() {
                *c += u64::from(k.subjects >> i & 1);
            }
        }
        if dims & F_LEVEL != 0 {
            for (i, c) in self.level.iter_mut().enumerate() {
                *c += u64::from(k.levels >> i & 1);
            }
        }
        if dims & F_SERVICE != 0 {
            self.service[k.service_level as usize] += 1;
        }
        if dims & F_FIELD != 0 {
            self.field[k.field as usize] += 1;
        }
        if dims & F_AGENCY != 0 {
            self.agency[k.agency as usize] += 1;
        }
    }

    fn facets(self, cat: &Catalogue, q: &SearchQuery) -> Facets {
        let enum_facet = |values: Vec<(&str, u64)>, selected: Option<&str>| -> Vec<FacetValue> {
            values
                .into_iter()
                .filter(|(v, c)| *c > 0 || Some(*v) == selected)
                .map(|(v, c)| FacetValue {
                    value: v.to_owned(),
                    label: String::new(),
                    count: c,
                })
                .collect()
        };
        // Data facets: most results first, capped so the page stays light;
        // the selected value is always listed.
        let data_facet = |counts: &[u64],
                          label: &dyn Fn(usize) -> (String, String),
                          selected: Option<String>,
                          cap: usize| {
            let mut v: Vec<(usize, u64)> = counts
                .iter()
                .copied()
                .enumerate()
                .filter(|(_, c)| *c > 0)
                .collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let mut out: Vec<FacetValue> = v
                .into_iter()
                .take(cap)
                .map(|(i, c)| {
                    let (value, name) = label(i);
                    FacetValue {
                        value,
                        label: name,
                        count: c,
                    }
                })
                .collect();
            if let Some(sel) = selected {
                if !out.iter().any(|f| f.value == sel) {
                    if let Some(i) = (0..counts.len()).find(|i| label(*i).0 == sel) {
                        let (value, name) = label(i);
                        out.push(FacetValue {
                            value,
                            label: name,
                            count: counts[i],
                        });
                    }
                }
            }
            out
        };
        Facets {
            subject: enum_facet(
                SubjectKind::ALL
                    .iter()
                    .map(|s| s.as_str())
                    .zip(self.subject)
                    .collect(),
                q.subject.map(|s| s.as_str()),
            ),
            level: enum_facet(
                GovLevel::ALL
                    .iter()
                    .map(|s| s.as_str())
                    .zip(self.level)
                    .collect(),
                q.level.map(|s| s.as_str()),
            ),
            service_level: enum_facet(
                ServiceLevel::ALL
                    .iter()
                    .map(|s| s.as_str())
                    .zip(self.service)
                    .collect(),
                q.service_level.map(|s| s.as_str()),
            ),
            field: data_facet(
                &self.field,
                &|i| (cat.fields[i].slug.clone(), cat.fields[i].name.clone()),
                q.field.clone(),
                q.facet_limit.map_or(200, |l| l as usize),
            ),
            agency: data_facet(
                &self.agency,
                &|i| (cat.agencies[i].id.to_string(), cat.agencies[i].name.clone()),
                q.agency.map(|a| a.to_string()),
                q.facet_limit.map_or(30, |l| (l as usize).min(30)),
            ),
        }
    }
}
