//! One statistics table as an editable form: labels, units, the figures, and beside each row's total the live sum
//! of its parts with the checker's verdict in words. Moves and pastes like a spreadsheet.

use super::{dom_id, focus_element, messages_dom_id, show_text, Editor, Messages};
use crate::check::{unit, Diagnostic, PartsSum, Place};
use crate::model::grid::{is_block, parse_block, KeyMove, Keypress};
use crate::model::history::EditKey;
use crate::model::next_year::change;
use crate::model::number::format;
use crate::model::template::ColumnKind;
use crate::model::{CellIndex, ParseError, TableIndex};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn StatsTable(table: TableIndex) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let spec = editor.template.table(table);
    let grid = &spec.header;
    let depth = grid.rows.len();
    let paste_note = RwSignal::new(String::new());
    provide_context(PasteNote(paste_note));
    let head = grid
        .rows
        .iter()
        .enumerate()
        .map(|(level, cells)| {
            let cells = cells
                .iter()
                .map(|c| {
                    let stub = grid.columns[c.column] == ColumnKind::Label;
                    view! { <th scope="col" class:stub=stub colspan=c.colspan rowspan=c.rowspan>{c.text.clone()}</th> }
                })
                .collect_view();
            let trailing = (level == 0).then(|| view! { <th scope="col" rowspan=depth class="verdict">"核对"</th> });
            view! { <tr>{cells}{trailing}</tr> }
        })
        .collect_view();
    let rows = (0..spec.rows.len())
        .map(|row| view! { <StatsRow table row /> })
        .collect_view();
    let wide = spec.columns.len() > 3;
    let table_notes = Memo::new(move |_| {
        editor
            .findings
            .with(|f| f.at(Place::Table(table)).cloned().collect::<Vec<_>>())
    });
    let title_id = dom_id(Place::Table(table));
    let blank = Memo::new(move |_| {
        editor
            .report
            .with(|r| r.blank_figures(editor.template, editor.template.table_cells(table)))
    });
    let fill_zero = move |_| {
        let mut filled = 0;
        editor.change(EditKey::Single, |r| {
            filled = r.fill_blanks_with_zero(editor.template, editor.template.table_cells(table));
        });
        paste_note.set(format!(
            "已将本表 {filled} 个未填写的格填为 0，可撤销（Ctrl+Z）。"
        ));
    };
    view! {
        <section class="stats" class:wide=wide aria-labelledby=title_id.clone()>
            {match spec.level {
                1 => view! { <h2 id=title_id.clone() tabindex="-1">{spec.title.clone()}</h2> }.into_any(),
                _ => view! { <h3 id=title_id.clone() tabindex="-1">{spec.title.clone()}</h3> }.into_any(),
            }}
            // The table's own line keeps its room when its last note goes, so the table does not move up under the
            // writer's last keystroke.
            <div class="table-status">
                <button type="button" class="fill-zero" class:hidden=move || blank.get() == 0 on:click=fill_zero
                    title="只填写空着的格；已填写的数字和文字不变。可撤销（Ctrl+Z）">
                    "本表未填写的格填 0"
                </button>
                <Messages id=messages_dom_id(Place::Table(table)) diagnostics=table_notes />
                <p class="table-complete" class:hidden=move || table_notes.with(|n| !n.is_empty())>
                    "✓ 本表各格均已填写"
                </p>
            </div>
            <p class="paste-note" role="status">{move || paste_note.get()}</p>
            <div class="table-scroll">
                <table>
                    <thead>{head}</thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// What the last paste into this table could not place, said to the writer.
#[derive(Clone, Copy)]
struct PasteNote(RwSignal<String>);

#[component]
fn StatsRow(table: TableIndex, row: usize) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let template = editor.template;
    let spec = template.table(table);
    let row_spec = &spec.rows[row];
    let cells: Vec<CellIndex> = (0..spec.columns.len())
        .filter_map(|c| template.cell_at(table, row, c))
        .collect();
    // Findings open at the cell (a marker, and the messages over the rows below when the cell has focus), so
    // that no finding moves the cells the writer is typing in.
    let inputs = cells
        .iter()
        .map(|&cell| {
            let diagnostics = diagnostics_at(editor, cell);
            view! { <td class="figure-cell"><CellInput cell diagnostics /></td> }
        })
        .collect_view();
    let total_cell = cells.last().copied();
    let blank_columns = if row_spec.cells {
        0
    } else {
        spec.columns.len()
    };
    view! {
        <tr class=format!("depth-{}", row_spec.depth) class:label-row=!row_spec.cells>
            <th scope="row">
                {row_spec.lead.clone().map(|lead| view! { <span class="lead">{lead}</span> })}
                {row_spec.label.clone()}
            </th>
            {spec.unit_header.as_ref().map(|_| view! { <td class="unit">{row_spec.unit.clone()}</td> })}
            {inputs}
            {(blank_columns > 0).then(|| view! { <td class="label-only" colspan=blank_columns></td> })}
            <td class="verdict">{total_cell.map(|cell| view! { <PartsSumBeside cell /> })}</td>
        </tr>
    }
}

/// The input of one cell. What the writer typed stays as typed; the checker's words about it open over the rows
/// below while the cell has focus (or the pointer is on its marker), and take no room in the table: a finding that
/// appears or goes never moves a cell. Errors and warnings mark the cell (a border and a sign, not colour alone);
/// notes (what is not filled in yet) do not, and wait until the writer looks at the cell.
#[component]
fn CellInput(cell: CellIndex, diagnostics: Memo<Vec<Diagnostic>>) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let PasteNote(paste_note) = expect_context::<PasteNote>();
    let template = editor.template;
    let input = NodeRef::<leptos::html::Input>::new();
    show_text(input, editor.text_at(move |r| r.cell(cell).raw.clone()));
    // Findings marked 已核实 stay in the popover (with their reason) but no longer mark the cell.
    let worst = move || {
        diagnostics.with(|d| {
            d.iter()
                .filter(|d| d.verified.is_none())
                .map(|d| d.severity)
                .max()
        })
    };
    let messages_id = messages_dom_id(Place::Cell(cell));
    let marker = move || match worst() {
        Some(crate::model::Severity::Error) => Some("!"),
        Some(crate::model::Severity::Warning) => Some("?"),
        _ => None,
    };
    let same_table = move |n: usize| {
        n < template.cells().len()
            && template.cell(CellIndex::new(n)).table == template.cell(cell).table
    };

    let on_keydown = move |event: ev::KeyboardEvent| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        let (start, end) = (
            input.selection_start().ok().flatten(),
            input.selection_end().ok().flatten(),
        );
        let length = input.value().encode_utf16().count() as u32;
        let key = event.key();
        let press = Keypress {
            key: &key,
            shift: event.shift_key(),
            shortcut: event.ctrl_key() || event.meta_key() || event.alt_key(),
            caret_at_start: start == Some(0) && end == Some(0),
            caret_at_end: start == Some(length),
        };
        let target = match press.moves() {
            Some(KeyMove::Towards(direction)) => template.neighbour(cell, direction),
            Some(KeyMove::Next) => Some(cell.get() + 1)
                .filter(|&n| same_table(n))
                .map(CellIndex::new),
            Some(KeyMove::Previous) => cell
                .get()
                .checked_sub(1)
                .filter(|&n| same_table(n))
                .map(CellIndex::new),
            None => None,
        };
        if let Some(target) = target {
            event.prevent_default();
            move_to(target);
        }
    };

    let on_paste = move |event: ev::ClipboardEvent| {
        let Some(text) = event
            .clipboard_data()
            .and_then(|data| data.get_data("text/plain").ok())
        else {
            return;
        };
        if !is_block(&text) {
            return;
        }
        event.prevent_default();
        let plan = template.paste_targets(cell, &parse_block(&text));
        editor.change(EditKey::Single, |report| {
            for (target, value) in &plan.cells {
                report.set_cell(template, *target, value.trim());
            }
        });
        paste_note.set(match plan.left_out {
            0 => format!("已粘贴 {} 个数值。", plan.cells.len()),
            n => format!(
                "已粘贴 {} 个数值；另有 {n} 个数值超出表格范围，未粘贴。",
                plan.cells.len()
            ),
        });
    };

    view! {
        <input
            id=dom_id(Place::Cell(cell))
            class="figure"
            type="text"
            inputmode="decimal"
            autocomplete="off"
            aria-label=template.cell_label(cell)
            aria-describedby=messages_id.clone()
            aria-invalid=move || (worst() == Some(crate::model::Severity::Error)).to_string()
            class:has-error=move || worst() == Some(crate::model::Severity::Error)
            class:has-warning=move || worst() == Some(crate::model::Severity::Warning)
            class:has-note=move || worst() == Some(crate::model::Severity::Note)
            node_ref=input
            on:input=move |ev| {
                let text = event_target_value(&ev);
                editor.change(EditKey::Cell(cell), |r| r.set_cell(template, cell, &text));
            }
            on:keydown=on_keydown
            on:paste=on_paste
        />
        <LastYear cell />
        <span class="cell-marker" aria-hidden="true" class:hidden=move || marker().is_none()
            class:warning=move || worst() == Some(crate::model::Severity::Warning)>{marker}</span>
        <div class="cell-popover" class:hidden=move || diagnostics.with(Vec::is_empty)>
            <Messages id=messages_id diagnostics=diagnostics />
        </div>
    }
}

/// Last year's figure and the change, when the writer compares years; large changes stand out, as the analysis
/// should explain them.
#[component]
fn LastYear(cell: CellIndex) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let change = Memo::new(move |_| {
        if !editor.compare.get() {
            return None;
        }
        editor.report.with(|report| {
            editor.previous.with_value(|last| {
                let (last_template, last) = last.as_ref()?;
                change(last_template, last, editor.template, report, cell)
            })
        })
    });
    let kind = editor.template.cell(cell).kind;
    move || {
        change.get().map(|change| {
            view! { <span class="last-year" class:large=change.large>{change.in_words(kind)}</span> }
        })
    }
}

/// The findings shown at one cell; a memo, so that the cell's view changes only when they do.
fn diagnostics_at(editor: Editor, cell: CellIndex) -> Memo<Vec<Diagnostic>> {
    Memo::new(move |_| {
        editor
            .findings
            .with(|f| f.for_cell(cell).cloned().collect())
    })
}

fn move_to(cell: CellIndex) {
    let id = dom_id(Place::Cell(cell));
    focus_element(&id);
    let input = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
    if let Some(input) = input {
        input.select();
    }
}

/// For a total: the live sum of its parts and whether it matches, in words and not by colour alone.
#[component]
fn PartsSumBeside(cell: CellIndex) -> impl IntoView {
    let Editor {
        template,
        report,
        findings,
        ..
    } = expect_context::<Editor>();
    let kind = template.cell(cell).kind;
    let unit = unit(template, cell).to_owned();
    let state = Memo::new(move |_| {
        let sum = findings.with(|f| f.sum_for(cell).cloned())?;
        let total = report.with(|r| r.cell(cell).value.clone());
        Some((sum, total))
    });
    // The box keeps two lines of room whether or not there is a sum to show, so that the row keeps its height.
    let shown = move || {
        let (sum, total) = state.get()?;
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
    };
    view! { <span class="sum-box">{shown}</span> }
}

fn verdict(sum: &PartsSum, total: Result<Option<u64>, ParseError>) -> (&'static str, String) {
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
