//! Importing the reports offices already have (issue 13): a published web page, Word, Excel or PDF file, or a paste
//! of the report, read in the import worker (src/bin/nianbao-import.rs, started on the first import so that the
//! readers stay out of the first load), opened as a new draft with a review panel (which file, which format, how
//! many figures, what was not found, unsure, printed as "/" or not placed), or taken as last year's report to start
//! this year's from.
//!
//! The start screen shows [`ImportCard`] and sends dropped files here ([`Importer::file`]); the editor shows
//! [`ReviewPanel`] for a draft that came from an import. What was read stays in [`Imports`] while the tab is open,
//! and with the draft in storage (`store::import`), so that the panel is there again after a reload.
//! The panel's content is made by the worker (`import::panel`), so that none of it weighs on the first load.

use super::local_storage::LocalStore;
use super::status::Status;
use super::worker::{Failure, WorkerClient};
use super::{dom_id, focus_element, Editor, Screen, Workspace};
use crate::check::Place;
use crate::model::{Report, ReportFile, Template};
use crate::store::import::ImportNote;
use crate::store::Drafts;
use crate::templates;
use js_sys::{ArrayBuffer, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Said when the worker could not be started, did not load (offline before it was ever cached) or broke down.
const WORKER_BROKE: &str =
    "导入程序没能启动或中途出错，请检查网络后刷新页面重试（首次导入需要联网载入导入程序）";

/// Whether a file is the app's own JSON (a report file or a draft), read on the page without the worker.
pub fn is_own_json(file: &web_sys::File) -> bool {
    let name = file.name().to_lowercase();
    name.ends_with(".json") || file.type_() == "application/json"
}

/// What the app keeps of the imports of this tab: the worker, and what each import read, by the draft it opened.
#[derive(Clone, Copy)]
pub struct Imports {
    worker: WorkerClient,
    /// The PDF reader's worker, started on the first PDF import (the two workers together are too large).
    pdf_worker: WorkerClient,
    reviews: RwSignal<Vec<Entry>>,
}

impl Default for Imports {
    fn default() -> Imports {
        Imports::new()
    }
}

impl Imports {
    pub fn new() -> Imports {
        Imports {
            worker: WorkerClient::new("nianbao-import_loader.js"),
            pdf_worker: WorkerClient::new("nianbao-import-pdf_loader.js"),
            reviews: RwSignal::new(Vec::new()),
        }
    }

    /// The worker that reads a PDF, or the one that reads every other kind.
    fn worker(&self, pdf: bool) -> WorkerClient {
        if pdf {
            self.pdf_worker
        } else {
            self.worker
        }
    }

    /// The review of a draft: the one of this tab, else the one kept with the draft (after a reload).
    fn entry(&self, draft: &str) -> Option<Entry> {
        if let Some(entry) = self
            .reviews
            .with(|r| r.iter().find(|e| e.draft == draft).cloned())
        {
            return Some(entry);
        }
        let note = Drafts::new(LocalStore).import_note(draft)?;
        let entry = Entry::of_note(draft, note);
        self.reviews.update_untracked(|r| r.push(entry.clone()));
        Some(entry)
    }

    fn add(&self, entry: Entry) {
        entry.keep();
        self.reviews.update(|r| {
            r.retain(|e| e.draft != entry.draft);
            r.push(entry);
        });
    }

    fn set_open(&self, draft: &str, open: bool) {
        self.reviews.update(|r| {
            if let Some(entry) = r.iter_mut().find(|e| e.draft == draft) {
                entry.open = open;
                entry.keep();
            }
        });
    }
}

/// What an import read, shown with the draft it opened.
#[derive(Clone, Debug, PartialEq)]
struct Entry {
    /// The draft this review belongs to.
    draft: String,
    /// The file's name, or 粘贴的内容.
    source: String,
    /// The review panel's content, as HTML made by the worker (every text escaped).
    panel: String,
    /// One line of it, for this year's draft started from the import.
    summary: String,
    /// For this year's draft started from an imported report: the imported (last year's) draft.
    last_year: Option<String>,
    /// Whether the panel is shown open (it can be closed, and opened again).
    open: bool,
}

impl Entry {
    fn of_note(draft: &str, note: ImportNote) -> Entry {
        Entry {
            draft: draft.to_owned(),
            source: note.source,
            panel: note.panel,
            summary: note.summary,
            last_year: note.last_year,
            open: note.open,
        }
    }

    /// Keeps the review with its draft, so that it is there after a reload. A full storage only loses the panel
    /// after a reload (the draft's own save says so where it matters).
    fn keep(&self) {
        let note = ImportNote {
            source: self.source.clone(),
            panel: self.panel.clone(),
            summary: self.summary.clone(),
            last_year: self.last_year.clone(),
            open: self.open,
        };
        let _ = Drafts::new(LocalStore).keep_import_note(&self.draft, &note);
    }
}

/// What to do with what is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Use {
    /// Open it as a draft, to check it (or go on with it).
    Check,
    /// Take it as last year's report and start this year's from it.
    NextYear,
}

/// The start screen's import: what the writer chose to do with an import, and where it stands. Made by the start
/// screen and shared (through context) by its card and its drop target.
#[derive(Clone, Copy)]
pub struct Importer {
    imports: Imports,
    workspace: Workspace,
    usage: RwSignal<Use>,
    status: RwSignal<Status>,
    /// Imports under way.
    busy: RwSignal<u32>,
}

impl Importer {
    /// The start screen's importer (reads the app's [`Imports`] and [`Workspace`] from context).
    pub fn of_app() -> Importer {
        Importer {
            imports: expect_context::<Imports>(),
            workspace: expect_context::<Workspace>(),
            usage: RwSignal::new(Use::Check),
            status: RwSignal::new(Status::Idle),
            busy: RwSignal::new(0),
        }
    }

    /// Reads a picked or dropped file (not the app's own JSON) in the worker and opens it.
    pub fn file(&self, file: web_sys::File) {
        let name = file.name();
        // Not read into the page at all when the readers would refuse it anyway.
        if file.size() > crate::import::MAX_INPUT_BYTES as f64 {
            return self.failed(&name, &crate::import::ImportError::TooLarge.to_string());
        }
        let this = *self;
        let usage = self.begin(&name, name.to_lowercase().ends_with(".pdf"));
        leptos::task::spawn_local(async move {
            let Ok(buffer) = JsFuture::from(file.array_buffer()).await else {
                this.end();
                return this.failed(&name, "浏览器无法读取这个文件");
            };
            let buffer: ArrayBuffer = buffer.unchecked_into();
            // A PDF goes to the PDF reader's worker, by the same detection the readers use.
            let head = js_sys::Uint8Array::new_with_byte_offset_and_length(
                &buffer,
                0,
                buffer.byte_length().min(1024),
            )
            .to_vec();
            let pdf = crate::import::detect(&name, &head) == Ok(crate::import::InputKind::Pdf);
            let fields = [
                ("name", name.clone().into()),
                ("bytes", buffer.clone().into()),
            ];
            this.read("file", &fields, Some(buffer), name, usage, pdf)
                .await;
        });
    }

    /// Reads a paste (the clipboard's text/html where it has one, else its text/plain) and opens it.
    fn paste(&self, html: Option<String>, text: String) {
        const SOURCE: &str = "粘贴的内容";
        if html.as_deref().is_none_or(str::is_empty) && text.trim().is_empty() {
            self.status.set(Status::Failed(
                "剪贴板中没有文字。请在网页或 Word 中选中整篇报告，复制后再粘贴到这里".to_owned(),
            ));
            return;
        }
        let this = *self;
        let usage = self.begin(SOURCE, false);
        leptos::task::spawn_local(async move {
            let html: JsValue = html.map_or(JsValue::NULL, Into::into);
            let fields = [
                ("name", SOURCE.into()),
                ("html", html),
                ("text", text.into()),
            ];
            this.read("paste", &fields, None, SOURCE.to_owned(), usage, false)
                .await;
        });
    }

    /// Says an import is under way; what it is for, as chosen now.
    fn begin(&self, source: &str, pdf: bool) -> Use {
        self.busy.update(|n| *n += 1);
        let loading = if self.imports.worker(pdf).ready() {
            ""
        } else {
            "（首次导入需要载入导入程序）"
        };
        self.status
            .set(Status::Working(format!("正在读取“{source}”{loading}…")));
        self.usage.get_untracked()
    }

    // The start screen (and these signals) may be gone when an import ends: another import opened its draft.
    fn end(&self) {
        self.busy.try_update(|n| *n = n.saturating_sub(1));
    }

    fn failed(&self, source: &str, why: &str) {
        self.status.try_set(Status::Failed(format!(
            "“{source}”无法导入：{why}。未做任何更改。"
        )));
    }

    async fn read(
        self,
        kind: &str,
        fields: &[(&str, JsValue)],
        transfer: Option<ArrayBuffer>,
        source: String,
        usage: Use,
        pdf: bool,
    ) {
        let outcome = read_in_worker(self.imports.worker(pdf), kind, fields, transfer).await;
        self.end();
        let opened =
            outcome.and_then(|answer| open(self.workspace, self.imports, answer, &source, usage));
        match opened {
            Ok(()) => {
                self.status.try_set(Status::Idle);
            }
            Err(why) => self.failed(&source, &why),
        }
    }
}

/// Sends a request to the import worker and waits for what it read, or why not in Chinese.
async fn read_in_worker(
    worker: WorkerClient,
    kind: &str,
    fields: &[(&str, JsValue)],
    transfer: Option<ArrayBuffer>,
) -> Result<Answer, String> {
    let done =
        worker
            .request(kind, fields, transfer, None)
            .await
            .map_err(|failure| match failure {
                Failure::Said(why) => why,
                Failure::NotStarted | Failure::Broke => WORKER_BROKE.to_owned(),
            })?;
    let text = |key: &str| {
        Reflect::get(&done, &key.into())
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default()
    };
    // The report goes through the same strict reader as any report file.
    let file = ReportFile::from_json(&text("report"))
        .map_err(|e| format!("导入程序返回的内容无法读取（{e}）"))?;
    Ok(Answer {
        file,
        panel: text("panel"),
        summary: text("summary"),
    })
}

/// Opens what was read as a new draft (never over an existing one), with its review; for [`Use::NextYear`], also
/// this year's draft started from it, which is then the one on screen.
fn open(
    workspace: Workspace,
    imports: Imports,
    answer: Answer,
    source: &str,
    usage: Use,
) -> Result<(), String> {
    let Answer {
        file,
        panel,
        summary,
    } = answer;
    let template: &'static Template = templates::by_id(&file.template.id)
        .ok_or_else(|| format!("不认识报告格式“{}”", file.template.id))?;
    let report = Report::from_file(template, &file).map_err(|e| e.to_string())?;
    let draft = workspace.create(template, report, None);
    // The start screen may have been scrolled to the paste box: the review panel is at the top of the report.
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
    imports.add(Entry {
        draft: draft.clone(),
        source: source.to_owned(),
        panel,
        summary: summary.clone(),
        last_year: None,
        open: true,
    });
    if usage == Use::NextYear {
        workspace.start_next_year(&draft);
        if let Screen::Editing(next) = workspace.screen.get_untracked() {
            if next != draft {
                imports.add(Entry {
                    draft: next,
                    source: source.to_owned(),
                    panel: String::new(),
                    summary,
                    last_year: Some(draft),
                    open: true,
                });
            }
        }
    }
    Ok(())
}

/// 导入已发布的报告: a file picker, a paste box, and what to do with the report read.
#[component]
pub fn ImportCard() -> impl IntoView {
    let importer = expect_context::<Importer>();
    let on_pick = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        if let Some(files) = input.files() {
            for index in 0..files.length() {
                if let Some(file) = files.get(index) {
                    importer.file(file);
                }
            }
        }
        input.set_value("");
    };
    let on_paste = move |event: leptos::ev::ClipboardEvent| {
        event.prevent_default();
        let Some(data) = event.clipboard_data() else {
            return;
        };
        let html = data.get_data("text/html").ok().filter(|h| !h.is_empty());
        let text = data.get_data("text/plain").unwrap_or_default();
        importer.paste(html, text);
    };
    let choice = move |usage: Use, id: &'static str, text: &'static str| {
        view! {
            <div class="format-choice">
                <input type="radio" name="import-use" id=id prop:checked=move || importer.usage.get() == usage
                    on:change=move |_| importer.usage.set(usage) />
                <label for=id>{text}</label>
            </div>
        }
    };
    let status = move || importer.status.get().line("import-status");
    let busy = move || importer.busy.get() > 0;
    view! {
        <section class="start-card import-published" aria-labelledby="import-title">
            <h2 id="import-title">"导入已发布的报告"</h2>
            <p class="hint">
                "可以导入网站上发布的年度报告：网页（.html、.htm）、Word（.docx）、Excel（.xlsx）或 PDF，也可以把文件拖到本页面上，或从网页、Word 中复制整篇报告后粘贴到下面的框中。导入的内容作为新草稿打开，请先对照原文核对。"
            </p>
            <fieldset class="formats">
                <legend>"导入后"</legend>
                {choice(Use::Check, "import-use-check", "打开这份报告，核对和修改")}
                {choice(Use::NextYear, "import-use-next", "从已发布的报告开始新的一年（作为上年报告，新建下一年度）")}
            </fieldset>
            <div class="actions">
                <label for="import-published-file" class="button-like primary">"选择报告文件"</label>
                <input id="import-published-file" class="visually-hidden" type="file" multiple=true
                    accept=".html,.htm,.docx,.xlsx,.pdf,text/html,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    on:change=on_pick />
            </div>
            <div class="field">
                <label for="import-paste">"粘贴已发布的报告"</label>
                <textarea id="import-paste" class="import-paste" rows="3" aria-describedby="import-paste-hint"
                    placeholder="在此处粘贴（Ctrl+V）" prop:value="" on:paste=on_paste></textarea>
                <p id="import-paste-hint" class="hint">
                    "在网页或 Word、WPS 中选中整篇报告（含表格），复制，再点击此框粘贴。"
                </p>
            </div>
            <div class="import-feedback" role="status" aria-live="polite" aria-busy=move || busy().to_string()>
                {status}
            </div>
        </section>
    }
}

/// The review of an imported draft, above the document: what was read, and every place to check, each a link to
/// its cell. It can be closed and opened again while the draft is open.
#[component]
pub fn ReviewPanel() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let imports = expect_context::<Imports>();
    let workspace = expect_context::<Workspace>();
    let template = editor.template;
    let draft = StoredValue::new(editor.session.id());
    let entry = Memo::new(move |_| draft.with_value(|d| imports.entry(d)));
    let set_open = move |open: bool| draft.with_value(|d| imports.set_open(d, open));
    // The panel's links name cells by id: followed, they go to the cell's input.
    let follow = move |event: leptos::ev::MouseEvent| {
        let link = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("[data-cell]").ok().flatten());
        let Some(cell) = link.and_then(|l| l.get_attribute("data-cell")) else {
            return;
        };
        event.prevent_default();
        if let Some(cell) = template.index_of(&cell) {
            focus_element(&dom_id(Place::Cell(cell)));
        }
    };
    move || {
        let entry = entry.get()?;
        if !entry.open {
            return Some(
                view! {
                    <aside class="import-review closed" role="region" aria-label="导入核对">
                        <button type="button" on:click=move |_| set_open(true)>"查看导入核对"</button>
                    </aside>
                }
                .into_any(),
            );
        }
        let body = match entry.last_year.clone() {
            Some(last_year) => view! {
                <p>
                    "本草稿从导入的上年报告“" {entry.source.clone()} "”新建（" {entry.summary.clone()}
                    "）。结转的数字和“对照上年数据”来自上年报告。"
                </p>
                <button type="button" on:click=move |_| workspace.open(&last_year)>"打开上年报告核对"</button>
            }
            .into_any(),
            None => view! { <div class="import-review-body" inner_html=entry.panel.clone() on:click=follow></div> }
                .into_any(),
        };
        Some(
            view! {
                <aside class="import-review" role="region" aria-label="导入核对">
                    <div class="import-review-head">
                        <h2>"导入核对"</h2>
                        <button type="button" on:click=move |_| set_open(false)>"收起"</button>
                    </div>
                    {body}
                </aside>
            }
            .into_any(),
        )
    }
}

/// What the worker read: the report, and the review panel's content.
struct Answer {
    file: ReportFile,
    panel: String,
    summary: String,
}
