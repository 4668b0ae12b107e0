//! Blank cells in the identities of a half-filled table: findings and fixes that are right while the writer is still
#![cfg(not(target_arch = "wasm32"))]
//! filling it, and for tables published with whole columns left blank.
//!
//! The layouts are those of real published 2022 reports in the national format: 长春市二道区房屋征收工作管理办公室's
//! table 三 fills the 自然人 column and the 总计 of 一、二 only (56 new applications, 18 予以公开), leaving the
//! organisations' columns and the item rows' 总计 blank; 武汉市汉阳区人民政府办公室's 8 applications, all from
//! natural persons.

use nianbao::check::{check, Diagnostic, Findings};
use nianbao::model::{CellIndex, Report, Severity, Template};
use nianbao::templates;

const ORGS: [&str; 5] = [
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other_org",
];

fn cell(template: &Template, id: &str) -> CellIndex {
    template.index_of(id).unwrap_or_else(|| panic!("{id}"))
}

fn set(template: &Template, report: &mut Report, id: &str, raw: &str) {
    report.set_cell(template, cell(template, id), raw);
}

/// Table 三 as the 二道区 office published it: natural persons' column filled (56 new, 0 carried over, 18 予以公开,
/// the rest of the 56 in 其他处理 3.其他 for this fixture), 总计 filled only for 一, 二, （七） and 四.
fn erdao(template: &Template) -> Report {
    let mut report = Report::new(template);
    for (row, natural) in [
        ("new", "56"),
        ("carried_in", "0"),
        ("open", "18"),
        ("other_3", "38"),
        ("total", "56"),
        ("carried_out", "0"),
    ] {
        set(
            template,
            &mut report,
            &format!("applications.{row}.natural"),
            natural,
        );
    }
    for (row, total) in [
        ("new", "56"),
        ("carried_in", "0"),
        ("total", "56"),
        ("carried_out", "0"),
    ] {
        set(
            template,
            &mut report,
            &format!("applications.{row}.total"),
            total,
        );
    }
    report
}

fn in_table<'a>(template: &Template, findings: &'a Findings, table: &str) -> Vec<&'a Diagnostic> {
    findings
        .diagnostics
        .iter()
        .filter(|d| {
            d.rule.is_some()
                && d.cells
                    .first()
                    .is_some_and(|&c| template.table(template.cell(c).table).id == table)
        })
        .collect()
}

/// No fix ever changes a figure that is filled to a smaller one because its parts are blank.
fn assert_no_destructive_fix(template: &Template, report: &Report, findings: &Findings) {
    for d in &findings.diagnostics {
        if let Some(fix) = &d.fix {
            let current = report.cell(fix.cell).value.clone().unwrap();
            assert!(
                current.is_none() || d.severity == Severity::Error,
                "a fix over a filled cell from a note: {d:#?}"
            );
            if d.severity == Severity::Error {
                let parts_blank = d
                    .cells
                    .iter()
                    .any(|&c| c != fix.cell && matches!(report.cell(c).value, Ok(None)));
                assert!(
                    !parts_blank,
                    "{}: a fix that depends on blank cells: {d:#?}",
                    template.id
                );
            }
        }
    }
}

#[test]
fn a_table_published_with_blank_columns_has_no_error_and_no_destructive_fix() {
    let template = templates::national();
    let report = erdao(template);
    let findings = check(template, &report);
    let table = in_table(template, &findings, "applications");
    assert!(
        table.iter().all(|d| d.severity == Severity::Note),
        "{table:#?}"
    );
    assert_no_destructive_fix(template, &report, &findings);
    // The grand total 56 is right: nothing offers to change it to 0.
    let grand = cell(template, "applications.total.total");
    assert!(findings
        .diagnostics
        .iter()
        .all(|d| d.fix.as_ref().is_none_or(|f| f.cell != grand)));
    // The row of 予以公开 is being filled (its 总计 and the organisations' columns blank): its finding waits, and the
    // table's completeness note lists the blank cells.
    let open_total = cell(template, "applications.open.total");
    assert!(findings.for_cell(open_total).next().is_none());
    let unfilled = findings
        .diagnostics
        .iter()
        .find(|d| {
            d.rule.is_none()
                && d.message
                    .contains("三、收到和处理政府信息公开申请情况”还有")
        })
        .expect("the table's completeness note");
    assert!(unfilled.cells.contains(&open_total));
}

#[test]
fn a_grand_total_over_blank_row_totals_offers_to_fill_them_from_their_rows() {
    let template = templates::national();
    let mut report = erdao(template);
    // The organisations' columns written as 0: now each item row's 总计 is determined by its own columns.
    for row in ["open", "other_3"] {
        for org in ORGS {
            set(
                template,
                &mut report,
                &format!("applications.{row}.{org}"),
                "0",
            );
        }
    }
    let findings = check(template, &report);
    let grand = cell(template, "applications.total.total");
    let note = findings
        .for_cell(grand)
        .next()
        .expect("a note at （七）总计（总计）");
    assert_eq!(note.severity, Severity::Note);
    assert!(
        note.message
            .starts_with("“总计”一列：“（七）总计”为 56，已填写的其中"),
        "{}",
        note.message
    );
    assert!(
        note.message.contains("可按所在行各列之和填写"),
        "{}",
        note.message
    );
    let fix = note
        .fix
        .as_ref()
        .expect("the first determined row total is offered");
    assert_eq!(fix.cell, cell(template, "applications.open.total"));
    assert_eq!(
        (fix.value, fix.label.as_str()),
        (18, "在“（一）予以公开（总计）”填入 18")
    );
    // The row's own finding offers the same filling.
    let row = findings
        .for_cell(cell(template, "applications.open.total"))
        .next()
        .unwrap();
    assert_eq!(
        row.message,
        "“（一）予以公开”一行：“总计”尚未填写，按“自然人”至“其他”共 6 列之和应为 18"
    );
    assert_no_destructive_fix(template, &report, &findings);

    // Applying the offered fills one by one completes the table, with no finding left in it.
    for _ in 0..40 {
        let findings = check(template, &report);
        let Some(fix) = in_table(template, &findings, "applications")
            .into_iter()
            .find_map(|d| d.fix.clone())
        else {
            break;
        };
        report.set_cell(template, fix.cell, &fix.value.to_string());
    }
    let findings = check(template, &report);
    let left: Vec<_> = in_table(template, &findings, "applications");
    // Only the organisations' blank rows of 一、二、（七）、四 remain, and they wait: no finding.
    assert!(left.is_empty(), "{left:#?}");
    assert_eq!(
        report
            .cell(cell(template, "applications.other_3.total"))
            .raw,
        "38"
    );
}

#[test]
fn a_total_whose_parts_are_all_blank_waits() {
    let template = templates::national();
    let mut report = Report::new(template);
    set(template, &mut report, "appeals.cases.review_total", "3");
    let findings = check(template, &report);
    assert!(
        in_table(template, &findings, "appeals").is_empty(),
        "{findings:#?}"
    );
}

#[test]
fn filled_parts_over_the_total_are_an_error_even_with_blanks_but_without_a_fix() {
    let template = templates::national();
    let mut report = Report::new(template);
    set(template, &mut report, "appeals.cases.review_total", "3");
    set(template, &mut report, "appeals.cases.review_upheld", "2");
    set(template, &mut report, "appeals.cases.review_corrected", "2");
    let findings = check(template, &report);
    let total = cell(template, "appeals.cases.review_total");
    let error = findings.for_cell(total).next().expect("an error");
    assert_eq!(error.severity, Severity::Error);
    assert_eq!(
        error.message,
        "已填写的“行政复议·结果维持”至“行政复议·尚未审结”共 4 列之和 4 已超过“行政复议·总计”的 3，多出 1（另有 2 格未填写）"
    );
    assert_eq!(error.fix, None);
    // With every part filled, the fix is offered again.
    set(template, &mut report, "appeals.cases.review_other", "0");
    set(template, &mut report, "appeals.cases.review_pending", "0");
    let findings = check(template, &report);
    let error = findings.for_cell(total).next().unwrap();
    assert_eq!(error.fix.as_ref().map(|f| f.value), Some(4));
    // Fewer filled than the total, with blanks: not yet complete, a note.
    set(template, &mut report, "appeals.cases.review_corrected", "");
    set(template, &mut report, "appeals.cases.review_pending", "");
    let findings = check(template, &report);
    let note = findings.for_cell(total).next().unwrap();
    assert_eq!(note.severity, Severity::Note);
    assert!(note.message.contains("尚未填完"), "{}", note.message);
    assert_eq!(note.fix, None);
}

#[test]
fn typing_the_first_row_gives_no_balance_finding() {
    let template = templates::national();
    let mut report = Report::new(template);
    // The 汉阳区 office's 8 applications, all from natural persons, typed as the first row.
    set(template, &mut report, "applications.new.natural", "8");
    for org in ORGS {
        set(
            template,
            &mut report,
            &format!("applications.new.{org}"),
            "0",
        );
    }
    set(template, &mut report, "applications.new.total", "8");
    let findings = check(template, &report);
    let loud: Vec<_> = findings
        .diagnostics
        .iter()
        .filter(|d| d.rule.is_some())
        .collect();
    assert!(loud.is_empty(), "{loud:#?}");
}

#[test]
fn the_carry_over_is_offered_only_when_everything_else_is_filled() {
    let template = templates::national();
    let mut report = Report::new(template);
    set(template, &mut report, "applications.new.natural", "8");
    set(template, &mut report, "applications.total.natural", "7");
    // 二 and 四 are blank: blanks on both sides, nothing to say yet.
    let natural_out = cell(template, "applications.carried_out.natural");
    assert!(check(template, &report)
        .for_cell(natural_out)
        .next()
        .is_none());
    set(
        template,
        &mut report,
        "applications.carried_in.natural",
        "0",
    );
    let findings = check(template, &report);
    let note = findings.for_cell(natural_out).next().expect("a note at 四");
    assert_eq!(note.severity, Severity::Note);
    assert_eq!(
        note.message,
        "“自然人”一列：“四”尚未填写，按“一” + “二”应等于“（七）总计” + “四”，应为 1"
    );
    assert_eq!(
        note.fix.as_ref().map(|f| f.label.as_str()),
        Some("在“四（自然人）”填入 1")
    );
    // More handled than received: an error whatever 四 will be, with no fix for it.
    set(template, &mut report, "applications.total.natural", "9");
    let findings = check(template, &report);
    let error = findings.for_cell(natural_out).next().unwrap();
    assert_eq!(error.severity, Severity::Error);
    assert_eq!(
        error.message,
        "“自然人”一列：已填写的“（七）总计” + “四” 9 已超过“一” + “二” 8，多出 1（“四”尚未填写）"
    );
    assert_eq!(error.fix, None);
    // All filled and unequal: the error and its fix, as before.
    set(template, &mut report, "applications.total.natural", "7");
    set(
        template,
        &mut report,
        "applications.carried_out.natural",
        "3",
    );
    let findings = check(template, &report);
    let error = findings.for_cell(natural_out).next().unwrap();
    assert_eq!(
        error.message,
        "“自然人”一列：“一” + “二”（8）应等于“（七）总计” + “四”（10），相差 2"
    );
    assert_eq!(
        error.fix.as_ref().map(|f| f.label.as_str()),
        Some("将“四（自然人）”改为 1")
    );
}
