//! The document model: a [`Doc`] is built once per text — its characters, its tokens, its
//! paragraphs, sentences and clauses — and every stage of the analysis reads it. Stages ask
//! the `Doc` for tokens in a span, the token at a char, the sentence or clause holding a char,
//! instead of slicing and counting again.
//!
//! All positions are char offsets ([`Span`]).

use crate::extract::segment::{Segmenter, Token};
use crate::text::punct;
use crate::text::{trim_span, CharText, Span};

/// A text, segmented and split, ready for the analysis stages.
#[derive(Debug)]
pub struct Doc {
    /// The text, with its char and line index.
    pub text: CharText,
    /// The tokens, in text order, not overlapping (white space between them has none).
    pub tokens: Vec<Token>,
    /// Non-empty lines, trimmed.
    pub paragraphs: Vec<Span>,
    /// The sentences of every paragraph (ending at 。！？；, see [`punct::sentences`]).
    pub sentences: Vec<Span>,
    /// The clauses of every sentence (ending at ，：as well, see [`punct::clauses`]).
    pub clauses: Vec<Span>,
}

impl Doc {
    /// Segments and splits `text`.
    pub fn new(text: &str, segmenter: &Segmenter) -> Doc {
        let text = CharText::new(text);
        let tokens = segmenter.tag_document(&text);
        Doc::with_tokens(text, tokens)
    }

    /// A document from a text and its tokens (which must be in text order).
    pub fn with_tokens(text: CharText, tokens: Vec<Token>) -> Doc {
        let paragraphs = paragraphs(&text);
        let sentences: Vec<Span> = paragraphs.iter().flat_map(|&p| punct::sentences(&text, p)).collect();
        let clauses = sentences.iter().flat_map(|&s| punct::clauses(&text, s)).collect();
        Doc { text, tokens, paragraphs, sentences, clauses }
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        self.text.slice(span)
    }

    /// The tokens that overlap `span`.
    pub fn tokens_in(&self, span: Span) -> &[Token] {
        let i = self.tokens.partition_point(|t| t.span.end <= span.start);
        let j = i + self.tokens[i..].partition_point(|t| t.span.start < span.end);
        &self.tokens[i..j]
    }

    /// The words of the tokens that overlap `span`.
    pub fn words_in(&self, span: Span) -> Vec<&str> {
        self.tokens_in(span).iter().map(|t| t.word.as_str()).collect()
    }

    /// The tokens overlapping any of `spans`, in order.
    pub fn tokens_in_all(&self, spans: &[Span]) -> Vec<&Token> {
        spans.iter().flat_map(|&s| self.tokens_in(s)).collect()
    }

    /// The token that starts exactly at char `ch`.
    pub fn token_at(&self, ch: usize) -> Option<&Token> {
        let i = self.tokens.partition_point(|t| t.span.start < ch);
        self.tokens.get(i).filter(|t| t.span.start == ch)
    }

    /// The index of the token that holds char `ch`.
    pub fn token_index_holding(&self, ch: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.span.end <= ch);
        self.tokens.get(i).filter(|t| t.span.start <= ch).map(|_| i)
    }

    /// The char offsets inside `span` where a token ends, in order.
    pub fn token_ends_in(&self, span: Span) -> impl Iterator<Item = usize> + '_ {
        self.tokens_in(span).iter().filter(move |t| t.span.end <= span.end && t.span.start >= span.start).map(|t| t.span.end)
    }

    /// The tokens before char `ch`, nearest first.
    pub fn tokens_before(&self, ch: usize) -> impl Iterator<Item = &Token> + '_ {
        let i = self.tokens.partition_point(|t| t.span.end <= ch);
        self.tokens[..i].iter().rev()
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
        assert_eq!(d.token_at(7).map(|t| t.word.as_str()), Some("区纪委"));
        assert_eq!(d.words_in(Span::new(7, 11)), ["区纪委", "要"]);
        assert_eq!(d.clauses_in(s).len(), 2);
    }
}
