//! The legacy template's arithmetic, checked natively against the seed report's statistics table.

use nianbao::check::check;
use nianbao::model::{CellIndex, Report, Severity, Template, TemplateError};
use nianbao::templates;

const SEED_JSON: &str = include_str!("../examples/reports/yiyuan-2011.json");

fn cell(template: &Template, row: &str) -> CellIndex {
    template
        .index_of(&format!("stats.{row}.total"))
        .expect("cell exists")
}

fn seed_report() -> Report {
    let (template, report) = templates::read_report(SEED_JSON).expect("the seed example reads");
    assert_eq!(template.id, "legacy-2008");
    report
}

#[test]
fn the_legacy_template_has_every_row_of_the_seed_table() {
    let template = templates::legacy();
    assert_eq!(template.tables.len(), 1);
    assert_eq!(template.tables[0].rows.len(), 36);
    assert_eq!(template.cells().len(), 36);
    assert_eq!(template.sections.len(), 10);
    assert_eq!(template.rules.len(), 17);
    assert_eq!(
        template.cell_label(cell(template, "r07_2")),
        "七、政府信息公开被诉讼数，其中2.纠错 / 本年累计"
    );
}

#[test]
fn the_seed_yields_exactly_its_three_contradictions_and_its_blank_analysis() {
    let template = templates::legacy();
    let findings = check(template, &seed_report());
    let summary: Vec<(Severity, &str)> = findings
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.message.as_str()))
        .collect();
    assert_eq!(findings.diagnostics.len(), 4, "{summary:#?}");

    // The table: 主动公开 221, but its categories add up to 180.
    let table = &findings.diagnostics[0];
    assert_eq!(table.severity, Severity::Note);
    assert_eq!((table.actual, table.expected), (Some(221), Some(180)));
    assert_eq!(table.cells[0], cell(template, "r01"));
    assert!(table.message.contains("少 41"), "{}", table.message);
    let sum = findings
        .sum_for(cell(template, "r01"))
        .expect("sum beside the total");
    assert_eq!((sum.sum, sum.blank_parts), (180, 0));

    // The narrative: 221 stated, 9 + 135 + 36 + 35 + 4 = 219 listed.
    let narrative = &findings.diagnostics[1];
    assert_eq!(narrative.severity, Severity::Warning);
    assert_eq!(
        (narrative.actual, narrative.expected),
        (Some(221), Some(219))
    );
    assert!(
        narrative.message.contains("9 + 135 + 36 + 35 + 4 = 219条"),
        "{}",
        narrative.message
    );

    // The narrative's 120 trainees against the table's 2: a question, not an error.
    let trainees = &findings.diagnostics[2];
    assert_eq!(trainees.severity, Severity::Note);
    assert_eq!((trainees.actual, trainees.expected), (Some(120), Some(2)));
    assert!(
        trainees.message.contains("参加培训工作人员120余名"),
        "{}",
        trainees.message
    );

    // The seed left 情况分析说明 empty.
    let analysis = &findings.diagnostics[3];
    assert_eq!(
        (analysis.severity, analysis.message.as_str()),
        (Severity::Note, "“政府信息公开情况分析说明”尚未填写")
    );
    assert_eq!(findings.count(Severity::Error), 0);
}

#[test]
fn the_seed_round_trips_through_its_file_format() {
    let template = templates::legacy();
    let report = seed_report();
    let json = report.to_file(template).to_json();
    let (_, again) = templates::read_report(&json).unwrap();
    assert_eq!(again, report);
    assert_eq!(
        report.field_by_id(template, "unit"),
        Some("沂源县政府办公室")
    );
    assert_eq!(report.year(template), Some(2011));
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
    assert_eq!(check(template, &report).count(Severity::Error), 0);
}

#[test]
fn a_complete_breakdown_that_falls_short_is_an_error() {
    let template = templates::legacy();
    let mut report = seed_report();
    report.set_cell(template, cell(template, "r11"), "3");
    let findings = check(template, &report);
    assert_eq!(findings.count(Severity::Error), 1);
    let error = findings
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .unwrap();
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
    let replies = cell(template, "r03");
    let warning = findings
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Warning && d.cells[0] == replies);
    let warning = warning.expect("a warning at the replies");
    assert_eq!((warning.actual, warning.expected), (Some(2), Some(0)));
    assert!(
        warning.message.contains("“三”（2）不应大于“二”（0）"),
        "{}",
        warning.message
    );
    assert_eq!(findings.count(Severity::Error), 0);
}

#[test]
fn blank_parts_count_as_zero_and_say_so() {
    let template = templates::legacy();
    let mut report = Report::new(template);
    report.set_cell(template, cell(template, "r10_1"), "4");
    let findings = check(template, &report);
    let sum = findings.sum_for(cell(template, "r10")).unwrap();
    assert_eq!((sum.sum, sum.blank_parts), (4, 1));
    let blank_cells = findings
        .diagnostics
        .iter()
        .find(|d| d.message.contains("还有 35 格未填写"));
    assert!(
        blank_cells.is_some_and(|d| d.cells.len() == 35),
        "blank cells are listed, not taken for zeros"
    );
    // The total is blank and so is one of its parts: the writer is filling the rows, the finding waits (filling the
    // part could change the sum, so no fix either).
    assert!(findings.for_cell(cell(template, "r10")).next().is_none());
    report.set_cell(template, cell(template, "r10_2"), "0");
    let findings = check(template, &report);
    let note = findings.for_cell(cell(template, "r10")).next().unwrap();
    assert_eq!(note.severity, Severity::Note);
    assert_eq!(
        note.message,
        "“十”尚未填写，按其中“十、1”、“十、2”之和应为 4"
    );
    assert_eq!(
        note.fix.as_ref().map(|f| (f.value, f.label.as_str())),
        Some((4, "在“十”填入 4"))
    );
    let sum = findings.sum_for(cell(template, "r10")).unwrap();
    assert_eq!((sum.sum, sum.blank_parts), (4, 0));
}

#[test]
fn an_invalid_cell_is_named_and_its_text_kept() {
    let template = templates::legacy();
    let mut report = seed_report();
    report.set_cell(template, cell(template, "r01_2"), "13五");
    assert_eq!(report.cell(cell(template, "r01_2")).raw, "13五");
    let findings = check(template, &report);
    let error = &findings.diagnostics[0];
    assert_eq!(findings.count(Severity::Error), 1);
    assert!(findings
        .sum_for(cell(template, "r01"))
        .is_some_and(|s| s.invalid_parts == 1));
    assert!(
        !findings.diagnostics.iter().any(|d| d.rule == Some(0)),
        "the breakdown is not judged on an invalid part"
    );
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
    let broken = templates::SOURCES[templates::SOURCES.len() - 1]
        .replace("stats.r11_2.total", "stats.r11_9.total");
    match Template::from_json(&broken) {
        Err(TemplateError::UnknownCell { cell, .. }) => assert_eq!(cell, "stats.r11_9.total"),
        other => panic!("expected an unknown-cell error, got {other:?}"),
    }
}

#[test]
fn a_duplicate_row_id_fails_to_load() {
    let broken = templates::SOURCES[templates::SOURCES.len() - 1]
        .replace("\"id\": \"r13\"", "\"id\": \"r12\"");
    assert_eq!(
        Template::from_json(&broken).unwrap_err(),
        TemplateError::DuplicateId("r12".into())
    );
}

#[test]
fn a_rule_mixing_money_and_counts_fails_to_load() {
    let broken = templates::SOURCES[templates::SOURCES.len() - 1]
        .replace("stats.r10_2.total", "stats.r04.total");
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
