//! Time limits (时间表): finds each time expression of a commitment, classifies it
//! (`date`, `relative`, `immediate`, `ongoing`, `vague`) and turns it into a due date where
//! the text allows: from the year in the expression, else the document's own date, else the
//! reference date given with `--date`.
//!
//! Fixed expressions live in `dictionaries/deadlines.txt`; dates and durations with numbers
//! (6月底前, 三个月内, 2024年12月31日前, 二〇二四年十二月) are recognised by patterns here.

use crate::lexicon::Lexicons;
use crate::outline::chinese_number;
use crate::text::{CharText, Span};
use regex::Regex;
use serde::Serialize;
use std::sync::OnceLock;

/// The kinds of time limit (SPEC §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeadlineKind {
    /// A calendar point: 6月底前, 年底前, 2024年6月30日前.
    Date,
    /// A duration: 三个月内, 30个工作日内.
    Relative,
    /// At once: 立即, 立行立改, 第一时间.
    Immediate,
    /// Continuing: 长期坚持, 常态化, 每月.
    Ongoing,
    /// No checkable limit: 尽快, 限期, 适时.
    Vague,
}

impl DeadlineKind {
    /// Parses a lexicon label.
    pub fn from_label(s: &str) -> Option<Self> {
        Some(match s {
            "date" => DeadlineKind::Date,
            "relative" => DeadlineKind::Relative,
            "immediate" => DeadlineKind::Immediate,
            "ongoing" => DeadlineKind::Ongoing,
            "vague" => DeadlineKind::Vague,
            _ => return None,
        })
    }

    /// The Chinese label used in ledgers (时限类型).
    pub fn label_zh(&self) -> &'static str {
        match self {
            DeadlineKind::Date => "具体日期",
            DeadlineKind::Relative => "期限",
            DeadlineKind::Immediate => "立即",
            DeadlineKind::Ongoing => "长期",
            DeadlineKind::Vague => "模糊",
        }
    }
}

/// A simple calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day, 1–31.
    pub day: u32,
}

impl Date {
    /// A date, when it exists in the calendar.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) || !(1000..=9999).contains(&year) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Self> {
        let mut it = s.trim().splitn(3, '-');
        Date::new(it.next()?.parse().ok()?, it.next()?.parse().ok()?, it.next()?.parse().ok()?)
    }

    /// The last day of a month.
    pub fn month_end(year: i32, month: u32) -> Option<Self> {
        Date::new(year, month, days_in_month(year, month))
    }

    fn add_days(self, n: i64) -> Self {
        let mut d = self;
        for _ in 0..n.max(0) {
            d = if d.day < days_in_month(d.year, d.month) {
                Date { day: d.day + 1, ..d }
            } else if d.month < 12 {
                Date { month: d.month + 1, day: 1, ..d }
            } else {
                Date { year: d.year + 1, month: 1, day: 1 }
            };
        }
        d
    }

    fn add_months(self, n: u32) -> Self {
        let total = self.month - 1 + n;
        let year = self.year + (total / 12) as i32;
        let month = total % 12 + 1;
        Date { year, month, day: self.day.min(days_in_month(year, month)) }
    }

    /// 0 = Monday … 6 = Sunday (Zeller-style computation).
    fn weekday(self) -> u32 {
        let (mut y, mut m) = (self.year, self.month as i32);
        if m < 3 {
            m += 12;
            y -= 1;
        }
        let k = y % 100;
        let j = y / 100;
        let h = (self.day as i32 + 13 * (m + 1) / 5 + k + k / 4 + j / 4 + 5 * j) % 7; // 0 = Saturday
        ((h + 5) % 7) as u32
    }

    fn add_working_days(self, n: i64) -> Self {
        let mut d = self;
        let mut left = n;
        while left > 0 {
            d = d.add_days(1);
            if d.weekday() < 5 {
                left -= 1;
            }
        }
        d
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// One time limit found in a commitment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// The expression as written.
    pub text: String,
    /// Its kind.
    pub kind: DeadlineKind,
    /// The due date, where the text allows one (ISO `YYYY-MM-DD`).
    pub due: Option<String>,
    /// Why there is no due date for a date or relative limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_note: Option<String>,
    /// Char span in the document.
    pub span: Span,
}

struct Patterns {
    full: Regex,
    month: Regex,
    year: Regex,
    relative: Regex,
    quarter: Regex,
    iso: Regex,
}

const NUM: &str = r"[0-9０-９]+|[〇零一二三四五六七八九十两]+";

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: String| Regex::new(&s).expect("deadline pattern");
        Patterns {
            // 2024年6月30日前, 二〇二四年十二月底, 2024年6月
            full: re(format!(r"(从|于|在|到|至)?([0-9０-９]{{4}}|[〇零一二三四五六七八九]{{4}})年({NUM})月(?:({NUM})日|(底|末|中旬|上旬|下旬))?(前|之前|以前|底前|起|内|止)?")),
            // 6月底前, 4月20日前, 于7月4日
            month: re(format!(r"(从|于|在|到|截至|截止)?({NUM})月(?:({NUM})日|(底|末|中旬|上旬|下旬))?(前|之前|以前|底前|起|内|止|份前)?")),
            // 2020年底前, 2020年将
            year: re(r"([0-9０-９]{4}|[〇零一二三四五六七八九]{4})年(底前|底|末|内|前|之前)?(将|要|力争|计划|完成)?".to_string()),
            // 三个月内, 30个工作日内, 一个月左右, 两年内, 会后一周内
            relative: re(format!(r"(会后|之后|此后)?({NUM}|半)(个)?(多|半)?(工作日|个工作日|月|年|周|星期|天|日|季度)(内|以内|之内|左右|为限)")),
            // 第三季度末, 第3季度前
            quarter: re(r"第([一二三四1-4])季度(末|底)?(前|之前)?".to_string()),
            iso: re(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})".to_string()),
        }
    })
}

fn number(s: &str) -> Option<u32> {
    let ascii: String = s
        .chars()
        .map(|c| if ('０'..='９').contains(&c) { char::from_u32(c as u32 - 0xFF10 + 0x30).unwrap_or(c) } else { c })
        .collect();
    if let Ok(n) = ascii.parse() {
        return Some(n);
    }
    if s.chars().count() == 4 && s.chars().all(|c| "〇零一二三四五六七八九".contains(c)) {
        // 二〇二四: digit by digit.
        let mut n = 0;
        for c in s.chars() {
            n = n * 10 + if c == '〇' || c == '零' { 0 } else { chinese_number(&c.to_string())? };
        }
        return Some(n);
    }
    chinese_number(s)
}

/// The document's own date: a date line at the end (落款), an ISO date, the first full
/// date that is not the start of a range, else a year in the title with a month-day in the text.
pub fn document_date(text: &CharText) -> Option<Date> {
    let p = patterns();
    let s = text.as_str();
    for line in s.lines().rev() {
        let l = line.trim();
        if let Some(c) = p.full.captures(l) {
            if c.get(0).is_some_and(|m| m.as_str() == l) {
                if let Some(d) = date_of(&c) {
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
    for c in p.full.captures_iter(s) {
        let m = c.get(0)?;
        let after = &s[m.end()..];
        if c.get(4).is_none() || after.starts_with(['至', '到', '—', '-', '~', '～']) {
            continue;
        }
        if let Some(d) = date_of(&c) {
            return Some(d);
        }
    }
    let title = s.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let year = p.year.captures(title).and_then(|c| number(&c[1]))? as i32;
    let md = p.month.captures_iter(s).find(|c| c.get(3).is_some())?;
    Date::new(year, number(&md[2])?, number(&md[3])?)
}

fn date_of(c: &regex::Captures) -> Option<Date> {
    let year = number(&c[2])? as i32;
    let month = number(&c[3])?;
    match c.get(4) {
        Some(d) => Date::new(year, month, number(d.as_str())?),
        None => Date::month_end(year, month),
    }
}

/// Finds time limits in `span` of `text`. `reference` is the date relative expressions
/// count from (the document's date, else `--date`).
pub fn find(lx: &Lexicons, text: &CharText, span: Span, reference: Option<Date>) -> Vec<Deadline> {
    let s = text.slice(span);
    let base = text.byte_at_char(span.start);
    let mut found: Vec<(usize, usize, DeadlineKind, Option<Date>, Option<&'static str>)> = Vec::new();
    let p = patterns();
    let ref_year = reference.map(|d| d.year);
    let no_ref = Some("the text gives no year and no document date; pass --date");

    let taken = |found: &Vec<(usize, usize, DeadlineKind, Option<Date>, Option<&'static str>)>, a: usize, b: usize| {
        found.iter().any(|f| a < f.1 && f.0 < b)
    };

    for c in p.full.captures_iter(s) {
        let m = c.get(0).unwrap();
        let prefix = c.get(1).map(|x| x.as_str()).unwrap_or("");
        let suffix = c.get(6).map(|x| x.as_str()).unwrap_or("");
        if suffix.is_empty() && !matches!(prefix, "于" | "在" | "到") || is_event_time(&s[m.end()..]) && suffix.is_empty() {
            continue;
        }
        let due = date_of(&c);
        found.push((m.start(), m.end(), DeadlineKind::Date, due, None));
    }
    for c in p.quarter.captures_iter(s) {
        let m = c.get(0).unwrap();
        if taken(&found, m.start(), m.end()) {
            continue;
        }
        let q = number(&c[1]).unwrap_or(1);
        let due = ref_year.and_then(|y| Date::month_end(y, q * 3));
        found.push((m.start(), m.end(), DeadlineKind::Date, due, if due.is_none() { no_ref } else { None }));
    }
    for c in p.month.captures_iter(s) {
        let m = c.get(0).unwrap();
        if taken(&found, m.start(), m.end()) || s[..m.start()].ends_with('年') {
            continue;
        }
        let prefix = c.get(1).map(|x| x.as_str()).unwrap_or("");
        let suffix = c.get(5).map(|x| x.as_str()).unwrap_or("");
        if prefix.starts_with("截") || (suffix.is_empty() && !matches!(prefix, "于" | "在" | "到")) {
            continue;
        }
        if suffix.is_empty() && is_event_time(&s[m.end()..]) {
            continue;
        }
        let month = number(&c[2]).unwrap_or(0);
        let due = ref_year.and_then(|y| match c.get(3) {
            Some(d) => Date::new(y, month, number(d.as_str())?),
            None => Date::month_end(y, month),
        });
        if month == 0 || month > 12 {
            continue;
        }
        found.push((m.start(), m.end(), DeadlineKind::Date, due, if due.is_none() { no_ref } else { None }));
    }
    for c in p.year.captures_iter(s) {
        let m = c.get(0).unwrap();
        if taken(&found, m.start(), m.end()) || (c.get(2).is_none() && c.get(3).is_none()) {
            continue;
        }
        let year = number(&c[1]).unwrap_or(0) as i32;
        let end = c.get(2).map(|g| g.end()).unwrap_or(c.get(1).unwrap().end() + '年'.len_utf8());
        found.push((m.start(), end, DeadlineKind::Date, Date::new(year, 12, 31), None));
    }
    for c in p.relative.captures_iter(s) {
        let m = c.get(0).unwrap();
        if taken(&found, m.start(), m.end()) {
            continue;
        }
        let n = if &c[2] == "半" { 0 } else { number(&c[2]).unwrap_or(0) };
        let half = c.get(4).is_some_and(|h| h.as_str() == "半") || &c[2] == "半";
        let unit = &c[5];
        let due = reference.map(|r| match unit {
            "年" => r.add_months(12 * n + if half { 6 } else { 0 }),
            "月" => r.add_months(n).add_days(if half { 15 } else { 0 }),
            "季度" => r.add_months(3 * n),
            "周" | "星期" => r.add_days(7 * n as i64),
            "工作日" | "个工作日" => r.add_working_days(n as i64),
            _ => r.add_days(n as i64),
        });
        let approx = &c[6] == "左右";
        found.push((
            m.start(),
            m.end(),
            DeadlineKind::Relative,
            if approx { None } else { due },
            if due.is_none() { Some("no reference date to count from; pass --date") } else { None },
        ));
    }
    // Fixed expressions from the lexicon, longest first; `not` entries mask what they cover.
    for (word, label) in lx.get("deadlines").entries() {
        let mut from = 0;
        while let Some(pos) = s[from..].find(word.as_str()) {
            let a = from + pos;
            let b = a + word.len();
            from = b;
            if taken(&found, a, b) {
                continue;
            }
            if label == "not" {
                found.push((a, b, DeadlineKind::Vague, None, Some("mask")));
                continue;
            }
            let Some(kind) = DeadlineKind::from_label(label) else { continue };
            let (due, note) = if kind == DeadlineKind::Date {
                let d = relative_date(word, reference);
                (d, if d.is_none() { Some("no document date or --date to place it in a year") } else { None })
            } else {
                (None, None)
            };
            found.push((a, b, kind, due, note));
        }
    }
    found.retain(|f| f.4 != Some("mask"));
    found.sort_by_key(|f| f.0);
    found
        .into_iter()
        .map(|(a, b, kind, due, note)| {
            let start = text.char_at_byte(base + a);
            let end = text.char_at_byte(base + b);
            let note = if kind == DeadlineKind::Date || kind == DeadlineKind::Relative { note } else { None };
            Deadline {
                text: s[a..b].to_string(),
                kind,
                due: due.map(|d| d.to_string()),
                due_note: if due.is_none() { note.map(str::to_string) } else { None },
                span: Span::new(start, end),
            }
        })
        .collect()
}

/// A date followed by 上午/下午/召开… names when something happened, not a limit.
fn is_event_time(after: &str) -> bool {
    let after = after.trim_start();
    ["上午", "下午", "晚上", "召开", "举行", "，", ",", "的", "至", "到", "起", "—", "-"]
        .iter()
        .any(|w| after.starts_with(w))
}

/// Due dates of fixed date words relative to the reference year.
fn relative_date(word: &str, reference: Option<Date>) -> Option<Date> {
    let r = reference?;
    let y = r.year;
    Some(match word {
        "年内" | "年底前" | "年底" | "年末" | "今年" | "今年内" | "今年底" | "本年度" | "本年" | "新的一年" => Date::new(y, 12, 31)?,
        "明年" | "今明两年" => Date::new(y + 1, 12, 31)?,
        "上半年" => Date::new(y, 6, 30)?,
        "下半年" => Date::new(y, 12, 31)?,
        "年中" => Date::new(y, 6, 30)?,
        "本月底" | "本月" => Date::month_end(y, r.month)?,
        "本季度" | "本季度末" => Date::month_end(y, r.month.div_ceil(3) * 3)?,
        _ => return None,
    })
}

/// The main limit of several: a date before a duration, then immediate, ongoing, vague.
pub fn main_deadline(all: &[Deadline]) -> Option<&Deadline> {
    all.iter().min_by_key(|d| (d.kind, d.span.start))
}

#[cfg(test)]
mod tests;
