//! The grammar of time expressions: the date and duration patterns, and when a match is a
//! time limit rather than a date that tells when something happened. This is grammar, not a
//! word list, so it lives in code; fixed words are in `dictionaries/deadlines.txt`.

use crate::lexicon::Lexicons;
use crate::text::first_chars::FirstChars;
use crate::text::numeral::number;
use regex::Regex;
use std::sync::OnceLock;

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
const EVENT_AFTER: &[&str] = &["以来", "期间", "是", "上午", "下午", "晚上", "召开", "举行", "举办", "至", "到", "—", "－", "-", "～", "~", "已"];
/// What also follows a numeric date that names an event (12月5日，…; 6月21日的会议).
const EVENT_AFTER_NUMERIC: &[&str] = &["，", ",", "、", "：", ":", "的"];
/// Characters that make 于/在/到/至 after them the end of a word (关于, 对于, 由于, 存在, 现在,
/// 达到, 得到, 甚至, 以至), not a preposition of time.
const PREFIX_WORD_LEFT: &str = "关对由基属处等鉴善勇敢乐便易用限出归位终过忠存现正所实内潜旨好自达得受遇提感看想甚以乃";
/// What joins the two ends of a range of dates (2024年3月5日至4月18日).
pub(super) const RANGE_JOINERS: &[&str] = &["至", "到", "—", "－", "-", "～", "~"];
/// A clause ending in one of these is a "when" clause (今年村级换届时，…).
const WHEN_CLAUSE: &[&str] = &["时", "时候", "期间", "之际", "以来"];
/// What may follow a bare four-digit year for it to be a limit (2020年将…, 2035年基本实现).
const YEAR_LIMIT_AFTER: &[&str] = &["将", "要", "力争", "计划", "完成", "确保", "争取", "基本", "全面", "实现"];
/// What may stand before a bare four-digit year for it to time the clause it opens (确保2021年
/// 各项指标全面完成, 力争2026年全部建成): a pledge to reach a result by then.
const YEAR_LIMIT_BEFORE: &[&str] = &["确保", "力争", "争取", "务必", "保证"];

pub(super) struct Patterns {
    /// A date led by a year: [prefix] year [point] [limit word].
    pub(super) date_year: Regex,
    /// A date without a year: [prefix] point [limit word].
    pub(super) date_point: Regex,
    pub(super) relative: Regex,
    /// The chars a match of `date_year`, `date_point` and `relative` can start with.
    pub(super) date_year_first: FirstChars,
    pub(super) date_point_first: FirstChars,
    pub(super) relative_first: FirstChars,
    pub(super) doc_full: Regex,
    pub(super) doc_year: Regex,
    pub(super) doc_month_day: Regex,
    pub(super) iso: Regex,
    /// A bare numeric date of a labelled line: 2024-07-31, 2024.7.31, 2024/8/15.
    pub(super) numeric_date: Regex,
    /// A further day coordinated after a month-day date (9月29日(星期六)、30日(星期日)).
    pub(super) more_day: Regex,
}

/// Prefixes before a date: 于, 在, 到, 截至, 不晚于, 从/自 (a start).
const PRE: &str = r"(?P<pre>从|自|于|在|到|至|截至|截止到|截止|不晚于|最迟|最晚|赶在)?“?";
/// The limit words after a date.
const SUF: &str = r"(?:”)?(?P<wk>[（(](?:周|星期)[一二三四五六日天][）)])?(?P<suf>前后|之前|以前|前|以内|之内|内|起|为止|止)?";

/// The year part: a four-digit year (a range of years ending in it: 2024—2026年), or a year
/// word (今年, 明年, 去年, 次年, 下一年度…).
fn year_part() -> String {
    format!(
        r"(?:(?:(?P<y4a>{YEAR_NUM})年?(?:—|–|－|-|～|~|至|到))?(?P<y4>{YEAR_NUM})年度?|(?P<yw>今明两年|明后两年|今年|本年度|本年|明年|来年|大后年|后年|去年|前年|次年|下一年度|下年度|下一年|翌年))"
    )
}

/// The point in a year: a month (and day, or part of a month), this or next month, a
/// quarter, a half year, a festival, a season, a day, a five-year plan's end.
fn point_part() -> String {
    format!(
        r"(?:(?:(?P<m0>{MD_NUM})(?:月份?)?(?:至|到|－|-|～|~|—))?(?P<m>{MD_NUM})月份?(?:(?P<d>{MD_NUM})[日号]|月?(?P<mp>底|末|上旬|中旬|下旬|初))?|(?P<rm>本|这个|下个|下)月份?(?:(?P<rd>{MD_NUM})[日号]|(?P<rmp>底|末|上旬|中旬|下旬|初))?|月(?P<bm>底|末)|第?(?P<q>[一二三四1-4１-４])季度(?P<qp>末|底)?|(?P<rq>本|这个|下个|下一|下)?季度(?P<rqp>末|底)?|(?P<h>上半年|下半年|年中|年底|年末|年内|年初)|(?P<fest>元旦|春节|清明节|清明|五一|劳动节|端午节|端午|七一|八一|中秋节|中秋|国庆节|国庆|元宵节|元宵|重阳节|重阳|除夕|七夕|十一”)|(?P<season>春季|夏季|秋季|冬季)|(?P<dd>{MD_NUM})[日号]|(?P<plan>十[一二三四五六七八九])五”?(?P<planp>期末|末|期间)?|(?P<yp>底|末|内))"
    )
}

pub(super) fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: String| Regex::new(&s).expect("deadline pattern");
        let (year, point) = (year_part(), point_part());
        // Neither can match the empty string: each needs a year or a point.
        let date_year = format!(r"{PRE}{year}{point}?{SUF}");
        let date_point = format!(r"{PRE}{point}{SUF}");
        // [会后/限期/用] count [至 count] [个] [半/多] unit [半] [左右] [内/时间…]
        let relative = format!(
            r"(?P<rpre>会后|今后|限期|限时|利用|用|花|经过)?(?P<n>{COUNT}|半)(?:(?:至|到|－|-|～|~|—)(?P<n2>{COUNT}))?(?P<ge>个)?(?P<half>半|多)?(?P<unit>工作日|自然日|月|年|周|星期|天|日|季度|小时)(?P<half2>半)?(?P<approx>左右)?(?P<suf>以内|之内|内|为限|时间内|的?时间|期限内)?"
        );
        Patterns {
            date_year_first: FirstChars::of(&date_year),
            date_point_first: FirstChars::of(&date_point),
            relative_first: FirstChars::of(&relative),
            date_year: re(date_year),
            date_point: re(date_point),
            relative: re(relative),
            doc_full: re(format!(r"({YEAR_NUM})年({MD_NUM})月(?:({MD_NUM})[日号])?")),
            doc_year: re(format!(r"({YEAR_NUM})年")),
            doc_month_day: re(format!(r"({MD_NUM})月({MD_NUM})[日号]")),
            iso: re(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})".to_string()),
            more_day: re(format!(r"^(?:、|和|及)(?P<d>{MD_NUM})[日号](?:[（(](?:周|星期)[一二三四五六日天][）)])?(?P<suf>之前|以前|前)?")),
            numeric_date: re(r"^\s*([0-9０-９]{4})\s*[-./／－．]\s*([0-9０-９]{1,2})\s*[-./／－．]\s*([0-9０-９]{1,2})".to_string()),
        }
    })
}

/// The leftmost date match at or after byte `from` of `s`, from either date pattern (the
/// longer one where both start at the same place).
pub(super) fn next_date<'s>(s: &'s str, from: usize) -> Option<regex::Captures<'s>> {
    DateScan::new(s).next_from(from)
}

/// The dates of one string, read left to right ([`DateScan::next_from`] with growing
/// positions): each pattern's last match is kept, and searched again only once the scan has
/// passed its start. (The leftmost match at or after `p` that starts at `q` is also the
/// leftmost at or after any position between `p` and `q`; so is the absence of one.)
pub(super) struct DateScan<'s> {
    s: &'s str,
    /// Per pattern (year, point): the position searched from and what was found there.
    year: Option<(usize, Option<regex::Match<'s>>)>,
    point: Option<(usize, Option<regex::Match<'s>>)>,
}

impl<'s> DateScan<'s> {
    pub(super) fn new(s: &'s str) -> Self {
        DateScan { s, year: None, point: None }
    }

    /// What [`next_date`]`(s, from)` gives.
    pub(super) fn next_from(&mut self, from: usize) -> Option<regex::Captures<'s>> {
        let p = patterns();
        let s = self.s;
        // Which pattern wins is decided on the matches alone (a search without groups is
        // much cheaper); the groups are read from the winner only. find_at and captures_at
        // give the same match. Each pattern is searched from the first char its matches can
        // start with.
        let a = Self::found(&mut self.year, from, || p.date_year_first.first_possible(s, from).and_then(|at| p.date_year.find_at(s, at)));
        let b = Self::found(&mut self.point, from, || p.date_point_first.first_possible(s, from).and_then(|at| p.date_point.find_at(s, at)));
        // No match starts between `from` and the winner's start: the groups are searched
        // from there (the `_at` searches read the text before it as context, so the match
        // is the same).
        let (re, m) = Self::winner(a, b)?;
        re.captures_at(s, m.start())
    }

    /// The kept match when it still answers a search from `from`, else a new search.
    fn found(kept: &mut Option<(usize, Option<regex::Match<'s>>)>, from: usize, search: impl FnOnce() -> Option<regex::Match<'s>>) -> Option<regex::Match<'s>> {
        match *kept {
            Some((at, m)) if at <= from && m.is_none_or(|m| m.start() >= from) => m,
            _ => {
                let m = search();
                *kept = Some((from, m));
                m
            }
        }
    }

    fn winner(a: Option<regex::Match<'s>>, b: Option<regex::Match<'s>>) -> Option<(&'static regex::Regex, regex::Match<'s>)> {
        let p = patterns();
        let key = |m: &regex::Match| (m.start(), std::cmp::Reverse(m.end()));
        match (a, b) {
            (Some(a), Some(b)) => Some(if key(&a) <= key(&b) { (&p.date_year, a) } else { (&p.date_point, b) }),
            (Some(a), None) => Some((&p.date_year, a)),
            (None, Some(b)) => Some((&p.date_point, b)),
            (None, None) => None,
        }
    }
}

/// What a match of the date grammar is.
pub(super) enum DateUse {
    /// Not a time limit.
    No,
    /// A limit: the text starts this many bytes into the match.
    Limit(usize),
    /// The start of a standing obligation (2020年起, 自2022年4月起): the text starts this
    /// many bytes into the match. It bounds no action, so it has no due date.
    Start(usize),
    /// A recurring limit that starts this many bytes before the match.
    Recurring(usize),
}

/// True when `before` ends with a negation or a past marker: what follows is a condition or a
/// fact, not a limit.
pub(super) fn not_ahead(lx: &Lexicons, before: &str) -> bool {
    lx.negations.suffix_entry(before, |_| true).is_some()
}

/// True when a match of the date grammar holds a year or a point in time, not only a prefix
/// or a limit word.
pub(super) fn has_core(c: &regex::Captures) -> bool {
    ["y4", "yw", "m", "rm", "bm", "q", "rq", "rqp", "h", "fest", "season", "dd", "plan"].iter().any(|n| c.name(n).is_some())
}

/// Decides whether a match of the date grammar at `start..end` of `s` is a time limit;
/// `in_range` when it ends a range of dates (…至4月18日).
pub(super) fn date_use(lx: &Lexicons, c: &regex::Captures, s: &str, start: usize, end: usize, in_range: bool) -> DateUse {
    let has = |n: &str| c.name(n).is_some();
    let get = |n: &str| c.name(n).map_or("", |x| x.as_str());
    let (pre, suf) = (get("pre"), get("suf"));
    let year = has("y4") || has("yw");
    let point = ["m", "rm", "bm", "q", "rq", "rqp", "h", "fest", "season", "dd", "plan"].iter().any(|n| has(n));
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
        return if counting {
            DateUse::No
        } else if suf == "起" {
            DateUse::Start(skip)
        } else {
            DateUse::Limit(skip)
        };
    }
    // A date alone in parentheses after a heading or a task (建立工作机制（2021年8月）) is the
    // time the task is scheduled for, as in a table's time column; inside a title
    // (《…政策意见(2017-2019年)》) it is part of a name.
    let in_title = before.rfind('《') > before.rfind('》');
    let parenthesized = pre.is_empty() && !in_title && before.ends_with(['（', '(']) && after.starts_with(['）', ')']);
    // A day with its weekday (9月29日(星期六)) is a day of a schedule ahead: notices write
    // the weekday of the days they arrange, reports of past events do not.
    let scheduled = has("wk") && has("d") && !EVENT_AFTER.iter().any(|w| after.starts_with(w));
    if parenthesized || scheduled {
        return DateUse::Limit(skip);
    }
    // Without a limit word: events and "when" clauses are not limits. 于/在/到/至 point at a
    // time (到2025年，…), unless they end a word (关于, 由于, 存在, 达到, 甚至); the end of a
    // range followed by a comma is a past period (3月5日至4月18日，巡察组…).
    let in_word = matches!(pre, "于" | "在" | "到" | "至") && s[..start].chars().next_back().is_some_and(|ch| PREFIX_WORD_LEFT.contains(ch));
    let pointed = !pre.is_empty() && !in_word;
    let clause = after.split(['，', ',', '。', '；', ';', '！', '？', '：', ':', '\n']).next().unwrap_or("");
    let numeric = has("y4") || has("m") || has("rm") || has("q") || has("fest");
    if EVENT_AFTER.iter().any(|w| after.starts_with(w))
        || (numeric && (!pointed || in_range) && EVENT_AFTER_NUMERIC.iter().any(|w| after.starts_with(w)))
        || WHEN_CLAUSE.iter().any(|w| clause.trim_end().ends_with(w))
    {
        return DateUse::No;
    }
    let limit = if has("plan") {
        // 到“十四五”末 is a limit; 十四五规划 names a plan.
        has("planp") && c.name("planp").is_some_and(|p| p.as_str().ends_with('末'))
    } else if has("m") {
        pointed || has("mp")
    } else if has("fest") {
        pointed
    } else if has("y4") && !point {
        pointed || YEAR_LIMIT_AFTER.iter().any(|w| after.starts_with(w)) || YEAR_LIMIT_BEFORE.iter().any(|w| before.ends_with(w))
    } else {
        true
    };
    if limit {
        DateUse::Limit(skip)
    } else {
        DateUse::No
    }
}

/// True when a match of the duration pattern is a time limit (`before` is the text before it).
pub(super) fn is_duration(lx: &Lexicons, c: &regex::Captures, before: &str) -> bool {
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
