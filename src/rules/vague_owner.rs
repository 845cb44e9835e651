//! `vague-owner`: a commitment whose only owners are collective (我们, 有关部门, 各单位).

use super::{commitments, cover, item_finding, pledging_clause, Context, Finding, Rule};
use crate::extract::owner::Owner;
use crate::ledger::Item;

/// Flags commitments owned only by collective or unspecified subjects.
pub struct VagueOwner;

impl Rule for VagueOwner {
    fn code(&self) -> &'static str {
        "vague-owner"
    }
    fn description(&self) -> &'static str {
        "责任主体只有“我们”“有关部门”“各单位”等泛指，责任落不到具体单位或个人"
    }
    fn example(&self) -> (&'static str, &'static str) {
        ("我们将认真整改。", "区委办公室牵头，6月底前完成整改。")
    }
    fn check(&self, ctx: &Context, items: &[&Item]) -> Vec<Finding> {
        commitments(items)
            .filter(|i| !i.owners.is_empty() && i.owners.iter().all(|o| o.is_collective()))
            .map(|i| {
                let mut owners: Vec<&Owner> = i.owners.iter().collect();
                owners.sort_by_key(|o| o.span);
                let names: Vec<&str> = owners.iter().map(|o| o.text.as_str()).collect();
                // The words of the item itself, else those of its list's lead-in (我们要做到：一是…).
                let own = cover(ctx, owners.iter().filter(|o| !o.inherited).map(|o| o.span));
                let span = own.or_else(|| cover(ctx, owners.iter().map(|o| o.span))).unwrap_or_else(|| pledging_clause(ctx, i));
                let from_lead_in = own.is_none() && !i.span.contains(&span);
                item_finding(
                    self,
                    i,
                    span,
                    format!(
                        "{}责任主体只有泛指的“{}”，没有落实到具体单位或个人",
                        if from_lead_in { format!("第{}项承接上文，", i.id) } else { String::new() },
                        names.join("、")
                    ),
                    "建议写明具体的牵头单位和责任人，如“区委办牵头，张××同志负责”",
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
    fn fires_on_collective_only() {
        assert_lint_count(&VagueOwner, "我们将认真学习巡察工作条例。", 1);
        assert_lint_count(&VagueOwner, "有关部门要在6月底前完成整改。", 1);
    }

    #[test]
    fn points_at_the_collective_owners() {
        assert_lint_matches(&VagueOwner, "我们将认真学习巡察工作条例。", &["我们"]);
        assert_lint_matches(&VagueOwner, "会后，各部门、各单位要在6月底前完成整改。", &["各部门、各单位"]);
        // Inherited from the lead-in: the lead-in's words, once per item.
        assert_lint_matches(&VagueOwner, "我们要做到：一是6月底前召开专题会议；二是9月底前修订制度。", &["我们", "我们"]);
        // Astral and combining characters before the owner do not shift the span.
        assert_lint_matches(&VagueOwner, "𠮷野村e\u{301}：有关部门要在6月底前完成整改。", &["有关部门"]);
    }

    #[test]
    fn quiet_with_a_named_owner() {
        assert_lint_count(&VagueOwner, "我们将成立领导小组，由区纪委牵头。", 0);
    }
}
