//! The PDF size comparison's Rust half (scripts/bench-pdfmake.mjs runs it): for each example report given, writes
//! into NIANBAO_PDFMAKE_OUT the PDF the app makes (`NAME.pdf`, the native export with the whole fonts, which embeds
//! the same subsets as the browser's) and the same document as a pdfmake document definition (`NAME.json`): the
//! same title, headings, paragraphs, tables (header spans included), fields and signature, on A4 with the same type
//! area and type sizes. Each block names the face the app sets it in; the script maps the faces to fonts.

use nianbao::export::build;
use nianbao::export::document::{Block, Document, Row, Table};
use nianbao::export::geometry::{table_type, AREA_H, AREA_W, BODY, FOLIO, LEFT, MM, TITLE, TOP};
use nianbao::export::pdf::{render, Fonts};
use nianbao::templates;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// 2027-01-20 09:30:00 UTC, as the tests.
const EXPORTED_AT: i64 = 1_800_437_400;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("NIANBAO_PDFMAKE_OUT").expect("NIANBAO_PDFMAKE_OUT"));
    std::fs::create_dir_all(&out).unwrap();
    let read = |name: &str| std::fs::read(root.join("assets/fonts").join(name)).unwrap();
    let fonts = Fonts::from_bytes(&read("serif.ttf"), &read("sans.ttf"), &read("kai.ttf")).unwrap();
    let examples =
        std::env::var("NIANBAO_PDFMAKE_EXAMPLES").unwrap_or_else(|_| "yiyuan-2011".to_owned());
    for name in examples.split(',') {
        let json =
            std::fs::read_to_string(root.join("examples/reports").join(format!("{name}.json")))
                .unwrap();
        let (template, report) = templates::read_report(&json).unwrap();
        let document = build(template, &report);
        let pdf = render(&document, &fonts, EXPORTED_AT).unwrap();
        std::fs::write(out.join(format!("{name}.pdf")), &pdf.bytes).unwrap();
        let definition = serde_json::to_string_pretty(&definition(&document)).unwrap();
        std::fs::write(out.join(format!("{name}.json")), definition).unwrap();
    }
}

/// The document as pdfmake lays it out: A4, the type area of GB/T 9704 (28 mm left, 37 mm top, 156 × 225 mm),
/// Song 16 pt body on 22 lines, the title in 22 pt, the page number in 14 pt.
fn definition(document: &Document) -> Value {
    let right = 210.0 * MM - LEFT - AREA_W;
    let bottom = 297.0 * MM - TOP - AREA_H;
    let pitch = AREA_H / 22.0;
    let mut content = vec![json!({
        "text": document.title, "face": "serif", "fontSize": TITLE, "alignment": "center",
        "margin": [0, 0, 0, pitch]
    })];
    for block in &document.blocks {
        match block {
            Block::Heading { level, text } => content.push(json!({
                "text": text, "face": if *level == 1 { "sans" } else { "kai" },
                "leadingIndent": 2.0 * BODY
            })),
            Block::Paragraph(text) => {
                content.push(json!({ "text": text, "leadingIndent": 2.0 * BODY }))
            }
            Block::Table(table) => {
                if !table.caption_is_heading {
                    content.push(
                        json!({ "text": table.caption, "face": "sans", "alignment": "center" }),
                    );
                }
                content.push(table_definition(table));
            }
            Block::Fields(fields) => {
                let line: Vec<String> = fields
                    .iter()
                    .map(|f| format!("{}：{}", f.label, f.value))
                    .collect();
                content.push(json!({ "text": line.join("    ") }));
            }
            Block::Signature { unit, date } => {
                content.push(
                    json!({ "text": unit, "alignment": "right", "margin": [0, pitch, 0, 0] }),
                );
                content.push(json!({ "text": date, "alignment": "right" }));
            }
        }
    }
    json!({
        "pageSize": "A4",
        "pageMargins": [LEFT, TOP, right, bottom],
        "info": { "title": document.title },
        "defaultStyle": { "face": "serif", "fontSize": BODY, "lineHeight": pitch / (BODY * 1.45) },
        "footer": { "folio": FOLIO, "margin": [0, 7.0 * MM, 0, 0] },
        "content": content,
    })
}

fn table_definition(table: &Table) -> Value {
    let (size, _) = table_type(table.value_columns());
    let columns = table.columns.len();
    let mut body: Vec<Vec<Value>> = Vec::new();
    // The header grid: each cell at its column with its spans, the covered places empty (as pdfmake wants).
    let rows = table.header.len();
    let mut grid = vec![vec![json!({}); columns]; rows];
    for (r, cells) in table.header.iter().enumerate() {
        for cell in cells {
            grid[r][cell.column] = json!({
                "text": cell.text, "face": "sans", "alignment": "center",
                "colSpan": cell.colspan, "rowSpan": cell.rowspan
            });
        }
    }
    body.extend(grid);
    for row in &table.rows {
        body.push(row_definition(row, columns, size));
    }
    json!({
        "table": { "headerRows": rows, "widths": vec!["*"; 1].into_iter().chain(vec!["auto"; columns - 1]).collect::<Vec<_>>(), "body": body },
        "fontSize": size, "lineHeight": 1.0
    })
}

fn row_definition(row: &Row, columns: usize, size: f32) -> Vec<Value> {
    let mut cells =
        vec![json!({ "text": row.full_label(), "margin": [f32::from(row.depth) * size, 0, 0, 0] })];
    if let Some(unit) = &row.unit {
        cells.push(json!({ "text": unit, "alignment": "center" }));
    }
    match &row.cells {
        Some(values) => cells.extend(
            values
                .iter()
                .map(|v| json!({ "text": v, "alignment": "center" })),
        ),
        None => {
            // A label-only row spans the whole table.
            cells[0]["colSpan"] = json!(columns);
            cells.resize(columns, json!({}));
        }
    }
    cells.resize(columns, json!(""));
    cells
}
