//! The office view of a ledger: one row per **task** — an item of kind commitment — in the
//! columns of a 整改台账 (问题/事项, 整改措施, 责任单位, 责任领导, 责任人, 完成时限, 截止日期…),
//! as the Excel workbook ([`super::xlsx`]) and the ledgers by owner ([`super::group`]) write
//! it. Problem and other items are not tasks; they give the 问题/事项 of the tasks the
//! outline nests under them.
//!
//! How an item's text is split into 问题/事项 and 整改措施 (one rule for plain text and for
//! the rows of a .docx 整改 table, which the reader writes as labelled lines):
//!
//! * The item's own text (without its children and its marker) is cut into segments at line
//!   breaks and before a label that follows a sentence end (`…。牵头单位：办公室`). A
//!   segment opening with a short label and a colon (`问题：`, `整改措施：`, `完成时限：`) is
//!   labelled.
//! * A label holding 问题 gives the 问题/事项; a label holding 措施, 任务 or 举措 gives
//!   整改措施. Any other labelled segment whose value is only the task's owners and time
//!   limits (`牵头单位：办公室`, `完成时限：2024年7月31日前`) is left out: those are the
//!   columns. Other labelled segments stay in 整改措施 as written (`整改目标：…`).
//! * The unlabelled text is the 整改措施; but when a 措施 label is present it is the
//!   problem the measures answer (`1.理论学习不够深入。整改措施：制定学习计划…`), and goes to
//!   问题/事项 unless a 问题 label is there too (then it leads the 整改措施).
//! * An item whose own text opens with a title line (short, not ending a sentence) over
//!   more text takes that line as its 问题/事项 (`二、提高政治站位\n局党组将…`).
//! * Without a 问题 of its own, a task's 问题/事项 is the heading of the nearest enclosing
//!   item of kind problem, else the heading of the nearest enclosing item (the section it
//!   belongs to: 提高政治站位), else empty.

use crate::date::Date;
use crate::extract::deadline::{Deadline, DeadlineKind};
use crate::extract::kind::Kind;
use crate::extract::owner::{Owner, OwnerClass, OwnerRole};
use crate::ledger::{Analysis, Item};
use crate::text::{CharText, Span};
use regex::Regex;
use std::sync::OnceLock;

/// The most characters a cell holds (Excel allows 32,767 UTF-16 units); longer texts are cut
/// and end with [`CUT_MARK`].
pub const MAX_CELL_CHARS: usize = 16_000;

/// What ends a text cut at [`MAX_CELL_CHARS`].
pub const CUT_MARK: &str = "…（截断）";

/// One task of the ledger: an item of kind commitment, in the columns offices use.
#[derive(Debug, Clone)]
pub struct Task {
    /// The source file (or record id) of the document.
    pub source: String,
    /// The item's number path in the outline (`1.2`).
    pub id: String,
    /// 问题/事项: the problem or matter the task answers (see the module documentation).
    pub matter: String,
    /// 整改措施: what is to be done, lines joined with `\n`.
    pub measures: String,
    /// The owners written in the item (or its list's lead-in), as the analysis found them.
    pub owners: Vec<Owner>,
    /// The main time limit.
    pub deadline: Option<Deadline>,
    /// The due date of the main time limit, where the text allows one.
    pub due: Option<Date>,
    /// The codes of the item's flags (`missing-deadline`), in the analysis's order.
    pub flags: Vec<&'static str>,
    /// 1-based line of the item's start.
    pub line: usize,
    /// 1-based column of the item's start, in characters (grapheme clusters).
    pub column: usize,
}

/// One entry of the responsibility list (责任清单) with its place in the text.
#[derive(Debug, Clone)]
pub struct Duty {
    /// Who holds it, with who 我/他 stands for where known (`我（区委书记）`).
    pub holder: String,
    /// The duty or role (主体责任, 牵头单位).
    pub duty: String,
    /// 1-based line of the duty.
    pub line: usize,
    /// 1-based column of the duty, in characters (grapheme clusters).
    pub column: usize,
}

/// The office ledger of one document: its tasks and its responsibility list.
#[derive(Debug, Clone)]
pub struct DocLedger {
    /// The source file (or record id).
    pub source: String,
    /// The tasks, in text order.
    pub tasks: Vec<Task>,
    /// The responsibility list, in text order.
    pub duties: Vec<Duty>,
}

impl DocLedger {
    /// The office ledger of an analysis; `text` is the decoded text its spans refer to (for
    /// the lines and columns of the responsibility list).
    pub fn of(a: &Analysis, text: &CharText) -> DocLedger {
        let duties = a
            .responsibilities
            .iter()
            .map(|r| {
                let p = text.position(r.span.start);
                Duty { holder: with_resolved(&r.owner, r.resolved.as_deref()), duty: r.duty.clone(), line: p.line, column: p.column }
            })
            .collect();
        DocLedger { source: a.source.clone(), tasks: tasks_of(a), duties }
    }
}

/// The tasks of an analysis, in text order (see the module documentation).
pub fn tasks_of(a: &Analysis) -> Vec<Task> {
    let mut out = Vec::new();
    let mut ancestors = Vec::new();
    for item in &a.items {
        collect(&a.source, item, &mut ancestors, &mut out);
    }
    out
}

fn collect<'a>(source: &str, item: &'a Item, ancestors: &mut Vec<&'a Item>, out: &mut Vec<Task>) {
    if item.kind == Kind::Commitment {
        out.push(task(source, item, ancestors));
    }
    ancestors.push(item);
    for c in &item.children {
        collect(source, c, ancestors, out);
    }
    ancestors.pop();
}

/// The due date of an item's main time limit.
pub fn due_of(item: &Item) -> Option<Date> {
    item.deadline.as_ref().and_then(|d| d.due.as_deref()).and_then(Date::parse_iso)
}

fn task(source: &str, item: &Item, ancestors: &[&Item]) -> Task {
    let parts = split_own_text(item);
    let matter = parts.matter.unwrap_or_else(|| {
        ancestors.iter().rev().find(|a| a.kind == Kind::Problem).or_else(|| ancestors.last()).map(|a| one_line(&a.heading)).unwrap_or_default()
    });
    let measures = if parts.measures.is_empty() { one_line(&item.heading) } else { parts.measures };
    Task {
        source: source.to_string(),
        id: item.id.clone(),
        matter: cut(&matter),
        measures: cut(&measures),
        owners: item.owners.clone(),
        deadline: item.deadline.clone(),
        due: due_of(item),
        flags: item.flags.iter().map(|f| f.code).collect(),
        line: item.line,
        column: item.column,
    }
}

/// A text cut to [`MAX_CELL_CHARS`].
pub fn cut(s: &str) -> String {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        None => s.to_string(),
        Some((at, _)) => format!("{}{CUT_MARK}", &s[..at]),
    }
}

/// White space runs (line breaks included) as one space, trimmed.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `name（resolved）` when the text says who a pronoun stands for.
fn with_resolved(text: &str, resolved: Option<&str>) -> String {
    match resolved {
        Some(r) if r != text => format!("{text}（{r}）"),
        _ => text.to_string(),
    }
}

/// What a labelled segment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    /// 问题：…
    Problem,
    /// 整改措施：…, 任务：…
    Measures,
    /// Anything else (牵头单位：…, 完成时限：…, 整改目标：…).
    Other,
}

/// What the labels say. These are the column names of a 整改台账 — the format written here —
/// not a word list of the analysis.
fn label_kind(label: &str) -> Label {
    if label.contains("问题") {
        Label::Problem
    } else if ["措施", "任务", "举措"].iter().any(|w| label.contains(w)) {
        Label::Measures
    } else {
        Label::Other
    }
}

/// A label opening a segment: 2–8 Han characters (spaces allowed around) and a colon.
fn label_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^[ \t\u{3000}]*(\p{Han}{2,8})[ \t\u{3000}]*[：:]").expect("label"))
}

/// Where a label follows a sentence end inside a line (`…。牵头单位：`): the byte offsets just
/// after the sentence end.
fn inline_label_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"[。；;][ \t\u{3000}]*\p{Han}{2,8}[ \t\u{3000}]*[：:]").expect("inline label"))
}

/// The 问题 and 整改措施 read from an item's own text.
struct Parts {
    matter: Option<String>,
    measures: String,
}

/// One segment of an item's own text, with the char span of its value in the document.
struct Segment {
    label: Option<(Label, String)>,
    value: String,
    span: Span,
}

/// The item's own text (children left out) as (document char offset, line) pieces.
fn own_lines(item: &Item) -> Vec<(usize, String)> {
    let chars: Vec<char> = item.text.chars().collect();
    let base = item.span.start;
    let mut lines = Vec::new();
    for sp in &item.own {
        let from = sp.start.saturating_sub(base).min(chars.len());
        let to = sp.end.saturating_sub(base).min(chars.len());
        let mut start = from;
        for i in from..=to {
            if i == to || chars[i] == '\n' {
                if i > start {
                    lines.push((base + start, chars[start..i].iter().collect()));
                }
                start = i + 1;
            }
        }
    }
    lines
}

/// Cuts the own text into segments (see the module documentation).
fn segments(item: &Item) -> Vec<Segment> {
    let mut out = Vec::new();
    for (n, (offset, mut line)) in own_lines(item).into_iter().enumerate() {
        let mut offset = offset;
        if n == 0 {
            if let Some(m) = item.marker.as_deref().filter(|m| line.starts_with(m)) {
                offset += m.chars().count();
                line = line[m.len()..].to_string();
            }
        }
        // Cut before each label that follows a sentence end.
        let mut cuts = vec![0];
        cuts.extend(inline_label_re().find_iter(&line).map(|m| m.start() + m.as_str().chars().next().map_or(0, char::len_utf8)));
        cuts.push(line.len());
        for w in cuts.windows(2) {
            let piece = &line[w[0]..w[1]];
            let piece_start = offset + line[..w[0]].chars().count();
            let (label, value, value_start) = match label_re().captures(piece) {
                Some(c) => {
                    let whole = c.get(0).map_or(0, |m| m.end());
                    let name = c[1].to_string();
                    (Some((label_kind(&name), name)), &piece[whole..], piece_start + piece[..whole].chars().count())
                }
                None => (None, piece, piece_start),
            };
            let trimmed = value.trim_start_matches([' ', '\t', '\u{3000}']);
            let value_start = value_start + (value.chars().count() - trimmed.chars().count());
            let trimmed = trimmed.trim_end();
            if trimmed.is_empty() && label.is_none() {
                continue;
            }
            out.push(Segment { label, value: trimmed.to_string(), span: Span::new(value_start, value_start + trimmed.chars().count()) });
        }
    }
    out
}

/// True when a labelled value says nothing beyond the task's owners and time limits (and
/// punctuation): `办公室、机关党支部`, `2024年7月31日前`.
fn only_owners_and_limits(item: &Item, seg: &Segment) -> bool {
    let mut covered = vec![false; seg.span.len()];
    let spans = item.owners.iter().map(|o| o.span).chain(item.deadlines.iter().map(|d| d.span));
    let mut any = false;
    for s in spans.filter(|s| s.overlaps(&seg.span)) {
        any = true;
        for c in covered.iter_mut().take(s.end.min(seg.span.end) - seg.span.start).skip(s.start.max(seg.span.start) - seg.span.start) {
            *c = true;
        }
    }
    any && seg.value.chars().zip(covered).all(|(c, cov)| cov || !c.is_alphanumeric())
}

/// The longest title line, in chars.
const MAX_TITLE_CHARS: usize = 60;

/// True for a line that reads as a title: short, and not ending a sentence.
fn is_title(line: &str) -> bool {
    line.chars().count() <= MAX_TITLE_CHARS && !line.ends_with(['。', '！', '？', '!', '?', '；', ';', '…', '：', ':'])
}

fn split_own_text(item: &Item) -> Parts {
    let segs = segments(item);
    let has_measures = segs.iter().any(|s| matches!(s.label, Some((Label::Measures, _))));
    let has_problem = segs.iter().any(|s| matches!(s.label, Some((Label::Problem, _))));
    let mut matter: Vec<&str> = Vec::new();
    let mut lead: Vec<&str> = Vec::new();
    let mut measures: Vec<String> = Vec::new();
    for s in &segs {
        match &s.label {
            Some((Label::Problem, _)) => matter.push(&s.value),
            Some((Label::Measures, _)) => measures.push(s.value.clone()),
            Some((Label::Other, name)) => {
                if !only_owners_and_limits(item, s) {
                    measures.push(format!("{name}：{}", s.value));
                }
            }
            None if has_measures && !has_problem => matter.push(&s.value),
            None => lead.push(&s.value),
        }
    }
    // A title line over the item's body (二、提高政治站位\n局党组将…) names the matter.
    if matter.is_empty() && lead.len() >= 2 && is_title(lead[0]) {
        matter.push(lead.remove(0));
    }
    let mut all: Vec<String> = lead.into_iter().map(str::to_string).collect();
    all.extend(measures);
    Parts { matter: (!matter.is_empty()).then(|| matter.join("\n")), measures: all.join("\n") }
}

/// Which column of the ledger an owner goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnerColumn {
    /// 责任单位 (牵头/配合): units and collective subjects, and whatever a 牵头单位, 配合单位
    /// or 责任单位 label names.
    Unit,
    /// 责任领导: posts (区委书记, 分管领导), the speaker's 我, and what a 责任领导 label names.
    Leader,
    /// 责任人: persons, and what a 责任人 label names.
    Person,
}

/// The column of an owner: by the role a label gave it, else by its class.
pub fn owner_column(o: &Owner) -> OwnerColumn {
    match (o.role, o.class) {
        (Some(OwnerRole::Lead | OwnerRole::Cooperate | OwnerRole::Responsible), _) => OwnerColumn::Unit,
        (Some(OwnerRole::Leader), _) => OwnerColumn::Leader,
        (Some(OwnerRole::Person), _) => OwnerColumn::Person,
        (None, OwnerClass::Unit | OwnerClass::Collective) => OwnerColumn::Unit,
        (None, OwnerClass::Role | OwnerClass::Speaker) => OwnerColumn::Leader,
        (None, OwnerClass::Person) => OwnerColumn::Person,
    }
}

/// An owner as a ledger cell shows it: the name as written, who a pronoun stands for, and
/// （牵头） or （配合） where a label says so.
pub fn owner_cell_name(o: &Owner) -> String {
    let name = with_resolved(&o.text, o.resolved.as_deref());
    match o.role {
        Some(OwnerRole::Lead) => format!("{name}（牵头）"),
        Some(OwnerRole::Cooperate) => format!("{name}（配合）"),
        _ => name,
    }
}

impl Task {
    /// The owners of one column, as shown (duplicates left out), joined with 、.
    pub fn owners_in(&self, column: OwnerColumn) -> String {
        let mut names: Vec<String> = Vec::new();
        for o in self.owners.iter().filter(|o| owner_column(o) == column) {
            let n = owner_cell_name(o);
            if !names.contains(&n) {
                names.push(n);
            }
        }
        names.join("、")
    }

    /// 完成时限: the main time limit as written.
    pub fn limit_text(&self) -> &str {
        self.deadline.as_ref().map_or("", |d| d.text.as_str())
    }

    /// 时限类型: the main time limit's kind, in Chinese.
    pub fn limit_kind(&self) -> Option<DeadlineKind> {
        self.deadline.as_ref().map(|d| d.kind)
    }

    /// True when some owner names a unit, role or person (not only 我们, 有关部门…).
    pub fn has_specific_owner(&self) -> bool {
        self.owners.iter().any(|o| !o.is_collective())
    }

    /// True when the main time limit is not vague (具体日期, 期限, 立即, 长期).
    pub fn has_firm_limit(&self) -> bool {
        self.deadline.as_ref().is_some_and(|d| d.kind != DeadlineKind::Vague)
    }

    /// 原文位置: the outline number and where the item starts, `条目1.2，第4行第1字` (line and
    /// column 1-based, the column counted in characters).
    pub fn place(&self) -> String {
        format!("条目{}，第{}行第{}字", self.id, self.line, self.column)
    }
}

/// The short Chinese name of a flag code, for ledgers (the code itself for a code it does
/// not know).
pub fn flag_name(code: &str) -> &str {
    match code {
        "missing-owner" => "缺责任主体",
        "vague-owner" => "责任主体泛指",
        "missing-deadline" => "缺完成时限",
        "vague-deadline" => "时限模糊",
        "empty-pledge" => "空泛表态",
        "numbering-gap" => "序号缺漏",
        "numbering-repeat" => "序号重复",
        "count-mismatch" => "数目不符",
        "mixed-style" => "序号混用",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::{Analyzer, Config};
    use std::sync::OnceLock;

    fn analyzer() -> &'static Analyzer {
        static A: OnceLock<Analyzer> = OnceLock::new();
        A.get_or_init(|| Analyzer::new(Config::default()).expect("analyzer"))
    }

    fn tasks(text: &str) -> Vec<Task> {
        tasks_of(&analyzer().analyze_text("t.txt", text))
    }

    #[test]
    fn a_zhenggai_item_splits_into_problem_and_measures() {
        let t = tasks(
            "一、主要问题及整改措施\n1.理论学习不够深入，学用结合不紧密。\n整改措施：制定年度学习计划，每月开展一次集中学习。\n\
             牵头单位：办公室\n配合单位：机关党支部\n责任领导：张××\n完成时限：2024年7月31日前\n",
        );
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].matter, "理论学习不够深入，学用结合不紧密。");
        assert_eq!(t[0].measures, "制定年度学习计划，每月开展一次集中学习。");
        assert_eq!(t[0].owners_in(OwnerColumn::Unit), "办公室（牵头）、机关党支部（配合）");
        assert_eq!(t[0].owners_in(OwnerColumn::Leader), "张××");
        assert_eq!(t[0].due, Date::new(2024, 7, 31));
    }

    #[test]
    fn a_table_row_gives_its_problem_label_and_keeps_other_labels() {
        let t = tasks(
            "1. 制定学习计划，确保每月集中学习一次。\n建立考勤制度。\n问题：学习不深入\n整改目标：全员参学\n责任单位：区委办公室\n完成时限：2024年6月底前\n",
        );
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].matter, "学习不深入");
        assert_eq!(t[0].measures, "制定学习计划，确保每月集中学习一次。\n建立考勤制度。\n整改目标：全员参学");
        assert_eq!(t[0].owners_in(OwnerColumn::Unit), "区委办公室");
    }

    #[test]
    fn the_enclosing_problem_or_section_is_the_matter() {
        let t = tasks("一、提高政治站位\n（一）区纪委要在2024年6月底前完成专项督查。\n（二）区财政局将于2024年9月30日前完成资金清理。\n");
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t.iter().all(|t| t.matter == "提高政治站位"), "{t:?}");
        assert_eq!(t[0].measures, "区纪委要在2024年6月底前完成专项督查。");
        assert_eq!(t[0].place(), "条目1.1，第2行第1字");
    }

    #[test]
    fn a_title_line_over_a_body_is_the_matter() {
        let t = tasks("二、提高政治站位，切实扛起整改责任\n局党组将把巡察整改作为当前最重要的政治任务，6月底前召开专题会议。\n");
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].matter, "提高政治站位，切实扛起整改责任");
        assert_eq!(t[0].measures, "局党组将把巡察整改作为当前最重要的政治任务，6月底前召开专题会议。");
    }

    #[test]
    fn a_sentence_that_only_begins_like_a_label_stays() {
        let t = tasks("区纪委承诺：6月底前完成整改。\n下一步工作：区审计局要在6月底前完成审计。\n");
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!(t[0].measures, "区纪委承诺：6月底前完成整改。");
        assert_eq!(t[1].measures, "下一步工作：区审计局要在6月底前完成审计。");
    }

    #[test]
    fn long_texts_are_cut_for_a_cell() {
        let s = "字".repeat(MAX_CELL_CHARS + 10);
        let c = cut(&s);
        assert!(c.ends_with(CUT_MARK));
        assert_eq!(c.chars().count(), MAX_CELL_CHARS + CUT_MARK.chars().count());
        assert_eq!(cut("短"), "短");
    }
}
