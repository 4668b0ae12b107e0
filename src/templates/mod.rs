//! The built-in templates, embedded at build time from their data files. Adding a format means adding a JSON file
//! (docs/template-format.md) and one line to `SOURCES`.

use crate::model::{Report, ReportError, ReportFile, Template};
use std::sync::OnceLock;

/// The data files of the built-in templates, newest format first.
pub const SOURCES: &[&str] = &[include_str!("national.json"), include_str!("legacy.json")];

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
