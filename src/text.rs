//! Char-indexed text: every position a user sees is a char offset (Unicode scalar value),
//! never a byte offset. [`CharText`] converts between the two and slices only on char
//! boundaries.

use serde::Serialize;

/// A half-open range of char offsets `[start, end)` into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// First char of the range.
    pub start: usize,
    /// One past the last char of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (char offsets).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end: end.max(start) }
    }

    /// Number of chars covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// True when `other` lies inside this span.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// A string with a char ↔ byte offset table.
#[derive(Debug, Clone)]
pub struct CharText {
    text: String,
    /// Byte offset of each char, plus the text length at the end.
    byte_of: Vec<usize>,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
}

impl CharText {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut byte_of: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_of.push(text.len());
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(b, _)| b + 1)).collect();
        CharText { text: text.to_string(), byte_of, line_starts }
    }

    /// The whole text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Number of chars.
    pub fn len(&self) -> usize {
        self.byte_of.len() - 1
    }

    /// True for an empty text.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The text of a char span (clamped to the text).
    pub fn slice(&self, span: Span) -> &str {
        let end = span.end.min(self.len());
        let start = span.start.min(end);
        &self.text[self.byte_of[start]..self.byte_of[end]]
    }

    /// The char offset of a byte offset (which must be a char boundary, as regex matches are).
    pub fn char_at_byte(&self, byte: usize) -> usize {
        match self.byte_of.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The byte offset of a char offset.
    pub fn byte_at_char(&self, ch: usize) -> usize {
        self.byte_of[ch.min(self.len())]
    }

    /// The char at a char offset.
    pub fn char(&self, ch: usize) -> Option<char> {
        if ch >= self.len() {
            return None;
        }
        self.text[self.byte_of[ch]..].chars().next()
    }

    /// 1-based line and column of a char offset; the column counts terminal cells, so a CJK
    /// character counts two (as `unicode-width` says).
    pub fn line_col(&self, ch: usize) -> (usize, usize) {
        let byte = self.byte_at_char(ch);
        let line = self.line_starts.partition_point(|&s| s <= byte);
        let line_start = self.line_starts[line - 1];
        let col = unicode_width::UnicodeWidthStr::width(&self.text[line_start..byte]) + 1;
        (line, col)
    }

    /// The line (without its `\n`) holding char offset `ch`, and that line's first char offset.
    pub fn line_of(&self, ch: usize) -> (&str, usize) {
        let byte = self.byte_at_char(ch);
        let start = self.text[..byte].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let end = self.text[byte..].find('\n').map(|i| byte + i).unwrap_or(self.text.len());
        (&self.text[start..end], self.char_at_byte(start))
    }
}

/// True for white space, including the ideographic space U+3000 and zero-width characters.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// Sentence-ending punctuation (full- and half-width).
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';')
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_by_chars() {
        let t = CharText::new("一、总体要求abc");
        assert_eq!(t.slice(Span::new(2, 4)), "总体");
        assert_eq!(t.len(), 9);
        assert_eq!(t.char_at_byte(6), 2);
    }

    #[test]
    fn columns_count_cjk_as_two_cells() {
        let t = CharText::new("第一行\n区纪委要x");
        assert_eq!(t.line_col(4), (2, 1));
        assert_eq!(t.line_col(8), (2, 9));
    }
}
