//! `missing-deadline`: a commitment with no time limit at all.

use super::{commitments, item_finding, pledging_clause, Context, Finding, Rule};
use crate::ledger::Item;

/// Flags commitments without any time expression.
pub struct MissingDeadline;

impl Rule for MissingDeadline {
    fn code(&self) -> &'static str {
        "missing-deadline"
    }
    fn description(&self) -> &'static str {
        "承诺事项没有完成时限"
    }
    fn example(&self) -> (&'static str, &'static str) {
        ("区纪委要开展专项督查。", "区纪委要在6月底前开展专项督查。")
    }
    fn check(&self, ctx: &Context, items: &[&Item]) -> Vec<Finding> {
        commitments(items)
            .filter(|i| i.deadlines.is_empty())
            .map(|i| {
                item_finding(self, i, pledging_clause(ctx, i), "承诺事项没有完成时限，无法按时间表督办", "建议写明完成时限，如“6月底前完成”或“3个月内整改到位”")
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_lint_count, assert_lint_matches};

    #[test]
    fn fires_without_time() {
        assert_lint_count(&MissingDeadline, "区纪委要开展专项督查。", 1);
    }

    #[test]
    fn points_at_the_pledging_clause() {
        assert_lint_matches(&MissingDeadline, "区纪委要开展专项督查。", &["区纪委要开展专项督查"]);
        assert_lint_matches(&MissingDeadline, "一是压实责任，区纪委要开展专项督查，查办一批案件。", &["区纪委要开展专项督查"]);
        assert_lint_matches(&MissingDeadline, "2023年，全区完成整改问题120个。", &["全区完成整改问题120个"]);
    }

    #[test]
    fn quiet_with_time() {
        assert_lint_count(&MissingDeadline, "区纪委要在6月底前开展专项督查。", 0);
        assert_lint_count(&MissingDeadline, "区纪委要立行立改。", 0);
    }
}
