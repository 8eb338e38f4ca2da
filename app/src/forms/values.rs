//! Checks of single answers: each field kind's rule, tax codes and calendar dates.

use super::*;

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

fn valid_year(s: &str) -> bool {
    s.len() == 4 && s.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y))
}

/// A date as a person types it: `dd/mm/yyyy` (or `d/m/yyyy`, with `-` or
/// `.`), a year alone, or already `YYYY-MM-DD`; returned as `YYYY-MM-DD`
/// or `YYYY`, unchecked. `None` when it has no such shape.
pub fn typed_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.len() == 4 || (s.len() == 10 && s.as_bytes()[4] == b'-') {
        return Some(s.to_owned());
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    let [d, m, y] = parts[..] else {
        return None;
    };
    let num =
        |x: &str, n: usize| (1..=n).contains(&x.len()) && x.bytes().all(|b| b.is_ascii_digit());
    (num(d, 2) && num(m, 2) && y.len() == 4 && num(y, 4)).then(|| format!("{y}-{m:0>2}-{d:0>2}"))
}

/// A month as a person types it, `mm/yyyy` (or `m/yyyy`, `mm-yyyy`), or
/// already `YYYY-MM`; returned as `YYYY-MM` when it is a real month.
pub fn typed_month(s: &str) -> Option<String> {
    let s = s.trim();
    let (y, m) = match s.split_once(['/', '-', '.'])? {
        (y, m) if y.len() == 4 => (y, m),
        (m, y) => (y, m),
    };
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    let month: u32 = m.parse().ok().filter(|_| digits(m) && m.len() <= 2)?;
    (digits(y) && valid_year(y) && (1..=12).contains(&month)).then(|| format!("{y}-{month:02}"))
}

/// An answer as a person reads it: dates `dd/mm/yyyy`, months `mm/yyyy`,
/// a year alone as it is; anything else unchanged.
pub fn shown_date(v: &str) -> String {
    match (v.len(), v.get(0..4), v.get(5..7), v.get(8..10)) {
        (10, Some(y), Some(m), Some(d)) if valid_date(v) => format!("{d}/{m}/{y}"),
        (7, Some(y), Some(m), None) if typed_month(v).as_deref() == Some(v) => format!("{m}/{y}"),
        _ => v.to_owned(),
    }
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
        Kind::Date { past, year_allowed } => {
            let v = if *year_allowed {
                typed_date(v).ok_or(reasons::INVALID_DATE)?
            } else {
                v.to_owned()
            };
            let today = lookup.today();
            // A year alone is in the past when it is not after this year.
            let today = if v.len() == 4 {
                &today[..4]
            } else {
                &today[..]
            };
            if !(valid_date(&v) || (*year_allowed && valid_year(&v))) {
                Err(reasons::INVALID_DATE)
            } else if *past && v.as_str() > today {
                Err(reasons::FUTURE_DATE)
            } else {
                Ok(v)
            }
        }
        Kind::Month { past } => {
            let v = typed_month(v).ok_or(reasons::INVALID_MONTH)?;
            if *past && v.as_str() > &lookup.today()[..7] {
                Err(reasons::FUTURE_DATE)
            } else {
                Ok(v)
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
        Kind::Listed { list } => list
            .contains(v)
            .then(|| v.to_owned())
            .ok_or(reasons::UNKNOWN_VALUE),
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
        Kind::Document { .. } if v == super::PAPER_ONLY && lookup.paper_accepted() => {
            Ok(v.to_owned())
        }
        Kind::Document { .. } => lookup
            .owns_document(v)
            .then(|| v.to_owned())
            .ok_or(reasons::UNKNOWN_DOCUMENT),
        Kind::Address { .. } | Kind::Person { .. } | Kind::IdPaper { .. } | Kind::Group { .. } => {
            Err(reasons::UNKNOWN_VALUE)
        }
    }
}
