//! Undo and redo of edits. Each entry is the whole report before an edit: a report is a few kilobytes, and whole
//! snapshots make undo exact whatever the edit was (a keystroke, a paste, a fix).

use super::index::{CellIndex, FieldIndex, SectionIndex};

/// What an edit changed, so that a run of keystrokes in one place undoes as one step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditKey {
    Cell(CellIndex),
    Field(FieldIndex),
    Section(SectionIndex),
    /// An edit that is always its own step (a paste, a one-click fix, loading).
    Single,
}

#[derive(Clone, Debug)]
struct Entry<T> {
    before: T,
    key: EditKey,
    at_ms: f64,
}

/// Undo and redo stacks of snapshots.
#[derive(Clone, Debug)]
pub struct History<T> {
    undo: Vec<Entry<T>>,
    redo: Vec<T>,
    limit: usize,
    /// Keystrokes in the same place closer together than this are one step.
    coalesce_ms: f64,
}

impl<T: Clone> History<T> {
    pub fn new(limit: usize) -> History<T> {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
            limit,
            coalesce_ms: 1500.0,
        }
    }

    /// Records the state before an edit made at `at_ms` (milliseconds on any clock).
    pub fn record(&mut self, before: &T, key: EditKey, at_ms: f64) {
        self.redo.clear();
        if let Some(last) = self.undo.last_mut() {
            let same_place = key != EditKey::Single && last.key == key;
            if same_place && at_ms - last.at_ms < self.coalesce_ms {
                last.at_ms = at_ms;
                return;
            }
        }
        self.undo.push(Entry {
            before: before.clone(),
            key,
            at_ms,
        });
        if self.undo.len() > self.limit {
            self.undo.remove(0);
        }
    }

    /// The state to go back to, given the current one (kept for redo).
    pub fn undo(&mut self, current: &T) -> Option<T> {
        let entry = self.undo.pop()?;
        self.redo.push(current.clone());
        Some(entry.before)
    }

    /// The state to go forward to, given the current one (kept for undo).
    pub fn redo(&mut self, current: &T) -> Option<T> {
        let next = self.redo.pop()?;
        self.undo.push(Entry {
            before: current.clone(),
            key: EditKey::Single,
            at_ms: f64::NEG_INFINITY,
        });
        Some(next)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_and_redo_walk_back_and_forth() {
        let mut history = History::new(10);
        history.record(&"a", EditKey::Cell(CellIndex::new(1)), 0.0);
        history.record(&"ab", EditKey::Cell(CellIndex::new(2)), 10.0);
        assert_eq!(history.undo(&"abc"), Some("ab"));
        assert_eq!(history.undo(&"ab"), Some("a"));
        assert_eq!(history.undo(&"a"), None);
        assert_eq!(history.redo(&"a"), Some("ab"));
        assert_eq!(history.redo(&"ab"), Some("abc"));
        assert_eq!(history.redo(&"abc"), None);
        assert_eq!(history.undo(&"abc"), Some("ab"));
    }

    #[test]
    fn keystrokes_in_one_place_are_one_step() {
        let mut history = History::new(10);
        history.record(&"", EditKey::Cell(CellIndex::new(1)), 0.0);
        history.record(&"1", EditKey::Cell(CellIndex::new(1)), 200.0);
        history.record(&"12", EditKey::Cell(CellIndex::new(1)), 400.0);
        assert_eq!(history.undo(&"123"), Some(""));
        assert!(!history.can_undo());
    }

    #[test]
    fn a_pause_or_another_place_starts_a_new_step() {
        let mut history = History::new(10);
        history.record(&"", EditKey::Cell(CellIndex::new(1)), 0.0);
        history.record(&"1", EditKey::Cell(CellIndex::new(1)), 5000.0);
        history.record(&"12", EditKey::Cell(CellIndex::new(2)), 5100.0);
        history.record(&"123", EditKey::Single, 5200.0);
        history.record(&"1234", EditKey::Single, 5300.0);
        assert_eq!(history.undo(&"12345"), Some("1234"));
        assert_eq!(history.undo(&"1234"), Some("123"));
        assert_eq!(history.undo(&"123"), Some("12"));
        assert_eq!(history.undo(&"12"), Some("1"));
        assert_eq!(history.undo(&"1"), Some(""));
    }

    #[test]
    fn a_new_edit_clears_redo_and_the_limit_drops_the_oldest() {
        let mut history = History::new(2);
        history.record(&1, EditKey::Single, 0.0);
        history.record(&2, EditKey::Single, 1.0);
        history.record(&3, EditKey::Single, 2.0);
        assert_eq!(history.undo(&4), Some(3));
        history.record(&3, EditKey::Single, 3.0);
        assert!(!history.can_redo());
        assert_eq!(history.undo(&5), Some(3));
        assert_eq!(history.undo(&3), Some(2));
        assert_eq!(history.undo(&2), None);
    }
}
