//! The fast start changes no token: a segmenter of only the words a text can use
//! (`Loading::PerText`) segments and tags every text exactly as the whole dictionary does,
//! and both give exactly what jieba's own tagger (`Jieba::tag`, with its lazily loaded tag
//! model) gave before. Checked on every text of `../shared/eval/texts` (skipped when absent),
//! the samples, and random texts mixing dictionary words, unknown words, glued cues,
//! punctuation, Latin letters, digits and line ends; with and without user dictionaries.

use jieba_rs::Jieba;
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use taizhang::extract::segment::{dict, Loading, Segmenter, Token, GLUE_CHARS};
use taizhang::text::{CharText, Span};

fn whole() -> &'static Segmenter {
    static S: OnceLock<Segmenter> = OnceLock::new();
    S.get_or_init(|| Segmenter::with_loading(&[], Loading::Whole).expect("dictionaries load"))
}

fn per_text() -> &'static Segmenter {
    static S: OnceLock<Segmenter> = OnceLock::new();
    S.get_or_init(|| Segmenter::with_loading(&[], Loading::PerText).expect("dictionaries load"))
}

/// jieba as the analysis used it before: `Jieba::new()`, the domain dictionary, then
/// `Jieba::tag` (whose tags for unknown words come from jieba's own model).
fn reference_jieba() -> &'static Jieba {
    static J: OnceLock<Jieba> = OnceLock::new();
    J.get_or_init(|| {
        let mut j = Jieba::new();
        j.load_dict(&mut taizhang::lexicon::SEGMENT_DICT.as_bytes()).expect("domain dictionary");
        j
    })
}

/// The tokens as `Segmenter::tag_document` made them before: `Jieba::tag` per line, a word
/// the HMM made that holds a glue character cut again without the HMM.
/// A token with its word and tag owned.
type Owned = (String, String, Span);

fn owned(tokens: &[Token]) -> Vec<Owned> {
    tokens.iter().map(|t| (t.word.to_string(), t.tag.to_string(), t.span)).collect()
}

fn reference_tokens(jieba: &Jieba, text: &CharText) -> Vec<Owned> {
    let mut out = Vec::new();
    let mut line_start = 0usize;
    for line in text.as_str().split('\n') {
        let n = line.chars().count();
        if !line.trim().is_empty() {
            for t in jieba.tag(line, true) {
                let start = line_start + t.start;
                // A modal glued to its preposition (应于, 须在) is cut even as a dictionary word.
                let modal_preposition = t.word.chars().count() == 2 && t.word.starts_with(['要', '将', '须', '应', '需']) && t.word.ends_with(['于', '在']);
                let glued = t.word.chars().count() >= 2
                    && t.word.contains(GLUE_CHARS)
                    && (modal_preposition || !jieba.cut_all(t.word).iter().any(|w| w.word == t.word));
                if glued {
                    let mut at = start;
                    let mut rest = t.word;
                    while !rest.is_empty() {
                        // The pieces: each glue character alone, and the runs between them.
                        let piece = match rest.char_indices().find(|&(_, c)| GLUE_CHARS.contains(&c)) {
                            Some((0, c)) => &rest[..c.len_utf8()],
                            Some((b, _)) => &rest[..b],
                            None => rest,
                        };
                        rest = &rest[piece.len()..];
                        let len = piece.chars().count();
                        let tagged = jieba.tag(piece, false);
                        let tag = match tagged.as_slice() {
                            [one] => one.tag.to_string(),
                            _ => t.tag.to_string(),
                        };
                        out.push((piece.to_string(), tag, Span::new(at, at + len)));
                        at += len;
                    }
                    continue;
                }
                out.push((t.word.to_string(), t.tag.to_string(), Span::new(start, line_start + t.end)));
            }
        }
        line_start += n + 1;
    }
    out
}

/// The first difference between two token lists, if any.
fn first_difference(a: &[Owned], b: &[Owned]) -> Option<String> {
    if let Some(i) = (0..a.len().min(b.len())).find(|&i| a[i] != b[i]) {
        return Some(format!("token {i}: {:?} vs {:?}", a[i], b[i]));
    }
    (a.len() != b.len()).then(|| format!("{} tokens vs {}", a.len(), b.len()))
}

fn eval_texts() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [root.join("../shared/eval/texts"), root.join("samples")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("note: {} is absent; skipped", dir.display());
            continue;
        };
        for e in entries.flatten() {
            if e.path().extension().is_some_and(|x| x == "txt") {
                files.push(e.path());
            }
        }
    }
    files.sort();
    files
}

fn read_text(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("read");
    taizhang::read::decode_file_limited(path, &bytes, u64::MAX).expect("decode").text
}

#[test]
fn every_eval_text_and_sample_segments_as_with_the_whole_dictionary() {
    let files = eval_texts();
    assert!(files.len() >= 5, "samples/ holds texts");
    for path in files {
        let text = CharText::new(&read_text(&path));
        let fast = owned(&per_text().tag_document(&text));
        let slow = owned(&whole().tag_document(&text));
        let before = reference_tokens(reference_jieba(), &text);
        if let Some(d) = first_difference(&fast, &slow) {
            panic!("{}: per-text vs whole dictionary: {d}", path.display());
        }
        if let Some(d) = first_difference(&slow, &before) {
            panic!("{}: whole dictionary vs jieba's tagger: {d}", path.display());
        }
    }
}

#[test]
fn all_eval_texts_at_once_segment_as_with_the_whole_dictionary() {
    let all: String = eval_texts().iter().map(|p| read_text(p) + "\n").collect();
    let text = CharText::new(&all);
    assert!(first_difference(&owned(&per_text().tag_document(&text)), &owned(&whole().tag_document(&text))).is_none());
}

#[test]
fn the_embedded_dictionary_is_jiebas() {
    // Every 17th word: in jieba's dictionary, and tagged alike when jieba keeps it whole.
    let j = reference_jieba();
    for i in (0..dict::len()).step_by(17) {
        let w = dict::word(i);
        assert!(j.has_word(w), "{w}");
        if let [one] = j.tag(w, false).as_slice() {
            assert_eq!(one.tag, dict::tag(i), "{w}");
        }
    }
}

/// Pieces of random texts: words of the domain, cues that glue, punctuation, Latin letters
/// and digits, white space and line ends.
const PIECES: &[&str] = &[
    "区纪委",
    "区委办",
    "要",
    "将",
    "须",
    "应",
    "会",
    "拟",
    "请",
    "于",
    "在",
    "立行立改",
    "整改",
    "落实",
    "主体责任",
    "6月底前",
    "2024年",
    "三个月内",
    "。",
    "，",
    "；",
    "：",
    "、",
    "（一）",
    "一是",
    "\n",
    "\r\n",
    " ",
    "\u{3000}",
    "\t",
    "A",
    "abc",
    "4S店",
    "2024",
    "３",
    "%",
    "-",
    "+",
    "#",
    "😀",
    "龘",
    "𠮷",
    "张尧",
    "王建国",
    "杏煤",
    "芦岭",
];

/// A random text: dictionary words, random common characters, and the pieces above.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => (0..dict::len()).prop_map(|i| dict::word(i).to_string()),
        3 => proptest::sample::select(PIECES).prop_map(str::to_string),
        3 => proptest::char::range('\u{4e00}', '\u{9fa5}').prop_map(|c| c.to_string()),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_text_segments_as_with_the_whole_dictionary(s in text()) {
        let text = CharText::new(&s);
        let fast = owned(&per_text().tag_document(&text));
        let slow = owned(&whole().tag_document(&text));
        prop_assert!(first_difference(&fast, &slow).is_none(), "{:?}: {:?}", s, first_difference(&fast, &slow));
        let before = reference_tokens(reference_jieba(), &text);
        prop_assert!(first_difference(&slow, &before).is_none(), "{:?}: {:?}", s, first_difference(&slow, &before));
        prop_assert_eq!(per_text().cut(&s), whole().cut(&s));
    }

    #[test]
    fn unknown_words_are_tagged_as_jieba_tags_them(s in "[\u{4e00}-\u{9fa5}]{1,12}") {
        // With no dictionary every word is unknown: jieba's HMM cuts the run and its tag
        // model tags each word.
        static EMPTY: OnceLock<Jieba> = OnceLock::new();
        let empty = EMPTY.get_or_init(Jieba::empty);
        for t in empty.tag(&s, true) {
            prop_assert_eq!(taizhang::extract::segment::pos::guess(t.word), t.tag, "{}", t.word);
        }
    }
}

#[test]
fn user_dictionaries_take_effect_alike() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("user.dict");
    // New words, a known word with a new frequency, a word with a tag, a word too weak to win.
    std::fs::write(&p, "澜石区数据局\n汀兰镇综治中心 nt\n整改 5\n岚溪县供销社 20000 nt\n立行 1\n区委办要 x\n").unwrap();
    let paths = [p.as_path()];
    let fast = Segmenter::with_loading(&paths, Loading::PerText).unwrap();
    let slow = Segmenter::with_loading(&paths, Loading::Whole).unwrap();
    assert_eq!(fast.warnings(), slow.warnings());
    assert!(!slow.warnings().is_empty(), "立行 1 cannot win");
    // The unoptimised path: jieba's add_word on the whole dictionary, then Jieba::tag.
    let mut j = Jieba::new();
    j.load_dict(&mut taizhang::lexicon::SEGMENT_DICT.as_bytes()).unwrap();
    for (w, f, t) in [
        ("澜石区数据局", None, None),
        ("汀兰镇综治中心", None, Some("nt")),
        ("整改", Some(5), None),
        ("岚溪县供销社", Some(20000), Some("nt")),
        ("立行", Some(1), None),
        ("区委办要", None, Some("x")),
    ] {
        j.add_word(w, f, t);
    }
    let samples = eval_texts();
    let mut texts: Vec<String> = samples.iter().take(8).map(|p| read_text(p)).collect();
    texts.push("澜石区数据局要在6月底前完成整改。汀兰镇综治中心将立行立改，岚溪县供销社负责。区委办要于年底前完成。".into());
    for s in texts {
        let text = CharText::new(&s);
        let a = owned(&fast.tag_document(&text));
        let b = owned(&slow.tag_document(&text));
        let c = reference_tokens(&j, &text);
        assert!(first_difference(&a, &b).is_none(), "{:?}", first_difference(&a, &b));
        assert!(first_difference(&b, &c).is_none(), "{:?}", first_difference(&b, &c));
    }
}

#[test]
fn auto_loading_switches_to_the_whole_dictionary_once_texts_add_up() {
    let seg = Segmenter::new(&[]).unwrap();
    let line = "区纪委要在6月底前完成整改。".repeat(1000);
    let mut n = 0;
    while !seg.is_whole_loaded() {
        let _ = seg.tag_document(&CharText::new(&line));
        n += 1;
        assert!(n * line.len() <= taizhang::extract::segment::SUBSET_BUDGET + 2 * line.len(), "never switched");
    }
    assert!(n >= 2, "the first texts get their own segmenter");
}

#[test]
fn texts_segmented_while_the_whole_dictionary_loads_beside_them_are_unchanged() {
    // With --jobs 2 or more, one worker of a batch loads the whole dictionary; the others
    // meanwhile get per-text segmenters instead of waiting. Whichever a text gets, its tokens are the same.
    let seg = Segmenter::new(&[]).unwrap();
    let texts: Vec<CharText> = eval_texts().iter().take(12).map(|p| CharText::new(&read_text(p))).collect();
    let expected: Vec<Vec<Owned>> = texts.iter().map(|t| owned(&whole().tag_document(t))).collect();
    let before_loaded = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        s.spawn(|| seg.load_whole());
        for _ in 0..2 {
            s.spawn(|| {
                for (text, want) in texts.iter().zip(&expected) {
                    if !seg.is_whole_loaded() {
                        before_loaded.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    let got = owned(&seg.tag_document(text));
                    assert!(first_difference(&got, want).is_none());
                }
            });
        }
    });
    assert!(seg.is_whole_loaded());
    assert!(before_loaded.into_inner() > 0, "no text was segmented during the load");
}
