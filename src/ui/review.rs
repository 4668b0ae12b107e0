//! 汇总审核, the supervising office's screen (issue 16): many units' reports dropped or picked at once (files or a
//! whole folder), one table of them, a report opened read-only with its findings (另存为草稿 to work on it), the sum as
//! a new draft, the level's own report compared with it, the review exported as HTML or .xlsx, and 清空.
//!
//! Thin: the import worker (src/bin/nianbao-import/review.rs) reads, reviews, sums and keeps the set in IndexedDB,
//! and sends the table and the opened report as HTML (`review::screen`, every text escaped); this component only
//! hands it files and clicks, and shows what it sends. The .xlsx is written by the Office worker from the review's
//! JSON document. Its own client of the worker: one instance for the review set, kept while the page is open.

use super::status::Status;
use super::worker::{Failure, WorkerClient};
use super::{files, Workspace};
use crate::model::{Report, ReportFile};
use crate::templates;
use js_sys::{Array, ArrayBuffer, Object, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const WORKER_BROKE: &str =
    "审核程序没能启动或中途出错，请检查网络后刷新页面重试（首次使用需要联网载入审核程序）";

/// The review set's worker (an instance of the import worker of its own, which keeps the set while the page is
/// open) and whether the set of an earlier visit was asked for. Made once by `AppWith`, so that it outlives the screen.
#[derive(Clone, Copy)]
pub struct ReviewSet {
    worker: WorkerClient,
    /// The PDF import worker, started on the first PDF of a batch: the review's worker links no PDF reader (the
    /// two readers together are over the workers' size budget), so a PDF is read there and what it read sent on.
    pdf: WorkerClient,
    restored: StoredValue<bool>,
}

impl Default for ReviewSet {
    fn default() -> ReviewSet {
        ReviewSet::new()
    }
}

impl ReviewSet {
    pub fn new() -> ReviewSet {
        ReviewSet {
            worker: WorkerClient::new("nianbao-import_loader.js"),
            pdf: WorkerClient::new("nianbao-import-pdf_loader.js"),
            restored: StoredValue::new(false),
        }
    }
}

/// Sends a `review-…` request and waits for its answer (the worker's message) or the reason, in Chinese.
async fn ask(
    set: ReviewSet,
    kind: &str,
    fields: &[(&str, JsValue)],
    transfer: Option<ArrayBuffer>,
) -> Result<JsValue, String> {
    set.worker
        .request(kind, fields, transfer, None)
        .await
        .map_err(|failure| match failure {
            Failure::Said(why) => why,
            Failure::NotStarted | Failure::Broke => WORKER_BROKE.to_owned(),
        })
}

fn text(value: &JsValue, key: &str) -> Option<String> {
    Reflect::get(value, &key.into()).ok()?.as_string()
}

const PDF_WORKER_BROKE: &str =
    "PDF 读取程序没能启动或中途出错，请检查网络后刷新页面重试（首次读取 PDF 需要联网载入读取程序）";

/// Whether a file's bytes are a PDF, by the readers' own detection.
fn is_pdf(name: &str, buffer: &ArrayBuffer) -> bool {
    let head = js_sys::Uint8Array::new_with_byte_offset_and_length(
        buffer,
        0,
        buffer.byte_length().min(1024),
    )
    .to_vec();
    crate::import::detect(name, &head) == Ok(crate::import::InputKind::Pdf)
}

/// Has the PDF import worker read a PDF of the batch and puts what it read on the file's record (`document`,
/// `incomplete`), or why it could not (`reason`, in Chinese). The record keeps the file's bytes either way (for
/// duplicates, and to be kept).
async fn read_pdf(set: ReviewSet, record: &Object, name: &str, buffer: &ArrayBuffer) {
    // A copy goes to the worker: the record keeps its own.
    let copy = buffer.slice(0);
    let fields = [("name", name.into()), ("bytes", copy.clone().into())];
    match set.pdf.request("file", &fields, Some(copy), None).await {
        Ok(answer) => {
            let get = |key: &str| Reflect::get(&answer, &key.into()).unwrap_or(JsValue::UNDEFINED);
            let _ = Reflect::set(record, &"document".into(), &get("report"));
            let _ = Reflect::set(record, &"incomplete".into(), &get("incomplete"));
        }
        Err(failure) => {
            let reason = match failure {
                Failure::Said(why) => why,
                Failure::NotStarted | Failure::Broke => PDF_WORKER_BROKE.to_owned(),
            };
            let _ = Reflect::set(record, &"reason".into(), &reason.into());
        }
    }
}

/// A file to add: its name (with its folder, for a folder's files) and the file, or why it is not read.
struct Picked {
    name: String,
    file: web_sys::File,
}

/// Whether a folder's file is of a kind the readers know (hidden files and others are left out).
fn known_kind(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    !base.starts_with('.')
        && base.rsplit_once('.').is_some_and(|(_, ext)| {
            crate::review::EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
        })
}

/// The files of a drop: every dropped file, and every file of a known kind inside a dropped folder where the
/// browser gives folders (`webkitGetAsEntry`); else the plain list of files.
async fn dropped(entries: Vec<JsValue>, plain: Vec<web_sys::File>) -> Vec<Picked> {
    if entries.is_empty() {
        return plain
            .into_iter()
            .map(|file| Picked {
                name: file.name(),
                file,
            })
            .collect();
    }
    let mut out = Vec::new();
    let mut stack: Vec<(JsValue, bool)> = entries.into_iter().map(|e| (e, true)).collect();
    while let Some((entry, top)) = stack.pop() {
        let is_dir = Reflect::get(&entry, &"isDirectory".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let path = text(&entry, "fullPath")
            .unwrap_or_default()
            .trim_start_matches('/')
            .to_owned();
        if is_dir {
            for child in read_folder(&entry).await {
                stack.push((child, false));
            }
            continue;
        }
        if !top && !known_kind(&path) {
            continue;
        }
        if let Some(file) = entry_file(&entry).await {
            out.push(Picked {
                name: if path.is_empty() { file.name() } else { path },
                file,
            });
        }
    }
    out.reverse();
    out
}

/// Calls `method(…, success, failure)` on `target` and waits for the success callback's argument.
async fn callback(target: &JsValue, method: &str, before: Option<&JsValue>) -> Option<JsValue> {
    let function: js_sys::Function = Reflect::get(target, &method.into()).ok()?.dyn_into().ok()?;
    let target = target.clone();
    let before = before.cloned();
    let promise = Promise::new(&mut |resolve, reject| {
        let arguments = Array::new();
        if let Some(before) = &before {
            arguments.push(before);
        }
        arguments.push(&resolve);
        arguments.push(&reject);
        if Reflect::apply(&function, &target, &arguments).is_err() {
            let _ = reject.call0(&JsValue::NULL);
        }
    });
    JsFuture::from(promise).await.ok()
}

async fn read_folder(entry: &JsValue) -> Vec<JsValue> {
    let Some(reader) = Reflect::get(entry, &"createReader".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(entry).ok())
    else {
        return Vec::new();
    };
    let mut children = Vec::new();
    // readEntries gives a folder's entries in chunks, an empty one at the end.
    for _ in 0..10_000 {
        let Some(chunk) = callback(&reader, "readEntries", None).await else {
            break;
        };
        let chunk = Array::from(&chunk);
        if chunk.length() == 0 {
            break;
        }
        children.extend(chunk.iter());
    }
    children
}

async fn entry_file(entry: &JsValue) -> Option<web_sys::File> {
    callback(entry, "file", None).await?.dyn_into().ok()
}

/// The screen's state, shared by its parts.
#[derive(Clone, Copy)]
struct Screen {
    set: ReviewSet,
    workspace: Workspace,
    table: RwSignal<String>,
    files: RwSignal<u32>,
    status: RwSignal<Status>,
    /// A problem with keeping the set (quota, no storage), shown until the next successful save.
    storage: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    opened: RwSignal<Option<(String, Option<String>)>>,
    compared: RwSignal<Option<String>>,
    sort: RwSignal<(String, bool)>,
    only_errors: RwSignal<bool>,
    only_late: RwSignal<bool>,
}

impl Screen {
    fn take_table(&self, answer: &JsValue) {
        if let Some(table) = text(answer, "table") {
            self.table.try_set(table);
        }
        let files = Reflect::get(answer, &"files".into())
            .ok()
            .and_then(|f| f.as_f64())
            .unwrap_or(0.0);
        self.files.try_set(files as u32);
        let saved = Reflect::get(answer, &"saved".into())
            .ok()
            .and_then(|s| s.as_bool());
        match saved {
            Some(true) => {
                self.storage.try_set(None);
            }
            Some(false) => {
                self.storage.try_set(text(answer, "message"));
            }
            None => {}
        }
    }

    /// Runs one request with the screen busy; `done` gets the answer.
    fn run(
        self,
        working: String,
        kind: &'static str,
        fields: Vec<(&'static str, JsValue)>,
        transfer: Option<ArrayBuffer>,
        done: impl FnOnce(Screen, JsValue) -> Result<Option<String>, String> + 'static,
    ) {
        self.busy.set(true);
        self.status.set(Status::Working(working));
        leptos::task::spawn_local(async move {
            let outcome = ask(self.set, kind, &fields, transfer)
                .await
                .and_then(|answer| done(self, answer));
            self.busy.try_set(false);
            self.status.try_set(match outcome {
                Ok(Some(message)) => Status::Done(message),
                Ok(None) => Status::Idle,
                Err(message) => Status::Failed(message),
            });
        });
    }

    fn add(self, picked: Vec<Picked>) {
        if picked.is_empty() {
            self.status
                .set(Status::Failed("没有找到可以审核的文件".to_owned()));
            return;
        }
        let count = picked.len();
        self.busy.set(true);
        self.status
            .set(Status::Working(format!("正在读取 {count} 个文件…")));
        leptos::task::spawn_local(async move {
            // Copied to the worker (a batch has many buffers; the page drops its copies at once).
            let list = Array::new();
            for Picked { name, file } in picked {
                let record = Object::new();
                let _ = Reflect::set(&record, &"name".into(), &name.as_str().into());
                // Not read into the page at all when the readers would refuse it: its row says why.
                let buffer = if file.size() > crate::import::MAX_INPUT_BYTES as f64 {
                    None
                } else {
                    JsFuture::from(file.array_buffer())
                        .await
                        .ok()
                        .and_then(|b| b.dyn_into::<ArrayBuffer>().ok())
                };
                match buffer {
                    Some(buffer) => {
                        if is_pdf(&name, &buffer) {
                            let loading = if self.set.pdf.ready() {
                                ""
                            } else {
                                "（首次读取 PDF 需要载入读取程序）"
                            };
                            self.status
                                .set(Status::Working(format!("正在读取 PDF“{name}”{loading}…")));
                            read_pdf(self.set, &record, &name, &buffer).await;
                        }
                        let _ = Reflect::set(&record, &"bytes".into(), &buffer);
                    }
                    None => {
                        let reason = if file.size() > crate::import::MAX_INPUT_BYTES as f64 {
                            crate::import::ImportError::TooLarge.to_string()
                        } else {
                            "浏览器无法读取这个文件".to_owned()
                        };
                        let _ = Reflect::set(&record, &"reason".into(), &reason.into());
                    }
                }
                list.push(&record);
            }
            self.busy.set(false);
            self.run(
                format!("正在审核 {count} 个文件（首次使用需要载入审核程序）…"),
                "review-add",
                vec![("files", list.into())],
                None,
                move |screen, answer| {
                    screen.take_table(&answer);
                    Ok(Some(format!("已添加 {count} 个文件")))
                },
            );
        });
    }

    fn show_table(self) {
        let (sort, descending) = self.sort.get_untracked();
        self.run(
            "正在排序…".to_owned(),
            "review-table",
            vec![
                ("sort", sort.into()),
                ("descending", descending.into()),
                ("only_errors", self.only_errors.get_untracked().into()),
                ("only_late", self.only_late.get_untracked().into()),
            ],
            None,
            |screen, answer| {
                screen.take_table(&answer);
                Ok(None)
            },
        );
    }

    fn open_row(self, row: u32) {
        self.run(
            "正在打开…".to_owned(),
            "review-open",
            vec![("row", row.into())],
            None,
            |screen, answer| {
                let html = text(&answer, "html").unwrap_or_default();
                screen.opened.set(Some((html, text(&answer, "report"))));
                // Once the panel is drawn (the next frame), its start is brought into view and focused.
                request_animation_frame(|| {
                    if let Some(panel) = leptos::prelude::document()
                        .get_element_by_id("review-opened")
                        .and_then(|p| p.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        super::reveal::reveal_start(&panel);
                    }
                });
                Ok(None)
            },
        );
    }
}

/// Opens a report document (JSON) as a new draft in the editor.
fn open_draft(workspace: Workspace, json: &str) -> Result<(), String> {
    let file = ReportFile::from_json(json).map_err(|e| format!("报告无法打开（{e}）"))?;
    let template = templates::by_id(&file.template.id)
        .ok_or_else(|| format!("不认识报告格式“{}”", file.template.id))?;
    let report = Report::from_file(template, &file).map_err(|e| e.to_string())?;
    workspace.create(template, report, None);
    Ok(())
}

fn picked_of(input: &web_sys::HtmlInputElement, folder: bool) -> Vec<Picked> {
    let Some(list) = input.files() else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .filter_map(|file| {
            let relative = Reflect::get(&file, &"webkitRelativePath".into())
                .ok()
                .and_then(|p| p.as_string())
                .filter(|p| !p.is_empty());
            let name = relative.unwrap_or_else(|| file.name());
            (!folder || known_kind(&name)).then_some(Picked { name, file })
        })
        .collect()
}

#[component]
pub fn ReviewScreen() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let screen = Screen {
        set: expect_context::<ReviewSet>(),
        workspace,
        table: RwSignal::new(String::new()),
        files: RwSignal::new(0),
        status: RwSignal::new(Status::Idle),
        storage: RwSignal::new(None),
        busy: RwSignal::new(false),
        opened: RwSignal::new(None),
        compared: RwSignal::new(None),
        sort: RwSignal::new(("added".to_owned(), false)),
        only_errors: RwSignal::new(false),
        only_late: RwSignal::new(false),
    };
    let dragging = RwSignal::new(false);
    // The set of an earlier visit, once per page; afterwards the worker still has it.
    let set = expect_context::<ReviewSet>();
    let restored = set.restored.get_value();
    if restored {
        screen.show_table();
    } else {
        screen.run(
            "正在载入上次的审核集（首次使用需要载入审核程序）…".to_owned(),
            "review-restore",
            Vec::new(),
            None,
            |screen, answer| {
                screen.set.restored.set_value(true);
                screen.take_table(&answer);
                let files = screen.files.get_untracked();
                Ok((files > 0).then(|| format!("已载入上次的审核集（{files} 个文件）")))
            },
        );
    }
    let folder_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = folder_input.get() {
            let _ = input.set_attribute("webkitdirectory", "");
            let _ = input.set_attribute("directory", "");
        }
    });
    let on_pick = move |folder: bool| {
        move |event: leptos::ev::Event| {
            let input: web_sys::HtmlInputElement = event_target(&event);
            let picked = picked_of(&input, folder);
            input.set_value("");
            screen.add(picked);
        }
    };
    let on_drop = move |event: leptos::ev::DragEvent| {
        event.prevent_default();
        dragging.set(false);
        let Some(data) = event.data_transfer() else {
            return;
        };
        // The entries must be taken during the event: the browser empties the list afterwards.
        let items = data.items();
        let mut entries = Vec::new();
        for i in 0..items.length() {
            let Some(item) = items.get(i) else { continue };
            if item.kind() != "file" {
                continue;
            }
            let entry = Reflect::get(&item, &"webkitGetAsEntry".into())
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                .and_then(|f| f.call0(&item).ok())
                .filter(|e| !e.is_null() && !e.is_undefined());
            if let Some(entry) = entry {
                entries.push(entry);
            }
        }
        let plain: Vec<web_sys::File> = data
            .files()
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        if entries.len() < plain.len() {
            entries.clear();
        }
        leptos::task::spawn_local(async move {
            let picked = dropped(entries, plain).await;
            screen.add(picked);
        });
    };
    // Clicks in the worker's table: a column head sorts, a row's button opens it.
    let on_table_click = move |event: leptos::ev::MouseEvent| {
        let Some(target) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        if let Ok(Some(head)) = target.closest("[data-sort]") {
            let key = head.get_attribute("data-sort").unwrap_or_default();
            screen.sort.update(|(sort, descending)| {
                *descending = *sort == key && !*descending;
                *sort = key;
            });
            screen.show_table();
        } else if let Ok(Some(button)) = target.closest("button[data-row]") {
            if let Some(row) = button
                .get_attribute("data-row")
                .and_then(|r| r.parse::<u32>().ok())
            {
                screen.open_row(row);
            }
        }
    };
    let sum = move |_| {
        screen.run(
            "正在汇总…".to_owned(),
            "review-sum",
            Vec::new(),
            None,
            |screen, answer| {
                let json = text(&answer, "report").unwrap_or_default();
                open_draft(screen.workspace, &json)?;
                Ok(None)
            },
        )
    };
    let on_compare = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        leptos::task::spawn_local(async move {
            let Some(buffer) = JsFuture::from(file.array_buffer())
                .await
                .ok()
                .and_then(|b| b.dyn_into::<ArrayBuffer>().ok())
            else {
                screen
                    .status
                    .set(Status::Failed("浏览器无法读取这个文件".to_owned()));
                return;
            };
            let name = file.name();
            let mut fields = vec![
                ("name", name.clone().into()),
                ("bytes", buffer.clone().into()),
            ];
            if is_pdf(&name, &buffer) {
                // The level's own report as a PDF: read by the PDF import worker, as a batch's PDF is.
                screen.busy.set(true);
                screen
                    .status
                    .set(Status::Working(format!("正在读取 PDF“{name}”…")));
                let record = Object::new();
                read_pdf(screen.set, &record, &name, &buffer).await;
                screen.busy.try_set(false);
                if let Some(reason) = text(&record, "reason") {
                    screen.status.try_set(Status::Failed(format!(
                        "本级报告“{name}”无法读取：{reason}"
                    )));
                    return;
                }
                fields.push((
                    "document",
                    Reflect::get(&record, &"document".into()).unwrap_or(JsValue::NULL),
                ));
            }
            screen.run(
                format!("正在与“{name}”对照…"),
                "review-compare",
                fields,
                Some(buffer),
                |screen, answer| {
                    screen.compared.set(text(&answer, "html"));
                    Ok(Some("对照完成，差异列在下方".to_owned()))
                },
            );
        });
    };
    let export_html = move |_| {
        screen.run(
            "正在生成审核结果…".to_owned(),
            "review-page",
            Vec::new(),
            None,
            |_, answer| {
                let html = text(&answer, "html").unwrap_or_default();
                files::download(
                    "年度报告汇总审核.html",
                    "text/html;charset=utf-8",
                    html.as_bytes(),
                )
                .map_err(|e| e.to_string())?;
                Ok(Some("已导出审核结果（HTML）".to_owned()))
            },
        )
    };
    let workers = expect_context::<super::export::Workers>();
    let export_xlsx = move |_| {
        screen.run(
            "正在生成审核结果 Excel 文件（首次导出需要载入导出程序）…".to_owned(),
            "review-json",
            Vec::new(),
            None,
            move |screen, answer| {
                let json = text(&answer, "json").unwrap_or_default();
                screen.busy.set(true);
                leptos::task::spawn_local(async move {
                    let fields = [("format", "review-xlsx".into()), ("review", json.into())];
                    let outcome = workers
                        .office
                        .request("export", &fields, None, None)
                        .await
                        .map_err(|failure| match failure {
                            Failure::Said(why) => why,
                            _ => "导出程序没能启动或中途出错，请检查网络后重试".to_owned(),
                        })
                        .and_then(|done| {
                            let bytes: Vec<u8> = Reflect::get(&done, &"bytes".into())
                                .ok()
                                .and_then(|b| b.dyn_into::<js_sys::Uint8Array>().ok())
                                .map(|b| b.to_vec())
                                .unwrap_or_default();
                            files::download(
                                "年度报告汇总审核.xlsx",
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                &bytes,
                            )
                            .map_err(|e| e.to_string())
                        });
                    screen.busy.try_set(false);
                    screen.status.try_set(match outcome {
                        Ok(()) => Status::Done("已导出审核结果（Excel）".to_owned()),
                        Err(message) => Status::Failed(message),
                    });
                });
                Ok(None)
            },
        )
    };
    // 清空 asks first, on the page (no browser dialog): the set is gone from this browser once cleared.
    let asking_clear = RwSignal::new(false);
    let clear = move |_| {
        asking_clear.set(false);
        screen.opened.set(None);
        screen.compared.set(None);
        screen.run(
            "正在清空…".to_owned(),
            "review-clear",
            Vec::new(),
            None,
            |screen, answer| {
                screen.take_table(&answer);
                Ok(Some("审核集已清空".to_owned()))
            },
        );
    };
    let save_draft = move |_| {
        let Some((_, Some(json))) = screen.opened.get_untracked() else {
            return;
        };
        if let Err(message) = open_draft(workspace, &json) {
            screen.status.set(Status::Failed(message));
        }
    };
    let filter = move |signal: RwSignal<bool>| {
        move |event: leptos::ev::Event| {
            let input: web_sys::HtmlInputElement = event_target(&event);
            signal.set(input.checked());
            screen.show_table();
        }
    };
    let status = move || screen.status.get().line("import-status");
    let empty = move || screen.files.get() == 0;
    let busy = move || screen.busy.get();
    view! {
        <header class="masthead">
            <div class="masthead-text">
                <h1>"汇总审核"</h1>
                <p class="format">"收集、核对所属各单位的年度报告，生成汇总报告；文件只在本机浏览器中处理和保存，不会上传"</p>
            </div>
            <div class="masthead-actions">
                <button type="button" on:click=move |_| workspace.screen.set(super::Screen::Start)>"返回首页"</button>
            </div>
        </header>
        <main
            class="start review-screen"
            class:dragging=move || dragging.get()
            on:dragover=move |event: leptos::ev::DragEvent| {
                event.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <section class="start-card" aria-labelledby="review-add-title">
                <h2 id="review-add-title">"添加各单位的报告"</h2>
                <p class="hint">
                    "可以一次选择多个文件，或选择整个文件夹：本软件的 JSON 文件，以及网页（.html）、Word（.docx）、Excel（.xlsx）、PDF 格式的已发布报告。也可以把文件或文件夹拖到本页面上。同一单位同一年度的报告只计一次；年度或格式与多数报告不同的另列，不计入汇总；无法读取的文件也列出原因。"
                </p>
                <div class="actions">
                    <label for="review-files" class="button-like primary">"选择文件（可多选）"</label>
                    <input id="review-files" class="visually-hidden" type="file" multiple=true on:change=on_pick(false) />
                    <label for="review-folder" class="button-like">"选择文件夹"</label>
                    <input id="review-folder" class="visually-hidden" type="file" multiple=true node_ref=folder_input on:change=on_pick(true) />
                </div>
                <div class="import-feedback" role="status" aria-live="polite" aria-busy=move || busy().to_string()>
                    {status}
                    {move || screen.storage.get().map(|m| view! { <p class="import-status failed storage-problem" role="alert">{m}</p> })}
                </div>
            </section>
            <section class="start-card review-results" aria-labelledby="review-table-title">
                <h2 id="review-table-title">"审核结果"</h2>
                <div class="actions review-actions">
                    <button type="button" class="primary" on:click=sum disabled=move || empty() || busy()>"生成汇总报告"</button>
                    <label for="review-own" class="button-like" class:disabled=empty>"与本级报告对照"</label>
                    <input id="review-own" class="visually-hidden" type="file" on:change=on_compare disabled=empty />
                    <button type="button" on:click=export_html disabled=move || empty() || busy()>"导出审核结果（HTML）"</button>
                    <button type="button" on:click=export_xlsx disabled=move || empty() || busy()>"导出审核结果（Excel）"</button>
                    <button type="button" class="danger" on:click=move |_| asking_clear.set(true) disabled=move || empty() || busy()>"清空"</button>
                </div>
                <Show when=move || asking_clear.get()>
                    <div class="notice warning" role="alertdialog" aria-label="确认清空">
                        <p>"清空后，审核集中的全部文件和结果都会从本浏览器中删除（原文件不受影响），生成的汇总草稿保留。确定清空吗？"</p>
                        <button type="button" class="danger" on:click=clear>"确定清空"</button>
                        <button type="button" on:click=move |_| asking_clear.set(false)>"取消"</button>
                    </div>
                </Show>
                <fieldset class="formats review-filters">
                    <legend>"筛选"</legend>
                    <div class="format-choice">
                        <input type="checkbox" id="review-only-errors" on:change=filter(screen.only_errors) />
                        <label for="review-only-errors">"只看有错误的"</label>
                    </div>
                    <div class="format-choice">
                        <input type="checkbox" id="review-only-late" on:change=filter(screen.only_late) />
                        <label for="review-only-late">"只看逾期发布的"</label>
                    </div>
                </fieldset>
                <Show when=move || !empty() fallback=|| view! { <p class="hint">"还没有添加报告。"</p> }>
                    <div class="review-table-box" inner_html=move || screen.table.get() on:click=on_table_click></div>
                </Show>
                {move || screen.compared.get().map(|html| view! {
                    <div class="review-compared" inner_html=html></div>
                })}
            </section>
            {move || screen.opened.get().map(|(html, report)| {
                let can_save = report.is_some();
                view! {
                    <section id="review-opened" class="start-card review-opened" aria-label="打开的报告" tabindex="-1">
                        <div class="actions">
                            <button type="button" class="primary" on:click=save_draft disabled=!can_save>"另存为草稿"</button>
                            <button type="button" on:click=move |_| screen.opened.set(None)>"关闭"</button>
                        </div>
                        <div inner_html=html></div>
                    </section>
                }
            })}
        </main>
    }
}
