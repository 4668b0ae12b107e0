//! Moving between the cells of a table and pasting blocks copied from a spreadsheet.

use super::index::CellIndex;
use super::template::Template;

/// A direction of movement in a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Left,
    Right,
}

impl Template {
    /// The cell next to `cell` in a direction, within the same table, skipping label-only rows.
    pub fn neighbour(&self, cell: CellIndex, direction: Direction) -> Option<CellIndex> {
        let here = self.cell(cell);
        let columns = self.table(here.table).columns.len();
        let index = match direction {
            Direction::Left => (here.column > 0).then(|| cell.get() - 1),
            Direction::Right => (here.column + 1 < columns).then(|| cell.get() + 1),
            Direction::Up => cell.get().checked_sub(columns),
            Direction::Down => Some(cell.get() + columns).filter(|&c| c < self.cells().len()),
        };
        index
            .map(CellIndex::new)
            .filter(|&c| self.cell(c).table == here.table)
    }

    /// Where each value of a pasted block goes, starting at `start`: rows go down through the table's rows with
    /// cells, columns go right; whatever falls outside the table is left out (and counted).
    pub fn paste_targets(&self, start: CellIndex, block: &[Vec<String>]) -> PastePlan {
        let mut plan = PastePlan::default();
        let mut row_start = Some(start);
        for values in block {
            let mut target = row_start;
            for value in values {
                match target {
                    Some(cell) => plan.cells.push((cell, value.clone())),
                    None => plan.left_out += 1,
                }
                target = target.and_then(|c| self.neighbour(c, Direction::Right));
            }
            row_start = row_start.and_then(|c| self.neighbour(c, Direction::Down));
        }
        plan
    }
}

/// The cells a paste fills, and how many pasted values had no cell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PastePlan {
    pub cells: Vec<(CellIndex, String)>,
    pub left_out: usize,
}

/// Splits text copied from Excel or WPS into rows of tab-separated values. A trailing line break (which
/// spreadsheets add) does not make an extra row.
pub fn parse_block(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    text.split('\n')
        .map(|line| {
            line.strip_suffix('\r')
                .unwrap_or(line)
                .split('\t')
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

/// True when pasted text is a block of several values rather than one value for one cell.
pub fn is_block(text: &str) -> bool {
    let trimmed = text.trim_end_matches(['\n', '\r']);
    trimmed.contains('\t') || trimmed.contains('\n')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates;

    #[test]
    fn parses_a_spreadsheet_block() {
        assert_eq!(
            parse_block("1\t2\r\n3\t4\r\n"),
            vec![vec!["1", "2"], vec!["3", "4"]]
        );
        assert_eq!(parse_block("5"), vec![vec!["5"]]);
        assert!(is_block("1\t2") && is_block("1\n2\n") && !is_block("12\n"));
    }

    #[test]
    fn moves_within_a_table_skipping_label_rows() {
        let t = templates::national();
        let at = |id: &str| t.index_of(id).unwrap();
        assert_eq!(
            t.neighbour(at("applications.carried_in.natural"), Direction::Down),
            Some(at("applications.open.natural"))
        );
        assert_eq!(
            t.neighbour(at("applications.open.natural"), Direction::Up),
            Some(at("applications.carried_in.natural"))
        );
        assert_eq!(
            t.neighbour(at("applications.new.natural"), Direction::Up),
            None
        );
        assert_eq!(
            t.neighbour(at("applications.new.total"), Direction::Right),
            None
        );
        assert_eq!(
            t.neighbour(at("applications.new.natural"), Direction::Left),
            None
        );
        assert_eq!(
            t.neighbour(at("applications.carried_out.natural"), Direction::Down),
            None
        );
        assert_eq!(
            t.neighbour(at("art20_1.rules.issued"), Direction::Right),
            Some(at("art20_1.rules.repealed"))
        );
    }

    #[test]
    fn a_paste_fills_down_and_right_and_counts_what_does_not_fit() {
        let t = templates::national();
        let at = |id: &str| t.index_of(id).unwrap();
        let block = parse_block("1\t2\n3\t4\n");
        let plan = t.paste_targets(at("applications.new.legal_services"), &block);
        assert_eq!(
            plan.cells,
            vec![
                (at("applications.new.legal_services"), "1".to_owned()),
                (at("applications.new.other_org"), "2".to_owned()),
                (at("applications.carried_in.legal_services"), "3".to_owned()),
                (at("applications.carried_in.other_org"), "4".to_owned()),
            ]
        );
        let plan = t.paste_targets(at("applications.carried_out.total"), &block);
        assert_eq!((plan.cells.len(), plan.left_out), (1, 3));
    }
}
