//! The pure domain: templates, reports and the numbers in them. No browser dependency.
pub mod grid;
pub mod history;
pub mod json;
pub mod next_year;
pub mod number;
pub mod report;
pub mod template;
pub mod text;
pub mod year;

pub use number::{CellKind, ParseError};
pub use report::{CellEntry, Report, ReportError, ReportFile, SCHEMA_VERSION};
pub use template::{Block, CellIndex, Rule, Severity, Template, TemplateError};
