//! `vague-deadline`: a commitment whose time limit cannot be checked (尽快, 限期, 适时).

use super::{commitments, cover, item_finding, pledging_clause, Context, Finding, Rule};
use crate::extract::deadline::DeadlineKind;
use crate::ledger::Item;

/// Flags commitments whose time limits include a vague one and no date or duration (a vague
/// word beside an immediate or ongoing limit still counts).
pub struct VagueDeadline;

impl Rule for VagueDeadline {
    fn code(&self) -> &'static str {
        "vague-deadline"
    }
    fn description(&self) -> &'static str {
        "时限只有“尽快”“限期”“适时”等模糊说法，无法判断是否按期完成"
    }
    fn example(&self) -> (&'static str, &'static str) {
        ("对复杂问题限期完成。", "对复杂问题9月30日前完成。")
    }
    fn check(&self, ctx: &Context, items: &[&Item]) -> Vec<Finding> {
        commitments(items)
            .filter_map(|i| {
                // SPEC §3: a vague limit counts only where no date or duration stands beside it
                // (尽快 beside 3个月内 is not flagged; beside 立行立改 it is).
                let dated = i.deadlines.iter().any(|d| matches!(d.kind, DeadlineKind::Date | DeadlineKind::Relative));
                let mut vague: Vec<_> = i.deadlines.iter().filter(|d| d.kind == DeadlineKind::Vague).collect();
                vague.sort_by_key(|d| d.span);
                let span = cover(ctx, vague.iter().map(|d| d.span)).unwrap_or_else(|| pledging_clause(ctx, i));
                let vague: Vec<&str> = vague.iter().map(|d| d.text.as_str()).collect();
                (!vague.is_empty() && !dated).then(|| {
                    item_finding(
                        self,
                        i,
                        span,
                        format!("时限“{}”没有具体日期，无法检查是否按期完成", vague.join("、")),
                        "建议把模糊时限改为具体日期或期限，如“限期完成”改为“9月30日前完成”",
                    )
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_lint_count, assert_lint_matches};

    #[test]
    fn fires_on_vague_words() {
        assert_lint_count(&VagueDeadline, "区纪委要尽快完成整改。", 1);
        assert_lint_count(&VagueDeadline, "区纪委要对能解决的立行立改，对复杂的限期完成。", 1);
    }

    #[test]
    fn points_at_the_vague_words() {
        assert_lint_matches(&VagueDeadline, "区纪委要尽快完成整改。", &["尽快"]);
        assert_lint_matches(&VagueDeadline, "区纪委要适时开展专项督查。", &["适时"]);
        assert_lint_matches(&VagueDeadline, "👨\u{200d}👩\u{200d}👧区纪委要对复杂的问题限期完成。", &["限期"]);
    }

    #[test]
    fn quiet_on_dates() {
        assert_lint_count(&VagueDeadline, "区纪委要在6月底前完成整改。", 0);
        assert_lint_count(&VagueDeadline, "区纪委要按时完成整改，6月底前提交报告。", 0);
        assert_lint_count(&VagueDeadline, "区纪委要尽快整改，3个月内完成。", 0);
        assert_lint_count(&VagueDeadline, "区纪委要立行立改，及时报告进展。", 1);
    }
}
