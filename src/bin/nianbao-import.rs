//! The import's web workers. The app starts one on the first import of a published report (`nianbao-import_loader.js`,
//! built by Trunk), so that the readers (HTML, DOCX, XLSX) stay out of the first load, and reading a long file
//! never blocks the page. The same source is also built as `nianbao-import-pdf` (its own `[[bin]]`), the PDF
//! reader alone, started on the first PDF import: each worker is fetched only for the kinds it reads (the two
//! together would be over the 500 KB budget of item 8).
//!
//! Messages (plain objects):
//! - worker → app `{type: "ready"}` once it listens;
//! - app → worker `{type: "file", id, name, bytes}` (`bytes` an ArrayBuffer, transferred) or
//!   `{type: "paste", id, name, html, text}` (`html` the clipboard's text/html, or null; `name` what to call it);
//! - worker → app `{type: "done", id, report, panel, summary}`: `report` the report document read (JSON,
//!   docs/report-format.md), `panel` the review panel's content (HTML, `nianbao::import::panel`), `summary` one
//!   line of it; or `{type: "error", id, message}` (in Chinese, what to do instead).

#[cfg(target_arch = "wasm32")]
pub fn main() {
    console_error_panic_hook::set_once();
    worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
pub fn main() {
    eprintln!(
        "nianbao-import is the app's import worker, built by Trunk for the browser (see README.md)."
    );
    std::process::exit(2);
}

#[cfg(target_arch = "wasm32")]
mod worker {
    use js_sys::{ArrayBuffer, Object, Reflect, Uint8Array};
    use nianbao::import::panel::{review_html, review_summary};
    use nianbao::import::{read_file_but_pdf, read_paste, read_pdf};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    /// Whether this is the PDF worker: decided when it is compiled, so that each links only its readers.
    const PDF: bool = matches!(env!("CARGO_BIN_NAME").as_bytes(), b"nianbao-import-pdf");

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    pub fn start() {
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| {
            let data = event.data();
            let id = Reflect::get(&data, &"id".into()).unwrap_or(JsValue::NULL);
            let name = get_str(&data, "name").unwrap_or_default();
            let read = match get_str(&data, "type").as_deref() {
                Some("file") => {
                    let bytes = Reflect::get(&data, &"bytes".into())
                        .ok()
                        .and_then(|b| b.dyn_into::<ArrayBuffer>().ok())
                        .map(|b| Uint8Array::new(&b).to_vec());
                    match bytes {
                        Some(bytes) if PDF => read_pdf(&bytes),
                        Some(bytes) => read_file_but_pdf(&name, &bytes),
                        None => return post_error(&id, "导入请求不完整"),
                    }
                }
                Some("paste") if !PDF => {
                    let html = get_str(&data, "html").filter(|html| !html.is_empty());
                    let text = get_str(&data, "text").unwrap_or_default();
                    read_paste(html.as_deref(), &text)
                }
                _ => return,
            };
            match read {
                Ok(imported) => post(&message_of(
                    "done",
                    &id,
                    &[
                        ("report", imported.file.to_json().into()),
                        ("panel", review_html(&imported, &name).into()),
                        ("summary", review_summary(&imported.review).into()),
                    ],
                )),
                Err(error) => post_error(&id, &error.to_string()),
            }
        });
        scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        post(&message_of("ready", &JsValue::NULL, &[]));
    }

    fn post_error(id: &JsValue, message: &str) {
        post(&message_of("error", id, &[("message", message.into())]));
    }

    fn post(message: &JsValue) {
        let _ = scope().post_message(message);
    }

    fn message_of(kind: &str, id: &JsValue, fields: &[(&str, JsValue)]) -> JsValue {
        let object = Object::new();
        let _ = Reflect::set(&object, &"type".into(), &kind.into());
        let _ = Reflect::set(&object, &"id".into(), id);
        for (key, value) in fields {
            let _ = Reflect::set(&object, &(*key).into(), value);
        }
        object.into()
    }

    fn get_str(object: &JsValue, key: &str) -> Option<String> {
        Reflect::get(object, &key.into()).ok()?.as_string()
    }
}
