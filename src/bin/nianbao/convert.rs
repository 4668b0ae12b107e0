//! `nianbao convert FILE [-o OUT.json]`: a published report (a saved page, a text file; every kind `read_file`
//! reads) written as nianbao's report document (docs/report-format.md), on standard output or into OUT.json. What
//! the recogniser could not place, the cells printed as "/" or "—" and the loose matches go to standard error, so
//! that nothing read is lost silently.

use nianbao::import::{read_file, Imported, Review};
use nianbao::model::Report;
use nianbao::templates;
use std::path::Path;
use std::process::ExitCode;

pub fn run(file: &Path, out: Option<&Path>) -> ExitCode {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!(
                "{}：无法读取：{}",
                file.display(),
                super::read_error(&error)
            );
            return ExitCode::from(2);
        }
    };
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Imported {
        file: report_file,
        review,
    } = match read_file(&name, &bytes) {
        Ok(imported) => imported,
        Err(error) => {
            eprintln!("{}：无法读取：{error}", file.display());
            return ExitCode::from(2);
        }
    };
    // The document must read back as a report of its template, as the app would open it.
    let readable = templates::by_id(&report_file.template.id)
        .ok_or_else(|| report_file.template.id.clone())
        .and_then(|t| Report::from_file(t, &report_file).map_err(|e| e.to_string()));
    if let Err(why) = readable {
        eprintln!("{}：读出的内容无法作为报告打开：{why}", file.display());
        return ExitCode::from(2);
    }
    let json = report_file.to_json();
    match out {
        Some(path) => {
            if let Err(error) = std::fs::write(path, format!("{json}\n")) {
                eprintln!("{}：无法写入（{error}）", path.display());
                return ExitCode::from(2);
            }
        }
        None => println!("{json}"),
    }
    eprint!("{}", summary(&file.display().to_string(), &review));
    ExitCode::SUCCESS
}

/// What the review says, in Chinese, one item a line.
pub fn summary(path: &str, review: &Review) -> String {
    let mut text = format!(
        "{path}：按“{}”读取{}，{} 个数字",
        review.format_name,
        review
            .kind
            .map(|k| format!("（{}）", k.name()))
            .unwrap_or_default(),
        review.figures_read
    );
    if !review.dashes.is_empty() {
        text.push_str(&format!(
            "，{} 格印为“/”或“—”，按空白读取",
            review.dashes.len()
        ));
    }
    if !review.missing.is_empty() {
        text.push_str(&format!("，{} 格在文件中没有找到", review.missing.len()));
    }
    text.push('\n');
    for (id, printed) in &review.unsure {
        text.push_str(&format!("  不确定：{id}（原文：{printed}）\n"));
    }
    for unplaced in &review.unplaced {
        let indented = unplaced.text.replace('\n', "\n      ");
        text.push_str(&format!("  未放入：{}：\n      {indented}\n", unplaced.why));
    }
    text
}
