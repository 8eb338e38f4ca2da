//! Civil dates and local times of Vietnam (UTC+7, no daylight saving): parsing, arithmetic, weekdays, display.

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

// ---------------------------------------------------------------------------
// Civil dates
// ---------------------------------------------------------------------------

/// A day of the proleptic Gregorian calendar. No time zone: it is the local
/// (Vietnamese) calendar day. Orders chronologically.
///
/// Serialized as a `"YYYY-MM-DD"` string, the format of the holiday table
/// and of HTML `<input type="date">`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    // Field order matters: the derived `Ord` compares year, then month, then day.
    y: i32,
    m: u8,
    d: u8,
}

/// Day of the week, Monday first as in Vietnamese usage (Thứ Hai = Monday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    /// Saturday or Sunday.
    pub fn is_weekend(self) -> bool {
        matches!(self, Weekday::Sat | Weekday::Sun)
    }

    /// English three-letter abbreviation, as in the `weekday` column of the
    /// holiday table.
    pub fn short_name(self) -> &'static str {
        match self {
            Weekday::Mon => "Mon",
            Weekday::Tue => "Tue",
            Weekday::Wed => "Wed",
            Weekday::Thu => "Thu",
            Weekday::Fri => "Fri",
            Weekday::Sat => "Sat",
            Weekday::Sun => "Sun",
        }
    }

    fn from_monday_index(i: i64) -> Weekday {
        const ALL: [Weekday; 7] = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ];
        ALL[i.rem_euclid(7) as usize]
    }
}

/// Why a string is not a `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseDateError {
    /// Not of the shape `YYYY-MM-DD` with ASCII digits.
    Format,
    /// Well formed, but no such day (month 13, 30 February, …).
    NoSuchDay,
}

impl fmt::Display for ParseDateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseDateError::Format => f.write_str("expected a date as YYYY-MM-DD"),
            ParseDateError::NoSuchDay => f.write_str("no such day in the calendar"),
        }
    }
}

impl std::error::Error for ParseDateError {}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The date, if it exists. Years 0–9999: the years a `YYYY` string can
    /// hold. (Arithmetic may go beyond; such dates display with more digits.)
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(0..=9999).contains(&year) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            y: year,
            m: month,
            d: day,
        })
    }

    /// Parses exactly `YYYY-MM-DD` (no spaces, no time, no short forms), the
    /// format of the holiday table and of the wire.
    pub fn parse(s: &str) -> Result<Date, ParseDateError> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(ParseDateError::Format);
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32, ParseDateError> {
            b[r].iter().try_fold(0u32, |acc, &c| {
                if c.is_ascii_digit() {
                    Ok(acc * 10 + u32::from(c - b'0'))
                } else {
                    Err(ParseDateError::Format)
                }
            })
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        // y < 10000, m, d < 100: the casts cannot truncate.
        Date::new(y as i32, m as u8, d as u8).ok_or(ParseDateError::NoSuchDay)
    }

    pub fn year(self) -> i32 {
        self.y
    }

    /// 1–12.
    pub fn month(self) -> u8 {
        self.m
    }

    /// 1–31.
    pub fn day(self) -> u8 {
        self.d
    }

    /// Days since 1970-01-01 (negative before). Subtracting two of these
    /// gives a distance in calendar days.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil: years counted from 1 March so the
        // leap day is the last day of the (shifted) year.
        let y = i64::from(self.y) - i64::from(self.m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400; // [0, 399]
        let mp = (i64::from(self.m) + 9) % 12; // March = 0
        let doy = (153 * mp + 2) / 5 + i64::from(self.d) - 1; // [0, 365]
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`Date::days_since_epoch`].
    ///
    /// # Panics
    /// If the year does not fit an `i32` (about ±5.8 million years away).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097; // [0, 146096]
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
        let mp = (5 * doy + 2) / 153; // [0, 11]
        let d = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
        let m = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date {
            y: i32::try_from(y).expect("date out of range"),
            m: m as u8,
            d: d as u8,
        }
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday (index 3 counting from Monday = 0).
        Weekday::from_monday_index(self.days_since_epoch() + 3)
    }

    /// The next calendar day.
    pub fn succ(self) -> Date {
        // Fast path without the division-heavy round trip.
        if self.d < days_in_month(self.y, self.m) {
            Date {
                d: self.d + 1,
                ..self
            }
        } else if self.m < 12 {
            Date {
                m: self.m + 1,
                d: 1,
                ..self
            }
        } else {
            Date {
                y: self.y + 1,
                m: 1,
                d: 1,
            }
        }
    }

    /// The previous calendar day.
    pub fn pred(self) -> Date {
        self.add_days(-1)
    }

    /// `n` calendar days later (earlier if negative), with no working-day
    /// rule; see [`add_calendar_days`] for legal periods.
    ///
    /// # Panics
    /// If the result's year does not fit an `i32`.
    pub fn add_days(self, n: i64) -> Date {
        let days = self
            .days_since_epoch()
            .checked_add(n)
            .expect("date out of range");
        Date::from_days_since_epoch(days)
    }
}

/// `YYYY-MM-DD` as `DD/MM/YYYY`, the way Vietnamese papers write a date;
/// the text itself when it is not a date.
pub fn vn_day(iso: &str) -> String {
    Date::parse(iso).map_or_else(
        |_| iso.to_owned(),
        |d| format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
    )
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

// Debug as the plain date keeps test failures and logs readable.
impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({self})")
    }
}

impl FromStr for Date {
    type Err = ParseDateError;
    fn from_str(s: &str) -> Result<Date, ParseDateError> {
        Date::parse(s)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date as \"YYYY-MM-DD\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(DateVisitor)
    }
}

/// A wall-clock time in Vietnam (UTC+07:00, no daylight saving), to the
/// minute: the resolution at which receipt times are recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDateTime {
    pub date: Date,
    /// 0–23.
    pub hour: u8,
    /// 0–59.
    pub minute: u8,
}

impl LocalDateTime {
    /// The time, if `hour` < 24 and `minute` < 60.
    pub fn new(date: Date, hour: u8, minute: u8) -> Option<LocalDateTime> {
        (hour < 24 && minute < 60).then_some(LocalDateTime { date, hour, minute })
    }

    /// Parses `YYYY-MM-DD HH:MM` or `YYYY-MM-DDTHH:MM`.
    pub fn parse(s: &str) -> Result<LocalDateTime, ParseDateError> {
        let b = s.as_bytes();
        if b.len() != 16 || !matches!(b[10], b' ' | b'T') || b[13] != b':' {
            return Err(ParseDateError::Format);
        }
        let date = Date::parse(&s[..10])?;
        let two = |i: usize| -> Result<u8, ParseDateError> {
            match (b[i], b[i + 1]) {
                (h @ b'0'..=b'9', l @ b'0'..=b'9') => Ok((h - b'0') * 10 + (l - b'0')),
                _ => Err(ParseDateError::Format),
            }
        };
        LocalDateTime::new(date, two(11)?, two(14)?).ok_or(ParseDateError::NoSuchDay)
    }

    /// Vietnamese local time of a Unix timestamp (seconds since
    /// 1970-01-01T00:00:00Z); seconds are dropped, not rounded, so 15:00:59
    /// is still 15:00.
    pub fn from_unix_seconds(secs: i64) -> LocalDateTime {
        // Vietnam has kept UTC+07:00 without daylight saving since 1975.
        let local = secs + 7 * 3600;
        let second_of_day = local.rem_euclid(86_400);
        LocalDateTime {
            date: Date::from_days_since_epoch(local.div_euclid(86_400)),
            hour: (second_of_day / 3600) as u8,
            minute: (second_of_day % 3600 / 60) as u8,
        }
    }
}

impl fmt::Display for LocalDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:02}:{:02}", self.date, self.hour, self.minute)
    }
}
