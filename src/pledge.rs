//! Is it a pledge? Classifies a stretch of text as a commitment, a problem or other, from the
//! cue lexicons (`commitment_cues`, `action_verbs`, `problem_cues`, `past_cues`,
//! `background_headings`), and tells whether a commitment names anything checkable
//! (`concrete_actions`, numbers) or only an attitude.

use crate::lexicon::Lexicons;
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

/// Finds the evidence in `text` (tokens are its segmentation); `heading` is the item's
/// heading, checked for background words.
pub fn evidence(lx: &Lexicons, text: &str, tokens: &[&str], heading: Option<&str>) -> Evidence {
    if let Some(h) = heading {
        if lx.get("background_headings").occurs_in(h, &[]) {
            return Evidence::Background;
        }
    }
    if let Some((_, label)) = lx.get("commitment_cues").find_in(text, tokens) {
        return if label == "strong" { Evidence::Strong } else { Evidence::Modal };
    }
    if lx.get("problem_cues").occurs_in(text, tokens) {
        return Evidence::Problem;
    }
    if lx.get("past_cues").occurs_in(text, tokens) {
        return Evidence::Past;
    }
    if starts_with_action(lx, text) {
        return Evidence::Imperative;
    }
    Evidence::Neutral
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
        _ => Some(Kind::Other),
    }
}

/// True when the text, after brackets, quotes and adverbs, opens with a task verb.
pub fn starts_with_action(lx: &Lexicons, text: &str) -> bool {
    let mut rest = text.trim_start_matches(|c: char| c.is_whitespace() || "“”‘’\"'【】[]《》（）()，,、：:".contains(c));
    let adverbs = lx.get("adverbs");
    let verbs = lx.get("action_verbs");
    for _ in 0..4 {
        if verbs.prefix_of(rest).is_some() {
            return true;
        }
        match adverbs.prefix_of(rest) {
            Some(a) if rest.len() > a.len() => rest = rest[a.len()..].trim_start_matches(['，', ',', '、']),
            _ => break,
        }
    }
    verbs.prefix_of(rest).is_some()
}

fn quantity_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"([0-9０-９]+(\.[0-9]+)?|[一二三四五六七八九十百千万两]+)\s*(个|项|件|座|处|万|亿|元|公里|千米|米|亩|%|％|名|人|户|家|条|次|批|所|台|套|篇|场|期|类|支|只|辆|吨|平方米)")
            .expect("quantity pattern")
    })
}

/// True when a commitment names something checkable: a concrete action or deliverable from
/// `concrete_actions`, or a quantity (7.5公里, 120座, 一批).
pub fn is_checkable(lx: &Lexicons, text: &str, tokens: &[&str]) -> bool {
    lx.get("concrete_actions").occurs_in(text, tokens) || quantity_pattern().is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(text: &str) -> Evidence {
        let lx = Lexicons::builtin();
        let seg = crate::segment::Segmenter::new(&[]).unwrap();
        let toks = seg.cut(text);
        evidence(&lx, text, &toks, None)
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
