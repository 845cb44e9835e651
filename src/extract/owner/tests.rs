//! Tests of the module above (split out to keep it readable).

use super::*;
use crate::doc::testing::lexicons;

fn owners(text: &str) -> Vec<String> {
    let doc = Doc::for_test(text);
    let sp = Speaker::find(text);
    let f = OwnerFinder::new(lexicons(), &doc, &sp);
    f.find(Span::new(0, doc.text.len())).into_iter().map(|o| o.text).collect()
}

#[test]
fn subject_before_modal() {
    assert_eq!(owners("另一方面，区纪委要种好责任田。"), ["区纪委"]);
    assert_eq!(owners("会议一结束，**区委将立即召开专题会议。"), ["**区委"]);
    assert_eq!(owners("王涛表示，区政府办公室(区协调办)党组将全盘认领整改清单。"), ["区政府办公室(区协调办)党组"]);
    assert_eq!(owners("县委办要在10月底前汇总督查台账。"), ["县委办"]);
    assert_eq!(owners("镇综合执法队要在6月底前拆除违章建筑15处。"), ["镇综合执法队"]);
}

#[test]
fn lead_by_and_group_roles() {
    let o = owners("我区将成立领导小组，由我任组长，**同志任副组长，其他区委常委同志为成员。");
    for w in ["我区", "我", "**同志", "其他区委常委同志"] {
        assert!(o.contains(&w.to_string()), "{w} missing in {o:?}");
    }
    assert_eq!(owners("此项工作由区发改局牵头。"), ["区发改局"]);
}

#[test]
fn subject_glued_to_its_predicate_by_the_segmenter() {
    // jieba's dictionary holds 干部带头, 领导带头, 群众反映: the name still ends at its noun.
    // In our own words.
    assert_eq!(owners("市委要求领导干部带头开展调研。"), ["领导干部"]);
    assert_eq!(owners("县委要求各级领导干部带头开展蹲点调研。"), ["各级领导干部"]);
    assert_eq!(owners("乡镇领导带头包村入户，逐户走访。"), ["乡镇领导"]);
    assert_eq!(owners("区委要求党员干部带头参加志愿服务。"), ["党员干部"]);
}

#[test]
fn directive_gives_the_object() {
    assert_eq!(owners("党委书记张晓要求各支部、各科室坚持问题导向。"), ["各支部", "各科室"]);
    assert_eq!(owners("请以上责任单位加快工作节奏。"), ["以上责任单位"]);
    assert_eq!(owners("会议要求各乡镇，要在月底前完成排查。"), ["各乡镇"]);
}

#[test]
fn frames_by_speech_act() {
    assert!(owners("县委副书记王海强调，要对照清单抓整改。").is_empty());
    assert!(owners("会议指出，要压实整改责任。").is_empty());
    assert_eq!(owners("局长表示，将全力配合整改。"), ["局长"]);
    assert_eq!(owners("周某表态，经开区将在年底前完成整改。"), ["经开区"]);
}

#[test]
fn subjects_carry_within_a_sentence_not_across() {
    assert_eq!(owners("区纪委要开展督查，严肃问责。"), ["区纪委"]);
    let doc = Doc::for_test("区纪委要开展督查。严肃问责。");
    let sp = Speaker::default();
    let f = OwnerFinder::new(lexicons(), &doc, &sp);
    let second = doc.sentences[1];
    assert!(f.find(second).is_empty());
}

#[test]
fn labelled_lines_and_addressees() {
    assert_eq!(owners("牵头单位：区发改局\n责任单位：立山经济开发区，各街道"), ["区发改局", "立山经济开发区", "各街道"]);
    assert_eq!(owners("现将《方案》印发给你们，请抓紧部署。"), ["你们"]);
}

#[test]
fn no_owner_is_invented() {
    for t in [
        "认真对待，始终保持政治上的警醒和坚定。",
        "加快数字政府建设。",
        "巡察组反馈的问题要逐条整改。",
        "经县政府同意，现印发实施方案。",
        "对整改不力的村予以通报。",
        "报镇党委审定。",
    ] {
        assert!(owners(t).is_empty(), "{t}: {:?}", owners(t));
    }
}

#[test]
fn a_frame_reads_the_speech_heads_that_head_at_reads() {
    // Every place of texts with frames, directives, cues and tasks: the head a reporting
    // frame takes (speech_head_at) is head_at's answer when that is a directive or a verb of
    // saying, and nothing otherwise.
    let texts = [
        "县委书记李明在调度会上强调，各乡镇要于6月底前完成排查，会议要求各单位：一是加强领导。",
        "区长于会上指出，将全力整改；局长表示，明年3月前请各科室报送台账。",
        "会上要求，党委书记张晓要求各支部坚持问题导向，书记在讲话中要求，今年要建立制度。",
        "通知指出，县人社局负责组织开展技能培训，街道办牵头协调解决。",
    ];
    for t in texts {
        let doc = Doc::for_test(t);
        let sp = Speaker::default();
        let f = OwnerFinder::new(lexicons(), &doc, &sp);
        let limit = doc.text.len();
        let mut frames = 0;
        for pos in 0..limit {
            for lim in [limit, (pos + 6).min(limit)] {
                let plain = f.head_at(pos, lim).filter(|h| matches!(h, clause::Head::Directive(_) | clause::Head::Speech(..)));
                frames += usize::from(plain.is_some());
                assert_eq!(f.speech_head_at(pos, lim), plain, "{t} at {pos}..{lim}");
            }
        }
        assert!(frames > 0, "{t}: no frame read");
    }
}

#[test]
fn a_copulas_subject_is_carried_to_the_clauses_after_it() {
    // In our own words: X是…责任人，要… — X is to act; the copula clause names no owner alone.
    for (t, want) in [("校长是本校安全工作第一责任人，要每月开展一次隐患排查。", "校长"), ("镇党委书记是河长制工作的第一责任人，要定期巡河。", "镇党委书记")]
    {
        assert_eq!(owners(t), [want], "{t}");
    }
    assert!(owners("这是一项长期任务。").is_empty());
}

#[test]
fn the_end_char_test_of_the_subject_search_loses_no_name() {
    // `may_end_name` is what `names` tests first: wherever it refuses an end, `names` finds
    // nothing there. Every span of up to MAX_NAME_CHARS chars of the samples, in our words.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
    let mut spans = 0;
    // Bare persons' names as subjects too, and placeholders.
    let own = "王建国表示，要在月底前完成排查。李红梅要带头走访群众。赵国庆将牵头制定方案。张某某、刘××同志要按期报送台账。";
    for file in ["biaotai.txt", "chengnuo.txt", "zhenggai_fangan.txt", "draft_with_slips.txt", ""] {
        let text = if file.is_empty() { own.to_string() } else { std::fs::read_to_string(format!("{dir}/{file}")).expect("sample") };
        let doc = Doc::for_test(&text);
        let sp = Speaker::find(&text);
        let f = OwnerFinder::new(lexicons(), &doc, &sp);
        let chars: Vec<char> = text.chars().collect();
        for start in 0..chars.len() {
            for end in start + 1..=(start + name::MAX_NAME_CHARS).min(chars.len()) {
                if !f.may_end_name(&chars[start..end]) {
                    spans += 1;
                    assert!(f.names(Span::new(start, end)).is_none(), "{file}: {}", chars[start..end].iter().collect::<String>());
                }
            }
        }
    }
    assert!(spans > 1000, "only {spans} spans refused");
}
