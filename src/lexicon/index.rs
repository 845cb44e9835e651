//! The look-up structures of a word list: a trie of the entries by chars, a bitset of the
//! chars entries start with (the trie's first level, read without hashing), and the scan
//! that finds every occurrence of every entry in a text (checked in the tests against an
//! Aho-Corasick automaton).

#[cfg(test)]
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rustc_hash::FxHashMap;
#[cfg(test)]
use std::sync::OnceLock;

/// The look-up structures of a [`WordList`](super::WordList), rebuilt after every change of its entries.
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    /// The entries as a trie of chars: node 0 is the empty prefix, every other node a
    /// prefix of some entry.
    pub(super) trie: Trie,
    /// The number of chars of each entry.
    pub(super) chars: Vec<usize>,
    /// For the first position of each word in `entries`, how many entries in a row hold it
    /// (one per label).
    pub(super) same_word: Vec<u32>,
    /// One bit per char of the Basic Multilingual Plane: some entry starts with it.
    pub(super) starts_bmp: Vec<u64>,
    /// The chars beyond it that start an entry.
    pub(super) starts_astral: rustc_hash::FxHashSet<char>,
    /// The entries as an Aho-Corasick automaton, built on first use: the reference the
    /// tests check the scan of [`Index::matches`] against.
    #[cfg(test)]
    pub(super) automaton: OnceLock<Option<AhoCorasick>>,
    #[cfg(test)]
    pub(super) patterns: Vec<Box<str>>,
    /// Positions of the entries with a gap (`建立…制度`).
    pub(super) gapped: Vec<usize>,
    /// The chars the gapped entries start with (their first part's first char): a text
    /// with none of them holds no gapped entry.
    pub(super) gapped_first: crate::text::CharSet,
    /// The most chars of any entry.
    pub(super) longest: usize,
}

impl Index {
    pub(super) fn new<L>(entries: &[(String, L)]) -> Self {
        let mut trie = Trie::default();
        for (i, (w, _)) in entries.iter().enumerate() {
            trie.insert(w, i);
        }
        let chars: Vec<usize> = entries.iter().map(|(w, _)| w.chars().count()).collect();
        let gapped: Vec<usize> = entries.iter().enumerate().filter(|(_, (w, _))| w.contains('…')).map(|(i, _)| i).collect();
        let gapped_first = gapped.iter().filter_map(|&i| entries[i].0.split('…').find(|p| !p.is_empty()).and_then(|p| p.chars().next())).collect();
        let longest = chars.iter().copied().max().unwrap_or(0);
        let mut starts_bmp = vec![0u64; 0x1_0000 / 64];
        let mut starts_astral = rustc_hash::FxHashSet::default();
        for c in entries.iter().filter_map(|(w, _)| w.chars().next()) {
            match usize::try_from(u32::from(c)).ok().filter(|&u| u < 0x1_0000) {
                Some(u) => starts_bmp[u / 64] |= 1 << (u % 64),
                None => {
                    starts_astral.insert(c);
                }
            }
        }
        let mut same_word = vec![1u32; entries.len()];
        for i in (0..entries.len().saturating_sub(1)).rev() {
            if entries[i].0 == entries[i + 1].0 {
                same_word[i] = same_word[i + 1] + 1;
            }
        }
        Index {
            trie,
            chars,
            same_word,
            starts_bmp,
            starts_astral,
            #[cfg(test)]
            automaton: OnceLock::new(),
            #[cfg(test)]
            patterns: entries.iter().map(|(w, _)| w.as_str().into()).collect(),
            gapped,
            gapped_first,
            longest,
        }
    }

    /// The first position in `entries` of the entry that equals `word`, if one does. A
    /// word whose first char starts no entry is refused without hashing it.
    #[inline]
    pub(super) fn exact_entry(&self, word: &str) -> Option<usize> {
        let first = word.chars().next()?;
        if !self.starts_entry(first) {
            return None;
        }
        let node = word.chars().try_fold(Trie::ROOT, |node, c| self.trie.child(node, u32::from(c)))?;
        self.trie.entry(node)
    }

    /// True when some entry starts with `c`.
    pub(super) fn starts_entry(&self, c: char) -> bool {
        self.starts_code_point(u32::from(c))
    }

    /// True when some entry starts with the char of code point `u`.
    #[inline]
    fn starts_code_point(&self, u: u32) -> bool {
        if u < 0x1_0000 {
            self.starts_bmp[u as usize / 64] >> (u % 64) & 1 == 1
        } else {
            char::from_u32(u).is_some_and(|c| self.starts_astral.contains(&c))
        }
    }

    /// The automaton over all entries (`None` for an empty list).
    #[cfg(test)]
    fn automaton(&self) -> Option<&AhoCorasick> {
        self.automaton
            .get_or_init(|| {
                (!self.patterns.is_empty())
                    .then(|| {
                        AhoCorasick::builder()
                            .match_kind(MatchKind::Standard)
                            .kind(Some(AhoCorasickKind::DFA))
                            .prefilter(false)
                            .build(self.patterns.iter().map(|p| &**p))
                            .ok()
                    })
                    .flatten()
            })
            .as_ref()
    }

    /// The positions in `entries` of every occurrence of every entry in `text`, overlapping
    /// ones included, with their byte ranges: by start, then by length. From each char that
    /// starts an entry, the text is extended a char at a time while it is still the prefix
    /// of an entry (the tests check this against an Aho-Corasick automaton).
    pub(super) fn matches<'a>(&'a self, text: &'a str) -> Matches<'a> {
        Matches { ix: self, text, next_start: 0, at: None, entries: 0..0 }
    }

    /// The occurrences the Aho-Corasick automaton reports, for the tests.
    #[cfg(test)]
    pub(super) fn matches_by_automaton(&self, text: &str) -> Vec<(usize, usize, usize)> {
        self.automaton().into_iter().flat_map(move |ac| ac.find_overlapping_iter(text)).map(|m| (m.pattern().as_usize(), m.start(), m.end())).collect()
    }
}

/// The occurrences [`Index::matches`] gives, one at a time: (entry, start byte, end byte).
pub(super) struct Matches<'a> {
    ix: &'a Index,
    text: &'a str,
    /// The byte of the next char to start an occurrence at.
    next_start: usize,
    /// The occurrence start being extended, the byte its current prefix ends at, and that
    /// prefix's trie node.
    at: Option<(usize, usize, u32)>,
    /// The entries of the word just found (one per label) not yet given, as an automaton
    /// reports them.
    entries: std::ops::Range<usize>,
}

impl Iterator for Matches<'_> {
    type Item = (usize, usize, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        loop {
            if let (Some(j), Some((a, e, _))) = (self.entries.next(), self.at) {
                return Some((j, a, e));
            }
            match self.at {
                // Extend the prefix by a char while it still begins some entry.
                Some((a, e, node)) if e < bytes.len() => {
                    let (c, width) = code_point_at(bytes, e);
                    match self.ix.trie.child(node, c) {
                        None => self.at = None,
                        Some(child) => {
                            self.at = Some((a, e + width, child));
                            if let Some(i) = self.ix.trie.entry(child) {
                                self.entries = i..i + self.ix.same_word[i] as usize;
                            }
                        }
                    }
                }
                _ => loop {
                    // The next char that starts an entry.
                    let a = self.next_start;
                    if a >= bytes.len() {
                        return None;
                    }
                    let (c, width) = code_point_at(bytes, a);
                    self.next_start = a + width;
                    if self.ix.starts_code_point(c) {
                        self.at = Some((a, a, Trie::ROOT));
                        break;
                    }
                },
            }
        }
    }
}

/// The code point of the char that starts at byte `i` of `bytes` (well-formed UTF-8, `i`
/// on a char boundary), and its length in bytes: the scan's own decoder, which skips the
/// checks `str::chars` makes for its general case.
#[inline(always)]
fn code_point_at(bytes: &[u8], i: usize) -> (u32, usize) {
    let six = |b: u8| u32::from(b & 0x3F);
    match bytes[i..] {
        [b0 @ 0..=0x7F, ..] => (u32::from(b0), 1),
        [b0 @ 0xE0..=0xEF, b1, b2, ..] => ((u32::from(b0) & 0x0F) << 12 | six(b1) << 6 | six(b2), 3),
        [b0 @ 0xC0..=0xDF, b1, ..] => ((u32::from(b0) & 0x1F) << 6 | six(b1), 2),
        [b0, b1, b2, b3, ..] => ((u32::from(b0) & 0x07) << 18 | six(b1) << 12 | six(b2) << 6 | six(b3), 4),
        // Not on a char boundary of well-formed UTF-8: never, for a `&str`.
        _ => (u32::from(char::REPLACEMENT_CHARACTER), 1),
    }
}

/// The entries of a word list as a trie of chars. A node is a prefix of some entry; its
/// children are found by hashing (node, char), one probe a char, whatever the prefix's
/// length.
#[derive(Debug, Clone)]
pub(super) struct Trie {
    /// (parent node << 21 | char) → child node.
    children: FxHashMap<u64, u32>,
    /// For every node, the first position in `entries` of the entry it spells, or
    /// `u32::MAX` when it spells none.
    entry: Vec<u32>,
}

impl Default for Trie {
    fn default() -> Self {
        Trie { children: FxHashMap::default(), entry: vec![u32::MAX] }
    }
}

impl Trie {
    /// The node of the empty prefix.
    pub(super) const ROOT: u32 = 0;

    fn key(node: u32, c: u32) -> u64 {
        u64::from(node) << 21 | u64::from(c)
    }

    /// Adds `word`, the entry at position `i` (an earlier position of the same word stays).
    fn insert(&mut self, word: &str, i: usize) {
        let mut node = Self::ROOT;
        for c in word.chars() {
            let next = self.entry.len() as u32;
            node = *self.children.entry(Self::key(node, u32::from(c))).or_insert(next);
            if node == next {
                self.entry.push(u32::MAX);
            }
        }
        let slot = &mut self.entry[node as usize];
        if *slot == u32::MAX {
            *slot = i as u32;
        }
    }

    /// The node of the prefix of `node` followed by the char of code point `c`, if some
    /// entry begins with it.
    #[inline]
    pub(super) fn child(&self, node: u32, c: u32) -> Option<u32> {
        self.children.get(&Self::key(node, c)).copied()
    }

    /// The first position in `entries` of the entry `node` spells, if it spells one.
    #[inline]
    pub(super) fn entry(&self, node: u32) -> Option<usize> {
        let i = self.entry[node as usize];
        (i != u32::MAX).then_some(i as usize)
    }
}
