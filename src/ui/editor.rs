//! The editor screen: the whole report in document order, with the summary of findings beside it.

use super::fields::FieldGroup;
use super::narrative::NarrativeSection;
use super::stats_table::StatsTable;
use super::summary::Summary;
use super::{Editor, Session, Workspace};
use crate::model::{Block, Severity};
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

    let title = move || document_title(editor);
    let header: Vec<usize> = template.header.clone();
    let blocks = template.blocks.iter().map(render_block).collect_view();
    let errors = move || editor.findings.with(|f| f.count(Severity::Error));
    let warnings = move || editor.findings.with(|f| f.count(Severity::Warning));

    view! {
        <header class="masthead">
            <div class="masthead-text">
                <h1>{title}</h1>
                <p class="format">{template.name.clone()}</p>
            </div>
            <nav class="toolbar" aria-label="编辑操作">
                <span class="status-counts" aria-live="polite">
                    <span class="count-error">"错误 " {errors}</span>
                    <span class="count-warning">"警告 " {warnings}</span>
                </span>
                <button type="button" on:click=move |_| editor.undo() disabled=move || !editor.can_undo()
                    title="撤销（Ctrl+Z）">"撤销"</button>
                <button type="button" on:click=move |_| editor.redo() disabled=move || !editor.can_redo()
                    title="重做（Ctrl+Y）">"重做"</button>
                <button type="button" on:click=move |_| workspace.go_home()>"返回首页"</button>
            </nav>
        </header>
        <main class="workspace">
            <article class="document" aria-label="报告内容">
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

/// "<unit><year>年政府信息公开工作年度报告", with what is filled in so far.
fn document_title(editor: Editor) -> String {
    editor.report.with(|r| {
        let unit = r
            .field_by_id(editor.template, "unit")
            .unwrap_or("")
            .trim()
            .to_owned();
        let year = r
            .year(editor.template)
            .map(|y| format!("{y}年"))
            .unwrap_or_default();
        format!("{unit}{year}政府信息公开工作年度报告")
    })
}
