//! A narrative section: its heading, the format's guidance for the writer, and an auto-growing text area.

use super::{dom_id, messages_dom_id, show_text, Editor, Messages};
use crate::check::Place;
use crate::model::history::EditKey;
use crate::model::SectionIndex;
use leptos::html::Textarea;
use leptos::prelude::*;

#[component]
pub fn NarrativeSection(section: SectionIndex) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let spec = editor.template.section(section);
    let text = editor.text_at(move |r| r.section(section).to_owned());
    let diagnostics = Memo::new(move |_| {
        editor
            .findings
            .with(|f| f.at(Place::Section(section)).cloned().collect::<Vec<_>>())
    });
    let area = NodeRef::<Textarea>::new();
    show_text(area, text);
    // Grows the text area to its content, through the CSSOM so that a strict CSP allows it.
    let fit = move || {
        // Untracked and tolerant: it also runs in an animation frame, which may come after the editor was closed.
        if let Some(area) = area.try_get_untracked().flatten() {
            let style = web_sys::HtmlElement::style(&area);
            let _ = style.set_property("height", "auto");
            let _ = style.set_property("height", &format!("{}px", area.scroll_height() + 2));
        }
    };
    Effect::new(move |_| {
        text.track();
        // After layout, so that the height measured is the text's.
        request_animation_frame(fit);
    });
    let id = dom_id(Place::Section(section));
    let guidance_id = format!("{id}-guidance");
    let messages_id = messages_dom_id(Place::Section(section));
    let heading = match spec.level {
        1 => view! { <h2><label for=id.clone()>{spec.title.clone()}</label></h2> }.into_any(),
        _ => view! { <h3><label for=id.clone()>{spec.title.clone()}</label></h3> }.into_any(),
    };
    let characters = move || text.with(|t| t.chars().filter(|c| !c.is_whitespace()).count());
    let guidance = (!spec.guidance.is_empty())
        .then(|| view! { <p id=guidance_id.clone() class="guidance">{spec.guidance.clone()}</p> });
    view! {
        <section class="narrative" class:untitled=!spec.print_title>
            {heading}
            {guidance}
            <textarea
                id=id
                node_ref=area
                rows="4"
                aria-describedby=format!("{guidance_id} {messages_id}")
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    editor.change(EditKey::Section(section), |r| r.set_section(section, &value));
                    fit();
                }
            ></textarea>
            <p class="char-count" aria-live="off">"已写 " {characters} " 字"</p>
            <Messages id=messages_id diagnostics=diagnostics />
        </section>
    }
}
