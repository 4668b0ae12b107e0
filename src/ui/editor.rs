//! The editor screen: the whole report in document order, with the summary of findings beside it.

use super::fields::FieldGroup;
use super::files::DownloadError;
use super::narrative::NarrativeSection;
use super::start::local_time;
use super::stats_table::StatsTable;
use super::summary::Summary;
use super::workspace::SaveState;
use super::{Editor, Session, Workspace};
use crate::model::{Block, FieldIndex, Severity};
use crate::store::{read_draft, Drafts};
use leptos::ev;
use leptos::prelude::*;

#[component]
pub fn EditorScreen(session: Session) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let editor = Editor::new(session);
    provide_context(editor);
    let template = editor.template;

    // Ctrl+Z / Ctrl+Y (and Ctrl+Shift+Z) anywhere on the page undo and redo the report's edits.
    let keys = window_event_listener(ev::keydown, move |event| {
        if !(event.ctrl_key() || event.meta_key()) || event.alt_key() {
            return;
        }
        match event.key().to_lowercase().as_str() {
            "z" if event.shift_key() => editor.redo(),
            "z" => editor.undo(),
            "y" => editor.redo(),
            _ => return,
        }
        event.prevent_default();
    });
    on_cleanup(move || keys.remove());
    super::reveal::reveal_on_focus();
    autosave(session);

    // Leaving asks first when the report is not in storage: it stays in this tab (listed on the start screen), but
    // the writer should know, and can download it.
    let leaving = RwSignal::new(false);
    let leave = move |_| {
        session.save_now();
        if session
            .save_state
            .with_untracked(|s| matches!(s, SaveState::Saved(_)))
        {
            workspace.go_home();
        } else {
            leaving.set(true);
        }
    };

    let title = move || {
        editor
            .report
            .with(|r| crate::export::document::title(template, r))
    };
    let header: Vec<FieldIndex> = template.header.clone();
    let blocks = template.blocks.iter().map(render_block).collect_view();
    let previewing = RwSignal::new(false);
    // An example opened from the start screen says so until the writer changes it (then it is their draft).
    let example = Memo::new(move |_| {
        editor
            .report
            .with(|r| crate::templates::unedited_example(template, r).is_some())
    });
    let errors = move || editor.findings.with(|f| f.count(Severity::Error));
    let warnings = move || editor.findings.with(|f| f.count(Severity::Warning));

    view! {
        // One layout for every report, pinned at the top: the title and the save status on the first line, the
        // editing tools and the exports on the second (style/main.css, `.editor-masthead`).
        <header class="masthead editor-masthead">
            <div class="masthead-text">
                <h1 title=title>{title}</h1>
                <span class="example-badge" class:hidden=move || !example.get()
                    title="这是内置示例，修改后即成为您的草稿">"示例"</span>
                <p class="format">{template.name.clone()}</p>
            </div>
            <div class="masthead-status">
                <SaveStatus session />
                <button type="button" class="home" on:click=leave>"返回首页"</button>
            </div>
            <nav class="toolbar" aria-label="编辑操作">
                <span class="status-counts" aria-live="polite">
                    <span class="count-error">"错误 " {errors}</span>
                    <span class="count-warning">"警告 " {warnings}</span>
                </span>
                <button type="button" aria-pressed=move || previewing.get().to_string()
                    on:click=move |_| previewing.update(|on| *on = !*on)>
                    {move || if previewing.get() { "返回编辑" } else { "预览" }}
                </button>
                <button type="button" on:click=move |_| editor.undo() disabled=move || !editor.can_undo()
                    title="撤销（Ctrl+Z）">"撤销"</button>
                <button type="button" on:click=move |_| editor.redo() disabled=move || !editor.can_redo()
                    title="重做（Ctrl+Y）">"重做"</button>
                {editor.previous.with_value(Option::is_some).then(|| view! {
                    <button type="button" aria-pressed=move || editor.compare.get().to_string()
                        on:click=move |_| editor.compare.update(|on| *on = !*on)>"对照上年数据"</button>
                })}
            </nav>
            <super::export::ExportBar />
            <LeaveDialog session open=leaving />
        </header>
        <main class="workspace">
            <Show when=move || previewing.get()>
                <super::preview::Preview />
            </Show>
            <article class="document" class:hidden=move || previewing.get() aria-label="报告内容">
                <super::import::ReviewPanel />
                <FieldGroup fields=header title="基本信息".to_owned() />
                {blocks}
            </article>
            <Summary />
        </main>
    }
}

fn render_block(block: &Block) -> AnyView {
    match block {
        Block::Narrative(section) => view! { <NarrativeSection section=*section /> }.into_any(),
        Block::Heading { title, level } => match level {
            1 => view! { <h2 class="block-heading">{title.clone()}</h2> }.into_any(),
            _ => view! { <h3 class="block-heading">{title.clone()}</h3> }.into_any(),
        },
        Block::Table(table) => view! { <StatsTable table=*table /> }.into_any(),
        Block::Fields(fields) => {
            view! { <FieldGroup fields=fields.clone() title=String::new() /> }.into_any()
        }
    }
}

/// How long after the last change the draft is saved: a pause in typing.
const SAVE_DELAY: f64 = 500.0;
/// The longest a change waits for that pause while the writer keeps typing (milliseconds): a crash of the tab or
/// the PC during steady typing loses at most about this much. A save writes the whole report to localStorage
/// (about a millisecond for a full report), so once a second costs nothing noticeable.
const SAVE_MAX_WAIT: f64 = 1000.0;

/// Saves the draft shortly after each change (a debounce with a maximum wait), at once when the page is hidden or
/// closed, and watches for another tab saving the same draft.
///
/// The timer is written here rather than taken from leptos-use's `use_debounce_fn_with_options` (which has a
/// `max_wait`): it is a dozen lines, it shares its state with the flush on hiding the page, and the dependency
/// would add to the first load for nothing else.
fn autosave(session: Session) {
    let timer = StoredValue::new(None::<TimeoutHandle>);
    // When the oldest change not yet saved was made.
    let waiting_since = StoredValue::new(None::<f64>);
    let flush = move || {
        if let Some(handle) = timer.try_get_value().flatten() {
            handle.clear();
            timer.set_value(None);
        }
        waiting_since.try_set_value(None);
        session.save_now();
    };
    Effect::watch(
        move || session.report().track(),
        move |_, _, _| {
            if !matches!(session.save_state.get_untracked(), SaveState::Conflict(_)) {
                session.save_state.set(SaveState::Pending);
            }
            if let Some(handle) = timer.get_value() {
                handle.clear();
            }
            let now = js_sys::Date::now();
            let since = waiting_since.get_value().unwrap_or(now);
            waiting_since.set_value(Some(since));
            let due = (now + SAVE_DELAY).min(since + SAVE_MAX_WAIT);
            let delay = std::time::Duration::from_millis((due - now).max(0.0) as u64);
            timer.set_value(set_timeout_with_handle(flush, delay).ok());
        },
        false,
    );
    let hide = window_event_listener(ev::pagehide, move |_| flush());
    let visibility = window_event_listener(ev::visibilitychange, move |_| {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
        if hidden {
            flush();
        }
    });
    // Another tab wrote this draft: stop saving over it until the writer chooses.
    let other_tab = window_event_listener(ev::storage, move |event| {
        let ours = Drafts::<crate::ui::local_storage::LocalStore>::key(&session.id());
        if event.key().as_deref() != Some(ours.as_str()) {
            return;
        }
        let Some(theirs) = event.new_value().and_then(|text| read_draft(&text).ok()) else {
            return;
        };
        if theirs.revision > session.draft.with_value(|d| d.revision) {
            session
                .save_state
                .set(SaveState::Conflict(Box::new(theirs)));
        }
    });
    on_cleanup(move || {
        flush();
        hide.remove();
        visibility.remove();
        other_tab.remove();
    });
}

/// Asked when the writer goes back to the start screen while the report is not saved in the browser: download it,
/// leave it in this tab (the start screen lists it), or go on editing.
#[component]
fn LeaveDialog(session: Session, open: RwSignal<bool>) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        let open = open.get();
        let Some(dialog) = dialog.get() else {
            return;
        };
        if open && !dialog.open() {
            let _ = dialog.show_modal();
        } else if !open && dialog.open() {
            dialog.close();
        }
    });
    let download_problem = RwSignal::new(None::<DownloadError>);
    let why = move || match session.save_state.get() {
        SaveState::Failed(error) => format!("{error}。"),
        SaveState::Conflict(_) => {
            "这份草稿已在另一个窗口中修改，为避免覆盖，本窗口的内容没有保存。".to_owned()
        }
        SaveState::Pending | SaveState::Saved(_) => String::new(),
    };
    let go_home = move || {
        open.set(false);
        workspace.go_home();
    };
    let download = move |_| match session.download_json() {
        Ok(()) => go_home(),
        Err(error) => download_problem.set(Some(error)),
    };
    let problem = move || {
        download_problem
            .get()
            .map(|error| view! { <p class="dialog-problem" role="alert">"下载失败：" {error.to_string()}</p> })
    };
    view! {
        <dialog node_ref=dialog class="leave-dialog" aria-labelledby="leave-title" aria-describedby="leave-text"
            on:close=move |_| open.set(false)>
            <h2 id="leave-title">"这份报告还没有保存"</h2>
            <p id="leave-text">
                {why}
                "返回首页后，内容仍保留在本窗口中，可以在首页的“未保存的报告”中重新打开；但关闭或刷新页面后就会丢失。建议先下载草稿文件。"
            </p>
            {problem}
            <div class="dialog-actions">
                <button type="button" class="primary" on:click=download>"下载草稿"</button>
                <button type="button" on:click=move |_| go_home()>"不下载，返回首页"</button>
                <button type="button" on:click=move |_| open.set(false)>"继续编辑"</button>
            </div>
        </dialog>
    }
}

/// 已保存 HH:MM:SS, or what went wrong and what the writer can do about it.
#[component]
fn SaveStatus(session: Session) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    // A refused download is said as such, beside the save's own state (it is no storage error).
    let download_problem = RwSignal::new(None::<DownloadError>);
    let download = move |_| download_problem.set(session.download_json().err());
    let problem = move || {
        download_problem.get().map(|error| {
            view! { <p class="save-status failed" role="alert">"下载草稿文件失败：" {error.to_string()}</p> }
        })
    };
    let state = move || {
        match session.save_state.get() {
        SaveState::Saved(at) => view! {
            <p class="save-status saved" role="status">"已保存 " {clock_time(at)}</p>
            <span class="save-where" title="草稿只保存在本机的这个浏览器里。清理浏览器数据（如 360 清理）会删除草稿，请在首页“备份全部草稿”。">
                "（仅存于本机浏览器）"
            </span>
        }
        .into_any(),
        SaveState::Pending => view! { <p class="save-status pending" role="status">"正在保存…"</p> }.into_any(),
        SaveState::Failed(error) => view! {
            <div class="save-status failed" role="alert">
                <p>{error.to_string()} "。内容仍保留在本窗口中，请不要关闭页面，先下载草稿文件保存。"</p>
                <button type="button" on:click=download>"下载草稿文件（.json）"</button>
                <button type="button" on:click=move |_| session.save_now()>"重试保存"</button>
            </div>
        }
        .into_any(),
        SaveState::Conflict(theirs) => {
            let theirs = StoredValue::new(*theirs);
            let load_theirs = move |_| session.take_theirs(theirs.get_value());
            let keep_ours = move |_| session.overwrite(&theirs.get_value());
            let save_as_new = move |_| {
                let report = session.report().get_untracked();
                workspace.forget(&session.id());
                workspace.create(session.template, report, None);
            };
            let when = local_time(theirs.with_value(|d| d.updated_at));
            view! {
                <div class="save-status conflict" role="alert">
                    <p>"这份草稿已在另一个窗口中修改（" {when} "），为避免覆盖，本窗口暂停自动保存。请选择："</p>
                    <button type="button" on:click=load_theirs>"载入另一个窗口的版本"</button>
                    <button type="button" on:click=keep_ours>"保留本窗口的内容并覆盖"</button>
                    <button type="button" on:click=save_as_new>"把本窗口的内容另存为新草稿"</button>
                </div>
            }
            .into_any()
        }
    }
    };
    view! { {state} {problem} }
}

fn clock_time(ms: f64) -> String {
    let date = js_sys::Date::new(&ms.into());
    format!(
        "{:02}:{:02}:{:02}",
        date.get_hours(),
        date.get_minutes(),
        date.get_seconds()
    )
}
