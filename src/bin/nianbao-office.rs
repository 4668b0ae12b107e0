//! The Word and Excel exports' web worker. The app starts it on the first 导出 Word or 导出 Excel
//! (`nianbao-office_loader.js`, built by Trunk), so the zip writer and rust_xlsxwriter stay out of the first load.
//!
//! Messages (plain objects):
//! - worker → app `{type: "ready"}` once it listens;
//! - app → worker `{type: "export", id, report, format}`: `report` is the report document as JSON
//!   (docs/report-format.md), `format` `"docx"` or `"xlsx"`; or `format: "review-xlsx"` with `review`, the review's
//!   JSON document (汇总审核, `nianbao::review::to_json`), written by `nianbao::review::xlsx`;
//! - worker → app `{type: "done", id, bytes}` (a Uint8Array, its buffer transferred) or
//!   `{type: "error", id, message}` (in Chinese).

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("nianbao-office is the app's Word and Excel worker, built by Trunk for the browser (see README.md); on the command line use `nianbao export`.");
    std::process::exit(2);
}

#[cfg(target_arch = "wasm32")]
mod worker {
    use js_sys::{Object, Reflect, Uint8Array};
    use nianbao::export::{docx_file, xlsx_file};
    use nianbao::templates;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    pub fn start() {
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| {
            let data = event.data();
            if get_str(&data, "type").as_deref() != Some("export") {
                return;
            }
            let id = Reflect::get(&data, &"id".into()).unwrap_or(JsValue::NULL);
            if let Err(message) = export(&data, &id) {
                post(&message_of("error", &id, &[("message", message.into())]));
            }
        });
        scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        post(&message_of("ready", &JsValue::NULL, &[]));
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

    fn export(data: &JsValue, id: &JsValue) -> Result<(), String> {
        const INCOMPLETE: &str = "导出请求不完整";
        let format = get_str(data, "format").ok_or(INCOMPLETE)?;
        if format == "review-xlsx" {
            let review = get_str(data, "review").ok_or(INCOMPLETE)?;
            let review: serde_json::Value =
                serde_json::from_str(&review).map_err(|_| INCOMPLETE.to_owned())?;
            let bytes = nianbao::review::xlsx::workbook(&review).map_err(|e| e.to_string())?;
            return send(id, &bytes);
        }
        let report = get_str(data, "report").ok_or(INCOMPLETE)?;
        let (template, report) = templates::read_report(&report).map_err(|e| e.to_string())?;
        let bytes = match format.as_str() {
            "docx" => docx_file(template, &report).map_err(|e| e.to_string())?,
            "xlsx" => xlsx_file(template, &report).map_err(|e| e.to_string())?,
            _ => return Err(INCOMPLETE.to_owned()),
        };
        send(id, &bytes)
    }

    fn send(id: &JsValue, bytes: &[u8]) -> Result<(), String> {
        let bytes = Uint8Array::from(bytes);
        let reply = message_of("done", id, &[("bytes", bytes.clone().into())]);
        let transfer = js_sys::Array::of1(&bytes.buffer());
        scope()
            .post_message_with_transfer(&reply, &transfer)
            .map_err(|_| "无法把文件交给页面".to_owned())
    }
}
