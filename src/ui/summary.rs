//! The summary of every finding, grouped by where it is in the document, each a link that takes the writer there.
//! A landmark region named 检查结果, with the counts always visible.

use super::{dom_id, focus_element, severity_class, Editor};
use crate::check::{Diagnostic, Place};
use crate::model::history::EditKey;
use crate::model::{Block, Severity, Template};
use leptos::prelude::*;

#[component]
pub fn Summary() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let template = editor.template;
    let count = move |severity| editor.findings.with(|f| f.count(severity));
    // 未填写的格填 0 for the whole report: one change, so one undo.
    let blank = Memo::new(move |_| {
        editor
            .report
            .with(|r| r.blank_figures(template, template.cell_indices()))
    });
    let filled_note = RwSignal::new(String::new());
    let fill_zero = move |_| {
        let mut filled = 0;
        editor.change(EditKey::Single, |r| {
            filled = r.fill_blanks_with_zero(template, template.cell_indices());
        });
        filled_note.set(format!(
            "已将 {filled} 个未填写的格填为 0，可撤销（Ctrl+Z）。"
        ));
    };
    let groups = move || {
        editor.findings.with(|f| {
            let open: Vec<Diagnostic> = f.open().cloned().collect();
            group_by_place(template, &open)
                .into_iter()
                .map(|(title, items)| {
                    let items = items
                        .into_iter()
                        .map(|d| view! { <Finding diagnostic=d.clone() /> })
                        .collect_view();
                    view! {
                        <li class="group">
                            <h3>{title}</h3>
                            <ul>{items}</ul>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    // Findings answered 已核实 are listed apart, after the open ones, each with its reason.
    let answered = move || {
        editor.findings.with(|f| {
            editor.report.with(|r| {
                f.answered()
                    .map(|d| {
                        let reason = d
                            .verified
                            .and_then(|i| r.verified().get(i))
                            .map(|m| m.reason.clone())
                            .unwrap_or_default();
                        view! { <VerifiedFinding diagnostic=d.clone() reason /> }
                    })
                    .collect_view()
            })
        })
    };
    let verified = move || editor.findings.with(|f| f.answered().count());
    view! {
        <aside class="summary" role="region" aria-label="检查结果">
            <h2>"检查结果"</h2>
            <p class="counts" aria-live="polite">
                <span class="count-error">"错误 " {move || count(Severity::Error)}</span>
                <span class="count-warning">"警告 " {move || count(Severity::Warning)}</span>
                <span class="count-note">"提示 " {move || count(Severity::Note)}</span>
                <span class="count-verified" class:hidden=move || verified() == 0>"已核实 " {verified}</span>
            </p>
            <p class="fill-all" class:hidden=move || blank.get() == 0>
                <button type="button" class="fill-zero" on:click=fill_zero
                    title="只填写空着的格；已填写的数字和文字不变。可撤销（Ctrl+Z）">
                    "全部未填写的格填 0（" {move || blank.get()} " 格）"
                </button>
            </p>
            <p class="fill-note" role="status">{move || filled_note.get()}</p>
            <Show when=move || editor.findings.with(|f| f.diagnostics.is_empty())>
                <p class="all-clear">"✓ 已全部填写，数字全部相符。"</p>
            </Show>
            <Show when=move || editor.findings.with(|f| !f.diagnostics.is_empty() && f.open().next().is_none())>
                <p class="all-clear">"✓ 没有待处理的问题：其余各条均已核实。"</p>
            </Show>
            <ul class="findings">{groups}</ul>
            <section class="verified-findings" class:hidden=move || verified() == 0 aria-label="已核实">
                <h3>"已核实（" {verified} " 条）"</h3>
                <ul>{answered}</ul>
            </section>
        </aside>
    }
}

#[component]
fn Finding(diagnostic: Diagnostic) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let target = dom_id(diagnostic.place);
    let href = format!("#{target}");
    let place = diagnostic.place;
    let message = diagnostic.message.clone();
    let go = move |event: leptos::ev::MouseEvent| {
        event.prevent_default();
        focus_element(&target);
        // A finding in a narrative quotes the phrase in question: it is selected in the text, as the writer will
        // change it.
        if let Place::Section(section) = place {
            let phrase = editor.report.with_untracked(|r| {
                crate::model::text::quoted_phrase(&message, r.section(section))
            });
            if let Some((start, end)) = phrase {
                select_in(&target, start, end);
            }
        }
    };
    view! {
        <li class=severity_class(diagnostic.severity)>
            <span class="badge">{diagnostic.severity.word()} "："</span>
            <a href=href on:click=go>{diagnostic.message}</a>
        </li>
    }
}

/// A finding marked 已核实 in the summary: its message, the writer's reason, and a link to its place.
#[component]
fn VerifiedFinding(diagnostic: Diagnostic, reason: String) -> impl IntoView {
    let target = dom_id(diagnostic.place);
    let href = format!("#{target}");
    let go = move |event: leptos::ev::MouseEvent| {
        event.prevent_default();
        focus_element(&target);
    };
    view! {
        <li class="diagnostic verified">
            <span class="badge">{diagnostic.severity.word()} "（已核实）："</span>
            <a href=href on:click=go>{diagnostic.message}</a>
            <span class="verified-reason">"说明：" {reason}</span>
        </li>
    }
}

/// Selects a range of a text area's text (the element of a DOM id).
fn select_in(id: &str, start: u32, end: u32) {
    use wasm_bindgen::JsCast;
    let area = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok());
    if let Some(area) = area {
        let _ = area.set_selection_range(start, end);
    }
}

/// The findings in document order of their places, under the title of the part of the document they are in.
fn group_by_place<'a>(
    template: &Template,
    diagnostics: &'a [Diagnostic],
) -> Vec<(String, Vec<&'a Diagnostic>)> {
    let part_of = |place: Place| -> (usize, String) {
        let block_of = |wanted: &dyn Fn(&Block) -> bool| template.blocks.iter().position(wanted);
        let found = match place {
            Place::Field(field) if template.header.contains(&field) => {
                return (0, "基本信息".to_owned())
            }
            Place::Field(field) => {
                block_of(&|b| matches!(b, Block::Fields(f) if f.contains(&field)))
            }
            Place::Section(section) => block_of(&|b| *b == Block::Narrative(section)),
            Place::Cell(cell) => block_of(&|b| *b == Block::Table(template.cell(cell).table)),
            Place::Table(table) => block_of(&|b| *b == Block::Table(table)),
        };
        let title = match (place, found.map(|b| &template.blocks[b])) {
            (Place::Section(section), _) => template.section(section).title.clone(),
            (Place::Cell(cell), _) => template.table(template.cell(cell).table).title.clone(),
            (Place::Table(table), _) => template.table(table).title.clone(),
            (Place::Field(field), _) => template.field(field).label.clone(),
        };
        (found.map_or(usize::MAX, |b| b + 1), title)
    };
    let mut groups: Vec<(usize, String, Vec<&Diagnostic>)> = Vec::new();
    for diagnostic in diagnostics {
        let (order, title) = part_of(diagnostic.place);
        match groups
            .iter_mut()
            .find(|(o, t, _)| *o == order && *t == title)
        {
            Some((_, _, items)) => items.push(diagnostic),
            None => groups.push((order, title, vec![diagnostic])),
        }
    }
    crate::model::order::sort_stable_by_key(&mut groups, |(order, _, _)| *order);
    groups
        .into_iter()
        .map(|(_, title, items)| (title, items))
        .collect()
}
