//! Export: the report as one standalone HTML file or as a PDF laid out as an official document. Pure Rust with no
//! browser dependency: the app runs it in the browser (the PDF in a worker), the tests run it natively.
//!
//! [`document::build`] turns a template and a report into the printed document once; [`html`] and [`pdf`] render
//! that one model, so the two files never disagree about what the report says. The PDF is made in two steps:
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
