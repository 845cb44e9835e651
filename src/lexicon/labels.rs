//! The label vocabulary of the lexicon files: each file's second column parses into one of
//! these enums when the file is loaded, so a misspelt label is a load error naming the file
//! and line, and code compares enums, not strings. Several of them are also what the ledger
//! reports (an owner's class, a time limit's kind).

use serde::Serialize;

/// A label of a lexicon file: parsed from its second column.
pub trait Label: Copy + Eq + std::fmt::Debug + Send + Sync + 'static {
    /// Every label as written in the files (empty for a list without labels).
    const NAMES: &'static [&'static str];
    /// Parses a label as written; `""` when the line has none.
    fn parse(s: &str) -> Option<Self>;
}

/// Lists without labels (surnames, verbs…): every word of a line is an entry.
impl Label for () {
    const NAMES: &'static [&'static str] = &[];
    fn parse(s: &str) -> Option<Self> {
        s.is_empty().then_some(())
    }
}

macro_rules! label_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(rename_all = "lowercase")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }
        impl Label for $name {
            const NAMES: &'static [&'static str] = &[$($text),+];
            fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }
        impl $name {
            /// The label as written in the lexicon files and the JSON output.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }
    };
}

label_enum! {
    /// What kind of owner a name is (`owners.txt`; also the `class` of an owner in the ledger).
    OwnerClass {
        /// The speaker's 我.
        Speaker = "speaker",
        /// A person: a name or a pronoun (他).
        Person = "person",
        /// A unit or body: 区纪委, 区发改局.
        Unit = "unit",
        /// A post: 区委书记, 分管领导.
        Role = "role",
        /// Collective or unspecified: 我们, 有关部门, 各单位.
        Collective = "collective",
    }
}

label_enum! {
    /// How a piece of a name builds an owner name (`owner_affixes.txt`).
    Affix {
        /// A name ending in it is a unit or role; it may stand alone (党委).
        Suffix = "suffix",
        /// Like a suffix, but it cannot stand alone (局, 组, 单位).
        Ending = "ending",
        /// A suffix naming a working body whose name may hold verbs (整改落实工作领导小组).
        Group = "group",
        /// Like an ending, but it names a group of people, not a body: a verb before it is a
        /// task on them (帮助|村民), never the body's name (执法|队).
        People = "people",
        /// A name starting with it is collective (全体干部, 相关职能部门).
        Collective = "collective",
        /// 各: before one defined tier it names that tier (各乡镇); before a generic word it
        /// is collective (各部门, listed in owners.txt).
        Each = "each",
        /// May start a name without changing its class (其他班子成员, 以上责任单位).
        Qualifier = "qualifier",
    }
}

impl Affix {
    /// True for the affixes that end a name (suffix, ending, group, people).
    pub fn ends_name(self) -> bool {
        matches!(self, Affix::Suffix | Affix::Ending | Affix::Group | Affix::People)
    }

    /// True for the affixes that start a name (collective, qualifier).
    pub fn starts_name(self) -> bool {
        matches!(self, Affix::Collective | Affix::Each | Affix::Qualifier)
    }
}

label_enum! {
    /// The role a labelled owner line gives (`owner_labels.txt`; also an owner's `role`).
    OwnerRole {
        /// Leads the task (牵头单位).
        Lead = "lead",
        /// Helps (配合单位).
        Cooperate = "cooperate",
        /// The leader in charge (责任领导).
        Leader = "leader",
        /// The person responsible (责任人).
        Person = "person",
        /// The unit responsible (责任单位).
        Responsible = "responsible",
    }
}

label_enum! {
    /// Words for posts (`posts.txt`).
    PostKind {
        /// A post that can stand right before a person's name (书记, 组长).
        Title = "title",
        /// A word for people in a role, never before a name (分管领导, 负责人).
        Role = "role",
    }
}

label_enum! {
    /// How strongly a cue marks a pledge (`commitment_cues.txt`).
    CueStrength {
        /// A pledge in any document (将, 请, 下一步).
        Strong = "strong",
        /// A pledge or demand (要, 必须).
        Modal = "modal",
    }
}

label_enum! {
    /// How a word states a shortcoming (`problem_cues.txt`).
    ProblemCue {
        /// An evaluation (不够, 不到位).
        State = "state",
        /// A problem named as a thing (短板, 漏洞).
        Noun = "noun",
    }
}

label_enum! {
    /// Where a phrase marks a report of work done (`report_genre.txt`).
    GenreCue {
        /// In the title line.
        Title = "title",
        /// Anywhere in the first paragraphs.
        Announce = "announce",
    }
}

label_enum! {
    /// The kinds of time limit (SPEC §1; `deadlines.txt` labels and the ledger's `kind`).
    DeadlineKind {
        /// A calendar point: 6月底前, 年底前, 2024年6月30日前.
        Date = "date",
        /// A duration: 三个月内, 30个工作日内.
        Relative = "relative",
        /// At once: 立即, 立行立改, 第一时间.
        Immediate = "immediate",
        /// Continuing: 长期坚持, 常态化, 每月.
        Ongoing = "ongoing",
        /// No checkable limit: 尽快, 限期, 适时.
        Vague = "vague",
    }
}

impl DeadlineKind {
    /// The Chinese label used in ledgers (时限类型).
    pub fn label_zh(&self) -> &'static str {
        match self {
            DeadlineKind::Date => "具体日期",
            DeadlineKind::Relative => "期限",
            DeadlineKind::Immediate => "立即",
            DeadlineKind::Ongoing => "长期",
            DeadlineKind::Vague => "模糊",
        }
    }
}

/// A `deadlines.txt` label: a kind of limit, `frame` (an open-ended period: 下一阶段, 今后一个
/// 时期), `not` (a phrase that looks like a limit but is none: 可持续, 长期护理), or `label`
/// (the label of a time-limit line: 完成时限).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeWord {
    /// A time limit of this kind.
    Limit(DeadlineKind),
    /// An open-ended period ahead (下一阶段, 今后一个时期): at the head of a sentence or
    /// clause, or before a noun, it frames what follows and is no limit; between a subject
    /// and its verb it is a `vague` one.
    Frame,
    /// No limit: masks what it overlaps.
    Not,
    /// Labels a line whose value is the limit (完成时限：2024年8月31日).
    Label,
}

impl Label for TimeWord {
    const NAMES: &'static [&'static str] = &["date", "relative", "immediate", "ongoing", "vague", "frame", "not", "label"];
    fn parse(s: &str) -> Option<Self> {
        match s {
            "not" => Some(TimeWord::Not),
            "label" => Some(TimeWord::Label),
            "frame" => Some(TimeWord::Frame),
            _ => DeadlineKind::parse(s).map(TimeWord::Limit),
        }
    }
}

label_enum! {
    /// Duties and roles a text can assign (`duties.txt`).
    DutyKind {
        /// A duty phrase: 主体责任, 监督责任.
        Duty = "duty",
        /// A post in a working body, assigned with 任/担任/为: 组长, 副组长, 成员.
        Role = "role",
        /// A verb that takes on a duty: 落实, 履行, 扛起 (…主体责任).
        TakeOn = "take_on",
        /// A working body whose posts are duties: 领导小组, 工作组, 专班 (…组长杨文明).
        Group = "group",
    }
}

label_enum! {
    /// Words at the start of a clause or between a subject and its verb
    /// (`clause_words.txt`).
    ClauseWord {
        /// A connective or time word skipped before a clause's subject (同时, 此外, 会上).
        Connector = "connector",
        /// A preposition that opens an adverbial phrase before the verb (在, 对, 针对, 按照).
        Preposition = "preposition",
        /// A word that may stand between a holder and the duty verb (严格, 认真, 负责).
        Link = "link",
        /// A word before a pledge cue that makes it a noun (兑现承诺, 作了承诺).
        Nominalizer = "nominalizer",
        /// A verb of seeing or knowing: 要 before it is a reflection (要清醒看到).
        Cognition = "cognition",
        /// A verb of a closing request to the reader: 请 with it is no task (请予审议).
        Courtesy = "courtesy",
        /// A verb of degree or attitude: what follows it is no trace (强化跟踪督办).
        Degree = "degree",
        /// A copula whose subject holds the duty its predicate names (X是…第一责任人).
        Copula = "copula",
        /// Opens a condition addressed to the reader: a 请 after it closes a notice (如有
        /// 异议，请…).
        Condition = "condition",
        /// Thanks or a welcome opening a sentence: a 请 in it closes a notice (感谢…，请…).
        Thanks = "thanks",
        /// Opens an invitation to the reader, with a verb of `courtesy` (欢迎社会各界监督).
        Invitation = "invitation",
        /// A noun heading the name of a standing arrangement (机制, 制度, 体系): a time word
        /// before a verb and such a noun names it (第一时间响应机制) and times nothing.
        Arrangement = "arrangement",
    }
}

label_enum! {
    /// Words before a time expression that make it no limit (`negations.txt`).
    NotAhead {
        /// A negation: the limit is a condition (无法在4月20日完成的).
        Negation = "negation",
        /// A past marker: the date is a fact (已在8月份搬迁完毕).
        Past = "past",
    }
}

label_enum! {
    /// The speech act a verb of saying opens (`speech_verbs.txt`; SPEC §3 reporting frames).
    SpeechAct {
        /// A directive frame: the speaker demands of others (强调, 指出).
        Demand = "demand",
        /// A commissive frame: the speaker pledges (表示, 表态, 承诺).
        Pledge = "pledge",
        /// A report: the speaker tells (介绍, 说).
        Tell = "tell",
    }
}

label_enum! {
    /// What a section heading or a list's lead-in says of the tasks under it
    /// (`section_moods.txt`).
    SectionMood {
        /// Tasks to come (下一步工作, 整改措施).
        Ahead = "ahead",
        /// Work done (开展情况, 主要做法).
        Done = "done",
    }
}

/// A `concrete_actions.txt` label: a trace of work (no label), `completion` (a verb of
/// completion, a trace under a dated limit), or `not` (a look-alike that masks what it
/// overlaps: 实际行动).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trace {
    /// A checkable action, deliverable or programme.
    Trace,
    /// A verb of completion (完成, 办结): checkable when the item's limit is a date or a
    /// duration (8月底前完成宣传册印制), for on that day anyone can see whether it is done.
    Completion,
    /// Masks a look-alike.
    Not,
}

impl Label for Trace {
    const NAMES: &'static [&'static str] = &["completion", "not"];
    fn parse(s: &str) -> Option<Self> {
        match s {
            "" => Some(Trace::Trace),
            "completion" => Some(Trace::Completion),
            "not" => Some(Trace::Not),
            _ => None,
        }
    }
}

label_enum! {
    /// What a background heading says of the text under it (`background_headings.txt`).
    HeadingRole {
        /// Background or principles: the item is no task whatever its body says.
        Background = "background",
        /// A goal or requirement: no task unless the text under it pledges.
        Goal = "goal",
        /// A noun that heads section titles (措施, 步骤, 保障): a title of this noun and at
        /// most one word before it (保障措施, 组织保障) names a section and sets no task; a
        /// longer heading that ends with it (落实保障措施) is read by its words.
        Head = "head",
    }
}
