//! `extract --group-by owner` over the samples plus a generated archive whose units are
//! known: one group per unit (spelling variants of one unit together, different units never
//! merged), each task once per group and under every owner it names, the same groups in
//! CSV, Markdown and the workbook.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_taizhang")).args(args).output().expect("run taizhang");
    let help = Command::new(env!("CARGO_BIN_EXE_taizhang")).args(["extract", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("--group-by"), "not this tree's build");
    o
}

/// The units of the archive: (spelling in the text, the unit it names). A group is named by
/// the most frequent spelling of its unit.
const UNITS: &[(&str, &str)] = &[
    ("区纪委", "区纪委"),
    ("区纪委监委", "区纪委监委"),
    ("区委办公室（督查室）", "区委办公室（督查室）"),
    ("区委办公室(督查室)", "区委办公室（督查室）"),
    ("区财政局", "区财政局"),
    ("区审计局", "区审计局"),
    ("ＸＹ局", "XY局"),
    ("XY局", "XY局"),
    ("区发改局", "区发改局"),
];

/// The spellings of a unit.
fn spellings(unit: &str) -> Vec<&'static str> {
    UNITS.iter().filter(|(_, u)| *u == unit).map(|(s, _)| *s).collect()
}

/// Statement `n`: one task per unit above (the unit chosen by `n`), one for two units, one
/// for 我们 (no specific owner), each naming `n` so rows can be told apart.
fn statement(n: usize) -> (String, Vec<Vec<&'static str>>) {
    let (a, ga) = UNITS[n % UNITS.len()];
    let (b, gb) = UNITS[(n * 7 + 3) % UNITS.len()];
    // The analysis reads a list of names (甲、乙要…) only when each opens with a Han
    // character, so the Latin spellings are left out of the two-unit task.
    let han: Vec<&(&str, &str)> = UNITS.iter().filter(|(s, _)| !s.contains(|c: char| c.is_ascii_alphabetic())).collect();
    let (c, gc) = *han[(n * 5 + 1) % han.len()];
    let text = format!(
        "关于第{n}号问题的整改方案\n一、整改任务\n\
         （一）{a}要在2024年6月底前完成第{n}号专项清理。\n\
         （二）{b}要在2024年9月底前完成第{n}号专项督查。\n\
         （三）{c}、区审计局要在2024年10月底前完成第{n}号审计整改。\n\
         （四）我们将尽快完成第{n}号整改。\n"
    );
    let mut third = vec![gc, "区审计局"];
    third.dedup();
    (text, vec![vec![ga], vec![gb], third, vec!["未明确责任单位"]])
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes);
    r.records().map(|x| x.unwrap().iter().map(str::to_string).collect()).collect()
}

#[test]
fn one_group_per_unit_each_row_once() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    let mut expected: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for n in 0..30 {
        let (text, groups) = statement(n);
        std::fs::write(archive.join(format!("s{n:02}.txt")), text).unwrap();
        for (k, gs) in groups.iter().enumerate() {
            for g in gs {
                expected.entry(g).or_default().insert(format!("s{n:02}.txt#{}", k + 1));
            }
        }
    }
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let (samples, archive_s) = (samples.to_str().unwrap(), archive.to_str().unwrap());

    let o = run(&["extract", "-q", "--format", "csv", "--group-by", "owner", "--date", "2024-05-01", samples, archive_s]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = csv_rows(&o.stdout);
    let header = &rows[0];
    assert_eq!(header[0].trim_start_matches('\u{feff}'), "责任主体");
    assert_eq!(header[1], "序号");
    let place = header.iter().position(|h| h == "原文位置").unwrap();
    let rows = &rows[1..];

    // The groups come sorted, each once, the special groups last.
    let mut order: Vec<&str> = Vec::new();
    for r in rows {
        if order.last() != Some(&r[0].as_str()) {
            assert!(!order.contains(&r[0].as_str()), "group {} is split", r[0]);
            order.push(&r[0]);
        }
    }
    assert_eq!(order.last(), Some(&"未明确责任单位"));
    let named: Vec<&str> = order.iter().copied().filter(|g| !g.starts_with("未明确") && !g.starts_with("发言人")).collect();
    let mut sorted = named.clone();
    sorted.sort();
    assert_eq!(named, sorted);

    // Each row once per group.
    let mut by_group: BTreeMap<&str, Vec<&Vec<String>>> = BTreeMap::new();
    for r in rows {
        by_group.entry(&r[0]).or_default().push(r);
    }
    for (g, rs) in &by_group {
        let numbers: BTreeSet<&str> = rs.iter().map(|r| r[1].as_str()).collect();
        assert_eq!(numbers.len(), rs.len(), "a row twice under {g}");
    }

    // One group per unit, named by one of its spellings; the archive's tasks are under
    // exactly the groups of their units.
    for (unit, tasks) in &expected {
        let names: Vec<&str> = if *unit == "未明确责任单位" { vec![unit] } else { spellings(unit) };
        let found: Vec<&&str> = names.iter().filter(|n| by_group.contains_key(**n)).collect();
        assert_eq!(found.len(), 1, "{unit}: one group of {names:?} in {order:?}");
        let g = *found[0];
        let got: BTreeSet<String> = by_group[g]
            .iter()
            .filter(|r| r[2].starts_with(archive_s))
            .map(|r| {
                let file = Path::new(&r[2]).file_name().unwrap().to_str().unwrap().to_string();
                let item = r[place].trim_start_matches("条目1.").split('，').next().unwrap().to_string();
                format!("{file}#{item}")
            })
            .collect();
        assert_eq!(&got, tasks, "group {g}");
    }
    // Different units stay apart.
    for g in ["区纪委", "区纪委监委"] {
        assert!(order.contains(&g), "{g}: {order:?}");
    }
    // The rows keep the text's spelling: both spellings are under the one group.
    let office = by_group.keys().find(|g| g.starts_with("区委办公室")).unwrap();
    for spelling in spellings("区委办公室（督查室）") {
        assert!(by_group[office].iter().any(|r| r[5].starts_with(spelling)), "{spelling}");
    }

    // Every task of the run is in some group: the 序号 run from 1 to the number of tasks.
    let numbers: BTreeSet<usize> = rows.iter().map(|r| r[1].parse().unwrap()).collect();
    let tasks = numbers.len();
    assert_eq!(numbers, (1..=tasks).collect());
    assert!(tasks >= 30 * 4 + 20, "{tasks}");

    // Markdown: the same groups, each with the same number of tasks.
    let o = run(&["extract", "-q", "--format", "md", "--group-by", "owner", "--date", "2024-05-01", samples, archive_s]);
    assert!(o.status.success());
    let md = String::from_utf8(o.stdout).unwrap();
    let sections: Vec<(String, usize)> = md
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(|l| {
            let (name, count) = l.rsplit_once('（').unwrap();
            (name.to_string(), count.trim_end_matches(" 项）").parse().unwrap())
        })
        .collect();
    assert_eq!(sections.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), order);
    for (name, count) in &sections {
        assert_eq!(*count, by_group[name.as_str()].len(), "{name}");
    }
    assert_eq!(md.matches("- [ ]").count(), rows.len());

    // The workbook: one sheet per group, between 台账 and 责任清单.
    let out = tmp.path().join("by_owner.xlsx");
    let o = run(&["extract", "-q", "--format", "xlsx", "--group-by", "owner", "--date", "2024-05-01", "-o", out.to_str().unwrap(), samples, archive_s]);
    assert!(o.status.success());
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names.len(), order.len() + 3);
    for (sheet, group) in names[1..names.len() - 2].iter().zip(&order) {
        assert_eq!(sheet, group);
        assert_eq!(wb.worksheet_range(sheet).unwrap().height() - 1, by_group[group].len(), "{sheet}");
    }
}

#[test]
fn csv_by_owner_refuses_the_responsibility_table() {
    let s = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/biaotai.txt");
    let o = run(&["extract", "--format", "csv", "--group-by", "owner", "--table", "responsibilities", s.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--table responsibilities"));
}
