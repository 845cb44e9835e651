//! The Excel ledger (`extract --format xlsx`), written with `rust_xlsxwriter`: the workbook an
//! office would otherwise build by hand, for one document or a whole batch.
//!
//! Sheets, in order:
//! * **台账** — one row per task ([`super::tasks`]): 序号, 来源文件, 问题/事项, 整改措施,
//!   责任单位（牵头/配合）, 责任领导, 责任人, 完成时限, 截止日期 (an Excel date,
//!   `yyyy-mm-dd`), 时限类型, 问题标记, 状态, 原文位置 (`条目1.2，第4行第1字`: the outline
//!   number, then line and column counted from 1, the column in characters). The header is
//!   frozen and filtered (autofilter), text wraps, widths suit Chinese text, rows with a flag
//!   are shaded, and 状态 is left for the office to fill in from a drop-down list
//!   (未启动/推进中/已完成/已销号, a list validation). 序号 numbers the tasks across the whole
//!   workbook.
//! * with `--group-by owner`, **one sheet per owner** ([`super::group`]), same columns and
//!   序号 as 台账; sheet names made acceptable to Excel ([`sheet_name`]).
//! * **责任清单** — 序号, 来源文件, 责任主体, 职责, 原文位置.
//! * **汇总** — per source file and per owner: 任务, 有具体责任主体, 有明确时限 (not 尽快/限期),
//!   有截止日期, and the flags by code.

use super::due::DueFilter;
use super::group::{group_by_owner, task_cells, Group, TASK_COLUMNS};
use super::tasks::{cut, flag_name, DocLedger, Task};
use rust_xlsxwriter::{Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet, XlsxError};
use std::collections::{BTreeMap, HashSet};

/// The values of the 状态 drop-down.
pub const STATUS_VALUES: &[&str] = &["未启动", "推进中", "已完成", "已销号"];

/// The name of the ledger sheet.
pub const LEDGER_SHEET: &str = "台账";
/// The name of the responsibility sheet.
pub const DUTIES_SHEET: &str = "责任清单";
/// The name of the summary sheet.
pub const SUMMARY_SHEET: &str = "汇总";

/// The most rows a sheet holds below its header (Excel's limit less the header).
const MAX_ROWS: usize = 1_048_575;

/// Flag codes in the order the summary lists them; others follow in code order.
const FLAG_ORDER: &[&str] = &["missing-owner", "vague-owner", "missing-deadline", "vague-deadline", "empty-pledge"];

/// Why a workbook could not be built.
#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    /// More rows than a sheet holds.
    #[error("{sheet}: {rows} rows, more than an Excel sheet holds ({MAX_ROWS}); split the batch or use --out-dir")]
    TooManyRows {
        /// The sheet.
        sheet: String,
        /// Its rows.
        rows: usize,
    },
    /// The writer refused something.
    #[error("cannot build the workbook: {0}")]
    Writer(#[from] XlsxError),
}

/// Settings of a workbook.
#[derive(Debug, Clone, Copy, Default)]
pub struct WorkbookOptions {
    /// Add one sheet per owner.
    pub group_by_owner: bool,
    /// The due-date view the tasks were filtered with, named on the 汇总 sheet.
    pub due: Option<DueFilter>,
}

/// The columns of the 台账 sheet: [`TASK_COLUMNS`] with 状态 before 原文位置, and widths.
fn ledger_columns() -> Vec<(&'static str, f64)> {
    let width = |c: &str| match c {
        "序号" => 6.0,
        "来源文件" => 20.0,
        "问题/事项" => 28.0,
        "整改措施" => 46.0,
        "责任单位（牵头/配合）" => 24.0,
        "责任领导" | "责任人" => 13.0,
        "完成时限" => 16.0,
        "截止日期" => 12.0,
        "时限类型" | "状态" => 10.0,
        "问题标记" => 14.0,
        _ => 22.0,
    };
    let mut cols: Vec<(&str, f64)> = TASK_COLUMNS.iter().map(|c| (*c, width(c))).collect();
    let at = cols.len() - 1;
    cols.insert(at, ("状态", width("状态")));
    cols
}

/// The column of 状态 in the 台账 sheet.
pub fn status_column() -> u16 {
    ledger_columns().iter().position(|(c, _)| *c == "状态").unwrap_or(0) as u16
}

/// The column of 截止日期 in the 台账 sheet.
pub fn due_column() -> u16 {
    ledger_columns().iter().position(|(c, _)| *c == "截止日期").unwrap_or(0) as u16
}

/// What the header notes of the 台账 sheet explain.
fn header_note(column: &str) -> Option<&'static str> {
    match column {
        "序号" => Some("任务在整个台账中的编号；按责任主体分表时编号不变，同一任务在各表中序号相同。"),
        "问题/事项" => Some("该项任务所针对的问题：条目中“问题：”后的文字，或条目开头（有“整改措施：”时），否则为其所属的问题条目或上级条目的标题。"),
        "截止日期" => Some("由完成时限推算的日期（Excel 日期）；“尽快”“长期坚持”或原文未给出年份时为空。"),
        "状态" => Some("由办公室填写：从下拉列表中选择 未启动/推进中/已完成/已销号。"),
        "原文位置" => Some("条目为提纲序号；第几行第几字：行、字都从 1 数起，字按字符计（一个汉字、字母或表情符号各算一字）。"),
        "问题标记" => Some("taizhang check 的规则所发现的问题：缺责任主体、责任主体泛指、缺完成时限、时限模糊、空泛表态。有标记的行以浅黄色底显示。"),
        _ => None,
    }
}

/// Points per line of wrapped text (11-point type, with room for the CJK fonts' taller
/// line), and Excel's largest row height.
const LINE_POINTS: f64 = 16.5;
const MAX_ROW_POINTS: f64 = 409.0;
/// Column-width units per terminal cell of text: a CJK character in the usual CJK fonts is a
/// little wider than two digits of the default font.
const WIDE_FACTOR: f64 = 1.1;

/// The height of a row of wrapped cells: the most lines any cell needs at its column's width
/// (a CJK character is two units wide, as a terminal counts it). Spreadsheets do not all fit
/// row heights to wrapped text when they open a file, so the height is written.
fn row_height(cells: &[(&str, f64)]) -> f64 {
    let lines = cells
        .iter()
        .map(|(text, width)| {
            let room = (width - 1.5).max(1.0);
            text.split('\n').map(|p| (unicode_width::UnicodeWidthStr::width(p) as f64 * WIDE_FACTOR / room).ceil().max(1.0)).sum::<f64>()
        })
        .fold(1.0, f64::max);
    (lines * LINE_POINTS + 3.0).min(MAX_ROW_POINTS)
}

/// The formats of a workbook.
struct Formats {
    header: Format,
    text: Format,
    text_flagged: Format,
    date: Format,
    date_flagged: Format,
    number: Format,
    number_flagged: Format,
    title: Format,
    bold: Format,
}

impl Formats {
    fn new() -> Self {
        let cell = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
        let flagged = |f: &Format| f.clone().set_background_color(Color::RGB(0xFFF2CC));
        let text = cell.clone();
        let date = cell.clone().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Center);
        let number = cell.clone().set_align(FormatAlign::Center);
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_border(FormatBorder::Thin)
                .set_background_color(Color::RGB(0xDDEBF7)),
            text_flagged: flagged(&text),
            date_flagged: flagged(&date),
            number_flagged: flagged(&number),
            text,
            date,
            number,
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
        }
    }
}

/// A sheet name Excel accepts, unique among `used` (compared without case, as Excel does):
/// `[ ] : * ? / \` become their full-width forms, control characters and apostrophes at
/// either end are dropped, an empty name becomes 未命名, `History` (reserved) gets a `_`,
/// the name is cut to 31 UTF-16 units, and a name already used gets `(2)`, `(3)`… The name
/// returned is added to `used`.
pub fn sheet_name(name: &str, used: &mut HashSet<String>) -> String {
    let mut base: String = name
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '[' => '［',
            ']' => '］',
            ':' => '：',
            '*' => '＊',
            '?' => '？',
            '/' => '／',
            '\\' => '＼',
            c => c,
        })
        .collect();
    base = base.trim().trim_matches('\'').trim().to_string();
    if base.is_empty() {
        base = "未命名".to_string();
    }
    if base.eq_ignore_ascii_case("history") {
        base.push('_');
    }
    let fit = |s: &str, room: usize| -> String {
        let mut out = String::new();
        let mut units = 0;
        for c in s.chars() {
            units += c.len_utf16();
            if units > room {
                break;
            }
            out.push(c);
        }
        out.trim_end_matches('\'').to_string()
    };
    let mut candidate = fit(&base, 31);
    let mut n = 2;
    while used.contains(&candidate.to_lowercase()) {
        let suffix = format!("({n})");
        candidate = format!("{}{suffix}", fit(&base, 31 - suffix.len()));
        n += 1;
    }
    used.insert(candidate.to_lowercase());
    candidate
}

/// Builds the workbook of one or many documents' ledgers (tasks already filtered by any
/// due-date view) and returns its bytes.
///
/// # Errors
/// A sheet would need more rows than Excel allows, or the writer refuses a value.
pub fn workbook(ledgers: &[DocLedger], opts: &WorkbookOptions) -> Result<Vec<u8>, WorkbookError> {
    let tasks: Vec<&Task> = ledgers.iter().flat_map(|l| l.tasks.iter()).collect();
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(&DocProperties::new().set_title("台账").set_subject("整改台账").set_author("taizhang"));
    let mut used: HashSet<String> = [LEDGER_SHEET, DUTIES_SHEET, SUMMARY_SHEET].iter().map(|s| s.to_lowercase()).collect();

    let all: Vec<usize> = (0..tasks.len()).collect();
    let ledger = new_sheet(&mut wb, LEDGER_SHEET, all.len())?;
    task_sheet(ledger, &tasks, &all, &f, LEDGER_SHEET)?;

    let groups = group_by_owner(&tasks);
    if opts.group_by_owner {
        for g in &groups {
            let name = sheet_name(&g.name, &mut used);
            let ws = new_sheet(&mut wb, &name, g.tasks.len())?;
            task_sheet(ws, &tasks, &g.tasks, &f, &name)?;
        }
    }

    let rows: usize = ledgers.iter().map(|l| l.duties.len()).sum();
    let duties = new_sheet(&mut wb, DUTIES_SHEET, rows)?;
    duty_sheet(duties, ledgers, &f)?;

    let summary = new_sheet(&mut wb, SUMMARY_SHEET, 0)?;
    summary_sheet(summary, ledgers, &tasks, &groups, opts, &f)?;

    Ok(wb.save_to_buffer()?)
}

/// Sheets with more rows than this are written row by row to a temporary file (the writer's
/// constant-memory mode) instead of being held in memory until the workbook is saved.
const STREAMED_ROWS: usize = 2_000;

/// Adds a sheet named `name` that will hold `rows` rows.
fn new_sheet<'a>(wb: &'a mut Workbook, name: &str, rows: usize) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = if rows > STREAMED_ROWS { wb.add_worksheet_with_constant_memory()? } else { wb.add_worksheet() };
    ws.set_name(name)?;
    Ok(ws)
}

/// Writes a header row with widths, frozen, and notes where the column needs explaining.
fn header(ws: &mut Worksheet, columns: &[(&str, f64)], f: &Formats, notes: bool) -> Result<(), XlsxError> {
    for (c, (name, width)) in columns.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, *name, &f.header)?;
        ws.set_column_width(c, *width)?;
        if let Some(n) = header_note(name).filter(|_| notes) {
            ws.insert_note(0, c, &Note::new(n).set_author("taizhang").set_width(260).set_height(110))?;
        }
    }
    ws.set_row_height(0, 30)?;
    ws.set_freeze_panes(1, 0)?;
    ws.set_repeat_rows(0, 0)?;
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// Writes a text cell; an empty one gets its format (borders, shading) only.
fn text(ws: &mut Worksheet, row: u32, col: u16, s: &str, format: &Format) -> Result<(), XlsxError> {
    if s.is_empty() {
        ws.write_blank(row, col, format)?;
    } else {
        ws.write_string_with_format(row, col, cut(s), format)?;
    }
    Ok(())
}

/// A sheet of task rows (台账 or one owner's): the rows `which` of `tasks`.
fn task_sheet(ws: &mut Worksheet, tasks: &[&Task], which: &[usize], f: &Formats, sheet: &str) -> Result<(), WorkbookError> {
    if which.len() > MAX_ROWS {
        return Err(WorkbookError::TooManyRows { sheet: sheet.to_string(), rows: which.len() });
    }
    let columns = ledger_columns();
    header(ws, &columns, f, true)?;
    let (status, due) = (status_column(), due_column());
    for (r, &i) in which.iter().enumerate() {
        let row = r as u32 + 1;
        let t = tasks[i];
        let flagged = !t.flags.is_empty();
        let (tf, df, nf) = if flagged { (&f.text_flagged, &f.date_flagged, &f.number_flagged) } else { (&f.text, &f.date, &f.number) };
        let values = task_cells(i + 1, t);
        let widths: Vec<(&str, f64)> = values.iter().map(String::as_str).zip(columns.iter().filter(|(n, _)| *n != "状态").map(|(_, w)| *w)).collect();
        ws.set_row_height(row, row_height(&widths))?;
        let mut cells = values.into_iter();
        for (c, (name, _)) in columns.iter().enumerate() {
            let c = c as u16;
            if c == status {
                ws.write_blank(row, c, tf)?;
                continue;
            }
            let value = cells.next().unwrap_or_default();
            match *name {
                "序号" => {
                    ws.write_number_with_format(row, c, (i + 1) as f64, nf)?;
                }
                _ if c == due => match t.due {
                    Some(d) => {
                        let (y, m, dd) = (d.year() as u16, d.month() as u8, d.day() as u8);
                        ws.write_datetime_with_format(row, c, ExcelDateTime::from_ymd(y, m, dd)?, df)?;
                    }
                    None => {
                        ws.write_blank(row, c, df)?;
                    }
                },
                _ => text(ws, row, c, &value, tf)?,
            }
        }
    }
    let last = which.len().max(1) as u32;
    let dv = DataValidation::new()
        .allow_list_strings(STATUS_VALUES)?
        .set_input_title("状态")?
        .set_input_message("请选择：未启动、推进中、已完成、已销号")?
        .set_error_title("状态")?
        .set_error_message("请从下拉列表中选择：未启动、推进中、已完成、已销号")?;
    ws.add_data_validation(1, status, last, status, &dv)?;
    ws.autofilter(0, 0, which.len() as u32, columns.len() as u16 - 1)?;
    Ok(())
}

/// The 责任清单 sheet.
fn duty_sheet(ws: &mut Worksheet, ledgers: &[DocLedger], f: &Formats) -> Result<(), WorkbookError> {
    let rows: usize = ledgers.iter().map(|l| l.duties.len()).sum();
    if rows > MAX_ROWS {
        return Err(WorkbookError::TooManyRows { sheet: DUTIES_SHEET.to_string(), rows });
    }
    let columns = [("序号", 6.0), ("来源文件", 20.0), ("责任主体", 24.0), ("职责", 30.0), ("原文位置", 18.0)];
    header(ws, &columns, f, false)?;
    let mut row = 0u32;
    for l in ledgers {
        for d in &l.duties {
            row += 1;
            ws.write_number_with_format(row, 0, row as f64, &f.number)?;
            text(ws, row, 1, &l.source, &f.text)?;
            text(ws, row, 2, &d.holder, &f.text)?;
            text(ws, row, 3, &d.duty, &f.text)?;
            text(ws, row, 4, &format!("第{}行第{}字", d.line, d.column), &f.text)?;
        }
    }
    ws.autofilter(0, 0, row, columns.len() as u16 - 1)?;
    Ok(())
}

/// Counts of a set of tasks for the 汇总 sheet.
#[derive(Default)]
struct Counts {
    tasks: usize,
    with_owner: usize,
    firm: usize,
    dated: usize,
    flags: BTreeMap<&'static str, usize>,
}

impl Counts {
    fn add(&mut self, t: &Task) {
        self.tasks += 1;
        self.with_owner += usize::from(t.has_specific_owner());
        self.firm += usize::from(t.has_firm_limit());
        self.dated += usize::from(t.due.is_some());
        for c in &t.flags {
            *self.flags.entry(c).or_default() += 1;
        }
    }

    fn of<'a>(tasks: impl IntoIterator<Item = &'a Task>) -> Counts {
        let mut c = Counts::default();
        for t in tasks {
            c.add(t);
        }
        c
    }

    fn cells(&self, codes: &[&str]) -> Vec<usize> {
        let mut v = vec![self.tasks, self.with_owner, self.firm, self.dated];
        v.extend(codes.iter().map(|c| self.flags.get(c).copied().unwrap_or(0)));
        v
    }
}

/// The 汇总 sheet: a table per source file (with a 合计 row) and one per owner.
fn summary_sheet(
    ws: &mut Worksheet,
    ledgers: &[DocLedger],
    tasks: &[&Task],
    groups: &[Group],
    opts: &WorkbookOptions,
    f: &Formats,
) -> Result<(), WorkbookError> {
    let total = Counts::of(tasks.iter().copied());
    let mut codes: Vec<&str> = total.flags.keys().copied().collect();
    codes.sort_by_key(|c| (FLAG_ORDER.iter().position(|o| o == c).unwrap_or(FLAG_ORDER.len()), *c));
    let mut heads: Vec<String> = ["任务", "有具体责任主体", "有明确时限", "有截止日期"].iter().map(|s| s.to_string()).collect();
    heads.extend(codes.iter().map(|c| format!("{}\n{c}", flag_name(c))));

    ws.write_string_with_format(0, 0, "台账汇总", &f.title)?;
    let mut line = match (tasks.len(), opts.due.is_some()) {
        (0, false) => format!("{} 个文件，未发现承诺事项（0 项任务，完整度：—）", ledgers.len()),
        (n, _) => format!("{} 个文件，{n} 项任务（承诺事项）", ledgers.len()),
    };
    if let Some(v) = opts.due.and_then(|d| d.describe_zh()) {
        line.push_str(&format!("；筛选：{v}"));
    }
    ws.write_string(1, 0, line)?;
    ws.write_string(
        2,
        0,
        "有明确时限：有完成时限且不是“尽快”“限期”一类模糊说法；有截止日期：时限能推算出具体日期。一项任务有几个责任主体时，在“按责任主体”中各计一次。",
    )?;
    ws.set_column_width(0, 30)?;
    for c in 1..=heads.len() as u16 {
        ws.set_column_width(c, if c > 4 { 17 } else { 12 })?;
    }
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);

    let mut row = 4u32;
    let table = |ws: &mut Worksheet, row: &mut u32, title: &str, first: &str, rows: Vec<(String, Counts)>, total: Option<&Counts>| -> Result<(), XlsxError> {
        ws.write_string_with_format(*row, 0, title, &f.bold)?;
        *row += 1;
        ws.write_string_with_format(*row, 0, first, &f.header)?;
        for (c, h) in heads.iter().enumerate() {
            ws.write_string_with_format(*row, c as u16 + 1, h, &f.header)?;
        }
        ws.set_row_height(*row, 2.0 * LINE_POINTS + 3.0)?;
        let body = rows.iter().map(|(n, c)| (n.as_str(), c, false));
        for (name, counts, is_total) in body.chain(total.map(|t| ("合计", t, true))) {
            *row += 1;
            let (name_format, number_format) = if is_total { (&f.header, &f.header) } else { (&f.text, &f.number) };
            ws.write_string_with_format(*row, 0, cut(name), name_format)?;
            for (c, n) in counts.cells(&codes).into_iter().enumerate() {
                ws.write_number_with_format(*row, c as u16 + 1, n as f64, number_format)?;
            }
        }
        *row += 2;
        Ok(())
    };
    let per_file: Vec<(String, Counts)> = ledgers.iter().map(|l| (l.source.clone(), Counts::of(&l.tasks))).collect();
    if row as usize + per_file.len() + groups.len() + 8 > MAX_ROWS {
        return Err(WorkbookError::TooManyRows { sheet: SUMMARY_SHEET.to_string(), rows: per_file.len() + groups.len() });
    }
    table(ws, &mut row, "按来源文件", "来源文件", per_file, Some(&total))?;
    let per_owner: Vec<(String, Counts)> = groups.iter().map(|g| (g.name.clone(), Counts::of(g.tasks.iter().map(|&i| tasks[i])))).collect();
    table(ws, &mut row, "按责任主体", "责任主体", per_owner, None)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::date::Date;

    fn task(n: usize) -> Task {
        Task {
            source: format!("s{}.txt", n % 3),
            id: n.to_string(),
            matter: String::new(),
            measures: format!("第{n}项任务"),
            owners: Vec::new(),
            deadline: None,
            due: Date::new(2024, 1 + (n % 12) as u32, 1),
            flags: if n.is_multiple_of(2) { vec!["missing-owner"] } else { vec![] },
            line: n + 1,
            column: 1,
        }
    }

    #[test]
    fn a_large_sheet_is_streamed_and_reads_back_the_same() {
        use calamine::{Data, Reader};
        let n = STREAMED_ROWS + 50;
        let doc = DocLedger { source: "s.txt".into(), tasks: (0..n).map(task).collect(), duties: Vec::new() };
        let bytes = workbook(&[doc], &WorkbookOptions { group_by_owner: true, due: None }).unwrap();
        let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(wb.sheet_names(), [LEDGER_SHEET, crate::report::group::UNASSIGNED, DUTIES_SHEET, SUMMARY_SHEET]);
        for sheet in [LEDGER_SHEET, crate::report::group::UNASSIGNED] {
            let range = wb.worksheet_range(sheet).unwrap();
            assert_eq!(range.height(), n + 1, "{sheet}");
            let last = range.rows().next_back().unwrap();
            assert_eq!(last[0], Data::Float(n as f64));
            assert_eq!(last[3], Data::String(format!("第{}项任务", n - 1)));
            assert!(matches!(&last[due_column() as usize], Data::DateTime(d) if d.is_datetime()), "{last:?}");
        }
    }

    #[test]
    fn sheet_names_are_safe_and_unique() {
        let mut used: HashSet<String> = [LEDGER_SHEET, DUTIES_SHEET, SUMMARY_SHEET].iter().map(|s| s.to_string()).collect();
        assert_eq!(sheet_name("区委办/督查室[1]:*?\\", &mut used), "区委办／督查室［1］：＊？＼");
        assert_eq!(sheet_name("台账", &mut used), "台账(2)");
        assert_eq!(sheet_name("'x'", &mut used), "x");
        assert_eq!(sheet_name("X", &mut used), "X(2)");
        assert_eq!(sheet_name("History", &mut used), "History_");
        assert_eq!(sheet_name("\n", &mut used), "未命名");
        let long = "某某省某某市某某区人民政府办公室综合科室信息化建设领导小组办公室";
        let a = sheet_name(long, &mut used);
        let b = sheet_name(long, &mut used);
        assert_eq!(a.encode_utf16().count(), 31);
        assert!(b.encode_utf16().count() <= 31 && b.ends_with("(2)"), "{b}");
        let astral = "𠮷".repeat(20);
        assert!(sheet_name(&astral, &mut used).encode_utf16().count() <= 31);
        let mut check = Worksheet::new();
        for n in &used {
            // Every name given out is one the writer accepts.
            assert!(check.set_name(n).is_ok(), "{n}");
        }
    }
}
