//! `nianbao review FILE…`: many units' reports (files or folders, read recursively) in one table, a row per file,
//! with duplicates and reports of another year or format set apart; as text, `--json` or a printable `--html` page.
//!
//! The files are read and checked on every core with `std::thread::scope`: each file is independent, the work per
//! file is uneven (a saved page takes longer than a JSON document), so the threads take the next file from a shared
//! counter rather than a fixed share; no crate is needed for that.

use nianbao::import::MAX_INPUT_BYTES;
use nianbao::model::Severity;
use nianbao::review::{self, Review, Row, EXTENSIONS};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How the review is written.
pub enum Output<'a> {
    Text,
    Json,
    Html(&'a Path),
    Xlsx(&'a Path),
}

pub fn run(inputs: &[PathBuf], output: Output) -> ExitCode {
    let review = read_all(inputs);
    match output {
        Output::Json => {
            if let Err(error) = write_json(&review) {
                eprintln!("无法输出（{error}）");
                return ExitCode::from(2);
            }
        }
        Output::Html(path) => {
            if let Err(error) = std::fs::write(path, review::html::page(&review, None, None)) {
                eprintln!("{}：无法写入（{error}）", path.display());
                return ExitCode::from(2);
            }
            print!("{}", tally_text(&review));
            println!("审核结果已写入 {}", path.display());
        }
        Output::Xlsx(path) => {
            let written = review::xlsx::workbook(&review::to_json(&review))
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    std::fs::write(path, bytes).map_err(|e| format!("无法写入（{e}）"))
                });
            if let Err(error) = written {
                eprintln!("{}：{error}", path.display());
                return ExitCode::from(2);
            }
            print!("{}", tally_text(&review));
            println!("审核结果已写入 {}", path.display());
        }
        Output::Text => print!("{}", text(&review)),
    }
    exit_status(&review)
}

/// The review as JSON on standard output, a row at a time (thousands of rows are never held as one document):
/// the head's fields, then `"rows"`, one row a line.
fn write_json(review: &Review) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let head = review::json_head(review);
    out.write_all(b"{\n")?;
    if let Some(fields) = head.as_object() {
        for (key, value) in fields {
            writeln!(
                out,
                "  {}: {},",
                serde_json::Value::from(key.as_str()),
                value
            )?;
        }
    }
    out.write_all(b"  \"rows\": [")?;
    for (i, row) in review.rows.iter().enumerate() {
        let separator = if i == 0 { "\n    " } else { ",\n    " };
        write!(out, "{separator}{}", review::row_json(review, row))?;
    }
    out.write_all(b"\n  ]\n}\n")?;
    out.flush()
}

/// 2 when a file could not be read, 1 when a counted or set-apart report has errors, else 0.
pub fn exit_status(review: &Review) -> ExitCode {
    let tally = review.tally();
    ExitCode::from(if tally.unreadable > 0 {
        2
    } else {
        u8::from(tally.with_errors > 0)
    })
}

/// Every file named, and every file of a known kind under the folders named, in a stable order.
pub fn collect(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found);
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    files
}

/// The files of a folder, recursively, without following links to folders (no loops) and skipping hidden entries.
fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            found.push(dir);
            continue;
        };
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => pending.push(path),
                Ok(_) => {
                    let known = path
                        .extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
                    if known {
                        found.push(path);
                    }
                }
                Err(_) => {}
            }
        }
    }
}

/// Reads and checks every file on every core, then puts the rows together in the files' order.
pub fn read_all(inputs: &[PathBuf]) -> Review {
    let files = collect(inputs);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    let next = AtomicUsize::new(0);
    let mut rows: Vec<Option<Row>> = vec![None; files.len()];
    let done: Vec<Vec<(usize, Row)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = files.get(i) else { break };
                        mine.push((i, read_one(path)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_default())
            .collect()
    });
    for (i, row) in done.into_iter().flatten() {
        rows[i] = Some(row);
    }
    // A worker that panicked (it should not) leaves its files' rows empty: they get a row with the reason.
    let rows = rows
        .into_iter()
        .zip(&files)
        .map(|(row, path)| {
            row.unwrap_or_else(|| {
                review::unreadable(&path.display().to_string(), "读取时发生内部错误".to_owned())
            })
        })
        .collect();
    Review::new(rows)
}

fn read_one(path: &Path) -> Row {
    let shown = path.display().to_string();
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return review::unreadable(&shown, "这是一个文件夹，其中无法列出文件".to_owned())
        }
        Ok(meta) if meta.len() > MAX_INPUT_BYTES as u64 => {
            return review::unreadable(&shown, "文件太大，不像是一份年度报告，没有读取".to_owned())
        }
        Err(error) => return review::unreadable(&shown, super::read_error(&error)),
        Ok(_) => {}
    }
    match std::fs::read(path) {
        Ok(bytes) => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut row = review::read(&name, &bytes);
            row.name = shown;
            row
        }
        Err(error) => review::unreadable(&shown, super::read_error(&error)),
    }
}

/// The one-line tally.
pub fn tally_text(review: &Review) -> String {
    let t = review.tally();
    let group = review
        .majority
        .map(|(template, year)| {
            format!(
                "（{}，{}）",
                template.name,
                year.map_or("未填写年度".to_owned(), |y| format!("{y} 年"))
            )
        })
        .unwrap_or_default();
    format!(
        "共 {} 个文件：计入 {} 份{group}，重复 {} 份（只计一次），年度或格式不同另列 {} 份，无法读取 {} 个；有错误的 {} 份，逾期发布的 {} 份\n",
        t.files, t.counted, t.duplicates, t.other_group, t.unreadable, t.with_errors, t.late
    )
}

fn text(review: &Review) -> String {
    let mut out = String::new();
    for row in &review.rows {
        let Ok(read) = &row.read else {
            out.push_str(&format!(
                "{}：无法读取：{}\n",
                row.name,
                row.read.as_ref().err().map_or("", String::as_str)
            ));
            continue;
        };
        let unit = if read.unit.is_empty() {
            "（未填写单位）"
        } else {
            &read.unit
        };
        let year = read
            .year
            .map_or("（未填写年度）".to_owned(), |y| format!("{y}年"));
        out.push_str(&format!(
            "{}：{unit} {year}（{}）：{} 个错误，{} 个警告，{} 个提示\n",
            row.name,
            read.template.name,
            read.counts.errors,
            read.counts.warnings,
            read.counts.notes
        ));
        match (read.published, read.deadline) {
            (Some(date), Some(deadline)) => match read.days_late() {
                Some(days) => out.push_str(&format!(
                    "  发布日期 {date}，逾期 {days} 天（{}应于 {deadline} 前公布）\n",
                    read.unit_kind
                )),
                None => out.push_str(&format!("  发布日期 {date}，按时（截止 {deadline}）\n")),
            },
            (None, _) if !read.published_text.is_empty() => {
                out.push_str(&format!("  发布日期“{}”无法识别\n", read.published_text))
            }
            _ => out.push_str("  未填写发布日期\n"),
        }
        if !read.missing_sections.is_empty() {
            out.push_str(&format!("  未填写：{}\n", read.missing_sections.join("、")));
        }
        if read.complete == Some(false) {
            out.push_str(&format!("  未完整读取：{}\n", read.incomplete.join("；")));
        }
        if let Some(reason) = review.apart_reason(row) {
            out.push_str(&format!("  {reason}\n"));
        }
        for (severity, message) in &read.findings {
            if *severity == Severity::Error {
                out.push_str(&format!("  错误：{message}\n"));
            }
        }
    }
    out.push_str(&tally_text(review));
    out
}
