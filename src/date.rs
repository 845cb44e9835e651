//! The calendar: a civil date (jiff's `civil::Date` underneath), with the arithmetic a ledger
//! needs — month ends, calendar months clipped to the month's end, and working days.
//!
//! Dates print and serialise as ISO 8601 (`2024-06-30`).

use serde::Serialize;
use std::fmt;

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
        self.0
            .checked_add(jiff::Span::new().days(n.clamp(0, 3_000_000)))
            .map(Date)
            .unwrap_or(Date(jiff::civil::Date::MAX))
    }

    /// The date `n` calendar months later, with the same day number clipped to the end of the
    /// month (01-31 plus one month is 02-28 or 02-29).
    pub fn add_months(self, n: u32) -> Self {
        let total = i64::from(self.month() - 1) + i64::from(n);
        let year = i64::from(self.year()) + total / 12;
        let month = (total % 12 + 1) as u32;
        let Ok(year) = i32::try_from(year) else { return Date(jiff::civil::Date::MAX) };
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
}
