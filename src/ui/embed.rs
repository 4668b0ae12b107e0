//! The app inside a portal: the browser side of `crate::embed` (docs/embedding.md), and the offer to update when a
//! new version has been deployed.
//!
//! Two transports carry the same JSON messages:
//! - iframe: `postMessage` to and from `window.parent`, only with origins in `nianbao.config.json`'s allowlist (plus
//!   the app's own); everything else is ignored;
//! - mounted into a host page's element: `CustomEvent`s on that element, `nianbao:command` in and `nianbao:event`
//!   out, with the message as `detail`.
//!
//! The connection lives as long as the app, on the start screen too; commands about "the report" act on the one
//! open in the editor. What the other parts of the app use lives in one [`Portal`] per app (a field of
//! [`Workspace`]), not in page-wide globals:
//! - drafts call [`Portal::notify_saved`] after each successful save;
//! - export is an [`Exporter`] given with [`Portal::set_exporter`] (the `export` command goes through it), and calls
//!   [`Portal::notify_exported`] when the writer exports with the app's own buttons.

use super::export::ExportError;
use super::{Session, Workspace};
use crate::embed::{
    self, Allowlist, Command, Event, ExportFormat, ExportedFile, ExportedState, Incoming,
    ProtocolError, SavedDraft,
};
use crate::model::{Report, Template};
use crate::templates;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement, MessageEvent, Response, Window};

/// The future an [`Exporter`] returns: the file, or why it could not be made.
pub type ExportFuture = Pin<Box<dyn Future<Output = Result<ExportedFile, ExportError>>>>;

/// Turns the report into a file. The export work implements this ([`super::export::AppExporter`]).
pub trait Exporter {
    /// The formats this build can export; announced in the `ready` event.
    fn formats(&self) -> Vec<ExportFormat>;
    fn export(
        &self,
        template: &'static Template,
        report: Report,
        format: ExportFormat,
    ) -> ExportFuture;
}

/// The app's side of the embedding, one per mounted app (made by [`super::AppWith`], kept in [`Workspace`]): the
/// exporter the `export` command uses, and the connections to the page around the app. Two apps mounted in one
/// page (as the browser tests do) each have their own.
#[derive(Clone, Copy)]
pub struct Portal(StoredValue<PortalState, LocalStorage>);

#[derive(Default)]
struct PortalState {
    exporter: Option<Rc<dyn Exporter>>,
    connections: Vec<Rc<Connection>>,
}

impl Default for Portal {
    fn default() -> Portal {
        Portal::new()
    }
}

impl Portal {
    /// A portal with no exporter yet; `AppWith` gives it the app's own unless one was set.
    pub fn new() -> Portal {
        Portal(StoredValue::new_local(PortalState::default()))
    }

    pub fn set_exporter(&self, exporter: Rc<dyn Exporter>) {
        self.0.update_value(|state| state.exporter = Some(exporter));
    }

    pub(crate) fn has_exporter(&self) -> bool {
        self.exporter().is_some()
    }

    fn exporter(&self) -> Option<Rc<dyn Exporter>> {
        self.0
            .try_with_value(|state| state.exporter.clone())
            .flatten()
    }

    /// Tells the embedding page that the report was saved.
    pub fn notify_saved(&self, draft: &SavedDraft) {
        self.broadcast(&Event::Saved { draft }, None);
    }

    /// Tells the embedding page that the writer exported a file (with its bytes).
    pub fn notify_exported(&self, file: &ExportedFile, state: ExportedState) {
        self.broadcast(
            &Event::Exported {
                re: None,
                file,
                state,
            },
            Some(&file.bytes),
        );
    }

    fn broadcast(&self, event: &Event, bytes: Option<&[u8]>) {
        // Copied out first: sending dispatches events, whose listeners may send commands straight back.
        let connections = self
            .0
            .try_with_value(|state| state.connections.clone())
            .unwrap_or_default();
        for connection in connections {
            connection.send_all(event, bytes);
        }
    }

    fn add(&self, connection: Rc<Connection>) {
        self.0
            .update_value(|state| state.connections.push(connection));
    }
}

/// The element the app mounts into: the host page's `[data-nianbao-mount]` or `#nianbao-app`, else `<body>`.
pub fn mount_element() -> HtmlElement {
    let document = document();
    let host = document
        .query_selector("[data-nianbao-mount], #nianbao-app")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        .unwrap_or_else(|| document.body().expect("the page has a body"));
    let _ = host.class_list().add_1("nianbao");
    host
}

/// Where a command came from, so that its answer goes back there.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Via {
    Parent,
    Element,
}

/// How many commands may wait to be applied; one more is refused with `busy`.
const QUEUE_LIMIT: usize = 32;
/// At most this many `load-report` (each opens a new draft) within [`LOAD_WINDOW_SECONDS`]; more are refused with
/// `rate-limited`.
const LOADS_PER_WINDOW: usize = 10;
const LOAD_WINDOW_SECONDS: u32 = 60;

/// A message of ours, waiting to be applied (or refused, in its turn).
struct Queued {
    via: Via,
    incoming: Incoming,
}

struct Connection {
    workspace: Workspace,
    /// Commands are applied one at a time, each once the app has settled after the one before (the screen it
    /// opened rendered, the one it closed disposed), in the order they came; an answer follows each.
    queue: RefCell<VecDeque<Queued>>,
    /// Whether a task is applying the queue.
    draining: Cell<bool>,
    /// When the recent `load-report` were applied (milliseconds since the epoch), for the rate limit.
    loads: RefCell<VecDeque<f64>>,
    host: HtmlElement,
    window: Window,
    /// `window.parent` when the app is framed.
    parent: Option<Window>,
    own_origin: String,
    allowlist: RefCell<Allowlist>,
    /// The parent's origin, once known and allowed.
    parent_origin: RefCell<Option<String>>,
}

impl Connection {
    fn send_all(&self, event: &Event, bytes: Option<&[u8]>) {
        // Every keystroke sends `changed`: serialise it only when someone can receive it.
        if self.element_has_listeners() {
            self.send(Via::Element, event, bytes);
        }
        if self.parent.is_some() && self.parent_origin.borrow().is_some() {
            self.send(Via::Parent, event, bytes);
        }
    }

    /// Events on the mount element reach a portal only when the app is mounted into a portal's page, not on its
    /// own page (index.html marks its body `nianbao-page`).
    fn element_has_listeners(&self) -> bool {
        let own_page = document()
            .body()
            .is_some_and(|b| b.class_list().contains("nianbao-page"));
        !own_page
    }

    fn send(&self, via: Via, event: &Event, bytes: Option<&[u8]>) {
        let Ok(message) = js_sys::JSON::parse(&event.to_json()) else {
            return;
        };
        if let Some(bytes) = bytes {
            let _ =
                js_sys::Reflect::set(&message, &"bytes".into(), &js_sys::Uint8Array::from(bytes));
        }
        match via {
            Via::Element => {
                let init = CustomEventInit::new();
                init.set_detail(&message);
                init.set_bubbles(true);
                if let Ok(event) = CustomEvent::new_with_event_init_dict("nianbao:event", &init) {
                    let _ = self.host.dispatch_event(&event);
                }
            }
            Via::Parent => {
                let target = self.parent_origin.borrow().clone();
                if let (Some(parent), Some(target)) = (&self.parent, target) {
                    let _ = parent.post_message(&message, &target);
                }
            }
        }
    }

    fn receive(self: &Rc<Self>, via: Via, data: &JsValue) {
        let incoming = match js_sys::JSON::stringify(data)
            .ok()
            .and_then(|s| s.as_string())
        {
            Some(text) => embed::parse(&text),
            None => not_json(data),
        };
        if !matches!(incoming, Incoming::NotOurs) {
            self.enqueue(Queued { via, incoming });
        }
    }

    /// Queues a message, and starts applying the queue unless that is under way. A full queue refuses at once.
    fn enqueue(self: &Rc<Self>, queued: Queued) {
        let waiting = self.queue.borrow().len();
        if waiting >= QUEUE_LIMIT {
            let (Incoming::Command { id, .. } | Incoming::Invalid { id, .. }) = &queued.incoming
            else {
                return;
            };
            return self.refuse(queued.via, id.as_ref(), &ProtocolError::Busy { waiting });
        }
        self.queue.borrow_mut().push_back(queued);
        if !self.draining.replace(true) {
            let this = Rc::clone(self);
            spawn_local(async move { this.drain().await });
        }
    }

    /// Applies the queued messages one after another, letting the app settle in between: a command that opens a
    /// report changes the screen, and the next one must not run against the editor that is being taken down.
    async fn drain(self: Rc<Self>) {
        loop {
            let next = self.queue.borrow_mut().pop_front();
            let Some(Queued { via, incoming }) = next else {
                break;
            };
            match incoming {
                Incoming::NotOurs => {}
                Incoming::Invalid { id, error } => self.refuse(via, id.as_ref(), &error),
                Incoming::Command { id, command } => self.run(via, id, command),
            }
            next_task().await;
        }
        self.draining.set(false);
    }

    /// Counts a `load-report` against the rate limit, or says it is over it.
    fn take_load(&self) -> Result<(), ProtocolError> {
        let now = js_sys::Date::now();
        let window = f64::from(LOAD_WINDOW_SECONDS) * 1000.0;
        let mut loads = self.loads.borrow_mut();
        while loads.front().is_some_and(|&at| now - at >= window) {
            loads.pop_front();
        }
        if loads.len() >= LOADS_PER_WINDOW {
            return Err(ProtocolError::RateLimited {
                limit: LOADS_PER_WINDOW,
                seconds: LOAD_WINDOW_SECONDS,
            });
        }
        loads.push_back(now);
        Ok(())
    }

    /// Sends `changed` for the report (tracking it and its findings when run in an effect).
    fn announce_change(&self, session: Session) {
        session.report().with(|report| {
            session.findings.with(|findings| {
                let changed = Event::Changed {
                    template: session.template,
                    report,
                    findings,
                };
                self.send_all(&changed, None);
            })
        });
    }

    /// Sends `diagnostics` for the report's findings (tracking them when run in an effect).
    fn announce_findings(&self, session: Session) {
        session
            .findings
            .with(|findings| self.send_all(&Event::Diagnostics { findings }, None));
    }

    /// Answers a command with an `error` event.
    fn refuse(&self, via: Via, re: Option<&Value>, error: &ProtocolError) {
        self.send(via, &Event::Error { re, error }, None);
    }

    fn run(self: &Rc<Self>, via: Via, id: Option<Value>, command: Command) {
        let answer = |error: Option<ProtocolError>| match error {
            None => self.send(via, &Event::Done { re: id.as_ref() }, None),
            Some(error) => self.refuse(via, id.as_ref(), &error),
        };
        let open = untrack(|| self.workspace.current());
        match command {
            Command::LoadReport(file) => {
                match embed::open_report(&file).and_then(|opened| self.take_load().map(|()| opened))
                {
                    // A new draft, so that nothing the writer has typed is overwritten.
                    Ok((template, report)) => {
                        self.workspace.create(template, report, None);
                        answer(None);
                    }
                    Err(error) => answer(Some(error)),
                }
            }
            Command::SetHeader(fields) => {
                let Some(session) = open else {
                    return answer(Some(ProtocolError::NoReport));
                };
                let changed = session
                    .report()
                    .with_untracked(|r| embed::set_header(session.template, r, &fields));
                match changed {
                    Ok(report) => {
                        session.replace(report);
                        answer(None);
                    }
                    Err(error) => answer(Some(error)),
                }
            }
            Command::Export(format) => {
                let Some(session) = open else {
                    return answer(Some(ProtocolError::NoReport));
                };
                let exporter = self
                    .workspace
                    .portal
                    .exporter()
                    .filter(|e| e.formats().contains(&format));
                let Some(exporter) = exporter else {
                    return answer(Some(ProtocolError::ExportUnavailable(format)));
                };
                let this = Rc::clone(self);
                let state = session.report().with_untracked(|r| {
                    session
                        .findings
                        .with_untracked(|f| ExportedState::of(session.template, r, f))
                });
                let future =
                    exporter.export(session.template, session.report().get_untracked(), format);
                spawn_local(async move {
                    match future.await {
                        Ok(file) => {
                            let event = Event::Exported {
                                re: id.as_ref(),
                                file: &file,
                                state,
                            };
                            this.send(via, &event, Some(&file.bytes));
                        }
                        Err(why) => this.refuse(
                            via,
                            id.as_ref(),
                            &ProtocolError::ExportFailed(why.to_string()),
                        ),
                    }
                });
            }
        }
    }

    /// A message event on the window: accepted only from the parent window, from an allowed origin.
    fn on_message(self: &Rc<Self>, event: &MessageEvent) {
        let Some(parent) = &self.parent else { return };
        let from_parent = event
            .source()
            .is_some_and(|source| js_sys::Object::is(source.as_ref(), parent.as_ref()));
        let origin = event.origin();
        if !from_parent || !self.allowlist.borrow().allows(&origin, &self.own_origin) {
            return;
        }
        self.parent_origin.borrow_mut().get_or_insert(origin);
        self.receive(Via::Parent, &event.data());
    }
}

/// The embedding connection and the update offer; App renders it once. It wires itself to the element the app is
/// mounted in, loads the deploy-time settings and then announces `ready`.
#[component]
pub fn Embedding(workspace: Workspace) -> impl IntoView {
    let update_ready = RwSignal::new(false);
    let anchor = NodeRef::<leptos::html::Div>::new();
    let host_of_anchor = StoredValue::new_local(None::<HtmlElement>);
    anchor.on_load(move |div| {
        let host = div
            .parent_element()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            .unwrap_or_else(mount_element);
        host_of_anchor.set_value(Some(host.clone()));
        if host.get_attribute("data-nianbao-update").as_deref() == Some("ready") {
            update_ready.set(true);
        }
        listen(&host, "nianbao:update-ready", move |_| {
            update_ready.set(true)
        });
        restore_stash(workspace);
        connect(workspace, host);
    });
    let apply_update = move |_| {
        workspace.save_all();
        let Some(host) = host_of_anchor.get_value() else {
            return;
        };
        stash(workspace);
        if let Ok(event) = web_sys::Event::new("nianbao:apply-update") {
            let _ = host.dispatch_event(&event);
        }
    };
    view! {
        <div node_ref=anchor class="nianbao-update" role="status">
            <Show when=move || update_ready.get()>
                <p>
                    "本工具已有新版本。"
                    <button type="button" on:click=apply_update>"刷新以更新"</button>
                    "正在编辑的内容会保留。"
                </p>
            </Show>
        </div>
    }
}

fn connect(workspace: Workspace, host: HtmlElement) {
    let window = web_sys::window().expect("a window");
    let parent = window
        .parent()
        .ok()
        .flatten()
        .filter(|parent| !js_sys::Object::is(parent.as_ref(), window.as_ref()));
    let own_origin = window.location().origin().unwrap_or_default();
    let connection = Rc::new(Connection {
        workspace,
        queue: RefCell::new(VecDeque::new()),
        draining: Cell::new(false),
        loads: RefCell::new(VecDeque::new()),
        host: host.clone(),
        window,
        parent,
        own_origin,
        allowlist: RefCell::new(Allowlist::default()),
        parent_origin: RefCell::new(None),
    });
    workspace.portal.add(Rc::clone(&connection));

    let c = Rc::clone(&connection);
    listen(&host, "nianbao:command", move |event| {
        if let Some(event) = event.dyn_ref::<CustomEvent>() {
            c.receive(Via::Element, &event.detail());
        }
    });

    // Opening a report counts as a change: the portal learns what is being edited.
    let c = Rc::clone(&connection);
    Effect::new(move || {
        if let Some(session) = workspace.current() {
            c.announce_change(session);
        }
    });
    let c = Rc::clone(&connection);
    Effect::new(move || {
        if let Some(session) = workspace.current() {
            c.announce_findings(session);
        }
    });

    spawn_local(async move {
        let allowlist = load_allowlist().await;
        *connection.allowlist.borrow_mut() = allowlist;
        if connection.parent.is_some() {
            let referrer = document().referrer();
            let target = connection.allowlist.borrow().parent_target(
                ancestor_origin(&connection.window).as_deref(),
                Some(referrer.as_str()).filter(|r| !r.is_empty()),
                &connection.own_origin,
            );
            *connection.parent_origin.borrow_mut() = target;
            let c = Rc::clone(&connection);
            listen(&connection.window, "message", move |event| {
                if let Some(event) = event.dyn_ref::<MessageEvent>() {
                    c.on_message(event);
                }
            });
        }
        let formats = workspace
            .portal
            .exporter()
            .map(|e| e.formats())
            .unwrap_or_default();
        let open = untrack(|| workspace.current());
        connection.send_all(
            &Event::Ready {
                template: open.map(|s| s.template),
                formats: &formats,
            },
            None,
        );
        // A report opened before the parent's origin was known (after an update, say) was not announced yet.
        if let Some(session) = open {
            untrack(|| {
                connection.announce_change(session);
                connection.announce_findings(session);
            });
        }
    });
}

/// A message that JSON cannot carry (a BigInt, a cycle, a getter that throws): ours if it says `nianbao`, and then
/// answered as malformed, with its `id` when that is a string or a number.
fn not_json(data: &JsValue) -> Incoming {
    let has = |key: &str| js_sys::Reflect::has(data, &key.into()).unwrap_or(false);
    if !data.is_object() || !has("nianbao") {
        return Incoming::NotOurs;
    }
    let id = js_sys::Reflect::get(data, &"id".into())
        .ok()
        .and_then(|id| match (id.as_string(), id.as_f64()) {
            (Some(text), _) => Some(Value::String(text)),
            (None, Some(n)) if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 => {
                Some(Value::from(n as i64))
            }
            (None, Some(n)) => serde_json::Number::from_f64(n).map(Value::Number),
            (None, None) => None,
        });
    Incoming::Invalid {
        id,
        error: ProtocolError::BadPayload(
            "消息无法按 JSON 读取（含有 BigInt、循环引用等），未执行".to_owned(),
        ),
    }
}

/// Resolves in a later task, once every effect and render the current one scheduled has run.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window()
            .map(|window| window.set_timeout_with_callback(&resolve).is_ok())
            .unwrap_or(false);
        if !scheduled {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

/// Adds an event listener for the life of the page.
fn listen(target: &web_sys::EventTarget, name: &str, handler: impl Fn(web_sys::Event) + 'static) {
    let closure = Closure::<dyn Fn(web_sys::Event)>::new(handler);
    let _ = target.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
    closure.forget();
}

/// The app's folder: the loader records it on the mount element, since a host page lives elsewhere.
pub fn app_base() -> String {
    mount_element()
        .get_attribute("data-nianbao-base")
        .or_else(|| document().base_uri().ok().flatten())
        .unwrap_or_default()
}

/// A file of the app's folder, absolute: the page's folder, or the app's when it is mounted into a portal's page.
pub fn app_url(path: &str) -> Option<String> {
    Some(web_sys::Url::new_with_base(path, &app_base()).ok()?.href())
}

/// Reads `nianbao.config.json` next to the app. No file (or no network and no cached copy) allows no parent; a
/// malformed one is reported in the console and allows none either.
async fn load_allowlist() -> Allowlist {
    let Ok(url) = web_sys::Url::new_with_base("nianbao.config.json", &app_base()) else {
        return Allowlist::default();
    };
    let text = async {
        let window = web_sys::window()?;
        let response: Response = JsFuture::from(window.fetch_with_str(&url.href()))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
        if !response.ok() {
            return None;
        }
        JsFuture::from(response.text().ok()?)
            .await
            .ok()?
            .as_string()
    }
    .await
    .unwrap_or_default();
    Allowlist::from_config(&text).unwrap_or_else(|error| {
        web_sys::console::warn_1(&error.to_string().into());
        Allowlist::default()
    })
}

/// `location.ancestorOrigins[0]`, where the browser has it (Chromium, Safari).
fn ancestor_origin(window: &Window) -> Option<String> {
    let list = js_sys::Reflect::get(&window.location(), &"ancestorOrigins".into()).ok()?;
    if list.is_undefined() {
        return None;
    }
    js_sys::Reflect::get(&list, &0.into()).ok()?.as_string()
}

fn stash_key() -> String {
    format!("nianbao:update-stash:{}", app_base())
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Keeps the report being edited across the reload into a new version (this tab only), even where storage
/// refused the last save.
fn stash(workspace: Workspace) {
    let Some(session) = untrack(|| workspace.current()) else {
        return;
    };
    let report = session
        .report()
        .with_untracked(|r| r.to_file(session.template).to_json());
    let revision = session.draft.with_value(|d| d.revision);
    let json = serde_json::json!({ "draft": session.id(), "revision": revision, "report": report });
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(&stash_key(), &json.to_string());
    }
}

/// After an update: the report that was being edited, open again as it was. The stash goes only once the report
/// is open again.
fn restore_stash(workspace: Workspace) {
    let Some(storage) = session_storage() else {
        return;
    };
    let key = stash_key();
    let Ok(Some(json)) = storage.get_item(&key) else {
        return;
    };
    let stashed: Value = serde_json::from_str(&json).unwrap_or_default();
    let id = stashed["draft"].as_str().unwrap_or_default();
    let revision = stashed["revision"].as_u64().unwrap_or_default();
    match templates::read_report(stashed["report"].as_str().unwrap_or_default()) {
        Ok((template, report)) => workspace.reopen(id, revision, template, report),
        Err(error) => web_sys::console::warn_1(&format!("nianbao: {error}").into()),
    }
    let _ = storage.remove_item(&key);
}
