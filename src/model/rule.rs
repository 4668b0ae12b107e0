//! The rules a template states about its figures: one generic type for both stages of a rule's life.
//!
//! `Rule<String, String>` is what a template file says, naming cells (`table.row.column`, possibly with `*`) and
//! sections by id; [`super::Template`] resolves it once, when it loads, into a [`CheckedRule`] over dense indices,
//! which is what the checker runs on every keystroke. Adding a rule kind means adding its variant here, its keys
//! to [`Rule::from_value`], its cells to [`Rule::try_map`], and its check in `check`.

use super::index::{CellIndex, SectionIndex};
use super::keys::Keys;
use serde::Deserialize;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    /// The word the writer sees for it: 错误, 警告 or 提示.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Note => "提示",
        }
    }

    /// Its name for other programs (`error`, `warning`, `note`), as template files write it.
    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A rule that refers to cells as `C` and to narrative sections as `S`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule<C, S> {
    /// A complete breakdown: the total equals the sum of its parts.
    SumEquals { total: C, parts: Vec<C> },
    /// An "of which" breakdown: the parts may not exceed the total; a shortfall is worth a note.
    PartsAtMost { total: C, parts: Vec<C> },
    /// One figure may not exceed another.
    AtMost {
        left: C,
        right: C,
        severity: Severity,
    },
    /// Two sums must be equal; `fix` is the cell that absorbs a difference.
    Balance {
        left: Vec<C>,
        right: Vec<C>,
        fix: Option<C>,
    },
    /// With last year's report: this cell equals last year's `previous` cell.
    PreviousEquals {
        cell: C,
        previous: C,
        severity: Severity,
    },
    /// With last year's report: last year's `previous` + plus − minus = cell.
    PreviousBalance {
        cell: C,
        previous: C,
        plus: Vec<C>,
        minus: Vec<C>,
        severity: Severity,
    },
    /// A number written in a narrative section after one of `names` should equal the sum of `cells` (one cell, or
    /// the items of a group such as （三）不予公开). A figure equal to the sum of `also` instead (new applications
    /// plus those carried over) is a note asking the text to say which it means; a figure whose clause holds one of
    /// the `scope` words (备案, 办结, 其中…) is a note asking to confirm the scope; any other difference is `severity`.
    NarrativeFigure {
        section: S,
        names: Vec<String>,
        cells: Vec<C>,
        also: Vec<C>,
        scope: Vec<String>,
        unit: String,
        severity: Severity,
    },
    /// A total written in a narrative section, followed by 其中 and its items, should equal their sum.
    NarrativeBreakdown {
        section: S,
        names: Vec<String>,
        unit: String,
        severity: Severity,
    },
    /// A section, when written, says each of several things: a word of every group (问题 and 改进).
    Mentions {
        section: S,
        groups: Vec<WordGroup>,
        severity: Severity,
    },
    /// Words that belong to another format (the old format's 咨询情况, 收费及减免, 申诉), found in the sections.
    Stale {
        sections: Vec<S>,
        words: Vec<String>,
        why: String,
        severity: Severity,
    },
    /// A figure above zero that a section must explain: a word of `words` must appear in it (fee notices sent, so
    /// 六 reports 信息处理费).
    FigureMentions {
        cell: C,
        section: S,
        words: Vec<String>,
        what: String,
        severity: Severity,
    },
    /// The publication date against the legal deadline for the kind of unit (the 机关类别 field, or the kind its
    /// name suggests); a missing or late date is `severity`, a date in a wrong year an error.
    Deadline {
        kinds: Vec<UnitKind>,
        severity: Severity,
    },
    /// Years written where only the report's year belongs: the 统计期限 sentence of every section (after one of
    /// `names`, to the end of its sentence), and the signature and fill-in dates (the report's year or the next).
    ReportYears { names: Vec<String> },
    /// The report's title as the text restates it (湛江市人民政府地方志办公室2023年政府信息公开工作年度报告): each of
    /// `markers` preceded by a year and a unit's name; the name must be the header's unit (one containing the other)
    /// and the year the report's. Names holding one of `skip` (关于, 我, 本…: a notice's title, 我局) are not compared;
    /// the words before the last of `leads` (编制, 现将…) are not part of the name. With `names`, the unit's full
    /// name where the text names the unit writing (2025年，长春市体育局…; 本报告由…; 请与…联系) and the signature
    /// are compared too, by one test of "the same unit" (`check::unit`).
    SameUnit {
        sections: Vec<S>,
        markers: Vec<String>,
        leads: Vec<String>,
        skip: Vec<String>,
        names: UnitNames,
        severity: Severity,
    },
    /// An amount of money written in a section after one of `names` must carry one of `units` (元|万元).
    MoneyUnit {
        section: S,
        names: Vec<String>,
        units: String,
        severity: Severity,
    },
    /// With last year's report: how much of each section's text (of at least `min_chars` characters) is last year's
    /// (containment of character `n`-grams), a note from `note_percent`, a warning from `warn_percent`.
    PreviousOverlap {
        sections: Vec<S>,
        n: usize,
        min_chars: usize,
        note_percent: u8,
        warn_percent: u8,
    },
    /// With last year's report: a change of more than `factor` times up or down (and of at least
    /// `min_difference`) in the cell is worth a word; the editor's year-on-year view marks the same changes.
    PreviousRatio {
        cell: C,
        factor: u64,
        min_difference: u64,
        severity: Severity,
    },
}

/// Whether a figure changed by more than `factor` times either way since last year (from or to zero counts as more),
/// by at least `min_difference`: the one test of a large change ([`Rule::PreviousRatio`]), used by the checker's
/// rule and the editor's year-on-year view (`model::next_year::change`) alike.
pub fn large_change(last: u64, now: u64, factor: u64, min_difference: u64) -> bool {
    if now.abs_diff(last) < min_difference.max(1) {
        return false;
    }
    let (low, high) = (last.min(now), last.max(now));
    low.checked_mul(factor).is_none_or(|scaled| high > scaled)
}

/// A kind of unit and the day of the following year by which it must publish its report (条例 第四十九条).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitKind {
    /// As the writer types it in the 机关类别 field: 人民政府, 政府部门.
    pub label: String,
    /// Endings of a unit's name that suggest this kind (人民政府); the last kind listed is the default.
    #[serde(default)]
    pub suffixes: Vec<String>,
    /// Endings that look like a suffix but are not this kind (a township's 镇人民政府 is no county's 人民政府).
    #[serde(default)]
    pub not_suffixes: Vec<String>,
    pub month: u8,
    pub day: u8,
}

impl UnitKind {
    /// Whether a unit's name suggests this kind: it ends in one of `suffixes` (after a trailing （本级）) and in
    /// none of `not_suffixes`.
    pub fn suggested_by(&self, unit: &str) -> bool {
        let name: String = unit.chars().filter(|c| !c.is_whitespace()).collect();
        let mut name = name.as_str();
        for level in ["（本级）", "(本级)", "本级"] {
            name = name.strip_suffix(level).unwrap_or(name);
        }
        self.suffixes.iter().any(|s| name.ends_with(s.as_str()))
            && !self.not_suffixes.iter().any(|s| name.ends_with(s.as_str()))
    }
}

/// How a unit's name is told in running text (`check::unit`, the one recogniser of names): it ends in one of
/// `endings` (局, 办公室, 人民政府…) where no word of `not_endings` covers that ending (局长, 格局, 大厅…), is not
/// followed by one of `followers` (网站, 门户: the subject is then a website), and does not start with one of
/// `not_starts` (市, 区, 在…: an abbreviation or not a name). Empty `endings` take any name (a template without
/// this block).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitNames {
    #[serde(default)]
    pub endings: Vec<String>,
    #[serde(default)]
    pub not_endings: Vec<String>,
    #[serde(default)]
    pub followers: Vec<String>,
    #[serde(default)]
    pub not_starts: Vec<String>,
    /// Words just before which the text names the unit writing (本报告由, 请与): besides a sentence's start and
    /// the clause after a year (2025年，…).
    #[serde(default)]
    pub actors: Vec<String>,
    /// Words that follow a unit's name where it is a sentence's subject (坚持, 认真, 高度重视, 未收到…): at a sentence's
    /// start a name is read only before one of them (none listed: before anything).
    #[serde(default)]
    pub predicates: Vec<String>,
    /// Endings of a unit that speaks for its whole place (人民政府): units named after its place are its own.
    #[serde(default)]
    pub covers: Vec<String>,
}

/// Words of which a section must contain one, and what they stand for in messages (改进措施).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordGroup {
    pub label: String,
    pub words: Vec<String>,
}

/// A rule as a template file writes it.
pub type RuleSpec = Rule<String, String>;

/// A rule over resolved cells and sections, ready to check.
pub type CheckedRule = Rule<CellIndex, SectionIndex>;

/// Whose report a cell reference reads: this year's, or last year's (for the rules that compare years).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Year {
    This,
    Last,
}

/// The three rewrites of [`Rule::try_map`], applied in its one walk over a rule.
struct Mapper<F, G, H> {
    cell: F,
    section: G,
    empty: H,
}

impl<F, G, H> Mapper<F, G, H> {
    fn one<'a, C: 'a, C2, E>(&mut self, cell: &'a C) -> Result<C2, E>
    where
        F: FnMut(&'a C, Year) -> Result<C2, E>,
    {
        (self.cell)(cell, Year::This)
    }

    fn last_year<'a, C: 'a, C2, E>(&mut self, cell: &'a C) -> Result<C2, E>
    where
        F: FnMut(&'a C, Year) -> Result<C2, E>,
    {
        (self.cell)(cell, Year::Last)
    }

    /// A list that must name at least one cell.
    fn list<'a, C: 'a, C2, E>(&mut self, cells: &'a [C]) -> Result<Vec<C2>, E>
    where
        F: FnMut(&'a C, Year) -> Result<C2, E>,
        H: FnMut() -> Result<(), E>,
    {
        if cells.is_empty() {
            (self.empty)()?;
        }
        self.optional_list(cells)
    }

    fn optional_list<'a, C: 'a, C2, E>(&mut self, cells: &'a [C]) -> Result<Vec<C2>, E>
    where
        F: FnMut(&'a C, Year) -> Result<C2, E>,
    {
        cells.iter().map(|c| self.one(c)).collect()
    }

    fn names<E>(&mut self, names: &[String]) -> Result<Vec<String>, E>
    where
        H: FnMut() -> Result<(), E>,
    {
        if names.is_empty() {
            (self.empty)()?;
        }
        Ok(names.to_vec())
    }

    fn section<'a, S: 'a, S2, E>(&mut self, section: &'a S) -> Result<S2, E>
    where
        G: FnMut(&'a S) -> Result<S2, E>,
    {
        (self.section)(section)
    }

    fn sections<'a, S: 'a, S2, E>(&mut self, sections: &'a [S]) -> Result<Vec<S2>, E>
    where
        G: FnMut(&'a S) -> Result<S2, E>,
        H: FnMut() -> Result<(), E>,
    {
        if sections.is_empty() {
            (self.empty)()?;
        }
        sections.iter().map(|s| (self.section)(s)).collect()
    }

    fn groups<E>(&mut self, groups: &[WordGroup]) -> Result<Vec<WordGroup>, E>
    where
        H: FnMut() -> Result<(), E>,
    {
        if groups.is_empty() || groups.iter().any(|g| g.words.is_empty()) {
            (self.empty)()?;
        }
        Ok(groups.to_vec())
    }
}

impl<C, S> Rule<C, S> {
    /// The same rule with every cell reference and section rewritten, in one fixed order, and `empty` asked about
    /// every list that should not be empty (it may refuse it); the first error stops the walk. Every other view of a rule's
    /// references is built on this one walk.
    pub fn try_map<'a, C2, S2, E>(
        &'a self,
        cell: impl FnMut(&'a C, Year) -> Result<C2, E>,
        section: impl FnMut(&'a S) -> Result<S2, E>,
        empty: impl FnMut() -> Result<(), E>,
    ) -> Result<Rule<C2, S2>, E> {
        let mut m = Mapper {
            cell,
            section,
            empty,
        };
        Ok(match self {
            Rule::SumEquals { total, parts } => Rule::SumEquals {
                total: m.one(total)?,
                parts: m.list(parts)?,
            },
            Rule::PartsAtMost { total, parts } => Rule::PartsAtMost {
                total: m.one(total)?,
                parts: m.list(parts)?,
            },
            Rule::AtMost {
                left,
                right,
                severity,
            } => Rule::AtMost {
                left: m.one(left)?,
                right: m.one(right)?,
                severity: *severity,
            },
            Rule::Balance { left, right, fix } => Rule::Balance {
                left: m.list(left)?,
                right: m.list(right)?,
                fix: fix.as_ref().map(|f| m.one(f)).transpose()?,
            },
            Rule::PreviousEquals {
                cell,
                previous,
                severity,
            } => Rule::PreviousEquals {
                cell: m.one(cell)?,
                previous: m.last_year(previous)?,
                severity: *severity,
            },
            Rule::PreviousBalance {
                cell,
                previous,
                plus,
                minus,
                severity,
            } => Rule::PreviousBalance {
                cell: m.one(cell)?,
                previous: m.last_year(previous)?,
                plus: m.optional_list(plus)?,
                minus: m.optional_list(minus)?,
                severity: *severity,
            },
            Rule::NarrativeFigure {
                section,
                names,
                cells,
                also,
                scope,
                unit,
                severity,
            } => Rule::NarrativeFigure {
                names: m.names(names)?,
                section: m.section(section)?,
                cells: m.list(cells)?,
                also: m.optional_list(also)?,
                scope: scope.clone(),
                unit: unit.clone(),
                severity: *severity,
            },
            Rule::NarrativeBreakdown {
                section,
                names,
                unit,
                severity,
            } => Rule::NarrativeBreakdown {
                names: m.names(names)?,
                section: m.section(section)?,
                unit: unit.clone(),
                severity: *severity,
            },
            Rule::Mentions {
                section,
                groups,
                severity,
            } => Rule::Mentions {
                section: m.section(section)?,
                groups: m.groups(groups)?,
                severity: *severity,
            },
            Rule::Stale {
                sections,
                words,
                why,
                severity,
            } => Rule::Stale {
                sections: m.sections(sections)?,
                words: m.names(words)?,
                why: why.clone(),
                severity: *severity,
            },
            Rule::FigureMentions {
                cell,
                section,
                words,
                what,
                severity,
            } => Rule::FigureMentions {
                cell: m.one(cell)?,
                section: m.section(section)?,
                words: m.names(words)?,
                what: what.clone(),
                severity: *severity,
            },
            Rule::Deadline { kinds, severity } => {
                if kinds.is_empty() {
                    m.names::<E>(&[])?;
                }
                Rule::Deadline {
                    kinds: kinds.clone(),
                    severity: *severity,
                }
            }
            Rule::ReportYears { names } => Rule::ReportYears {
                names: m.names(names)?,
            },
            Rule::SameUnit {
                sections,
                markers,
                leads,
                skip,
                names,
                severity,
            } => Rule::SameUnit {
                sections: m.sections(sections)?,
                markers: m.names(markers)?,
                leads: leads.clone(),
                skip: skip.clone(),
                names: names.clone(),
                severity: *severity,
            },
            Rule::MoneyUnit {
                section,
                names,
                units,
                severity,
            } => Rule::MoneyUnit {
                names: m.names(names)?,
                section: m.section(section)?,
                units: units.clone(),
                severity: *severity,
            },
            Rule::PreviousOverlap {
                sections,
                n,
                min_chars,
                note_percent,
                warn_percent,
            } => Rule::PreviousOverlap {
                sections: m.sections(sections)?,
                n: *n,
                min_chars: *min_chars,
                note_percent: *note_percent,
                warn_percent: *warn_percent,
            },
            Rule::PreviousRatio {
                cell,
                factor,
                min_difference,
                severity,
            } => Rule::PreviousRatio {
                cell: m.one(cell)?,
                factor: *factor,
                min_difference: *min_difference,
                severity: *severity,
            },
        })
    }

    /// The rule's kind as template files write it (`sum_equals`, `narrative_figure`…).
    pub fn kind(&self) -> &'static str {
        match self {
            Rule::SumEquals { .. } => "sum_equals",
            Rule::PartsAtMost { .. } => "parts_at_most",
            Rule::AtMost { .. } => "at_most",
            Rule::Balance { .. } => "balance",
            Rule::PreviousEquals { .. } => "previous_equals",
            Rule::PreviousBalance { .. } => "previous_balance",
            Rule::NarrativeFigure { .. } => "narrative_figure",
            Rule::NarrativeBreakdown { .. } => "narrative_breakdown",
            Rule::Mentions { .. } => "mentions",
            Rule::Stale { .. } => "stale",
            Rule::FigureMentions { .. } => "figure_mentions",
            Rule::PreviousRatio { .. } => "previous_ratio",
            Rule::Deadline { .. } => "deadline",
            Rule::ReportYears { .. } => "report_years",
            Rule::PreviousOverlap { .. } => "previous_overlap",
            Rule::MoneyUnit { .. } => "money_unit",
            Rule::SameUnit { .. } => "same_unit",
        }
    }

    /// Every cell of this year's report the rule reads, in the order of [`Rule::try_map`].
    pub fn cells(&self) -> Vec<&C> {
        let mut cells = Vec::new();
        let walked: Result<Rule<(), ()>, std::convert::Infallible> = self.try_map(
            |c, year| {
                if year == Year::This {
                    cells.push(c);
                }
                Ok(())
            },
            |_| Ok(()),
            || Ok(()),
        );
        let Ok(_) = walked;
        cells
    }
}

impl RuleSpec {
    /// Reads one rule of a template file. Read by hand rather than derived: serde's internally tagged enums buffer
    /// every field and cost the web app's first load about 25 KB of code.
    pub fn from_value(value: serde_json::Value) -> Result<RuleSpec, String> {
        let mut rule = Keys::of(value, "规则")?;
        let kind: String = rule.take("kind")?;
        let severity = |rule: &mut Keys| {
            Ok::<_, String>(rule.optional("severity")?.unwrap_or(Severity::Warning))
        };
        let spec = match kind.as_str() {
            "sum_equals" => Rule::SumEquals {
                total: rule.take("total")?,
                parts: rule.take("parts")?,
            },
            "parts_at_most" => Rule::PartsAtMost {
                total: rule.take("total")?,
                parts: rule.take("parts")?,
            },
            "at_most" => Rule::AtMost {
                left: rule.take("left")?,
                right: rule.take("right")?,
                severity: rule.take("severity")?,
            },
            "balance" => Rule::Balance {
                left: rule.take("left")?,
                right: rule.take("right")?,
                fix: rule.optional("fix")?,
            },
            "previous_equals" => Rule::PreviousEquals {
                cell: rule.take("cell")?,
                previous: rule.take("previous")?,
                severity: severity(&mut rule)?,
            },
            "previous_balance" => Rule::PreviousBalance {
                cell: rule.take("cell")?,
                previous: rule.take("previous")?,
                plus: rule.optional("plus")?.unwrap_or_default(),
                minus: rule.optional("minus")?.unwrap_or_default(),
                severity: severity(&mut rule)?,
            },
            "narrative_figure" => Rule::NarrativeFigure {
                section: rule.take("section")?,
                names: rule.take("names")?,
                // One cell (`cell`) or the sum of several (`cells`).
                cells: match rule.optional::<String>("cell")? {
                    Some(cell) => vec![cell],
                    None => rule.take("cells")?,
                },
                also: rule.optional("also")?.unwrap_or_default(),
                scope: rule.optional("scope")?.unwrap_or_default(),
                unit: rule.take("unit")?,
                severity: severity(&mut rule)?,
            },
            "narrative_breakdown" => Rule::NarrativeBreakdown {
                section: rule.take("section")?,
                names: rule.take("names")?,
                unit: rule.take("unit")?,
                severity: severity(&mut rule)?,
            },
            "mentions" => Rule::Mentions {
                section: rule.take("section")?,
                groups: rule.take("groups")?,
                severity: severity(&mut rule)?,
            },
            "stale" => Rule::Stale {
                sections: rule.take("sections")?,
                words: rule.take("words")?,
                why: rule.take("why")?,
                severity: severity(&mut rule)?,
            },
            "figure_mentions" => Rule::FigureMentions {
                cell: rule.take("cell")?,
                section: rule.take("section")?,
                words: rule.take("words")?,
                what: rule.take("what")?,
                severity: severity(&mut rule)?,
            },
            "deadline" => Rule::Deadline {
                kinds: rule.take("kinds")?,
                severity: severity(&mut rule)?,
            },
            "report_years" => Rule::ReportYears {
                names: rule.take("names")?,
            },
            "same_unit" => Rule::SameUnit {
                sections: rule.take("sections")?,
                markers: rule.take("markers")?,
                leads: rule.optional("leads")?.unwrap_or_default(),
                skip: rule.optional("skip")?.unwrap_or_default(),
                names: rule.optional("names")?.unwrap_or_default(),
                severity: severity(&mut rule)?,
            },
            "money_unit" => Rule::MoneyUnit {
                section: rule.take("section")?,
                names: rule.take("names")?,
                units: rule.take("units")?,
                severity: severity(&mut rule)?,
            },
            "previous_overlap" => Rule::PreviousOverlap {
                sections: rule.take("sections")?,
                n: rule.take("n")?,
                min_chars: rule.optional("min_chars")?.unwrap_or(0),
                note_percent: rule.take("note_percent")?,
                warn_percent: rule.take("warn_percent")?,
            },
            "previous_ratio" => Rule::PreviousRatio {
                cell: rule.take("cell")?,
                factor: rule.take("factor")?,
                min_difference: rule.optional("min_difference")?.unwrap_or(0),
                severity: rule.optional("severity")?.unwrap_or(Severity::Note),
            },
            other => return Err(format!("未知的规则种类“{other}”")),
        };
        rule.finish()?;
        if let Rule::PreviousRatio { factor, .. } = &spec {
            if *factor < 2 {
                return Err("“factor”应为不小于 2 的整数".into());
            }
        }
        if let Rule::PreviousOverlap {
            n,
            note_percent,
            warn_percent,
            ..
        } = &spec
        {
            if !(2..=20).contains(n) || note_percent > warn_percent || *warn_percent > 100 {
                return Err("“n”应在 2 到 20 之间，且 note_percent ≤ warn_percent ≤ 100".into());
            }
        }
        if let Rule::Deadline { kinds, .. } = &spec {
            if let Some(kind) = kinds
                .iter()
                .find(|k| !(1..=12).contains(&k.month) || !(1..=31).contains(&k.day))
            {
                return Err(format!("期限“{}”的月或日不正确", kind.label));
            }
        }
        Ok(spec)
    }
}
