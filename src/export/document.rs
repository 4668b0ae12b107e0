//! The printed document: a template and a report turned into an ordered list of blocks (title, headings,
//! paragraphs, tables, fields). Both exporters render this one model, so the HTML and the PDF never disagree about
//! what is in the report; they differ only in how it looks.

use crate::model::number::{self, CellKind};
use crate::model::template::FieldKind;
pub use crate::model::template::{ColumnKind, HeaderCell};
use crate::model::{Block as TemplateBlock, CellIndex, KnownField, Report, TableIndex, Template};

/// The report as printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// "<单位><年度>年政府信息公开工作年度报告", falling back when the unit or the year is blank.
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A heading; level 1 for 一、…, level 2 for （一）….
    Heading {
        level: u8,
        text: String,
    },
    /// One paragraph of narrative, printed with a first-line indent.
    Paragraph(String),
    Table(Table),
    /// A line of form fields ("填报单位：…"), printed without indent; a blank value keeps its label.
    Fields(Vec<FieldLine>),
    /// The signature at the end of the narrative: the unit and the date, towards the right.
    Signature {
        unit: String,
        date: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldLine {
    pub label: String,
    pub value: String,
}

/// A statistics table with its header grid resolved (spans computed) and its cell texts formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub caption: String,
    /// True when the caption is also the section heading printed just before the table (三、…), so a
    /// renderer need not show it twice.
    pub caption_is_heading: bool,
    /// The columns: the label column, the unit column (when rows carry units), then the value columns.
    pub columns: Vec<ColumnKind>,
    /// The header rows, top first; cells placed by column index with their spans (the template's grid).
    pub header: Vec<Vec<HeaderCell>>,
    pub rows: Vec<Row>,
}

impl Table {
    /// How many columns hold figures (neither the label nor the unit column).
    pub fn value_columns(&self) -> usize {
        self.columns
            .iter()
            .filter(|c| **c == ColumnKind::Value)
            .count()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Words printed before the label (其中：).
    pub lead: Option<String>,
    pub label: String,
    /// 0 for an indicator, 1 for its items, 2 for items of items.
    pub depth: u8,
    /// The unit, for tables with a unit column.
    pub unit: Option<String>,
    /// One text per value column; `None` for a label-only row.
    pub cells: Option<Vec<String>>,
}

impl Row {
    /// The label as printed, with its lead.
    pub fn full_label(&self) -> String {
        match &self.lead {
            Some(lead) => format!("{lead}{}", self.label),
            None => self.label.clone(),
        }
    }
}

/// The words every report title ends with; a title too long for one line breaks before them.
pub const TITLE_TAIL: &str = "政府信息公开工作年度报告";

/// The report year as written ("2011"), without a trailing 年; empty when blank.
pub fn year_text(template: &Template, report: &Report) -> String {
    if let Some(year) = report.year(template) {
        return year.to_string();
    }
    let text = report
        .known_field(template, KnownField::Year)
        .unwrap_or("")
        .trim();
    text.trim_end_matches('年').trim().to_owned()
}

/// "<单位><年度>年政府信息公开工作年度报告": with a blank year, "<单位>政府信息…"; with a blank unit,
/// "<年度>年政府信息…"; with both blank, "政府信息公开工作年度报告".
pub fn title(template: &Template, report: &Report) -> String {
    let unit = report.unit_name(template);
    let year = year_text(template, report);
    let year = if year.is_empty() {
        year
    } else {
        format!("{year}年")
    };
    format!("{unit}{year}{TITLE_TAIL}")
}

/// True for a character that some file system refuses in a file name (Windows' reserved characters, path
/// separators, control characters).
pub fn refused_in_file_names(c: char) -> bool {
    matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control()
}

/// The file name of an export, "<单位>-<年度>年政府信息公开工作年度报告.<extension>", with characters that no file
/// system accepts removed. A blank part is left out with its hyphen.
pub fn file_name(template: &Template, report: &Report, extension: &str) -> String {
    let unit: String = report
        .unit_name(template)
        .chars()
        .filter(|&c| !refused_in_file_names(c))
        .collect();
    let unit = unit.trim().trim_matches('.');
    let year: String = year_text(template, report)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let year = if year.is_empty() {
        String::new()
    } else {
        format!("{year}年")
    };
    if unit.is_empty() {
        format!("{year}{TITLE_TAIL}.{extension}")
    } else {
        format!("{unit}-{year}{TITLE_TAIL}.{extension}")
    }
}

/// Builds the printed document. Guidance is never printed; a section left blank prints its heading only.
pub fn build(template: &Template, report: &Report) -> Document {
    let mut blocks = Vec::new();
    for block in &template.blocks {
        match block {
            TemplateBlock::Narrative(index) => {
                let section = template.section(*index);
                if section.print_title {
                    blocks.push(Block::Heading {
                        level: section.level,
                        text: section.title.clone(),
                    });
                }
                blocks.extend(paragraphs(report.section(*index)).map(Block::Paragraph));
            }
            TemplateBlock::Heading { title, level } => blocks.push(Block::Heading {
                level: *level,
                text: title.clone(),
            }),
            TemplateBlock::Table(index) => {
                let table = table(template, report, *index);
                if table.caption_is_heading {
                    blocks.push(Block::Heading {
                        level: 1,
                        text: table.caption.clone(),
                    });
                }
                blocks.push(Block::Table(table));
            }
            TemplateBlock::Fields(fields) => {
                if let [only] = fields.as_slice() {
                    if template.signature_date_field() == Some(*only) {
                        let date = report.field(*only).trim().to_owned();
                        if !date.is_empty() {
                            blocks.push(Block::Signature {
                                unit: report.unit_name(template).to_owned(),
                                date,
                            });
                        }
                        continue;
                    }
                }
                let lines: Vec<FieldLine> = fields
                    .iter()
                    .map(|&f| FieldLine {
                        label: template.field(f).label.clone(),
                        value: report.field(f).trim().to_owned(),
                    })
                    .collect();
                if lines.iter().any(|l| !l.value.is_empty()) {
                    blocks.push(Block::Fields(lines));
                }
            }
        }
    }
    // A format without a signature block of its own (the national one) ends as published reports do: the unit and
    // the publication date, towards the right.
    let signed = blocks.iter().any(|b| matches!(b, Block::Signature { .. }));
    if !signed && template.signature_date_field().is_none() {
        let unit = report.unit_name(template).trim().to_owned();
        let date = report
            .known_field(template, KnownField::PublishDate)
            .unwrap_or("")
            .trim()
            .to_owned();
        if !unit.is_empty() || !date.is_empty() {
            blocks.push(Block::Signature { unit, date });
        }
    }
    if let Some(note) = contact_note(template, report) {
        // GB/T 9704 puts a note (附注) on the line under the signature's date, indented two characters.
        let at = blocks
            .iter()
            .position(|b| matches!(b, Block::Signature { .. }))
            .map_or(blocks.len(), |signature| signature + 1);
        blocks.insert(at, Block::Paragraph(note));
    }
    Document {
        title: title(template, report),
        blocks,
    }
}

/// The header's contact fields (website, address, postcode, phone, email) that the writer filled in but the
/// narrative does not already give, as a note: "（联系电话：…；电子邮箱：…）". The unit, the year and dates are
/// printed elsewhere.
fn contact_note(template: &Template, report: &Report) -> Option<String> {
    let narrative = report.sections().join("\n");
    let missing: Vec<String> = template
        .header
        .iter()
        .map(|&i| (i, template.field(i), report.field(i).trim()))
        .filter(|(i, field, value)| {
            let unprinted = [
                template.unit_field(),
                template.year_field(),
                template.known_field(KnownField::UnitKind),
            ];
            !unprinted.contains(&Some(*i))
                && field.kind != FieldKind::Date
                && !value.is_empty()
                && !narrative.contains(value)
        })
        .map(|(_, field, value)| format!("{}：{value}", field.label))
        .collect();
    (!missing.is_empty()).then(|| format!("（{}）", missing.join("；")))
}

/// The paragraphs of a section's text: one per line, trimmed, blank lines dropped.
pub fn paragraphs(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines()
        .map(|line| line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}'))
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
}

/// A table title that begins with a section number (一、 to 十九、) is the heading of its section.
fn is_section_title(title: &str) -> bool {
    let Some((number, _)) = title.split_once('、') else {
        return false;
    };
    !number.is_empty() && number.chars().all(|c| "一二三四五六七八九十".contains(c))
}

fn table(template: &Template, report: &Report, index: TableIndex) -> Table {
    let spec = template.table(index);
    let rows = spec
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| Row {
            lead: row.lead.clone(),
            label: row.label.clone(),
            depth: row.depth,
            unit: spec
                .unit_header
                .as_ref()
                .map(|_| row.unit.clone().unwrap_or_default()),
            cells: row.cells.then(|| {
                (0..spec.columns.len())
                    .map(|c| {
                        template
                            .cell_at(index, r, c)
                            .map(|cell| cell_text(template, report, cell))
                            .unwrap_or_default()
                    })
                    .collect()
            }),
        })
        .collect();

    Table {
        caption: spec.title.clone(),
        caption_is_heading: is_section_title(&spec.title),
        columns: spec.header.columns.clone(),
        header: spec.header.rows.clone(),
        rows,
    }
}

/// A cell as printed: a valid number in its normal written form (full-width digits and separators normalised),
/// anything else exactly as typed, so that a mistake is visible rather than hidden.
fn cell_text(template: &Template, report: &Report, cell: CellIndex) -> String {
    let entry = report.cell(cell);
    match (template.cell(cell).kind, &entry.value) {
        (CellKind::Text, _) => entry.raw.trim().to_owned(),
        (kind, Ok(Some(value))) => number::format(kind, *value),
        _ => entry.raw.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates;

    #[test]
    fn titles_and_file_names_fall_back_when_fields_are_blank() {
        let template = templates::legacy();
        let mut report = Report::new(template);
        assert_eq!(title(template, &report), "政府信息公开工作年度报告");
        assert_eq!(
            file_name(template, &report, "pdf"),
            "政府信息公开工作年度报告.pdf"
        );
        let year = template.field_index("year").unwrap();
        report.set_field(year, "2011年");
        assert_eq!(title(template, &report), "2011年政府信息公开工作年度报告");
        assert_eq!(
            file_name(template, &report, "html"),
            "2011年政府信息公开工作年度报告.html"
        );
        let unit = template.field_index("unit").unwrap();
        report.set_field(unit, " 沂源县/政府办公室 ");
        assert_eq!(
            title(template, &report),
            "沂源县/政府办公室2011年政府信息公开工作年度报告"
        );
        assert_eq!(
            file_name(template, &report, "pdf"),
            "沂源县政府办公室-2011年政府信息公开工作年度报告.pdf"
        );
        report.set_field(year, "");
        assert_eq!(
            title(template, &report),
            "沂源县/政府办公室政府信息公开工作年度报告"
        );
        assert_eq!(
            file_name(template, &report, "pdf"),
            "沂源县政府办公室-政府信息公开工作年度报告.pdf"
        );
    }

    #[test]
    fn the_national_report_ends_with_its_unit_and_date_then_the_contact_note() {
        let (template, report) = templates::read_report(include_str!(
            "../../examples/reports/national-2025-example.json"
        ))
        .unwrap();
        let document = build(template, &report);
        let n = document.blocks.len();
        assert_eq!(
            document.blocks[n - 2],
            Block::Signature {
                unit: "示例区人民政府办公室".to_owned(),
                date: "2026年1月20日".to_owned()
            }
        );
        assert!(
            matches!(&document.blocks[n - 1], Block::Paragraph(note) if note.starts_with("（")),
            "{:?}",
            document.blocks[n - 1]
        );
        // Nothing to sign with: no signature.
        let blank = build(template, &Report::new(template));
        assert!(!blank
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Signature { .. })));
        // The legacy format signs with its own date field, once.
        let (legacy, seed) =
            templates::read_report(include_str!("../../examples/reports/yiyuan-2011.json"))
                .unwrap();
        let signatures = build(legacy, &seed)
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Signature { .. }))
            .count();
        assert!(signatures <= 1);
    }

    #[test]
    fn grouped_headers_span_their_columns() {
        let template = templates::national();
        let report = Report::new(template);
        let document = build(template, &report);
        let tables: Vec<&Table> = document
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        let applications = tables
            .iter()
            .find(|t| t.caption.starts_with("三、"))
            .unwrap();
        assert!(applications.caption_is_heading);
        let spans = |row: &Vec<HeaderCell>| -> Vec<(String, usize, usize)> {
            row.iter()
                .map(|c| (c.text.clone(), c.colspan, c.rowspan))
                .collect()
        };
        assert_eq!(applications.header.len(), 3);
        assert_eq!(
            spans(&applications.header[0])[1..],
            [("申请人情况".to_owned(), 7, 1)]
        );
        assert_eq!(
            spans(&applications.header[1]),
            [
                ("自然人".to_owned(), 1, 2),
                ("法人或其他组织".to_owned(), 5, 1),
                ("总计".to_owned(), 1, 2)
            ]
        );
        assert_eq!(applications.header[2].len(), 5);

        let appeals = tables
            .iter()
            .find(|t| t.caption.starts_with("四、"))
            .unwrap();
        assert_eq!(
            spans(&appeals.header[0]),
            [
                (String::new(), 1, 3),
                ("行政复议".to_owned(), 5, 2),
                ("行政诉讼".to_owned(), 10, 1)
            ]
        );
        assert_eq!(
            spans(&appeals.header[1]),
            [
                ("未经复议直接起诉".to_owned(), 5, 1),
                ("复议后起诉".to_owned(), 5, 1)
            ]
        );
        assert_eq!(appeals.header[2].len(), 15);
        // Every column is covered exactly once in every header row.
        for table in tables {
            let mut covered = vec![0; table.columns.len()];
            for row in &table.header {
                for cell in row {
                    for count in &mut covered[cell.column..cell.column + cell.colspan] {
                        *count += cell.rowspan;
                    }
                }
            }
            assert!(
                covered.iter().all(|&n| n == table.header.len()),
                "{}",
                table.caption
            );
        }
    }
}
