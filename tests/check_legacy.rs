//! The legacy template's arithmetic, checked natively against the seed report's statistics table.

use nianbao::check::check;
use nianbao::model::{Report, Severity, Template, TemplateError};
use nianbao::templates;

/// The statistics table of the seed report (沂源县政府办公室, 2011), row id and figure as published.
const SEED_TABLE: &[(&str, &str)] = &[
    ("r01", "221"),
    ("r01_1", "9"),
    ("r01_2", "135"),
    ("r01_3", "36"),
    ("r01_4", "0"),
    ("r01_5", "0"),
    ("r01_6", "0"),
    ("r02", "0"),
    ("r02_1", "0"),
    ("r02_2", "0"),
    ("r02_3", "0"),
    ("r03", "0"),
    ("r03_1", "0"),
    ("r03_2", "0"),
    ("r03_3", "0"),
    ("r03_4", "0"),
    ("r04", "0"),
    ("r05", "0"),
    ("r05_1", "0"),
    ("r05_2", "0"),
    ("r06", "0"),
    ("r06_1", "0"),
    ("r06_2", "0"),
    ("r07", "0"),
    ("r07_1", "0"),
    ("r07_2", "0"),
    ("r08", "1"),
    ("r09", "0"),
    ("r10", "0"),
    ("r10_1", "0"),
    ("r10_2", "0"),
    ("r11", "2"),
    ("r11_1", "1"),
    ("r11_2", "1"),
    ("r12", "1"),
    ("r13", "2"),
];

fn cell(template: &Template, row: &str) -> usize {
    template
        .index_of(&format!("stats.{row}.total"))
        .expect("cell exists")
}

fn seed_report() -> Report {
    let template = templates::legacy();
    let mut report = Report::new(template);
    for (row, raw) in SEED_TABLE {
        report.set_cell(template, cell(template, row), raw);
    }
    report
}

#[test]
fn the_legacy_template_has_every_row_of_the_seed_table() {
    let template = templates::legacy();
    assert_eq!(template.tables.len(), 1);
    assert_eq!(template.tables[0].rows.len(), SEED_TABLE.len());
    assert_eq!(template.cells().len(), SEED_TABLE.len());
    assert_eq!(template.rules.len(), 9);
    assert_eq!(
        template.cell_label(cell(template, "r07_2")),
        "七、政府信息公开被诉讼数，其中2.纠错 / 本年累计"
    );
}

#[test]
fn the_seed_table_yields_exactly_its_one_contradiction() {
    let template = templates::legacy();
    let findings = check(template, &seed_report());
    assert_eq!(findings.diagnostics.len(), 1, "{:#?}", findings.diagnostics);
    let finding = &findings.diagnostics[0];
    assert_eq!(finding.severity, Severity::Note);
    assert_eq!((finding.actual, finding.expected), (Some(221), Some(180)));
    assert_eq!(finding.cells[0], cell(template, "r01"));
    assert!(finding.message.contains("少 41"), "{}", finding.message);
    let sum = findings
        .sum_for(cell(template, "r01"))
        .expect("sum beside the total");
    assert_eq!((sum.sum, sum.blank_parts), (180, 0));
}

#[test]
fn parts_exceeding_an_of_which_total_is_an_error_with_a_fix() {
    let template = templates::legacy();
    let mut report = seed_report();
    report.set_cell(template, cell(template, "r01_4"), "50");
    let findings = check(template, &report);
    assert_eq!(findings.count(Severity::Error), 1);
    let error = findings
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .unwrap();
    assert!(
        error.message.contains("超过") && error.message.contains("多出 9"),
        "{}",
        error.message
    );
    let fix = error.fix.clone().expect("a one-cell fix");
    report.set_value(template, fix.cell, fix.value);
    assert_eq!(report.cell(cell(template, "r01")).raw, "230");
    assert!(check(template, &report).diagnostics.is_empty());
}

#[test]
fn a_complete_breakdown_that_falls_short_is_an_error() {
    let template = templates::legacy();
    let mut report = seed_report();
    report.set_cell(template, cell(template, "r11"), "3");
    let findings = check(template, &report);
    assert_eq!(findings.count(Severity::Error), 1);
    let error = &findings.diagnostics[1];
    assert_eq!((error.actual, error.expected), (Some(3), Some(2)));
    assert!(error.message.contains("少了 1"), "{}", error.message);
}

#[test]
fn more_replies_than_applications_is_a_warning() {
    let template = templates::legacy();
    let mut report = seed_report();
    report.set_cell(template, cell(template, "r03"), "2");
    report.set_cell(template, cell(template, "r03_1"), "2");
    let findings = check(template, &report);
    assert_eq!(findings.count(Severity::Warning), 1);
    assert_eq!(findings.count(Severity::Error), 0);
}

#[test]
fn blank_parts_count_as_zero_and_say_so() {
    let template = templates::legacy();
    let mut report = Report::new(template);
    report.set_cell(template, cell(template, "r10_1"), "4");
    let findings = check(template, &report);
    let note = &findings.diagnostics[0];
    assert_eq!(note.severity, Severity::Note);
    assert!(
        note.message.contains("尚未填写") && note.message.contains("1 项未填写"),
        "{}",
        note.message
    );
    assert_eq!(note.fix.as_ref().map(|f| f.value), Some(4));
    let sum = findings.sum_for(cell(template, "r10")).unwrap();
    assert_eq!((sum.sum, sum.blank_parts), (4, 1));
}

#[test]
fn an_invalid_cell_is_named_and_its_text_kept() {
    let template = templates::legacy();
    let mut report = seed_report();
    report.set_cell(template, cell(template, "r01_2"), "13五");
    assert_eq!(report.cell(cell(template, "r01_2")).raw, "13五");
    let findings = check(template, &report);
    assert_eq!(
        findings.diagnostics.len(),
        1,
        "the breakdown is not judged on an invalid part"
    );
    let error = &findings.diagnostics[0];
    assert_eq!(error.severity, Severity::Error);
    assert!(error
        .message
        .starts_with("一、主动公开信息数，其中2.政策法规、规范性文件信息："));
    assert!(error.message.contains("“13五”"));
}

#[test]
fn fees_are_money_with_two_decimals() {
    let template = templates::legacy();
    let mut report = seed_report();
    report.set_cell(template, cell(template, "r04"), "12.50");
    assert_eq!(report.cell(cell(template, "r04")).value, Ok(Some(1250)));
    report.set_cell(template, cell(template, "r13"), "12.50");
    assert!(report.cell(cell(template, "r13")).value.is_err());
}

#[test]
fn a_rule_naming_an_unknown_cell_fails_to_load() {
    let broken = templates::LEGACY_JSON.replace("stats.r11_2.total", "stats.r11_9.total");
    match Template::from_json(&broken) {
        Err(TemplateError::UnknownCell { cell, .. }) => assert_eq!(cell, "stats.r11_9.total"),
        other => panic!("expected an unknown-cell error, got {other:?}"),
    }
}

#[test]
fn a_duplicate_row_id_fails_to_load() {
    let broken = templates::LEGACY_JSON.replace("\"id\": \"r13\"", "\"id\": \"r12\"");
    assert_eq!(
        Template::from_json(&broken).unwrap_err(),
        TemplateError::DuplicateId("r12".into())
    );
}

#[test]
fn a_rule_mixing_money_and_counts_fails_to_load() {
    let broken = templates::LEGACY_JSON.replace("stats.r10_2.total", "stats.r04.total");
    assert!(matches!(
        Template::from_json(&broken),
        Err(TemplateError::MixedKinds { .. })
    ));
}

#[test]
fn a_malformed_file_fails_to_load_with_a_message() {
    let error = Template::from_json("{ not json").unwrap_err();
    assert!(error.to_string().starts_with("模板文件格式错误"));
}
