//! The app's side of its web workers (the PDF's, the Office formats' and the import's; their side is
//! `nianbao::worker`, the messages are described there): a worker is started on its first request and kept for the
//! next ones; requests and their answers are matched by id (the writer's and a portal's may overlap); a worker that
//! does not load or breaks down (a panic ends its wasm) fails every waiting request and is started afresh for the
//! next one.

use js_sys::{Array, ArrayBuffer, Object, Reflect};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};

/// Why a request got no `done` answer. Each client says it in its own Chinese words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The worker could not be started.
    NotStarted,
    /// The worker did not load, or broke down while working.
    Broke,
    /// The worker said why it could not do it (in Chinese).
    Said(String),
}

/// One worker of the app, started on its first request.
#[derive(Clone, Copy)]
pub struct WorkerClient {
    /// Its loader, in the app's folder (built by Trunk).
    loader: &'static str,
    client: StoredValue<Option<Client>, LocalStorage>,
}

/// What a waiting request hears.
enum Event {
    Progress(JsValue),
    Finished(Result<JsValue, Failure>),
}

type Handler = Rc<dyn Fn(Event)>;

/// What hears a request's `progress` messages.
pub type Progress = Rc<dyn Fn(&JsValue)>;

/// The started worker.
struct Client {
    worker: Worker,
    ready: bool,
    /// Requests made before the worker said it was ready, with what they transfer.
    waiting: Vec<(JsValue, Option<ArrayBuffer>)>,
    /// Requests not yet answered, by id.
    pending: Vec<(u32, Handler)>,
    next_id: u32,
}

impl WorkerClient {
    pub fn new(loader: &'static str) -> WorkerClient {
        WorkerClient {
            loader,
            client: StoredValue::new_local(None),
        }
    }

    /// Whether the worker is started and listening (so a request need not wait for it to load).
    pub fn ready(&self) -> bool {
        self.client
            .try_with_value(|client| client.as_ref().is_some_and(|c| c.ready))
            .unwrap_or(false)
    }

    /// Sends the request `{type: kind, id, …fields}`, moving `transfer` to the worker rather than copying it, and
    /// waits for its `done` message; `progress` hears its `progress` messages.
    pub async fn request(
        &self,
        kind: &str,
        fields: &[(&str, JsValue)],
        transfer: Option<ArrayBuffer>,
        progress: Option<Progress>,
    ) -> Result<JsValue, Failure> {
        let message = Object::new();
        let _ = Reflect::set(&message, &"type".into(), &kind.into());
        for (key, value) in fields {
            let _ = Reflect::set(&message, &(*key).into(), value);
        }
        let outcome = Rc::new(RefCell::new(None));
        let mut request = Some((message, transfer, progress, Rc::clone(&outcome)));
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let (message, transfer, progress, outcome) =
                request.take().expect("a promise runs its executor once");
            self.send(
                message,
                transfer,
                Rc::new(move |event| match event {
                    Event::Progress(data) => {
                        if let Some(progress) = &progress {
                            progress(&data);
                        }
                    }
                    Event::Finished(result) => {
                        *outcome.borrow_mut() = Some(result);
                        let _ = resolve.call0(&JsValue::NULL);
                    }
                }),
            );
        });
        let _ = JsFuture::from(promise).await;
        let outcome = outcome.borrow_mut().take();
        outcome.unwrap_or(Err(Failure::Broke))
    }

    fn send(&self, message: Object, transfer: Option<ArrayBuffer>, handler: Handler) {
        let this = *self;
        let sent = self
            .client
            .try_update_value(|client| {
                if client.is_none() {
                    *client = Some(this.start()?);
                }
                let client = client.as_mut().expect("started above");
                client.next_id += 1;
                let id = client.next_id;
                let _ = Reflect::set(&message, &"id".into(), &id.into());
                client.pending.push((id, Rc::clone(&handler)));
                if client.ready {
                    post(&client.worker, &message.into(), transfer.as_ref()).ok()?;
                } else {
                    client.waiting.push((message.into(), transfer));
                }
                Some(())
            })
            .flatten();
        if sent.is_none() {
            handler(Event::Finished(Err(Failure::NotStarted)));
        }
    }

    /// Starts the worker; its messages come back to this app's client.
    fn start(self) -> Option<Client> {
        let worker = Worker::new(&super::embed::app_url(self.loader)?).ok()?;
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            let get = |key: &str| Reflect::get(&data, &key.into()).unwrap_or(JsValue::UNDEFINED);
            let kind = get("type").as_string().unwrap_or_default();
            if kind == "ready" {
                self.client.try_update_value(|client| {
                    if let Some(client) = client.as_mut() {
                        client.ready = true;
                        for (message, transfer) in client.waiting.drain(..) {
                            let _ = post(&client.worker, &message, transfer.as_ref());
                        }
                    }
                });
                return;
            }
            let event = match kind.as_str() {
                "progress" => Event::Progress(data.clone()),
                "done" => Event::Finished(Ok(data.clone())),
                "error" => Event::Finished(Err(get("message")
                    .as_string()
                    .map_or(Failure::Broke, Failure::Said))),
                _ => return,
            };
            let id = get("id").as_f64().map(|id| id as u32);
            let finished = matches!(event, Event::Finished(_));
            // Taken out first: the handler may make the next request.
            let handler = self
                .client
                .try_update_value(|client| {
                    let pending = &mut client.as_mut()?.pending;
                    let at = pending.iter().position(|(p, _)| Some(*p) == id)?;
                    Some(if finished {
                        pending.remove(at).1
                    } else {
                        Rc::clone(&pending[at].1)
                    })
                })
                .flatten();
            if let Some(handler) = handler {
                handler(event);
            }
        });
        let on_error = Closure::<dyn Fn(web_sys::ErrorEvent)>::new(move |_| {
            // The worker did not load (its script did not, say offline before it was ever cached), or broke down:
            // drop it, so that the next request starts afresh, and tell every waiting request.
            let Some(client) = self.client.try_update_value(Option::take).flatten() else {
                return;
            };
            client.worker.terminate();
            for (_, handler) in client.pending {
                handler(Event::Finished(Err(Failure::Broke)));
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_message.forget();
        on_error.forget();
        Some(Client {
            worker,
            ready: false,
            waiting: Vec::new(),
            pending: Vec::new(),
            next_id: 0,
        })
    }
}

/// Posts a message, moving `transfer` (a file's bytes) to the worker rather than copying it.
fn post(worker: &Worker, message: &JsValue, transfer: Option<&ArrayBuffer>) -> Result<(), JsValue> {
    match transfer {
        Some(buffer) => worker.post_message_with_transfer(message, &Array::of1(buffer)),
        None => worker.post_message(message),
    }
}
