//! Enumeration markers: the styles official texts number their items with (一、 （一） 1.
//! （1） ① 一是 第一， 其一， 首先 一方面 问题一：), and where in a paragraph a marker may start.
//! The marker patterns are grammar, so they live in code.

use crate::text::numeral::{arabic_number, chinese_number};
use crate::text::{is_sentence_end, is_space, CharText, Span};
use regex::Regex;
use std::sync::OnceLock;

/// The enumeration styles, from the official heading order to inline run-in markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkerStyle {
    /// 一、 二、
    ChineseComma,
    /// （一） (一)
    ChineseParen,
    /// 1. 1、 1．
    ArabicDot,
    /// 1 (a bare number and a space at a paragraph start: 1 启动阶段)
    ArabicBare,
    /// （1） (1)
    ArabicParen,
    /// ① ②
    Circled,
    /// 一是 二是 / 一要 二要
    RunIn,
    /// 第一， 第二，
    Ordinal,
    /// 其一， 其二，
    Qi,
    /// 首先 其次 再次 最后
    Sequence,
    /// 一方面 另一方面
    Aspect,
    /// 问题一： 任务二： (rows of a 整改 ledger written as text)
    Labelled,
}

impl MarkerStyle {
    /// A short name for messages (`一、`, `（一）`, `1.`…).
    pub fn example(&self) -> &'static str {
        match self {
            MarkerStyle::ChineseComma => "一、",
            MarkerStyle::ChineseParen => "（一）",
            MarkerStyle::ArabicDot => "1.",
            MarkerStyle::ArabicBare => "1 ",
            MarkerStyle::ArabicParen => "（1）",
            MarkerStyle::Circled => "①",
            MarkerStyle::RunIn => "一是",
            MarkerStyle::Ordinal => "第一，",
            MarkerStyle::Qi => "其一，",
            MarkerStyle::Sequence => "首先/其次",
            MarkerStyle::Aspect => "一方面/另一方面",
            MarkerStyle::Labelled => "问题一：",
        }
    }

    /// Chapter styles always open a section that runs across paragraphs.
    pub(super) fn is_chapter(&self) -> bool {
        matches!(self, MarkerStyle::ChineseComma | MarkerStyle::ChineseParen)
    }

    /// Styles that count only when the text has at least two of them (最后 alone is no list).
    pub(super) fn needs_partner(&self) -> bool {
        matches!(self, MarkerStyle::Sequence | MarkerStyle::Aspect | MarkerStyle::Ordinal | MarkerStyle::Qi | MarkerStyle::ArabicBare)
    }
}

/// One enumeration marker found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// Its style.
    pub style: MarkerStyle,
    /// Its number in the sequence (一 → 1, ② → 2, 其次 → 2, 另一方面 → 2).
    pub ordinal: u32,
    /// The marker as written, without a trailing comma (`一是`, `（一）`, `1.`).
    pub text: String,
    /// Char span of the marker (with its trailing comma, if any).
    pub span: Span,
    /// True when it opens a paragraph.
    pub at_paragraph_start: bool,
    /// True when it opens a paragraph that is a one-sentence heading.
    pub heading: bool,
}

struct Patterns {
    chinese_comma: Regex,
    chinese_paren: Regex,
    arabic_dot: Regex,
    arabic_bare: Regex,
    date_after_dot: Regex,
    arabic_paren: Regex,
    run_in: Regex,
    ordinal: Regex,
    qi: Regex,
    sequence: Regex,
    aspect: Regex,
    labelled: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("outline pattern");
        Patterns {
            chinese_comma: re(r"^([一二三四五六七八九十]{1,3})[、]"),
            chinese_paren: re(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]"),
            arabic_dot: re(r"^([0-9０-９]{1,2})\s*[.．、]"),
            arabic_bare: re(r"^([0-9０-９]{1,2})[ \u{3000}]+\p{Han}"),
            date_after_dot: re(r"^[0-9０-９]{1,2}[月日]"),
            arabic_paren: re(r"^[（(]\s*([0-9０-９]{1,2})\s*[）)]"),
            run_in: re(r"^([一二三四五六七八九十]{1,3})(是要|是|要)"),
            ordinal: re(r"^第([一二三四五六七八九十]{1,3})[，,、：:]"),
            qi: re(r"^其([一二三四五六七八九十])[，,、：:]"),
            sequence: re(r"^(首先|其次|再次|再者|最后)[，,：:]"),
            aspect: re(r"^(另一方面|一方面)[，,：:]?"),
            labelled: re(r"^(问题|任务|事项)([一二三四五六七八九十]{1,3})[：:、]"),
        }
    })
}

/// True when a marker of some style may open with `c`: the first chars of the patterns
/// (numerals, brackets, digits, circled numbers, 第, 其, and the first chars of the
/// sequence, aspect and label words). Most places of a paragraph open with none of them.
fn may_open_marker(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '（' | '(' | '0'..='9' | '０'..='９' | '①'..='⑳')
        || matches!(c, '第' | '其' | '首' | '再' | '最' | '另' | '问' | '任' | '事')
}

/// Tries every style at char offset `pos` of paragraph `para` (given as text from `pos`).
fn marker_at(rest: &str, at_start: bool, after_sentence: bool) -> Option<(MarkerStyle, u32, usize, String)> {
    if !rest.chars().next().is_some_and(may_open_marker) {
        return None;
    }
    marker_of_any_style(rest, at_start, after_sentence)
}

/// [`marker_at`] without its test of the first char.
fn marker_of_any_style(rest: &str, at_start: bool, after_sentence: bool) -> Option<(MarkerStyle, u32, usize, String)> {
    let p = patterns();
    let next_char_after = |len: usize| rest[len..].chars().next();
    // (style, ordinal, byte length of the match, marker text without trailing comma)
    // 一、 opens a paragraph, or runs inline after a full stop, semicolon or colon (工作要点
    // 如下：一、…；二、…): an inline one counts only with its partners (see `parse`).
    if at_start || after_sentence {
        if let Some(c) = captures(&p.chinese_comma, rest) {
            let m = c.get(0)?;
            return Some((MarkerStyle::ChineseComma, chinese_number(&c[1])?, m.end(), m.as_str().to_string()));
        }
    }
    if at_start {
        if let Some(c) = captures(&p.arabic_bare, rest) {
            let n = arabic_number(&c[1])?;
            let len = c[0].len() - c[0].chars().next_back().map_or(0, char::len_utf8);
            return Some((MarkerStyle::ArabicBare, n, len, c[1].to_string()));
        }
    }
    if at_start {
        if let Some(c) = captures(&p.labelled, rest) {
            let m = c.get(0)?;
            let text = m.as_str().trim_end_matches(['：', ':', '、']).to_string();
            return Some((MarkerStyle::Labelled, chinese_number(&c[2])?, m.end(), text));
        }
    }
    if at_start || after_sentence {
        if let Some(c) = captures(&p.chinese_paren, rest) {
            let m = c.get(0)?;
            return Some((MarkerStyle::ChineseParen, chinese_number(&c[1])?, m.end(), m.as_str().to_string()));
        }
        if let Some(c) = captures(&p.arabic_dot, rest) {
            let m = c.get(0)?;
            let next = next_char_after(m.end());
            let n = arabic_number(&c[1])?;
            // 1.5亿元 is a number; 1.5月底前 a marker and a date.
            let digit_after = next.is_some_and(|ch| ch.is_ascii_digit() || ('０'..='９').contains(&ch) || ch == '%' || ch == '％');
            if (!digit_after || (at_start && p.date_after_dot.is_match(&rest[m.end()..]))) && (1..=50).contains(&n) {
                return Some((MarkerStyle::ArabicDot, n, m.end(), m.as_str().trim_end().to_string()));
            }
        }
    }
    if let Some(c) = captures(&p.arabic_paren, rest) {
        let m = c.get(0)?;
        return Some((MarkerStyle::ArabicParen, arabic_number(&c[1])?, m.end(), m.as_str().to_string()));
    }
    if let Some(ch) = rest.chars().next() {
        // A circled number before a digit or at the end is a footnote mark (…成果。①3).
        let footnote = rest[ch.len_utf8()..].chars().next().is_none_or(|n| n.is_ascii_digit() || is_sentence_end(n) || n == '，' || n == ',');
        if ('①'..='⑳').contains(&ch) && !footnote {
            return Some((MarkerStyle::Circled, ch as u32 - '①' as u32 + 1, ch.len_utf8(), ch.to_string()));
        }
    }
    if let Some(c) = captures(&p.run_in, rest) {
        let m = c.get(0)?;
        let next = next_char_after(m.end());
        if !next.is_some_and(|ch| matches!(ch, '否' | '非' | '不' | '的' | '一' | '个' | '种' | '点')) {
            // 一是要…: the marker is 一是; 要 belongs to the text.
            let word = if &c[2] == "是要" { "是" } else { &c[2] };
            let len = c[1].len() + word.len();
            return Some((MarkerStyle::RunIn, chinese_number(&c[1])?, len, format!("{}{}", &c[1], word)));
        }
    }
    for (re, style) in [(&p.ordinal, MarkerStyle::Ordinal), (&p.qi, MarkerStyle::Qi)] {
        if let Some(c) = captures(re, rest) {
            let m = c.get(0)?;
            let text = m.as_str().trim_end_matches(['，', ',', '、', '：', ':']).to_string();
            return Some((style, chinese_number(&c[1])?, m.end(), text));
        }
    }
    if let Some(c) = captures(&p.sequence, rest) {
        let m = c.get(0)?;
        let ord = match &c[1] {
            "首先" => 1,
            "其次" => 2,
            "再次" | "再者" => 3,
            _ => 9,
        };
        return Some((MarkerStyle::Sequence, ord, m.end(), c[1].to_string()));
    }
    if let Some(c) = captures(&p.aspect, rest) {
        let m = c.get(0)?;
        let ord = if &c[1] == "一方面" { 1 } else { 2 };
        return Some((MarkerStyle::Aspect, ord, m.end(), c[1].to_string()));
    }
    None
}

/// True when a marker may start right after char `prev` (inside a paragraph).
fn is_marker_boundary(prev: char) -> bool {
    is_space(prev) || matches!(prev, '，' | ',' | '。' | '；' | ';' | '：' | ':' | '、' | '！' | '？' | '!' | '?' | '）' | ')' | '】' | '“')
}

/// Finds every marker in a paragraph.
pub(super) fn markers_in_paragraph(text: &CharText, para: Span) -> Vec<Marker> {
    let chars: Vec<char> = text.slice(para).chars().collect();
    let mut out = Vec::new();
    let mut quote_depth = 0i32;
    // A quotation that opens with a marker is a quoted list (表态：“一是…，二是…”): its markers
    // count; markers inside other quoted speech do not (“这件事，一要感谢政府…”).
    let mut quoted_list = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at_start = i == 0;
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        if !at_start && matches!(c, '“' | '‘' | '「' | '《') {
            quote_depth += 1;
        } else if matches!(c, '”' | '’' | '」' | '》') {
            quote_depth = (quote_depth - 1).max(0);
            if quote_depth == 0 {
                quoted_list = false;
            }
        }
        let boundary = at_start || prev.is_some_and(is_marker_boundary);
        let opens_quote = prev == Some('“');
        if boundary && (at_start || quote_depth == 0 || quoted_list || opens_quote) {
            let after_sentence = prev.is_some_and(|p| is_sentence_end(p) || matches!(p, '：' | ':' | '】' | '“') || is_space(p));
            let byte = text.byte_at_char(para.start + i) - text.byte_at_char(para.start);
            let rest = &text.slice(para)[byte..];
            if let Some((style, ordinal, len_bytes, marker_text)) = marker_at(rest, at_start, after_sentence) {
                let len_chars = rest[..len_bytes].chars().count();
                quoted_list |= opens_quote;
                out.push(Marker {
                    style,
                    ordinal,
                    text: marker_text,
                    span: Span::new(para.start + i, para.start + i + len_chars),
                    at_paragraph_start: at_start,
                    heading: false,
                });
                i += len_chars.max(1);
                continue;
            }
        }
        i += 1;
    }
    // Inline 一、 markers count only as a run of at least 一、 and 二、 in the paragraph.
    let inline_run = {
        let ords: Vec<u32> = out.iter().filter(|m| m.style == MarkerStyle::ChineseComma && !m.at_paragraph_start).map(|m| m.ordinal).collect();
        ords.contains(&1) && ords.contains(&2)
    };
    out.retain(|m| m.style != MarkerStyle::ChineseComma || m.at_paragraph_start || inline_run);
    out
}

/// The groups of `re`'s match in `rest`: an anchored pattern fails at once on most places,
/// and a test without groups says so far more cheaply than a search for them.
fn captures<'t>(re: &Regex, rest: &'t str) -> Option<regex::Captures<'t>> {
    if re.is_match(rest) {
        re.captures(rest)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test of the first char refuses no place where some style matches: every text of
    /// three pieces, in every position a paragraph gives.
    #[test]
    fn the_first_char_test_loses_no_marker() {
        let pieces = [
            "一",
            "二",
            "十",
            "是",
            "要",
            "是要",
            "、",
            "（",
            "）",
            "(",
            ")",
            " ",
            "\u{3000}",
            "1",
            "2",
            "１",
            ".",
            "．",
            "①",
            "⑳",
            "第",
            "其",
            "首先",
            "其次",
            "再者",
            "最后",
            "另一方面",
            "一方面",
            "问题",
            "任务",
            "事项",
            "：",
            ":",
            "，",
            "月",
            "日",
            "区",
            "将",
            "抓",
            "\n",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let rest = format!("{a}{b}{c}");
                    for (at_start, after_sentence) in [(true, false), (false, true), (false, false)] {
                        assert_eq!(marker_at(&rest, at_start, after_sentence), marker_of_any_style(&rest, at_start, after_sentence), "{rest:?}");
                    }
                }
            }
        }
    }
}
