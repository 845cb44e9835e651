//! Word segmentation: jieba-rs with our domain dictionary (`dictionaries/segment.dict`) and any
//! user dictionaries given with `--dict`, all in jieba's `word [freq] [tag]` format.
//!
//! Loading jieba's whole dictionary (about 350,000 words) is most of a start. A short text
//! can only use the words whose characters it holds, so while few texts have been segmented
//! each gets a segmenter of just those words ([`dict::subset_for`]); its segmentation is
//! exactly the whole dictionary's. Once the texts add up (a batch, a stream, a server) the
//! whole dictionary is loaded, once. Part-of-speech tags come from the dictionary, and for
//! a word it does not hold from jieba's tag model, embedded ready to read ([`pos`]): the
//! tags are the ones `Jieba::tag` gives, without its start-up cost.

pub mod dict;
pub mod pos;

use crate::error::Error;
use crate::text::{CharText, Span};
use dict::KeySet;
use jieba_rs::Jieba;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::io::BufReader;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::OnceLock;

/// One word of the text, with its part-of-speech tag and char span in the whole document:
/// a view into the text it was cut from (a [`Doc`](crate::doc::Doc) keeps its tokens as
/// 12-byte records and hands out these views).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The word as written.
    pub word: &'a str,
    /// jieba's part-of-speech tag (`n`, `v`, `nr`, `nt`…).
    pub tag: &'a str,
    /// Char span in the document.
    pub span: Span,
}

/// Which dictionary a [`Segmenter`] segments a text with. The segmentation is the same
/// either way; only the cost differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Loading {
    /// A segmenter of the words a text can use, built for that text, while the texts
    /// segmented so far are few (see [`SUBSET_BUDGET`]); then the whole dictionary, loaded
    /// once. While one thread loads it, the others go on with per-text segmenters.
    #[default]
    Auto,
    /// The whole dictionary, loaded at the first text.
    Whole,
    /// A segmenter of the words each text can use, built for each text.
    PerText,
}

/// With [`Loading::Auto`], the bytes of text that may be segmented with per-text segmenters
/// (the first text always is): beyond it, building them would cost more than loading the
/// whole dictionary once.
pub const SUBSET_BUDGET: usize = 512 * 1024;

/// The largest text, in bytes, that gets a segmenter of its own words (a larger one holds
/// most of the dictionary's characters anyway).
pub const SUBSET_MAX_TEXT: usize = 16 << 20;

/// A jieba segmenter with the default and the domain dictionary, and the user dictionaries.
pub struct Segmenter {
    user: UserWords,
    loading: Loading,
    whole: OnceLock<Jieba>,
    /// Bytes of text segmented with per-text segmenters so far.
    spent: AtomicUsize,
    /// Set by the thread that loads the whole dictionary: meanwhile the others go on with
    /// per-text segmenters instead of waiting for it.
    loading_whole: AtomicBool,
    warnings: Vec<String>,
}

/// The most words whose tags a thread remembers across texts (a few MB).
pub const KNOWN_TAGS_MAX: usize = 1 << 18;

thread_local! {
    /// The tags of the words this thread met so far that are not user words (the
    /// dictionary's, or jieba's guess: the same for every [`Segmenter`]), at most
    /// [`KNOWN_TAGS_MAX`]: the texts of a batch share most of their words, and a look-up
    /// here is cheaper than one in the dictionary. One per thread: workers sharing one would
    /// pass its lock between cores at every word.
    static KNOWN_TAGS: std::cell::RefCell<FxHashMap<Box<str>, &'static str>> = Default::default();
}

/// The words of the user dictionaries, resolved against the dictionary once.
#[derive(Default)]
struct UserWords {
    /// (word, frequency, tag), in order: added to every segmenter after the dictionary,
    /// as `Jieba::add_word` adds them (a known word takes the frequency only).
    entries: Vec<(String, usize, Option<String>)>,
    /// The tags of the user words the dictionary does not hold (`""` when none was given).
    tags: HashMap<String, String>,
    /// The keys of the user words ([`dict::add_keys`]).
    keys: KeySet,
}

/// Characters that jieba's HMM glues to a neighbour where they should stand alone: the
/// one-character pledge cues and the prepositions that follow a subject.
pub const GLUE_CHARS: &[char] = &['要', '将', '须', '应', '会', '拟', '请', '于', '在'];

/// The largest user dictionary accepted, in bytes.
pub const MAX_DICT_BYTES: u64 = 64 * 1024 * 1024;

impl Segmenter {
    /// A segmenter with jieba's default dictionary, our domain dictionary, then each user
    /// dictionary, choosing its dictionary with [`Loading::Auto`].
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
        Segmenter::with_loading(user_dicts, Loading::Auto)
    }

    /// [`Segmenter::new`] with a given [`Loading`].
    ///
    /// # Errors
    /// As [`Segmenter::new`].
    pub fn with_loading(user_dicts: &[&Path], loading: Loading) -> Result<Self, Error> {
        let mut lines = Vec::new();
        let mut warnings = Vec::new();
        for path in user_dicts {
            let file = path.display().to_string();
            let text = crate::error::read_small_text_file(path, MAX_DICT_BYTES).map_err(|problem| Error::Dictionary { file: file.clone(), problem })?;
            read_user_words(&file, &text, &mut lines, &mut warnings);
        }
        let user = resolve_user_words(lines, &mut warnings);
        Ok(Segmenter { user, loading, whole: OnceLock::new(), spent: AtomicUsize::new(0), loading_whole: AtomicBool::new(false), warnings })
    }

    /// What the user dictionaries held that cannot take effect, one message per line
    /// (`FILE:LINE: why`).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The segmenter with the whole dictionary (loaded now if it is not yet), for
    /// benchmarks and comparisons.
    pub fn jieba(&self) -> &Jieba {
        self.whole.get_or_init(|| {
            let mut jieba = Jieba::new();
            let mut domain = BufReader::new(crate::lexicon::SEGMENT_DICT.as_bytes());
            // build.rs has parsed the same file: a bad line fails the build, not this.
            jieba.load_dict(&mut domain).expect("dictionaries/segment.dict loads (build.rs read it)");
            self.user.add_to(&mut jieba);
            jieba
        })
    }

    /// Loads the whole dictionary now, for a caller that knows a batch will need it and has
    /// a core to spare: meanwhile, texts segmented on other threads get per-text segmenters
    /// ([`Loading::Auto`]) instead of waiting for it.
    pub fn load_whole(&self) {
        self.loading_whole.store(true, Ordering::Release);
        self.jieba();
    }

    /// True when the whole dictionary is loaded.
    pub fn is_whole_loaded(&self) -> bool {
        self.whole.get().is_some()
    }

    /// A segmenter of just the words `text` can use, user words included.
    pub fn jieba_for(&self, text: &str) -> Jieba {
        let mut keys = self.user.keys.clone();
        dict::add_keys(text, &mut keys);
        let mut jieba = dict::subset_for(&keys);
        self.user.add_to(&mut jieba);
        jieba
    }

    /// Runs `f` with the segmenter for `text`, chosen by the [`Loading`].
    fn with_jieba<R>(&self, text: &str, f: impl FnOnce(&Jieba) -> R) -> R {
        if let Some(whole) = self.whole.get() {
            return f(whole);
        }
        let per_text = match self.loading {
            Loading::Whole => false,
            Loading::PerText => true,
            Loading::Auto => {
                text.len() <= SUBSET_MAX_TEXT && {
                    let before = self.spent.fetch_add(text.len(), Ordering::Relaxed);
                    before == 0
                        || before + text.len() <= SUBSET_BUDGET
                        // Another thread is loading the whole dictionary: this one goes on.
                        || self.loading_whole.swap(true, Ordering::AcqRel)
                }
            }
        };
        if per_text {
            f(&self.jieba_for(text))
        } else {
            f(self.jieba())
        }
    }

    /// Segments and tags the whole text, line by line, with document char spans.
    ///
    /// jieba's HMM makes words of unknown character runs, and sometimes glues a cue or a
    /// preposition to the name before it or the word after it (区委|办要, 要于); such a word
    /// is not in the dictionary and holds a character of [`GLUE_CHARS`]. It is cut again
    /// without the HMM, so the cue stands as a word of its own (区委|办|要, 要|于).
    pub fn tag_document<'a>(&'a self, text: &'a CharText) -> Vec<Token<'a>> {
        let mut out = Vec::new();
        self.for_each_token(text, |span, tag| out.push(Token { word: text.slice(span), tag, span }));
        out
    }

    /// Calls `f` with the char span and the tag of every token of `text`, in text order
    /// (what [`Segmenter::tag_document`] returns, without building the tokens).
    pub fn for_each_token<'s>(&'s self, text: &CharText, f: impl FnMut(Span, &'s str)) {
        self.with_jieba(text.as_str(), |jieba| self.tag_with(jieba, text, f))
    }

    fn tag_with<'s>(&'s self, jieba: &Jieba, text: &CharText, mut f: impl FnMut(Span, &'s str)) {
        // Words come back again and again: their tags are looked up once per text.
        let mut tags: FxHashMap<&str, &'s str> = FxHashMap::default();
        let mut tag_of = |word| *tags.entry(word).or_insert_with(|| self.tag_of(word));
        let mut line_start = 0usize;
        for line in text.as_str().split('\n') {
            let n = line.chars().count();
            if !line.trim().is_empty() {
                for t in jieba.cut(line, true) {
                    let start = line_start + t.start;
                    // A modal glued to its preposition (应于, 要于, 须在) splits even as a word of the
                    // dictionary: the cue must stand alone.
                    // (All are three-byte chars: two of them make six bytes.)
                    let modal_preposition = t.word.len() == 6 && t.word.starts_with(['要', '将', '须', '应', '需']) && t.word.ends_with(['于', '在']);
                    if t.word.chars().nth(1).is_some() && t.word.contains(GLUE_CHARS) && (modal_preposition || !in_dictionary(jieba, t.word)) {
                        let mut at = start;
                        for piece in split_at_glue(t.word) {
                            let len = piece.chars().count();
                            let tag = match jieba.cut(piece, false).as_slice() {
                                [one] => tag_of(one.word),
                                _ => tag_of(t.word),
                            };
                            f(Span::new(at, at + len), tag);
                            at += len;
                        }
                        continue;
                    }
                    f(Span::new(start, line_start + t.end), tag_of(t.word));
                }
            }
            line_start += n + 1;
        }
    }

    /// The part-of-speech tag of a word as `Jieba::tag` gives it: the dictionary's (user
    /// words included), else jieba's guess ([`pos::guess`]).
    pub fn tag_of<'a>(&'a self, word: &str) -> &'a str {
        if !self.user.tags.is_empty() {
            if let Some(t) = self.user.tags.get(word) {
                return t;
            }
        }
        KNOWN_TAGS.with_borrow_mut(|known| {
            if let Some(&t) = known.get(word) {
                return t;
            }
            let tag = match dict::find(word) {
                Some(i) => dict::tag(i),
                None => pos::guess(word),
            };
            if known.len() < KNOWN_TAGS_MAX {
                known.insert(word.into(), tag);
            }
            tag
        })
    }

    /// Segments one string into words (no tags).
    pub fn cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.with_jieba(text, |jieba| jieba.cut(text, true).into_iter().map(|t| t.word).collect())
    }
}

/// True when `word` is a word of the dictionaries (not one the HMM made up).
fn in_dictionary(jieba: &Jieba, word: &str) -> bool {
    jieba.cut_all(word).iter().any(|w| w.word == word)
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

/// A line of a user dictionary that can take effect: (file, line number, word, frequency,
/// tag).
type UserLine = (String, usize, String, Option<usize>, Option<String>);

/// Reads the words of a user dictionary (see [`Segmenter::new`] for the format), warning
/// about the lines that cannot take effect.
fn read_user_words(file: &str, text: &str, lines: &mut Vec<UserLine>, warnings: &mut Vec<String>) {
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
        lines.push((file.to_string(), n + 1, word.to_string(), freq, tag.map(str::to_string)));
    }
}

/// Adds the user words, in order, to a segmenter holding every dictionary word inside them
/// (jieba's `suggest_freq` gives a word without a frequency the one it needs, from the words
/// inside it), warning about a word that is still cut.
fn resolve_user_words(lines: Vec<UserLine>, warnings: &mut Vec<String>) -> UserWords {
    let mut user = UserWords::default();
    if lines.is_empty() {
        return user;
    }
    for (_, _, word, _, _) in &lines {
        dict::add_keys(word, &mut user.keys);
    }
    let mut jieba = dict::subset_for(&user.keys);
    for (file, n, word, freq, tag) in lines {
        let freq = jieba.add_word(&word, freq, tag.as_deref());
        let cut = jieba.cut(&word, true);
        if cut.len() != 1 {
            warnings.push(format!("{file}:{n}: the word is still cut into {} pieces: its frequency is too low to win", cut.len()));
        }
        if dict::find(&word).is_none() {
            user.tags.entry(word.clone()).or_insert_with(|| tag.clone().unwrap_or_default());
        }
        user.entries.push((word, freq, tag));
    }
    user
}

impl UserWords {
    /// Adds the user words to a segmenter of the dictionary (or of part of it).
    fn add_to(&self, jieba: &mut Jieba) {
        for (word, freq, tag) in &self.entries {
            jieba.add_word(word, Some(*freq), tag.as_deref());
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
        let text = CharText::new("区委办要在10月底前完成。县卫健局要于8月15日前完成。县教委应于6月20日前公布。");
        let toks = seg.tag_document(&text);
        let words: Vec<&str> = toks.iter().map(|t| t.word).collect();
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
