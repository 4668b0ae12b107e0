//! The web workers' side of their messages (wasm32 only), one scaffold for `src/bin/nianbao-pdf.rs`,
//! `nianbao-office.rs` and `nianbao-import.rs`; the app's side is `ui::worker`.
//!
//! Every message is a plain object with a `type`, and, but for `ready`, the `id` of the request it answers:
//! - worker → app `{type: "ready"}` once it listens;
//! - app → worker `{type: KIND, id, …}`, a request of one of the kinds the worker serves (what else it carries is
//!   the worker's own, see each binary);
//! - worker → app `{type: "progress", id, …}` while it works (optional, [`post`]), then `{type: "done", id, …}`
//!   ([`Reply`]) or `{type: "error", id, message}` (in Chinese).
//!
//! A panic ends the worker's wasm (its message goes to the console): the app's client then hears the worker's
//! `error` event, tells every waiting request, and starts a new worker for the next one.

use js_sys::{ArrayBuffer, Object, Reflect, Uint8Array};
use std::future::Future;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Listens for the requests of the given kinds, answers each with `handler`'s reply or its error (in Chinese), and
/// says `ready`. Messages of other kinds are ignored.
pub fn serve<F, R>(kinds: &'static [&'static str], handler: F)
where
    F: Fn(Request) -> R + 'static,
    R: Future<Output = Result<Reply, String>> + 'static,
{
    console_error_panic_hook::set_once();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let Some(kind) = text(&data, "type").filter(|kind| kinds.contains(&kind.as_str())) else {
            return;
        };
        let id = Reflect::get(&data, &"id".into()).unwrap_or(JsValue::NULL);
        let answer = handler(Request {
            kind,
            id: id.clone(),
            data,
        });
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(message) = answer.await.and_then(|reply| reply.post(&id)) {
                post("error", &id, &[("message", message.into())]);
            }
        });
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post("ready", &JsValue::NULL, &[]);
}

/// A request from the app.
pub struct Request {
    /// Its `type`, one of the kinds served.
    pub kind: String,
    /// Its `id`, for [`post`]ing progress.
    pub id: JsValue,
    data: JsValue,
}

impl Request {
    /// A text field.
    pub fn text(&self, key: &str) -> Option<String> {
        text(&self.data, key)
    }

    /// The bytes of an ArrayBuffer field.
    pub fn bytes(&self, key: &str) -> Option<Vec<u8>> {
        let buffer: ArrayBuffer = Reflect::get(&self.data, &key.into())
            .ok()?
            .dyn_into()
            .ok()?;
        Some(Uint8Array::new(&buffer).to_vec())
    }
}

/// The `done` answer to a request: its fields, and the buffer it moves to the app rather than copies.
pub struct Reply {
    fields: Vec<(&'static str, JsValue)>,
    transfer: Option<(ArrayBuffer, &'static str)>,
}

impl Reply {
    pub fn new(fields: Vec<(&'static str, JsValue)>) -> Reply {
        Reply {
            fields,
            transfer: None,
        }
    }

    /// Adds `bytes` as field `key`, its buffer transferred; `undelivered` is the error said if the browser refuses.
    pub fn with_bytes(
        mut self,
        key: &'static str,
        bytes: &[u8],
        undelivered: &'static str,
    ) -> Reply {
        let array = Uint8Array::from(bytes);
        self.transfer = Some((array.buffer(), undelivered));
        self.fields.push((key, array.into()));
        self
    }

    fn post(self, id: &JsValue) -> Result<(), String> {
        let message = message("done", id, &self.fields);
        match self.transfer {
            None => {
                let _ = scope().post_message(&message);
                Ok(())
            }
            Some((buffer, undelivered)) => scope()
                .post_message_with_transfer(&message, &js_sys::Array::of1(&buffer))
                .map_err(|_| undelivered.to_owned()),
        }
    }
}

/// Posts a message `{type: kind, id, …fields}` to the app (`progress` while working).
pub fn post(kind: &str, id: &JsValue, fields: &[(&str, JsValue)]) {
    let _ = scope().post_message(&message(kind, id, fields));
}

/// The worker's global scope (for what a worker fetches or caches itself).
pub fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// A text field of a plain object.
pub fn text(object: &JsValue, key: &str) -> Option<String> {
    Reflect::get(object, &key.into()).ok()?.as_string()
}

fn message(kind: &str, id: &JsValue, fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    let _ = Reflect::set(&object, &"type".into(), &kind.into());
    let _ = Reflect::set(&object, &"id".into(), id);
    for (key, value) in fields {
        let _ = Reflect::set(&object, &(*key).into(), value);
    }
    object.into()
}
