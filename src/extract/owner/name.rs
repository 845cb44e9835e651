//! Owner names: is a stretch of text the name of a unit, a post, a person or a collective,
//! and which? Names are judged by how official Chinese builds them (`owner_affixes.txt`):
//! a head that names an organisation, a post or a group of people (…局, …办, …中心, …专班,
//! …书记, …职工), optionally preceded by a scope (区, 县委, 全体, 各, 其他) — so units no
//! lexicon lists (区消防救援大队, 各数据采集责任单位, 验收工作组) are names too. A name
//! holds no verb of saying or asking and no preposition of its own clause.
//!
//! Vague owners follow SPEC §3's closed definition: 我们/你们/大家, whole communities
//! (全区, 我县), 有关/相关 + 部门/单位, the unqualified 各部门/各单位/各地, 各级 + noun,
//! 广大/全体 + people, and anything under a whole-scope prefix (全市各级各部门); 各 + one
//! defined tier (各乡镇, 各村党支部) and 其他 + a defined group are not vague.

use crate::lexicon::labels::{Affix, OwnerClass, PostKind};
use crate::lexicon::Lexicons;
use crate::text::punct;

/// The longest owner name, in chars.
pub const MAX_NAME_CHARS: usize = 24;

/// Removes bracketed notes: 区政府办公室(区协调办)党组 → 区政府办公室党组; 各县(区) → 各县.
/// A text without brackets is borrowed as it is.
pub fn strip_brackets(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['（', '(', '）', ')']) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::new();
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = (depth - 1).max(0),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The class a name's head (its last word) gives: a post gives `Role`, every other head
/// `Unit`; `None` when the name does not end in a head of `owner_affixes.txt` (or is only
/// a bare ending such as 局 or 单位).
pub fn head_class(lx: &Lexicons, plain: &str) -> Option<OwnerClass> {
    let Some((head, affix)) = lx.owner_affixes.suffix_entry(plain, |a| a.ends_name()) else {
        // A post of `posts.txt` is a head too (派出所所长, 科长), bare or not.
        return lx.posts.suffix_entry(plain, |_| true).filter(|(p, _)| p.chars().count() >= 2).map(|_| OwnerClass::Role);
    };
    let post = lx.posts.suffix_entry(plain, |_| true).is_some();
    // A bare ending (局, 组, 单位) is no name; a bare post (局长, 组长) is.
    if plain == head && matches!(affix, Affix::Ending | Affix::Group | Affix::People) && !(post && head.chars().count() >= 2) {
        return None;
    }
    Some(if post { OwnerClass::Role } else { OwnerClass::Unit })
}

/// True when `name` holds a word that cannot stand inside a name: a verb of asking or
/// saying, a multi-character pledge cue, an assignment (牵头, 负责 — but 负责人 is a post),
/// or a preposition or copula of the clause (由, 把, 向, 是, 从, 给, 被…).
fn holds_clause_words(lx: &Lexicons, name: &str) -> bool {
    // The char tests first: most candidates a clause offers fail them.
    // A one-character cue of the clause: 我区将成立…领导小组 is a clause, not a name.
    let cue = name.contains(['将', '要']) && !name.contains("要素");
    // 于 only inside (于都县 is a name; 各单位于5月底前… is not).
    let preposition = cue
        || name.contains(['由', '把', '向', '是', '从', '给'])
        || name.char_indices().any(|(i, c)| c == '于' && i > 0)
        || (name.contains('被') && !name.starts_with('被') && !name.starts_with("各被"));
    if preposition {
        return true;
    }
    let assigns = name.contains("担任")
        || name.contains("主抓")
        || name.match_indices("负责").any(|(i, _)| !name[i + "负责".len()..].starts_with(['人', '同']))
        || name.match_indices("牵头").any(|(i, _)| {
            // 牵头单位, 牵头部门 are names; X牵头 is an assignment.
            let rest = &name[i + "牵头".len()..];
            rest.is_empty() || lx.owner_affixes.prefix_entry(rest, |a| a.ends_name()).is_none_or(|(w, _)| w.len() != rest.len())
        });
    assigns
        || lx.directive_verbs.contained_in(name, |_, _| true)
        || lx.speech_verbs.contained_in(name, |_, _| true)
        || lx.commitment_cues.contained_in(name, |w, _| w.chars().count() > 1)
}

/// Classifies a candidate owner name; `is_person` tells a person's name (from the
/// segmenter's tags). `None` when it is not an owner name.
pub fn classify_name(lx: &Lexicons, name: &str, is_person: &dyn Fn(&str) -> bool) -> Option<OwnerClass> {
    let n = name.chars().count();
    if n == 0 || n > MAX_NAME_CHARS || name.chars().any(|c| punct::is_clause_break(c) || punct::is_space(c) || matches!(c, '“' | '”' | '《' | '》')) {
        return None;
    }
    if let Some(label) = lx.owners.label_of(name) {
        return Some(label);
    }
    if holds_clause_words(lx, name) {
        return None;
    }
    let plain = strip_brackets(name);
    let plain = plain.trim_start_matches(['*', '×']);
    if plain.is_empty() {
        return None;
    }
    if let Some(label) = lx.owners.label_of(plain) {
        return Some(label);
    }
    // 各 + a label of owner lines names a set the text defines (各牵头部门, 省政府各责任单位):
    // not vague (SPEC §3).
    if let Some(i) = plain.find('各') {
        if lx.owner_labels.contains(&plain[i + '各'.len_utf8()..]) {
            return Some(OwnerClass::Unit);
        }
    }
    // A scope or quantifier before the name: 各, 全体, 其他, 以上…; a qualifier that gives
    // nothing here (县 of 县长) lets the other rules judge the whole.
    if let Some((prefix, affix)) = lx.owner_affixes.prefix_entry(plain, |a| a.starts_name()) {
        if plain.len() > prefix.len() {
            let rest = &plain[prefix.len()..];
            let inner = if lx.owner_affixes.labels_of(rest).any(|a| a.ends_name()) {
                Some(if lx.posts.suffix_entry(rest, |_| true).is_some() { OwnerClass::Role } else { OwnerClass::Unit })
            } else {
                classify_name(lx, rest, is_person).or_else(|| relative_head(lx, rest, is_person))
            };
            match (inner, affix) {
                (Some(inner), Affix::Collective) => return Some(if inner == OwnerClass::Speaker { inner } else { OwnerClass::Collective }),
                (Some(OwnerClass::Collective), Affix::Each) => return Some(OwnerClass::Collective),
                (Some(_), Affix::Each) => return Some(OwnerClass::Unit),
                (Some(inner), _) => return Some(inner),
                (None, Affix::Qualifier) => {}
                (None, _) => return None,
            }
        }
    }
    // A whole community before another name: 全市各级各部门, 全区各乡镇 (vague as a whole).
    if let Some((scope, _)) = lx.owners.prefix_entry(plain, |c| c == OwnerClass::Collective) {
        let rest = &plain[scope.len()..];
        if !rest.is_empty() && rest.starts_with('各') && classify_name(lx, rest, is_person).is_some() {
            return Some(OwnerClass::Collective);
        }
    }
    if plain.contains('的') {
        return relative_head(lx, plain, is_person);
    }
    // A placeholder for a name: **同志, 张××同志, ××局, 李某.
    let placeholder = name.starts_with('*') || name.contains('×') || name.contains('某');
    if placeholder && plain.chars().count() >= 2 {
        let surname_first = lx.surnames.starts(plain, |_, _| true);
        if head_class(lx, plain).is_some() || surname_first {
            return Some(OwnerClass::Person);
        }
    }
    if is_person(plain) {
        return Some(OwnerClass::Person);
    }
    if let Some(c) = post_and_name(lx, plain, is_person) {
        return Some(c);
    }
    head_class(lx, plain)
}

/// 参加竞岗的干部, 被巡察的3个村(社区): a short relative clause before a post or unit.
fn relative_head(lx: &Lexicons, s: &str, is_person: &dyn Fn(&str) -> bool) -> Option<OwnerClass> {
    let (head, tail) = s.rsplit_once('的')?;
    if head.is_empty() || head.chars().count() > 8 || tail.is_empty() {
        return None;
    }
    if lx.owner_affixes.labels_of(tail).any(|a| a.ends_name()) {
        return Some(OwnerClass::Role);
    }
    classify_name(lx, tail, is_person).filter(|c| *c != OwnerClass::Speaker)
}

/// A post followed by a person's name (镇党委书记孙丰云) or a name followed by a post
/// (许德圣书记): a person.
fn post_and_name(lx: &Lexicons, plain: &str, is_person: &dyn Fn(&str) -> bool) -> Option<OwnerClass> {
    let n = plain.chars().count();
    for split in 2..=3usize {
        if n <= split + 1 {
            continue;
        }
        // The last `split` chars, and the chars before them.
        let at = plain.char_indices().nth(n - split).map_or(plain.len(), |(b, _)| b);
        let (head, tail) = plain.split_at(at);
        let plain_word = || lx.adverbs.prefix_of(tail).is_some() || lx.action_verbs.prefix_of(tail).is_some() || lx.commitment_cues.prefix_of(tail).is_some();
        let named_post = lx.posts.suffix_entry(head, |k| k == PostKind::Title).is_some()
            && tail.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
            && lx.surnames.starts(tail, |_, _| true)
            && !plain_word();
        if named_post || (is_person(tail) && head_class(lx, head).is_some()) {
            return Some(OwnerClass::Person);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::testing::lexicons;

    fn class(name: &str) -> Option<OwnerClass> {
        classify_name(lexicons(), name, &|_| false)
    }

    #[test]
    fn units_no_lexicon_lists_are_names() {
        for n in [
            "整改领导小组",
            "牵头单位",
            "验收工作组",
            "各数据采集责任单位",
            "市考评机构",
            "区消防救援大队",
            "综治中心",
            "区总工会",
            "执法队",
            "巡察整改工作专班",
            "县供销社",
            "市档案馆",
            "县妇联",
            "区红十字会",
            "县人民法院",
            "镇退役军人服务站",
            "区委办",
            "镇司法所",
        ] {
            assert!(matches!(class(n), Some(OwnerClass::Unit | OwnerClass::Role)), "{n}: {:?}", class(n));
        }
    }

    #[test]
    fn vague_by_the_closed_definition() {
        for n in [
            "我们",
            "你们",
            "大家",
            "全区",
            "我县",
            "有关部门",
            "相关单位",
            "各部门",
            "各单位",
            "各地",
            "各级党组织",
            "广大党员",
            "全体干部职工",
            "全市各级各部门",
            "全县各级党组织",
            "全区各乡镇",
            "本单位",
            "学校",
        ] {
            assert_eq!(class(n), Some(OwnerClass::Collective), "{n}");
        }
        for n in ["各乡镇", "各街道", "各村党支部", "各社区居委会", "各县(区)", "各县（市、区）政府", "其他班子成员", "各乡镇党委"]
        {
            assert!(matches!(class(n), Some(OwnerClass::Unit | OwnerClass::Role)), "{n}: {:?}", class(n));
        }
    }

    #[test]
    fn people_and_placeholders() {
        assert_eq!(class("张××同志"), Some(OwnerClass::Person));
        assert_eq!(class("**同志"), Some(OwnerClass::Person));
        assert_eq!(class("李某"), Some(OwnerClass::Person));
        assert_eq!(class("镇党委书记孙丰云"), Some(OwnerClass::Person));
        assert_eq!(class("分管领导"), Some(OwnerClass::Role));
    }

    #[test]
    fn not_names() {
        for n in ["局", "单位", "此项工作由区发改局", "区发改局牵头", "经县政府同意", "整改工作", "巡察组反馈的问题", "加强", "县委书记强调"]
        {
            assert_eq!(class(n), None, "{n}");
        }
    }

    proptest::proptest! {
        /// The slices post_and_name reads are the char vectors it used to collect, and a
        /// text without brackets is stripped of nothing.
        #[test]
        fn names_are_split_and_stripped_as_by_chars(s in "[区局长张王某（）()a-c\u{4e00}-\u{4e20}𠮷]{0,10}") {
            let chars: Vec<char> = s.chars().collect();
            for split in 2..=3usize {
                if chars.len() <= split + 1 {
                    continue;
                }
                let at = s.char_indices().nth(chars.len() - split).map_or(s.len(), |(b, _)| b);
                let (head, tail) = s.split_at(at);
                proptest::prop_assert_eq!(head, chars[..chars.len() - split].iter().collect::<String>());
                proptest::prop_assert_eq!(tail, chars[chars.len() - split..].iter().collect::<String>());
            }
            let mut plain = String::new();
            let mut depth = 0i32;
            for c in s.chars() {
                match c {
                    '（' | '(' => depth += 1,
                    '）' | ')' => depth = (depth - 1).max(0),
                    _ if depth == 0 => plain.push(c),
                    _ => {}
                }
            }
            let stripped = strip_brackets(&s);
            proptest::prop_assert_eq!(stripped.as_ref(), plain.as_str());
        }
    }
}
