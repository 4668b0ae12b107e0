//! Leptos components, thin over `model` and `check`. The report lives in one signal; the findings are a memo of
//! it, so every keystroke re-checks once and each view reads only what it shows.

pub mod embed;
mod stats_table;
mod summary;

use crate::check::{check, Findings};
use crate::model::{Report, Template};
use crate::templates;
use leptos::prelude::*;

/// The template and the report being edited, shared with the components through context.
#[derive(Clone, Copy)]
pub struct Editor {
    pub template: &'static Template,
    pub report: RwSignal<Report>,
    pub findings: Memo<Findings>,
}

#[component]
pub fn App() -> impl IntoView {
    let template = templates::legacy();
    let report = RwSignal::new(Report::new(template));
    let findings = Memo::new(move |_| report.with(|r| check(template, r)));
    provide_context(Editor {
        template,
        report,
        findings,
    });

    let link = embed::EditorLink {
        template,
        report: report.into(),
        findings: findings.into(),
        replace: Callback::new(move |changed| report.set(changed)),
    };

    view! {
        <embed::Embedding link />
        <header class="masthead">
            <h1>"政府信息公开工作年度报告"</h1>
            <p class="format">{template.name.clone()}</p>
        </header>
        <main class="workspace">
            <stats_table::StatsTable table=0 />
            <summary::Summary />
        </main>
    }
}
