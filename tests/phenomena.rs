//! The constructions of official Chinese, one case file per issue, in our own words: who is
//! the owner (`owners.json`), which sentences pledge (`commitments.json`), which words are time
//! limits (`deadlines.json`, `time_expressions.tsv`). Each case is one short text with its
//! right answer by SPEC §3, negatives included (what must NOT be an owner, a pledge, a limit).
//!
//! The case format is that of `../shared/eval/cases.py`; `known_failures.txt` lists the cases
//! the analyzer still gets wrong. A case outside that list that fails breaks the build; a
//! listed case that passes is reported, so the list only shrinks.

use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use taizhang::analyzer::{Analyzer, Config};
use taizhang::date::Date;

const DEFAULT_DATE: &str = "2024-05-01";

fn dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/phenomena"))
}

/// One analyzer per reference date.
struct Analyzers(HashMap<String, Analyzer>);

impl Analyzers {
    fn json(&mut self, text: &str, date: &str) -> Value {
        let a = self
            .0
            .entry(date.to_string())
            .or_insert_with(|| Analyzer::new(Config { reference_date: Date::parse_iso(date), ..Config::default() }).expect("analyzer"));
        serde_json::to_value(a.analyze_text("-", text)).expect("json")
    }
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect()
}

fn hit(pred: &str, want: &str) -> bool {
    let (p, w) = (norm(pred), norm(want));
    !p.is_empty() && !w.is_empty() && (p == w || (p.chars().count().min(w.chars().count()) >= 2 && (p.contains(&w) || w.contains(&p))))
}

fn flatten(items: &Value, out: &mut Vec<Value>) {
    for it in items.as_array().into_iter().flatten() {
        out.push(it.clone());
        flatten(&it["children"], out);
    }
}

fn smallest<'a>(items: &'a [Value], key: &str) -> Option<&'a Value> {
    let k = norm(key);
    items
        .iter()
        .filter(|i| !k.is_empty() && norm(i["text"].as_str().unwrap_or("")).contains(&k))
        .min_by_key(|i| norm(i["text"].as_str().unwrap_or("")).chars().count())
}

fn strs(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
        Value::String(s) => vec![s.clone()],
        _ => Vec::new(),
    }
}

const SCORED: [&str; 5] = ["missing-owner", "vague-owner", "missing-deadline", "vague-deadline", "empty-pledge"];

/// The checks of one expected item (as `cases.py` makes them).
fn check_item(item: &Value, exp: &Value) -> Vec<String> {
    let mut errs = Vec::new();
    if let Some(m) = exp.get("marker") {
        if norm(item["marker"].as_str().unwrap_or("")) != norm(m.as_str().unwrap_or("")) {
            errs.push(format!("marker {}, want {m}", item["marker"]));
        }
    }
    if let Some(k) = exp.get("kind") {
        if item["kind"] != *k {
            errs.push(format!("kind {}, want {k}", item["kind"]));
        }
    }
    if let Some(want) = exp.get("owners") {
        let preds: Vec<String> =
            item["owners"].as_array().into_iter().flatten().flat_map(|o| [o["text"].as_str(), o["resolved"].as_str()]).flatten().map(str::to_string).collect();
        let want = strs(want);
        if want.is_empty() && !preds.is_empty() {
            errs.push(format!("owners {preds:?}, want none"));
        }
        for w in want {
            if !preds.iter().any(|p| hit(p, &w)) {
                errs.push(format!("owner {w} missing (got {preds:?})"));
            }
        }
    }
    if let Some(w) = exp.get("deadline") {
        let d = &item["deadline"];
        match (w.is_null(), d.is_null()) {
            (true, false) => errs.push(format!("deadline {}, want none", d["text"])),
            (false, true) => errs.push(format!("no deadline, want {}", w["text"])),
            (false, false) => {
                let pt = norm(d["text"].as_str().unwrap_or(""));
                if let Some(t) = w.get("text") {
                    if !strs(t).iter().any(|t| !pt.is_empty() && (norm(t).contains(&pt) || pt.contains(&norm(t)))) {
                        errs.push(format!("deadline text {}, want {t}", d["text"]));
                    }
                }
                if let Some(k) = w.get("kind") {
                    if !strs(k).iter().any(|k| d["kind"].as_str() == Some(k)) {
                        errs.push(format!("deadline kind {}, want {k}", d["kind"]));
                    }
                }
                if let Some(due) = w.get("due") {
                    if d["due"] != *due {
                        errs.push(format!("due {}, want {due}", d["due"]));
                    }
                }
            }
            (true, true) => {}
        }
    }
    let codes: BTreeSet<String> =
        item["flags"].as_array().into_iter().flatten().filter_map(|f| f["code"].as_str()).filter(|c| SCORED.contains(c)).map(str::to_string).collect();
    if let Some(f) = exp.get("flags") {
        let want: BTreeSet<String> = strs(f).into_iter().collect();
        if want != codes {
            errs.push(format!("flags {codes:?}, want {want:?}"));
        }
    }
    for f in exp.get("flags_include").map(strs).unwrap_or_default() {
        if !codes.contains(&f) {
            errs.push(format!("flag {f} missing"));
        }
    }
    for f in exp.get("flags_exclude").map(strs).unwrap_or_default() {
        if codes.contains(&f) {
            errs.push(format!("flag {f} should not be there"));
        }
    }
    for t in exp.get("text_excludes").map(strs).unwrap_or_default() {
        if norm(item["text"].as_str().unwrap_or("")).contains(&norm(&t)) {
            errs.push(format!("item text runs into {t}"));
        }
    }
    errs
}

/// The checks of one case (as `cases.py` makes them).
fn check_case(out: &Value, exp: &Value) -> Vec<String> {
    let mut items = Vec::new();
    flatten(&out["items"], &mut items);
    let mut errs = Vec::new();
    for e in exp["items"].as_array().into_iter().flatten() {
        let key = e["key"].as_str().unwrap_or("");
        match smallest(&items, key) {
            None => errs.push(format!("no item contains {key}")),
            Some(it) => errs.extend(check_item(it, e).into_iter().map(|m| format!("{key}: {m}"))),
        }
    }
    for k in exp.get("not_commitment").map(strs).unwrap_or_default() {
        if smallest(&items, &k).is_some_and(|it| it["kind"] == "commitment") {
            errs.push(format!("{k}: is a commitment, want not"));
        }
    }
    if let Some(n) = exp.get("n_commitments").and_then(Value::as_u64) {
        let got = items.iter().filter(|i| i["kind"] == "commitment").count() as u64;
        if got != n {
            errs.push(format!("{got} commitments, want {n}"));
        }
    }
    for m in exp.get("no_item_marker").map(strs).unwrap_or_default() {
        if items.iter().any(|i| norm(i["marker"].as_str().unwrap_or("")) == norm(&m)) {
            errs.push(format!("an item has marker {m}"));
        }
    }
    let preds: Vec<(String, String)> = out["responsibilities"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| (r["owner"].as_str().unwrap_or("").to_string(), r["duty"].as_str().unwrap_or("").to_string()))
        .collect();
    let want: Vec<(String, String)> = exp["responsibilities"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| (r["owner"].as_str().unwrap_or("").to_string(), r["duty"].as_str().unwrap_or("").to_string()))
        .collect();
    for (o, d) in &want {
        if !preds.iter().any(|(po, pd)| hit(po, o) && hit(pd, d)) {
            errs.push(format!("responsibility ({o}, {d}) missing"));
        }
    }
    if exp.get("no_extra_responsibilities").and_then(Value::as_bool) == Some(true) {
        let extra: Vec<_> = preds.iter().filter(|(po, pd)| !want.iter().any(|(o, d)| hit(po, o) && hit(pd, d))).collect();
        if !extra.is_empty() {
            errs.push(format!("extra responsibilities {extra:?}"));
        }
    }
    errs
}

fn known_failures() -> BTreeSet<String> {
    std::fs::read_to_string(dir().join("known_failures.txt"))
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Runs every case of the JSON files and the rows of the time-expression table; returns the
/// ids that fail, with why.
fn failures() -> Vec<(String, Vec<String>)> {
    let mut analyzers = Analyzers(HashMap::new());
    let mut failed = Vec::new();
    for file in ["owners.json", "commitments.json", "deadlines.json"] {
        let cases: Value = serde_json::from_str(&std::fs::read_to_string(dir().join(file)).expect("case file")).expect("json");
        for c in cases.as_array().expect("a list of cases") {
            let date = c["date"].as_str().unwrap_or(DEFAULT_DATE);
            let out = analyzers.json(c["text"].as_str().unwrap_or(""), date);
            let errs = check_case(&out, &c["expected"]);
            if !errs.is_empty() {
                failed.push((c["id"].as_str().unwrap_or("?").to_string(), errs));
            }
        }
    }
    let table = std::fs::read_to_string(dir().join("time_expressions.tsv")).expect("table");
    for (n, line) in table.lines().enumerate().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [clause, reference, text, kind, due, ..] = cols[..] else {
            continue;
        };
        let out = analyzers.json(clause, reference);
        let mut items = Vec::new();
        flatten(&out["items"], &mut items);
        let d = items.first().map(|i| i["deadline"].clone()).unwrap_or(Value::Null);
        let pt = norm(d["text"].as_str().unwrap_or(""));
        let text_ok = !pt.is_empty() && (norm(text).contains(&pt) || pt.contains(&norm(text)));
        let kind_ok = d["kind"].as_str() == Some(kind);
        let due_ok = d["due"].as_str().unwrap_or("-") == due;
        if !(text_ok && kind_ok && due_ok) {
            failed.push((format!("T-line{}", n + 1), vec![format!("{clause}: got {d}, want {text} {kind} {due}")]));
        }
    }
    failed
}

#[test]
fn every_construction_case_holds() {
    let known = known_failures();
    let failed = failures();
    let failed_ids: BTreeSet<String> = failed.iter().map(|(id, _)| id.clone()).collect();
    let new: Vec<String> = failed.iter().filter(|(id, _)| !known.contains(id)).map(|(id, why)| format!("{id}: {}", why.join("; "))).collect();
    let now_pass: Vec<&String> = known.iter().filter(|id| !failed_ids.contains(*id)).collect();
    if !now_pass.is_empty() {
        eprintln!("{} known failures now pass (remove them from known_failures.txt): {now_pass:?}", now_pass.len());
    }
    assert!(new.is_empty(), "{} cases fail that used to pass:\n{}", new.len(), new.join("\n"));
}

/// Writes the current failures as the known list (run by hand: `cargo test --release --test
/// phenomena -- --ignored write_known_failures`).
#[test]
#[ignore]
fn write_known_failures() {
    let mut out = String::from("# Cases of tests/phenomena the analyzer still gets wrong (one id a line). Made by\n# `cargo test --release --test phenomena -- --ignored write_known_failures`.\n");
    for (id, why) in failures() {
        out.push_str(&format!("{id}  # {}\n", why.join("; ").replace('\n', " ")));
    }
    std::fs::write(dir().join("known_failures.txt"), out).expect("write");
}
