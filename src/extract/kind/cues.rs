//! Cue words read in their grammatical role. A cue (`commitment_cues.txt`) marks a pledge
//! only as a predicate of what is still to be done:
//!
//! * not as a noun — 承诺书, 下一步工作 (`cue_compounds.txt`), a cue followed by 的 (年初承诺的
//!   12件实事), or after a word that takes it as its object (兑现承诺, 作了承诺, 宣读廉政承诺:
//!   `clause_words.txt`, label `nominalizer`);
//! * not as a past act — after 已/曾 (已督促整改, 已将…列为) or before 了 (确保了);
//! * not 要 + a verb of seeing or knowing (也要清醒看到…: a reflection, `clause_words.txt`
//!   label `cognition`);
//! * not 将 as the object marker (将问题逐条细化: what follows is a noun phrase, not a verb);
//! * not 请 asking the reader to get in touch, review or watch (如有异议请联系…, 请予审议, 请
//!   社会各界监督: `clause_words.txt` label `courtesy`).

use crate::doc::Doc;
use crate::extract::segment::Token;
use crate::lexicon::labels::{ClauseWord, CueStrength, NotAhead};
use crate::lexicon::Lexicons;
use crate::text::Span;

/// What the cues of a clause say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CueReading {
    /// The strongest cue in a pledging role, if any.
    pub cue: Option<CueStrength>,
    /// A cue stood in a past role (已督促, 确保了).
    pub past: bool,
    /// 请 asking the reader to get in touch or watch: closing boilerplate.
    pub courtesy: bool,
    /// A verb that assigns a task to someone named after it (要求各单位…, 督促…).
    pub assigns: bool,
}

/// Punctuation, quotes and the sentence-final particles after 的 (哟, 啊, 呀, 呢).
fn punct_or_particle(c: char) -> bool {
    crate::text::punct::is_clause_break(c)
        || crate::text::punct::is_close_quote(c)
        || crate::text::punct::is_space(c)
        || matches!(c, '哟' | '啊' | '呀' | '呢' | '嘛')
}

/// Reads the cues of the tokens of one clause.
pub fn read(lx: &Lexicons, doc: &Doc, clause: Span) -> CueReading {
    let toks = doc.tokens_in(clause);
    let mut r = CueReading::default();
    let text = doc.slice(clause);
    let opens = |t: &str, label: ClauseWord| lx.clause_words.prefix_entry(t.trim_start(), |l| l == label).is_some();
    // A condition in this clause or an earlier one of the sentence (公示期间，如对…有异议，请…),
    // or thanks opening the sentence. It matters only for a 请, so it is read only where one is.
    let conditional = text.contains('请')
        && (opens(text, ClauseWord::Condition)
            || opens(text, ClauseWord::Thanks)
            || doc.sentence_of(clause.start).is_some_and(|s| {
                opens(doc.slice(s), ClauseWord::Thanks)
                    || doc.clauses_in(Span::new(s.start, clause.start)).iter().any(|&c| opens(doc.slice(c), ClauseWord::Condition))
            }));
    // 如有疑问，请…: a conditional request to the reader, however the words were cut.
    if conditional {
        r.courtesy = true;
    }
    // 欢迎社会各界监督, 敬请批评指正: an invitation to the reader.
    if opens(text, ClauseWord::Invitation) && toks.iter().any(|t| lx.clause_words.has(t.word, ClauseWord::Courtesy)) {
        r.courtesy = true;
    }
    for (i, t) in toks.iter().enumerate() {
        let w = t.word;
        let directive = lx.directive_verbs.contains(w) && w != "请";
        let cue = if directive { None } else { lx.commitment_cues.label_of(w) };
        // Most words are neither; a word that opens a compound (要素, 将来) is no cue.
        if !directive && cue.is_none() || lx.cue_compounds.prefix_of(doc.slice(Span::new(t.span.start, clause.end))).is_some() {
            continue;
        }
        let prev = i.checked_sub(1).map(|j| toks[j].word).unwrap_or("");
        let next = toks.get(i + 1).map(|n| n.word).unwrap_or("");
        let past_before = lx.negations.has(prev, NotAhead::Past);
        if directive {
            if assigns_task(prev, toks.get(i + 1)) {
                if past_before || next == "了" {
                    r.past = true;
                } else {
                    r.assigns = true;
                }
            }
            continue;
        }
        let Some(strength) = cue else { continue };
        let prev2 = i.checked_sub(2).map(|j| format!("{}{}", toks[j].word, prev)).unwrap_or_default();
        // A pledge word as the subject of what was done (这类承诺已在全镇推行) is a noun; so is
        // one that ends its clause after a noun (作出了先锋行动承诺。) or after 这样 (X这样承诺。:
        // a report of the pledge, which follows or came before).
        let ends_clause = toks.get(i + 1).is_none_or(|n| n.word.chars().all(|c| matches!(c, '。' | '，' | ',' | '；' | ';' | '！')));
        let prev_noun = i.checked_sub(1).is_some_and(|j| matches!(toks[j].tag, "n" | "vn" | "nz") || matches!(prev, "这样" | "如此"));
        let copula_after = matches!(next, "是" | "都是" | "就是" | "也是" | "只是");
        let subject = w.chars().count() > 1 && (lx.negations.has(next, NotAhead::Past) || ends_clause && prev_noun || copula_after);
        if next == "的"
            || subject
            || lx.clause_words.has(prev, ClauseWord::Nominalizer)
            || lx.clause_words.has(&prev2, ClauseWord::Nominalizer)
            || (prev == "的" || prev == "了") && w.chars().count() > 1
        {
            continue;
        }
        if past_before || next == "了" {
            r.past = true;
            continue;
        }
        let after = doc.slice(Span::new(t.span.end, clause.end));
        // 是要…的 asserts a consequence (做不到是要挨板子的), it pledges nothing.
        let asserts = prev == "是" && after.trim_end_matches(|c: char| punct_or_particle(c)).ends_with('的');
        if w == "要" && (asserts || lx.clause_words.prefix_entry(after, |l| l == ClauseWord::Cognition).is_some()) {
            continue;
        }
        if w == "将" && !future_jiang(lx, toks.get(i + 1)) {
            continue;
        }
        // 会 (will) before a verb, not the 会 of a meeting (推进会, 会后).
        let prev_verb = i.checked_sub(1).is_some_and(|j| toks[j].tag.starts_with('v'));
        if w == "会" && (prev_verb || !future_jiang(lx, toks.get(i + 1))) {
            continue;
        }
        if w.starts_with('请') && (conditional || toks[i + 1..].iter().any(|n| lx.clause_words.has(n.word, ClauseWord::Courtesy))) {
            r.courtesy = true;
            continue;
        }
        r.cue = Some(match (r.cue, strength) {
            (Some(CueStrength::Strong), _) | (_, CueStrength::Strong) => CueStrength::Strong,
            _ => CueStrength::Modal,
        });
    }
    // Longer cues written across words (立下军令状, 整改措施：).
    if r.cue.is_none() && !r.courtesy {
        let written = lx.commitment_cues.first_occurrence(text, |w, _, range| {
            let at = clause.start + text[..range.start].chars().count();
            w.chars().count() > 2 && doc.token_at(at).is_some() && lx.cue_compounds.prefix_of(&text[range.start..]).is_none()
        });
        if let Some((_, strength, _)) = written {
            r.cue = Some(strength);
        }
    }
    r
}

/// 将 as the future (将立即召开, 将认真学习), not the object marker (将问题逐条细化, 将18项收费
/// …): after it comes a task verb, an adverb, a preposition or a time word.
fn future_jiang(lx: &Lexicons, next: Option<&Token>) -> bool {
    let Some(next) = next else { return false };
    let w = next.word;
    lx.adverbs.prefix_of(w).is_some()
        || lx.action_verbs.prefix_of(w).is_some()
        || matches!(w, "把" | "在" | "对" | "于" | "从" | "以" | "会" | "要" | "按照" | "通过" | "继续" | "进一步")
        || !(next.tag.starts_with('n') || next.tag == "m" || next.tag == "x" || next.tag == "r")
}

/// A directive verb used as a verb (要求区政府办公室党组切实…), not the noun 要求 (提出三点
/// 要求, 按照要求).
fn assigns_task(prev: &str, next: Option<&Token>) -> bool {
    // 要求严, 要求高: the noun with an adjective.
    next.is_some_and(|n| {
        !n.tag.starts_with('x')
            && !n.tag.starts_with('a')
            && !matches!(n.word, "的" | "和" | "与" | "及" | "等" | "、")
            && !n.word.starts_with(['，', ',', '。', '：', ':'])
    }) && !matches!(prev, "按" | "按照" | "根据" | "的" | "点" | "项" | "条" | "工作" | "提出" | "有关" | "上述" | "新" | "严格" | "这些" | "各项" | "上级")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::testing::lexicons;

    fn reading(text: &str) -> CueReading {
        let doc = Doc::for_test(text);
        read(lexicons(), &doc, Span::new(0, doc.text.len()))
    }

    #[test]
    fn pledge_words_as_nouns_are_no_cues() {
        for t in [
            "镇村两级干部的承诺事项已在便民服务中心公示",
            "全区共有386名党员签订了廉洁承诺书",
            "年初承诺的12件民生实事已全部兑现",
            "各村党组织书记在村民大会上逐项作了承诺",
            "会议研究了下一步工作",
            "各村支部书记交流了下一步打算",
            // In our own words: a demonstrative, or a past predicate after it.
            "这类承诺已在全县推开",
            "上述承诺事项由镇纪委跟踪督办",
            "这些保证已经写进村规民约",
            "两年来，干部承诺已全部兑现",
            "对以上承诺，接受全体村民监督",
            "全镇党员都作出了自己的服务承诺。",
            "镇长这样承诺。",
            "全乡共承诺为民办实事60件",
            "前述承诺事项均在公开栏张贴",
        ] {
            assert_eq!(reading(t).cue, None, "{t}");
        }
        for t in ["该局承诺9月底前再完成15个老旧小区改造", "本人承诺：不收受礼金", "下一步，县工信局将逐一约谈"] {
            assert_eq!(reading(t).cue, Some(CueStrength::Strong), "{t}");
        }
    }

    #[test]
    fn past_and_reflective_uses() {
        assert!(reading("已督促整改19个").past);
        assert!(reading("该局已将信访积案化解情况列为必述内容").cue.is_none());
        assert!(reading("确保了辖区无新增吸毒人员").cue.is_none());
        assert_eq!(reading("但也要清醒看到").cue, None);
        assert_eq!(reading("各单位要清醒认识到问题的严重性").cue, None);
        assert_eq!(reading("各单位要逐项对账销号").cue, Some(CueStrength::Modal));
        // 是要…的 asserts a consequence; a pledge word before a copula is its subject.
        assert_eq!(reading("拖着不办是要被问责的").cue, None);
        assert_eq!(reading("过去的承诺都是写在纸上").cue, None);
        assert_eq!(reading("关键是要抓好落实").cue, Some(CueStrength::Modal));
        // Thanks are no task.
        assert_eq!(reading("我们要感谢村里的帮扶").cue, None);
        assert_eq!(reading("一要感恩党的好政策").cue, None);
    }

    #[test]
    fn courtesy_requests_are_no_tasks() {
        for t in ["如有异议，请与区委组织部联系", "请广大干部群众予以监督", "请予审议", "请社会各界监督", "如有疑问请致电区政务服务中心"]
        {
            let r = reading(t);
            assert!(r.cue.is_none() && r.courtesy, "{t}: {r:?}");
        }
        assert_eq!(reading("请各村于6月10日前将排查结果报镇规划办").cue, Some(CueStrength::Strong));
        // In our own words: an invitation, and a condition in an earlier clause of the sentence.
        for t in ["欢迎广大市民监督", "敬请批评指正"] {
            assert!(reading(t).courtesy, "{t}");
        }
        for t in ["公示期间，如对拟任人选有意见，请向县委组织部反映", "评议结束后，如发现问题，请拨打监督电话"] {
            let doc = Doc::for_test(t);
            let last = *doc.clauses.last().unwrap();
            assert!(read(lexicons(), &doc, last).courtesy, "{t}");
        }
        let doc = Doc::for_test("如期完成整改后，请各科室于月底前报送总结");
        let last = *doc.clauses.last().unwrap();
        assert!(!read(lexicons(), &doc, last).courtesy);
    }
}
