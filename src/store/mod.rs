//! Drafts: reports kept in the browser's storage between visits, under namespaced keys, read through migrations,
//! never deleted for being unreadable.
//!
//! The storage itself is a small trait, so everything here runs natively against [`MemoryStorage`]; the browser's
//! localStorage implements it in `ui::local_storage`.

mod migrate;

use crate::check::check;
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

    /// Reads every draft, newest change first. An entry that cannot be read is moved under a quarantine key
    /// (kept, never deleted) and listed; keys outside the app's own are never read.
    pub fn load_all(&mut self, now: f64) -> Result<Loaded, StoreError> {
        let mut loaded = Loaded::default();
        for key in self
            .storage
            .keys()?
            .into_iter()
            .filter(|k| k.starts_with(DRAFT))
        {
            let Some(text) = self.storage.get(&key)? else {
                continue;
            };
            match read_draft(&text) {
                Ok(draft) if Self::key(&draft.id) == key => loaded.drafts.push(draft),
                Ok(draft) => loaded.unreadable.push(self.quarantine(
                    &key,
                    &text,
                    &format!("草稿编号“{}”与存储位置不一致", draft.id),
                    now,
                )),
                Err(reason) => loaded
                    .unreadable
                    .push(self.quarantine(&key, &text, &reason, now)),
            }
        }
        for key in self
            .storage
            .keys()?
            .into_iter()
            .filter(|k| k.starts_with(QUARANTINE))
        {
            if loaded.unreadable.iter().any(|u| u.key == key) {
                continue;
            }
            let bytes = self.storage.get(&key)?.map_or(0, |t| t.len());
            loaded.unreadable.push(Unreadable {
                key,
                reason: "此前已无法读取，单独保存".to_owned(),
                bytes,
            });
        }
        loaded
            .drafts
            .sort_by(|a, b| b.updated_at.total_cmp(&a.updated_at));
        Ok(loaded)
    }

    fn quarantine(&mut self, key: &str, text: &str, reason: &str, now: f64) -> Unreadable {
        let id = key.trim_start_matches(DRAFT);
        let aside = format!("{QUARANTINE}{id}:{}", now as u64);
        let bytes = text.len();
        // Copy first, remove after: if the copy does not fit, the entry stays where it is.
        match self.storage.set(&aside, text) {
            Ok(()) => {
                let _ = self.storage.remove(key);
                Unreadable {
                    key: aside,
                    reason: reason.to_owned(),
                    bytes,
                }
            }
            Err(_) => Unreadable {
                key: key.to_owned(),
                reason: reason.to_owned(),
                bytes,
            },
        }
    }

    pub fn get(&self, id: &str) -> Result<Option<Draft>, StoreError> {
        Ok(self
            .storage
            .get(&Self::key(id))?
            .and_then(|text| read_draft(&text).ok()))
    }

    /// Saves a draft over the stored one, unless another tab saved it since `known_revision` (the revision this
    /// tab last read or wrote). On success the draft's revision and time are updated.
    pub fn save(
        &mut self,
        draft: &mut Draft,
        known_revision: Option<u64>,
        now: f64,
    ) -> Result<(), SaveError> {
        if let (Some(known), Some(stored)) = (
            known_revision,
            self.get(&draft.id).map_err(SaveError::Store)?,
        ) {
            if stored.revision > known {
                return Err(SaveError::Conflict(Box::new(stored)));
            }
        }
        let mut next = draft.clone();
        next.revision = known_revision.map_or(draft.revision, |k| k.max(draft.revision)) + 1;
        next.updated_at = now;
        let text = serde_json::to_string(&next).expect("a draft always serialises");
        self.storage
            .set(&Self::key(&draft.id), &text)
            .map_err(SaveError::Store)?;
        *draft = next;
        Ok(())
    }

    /// Moves a draft to the trash, from where [`Drafts::restore`] brings it back.
    pub fn delete(&mut self, id: &str) -> Result<(), StoreError> {
        if let Some(text) = self.storage.get(&Self::key(id))? {
            self.storage.set(&format!("{TRASH}{id}"), &text)?;
            self.storage.remove(&Self::key(id))?;
        }
        Ok(())
    }

    pub fn restore(&mut self, id: &str) -> Result<(), StoreError> {
        if let Some(text) = self.storage.get(&format!("{TRASH}{id}"))? {
            self.storage.set(&Self::key(id), &text)?;
            self.storage.remove(&format!("{TRASH}{id}"))?;
        }
        Ok(())
    }

    /// Empties the trash but for `keep` (the draft whose deletion can still be undone).
    pub fn empty_trash(&mut self, keep: Option<&str>) -> Result<(), StoreError> {
        for key in self
            .storage
            .keys()?
            .into_iter()
            .filter(|k| k.starts_with(TRASH))
        {
            if keep.is_none_or(|id| key != format!("{TRASH}{id}")) {
                self.storage.remove(&key)?;
            }
        }
        Ok(())
    }
}

/// Reads a stored draft through the migrations, or says in Chinese why it cannot be read.
pub fn read_draft(text: &str) -> Result<Draft, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("内容已损坏，不是有效的 JSON（{e}）"))?;
    let draft = migrate(value)?;
    draft.open().map_err(|e| e.to_string())?;
    Ok(draft)
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
