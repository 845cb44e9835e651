//! The grammar of a clause as far as owners need it: where its subject ends and what its
//! predicate opens with (the *head*). A clause reads
//!
//! ```text
//! [connectors, time words, quotes, 【labels】] [subject NP] [time words, adverbs] head …
//! ```
//!
//! and the subject is the longest owner name at the start of the clause that a head follows.
//! The head is read from the characters, not from the segmenter's words, so a cue that word
//! segmentation glued to a name or a preposition (区委|办要, 要于) is still found.

use super::name::MAX_NAME_CHARS;
use super::OwnerFinder;
use crate::lexicon::labels::{Affix, ClauseWord, CueStrength, OwnerClass, SpeechAct, TimeWord};
use crate::text::{punct, Span};

/// What the predicate of a clause opens with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    /// A pledge or demand cue: 要, 将, 必须, 务必… (its strength).
    Cue(CueStrength),
    /// A verb that assigns a task to someone named after it (要求, 请, 责成); the char offset
    /// where what follows the verb begins.
    Directive(usize),
    /// A verb of saying and the speech act it opens; the offset after the verb.
    Speech(SpeechAct, usize),
    /// An assignment: 负责, 牵头, 任, 担任, 为 (X牵头，…; X任组长).
    Assign,
    /// Any other predicate: a task verb, an adverb, a preposition, a negation.
    Action,
}

/// A subject: the names it lists, each with its class.
pub type Names = Vec<(Span, OwnerClass)>;

/// Verbs that assign work to the subject before them (X负责…, X牵头…, X任组长, X为成员).
pub(crate) const ASSIGN_VERBS: &[&str] = &["负责", "牵头", "主抓", "担任", "任", "为"];

/// Words that may stand between a name and its verb as part of the predicate.
const PREDICATE_OPENERS: &[&str] = &[
    "作", "做", "为", "任", "在", "对", "向", "于", "代表", "把", "以", "按", "从", "与", "同", "和", "到", "给", "不", "没", "未", "已", "都", "均", "也",
    "还", "又", "再", "亲自", "具体", "抓",
];

impl OwnerFinder<'_> {
    /// Skips connectors, brackets, quotes, 【labels】 and time words at the start of a clause.
    pub(crate) fn skip_clause_start(&self, pos: usize, limit: usize) -> usize {
        super::memo!(self, clause_start, (pos, limit), self.skip_clause_start_uncached(pos, limit))
    }

    fn skip_clause_start_uncached(&self, mut pos: usize, limit: usize) -> usize {
        for _ in 0..8 {
            if pos >= limit {
                break;
            }
            let rest = self.doc.slice(Span::new(pos, limit));
            let skip = rest.chars().take_while(|c| punct::is_space(*c) || "“”‘’\"[]》：:".contains(*c)).count();
            if skip > 0 {
                pos += skip;
                continue;
            }
            if rest.starts_with('【') {
                if let Some(e) = rest.find('】') {
                    pos += rest[..e].chars().count() + 1;
                    continue;
                }
            }
            if let Some(n) = self.time_word_len(pos, limit) {
                pos += n;
                continue;
            }
            match self.doc.token_at(pos) {
                Some(t) if self.lx.clause_words.has(t.word, ClauseWord::Connector) => pos = t.span.end,
                _ => break,
            }
        }
        pos
    }

    /// The length of a time word (a `t`-tagged token, a lexicon time expression, a year)
    /// at `pos`.
    fn time_word_len(&self, pos: usize, limit: usize) -> Option<usize> {
        super::memo!(self, time_word, (pos, limit), self.time_word_len_uncached(pos, limit))
    }

    fn time_word_len_uncached(&self, pos: usize, limit: usize) -> Option<usize> {
        let rest = self.doc.slice(Span::new(pos, limit));
        let bytes = crate::extract::deadline::time_expression_len(rest);
        if bytes > 0 {
            return Some(rest[..bytes].chars().count());
        }
        let words = &self.lx.deadlines;
        if let Some(w) = words.prefix_entry(rest, |l| l != TimeWord::Not) {
            return Some(w.0.chars().count());
        }
        let t = self.doc.token_at(pos)?;
        let year = t.word.ends_with('年') && t.word.chars().count() <= 5 && t.word.chars().next().is_some_and(|c| c.is_ascii_digit() || "今明去".contains(c));
        (t.tag == "t" || year).then(|| t.span.len())
    }

    /// What the predicate opens with at `pos` (after time words and adverbs), if it opens
    /// a predicate at all.
    pub(crate) fn head_at(&self, pos: usize, limit: usize) -> Option<Head> {
        let (p, rest) = self.predicate_at(pos, limit)?;
        if let Some(head) = self.speech_head(p, rest) {
            return Some(head);
        }
        let lx = self.lx;
        if let Some(strength) = self.cue_at(p, limit) {
            return Some(Head::Cue(strength));
        }
        if ASSIGN_VERBS.iter().any(|w| rest.starts_with(w)) && !rest.starts_with("为了") {
            return Some(Head::Assign);
        }
        let opens = lx.adverbs.prefix_of(rest).is_some()
            || lx.action_verbs.prefix_of(rest).is_some()
            || lx.clause_words.prefix_entry(rest, |l| l == ClauseWord::Preposition).is_some()
            || PREDICATE_OPENERS.iter().any(|w| rest.starts_with(w))
            || p > pos;
        if opens {
            return Some(Head::Action);
        }
        match self.doc.token_at(p) {
            Some(t) if t.tag.starts_with('v') || t.tag.starts_with('d') || t.tag == "p" || t.tag == "a" => Some(Head::Action),
            _ => None,
        }
    }

    /// What [`OwnerFinder::head_at`] gives at `pos` when it is a directive or a verb of
    /// saying, else `None`: the part of it that a reporting frame needs.
    pub(crate) fn speech_head_at(&self, pos: usize, limit: usize) -> Option<Head> {
        let (p, rest) = self.predicate_at(pos, limit)?;
        self.speech_head(p, rest)
    }

    /// Where the predicate at `pos` starts (after up to three time words) and its text to
    /// `limit`; `None` where no predicate can start.
    fn predicate_at(&self, pos: usize, limit: usize) -> Option<(usize, &str)> {
        let mut p = pos;
        for _ in 0..3 {
            match self.time_word_len(p, limit) {
                Some(n) if p + n < limit => p += n,
                _ => break,
            }
        }
        if p >= limit {
            return None;
        }
        let rest = self.doc.slice(Span::new(p, limit));
        if rest.starts_with(['的', '之', '、', '是']) || rest.starts_with(punct::CLAUSE_BREAKS) {
            return None;
        }
        Some((p, rest))
    }

    /// A directive or a verb of saying opening the predicate at `p` (`rest`: its text).
    fn speech_head(&self, p: usize, rest: &str) -> Option<Head> {
        let lx = self.lx;
        if let Some((v, act)) = lx.speech_verbs.prefix_entry(rest, |_| true) {
            return Some(Head::Speech(act, p + v.chars().count()));
        }
        if let Some(v) = lx.directive_verbs.prefix_of(rest) {
            // 要求 as a noun (按照要求, 三点要求) does not stand right after a subject.
            return Some(Head::Directive(p + v.chars().count()));
        }
        // A frame after a phrase of place or time: X在调度会上强调，… / X于会上指出，….
        if rest.starts_with(['在', '于']) {
            let len = rest.char_indices().take(16).take_while(|(_, c)| !punct::is_clause_break(*c)).last().map_or(0, |(b, c)| b + c.len_utf8());
            let window = &rest[..len];
            for (k, _) in window.char_indices().skip(1) {
                let tail = &window[k..];
                if !window[..k].ends_with(['上', '时', '中', '里']) {
                    continue;
                }
                if let Some((v, act)) = lx.speech_verbs.prefix_entry(tail, |_| true) {
                    return Some(Head::Speech(act, p + window[..k].chars().count() + v.chars().count()));
                }
                // X在讲话中要求，… : X demands of others.
                if let Some(v) = lx.directive_verbs.prefix_of(tail).filter(|v| *v != "请") {
                    return Some(Head::Directive(p + window[..k].chars().count() + v.chars().count()));
                }
            }
        }
        None
    }

    /// A pledge cue at `p`, read from the characters: the longest cue of
    /// `commitment_cues.txt` that starts there, unless a `not` compound starts there (要素,
    /// 会议, 将军…). A one-character cue counts only where it does not begin a longer word
    /// of the segmenter that is no cue (要求 is a directive verb, found before).
    pub(crate) fn cue_at(&self, p: usize, limit: usize) -> Option<CueStrength> {
        let rest = self.doc.slice(Span::new(p, limit));
        if self.lx.cue_compounds.prefix_of(rest).is_some() {
            return None;
        }
        let (_, strength) = self.lx.commitment_cues.prefix_entry(rest, |_| true)?;
        Some(strength)
    }

    /// The subject that opens the clause at `start` (after [`OwnerFinder::skip_clause_start`]):
    /// the longest name list a head follows, with the head and where the subject ends.
    pub(crate) fn subject_at(&self, start: usize, limit: usize) -> Option<(Names, Head, usize)> {
        super::memo!(self, subject, (start, limit), self.subject_at_uncached(start, limit))
    }

    fn subject_at_uncached(&self, start: usize, limit: usize) -> Option<(Names, Head, usize)> {
        let first = self.doc.token_at(start).or_else(|| self.doc.token_index_holding(start).map(|i| self.doc.token(i)))?;
        // A clause that opens with a preposition has no subject there (对整改不力的单位…,
        // 经县政府同意, 在区委的领导下).
        if self.lx.clause_words.has(first.word, ClauseWord::Preposition) || first.word == "经" || first.word == "由" {
            return None;
        }
        // An approval: 经县政府同意, 经局党组研究 (经开区 is a name).
        let text = self.doc.slice(Span::new(start, limit));
        if text.starts_with('经') && !text.starts_with("经开") && !text.starts_with("经济") {
            let window: String = text.chars().take(14).collect();
            if ["同意", "研究", "批准", "审定", "审议", "决定"].iter().any(|v| window.contains(v)) {
                return None;
            }
        }
        // A preposition the segmenter glued to what follows (报局|党组 for 报|局党组).
        if let Some((p, _)) = self.lx.clause_words.prefix_entry(text, |l| l == ClauseWord::Preposition) {
            if p.len() < first.word.len() && self.classify(first.word).is_none() {
                return None;
            }
        }
        let end_max = (start + MAX_NAME_CHARS).min(limit);
        // The chars a name may end with, read once: `names` refuses the other ends at once.
        let mut window = ['\0'; MAX_NAME_CHARS];
        for (slot, c) in window.iter_mut().zip(self.doc.slice(Span::new(start, end_max)).chars()) {
            *slot = c;
        }
        for end in (start + 1..=end_max).rev() {
            if !self.may_end_name(&window[..end - start]) {
                continue;
            }
            let Some(names) = self.names(Span::new(start, end)) else {
                continue;
            };
            match self.head_at(end, limit) {
                Some(Head::Action) if self.opens_relative_clause(end, limit) => return None,
                Some(head) => return Some((names, head, end)),
                None => {}
            }
        }
        None
    }

    /// True when the verb at `at` opens a relative clause whose head noun is the real
    /// subject: 巡察组|反馈的问题要逐条整改 (the 问题 are to be handled, not by 巡察组).
    fn opens_relative_clause(&self, at: usize, limit: usize) -> bool {
        let rest = self.doc.slice(Span::new(at, limit));
        if self.lx.clause_words.prefix_entry(rest, |l| l == ClauseWord::Preposition).is_some() {
            return false;
        }
        let Some(de) = rest.chars().take(10).position(|c| c == '的') else {
            return false;
        };
        (at + de + 1..limit).any(|k| self.cue_at(k, limit).is_some())
    }

    /// False when no name ends with the last of `chars` (what [`OwnerFinder::names`] tests
    /// first, on chars already read): its last char ends no name and no person's name, and
    /// none of the last three is a placeholder (某, ×, *).
    pub(super) fn may_end_name(&self, chars: &[char]) -> bool {
        let Some(&last) = chars.last() else {
            return false;
        };
        self.last_chars.contains(last) || self.person_last_chars.contains(last) || chars.iter().rev().take(3).any(|&c| is_placeholder(c))
    }

    /// The names of `span` when it is a name or a list of names (A、B和C), each classified;
    /// `None` unless every part is a name.
    pub(crate) fn names(&self, span: Span) -> Option<Names> {
        let s = self.doc.slice(span);
        let last = s.chars().next_back()?;
        // The quickest test first: most candidates end with no char a name can end with.
        if !self.last_chars.contains(last) && !self.ends_with_person(s) {
            return None;
        }
        // A name ends where a word ends (加强社|会保障 holds no 社) — or inside a word of two
        // characters, not a noun, whose second is a cue the segmenter glued to the name's
        // last character (司法|所要 → 司法所|要), or inside a word of jieba's dictionary that
        // glues a subject to its predicate (领导干部带头 → 干部|带头, 群众|反映): the word
        // starts inside the name and its rest is an adverb, task verb, cue or verb of saying.
        if self.doc.inside_token(span.end) {
            let i = self.doc.token_index_holding(span.end)?;
            let t = self.doc.token(i);
            let glued = t.span.len() == 2 && t.span.end == span.end + 1 && !t.tag.starts_with('n') && t.word.ends_with(['要', '将', '须', '应']);
            let predicate = t.span.start >= span.start && {
                let rest = self.doc.slice(Span::new(span.end, t.span.end));
                let lx = self.lx;
                rest.chars().count() >= 2
                    && (lx.adverbs.contains(rest)
                        || lx.action_verbs.contains(rest)
                        || lx.commitment_cues.contains(rest)
                        || lx.speech_verbs.contains(rest)
                        || lx.directive_verbs.contains(rest))
            };
            if !glued && !predicate {
                return None;
            }
        }
        // A preposition standing as a word of its own ends no name (组织部长陈某|在|调研时指出).
        if matches!(last, '在' | '于' | '向' | '对' | '从' | '把' | '被') && self.is_token(Span::new(span.end - 1, span.end)) {
            return None;
        }
        if !self.starts_like_a_name(span) {
            return None;
        }
        self.split_list(span)
    }

    /// A name starts with a noun-like word: not with a task verb, an adverb or a cue — unless
    /// the verb names what a body does, right before the body: 牵头|单位, 执法|队,
    /// 验收|工作组, 建设|局 (not a task on an object: 加快|数字政府, 报|镇党委).
    fn starts_like_a_name(&self, span: Span) -> bool {
        let lx = self.lx;
        let s = self.doc.slice(span);
        let first = self.doc.token_at(span.start).map(|t| t.word).unwrap_or("");
        // One-character entries count as whole words only (以 is no verb in 以上).
        // A name opens with a noun-like word (a pronoun such as 各 or 我们 included), an owner
        // word, a scope (各, 全体, 其他) or a placeholder (**同志).
        let tag = self.doc.token_at(span.start).map(|t| t.tag).unwrap_or("n");
        let predicative = ["v", "d", "a", "p", "c", "u", "e", "y", "o", "i", "l"].iter().any(|p| tag.starts_with(p));
        let scoped = lx.owner_affixes.prefix_entry(s, |a| a.starts_name()).is_some() || lx.owners.contains(first) || s.starts_with(['*', '×']);
        // A working body's name may open with a verb (整改工作领导小组, 信访化解工作专班), not
        // with a verb of degree (加强组织领导小组 is a task).
        let group = lx.owner_affixes.suffix_entry(s, |a| a == crate::lexicon::labels::Affix::Group).is_some()
            && !lx.clause_words.has(first, ClauseWord::Degree)
            && !lx.commitment_cues.contains(first);
        if group {
            return true;
        }
        if predicative && !scoped && !self.verb_names_a_body(s, first) {
            return false;
        }
        let verb = lx
            .action_verbs
            .prefix_of(s)
            .filter(|v| v.chars().count() > 1 || *v == first)
            .or_else(|| [first].into_iter().find(|w| lx.adverbs.contains(w) || lx.commitment_cues.contains(w)));
        match verb {
            Some(v) => self.body_after(&s[v.len().min(s.len())..]),
            None => true,
        }
    }

    /// True for a verb + the body that does it (牵头单位, 执法队, 验收工作组).
    fn verb_names_a_body(&self, s: &str, first: &str) -> bool {
        !first.is_empty() && s.starts_with(first) && self.body_after(&s[first.len()..])
    }

    /// True when `rest` is the head of a body of people working as a unit, with at most a
    /// modifier before it (工作组, 责任单位, 队) — not a post or a group of people (追究|领导).
    fn body_after(&self, rest: &str) -> bool {
        let rest = ["工作", "责任", "专项", "服务", "管理"].iter().fold(rest, |r, m| r.strip_prefix(m).unwrap_or(r));
        self.lx.owner_affixes.labels_of(rest).any(|a| a.ends_name() && a != Affix::People) && self.lx.posts.suffix_entry(rest, |_| true).is_none()
    }

    fn ends_with_person(&self, s: &str) -> bool {
        // At least two chars; the last three (all of them when there are fewer) and the last
        // two, read from the end once.
        let mut back = s.char_indices().rev();
        let (Some((_, last)), Some((at2, second))) = (back.next(), back.next()) else {
            return false;
        };
        let (at3, third) = back.next().map_or((0, None), |(b, c)| (b, Some(c)));
        if is_placeholder(last) || is_placeholder(second) || third.is_some_and(is_placeholder) {
            return true;
        }
        // Both tails end with the last char of `s`: no prefix ends so, no prefix is either.
        self.person_last_chars.contains(last) && (self.person_prefixes.contains(&s[at3..]) || self.person_prefixes.contains(&s[at2..]))
    }

    /// The subject of a copula that opens the clause `span` (after its connectors):
    /// 各级党组织书记|是|抓党建工作的第一责任人, 县水利局|作为|责任主体 (`clause_words.txt`,
    /// label `copula`). It names the topic the next clauses of the sentence speak of.
    pub(crate) fn copula_subject(&self, span: Span) -> Option<(Span, OwnerClass)> {
        let start = self.skip_clause_start(span.start, span.end);
        let text = self.doc.slice(Span::new(start, span.end));
        for (n, (k, _)) in text.char_indices().enumerate().take(MAX_NAME_CHARS + 1).skip(1) {
            if self.lx.clause_words.prefix_entry(&text[k..], |l| l == ClauseWord::Copula).is_none() {
                continue;
            }
            let name = Span::new(start, start + n);
            if self.can_start_name(name.start, name.end) {
                if let Some(class) = self.classify(&text[..k]) {
                    return Some((name, class));
                }
            }
        }
        None
    }

    /// Splits "A、B和C" into classified names; `None` unless every part is a name.
    pub(crate) fn split_list(&self, span: Span) -> Option<Names> {
        self.split_parts(span).or_else(|| {
            let s = self.doc.slice(span);
            // 市、县两级领导干部: a coordination of levels inside one name; 区文化和旅游局,
            // 人力资源和社会保障局: a coordination of fields inside one unit's name.
            let levels = s.contains("两级") || s.contains("三级") || s.contains("各级");
            let fields =
                s.contains(['和', '与', '及']) && !s.contains(['、', '，', ',']) && !s.starts_with(['和', '与', '及']) && !s.ends_with(['和', '与', '及']);
            let class = self.classify(s)?;
            (levels || fields && class == OwnerClass::Unit).then(|| vec![(span, class)])
        })
    }

    fn split_parts(&self, span: Span) -> Option<Names> {
        let s = self.doc.slice(span);
        if s.is_empty() || s.starts_with(['、', '和', '及', '与']) {
            return None;
        }
        let chars: Vec<char> = s.chars().collect();
        let mut parts = Vec::new();
        let mut part_start = span.start;
        let mut i = 0;
        let mut depth = 0i32;
        while i <= chars.len() {
            let c = chars.get(i).copied();
            match c {
                Some('（' | '(') => depth += 1,
                Some('）' | ')') => depth -= 1,
                _ => {}
            }
            let sep_len = if depth > 0 {
                0
            } else {
                match c {
                    None => 1,
                    // X及其Y is one name (各级政府及其工作人员).
                    Some('及') if chars.get(i + 1) == Some(&'其') => 0,
                    Some('、' | '和' | '及' | '与') => 1,
                    Some('以') if chars.get(i + 1) == Some(&'及') => 2,
                    Some('等') if i + 1 == chars.len() => 1,
                    _ => 0,
                }
            };
            if sep_len > 0 {
                let p = Span::new(part_start, span.start + i);
                if p.is_empty() {
                    return None;
                }
                // 各 distributes over the list: 各学院、部门、单位 = 各学院、各部门、各单位.
                let part = self.doc.slice(p);
                let class =
                    self.classify(part).or_else(|| (!parts.is_empty() && s.starts_with('各')).then(|| self.classify(&format!("各{part}"))).flatten())?;
                parts.push((p, class));
                part_start = span.start + i + sep_len;
                i += sep_len;
                continue;
            }
            i += 1;
        }
        (!parts.is_empty()).then_some(parts)
    }

    /// The longest name list at `start` that runs to the end of its clause (a directive's
    /// object before a colon: 会议要求各乡镇：).
    pub(crate) fn names_to_clause_end(&self, start: usize, limit: usize) -> Option<Names> {
        let s = self.doc.slice(Span::new(start, limit));
        let end = start + s.trim_end_matches(|c: char| punct::is_clause_break(c) || punct::is_space(c)).chars().count();
        (end > start && end - start <= MAX_NAME_CHARS).then(|| self.names(Span::new(start, end))).flatten()
    }
}

/// A char that stands for a person's name left out (王某, 张**, ××同志).
fn is_placeholder(c: char) -> bool {
    matches!(c, '×' | '*' | '某')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::testing::lexicons;
    use crate::doc::Doc;
    use crate::extract::owner::Speaker;

    /// The subject and head of the text read as one clause.
    fn read(text: &str) -> Option<(Vec<String>, Head)> {
        let doc = Doc::for_test(text);
        let sp = Speaker::default();
        let f = OwnerFinder::new(lexicons(), &doc, &sp);
        let limit = doc.text.len();
        let p = f.skip_clause_start(0, limit);
        f.subject_at(p, limit).map(|(names, head, _)| (names.iter().map(|(s, _)| doc.slice(*s).to_string()).collect(), head))
    }

    #[test]
    fn cues_glued_by_segmentation_are_found() {
        // 30 unit names × cues, in our own words: the segmenter glues many of these
        // (区委|办要, 要于, 所要); the subject and the cue must survive.
        let names = ["县委办", "区政府办", "镇司法所", "市综合执法队", "防汛专班", "县档案馆", "区总工会", "镇综治中心", "县供销社", "市考评机构"];
        let cues = ["要", "要于6月底前", "须于9月30日前", "应", "将于年底前", "务必"];
        let mut n = 0;
        for (i, name) in names.iter().enumerate() {
            for cue in cues.iter().skip(i % 2).step_by(2) {
                let text = format!("{name}{cue}完成台账整理。");
                let got = read(&text);
                assert_eq!(got.as_ref().map(|g| g.0.clone()), Some(vec![name.to_string()]), "{text}");
                assert!(matches!(got.map(|g| g.1), Some(Head::Cue(_))), "{text}");
                n += 1;
            }
        }
        assert!(n >= 30, "{n} pairs");
    }

    #[test]
    fn heads_after_a_subject() {
        assert_eq!(read("县委宣传部牵头，8月底前完成。").map(|g| g.1), Some(Head::Assign));
        assert!(matches!(read("区长表示，将全力整改。").map(|g| g.1), Some(Head::Speech(SpeechAct::Pledge, _))));
        assert!(matches!(read("县委书记李明强调，要压实责任。").map(|g| g.1), Some(Head::Speech(SpeechAct::Demand, _))));
        assert!(matches!(read("党委书记张晓要求各支部坚持问题导向。").map(|g| g.1), Some(Head::Directive(_))));
        assert_eq!(read("各村要紧盯汛期隐患。").map(|g| g.0), Some(vec!["各村".to_string()]));
    }

    #[test]
    fn no_subject_where_none_is_written() {
        for t in [
            "对整改不力的单位予以通报。",
            "经县政府同意，印发方案。",
            "巡察组反馈的问题要逐条整改。",
            "加强组织领导。",
            "要压实责任。",
            "在区委的领导下，全力整改。",
        ] {
            assert_eq!(read(t), None, "{t}");
        }
    }

    #[test]
    fn names_that_coordinate_fields_or_divisions() {
        // In our own words: 和/与/及 inside one unit's name, and administrative divisions.
        for (t, want) in [
            ("市人力资源和社会保障局要在6月底前完成核查", "市人力资源和社会保障局"),
            ("县住房和城乡建设局将牵头制定方案", "县住房和城乡建设局"),
            ("各省份要于年底前建立监测平台", "各省份"),
            ("各地市要加强统筹调度", "各地市"),
        ] {
            let (names, _) = read(t).unwrap_or_else(|| panic!("{t}: no subject"));
            assert_eq!(names, [want], "{t}");
        }
        // A post of posts.txt heads a name, after a unit or alone.
        for (t, want) in [("镇卫生院院长要每月查房一次", "镇卫生院院长"), ("财务科科长将逐笔核对", "财务科科长"), ("科长要每周检查一次", "科长")]
        {
            let (names, _) = read(t).unwrap_or_else(|| panic!("{t}: no subject"));
            assert_eq!(names, [want], "{t}");
        }
        // A frame of place before a directive verb: X demands of others.
        for t in ["县长在调度会上要求", "书记在讲话中要求"] {
            assert!(matches!(read(t), Some((_, Head::Directive(_)))), "{t}: {:?}", read(t));
        }
        // 各 distributes over a list of generic words; 各 + a label of owner lines is a set.
        for (t, want) in [("各乡镇、部门、单位要认真自查", &["各乡镇", "部门", "单位"][..]), ("各街道、部门要于月底前报送", &["各街道", "部门"][..])]
        {
            let (names, _) = read(t).unwrap_or_else(|| panic!("{t}: no subject"));
            assert_eq!(names, want, "{t}");
        }
        // A frame of place after a placeholder name: the preposition is not the name's.
        for t in ["宣传部长李某在座谈时强调", "副县长赵某某在检查时要求"] {
            assert!(read(t).is_none_or(|(names, _)| names.iter().all(|n| !n.ends_with('在'))), "{t}: {:?}", read(t));
        }
        // A concessive between the subject and its pledge (就算/即使/哪怕…也要).
        for (t, want) in [("区长即使再难也要把路修通", "区长"), ("我们哪怕再苦再累也要按期完工", "我们")] {
            let (names, _) = read(t).unwrap_or_else(|| panic!("{t}: no subject"));
            assert_eq!(names, [want], "{t}");
        }
        // A verb before a group of people is a task on them, not a body's name.
        for t in ["帮助村民解决出行难问题", "引导群众参与环境整治", "组织党员开展志愿服务"] {
            assert!(read(t).is_none_or(|(names, _)| names.is_empty()), "{t}: {:?}", read(t));
        }
        // A conjunction that opens the phrase is no name's part (与中心工作相结合).
        assert!(read("与中心工作相结合").is_none_or(|(names, _)| names.is_empty()));
        // Two units joined by 和 stay two.
        let (names, _) = read("区委和区政府要带头落实").unwrap();
        assert_eq!(names, ["区委", "区政府"]);
    }
}
