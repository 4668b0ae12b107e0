//! A narrative section: its heading, the format's guidance for the writer, and an auto-growing text area.

use super::{dom_id, messages_dom_id, show_text, Editor, Messages};
use crate::check::Place;
use crate::model::history::EditKey;
use crate::model::limit::{
    fit_section_edit, over_limit_message, paste_utf16, section_over_limit, MAX_SECTION_CHARS,
};
use crate::model::next_year::carried_over;
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
    // Text carried over from last year's report and not yet edited, with what in it belongs to last year; derived
    // from last year's report the draft was started from, so it needs nothing in the report file.
    let carried = Memo::new(move |_| {
        editor.report.with(|r| {
            editor.previous.with_value(|last| {
                let (last_template, last) = last.as_ref()?;
                carried_over(last_template, last, editor.template, r, section)
            })
        })
    });
    let carried_words = move || {
        carried.get().map(|phrases| {
            let mut words = "沿用上年报告的内容，尚未修改：请按本年情况改写。".to_owned();
            if !phrases.is_empty() {
                let quoted: Vec<String> = phrases.iter().map(|p| format!("“{p}”")).collect();
                words.push_str(&format!("文中{}是上年的年份或数字。", quoted.join("")));
            }
            words
        })
    };
    let area = NodeRef::<Textarea>::new();
    show_text(area, text);
    // Grows the text area to its content, through the CSSOM so that a strict CSP allows it. Only a text that got no
    // longer is measured from a collapsed height (which lays the whole text out again, and the page below it);
    // a longer one only grows when it overflows.
    let fitted_len = StoredValue::new(0usize);
    let fit = move || {
        // Untracked and tolerant: it also runs in an animation frame, which may come after the editor was closed.
        if let Some(area) = area.try_get_untracked().flatten() {
            let len = text.with_untracked(String::len);
            let shorter = len <= fitted_len.get_value();
            fitted_len.set_value(len);
            let style = web_sys::HtmlElement::style(&area);
            if shorter {
                let _ = style.set_property("height", "auto");
            } else if area.scroll_height() <= area.client_height() {
                return;
            }
            let _ = style.set_property("height", &format!("{}px", area.scroll_height() + 2));
        }
    };
    // Characters left out of the last edit, over the length limit.
    let refused = RwSignal::new(None::<usize>);
    // Takes the text area's text after an edit into the report, up to the limit, and says what was left out.
    let apply = move |value: &str| {
        let fitted = editor
            .report
            .with_untracked(|r| fit_section_edit(r.section(section), value));
        editor.change(EditKey::Section(section), |r| {
            r.set_section(section, &fitted.text)
        });
        if fitted.dropped > 0 {
            // What fitted, shown at once with the caret after it (the report no longer equals the area).
            if let Some(area) = area.get_untracked() {
                area.set_value(&fitted.text);
                let caret = u32::try_from(fitted.caret_utf16).unwrap_or(u32::MAX);
                let _ = area.set_selection_range(caret, caret);
            }
        }
        let dropped = (fitted.dropped > 0).then_some(fitted.dropped);
        if refused.get_untracked() != dropped {
            refused.set(dropped);
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
    let carried_id = format!("{id}-carried");
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
                class:carried=move || carried.with(Option::is_some)
                rows="4"
                aria-describedby=format!("{guidance_id} {carried_id} {messages_id}")
                on:input=move |ev| apply(&event_target_value(&ev))
                on:paste=move |ev: web_sys::ClipboardEvent| {
                    // A paste that would go over the limit is made here, with only what fits: the browser would
                    // first lay out all of it (seconds for megabytes) before the input event could cut it.
                    let Some(pasted) = ev.clipboard_data().and_then(|d| d.get_data("text/plain").ok()) else {
                        return;
                    };
                    let Some(element) = area.get_untracked() else { return };
                    let value = element.value();
                    if value.len() + pasted.len() <= MAX_SECTION_CHARS {
                        return;
                    }
                    let (start, end) = (element.selection_start(), element.selection_end());
                    let at = |offset: Result<Option<u32>, _>| offset.ok().flatten().map_or(usize::MAX, |o| o as usize);
                    let after = paste_utf16(&value, at(start), at(end), &pasted);
                    if section_over_limit(&after).is_some() {
                        ev.prevent_default();
                        apply(&after);
                    }
                }
            ></textarea>
            // Under the text, so that it going at the first edit moves nothing above the caret.
            <p id=carried_id class="carried-note" class:hidden=move || carried.with(Option::is_none)>
                <span class="badge">"上年内容"</span>{carried_words}
            </p>
            <p class="char-count" aria-live="off">"已写 " {characters} " 字"</p>
            {move || refused.get().map(|dropped| view! {
                <p class="diagnostic error limit" role="alert">{over_limit_message(dropped)}</p>
            })}
            <Messages id=messages_id diagnostics=diagnostics />
        </section>
    }
}
