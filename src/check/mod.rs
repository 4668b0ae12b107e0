//! The rule engine: a template and a report in, the sums and diagnostics out. A pure function of both,
//! recomputed on every change, so it allocates only for what it reports.

pub mod dates;
mod names;
mod narrative;
mod overlap;
mod unit;
mod verified;

pub use names::short_label;
use names::Common;
pub use verified::mark_for;

use crate::model::number::{format, ParseError};
use crate::model::rule::large_change;
use crate::model::template::{Field, FieldKind};
use crate::model::text::excerpt;
use crate::model::year::{self, YearError};
use crate::model::{
    CellIndex, CheckedRule, FieldIndex, Report, Rule, SectionIndex, Severity, TableIndex, Template,
};
use crate::model::{KnownField, UnitKind, UnitNames};
use std::borrow::Cow;

/// A one-cell correction the writer can apply with one click.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub cell: CellIndex,
    pub value: u64,
    /// What the button says, e.g. 将“一、主动公开信息数”改为 180.
    pub label: String,
}

/// Where in the report a finding is, so the editor can take the writer there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Cell(CellIndex),
    Field(FieldIndex),
    Section(SectionIndex),
    Table(TableIndex),
}

/// One finding, in words for the writer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The template rule that found it; `None` for input and completeness findings.
    pub rule: Option<usize>,
    pub place: Place,
    /// The cells involved, the one to look at first leading.
    pub cells: Vec<CellIndex>,
    pub actual: Option<u64>,
    pub expected: Option<u64>,
    pub message: String,
    pub fix: Option<Fix>,
    /// The position in `Report::verified` of the mark that answers this finding (已核实): it is then not counted
    /// among the open findings.
    pub verified: Option<usize>,
}

impl Diagnostic {
    /// A finding no rule made, at a place, involving no cells and no values until told otherwise.
    fn new(severity: Severity, place: Place, message: String) -> Diagnostic {
        Diagnostic {
            severity,
            rule: None,
            place,
            cells: Vec::new(),
            actual: None,
            expected: None,
            message,
            fix: None,
            verified: None,
        }
    }

    fn by_rule(self, rule: usize) -> Diagnostic {
        Diagnostic {
            rule: Some(rule),
            ..self
        }
    }

    fn involving(self, cells: Vec<CellIndex>) -> Diagnostic {
        Diagnostic { cells, ..self }
    }

    fn values(self, actual: Option<u64>, expected: Option<u64>) -> Diagnostic {
        Diagnostic {
            actual,
            expected,
            ..self
        }
    }

    fn fixed_by(self, fix: Option<Fix>) -> Diagnostic {
        Diagnostic { fix, ..self }
    }
}

/// The live sum of a breakdown's parts, shown beside its total.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartsSum {
    pub total: CellIndex,
    pub sum: u64,
    pub parts: usize,
    /// Parts left blank, counted as 0 in `sum`.
    pub blank_parts: usize,
    /// Parts whose text is not a valid number, left out of `sum`.
    pub invalid_parts: usize,
}

/// Everything the checker found in one pass.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Findings {
    pub sums: Vec<PartsSum>,
    pub diagnostics: Vec<Diagnostic>,
    /// Positions in `Report::verified` of marks that answer no finding any more: the figures they answered
    /// changed (or the finding went). The editor drops them from the report.
    pub stale: Vec<usize>,
}

impl Findings {
    /// How many open findings (not marked 已核实) of this severity there are.
    pub fn count(&self, severity: Severity) -> usize {
        self.open().filter(|d| d.severity == severity).count()
    }

    /// The findings not marked 已核实.
    pub fn open(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.verified.is_none())
    }

    /// The findings marked 已核实.
    pub fn answered(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.verified.is_some())
    }

    pub fn sum_for(&self, total: CellIndex) -> Option<&PartsSum> {
        self.sums.iter().find(|s| s.total == total)
    }

    /// How many findings of each severity there are.
    pub fn counts(&self) -> Counts {
        Counts {
            errors: self.count(Severity::Error),
            warnings: self.count(Severity::Warning),
            notes: self.count(Severity::Note),
            verified: self.answered().count(),
        }
    }

    /// Diagnostics shown at a place.
    pub fn at(&self, place: Place) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(move |d| d.place == place)
    }

    /// Diagnostics shown at a cell.
    pub fn for_cell(&self, cell: CellIndex) -> impl Iterator<Item = &Diagnostic> {
        self.at(Place::Cell(cell))
    }
}

/// The kind of unit among a `deadline` rule's `kinds`: as the 机关类别 field says, or the one its name suggests
/// (and whether it was guessed).
fn unit_kind<'k>(
    template: &Template,
    report: &Report,
    kinds: &'k [UnitKind],
) -> Option<(&'k UnitKind, bool)> {
    let typed = report
        .known_field(template, KnownField::UnitKind)
        .map(str::trim)
        .filter(|t| !t.is_empty());
    if let Some(typed) = typed {
        return kinds
            .iter()
            .find(|k| typed.contains(k.label.as_str()))
            .map(|k| (k, false));
    }
    let unit = report.unit_name(template);
    let by_name = kinds.iter().find(|k| k.suggested_by(unit));
    by_name.or(kinds.last()).map(|k| (k, true))
}

/// A report's legal deadline, by its template's `deadline` rule: the day, and the kind of unit it is due for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub due: dates::Date,
    /// The kind's label (人民政府, 政府部门, 行政机关), as the template names it.
    pub kind: String,
    /// Whether the kind was guessed from the unit's name (the 机关类别 field is blank or absent).
    pub guessed: bool,
}

/// The deadline of a report of `year` by its template's `deadline` rule (none without such a rule, or a kind).
pub fn deadline(template: &Template, report: &Report, year: u16) -> Option<Deadline> {
    template.rules.iter().find_map(|rule| match rule {
        Rule::Deadline { kinds, .. } => {
            let (kind, guessed) = unit_kind(template, report, kinds)?;
            Some(Deadline {
                due: dates::Date {
                    year: year.checked_add(1)?,
                    month: kind.month,
                    day: kind.day,
                },
                kind: kind.label.clone(),
                guessed,
            })
        }
        _ => None,
    })
}

/// How many findings of each severity a report has: the one shape the command line and the portal protocol
/// both report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Open findings of each severity (not marked 已核实).
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    /// Warnings and notes marked 已核实, counted apart.
    pub verified: usize,
}

/// Last year's report, for the rules that compare years.
#[derive(Clone, Copy)]
pub struct Previous<'a> {
    pub template: &'a Template,
    pub report: &'a Report,
}

/// Checks every rule of the template against the report.
pub fn check(template: &Template, report: &Report) -> Findings {
    check_with_previous(template, report, None)
}

/// Checks every rule, including those comparing with last year's report when it is given.
pub fn check_with_previous(
    template: &Template,
    report: &Report,
    previous: Option<Previous>,
) -> Findings {
    let mut checker = Checker {
        template,
        report,
        previous,
        findings: Findings::default(),
    };
    checker.inputs();
    for (n, rule) in template.rules.iter().enumerate() {
        checker.rule(n, rule);
    }
    checker.completeness();
    let mut findings = checker.findings;
    verified::apply(template, report, previous.is_some(), &mut findings);
    findings
}

struct Checker<'a> {
    template: &'a Template,
    report: &'a Report,
    previous: Option<Previous<'a>>,
    findings: Findings,
}

/// The sum of some cells: blanks count as 0 (and are counted), an invalid cell makes the sum unknown.
struct Sum {
    value: u64,
    blanks: usize,
    invalid: usize,
}

impl Checker<'_> {
    fn value(&self, cell: CellIndex) -> Result<Option<u64>, &ParseError> {
        self.report.cell(cell).value.as_ref().map(|v| *v)
    }

    fn sum(&self, cells: &[CellIndex]) -> Sum {
        let mut sum = Sum {
            value: 0,
            blanks: 0,
            invalid: 0,
        };
        for &cell in cells {
            match self.report.cell(cell).value {
                Ok(Some(v)) => sum.value += v,
                Ok(None) => sum.blanks += 1,
                Err(_) => sum.invalid += 1,
            }
        }
        sum
    }

    fn show(&self, cell: CellIndex, value: u64) -> String {
        format(self.template.cell(cell).kind, value)
    }

    fn label(&self, cell: CellIndex) -> String {
        label(self.template, cell)
    }

    /// A cell's short name in the middle of a sentence, by the row's number: “（七）总计（自然人）”.
    fn quoted(&self, cell: CellIndex) -> String {
        format!("“{}”", short_label(self.template, cell))
    }

    /// A cell's full name in the middle of a sentence, for messages shown away from the table: “一、主动公开信息数”.
    fn quoted_in_full(&self, cell: CellIndex) -> String {
        format!("“{}”", self.label(cell))
    }

    fn fix(&self, cell: CellIndex, value: u64) -> Fix {
        let (name, value_text) = (self.quoted(cell), self.show(cell, value));
        let label = match self.report.cell(cell).raw.trim().is_empty() {
            true => format!("在{name}填入 {value_text}"),
            false => format!("将{name}改为 {value_text}"),
        };
        Fix { cell, value, label }
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        self.findings.diagnostics.push(diagnostic);
    }

    /// Cells whose text is not a number, and header fields that are not what they claim to be.
    fn inputs(&mut self) {
        for (index, entry) in self.template.cell_indices().zip(self.report.cells()) {
            if entry.value.is_err() && is_dash(&entry.raw) {
                let message = format!(
                    "{}：填的是“{}”，视为未填写；没有发生的请填 0",
                    self.label(index),
                    entry.raw.trim()
                );
                let fix = self.fix(index, 0);
                self.push(
                    Diagnostic::new(Severity::Warning, Place::Cell(index), message)
                        .involving(vec![index])
                        .fixed_by(Some(fix)),
                );
            } else if let Err(error) = &entry.value {
                let message = format!(
                    "{}：{}（填写的是“{}”）",
                    self.label(index),
                    error,
                    excerpt(&entry.raw)
                );
                // "12件": the figure without its unit, one click away.
                let kind = self.template.cell(index).kind;
                let fix = crate::model::number::without_unit(kind, &entry.raw).map(|value| Fix {
                    cell: index,
                    value,
                    label: format!("改为 {}", format(kind, value)),
                });
                self.push(
                    Diagnostic::new(Severity::Error, Place::Cell(index), message)
                        .involving(vec![index])
                        .fixed_by(fix),
                );
            }
        }
        for (index, field) in self.template.indexed_fields() {
            let text = self.report.field(index).trim();
            if let Some(problem) = field_problem(field, text) {
                let message = format!("{}：{problem}", field.label);
                self.remark(Severity::Warning, Place::Field(index), vec![], message);
            }
        }
    }

    fn rule(&mut self, n: usize, rule: &CheckedRule) {
        match rule {
            Rule::SumEquals { total, parts } => self.breakdown(n, *total, parts, true),
            Rule::PartsAtMost { total, parts } => self.breakdown(n, *total, parts, false),
            Rule::AtMost {
                left,
                right,
                severity,
            } => self.at_most(n, *left, *right, *severity),
            Rule::Balance { left, right, fix } => self.balance(n, left, right, *fix),
            Rule::PreviousEquals {
                cell,
                previous,
                severity,
            } => self.previous_balance(n, *cell, *previous, &[], &[], *severity),
            Rule::PreviousBalance {
                cell,
                previous,
                plus,
                minus,
                severity,
            } => self.previous_balance(n, *cell, *previous, plus, minus, *severity),
            Rule::NarrativeFigure {
                section,
                names,
                cells,
                also,
                scope,
                unit,
                severity,
            } => self.narrative_figure(n, *section, names, cells, also, scope, unit, *severity),
            Rule::NarrativeBreakdown {
                section,
                names,
                unit,
                severity,
            } => self.narrative_breakdown(n, *section, names, unit, *severity),
            Rule::Mentions {
                section,
                groups,
                severity,
            } => self.mentions(n, *section, groups, *severity),
            Rule::Stale {
                sections,
                words,
                why,
                severity,
            } => self.stale(n, sections, words, why, *severity),
            Rule::FigureMentions {
                cell,
                section,
                words,
                what,
                severity,
            } => self.figure_mentions(n, *cell, *section, words, what, *severity),
            Rule::PreviousRatio {
                cell,
                factor,
                min_difference,
                severity,
            } => self.previous_ratio(n, *cell, *factor, *min_difference, *severity),
            Rule::Deadline { kinds, severity } => self.deadline(n, kinds, *severity),
            Rule::ReportYears { names } => self.report_years(n, names),
            Rule::MoneyUnit {
                section,
                names,
                units,
                severity,
            } => self.money_unit(n, *section, names, units, *severity),
            Rule::SameUnit {
                sections,
                markers,
                leads,
                skip,
                names,
                severity,
            } => self.same_unit(n, sections, (markers, leads, skip), names, *severity),
            Rule::PreviousOverlap {
                sections,
                n: size,
                min_chars,
                note_percent,
                warn_percent,
            } => {
                self.previous_overlap(n, sections, *size, *min_chars, *note_percent, *warn_percent)
            }
        }
    }

    /// A cell's value when another rule determines it: it is the total of a complete breakdown whose parts are all
    /// filled (a row's 总计 from its own columns).
    fn determined(&self, cell: CellIndex) -> Option<u64> {
        self.template.rules.iter().find_map(|rule| match rule {
            Rule::SumEquals { total, parts } if *total == cell => {
                let sum = self.sum(parts);
                (sum.blanks == 0 && sum.invalid == 0).then_some(sum.value)
            }
            _ => None,
        })
    }

    /// The blank cells among some, in order.
    fn blanks(&self, cells: &[CellIndex]) -> Vec<CellIndex> {
        cells
            .iter()
            .copied()
            .filter(|&c| matches!(self.report.cell(c).value, Ok(None)))
            .collect()
    }

    /// For a finding over blank cells: the words saying which are blank and, when another identity determines some
    /// of them, that they can be filled from it, with the fix for the first.
    fn blank_parts(&self, common: Common, blanks: &[CellIndex]) -> (String, Option<Fix>) {
        let mut words = format!("{}尚未填写", common.some(self.template, blanks));
        let determined: Vec<(CellIndex, u64)> = blanks
            .iter()
            .filter_map(|&c| Some((c, self.determined(c)?)))
            .collect();
        let fix = determined.first().map(|&(c, v)| self.fix(c, v));
        if !determined.is_empty() {
            let cells: Vec<CellIndex> = determined.iter().map(|&(c, _)| c).collect();
            words.push_str(&format!(
                "；其中{}可按所在行各列之和填写",
                common.some(self.template, &cells)
            ));
        }
        (words, fix)
    }

    /// A breakdown: `complete` when the parts make up the total (sum_equals), else an "of which" (parts_at_most).
    /// Blank is not zero: a fix is offered only when every cell it depends on is filled; a breakdown with blanks is
    /// "not yet complete" (a note saying which are blank), an error only when what is filled already exceeds the
    /// total; a total whose parts are all blank waits, unless another identity can fill them, and so does a blank
    /// total over parts not all filled.
    fn breakdown(&mut self, n: usize, total: CellIndex, parts: &[CellIndex], complete: bool) {
        let sum = self.sum(parts);
        self.findings.sums.push(PartsSum {
            total,
            sum: sum.value,
            parts: parts.len(),
            blank_parts: sum.blanks,
            invalid_parts: sum.invalid,
        });
        let Ok(total_value) = self.value(total) else {
            return;
        };
        if sum.invalid > 0 || (sum.blanks == parts.len() && total_value.is_none()) {
            return;
        }
        if total_value == Some(sum.value) {
            // With blanks too: they can only be zeros, which the table's completeness note asks for.
            return;
        }
        let mut cells = vec![total];
        cells.extend(parts);
        let common = Common::of(self.template, &cells);
        let lead = common.lead(self.template);
        let name = common.name(self.template, total);
        let of_parts = match common {
            Common::Row(..) => format!("{}之和", common.names(self.template, parts, "、")),
            _ => format!("其中{}之和", common.names(self.template, parts, "、")),
        };
        let s = self.show(total, sum.value);
        let blanks = self.blanks(parts);
        let (severity, message, fix) = match total_value {
            None if blanks.is_empty() => (
                Severity::Note,
                format!("{lead}{name}尚未填写，按{of_parts}应为 {s}"),
                Some(self.fix(total, sum.value)),
            ),
            // Blank total, blank parts: the writer is filling the table; the live sum beside the total and the
            // table's completeness note say enough.
            None => return,
            Some(t) if sum.value > t => {
                let (t, d) = (self.show(total, t), self.show(total, sum.value - t));
                let message = match blanks.is_empty() {
                    true => format!("{lead}{of_parts} {s} 超过了{name}的 {t}，多出 {d}"),
                    false => format!(
                        "{lead}已填写的{of_parts} {s} 已超过{name}的 {t}，多出 {d}（另有 {} 格未填写）",
                        blanks.len()
                    ),
                };
                let fix = blanks.is_empty().then(|| self.fix(total, sum.value));
                (Severity::Error, message, fix)
            }
            Some(t) if !blanks.is_empty() => {
                if sum.blanks == parts.len()
                    && !blanks.iter().any(|&c| self.determined(c).is_some())
                {
                    // Nothing of the breakdown is filled yet and nothing can fill it: wait for the writer.
                    return;
                }
                let (which, fix) = self.blank_parts(common, &blanks);
                let t = self.show(total, t);
                let message = format!(
                    "{lead}{name}为 {t}，已填写的{of_parts}为 {s}；{which}，填完后再核对（尚未填完）"
                );
                (Severity::Note, message, fix)
            }
            Some(t) if complete => {
                let (t, d) = (self.show(total, t), self.show(total, t - sum.value));
                (
                    Severity::Error,
                    format!("{lead}{name}为 {t}，但{of_parts}为 {s}，少了 {d}"),
                    Some(self.fix(total, sum.value)),
                )
            }
            Some(t) => {
                let (t, d) = (self.show(total, t), self.show(total, t - sum.value));
                let message =
                    format!("{lead}{of_parts} {s} 比{name}的 {t} 少 {d}，请确认是否有未列出的类别");
                (Severity::Note, message, None)
            }
        };
        self.push(
            Diagnostic::new(severity, Place::Cell(total), message)
                .by_rule(n)
                .involving(cells)
                .values(total_value, Some(sum.value))
                .fixed_by(fix),
        );
    }

    fn at_most(&mut self, n: usize, left: CellIndex, right: CellIndex, severity: Severity) {
        let (Ok(Some(l)), Ok(Some(r))) = (self.value(left), self.value(right)) else {
            return;
        };
        if l <= r {
            return;
        }
        let message = format!(
            "{}（{}）不应大于{}（{}），多出 {}",
            self.quoted(left),
            self.show(left, l),
            self.quoted(right),
            self.show(right, r),
            self.show(left, l - r)
        );
        self.push(
            Diagnostic::new(severity, Place::Cell(left), message)
                .by_rule(n)
                .involving(vec![left, right])
                .values(Some(l), Some(r)),
        );
    }

    /// Two sums that must be equal (一 + 二 = （七）总计 + 四). With blanks: a side entirely blank, or blanks on both
    /// sides, waits; blanks on one side are "not yet complete" (a note saying which), an error only when what is
    /// filled on that side already exceeds the other; the fix cell, when it is the only blank, is offered filled.
    fn balance(
        &mut self,
        n: usize,
        left: &[CellIndex],
        right: &[CellIndex],
        fix: Option<CellIndex>,
    ) {
        let (l, r) = (self.sum(left), self.sum(right));
        if l.invalid + r.invalid > 0 || (l.blanks == 0 && r.blanks == 0 && l.value == r.value) {
            return;
        }
        let fix_blank = fix.filter(|&c| matches!(self.report.cell(c).value, Ok(None)));
        let only_fix_blank = fix_blank.is_some() && l.blanks + r.blanks == 1;
        let side_blank = |sum: &Sum, cells: &[CellIndex]| sum.blanks == cells.len();
        if !only_fix_blank
            && ((l.blanks > 0 && r.blanks > 0) || side_blank(&l, left) || side_blank(&r, right))
        {
            return;
        }
        let mut all = left.to_vec();
        all.extend(right);
        let common = Common::of(self.template, &all);
        let lead = common.lead(self.template);
        let first = left[0];
        let names = |cells: &[CellIndex]| common.names(self.template, cells, " + ");
        let (ls, rs) = (self.show(first, l.value), self.show(first, r.value));
        let difference = self.show(first, l.value.abs_diff(r.value));
        // The fix cell absorbs the difference on its own side, when that leaves it non-negative.
        let target = fix.and_then(|cell| {
            let current = self.value(cell).ok()?.unwrap_or(0);
            let (own, other) = if left.contains(&cell) {
                (&l, &r)
            } else {
                (&r, &l)
            };
            (other.value + current).checked_sub(own.value)
        });
        let (severity, message, fixed) = if let (true, Some(target)) = (only_fix_blank, target) {
            let cell = fix_blank.expect("only the fix cell is blank");
            let message = format!(
                "{lead}{}尚未填写，按{}应等于{}，应为 {}",
                common.name(self.template, cell),
                names(left),
                names(right),
                self.show(cell, target)
            );
            (Severity::Note, message, Some(self.fix(cell, target)))
        } else if l.blanks + r.blanks > 0 {
            // One side is complete; the other has blanks, which can only add to it.
            let (open, open_sum, full, full_sum) = match l.blanks > 0 {
                true => (left, &l, right, &r),
                false => (right, &r, left, &l),
            };
            let blanks = self.blanks(open);
            let which = common.some(self.template, &blanks);
            let (o, f) = (
                self.show(first, open_sum.value),
                self.show(first, full_sum.value),
            );
            if open_sum.value > full_sum.value {
                let message = format!(
                    "{lead}已填写的{} {o} 已超过{} {f}，多出 {difference}（{which}尚未填写）",
                    names(open),
                    names(full)
                );
                (Severity::Error, message, None)
            } else if open_sum.value == full_sum.value {
                return;
            } else {
                let message = format!(
                    "{lead}{}应等于{}（{f}），已填写的为 {o}；{which}尚未填写，填完后再核对（尚未填完）",
                    names(open),
                    names(full)
                );
                (Severity::Note, message, None)
            }
        } else {
            let message = format!(
                "{lead}{}（{ls}）应等于{}（{rs}），相差 {difference}",
                names(left),
                names(right)
            );
            (
                Severity::Error,
                message,
                target.map(|t| self.fix(fix.expect("target"), t)),
            )
        };
        let place = Place::Cell(fix.unwrap_or(first));
        let mut cells: Vec<CellIndex> = fix.into_iter().collect();
        cells.extend(left.iter().chain(right).filter(|c| Some(**c) != fix));
        self.push(
            Diagnostic::new(severity, place, message)
                .by_rule(n)
                .involving(cells)
                .values(Some(l.value), Some(r.value))
                .fixed_by(fixed),
        );
    }

    fn previous_balance(
        &mut self,
        n: usize,
        cell: CellIndex,
        previous_cell: CellIndex,
        plus: &[CellIndex],
        minus: &[CellIndex],
        severity: Severity,
    ) {
        let Some(previous) = self.previous else {
            return;
        };
        let same_template = previous.template.id == self.template.id;
        let last_year_index = match same_template {
            true => Some(previous_cell),
            false => previous
                .template
                .index_of(&self.template.cell(previous_cell).id),
        };
        let Some(Ok(Some(last_year))) =
            last_year_index.map(|i| previous.report.cell(i).value.clone())
        else {
            return;
        };
        let (added, removed) = (self.sum(plus), self.sum(minus));
        let Ok(Some(this_year)) = self.value(cell) else {
            return;
        };
        if added.invalid + removed.invalid > 0 {
            return;
        }
        let expected = (last_year + added.value).checked_sub(removed.value);
        if expected == Some(this_year) {
            return;
        }
        let name = self.quoted(cell);
        let last = self.show(cell, last_year);
        let Some(expected) = expected else {
            let message = format!(
                "本年减少 {} 超过了上年{}的 {last} 与本年增加 {} 之和，请核实",
                self.show(cell, removed.value),
                self.quoted(previous_cell),
                self.show(cell, added.value)
            );
            let mut cells = vec![cell];
            cells.extend(minus);
            self.push(
                Diagnostic::new(severity, Place::Cell(cell), message)
                    .by_rule(n)
                    .involving(cells)
                    .values(Some(this_year), None),
            );
            return;
        };
        let message = if plus.is_empty() && minus.is_empty() {
            format!(
                "{name}为 {}，但上年报告中{}为 {last}",
                self.show(cell, this_year),
                self.quoted(previous_cell)
            )
        } else {
            format!(
                "{name}为 {}，按上年 {last} 加本年增加 {}、减本年减少 {} 推算应为 {}",
                self.show(cell, this_year),
                self.show(cell, added.value),
                self.show(cell, removed.value),
                self.show(cell, expected)
            )
        };
        let fix = self.fix(cell, expected);
        self.push(
            Diagnostic::new(severity, Place::Cell(cell), message)
                .by_rule(n)
                .involving(vec![cell])
                .values(Some(this_year), Some(expected))
                .fixed_by(Some(fix)),
        );
    }

    /// The name of a figure or a sum of figures for a message read away from the table: the cell's full name, or
    /// the group by its first and last rows' short names, under the table's title.
    fn sum_name(&self, cells: &[CellIndex]) -> String {
        if let [cell] = cells {
            return self.quoted_in_full(*cell);
        }
        let common = Common::of(self.template, cells);
        let table = &self
            .template
            .table(self.template.cell(cells[0]).table)
            .title;
        let lead = common.lead(self.template);
        let lead = lead.trim_end_matches('：');
        format!(
            "“{table}”{lead}{}之和",
            common.names(self.template, cells, "、")
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn narrative_figure(
        &mut self,
        n: usize,
        section: SectionIndex,
        names: &[String],
        cells: &[CellIndex],
        also: &[CellIndex],
        scope: &[String],
        unit: &str,
        severity: Severity,
    ) {
        let sum = self.sum(cells);
        if sum.invalid > 0 || sum.blanks > 0 {
            return;
        }
        let value = sum.value;
        let also_sum = self.sum(also);
        let also_value =
            (!also.is_empty() && also_sum.invalid + also_sum.blanks == 0).then_some(also_sum.value);
        let text = self.report.section(section);
        let title = &self.template.section(section).title;
        let shown = self.show(cells[0], value);
        let stamp = self.report.section_stamp(section);
        let found = narrative::cache::get(stamp, ("figure", names, unit), || {
            narrative::figures_after_names(text, names, unit)
                .into_iter()
                .map(|f| (f, Vec::new()))
                .collect()
        });
        for (figure, _) in found.iter() {
            let same = match figure.approximate {
                true => value >= figure.value,
                false => value == figure.value,
            };
            if same {
                continue;
            }
            let quote = figure.quote(text);
            let what = self.sum_name(cells);
            let clause = narrative::clause(text, figure.start, figure.end);
            let (severity, message) = if also_value == Some(figure.value) {
                let message = format!(
                    "“{title}”中写到“{quote}”，与统计表中{}之和（{}）相同，而{what}为 {shown}：请在文中写明这是否包括上年结转的申请",
                    also.iter().map(|&c| self.quoted_in_full(c)).collect::<Vec<_>>().join("与"),
                    figure.value,
                );
                (Severity::Note, message)
            } else if let Some(word) = scope.iter().find(|w| clause.contains(w.as_str())) {
                let message = format!(
                    "“{title}”中写到“{quote}”，而统计表中{what}为 {shown}；文中有“{word}”，可能是另一口径，请确认"
                );
                (Severity::Note, message)
            } else {
                let message = format!(
                    "“{title}”中写到“{quote}”，而统计表中{what}为 {shown}，请核实两处口径是否一致"
                );
                (severity, message)
            };
            self.push(
                Diagnostic::new(severity, Place::Section(section), message)
                    .by_rule(n)
                    .involving(cells.to_vec())
                    .values(Some(figure.value), Some(value)),
            );
        }
    }

    /// A section that does not say one of the things it must (问题 but no 改进).
    fn mentions(
        &mut self,
        n: usize,
        section: SectionIndex,
        groups: &[crate::model::WordGroup],
        severity: Severity,
    ) {
        let text = self.report.section(section);
        let stamp = self.report.section_stamp(section);
        // Which groups the text lacks, read once per text version (a keystroke elsewhere reads no text).
        let absent = narrative::cache::spans(stamp, ("mentions", n), || {
            if text.trim().is_empty() {
                return Vec::new();
            }
            (0..groups.len())
                .filter(|&g| !groups[g].words.iter().any(|w| text.contains(w.as_str())))
                .map(|g| [g as u64, 0, 0, 0])
                .collect()
        });
        if absent.is_empty() {
            return;
        }
        let missing: Vec<&str> = absent
            .iter()
            .map(|&[g, ..]| groups[g as usize].label.as_str())
            .collect();
        let title = &self.template.section(section).title;
        let message = format!("“{title}”没有写到{}，请补充", missing.join("和"));
        self.push(Diagnostic::new(severity, Place::Section(section), message).by_rule(n));
    }

    /// Words of another format left in the sections: once per section, quoting the first found.
    fn stale(
        &mut self,
        n: usize,
        sections: &[SectionIndex],
        words: &[String],
        why: &str,
        severity: Severity,
    ) {
        for &section in sections {
            let text = self.report.section(section);
            let stamp = self.report.section_stamp(section);
            let found = narrative::cache::spans(stamp, ("stale", words), || {
                words
                    .iter()
                    .position(|w| text.contains(w.as_str()))
                    .map(|i| [i as u64, 0, 0, 0])
                    .into_iter()
                    .collect()
            });
            let Some(word) = found.first().map(|f| &words[f[0] as usize]) else {
                continue;
            };
            let title = &self.template.section(section).title;
            let message = format!("“{title}”中有“{word}”：{why}");
            self.push(Diagnostic::new(severity, Place::Section(section), message).by_rule(n));
        }
    }

    /// A figure above zero whose section must explain it.
    fn figure_mentions(
        &mut self,
        n: usize,
        cell: CellIndex,
        section: SectionIndex,
        words: &[String],
        what: &str,
        severity: Severity,
    ) {
        let Ok(Some(value)) = self.value(cell) else {
            return;
        };
        let text = self.report.section(section);
        if value == 0 || words.iter().any(|w| text.contains(w.as_str())) {
            return;
        }
        let title = &self.template.section(section).title;
        let message = format!(
            "统计表中{}为 {}，{what}，但“{title}”没有写到“{}”",
            self.quoted_in_full(cell),
            self.show(cell, value),
            words[0]
        );
        self.push(
            Diagnostic::new(severity, Place::Section(section), message)
                .by_rule(n)
                .involving(vec![cell])
                .values(Some(value), None),
        );
    }

    /// The kind of unit: as the 机关类别 field says, or the one its name suggests (and whether it was guessed).
    fn unit_kind<'k>(&self, kinds: &'k [UnitKind]) -> Option<(&'k UnitKind, bool)> {
        unit_kind(self.template, self.report, kinds)
    }

    fn deadline(&mut self, n: usize, kinds: &[UnitKind], severity: Severity) {
        let Some(year) = self.report.year(self.template) else {
            return;
        };
        let Some(field) = self.template.known_field(KnownField::PublishDate) else {
            return;
        };
        // The 机关类别 field, when the template has one: blank or unknown is worth a word.
        if let Some(kind_field) = self.template.known_field(KnownField::UnitKind) {
            let typed = self.report.field(kind_field).trim();
            let known = kinds.iter().any(|k| typed.contains(k.label.as_str()));
            if !known {
                let labels: Vec<&str> = kinds.iter().map(|k| k.label.as_str()).collect();
                let likely = self
                    .unit_kind(kinds)
                    .map(|(k, _)| k.label.as_str())
                    .unwrap_or("");
                let unit = self.report.unit_name(self.template);
                let label = &self.template.field(kind_field).label;
                let message = match (typed.is_empty(), unit.is_empty()) {
                    (true, false) => format!(
                        "{label}尚未填写：按单位名称“{}”，应是“{likely}”（可填：{}）",
                        excerpt(unit),
                        labels.join("、")
                    ),
                    (true, true) => format!("{label}尚未填写（可填：{}）", labels.join("、")),
                    (false, _) => format!("{label}应填写{}之一", labels.join("、")),
                };
                self.push(
                    Diagnostic::new(Severity::Note, Place::Field(kind_field), message).by_rule(n),
                );
            }
        }
        let Some((kind, _)) = self.unit_kind(kinds) else {
            return;
        };
        let due = dates::Date {
            year: year + 1,
            month: kind.month,
            day: kind.day,
        };
        let due_text = format!("{}年{}月{}日", due.year, due.month, due.day);
        // Without a publication date, the date under the signature (the old format's way of dating a report).
        let signature = self.template.known_field(KnownField::SignatureDate);
        let field = match (self.report.field(field).trim().is_empty(), signature) {
            (true, Some(s)) if !self.report.field(s).trim().is_empty() => s,
            _ => field,
        };
        let text = self.report.field(field).trim();
        let label = &self.template.field(field).label;
        let (severity, message) = match dates::parse(text) {
            None if text.is_empty() => (
                severity,
                format!("{label}尚未填写：{}应在 {due_text}前公布本报告（《条例》第四十九条）", kind.label),
            ),
            // Not a date at all: the field's own check says so.
            None => return,
            // A signature date in a wrong year is the `report_years` rule's finding.
            Some(date) if date.year != year + 1 && Some(field) == signature => return,
            Some(date) if date.year != year + 1 => (
                Severity::Error,
                format!(
                    "{label}“{text}”的年份不对：{year}年度的报告应在 {} 年公布（{due_text}前）",
                    year + 1
                ),
            ),
            Some(date) if date > due => (
                severity,
                format!(
                    "{label}“{text}”晚于法定期限：{}应在 {due_text}前公布上一年度的报告（《条例》第四十九条）",
                    kind.label
                ),
            ),
            Some(_) => return,
        };
        self.push(Diagnostic::new(severity, Place::Field(field), message).by_rule(n));
    }

    /// Years where only the report's year belongs: the 统计期限 sentence, the signature and fill-in dates.
    fn report_years(&mut self, n: usize, names: &[String]) {
        let Some(year) = self.report.year(self.template) else {
            return;
        };
        for (section, info) in self.template.indexed_sections() {
            let text = self.report.section(section);
            let stamp = self.report.section_stamp(section);
            // The 统计期限 sentence with a wrong year, read once per text version and report year.
            let wrong = narrative::cache::spans(stamp, ("report_years", n, year), || {
                names
                    .iter()
                    .find_map(|name| {
                        let start = text.find(name.as_str())?;
                        let rest = &text[start..];
                        let end = start + rest.find('。').unwrap_or(rest.len());
                        let (found, ..) = dates::years(&text[start..end])
                            .into_iter()
                            .find(|(y, ..)| *y != year)?;
                        Some([u64::from(found), start as u64, end as u64, 0])
                    })
                    .into_iter()
                    .collect()
            });
            let Some(&[found, start, end, _]) = wrong.first() else {
                continue;
            };
            let (found, sentence) = (found as u16, &text[start as usize..end as usize]);
            let quote = crate::model::text::excerpt(sentence);
            let message = format!(
                "“{}”中写到“{quote}”：统计期限应为 {year}年1月1日至{year}年12月31日，文中的 {found}年 应为 {year}年",
                info.title
            );
            self.push(
                Diagnostic::new(Severity::Error, Place::Section(section), message)
                    .by_rule(n)
                    .values(Some(u64::from(found)), Some(u64::from(year))),
            );
        }
        for known in [KnownField::SignatureDate, KnownField::FillDate] {
            let Some(field) = self.template.known_field(known) else {
                continue;
            };
            let text = self.report.field(field).trim();
            let Some(date) = dates::parse(text) else {
                continue;
            };
            if date.year == year || date.year == year + 1 {
                continue;
            }
            let label = &self.template.field(field).label;
            let message = format!(
                "{label}“{text}”的年份不对：{year}年度的报告应落 {year} 年或 {} 年的日期",
                year + 1
            );
            self.push(
                Diagnostic::new(Severity::Error, Place::Field(field), message)
                    .by_rule(n)
                    .values(Some(u64::from(date.year)), Some(u64::from(year))),
            );
        }
    }

    /// The title as the text restates it names the header's unit and the report's year; the unit's full name where
    /// the text names the unit writing, and the signature, are the header's unit.
    fn same_unit(
        &mut self,
        n: usize,
        sections: &[SectionIndex],
        (markers, leads, skip): (&[String], &[String], &[String]),
        names: &UnitNames,
        severity: Severity,
    ) {
        let unit = self.report.unit_name(self.template);
        let year = self.report.year(self.template).map(u64::from);
        // The signature typed at the end of the last written section: a unit's name on the line above a date.
        let last = sections
            .iter()
            .rev()
            .find(|&&s| !self.report.section(s).trim().is_empty());
        let signed = last.and_then(|&s| Some((s, signature(self.report.section(s))?)));
        for &section in sections {
            let text = self.report.section(section);
            let title = &self.template.section(section).title;
            let stamp = self.report.section_stamp(section);
            let found = narrative::cache::spans(stamp, ("same_unit", markers, leads), || {
                narrative::restated_titles(text, markers, leads)
                    .into_iter()
                    .map(|(name, year, start, end)| {
                        [start as u64, (start + name.len()) as u64, year, end as u64]
                    })
                    .collect()
            });
            // Each other unit's name once per section.
            let mut told: Vec<&str> = Vec::new();
            for &[start, name_end, written_year, end] in found.iter() {
                let (start, name_end, end) = (start as usize, name_end as usize, end as usize);
                let name = &text[start..name_end];
                let quote = &text[start..end];
                // The year is the report's only where the title is this unit's own (its name, 我局, 本机关): a
                // bare 2021年…年度报告 in 五 is last year's report, cited.
                let own = name.starts_with(['我', '本'])
                    || (!unit.is_empty() && !name.is_empty() && unit::same(unit, name, names));
                if own && year.is_some_and(|y| y != written_year) {
                    let y = year.unwrap_or_default();
                    let message = format!(
                        "“{title}”中写到“{}”：本报告是 {y} 年度的，其中的 {written_year} 年应为 {y} 年",
                        excerpt(quote)
                    );
                    self.push(
                        Diagnostic::new(Severity::Error, Place::Section(section), message)
                            .by_rule(n)
                            .values(Some(written_year), year),
                    );
                }
                let comparable = name.chars().count() >= 4
                    && !unit.is_empty()
                    && !skip.iter().any(|w| name.contains(w.as_str()));
                if comparable && !unit::same(unit, name, names) {
                    told.push(name);
                    let message = format!(
                        "“{title}”中写到“{}”，而发布单位是“{}”：请核实是否同一单位（可能是从其他单位或往年的报告中复制的）",
                        excerpt(quote),
                        excerpt(unit)
                    );
                    self.push(
                        Diagnostic::new(severity, Place::Section(section), message).by_rule(n),
                    );
                }
            }
            if unit.is_empty() {
                continue;
            }
            // The unit writing, named in full: 2025年，长春市体育局…; 本报告由…编制; 请与…联系.
            let named = narrative::cache::spans(stamp, ("same_unit_named", names, skip), || {
                unit::named(text, names, skip)
                    .into_iter()
                    .map(|(start, end)| [start as u64, end as u64, 0, 0])
                    .collect()
            });
            // Each distinct name is compared once (a text names its unit in every other sentence).
            let mut compared: Vec<&str> = Vec::new();
            for &[start, end, ..] in named.iter() {
                let name = &text[start as usize..end as usize];
                if compared.contains(&name) {
                    continue;
                }
                compared.push(name);
                let signature = signed.is_some_and(|(s, signed)| s == section && signed == name);
                // A name already told, or written shorter (章丘区文化和旅游局 after 济南市章丘区文化和旅游局), once.
                let told_before = told.iter().any(|t| unit::same(t, name, names));
                if signature || told_before || unit::same(unit, name, names) {
                    continue;
                }
                told.push(name);
                let message = format!(
                    "“{title}”中写到“{}”，而发布单位是“{}”：请核实是否同一单位（可能是从其他单位的报告中复制的）",
                    excerpt(name),
                    excerpt(unit)
                );
                self.push(Diagnostic::new(severity, Place::Section(section), message).by_rule(n));
            }
        }
        let Some((section, name)) = signed.filter(|_| !unit.is_empty()) else {
            return;
        };
        let comparable =
            unit::is_name(name, names) && !skip.iter().any(|w| name.contains(w.as_str()));
        if comparable && !unit::same(unit, name, names) {
            let title = &self.template.section(section).title;
            let message = format!(
                "“{title}”末尾署名“{}”，而发布单位是“{}”：请核实是否同一单位（可能是从其他单位或往年的报告中复制的）",
                excerpt(name),
                excerpt(unit)
            );
            self.push(Diagnostic::new(severity, Place::Section(section), message).by_rule(n));
        }
    }

    /// Amounts of money in a section written without their unit.
    fn money_unit(
        &mut self,
        n: usize,
        section: SectionIndex,
        names: &[String],
        units: &str,
        severity: Severity,
    ) {
        let text = self.report.section(section);
        let title = &self.template.section(section).title;
        let stamp = self.report.section_stamp(section);
        let found = narrative::cache::spans(stamp, ("money_unit", n), || {
            narrative::amounts_without_unit(text, names, units)
                .into_iter()
                .map(|(start, end)| [start as u64, end as u64, 0, 0])
                .collect()
        });
        for &[start, end, ..] in found.iter() {
            let (start, end) = (start as usize, end as usize);
            let message = format!(
                "“{title}”中写到“{}”，金额后没有单位：请写明{}",
                &text[start..end],
                units.split('|').collect::<Vec<_>>().join("或")
            );
            self.push(Diagnostic::new(severity, Place::Section(section), message).by_rule(n));
        }
    }

    /// How much of each section is last year's text: a note from `note_percent`, a warning from `warn_percent`.
    fn previous_overlap(
        &mut self,
        n: usize,
        sections: &[SectionIndex],
        size: usize,
        min_chars: usize,
        note_percent: u8,
        warn_percent: u8,
    ) {
        let Some(previous) = self.previous else {
            return;
        };
        for &section in sections {
            let info = self.template.section(section);
            let last_index = match previous.template.id == self.template.id {
                true => Some(section),
                false => previous.template.section_index(&info.id),
            };
            let Some(last_index) = last_index else {
                continue;
            };
            let text = self.report.section(section);
            let last = previous.report.section(last_index);
            let (percent, chars) = overlap::cached(
                (self.report.section_stamp(section), text),
                (previous.report.section_stamp(last_index), last),
                size,
            );
            if chars < min_chars || percent < note_percent {
                continue;
            }
            let (severity, advice) = match percent >= warn_percent {
                true => (
                    Severity::Warning,
                    "，请按本年度的实际工作重新撰写，不要与往年雷同",
                ),
                false => (Severity::Note, ""),
            };
            let message = format!(
                "“{}”约 {percent}% 的内容与上年报告的同一部分相同（按连续 {size} 个字比较）{advice}",
                info.title
            );
            self.push(
                Diagnostic::new(severity, Place::Section(section), message)
                    .by_rule(n)
                    .values(Some(u64::from(percent)), None),
            );
        }
    }

    /// Last year's value of a cell of this year's template, where last year's report has it.
    fn last_year(&self, cell: CellIndex) -> Option<u64> {
        let previous = self.previous?;
        let index = match previous.template.id == self.template.id {
            true => Some(cell),
            false => previous.template.index_of(&self.template.cell(cell).id),
        }?;
        previous.report.cell(index).value.clone().ok().flatten()
    }

    fn previous_ratio(
        &mut self,
        n: usize,
        cell: CellIndex,
        factor: u64,
        min_difference: u64,
        severity: Severity,
    ) {
        let (Some(last), Ok(Some(now))) = (self.last_year(cell), self.value(cell)) else {
            return;
        };
        if !large_change(last, now, factor, min_difference) {
            return;
        }
        let (l, t) = (self.show(cell, last), self.show(cell, now));
        let change = match now > last {
            true => "增加",
            false => "减少",
        };
        let ratio = match (now > last, last, now) {
            (true, 0, _) | (false, _, 0) => String::new(),
            (true, l, t) => format!("（约为上年的 {} 倍）", (t + l / 2) / l),
            (false, l, t) => format!("（约为上年的 1/{}）", (l + t / 2) / t),
        };
        let message = format!(
            "{}由上年的 {l} {change}到 {t}{ratio}，变化超过 {factor} 倍，请核实，并在报告中说明原因",
            self.quoted(cell)
        );
        self.push(
            Diagnostic::new(severity, Place::Cell(cell), message)
                .by_rule(n)
                .involving(vec![cell])
                .values(Some(now), Some(last)),
        );
    }

    fn narrative_breakdown(
        &mut self,
        n: usize,
        section: SectionIndex,
        names: &[String],
        unit: &str,
        severity: Severity,
    ) {
        let text = self.report.section(section);
        let stamp = self.report.section_stamp(section);
        let found = narrative::cache::get(stamp, ("breakdown", names, unit), || {
            narrative::breakdowns(text, names, unit)
        });
        for (total, items) in found.iter() {
            let sum: u64 = items.iter().map(|f| f.value).sum();
            if sum == total.value || total.approximate {
                continue;
            }
            let listed = items
                .iter()
                .map(|f| f.value.to_string())
                .collect::<Vec<_>>()
                .join(" + ");
            let title = &self.template.section(section).title;
            let message = format!(
                "“{title}”中写到“{}”，但其后列出的各项 {listed} = {sum}{unit}，与 {} 相差 {}",
                total.quote(text),
                total.value,
                total.value.abs_diff(sum)
            );
            self.push(
                Diagnostic::new(severity, Place::Section(section), message)
                    .by_rule(n)
                    .values(Some(total.value), Some(sum)),
            );
        }
    }

    /// A finding that no rule made: about what was typed, or what is not there yet.
    fn remark(&mut self, severity: Severity, place: Place, cells: Vec<CellIndex>, message: String) {
        self.push(Diagnostic::new(severity, place, message).involving(cells));
    }

    /// What is not filled in yet: blank is not zero, so say so, once per table, section and field.
    fn completeness(&mut self) {
        let fields = self.template.indexed_fields().map(|(index, field)| {
            let text = self.report.field(index);
            (field.required, text, Place::Field(index), &field.label)
        });
        let sections = self.template.indexed_sections().map(|(index, section)| {
            let text = self.report.section(index);
            (
                section.required,
                text,
                Place::Section(index),
                &section.title,
            )
        });
        let unfilled: Vec<(Place, String)> = fields
            .chain(sections)
            .filter(|(required, text, ..)| *required && text.trim().is_empty())
            .map(|(_, _, place, name)| (place, format!("“{name}”尚未填写")))
            .collect();
        for (place, message) in unfilled {
            self.remark(Severity::Note, place, vec![], message);
        }
        for (t, table) in self.template.indexed_tables() {
            let blank: Vec<CellIndex> = self
                .template
                .table_cells(t)
                .filter(|&c| {
                    self.template.cell(c).kind.is_numeric()
                        && self.report.cell(c).raw.trim().is_empty()
                })
                .collect();
            if !blank.is_empty() {
                let message = format!(
                    "“{}”还有 {} 格未填写（未填写的格在合计时按 0 计；确实为零请填 0）",
                    table.title,
                    blank.len()
                );
                self.remark(Severity::Note, Place::Table(t), blank, message);
            }
        }
    }
}

/// The signature at the end of a text: the name on the line above a last line that is only a date
/// (“湛江市人民政府地方志办公室” above “2024年1月20日”). A name is 4 to 40 characters with no sentence punctuation.
fn signature(text: &str) -> Option<&str> {
    let mut lines = text.lines().rev().map(str::trim).filter(|l| !l.is_empty());
    let date = lines.next()?;
    dates::parse(date)?;
    let name = lines.next()?;
    let chars = name.chars().count();
    let plain = !name.contains(['。', '，', '；', '：', ',', ';', ':', '、', '（', '(']);
    ((4..=40).contains(&chars) && plain).then_some(name)
}

/// Whether a cell holds only a dash or slash, as published tables write "nothing" ("/", "—", "－", "无").
fn is_dash(raw: &str) -> bool {
    let raw = raw.trim();
    !raw.is_empty() && (raw == "无" || raw.chars().all(|c| "/／\\-－—–─".contains(c)))
}

/// Why a field's text does not look like what the field asks for, if it does not.
fn field_problem(field: &Field, text: &str) -> Option<Cow<'static, str>> {
    if text.is_empty() {
        return None;
    }
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    match field.kind {
        FieldKind::Text => None,
        FieldKind::Year => match year::parse(text) {
            Ok(_) => None,
            Err(YearError::NotAYear(_)) => Some("请填写四位数字的年份，例如 2025".into()),
            Err(error) => Some(error.to_string().into()),
        },
        FieldKind::Date => (!text
            .chars()
            .any(|c| c.is_ascii_digit() || "〇○一二三四五六七八九十".contains(c)))
        .then_some("请填写日期，例如 2026年1月20日".into()),
        FieldKind::Email => {
            let ok = text
                .split_once('@')
                .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
            (!ok).then_some("电子邮箱格式不正确，例如 xxgk@example.gov.cn".into())
        }
        FieldKind::Phone => {
            let ok = text
                .chars()
                .all(|c| c.is_ascii_digit() || " -－()（）转".contains(c))
                && text.chars().filter(char::is_ascii_digit).count() >= 7;
            (!ok).then_some("电话号码应由数字组成，可含区号和“-”".into())
        }
        FieldKind::Url => (text.contains(char::is_whitespace) || !text.contains('.'))
            .then_some("网址格式不正确，例如 http://www.example.gov.cn".into()),
        FieldKind::Postcode => {
            (!digits(text) || text.len() != 6).then_some("邮政编码应为 6 位数字".into())
        }
    }
}

/// A cell's name in messages: the row label, with the column where the table has more than one.
pub fn label(template: &Template, index: CellIndex) -> String {
    let cell = template.cell(index);
    let row = template.row_path(cell.table, cell.row);
    match template.table(cell.table).columns.len() {
        1 => row,
        _ => format!("{row}（{}）", template.column_path(cell.table, cell.column)),
    }
}

/// The unit a cell is counted in, for display next to sums.
pub fn unit(template: &Template, index: CellIndex) -> &str {
    let cell = template.cell(index);
    template.table(cell.table).rows[cell.row]
        .unit
        .as_deref()
        .unwrap_or("")
}
