//! `extract --format xlsx`: the workbook the built binary writes, opened with calamine (sheets,
//! header, values, dates as dates) and read as XML where calamine does not look (the 状态
//! drop-down, the frozen header, the autofilter, the shading of flagged rows); and the
//! due-date views in the other formats.

use calamine::{open_workbook, Data, Reader, Xlsx};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const HEADER: [&str; 13] = [
    "序号",
    "来源文件",
    "问题/事项",
    "整改措施",
    "责任单位（牵头/配合）",
    "责任领导",
    "责任人",
    "完成时限",
    "截止日期",
    "时限类型",
    "问题标记",
    "状态",
    "原文位置",
];

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_taizhang"))
}

fn run(args: &[&str]) -> Output {
    let o = bin().args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().expect("run taizhang");
    assert!(
        String::from_utf8_lossy(&bin().args(["extract", "--help"]).output().unwrap().stdout).contains("--group-by"),
        "{} is not this tree's build",
        env!("CARGO_BIN_EXE_taizhang")
    );
    o
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The sample statements (the JSON Lines archive is skipped by a walk).
fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// Every sheet as rows of cells.
fn sheets(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("calamine opens the workbook");
    wb.sheet_names()
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).expect("a sheet");
            // calamine starts the range at the first used cell; the sheets start at A1.
            assert_eq!(range.start(), Some((0, 0)), "{name}");
            (name.clone(), range.rows().map(|r| r.to_vec()).collect())
        })
        .collect()
}

/// One part of the workbook package, as text.
fn part(path: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).expect(name).read_to_string(&mut s).unwrap();
    s
}

/// The Excel serial number of a date (days since 1899-12-30).
fn serial(iso: &str) -> f64 {
    let d: jiff::civil::Date = iso.parse().unwrap();
    let epoch = jiff::civil::Date::new(1899, 12, 30).unwrap();
    (d - epoch).get_days() as f64
}

/// The commitments of every sample, from the JSON output: (source, id) → due date.
fn commitments(extra: &[&str]) -> Vec<(String, String, Option<String>)> {
    let mut args = vec!["extract", "-q", "--format", "jsonl"];
    if !extra.contains(&"--date") {
        args.extend(["--date", "2024-05-01"]);
    }
    args.extend(extra);
    let s = samples();
    args.push(s.to_str().unwrap());
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut out = Vec::new();
    for line in String::from_utf8(o.stdout).unwrap().lines() {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        fn walk(v: &serde_json::Value, source: &str, out: &mut Vec<(String, String, Option<String>)>) {
            for it in v.as_array().unwrap() {
                if it["kind"] == "commitment" {
                    let due = it["deadline"]["due"].as_str().map(str::to_string);
                    out.push((source.to_string(), it["id"].as_str().unwrap().to_string(), due));
                }
                walk(&it["children"], source, out);
            }
        }
        walk(&doc["items"], doc["source"].as_str().unwrap(), &mut out);
    }
    out
}

#[test]
fn the_workbook_has_the_ledger_the_duties_and_the_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("台账.xlsx");
    let o = run(&["extract", "-q", "--format", "xlsx", "--date", "2024-05-01", "-o", out.to_str().unwrap(), samples().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let expected = commitments(&[]);
    assert!(expected.len() > 20, "{expected:?}");

    let all = sheets(&out);
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["台账", "责任清单", "汇总"]);
    let ledger = &all[0].1;
    let header: Vec<String> = ledger[0].iter().map(cell_text).collect();
    assert_eq!(header, HEADER);
    let col = |name: &str| HEADER.iter().position(|h| *h == name).unwrap();
    let rows = &ledger[1..];
    assert_eq!(rows.len(), expected.len(), "one row per commitment");
    let mut dated = 0;
    for (i, (row, (source, id, due))) in rows.iter().zip(&expected).enumerate() {
        assert_eq!(row[col("序号")], Data::Float((i + 1) as f64));
        assert_eq!(&cell_text(&row[col("来源文件")]), source);
        let place = cell_text(&row[col("原文位置")]);
        assert!(place.starts_with(&format!("条目{id}，第")) && place.ends_with('字'), "{place}");
        assert!(!cell_text(&row[col("整改措施")]).is_empty(), "{row:?}");
        assert_eq!(row[col("状态")], Data::Empty);
        match due {
            Some(d) => {
                dated += 1;
                match &row[col("截止日期")] {
                    Data::DateTime(dt) => {
                        assert!(dt.is_datetime(), "a date, not a duration");
                        assert_eq!(dt.as_f64(), serial(d), "{d}");
                    }
                    other => panic!("截止日期 of {id} is not a date: {other:?}"),
                }
            }
            None => assert_eq!(row[col("截止日期")], Data::Empty, "{row:?}"),
        }
    }
    assert!(dated >= 5, "{dated}");

    // The zhenggai sample's first task: problem and measures from its labels, lead and
    // cooperating units marked, the leader in its own column.
    let z = rows.iter().find(|r| cell_text(&r[col("来源文件")]).ends_with("zhenggai_fangan.txt")).unwrap();
    assert_eq!(cell_text(&z[col("问题/事项")]), "理论学习不够深入，学用结合不紧密。");
    assert_eq!(cell_text(&z[col("整改措施")]), "制定年度学习计划，每月开展一次集中学习。");
    assert_eq!(cell_text(&z[col("责任单位（牵头/配合）")]), "办公室（牵头）、机关党支部（配合）");
    assert_eq!(cell_text(&z[col("责任领导")]), "张××");
    assert_eq!(cell_text(&z[col("完成时限")]), "2024年7月31日前");
    assert_eq!(cell_text(&z[col("时限类型")]), "具体日期");

    // 责任清单: the responsibility list of every sample.
    let duties = &all[1].1;
    assert_eq!(duties[0].iter().map(cell_text).collect::<Vec<_>>(), ["序号", "来源文件", "责任主体", "职责", "原文位置"]);
    assert!(duties.iter().any(|r| cell_text(&r[2]) == "办公室" && cell_text(&r[3]) == "牵头单位"), "{duties:?}");

    // 汇总: per file, the tasks of each file and a total; then per owner.
    let summary = &all[2].1;
    let find = |label: &str| summary.iter().position(|r| cell_text(&r[0]) == label).unwrap_or_else(|| panic!("{label}: {summary:?}"));
    let head = find("来源文件");
    let heads: Vec<String> = summary[head].iter().map(cell_text).collect();
    assert_eq!(heads[1..5], ["任务", "有具体责任主体", "有明确时限", "有截止日期"]);
    assert!(heads.iter().any(|h| h.ends_with("missing-deadline")), "{heads:?}");
    let mut per_file: BTreeMap<String, usize> = BTreeMap::new();
    for (s, _, _) in &expected {
        *per_file.entry(s.clone()).or_default() += 1;
    }
    for (source, n) in &per_file {
        let r = summary.iter().find(|r| &cell_text(&r[0]) == source).unwrap_or_else(|| panic!("{source}"));
        assert_eq!(r[1], Data::Float(*n as f64), "{source}");
    }
    let total = &summary[find("合计")];
    assert_eq!(total[1], Data::Float(expected.len() as f64));
    assert_eq!(total[4], Data::Float(dated as f64));
    assert!(find("责任主体") > find("合计"));
    assert!(summary.iter().any(|r| cell_text(&r[0]) == "未明确责任单位"));

    // What calamine does not read: the drop-down, the frozen header, the filter, shading.
    let xml = part(&out, "xl/worksheets/sheet1.xml");
    let n = rows.len() + 1;
    assert!(xml.contains(&format!("<autoFilter ref=\"A1:M{n}\"/>")), "{xml:.600}");
    assert!(xml.contains("state=\"frozen\"") && xml.contains("ySplit=\"1\""), "frozen header");
    let dv_start = xml.find("<dataValidation ").expect("a data validation");
    let dv = &xml[dv_start..xml[dv_start..].find("</dataValidation>").unwrap() + dv_start];
    assert!(dv.contains("type=\"list\"") && dv.contains(&format!("sqref=\"L2:L{n}\"")), "{dv}");
    assert!(dv.contains("<formula1>\"未启动,推进中,已完成,已销号\"</formula1>"), "{dv}");
    // A flagged row's cells are styled apart from an unflagged row's.
    let style_of_row = |r: usize| -> String {
        let at = xml.find(&format!("<c r=\"B{r}\" s=\"")).unwrap_or_else(|| panic!("B{r}")) + format!("<c r=\"B{r}\" s=\"").len();
        xml[at..at + xml[at..].find('"').unwrap()].to_string()
    };
    let flagged: Vec<bool> = rows.iter().map(|r| !cell_text(&r[col("问题标记")]).is_empty()).collect();
    let plain = style_of_row(flagged.iter().position(|f| !f).unwrap() + 2);
    let shaded = style_of_row(flagged.iter().position(|f| *f).unwrap() + 2);
    assert_ne!(plain, shaded);
    for (i, f) in flagged.iter().enumerate() {
        assert_eq!(&style_of_row(i + 2), if *f { &shaded } else { &plain }, "row {}", i + 2);
    }
    let styles = part(&out, "xl/styles.xml");
    assert!(styles.contains("FFFFF2CC"), "the shading colour");
    assert!(styles.contains("formatCode=\"yyyy-mm-dd\""));
}

#[test]
fn a_workbook_is_never_written_to_a_terminal_a_pipe_or_an_input() {
    let s = samples().join("chengnuo.txt");
    let s = s.to_str().unwrap();
    let o = run(&["extract", "--format", "xlsx", s]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--output"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let o = run(&["extract", "--format", "xlsx", "-o", "-", s]);
    assert_eq!(o.status.code(), Some(2));
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("a.txt");
    std::fs::copy(s, &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let o = run(&["extract", "--format", "xlsx", "-o", input.to_str().unwrap(), input.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is an input"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&input).unwrap(), before);
    let o = run(&["extract", "--format", "xlsx", "--emit-text", "-o", "x.xlsx", s]);
    assert_eq!(o.status.code(), Some(2));
    // --output serves every format: the file appears whole, stdout stays empty.
    let csv = tmp.path().join("ledger.csv");
    let o = run(&["extract", "-q", "--format", "csv", "-o", csv.to_str().unwrap(), s]);
    assert!(o.status.success() && o.stdout.is_empty(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&csv).unwrap().starts_with("\u{feff}序号,"));
    let o = run(&["extract", "--format", "json", "--group-by", "owner", s]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("xlsx, md and csv"), "{}", stderr(&o));
}

#[test]
fn out_dir_writes_one_workbook_per_input_and_a_bad_input_fails_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::copy(samples().join("chengnuo.txt"), data.join("a.txt")).unwrap();
    std::fs::copy(samples().join("zhenggai_fangan.txt"), data.join("b.txt")).unwrap();
    std::fs::write(data.join("c.docx"), b"not a zip").unwrap();
    let out = tmp.path().join("out");
    let o = run(&["extract", "-q", "--format", "xlsx", "--out-dir", out.to_str().unwrap(), data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "the corrupt .docx fails");
    for (name, tasks) in [("a.txt.xlsx", 5), ("b.txt.xlsx", 5)] {
        let all = sheets(&out.join("data").join(name));
        assert_eq!(all[0].1.len() - 1, tasks, "{name}");
    }
    assert!(!out.join("data/c.docx.xlsx").exists());
    // One workbook for the batch: the good inputs are in it.
    let one = tmp.path().join("all.xlsx");
    let o = run(&["extract", "-q", "--format", "xlsx", "-o", one.to_str().unwrap(), data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(sheets(&one)[0].1.len() - 1, 10);
}

#[test]
fn group_by_owner_adds_one_sheet_per_owner() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("by_owner.xlsx");
    let o =
        run(&["extract", "-q", "--format", "xlsx", "--group-by", "owner", "--date", "2024-05-01", "-o", out.to_str().unwrap(), samples().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let all = sheets(&out);
    let n = all.len();
    assert_eq!(all[0].0, "台账");
    assert_eq!(all[n - 2].0, "责任清单");
    assert_eq!(all[n - 1].0, "汇总");
    assert!(n > 10, "{:?}", all.iter().map(|s| &s.0).collect::<Vec<_>>());
    let ledger_rows: BTreeMap<String, Vec<String>> = all[0].1[1..].iter().map(|r| (cell_text(&r[0]), r.iter().map(cell_text).collect())).collect();
    let mut seen = std::collections::BTreeSet::new();
    for (name, rows) in &all[1..n - 2] {
        assert!(name.encode_utf16().count() <= 31 && !name.contains(['[', ']', ':', '*', '?', '/', '\\']), "{name}");
        assert_eq!(rows[0].iter().map(cell_text).collect::<Vec<_>>(), HEADER, "{name}");
        let mut numbers = std::collections::BTreeSet::new();
        for r in &rows[1..] {
            let cells: Vec<String> = r.iter().map(cell_text).collect();
            assert!(numbers.insert(cells[0].clone()), "{name}: row {} twice", cells[0]);
            assert_eq!(ledger_rows.get(&cells[0]), Some(&cells), "{name}: the row as in 台账");
            seen.insert(cells[0].clone());
        }
    }
    assert_eq!(seen.len(), ledger_rows.len(), "every task is under some owner");
    assert!(all.iter().any(|(n, _)| n == "未明确责任单位"));
}

#[test]
fn due_views_filter_every_format() {
    let all = commitments(&[]);
    let by = |d: &str| all.iter().filter(|(_, _, due)| due.as_deref().is_some_and(|x| x <= d)).count();
    let june = commitments(&["--due-before", "2024-06-30"]);
    assert_eq!(june.len(), by("2024-06-30"));
    assert!(!june.is_empty() && june.len() < all.len());
    assert!(june.iter().all(|(_, _, due)| due.as_deref().is_some_and(|d| d <= "2024-06-30")), "{june:?}");
    // Overdue on 2024-07-01 (the --date, also the reference of relative limits): due
    // before that day.
    let july = commitments(&["--date", "2024-07-01"]);
    let overdue = commitments(&["--overdue", "--date", "2024-07-01"]);
    let expected = july.iter().filter(|(_, _, due)| due.as_deref().is_some_and(|x| x < "2024-07-01")).count();
    assert_eq!(overdue.len(), expected);
    assert!(expected > 0 && expected < july.len());

    // The closing summary counts them.
    let s = samples();
    let o = run(&["extract", "--format", "csv", "--date", "2024-05-01", "--due-before", "2024-06-30", s.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(stderr(&o).contains(&format!("due on or before 2024-06-30: {} of {} commitments", june.len(), all.len())), "{}", stderr(&o));
    let csv = String::from_utf8(o.stdout).unwrap();
    assert_eq!(csv.lines().count(), 1 + june.len(), "{csv}");
    // Markdown and the text tree hold the same tasks.
    let o = run(&["extract", "-q", "--format", "md", "--date", "2024-05-01", "--due-before", "2024-06-30", s.to_str().unwrap()]);
    assert_eq!(String::from_utf8(o.stdout).unwrap().matches("- [ ]").count(), june.len());
    // The workbook too.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("june.xlsx");
    let o = run(&["extract", "-q", "--format", "xlsx", "--date", "2024-05-01", "--due-before", "2024-06-30", "-o", out.to_str().unwrap(), s.to_str().unwrap()]);
    assert!(o.status.success());
    let sheets = sheets(&out);
    assert_eq!(sheets[0].1.len() - 1, june.len());
    assert!(sheets[2].1.iter().any(|r| cell_text(&r[0]).contains("截止日期不晚于2024-06-30")));
    // A bad date is a usage error.
    let o = run(&["extract", "--due-before", "June", s.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--due-before June"));
}

#[test]
fn the_pipeline_applies_a_due_view() {
    let input = concat!(
        "{\"id\": \"a\", \"text\": \"区纪委要在2024年6月30日前完成整改。区财政局要在2024年9月30日前完成清理。\"}\n",
        "{\"id\": \"b\", \"text\": \"区审计局要尽快完成审计。\"}\n",
    );
    let mut child = bin()
        .args(["extract", "--format", "jsonl", "--due-before", "2024-07-01", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout.clone()).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["items"].as_array().unwrap().len(), 1, "{}", lines[0]);
    assert_eq!(lines[1]["items"].as_array().unwrap().len(), 0);
    assert!(stderr(&o).contains("due on or before 2024-07-01: 1 of 3 commitments"), "{}", stderr(&o));
}
