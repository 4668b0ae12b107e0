//! The built-in templates, embedded at build time from their data files.

use crate::model::Template;
use std::sync::OnceLock;

/// The format used from 2008 until the 2019 revision of the regulation (the seed report's format).
pub const LEGACY_JSON: &str = include_str!("legacy.json");

/// The legacy template, loaded once. The data file is part of the build and covered by tests, so failing to
/// load it is a build defect, not a user error.
pub fn legacy() -> &'static Template {
    static LEGACY: OnceLock<Template> = OnceLock::new();
    LEGACY.get_or_init(|| {
        Template::from_json(LEGACY_JSON).expect("built-in legacy template is valid")
    })
}
