//! The ledger a user gets from the library: kinds, owners (with lead-ins and the speaker),
//! time limits with due dates, and the responsibility list.

use taizhang::analyzer::{Analyzer, Config};
use taizhang::extract::deadline::{Date, DeadlineKind};
use taizhang::extract::kind::Kind;
use taizhang::extract::owner::OwnerClass;
use taizhang::ledger::{Analysis, Item};

fn analyze(text: &str) -> Analysis {
    Analyzer::new(Config::default()).unwrap().analyze_text("t", text)
}

fn item<'a>(a: &'a Analysis, heading_start: &str) -> &'a Item {
    a.all_items()
        .into_iter()
        .find(|i| i.text.trim_start_matches(i.marker.as_deref().unwrap_or("")).starts_with(heading_start))
        .unwrap_or_else(|| panic!("no item starting {heading_start}"))
}

fn owners(i: &Item) -> Vec<&str> {
    i.owners.iter().map(|o| o.text.as_str()).collect()
}

#[test]
fn a_feedback_list_is_a_list_of_problems() {
    let a = analyze("巡察组指出了以下问题：一是学习贯彻党的理论不够深入；二是落实主体责任不到位；三是干部作风有差距。");
    for h in ["学习贯彻", "落实主体责任", "干部作风"] {
        assert_eq!(item(&a, h).kind, Kind::Problem, "{h}");
    }
    assert!(a.all_items().iter().all(|i| i.flags.is_empty()), "problems carry no pledge flags");
}

#[test]
fn lead_in_owner_goes_to_every_child() {
    let a = analyze("区纪委要做到：一是开展专项督查；二是在6月底前查办一批案件。");
    for h in ["开展专项督查", "在6月底前"] {
        let it = item(&a, h);
        assert_eq!(owners(it), ["区纪委"], "{h}");
        assert!(it.owners[0].inherited);
    }
}

#[test]
fn a_finished_sentence_before_a_list_gives_no_owner() {
    let a = analyze("我们将全面整改。一是认真对待问题；二是坚定信心。");
    assert!(item(&a, "认真对待").owners.is_empty());
}

#[test]
fn the_speaker_is_resolved() {
    let a = analyze("我代表区委表态。作为区委书记，我一定认真履行第一责任人职责，6月底前完成整改。");
    let it = a.all_items().into_iter().find(|i| i.owners.iter().any(|o| o.text == "我")).expect("item with 我");
    let me = it.owners.iter().find(|o| o.text == "我").unwrap();
    assert_eq!(me.class, OwnerClass::Speaker);
    assert_eq!(me.resolved.as_deref(), Some("区委书记"));
    assert!(a.responsibilities.iter().any(|r| r.owner == "我" && r.duty.contains("第一责任人")));
}

#[test]
fn sentences_outside_lists_are_items_only_when_they_pledge() {
    let a = analyze("2024年3月5日，巡察组进驻我局开展巡察。会议一结束，局党组将立即召开专题会议。就业是最基本的民生。");
    let items = a.all_items();
    assert_eq!(items.len(), 1, "{:?}", items.iter().map(|i| &i.text).collect::<Vec<_>>());
    assert!(items[0].marker.is_none());
    assert_eq!(items[0].deadline.as_ref().unwrap().kind, DeadlineKind::Immediate);
}

#[test]
fn due_dates_follow_the_document_date() {
    let a = analyze("关于整改工作的通知\n2024年5月20日\n区纪委要在6月底前完成专项督查，三个月内完成整改。");
    let it = item(&a, "区纪委");
    assert_eq!(a.doc_date.as_deref(), Some("2024-05-20"));
    let due: Vec<Option<&str>> = it.deadlines.iter().map(|d| d.due.as_deref()).collect();
    assert!(due.contains(&Some("2024-06-30")), "{due:?}");
    assert!(due.contains(&Some("2024-08-20")), "{due:?}");
}

#[test]
fn the_reference_date_stands_in_for_a_missing_document_date() {
    let cfg = Config { reference_date: Date::new(2025, 1, 10), ..Config::default() };
    let a = Analyzer::new(cfg).unwrap().analyze_text("t", "区纪委要在年底前完成整改。");
    assert_eq!(a.all_items()[0].deadline.as_ref().unwrap().due.as_deref(), Some("2025-12-31"));
}

#[test]
fn labelled_lines_give_lead_and_cooperating_units() {
    let a = analyze("1.项目资金拨付滞后。\n整改措施：开展专项清理。\n牵头单位：财务科\n配合单位：项目办\n完成时限：30个工作日内");
    let it = item(&a, "项目资金");
    assert_eq!(it.kind, Kind::Commitment);
    let roles: Vec<(&str, Option<&str>)> = it.owners.iter().map(|o| (o.text.as_str(), o.role.map(|r| r.name()))).collect();
    assert!(roles.contains(&("财务科", Some("lead"))), "{roles:?}");
    assert!(roles.contains(&("项目办", Some("cooperate"))), "{roles:?}");
    assert_eq!(it.deadline.as_ref().unwrap().kind, DeadlineKind::Relative);
}

#[test]
fn responsibilities_of_a_leading_group() {
    let a = analyze("局党组成立整改工作领导小组，由我任组长，张××同志任副组长，其他班子成员为成员。区纪委要履行好监督责任。");
    let pairs: Vec<(&str, &str)> = a.responsibilities.iter().map(|r| (r.owner.as_str(), r.duty.as_str())).collect();
    for want in [("我", "组长"), ("张××同志", "副组长"), ("其他班子成员", "成员"), ("区纪委", "监督责任")] {
        assert!(pairs.contains(&want), "{want:?} not in {pairs:?}");
    }
}

#[test]
fn no_owner_is_guessed_from_nowhere() {
    let a = analyze("1.加强制度建设，完善长效机制。\n2.强化监督检查，严肃问责。");
    for it in a.all_items() {
        assert!(it.owners.is_empty(), "{:?}", owners(it));
        assert!(it.flags.iter().any(|f| f.code == "missing-owner"));
    }
}

#[test]
fn written_as_made_equals_written_whole() {
    // One large input's JSON and CSV are written into the output as they are made; the bytes
    // are those of the whole strings. The owned analysis equals the borrowed one.
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/zhenggai_fangan.txt")).unwrap();
    let analyzer = Analyzer::new(Config::default()).unwrap();
    let doc = taizhang::read::Document { source: "zhenggai.txt".into(), text: text.clone(), encoding: "UTF-8".into() };
    let a = analyzer.analyze(&doc);
    let owned = analyzer.analyze_owned(doc);
    assert_eq!(taizhang::report::json(&a), taizhang::report::json(&owned));
    assert_eq!(&*owned.text, text.as_str());
    let mut json = Vec::new();
    taizhang::report::write_json(&mut json, &a).unwrap();
    assert_eq!(String::from_utf8(json).unwrap(), taizhang::report::json(&a) + "\n");
    let mut csv = Vec::new();
    taizhang::report::write_csv_records(&mut csv, taizhang::report::csv_row_iter(&a, false)).unwrap();
    let whole = taizhang::report::csv_records(&taizhang::report::csv_rows(&a, false));
    assert!(whole.lines().count() > 5);
    assert_eq!(String::from_utf8(csv).unwrap(), whole);
}
