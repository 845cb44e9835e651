//! `numbering-repeat`: a number used twice in one list, or going backwards (一是、二是、二是).

use super::{Context, Finding, Rule};
use crate::ledger::Item;

/// Flags repeated and out-of-order numbers in a list.
pub struct NumberingRepeat;

impl Rule for NumberingRepeat {
    fn code(&self) -> &'static str {
        "numbering-repeat"
    }
    fn description(&self) -> &'static str {
        "同一组序号重复或顺序颠倒（如“一是、二是、二是”）"
    }
    fn example(&self) -> (&'static str, &'static str) {
        ("1.成立小组。\n2.制定方案。\n2.公开结果。", "1.成立小组。\n2.制定方案。\n3.公开结果。")
    }
    fn is_pledge_rule(&self) -> bool {
        false
    }
    fn check(&self, ctx: &Context, _items: &[&Item]) -> Vec<Finding> {
        let mut out = Vec::new();
        for run in ctx.outline.sibling_runs() {
            let mut prev: Option<u32> = None;
            for &idx in &run {
                let m = &ctx.outline.nodes[idx].marker;
                if let Some(p) = prev {
                    if m.ordinal <= p && m.ordinal != 9 {
                        let what = if m.ordinal == p { "重复" } else { "顺序颠倒" };
                        out.push(Finding {
                            code: self.code(),
                            severity: self.default_severity(),
                            message: format!("序号“{}”{}：前一项已是第{}项", m.text, what, p).into(),
                            suggestion: "把序号改为连续递增".into(),
                            span: m.span,
                            item: None,
                        });
                    }
                }
                prev = Some(prev.map_or(m.ordinal, |p| p.max(m.ordinal)));
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
    fn fires_on_repeat() {
        assert_lint_count(&NumberingRepeat, "1.成立小组。\n2.制定方案。\n2.公开结果。", 1);
    }

    #[test]
    fn quiet_on_restarted_lists() {
        assert_lint_count(&NumberingRepeat, "1.不回避。一是对待；二是信心。\n2.不护短。一是聚焦；二是突破。", 0);
    }
}
