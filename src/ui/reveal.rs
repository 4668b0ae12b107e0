//! Bringing the place being edited into view, the same in every engine: the element's box is measured against
//! what the writer can see of it — inside its table's own scroll box, clear of the table's sticky header row and
//! label column, and in the window below the pinned masthead — and the box, then the window, scroll only when the
//! element is not wholly visible there, by the least amount (plus a small gap when there is room). Only this
//! document's scroll boxes and window move: inside the portal's iframe the portal's page stays where it is.
//!
//! Why not the browser's own `scrollIntoView` or focus scrolling: engines differ in how they count the scroll
//! margins and paddings (WebKit left a focused cell 4 px below a 768 px window, and centred with the margins added,
//! moving the page under the writer), and `scrollIntoView` from a frame also scrolls the page around it.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The room kept between a revealed element and the edge it was scrolled to, when there is that much room.
const GAP: f64 = 8.0;

/// The places that are brought into view on focus (the ids `ui::dom_id` gives); the same list as style/main.css's
/// scroll margins.
const PLACES: &str = r#"[id^="cell-"], [id^="field-"], [id^="section-"]"#;

#[wasm_bindgen]
extern "C" {
    /// A `DOMRect`, read through its getters (no web-sys feature needed).
    type Rect;
    #[wasm_bindgen(method, getter)]
    fn top(this: &Rect) -> f64;
    #[wasm_bindgen(method, getter)]
    fn bottom(this: &Rect) -> f64;
    #[wasm_bindgen(method, getter)]
    fn left(this: &Rect) -> f64;
    #[wasm_bindgen(method, getter)]
    fn right(this: &Rect) -> f64;
    /// An element, seen through the two calls web-sys offers only with more features.
    type Measured;
    #[wasm_bindgen(method, js_name = getBoundingClientRect)]
    fn bounding_rect(this: &Measured) -> Rect;
    /// `focus(options)`, for `{ preventScroll: true }`.
    #[wasm_bindgen(method, js_name = focus)]
    fn focus_with(this: &Measured, options: &JsValue);
}

/// An element's border box in the viewport.
fn rect(element: &web_sys::Element) -> Rect {
    element.unchecked_ref::<Measured>().bounding_rect()
}

/// A visible stretch along one axis.
#[derive(Clone, Copy)]
struct Span {
    start: f64,
    end: f64,
}

/// How far to scroll so that `item` is wholly inside `view`: 0 when it already is; otherwise the least distance,
/// plus [`GAP`] where the view has room for it. An item longer than the view (a long narrative's text area) is left
/// where it is while part of it is in view (the browser keeps the caret in view), else shown from its start.
fn delta(item: Span, view: Span) -> f64 {
    const SLACK: f64 = 0.5;
    if item.start >= view.start - SLACK && item.end <= view.end + SLACK {
        return 0.0;
    }
    let room = (view.end - view.start) - (item.end - item.start);
    if room < 0.0 {
        let partly = item.end > view.start && item.start < view.end;
        return if partly { 0.0 } else { item.start - view.start };
    }
    let gap = GAP.min(room / 2.0);
    if item.start < view.start {
        item.start - view.start - gap
    } else {
        item.end - view.end + gap
    }
}

/// Whole pixels away from zero, so that a scroll that engines round does not stop short of the edge.
fn whole(pixels: f64) -> f64 {
    if pixels > 0.0 {
        pixels.ceil()
    } else {
        pixels.floor()
    }
}

/// Scrolls `element`'s table box and then the window just enough for the element to be wholly visible.
/// How far (whole pixels) to scroll so that the element's box lies within the visible spans, or `None` when it
/// already does: the table's scroll box and the window ask the same question.
fn shift(element: &web_sys::Element, horizontal: Span, vertical: Span) -> Option<(f64, f64)> {
    let r = rect(element);
    let dx = delta(
        Span {
            start: r.left(),
            end: r.right(),
        },
        horizontal,
    );
    let dy = delta(
        Span {
            start: r.top(),
            end: r.bottom(),
        },
        vertical,
    );
    (dx != 0.0 || dy != 0.0).then(|| (whole(dx), whole(dy)))
}

pub(crate) fn reveal(element: &web_sys::Element) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    if let Ok(Some(scroller)) = element.closest(".table-scroll") {
        let outer = rect(&scroller);
        let top = outer.top() + f64::from(scroller.client_top());
        let left = outer.left() + f64::from(scroller.client_left());
        let mut vertical = Span {
            start: top,
            end: top + f64::from(scroller.client_height()),
        };
        let mut horizontal = Span {
            start: left,
            end: left + f64::from(scroller.client_width()),
        };
        // The sticky header row and the row's label, when the element is not itself in them.
        if let Ok(Some(head)) = scroller.query_selector("thead") {
            if !head.contains(Some(element)) {
                vertical.start = vertical.start.max(rect(&head).bottom());
            }
        }
        let label = element
            .closest("tr")
            .ok()
            .flatten()
            .and_then(|row| row.query_selector(r#"th[scope="row"]"#).ok().flatten());
        if let Some(label) = label {
            if !label.contains(Some(element)) {
                horizontal.start = horizontal.start.max(rect(&label).right());
            }
        }
        if let Some((dx, dy)) = shift(element, horizontal, vertical) {
            scroller.scroll_by_with_x_and_y(dx, dy);
        }
    }
    let Some((horizontal, vertical)) = window_view(&window, &document, element) else {
        return;
    };
    if let Some((dx, dy)) = shift(element, horizontal, vertical) {
        window.scroll_by_with_x_and_y(dx, dy);
    }
}

/// Brings the start of a long element (a report opened below a table) into view: as much of it as the window
/// shows, from its top, scrolling the window by the least amount (none when that much of it is already visible);
/// then moves keyboard focus to it without the browser's own scrolling.
pub(crate) fn reveal_start(element: &web_sys::HtmlElement) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"preventScroll".into(), &JsValue::TRUE);
    element.unchecked_ref::<Measured>().focus_with(&options);
    let Some((_, vertical)) = window_view(&window, &document, element) else {
        return;
    };
    let r = rect(element);
    let first_screen = Span {
        start: r.top(),
        end: r.bottom().min(r.top() + (vertical.end - vertical.start)),
    };
    let dy = whole(delta(first_screen, vertical));
    if dy != 0.0 {
        window.scroll_by_with_x_and_y(0.0, dy);
    }
}

/// What of the window the writer sees (horizontally, vertically): below the masthead when it is pinned; the root's
/// client size leaves the scroll bars out.
fn window_view(
    window: &web_sys::Window,
    document: &web_sys::Document,
    element: &web_sys::Element,
) -> Option<(Span, Span)> {
    let root = document.document_element()?;
    let mut vertical = Span {
        start: 0.0,
        end: f64::from(root.client_height()),
    };
    let horizontal = Span {
        start: 0.0,
        end: f64::from(root.client_width()),
    };
    let masthead = element
        .closest(".nianbao")
        .ok()
        .flatten()
        .and_then(|app| app.query_selector("header.masthead").ok().flatten());
    if let Some(masthead) = masthead {
        let pinned = window
            .get_computed_style(&masthead)
            .ok()
            .flatten()
            .and_then(|style| style.get_property_value("position").ok())
            .is_some_and(|position| position == "sticky" || position == "fixed");
        if pinned {
            vertical.start = vertical.start.max(rect(&masthead).bottom());
        }
    }
    Some((horizontal, vertical))
}

/// Moves keyboard focus to `element` without the browser's own scrolling, then brings it into view.
pub(crate) fn focus_and_reveal(element: &web_sys::HtmlElement) {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"preventScroll".into(), &JsValue::TRUE);
    element.unchecked_ref::<Measured>().focus_with(&options);
    reveal(element);
}

/// While the editor is shown: a place that gets focus by the writer's Tab, a click or a script is brought wholly
/// into view once the browser has done its own focus scrolling (on the next frame), whatever that did.
pub(crate) fn reveal_on_focus() {
    let listener = window_event_listener(ev::focusin, |event| {
        let Some(element) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        if !element.matches(PLACES).unwrap_or(false)
            || element.closest(".nianbao").ok().flatten().is_none()
        {
            return;
        }
        request_animation_frame(move || {
            let still = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .is_some_and(|active| active == element);
            if still {
                reveal(&element);
            }
        });
    });
    on_cleanup(move || listener.remove());
}
