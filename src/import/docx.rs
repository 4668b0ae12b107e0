//! Word and WPS `.docx` → [`Source`]: the body's paragraphs and tables in reading order.
//!
//! Read with quick-xml over the package's parts (zip, within the budget of [`super::package`]): `w:p` is a
//! paragraph (runs' `w:t`, `w:tab` as a tab, `w:br`/`w:cr` as a line break, a field's shown result and not its
//! code, deleted revisions left out, list numbering written out as Word shows it), `w:tbl` a table (`w:gridSpan` is
//! the colspan, `w:vMerge` restart/continue becomes the first cell's rowspan, `w:gridBefore` keeps the columns in
//! place). Text boxes (`w:txbxContent`, once: the `mc:Choice` of an `mc:AlternateContent`, not its fallback copy)
//! follow the paragraph they are anchored in. A table that holds tables is a layout (a frame, a saved portal page's
//! navigation beside its content): it is unwrapped into its cells' content, in reading order.
//!
//! docx-rs's reader was the alternative: it builds the whole document model (styles, drawing, every property) into
//! its own types, larger in wasm, and drops what it does not model; this reader keeps to what the `Source` needs.

use super::package::{damaged, malformed, Package};
use super::source::{Block, Source, SourceCell, SourceTable};
use super::{ImportError, InputKind};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;

/// Tables in cells and text boxes in tables nest; deeper than this is not a report (and would exhaust the stack).
const MAX_NESTING: usize = 24;

/// Reads a `.docx` file.
pub fn read(bytes: &[u8]) -> Result<Source, ImportError> {
    let mut package = Package::open(bytes, InputKind::Docx)?;
    let names = package.names();
    if names.iter().any(|n| n == "xl/workbook.xml") && !names.iter().any(|n| n.starts_with("word/"))
    {
        return Err(malformed(
            InputKind::Docx,
            "这是 Excel 工作簿，不是 Word 文档：请把文件的扩展名改为 .xlsx 后再试",
        ));
    }
    let main = main_part(&mut package)?;
    let Some(xml) = package.text(&main)? else {
        return Err(if package.names().iter().any(|n| n.starts_with("xl/")) {
            malformed(
                InputKind::Docx,
                "这是 Excel 工作簿，不是 Word 文档：请把文件的扩展名改为 .xlsx 后再试",
            )
        } else {
            damaged(InputKind::Docx, "文件中没有找到 Word 文档的正文")
        });
    };
    let numbering = match numbering_part(&mut package, &main)? {
        Some(xml) => Numbering::parse(&xml),
        None => Numbering::default(),
    };
    let mut parser = Parser {
        reader: Reader::from_str(&xml),
        numbering,
        counters: HashMap::new(),
    };
    let blocks = parser.document()?;
    Ok(Source { blocks })
}

/// The main document part, from the package relationships (`_rels/.rels`), else the usual name.
fn main_part(package: &mut Package) -> Result<String, ImportError> {
    let target = package
        .text("_rels/.rels")?
        .and_then(|rels| relationship(&rels, "/officeDocument"));
    Ok(target
        .map(|t| t.trim_start_matches('/').to_owned())
        .unwrap_or_else(|| "word/document.xml".to_owned()))
}

/// The numbering part, from the main part's relationships.
fn numbering_part(package: &mut Package, main: &str) -> Result<Option<String>, ImportError> {
    let (dir, file) = main.rsplit_once('/').unwrap_or(("", main));
    let rels_name = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let target = package
        .text(&rels_name)?
        .and_then(|rels| relationship(&rels, "/numbering"));
    let name = match target {
        Some(t) if t.starts_with('/') => t.trim_start_matches('/').to_owned(),
        Some(t) if dir.is_empty() => t,
        Some(t) => format!("{dir}/{t}"),
        None => return Ok(None),
    };
    package.text(&name)
}

/// The target of the first relationship whose type ends with `type_suffix`.
fn relationship(rels: &str, type_suffix: &str) -> Option<String> {
    let mut reader = Reader::from_str(rels);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e))
                if local(&e) == "Relationship"
                    && attr(&e, "Type").is_some_and(|t| t.ends_with(type_suffix)) =>
            {
                if let Some(target) = attr(&e, "Target") {
                    return Some(target);
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

fn local<'e>(e: &'e BytesStart) -> &'e str {
    let name = e.name().into_inner();
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

/// An attribute's value by its local name (`w:val` and `val` alike).
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().with_checks(false).flatten().find_map(|a| {
        let key = a.key.into_inner();
        let key = key.rsplit_once(':').map_or(key, |(_, l)| l);
        (key == name).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .ok()
        })?
    })
}

fn attr_u16(e: &BytesStart, name: &str) -> Option<u16> {
    attr(e, name).and_then(|v| v.trim().parse().ok())
}

/// Elements whose content is never text of the document: properties, deleted revisions, field codes, the
/// fallback copy of alternate content, comments' and notes' anchors.
fn skipped(name: &str) -> bool {
    matches!(
        name,
        "rPr"
            | "tblPr"
            | "tblGrid"
            | "tblPrEx"
            | "sectPr"
            | "sdtPr"
            | "sdtEndPr"
            | "del"
            | "moveFrom"
            | "instrText"
            | "delText"
            | "delInstrText"
            | "Fallback"
            | "fldData"
            | "customXmlPr"
            | "bookmarkStart"
            | "proofErr"
    )
}

#[derive(Default)]
struct CellProps {
    span: u16,
    vmerge: Option<bool>, // Some(true): restart; Some(false): continue
    hmerge_continue: bool,
}

struct Parser<'x> {
    reader: Reader<&'x [u8]>,
    numbering: Numbering,
    /// The list counters: (numId, level) → the last number given.
    counters: HashMap<(String, u8), u32>,
}

impl<'x> Parser<'x> {
    fn next(&mut self) -> Result<Event<'x>, ImportError> {
        self.reader
            .read_event()
            .map_err(|_| damaged(InputKind::Docx, "文档的正文内容已损坏"))
    }

    /// Skips to the end of the element just started.
    fn skip(&mut self) -> Result<(), ImportError> {
        let mut open = 0usize;
        loop {
            match self.next()? {
                Event::Start(_) => open += 1,
                Event::End(_) if open == 0 => return Ok(()),
                Event::End(_) => open -= 1,
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    fn document(&mut self) -> Result<Vec<Block>, ImportError> {
        // Down to w:body, whose content is the container.
        loop {
            match self.next()? {
                Event::Start(e) if local(&e) == "body" => return self.container(0, None),
                Event::Eof => {
                    return Err(damaged(InputKind::Docx, "文件中没有找到 Word 文档的正文"))
                }
                _ => {}
            }
        }
    }

    /// The blocks of a container (the body, a cell, a text box, a content control) up to its end tag. Elements
    /// other than paragraphs and tables are looked through. A cell's `w:tcPr` goes to `props`.
    fn container(
        &mut self,
        nest: usize,
        mut props: Option<&mut CellProps>,
    ) -> Result<Vec<Block>, ImportError> {
        if nest > MAX_NESTING {
            return Err(malformed(InputKind::Docx, "表格或文本框嵌套过深"));
        }
        let mut blocks = Vec::new();
        let mut open = 0usize;
        loop {
            match self.next()? {
                Event::Start(e) => match local(&e) {
                    "p" => {
                        let (text, boxes) = self.paragraph(nest)?;
                        if !text.trim().is_empty() {
                            blocks.push(Block::Paragraph(text));
                        }
                        blocks.extend(boxes);
                    }
                    "tbl" => blocks.extend(self.table(nest + 1)?),
                    "tcPr" if props.is_some() => {
                        if let Some(p) = props.as_deref_mut() {
                            self.cell_props(p)?;
                        }
                    }
                    name if skipped(name) => self.skip()?,
                    _ => open += 1,
                },
                Event::End(_) if open == 0 => return Ok(blocks),
                Event::End(_) => open -= 1,
                Event::Eof => return Ok(blocks),
                _ => {}
            }
        }
    }

    fn cell_props(&mut self, props: &mut CellProps) -> Result<(), ImportError> {
        let mut open = 0usize;
        loop {
            let event = self.next()?;
            let (e, empty) = match &event {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(_) if open == 0 => return Ok(()),
                Event::End(_) => {
                    open -= 1;
                    continue;
                }
                Event::Eof => return Ok(()),
                _ => continue,
            };
            match local(e) {
                "gridSpan" => props.span = attr_u16(e, "val").unwrap_or(1).max(1),
                "vMerge" => {
                    props.vmerge = Some(attr(e, "val").is_some_and(|v| v == "restart"));
                }
                "hMerge" => {
                    props.hmerge_continue = attr(e, "val").is_none_or(|v| v != "restart");
                }
                _ => {}
            }
            if !empty {
                open += 1;
            }
        }
    }

    /// A paragraph's text and the blocks of the text boxes anchored in it.
    fn paragraph(&mut self, nest: usize) -> Result<(String, Vec<Block>), ImportError> {
        let mut text = String::new();
        let mut boxes = Vec::new();
        let mut open = 0usize;
        loop {
            let event = self.next()?;
            match event {
                Event::Start(e) => match local(&e) {
                    "t" => self.run_text(&mut text)?,
                    "pPr" => {
                        if let Some(label) = self.paragraph_props()? {
                            text.insert_str(0, &label);
                        }
                    }
                    "txbxContent" => boxes.extend(self.container(nest + 1, None)?),
                    "p" => {
                        // A paragraph inside a paragraph only comes from a text box whose wrapper was not seen;
                        // kept as a block of its own.
                        let (inner, more) = self.paragraph(nest + 1)?;
                        if !inner.trim().is_empty() {
                            boxes.push(Block::Paragraph(inner));
                        }
                        boxes.extend(more);
                    }
                    "tbl" => boxes.extend(self.table(nest + 1)?),
                    name if skipped(name) => self.skip()?,
                    _ => open += 1,
                },
                Event::Empty(e) => match local(&e) {
                    "tab" | "ptab" => text.push('\t'),
                    "br" if !attr(&e, "type").is_some_and(|t| t == "page" || t == "column") => {
                        text.push('\n');
                    }
                    "cr" => text.push('\n'),
                    "noBreakHyphen" => text.push('-'),
                    "sym" => {
                        let c = attr(&e, "char")
                            .and_then(|h| u32::from_str_radix(h.trim(), 16).ok())
                            .and_then(char::from_u32)
                            .filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c));
                        text.extend(c);
                    }
                    _ => {}
                },
                Event::End(_) if open == 0 => return Ok((text, boxes)),
                Event::End(_) => open -= 1,
                Event::Eof => return Ok((text, boxes)),
                _ => {}
            }
        }
    }

    /// The text of a `w:t` up to its end.
    fn run_text(&mut self, out: &mut String) -> Result<(), ImportError> {
        loop {
            match self.next()? {
                Event::Text(t) => out.push_str(&t.xml10_content()),
                Event::CData(t) => out.push_str(&t),
                Event::GeneralRef(r) => {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        out.push(c);
                    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r) {
                        out.push_str(s);
                    }
                }
                Event::Start(_) => self.skip()?,
                Event::End(_) | Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// A paragraph's properties: the list label Word would show, if it is numbered.
    fn paragraph_props(&mut self) -> Result<Option<String>, ImportError> {
        let mut num_id = None;
        let mut level = 0u8;
        let mut open = 0usize;
        loop {
            let event = self.next()?;
            let (e, empty) = match &event {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(_) if open == 0 => break,
                Event::End(_) => {
                    open -= 1;
                    continue;
                }
                Event::Eof => break,
                _ => continue,
            };
            match local(e) {
                "numId" => num_id = attr(e, "val"),
                "ilvl" => level = attr_u16(e, "val").unwrap_or(0).min(8) as u8,
                // A changed paragraph's old properties: not what is shown.
                "pPrChange" if !empty => {
                    self.skip()?;
                    continue;
                }
                _ => {}
            }
            if !empty {
                open += 1;
            }
        }
        Ok(num_id.and_then(|id| self.label(&id, level)))
    }

    /// The next label of list `num_id` at `level`, counting as Word does (a level restarts below a higher one).
    fn label(&mut self, num_id: &str, level: u8) -> Option<String> {
        let levels = self.numbering.levels(num_id)?;
        let this = levels.get(level as usize)?;
        if this.format == "bullet" || this.format == "none" {
            return None;
        }
        let count = self
            .counters
            .entry((num_id.to_owned(), level))
            .and_modify(|n| *n = n.saturating_add(1))
            .or_insert(this.start);
        let count = *count;
        for deeper in level + 1..9 {
            self.counters.remove(&(num_id.to_owned(), deeper));
        }
        let mut label = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let l = (d as usize).saturating_sub(1);
                    let n = if l == level as usize {
                        count
                    } else {
                        self.counters
                            .get(&(num_id.to_owned(), l as u8))
                            .copied()
                            .unwrap_or_else(|| levels.get(l).map_or(1, |x| x.start))
                    };
                    let format = levels.get(l).map_or("decimal", |x| x.format.as_str());
                    label.push_str(&format_number(n, format));
                    continue;
                }
            }
            label.push(c);
        }
        Some(label)
    }

    /// A table (and the tables nested in its cells after it), or the content of a layout frame.
    fn table(&mut self, nest: usize) -> Result<Vec<Block>, ImportError> {
        if nest > MAX_NESTING {
            return Err(malformed(InputKind::Docx, "表格嵌套过深"));
        }
        struct RawCell {
            blocks: Vec<Block>,
            props: CellProps,
        }
        let mut rows: Vec<(u16, Vec<RawCell>)> = Vec::new();
        let mut open = 0usize;
        // Rows may sit in content controls (w:sdt): looked through, like the body.
        loop {
            match self.next()? {
                Event::Start(e) => match local(&e) {
                    "tr" => {
                        let mut grid_before = 0u16;
                        let mut cells = Vec::new();
                        let mut row_open = 0usize;
                        loop {
                            match self.next()? {
                                Event::Start(e) => match local(&e) {
                                    "tc" => {
                                        let mut props = CellProps {
                                            span: 1,
                                            ..CellProps::default()
                                        };
                                        let blocks = self.container(nest, Some(&mut props))?;
                                        cells.push(RawCell { blocks, props });
                                    }
                                    "trPr" => {
                                        grid_before = self.grid_before()?;
                                    }
                                    name if skipped(name) => self.skip()?,
                                    _ => row_open += 1,
                                },
                                Event::End(_) if row_open == 0 => break,
                                Event::End(_) => row_open -= 1,
                                Event::Eof => break,
                                _ => {}
                            }
                        }
                        rows.push((grid_before, cells));
                    }
                    name if skipped(name) => self.skip()?,
                    _ => open += 1,
                },
                Event::End(_) if open == 0 => break,
                Event::End(_) => open -= 1,
                Event::Eof => break,
                _ => {}
            }
        }

        // A table that holds a table is a layout (a frame, a page's navigation beside its content): its cells'
        // content is the document's, cell by cell in reading order.
        let holds_tables = rows.iter().any(|(_, cells)| {
            cells
                .iter()
                .any(|c| c.blocks.iter().any(|b| matches!(b, Block::Table(_))))
        });
        if holds_tables {
            return Ok(rows
                .into_iter()
                .flat_map(|(_, cells)| cells.into_iter().flat_map(|c| c.blocks))
                .collect());
        }

        let mut table = SourceTable::default();
        // Grid column → (row, cell) of the cell that a vertical merge started there.
        let mut merges: HashMap<u16, (usize, usize)> = HashMap::new();
        for (grid_before, cells) in rows {
            let mut out: Vec<SourceCell> = Vec::new();
            let mut column = grid_before;
            let row_index = table.rows.len();
            for cell in cells {
                let texts: Vec<String> = cell
                    .blocks
                    .into_iter()
                    .filter_map(|b| match b {
                        Block::Paragraph(p) => Some(p),
                        Block::Table(_) => None,
                    })
                    .collect();
                let text = texts.join("\n");
                let span = cell.props.span;
                let start = column;
                column = column.saturating_add(span);
                if cell.props.hmerge_continue {
                    if let Some(last) = out.last_mut() {
                        last.colspan = last.colspan.saturating_add(span);
                        append_text(&mut last.text, &text);
                        continue;
                    }
                }
                match cell.props.vmerge {
                    Some(false) => {
                        if let Some(&(r, c)) = merges.get(&start) {
                            let origin = if r == row_index {
                                out.get_mut(c)
                            } else {
                                table.rows.get_mut(r).and_then(|row| row.get_mut(c))
                            };
                            if let Some(origin) = origin {
                                origin.rowspan = origin.rowspan.saturating_add(1);
                                append_text(&mut origin.text, &text);
                                continue;
                            }
                        }
                    }
                    Some(true) => {
                        merges.insert(start, (row_index, out.len()));
                    }
                    None => {
                        merges.remove(&start);
                    }
                }
                out.push(SourceCell {
                    text,
                    colspan: span,
                    rowspan: 1,
                });
            }
            // An empty row of a table is kept only if it has cells (an empty printed row is a row).
            if !out.is_empty() {
                table.rows.push(out);
            } else {
                // Merges continue through rows made only of continued cells; nothing to hold them.
            }
        }
        Ok(if table.rows.is_empty() {
            Vec::new()
        } else {
            vec![Block::Table(table)]
        })
    }

    fn grid_before(&mut self) -> Result<u16, ImportError> {
        let mut before = 0;
        let mut open = 0usize;
        loop {
            match self.next()? {
                Event::Empty(e) if local(&e) == "gridBefore" => {
                    before = attr_u16(&e, "val").unwrap_or(0);
                }
                Event::Start(e) => {
                    if local(&e) == "gridBefore" {
                        before = attr_u16(&e, "val").unwrap_or(0);
                    }
                    open += 1;
                }
                Event::End(_) if open == 0 => return Ok(before),
                Event::End(_) => open -= 1,
                Event::Eof => return Ok(before),
                _ => {}
            }
        }
    }
}

/// A continued merged cell's text, if it has any, goes to the merge's first cell: nothing is dropped.
fn append_text(to: &mut String, text: &str) {
    if text.trim().is_empty() {
        return;
    }
    if !to.is_empty() {
        to.push('\n');
    }
    to.push_str(text);
}

/// One level of a list definition (`w:lvl`).
#[derive(Clone, Debug)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

/// The list definitions of `numbering.xml`: abstract definitions and the lists (`w:num`) that use them.
#[derive(Default)]
struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    nums: HashMap<String, String>,
}

impl Numbering {
    fn parse(xml: &str) -> Numbering {
        let mut numbering = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut level: Option<(usize, Level)> = None;
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(event) => event,
            };
            match &event {
                Event::Start(e) | Event::Empty(e) => match local(e) {
                    "abstractNum" => abstract_id = attr(e, "abstractNumId"),
                    "num" => num_id = attr(e, "numId"),
                    "abstractNumId" => {
                        if let (Some(num), Some(abs)) = (&num_id, attr(e, "val")) {
                            numbering.nums.insert(num.clone(), abs);
                        }
                    }
                    "lvl" if abstract_id.is_some() => {
                        let index = attr_u16(e, "ilvl").unwrap_or(0).min(8) as usize;
                        level = Some((
                            index,
                            Level {
                                start: 1,
                                format: "decimal".to_owned(),
                                text: String::new(),
                            },
                        ));
                    }
                    "start" => {
                        if let Some((_, l)) = &mut level {
                            l.start = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                        }
                    }
                    "numFmt" => {
                        if let Some((_, l)) = &mut level {
                            l.format = attr(e, "val").unwrap_or_default();
                        }
                    }
                    "lvlText" => {
                        if let Some((_, l)) = &mut level {
                            l.text = attr(e, "val").unwrap_or_default();
                        }
                    }
                    _ => {}
                },
                Event::End(e) => {
                    let name = e.name().into_inner();
                    let name = name.rsplit_once(':').map_or(name, |(_, l)| l);
                    match name {
                        "lvl" => {
                            if let (Some(abs), Some((index, l))) = (&abstract_id, level.take()) {
                                let levels = numbering.abstracts.entry(abs.clone()).or_default();
                                if levels.len() <= index {
                                    levels.resize(
                                        index + 1,
                                        Level {
                                            start: 1,
                                            format: "none".to_owned(),
                                            text: String::new(),
                                        },
                                    );
                                }
                                levels[index] = l;
                            }
                        }
                        "abstractNum" => abstract_id = None,
                        "num" => num_id = None,
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        numbering
    }

    fn levels(&self, num_id: &str) -> Option<&Vec<Level>> {
        self.abstracts.get(self.nums.get(num_id)?)
    }
}

/// A list number in a Word numbering format (`w:numFmt`).
fn format_number(n: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "ideographTraditional"
        | "chineseLegalSimplified"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => chinese(n),
        "lowerLetter" => letters(n, b'a'),
        "upperLetter" => letters(n, b'A'),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or(n.to_string(), String::from)
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
        "decimalZero" if n < 10 => format!("0{n}"),
        _ => n.to_string(),
    }
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (as Word's chineseCounting writes them).
fn chinese(n: u32) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if n == 0 {
        return "零".to_owned();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let parts = [
        (n / 1000, '千'),
        ((n / 100) % 10, '百'),
        ((n / 10) % 10, '十'),
    ];
    let mut out = String::new();
    let mut zero = false;
    for (digit, unit) in parts {
        if digit == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        if !(unit == '十' && digit == 1 && out.is_empty()) {
            out.push(DIGITS[digit as usize]);
        }
        out.push(unit);
    }
    let ones = n % 10;
    if ones > 0 {
        if zero {
            out.push('零');
        }
        out.push(DIGITS[ones as usize]);
    }
    out
}

fn letters(n: u32, base: u8) -> String {
    if n == 0 {
        return String::new();
    }
    // Word repeats the letter: a … z, aa … zz.
    let letter = (base + ((n - 1) % 26) as u8) as char;
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1).min(50) as usize).collect()
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counting_as_word_writes_it() {
        let got: Vec<String> = [1, 6, 10, 11, 20, 21, 100, 105, 110]
            .into_iter()
            .map(chinese)
            .collect();
        assert_eq!(
            got,
            [
                "一",
                "六",
                "十",
                "十一",
                "二十",
                "二十一",
                "一百",
                "一百零五",
                "一百一十"
            ]
        );
        assert_eq!(format_number(3, "upperRoman"), "III");
        assert_eq!(format_number(2, "lowerLetter"), "b");
        assert_eq!(format_number(4, "decimalEnclosedCircle"), "④");
    }
}
