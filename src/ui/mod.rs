//! Leptos components, thin over `model` and `check`. A report lives in one signal; its findings are a memo of it,
//! so every keystroke re-checks once, and each view reads only what it shows through small per-place memos.

mod editor;
pub mod embed;
pub mod export;
mod fields;
mod files;
pub mod local_storage;
mod narrative;
mod preview;
mod start;
mod stats_table;
mod summary;
mod workspace;

pub use workspace::{Screen, Session, Workspace};

use crate::check::{Findings, Place};
use crate::model::history::{EditKey, History};
use crate::model::{Report, Severity, Template};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What the editor's components share through context.
#[derive(Clone, Copy)]
pub struct Editor {
    pub template: &'static Template,
    pub report: RwSignal<Report>,
    pub findings: Memo<Findings>,
    /// Last year's report, when this one was started from it.
    pub previous: StoredValue<Option<(&'static Template, Report)>>,
    session: Session,
    /// Whether the tables show last year's figures beside this year's.
    pub compare: RwSignal<bool>,
}

impl Editor {
    fn new(session: Session) -> Editor {
        Editor {
            template: session.template,
            report: session.report,
            findings: session.findings,
            previous: session.previous,
            session,
            compare: RwSignal::new(false),
        }
    }

    /// Applies what the writer typed into an input, remembering the report as it was for undo.
    pub fn typed(&self, key: EditKey, change: impl FnOnce(&mut Report)) {
        self.session.change(key, change);
    }

    /// Applies an edit made other than by typing (a paste, a fix): inputs show the new text.
    pub fn edit(&self, key: EditKey, change: impl FnOnce(&mut Report)) {
        self.typed(key, change);
        self.session.rewritten.update(|n| *n += 1);
    }

    /// The report's text for an input: re-read when the report is rewritten, not as the writer types into it.
    pub fn text_of(&self, read: impl Fn(&Report) -> String + 'static) -> impl Fn() -> String {
        let (report, rewritten) = (self.report, self.session.rewritten);
        move || {
            rewritten.track();
            report.with_untracked(&read)
        }
    }

    pub fn undo(&self) {
        if let Some(before) = self
            .session
            .history
            .try_update(|h| self.report.with_untracked(|r| h.undo(r)))
            .flatten()
        {
            self.report.set(before);
            self.session.rewritten.update(|n| *n += 1);
        }
    }

    pub fn redo(&self) {
        if let Some(after) = self
            .session
            .history
            .try_update(|h| self.report.with_untracked(|r| h.redo(r)))
            .flatten()
        {
            self.report.set(after);
            self.session.rewritten.update(|n| *n += 1);
        }
    }

    pub fn can_undo(&self) -> bool {
        self.session.history.with(History::can_undo)
    }

    pub fn can_redo(&self) -> bool {
        self.session.history.with(History::can_redo)
    }
}

#[component]
pub fn App() -> impl IntoView {
    let workspace = Workspace::load();
    provide_context(workspace);
    let screen = move || match workspace.screen.get() {
        Screen::Start => view! { <start::Start /> }.into_any(),
        Screen::Editing(id) => match workspace.session(&id) {
            Some(session) => view! { <editor::EditorScreen session /> }.into_any(),
            None => view! { <start::Start /> }.into_any(),
        },
    };
    view! {
        <embed::Embedding workspace />
        {screen}
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

/// The DOM id of where a place is edited (a cell's or field's input, a section's text area, a table's title):
/// the one function that makes them, so that the summary's links and the fix buttons find their targets.
pub(crate) fn dom_id(place: Place) -> String {
    match place {
        Place::Cell(cell) => format!("cell-{cell}"),
        Place::Field(field) => format!("field-{field}"),
        Place::Section(section) => format!("section-{section}"),
        Place::Table(table) => format!("table-{table}-title"),
    }
}

/// The DOM id of the findings shown at a place.
pub(crate) fn messages_dom_id(place: Place) -> String {
    match place {
        Place::Table(table) => format!("table-{table}-messages"),
        _ => format!("{}-messages", dom_id(place)),
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
                        focus_element(&dom_id(Place::Cell(fix.cell)));
                    };
                    view! { <button type="button" class="fix" on:click=apply>{fix.label}</button> }
                });
                view! {
                    <p class=severity_class(d.severity)>
                        <span class="badge">{d.severity.word()} "："</span>
                        {d.message}
                        {fix}
                    </p>
                }
            })
            .collect_view()
    };
    view! { <div id=id class="messages" aria-live="polite">{items}</div> }
}
