//! The drafts of this browser and the reports open in this tab: every report is a draft, saved to localStorage
//! as it is edited, so that nothing typed is lost.

use super::embed::Portal;
use super::files::{self, DownloadError};
use super::local_storage::LocalStore;
use crate::check::{check_with_previous, Findings, Previous};
use crate::embed::SavedDraft;
use crate::export::file_name;
use crate::model::history::{EditKey, History};
use crate::model::next_year::next_year;
use crate::model::{Report, Template};
use crate::store::Storage;
use crate::store::{new_id, read_draft, Draft, DraftError, Drafts, Loaded, SaveError, StoreError};
use crate::templates;
use leptos::prelude::*;

/// Where saving a report stands, as the writer is told.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// Saved at this time (milliseconds since the epoch).
    Saved(f64),
    /// Changed; a save is scheduled.
    Pending,
    /// The browser refused the save; the report stays in memory and can be downloaded.
    Failed(StoreError),
    /// Another tab saved this draft since this one read it; nothing is saved until the writer chooses.
    Conflict(Box<Draft>),
}

/// The drafts in this browser's storage: the one handle through which the app reads and writes them, made once by
/// [`Workspace::load`] and shared by every [`Session`].
#[derive(Clone, Copy)]
pub(crate) struct Store(StoredValue<Drafts<LocalStore>>);

impl Store {
    fn new() -> Store {
        Store(StoredValue::new(Drafts::new(LocalStore)))
    }

    fn with<R>(self, use_drafts: impl FnOnce(&mut Drafts<LocalStore>) -> R) -> R {
        let mut use_drafts = Some(use_drafts);
        self.0
            .try_update_value(|drafts| (use_drafts.take().expect("called once"))(drafts))
            .unwrap_or_else(|| {
                // Only after the app was unmounted (a last flush on the way out): the storage is the same, the
                // handle is gone, so a new one over the same storage does the write rather than dropping it.
                (use_drafts.take().expect("called once"))(&mut Drafts::new(LocalStore))
            })
    }

    fn get(self, id: &str) -> Result<Option<Draft>, StoreError> {
        self.with(|drafts| drafts.get(id))
    }

    fn save(self, draft: &mut Draft, known_revision: Option<u64>) -> Result<(), SaveError> {
        self.with(|drafts| drafts.save(draft, known_revision, now()))
    }
}

/// A report open in this tab: its draft in storage, its undo history, and last year's report when it was
/// started from one.
///
/// The report is read through [`Session::report`] and changed only through [`Session::change`] (and undo, redo and
/// the choices after a conflict, which go through the same step), so that every change can be undone and every
/// view, inputs included, follows it: an input shows the report's text at its place and compares it with its own
/// (see `Editor::text_at`), so no change can leave one stale, whoever made it.
#[derive(Clone, Copy)]
pub struct Session {
    pub template: &'static Template,
    report: RwSignal<Report>,
    history: RwSignal<History<Report>>,
    /// The draft as last saved (or read) by this tab.
    pub draft: StoredValue<Draft>,
    pub save_state: RwSignal<SaveState>,
    pub previous: StoredValue<Option<(&'static Template, Report)>>,
    /// The checker's findings on the report, against last year's where there is one; one computation per change
    /// serves the editor and an embedding portal alike.
    pub findings: Memo<Findings>,
    store: Store,
    portal: Portal,
}

impl Session {
    pub fn id(&self) -> String {
        self.draft.with_value(|d| d.id.clone())
    }

    /// The report, to read (and track).
    pub fn report(&self) -> ReadSignal<Report> {
        self.report.read_only()
    }

    /// Records the report as it is for undo, then changes it: the one way to change the report.
    pub fn change(&self, key: EditKey, change: impl FnOnce(&mut Report)) {
        let now = js_sys::Date::now();
        self.report
            .with_untracked(|before| self.history.update(|h| h.record(before, key, now)));
        self.report.update(change);
    }

    /// Replaces the whole report (undoably).
    pub fn replace(&self, report: Report) {
        self.change(EditKey::Single, |r| *r = report);
    }

    pub fn undo(&self) {
        self.step(History::undo);
    }

    pub fn redo(&self) {
        self.step(History::redo);
    }

    /// Undo and redo: the history gives the report to go back (or forward) to, in exchange for the current one.
    fn step(&self, step: fn(&mut History<Report>, &Report) -> Option<Report>) {
        let moved = self
            .history
            .try_update(|h| self.report.with_untracked(|r| step(h, r)))
            .flatten();
        if let Some(report) = moved {
            self.report.set(report);
        }
    }

    pub fn can_undo(&self) -> bool {
        self.history.with(History::can_undo)
    }

    pub fn can_redo(&self) -> bool {
        self.history.with(History::can_redo)
    }

    /// Whether what is on screen is not (or not yet) in the browser's storage: a save failed, is waiting for the
    /// writer after another tab's save, or has not run yet (tracks the save state).
    pub fn unsaved(&self) -> bool {
        !matches!(self.save_state.get(), SaveState::Saved(_))
    }

    /// Saves the report now if it changed since the last save. Refuses to overwrite another tab's newer save.
    pub fn save_now(&self) {
        if matches!(self.save_state.get_untracked(), SaveState::Conflict(_)) {
            return;
        }
        let file = self.report.with_untracked(|r| r.to_file(self.template));
        let mut draft = self.draft.get_value();
        let unchanged =
            draft.report == file && matches!(self.save_state.get_untracked(), SaveState::Saved(_));
        if unchanged {
            return;
        }
        draft.report = file;
        let known = draft.revision;
        let saved = self.store.save(&mut draft, Some(known));
        self.store_result(saved, draft);
    }

    /// Saves over whatever another tab saved, after the writer chose to keep this tab's version.
    pub fn overwrite(&self, theirs: &Draft) {
        let mut draft = self.draft.get_value();
        draft.report = self.report.with_untracked(|r| r.to_file(self.template));
        let saved = self.store.save(&mut draft, Some(theirs.revision));
        self.store_result(saved, draft);
    }

    /// Takes the version another tab saved, after the writer chose it (undoably).
    pub fn take_theirs(&self, theirs: Draft) {
        if let Ok((_, report)) = theirs.open() {
            self.replace(report);
            let saved_at = theirs.updated_at;
            self.draft.set_value(theirs);
            self.save_state.set(SaveState::Saved(saved_at));
        }
    }

    fn store_result(&self, result: Result<(), SaveError>, draft: Draft) {
        match result {
            Ok(()) => {
                let saved_at = draft.updated_at;
                self.draft.set_value(draft);
                self.save_state.set(SaveState::Saved(saved_at));
                self.announce_saved();
            }
            Err(SaveError::Conflict(theirs)) => self.save_state.set(SaveState::Conflict(theirs)),
            Err(SaveError::Store(error)) => self.save_state.set(SaveState::Failed(error)),
        }
    }

    /// Tells an embedding portal that the draft was saved.
    fn announce_saved(&self) {
        self.draft.with_value(|draft| {
            self.portal.notify_saved(&SavedDraft {
                draft_id: draft.id.clone(),
                updated_at: iso_time(draft.updated_at),
            })
        });
    }

    /// What the draft list would call the report as it is now ("<unit><year>年度报告", or its name).
    pub fn title(&self) -> String {
        let file = self.report.with(|r| r.to_file(self.template));
        self.draft.with_value(|draft| {
            let mut now = draft.clone();
            now.report = file;
            now.summary().title
        })
    }

    /// The report as a file of the documented format, named after the unit and year.
    pub fn download_json(&self) -> Result<(), DownloadError> {
        let json = self
            .report
            .with_untracked(|r| r.to_file(self.template).to_json());
        let name = self
            .report
            .with_untracked(|r| file_name(self.template, r, "json"));
        files::download(&name, "application/json", json.as_bytes())
    }
}

/// The checker's findings on the report (tracks it), against last year's where there is one.
fn check(
    template: &'static Template,
    report: ReadSignal<Report>,
    previous: StoredValue<Option<(&'static Template, Report)>>,
) -> Findings {
    report.with(|r| {
        previous.with_value(|last| {
            let last = last
                .as_ref()
                .map(|(template, report)| Previous { template, report });
            check_with_previous(template, r, last)
        })
    })
}

pub fn now() -> f64 {
    js_sys::Date::now()
}

/// Milliseconds since the epoch as an RFC 3339 timestamp (UTC).
fn iso_time(ms: f64) -> String {
    String::from(js_sys::Date::new(&ms.into()).to_iso_string())
}

/// The screens of the app: the start screen with the drafts, or one report in the editor.
#[derive(Clone, PartialEq)]
pub enum Screen {
    Start,
    Editing(String),
    /// 汇总审核: the supervising office's review of many units' reports (`ui/review.rs`).
    Review,
}

/// Something to tell the writer on the start screen, with an undo where one applies.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Info(String),
    Problem(String),
    Deleted { id: String, title: String },
}

/// The drafts in this browser and the reports open in this tab.
#[derive(Clone, Copy)]
pub struct Workspace {
    sessions: RwSignal<Vec<Session>>,
    pub screen: RwSignal<Screen>,
    pub listing: RwSignal<Loaded>,
    /// Why the draft list could not be read, if it could not.
    pub storage_problem: RwSignal<Option<String>>,
    pub notice: RwSignal<Option<Notice>>,
    /// The embedding's side of the app: exporter and connections to a portal.
    pub(crate) portal: Portal,
    store: Store,
    /// Counts the backups made in this tab, so that the reminder goes once one is made.
    backup_seen: RwSignal<u32>,
    owner: StoredValue<Owner>,
    counter: StoredValue<u32>,
}

impl Workspace {
    /// The workspace of this tab, with the drafts read from storage.
    pub fn load(portal: Portal) -> Workspace {
        let workspace = Workspace {
            sessions: RwSignal::new(Vec::new()),
            screen: RwSignal::new(Screen::Start),
            listing: RwSignal::new(Loaded::default()),
            storage_problem: RwSignal::new(None),
            notice: RwSignal::new(None),
            portal,
            store: Store::new(),
            backup_seen: RwSignal::new(0),
            owner: StoredValue::new(Owner::current().expect("the app runs inside an owner")),
            counter: StoredValue::new(0),
        };
        workspace.refresh();
        workspace
    }

    /// Re-reads the draft list from storage.
    pub fn refresh(&self) {
        match self.store.with(|drafts| drafts.load_all(now())) {
            Ok(loaded) => {
                self.listing.set(loaded);
                self.storage_problem.set(None);
            }
            Err(error) => self.storage_problem.set(Some(error.to_string())),
        }
    }

    fn next_id(&self) -> String {
        self.counter.update_value(|n| *n += 1);
        new_id(now(), self.counter.get_value())
    }

    /// Starts a new draft and opens it; its id.
    pub fn create(
        &self,
        template: &'static Template,
        report: Report,
        previous: Option<String>,
    ) -> String {
        let mut draft = Draft::new(self.next_id(), template, &report, now());
        draft.previous = previous;
        let saved = self.store.save(&mut draft, None);
        let session = self.session_for(template, report, draft);
        match saved {
            Ok(()) => session.announce_saved(),
            Err(error) => session.save_state.set(match error {
                SaveError::Store(error) => SaveState::Failed(error),
                SaveError::Conflict(theirs) => SaveState::Conflict(theirs),
            }),
        }
        let id = session.id();
        self.screen.set(Screen::Editing(id.clone()));
        id
    }

    /// Opens a report kept across a reload: into its draft while storage still holds the revision this tab knew,
    /// else as a new draft, so that neither version is lost. What differs from storage is saved at once.
    pub fn reopen(&self, id: &str, revision: u64, template: &'static Template, report: Report) {
        let stored = self.store.get(id).ok().flatten();
        let same =
            stored.is_some_and(|d| d.revision == revision && d.report.template.id == template.id);
        if !same {
            self.create(template, report, None);
            return;
        }
        self.open(id);
        if let Some(session) = self.session(id) {
            if session.report().with_untracked(|r| *r != report) {
                session.replace(report);
                session.save_state.set(SaveState::Pending);
                session.save_now();
            }
        }
    }

    fn session_for(&self, template: &'static Template, report: Report, draft: Draft) -> Session {
        let previous = draft.previous.as_ref().and_then(|id| {
            let draft = self.store.get(id).ok().flatten()?;
            draft.open().ok()
        });
        let saved_at = draft.updated_at;
        // Sessions outlive the screen that created them, so they belong to the app, not to a click.
        let (store, portal) = (self.store, self.portal);
        let session = self.owner.with_value(|owner| {
            owner.with(|| {
                let report = RwSignal::new(report);
                let previous = StoredValue::new(previous);
                let findings = Memo::new(move |_| check(template, report.read_only(), previous));
                // A 已核实 mark whose figures changed answers nothing any more: it is dropped from the report (not
                // as an edit of its own: undoing the change that made it stale brings it back with the figures).
                Effect::new(move |_| {
                    let stale = findings.with(|f| f.stale.clone());
                    if !stale.is_empty() {
                        report.update(|r| {
                            r.drop_verified(&stale);
                        });
                    }
                });
                Session {
                    template,
                    report,
                    history: RwSignal::new(History::new(200)),
                    draft: StoredValue::new(draft),
                    save_state: RwSignal::new(SaveState::Saved(saved_at)),
                    previous,
                    findings,
                    store,
                    portal,
                }
            })
        });
        self.sessions.update(|s| s.push(session));
        session
    }

    /// Opens a draft: the one already open in this tab, or a fresh read from storage.
    pub fn open(&self, id: &str) {
        if self.session(id).is_none() {
            let draft = match self.store.get(id) {
                Ok(Some(draft)) => draft,
                Ok(None) => {
                    return self.problem("找不到这份草稿，可能已在另一个窗口中删除".to_owned())
                }
                Err(error) => return self.problem(error.to_string()),
            };
            match draft.open() {
                Ok((template, report)) => {
                    self.session_for(template, report, draft);
                }
                Err(error) => return self.problem(format!("无法打开这份草稿：{error}")),
            }
        }
        self.notice.set(None);
        self.screen.set(Screen::Editing(id.to_owned()));
    }

    /// The report open in the editor, if one is (tracks the screen).
    pub fn current(&self) -> Option<Session> {
        match self.screen.get() {
            Screen::Start | Screen::Review => None,
            Screen::Editing(id) => self.session(&id),
        }
    }

    pub fn session(&self, id: &str) -> Option<Session> {
        self.sessions
            .with_untracked(|s| s.iter().find(|s| s.id() == id).copied())
    }

    /// Closes a report in this tab without saving it (its draft stays as stored).
    pub fn forget(&self, id: &str) {
        self.sessions.update(|s| s.retain(|s| s.id() != id));
    }

    /// The reports open in this tab whose content is not in storage (a save failed, or waits after another tab's),
    /// newest first: the start screen lists them until they are saved or discarded (tracks them).
    pub fn unsaved(&self) -> Vec<Session> {
        let mut unsaved: Vec<Session> = self
            .sessions
            .get()
            .into_iter()
            .filter(Session::unsaved)
            .collect();
        unsaved.reverse();
        unsaved
    }

    /// Whether leaving the page now would lose anything: every open report is saved first where it can be.
    pub fn would_lose_work(&self) -> bool {
        self.save_all();
        untrack(|| !self.unsaved().is_empty())
    }

    /// Drops a report's unsaved content from this tab, at the writer's explicit word; its draft in storage (an
    /// older version, if any) stays.
    pub fn discard(&self, id: &str) {
        self.forget(id);
        self.notice.set(Some(Notice::Info(
            "已放弃这份报告未保存的内容。".to_owned(),
        )));
        self.refresh();
    }

    /// Back to the start screen, with every open report saved first.
    pub fn go_home(&self) {
        self.save_all();
        self.refresh();
        self.screen.set(Screen::Start);
    }

    /// Saves every report open in this tab that changed since its last save.
    pub fn save_all(&self) {
        for session in self.sessions.get_untracked() {
            session.save_now();
        }
    }

    fn problem(&self, message: String) {
        self.notice.set(Some(Notice::Problem(message)));
    }

    fn drafts_changed(&self) {
        self.refresh();
    }

    /// Moves a draft to the trash; the notice offers to undo.
    pub fn delete(&self, id: &str, title: String) {
        let result = self
            .store
            .with(|drafts| drafts.empty_trash(None).and_then(|()| drafts.delete(id)));
        match result {
            Ok(()) => {
                self.sessions.update(|s| s.retain(|s| s.id() != id));
                self.notice.set(Some(Notice::Deleted {
                    id: id.to_owned(),
                    title,
                }));
            }
            Err(error) => self.problem(error.to_string()),
        }
        self.drafts_changed();
    }

    /// 备份全部草稿: every draft as one file, downloaded; remembered as the last backup.
    pub fn backup_all(&self) {
        let drafts = self.listing.with_untracked(|l| l.drafts.clone());
        let at = now();
        let date = js_sys::Date::new(&at.into());
        let name = format!(
            "年度报告草稿备份-{}{:02}{:02}.json",
            date.get_full_year(),
            date.get_month() + 1,
            date.get_date()
        );
        let file = crate::store::backup::backup(&drafts, at);
        match files::download(&name, "application/json", file.as_bytes()) {
            Ok(()) => {
                let _ = self.store.with(|d| d.backed_up(at));
                self.backup_seen.update(|n| *n += 1);
                self.notice.set(Some(Notice::Info(format!(
                    "已下载备份文件“{name}”（{} 份草稿）。请把它保存到浏览器以外的地方，例如 U 盘或单位的共享文件夹。",
                    drafts.len()
                ))));
            }
            Err(error) => self.problem(format!("备份失败：{error}")),
        }
    }

    /// Restores a backup file's drafts (never over a newer version); a file that cannot be read changes nothing.
    pub fn restore_backup(&self, text: &str) -> bool {
        let drafts = match crate::store::backup::read_backup(text) {
            Ok(drafts) => drafts,
            // Not a backup: the import reads it as a report or a draft, and says why if it cannot.
            Err(
                crate::store::backup::BackupError::NotABackup
                | crate::store::backup::BackupError::Json(_),
            ) => return false,
            Err(error) => {
                self.problem(format!("{error}。未做任何更改。"));
                return true;
            }
        };
        match self.store.with(|d| d.restore_backup(&drafts)) {
            Ok(restored) => self.notice.set(Some(Notice::Info(format!("{restored}。")))),
            Err(error) => self.problem(format!("恢复失败：{error}")),
        }
        self.drafts_changed();
        true
    }

    /// Whether to remind the writer to back up (tracks the draft list and backups made).
    pub fn backup_due(&self) -> bool {
        self.backup_seen.track();
        let last = self.store.with(|d| d.last_backup());
        self.listing
            .with(|l| crate::store::backup::needs_reminder(&l.drafts, last, now()))
    }

    pub fn restore(&self, id: &str) {
        match self.store.with(|drafts| drafts.restore(id)) {
            Ok(()) => self
                .notice
                .set(Some(Notice::Info("已恢复删除的草稿。".to_owned()))),
            Err(error) => self.problem(error.to_string()),
        }
        self.drafts_changed();
    }

    pub fn rename(&self, id: &str, name: &str) {
        let result = match self.store.get(id) {
            Ok(Some(mut draft)) => {
                draft.name = name.trim().to_owned();
                let known = draft.revision;
                self.store
                    .save(&mut draft, Some(known))
                    .map(|()| draft)
                    .map_err(|e| e.to_string())
            }
            Ok(None) => Err("找不到这份草稿".to_owned()),
            Err(error) => Err(error.to_string()),
        };
        match result {
            Ok(draft) => {
                if let Some(session) = self.session(id) {
                    session.draft.update_value(|d| {
                        d.name = draft.name.clone();
                        d.revision = draft.revision;
                    });
                }
            }
            Err(message) => self.problem(message),
        }
        self.drafts_changed();
    }

    pub fn duplicate(&self, id: &str) {
        let copied = self.store.get(id).ok().flatten().map(|original| {
            let mut copy = original.clone();
            copy.id = self.next_id();
            copy.revision = 0;
            copy.created_at = now();
            let title = original.summary().title;
            copy.name = format!("{title}（副本）");
            self.store.save(&mut copy, None)
        });
        match copied {
            Some(Ok(())) => self
                .notice
                .set(Some(Notice::Info("已复制草稿。".to_owned()))),
            Some(Err(error)) => self.problem(error.to_string()),
            None => self.problem("找不到这份草稿".to_owned()),
        }
        self.drafts_changed();
    }

    /// Downloads a stored draft as a report file.
    pub fn export(&self, id: &str) {
        let result = match self.store.get(id) {
            Ok(Some(draft)) => {
                draft
                    .open()
                    .map_err(|e| e.to_string())
                    .and_then(|(template, report)| {
                        let name = file_name(template, &report, "json");
                        files::download(
                            &name,
                            "application/json",
                            report.to_file(template).to_json().as_bytes(),
                        )
                        .map_err(|e| e.to_string())
                    })
            }
            Ok(None) => Err("找不到这份草稿".to_owned()),
            Err(error) => Err(error.to_string()),
        };
        if let Err(message) = result {
            self.problem(message);
        }
    }

    /// Downloads an entry that could not be read, exactly as stored, so that someone can rescue it.
    pub fn export_unreadable(&self, key: &str) {
        match self.store.with(|drafts| drafts.storage.get(key)) {
            Ok(Some(text)) => {
                let name = files::safe_file_name(&format!("{key}.txt"));
                if let Err(error) = files::download(&name, "text/plain", text.as_bytes()) {
                    self.problem(error.to_string());
                }
            }
            Ok(None) => self.problem("这份数据已不在浏览器中".to_owned()),
            Err(error) => self.problem(error.to_string()),
        }
    }

    /// Imports a report file as a new draft. A file that cannot be read changes nothing.
    pub fn import(&self, file_name: &str, text: &str) {
        // A backup of every draft is restored as such.
        if self.restore_backup(text) {
            return;
        }
        match templates::read_report(text) {
            Ok((template, report)) => {
                self.create(template, report, None);
            }
            Err(error) => {
                // A stored draft (rather than a report file) is accepted too.
                match read_draft(text).and_then(|d| d.open().map_err(DraftError::Report)) {
                    Ok((template, report)) => {
                        self.create(template, report, None);
                    }
                    Err(_) => self.problem(format!(
                        "文件“{file_name}”无法导入：{error}。未做任何更改。"
                    )),
                }
            }
        }
    }

    /// Starts next year's report from a draft: header and narrative copied, carried-over figures set.
    pub fn start_next_year(&self, id: &str) {
        let opened = self.store.get(id).ok().flatten().map(|draft| draft.open());
        match opened {
            Some(Ok((last_template, last))) => {
                let year = last.year(last_template).map(|y| y + 1);
                let template = year.and_then(templates::for_year).unwrap_or(last_template);
                let report = next_year(last_template, &last, template);
                self.create(template, report, Some(id.to_owned()));
            }
            Some(Err(error)) => self.problem(error.to_string()),
            None => self.problem("找不到这份草稿".to_owned()),
        }
    }
}
