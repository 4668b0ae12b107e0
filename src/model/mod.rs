//! The pure domain: templates, reports and the numbers in them. No browser dependency.
pub mod number;
pub mod report;
pub mod template;

pub use number::{CellKind, ParseError};
pub use report::{CellEntry, Report};
pub use template::{CellIndex, Rule, Severity, Template, TemplateError};
