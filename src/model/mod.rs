//! The pure domain: templates, reports and the numbers in them. No browser dependency.
pub mod grid;
pub mod history;
pub mod index;
pub mod json;
mod keys;
pub mod limit;
pub mod next_year;
pub mod number;
pub mod order;
pub mod report;
pub mod rule;
pub mod template;
pub mod text;
pub mod year;

pub use index::{CellIndex, FieldIndex, SectionIndex, TableIndex};
pub use number::{CellKind, ParseError};
pub use report::{
    CellEntry, ReasonError, Report, ReportError, ReportFile, Verified, MAX_REASON_CHARS,
    SCHEMA_VERSION,
};
pub use rule::{CheckedRule, Rule, Severity, UnitKind, UnitNames, WordGroup};
pub use template::{Block, KnownField, Template, TemplateError};
