//! Every arithmetic rule of every built-in template, exercised on balanced reports: perturbing one of its cells
#![cfg(not(target_arch = "wasm32"))]
//! yields that rule's diagnostic, and the one-cell fix it offers puts that rule right again.

use nianbao::check::{check_with_previous, Findings, Previous};
use nianbao::model::{CellIndex, CheckedRule, Report, Rule, Severity, Template};
use nianbao::templates;
use proptest::prelude::*;
use proptest::sample::Index;

const NATIONAL_2024: &str = include_str!("../examples/reports/national-2024-example.json");
const NATIONAL_2025: &str = include_str!("../examples/reports/national-2025-example.json");
const SEED: &str = include_str!("../examples/reports/yiyuan-2011.json");

struct Case {
    template: &'static Template,
    report: Report,
    previous: Option<Report>,
}

impl Case {
    fn findings(&self, report: &Report) -> Findings {
        let previous = self.previous.as_ref().map(|report| Previous {
            template: self.template,
            report,
        });
        check_with_previous(self.template, report, previous)
    }
}

fn national() -> Case {
    let (template, report) = templates::read_report(NATIONAL_2025).unwrap();
    let (_, previous) = templates::read_report(NATIONAL_2024).unwrap();
    Case {
        template,
        report,
        previous: Some(previous),
    }
}

/// The seed with its table balanced (主动公开 = 180, its categories' sum) and its narrative left out.
fn legacy() -> Case {
    let (template, mut report) = templates::read_report(SEED).unwrap();
    report.set_cell(
        template,
        template.index_of("stats.r01.total").unwrap(),
        "180",
    );
    for (section, _) in template.indexed_sections() {
        report.set_section(section, "");
    }
    Case {
        template,
        report,
        previous: None,
    }
}

fn is_arithmetic(rule: &CheckedRule) -> bool {
    matches!(
        rule,
        Rule::SumEquals { .. }
            | Rule::PartsAtMost { .. }
            | Rule::AtMost { .. }
            | Rule::Balance { .. }
            | Rule::PreviousEquals { .. }
            | Rule::PreviousBalance { .. }
    )
}

fn value(report: &Report, cell: CellIndex) -> u64 {
    report.cell(cell).value.clone().unwrap().unwrap_or(0)
}

#[test]
fn the_balanced_reports_have_no_errors_or_warnings() {
    for case in [national(), legacy()] {
        let findings = case.findings(&case.report);
        let loud: Vec<_> = findings
            .diagnostics
            .iter()
            .filter(|d| d.severity > Severity::Note)
            .collect();
        assert!(loud.is_empty(), "{}: {loud:#?}", case.template.id);
    }
    assert!(national()
        .findings(&national().report)
        .diagnostics
        .is_empty());
}

/// The template's arithmetic rules with their positions among all its rules.
fn arithmetic_rules(template: &Template) -> Vec<(usize, &CheckedRule)> {
    template
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| is_arithmetic(r))
        .collect()
}

/// Perturbs cell `cell_position` of arithmetic rule `rule_position` by `delta`, then applies the offered fix.
fn perturb_and_fix(
    case: &Case,
    rule_position: usize,
    cell_position: usize,
    delta: u64,
    upward: bool,
) {
    let template = case.template;
    let (n, rule) = arithmetic_rules(template)[rule_position];
    let mut cell = *rule.cells()[cell_position];
    let mut report = case.report.clone();
    let mut new_value = match value(&report, cell) {
        v if upward || v < delta => v + delta,
        v => v - delta,
    };
    if let Rule::AtMost { left, right, .. } = rule {
        // Only a left side above the right side breaks it.
        cell = *left;
        new_value = value(&report, *right) + delta;
    }
    report.set_value(template, cell, new_value);

    let findings = case.findings(&report);
    let found = findings.diagnostics.iter().find(|d| d.rule == Some(n));
    let found = found.unwrap_or_else(|| {
        panic!(
            "{}: rule {n} {rule:?} silent after {cell} := {new_value}",
            template.id
        )
    });
    let expected_severity = match rule {
        Rule::SumEquals { .. } | Rule::Balance { .. } => Severity::Error,
        Rule::PartsAtMost { .. } if found.expected > found.actual => Severity::Error,
        Rule::PartsAtMost { .. } => Severity::Note,
        Rule::AtMost { severity, .. }
        | Rule::PreviousEquals { severity, .. }
        | Rule::PreviousBalance { severity, .. } => *severity,
        _ => unreachable!(),
    };
    assert_eq!(found.severity, expected_severity, "{}", found.message);
    assert!(!found.message.is_empty());

    if let Some(fix) = &found.fix {
        report.set_value(template, fix.cell, fix.value);
        let after = case.findings(&report);
        assert!(
            after.diagnostics.iter().all(|d| d.rule != Some(n)),
            "fix {} left rule {n} broken",
            fix.label
        );
        if fix.cell == cell {
            assert_eq!(
                report, case.report,
                "fixing the perturbed cell restores the report"
            );
        }
    } else {
        // No single cell can settle these; nor a balance whose fix cell would turn negative, nor a year
        // whose decrease exceeds what there was.
        let no_single_cell = matches!(
            rule,
            Rule::AtMost { .. } | Rule::PartsAtMost { .. } | Rule::Balance { .. }
        );
        assert!(
            no_single_cell || found.expected.is_none(),
            "a {rule:?} finding offers a fix: {}",
            found.message
        );
    }
}

fn pick(case: &Case, rule: Index, cell: Index) -> (usize, usize) {
    let rules = arithmetic_rules(case.template);
    let r = rule.index(rules.len());
    (r, cell.index(rules[r].1.cells().len()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn national_rules_catch_a_perturbation_and_fix_it(
        rule in any::<Index>(), cell in any::<Index>(), delta in 1u64..40, upward in any::<bool>()
    ) {
        let case = national();
        let (r, c) = pick(&case, rule, cell);
        perturb_and_fix(&case, r, c, delta, upward);
    }

    #[test]
    fn legacy_rules_catch_a_perturbation_and_fix_it(
        rule in any::<Index>(), cell in any::<Index>(), delta in 1u64..40, upward in any::<bool>()
    ) {
        let case = legacy();
        let (r, c) = pick(&case, rule, cell);
        perturb_and_fix(&case, r, c, delta, upward);
    }
}

#[test]
fn every_cell_of_every_arithmetic_rule_is_perturbed_both_ways() {
    for case in [national(), legacy()] {
        for (position, (_, rule)) in arithmetic_rules(case.template).into_iter().enumerate() {
            for cell in 0..rule.cells().len() {
                for upward in [true, false] {
                    perturb_and_fix(&case, position, cell, 3, upward);
                }
            }
        }
    }
}

/// "12件" in a count cell: the error says why, and offers the figure without its unit in one click (改为 12).
#[test]
fn a_figure_typed_with_its_unit_is_fixed_in_one_click() {
    let template = nianbao::templates::national();
    let mut report = nianbao::model::Report::new(template);
    let cell = template.index_of("applications.new.natural").unwrap();
    report.set_cell(template, cell, "12件");
    let findings = nianbao::check::check(template, &report);
    let error = findings
        .for_cell(cell)
        .next()
        .expect("an error at the cell");
    assert!(error.message.contains("“件”"), "{}", error.message);
    let fix = error.fix.as_ref().expect("a fix");
    assert_eq!(
        (fix.cell, fix.value, fix.label.as_str()),
        (cell, 12, "改为 12")
    );
    report.set_value(template, fix.cell, fix.value);
    assert_eq!(report.cell(cell).raw, "12");
    assert!(nianbao::check::check(template, &report)
        .for_cell(cell)
        .next()
        .is_none());
    // A letter with no figure to keep has no fix.
    report.set_cell(template, cell, "十二件");
    let findings = nianbao::check::check(template, &report);
    assert!(findings.for_cell(cell).next().unwrap().fix.is_none());
}
