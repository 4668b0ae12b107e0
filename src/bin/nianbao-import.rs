//! The import's web workers. The app starts one on the first import of a published report (`nianbao-import_loader.js`,
//! built by Trunk), so that the readers (HTML, DOCX, XLSX) stay out of the first load, and reading a long file
//! never blocks the page. The same source is also built as `nianbao-import-pdf` (its own `[[bin]]`), the PDF
//! reader alone, started on the first PDF import: each worker is fetched only for the kinds it reads (the two
//! together would be over the 500 KB budget of item 8).
//!
//! Messages (plain objects, `nianbao::worker`):
//! - app → worker `{type: "file", id, name, bytes}` (`bytes` an ArrayBuffer, transferred) or
//!   `{type: "paste", id, name, html, text}` (`html` the clipboard's text/html, or null; `name` what to call it;
//!   not to the PDF worker);
//! - worker → app `{type: "done", id, report, panel, summary, incomplete}`: `report` the report document read
//!   (JSON, docs/report-format.md), `panel` the review panel's content (HTML, `nianbao::import::panel`), `summary`
//!   one line of it, `incomplete` what was not read completely (strings, `review::incomplete`; the 汇总审核 screen
//!   shows it for a PDF, which this worker reads for it); or `{type: "error", id, message}` (in Chinese, what to do instead);
//! - the review set's `review-…` requests (汇总审核, `nianbao-import` only), served by `nianbao-import/review.rs`.

#[cfg(target_arch = "wasm32")]
pub fn main() {
    if worker::PDF {
        nianbao::worker::serve(&["file"], |request| async move { worker::read(&request) });
        return;
    }
    nianbao::worker::serve(
        &[
            "file",
            "paste",
            review::ADD,
            review::RESTORE,
            review::CLEAR,
            review::TABLE,
            review::OPEN,
            review::SUM,
            review::COMPARE,
            review::PAGE,
            review::JSON,
        ],
        |request| async move {
            if request.kind.starts_with("review-") {
                return review::handle(&request).await;
            }
            worker::read(&request)
        },
    );
}

/// The review set (汇总审核): its requests, its IndexedDB. Served by `nianbao-import` only (the PDF worker's
/// `main` never reaches it, so it links none of it).
#[cfg(target_arch = "wasm32")]
#[path = "nianbao-import/review.rs"]
mod review;

#[cfg(not(target_arch = "wasm32"))]
pub fn main() {
    eprintln!(
        "nianbao-import is the app's import worker, built by Trunk for the browser (see README.md)."
    );
    std::process::exit(2);
}

#[cfg(target_arch = "wasm32")]
mod worker {
    use nianbao::import::panel::{review_html, review_summary};
    use nianbao::import::{read_file_but_pdf, read_paste, read_pdf};
    use nianbao::worker::{Reply, Request};

    /// Whether this is the PDF worker: decided when it is compiled, so that each links only its readers.
    pub const PDF: bool = matches!(env!("CARGO_BIN_NAME").as_bytes(), b"nianbao-import-pdf");

    pub fn read(request: &Request) -> Result<Reply, String> {
        let name = request.text("name").unwrap_or_default();
        let read = if request.kind == "file" {
            let bytes = request.bytes("bytes").ok_or("导入请求不完整")?;
            if PDF {
                read_pdf(&bytes)
            } else {
                read_file_but_pdf(&name, &bytes)
            }
        } else {
            let html = request.text("html").filter(|html| !html.is_empty());
            let text = request.text("text").unwrap_or_default();
            read_paste(html.as_deref(), &text)
        };
        let imported = read.map_err(|error| error.to_string())?;
        let incomplete: js_sys::Array = nianbao::review::incomplete(&imported.review)
            .into_iter()
            .map(wasm_bindgen::JsValue::from)
            .collect();
        Ok(Reply::new(vec![
            ("report", imported.file.to_json().into()),
            ("panel", review_html(&imported, &name).into()),
            ("summary", review_summary(&imported.review).into()),
            ("incomplete", incomplete.into()),
        ]))
    }
}
