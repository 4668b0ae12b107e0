//! The Excel export: every table of a [`Document`] on its own sheet, laid out as the official table — its caption
//! across the top, the grouped headers merged as the template's header grid has them, the labels (indented by
//! level) and the units in the first columns, then the figures — and a last sheet, 检查结果, listing the findings.
//!
//! A figure is written as a number when the document prints it in its normal form (a valid figure: digits, at
//! most one decimal point, which is how [`crate::model::number::format`] writes one), and as the text typed
//! otherwise, so a mistake stays visible in Excel as it does in the PDF. Written with rust_xlsxwriter.

use super::document::{Block, Document, Row, Table};
use crate::check::Findings;
use crate::model::Report;
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet};
use std::fmt;

/// The name of the findings sheet.
pub const FINDINGS_SHEET: &str = "检查结果";

/// The font of every cell: the body face of the Word export, which Excel and WPS substitute like Word does.
const FONT: &str = "宋体";

/// Excel's limit on the characters of one cell.
const CELL_LIMIT: usize = 32_767;

/// Why the workbook could not be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum XlsxError {
    /// A cell's text is longer than Excel allows (32,767 characters): the table and row, in Chinese.
    CellTooLong(String),
    /// rust_xlsxwriter refused; its reason (English) for the log.
    Writer(String),
}

impl fmt::Display for XlsxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XlsxError::CellTooLong(place) => write!(
                f,
                "{place}的内容超过 Excel 单元格 32767 字的上限，无法导出 Excel 文件"
            ),
            XlsxError::Writer(_) => f.write_str("无法生成 Excel 文件"),
        }
    }
}

impl std::error::Error for XlsxError {}

impl From<rust_xlsxwriter::XlsxError> for XlsxError {
    fn from(error: rust_xlsxwriter::XlsxError) -> XlsxError {
        XlsxError::Writer(error.to_string())
    }
}

/// One finding as the 检查结果 sheet lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingLine {
    /// 错误, 警告 or 提示.
    pub severity: String,
    pub message: String,
    /// What the one-click fix would do, when there is one.
    pub suggestion: Option<String>,
    /// The writer's reason, when the finding is marked 已核实.
    pub verified: Option<String>,
}

/// The findings of a check as lines of the 检查结果 sheet: the open ones first, then those marked 已核实 with
/// their reasons (from the report's marks).
pub fn finding_lines(findings: &Findings, report: &Report) -> Vec<FindingLine> {
    let line = |d: &crate::check::Diagnostic| FindingLine {
        severity: d.severity.word().to_owned(),
        message: d.message.clone(),
        suggestion: d.fix.as_ref().map(|f| f.label.clone()),
        verified: d.verified.map(|i| {
            report
                .verified()
                .get(i)
                .map_or("", |m| &m.reason)
                .to_owned()
        }),
    };
    findings
        .open()
        .map(line)
        .chain(findings.answered().map(line))
        .collect()
}

/// A valid figure as the document prints it (`1234`, `1234.5`), as a number.
pub fn figure(text: &str) -> Option<f64> {
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 15 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || fraction.is_some_and(|f| !digits(f)) {
        return None;
    }
    if whole.len() > 1 && whole.starts_with('0') {
        return None;
    }
    text.parse().ok()
}

/// Text for a cell: controls other than a line break have no place in a sheet and become U+FFFD.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// A sheet's name from a table's caption: Excel refuses `[]:*?/\`, more than 31 characters and a name used twice.
pub fn sheet_name(caption: &str, taken: &[String]) -> String {
    let base: String = caption
        .chars()
        .filter(|c| !"[]:*?/\\'".contains(*c) && !c.is_control())
        .take(31)
        .collect();
    let base = if base.trim().is_empty() {
        "表".to_owned()
    } else {
        base.trim().to_owned()
    };
    let unique = |name: &str| {
        !taken
            .iter()
            .any(|t| t.to_lowercase() == name.to_lowercase())
            && name != FINDINGS_SHEET
            && name.to_lowercase() != "history"
    };
    if unique(&base) {
        return base;
    }
    (2..)
        .map(|n| {
            let suffix = format!("（{n}）");
            let keep = 31 - suffix.chars().count();
            format!("{}{suffix}", base.chars().take(keep).collect::<String>())
        })
        .find(|name| unique(name))
        .expect("some number is free")
}

/// The workbook: one sheet per table of the document, in order, then 检查结果.
pub fn workbook(doc: &Document, findings: &[FindingLine]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title(clean(&doc.title))
            .set_author("nianbao"),
    );
    let mut names = Vec::new();
    for block in &doc.blocks {
        if let Block::Table(table) = block {
            let name = sheet_name(&table.caption, &names);
            let sheet = book.add_worksheet();
            sheet.set_name(&name)?;
            write_table(sheet, table)?;
            names.push(name);
        }
    }
    let sheet = book.add_worksheet();
    sheet.set_name(FINDINGS_SHEET)?;
    write_findings(sheet, findings)?;
    Ok(book.save_to_buffer()?)
}

fn base_format() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(11)
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

/// How wide a text is in Excel's column units (a Latin character one, a Chinese one two).
fn units(text: &str) -> f64 {
    text.chars()
        .map(|c| if (c as u32) < 0x2E80 { 1.0 } else { 2.0 })
        .sum()
}

fn checked(text: &str, place: impl FnOnce() -> String) -> Result<String, XlsxError> {
    if text.chars().count() > CELL_LIMIT {
        return Err(XlsxError::CellTooLong(place()));
    }
    Ok(clean(text))
}

fn write_table(sheet: &mut Worksheet, table: &Table) -> Result<(), XlsxError> {
    let columns = table.columns.len() as u16;
    let last = columns.saturating_sub(1);
    let caption = Format::new()
        .set_font_name("黑体")
        .set_font_size(14)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let head = base_format()
        .set_font_name("黑体")
        .set_align(FormatAlign::Center);
    let centred = base_format().set_align(FormatAlign::Center);
    let labels: Vec<Format> = (0..3)
        .map(|depth| base_format().set_align(FormatAlign::Left).set_indent(depth))
        .collect();

    let caption_text = checked(&table.caption, || "表题".to_owned())?;
    if last > 0 {
        sheet.merge_range(0, 0, 0, last, &caption_text, &caption)?;
    } else {
        sheet.write_string_with_format(0, 0, &caption_text, &caption)?;
    }
    sheet.set_row_height(0, 24)?;
    let top = 1u32;
    for (r, row) in table.header.iter().enumerate() {
        for cell in row {
            let first_row = top + r as u32;
            let last_row = first_row + cell.rowspan.max(1) as u32 - 1;
            let first_col = cell.column as u16;
            let last_col = first_col + cell.colspan.max(1) as u16 - 1;
            let text = checked(&cell.text, || "表头".to_owned())?;
            if first_row == last_row && first_col == last_col {
                sheet.write_string_with_format(first_row, first_col, &text, &head)?;
            } else {
                sheet.merge_range(first_row, first_col, last_row, last_col, &text, &head)?;
            }
        }
    }
    let body = top + table.header.len() as u32;
    let value_columns = table.value_columns() as u16;
    for (n, row) in table.rows.iter().enumerate() {
        let at = body + n as u32;
        let place = || format!("“{}”一行", row.full_label());
        let label = checked(&row.full_label(), place)?;
        sheet.write_string_with_format(at, 0, &label, &labels[usize::from(row.depth.min(2))])?;
        let mut column = 1u16;
        if let Some(unit) = &row.unit {
            sheet.write_string_with_format(at, 1, checked(unit, place)?, &centred)?;
            column = 2;
        }
        match &row.cells {
            Some(cells) => {
                for (c, text) in cells.iter().enumerate() {
                    let col = column + c as u16;
                    match figure(text) {
                        Some(value) => {
                            sheet.write_number_with_format(at, col, value, &centred)?;
                        }
                        None if text.is_empty() => {
                            sheet.write_blank(at, col, &centred)?;
                        }
                        None => {
                            sheet.write_string_with_format(
                                at,
                                col,
                                checked(text, place)?,
                                &centred,
                            )?;
                        }
                    }
                }
            }
            None if value_columns > 1 => {
                sheet.merge_range(at, column, at, column + value_columns - 1, "", &centred)?;
            }
            None if value_columns == 1 => {
                sheet.write_blank(at, column, &centred)?;
            }
            None => {}
        }
    }
    // Widths: the labels as wide as the longest (within reason), units and figures as their headers want (on at
    // most two lines).
    let mut widths = vec![0.0f64; usize::from(columns)];
    widths[0] = table
        .rows
        .iter()
        .map(|r| units(&r.full_label()) + 2.0 * f64::from(r.depth))
        .fold(16.0, f64::max)
        .min(60.0)
        + 2.0;
    for (c, width) in widths.iter_mut().enumerate().skip(1) {
        let header = table
            .header
            .iter()
            .flatten()
            .find(|cell| c == cell.column && cell.colspan == 1)
            .map_or(0.0, |cell| units(&cell.text));
        *width = (header / 2.0 + 2.0).clamp(8.0, 24.0);
    }
    for (c, width) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    // Heights: LibreOffice and WPS do not grow a row for wrapped text on opening, so each row is given the lines
    // its longest cell wraps to (15 points a line).
    let lines = |text: &str, width: f64| (units(text) / (width - 1.0).max(1.0)).ceil().max(1.0);
    let mut header_lines = vec![1.0f64; table.header.len()];
    for (r, row) in table.header.iter().enumerate() {
        for cell in row {
            let width: f64 = widths[cell.column..cell.column + cell.colspan].iter().sum();
            let need = lines(&cell.text, width) / cell.rowspan.max(1) as f64;
            header_lines[r] = header_lines[r].max(need.ceil());
        }
    }
    for (r, n) in header_lines.iter().enumerate() {
        sheet.set_row_height(top + r as u32, 15.0 * n + 3.0)?;
    }
    for (n, row) in table.rows.iter().enumerate() {
        let label = lines(&row.full_label(), widths[0] - 2.0 * f64::from(row.depth));
        let cells = row
            .cells
            .iter()
            .flatten()
            .enumerate()
            .map(|(c, text)| {
                lines(
                    text,
                    widths[c + usize::from(columns) - usize::from(value_columns)],
                )
            })
            .fold(label, f64::max);
        sheet.set_row_height(body + n as u32, 15.0 * cells + 3.0)?;
    }
    // Printed: the header repeated on every page, the whole width on one page across.
    if !table.header.is_empty() {
        sheet.set_repeat_rows(top, body - 1)?;
    }
    sheet.set_paper_size(9);
    if value_columns > 5 {
        sheet.set_landscape();
    }
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_freeze_panes(
        body,
        if table.rows.iter().any(|r: &Row| r.unit.is_some()) {
            2
        } else {
            1
        },
    )?;
    Ok(())
}

fn write_findings(sheet: &mut Worksheet, findings: &[FindingLine]) -> Result<(), XlsxError> {
    let head = base_format()
        .set_font_name("黑体")
        .set_align(FormatAlign::Center);
    let text = base_format();
    for (c, title) in ["序号", "类别", "问题", "建议", "核实说明"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(0, c as u16, *title, &head)?;
    }
    if findings.is_empty() {
        sheet.merge_range(1, 0, 1, 4, "未发现问题", &text)?;
    }
    for (n, line) in findings.iter().enumerate() {
        let at = n as u32 + 1;
        sheet.write_number_with_format(at, 0, (n + 1) as f64, &text)?;
        let severity = match line.verified {
            Some(_) => format!("{}（已核实）", line.severity),
            None => line.severity.clone(),
        };
        sheet.write_string_with_format(at, 1, &severity, &text)?;
        let place = || format!("检查结果第 {} 条", n + 1);
        sheet.write_string_with_format(at, 2, checked(&line.message, place)?, &text)?;
        let suggestion = match line.verified {
            Some(_) => "",
            None => line.suggestion.as_deref().unwrap_or(""),
        };
        sheet.write_string_with_format(at, 3, checked(suggestion, place)?, &text)?;
        let reason = line.verified.as_deref().unwrap_or("");
        sheet.write_string_with_format(at, 4, checked(reason, place)?, &text)?;
    }
    sheet.set_column_width(0, 6)?;
    sheet.set_column_width(1, 8)?;
    sheet.set_column_width(2, 70)?;
    sheet.set_column_width(3, 40)?;
    sheet.set_column_width(4, 30)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_figures_in_normal_form_are_numbers() {
        assert_eq!(figure("1234"), Some(1234.0));
        assert_eq!(figure("0"), Some(0.0));
        assert_eq!(figure("12.5"), Some(12.5));
        for text in [
            "", "12a", "-3", "1,234", "007", "1.", ".5", "1e3", "１２", "1 2", "inf",
        ] {
            assert_eq!(figure(text), None, "{text}");
        }
    }

    #[test]
    fn sheet_names_are_ones_excel_accepts() {
        assert_eq!(
            sheet_name("三、收到和处理政府信息公开申请情况", &[]),
            "三、收到和处理政府信息公开申请情况"
        );
        let long = "表".repeat(40);
        assert_eq!(sheet_name(&long, &[]).chars().count(), 31);
        assert_eq!(sheet_name("a/b[c]:d*?", &[]), "abcd");
        assert_eq!(sheet_name("", &[]), "表");
        let taken = vec!["表".to_owned()];
        assert_eq!(sheet_name("表", &taken), "表（2）");
        assert_eq!(sheet_name(FINDINGS_SHEET, &[]), "检查结果（2）");
    }
}
