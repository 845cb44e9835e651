//! Due dates: the calendar day by which a limit falls due (see the module doc of
//! [`super`] for the rules), or why there is none.

use super::grammar::patterns;
use crate::date::{Calendar, Date, WorkingDays};
use crate::text::numeral::number;
use crate::text::CharText;

pub(super) const NO_YEAR: &str = "the text gives no year and there is no document date or --date";
pub(super) const NO_START: &str = "no document date or --date to count the duration from";
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
    // A year in the title (a first line of several, without a sentence end or a comma).
    let mut lines = s.lines().filter(|l| !l.trim().is_empty());
    let title = lines.next().unwrap_or("");
    if lines.next().is_none() || title.contains(crate::text::punct::SENTENCE_ENDS) || title.contains(['，', ',']) {
        return None;
    }
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

/// What a due date is reckoned from: the reference date (the document's own date, else
/// `--date`) and a year the text around the item writes (its heading, lead-in or the
/// document's title: 2024年重点工作任务).
#[derive(Debug, Clone, Copy, Default)]
pub struct Timeframe {
    /// The date durations count from and yearless dates fall after.
    pub reference: Option<Date>,
    /// True when `reference` is the document's own date (else it is `--date`).
    pub reference_is_document_date: bool,
    /// A year written in the item's heading or lead-in, or the document's title, or the
    /// opening paragraph of a text without a title and without a date of its own.
    pub year: Option<i32>,
}

impl Timeframe {
    fn counted_note(&self) -> &'static str {
        if self.reference_is_document_date {
            FROM_DOC
        } else {
            FROM_OPTION
        }
    }

    fn reference_note(&self) -> &'static str {
        if self.reference_is_document_date {
            YEAR_DOC
        } else {
            YEAR_OPTION
        }
    }
}

pub(super) const YEAR_TEXT: &str = "year written with the date";
pub(super) const YEAR_CONTEXT: &str = "year of the item's heading or lead-in, or of the document's title or opening paragraph";
pub(super) const YEAR_DOC: &str = "year of the document's own date";
pub(super) const YEAR_OPTION: &str = "year of --date";
pub(super) const FROM_DOC: &str = "counted from the document's own date";
pub(super) const FROM_OPTION: &str = "counted from --date";
pub(super) const PAST_SPAN: &str = "the period named is already past: no limit ahead";
pub(super) const EVENT: &str = "the text does not date the event";
pub(super) const START: &str = "the start of a standing obligation: nothing is due by it";
pub(super) const PERIOD: &str = "a period the pledges hold through, not a date to be done by";
pub(super) const NOT_COVERED: &str = "the festival's date for that year is not in dictionaries/lunar_festivals.txt";

/// The due date of a match of the date grammar (see the module doc), and how it was reckoned
/// or why there is none. `inherited` is the date that opens a range this match ends.
pub(super) fn date_due(c: &regex::Captures, tf: &Timeframe, inherited: Option<Date>) -> (Option<Date>, Option<&'static str>) {
    let (due, note, _) = date_of(c, tf, inherited);
    (due, note)
}

/// [`date_due`], plus the date the match names even when it is past (for the start of a
/// range).
pub(super) fn date_of(c: &regex::Captures, tf: &Timeframe, inherited: Option<Date>) -> (Option<Date>, Option<&'static str>, Option<Date>) {
    let (due, note) = date_named(c, tf, inherited);
    // A period named by a year word that is already past (去年上半年, 今年一季度 in a text of
    // May) is no limit ahead, nor one in a year written in digits before the year of the
    // document's own date (2020年将… in a text dated 2024). A date of that year itself stands
    // as written (a plan dated 2021-09-09 may schedule its first step for 2021年8月), and so
    // does any written year when the reference is only --date: an old text keeps its dates.
    let past = |d: Date, r: Date| match (c.name("yw"), c.name("y4")) {
        (Some(_), _) => d < r.first_of_month(),
        (None, Some(_)) => tf.reference_is_document_date && c.name("y4a").is_none() && d.year() < r.year(),
        _ => false,
    };
    match due {
        Some(d) if tf.reference.is_some_and(|r| past(d, r)) => (None, Some(PAST_SPAN), Some(d)),
        _ => (due, note, due),
    }
}

/// The date a match of the date grammar names (past or not), and how it was reckoned or why
/// there is none.
fn date_named(c: &regex::Captures, tf: &Timeframe, inherited: Option<Date>) -> (Option<Date>, Option<&'static str>) {
    let get = |n: &str| c.name(n).map(|x| x.as_str());
    let reference = tf.reference;
    if get("season").is_some() {
        return (None, Some(SEASON));
    }
    if get("suf") == Some("前后") {
        return (None, Some(APPROXIMATE));
    }
    if get("h") == Some("年初") {
        return (None, Some(APPROXIMATE));
    }
    // A five-year plan: 十四五 = 2021–2025 (the third plan began in 1966).
    if let Some(n) = get("plan").and_then(crate::text::numeral::chinese_number) {
        let end = 1966 + 5 * (n as i32 - 3) + 4;
        return (Date::new(end, 12, 31), Some(YEAR_TEXT));
    }
    // The year, how it is known, and the earliest date a point without a written year may
    // fall on (else it is taken in the following year).
    let (year, floor, note) = if let Some(y) = get("y4").and_then(number) {
        (Some(y as i32), None, YEAR_TEXT)
    } else if let Some(w) = get("yw") {
        let offset = match w {
            "明年" | "来年" | "今明两年" | "次年" | "翌年" | "下一年度" | "下年度" | "下一年" => 1,
            "后年" | "明后两年" => 2,
            "大后年" => 3,
            "去年" => -1,
            "前年" => -2,
            _ => 0,
        };
        // 次年 counts from the year the text speaks of, else from the reference.
        let base = tf.year.or(reference.map(|r| r.year()));
        (base.map(|b| b + offset), None, YEAR_TEXT)
    } else if let Some(start) = inherited {
        (Some(start.year()), Some(start), YEAR_TEXT)
    } else if let Some(y) = tf.year {
        (Some(y), None, YEAR_CONTEXT)
    } else {
        (reference.map(|r| r.year()), reference.map(|r| r.first_of_month()), tf.reference_note())
    };
    let Some(year) = year else {
        return (None, Some(NO_YEAR));
    };
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
        } else if get("rq").is_some() || get("rqp").is_some() {
            let r = reference?;
            let quarter = r.month().div_ceil(3) + u32::from(get("rq").is_some_and(|w| w.starts_with('下')));
            Date::month_end(r.year() + ((quarter - 1) / 4) as i32, (quarter - 1) % 4 * 3 + 3)
        } else if let Some(h) = get("h") {
            if matches!(h, "上半年" | "年中") {
                Date::new(y, 6, 30)
            } else {
                Date::new(y, 12, 31)
            }
        } else if let Some(f) = get("fest") {
            match fixed_festival(f) {
                Some((month, day)) => Date::new(y, month, day),
                None => Calendar::official().festival(y, lunar_name(f)),
            }
        } else {
            Date::new(y, 12, 31)
        }
    };
    let Some(due) = at(year) else {
        let relative = get("rm").is_some() || get("bm").is_some() || get("rqp").is_some() || get("rq").is_some();
        let lunar = get("fest").is_some_and(|f| fixed_festival(f).is_none());
        return (
            None,
            Some(if relative && reference.is_none() {
                NO_YEAR
            } else if lunar {
                NOT_COVERED
            } else {
                NO_SUCH_DAY
            }),
        );
    };
    let yearly = get("m").is_some() || get("q").is_some() || get("h").is_some() || get("fest").is_some();
    if yearly && floor.is_some_and(|f| due < f) {
        return (at(year + 1), Some(note));
    }
    (Some(due), Some(note))
}

/// The name of a lunar festival as `lunar_festivals.txt` writes it (春节, 中秋节…).
fn lunar_name(f: &str) -> &str {
    match f {
        "清明" => "清明节",
        "端午" => "端午节",
        "中秋" => "中秋节",
        "元宵" => "元宵节",
        "重阳" => "重阳节",
        other => other,
    }
}

/// Festivals on a fixed day of the solar calendar.
pub(super) fn fixed_festival(name: &str) -> Option<(u32, u32)> {
    Some(match name {
        "元旦" => (1, 1),
        "五一" | "劳动节" => (5, 1),
        "七一" => (7, 1),
        "八一" => (8, 1),
        "国庆" | "国庆节" | "十一”" => (10, 1),
        _ => return None,
    })
}

/// The due date of a lexicon `date` word: the date grammar applied to the whole word.
pub(super) fn word_due(word: &str, tf: &Timeframe) -> (Option<Date>, Option<&'static str>) {
    match super::grammar::next_date(word, 0) {
        Some(c) if c.get(0).is_some_and(|m| m.start() == 0 && m.len() == word.len()) => date_due(&c, tf, None),
        _ => (None, Some(NO_RULE)),
    }
}

/// The due date of a duration counted from the reference date, or why there is none.
pub(super) fn duration_due(c: &regex::Captures, tf: &Timeframe) -> (Option<Date>, Option<&'static str>) {
    let reference = tf.reference;
    let get = |n: &str| c.name(n).map_or("", |x| x.as_str());
    if !get("approx").is_empty() || get("half") == "多" {
        return (None, Some(APPROXIMATE));
    }
    let Some(r) = reference else {
        return (None, Some(NO_START));
    };
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
            let note = if counted == WorkingDays::WeekdaysOnly { WEEKDAYS_ONLY } else { tf.counted_note() };
            return (Some(due), Some(note));
        }
        "小时" => r.add_days(i64::from(n.div_ceil(24))),
        _ => r.add_days(i64::from(n)),
    };
    (Some(due), Some(tf.counted_note()))
}
