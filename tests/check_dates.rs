//! The publication date against the legal deadline (条例 第四十九条) and the years written where only the report's
#![cfg(not(target_arch = "wasm32"))]
//! year belongs, on the dates and sentences of published reports.

use nianbao::check::{check, Diagnostic, Findings};
use nianbao::model::{Report, Severity, Template};
use nianbao::templates;

fn field(t: &Template, report: &mut Report, id: &str, text: &str) {
    report.set_field(t.field_index(id).unwrap_or_else(|| panic!("{id}")), text);
}

fn by_kind<'a>(t: &Template, findings: &'a Findings, kind: &str) -> Vec<&'a Diagnostic> {
    findings
        .diagnostics
        .iter()
        .filter(|d| d.rule.is_some_and(|n| t.rules[n].kind() == kind))
        .collect()
}

/// 2022年上海市政府信息公开工作年度报告, published on 31 March 2023 (shanghai.gov.cn/nw12344/20230331/…): a people's
/// government, on the last day allowed.
#[test]
fn a_government_may_publish_until_31_march_and_its_kind_is_guessed_from_its_name() {
    let t = templates::national();
    let mut report = Report::new(t);
    field(t, &mut report, "unit", "上海市人民政府");
    field(t, &mut report, "year", "2022");
    field(t, &mut report, "publish_date", "2023年3月31日");
    let findings = check(t, &report);
    let found = by_kind(t, &findings, "deadline");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Note);
    assert_eq!(
        found[0].message,
        "机关类别尚未填写：按单位名称“上海市人民政府”，应是“人民政府”（可填：人民政府、政府部门）"
    );
    // A department publishing on that day is two months late.
    field(t, &mut report, "unit_kind", "政府部门");
    let findings = check(t, &report);
    let found = by_kind(t, &findings, "deadline");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert_eq!(
        found[0].message,
        "发布日期“2023年3月31日”晚于法定期限：政府部门应在 2023年1月31日前公布上一年度的报告（《条例》第四十九条）"
    );
}

/// 武汉市汉阳区人民政府办公室's 2022 report, published on 19 January 2023: a department, in time; its kind guessed
/// from 办公室, and a date in the report's own year is an error.
#[test]
fn a_department_in_time_and_a_date_in_a_wrong_year() {
    let t = templates::national();
    let mut report = Report::new(t);
    field(t, &mut report, "unit", "武汉市汉阳区人民政府办公室");
    field(t, &mut report, "unit_kind", "政府部门");
    field(t, &mut report, "year", "2022");
    field(t, &mut report, "publish_date", "2023-01-19");
    assert!(by_kind(t, &check(t, &report), "deadline").is_empty());
    field(t, &mut report, "publish_date", "二〇二二年一月十九日");
    let findings = check(t, &report);
    let found = by_kind(t, &findings, "deadline");
    assert_eq!(found[0].severity, Severity::Error);
    assert_eq!(
        found[0].message,
        "发布日期“二〇二二年一月十九日”的年份不对：2022年度的报告应在 2023 年公布（2023年1月31日前）"
    );
    field(t, &mut report, "publish_date", "");
    let findings = check(t, &report);
    assert_eq!(
        by_kind(t, &findings, "deadline")[0].message,
        "发布日期尚未填写：政府部门应在 2023年1月31日前公布本报告（《条例》第四十九条）"
    );
}

/// The 统计期限 sentences of 湛江市人民政府地方志办公室 (2023) and 深圳市龙岗区 (2024) reports, and one with a year
/// left from the year before.
#[test]
fn the_statistics_period_names_the_reports_year() {
    let t = templates::national();
    let overview = t.section_index("overview").unwrap();
    let mut report = Report::new(t);
    field(t, &mut report, "year", "2023");
    report.set_section(
        overview,
        "根据《中华人民共和国政府信息公开条例》要求，特编制湛江市人民政府地方志办公室2023年政府信息公开工作年度报告。\
         本报告包括总体情况、主动公开政府信息情况等内容，所列数据统计期限自2023年1月1日起到2023年12月31日止。\
         2022年以来，我办持续深化政务公开。",
    );
    assert!(by_kind(t, &check(t, &report), "report_years").is_empty());
    report.set_section(
        overview,
        "本报告所列数据的统计期限为2022年1月1日至2022年12月31日。",
    );
    let findings = check(t, &report);
    let found = by_kind(t, &findings, "report_years");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Error);
    assert_eq!(
        (found[0].actual, found[0].expected),
        (Some(2022), Some(2023))
    );
    assert!(
        found[0].message.contains("文中的 2022年 应为 2023年"),
        "{}",
        found[0].message
    );
}

/// The seed (沂源县政府办公室, 2011) is dated under its signature, 二○一二年二月五日: in time for 31 March 2012, and a
/// signature two years off is an error.
#[test]
fn the_old_formats_signature_date_is_its_publication_date() {
    let (t, mut report) =
        templates::read_report(include_str!("../examples/reports/yiyuan-2011.json")).unwrap();
    assert!(by_kind(t, &check(t, &report), "deadline").is_empty());
    assert!(by_kind(t, &check(t, &report), "report_years").is_empty());
    field(t, &mut report, "signature_date", "二○一二年四月五日");
    let findings = check(t, &report);
    assert_eq!(
        by_kind(t, &findings, "deadline")[0].severity,
        Severity::Warning
    );
    field(t, &mut report, "signature_date", "二○一○年二月五日");
    let findings = check(t, &report);
    assert!(by_kind(t, &findings, "deadline").is_empty());
    let found = by_kind(t, &findings, "report_years");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Error);
}
