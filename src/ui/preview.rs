//! The report as it will be published: the export's own document model and HTML, shown read-only in the app.

use super::Editor;
use crate::export::{build, html};
use leptos::prelude::*;

#[component]
pub fn Preview() -> impl IntoView {
    let editor = expect_context::<Editor>();
    // The export escapes every string from the report (tests/export_html.rs), so its markup is safe to show.
    let markup = move || {
        editor
            .report
            .with(|r| html::classed(&build(editor.template, r)))
    };
    view! {
        <section class="preview" aria-label="发布预览">
            <p class="hint">"以下是报告发布后的样子（与导出的 HTML、PDF 内容一致）。要修改，请回到“编辑”。"</p>
            <div class="preview-page" inner_html=markup></div>
        </section>
    }
}
