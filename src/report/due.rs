//! Due-date views of a ledger (`--due-before DATE`, `--overdue`): only the tasks — items of
//! kind commitment — whose main time limit has a due date in the window. A task without a
//! due date (no limit, 尽快, 立行立改, 长期坚持, or a date the text does not place in a year)
//! is never in a view.

use super::tasks::{due_of, Task};
use crate::date::Date;
use crate::extract::kind::Kind;
use crate::ledger::{Analysis, Item, Summary};

/// A window of due dates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DueFilter {
    /// Due on or before this day (`--due-before`).
    pub by: Option<Date>,
    /// Due strictly before this day (`--overdue`: the reference day, `--date` or today).
    pub before: Option<Date>,
}

impl DueFilter {
    /// True when the filter lets every item through (no window given).
    pub fn is_open(&self) -> bool {
        self.by.is_none() && self.before.is_none()
    }

    /// True when a due date is in the window.
    pub fn admits(&self, due: Date) -> bool {
        self.by.is_none_or(|by| due <= by) && self.before.is_none_or(|before| due < before)
    }

    /// True when an item is a task in the window (any item when the filter is open).
    pub fn keeps(&self, item: &Item) -> bool {
        self.is_open() || (item.kind == Kind::Commitment && due_of(item).is_some_and(|d| self.admits(d)))
    }

    /// True when a task is in the window (any task when the filter is open).
    pub fn keeps_task(&self, task: &Task) -> bool {
        self.is_open() || task.due.is_some_and(|d| self.admits(d))
    }

    /// The view in words, for summaries: `due on or before 2024-06-30`, `overdue on
    /// 2024-07-01 (due before that day)`; `None` when open.
    pub fn describe(&self) -> Option<String> {
        match (self.by, self.before) {
            (None, None) => None,
            (Some(by), None) => Some(format!("due on or before {by}")),
            (None, Some(b)) => Some(format!("overdue on {b} (due before that day)")),
            (Some(by), Some(b)) => Some(format!("due on or before {by} and overdue on {b}")),
        }
    }

    /// The view in Chinese, for ledgers: `截止日期不晚于2024-06-30`, `截至2024-07-01已逾期`.
    pub fn describe_zh(&self) -> Option<String> {
        match (self.by, self.before) {
            (None, None) => None,
            (Some(by), None) => Some(format!("截止日期不晚于{by}")),
            (None, Some(b)) => Some(format!("截至{b}已逾期（截止日期早于当日）")),
            (Some(by), Some(b)) => Some(format!("截止日期不晚于{by}且截至{b}已逾期")),
        }
    }

    /// The analysis with only the tasks in the window: an item out of the window is left
    /// out and its kept descendants take its place; the summary is recounted; the
    /// responsibility list and the outline findings stay. An open filter returns the
    /// analysis as it is.
    pub fn apply(&self, a: Analysis) -> Analysis {
        if self.is_open() {
            return a;
        }
        let items = self.prune(&a.items);
        Analysis { summary: Summary::of(&items), items, ..a }
    }

    fn prune(&self, items: &[Item]) -> Vec<Item> {
        let mut out = Vec::new();
        for it in items {
            let children = self.prune(&it.children);
            if self.keeps(it) {
                out.push(Item { children, ..it.clone() });
            } else {
                out.extend(children);
            }
        }
        out
    }

    /// How many tasks of an analysis are in the window (every commitment when open).
    pub fn count(&self, a: &Analysis) -> usize {
        a.all_items().into_iter().filter(|i| i.kind == Kind::Commitment && self.keeps(i)).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::{Analyzer, Config};

    #[test]
    fn a_view_keeps_the_tasks_due_in_the_window() {
        let analyzer = Analyzer::new(Config::default()).unwrap();
        let a = analyzer.analyze_text(
            "t.txt",
            "一、提高政治站位\n（一）区纪委要在2024年6月30日前完成专项督查。\n（二）区财政局将于2024年9月30日前完成资金清理。\n\
             （三）区审计局要尽快完成审计整改。\n",
        );
        let d = |s| Date::parse_iso(s);
        let by_june = DueFilter { by: d("2024-06-30"), before: None };
        let v = by_june.apply(a.clone());
        assert_eq!(v.items.len(), 1, "{:?}", v.items);
        assert!(v.items[0].text.contains("区纪委"));
        assert_eq!(v.summary.commitments, 1);
        assert_eq!(by_june.count(&a), 1);
        // Overdue on 2024-06-30: nothing (due that day is not overdue); on 07-01: one.
        assert_eq!(DueFilter { by: None, before: d("2024-06-30") }.count(&a), 0);
        assert_eq!(DueFilter { by: None, before: d("2024-07-01") }.count(&a), 1);
        assert_eq!(DueFilter { by: d("2025-01-01"), before: None }.count(&a), 2);
        let open = DueFilter { by: None, before: None };
        assert_eq!(open.apply(a.clone()).summary.items, a.summary.items);
        assert_eq!(open.count(&a), 3);
    }
}
