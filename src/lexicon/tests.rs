//! Tests of the module above (split out to keep it readable).

use super::*;

#[test]
fn every_builtin_lexicon_parses_and_has_entries() {
    let lx = Lexicons::builtin();
    assert!(!lx.owners.entries().is_empty());
    assert!(!lx.negations.entries().is_empty());
    assert!(!lx.clause_words.entries().is_empty());
    assert!(lx.surnames.contains("欧阳"));
}

#[test]
fn single_chars_match_tokens_only() {
    let lx = Lexicons::builtin();
    let cues = &lx.commitment_cues;
    assert!(cues.find_in("主要问题", &["主要", "问题"]).is_none());
    assert_eq!(cues.find_in("区纪委要种好", &["区纪委", "要", "种好"]).unwrap().0, "要");
}

#[test]
fn gapped_entries_match_within_a_clause() {
    assert!(gapped_match("建立…制度", "建立商品质量惩罚性赔偿制度"));
    assert!(!gapped_match("建立…制度", "建立长效机制，完善制度"));
    assert!(!gapped_match("建立…制度", "建立长效机制,完善制度"));
    assert!(!gapped_match("建立…制度", "建立了一个非常非常非常非常非常非常长的制度"));
}

#[test]
fn user_entries_extend_and_replace() {
    let mut lx = Lexicons::builtin();
    lx.extend_from_str("owners", "mine.txt", "# mine\n区数据局 unit\n我们 unit\n").unwrap();
    assert_eq!(lx.owners.label_of("区数据局"), Some(OwnerClass::Unit));
    assert!(lx.owners.has("我们", OwnerClass::Unit));
}

#[test]
fn unknown_labels_and_lexicons_are_errors_naming_the_line() {
    let mut lx = Lexicons::builtin();
    let e = lx.extend_from_str("owners", "mine.txt", "区数据局 unti\n").unwrap_err().to_string();
    assert!(e.contains("mine.txt:1") && e.contains("unti"), "{e}");
    assert!(lx.extend_from_str("ownres", "x.txt", "a unit").is_err());
    let e = WordList::<OwnerClass>::parse("f.txt", "\n# c\n甲 unit extra\n").unwrap_err().to_string();
    assert!(e.contains("f.txt:3"), "{e}");
}

#[test]
fn prefix_and_suffix_look_ups() {
    let lx = Lexicons::builtin();
    assert_eq!(lx.owner_affixes.suffix_entry("区发改局", |a| a.ends_name()).map(|e| e.0), Some("局"));
    assert_eq!(lx.owner_affixes.prefix_entry("各支部", |a| a.starts_name()).map(|e| e.0), Some("各"));
}

mod same_as_a_scan {
    //! The indexed look-ups give what a scan of the entries gives.
    use super::*;
    use proptest::prelude::*;

    /// A text of entries of `owner_affixes`, `action_verbs` and `posts`, and random chars.
    fn text() -> impl Strategy<Value = String> {
        let lx = Lexicons::builtin();
        let mut words: Vec<String> = lx
            .owner_affixes
            .words()
            .chain(lx.action_verbs.words())
            .chain(lx.posts.words())
            .chain(lx.deadlines.words())
            .chain(lx.concrete_actions.words())
            .chain(lx.clause_words.words())
            .chain(lx.commitment_cues.words())
            .map(str::to_string)
            .collect();
        words.extend(["区", "局长", "建立", "制度", "，", "1", "某", "…", "𠮷", "a", "×", "é"].map(str::to_string));
        let piece = prop_oneof![3 => proptest::sample::select(words), 1 => proptest::char::range('\u{4e00}', '\u{4e80}').prop_map(|c| c.to_string())];
        proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    fn check<L: Label>(list: &WordList<L>, s: &str, keep: impl Fn(&str, L) -> bool + Copy) -> Result<(), TestCaseError> {
        let entries = list.entries();
        prop_assert_eq!(list.contained_in(s, keep), entries.iter().any(|(w, l)| keep(w, *l) && s.contains(w.as_str())));
        prop_assert_eq!(list.starts(s, keep), entries.iter().any(|(w, l)| keep(w, *l) && s.starts_with(w.as_str())));
        let mut fast: Vec<(&str, L, usize)> = list.first_occurrences(s).map(|(w, l, r)| (w, l, r.start)).collect();
        let mut slow: Vec<(&str, L, usize)> = entries.iter().filter_map(|(w, l)| s.find(w.as_str()).map(|at| (w.as_str(), *l, at))).collect();
        fast.sort_by_key(|x| (x.0, x.2));
        slow.sort_by_key(|x| (x.0, x.2));
        prop_assert_eq!(fast, slow);
        // Exact look-ups, of the text and of each of its tails.
        for (b, _) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
            let w = &s[b..];
            let slow: Vec<L> = entries.iter().filter(|(e, _)| e == w).map(|(_, l)| *l).collect();
            prop_assert_eq!(list.labels_of(w).collect::<Vec<L>>(), slow.clone());
            prop_assert_eq!(list.label_of(w), slow.first().copied());
            prop_assert_eq!(list.contains(w), !slow.is_empty());
        }
        // suffix_entry filters by label only.
        let longest_suffix = entries.iter().filter(|(w, l)| keep("", *l) && s.ends_with(w.as_str())).map(|(w, _)| w.as_str()).max_by_key(|w| w.len());
        prop_assert_eq!(list.suffix_entry(s, |l| keep("", l)).map(|e| e.0), longest_suffix);
        Ok(())
    }

    /// The scan of `Index::matches` finds what an Aho-Corasick automaton finds.
    fn same_matches<L: Label>(list: &WordList<L>, s: &str) -> Result<(), TestCaseError> {
        let mut scan: Vec<(usize, usize, usize)> = list.index.matches(s).collect();
        let mut automaton = list.index.matches_by_automaton(s);
        scan.sort_unstable();
        automaton.sort_unstable();
        prop_assert_eq!(scan, automaton, "{:?}", s);
        Ok(())
    }

    /// What `gapped_match` gave before it scanned without building windows: the reference.
    fn gapped_match_plain(pattern: &str, text: &str) -> bool {
        let parts: Vec<&str> = pattern.split('…').filter(|p| !p.is_empty()).collect();
        let Some((first, rest)) = parts.split_first() else {
            return false;
        };
        text.match_indices(first).any(|(at, _)| {
            let mut pos = at + first.len();
            rest.iter().all(|part| {
                let window: String = text[pos..].chars().take_while(|c| !crate::text::punct::is_clause_break(*c)).take(GAP + part.chars().count()).collect();
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

    /// Gapped texts: parts of the gapped entries with random chars and breaks between them.
    fn gapped_text() -> impl Strategy<Value = String> {
        let lx = Lexicons::builtin();
        let mut words: Vec<String> = lx
            .concrete_actions
            .words()
            .chain(lx.clause_words.words())
            .filter(|w| w.contains('…'))
            .flat_map(|w| w.split('…').map(str::to_string).collect::<Vec<_>>())
            .filter(|w| !w.is_empty())
            .collect();
        words.extend(["，", "。", "、", "𠮷", "a", "…"].map(str::to_string));
        let piece = prop_oneof![2 => proptest::sample::select(words), 1 => proptest::char::range('\u{4e00}', '\u{4e10}').prop_map(|c| c.to_string())];
        proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn gapped_matches_as_the_plain_scan(s in gapped_text()) {
            let lx = Lexicons::builtin();
            // The first-char filter of gapped_in passes every text a gapped entry matches in.
            let fast: Vec<&str> = lx.concrete_actions.gapped_in(&s).map(|(w, _)| w).collect();
            let plain: Vec<&str> = lx.concrete_actions.words().filter(|w| w.contains('…') && gapped_match_plain(w, &s)).collect();
            prop_assert_eq!(fast, plain);
            let patterns = lx.concrete_actions.words().chain(lx.clause_words.words()).filter(|w| w.contains('…'));
            for w in patterns.chain(["…", "", "建立…", "…制度", "a…b…c"]) {
                prop_assert_eq!(gapped_match(w, &s), gapped_match_plain(w, &s), "{} in {:?}", w, s);
            }
        }

        #[test]
        fn the_scan_finds_what_an_automaton_finds(s in text()) {
            let lx = Lexicons::builtin();
            same_matches(&lx.owner_affixes, &s)?;
            same_matches(&lx.action_verbs, &s)?;
            same_matches(&lx.posts, &s)?;
            same_matches(&lx.deadlines, &s)?;
            same_matches(&lx.concrete_actions, &s)?;
            same_matches(&lx.clause_words, &s)?;
            same_matches(&lx.commitment_cues, &s)?;
        }

        #[test]
        fn the_first_occurrence_is_the_first_of_the_sorted_ones(s in text()) {
            let lx = Lexicons::builtin();
            type Keep<'k> = &'k dyn Fn(&str, crate::lexicon::labels::CueStrength, &std::ops::Range<usize>) -> bool;
            let keeps: [Keep; 3] = [&|_, _, _| true, &|w, _, _| w.chars().count() > 2, &|_, _, r| r.start % 2 == 1];
            for keep in keeps {
                let slow = lx.commitment_cues.occurrences(&s).into_iter().find(|(w, l, r)| keep(w, *l, r));
                prop_assert_eq!(lx.commitment_cues.first_occurrence(&s, keep), slow);
            }
        }

        #[test]
        fn look_ups_match_scans(s in text()) {
            let lx = Lexicons::builtin();
            check(&lx.owner_affixes, &s, |_, a| a.ends_name())?;
            check(&lx.owner_affixes, &s, |_, _| true)?;
            check(&lx.action_verbs, &s, |w, _| w.is_empty() || w.chars().count() > 1)?;
            check(&lx.posts, &s, |_, _| true)?;
        }
    }
}
