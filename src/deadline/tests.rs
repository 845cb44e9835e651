//! Table-driven tests of time limits: expression, kind, due date.

use super::*;

fn one(text: &str, reference: Option<Date>) -> Option<Deadline> {
    let lx = Lexicons::builtin();
    let t = CharText::new(text);
    let all = find(&lx, &t, Span::new(0, t.len()), reference);
    main_deadline(&all).cloned()
}

#[test]
fn basic_table() {
    let r = Date::new(2024, 3, 15);
    let cases: &[(&str, Option<(&str, DeadlineKind, Option<&str>)>)] = &[
        ("6月底前完成整改", Some(("6月底前", DeadlineKind::Date, Some("2024-06-30")))),
        ("2024年12月31日前完成", Some(("2024年12月31日前", DeadlineKind::Date, Some("2024-12-31")))),
        ("三个月内整改到位", Some(("三个月内", DeadlineKind::Relative, Some("2024-06-15")))),
        ("立行立改", Some(("立行立改", DeadlineKind::Immediate, None))),
        ("长期坚持", Some(("长期坚持", DeadlineKind::Ongoing, None))),
        ("尽快完成", Some(("尽快", DeadlineKind::Vague, None))),
        ("年底前完成", Some(("年底前", DeadlineKind::Date, Some("2024-12-31")))),
        ("第三季度末前完成", Some(("第三季度末前", DeadlineKind::Date, Some("2024-09-30")))),
        ("区委书记是第一责任人", None),
        ("落实十四五规划", None),
        ("2021年8月2日，巡察组反馈意见", None),
    ];
    for (text, want) in cases {
        let got = one(text, r);
        match (want, got) {
            (None, None) => {}
            (Some((t, k, due)), Some(d)) => {
                assert_eq!(d.text, *t, "{text}");
                assert_eq!(d.kind, *k, "{text}");
                assert_eq!(d.due.as_deref(), *due, "{text}");
            }
            (w, g) => panic!("{text}: wanted {w:?}, got {g:?}"),
        }
    }
}
