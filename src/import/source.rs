//! The neutral shape every reader produces: the document's blocks in reading order, tables as rows of text cells
//! with their spans. Readers keep text as printed (the recogniser normalises), one `Paragraph` per paragraph of the
//! original (a heading is a paragraph too), and one `SourceCell` per cell *as printed*: a cell merged over two rows
//! appears once, in its first row, with `rowspan: 2`.

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Source {
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    Table(SourceTable),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceTable {
    pub rows: Vec<Vec<SourceCell>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceCell {
    /// The cell's text; line breaks inside the cell kept as '\n'.
    pub text: String,
    pub colspan: u16,
    pub rowspan: u16,
}

impl SourceCell {
    pub fn new(text: impl Into<String>) -> SourceCell {
        SourceCell {
            text: text.into(),
            colspan: 1,
            rowspan: 1,
        }
    }
}
