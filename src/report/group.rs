//! Ledgers by owner (`--group-by owner`): the tasks of one or many documents grouped by who
//! must do them, for the Excel workbook (one sheet per owner), Markdown (one section per
//! owner) and CSV (an owner column first, sorted).
//!
//! * Every specific owner of a task (a unit, post or person; who 我/他 stands for where the
//!   text says) is a group, and the task appears under each of its owners.
//! * A task whose owners are all collective (我们, 有关部门, 各单位) or that names nobody goes
//!   to [`UNASSIGNED`]; one owned only by a speaker's 我 that the text does not name goes to
//!   [`SPEAKER`].
//! * Names are compared after [`owner_key`]: compatibility forms folded (NFKC: full-width
//!   letters, digits and brackets, the ideographic space, Kangxi radicals), white space and
//!   invisible format characters removed, and every bracket shape taken as a round bracket.
//!   Nothing else changes, so two different units never merge (区纪委 and 区纪委监委 stay
//!   apart). The group is named by its most frequent spelling (the first seen on a tie);
//!   the rows keep the spelling of their text.
//! * Groups are sorted by name (code point order), [`SPEAKER`] and then [`UNASSIGNED`] last;
//!   within a group, tasks keep the input order.

use super::tasks::{flag_name, OwnerColumn, Task};
use crate::extract::owner::{Owner, OwnerClass};
use std::collections::HashMap;
use std::fmt::Write as _;
use unicode_normalization::UnicodeNormalization;

/// The group of tasks with no specific owner.
pub const UNASSIGNED: &str = "未明确责任单位";

/// The group of tasks owned only by a speaker's 我 that the text does not name.
pub const SPEAKER: &str = "发言人本人（未写明职务）";

/// The comparison form of an owner name (see the module documentation).
pub fn owner_key(name: &str) -> String {
    name.nfkc()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}'))
        .map(|c| match c {
            '[' | '〔' | '【' | '〖' | '{' => '(',
            ']' | '〕' | '】' | '〗' | '}' => ')',
            c => c,
        })
        .collect()
}

/// The name an owner is grouped under; `None` for a collective owner or a pronoun nobody is
/// named for.
pub fn owner_group_name(o: &Owner) -> Option<String> {
    if o.is_collective() {
        return None;
    }
    match (&o.resolved, o.class) {
        (Some(r), _) => Some(r.trim().to_string()),
        (None, OwnerClass::Speaker) => Some(SPEAKER.to_string()),
        (None, OwnerClass::Person) if matches!(o.text.as_str(), "他" | "她" | "其") => None,
        (None, _) => Some(o.text.trim().to_string()),
    }
}

/// One group: an owner and its tasks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The name shown (the most frequent spelling).
    pub name: String,
    /// The comparison form ([`owner_key`]).
    pub key: String,
    /// Indexes of its tasks in the list given to [`group_by_owner`], in input order, each once.
    pub tasks: Vec<usize>,
}

/// Groups tasks by owner (see the module documentation).
pub fn group_by_owner(tasks: &[&Task]) -> Vec<Group> {
    struct Acc {
        tasks: Vec<usize>,
        spellings: Vec<(String, usize)>,
    }
    let mut groups: HashMap<String, Acc> = HashMap::new();
    for (i, t) in tasks.iter().enumerate() {
        let mut names: Vec<String> = t.owners.iter().filter_map(owner_group_name).filter(|n| !n.is_empty()).collect();
        if names.is_empty() {
            names.push(UNASSIGNED.to_string());
        }
        for name in names {
            let acc = groups.entry(owner_key(&name)).or_insert_with(|| Acc { tasks: Vec::new(), spellings: Vec::new() });
            if acc.tasks.last() != Some(&i) && !acc.tasks.contains(&i) {
                acc.tasks.push(i);
            }
            match acc.spellings.iter_mut().find(|(s, _)| *s == name) {
                Some((_, n)) => *n += 1,
                None => acc.spellings.push((name, 1)),
            }
        }
    }
    let mut out: Vec<Group> = groups
        .into_iter()
        .map(|(key, acc)| {
            // The most frequent spelling; max_by_key keeps the last maximum, so search reversed.
            let name = acc.spellings.iter().rev().max_by_key(|(_, n)| *n).map(|(s, _)| s.clone()).unwrap_or_default();
            Group { name, key, tasks: acc.tasks }
        })
        .collect();
    let rank = |g: &Group| match g.name.as_str() {
        UNASSIGNED => 2,
        SPEAKER => 1,
        _ => 0,
    };
    out.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.name.cmp(&b.name)).then_with(|| a.key.cmp(&b.key)));
    out
}

/// The columns of a task row in text outputs (CSV, and the 台账 sheet less 状态), in order.
pub const TASK_COLUMNS: &[&str] =
    &["序号", "来源文件", "问题/事项", "整改措施", "责任单位（牵头/配合）", "责任领导", "责任人", "完成时限", "截止日期", "时限类型", "问题标记", "原文位置"];

/// The cells of a task row in text outputs, matching [`TASK_COLUMNS`]; `number` is its 序号.
pub fn task_cells(number: usize, t: &Task) -> Vec<String> {
    vec![
        number.to_string(),
        t.source.clone(),
        t.matter.clone(),
        t.measures.clone(),
        t.owners_in(OwnerColumn::Unit),
        t.owners_in(OwnerColumn::Leader),
        t.owners_in(OwnerColumn::Person),
        t.limit_text().to_string(),
        t.due.map(|d| d.to_string()).unwrap_or_default(),
        t.limit_kind().map(|k| k.label_zh().to_string()).unwrap_or_default(),
        t.flags.iter().map(|c| flag_name(c)).collect::<Vec<_>>().join("；"),
        t.place(),
    ]
}

/// The header of the CSV ledger by owner: 责任主体 (the group), then [`TASK_COLUMNS`].
pub fn grouped_csv_header() -> Vec<&'static str> {
    std::iter::once("责任主体").chain(TASK_COLUMNS.iter().copied()).collect()
}

/// The rows of the CSV ledger by owner: one per task and owner, sorted by group; 序号 is
/// the task's number in `tasks` (1-based), the same under every owner.
pub fn grouped_csv_rows(tasks: &[&Task]) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for g in group_by_owner(tasks) {
        for &i in &g.tasks {
            let mut row = vec![g.name.clone()];
            row.extend(task_cells(i + 1, tasks[i]));
            rows.push(row);
        }
    }
    rows
}

/// The Markdown ledger by owner: a section per owner with a `- [ ]` line per task (its
/// number, source and outline number, measures, time limit and flags). `view` names a
/// due-date view, if any.
pub fn grouped_markdown(tasks: &[&Task], view: Option<&str>) -> String {
    let groups = group_by_owner(tasks);
    let mut out = String::from("# 台账（按责任主体）\n\n");
    let _ = write!(out, "共 {} 项任务，{} 个责任主体分组", tasks.len(), groups.len());
    if let Some(v) = view {
        let _ = write!(out, "（{v}）");
    }
    out.push_str("；一项任务有几个责任主体时列在每个主体之下，序号相同。\n");
    for g in &groups {
        let _ = write!(out, "\n## {}（{} 项）\n\n", g.name, g.tasks.len());
        for &i in &g.tasks {
            let t = tasks[i];
            let measures = t.measures.split_whitespace().collect::<Vec<_>>().join(" ");
            let _ = write!(out, "- [ ] **{}** {} {}：{}", i + 1, t.source, t.place(), measures);
            if !t.matter.is_empty() {
                let _ = write!(out, "（问题/事项：{}）", t.matter.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            let limit = match (t.limit_text(), t.due) {
                ("", _) => "未明确".to_string(),
                (text, Some(d)) => format!("{text}（{d}）"),
                (text, None) => text.to_string(),
            };
            let _ = write!(out, " — 时限：{limit}");
            let owners: Vec<String> =
                [OwnerColumn::Unit, OwnerColumn::Leader, OwnerColumn::Person].into_iter().map(|c| t.owners_in(c)).filter(|s| !s.is_empty()).collect();
            if owners.len() > 1 || g.name == UNASSIGNED || g.name == SPEAKER {
                let _ = write!(out, "；责任：{}", if owners.is_empty() { "未明确".to_string() } else { owners.join("；") });
            }
            if !t.flags.is_empty() {
                let _ = write!(out, " ⚠ {}", t.flags.iter().map(|c| flag_name(c)).collect::<Vec<_>>().join("、"));
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::owner::OwnerRole;
    use crate::text::Span;

    #[test]
    fn keys_fold_forms_but_never_merge_units() {
        assert_eq!(owner_key("区 纪 委"), owner_key("区纪委"));
        assert_eq!(owner_key("区纪委\u{3000}"), owner_key("区纪委"));
        assert_eq!(owner_key("区委办公室（区委督查室）"), owner_key("区委办公室(区委督查室)"));
        assert_eq!(owner_key("区委办〔督查室〕"), owner_key("区委办(督查室)"));
        assert_eq!(owner_key("ＸＸ局"), owner_key("XX局"));
        assert_eq!(owner_key("第２中学"), owner_key("第2中学"));
        assert_eq!(owner_key("⼯信局"), owner_key("工信局"), "a Kangxi radical from a PDF conversion");
        assert_eq!(owner_key("区\u{200B}纪委"), owner_key("区纪委"));
        for (a, b) in [
            ("区纪委", "区纪委监委"),
            ("区纪委", "县纪委"),
            ("区委办公室", "区政府办公室"),
            ("区委办公室", "区委办公室（区委督查室）"),
            ("市场监管局", "市场监督管理局"),
            ("XX局", "xx局"),
            ("一中", "二中"),
        ] {
            assert_ne!(owner_key(a), owner_key(b), "{a} and {b} must stay apart");
        }
    }

    fn owner(text: &str, class: OwnerClass, resolved: Option<&str>) -> Owner {
        Owner { text: text.to_string(), class, role: None::<OwnerRole>, resolved: resolved.map(str::to_string), inherited: false, span: Span::new(0, 1) }
    }

    fn task(id: &str, owners: Vec<Owner>) -> Task {
        Task {
            source: "a.txt".into(),
            id: id.into(),
            matter: String::new(),
            measures: format!("任务{id}"),
            owners,
            deadline: None,
            due: None,
            flags: vec![],
            line: 1,
            column: 1,
        }
    }

    #[test]
    fn tasks_go_under_each_owner_once() {
        let unit = |t: &str| owner(t, OwnerClass::Unit, None);
        let tasks = [
            task("1", vec![unit("区纪委"), unit("区财政局")]),
            task("2", vec![unit("区 纪委"), unit("区纪委")]),
            task("3", vec![unit("区纪委监委")]),
            task("4", vec![owner("我们", OwnerClass::Collective, None)]),
            task("5", vec![]),
            task("6", vec![owner("我", OwnerClass::Speaker, None)]),
            task("7", vec![owner("我", OwnerClass::Speaker, Some("区委书记"))]),
            task("8", vec![unit("区纪委")]),
        ];
        let refs: Vec<&Task> = tasks.iter().collect();
        let groups = group_by_owner(&refs);
        let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["区委书记", "区纪委", "区纪委监委", "区财政局", SPEAKER, UNASSIGNED]);
        let of = |n: &str| groups.iter().find(|g| g.name == n).unwrap().tasks.clone();
        assert_eq!(of("区纪委"), [0, 1, 7]);
        assert_eq!(of("区纪委监委"), [2]);
        assert_eq!(of(UNASSIGNED), [3, 4]);
        assert_eq!(of(SPEAKER), [5]);
        let rows = grouped_csv_rows(&refs);
        assert_eq!(rows.len(), 9);
        assert_eq!(rows[1][0], "区纪委");
        assert_eq!(rows[1][1], "1");
        let md = grouped_markdown(&refs, None);
        assert!(md.contains("## 区纪委（3 项）"), "{md}");
        assert!(md.contains("## 未明确责任单位（2 项）"), "{md}");
    }
}
