//! Ruled tables: the type size and column widths a table is set at, its cells wrapped within their columns, and
//! its rows placed on pages, split across them under a repeated header.

use super::super::document::{ColumnKind, Row, Table};
use super::super::fonts::Face;
use super::super::linebreak::{break_lines, trimmed_end};
use super::geometry::{baseline, AREA_H, AREA_W, FOLIO, PITCH};
use super::pages::{Frame, Paginator};
use super::shape::{width, Glyph, Shaper};

/// Rows a table keeps with its header where it starts.
const KEEP_ROWS: usize = 3;

/// How a table is set: its type size, paddings and column edges.
#[derive(Clone, Debug, PartialEq)]
pub struct TableStyle {
    pub size: f32,
    pub pad_x: f32,
    pub pad_y: f32,
    /// The height of a line of cell text.
    pub line: f32,
    /// The x of every column edge, from the left of the type area; one more than the columns.
    pub edges: Vec<f32>,
    /// Width of the widest lead (其中：), by which items hang.
    pub hang: f32,
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

/// A header cell's text with the header row it starts in and the rows it spans.
struct HeaderText {
    row: usize,
    rowspan: usize,
    cell: CellText,
}

/// A table measured: its style, its header and its rows wrapped, ready to be placed.
struct Measured {
    style: TableStyle,
    header: Vec<HeaderText>,
    /// The height of each header row.
    header_heights: Vec<f32>,
    rows: Vec<Vec<CellText>>,
}

impl Measured {
    /// Measures a table with its first `rows` rows.
    fn new(shaper: &mut Shaper, table: &Table, rows: usize) -> Measured {
        let style = style(shaper, table);
        let header = header_cells(shaper, table, &style);
        let header_heights = header_heights(table, &style, &header);
        let rows = table
            .rows
            .iter()
            .take(rows)
            .map(|row| row_cells(shaper, table, &style, row))
            .collect();
        Measured {
            style,
            header,
            header_heights,
            rows,
        }
    }

    fn header_height(&self) -> f32 {
        self.header_heights.iter().sum()
    }

    fn row_height(&self, cells: &[CellText]) -> f32 {
        let lines = cells
            .iter()
            .map(|c| c.lines.len())
            .max()
            .unwrap_or(0)
            .max(1);
        lines as f32 * self.style.line + 2.0 * self.style.pad_y
    }

    /// The room a table needs where it starts: its caption, its header and its first rows (up to three); when
    /// those would not fit even a fresh page, its first row; when that would not either, two of its lines.
    fn start_height(&self, table: &Table) -> f32 {
        let caption = if table.caption_is_heading { 0.0 } else { PITCH };
        let heights: Vec<f32> = self
            .rows
            .iter()
            .take(KEEP_ROWS)
            .map(|cells| self.row_height(cells))
            .collect();
        let start = caption + self.header_height();
        let all: f32 = heights.iter().sum();
        let first = heights.first().copied().unwrap_or(0.0);
        if start + all <= AREA_H {
            start + all
        } else if start + first <= AREA_H {
            start + first
        } else {
            start + 2.0 * self.style.line + 2.0 * self.style.pad_y
        }
    }

    /// Draws cells whose lines `from..to` fill a band of `height` at the current position.
    fn draw_cells(
        &self,
        pages: &mut Paginator,
        cells: &[CellText],
        height: f32,
        from: usize,
        to: usize,
    ) {
        let style = &self.style;
        for cell in cells {
            let x = style.edges[cell.first];
            let w = style.edges[cell.last] - x;
            pages.frame(Frame {
                x,
                y: pages.y,
                w,
                h: height,
            });
            let shown = cell.lines.len().min(to).saturating_sub(from);
            let text_height = shown as f32 * style.line;
            let mut top = pages.y + (height - text_height) / 2.0;
            for (n, line) in cell.lines.iter().enumerate().take(to).skip(from) {
                let baseline = baseline(top, style.line, style.size);
                let line_width = width(line);
                let left = x + style.pad_x + cell.indent;
                let lx = match cell.align {
                    Align::Left => left,
                    Align::Center => x + (w - line_width) / 2.0,
                };
                if n == 0 {
                    if let Some(lead) = &cell.lead {
                        let lead_width = width(lead);
                        pages.place(lead, left - lead_width, baseline, style.size, 0.0, false);
                    }
                }
                pages.place(line, lx, baseline, style.size, 0.0, false);
                top += style.line;
            }
        }
    }

    fn draw_header(&self, pages: &mut Paginator) {
        let heights = &self.header_heights;
        let top = pages.y;
        for HeaderText { row, rowspan, cell } in &self.header {
            pages.y = top + heights[..*row].iter().sum::<f32>();
            let height: f32 = heights[*row..row + rowspan].iter().sum();
            let lines = cell.lines.len();
            self.draw_cells(pages, std::slice::from_ref(cell), height, 0, lines);
        }
        pages.y = top + heights.iter().sum::<f32>();
    }
}

/// The least height a table needs where it starts, so the heading before it is not left alone at a page's foot.
pub(super) fn start_height(shaper: &mut Shaper, table: &Table) -> f32 {
    Measured::new(shaper, table, KEEP_ROWS).start_height(table)
}

/// A table: its caption (unless it was printed as the heading), the header, then the rows; a row that does
/// not fit goes to the next page under a repeated header, and a row taller than a page is split by lines.
pub(super) fn place(pages: &mut Paginator, shaper: &mut Shaper, table: &Table) {
    let measured = Measured::new(shaper, table, usize::MAX);
    let style = &measured.style;
    let header_height = measured.header_height();
    let rows = &measured.rows;
    pages.ensure(measured.start_height(table));
    if !table.caption_is_heading {
        let glyphs = shaper.shape(&table.caption, Face::Sans, FOLIO);
        let caption_width = width(&glyphs);
        let baseline = baseline(pages.y, PITCH, FOLIO);
        pages.place(
            &glyphs,
            ((AREA_W - caption_width) / 2.0).max(0.0),
            baseline,
            FOLIO,
            0.0,
            false,
        );
        pages.y += PITCH;
    }
    measured.draw_header(pages);
    let mut page_top = pages.y;
    // What a page holds under the repeated header.
    let page_room = AREA_H - header_height;
    for (n, cells) in rows.iter().enumerate() {
        let height = measured.row_height(cells);
        // A label-only row (（三）不予公开) stays with the first of its items.
        let keep = match (table.rows[n].cells.is_none(), rows.get(n + 1)) {
            (true, Some(next)) => measured.row_height(next),
            _ => 0.0,
        };
        let fits = |y: f32, h: f32| y + h <= AREA_H + 0.01;
        if !fits(pages.y, height + keep) && pages.y > page_top && height + keep <= page_room {
            pages.finish_page();
            measured.draw_header(pages);
            page_top = pages.y;
        }
        if fits(pages.y, height) {
            measured.draw_cells(pages, cells, height, 0, usize::MAX);
            pages.y += height;
            continue;
        }
        // Taller than any page: split by lines, starting here if the label fits whole.
        let total = cells.iter().map(|c| c.lines.len()).max().unwrap_or(0);
        let label_lines = cells[0].lines.len().max(2) as f32;
        let mut from = 0;
        while from < total {
            let room = ((AREA_H - pages.y - 2.0 * style.pad_y) / style.line).floor();
            if room < 1.0 || (from == 0 && room < label_lines && pages.y > page_top) {
                pages.finish_page();
                measured.draw_header(pages);
                continue;
            }
            let to = (from + room as usize).min(total);
            let height = (to - from) as f32 * style.line + 2.0 * style.pad_y;
            measured.draw_cells(pages, cells, height, from, to);
            pages.y += height;
            from = to;
            if from < total {
                pages.finish_page();
                measured.draw_header(pages);
            }
        }
        page_top = f32::MIN;
    }
    // Back onto the grid, clear of the bottom rule.
    pages.y = ((pages.y + 4.0) / PITCH).ceil() * PITCH;
    if pages.y >= AREA_H - 0.01 {
        pages.finish_page();
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

/// Chooses the type size and the column widths. The label column wants twelve characters (more if its labels
/// are longer); the value columns try, in turn, their headers on one line (up to eight characters), their
/// headers on two lines, and their widest figure, and take the first that leaves the label column its share.
/// The label column then takes what is left, up to what it needs, and the value columns share the rest.
pub fn style(shaper: &mut Shaper, table: &Table) -> TableStyle {
    let (size, pad_x) = super::geometry::table_type(table.value_columns());
    let hang = table
        .rows
        .iter()
        .filter_map(|r| r.lead.as_deref())
        .map(|lead| shaper.width_of(lead, Face::Serif, size))
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
        let header_width = shaper.width_of(&header, Face::Sans, size);
        let half = (header.chars().count().div_ceil(2) as f32 * size).min(header_width);
        let (one_line, two_lines, narrowest) = match kind {
            ColumnKind::Label => {
                let widest = table
                    .rows
                    .iter()
                    .map(|row| {
                        indent_of(row, size, hang) + shaper.width_of(&row.label, Face::Serif, size)
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
                    .map(|unit| shaper.width_of(unit, Face::Serif, size))
                    .fold(2.0 * size, f32::max);
                (widest.max(header_width), widest.max(half), widest)
            }
            ColumnKind::Value => {
                let widest = table
                    .rows
                    .iter()
                    .filter_map(|row| row.cells.as_ref().map(|cells| cells[value_index].clone()))
                    .map(|text| shaper.width_of(&text, Face::Serif, size).min(8.0 * size))
                    .fold(2.0 * size, f32::max);
                value_index += 1;
                (
                    widest.max(header_width.min(8.0 * size)),
                    widest.max(half.min(8.0 * size)),
                    widest,
                )
            }
        };
        // No tier breaks a word of the header: 自然人 and 件数 stay whole, 商业企业 breaks as 商业/企业 at most.
        let word = shaper.width_of(longest_word(&header), Face::Sans, size);
        tiers[0][c] = one_line.max(word) + 2.0 * pad_x;
        tiers[1][c] = two_lines.max(word) + 2.0 * pad_x;
        tiers[2][c] = narrowest.max(word) + 2.0 * pad_x;
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

/// The longest part of a column header that must not be broken: a header of up to three characters is one word
/// (自然人, 件数, 总计), a longer one breaks between two-character words at the narrowest (商业/企业, 结果/维持); a run
/// of Latin letters or digits is never broken.
fn longest_word(header: &str) -> &str {
    let chars: Vec<(usize, char)> = header.char_indices().collect();
    if chars.len() <= 3 {
        return header;
    }
    let mut longest = "";
    let mut start = 0;
    for i in 1..=chars.len() {
        let latin = |k: usize| chars[k].1.is_ascii_alphanumeric();
        let ends = i == chars.len() || !(latin(i - 1) && latin(i)) && i - start >= 2;
        if ends {
            let from = chars[start].0;
            let to = chars.get(i).map_or(header.len(), |&(at, _)| at);
            if header[from..to].chars().count() > longest.chars().count() {
                longest = &header[from..to];
            }
            start = i;
        }
    }
    longest
}

/// Wraps a cell's text to the width between its edges; `balance` evens out the lines of a header (商业/企业
/// rather than 商业企/业).
fn wrap(
    shaper: &mut Shaper,
    text: &str,
    face: Face,
    style: &TableStyle,
    width: f32,
    balance: bool,
) -> Vec<Vec<Glyph>> {
    let glyphs = shaper.shape(text, face, style.size);
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

fn header_cells(shaper: &mut Shaper, table: &Table, style: &TableStyle) -> Vec<HeaderText> {
    let mut cells = Vec::new();
    for (r, row) in table.header.iter().enumerate() {
        for cell in row {
            let first = cell.column;
            let last = cell.column + cell.colspan;
            let width = style.edges[last] - style.edges[first] - 2.0 * style.pad_x;
            let lines = wrap(shaper, &cell.text, Face::Sans, style, width, true);
            cells.push(HeaderText {
                row: r,
                rowspan: cell.rowspan,
                cell: CellText {
                    first,
                    last,
                    lines,
                    align: Align::Center,
                    indent: 0.0,
                    lead: None,
                },
            });
        }
    }
    cells
}

/// The height of each header row: enough for its own cells, and together with the rows below it for each
/// cell spanning down.
fn header_heights(table: &Table, style: &TableStyle, cells: &[HeaderText]) -> Vec<f32> {
    let need = |cell: &CellText| cell.lines.len().max(1) as f32 * style.line + 2.0 * style.pad_y;
    let mut heights = vec![style.line + 2.0 * style.pad_y; table.header.len()];
    for HeaderText { row, rowspan, cell } in cells {
        if *rowspan == 1 {
            heights[*row] = heights[*row].max(need(cell));
        }
    }
    for HeaderText { row, rowspan, cell } in cells {
        if *rowspan > 1 {
            let have: f32 = heights[*row..row + rowspan].iter().sum();
            if have < need(cell) {
                heights[row + rowspan - 1] += need(cell) - have;
            }
        }
    }
    heights
}

fn row_cells(shaper: &mut Shaper, table: &Table, style: &TableStyle, row: &Row) -> Vec<CellText> {
    let mut cells = Vec::new();
    let indent = indent_of(row, style.size, style.hang);
    let label_width = style.edges[1] - style.edges[0] - 2.0 * style.pad_x - indent;
    let lead = row
        .lead
        .as_deref()
        .map(|lead| shaper.shape(lead, Face::Serif, style.size));
    cells.push(CellText {
        first: 0,
        last: 1,
        lines: wrap(shaper, &row.label, Face::Serif, style, label_width, false),
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
            lines: wrap(shaper, unit, Face::Serif, style, width, false),
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
                    lines: wrap(shaper, value, Face::Serif, style, width, false),
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

#[cfg(test)]
mod tests {
    use super::super::super::document::{Block, Document, HeaderCell};
    use super::super::super::fonts::setup_fonts;
    use super::super::{lay_out, Page};
    use super::*;
    use crate::model::Report;
    use crate::templates;

    fn header_cell(text: &str, column: usize) -> HeaderCell {
        HeaderCell {
            text: text.to_owned(),
            column,
            colspan: 1,
            rowspan: 1,
            group: false,
        }
    }

    /// A table of `rows` numbered rows under a one-row header.
    fn numbered_table(rows: usize) -> Table {
        Table {
            caption: "二、主动公开政府信息情况".to_owned(),
            caption_is_heading: false,
            columns: vec![ColumnKind::Label, ColumnKind::Value, ColumnKind::Value],
            header: vec![vec![
                header_cell("信息内容", 0),
                header_cell("本年新制作数量", 1),
                header_cell("现行有效件数", 2),
            ]],
            rows: (1..=rows)
                .map(|n| Row {
                    lead: None,
                    label: format!("第{n}项"),
                    depth: 0,
                    unit: None,
                    cells: Some(vec![n.to_string(), (n * 10).to_string()]),
                })
                .collect(),
        }
    }

    fn pages_of(table: Table) -> Vec<Page> {
        let document = Document {
            title: "测试".to_owned(),
            blocks: vec![Block::Table(table)],
        };
        lay_out(&document, setup_fonts()).pages
    }

    #[test]
    fn a_long_table_repeats_its_header_at_the_top_of_every_page() {
        let pages = pages_of(numbered_table(80));
        assert!(pages.len() >= 3, "{} pages", pages.len());
        let mut labels = Vec::new();
        for (n, page) in pages.iter().enumerate() {
            let header: Vec<&str> = page
                .runs
                .iter()
                .map(|r| r.text.as_str())
                .filter(|t| ["信息内容", "本年新制作数量", "现行有效件数"].contains(t))
                .collect();
            assert_eq!(
                header,
                ["信息内容", "本年新制作数量", "现行有效件数"],
                "page {}",
                n + 1
            );
            let header_top = page.frames[0].y;
            if n == 0 {
                // Under the title, its blank line and the caption.
                assert!((header_top - 3.0 * PITCH).abs() < 0.01, "{header_top}");
            } else {
                assert_eq!(header_top, 0.0, "page {}", n + 1);
            }
            for frame in &page.frames {
                assert!(
                    frame.y + frame.h <= AREA_H + 0.01,
                    "page {}: {frame:?}",
                    n + 1
                );
                assert!(frame.x >= 0.0 && frame.x + frame.w <= AREA_W + 0.01);
            }
            labels.extend(
                page.runs
                    .iter()
                    .filter(|r| r.text.starts_with('第'))
                    .map(|r| r.text.clone()),
            );
        }
        let expected: Vec<String> = (1..=80).map(|n| format!("第{n}项")).collect();
        assert_eq!(labels, expected, "every row once, in order");
        // The caption is printed once, above the first header.
        let captions = pages
            .iter()
            .flat_map(|p| &p.runs)
            .filter(|r| r.text == "二、主动公开政府信息情况")
            .count();
        assert_eq!(captions, 1);
    }

    #[test]
    fn a_label_only_row_moves_to_the_next_page_with_its_first_item() {
        // Find a table length at which the label-only last-but-one row would be the last row of the first page.
        for rows in 10..60 {
            let mut table = numbered_table(rows);
            let heading = rows - 2;
            table.rows[heading].cells = None;
            table.rows[heading].label = "（三）不予公开".to_owned();
            let pages = pages_of(table);
            let page = pages
                .iter()
                .find(|p| p.runs.iter().any(|r| r.text == "（三）不予公开"))
                .unwrap();
            assert!(
                page.runs
                    .iter()
                    .any(|r| r.text == format!("第{}项", heading + 2)),
                "{rows} rows: the label-only row is parted from its first item"
            );
        }
    }

    #[test]
    fn a_header_word_is_never_broken() {
        assert_eq!(longest_word("自然人"), "自然人");
        assert_eq!(longest_word("件数"), "件数");
        assert_eq!(longest_word("商业企业"), "商业");
        assert_eq!(longest_word("GB9704号"), "GB9704");
        let template = templates::national();
        let document = crate::export::build(template, &Report::new(template));
        let mut shaper = Shaper::new(setup_fonts());
        for block in &document.blocks {
            let Block::Table(table) = block else { continue };
            let style = style(&mut shaper, table);
            let headers = header_cells(&mut shaper, table, &style);
            for (cell, text) in table.header.iter().flatten().zip(&headers) {
                let lines: Vec<String> = text
                    .cell
                    .lines
                    .iter()
                    .map(|line| line.iter().map(|g| g.c).collect())
                    .collect();
                if cell.text.chars().count() <= 3 && !cell.text.is_empty() {
                    assert_eq!(
                        lines.as_slice(),
                        std::slice::from_ref(&cell.text),
                        "{}: {}",
                        table.caption,
                        cell.text
                    );
                }
                assert!(
                    cell.text.chars().count() > 8
                        || lines
                            .iter()
                            .all(|l| l.chars().count() >= 2 || lines.len() == 1),
                    "{}: {lines:?} leaves a character alone",
                    table.caption
                );
            }
        }
    }

    #[test]
    fn the_national_tables_fill_the_type_area_with_columns_that_fit() {
        let template = templates::national();
        let document = crate::export::build(template, &Report::new(template));
        let mut shaper = Shaper::new(setup_fonts());
        let mut tables = 0;
        for block in &document.blocks {
            let Block::Table(table) = block else { continue };
            tables += 1;
            let style = style(&mut shaper, table);
            assert_eq!(style.edges.len(), table.columns.len() + 1);
            assert_eq!(style.edges[0], 0.0);
            assert!(
                (style.edges.last().unwrap() - AREA_W).abs() < 0.01,
                "{}: {:?}",
                table.caption,
                style.edges
            );
            assert!(
                style
                    .edges
                    .windows(2)
                    .all(|w| w[1] - w[0] >= 2.0 * style.size),
                "{}: a column narrower than two characters: {:?}",
                table.caption,
                style.edges
            );
            let expected_size = match table.value_columns() {
                0..=5 => 12.0,
                6..=9 => 10.5,
                _ => 9.0,
            };
            assert_eq!(style.size, expected_size, "{}", table.caption);
        }
        assert!(tables >= 3, "{tables} tables");
    }
}
