//! Every built-in template loads, and the national format has the structure of the published format.

use nianbao::model::{Block, Rule, Template};
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
    // The 2019 trial format (2019 and 2020 reports) is not built in.
    assert!(templates::for_year(2020).is_none());
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
    let applications = &t.tables[t.table_index("applications").unwrap()];
    assert_eq!(applications.columns.len(), 7);
    assert_eq!(applications.rows.iter().filter(|r| r.cells).count(), 25);
    assert_eq!(t.cell_label(t.index_of("applications.refuse_3.commercial").unwrap()),
        "三、本年度办理结果，其中（三）不予公开，其中3.危及“三安全一稳定” / 法人或其他组织·商业企业");
    let tables_in_order: Vec<&str> = t
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(i) => Some(t.tables[*i].id.as_str()),
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
