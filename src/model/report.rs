//! The writer's report: what was typed into each cell of a template, with its parsed value.

use super::number::{self, ParseError};
use super::template::{CellIndex, Template};

/// One cell: the text exactly as typed (kept visible until corrected) and what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellEntry {
    pub raw: String,
    /// `Ok(None)` is a blank cell, not a zero.
    pub value: Result<Option<u64>, ParseError>,
}

impl Default for CellEntry {
    fn default() -> Self {
        CellEntry {
            raw: String::new(),
            value: Ok(None),
        }
    }
}

/// A report's figures, one entry per template cell, in the template's cell order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub template_id: String,
    pub template_version: u32,
    cells: Vec<CellEntry>,
}

impl Report {
    /// An empty report: every cell blank.
    pub fn new(template: &Template) -> Report {
        Report {
            template_id: template.id.clone(),
            template_version: template.version,
            cells: vec![CellEntry::default(); template.cells().len()],
        }
    }

    /// Records what the writer typed into a cell; parsing happens here, once per edit, not on every check.
    pub fn set_cell(&mut self, template: &Template, index: CellIndex, raw: &str) {
        let kind = template.cell(index).kind;
        self.cells[index] = CellEntry {
            raw: raw.to_owned(),
            value: number::parse(kind, raw),
        };
    }

    /// Sets a cell to a value, written the way the cell displays it (used by one-click fixes).
    pub fn set_value(&mut self, template: &Template, index: CellIndex, stored: u64) {
        let text = number::format(template.cell(index).kind, stored);
        self.set_cell(template, index, &text);
    }

    pub fn cell(&self, index: CellIndex) -> &CellEntry {
        &self.cells[index]
    }

    pub fn cells(&self) -> &[CellEntry] {
        &self.cells
    }
}
