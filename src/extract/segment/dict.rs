//! jieba's dictionary with ours (`dictionaries/segment.dict`) merged in, embedded as flat
//! tables that `build.rs` wrote from the jieba-rs package: read in place, never parsed.
//!
//! It serves two purposes:
//! - the part-of-speech tag of a dictionary word ([`find`], [`tag`]), which jieba would
//!   otherwise only give through its tagger (which loads a model for unknown words);
//! - a segmenter holding only the words that can occur in one text ([`subset_for`]): every
//!   word that occurs in a text has each of its pairs of adjacent characters in the text, so
//!   the words whose pairs all occur there are all the dictionary can contribute. With the
//!   frequencies unchanged and the total frequency made equal to the whole dictionary's, the
//!   segmentation of that text is exactly the whole dictionary's (`tests/segment_subset.rs`).

use jieba_rs::Jieba;

pub(super) mod meta {
    include!(concat!(env!("OUT_DIR"), "/jieba_meta.rs"));
}

pub use meta::DICT_TOTAL;

/// The words back to back, sorted by their UTF-8 bytes.
static WORDS: &str = include_str!(concat!(env!("OUT_DIR"), "/dict_words.txt"));
/// u32: byte offset in `WORDS` of each word, then the end.
static OFFSETS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dict_offsets.bin"));
/// u32: frequency of each word.
static FREQS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dict_freqs.bin"));
/// u8: tag of each word, an index into `meta::DICT_TAGS`.
static TAGS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dict_tags.bin"));
/// u64: the distinct keys ([`key`]) of the words, ascending.
static KEYS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dict_keys.bin"));
/// u32: the first word of each key, then the number of words.
static KEY_STARTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dict_key_starts.bin"));

fn u32_at(bytes: &[u8], i: usize) -> u32 {
    u32::from_le_bytes(bytes[4 * i..4 * i + 4].try_into().expect("4 bytes"))
}

fn u64_at(bytes: &[u8], i: usize) -> u64 {
    u64::from_le_bytes(bytes[8 * i..8 * i + 8].try_into().expect("8 bytes"))
}

/// The number of words.
pub fn len() -> usize {
    meta::DICT_WORDS
}

/// The `i`th word (in byte order).
pub fn word(i: usize) -> &'static str {
    &WORDS[u32_at(OFFSETS, i) as usize..u32_at(OFFSETS, i + 1) as usize]
}

/// The frequency of the `i`th word.
pub fn freq(i: usize) -> u32 {
    u32_at(FREQS, i)
}

/// The part-of-speech tag of the `i`th word (`""` for a word given without one).
pub fn tag(i: usize) -> &'static str {
    meta::DICT_TAGS[TAGS[i] as usize]
}

/// The range key of a pair of characters: the first shifted above the second; a
/// one-character word has the key of its character paired with `'\0'`.
pub fn key(a: char, b: Option<char>) -> u64 {
    (u64::from(a) << 21) | b.map_or(0, u64::from)
}

/// The key of a word: its first two characters.
fn word_key(word: &str) -> Option<u64> {
    let mut cs = word.chars();
    Some(key(cs.next()?, cs.next()))
}

/// The words with key `k` (a range of word indices; empty when none has it).
pub fn words_with_key(k: u64) -> std::ops::Range<usize> {
    let n = meta::DICT_KEYS;
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if u64_at(KEYS, mid) < k {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if lo < n && u64_at(KEYS, lo) == k {
        u32_at(KEY_STARTS, lo) as usize..u32_at(KEY_STARTS, lo + 1) as usize
    } else {
        0..0
    }
}

/// The index of `word`, if it is a word of the dictionary.
pub fn find(word: &str) -> Option<usize> {
    let range = words_with_key(word_key(word)?);
    let (mut lo, mut hi) = (range.start, range.end);
    while lo < hi {
        let mid = (lo + hi) / 2;
        match self::word(mid).as_bytes().cmp(word.as_bytes()) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return Some(mid),
        }
    }
    None
}

/// A set of keys.
pub type KeySet = rustc_hash::FxHashSet<u64>;

/// Adds the keys of `text` to `set`: every character alone and every pair of adjacent
/// characters.
pub fn add_keys(text: &str, set: &mut KeySet) {
    let mut prev: Option<char> = None;
    for c in text.chars() {
        set.insert(key(c, None));
        if let Some(p) = prev {
            set.insert(key(p, Some(c)));
        }
        prev = Some(c);
    }
}

/// A word of the dictionary never found in a text: two tabs (white space never joins a
/// block jieba segments, and a token of white space is one character or `\r\n`). It carries
/// the frequency of the words left out, so that the total frequency, which every word's
/// probability is divided by, stays the whole dictionary's.
const REST: &str = "\t\t";

/// A segmenter with every word of the dictionary whose keys are all in `keys`: one whose
/// segmentation of any text with those keys is the whole dictionary's (user words aside:
/// the caller adds them after, as to the whole dictionary).
pub fn subset_for(keys: &KeySet) -> Jieba {
    let mut jieba = Jieba::empty();
    let mut kept: u64 = 0;
    // Each key of the text names the words that start with that pair (or are that single
    // character); a longer word needs its further pairs too.
    for &k in keys {
        for i in words_with_key(k) {
            let w = word(i);
            if further_pairs_in(w, keys) {
                let f = freq(i);
                kept += u64::from(f);
                jieba.add_word(w, Some(f as usize), Some(tag(i)));
            }
        }
    }
    let rest = DICT_TOTAL - kept;
    if rest > 0 {
        jieba.add_word(REST, Some(rest as usize), None);
    }
    jieba
}

/// True when every pair of adjacent characters of `word` after its first pair is in `keys`.
fn further_pairs_in(word: &str, keys: &KeySet) -> bool {
    let mut cs = word.chars().skip(1);
    let Some(mut prev) = cs.next() else {
        return true;
    };
    cs.all(|c| {
        let ok = keys.contains(&key(prev, Some(c)));
        prev = c;
        ok
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_consistent() {
        assert!(len() > 300_000);
        let mut total = 0u64;
        for i in 0..len() {
            total += u64::from(freq(i));
            if i > 0 {
                assert!(word(i - 1).as_bytes() < word(i).as_bytes());
            }
        }
        // jieba's own dictionary has no repeated words, so the total is the sum.
        assert_eq!(total, DICT_TOTAL);
        assert_eq!(find("中国").map(word), Some("中国"));
        assert_eq!(find("区纪委").map(tag), Some("nt"));
        assert!(find("不存在的词语啊").is_none());
        assert!(find("").is_none());
    }
}
