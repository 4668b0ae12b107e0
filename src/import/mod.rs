//! Reading the reports offices already have: a published web page, a paste, Word, Excel or PDF becomes a report
//! draft, deterministically, by the labels of the format (issue 13).
//!
//! Every reader turns its input into one neutral [`Source`] (paragraphs and tables of text cells with their spans);
//! one recogniser ([`recognise`]) maps a `Source` onto whichever template its headings and labels match, producing
//! a [`ReportFile`] (ids and text as printed) and a [`Review`] of what was placed, unsure or not placed. The draft
//! then goes through `Report::from_file`, so every cell is parsed and checked like typed input.
//!
//! Pure Rust, no browser dependency: the command line and the app's import worker share it.

#[cfg(feature = "import")]
pub mod html;
pub mod panel;
pub mod recognise;
pub mod source;
pub mod text;

pub use recognise::recognise;

// The file readers (feature `import`; the app's main wasm is built without it and reads files in its worker).
#[cfg(feature = "import")]
pub mod docx;
#[cfg(feature = "import")]
pub mod package;
#[cfg(feature = "import")]
pub mod pdf;
#[cfg(feature = "import")]
pub mod xlsx;

pub use source::{Block, Source, SourceCell, SourceTable};

use crate::model::ReportFile;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The most bytes any input may have: a file, or a paste's HTML and text together. A report is well under 5 MB; a
/// page saved with its pictures inlined may be larger, and past this nothing is read.
pub const MAX_INPUT_BYTES: usize = 50 * 1024 * 1024;

/// What kind of input a file is, by its first bytes (and its name where the bytes do not tell).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

impl InputKind {
    /// The kind's name for messages.
    pub fn name(self) -> &'static str {
        match self {
            InputKind::Json => "nianbao 数据文件（JSON）",
            InputKind::Html => "网页（HTML）",
            InputKind::Text => "文本",
            InputKind::Docx => "Word 文档（.docx）",
            InputKind::Xlsx => "Excel 表格（.xlsx）",
            InputKind::Pdf => "PDF",
        }
    }
}

/// An input read and recognised, ready to open as a new draft after the writer has seen the review.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Imported {
    /// The report as read: template id and version, fields, sections and cells as printed.
    pub file: ReportFile,
    pub review: Review,
}

/// What the recogniser did, shown before the draft counts. Serialisable, so that the import worker can send it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The file is of a known kind but damaged or truncated; why, in Chinese (`package::damaged` words what a
    /// reader noticed, with what to do).
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
            ImportError::Malformed { why, .. } => f.write_str(why),
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

/// The first bytes of an OLE compound file: Word 97–2003 (.doc), WPS (.wps), Excel 97–2003 (.xls), WPS 表格 (.et),
/// and also an encrypted .docx or .xlsx (Office stores those in the same container).
const OLE_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What kind of input `bytes` are, by their first bytes, and by the name where the bytes do not tell.
pub fn detect(name: &str, bytes: &[u8]) -> Result<InputKind, ImportError> {
    let lower = name.to_lowercase();
    let extension = lower.rsplit_once('.').map_or("", |(_, e)| e);
    if bytes.starts_with(&OLE_SIGNATURE) {
        return Err(match extension {
            "docx" | "xlsx" => ImportError::Encrypted,
            "wps" => ImportError::OldOfficeFormat("WPS 文字（.wps）"),
            "xls" => ImportError::OldOfficeFormat("Excel 97-2003（.xls）"),
            "et" => ImportError::OldOfficeFormat("WPS 表格（.et）"),
            "doc" => ImportError::OldOfficeFormat("Word 97-2003（.doc）"),
            _ => ImportError::OldOfficeFormat("Office 97-2003（.doc 或 .xls）"),
        });
    }
    if bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return Ok(InputKind::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // The parts' names are stored as plain bytes in the zip's headers.
        let has = |part: &[u8]| bytes.windows(part.len()).any(|w| w == part);
        return if has(b"word/document") {
            Ok(InputKind::Docx)
        } else if has(b"xl/workbook") {
            Ok(InputKind::Xlsx)
        } else {
            match extension {
                "docx" | "wps" => Ok(InputKind::Docx),
                "xlsx" | "et" => Ok(InputKind::Xlsx),
                _ => Err(ImportError::UnknownKind),
            }
        };
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(ImportError::OldOfficeFormat("RTF（.rtf）"));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let head = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if head.starts_with('{') || extension == "json" {
        return Ok(InputKind::Json);
    }
    if head.starts_with("mime-version:") || matches!(extension, "mht" | "mhtml") {
        return Err(ImportError::Malformed {
            kind: InputKind::Html,
            why: "这是“单个文件”网页（.mht），请在浏览器中另存为“网页，全部”（.html），或复制粘贴报告".to_owned(),
        });
    }
    let markup = [
        "<!doctype html",
        "<html",
        "<body",
        "<table",
        "<p",
        "<div",
        "<h1",
        "<meta",
        "<head",
    ];
    if matches!(extension, "html" | "htm" | "xhtml" | "shtml")
        || markup.iter().any(|m| head.contains(m))
    {
        return Ok(InputKind::Html);
    }
    if matches!(extension, "txt" | "tsv" | "csv" | "") || std::str::from_utf8(bytes).is_ok() {
        return Ok(InputKind::Text);
    }
    Err(ImportError::UnknownKind)
}

/// Reads a file the writer chose or dropped: its kind detected by [`detect`], read by the kind's reader and
/// recognised against the built-in templates. nianbao's own JSON is read as it is (strictly).
#[cfg(feature = "import")]
pub fn read_file(name: &str, bytes: &[u8]) -> Result<Imported, ImportError> {
    read_file_with(name, bytes, Some(pdf::read))
}

/// [`read_file`] for every kind but PDF, which it refuses: the app's import worker, which links no PDF reader (a
/// PDF is read in a worker of its own, `nianbao-import-pdf`, with [`read_pdf`]), so that neither worker carries
/// the other's readers.
#[cfg(feature = "import")]
pub fn read_file_but_pdf(name: &str, bytes: &[u8]) -> Result<Imported, ImportError> {
    read_file_with(name, bytes, None)
}

/// Reads a PDF (and only a PDF) and recognises it.
#[cfg(feature = "import")]
pub fn read_pdf(bytes: &[u8]) -> Result<Imported, ImportError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge);
    }
    recognised(InputKind::Pdf, &pdf::read(bytes)?)
}

#[cfg(feature = "import")]
type PdfReader = fn(&[u8]) -> Result<Source, ImportError>;

#[cfg(feature = "import")]
fn read_file_with(
    name: &str,
    bytes: &[u8],
    pdf: Option<PdfReader>,
) -> Result<Imported, ImportError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge);
    }
    let kind = detect(name, bytes)?;
    let text = |bytes: &[u8]| crate::model::text::decode(bytes);
    let source = match kind {
        InputKind::Json => return read_json(bytes),
        InputKind::Html => {
            let page = html::decode_page(bytes)?;
            let mut imported = recognised(kind, &html::read(&page)?)?;
            pictures_instead_of_tables(&page, &mut imported);
            return Ok(imported);
        }
        InputKind::Text => self::text::read(&text(bytes).map_err(|e| ImportError::Malformed {
            kind,
            why: e.to_string(),
        })?),
        InputKind::Docx => docx::read(bytes)?,
        InputKind::Xlsx => xlsx::read(bytes)?,
        InputKind::Pdf => match pdf {
            Some(read) => read(bytes)?,
            None => {
                return Err(ImportError::Malformed {
                    kind,
                    why: "PDF 由单独的导入程序读取，这里收到的却是 PDF".to_owned(),
                })
            }
        },
    };
    recognised(kind, &source)
}

/// Reads a paste: the clipboard's `text/html` when it has one that reads as a report, else its `text/plain`.
#[cfg(feature = "import")]
pub fn read_paste(html: Option<&str>, text: &str) -> Result<Imported, ImportError> {
    if html.map_or(0, str::len) + text.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge);
    }
    if let Some(html) = html.filter(|h| !h.trim().is_empty()) {
        let from_html = html::read(html).and_then(|source| {
            let mut imported = recognised(InputKind::Html, &source)?;
            pictures_instead_of_tables(html, &mut imported);
            Ok(imported)
        });
        match from_html {
            Err(ImportError::NotAReport) if !text.trim().is_empty() => {}
            result => return result,
        }
    }
    if text.trim().is_empty() {
        return Err(ImportError::NotAReport);
    }
    recognised(InputKind::Text, &self::text::read(text))
}

/// A page with pictures and not one figure read: its tables are likely pictures, which no reader can read. Said in
/// the review, so that the draft is not taken for complete.
#[cfg(feature = "import")]
fn pictures_instead_of_tables(page: &str, imported: &mut Imported) {
    let pictures = page.to_ascii_lowercase().matches("<img").count();
    if pictures > 0 && imported.review.figures_read == 0 && !imported.review.missing.is_empty() {
        imported.review.unplaced.push(Unplaced {
            text: format!("（网页中有 {pictures} 张图片）"),
            why: "没有读到表格中的任何数字：表格可能是以图片发布的，图片中的数字无法读取。请改用发布时的 Word、Excel 文件，或手工填写表格".to_owned(),
        });
    }
}

#[cfg(feature = "import")]
fn recognised(kind: InputKind, source: &Source) -> Result<Imported, ImportError> {
    let mut imported = recognise(source, crate::templates::all())?;
    imported.review.kind = Some(kind);
    Ok(imported)
}

/// nianbao's own report document: read strictly, as opening a file does; the review says what it holds.
#[cfg(feature = "import")]
fn read_json(bytes: &[u8]) -> Result<Imported, ImportError> {
    let malformed = |why: String| ImportError::Malformed {
        kind: InputKind::Json,
        why,
    };
    let text = crate::model::text::decode(bytes).map_err(|e| malformed(e.to_string()))?;
    let (template, report) =
        crate::templates::read_report(&text).map_err(|e| malformed(e.to_string()))?;
    let file = report.to_file(template);
    Ok(Imported {
        review: Review {
            kind: Some(InputKind::Json),
            format_name: template.name.clone(),
            figures_read: file.cells.len(),
            ..Review::default()
        },
        file,
    })
}
