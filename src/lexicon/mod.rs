//! The lexicons in `dictionaries/`: cue words, owner words, time words, duties.
//!
//! Every file is plain text in the spirit of jieba's dictionaries: one entry a line, the word
//! first, then an optional label, `#` starts a comment. A list without labels may hold several
//! words on a line (surnames.txt). Labels are parsed into the enums of [`labels`] when a file
//! is loaded: an unknown label is an error naming the file and the line, so a typo cannot
//! silently turn a feature off. The files are embedded in the binary so the tool works from
//! any directory, and a user can add entries with extra files of the same format
//! (`taizhang.toml`: `[lexicons] owners = ["my_owners.txt"]`).
//!
//! [`Lexicons`] is the typed view: one named field per file.

mod index;
pub mod labels;

use crate::error::Error;
use index::Index;
use labels::*;
use std::path::Path;

/// The segmentation dictionary (jieba format: `word freq tag`).
pub const SEGMENT_DICT: &str = include_str!("../../dictionaries/segment.dict");

/// The largest lexicon file a user may add, in bytes.
pub const MAX_LEXICON_BYTES: u64 = 16 * 1024 * 1024;

/// A list of words, each with a label of type `L`.
///
/// Matching follows one rule everywhere: an entry of one character matches only a whole
/// segmentation token (so `要` does not match inside `主要`); a longer entry matches as text.
///
/// Look-ups go through an index built once when the list is loaded (a trie of the entries
/// by chars), so that they cost no scan of the list. A word may carry several labels (one
/// entry each).
#[derive(Debug, Clone)]
pub struct WordList<L> {
    entries: Vec<(String, L)>,
    index: Index,
}

impl<L> Default for WordList<L> {
    fn default() -> Self {
        WordList { entries: Vec::new(), index: Index::default() }
    }
}

impl<L: Label> WordList<L> {
    /// Parses a whole file of the lexicon format; `file` names it in errors.
    ///
    /// # Errors
    /// [`Error::Lexicon`] for a line with an unknown label or too many columns.
    pub fn parse(file: &str, text: &str) -> Result<Self, Error> {
        let mut wl = WordList::default();
        wl.parse_into(file, text)?;
        Ok(wl)
    }

    /// Adds the entries of `text` (a later entry with the same word and label replaces the
    /// earlier one), then rebuilds the index.
    ///
    /// # Errors
    /// [`Error::Lexicon`] for a line with an unknown label or too many columns; nothing is
    /// added then.
    pub fn parse_into(&mut self, file: &str, text: &str) -> Result<(), Error> {
        let mut added: Vec<(String, L)> = Vec::new();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let err = |problem: String| Error::Lexicon { file: file.to_string(), line: n + 1, problem };
            let parts: Vec<&str> = line.split_whitespace().collect();
            if L::NAMES.is_empty() {
                // A list without labels: every word of the line is an entry.
                added.extend(parts.iter().map(|w| (w.to_string(), L::parse("").expect("no label"))));
                continue;
            }
            if parts.len() > 2 {
                return Err(err(format!("expected `word label`, found {} columns", parts.len())));
            }
            let label = parts.get(1).copied().unwrap_or("");
            let parsed = L::parse(label).ok_or_else(|| {
                // Quote the label only when it looks like one: never echo arbitrary content.
                let looks_like_label = label.len() <= 16 && label.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
                let shown = if looks_like_label { format!(" `{label}`") } else { String::new() };
                err(format!("unknown label{shown} (known: {})", L::NAMES.join(", ")))
            })?;
            added.push((parts[0].to_string(), parsed));
        }
        for (w, l) in added {
            self.entries.retain(|(x, y)| !(x == &w && *y == l));
            self.entries.push((w, l));
        }
        // Longest first, so that a longer entry wins over one it contains.
        self.entries.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then(a.0.cmp(&b.0)));
        self.index = Index::new(&self.entries);
        Ok(())
    }

    /// All entries, longest first.
    pub fn entries(&self) -> &[(String, L)] {
        &self.entries
    }

    /// All words, longest first.
    pub fn words(&self) -> impl Iterator<Item = &str> + '_ {
        self.entries.iter().map(|(w, _)| w.as_str())
    }

    /// The words with a given label.
    pub fn with_label(&self, label: L) -> impl Iterator<Item = &str> + '_ {
        self.entries.iter().filter(move |(_, l)| *l == label).map(|(w, _)| w.as_str())
    }

    /// The labels of an exact entry (empty when it is none).
    pub fn labels_of<'a>(&'a self, word: &'a str) -> impl Iterator<Item = L> + 'a {
        self.index.exact_entry(word).into_iter().flat_map(|i| self.labels_at(i))
    }

    /// The (first) label of an exact entry.
    pub fn label_of(&self, word: &str) -> Option<L> {
        self.index.exact_entry(word).map(|i| self.entries[i].1)
    }

    /// True when `word` is an entry with label `label`.
    pub fn has(&self, word: &str, label: L) -> bool {
        self.labels_of(word).any(|l| l == label)
    }

    /// True when `word` is an entry.
    pub fn contains(&self, word: &str) -> bool {
        self.index.exact_entry(word).is_some()
    }

    /// The first entry found in `text` (whose tokens are `tokens`), following the matching
    /// rule above; with its label. An entry with a gap, `建立…制度`, matches its parts in
    /// order within one clause, at most [`GAP`] chars apart.
    pub fn find_in<'a>(&'a self, text: &str, tokens: &[&str]) -> Option<(&'a str, L)> {
        // The entries are in order of precedence: the match with the lowest position wins.
        let ix = &self.index;
        let as_text = ix.matches(text).map(|(i, _, _)| i).filter(|&i| ix.chars[i] > 1);
        let as_token = tokens.iter().filter_map(|t| ix.exact_entry(t)).filter(|&i| ix.chars[i] == 1);
        let gapped: &[usize] = if self.may_hold_gapped(text) { &ix.gapped } else { &[] };
        let gapped = gapped.iter().copied().filter(|&i| gapped_match(&self.entries[i].0, text));
        as_text.chain(as_token).chain(gapped).min().map(|i| (self.entries[i].0.as_str(), self.entries[i].1))
    }

    /// The gapped entries (`建立…制度`) that match in `text`, with their labels.
    pub fn gapped_in<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (&'a str, L)> + 'a {
        let gapped: &[usize] = if self.may_hold_gapped(text) { &self.index.gapped } else { &[] };
        gapped.iter().filter(move |&&i| gapped_match(&self.entries[i].0, text)).map(|&i| (self.entries[i].0.as_str(), self.entries[i].1))
    }

    /// False when `text` holds no char a gapped entry starts with: none of them matches.
    fn may_hold_gapped(&self, text: &str) -> bool {
        !self.index.gapped.is_empty() && text.chars().any(|c| self.index.gapped_first.contains(c))
    }

    /// True when any entry occurs in `text` (tokens as in [`WordList::find_in`]).
    pub fn occurs_in(&self, text: &str, tokens: &[&str]) -> bool {
        self.find_in(text, tokens).is_some()
    }

    /// Every occurrence in `text` of every entry (gapped ones aside), overlapping ones
    /// included, as (word, label, byte range of `text`); ordered as the entries are (longest
    /// first), then by position.
    pub fn occurrences<'a>(&'a self, text: &str) -> Vec<(&'a str, L, std::ops::Range<usize>)> {
        let mut found: Vec<(usize, usize, usize)> = self.index.matches(text).collect();
        found.sort_unstable();
        found.into_iter().map(|(i, a, b)| (self.entries[i].0.as_str(), self.entries[i].1, a..b)).collect()
    }

    /// The first occurrence in the order of [`WordList::occurrences`] that passes `keep`:
    /// what `occurrences(text).into_iter().find(…)` gives, without collecting and sorting
    /// them all.
    pub fn first_occurrence<'a>(&'a self, text: &str, keep: impl Fn(&str, L, &std::ops::Range<usize>) -> bool) -> Option<(&'a str, L, std::ops::Range<usize>)> {
        self.index
            .matches(text)
            .filter(|&(i, a, b)| keep(&self.entries[i].0, self.entries[i].1, &(a..b)))
            .min()
            .map(|(i, a, b)| (self.entries[i].0.as_str(), self.entries[i].1, a..b))
    }

    /// Every occurrence in `text` of every entry, as [`WordList::occurrences`] gives them
    /// but in no particular order and without collecting them: for a caller that asks
    /// whether any occurrence qualifies.
    pub fn all_occurrences<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (&'a str, L, std::ops::Range<usize>)> + 'a {
        self.index.matches(text).map(|(i, a, b)| (self.entries[i].0.as_str(), self.entries[i].1, a..b))
    }

    /// The longest entry that `text` starts with. Longer prefixes of `text` are looked up
    /// only while they still begin some entry.
    pub fn prefix_of<'a>(&'a self, text: &str) -> Option<&'a str> {
        self.prefix_entry(text, |_| true).map(|(w, _)| w)
    }

    /// The longest entry that `text` starts with whose label passes `keep`.
    pub fn prefix_entry<'a>(&'a self, text: &str, keep: impl Fn(L) -> bool) -> Option<(&'a str, L)> {
        let mut best = None;
        self.any_entry_opening(text, |_, i| {
            if let Some(l) = self.labels_at(i).find(|l| keep(*l)) {
                best = Some((self.entries[i].0.as_str(), l));
            }
            false
        });
        best
    }

    /// Calls `f` with each entry `text` starts with, shortest first, as (the entry as it
    /// stands in `text`, its first position in `entries`), until `f` returns true; true when
    /// it did. Longer prefixes of `text` are looked up only while they still begin some
    /// entry, and none when no entry starts with its first char.
    fn any_entry_opening(&self, text: &str, mut f: impl FnMut(&str, usize) -> bool) -> bool {
        if !text.chars().next().is_some_and(|c| self.index.starts_entry(c)) {
            return false;
        }
        let mut node = index::Trie::ROOT;
        for (b, c) in text.char_indices() {
            let Some(child) = self.index.trie.child(node, u32::from(c)) else {
                break;
            };
            node = child;
            let e = b + c.len_utf8();
            if self.index.trie.entry(node).is_some_and(|i| f(&text[..e], i)) {
                return true;
            }
        }
        false
    }

    /// The labels of the entry at `i` (the first position of its word in `entries`).
    fn labels_at(&self, i: usize) -> impl Iterator<Item = L> + '_ {
        self.entries[i..i + self.index.same_word[i] as usize].iter().map(|(_, l)| *l)
    }

    /// The longest entry that `text` ends with whose label passes `keep`.
    pub fn suffix_entry<'a>(&'a self, text: &str, keep: impl Fn(L) -> bool) -> Option<(&'a str, L)> {
        let longest = self.index.longest;
        if longest == 0 {
            return None;
        }
        // The tails of at most `longest` chars, longest first.
        let from = text.char_indices().rev().nth(longest - 1).map_or(0, |(b, _)| b);
        for (b, _) in text[from..].char_indices() {
            if let Some(i) = self.index.exact_entry(&text[from + b..]) {
                if let Some(l) = self.labels_at(i).find(|l| keep(*l)) {
                    return Some((self.entries[i].0.as_str(), l));
                }
            }
        }
        None
    }

    /// True when some entry whose label passes `keep` occurs in `text` as text, whatever
    /// its length (one-character entries too, unlike [`WordList::find_in`]): what
    /// `entries().iter().any(|(w, l)| keep(w, l) && text.contains(w))` says, in one pass.
    pub fn contained_in(&self, text: &str, keep: impl Fn(&str, L) -> bool) -> bool {
        self.index.matches(text).any(|(i, _, _)| keep(&self.entries[i].0, self.entries[i].1))
    }

    /// The first (leftmost) occurrence in `text` of each entry that occurs there, as text
    /// whatever its length, as (word, label, byte range of `text`); what `text.find(w)`
    /// gives for each entry `w`, in one pass of the trie. In order of the occurrences' ends.
    pub fn first_occurrences<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (&'a str, L, std::ops::Range<usize>)> + 'a {
        // The automaton reports the occurrences of one entry in text order.
        let mut seen = vec![false; self.entries.len()];
        self.index.matches(text).filter_map(move |(i, a, b)| {
            if std::mem::replace(&mut seen[i], true) {
                None
            } else {
                Some((self.entries[i].0.as_str(), self.entries[i].1, a..b))
            }
        })
    }

    /// True when some entry that passes `keep` is a prefix of `text`: what
    /// `entries().iter().any(|(w, l)| keep(w, l) && text.starts_with(w))` says, without
    /// a scan of the list.
    pub fn starts(&self, text: &str, keep: impl Fn(&str, L) -> bool) -> bool {
        self.any_entry_opening(text, |prefix, i| self.labels_at(i).any(|l| keep(prefix, l)))
    }
}

/// The most chars between the parts of a gapped entry (`建立…制度`).
pub const GAP: usize = 12;

/// True when the parts of `pattern` (split at `…`) occur in `text` in order, each within
/// [`GAP`] chars of the one before and with no clause break between them.
fn gapped_match(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('…').filter(|p| !p.is_empty());
    let Some(first) = parts.next() else {
        return false;
    };
    // Most texts lack the first part's first char: a byte scan spares them the substring
    // searcher.
    if !first.chars().next().is_some_and(|c| text.contains(c)) {
        return false;
    }
    text.match_indices(first).any(|(at, _)| {
        let mut pos = at + first.len();
        parts.clone().all(|part| {
            // The window: up to GAP chars more than the part, before any clause break.
            let tail = &text[pos..];
            let len = tail
                .char_indices()
                .take_while(|(_, c)| !crate::text::punct::is_clause_break(*c))
                .take(GAP + part.chars().count())
                .last()
                .map_or(0, |(b, c)| b + c.len_utf8());
            match tail[..len].find(part) {
                Some(i) => {
                    pos += i + part.len();
                    true
                }
                None => false,
            }
        })
    })
}

macro_rules! lexicons {
    ($( $(#[$doc:meta])* $field:ident : $label:ty ),* $(,)?) => {
        /// Every lexicon, parsed once: one field per file of `dictionaries/` (the field's name
        /// is the file's stem).
        #[derive(Debug, Clone)]
        pub struct Lexicons {
            $( $(#[$doc])* pub $field: WordList<$label>, )*
        }

        impl Lexicons {
            /// The names of the lexicons (file stems), as `taizhang.toml` names them.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($field)),*];

            /// The built-in lexicons, embedded from `dictionaries/`.
            ///
            /// # Panics
            /// Never for a build that passed its tests: the embedded files are checked by
            /// `every_builtin_lexicon_parses`.
            pub fn builtin() -> Self {
                Lexicons {
                    $( $field: WordList::parse(
                        concat!("dictionaries/", stringify!($field), ".txt"),
                        include_str!(concat!("../../dictionaries/", stringify!($field), ".txt")),
                    ).expect("a built-in lexicon parses"), )*
                }
            }

            /// Adds entries given as text in the lexicon file format to the lexicon `name`;
            /// `file` names the source in errors.
            ///
            /// # Errors
            /// [`Error::Lexicon`] for an unknown lexicon name or a bad line.
            pub fn extend_from_str(&mut self, name: &str, file: &str, text: &str) -> Result<(), Error> {
                match name {
                    $( stringify!($field) => self.$field.parse_into(file, text), )*
                    _ => Err(Error::Lexicon {
                        file: file.to_string(),
                        line: 0,
                        problem: format!("unknown lexicon `{name}` (known: {})", Self::NAMES.join(", ")),
                    }),
                }
            }
        }
    };
}

lexicons! {
    /// Owner words and their class (我, 我们, 有关部门, 区纪委…).
    owners: OwnerClass,
    /// How owner names are built: suffixes, endings, collective prefixes, qualifiers.
    owner_affixes: Affix,
    /// Labels of owner lines (牵头单位：…) and the role they give.
    owner_labels: OwnerRole,
    /// Posts: titles that stand before a name, and role words.
    posts: PostKind,
    /// Common surnames (a bare name counts as a person only with one of these).
    surnames: (),
    /// Cue words of a pledge and their strength.
    commitment_cues: CueStrength,
    /// Compounds that begin with a cue but are no cue (要素, 会议, 将来).
    cue_compounds: (),
    /// Verbs that assign a task to someone named after them (要求, 请).
    directive_verbs: (),
    /// Verbs of saying (表示, 指出).
    speech_verbs: SpeechAct,
    /// Task verbs that open an imperative item (加强, 完成, 建立…).
    action_verbs: (),
    /// Adverbs that may stand before a task verb (认真, 切实…).
    adverbs: (),
    /// Phrases by which a document announces itself (制定如下方案).
    announcement_cues: (),
    /// Headings of background sections (指导思想, 总体要求).
    background_headings: HeadingRole,
    /// Markers of what is done or past (了, 已, 截至…).
    past_cues: (),
    /// Checkable actions and deliverables (召开…会议, 方案, 台账…).
    concrete_actions: Trace,
    /// Words that state a shortcoming.
    problem_cues: ProblemCue,
    /// Heading and lead-in words that say whether the tasks under them are ahead or done.
    section_moods: SectionMood,
    /// Phrases that mark a report of work already done.
    report_genre: GenreCue,
    /// Fixed time expressions and their kind; `not` entries mask look-alikes; `label`
    /// entries label time-limit lines.
    deadlines: TimeWord,
    /// Events a limit can be set before (汛期, 开学, 换届): no date of their own.
    events: (),
    /// Duties, posts in working bodies, and the verbs that take a duty on.
    duties: DutyKind,
    /// Connectives, prepositions and linking words at the start of a clause.
    clause_words: ClauseWord,
    /// Negations and past markers that make a following time word no limit.
    negations: NotAhead,
}

impl Lexicons {
    /// Adds the entries of a file to the lexicon `name`.
    ///
    /// # Errors
    /// [`Error::Lexicon`] for an unknown lexicon, a file that is not a regular file, is larger
    /// than [`MAX_LEXICON_BYTES`] or is not UTF-8, or a bad line. The error never quotes the
    /// file's content.
    pub fn extend_from_file(&mut self, name: &str, path: &Path) -> Result<(), Error> {
        let file = path.display().to_string();
        let text = crate::error::read_small_text_file(path, MAX_LEXICON_BYTES).map_err(|problem| Error::Lexicon { file: file.clone(), line: 0, problem })?;
        self.extend_from_str(name, &file, &text)
    }
}

#[cfg(test)]
mod tests;
