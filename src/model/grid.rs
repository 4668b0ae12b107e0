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

/// A key pressed in a cell's input, with what decides where it moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keypress<'a> {
    /// `KeyboardEvent.key`: "ArrowUp", "Enter", "Tab", "5", …
    pub key: &'a str,
    pub shift: bool,
    /// Ctrl, Meta (⌘) or Alt held: the browser's and the app's shortcuts (undo, redo, copy), never a move.
    pub shortcut: bool,
    /// The caret is at the start of the text, nothing selected.
    pub caret_at_start: bool,
    /// The caret (the selection's start) is at the end of the text.
    pub caret_at_end: bool,
}

/// Where a key pressed in a cell's input moves, as in a spreadsheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyMove {
    /// To the neighbouring cell in a direction ([`Template::neighbour`]), if there is one.
    Towards(Direction),
    /// Tab (Shift+Tab): to the next (previous) cell of the same table in reading order, past the fix buttons; at
    /// the table's edge the page's own tab order takes over.
    Next,
    Previous,
}

impl Keypress<'_> {
    /// Up and down, Enter (Shift+Enter up), Tab; left and right only from the edge of the text, so that within a
    /// figure they still move the caret. Everything else is typing.
    pub fn moves(&self) -> Option<KeyMove> {
        if self.shortcut {
            return None;
        }
        let towards = |direction| Some(KeyMove::Towards(direction));
        match self.key {
            "ArrowUp" => towards(Direction::Up),
            "ArrowDown" => towards(Direction::Down),
            "Enter" if self.shift => towards(Direction::Up),
            "Enter" => towards(Direction::Down),
            "ArrowLeft" if self.caret_at_start => towards(Direction::Left),
            "ArrowRight" if self.caret_at_end => towards(Direction::Right),
            "Tab" if self.shift => Some(KeyMove::Previous),
            "Tab" => Some(KeyMove::Next),
            _ => None,
        }
    }
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
    fn keys_move_as_in_a_spreadsheet() {
        let press = |key, shift, shortcut, caret_at_start, caret_at_end| {
            Keypress {
                key,
                shift,
                shortcut,
                caret_at_start,
                caret_at_end,
            }
            .moves()
        };
        let towards = |d| Some(KeyMove::Towards(d));
        assert_eq!(
            press("ArrowUp", false, false, false, false),
            towards(Direction::Up)
        );
        assert_eq!(
            press("ArrowDown", true, false, false, false),
            towards(Direction::Down)
        );
        assert_eq!(
            press("Enter", false, false, false, false),
            towards(Direction::Down)
        );
        assert_eq!(
            press("Enter", true, false, false, false),
            towards(Direction::Up)
        );
        assert_eq!(
            press("Tab", false, false, false, false),
            Some(KeyMove::Next)
        );
        assert_eq!(
            press("Tab", true, false, false, false),
            Some(KeyMove::Previous)
        );
        // Left and right move the caret within the figure, and the focus only from its edge.
        assert_eq!(press("ArrowLeft", false, false, false, true), None);
        assert_eq!(
            press("ArrowLeft", false, false, true, false),
            towards(Direction::Left)
        );
        assert_eq!(press("ArrowRight", false, false, true, false), None);
        assert_eq!(
            press("ArrowRight", false, false, false, true),
            towards(Direction::Right)
        );
        // An empty cell: the caret is at both edges.
        assert_eq!(
            press("ArrowRight", false, false, true, true),
            towards(Direction::Right)
        );
        // Shortcuts (Ctrl+Z, Ctrl+Enter, Alt+arrows) and typing never move.
        for key in [
            "ArrowUp",
            "ArrowDown",
            "Enter",
            "Tab",
            "ArrowLeft",
            "ArrowRight",
        ] {
            assert_eq!(press(key, false, true, true, true), None, "{key}");
        }
        for key in ["5", "z", " ", "Backspace", "Escape", "Home", "Process"] {
            assert_eq!(press(key, false, false, true, true), None, "{key}");
        }
    }

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
