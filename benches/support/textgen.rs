//! A generator of made-up statement texts (表态发言, 整改方案, 工作报告 style) for the
//! benchmarks: chapter and item markers of every style, owners, time limits, vague
//! pledges, labelled lines and plain narrative, varied by a seed. Every sentence is
//! composed here from small phrase tables; no real text is copied.

/// A small deterministic pseudo-random generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// One element of a table.
    pub fn pick<'a>(&mut self, table: &[&'a str]) -> &'a str {
        table[self.below(table.len())]
    }
}

const PLACES: &[&str] = &["东城", "西山", "南湖", "北岭", "青禾", "石桥", "云溪", "河阳", "柳林", "安平"];
const UNITS: &[&str] = &[
    "区纪委",
    "区委办公室",
    "区政府办公室",
    "区发改局",
    "区财政局",
    "区教育局",
    "区卫健委",
    "区住建局",
    "区市场监管局",
    "区委组织部",
    "区委宣传部",
    "区生态环境分局",
    "区水利局",
    "区农业农村局",
    "区审计局",
    "区应急管理局",
    "区数据局",
    "区人社局",
    "区交通运输局",
    "区城管局",
];
const TOWNS: &[&str] = &["镇党委", "街道党工委", "镇政府", "街道办事处"];
const ROLES: &[&str] = &["区委书记", "区长", "分管领导", "党组书记", "局长", "主任", "第一责任人"];
const COLLECTIVE: &[&str] = &["我们", "各单位", "有关部门", "各街道", "各镇", "相关单位", "各支部"];
const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
const GIVEN: &[&str] = &["建国", "晓明", "丽华", "志强", "海燕", "文博", "春红", "德胜", "立新", "秀英"];
const MODALS: &[&str] = &["要", "将", "必须", "一定要", "坚决", "确保", "务必", "力争", "要切实"];
const ACTIONS: &[&str] = &[
    "完成全部整改任务",
    "召开专题民主生活会",
    "制定整改工作方案",
    "建立问题清单、任务清单和责任清单",
    "开展专项检查",
    "修订完善管理制度",
    "新建公共厕所",
    "改造老旧小区",
    "完成审计整改",
    "清理违规资金",
    "组织专题培训",
    "开展警示教育",
    "建立长效机制",
    "落实整改销号制度",
    "公开整改进展情况",
    "推进数字政府建设",
    "加强干部队伍建设",
    "巩固拓展脱贫攻坚成果",
    "优化营商环境",
    "化解信访积案",
];
const VAGUE_ACTIONS: &[&str] = &[
    "提高政治站位",
    "增强责任感和使命感",
    "切实加强组织领导",
    "认真对待，高度重视",
    "始终保持政治上的警醒和坚定",
    "坚持问题导向",
    "以钉钉子精神抓好整改",
    "把整改工作抓实抓细抓到位",
    "统一思想认识",
];
const DEADLINES: &[&str] = &[
    "6月底前",
    "年底前",
    "三个月内",
    "30个工作日内",
    "立即",
    "尽快",
    "长期坚持",
    "2025年12月31日前",
    "第三季度末",
    "本月底",
    "限期",
    "常态化",
    "会后一周内",
    "9月30日前",
    "两年内",
    "适时",
    "立行立改",
];
const DUTIES: &[&str] = &["主体责任", "监督责任", "第一责任人职责", "一岗双责", "牵头抓总责任", "直接责任"];
const TAKE_ON: &[&str] = &["履行好", "落实", "扛起", "担负起", "压实", "切实履行"];
const PROBLEMS: &[&str] =
    &["学习贯彻不够深入", "工作作风不够扎实", "制度执行不够严格", "整改落实不到位", "存在形式主义问题", "资金监管存在漏洞", "基层党组织建设薄弱"];
const PAST: &[&str] = &["会上学习传达了反馈意见", "已完成整改任务12项", "截至目前已清退资金", "去年以来共开展检查", "先后召开专题会议"];
const NUMBERS: &[&str] = &["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const QUANTITIES: &[&str] = &["120座", "7.5公里", "一批", "36项", "3次", "500万元", "15所", "8个"];
const EXTRAS: &[&str] = &["（ABC）", "“三个清单”", "【重点】", "2024年", "……", "——", "；", "! ", "《方案》", "＃"];

/// A person's name: surname plus given name.
fn person(r: &mut Rng) -> String {
    format!("{}{}", r.pick(SURNAMES), r.pick(GIVEN))
}

/// Somebody responsible: a unit, a town body, a post, a collective or a person with a post.
fn owner(r: &mut Rng) -> String {
    match r.below(8) {
        0..=2 => r.pick(UNITS).to_string(),
        3 => format!("{}{}", r.pick(PLACES), r.pick(TOWNS)),
        4 => r.pick(ROLES).to_string(),
        5 => r.pick(COLLECTIVE).to_string(),
        6 => format!("{}{}", r.pick(ROLES), person(r)),
        _ => format!("{}、{}", r.pick(UNITS), r.pick(UNITS)),
    }
}

/// One sentence of a statement, ending with its punctuation.
fn sentence(r: &mut Rng) -> String {
    match r.below(12) {
        0..=2 => format!("{}{}在{}{}。", owner(r), r.pick(MODALS), r.pick(DEADLINES), r.pick(ACTIONS)),
        3 => format!("{}{}，{}。", r.pick(MODALS), r.pick(VAGUE_ACTIONS), r.pick(VAGUE_ACTIONS)),
        4 => format!("{}要{}{}，对整改工作负总责。", owner(r), r.pick(TAKE_ON), r.pick(DUTIES)),
        5 => format!("由{}牵头，{}配合，{}{}{}。", r.pick(UNITS), r.pick(UNITS), r.pick(DEADLINES), r.pick(ACTIONS), r.pick(QUANTITIES)),
        6 => format!("{}。", r.pick(PROBLEMS)),
        7 => format!("{}，{}。", r.pick(PAST), r.pick(QUANTITIES)),
        8 => format!("{}要求{}{}{}。", person(r), r.pick(COLLECTIVE), r.pick(DEADLINES), r.pick(ACTIONS)),
        9 => format!("作为{}，我{}{}。", r.pick(ROLES), r.pick(MODALS), r.pick(VAGUE_ACTIONS)),
        10 => format!("我们将{}{}，{}{}。", r.pick(DEADLINES), r.pick(ACTIONS), r.pick(EXTRAS), r.pick(VAGUE_ACTIONS)),
        _ => format!("成立整改工作领导小组，由{}任组长，{}任副组长。", r.pick(ROLES), person(r)),
    }
}

/// A paragraph of one to four sentences, sometimes with run-in markers (一是…二是…).
fn paragraph(r: &mut Rng) -> String {
    let n = 1 + r.below(4);
    if r.below(4) == 0 {
        let mut p = format!("{}{}：", owner(r), r.pick(&["要做到", "将重点抓好以下工作", "提出三点要求"]));
        for number in NUMBERS.iter().take(n + 1) {
            p.push_str(&format!("{number}是{}", sentence(r)));
        }
        return p;
    }
    (0..n).map(|_| sentence(r)).collect()
}

/// A labelled block of a 整改方案 (牵头单位：… 责任单位：… 完成时限：…).
fn labelled(r: &mut Rng) -> String {
    format!("牵头单位：{}\n责任单位：{}，{}\n完成时限：{}\n", r.pick(UNITS), r.pick(UNITS), owner(r), r.pick(DEADLINES))
}

/// One chapter: a 一、 heading, (一) sections, numbered items and paragraphs.
fn chapter(r: &mut Rng, n: usize, out: &mut String) {
    let titles = ["总体要求", "主要问题", "整改措施", "工作安排", "保障措施", "下一步打算", "组织领导", "工作目标"];
    out.push_str(&format!("{}、{}\n", NUMBERS[n % 10], r.pick(&titles)));
    for s in 0..1 + r.below(3) {
        out.push_str(&format!("（{}）{}\n", NUMBERS[s % 10], r.pick(ACTIONS)));
        for i in 0..1 + r.below(4) {
            match r.below(5) {
                0 => out.push_str(&format!("{}.{}\n{}", i + 1, sentence(r), labelled(r))),
                1 => out.push_str(&format!("（{}）{}\n", i + 1, paragraph(r))),
                _ => out.push_str(&format!("{}.{}\n", i + 1, paragraph(r))),
            }
        }
    }
    if r.below(3) == 0 {
        out.push_str(&format!("首先，{}其次，{}最后，{}\n", sentence(r), sentence(r), sentence(r)));
    }
}

/// One whole statement of about `min_bytes` bytes (UTF-8) or a little more.
pub fn statement(seed: u64, min_bytes: usize) -> String {
    let mut r = Rng::new(seed);
    let mut out = String::new();
    let kind = r.pick(&["表态发言", "整改方案", "工作报告", "承诺书"]);
    out.push_str(&format!("{}关于巡察反馈意见整改落实的{}\n", r.pick(PLACES), kind));
    out.push_str(&format!("我代表{}作表态发言。{}\n", r.pick(UNITS), paragraph(&mut r)));
    let mut n = 0;
    while out.len() < min_bytes {
        if r.below(5) == 0 {
            out.push_str(&paragraph(&mut r));
            out.push('\n');
        } else {
            chapter(&mut r, n, &mut out);
            n += 1;
        }
    }
    out.push_str(&format!("{}\n2024年{}月{}日\n", r.pick(UNITS), 1 + r.below(12), 1 + r.below(28)));
    out
}

/// Many statements of about `each_bytes` bytes each, different seeds, concatenated to about
/// `min_bytes` (a corpus for throughput measurement).
pub fn corpus(seed: u64, each_bytes: usize, min_bytes: usize) -> Vec<String> {
    let mut docs = Vec::new();
    let mut total = 0;
    let mut s = seed;
    while total < min_bytes {
        let d = statement(s, each_bytes);
        total += d.len();
        docs.push(d);
        s += 1;
    }
    docs
}
