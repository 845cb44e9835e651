//! `vague-owner`: a commitment whose only owners are collective (我们, 有关部门, 各单位).

use super::{commitments, item_finding, Context, Finding, Rule};
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
    fn check(&self, _ctx: &Context, items: &[&Item]) -> Vec<Finding> {
        commitments(items)
            .filter(|i| !i.owners.is_empty() && i.owners.iter().all(|o| o.is_collective()))
            .map(|i| {
                let names: Vec<&str> = i.owners.iter().map(|o| o.text.as_str()).collect();
                item_finding(
                    self,
                    i,
                    format!("责任主体只有泛指的“{}”，没有落实到具体单位或个人", names.join("、")),
                    "建议写明具体的牵头单位和责任人，如“区委办牵头，张××同志负责”",
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::assert_lint_count;

    #[test]
    fn fires_on_collective_only() {
        assert_lint_count(&VagueOwner, "我们将认真学习巡察工作条例。", 1);
        assert_lint_count(&VagueOwner, "有关部门要在6月底前完成整改。", 1);
    }

    #[test]
    fn quiet_with_a_named_owner() {
        assert_lint_count(&VagueOwner, "我们将成立领导小组，由区纪委牵头。", 0);
    }
}
