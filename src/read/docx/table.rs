//! Tables: cells with their grid columns, spans and vertical merges, and the rendering of
//! a table as text — a ledger table item by item (its 序号 as a marker, the task text, one
//! labelled line per other column), any other table row by row.
//!
//! Rendering copies text (a vertically merged cell into each row it covers, a column's
//! header into each row's labelled line), so every byte it writes is taken from the text
//! budget ([`super::text_budget`]); look-ups by column are binary searches, so a wide table is no
//! slower per cell than a narrow one.

use super::numbering::ends_in_wide_punct;
use super::{Budget, DocxError};
use std::collections::HashSet;

/// How a merged cell continues (`w:vMerge`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Merge {
    None,
    Restart,
    Continue,
}

/// A table cell: its paragraphs, grid column and span.
#[derive(Debug, Clone)]
pub(super) struct Cell {
    pub(super) paras: Vec<String>,
    pub(super) col: usize,
    pub(super) span: usize,
    pub(super) merge: Merge,
}

/// The widest span (`w:gridSpan`) and skip (`w:gridBefore`) taken from the XML: Word's
/// tables have at most 63 columns.
pub(super) const MAX_SPAN: i64 = 64;

/// A table being read.
#[derive(Default)]
pub(super) struct Table {
    pub(super) rows: Vec<Vec<Cell>>,
    pub(super) row: Vec<Cell>,
    pub(super) cell: Option<Cell>,
    /// The grid column of the next cell.
    pub(super) col: usize,
    pub(super) in_tcpr: bool,
    pub(super) in_trpr: bool,
}

/// What a table column holds, from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// 序号.
    Index,
    /// The task text (整改措施, 任务…), with a rank: the best-ranked column is the task.
    Task(u8),
    /// 问题.
    Problem,
    /// An owner column, with the label the owner finder knows.
    Owner(&'static str),
    /// A time limit.
    Deadline,
    /// Anything else (备注, 整改目标…).
    Other,
}

/// The labels of owner lines the owner finder reads (`责任单位：…`).
const OWNER_LABELS: [&str; 12] =
    ["牵头单位", "责任单位", "配合单位", "协办单位", "主责单位", "责任部门", "牵头部门", "配合部门", "责任领导", "牵头领导", "分管领导", "责任人"];

fn role_of(header: &str) -> Role {
    let h: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    if h.is_empty() {
        return Role::Other;
    }
    if matches!(h.as_str(), "序号" | "编号" | "序" | "项次" | "No." | "NO." | "No" | "#") {
        return Role::Index;
    }
    if let Some(l) = OWNER_LABELS.iter().find(|l| h.contains(*l)) {
        return Role::Owner(l);
    }
    if h.contains("牵头") {
        return Role::Owner("牵头单位");
    }
    if h.contains("配合") || h.contains("协办") || h.contains("协同") {
        return Role::Owner("配合单位");
    }
    if h.contains("领导") {
        return Role::Owner("责任领导");
    }
    if h.contains("责任") && ["主体", "处室", "科室", "单位", "部门"].iter().any(|s| h.contains(s)) {
        return Role::Owner("责任单位");
    }
    if ["时限", "期限", "时间", "日期", "节点"].iter().any(|s| h.contains(s)) {
        return Role::Deadline;
    }
    if h.contains("措施") || h.contains("举措") {
        return Role::Task(3);
    }
    if h.contains("任务") {
        return Role::Task(2);
    }
    if h.contains("内容") || h.contains("事项") {
        return Role::Task(1);
    }
    if h.contains("问题") {
        return Role::Problem;
    }
    Role::Other
}

/// The text of a cell with its paragraphs joined by `sep`.
fn cell_text(c: &Cell, sep: &str) -> String {
    c.paras.join(sep)
}

/// The cell of `row` at grid column `col` (a row's columns increase from cell to cell).
fn cell_at(row: &[Cell], col: usize) -> Option<&Cell> {
    let i = row.partition_point(|c| c.col < col);
    row.get(i).filter(|c| c.col == col)
}

/// Writes `line` and a line end to `out`, taking its size from the budget.
fn push_line(out: &mut String, line: &str, budget: &mut Budget) -> Result<(), DocxError> {
    budget.take(line.len() + 1)?;
    out.push_str(line);
    out.push('\n');
    Ok(())
}

/// Renders a table: a ledger table item by item, any other table row by row.
///
/// # Errors
/// [`DocxError::TextTooLarge`] when the copies and the rendered text exceed the budget.
pub(super) fn render_table(mut rows: Vec<Vec<Cell>>, budget: &mut Budget) -> Result<String, DocxError> {
    // Vertically merged cells: a continuation cell is empty in the file; note what it
    // continues (the text above in the same grid column).
    for r in 1..rows.len() {
        let (above, below) = rows.split_at_mut(r);
        let prev = &above[r - 1];
        for c in below[0].iter_mut().filter(|c| c.merge == Merge::Continue && c.paras.is_empty()) {
            if let Some(p) = cell_at(prev, c.col) {
                budget.take(p.paras.iter().map(String::len).sum())?;
                c.paras = p.paras.clone();
            }
        }
    }
    let header_at = rows.iter().take(3).position(|r| {
        let roles: Vec<Role> = r.iter().map(|c| role_of(&cell_text(c, ""))).collect();
        roles.iter().any(|r| matches!(r, Role::Owner(_) | Role::Deadline)) && roles.iter().any(|r| matches!(r, Role::Index | Role::Task(_) | Role::Problem))
    });
    let mut out = String::new();
    let Some(h) = header_at else {
        for row in &rows {
            push_plain_row(&mut out, row, budget)?;
        }
        return Ok(out);
    };
    for row in &rows[..h] {
        push_plain_row(&mut out, row, budget)?;
    }
    let header = &rows[h];
    let named = |c: &Cell| {
        let name: String = cell_text(c, "").chars().filter(|c| !c.is_whitespace()).collect();
        let role = role_of(&name);
        (c.col, name, role)
    };
    let mut header_names: Vec<(usize, String, Role)> = header.iter().map(named).collect();
    // A second header row splits merged headings (责任主体 → 责任领导 | 责任单位).
    let mut first_data = h + 1;
    if let Some(sub) = rows.get(h + 1) {
        let cells: Vec<(usize, String, Role)> = sub.iter().filter(|c| c.merge != Merge::Continue && !c.paras.is_empty()).map(named).collect();
        if !cells.is_empty() && cells.iter().all(|(_, n, r)| *r != Role::Other && n.chars().count() <= 8) {
            let split: HashSet<usize> = cells.iter().map(|(c, _, _)| *c).collect();
            header_names.retain(|(c, _, _)| !split.contains(c));
            header_names.extend(cells);
            header_names.sort_by_key(|(c, _, _)| *c);
            first_data = h + 2;
        }
    }
    // The header cell a column falls under: the last one starting at or before it.
    let role_at = |col: usize| {
        let i = header_names.partition_point(|(c, _, _)| *c <= col);
        i.checked_sub(1).map(|i| &header_names[i]).map(|(c, n, r)| (*c, n.as_str(), *r))
    };
    let task_col = header_names
        .iter()
        .filter_map(|(c, _, r)| match r {
            Role::Task(rank) => Some((*rank, std::cmp::Reverse(*c))),
            _ => None,
        })
        .max()
        .map(|(_, std::cmp::Reverse(c))| c)
        .or_else(|| header_names.iter().find(|(_, _, r)| *r == Role::Problem).map(|(c, _, _)| *c));
    let has_index = header_names.iter().any(|(_, _, r)| *r == Role::Index);
    let header_texts: Vec<String> = header.iter().map(|c| cell_text(c, "")).collect();
    let mut synthesized = 0usize;
    for row in &rows[first_data.min(rows.len())..] {
        // A repeated header row.
        if row.len() == header_texts.len() && row.iter().zip(&header_texts).all(|(c, t)| cell_text(c, "") == *t) {
            continue;
        }
        let filled: Vec<&Cell> = row.iter().filter(|c| !c.paras.is_empty()).collect();
        if filled.is_empty() {
            continue;
        }
        // A section row spanning the table (一、政治建设方面).
        if filled.len() == 1 && filled[0].span > 1 {
            push_plain_row(&mut out, row, budget)?;
            continue;
        }
        let mut marker = String::new();
        let mut task: Vec<String> = Vec::new();
        let mut others: Vec<String> = Vec::new();
        let mut owners: Vec<String> = Vec::new();
        let mut limits: Vec<String> = Vec::new();
        for c in row {
            let Some((col, name, role)) = role_at(c.col) else {
                continue;
            };
            let continued = c.merge == Merge::Continue;
            match role {
                Role::Index if !continued => marker = index_marker(&cell_text(c, " ")),
                _ if Some(col) == task_col && !continued => task.extend(c.paras.iter().cloned()),
                _ if Some(col) == task_col => {}
                Role::Owner(label) if !c.paras.is_empty() => owners.push(format!("{label}：{}", cell_text(c, "、"))),
                Role::Deadline if !c.paras.is_empty() => limits.push(format!("{name}：{}", cell_text(c, "；"))),
                Role::Index | Role::Owner(_) | Role::Deadline => {}
                _ if !continued && !c.paras.is_empty() => {
                    let text = cell_text(c, " ");
                    others.push(if name.is_empty() { text } else { format!("{name}：{text}") });
                }
                _ => {}
            }
        }
        if task.is_empty() && others.is_empty() {
            // Only owners or dates: they continue the item above.
            for l in owners.iter().chain(&limits) {
                push_line(&mut out, l, budget)?;
            }
            continue;
        }
        if marker.is_empty() && !has_index && !task.is_empty() {
            synthesized += 1;
            marker = format!("{synthesized}. ");
        }
        if task.is_empty() {
            task.push(others.remove(0));
        }
        let mut lines: Vec<String> = Vec::new();
        let mut body = task.into_iter();
        if let Some(first) = body.next() {
            let (head, rest) = split_heading(&first);
            lines.push(format!("{marker}{head}"));
            if !rest.is_empty() {
                lines.push(rest);
            }
            lines.extend(body);
        }
        lines.extend(others);
        lines.extend(owners);
        lines.extend(limits);
        for l in lines {
            push_line(&mut out, &l, budget)?;
        }
    }
    Ok(out)
}

/// A row as one line, cells separated by tabs.
fn push_plain_row(out: &mut String, row: &[Cell], budget: &mut Budget) -> Result<(), DocxError> {
    let line = row.iter().filter(|c| c.merge != Merge::Continue).map(|c| cell_text(c, " ")).collect::<Vec<_>>().join("\t");
    if !line.trim().is_empty() {
        push_line(out, line.trim_end(), budget)?;
    }
    Ok(())
}

/// The marker a 序号 cell gives, with what follows it: `3` → `3. `, `三` → `（三）`; a
/// cell that is already a marker (`3.`, `（三）`, `三、`) stays as it is.
fn index_marker(cell: &str) -> String {
    let s = cell.trim();
    if s.is_empty() {
        return String::new();
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return format!("{s}. ");
    }
    if s.chars().all(|c| "一二三四五六七八九十百零〇".contains(c)) {
        return format!("（{s}）");
    }
    if ends_in_wide_punct(s) {
        return s.to_string();
    }
    format!("{s} ")
}

/// The most chars a numbered line may have for the outline parser to take it as a heading.
const HEADING_CHARS: usize = 60;

/// Splits a task text after its first sentence (or, for a long first sentence, after its
/// last clause break within [`HEADING_CHARS`]) so that the numbered line is a heading.
fn split_heading(text: &str) -> (String, String) {
    let chars: Vec<char> = text.chars().collect();
    let ends_sentence = |c: char| "。；！？;!?".contains(c);
    let at = match chars.iter().position(|&c| ends_sentence(c)) {
        Some(i) if i < HEADING_CHARS => Some(i + 1),
        _ if chars.len() <= HEADING_CHARS => None,
        _ => chars[..HEADING_CHARS].iter().rposition(|&c| "，,、：:".contains(c)).map(|i| i + 1),
    };
    match at {
        Some(i) if i < chars.len() => (chars[..i].iter().collect(), chars[i..].iter().collect::<String>().trim().to_string()),
        _ => (text.to_string(), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_first_sentences_break_at_a_clause() {
        let long = "按照全面从严治党的要求，".to_string() + &"层层压实责任".repeat(12) + "，扎实推进";
        let (head, rest) = split_heading(&long);
        assert!(head.chars().count() <= HEADING_CHARS, "{head}");
        assert!(!rest.is_empty());
        assert_eq!(split_heading("短句。"), ("短句。".to_string(), String::new()));
    }

    #[test]
    fn index_cells_become_markers() {
        assert_eq!(index_marker("3"), "3. ");
        assert_eq!(index_marker("三"), "（三）");
        assert_eq!(index_marker("三、"), "三、");
        assert_eq!(index_marker(" "), "");
    }

    fn cell(col: usize, text: &str, merge: Merge) -> Cell {
        Cell { paras: if text.is_empty() { vec![] } else { vec![text.to_string()] }, col, span: 1, merge }
    }

    #[test]
    fn merged_copies_are_taken_from_the_budget() {
        let big = "责".repeat(1000);
        let mut rows = vec![vec![cell(0, "任务", Merge::None), cell(1, &big, Merge::Restart)]];
        for _ in 0..100 {
            rows.push(vec![cell(0, "做", Merge::None), cell(1, "", Merge::Continue)]);
        }
        let mut budget = Budget::new(50_000);
        assert_eq!(render_table(rows.clone(), &mut budget), Err(DocxError::TextTooLarge { limit: 50_000 }));
        let mut budget = Budget::new(2_000_000);
        let text = render_table(rows, &mut budget).unwrap();
        assert_eq!(text.matches(&big).count(), 1, "continuations are not repeated in a plain table");
    }

    #[test]
    fn cells_are_found_by_column() {
        let row = vec![cell(0, "a", Merge::None), cell(3, "b", Merge::None), cell(5, "c", Merge::None)];
        assert_eq!(cell_at(&row, 3).map(|c| c.paras[0].as_str()), Some("b"));
        assert!(cell_at(&row, 4).is_none());
    }
}
