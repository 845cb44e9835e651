//! The calendar: a civil date (jiff's `civil::Date` underneath), with the arithmetic a ledger
//! needs — month ends, calendar months clipped to the month's end — and China's official
//! calendar as data: working days by the State Council's annual holiday notices with their
//! make-up working days (调休), and the Gregorian dates of the lunar festivals.
//!
//! The data are `dictionaries/holidays.txt` and `dictionaries/lunar_festivals.txt` (made by
//! `scripts/gen_calendars.py`; their headers give the sources and the years covered).
//!
//! Dates print and serialise as ISO 8601 (`2024-06-30`).

use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::OnceLock;

/// A calendar date of the proleptic Gregorian calendar, years 1000–9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    /// The date `year-month-day`, when it exists (and the year has four digits).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(1000..=9999).contains(&year) {
            return None;
        }
        let (m, d) = (i8::try_from(month).ok()?, i8::try_from(day).ok()?);
        jiff::civil::Date::new(year as i16, m, d).ok().map(Date)
    }

    /// Parses an ISO date `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Self> {
        let s = s.trim();
        if s.len() != 10 {
            return None;
        }
        s.parse::<jiff::civil::Date>().ok().filter(|d| d.year() >= 1000).map(Date)
    }

    /// The last day of a month.
    pub fn month_end(year: i32, month: u32) -> Option<Self> {
        Date::new(year, month, 1).map(|d| Date(d.0.last_of_month()))
    }

    /// The year.
    pub fn year(self) -> i32 {
        i32::from(self.0.year())
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        self.0.month() as u32
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u32 {
        self.0.day() as u32
    }

    /// True for Saturday and Sunday.
    pub fn is_weekend(self) -> bool {
        matches!(self.0.weekday(), jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday)
    }

    /// The date `n` days later (the last representable day when that overflows).
    pub fn add_days(self, n: i64) -> Self {
        self.0.checked_add(jiff::Span::new().days(n.clamp(0, 3_000_000))).map(Date).unwrap_or(Date(jiff::civil::Date::MAX))
    }

    /// The date `n` calendar months later, with the same day number clipped to the end of the
    /// month (01-31 plus one month is 02-28 or 02-29).
    pub fn add_months(self, n: u32) -> Self {
        let total = i64::from(self.month() - 1) + i64::from(n);
        let year = i64::from(self.year()) + total / 12;
        let month = (total % 12 + 1) as u32;
        let Ok(year) = i32::try_from(year) else {
            return Date(jiff::civil::Date::MAX);
        };
        match Date::month_end(year, month) {
            Some(end) => Date::new(year, month, self.day().min(end.day())).unwrap_or(end),
            None => Date(jiff::civil::Date::MAX),
        }
    }

    /// The first day of this date's month.
    pub fn first_of_month(self) -> Self {
        Date(self.0.first_of_month())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year(), self.month(), self.day())
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// China's official calendar: days off and make-up working days by year, and the dates of
/// the lunar festivals.
#[derive(Debug)]
pub struct Calendar {
    /// Days off of the official holidays (any weekday).
    days_off: HashSet<Date>,
    /// Saturdays and Sundays that are working days (调休).
    make_up: HashSet<Date>,
    /// The first and last year the holiday notices cover (none for empty data).
    years: Option<(i32, i32)>,
    /// (year, festival) → its Gregorian date: 春节, 元宵节, 端午节, 中秋节, 重阳节, 清明节, 除夕, 七夕.
    festivals: HashMap<(i32, String), Date>,
}

/// How many working days were counted on the official calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkingDays {
    /// Every year crossed is in the holiday data.
    Official,
    /// Some year crossed is not: Monday–Friday was counted for it.
    WeekdaysOnly,
}

impl Calendar {
    /// The official calendar built into taizhang, parsed once.
    pub fn official() -> &'static Calendar {
        static C: OnceLock<Calendar> = OnceLock::new();
        C.get_or_init(|| Calendar::parse(include_str!("../dictionaries/holidays.txt"), include_str!("../dictionaries/lunar_festivals.txt")))
    }

    /// A calendar from the two data files' text (lines `YYYY-MM-DD holiday|workday 名` and
    /// `YYYY-MM-DD 节日名`; `#` comments). Lines that do not parse are left out (the built-in
    /// files are checked by a test).
    pub fn parse(holidays: &str, festivals: &str) -> Calendar {
        let mut c = Calendar { days_off: HashSet::new(), make_up: HashSet::new(), years: None, festivals: HashMap::new() };
        let (mut lo, mut hi) = (i32::MAX, i32::MIN);
        for line in holidays.lines().map(|l| l.split('#').next().unwrap_or("").trim()).filter(|l| !l.is_empty()) {
            let mut parts = line.split_whitespace();
            let (Some(d), Some(kind)) = (parts.next().and_then(Date::parse_iso), parts.next()) else {
                continue;
            };
            match kind {
                "holiday" => c.days_off.insert(d),
                "workday" => c.make_up.insert(d),
                _ => continue,
            };
            // A day at the end of December can come from the next year's notice.
            if d.month() > 1 || d.day() > 7 {
                lo = lo.min(d.year());
                hi = hi.max(d.year());
            }
        }
        if lo <= hi {
            c.years = Some((lo, hi));
        }
        for line in festivals.lines().map(|l| l.split('#').next().unwrap_or("").trim()).filter(|l| !l.is_empty()) {
            let mut parts = line.split_whitespace();
            if let (Some(d), Some(name)) = (parts.next().and_then(Date::parse_iso), parts.next()) {
                c.festivals.insert((d.year(), name.to_string()), d);
            }
        }
        c
    }

    /// True when `d` is a working day: a make-up working day, or Monday–Friday and no day off.
    pub fn is_working_day(&self, d: Date) -> bool {
        self.make_up.contains(&d) || (!d.is_weekend() && !self.days_off.contains(&d))
    }

    /// The date `n` working days after `d` (the day of `d` itself not counted), and whether
    /// the official calendar covered every year crossed.
    pub fn add_working_days(&self, d: Date, n: i64) -> (Date, WorkingDays) {
        let mut day = d;
        let mut left = n.clamp(0, 100_000);
        let mut covered = true;
        while left > 0 {
            day = day.add_days(1);
            covered &= self.years.is_some_and(|(lo, hi)| (lo..=hi).contains(&day.year()));
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        (day, if covered { WorkingDays::Official } else { WorkingDays::WeekdaysOnly })
    }

    /// The date of a lunar festival (or 清明) in a Gregorian year: `name` as the data file
    /// writes it (春节, 元宵节, 端午节, 中秋节, 重阳节, 清明节, 除夕, 七夕).
    pub fn festival(&self, year: i32, name: &str) -> Option<Date> {
        self.festivals.get(&(year, name.to_string())).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructs_only_real_days() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2024, 13, 1).is_none());
        assert!(Date::new(24, 1, 1).is_none());
        assert_eq!(Date::parse_iso("2024-05-01"), Date::new(2024, 5, 1));
        assert_eq!(Date::parse_iso("May 1"), None);
    }

    #[test]
    fn month_arithmetic_clips_to_the_month_end() {
        let d = Date::new(2024, 1, 31).unwrap();
        assert_eq!(d.add_months(1).to_string(), "2024-02-29");
        assert_eq!(d.add_months(13).to_string(), "2025-02-28");
        assert_eq!(Date::month_end(2023, 2).unwrap().to_string(), "2023-02-28");
        assert_eq!(d.add_days(1).to_string(), "2024-02-01");
        assert!(Date::new(2024, 6, 1).unwrap().is_weekend());
    }

    #[test]
    fn the_official_calendar() {
        let c = Calendar::official();
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        // 2024 National Day: 10-01…10-07 off, Saturday 10-12 worked.
        assert!(!c.is_working_day(d(2024, 10, 3)));
        assert!(c.is_working_day(d(2024, 10, 12)));
        assert_eq!(c.add_working_days(d(2024, 9, 27), 10), (d(2024, 10, 16), WorkingDays::Official));
        assert_eq!(c.add_working_days(d(2024, 5, 1), 10).0, d(2024, 5, 16));
        assert_eq!(c.add_working_days(d(2030, 1, 1), 3).1, WorkingDays::WeekdaysOnly);
        assert_eq!(c.festival(2024, "春节"), Some(d(2024, 2, 10)));
        assert_eq!(c.festival(2024, "中秋节"), Some(d(2024, 9, 17)));
        assert_eq!(c.festival(2025, "春节"), Some(d(2025, 1, 29)));
    }
}
