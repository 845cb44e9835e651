//! Output formats of `extract`: JSON (the SPEC §1 contract), JSON Lines, a Markdown
//! checklist, an Excel-ready CSV ledger (UTF-8 with BOM, RFC 4180 quoting) and an indented
//! text tree for the terminal.

use crate::extract::kind::Kind;
use crate::extract::owner::{Owner, OwnerRole};
use crate::ledger::{Analysis, Item};
use std::fmt::Write as _;

/// The byte-order mark that makes Excel read a CSV file as UTF-8.
pub const UTF8_BOM: &str = "\u{feff}";

/// The JSON document of one analysis (SPEC §1), pretty-printed.
pub fn json(a: &Analysis) -> String {
    serde_json::to_string_pretty(a).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// Writes [`json`]'s text and a line end into `out` as it is made, without holding it whole
/// (`out` is buffered here).
///
/// # Errors
/// When `out` fails.
pub fn write_json(out: &mut impl std::io::Write, a: &Analysis) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut out, a)?;
    std::io::Write::write_all(&mut out, b"\n")?;
    std::io::Write::flush(&mut out)
}

/// One line of JSON Lines for an analysis, with an optional record id.
pub fn json_line(a: &Analysis, id: Option<&serde_json::Value>) -> String {
    let mut v = serde_json::to_value(a).unwrap_or(serde_json::Value::Null);
    if let (Some(id), Some(obj)) = (id, v.as_object_mut()) {
        obj.insert("id".to_string(), id.clone());
    }
    v.to_string()
}

fn owners_by_role<'a>(owners: &'a [Owner], roles: &[OwnerRole]) -> Vec<&'a str> {
    owners.iter().filter(|o| o.role.is_some_and(|r| roles.contains(&r))).map(|o| o.text.as_str()).collect()
}

fn owner_list(owners: &[Owner]) -> String {
    owners
        .iter()
        .map(|o| match &o.resolved {
            Some(r) if r != &o.text => format!("{}（{}）", o.text, r),
            _ => o.text.clone(),
        })
        .collect::<Vec<_>>()
        .join("、")
}

fn own_text(item: &Item) -> String {
    // The item's text without its children, from the item's own spans.
    let mut s = String::new();
    let base = item.span.start;
    let chars: Vec<char> = item.text.chars().collect();
    for sp in &item.own {
        let from = sp.start.saturating_sub(base).min(chars.len());
        let to = sp.end.saturating_sub(base).min(chars.len());
        s.extend(&chars[from..to]);
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn flag_codes(item: &Item) -> String {
    item.flags.iter().map(|f| f.code).collect::<Vec<_>>().join(" ")
}

/// The header of the CSV ledger (with `来源文件` first for batches).
pub fn csv_header(with_source: bool) -> Vec<&'static str> {
    let mut h = vec![
        "序号",
        "层级",
        "序号标记",
        "类型",
        "事项",
        "责任主体",
        "责任领导",
        "牵头单位",
        "配合单位",
        "责任人",
        "完成时限",
        "时限类型",
        "截止日期",
        "问题标记",
        "原文位置",
        "字符范围",
    ];
    if with_source {
        h.insert(0, "来源文件");
    }
    h
}

/// The CSV rows of one analysis (one per item), matching [`csv_header`].
pub fn csv_rows(a: &Analysis, with_source: bool) -> Vec<Vec<String>> {
    csv_row_iter(a, with_source).collect()
}

/// [`csv_rows`], one row at a time.
pub fn csv_row_iter(a: &Analysis, with_source: bool) -> impl Iterator<Item = Vec<String>> + '_ {
    a.all_items().into_iter().map(move |it| {
        let mut row = vec![
            it.id.clone(),
            (it.level + 1).to_string(),
            it.marker.clone().unwrap_or_default(),
            it.kind.label_zh().to_string(),
            own_text(it),
            owner_list(&it.owners),
            owners_by_role(&it.owners, &[OwnerRole::Leader]).join("、"),
            owners_by_role(&it.owners, &[OwnerRole::Lead]).join("、"),
            owners_by_role(&it.owners, &[OwnerRole::Cooperate]).join("、"),
            owners_by_role(&it.owners, &[OwnerRole::Person]).join("、"),
            it.deadlines.iter().map(|d| d.text.as_str()).collect::<Vec<_>>().join("、"),
            it.deadline.as_ref().map(|d| d.kind.label_zh().to_string()).unwrap_or_default(),
            it.deadline.as_ref().and_then(|d| d.due.clone()).unwrap_or_default(),
            flag_codes(it),
            format!("第{}行第{}列", it.line, it.column),
            format!("{}-{}", it.span.start, it.span.end),
        ];
        if with_source {
            row.insert(0, a.source.clone());
        }
        row
    })
}

/// The responsibility list as CSV rows: 责任主体, 职责, 原文位置.
pub fn responsibility_rows(a: &Analysis, with_source: bool) -> Vec<Vec<String>> {
    a.responsibilities
        .iter()
        .map(|r| {
            let mut row = vec![
                match &r.resolved {
                    Some(x) if x != &r.owner => format!("{}（{}）", r.owner, x),
                    _ => r.owner.clone(),
                },
                r.duty.clone(),
                format!("{}-{}", r.span.start, r.span.end),
            ];
            if with_source {
                row.insert(0, a.source.clone());
            }
            row
        })
        .collect()
}

/// The header of the responsibility table (with `来源文件` first for batches).
pub fn responsibility_header(with_source: bool) -> Vec<&'static str> {
    let mut h = vec!["责任主体", "职责", "字符范围"];
    if with_source {
        h.insert(0, "来源文件");
    }
    h
}

/// Writes rows as CSV records (RFC 4180 quoting, CRLF) without a header: the body of a
/// ledger that is written in pieces.
pub fn csv_records(rows: &[Vec<String>]) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_csv_records(&mut out, rows);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes rows as CSV records into `out` as they come, as [`csv_records`] makes them.
///
/// # Errors
/// When `out` fails.
pub fn write_csv_records<R: AsRef<[String]>>(out: &mut impl std::io::Write, rows: impl IntoIterator<Item = R>) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).buffer_capacity(1 << 16).from_writer(out);
    for r in rows {
        w.write_record(r.as_ref())?;
    }
    w.flush()
}

/// Writes rows as CSV (RFC 4180 quoting) into a string.
pub fn csv_string(header: &[&str], rows: &[Vec<String>], bom: bool) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(r);
    }
    let bytes = w.into_inner().unwrap_or_default();
    let body = String::from_utf8(bytes).unwrap_or_default();
    if bom {
        format!("{UTF8_BOM}{body}")
    } else {
        body
    }
}

/// A Markdown checklist: one `- [ ]` line per item with its number path, then the
/// responsibility list as a table.
pub fn markdown(a: &Analysis) -> String {
    markdown_in_view(a, None)
}

/// [`markdown`] of an analysis cut to a due-date view, which `view` describes in Chinese
/// (`截止日期不晚于2024-06-30`): the view is named, and an empty one is not taken for a text
/// without commitments.
pub fn markdown_in_view(a: &Analysis, view: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# 台账：{}\n", a.source);
    if let Some(v) = view {
        let _ = writeln!(out, "筛选：{v}。\n");
    }
    let s = &a.summary;
    if s.commitments == 0 && view.is_some() {
        let _ = writeln!(out, "没有符合筛选条件的任务。\n");
    } else if s.commitments == 0 {
        let _ = writeln!(out, "共 {} 项，未发现承诺事项（完整度：—）。\n", s.items);
    } else {
        let _ =
            writeln!(out, "共 {} 项，其中承诺事项 {} 项；有明确责任主体 {} 项，有明确时限 {} 项。\n", s.items, s.commitments, s.with_owner, s.with_deadline);
    }
    for it in a.all_items() {
        let indent = "  ".repeat(it.level);
        let box_ = if it.kind == Kind::Commitment { "- [ ]" } else { "-" };
        let mut line = format!("{indent}{box_} **{}** ", it.id);
        if let Some(m) = &it.marker {
            let _ = write!(line, "{m} ");
        }
        let head: String = it.heading.chars().take(60).collect();
        line.push_str(&head.replace('\n', " "));
        if it.kind != Kind::Commitment {
            let _ = write!(line, "（{}）", it.kind.label_zh());
        } else {
            let owners = owner_list(&it.owners);
            let _ = write!(line, " — 责任：{}", if owners.is_empty() { "未明确".to_string() } else { owners });
            let dl = it
                .deadline
                .as_ref()
                .map(|d| match &d.due {
                    Some(due) => format!("{}（{}）", d.text, due),
                    None => d.text.clone(),
                })
                .unwrap_or_else(|| "未明确".to_string());
            let _ = write!(line, "；时限：{dl}");
            if !it.flags.is_empty() {
                let _ = write!(line, " ⚠ {}", flag_codes(it));
            }
        }
        let _ = writeln!(out, "{line}");
    }
    if !a.responsibilities.is_empty() {
        let _ = writeln!(out, "\n## 责任清单\n\n| 责任主体 | 职责 |\n|---|---|");
        for r in &a.responsibilities {
            let _ = writeln!(out, "| {} | {} |", r.owner, r.duty);
        }
    }
    out
}

/// The outline as an indented tree, for reading in a terminal.
pub fn text_tree(a: &Analysis) -> String {
    text_tree_in_view(a, None)
}

/// [`text_tree`] of an analysis cut to a due-date view, which `view` describes
/// (`due on or before 2024-06-30`): an empty view is not taken for a text without
/// commitments.
pub fn text_tree_in_view(a: &Analysis, view: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({}, {} chars)", a.source, a.encoding, a.chars);
    if let Some(d) = &a.doc_date {
        let _ = writeln!(out, "document date: {d}");
    }
    for it in a.all_items() {
        let indent = "  ".repeat(it.level + 1);
        let head: String = it.heading.chars().take(50).collect();
        let marker = it.marker.as_deref().unwrap_or("·");
        let _ = writeln!(out, "{indent}{} {marker} {head}  [{}] ({}:{})", it.id, it.kind.label_zh(), it.line, it.column);
        if it.kind == Kind::Commitment {
            let owners = owner_list(&it.owners);
            let _ = writeln!(out, "{indent}    责任: {}", if owners.is_empty() { "—".to_string() } else { owners });
            match &it.deadline {
                Some(d) => {
                    let due = match (&d.due, &d.due_note) {
                        (Some(due), _) => format!(" → {due}"),
                        (None, Some(note)) => format!(" (no due date: {note})"),
                        _ => String::new(),
                    };
                    let _ = writeln!(out, "{indent}    时限: {} [{}]{}", d.text, d.kind.label_zh(), due);
                }
                None => {
                    let _ = writeln!(out, "{indent}    时限: —");
                }
            }
            for f in &it.flags {
                let _ = writeln!(out, "{indent}    ⚠ {}: {}", f.code, f.message);
            }
        }
    }
    if !a.responsibilities.is_empty() {
        let _ = writeln!(out, "责任清单:");
        for r in &a.responsibilities {
            let _ = writeln!(out, "  {} — {}", r.owner, r.duty);
        }
    }
    let s = &a.summary;
    if let (0, Some(v)) = (s.commitments, view) {
        let _ = writeln!(out, "no task {v}");
    } else if s.commitments == 0 {
        let _ = writeln!(out, "{} items, no commitment found: completeness —", s.items);
    } else {
        let _ = writeln!(
            out,
            "{} items, {} commitments, {} with owner, {} with time limit, completeness {}",
            s.items,
            s.commitments,
            s.with_owner,
            s.with_deadline,
            super::diagnostics::percent(s.completeness)
        );
    }
    out
}
