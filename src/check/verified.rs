//! Findings the writer answered: a warning or a note marked 已核实 with a reason (`model::Verified`, kept in the
//! report file). A mark answers one finding with the figures it had — the rule, the place, the text of every cell
//! the finding involved, the two values compared and a header field's text — so it stops answering, and is
//! reported stale, as soon as one of them changes. Errors are never answered: they must be fixed.

use super::{Diagnostic, Findings, Place};
use crate::model::{Report, Rule, Severity, Template, Verified};

/// The mark that would answer this finding, with an empty reason (the editor asks for it); `None` for an error or
/// a finding no rule made (input and completeness findings are answered by filling the report in).
pub fn mark_for(template: &Template, report: &Report, diagnostic: &Diagnostic) -> Option<Verified> {
    if diagnostic.severity == Severity::Error {
        return None;
    }
    let rule = diagnostic.rule?;
    Some(Verified {
        rule,
        kind: template.rules.get(rule)?.kind().to_owned(),
        place: place_id(template, diagnostic.place),
        cells: diagnostic
            .cells
            .iter()
            .map(|&c| (template.cell(c).id.clone(), report.cell(c).raw.clone()))
            .collect(),
        actual: diagnostic.actual,
        expected: diagnostic.expected,
        text: match diagnostic.place {
            Place::Field(field) => Some(report.field(field).to_owned()),
            _ => None,
        },
        reason: String::new(),
    })
}

/// A place as a mark names it: `cell:ID`, `section:ID`, `field:ID`, `table:ID`.
fn place_id(template: &Template, place: Place) -> String {
    match place {
        Place::Cell(c) => format!("cell:{}", template.cell(c).id),
        Place::Section(s) => format!("section:{}", template.section(s).id),
        Place::Field(f) => format!("field:{}", template.field(f).id),
        Place::Table(t) => format!("table:{}", template.table(t).id),
    }
}

/// Whether `mark` answers `diagnostic` as it is now. Compares without allocating, so that a check with marks costs
/// only the comparisons.
fn answers(template: &Template, report: &Report, mark: &Verified, diagnostic: &Diagnostic) -> bool {
    if diagnostic.severity == Severity::Error
        || diagnostic.rule != Some(mark.rule)
        || diagnostic.actual != mark.actual
        || diagnostic.expected != mark.expected
        || diagnostic.cells.len() != mark.cells.len()
        || template.rules.get(mark.rule).map(Rule::kind) != Some(mark.kind.as_str())
    {
        return false;
    }
    let (kind, id) = mark.place.split_once(':').unwrap_or(("", ""));
    let same_place = match diagnostic.place {
        Place::Cell(c) => kind == "cell" && template.cell(c).id == id,
        Place::Section(s) => kind == "section" && template.section(s).id == id,
        Place::Field(f) => kind == "field" && template.field(f).id == id,
        Place::Table(t) => kind == "table" && template.table(t).id == id,
    };
    let same_text = match diagnostic.place {
        Place::Field(f) => mark.text.as_deref() == Some(report.field(f)),
        _ => mark.text.is_none(),
    };
    same_place
        && same_text
        && diagnostic.cells.iter().all(|&c| {
            mark.cells
                .get(&template.cell(c).id)
                .is_some_and(|raw| *raw == report.cell(c).raw)
        })
}

/// Whether a rule compares with last year's report, so that its findings are not made without one: a mark of such
/// a finding is kept, not dropped, when last year's report is not at hand.
fn needs_previous(template: &Template, mark: &Verified) -> bool {
    matches!(
        template.rules.get(mark.rule),
        Some(
            Rule::PreviousEquals { .. }
                | Rule::PreviousBalance { .. }
                | Rule::PreviousRatio { .. }
                | Rule::PreviousOverlap { .. }
        )
    )
}

/// Applies the report's marks to the findings: each finding a mark answers gets it (`Diagnostic::verified`), and
/// every mark that answers none is listed in `Findings::stale` — its figures changed, or its finding is gone —
/// except a cross-year mark when last year's report was not given.
pub(super) fn apply(
    template: &Template,
    report: &Report,
    with_previous: bool,
    findings: &mut Findings,
) {
    let marks = report.verified();
    if marks.is_empty() {
        return;
    }
    for (m, mark) in marks.iter().enumerate() {
        let found = findings
            .diagnostics
            .iter_mut()
            .find(|d| d.verified.is_none() && answers(template, report, mark, d));
        match found {
            Some(diagnostic) => diagnostic.verified = Some(m),
            None if !with_previous && needs_previous(template, mark) => {}
            None => findings.stale.push(m),
        }
    }
}
