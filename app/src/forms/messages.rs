//! Error messages that name their field and say what to do, in Vietnamese and English, and the order of fields on the page.
//!
//! GOV.UK's pattern: not "This is needed." three times, but "Nhập số điện
//! thoại" / "Enter phone number", "Ngày sinh không được sau hôm nay". The
//! browser and the server hold the same form, so both can word an error
//! about any answer path of it (`child.birth_date`, `parents.1.name`,
//! `home.province`, `children.n`).

use super::*;

/// What an answer path belongs to: its label as a person reads it, the
/// kind of answer, and its place on the page (for ordering errors).
#[derive(Debug, Clone, PartialEq)]
pub struct Described {
    pub label: Text,
    pub kind: Kind,
    pub order: Vec<usize>,
    /// For a person's date of birth: the age the person must have.
    pub min_age: Option<u32>,
}

/// The parts of an address, as the form shows them.
fn address_part(part: &str) -> Option<(Text, Kind)> {
    let t = Text::new;
    let choice = Kind::Choice { options: vec![] };
    match part {
        "province" => Some((t("Tỉnh, thành phố", "Province or city"), choice)),
        "commune" => Some((
            t("Xã, phường, đặc khu", "Commune, ward or special zone"),
            choice,
        )),
        "street" => Some((
            t("Số nhà, đường, thôn, tổ", "House number, street, village"),
            Kind::Text { max: short_max() },
        )),
        "kind" => {
            let k = residence_kind_field();
            Some((k.label, k.kind))
        }
        _ => None,
    }
}

/// `inner (outer)`: a part named with the whole it belongs to.
fn within(inner: &Text, outer: &Text) -> Text {
    Text {
        vi: format!("{} ({})", inner.vi, outer.vi),
        en: format!("{} ({})", inner.get(true), outer.get(true)),
    }
}

fn find(fields: &[Field], path: &str, order: &mut Vec<usize>) -> Option<(Text, Kind)> {
    for (i, f) in fields.iter().enumerate() {
        if path == f.id {
            order.push(i);
            return Some((f.label.clone(), f.kind.clone()));
        }
        let Some(rest) = path
            .strip_prefix(f.id.as_str())
            .and_then(|r| r.strip_prefix('.'))
        else {
            continue;
        };
        order.push(i);
        return match &f.kind {
            Kind::Address { .. } => {
                let (label, kind) = address_part(rest)?;
                // The kind of residence comes first on the page.
                order.push(
                    ADDRESS_PARTS
                        .iter()
                        .position(|p| *p == rest)
                        .map_or(0, |i| i + 1),
                );
                Some((within(&label, &f.label), kind))
            }
            Kind::Person { .. } | Kind::IdPaper { .. } => {
                let parts = f.kind.parts()?;
                let (j, p) = parts.iter().enumerate().find(|(_, p)| p.id == rest)?;
                order.push(j);
                Some((within(&p.label, &f.label), p.kind.clone()))
            }
            Kind::Group { fields: inner, .. } => {
                if rest == "n" {
                    return Some((f.label.clone(), f.kind.clone()));
                }
                let (row, inner_path) = rest.split_once('.')?;
                let row: usize = row.parse().ok()?;
                order.push(row);
                let (label, kind) = find(inner, inner_path, order)?;
                let numbered = Text {
                    vi: format!("{} {}", f.label.vi, row + 1),
                    en: format!("{} {}", f.label.get(true), row + 1),
                };
                Some((within(&label, &numbered), kind))
            }
            _ => None,
        };
    }
    None
}

impl FormDef {
    /// The field an answer path belongs to, or `None` for a path the form
    /// does not have.
    pub fn describe(&self, path: &str) -> Option<Described> {
        self.sections.iter().enumerate().find_map(|(s, section)| {
            let mut order = vec![s];
            find(&section.fields, path, &mut order).map(|(label, kind)| Described {
                label,
                kind,
                order,
                min_age: path
                    .strip_suffix(".birth_date")
                    .and_then(|person| section.fields.iter().find(|f| f.id == person))
                    .and_then(|f| f.min_age),
            })
        })
    }

    /// `paths` in the order their fields come on the page; paths the form
    /// does not know come last, in their own order.
    pub fn in_page_order<'a>(&self, paths: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
        let mut keyed: Vec<(Vec<usize>, usize, &str)> = paths
            .into_iter()
            .enumerate()
            .map(|(n, p)| {
                let order = self
                    .describe(p)
                    .map_or_else(|| vec![usize::MAX], |d| d.order);
                (order, n, p)
            })
            .collect();
        keyed.sort();
        keyed.into_iter().map(|(_, _, p)| p).collect()
    }
}

/// The label as it reads inside a sentence: a capital that only starts
/// the label goes ("Số điện thoại" → "số điện thoại"); an acronym stays.
fn in_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_owned(),
    }
}

/// What the person does to give an answer of this kind.
fn verb(kind: &Kind, english: bool) -> &'static str {
    match (kind, english) {
        (
            Kind::Choice { .. } | Kind::MultiChoice { .. } | Kind::YesNo | Kind::Listed { .. },
            false,
        ) => "Chọn",
        (
            Kind::Choice { .. } | Kind::MultiChoice { .. } | Kind::YesNo | Kind::Listed { .. },
            true,
        ) => "Choose",
        (Kind::Document { .. }, false) => "Tải lên hoặc chọn từ Kho giấy tờ",
        (Kind::Document { .. }, true) => "Upload or pick from your Document store",
        (Kind::Group { .. }, false) => "Thêm",
        (Kind::Group { .. }, true) => "Add",
        (_, false) => "Nhập",
        (_, true) => "Enter",
    }
}

/// The message for `reason` at the field `d`: it names the field and says
/// what to do, in the page's language.
pub fn message(reason: &str, d: &Described, english: bool) -> String {
    use super::reasons as r;
    let label = d.label.get(english);
    let l = in_sentence(label);
    let v = verb(&d.kind, english);
    let range = |min: Option<i64>, max: Option<i64>| match (min, max, english) {
        (Some(a), Some(b), false) => format!(" từ {a} đến {b}"),
        (Some(a), Some(b), true) => format!(" from {a} to {b}"),
        (Some(a), None, false) => format!(" từ {a} trở lên"),
        (Some(a), None, true) => format!(" of {a} or more"),
        (None, Some(b), false) => format!(" không quá {b}"),
        (None, Some(b), true) => format!(" of {b} or less"),
        (None, None, _) => String::new(),
    };
    match (reason, english) {
        (r::REQUIRED, _) if matches!(d.kind, Kind::Declaration) => {
            message(r::MUST_ACCEPT, d, english)
        }
        (r::REQUIRED, _) => format!("{v} {l}"),
        (r::TOO_LONG, false) => match d.kind {
            Kind::Text { max } | Kind::LongText { max } => {
                format!("{label} dài tối đa {max} ký tự; hãy rút gọn")
            }
            _ => format!("{label} quá dài; hãy rút gọn"),
        },
        (r::TOO_LONG, true) => match d.kind {
            Kind::Text { max } | Kind::LongText { max } => {
                format!("{label} must be {max} characters or fewer")
            }
            _ => format!("{label} is too long"),
        },
        (r::INVALID_DATE, false) => match d.kind {
            Kind::Date {
                year_allowed: true, ..
            } => format!("{label} phải là một ngày có thật (ngày/tháng/năm, ví dụ 05/09/1990) hoặc một năm (ví dụ 1990)"),
            _ => format!("{label} phải là một ngày có thật (ngày/tháng/năm)"),
        },
        (r::INVALID_DATE, true) => match d.kind {
            Kind::Date {
                year_allowed: true, ..
            } => format!("{label} must be a real date (day/month/year, like 05/09/1990) or a year (like 1990)"),
            _ => format!("{label} must be a real date (day/month/year)"),
        },
        (r::INVALID_MONTH, false) => format!("{label} phải là tháng/năm, ví dụ 09/2015"),
        (r::INVALID_MONTH, true) => format!("{label} must be a month and year, like 09/2015"),
        (r::FUTURE_DATE, false) if matches!(d.kind, Kind::Month { .. }) => {
            format!("{label} không được sau tháng này")
        }
        (r::FUTURE_DATE, true) if matches!(d.kind, Kind::Month { .. }) => {
            format!("{label} must be this month or earlier")
        }
        (r::FUTURE_DATE, false) => format!("{label} không được sau ngày hôm nay"),
        (r::FUTURE_DATE, true) => format!("{label} must be today or in the past"),
        (r::NOT_12_DIGITS, false) => format!("{label} phải gồm đúng 12 chữ số"),
        (r::NOT_12_DIGITS, true) => format!("{label} must be exactly 12 digits"),
        (r::UNKNOWN_PROVINCE, false) => {
            format!("{label}: ba số đầu không phải mã tỉnh nào; kiểm tra lại trên thẻ")
        }
        (r::UNKNOWN_PROVINCE, true) => {
            format!("{label}: the first three digits are no province code; check the card")
        }
        (r::BAD_CENTURY_GENDER, false) => {
            format!(
                "{label}: chữ số thứ tư (thế kỷ sinh, giới tính) không đúng; kiểm tra lại trên thẻ"
            )
        }
        (r::BAD_CENTURY_GENDER, true) => {
            format!("{label}: the fourth digit (century of birth, sex) is wrong; check the card")
        }
        (r::INVALID_EMAIL, false) => format!("Nhập {l} đúng dạng, ví dụ ten@example.com"),
        (r::INVALID_EMAIL, true) => format!("Enter {l} in the right format, like name@example.com"),
        (r::INVALID_PHONE, false) => format!("Nhập {l} gồm 10 chữ số, ví dụ 0912345678"),
        (r::INVALID_PHONE, true) => format!("Enter {l} as 10 digits, like 0912345678"),
        (r::NOT_A_NUMBER | r::OUT_OF_RANGE, _) => {
            let (min, max) = match d.kind {
                Kind::Number { min, max } => (min, max),
                _ => (None, None),
            };
            if english {
                format!("{label} must be a number{}", range(min, max))
            } else {
                format!("{label} phải là một số{}", range(min, max))
            }
        }
        (r::INVALID_TAX_CODE | r::TAX_CODE_CHECKSUM, false) => {
            format!("{label} gồm 10 chữ số, hoặc 13 dạng 0123456789-001; kiểm tra lại")
        }
        (r::INVALID_TAX_CODE | r::TAX_CODE_CHECKSUM, true) => {
            format!("{label} is 10 digits, or 13 written 0123456789-001; check it")
        }
        (r::UNKNOWN_COMMUNE, false) => format!("Chọn {l} thuộc tỉnh, thành phố đã chọn"),
        (r::UNKNOWN_COMMUNE, true) => format!("Choose {l} within the province chosen"),
        (r::MUST_ACCEPT, false) => format!("Đánh dấu vào ô để xác nhận: {l}"),
        (r::MUST_ACCEPT, true) => format!("Tick the box to confirm: {l}"),
        (r::UNKNOWN_DOCUMENT, false) => {
            format!("Chọn lại {l}: giấy tờ này không còn trong Kho giấy tờ của bạn")
        }
        (r::UNKNOWN_DOCUMENT, true) => {
            format!("Choose {l} again: that document is no longer in your Document store")
        }
        (r::TOO_YOUNG, false) => format!(
            "{label}: người này phải từ đủ {} tuổi trở lên; kiểm tra lại ngày sinh",
            d.min_age.unwrap_or_default()
        ),
        (r::TOO_YOUNG, true) => format!(
            "{label}: this person must be {} or older; check the date of birth",
            d.min_age.unwrap_or_default()
        ),
        (r::NOT_OFFERED, false) => {
            format!("Chọn lại {l}: lựa chọn này không áp dụng với những gì đã khai")
        }
        (r::NOT_OFFERED, true) => {
            format!("Choose {l} again: that option does not apply to what you have told us")
        }
        (r::EXACTLY_ONE, _) => {
            let marked = match &d.kind {
                Kind::Group {
                    fields,
                    exactly_one: Some(one),
                    ..
                } => fields
                    .iter()
                    .find(|f| f.id == *one)
                    .map(|f| in_sentence(f.label.get(english))),
                _ => None,
            }
            .unwrap_or_default();
            if english {
                format!("{label}: mark exactly one row as “{marked}”")
            } else {
                format!("{label}: chọn đúng một dòng là “{marked}”")
            }
        }
        (r::TOO_FEW | r::TOO_MANY, _) => {
            let (min, max) = match d.kind {
                Kind::Group { min, max, .. } => (min.max(1), max),
                _ => (1, 1),
            };
            if english {
                format!("{label}: give from {min} to {max}")
            } else {
                format!("{label}: khai từ {min} đến {max}")
            }
        }
        (_, false) => format!("{label} chưa hợp lệ; kiểm tra lại"),
        (_, true) => format!("{label} is not valid; check it"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> FormDef {
        let t = Text::new;
        let field = Field::new;
        FormDef {
            procedure: "x".into(),
            version: 1,
            title: t("Tờ khai", "Form"),
            source: String::new(),
            sections: vec![
                Section {
                    id: "a".into(),
                    title: t("A", "A"),
                    intro: None,
                    fields: vec![
                        field("child", t("Người được khai sinh", "Child"), Kind::person()),
                        field("phone", t("Số điện thoại", "Phone number"), Kind::Phone),
                    ],
                },
                Section {
                    id: "b".into(),
                    title: t("B", "B"),
                    intro: None,
                    fields: vec![
                        field("home", t("Nơi cư trú", "Residence"), Kind::address()),
                        field(
                            "kids",
                            t("Con chung", "Children"),
                            Kind::Group {
                                fields: vec![field(
                                    "note",
                                    t("Ghi chú", "Note"),
                                    Kind::LongText { max: 300 },
                                )],
                                min: 0,
                                max: 5,
                                exactly_one: None,
                            },
                        ),
                    ],
                },
            ],
        }
    }

    #[test]
    fn every_kind_of_path_is_named_with_what_it_belongs_to() {
        let f = form();
        let label = |p: &str| f.describe(p).unwrap().label.vi;
        assert_eq!(label("phone"), "Số điện thoại");
        assert_eq!(
            label("child.birth_date"),
            "Ngày, tháng, năm sinh (Người được khai sinh)"
        );
        assert_eq!(label("home.commune"), "Xã, phường, đặc khu (Nơi cư trú)");
        assert_eq!(label("kids.1.note"), "Ghi chú (Con chung 2)");
        assert_eq!(label("kids.n"), "Con chung");
        assert!(f.describe("nothing").is_none());
        assert!(f.describe("child.shoe_size").is_none());
    }

    #[test]
    fn errors_come_in_the_order_of_the_page() {
        let f = form();
        let paths = [
            "kids.0.note",
            "phone",
            "zzz",
            "home.street",
            "child.name",
            "home.province",
        ];
        assert_eq!(
            f.in_page_order(paths),
            [
                "child.name",
                "phone",
                "home.province",
                "home.street",
                "kids.0.note",
                "zzz"
            ]
        );
    }

    #[test]
    fn a_message_names_its_field_and_says_what_to_do() {
        let f = form();
        let m =
            |reason: &str, path: &str, en: bool| message(reason, &f.describe(path).unwrap(), en);
        assert_eq!(m("required", "phone", false), "Nhập số điện thoại");
        assert_eq!(m("required", "phone", true), "Enter phone number");
        assert_eq!(
            m("required", "home.province", false),
            "Chọn tỉnh, thành phố (Nơi cư trú)"
        );
        assert_eq!(
            m("too_long", "kids.0.note", false),
            "Ghi chú (Con chung 1) dài tối đa 300 ký tự; hãy rút gọn"
        );
        assert_eq!(
            m("future_date", "child.birth_date", false),
            "Ngày, tháng, năm sinh (Người được khai sinh) không được sau ngày hôm nay"
        );
        assert!(m("not_12_digits", "child.personal_id", true).contains("exactly 12 digits"));
        assert!(m("something_new", "phone", false).starts_with("Số điện thoại"));
    }
}
