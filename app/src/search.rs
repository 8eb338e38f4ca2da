//! The catalogue search query, its validation, and the result page with facet counts.

use crate::error::{reasons, FieldErrors};
use crate::procedures::{GovLevel, ProcedureSummary, ServiceLevel, SubjectKind};
use serde::{Deserialize, Serialize};

/// Longest free-text query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Largest page size a client may ask for.
pub const MAX_PER_PAGE: u32 = 50;
/// Default page size.
pub const DEFAULT_PER_PAGE: u32 = 20;
/// Deepest page reachable; past it, narrowing the query is the answer.
pub const MAX_PAGE: u32 = 500;

/// The query string as it arrives, before validation: every value a string so
/// a wrong value is reported against its parameter, not as a decoding failure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SearchParams {
    pub q: Option<String>,
    pub subject: Option<String>,
    pub field: Option<String>,
    pub service_level: Option<String>,
    pub level: Option<String>,
    pub agency: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
    pub sort: Option<String>,
    /// At most this many values in each data facet (fields, agencies).
    pub facet_limit: Option<String>,
}

/// The order of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best matches first (the default when there is text).
    #[default]
    Relevance,
    /// Most used first (the default when browsing without text).
    Popular,
    /// Alphabetical by name.
    Name,
}

impl Sort {
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Popular => "popular",
            Sort::Name => "name",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Sort::Relevance, Sort::Popular, Sort::Name]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A validated search. Field slugs and agency ids are checked against the
/// catalogue by the server, which alone knows which exist.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchQuery {
    pub q: String,
    pub subject: Option<SubjectKind>,
    pub field: Option<String>,
    pub service_level: Option<ServiceLevel>,
    pub level: Option<GovLevel>,
    pub agency: Option<i64>,
    pub page: u32,
    pub per_page: u32,
    pub sort: Option<Sort>,
    pub facet_limit: Option<u32>,
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn parse_enum<T>(
    errors: &mut FieldErrors,
    name: &str,
    v: &Option<String>,
    parse: fn(&str) -> Option<T>,
) -> Option<T> {
    let s = non_empty(v)?;
    let parsed = parse(s);
    if parsed.is_none() {
        errors.add(name, reasons::UNKNOWN_VALUE);
    }
    parsed
}

fn parse_number(
    errors: &mut FieldErrors,
    name: &str,
    v: &Option<String>,
    min: u32,
    max: u32,
) -> Option<u32> {
    let s = non_empty(v)?;
    match s.parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        Ok(_) => {
            errors.add(name, reasons::OUT_OF_RANGE);
            None
        }
        Err(_) if s.parse::<i64>().is_ok() => {
            errors.add(name, reasons::OUT_OF_RANGE);
            None
        }
        Err(_) => {
            errors.add(name, reasons::NOT_A_NUMBER);
            None
        }
    }
}

impl SearchQuery {
    /// Validates raw parameters, naming every parameter that is wrong.
    pub fn parse(p: &SearchParams) -> Result<SearchQuery, FieldErrors> {
        let mut errors = FieldErrors::default();
        let q = p.q.as_deref().unwrap_or("").trim().to_owned();
        if q.chars().count() > MAX_QUERY_CHARS {
            errors.add("q", reasons::TOO_LONG);
        }
        let subject = parse_enum(&mut errors, "subject", &p.subject, SubjectKind::parse);
        let service_level = parse_enum(
            &mut errors,
            "service_level",
            &p.service_level,
            ServiceLevel::parse,
        );
        let level = parse_enum(&mut errors, "level", &p.level, GovLevel::parse);
        let sort = parse_enum(&mut errors, "sort", &p.sort, Sort::parse);
        let field = non_empty(&p.field).map(str::to_owned);
        if field.as_deref().is_some_and(|f| {
            f.len() > 100 || !f.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        }) {
            errors.add("field", reasons::UNKNOWN_VALUE);
        }
        let agency = match non_empty(&p.agency) {
            None => None,
            Some(s) => match s.parse::<i64>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    errors.add("agency", reasons::UNKNOWN_VALUE);
                    None
                }
            },
        };
        let page = parse_number(&mut errors, "page", &p.page, 1, MAX_PAGE).unwrap_or(1);
        let per_page = parse_number(&mut errors, "per_page", &p.per_page, 1, MAX_PER_PAGE)
            .unwrap_or(DEFAULT_PER_PAGE);
        let facet_limit = parse_number(&mut errors, "facet_limit", &p.facet_limit, 1, 200);
        errors.into_result(SearchQuery {
            q,
            subject,
            field,
            service_level,
            level,
            agency,
            page,
            per_page,
            sort,
            facet_limit,
        })
    }

    /// The order actually used: relevance with text, popularity without.
    pub fn effective_sort(&self) -> Sort {
        match self.sort {
            Some(s) => s,
            None if self.q.is_empty() => Sort::Popular,
            None => Sort::Relevance,
        }
    }

    /// How many filters are in force (the text and the order are not filters).
    pub fn filter_count(&self) -> usize {
        [
            self.subject.is_some(),
            self.field.is_some(),
            self.service_level.is_some(),
            self.level.is_some(),
            self.agency.is_some(),
        ]
        .into_iter()
        .filter(|f| *f)
        .count()
    }

    /// Pairs for a URL query string, defaults left out so URLs stay short
    /// and shareable. Used for the API call and for the page address alike.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut v = Vec::new();
        if !self.q.is_empty() {
            v.push(("q", self.q.clone()));
        }
        if let Some(s) = self.subject {
            v.push(("subject", s.as_str().to_owned()));
        }
        if let Some(f) = &self.field {
            v.push(("field", f.clone()));
        }
        if let Some(s) = self.service_level {
            v.push(("service_level", s.as_str().to_owned()));
        }
        if let Some(l) = self.level {
            v.push(("level", l.as_str().to_owned()));
        }
        if let Some(a) = self.agency {
            v.push(("agency", a.to_string()));
        }
        if let Some(s) = self.sort {
            v.push(("sort", s.as_str().to_owned()));
        }
        if self.page > 1 {
            v.push(("page", self.page.to_string()));
        }
        if self.per_page != DEFAULT_PER_PAGE && self.per_page != 0 {
            v.push(("per_page", self.per_page.to_string()));
        }
        if let Some(l) = self.facet_limit {
            v.push(("facet_limit", l.to_string()));
        }
        v
    }
}

/// One value of a facet with the number of results it would give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacetValue {
    /// The value to put in the query string.
    pub value: String,
    /// A display name for values that are data (fields, agencies); empty for
    /// enum values, which the client names in the person's language.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    pub count: u64,
}

/// Counts per filter value. Each facet is counted with every *other* active
/// filter applied, so choosing a value never hides its alternatives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Facets {
    pub subject: Vec<FacetValue>,
    pub field: Vec<FacetValue>,
    pub service_level: Vec<FacetValue>,
    pub level: Vec<FacetValue>,
    pub agency: Vec<FacetValue>,
}

/// A page of results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResponse {
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub pages: u32,
    pub items: Vec<ProcedureSummary>,
    pub facets: Facets,
    /// Colloquial terms that were understood as official ones ("sổ đỏ" ->
    /// "giấy chứng nhận quyền sử dụng đất"), shown so the person sees why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expanded: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> SearchParams {
        let mut p = SearchParams::default();
        for (k, v) in pairs {
            let v = Some(v.to_string());
            match *k {
                "q" => p.q = v,
                "subject" => p.subject = v,
                "field" => p.field = v,
                "service_level" => p.service_level = v,
                "level" => p.level = v,
                "agency" => p.agency = v,
                "page" => p.page = v,
                "per_page" => p.per_page = v,
                "sort" => p.sort = v,
                "facet_limit" => p.facet_limit = v,
                _ => unreachable!(),
            }
        }
        p
    }

    #[test]
    fn a_good_query_parses_and_round_trips() {
        let q = SearchQuery::parse(&params(&[
            ("q", " khai sinh "),
            ("subject", "individual"),
            ("level", "commune"),
            ("page", "2"),
        ]))
        .unwrap();
        assert_eq!(q.q, "khai sinh");
        assert_eq!(q.subject, Some(SubjectKind::Individual));
        assert_eq!(q.page, 2);
        let pairs = q.to_pairs();
        assert!(pairs.contains(&("q", "khai sinh".into())));
        assert!(pairs.contains(&("page", "2".into())));
    }

    #[test]
    fn every_bad_parameter_is_named() {
        let e = SearchQuery::parse(&params(&[
            ("subject", "alien"),
            ("page", "0"),
            ("per_page", "x"),
            ("level", "district"),
            ("facet_limit", "0"),
        ]))
        .unwrap_err();
        assert_eq!(e.0["facet_limit"], vec![reasons::OUT_OF_RANGE]);
        assert_eq!(e.0["subject"], vec![reasons::UNKNOWN_VALUE]);
        assert_eq!(e.0["page"], vec![reasons::OUT_OF_RANGE]);
        assert_eq!(e.0["per_page"], vec![reasons::NOT_A_NUMBER]);
        assert_eq!(e.0["level"], vec![reasons::UNKNOWN_VALUE]);
    }

    #[test]
    fn an_overlong_query_is_refused() {
        let long = "a".repeat(MAX_QUERY_CHARS + 1);
        let e = SearchQuery::parse(&params(&[("q", &long)])).unwrap_err();
        assert_eq!(e.0["q"], vec![reasons::TOO_LONG]);
    }

    #[test]
    fn sort_defaults_follow_the_text() {
        assert_eq!(SearchQuery::default().effective_sort(), Sort::Popular);
        let q = SearchQuery {
            q: "x".into(),
            ..Default::default()
        };
        assert_eq!(q.effective_sort(), Sort::Relevance);
    }
}
