//! Browser-level tests (wasm-bindgen-test in headless Chromium): the app mounted into a real DOM, driven through
//! real input events.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Event, EventInit, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Lets Leptos run the effects scheduled by an update.
async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback(&resolve)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Mounts the app and starts a new legacy-format report for 2011 from the start screen.
async fn mount() -> web_sys::HtmlElement {
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), nianbao::ui::App).forget();
    let year: HtmlInputElement = host
        .query_selector("#report-year")
        .unwrap()
        .unwrap()
        .unchecked_into();
    type_into(&year, "2011");
    next_tick().await;
    let create: web_sys::HtmlElement = host
        .query_selector("button.primary")
        .unwrap()
        .unwrap()
        .unchecked_into();
    create.click();
    next_tick().await;
    host
}

fn input(host: &web_sys::HtmlElement, name: &str) -> HtmlInputElement {
    host.query_selector(&format!("input[aria-label=\"{name}\"]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no input named {name}"))
        .unchecked_into()
}

fn type_into(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    let init = EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

fn text_of_row(host: &web_sys::HtmlElement, name: &str) -> String {
    input(host, name)
        .closest("tr")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap_or_default()
}

const TOTAL: &str = "十一、政府信息公开指定工作人员数 / 本年累计";
const FULL_TIME: &str = "十一、政府信息公开指定工作人员数，其中1.全职人员 / 本年累计";
const PART_TIME: &str = "十一、政府信息公开指定工作人员数，其中2.兼职人员 / 本年累计";

#[wasm_bindgen_test]
async fn typing_parts_updates_the_sum_beside_the_total() {
    let host = mount().await;
    type_into(&input(&host, TOTAL), "2");
    type_into(&input(&host, FULL_TIME), "1");
    next_tick().await;
    let row = text_of_row(&host, TOTAL);
    assert!(row.contains("其中各项合计 1人"), "{row}");
    assert!(row.contains("比总数少 1"), "{row}");

    type_into(&input(&host, PART_TIME), "３");
    next_tick().await;
    let row = text_of_row(&host, TOTAL);
    assert!(
        row.contains("其中各项合计 4人") && row.contains("超出总数 2"),
        "{row}"
    );
    assert_eq!(
        input(&host, TOTAL).get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    host.remove();
}

#[wasm_bindgen_test]
async fn an_invalid_figure_stays_visible_with_a_message() {
    let host = mount().await;
    let cell = input(&host, FULL_TIME);
    type_into(&cell, "1.5");
    next_tick().await;
    assert_eq!(
        cell.value(),
        "1.5",
        "what the writer typed is never replaced"
    );
    let messages = host.query_selector(&format!(
        "#{}",
        cell.get_attribute("aria-describedby").unwrap()
    ));
    let text = messages
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap_or_default();
    assert!(text.contains("只能填写整数"), "{text}");
    host.remove();
}

#[wasm_bindgen_test]
async fn the_fix_button_sets_the_total_to_the_sum() {
    let host = mount().await;
    type_into(&input(&host, TOTAL), "5");
    type_into(&input(&host, FULL_TIME), "1");
    type_into(&input(&host, PART_TIME), "2");
    next_tick().await;
    let button: web_sys::HtmlElement = host
        .query_selector("button.fix")
        .unwrap()
        .expect("a fix is offered")
        .unchecked_into();
    button.click();
    next_tick().await;
    assert_eq!(input(&host, TOTAL).value(), "3");
    assert!(text_of_row(&host, TOTAL).contains("与总数相符"));
    host.remove();
}

#[wasm_bindgen_test]
async fn undo_and_redo_restore_what_was_typed() {
    let host = mount().await;
    let cell = input(&host, TOTAL);
    type_into(&cell, "7");
    next_tick().await;
    let undo: web_sys::HtmlElement = host
        .query_selector("nav.toolbar button[title^='撤销']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    undo.click();
    next_tick().await;
    assert_eq!(input(&host, TOTAL).value(), "");
    let redo: web_sys::HtmlElement = host
        .query_selector("nav.toolbar button[title^='重做']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    redo.click();
    next_tick().await;
    assert_eq!(input(&host, TOTAL).value(), "7");
    host.remove();
}

#[wasm_bindgen_test]
fn local_storage_keeps_text_byte_for_byte_and_lists_keys() {
    use nianbao::store::Storage;
    use nianbao::ui::local_storage::LocalStore;
    let mut store = LocalStore;
    let text = "{\"不是\": \"JSON 编码后的字符串\"";
    store.set("nianbao:v1:test:raw", text).unwrap();
    assert_eq!(
        store.get("nianbao:v1:test:raw").unwrap().as_deref(),
        Some(text)
    );
    assert!(store
        .keys()
        .unwrap()
        .iter()
        .any(|k| k == "nianbao:v1:test:raw"));
    store.remove("nianbao:v1:test:raw").unwrap();
    assert_eq!(store.get("nianbao:v1:test:raw").unwrap(), None);
}

#[wasm_bindgen_test]
fn a_full_local_storage_is_reported_as_full() {
    use nianbao::store::{Storage, StoreError};
    use nianbao::ui::local_storage::LocalStore;
    let mut store = LocalStore;
    let chunk = "x".repeat(1024 * 1024);
    let mut written = Vec::new();
    let error = (0..64).find_map(|i| {
        let key = format!("nianbao:v1:test:fill:{i}");
        match store.set(&key, &chunk) {
            Ok(()) => {
                written.push(key);
                None
            }
            Err(error) => Some(error),
        }
    });
    for key in &written {
        store.remove(key).unwrap();
    }
    assert_eq!(error, Some(StoreError::Full), "after {} MB", written.len());
}
