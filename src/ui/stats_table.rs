//! One statistics table as an editable form: label, unit, the figure, and beside each total the live sum of its
//! parts with the checker's verdict in words.

use super::Editor;
use crate::check::{unit, PartsSum};
use crate::model::number::format;
use crate::model::{CellIndex, Severity};
use leptos::prelude::*;

#[component]
pub fn StatsTable(table: usize) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let spec = &editor.template.tables[table];
    let column_headers = spec
        .columns
        .iter()
        .map(|c| view! { <th scope="col">{c.label.clone()}</th> })
        .collect_view();
    let rows = (0..spec.rows.len())
        .map(|row| view! { <StatsRow table row /> })
        .collect_view();
    view! {
        <section class="stats" aria-labelledby=format!("table-{table}-title")>
            <h2 id=format!("table-{table}-title")>{spec.title.clone()}</h2>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{spec.stub_header.clone()}</th>
                        {spec.unit_header.clone().map(|h| view! { <th scope="col">{h}</th> })}
                        {column_headers}
                        <th scope="col">"核对"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

#[component]
fn StatsRow(table: usize, row: usize) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let template = editor.template;
    let spec = &template.tables[table];
    let row_spec = &spec.rows[row];
    let cells: Vec<CellIndex> = (0..spec.columns.len())
        .filter_map(|c| template.cell_at(table, row, c))
        .collect();
    let inputs = cells
        .iter()
        .map(|&cell| view! { <td><CellInput cell /></td> })
        .collect_view();
    let total_cell = cells.last().copied();
    let is_sub_item = row_spec.depth > 0;
    let depth_class = format!("depth-{}", row_spec.depth);
    let blank_columns = if row_spec.cells {
        0
    } else {
        spec.columns.len()
    };
    view! {
        <tr class=depth_class class:sub-item=is_sub_item>
            <th scope="row">
                {row_spec.lead.clone().map(|lead| view! { <span class="lead">{lead}</span> })}
                {row_spec.label.clone()}
            </th>
            {spec.unit_header.as_ref().map(|_| view! { <td class="unit">{row_spec.unit.clone()}</td> })}
            {inputs}
            {(blank_columns > 0).then(|| view! { <td class="label-only" colspan=blank_columns></td> })}
            <td class="verdict">
                {total_cell.map(|cell| view! { <PartsSumBeside cell /> })}
            </td>
        </tr>
    }
}

/// The input of one cell. What the writer typed stays as typed; the checker's words about it appear below.
#[component]
fn CellInput(cell: CellIndex) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let Editor {
        template,
        report,
        findings,
    } = editor;
    let raw = move || report.with(|r| r.cell(cell).raw.clone());
    let worst = move || findings.with(|f| f.for_cell(cell).map(|d| d.severity).max());
    let message_id = format!("cell-{cell}-message");
    let messages = move || {
        findings.with(|f| {
            f.for_cell(cell)
                .map(|d| {
                    let fix = d.fix.clone().map(|fix| {
                        view! {
                            <button type="button" class="fix"
                                on:click=move |_| report.update(|r| r.set_value(template, fix.cell, fix.value))>
                                {fix.label.clone()}
                            </button>
                        }
                    });
                    view! {
                        <p class=severity_class(d.severity)>
                            <span class="badge">{severity_word(d.severity)} "："</span>
                            {d.message.clone()}
                            {fix}
                        </p>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <input
            id=format!("cell-{cell}")
            class="figure"
            type="text"
            inputmode="decimal"
            autocomplete="off"
            aria-label=template.cell_label(cell)
            aria-describedby=message_id.clone()
            aria-invalid=move || (worst() == Some(Severity::Error)).to_string()
            class:has-error=move || worst() == Some(Severity::Error)
            class:has-warning=move || worst() == Some(Severity::Warning)
            prop:value=raw
            on:input=move |ev| {
                let text = event_target_value(&ev);
                report.update(|r| r.set_cell(template, cell, &text));
            }
        />
        <div id=message_id class="cell-messages" aria-live="polite">{messages}</div>
    }
}

/// For a total: the live sum of its parts and whether it matches, in words and not by colour alone.
#[component]
fn PartsSumBeside(cell: CellIndex) -> impl IntoView {
    let Editor {
        template,
        report,
        findings,
    } = expect_context::<Editor>();
    let kind = template.cell(cell).kind;
    let unit = unit(template, cell).to_owned();
    move || {
        let sum = findings.with(|f| f.sum_for(cell).cloned())?;
        let total = report.with(|r| r.cell(cell).value.clone());
        if sum.blank_parts == sum.parts && total == Ok(None) {
            return None;
        }
        let (class, verdict) = verdict(&sum, total);
        Some(view! {
            <span class=class>
                "其中各项合计 " <output>{format(kind, sum.sum)}</output> {unit.clone()}
                <span class="verdict-word">{verdict}</span>
            </span>
        })
    }
}

fn verdict(
    sum: &PartsSum,
    total: Result<Option<u64>, crate::model::ParseError>,
) -> (&'static str, String) {
    if sum.invalid_parts > 0 {
        return (
            "sum-unknown",
            format!("（有 {} 项填写有误，未计入）", sum.invalid_parts),
        );
    }
    match total {
        Ok(Some(t)) if t == sum.sum => ("sum-ok", "✓ 与总数相符".to_owned()),
        Ok(Some(t)) if sum.sum > t => ("sum-over", format!("✗ 超出总数 {}", sum.sum - t)),
        Ok(Some(t)) => ("sum-short", format!("△ 比总数少 {}", t - sum.sum)),
        Ok(None) => ("sum-unknown", "（总数未填写）".to_owned()),
        Err(_) => ("sum-unknown", "（总数填写有误）".to_owned()),
    }
}

pub(super) fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Note => "提示",
    }
}

pub(super) fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "diagnostic error",
        Severity::Warning => "diagnostic warning",
        Severity::Note => "diagnostic note",
    }
}
