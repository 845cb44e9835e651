//! Owners (责任主体): who must do it, read from the grammar of the clause (SPEC §3):
//!
//! * the **subject** of a clause — the name before its predicate, whatever its words
//!   ([`clause`], [`name`]): 区纪委要…, 区消防救援大队将…, 各数据采集责任单位须…;
//! * within a sentence (up to 。！？) a clause without a subject takes the subject of the
//!   nearest clause before it; never across 。;
//! * **reporting frames** by speech act: in a directive frame (会议强调…, X指出：一要…) X
//!   demands of others and owns nothing, and "X要求Y…" gives Y; in a commissive frame
//!   (X表示/表态/承诺…) X pledges, unless the clause names its own subject;
//! * 由X牵头/负责, and the labelled lines of a 整改方案 (牵头单位：…, 责任单位：…)
//!   ([`labelled`]);
//! * 请 with no one named after it: the addressees of the document (the salutation of a
//!   notice, or the 你们 it is sent to).
//!
//! Not owners: the target of 对 (对整改不力的单位予以通报), an approval (经X同意), a recipient
//! (报送区委), a possessor (发挥纪委的作用) — none stands in subject position.
//! Collective owners (我们, 有关部门, 各单位) are kept but marked, so that the rules can flag
//! them.

pub mod clause;
pub mod labelled;
pub mod name;
pub mod speaker;

pub use crate::lexicon::labels::{OwnerClass, OwnerRole};
pub use labelled::{labelled_lines, LabelledLine};
pub use name::classify_name;
pub use speaker::Speaker;

use crate::doc::Doc;
use crate::lexicon::labels::SpeechAct;
use crate::lexicon::Lexicons;
use crate::text::{punct, Span};
use clause::Head;
pub use clause::Names;
use serde::Serialize;

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

/// Finds owners in a document; one per document.
pub struct OwnerFinder<'a> {
    lx: &'a Lexicons,
    doc: &'a Doc,
    speaker: &'a Speaker,
    /// The 2–3 char beginnings of the tokens jieba tags as person names (孙丰云 of 孙丰云作).
    person_prefixes: rustc_hash::FxHashSet<String>,
    /// Every char a name can end with (the last chars of owner words and name heads): a quick
    /// test that spares most candidates the full check.
    last_chars: crate::text::CharSet,
    /// The last chars of `person_prefixes`: a text ending otherwise is none of them.
    person_last_chars: crate::text::CharSet,
    /// Whom the document addresses (the salutation of a notice, or 你们), for 请….
    addressees: Names,
    /// What the pure look-ups below gave, by their arguments: subject_at, time_word_len and
    /// skip_clause_start are asked about the same places again and again (every clause
    /// start, every possible end of a name), and their answers depend on the document only.
    memo: std::cell::RefCell<Memo>,
}

/// A clause's subject: its names, its head and where it ends (char offset).
type Subject = (Names, Head, usize);

/// The answers of [`OwnerFinder`]'s pure look-ups, by argument.
#[derive(Default)]
struct Memo {
    subject: rustc_hash::FxHashMap<(usize, usize), Option<Subject>>,
    time_word: rustc_hash::FxHashMap<(usize, usize), Option<usize>>,
    clause_start: rustc_hash::FxHashMap<(usize, usize), usize>,
    classify: rustc_hash::FxHashMap<Box<str>, Option<OwnerClass>>,
}

/// The most answers a memo table keeps: a table that fills up starts again, so a long
/// document costs no more memory than a short one (the stages ask about nearby places).
pub(crate) const MEMO_LIMIT: usize = 1 << 14;

/// Looks `key` up in a memo table of `finder`, else computes it with `f` and keeps it.
macro_rules! memo {
    ($finder:expr, $table:ident, $key:expr, $f:expr) => {{
        let key = $key;
        if let Some(v) = $finder.memo.borrow().$table.get(&key) {
            return v.clone();
        }
        let v = $f;
        let mut memo = $finder.memo.borrow_mut();
        if memo.$table.len() >= $crate::extract::owner::MEMO_LIMIT {
            memo.$table.clear();
        }
        memo.$table.insert(key, v.clone());
        v
    }};
}
pub(crate) use memo;

/// What one clause says about owners.
struct ClauseOwners {
    /// The owners the clause gives its item.
    owners: Names,
    /// The subject later clauses of the sentence inherit, if it changes.
    carry: Carry,
}

/// What the next clause of the sentence may inherit.
enum Carry {
    /// Keep what was carried.
    Keep,
    /// Carry these names from now on.
    Names(Names),
    /// Carry nothing: a directive frame's speaker owns nothing.
    Nothing,
}

impl<'a> OwnerFinder<'a> {
    /// A finder over one document.
    pub fn new(lx: &'a Lexicons, doc: &'a Doc, speaker: &'a Speaker) -> Self {
        let person_prefixes: rustc_hash::FxHashSet<String> = doc
            .tokens()
            .filter(|t| t.tag == "nr")
            .flat_map(|t| {
                let chars: Vec<char> = t.word.chars().collect();
                (2..=3.min(chars.len())).map(move |n| chars[..n].iter().collect::<String>())
            })
            .collect();
        let last_chars = lx
            .owners
            .words()
            .chain(lx.owner_affixes.entries().iter().filter(|(_, a)| a.ends_name()).map(|(w, _)| w.as_str()))
            .filter_map(|w| w.chars().next_back())
            .chain(['）', ')', '某'])
            .collect();
        let person_last_chars = person_prefixes.iter().filter_map(|p| p.chars().next_back()).collect();
        let mut f = OwnerFinder { lx, doc, speaker, person_prefixes, last_chars, person_last_chars, addressees: Vec::new(), memo: Default::default() };
        f.addressees = f.find_addressees();
        f
    }

    /// Classifies a candidate name; `None` when it is not an owner name.
    pub fn classify(&self, name: &str) -> Option<OwnerClass> {
        if let Some(v) = self.memo.borrow().classify.get(name) {
            return *v;
        }
        let v = classify_name(self.lx, name, &|s| self.is_person_name(s));
        let mut memo = self.memo.borrow_mut();
        if memo.classify.len() >= MEMO_LIMIT {
            memo.classify.clear();
        }
        memo.classify.insert(name.into(), v);
        v
    }

    fn is_person_name(&self, s: &str) -> bool {
        // A 2–3 character token that jieba tags as a person name and that starts with a
        // common surname (jieba tags many non-names nr: 多渠道).
        let n = s.chars().count();
        (2..=3).contains(&n) && self.lx.surnames.starts(s, |_, _| true) && self.person_prefixes.contains(s)
    }

    /// The person name the segmenter found starting at `ch`, if any (组长|杨文明|主持).
    pub fn person_at(&self, ch: usize) -> Option<&str> {
        self.doc.token_at(ch).filter(|t| t.tag == "nr" && self.is_person_name(t.word)).map(|t| t.word)
    }

    /// True when a name may span `start..end`.
    pub fn can_start_name(&self, start: usize, end: usize) -> bool {
        self.doc.token_at(start).is_some() && self.names(Span::new(start, end)).is_some()
    }

    /// True when `span` (char offsets) is exactly one segmentation token: a one-character
    /// entry of a lexicon matches only so (任 of 由局长任组长, not of 主任).
    pub fn is_token(&self, span: Span) -> bool {
        self.doc.token_at(span.start).is_some_and(|t| t.span == span)
    }

    /// An owner at `span` of class `class` (for stages that find owners by structure).
    pub fn owner_at(&self, span: Span, class: OwnerClass) -> Owner {
        self.make(span, class, None)
    }

    fn make(&self, span: Span, class: OwnerClass, role: Option<OwnerRole>) -> Owner {
        let text = self.doc.slice(span).to_string();
        let resolved = match class {
            OwnerClass::Person if matches!(text.as_str(), "他" | "她") => self.person_before(span.start),
            OwnerClass::Collective if text.starts_with('我') => self.speaker.body.clone(),
            _ => self.speaker.resolve(class),
        };
        Owner { text, class, role, resolved, inherited: false, span }
    }

    /// The nearest person name before `ch` (for 他/她).
    fn person_before(&self, ch: usize) -> Option<String> {
        self.doc.tokens_before(ch).take(60).find(|t| t.tag == "nr" && t.word.chars().count() >= 2).map(|t| t.word.to_string())
    }

    /// The addressees of the document: the names of a salutation line among its first
    /// paragraphs (各乡镇人民政府，县直各部门：), else 你们 where the text says it.
    fn find_addressees(&self) -> Names {
        for &p in self.doc.paragraphs.iter().take(3) {
            let s = self.doc.slice(p);
            if !s.ends_with(punct::COLONS) || s.chars().count() > 60 {
                continue;
            }
            let mut names = Vec::new();
            let body = Span::new(p.start, p.end - 1);
            for c in punct::clauses(&self.doc.text, body) {
                let c = Span::new(c.start, c.end - usize::from(self.doc.text.char(c.end - 1).is_some_and(punct::is_clause_break)));
                match self.names(c) {
                    Some(n) => names.extend(n),
                    None => {
                        names.clear();
                        break;
                    }
                }
            }
            if !names.is_empty() {
                return names;
            }
        }
        let text = self.doc.text.as_str();
        match text.find("你们") {
            Some(b) => {
                let start = self.doc.text.char_at_byte(b);
                vec![(Span::new(start, start + 2), OwnerClass::Collective)]
            }
            None => Vec::new(),
        }
    }

    /// Reads one clause: its owners and what later clauses of its sentence inherit.
    fn read_clause(&self, clause: Span) -> ClauseOwners {
        let limit = clause.end;
        let p = self.skip_clause_start(clause.start, limit);
        let keep = ClauseOwners { owners: Vec::new(), carry: Carry::Keep };
        if p >= limit {
            return keep;
        }
        // A name standing alone before a colon labels what follows: 区纪委：9月底前完成….
        if let Some(names) = self.names_to_clause_end(p, limit) {
            let ends_colon = self.doc.slice(clause).trim_end().ends_with(punct::COLONS);
            let label = names.len() == 1 && self.lx.owner_labels.contains(self.doc.slice(names[0].0));
            if ends_colon && !label {
                return ClauseOwners { owners: names.clone(), carry: Carry::Names(names) };
            }
        }
        // X向Y提出…要求 / 向Y交办…: Y is to act (会议向各承办单位提出两点要求：一是…).
        if let Some(y) = self.addressed_by_demand(p, limit) {
            return ClauseOwners { owners: y.clone(), carry: Carry::Names(y) };
        }
        let (subject, head, after_subject) = match self.subject_at(p, limit) {
            Some((names, head, end)) => (Some(names), Some(head), end),
            None => (None, self.head_at(p, limit).or_else(|| self.frame_at(p, limit)), p),
        };
        match head {
            Some(Head::Directive(after)) => {
                // X要求Y做Z: Y; 请 with no one named: the document's addressees.
                let object = self.object_at(after, limit);
                let word = self.doc.slice(Span::new(after_subject, after));
                match object {
                    Some(o) => ClauseOwners { owners: o.clone(), carry: Carry::Names(o) },
                    None if word.ends_with('请') && !self.addressees.is_empty() => {
                        ClauseOwners { owners: self.addressees.clone(), carry: Carry::Names(self.addressees.clone()) }
                    }
                    None => ClauseOwners { owners: Vec::new(), carry: Carry::Nothing },
                }
            }
            // 提出 with no 要求 proposes the speaker's own plan (他提出，一是…); with 要求 it
            // demands of others (提出三点要求：).
            Some(Head::Speech(SpeechAct::Demand, after))
                if subject.is_some() && self.doc.slice(Span::new(after_subject, after)).ends_with("提出") && !self.doc.slice(clause).contains("要求") =>
            {
                let s = subject.unwrap_or_default();
                ClauseOwners { owners: Vec::new(), carry: Carry::Names(s) }
            }
            Some(Head::Speech(SpeechAct::Demand | SpeechAct::Tell, after)) => {
                // X强调各单位要…: the doer named inside; else X owns nothing.
                match self.subject_at(self.skip_clause_start(after, limit), limit) {
                    Some((o, _, _)) => ClauseOwners { owners: o.clone(), carry: Carry::Names(o) },
                    None => ClauseOwners { owners: Vec::new(), carry: Carry::Nothing },
                }
            }
            Some(Head::Speech(SpeechAct::Pledge, after)) => {
                let inner = self.subject_at(self.skip_clause_start(after, limit), limit).map(|(o, _, _)| o);
                match (inner, subject) {
                    (Some(o), _) => ClauseOwners { owners: o.clone(), carry: Carry::Names(o) },
                    (None, Some(s)) => {
                        // The pledge follows in this clause (区长表示将全力整改) or the next.
                        let content =
                            !self.doc.slice(Span::new(after, limit)).trim_matches(|c: char| punct::is_clause_break(c) || punct::is_space(c)).is_empty();
                        ClauseOwners { owners: if content { s.clone() } else { Vec::new() }, carry: Carry::Names(s) }
                    }
                    (None, None) => keep,
                }
            }
            Some(_) => match subject {
                Some(s) => ClauseOwners { owners: s.clone(), carry: Carry::Names(s) },
                None => keep,
            },
            None => keep,
        }
    }

    /// The names after 向 when a verb of demanding follows them (向各承办单位提出…要求, 向县委
    /// 交办…), within the first words of a clause.
    fn addressed_by_demand(&self, p: usize, limit: usize) -> Option<Names> {
        let head = self.doc.slice(Span::new(p, (p + 10).min(limit)));
        let k = head.chars().position(|c| c == '向')?;
        let start = p + k + 1;
        (start + 1..=(start + name::MAX_NAME_CHARS).min(limit)).rev().find_map(|end| {
            let rest = self.doc.slice(Span::new(end, limit));
            let demands = ["提出", "作出", "下达", "交办", "部署"].iter().any(|v| rest.starts_with(v)) && rest.contains("要求")
                || rest.starts_with("交办")
                || rest.starts_with("下达");
            if demands {
                self.names(Span::new(start, end))
            } else {
                None
            }
        })
    }

    /// A frame whose speaker is no owner name (会议强调…, 会上要求…, 通知指出…): a short
    /// stretch before a verb of saying or asking at the start of the clause.
    fn frame_at(&self, p: usize, limit: usize) -> Option<Head> {
        let end = (p + 8).min(limit);
        (p + 1..end).find_map(|k| match self.speech_head_at(k, limit) {
            Some(h @ (Head::Directive(_) | Head::Speech(..))) if !self.doc.slice(Span::new(p, k)).contains(punct::CLAUSE_BREAKS) => Some(h),
            _ => None,
        })
    }

    /// The doer a directive names after its verb: 要求各支部坚持… → 各支部; 要求各乡镇： →
    /// 各乡镇.
    fn object_at(&self, at: usize, limit: usize) -> Option<Names> {
        let p = self.skip_clause_start(at, limit);
        if let Some((names, _, _)) = self.subject_at(p, limit) {
            return Some(names);
        }
        self.names_to_clause_end(p, limit)
    }

    /// Owners named in `region` (an item's own text, or a sentence): clause by clause, a
    /// clause without a subject taking the one carried from the clause before it in the same
    /// sentence; then 由X牵头 and the labelled lines.
    pub fn find(&self, region: Span) -> Vec<Owner> {
        let mut out: Vec<Owner> = Vec::new();
        let mut carried: Names = Vec::new();
        let mut sentence: Option<Span> = None;
        for clause in self.clauses_of(region) {
            let this_sentence = self.doc.sentence_of(clause.start);
            if this_sentence != sentence || self.after_full_stop(clause.start) {
                carried.clear();
                sentence = this_sentence;
            }
            let read = self.read_clause(clause);
            let own_subject = !read.owners.is_empty();
            let owners = if !own_subject && matches!(read.carry, Carry::Keep) && self.clause_acts(clause) { carried.clone() } else { read.owners };
            for (span, class) in owners {
                push_unique(&mut out, self.make(span, class, None));
            }
            match read.carry {
                // A copula's subject is the topic of the clauses after it (局长是…第一责任人，
                // 要每季度组织…): it is carried, not an owner of its own clause.
                Carry::Keep => {
                    if let Some(subject) = self.copula_subject(clause).filter(|_| !own_subject) {
                        carried = vec![subject];
                    }
                }
                Carry::Names(n) => carried = n,
                Carry::Nothing => carried.clear(),
            }
        }
        let s = self.doc.slice(region);
        for c in labelled::by_whom().captures_iter(s) {
            let m = c.get(1).expect("group");
            let start = region.start + s[..m.start()].chars().count();
            let span = Span::new(start, start + m.as_str().chars().count());
            if let Some(parts) = self.split_list(span) {
                let role = (&c[2] == "牵头").then_some(OwnerRole::Lead);
                for (p, class) in parts {
                    push_unique(&mut out, self.make(p, class, role));
                }
            }
        }
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

    /// The clauses of a region (the document's clauses, cut to it).
    fn clauses_of(&self, region: Span) -> Vec<Span> {
        let mut out = Vec::new();
        let mut pos = region.start;
        while pos < region.end {
            let Some(c) = self.doc.clause_of(pos).or_else(|| {
                let i = self.doc.clauses.partition_point(|c| c.end <= pos);
                self.doc.clauses.get(i).copied().filter(|c| c.start < region.end)
            }) else {
                break;
            };
            let cut = Span::new(c.start.max(region.start), c.end.min(region.end));
            if !cut.is_empty() {
                out.push(cut);
            }
            if c.end <= pos {
                break;
            }
            pos = c.end;
        }
        out
    }

    /// True when a full stop (。！？) stands right before `ch` (white space aside).
    fn after_full_stop(&self, ch: usize) -> bool {
        let mut i = ch;
        while i > 0 && self.doc.text.char(i - 1).is_some_and(punct::is_space) {
            i -= 1;
        }
        i > 0 && self.doc.text.char(i - 1).is_some_and(punct::is_full_stop)
    }

    /// True when a clause without a subject states an action its sentence's subject does
    /// (and is no mere label or heading of a list).
    fn clause_acts(&self, clause: Span) -> bool {
        let s = self.doc.slice(clause);
        s.chars().filter(|c| !punct::is_clause_break(*c) && !punct::is_space(*c)).count() >= 2
    }

    /// The subjects of the clauses of `region` whose predicate opens with 负责 or 牵头
    /// (区发改局牵头，… / 监督组负责对…进行监督), with where the verb starts.
    pub fn assigning_subjects(&self, region: Span) -> Vec<(Names, usize)> {
        let mut out = Vec::new();
        for clause in self.clauses_of(region) {
            // The verb is read where the clause ends at the latest: without it, no subject.
            let reach = self.doc.slice(Span::new(clause.start, clause.end + 2));
            if !reach.contains("负责") && !reach.contains("牵头") {
                continue;
            }
            let p = self.skip_clause_start(clause.start, clause.end);
            if let Some((names, Head::Assign, end)) = self.subject_at(p, clause.end) {
                let mut at = end;
                while at < clause.end && !matches!(self.doc.slice(Span::new(at, at + 2)), "负责" | "牵头") {
                    at += 1;
                    if at > end + 4 {
                        break;
                    }
                }
                if matches!(self.doc.slice(Span::new(at, at + 2)), "负责" | "牵头") && !self.doc.slice(Span::new(at + 2, at + 3)).starts_with(['人', '同'])
                {
                    out.push((names, at));
                }
            }
        }
        out
    }

    /// The pledge cue right after the subject that opens `span`, read from the characters
    /// (司法所要…, 税务稽查队应对…: cues the segmenter glued to a word).
    pub fn leading_cue(&self, span: Span) -> Option<crate::lexicon::labels::CueStrength> {
        let clause = self.doc.clause_of(span.start).map(|c| Span::new(span.start, c.end.min(span.end))).unwrap_or(span);
        let p = self.skip_clause_start(clause.start, clause.end);
        let (_, head, end) = self.subject_at(p, clause.end)?;
        let Head::Cue(strength) = head else {
            return None;
        };
        // 将 before a noun phrase marks the object (该区将人居环境整治纳入考核), not the future.
        let at = (end..clause.end).find(|&k| self.doc.text.char(k) == Some('将'));
        if let Some(k) = at.filter(|&k| k <= end + 4) {
            let next = self.doc.token_index_holding(k + 1).map(|i| self.doc.token(i));
            if next.is_some_and(|t| t.tag.starts_with('n') || t.tag == "m" || t.tag == "r" || t.tag == "x") {
                return None;
            }
        }
        Some(strength)
    }

    /// Where the subject that opens `span` ends (区纪委|要…, 党组书记|严格履行…), if it opens
    /// with one.
    pub fn leading_subject_end(&self, span: Span) -> Option<usize> {
        let clause = self.doc.clause_of(span.start).map(|c| Span::new(span.start, c.end.min(span.end))).unwrap_or(span);
        let p = self.skip_clause_start(clause.start, clause.end);
        match self.subject_at(p, clause.end) {
            Some((_, Head::Directive(_) | Head::Speech(..), _)) => None,
            Some((_, _, end)) => Some(end),
            None => None,
        }
    }

    /// Owners of the sentence that introduces a list (区纪委要做到：一是… → 区纪委; 会议要求
    /// 各乡镇：一是… → 各乡镇; 县长强调：一要… → none), marked inherited.
    pub fn find_in_intro(&self, intro: Span) -> Vec<Owner> {
        let mut owners = self.find(intro);
        // A speaker's pledge that the list spells out (镇党委书记孙丰云表示：一是…; 他提出，一是…).
        if owners.is_empty() {
            if let Some(last) = self.clauses_of(intro).last() {
                if let Carry::Names(names) = self.read_clause(*last).carry {
                    for (span, class) in names {
                        push_unique(&mut owners, self.make(span, class, None));
                    }
                }
            }
        }
        for o in &mut owners {
            o.inherited = true;
        }
        owners
    }
}

fn push_unique(out: &mut Vec<Owner>, o: Owner) {
    if !out.iter().any(|x| x.text == o.text) {
        out.push(o);
    }
}

#[cfg(test)]
mod tests;
