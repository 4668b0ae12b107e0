//! Answering a finding: a warning or a note marked 已核实 with a reason, kept in the report file (schema version 2,
//! read from version 1 too), counted apart from the open findings, and stale — dropped by the editor — as soon as
//! the figures it answered change. Errors cannot be marked.
#![cfg(not(target_arch = "wasm32"))]

use nianbao::check::{check, check_with_previous, mark_for, Diagnostic, Findings, Place, Previous};
use nianbao::model::{
    ReasonError, Report, ReportError, ReportFile, Severity, Template, SCHEMA_VERSION,
};
use nianbao::templates;

fn set(template: &Template, report: &mut Report, id: &str, raw: &str) {
    let index = template.index_of(id).unwrap_or_else(|| panic!("{id}"));
    report.set_cell(template, index, raw);
}

fn overview(template: &Template, report: &mut Report, text: &str) {
    let index = template.section_index("overview").unwrap();
    report.set_section(index, text);
}

fn narrative(findings: &Findings) -> Vec<&Diagnostic> {
    findings
        .diagnostics
        .iter()
        .filter(|d| d.rule.is_some() && matches!(d.place, Place::Section(_)))
        .collect()
}

/// 长春市体育局 2023年报告: the text says 共受理政府信息公开申请2件, the table 一、本年新收 3 — here taken as a report
/// whose writer checked it (the text counts another scope), so the warning is answered rather than "fixed".
fn changchun() -> Report {
    let t = templates::national();
    let mut report = Report::new(t);
    set(t, &mut report, "applications.new.total", "3");
    set(t, &mut report, "applications.carried_in.total", "0");
    overview(
        t,
        &mut report,
        "（二）依申请公开工作情况。本年度，共受理政府信息公开申请2件，都在法定期限内予以答复。",
    );
    report
}

/// The report with its one narrative warning marked 已核实 for `reason`.
fn marked(reason: &str) -> Report {
    let t = templates::national();
    let mut report = changchun();
    let findings = check(t, &report);
    let warning = narrative(&findings)[0];
    assert_eq!(warning.severity, Severity::Warning);
    let mut mark = mark_for(t, &report, warning).expect("a warning can be marked");
    mark.reason = reason.to_owned();
    report.verify(mark).unwrap();
    report
}

#[test]
fn a_marked_warning_is_counted_apart_and_keeps_its_reason_through_the_file() {
    let t = templates::national();
    let before = check(t, &changchun()).counts();
    let report = marked("  口径不同：文中为登记受理数 ");
    let findings = check(t, &report);
    let counts = findings.counts();
    assert_eq!(counts.warnings, before.warnings - 1);
    assert_eq!(counts.verified, 1);
    assert_eq!((counts.errors, counts.notes), (before.errors, before.notes));
    assert!(findings.stale.is_empty());
    let answered: Vec<&Diagnostic> = findings.answered().collect();
    assert_eq!(answered.len(), 1);
    assert_eq!(answered[0].verified, Some(0));
    assert_eq!(
        report.verified()[0].reason,
        "口径不同：文中为登记受理数",
        "trimmed"
    );
    assert!(findings.open().all(|d| d.verified.is_none()));

    // Written as version 2 with the mark; read back, it still answers the finding.
    let json = report.to_file(t).to_json();
    assert!(json.contains("\"schema_version\": 2"), "{json}");
    assert!(json.contains("\"verified\""), "{json}");
    assert!(json.contains("\"kind\": \"narrative_figure\""), "{json}");
    let file = ReportFile::from_json(&json).unwrap();
    let read = Report::from_file(t, &file).unwrap();
    assert_eq!(read, report);
    assert_eq!(check(t, &read).counts(), counts);
}

#[test]
fn the_mark_goes_stale_when_a_cell_it_answered_changes_and_is_dropped() {
    let t = templates::national();
    let mut report = marked("口径不同：备案案件数");
    set(t, &mut report, "applications.new.total", "4");
    let findings = check(t, &report);
    assert_eq!(findings.stale, vec![0], "the table's figure changed");
    assert_eq!(findings.counts().verified, 0);
    assert_eq!(
        narrative(&findings)[0].verified,
        None,
        "the warning is open again"
    );
    assert!(report.drop_verified(&findings.stale));
    assert!(report.verified().is_empty());
    // Back to the figure it answered: the mark was dropped, the warning stays open.
    set(t, &mut report, "applications.new.total", "3");
    let findings = check(t, &report);
    assert_eq!(findings.counts().verified, 0);
    assert_eq!(narrative(&findings).len(), 1);
    assert!(findings.stale.is_empty());
}

#[test]
fn the_mark_goes_stale_when_the_figure_in_the_text_changes_or_the_finding_goes() {
    let t = templates::national();
    let mut report = marked("口径不同：备案案件数");
    overview(t, &mut report, "本年度，共受理政府信息公开申请5件。");
    assert_eq!(
        check(t, &report).stale,
        vec![0],
        "the text's figure changed"
    );

    let mut report = marked("口径不同：备案案件数");
    // Another sentence of the same section edited, the figure kept: the mark still answers.
    overview(
        t,
        &mut report,
        "（二）依申请公开工作情况。全年共受理政府信息公开申请2件，均按时答复。",
    );
    let findings = check(t, &report);
    assert!(findings.stale.is_empty(), "{:?}", findings.stale);
    assert_eq!(findings.counts().verified, 1);

    // The text made to agree with the table: nothing to answer any more.
    overview(t, &mut report, "本年度，共受理政府信息公开申请3件。");
    assert_eq!(check(t, &report).stale, vec![0]);
}

#[test]
fn errors_cannot_be_marked_and_a_mark_written_for_one_answers_nothing() {
    let t = templates::national();
    let mut report = Report::new(t);
    // A row's 总计 smaller than the one column filled: an error.
    set(t, &mut report, "applications.new.natural", "5");
    set(t, &mut report, "applications.new.total", "1");
    let findings = check(t, &report);
    let error = findings
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error && d.rule.is_some())
        .expect("an error by a rule");
    assert_eq!(mark_for(t, &report, error), None);

    // A file that marks it anyway (written by hand) reads, but the mark answers nothing and is stale.
    let warning = marked("x");
    let mut mark = warning.verified()[0].clone();
    mark.rule = error.rule.unwrap();
    mark.kind = t.rules[mark.rule].kind().to_owned();
    mark.actual = error.actual;
    mark.expected = error.expected;
    report.verify(mark).unwrap();
    let findings = check(t, &report);
    assert_eq!(findings.stale, vec![0]);
    assert_eq!(findings.counts().verified, 0);
}

#[test]
fn a_reason_is_required_and_short() {
    let t = templates::national();
    let mut report = changchun();
    let findings = check(t, &report);
    let mut mark = mark_for(t, &report, narrative(&findings)[0]).unwrap();
    mark.reason = "   ".to_owned();
    assert_eq!(report.verify(mark.clone()), Err(ReasonError::Blank));
    mark.reason = "长".repeat(201);
    assert_eq!(report.verify(mark.clone()), Err(ReasonError::TooLong(201)));
    assert!(report.verified().is_empty(), "nothing changed");
    assert!(ReasonError::Blank.to_string().contains("不能为空"));
    // Marking the same finding again replaces the reason rather than adding a second mark.
    mark.reason = "一".to_owned();
    report.verify(mark.clone()).unwrap();
    mark.reason = "二".to_owned();
    report.verify(mark).unwrap();
    assert_eq!(report.verified().len(), 1);
    assert_eq!(report.verified()[0].reason, "二");
    report.unverify(0);
    assert!(report.verified().is_empty());
}

#[test]
fn a_cross_year_mark_is_kept_while_last_years_report_is_not_at_hand() {
    let t = templates::national();
    let last_file = ReportFile::from_json(include_str!(
        "../examples/reports/national-2024-example.json"
    ))
    .unwrap();
    let last = Report::from_file(t, &last_file).unwrap();
    let mut report = Report::from_file(
        t,
        &ReportFile::from_json(include_str!(
            "../examples/reports/national-2025-example.json"
        ))
        .unwrap(),
    )
    .unwrap();
    // ×5 fewer new applications than last year: a note by `previous_ratio`.
    let new_total = t.index_of("applications.new.total").unwrap();
    let was = last.cell(new_total).value.clone().unwrap().unwrap();
    set(t, &mut report, "applications.new.total", "1");
    let previous = Some(Previous {
        template: t,
        report: &last,
    });
    let findings = check_with_previous(t, &report, previous);
    let note = findings
        .diagnostics
        .iter()
        .find(|d| {
            d.rule
                .is_some_and(|r| t.rules[r].kind() == "previous_ratio")
        })
        .unwrap_or_else(|| {
            panic!(
                "a ratio note (last year {was}): {:#?}",
                findings.diagnostics
            )
        });
    assert_eq!(note.severity, Severity::Note);
    let mut mark = mark_for(t, &report, note).unwrap();
    mark.reason = "本年机构调整，申请大幅减少".to_owned();
    report.verify(mark).unwrap();
    let with = check_with_previous(t, &report, previous);
    assert!(with.stale.is_empty());
    assert_eq!(with.counts().verified, 1);
    let without = check(t, &report);
    assert!(without.stale.is_empty(), "kept: its rule was not checked");
    assert_eq!(without.counts().verified, 0);
}

#[test]
fn version_1_reads_and_migrates_a_newer_version_is_refused_in_chinese() {
    let v1 = include_str!("../examples/reports/national-2025-example.json");
    assert!(v1.contains("\"schema_version\": 1"));
    let file = ReportFile::from_json(v1).unwrap();
    assert_eq!(file.schema_version, SCHEMA_VERSION);
    assert_eq!(SCHEMA_VERSION, 2);
    assert!(file.verified.is_empty());
    let t = templates::national();
    let report = Report::from_file(t, &file).unwrap();
    assert!(report
        .to_file(t)
        .to_json()
        .contains("\"schema_version\": 2"));

    // `verified` belongs to version 2: in a version 1 file it is an unknown key.
    let v1_with = v1.replacen("\"cells\"", "\"verified\": [],\n  \"cells\"", 1);
    let error = ReportFile::from_json(&v1_with).unwrap_err();
    assert!(error.to_string().contains("verified"), "{error}");

    let v3 = v1.replacen("\"schema_version\": 1", "\"schema_version\": 3", 1);
    let error = ReportFile::from_json(&v3).unwrap_err();
    assert_eq!(error, ReportError::SchemaVersion(3));
    assert!(error.to_string().contains("更新版本的程序"), "{error}");

    // A version 2 file with a malformed mark: the reason, in Chinese.
    let v2 = v1.replacen("\"schema_version\": 1", "\"schema_version\": 2", 1);
    for (marks, words) in [
        ("{}", "verified 应为列表"),
        ("[1]", "第 1 项应为对象"),
        (
            r#"[{"rule": "x", "kind": "a", "place": "b", "reason": "c"}]"#,
            "“rule”不是应有的类型",
        ),
        (r#"[{"rule": 1, "kind": "a", "place": "b"}]"#, "缺少 reason"),
        (
            r#"[{"rule": 1, "kind": "a", "place": "b", "reason": "c", "extra": 1}]"#,
            "本格式没有的项“extra”",
        ),
    ] {
        let text = v2.replacen(
            "\"cells\"",
            &format!("\"verified\": {marks},\n  \"cells\""),
            1,
        );
        let error = ReportFile::from_json(&text).unwrap_err().to_string();
        assert!(error.contains(words), "{marks}: {error}");
    }
    let blank = v2.replacen(
        "\"cells\"",
        r#""verified": [{"rule": 1, "kind": "a", "place": "b", "reason": " "}], "cells""#,
        1,
    );
    let file = ReportFile::from_json(&blank).unwrap();
    let error = Report::from_file(t, &file).unwrap_err().to_string();
    assert!(
        error.contains("已核实") && error.contains("不能为空"),
        "{error}"
    );
}

/// The Excel export's 检查结果 sheet lists the open findings first, then the marked ones with their reasons; the
/// workbook is written from the report's own marks.
#[cfg(feature = "office")]
#[test]
fn the_excel_review_lists_marked_findings_apart_with_their_reasons() {
    use nianbao::export::xlsx;
    let t = templates::national();
    let report = marked("口径不同：备案案件数");
    let lines = xlsx::finding_lines(&check(t, &report), &report);
    let marked_at = lines
        .iter()
        .position(|l| l.verified.is_some())
        .expect("the marked warning is listed");
    assert!(lines[..marked_at].iter().all(|l| l.verified.is_none()));
    assert!(
        lines[marked_at..].iter().all(|l| l.verified.is_some()),
        "marked ones last"
    );
    assert_eq!(
        lines[marked_at].verified.as_deref(),
        Some("口径不同：备案案件数")
    );
    assert!(lines[marked_at].message.contains("受理政府信息公开申请2件"));
    let book = nianbao::export::xlsx_file(t, &report).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
    let mut strings = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/sharedStrings.xml").unwrap(),
        &mut strings,
    )
    .unwrap();
    for words in ["核实说明", "警告（已核实）", "口径不同：备案案件数"] {
        assert!(strings.contains(words), "{words}");
    }
}
