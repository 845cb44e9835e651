//! The chars a match of a regular expression can start with: a filter that tells, before any
//! search, that a pattern cannot match at the start of a text. Read from the pattern's syntax
//! tree (regex-syntax, the parser the `regex` crate uses), so it follows the pattern as it
//! changes; a set that is too large is only a weaker filter, never a wrong one.

use regex_syntax::hir::{Class, Hir, HirKind};

/// The set of first chars of the matches of a pattern.
#[derive(Debug, Clone)]
pub struct FirstChars {
    /// One bit per char of the Basic Multilingual Plane; `None` when the pattern can match
    /// the empty string (any text may match at its start).
    bmp: Option<Vec<u64>>,
    /// The ranges of chars beyond it.
    astral: Vec<(u32, u32)>,
}

impl FirstChars {
    /// The first chars of `pattern`'s matches, parsed as `regex::Regex::new` parses it; no
    /// filter when it does not parse.
    pub fn of(pattern: &str) -> FirstChars {
        let mut ranges = Vec::new();
        let nullable = match regex_syntax::parse(pattern) {
            Ok(hir) => first(&hir, &mut ranges),
            Err(_) => true,
        };
        if nullable {
            return FirstChars { bmp: None, astral: Vec::new() };
        }
        let mut bmp = vec![0u64; 0x1_0000 / 64];
        let mut astral = Vec::new();
        for (lo, hi) in ranges {
            for c in lo..=hi.min(0xFFFF) {
                bmp[c as usize / 64] |= 1 << (c % 64);
            }
            if hi > 0xFFFF {
                astral.push((lo.max(0x1_0000), hi));
            }
        }
        FirstChars { bmp: Some(bmp), astral }
    }

    /// False when no match of the pattern can start at the start of `s`.
    pub fn may_start(&self, s: &str) -> bool {
        s.chars().next().is_some_and(|c| self.may_start_with(c))
    }

    /// False when no match of the pattern can start with `c`.
    pub fn may_start_with(&self, c: char) -> bool {
        let Some(bmp) = &self.bmp else { return true };
        let c = u32::from(c);
        if c <= 0xFFFF {
            bmp[c as usize / 64] >> (c % 64) & 1 == 1
        } else {
            self.astral.iter().any(|&(lo, hi)| lo <= c && c <= hi)
        }
    }

    /// The byte offset of the first char of `s` at or after byte `from` (a char boundary)
    /// where a match of the pattern may start: no match starts before it. `None` when no
    /// match can start in the rest of `s` (a pattern that can match the empty string may
    /// match at the end: then `s.len()`).
    pub fn first_possible(&self, s: &str, from: usize) -> Option<usize> {
        if self.bmp.is_none() {
            return Some(from);
        }
        s[from..].char_indices().find(|&(_, c)| self.may_start_with(c)).map(|(i, _)| from + i)
    }
}

/// Adds the first chars of `hir`'s matches to `ranges` (code point ranges); true when it can
/// match the empty string.
fn first(hir: &Hir, ranges: &mut Vec<(u32, u32)>) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0).ok().and_then(|s| s.chars().next()) {
            Some(c) => {
                ranges.push((u32::from(c), u32::from(c)));
                false
            }
            // A literal of bytes that are no UTF-8 (not in our patterns): any start.
            None if !lit.0.is_empty() => {
                ranges.push((0, 0x10_FFFF));
                false
            }
            None => true,
        },
        HirKind::Class(Class::Unicode(class)) => {
            ranges.extend(class.ranges().iter().map(|r| (u32::from(r.start()), u32::from(r.end()))));
            false
        }
        HirKind::Class(Class::Bytes(class)) => {
            // Bytes classes match single bytes; a char may start with any of them.
            if !class.ranges().is_empty() {
                ranges.push((0, 0x10_FFFF));
            }
            false
        }
        HirKind::Repetition(rep) => first(&rep.sub, ranges) || rep.min == 0,
        HirKind::Capture(cap) => first(&cap.sub, ranges),
        HirKind::Concat(subs) => subs.iter().all(|sub| first(sub, ranges)),
        HirKind::Alternation(subs) => subs.iter().fold(false, |nullable, sub| first(sub, ranges) | nullable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn first_chars_of_some_patterns() {
        let f = FirstChars::of(r"(?P<pre>于|在)?([0-9]{1,2}|[一二三]{1,3})月底前");
        assert!(f.may_start("6月底前") && f.may_start("于6月") && f.may_start("三月") && f.may_start("在"));
        assert!(!f.may_start("区纪委") && !f.may_start("") && !f.may_start("四月"));
        assert!(FirstChars::of(r"a?").may_start("xyz"), "a pattern that matches empty filters nothing");
        assert!(FirstChars::of(r"(").may_start("x"), "no filter for a bad pattern");
        assert!(FirstChars::of(r"[𠀀-𠀃]年").may_start("𠀁年") && !FirstChars::of(r"[𠀀-𠀃]年").may_start("𠀄年"));
    }

    proptest! {
        /// Whenever the pattern matches at the start, the filter lets the text through.
        #[test]
        fn never_rejects_a_match(s in "[0-9０-９一二三四五六七八九十年月日底前内于在至到个半第季度上下今明去本这号—-]{0,8}[区要完成]{0,2}") {
            for pattern in [
                r"(?P<pre>从|自|于|在|到|至|截至)?“?(?:(?P<y>[0-9０-９]{4}|[〇零一二三四五六七八九]{4})年)?(?P<m>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})月(?P<mp>底|末)?(?P<suf>前|内)?",
                r"(?P<n>[0-9０-９]{1,3}|[一二三四五六七八九十两]{1,3}|半)(?P<ge>个)?(?P<unit>工作日|月|年|天|日|季度)(?P<suf>以内|内)?",
                r"(?:第?[一二三四1-4１-４]季度|上半年|下半年|年底|年内|(?:本|下)月)",
            ] {
                let re = regex::Regex::new(pattern).unwrap();
                let at_start = re.find(&s).is_some_and(|m| m.start() == 0);
                prop_assert!(!at_start || FirstChars::of(pattern).may_start(&s), "{pattern} on {s:?}");
            }
        }

        /// A search from the first possible start finds what a search from anywhere before it
        /// finds.
        #[test]
        fn searching_from_the_first_possible_start_finds_the_same(s in "[区要完成，在于0-9一二三月年底前内个半季度上下本]{0,24}", from in 0usize..24) {
            let from = s.char_indices().map(|(i, _)| i).nth(from).unwrap_or(s.len());
            for pattern in [
                r"(?P<pre>于|在)?“?(?:[0-9]{4}年)?(?P<m>[0-9]{1,2}|[一二三]{1,3})月(?P<mp>底)?(?P<suf>前|内)?",
                r"(?P<n>[0-9]{1,3}|[一二三]{1,3}|半)(?P<ge>个)?(?P<unit>月|年|季度)(?P<suf>内)?",
                r"(?:上半年|下半年|本月|季度)",
            ] {
                let re = regex::Regex::new(pattern).unwrap();
                let direct = re.find_at(&s, from).map(|m| m.range());
                let filtered = FirstChars::of(pattern).first_possible(&s, from).and_then(|at| re.find_at(&s, at)).map(|m| m.range());
                prop_assert_eq!(direct, filtered, "{} on {:?} from {}", pattern, s, from);
            }
        }
    }
}
