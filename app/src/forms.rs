//! E-form definitions and their validation, the same code in the browser and on the server.
//!
//! A form is data (`data/forms/*.json`, versioned); answers are a flat map
//! from a field's path to text, so a draft is easy to store and merge, an
//! error names exactly the input at fault, and the input's HTML id is the
//! path itself. Compound fields use dotted paths: an address `home` is
//! `home.province`, `home.commune`, `home.street`; a person block `child`
//! is `child.name`, `child.birth_date`, ...; row 2 of a repeatable group
//! `children` is `children.1.name`, with the row count in `children.n`.

use crate::error::FieldErrors;
use crate::identity::{normalize_phone, valid_email, PersonalId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod generic;
mod messages;
mod values;
pub use generic::{
    generic_form, id_paper_fields, id_papers, person_fields, residence_kind_field, GENERIC_VERSION,
    WITHOUT_ID,
};
pub use messages::{message, Described};
pub use values::{
    check_value, normalize_tax_code, shown_date, tax_check_digit, typed_date, typed_month,
    valid_date,
};

/// Answers as the browser sends them and a draft keeps them.
pub type Answers = BTreeMap<String, String>;

/// Stable codes for the reason a form field is refused.
pub mod reasons {
    pub use crate::identity::reasons::{
        BAD_CENTURY_GENDER, INVALID_EMAIL, INVALID_PHONE, NOT_12_DIGITS, REQUIRED, TOO_LONG,
        UNKNOWN_PROVINCE, UNKNOWN_VALUE,
    };
    pub const NOT_A_NUMBER: &str = "not_a_number";
    pub const OUT_OF_RANGE: &str = "out_of_range";
    pub const INVALID_DATE: &str = "invalid_date";
    /// Not a month of a year (`mm/yyyy`).
    pub const INVALID_MONTH: &str = "invalid_month";
    pub const FUTURE_DATE: &str = "future_date";
    pub const INVALID_TAX_CODE: &str = "invalid_tax_code";
    pub const TAX_CODE_CHECKSUM: &str = "tax_code_checksum";
    pub const UNKNOWN_COMMUNE: &str = "unknown_commune";
    pub const MUST_ACCEPT: &str = "must_accept";
    pub const TOO_MANY: &str = "too_many";
    pub const TOO_FEW: &str = "too_few";
    pub const UNKNOWN_DOCUMENT: &str = "unknown_document";
    /// Younger than the field's `min_age` on the day (a marriage's legal age).
    pub const TOO_YOUNG: &str = "too_young";
    /// A choice the form does not offer with the other answers given.
    pub const NOT_OFFERED: &str = "not_offered";
    /// Not exactly one row of a group marked (one main line of business).
    pub const EXACTLY_ONE: &str = "exactly_one";
    /// Nobody with this personal ID is known yet: type their name and birth date.
    pub const UNKNOWN_PERSON: &str = "unknown_person";
    /// A birth date whose year is not the one the personal ID encodes.
    pub const BIRTH_YEAR_MISMATCH: &str = "birth_year_mismatch";
    /// The officer takes in no dossiers of this procedure at any of their units.
    pub const NOT_RECEIVING: &str = "not_receiving";
    /// A code another record already has (a unit's).
    pub const ALREADY_EXISTS: &str = "already_exists";
}

/// Text in both languages of the portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Text {
    pub vi: String,
    #[serde(default)]
    pub en: String,
}

impl Text {
    pub fn new(vi: &str, en: &str) -> Text {
        Text {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// The English text when asked for and present, else the Vietnamese.
    pub fn get(&self, english: bool) -> &str {
        if english && !self.en.is_empty() {
            &self.en
        } else {
            &self.vi
        }
    }
}

/// One version of a procedure's e-form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormDef {
    /// The procedure's catalogue code.
    pub procedure: String,
    /// Raised whenever the fields change; a dossier keeps the version it
    /// was filled with.
    pub version: u32,
    pub title: Text,
    /// Where the field list comes from (the official declaration form and
    /// its legal source), shown to officers and auditors.
    #[serde(default)]
    pub source: String,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Section {
    pub id: String,
    pub title: Text,
    #[serde(default)]
    pub intro: Option<Text>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Field {
    pub id: String,
    pub label: Text,
    #[serde(default)]
    pub hint: Option<Text>,
    #[serde(flatten)]
    pub kind: Kind,
    #[serde(default)]
    pub required: bool,
    /// Shown (and validated) only when an earlier answer has one of the values.
    #[serde(default)]
    pub show_if: Option<Condition>,
    /// Filled from what the state already knows.
    #[serde(default)]
    pub prefill: Option<Prefill>,
    /// A prefilled value the law makes authoritative: shown, not editable,
    /// and the server puts the known value back whatever the browser sends.
    #[serde(default)]
    pub locked: bool,
    /// For a person: the age, in whole years on the day of filing, below
    /// which the form is refused (the legal age to marry: 18 and 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u32>,
}

/// `{"field": "relationship", "in": ["other"]}`; `""` among the values
/// matches an answer left empty (`{"field": "subject.personal_id", "in": [""]}`:
/// only without a personal ID).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Condition {
    pub field: String,
    #[serde(rename = "in")]
    pub values: Vec<String>,
}

/// What the portal already knows about the signed-in person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Prefill {
    FullName,
    PersonalId,
    BirthDate,
    Email,
    Phone,
    TaxCode,
}

/// One choice of a choice field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Choice {
    pub value: String,
    pub label: Text,
    /// Not offered when this holds (an authorised person may not ask for
    /// criminal-record certificate no. 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide_if: Option<Condition>,
}

impl Choice {
    pub fn new(value: &str, label: Text) -> Choice {
        Choice {
            value: value.into(),
            label,
            hide_if: None,
        }
    }

    /// Whether this choice is offered with these answers, in the row `prefix`.
    pub fn offered(&self, answers: &Answers, prefix: &str) -> bool {
        self.hide_if
            .as_ref()
            .is_none_or(|c| !c.holds_at(answers, prefix))
    }
}

/// What kind of answer a field takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Kind {
    Text {
        #[serde(default = "short_max")]
        max: usize,
    },
    LongText {
        #[serde(default = "long_max")]
        max: usize,
    },
    Number {
        #[serde(default)]
        min: Option<i64>,
        #[serde(default)]
        max: Option<i64>,
    },
    /// `YYYY-MM-DD`; `past` refuses dates after today (births, deaths).
    /// With `year_allowed` a year alone (`YYYY`) is a full answer too, and
    /// the person types the date (`dd/mm/yyyy`) instead of picking it.
    Date {
        #[serde(default)]
        past: bool,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        year_allowed: bool,
    },
    /// A month of a year, typed `mm/yyyy` and kept as `YYYY-MM` (the
    /// residence history of a criminal-record request).
    Month {
        #[serde(default)]
        past: bool,
    },
    Choice {
        options: Vec<Choice>,
    },
    /// Values joined with `|`.
    MultiChoice {
        options: Vec<Choice>,
    },
    /// One entry of a reference list (ethnic groups, countries), kept as
    /// its Vietnamese name.
    Listed {
        list: crate::reference::List,
    },
    /// `yes` or `no`.
    YesNo,
    PersonalId,
    TaxCode,
    Phone,
    Email,
    /// `.province` and `.commune` (2025 unit codes) and `.street`; a
    /// `residence` (nơi cư trú) also says which kind it is, `.kind`
    /// (permanent, temporary, where the person lives now).
    Address {
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        residence: bool,
    },
    /// `.name`, `.birth_date`, `.sex`, `.ethnicity`, `.nationality`,
    /// `.personal_id`; with `birth_year` the date of birth may be a year
    /// alone (a parent's "năm sinh" on the birth declaration).
    Person {
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        birth_year: bool,
    },
    /// An identity paper of a person without a personal ID (FORMS.md
    /// `iddoc`): `.kind`, `.number`, `.date`, `.issuer`, and `.name` of a
    /// substitute paper or `.book` of a child's birth certificate, which
    /// is offered with `birth_certificate`.
    IdPaper {
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        birth_certificate: bool,
    },
    /// Rows of the inner fields, `.n` rows, each at `.{i}.`.
    Group {
        // A group's fields are fields again: the schema refers back
        // instead of unfolding for ever.
        #[cfg_attr(feature = "openapi", schema(no_recursion))]
        fields: Vec<Field>,
        #[serde(default)]
        min: usize,
        #[serde(default = "group_max")]
        max: usize,
        /// An inner yes/no field that exactly one row answers "yes" (the
        /// main line of business among several).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        exactly_one: Option<String>,
    },
    /// A document for a dossier component: the id of a document in the
    /// person's store.
    Document {
        /// The component's name in the procedure record.
        component: String,
        /// Why the slot is asked when it is no component of the record:
        /// the declaration's own photo box, or the rule that asks for it
        /// (an authorisation for whoever files on another's behalf).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        basis: Option<String>,
    },
    /// A statement the person must tick (`yes`).
    Declaration,
}

impl Kind {
    /// A plain address (not a residence).
    pub fn address() -> Kind {
        Kind::Address { residence: false }
    }

    /// A person block whose date of birth is a whole date.
    pub fn person() -> Kind {
        Kind::Person { birth_year: false }
    }

    /// A date picked in the calendar.
    pub fn date(past: bool) -> Kind {
        Kind::Date {
            past,
            year_allowed: false,
        }
    }

    /// The inner fields of a person block or an identity paper, each at
    /// `path.part`; `None` for other kinds.
    pub fn parts(&self) -> Option<Vec<Field>> {
        match self {
            Kind::Person { birth_year } => Some(person_fields(*birth_year)),
            Kind::IdPaper { birth_certificate } => Some(id_paper_fields(*birth_certificate)),
            _ => None,
        }
    }
}

fn short_max() -> usize {
    200
}
fn long_max() -> usize {
    2000
}
fn group_max() -> usize {
    10
}

/// Whether a part of a shown person block must be answered (when its
/// sex, ethnicity and nationality are shown at all: without a personal ID).
pub fn person_part_required(block_required: bool, part: &str) -> bool {
    block_required && part != "personal_id"
}

/// The longest street line an address takes.
pub const STREET_MAX: usize = 200;

/// The parts of an address.
pub const ADDRESS_PARTS: [&str; 3] = ["province", "commune", "street"];

/// What validation needs from outside the form: places and documents.
pub trait Lookup {
    /// Whether `commune` (a 2025 code) lies in `province`. The browser,
    /// which does not hold the 3,321 communes, answers `true`.
    fn commune_in_province(&self, province: &str, commune: &str) -> bool;
    /// Whether `id` names a document of the person's own store.
    fn owns_document(&self, id: &str) -> bool;
    /// Today as `YYYY-MM-DD`, for dates that must be in the past.
    fn today(&self) -> String;
    /// Whether a document slot may say "received on paper, not digitised"
    /// ([`PAPER_ONLY`]): an officer's intake at the counter or from the post.
    fn paper_accepted(&self) -> bool {
        false
    }
}

/// A document slot's answer when the officer took the paper in and did not
/// scan it: counted as not digitised.
pub const PAPER_ONLY: &str = "paper";

impl Condition {
    pub fn holds(&self, answers: &Answers) -> bool {
        let v = answers.get(&self.field).map_or("", |v| v.trim());
        v.split('|').any(|x| self.values.iter().any(|w| w == x))
    }

    /// The same, for a field in the group row `prefix`: a condition names
    /// a field of the same row first, else of the form.
    pub fn holds_at(&self, answers: &Answers, prefix: &str) -> bool {
        let local = format!("{prefix}{}", self.field);
        if !prefix.is_empty() && answers.contains_key(&local) {
            Condition {
                field: local,
                values: self.values.clone(),
            }
            .holds(answers)
        } else {
            self.holds(answers)
        }
    }
}

impl Field {
    /// A required field with nothing else set: the shape code builds
    /// fields in (generic forms, tests).
    pub fn new(id: &str, label: Text, kind: Kind) -> Field {
        Field {
            id: id.into(),
            label,
            hint: None,
            kind,
            required: true,
            show_if: None,
            prefill: None,
            locked: false,
            min_age: None,
        }
    }

    /// Whether the field is shown with these answers; `prefix` is the
    /// path of the group row it sits in, if any.
    pub fn visible(&self, answers: &Answers, prefix: &str) -> bool {
        self.show_if
            .as_ref()
            .is_none_or(|c| c.holds_at(answers, prefix))
    }
}

impl FormDef {
    /// The operator's `REQUIRE_PHONE`: the applicant's contact phone (the
    /// field filled from their profile's phone) becomes required. No
    /// declaration asks for it, so it is optional unless the operator says so.
    pub fn with_phone_required(mut self) -> FormDef {
        for f in self.sections.iter_mut().flat_map(|s| s.fields.iter_mut()) {
            if f.prefill == Some(Prefill::Phone) {
                f.required = true;
            }
        }
        self
    }

    /// Every field in order, for lists like "check your answers".
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.sections.iter().flat_map(|s| s.fields.iter())
    }

    /// The ids of the form's fields shown with these answers: a field's
    /// condition holds and the field it names is shown itself, so the
    /// details of a hidden question stay hidden whatever old answer that
    /// question keeps (a marital status chosen before a personal ID was
    /// typed does not bring back the spouse's name).
    pub fn shown(&self, answers: &Answers) -> std::collections::HashSet<String> {
        let own: std::collections::HashSet<&str> = self.fields().map(|f| f.id.as_str()).collect();
        let mut shown = std::collections::HashSet::new();
        for f in self.fields() {
            // A condition naming no field of the form itself (a group row's
            // own field) is judged by its answer alone.
            let target_shown = f.show_if.as_ref().is_none_or(|c| {
                let block = c.field.split('.').next().unwrap_or_default();
                shown.contains(block) || !own.contains(block)
            });
            if target_shown && f.visible(answers, "") {
                shown.insert(f.id.clone());
            }
        }
        shown
    }

    /// The document slots with their components, shown with these answers.
    pub fn document_slots<'a>(&'a self, answers: &'a Answers) -> Vec<(&'a Field, &'a str)> {
        let shown = self.shown(answers);
        self.fields()
            .filter(move |f| shown.contains(&f.id))
            .filter_map(|f| match &f.kind {
                Kind::Document { component, .. } => Some((f, component.as_str())),
                _ => None,
            })
            .collect()
    }

    /// Validates one section's answers (`None`: the whole form) and returns
    /// the answers normalised and with hidden fields dropped.
    pub fn validate(
        &self,
        answers: &Answers,
        section: Option<&str>,
        lookup: &dyn Lookup,
    ) -> Result<Answers, FieldErrors> {
        let mut out = Answers::new();
        let mut errors = FieldErrors::default();
        let shown = self.shown(answers);
        for s in &self.sections {
            if section.is_some_and(|id| id != s.id) {
                continue;
            }
            for f in s.fields.iter().filter(|f| shown.contains(&f.id)) {
                check_field(f, "", answers, lookup, &mut out, &mut errors);
            }
        }
        errors.into_result(out)
    }
}

fn check_field(
    f: &Field,
    prefix: &str,
    answers: &Answers,
    lookup: &dyn Lookup,
    out: &mut Answers,
    errors: &mut FieldErrors,
) {
    if !f.visible(answers, prefix) {
        return;
    }
    let path = format!("{prefix}{}", f.id);
    let get = |p: &str| answers.get(p).map(|v| v.trim()).unwrap_or("");
    match &f.kind {
        Kind::Address { residence } => {
            let province = get(&format!("{path}.province"));
            let commune = get(&format!("{path}.commune"));
            let street = get(&format!("{path}.street"));
            let kind = get(&format!("{path}.kind"));
            if province.is_empty() && commune.is_empty() && street.is_empty() && kind.is_empty() {
                if f.required {
                    let first = if *residence { "kind" } else { "province" };
                    errors.add(&format!("{path}.{first}"), reasons::REQUIRED);
                }
                return;
            }
            if *residence {
                let k = Field {
                    required: true,
                    ..residence_kind_field()
                };
                check_field(&k, &format!("{path}."), answers, lookup, out, errors);
            }
            if province.is_empty() {
                errors.add(&format!("{path}.province"), reasons::REQUIRED);
            }
            if commune.is_empty() {
                errors.add(&format!("{path}.commune"), reasons::REQUIRED);
            } else if !province.is_empty() && !lookup.commune_in_province(province, commune) {
                errors.add(&format!("{path}.commune"), reasons::UNKNOWN_COMMUNE);
            }
            if street.chars().count() > STREET_MAX {
                errors.add(&format!("{path}.street"), reasons::TOO_LONG);
            }
            for (part, v) in [
                ("province", province),
                ("commune", commune),
                ("street", street),
            ] {
                if !v.is_empty() {
                    out.insert(format!("{path}.{part}"), v.to_owned());
                }
            }
        }
        Kind::Person { birth_year } => {
            // Name and date of birth always. Sex, ethnicity and nationality
            // (FORMS.md rule 2) the office reads from the personal ID: they
            // are asked, and then all required, only when there is none.
            let has_id = !get(&format!("{path}.personal_id")).is_empty();
            for p in person_fields(*birth_year) {
                if has_id && generic::WITHOUT_ID.contains(&p.id.as_str()) {
                    continue;
                }
                let p = Field {
                    required: person_part_required(f.required, &p.id),
                    ..p
                };
                check_field(&p, &format!("{path}."), answers, lookup, out, errors);
            }
            // Old enough on the day (a date already refused says so itself).
            let birth = format!("{path}.birth_date");
            if let (Some(min), Some(born)) = (f.min_age, out.get(&birth)) {
                if age_on(born, &lookup.today()).is_some_and(|age| age < min) {
                    errors.add(&birth, reasons::TOO_YOUNG);
                }
            }
        }
        Kind::IdPaper { birth_certificate } => {
            // Every part the paper's kind shows, when the paper is asked for.
            for p in id_paper_fields(*birth_certificate) {
                let p = Field {
                    required: f.required,
                    ..p
                };
                check_field(&p, &format!("{path}."), answers, lookup, out, errors);
            }
        }
        Kind::Group {
            fields,
            min,
            max,
            exactly_one,
        } => {
            let n: usize = get(&format!("{path}.n")).parse().unwrap_or(0);
            if n > *max {
                errors.add(&format!("{path}.n"), reasons::TOO_MANY);
                return;
            }
            if n < *min.max(&usize::from(f.required)) {
                errors.add(&format!("{path}.n"), reasons::TOO_FEW);
            }
            out.insert(format!("{path}.n"), n.to_string());
            for i in 0..n {
                for inner in fields {
                    check_field(inner, &format!("{path}.{i}."), answers, lookup, out, errors);
                }
            }
            if let Some(one) = exactly_one.as_deref().filter(|_| n > 0) {
                let yes = (0..n)
                    .filter(|i| get(&format!("{path}.{i}.{one}")) == "yes")
                    .count();
                if yes != 1 {
                    errors.add(&format!("{path}.n"), reasons::EXACTLY_ONE);
                }
            }
        }
        _ => {
            let v = get(&path);
            if v.is_empty() {
                if f.required {
                    errors.add(&path, reasons::REQUIRED);
                }
                return;
            }
            match check_value(&f.kind, v, lookup) {
                Ok(clean) => {
                    // A choice hidden by the other answers is not a choice.
                    let hidden = match &f.kind {
                        Kind::Choice { options } => options
                            .iter()
                            .any(|o| o.value == clean && !o.offered(answers, prefix)),
                        _ => false,
                    };
                    if hidden {
                        errors.add(&path, reasons::NOT_OFFERED);
                    } else {
                        out.insert(path, clean);
                    }
                }
                Err(reason) => errors.add(&path, reason),
            }
        }
    }
}

/// Whole years from `born` to `today` (both `YYYY-MM-DD`): the age a person
/// has on that day.
fn age_on(born: &str, today: &str) -> Option<u32> {
    let (born, today) = (
        crate::calendar::Date::parse(born).ok()?,
        crate::calendar::Date::parse(today).ok()?,
    );
    let years = today.year() - born.year();
    let before_birthday = (today.month(), today.day()) < (born.month(), born.day());
    u32::try_from(years - i32::from(before_birthday)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    struct Fixed;
    impl Lookup for Fixed {
        fn commune_in_province(&self, province: &str, commune: &str) -> bool {
            province == "01" && commune == "00004"
        }
        fn owns_document(&self, id: &str) -> bool {
            id == "doc-mine"
        }
        fn today(&self) -> String {
            "2026-11-21".into()
        }
    }

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn reason(kind: Kind, v: &str) -> Result<String, &'static str> {
        check_value(&kind, v, &Fixed)
    }

    #[test]
    fn tax_codes_are_checked_by_their_check_digit() {
        assert_eq!(normalize_tax_code("0101234565"), Ok("0101234565".into()));
        assert_eq!(
            normalize_tax_code("0101234568"),
            Err(reasons::TAX_CODE_CHECKSUM)
        );
        assert_eq!(
            normalize_tax_code("0101234565-001"),
            Ok("0101234565-001".into())
        );
        assert_eq!(
            normalize_tax_code("0101234565001"),
            Ok("0101234565-001".into())
        );
        assert_eq!(
            normalize_tax_code("0101234565-000"),
            Err(reasons::INVALID_TAX_CODE)
        );
        assert_eq!(
            normalize_tax_code("010123456"),
            Err(reasons::INVALID_TAX_CODE)
        );
        assert_eq!(
            normalize_tax_code("01O1234565"),
            Err(reasons::INVALID_TAX_CODE)
        );
        // A real code: Vietnam Posts and Telecommunications Group.
        assert_eq!(normalize_tax_code("0100684378"), Ok("0100684378".into()));
    }

    #[test]
    fn each_simple_validator() {
        assert_eq!(
            reason(Kind::Text { max: 3 }, "abcd"),
            Err(reasons::TOO_LONG)
        );
        assert_eq!(
            reason(Kind::Text { max: 4 }, "đăng"),
            Ok("đăng".into()),
            "counted in letters"
        );
        assert_eq!(
            reason(
                Kind::Number {
                    min: Some(1),
                    max: Some(5)
                },
                "6"
            ),
            Err(reasons::OUT_OF_RANGE)
        );
        assert_eq!(
            reason(
                Kind::Number {
                    min: None,
                    max: None
                },
                "x"
            ),
            Err(reasons::NOT_A_NUMBER)
        );
        assert_eq!(
            reason(Kind::date(false), "2026-02-29"),
            Err(reasons::INVALID_DATE)
        );
        assert_eq!(
            reason(Kind::date(false), "2028-02-29"),
            Ok("2028-02-29".into())
        );
        assert_eq!(
            reason(Kind::date(true), "2026-11-22"),
            Err(reasons::FUTURE_DATE)
        );
        assert_eq!(
            reason(Kind::date(true), "2026-11-21"),
            Ok("2026-11-21".into())
        );
        assert_eq!(
            reason(Kind::date(false), "21/11/2026"),
            Err(reasons::INVALID_DATE)
        );
        let opts = vec![
            Choice::new("a", Text::default()),
            Choice::new("b", Text::default()),
        ];
        assert_eq!(
            reason(
                Kind::Choice {
                    options: opts.clone()
                },
                "c"
            ),
            Err(reasons::UNKNOWN_VALUE)
        );
        assert_eq!(
            reason(
                Kind::MultiChoice {
                    options: opts.clone()
                },
                "a|b"
            ),
            Ok("a|b".into())
        );
        assert_eq!(
            reason(Kind::MultiChoice { options: opts }, "a|z"),
            Err(reasons::UNKNOWN_VALUE)
        );
        assert_eq!(reason(Kind::YesNo, "maybe"), Err(reasons::UNKNOWN_VALUE));
        assert_eq!(reason(Kind::Declaration, "no"), Err(reasons::MUST_ACCEPT));
        assert_eq!(
            reason(Kind::PersonalId, "001085012345"),
            Ok("001085012345".into())
        );
        assert_eq!(
            reason(Kind::PersonalId, "003085012345"),
            Err(reasons::UNKNOWN_PROVINCE)
        );
        assert_eq!(
            reason(Kind::PersonalId, "001585012345"),
            Err(reasons::BAD_CENTURY_GENDER)
        );
        assert_eq!(
            reason(Kind::PersonalId, "00108501234"),
            Err(reasons::NOT_12_DIGITS)
        );
        assert_eq!(
            reason(Kind::Phone, "+84 912 345 678"),
            Ok("0912345678".into())
        );
        assert_eq!(reason(Kind::Phone, "12345"), Err(reasons::INVALID_PHONE));
        assert_eq!(
            reason(Kind::Email, "an@example"),
            Err(reasons::INVALID_EMAIL)
        );
        assert_eq!(
            reason(
                Kind::Document {
                    component: "x".into(),
                    basis: None,
                },
                "doc-other"
            ),
            Err(reasons::UNKNOWN_DOCUMENT)
        );
    }

    #[test]
    fn dates_and_months_are_taken_as_people_type_them() {
        let year_or_date = Kind::Date {
            past: true,
            year_allowed: true,
        };
        for (typed, kept) in [
            ("1990", Ok("1990")),
            ("05/09/1990", Ok("1990-09-05")),
            ("5-9-1990", Ok("1990-09-05")),
            (" 5.9.1990 ", Ok("1990-09-05")),
            ("1990-09-05", Ok("1990-09-05")),
            ("29/02/1990", Err(reasons::INVALID_DATE)),
            ("2027", Err(reasons::FUTURE_DATE)),
            ("1899", Err(reasons::INVALID_DATE)),
            ("90", Err(reasons::INVALID_DATE)),
            ("05/09/90", Err(reasons::INVALID_DATE)),
        ] {
            assert_eq!(
                reason(year_or_date.clone(), typed),
                kept.map(String::from),
                "{typed}"
            );
        }
        // A picked date is never a year alone.
        assert_eq!(reason(Kind::date(true), "1990"), Err(reasons::INVALID_DATE));
        let month = Kind::Month { past: true };
        for (typed, kept) in [
            ("09/2015", Ok("2015-09")),
            ("9/2015", Ok("2015-09")),
            ("2015-09", Ok("2015-09")),
            ("11/2026", Ok("2026-11")),
            ("01/2027", Err(reasons::FUTURE_DATE)),
            ("13/2015", Err(reasons::INVALID_MONTH)),
            ("0/2015", Err(reasons::INVALID_MONTH)),
            ("2015", Err(reasons::INVALID_MONTH)),
            ("tháng 9", Err(reasons::INVALID_MONTH)),
        ] {
            assert_eq!(
                reason(month.clone(), typed),
                kept.map(String::from),
                "{typed}"
            );
        }
        assert_eq!(shown_date("1990-09-05"), "05/09/1990");
        assert_eq!(shown_date("2015-09"), "09/2015");
        assert_eq!(shown_date("1990"), "1990");
        assert_eq!(shown_date("05/09/1990"), "05/09/1990");
    }

    fn form() -> FormDef {
        let f = |id: &str, kind: Kind, required: bool| Field {
            required,
            ..Field::new(id, Text::default(), kind)
        };
        let yes_no = f("married", Kind::YesNo, true);
        let spouse = Field {
            show_if: Some(Condition {
                field: "married".into(),
                values: vec!["yes".into()],
            }),
            ..f("spouse", Kind::person(), true)
        };
        FormDef {
            procedure: "x".into(),
            version: 1,
            title: Text::default(),
            source: String::new(),
            sections: vec![
                Section {
                    id: "a".into(),
                    title: Text::default(),
                    intro: None,
                    fields: vec![yes_no, spouse, f("home", Kind::address(), true)],
                },
                Section {
                    id: "b".into(),
                    title: Text::default(),
                    intro: None,
                    fields: vec![
                        f(
                            "children",
                            Kind::Group {
                                fields: vec![f("name", Kind::Text { max: 50 }, true)],
                                min: 0,
                                max: 2,
                                exactly_one: None,
                            },
                            false,
                        ),
                        f("ok", Kind::Declaration, true),
                    ],
                },
            ],
        }
    }

    #[test]
    fn sex_ethnicity_and_nationality_are_asked_only_without_an_id_and_then_all_required() {
        let base = [
            ("married", "yes"),
            ("spouse.name", "Lê Thị Hoa"),
            ("spouse.birth_date", "1990-05-01"),
        ];
        let e = form()
            .validate(&answers(&base), Some("a"), &Fixed)
            .unwrap_err()
            .0;
        for part in ["sex", "ethnicity", "nationality"] {
            assert_eq!(
                e[&format!("spouse.{part}")],
                vec![reasons::REQUIRED],
                "{part}"
            );
        }
        // From the lists only.
        let mut a = answers(&base);
        a.insert("spouse.sex".into(), "nu".into());
        a.insert("spouse.ethnicity".into(), "Atlantis".into());
        a.insert("spouse.nationality".into(), "Việt Nam".into());
        let e = form().validate(&a, Some("a"), &Fixed).unwrap_err().0;
        assert_eq!(e["spouse.ethnicity"], vec![reasons::UNKNOWN_VALUE]);
        assert!(!e.contains_key("spouse.nationality"));
        // With a personal ID none is asked, and what was typed before is not kept.
        a.insert("spouse.personal_id".into(), "001190012345".into());
        a.insert("home.province".into(), "01".into());
        a.insert("home.commune".into(), "00004".into());
        let clean = form().validate(&a, Some("a"), &Fixed).unwrap();
        assert!(!clean.contains_key("spouse.ethnicity"));
        assert!(!clean.contains_key("spouse.sex"));
        assert_eq!(clean["spouse.personal_id"], "001190012345");
    }

    #[test]
    fn a_hidden_field_is_neither_required_nor_kept() {
        let a = answers(&[
            ("married", "no"),
            ("spouse.name", "left over"),
            ("home.province", "01"),
            ("home.commune", "00004"),
            ("ok", "yes"),
        ]);
        let clean = form().validate(&a, None, &Fixed).unwrap();
        assert!(!clean.contains_key("spouse.name"));
        assert_eq!(clean["home.commune"], "00004");
    }

    #[test]
    fn a_shown_person_block_needs_name_and_birth_date_and_id_or_details() {
        let a = answers(&[("married", "yes"), ("spouse.name", "Lê Thị Hoa")]);
        let e = form().validate(&a, Some("a"), &Fixed).unwrap_err().0;
        assert!(e.contains_key("spouse.birth_date"));
        assert!(
            e.contains_key("spouse.sex"),
            "no ID: the details are asked for"
        );
        assert_eq!(e["home.province"], vec![reasons::REQUIRED]);
        assert!(
            !e.contains_key("ok"),
            "only the section asked for is checked"
        );
        let a = answers(&[
            ("married", "yes"),
            ("spouse.name", "Lê Thị Hoa"),
            ("spouse.birth_date", "1990-05-01"),
            ("spouse.personal_id", "001190012345"),
            ("home.province", "01"),
            ("home.commune", "00008"),
        ]);
        let e = form().validate(&a, Some("a"), &Fixed).unwrap_err().0;
        assert_eq!(e.keys().collect::<Vec<_>>(), vec!["home.commune"]);
        assert_eq!(e["home.commune"], vec![reasons::UNKNOWN_COMMUNE]);
    }

    #[test]
    fn group_rows_are_validated_each_and_counted() {
        let a = answers(&[
            ("children.n", "2"),
            ("children.0.name", "An"),
            ("ok", "yes"),
        ]);
        let e = form().validate(&a, Some("b"), &Fixed).unwrap_err().0;
        assert_eq!(e.keys().collect::<Vec<_>>(), vec!["children.1.name"]);
        let a = answers(&[("children.n", "3"), ("ok", "yes")]);
        let e = form().validate(&a, Some("b"), &Fixed).unwrap_err().0;
        assert_eq!(e["children.n"], vec![reasons::TOO_MANY]);
    }

    #[test]
    fn forms_round_trip_as_json_data() {
        let f = generic_form(
            "1.000001",
            "Thủ tục thử",
            &[
                (
                    "Trường hợp 1".into(),
                    vec!["Tờ khai".into(), "Bản sao".into()],
                ),
                ("Trường hợp 2".into(), vec!["Giấy ủy quyền".into()]),
            ],
        );
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(serde_json::from_str::<FormDef>(&json).unwrap(), f);
        // Two cases: the person picks theirs and sees only its documents.
        let chosen = answers(&[("case", "c1")]);
        let slots = f.document_slots(&chosen);
        assert_eq!(
            slots.iter().map(|(_, c)| *c).collect::<Vec<_>>(),
            vec!["Giấy ủy quyền"]
        );
    }

    proptest! {
        #[test]
        fn any_valid_tax_code_passes_and_any_one_digit_change_fails(first9 in "[0-9]{9}", pos in 0usize..10, delta in 1u8..10) {
            if let Some(c) = tax_check_digit(&first9) {
                let code = format!("{first9}{c}");
                prop_assert_eq!(normalize_tax_code(&code), Ok(code.clone()));
                let mut bytes = code.into_bytes();
                bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
                let changed = String::from_utf8(bytes).unwrap();
                // Weights are coprime with 11: a single changed digit always shows.
                prop_assert!(normalize_tax_code(&changed).is_err());
            }
        }

        #[test]
        fn personal_ids_accept_exactly_known_provinces_and_centuries(p in 0usize..63, cg in 0u8..10, rest in "[0-9]{8}") {
            let id = format!("{}{}{}", ID_PROVINCES[p], cg, rest);
            prop_assert_eq!(PersonalId::parse(&id).is_ok(), cg <= 3);
        }

        #[test]
        fn personal_id_never_accepts_other_lengths_or_letters(s in "[0-9A-Za-z ]{0,20}") {
            let ok = PersonalId::parse(&s).is_ok();
            let t = s.trim();
            prop_assert!(!ok || (t.len() == 12 && t.bytes().all(|b| b.is_ascii_digit())));
        }
    }

    use crate::identity::ID_PROVINCE_CODES as ID_PROVINCES;
}
