//! Reading the reports offices already have: a published web page, a paste, Word, Excel or PDF becomes a report
//! draft, deterministically, by the labels of the format (issue 13).
//!
//! Every reader turns its input into one neutral [`Source`] (paragraphs and tables of text cells with their spans);
//! one recogniser ([`recognise`]) maps a `Source` onto whichever template its headings and labels match, producing
//! a [`ReportFile`] (ids and text as printed) and a [`Review`] of what was placed, unsure or not placed. The draft
//! then goes through `Report::from_file`, so every cell is parsed and checked like typed input.
//!
//! Pure Rust, no browser dependency: the command line and the app's import worker share it.

pub mod panel;
pub mod source;

pub use source::{Block, Source, SourceCell, SourceTable};

use crate::model::ReportFile;
use std::fmt;

/// What kind of input a file is, by its first bytes (and its name where the bytes do not tell).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// nianbao's own JSON report document.
    Json,
    Html,
    /// Plain text, e.g. the tab-separated `text/plain` a browser or Word puts on the clipboard.
    Text,
    Docx,
    Xlsx,
    Pdf,
}

/// An input read and recognised, ready to open as a new draft after the writer has seen the review.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The report as read: template id and version, fields, sections and cells as printed.
    pub file: ReportFile,
    pub review: Review,
}

/// What the recogniser did, shown before the draft counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Review {
    pub kind: Option<InputKind>,
    /// The template's name that the headings and labels matched (e.g. 全国统一格式（2021）).
    pub format_name: String,
    /// Figures placed in cells.
    pub figures_read: usize,
    /// Cells printed as "/" or "—" and left blank, by cell id.
    pub dashes: Vec<String>,
    /// Cells the template has that were not found in the input, by cell id.
    pub missing: Vec<String>,
    /// Cells placed on a weak match (a label matched only loosely), by cell id, with the printed label.
    pub unsure: Vec<(String, String)>,
    /// Text that could not be placed, kept so that nothing is lost.
    pub unplaced: Vec<Unplaced>,
}

/// A row, a figure or a paragraph that the recogniser could not place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unplaced {
    /// The text as printed (a row's cells joined by " | ").
    pub text: String,
    /// Why, in Chinese, for the review panel.
    pub why: String,
}

/// Why an input could not be read. Each says, in Chinese, what to do instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// Old binary Office formats (.doc, .wps, .xls, .et): name the format seen.
    OldOfficeFormat(&'static str),
    /// A PDF without a text layer (a scan).
    NoTextLayer,
    /// An encrypted PDF or Office file.
    Encrypted,
    /// More than the reader accepts (bytes, or a zip that inflates past the limit).
    TooLarge,
    /// The file is of a known kind but damaged or truncated; the reader's reason.
    Malformed { kind: InputKind, why: String },
    /// Neither heading nor table of any known format was found.
    NotAReport,
    /// The file's kind is none of those read.
    UnknownKind,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::OldOfficeFormat(format) => write!(
                f,
                "这是旧版 {format} 文件，无法直接读取。请在 Word、WPS 或 Excel 中打开，另存为 .docx 或 .xlsx 后再导入"
            ),
            ImportError::NoTextLayer => f.write_str(
                "这个 PDF 没有文字层（可能是扫描件），无法读取其中的文字。请改用发布时的 Word 文件或网页",
            ),
            ImportError::Encrypted => f.write_str("这个文件设置了密码或加密，无法读取。请先取消加密再导入"),
            ImportError::TooLarge => f.write_str("文件太大，不像是一份年度报告，没有读取"),
            ImportError::Malformed { why, .. } => write!(f, "文件已损坏或不完整，无法读取（{why}）"),
            ImportError::NotAReport => f.write_str(
                "没有在文件中找到政府信息公开工作年度报告的标题或表格，请确认选择的是年度报告",
            ),
            ImportError::UnknownKind => f.write_str(
                "无法识别的文件类型。可以导入网页（.html）、Word（.docx）、Excel（.xlsx）、PDF 或 nianbao 导出的 JSON",
            ),
        }
    }
}

impl std::error::Error for ImportError {}
