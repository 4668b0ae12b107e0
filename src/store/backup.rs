//! 备份全部草稿: every draft of this browser as one file, and that file read back. Office PCs are cleaned (clean-up
//! tools clear browser data), so the writer keeps the file elsewhere; restoring it brings every draft back and never
//! overwrites a newer version of one.

use super::{migrate, Draft, DraftError, Drafts, Storage, StoreError, PREFIX};
use crate::model::json::{parse_strict, JsonError};
use crate::model::text::excerpt;
use serde_json::{json, Value};
use std::fmt;

/// What a backup file says it is.
const KIND: &str = "nianbao-drafts-backup";
/// When the drafts were last backed up (milliseconds since the epoch), under the app's prefix.
const LAST_BACKUP: &str = "nianbao:v1:meta:last-backup";
/// After how many days without a backup the writer is reminded (when there are drafts changed since).
pub const REMIND_AFTER_DAYS: f64 = 7.0;
const DAY_MS: f64 = 24.0 * 3600.0 * 1000.0;

/// Why a file is not a backup this build can restore. Nothing is changed for any of these.
#[derive(Clone, Debug, PartialEq)]
pub enum BackupError {
    Json(JsonError),
    /// Valid JSON, but not a backup of drafts (a report file, another program's file).
    NotABackup,
    /// One of the drafts in it cannot be read; the number is its place in the file, from 1.
    Draft(usize, DraftError),
}

impl fmt::Display for BackupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackupError::Json(JsonError::Syntax(why)) => {
                write!(f, "文件不是有效的备份文件（{why}）")
            }
            BackupError::Json(JsonError::DuplicateKey(path)) => {
                write!(
                    f,
                    "备份文件中“{}”出现了两次，无法确定以哪个为准",
                    excerpt(path)
                )
            }
            BackupError::NotABackup => f.write_str("文件不是本工具的草稿备份文件"),
            BackupError::Draft(n, error) => write!(f, "备份中的第 {n} 份草稿无法读取（{error}）"),
        }
    }
}

impl std::error::Error for BackupError {}

/// What restoring a backup did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Restored {
    /// Drafts that were not in this browser.
    pub added: usize,
    /// Drafts whose version in the backup was newer than this browser's (the older one went to the trash).
    pub updated: usize,
    /// Drafts this browser already had in the same or a newer version, left as they are.
    pub kept: usize,
}

impl fmt::Display for Restored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "已从备份恢复：新增 {} 份草稿，更新 {} 份；{} 份本机已有相同或更新的版本，未改动",
            self.added, self.updated, self.kept
        )
    }
}

/// Every draft as one backup file (JSON), made at `now`.
pub fn backup(drafts: &[Draft], now: f64) -> String {
    let value = json!({
        "kind": KIND,
        "version": 1,
        "created_at": now,
        "drafts": drafts,
    });
    serde_json::to_string_pretty(&value).expect("drafts always serialise")
}

/// Reads a backup file strictly: a duplicate key, an unknown kind or any unreadable draft refuses the whole file.
pub fn read_backup(text: &str) -> Result<Vec<Draft>, BackupError> {
    let value = parse_strict(text).map_err(BackupError::Json)?;
    if value.get("kind").and_then(Value::as_str) != Some(KIND) {
        return Err(BackupError::NotABackup);
    }
    let Some(drafts) = value.get("drafts").and_then(Value::as_array) else {
        return Err(BackupError::NotABackup);
    };
    drafts
        .iter()
        .enumerate()
        .map(|(n, value)| {
            let draft = migrate(value.clone()).map_err(|e| BackupError::Draft(n + 1, e))?;
            draft
                .open()
                .map_err(|e| BackupError::Draft(n + 1, DraftError::Report(e)))?;
            Ok(draft)
        })
        .collect()
}

impl<S: Storage> Drafts<S> {
    /// Puts the drafts of a backup back: a draft this browser lacks is added as it was; one this browser has in an
    /// older version is replaced (the older one moved to the trash, where 撤销删除 finds it); one it has in the
    /// same or a newer version is left alone.
    pub fn restore_backup(&mut self, drafts: &[Draft]) -> Result<Restored, StoreError> {
        let mut restored = Restored::default();
        for draft in drafts {
            let key = Self::key(&draft.id);
            match self.get(&draft.id)? {
                Some(ours) if ours.updated_at >= draft.updated_at => {
                    restored.kept += 1;
                    continue;
                }
                Some(_) => {
                    self.delete(&draft.id)?;
                    restored.updated += 1;
                }
                None if self.storage.get(&key)?.is_some() => {
                    // An entry this build cannot read holds the key: it is never overwritten.
                    restored.kept += 1;
                    continue;
                }
                None => restored.added += 1,
            }
            let text = serde_json::to_string(draft).expect("a draft always serialises");
            self.storage.set(&key, &text)?;
        }
        Ok(restored)
    }

    /// When the drafts were last backed up, if ever.
    pub fn last_backup(&self) -> Option<f64> {
        let text = self.storage.get(LAST_BACKUP).ok()??;
        text.parse().ok()
    }

    /// Remembers that the drafts were backed up at `now`.
    pub fn backed_up(&mut self, now: f64) -> Result<(), StoreError> {
        debug_assert!(LAST_BACKUP.starts_with(PREFIX));
        self.storage.set(LAST_BACKUP, &now.to_string())
    }
}

/// Whether to remind the writer to back up: some draft changed since the last backup (or there never was one)
/// and that was more than [`REMIND_AFTER_DAYS`] ago.
pub fn needs_reminder(drafts: &[Draft], last_backup: Option<f64>, now: f64) -> bool {
    let since = last_backup.unwrap_or(0.0);
    let changed: Vec<&Draft> = drafts.iter().filter(|d| d.updated_at > since).collect();
    let Some(oldest_unsaved) = changed
        .iter()
        .map(|d| last_backup.map_or(d.created_at, |_| d.updated_at))
        .reduce(f64::min)
    else {
        return false;
    };
    now - oldest_unsaved.max(since) > REMIND_AFTER_DAYS * DAY_MS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Report;
    use crate::store::MemoryStorage;
    use crate::templates;

    fn draft(id: &str, unit: &str, at: f64) -> Draft {
        let t = templates::national();
        let mut report = Report::new(t);
        report.set_field(t.field_index("unit").unwrap(), unit);
        let mut d = Draft::new(id.to_owned(), t, &report, at);
        d.updated_at = at;
        d
    }

    #[test]
    fn a_backup_brings_every_draft_back_and_never_overwrites_a_newer_one() {
        let drafts = vec![
            draft("a", "甲单位", 1000.0),
            draft("b", "乙单位（备份时）", 2000.0),
            draft("c", "丙单位（备份时）", 3000.0),
        ];
        let file = backup(&drafts, 5000.0);
        let read = read_backup(&file).unwrap();
        assert_eq!(read, drafts);

        let mut store = Drafts::new(MemoryStorage::default());
        // b was changed here after the backup; c here is older than the backup's.
        let newer_b = draft("b", "乙单位（之后改过）", 9000.0);
        store
            .storage
            .set(
                &Drafts::<MemoryStorage>::key("b"),
                &serde_json::to_string(&newer_b).unwrap(),
            )
            .unwrap();
        let older_c = draft("c", "丙单位（更早）", 500.0);
        store
            .storage
            .set(
                &Drafts::<MemoryStorage>::key("c"),
                &serde_json::to_string(&older_c).unwrap(),
            )
            .unwrap();

        let restored = store.restore_backup(&read).unwrap();
        assert_eq!(
            restored,
            Restored {
                added: 1,
                updated: 1,
                kept: 1
            }
        );
        let unit = |d: Draft| d.report.fields["unit"].clone();
        assert_eq!(unit(store.get("a").unwrap().unwrap()), "甲单位");
        assert_eq!(
            unit(store.get("b").unwrap().unwrap()),
            "乙单位（之后改过）",
            "the newer one stays"
        );
        assert_eq!(unit(store.get("c").unwrap().unwrap()), "丙单位（备份时）");
        // The replaced older version is in the trash, not gone: 撤销删除 brings it back beside the restored one.
        store.restore("c").unwrap();
        let units: Vec<String> = store
            .load_all(10_000.0)
            .unwrap()
            .drafts
            .into_iter()
            .map(unit)
            .collect();
        assert!(units.contains(&"丙单位（更早）".to_owned()), "{units:?}");
        assert!(units.contains(&"丙单位（备份时）".to_owned()), "{units:?}");
        // Again: nothing to add or update.
        let again = store.restore_backup(&read).unwrap();
        assert_eq!(
            again,
            Restored {
                added: 0,
                updated: 0,
                kept: 3
            }
        );
    }

    #[test]
    fn anything_but_a_backup_is_refused_whole_with_a_reason() {
        assert!(matches!(
            read_backup("不是 JSON"),
            Err(BackupError::Json(_))
        ));
        assert_eq!(
            read_backup(r#"{"schema_version": 1}"#),
            Err(BackupError::NotABackup)
        );
        let good = serde_json::to_value(draft("a", "甲", 1.0)).unwrap();
        let file = json!({"kind": KIND, "version": 1, "drafts": [good, {"id": "x"}]}).to_string();
        let error = read_backup(&file).unwrap_err();
        assert!(matches!(error, BackupError::Draft(2, _)), "{error:?}");
        assert!(error.to_string().contains("第 2 份"), "{error}");
        let twice = format!(r#"{{"kind": "{KIND}", "kind": "{KIND}", "drafts": []}}"#);
        assert!(matches!(read_backup(&twice), Err(BackupError::Json(_))));
    }

    #[test]
    fn the_reminder_comes_after_a_week_of_changes_not_backed_up() {
        let day = DAY_MS;
        let drafts = vec![draft("a", "甲", 10.0 * day)];
        assert!(
            !needs_reminder(&drafts, None, 12.0 * day),
            "a new draft: not yet"
        );
        assert!(
            needs_reminder(&drafts, None, 18.0 * day),
            "a week on, never backed up"
        );
        assert!(
            !needs_reminder(&drafts, Some(11.0 * day), 30.0 * day),
            "nothing changed since the backup"
        );
        let changed = vec![draft("a", "甲", 20.0 * day)];
        assert!(!needs_reminder(&changed, Some(11.0 * day), 22.0 * day));
        assert!(needs_reminder(&changed, Some(11.0 * day), 28.0 * day));
        assert!(!needs_reminder(&[], None, 100.0 * day));
    }
}
