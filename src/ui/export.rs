//! Export of the report being edited: 导出 HTML (a standalone file), 复制 HTML (for a portal's editor), 导出 PDF,
//! 导出 Word and 导出 Excel. The HTML is made here; the PDF in a web worker (src/bin/nianbao-pdf.rs), started on the
//! first PDF export, which also fetches the fonts then (with progress shown) and keeps them for offline use; the
//! Word and Excel files in another (src/bin/nianbao-office.rs), started on the first of those exports.

use super::embed::{ExportFuture, Exporter, Portal};
use super::files::{self, DownloadError};
use super::status::Status;
use super::worker::{Failure, WorkerClient};
use super::{Editor, Workspace};
use crate::embed::{ExportFormat, ExportedFile, ExportedState};
use crate::export::{build, file_name, html};
use crate::model::{Report, Template};
use js_sys::{Array, Object, Reflect, Uint8Array};
use leptos::prelude::*;
use std::fmt;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag};

/// Why an export did not produce its file, or the file did not reach the writer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportError {
    /// The address of the app's folder (where the fonts are) could not be worked out.
    NoFontsUrl,
    /// The export worker could not be started.
    NoWorker,
    /// The worker did not load, or broke down while working.
    WorkerBroke,
    /// The worker said why it could not make the file (in Chinese).
    Worker(String),
    /// The file was made, but the browser did not offer it for download.
    Download(DownloadError),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::NoFontsUrl => f.write_str("无法确定字体地址"),
            ExportError::NoWorker => f.write_str("无法启动导出程序"),
            ExportError::WorkerBroke => f.write_str("导出程序没能启动或中途出错，请检查网络后重试"),
            ExportError::Worker(why) => f.write_str(why),
            // The words the writer has always been shown for a refused download.
            ExportError::Download(_) => f.write_str("浏览器不允许下载文件"),
        }
    }
}

impl std::error::Error for ExportError {}

impl From<DownloadError> for ExportError {
    fn from(error: DownloadError) -> ExportError {
        ExportError::Download(error)
    }
}

/// The app's exports, for the embedding's `export` command (given to the [`Portal`] by `AppWith`), with the app's
/// export workers.
pub struct AppExporter {
    workers: Workers,
}

impl AppExporter {
    pub fn new(workers: Workers) -> AppExporter {
        AppExporter { workers }
    }
}

impl Exporter for AppExporter {
    fn formats(&self) -> Vec<ExportFormat> {
        ExportFormat::ALL.to_vec()
    }

    fn export(
        &self,
        template: &'static Template,
        report: Report,
        format: ExportFormat,
    ) -> ExportFuture {
        match format {
            ExportFormat::Html => {
                let file = html_file(template, &report);
                Box::pin(async move { Ok(file) })
            }
            ExportFormat::Pdf => {
                let pdf = self.workers.pdf;
                Box::pin(async move {
                    make_pdf(pdf, template, &report, |_, _| {})
                        .await
                        .map(|pdf| pdf.file)
                })
            }
            ExportFormat::Docx | ExportFormat::Xlsx => {
                let office = self.workers.office;
                Box::pin(async move { make_office(office, template, &report, format).await })
            }
        }
    }
}

/// The report as a standalone HTML file.
fn html_file(template: &Template, report: &Report) -> ExportedFile {
    ExportedFile {
        format: ExportFormat::Html,
        file_name: file_name(template, report, "html"),
        mime: ExportFormat::Html.mime().to_owned(),
        bytes: html::document(&build(template, report)).into_bytes(),
    }
}

struct Pdf {
    file: ExportedFile,
    pages: u32,
    /// Characters the fonts lack, printed as "□".
    missing: String,
}

/// The report as a PDF, made by the worker; `progress` hears of the fonts' download (bytes loaded, total).
async fn make_pdf(
    worker: WorkerClient,
    template: &Template,
    report: &Report,
    progress: impl Fn(f64, f64) + 'static,
) -> Result<Pdf, ExportError> {
    let json = report.to_file(template).to_json();
    let name = file_name(template, report, "pdf");
    let fonts = fonts_url().ok_or(ExportError::NoFontsUrl)?;
    let fields = [("report", json.into()), ("fonts", fonts.into())];
    let progress = move |data: &JsValue| progress(number(data, "loaded"), number(data, "total"));
    let done = worker
        .request("export", &fields, None, Some(Rc::new(progress)))
        .await?;
    Ok(Pdf {
        file: ExportedFile {
            format: ExportFormat::Pdf,
            file_name: name,
            mime: ExportFormat::Pdf.mime().to_owned(),
            bytes: bytes(&done, "pdf"),
        },
        pages: number(&done, "pages") as u32,
        missing: Reflect::get(&done, &"missing".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_default(),
    })
}

/// The report as a Word or Excel file, made by the Office worker.
async fn make_office(
    worker: WorkerClient,
    template: &Template,
    report: &Report,
    format: ExportFormat,
) -> Result<ExportedFile, ExportError> {
    let json = report.to_file(template).to_json();
    let fields = [("report", json.into()), ("format", format.name().into())];
    let done = worker.request("export", &fields, None, None).await?;
    Ok(ExportedFile {
        format,
        file_name: file_name(template, report, format.name()),
        mime: format.mime().to_owned(),
        bytes: bytes(&done, "bytes"),
    })
}

/// A number field of a worker's message (0 where it has none).
fn number(message: &JsValue, key: &str) -> f64 {
    Reflect::get(message, &key.into())
        .ok()
        .and_then(|n| n.as_f64())
        .unwrap_or(0.0)
}

/// The file a worker made (a Uint8Array field of its message; empty where it has none).
fn bytes(message: &JsValue, key: &str) -> Vec<u8> {
    Reflect::get(message, &key.into())
        .ok()
        .and_then(|b| b.dyn_into::<Uint8Array>().ok())
        .map(|b| b.to_vec())
        .unwrap_or_default()
}

/// Offers the file to the writer and tells an embedding portal about it, with what the report was like.
fn save(portal: Portal, file: &ExportedFile, state: ExportedState) -> Result<(), DownloadError> {
    files::download(&file.file_name, &file.mime, &file.bytes)?;
    portal.notify_exported(file, state);
    Ok(())
}

/// What an export button does, once the writer has been asked (if they had to be).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ExportAction {
    Html,
    CopyHtml,
    Pdf,
    Office(ExportFormat),
}

/// 导出前提示: every export button goes through here. A report without errors or blank cells is exported at once;
/// otherwise the question (N 个错误，M 格未填写 — 仍要导出?) is asked first, and the export runs only on 仍要导出.
fn ask_first(
    editor: Editor,
    asking: RwSignal<Option<(String, ExportAction)>>,
    action: ExportAction,
    run: impl Fn(ExportAction),
) {
    let state = editor.report.with_untracked(|r| {
        editor
            .findings
            .with_untracked(|f| ExportedState::of(editor.template, r, f))
    });
    match state.prompt() {
        Some(question) => asking.set(Some((question, action))),
        None => run(action),
    }
}

#[component]
pub fn ExportBar() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let Editor {
        template,
        report,
        findings,
        ..
    } = editor;
    let portal = expect_context::<Workspace>().portal;
    let workers = expect_context::<Workers>();
    let worker = workers.pdf;
    let state_now = move || {
        report.with_untracked(|r| findings.with_untracked(|f| ExportedState::of(template, r, f)))
    };
    let asking = RwSignal::new(None::<(String, ExportAction)>);
    let status = RwSignal::new(Status::Idle);
    let busy = RwSignal::new(false);
    let office_busy = RwSignal::new(false);
    let progress = RwSignal::new(None::<(f64, f64)>);

    let export_html = move || {
        let file = report.with(|r| html_file(template, r));
        status.set(match save(portal, &file, state_now()) {
            Ok(()) => Status::Done(format!("已导出 {}", file.file_name)),
            Err(error) => Status::Failed(format!("导出 HTML 失败：{}", ExportError::from(error))),
        });
    };

    let copy_html = move || {
        let fragment = report.with(|r| html::fragment(&build(template, r)));
        wasm_bindgen_futures::spawn_local(async move {
            status.set(match copy_rich(&fragment).await {
                Ok(()) => Status::Done("已复制 HTML，可直接粘贴到网站的编辑器中".to_owned()),
                Err(CopyRefused) => {
                    Status::Failed("复制失败：浏览器不允许访问剪贴板，请改用“导出 HTML”".to_owned())
                }
            });
        });
    };

    let export_pdf = move || {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        status.set(Status::Working(if worker.ready() {
            "正在生成 PDF…".to_owned()
        } else {
            "正在载入 PDF 导出程序（仅首次导出需要）…".to_owned()
        }));
        let on_progress = move |loaded, total| {
            progress.set(Some((loaded, total)));
            status.set(Status::Working(if loaded < total {
                format!(
                    "正在下载报告用到的字体（下载一次后离线也能导出）：{} / {}",
                    megabytes(loaded),
                    megabytes(total)
                )
            } else {
                "正在生成 PDF…".to_owned()
            }));
        };
        let state = state_now();
        let report = report.get_untracked();
        wasm_bindgen_futures::spawn_local(async move {
            let outcome = make_pdf(worker, template, &report, on_progress).await;
            busy.set(false);
            progress.set(None);
            status.set(match outcome {
                Err(message) => Status::Failed(format!("导出 PDF 失败：{message}")),
                Ok(pdf) => match save(portal, &pdf.file, state) {
                    Err(error) => {
                        Status::Failed(format!("导出 PDF 失败：{}", ExportError::from(error)))
                    }
                    Ok(()) if pdf.missing.is_empty() => Status::Done(format!(
                        "已导出 {}（共 {} 页）",
                        pdf.file.file_name, pdf.pages
                    )),
                    Ok(()) => Status::Done(format!(
                        "已导出 {}（共 {} 页）。注意：字体中没有这些字，PDF 中以“□”代替：{}",
                        pdf.file.file_name, pdf.pages, pdf.missing
                    )),
                },
            });
        });
    };

    // 导出 Word / 导出 Excel: one request at a time (the worker makes one file after the other anyway).
    let export_office = move |format: ExportFormat| {
        if office_busy.get_untracked() {
            return;
        }
        let word = match format {
            ExportFormat::Docx => "Word",
            _ => "Excel",
        };
        office_busy.set(true);
        status.set(Status::Working(if workers.office.ready() {
            format!("正在生成 {word} 文件…")
        } else {
            "正在载入 Word/Excel 导出程序（仅首次导出需要）…".to_owned()
        }));
        let state = state_now();
        let report = report.get_untracked();
        wasm_bindgen_futures::spawn_local(async move {
            let outcome = make_office(workers.office, template, &report, format).await;
            office_busy.set(false);
            status.set(
                match outcome.and_then(|file| {
                    save(portal, &file, state)?;
                    Ok(file)
                }) {
                    Ok(file) => Status::Done(format!("已导出 {}", file.file_name)),
                    Err(message) => Status::Failed(format!("导出 {word} 失败：{message}")),
                },
            );
        });
    };

    let message = move || status.get().line("export-status");
    let bar = move || {
        progress.get().map(|(loaded, total)| {
            view! { <progress class="export-progress" max=total value=loaded aria-label="字体下载进度"></progress> }
        })
    };

    let run = move |action: ExportAction| match action {
        ExportAction::Html => export_html(),
        ExportAction::CopyHtml => copy_html(),
        ExportAction::Pdf => export_pdf(),
        ExportAction::Office(format) => export_office(format),
    };
    let button = move |action: ExportAction| move |_| ask_first(editor, asking, action, run);

    view! {
        <section class="export" aria-label="导出">
            <ExportQuestion asking run />
            <div class="export-actions">
                <button type="button" on:click=button(ExportAction::Html)>"导出 HTML"</button>
                <button type="button" on:click=button(ExportAction::CopyHtml)>"复制 HTML"</button>
                <button type="button" on:click=button(ExportAction::Pdf) disabled=move || busy.get() aria-busy=move || busy.get().to_string()>
                    "导出 PDF"
                </button>
                <button type="button" on:click=button(ExportAction::Office(ExportFormat::Docx)) disabled=move || office_busy.get() aria-busy=move || office_busy.get().to_string()>
                    "导出 Word"
                </button>
                <button type="button" on:click=button(ExportAction::Office(ExportFormat::Xlsx)) disabled=move || office_busy.get() aria-busy=move || office_busy.get().to_string()>
                    "导出 Excel"
                </button>
            </div>
            <div class="export-feedback" role="status" aria-live="polite">
                {message}
                {bar}
            </div>
        </section>
    }
}

/// The question before exporting an unfinished report, as a modal dialog: 仍要导出 runs the export, 返回修改 does not.
#[component]
fn ExportQuestion(
    asking: RwSignal<Option<(String, ExportAction)>>,
    run: impl Fn(ExportAction) + Copy + 'static,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        let open = asking.with(Option::is_some);
        let Some(dialog) = dialog.get() else {
            return;
        };
        if open && !dialog.open() {
            let _ = dialog.show_modal();
        } else if !open && dialog.open() {
            dialog.close();
        }
    });
    let go_on = move |_| {
        if let Some((_, action)) = asking.get_untracked() {
            asking.set(None);
            run(action);
        }
    };
    let text = move || asking.with(|a| a.as_ref().map(|(q, _)| q.clone()).unwrap_or_default());
    view! {
        <dialog node_ref=dialog class="leave-dialog export-question" aria-labelledby="export-question-title"
            aria-describedby="export-question-text" on:close=move |_| asking.set(None)>
            <h2 id="export-question-title">"报告还没有完成"</h2>
            <p id="export-question-text" class="pre-line">{text}</p>
            <div class="dialog-actions">
                <button type="button" class="primary" on:click=move |_| asking.set(None)>"返回修改"</button>
                <button type="button" on:click=go_on>"仍要导出"</button>
            </div>
        </dialog>
    }
}

fn megabytes(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1_000_000.0)
}

/// The fonts folder, absolute (the app may live under any sub-path).
fn fonts_url() -> Option<String> {
    super::embed::app_url("fonts/")
}

/// Copies the report as rich text (text/html) with its markup as plain text (for an editor's source view): through
/// the `copy` event first, which works over plain HTTP and in a portal's frame, and leaves the page's CSP alone
/// (Chromium's asynchronous clipboard parses the HTML in the page and reports every style attribute against the
/// CSP); through the asynchronous clipboard where the browser refuses the copy command.
async fn copy_rich(fragment: &str) -> Result<(), CopyRefused> {
    if copy_by_event(fragment).is_some() {
        return Ok(());
    }
    let window = web_sys::window().ok_or(CopyRefused)?;
    let navigator = window.navigator();
    let has = |object: &JsValue, key: &str| Reflect::has(object, &key.into()).unwrap_or(false);
    if !(has(&navigator, "clipboard") && has(&window, "ClipboardItem")) {
        return Err(CopyRefused);
    }
    let blob = |mime: &str| {
        let options = BlobPropertyBag::new();
        options.set_type(mime);
        Blob::new_with_str_sequence_and_options(&Array::of1(&fragment.into()), &options)
    };
    let record = Object::new();
    for mime in ["text/html", "text/plain"] {
        let blob: JsValue = blob(mime).map_err(|_| CopyRefused)?.into();
        Reflect::set(&record, &mime.into(), &blob).map_err(|_| CopyRefused)?;
    }
    let item = web_sys::ClipboardItem::new_with_record_from_str_to_blob_promise(&record)
        .map_err(|_| CopyRefused)?;
    let written = navigator.clipboard().write(&Array::of1(&item));
    JsFuture::from(written)
        .await
        .map(|_| ())
        .map_err(|_| CopyRefused)
}

/// The browser gave the page no way to put the report on the clipboard.
struct CopyRefused;

/// Copies through the `copy` event that `execCommand("copy")` fires: the fragment goes straight onto the clipboard,
/// without being put into the page (where a strict Content-Security-Policy would refuse its style attributes).
fn copy_by_event(fragment: &str) -> Option<()> {
    let document: web_sys::HtmlDocument = web_sys::window()?.document()?.dyn_into().ok()?;
    let written = Rc::new(std::cell::Cell::new(false));
    let (text, flag) = (fragment.to_owned(), Rc::clone(&written));
    let on_copy =
        Closure::<dyn Fn(web_sys::ClipboardEvent)>::new(move |event: web_sys::ClipboardEvent| {
            let Some(data) = event.clipboard_data() else {
                return;
            };
            let html = data.set_data("text/html", &text);
            let plain = data.set_data("text/plain", &text);
            if html.is_ok() && plain.is_ok() {
                event.prevent_default();
                flag.set(true);
            }
        });
    let listener = on_copy.as_ref().unchecked_ref();
    document
        .add_event_listener_with_callback("copy", listener)
        .ok()?;
    let copied = document.exec_command("copy").unwrap_or(false);
    let _ = document.remove_event_listener_with_callback("copy", listener);
    (copied && written.get()).then_some(())
}

/// The export workers of one app: the PDF's and the Office formats'. Made once by `AppWith`, shared by the export
/// buttons (through context) and the portal's [`AppExporter`]. The PDF's keeps the fonts for the next exports.
#[derive(Clone, Copy)]
pub struct Workers {
    pub pdf: WorkerClient,
    pub office: WorkerClient,
}

impl Default for Workers {
    fn default() -> Workers {
        Workers::new()
    }
}

impl Workers {
    pub fn new() -> Workers {
        Workers {
            pdf: WorkerClient::new("nianbao-pdf_loader.js"),
            office: WorkerClient::new("nianbao-office_loader.js"),
        }
    }
}

impl From<Failure> for ExportError {
    fn from(failure: Failure) -> ExportError {
        match failure {
            Failure::NotStarted => ExportError::NoWorker,
            Failure::Broke => ExportError::WorkerBroke,
            Failure::Said(why) => ExportError::Worker(why),
        }
    }
}
