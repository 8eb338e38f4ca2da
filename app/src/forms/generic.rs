//! Forms made from data: the parts of a person block and of an identity paper, and the generic form of a procedure without a written one.

use super::*;

fn part(id: &str, vi: &str, en: &str, kind: Kind) -> Field {
    Field {
        required: false,
        ..Field::new(id, Text::new(vi, en), kind)
    }
}

fn choice(v: &str, vi: &str, en: &str) -> Choice {
    Choice::new(v, Text::new(vi, en))
}

/// The inner fields of a person block; with `birth_year` the date of
/// birth may be a year alone.
pub fn person_fields(birth_year: bool) -> Vec<Field> {
    let field = part;
    let mut parts = vec![
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
            Kind::Date {
                past: true,
                year_allowed: birth_year,
            },
        ),
        Field {
            hint: Some(Text::new(
                "12 chữ số, là số của thẻ căn cước, căn cước công dân hoặc căn cước điện tử.",
                "12 digits: the number of the identity card or electronic identity.",
            )),
            ..field(
                "personal_id",
                "Số định danh cá nhân",
                "Personal ID number",
                Kind::PersonalId,
            )
        },
        // Asked only without a personal ID (the office reads them from it).
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
            Kind::Listed {
                list: crate::reference::List::EthnicGroups,
            },
        ),
        field(
            "nationality",
            "Quốc tịch",
            "Nationality",
            Kind::Listed {
                list: crate::reference::List::Countries,
            },
        ),
    ];
    if birth_year {
        parts[1].hint = Some(Text::new(
            "Ghi ngày/tháng/năm, ví dụ 05/09/1990; nếu chỉ biết năm sinh, ghi năm, ví dụ 1990.",
            "Day/month/year, like 05/09/1990; if only the year is known, the year, like 1990.",
        ));
    }
    parts
}

/// The kinds of identity paper a person without a personal ID gives
/// (FORMS.md rule 3: whoever has a personal ID, an identity card or an
/// electronic identity gives its number, the personal ID, instead).
pub mod id_papers {
    pub const PASSPORT: &str = "passport";
    pub const SUBSTITUTE: &str = "substitute";
    pub const BIRTH_CERTIFICATE: &str = "birth_certificate";
}

/// The parts of an identity paper, in the order of the declaration's line
/// ("Hộ chiếu số … do … cấp ngày …").
pub fn id_paper_fields(birth_certificate: bool) -> Vec<Field> {
    use id_papers::*;
    let shown_for = |kind: &str| {
        Some(Condition {
            field: "kind".into(),
            values: vec![kind.into()],
        })
    };
    let mut kinds = vec![
        choice(PASSPORT, "Hộ chiếu", "Passport"),
        choice(
            SUBSTITUTE,
            "Giấy tờ hợp lệ thay thế",
            "Another valid identity paper",
        ),
    ];
    if birth_certificate {
        kinds.push(choice(
            BIRTH_CERTIFICATE,
            "Giấy khai sinh (với trẻ em)",
            "Birth certificate (for a child)",
        ));
    }
    vec![
        part(
            "kind",
            "Loại giấy tờ",
            "Kind of paper",
            Kind::Choice { options: kinds },
        ),
        Field {
            show_if: shown_for(SUBSTITUTE),
            ..part(
                "name",
                "Tên giấy tờ",
                "Name of the paper",
                Kind::Text { max: 100 },
            )
        },
        part("number", "Số", "Number", Kind::Text { max: 30 }),
        Field {
            show_if: shown_for(BIRTH_CERTIFICATE),
            ..part("book", "Quyển số", "Book number", Kind::Text { max: 50 })
        },
        part(
            "issuer",
            "Cơ quan cấp",
            "Issued by",
            Kind::Text { max: 200 },
        ),
        part("date", "Ngày cấp", "Date of issue", Kind::date(true)),
    ]
}

/// The kinds of residence, in the order of the rule: the permanent one;
/// without it the temporary one; without either, where the person lives.
pub fn residence_kind_field() -> Field {
    part(
        "kind",
        "Loại nơi cư trú",
        "Kind of residence",
        Kind::Choice {
            options: vec![
                choice("permanent", "Nơi thường trú", "Permanent residence"),
                choice("temporary", "Nơi tạm trú", "Temporary residence"),
                choice(
                    "current",
                    "Nơi đang sinh sống",
                    "Where the person lives now",
                ),
            ],
        },
    )
}

/// The parts of a person block asked only when it has no personal ID.
pub const WITHOUT_ID: [&str; 3] = ["sex", "ethnicity", "nationality"];

/// The version of the generic forms' shape: raised when it changes
/// (2: the phone number is optional, as no declaration asks for it), so a
/// stored generic form of an older shape is made again for new dossiers.
pub const GENERIC_VERSION: u32 = 2;

/// A generic form for a procedure without a written one: the applicant,
/// then one document slot per dossier component, then the declaration.
/// `components` are (case name, component names) as in the procedure record.
pub fn generic_form(procedure: &str, name: &str, components: &[(String, Vec<String>)]) -> FormDef {
    let t = Text::new;
    let plain = |id: &str, label: Text, kind: Kind, required: bool| Field {
        required,
        ..Field::new(id, label, kind)
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
                false,
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
            Kind::address(),
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
                    .map(|(i, (c, _))| {
                        // A case the record leaves unnamed still needs a
                        // name a person (and a screen reader) can choose by.
                        let label = if c.trim().is_empty() {
                            t(&format!("Trường hợp {}", i + 1), &format!("Case {}", i + 1))
                        } else {
                            t(c, c)
                        };
                        Choice::new(&format!("c{i}"), label)
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
                        basis: None,
                    },
                    false,
                )
            });
        }
    }
    FormDef {
        procedure: procedure.into(),
        version: GENERIC_VERSION,
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
