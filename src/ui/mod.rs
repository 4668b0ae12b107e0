//! Leptos components, thin over `model` and `check`. A report lives in one signal; its findings are a memo of it,
//! so every keystroke re-checks once, and each view reads only what it shows through small per-place memos.

mod editor;
pub mod embed;
pub mod export;
mod fields;
mod files;
mod import;
pub mod local_storage;
mod narrative;
mod preview;
mod reveal;
mod review;
mod start;
mod stats_table;
mod status;
mod summary;
mod worker;
mod workspace;

pub use embed::Portal;
pub use workspace::{Screen, Session, Workspace};

use crate::check::{Findings, Place};
use crate::model::history::EditKey;
use crate::model::{Report, Severity, Template};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What the editor's components share through context.
#[derive(Clone, Copy)]
pub struct Editor {
    pub template: &'static Template,
    /// The report, to read: views change it through [`Editor::change`] only, so that every change can be undone.
    pub report: ReadSignal<Report>,
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
            report: session.report(),
            findings: session.findings,
            previous: session.previous,
            session,
            compare: RwSignal::new(false),
        }
    }

    /// Changes the report, remembering it as it was for undo: typing, a paste, a fix, whatever made the change.
    ///
    /// There is one way to change the report, and nothing to tell it about who made the change: every input shows
    /// [`Editor::text_at`] its place through [`show_text`], which writes the report's text into the input only when
    /// the two differ. The writer's own keystroke leaves them equal (so the caret and an input method's composition
    /// are left alone), and any other change (undo, a paste, a fix, a portal's command) makes them differ, so the
    /// input shows it. No input can be left showing stale text by choosing the wrong call.
    pub fn change(&self, key: EditKey, change: impl FnOnce(&mut Report)) {
        self.session.change(key, change);
    }

    /// The report's text at one place (a cell, a field, a section), for [`show_text`]: it changes only when the
    /// text there does, whatever changed the report.
    pub fn text_at(
        &self,
        read: impl Fn(&Report) -> String + Send + Sync + 'static,
    ) -> Memo<String> {
        let report = self.report;
        Memo::new(move |_| report.with(&read))
    }

    pub fn undo(&self) {
        self.session.undo();
    }

    pub fn redo(&self) {
        self.session.redo();
    }

    pub fn can_undo(&self) -> bool {
        self.session.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.session.can_redo()
    }
}

/// Keeps an input (or text area) showing `text`: sets its value only when it differs from what the input holds, so
/// that what the writer is typing (the caret, a selection, an input method's composition) is never disturbed by
/// the report catching up with it.
pub(crate) fn show_text<E>(node: NodeRef<E>, text: Memo<String>)
where
    E: leptos::html::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    Effect::new(move |_| {
        let text = text.get();
        let Some(element) = node.get() else {
            return;
        };
        let element: &wasm_bindgen::JsValue = element.unchecked_ref();
        let value = wasm_bindgen::JsValue::from_str("value");
        let shown = js_sys::Reflect::get(element, &value)
            .ok()
            .and_then(|v| v.as_string());
        if shown.as_deref() != Some(text.as_str()) {
            let _ = js_sys::Reflect::set(element, &value, &text.into());
        }
    });
}

/// The app, with its own exporter: what `main` mounts.
#[component]
pub fn App() -> impl IntoView {
    view! { <AppWith portal=Portal::new() /> }
}

/// The app with its embedding given: a test sets a stand-in exporter on the portal and keeps it to call its hooks.
/// A portal without an exporter gets the app's own. The app's export workers are made here and shared through
/// context.
#[component]
pub fn AppWith(portal: Portal) -> impl IntoView {
    let workers = export::Workers::new();
    provide_context(workers);
    provide_context(import::Imports::new());
    provide_context(review::ReviewSet::new());
    if !portal.has_exporter() {
        portal.set_exporter(std::rc::Rc::new(export::AppExporter::new(workers)));
    }
    let workspace = Workspace::load(portal);
    provide_context(workspace);
    // Closing or reloading the page with work that is not in storage: the browser asks first.
    let unload = window_event_listener(leptos::ev::beforeunload, move |event| {
        if workspace.would_lose_work() {
            event.prevent_default();
            event.set_return_value("");
        }
    });
    on_cleanup(move || unload.remove());
    let screen = move || match workspace.screen.get() {
        Screen::Start => view! { <start::Start /> }.into_any(),
        Screen::Review => view! { <review::ReviewScreen /> }.into_any(),
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

/// Moves keyboard focus to an element by id and brings it into view: scrolled only when not wholly visible, by the
/// least amount (`reveal`), so that a fix or a link to an element on screen moves nothing.
pub(crate) fn focus_element(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        reveal::focus_and_reveal(&element);
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

/// The classes of a finding's element: `diagnostic` and the severity's own name (`error`, `warning`, `note`).
pub(crate) fn severity_class(severity: Severity) -> String {
    format!("diagnostic {}", severity.key())
}

/// The findings shown at one place, with the fix button where a single cell can settle it, and for a warning or a
/// note the means to answer it: 标记为已核实 with a reason, or the mark and 取消核实 once answered.
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
                let fix = d.fix.clone().filter(|_| d.verified.is_none()).map(|fix| {
                    let apply = move |_| {
                        editor.change(EditKey::Single, |r| {
                            r.set_value(editor.template, fix.cell, fix.value)
                        });
                        focus_element(&dom_id(Place::Cell(fix.cell)));
                    };
                    view! { <button type="button" class="fix" on:click=apply>{fix.label}</button> }
                });
                let class = match d.verified {
                    Some(_) => format!("{} verified", severity_class(d.severity)),
                    None => severity_class(d.severity),
                };
                let badge = match d.verified {
                    Some(_) => format!("{}（已核实）：", d.severity.word()),
                    None => format!("{}：", d.severity.word()),
                };
                let message = d.message.clone();
                view! {
                    <div class=class>
                        <p><span class="badge">{badge}</span>{message}{fix}</p>
                        <Answer diagnostic=d />
                    </div>
                }
            })
            .collect_view()
    };
    view! { <div id=id class="messages" aria-live="polite">{items}</div> }
}

/// How a warning or a note is answered: its mark (the reason, 取消核实) once marked 已核实, else the button and, once
/// pressed, the reason box. The mark itself is made and kept by the core (`check::mark_for`, `Report::verify`).
#[component]
fn Answer(diagnostic: crate::check::Diagnostic) -> impl IntoView {
    let editor = expect_context::<Editor>();
    if let Some(index) = diagnostic.verified {
        let reason = editor.report.with_untracked(|r| {
            r.verified()
                .get(index)
                .map(|m| m.reason.clone())
                .unwrap_or_default()
        });
        let undo = move |_| editor.change(EditKey::Single, |r| r.unverify(index));
        return view! {
            <p class="verified-reason">
                <span class="verified-badge">"已核实"</span>"说明：" {reason}
                <button type="button" class="unverify" on:click=undo>"取消核实"</button>
            </p>
        }
        .into_any();
    }
    let mark = editor
        .report
        .with_untracked(|r| crate::check::mark_for(editor.template, r, &diagnostic));
    let Some(mark) = mark else {
        return ().into_any();
    };
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let refused = RwSignal::new(String::new());
    let mark = StoredValue::new(mark);
    let confirm = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut mark = mark.get_value();
        mark.reason = reason.get_untracked();
        let mut result = Ok(());
        editor.change(EditKey::Single, |r| result = r.verify(mark));
        match result {
            Ok(()) => refused.set(String::new()),
            Err(error) => refused.set(format!("核实说明{error}")),
        }
    };
    view! {
        <div class="answer">
            <button type="button" class="verify" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>"标记为已核实"</button>
            <form class="verify-form" class:hidden=move || !open.get() on:submit=confirm>
                <label>"核实说明"
                    <input type="text" class="verify-reason" maxlength=crate::model::MAX_REASON_CHARS.to_string()
                        placeholder="例如：口径不同：备案案件数"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev)) />
                </label>
                <button type="submit" class="verify-confirm">"确认已核实"</button>
                <p class="diagnostic error" role="alert" class:hidden=move || refused.with(String::is_empty)>
                    {move || refused.get()}
                </p>
            </form>
        </div>
    }
    .into_any()
}
