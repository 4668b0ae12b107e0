//! Export: the report as one standalone HTML file, as a PDF laid out as an official document, as a Word document and
//! as an Excel workbook (docs/export.md). Pure Rust with no
//! browser dependency: the app runs it in the browser (the PDF in a worker), the tests run it natively.
//!
//! [`document::build`] turns a template and a report into the printed document once; [`html`] and [`pdf`] render
//! that one model, as do [`docx`] and [`xlsx`], so the files never disagree about what the report says. The PDF is made in two steps:
//! [`layout`] sets the document on pages (measured with [`fonts`]), and [`pdf`] writes those pages.

pub mod document;
#[cfg(feature = "office")]
pub mod docx;
#[cfg(feature = "pdf")]
pub mod fonts;
pub mod geometry;
pub mod html;
#[cfg(feature = "pdf")]
pub mod layout;
pub mod linebreak;
#[cfg(feature = "pdf")]
pub mod pdf;
#[cfg(feature = "office")]
pub mod xlsx;

pub use document::{build, file_name, Document};

#[cfg(feature = "office")]
use crate::model::{Report, Template};

/// A report as a Word document: what the app's Office worker and `nianbao export --format docx` write.
#[cfg(feature = "office")]
pub fn docx_file(template: &Template, report: &Report) -> Result<Vec<u8>, docx::DocxError> {
    docx::document(&build(template, report))
}

/// A report as an Excel workbook, its findings on the last sheet: what the app's Office worker and
/// `nianbao export --format xlsx` write.
#[cfg(feature = "office")]
pub fn xlsx_file(template: &Template, report: &Report) -> Result<Vec<u8>, xlsx::XlsxError> {
    let findings = xlsx::finding_lines(&crate::check::check(template, report), report);
    xlsx::workbook(&build(template, report), &findings)
}
