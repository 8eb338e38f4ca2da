//! Every check of user input answers with an error, never a panic: a panic is a 500 on the server and an abort in the browser.
//!
//! The strings are arbitrary Unicode with the troublemakers mixed in on
//! purpose: combining marks, characters outside the BMP, NUL and other
//! controls, bidirectional overrides, and multi-byte letters at the byte
//! positions that fixed-length formats (tax codes, dates, IDs) slice at.

use app::forms::{self, Answers, Choice, Field, FormDef, Kind, Lookup, Section, Text};
use proptest::prelude::*;

/// A string of up to 40 characters drawn mostly from the awkward ones.
fn hostile() -> impl Strategy<Value = String> {
    let awkward = prop_oneof![
        Just('\u{0}'),
        Just('\u{7f}'),
        Just('\u{301}'),  // combining acute
        Just('\u{202e}'), // right-to-left override
        Just('\u{1F600}'),
        Just('\u{10FFFF}'),
        Just('đ'),
        Just('ệ'),
        Just('-'),
        Just('|'),
        Just('.'),
        Just('/'),
        Just('+'),
        Just(' '),
        proptest::char::range('0', '9'),
        any::<char>(),
    ];
    prop::collection::vec(awkward, 0..40).prop_map(|v| v.into_iter().collect())
}

struct AnyLookup;

impl Lookup for AnyLookup {
    fn commune_in_province(&self, province: &str, commune: &str) -> bool {
        province.len() == commune.len()
    }
    fn owns_document(&self, id: &str) -> bool {
        id.len() % 2 == 0
    }
    fn today(&self) -> String {
        "2026-12-02".into()
    }
}

fn text(s: &str) -> Text {
    Text {
        vi: s.into(),
        en: s.into(),
    }
}

fn field(id: &str, kind: Kind) -> Field {
    Field::new(id, text(id), kind)
}

/// One field of every kind, the composite ones included.
fn every_kind() -> Vec<Kind> {
    let options = vec![Choice::new("a", text("a")), Choice::new("b", text("b"))];
    vec![
        Kind::Text { max: 10 },
        Kind::LongText { max: 20 },
        Kind::Number {
            min: Some(-5),
            max: Some(5),
        },
        Kind::date(true),
        Kind::date(false),
        Kind::Date {
            past: true,
            year_allowed: true,
        },
        Kind::Month { past: true },
        Kind::Choice {
            options: options.clone(),
        },
        Kind::MultiChoice { options },
        Kind::YesNo,
        Kind::PersonalId,
        Kind::TaxCode,
        Kind::Phone,
        Kind::Email,
        Kind::address(),
        Kind::Address { residence: true },
        Kind::person(),
        Kind::Person { birth_year: true },
        Kind::IdPaper {
            birth_certificate: true,
        },
        Kind::Group {
            fields: vec![field("x", Kind::TaxCode), field("y", Kind::date(true))],
            min: 0,
            max: 3,
            exactly_one: Some("z".into()),
        },
        Kind::Document {
            component: "Giấy tờ".into(),
            basis: None,
        },
        Kind::Declaration,
    ]
}

fn form_of_every_kind() -> FormDef {
    FormDef {
        procedure: "1.000000".into(),
        version: 1,
        title: text("t"),
        source: String::new(),
        sections: vec![Section {
            id: "s".into(),
            title: text("s"),
            intro: None,
            fields: every_kind()
                .into_iter()
                .enumerate()
                .map(|(i, k)| field(&format!("f{i}"), k))
                .collect(),
        }],
    }
}

/// Keys a form's composite fields read: `f12.province`, `f14.n`, `f14.0.x`…
fn key() -> impl Strategy<Value = String> {
    let parts = prop_oneof![
        (0usize..17).prop_map(|i| format!("f{i}")),
        Just("province".to_owned()),
        Just("commune".to_owned()),
        Just("street".to_owned()),
        Just("name".to_owned()),
        Just("birth_date".to_owned()),
        Just("personal_id".to_owned()),
        Just("n".to_owned()),
        Just("0".to_owned()),
        Just("x".to_owned()),
        Just("y".to_owned()),
        hostile(),
    ];
    prop::collection::vec(parts, 1..4).prop_map(|v| v.join("."))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_field_kind_panics_on_any_text(s in hostile()) {
        for kind in every_kind() {
            let _ = forms::check_value(&kind, &s, &AnyLookup);
        }
        let _ = forms::normalize_tax_code(&s);
        let _ = forms::tax_check_digit(&s);
        let _ = forms::valid_date(&s);
    }

    #[test]
    fn no_form_panics_on_any_answers(pairs in prop::collection::vec((key(), hostile()), 0..30)) {
        let answers: Answers = pairs.into_iter().collect();
        let form = form_of_every_kind();
        let _ = form.validate(&answers, None, &AnyLookup);
        let _ = form.validate(&answers, Some("s"), &AnyLookup);
        let _ = form.document_slots(&answers);
    }

    #[test]
    fn no_parser_of_user_input_panics(s in hostile(), t in hostile()) {
        let _ = app::identity::PersonalId::parse(&s);
        let _ = app::identity::valid_email(&s);
        let _ = app::identity::normalize_phone(&s);
        let _ = app::identity::safe_return_to(&s);
        let _ = app::identity::Role::parse(&s);
        let _ = app::identity::ProfileUpdate {
            email: s.clone(),
            phone: t.clone(),
            preferred_lang: s.clone(),
            ..Default::default()
        }
        .validate();
        let _ = app::calendar::Date::parse(&s);
        let _ = app::calendar::LocalDateTime::parse(&s);
        let _ = app::calendar::vn_day(&s);
        let _ = app::dossiers::Delivery::parse(&s);
        let _ = app::lifecycle::Action::parse(&s);
        let _ = app::lifecycle::SupplementClock::parse(&s);
        let _ = app::procedures::looks_like_code(&s);
        let _ = app::text::fold(&s);
        let _ = app::text::tokens(&s);
        let _ = app::text::slug(&s);
        let _ = app::paths::in_workspace(&s);
        let p = app::search::SearchParams {
            q: Some(s.clone()),
            subject: Some(t.clone()),
            field: Some(s.clone()),
            service_level: Some(t.clone()),
            level: Some(s.clone()),
            agency: Some(t.clone()),
            page: Some(s.clone()),
            per_page: Some(t.clone()),
            sort: Some(s.clone()),
            facet_limit: Some(t.clone()),
        };
        let _ = app::search::SearchQuery::parse(&p);
        let rating = app::ratings::Rating {
            overall: s.len() as u8,
            convenience: Some(t.len() as u8),
            punctuality: None,
            attitude: None,
            contacts: None,
            clarity: None,
            comment: s.clone(),
        };
        let _ = rating.validate();
    }

    #[test]
    fn no_step_request_panics_on_any_text(note in hostile(), item in hostile(), date in hostile()) {
        use app::lifecycle::{judge, Action, Actor, Facts, StepRequest};
        let facts = Facts {
            status: app::dossiers::Status::Processing,
            supplement_used: false,
            resume: None,
            has_result: true,
            by_post: true,
            due_date: app::calendar::Date::new(2026, 12, 2).unwrap(),
        };
        for action in ["accept", "refuse", "request_supplement", "apologise", "stop", "finish", "return_result", "withdraw"] {
            let Some(action) = Action::parse(action) else { continue };
            let step = StepRequest {
                action,
                note: note.clone(),
                items: vec![item.clone()],
                new_due_date: date.clone(),
                documents: vec![item.clone()],
                tracking: item.clone(),
            };
            let _ = judge(Actor::Officer, &facts, &step);
            let _ = judge(Actor::Applicant, &facts, &step);
        }
    }
}

#[test]
fn a_multi_byte_letter_where_a_tax_code_is_cut_is_refused_not_a_panic() {
    // 13 bytes, with a two-byte letter across the tenth byte.
    let s = "010123456đ12";
    assert_eq!(s.len(), 13);
    assert_eq!(
        forms::normalize_tax_code(s),
        Err(forms::reasons::INVALID_TAX_CODE)
    );
}
