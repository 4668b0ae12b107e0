//! The rule engine: a template and a report in, the sums and diagnostics out. A pure function of both,
//! recomputed on every change, so it allocates only for what it reports.

mod narrative;

use crate::model::number::{format, ParseError};
use crate::model::template::{Field, FieldKind};
use crate::model::text::excerpt;
use crate::model::year::{self, YearError};
use crate::model::{
    CellIndex, CheckedRule, FieldIndex, Report, Rule, SectionIndex, Severity, TableIndex, Template,
};
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
}

impl Findings {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
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

/// How many findings of each severity a report has: the one shape the command line and the portal protocol
/// both report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
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
    checker.findings
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

    /// A cell's name in the middle of a sentence: “一、主动公开信息数”.
    fn quoted(&self, cell: CellIndex) -> String {
        format!("“{}”", self.label(cell))
    }

    fn fix(&self, cell: CellIndex, value: u64) -> Fix {
        let label = format!("将{}改为 {}", self.quoted(cell), self.show(cell, value));
        Fix { cell, value, label }
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        self.findings.diagnostics.push(diagnostic);
    }

    /// Cells whose text is not a number, and header fields that are not what they claim to be.
    fn inputs(&mut self) {
        for (index, entry) in self.template.cell_indices().zip(self.report.cells()) {
            if let Err(error) = &entry.value {
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
                cell,
                unit,
                severity,
            } => self.narrative_figure(n, *section, names, *cell, unit, *severity),
            Rule::NarrativeBreakdown {
                section,
                names,
                unit,
                severity,
            } => self.narrative_breakdown(n, *section, names, unit, *severity),
        }
    }

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
            return;
        }
        let name = self.quoted(total);
        let blanks = blank_note(sum.blanks);
        let s = self.show(total, sum.value);
        let (severity, message, fix) = match total_value {
            None => (
                Severity::Note,
                format!("{name}尚未填写，其中各项之和为 {s}{blanks}"),
                true,
            ),
            Some(t) if sum.value > t => {
                let (t, d) = (self.show(total, t), self.show(total, sum.value - t));
                (
                    Severity::Error,
                    format!("其中各项之和 {s} 超过了{name}的 {t}，多出 {d}{blanks}"),
                    true,
                )
            }
            Some(t) if complete => {
                let (t, d) = (self.show(total, t), self.show(total, t - sum.value));
                (
                    Severity::Error,
                    format!("{name}为 {t}，但其中各项之和为 {s}，少了 {d}{blanks}"),
                    true,
                )
            }
            Some(t) => {
                let (t, d) = (self.show(total, t), self.show(total, t - sum.value));
                let message = format!(
                    "其中各项之和 {s} 比{name}的 {t} 少 {d}，请确认是否有未列出的类别{blanks}"
                );
                (Severity::Note, message, false)
            }
        };
        let fix = fix.then(|| self.fix(total, sum.value));
        let cells = std::iter::once(total)
            .chain(parts.iter().copied())
            .collect();
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

    fn balance(
        &mut self,
        n: usize,
        left: &[CellIndex],
        right: &[CellIndex],
        fix: Option<CellIndex>,
    ) {
        let (l, r) = (self.sum(left), self.sum(right));
        let all_blank = l.blanks + r.blanks == left.len() + right.len();
        if l.invalid + r.invalid > 0 || all_blank || l.value == r.value {
            return;
        }
        let names = |cells: &[CellIndex]| {
            cells
                .iter()
                .map(|&c| self.quoted(c))
                .collect::<Vec<_>>()
                .join(" + ")
        };
        let first = left[0];
        let difference = l.value.abs_diff(r.value);
        let message = format!(
            "{}（{}）应等于 {}（{}），相差 {}{}",
            names(left),
            self.show(first, l.value),
            names(right),
            self.show(first, r.value),
            self.show(first, difference),
            blank_note(l.blanks + r.blanks)
        );
        // The fix cell absorbs the difference on its own side, when that leaves it non-negative.
        let fixed = fix.and_then(|cell| {
            let current = self.value(cell).ok()?.unwrap_or(0);
            let (own, other) = if left.contains(&cell) {
                (&l, &r)
            } else {
                (&r, &l)
            };
            let target = (other.value + current).checked_sub(own.value)?;
            Some(self.fix(cell, target))
        });
        let place = Place::Cell(fix.unwrap_or(first));
        let mut cells: Vec<CellIndex> = fix.into_iter().collect();
        cells.extend(left.iter().chain(right).filter(|c| Some(**c) != fix));
        self.push(
            Diagnostic::new(Severity::Error, place, message)
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

    fn narrative_figure(
        &mut self,
        n: usize,
        section: SectionIndex,
        names: &[String],
        cell: CellIndex,
        unit: &str,
        severity: Severity,
    ) {
        let Ok(Some(value)) = self.value(cell) else {
            return;
        };
        let text = self.report.section(section);
        let mismatch = narrative::figures_after_names(text, names, unit)
            .into_iter()
            .find(|figure| {
                if figure.approximate {
                    value < figure.value
                } else {
                    value != figure.value
                }
            });
        let Some(figure) = mismatch else { return };
        let title = &self.template.section(section).title;
        let message = format!(
            "“{title}”中写到“{}”，而统计表中{}为 {}，请核实两处口径是否一致",
            figure.quote(text),
            self.quoted(cell),
            self.show(cell, value)
        );
        self.push(
            Diagnostic::new(severity, Place::Section(section), message)
                .by_rule(n)
                .involving(vec![cell])
                .values(Some(figure.value), Some(value)),
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
        for (total, items) in narrative::breakdowns(text, names, unit) {
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

fn blank_note(blank_parts: usize) -> String {
    match blank_parts {
        0 => String::new(),
        n => format!("（其中有 {n} 项未填写，按 0 计）"),
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
