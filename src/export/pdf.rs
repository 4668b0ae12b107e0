//! The PDF export, laid out as GB/T 9704-2012 sets an official document: A4, top margin 37 mm, left 28 mm, a type
//! area of 156 × 225 mm holding 22 lines of 28 characters in 3号 (16 pt); the title in 2号 (22 pt), centred;
//! level-1 headings in a Hei face, level-2 in a Kai face, body text with a two-character first-line indent; page
//! numbers "— N —" in 4号 (14 pt) 7 mm below the type area, odd pages on the right and even pages on the left, one
//! character in. Tables are ruled, split across pages with their header rows repeated, and wrap long labels
//! within their cells.
//!
//! Fonts come in whole (a GB 2312 subset made at setup, see scripts/fonts.py) and go out as subsets of the glyphs
//! this document uses: printpdf with its default features off embeds a font as given, so the subset is made here
//! with allsorts, the font library printpdf itself is built on.

use super::document::{Block, ColumnKind, Document, Row, Table};
use super::linebreak::{break_lines, line_width, trimmed_end};
use printpdf::{
    Color, Greyscale, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Pt, Rect, TextItem, TextMatrix, TextRenderingMode,
};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

const MM: f32 = 72.0 / 25.4;
const PAGE_W: f32 = 210.0 * MM;
const PAGE_H: f32 = 297.0 * MM;
const LEFT: f32 = 28.0 * MM;
const TOP: f32 = 37.0 * MM;
const AREA_W: f32 = 156.0 * MM;
const AREA_H: f32 = 225.0 * MM;
/// 3号.
const BODY: f32 = 16.0;
/// 2号.
const TITLE: f32 = 22.0;
/// 4号.
const FOLIO: f32 = 14.0;
/// The width of one character of body text: 28 to a line.
const CHAR: f32 = AREA_W / 28.0;
/// The height of one line: 22 to a page.
const PITCH: f32 = AREA_H / 22.0;
/// Spacing that makes a 16 pt full-width character take exactly `CHAR`.
const TRACKING: f32 = CHAR - BODY;
/// Where an ideographic em box puts its baseline: 0.88 em below its top (0.12 em descends).
const EM_ASCENT: f32 = 0.88;
/// Rules of tables.
const RULE: f32 = 0.6;
/// Rows a table keeps with its header where it starts.
const KEEP_ROWS: usize = 3;
/// Stroke that thickens the title's Song face towards 小标宋.
const TITLE_STROKE: f32 = 0.45;

/// The faces a document is set in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    /// Song: body text, the title, tables.
    Serif,
    /// Hei: level-1 headings, table headers.
    Sans,
    /// Kai: level-2 headings.
    Kai,
}

impl Face {
    const ALL: [Face; 3] = [Face::Serif, Face::Sans, Face::Kai];

    fn postscript_name(self) -> &'static str {
        match self {
            Face::Serif => "NianbaoSerifSC-Regular",
            Face::Sans => "NianbaoSansSC-Regular",
            Face::Kai => "NianbaoKai-Regular",
        }
    }
}

/// One font, parsed once and kept for every export.
pub struct FontFace {
    parsed: ParsedFont,
}

impl FontFace {
    pub fn from_bytes(bytes: &[u8]) -> Result<FontFace, PdfError> {
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).ok_or(PdfError::BadFont)?;
        if parsed.units_per_em == 0 || parsed.codepoint_to_glyph.is_empty() {
            return Err(PdfError::BadFont);
        }
        Ok(FontFace { parsed })
    }

    fn glyph(&self, c: char) -> Option<u16> {
        self.parsed
            .lookup_glyph_index(u32::from(c))
            .filter(|&g| g != 0)
    }

    /// The advance of a glyph in ems.
    fn advance(&self, glyph: u16) -> f32 {
        f32::from(self.parsed.get_glyph_width(glyph).unwrap_or(0))
            / f32::from(self.parsed.units_per_em)
    }

    /// A new font holding only `glyphs` (and .notdef), for embedding.
    fn subset(&self, glyphs: &BTreeSet<u16>, name: String) -> Result<ParsedFont, PdfError> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{subset, CmapTarget, SubsetProfile};
        let scope = ReadScope::new(&self.parsed.original_bytes);
        let data = scope
            .read::<FontData<'_>>()
            .map_err(|e| PdfError::Subset(e.to_string()))?;
        let provider = data
            .table_provider(0)
            .map_err(|e| PdfError::Subset(e.to_string()))?;
        let ids: Vec<u16> = std::iter::once(0)
            .chain(glyphs.iter().copied().filter(|&g| g != 0))
            .collect();
        let bytes = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
            .map_err(|e| PdfError::Subset(e.to_string()))?;
        let mut font =
            ParsedFont::from_bytes(&bytes, 0, &mut Vec::new()).ok_or(PdfError::BadFont)?;
        font.font_name = Some(name);
        Ok(font)
    }
}

/// The three faces of a document.
pub struct Fonts {
    pub serif: FontFace,
    pub sans: FontFace,
    pub kai: FontFace,
}

impl Fonts {
    /// Reads the fonts that scripts/fonts.py makes (serif.ttf, sans.ttf, kai.ttf).
    pub fn from_bytes(serif: &[u8], sans: &[u8], kai: &[u8]) -> Result<Fonts, PdfError> {
        Ok(Fonts {
            serif: FontFace::from_bytes(serif)?,
            sans: FontFace::from_bytes(sans)?,
            kai: FontFace::from_bytes(kai)?,
        })
    }

    fn face(&self, face: Face) -> &FontFace {
        match face {
            Face::Serif => &self.serif,
            Face::Sans => &self.sans,
            Face::Kai => &self.kai,
        }
    }
}

/// The file and what is worth telling about it.
#[derive(Clone, Debug)]
pub struct PdfExport {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters no font has; each is printed as □.
    pub missing: Vec<char>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PdfError {
    BadFont,
    Subset(String),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::BadFont => f.write_str("字体文件无法读取，请刷新页面后重试"),
            PdfError::Subset(why) => write!(f, "生成字体子集时出错（{why}）"),
        }
    }
}

impl std::error::Error for PdfError {}

/// Lays the document out and writes the PDF.
pub fn render(document: &Document, fonts: &Fonts) -> Result<PdfExport, PdfError> {
    let mut layout = Layout::new(fonts);
    layout.title(&document.title);
    for (n, block) in document.blocks.iter().enumerate() {
        let next = document.blocks.get(n + 1);
        match block {
            Block::Heading { level, text } => {
                let face = match level {
                    1 => Face::Sans,
                    2 => Face::Kai,
                    _ => Face::Serif,
                };
                let keep = next.map_or(0.0, |b| layout.min_height(b));
                layout.text_block(text, face, 2.0, false, keep);
            }
            Block::Paragraph(text) => layout.text_block(text, Face::Serif, 2.0, true, 0.0),
            Block::Fields(lines) => {
                let text = lines
                    .iter()
                    .map(|l| format!("{}：{}", l.label, l.value))
                    .collect::<Vec<_>>()
                    .join("\u{3000}\u{3000}");
                layout.text_block(&text, Face::Serif, 0.0, false, 0.0);
            }
            Block::Signature { unit, date } => layout.signature(unit, date),
            Block::Table(table) => layout.table(table),
        }
    }
    if layout.pages.is_empty() || !layout.page.runs.is_empty() || !layout.page.frames.is_empty() {
        layout.finish_page();
    }
    write(&layout.pages, fonts, &document.title).map(|bytes| PdfExport {
        bytes,
        pages: layout.pages.len(),
        missing: layout.missing.into_iter().collect(),
    })
}

/// A glyph placed in a line: its character, the face that has it, and its advance at its size.
#[derive(Clone, Copy, Debug)]
struct Glyph {
    c: char,
    face: Face,
    width: f32,
}

/// A run of text in one face, positioned in the type area (x from its left, baseline from its top).
#[derive(Clone, Debug)]
struct Run {
    face: Face,
    size: f32,
    x: f32,
    baseline: f32,
    spacing: f32,
    bold: bool,
    text: String,
}

/// A stroked rectangle in the type area (x, y of its top-left corner).
#[derive(Clone, Copy, Debug)]
struct Frame {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

#[derive(Default)]
struct Page {
    runs: Vec<Run>,
    frames: Vec<Frame>,
}

struct Layout<'a> {
    fonts: &'a Fonts,
    pages: Vec<Page>,
    page: Page,
    /// The top of the next free space, from the top of the type area.
    y: f32,
    missing: BTreeSet<char>,
}

/// How a table is set: its type size, paddings and column edges.
struct TableStyle {
    size: f32,
    pad_x: f32,
    pad_y: f32,
    line: f32,
    /// The x of every column edge, from the left of the type area; one more than the columns.
    edges: Vec<f32>,
    /// Width of the widest lead (其中：), by which items hang.
    hang: f32,
}

/// One cell's wrapped text.
struct CellText {
    first: usize,
    last: usize,
    lines: Vec<Vec<Glyph>>,
    align: Align,
    /// Extra indent of the text within the cell (items of a breakdown).
    indent: f32,
    /// A lead printed before the first line, hanging left of the indent.
    lead: Option<Vec<Glyph>>,
}

#[derive(Clone, Copy, PartialEq)]
enum Align {
    Left,
    Center,
}

impl<'a> Layout<'a> {
    fn new(fonts: &'a Fonts) -> Self {
        Layout {
            fonts,
            pages: Vec::new(),
            page: Page::default(),
            y: 0.0,
            missing: BTreeSet::new(),
        }
    }

    fn finish_page(&mut self) {
        let page = std::mem::take(&mut self.page);
        self.pages.push(page);
        self.y = 0.0;
    }

    /// Starts a new page unless `height` still fits on this one.
    fn ensure(&mut self, height: f32) {
        if self.y > 0.0 && self.y + height > AREA_H + 0.01 {
            self.finish_page();
        }
    }

    /// The glyphs of a text in a face, each from the first face that has it (the face asked for, then the
    /// Song, then the Hei); a character none has becomes □ and is reported.
    fn shape(&mut self, text: &str, face: Face, size: f32) -> Vec<Glyph> {
        let mut glyphs = Vec::with_capacity(text.len() / 2);
        for c in text.chars() {
            let c = match c {
                '\t' | '\n' | '\r' => ' ',
                c if c.is_control() => continue,
                c => c,
            };
            let found = [face, Face::Serif, Face::Sans]
                .into_iter()
                .find_map(|f| self.fonts.face(f).glyph(c).map(|g| (c, f, g)))
                .or_else(|| {
                    self.missing.insert(c);
                    self.fonts.serif.glyph('□').map(|g| ('□', Face::Serif, g))
                });
            if let Some((c, face, glyph)) = found {
                let width = self.fonts.face(face).advance(glyph) * size;
                glyphs.push(Glyph { c, face, width });
            }
        }
        glyphs
    }

    /// Places a line of glyphs: each run of one face becomes one run of text.
    #[allow(clippy::too_many_arguments)]
    fn place(
        &mut self,
        glyphs: &[Glyph],
        x: f32,
        baseline: f32,
        size: f32,
        spacing: f32,
        bold: bool,
    ) {
        let mut pen = x;
        let mut start = 0;
        while start < glyphs.len() {
            let face = glyphs[start].face;
            let mut end = start;
            let mut text = String::new();
            let run_x = pen;
            while end < glyphs.len() && glyphs[end].face == face {
                text.push(glyphs[end].c);
                pen += glyphs[end].width + spacing;
                end += 1;
            }
            if !text.trim().is_empty() {
                self.page.runs.push(Run {
                    face,
                    size,
                    x: run_x,
                    baseline,
                    spacing,
                    bold,
                    text,
                });
            }
            start = end;
        }
    }

    /// The baseline of text of `size` centred in a band of `height` starting at `top`.
    fn baseline(top: f32, height: f32, size: f32) -> f32 {
        top + (height - size) / 2.0 + size * EM_ASCENT
    }

    /// The title: 2号 Song made heavier, centred, broken before 政府信息公开工作年度报告 when it is too long for one
    /// line (so each line keeps whole words), followed by a blank line.
    fn title(&mut self, title: &str) {
        let glyphs = self.shape(title, Face::Serif, TITLE);
        let total: f32 = glyphs.iter().map(|g| g.width).sum();
        let tail = "政府信息公开工作年度报告".chars().count();
        let mut lines: Vec<Vec<Glyph>> = Vec::new();
        if total <= AREA_W {
            lines.push(glyphs);
        } else {
            let split = glyphs.len().saturating_sub(tail);
            let head_width: f32 = glyphs[..split].iter().map(|g| g.width).sum();
            let mut parts = vec![&glyphs[..split], &glyphs[split..]];
            if split == 0 || head_width > AREA_W {
                parts = vec![&glyphs[..]];
            }
            for part in parts {
                let chars: Vec<char> = part.iter().map(|g| g.c).collect();
                let widths: Vec<f32> = part.iter().map(|g| g.width).collect();
                let part_width: f32 = widths.iter().sum();
                // Balance the lines of a part that still needs several: as many lines, as even as they go.
                let count = break_lines(&chars, &widths, AREA_W, AREA_W).len();
                let target = (part_width / count as f32 + TITLE).min(AREA_W);
                let mut ranges = break_lines(&chars, &widths, target, target);
                if ranges.len() > count {
                    ranges = break_lines(&chars, &widths, AREA_W, AREA_W);
                }
                for range in ranges {
                    let end = trimmed_end(&chars, range.clone());
                    lines.push(part[range.start..end].to_vec());
                }
            }
        }
        for line in lines {
            self.ensure(PITCH);
            let width: f32 = line.iter().map(|g| g.width).sum();
            let baseline = Self::baseline(self.y, PITCH, TITLE);
            self.place(&line, (AREA_W - width) / 2.0, baseline, TITLE, 0.0, true);
            self.y += PITCH;
        }
        self.y += PITCH;
    }

    /// Lines of body-size text on the page grid: a paragraph (justified, first line indented), a heading (kept
    /// with `keep` of what follows it) or a line of fields.
    fn text_block(&mut self, text: &str, face: Face, indent_chars: f32, justify: bool, keep: f32) {
        let glyphs = self.shape(text, face, BODY);
        let chars: Vec<char> = glyphs.iter().map(|g| g.c).collect();
        let widths: Vec<f32> = glyphs.iter().map(|g| g.width + TRACKING).collect();
        let indent = indent_chars * CHAR;
        let lines = break_lines(&chars, &widths, AREA_W - indent, AREA_W);
        if keep > 0.0 {
            self.ensure(lines.len() as f32 * PITCH + keep);
        }
        let count = lines.len();
        for (n, line) in lines.into_iter().enumerate() {
            self.ensure(PITCH);
            let x = if n == 0 { indent } else { 0.0 };
            let end = trimmed_end(&chars, line.clone());
            let mut spacing = TRACKING;
            if justify && n + 1 < count && end - line.start > 1 {
                let natural = line_width(&chars, &widths, line.clone()) - TRACKING;
                let gap = (AREA_W - x - natural) / (end - line.start - 1) as f32;
                spacing += gap.clamp(0.0, BODY / 2.0);
            }
            let baseline = Self::baseline(self.y, PITCH, BODY);
            self.place(&glyphs[line.start..end], x, baseline, BODY, spacing, false);
            self.y += PITCH;
        }
    }

    /// The unit and the date, after a blank line: the date ends four characters from the right margin and the
    /// unit is centred over it (GB/T 9704-2012, 7.3.5.2).
    fn signature(&mut self, unit: &str, date: &str) {
        let unit = self.shape(unit, Face::Serif, BODY);
        let date = self.shape(date, Face::Serif, BODY);
        let width = |g: &[Glyph]| g.iter().map(|g| g.width + TRACKING).sum::<f32>() - TRACKING;
        let lines = if unit.is_empty() { 1.0 } else { 2.0 };
        self.ensure((lines + 1.0) * PITCH);
        if self.y > 0.0 {
            self.y += PITCH;
        }
        let date_width = width(&date);
        let date_x = (AREA_W - 4.0 * CHAR - date_width).max(0.0);
        if !unit.is_empty() {
            let unit_width = width(&unit);
            let centre = date_x + date_width / 2.0;
            let unit_x = (centre - unit_width / 2.0)
                .min(AREA_W - 2.0 * CHAR - unit_width)
                .max(0.0);
            let baseline = Self::baseline(self.y, PITCH, BODY);
            self.place(&unit, unit_x, baseline, BODY, TRACKING, false);
            self.y += PITCH;
        }
        let baseline = Self::baseline(self.y, PITCH, BODY);
        self.place(&date, date_x, baseline, BODY, TRACKING, false);
        self.y += PITCH;
    }

    /// The least height a block needs where it starts, so a heading is not left alone at a page's foot.
    fn min_height(&mut self, block: &Block) -> f32 {
        match block {
            Block::Table(table) => {
                let style = self.table_style(table);
                let header: f32 = self.header_heights(table, &style).iter().sum();
                let rows: Vec<Vec<CellText>> = table
                    .rows
                    .iter()
                    .take(KEEP_ROWS)
                    .map(|row| self.row_cells(table, &style, row))
                    .collect();
                self.table_start(table, &style, header, &rows)
            }
            Block::Signature { .. } => 3.0 * PITCH,
            _ => PITCH,
        }
    }

    /// The room a table needs where it starts: its caption, its header and its first rows (up to three); when
    /// those would not fit even a fresh page, its first row; when that would not either, two of its lines.
    fn table_start(
        &self,
        table: &Table,
        style: &TableStyle,
        header: f32,
        rows: &[Vec<CellText>],
    ) -> f32 {
        let caption = if table.caption_is_heading { 0.0 } else { PITCH };
        let heights: Vec<f32> = rows
            .iter()
            .take(KEEP_ROWS)
            .map(|cells| self.row_height(cells, style))
            .collect();
        let start = caption + header;
        let all: f32 = heights.iter().sum();
        let first = heights.first().copied().unwrap_or(0.0);
        if start + all <= AREA_H {
            start + all
        } else if start + first <= AREA_H {
            start + first
        } else {
            start + 2.0 * style.line + 2.0 * style.pad_y
        }
    }

    fn width_of(&mut self, text: &str, face: Face, size: f32) -> f32 {
        self.shape(text, face, size).iter().map(|g| g.width).sum()
    }

    /// Chooses the type size and the column widths. The label column wants twelve characters (more if its labels
    /// are longer); the value columns try, in turn, their headers on one line (up to eight characters), their
    /// headers on two lines, and their widest figure, and take the first that leaves the label column its share.
    /// The label column then takes what is left, up to what it needs, and the value columns share the rest.
    fn table_style(&mut self, table: &Table) -> TableStyle {
        let (size, pad_x) = match table.value_columns() {
            0..=5 => (12.0, 4.0),
            6..=9 => (10.5, 4.0),
            _ => (9.0, 3.0),
        };
        let hang = table
            .rows
            .iter()
            .filter_map(|r| r.lead.as_deref())
            .map(|lead| self.width_of(lead, Face::Serif, size))
            .fold(0.0, f32::max);
        let own_header = |c: usize| -> &str {
            table
                .header
                .iter()
                .flatten()
                .find(|cell| cell.column == c && cell.colspan == 1 && !cell.group)
                .map_or("", |cell| cell.text.as_str())
        };
        let columns = table.columns.len();
        // Per column: one-line header, two-line header, narrowest; all with padding.
        let mut tiers = [
            vec![0.0f32; columns],
            vec![0.0f32; columns],
            vec![0.0f32; columns],
        ];
        let mut label_wants = 0.0;
        let mut value_index = 0;
        for (c, kind) in table.columns.iter().enumerate() {
            let header = own_header(c).to_owned();
            let header_width = self.width_of(&header, Face::Sans, size);
            let half = (header.chars().count().div_ceil(2) as f32 * size).min(header_width);
            let (one_line, two_lines, narrowest) = match kind {
                ColumnKind::Label => {
                    let widest = table
                        .rows
                        .iter()
                        .map(|row| {
                            indent_of(row, size, hang)
                                + self.width_of(&row.label, Face::Serif, size)
                        })
                        .fold(header_width.min(12.0 * size), f32::max);
                    label_wants = widest.max(12.0 * size) + 2.0 * pad_x;
                    let least = (6.0 * size + hang).min(widest);
                    (least, least, least)
                }
                ColumnKind::Unit => {
                    let widest = table
                        .rows
                        .iter()
                        .filter_map(|row| row.unit.as_deref())
                        .map(|unit| self.width_of(unit, Face::Serif, size))
                        .fold(2.0 * size, f32::max);
                    (widest.max(header_width), widest.max(half), widest)
                }
                ColumnKind::Value => {
                    let widest = table
                        .rows
                        .iter()
                        .filter_map(|row| {
                            row.cells.as_ref().map(|cells| cells[value_index].clone())
                        })
                        .map(|text| self.width_of(&text, Face::Serif, size).min(8.0 * size))
                        .fold(2.0 * size, f32::max);
                    value_index += 1;
                    (
                        widest.max(header_width.min(8.0 * size)),
                        widest.max(half.min(8.0 * size)),
                        widest,
                    )
                }
            };
            tiers[0][c] = one_line + 2.0 * pad_x;
            tiers[1][c] = two_lines + 2.0 * pad_x;
            tiers[2][c] = narrowest + 2.0 * pad_x;
        }
        let label_target = label_wants.min(12.0 * size + 2.0 * pad_x);
        let chosen = tiers
            .iter()
            .find(|tier| AREA_W - tier[1..].iter().sum::<f32>() >= label_target)
            .unwrap_or(&tiers[2]);
        let mut widths = chosen.clone();
        let others: f32 = widths[1..].iter().sum();
        let left = AREA_W - others;
        if left >= widths[0] {
            widths[0] = left.min(label_wants);
            let extra = (left - widths[0]) / (columns - 1).max(1) as f32;
            for w in &mut widths[1..] {
                *w += extra;
            }
            if columns == 1 {
                widths[0] = AREA_W;
            }
        } else {
            // Even at their narrowest the columns do not fit: shrink them all alike.
            let total: f32 = widths.iter().sum();
            for w in &mut widths {
                *w *= AREA_W / total;
            }
        }
        let mut edges = Vec::with_capacity(columns + 1);
        let mut x = 0.0;
        edges.push(x);
        for w in &widths {
            x += w;
            edges.push(x);
        }
        TableStyle {
            size,
            pad_x,
            pad_y: 3.0,
            line: size * 1.4,
            edges,
            hang,
        }
    }

    /// Wraps a cell's text to the width between its edges; `balance` evens out the lines of a header (商业/企业
    /// rather than 商业企/业).
    fn wrap(
        &mut self,
        text: &str,
        face: Face,
        style: &TableStyle,
        width: f32,
        balance: bool,
    ) -> Vec<Vec<Glyph>> {
        let glyphs = self.shape(text, face, style.size);
        let chars: Vec<char> = glyphs.iter().map(|g| g.c).collect();
        let widths: Vec<f32> = glyphs.iter().map(|g| g.width).collect();
        let mut ranges = break_lines(&chars, &widths, width, width);
        if balance && ranges.len() > 1 {
            let total: f32 = widths.iter().sum();
            let even = (total / ranges.len() as f32 + 0.5 * style.size).min(width);
            let balanced = break_lines(&chars, &widths, even, even);
            if balanced.len() == ranges.len() {
                ranges = balanced;
            }
        }
        ranges
            .into_iter()
            .map(|range| {
                let end = trimmed_end(&chars, range.clone());
                glyphs[range.start..end].to_vec()
            })
            .collect()
    }

    fn header_cells(&mut self, table: &Table, style: &TableStyle) -> Vec<(usize, usize, CellText)> {
        let mut cells = Vec::new();
        for (r, row) in table.header.iter().enumerate() {
            for cell in row {
                let first = cell.column;
                let last = cell.column + cell.colspan;
                let width = style.edges[last] - style.edges[first] - 2.0 * style.pad_x;
                let lines = self.wrap(&cell.text, Face::Sans, style, width, true);
                cells.push((
                    r,
                    cell.rowspan,
                    CellText {
                        first,
                        last,
                        lines,
                        align: Align::Center,
                        indent: 0.0,
                        lead: None,
                    },
                ));
            }
        }
        cells
    }

    /// The height of each header row: enough for its own cells, and together with the rows below it for each
    /// cell spanning down.
    fn header_heights(&mut self, table: &Table, style: &TableStyle) -> Vec<f32> {
        let cells = self.header_cells(table, style);
        let need =
            |cell: &CellText| cell.lines.len().max(1) as f32 * style.line + 2.0 * style.pad_y;
        let mut heights = vec![style.line + 2.0 * style.pad_y; table.header.len()];
        for (r, span, cell) in &cells {
            if *span == 1 {
                heights[*r] = heights[*r].max(need(cell));
            }
        }
        for (r, span, cell) in &cells {
            if *span > 1 {
                let have: f32 = heights[*r..r + span].iter().sum();
                if have < need(cell) {
                    heights[r + span - 1] += need(cell) - have;
                }
            }
        }
        heights
    }

    fn row_cells(&mut self, table: &Table, style: &TableStyle, row: &Row) -> Vec<CellText> {
        let mut cells = Vec::new();
        let indent = indent_of(row, style.size, style.hang);
        let label_width = style.edges[1] - style.edges[0] - 2.0 * style.pad_x - indent;
        let lead = row
            .lead
            .as_deref()
            .map(|lead| self.shape(lead, Face::Serif, style.size));
        cells.push(CellText {
            first: 0,
            last: 1,
            lines: self.wrap(&row.label, Face::Serif, style, label_width, false),
            align: Align::Left,
            indent,
            lead,
        });
        let mut column = 1;
        if let Some(unit) = &row.unit {
            let width = style.edges[2] - style.edges[1] - 2.0 * style.pad_x;
            cells.push(CellText {
                first: 1,
                last: 2,
                lines: self.wrap(unit, Face::Serif, style, width, false),
                align: Align::Center,
                indent: 0.0,
                lead: None,
            });
            column = 2;
        }
        match &row.cells {
            Some(values) => {
                for (n, value) in values.iter().enumerate() {
                    let c = column + n;
                    let width = style.edges[c + 1] - style.edges[c] - 2.0 * style.pad_x;
                    cells.push(CellText {
                        first: c,
                        last: c + 1,
                        lines: self.wrap(value, Face::Serif, style, width, false),
                        align: Align::Center,
                        indent: 0.0,
                        lead: None,
                    });
                }
            }
            None => cells.push(CellText {
                first: column,
                last: table.columns.len(),
                lines: Vec::new(),
                align: Align::Center,
                indent: 0.0,
                lead: None,
            }),
        }
        cells
    }

    fn row_height(&self, cells: &[CellText], style: &TableStyle) -> f32 {
        let lines = cells
            .iter()
            .map(|c| c.lines.len())
            .max()
            .unwrap_or(0)
            .max(1);
        lines as f32 * style.line + 2.0 * style.pad_y
    }

    /// Draws cells whose lines `from..to` fill a band of `height` at the current position.
    fn draw_cells(
        &mut self,
        cells: &[CellText],
        style: &TableStyle,
        height: f32,
        from: usize,
        to: usize,
    ) {
        for cell in cells {
            let x = style.edges[cell.first];
            let w = style.edges[cell.last] - x;
            self.page.frames.push(Frame {
                x,
                y: self.y,
                w,
                h: height,
            });
            let shown = cell.lines.len().min(to).saturating_sub(from);
            let text_height = shown as f32 * style.line;
            let mut top = self.y + (height - text_height) / 2.0;
            for (n, line) in cell.lines.iter().enumerate().take(to).skip(from) {
                let baseline = Self::baseline(top, style.line, style.size);
                let line_width: f32 = line.iter().map(|g| g.width).sum();
                let left = x + style.pad_x + cell.indent;
                let lx = match cell.align {
                    Align::Left => left,
                    Align::Center => x + (w - line_width) / 2.0,
                };
                if n == 0 {
                    if let Some(lead) = &cell.lead {
                        let lead_width: f32 = lead.iter().map(|g| g.width).sum();
                        self.place(lead, left - lead_width, baseline, style.size, 0.0, false);
                    }
                }
                self.place(line, lx, baseline, style.size, 0.0, false);
                top += style.line;
            }
        }
    }

    fn draw_header(&mut self, table: &Table, style: &TableStyle) {
        let heights = self.header_heights(table, style);
        let cells = self.header_cells(table, style);
        let top = self.y;
        for (r, span, cell) in cells {
            self.y = top + heights[..r].iter().sum::<f32>();
            let height: f32 = heights[r..r + span].iter().sum();
            let lines = cell.lines.len();
            self.draw_cells(std::slice::from_ref(&cell), style, height, 0, lines);
        }
        self.y = top + heights.iter().sum::<f32>();
    }

    /// A table: its caption (unless it was printed as the heading), the header, then the rows; a row that does
    /// not fit goes to the next page under a repeated header, and a row taller than a page is split by lines.
    fn table(&mut self, table: &Table) {
        let style = self.table_style(table);
        let header_height: f32 = self.header_heights(table, &style).iter().sum();
        let rows: Vec<Vec<CellText>> = table
            .rows
            .iter()
            .map(|row| self.row_cells(table, &style, row))
            .collect();
        let start = self.table_start(table, &style, header_height, &rows);
        self.ensure(start);
        if !table.caption_is_heading {
            let glyphs = self.shape(&table.caption, Face::Sans, FOLIO);
            let width: f32 = glyphs.iter().map(|g| g.width).sum();
            let baseline = Self::baseline(self.y, PITCH, FOLIO);
            self.place(
                &glyphs,
                ((AREA_W - width) / 2.0).max(0.0),
                baseline,
                FOLIO,
                0.0,
                false,
            );
            self.y += PITCH;
        }
        self.draw_header(table, &style);
        let mut page_top = self.y;
        // What a page holds under the repeated header.
        let page_room = AREA_H - header_height;
        for (n, cells) in rows.iter().enumerate() {
            let height = self.row_height(cells, &style);
            // A label-only row (（三）不予公开) stays with the first of its items.
            let keep = match (table.rows[n].cells.is_none(), rows.get(n + 1)) {
                (true, Some(next)) => self.row_height(next, &style),
                _ => 0.0,
            };
            let fits = |y: f32, h: f32| y + h <= AREA_H + 0.01;
            if !fits(self.y, height + keep) && self.y > page_top && height + keep <= page_room {
                self.finish_page();
                self.draw_header(table, &style);
                page_top = self.y;
            }
            if fits(self.y, height) {
                self.draw_cells(cells, &style, height, 0, usize::MAX);
                self.y += height;
                continue;
            }
            // Taller than any page: split by lines, starting here if the label fits whole.
            let total = cells.iter().map(|c| c.lines.len()).max().unwrap_or(0);
            let label_lines = cells[0].lines.len().max(2) as f32;
            let mut from = 0;
            while from < total {
                let room = ((AREA_H - self.y - 2.0 * style.pad_y) / style.line).floor();
                if room < 1.0 || (from == 0 && room < label_lines && self.y > page_top) {
                    self.finish_page();
                    self.draw_header(table, &style);
                    continue;
                }
                let to = (from + room as usize).min(total);
                let height = (to - from) as f32 * style.line + 2.0 * style.pad_y;
                self.draw_cells(cells, &style, height, from, to);
                self.y += height;
                from = to;
                if from < total {
                    self.finish_page();
                    self.draw_header(table, &style);
                }
            }
            page_top = f32::MIN;
        }
        // Back onto the grid, clear of the bottom rule.
        self.y = ((self.y + 4.0) / PITCH).ceil() * PITCH;
        if self.y >= AREA_H - 0.01 {
            self.finish_page();
        }
    }
}

/// How far a row's label stands in from its cell's edge: one character a level, and for items of a breakdown
/// with leads also the width of the lead, which hangs to the left of the label.
fn indent_of(row: &Row, size: f32, hang: f32) -> f32 {
    if row.depth == 0 {
        0.0
    } else {
        f32::from(row.depth) * size + hang
    }
}

/// A subset tag (ISO 32000-1, 9.6.4): six capitals derived from the glyphs kept, so a file is reproducible.
fn subset_tag(glyphs: &BTreeSet<u16>) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for glyph in glyphs {
        for byte in glyph.to_le_bytes() {
            hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
        }
    }
    (0..6)
        .map(|_| {
            let letter = char::from(b'A' + (hash % 26) as u8);
            hash /= 26;
            letter
        })
        .collect()
}

fn write(pages: &[Page], fonts: &Fonts, title: &str) -> Result<Vec<u8>, PdfError> {
    let mut doc = PdfDocument::new(title);
    let mut used: BTreeMap<Face, BTreeSet<u16>> = BTreeMap::new();
    for run in pages.iter().flat_map(|p| &p.runs) {
        let face = fonts.face(run.face);
        let glyphs = used.entry(run.face).or_default();
        glyphs.extend(run.text.chars().filter_map(|c| face.glyph(c)));
    }
    let folio_glyphs: BTreeSet<u16> = "— 0123456789"
        .chars()
        .filter_map(|c| fonts.serif.glyph(c))
        .collect();
    used.entry(Face::Serif).or_default().extend(folio_glyphs);
    let mut ids = BTreeMap::new();
    for face in Face::ALL {
        if let Some(glyphs) = used.get(&face) {
            let name = format!("{}+{}", subset_tag(glyphs), face.postscript_name());
            let font = fonts.face(face).subset(glyphs, name)?;
            ids.insert(face, doc.add_font(&font));
        }
    }

    let count = pages.len();
    let mut pdf_pages = Vec::with_capacity(count);
    for (n, page) in pages.iter().enumerate() {
        let mut ops = Vec::with_capacity(page.runs.len() * 3 + page.frames.len() + 16);
        if !page.frames.is_empty() {
            ops.push(Op::SetOutlineColor {
                col: Color::Greyscale(Greyscale::new(0.0, None)),
            });
            ops.push(Op::SetOutlineThickness { pt: Pt(RULE) });
            for frame in &page.frames {
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(LEFT + frame.x),
                        y: Pt(PAGE_H - TOP - frame.y - frame.h),
                        width: Pt(frame.w),
                        height: Pt(frame.h),
                        mode: Some(PaintMode::Stroke),
                        winding_order: None,
                    },
                });
            }
        }
        ops.push(Op::StartTextSection);
        let mut font: Option<(Face, f32)> = None;
        let mut spacing = 0.0;
        let mut bold = false;
        let folio = folio_run(fonts, n + 1);
        for run in page.runs.iter().chain(std::iter::once(&folio)) {
            if font != Some((run.face, run.size)) {
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(ids[&run.face].clone()),
                    size: Pt(run.size),
                });
                font = Some((run.face, run.size));
            }
            if run.spacing != spacing {
                ops.push(Op::SetCharacterSpacing {
                    multiplier: run.spacing,
                });
                spacing = run.spacing;
            }
            if run.bold != bold {
                if run.bold {
                    ops.push(Op::SetOutlineThickness {
                        pt: Pt(TITLE_STROKE),
                    });
                }
                ops.push(Op::SetTextRenderingMode {
                    mode: if run.bold {
                        TextRenderingMode::FillStroke
                    } else {
                        TextRenderingMode::Fill
                    },
                });
                bold = run.bold;
            }
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(LEFT + run.x), Pt(PAGE_H - TOP - run.baseline)),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(run.text.clone())],
            });
        }
        ops.push(Op::EndTextSection);
        pdf_pages.push(PdfPage::new(Mm(PAGE_W / MM), Mm(PAGE_H / MM), ops));
    }
    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    Ok(doc.with_pages(pdf_pages).save(&options, &mut warnings))
}

/// "— N —" in 4号: its dashes 7 mm below the type area, one character in from the right on odd pages and from
/// the left on even ones.
fn folio_run(fonts: &Fonts, number: usize) -> Run {
    let text = format!("— {number} —");
    let width: f32 = text
        .chars()
        .filter_map(|c| fonts.serif.glyph(c))
        .map(|g| fonts.serif.advance(g) * FOLIO)
        .sum();
    let x = if number % 2 == 1 {
        AREA_W - FOLIO - width
    } else {
        FOLIO
    };
    Run {
        face: Face::Serif,
        size: FOLIO,
        x,
        // The dash sits about 0.3 em above the baseline.
        baseline: AREA_H + 7.0 * MM + 0.3 * FOLIO,
        spacing: 0.0,
        bold: false,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_is_22_lines_of_28_characters() {
        assert!((CHAR * 28.0 - 156.0 * MM).abs() < 0.001);
        assert!((PITCH * 22.0 - 225.0 * MM).abs() < 0.001);
        assert!((PAGE_W - LEFT - AREA_W - 26.0 * MM).abs() < 0.001);
        assert!((PAGE_H - TOP - AREA_H - 35.0 * MM).abs() < 0.001);
    }

    #[test]
    fn subset_tags_are_six_capitals_and_stable() {
        let glyphs: BTreeSet<u16> = [0, 5, 9].into_iter().collect();
        let tag = subset_tag(&glyphs);
        assert_eq!(tag.len(), 6);
        assert!(tag.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(tag, subset_tag(&glyphs));
    }
}
