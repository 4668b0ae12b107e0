//! How messages name cells: by the rows' short numbers as the table prints them (（七）总计, 四, （三）1), with the
//! column where the table has more than one, and a group of cells as a range ("“（一）予以公开”至“（六）3”共 21
//! 项"), so that a message about four cells is one line and not four full titles.

use crate::model::{CellIndex, TableIndex, Template};

/// The numbering a row label starts with and the words after it: ("（七）", "总计"), ("四", "结转下年度继续办理"),
/// ("1", "属于国家秘密"); `None` for a label without a number.
fn numbered(label: &str) -> Option<(&str, &str)> {
    const NUMERALS: &str = "一二三四五六七八九十";
    let label = label.trim();
    if let Some(rest) = label.strip_prefix('（') {
        let end = rest.find('）')?;
        let number = &rest[..end];
        if !number.is_empty() && number.chars().all(|c| NUMERALS.contains(c)) {
            let marker_len = '（'.len_utf8() + end + '）'.len_utf8();
            return Some((&label[..marker_len], &label[marker_len..]));
        }
        return None;
    }
    let digits = label
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()
        .map(|(i, c)| i + c.len_utf8());
    if let Some(end) = digits {
        let rest = &label[end..];
        let rest = rest.strip_prefix(['.', '．', '、'])?;
        return Some((&label[..end], rest));
    }
    let end = label
        .char_indices()
        .take_while(|(_, c)| NUMERALS.contains(*c))
        .last()
        .map(|(i, c)| i + c.len_utf8())?;
    let rest = label[end..].strip_prefix('、')?;
    Some((&label[..end], rest))
}

/// The row an item belongs to: the nearest row above it that is less indented.
fn parent(template: &Template, table: TableIndex, row: usize) -> Option<usize> {
    let rows = &template.table(table).rows;
    let depth = rows[row].depth;
    (0..row).rev().find(|&r| rows[r].depth < depth)
}

/// A row's short name: its number and, when they are short (four characters at most, before any bracketed
/// remark), its words — （七）总计, （二）部分公开, 四 — and an item's number after its parent's: （三）1. A row
/// without a number is named by its label.
pub fn short_row(template: &Template, table: TableIndex, row: usize) -> String {
    let label = &template.table(table).rows[row].label;
    let Some((number, words)) = numbered(label) else {
        return label.trim().to_owned();
    };
    let words = words.split('（').next().unwrap_or(words);
    if number.starts_with('（') && words.chars().count() <= 4 {
        return format!("{number}{words}");
    }
    if number.starts_with(|c: char| c.is_ascii_digit()) {
        if let Some(up) = parent(template, table, row) {
            let up_label = &template.table(table).rows[up].label;
            if let Some((up_number, _)) = numbered(up_label) {
                let joiner = if up_number.ends_with('）') {
                    ""
                } else {
                    "、"
                };
                return format!("{up_number}{joiner}{number}");
            }
        }
    }
    number.to_owned()
}

/// A column's short name: its label, with its groups when another column of the table has the same label.
fn short_column(template: &Template, table: TableIndex, column: usize) -> String {
    let columns = &template.table(table).columns;
    let label = &columns[column].label;
    if columns.iter().filter(|c| &c.label == label).count() > 1 {
        template.column_path(table, column)
    } else {
        label.clone()
    }
}

/// How many rows of the table have cells.
fn rows_with_cells(template: &Template, table: TableIndex) -> usize {
    template
        .table(table)
        .rows
        .iter()
        .filter(|r| r.cells)
        .count()
}

/// A cell's short name: the row's short name, with the column in brackets where the table has more than one; in a
/// table of one row, the column alone.
pub fn short_label(template: &Template, index: CellIndex) -> String {
    let cell = template.cell(index);
    let columns = template.table(cell.table).columns.len();
    if columns == 1 {
        return short_row(template, cell.table, cell.row);
    }
    let column = short_column(template, cell.table, cell.column);
    if rows_with_cells(template, cell.table) == 1 {
        return column;
    }
    format!("{}（{column}）", short_row(template, cell.table, cell.row))
}

/// What the cells of a message have in common: one column of a table of several (`自然人`), or one row of a table of
/// several rows; named once before the cells, which are then named by what differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Common {
    Column(TableIndex, usize),
    Row(TableIndex, usize),
    Nothing,
}

impl Common {
    pub fn of(template: &Template, cells: &[CellIndex]) -> Common {
        let Some(first) = cells.first().map(|&c| template.cell(c)) else {
            return Common::Nothing;
        };
        let all = |f: &dyn Fn(CellIndex) -> bool| cells.iter().all(|&c| f(c));
        let same_table = all(&|c| template.cell(c).table == first.table);
        if !same_table || cells.len() < 2 {
            return Common::Nothing;
        }
        let table = first.table;
        if template.table(table).columns.len() > 1
            && rows_with_cells(template, table) > 1
            && all(&|c| template.cell(c).column == first.column)
        {
            return Common::Column(table, first.column);
        }
        if template.table(table).columns.len() > 1 && all(&|c| template.cell(c).row == first.row) {
            return Common::Row(table, first.row);
        }
        Common::Nothing
    }

    /// The words that start a message about these cells: "“自然人”一列：", or nothing.
    pub fn lead(self, template: &Template) -> String {
        match self {
            Common::Column(table, column) => {
                format!("“{}”一列：", short_column(template, table, column))
            }
            Common::Row(table, row) if rows_with_cells(template, table) > 1 => {
                format!("“{}”一行：", short_row(template, table, row))
            }
            _ => String::new(),
        }
    }

    /// A cell's name under this lead, quoted: the row when the column is common, the column when the row is.
    pub fn name(self, template: &Template, cell: CellIndex) -> String {
        let c = template.cell(cell);
        let name = match self {
            Common::Column(..) => short_row(template, c.table, c.row),
            Common::Row(..) if c.column + 1 == template.table(c.table).columns.len() => {
                short_column(template, c.table, c.column)
            }
            Common::Row(..) => short_column(template, c.table, c.column),
            Common::Nothing => short_label(template, cell),
        };
        format!("“{name}”")
    }

    /// Several cells, quoted: one by one when there are at most three ("“一” + “二”"), otherwise as a range
    /// ("“（一）予以公开”至“（六）3”共 21 项").
    pub fn names(self, template: &Template, cells: &[CellIndex], joiner: &str) -> String {
        match cells {
            [] => String::new(),
            [_, _, _, _, ..] => {
                let unit = match self {
                    Common::Row(..) => "列",
                    _ => "项",
                };
                format!(
                    "{}至{}共 {} {unit}",
                    self.name(template, cells[0]),
                    self.name(template, cells[cells.len() - 1]),
                    cells.len()
                )
            }
            _ => cells
                .iter()
                .map(|&c| self.name(template, c))
                .collect::<Vec<_>>()
                .join(joiner),
        }
    }

    /// Some cells by name, for a list of blanks: at most three, then 等 N 项.
    pub fn some(self, template: &Template, cells: &[CellIndex]) -> String {
        let named: Vec<String> = cells
            .iter()
            .take(3)
            .map(|&c| self.name(template, c))
            .collect();
        match cells.len() {
            0..=3 => named.join("、"),
            n => format!("{}等 {n} 格", named.join("、")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates;

    fn short(template: &Template, id: &str) -> String {
        short_label(template, template.index_of(id).unwrap())
    }

    #[test]
    fn rows_are_named_by_their_numbers() {
        let t = templates::national();
        assert_eq!(
            short(t, "applications.total.natural"),
            "（七）总计（自然人）"
        );
        assert_eq!(short(t, "applications.carried_out.total"), "四（总计）");
        assert_eq!(
            short(t, "applications.partly_open.total"),
            "（二）部分公开（总计）"
        );
        assert_eq!(short(t, "applications.refuse_1.total"), "（三）1（总计）");
        assert_eq!(short(t, "appeals.cases.review_total"), "行政复议·总计");
        assert_eq!(
            short(t, "art20_1.normative.in_force"),
            "行政规范性文件（现行有效件数）"
        );
        let legacy = templates::legacy();
        assert_eq!(short(legacy, "stats.r01.total"), "一");
        assert_eq!(short(legacy, "stats.r01_2.total"), "一、2");
    }

    #[test]
    fn cells_of_one_column_are_named_once() {
        let t = templates::national();
        let cells: Vec<CellIndex> = ["new", "carried_in"]
            .iter()
            .map(|r| t.index_of(&format!("applications.{r}.natural")).unwrap())
            .collect();
        let common = Common::of(t, &cells);
        assert_eq!(common.lead(t), "“自然人”一列：");
        assert_eq!(common.names(t, &cells, " + "), "“一” + “二”");
    }
}
