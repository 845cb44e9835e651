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
//!   10日前, 每季度末, 每年底), and so does a yearless point later in the sentence of a 每年…
//!   (每年2月底前各省完成…，3月底前国家完成…). A date with 起 (从5月1日起, 自2022年4月起)
//!   starts a standing obligation: `date` with no due date (`ongoing` when a recurring limit
//!   follows in its sentence: 2020年起，每年2月底前…), and never the main limit beside another.
//!   A date alone in parentheses (建立工作机制（2021年8月）) and a day with its weekday
//!   (9月29日(星期六)) are limits without 前; days coordinated after it (、30日(星期日)) join
//!   it and the last one is due. The text of a limit leaves out its prefix, except 从/自
//!   (从5月1日起).
//! * **Durations** by a pattern here: a count (3, 三, 两, 半, 3至5) and a unit (个月, 年, 周,
//!   天, 日, 个工作日, 季度, 小时), with 内/以内/之内/为限/时间 or 左右, or after 限期/限时
//!   (三个月内, 30个工作日内, 一年半内, 会后一周内, 用两年时间, 一个月左右).
//! * **Fixed words** from `dictionaries/deadlines.txt` (立即, 常态化, 尽快 …) with their kind;
//!   its `not` entries (可持续, 长期护理, 预计今年) mask whatever they overlap, unless a match
//!   strictly contains them. Entries labelled `frame` (下一阶段, 今后一个时期) are limits only
//!   between a subject and its verb, not at the head of a clause or before a noun.
//! * **Not a limit where it modifies a noun** (SPEC §3): before 的 (年底前的目标, 每月一次的
//!   例会), inside a short quotation (“及时雨”, “马上就办”服务品牌), or in the object of another
//!   verb before a noun or the name of an arrangement (分析上半年经济形势, 健全第一时间响应
//!   机制; heads in `clause_words.txt`, label `arrangement`).
//! * **Labelled lines** (完成时限：…): every part of the value that opens with a limit, and
//!   they win over the body. A list's lead-in may also give a period ([`period_frame`]).
//!
//! # Due dates
//!
//! The year comes from the expression (2024年, 明年 = reference year + 1), else from a date
//! that opens a range (2024年3月5日至4月18日; the next year if the end would fall before the
//! start: 2023年12月1日至1月31日 → 2024-01-31), else from the reference date: the
//! document's own date ([`document_date`]), else `--date`. The year the text around the item
//! writes ([`Timeframe::year`]: its heading or lead-in, the title, or the one year of the
//! opening paragraph of a text without title and date, as a news report) comes before the
//! reference date. A point without a year that would end before the reference month is taken
//! in the following year (a text dated November that says 3月底前 means next March). A period
//! named by a year word that is already past (去年上半年, 今年一季度 read in May) and a year
//! written in digits before the year of the document's own date are no limit ahead: no due
//! date, the note says so. A date of the document's year written in digits stands as
//! written, and any written year does when the reference is only `--date`.
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

mod attributive;
mod due;
mod grammar;

use crate::doc::Doc;
use crate::lexicon::labels::TimeWord;
use crate::lexicon::Lexicons;
use crate::text::Span;
use attributive::{attributive, before_de, in_object, modifies_object, opens_clause, quoted_name};
use due::{date_due, duration_due, word_due};
pub use due::{document_date, Timeframe};
use grammar::{date_use, has_core, is_duration, next_date, not_ahead, patterns, DateUse, RANGE_JOINERS};
use serde::Serialize;

pub use crate::date::Date;
pub use crate::lexicon::labels::DeadlineKind;

/// One time limit found in a commitment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// The expression as written.
    pub text: String,
    /// Its kind.
    pub kind: DeadlineKind,
    /// The due date, where the text allows one (ISO `YYYY-MM-DD`).
    pub due: Option<String>,
    /// How the due date was reckoned (which year, counted from which date), or why there is
    /// none, for date and relative limits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_note: Option<String>,
    /// True when it is the value of a labelled line (完成时限：…), which wins over words in
    /// the body.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub labelled: bool,
    /// True when it is the start of a standing obligation (2020年起, 自2022年4月起), kind
    /// `ongoing`: it bounds no action, so any other limit of the item is its main one.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub start: bool,
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
    labelled: bool,
    /// The start of a standing obligation (2020年起).
    standing: bool,
}

/// Finds time limits in `span` of the document. `tf` says what due dates are reckoned from.
/// All are returned, in text order.
pub fn find(lx: &Lexicons, doc: &Doc, span: Span, tf: &Timeframe) -> Vec<Deadline> {
    let text = &doc.text;
    let s = text.slice(span);
    let base = text.byte_at_char(span.start);
    let words = &lx.deadlines;
    let not_ahead = |before: &str| not_ahead(lx, before);
    let char_at = |b: usize| text.char_at_byte(base + b);

    // Every occurrence of a `not` word, as str::match_indices of each word gives them (no two
    // of one word overlapping), from one pass of the lexicon's index.
    // The lexicon's occurrences, found once for the three readings below.
    let occurrences = words.occurrences(s);
    let mut masks: Vec<(usize, usize)> = Vec::new();
    let mut last: Option<(*const u8, usize)> = None;
    for &(w, label, ref r) in &occurrences {
        if label != TimeWord::Not {
            continue;
        }
        if last.is_some_and(|(lw, end)| lw == w.as_ptr() && r.start < end) {
            continue;
        }
        last = Some((w.as_ptr(), r.end));
        masks.push((r.start, r.end));
    }
    let free = |found: &[Found], a: usize, b: usize| {
        !found.iter().any(|f| a < f.end && f.start < b) && !masks.iter().any(|&(ma, mb)| a < mb && ma < b && !(a <= ma && mb <= b && b - a > mb - ma))
    };
    let mut found: Vec<Found> = labelled_limits(lx, s, &occurrences, tf);

    // Dates. `previous` remembers the end and date of the last date, so that the end of a
    // range (2024年3月5日至4月18日) is known as such and takes the year of its start; a year
    // written earlier in the span is the year of a later date without one (2025年，…年底前).
    let mut previous: Option<(usize, Option<Date>)> = None;
    let mut local = *tf;
    let mut pos = 0;
    // Where the sentence of the last 每年… date ends.
    let mut yearly_until: Option<usize> = None;
    let mut scan = grammar::DateScan::new(s);
    while let Some(c) = scan.next_from(pos) {
        let m = c.get(0).expect("whole match");
        pos = m.end().max(m.start() + 1);
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
        let (due, note, named) = due::date_of(&c, &local, inherited);
        previous = Some((m.end(), named));
        if let Some(y) = c.name("y4").and_then(|y| crate::text::numeral::number(y.as_str())) {
            local.year = Some(y as i32);
        }
        let point_in_year = ["m", "q", "h"].iter().any(|n| c.name(n).is_some());
        let (a, kind, due, note, standing) = match date_use(lx, &c, s, m.start(), m.end(), in_range) {
            DateUse::No => continue,
            // A yearless point after 每年… in the same sentence recurs with it (每年2月底前
            // 各省完成…，3月底前国家完成…).
            DateUse::Limit(skip) if yearless && point_in_year && yearly_until.is_some_and(|end| m.start() < end) => {
                (m.start() + skip, DeadlineKind::Ongoing, None, None, false)
            }
            DateUse::Limit(skip) => (m.start() + skip, DeadlineKind::Date, due, note, false),
            DateUse::Start(skip) => (m.start() + skip, DeadlineKind::Date, None, Some(due::START), true),
            DateUse::Recurring(back) => {
                if s[..m.start()].ends_with("每年") {
                    yearly_until = Some(m.end() + s[m.end()..].find(['。', '；', ';', '！', '？', '\n']).unwrap_or(s.len() - m.end()));
                }
                (m.start() - back, DeadlineKind::Ongoing, None, None, false)
            }
        };
        // Further days coordinated with a month-day date (9月29日(星期六)、30日(星期日)):
        // one limit, due on the last day.
        let mut end = m.end();
        let mut due = due;
        if kind == DeadlineKind::Date && c.name("d").is_some() {
            while let Some(more) = patterns().more_day.captures(&s[end..]) {
                let whole = more.get(0).expect("whole match");
                let day = crate::text::numeral::number(&more["d"]);
                if let Some(later) = due.zip(day).and_then(|(d, day)| Date::new(d.year(), d.month(), day)).filter(|n| due.is_some_and(|d| *n > d)) {
                    due = Some(later);
                }
                end += whole.end();
            }
        }
        // A date before 的 (年底前的目标任务, 今年的考核目标) modifies the noun after it; so
        // does a date without a prefix or limit word in the object of a verb, before a noun
        // (分析上半年经济运行数据, 对照本年度考核指标). It times no action. At the head of a
        // clause it does (今年，中央预算内投资安排…), and before a verb (力争上半年开工).
        let bare = c.name("suf").is_none() && c.name("pre").is_none();
        if before_de(&s[end..])
            || quoted_name(lx, doc, s, m.start(), end, char_at)
            || (bare && in_object(lx, doc, char_at(m.start())) && attributive(lx, doc, char_at(end)))
        {
            continue;
        }
        if free(&found, a, end) {
            found.push(Found { start: a, end, kind, due, note, labelled: false, standing });
        }
    }

    // Durations.
    for c in patterns().relative.captures_iter(s) {
        let m = c.get(0).expect("whole match");
        if !is_duration(lx, &c, &s[..m.start()])
            || !free(&found, m.start(), m.end())
            || before_de(&s[m.end()..])
            || quoted_name(lx, doc, s, m.start(), m.end(), char_at)
        {
            continue;
        }
        let (due, note) = duration_due(&c, tf);
        found.push(Found { start: m.start(), end: m.end(), kind: DeadlineKind::Relative, due, note, labelled: false, standing: false });
    }

    // Events: 汛期前, 开学前, 党代会召开前 (`events.txt`): a date the text does not give.
    // Each is read with 前 after it: a text without one has none.
    let events = if s.contains('前') { lx.events.occurrences(s) } else { Vec::new() };
    for (_, _, range) in events {
        let rest = &s[range.end..];
        let verb = ["到来", "来临", "召开", "开始", "结束", "之际"].iter().find(|v| rest.starts_with(**v)).map_or(0, |v| v.len());
        let Some(limit) = ["之前", "以前", "前"].iter().find(|l| rest[verb..].starts_with(**l)) else {
            continue;
        };
        let end = range.end + verb + limit.len();
        if !not_ahead(&s[..range.start]) && free(&found, range.start, end) {
            found.push(Found { start: range.start, end, kind: DeadlineKind::Date, due: None, note: Some(due::EVENT), labelled: false, standing: false });
        }
    }

    // Fixed expressions from the lexicon, longest first. A word turned down for its use
    // (attributive, quoted, a frame) takes the shorter words inside it along (及时雨 holds
    // no 及时, “马上就办” no 马上).
    let mut turned_down: Vec<(usize, usize)> = Vec::new();
    for (word, label, range) in occurrences {
        let kind = match label {
            TimeWord::Limit(kind) => kind,
            TimeWord::Frame => DeadlineKind::Vague,
            TimeWord::Not | TimeWord::Label => continue,
        };
        let (a, b) = (range.start, range.end);
        if turned_down.iter().any(|&(ta, tb)| ta <= a && b <= tb) || !free(&found, a, b) {
            continue;
        }
        let (ca, cb) = (char_at(a), char_at(b));
        // Attributive use: 常态化疫情防控举措, 及时雨 (but 常态化开展, 及时报送, 持续推进作风建设,
        // 每月例会 — a word holding its verb, and a recurring 每…, time what follows).
        let holds_verb = doc.tokens_in(Span::new(ca, cb)).iter().any(|t| t.tag.starts_with('v'));
        // Words of manner (立即, 尽快) time the verb after them whatever its tag; only before 的
        // are they attributive. Words of duration (常态化) are attributive before a noun too.
        // A recurring 每… is attributive only before 的, also after its count (每月一次的例会).
        let attributive_here = if word.starts_with('每') {
            before_de(&s[b..])
        } else {
            !holds_verb
                && match kind {
                    DeadlineKind::Ongoing => attributive(lx, doc, cb),
                    _ => text.char(cb) == Some('的'),
                }
        };
        // An open-ended period (下一阶段) at the head of its clause frames what follows.
        let frame = label == TimeWord::Frame && (opens_clause(doc, ca) || attributive(lx, doc, cb));
        if not_ahead(&s[..a]) || attributive_here || frame || quoted_name(lx, doc, s, a, b, char_at) || modifies_object(lx, doc, ca, cb) {
            turned_down.push((a, b));
            continue;
        }
        let (due, note) = if kind == DeadlineKind::Date { word_due(word, tf) } else { (None, None) };
        found.push(Found { start: a, end: b, kind, due, note, labelled: false, standing: false });
    }

    found.sort_by_key(|f| f.start);
    // The start of an obligation that recurs (2020年起，每年2月底前…; 自2022年4月起，…每月8日
    // 前…) is part of the recurring limit: `ongoing`.
    let recurring: Vec<(usize, usize)> =
        found.iter().filter(|g| g.kind == DeadlineKind::Ongoing && s[g.start..].starts_with('每')).map(|g| (g.start, g.end)).collect();
    for f in found.iter_mut().filter(|f| f.standing) {
        let sentence_end = f.end + s[f.end..].find(['。', '！', '？', '\n']).unwrap_or(s.len() - f.end);
        if recurring.iter().any(|&(a, _)| a >= f.end && a < sentence_end) {
            f.kind = DeadlineKind::Ongoing;
        }
    }
    found
        .into_iter()
        .map(|f| {
            let dated = matches!(f.kind, DeadlineKind::Date | DeadlineKind::Relative);
            Deadline {
                text: s[f.start..f.end].to_string(),
                kind: f.kind,
                due: f.due.map(|d| d.to_string()),
                due_note: if dated { f.note.map(str::to_string) } else { None },
                labelled: f.labelled,
                start: f.standing,
                span: Span::new(char_at(f.start), char_at(f.end)),
            }
        })
        .collect()
}

/// The length in bytes of a time expression that `s` opens with (6月底前, 2024年9月30日前,
/// 三个月内, 今年), 0 when it opens with none. For readers of the clause that step over a
/// time adverbial.
pub fn time_expression_len(s: &str) -> usize {
    let p = patterns();
    // Only a match at the very start counts: the groups are read only when one of the date
    // patterns' leftmost matches starts there (find gives the same match as captures).
    // A pattern whose matches cannot start with the first char is not searched at all.
    let at_start = |re: &regex::Regex, first: &crate::text::first_chars::FirstChars| first.may_start(s) && re.find(s).is_some_and(|m| m.start() == 0);
    let date = if at_start(&p.date_year, &p.date_year_first) || at_start(&p.date_point, &p.date_point_first) {
        next_date(s, 0).filter(|c| c.get(0).is_some_and(|m| m.start() == 0) && has_core(c)).map_or(0, |c| c.get(0).map_or(0, |m| m.end()))
    } else {
        0
    };
    let duration = if p.relative_first.may_start(s) { p.relative.find(s).filter(|m| m.start() == 0).map_or(0, |m| m.end()) } else { 0 };
    date.max(duration)
}

/// True when `s` names a date or a duration anywhere (for a heading over a target: 到2025年，
/// 全县建成示范村50个).
pub fn mentions_time(s: &str) -> bool {
    let mut pos = 0;
    let mut scan = grammar::DateScan::new(s);
    while let Some(c) = scan.next_from(pos) {
        let m = c.get(0).expect("whole match");
        if has_core(&c) {
            return true;
        }
        pos = m.end().max(m.start() + 1);
    }
    patterns().relative.find(s).is_some()
}

/// The period a list's lead-in sets its items in (春节期间，本人承诺：…, 汛期期间，各乡镇要
/// 做到：…): a clause of `span` that is only a festival, season or event (`events.txt`),
/// optionally after 在, followed by 期间. It is of kind `date` with no due date (a span the
/// pledges hold through, not a point). `None` when no clause is such a frame. A sentence of
/// its own does not take it (春节期间加强值守 names no limit, SPEC §1): only a lead-in
/// gives its items their time frame (SPEC §3).
pub fn period_frame(lx: &Lexicons, doc: &Doc, span: Span) -> Option<Deadline> {
    for &clause in crate::text::overlapping(&doc.clauses, span) {
        let clause = Span::new(clause.start.max(span.start), clause.end.min(span.end));
        let raw = doc.slice(clause);
        let body = raw.trim_end_matches(|c: char| crate::text::punct::is_clause_break(c) || c.is_whitespace());
        let lead = body.len() - body.trim_start().len();
        let body = body.trim_start();
        let skip = if body.starts_with('在') { '在'.len_utf8() } else { 0 };
        let name = &body[skip..];
        let Some(named) = name.strip_suffix("期间") else {
            continue;
        };
        let by_date = next_date(name, 0).filter(|c| {
            let m = c.get(0).expect("whole match");
            m.start() == 0 && m.end() == named.len() && ["fest", "season"].iter().any(|n| c.name(n).is_some())
        });
        let by_event = lx.events.contains(named);
        if by_date.is_none() && !by_event {
            continue;
        }
        let start = clause.start + raw[..lead + skip].chars().count();
        return Some(Deadline {
            text: name.to_string(),
            kind: DeadlineKind::Date,
            due: None,
            due_note: Some(due::PERIOD.to_string()),
            labelled: false,
            start: false,
            span: Span::new(start, start + name.chars().count()),
        });
    }
    None
}

/// The end of the period named by a time expression that `s` opens with, read as a time
/// frame (2022年11月 → 2022-11-30, 今年1至4月 → the reference year's 04-30, 去年 → last
/// year's 12-31), when it carries no limit word (前, 内, 底前): `None` for a limit or no date.
pub fn period_end(s: &str, reference: Date) -> Option<Date> {
    let tf = Timeframe { reference: Some(reference), reference_is_document_date: false, year: None };
    let mut pos = 0;
    let mut end = None;
    let mut start_date = None;
    let mut scan = grammar::DateScan::new(s);
    while let Some(c) = scan.next_from(pos) {
        let m = c.get(0)?;
        let gap = &s[pos..m.start()];
        if m.start() > pos && !(end.is_some() && (gap.is_empty() || RANGE_JOINERS.contains(&gap))) || !has_core(&c) {
            break;
        }
        if c.name("suf").is_some_and(|x| x.as_str() != "起") {
            return None;
        }
        let (_, _, named) = due::date_of(&c, &tf, start_date);
        start_date = start_date.or(named);
        end = named.or(end);
        pos = m.end();
        if pos >= s.len() || !RANGE_JOINERS.iter().any(|j| s[pos..].starts_with(j)) && !s[pos..].starts_with(['至', '到']) {
            break;
        }
    }
    end
}

/// The limits written as the value of a labelled line (完成时限：2024年8月31日, 时限要求：
/// 2024-09-30, 整改时限：7月): the label words are in `deadlines.txt` (`label`). A bare date
/// there is a limit without 前; a month alone means its last day. The value runs to the end
/// of its line or sentence; each of its parts (split at ，；、) that opens with a limit gives
/// one (完成时限：2024年6月底前完成排查，12月底前完成整改 gives both; the year written in
/// one part dates the parts after it). `occurrences`: those of `deadlines.txt` in `s`, as
/// [`crate::lexicon::WordList::occurrences`] gives them.
fn labelled_limits(lx: &Lexicons, s: &str, occurrences: &[(&str, TimeWord, std::ops::Range<usize>)], tf: &Timeframe) -> Vec<Found> {
    let mut out = Vec::new();
    for range in occurrences.iter().filter(|(_, l, _)| *l == TimeWord::Label).map(|(_, _, r)| r.clone()) {
        let rest = &s[range.end..];
        let Some(after_colon) = rest.trim_start().strip_prefix(['：', ':']) else {
            continue;
        };
        let value_start = s.len() - after_colon.len();
        let value_end = value_start + after_colon.find(['\n', '。']).unwrap_or(after_colon.len());
        let mut local = *tf;
        let mut part_start = value_start;
        for part in s[value_start..value_end].split(['；', ';', '，', ',', '、']) {
            let start = part_start + (part.len() - part.trim_start().len());
            part_start += part.len() + part_start_sep_len(s, part_start + part.len());
            let value = part.trim();
            if value.is_empty() || out.iter().any(|f: &Found| f.start == start) {
                continue;
            }
            if let Some(found) = labelled_value(lx, value, start, &local) {
                if let Some(y) = patterns().doc_year.captures(value).filter(|c| c.get(0).is_some_and(|m| m.start() == 0)) {
                    local.year = crate::text::numeral::number(&y[1]).map(|y| y as i32).or(local.year);
                }
                out.push(found);
            }
        }
    }
    out
}

/// The byte length of the separator at byte `at` of `s` (0 at its end).
fn part_start_sep_len(s: &str, at: usize) -> usize {
    s[at..].chars().next().map_or(0, char::len_utf8)
}

/// The limit a part of a labelled line's value opens with (`value` starts at byte `start` of
/// the searched slice): a numeric date (2024-07-31), a date of the grammar, or a fixed word.
fn labelled_value(lx: &Lexicons, value: &str, start: usize, tf: &Timeframe) -> Option<Found> {
    if let Some(c) = patterns().numeric_date.captures(value) {
        let n = |i: usize| crate::text::numeral::number(&c[i]);
        let due = (|| Date::new(n(1)? as i32, n(2)?, n(3)?))();
        let end = start + c.get(0).expect("whole match").end();
        return Some(Found { start, end, kind: DeadlineKind::Date, due, note: Some(due::YEAR_TEXT), labelled: true, standing: false });
    }
    if let Some(c) = next_date(value, 0).filter(|c| c.get(0).is_some_and(|m| m.start() == 0) && has_core(c)) {
        let m = c.get(0).expect("whole match");
        let (due, note) = date_due(&c, tf, None);
        return Some(Found { start, end: start + m.end(), kind: DeadlineKind::Date, due, note, labelled: true, standing: false });
    }
    let (w, label) = lx.deadlines.prefix_entry(value, |l| l != TimeWord::Not && l != TimeWord::Label)?;
    let kind = match label {
        TimeWord::Limit(kind) => kind,
        TimeWord::Frame => DeadlineKind::Vague,
        TimeWord::Not | TimeWord::Label => return None,
    };
    let (due, note) = if kind == DeadlineKind::Date { word_due(w, tf) } else { (None, None) };
    Some(Found { start, end: start + w.len(), kind, due, note, labelled: true, standing: false })
}

/// The main limit of several: among the labelled ones (完成时限：…) if there are any, else
/// among all, the dated limit due latest (the date by which all of the item is done, SPEC
/// §3); else by kind — immediate, ongoing, vague — and position, the start of a standing
/// obligation (2020年起) after any other limit (自2022年4月起，每月8日前报送 → 每月8日前).
pub fn main_deadline(all: &[Deadline]) -> Option<&Deadline> {
    let labelled = all.iter().any(|d| d.labelled);
    let pool = || all.iter().filter(move |d| d.labelled || !labelled);
    let latest = pool()
        .filter(|d| matches!(d.kind, DeadlineKind::Date | DeadlineKind::Relative) && d.due.is_some())
        .max_by(|a, b| a.due.cmp(&b.due).then(b.span.start.cmp(&a.span.start)));
    latest.or_else(|| pool().min_by_key(|d| (d.start, d.kind, d.span.start)))
}

#[cfg(test)]
mod tests;
