//! Characters only — no domain words. Every position a user sees is a char offset (Unicode
//! scalar value), never a byte offset: [`CharText`] converts between the two, slices only on
//! char boundaries and answers line/column questions in one of the units [`Position`] names.
//!
//! [`punct`] says which characters end a sentence or a clause and splits spans into them;
//! [`numeral`] reads and writes numbers as Chinese texts write them.

pub mod first_chars;
pub mod numeral;
pub mod offsets;
pub mod punct;

pub use punct::{is_sentence_end, is_space, trim_span};

use arcstr::{ArcStr, Substr};
use offsets::ByteOffsets;
use serde::Serialize;
use std::sync::OnceLock;
use unicode_segmentation::UnicodeSegmentation;

/// A half-open range of char offsets `[start, end)` into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Span {
    /// First char of the range.
    pub start: usize,
    /// One past the last char of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (char offsets); an `end` before `start` makes it empty.
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

    /// True when the char offset `ch` lies inside this span.
    pub fn contains_char(&self, ch: usize) -> bool {
        self.start <= ch && ch < self.end
    }

    /// True when the two spans share at least one char.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// The spans of `spans` that share a char with `span` (as [`Span::overlaps`] says), found by
/// binary search: `spans` is sorted and its spans do not overlap (a document's paragraphs,
/// sentences or clauses; top-level items).
pub fn overlapping(spans: &[Span], span: Span) -> &[Span] {
    let i = spans.partition_point(|s| s.end <= span.start);
    let j = i + spans[i..].partition_point(|s| s.start < span.end);
    &spans[i..j]
}

/// Where a char offset stands, in the units a user sees. Lines and columns are 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    /// The line (lines end at `\n`).
    pub line: usize,
    /// The column counted in Unicode code points (SARIF's `unicodeCodePoints`).
    pub column_code_points: usize,
    /// The column counted in grapheme clusters (unicode-segmentation's extended clusters):
    /// what a reader perceives as characters, so a letter with a combining mark or an emoji
    /// sequence counts once.
    pub column: usize,
}

/// A string with a char ↔ byte offset table and a line index.
///
/// Every look-up costs at most a binary search plus, for columns in grapheme clusters on a
/// line that holds combining marks or joined emoji, a table built once for that line: the
/// positions of all items of a one-line text of many megabytes cost linear time in total.
#[derive(Debug)]
pub struct CharText {
    /// The text, shared with the items' texts ([`CharText::substr`]).
    text: ArcStr,
    /// Byte offset of each char, plus the text length at the end.
    byte_of: ByteOffsets,
    /// Char offset of the start of each line.
    line_starts: Vec<u32>,
    /// Per line, built on first use: `None` when every char of the line is a grapheme
    /// cluster of its own, else the grapheme column of each char of the line.
    graphemes: Vec<OnceLock<Option<Vec<u32>>>>,
}

impl Clone for CharText {
    fn clone(&self) -> Self {
        CharText::shared(self.text.clone())
    }
}

/// The largest text a [`CharText`] indexes: offsets are stored in 32 bits.
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize;

impl CharText {
    /// Indexes `text`. Texts over [`MAX_TEXT_BYTES`] are cut at the last char boundary below
    /// it (the readers refuse such inputs long before).
    pub fn new(text: &str) -> Self {
        CharText::shared(ArcStr::from(text))
    }

    /// Indexes a text already shared (no copy is made), as [`CharText::new`] does.
    pub fn shared(text: ArcStr) -> Self {
        let mut end = text.len().min(MAX_TEXT_BYTES - 1);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let text = if end < text.len() { ArcStr::from(&text[..end]) } else { text };
        let mut line_starts = vec![0u32];
        let byte_of = ByteOffsets::new(&text, |i, c| {
            if c == '\n' {
                line_starts.push(i as u32 + 1);
            }
        });
        let graphemes = (0..line_starts.len()).map(|_| OnceLock::new()).collect();
        CharText { text, byte_of, line_starts, graphemes }
    }

    /// The text of a char span (clamped to the text) as a [`Substr`]: a view sharing this
    /// text's one copy, cheap to clone and to keep (an item's text holds its children's).
    pub fn substr(&self, span: Span) -> Substr {
        let end = span.end.min(self.len());
        let start = span.start.min(end);
        self.text.substr(self.byte_of.byte(start)..self.byte_of.byte(end))
    }

    /// The whole text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The whole text, shared (no copy).
    pub fn share(&self) -> ArcStr {
        self.text.clone()
    }

    /// Number of chars.
    pub fn len(&self) -> usize {
        self.byte_of.chars()
    }

    /// True for an empty text.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The text of a char span (clamped to the text).
    pub fn slice(&self, span: Span) -> &str {
        let end = span.end.min(self.len());
        let start = span.start.min(end);
        let (a, b) = (self.byte_of.byte(start), self.byte_of.byte(end));
        debug_assert!(a <= b && self.text.is_char_boundary(a) && self.text.is_char_boundary(b));
        // SAFETY: every offset in `byte_of` is a char boundary of `text` (ByteOffsets::new
        // reads them off its char_indices, plus its length), and offsets grow with chars, so
        // a ≤ b ≤ len. The hottest call of the analysis: it skips the boundary checks.
        unsafe { self.text.get_unchecked(a..b) }
    }

    /// The char offset of a byte offset (a byte inside a char counts as that char).
    pub fn char_at_byte(&self, byte: usize) -> usize {
        self.byte_of.char_at(byte)
    }

    /// The byte offset of a char offset (clamped to the text).
    pub fn byte_at_char(&self, ch: usize) -> usize {
        self.byte_of.byte(ch.min(self.len()))
    }

    /// The char span of a byte range of the text (as regex and Aho-Corasick matches give).
    pub fn span_of_bytes(&self, bytes: std::ops::Range<usize>) -> Span {
        Span::new(self.char_at_byte(bytes.start), self.char_at_byte(bytes.end))
    }

    /// The char at a char offset.
    pub fn char(&self, ch: usize) -> Option<char> {
        if ch >= self.len() {
            return None;
        }
        self.text[self.byte_of.byte(ch)..].chars().next()
    }

    /// The chars of a span, in order.
    pub fn chars(&self, span: Span) -> std::str::Chars<'_> {
        self.slice(span).chars()
    }

    /// The 0-based line holding char offset `ch`.
    fn line_index(&self, ch: usize) -> usize {
        self.line_starts.partition_point(|&s| s as usize <= ch).saturating_sub(1)
    }

    /// The char span of the line holding `ch`, without its `\n`.
    pub fn line_span(&self, ch: usize) -> Span {
        let i = self.line_index(ch.min(self.len()));
        let start = self.line_starts[i] as usize;
        let end = self.line_starts.get(i + 1).map(|&s| s as usize - 1).unwrap_or(self.len());
        Span::new(start, end)
    }

    /// The line (without its `\n`) holding char offset `ch`, and that line's first char offset.
    pub fn line_of(&self, ch: usize) -> (&str, usize) {
        let span = self.line_span(ch);
        (self.slice(span), span.start)
    }

    /// The line and columns of a char offset (see [`Position`] for the units).
    pub fn position(&self, ch: usize) -> Position {
        let ch = ch.min(self.len());
        let i = self.line_index(ch);
        let line_start = self.line_starts[i] as usize;
        let in_line = ch - line_start;
        let table = self.graphemes[i].get_or_init(|| {
            let line = self.slice(self.line_span(ch));
            // Lines of Chinese text seldom hold a char that joins its neighbour.
            if line.chars().all(stands_alone) {
                return None;
            }
            let mut cols = Vec::new();
            let mut simple = true;
            for (g, cluster) in line.graphemes(true).enumerate() {
                let n = cluster.chars().count();
                simple &= n == 1;
                cols.extend(std::iter::repeat_n(g as u32, n));
            }
            (!simple).then_some(cols)
        });
        let grapheme = match table {
            None => in_line,
            Some(cols) => cols.get(in_line).map(|&g| g as usize).unwrap_or_else(|| cols.last().map(|&g| g as usize + 1).unwrap_or(0) + in_line - cols.len()),
        };
        Position { line: i + 1, column_code_points: in_line + 1, column: grapheme + 1 }
    }
}

/// True for a char that is a grapheme cluster of its own whatever stands beside it, as long
/// as that is such a char too: ASCII printing chars, CJK ideographs, most CJK and general
/// punctuation, fullwidth forms and circled numbers (none combines, joins or is a control).
/// The ranges leave out the combining ideographic tone marks (U+302A–302F) and the
/// halfwidth katakana with their sound marks.
fn stands_alone(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{3000}'..='\u{3029}'
        | '\u{3030}'..='\u{303F}'
        | '\u{FF01}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2460}'..='\u{2473}'
        | '\u{00B7}' | '\u{00D7}' | '\u{00F7}')
}

/// A set of chars with a constant-time membership test: one bit per char of the Basic
/// Multilingual Plane (up to the highest member), a hash set for the chars beyond it.
#[derive(Debug, Clone, Default)]
pub struct CharSet {
    bmp: Vec<u64>,
    astral: rustc_hash::FxHashSet<char>,
}

impl CharSet {
    /// True when `c` is in the set.
    pub fn contains(&self, c: char) -> bool {
        let u = u32::from(c) as usize;
        if u < 0x1_0000 {
            self.bmp.get(u / 64).is_some_and(|w| w >> (u % 64) & 1 == 1)
        } else {
            self.astral.contains(&c)
        }
    }
}

impl FromIterator<char> for CharSet {
    fn from_iter<I: IntoIterator<Item = char>>(chars: I) -> Self {
        let mut set = CharSet::default();
        for c in chars {
            let u = u32::from(c) as usize;
            if u < 0x1_0000 {
                if set.bmp.len() <= u / 64 {
                    set.bmp.resize(u / 64 + 1, 0);
                }
                set.bmp[u / 64] |= 1 << (u % 64);
            } else {
                set.astral.insert(c);
            }
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn overlapping_is_the_filter(cuts in proptest::collection::btree_set(0usize..60, 0..20), a in 0usize..64, len in 0usize..20) {
            // Sorted, non-overlapping spans (some empty) from sorted cut points.
            let cuts: Vec<usize> = cuts.into_iter().collect();
            let spans: Vec<Span> = cuts.chunks(2).map(|p| Span::new(p[0], *p.get(1).unwrap_or(&p[0]))).collect();
            let span = Span::new(a, a + len);
            let want: Vec<Span> = spans.iter().filter(|s| s.overlaps(&span)).copied().collect();
            proptest::prop_assert_eq!(overlapping(&spans, span), want.as_slice());
        }
    }

    #[test]
    fn slices_by_chars() {
        let t = CharText::new("一、总体要求abc");
        assert_eq!(t.slice(Span::new(2, 4)), "总体");
        assert_eq!(t.len(), 9);
        assert_eq!(t.char_at_byte(6), 2);
        assert_eq!(t.span_of_bytes(6..12), Span::new(2, 4));
    }

    #[test]
    fn lines_and_columns() {
        let t = CharText::new("第一行\n区纪委要x");
        assert_eq!(t.position(4), Position { line: 2, column_code_points: 1, column: 1 });
        assert_eq!(t.position(8).column, 5);
        assert_eq!(t.line_of(6), ("区纪委要x", 4));
        assert_eq!(t.line_of(0), ("第一行", 0));
    }

    #[test]
    fn chars_that_stand_alone_are_clusters_of_their_own() {
        let ranges = [
            (' ', '~'),
            ('\u{4E00}', '\u{9FFF}'),
            ('\u{3400}', '\u{4DBF}'),
            ('\u{3000}', '\u{303F}'),
            ('\u{FF01}', '\u{FFE6}'),
            ('\u{2010}', '\u{2027}'),
            ('\u{2460}', '\u{2473}'),
            ('\u{00A0}', '\u{00FF}'),
        ];
        let mut n = 0;
        for (a, b) in ranges {
            for c in (a..=b).filter(|&c| stands_alone(c)) {
                for s in [format!("a{c}"), format!("{c}a"), format!("{c}{c}"), format!("要{c}，")] {
                    assert_eq!(s.graphemes(true).count(), s.chars().count(), "{c:?} in {s:?}");
                }
                n += 1;
            }
        }
        assert!(n > 27_000, "{n}");
        // And the fast path gives the columns the slow path gives.
        let t = CharText::new("区纪委要在6月底前完成整改（一）、“台账”①\n一二三");
        for ch in 0..t.len() {
            assert_eq!(t.position(ch).column, t.position(ch).column_code_points);
        }
    }

    #[test]
    fn grapheme_columns_count_what_a_reader_sees() {
        // e + combining acute, a family emoji of 5 code points, then 要.
        let t = CharText::new("e\u{301}👨\u{200d}👩\u{200d}👧要");
        let yao = t.len() - 1;
        let p = t.position(yao);
        assert_eq!(p.column_code_points, 8);
        assert_eq!(p.column, 3);
        // An astral ideograph is one code point and one cluster.
        let t = CharText::new("𠮷野村要");
        assert_eq!(t.position(3).column, 4);
        assert_eq!(t.position(3).column_code_points, 4);
    }

    proptest::proptest! {
        #[test]
        fn a_char_set_holds_what_a_hash_set_holds(members in proptest::collection::vec(proptest::char::any(), 0..40), probes in proptest::collection::vec(proptest::char::any(), 0..40)) {
            let set: CharSet = members.iter().copied().collect();
            let hashed: std::collections::HashSet<char> = members.iter().copied().collect();
            for c in members.iter().chain(&probes) {
                proptest::prop_assert_eq!(set.contains(*c), hashed.contains(c), "{:?}", c);
            }
        }
    }
}
