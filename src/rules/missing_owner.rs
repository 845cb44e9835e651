//! `missing-owner`: a commitment that names nobody to carry it out.

use super::{commitments, item_finding, pledging_clause, Context, Finding, Rule};
use crate::ledger::Item;

/// Flags commitments without any owner.
pub struct MissingOwner;

impl Rule for MissingOwner {
    fn code(&self) -> &'static str {
        "missing-owner"
    }
    fn description(&self) -> &'static str {
        "承诺事项没有写明责任主体（责任单位或责任人）"
    }
    fn example(&self) -> (&'static str, &'static str) {
        ("一是认真对待，深刻反思问题。", "由区纪委牵头，认真对待……")
    }
    fn check(&self, ctx: &Context, items: &[&Item]) -> Vec<Finding> {
        commitments(items)
            .filter(|i| i.owners.is_empty())
            .map(|i| {
                item_finding(self, i, pledging_clause(ctx, i), "承诺事项没有写明由谁负责，无法督办", "建议明确牵头单位和责任人，如“由区纪委牵头，各乡镇配合”")
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_lint_count, assert_lint_matches};

    #[test]
    fn fires_without_owner() {
        assert_lint_count(&MissingOwner, "1.认真对待，坚决整改到位。\n2.区纪委要在6月底前完成整改。", 1);
    }

    #[test]
    fn points_at_the_pledging_clause() {
        assert_lint_matches(&MissingOwner, "1.认真对待，坚决整改到位。\n2.区纪委要在6月底前完成整改。", &["坚决整改到位"]);
        assert_lint_matches(&MissingOwner, "（一）高度重视。要在6月底前完成问题清单，逐项销号。", &["要在6月底前完成问题清单"]);
    }

    #[test]
    fn quiet_with_owner() {
        assert_lint_count(&MissingOwner, "区纪委要在6月底前完成全部整改。", 0);
    }
}
