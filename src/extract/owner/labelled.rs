//! Owners written as labels: the labelled lines of a 整改方案 or ledger (牵头单位：区发改局，
//! 责任单位：…; labels in `owner_labels.txt`), and 由X牵头/负责.

use crate::lexicon::labels::OwnerRole;
use crate::lexicon::Lexicons;
use regex::Regex;
use std::sync::OnceLock;

/// 由X牵头/负责/组织实施…: the name and the verb.
pub(crate) fn by_whom() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"由([^，,。；;：:\s]{1,24}?)(牵头|负责|会同|组织实施|组织|统筹|主抓|任|担任|分工负责|具体负责|落实)").expect("by whom"))
}

/// A labelled owner line ("牵头单位：区发改局，区财政局"): the label, its role, and the
/// names with their byte ranges in the searched text.
pub struct LabelledLine<'t> {
    /// The label as written (牵头单位).
    pub label: &'t str,
    /// The role the label gives.
    pub role: OwnerRole,
    /// The names listed, with byte ranges into the searched text.
    pub names: Vec<(std::ops::Range<usize>, &'t str)>,
}

/// Finds the labelled owner lines of `owner_labels.txt` in `s`: a label, a colon, then names
/// up to the end of the sentence or line.
pub fn labelled_lines<'t>(lx: &'t Lexicons, s: &'t str) -> Vec<LabelledLine<'t>> {
    let mut out = Vec::new();
    // Every label stands before a colon: a text without one has no labelled line.
    if !s.contains(':') && !s.contains('：') {
        return out;
    }
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    // Each label's occurrences, label by label in the lexicon's order, left to right, as
    // str::match_indices gives them (no two of one label overlapping): one pass of the lexicon's trie.
    let mut last: Option<(*const u8, OwnerRole, usize)> = None;
    for (label, role, range) in lx.owner_labels.occurrences(s) {
        let at = range.start;
        let same_label = last.is_some_and(|(w, r, _)| w == label.as_ptr() && r == role);
        if same_label && last.is_some_and(|(_, _, end)| at < end) {
            continue;
        }
        last = Some((label.as_ptr(), role, range.end));
        if taken.iter().any(|r| r.contains(&at)) {
            continue;
        }
        let after = &s[at + label.len()..];
        let trimmed = after.trim_start_matches([' ', '\u{3000}', '\t']);
        let Some(list) = trimmed.strip_prefix(['：', ':']) else {
            continue;
        };
        let list_start = s.len() - list.len();
        // A label inside brackets (…平台。（负责部门：银保监会）) ends at the bracket.
        let bracketed = s[..at].ends_with(['（', '(']);
        let stops: &[char] = if bracketed { &['。', '；', ';', '\n', '）', ')'] } else { &['。', '；', ';', '\n'] };
        let end = list.find(stops).unwrap_or(list.len());
        taken.push(at..list_start + end);
        let mut names = Vec::new();
        let mut piece_start = list_start;
        let list_end = list_start + end;
        // Names in brackets stay whole: 各区(县、市)教育局.
        let mut depth = 0i32;
        for (i, c) in s[list_start..list_end].char_indices().chain(std::iter::once((end, '，'))) {
            match c {
                '（' | '(' => depth += 1,
                '）' | ')' => depth = (depth - 1).max(0),
                _ => {}
            }
            if depth == 0 && matches!(c, '，' | ',' | '、' | ' ' | '\u{3000}' | '\t' | '；' | ';') {
                let piece = &s[piece_start..list_start + i];
                if !piece.is_empty() {
                    names.push((piece_start..list_start + i, piece));
                }
                piece_start = list_start + i + c.len_utf8();
            }
        }
        out.push(LabelledLine { label, role, names });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::testing::lexicons;

    fn names(s: &str) -> Vec<(String, OwnerRole)> {
        labelled_lines(lexicons(), s).into_iter().flat_map(|l| l.names.into_iter().map(move |(_, n)| (n.to_string(), l.role))).collect()
    }

    #[test]
    fn names_of_labelled_lines() {
        assert_eq!(
            names("牵头单位：区发改局\n责任单位:市教育局,各区(县、市)教育局"),
            [
                ("区发改局".to_string(), OwnerRole::Lead),
                ("市教育局".to_string(), OwnerRole::Responsible),
                ("各区(县、市)教育局".to_string(), OwnerRole::Responsible)
            ]
        );
        assert_eq!(names("责任人：王**同志、张××").len(), 2);
    }
}
