//! Owners (责任主体): who must do it. Finds units, roles, named people and the speaker's 我 in
//! subject position (区纪委要…), after a verb that assigns a task (要求各支部…, 请…), in
//! 由X牵头/负责, X任组长, and in labelled lines of a 整改方案 (牵头单位：…, 责任单位：…).
//!
//! Names come from `dictionaries/owners.txt` plus the affixes in `owner_affixes.txt`, so
//! units the lexicon lacks (区发改局, 立山经济开发区) are still found. Collective owners
//! (我们, 有关部门, 各单位) are kept but marked, so that the rules can flag them.

use crate::lexicon::labels::{Affix, ClauseWord, PostKind, TimeWord};
use crate::lexicon::Lexicons;
use crate::extract::segment::Token;
use crate::doc::Doc;
use crate::text::Span;
use regex::Regex;
use serde::Serialize;
use std::sync::OnceLock;

pub use crate::lexicon::labels::{OwnerClass, OwnerRole};

/// One responsible subject of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Owner {
    /// The name as written.
    pub text: String,
    /// Its class.
    pub class: OwnerClass,
    /// Lead, cooperating or responsible person, where the text says (牵头单位, 配合单位, 责任人).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<OwnerRole>,
    /// Who 我/他/我们 stands for, where the text says (区委书记, 温春红, 区委).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
    /// True when it comes from the sentence that introduces the list, not the item itself.
    pub inherited: bool,
    /// Char span in the document.
    pub span: Span,
}

impl Owner {
    /// True for a collective or unspecified owner.
    pub fn is_collective(&self) -> bool {
        self.class == OwnerClass::Collective
    }
}

/// Who the speaker is, as the text tells.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Speaker {
    /// The speaker's post (作为区委书记，我…).
    pub role: Option<String>,
    /// The body the speaker represents (我代表区委…).
    pub body: Option<String>,
}

impl Speaker {
    /// Finds the speaker from 作为X，我 / 我代表X / X代表Y作表态发言.
    pub fn find(text: &str) -> Speaker {
        static RE: OnceLock<(Regex, Regex)> = OnceLock::new();
        let (role_re, body_re) = RE.get_or_init(|| {
            (
                Regex::new(r"作为([^，,。；\s]{2,12})[，,]\s*我").expect("speaker role"),
                Regex::new(r"我代表([^，,。；\s]{2,30}?)(?:[，,]|表态|向|对|作|就|讲)").expect("speaker body"),
            )
        });
        let role = role_re.captures(text).map(|c| c[1].to_string());
        let body = body_re
            .captures(text)
            .map(|c| c[1].split(['、', '和']).next().unwrap_or(&c[1]).trim_start_matches("**").to_string());
        Speaker { role, body }
    }

    fn resolve(&self, class: OwnerClass) -> Option<String> {
        match class {
            OwnerClass::Speaker => self.role.clone().or_else(|| self.body.clone()),
            _ => None,
        }
    }
}

/// Finds owners with the lexicons; one per document.
pub struct OwnerFinder<'a> {
    lx: &'a Lexicons,
    doc: &'a Doc,
    speaker: &'a Speaker,
    /// The 2–3 char beginnings of the tokens jieba tags as person names (孙丰云 of 孙丰云作).
    person_prefixes: std::collections::HashSet<String>,
    /// Every char a name can end with (the last chars of owner words and name endings): a
    /// quick test that spares most candidates the full check.
    last_chars: std::collections::HashSet<char>,
}

/// How a clause-initial name relates to what follows it.
#[derive(Debug, PartialEq, Eq)]
enum Position {
    /// The name does what follows (区纪委要…).
    Subject,
    /// The name assigns the task to someone named after the verb (张晓要求各支部…).
    Directive(usize),
    /// The name speaks (王涛表示，…).
    Speech,
}

fn by_whom() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"由([^，,。；;：:\s]{1,24}?)(牵头|负责|组织实施|组织|统筹|主抓|任|担任|分工负责|具体负责|落实)").expect("by whom")
    })
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
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    for (label, role) in lx.owner_labels.entries() {
        for (at, _) in s.match_indices(label.as_str()) {
            if taken.iter().any(|r| r.contains(&at)) {
                continue;
            }
            let after = &s[at + label.len()..];
            let trimmed = after.trim_start_matches([' ', '\u{3000}', '\t']);
            let Some(list) = trimmed.strip_prefix(['：', ':']) else { continue };
            let list_start = s.len() - list.len();
            let end = list.find(['。', '；', ';', '\n']).unwrap_or(list.len());
            taken.push(at..list_start + end);
            let mut names = Vec::new();
            let mut piece_start = list_start;
            let list_end = list_start + end;
            for (i, c) in s[list_start..list_end].char_indices().chain(std::iter::once((end, '，'))) {
                if matches!(c, '，' | ',' | '、' | ' ' | '\u{3000}' | '\t') {
                    let piece = &s[piece_start..list_start + i];
                    if !piece.is_empty() {
                        names.push((piece_start..list_start + i, piece));
                    }
                    piece_start = list_start + i + c.len_utf8();
                }
            }
            out.push(LabelledLine { label: label.as_str(), role: *role, names });
        }
    }
    out
}

impl<'a> OwnerFinder<'a> {
    /// A finder over one document.
    pub fn new(lx: &'a Lexicons, doc: &'a Doc, speaker: &'a Speaker) -> Self {
        let person_prefixes = doc
            .tokens
            .iter()
            .filter(|t| t.tag == "nr")
            .flat_map(|t| {
                let chars: Vec<char> = t.word.chars().collect();
                (2..=3.min(chars.len())).map(move |n| chars[..n].iter().collect::<String>())
            })
            .collect();
        let last_chars = lx
            .owners
            .words()
            .chain(lx.owner_affixes.words())
            .filter_map(|w| w.chars().next_back())
            .chain(['）', ')'])
            .collect();
        OwnerFinder { lx, doc, speaker, person_prefixes, last_chars }
    }

    /// Classifies a candidate name; `None` when it is not an owner name.
    pub fn classify(&self, name: &str) -> Option<OwnerClass> {
        classify_name(self.lx, name, &|s| self.is_person_name(s))
    }

    fn is_person_name(&self, s: &str) -> bool {
        // A 2–3 character token that jieba tags as a person name and that starts with a
        // common surname (jieba tags many non-names nr: 多渠道).
        let n = s.chars().count();
        let surnames = &self.lx.surnames;
        (2..=3).contains(&n)
            && surnames.entries().iter().any(|(w, _)| s.starts_with(w.as_str()))
            && self.person_prefixes.contains(s)
    }

    fn token_at(&self, ch: usize) -> Option<&Token> {
        let i = self.doc.tokens.partition_point(|t| t.span.start < ch);
        self.doc.tokens.get(i).filter(|t| t.span.start == ch)
    }

    /// True when the tokens of `span` can form a name: it starts with a noun-like token,
    /// holds no cue word (将, 要), and holds a verb only before a group word (整改落实工作领导小组).
    fn name_tokens_ok(&self, span: Span) -> bool {
        let i = self.doc.tokens.partition_point(|t| t.span.end <= span.start);
        let toks: Vec<&Token> = self.doc.tokens[i..].iter().take_while(|t| t.span.start < span.end).collect();
        let (Some(first), Some(last)) = (toks.first(), toks.last()) else { return false };
        let owners = &self.lx.owners;
        let affixes = &self.lx.owner_affixes;
        let name = self.doc.text.slice(span);
        let prefixed = affixes
            .entries()
            .iter()
            .any(|(w, l)| l.starts_name() && name.starts_with(w.as_str()));
        let noun_like = |t: &Token| {
            t.tag.starts_with('n') || matches!(t.tag.as_str(), "j" | "x" | "m" | "b" | "s") || owners.contains(&t.word)
        };
        // A surname before a placeholder: 张××同志, 李某.
        let placeholder = name.chars().nth(1).is_some_and(|c| matches!(c, '×' | '*' | '某' | 'X' | 'x'))
            && self.lx.surnames.contains(&name.chars().take(1).collect::<String>());
        if !noun_like(first) && !prefixed && !placeholder && !name.contains('的') {
            return false;
        }
        let verbs = &self.lx.action_verbs;
        let opens_with_verb = verbs.contains(&first.word)
            || verbs.entries().iter().any(|(v, _)| v.chars().count() > 1 && first.word.starts_with(v.as_str()));
        if opens_with_verb || self.lx.adverbs.contains(&first.word) {
            return false;
        }
        // A one-character ending must end a name, not a common word: 大港村 yes, 农村 no.
        let ending = affixes.entries().iter().find(|(w, l)| l.ends_name() && name.ends_with(w.as_str()));
        if let Some((w, _)) = ending {
            if w.chars().count() == 1
                && w != "委"
                && toks.len() == 1
                && last.word.chars().count() == 2
                && last.word.ends_with(w.as_str())
                && last.tag == "n"
                && !owners.contains(&last.word)
            {
                return false;
            }
        }
        // A relative clause before a post: 参加竞岗的干部, 被巡察的3个村(社区).
        let relative = name.contains('的');
        let cues = &self.lx.commitment_cues;
        let group_name = self.lx.owner_affixes.suffix_entry(name, |a| a == Affix::Group).is_some();
        let mut depth = 0;
        let mut prev_word = "";
        for t in &toks {
            if t.word.contains(['（', '(']) {
                depth += 1;
            }
            if depth == 0 {
                if cues.contains(&t.word) || t.word == "是" {
                    return false;
                }
                let passive = prev_word == "被";
                if t.tag == "v" && !group_name && !relative && !passive && !owners.contains(&t.word) && !t.word.ends_with(['组', '部', '办', '委', '局']) {
                    return false;
                }
            }
            if t.word.contains(['）', ')']) {
                depth -= 1;
            }
            prev_word = t.word.as_str();
        }
        true
    }

    /// The person name the segmenter found starting at `ch`, if any (组长|杨文明|主持).
    pub fn person_at(&self, ch: usize) -> Option<&str> {
        self.token_at(ch).filter(|t| t.tag == "nr" && self.is_person_name(&t.word)).map(|t| t.word.as_str())
    }

    /// True when a name may span `start..end` (token-wise; see `name_tokens_ok`).
    pub fn can_start_name(&self, start: usize, end: usize) -> bool {
        self.token_at(start).is_some() && self.name_tokens_ok(Span::new(start, end))
    }

    /// Token boundaries (char offsets) inside `span`, in order.
    fn boundaries(&self, span: Span) -> Vec<usize> {
        let i = self.doc.tokens.partition_point(|t| t.span.end <= span.start);
        self.doc.tokens[i..]
            .iter()
            .take_while(|t| t.span.end <= span.end)
            .map(|t| t.span.end)
            .collect()
    }

    fn make(&self, span: Span, class: OwnerClass, role: Option<OwnerRole>) -> Owner {
        let text = self.doc.text.slice(span).to_string();
        let resolved = match class {
            OwnerClass::Person if matches!(text.as_str(), "他" | "她") => self.person_before(span.start),
            OwnerClass::Collective if text.starts_with('我') => self.speaker.body.clone(),
            _ => self.speaker.resolve(class),
        };
        Owner { text, class, role, resolved, inherited: false, span }
    }

    /// The nearest person name before `ch` (for 他/她).
    fn person_before(&self, ch: usize) -> Option<String> {
        let i = self.doc.tokens.partition_point(|t| t.span.end <= ch);
        self.doc.tokens[..i]
            .iter()
            .rev()
            .take(60)
            .find(|t| t.tag == "nr" && t.word.chars().count() >= 2)
            .map(|t| t.word.clone())
    }

    /// Owner names (or lists of names: 各支部、各科室) starting at `start` and ending on a
    /// token boundary within 26 chars, longest first.
    fn name_lists_at(&self, start: usize, limit: usize) -> Vec<(usize, Vec<(Span, OwnerClass)>)> {
        let end = (start + 26).min(limit);
        let mut found = Vec::new();
        let mut ends = self.boundaries(Span::new(start, end));
        // A post followed by a name the segmenter glued to the next word (书记孙丰云作…).
        let s = self.doc.text.slice(Span::new(start, end));
        for post in self.lx.posts.with_label(PostKind::Title) {
            let mut from = 0;
            while let Some(p) = s[from..].find(post) {
                let at = start + s[..from + p].chars().count() + post.chars().count();
                for k in [2, 3] {
                    if at + k <= end && !ends.contains(&(at + k)) {
                        ends.push(at + k);
                    }
                }
                from += p + post.len();
            }
        }
        ends.sort_unstable();
        for b in ends {
            let last = self.doc.text.char(b.saturating_sub(1)).unwrap_or(' ');
            let candidate = self.doc.text.slice(Span::new(start, b));
            let person_end = candidate.chars().count() >= 2 && {
                let tail: String = candidate.chars().rev().take(3).collect::<Vec<_>>().into_iter().rev().collect();
                let tail2: String = tail.chars().skip(tail.chars().count().saturating_sub(2)).collect();
                self.person_prefixes.contains(&tail) || self.person_prefixes.contains(&tail2) || tail.contains(['×', '*'])
            };
            if !self.last_chars.contains(&last) && !person_end {
                continue;
            }
            if !self.name_tokens_ok(Span::new(start, b)) {
                continue;
            }
            if let Some(parts) = self.split_list(Span::new(start, b)) {
                found.push((b, parts));
            }
        }
        found.reverse();
        found
    }

    /// The longest name at `start` that stands as a subject (or assigns a task), with how.
    fn subject_at(&self, start: usize, limit: usize) -> Option<(Vec<(Span, OwnerClass)>, Position)> {
        self.name_lists_at(start, limit)
            .into_iter()
            .find_map(|(end, parts)| self.position_after(end, limit).map(|p| (parts, p)))
    }

    /// Splits "A、B和C" into classified names; `None` unless every part is a name.
    fn split_list(&self, span: Span) -> Option<Vec<(Span, OwnerClass)>> {
        let s = self.doc.text.slice(span);
        if s.is_empty() || s.starts_with(['、', '和', '及', '与']) {
            return None;
        }
        let mut parts = Vec::new();
        let mut part_start = span.start;
        let chars: Vec<char> = s.chars().collect();
        let mut i = 0;
        let mut depth = 0;
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
                    Some('等') => 1,
                    _ => 0,
                }
            };
            if sep_len > 0 {
                let p = Span::new(part_start, span.start + i);
                if !p.is_empty() {
                    let class = self.classify(self.doc.text.slice(p))?;
                    parts.push((p, class));
                } else if c.is_some() {
                    return None;
                }
                part_start = span.start + i + sep_len;
                i += sep_len;
                continue;
            }
            i += 1;
        }
        if parts.is_empty() {
            None
        } else {
            Some(parts)
        }
    }

    /// How a name ending at `end` relates to what follows.
    fn position_after(&self, end: usize, limit: usize) -> Option<Position> {
        let mut pos = end;
        // Time words between subject and verb: 甘谷县政府2020年将…, 我今年一定….
        let time_words = &self.lx.deadlines;
        for _ in 0..3 {
            let rest = self.doc.text.slice(Span::new(pos, limit));
            if let Some(w) = time_words.prefix_of(rest).filter(|w| time_words.label_of(w) != Some(TimeWord::Not)) {
                pos += w.chars().count();
                continue;
            }
            match self.token_at(pos) {
                Some(t) if t.tag == "t" || t.tag == "m" || t.word.ends_with('年') && t.word.chars().count() <= 5 => {
                    pos = t.span.end
                }
                _ => break,
            }
        }
        if pos >= limit {
            return None;
        }
        let rest = self.doc.text.slice(Span::new(pos, limit));
        // A time word after a name marks the predicate: 局党组每半年专题研究….
        if pos > end && !rest.starts_with(['的', '之', '，', ',', '、', '。']) {
            return Some(Position::Subject);
        }
        let Some(tok) = self.token_at(pos) else {
            // Inside a token the segmenter glued to the name: judge by the text alone.
            let lx = self.lx;
            return if lx.directive_verbs.prefix_of(rest).is_some() {
                lx.directive_verbs.prefix_of(rest).map(|v| Position::Directive(pos + v.chars().count()))
            } else if lx.speech_verbs.prefix_of(rest).is_some() {
                Some(Position::Speech)
            } else if lx.adverbs.prefix_of(rest).is_some()
                || lx.action_verbs.prefix_of(rest).is_some()
                || ["作", "做", "为", "任", "将", "要", "在", "对", "向", "于", "代表", "承诺"].iter().any(|w| rest.starts_with(w))
            {
                Some(Position::Subject)
            } else {
                None
            };
        };
        if rest.starts_with(['的', '之', '，', ',', '、', '是', '。']) {
            return None;
        }
        if let Some(v) = self.lx.directive_verbs.prefix_of(rest) {
            return Some(Position::Directive(pos + v.chars().count()));
        }
        if self.lx.speech_verbs.prefix_of(rest).is_some() {
            return Some(Position::Speech);
        }
        // A relative clause is no subject: 巡察组反馈的问题.
        if self.token_at(tok.span.end).is_some_and(|t| t.word == "的") {
            return None;
        }
        let cue = &self.lx.commitment_cues;
        if cue.contains(&tok.word)
            || ["任", "为", "担任", "作为"].iter().any(|w| rest.starts_with(w))
            || self.lx.adverbs.prefix_of(rest).is_some()
            || self.lx.action_verbs.prefix_of(rest).is_some()
            || tok.tag.starts_with('v')
            || tok.tag.starts_with('d')
            || tok.tag.starts_with('a')
            || tok.tag == "p"
        {
            return Some(Position::Subject);
        }
        None
    }

    /// Skips connectors, brackets, quotes and time words at the start of a clause.
    fn skip_clause_start(&self, mut pos: usize, limit: usize) -> usize {
        for _ in 0..6 {
            let rest = self.doc.text.slice(Span::new(pos, limit));
            let skip = rest
                .chars()
                .take_while(|c| c.is_whitespace() || "“”‘’\"[]》：:".contains(*c))
                .count();
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
            match self.token_at(pos) {
                Some(t) if t.tag == "t" || self.lx.clause_words.has(&t.word, ClauseWord::Connector) => {
                    pos = t.span.end
                }
                _ => break,
            }
        }
        pos
    }

    /// Owners named in `region` (an item's own text or a sentence).
    pub fn find(&self, region: Span) -> Vec<Owner> {
        let mut out: Vec<Owner> = Vec::new();
        let s = self.doc.text.slice(region);
        let chars: Vec<char> = s.chars().collect();
        // Clause starts: the region start and after each clause break.
        let mut starts = vec![region.start];
        for (i, &c) in chars.iter().enumerate() {
            if matches!(c, '，' | ',' | '。' | '；' | ';' | '：' | ':' | '！' | '？' | '“' | '\n') {
                starts.push(region.start + i + 1);
            }
        }
        for &cs in &starts {
            let limit = clause_end(&chars, cs - region.start) + region.start;
            let p = self.skip_clause_start(cs, limit);
            if p >= limit {
                continue;
            }
            let rest = self.doc.text.slice(Span::new(p, limit));
            if let Some(v) = self.lx.directive_verbs.prefix_of(rest) {
                self.push_object(&mut out, p + v.chars().count(), limit);
                continue;
            }
            match self.subject_at(p, limit) {
                Some((parts, Position::Subject)) => {
                    for (span, class) in parts {
                        push_unique(&mut out, self.make(span, class, None));
                    }
                }
                Some((_, Position::Directive(after))) => self.push_object(&mut out, after, limit),
                _ => {}
            }
        }
        // Directive verbs inside a clause: 党委书记张晓要求各支部….
        for (word, _) in self.lx.directive_verbs.entries() {
            let mut from = 0;
            while let Some(pos) = s[from..].find(word.as_str()) {
                let at = region.start + s[..from + pos].chars().count();
                let after = at + word.chars().count();
                from += pos + word.len();
                let limit = clause_end(&chars, after - region.start) + region.start;
                self.push_object(&mut out, after, limit);
            }
        }
        // 由X牵头/负责, 由我任组长.
        for c in by_whom().captures_iter(s) {
            let m = c.get(1).expect("group");
            let start = region.start + s[..m.start()].chars().count();
            let span = Span::new(start, start + m.as_str().chars().count());
            if let Some(parts) = self.split_list(span) {
                let role = if &c[2] == "牵头" { Some(OwnerRole::Lead) } else { None };
                for (p, class) in parts {
                    push_unique(&mut out, self.make(p, class, role));
                }
            }
        }
        // Labelled lines.
        for line in labelled_lines(self.lx, s) {
            for (range, name) in line.names {
                let start = region.start + s[..range.start].chars().count();
                let span = Span::new(start, start + name.chars().count());
                let class = self.classify(name).unwrap_or(OwnerClass::Unit);
                push_unique(&mut out, self.make(span, class, Some(line.role)));
            }
        }
        // A name inside a longer one found at the same place is the same owner (区政府 in 区政府办).
        let spans: Vec<Span> = out.iter().map(|o| o.span).collect();
        out.retain(|o| !spans.iter().any(|s| *s != o.span && s.contains(&o.span)));
        out.sort_by_key(|o| o.span.start);
        out
    }

    fn push_object(&self, out: &mut Vec<Owner>, at: usize, limit: usize) {
        let p = self.skip_clause_start(at, limit);
        let parts = match self.subject_at(p, limit) {
            Some((parts, Position::Subject)) => Some(parts),
            _ => self.name_lists_at(p, limit).into_iter().next().map(|(_, parts)| parts),
        };
        for (span, class) in parts.unwrap_or_default() {
            push_unique(out, self.make(span, class, None));
        }
    }

    /// Where the subject that opens `span` ends (区纪委|要…, 党组书记|严格履行…), if it opens
    /// with one.
    pub fn leading_subject_end(&self, span: Span) -> Option<usize> {
        let chars: Vec<char> = self.doc.text.slice(span).chars().collect();
        let limit = span.start + clause_end(&chars, 0);
        let p = self.skip_clause_start(span.start, limit);
        match self.subject_at(p, limit) {
            Some((parts, Position::Subject)) => parts.last().map(|(s, _)| s.end),
            _ => None,
        }
    }

    /// Owners of the sentence that introduces a list: the subject of a speaker's own pledge
    /// (他提出，一是… / X作表态发言，一是…), none when the lead-in states demands (提出三点要求：).
    pub fn find_in_intro(&self, intro: Span) -> Vec<Owner> {
        let s = self.doc.text.slice(intro);
        if s.contains("要求") {
            return Vec::new();
        }
        let mut owners = self.find(intro);
        if owners.is_empty() {
            // A speaker's lead-in: 王涛表示， / 孙丰云作表态发言，
            let p = self.skip_clause_start(intro.start, intro.end);
            let limit = intro.end;
            if let Some((parts, _)) = self.subject_at(p, limit) {
                for (span, class) in parts {
                    push_unique(&mut owners, self.make(span, class, None));
                }
            }
        }
        for o in &mut owners {
            o.inherited = true;
        }
        owners
    }
}

fn clause_end(chars: &[char], from: usize) -> usize {
    chars
        .iter()
        .enumerate()
        .skip(from)
        .find(|(_, &c)| matches!(c, '，' | ',' | '。' | '；' | ';' | '：' | ':' | '！' | '？' | '\n' | '”'))
        .map(|(i, _)| i)
        .unwrap_or(chars.len())
}

fn push_unique(out: &mut Vec<Owner>, o: Owner) {
    if !out.iter().any(|x| x.text == o.text) {
        out.push(o);
    }
}

/// Removes bracketed notes: 区政府办公室(区协调办)党组 → 区政府办公室党组.
fn strip_brackets(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Classifies a candidate owner name with the lexicons; `is_person` tells a person's name.
pub fn classify_name(lx: &Lexicons, name: &str, is_person: &dyn Fn(&str) -> bool) -> Option<OwnerClass> {
    let n = name.chars().count();
    if n == 0 || n > 24 || name.contains(['，', ',', '。', '；', '：', '“', '”', ' ', '《', '》']) {
        return None;
    }
    // A name holds no verb of asking or saying (党委书记张晓要求各支部 is two clauses).
    let verbs_inside = lx
        .directive_verbs
        .words()
        .chain(lx.speech_verbs.words())
        .chain(lx.commitment_cues.words().filter(|w| w.chars().count() > 1))
        .any(|w| name.contains(w));
    // Nor an assignment (县委组织部负责干部…, 区发改局牵头): 负责人 and 负责同志 are posts.
    let assigns = name.contains("牵头") || name.contains("担任") || name.contains("主抓")
        || name.match_indices("负责").any(|(i, _)| !name[i + "负责".len()..].starts_with(['人', '同']));
    if assigns {
        return None;
    }
    // Nor a preposition or copula: 此项工作由区发改局, 该是党委.
    if verbs_inside || name.contains(['由', '把', '向', '是', '从', '给', '被']) && !name.starts_with('被') && !name.starts_with("各被") {
        return None;
    }
    let owners = &lx.owners;
    if let Some(label) = owners.label_of(name) {
        return Some(label);
    }
    let plain = strip_brackets(name);
    let plain = plain.trim_start_matches('*').trim_start_matches('×');
    if let Some(label) = owners.label_of(plain) {
        return Some(label);
    }
    let affixes = &lx.owner_affixes;
    for (prefix, label) in affixes.entries() {
        if label.starts_name() && plain.starts_with(prefix.as_str()) && plain.len() > prefix.len() {
            let rest = &plain[prefix.len()..];
            let bare_suffix = affixes.entries().iter().any(|(w, l)| l.ends_name() && w == rest);
            if bare_suffix {
                return Some(if *label == Affix::Collective { OwnerClass::Collective } else { OwnerClass::Role });
            }
            let inner = classify_name(lx, rest, is_person)
                .or_else(|| (rest.chars().count() >= 2 && rest.contains('的')).then(|| {
                    let tail = rest.rsplit('的').next().unwrap_or(rest);
                    classify_name(lx, tail, is_person)
                }).flatten())?;
            return Some(if *label == Affix::Collective { OwnerClass::Collective } else { inner });
        }
    }
    if let Some((head, tail)) = plain.split_once('的') {
        // 参加竞岗的干部: a short relative clause before a post or unit.
        if head.chars().count() <= 8 && !tail.contains('的') && !head.is_empty() {
            let bare = lx.owner_affixes.entries().iter().any(|(w, l)| l.ends_name() && w == tail);
            if bare {
                return Some(OwnerClass::Role);
            }
            return classify_name(lx, tail, is_person).filter(|c| *c != OwnerClass::Speaker);
        }
        return None;
    }
    // A placeholder for a name: **同志, 张××同志, ××局.
    let placeholder = name.starts_with('*') || name.contains('×') || name.contains("某");
    if placeholder
        && plain.chars().count() >= 2
        && affixes.entries().iter().any(|(w, l)| l.ends_name() && plain.ends_with(w.as_str()))
    {
        return Some(OwnerClass::Person);
    }
    if is_person(plain) {
        return Some(OwnerClass::Person);
    }
    // A post followed by a name: 镇党委书记孙丰云; a name followed by a post: 许德圣书记.
    for split in 2..=3usize {
        let chars: Vec<char> = plain.chars().collect();
        if chars.len() > split + 1 {
            let head: String = chars[..chars.len() - split].iter().collect();
            let tail: String = chars[chars.len() - split..].iter().collect();
            let surnames = &lx.surnames;
            let plain_word = lx.adverbs.prefix_of(&tail).is_some() || lx.action_verbs.prefix_of(&tail).is_some() || lx.commitment_cues.prefix_of(&tail).is_some();
            let named_post = lx.posts.with_label(PostKind::Title).any(|p| head.ends_with(p))
                && tail.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
                && surnames.entries().iter().any(|(w, _)| tail.starts_with(w.as_str()))
                && !plain_word;
            if named_post || is_person(&tail) && affixes.entries().iter().any(|(w, l)| l.ends_name() && head.ends_with(w.as_str())) {
                return Some(OwnerClass::Person);
            }
        }
    }
    let suffix = affixes.entries().iter().find(|(w, l)| l.ends_name() && plain.ends_with(w.as_str()))?;
    if plain == suffix.0 && matches!(suffix.1, Affix::Ending | Affix::Group) {
        // A bare ending (局, 组, 单位) is no name.
        return None;
    }
    Some(if lx.posts.entries().iter().any(|(p, _)| plain.ends_with(p.as_str())) {
        OwnerClass::Role
    } else {
        OwnerClass::Unit
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owners(text: &str) -> Vec<String> {
        let doc = Doc::for_test(text);
        let sp = Speaker::find(text);
        let f = OwnerFinder::new(crate::doc::testing::lexicons(), &doc, &sp);
        f.find(Span::new(0, doc.text.len())).into_iter().map(|o| o.text).collect()
    }

    #[test]
    fn subject_before_modal() {
        assert_eq!(owners("另一方面，区纪委要种好责任田。"), ["区纪委"]);
        assert_eq!(owners("会议一结束，**区委将立即召开专题会议。"), ["**区委"]);
        assert_eq!(owners("王涛表示，区政府办公室(区协调办)党组将全盘认领整改清单。"), ["区政府办公室(区协调办)党组"]);
    }

    #[test]
    fn lead_by_and_group_roles() {
        let o = owners("我区将成立领导小组，由我任组长，**同志任副组长，其他区委常委同志为成员。");
        for w in ["我区", "我", "**同志", "其他区委常委同志"] {
            assert!(o.contains(&w.to_string()), "{w} missing in {o:?}");
        }
        assert_eq!(owners("此项工作由区发改局牵头。"), ["区发改局"]);
    }

    #[test]
    fn directive_gives_the_object() {
        assert_eq!(owners("党委书记张晓要求各支部、各科室坚持问题导向。"), ["各支部", "各科室"]);
        assert_eq!(owners("请以上责任单位加快工作节奏。"), ["以上责任单位"]);
    }

    #[test]
    fn labelled_lines() {
        let o = owners("牵头单位：区发改局\n责任单位：立山经济开发区，各街道");
        assert_eq!(o, ["区发改局", "立山经济开发区", "各街道"]);
    }

    #[test]
    fn no_owner_is_invented() {
        assert!(owners("认真对待，始终保持政治上的警醒和坚定。").is_empty());
        assert!(owners("加快数字政府建设。").is_empty());
        assert!(owners("巡察组反馈的问题要逐条整改。").is_empty());
    }

    #[test]
    fn collective_names() {
        let lx = Lexicons::builtin();
        let no = |_: &str| false;
        assert_eq!(classify_name(&lx, "我们", &no), Some(OwnerClass::Collective));
        assert_eq!(classify_name(&lx, "各支部", &no), Some(OwnerClass::Collective));
        assert_eq!(classify_name(&lx, "有关部门", &no), Some(OwnerClass::Collective));
        assert_eq!(classify_name(&lx, "区发改局", &no), Some(OwnerClass::Unit));
        assert_eq!(classify_name(&lx, "分管领导", &no), Some(OwnerClass::Role));
        assert_eq!(classify_name(&lx, "局", &no), None);
    }

    #[test]
    fn speaker_is_resolved() {
        let s = Speaker::find("我代表区委、区政府表态。作为区委书记，我一定做到。");
        assert_eq!(s.role.as_deref(), Some("区委书记"));
        assert_eq!(s.body.as_deref(), Some("区委"));
    }
}
