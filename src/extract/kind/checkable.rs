//! Is a commitment checkable? SPEC §3's empty-pledge test: a pledge is not empty when its own
//! text names an action whose completion leaves a trace a third party could find — a
//! deliverable or a named mechanism (方案, 清单, 台账, 报告, 建立…制度), an event (召开…会议,
//! 开展专项督查), a submission or transfer (报送, 移交, 公布), a number or measurable target
//! (120座, 十五个工作日, 一次), or a negative pledge of a concrete act (不收受礼金: 不 + a verb
//! with its object). The words are in `concrete_actions.txt`; quantities and negations are
//! grammar, here.

use crate::doc::Doc;
use crate::lexicon::labels::{ClauseWord, Trace};
use crate::lexicon::Lexicons;
use crate::text::{punct, Span};
use regex::Regex;
use std::sync::OnceLock;

fn quantity_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?:[0-9０-９]+(?:\.[0-9]+)?\s*(?:个|项|件|座|处|万|亿|元|公里|千米|米|亩|%|％|名|人|户|家|条|次|批|所|台|套|篇|场|期|类|支|只|辆|吨|平方米|公斤|千克|天|日|周))",
            r"|(?:(?:[二三四五六七八九十百千万两][一二三四五六七八九十百千万两]*|一[十百千万]+)(?:个|项|件|座|处|万|亿|元|公里|亩|名|户|家|条|批|所|台|套|辆|吨|次|公斤|千克|篇|场|天|日|周))",
            r"|一(?:批|台|座|处|套|辆|所|次|份)"
        ))
        .expect("quantity pattern")
    })
}

/// True when the commitment whose own text is `spans` names something checkable. A clause by
/// which the document announces itself (现将《实施方案》印发给你们: `announcement_cues.txt`)
/// names what the issuer has done, not what the pledge asks: its words do not count. `dated`:
/// the item's limit is a date or a duration, which makes a verb of completion (完成…,
/// `concrete_actions.txt` label `completion`) checkable.
pub fn is_checkable(lx: &Lexicons, doc: &Doc, spans: &[Span], dated: bool) -> bool {
    spans.iter().flat_map(|&sp| super::clauses_in(doc, sp)).any(|sp| {
        let text = doc.slice(sp);
        if lx.announcement_cues.occurs_in(text, &doc.words_in(sp)) {
            return false;
        }
        names_a_trace(lx, text, dated) || quantity_pattern().is_match(text) || negative_act(lx, doc, sp)
    })
}

/// A trace word of `concrete_actions.txt` that no `not` entry masks and that is not the
/// object of a verb of degree (强化|跟踪督办); or a gapped entry (建立…制度); with `dated`, also a
/// verb of completion.
fn names_a_trace(lx: &Lexicons, text: &str, dated: bool) -> bool {
    let found = lx.concrete_actions.occurrences(text);
    let masks: Vec<std::ops::Range<usize>> = found.iter().filter(|(_, l, _)| *l == Trace::Not).map(|(_, _, r)| r.clone()).collect();
    let plain = found.iter().filter(|(_, l, _)| *l == Trace::Trace || (dated && *l == Trace::Completion)).any(|(w, _, r)| {
        let masked = masks.iter().any(|m| m.start < r.end && r.start < m.end);
        // The verb of degree right before it, or before a modifier of up to four characters
        // (认领|整改|清单, 落实|整改|方案).
        let before = &text[..r.start];
        let governed = before
            .char_indices()
            .rev()
            .take(5)
            .take_while(|&(_, c)| !punct::is_clause_break(c) && !"、和及与".contains(c))
            .any(|(i, _)| lx.clause_words.suffix_entry(&before[..i], |l| l == ClauseWord::Degree).is_some())
            || lx.clause_words.suffix_entry(before, |l| l == ClauseWord::Degree).is_some();
        // A one-character entry counts as a word of its own only (as the lexicons match).
        !masked && !governed && w.chars().count() > 1
    });
    plain || lx.concrete_actions.gapped_in(text).any(|(_, l)| l == Trace::Trace)
}

/// A clause that forbids a concrete act: 不 + a verb + its object (不收受礼金, 不插手工程招标),
/// not an attitude (不推诿, 不懈怠).
fn negative_act(lx: &Lexicons, doc: &Doc, span: Span) -> bool {
    let text = doc.slice(span);
    // Every negation below holds 不: a text without it forbids nothing.
    if !text.contains('不') {
        return false;
    }
    text.split(punct::CLAUSE_BREAKS).any(|clause| {
        if !clause.contains('不') {
            return false;
        }
        let c = clause.trim_start_matches(|c: char| punct::is_space(c) || "“”：:".contains(c));
        // 本人承诺不收受…: the negation after a verb of pledging.
        let c = ["承诺", "保证", "做到", "坚持"].iter().find_map(|v| c.find(v).map(|i| &c[i + v.len()..])).unwrap_or(c);
        let Some(rest) = ["决不", "绝不", "坚决不", "不得", "不再", "不"].iter().find_map(|n| c.strip_prefix(n)) else {
            return false;
        };
        let verb_len = lx.action_verbs.prefix_of(rest).map(|v| v.chars().count()).unwrap_or(2);
        rest.chars().count() >= verb_len + 2 && !rest.starts_with(['是', '够', '足', '力', '断'])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::testing::lexicons;

    fn checkable(t: &str) -> bool {
        let doc = Doc::for_test(t);
        is_checkable(lexicons(), &doc, &[Span::new(0, doc.text.len())], false)
    }

    #[test]
    fn a_completion_under_a_dated_limit() {
        // In our own words: the limit makes the completion checkable; without one it is not.
        for t in ["完成宣传册印制", "全部完成排查", "校舍维修完工"] {
            let doc = Doc::for_test(t);
            let span = [Span::new(0, doc.text.len())];
            assert!(is_checkable(lexicons(), &doc, &span, true), "{t}");
            assert!(!is_checkable(lexicons(), &doc, &span, false), "{t}");
        }
    }

    #[test]
    fn traces_a_third_party_could_find() {
        for t in [
            "成立整改落实工作领导小组",
            "新建行政村公共厕所120座",
            "在十五个工作日内办结并书面答复",
            "一律移交区纪委监委处理",
            "整改结果要在村务公开栏公布",
            "不收受管理服务对象的礼品礼金",
            "每天报送一次水情",
            "6月10日前制订工作方案报局办公室",
            "完成新安大道一期工程",
            "深入开展健康中国行动",
            "认领问题后建立整改台账",
            "对照反馈意见形成问题清单",
        ] {
            assert!(checkable(t), "{t}");
        }
    }

    #[test]
    fn attitudes_are_empty() {
        for t in [
            "高度重视，提高政治站位，增强责任感",
            "不推诿，不懈怠，从严从实担当",
            "以实际行动践行初心",
            "增强行动自觉，展现担当作为",
            "压实责任，确保整改到位",
            "要强化跟踪督办",
            "全盘认领整改问题清单",
            "认真学习巡视报告",
            "加强整改台账管理",
        ] {
            assert!(!checkable(t), "{t}");
        }
    }

    #[test]
    fn the_issuing_clause_of_a_notice_is_no_trace() {
        // In our own words: the document issued is the issuer's act; the request is empty.
        for t in ["现将《村庄清洁行动方案》印发给你们，请认真抓好落实", "现将考核办法印发你们，请结合实际贯彻执行", "现将有关事项通知如下，请高度重视"]
        {
            assert!(!checkable(t), "{t}");
        }
        for t in ["现将整改方案印发给你们，请于5月底前报送整改台账", "现将清单印发给你们，请逐项制定整改措施"] {
            assert!(checkable(t), "{t}");
        }
    }
}
