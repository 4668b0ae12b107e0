//! Every built-in template loads, and the national format has the structure of the published format.

use nianbao::model::{Block, Rule, Template, TemplateError};
use nianbao::templates;

#[test]
fn every_built_in_template_loads() {
    assert_eq!(templates::all().len(), templates::SOURCES.len());
    for source in templates::SOURCES {
        let template = Template::from_json(source).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            !template.rules.is_empty() && !template.blocks.is_empty(),
            "{}",
            template.id
        );
    }
}

#[test]
fn the_format_for_a_year() {
    assert_eq!(
        templates::for_year(2011).map(|t| t.id.as_str()),
        Some("legacy-2008")
    );
    assert_eq!(
        templates::for_year(2025).map(|t| t.id.as_str()),
        Some("national-2021")
    );
    // The 2019 trial format, for the 2019 and 2020 reports.
    for year in [2019, 2020] {
        assert_eq!(
            templates::for_year(year).map(|t| t.id.as_str()),
            Some("national-2019")
        );
    }
    assert_eq!(
        templates::for_year(2018).map(|t| t.id.as_str()),
        Some("legacy-2008")
    );
    assert_eq!(
        templates::for_year(2021).map(|t| t.id.as_str()),
        Some("national-2021")
    );
}

#[test]
fn the_national_format_has_its_tables_and_sections() {
    let t = templates::national();
    let titles: Vec<&str> = t.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "一、总体情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项"
        ]
    );
    let applications = t.table(t.table_index("applications").unwrap());
    assert_eq!(applications.columns.len(), 7);
    assert_eq!(applications.rows.iter().filter(|r| r.cells).count(), 25);
    assert_eq!(t.cell_label(t.index_of("applications.refuse_3.commercial").unwrap()),
        "三、本年度办理结果，其中（三）不予公开，其中3.危及“三安全一稳定” / 法人或其他组织·商业企业");
    let tables_in_order: Vec<&str> = t
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(i) => Some(t.table(*i).id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        tables_in_order,
        [
            "art20_1",
            "art20_5",
            "art20_6",
            "art20_8",
            "applications",
            "appeals"
        ]
    );
    let balances = t
        .rules
        .iter()
        .filter(|r| matches!(r, Rule::Balance { .. }))
        .count();
    assert_eq!(balances, 7, "one balance per applicant column");
}

/// The legacy template's source with one replacement, which must change it.
fn legacy_with(from: &str, to: &str) -> String {
    let source = templates::SOURCES
        .iter()
        .find(|s| s.contains("\"legacy-2008\""))
        .unwrap();
    assert!(source.contains(from), "{from}");
    source.replacen(from, to, 1)
}

#[test]
fn a_rule_over_a_text_cell_fails_to_load() {
    let broken = legacy_with(
        r#""label": "九、召开新闻发布会数", "unit": "次""#,
        r#""label": "九、召开新闻发布会数", "kind": "text""#,
    );
    let broken = broken.replacen("stats.r10_2.total", "stats.r09.total", 1);
    assert!(matches!(
        Template::from_json(&broken),
        Err(TemplateError::TextCellInRule { .. })
    ));
}

#[test]
fn a_misplaced_wildcard_fails_to_load() {
    let broken = legacy_with(
        r#""total": "stats.r02.total""#,
        r#""total": "stats.*.total""#,
    );
    let broken = broken.replacen(r#"["stats.r02_1.total""#, r#"["stats.r02_1.*""#, 1);
    assert!(matches!(
        Template::from_json(&broken),
        Err(TemplateError::BadWildcard { .. })
    ));
}

#[test]
fn a_narrative_rule_naming_an_unknown_section_fails_to_load() {
    let broken = legacy_with(r#""section": "overview""#, r#""section": "summary""#);
    let error = Template::from_json(&broken).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("模板第 {} 条规则引用了不存在的章节“summary”", 14)
    );
}

#[test]
fn an_unknown_key_in_a_template_fails_to_load() {
    let broken = legacy_with(
        r#""years": {"to": 2018},"#,
        r#""years": {"to": 2018}, "colour": "red","#,
    );
    assert!(matches!(
        Template::from_json(&broken),
        Err(TemplateError::Malformed(_))
    ));
}

#[test]
fn a_table_block_naming_an_unknown_table_fails_to_load() {
    let broken = legacy_with(
        r#"{"type": "table", "table": "stats"}"#,
        r#"{"type": "table", "table": "statistics"}"#,
    );
    assert_eq!(
        Template::from_json(&broken).unwrap_err(),
        TemplateError::UnknownTable("statistics".into())
    );
}

#[test]
fn a_wildcard_expands_over_every_row_and_column_with_cells() {
    let t = templates::national();
    let applications = t.table_index("applications").unwrap();
    let sums = t
        .rules
        .iter()
        .filter(
            |r| matches!(r, Rule::SumEquals { total, .. } if t.cell(*total).table == applications),
        )
        .count();
    assert_eq!(sums, 25 + 7, "one per row with cells, one per column");
}

#[test]
fn grouped_column_headers_span_their_columns() {
    let t = templates::national();
    let applications = t.table(t.table_index("applications").unwrap());
    let rows = &applications.header.rows;
    assert_eq!(
        shape(&rows[0])[1..],
        [("申请人情况", 7, 1)],
        "the label column spans every header row"
    );
    assert_eq!(
        rows[0][0].rowspan, 3,
        "the label column spans every header row"
    );
    assert_eq!(
        shape(&rows[1]),
        [("自然人", 1, 2), ("法人或其他组织", 5, 1), ("总计", 1, 2)]
    );
    assert_eq!(
        shape(&rows[2]),
        [
            ("商业企业", 1, 1),
            ("科研机构", 1, 1),
            ("社会公益组织", 1, 1),
            ("法律服务机构", 1, 1),
            ("其他", 1, 1)
        ]
    );

    // As in the official table 四: 行政复议 (one level of group) stretches down over two rows, and its five
    // columns' own labels sit in the bottom row beside those of 行政诉讼's two groups.
    let appeals = t.table(t.table_index("appeals").unwrap());
    let rows = &appeals.header.rows;
    assert_eq!(rows.len(), 3);
    assert_eq!(
        shape(&rows[0]),
        [("", 1, 3), ("行政复议", 5, 2), ("行政诉讼", 10, 1)]
    );
    assert_eq!(
        shape(&rows[1]),
        [("未经复议直接起诉", 5, 1), ("复议后起诉", 5, 1)]
    );
    assert_eq!(rows[2].len(), 15);
    assert_eq!(shape(&rows[2])[0], ("结果维持", 1, 1));

    let legacy = &templates::legacy().tables[0];
    assert_eq!(
        shape(&legacy.header.rows[0]),
        [("指标名称", 1, 1), ("计量单位", 1, 1), ("本年累计", 1, 1)]
    );
}

fn shape(row: &[nianbao::model::template::HeaderCell]) -> Vec<(&str, usize, usize)> {
    row.iter()
        .map(|c| (c.text.as_str(), c.colspan, c.rowspan))
        .collect()
}

fn malformed(json: &str) -> String {
    match Template::from_json(json) {
        Err(TemplateError::Malformed(why)) => why,
        other => panic!("expected a malformed template, got {other:?}"),
    }
}

#[test]
fn rules_and_blocks_are_read_strictly_with_reasons_in_chinese() {
    let unknown_kind = legacy_with(r#""kind": "sum_equals""#, r#""kind": "sums_to""#);
    assert!(malformed(&unknown_kind).contains("未知的规则种类“sums_to”"));

    let missing = legacy_with(
        r#""kind": "sum_equals", "total""#,
        r#""kind": "sum_equals", "sum""#,
    );
    assert!(malformed(&missing).contains("规则缺少“total”"));

    let extra = legacy_with(
        r#""kind": "sum_equals","#,
        r#""kind": "sum_equals", "colour": "red","#,
    );
    assert!(malformed(&extra).contains("规则中有未知的键“colour”"));

    let wrong_type = legacy_with(
        r#""kind": "sum_equals","#,
        r#""kind": "sum_equals", "severity": "loud","#,
    );
    assert!(malformed(&wrong_type).contains("规则中有未知的键“severity”"));

    let block = legacy_with(r#""type": "heading""#, r#""type": "chapter""#);
    assert!(malformed(&block).contains("未知的文档块种类“chapter”"));

    let level = legacy_with(
        r#"{"type": "heading", "title": "二、政府信息主动公开情况"}"#,
        r#"{"type": "heading", "title": "二、政府信息主动公开情况", "level": "two"}"#,
    );
    assert!(malformed(&level).contains("文档块的“level”有误"));

    let section = legacy_with(
        r#""print_title": false,"#,
        r#""print_title": false, "colour": "red","#,
    );
    assert!(malformed(&section).contains("colour"));
}

#[test]
fn a_null_optional_key_counts_as_left_out() {
    let source = templates::SOURCES
        .iter()
        .find(|s| s.contains("\"national-2021\""))
        .unwrap();
    let from = r#""fix": "applications.carried_out.*"}"#;
    assert!(source.contains(from));
    let without_fix = source.replacen(from, r#""fix": null}"#, 1);
    assert!(Template::from_json(&without_fix).is_ok());
}
