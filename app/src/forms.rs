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
    pub const FUTURE_DATE: &str = "future_date";
    pub const INVALID_TAX_CODE: &str = "invalid_tax_code";
    pub const TAX_CODE_CHECKSUM: &str = "tax_code_checksum";
    pub const UNKNOWN_COMMUNE: &str = "unknown_commune";
    pub const MUST_ACCEPT: &str = "must_accept";
    pub const TOO_MANY: &str = "too_many";
    pub const TOO_FEW: &str = "too_few";
    pub const UNKNOWN_DOCUMENT: &str = "unknown_document";
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
}

/// `{"field": "relationship", "in": ["other"]}`
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
    Date {
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
    /// `yes` or `no`.
    YesNo,
    PersonalId,
    TaxCode,
    Phone,
    Email,
    /// `.province` and `.commune` (2025 unit codes) and `.street`.
    Address,
    /// `.name`, `.birth_date`, `.sex`, `.ethnicity`, `.nationality`, `.personal_id`.
    Person,
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
    },
    /// A document for a dossier component: the id of a document in the
    /// person's store.
    Document {
        /// The component's name in the procedure record.
        component: String,
    },
    /// A statement the person must tick (`yes`).
    Declaration,
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

/// The parts of a person block, in the e-form's order (FORMS.md, block PS).
pub const PERSON_PARTS: [&str; 6] = [
    "name",
    "birth_date",
    "sex",
    "ethnicity",
    "nationality",
    "personal_id",
];
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
}

/// A Vietnamese tax code (mã số thuế): 10 digits whose last is a check
/// digit, or 13 written `10-3` for a branch. Returns it normalised
/// (`0101234565` or `0101234565-001`).
pub fn normalize_tax_code(s: &str) -> Result<String, &'static str> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let (main, branch) = match s.split_once('-') {
        Some((m, b)) => (m.to_owned(), Some(b.to_owned())),
        // Only ASCII may be split by bytes: a letter of several bytes at the
        // tenth position would otherwise cut a character in two (a panic).
        None if s.len() == 13 && s.is_ascii() => (s[..10].to_owned(), Some(s[10..].to_owned())),
        None => (s.clone(), None),
    };
    let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
    if main.len() != 10 || !digits(&main) {
        return Err(reasons::INVALID_TAX_CODE);
    }
    if let Some(b) = &branch {
        if b.len() != 3 || !digits(b) || b == "000" {
            return Err(reasons::INVALID_TAX_CODE);
        }
    }
    if tax_check_digit(&main[..9]) != Some(main.as_bytes()[9] - b'0') {
        return Err(reasons::TAX_CODE_CHECKSUM);
    }
    Ok(match branch {
        Some(b) => format!("{main}-{b}"),
        None => main,
    })
}

/// The check digit of a tax code's first nine digits (Circular 105/2020,
/// weights 31 29 23 19 17 13 7 5 3); `None` when the rule gives 10, a
/// value no code is issued with.
pub fn tax_check_digit(first9: &str) -> Option<u8> {
    const W: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];
    if first9.len() != 9 || !first9.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first9
        .bytes()
        .zip(W)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let c = 10 - (sum % 11);
    (c < 10).then_some(c as u8)
}

/// Whether `YYYY-MM-DD` is a real calendar date.
pub fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (
        s[..4].parse::<u32>(),
        s[5..7].parse::<u32>(),
        s[8..].parse::<u32>(),
    ) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=2100).contains(&y) && (1..=days).contains(&d)
}

impl Condition {
    pub fn holds(&self, answers: &Answers) -> bool {
        answers
            .get(&self.field)
            .is_some_and(|v| v.split('|').any(|x| self.values.iter().any(|w| w == x)))
    }
}

impl Field {
    /// Whether the field is shown with these answers; `prefix` is the
    /// path of the group row it sits in, if any.
    pub fn visible(&self, answers: &Answers, prefix: &str) -> bool {
        self.show_if.as_ref().is_none_or(|c| {
            // A condition names a field of the same row first, else of the form.
            let local = Condition {
                field: format!("{prefix}{}", c.field),
                values: c.values.clone(),
            };
            if !prefix.is_empty() && answers.contains_key(&local.field) {
                local.holds(answers)
            } else {
                c.holds(answers)
            }
        })
    }
}

impl FormDef {
    /// Every field in order, for lists like "check your answers".
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.sections.iter().flat_map(|s| s.fields.iter())
    }

    /// The document slots with their components, visible with these answers.
    pub fn document_slots<'a>(&'a self, answers: &'a Answers) -> Vec<(&'a Field, &'a str)> {
        self.fields()
            .filter(|f| f.visible(answers, ""))
            .filter_map(|f| match &f.kind {
                Kind::Document { component } => Some((f, component.as_str())),
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
        for s in &self.sections {
            if section.is_some_and(|id| id != s.id) {
                continue;
            }
            for f in &s.fields {
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
        Kind::Address => {
            let province = get(&format!("{path}.province"));
            let commune = get(&format!("{path}.commune"));
            let street = get(&format!("{path}.street"));
            if province.is_empty() && commune.is_empty() && street.is_empty() {
                if f.required {
                    errors.add(&format!("{path}.province"), reasons::REQUIRED);
                }
                return;
            }
            if province.is_empty() {
                errors.add(&format!("{path}.province"), reasons::REQUIRED);
            }
            if commune.is_empty() {
                errors.add(&format!("{path}.commune"), reasons::REQUIRED);
            } else if !province.is_empty() && !lookup.commune_in_province(province, commune) {
                errors.add(&format!("{path}.commune"), reasons::UNKNOWN_COMMUNE);
            }
            if street.chars().count() > short_max() {
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
        Kind::Person => {
            // Name and date of birth always; the rest (FORMS.md rule 2) the
            // office looks up from the personal ID, so one of the two is needed.
            let parts = person_fields();
            for p in &parts {
                let mut p = p.clone();
                p.required = f.required && matches!(p.id.as_str(), "name" | "birth_date");
                check_field(&p, &format!("{path}."), answers, lookup, out, errors);
            }
            let has_id = !get(&format!("{path}.personal_id")).is_empty();
            if f.required && !has_id {
                for part in ["sex", "nationality"] {
                    if get(&format!("{path}.{part}")).is_empty() {
                        errors.add(&format!("{path}.{part}"), reasons::REQUIRED);
                    }
                }
            }
        }
        Kind::Group { fields, min, max } => {
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
                    out.insert(path, clean);
                }
                Err(reason) => errors.add(&path, reason),
            }
        }
    }
}

/// The inner fields of a person block.
pub fn person_fields() -> Vec<Field> {
    let field = |id: &str, vi: &str, en: &str, kind: Kind| Field {
        id: id.into(),
        label: Text {
            vi: vi.into(),
            en: en.into(),
        },
        hint: None,
        kind,
        required: false,
        show_if: None,
        prefill: None,
        locked: false,
    };
    let choice = |v: &str, vi: &str, en: &str| Choice {
        value: v.into(),
        label: Text {
            vi: vi.into(),
            en: en.into(),
        },
    };
    vec![
        field(
            "name",
            "Họ, chữ đệm, tên",
            "Full name",
            Kind::Text { max: 100 },
        ),
        field(
            "birth_date",
            "Ngày, tháng, năm sinh",
            "Date of birth",
            Kind::Date { past: true },
        ),
        field(
            "sex",
            "Giới tính",
            "Sex",
            Kind::Choice {
                options: vec![choice("nam", "Nam", "Male"), choice("nu", "Nữ", "Female")],
            },
        ),
        field(
            "ethnicity",
            "Dân tộc",
            "Ethnic group",
            Kind::Text { max: 50 },
        ),
        field(
            "nationality",
            "Quốc tịch",
            "Nationality",
            Kind::Text { max: 60 },
        ),
        field(
            "personal_id",
            "Số định danh cá nhân",
            "Personal ID number",
            Kind::PersonalId,
        ),
    ]
}

/// Checks and normalises one simple answer.
pub fn check_value(kind: &Kind, v: &str, lookup: &dyn Lookup) -> Result<String, &'static str> {
    match kind {
        Kind::Text { max } | Kind::LongText { max } => {
            if v.chars().count() > *max {
                Err(reasons::TOO_LONG)
            } else {
                Ok(v.to_owned())
            }
        }
        Kind::Number { min, max } => {
            let n: i64 = v.parse().map_err(|_| reasons::NOT_A_NUMBER)?;
            if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                Err(reasons::OUT_OF_RANGE)
            } else {
                Ok(n.to_string())
            }
        }
        Kind::Date { past } => {
            if !valid_date(v) {
                Err(reasons::INVALID_DATE)
            } else if *past && v > lookup.today().as_str() {
                Err(reasons::FUTURE_DATE)
            } else {
                Ok(v.to_owned())
            }
        }
        Kind::Choice { options } => options
            .iter()
            .any(|o| o.value == v)
            .then(|| v.to_owned())
            .ok_or(reasons::UNKNOWN_VALUE),
        Kind::MultiChoice { options } => {
            let picked: Vec<&str> = v.split('|').filter(|x| !x.is_empty()).collect();
            if picked.iter().all(|x| options.iter().any(|o| o.value == *x)) {
                Ok(picked.join("|"))
            } else {
                Err(reasons::UNKNOWN_VALUE)
            }
        }
        Kind::YesNo => match v {
            "yes" | "no" => Ok(v.to_owned()),
            _ => Err(reasons::UNKNOWN_VALUE),
        },
        Kind::Declaration => match v {
            "yes" => Ok(v.to_owned()),
            _ => Err(reasons::MUST_ACCEPT),
        },
        Kind::PersonalId => PersonalId::parse(v).map(String::from),
        Kind::TaxCode => normalize_tax_code(v),
        Kind::Phone => normalize_phone(v).ok_or(reasons::INVALID_PHONE),
        Kind::Email => valid_email(v)
            .then(|| v.to_owned())
            .ok_or(reasons::INVALID_EMAIL),
        Kind::Document { .. } => lookup
            .owns_document(v)
            .then(|| v.to_owned())
            .ok_or(reasons::UNKNOWN_DOCUMENT),
        Kind::Address | Kind::Person | Kind::Group { .. } => Err(reasons::UNKNOWN_VALUE),
    }
}

/// A generic form for a procedure without a written one: the applicant,
/// then one document slot per dossier component, then the declaration.
/// `components` are (case name, component names) as in the procedure record.
pub fn generic_form(procedure: &str, name: &str, components: &[(String, Vec<String>)]) -> FormDef {
    let t = |vi: &str, en: &str| Text {
        vi: vi.into(),
        en: en.into(),
    };
    let plain = |id: &str, label: Text, kind: Kind, required: bool| Field {
        id: id.into(),
        label,
        hint: None,
        kind,
        required,
        show_if: None,
        prefill: None,
        locked: false,
    };
    let mut applicant = vec![
        Field {
            prefill: Some(Prefill::FullName),
            locked: true,
            ..plain(
                "applicant_name",
                t("Họ, chữ đệm, tên người nộp", "Applicant's full name"),
                Kind::Text { max: 100 },
                true,
            )
        },
        Field {
            prefill: Some(Prefill::PersonalId),
            locked: true,
            ..plain(
                "applicant_id",
                t("Số định danh cá nhân", "Personal ID number"),
                Kind::PersonalId,
                true,
            )
        },
        Field {
            prefill: Some(Prefill::Phone),
            ..plain(
                "applicant_phone",
                t("Số điện thoại liên hệ", "Contact phone"),
                Kind::Phone,
                true,
            )
        },
        Field {
            prefill: Some(Prefill::Email),
            ..plain(
                "applicant_email",
                t("Thư điện tử", "Email"),
                Kind::Email,
                false,
            )
        },
        plain(
            "applicant_address",
            t("Địa chỉ liên hệ", "Contact address"),
            Kind::Address,
            true,
        ),
    ];
    applicant.push(plain(
        "request",
        t("Nội dung đề nghị", "What you are asking for"),
        Kind::LongText { max: 2000 },
        false,
    ));
    let cases: Vec<&(String, Vec<String>)> =
        components.iter().filter(|(_, d)| !d.is_empty()).collect();
    let mut docs = Vec::new();
    if cases.len() > 1 {
        docs.push(plain(
            "case",
            t("Trường hợp của bạn", "Your case"),
            Kind::Choice {
                options: cases
                    .iter()
                    .enumerate()
                    .map(|(i, (c, _))| Choice {
                        value: format!("c{i}"),
                        label: t(c, c),
                    })
                    .collect(),
            },
            true,
        ));
    }
    for (i, (_, names)) in cases.iter().enumerate() {
        for (j, n) in names.iter().enumerate() {
            docs.push(Field {
                show_if: (cases.len() > 1).then(|| Condition {
                    field: "case".into(),
                    values: vec![format!("c{i}")],
                }),
                ..plain(
                    &format!("doc_{i}_{j}"),
                    t(n, n),
                    Kind::Document {
                        component: n.clone(),
                    },
                    false,
                )
            });
        }
    }
    FormDef {
        procedure: procedure.into(),
        version: 1,
        title: t(name, name),
        source: "generic: applicant block and the dossier components of the procedure record".into(),
        sections: vec![
            Section {
                id: "applicant".into(),
                title: t("Người nộp hồ sơ", "Applicant"),
                intro: None,
                fields: applicant,
            },
            Section {
                id: "documents".into(),
                title: t("Giấy tờ kèm theo", "Documents"),
                intro: None,
                fields: docs,
            },
            Section {
                id: "declaration".into(),
                title: t("Cam đoan", "Declaration"),
                intro: None,
                fields: vec![plain(
                    "declaration",
                    t(
                        "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.",
                        "I declare that the above is true and I am responsible before the law for this declaration.",
                    ),
                    Kind::Declaration,
                    true,
                )],
            },
        ],
    }
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
            reason(Kind::Date { past: false }, "2026-02-29"),
            Err(reasons::INVALID_DATE)
        );
        assert_eq!(
            reason(Kind::Date { past: false }, "2028-02-29"),
            Ok("2028-02-29".into())
        );
        assert_eq!(
            reason(Kind::Date { past: true }, "2026-11-22"),
            Err(reasons::FUTURE_DATE)
        );
        assert_eq!(
            reason(Kind::Date { past: true }, "2026-11-21"),
            Ok("2026-11-21".into())
        );
        assert_eq!(
            reason(Kind::Date { past: false }, "21/11/2026"),
            Err(reasons::INVALID_DATE)
        );
        let opts = vec![
            Choice {
                value: "a".into(),
                label: Text::default(),
            },
            Choice {
                value: "b".into(),
                label: Text::default(),
            },
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
                    component: "x".into()
                },
                "doc-other"
            ),
            Err(reasons::UNKNOWN_DOCUMENT)
        );
    }

    fn form() -> FormDef {
        let f = |id: &str, kind: Kind, required: bool| Field {
            id: id.into(),
            label: Text::default(),
            hint: None,
            kind,
            required,
            show_if: None,
            prefill: None,
            locked: false,
        };
        let yes_no = f("married", Kind::YesNo, true);
        let spouse = Field {
            show_if: Some(Condition {
                field: "married".into(),
                values: vec!["yes".into()],
            }),
            ..f("spouse", Kind::Person, true)
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
                    fields: vec![yes_no, spouse, f("home", Kind::Address, true)],
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
