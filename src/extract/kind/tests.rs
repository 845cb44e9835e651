//! Tests of the kind of an item: evidence, mood and the pledge readings.

use super::*;
use crate::doc::testing::lexicons;

fn ev(text: &str) -> Evidence {
    let doc = Doc::for_test(text);
    let r = Reading { lx: lexicons(), doc: &doc, subject_end: &|_| None, subject_cue: &|_| None, reference: crate::date::Date::new(2024, 5, 1) };
    evidence(&r, &[Span::new(0, doc.text.len())], None)
}

#[test]
fn cues_rank_as_documented() {
    assert_eq!(ev("区委将立即召开专题会议"), Evidence::Strong);
    assert_eq!(ev("区纪委要种好责任田"), Evidence::Modal);
    assert_eq!(ev("学习贯彻不够深入"), Evidence::Problem);
    assert_eq!(ev("会上学习传达了反馈意见"), Evidence::Past);
    assert_eq!(ev("加快数字政府建设。"), Evidence::Imperative);
    assert_eq!(ev("深入推进依法行政。"), Evidence::Imperative);
    assert_eq!(ev("就业是最基本的民生。"), Evidence::Neutral);
    assert_eq!(ev("这是主要问题的重要方面"), Evidence::Neutral);
    assert_eq!(ev("将问题逐条进行细化"), Evidence::Imperative);
    assert_eq!(ev("党委书记张晓要求各支部坚持问题导向"), Evidence::Modal);
    assert_eq!(ev("提出三点要求："), Evidence::Neutral);
    assert_eq!(ev("现就重点工作，制定分工方案如下。"), Evidence::Announcement);
    assert_eq!(ev("居民医保人均财政补助标准提高30元。"), Evidence::Imperative);
    assert_eq!(ev("在全国实施个人养老金制度。"), Evidence::Imperative);
    assert_eq!(ev("加快补齐服务短板。"), Evidence::Imperative);
}

#[test]
fn bare_tasks_of_a_plan() {
    // Imperative tasks with no cue word, in our own words.
    for t in [
        "由县审计局牵头，7月底前完成专项审计。",
        "县财政局：6月30日前完成专项资金清理。",
        "9月底前召开整改推进会。",
        "2024年8月底前印发考核办法。",
        "不收受管理服务对象的礼品礼金。",
        "每季度开展一次交叉检查。",
    ] {
        assert_eq!(ev(t), Evidence::Imperative, "{t}");
    }
}

#[test]
fn labels_and_stated_quantities_are_no_tasks() {
    // In our own words: a label before a colon and its value, a copula before a quantity.
    for t in ["受理地址：区政务服务中心三楼。", "监督电话：6612××××。", "报名时间：2024年3月1日至3月5日。", "试用期为六个月。", "本次评议的公示期为7天。"]
    {
        assert!(matches!(ev(t), Evidence::Neutral | Evidence::Background), "{t}: {:?}", ev(t));
    }
    // X负责/牵头 + a task assigns it (read after the subject).
    for (t, subject) in [("县人社局负责组织开展技能培训。", 4), ("街道办牵头协调解决。", 3), ("各村具体负责摸排登记。", 2)]
    {
        let doc = Doc::for_test(t);
        assert!(assigns_a_task(&doc, Span::new(subject, doc.text.len())), "{t}");
    }
    let doc = Doc::for_test("县人社局负责同志出席会议。");
    assert!(!assigns_a_task(&doc, Span::new(4, doc.text.len())));
    // Any verb after a time limit is a task.
    for t in ["10月底前拨付第二批奖补资金。", "年底前办结全部信访积案。", "三个月内腾退违规占用的办公用房。"] {
        assert_eq!(ev(t), Evidence::Imperative, "{t}");
    }
    // A label before a task still leaves the task (工作措施：…督导).
    assert_eq!(ev("县财政局：6月30日前完成专项资金清理。"), Evidence::Imperative);
    assert_eq!(ev("各单位要做好以下工作："), Evidence::Modal);
}

#[test]
fn periods_already_past_tell_what_was_done() {
    // Past as of 2024-05-01, in our own words.
    for t in [
        "2023年4月至9月，市委巡察办牵头对全市18个乡镇开展交叉巡察。",
        "2022年11月，县政府对城区背街小巷进行改造。",
        "今年1至4月，全区发放创业担保贷款1.8亿元。",
        "去年，镇里组织党员干部入户走访。",
        // A past marker glued to the preposition of a date (已于, 均已于).
        "该局已于4月完成台账清理。",
        "两个项目均已于年初开工建设。",
    ] {
        assert_eq!(ev(t), Evidence::Past, "{t}");
    }
    for t in ["2024年6月底前，完成全部改造。", "今年，县政府要对城区背街小巷进行改造。"] {
        assert_ne!(ev(t), Evidence::Past, "{t}");
    }
}

#[test]
fn background_headings_over_a_pledging_body() {
    let doc = Doc::for_test("总体目标。到2025年，全县建成美丽乡村示范村50个。");
    let r = Reading { lx: lexicons(), doc: &doc, subject_end: &|_| None, subject_cue: &|_| None, reference: None };
    assert_eq!(evidence(&r, &[Span::new(0, doc.text.len())], Some(Span::new(0, 4))), Evidence::Imperative);
    let doc = Doc::for_test("指导思想。以新时代思想为指导。");
    let r = Reading { lx: lexicons(), doc: &doc, subject_end: &|_| None, subject_cue: &|_| None, reference: None };
    assert_eq!(evidence(&r, &[Span::new(0, doc.text.len())], Some(Span::new(0, 4))), Evidence::Background);
}

#[test]
fn nominal_titles_name_a_section() {
    let nominal = |t: &str| {
        let doc = Doc::for_test(t);
        is_nominal_title(lexicons(), &doc, Span::new(0, doc.text.len()))
    };
    // Section titles of our own plans: a modifier and a head noun.
    for t in ["组织保障", "实施步骤", "保障措施", "有关要求", "基本原则", "实施范围", "经费保障", "检查内容", "工作机构", "注意事项", "整治对象"]
    {
        assert!(nominal(t), "{t}");
    }
    // Tasks: a verb of degree or a verb before a longer object.
    for t in ["加强保障", "落实保障措施", "加强组织领导", "强化督查问责", "完善工作机制", "做好经费保障工作", "明确整改要求并抓好落实"]
    {
        assert!(!nominal(t), "{t}");
    }
}

#[test]
fn moods_of_lead_ins_and_headings() {
    let mood = |t: &str| {
        let doc = Doc::for_test(t);
        lead_mood(lexicons(), &doc, Span::new(0, doc.text.len()))
    };
    // In our own words: measures already taken are an account.
    for t in ["已采取的措施：", "目前已落实的整改措施", "一、已完成的任务", "前期已经开展的重点工作"] {
        assert_eq!(mood(t), Some(Mood::Done), "{t}");
    }
    for t in ["下一步，我们将：", "会议要求：", "本人承诺：", "县委副书记提出了三点要求：", "三、下一步工作", "（二）整改措施", "2024年重点做好以下工作："]
    {
        assert_eq!(mood(t), Some(Mood::Ahead), "{t}");
    }
    for t in ["一、整改工作开展情况", "主要做法如下：", "整改工作开展以来，"] {
        assert_eq!(mood(t), Some(Mood::Done), "{t}");
    }
    assert_eq!(mood("一、组织保障"), None);
}

#[test]
fn modal_pledges_hold_in_every_kind_of_text() {
    assert_eq!(kind_of(Evidence::Modal, Mood::Done), Some(Kind::Commitment));
    assert_eq!(kind_of(Evidence::Imperative, Mood::Done), Some(Kind::Other));
    assert_eq!(kind_of(Evidence::Imperative, Mood::Ahead), Some(Kind::Commitment));
}
