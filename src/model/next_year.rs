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

/// A section of this year's report still as last year's report had it (carried over by [`next_year`] and not yet
/// edited), and the phrases in it that belong to last year: its year (2026年) and its figures (14件), each once,
/// in the order they appear. `None` when the section was edited, or is blank, or last year had no such section.
pub fn carried_over(
    last_template: &Template,
    last: &Report,
    template: &Template,
    report: &Report,
    section: super::SectionIndex,
) -> Option<Vec<String>> {
    let id = &template.section(section).id;
    let text = report.section(section);
    let last_text = last.section(last_template.section_index(id)?);
    if text.trim().is_empty() || text != last_text {
        return None;
    }
    let year = last.year(last_template);
    let figures: Vec<u64> = last
        .cells()
        .iter()
        .filter_map(|c| c.value.clone().ok().flatten())
        .filter(|&v| v >= 2)
        .collect();
    Some(last_years_phrases(text, year, &figures))
}

/// The phrases of `text` that name `year` (2026年, 2026年度) or a figure of `figures` followed by a unit (14件,
/// 221条), each once.
fn last_years_phrases(text: &str, year: Option<u16>, figures: &[u64]) -> Vec<String> {
    const UNITS: &str = "件条个次人项家份场篇期万元";
    let chars: Vec<char> = text.chars().collect();
    let mut found: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let digits: String = chars[start..i].iter().collect();
        let Ok(value) = digits.parse::<u64>() else {
            continue;
        };
        let next = chars.get(i).copied();
        let phrase = match next {
            Some('年') if year.is_some_and(|y| u64::from(y) == value) => format!("{digits}年"),
            Some(unit) if UNITS.contains(unit) && figures.contains(&value) => {
                format!("{digits}{unit}")
            }
            _ => continue,
        };
        if !found.contains(&phrase) {
            found.push(phrase);
        }
    }
    found
}

/// How a figure changed since last year, for the year-over-year view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub last_year: u64,
    pub this_year: Option<u64>,
    /// Relative change large enough to be worth a sentence in the analysis.
    pub large: bool,
}

impl Change {
    /// The comparison in words, beside a cell of `kind`: 上年 12，增加 3 / 减少 3 / 与上年持平; last year's figure
    /// alone while this year's is blank.
    pub fn in_words(&self, kind: super::number::CellKind) -> String {
        let last = format(kind, self.last_year);
        let difference = match self.this_year {
            None => String::new(),
            Some(now) if now == self.last_year => "，与上年持平".to_owned(),
            Some(now) if now > self.last_year => {
                format!("，增加 {}", format(kind, now - self.last_year))
            }
            Some(now) => format!("，减少 {}", format(kind, self.last_year - now)),
        };
        let mark = if self.large { "（变化较大）" } else { "" };
        format!("上年 {last}{difference}{mark}")
    }
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
            } => *c == cell && super::rule::large_change(last_year, now, *factor, *min_difference),
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
    fn carried_text_is_marked_with_last_years_phrases_until_edited() {
        let t = templates::national();
        let mut last = Report::new(t);
        last.set_field(t.field_index("year").unwrap(), "2026");
        let new_total = t.index_of("applications.new.total").unwrap();
        last.set_cell(t, new_total, "14");
        let overview = t.section_index(&t.sections[0].id).unwrap();
        last.set_section(
            overview,
            "2026年，我局全年新收政府信息公开申请14件，办结14件；主动公开信息221条，召开1次会议。",
        );
        let mut this = next_year(t, &last, t);
        assert_eq!(
            carried_over(t, &last, t, &this, overview),
            Some(vec!["2026年".to_owned(), "14件".to_owned()]),
            "221 and 1 are no figures of last year's tables"
        );
        // Another section, blank last year: nothing carried.
        let other = t.section_index(&t.sections[1].id).unwrap();
        assert_eq!(carried_over(t, &last, t, &this, other), None);
        // Edited: no longer carried over.
        this.set_section(overview, "2027年，我局全年新收政府信息公开申请20件。");
        assert_eq!(carried_over(t, &last, t, &this, overview), None);
    }

    #[test]
    fn the_comparison_says_unchanged_rather_than_an_increase_of_zero() {
        let kind = crate::model::number::CellKind::Count;
        let change = |last_year, this_year, large| Change {
            last_year,
            this_year,
            large,
        };
        assert_eq!(
            change(12, Some(12), false).in_words(kind),
            "上年 12，与上年持平"
        );
        assert_eq!(
            change(12, Some(15), false).in_words(kind),
            "上年 12，增加 3"
        );
        assert_eq!(
            change(12, Some(2), true).in_words(kind),
            "上年 12，减少 10（变化较大）"
        );
        assert_eq!(change(12, None, false).in_words(kind), "上年 12");
        assert_eq!(
            change(0, Some(0), false).in_words(kind),
            "上年 0，与上年持平"
        );
    }

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
