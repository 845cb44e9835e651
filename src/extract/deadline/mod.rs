//! Time limits (时间表): finds every time expression of a commitment, classifies it
//! (`date`, `relative`, `immediate`, `ongoing`, `vague`) and turns it into a due date where
//! the text allows.
//!
//! # What is recognised
//!
//! * **Dates** by a grammar here: an optional prefix (于, 在, 到, 至, 从, 自, 截至, 不晚于,
//!   最迟), an optional year (2024年, 二〇二四年, ２０２４年, 今年, 明年, 后年, 今明两年), an
//!   optional point inside it (6月, 6月30日, 6月底, 6月中旬, 本月底, 下个月, 月底, 第三季度末,
//!   本季度末, 上半年, 年中, 年底, 年内, 元旦, 国庆, 春节, 秋季), and an optional limit word
//!   (前, 之前, 以前, 内, 以内, 起, 止, 为止). With a limit word it is a limit. Without one, a
//!   bare month (6月) needs a prefix, and a bare four-digit year a prefix or a following
//!   将/要/力争/基本…; and a date that tells when something happened is skipped: one followed
//!   by 以来, 是, 上午/下午, 召开, 已 or a range (至, —), one with a number and no prefix
//!   followed by a comma or 的 (12月5日，…), one inside a "…时" clause (今年换届时，…).
//!   Also skipped: 截至/截止 (as of) without 前, 前 that counts (今年前三季度), a date after
//!   a negation or 已 (无法在4月20日完成的 is a condition, 已在8月份 a fact). 于/在/到/至 ending
//!   a word (关于, 由于, 达到) are no prefix. A date after 每 recurs and is `ongoing` (每月
//!   10日前, 每季度末, 每年底). The text of a limit leaves out its prefix, except 从/自 (从5月1日起).
//! * **Durations** by a pattern here: a count (3, 三, 两, 半, 3至5) and a unit (个月, 年, 周,
//!   天, 日, 个工作日, 季度, 小时), with 内/以内/之内/为限/时间 or 左右, or after 限期/限时
//!   (三个月内, 30个工作日内, 一年半内, 会后一周内, 用两年时间, 一个月左右).
//! * **Fixed words** from `dictionaries/deadlines.txt` (立即, 常态化, 尽快 …) with their kind;
//!   its `not` entries (可持续, 长期护理, 预计今年) mask whatever they overlap, unless a match
//!   strictly contains them.
//!
//! # Due dates
//!
//! The year comes from the expression (2024年, 明年 = reference year + 1), else from a date
//! that opens a range (2024年3月5日至4月18日; the next year if the end would fall before the
//! start: 2023年12月1日至1月31日 → 2024-01-31), else from the reference date: the
//! document's own date ([`document_date`]), else `--date`. A point without a year that would
//! end before the reference month is taken in the following year (a text dated November that
//! says 3月底前 means next March).
//!
//! **One rule for "before X":** 前/之前/以前/内 never move the date; the due date is the last
//! day of the period named: 4月20日前 → 04-20, 6月前 and 6月底前 → 06-30, 明年3月前 → next
//! year's 03-31, 2024年前 → 2024-12-31, 第三季度(末)前 → 09-30, 上半年/年中 → 06-30, 年底/年内/
//! 下半年 → 12-31, 元旦前 → 01-01, 国庆前 → 10-01. Parts of a month end on their last day:
//! 上旬/月初 → the 10th, 中旬 → the 20th, 下旬/底/末 → the month's last day.
//!
//! A duration counts from the reference date: calendar months and years (the same day number,
//! clipped to the month's end: 三个月内 from 03-15 → 06-15; 半年 is six months, a half month
//! fifteen days; of a range 3至5个月 the longer end), weeks and days as days, 工作日
//! skipping Saturdays and Sundays (public holidays are not known), hours rounded up to whole
//! days. Where no due date can be given, `due` is `None` and, for `date` and `relative` limits,
//! `due_note` says why: no year and no reference date, a lunar festival (春节, 中秋) or a season,
//! an approximate time (左右, 前后, 一个多月), or a day that does not exist.

mod due;
mod grammar;

pub use due::document_date;
use due::{date_due, duration_due, word_due};
use grammar::{date_use, has_core, is_duration, not_ahead, patterns, DateUse, RANGE_JOINERS};
use crate::lexicon::labels::TimeWord;
use crate::lexicon::Lexicons;
use crate::text::{CharText, Span};
use serde::Serialize;

pub use crate::lexicon::labels::DeadlineKind;
pub use crate::date::Date;

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


/// A limit found, in byte offsets of the searched slice.
struct Found {
    start: usize,
    end: usize,
    kind: DeadlineKind,
    due: Option<Date>,
    note: Option<&'static str>,
}

/// Finds time limits in `span` of `text`. `reference` is the date relative expressions
/// count from (the document's date, else `--date`). All are returned, in text order.
pub fn find(lx: &Lexicons, text: &CharText, span: Span, reference: Option<Date>) -> Vec<Deadline> {
    let s = text.slice(span);
    let base = text.byte_at_char(span.start);
    let p = patterns();
    let words = &lx.deadlines;
    let not_ahead = |before: &str| not_ahead(lx, before);

    let masks: Vec<(usize, usize)> = words
        .with_label(TimeWord::Not)
        .flat_map(|w| s.match_indices(w).map(move |(a, _)| (a, a + w.len())))
        .collect();
    let free = |found: &[Found], a: usize, b: usize| {
        !found.iter().any(|f| a < f.end && f.start < b)
            && !masks.iter().any(|&(ma, mb)| a < mb && ma < b && !(a <= ma && mb <= b && b - a > mb - ma))
    };
    let mut found: Vec<Found> = Vec::new();

    // Dates. `previous` remembers the end and date of the last date, so that the end of a
    // range (2024年3月5日至4月18日) is known as such and takes the year of its start.
    let mut previous: Option<(usize, Option<Date>)> = None;
    for c in p.date.captures_iter(s) {
        let m = c.get(0).expect("whole match");
        if !has_core(&c) {
            continue;
        }
        let pre = c.name("pre").map_or("", |x| x.as_str());
        let in_range = previous.is_some_and(|(end, _)| {
            let gap = &s[end..m.start()];
            gap.is_empty() && matches!(pre, "至" | "到") || RANGE_JOINERS.contains(&gap)
        });
        let yearless = c.name("y4").is_none() && c.name("yw").is_none();
        let inherited = previous.and_then(|(_, start)| start).filter(|_| in_range && yearless);
        let (due, note) = date_due(&c, reference, inherited);
        previous = Some((m.end(), due));
        let (a, kind, due, note) = match date_use(lx, &c, s, m.start(), m.end(), in_range) {
            DateUse::No => continue,
            DateUse::Limit(skip) => (m.start() + skip, DeadlineKind::Date, due, note),
            DateUse::Recurring(back) => (m.start() - back, DeadlineKind::Ongoing, None, None),
        };
        if free(&found, a, m.end()) {
            found.push(Found { start: a, end: m.end(), kind, due, note });
        }
    }

    // Durations.
    for c in p.relative.captures_iter(s) {
        let m = c.get(0).expect("whole match");
        if !is_duration(lx, &c, &s[..m.start()]) || !free(&found, m.start(), m.end()) {
            continue;
        }
        let (due, note) = duration_due(&c, reference);
        found.push(Found { start: m.start(), end: m.end(), kind: DeadlineKind::Relative, due, note });
    }

    // Fixed expressions from the lexicon, longest first.
    for (word, label, range) in words.occurrences(s) {
        let TimeWord::Limit(kind) = label else { continue };
        let (a, b) = (range.start, range.end);
        if not_ahead(&s[..a]) || !free(&found, a, b) {
            continue;
        }
        let (due, note) = if kind == DeadlineKind::Date { word_due(word, reference) } else { (None, None) };
        found.push(Found { start: a, end: b, kind, due, note });
    }

    found.sort_by_key(|f| f.start);
    found
        .into_iter()
        .map(|f| {
            let dated = matches!(f.kind, DeadlineKind::Date | DeadlineKind::Relative);
            Deadline {
                text: s[f.start..f.end].to_string(),
                kind: f.kind,
                due: f.due.map(|d| d.to_string()),
                due_note: if dated { f.note.map(str::to_string) } else { None },
                span: Span::new(text.char_at_byte(base + f.start), text.char_at_byte(base + f.end)),
            }
        })
        .collect()
}

/// The main limit of several: a date before a duration, then immediate, ongoing, vague.
pub fn main_deadline(all: &[Deadline]) -> Option<&Deadline> {
    all.iter().min_by_key(|d| (d.kind, d.span.start))
}

#[cfg(test)]
mod tests;
