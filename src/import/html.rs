//! HTML → [`Source`]: a page saved from a portal (also saved "complete", with its folder), a browser's or Word's
//! `text/html` clipboard, or nianbao's own HTML export.
//!
//! Tokenised by html5gum (WHATWG tokenizing: entities, comments, Word's conditional comments, the raw text of
//! `script` and `style`), with no tree: the reader keeps only a stack of the tables open, so deep nesting of any
//! other element costs nothing and tables nested deeper than [`MAX_TABLE_DEPTH`] are read as text. Paragraph-like
//! elements end a paragraph, `<br>` is a line break (kept inside a cell as '\n'), `<caption>` becomes a paragraph
//! before its table. A table that holds other tables or has a single column is a *layout* table (portal pages put
//! the article in one): its cells' contents are read as if the table were not there.

use super::source::{Block, Source, SourceCell, SourceTable};
use super::{ImportError, InputKind};
use html5gum::{Token, Tokenizer};

/// Tables inside tables deeper than this are read as text (their cells as paragraphs).
pub const MAX_TABLE_DEPTH: usize = 32;
/// More cells than this in one page is not a report.
pub const MAX_CELLS: usize = 500_000;
/// A span above this is read as this (a hostile colspan cannot make a huge grid; the recogniser clamps again).
pub const MAX_SPAN: u16 = 1000;

/// Elements whose content is never text of the page.
const SKIPPED: &[&str] = &[
    "script", "style", "title", "noscript", "template", "textarea", "select", "svg", "math",
    "object", "iframe", "button", "head",
];

/// Elements that end a paragraph where they open or close.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "blockquote",
    "pre",
    "center",
    "form",
    "hr",
    "address",
    "figure",
    "figcaption",
    "body",
    "html",
    "fieldset",
    "legend",
    "details",
    "summary",
];

#[derive(Default)]
struct Cell {
    blocks: Vec<Block>,
    text: Text,
    colspan: u16,
    rowspan: u16,
}

#[derive(Default)]
struct OpenTable {
    rows: Vec<Vec<Cell>>,
    row_open: bool,
    cell: Option<Cell>,
    /// The caption being read, and the caption's text once it ended.
    caption: Option<Text>,
    caption_text: String,
    nested: bool,
}

impl OpenTable {
    fn end_caption(&mut self) {
        if let Some(mut caption) = self.caption.take() {
            let text = caption.take();
            if !text.is_empty() {
                if !self.caption_text.is_empty() {
                    self.caption_text.push('\n');
                }
                self.caption_text.push_str(&text);
            }
        }
    }
}

/// Text being gathered, with HTML's whitespace collapsing: runs of spaces and line breaks in the source are one
/// space, dropped next to a line break and between two CJK characters (a source line break inside Chinese prose).
#[derive(Default)]
struct Text {
    text: String,
    space: bool,
}

impl Text {
    fn push(&mut self, s: &str) {
        for c in s.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
                self.space = true;
                continue;
            }
            if std::mem::take(&mut self.space) {
                let wide = |c: char| !c.is_ascii();
                let after = self.text.chars().next_back();
                if let Some(prev) = after {
                    if prev != '\n' && !(wide(prev) && wide(c)) {
                        self.text.push(' ');
                    }
                }
            }
            self.text.push(c);
        }
    }

    fn line_break(&mut self) {
        self.space = false;
        while self.text.ends_with(' ') {
            self.text.pop();
        }
        self.text.push('\n');
    }

    /// The text gathered, trimmed, and empty again.
    fn take(&mut self) -> String {
        self.space = false;
        let text = std::mem::take(&mut self.text);
        let trimmed = text.trim_matches(|c: char| c.is_whitespace() && c != '\u{3000}');
        let lines: Vec<&str> = trimmed.lines().map(str::trim_end).collect();
        lines.join("\n").trim().to_owned()
    }
}

struct Reader {
    blocks: Vec<Block>,
    text: Text,
    tables: Vec<OpenTable>,
    /// The skipped element being inside of, and how deep in elements of its name.
    skip: Option<(String, usize)>,
    cells: usize,
}

impl Reader {
    /// The text being gathered where the reader is: the open cell's, the open caption's or the page's. Text in a
    /// table outside any cell goes before the table, as browsers show it.
    fn text(&mut self) -> &mut Text {
        let reader_text = &mut self.text;
        let mut target: Option<&mut Text> = None;
        for table in self.tables.iter_mut().rev() {
            if let Some(cell) = table.cell.as_mut() {
                target = Some(&mut cell.text);
                break;
            }
            if let Some(caption) = table.caption.as_mut() {
                target = Some(caption);
                break;
            }
        }
        target.unwrap_or(reader_text)
    }

    /// Where finished blocks go: the open cell's blocks, or the page's.
    fn sink(&mut self) -> &mut Vec<Block> {
        let blocks = &mut self.blocks;
        let mut target: Option<&mut Vec<Block>> = None;
        for table in self.tables.iter_mut().rev() {
            if let Some(cell) = table.cell.as_mut() {
                target = Some(&mut cell.blocks);
                break;
            }
        }
        target.unwrap_or(blocks)
    }

    fn end_paragraph(&mut self) {
        if self
            .tables
            .last()
            .is_some_and(|t| t.caption.is_some() && t.cell.is_none())
        {
            return;
        }
        let text = self.text().take();
        if !text.is_empty() {
            self.sink().push(Block::Paragraph(text));
        }
    }

    fn start_table(&mut self) {
        if self.tables.len() >= MAX_TABLE_DEPTH {
            self.end_paragraph();
            return;
        }
        self.end_paragraph();
        if let Some(parent) = self.tables.last_mut() {
            parent.nested = true;
        }
        self.tables.push(OpenTable::default());
    }

    fn start_row(&mut self) {
        self.end_paragraph();
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        close_cell(table);
        table.end_caption();
        table.rows.push(Vec::new());
        table.row_open = true;
    }

    fn start_cell(&mut self, colspan: u16, rowspan: u16) -> Result<(), ImportError> {
        self.end_paragraph();
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(ImportError::TooLarge);
        }
        let Some(table) = self.tables.last_mut() else {
            return Ok(());
        };
        close_cell(table);
        table.end_caption();
        if !table.row_open {
            table.rows.push(Vec::new());
            table.row_open = true;
        }
        table.cell = Some(Cell {
            colspan,
            rowspan,
            ..Cell::default()
        });
        Ok(())
    }

    fn end_cell(&mut self) {
        self.end_paragraph();
        if let Some(table) = self.tables.last_mut() {
            close_cell(table);
        }
    }

    fn end_row(&mut self) {
        self.end_cell();
        if let Some(table) = self.tables.last_mut() {
            table.row_open = false;
        }
    }

    fn end_table(&mut self) {
        self.end_cell();
        let Some(mut table) = self.tables.pop() else {
            return;
        };
        close_cell(&mut table);
        table.end_caption();
        let caption = Some(std::mem::take(&mut table.caption_text)).filter(|c| !c.is_empty());
        let rows: Vec<Vec<Cell>> = table.rows.into_iter().filter(|r| !r.is_empty()).collect();
        let single_column = rows.iter().all(|r| r.len() <= 1);
        let sink = self.sink();
        if let Some(caption) = caption {
            sink.push(Block::Paragraph(caption));
        }
        if table.nested || single_column {
            for cell in rows.into_iter().flatten() {
                sink.extend(cell.blocks);
            }
            return;
        }
        let rows = rows
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|cell| SourceCell {
                        text: cell
                            .blocks
                            .into_iter()
                            .filter_map(|b| match b {
                                Block::Paragraph(p) => Some(p),
                                Block::Table(_) => None,
                            })
                            .collect::<Vec<_>>()
                            .join("\n"),
                        colspan: cell.colspan,
                        rowspan: cell.rowspan,
                    })
                    .collect()
            })
            .collect();
        sink.push(Block::Table(SourceTable { rows }));
    }
}

/// Ends the open cell: its last paragraph joins its blocks, and the cell its row.
fn close_cell(table: &mut OpenTable) {
    if let Some(mut cell) = table.cell.take() {
        let text = cell.text.take();
        if !text.is_empty() {
            cell.blocks.push(Block::Paragraph(text));
        }
        if !table.row_open {
            table.rows.push(Vec::new());
            table.row_open = true;
        }
        if let Some(row) = table.rows.last_mut() {
            row.push(cell);
        }
    }
}

fn span(value: Option<&[u8]>) -> u16 {
    value
        .and_then(|v| std::str::from_utf8(v).ok())
        .and_then(|v| v.trim().parse::<u32>().ok())
        .map_or(1, |n| n.clamp(1, u32::from(MAX_SPAN)) as u16)
}

/// Reads an HTML document or fragment into the neutral shape.
pub fn read(html: &str) -> Result<Source, ImportError> {
    let mut reader = Reader {
        blocks: Vec::new(),
        text: Text::default(),
        tables: Vec::new(),
        skip: None,
        cells: 0,
    };
    // Raw text in script, style, textarea …, as a browser reads them, so that their content is not markup.
    let mut emitter = html5gum::DefaultEmitter::default();
    emitter.naively_switch_states(true);
    for token in Tokenizer::new_with_emitter(html, emitter) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if let Some((skipped, depth)) = reader.skip.as_mut() {
                    if *skipped == name && !tag.self_closing {
                        *depth += 1;
                    }
                    continue;
                }
                if SKIPPED.contains(&name.as_str()) {
                    if !tag.self_closing {
                        reader.skip = Some((name, 1));
                    }
                    continue;
                }
                match name.as_str() {
                    "br" => reader.text().line_break(),
                    "table" => reader.start_table(),
                    "tr" => reader.start_row(),
                    "td" | "th" => {
                        let attr = |n: &str| {
                            tag.attributes
                                .iter()
                                .find(|(k, _)| k.eq_ignore_ascii_case(n.as_bytes()))
                                .map(|(_, v)| v.value.as_slice())
                        };
                        let (colspan, rowspan) = (span(attr("colspan")), span(attr("rowspan")));
                        if reader.tables.is_empty() {
                            reader.end_paragraph();
                        } else {
                            reader.start_cell(colspan, rowspan)?;
                        }
                    }
                    "caption" => {
                        reader.end_paragraph();
                        if let Some(table) = reader.tables.last_mut() {
                            if table.cell.is_none() {
                                table.caption = Some(Text::default());
                            }
                        }
                    }
                    "img" => {
                        // A picture's alternative text, where it has one, stands for it.
                        if let Some(alt) = tag
                            .attributes
                            .iter()
                            .find(|(k, _)| k.eq_ignore_ascii_case(b"alt"))
                            .map(|(_, v)| String::from_utf8_lossy(&v.value).into_owned())
                        {
                            reader.text().push(&alt);
                        }
                    }
                    n if BLOCKS.contains(&n) => reader.end_paragraph(),
                    _ => {}
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if let Some((skipped, depth)) = reader.skip.as_mut() {
                    if *skipped == name {
                        *depth -= 1;
                        if *depth == 0 {
                            reader.skip = None;
                        }
                    }
                    continue;
                }
                match name.as_str() {
                    "br" => reader.text().line_break(),
                    "table" => {
                        if reader.tables.is_empty() {
                            reader.end_paragraph();
                        } else {
                            reader.end_table();
                        }
                    }
                    "tr" => reader.end_row(),
                    "td" | "th" => reader.end_cell(),
                    "caption" => {
                        if let Some(table) = reader.tables.last_mut() {
                            table.end_caption();
                        }
                    }
                    n if BLOCKS.contains(&n) => reader.end_paragraph(),
                    _ => {}
                }
            }
            Token::String(text) => {
                if reader.skip.is_some() {
                    continue;
                }
                let s = String::from_utf8_lossy(&text.value);
                // Whitespace between a table's rows and cells is not text of the page.
                if reader
                    .tables
                    .last()
                    .is_some_and(|t| t.cell.is_none() && t.caption.is_none())
                    && s.trim().is_empty()
                {
                    continue;
                }
                reader.text().push(&s);
            }
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    // Close what the page left open.
    while !reader.tables.is_empty() {
        reader.end_table();
    }
    reader.end_paragraph();
    Ok(Source {
        blocks: reader.blocks,
    })
}

/// A saved page's bytes as text. A byte order mark says the encoding; else the page's own `<meta charset>` (or
/// `http-equiv` content type) in its first 4 KB, as a browser reads it: many county portals still serve
/// GB2312/GBK/GB18030 (read as GB18030, which contains both, as browsers do) and some Big5. A page that declares
/// nothing and is not UTF-8 is read as GB18030 when every byte of it decodes so. Bytes that do not decode in the
/// declared encoding make the page refused with the reason, never read with replacement characters.
pub fn decode_page(bytes: &[u8]) -> Result<String, ImportError> {
    let unicode = |bytes: &[u8]| crate::model::text::decode(bytes);
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF])
        || bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
    {
        return unicode(bytes).map_err(|e| decode_error(bytes, &e));
    }
    let declared = declared_charset(&bytes[..bytes.len().min(4096)])
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
    let named = declared.map_or("", |e| e.name());
    let encoding = match declared {
        // A page saved by a browser says utf-8 or nothing; a UTF-16 label in an 8-bit head is wrong (HTML says so).
        None => match unicode(bytes) {
            Ok(text) => return Ok(text),
            Err(error) => match decode_strict(encoding_rs::GB18030, bytes) {
                Some(text) => return Ok(text),
                None => return Err(decode_error(bytes, &error)),
            },
        },
        Some(e)
            if e == encoding_rs::UTF_8
                || e == encoding_rs::UTF_16LE
                || e == encoding_rs::UTF_16BE =>
        {
            return unicode(bytes).map_err(|e| decode_error(bytes, &e));
        }
        // GB2312 and GBK pages often hold GB18030-only characters (a name's rare character): read as GB18030.
        Some(e) if e == encoding_rs::GBK => encoding_rs::GB18030,
        Some(e) => e,
    };
    match decode_strict(encoding, bytes) {
        Some(text) if !text.contains('\0') => Ok(text),
        _ => Err(ImportError::Malformed {
            kind: InputKind::Html,
            why: format!(
                "网页声明使用 {named} 编码，但其中有无法按此编码读取的字节，文件可能已损坏。请在浏览器中打开这个网页，全选并复制报告，粘贴到“粘贴已发布的报告”"
            ),
        }),
    }
}

/// `bytes` decoded in `encoding`, or `None` if any of them does not decode.
fn decode_strict(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> Option<String> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(std::borrow::Cow::into_owned)
}

/// The charset a page's head declares: `<meta charset=…>` or `<meta http-equiv=Content-Type content="…;
/// charset=…">` (its label, lower case), as the first such meta says.
fn declared_charset(head: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(at) = rest.find("<meta") {
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e);
        let tag = &rest[at..end];
        if let Some(c) = tag.find("charset") {
            let value = tag[c + "charset".len()..].trim_start();
            if let Some(value) = value.strip_prefix('=') {
                let label: String = value
                    .trim_start()
                    .trim_start_matches(['"', '\''])
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
                    .collect();
                if !label.is_empty() {
                    return Some(label);
                }
            }
        }
        rest = &rest[end..];
    }
    None
}

/// Why a page's bytes could not be read as text: a page in GB2312/GBK (older portals) gets its own advice.
pub fn decode_error(bytes: &[u8], error: &crate::model::text::DecodeError) -> ImportError {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let why = if head.contains("charset") {
        error.to_string()
    } else {
        format!("{error}；网页没有声明编码，也不是 UTF-8 或 GB18030 编码。请在浏览器中打开这个网页，全选并复制报告，粘贴到“粘贴已发布的报告”")
    };
    ImportError::Malformed {
        kind: InputKind::Html,
        why,
    }
}
