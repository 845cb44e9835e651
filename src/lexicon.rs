//! The lexicons in `dictionaries/`: cue words, owner words, time words, duties.
//!
//! Every file is plain text in the spirit of jieba's dictionaries: one entry a line, the word
//! first, then an optional label, `#` starts a comment. They are embedded in the binary so the
//! tool works from any directory, and a user can add entries with extra files of the same
//! format (`taizhang.toml`: `[lexicons] owners = ["my_owners.txt"]`).

use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;
use std::path::Path;

/// One lexicon file: its name (the file stem) and embedded contents.
struct Builtin {
    name: &'static str,
    text: &'static str,
}

macro_rules! builtin {
    ($name:literal) => {
        Builtin { name: $name, text: include_str!(concat!("../dictionaries/", $name, ".txt")) }
    };
}

const BUILTINS: &[Builtin] = &[
    builtin!("owners"),
    builtin!("owner_affixes"),
    builtin!("commitment_cues"),
    builtin!("directive_verbs"),
    builtin!("speech_verbs"),
    builtin!("action_verbs"),
    builtin!("adverbs"),
    builtin!("problem_cues"),
    builtin!("past_cues"),
    builtin!("report_genre"),
    builtin!("background_headings"),
    builtin!("announcement_cues"),
    builtin!("surnames"),
    builtin!("on_schedule"),
    builtin!("owner_labels"),
    builtin!("posts"),
    builtin!("concrete_actions"),
    builtin!("deadlines"),
    builtin!("duties"),
];

/// The segmentation dictionary (jieba format: `word freq tag`).
pub const SEGMENT_DICT: &str = include_str!("../dictionaries/segment.dict");

/// The names of the lexicons a user may extend.
pub fn lexicon_names() -> Vec<&'static str> {
    BUILTINS.iter().map(|b| b.name).collect()
}

/// A list of words, each with an optional label.
///
/// Matching follows one rule everywhere: an entry of one character matches only a whole
/// segmentation token (so `要` does not match inside `主要`); a longer entry matches as text.
///
/// Look-ups go through an index built once when the list is loaded (a hash map of the
/// entries and their prefixes, and an Aho-Corasick automaton over them), so that they cost
/// no scan of the list.
#[derive(Debug, Clone, Default)]
pub struct WordList {
    entries: Vec<(String, String)>,
    index: Index,
}

/// The look-up structures of a [`WordList`], rebuilt after every change of its entries.
#[derive(Debug, Clone, Default)]
struct Index {
    /// Every prefix of an entry (entries included), with the position in `entries` of the
    /// entry it equals, if any.
    prefixes: HashMap<String, Option<usize>>,
    /// The number of chars of each entry.
    chars: Vec<usize>,
    /// All entries, pattern ids being positions in `entries`; `None` for an empty list.
    automaton: Option<AhoCorasick>,
    /// Positions of the entries with a gap (`建立…制度`).
    gapped: Vec<usize>,
}

impl Index {
    fn new(entries: &[(String, String)]) -> Self {
        let mut prefixes = HashMap::new();
        for (w, _) in entries {
            for (b, _) in w.char_indices().skip(1) {
                prefixes.entry(w[..b].to_string()).or_insert(None);
            }
        }
        for (i, (w, _)) in entries.iter().enumerate() {
            prefixes.insert(w.clone(), Some(i));
        }
        let chars = entries.iter().map(|(w, _)| w.chars().count()).collect();
        let automaton = (!entries.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(entries.iter().map(|(w, _)| w.as_str()))
                .expect("a word list small enough for an automaton")
        });
        let gapped = entries.iter().enumerate().filter(|(_, (w, _))| w.contains('…')).map(|(i, _)| i).collect();
        Index { prefixes, chars, automaton, gapped }
    }

    /// The position of the entry equal to `word`.
    fn position(&self, word: &str) -> Option<usize> {
        self.prefixes.get(word).copied().flatten()
    }
}

impl WordList {
    fn parse_into(&mut self, text: &str) {
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let mut parts = line.split_whitespace();
            let word = parts.next().unwrap_or_default().to_string();
            let label = parts.next().unwrap_or_default().to_string();
            // A line of several bare words (surnames.txt) lists entries without labels.
            if !label.is_empty() && label.chars().all(|c| !c.is_ascii()) {
                for w in line.split_whitespace() {
                    self.entries.retain(|(x, _)| x != w);
                    self.entries.push((w.to_string(), String::new()));
                }
                continue;
            }
            self.entries.retain(|(w, _)| w != &word);
            self.entries.push((word, label));
        }
        // Longest first, so that a longer entry wins over one it contains.
        self.entries.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then(a.0.cmp(&b.0)));
        self.index = Index::new(&self.entries);
    }

    /// All entries, longest first.
    pub fn entries(&self) -> &[(String, String)] {
        &self.entries
    }

    /// The words with a given label.
    pub fn with_label<'a>(&'a self, label: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.entries.iter().filter(move |(_, l)| l == label).map(|(w, _)| w.as_str())
    }

    /// The label of an exact entry.
    pub fn label_of(&self, word: &str) -> Option<&str> {
        self.index.position(word).map(|i| self.entries[i].1.as_str())
    }

    /// True when `word` is an entry.
    pub fn contains(&self, word: &str) -> bool {
        self.index.position(word).is_some()
    }

    /// The first entry found in `text` (whose tokens are `tokens`), following the matching
    /// rule above; with its label. An entry with a gap, `建立…制度`, matches its parts in
    /// order within one clause, at most [`GAP`] chars apart.
    pub fn find_in<'a>(&'a self, text: &str, tokens: &[&str]) -> Option<(&'a str, &'a str)> {
        // The entries are in order of precedence: the match with the lowest position wins.
        let ix = &self.index;
        let in_text = ix.automaton.iter().flat_map(|ac| ac.find_overlapping_iter(text));
        let as_text = in_text.map(|m| m.pattern().as_usize()).filter(|&i| ix.chars[i] > 1);
        let as_token = tokens.iter().filter_map(|t| ix.position(t)).filter(|&i| ix.chars[i] == 1);
        let gapped = ix.gapped.iter().copied().filter(|&i| gapped_match(&self.entries[i].0, text));
        as_text.chain(as_token).chain(gapped).min().map(|i| (self.entries[i].0.as_str(), self.entries[i].1.as_str()))
    }

    /// True when any entry occurs in `text` (tokens as in [`WordList::find_in`]).
    pub fn occurs_in(&self, text: &str, tokens: &[&str]) -> bool {
        self.find_in(text, tokens).is_some()
    }

    /// Every occurrence in `text` of every entry (gapped ones aside), overlapping ones
    /// included, as (word, label, byte range); ordered as the entries are (longest first),
    /// then by position.
    pub fn occurrences<'a>(&'a self, text: &str) -> Vec<(&'a str, &'a str, std::ops::Range<usize>)> {
        let mut found: Vec<(usize, usize, usize)> = self
            .index
            .automaton
            .iter()
            .flat_map(|ac| ac.find_overlapping_iter(text))
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect();
        found.sort_unstable();
        found.into_iter().map(|(i, a, b)| (self.entries[i].0.as_str(), self.entries[i].1.as_str(), a..b)).collect()
    }

    /// The longest entry that `text` starts with. Longer prefixes of `text` are looked up
    /// only while they still begin some entry.
    pub fn prefix_of<'a>(&'a self, text: &str) -> Option<&'a str> {
        let ends = text.char_indices().map(|(b, _)| b).skip(1).chain(std::iter::once(text.len()));
        ends.map_while(|e| self.index.prefixes.get(&text[..e]))
            .filter_map(|i| *i)
            .last()
            .map(|i| self.entries[i].0.as_str())
    }
}

/// The most chars between the parts of a gapped entry (`建立…制度`).
pub const GAP: usize = 12;

/// True when the parts of `pattern` (split at `…`) occur in `text` in order, each within
/// [`GAP`] chars of the one before and with no clause break between them.
fn gapped_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('…').filter(|p| !p.is_empty()).collect();
    let Some((first, rest)) = parts.split_first() else { return false };
    text.match_indices(first).any(|(at, _)| {
        let mut pos = at + first.len();
        rest.iter().all(|part| {
            let window: String = text[pos..]
                .chars()
                .take_while(|c| !"，。；！？,;!?\n".contains(*c))
                .take(GAP + part.chars().count())
                .collect();
            match window.find(part) {
                Some(i) => {
                    pos += i + part.len();
                    true
                }
                None => false,
            }
        })
    })
}

/// All lexicons, by file stem.
#[derive(Debug, Clone)]
pub struct Lexicons {
    lists: HashMap<String, WordList>,
    empty: WordList,
}

impl Lexicons {
    /// The built-in lexicons.
    pub fn builtin() -> Self {
        let mut lists = HashMap::new();
        for b in BUILTINS {
            let mut wl = WordList::default();
            wl.parse_into(b.text);
            lists.insert(b.name.to_string(), wl);
        }
        Lexicons { lists, empty: WordList::default() }
    }

    /// Adds the entries of `path` to lexicon `name` (a later entry replaces an equal word).
    pub fn extend_from_file(&mut self, name: &str, path: &Path) -> Result<(), String> {
        if !self.lists.contains_key(name) {
            return Err(format!(
                "unknown lexicon `{name}` (known: {})",
                lexicon_names().join(", ")
            ));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read lexicon file: {e}", path.display()))?;
        self.extend_from_str(name, &text);
        Ok(())
    }

    /// Adds entries given as text in the lexicon file format.
    pub fn extend_from_str(&mut self, name: &str, text: &str) {
        self.lists.entry(name.to_string()).or_default().parse_into(text);
    }

    /// The lexicon called `name` (empty when there is none).
    pub fn get(&self, name: &str) -> &WordList {
        self.lists.get(name).unwrap_or(&self.empty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_chars_match_tokens_only() {
        let lx = Lexicons::builtin();
        let cues = lx.get("commitment_cues");
        assert!(cues.find_in("主要问题", &["主要", "问题"]).is_none());
        assert_eq!(cues.find_in("区纪委要种好", &["区纪委", "要", "种好"]).unwrap().0, "要");
    }

    #[test]
    fn gapped_entries_match_within_a_clause() {
        assert!(gapped_match("建立…制度", "建立商品质量惩罚性赔偿制度"));
        assert!(!gapped_match("建立…制度", "建立长效机制，完善制度"));
        assert!(!gapped_match("建立…制度", "建立了一个非常非常非常非常非常非常长的制度"));
    }

    #[test]
    fn user_entries_extend_and_replace() {
        let mut lx = Lexicons::builtin();
        lx.extend_from_str("owners", "# mine\n区数据局 unit\n我们 unit\n");
        assert_eq!(lx.get("owners").label_of("区数据局"), Some("unit"));
        assert_eq!(lx.get("owners").label_of("我们"), Some("unit"));
    }

    #[test]
    fn every_builtin_lexicon_has_entries() {
        let lx = Lexicons::builtin();
        for name in lexicon_names() {
            assert!(!lx.get(name).entries().is_empty(), "{name} is empty");
        }
    }
}
