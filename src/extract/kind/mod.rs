//! Is it a pledge? Classifies an item or sentence as a commitment, a problem or other, clause
//! by clause, from the grammar of each clause (SPEC §3, kind):
//!
//! * a cue in a pledging role (将, 要, 必须, 承诺, 下一步… — [`cues`] reads them in their
//!   role, so 承诺书, 已督促 and 请予审议 are no pledges) makes a commitment in any text;
//! * a bare task (加强…, 6月底前完成…, 由X牵头，…, 不收受…) is a commitment where the text
//!   around it looks ahead: the **mood** of its list's lead-in (下一步，我们将：/ 会议要求：/
//!   本人承诺：), else of its section heading (三、下一步工作 / 一、整改情况), else of the
//!   document (a plan looks ahead; a report of work done and a news story look back);
//! * what was done (了, 已, 截至, 取得…), a shortcoming (不够, 存在…问题), background
//!   headings and the document announcing itself are not pledges.
//!
//! [`checkable`] tells whether a commitment names anything a third party could check.

pub mod checkable;
pub mod cues;

pub use checkable::is_checkable;

use crate::doc::Doc;
use crate::lexicon::labels::{ClauseWord, CueStrength, GenreCue, HeadingRole, ProblemCue, SectionMood};
use crate::lexicon::Lexicons;
use crate::text::{punct, Span};
use regex::Regex;
use serde::Serialize;
use std::sync::OnceLock;

/// What an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Pledges or assigns a future action.
    Commitment,
    /// States a shortcoming.
    Problem,
    /// Background, achievements, principles.
    Other,
}

impl Kind {
    /// The Chinese label used in ledgers.
    pub fn label_zh(&self) -> &'static str {
        match self {
            Kind::Commitment => "承诺事项",
            Kind::Problem => "问题",
            Kind::Other => "其他",
        }
    }
}

/// The strongest evidence found in a text, in order of precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Evidence {
    /// Nothing either way.
    Neutral,
    /// Names a problem as a thing (短板, 漏洞) where nothing else speaks.
    ProblemNoun,
    /// Opens with a task verb: 加强…, 完成…, 6月底前召开….
    Imperative,
    /// Asks the reader to get in touch or watch (请予审议): closing boilerplate.
    Courtesy,
    /// Done or a state: 了, 已, 截至.
    Past,
    /// A shortcoming: 不够, 存在…问题.
    Problem,
    /// A pledge or demand: 要, 必须, 确保.
    Modal,
    /// Announces the document itself (制定如下方案): no pledge.
    Announcement,
    /// A pledge in any text: 将, 请, 下一步, 承诺.
    Strong,
    /// The heading names background, principles or goals (指导思想, 总体情况).
    Background,
}

/// What the text around a task says of it: ahead (a plan, a demand) or done (a report).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mood {
    /// Tasks still to do.
    Ahead,
    /// Work already done.
    Done,
}

/// What the whole document is like: the mood of a task that nothing nearer speaks for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Genre {
    /// A report of work already done (整改情况通报): its title says so.
    pub report: bool,
    /// A news story: mostly past events.
    pub narrative: bool,
}

impl Genre {
    /// The mood of a bare task in this document.
    pub fn mood(&self) -> Mood {
        if self.report || self.narrative {
            Mood::Done
        } else {
            Mood::Ahead
        }
    }
}

/// What the whole document is like: a report of work done says so in its title line
/// (`report_genre.txt`, `title`); a news story has many sentences that tell what happened.
/// A first paragraph is a title only when it is one line without a full stop.
pub fn genre(lx: &Lexicons, doc: &Doc) -> Genre {
    let title = doc.paragraphs.first().filter(|_| doc.paragraphs.len() > 1).map(|&p| doc.slice(p)).filter(|t| is_title_line(t)).unwrap_or("");
    let report = lx.report_genre.with_label(GenreCue::Title).any(|w| title.contains(w));
    let n_past = doc.sentences.iter().filter(|&&s| lx.past_cues.occurs_in(doc.slice(s), &doc.words_in(s))).count();
    let narrative = doc.sentences.len() >= 4 && n_past * 10 >= doc.sentences.len() * 3;
    Genre { report, narrative }
}

/// True for a title line: short, and without a sentence end or a comma of a sentence.
pub fn is_title_line(s: &str) -> bool {
    s.chars().count() <= 60 && !s.contains(punct::SENTENCE_ENDS) && !s.contains(['，', ','])
}

/// What [`evidence`] reads besides the text: where a clause's subject ends (if it opens with
/// one), and the reference date (a sentence that opens with a period already past tells what
/// was done).
pub struct Reading<'a> {
    /// The lexicons.
    pub lx: &'a Lexicons,
    /// The document.
    pub doc: &'a Doc,
    /// Where the subject opening a clause ends.
    pub subject_end: &'a dyn Fn(Span) -> Option<usize>,
    /// The pledge cue right after the subject opening a clause (read from the characters).
    pub subject_cue: &'a dyn Fn(Span) -> Option<CueStrength>,
    /// The date the text is read from (the document's date, else `--date`).
    pub reference: Option<crate::date::Date>,
}

/// True when `title` (a heading without its marker) is a noun phrase that names a section:
/// a head noun of section titles (`background_headings.txt`, label `head`) with at most one
/// word before it (组织保障, 实施步骤, 有关要求), that word no verb of degree (加强保障:
/// `clause_words.txt`, label `degree`). Such a title sets no task (SPEC §3: an item whose
/// text is only a title is `other`); a verb before a longer object (落实保障措施, 加强组织领导)
/// makes a task.
pub fn is_nominal_title(lx: &Lexicons, doc: &Doc, title: Span) -> bool {
    let text = doc.slice(title).trim().trim_end_matches(|c: char| punct::is_clause_break(c) || punct::is_space(c));
    let Some((head, _)) = lx.background_headings.suffix_entry(text, |r| r == HeadingRole::Head) else {
        return false;
    };
    let words: Vec<&str> =
        doc.words_in(title).into_iter().filter(|w| !w.trim().is_empty() && !w.chars().all(|c| punct::is_clause_break(c) || punct::is_space(c))).collect();
    let before = text.len() - head.len();
    // The head must be the last word or end it (组织保障 may be one token); at most one word
    // stands before it.
    let ends_well = words.last().is_some_and(|w| w.ends_with(head) || head.ends_with(*w));
    let mut chars_before = 0;
    let mut words_before = 0;
    for w in &words {
        if chars_before >= before {
            break;
        }
        chars_before += w.len();
        words_before += 1;
    }
    let degree = words_before == 1 && lx.clause_words.labels_of(words[0]).any(|l| l == ClauseWord::Degree);
    ends_well && words_before <= 1 && !degree && text.chars().count() <= 6
}

/// The evidence of an item's text (`spans`, its own text without its marker), clause by
/// clause, the strongest winning. A `heading` that names background (总体要求, 工作目标:
/// `background_headings.txt`, as the heading's last words) makes the item background unless
/// the text under it pledges (一、总体要求 / 各乡镇要在6月底前完成排查).
pub fn evidence(r: &Reading, spans: &[Span], heading: Option<Span>) -> Evidence {
    let (lx, doc) = (r.lx, r.doc);
    if let Some(h) = heading {
        let title = doc.slice(h).trim().trim_end_matches(|c: char| punct::is_clause_break(c) || punct::is_space(c));
        if let Some((_, role)) = lx.background_headings.suffix_entry(title, |r| r != HeadingRole::Head) {
            if role == HeadingRole::Background {
                return Evidence::Background;
            }
            let body: Vec<Span> = spans
                .iter()
                .flat_map(|&sp| [Span::new(sp.start, h.start.clamp(sp.start, sp.end)), Span::new(h.end.clamp(sp.start, sp.end), sp.end)])
                .filter(|sp| !sp.is_empty())
                .collect();
            let e = evidence(r, &body, None);
            let timed = body.iter().any(|&b| crate::extract::deadline::mentions_time(doc.slice(b)));
            let pledges = matches!(e, Evidence::Strong | Evidence::Modal) || (e == Evidence::Imperative && timed);
            return if pledges { e } else { Evidence::Background };
        }
    }
    let subject_end = r.subject_end;
    let mut best = Evidence::Neutral;
    let mut first = true;
    let mut copula = false;
    let first_sentence = spans.first().and_then(|s| doc.sentence_of(s.start));
    // The clauses of one sentence share its opening: its answer is kept for the next clause.
    let mut last_opening: Option<((usize, usize), bool)> = None;
    for &span in spans {
        for clause in clauses_in(doc, span) {
            let mut e = clause_evidence(lx, doc, clause, first, subject_end);
            // A sentence that opens with a period already past tells what was done (2023年4月至
            // 9月，市委巡察办牵头…；抽调…).
            if matches!(e, Evidence::Imperative | Evidence::Neutral | Evidence::ProblemNoun) && r.reference.is_some() {
                let opening = sentence_opening(doc, clause);
                let past = match last_opening {
                    Some((o, past)) if o == opening => past,
                    _ => {
                        let past = opens_in_the_past(doc, opening, r.reference);
                        last_opening = Some((opening, past));
                        past
                    }
                };
                if past {
                    e = Evidence::Past;
                }
            }
            // A cue the segmenter glued to the subject's name (司法所要…) still pledges.
            if matches!(e, Evidence::Neutral | Evidence::Imperative | Evidence::ProblemNoun) {
                match (r.subject_cue)(clause) {
                    Some(CueStrength::Strong) => e = Evidence::Strong,
                    Some(CueStrength::Modal) => e = Evidence::Modal,
                    None => {}
                }
            }
            first = false;
            best = best.max(e);
            copula |= first_sentence.is_some_and(|s| s.contains(&clause)) && doc.words_in(clause).contains(&"是");
        }
    }
    // A statement about a task (抓好整改，是当前的一项政治任务) is no task itself.
    if copula && best == Evidence::Imperative {
        return Evidence::Neutral;
    }
    best
}

/// Where the sentence (up to 。！？) holding `clause` starts, and where its paragraph ends
/// (char offsets): what [`opens_in_the_past`] reads.
fn sentence_opening(doc: &Doc, clause: Span) -> (usize, usize) {
    let para = doc.paragraph_of(clause.start).unwrap_or(clause);
    let mut start = clause.start;
    while start > para.start && !doc.text.char(start - 1).is_some_and(punct::is_full_stop) {
        start -= 1;
    }
    (start, para.end)
}

/// True when the sentence that starts at `opening.0` (its paragraph ending at `opening.1`,
/// as [`sentence_opening`] gives them) opens with a time expression naming a period that
/// ended before the reference month (2022年11月，… / 今年1至4月，… / 去年，…), with no limit
/// word (前, 内) that would make it a time limit.
fn opens_in_the_past(doc: &Doc, opening: (usize, usize), reference: Option<crate::date::Date>) -> bool {
    let Some(reference) = reference else {
        return false;
    };
    let (start, para_end) = opening;
    let para = Span::new(start, para_end);
    let opening = doc.slice(Span::new(start, (start + 40).min(para.end)));
    let opening = opening.trim_start_matches(|c: char| punct::is_space(c) || "“【".contains(c));
    crate::extract::deadline::period_end(opening, reference).is_some_and(|end| end < reference.first_of_month())
}

/// The clauses of the document cut to `span`.
fn clauses_in(doc: &Doc, span: Span) -> Vec<Span> {
    let i = doc.clauses.partition_point(|c| c.end <= span.start);
    doc.clauses[i..]
        .iter()
        .take_while(|c| c.start < span.end)
        .map(|c| Span::new(c.start.max(span.start), c.end.min(span.end)))
        .filter(|c| !c.is_empty())
        .collect()
}

/// The evidence of one clause. `first`: the clause opens the item (a copula there makes
/// the item a statement, not a task).
fn clause_evidence(lx: &Lexicons, doc: &Doc, clause: Span, first: bool, subject_end: &dyn Fn(Span) -> Option<usize>) -> Evidence {
    let text = doc.slice(clause);
    let words = doc.words_in(clause);
    let r = cues::read(lx, doc, clause);
    if r.cue == Some(CueStrength::Strong) {
        return Evidence::Strong;
    }
    if lx.announcement_cues.occurs_in(text, &words) {
        return Evidence::Announcement;
    }
    if r.cue == Some(CueStrength::Modal) || r.assigns {
        return Evidence::Modal;
    }
    if lx.problem_cues.contained_in(text, |_, l| l == ProblemCue::State) {
        return Evidence::Problem;
    }
    if r.courtesy {
        return Evidence::Courtesy;
    }
    if r.past || tells_the_past(lx, text, &words) {
        return Evidence::Past;
    }
    if first && words.contains(&"是") {
        return Evidence::Neutral;
    }
    let toks = doc.tokens_in(clause);
    // A copula before a quantity states a fact (公示期为5个工作日, 服务期限为三年), however
    // the words were cut (期为).
    let numeral = |c: char| crate::text::numeral::is_digit(c) || crate::text::numeral::is_chinese_numeral_char(c);
    if first && text.char_indices().any(|(i, c)| c == '为' && text[i + c.len_utf8()..].chars().next().is_some_and(numeral)) {
        return Evidence::Neutral;
    }
    // A label before a colon (举报电话：…, 公示时间：…, 工作措施：…) is a noun phrase: what
    // follows the colon says whether there is a task.
    let trimmed = text.trim_end();
    let label_word = toks.iter().rev().find(|t| !t.word.trim().is_empty() && !t.word.chars().all(punct::is_colon));
    if trimmed.ends_with(punct::is_colon) && label_word.is_some_and(|t| (t.tag.starts_with('n') || t.tag == "l") && t.tag != "nr") {
        return Evidence::Neutral;
    }
    // A purpose clause (为深入贯彻…, 为了确保…) states why, it sets no task.
    if ["为了", "为进一步", "为深入", "为全面", "为切实", "为加快", "为推动", "为落实", "为贯彻", "为确保", "为做好"]
        .iter()
        .any(|p| text.trim_start().starts_with(p))
    {
        return Evidence::Neutral;
    }
    // A frame of saying (…在接受采访时说, 据介绍，…) reports; it sets no task. The verb of
    // saying ends the clause there (通报一次 is a task).
    let bare = text.trim_end_matches(|c: char| punct::is_clause_break(c) || punct::is_space(c) || punct::is_close_quote(c));
    if lx.speech_verbs.all_occurrences(bare).any(|(_, _, r)| r.end == bare.len()) {
        return if lx.problem_cues.occurs_in(text, &words) { Evidence::ProblemNoun } else { Evidence::Neutral };
    }
    let after_subject = subject_end(clause).map(|e| Span::new(e, clause.end)).unwrap_or(clause);
    let rest = doc.slice(after_subject);
    if starts_with_action(lx, rest) || sets_a_quantity(lx, text) || limit_then_verb(doc, after_subject) || assigns_a_task(doc, after_subject) {
        return Evidence::Imperative;
    }
    if lx.problem_cues.occurs_in(text, &words) {
        return Evidence::ProblemNoun;
    }
    Evidence::Neutral
}

/// True when a past cue (`past_cues.txt`) occurs, not as part of a date (30日前 is no 日前).
fn tells_the_past(lx: &Lexicons, text: &str, words: &[&str]) -> bool {
    let as_text = lx.past_cues.all_occurrences(text).any(|(w, _, r)| {
        w.chars().count() > 1
            && !text[..r.start].chars().next_back().is_some_and(|c| crate::text::numeral::is_digit(c) || crate::text::numeral::is_chinese_numeral_char(c))
    });
    as_text || words.iter().any(|w| w.chars().count() == 1 && lx.past_cues.contains(w))
}

/// The mood a list's lead-in or a section heading gives the tasks under it: ahead when it
/// pledges or demands (下一步，我们将：/ 会议要求：/ 本人承诺：/ 提出三点要求：) or names
/// tasks to come (`section_moods.txt`: 下一步工作, 整改措施); done when it tells what was done
/// (开展情况, 主要做法); `None` when it says neither.
pub fn lead_mood(lx: &Lexicons, doc: &Doc, span: Span) -> Option<Mood> {
    let text = doc.slice(span);
    let mut done = false;
    for clause in clauses_in(doc, span) {
        let r = cues::read(lx, doc, clause);
        if r.cue.is_some() || r.assigns {
            return Some(Mood::Ahead);
        }
        done |= r.past;
    }
    let speech = lx.speech_verbs.contained_in(text, |_, act| act != crate::lexicon::labels::SpeechAct::Tell);
    if speech || text.contains("要求") {
        return Some(Mood::Ahead);
    }
    let mut ahead_word = false;
    // A word of tasks ahead that a past verb modifies names what was done (已采取的措施,
    // 前期已开展的工作安排): X + 的 + the word (a noun of up to two characters may stand
    // between: 已落实的整改措施), with a past marker before X.
    let past_at = lx.past_cues.all_occurrences(text).map(|(_, _, r)| r.start).min();
    for (_, mood, r) in lx.section_moods.all_occurrences(text) {
        match mood {
            SectionMood::Ahead if text[..r.start].chars().rev().take(3).any(|c| c == '的') && past_at.is_some_and(|p| p < r.start) => done = true,
            SectionMood::Ahead => ahead_word = true,
            SectionMood::Done => done = true,
        }
    }
    if ahead_word {
        return Some(Mood::Ahead);
    }
    (done || tells_the_past(lx, text, &doc.words_in(span))).then_some(Mood::Done)
}

/// The kind that evidence gives where bare tasks have mood `mood`; `None` for neutral
/// evidence, which the caller settles (by the item's siblings).
pub fn kind_of(ev: Evidence, mood: Mood) -> Option<Kind> {
    match ev {
        Evidence::Strong | Evidence::Modal => Some(Kind::Commitment),
        Evidence::Imperative if mood == Mood::Ahead => Some(Kind::Commitment),
        Evidence::Problem | Evidence::ProblemNoun => Some(Kind::Problem),
        Evidence::Neutral => None,
        Evidence::Background | Evidence::Past | Evidence::Announcement | Evidence::Courtesy | Evidence::Imperative => Some(Kind::Other),
    }
}

/// True when the text, after brackets, quotes, time words, adverbs and negations, opens with a
/// task verb (加强…, 6月底前完成…, 不收受…), or with a prepositional phrase before one
/// (在全国实施…, 对问题线索一律移交…).
pub fn starts_with_action(lx: &Lexicons, text: &str) -> bool {
    let mut rest = text.trim_start_matches(|c: char| c.is_whitespace() || "“”‘’\"'【】[]《》（）()，,、：:".contains(c));
    let verbs = &lx.action_verbs;
    for _ in 0..6 {
        if verbs.prefix_of(rest).is_some() {
            return true;
        }
        let t = crate::extract::deadline::time_expression_len(rest);
        if t > 0 {
            rest = rest[t..].trim_start_matches(['，', ',', '、']);
            continue;
        }
        if let Some((w, _)) = lx.deadlines.prefix_entry(rest, |_| true) {
            rest = rest[w.len()..].trim_start_matches(['，', ',', '、']);
            continue;
        }
        // A negative pledge: 不 + a verb with its object (不收受礼金), not 不是/不够/不断/不仅.
        if let Some(n) = ["决不", "绝不", "坚决不", "不得", "不再", "不"].iter().find(|n| rest.starts_with(**n)) {
            let after = &rest[n.len()..];
            return after.chars().count() >= 3
                && !after.starts_with(['是', '够', '足', '断', '力', '仅', '但', '少', '同', '错', '良', '利', '高', '强', '严', '实', '深', '到']);
        }
        match lx.adverbs.prefix_of(rest) {
            Some(a) if rest.len() > a.len() => rest = rest[a.len()..].trim_start_matches(['，', ',', '、']),
            _ => break,
        }
    }
    // A leading prepositional phrase: 在全国实施…, 从放宽准入…入手.
    let first_clause = rest.split(punct::CLAUSE_BREAKS).next().unwrap_or(rest);
    lx.clause_words.prefix_entry(first_clause, |l| l == ClauseWord::Preposition).is_some() && verbs.contained_in(first_clause, |v, _| v.chars().count() > 1)
}

/// True when `span` opens with a time limit (10月底前, 三个月内) and a verb right after it,
/// whatever the verb (10月底前拨付…, 年内办结…): the shape of a task in a plan.
fn limit_then_verb(doc: &Doc, span: Span) -> bool {
    let rest = doc.slice(span);
    let lead = rest.chars().take_while(|&c| punct::is_space(c) || matches!(c, '：' | ':' | '，' | ',')).count();
    let body: String = rest.chars().skip(lead).collect();
    let limit = crate::extract::deadline::time_expression_len(&body);
    if limit == 0 || !body[..limit].ends_with(['前', '内']) {
        return false;
    }
    let at = span.start + lead + body[..limit].chars().count();
    doc.token_at(at)
        .is_some_and(|t| t.tag.starts_with('v') && t.tag != "vn" || t.tag == "vn" && !doc.slice(Span::new(at + t.span.len(), span.end)).starts_with('的'))
}

/// True when `span` opens with a verb of assignment and a task after it (负责统筹调度…,
/// 牵头制定…): X负责 + a task assigns it (SPEC §3).
fn assigns_a_task(doc: &Doc, span: Span) -> bool {
    let rest = doc.slice(span);
    // 具体负责: an adverb may stand before the verb. One-character verbs (任, 为) take a post.
    let lead = if rest.starts_with("具体") { "具体" } else { "" };
    let assigns = |v: &&&str| v.chars().count() > 1 && rest[lead.len()..].starts_with(**v);
    let Some(verb) = crate::extract::owner::clause::ASSIGN_VERBS.iter().find(assigns) else {
        return false;
    };
    let at = span.start + lead.chars().count() + verb.chars().count();
    doc.token_at(at).is_some_and(|t| t.tag.starts_with('v'))
}

/// A clause that sets a figure with a task verb: 补助标准提高30元, 新增高标准农田8000万亩.
fn sets_a_quantity(lx: &Lexicons, clause: &str) -> bool {
    lx.action_verbs.first_occurrences(clause).any(|(v, _, at)| v.chars().count() > 1 && clause[at.end..].chars().take(8).any(|c| c.is_ascii_digit()))
}

/// True when a sentence reports an event: a date followed by the time of day or a comma
/// (4月16日，… / 18日下午…), as news stories open.
pub fn tells_an_event(sentence: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})日(上午|下午|晚上|晚|早上|[，,])").expect("event pattern")).is_match(sentence)
}

#[cfg(test)]
mod tests;
