//! `count-mismatch`: an announced count that the list after it does not keep
//! ("我讲三点意见" then four parts; "做到'四个结合'" then three; "八个不" must find eight 不).

use super::{Context, Finding, Rule};
use crate::ledger::Item;
use crate::text::numeral::number;
use crate::text::{is_sentence_end, Span};
use regex::Regex;
use std::sync::OnceLock;

/// Flags lists whose length differs from the count announced before them.
pub struct CountMismatch;

fn announced() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:[“\x22]([一二三四五六七八九十两]{1,3})个([^”\x22]{1,4})[”\x22])|(?:([一二三四五六七八九十两]{1,3}|[0-9]{1,2})(?:点|个方面|项|条|件)(?:意见|要求|举措|措施|任务|工作|建议|体会|打算|重点)?)")
            .expect("count pattern")
    })
}

impl Rule for CountMismatch {
    fn code(&self) -> &'static str {
        "count-mismatch"
    }
    fn description(&self) -> &'static str {
        "预告的数目与后文不符（如“讲三点意见”后列了四点，“四个结合”只写了三个）"
    }
    fn example(&self) -> (&'static str, &'static str) {
        ("我讲三点意见。一是统一思想。二是压实责任。", "我讲两点意见。一是统一思想。二是压实责任。")
    }
    fn is_pledge_rule(&self) -> bool {
        false
    }
    fn check(&self, ctx: &Context, _items: &[&Item]) -> Vec<Finding> {
        let o = ctx.outline;
        let text = &ctx.doc.text;
        let mut out = Vec::new();
        let mut floor = 0usize;
        for run in o.sibling_runs() {
            let first = &o.nodes[run[0]];
            let start = first.marker.span.start;
            // The announcement: the last count in the sentence or two before the list.
            let mut lo = start.saturating_sub(120).max(floor).max(first.parent.map(|p| o.nodes[p].marker.span.end).unwrap_or(0));
            let mut ends = 0;
            for i in (lo..start.saturating_sub(1)).rev() {
                if text.char(i).is_some_and(is_sentence_end) {
                    ends += 1;
                    if ends == 2 {
                        lo = i + 1;
                        break;
                    }
                }
            }
            floor = floor.max(start);
            let window = text.slice(Span::new(lo, start));
            let Some(c) = announced().captures_iter(window).last() else {
                continue;
            };
            let m = c.get(0).expect("match");
            let at = lo + window[..m.start()].chars().count();
            let span = Span::new(at, at + m.as_str().chars().count());
            let (expected, found, what) = if let (Some(n), Some(x)) = (c.get(1), c.get(2)) {
                let Some(n) = number(n.as_str()) else {
                    continue;
                };
                let x = x.as_str();
                let headings: Vec<String> = run.iter().map(|&i| text.slice(o.heading_span(text, i)).to_string()).collect();
                let found = if x.chars().count() == 1 {
                    headings.iter().flat_map(|h| h.split(['，', ',', '、', '；', ' '])).filter(|part| part.starts_with(x)).count() as u32
                } else {
                    headings.iter().filter(|h| h.contains(x)).count() as u32
                };
                if found == 0 {
                    continue;
                }
                (n, found, format!("“{}”", m.as_str().trim_matches(['“', '”', '"'])))
            } else {
                let Some(n) = c.get(3).and_then(|g| number(g.as_str())) else {
                    continue;
                };
                (n, run.len() as u32, format!("“{}”", m.as_str()))
            };
            if expected != found {
                out.push(Finding {
                    code: self.code(),
                    severity: self.default_severity(),
                    message: format!("前文预告{}（{}个），后面实际列出{}个", what, expected, found).into(),
                    suggestion: "核对预告的数目与实际列出的条目，补齐或改正数目".into(),
                    span,
                    item: None,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::assert_lint_count;

    #[test]
    fn fires_on_wrong_count() {
        assert_lint_count(&CountMismatch, "我讲三点意见：一是统一思想；二是压实责任；三是严肃问责；四是公开结果。", 1);
        assert_lint_count(&CountMismatch, "要做到“四个结合”。一是与改革相结合；二是与发展相结合；三是与民生相结合。", 1);
    }

    #[test]
    fn quiet_on_kept_count() {
        assert_lint_count(&CountMismatch, "提出两点要求：一是统一思想；二是压实责任。", 0);
        assert_lint_count(&CountMismatch, "重点做到“四个不”。\n1.不回避，不遮掩，高度重视。我们将整改。\n2.不护短，不手软，坚决整改。我们将落实。", 0);
    }
}
