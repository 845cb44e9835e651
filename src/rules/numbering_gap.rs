//! `numbering-gap`: a list that skips a number (一是、二是、四是) or starts past one.

use super::{Context, Finding, Rule};
use crate::ledger::Item;

/// Flags skipped numbers in a list.
pub struct NumberingGap;

impl Rule for NumberingGap {
    fn code(&self) -> &'static str {
        "numbering-gap"
    }
    fn description(&self) -> &'static str {
        "序号跳号（如“一是、二是、四是”）或不从一开始"
    }
    fn example(&self) -> (&'static str, &'static str) {
        ("一是成立小组；二是制定方案；四是公开结果。", "一是成立小组；二是制定方案；三是公开结果。")
    }
    fn is_pledge_rule(&self) -> bool {
        false
    }
    fn check(&self, ctx: &Context, _items: &[&Item]) -> Vec<Finding> {
        let mut out = Vec::new();
        for run in ctx.outline.sibling_runs() {
            let mut expected = 1;
            for &idx in &run {
                let m = &ctx.outline.nodes[idx].marker;
                if m.ordinal == 9 {
                    // 最后 closes a 首先/其次 run whatever its length.
                    continue;
                }
                // 一、 then （二）: a heading in the wrong style, which mixed-style reports.
                if expected == 1 && super::continues_parent(ctx.outline, idx).is_some() {
                    expected = m.ordinal + 1;
                    continue;
                }
                if m.ordinal > expected {
                    let missing: Vec<String> = (expected..m.ordinal).map(|n| n.to_string()).collect();
                    out.push(Finding {
                        code: self.code(),
                        severity: self.default_severity(),
                        message: format!("序号“{}”前缺少第{}项", m.text, missing.join("、")).into(),
                        suggestion: "检查是否漏写了一项，或把序号改为连续".into(),
                        span: m.span,
                        item: None,
                    });
                }
                expected = expected.max(m.ordinal + 1);
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
    fn fires_on_skipped_number() {
        assert_lint_count(&NumberingGap, "要做到：一是成立小组；二是制定方案；四是公开结果。", 1);
        assert_lint_count(&NumberingGap, "二、主要任务\n三、保障措施", 1);
    }

    #[test]
    fn quiet_on_consecutive_numbers() {
        assert_lint_count(&NumberingGap, "要做到：一是成立小组；二是制定方案；三是公开结果。", 0);
        assert_lint_count(&NumberingGap, "首先，统一思想。其次，压实责任。最后，严肃问责。", 0);
        // A sibling heading in the wrong style is mixed-style's, not a gap.
        assert_lint_count(&NumberingGap, "一、总体要求\n（二）主要任务", 0);
    }

    #[test]
    fn a_missing_first_subheading_is_a_gap() {
        // 二、 follows, so （二） under 一、 is a sub-list that lacks （一）.
        assert_lint_count(&NumberingGap, "一、总体要求\n（二）主要任务\n二、保障措施", 1);
    }
}
