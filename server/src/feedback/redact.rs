//! Masking personal data out of a feedback before it is published: names, ID numbers, phone numbers, e-mail and street addresses, and whatever the officer adds by hand.
//!
//! The rules lean to masking: a published answer with one word too many
//! hidden costs a reader little, one personal detail shown costs the sender
//! a lot. The counter-examples in the tests are what must stay readable:
//! units, places of government, legal references, dates and amounts.

use regex::Regex;
use std::sync::LazyLock;

pub const NAME: &str = "[họ tên]";
pub const ID: &str = "[số giấy tờ]";
pub const PHONE: &str = "[số điện thoại]";
pub const EMAIL: &str = "[thư điện tử]";
pub const ADDRESS: &str = "[địa chỉ]";
/// What an officer masked by hand.
pub const BY_HAND: &str = "[đã che]";

static EMAIL_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+").expect("valid"));
/// A mobile or landline number: 0 or +84, then nine or ten digits (the
/// first one a 2, 3, 5, 7, 8 or 9, as Vietnamese numbers are since 2018)
/// in groups separated by a space, a dot or a hyphen.
static PHONE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+84[ .-]?|\b0)[235789]\d(?:[ .-]?\d){7,8}\b").expect("valid")
});
/// A personal ID (9 or 12 digits), a tax code (10 or 13), a passport or
/// social insurance number: any run of nine to thirteen digits.
static ID_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b[A-Z]?\d{9,13}\b").expect("valid"));
/// A capitalised word, and up to `n` more: a proper name.
macro_rules! proper {
    ($n:literal) => {
        concat!(r"\p{Lu}[\p{L}\d]*(?:\s+\p{Lu}[\p{L}\d]*){0,", $n, "}")
    };
}
/// The parts of a street address a person's home is found by: a house
/// number, a lane, a street, a hamlet or a residential group.
static ADDRESS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(?:[Ss]ố nhà|[Nn]hà số|[Ss]ố)\s+\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*(?:\s*,)?\s+(?:(?:đường|phố|ngõ|ngách|hẻm|kiệt)\s+)?",
        proper!(3),
        r"|\b(?:[Ss]ố nhà|[Nn]hà số)\s+\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*",
        r"|\b(?:[Nn]gõ|[Nn]gách|[Hh]ẻm|[Kk]iệt)\s+\d+[\w/]*",
        r"|\b(?:[Đđ]ường|[Pp]hố)\s+",
        proper!(3),
        r"|\b(?:[Tt]hôn|[Ấấ]p|[Tt]ổ dân phố|[Kk]hu phố|[Tt]ổ|[Xx]óm)\s+(?:\d+\w*|",
        proper!(2),
        ")"
    ))
    .expect("valid")
});
/// A person named after how they are addressed: "ông Lê Văn Cường",
/// "chị Hoa", "cán bộ Khoa". The form of address stays.
static ADDRESSED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b((?i:ông|bà|anh|chị|cô|chú|bác|em|cháu|cán bộ|chuyên viên|đồng chí|công chức|viên chức))\s+(",
        proper!(3),
        ")"
    ))
    .expect("valid")
});
/// A full name beginning with one of the common Vietnamese family names.
static SURNAME_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(?:Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đinh|Trịnh|Đoàn|Lương|Trương|Lâm|Mai|Cao|Tạ|Hà|Đào|Tô|Thái|Châu|Quách|Lưu|Kiều|Tăng|Triệu|Mạc|Lục)\s+",
        proper!(2)
    ))
    .expect("valid")
});

/// Words after which a capitalised name is a place or an institution, not
/// a person: "Thành phố Hồ Chí Minh", "xã Tân An", "trường Lê Quý Đôn".
const PLACE_WORDS: [&str; 16] = [
    "phố",
    "xã",
    "phường",
    "tỉnh",
    "quận",
    "huyện",
    "trường",
    "viện",
    "tp",
    "tp.",
    "thpt",
    "thcs",
    "chợ",
    "cầu",
    "đặc khu",
    "tiểu học",
];

/// Whether the word before `start` in `text` makes a name there a place.
fn after_place_word(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end().to_lowercase();
    PLACE_WORDS.iter().any(|w| {
        before
            .strip_suffix(w)
            .is_some_and(|rest| rest.is_empty() || rest.ends_with(char::is_whitespace))
    })
}

/// Replaces every match of `re` for which `keep` is false with `mask`.
fn mask_matches(text: &str, re: &Regex, mask: &str, keep: impl Fn(&str, usize) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for m in re.find_iter(text) {
        if keep(text, m.start()) {
            continue;
        }
        out.push_str(&text[last..m.start()]);
        out.push_str(mask);
        last = m.end();
    }
    out.push_str(&text[last..]);
    out
}

/// Masks `phrase` wherever it appears as whole words, in any letter case.
fn mask_phrase(text: &str, phrase: &str, mask: &str) -> String {
    let phrase = phrase.trim();
    if phrase.chars().count() < 2 {
        return text.to_owned();
    }
    let edge = |c: Option<char>| {
        if c.is_some_and(char::is_alphanumeric) {
            r"\b"
        } else {
            ""
        }
    };
    let pattern = format!(
        "(?i){}{}{}",
        edge(phrase.chars().next()),
        regex::escape(phrase),
        edge(phrase.chars().last())
    );
    match Regex::new(&pattern) {
        Ok(re) => re.replace_all(text, mask).into_owned(),
        Err(_) => text.to_owned(),
    }
}

/// `text` with personal data masked: first what is known to be the
/// sender's (`known`: their name, ID, phone, e-mail, address), then what
/// the officer chose (`by_hand`), then whatever looks like personal data.
pub fn redact(text: &str, known: &[&str], by_hand: &[String]) -> String {
    let mut t = text.to_owned();
    for k in known {
        t = mask_phrase(&t, k, NAME);
    }
    for h in by_hand {
        t = mask_phrase(&t, h, BY_HAND);
    }
    let never = |_: &str, _: usize| false;
    t = mask_matches(&t, &EMAIL_RE, EMAIL, never);
    t = mask_matches(&t, &PHONE_RE, PHONE, never);
    t = mask_matches(&t, &ID_RE, ID, never);
    t = mask_matches(&t, &ADDRESS_RE, ADDRESS, |text, at| {
        // "Thành phố Hồ Chí Minh" is a city, not a street.
        text[..at].to_lowercase().trim_end().ends_with("thành")
    });
    t = ADDRESSED_RE
        .replace_all(&t, |c: &regex::Captures| format!("{} {NAME}", &c[1]))
        .into_owned();
    mask_matches(&t, &SURNAME_RE, NAME, after_place_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> String {
        redact(s, &[], &[])
    }

    #[test]
    fn each_kind_of_personal_data_is_masked() {
        let cases = [
            (
                "Số CCCD của tôi là 001085012345.",
                "Số CCCD của tôi là [số giấy tờ].",
            ),
            (
                "CMND 025123456 cấp năm 2010",
                "CMND [số giấy tờ] cấp năm 2010",
            ),
            ("Mã số thuế 0101234567-001", "Mã số thuế [số giấy tờ]-001"),
            (
                "Gọi tôi số 0912 345 678 nhé",
                "Gọi tôi số [số điện thoại] nhé",
            ),
            ("ĐT: 0912.345.678", "ĐT: [số điện thoại]"),
            ("hoặc +84 912345678", "hoặc [số điện thoại]"),
            ("máy bàn 024-3825-1234", "máy bàn [số điện thoại]"),
            (
                "thư về an.nguyen@example.vn giúp tôi",
                "thư về [thư điện tử] giúp tôi",
            ),
            (
                "Tôi ở số 12 đường Lê Lợi, xã Tân An",
                "Tôi ở [địa chỉ], xã Tân An",
            ),
            (
                "nhà ở số nhà 5/3, phường Long Xuyên",
                "nhà ở [địa chỉ], phường Long Xuyên",
            ),
            ("ngõ 45 phố Huế", "[địa chỉ] [địa chỉ]"),
            ("hẻm 12/4 gần chợ", "[địa chỉ] gần chợ"),
            ("thôn Đông Bình, xã Mỹ Hòa", "[địa chỉ], xã Mỹ Hòa"),
            ("ấp 3 xã Vĩnh Hanh", "[địa chỉ] xã Vĩnh Hanh"),
            ("tổ 7, khu phố Bình Khánh", "[địa chỉ], [địa chỉ]"),
            (
                "Ông Lê Văn Cường ở bộ phận một cửa",
                "Ông [họ tên] ở bộ phận một cửa",
            ),
            (
                "cán bộ Khoa hẹn tôi ba lần",
                "cán bộ [họ tên] hẹn tôi ba lần",
            ),
            ("chị Hoa tiếp nhận", "chị [họ tên] tiếp nhận"),
            (
                "Tôi tên là Nguyễn Văn An, sinh năm 1985",
                "Tôi tên là [họ tên], sinh năm 1985",
            ),
            ("Trần Thị Bình nộp thay", "[họ tên] nộp thay"),
        ];
        for (text, want) in cases {
            assert_eq!(r(text), want, "{text}");
        }
    }

    #[test]
    fn what_is_not_personal_stays() {
        let stays = [
            "Theo Nghị định số 118/2025/NĐ-CP ngày 09/6/2025",
            "Hồ sơ 000.00.H29-261202-0001 nộp ngày 05.12.2026",
            "Lệ phí 1.500.000 đồng",
            "Ủy ban nhân dân xã Tân An, tỉnh An Giang",
            "Sở Tư pháp tỉnh An Giang trả lời",
            "Thành phố Hồ Chí Minh",
            "Trung tâm Phục vụ hành chính công",
            "đường dây nóng của tổ chức",
            "bà con trong xóm đều biết, anh chị em cùng làm",
            "Bản sao có chứng thực",
            "trường THPT Lê Quý Đôn",
            "trong 15 ngày làm việc, từ 8 giờ đến 17 giờ",
        ];
        for text in stays {
            assert_eq!(r(text), text);
        }
    }

    #[test]
    fn the_senders_own_details_and_the_officers_choices_are_masked() {
        let out = redact(
            "Tôi là NGUYỄN VĂN AN, con gái tôi học lớp 5A ở Tân An.",
            &["Nguyễn Văn An"],
            &["lớp 5a".to_owned()],
        );
        assert_eq!(out, "Tôi là [họ tên], con gái tôi học [đã che] ở Tân An.");
        // Whole words only, and never a single letter.
        assert_eq!(redact("ban An", &["an"], &[]), "ban [họ tên]");
        assert_eq!(redact("a b c", &["a"], &[]), "a b c");
    }
}
