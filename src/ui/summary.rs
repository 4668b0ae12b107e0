//! The summary of every finding, with the counts always visible: a landmark named 检查结果.

use super::stats_table::{severity_class, severity_word};
use super::Editor;
use crate::check::Place;
use crate::model::Severity;
use leptos::prelude::*;

#[component]
pub fn Summary() -> impl IntoView {
    let Editor { findings, .. } = expect_context::<Editor>();
    let count = move |severity| findings.with(|f| f.count(severity));
    let items = move || {
        findings.with(|f| {
            f.diagnostics
                .iter()
                .map(|d| {
                    let target = match d.place {
                        Place::Cell(cell) => format!("#cell-{cell}"),
                        Place::Field(field) => format!("#field-{field}"),
                        Place::Section(section) => format!("#section-{section}"),
                    };
                    view! {
                        <li class=severity_class(d.severity)>
                            <span class="badge">{severity_word(d.severity)} "："</span>
                            <a href=target>{d.message.clone()}</a>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <aside class="summary" role="region" aria-label="检查结果">
            <h2>"检查结果"</h2>
            <p class="counts" aria-live="polite">
                <span class="count-error">"错误 " {move || count(Severity::Error)}</span>
                <span class="count-warning">"警告 " {move || count(Severity::Warning)}</span>
                <span class="count-note">"提示 " {move || count(Severity::Note)}</span>
            </p>
            <Show when=move || findings.with(|f| f.diagnostics.is_empty())>
                <p class="all-clear">"已填写的数字全部相符。"</p>
            </Show>
            <ul class="findings">{items}</ul>
        </aside>
    }
}
