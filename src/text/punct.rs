//! Punctuation: which characters end a sentence or a clause, open or close a quotation, and
//! how a span splits into sentences and clauses.
//!
//! Chinese official texts use full-width punctuation (，。；：！？（）), but archives that went
//! through NFKC normalisation or were typed on a half-width keyboard carry the half-width
//! forms (, ; : ! ? ( )). Every set here holds both: a half-width comma between two Chinese
//! words is a clause break like `，`. The half-width full stop `.` is left out on purpose:
//! it is a decimal point and a list marker (1.5亿元, 1.) far more often than a full stop.
//!
//! Conventions: GB/T 15834-2011 《标点符号用法》 (点号: 句号、问号、叹号 end a sentence;
//! 逗号、顿号、分号、冒号 are pauses inside one).

use super::{CharText, Span};

/// White space, including the ideographic space U+3000 and zero-width characters.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// A full stop (句末点号): 。！？ and their half-width forms ! ?. SPEC §3: a subject is never
/// carried across one.
pub fn is_full_stop(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '｡')
}

/// The end of a sentence as a ledger counts sentences: a full stop or a semicolon (；;),
/// since each ；-clause of a pledge series can be a pledge of its own.
pub fn is_sentence_end(c: char) -> bool {
    is_full_stop(c) || matches!(c, '；' | ';')
}

/// A pause inside a sentence that ends a clause: ，, ：: (and every sentence end).
pub fn is_clause_break(c: char) -> bool {
    is_sentence_end(c) || matches!(c, '，' | ',' | '：' | ':' | '\n')
}

/// A colon, full- or half-width.
pub fn is_colon(c: char) -> bool {
    matches!(c, '：' | ':')
}

/// A comma, full- or half-width.
pub fn is_comma(c: char) -> bool {
    matches!(c, '，' | ',')
}

/// An opening quotation mark or title mark.
pub fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '‘' | '「' | '『' | '《' | '"')
}

/// A closing quotation mark or title mark.
pub fn is_close_quote(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '》')
}

/// An opening bracket.
pub fn is_open_bracket(c: char) -> bool {
    matches!(c, '（' | '(' | '【' | '[' | '〔' | '［')
}

/// A closing bracket.
pub fn is_close_bracket(c: char) -> bool {
    matches!(c, '）' | ')' | '】' | ']' | '〕' | '］')
}

/// Any punctuation mark this module knows.
pub fn is_punct(c: char) -> bool {
    is_clause_break(c) || is_open_quote(c) || is_close_quote(c) || is_open_bracket(c) || is_close_bracket(c) || matches!(c, '、' | '…' | '—' | '·' | '\'')
}

/// The characters of [`is_sentence_end`] as a pattern for `str::split`.
pub const SENTENCE_ENDS: &[char] = &['。', '！', '？', '!', '?', '｡', '；', ';'];
/// The characters of [`is_clause_break`] as a pattern for `str::split`.
pub const CLAUSE_BREAKS: &[char] = &['。', '！', '？', '!', '?', '｡', '；', ';', '，', ',', '：', ':', '\n'];
/// Colons, as a pattern.
pub const COLONS: &[char] = &['：', ':'];

/// Trims white space from both ends of a span.
pub fn trim_span(text: &CharText, span: Span) -> Span {
    let mut s = span.start;
    let mut e = span.end.min(text.len());
    while s < e && text.char(s).is_some_and(is_space) {
        s += 1;
    }
    while e > s && text.char(e - 1).is_some_and(is_space) {
        e -= 1;
    }
    Span::new(s, e)
}

/// Splits a span into trimmed sentences: each ends after a [`is_sentence_end`] mark and the
/// closing quotes and brackets that follow it; a quotation that follows another directly
/// (”“) starts a new sentence. A sentence of one char (a stray mark) is left out.
pub fn sentences(text: &CharText, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = span.start;
    let mut i = span.start;
    let end = span.end.min(text.len());
    let chars: Vec<char> = text.chars(Span::new(span.start, end)).collect();
    let at = |k: usize| chars.get(k - span.start).copied();
    while i < end {
        let c = at(i).unwrap_or(' ');
        let mut cut = None;
        if is_sentence_end(c) {
            let mut j = i + 1;
            while j < end && at(j).is_some_and(|d| is_close_quote(d) || matches!(d, '）' | ')')) {
                j += 1;
            }
            cut = Some(j);
        } else if matches!(c, '”' | '」') && i + 1 < end && at(i + 1) == Some('“') {
            cut = Some(i + 1);
        } else if matches!(c, '”' | '」') && i > start && at(i - 1) == Some('…') && i + 1 < end && at(i + 1).is_some_and(|n| !is_punct(n)) {
            // A quoted utterance that trails off (“不收红包、不吃请……”3月5日…) ends there.
            cut = Some(i + 1);
        }
        if let Some(j) = cut {
            let s = trim_span(text, Span::new(start, j));
            if s.len() > 1 {
                out.push(s);
            }
            start = j;
            i = j;
        } else {
            i += 1;
        }
    }
    let s = trim_span(text, Span::new(start, end));
    if s.len() > 1 {
        out.push(s);
    }
    out
}

/// Splits a span into clauses at every [`is_clause_break`] (the mark stays with the clause
/// before it); brackets and quotations are not split inside. Clauses are trimmed; empty ones
/// are left out.
pub fn clauses(text: &CharText, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let end = span.end.min(text.len());
    let mut start = span.start;
    let mut depth = 0i32;
    for (k, c) in text.chars(Span::new(span.start, end)).enumerate() {
        let i = span.start + k;
        if is_open_bracket(c) || matches!(c, '“' | '‘' | '「' | '『') {
            depth += 1;
        } else if (is_close_bracket(c) || matches!(c, '”' | '’' | '」' | '』')) && depth > 0 {
            depth -= 1;
        } else if is_clause_break(c) && (depth == 0 || is_full_stop(c) || c == '\n') {
            depth = 0;
            let s = trim_span(text, Span::new(start, i + 1));
            if !s.is_empty() && (s.len() != 1 || !text.char(s.start).is_some_and(is_clause_break)) {
                out.push(s);
            }
            start = i + 1;
        }
    }
    let s = trim_span(text, Span::new(start, end));
    if !s.is_empty() {
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(f: fn(&CharText, Span) -> Vec<Span>, s: &str) -> Vec<String> {
        let t = CharText::new(s);
        f(&t, Span::new(0, t.len())).into_iter().map(|sp| t.slice(sp).to_string()).collect()
    }

    #[test]
    fn sentences_end_at_full_stops_and_semicolons_of_both_widths() {
        assert_eq!(split(sentences, "区委将整改。区纪委要监督；各单位要配合!"), ["区委将整改。", "区纪委要监督；", "各单位要配合!"]);
        assert_eq!(split(sentences, "他说:“我们将整改。”随后散会。"), ["他说:“我们将整改。”", "随后散会。"]);
        assert_eq!(split(sentences, "完成投资1.5亿元。"), ["完成投资1.5亿元。"]);
    }

    #[test]
    fn clauses_split_at_commas_and_colons_not_inside_brackets() {
        assert_eq!(
            split(clauses, "对巡察问题,区委要认真整改，责任单位:市教育局(含各区、县)。"),
            ["对巡察问题,", "区委要认真整改，", "责任单位:", "市教育局(含各区、县)。"]
        );
    }
}
