//! The start screen: choose the report year and format, then start a new report, open the example, or go back
//! to a report already open in this tab.

use super::Workspace;
use crate::model::{Report, Template};
use crate::templates;
use leptos::prelude::*;

/// Example reports to look around with: the seed as published (legacy format) and a filled national one.
const EXAMPLES: [(&str, &str); 2] = [
    (
        "打开示例：沂源县政府办公室2011年报告（旧版格式）",
        include_str!("../../examples/reports/yiyuan-2011.json"),
    ),
    (
        "打开示例：示例区2025年报告（国家格式）",
        include_str!("../../examples/reports/national-2025-example.json"),
    ),
];

#[component]
pub fn Start() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    // Reports are written in January for the year just ended.
    let default_year = js_sys::Date::new_0().get_full_year() as u16 - 1;
    let year_text = RwSignal::new(default_year.to_string());
    let year = Memo::new(move |_| {
        year_text.with(|t| {
            t.trim()
                .parse::<u16>()
                .ok()
                .filter(|y| (1990..=2100).contains(y))
        })
    });
    let chosen = RwSignal::new(
        templates::for_year(default_year)
            .unwrap_or(templates::national())
            .id
            .clone(),
    );
    // Choosing a year suggests the format that applies to it.
    Effect::new(move |_| {
        if let Some(template) = year.get().and_then(templates::for_year) {
            chosen.set(template.id.clone());
        }
    });
    let year_note = move || {
        match year.get() {
        None => Some("请填写四位数字的年份，例如 2025。".to_owned()),
        Some(y) if templates::for_year(y).is_none() => Some(format!(
            "{y}年度报告使用2019年试行格式，本工具暂未内置该格式，请选择最接近的格式并按实际表格调整。"
        )),
        Some(_) => None,
    }
    };

    let create = move |_| {
        let Some(year) = year.get_untracked() else {
            return;
        };
        let template = templates::by_id(&chosen.get_untracked()).unwrap_or(templates::national());
        let mut report = Report::new(template);
        if let Some(field) = template.field_index("year") {
            report.set_field(field, &year.to_string());
        }
        workspace.open(template, report);
    };
    let examples = EXAMPLES
        .iter()
        .map(|&(label, json)| {
            let open = move |_| {
                if let Ok((template, report)) = templates::read_report(json) {
                    workspace.open(template, report);
                }
            };
            view! { <button type="button" on:click=open>{label}</button> }
        })
        .collect_view();
    let formats = templates::all()
        .iter()
        .map(|t| view! { <FormatChoice template=t chosen /> })
        .collect_view();
    let open_reports = move || {
        workspace
            .sessions()
            .into_iter()
            .map(|session| {
                let label = session.report.with(|r| {
                    let unit = r.field_by_id(session.template, "unit").filter(|u| !u.trim().is_empty());
                    let year = r.year(session.template).map(|y| format!("{y}年")).unwrap_or_default();
                    format!("{}{year}年度报告", unit.unwrap_or("未填写单位的"))
                });
                view! {
                    <li>
                        <button type="button" class="link" on:click=move |_| workspace.resume(session.id)>
                            "继续编辑：" {label}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <header class="masthead">
            <div class="masthead-text">
                <h1>"政府信息公开工作年度报告"</h1>
                <p class="format">"在浏览器中编写、核对年度报告，数字实时校验"</p>
            </div>
        </header>
        <main class="start">
            <section class="start-card" aria-labelledby="new-report-title">
                <h2 id="new-report-title">"新建年度报告"</h2>
                <div class="field">
                    <label for="report-year">"报告年度"</label>
                    <input id="report-year" type="text" inputmode="numeric" autocomplete="off"
                        aria-describedby="report-year-note"
                        prop:value=move || year_text.get()
                        on:input=move |ev| year_text.set(event_target_value(&ev)) />
                    <p id="report-year-note" class="diagnostic warning" class:hidden=move || year_note().is_none()>
                        {year_note}
                    </p>
                </div>
                <fieldset class="formats">
                    <legend>"报告格式"</legend>
                    {formats}
                </fieldset>
                <div class="actions">
                    <button type="button" class="primary" on:click=create disabled=move || year.get().is_none()>
                        "新建报告"
                    </button>
                    {examples}
                </div>
            </section>
            <Show when=move || !workspace.sessions().is_empty()>
                <section class="start-card" aria-labelledby="open-reports-title">
                    <h2 id="open-reports-title">"本窗口中打开的报告"</h2>
                    <ul class="open-reports">{open_reports}</ul>
                </section>
            </Show>
        </main>
    }
}

#[component]
fn FormatChoice(template: &'static Template, chosen: RwSignal<String>) -> impl IntoView {
    let id = format!("format-{}", template.id);
    let value = template.id.clone();
    let checked = {
        let value = value.clone();
        move || chosen.with(|c| *c == value)
    };
    view! {
        <div class="format-choice">
            <input type="radio" name="format" id=id.clone() prop:checked=checked
                on:change=move |_| chosen.set(value.clone()) />
            <label for=id>{template.name.clone()}</label>
        </div>
    }
}
