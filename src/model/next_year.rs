//! Starting next year's report from last year's: the header and narrative as a starting point, and the figures
//! that carry over (the national format's 上年结转 from last year's 结转下年度继续办理).

use super::number::format;
use super::template::{KnownField, Rule, Template};
use super::{CellIndex, Report};

/// A new report for `next` (the template of the new year), starting from last year's report.
pub fn next_year(last_template: &Template, last: &Report, next: &Template) -> Report {
    let mut report = Report::new(next);
    for (index, field) in next.indexed_fields() {
        if let Some(text) = last.field_by_id(last_template, &field.id) {
            report.set_field(index, text);
        }
    }
    // Last year's year is a report year or none; the year after the last report year is left for the writer.
    let year = last.year(last_template).and_then(super::year::next);
    if let (Some(year), Some(field)) = (year, next.year_field()) {
        report.set_field(field, &year.to_string());
    } else if let Some(field) = next.year_field() {
        report.set_field(field, "");
    }
    // Dates belong to last year's publication, not this one's.
    for date in KnownField::DATES {
        if let Some(index) = next.known_field(date) {
            report.set_field(index, "");
        }
    }
    for (index, section) in next.indexed_sections() {
        if let Some(last_index) = last_template.section_index(&section.id) {
            report.set_section(index, last.section(last_index));
        }
    }
    // What this year's rules expect to equal last year's figures, filled in from last year's.
    for rule in &next.rules {
        let Rule::PreviousEquals { cell, previous, .. } = rule else {
            continue;
        };
        let Some(last_index) = last_template.index_of(&next.cell(*previous).id) else {
            continue;
        };
        if let Ok(Some(value)) = last.cell(last_index).value {
            report.set_cell(next, *cell, &format(next.cell(*cell).kind, value));
        }
    }
    report
}

/// How a figure changed since last year, for the year-over-year view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub last_year: u64,
    pub this_year: Option<u64>,
    /// Relative change large enough to be worth a sentence in the analysis.
    pub large: bool,
}

/// Last year's value of a cell and how this year's compares. "Large" is what the template's `previous_ratio` rule for
/// the cell flags (a change of more than five times either way in the national format's totals), by the checker's
/// one test of it, so that the year-on-year view and the findings agree.
pub fn change(
    last_template: &Template,
    last: &Report,
    template: &Template,
    report: &Report,
    cell: CellIndex,
) -> Option<Change> {
    let last_index = last_template.index_of(&template.cell(cell).id)?;
    let Ok(Some(last_year)) = last.cell(last_index).value else {
        return None;
    };
    let this_year = report.cell(cell).value.clone().ok().flatten();
    let large = this_year.is_some_and(|now| {
        template.rules.iter().any(|rule| match rule {
            Rule::PreviousRatio {
                cell: c,
                factor,
                min_difference,
                ..
            } => *c == cell && crate::check::large_change(last_year, now, *factor, *min_difference),
            _ => false,
        })
    });
    Some(Change {
        last_year,
        this_year,
        large,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates;

    #[test]
    fn next_year_carries_the_header_narrative_and_carried_over_applications() {
        let (template, last) = templates::read_report(include_str!(
            "../../examples/reports/national-2024-example.json"
        ))
        .unwrap();
        let next = next_year(template, &last, template);
        assert_eq!(next.year(template), Some(2025));
        assert_eq!(
            next.field_by_id(template, "unit"),
            last.field_by_id(template, "unit")
        );
        assert_eq!(next.field_by_id(template, "publish_date"), Some(""));
        assert_eq!(next.sections()[0], last.sections()[0]);
        for column in [
            "natural",
            "commercial",
            "research",
            "public_interest",
            "legal_services",
            "other_org",
            "total",
        ] {
            let carried_out = template
                .index_of(&format!("applications.carried_out.{column}"))
                .unwrap();
            let carried_in = template
                .index_of(&format!("applications.carried_in.{column}"))
                .unwrap();
            assert_eq!(
                next.cell(carried_in).value,
                last.cell(carried_out).value,
                "{column}"
            );
        }
        let new = template.index_of("applications.new.natural").unwrap();
        assert_eq!(
            next.cell(new).raw,
            "",
            "this year's own figures start blank"
        );
    }

    #[test]
    fn next_year_of_an_implausible_or_last_year_leaves_the_year_blank_never_wrapping() {
        let t = templates::national();
        let year = t.field_index("year").unwrap();
        for (last_year, expected) in [
            ("65535", ""),
            ("2100", ""),
            ("0", ""),
            ("2099", "2100"),
            ("2025年", "2026"),
        ] {
            let mut last = Report::new(t);
            last.set_field(year, last_year);
            let next = next_year(t, &last, t);
            assert_eq!(next.field(year), expected, "after {last_year}");
        }
    }

    /// The same test as the checker's `previous_ratio` rule: more than five times either way, by at least 10.
    #[test]
    fn a_large_change_is_flagged_and_a_small_one_is_not() {
        let t = templates::national();
        let mut last = Report::new(t);
        let mut this = Report::new(t);
        let cell = t.index_of("art20_5.licensing.decisions").unwrap();
        last.set_cell(t, cell, "100");
        this.set_cell(t, cell, "501");
        assert_eq!(
            change(t, &last, t, &this, cell),
            Some(Change {
                last_year: 100,
                this_year: Some(501),
                large: true
            })
        );
        for (now, large) in [("500", false), ("160", false), ("20", false), ("19", true)] {
            this.set_cell(t, cell, now);
            assert_eq!(
                change(t, &last, t, &this, cell).unwrap().large,
                large,
                "{now}"
            );
        }
        last.set_cell(t, cell, "1");
        this.set_cell(t, cell, "9");
        assert!(!change(t, &last, t, &this, cell).unwrap().large);
        this.set_cell(t, cell, "11");
        assert!(change(t, &last, t, &this, cell).unwrap().large);
        // A cell without the rule (a cell of no total) is never marked.
        let item = t.index_of("applications.open.natural").unwrap();
        last.set_cell(t, item, "1");
        this.set_cell(t, item, "90");
        assert!(!change(t, &last, t, &this, item).unwrap().large);
    }
}
