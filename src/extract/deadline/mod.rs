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

use crate::lexicon::labels::TimeWord;
use crate::lexicon::Lexicons;
use crate::text::{CharText, Span};
use regex::Regex;
use serde::Serialize;
use std::sync::OnceLock;

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

const NO_YEAR: &str = "the text gives no year and there is no document date or --date";
const NO_START: &str = "no document date or --date to count the duration from";
const LUNAR: &str = "a lunar-calendar festival falls on a different day each year";
const SEASON: &str = "a season has no fixed end date";
const APPROXIMATE: &str = "an approximate time (左右, 前后, 多) has no exact end";
const NO_SUCH_DAY: &str = "no such day in the calendar";
const NO_RULE: &str = "the expression names no calendar date";

/// Month and day numbers: 6, ０６, 十二, 三十一.
const MD_NUM: &str = r"[0-9０-９]{1,2}|[〇零一二三四五六七八九十]{1,3}";
/// Four-digit years: 2024, ２０２４, 二〇二四, 二○二四.
const YEAR_NUM: &str = r"[0-9０-９]{4}|[〇零○一二三四五六七八九]{4}";
/// Counts of a duration: 3, 30, 三, 十五, 两.
const COUNT: &str = r"[0-9０-９]{1,3}|[一二三四五六七八九十两]{1,3}";

/// Words before a date that make it recur (每月10日前, 每季度末, 每年底), longest first.
const RECURRING: &[&str] = &["每个月", "每季度", "每半年", "每年", "每月", "每周", "每"];
/// Characters before 年底/年中/年内 that make them part of another word (去年底, 两年内, 全年中).
const YEAR_WORD_LEFT: &str = "去今明前后当全近历往同该本上下次多几数个半一二三四五六七八九十两〇零0123456789０１２３４５６７８９";
/// What follows a date without a limit word when it tells when something happened.
const EVENT_AFTER: &[&str] =
    &["以来", "期间", "是", "上午", "下午", "晚上", "召开", "举行", "举办", "至", "到", "—", "－", "-", "～", "~", "已"];
/// What also follows a numeric date that names an event (12月5日，…; 6月21日的会议).
const EVENT_AFTER_NUMERIC: &[&str] = &["，", ",", "、", "：", ":", "的"];
/// Characters that make 于/在/到/至 after them the end of a word (关于, 对于, 由于, 存在, 现在,
/// 达到, 得到, 甚至, 以至), not a preposition of time.
const PREFIX_WORD_LEFT: &str = "关对由基属处等鉴善勇敢乐便易用限出归位终过忠存现正所实内潜旨好自达得受遇提感看想甚以乃";
/// What joins the two ends of a range of dates (2024年3月5日至4月18日).
const RANGE_JOINERS: &[&str] = &["至", "到", "—", "－", "-", "～", "~"];
/// A clause ending in one of these is a "when" clause (今年村级换届时，…).
const WHEN_CLAUSE: &[&str] = &["时", "时候", "期间", "之际", "以来"];
/// What may follow a bare four-digit year for it to be a limit (2020年将…, 2035年基本实现).
const YEAR_LIMIT_AFTER: &[&str] = &["将", "要", "力争", "计划", "完成", "确保", "争取", "基本", "全面", "实现"];

struct Patterns {
    date: Regex,
    relative: Regex,
    doc_full: Regex,
    doc_year: Regex,
    doc_month_day: Regex,
    iso: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: String| Regex::new(&s).expect("deadline pattern");
        Patterns {
            // [prefix] [year] [point in the year] [limit word]; see the module doc.
            date: re(format!(
                r"(?P<pre>从|自|于|在|到|至|截至|截止到|截止|不晚于|最迟|最晚)?(?:(?P<y4>{YEAR_NUM})年度?|(?P<yw>今明两年|今年|本年度|本年|明年|来年|后年))?(?:(?P<m>{MD_NUM})月份?(?:(?P<d>{MD_NUM})[日号]|(?P<mp>底|末|上旬|中旬|下旬|初))?|(?P<rm>本|这个|下个|下)月份?(?:(?P<rd>{MD_NUM})[日号]|(?P<rmp>底|末|上旬|中旬|下旬|初))?|月(?P<bm>底|末)|第?(?P<q>[一二三四1-4１-４])季度(?P<qp>末|底)?|(?P<rq>本|这个|下个|下)?季度(?P<rqp>末|底)|(?P<h>上半年|下半年|年中|年底|年末|年内)|(?P<fest>元旦|春节|清明节|清明|五一|劳动节|端午节|端午|七一|八一|中秋节|中秋|国庆节|国庆)|(?P<season>春季|夏季|秋季|冬季)|(?P<dd>{MD_NUM})[日号]|(?P<yp>底|末|内))?(?P<suf>前后|之前|以前|前|以内|之内|内|起|为止|止)?"
            )),
            // [会后/限期/用] count [至 count] [个] [半/多] unit [半] [左右] [内/时间…]
            relative: re(format!(
                r"(?P<rpre>会后|今后|限期|限时|利用|用|花|经过)?(?P<n>{COUNT}|半)(?:(?:至|到|－|-|～|~|—)(?P<n2>{COUNT}))?(?P<ge>个)?(?P<half>半|多)?(?P<unit>工作日|自然日|月|年|周|星期|天|日|季度|小时)(?P<half2>半)?(?P<approx>左右)?(?P<suf>以内|之内|内|为限|时间内|时间|期限内)?"
            )),
            doc_full: re(format!(r"({YEAR_NUM})年({MD_NUM})月(?:({MD_NUM})[日号])?")),
            doc_year: re(format!(r"({YEAR_NUM})年")),
            doc_month_day: re(format!(r"({MD_NUM})月({MD_NUM})[日号]")),
            iso: re(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})".to_string()),
        }
    })
}

use crate::text::numeral::number;

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

/// A limit found, in byte offsets of the searched slice.
struct Found {
    start: usize,
    end: usize,
    kind: DeadlineKind,
    due: Option<Date>,
    note: Option<&'static str>,
}

/// What a match of the date grammar is.
enum DateUse {
    /// Not a time limit.
    No,
    /// A limit: the text starts this many bytes into the match.
    Limit(usize),
    /// A recurring limit that starts this many bytes before the match.
    Recurring(usize),
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
                due_note: if f.due.is_none() && dated { f.note.map(str::to_string) } else { None },
                span: Span::new(text.char_at_byte(base + f.start), text.char_at_byte(base + f.end)),
            }
        })
        .collect()
}

/// True when `before` ends with a negation or a past marker: what follows is a condition or a
/// fact, not a limit.
fn not_ahead(lx: &Lexicons, before: &str) -> bool {
    lx.negations.suffix_entry(before, |_| true).is_some()
}

/// True when a match of the date grammar holds a year or a point in time, not only a prefix
/// or a limit word.
fn has_core(c: &regex::Captures) -> bool {
    ["y4", "yw", "m", "rm", "bm", "q", "rqp", "h", "fest", "season", "dd"].iter().any(|n| c.name(n).is_some())
}

/// Decides whether a match of the date grammar at `start..end` of `s` is a time limit;
/// `in_range` when it ends a range of dates (…至4月18日).
fn date_use(lx: &Lexicons, c: &regex::Captures, s: &str, start: usize, end: usize, in_range: bool) -> DateUse {
    let has = |n: &str| c.name(n).is_some();
    let get = |n: &str| c.name(n).map_or("", |x| x.as_str());
    let (pre, suf) = (get("pre"), get("suf"));
    let year = has("y4") || has("yw");
    let point = ["m", "rm", "bm", "q", "rqp", "h", "fest", "season", "dd"].iter().any(|n| has(n));
    if not_ahead(lx, &s[..start]) {
        return DateUse::No;
    }
    let core = start + pre.len();
    let before = &s[..core];
    let left = before.chars().next_back();
    if left.is_some_and(|ch| ch.is_ascii_digit() || ('０'..='９').contains(&ch) || ch == '.' || ch == '．') {
        return DateUse::No;
    }
    if !year && pre.is_empty() {
        if let Some(r) = RECURRING.iter().find(|r| before.ends_with(*r)) {
            return DateUse::Recurring(r.len());
        }
    }
    let starts_with_year_char = get("h").starts_with('年');
    if has("dd")
        || (starts_with_year_char && !year && left.is_some_and(|ch| YEAR_WORD_LEFT.contains(ch)))
        || (has("m") && !year && left == Some('年'))
        || (pre.starts_with('截') && !suf.ends_with('前'))
    {
        return DateUse::No;
    }
    let skip = if matches!(pre, "从" | "自") { 0 } else { pre.len() };
    let after = &s[end..];
    if !suf.is_empty() {
        // 今年前三季度, 1月前5个月: 前 counts the first months, it is no limit.
        let counting = suf == "前" && after.starts_with(|ch: char| ch.is_ascii_digit() || "一二三四五六七八九十两".contains(ch));
        return if counting { DateUse::No } else { DateUse::Limit(skip) };
    }
    // Without a limit word: events and "when" clauses are not limits. 于/在/到/至 point at a
    // time (到2025年，…), unless they end a word (关于, 由于, 存在, 达到, 甚至); the end of a
    // range followed by a comma is a past period (3月5日至4月18日，巡察组…).
    let in_word = matches!(pre, "于" | "在" | "到" | "至")
        && s[..start].chars().next_back().is_some_and(|ch| PREFIX_WORD_LEFT.contains(ch));
    let pointed = !pre.is_empty() && !in_word;
    let clause = after.split(['，', ',', '。', '；', ';', '！', '？', '：', ':', '\n']).next().unwrap_or("");
    let numeric = has("y4") || has("m") || has("rm") || has("q") || has("fest");
    if EVENT_AFTER.iter().any(|w| after.starts_with(w))
        || (numeric && (!pointed || in_range) && EVENT_AFTER_NUMERIC.iter().any(|w| after.starts_with(w)))
        || WHEN_CLAUSE.iter().any(|w| clause.trim_end().ends_with(w))
    {
        return DateUse::No;
    }
    let limit = if has("m") {
        pointed || has("mp")
    } else if has("fest") {
        pointed
    } else if has("y4") && !point {
        pointed || YEAR_LIMIT_AFTER.iter().any(|w| after.starts_with(w))
    } else {
        true
    };
    if limit {
        DateUse::Limit(skip)
    } else {
        DateUse::No
    }
}

/// The due date of a match of the date grammar (see the module doc), or why there is none.
fn date_due(c: &regex::Captures, reference: Option<Date>, inherited: Option<Date>) -> (Option<Date>, Option<&'static str>) {
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
fn fixed_festival(name: &str) -> Option<(u32, u32)> {
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
fn word_due(word: &str, reference: Option<Date>) -> (Option<Date>, Option<&'static str>) {
    match patterns().date.captures(word) {
        Some(c) if c.get(0).is_some_and(|m| m.len() == word.len()) => date_due(&c, reference, None),
        _ => (None, Some(NO_RULE)),
    }
}

/// True when a match of the duration pattern is a time limit (`before` is the text before it).
fn is_duration(lx: &Lexicons, c: &regex::Captures, before: &str) -> bool {
    let get = |n: &str| c.name(n).map_or("", |x| x.as_str());
    let left = before.chars().next_back();
    if left.is_some_and(|ch| ch.is_ascii_digit() || ('０'..='９').contains(&ch) || ch == '.' || ch == '．')
        || (get("n") == "半" && matches!(left, Some('上' | '下')))
        || not_ahead(lx, before)
        || (get("n") != "半" && number(get("n")).unwrap_or(0) == 0)
    {
        return false;
    }
    !get("suf").is_empty() || !get("approx").is_empty() || matches!(get("rpre"), "限期" | "限时")
}

/// The due date of a duration counted from the reference date, or why there is none.
fn duration_due(c: &regex::Captures, reference: Option<Date>) -> (Option<Date>, Option<&'static str>) {
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
        "工作日" => add_working_days(r, i64::from(n)),
        "小时" => r.add_days(i64::from(n.div_ceil(24))),
        _ => r.add_days(i64::from(n)),
    };
    (Some(due), None)
}

/// The date `n` working days (Monday to Friday) after `d`.
fn add_working_days(d: Date, n: i64) -> Date {
    let mut d = d;
    let mut left = n.clamp(0, 100_000);
    while left > 0 {
        d = d.add_days(1);
        if !d.is_weekend() {
            left -= 1;
        }
    }
    d
}

/// The main limit of several: a date before a duration, then immediate, ongoing, vague.
pub fn main_deadline(all: &[Deadline]) -> Option<&Deadline> {
    all.iter().min_by_key(|d| (d.kind, d.span.start))
}

#[cfg(test)]
mod tests;
