//! Browser-level tests of the embedding glue (wasm-bindgen-test in headless Chromium): the app mounted into an
//! element, commanded through `nianbao:command` events, with a stand-in exporter where the export work will plug in.
#![cfg(target_arch = "wasm32")]

use nianbao::embed::{ExportFormat, ExportedFile, SavedDraft};
use nianbao::model::{Report, Template};
use nianbao::ui::embed::{ExportFuture, Exporter};
use nianbao::ui::{AppWith, Portal};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

async fn ticks(n: usize) {
    for _ in 0..n {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
}

/// Mounts the app into a fresh element (with `exporter` in place of the app's own, if given) and records every
/// `nianbao:event` it dispatches. Gives the app's portal too, to call its hooks.
async fn mount(
    exporter: Option<Rc<dyn Exporter>>,
) -> (HtmlElement, Rc<RefCell<Vec<JsValue>>>, Portal) {
    let host: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let received = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&received);
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        sink.borrow_mut()
            .push(event.unchecked_into::<CustomEvent>().detail());
    });
    host.add_event_listener_with_callback("nianbao:event", listener.as_ref().unchecked_ref())
        .unwrap();
    listener.forget();
    let portal = Rc::new(std::cell::Cell::new(None));
    let kept = Rc::clone(&portal);
    leptos::mount::mount_to(host.clone(), move || {
        use leptos::prelude::*;
        let portal = Portal::new();
        if let Some(exporter) = exporter {
            portal.set_exporter(exporter);
        }
        kept.set(Some(portal));
        view! { <AppWith portal /> }
    })
    .forget();
    ticks(1).await;
    (host, received, portal.get().expect("mounted"))
}

/// Starts a report of the given year from the start screen.
async fn start_report(host: &HtmlElement, year_text: &str) {
    let year: web_sys::HtmlInputElement = host
        .query_selector("#report-year")
        .unwrap()
        .unwrap()
        .unchecked_into();
    year.set_value(year_text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    year.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    ticks(1).await;
    // The 新建报告 button by its text: drafts left by other tests are listed first, each with its own 打开.
    let buttons = host.query_selector_all("button.primary").unwrap();
    let create: HtmlElement = (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .find(|b| b.text_content().is_some_and(|t| t.contains("新建报告")))
        .expect("the 新建报告 button")
        .unchecked_into();
    create.click();
    ticks(1).await;
}

/// Waits for the first event of a type.
async fn until(received: &RefCell<Vec<JsValue>>, kind: &str) -> JsValue {
    for _ in 0..200 {
        if let Some(event) = of_type(received, kind).into_iter().next() {
            return event;
        }
        ticks(1).await;
    }
    panic!("no {kind} event");
}

fn heading(host: &HtmlElement) -> String {
    host.query_selector("h1")
        .unwrap()
        .and_then(|h| h.text_content())
        .unwrap_or_default()
}

fn command(host: &HtmlElement, json: &str) {
    let init = CustomEventInit::new();
    init.set_detail(&js_sys::JSON::parse(json).unwrap());
    host.dispatch_event(&CustomEvent::new_with_event_init_dict("nianbao:command", &init).unwrap())
        .unwrap();
}

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &key.into()).unwrap()
}

fn of_type(received: &RefCell<Vec<JsValue>>, kind: &str) -> Vec<JsValue> {
    received
        .borrow()
        .iter()
        .filter(|e| get(e, "type").as_string().as_deref() == Some(kind))
        .cloned()
        .collect()
}

struct StandIn;

impl Exporter for StandIn {
    fn formats(&self) -> Vec<ExportFormat> {
        vec![ExportFormat::Pdf]
    }

    fn export(
        &self,
        template: &'static Template,
        report: Report,
        format: ExportFormat,
    ) -> ExportFuture {
        let unit = report
            .field_by_id(template, "unit")
            .unwrap_or("")
            .to_owned();
        Box::pin(async move {
            Ok(ExportedFile {
                format,
                file_name: format!("{unit}.pdf"),
                mime: "application/pdf".into(),
                bytes: b"%PDF-1.7".to_vec(),
            })
        })
    }
}

#[wasm_bindgen_test]
async fn commands_on_the_mount_element_are_answered_there() {
    let (host, received, portal) = mount(Some(Rc::new(StandIn))).await;
    // `ready` waits for nianbao.config.json (absent here, so no parent is allowed), on the start screen.
    let ready = until(&received, "ready").await;
    assert_eq!(get(&ready, "template"), JsValue::NULL, "no report open yet");
    let formats: js_sys::Array = get(&ready, "formats").unchecked_into();
    assert_eq!(formats.to_vec(), vec![JsValue::from("pdf")]);

    command(
        &host,
        r#"{"nianbao":1,"type":"set-header","id":0,"fields":{"unit":"示例局"}}"#,
    );
    let refused = until(&received, "error").await;
    assert_eq!(get(&refused, "re"), JsValue::from(0));
    assert_eq!(
        get(&refused, "code").as_string().as_deref(),
        Some("no-report")
    );
    received.borrow_mut().clear();

    start_report(&host, "2011").await;
    let opened = until(&received, "changed").await;
    assert_eq!(
        get(&get(&get(&opened, "report"), "template"), "id")
            .as_string()
            .as_deref(),
        Some("legacy-2008"),
        "opening a report tells the portal what is being edited"
    );

    command(
        &host,
        r#"{"nianbao":1,"type":"set-header","id":1,"fields":{"unit":"示例局"}}"#,
    );
    ticks(2).await;
    assert_eq!(get(&of_type(&received, "done")[0], "re"), JsValue::from(1));
    let changed = of_type(&received, "changed");
    let unit = get(
        &get(&get(changed.last().unwrap(), "report"), "fields"),
        "unit",
    );
    assert_eq!(unit.as_string().as_deref(), Some("示例局"));

    command(
        &host,
        r#"{"nianbao":1,"type":"export","id":"x","format":"pdf"}"#,
    );
    ticks(2).await;
    let exported = of_type(&received, "exported");
    assert_eq!(exported.len(), 1);
    assert_eq!(get(&exported[0], "re").as_string().as_deref(), Some("x"));
    assert_eq!(
        get(&exported[0], "file_name").as_string().as_deref(),
        Some("示例局.pdf")
    );
    let bytes: js_sys::Uint8Array = get(&exported[0], "bytes").unchecked_into();
    assert_eq!(bytes.to_vec(), b"%PDF-1.7");

    command(
        &host,
        r#"{"nianbao":1,"type":"export","id":"y","format":"html"}"#,
    );
    ticks(2).await;
    let error = of_type(&received, "error");
    assert_eq!(
        get(&error[0], "code").as_string().as_deref(),
        Some("export-unavailable")
    );

    portal.notify_saved(&SavedDraft {
        draft_id: "draft-1".into(),
        updated_at: "2026-11-29T08:00:00Z".into(),
    });
    let saved = of_type(&received, "saved");
    assert!(
        saved.len() >= 2,
        "the new draft's first save, then this one"
    );
    assert_eq!(
        get(saved.last().unwrap(), "draft_id")
            .as_string()
            .as_deref(),
        Some("draft-1")
    );
    host.remove();
}

#[wasm_bindgen_test]
async fn load_report_opens_the_report_as_a_new_draft_of_its_own_format() {
    let (host, received, _) = mount(None).await;
    until(&received, "ready").await;
    start_report(&host, "2011").await;
    let national = include_str!("../examples/reports/national-2025-example.json");
    let message =
        serde_json::json!({ "nianbao": 1, "type": "load-report", "id": "n", "report": national });
    command(&host, &message.to_string());
    ticks(2).await;
    let done = until(&received, "done").await;
    assert_eq!(get(&done, "re").as_string().as_deref(), Some("n"));
    let changed = of_type(&received, "changed");
    let report = get(changed.last().unwrap(), "report");
    assert_eq!(
        get(&get(&report, "template"), "id").as_string().as_deref(),
        Some(nianbao::templates::national().id.as_str())
    );
    assert!(
        heading(&host).contains("2025年"),
        "the editor shows the loaded report: {}",
        heading(&host)
    );
    host.remove();
}

#[wasm_bindgen_test]
async fn a_report_kept_across_an_update_opens_again_even_when_its_draft_was_never_stored() {
    let base = document().base_uri().unwrap().unwrap();
    let key = format!("nianbao:update-stash:{base}");
    let report = include_str!("../examples/reports/national-2025-example.json");
    let stash = serde_json::json!({ "draft": "never-stored", "revision": 3, "report": report });
    let session = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    session.set_item(&key, &stash.to_string()).unwrap();

    let stored = || {
        let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
        (0..storage.length().unwrap())
            .filter_map(|i| storage.key(i).unwrap())
            .filter(|key| key.starts_with("nianbao:v1:draft:"))
            .filter(|key| {
                let text = storage.get_item(key).unwrap().unwrap_or_default();
                text.contains("示例区人民政府办公室") && text.contains("2025")
            })
            .count()
    };
    let before = stored();
    let (host, received, _) = mount(None).await;
    let ready = until(&received, "ready").await;
    assert!(
        heading(&host).contains("2025年"),
        "the kept report is open: {}",
        heading(&host)
    );
    assert_eq!(
        session.get_item(&key).unwrap(),
        None,
        "and the stash is gone"
    );
    assert_eq!(stored(), before + 1, "saved as a new draft");
    // Announced to the portal once it is listening.
    assert!(!get(&ready, "template").is_null());
    let changed = until(&received, "changed").await;
    let unit = get(&get(&get(&changed, "report"), "fields"), "unit");
    assert_eq!(unit.as_string().as_deref(), Some("示例区人民政府办公室"));
    host.remove();
}

fn command_value(host: &HtmlElement, message: &JsValue) {
    let init = CustomEventInit::new();
    init.set_detail(message);
    host.dispatch_event(&CustomEvent::new_with_event_init_dict("nianbao:command", &init).unwrap())
        .unwrap();
}

fn object(json: &serde_json::Value) -> js_sys::Object {
    js_sys::JSON::parse(&json.to_string())
        .unwrap()
        .unchecked_into()
}

fn stored_drafts() -> usize {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .filter(|key| key.starts_with("nianbao:v1:draft:"))
        .count()
}

/// Every answer (`done`, `error`, `exported`) to a command, as (re, type, code), in the order sent.
fn answers(received: &RefCell<Vec<JsValue>>) -> Vec<(i64, String, String)> {
    received
        .borrow()
        .iter()
        .filter_map(|event| {
            let kind = get(event, "type").as_string()?;
            let re = get(event, "re").as_f64()? as i64;
            matches!(kind.as_str(), "done" | "error" | "exported")
                .then(|| (re, kind, get(event, "code").as_string().unwrap_or_default()))
        })
        .collect()
}

#[wasm_bindgen_test]
async fn a_flood_of_every_command_in_one_task_is_answered_in_turn_and_bounded() {
    let (host, received, _) = mount(Some(Rc::new(StandIn))).await;
    until(&received, "ready").await;
    let national = include_str!("../examples/reports/national-2025-example.json");
    let drafts_before = stored_drafts();

    // One task: every kind of command, three rounds, then 2,000 load-report in a tight loop. Expected answers by
    // the documented rules: 32 wait at most (the rest `busy` at once), 10 load-report a minute (`rate-limited`).
    let mut expected: Vec<(i64, &str, &str)> = Vec::new();
    let mut id = 0_i64;
    let mut queued = 0;
    let mut loads = 0;
    let mut send = |message: JsValue, answer: (&'static str, &'static str), load: bool| {
        id += 1;
        js_sys::Reflect::set(&message, &"id".into(), &(id as f64).into()).unwrap();
        command_value(&host, &message);
        let answer = if queued >= 32 {
            ("error", "busy")
        } else if load && loads >= 10 {
            queued += 1;
            ("error", "rate-limited")
        } else {
            queued += 1;
            loads += usize::from(load);
            answer
        };
        expected.push((id, answer.0, answer.1));
    };
    let message = |json: serde_json::Value| JsValue::from(object(&json));
    send(
        message(serde_json::json!({"nianbao": 1, "type": "set-header", "fields": {"unit": "甲"}})),
        ("error", "no-report"),
        false,
    );
    for round in 0..3 {
        send(
            message(serde_json::json!({"nianbao": 1, "type": "load-report", "report": national})),
            ("done", ""),
            true,
        );
        send(
            message(
                serde_json::json!({"nianbao": 1, "type": "set-header", "fields": {"unit": format!("第{round}局")}}),
            ),
            ("done", ""),
            false,
        );
        send(
            message(serde_json::json!({"nianbao": 1, "type": "export", "format": "pdf"})),
            ("exported", ""),
            false,
        );
        send(
            message(serde_json::json!({"nianbao": 1, "type": "export", "format": "html"})),
            ("error", "export-unavailable"),
            false,
        );
        send(
            message(serde_json::json!({"nianbao": 1, "type": "no-such-command"})),
            ("error", "unknown-type"),
            false,
        );
        send(
            message(
                serde_json::json!({"nianbao": 1, "type": "load-report", "report": {"template": {"id": "nope"}}}),
            ),
            ("error", "bad-report"),
            false,
        );
        // JSON cannot carry these; they are ours all the same, and malformed.
        let big = message(serde_json::json!({"nianbao": 1, "type": "set-header"}));
        js_sys::Reflect::set(&big, &"fields".into(), &js_sys::BigInt::from(7_u64).into()).unwrap();
        send(big, ("error", "bad-payload"), false);
        let cyclic = message(serde_json::json!({"nianbao": 1, "type": "set-header"}));
        js_sys::Reflect::set(&cyclic, &"fields".into(), &cyclic).unwrap();
        send(cyclic, ("error", "bad-payload"), false);
    }
    for _ in 0..2000 {
        send(
            message(serde_json::json!({"nianbao": 1, "type": "load-report", "report": national})),
            ("done", ""),
            true,
        );
    }

    for _ in 0..3000 {
        if answers(&received).len() >= expected.len() {
            break;
        }
        ticks(1).await;
    }
    let mut got = answers(&received);
    // Refused at once when the queue is full; every other answer comes in turn, in the order sent.
    let in_turn: Vec<i64> = got
        .iter()
        .filter(|(_, _, code)| code != "busy")
        .map(|(re, _, _)| *re)
        .collect();
    assert!(in_turn.windows(2).all(|w| w[0] < w[1]), "{in_turn:?}");
    got.sort_by_key(|(re, _, _)| *re);
    let got: Vec<(i64, &str, &str)> = got
        .iter()
        .map(|(re, kind, code)| (*re, kind.as_str(), code.as_str()))
        .collect();
    assert_eq!(got, expected, "one answer to each command, the right one");
    assert_eq!(
        stored_drafts(),
        drafts_before + 10,
        "at most 10 new drafts a minute"
    );
    assert!(
        heading(&host).contains("2025年"),
        "the last report loaded is open: {}",
        heading(&host)
    );
    host.remove();
}
