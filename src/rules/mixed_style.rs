//! `mixed-style`: paragraph headings at one level numbered in two styles (一、 then （二）).

use super::{continues_parent, is_heading_style, Context, Finding, Rule, Severity};
use crate::ledger::Item;

/// Flags sibling headings that use different marker styles.
pub struct MixedStyle;

impl Rule for MixedStyle {
    fn code(&self) -> &'static str {
        "mixed-style"
    }
    fn description(&self) -> &'static str {
        "同一层级的段首序号混用不同样式（如“一、”与“（二）”并列）"
    }
    fn example(&self) -> (&'static str, &'static str) {
        ("一、总体要求\n（二）主要任务", "一、总体要求\n二、主要任务")
    }
    fn default_severity(&self) -> Severity {
        Severity::Info
    }
    fn is_pledge_rule(&self) -> bool {
        false
    }
    fn check(&self, ctx: &Context, _items: &[&Item]) -> Vec<Finding> {
        let o = ctx.outline;
        let mut out = Vec::new();
        let parents = std::iter::once(None).chain((0..o.nodes.len()).map(Some));
        for parent in parents {
            let siblings: Vec<usize> = match parent {
                None => o.roots.clone(),
                Some(p) => o.nodes[p].children.clone(),
            };
            let heads: Vec<usize> =
                siblings.into_iter().filter(|&i| o.nodes[i].marker.at_paragraph_start && is_heading_style(o.nodes[i].marker.style)).collect();
            let Some(&first) = heads.first() else {
                continue;
            };
            let style = o.nodes[first].marker.style;
            for &i in &heads[1..] {
                let m = &o.nodes[i].marker;
                if m.style != style {
                    out.push(Finding {
                        code: self.code(),
                        severity: self.default_severity(),
                        message: format!("同级标题混用序号样式：前面用“{}”，这里用“{}”", style.example(), m.style.example()).into(),
                        suggestion: format!("同一层级统一使用“{}”样式（层次顺序一般为 一、→（一）→ 1. →（1））", style.example()).into(),
                        span: m.span,
                        item: None,
                    });
                }
            }
        }
        // 一、总体要求 then （二）主要任务: the outline nests （二） under 一、, but its number
        // goes on from 一、.
        for (i, node) in o.nodes.iter().enumerate() {
            if let Some(p) = continues_parent(o, i) {
                let (m, pm) = (&node.marker, &o.nodes[p].marker);
                out.push(Finding {
                    code: self.code(),
                    severity: self.default_severity(),
                    message: format!(
                        "“{}”接着上一级“{}”的编号，同级标题混用序号样式：前面用“{}”，这里用“{}”",
                        m.text,
                        pm.text,
                        pm.style.example(),
                        m.style.example()
                    )
                    .into(),
                    suggestion: format!("同一层级统一使用“{}”样式；若“{}”是下一级标题，则缺少第1项", pm.style.example(), m.text).into(),
                    span: m.span,
                    item: None,
                });
            }
        }
        out.sort_by_key(|f| f.span);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_lint_count, assert_lint_matches};

    #[test]
    fn fires_on_mixed_headings() {
        assert_lint_count(&MixedStyle, "1.成立小组。明确分工。\n（2）制定方案。明确时限。", 1);
        assert_lint_matches(&MixedStyle, "一、总体要求\n（二）主要任务", &["（二）"]);
        assert_lint_matches(&MixedStyle, "一、总体要求。明确目标。\n（二）主要任务。明确分工。\n（三）保障措施。", &["（二）"]);
    }

    #[test]
    fn quiet_on_nested_styles() {
        assert_lint_count(&MixedStyle, "一、总体要求\n（一）加强领导\n二、主要任务", 0);
        assert_lint_count(&MixedStyle, "一、总体要求\n（二）主要任务\n二、保障措施", 0);
        assert_lint_count(&MixedStyle, "一是统一思想。各部门要重视。\n二是压实责任。要抓落实。\n1.与改革相结合。\n2.与发展相结合。", 0);
    }
}
