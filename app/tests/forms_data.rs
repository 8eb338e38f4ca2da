//! The e-forms in `data/forms` load into `FormDef` and keep the conventions the portal relies on.

use app::forms::{Condition, Field, FormDef, Kind, Text};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

const CODES: [&str; 11] = [
    "1.001193", "1.000894", "1.000656", "1.004873", "2.000635", "3.000333", "1.001612", "1.001022",
    "1.004837", "1.004859", "2.000806",
];

fn data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data")
}

/// Every form file, by the name of its file.
fn forms() -> BTreeMap<String, FormDef> {
    std::fs::read_dir(data().join("forms"))
        .expect("data/forms")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let form = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not a FormDef: {e}", p.display()));
            (p.file_stem().unwrap().to_string_lossy().into_owned(), form)
        })
        .collect()
}

fn bilingual(at: &str, t: &Text) {
    assert!(
        !t.vi.trim().is_empty() && !t.en.trim().is_empty(),
        "{at}: needs Vietnamese and English text"
    );
}

fn valid_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// A condition names an earlier field and values it can take; or a part
/// of an earlier person block (`subject.personal_id`) with `""`: "not given".
fn check_condition(here: &str, c: &Condition, known: &HashMap<&str, &Field>) {
    if let Some((block, part)) = c.field.split_once('.') {
        let person = known
            .get(block)
            .unwrap_or_else(|| panic!("{here}: condition names {}, not an earlier field", c.field));
        assert!(
            matches!(person.kind, Kind::Person { .. })
                && person
                    .kind
                    .parts()
                    .unwrap_or_default()
                    .iter()
                    .any(|p| p.id == part)
                && c.values == [""],
            "{here}: a condition on {} can only ask whether it was left empty",
            c.field
        );
        return;
    }
    let target = known
        .get(c.field.as_str())
        .unwrap_or_else(|| panic!("{here}: show_if names {}, not an earlier field", c.field));
    let answers: Vec<&str> = match &target.kind {
        Kind::Choice { options } | Kind::MultiChoice { options } => {
            options.iter().map(|o| o.value.as_str()).collect()
        }
        Kind::YesNo => vec!["yes", "no"],
        _ => panic!("{here}: show_if names {}, not a choice or yes/no", c.field),
    };
    for v in &c.values {
        assert!(
            answers.contains(&v.as_str()),
            "{here}: {} is never {v}",
            c.field
        );
    }
}

/// Checks the fields of one level. `ids` are the ids already used at this
/// level; `known` the fields a condition may name (earlier in the form, or
/// anywhere in the same group row).
fn check_level<'a>(
    at: &str,
    fields: &'a [Field],
    ids: &mut HashSet<&'a str>,
    known: &mut HashMap<&'a str, &'a Field>,
) {
    for f in fields {
        let here = format!("{at}/{}", f.id);
        assert!(valid_id(&f.id), "{here}: id must be lowercase snake_case");
        assert!(ids.insert(&f.id), "{here}: id used twice at this level");
        bilingual(&here, &f.label);
        if let Some(h) = &f.hint {
            bilingual(&format!("{here} (hint)"), h);
        }
        if let Some(c) = &f.show_if {
            check_condition(&here, c, known);
        }
        match &f.kind {
            Kind::Choice { options } | Kind::MultiChoice { options } => {
                assert!(!options.is_empty(), "{here}: no options");
                let mut values = HashSet::new();
                for o in options {
                    assert!(values.insert(&o.value), "{here}: option {} twice", o.value);
                    bilingual(&format!("{here}={}", o.value), &o.label);
                    if let Some(c) = &o.hide_if {
                        check_condition(&format!("{here}={}", o.value), c, known);
                    }
                }
            }
            Kind::Group { fields: row, .. } => {
                let mut row_known = known.clone();
                row_known.extend(row.iter().map(|f| (f.id.as_str(), f)));
                check_level(&here, row, &mut HashSet::new(), &mut row_known);
            }
            _ => {}
        }
        known.insert(&f.id, f);
    }
}

#[test]
fn every_form_loads_and_is_named_by_its_procedure() {
    let forms = forms();
    for code in CODES {
        assert!(
            forms.contains_key(code),
            "data/forms/{code}.json is missing"
        );
    }
    for (file, form) in &forms {
        assert_eq!(
            &form.procedure, file,
            "{file}: procedure differs from the file name"
        );
        assert!(form.version >= 1, "{file}: versions start at 1");
        bilingual(file, &form.title);
        // The title is the official declaration's, as on paper, not the
        // procedure's name (FORMS.md).
        assert!(
            form.title.vi.starts_with("Tờ khai ")
                || form.title.vi == "Giấy đề nghị đăng ký hộ kinh doanh",
            "{file}: title {:?} is not the declaration's",
            form.title.vi
        );
        // The person filing may be an organisation or a foreigner
        // ("công dân Việt Nam" names a nationality, not the applicant).
        // Component names are the record's words, not the form's.
        let components: Vec<String> = form
            .fields()
            .filter_map(|f| match &f.kind {
                Kind::Document { component, .. } => Some(component.clone()),
                _ => None,
            })
            .collect();
        for text in serde_json::to_string(form).unwrap().split('"') {
            if components.iter().any(|c| c == text) {
                continue;
            }
            let lower = text.to_lowercase();
            assert!(
                !lower.contains("công dân")
                    || lower.contains("căn cước công dân")
                    || lower.contains("công dân việt nam"),
                "{file}: calls the applicant a citizen: {text}"
            );
        }
        assert!(!form.source.trim().is_empty(), "{file}: no source");
        assert!(
            (2..=5).contains(&form.sections.len()),
            "{file}: 2 to 5 sections"
        );
    }
}

#[test]
fn ids_texts_choices_and_conditions_are_consistent() {
    for (file, form) in &forms() {
        let (mut ids, mut known) = (HashSet::new(), HashMap::new());
        let mut section_ids = HashSet::new();
        for s in &form.sections {
            let at = format!("{file}/{}", s.id);
            assert!(
                valid_id(&s.id) && section_ids.insert(&s.id),
                "{at}: bad or repeated section id"
            );
            bilingual(&at, &s.title);
            if let Some(intro) = &s.intro {
                bilingual(&format!("{at} (intro)"), intro);
            }
            assert!(!s.fields.is_empty(), "{at}: empty section");
            check_level(&at, &s.fields, &mut ids, &mut known);
        }
    }
}

/// The forms whose declaration asks how the result is received (FORMS.md
/// Z5: forms 4, 5 and 10; §6 item 18). The others do not ask: the original
/// is collected at the office and the e-copy goes to the person's store.
const ASK_DELIVERY: [&str; 4] = ["1.004873", "2.000635", "1.004859", "3.000333"];

#[test]
fn delivery_is_asked_only_where_the_declaration_asks_and_every_form_ends_with_its_pledge() {
    for (file, form) in &forms() {
        let field = |id: &str| form.fields().find(|f| f.id == id);
        if !ASK_DELIVERY.contains(&file.as_str()) {
            assert!(
                field("delivery").is_none() && field("delivery_address").is_none(),
                "{file}: its declaration does not ask how the result is received"
            );
        } else {
            let delivery = field("delivery").unwrap_or_else(|| panic!("{file}: no delivery"));
            let Kind::Choice { options } = &delivery.kind else {
                panic!("{file}: delivery is not a choice");
            };
            let values: Vec<&str> = options.iter().map(|o| o.value.as_str()).collect();
            assert_eq!(
                values,
                ["online", "counter", "post"],
                "{file}: delivery values"
            );
            assert!(delivery.required, "{file}: delivery must be required");
            let address = field("delivery_address").expect("delivery_address");
            assert!(
                matches!(address.kind, Kind::Address { .. }) && address.required,
                "{file}: delivery_address"
            );
            let by_post = Condition {
                field: "delivery".into(),
                values: vec!["post".into()],
            };
            assert_eq!(
                address.show_if.as_ref(),
                Some(&by_post),
                "{file}: delivery_address is for post"
            );
        }
        let last = form.fields().last().unwrap();
        assert!(
            last.id == "declaration" && matches!(last.kind, Kind::Declaration) && last.required,
            "{file}: the last field must be the required declaration"
        );
    }
}

#[test]
fn document_slots_name_components_of_the_procedure_record() {
    // Component names as the importer stores them: white space collapsed.
    let tidy = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let catalogue =
        std::fs::read_to_string(data().join("catalogue/procedures_province_commune.jsonl"))
            .expect("catalogue");
    let mut components: HashMap<String, HashSet<String>> = HashMap::new();
    for line in catalogue
        .lines()
        .filter(|l| CODES.iter().any(|c| l.contains(c)))
    {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let code = record["code"].as_str().unwrap_or_default();
        if !CODES.contains(&code) {
            continue;
        }
        let names = record["dossier"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|case| {
                case["documents"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|d| tidy(d["name"].as_str().unwrap_or_default()))
            });
        components.entry(code.to_owned()).or_default().extend(names);
    }
    for (file, form) in &forms() {
        for f in form.fields() {
            if let Kind::Document { component, basis } = &f.kind {
                // A slot the record does not list says why it is asked:
                // the declaration's photo box, or the rule that asks for it.
                if let Some(basis) = basis {
                    assert!(
                        basis.len() > 20 && !components.get(file).is_some_and(|c| c.contains(component)),
                        "{file}/{}: a slot with a basis is no component of the record, and the basis names its source",
                        f.id
                    );
                    continue;
                }
                let known = components.get(file).is_some_and(|c| c.contains(component));
                assert!(
                    known && *component == tidy(component),
                    "{file}/{}: component is not in the record of {file}: {component}",
                    f.id
                );
            }
        }
    }
}

struct Anywhere;
impl app::forms::Lookup for Anywhere {
    fn commune_in_province(&self, _: &str, _: &str) -> bool {
        true
    }
    fn owns_document(&self, _: &str) -> bool {
        true
    }
    fn today(&self) -> String {
        "2026-12-02".into()
    }
}

/// "Optional" means optional: over every shipped form, a field the page
/// labels optional (not `required`) is accepted empty, and one it does not
/// label so is refused empty; for a person block, what the page shows as
/// required (`person_part_required`, the same rule) is what is refused.
#[test]
fn what_the_label_calls_optional_the_validation_accepts_empty() {
    for (code, form) in forms() {
        let empty = app::forms::Answers::new();
        let errors = match form.validate(&empty, None, &Anywhere) {
            Ok(_) => Default::default(),
            Err(e) => e.0,
        };
        let shown = form.shown(&empty);
        for f in form.fields().filter(|f| shown.contains(&f.id)) {
            match &f.kind {
                Kind::Person { .. } | Kind::IdPaper { .. } => {
                    let prefix = format!("{}.", f.id);
                    let parts = f.kind.parts().unwrap_or_default();
                    for part in parts.iter().filter(|p| p.visible(&empty, &prefix)) {
                        let path = format!("{prefix}{}", part.id);
                        let required = match f.kind {
                            Kind::Person { .. } => {
                                app::forms::person_part_required(f.required, &part.id)
                            }
                            _ => f.required,
                        };
                        assert_eq!(
                            errors.contains_key(&path),
                            required,
                            "{code}: {path}: required={required}"
                        );
                    }
                }
                Kind::Address { .. } | Kind::Group { .. } => {}
                _ => assert_eq!(
                    errors.contains_key(&f.id),
                    f.required,
                    "{code}: {}: labelled {}",
                    f.id,
                    if f.required { "required" } else { "optional" }
                ),
            }
            if f.prefill == Some(app::forms::Prefill::Phone) {
                assert!(
                    !f.required,
                    "{code}: no declaration asks for the phone number"
                );
            }
        }
    }
}
