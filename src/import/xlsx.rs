//! Excel `.xlsx` (and WPS's) → [`Source`]: one table per sheet that has any cell, read with calamine.
//!
//! Each sheet's used range becomes a [`SourceTable`], row by row from its first used cell; a merged range is one
//! cell in its top-left corner with its colspan and rowspan, the cells it covers left out. Values are text as a
//! person sees them in the sheet's General format: shared and inline strings as they are, a whole number without a
//! decimal point (12, not 12.0), a fraction to at most ten places without float noise, a date as YYYY-MM-DD.
//! Rows that are wholly empty and covered by no merge are left out.
//!
//! calamine reads the package's parts itself and has no size limit, so every part is inflated once within
//! [`super::package::MAX_INFLATED_BYTES`] first: a zip bomb is refused before calamine sees it.

use super::package::{damaged, malformed, Package};
use super::source::{Block, Source, SourceCell, SourceTable};
use super::{ImportError, InputKind};
use crate::model::year::civil_from_days;
use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

/// The most cells one sheet may span (rows × columns of its used range): a statistics sheet has a few hundred;
/// a sheet whose range claims more is not a report and would take the memory of the tab.
const MAX_CELLS: u64 = 2_000_000;

/// Reads an `.xlsx` file.
pub fn read(bytes: &[u8]) -> Result<Source, ImportError> {
    let mut package = Package::open(bytes, InputKind::Xlsx)?;
    let names = package.names();
    if !names.iter().any(|n| n == "xl/workbook.xml") {
        return Err(if names.iter().any(|n| n.starts_with("word/")) {
            malformed(
                InputKind::Xlsx,
                "这是 Word 文档，不是 Excel 工作簿：请把文件的扩展名改为 .docx 后再试",
            )
        } else {
            damaged(InputKind::Xlsx, "文件中没有找到 Excel 工作簿的内容")
        });
    }
    package.inflate_all(|name, data| {
        if name.starts_with("xl/worksheets/") && !references_in_range(data) {
            return Err(malformed(InputKind::Xlsx, "单元格地址超出 Excel 的范围"));
        }
        Ok(())
    })?;
    let bad = |_: calamine::XlsxError| damaged(InputKind::Xlsx, "工作簿的内容已损坏");
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(bad)?;
    let mut blocks = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(bad)?;
        let merges = workbook.merge_cells_by_sheet_name(&name).map_err(bad)?;
        if let Some(table) = sheet(&range, &merges)? {
            blocks.push(Block::Table(table));
        }
    }
    Ok(Source { blocks })
}

/// Whether every cell reference of a sheet's XML (`r="B12"`, `ref="A1:C3"`, `sqref="…"`) lies within Excel's
/// grid (XFD1048576) and every range runs forwards. calamine computes them without a bound, and a hostile one
/// would overflow its arithmetic.
fn references_in_range(xml: &[u8]) -> bool {
    for key in [&b" r=\""[..], b" ref=\"", b" sqref=\""] {
        let mut rest = xml;
        while let Some(at) = rest.windows(key.len()).position(|w| w == key) {
            rest = &rest[at + key.len()..];
            let end = rest.iter().position(|&b| b == b'"').unwrap_or(rest.len());
            for range in rest[..end].split(|&b| b == b' ') {
                let mut previous: Option<(u32, u32)> = None;
                for reference in range.split(|&b| b == b':') {
                    let Some(position) = reference_position(reference) else {
                        return false;
                    };
                    if previous.is_some_and(|p| p.0 > position.0 || p.1 > position.1) {
                        return false;
                    }
                    previous = Some(position);
                }
            }
            rest = &rest[end..];
        }
    }
    true
}

/// A reference's (row, column), 1-based, 0 where a part is left out (`A:A`, `1:1`); `None` past the grid.
fn reference_position(reference: &[u8]) -> Option<(u32, u32)> {
    let reference: Vec<u8> = reference.iter().copied().filter(|&b| b != b'$').collect();
    let letters = reference
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    if letters > 3 {
        return None;
    }
    let column = reference[..letters].iter().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let digits = &reference[letters..];
    if digits.len() > 7 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let row = digits
        .iter()
        .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    (column <= 16_384 && row <= 1_048_576).then_some((row, column))
}

fn sheet(
    range: &calamine::Range<Data>,
    merges: &[calamine::Dimensions],
) -> Result<Option<SourceTable>, ImportError> {
    let (Some(start), Some(end)) = (range.start(), range.end()) else {
        return Ok(None);
    };
    // Merged ranges may reach past the last value (a merged, empty title row): the table covers them too.
    let (mut top, mut left, mut bottom, mut right) = (start.0, start.1, end.0, end.1);
    for m in merges {
        top = top.min(m.start.0);
        left = left.min(m.start.1);
        bottom = bottom.max(m.end.0);
        right = right.max(m.end.1);
    }
    let cells = (u64::from(bottom - top) + 1) * (u64::from(right - left) + 1);
    if cells > MAX_CELLS {
        return Err(ImportError::TooLarge);
    }
    let origin_of = |row: u32, col: u32| {
        merges
            .iter()
            .find(|m| (m.start.0..=m.end.0).contains(&row) && (m.start.1..=m.end.1).contains(&col))
    };
    // Each row's cells with the sheet column they start in.
    let mut rows: Vec<Vec<(u32, SourceCell)>> = Vec::new();
    for row in top..=bottom {
        let mut out = Vec::new();
        let mut covered = false;
        for col in left..=right {
            let (colspan, rowspan) = match origin_of(row, col) {
                Some(m) if m.start != (row, col) => {
                    covered = true;
                    continue;
                }
                Some(m) => (
                    span(m.end.1.saturating_sub(m.start.1)),
                    span(m.end.0.saturating_sub(m.start.0)),
                ),
                None => (1, 1),
            };
            let text = range.get_value((row, col)).map(display).unwrap_or_default();
            out.push((
                col,
                SourceCell {
                    text,
                    colspan,
                    rowspan,
                },
            ));
        }
        let empty = out
            .iter()
            .all(|(_, c)| c.text.trim().is_empty() && c.rowspan == 1);
        if empty && !covered {
            continue;
        }
        rows.push(out);
    }
    // A sheet holds several tables one under the other, each as wide as it is: empty cells right of a table's
    // widest row are the sheet's grid, not the table's. A table here is a run of rows of more than one cell.
    let is_table_row = |row: &Vec<(u32, SourceCell)>| {
        row.iter()
            .filter(|(_, c)| !c.text.trim().is_empty() || c.colspan > 1 || c.rowspan > 1)
            .count()
            > 1
    };
    let mut start = 0;
    while start < rows.len() {
        let mut end = start + 1;
        if is_table_row(&rows[start]) {
            while end < rows.len() && is_table_row(&rows[end]) {
                end += 1;
            }
        }
        let width = rows[start..end]
            .iter()
            .flat_map(|row| {
                row.iter()
                    .filter(|(_, c)| !c.text.trim().is_empty() || c.colspan > 1 || c.rowspan > 1)
                    .map(|(col, c)| col + u32::from(c.colspan))
            })
            .max()
            .unwrap_or(0);
        for row in &mut rows[start..end] {
            row.retain(|(col, _)| *col < width);
        }
        start = end;
    }
    let table = SourceTable {
        rows: rows
            .into_iter()
            .map(|row| row.into_iter().map(|(_, c)| c).collect())
            .collect(),
    };
    Ok((!table.rows.is_empty()).then_some(table))
}

fn span(extent: u32) -> u16 {
    u16::try_from(extent.saturating_add(1)).unwrap_or(u16::MAX)
}

/// A cell's value as the sheet shows it in the General format.
pub fn display(value: &Data) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(d) if d.is_duration() => number(d.as_f64()),
        Data::DateTime(d) => date(d.as_f64()),
        Data::Error(e) => e.to_string(),
    }
}

/// 12 → "12", 0.1 + 0.2 → "0.3", 1234.5 → "1234.5": at most ten decimal places, trailing zeros dropped.
fn number(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let text = format!("{f:.10}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// An Excel serial day (1900 system, as calamine gives it) as YYYY-MM-DD.
fn date(serial: f64) -> String {
    if !(1.0..2_958_466.0).contains(&serial) {
        return number(serial);
    }
    // Day 0 is 1899-12-30 once Excel's 1900 leap-year bug is allowed for (serials from 61 on).
    let days = serial.floor() as i64 - 25_569; // days from 1970-01-01
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_the_sheet_shows_them() {
        assert_eq!(number(12.0), "12");
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(number(1234.5), "1234.5");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(0.0125), "0.0125");
        assert_eq!(date(45_658.0), "2025-01-01");
        assert_eq!(date(46_022.0), "2025-12-31");
    }

    #[test]
    fn references_past_the_grid_are_told() {
        assert!(references_in_range(
            br#"<c r="A1"/><c r="XFD1048576"/><mergeCell ref="$A$1:C3"/>"#
        ));
        assert!(!references_in_range(br#"<c r="A99999999999"/>"#));
        assert!(!references_in_range(br#"<c r="XFE1"/>"#));
        assert!(!references_in_range(br#"<mergeCell ref="A1:AAAAA2"/>"#));
        assert!(!references_in_range(br#"<mergeCell ref="B2:A1"/>"#));
    }
}
