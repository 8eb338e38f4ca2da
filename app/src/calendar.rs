//! Working-day calendar and deadline arithmetic for dossiers: civil dates, Vietnamese public holidays, cut-off times.
//!
//! # Rules
//!
//! * A **working day** is Monday–Friday unless the holiday table marks it as
//!   a day off (public holiday, observed day off, substitute day off), plus
//!   every **makeup working day** (a Saturday worked in exchange for a
//!   substitute day off).
//! * The holiday table is operator data embedded from
//!   `data/calendar/vn_public_holidays_2024_2027.csv`. For years outside the
//!   table ([`covered_years`]) only weekends are non-working days: we would
//!   rather show a deadline that may be a day early than invent holidays.
//!   Substitute days for 2027 were not decided when the table was made.
//! * The day of receipt is not counted (Civil Code 2015 Art. 147): a period
//!   of N working days ends at the end of the N-th working day after the
//!   (effective) day of receipt.
//! * A dossier received after the cut-off time (default 15:00, local time),
//!   or on a non-working day, counts as received on the next working day.
//!   The cut-off is inclusive: "after 15:00" means 15:00 itself is still on
//!   time, and with minute resolution 15:00 covers 15:00:00–15:00:59;
//!   15:01 is late.
//! * Periods in calendar days end on the last day, or if that is not a
//!   working day on the next working day (Civil Code 2015 Art. 148).
//!
//! Worked examples (N = 1 working day, ordinary weeks):
//! received Monday 10:00 → due Tuesday; received Monday 16:00 → treated as
//! received Tuesday → due Wednesday; received Saturday (online) → treated as
//! received Monday → due Tuesday.
//!
//! No clock is read here (the crate also runs in the browser): callers pass
//! the time of receipt, e.g. from [`LocalDateTime::from_unix_seconds`].

use std::ops::RangeInclusive;
use std::sync::OnceLock;

mod date;
pub use date::*;

// ---------------------------------------------------------------------------
// The holiday table
// ---------------------------------------------------------------------------

/// Where the embedded table comes from, for error messages.
const HOLIDAYS_PATH: &str = "data/calendar/vn_public_holidays_2024_2027.csv";
const HOLIDAYS_CSV: &str = include_str!("../../data/calendar/vn_public_holidays_2024_2027.csv");

/// Dossiers received after this local time count as received the next
/// working day.
pub const DEFAULT_CUTOFF: (u8, u8) = (15, 0);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Not a working day even if it is a weekday.
    DayOff,
    /// A working day even if it is a Saturday.
    MakeupWorkingDay,
}

#[derive(Debug)]
struct Special {
    date: Date,
    kind: Kind,
    /// Names from the table; `None` for makeup days known only from the
    /// `makeup_working_day` column of their substitute day off.
    names: Option<(String, String)>,
}

#[derive(Debug)]
struct Calendar {
    /// Sorted by date, one entry per date.
    specials: Vec<Special>,
    years: RangeInclusive<i32>,
}

/// Splits one CSV record. Handles quoted fields (with `""` escapes) in case
/// an operator's spreadsheet adds them; records spanning lines are not
/// supported and the table has none.
fn split_csv_line(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
        } else {
            match c {
                '"' if at_field_start => quoted = true,
                ',' => {
                    fields.push(std::mem::take(&mut field));
                    at_field_start = true;
                    continue;
                }
                _ => field.push(c),
            }
        }
        at_field_start = false;
    }
    if quoted {
        return Err("unterminated quoted field".to_owned());
    }
    fields.push(field);
    Ok(fields)
}

impl Calendar {
    /// Parses and checks the table. Every inconsistency is an error rather
    /// than a guess: the table is compiled in, so a unit test catches a bad
    /// edit before it ships.
    fn parse(csv: &str) -> Result<Calendar, String> {
        let csv = csv.strip_prefix('\u{feff}').unwrap_or(csv);
        let mut lines = csv
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
            .filter(|(_, l)| !l.trim().is_empty());
        let (_, header) = lines.next().ok_or("empty file")?;
        let header = split_csv_line(header)?;
        let col = |name: &str| {
            header
                .iter()
                .position(|h| h.trim() == name)
                .ok_or(format!("missing column {name}"))
        };
        let (c_date, c_weekday, c_year) = (col("date")?, col("weekday")?, col("year")?);
        let (c_vi, c_en, c_cat) = (col("name_vi")?, col("name_en")?, col("category")?);
        let (c_off, c_makeup) = (col("is_day_off")?, col("makeup_working_day")?);

        let mut rows: Vec<Special> = Vec::new();
        // Makeup days named in the makeup_working_day column of a day off.
        let mut referenced: Vec<(usize, Date)> = Vec::new();
        let mut years: Option<(i32, i32)> = None;
        for (n, line) in lines {
            let f = split_csv_line(line).map_err(|e| format!("line {n}: {e}"))?;
            if f.len() != header.len() {
                return Err(format!(
                    "line {n}: {} fields, header has {}",
                    f.len(),
                    header.len()
                ));
            }
            let date = Date::parse(f[c_date].trim())
                .map_err(|e| format!("line {n}: date {:?}: {e}", f[c_date]))?;
            // The redundant weekday and year columns catch a mistyped date.
            if f[c_weekday].trim() != date.weekday().short_name() {
                return Err(format!(
                    "line {n}: {date} is a {}, not {}",
                    date.weekday().short_name(),
                    f[c_weekday]
                ));
            }
            let year: i32 = f[c_year]
                .trim()
                .parse()
                .map_err(|_| format!("line {n}: bad year {:?}", f[c_year]))?;
            if year != date.year() {
                return Err(format!("line {n}: year {year} but date {date}"));
            }
            years = Some(match years {
                None => (year, year),
                Some((lo, hi)) => (lo.min(year), hi.max(year)),
            });
            let day_off = match f[c_off].trim() {
                "1" => true,
                "0" => false,
                other => return Err(format!("line {n}: is_day_off {other:?}, expected 0 or 1")),
            };
            let category = f[c_cat].trim();
            let kind = match (category, day_off) {
                ("public_holiday" | "observed_day_off" | "substitute_day_off", true) => {
                    Kind::DayOff
                }
                ("makeup_working_day", false) => Kind::MakeupWorkingDay,
                _ => {
                    return Err(format!(
                        "line {n}: category {category:?} with is_day_off {}",
                        u8::from(day_off)
                    ))
                }
            };
            let makeup = f[c_makeup].trim();
            if !makeup.is_empty() {
                let m = Date::parse(makeup)
                    .map_err(|e| format!("line {n}: makeup_working_day {makeup:?}: {e}"))?;
                referenced.push((n, m));
            }
            rows.push(Special {
                date,
                kind,
                names: Some((f[c_vi].trim().to_owned(), f[c_en].trim().to_owned())),
            });
        }
        // A makeup day named only from its day off still counts as worked.
        for (n, m) in referenced {
            if !rows.iter().any(|r| r.date == m) {
                rows.push(Special {
                    date: m,
                    kind: Kind::MakeupWorkingDay,
                    names: None,
                });
            } else if !rows
                .iter()
                .any(|r| r.date == m && r.kind == Kind::MakeupWorkingDay)
            {
                return Err(format!(
                    "line {n}: makeup working day {m} is listed as a day off"
                ));
            }
        }
        rows.sort_by_key(|r| r.date);
        // Two rows for one date are fine if they agree (two holidays on one
        // day); the first row's names are kept.
        let mut specials: Vec<Special> = Vec::with_capacity(rows.len());
        for r in rows {
            match specials.last() {
                Some(prev) if prev.date == r.date => {
                    if prev.kind != r.kind {
                        return Err(format!("{} is both a day off and a working day", r.date));
                    }
                }
                _ => specials.push(r),
            }
        }
        let (lo, hi) = years.ok_or("no rows")?;
        Ok(Calendar {
            specials,
            years: lo..=hi,
        })
    }

    fn find(&self, d: Date) -> Option<&Special> {
        self.specials
            .binary_search_by_key(&d, |s| s.date)
            .ok()
            .map(|i| &self.specials[i])
    }

    /// Index of the first special date strictly after `d`.
    fn first_after(&self, d: Date) -> usize {
        self.specials.partition_point(|s| s.date <= d)
    }
}

fn calendar() -> &'static Calendar {
    static CALENDAR: OnceLock<Calendar> = OnceLock::new();
    CALENDAR.get_or_init(|| {
        Calendar::parse(HOLIDAYS_CSV).unwrap_or_else(|e| panic!("{HOLIDAYS_PATH}: {e}"))
    })
}

/// The years the holiday table covers (2024–2027 at present). Outside them
/// only weekends are non-working days, so a UI may want to say so.
pub fn covered_years() -> RangeInclusive<i32> {
    calendar().years.clone()
}

/// Whether public offices work on `d`: Monday–Friday except days off in the
/// holiday table, plus makeup Saturdays.
pub fn is_working_day(d: Date) -> bool {
    match calendar().find(d) {
        Some(s) => s.kind == Kind::MakeupWorkingDay,
        None => !d.weekday().is_weekend(),
    }
}

/// Whether `d` is a Saturday worked in exchange for a substitute day off.
pub fn is_makeup_working_day(d: Date) -> bool {
    calendar()
        .find(d)
        .is_some_and(|s| s.kind == Kind::MakeupWorkingDay)
}

/// Vietnamese and English names of the day off on `d` (public holiday,
/// observed or substitute day off), `None` on any other day, including
/// ordinary weekends and makeup working days.
pub fn holiday_name(d: Date) -> Option<(&'static str, &'static str)> {
    let s = calendar().find(d)?;
    match (&s.kind, &s.names) {
        (Kind::DayOff, Some((vi, en))) => Some((vi.as_str(), en.as_str())),
        _ => None,
    }
}

/// The first working day strictly after `d`.
pub fn next_working_day(d: Date) -> Date {
    // Terminates: the table is finite and beyond it every week has Mondays.
    let mut d = d.succ();
    while !is_working_day(d) {
        d = d.succ();
    }
    d
}

/// The day a dossier received at `at` counts as received: that day if it is
/// a working day and the time is not after `cutoff` (hour, minute) — the
/// cut-off minute itself is on time — otherwise the next working day.
pub fn effective_receipt_day(at: LocalDateTime, cutoff: (u8, u8)) -> Date {
    if is_working_day(at.date) && (at.hour, at.minute) <= cutoff {
        at.date
    } else {
        next_working_day(at.date)
    }
}

/// The `n`-th working day after `from`, not counting `from` itself; `from`
/// when `n` is 0.
pub fn add_working_days(from: Date, n: u32) -> Date {
    let cal = calendar();
    let mut d = from;
    let mut left = i64::from(n);
    while left > 0 {
        // Far from any table entry every 7 days hold exactly 5 working days,
        // so whole weeks are skipped: a huge `n` (bad input) costs no time.
        if left > 5 {
            let room = match cal.specials.get(cal.first_after(d)) {
                // Weeks that end strictly before the next table entry.
                Some(s) => (s.date.days_since_epoch() - d.days_since_epoch() - 1) / 7,
                None => i64::MAX,
            };
            let weeks = ((left - 1) / 5).min(room);
            if weeks > 0 {
                d = d.add_days(7 * weeks);
                left -= 5 * weeks;
                continue;
            }
        }
        d = d.succ();
        if is_working_day(d) {
            left -= 1;
        }
    }
    d
}

/// Due date of a dossier received at `received` with a time limit of
/// `working_days` working days: the end of that day is the deadline.
///
/// `working_days` = 0 is for procedures settled "ngay" (immediately, or
/// within hours): due on the effective day of receipt.
pub fn due_date(received: LocalDateTime, working_days: u32, cutoff: (u8, u8)) -> Date {
    add_working_days(effective_receipt_day(received, cutoff), working_days)
}

/// End of a period of `n` calendar days starting the day after `date`
/// (Civil Code 2015 Art. 147); if that last day is not a working day the
/// period ends on the next working day (Art. 148).
pub fn add_calendar_days(date: Date, n: u32) -> Date {
    let last = date.add_days(i64::from(n));
    if is_working_day(last) {
        last
    } else {
        next_working_day(last)
    }
}

/// Working days `d` with `from < d <= to`; negative (the count from `to` to
/// `from`) when `to` is earlier. So `working_days_between(receipt_day,
/// due_date(..))` is the time limit, and `working_days_between(today, due)`
/// is the number of working days left: 0 on the due day itself, negative
/// once overdue.
pub fn working_days_between(from: Date, to: Date) -> i64 {
    if to < from {
        return -working_days_between(to, from);
    }
    // Weekdays in Monday-aligned day indexes [0, t), then correct for the
    // table entries in range: O(log n) instead of walking every day.
    fn weekdays_before(t: i64) -> i64 {
        5 * t.div_euclid(7) + t.rem_euclid(7).min(5)
    }
    let idx = |d: Date| d.days_since_epoch() + 3; // Monday = 0 mod 7
    let mut count = weekdays_before(idx(to) + 1) - weekdays_before(idx(from) + 1);
    let cal = calendar();
    for s in &cal.specials[cal.first_after(from)..cal.first_after(to)] {
        let weekday = i64::from(!s.date.weekday().is_weekend());
        let working = i64::from(s.kind == Kind::MakeupWorkingDay);
        count += working - weekday;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn at(s: &str) -> LocalDateTime {
        LocalDateTime::parse(s).unwrap()
    }

    // ---- civil dates ------------------------------------------------------

    #[test]
    fn parse_and_display() {
        assert_eq!(d("2026-02-17").to_string(), "2026-02-17");
        assert_eq!(d("0001-01-01").to_string(), "0001-01-01");
        assert_eq!(
            (
                d("2024-02-29").year(),
                d("2024-02-29").month(),
                d("2024-02-29").day()
            ),
            (2024, 2, 29)
        );
        assert_eq!("2027-02-06".parse::<Date>(), Ok(d("2027-02-06")));
        for bad in [
            "",
            "2026-2-17",
            "2026-02-7",
            "26-02-17",
            "2026/02/17",
            " 2026-02-17",
            "2026-02-17 ",
            "2026-02-1x",
            "+026-02-17",
            "2026-02-17T10:00",
        ] {
            assert_eq!(Date::parse(bad), Err(ParseDateError::Format), "{bad:?}");
        }
        for bad in [
            "2026-02-29",
            "2100-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "2026-01-00",
        ] {
            assert_eq!(Date::parse(bad), Err(ParseDateError::NoSuchDay), "{bad:?}");
        }
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(10_000, 1, 1).is_none());
    }

    #[test]
    fn weekdays_and_epoch() {
        assert_eq!(d("1970-01-01").days_since_epoch(), 0);
        assert_eq!(d("1970-01-01").weekday(), Weekday::Thu);
        assert_eq!(d("1969-12-31").days_since_epoch(), -1);
        assert_eq!(d("1969-12-31").weekday(), Weekday::Wed);
        assert_eq!(d("2000-01-01").weekday(), Weekday::Sat);
        assert_eq!(d("2024-02-29").weekday(), Weekday::Thu);
        assert_eq!(d("2026-02-17").weekday(), Weekday::Tue);
        assert_eq!(d("2026-12-31").succ(), d("2027-01-01"));
        assert_eq!(d("2024-02-28").succ(), d("2024-02-29"));
        assert_eq!(d("2026-03-01").pred(), d("2026-02-28"));
        assert_eq!(d("2026-01-01").add_days(365), d("2027-01-01"));
        assert_eq!(d("2024-01-01").add_days(366), d("2025-01-01"));
    }

    #[test]
    fn serde_as_string() {
        let json = serde_json::to_string(&d("2026-09-02")).unwrap();
        assert_eq!(json, "\"2026-09-02\"");
        assert_eq!(
            serde_json::from_str::<Date>(&json).unwrap(),
            d("2026-09-02")
        );
        assert!(serde_json::from_str::<Date>("\"2026-02-30\"").is_err());
        assert!(serde_json::from_str::<Date>("20260902").is_err());
    }

    #[test]
    fn local_date_time() {
        assert_eq!(at("2026-03-02T15:00"), at("2026-03-02 15:00"));
        assert_eq!(at("2026-03-02 15:00").to_string(), "2026-03-02 15:00");
        assert!(LocalDateTime::parse("2026-03-02 24:00").is_err());
        assert!(LocalDateTime::parse("2026-03-02 15:60").is_err());
        assert!(LocalDateTime::parse("2026-03-02 1500").is_err());
        // Vietnam is UTC+7: midnight UTC is 07:00 local; 17:00 UTC is the
        // next local day.
        assert_eq!(LocalDateTime::from_unix_seconds(0), at("1970-01-01 07:00"));
        assert_eq!(
            LocalDateTime::from_unix_seconds(17 * 3600 - 1),
            at("1970-01-01 23:59")
        );
        assert_eq!(
            LocalDateTime::from_unix_seconds(17 * 3600),
            at("1970-01-02 00:00")
        );
        assert_eq!(
            LocalDateTime::from_unix_seconds(-7 * 3600),
            at("1970-01-01 00:00")
        );
    }

    // ---- the embedded table -------------------------------------------------

    #[test]
    fn every_row_of_the_table_parses_and_days_off_are_not_working_days() {
        let rows: Vec<Vec<String>> = HOLIDAYS_CSV
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| split_csv_line(l).unwrap())
            .collect();
        assert_eq!(rows.len(), 59);
        let mut makeup_rows = 0;
        for r in &rows {
            assert_eq!(r.len(), 9, "{r:?}");
            let date = Date::parse(&r[0]).unwrap_or_else(|e| panic!("{r:?}: {e}"));
            assert_eq!(date.weekday().short_name(), r[1], "{r:?}");
            assert_eq!(date.year().to_string(), r[2], "{r:?}");
            match r[6].as_str() {
                "1" => {
                    assert!(!is_working_day(date), "{r:?}");
                    assert_eq!(holiday_name(date).unwrap().0, r[3].as_str());
                }
                "0" => {
                    // The only rows that are not days off are makeup Saturdays.
                    assert_eq!(r[5], "makeup_working_day");
                    assert_eq!(date.weekday(), Weekday::Sat);
                    assert!(is_working_day(date) && is_makeup_working_day(date));
                    assert_eq!(holiday_name(date), None);
                    makeup_rows += 1;
                }
                other => panic!("is_day_off {other:?} in {r:?}"),
            }
            if !r[8].is_empty() {
                // A substitute day off names the Saturday worked for it.
                assert_eq!(r[5], "substitute_day_off");
                let m = Date::parse(&r[8]).unwrap();
                assert!(rows
                    .iter()
                    .any(|x| x[0] == r[8] && x[5] == "makeup_working_day"));
                assert!(is_working_day(m));
            }
        }
        assert_eq!(makeup_rows, 3);
        assert_eq!(covered_years(), 2024..=2027);
    }

    #[test]
    fn parser_rejects_inconsistent_tables() {
        let head =
            "date,weekday,year,name_vi,name_en,category,is_day_off,lunar_date,makeup_working_day\n";
        let ok = format!(
            "{head}2026-09-02,Wed,2026,Quốc khánh,\"National Day, 2\",public_holiday,1,,\n"
        );
        let cal = Calendar::parse(&ok).unwrap();
        assert_eq!(cal.specials[0].names.as_ref().unwrap().1, "National Day, 2");
        // A makeup Saturday named only in its day off's makeup_working_day
        // column still counts as worked.
        let only_ref = format!("{head}2026-08-31,Mon,2026,x,x,substitute_day_off,1,,2026-08-22\n");
        let cal = Calendar::parse(&only_ref).unwrap();
        assert_eq!(
            cal.find(d("2026-08-22")).unwrap().kind,
            Kind::MakeupWorkingDay
        );
        assert_eq!(cal.find(d("2026-08-31")).unwrap().kind, Kind::DayOff);
        for bad in [
            "2026-09-02,Thu,2026,x,x,public_holiday,1,,\n",  // wrong weekday
            "2026-09-02,Wed,2025,x,x,public_holiday,1,,\n",  // wrong year
            "2026-09-31,Wed,2026,x,x,public_holiday,1,,\n",  // no such day
            "2026-09-02,Wed,2026,x,x,public_holiday,0,,\n",  // holiday not off
            "2026-09-02,Wed,2026,x,x,makeup_working_day,1,,\n",
            "2026-09-02,Wed,2026,x,x,public_holiday,yes,,\n",
            "2026-09-02,Wed,2026,x,x,public_holiday,1,\n",   // 8 fields
            "2026-09-02,Wed,2026,\"x,x,public_holiday,1,,\n", // open quote
            // the makeup day named by a day off is itself a day off
            "2026-08-31,Mon,2026,x,x,substitute_day_off,1,,2026-09-01\n2026-09-01,Tue,2026,x,x,public_holiday,1,,\n",
        ] {
            assert!(Calendar::parse(&format!("{head}{bad}")).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn years_outside_the_table_have_weekends_only() {
        // 2023-05-01 (Labour Day, a Monday) and 2030-01-01 (New Year, a
        // Tuesday) are holidays in reality, but the table does not cover
        // those years: documented limitation, the table is operator data.
        assert!(is_working_day(d("2023-05-01")));
        assert!(is_working_day(d("2030-01-01")));
        assert!(!is_working_day(d("2030-01-05"))); // Saturday
        assert!(!is_working_day(d("2023-04-30"))); // Sunday
        assert_eq!(holiday_name(d("2030-01-01")), None);
        // 2028-01-01 is a Saturday: Friday 2027-12-31 + 1 → Monday 2028-01-03.
        assert_eq!(
            due_date(at("2027-12-31 10:00"), 1, DEFAULT_CUTOFF),
            d("2028-01-03")
        );
    }

    // ---- deadlines -----------------------------------------------------------

    /// (received, working days, expected due date, why). Every expected date
    /// was worked out by hand from the CSV and a printed calendar; the `why`
    /// column lists the working days counted.
    #[rustfmt::skip]
    const DUE_CASES: &[(&str, u32, &str, &str)] = &[
        // Cut-off 15:00 on an ordinary week (Mon 2026-03-02 .. Sun 03-08).
        ("2026-03-02 10:00", 1, "2026-03-03", "Mon morning → Tue"),
        ("2026-03-02 14:59", 1, "2026-03-03", "before cut-off"),
        ("2026-03-02 15:00", 1, "2026-03-03", "15:00 is not after 15:00: on time"),
        ("2026-03-02 15:01", 1, "2026-03-04", "late → received Tue → Wed"),
        ("2026-03-02 16:00", 1, "2026-03-04", "late → received Tue → Wed"),
        ("2026-03-06 15:01", 1, "2026-03-10", "Fri late → received Mon 03-09 → Tue"),
        ("2026-03-07 10:00", 1, "2026-03-10", "Sat → received Mon 03-09 → Tue"),
        ("2026-03-08 23:00", 1, "2026-03-10", "Sun online → received Mon → Tue"),
        ("2026-03-08 09:00", 0, "2026-03-09", "'ngay' on a Sunday: Monday"),
        ("2026-03-02 10:00", 0, "2026-03-02", "'ngay': same day"),
        ("2026-03-02 10:00", 5, "2026-03-09", "Tue 3, Wed 4, Thu 5, Fri 6, Mon 9"),
        // Tết 2026: days off Mon 02-16 .. Fri 02-20, so Sat 02-14 .. Sun
        // 02-22 is closed; Fri 02-13 and Mon 02-23 are working days.
        ("2026-02-13 10:00", 1, "2026-02-23", "first working day after Tết"),
        ("2026-02-13 15:30", 1, "2026-02-24", "late Fri → received Mon 02-23 → Tue"),
        ("2026-02-12 09:00", 3, "2026-02-24", "Fri 13, Mon 23, Tue 24"),
        ("2026-02-09 08:00", 5, "2026-02-23", "Tue 10, Wed 11, Thu 12, Fri 13, Mon 23"),
        ("2026-02-18 08:00", 1, "2026-02-24", "received during Tết → Mon 23 → Tue 24"),
        ("2026-02-14 08:00", 0, "2026-02-23", "'ngay' on the first closed day"),
        ("2026-02-02 10:00", 15, "2026-03-02",
            "Feb 3,4,5,6,9,10,11,12,13 (9), 23,24,25,26,27 (14), Mon Mar 2 (15)"),
        // Tết 2027: days off Thu 02-04, Fri 02-05, (Sat 06, Sun 07 are Tết
        // days on a weekend), Mon 02-08 .. Wed 02-10; Thu 02-11 reopens.
        ("2027-02-03 10:00", 1, "2027-02-11", "Wed → Thu 11"),
        ("2027-02-03 10:00", 2, "2027-02-12", "Thu 11, Fri 12"),
        ("2027-02-02 14:00", 3, "2027-02-12", "Wed 3, Thu 11, Fri 12"),
        ("2027-02-03 16:00", 1, "2027-02-12", "late → received Thu 11 → Fri 12"),
        ("2027-02-07 11:00", 1, "2027-02-12", "Tết day on a Sunday → Thu 11 → Fri 12"),
        // Holiday on a weekend with its day off moved: Giỗ Tổ Sun 2026-04-26,
        // observed Mon 04-27; then 30/4 Thu and 1/5 Fri.
        ("2026-04-24 10:00", 1, "2026-04-28", "Fri → Mon 27 off → Tue 28"),
        ("2026-04-24 10:00", 3, "2026-05-04", "Tue 28, Wed 29, Mon May 4"),
        ("2026-04-29 10:00", 1, "2026-05-04", "30/4 and 1/5 off, weekend → Mon"),
        ("2026-04-30 09:00", 1, "2026-05-05", "online on 30/4 → Mon May 4 → Tue 5"),
        ("2026-05-01 20:00", 2, "2026-05-06", "on 1/5 → Mon 4 → Tue 5, Wed 6"),
        // 1/5/2027 is a Saturday, observed on Mon 05-03; 30/4 is a Friday.
        ("2027-04-29 10:00", 1, "2027-05-04", "Fri 30/4, Mon 3/5 off → Tue 4"),
        // Makeup Saturday 2026-08-22 (for the day off Mon 08-31).
        ("2026-08-21 10:00", 1, "2026-08-22", "Fri → the makeup Saturday"),
        ("2026-08-21 16:00", 1, "2026-08-24", "late Fri → received Sat 22 → Mon 24"),
        ("2026-08-22 10:00", 1, "2026-08-24", "received on the makeup Saturday"),
        ("2026-08-22 15:01", 1, "2026-08-25", "late on it → received Mon 24 → Tue"),
        ("2026-08-14 10:00", 1, "2026-08-17", "an ordinary Saturday is not worked"),
        ("2024-05-03 10:00", 1, "2024-05-04", "makeup Saturday 2024-05-04"),
        ("2025-04-25 10:00", 1, "2025-04-26", "makeup Saturday 2025-04-26"),
        // National Day 2026: Mon 08-31 (substitute), Tue 09-01, Wed 09-02 off.
        ("2026-08-28 10:00", 1, "2026-09-03", "Fri → weekend, 31/8, 1/9, 2/9 → Thu"),
        ("2026-08-27 10:00", 2, "2026-09-03", "Fri 28, Thu Sep 3"),
        ("2026-08-28 15:01", 1, "2026-09-04", "late Fri → received Thu 3 → Fri 4"),
        ("2026-09-02 10:00", 1, "2026-09-04", "online on 2/9 → Thu 3 → Fri 4"),
    ];

    #[test]
    fn due_dates_worked_out_by_hand() {
        for &(received, n, due, why) in DUE_CASES {
            assert_eq!(
                due_date(at(received), n, DEFAULT_CUTOFF),
                d(due),
                "received {received}, {n} working days: {why}"
            );
        }
    }

    #[test]
    fn cutoff_is_a_parameter() {
        let monday = |t: &str| at(&format!("2026-03-02 {t}"));
        assert_eq!(due_date(monday("16:00"), 1, (16, 30)), d("2026-03-03"));
        assert_eq!(due_date(monday("16:31"), 1, (16, 30)), d("2026-03-04"));
        assert_eq!(due_date(monday("12:00"), 1, (11, 30)), d("2026-03-04"));
        assert_eq!(
            effective_receipt_day(monday("15:00"), DEFAULT_CUTOFF),
            d("2026-03-02")
        );
        assert_eq!(
            effective_receipt_day(monday("15:01"), DEFAULT_CUTOFF),
            d("2026-03-03")
        );
        // A makeup Saturday is a working day for receipt too.
        assert_eq!(
            effective_receipt_day(at("2026-08-22 09:00"), DEFAULT_CUTOFF),
            d("2026-08-22")
        );
    }

    #[test]
    fn working_days_and_names() {
        for (day, working) in [
            ("2026-02-13", true),
            ("2026-02-16", false), // Giao thừa, a Monday
            ("2026-02-20", false),
            ("2026-02-23", true),
            ("2026-04-26", false), // Giỗ Tổ on a Sunday
            ("2026-04-27", false), // … observed on Monday
            ("2026-04-28", true),
            ("2026-04-30", false),
            ("2026-05-01", false),
            ("2026-08-22", true),  // makeup Saturday
            ("2026-08-29", false), // ordinary Saturday
            ("2026-08-31", false),
            ("2026-09-02", false),
            ("2026-09-03", true),
            ("2027-05-01", false), // Saturday holiday
            ("2027-05-03", false), // observed Monday
            ("2027-05-04", true),
        ] {
            assert_eq!(is_working_day(d(day)), working, "{day}");
        }
        assert_eq!(
            holiday_name(d("2026-02-17")),
            Some(("Tết Nguyên Đán", "Lunar New Year"))
        );
        assert_eq!(
            holiday_name(d("2026-04-27")),
            Some((
                "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)",
                "Hung Kings' Commemoration Day (observed)"
            ))
        );
        assert_eq!(holiday_name(d("2026-09-02")).unwrap().1, "National Day");
        assert_eq!(holiday_name(d("2026-08-22")), None);
        assert_eq!(holiday_name(d("2026-03-03")), None);
        assert!(!is_makeup_working_day(d("2026-08-29")));
        assert_eq!(next_working_day(d("2026-02-13")), d("2026-02-23"));
        assert_eq!(next_working_day(d("2026-08-21")), d("2026-08-22"));
    }

    #[test]
    fn calendar_day_periods_move_off_non_working_days() {
        #[rustfmt::skip]
        let cases = [
            ("2026-03-02", 30, "2026-04-01", "a Wednesday: stays"),
            ("2026-03-02", 5, "2026-03-09", "Sat 03-07 → Mon"),
            ("2026-02-06", 10, "2026-02-23", "Mon 02-16 is Tết → Mon 02-23"),
            ("2026-02-10", 4, "2026-02-23", "Sat 02-14, Tết closed → Mon 02-23"),
            ("2026-04-16", 10, "2026-04-28", "Sun 04-26 holiday, Mon observed → Tue"),
            ("2026-08-12", 10, "2026-08-22", "makeup Saturday is a working day"),
            ("2026-08-21", 10, "2026-09-03", "Mon 08-31 off, 1/9, 2/9 → Thu"),
            ("2026-04-20", 10, "2026-05-04", "Thu 30/4 → Fri 1/5 off, weekend → Mon"),
            ("2026-03-07", 0, "2026-03-09", "a Saturday itself → Mon"),
        ];
        for (from, n, end, why) in cases {
            assert_eq!(add_calendar_days(d(from), n), d(end), "{from} + {n}: {why}");
        }
    }

    #[test]
    fn working_days_between_counts_days_after_from_up_to_to() {
        for (from, to, n) in [
            ("2026-03-02", "2026-03-02", 0),
            ("2026-03-02", "2026-03-03", 1),
            ("2026-03-03", "2026-03-02", -1),
            ("2026-02-13", "2026-02-23", 1),
            ("2026-02-23", "2026-02-13", -1),
            ("2026-02-12", "2026-02-24", 3),
            ("2026-08-21", "2026-08-24", 2), // Sat 22 (makeup), Mon 24
            ("2026-08-28", "2026-09-03", 1),
            ("2026-03-06", "2026-03-08", 0), // only a weekend
            // Whole years: weekdays − weekday days off + makeup Saturdays.
            // 2024 leap, starts Mon: 262 − 12 + 1.
            ("2023-12-31", "2024-12-31", 251),
            // 2025 starts Wed: 261 − 12 + 1.
            ("2024-12-31", "2025-12-31", 250),
            // 2026 starts Thu: 261 − 13 (1/1, 5 Tết, 27/4, 30/4, 1/5, 31/8,
            // 1/9, 2/9, 24/11) + 1 (22/8).
            ("2025-12-31", "2026-12-31", 249),
            // 2027 starts Fri: 261 − 12 (1/1, 5 Tết, 16/4, 30/4, 3/5, 2/9,
            // 3/9, 24/11).
            ("2026-12-31", "2027-12-31", 249),
        ] {
            assert_eq!(working_days_between(d(from), d(to)), n, "{from} → {to}");
        }
    }

    #[test]
    fn huge_limits_do_not_hang() {
        let far = add_working_days(d("2026-03-02"), u32::MAX);
        assert!(far.year() > 16_000_000);
        assert_eq!(
            working_days_between(d("2026-03-02"), far),
            i64::from(u32::MAX)
        );
    }

    // Dates from 2023 to 2028: the table's years and a margin either side.
    fn any_date() -> impl Strategy<Value = Date> {
        let lo = d("2023-01-01").days_since_epoch();
        let hi = d("2028-12-31").days_since_epoch();
        (lo..=hi).prop_map(Date::from_days_since_epoch)
    }

    proptest! {
        #[test]
        fn days_round_trip(days in -1_000_000i64..3_000_000) {
            let date = Date::from_days_since_epoch(days);
            prop_assert_eq!(date.days_since_epoch(), days);
            prop_assert_eq!(date.succ().days_since_epoch(), days + 1);
            if (0..=9999).contains(&date.year()) {
                prop_assert_eq!(Date::parse(&date.to_string()), Ok(date));
            }
        }

        #[test]
        fn due_date_is_a_working_day_n_days_after_receipt(
            day in any_date(), hour in 0u8..24, minute in 0u8..60, n in 0u32..80
        ) {
            let received = LocalDateTime::new(day, hour, minute).unwrap();
            let start = effective_receipt_day(received, DEFAULT_CUTOFF);
            prop_assert!(is_working_day(start) && start >= day);
            let due = due_date(received, n, DEFAULT_CUTOFF);
            prop_assert!(is_working_day(due));
            prop_assert_eq!(working_days_between(start, due), i64::from(n));
            // One working day earlier would not reach n.
            if n > 0 {
                prop_assert_eq!(working_days_between(start, due.pred()), i64::from(n) - 1);
            }
        }

        #[test]
        fn working_days_between_adds_up(a in any_date(), b in any_date(), c in any_date()) {
            prop_assert_eq!(
                working_days_between(a, b) + working_days_between(b, c),
                working_days_between(a, c)
            );
            let walked = {
                let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
                let mut n = 0i64;
                let mut x = lo;
                while x < hi {
                    x = x.succ();
                    n += i64::from(is_working_day(x));
                }
                if a <= b { n } else { -n }
            };
            prop_assert_eq!(working_days_between(a, b), walked);
        }
    }
}
