//! Each written form against its official declaration (`shared/forms/FORMS.md`): a table a form of the fields that matter, whether each is required and when each is asked; then the rules that tie answers together, by validating answers as the browser and the server do.

use app::forms::{reasons, Answers, Field, FormDef, Kind, Lookup};
use std::path::PathBuf;

fn form(code: &str) -> FormDef {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../data/forms/{code}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn field<'a>(f: &'a FormDef, id: &str) -> &'a Field {
    f.fields()
        .find(|x| x.id == id)
        .unwrap_or_else(|| panic!("{}: no field {id}", f.procedure))
}

/// Asked always (`None`) or only when the named answer is one of the values.
type When = Option<(&'static str, &'static [&'static str])>;
/// Required, asked always.
const R: (bool, When) = (true, None);
/// Optional, asked always.
const O: (bool, When) = (false, None);

/// (field, required, when it is asked), as FORMS.md says of each form.
fn table(code: &str) -> Vec<(&'static str, (bool, When))> {
    let requester = vec![
        ("requester_name", R),
        ("requester_id", R),
        ("phone", O),
        ("email", O),
    ];
    // How the result is received is asked only where the declaration asks
    // it (FORMS.md Z5: forms 4, 5 and 10; §6 item 18).
    let closing = if ["1.004873", "2.000635", "1.004859", "3.000333"].contains(&code) {
        vec![
            ("delivery", R),
            (
                "delivery_address",
                (true, Some(("delivery", &["post"][..]))),
            ),
            ("declaration", R),
        ]
    } else {
        vec![("declaration", R)]
    };
    let own: Vec<(&'static str, (bool, When))> = match code {
        // §1: the child's block, the parents only when known, the parents'
        // marriage certificate only if they registered one.
        "1.001193" => vec![
            ("relationship", R),
            ("child", R),
            ("birth_place", R),
            ("home_town", R),
            ("mother", (true, Some(("mother_known", &["yes"][..])))),
            ("father", (true, Some(("father_known", &["yes"][..])))),
            (
                "marriage_cert_no",
                (false, Some(("parents_married", &["yes"][..]))),
            ),
        ],
        // §2: both parties, each with which marriage this is.
        "1.000894" | "2.000806" => vec![
            ("bride", R),
            ("groom", R),
            ("bride_marriage_no", R),
            ("groom_marriage_no", R),
        ],
        // §3: the notice's number, issuer and date follow one rule; the cause may be blank.
        "1.000656" => vec![
            ("relationship", R),
            ("deceased", R),
            ("death_date", R),
            ("death_place", R),
            ("death_cause", O),
            (
                "notice_number",
                (
                    true,
                    Some(("notice_kind", &["death_notice", "substitute"][..])),
                ),
            ),
            (
                "notice_issuer",
                (
                    true,
                    Some(("notice_kind", &["death_notice", "substitute"][..])),
                ),
            ),
            (
                "notice_date",
                (
                    true,
                    Some(("notice_kind", &["death_notice", "substitute"][..])),
                ),
            ),
        ],
        // §4: the status only without a personal ID; the purpose always; the
        // intended spouse when it is for a marriage.
        "1.004873" => vec![
            ("relationship", R),
            ("subject", R),
            (
                "marital_status",
                (true, Some(("subject.personal_id", &[""][..]))),
            ),
            ("purpose", R),
            (
                "intended_spouse",
                (true, Some(("purpose", &["marriage"][..]))),
            ),
        ],
        // §5: the kind of record and the number of copies.
        "2.000635" => vec![
            ("relationship", R),
            ("subject", R),
            ("record_kind", R),
            ("copies", R),
        ],
        // §6: father and mother, as the declaration asks.
        "3.000333" => vec![
            ("relationship", R),
            ("father", R),
            ("mother", R),
            ("certificate_type", R),
            ("purpose", R),
        ],
        // §8: the other parent's consent when needed.
        "1.001022" => vec![
            ("relationship", R),
            ("recogniser", R),
            ("recognised", R),
            (
                "other_parent_consent",
                (true, Some(("other_parent_needed", &["yes"][..]))),
            ),
        ],
        // §9: no relationship line; guardian, ward and the reason.
        "1.004837" => vec![("guardian", R), ("ward", R), ("reason", R)],
        // §10: the earlier registration whole, the change, its reason, the consents.
        "1.004859" => vec![
            ("relationship", R),
            ("subject", R),
            ("registered_at", R),
            ("registered_date", R),
            ("registration_no", R),
            ("book_no", R),
            ("changes", R),
            ("reason", R),
            ("subject_consent", R),
            ("parents_consent", R),
        ],
        // §7 (partly found): the owner when someone files for them, who
        // founds it, the name, head office and its phone, the lines and
        // the capital; the tax address only when it differs.
        "1.001612" => vec![
            (
                "owner",
                (
                    true,
                    Some((
                        "filer_role",
                        &["individual", "service_org", "public_post", "other_post"][..],
                    )),
                ),
            ),
            ("founder", R),
            ("business_name", R),
            ("head_office", R),
            ("office_phone", R),
            ("lines", R),
            ("capital", R),
            (
                "tax_address",
                (true, Some(("tax_address_differs", &["yes"][..]))),
            ),
        ],
        other => panic!("no table for {other}"),
    };
    // Rule (3) and rule (2): each named person's identity paper, and their
    // residence, are asked only when their personal ID is not given; the
    // paper is then required.
    let papers: Vec<(&'static str, (bool, When))> = match code {
        "1.001193" => vec![("mother", true), ("father", true)],
        "1.000894" | "2.000806" => vec![("bride", true), ("groom", true)],
        "1.000656" => vec![("deceased", false)],
        "1.004873" => vec![("subject", true), ("intended_spouse", true)],
        "2.000635" | "1.004859" => vec![("subject", true)],
        "3.000333" => vec![("subject", false)],
        "1.001022" => vec![("recogniser", true), ("recognised", true)],
        "1.004837" => vec![("guardian", true), ("ward", true)],
        _ => vec![],
    }
    .into_iter()
    .flat_map(|(person, residence)| {
        let when: When = Some((leak(format!("{person}.personal_id")), &[""][..]));
        let paper = (leak(format!("{person}_id_doc")), (true, when));
        let home = (leak(format!("{person}_residence")), (false, when));
        std::iter::once(paper).chain(residence.then_some(home))
    })
    .collect();
    requester
        .into_iter()
        .chain(own)
        .chain(papers)
        .chain(closing)
        .collect()
}

/// A table's name made from a person's: kept for the test's run.
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

#[test]
fn each_form_asks_what_its_declaration_asks_and_when() {
    for code in [
        "1.001193", "1.000894", "1.000656", "1.004873", "2.000635", "3.000333", "1.001612",
        "1.001022", "1.004837", "1.004859", "2.000806",
    ] {
        let f = form(code);
        for (id, (required, when)) in table(code) {
            let x = field(&f, id);
            assert_eq!(x.required, required, "{code}/{id}: required");
            let got = x.show_if.as_ref().map(|c| {
                (
                    c.field.as_str(),
                    c.values.iter().map(String::as_str).collect::<Vec<_>>(),
                )
            });
            assert_eq!(
                got,
                when.map(|(f, v)| (f, v.to_vec())),
                "{code}/{id}: when it is asked"
            );
        }
        // The guardianship declaration has no relationship line (§9).
        assert_eq!(
            f.fields().any(|x| x.id == "relationship"),
            !["1.004837", "1.000894", "1.001612", "2.000806"].contains(&code),
            "{code}: relationship line"
        );
        // Opinions are consents, never free text (§8, §10).
        assert!(
            !f.fields().any(|x| x.id.contains("opinion")),
            "{code}: an opinion asked as free text"
        );
    }
}

struct Today;
impl Lookup for Today {
    fn commune_in_province(&self, _: &str, _: &str) -> bool {
        true
    }
    fn owns_document(&self, _: &str) -> bool {
        true
    }
    fn today(&self) -> String {
        "2026-12-04".into()
    }
}

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The section a field is on.
fn section_of(f: &FormDef, id: &str) -> String {
    f.sections
        .iter()
        .find(|s| s.fields.iter().any(|x| x.id == id))
        .unwrap_or_else(|| panic!("{}: no field {id}", f.procedure))
        .id
        .clone()
}

/// The reasons given for `path` when only `section` is checked.
fn reasons_at(f: &FormDef, section: &str, a: &Answers, path: &str) -> Vec<String> {
    match f.validate(a, Some(section), &Today) {
        Ok(_) => vec![],
        Err(e) => e.0.get(path).cloned().unwrap_or_default(),
    }
}

#[test]
fn the_marriage_form_checks_the_legal_ages() {
    let f = form("1.000894");
    assert_eq!(field(&f, "bride").min_age, Some(18));
    assert_eq!(field(&f, "groom").min_age, Some(20));
    let person = |who: &str, born: &str| {
        answers(&[
            (&format!("{who}.name") as &str, "Nguyễn Văn Bình"),
            (&format!("{who}.birth_date"), born),
            (&format!("{who}.personal_id"), "001206012345"),
            (&format!("{who}_marriage_no"), "1"),
        ])
    };
    // The groom turns 20 tomorrow: refused today, with a message that says the age.
    let young = reasons_at(
        &f,
        "groom",
        &person("groom", "2006-12-05"),
        "groom.birth_date",
    );
    assert_eq!(young, [reasons::TOO_YOUNG]);
    let d = f.describe("groom.birth_date").unwrap();
    let said = app::forms::message(reasons::TOO_YOUNG, &d, false);
    assert!(
        said.contains("20 tuổi") && said.contains("Bên nam"),
        "{said}"
    );
    // On his birthday he may.
    assert!(reasons_at(
        &f,
        "groom",
        &person("groom", "2006-12-04"),
        "groom.birth_date"
    )
    .is_empty());
    // A bride of 18 may; of 17 not.
    assert!(reasons_at(
        &f,
        "bride",
        &person("bride", "2008-12-04"),
        "bride.birth_date"
    )
    .is_empty());
    assert_eq!(
        reasons_at(
            &f,
            "bride",
            &person("bride", "2009-01-01"),
            "bride.birth_date"
        ),
        [reasons::TOO_YOUNG]
    );
}

#[test]
fn the_marital_status_is_asked_only_without_a_personal_id() {
    let f = form("1.004873");
    let with_id = answers(&[
        ("subject.name", "Lê Thị Hoa"),
        ("subject.birth_date", "1990-01-01"),
        ("subject.personal_id", "001190012345"),
    ]);
    let without = answers(&[
        ("subject.name", "Lê Thị Hoa"),
        ("subject.birth_date", "1990-01-01"),
    ]);
    let status = field(&f, "marital_status");
    assert!(!status.visible(&with_id, ""));
    assert!(status.visible(&without, ""));
    let section = section_of(&f, "marital_status");
    assert!(reasons_at(&f, &section, &with_id, "marital_status").is_empty());
    assert_eq!(
        reasons_at(&f, &section, &without, "marital_status"),
        [reasons::REQUIRED]
    );
    // A status chosen before the ID was typed brings no details back: the
    // spouse's name follows the status, which is hidden.
    let mut lingering = with_id.clone();
    lingering.insert("marital_status".into(), "married".into());
    assert!(!f.shown(&lingering).contains("spouse_name"));
    assert!(reasons_at(&f, &section, &lingering, "spouse_name").is_empty());
    let mut married = without.clone();
    married.insert("marital_status".into(), "married".into());
    assert!(f.shown(&married).contains("spouse_name"));
    assert_eq!(
        reasons_at(&f, &section, &married, "spouse_name"),
        [reasons::REQUIRED]
    );
}

#[test]
fn an_authorised_person_cannot_ask_for_certificate_no_2() {
    let f = form("3.000333");
    let Kind::Choice { options } = &field(&f, "certificate_type").kind else {
        panic!("certificate_type is a choice");
    };
    let no2 = options.iter().find(|o| o.value == "no2").unwrap();
    let section = section_of(&f, "certificate_type");
    let asked = |who: &str, kind: &str| {
        let a = answers(&[("relationship", who), ("certificate_type", kind)]);
        (
            no2.offered(&a, ""),
            reasons_at(&f, &section, &a, "certificate_type"),
        )
    };
    assert_eq!(
        asked("authorised", "no2"),
        (false, vec![reasons::NOT_OFFERED.to_owned()])
    );
    assert_eq!(asked("authorised", "no1"), (false, vec![]));
    assert_eq!(asked("self", "no2"), (true, vec![]));
    let d = f.describe("certificate_type").unwrap();
    assert!(app::forms::message(reasons::NOT_OFFERED, &d, false).starts_with("Chọn lại loại Phiếu"));
}

#[test]
fn the_death_notice_number_follows_its_issuer_and_date() {
    let f = form("1.000656");
    let section = section_of(&f, "notice_number");
    let a = answers(&[
        ("notice_kind", "death_notice"),
        ("notice_issuer", "Bệnh viện Bạch Mai"),
        ("notice_date", "2026-12-01"),
    ]);
    assert_eq!(
        reasons_at(&f, &section, &a, "notice_number"),
        [reasons::REQUIRED]
    );
    let none = answers(&[("notice_kind", "none")]);
    assert!(reasons_at(&f, &section, &none, "notice_number").is_empty());
}

#[test]
fn an_identity_paper_is_its_kind_number_issuer_and_date_and_only_without_a_personal_id() {
    let f = form("1.000894");
    let section = section_of(&f, "bride_id_doc");
    let Kind::IdPaper { birth_certificate } = field(&f, "bride_id_doc").kind else {
        panic!("bride_id_doc is an identity paper");
    };
    assert!(!birth_certificate, "an adult has no birth certificate line");
    let bride = [
        ("bride.name", "Lê Thị Hoa"),
        ("bride.birth_date", "1990-01-01"),
    ];
    // No personal ID: the paper is asked, part by part.
    let mut a = answers(&bride);
    a.insert("bride_id_doc.kind".into(), "passport".into());
    let e = f.validate(&a, Some(&section), &Today).unwrap_err().0;
    for part in ["number", "issuer", "date"] {
        assert_eq!(
            e[&format!("bride_id_doc.{part}")],
            [reasons::REQUIRED],
            "{part}"
        );
    }
    assert!(
        !e.contains_key("bride_id_doc.name"),
        "a passport needs no name"
    );
    let d = f.describe("bride_id_doc.issuer").unwrap();
    assert_eq!(
        app::forms::message(reasons::REQUIRED, &d, false),
        "Nhập cơ quan cấp (Giấy tờ tùy thân)"
    );
    // A substitute paper is named.
    a.insert("bride_id_doc.kind".into(), "substitute".into());
    let e = f.validate(&a, Some(&section), &Today).unwrap_err().0;
    assert_eq!(e["bride_id_doc.name"], [reasons::REQUIRED]);
    // A date of issue after today is refused.
    a.insert("bride_id_doc.kind".into(), "passport".into());
    a.insert("bride_id_doc.number".into(), "C1234567".into());
    a.insert(
        "bride_id_doc.issuer".into(),
        "Cục Quản lý xuất nhập cảnh".into(),
    );
    a.insert("bride_id_doc.date".into(), "2027-01-01".into());
    let e = f.validate(&a, Some(&section), &Today).unwrap_err().0;
    assert_eq!(e["bride_id_doc.date"], [reasons::FUTURE_DATE]);
    a.insert("bride_id_doc.date".into(), "2020-05-01".into());
    let e = f.validate(&a, Some(&section), &Today).unwrap_err().0;
    assert!(!e.keys().any(|k| k.starts_with("bride_id_doc")), "{e:?}");
    // With a personal ID none of it is asked, and nothing of it is kept.
    a.insert("bride.personal_id".into(), "001190012345".into());
    a.insert("bride_marriage_no".into(), "1".into());
    let clean = f.validate(&a, Some(&section), &Today).unwrap();
    assert!(!clean.keys().any(|k| k.starts_with("bride_id_doc")));
    // A child's paper may be their birth certificate, with its book number.
    let f = form("1.004837");
    assert!(matches!(
        field(&f, "ward_id_doc").kind,
        Kind::IdPaper {
            birth_certificate: true
        }
    ));
    let section = section_of(&f, "ward_id_doc");
    let a = answers(&[("ward_id_doc.kind", "birth_certificate")]);
    assert_eq!(
        reasons_at(&f, &section, &a, "ward_id_doc.book"),
        [reasons::REQUIRED]
    );
    // An adult's form does not offer it.
    let f = form("1.000894");
    let a = answers(&[("bride_id_doc.kind", "birth_certificate")]);
    assert_eq!(
        reasons_at(&f, "bride", &a, "bride_id_doc.kind"),
        [reasons::UNKNOWN_VALUE]
    );
}

#[test]
fn a_residence_says_its_kind() {
    let f = form("1.001193");
    let section = section_of(&f, "residence");
    // Left empty it is fine (the office looks it up); given, its kind is needed.
    assert!(reasons_at(&f, &section, &answers(&[]), "residence.kind").is_empty());
    let a = answers(&[("residence.province", "01"), ("residence.commune", "00004")]);
    assert_eq!(
        reasons_at(&f, &section, &a, "residence.kind"),
        [reasons::REQUIRED]
    );
    let d = f.describe("residence.kind").unwrap();
    assert_eq!(
        app::forms::message(reasons::REQUIRED, &d, false),
        "Chọn loại nơi cư trú (Nơi cư trú)"
    );
    // The kind comes first among the errors, as on the page.
    assert_eq!(
        f.in_page_order(["residence.street", "residence.kind"]),
        ["residence.kind", "residence.street"]
    );
    let mut a = a;
    a.insert("residence.kind".into(), "temporary".into());
    assert!(reasons_at(&f, &section, &a, "residence.kind").is_empty());
    a.insert("residence.kind".into(), "holiday".into());
    assert_eq!(
        reasons_at(&f, &section, &a, "residence.kind"),
        [reasons::UNKNOWN_VALUE]
    );
    // A criminal-record request asks for each kind on its own line.
    let f = form("3.000333");
    assert!(matches!(
        field(&f, "permanent_residence").kind,
        Kind::Address { residence: false }
    ));
}

#[test]
fn a_parent_born_in_a_known_year_only_gives_the_year() {
    let f = form("1.001193");
    let section = section_of(&f, "mother");
    let mother = |born: &str| {
        answers(&[
            ("mother_known", "yes"),
            ("father_known", "no"),
            ("mother.name", "Lê Thị Hoa"),
            ("mother.birth_date", born),
            ("mother.personal_id", "001190012345"),
        ])
    };
    let clean = |born: &str| {
        f.validate(&mother(born), Some(&section), &Today)
            .map(|a| a["mother.birth_date"].clone())
            .map_err(|e| e.0.get("mother.birth_date").cloned().unwrap_or_default())
    };
    assert_eq!(clean("1990"), Ok("1990".into()));
    assert_eq!(clean("5/9/1990"), Ok("1990-09-05".into()));
    assert_eq!(clean("1990-09-05"), Ok("1990-09-05".into()));
    assert_eq!(clean("31/02/1990"), Err(vec![reasons::INVALID_DATE.into()]));
    assert_eq!(clean("2027"), Err(vec![reasons::FUTURE_DATE.into()]));
    assert_eq!(clean("năm 90"), Err(vec![reasons::INVALID_DATE.into()]));
    // The child's own date of birth is a whole date.
    let child = answers(&[("child.birth_date", "2026")]);
    assert_eq!(
        reasons_at(&f, "child", &child, "child.birth_date"),
        [reasons::INVALID_DATE]
    );
}

#[test]
fn the_residence_history_takes_months() {
    let f = form("3.000333");
    let section = section_of(&f, "residence_history");
    let row = |from: &str, to: &str| {
        answers(&[
            ("residence_history.n", "1"),
            ("residence_history.0.from_month", from),
            ("residence_history.0.to_month", to),
            ("residence_history.0.place", "Hà Nội"),
        ])
    };
    let at = |a: &Answers, part: &str| {
        reasons_at(&f, &section, a, &format!("residence_history.0.{part}"))
    };
    let a = row("9/2010", "2015-06");
    assert!(at(&a, "from_month").is_empty() && at(&a, "to_month").is_empty());
    // Kept as `YYYY-MM`, shown as `mm/yyyy`.
    assert_eq!(
        app::forms::typed_month("9/2010").as_deref(),
        Some("2010-09")
    );
    assert_eq!(app::forms::shown_date("2010-09"), "09/2010");
    assert_eq!(
        at(&row("13/2010", ""), "from_month"),
        [reasons::INVALID_MONTH]
    );
    assert_eq!(
        at(&row("01/2027", ""), "from_month"),
        [reasons::FUTURE_DATE]
    );
    let d = f.describe("residence_history.0.from_month").unwrap();
    assert!(app::forms::message(reasons::INVALID_MONTH, &d, false).contains("09/2015"));
}

#[test]
fn a_marriage_with_a_foreign_element_asks_for_the_photos_and_its_papers() {
    let f = form("2.000806");
    // Each party's photo, from the declaration's own photo box.
    for who in ["bride_photo", "groom_photo"] {
        let x = field(&f, who);
        assert!(x.required, "{who}");
        assert!(
            matches!(&x.kind, Kind::Document { basis: Some(b), .. } if b.contains("Ảnh")),
            "{who}: a photo of the declaration"
        );
    }
    // The papers every such marriage needs, and those of particular cases.
    let empty = answers(&[]);
    let asked: Vec<&str> = f
        .document_slots(&empty)
        .iter()
        .map(|(x, _)| x.id.as_str())
        .collect();
    for id in [
        "passport_copy",
        "foreign_marital_status",
        "medical_certificate",
    ] {
        assert!(asked.contains(&id), "{id} is always asked");
    }
    assert!(!asked.contains(&"employer_letter"));
    let serving = answers(&[("civil_servant", "yes"), ("divorced_abroad", "yes")]);
    let asked: Vec<&str> = f
        .document_slots(&serving)
        .iter()
        .map(|(x, _)| x.id.as_str())
        .collect();
    assert!(asked.contains(&"employer_letter") && asked.contains(&"divorce_record"));
    assert!(!asked.contains(&"embassy_certificate"));
    // The ordinary marriage form sends that case to this procedure, and asks no photo.
    let plain = form("1.000894");
    assert!(plain.sections[0]
        .intro
        .as_ref()
        .is_some_and(|i| i.vi.contains("2.000806")));
    assert!(!plain.fields().any(|x| x.id.ends_with("_photo")));
}

#[test]
fn recognising_a_parent_or_child_cannot_be_delegated() {
    // TT 04/2020/TT-BTP Art. 2(1): marriage, its re-registration and the
    // recognition of a parent or child are not done by an authorised person.
    for code in ["1.001022", "1.000894", "2.000806"] {
        let f = form(code);
        let offered = f.fields().any(|x| match &x.kind {
            Kind::Choice { options } => options.iter().any(|o| o.value == "authorised"),
            _ => false,
        });
        assert!(!offered, "{code}: no authorised person");
        assert!(!f.fields().any(|x| x.id == "authorisation"), "{code}");
    }
}

#[test]
fn business_lines_come_from_the_national_list_with_exactly_one_main_line() {
    let f = form("1.001612");
    let section = section_of(&f, "lines");
    let lines = |rows: &[(&str, &str)]| {
        let mut a = answers(&[("lines.n", &rows.len().to_string())]);
        for (i, (code, main)) in rows.iter().enumerate() {
            a.insert(format!("lines.{i}.code"), (*code).into());
            a.insert(format!("lines.{i}.main"), (*main).into());
        }
        a
    };
    let at = |a: &Answers, path: &str| reasons_at(&f, &section, a, path);
    // One main line among two: accepted.
    assert!(at(&lines(&[("4711", "yes"), ("5610", "no")]), "lines.n").is_empty());
    // None, or two, marked main: refused, with a message that says what to do.
    for rows in [
        &[("4711", "no"), ("5610", "no")][..],
        &[("4711", "yes"), ("5610", "yes")],
    ] {
        assert_eq!(at(&lines(rows), "lines.n"), [reasons::EXACTLY_ONE]);
    }
    let d = f.describe("lines.n").unwrap();
    assert_eq!(
        app::forms::message(reasons::EXACTLY_ONE, &d, false),
        "Ngành, nghề kinh doanh: chọn đúng một dòng là “ngành, nghề kinh doanh chính”"
    );
    // A code not in VSIC 2025 (6201 was a 2018 code) is refused.
    assert_eq!(
        at(&lines(&[("6201", "yes")]), "lines.0.code"),
        [reasons::UNKNOWN_VALUE]
    );
    assert!(at(&lines(&[("6211", "yes")]), "lines.0.code").is_empty());
}
