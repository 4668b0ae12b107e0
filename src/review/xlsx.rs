//! The review as an .xlsx workbook for the supervising office's filing (feature `office`): 审核结果, a row per file
//! (unit, year, format, counts, publication date against the deadline, missing sections, read completely or not,
//! counted or why not), then a sheet per kind of finding — 错误, 警告, 提示, 逾期发布, 未填写部分, 未完整读取,
//! 重复与另列, 无法读取 — each a row per finding naming its file and unit.
//!
//! It writes the review's JSON document ([`super::to_json`], what `nianbao review --json` prints), so that the
//! command line and the app's Office worker (which has rust_xlsxwriter but not the readers) write the same file
//! from the same thing.

use crate::export::xlsx::XlsxError;
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet};
use serde_json::Value;

/// The sheets, in order: the table, then one per kind of finding.
pub const SHEETS: [&str; 9] = [
    "审核结果",
    "错误",
    "警告",
    "提示",
    "逾期发布",
    "未填写部分",
    "未完整读取",
    "重复与另列",
    "无法读取",
];

/// Excel's limit on the characters of one cell: longer text is cut with a mark (a finding quoting a long text).
const CELL_LIMIT: usize = 32_000;

const TABLE_HEAD: [&str; 15] = [
    "序号",
    "文件",
    "单位",
    "年度",
    "格式",
    "错误",
    "警告",
    "提示",
    "发布日期",
    "法定期限",
    "逾期天数",
    "未填写的部分",
    "完整读取",
    "计入汇总",
    "说明",
];

fn text(value: &Value, key: &str) -> String {
    match value.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn number(value: &Value, key: &str) -> Option<f64> {
    value.get(key).and_then(Value::as_f64)
}

fn cut(text: &str) -> String {
    if text.chars().count() <= CELL_LIMIT {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(CELL_LIMIT).collect();
    cut.push_str("……（过长，已截断）");
    cut
}

fn base() -> Format {
    Format::new()
        .set_font_name("宋体")
        .set_font_size(10.5)
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
}

/// A sheet with its header row; the rows are added by the caller.
struct Sheet<'a> {
    sheet: &'a mut Worksheet,
    next: u32,
    cell: Format,
}

impl Sheet<'_> {
    fn row(&mut self, cells: &[Cell]) -> Result<(), XlsxError> {
        for (c, cell) in cells.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(t) => {
                    self.sheet
                        .write_string_with_format(self.next, c, cut(t), &self.cell)?;
                }
                Cell::Number(Some(n)) => {
                    self.sheet
                        .write_number_with_format(self.next, c, *n, &self.cell)?;
                }
                Cell::Number(None) => {
                    self.sheet.write_blank(self.next, c, &self.cell)?;
                }
            }
        }
        self.next += 1;
        Ok(())
    }
}

enum Cell {
    Text(String),
    Number(Option<f64>),
}

fn add_sheet<'a>(
    book: &'a mut Workbook,
    name: &str,
    head: &[&str],
    widths: &[f64],
) -> Result<Sheet<'a>, XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(name)?;
    let bold = base().set_font_name("黑体").set_align(FormatAlign::Center);
    for (c, title) in head.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *title, &bold)?;
    }
    for (c, width) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(Sheet {
        sheet,
        next: 1,
        cell: base(),
    })
}

/// The workbook of a review document ([`super::to_json`]).
pub fn workbook(review: &Value) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title("政府信息公开工作年度报告汇总审核")
            .set_author("nianbao"),
    );
    let empty = Vec::new();
    let rows = review
        .get("rows")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let t = Cell::Text;
    let who = |row: &Value| (text(row, "file"), text(row, "unit"));
    {
        let mut sheet = add_sheet(
            &mut book,
            SHEETS[0],
            &TABLE_HEAD,
            &[
                6.0, 28.0, 28.0, 7.0, 16.0, 6.0, 6.0, 6.0, 14.0, 14.0, 8.0, 24.0, 10.0, 9.0, 40.0,
            ],
        )?;
        for (i, row) in rows.iter().enumerate() {
            let n = Cell::Number(Some((i + 1) as f64));
            if row.get("readable") != Some(&Value::Bool(true)) {
                sheet.row(&[
                    n,
                    t(text(row, "file")),
                    t(String::new()),
                    t(String::new()),
                    t(String::new()),
                    Cell::Number(None),
                    Cell::Number(None),
                    Cell::Number(None),
                    t(String::new()),
                    t(String::new()),
                    Cell::Number(None),
                    t(String::new()),
                    t(String::new()),
                    t("否".to_owned()),
                    t(format!("无法读取：{}", text(row, "reason"))),
                ])?;
                continue;
            }
            let counts = row.get("counts").cloned().unwrap_or_default();
            let missing: Vec<&str> = row
                .get("missing_sections")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let complete = match row.get("complete") {
                Some(Value::Bool(true)) => "是",
                Some(Value::Bool(false)) => "否",
                _ => "（本软件的文件）",
            };
            let published = match text(row, "published") {
                p if p.is_empty() => text(row, "published_as_printed"),
                p => p,
            };
            sheet.row(&[
                n,
                t(text(row, "file")),
                t(text(row, "unit")),
                Cell::Number(number(row, "year")),
                t(text(row, "format")),
                Cell::Number(number(&counts, "errors")),
                Cell::Number(number(&counts, "warnings")),
                Cell::Number(number(&counts, "notes")),
                t(published),
                t(text(row, "deadline")),
                Cell::Number(number(row, "days_late")),
                t(missing.join("、")),
                t(complete.to_owned()),
                t(if row.get("counted") == Some(&Value::Bool(true)) {
                    "是"
                } else {
                    "否"
                }
                .to_owned()),
                t(text(row, "set_apart")),
            ])?;
        }
    }
    for (sheet_name, severity) in [
        (SHEETS[1], "error"),
        (SHEETS[2], "warning"),
        (SHEETS[3], "note"),
    ] {
        let mut sheet = add_sheet(
            &mut book,
            sheet_name,
            &["文件", "单位", "问题"],
            &[28.0, 28.0, 90.0],
        )?;
        for row in rows {
            let (file, unit) = who(row);
            let findings = row.get("findings").and_then(Value::as_array);
            for finding in findings.into_iter().flatten() {
                if finding.get("severity").and_then(Value::as_str) == Some(severity) {
                    sheet.row(&[
                        t(file.clone()),
                        t(unit.clone()),
                        t(text(finding, "message")),
                    ])?;
                }
            }
        }
    }
    {
        let mut sheet = add_sheet(
            &mut book,
            SHEETS[4],
            &["文件", "单位", "发布日期", "法定期限", "逾期天数"],
            &[28.0, 28.0, 14.0, 14.0, 9.0],
        )?;
        for row in rows {
            if let Some(days) = number(row, "days_late") {
                let (file, unit) = who(row);
                sheet.row(&[
                    t(file),
                    t(unit),
                    t(text(row, "published")),
                    t(text(row, "deadline")),
                    Cell::Number(Some(days)),
                ])?;
            }
        }
    }
    {
        let mut sheet = add_sheet(
            &mut book,
            SHEETS[5],
            &["文件", "单位", "未填写的部分"],
            &[28.0, 28.0, 60.0],
        )?;
        for row in rows {
            let missing = row.get("missing_sections").and_then(Value::as_array);
            for section in missing.into_iter().flatten().filter_map(Value::as_str) {
                let (file, unit) = who(row);
                sheet.row(&[t(file), t(unit), t(section.to_owned())])?;
            }
        }
    }
    {
        let mut sheet = add_sheet(
            &mut book,
            SHEETS[6],
            &["文件", "单位", "未完整读取的内容"],
            &[28.0, 28.0, 60.0],
        )?;
        for row in rows {
            let why = row.get("incomplete").and_then(Value::as_array);
            for why in why.into_iter().flatten().filter_map(Value::as_str) {
                let (file, unit) = who(row);
                sheet.row(&[t(file), t(unit), t(why.to_owned())])?;
            }
        }
    }
    {
        let mut sheet = add_sheet(
            &mut book,
            SHEETS[7],
            &["文件", "单位", "说明"],
            &[28.0, 28.0, 70.0],
        )?;
        for row in rows {
            let reason = text(row, "set_apart");
            if !reason.is_empty() {
                let (file, unit) = who(row);
                sheet.row(&[t(file), t(unit), t(reason)])?;
            }
        }
    }
    {
        let mut sheet = add_sheet(&mut book, SHEETS[8], &["文件", "原因"], &[40.0, 80.0])?;
        for row in rows {
            if row.get("readable") == Some(&Value::Bool(false)) {
                sheet.row(&[t(text(row, "file")), t(text(row, "reason"))])?;
            }
        }
    }
    Ok(book.save_to_buffer()?)
}
