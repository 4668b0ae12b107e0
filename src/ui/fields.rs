//! A group of one-line fields: the header (unit, year, contacts) or a group inside the document.

use super::{dom_id, messages_dom_id, show_text, Editor, Messages};
use crate::check::Place;
use crate::model::history::EditKey;
use crate::model::template::FieldKind;
use crate::model::FieldIndex;
use leptos::prelude::*;

#[component]
pub fn FieldGroup(fields: Vec<FieldIndex>, title: String) -> impl IntoView {
    let items = fields
        .into_iter()
        .map(|field| view! { <FieldInput field /> })
        .collect_view();
    let heading = (!title.is_empty()).then(|| view! { <h2 class="group-title">{title}</h2> });
    view! {
        <section class="field-group">
            {heading}
            <div class="field-grid">{items}</div>
        </section>
    }
}

#[component]
fn FieldInput(field: FieldIndex) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let spec = editor.template.field(field);
    let input = NodeRef::<leptos::html::Input>::new();
    show_text(input, editor.text_at(move |r| r.field(field).to_owned()));
    let diagnostics = Memo::new(move |_| {
        editor
            .findings
            .with(|f| f.at(Place::Field(field)).cloned().collect::<Vec<_>>())
    });
    let id = dom_id(Place::Field(field));
    let messages_id = messages_dom_id(Place::Field(field));
    let input_type = match spec.kind {
        FieldKind::Email => "email",
        FieldKind::Url => "url",
        FieldKind::Phone => "tel",
        _ => "text",
    };
    let label = if spec.required {
        format!("{}（必填）", spec.label)
    } else {
        spec.label.clone()
    };
    view! {
        <div class="field" class:has-problem=move || !diagnostics.with(Vec::is_empty)>
            <label for=id.clone()>{label}</label>
            <input
                id=id
                type=input_type
                autocomplete="off"
                placeholder=spec.hint.clone().unwrap_or_default()
                aria-describedby=messages_id.clone()
                node_ref=input
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    editor.change(EditKey::Field(field), |r| r.set_field(field, &text));
                }
            />
            <Messages id=messages_id diagnostics=diagnostics />
        </div>
    }
}
