//! The look-up structures of a word list: a hash map of the entries and of their prefixes,
//! a bitset of the chars entries start with, and the scan that finds every occurrence of
//! every entry in a text (checked in the tests against an Aho-Corasick automaton).

#[cfg(test)]
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rustc_hash::FxHashMap;
#[cfg(test)]
use std::sync::OnceLock;

/// The look-up structures of a [`WordList`](super::WordList), rebuilt after every change of its entries.
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    /// Every prefix of an entry (entries included), with the position in `entries` of the
    /// first entry it equals, if any.
    pub(super) prefixes: FxHashMap<Box<str>, Option<usize>>,
    /// Every entry, with its first position in `entries`.
    pub(super) exact: FxHashMap<Box<str>, usize>,
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
        let mut prefixes: FxHashMap<Box<str>, Option<usize>> = FxHashMap::default();
        for (w, _) in entries {
            for (b, _) in w.char_indices().skip(1) {
                prefixes.entry(w[..b].into()).or_insert(None);
            }
        }
        let mut exact: FxHashMap<Box<str>, usize> = FxHashMap::default();
        for (i, (w, _)) in entries.iter().enumerate() {
            exact.entry(w.as_str().into()).or_insert(i);
            let p = prefixes.entry(w.as_str().into()).or_insert(None);
            if p.is_none() {
                *p = Some(i);
            }
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
            prefixes,
            exact,
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

    /// True when some entry starts with `c`.
    pub(super) fn starts_entry(&self, c: char) -> bool {
        let u = u32::from(c) as usize;
        if u < 0x1_0000 {
            self.starts_bmp[u / 64] >> (u % 64) & 1 == 1
        } else {
            self.starts_astral.contains(&c)
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
        Matches { ix: self, text, starts: text.char_indices(), at: None, entries: 0..0 }
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
    /// The chars left to start an occurrence at.
    starts: std::str::CharIndices<'a>,
    /// The occurrence start being extended, and the byte its current prefix ends at.
    at: Option<(usize, usize)>,
    /// The entries of the word just found (one per label) not yet given, as an automaton
    /// reports them.
    entries: std::ops::Range<usize>,
}

impl Iterator for Matches<'_> {
    type Item = (usize, usize, usize);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let (Some(j), Some((a, e))) = (self.entries.next(), self.at) {
                return Some((j, a, e));
            }
            match self.at {
                // Extend the prefix by a char while it still begins some entry.
                Some((a, e)) if e < self.text.len() => {
                    let len = self.text[e..].chars().next().map_or(1, char::len_utf8);
                    let end = e + len;
                    match self.ix.prefixes.get(&self.text[a..end]) {
                        None => self.at = None,
                        Some(first) => {
                            self.at = Some((a, end));
                            if let Some(i) = *first {
                                self.entries = i..i + self.ix.same_word[i] as usize;
                            }
                        }
                    }
                }
                _ => {
                    // The next char that starts an entry.
                    let (a, _) = self.starts.by_ref().find(|&(_, c)| self.ix.starts_entry(c))?;
                    self.at = Some((a, a));
                }
            }
        }
    }
}
