//! Consistency of who and when: the report's title as the text restates it names the header's unit and the report's
#![cfg(not(target_arch = "wasm32"))]
//! year. Preambles of published reports.

use nianbao::check::{check, Diagnostic, Findings};
use nianbao::model::{Report, Severity, Template};
use nianbao::templates;

fn same_unit<'a>(t: &Template, findings: &'a Findings) -> Vec<&'a Diagnostic> {
    findings
        .diagnostics
        .iter()
        .filter(|d| d.rule.is_some_and(|n| t.rules[n].kind() == "same_unit"))
        .collect()
}

fn report(t: &Template, unit: &str, year: &str, overview: &str) -> Report {
    let mut report = Report::new(t);
    report.set_field(t.field_index("unit").unwrap(), unit);
    report.set_field(t.field_index("year").unwrap(), year);
    report.set_section(t.section_index("overview").unwrap(), overview);
    report
}

/// 湛江市人民政府地方志办公室 2023: 特编制湛江市人民政府地方志办公室2023年政府信息公开工作年度报告.
const ZHANJIANG: &str = "根据《中华人民共和国政府信息公开条例》要求，特编制湛江市人民政府地方志办公室2023年政府信息公开工作年度报告。\
    本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等内容。";

#[test]
fn the_restated_title_names_the_headers_unit() {
    let t = templates::national();
    let ok = report(t, "湛江市人民政府地方志办公室", "2023", ZHANJIANG);
    assert!(same_unit(t, &check(t, &ok)).is_empty());
    // Copied from another unit's report.
    let other = report(t, "湛江市档案馆", "2023", ZHANJIANG);
    let findings = check(t, &other);
    let found = same_unit(t, &findings);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(
        found[0].message.starts_with(
            "“一、总体情况”中写到“湛江市人民政府地方志办公室2023年政府信息公开工作年度报告”，而发布单位是“湛江市档案馆”"
        ),
        "{}",
        found[0].message
    );
}

#[test]
fn the_restated_title_names_the_reports_year() {
    let t = templates::national();
    // 杨凌示范区审计局 2022's preamble, as if left from the year before.
    let copied = report(
        t,
        "杨凌示范区审计局",
        "2022",
        "根据《中华人民共和国政府信息公开条例》规定，现公布我局2021年政府信息公开工作年度报告。",
    );
    let findings = check(t, &copied);
    let found = same_unit(t, &findings);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Error);
    assert_eq!(
        (found[0].actual, found[0].expected),
        (Some(2021), Some(2022))
    );
}

/// Wordings that name no unit or another document: 我局, 关于2022年度…的报告 (长春市二道区), a notice's title (定西市
/// 公共资源交易中心 2020, with spaces around the year), 南平市's 做好2012年政府信息公开工作年度报告有关事项的通知.
#[test]
fn titles_of_notices_and_we_are_not_compared() {
    let t = templates::national();
    for (unit, year, text) in [
        ("杨凌示范区审计局", "2022", "现公布我局2022年政府信息公开工作年度报告。"),
        ("长春市二道区房屋征收工作管理办公室", "2022", "关于2022年度政府信息公开情况的报告"),
        (
            "定西市公共资源交易中心",
            "2020",
            "按照定西市政务公开领导小组办公室《关于做好 2020 年政府信息公开工作年度报告编制发布工作的通知》要求，我中心高度重视。",
        ),
        (
            "南平市人民政府",
            "2012",
            "本报告根据《福建省人民政府办公厅关于做好2012年政府信息公开工作年度报告有关事项的通知》要求编制。",
        ),
    ] {
        let findings = check(t, &report(t, unit, year, text));
        assert!(same_unit(t, &findings).is_empty(), "{text}: {:#?}", same_unit(t, &findings));
    }
}

#[test]
fn last_years_report_cited_in_five_is_not_a_wrong_year() {
    let t = templates::national();
    let mut cited = report(t, "杨凌示范区审计局", "2022", "");
    cited.set_section(
        t.section_index("problems").unwrap(),
        "2021年政府信息公开工作年度报告所列问题已全部整改。下一步将加强培训。",
    );
    assert!(same_unit(t, &check(t, &cited)).is_empty());
}

/// The signature typed at the end of 六 (a unit's name above the date, the way published reports pasted from a
/// document end; the unit is 长春市二道区房屋征收工作管理办公室 of the blank-cell fixtures): it must be the header's unit. A sentence with a date in it, or a date alone, is no signature.
#[test]
fn the_signature_at_the_end_names_the_headers_unit() {
    let t = templates::national();
    let other = t.section_index("other").unwrap();
    let ending = "本年度未收取信息处理费。\n\n长春市二道区房屋征收工作管理办公室\n2023年1月16日";
    let mut ok = report(t, "长春市二道区房屋征收工作管理办公室", "2022", "");
    ok.set_section(other, ending);
    assert!(same_unit(t, &check(t, &ok)).is_empty());
    let mut copied = report(t, "长春市二道区住房保障和房屋管理局", "2022", "");
    copied.set_section(other, ending);
    let findings = check(t, &copied);
    let found = same_unit(t, &findings);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(
        found[0]
            .message
            .contains("末尾署名“长春市二道区房屋征收工作管理办公室”"),
        "{}",
        found[0].message
    );
    for text in [
        "本年度未收取信息处理费。\n2023年1月16日",
        "本年度未收取信息处理费，截至2023年1月16日，无其他事项。",
        "我办将继续做好政府信息公开工作，不断提高公开质量。\n2023年1月16日",
    ] {
        let mut r = report(t, "长春市二道区住房保障和房屋管理局", "2022", "");
        r.set_section(other, text);
        assert!(same_unit(t, &check(t, &r)).is_empty(), "{text}");
    }
}
