//! The rule engine: a template and a report in, the sums and diagnostics out. A pure function of both,
//! recomputed on every change.

use crate::model::number::{format, CellKind};
use crate::model::{CellIndex, Report, Rule, Severity, Template};

/// A one-cell correction the writer can apply with one click.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub cell: CellIndex,
    pub value: u64,
    /// What the button says, e.g. 将“一、主动公开信息数”改为 180.
    pub label: String,
}

/// One finding, in words for the writer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The template rule that found it; `None` for a cell whose text is not a valid number.
    pub rule: Option<usize>,
    /// The cells involved, the one to look at first.
    pub cells: Vec<CellIndex>,
    pub actual: Option<u64>,
    pub expected: Option<u64>,
    pub message: String,
    pub fix: Option<Fix>,
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

    /// Diagnostics that concern a cell, the ones naming it first listed first.
    pub fn for_cell(&self, cell: CellIndex) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(move |d| d.cells.first() == Some(&cell))
    }
}

/// Checks every rule of the template against the report.
pub fn check(template: &Template, report: &Report) -> Findings {
    let mut findings = Findings::default();
    for (index, entry) in report.cells().iter().enumerate() {
        if let Err(error) = &entry.value {
            findings.diagnostics.push(Diagnostic {
                severity: Severity::Error,
                rule: None,
                cells: vec![index],
                actual: None,
                expected: None,
                message: format!(
                    "{}：{}（填写的是“{}”）",
                    label(template, index),
                    error,
                    entry.raw
                ),
                fix: None,
            });
        }
    }
    for (n, rule) in template.rules.iter().enumerate() {
        match rule {
            Rule::SumEquals { total, parts } => {
                breakdown(template, report, n, *total, parts, true, &mut findings)
            }
            Rule::PartsAtMost { total, parts } => {
                breakdown(template, report, n, *total, parts, false, &mut findings)
            }
            Rule::AtMost {
                left,
                right,
                severity,
            } => at_most(
                template,
                report,
                n,
                (*left, *right),
                *severity,
                &mut findings,
            ),
        }
    }
    findings
}

fn breakdown(
    template: &Template,
    report: &Report,
    rule: usize,
    total: CellIndex,
    parts: &[CellIndex],
    complete: bool,
    findings: &mut Findings,
) {
    let mut sum = 0u64;
    let (mut blank_parts, mut invalid_parts) = (0, 0);
    for &part in parts {
        match report.cell(part).value {
            Ok(Some(value)) => sum += value,
            Ok(None) => blank_parts += 1,
            Err(_) => invalid_parts += 1,
        }
    }
    findings.sums.push(PartsSum {
        total,
        sum,
        parts: parts.len(),
        blank_parts,
        invalid_parts,
    });
    let Ok(total_value) = report.cell(total).value else {
        return;
    };
    if invalid_parts > 0 || (blank_parts == parts.len() && total_value.is_none()) {
        return;
    }
    let kind = template.cell(total).kind;
    let name = label(template, total);
    let blanks = blank_note(blank_parts);
    let fix = |value| Some(fix_total(template, total, value));
    let (severity, message, fix) = match total_value {
        None => (
            Severity::Note,
            format!(
                "{name}尚未填写，其中各项之和为 {}{blanks}",
                format(kind, sum)
            ),
            fix(sum),
        ),
        Some(t) if t == sum => return,
        Some(t) if sum > t => (
            Severity::Error,
            format!(
                "其中各项之和 {} 超过了{name} {}，多出 {}{blanks}",
                format(kind, sum),
                format(kind, t),
                format(kind, sum - t)
            ),
            fix(sum),
        ),
        Some(t) if complete => (
            Severity::Error,
            format!(
                "{name}为 {}，但其中各项之和为 {}，少了 {}{blanks}",
                format(kind, t),
                format(kind, sum),
                format(kind, t - sum)
            ),
            fix(sum),
        ),
        Some(t) => (
            Severity::Note,
            format!(
                "其中各项之和 {} 比{name} {} 少 {}，请确认是否有未列出的类别{blanks}",
                format(kind, sum),
                format(kind, t),
                format(kind, t - sum)
            ),
            None,
        ),
    };
    let mut cells = vec![total];
    cells.extend_from_slice(parts);
    findings.diagnostics.push(Diagnostic {
        severity,
        rule: Some(rule),
        cells,
        actual: total_value,
        expected: Some(sum),
        message,
        fix,
    });
}

fn at_most(
    template: &Template,
    report: &Report,
    rule: usize,
    (left, right): (CellIndex, CellIndex),
    severity: Severity,
    findings: &mut Findings,
) {
    let (Ok(Some(l)), Ok(Some(r))) = (&report.cell(left).value, &report.cell(right).value) else {
        return;
    };
    if l <= r {
        return;
    }
    let kind = template.cell(left).kind;
    findings.diagnostics.push(Diagnostic {
        severity,
        rule: Some(rule),
        cells: vec![left, right],
        actual: Some(*l),
        expected: Some(*r),
        message: format!(
            "{}（{}）不应大于{}（{}），多出 {}",
            label(template, left),
            format(kind, *l),
            label(template, right),
            format(kind, *r),
            format(kind, l - r)
        ),
        fix: None,
    });
}

fn fix_total(template: &Template, total: CellIndex, value: u64) -> Fix {
    let text = format(template.cell(total).kind, value);
    Fix {
        cell: total,
        value,
        label: format!("将“{}”改为 {text}", label(template, total)),
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
    let table = &template.tables[cell.table];
    let row = template.row_path(cell.table, cell.row);
    match table.columns.len() {
        1 => row,
        _ => format!("{row}（{}）", table.columns[cell.column].label),
    }
}

/// The unit a cell is counted in, for display next to sums.
pub fn unit(template: &Template, index: CellIndex) -> &str {
    let cell = template.cell(index);
    let row = &template.tables[cell.table].rows[cell.row];
    match (&row.unit, cell.kind) {
        (Some(unit), _) => unit,
        (None, CellKind::Money) => "元",
        (None, CellKind::Count) => "",
    }
}
