//! The 2019 trial format (国办公开办函〔2019〕60号, for the 2019 and 2020 reports) as data: its table 二 has signed
//! 本年增/减 columns, which the engine reads through the generic per-column kind `signed` (a negative figure only
//! where a template declares it); a 2021 report's carry-over is checked against a 2020 report in it.
#![cfg(not(target_arch = "wasm32"))]

use nianbao::check::{check, check_with_previous, Diagnostic, Findings, Previous};
use nianbao::model::number::{format, signed};
use nianbao::model::template::TemplateError;
use nianbao::model::{CellKind, ParseError, Report, Severity, Template};
use nianbao::templates;

fn trial() -> &'static Template {
    templates::by_id("national-2019").expect("the 2019 trial format is built in")
}

fn set(template: &Template, report: &mut Report, cells: &[(&str, &str)]) {
    for (id, raw) in cells {
        let index = template.index_of(id).unwrap_or_else(|| panic!("{id}"));
        report.set_cell(template, index, raw);
    }
}

fn by_kind<'a>(template: &Template, findings: &'a Findings, kind: &str) -> Vec<&'a Diagnostic> {
    findings
        .diagnostics
        .iter()
        .filter(|d| d.rule.is_some_and(|r| template.rules[r].kind() == kind))
        .collect()
}

/// The format's file is all it takes: read as data by the same loader, it is the built-in template.
#[test]
fn the_trial_format_is_a_data_file_read_by_the_generic_loader() {
    let loaded = Template::from_json(include_str!("../src/templates/national-2019.json")).unwrap();
    let t = trial();
    assert_eq!(loaded.id, t.id);
    assert_eq!(loaded.cells(), t.cells());
    assert_eq!(loaded.rules, t.rules);
    assert_eq!((t.years.from, t.years.to), (Some(2019), Some(2020)));
    let titles: Vec<&str> = t.tables.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "第二十条第（一）项",
            "第二十条第（五）项",
            "第二十条第（六）项",
            "第二十条第（八）项",
            "第二十条第（九）项",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
        ]
    );
    let labels = |table: usize| -> Vec<&str> {
        t.tables[table]
            .columns
            .iter()
            .map(|c| c.label.as_str())
            .collect()
    };
    assert_eq!(
        labels(0),
        ["本年新制作数量", "本年新公开数量", "对外公开总数量"]
    );
    assert_eq!(labels(1), ["上一年项目数量", "本年增/减", "处理决定数量"]);
    assert_eq!(labels(3), ["上一年项目数量", "本年增/减"]);
    assert_eq!(labels(4), ["采购项目数量", "采购总金额"]);
    // （六）其他处理 has no numbered items in this format (the 2021 format added three).
    let other = t.index_of("applications.other.total").unwrap();
    assert_eq!(t.cell(other).kind, CellKind::Count);
    assert!(t.index_of("applications.other_1.total").is_none());
    // Only the 本年增/减 cells are signed.
    let signed_cells: Vec<&str> = t
        .cells()
        .iter()
        .filter(|c| c.kind == CellKind::Signed)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(
        signed_cells,
        [
            "art20_5.licensing.change",
            "art20_5.other_services.change",
            "art20_6.penalty.change",
            "art20_6.coercion.change",
            "art20_8.fees.change",
        ]
    );
}

/// 武汉市生态环境局 2020年报告 (table 二 as published: 行政许可 8 | 5 | 93, 其他对外管理服务事项 117 | 0 | 165, 行政处罚
/// 90 | 0 | 22, 行政强制 4 | 4 | -; the header says 减用负值表示，如-8).
#[test]
fn a_negative_change_is_a_figure_where_declared_and_an_error_elsewhere() {
    let t = trial();
    let mut report = Report::new(t);
    set(
        t,
        &mut report,
        &[
            ("art20_5.licensing.previous", "8"),
            ("art20_5.licensing.change", "5"),
            ("art20_5.licensing.decisions", "93"),
            ("art20_5.other_services.previous", "117"),
            ("art20_5.other_services.change", "0"),
            ("art20_5.other_services.decisions", "165"),
            ("art20_6.penalty.previous", "90"),
            ("art20_6.penalty.change", "-8"),
            ("art20_6.penalty.decisions", "22"),
            ("art20_6.coercion.previous", "4"),
            ("art20_6.coercion.change", "4"),
            ("art20_6.coercion.decisions", "-"),
        ],
    );
    let change = t.index_of("art20_6.penalty.change").unwrap();
    let stored = report.cell(change).value.clone().unwrap().unwrap();
    assert_eq!(signed(stored), -8);
    assert_eq!(format(CellKind::Signed, stored), "-8");
    let findings = check(t, &report);
    assert_eq!(
        findings.count(Severity::Error),
        0,
        "{:#?}",
        findings.diagnostics
    );
    // The published "-" in a count cell is "not filled", with the hint to write 0 (a warning, not an error).
    let coercion = t.index_of("art20_6.coercion.decisions").unwrap();
    let at: Vec<&Diagnostic> = findings.for_cell(coercion).collect();
    assert_eq!(at.len(), 1);
    assert_eq!(at[0].severity, Severity::Warning);
    assert!(
        at[0].message.contains("没有发生的请填 0"),
        "{}",
        at[0].message
    );

    // The same -8 in a count cell (处理决定数量) is an error, as in every other format.
    set(t, &mut report, &[("art20_6.penalty.decisions", "-8")]);
    let decisions = t.index_of("art20_6.penalty.decisions").unwrap();
    assert_eq!(report.cell(decisions).value, Err(ParseError::Negative));
    let findings = check(t, &report);
    assert!(findings
        .for_cell(decisions)
        .any(|d| d.severity == Severity::Error && d.message.contains("不能填写负数")));

    // The round trip through the report file keeps the sign as typed.
    let file = report.to_file(t);
    let read = Report::from_file(t, &file).unwrap();
    assert_eq!(read.cell(change).value, Ok(Some(stored)));
}

/// The kind is generic: any template may declare it on a column; a signed cell is never put in a rule, and a cell
/// whose row and column both declare a kind is refused.
#[test]
fn a_template_cannot_sum_a_signed_cell_or_give_a_cell_two_kinds() {
    let base = |column: &str, row: &str, rules: &str| {
        format!(
            r#"{{"id": "t", "version": 1, "name": "t", "header": [],
              "blocks": [{{"type": "table", "table": "a"}}],
              "tables": [{{"id": "a", "title": "a", "stub_header": "",
                "columns": [{{"id": "x", "label": "x"}}, {column}],
                "rows": [{row}]}}],
              "rules": [{rules}]}}"#
        )
    };
    let signed = r#"{"id": "d", "label": "本年增/减", "kind": "signed"}"#;
    let row = r#"{"id": "r", "label": "r"}"#;
    let fine = Template::from_json(&base(signed, row, "")).unwrap();
    let d = fine.index_of("a.r.d").unwrap();
    assert_eq!(fine.cell(d).kind, CellKind::Signed);
    assert_eq!(
        fine.cell(fine.index_of("a.r.x").unwrap()).kind,
        CellKind::Count
    );

    let summed = base(
        signed,
        row,
        r#"{"kind": "sum_equals", "total": "a.r.x", "parts": ["a.r.d"]}"#,
    );
    let error = Template::from_json(&summed).unwrap_err();
    assert!(
        matches!(error, TemplateError::SignedCellInRule { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("可为负数"), "{error}");

    let money_row = r#"{"id": "r", "label": "r", "kind": "money"}"#;
    let error = Template::from_json(&base(signed, money_row, "")).unwrap_err();
    assert!(matches!(error, TemplateError::TwoKinds(_)), "{error:?}");

    let decimals = r#"{"id": "d", "label": "d", "kind": "signed", "decimals": 2}"#;
    let error = Template::from_json(&base(decimals, row, "")).unwrap_err();
    assert!(error.to_string().contains("只有金额列"), "{error}");
}

/// 七里坪镇 2020年报告 (2019 format: 本年新收 3 from natural persons, 予以公开 3, so nothing carried into 2021) as last
/// year's report of a 2021 report in the national format: its 上年结转 is checked against the 2020 report's
/// 结转下年度继续办理, across the two formats.
#[test]
fn a_2021_reports_carry_over_is_checked_against_a_2020_report_in_the_trial_format() {
    let trial = trial();
    let mut last = Report::new(trial);
    let zeros = [
        "commercial",
        "research",
        "public_interest",
        "legal_services",
        "other_org",
    ];
    let mut cells: Vec<(String, &str)> = vec![
        ("applications.new.natural".into(), "3"),
        ("applications.new.total".into(), "3"),
        ("applications.open.natural".into(), "3"),
        ("applications.open.total".into(), "3"),
        ("applications.total.natural".into(), "3"),
        ("applications.total.total".into(), "3"),
        ("applications.carried_out.natural".into(), "0"),
        ("applications.carried_out.total".into(), "0"),
    ];
    for column in zeros {
        for row in ["new", "open", "total", "carried_out"] {
            cells.push((format!("applications.{row}.{column}"), "0"));
        }
    }
    let cells: Vec<(&str, &str)> = cells.iter().map(|(id, v)| (id.as_str(), *v)).collect();
    set(trial, &mut last, &cells);
    let national = templates::national();
    let mut report = Report::new(national);
    set(
        national,
        &mut report,
        &[("applications.carried_in.natural", "2")],
    );
    let previous = Some(Previous {
        template: trial,
        report: &last,
    });
    let findings = check_with_previous(national, &report, previous);
    let carried = by_kind(national, &findings, "previous_equals");
    assert_eq!(carried.len(), 1, "{carried:#?}");
    assert_eq!(carried[0].severity, Severity::Warning);
    assert_eq!((carried[0].actual, carried[0].expected), (Some(2), Some(0)));

    set(
        national,
        &mut report,
        &[("applications.carried_in.natural", "0")],
    );
    let findings = check_with_previous(national, &report, previous);
    assert!(by_kind(national, &findings, "previous_equals").is_empty());
    // 规章 and 规范性文件 counts of the two formats are different cells: no cross-year rule reads across them.
    assert!(by_kind(national, &findings, "previous_balance").is_empty());
}
