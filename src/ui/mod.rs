//! Leptos components, thin over `model` and `check`. A report lives in one signal; its findings are a memo of it,
//! so every keystroke re-checks once, and each view reads only what it shows through small per-place memos.

mod editor;
mod fields;
mod narrative;
mod start;
mod stats_table;
mod summary;

use crate::check::{check, Findings};
use crate::model::history::{EditKey, History};
use crate::model::{Report, Severity, Template};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A report being worked on in this tab, with its undo history.
#[derive(Clone, Copy)]
pub struct Session {
    pub id: u32,
    pub template: &'static Template,
    pub report: RwSignal<Report>,
    history: RwSignal<History<Report>>,
}

impl Session {
    pub fn new(id: u32, template: &'static Template, report: Report) -> Session {
        Session {
            id,
            template,
            report: RwSignal::new(report),
            history: RwSignal::new(History::new(200)),
        }
    }
}

/// What the editor's components share through context.
#[derive(Clone, Copy)]
pub struct Editor {
    pub template: &'static Template,
    pub report: RwSignal<Report>,
    pub findings: Memo<Findings>,
    history: RwSignal<History<Report>>,
    /// Bumped by edits that did not come from typing into the input they change (undo, paste, a fix), so that
    /// inputs re-read the report only then, not on every keystroke anywhere.
    rewritten: RwSignal<u64>,
}

impl Editor {
    fn new(session: Session) -> Editor {
        let Session {
            template,
            report,
            history,
            ..
        } = session;
        let findings = Memo::new(move |_| report.with(|r| check(template, r)));
        Editor {
            template,
            report,
            findings,
            history,
            rewritten: RwSignal::new(0),
        }
    }

    /// Applies what the writer typed into an input, remembering the report as it was for undo.
    pub fn typed(&self, key: EditKey, change: impl FnOnce(&mut Report)) {
        let now = js_sys::Date::now();
        self.report
            .with_untracked(|before| self.history.update(|h| h.record(before, key, now)));
        self.report.update(change);
    }

    /// Applies an edit made other than by typing (a paste, a fix): inputs show the new text.
    pub fn edit(&self, key: EditKey, change: impl FnOnce(&mut Report)) {
        self.typed(key, change);
        self.rewritten.update(|n| *n += 1);
    }

    /// The report's text for an input: re-read when the report is rewritten, not as the writer types into it.
    pub fn text_of(&self, read: impl Fn(&Report) -> String + 'static) -> impl Fn() -> String {
        let (report, rewritten) = (self.report, self.rewritten);
        move || {
            rewritten.track();
            report.with_untracked(&read)
        }
    }

    pub fn undo(&self) {
        if let Some(before) = self
            .history
            .try_update(|h| self.report.with_untracked(|r| h.undo(r)))
            .flatten()
        {
            self.report.set(before);
            self.rewritten.update(|n| *n += 1);
        }
    }

    pub fn redo(&self) {
        if let Some(after) = self
            .history
            .try_update(|h| self.report.with_untracked(|r| h.redo(r)))
            .flatten()
        {
            self.report.set(after);
            self.rewritten.update(|n| *n += 1);
        }
    }

    pub fn can_undo(&self) -> bool {
        self.history.with(History::can_undo)
    }

    pub fn can_redo(&self) -> bool {
        self.history.with(History::can_redo)
    }
}

/// The screens of the app: the start screen, or one report open in the editor.
#[derive(Clone, Copy, PartialEq)]
enum Screen {
    Start,
    Editing(u32),
}

/// The reports open in this tab and the screen shown.
#[derive(Clone, Copy)]
pub struct Workspace {
    sessions: RwSignal<Vec<Session>>,
    screen: RwSignal<Screen>,
    owner: StoredValue<Owner>,
}

impl Workspace {
    /// Opens a report in the editor, keeping the others in this tab.
    pub fn open(&self, template: &'static Template, report: Report) {
        let id = self
            .sessions
            .with_untracked(|s| s.iter().map(|s| s.id + 1).max().unwrap_or(1));
        // Sessions outlive the screen that created them, so they belong to the app, not to a click.
        let session = self
            .owner
            .with_value(|owner| owner.with(|| Session::new(id, template, report)));
        self.sessions.update(|s| s.push(session));
        self.screen.set(Screen::Editing(id));
    }

    pub fn resume(&self, id: u32) {
        self.screen.set(Screen::Editing(id));
    }

    pub fn go_home(&self) {
        self.screen.set(Screen::Start);
    }

    pub fn sessions(&self) -> Vec<Session> {
        self.sessions.get()
    }
}

#[component]
pub fn App() -> impl IntoView {
    let workspace = Workspace {
        sessions: RwSignal::new(Vec::new()),
        screen: RwSignal::new(Screen::Start),
        owner: StoredValue::new(Owner::current().expect("the app runs inside an owner")),
    };
    provide_context(workspace);
    move || match workspace.screen.get() {
        Screen::Start => view! { <start::Start /> }.into_any(),
        Screen::Editing(id) => {
            let session = workspace
                .sessions
                .with_untracked(|s| s.iter().find(|s| s.id == id).copied());
            match session {
                Some(session) => view! { <editor::EditorScreen session /> }.into_any(),
                None => view! { <start::Start /> }.into_any(),
            }
        }
    }
}

/// Moves keyboard focus to an element by id and brings it into view.
pub(crate) fn focus_element(id: &str) {
    let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    else {
        return;
    };
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    element.scroll_into_view_with_scroll_into_view_options(&options);
    if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
}

pub(crate) fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Note => "提示",
    }
}

pub(crate) fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "diagnostic error",
        Severity::Warning => "diagnostic warning",
        Severity::Note => "diagnostic note",
    }
}

/// The findings shown at one place, with the fix button where a single cell can settle it.
#[component]
pub(crate) fn Messages(
    id: String,
    #[prop(into)] diagnostics: Signal<Vec<crate::check::Diagnostic>>,
) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let items = move || {
        diagnostics
            .get()
            .into_iter()
            .map(|d| {
                let fix = d.fix.map(|fix| {
                    let apply = move |_| {
                        editor.edit(EditKey::Single, |r| {
                            r.set_value(editor.template, fix.cell, fix.value)
                        });
                        focus_element(&format!("cell-{}", fix.cell));
                    };
                    view! { <button type="button" class="fix" on:click=apply>{fix.label}</button> }
                });
                view! {
                    <p class=severity_class(d.severity)>
                        <span class="badge">{severity_word(d.severity)} "："</span>
                        {d.message}
                        {fix}
                    </p>
                }
            })
            .collect_view()
    };
    view! { <div id=id class="messages" aria-live="polite">{items}</div> }
}
