//! Due dates: the calendar day by which a limit falls due (see the module doc of
//! [`super`] for the rules), or why there is none.

use super::grammar::patterns;
use crate::date::{Calendar, Date, WorkingDays};
use crate::text::numeral::number;
use crate::text::CharText;

pub(super) const NO_YEAR: &str = "the text gives no year and there is no document date or --date";
pub(super) const NO_START: &str = "no document date or --date to count the duration from";
pub(super) const LUNAR: &str = "a lunar-calendar festival falls on a different day each year";
pub(super) const SEASON: &str = "a season has no fixed end date";
pub(super) const APPROXIMATE: &str = "an approximate time (左右, 前后, 多) has no exact end";
pub(super) const NO_SUCH_DAY: &str = "no such day in the calendar";
pub(super) const WEEKDAYS_ONLY: &str = "working days counted Monday to Friday: the official holiday calendar of that year is not in dictionaries/holidays.txt";
pub(super) const NO_RULE: &str = "the expression names no calendar date";

/// The document's own date: a date line at the end (落款), an ISO date, the first full
/// date that is not the start of a range, else a year in the title with a month-day in the text.
pub fn document_date(text: &CharText) -> Option<Date> {
    let p = patterns();
    let s = text.as_str();
    for line in s.lines().rev() {
        let l = line.trim();
        if let Some(c) = p.doc_full.captures(l) {
            if c.get(0).is_some_and(|m| m.as_str() == l) {
                if let Some(d) = full_date(&c) {
                    return Some(d);
                }
            }
        }
    }
    if let Some(c) = p.iso.captures(s) {
        if let Some(d) = Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?) {
            return Some(d);
        }
    }
    for c in p.doc_full.captures_iter(s) {
        let Some(m) = c.get(0) else { continue };
        let after = &s[m.end()..];
        let before = &s[..m.start()];
        // Not the start of a range, nor a time limit (2024年7月31日前, 完成时限：…).
        let limit = after.starts_with(['前', '内', '底']) || after.starts_with("之前") || after.starts_with("以前");
        let labelled = before.trim_end().ends_with(['：', ':']) && before.contains("时限");
        if c.get(3).is_none() || limit || labelled || after.starts_with(['至', '到', '—', '-', '~', '～']) {
            continue;
        }
        if let Some(d) = full_date(&c) {
            return Some(d);
        }
    }
    let title = s.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let year = p.doc_year.captures(title).and_then(|c| number(&c[1]))? as i32;
    let md = p.doc_month_day.captures(s)?;
    Date::new(year, number(&md[1])?, number(&md[2])?)
}

/// A year-month[-day] match of `doc_full`; a month alone means its last day.
fn full_date(c: &regex::Captures) -> Option<Date> {
    let year = number(&c[1])? as i32;
    let month = number(&c[2])?;
    match c.get(3) {
        Some(d) => Date::new(year, month, number(d.as_str())?),
        None => Date::month_end(year, month),
    }
}

/// The due date of a match of the date grammar (see the module doc), or why there is none.
pub(super) fn date_due(c: &regex::Captures, reference: Option<Date>, inherited: Option<Date>) -> (Option<Date>, Option<&'static str>) {
    let get = |n: &str| c.name(n).map(|x| x.as_str());
    if let Some(f) = get("fest") {
        if fixed_festival(f).is_none() {
            return (None, Some(LUNAR));
        }
    }
    if get("season").is_some() {
        return (None, Some(SEASON));
    }
    if get("suf") == Some("前后") {
        return (None, Some(APPROXIMATE));
    }
    // The year, and the earliest date a point without a written year may fall on (else it is
    // taken in the following year): the start of a range, or the first of the reference month.
    let (year, floor) = if let Some(y) = get("y4").and_then(number) {
        (Some(y as i32), None)
    } else if let Some(w) = get("yw") {
        let offset = match w {
            "明年" | "来年" | "今明两年" => 1,
            "后年" => 2,
            _ => 0,
        };
        (reference.map(|r| r.year() + offset), None)
    } else if let Some(start) = inherited {
        (Some(start.year()), Some(start))
    } else {
        (reference.map(|r| r.year()), reference.and_then(|r| Date::new(r.year(), r.month(), 1)))
    };
    let Some(year) = year else { return (None, Some(NO_YEAR)) };
    let month_part = |y: i32, month: u32, part: Option<&str>| match part {
        Some("上旬" | "初") => Date::new(y, month, 10),
        Some("中旬") => Date::new(y, month, 20),
        _ => Date::month_end(y, month),
    };
    let relative_month = |word: &str| {
        let r = reference?;
        let next = u32::from(word.starts_with('下'));
        let total = r.month() - 1 + next;
        Some((r.year() + (total / 12) as i32, total % 12 + 1))
    };
    let at = |y: i32| -> Option<Date> {
        if let Some(m) = get("m") {
            let month = number(m)?;
            match get("d") {
                Some(d) => Date::new(y, month, number(d)?),
                None => month_part(y, month, get("mp")),
            }
        } else if let Some(w) = get("rm") {
            let (y, month) = relative_month(w)?;
            match get("rd") {
                Some(d) => Date::new(y, month, number(d)?),
                None => month_part(y, month, get("rmp")),
            }
        } else if get("bm").is_some() {
            let r = reference?;
            Date::month_end(r.year(), r.month())
        } else if let Some(q) = get("q") {
            Date::month_end(y, number(q)? * 3)
        } else if get("rqp").is_some() {
            let r = reference?;
            let quarter = r.month().div_ceil(3) + u32::from(get("rq").is_some_and(|w| w.starts_with('下')));
            Date::month_end(r.year() + ((quarter - 1) / 4) as i32, (quarter - 1) % 4 * 3 + 3)
        } else if let Some(h) = get("h") {
            if matches!(h, "上半年" | "年中") {
                Date::new(y, 6, 30)
            } else {
                Date::new(y, 12, 31)
            }
        } else if let Some((month, day)) = get("fest").and_then(fixed_festival) {
            Date::new(y, month, day)
        } else {
            Date::new(y, 12, 31)
        }
    };
    let Some(due) = at(year) else {
        let relative = get("rm").is_some() || get("bm").is_some() || get("rqp").is_some();
        return (None, Some(if relative && reference.is_none() { NO_YEAR } else { NO_SUCH_DAY }));
    };
    let yearly = get("m").is_some() || get("q").is_some() || get("h").is_some() || get("fest").is_some();
    if yearly && floor.is_some_and(|f| due < f) {
        (at(year + 1), None)
    } else {
        (Some(due), None)
    }
}

/// Festivals on a fixed day of the solar calendar.
pub(super) fn fixed_festival(name: &str) -> Option<(u32, u32)> {
    Some(match name {
        "元旦" => (1, 1),
        "五一" | "劳动节" => (5, 1),
        "七一" => (7, 1),
        "八一" => (8, 1),
        "国庆" | "国庆节" => (10, 1),
        _ => return None,
    })
}

/// The due date of a lexicon `date` word: the date grammar applied to the whole word.
pub(super) fn word_due(word: &str, reference: Option<Date>) -> (Option<Date>, Option<&'static str>) {
    match patterns().date.captures(word) {
        Some(c) if c.get(0).is_some_and(|m| m.len() == word.len()) => date_due(&c, reference, None),
        _ => (None, Some(NO_RULE)),
    }
}

/// The due date of a duration counted from the reference date, or why there is none.
pub(super) fn duration_due(c: &regex::Captures, reference: Option<Date>) -> (Option<Date>, Option<&'static str>) {
    let get = |n: &str| c.name(n).map_or("", |x| x.as_str());
    if !get("approx").is_empty() || get("half") == "多" {
        return (None, Some(APPROXIMATE));
    }
    let Some(r) = reference else { return (None, Some(NO_START)) };
    let count = if get("n2").is_empty() { get("n") } else { get("n2") };
    let n = number(count).unwrap_or(0);
    let half = count == "半" || get("half") == "半" || !get("half2").is_empty();
    let due = match get("unit") {
        "年" => r.add_months(12 * n + if half { 6 } else { 0 }),
        "月" => r.add_months(n).add_days(if half { 15 } else { 0 }),
        "季度" => r.add_months(3 * n),
        "周" | "星期" => r.add_days(7 * i64::from(n)),
        "工作日" => {
            let (due, counted) = Calendar::official().add_working_days(r, i64::from(n));
            return (Some(due), (counted == WorkingDays::WeekdaysOnly).then_some(WEEKDAYS_ONLY));
        }
        "小时" => r.add_days(i64::from(n.div_ceil(24))),
        _ => r.add_days(i64::from(n)),
    };
    (Some(due), None)
}

