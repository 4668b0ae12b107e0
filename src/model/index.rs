//! Typed positions in a template: a cell, a field, a section or a table. Each is an index into one of the
//! template's dense lists (and the report's, which mirror them), so a field index can never be used as a cell.

use std::fmt;

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(usize);

        impl $name {
            pub const fn new(index: usize) -> $name {
                $name(index)
            }

            /// The position in the template's list.
            pub const fn get(self) -> usize {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

index_type!(
    /// Position of a cell in the template's cell list ([`super::Template::cells`]).
    CellIndex
);
index_type!(
    /// Position of a field in [`super::Template::fields`].
    FieldIndex
);
index_type!(
    /// Position of a narrative section in [`super::Template::sections`].
    SectionIndex
);
index_type!(
    /// Position of a table in [`super::Template::tables`].
    TableIndex
);

/// A cell's id in template and report files: `table.row.column`.
pub fn cell_id(table: &str, row: &str, column: &str) -> String {
    format!("{table}.{row}.{column}")
}

/// The dot-separated parts of a cell id, however many there are.
pub fn id_parts(id: &str) -> std::str::Split<'_, char> {
    id.split('.')
}

/// The three parts of a cell id, or `None` when it does not have exactly three.
pub fn split_cell_id(id: &str) -> Option<[&str; 3]> {
    let mut parts = id_parts(id);
    let split = [parts.next()?, parts.next()?, parts.next()?];
    parts.next().is_none().then_some(split)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_ids_split_back_into_their_parts() {
        let id = cell_id("applications", "new", "total");
        assert_eq!(id, "applications.new.total");
        assert_eq!(split_cell_id(&id), Some(["applications", "new", "total"]));
        assert_eq!(split_cell_id("a.b"), None);
        assert_eq!(split_cell_id("a.b.c.d"), None);
    }
}
