//! The document model: a [`Doc`] is built once per text — its characters, its tokens, its
//! paragraphs, sentences and clauses — and every stage of the analysis reads it. Stages ask
//! the `Doc` for tokens in a span, the token at a char, the sentence or clause holding a char,
//! instead of slicing and counting again.
//!
//! All positions are char offsets ([`Span`]).

use crate::extract::segment::{Segmenter, Token};
use crate::text::punct;
use crate::text::{trim_span, CharText, Span};
use arcstr::ArcStr;

/// A text, segmented and split, ready for the analysis stages.
#[derive(Debug)]
pub struct Doc {
    /// The text, with its char and line index.
    pub text: CharText,
    /// The tokens, in text order, not overlapping (white space between lines has none), as
    /// compact columns (6 bytes a token); [`Doc::token`] and the look-ups below give them as
    /// [`Token`]s.
    tokens: TokenColumns,
    /// The distinct tags of the tokens (a token holds an index into it).
    tags: Vec<Box<str>>,
    /// One bit per char: a token starts there.
    starts: Vec<u64>,
    /// One bit per char: a token covers it.
    covered: Vec<u64>,
    /// The number of token starts before each word of `starts`: with it, the tokens before a
    /// char are counted in constant time.
    start_rank: Vec<u32>,
    /// Non-empty lines, trimmed.
    pub paragraphs: Vec<Span>,
    /// The sentences of every paragraph (ending at 。！？；, see [`punct::sentences`]).
    pub sentences: Vec<Span>,
    /// The clauses of every sentence (ending at ，：as well, see [`punct::clauses`]).
    pub clauses: Vec<Span>,
}

/// The tokens of a [`Doc`] as columns: a token's first char, its length and its tag id, in
/// 6 bytes instead of a word and a tag on the heap. The rare token of [`MARK`] chars or more
/// (a run of Latin letters or digits without a break) keeps its length in `long`; the rare
/// tag id of [`MARK`] or more (user dictionaries with hundreds of tags) in `wide_tags`.
#[derive(Debug, Default)]
struct TokenColumns {
    starts: Vec<u32>,
    lens: Vec<u8>,
    tag_ids: Vec<u8>,
    long: rustc_hash::FxHashMap<u32, u32>,
    wide_tags: rustc_hash::FxHashMap<u32, u16>,
}

/// The value of a length or tag column that says "look it up apart".
const MARK: u8 = u8::MAX;

impl TokenColumns {
    fn len(&self) -> usize {
        self.starts.len()
    }

    fn push(&mut self, span: Span, tag: u16) {
        let i = self.starts.len() as u32;
        // Offsets fit u32: a CharText holds at most u32::MAX bytes.
        self.starts.push(span.start as u32);
        self.lens.push(match u8::try_from(span.len()) {
            Ok(n) if n < MARK => n,
            _ => {
                self.long.insert(i, span.len() as u32);
                MARK
            }
        });
        self.tag_ids.push(match u8::try_from(tag) {
            Ok(t) if t < MARK => t,
            _ => {
                self.wide_tags.insert(i, tag);
                MARK
            }
        });
    }

    fn shrink_to_fit(&mut self) {
        self.starts.shrink_to_fit();
        self.lens.shrink_to_fit();
        self.tag_ids.shrink_to_fit();
    }

    /// The span of the `i`th token.
    #[inline]
    fn span(&self, i: usize) -> Span {
        let len = match self.lens[i] {
            MARK => self.long.get(&(i as u32)).copied().unwrap_or(0) as usize,
            n => n as usize,
        };
        let start = self.starts[i] as usize;
        Span { start, end: start + len }
    }

    /// The tag id of the `i`th token.
    #[inline]
    fn tag(&self, i: usize) -> usize {
        match self.tag_ids[i] {
            MARK => self.wide_tags.get(&(i as u32)).copied().unwrap_or(0) as usize,
            t => t as usize,
        }
    }
}

/// Builds the token columns of a document, in text order.
#[derive(Default)]
struct Records {
    tokens: TokenColumns,
    tags: Vec<Box<str>>,
    tag_ids: rustc_hash::FxHashMap<Box<str>, u16>,
    /// The ids of tags by where they are stored: the segmenter hands out the same few
    /// strings again and again, so most look-ups hash an address, not the text.
    by_address: rustc_hash::FxHashMap<(usize, usize), u16>,
}

impl Records {
    fn push(&mut self, span: Span, tag: &str) {
        let address = (tag.as_ptr() as usize, tag.len());
        let id = match self.by_address.get(&address) {
            Some(&id) => id,
            None => {
                let id = self.tag_id(tag);
                self.by_address.insert(address, id);
                id
            }
        };
        self.tokens.push(span, id);
    }

    /// The id of a tag (its index in `tags`).
    fn tag_id(&mut self, tag: &str) -> u16 {
        match self.tag_ids.get(tag) {
            Some(&id) => id,
            // A document's distinct tags are jieba's few dozen plus those of the user
            // dictionaries; past 65,535 of them (no real dictionary has so many) a new tag
            // shares the last one's slot.
            None => match u16::try_from(self.tags.len()) {
                Ok(id) => {
                    self.tags.push(tag.into());
                    self.tag_ids.insert(tag.into(), id);
                    id
                }
                Err(_) => u16::MAX,
            },
        }
    }
}

fn set_bit(bits: &mut [u64], i: usize) {
    bits[i / 64] |= 1 << (i % 64);
}

fn bit(bits: &[u64], i: usize) -> bool {
    bits.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
}

impl Doc {
    /// Segments and splits `text`.
    pub fn new(text: &str, segmenter: &Segmenter) -> Doc {
        Doc::of_shared(ArcStr::from(text), segmenter)
    }

    /// Segments and splits a text already shared (no copy is made).
    pub fn of_shared(text: ArcStr, segmenter: &Segmenter) -> Doc {
        let text = CharText::shared(text);
        let mut records = Records::default();
        segmenter.for_each_token(&text, |span, tag| records.push(span, tag));
        Doc::with_records(text, records)
    }

    /// A document from a text and its tokens (which must be in text order).
    pub fn with_tokens(text: CharText, tokens: Vec<Token>) -> Doc {
        let mut records = Records::default();
        for t in &tokens {
            records.push(t.span, t.tag);
        }
        Doc::with_records(text, records)
    }

    fn with_records(text: CharText, records: Records) -> Doc {
        let mut paragraphs = paragraphs(&text);
        let mut sentences: Vec<Span> = paragraphs.iter().flat_map(|&p| punct::sentences(&text, p)).collect();
        let mut clauses: Vec<Span> = sentences.iter().flat_map(|&s| punct::clauses(&text, s)).collect();
        paragraphs.shrink_to_fit();
        sentences.shrink_to_fit();
        clauses.shrink_to_fit();
        let words = text.len().div_ceil(64) + 1;
        let (mut starts, mut covered) = (vec![0u64; words], vec![0u64; words]);
        for i in 0..records.tokens.len() {
            let span = records.tokens.span(i);
            if span.start < text.len() {
                set_bit(&mut starts, span.start);
            }
            for ch in span.start..span.end.min(text.len()) {
                set_bit(&mut covered, ch);
            }
        }
        let mut start_rank = Vec::with_capacity(starts.len());
        let mut n = 0u32;
        for w in &starts {
            start_rank.push(n);
            n += w.count_ones();
        }
        let Records { mut tokens, tags, .. } = records;
        tokens.shrink_to_fit();
        Doc { text, tokens, tags, starts, covered, start_rank, paragraphs, sentences, clauses }
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        self.text.slice(span)
    }

    /// The number of tokens.
    pub fn token_count(&self) -> usize {
        self.tokens.len()
    }

    /// The `i`th token.
    ///
    /// # Panics
    /// When `i` is not below [`Doc::token_count`].
    pub fn token(&self, i: usize) -> Token<'_> {
        let span = self.span_of(i);
        Token { word: self.text.slice(span), tag: &self.tags[self.tokens.tag(i)], span }
    }

    /// The span of the `i`th token.
    fn span_of(&self, i: usize) -> Span {
        self.tokens.span(i)
    }

    /// All tokens, in order.
    pub fn tokens(&self) -> impl DoubleEndedIterator<Item = Token<'_>> + ExactSizeIterator + '_ {
        (0..self.tokens.len()).map(|i| self.token(i))
    }

    /// The index range of the tokens that overlap `span`.
    fn token_range(&self, span: Span) -> std::ops::Range<usize> {
        let i = self.ending_by(span.start);
        i..self.starting_before(span.end).max(i)
    }

    /// The number of tokens that start before char `ch`.
    fn starting_before(&self, ch: usize) -> usize {
        let w = ch / 64;
        match (self.starts.get(w), self.start_rank.get(w)) {
            (Some(bits), Some(&rank)) => rank as usize + (bits & ((1u64 << (ch % 64)) - 1)).count_ones() as usize,
            _ => self.tokens.len(),
        }
    }

    /// The number of tokens that end at or before char `ch`.
    fn ending_by(&self, ch: usize) -> usize {
        self.starting_before(ch) - usize::from(self.inside_token(ch))
    }

    /// True when char `ch` lies inside a token but does not start it (no word ends before it).
    pub fn inside_token(&self, ch: usize) -> bool {
        bit(&self.covered, ch) && !bit(&self.starts, ch)
    }

    /// The tokens that overlap `span`.
    pub fn tokens_in(&self, span: Span) -> Vec<Token<'_>> {
        self.token_range(span).map(|i| self.token(i)).collect()
    }

    /// The words of the tokens that overlap `span`.
    pub fn words_in(&self, span: Span) -> Vec<&str> {
        self.token_range(span).map(|i| self.text.slice(self.span_of(i))).collect()
    }

    /// The tokens overlapping any of `spans`, in order.
    pub fn tokens_in_all(&self, spans: &[Span]) -> Vec<Token<'_>> {
        spans.iter().flat_map(|&s| self.token_range(s)).map(|i| self.token(i)).collect()
    }

    /// The token that starts exactly at char `ch`.
    pub fn token_at(&self, ch: usize) -> Option<Token<'_>> {
        if !bit(&self.starts, ch) {
            return None;
        }
        Some(self.token(self.starting_before(ch)))
    }

    /// The index of the token that holds char `ch`.
    pub fn token_index_holding(&self, ch: usize) -> Option<usize> {
        if !bit(&self.covered, ch) {
            return None;
        }
        Some(self.starting_before(ch + 1) - 1)
    }

    /// The char offsets inside `span` where a token ends, in order.
    pub fn token_ends_in(&self, span: Span) -> impl Iterator<Item = usize> + '_ {
        self.token_range(span).map(|i| self.span_of(i)).filter(move |t| t.end <= span.end && t.start >= span.start).map(|t| t.end)
    }

    /// The tokens before char `ch`, nearest first.
    pub fn tokens_before(&self, ch: usize) -> impl Iterator<Item = Token<'_>> + '_ {
        (0..self.ending_by(ch)).rev().map(|j| self.token(j))
    }

    /// The sentence holding char `ch`.
    pub fn sentence_of(&self, ch: usize) -> Option<Span> {
        holding(&self.sentences, ch)
    }

    /// The clause holding char `ch`.
    pub fn clause_of(&self, ch: usize) -> Option<Span> {
        holding(&self.clauses, ch)
    }

    /// The paragraph holding char `ch`.
    pub fn paragraph_of(&self, ch: usize) -> Option<Span> {
        holding(&self.paragraphs, ch)
    }

    /// The sentences that lie inside `span`.
    pub fn sentences_in(&self, span: Span) -> &[Span] {
        inside(&self.sentences, span)
    }

    /// The clauses that lie inside `span`.
    pub fn clauses_in(&self, span: Span) -> &[Span] {
        inside(&self.clauses, span)
    }
}

/// The span of a sorted, non-overlapping list that holds `ch`.
fn holding(spans: &[Span], ch: usize) -> Option<Span> {
    let i = spans.partition_point(|s| s.end <= ch);
    spans.get(i).copied().filter(|s| s.start <= ch)
}

/// The spans of a sorted, non-overlapping list that lie inside `span`.
fn inside(spans: &[Span], span: Span) -> &[Span] {
    let i = spans.partition_point(|s| s.start < span.start);
    let j = i + spans[i..].partition_point(|s| s.end <= span.end);
    &spans[i..j]
}

/// The paragraphs (non-empty lines, trimmed) of a text.
pub fn paragraphs(text: &CharText) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.as_str().chars().enumerate() {
        if c == '\n' {
            let s = trim_span(text, Span::new(start, i));
            if !s.is_empty() {
                out.push(s);
            }
            start = i + 1;
        }
    }
    let s = trim_span(text, Span::new(start, text.len()));
    if !s.is_empty() {
        out.push(s);
    }
    out
}

#[cfg(test)]
pub(crate) mod testing {
    //! A one-line fixture for stage tests: `Doc::for_test(text)`.
    use super::*;
    use std::sync::OnceLock;

    /// The segmenter with the built-in dictionaries, loaded once for all tests.
    pub fn segmenter() -> &'static Segmenter {
        static S: OnceLock<Segmenter> = OnceLock::new();
        S.get_or_init(|| Segmenter::new(&[]).expect("built-in dictionaries load"))
    }

    /// The built-in lexicons, loaded once for all tests.
    pub fn lexicons() -> &'static crate::lexicon::Lexicons {
        static L: OnceLock<crate::lexicon::Lexicons> = OnceLock::new();
        L.get_or_init(crate::lexicon::Lexicons::builtin)
    }

    impl Doc {
        /// A document of `text` segmented with the built-in dictionaries.
        pub fn for_test(text: &str) -> Doc {
            Doc::new(text, segmenter())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_ups_by_char() {
        let d = Doc::for_test("一、总体要求\n区纪委要种好责任田，履行好监督责任。我们将整改。");
        assert_eq!(d.paragraphs.len(), 2);
        assert_eq!(d.sentences.len(), 3);
        let s = d.sentence_of(9).unwrap();
        assert_eq!(d.slice(s), "区纪委要种好责任田，履行好监督责任。");
        assert_eq!(d.slice(d.clause_of(9).unwrap()), "区纪委要种好责任田，");
        assert_eq!(d.token_at(7).map(|t| t.word), Some("区纪委"));
        assert_eq!(d.words_in(Span::new(7, 11)), ["区纪委", "要"]);
        assert_eq!(d.clauses_in(s).len(), 2);
    }

    /// The look-ups answer as a plain list of the segmenter's tokens does.
    fn same_as_a_list(text: &str) {
        let d = Doc::for_test(text);
        let list = testing::segmenter().tag_document(&d.text);
        assert_eq!(d.tokens().collect::<Vec<_>>(), list);
        for ch in 0..=d.text.len() + 1 {
            assert_eq!(d.token_at(ch), list.iter().find(|t| t.span.start == ch).copied(), "token_at {ch}");
            assert_eq!(d.token_index_holding(ch), list.iter().position(|t| t.span.contains_char(ch)), "holding {ch}");
            let before: Vec<Token> = list.iter().rev().filter(|t| t.span.end <= ch).copied().collect();
            assert_eq!(d.tokens_before(ch).collect::<Vec<_>>(), before, "before {ch}");
            for len in [0, 1, 3, 7] {
                let span = Span::new(ch, ch + len);
                let overlapping: Vec<Token> = list.iter().filter(|t| t.span.start < span.end && span.start < t.span.end).copied().collect();
                assert_eq!(d.tokens_in(span), overlapping, "tokens_in {span:?}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn look_ups_answer_as_a_list_does_on_any_text(pieces in proptest::collection::vec(proptest::sample::select(vec!["区纪委", "要", "在", "6月底前", "完成", "整改", "。", "，", "\n", " ", "abc", "12", "\r\n", "😀", "龘", "一、"]), 0..40)) {
            same_as_a_list(&pieces.concat());
        }
    }

    #[test]
    fn look_ups_answer_as_a_list_does() {
        same_as_a_list("一、总体要求\n\n  区纪委要种好责任田，履行好监督责任。 我们将整改。\r\nabc 123");
        same_as_a_list("");
        same_as_a_list("\n\n");
    }

    #[test]
    fn tokens_at_the_edges_of_the_length_and_tag_columns_keep_them() {
        // Lengths of 254, 255 and 256 chars; 300 distinct tags (ids past 255 are kept apart).
        let words: Vec<String> = [254, 255, 256].iter().map(|&n| "b".repeat(n)).collect();
        let text = words.join("，");
        let mut columns = TokenColumns::default();
        let mut at = 0;
        for (k, w) in words.iter().enumerate() {
            for tag in 0..100u16 {
                columns.push(Span::new(at, at + w.len()), tag + 100 * k as u16);
            }
            at += w.len() + 1;
        }
        let mut i = 0;
        let mut at = 0;
        for (k, w) in words.iter().enumerate() {
            for tag in 0..100usize {
                assert_eq!(columns.span(i), Span::new(at, at + w.len()));
                assert_eq!(columns.tag(i), tag + 100 * k);
                i += 1;
            }
            at += w.len() + 1;
        }
        let d = Doc::for_test(&text);
        let lens: Vec<usize> = d.tokens().filter(|t| t.word.starts_with('b')).map(|t| t.span.len()).collect();
        assert_eq!(lens, [254, 255, 256]);
    }

    #[test]
    fn a_token_of_more_than_65535_chars_keeps_its_length() {
        let long = "a".repeat(70_000);
        let text = format!("区纪委要整改{long}。要");
        let d = Doc::for_test(&text);
        let t = d.tokens().find(|t| t.word == long).expect("one token");
        assert_eq!(t.span.len(), 70_000);
        assert_eq!(d.token_at(t.span.end).map(|t| t.word), Some("。"));
        assert_eq!(d.token_index_holding(t.span.start + 69_999).map(|i| d.token(i).word), Some(long.as_str()));
    }
}
