//! Drafts: reports kept in the browser's storage between visits, under namespaced keys, read through migrations,
//! never deleted for being unreadable.
//!
//! The storage itself is a small trait, so everything here runs natively against [`MemoryStorage`]; the browser's
//! localStorage implements it in `ui::local_storage`.

pub mod backup;
pub mod import;
mod migrate;

use crate::check::check;
use crate::model::json::{parse_strict, JsonError, VersionError};
use crate::model::text::excerpt;
use crate::model::{Report, ReportError, ReportFile, Severity, Template};
use crate::templates;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

pub use migrate::{migrate, DRAFT_SCHEMA_VERSION};

/// Every key this app writes starts with this; keys of the portal that shares the origin are never touched.
pub const PREFIX: &str = "nianbao:v1:";
const DRAFT: &str = "nianbao:v1:draft:";
const QUARANTINE: &str = "nianbao:v1:quarantine:";
const TRASH: &str = "nianbao:v1:trash:";

/// Why the browser's storage refused something.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The storage is full (QuotaExceededError).
    Full,
    /// Storage is switched off or not available (private mode, a policy of the office PC).
    Unavailable(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Full => f.write_str("浏览器的本地存储空间已满，草稿未能保存"),
            StoreError::Unavailable(why) => write!(f, "浏览器不允许本网页保存数据（{why}）"),
        }
    }
}

/// A key-value store of strings, like localStorage.
pub trait Storage {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError>;
    fn remove(&mut self, key: &str) -> Result<(), StoreError>;
    fn keys(&self) -> Result<Vec<String>, StoreError>;
}

/// Storage in memory, with an optional size limit to play a full localStorage in tests.
#[derive(Clone, Debug, Default)]
pub struct MemoryStorage {
    pub entries: BTreeMap<String, String>,
    pub capacity: Option<usize>,
}

impl Storage for MemoryStorage {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.entries.get(key).cloned())
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if let Some(capacity) = self.capacity {
            let others: usize = self
                .entries
                .iter()
                .filter(|(k, _)| *k != key)
                .map(|(k, v)| k.len() + v.len())
                .sum();
            if others + key.len() + value.len() > capacity {
                return Err(StoreError::Full);
            }
        }
        self.entries.insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.entries.remove(key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.entries.keys().cloned().collect())
    }
}

/// A draft as stored: the report document with what the draft list needs to know about it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    pub schema_version: u32,
    pub id: String,
    /// A name the writer gave the draft; empty means "use the unit and year".
    #[serde(default)]
    pub name: String,
    pub created_at: f64,
    pub updated_at: f64,
    /// Incremented by every save, so that a tab can tell that another one saved in between.
    #[serde(default)]
    pub revision: u64,
    /// Last year's draft, when this one was started from it.
    #[serde(default)]
    pub previous: Option<String>,
    pub report: ReportFile,
}

impl Draft {
    pub fn new(id: String, template: &Template, report: &Report, now: f64) -> Draft {
        Draft {
            schema_version: DRAFT_SCHEMA_VERSION,
            id,
            name: String::new(),
            created_at: now,
            updated_at: now,
            revision: 0,
            previous: None,
            report: report.to_file(template),
        }
    }

    /// The draft's template and report, read as the editor reads them.
    pub fn open(&self) -> Result<(&'static Template, Report), ReportError> {
        let template = templates::by_id(&self.report.template.id)
            .ok_or_else(|| ReportError::UnknownTemplate(self.report.template.id.clone()))?;
        Ok((template, Report::from_file(template, &self.report)?))
    }

    /// What the draft list shows of a draft.
    pub fn summary(&self) -> DraftSummary {
        let opened = self.open();
        let (format, unit, year, errors) = match &opened {
            Ok((template, report)) => (
                template.name.clone(),
                report.unit_name(template).to_owned(),
                report.year(template),
                check(template, report).count(Severity::Error),
            ),
            Err(_) => (self.report.template.id.clone(), String::new(), None, 0),
        };
        let title = match (self.name.trim(), unit.as_str(), year) {
            (name, _, _) if !name.is_empty() => name.to_owned(),
            ("", "", Some(year)) => format!("{year}年度报告（未填写单位）"),
            ("", "", None) => "未命名的报告".to_owned(),
            (_, unit, Some(year)) => format!("{unit}{year}年度报告"),
            (_, unit, None) => format!("{unit}年度报告"),
        };
        DraftSummary {
            id: self.id.clone(),
            title,
            format,
            unit,
            year,
            errors,
            updated_at: self.updated_at,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct DraftSummary {
    pub id: String,
    pub title: String,
    pub format: String,
    pub unit: String,
    pub year: Option<u16>,
    pub errors: usize,
    pub updated_at: f64,
}

/// An entry under the app's draft keys that could not be read, now kept under a quarantine key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    /// Where it is kept now (the quarantine key, or its own key if it could not be moved).
    pub key: String,
    pub reason: String,
    pub bytes: usize,
}

/// What loading the drafts found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    pub drafts: Vec<Draft>,
    pub unreadable: Vec<Unreadable>,
}

/// Why a save did not happen.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveError {
    Store(StoreError),
    /// Another tab saved this draft since this tab last read or saved it; saving would overwrite its work.
    Conflict(Box<Draft>),
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::Store(error) => error.fmt(f),
            SaveError::Conflict(_) => f.write_str("这份草稿已在另一个窗口中修改并保存"),
        }
    }
}

/// The drafts in a storage.
pub struct Drafts<S: Storage> {
    pub storage: S,
}

impl<S: Storage> Drafts<S> {
    pub fn new(storage: S) -> Drafts<S> {
        Drafts { storage }
    }

    pub fn key(id: &str) -> String {
        format!("{DRAFT}{id}")
    }

    /// The stored keys that begin with `prefix` (one of this app's own).
    fn keys_under(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        let mut keys = self.storage.keys()?;
        keys.retain(|k| k.starts_with(prefix));
        Ok(keys)
    }

    /// Reads every draft, newest change first. An entry that cannot be read is moved under a quarantine key
    /// (kept, never deleted) and listed; keys outside the app's own are never read.
    pub fn load_all(&mut self, now: f64) -> Result<Loaded, StoreError> {
        let mut loaded = Loaded::default();
        for key in self.keys_under(DRAFT)? {
            let Some(text) = self.storage.get(&key)? else {
                continue;
            };
            match read_at(&key, &text) {
                Ok(draft) => loaded.drafts.push(draft),
                Err(error) => {
                    let reason = error.to_string();
                    let aside = self
                        .quarantine(&key, &text, &reason, now)
                        .unwrap_or_else(|_| Unreadable {
                            key: key.clone(),
                            reason,
                            bytes: text.len(),
                        });
                    loaded.unreadable.push(aside);
                }
            }
        }
        for key in self.keys_under(QUARANTINE)? {
            if loaded.unreadable.iter().any(|u| u.key == key) {
                continue;
            }
            let text = self.storage.get(&key)?.unwrap_or_default();
            let reason = match read_draft(&text) {
                Err(why) => format!("此前已无法读取，单独保存：{why}"),
                // Kept aside by an older version of the app, readable by this one.
                Ok(_) => "此前无法读取，单独保存；本版本已能读取，可下载后导入".to_owned(),
            };
            loaded.unreadable.push(Unreadable {
                key,
                reason,
                bytes: text.len(),
            });
        }
        crate::model::order::sort_stable_by(&mut loaded.drafts, |a, b| {
            b.updated_at.total_cmp(&a.updated_at)
        });
        Ok(loaded)
    }

    /// Moves an entry under a quarantine key of its own (never over another quarantined entry): copied first,
    /// removed after, so that if the copy does not fit the entry stays where it is and the error is returned.
    fn quarantine(
        &mut self,
        key: &str,
        text: &str,
        reason: &str,
        now: f64,
    ) -> Result<Unreadable, StoreError> {
        let id = key
            .strip_prefix(DRAFT)
            .or_else(|| key.strip_prefix(TRASH))
            .unwrap_or(key);
        let base = format!("{QUARANTINE}{id}:{}", now as u64);
        let mut aside = base.clone();
        let mut n = 1u32;
        while self.storage.get(&aside)?.is_some() {
            n += 1;
            aside = format!("{base}-{n}");
        }
        self.storage.set(&aside, text)?;
        let _ = self.storage.remove(key);
        Ok(Unreadable {
            key: aside,
            reason: reason.to_owned(),
            bytes: text.len(),
        })
    }

    /// The draft stored under this id, if there is one this build can read.
    pub fn get(&self, id: &str) -> Result<Option<Draft>, StoreError> {
        let key = Self::key(id);
        Ok(self
            .storage
            .get(&key)?
            .and_then(|text| read_at(&key, &text).ok()))
    }

    /// Saves a draft, unless that would overwrite work this tab has not seen: another tab's save since
    /// `known_revision` (the revision this tab last read or wrote; `None` for a draft this tab believes is not
    /// stored yet) is a [`SaveError::Conflict`]. An entry under the draft's key that this build cannot read (a
    /// newer version's draft, a damaged one) is never replaced: it is first moved under a quarantine key, as the
    /// loader does, and if it cannot be moved the save is refused. On success the draft's revision and time are
    /// updated.
    pub fn save(
        &mut self,
        draft: &mut Draft,
        known_revision: Option<u64>,
        now: f64,
    ) -> Result<(), SaveError> {
        self.save_keeping(draft, known_revision, now).map(|_| ())
    }

    /// [`Drafts::save`], saying what it moved aside to save: the unreadable entry that was under the draft's key.
    pub fn save_keeping(
        &mut self,
        draft: &mut Draft,
        known_revision: Option<u64>,
        now: f64,
    ) -> Result<Option<Unreadable>, SaveError> {
        let key = Self::key(&draft.id);
        let mut set_aside = None;
        // The revision an unreadable entry claims, so that a newer version's tab that saves again after this one
        // finds a revision above the one it knows, and is told, rather than overwriting this tab's work.
        let mut theirs = 0;
        if let Some(text) = self.storage.get(&key).map_err(SaveError::Store)? {
            match read_at(&key, &text) {
                Ok(stored) => {
                    if known_revision.is_none_or(|known| stored.revision > known) {
                        return Err(SaveError::Conflict(Box::new(stored)));
                    }
                }
                Err(error) => {
                    theirs = claimed_revision(&text);
                    let aside = self
                        .quarantine(&key, &text, &error.to_string(), now)
                        .map_err(SaveError::Store)?;
                    set_aside = Some(aside);
                }
            }
        }
        let mut next = draft.clone();
        next.revision = known_revision
            .unwrap_or(0)
            .max(draft.revision)
            .max(theirs)
            .saturating_add(1);
        next.updated_at = now;
        let text = serde_json::to_string(&next).expect("a draft always serialises");
        self.storage.set(&key, &text).map_err(SaveError::Store)?;
        *draft = next;
        Ok(set_aside)
    }

    /// Moves a draft to the trash, from where [`Drafts::restore`] brings it back.
    pub fn delete(&mut self, id: &str) -> Result<(), StoreError> {
        if let Some(text) = self.storage.get(&Self::key(id))? {
            self.storage.set(&format!("{TRASH}{id}"), &text)?;
            self.storage.remove(&Self::key(id))?;
        }
        Ok(())
    }

    /// Brings a deleted draft back. Never over what is under its key now (another tab may have saved the draft
    /// since it was deleted here, or a newer version's entry may be there): an unreadable entry is moved aside
    /// first, and beside a readable draft the deleted one comes back as a new draft, `<id>-2`.
    pub fn restore(&mut self, id: &str) -> Result<(), StoreError> {
        let trash = format!("{TRASH}{id}");
        let Some(text) = self.storage.get(&trash)? else {
            return Ok(());
        };
        let key = Self::key(id);
        let mut target = (key.clone(), text.clone());
        if let Some(current) = self.storage.get(&key)? {
            match (read_at(&key, &current), read_draft(&text)) {
                (Err(error), _) => {
                    self.quarantine(&key, &current, &error.to_string(), 0.0)?;
                }
                (Ok(_), Ok(mut deleted)) => {
                    deleted.id = self.vacant_id(id)?;
                    let text = serde_json::to_string(&deleted).expect("a draft always serialises");
                    target = (Self::key(&deleted.id), text);
                }
                // A deleted entry that cannot be read is kept aside, not put back over a readable draft.
                (Ok(_), Err(error)) => {
                    self.quarantine(&trash, &text, &error.to_string(), 0.0)?;
                    return Ok(());
                }
            }
        }
        self.storage.set(&target.0, &target.1)?;
        self.storage.remove(&trash)?;
        Ok(())
    }

    /// An id like `id` under which nothing is stored: `id-2`, `id-3`, ….
    fn vacant_id(&self, id: &str) -> Result<String, StoreError> {
        let mut n = 2u32;
        loop {
            let candidate = format!("{id}-{n}");
            if self.storage.get(&Self::key(&candidate))?.is_none() {
                return Ok(candidate);
            }
            n += 1;
        }
    }

    /// Empties the trash but for `keep` (the draft whose deletion can still be undone), and the import reviews of
    /// the drafts emptied with it.
    pub fn empty_trash(&mut self, keep: Option<&str>) -> Result<(), StoreError> {
        for key in self.keys_under(TRASH)? {
            if keep.is_none_or(|id| key != format!("{TRASH}{id}")) {
                self.storage.remove(&key)?;
            }
        }
        self.forget_import_notes()
    }
}

/// Why a stored draft cannot be read, in words for the writer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftError {
    /// Not JSON, or JSON with a key given twice in one object.
    Json(JsonError),
    /// No usable `schema_version`.
    NotADraft(VersionError),
    /// Saved by a newer version of the app (its draft schema version).
    Newer(u32),
    UnknownVersion(u32),
    /// The draft's own fields are missing or of the wrong type (serde's words, shortened).
    Incomplete(String),
    /// The report inside does not read with its template.
    Report(ReportError),
    /// The draft's id is not the one its storage key names.
    WrongKey(String),
}

impl fmt::Display for DraftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DraftError::Json(JsonError::Syntax(why)) => {
                write!(f, "内容已损坏，不是有效的 JSON（{why}）")
            }
            DraftError::Json(JsonError::DuplicateKey(path)) => write!(
                f,
                "内容有误：“{}”出现了不止一次，无法确定以哪一份为准",
                excerpt(path)
            ),
            DraftError::NotADraft(VersionError::Missing) => {
                f.write_str("不是本程序保存的草稿（缺少 schema_version）")
            }
            DraftError::NotADraft(error) => write!(f, "不是本程序保存的草稿（{error}）"),
            DraftError::Newer(v) => write!(
                f,
                "草稿由更新版本的程序保存（格式版本 {v}），请使用新版本打开"
            ),
            DraftError::UnknownVersion(v) => write!(f, "无法识别的草稿格式版本 {v}"),
            DraftError::Incomplete(why) => write!(f, "草稿内容不完整（{why}）"),
            DraftError::Report(error) => error.fmt(f),
            DraftError::WrongKey(id) => {
                write!(f, "草稿编号“{}”与存储位置不一致", excerpt(id))
            }
        }
    }
}

impl std::error::Error for DraftError {}

/// Reads a stored draft through the migrations, or says why it cannot be read. A key given twice in any object
/// is refused, as in a report file.
pub fn read_draft(text: &str) -> Result<Draft, DraftError> {
    let value = parse_strict(text).map_err(DraftError::Json)?;
    let draft = migrate(value)?;
    draft.open().map_err(DraftError::Report)?;
    Ok(draft)
}

/// Reads the draft stored under `key`: readable, and the draft of that key.
fn read_at(key: &str, text: &str) -> Result<Draft, DraftError> {
    let draft = read_draft(text)?;
    if Drafts::<MemoryStorage>::key(&draft.id) != key {
        return Err(DraftError::WrongKey(draft.id));
    }
    Ok(draft)
}

/// The `revision` an entry claims, readable or not; 0 when it claims none.
fn claimed_revision(text: &str) -> u64 {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|value| value.get("revision")?.as_u64())
        .unwrap_or(0)
}

/// A draft id: the time in milliseconds and a counter, in base 36, unique within a browser profile.
pub fn new_id(now: f64, salt: u32) -> String {
    let mut n = now as u64 * 1000 + u64::from(salt % 1000);
    let mut digits = Vec::new();
    while n > 0 {
        digits.push(char::from_digit((n % 36) as u32, 36).unwrap_or('0'));
        n /= 36;
    }
    digits.iter().rev().collect()
}
