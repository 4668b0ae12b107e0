//! The built-in templates, embedded at build time from their data files. Adding a format means adding a JSON file
//! (docs/template-format.md) and one line to `SOURCES`.

use crate::model::{Report, ReportError, ReportFile, Template};
use std::sync::OnceLock;

/// The data files of the built-in templates, newest format first.
pub const SOURCES: &[&str] = &[
    include_str!("national.json"),
    include_str!("national-2019.json"),
    include_str!("legacy.json"),
];

/// Every built-in template, loaded once. The data files are part of the build and `cargo test` loads each, so
/// failing to load one here is a build defect, not a user error.
pub fn all() -> &'static [Template] {
    static TEMPLATES: OnceLock<Vec<Template>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        SOURCES
            .iter()
            .map(|json| Template::from_json(json).expect("built-in template is valid"))
            .collect()
    })
}

pub fn by_id(id: &str) -> Option<&'static Template> {
    all().iter().find(|t| t.id == id)
}

/// The format of the seed report, used until the 2019 revision of the regulation.
pub fn legacy() -> &'static Template {
    by_id("legacy-2008").expect("the legacy template is built in")
}

/// The national format as revised in 2021.
pub fn national() -> &'static Template {
    by_id("national-2021").expect("the national template is built in")
}

/// The format that applies to a report year, if one does.
pub fn for_year(year: u16) -> Option<&'static Template> {
    all().iter().find(|t| {
        t.years.from.is_none_or(|from| year >= from) && t.years.to.is_none_or(|to| year <= to)
    })
}

/// Reads a report document, with whichever built-in template it names.
pub fn read_report(json: &str) -> Result<(&'static Template, Report), ReportError> {
    let file = ReportFile::from_json(json)?;
    let template = by_id(&file.template.id)
        .ok_or_else(|| ReportError::UnknownTemplate(file.template.id.clone()))?;
    Ok((template, Report::from_file(template, &file)?))
}

/// A built-in example report, to look around with.
pub struct Example {
    /// What its button on the start screen says.
    pub label: &'static str,
    pub json: &'static str,
}

/// The examples: the seed as published (legacy format) and a filled national one.
pub const EXAMPLES: [Example; 2] = [
    Example {
        label: "打开示例：沂源县政府办公室2011年报告（旧版格式）",
        json: include_str!("../../examples/reports/yiyuan-2011.json"),
    },
    Example {
        label: "打开示例：示例区2025年报告（国家格式）",
        json: include_str!("../../examples/reports/national-2025-example.json"),
    },
];

/// The examples as read, once: they are part of the build, and `cargo test` reads each.
pub fn examples() -> &'static [(&'static Template, Report)] {
    static READ: OnceLock<Vec<(&'static Template, Report)>> = OnceLock::new();
    READ.get_or_init(|| {
        EXAMPLES
            .iter()
            .map(|e| read_report(e.json).expect("built-in example is valid"))
            .collect()
    })
}

/// Which example a report is, unedited: an example opened from the start screen is one until the writer changes
/// something, and is not counted among the writer's drafts until then.
pub fn unedited_example(template: &Template, report: &Report) -> Option<usize> {
    examples()
        .iter()
        .position(|(t, r)| t.id == template.id && r == report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_example_is_one_until_edited() {
        for (index, (template, report)) in examples().iter().enumerate() {
            assert_eq!(unedited_example(template, report), Some(index));
            let round_trip = Report::from_file(template, &report.to_file(template)).unwrap();
            assert_eq!(
                unedited_example(template, &round_trip),
                Some(index),
                "saved and read back"
            );
            let mut edited = report.clone();
            let first = template.sections[0].id.clone();
            let section = template.section_index(&first).unwrap();
            edited.set_section(section, "改过的内容");
            assert_eq!(unedited_example(template, &edited), None);
        }
        assert_eq!(unedited_example(national(), &Report::new(national())), None);
    }
}
