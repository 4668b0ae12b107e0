//! The Word and Excel exports' web worker. The app starts it on the first 导出 Word or 导出 Excel
//! (`nianbao-office_loader.js`, built by Trunk), so the zip writer and rust_xlsxwriter stay out of the first load.
//!
//! Messages (plain objects, `nianbao::worker`):
//! - app → worker `{type: "export", id, report, format}`: `report` is the report document as JSON
//!   (docs/report-format.md), `format` `"docx"` or `"xlsx"`;
//! - worker → app `{type: "done", id, bytes}` (a Uint8Array, its buffer transferred) or
//!   `{type: "error", id, message}` (in Chinese).

#[cfg(target_arch = "wasm32")]
fn main() {
    nianbao::worker::serve(
        &["export"],
        |request| async move { worker::export(&request) },
    );
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("nianbao-office is the app's Word and Excel worker, built by Trunk for the browser (see README.md); on the command line use `nianbao export`.");
    std::process::exit(2);
}

#[cfg(target_arch = "wasm32")]
mod worker {
    use nianbao::export::{docx_file, xlsx_file};
    use nianbao::templates;
    use nianbao::worker::{Reply, Request};

    pub fn export(request: &Request) -> Result<Reply, String> {
        const INCOMPLETE: &str = "导出请求不完整";
        let report = request.text("report").ok_or(INCOMPLETE)?;
        let format = request.text("format").ok_or(INCOMPLETE)?;
        let (template, report) = templates::read_report(&report).map_err(|e| e.to_string())?;
        let bytes = match format.as_str() {
            "docx" => docx_file(template, &report).map_err(|e| e.to_string())?,
            "xlsx" => xlsx_file(template, &report).map_err(|e| e.to_string())?,
            _ => return Err(INCOMPLETE.to_owned()),
        };
        Ok(Reply::new(Vec::new()).with_bytes("bytes", &bytes, "无法把文件交给页面"))
    }
}
