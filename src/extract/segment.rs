//! Word segmentation: jieba-rs with our domain dictionary (`dictionaries/segment.dict`) and any
//! user dictionaries given with `--dict`, all in jieba's `word [freq] [tag]` format.

use crate::error::Error;
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
    warnings: Vec<String>,
}

/// Characters that jieba's HMM glues to a neighbour where they should stand alone: the
/// one-character pledge cues and the prepositions that follow a subject.
pub const GLUE_CHARS: &[char] = &['要', '将', '须', '应', '会', '拟', '请', '于', '在'];

/// The largest user dictionary accepted, in bytes.
pub const MAX_DICT_BYTES: u64 = 64 * 1024 * 1024;

impl Segmenter {
    /// Loads jieba's default dictionary, our domain dictionary, then each user dictionary.
    ///
    /// A user dictionary is read in jieba's format: `word [freq] [tag]` per line, where the
    /// frequency and the tag are optional (`word tag` works too); a UTF-8 BOM, CRLF line ends,
    /// blank lines and `#` comment lines are accepted. A word without a frequency gets the
    /// one it needs to be cut as one word (jieba's `suggest_freq`). Lines that cannot take
    /// effect are reported by [`Segmenter::warnings`].
    ///
    /// # Errors
    /// [`Error::Dictionary`] for a dictionary that is missing, not a regular file, larger than
    /// [`MAX_DICT_BYTES`] or not UTF-8 text. The error never quotes the file's content.
    pub fn new(user_dicts: &[&Path]) -> Result<Self, Error> {
        let mut jieba = Jieba::new();
        let mut domain = BufReader::new(crate::lexicon::SEGMENT_DICT.as_bytes());
        jieba.load_dict(&mut domain).map_err(|e| Error::Dictionary {
            file: "dictionaries/segment.dict".to_string(),
            problem: format!("built-in dictionary: {e}"),
        })?;
        let mut warnings = Vec::new();
        for path in user_dicts {
            let file = path.display().to_string();
            let text = crate::error::read_small_text_file(path, MAX_DICT_BYTES)
                .map_err(|problem| Error::Dictionary { file: file.clone(), problem })?;
            add_user_words(&mut jieba, &file, &text, &mut warnings);
        }
        Ok(Segmenter { jieba, warnings })
    }

    /// What the user dictionaries held that cannot take effect, one message per line
    /// (`FILE:LINE: why`).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The underlying jieba segmenter (for benchmarks and `segment`).
    pub fn jieba(&self) -> &Jieba {
        &self.jieba
    }

    /// Segments and tags the whole text, line by line, with document char spans.
    ///
    /// jieba's HMM makes words of unknown character runs, and sometimes glues a cue or a
    /// preposition to the name before it or the word after it (区委|办要, 要于); such a word
    /// is not in the dictionary and holds a character of [`GLUE_CHARS`]. It is cut again
    /// without the HMM, so the cue stands as a word of its own (区委|办|要, 要|于).
    pub fn tag_document(&self, text: &CharText) -> Vec<Token> {
        let mut out = Vec::new();
        let mut line_start = 0usize;
        for line in text.as_str().split('\n') {
            let n = line.chars().count();
            if !line.trim().is_empty() {
                for t in self.jieba.tag(line, true) {
                    let start = line_start + t.start;
                    // A modal glued to its preposition (应于, 要于, 须在) splits even as a word of the
                    // dictionary: the cue must stand alone.
                    let modal_preposition = t.word.chars().count() == 2
                        && t.word.starts_with(['要', '将', '须', '应', '需'])
                        && t.word.ends_with(['于', '在']);
                    if t.word.chars().count() >= 2 && t.word.contains(GLUE_CHARS) && (modal_preposition || !self.in_dictionary(t.word)) {
                        let mut at = start;
                        for piece in split_at_glue(t.word) {
                            let len = piece.chars().count();
                            let tagged = self.jieba.tag(piece, false);
                            let tag = match tagged.as_slice() {
                                [one] => one.tag.to_string(),
                                _ => t.tag.to_string(),
                            };
                            out.push(Token { word: piece.to_string(), tag, span: Span::new(at, at + len) });
                            at += len;
                        }
                        continue;
                    }
                    out.push(Token { word: t.word.to_string(), tag: t.tag.to_string(), span: Span::new(start, line_start + t.end) });
                }
            }
            line_start += n + 1;
        }
        out
    }

    /// True when `word` is a word of the dictionaries (not one the HMM made up).
    fn in_dictionary(&self, word: &str) -> bool {
        self.jieba.cut_all(word).iter().any(|w| w.word == word)
    }

    /// Segments one string into words (no tags).
    pub fn cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.jieba.cut(text, true).into_iter().map(|t| t.word).collect()
    }
}

/// Splits a word the HMM made up at each glue character: 办要 → 办|要, 要于 → 要|于,
/// 疑问请 → 疑问|请.
fn split_at_glue(word: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (b, c) in word.char_indices() {
        if GLUE_CHARS.contains(&c) {
            if b > start {
                out.push(&word[start..b]);
            }
            out.push(&word[b..b + c.len_utf8()]);
            start = b + c.len_utf8();
        }
    }
    if start < word.len() {
        out.push(&word[start..]);
    }
    out
}

/// Adds the words of a user dictionary (see [`Segmenter::new`] for the format).
fn add_user_words(jieba: &mut Jieba, file: &str, text: &str, warnings: &mut Vec<String>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut warn = |why: &str| warnings.push(format!("{file}:{}: {why}", n + 1));
        let parts: Vec<&str> = line.split_whitespace().collect();
        let word = parts[0];
        let (freq, tag) = match parts.get(1) {
            Some(x) if x.bytes().all(|b| b.is_ascii_digit()) => (x.parse::<usize>().ok(), parts.get(2).copied()),
            Some(x) => (None, Some(*x)),
            None => (None, None),
        };
        if parts.len() > 3 || (parts.len() == 3 && freq.is_none()) {
            warn("expected `word [freq] [tag]`; the line is ignored");
            continue;
        }
        if freq == Some(0) {
            warn("a frequency of 0 never wins: the word has no effect (leave the frequency out to let it win)");
            continue;
        }
        if tag.is_some_and(|t| !t.bytes().all(|b| b.is_ascii_alphanumeric())) {
            warn("the tag is not a part-of-speech tag (letters such as n, nt, v); the line is ignored");
            continue;
        }
        jieba.add_word(word, freq, tag);
        let cut = jieba.cut(word, true);
        if cut.len() != 1 {
            warn(&format!("the word is still cut into {} pieces: its frequency is too low to win", cut.len()));
        }
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
    fn glued_cues_are_cut_again() {
        let seg = Segmenter::new(&[]).unwrap();
        let toks = seg.tag_document(&CharText::new("区委办要在10月底前完成。县卫健局要于8月15日前完成。县教委应于6月20日前公布。"));
        let words: Vec<&str> = toks.iter().map(|t| t.word.as_str()).collect();
        assert!(words.contains(&"要") && !words.contains(&"办要") && !words.contains(&"要于") && !words.contains(&"应于"), "{words:?}");
        let mut at = 0;
        for t in &toks {
            assert!(t.span.start >= at);
            at = t.span.end;
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

#[cfg(test)]
mod user_dictionaries {
    use super::*;

    fn seg_with(dict: &str) -> Segmenter {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("user.dict");
        std::fs::write(&p, dict).unwrap();
        Segmenter::new(&[p.as_path()]).unwrap()
    }

    #[test]
    fn jieba_format_with_optional_fields_bom_comments_and_crlf() {
        let s = seg_with("\u{feff}# 本单位用词\r\n澜石区数据局\r\n汀兰镇综治中心 nt\r\n岚溪县供销社 20000 nt\r\n");
        assert!(s.warnings().is_empty(), "{:?}", s.warnings());
        for w in ["澜石区数据局", "汀兰镇综治中心", "岚溪县供销社"] {
            assert!(s.cut(&format!("{w}要整改")).contains(&w), "{w}: {:?}", s.cut(w));
        }
    }

    #[test]
    fn lines_that_cannot_take_effect_are_reported() {
        let s = seg_with("甲乙丙 0\n丁戊 3 n extra\n己庚 5 n-x\n");
        assert_eq!(s.warnings().len(), 3, "{:?}", s.warnings());
        assert!(s.warnings()[0].starts_with("") && s.warnings()[0].contains(":1:"));
    }

    #[test]
    fn special_files_are_refused_without_quoting_them() {
        let e = Segmenter::new(&[Path::new("/dev/zero")]).err().unwrap().to_string();
        assert!(e.contains("/dev/zero") && e.contains("regular"), "{e}");
        let e = Segmenter::new(&[Path::new("/proc/self/environ")]).err().unwrap().to_string();
        assert!(!e.contains("PATH="), "{e}");
    }
}
