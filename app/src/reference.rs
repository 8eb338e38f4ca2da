//! The lists a form chooses from: Vietnam's ethnic groups, the countries and the business lines (VSIC 2025), from `data/reference/`.
//!
//! Built into the crate (a few kilobytes) so the browser checks a choice as
//! the server does and a form opened offline still offers them. The value
//! kept in an answer is the Vietnamese name, as a paper declaration has it,
//! or for a business line its four-digit code.

use crate::forms::Text;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Which list a field chooses from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum List {
    /// The 54 ethnic groups in the statistics office's order (Kinh first),
    /// and "Người nước ngoài" for a foreigner.
    EthnicGroups,
    /// The countries of ISO 3166-1, Việt Nam first, as nationalities.
    Countries,
    /// The 495 four-digit lines of the Vietnamese economic activity
    /// classification (VSIC 2025, Decision 36/2025/QĐ-TTg), by code; they
    /// have Vietnamese names only.
    BusinessLines,
}

/// One entry: the kept value (Vietnamese name) and its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub value: String,
    pub label: Text,
}

const ETHNIC_GROUPS: &str = include_str!("../../data/reference/ethnic_groups_vn.csv");
const COUNTRIES: &str = include_str!("../../data/reference/countries_nationalities.csv");
const BUSINESS_LINES: &str = include_str!("../../data/reference/vsic_2025_level4.csv");

impl List {
    /// The entries in the order they are offered.
    pub fn entries(self) -> &'static [Entry] {
        static ETHNIC: OnceLock<Vec<Entry>> = OnceLock::new();
        static COUNTRY: OnceLock<Vec<Entry>> = OnceLock::new();
        static LINES: OnceLock<Vec<Entry>> = OnceLock::new();
        match self {
            // code,name,other_names,ascii_key,is_ethnic_group; code 55 is
            // "Người nước ngoài", 56 "Không rõ" (not a choice a person makes).
            List::EthnicGroups => ETHNIC.get_or_init(|| {
                rows(ETHNIC_GROUPS)
                    .filter(|r| r.len() >= 5 && (r[4] == "1" || r[0] == "55"))
                    .map(|r| Entry {
                        value: r[1].clone(),
                        label: Text::new(&r[1], &r[1]),
                    })
                    .collect()
            }),
            // alpha2,alpha3,numeric,name_vi,name_vi_alternatives,name_en; VN first.
            List::Countries => COUNTRY.get_or_init(|| {
                rows(COUNTRIES)
                    .filter(|r| r.len() >= 6)
                    .map(|r| Entry {
                        value: r[3].clone(),
                        label: Text::new(&r[3], &r[5]),
                    })
                    .collect()
            }),
            // code,name: the code is kept, "4711 – name" is read.
            List::BusinessLines => LINES.get_or_init(|| {
                rows(BUSINESS_LINES)
                    .filter(|r| r.len() >= 2)
                    .map(|r| {
                        let label = format!("{} – {}", r[0], r[1]);
                        Entry {
                            value: r[0].clone(),
                            label: Text::new(&label, &label),
                        }
                    })
                    .collect()
            }),
        }
    }

    /// Whether the labels are Vietnamese in both languages (marked as such
    /// on an English page).
    pub fn vietnamese_only(self) -> bool {
        matches!(self, List::EthnicGroups | List::BusinessLines)
    }

    /// The label of a kept value, or the value itself if it is not listed.
    pub fn label_of(self, value: &str, english: bool) -> String {
        self.entries()
            .iter()
            .find(|e| e.value == value)
            .map_or_else(|| value.to_owned(), |e| e.label.get(english).to_owned())
    }

    pub fn contains(self, value: &str) -> bool {
        self.entries().iter().any(|e| e.value == value)
    }
}

/// The data rows of a CSV file (RFC 4180 quoting, no quoted line breaks).
fn rows(text: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut cells = vec![String::new()];
            let mut quoted = false;
            let mut chars = line.trim_end_matches('\r').chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '"' if quoted && chars.peek() == Some(&'"') => {
                        chars.next();
                        cells.last_mut().unwrap().push('"');
                    }
                    '"' => quoted = !quoted,
                    ',' if !quoted => cells.push(String::new()),
                    c => cells.last_mut().unwrap().push(c),
                }
            }
            cells
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_54_groups_and_foreigners_kinh_first() {
        let e = List::EthnicGroups.entries();
        assert_eq!(e.len(), 55);
        assert_eq!(e[0].value, "Kinh");
        assert_eq!(e[53].value, "Rơ măm");
        assert_eq!(e[54].value, "Người nước ngoài");
        assert!(!List::EthnicGroups.contains("Không rõ"));
    }

    #[test]
    fn the_countries_viet_nam_first_names_with_commas_whole() {
        let c = List::Countries.entries();
        assert_eq!(c.len(), 250);
        assert_eq!(c[0].value, "Việt Nam");
        assert_eq!(c[0].label.en, "Vietnam");
        assert!(List::Countries.contains("Bonaire, Sint Eustatius và Saba"));
        assert!(!List::Countries.contains("Atlantis"));
    }

    #[test]
    fn the_business_lines_of_vsic_2025_by_code() {
        let l = List::BusinessLines.entries();
        assert_eq!(l.len(), 495);
        assert_eq!(l[0].label.vi, "0111 – Trồng lúa");
        assert!(l
            .iter()
            .all(|e| e.value.len() == 4 && e.value.bytes().all(|b| b.is_ascii_digit())));
        assert!(
            l.windows(2).all(|w| w[0].value < w[1].value),
            "sorted, no repeats"
        );
        // New in 2025, gone since 2018.
        assert!(List::BusinessLines.contains("2611") && !List::BusinessLines.contains("6201"));
        assert_eq!(
            List::BusinessLines.label_of("4711", false),
            "4711 – Bán lẻ tổng hợp với lương thực, thực phẩm, đồ uống, thuốc lá, thuốc lào chiếm tỷ trọng lớn"
        );
    }
}
