//! Word segmentation: jieba-rs with our domain dictionary (`dictionaries/segment.dict`) and any
//! user dictionaries given with `--dict`, all in jieba's `word [freq] [tag]` format.

use crate::text::{CharText, Span};
use jieba_rs::Jieba;
use std::io::BufReader;
use std::path::Path;

/// One word of the text, with its part-of-speech tag and char span in the whole document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The word as written.
    pub word: String,
    /// jieba's part-of-speech tag (`n`, `v`, `nr`, `nt`…).
    pub tag: String,
    /// Char span in the document.
    pub span: Span,
}

/// A jieba segmenter loaded with the default and the domain dictionary.
pub struct Segmenter {
    jieba: Jieba,
}

impl Segmenter {
    /// Loads jieba's default dictionary, our domain dictionary, then each user dictionary.
    pub fn new(user_dicts: &[&Path]) -> Result<Self, String> {
        let mut jieba = Jieba::new();
        let mut domain = BufReader::new(crate::lexicon::SEGMENT_DICT.as_bytes());
        jieba
            .load_dict(&mut domain)
            .map_err(|e| format!("built-in segment.dict: {e}"))?;
        for path in user_dicts {
            let file = std::fs::File::open(path)
                .map_err(|e| format!("{}: cannot open dictionary: {e}", path.display()))?;
            jieba
                .load_dict(&mut BufReader::new(file))
                .map_err(|e| format!("{}: not a jieba dictionary: {e}", path.display()))?;
        }
        Ok(Segmenter { jieba })
    }

    /// The underlying jieba segmenter (for benchmarks and `segment`).
    pub fn jieba(&self) -> &Jieba {
        &self.jieba
    }

    /// Segments and tags the whole text, line by line, with document char spans.
    pub fn tag_document(&self, text: &CharText) -> Vec<Token> {
        let mut out = Vec::new();
        let mut line_start = 0usize;
        for line in text.as_str().split('\n') {
            let n = line.chars().count();
            if !line.trim().is_empty() {
                for t in self.jieba.tag(line, true) {
                    out.push(Token {
                        word: t.word.to_string(),
                        tag: t.tag.to_string(),
                        span: Span::new(line_start + t.start, line_start + t.end),
                    });
                }
            }
            line_start += n + 1;
        }
        out
    }

    /// Segments one string into words (no tags).
    pub fn cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.jieba.cut(text, true).into_iter().map(|t| t.word).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_words_stay_whole() {
        let seg = Segmenter::new(&[]).unwrap();
        let words = seg.cut("区纪委要种好责任田，履行好监督责任，坚持立行立改。");
        for w in ["区纪委", "监督责任", "立行立改"] {
            assert!(words.contains(&w), "{w} split: {words:?}");
        }
    }

    #[test]
    fn spans_are_document_char_offsets() {
        let seg = Segmenter::new(&[]).unwrap();
        let t = CharText::new("一、总体要求\n区委将立即整改");
        let toks = seg.tag_document(&t);
        let quwei = toks.iter().find(|t| t.word == "区委").unwrap();
        assert_eq!(t.slice(quwei.span), "区委");
        assert_eq!(quwei.span.start, 7);
    }
}
