//! What an import read, kept with the draft it opened, so that the review panel (导入核对) is there again after a
//! reload until the writer closes it.
//!
//! Kept under a key of its own beside the draft (`nianbao:v1:import:<draft id>`), not inside the draft: drafts are
//! read strictly (unknown fields refused), so a field added there would make an older version of the app, still
//! open in another tab, set every imported draft aside as unreadable. Not part of a backup: a restored draft opens
//! without its panel, and no backup file can bring markup into the page.

use super::{Drafts, Storage, StoreError, PREFIX};
use serde::{Deserialize, Serialize};

const IMPORT: &str = "nianbao:v1:import:";

/// An import's review as the app shows it with the draft it opened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportNote {
    /// The file's name, or 粘贴的内容.
    pub source: String,
    /// The review panel's content, as HTML made by the import worker (`import::panel`, every text escaped).
    pub panel: String,
    /// One line of it.
    pub summary: String,
    /// For this year's draft started from an imported report: the imported (last year's) draft.
    #[serde(default)]
    pub last_year: Option<String>,
    /// Whether the panel is shown open (收起 closes it; it can be opened again).
    pub open: bool,
}

impl<S: Storage> Drafts<S> {
    fn import_key(id: &str) -> String {
        debug_assert!(IMPORT.starts_with(PREFIX));
        format!("{IMPORT}{id}")
    }

    /// The import review kept with this draft, if there is one that reads.
    pub fn import_note(&self, id: &str) -> Option<ImportNote> {
        let text = self.storage.get(&Self::import_key(id)).ok()??;
        serde_json::from_str(&text).ok()
    }

    /// Keeps an import's review with its draft (over the one kept before).
    pub fn keep_import_note(&mut self, id: &str, note: &ImportNote) -> Result<(), StoreError> {
        let text = serde_json::to_string(note).expect("a note always serialises");
        self.storage.set(&Self::import_key(id), &text)
    }

    /// Drops the import reviews of drafts no longer stored (nor in the trash, from where one may come back).
    pub fn forget_import_notes(&mut self) -> Result<(), StoreError> {
        let keys = self.storage.keys()?;
        for key in keys.iter().filter(|k| k.starts_with(IMPORT)) {
            let id = &key[IMPORT.len()..];
            let kept = |prefix: &str| keys.iter().any(|k| k.strip_prefix(prefix) == Some(id));
            if !kept(super::DRAFT) && !kept(super::TRASH) {
                self.storage.remove(key)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryStorage;

    fn note(open: bool) -> ImportNote {
        ImportNote {
            source: "年报.pdf".to_owned(),
            panel: "<p>读取了 200 个数字</p>".to_owned(),
            summary: "全国统一格式（2021），读取了 200 个数字".to_owned(),
            last_year: None,
            open,
        }
    }

    #[test]
    fn a_note_is_kept_beside_its_draft_and_read_back() {
        let mut drafts = Drafts::new(MemoryStorage::default());
        assert_eq!(drafts.import_note("d1"), None);
        drafts.keep_import_note("d1", &note(true)).unwrap();
        assert_eq!(drafts.import_note("d1"), Some(note(true)));
        drafts.keep_import_note("d1", &note(false)).unwrap();
        assert_eq!(drafts.import_note("d1"), Some(note(false)));
        // Its own key, under the app's prefix, never inside the draft.
        assert!(drafts
            .storage
            .entries
            .keys()
            .all(|k| k == "nianbao:v1:import:d1"));
        // A damaged note is no note (the draft opens without its panel).
        drafts
            .storage
            .set("nianbao:v1:import:d2", "{not json")
            .unwrap();
        assert_eq!(drafts.import_note("d2"), None);
    }

    #[test]
    fn notes_of_drafts_gone_are_dropped_those_in_the_trash_kept() {
        let mut drafts = Drafts::new(MemoryStorage::default());
        for id in ["kept", "trashed", "gone"] {
            drafts.keep_import_note(id, &note(true)).unwrap();
        }
        drafts.storage.set("nianbao:v1:draft:kept", "{}").unwrap();
        drafts
            .storage
            .set("nianbao:v1:trash:trashed", "{}")
            .unwrap();
        drafts.forget_import_notes().unwrap();
        assert!(drafts.import_note("kept").is_some());
        assert!(drafts.import_note("trashed").is_some());
        assert!(drafts.import_note("gone").is_none());
    }
}
