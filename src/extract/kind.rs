//! Is it a pledge? Classifies a stretch of text as a commitment, a problem or other, from the
//! cue lexicons (`commitment_cues`, `action_verbs`, `problem_cues`, `past_cues`,
//! `background_headings`), and tells whether a commitment names anything checkable
//! (`concrete_actions`, numbers) or only an attitude.

use crate::doc::Doc;
use crate::lexicon::labels::{ClauseWord, CueStrength, GenreCue, ProblemCue};
use crate::lexicon::Lexicons;
use crate::extract::segment::Token;
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// The heading names background, principles or goals (指导思想, 总体情况).
    Background,
    /// A pledge in any genre: 将, 请, 下一步, 承诺.
    Strong,
    /// A pledge or demand: 要, 必须, 确保.
    Modal,
    /// A shortcoming: 不够, 存在…问题.
    Problem,
    /// Done or a state: 了, 已, 截至.
    Past,
    /// Opens with a task verb: 加强…, 完成….
    Imperative,
    /// Announces the document itself (制定如下方案): no pledge.
    Announcement,
    /// Nothing either way.
    Neutral,
}

/// What the whole document is like; decides how imperative sentences are read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Genre {
    /// A report of work already done (整改情况通报): imperatives describe what was done.
    pub report: bool,
    /// A news story: mostly past events; imperatives are narration.
    pub narrative: bool,
}

/// What the whole document is like: a report of work done says so in its title or announces
/// itself in its opening paragraphs (`report_genre.txt`); a news story has many sentences that
/// tell what happened (`past_cues.txt`).
pub fn genre(lx: &Lexicons, doc: &Doc) -> Genre {
    let genre_words = &lx.report_genre;
    let title = doc.paragraphs.first().map(|&p| doc.slice(p)).unwrap_or("");
    let head: String = doc.paragraphs.iter().take(4).map(|&p| doc.slice(p)).collect::<Vec<_>>().join("\n");
    let report = genre_words.with_label(GenreCue::Title).any(|w| title.contains(w))
        || genre_words.with_label(GenreCue::Announce).any(|w| head.contains(w));
    let n_past = doc.sentences.iter().filter(|&&s| lx.past_cues.occurs_in(doc.slice(s), &doc.words_in(s))).count();
    let narrative = doc.sentences.len() >= 4 && n_past * 10 >= doc.sentences.len() * 3;
    Genre { report, narrative }
}

/// Finds the evidence in `text`, whose segmentation is `tokens`; `heading` is the item's
/// heading, checked for background words.
pub fn evidence(lx: &Lexicons, text: &str, tokens: &[&Token], heading: Option<&str>) -> Evidence {
    if let Some(h) = heading {
        if lx.background_headings.occurs_in(h, &[]) {
            return Evidence::Background;
        }
    }
    let words: Vec<&str> = tokens.iter().map(|t| t.word.as_str()).collect();
    let cues = &lx.commitment_cues;
    let strong = cues.entries().iter().any(|(w, l)| *l == CueStrength::Strong && cue_occurs(lx, w, text, tokens));
    if strong {
        return Evidence::Strong;
    }
    if lx.announcement_cues.occurs_in(text, &words) {
        return Evidence::Announcement;
    }
    if assigns_task(lx, tokens) || cues.entries().iter().any(|(w, l)| *l == CueStrength::Modal && cue_occurs(lx, w, text, tokens)) {
        return Evidence::Modal;
    }
    let problems = &lx.problem_cues;
    if problems.entries().iter().any(|(w, l)| *l == ProblemCue::State && text.contains(w.as_str())) {
        return Evidence::Problem;
    }
    if lx.past_cues.occurs_in(text, &words) {
        return Evidence::Past;
    }
    let first_sentence = text.split(['。', '；', '！', '？']).next().unwrap_or(text);
    let first_len = first_sentence.chars().count();
    let mut pos = 0;
    let copula = tokens.iter().any(|t| {
        let at = pos;
        pos += t.word.chars().count();
        t.word == "是" && at < first_len
    });
    if copula {
        return Evidence::Neutral;
    }
    if starts_with_action(lx, text) || sets_a_quantity(lx, first_sentence) {
        return Evidence::Imperative;
    }
    if problems.occurs_in(text, &words) {
        return Evidence::Problem;
    }
    Evidence::Neutral
}

/// A cue occurs: a longer cue as text, a one-character cue (要, 将, 请) as a whole token. 将
/// counts only as the future (将立即召开, 将认真学习), not as the object marker (将问题逐条
///细化, 将18项收费…): after it must come a task verb, an adverb, or 把/在/对/于/从/以.
fn cue_occurs(lx: &Lexicons, cue: &str, text: &str, tokens: &[&Token]) -> bool {
    if cue.chars().count() > 1 {
        return text.contains(cue);
    }
    tokens.iter().enumerate().any(|(i, t)| {
        if t.word != cue {
            return false;
        }
        if cue != "将" {
            return true;
        }
        let Some(next) = tokens.get(i + 1) else { return false };
        let w = next.word.as_str();
        lx.adverbs.prefix_of(w).is_some()
            || lx.action_verbs.prefix_of(w).is_some()
            || matches!(w, "把" | "在" | "对" | "于" | "从" | "以" | "会" | "要" | "按照" | "通过")
            || !(next.tag.starts_with('n') || next.tag == "m" || next.tag == "x" || next.tag == "r")
    })
}

/// A verb that assigns a task to someone (要求区政府办公室党组切实…, 请以上责任单位…), not the
/// noun 要求 (提出三点要求, 按照要求).
fn assigns_task(lx: &Lexicons, tokens: &[&Token]) -> bool {
    let verbs = &lx.directive_verbs;
    tokens.iter().enumerate().any(|(i, t)| {
        verbs.contains(&t.word)
            && tokens.get(i + 1).is_some_and(|n| !n.tag.starts_with('x') && n.word != "的" && !n.word.starts_with(['，', ',', '。', '：', ':']))
            && !(i > 0 && matches!(tokens[i - 1].word.as_str(), "按" | "按照" | "根据" | "的" | "点" | "项" | "条" | "工作" | "提出" | "有关" | "上述" | "新" | "严格" | "这些"))
    })
}

/// A first sentence that sets a figure with a task verb: 补助标准提高30元, 新增高标准农田8000万亩.
fn sets_a_quantity(lx: &Lexicons, first: &str) -> bool {
    let clause = first.split(['，', ',']).next().unwrap_or(first);
    let verbs = &lx.action_verbs;
    verbs.entries().iter().any(|(v, _)| {
        v.chars().count() > 1
            && clause.find(v.as_str()).is_some_and(|at| {
                let after: String = clause[at + v.len()..].chars().take(8).collect();
                after.chars().any(|c| c.is_ascii_digit())
            })
    })
}

/// The kind that evidence gives in a document of this genre; `None` for neutral evidence,
/// which the caller settles (by the item's siblings).
pub fn kind_of(ev: Evidence, genre: Genre) -> Option<Kind> {
    match ev {
        Evidence::Strong => Some(Kind::Commitment),
        Evidence::Modal if !genre.report => Some(Kind::Commitment),
        Evidence::Imperative if !genre.report && !genre.narrative => Some(Kind::Commitment),
        Evidence::Problem => Some(Kind::Problem),
        Evidence::Neutral => None,
        Evidence::Background | Evidence::Past | Evidence::Announcement | Evidence::Modal | Evidence::Imperative => Some(Kind::Other),
    }
}

/// True when the text, after brackets, quotes and adverbs, opens with a task verb.
pub fn starts_with_action(lx: &Lexicons, text: &str) -> bool {
    let mut rest = text.trim_start_matches(|c: char| c.is_whitespace() || "“”‘’\"'【】[]《》（）()，,、：:".contains(c));
    let adverbs = &lx.adverbs;
    let verbs = &lx.action_verbs;
    for _ in 0..4 {
        if verbs.prefix_of(rest).is_some() {
            return true;
        }
        match adverbs.prefix_of(rest) {
            Some(a) if rest.len() > a.len() => rest = rest[a.len()..].trim_start_matches(['，', ',', '、']),
            _ => break,
        }
    }
    if verbs.prefix_of(rest).is_some() {
        return true;
    }
    // A leading prepositional phrase: 在全国实施…, 从放宽准入…入手.
    let first_clause = rest.split(['，', ',', '。', '；']).next().unwrap_or(rest);
    lx.clause_words.prefix_entry(first_clause, |l| l == ClauseWord::Preposition).is_some()
        && verbs.entries().iter().any(|(v, _)| v.chars().count() > 1 && first_clause.contains(v.as_str()))
}

fn quantity_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:[0-9０-９]+(?:\.[0-9]+)?\s*(?:个|项|件|座|处|万|亿|元|公里|千米|米|亩|%|％|名|人|户|家|条|次|批|所|台|套|篇|场|期|类|支|只|辆|吨|平方米))|(?:(?:[二三四五六七八九十百千万两][一二三四五六七八九十百千万两]*|一[十百千万]+)(?:项|件|座|处|万|亿|元|公里|亩|名|户|家|条|批|所|台|套|辆|吨))|一(?:批|台|座|处|套|辆|所)")
            .expect("quantity pattern")
    })
}

/// True when a sentence reports an event: a date followed by the time of day or a comma
/// (4月16日，… / 18日下午…), as news stories open.
pub fn tells_an_event(sentence: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})日(上午|下午|晚上|晚|早上|[，,])").expect("event pattern")
    })
    .is_match(sentence)
}

/// True when a commitment names something checkable: a concrete action or deliverable from
/// `concrete_actions`, or a quantity (7.5公里, 120座, 一批).
pub fn is_checkable(lx: &Lexicons, text: &str, tokens: &[&str]) -> bool {
    lx.concrete_actions.occurs_in(text, tokens) || quantity_pattern().is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(text: &str) -> Evidence {
        let doc = Doc::for_test(text);
        let refs: Vec<&Token> = doc.tokens.iter().collect();
        evidence(crate::doc::testing::lexicons(), text, &refs, None)
    }

    #[test]
    fn cues_rank_as_documented() {
        assert_eq!(ev("区委将立即召开专题会议"), Evidence::Strong);
        assert_eq!(ev("区纪委要种好责任田"), Evidence::Modal);
        assert_eq!(ev("学习贯彻不够深入"), Evidence::Problem);
        assert_eq!(ev("会上学习传达了反馈意见"), Evidence::Past);
        assert_eq!(ev("加快数字政府建设。"), Evidence::Imperative);
        assert_eq!(ev("深入推进依法行政。"), Evidence::Imperative);
        assert_eq!(ev("就业是最基本的民生。"), Evidence::Neutral);
        assert_eq!(ev("这是主要问题的重要方面"), Evidence::Neutral);
        assert_eq!(ev("将问题逐条进行细化"), Evidence::Imperative);
        assert_eq!(ev("党委书记张晓要求各支部坚持问题导向"), Evidence::Modal);
        assert_eq!(ev("提出三点要求："), Evidence::Neutral);
        assert_eq!(ev("现就重点工作，制定分工方案如下。"), Evidence::Announcement);
        assert_eq!(ev("居民医保人均财政补助标准提高30元。"), Evidence::Imperative);
        assert_eq!(ev("在全国实施个人养老金制度。"), Evidence::Imperative);
        assert_eq!(ev("加快补齐服务短板。"), Evidence::Imperative);
    }

    #[test]
    fn report_genre_reads_imperatives_as_done() {
        let report = Genre { report: true, narrative: false };
        assert_eq!(kind_of(Evidence::Imperative, report), Some(Kind::Other));
        assert_eq!(kind_of(Evidence::Strong, report), Some(Kind::Commitment));
        assert_eq!(kind_of(Evidence::Imperative, Genre::default()), Some(Kind::Commitment));
    }

    #[test]
    fn checkable_pledges() {
        let lx = Lexicons::builtin();
        assert!(is_checkable(&lx, "成立整改落实工作领导小组", &[]));
        assert!(is_checkable(&lx, "新建行政村公共厕所120座", &[]));
        assert!(!is_checkable(&lx, "高度重视，提高政治站位，增强责任感", &[]));
    }
}
