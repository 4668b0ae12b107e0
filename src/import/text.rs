//! Plain text → [`Source`]: the tab-separated `text/plain` a browser, Word or WPS puts on the clipboard, or a `.txt`.
//!
//! A line with a tab is a table row, its cells split at tabs; consecutive rows are one table. A cell that opens
//! with a double quote may run over line breaks up to its closing quote (`""` inside is one quote), as Excel and
//! Word write a cell with line breaks. A line without a tab between two rows is a one-cell row of that table (a
//! table's title, a label-only row such as （三）不予公开); any other line is a paragraph. Spans are not in the
//! text: every cell has span 1, so a merged cell appears only in its first row.

use super::source::{Block, Source, SourceCell, SourceTable};

/// A quoted cell longer than this is not looked for (its opening quote is text): no quadratic scan of a hostile paste.
const MAX_QUOTED_CELL: usize = 10_000;

/// Reads tab-separated text.
pub fn read(text: &str) -> Source {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let lines = split_rows(text);
    let is_row = |l: &Vec<String>| l.len() > 1;
    let mut blocks: Vec<Block> = Vec::new();
    let mut table: Vec<Vec<SourceCell>> = Vec::new();
    let non_empty: Vec<&Vec<String>> = lines
        .iter()
        .filter(|l| l.iter().any(|c| !c.trim().is_empty()))
        .collect();
    for (n, line) in non_empty.iter().enumerate() {
        let row = is_row(line)
            || (!table.is_empty() && non_empty.get(n + 1).is_some_and(|next| is_row(next)));
        if row {
            table.push(line.iter().map(|c| SourceCell::new(c.trim())).collect());
            continue;
        }
        if !table.is_empty() {
            blocks.push(Block::Table(SourceTable {
                rows: std::mem::take(&mut table),
            }));
        }
        blocks.push(Block::Paragraph(line[0].trim().to_owned()));
    }
    if !table.is_empty() {
        blocks.push(Block::Table(SourceTable { rows: table }));
    }
    Source { blocks }
}

/// The text's rows, each a list of cells, with quoted cells read over line breaks.
fn split_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut at_cell_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_cell_start && quoted_cell_closes(chars.clone().take(MAX_QUOTED_CELL)) => {
                // A quoted cell: up to the quote that is followed by a tab, a line break or the end.
                while let Some(q) = chars.next() {
                    if q == '"' {
                        if chars.peek() == Some(&'"') {
                            chars.next();
                            cell.push('"');
                            continue;
                        }
                        break;
                    }
                    cell.push(if q == '\r' { '\n' } else { q });
                }
                at_cell_start = false;
            }
            '\t' => {
                row.push(std::mem::take(&mut cell));
                at_cell_start = true;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
                at_cell_start = true;
            }
            c => {
                cell.push(c);
                at_cell_start = false;
            }
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

/// True when a cell opening with a quote has a closing quote followed by a tab, a line break or the end (else the
/// quote is just text, such as “三安全一稳定” typed with ASCII quotes).
fn quoted_cell_closes(mut chars: impl Iterator<Item = char>) -> bool {
    while let Some(c) = chars.next() {
        if c == '"' {
            match chars.next() {
                Some('"') => continue,
                None | Some('\t' | '\n' | '\r') => return true,
                Some(_) => return false,
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_make_rows_and_quoted_cells_keep_line_breaks() {
        let source = read("标题\n一、总体情况\n信息内容\t本年制发件数\n\"规\n章\"\t0\n（三）不予公开\n1.属于国家秘密\t0\n结尾");
        assert_eq!(source.blocks.len(), 4);
        let Block::Table(table) = &source.blocks[2] else {
            panic!("{:?}", source.blocks)
        };
        assert_eq!(table.rows.len(), 4);
        assert_eq!(table.rows[1][0].text, "规\n章");
        assert_eq!(table.rows[2][0].text, "（三）不予公开");
        assert_eq!(source.blocks[3], Block::Paragraph("结尾".into()));
    }

    #[test]
    fn a_quote_that_does_not_close_a_cell_is_text() {
        let source = read("\"三安全一稳定\"的情况\t1");
        let Block::Table(table) = &source.blocks[0] else {
            panic!()
        };
        assert_eq!(table.rows[0][0].text, "\"三安全一稳定\"的情况");
    }
}
