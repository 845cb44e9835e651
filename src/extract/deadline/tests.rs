//! Table-driven tests of time limits: for each sentence the main limit's text, kind and due
//! date, all counted from one reference date, Friday 2024-03-15; working days on the official
//! calendar (清明 2024-04-04…06 off, Sunday 04-07 and 04-28 worked).

use super::due::*;
use super::*;
use DeadlineKind::{Date as D, Immediate as I, Ongoing as O, Relative as R, Vague as V};

fn all(text: &str, reference: Option<Date>) -> Vec<Deadline> {
    let doc = Doc::for_test(text);
    let tf = Timeframe { reference, reference_is_document_date: false, year: None };
    find(crate::doc::testing::lexicons(), &doc, Span::new(0, doc.text.len()), &tf)
}

fn main_of(text: &str, reference: Option<Date>) -> Option<Deadline> {
    main_deadline(&all(text, reference)).cloned()
}

/// (sentence, expected main limit: text, kind, due date)
type Case = (&'static str, Option<(&'static str, DeadlineKind, Option<&'static str>)>);

const CASES: &[Case] = &[
    // ---- dates with a year, Arabic, full-width and Chinese numerals
    ("要在2024年6月30日前完成整改", Some(("2024年6月30日前", D, Some("2024-06-30")))),
    ("2024年6月底前全部整改到位", Some(("2024年6月底前", D, Some("2024-06-30")))),
    ("2024年12月31日之前完成清理", Some(("2024年12月31日之前", D, Some("2024-12-31")))),
    ("二〇二四年十二月三十一日前完成", Some(("二〇二四年十二月三十一日前", D, Some("2024-12-31")))),
    ("二零二四年十月前完成", Some(("二零二四年十月前", D, Some("2024-10-31")))),
    ("二〇二五年六月底前建成投用", Some(("二〇二五年六月底前", D, Some("2025-06-30")))),
    ("二○二四年九月三十日前验收", Some(("二○二四年九月三十日前", D, Some("2024-09-30")))),
    ("２０２４年９月底前完成", Some(("２０２４年９月底前", D, Some("2024-09-30")))),
    ("２０２５年３月１日起施行", Some(("２０２５年３月１日起", D, None))),
    ("到2025年基本实现全覆盖", Some(("2025年", D, Some("2025-12-31")))),
    ("到2027年，全区建成示范社区10个", Some(("2027年", D, Some("2027-12-31")))),
    ("在6月底，完成全部验收", Some(("6月底", D, Some("2024-06-30")))),
    // A written year stands as written when the reference is --date (an old text keeps its
    // dates); see the_year_of_a_due_date for the document's own date.
    ("2020年将为民办好15件实事", Some(("2020年", D, Some("2020-12-31")))),
    ("2035年基本实现现代化", Some(("2035年", D, Some("2035-12-31")))),
    ("确保2025年各项指标全面完成", Some(("2025年", D, Some("2025-12-31")))),
    ("力争2026年全部村庄通上自来水", Some(("2026年", D, Some("2026-12-31")))),
    ("争取2027年建成区域医疗中心", Some(("2027年", D, Some("2027-12-31")))),
    ("确保2025年的目标任务如期完成", Some(("如期", V, None))),
    ("对照2025年各项指标查找差距", None),
    ("力争2024年底前完成改造", Some(("2024年底前", D, Some("2024-12-31")))),
    ("2024年年底前完成改造", Some(("2024年年底前", D, Some("2024-12-31")))),
    ("2024年内完成全部任务", Some(("2024年内", D, Some("2024-12-31")))),
    ("2025年上半年完成验收", Some(("2025年上半年", D, Some("2025-06-30")))),
    ("2024年第三季度末完成", Some(("2024年第三季度末", D, Some("2024-09-30")))),
    ("2024年2月29日前报送", Some(("2024年2月29日前", D, Some("2024-02-29")))),
    ("2023年2月29日前报送", Some(("2023年2月29日前", D, None))),
    ("自2024年7月1日起施行", Some(("自2024年7月1日起", D, None))),
    ("2024年3月5日至4月18日开展专项整治", Some(("4月18日", D, Some("2024-04-18")))),
    ("2023年12月1日至1月31日开展排查", Some(("1月31日", D, Some("2024-01-31")))),
    // ---- dates without a year: the reference year, rolled over when already past
    ("6月底前完成整改", Some(("6月底前", D, Some("2024-06-30")))),
    ("要在6月30日前完成集中整改", Some(("6月30日前", D, Some("2024-06-30")))),
    ("争取于4月20日前完成交办工作", Some(("4月20日前", D, Some("2024-04-20")))),
    ("并于7月4日提交整改报告", Some(("7月4日", D, Some("2024-07-04")))),
    ("１２月底前完成", Some(("１２月底前", D, Some("2024-12-31")))),
    ("６月３０日前报送材料", Some(("６月３０日前", D, Some("2024-06-30")))),
    ("十二月底前完成", Some(("十二月底前", D, Some("2024-12-31")))),
    ("六月三十日前完成", Some(("六月三十日前", D, Some("2024-06-30")))),
    ("十月一日前完工", Some(("十月一日前", D, Some("2024-10-01")))),
    ("6月30号前完成", Some(("6月30号前", D, Some("2024-06-30")))),
    ("6月前完成", Some(("6月前", D, Some("2024-06-30")))),
    ("9月份前完成", Some(("9月份前", D, Some("2024-09-30")))),
    ("6月中旬前完成", Some(("6月中旬前", D, Some("2024-06-20")))),
    ("6月上旬完成招标", Some(("6月上旬", D, Some("2024-06-10")))),
    ("6月下旬完成验收", Some(("6月下旬", D, Some("2024-06-30")))),
    ("7月初完成", Some(("7月初", D, Some("2024-07-10")))),
    ("6月末完成", Some(("6月末", D, Some("2024-06-30")))),
    ("到6月底全面完成", Some(("6月底", D, Some("2024-06-30")))),
    ("最迟6月底完成", Some(("6月底", D, Some("2024-06-30")))),
    ("不晚于6月30日完成", Some(("6月30日", D, Some("2024-06-30")))),
    ("截止6月底前完成清退", Some(("6月底前", D, Some("2024-06-30")))),
    ("从5月1日起施行", Some(("从5月1日起", D, None))),
    ("9月30日止", Some(("9月30日止", D, Some("2024-09-30")))),
    ("到10月底为止", Some(("10月底为止", D, Some("2024-10-31")))),
    ("3月底前完成", Some(("3月底前", D, Some("2024-03-31")))),
    ("3月10日前完成", Some(("3月10日前", D, Some("2024-03-10")))),
    ("2月底前完成", Some(("2月底前", D, Some("2025-02-28")))),
    ("1月前完成", Some(("1月前", D, Some("2025-01-31")))),
    ("6月31日前完成", Some(("6月31日前", D, None))),
    // ---- year words and named parts of the year
    ("年底前完成清理", Some(("年底前", D, Some("2024-12-31")))),
    ("年内完成", Some(("年内", D, Some("2024-12-31")))),
    ("年底完成", Some(("年底", D, Some("2024-12-31")))),
    ("年末完成", Some(("年末", D, Some("2024-12-31")))),
    ("年中完成", Some(("年中", D, Some("2024-06-30")))),
    ("上半年完成全部验收", Some(("上半年", D, Some("2024-06-30")))),
    ("下半年启动建设", Some(("下半年", D, Some("2024-12-31")))),
    ("上半年内完成", Some(("上半年内", D, Some("2024-06-30")))),
    ("今年要完成改造", Some(("今年", D, Some("2024-12-31")))),
    ("今年内完成", Some(("今年内", D, Some("2024-12-31")))),
    ("今年底前完成", Some(("今年底前", D, Some("2024-12-31")))),
    ("今年年底前完成", Some(("今年年底前", D, Some("2024-12-31")))),
    ("今年6月底前完成", Some(("今年6月底前", D, Some("2024-06-30")))),
    ("今年第三季度完成", Some(("今年第三季度", D, Some("2024-09-30")))),
    ("本年度内完成", Some(("本年度内", D, Some("2024-12-31")))),
    ("明年完成", Some(("明年", D, Some("2025-12-31")))),
    ("明年3月前完成", Some(("明年3月前", D, Some("2025-03-31")))),
    ("明年底前完成", Some(("明年底前", D, Some("2025-12-31")))),
    ("明年上半年完成", Some(("明年上半年", D, Some("2025-06-30")))),
    ("明年元旦前完成", Some(("明年元旦前", D, Some("2025-01-01")))),
    ("后年建成", Some(("后年", D, Some("2026-12-31")))),
    ("今明两年完成", Some(("今明两年", D, Some("2025-12-31")))),
    ("今年中央预算内投资安排7000亿元", Some(("今年", D, Some("2024-12-31")))),
    ("新的一年，要深入贯彻", Some(("新的一年", D, None))),
    // ---- months and quarters relative to the reference date
    ("本月底前报送整改方案", Some(("本月底前", D, Some("2024-03-31")))),
    ("本月内完成", Some(("本月内", D, Some("2024-03-31")))),
    ("本月20日前报送", Some(("本月20日前", D, Some("2024-03-20")))),
    ("下个月底前完成", Some(("下个月底前", D, Some("2024-04-30")))),
    ("下月10日前报送", Some(("下月10日前", D, Some("2024-04-10")))),
    ("月底前报送", Some(("月底前", D, Some("2024-03-31")))),
    ("第三季度末前完成", Some(("第三季度末前", D, Some("2024-09-30")))),
    ("第三季度末完成", Some(("第三季度末", D, Some("2024-09-30")))),
    ("三季度末完成", Some(("三季度末", D, Some("2024-09-30")))),
    ("第3季度前完成", Some(("第3季度前", D, Some("2024-09-30")))),
    ("第四季度完成", Some(("第四季度", D, Some("2024-12-31")))),
    ("一季度前完成", Some(("一季度前", D, Some("2024-03-31")))),
    ("本季度末完成", Some(("本季度末", D, Some("2024-03-31")))),
    ("下季度末前完成", Some(("下季度末前", D, Some("2024-06-30")))),
    // ---- festivals and seasons
    ("春节前发放到位", Some(("春节前", D, Some("2025-01-29")))),
    ("明年春节前完成", Some(("明年春节前", D, Some("2025-01-29")))),
    ("中秋节前发放", Some(("中秋节前", D, Some("2024-09-17")))),
    ("元旦前完成", Some(("元旦前", D, Some("2025-01-01")))),
    ("国庆前完成", Some(("国庆前", D, Some("2024-10-01")))),
    ("国庆节前完成", Some(("国庆节前", D, Some("2024-10-01")))),
    ("五一前完成", Some(("五一前", D, Some("2024-05-01")))),
    ("七一前完成", Some(("七一前", D, Some("2024-07-01")))),
    ("秋季投入使用", Some(("秋季", D, None))),
    ("春季开工建设", Some(("春季", D, None))),
    ("国庆前后完成", Some(("国庆前后", D, None))),
    // ---- durations
    ("3个月内完成", Some(("3个月内", R, Some("2024-06-15")))),
    ("三个月内整改到位", Some(("三个月内", R, Some("2024-06-15")))),
    ("３个月内完成", Some(("３个月内", R, Some("2024-06-15")))),
    ("30个工作日内办结", Some(("30个工作日内", R, Some("2024-04-28")))),
    ("5个工作日内答复", Some(("5个工作日内", R, Some("2024-03-22")))),
    ("二十个工作日内办结", Some(("二十个工作日内", R, Some("2024-04-15")))),
    ("一个月左右完成", Some(("一个月左右", R, None))),
    ("两年内完成", Some(("两年内", R, Some("2026-03-15")))),
    ("二年内完成", Some(("二年内", R, Some("2026-03-15")))),
    ("会后一周内报送", Some(("会后一周内", R, Some("2024-03-22")))),
    ("半年内完成", Some(("半年内", R, Some("2024-09-15")))),
    ("半个月内完成", Some(("半个月内", R, Some("2024-03-30")))),
    ("一年内完成", Some(("一年内", R, Some("2025-03-15")))),
    ("一年半内完成", Some(("一年半内", R, Some("2025-09-15")))),
    ("两个半月内完成", Some(("两个半月内", R, Some("2024-05-30")))),
    ("15天内答复", Some(("15天内", R, Some("2024-03-30")))),
    ("３０天内答复", Some(("３０天内", R, Some("2024-04-14")))),
    ("10日内反馈", Some(("10日内", R, Some("2024-03-25")))),
    ("十五日内反馈", Some(("十五日内", R, Some("2024-03-30")))),
    ("3至5个月内完成", Some(("3至5个月内", R, Some("2024-08-15")))),
    ("24小时内回应", Some(("24小时内", R, Some("2024-03-16")))),
    ("48小时内回应", Some(("48小时内", R, Some("2024-03-17")))),
    ("两周内完成", Some(("两周内", R, Some("2024-03-29")))),
    ("一星期内完成", Some(("一星期内", R, Some("2024-03-22")))),
    ("一个季度内完成", Some(("一个季度内", R, Some("2024-06-15")))),
    ("两个月以内完成", Some(("两个月以内", R, Some("2024-05-15")))),
    ("3个月之内完成", Some(("3个月之内", R, Some("2024-06-15")))),
    ("以3个月为限", Some(("3个月为限", R, Some("2024-06-15")))),
    ("限期三个月整改到位", Some(("限期三个月", R, Some("2024-06-15")))),
    ("用3年时间完成", Some(("用3年时间", R, Some("2027-03-15")))),
    ("今后五年内完成", Some(("今后五年内", R, Some("2029-03-15")))),
    ("一个多月内完成", Some(("一个多月内", R, None))),
    ("用三年左右时间完成", Some(("用三年左右时间", R, None))),
    // ---- at once
    ("立即整改", Some(("立即", I, None))),
    ("马上就办", Some(("马上就办", I, None))),
    ("马上整改", Some(("马上", I, None))),
    ("对能改的立行立改", Some(("立行立改", I, None))),
    ("即知即改", Some(("即知即改", I, None))),
    ("第一时间上报", Some(("第一时间", I, None))),
    ("会议一结束就召开专题会", Some(("会议一结束", I, None))),
    ("当场整改", Some(("当场", I, None))),
    ("立查立改", Some(("立查立改", I, None))),
    ("边查边改", Some(("边查边改", I, None))),
    ("立刻纠正", Some(("立刻", I, None))),
    // ---- continuing or recurring
    ("长期坚持", Some(("长期坚持", O, None))),
    ("常态化开展监督检查", Some(("常态化", O, None))),
    ("持续推进作风建设", Some(("持续推进", O, None))),
    ("每月通报一次", Some(("每月", O, None))),
    ("每季度开展一次分析", Some(("每季度", O, None))),
    ("定期召开调度会", Some(("定期", O, None))),
    ("不定期开展抽查", Some(("不定期", O, None))),
    ("每月10日前报送进展", Some(("每月10日前", O, None))),
    ("每季度末报送", Some(("每季度末", O, None))),
    ("每年底前完成考核", Some(("每年底前", O, None))),
    ("每年6月底前报告", Some(("每年6月底前", O, None))),
    ("每月月底前报送", Some(("每月月底前", O, None))),
    ("久久为功", Some(("久久为功", O, None))),
    ("常抓不懈", Some(("常抓不懈", O, None))),
    ("持之以恒抓落实", Some(("持之以恒", O, None))),
    // ---- no checkable limit
    ("尽快完成", Some(("尽快", V, None))),
    ("限期整改", Some(("限期", V, None))),
    ("适时开展回头看", Some(("适时", V, None))),
    ("近期召开专题会", Some(("近期", V, None))),
    ("及时报告", Some(("及时", V, None))),
    ("按期完成", Some(("按期", V, None))),
    ("如期完成", Some(("如期", V, None))),
    ("逐步解决", Some(("逐步", V, None))),
    ("早日建成", Some(("早日", V, None))),
    ("迅速行动", Some(("迅速", V, None))),
    ("抓紧推进", Some(("抓紧", V, None))),
    ("在规定时间内完成搬迁", Some(("在规定时间内", V, None))),
    ("择机开展", Some(("择机", V, None))),
    // ---- several limits: the main one wins (date < relative < immediate < ongoing < vague)
    ("对能解决的立行立改，对复杂的3个月内完成，对长期问题常态化推进", Some(("3个月内", R, Some("2024-06-15")))),
    ("尽快制定方案，6月底前完成", Some(("6月底前", D, Some("2024-06-30")))),
    ("立行立改，长期坚持", Some(("立行立改", I, None))),
    ("持续推进，尽快见效", Some(("持续推进", O, None))),
    ("3个月内完成，年底前全面验收", Some(("年底前", D, Some("2024-12-31")))),
    ("增强持续增长动力，及时出台政策", Some(("及时", V, None))),
    // ---- not limits
    ("书记是第一责任人", None),
    ("编制十四五规划", None),
    ("落实“十四五”规划纲要", None),
    ("2021年8月2日，巡察组反馈了意见", None),
    ("截至9月14日，已办结6件", None),
    ("截至今年6月底，已完成投资", None),
    ("12月5日，区委第四巡察组向我单位反馈", None),
    ("12月5日区委巡察组反馈意见", None),
    ("6月21日下午召开会议", None),
    ("于2021年4月13日下午组织召开会议", None),
    ("争取资金1.5亿元", None),
    ("补发3个月的工资", None),
    ("推行长期护理保险", None),
    ("推动可持续发展", None),
    ("增强持续增长动力", None),
    ("今年村级换届时，候选人要公开承诺", None),
    ("今年以来，共查处问题12个", None),
    ("今年是决胜之年", None),
    ("去年底完成了改造", Some(("去年底", D, None))),
    ("已在8月份全部搬迁完毕", None),
    ("在8月份已全部搬迁完毕", None),
    ("对无法在4月20日完成的，要说明原因", None),
    ("对未按期完成的单位进行通报", None),
    ("存在整改不及时的问题", None),
    ("2023年度工作报告", None),
    ("2024年1-6月完成投资", None),
    ("第一季度，全市完成投资", None),
    ("春节期间加强值守", None),
    ("7月1日，新规正式施行", None),
    ("6月召开推进会", None),
    ("一月一次", None),
    ("三年以上工作经历", None),
    ("提高工作及时性", None),
    ("关于2023年重点工作的部署", None),
    ("对于2024年的任务要心中有数", None),
    ("由于6月雨水偏多", None),
    ("今年前三季度，全市生产总值增长5%", None),
    ("2023年底，全区共有企业3000家", None),
    ("2024年3月5日至4月18日，区委第一巡察组进行了巡察", None),
    ("3月5日至4月18日，巡察组进驻", None),
    ("2024年上半年，全市完成投资", None),
];

#[test]
fn table() {
    let reference = Date::new(2024, 3, 15);
    let mut failures = Vec::new();
    for (text, want) in CASES {
        let got = main_of(text, reference);
        let ok = match (want, &got) {
            (None, None) => true,
            (Some((t, k, due)), Some(d)) => d.text == *t && d.kind == *k && d.due.as_deref() == *due,
            _ => false,
        };
        if !ok {
            failures.push(format!("{text}: wanted {want:?}, got {:?}", got.map(|d| (d.text, d.kind, d.due))));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), CASES.len(), failures.join("\n"));
    assert!(CASES.len() >= 150);
}

#[test]
fn due_notes_say_why() {
    // Without a reference date, only a written year gives a due date.
    let cases: &[(&str, Option<&str>, Option<&str>)] = &[
        ("6月底前完成", None, Some(NO_YEAR)),
        ("年底前完成", None, Some(NO_YEAR)),
        ("本月底前完成", None, Some(NO_YEAR)),
        ("明年3月前完成", None, Some(NO_YEAR)),
        ("三个月内完成", None, Some(NO_START)),
        ("2024年6月底前完成", Some("2024-06-30"), Some(YEAR_TEXT)),
        ("2024年春节前完成", Some("2024-02-10"), Some(YEAR_TEXT)),
        ("汛期前完成", None, Some(EVENT)),
        ("秋季投入使用", None, Some(SEASON)),
        ("一个月左右完成", None, Some(APPROXIMATE)),
        ("2023年2月29日前完成", None, Some(NO_SUCH_DAY)),
        ("新的一年，要深入贯彻", None, Some(NO_RULE)),
        ("立即整改", None, None),
        ("尽快完成", None, None),
    ];
    for (text, due, note) in cases {
        let d = main_of(text, None).unwrap_or_else(|| panic!("{text}: no limit found"));
        assert_eq!(d.due.as_deref(), *due, "{text}");
        assert_eq!(d.due_note.as_deref(), *note, "{text}");
    }
}

#[test]
fn finds_every_limit_with_its_span() {
    let found = all("要立即整改，3个月内完成，6月底前验收，并长期坚持、及时通报", Date::new(2024, 3, 15));
    let texts: Vec<&str> = found.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(texts, ["立即", "3个月内", "6月底前", "长期坚持", "及时"]);
    assert_eq!(found[2].span, Span::new(13, 17));
    assert_eq!(main_deadline(&found).map(|d| d.text.as_str()), Some("6月底前"));

    // Spans count chars of the whole document, not of the searched part.
    let doc = Doc::for_test("一、总体要求。二、6月底前完成。");
    let found = find(crate::doc::testing::lexicons(), &doc, Span::new(7, doc.text.len()), &Timeframe::default());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].span, Span::new(9, 13));
}

#[test]
fn calendar_arithmetic() {
    let d = |y, m, day| Date::new(y, m, day).expect("valid date");
    assert_eq!(d(2024, 1, 31).add_months(1), d(2024, 2, 29));
    assert_eq!(d(2023, 11, 30).add_months(3), d(2024, 2, 29));
    assert_eq!(d(2024, 12, 31).add_days(1), d(2025, 1, 1));
    assert_eq!(crate::date::Calendar::official().add_working_days(d(2024, 3, 16), 1).0, d(2024, 3, 18));
    assert!(d(2000, 1, 1).is_weekend());
    assert_eq!(Date::parse_iso("2024-02-30"), None);
    assert_eq!(Date::parse_iso("2024-02-29").map(|x| x.to_string()), Some("2024-02-29".to_string()));
}

#[test]
fn document_dates() {
    let doc = |s: &str| document_date(&crate::text::CharText::new(s)).map(|d| d.to_string());
    assert_eq!(doc("整改方案\n一、总体要求\n\n某某局\n二〇二四年三月十五日"), Some("2024-03-15".into()));
    assert_eq!(doc("会议纪要\n我局于2021年4月13日下午召开会议。"), Some("2021-04-13".into()));
    assert_eq!(doc("通报\n2024年3月5日至4月18日，巡察组进驻。2024年5月16日，反馈意见。"), Some("2024-05-16".into()));
    assert_eq!(doc("2023年工作报告\n5月10日上午，召开会议。"), Some("2023-05-10".into()));
    assert_eq!(doc("没有日期的文本"), None);
}

#[test]
fn a_time_limit_is_not_the_document_date() {
    let t = crate::text::CharText::new("整改方案\n完成时限：2024年7月31日前\n2024年5月6日，召开专题会议。");
    assert_eq!(document_date(&t), Date::new(2024, 5, 6));
}

/// (sentence, expected limits as written): a time word is a limit when it times a verb of
/// the sentence, not when it modifies a noun (SPEC §3), for each construction in pairs.
const USES: &[(&str, &[&str])] = &[
    // An open-ended period at the head of its sentence or clause, or before a noun, frames
    // what follows; between a subject and its verb it is a vague limit.
    ("今后一段时间，县教育局要抓好校园安全", &[]),
    ("下阶段，县卫健委将推进医共体建设", &[]),
    ("在今后一个时期，各乡镇要巩固脱贫成果", &[]),
    ("下一阶段工作中要突出问题导向", &[]),
    ("希望各村在今后一个时期工作中重点抓好以下三件事", &[]),
    ("下一阶段，各镇要尽快完成摸排", &["尽快"]),
    ("县水利局下一阶段要加快水库除险", &["下一阶段"]),
    // A short quotation names a thing (a slogan, a brand); a long one is reported speech;
    // a quotation of the bare word before a verb or at the end only stresses it.
    ("争当群众心中的“及时雨”", &[]),
    ("打造“马上办”政务服务品牌", &[]),
    ("推行“当场受理、限时办结”工作法", &[]),
    ("他说：“我们保证年底前完成全村道路硬化，绝不让群众失望。”", &["年底前"]),
    ("对巡察指出的问题坚持“立行立改”", &["立行立改"]),
    // A date or duration before 的, also after a count of times, modifies the noun after it.
    ("要围绕年底前的目标倒排进度", &[]),
    ("对照9月底前的整改要求逐项销号", &[]),
    ("落实三个月内的整改任务", &[]),
    ("建立每周两次的巡查制度", &[]),
    ("要在9月底前完成整改", &["9月底前"]),
    ("每周巡查两次", &["每周"]),
    // A date without a limit word in the object of a verb, before a noun, names a period.
    ("要分析研判上半年经济形势", &[]),
    ("要梳理上半年项目进度", &[]),
    ("对照本年度目标任务查漏补缺", &[]),
    ("力争上半年开工", &["上半年"]),
    ("下半年要启动二期工程", &["下半年"]),
    // A time word before a verb and the noun of a standing arrangement, in the object of
    // another verb, names the arrangement; after a modal, or before a verb and its object,
    // it times the verb.
    ("完善问题及时发现处置机制", &[]),
    ("建立险情第一时间处置流程", &[]),
    ("要第一时间处置群众投诉", &["第一时间"]),
    ("督促各单位及时整改问题", &["及时"]),
];

#[test]
fn time_words_that_time_a_verb_and_those_that_modify_a_noun() {
    let reference = Date::new(2024, 3, 15);
    let mut failures = Vec::new();
    for (text, want) in USES {
        let got: Vec<String> = all(text, reference).into_iter().map(|d| d.text).collect();
        if got != *want {
            failures.push(format!("{text}: wanted {want:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), USES.len(), failures.join("\n"));
}

#[test]
fn every_limit_of_a_labelled_line_counts_and_the_latest_is_due() {
    let reference = Date::new(2024, 3, 15);
    // (text, every labelled limit, the main limit's text and due)
    let cases: &[(&str, &[&str], &str, Option<&str>)] = &[
        ("完成时限：2024年4月底前完成摸底，2024年9月底前完成整治", &["2024年4月底前", "2024年9月底前"], "2024年9月底前", Some("2024-09-30")),
        // A year written in one part dates the parts after it.
        ("整改时限：2025年2月底前完成排查、6月底前完成销号", &["2025年2月底前", "6月底前"], "6月底前", Some("2025-06-30")),
        ("时限要求：2024-05-20；2024-08-31", &["2024-05-20", "2024-08-31"], "2024-08-31", Some("2024-08-31")),
        // The labelled line wins over a later date in the body; its value ends with its sentence.
        ("完成时限：6月底前。各单位要在12月底前巩固提升", &["6月底前"], "6月底前", Some("2024-06-30")),
        ("整改时限：立行立改、长期坚持", &["立行立改", "长期坚持"], "立行立改", None),
    ];
    for (text, labelled, main, due) in cases {
        let found = all(text, reference);
        let got: Vec<&str> = found.iter().filter(|d| d.labelled).map(|d| d.text.as_str()).collect();
        assert_eq!(got, *labelled, "{text}");
        let m = main_deadline(&found).unwrap_or_else(|| panic!("{text}: no limit"));
        assert_eq!((m.text.as_str(), m.due.as_deref()), (*main, *due), "{text}");
    }
}

/// (text, every limit found as (text, kind, due), the main limit's text), reference
/// 2024-03-15 — for the constructions of issue 14 items 3, 5 and 6.
type Series = (&'static str, &'static [(&'static str, DeadlineKind, Option<&'static str>)], &'static str);

fn check_series(cases: &[Series]) {
    let reference = Date::new(2024, 3, 15);
    let mut failures = Vec::new();
    for (text, want, main) in cases {
        let found = all(text, reference);
        let got: Vec<(&str, DeadlineKind, Option<&str>)> = found.iter().map(|d| (d.text.as_str(), d.kind, d.due.as_deref())).collect();
        let got_main = main_deadline(&found).map(|d| d.text.as_str());
        // An empty main means no limit at all.
        if got != *want || got_main != Some(*main).filter(|m| !m.is_empty()) {
            failures.push(format!("{text}: wanted {want:?} main {main}, got {got:?} main {got_main:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn a_date_with_qi_starts_an_obligation_and_is_never_its_due() {
    check_series(&[
        // Alone: a date with no due; beside a real limit, the real limit is the main one.
        ("自2025年1月1日起全面推行电子证照", &[("自2025年1月1日起", D, None)], "自2025年1月1日起"),
        ("从7月起开展夜间巡查，9月底前形成巡查报告", &[("从7月起", D, None), ("9月底前", D, Some("2024-09-30"))], "9月底前"),
        ("2024年6月底前建成监测平台，2025年起投入运行", &[("2024年6月底前", D, Some("2024-06-30")), ("2025年起", D, None)], "2024年6月底前"),
        // With a recurring limit in its sentence it is part of it: ongoing.
        ("自2024年5月起，各镇每月10日前报送台账", &[("自2024年5月起", O, None), ("每月10日前", O, None)], "每月10日前"),
        ("2025年起，每季度末召开一次联席会议", &[("2025年起", O, None), ("每季度末", O, None)], "每季度末"),
        // 每年 governs the yearless points after it in its sentence; a dated first round stays the due.
        (
            "2024年8月底前完成首轮评估。2025年起，每年4月底前各县完成自评，6月底前市局完成复核",
            &[("2024年8月底前", D, Some("2024-08-31")), ("2025年起", O, None), ("每年4月底前", O, None), ("6月底前", O, None)],
            "2024年8月底前",
        ),
    ]);
}

#[test]
fn a_date_alone_in_parentheses_or_with_its_weekday_is_a_limit() {
    check_series(&[
        // A step's schedule in parentheses after its title: the end of the period named.
        ("（二）摸底调查（2024年5月）。各村要逐户登记", &[("2024年5月", D, Some("2024-05-31"))], "2024年5月"),
        ("3.集中整治(2024年7月)，对问题点位逐一整改", &[("2024年7月", D, Some("2024-07-31"))], "2024年7月"),
        // Several limits: all kept, the latest due; the month dates the yearless day after it.
        (
            "（三）验收总结（2024年11月）。11月20日前，各单位报送总结材料",
            &[("2024年11月", D, Some("2024-11-30")), ("11月20日前", D, Some("2024-11-20"))],
            "2024年11月",
        ),
        // Inside a title it is part of a name.
        ("各部门要认真执行《社区建设规划（2021-2025年）》", &[], ""),
        // A day with its weekday is a day of the schedule; days coordinated after it join it.
        ("6月8日（星期六）全体干部正常上班", &[("6月8日（星期六）", D, Some("2024-06-08"))], "6月8日（星期六）"),
        ("4月27日(周六)、28日(周日)各窗口照常办公", &[("4月27日(周六)、28日(周日)", D, Some("2024-04-28"))], "4月27日(周六)、28日(周日)"),
        ("请于4月10日（周三）前报送名单", &[("4月10日（周三）前", D, Some("2024-04-10"))], "4月10日（周三）前"),
        // Without a weekday a bare day before a comma tells when something happened.
        ("4月27日，区委召开全会", &[], ""),
    ]);
}

#[test]
fn the_year_of_a_due_date() {
    let tf = |reference: Option<Date>, year: Option<i32>| Timeframe { reference, reference_is_document_date: true, year };
    let main = |text: &str, tf: Timeframe| {
        let doc = Doc::for_test(text);
        let found = find(crate::doc::testing::lexicons(), &doc, Span::new(0, doc.text.len()), &tf);
        main_deadline(&found).map(|d| (d.due.clone(), d.due_note.clone()))
    };
    let some = |s: &str| Some(s.to_string());
    // The year written in the item wins; then the heading's, lead-in's or title's; then the
    // document's date.
    assert_eq!(main("2025年3月15日前报送", tf(Date::new(2024, 5, 1), Some(2024))), Some((some("2025-03-15"), some(YEAR_TEXT))));
    assert_eq!(main("3月15日前报送", tf(Date::new(2024, 5, 1), Some(2012))), Some((some("2012-03-15"), some(YEAR_CONTEXT))));
    assert_eq!(main("3月15日前报送", tf(Date::new(2012, 1, 10), None)), Some((some("2012-03-15"), some(YEAR_DOC))));
    assert_eq!(main("3月15日前报送", tf(None, None)), Some((None, some(NO_YEAR))));
    // A year word naming a period already past is no limit ahead; a date of the reference
    // year written in digits stands as written; an earlier year written in digits is past
    // when the reference is the document's own date, not when it is --date.
    assert_eq!(main("去年下半年完成", tf(Date::new(2024, 5, 1), None)), Some((None, some(PAST_SPAN))));
    assert_eq!(main("今年一季度完成", tf(Date::new(2024, 5, 1), None)), Some((None, some(PAST_SPAN))));
    assert_eq!(main("2024年4月完成调研（2024年4月）", tf(Date::new(2024, 5, 9), None)).map(|d| d.0), Some(some("2024-04-30")));
    assert_eq!(main("2022年底前完成", tf(Date::new(2024, 5, 1), None)), Some((None, some(PAST_SPAN))));
    let option = Timeframe { reference: Date::new(2024, 5, 1), reference_is_document_date: false, year: None };
    assert_eq!(main("2022年底前完成", option), Some((some("2022-12-31"), some(YEAR_TEXT))));
    assert_eq!(main("去年底前完成", option), Some((None, some(PAST_SPAN))));
    assert_eq!(main("明年上半年完成", tf(Date::new(2024, 5, 1), None)), Some((some("2025-06-30"), some(YEAR_TEXT))));
}

proptest::proptest! {
    #[test]
    fn a_scan_of_dates_finds_what_fresh_searches_find(pieces in proptest::collection::vec(proptest::sample::select(vec![
        "2024年", "6月底前", "3月15日", "至", "4月18日", "年底前", "春节前", "10个工作日内", "第三季度", "每年",
        "，", "。", "区纪委要", "完成整改", "2024-06-30", "5日", "上半年", "12月", "30日前", "国庆节期间",
    ]), 0..14), steps in proptest::collection::vec(0usize..6, 1..10)) {
        let s: String = pieces.concat();
        let mut scan = grammar::DateScan::new(&s);
        let mut pos = 0;
        for step in steps {
            // Growing positions, some of them repeated, on char boundaries.
            pos = s.char_indices().map(|(b, _)| b).chain([s.len()]).find(|&b| b >= pos + step * 3).unwrap_or(s.len());
            let fresh = grammar::next_date(&s, pos).map(|c| c.get(0).map(|m| m.range()));
            let kept = scan.next_from(pos).map(|c| c.get(0).map(|m| m.range()));
            proptest::prop_assert_eq!(kept, fresh, "at byte {} of {}", pos, s);
        }
    }
}
