//! The printed document: a template and a report turned into an ordered list of blocks (title, headings,
//! paragraphs, tables, fields). Both exporters render this one model, so the HTML and the PDF never disagree about
//! what is in the report; they differ only in how it looks.

use crate::model::number::{self, CellKind};
use crate::model::template::FieldKind;
use crate::model::{Block as TemplateBlock, Report, Template};

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
    /// The header rows, top first; cells placed by column index with their spans.
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    Label,
    Unit,
    Value,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderCell {
    pub text: String,
    /// The first column this cell covers.
    pub column: usize,
    pub colspan: usize,
    pub rowspan: usize,
    /// True for a header over several columns (a group), false for one column's own header.
    pub group: bool,
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

const TITLE_TAIL: &str = "政府信息公开工作年度报告";

/// The field of the unit's name and of the report year, by id, as the templates name them.
const UNIT_FIELD: &str = "unit";
const YEAR_FIELD: &str = "year";
/// A `fields` block holding only this field is printed as the signature (see docs/template-format.md).
const SIGNATURE_FIELD: &str = "signature_date";

/// The unit's name as typed, trimmed; empty when blank.
pub fn unit_name(template: &Template, report: &Report) -> String {
    report
        .field_by_id(template, UNIT_FIELD)
        .unwrap_or("")
        .trim()
        .to_owned()
}

/// The report year as written ("2011"), without a trailing 年; empty when blank.
pub fn year_text(template: &Template, report: &Report) -> String {
    if let Some(year) = report.year(template) {
        return year.to_string();
    }
    let text = report
        .field_by_id(template, YEAR_FIELD)
        .unwrap_or("")
        .trim();
    text.trim_end_matches('年').trim().to_owned()
}

/// "<单位><年度>年政府信息公开工作年度报告": with a blank year, "<单位>政府信息…"; with a blank unit,
/// "<年度>年政府信息…"; with both blank, "政府信息公开工作年度报告".
pub fn title(template: &Template, report: &Report) -> String {
    let unit = unit_name(template, report);
    let year = year_text(template, report);
    let year = if year.is_empty() {
        year
    } else {
        format!("{year}年")
    };
    format!("{unit}{year}{TITLE_TAIL}")
}

/// The file name of an export, "<单位>-<年度>年政府信息公开工作年度报告.<extension>", with characters that no file
/// system accepts removed. A blank part is left out with its hyphen.
pub fn file_name(template: &Template, report: &Report, extension: &str) -> String {
    let unit: String = unit_name(template, report)
        .chars()
        .filter(|c| {
            !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') && !c.is_control()
        })
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
                let section = &template.sections[*index];
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
                    if template.fields[*only].id == SIGNATURE_FIELD {
                        let date = report.field(*only).trim().to_owned();
                        if !date.is_empty() {
                            blocks.push(Block::Signature {
                                unit: unit_name(template, report),
                                date,
                            });
                        }
                        continue;
                    }
                }
                let lines: Vec<FieldLine> = fields
                    .iter()
                    .map(|&f| FieldLine {
                        label: template.fields[f].label.clone(),
                        value: report.field(f).trim().to_owned(),
                    })
                    .collect();
                if lines.iter().any(|l| !l.value.is_empty()) {
                    blocks.push(Block::Fields(lines));
                }
            }
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
    let narrative = (0..template.sections.len())
        .map(|i| report.section(i))
        .collect::<Vec<_>>()
        .join("\n");
    let missing: Vec<String> = template
        .header
        .iter()
        .map(|&i| (&template.fields[i], report.field(i).trim()))
        .filter(|(field, value)| {
            ![UNIT_FIELD, YEAR_FIELD].contains(&field.id.as_str())
                && field.kind != FieldKind::Date
                && !value.is_empty()
                && !narrative.contains(value)
        })
        .map(|(field, value)| format!("{}：{value}", field.label))
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

fn table(template: &Template, report: &Report, index: usize) -> Table {
    let spec = &template.tables[index];
    let mut columns = vec![ColumnKind::Label];
    if spec.unit_header.is_some() {
        columns.push(ColumnKind::Unit);
    }
    let first_value = columns.len();
    columns.extend(spec.columns.iter().map(|_| ColumnKind::Value));

    let group_depth = spec
        .columns
        .iter()
        .map(|c| c.group.len())
        .max()
        .unwrap_or(0);
    let top = usize::from(spec.column_header.is_some());
    let header_rows = top + group_depth + 1;
    let mut header: Vec<Vec<HeaderCell>> = vec![Vec::new(); header_rows];
    header[0].push(HeaderCell {
        text: spec.stub_header.clone(),
        column: 0,
        colspan: 1,
        rowspan: header_rows,
        group: false,
    });
    if let Some(unit_header) = &spec.unit_header {
        header[0].push(HeaderCell {
            text: unit_header.clone(),
            column: 1,
            colspan: 1,
            rowspan: header_rows,
            group: false,
        });
    }
    if let Some(column_header) = &spec.column_header {
        header[0].push(HeaderCell {
            text: column_header.clone(),
            column: first_value,
            colspan: spec.columns.len(),
            rowspan: 1,
            group: true,
        });
    }
    // Group headers: adjacent columns sharing the same path down to a level share that level's cell. A column
    // with fewer groups than the deepest has its last group (or, with none, its own header) stretched down.
    for level in 0..group_depth {
        let mut c = 0;
        while c < spec.columns.len() {
            let path = &spec.columns[c].group;
            if path.len() <= level {
                c += 1;
                continue;
            }
            let mut end = c + 1;
            while end < spec.columns.len()
                && spec.columns[end].group.len() > level
                && spec.columns[end].group[..=level] == path[..=level]
            {
                end += 1;
            }
            let rowspan = if level + 1 == path.len() {
                group_depth - level
            } else {
                1
            };
            header[top + level].push(HeaderCell {
                text: path[level].clone(),
                column: first_value + c,
                colspan: end - c,
                rowspan,
                group: true,
            });
            c = end;
        }
    }
    for (c, column) in spec.columns.iter().enumerate() {
        let (row, rowspan) = if column.group.is_empty() {
            (top, group_depth + 1)
        } else {
            (top + group_depth, 1)
        };
        header[row].push(HeaderCell {
            text: column.label.clone(),
            column: first_value + c,
            colspan: 1,
            rowspan,
            group: false,
        });
    }
    for row in &mut header {
        row.sort_by_key(|cell| cell.column);
    }

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
        columns,
        header,
        rows,
    }
}

/// A cell as printed: a valid number in its normal written form (full-width digits and separators normalised),
/// anything else exactly as typed, so that a mistake is visible rather than hidden.
fn cell_text(template: &Template, report: &Report, cell: usize) -> String {
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
