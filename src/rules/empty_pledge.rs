//! `empty-pledge`: a commitment that states only an attitude (高度重视, 提高站位) and no
//! action whose completion could be checked.

use super::{commitments, item_finding, pledging_clause, Context, Finding, Rule};
use crate::ledger::Item;

/// Flags commitments with nothing checkable in them.
pub struct EmptyPledge;

impl Rule for EmptyPledge {
    fn code(&self) -> &'static str {
        "empty-pledge"
    }
    fn description(&self) -> &'static str {
        "只有表态（高度重视、提高站位、进一步加强），没有可以检查是否完成的具体行动"
    }
    fn example(&self) -> (&'static str, &'static str) {
        ("我们要高度重视，提高政治站位。", "6月底前召开专题会议，制定整改方案。")
    }
    fn check(&self, ctx: &Context, items: &[&Item]) -> Vec<Finding> {
        commitments(items)
            .filter(|i| !i.checkable)
            .map(|i| {
                item_finding(
                    self,
                    i,
                    pledging_clause(ctx, i),
                    "只有态度表述，没有可以检查是否完成的具体行动或成果",
                    "建议写明具体举措和成果，如“成立专项小组”“修订××制度”“公开整改结果”",
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_lint_count, assert_lint_matches};

    #[test]
    fn fires_on_attitude_only() {
        assert_lint_count(&EmptyPledge, "我们要高度重视，提高政治站位，增强责任感。", 1);
    }

    #[test]
    fn points_at_the_pledging_clause() {
        assert_lint_matches(&EmptyPledge, "我们要高度重视，提高政治站位，增强责任感。", &["我们要高度重视"]);
        assert_lint_matches(&EmptyPledge, "二是e\u{301}，我们要进一步提高认识。", &["我们要进一步提高认识"]);
    }

    #[test]
    fn quiet_on_actions() {
        assert_lint_count(&EmptyPledge, "区纪委要开展专项督查，查办一批案件。", 0);
        assert_lint_count(&EmptyPledge, "区政府要新建公共厕所120座。", 0);
    }
}
