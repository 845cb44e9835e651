//! The body of `document.xml`: paragraphs and their runs, in document order, with the
//! elements whose content is left out (deleted text, field codes, hidden runs, fallbacks),
//! list labels from [`super::numbering`] and tables handed to [`super::table`].
//!
//! The reader is a single pass over the XML events. What it holds is bounded: paragraphs
//! and tables nest at most [`MAX_DEPTH`] deep, a document has at most [`MAX_TABLE_CELLS`]
//! table rows and cells, and every line written takes its size from the text budget ([`super::text_budget`]).

use super::numbering::{level_of, Counters, Numbering, ParaNum};
use super::table::{render_table, Cell, Merge, Table, MAX_SPAN};
use super::{id_attr, on, val, val_in, Budget, DocxError, Ns, Xml};
use quick_xml::events::{BytesStart, Event};

/// How deep paragraphs and tables may nest inside each other (a text box in a paragraph, a
/// table in a cell); real documents stay below ten.
pub const MAX_DEPTH: usize = 64;

/// The most table rows and cells (counted together) a document may have.
pub const MAX_TABLE_CELLS: usize = 1_000_000;

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    num: ParaNum,
    in_ppr: bool,
    in_num_pr: bool,
    in_run: bool,
    in_rpr: bool,
    hidden: bool,
    in_t: bool,
}

/// Elements whose whole content is left out: deleted or moved-away text, the old
/// properties of tracked changes, field codes, and the fallback copy of alternate content.
fn skipped(ns: Ns, local: &[u8]) -> bool {
    match ns {
        Ns::Word => matches!(
            local,
            b"del"
                | b"moveFrom"
                | b"delText"
                | b"instrText"
                | b"delInstrText"
                | b"pPrChange"
                | b"rPrChange"
                | b"sectPrChange"
                | b"tblPrChange"
                | b"trPrChange"
                | b"tcPrChange"
                | b"numberingChange"
        ),
        Ns::Mc => local == b"Fallback",
        Ns::Other => false,
    }
}

/// The state of one rendering.
struct Render<'a> {
    numbering: &'a Numbering,
    budget: &'a mut Budget,
    part: &'a str,
    out: String,
    paras: Vec<Para>,
    tables: Vec<Table>,
    counters: Counters,
    /// Table rows and cells read so far.
    cells: usize,
}

/// Renders `document.xml` (named `part` in errors) as text.
///
/// # Errors
/// [`DocxError::Broken`] for XML that does not parse (with the byte offset) or that nests or
/// holds more than the bounds; [`DocxError::TextTooLarge`] or [`DocxError::LabelTooLong`]
/// when the text would pass its budget.
pub(super) fn render(xml: &[u8], part: &str, numbering: &Numbering, budget: &mut Budget) -> Result<String, DocxError> {
    let mut reader = Xml::new(xml);
    let mut r = Render { numbering, budget, part, out: String::new(), paras: Vec::new(), tables: Vec::new(), counters: Counters::default(), cells: 0 };
    let broken = |message: String| DocxError::Broken { part: part.to_string(), message };
    let mut skip = 0usize;
    loop {
        let (ns, ev, at) = reader.next().map_err(broken)?;
        match ev {
            Event::Start(e) => {
                let local = e.local_name();
                let local = local.as_ref();
                if skip > 0 || skipped(ns, local) {
                    skip += 1;
                } else if ns == Ns::Word {
                    r.start_element(local, &e, false)?;
                }
            }
            Event::Empty(e) if skip == 0 && ns == Ns::Word => {
                let local = e.local_name();
                r.start_element(local.as_ref(), &e, true)?;
                // An empty element also ends.
                r.end_element(local.as_ref())?;
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                } else if ns == Ns::Word {
                    r.end_element(e.local_name().as_ref())?;
                }
            }
            Event::Text(t) if skip == 0 => {
                if let Some(p) = r.paras.last_mut().filter(|p| p.in_t && !p.hidden) {
                    let text = t.unescape().map_err(|e| broken(format!("at byte {at}: {e}")))?;
                    p.text.push_str(&text);
                }
            }
            Event::CData(t) if skip == 0 => {
                if let Some(p) = r.paras.last_mut().filter(|p| p.in_t && !p.hidden) {
                    p.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // A truncated document: keep what was read.
    while let Some(p) = r.paras.pop() {
        r.emit_lines(&p.text)?;
    }
    Ok(r.out)
}

impl Render<'_> {
    fn broken(&self, message: String) -> DocxError {
        DocxError::Broken { part: self.part.to_string(), message }
    }

    /// Refuses to open one more paragraph or table past [`MAX_DEPTH`].
    fn check_depth(&self) -> Result<(), DocxError> {
        if self.paras.len() + self.tables.len() >= MAX_DEPTH {
            return Err(self.broken(format!("paragraphs and tables nested more than {MAX_DEPTH} deep")));
        }
        Ok(())
    }

    /// Counts one more table row or cell, refusing more than [`MAX_TABLE_CELLS`].
    fn count_cell(&mut self) -> Result<(), DocxError> {
        self.cells += 1;
        if self.cells > MAX_TABLE_CELLS {
            return Err(self.broken(format!("more than {MAX_TABLE_CELLS} table rows and cells")));
        }
        Ok(())
    }

    fn start_element(&mut self, local: &[u8], e: &BytesStart, empty: bool) -> Result<(), DocxError> {
        match local {
            b"p" => {
                self.check_depth()?;
                self.paras.push(Para::default());
            }
            b"tbl" => {
                self.check_depth()?;
                self.tables.push(Table::default());
            }
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row.clear();
                    t.col = 0;
                }
            }
            b"trPr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.in_trpr = !empty;
                }
            }
            b"gridBefore" => {
                if let Some(t) = self.tables.last_mut().filter(|t| t.in_trpr) {
                    t.col = t.col.saturating_add(val_in(e, 0, MAX_SPAN).unwrap_or(0) as usize);
                }
            }
            b"tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(Cell { paras: Vec::new(), col: t.col, span: 1, merge: Merge::None });
                }
            }
            b"tcPr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.in_tcpr = !empty;
                }
            }
            b"gridSpan" | b"vMerge" => {
                if let Some(c) = self.tables.last_mut().filter(|t| t.in_tcpr).and_then(|t| t.cell.as_mut()) {
                    if local == b"gridSpan" {
                        c.span = val_in(e, 1, MAX_SPAN).unwrap_or(1) as usize;
                    } else {
                        c.merge = if val(e).as_deref() == Some("restart") { Merge::Restart } else { Merge::Continue };
                    }
                }
            }
            _ => {
                let Some(p) = self.paras.last_mut() else {
                    return Ok(());
                };
                match local {
                    b"pPr" if !p.in_run => p.in_ppr = !empty,
                    b"numPr" if p.in_ppr => p.in_num_pr = !empty,
                    b"pStyle" if p.in_ppr => p.num.style = id_attr(e, b"val"),
                    b"numId" if p.in_num_pr => p.num.num_id = id_attr(e, b"val"),
                    b"ilvl" if p.in_num_pr => p.num.ilvl = val(e).as_deref().and_then(level_of),
                    b"r" => {
                        p.in_run = !empty;
                        p.hidden = false;
                    }
                    b"rPr" if p.in_run => p.in_rpr = !empty,
                    b"vanish" | b"specVanish" if p.in_rpr => p.hidden = on(e),
                    b"t" if p.in_run => p.in_t = !empty,
                    b"tab" | b"ptab" if p.in_run && !p.in_rpr && !p.hidden => p.text.push('\t'),
                    b"br" | b"cr" if p.in_run && !p.hidden => p.text.push('\n'),
                    b"noBreakHyphen" if p.in_run && !p.hidden => p.text.push('-'),
                    _ => {}
                }
            }
        }
        Ok(())
    }

    fn end_element(&mut self, local: &[u8]) -> Result<(), DocxError> {
        match local {
            b"p" => {
                let Some(p) = self.paras.pop() else {
                    return Ok(());
                };
                let text = match self.numbering.next_label(&p.num, &mut self.counters)? {
                    Some(label) if !p.text.trim().is_empty() => {
                        format!("{label}{}", p.text.trim_start())
                    }
                    _ => p.text,
                };
                self.emit_lines(&text)?;
            }
            b"tc" => {
                let Some(c) = self.tables.last_mut().and_then(|t| t.cell.take()) else {
                    return Ok(());
                };
                self.count_cell()?;
                if let Some(t) = self.tables.last_mut() {
                    t.col = c.col.saturating_add(c.span);
                    t.row.push(c);
                }
            }
            b"tr" => {
                if !self.tables.is_empty() {
                    self.count_cell()?;
                }
                if let Some(t) = self.tables.last_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            b"tbl" => {
                if let Some(t) = self.tables.pop() {
                    let text = render_table(t.rows, self.budget)?;
                    if let Some(lines) = text.strip_suffix('\n') {
                        self.emit_lines(lines)?;
                    }
                }
            }
            b"trPr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.in_trpr = false;
                }
            }
            b"tcPr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.in_tcpr = false;
                }
            }
            _ => {
                let Some(p) = self.paras.last_mut() else {
                    return Ok(());
                };
                match local {
                    b"pPr" => p.in_ppr = false,
                    b"numPr" => p.in_num_pr = false,
                    b"r" => {
                        p.in_run = false;
                        p.hidden = false;
                    }
                    b"rPr" => p.in_rpr = false,
                    b"t" => p.in_t = false,
                    _ => {}
                }
            }
        }
        Ok(())
    }

    /// Sends finished text to where it belongs: the open table cell, else the document,
    /// taking its size from the budget.
    fn emit_lines(&mut self, text: &str) -> Result<(), DocxError> {
        if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            for line in text.split('\n') {
                let line = line.trim();
                if !line.is_empty() {
                    self.budget.take(line.len())?;
                    cell.paras.push(line.to_string());
                }
            }
            return Ok(());
        }
        for line in text.split('\n') {
            let line = line.trim_end();
            self.budget.take(line.len() + 1)?;
            self.out.push_str(line);
            self.out.push('\n');
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{doc, p, zipped, W};
    use super::super::{document_text, read_docx, MC_NS};

    fn tc(text: &str) -> String {
        format!("<w:tc>{}</w:tc>", p(text))
    }

    #[test]
    fn paragraphs_and_plain_tables() {
        let xml = doc(&format!("{}<w:tbl><w:tr>{}{}</w:tr></w:tbl>", p("一、总体要求"), tc("1"), tc("区纪委")));
        assert_eq!(document_text(xml.as_bytes()).unwrap(), "一、总体要求\n1\t区纪委\n");
    }

    #[test]
    fn prefixes_do_not_matter_namespaces_do() {
        let xml = format!(
            r#"<doc:document xmlns:doc="{W}" xmlns:a="urn:other"><doc:body><doc:p><doc:r><doc:t>区委</doc:t><a:t>不是正文</a:t><doc:t>将整改。</doc:t></doc:r></doc:p></doc:body></doc:document>"#
        );
        assert_eq!(document_text(xml.as_bytes()).unwrap(), "区委将整改。\n");
        let default_ns = format!(r#"<document xmlns="{W}"><body><p><r><t>默认命名空间</t></r></p></body></document>"#);
        assert_eq!(document_text(default_ns.as_bytes()).unwrap(), "默认命名空间\n");
    }

    #[test]
    fn deleted_text_field_codes_and_fallbacks_are_left_out() {
        let xml = format!(
            r#"<w:document xmlns:w="{W}" xmlns:mc="{}"><w:body><w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><mc:AlternateContent><mc:Choice><w:r><w:t>甲</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>甲</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p></w:body></w:document>"#,
            std::str::from_utf8(MC_NS).unwrap()
        );
        assert_eq!(document_text(xml.as_bytes()).unwrap(), "保留甲\n");
    }

    #[test]
    fn ledger_table_rows_become_items() {
        let header = format!("<w:tr>{}{}{}{}{}</w:tr>", tc("序号"), tc("问题"), tc("整改措施"), tc("责任单位"), tc("完成时限"));
        let row = format!(
            "<w:tr>{}{}{}{}{}</w:tr>",
            tc("1"),
            tc("学习不深入"),
            tc("制定学习计划，确保每月集中学习一次。建立考勤制度。"),
            tc("区委办公室"),
            tc("2024年6月底前")
        );
        let xml = doc(&format!("<w:tbl>{header}{row}</w:tbl>"));
        assert_eq!(
            document_text(xml.as_bytes()).unwrap(),
            "1. 制定学习计划，确保每月集中学习一次。\n建立考勤制度。\n问题：学习不深入\n责任单位：区委办公室\n完成时限：2024年6月底前\n"
        );
    }

    #[test]
    fn merged_owner_cells_apply_to_each_row() {
        let header = format!("<w:tr>{}{}</w:tr>", tc("整改任务"), tc("牵头领导"));
        let r1 = format!("<w:tr>{}<w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>{}</w:tc></w:tr>", tc("完善制度。"), p("张三"));
        let r2 = format!("<w:tr>{}<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>", tc("加强督查。"));
        let xml = doc(&format!("<w:tbl>{header}{r1}{r2}</w:tbl>"));
        assert_eq!(document_text(xml.as_bytes()).unwrap(), "1. 完善制度。\n牵头领导：张三\n2. 加强督查。\n牵头领导：张三\n");
    }

    #[test]
    fn a_second_header_row_splits_merged_headings() {
        let span2 = |text: &str| format!("<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>{}</w:tc>", p(text));
        let cont = "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>";
        let restart = |text: &str| format!("<w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>{}</w:tc>", p(text));
        let h1 = format!("<w:tr>{}{}{}{}</w:tr>", restart("序号"), restart("整改措施"), span2("责任主体"), restart("完成时限"));
        let h2 = format!("<w:tr>{cont}{cont}{}{}{cont}</w:tr>", tc("责任领导"), tc("责任单位"));
        let row = format!("<w:tr>{}{}{}{}{}</w:tr>", tc("1"), tc("确保按期完成。"), tc("张三"), tc("区财政局"), tc("2024年底前"));
        let xml = doc(&format!("<w:tbl>{h1}{h2}{row}</w:tbl>"));
        assert_eq!(document_text(xml.as_bytes()).unwrap(), "1. 确保按期完成。\n责任领导：张三\n责任单位：区财政局\n完成时限：2024年底前\n");
    }

    #[test]
    fn huge_spans_and_skips_are_clamped() {
        let row = format!(
            "<w:tr><w:trPr><w:gridBefore w:val=\"18446744073709551615\"/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val=\"99999999999999999999\"/></w:tcPr>{}</w:tc>{}</w:tr>",
            p("甲"),
            tc("乙")
        );
        let xml = doc(&format!("<w:tbl>{row}{row}</w:tbl>"));
        assert_eq!(document_text(xml.as_bytes()).unwrap(), "甲\t乙\n甲\t乙\n");
    }

    #[test]
    fn nesting_is_bounded() {
        let xml = doc(&format!("{}{}", "<w:p>".repeat(10_000), "</w:p>".repeat(10_000)));
        let e = document_text(xml.as_bytes()).unwrap_err();
        assert!(e.contains("nested more than"), "{e}");
    }

    fn numbered(style: Option<&str>, num: Option<(u32, u32)>, text: &str) -> String {
        let style = style.map(|s| format!("<w:pStyle w:val=\"{s}\"/>")).unwrap_or_default();
        let num = num.map(|(id, l)| format!("<w:numPr><w:ilvl w:val=\"{l}\"/><w:numId w:val=\"{id}\"/></w:numPr>")).unwrap_or_default();
        format!("<w:p><w:pPr>{style}{num}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    #[test]
    fn automatic_numbering_is_rendered() {
        let numbering = format!(
            r#"<w:numbering xmlns:w="{W}">
            <w:abstractNum w:abstractNumId="0">
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
              <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
            </w:abstractNum>
            <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
            <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
            <w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
            <w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
            </w:numbering>"#
        );
        let styles = format!(
            r#"<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="H1x"><w:basedOn w:val="H1"/></w:style></w:styles>"#
        );
        let body = [
            numbered(Some("H1"), None, "总体要求"),
            numbered(None, Some((1, 1)), "加强学习"),
            numbered(None, Some((1, 2)), "制定计划"),
            numbered(None, Some((1, 2)), "建立台账"),
            numbered(None, Some((1, 1)), "压实责任"),
            numbered(None, Some((2, 2)), "重新编号"),
            numbered(Some("H1x"), None, "保障措施"),
            numbered(None, Some((3, 0)), "项目符号"),
            numbered(Some("H1"), Some((0, 0)), "不编号"),
        ]
        .concat();
        let bytes = zipped(&[("word/document.xml", &doc(&body)), ("word/numbering.xml", &numbering), ("word/styles.xml", &styles)]);
        assert_eq!(
            read_docx(&bytes, u64::MAX).unwrap(),
            "一、总体要求\n（一）加强学习\n1. 制定计划\n2. 建立台账\n（二）压实责任\n1. 重新编号\n二、保障措施\n项目符号\n不编号\n"
        );
    }
}
