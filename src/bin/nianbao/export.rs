//! `nianbao export --format html|pdf|docx|xlsx FILE… [-o DIR]`: each report written as the app exports it, with the
//! app's library functions and file names (`export::file_name`), so that a portal administrator can export many
//! reports at once.

use nianbao::embed::ExportFormat;
use nianbao::export::pdf::{render, Fonts};
use nianbao::export::{build, docx_file, file_name, html, xlsx_file};
use nianbao::model::text::decode;
use nianbao::model::{Report, Template};
use nianbao::templates;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `nianbao export`: every file exported into `out`, one line per file; exit 0 when all were, 2 when any was not.
pub fn run(files: &[PathBuf], format: ExportFormat, out: &Path, fonts: Option<&Path>) -> ExitCode {
    if let Err(error) = std::fs::create_dir_all(out) {
        eprintln!("无法创建输出文件夹 {}：{error}", out.display());
        return ExitCode::from(2);
    }
    let mut fonts_loaded: Option<Fonts> = None;
    if format == ExportFormat::Pdf {
        match load_fonts(fonts) {
            Ok(loaded) => fonts_loaded = Some(loaded),
            Err(why) => {
                eprintln!("{why}");
                return ExitCode::from(2);
            }
        }
    }
    let mut written = HashSet::new();
    let mut failed = false;
    for path in files {
        match export_file(path, format, out, fonts_loaded.as_ref(), &mut written) {
            Ok((target, note)) => println!("{} → {}{note}", path.display(), target.display()),
            Err(why) => {
                failed = true;
                eprintln!("{}：未导出：{why}", path.display());
            }
        }
    }
    ExitCode::from(if failed { 2 } else { 0 })
}

fn export_file(
    path: &Path,
    format: ExportFormat,
    out: &Path,
    fonts: Option<&Fonts>,
    written: &mut HashSet<PathBuf>,
) -> Result<(PathBuf, String), String> {
    let bytes = std::fs::read(path).map_err(|e| super::read_error(&e))?;
    let text = decode(&bytes).map_err(|e| e.to_string())?;
    let (template, report) = templates::read_report(&text).map_err(|e| e.to_string())?;
    let (bytes, note) = file_bytes(template, &report, format, fonts)?;
    let target = free_name(out, &file_name(template, &report, format.name()), written);
    std::fs::write(&target, bytes).map_err(|e| format!("无法写入 {}：{e}", target.display()))?;
    written.insert(target.clone());
    Ok((target, note))
}

/// The file's bytes, made by the functions the app uses, and a note for the writer (the PDF's pages and any
/// characters its fonts lack).
fn file_bytes(
    template: &Template,
    report: &Report,
    format: ExportFormat,
    fonts: Option<&Fonts>,
) -> Result<(Vec<u8>, String), String> {
    Ok(match format {
        ExportFormat::Html => (
            html::document(&build(template, report)).into_bytes(),
            String::new(),
        ),
        ExportFormat::Pdf => {
            let fonts = fonts.expect("fonts are loaded for a PDF export");
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            let pdf = render(&build(template, report), fonts, now).map_err(|e| e.to_string())?;
            let missing: String = pdf.missing.iter().collect();
            let note = if missing.is_empty() {
                format!("（共 {} 页）", pdf.pages)
            } else {
                format!(
                    "（共 {} 页；字体中没有这些字，以“□”代替：{missing}）",
                    pdf.pages
                )
            };
            (pdf.bytes, note)
        }
        ExportFormat::Docx => (
            docx_file(template, report).map_err(|e| e.to_string())?,
            String::new(),
        ),
        ExportFormat::Xlsx => (
            xlsx_file(template, report).map_err(|e| e.to_string())?,
            String::new(),
        ),
    })
}

/// The app's file name in `out`; when this run already wrote a file of that name (two reports of one unit and
/// year), "（2）", "（3）"… before the extension, so that no export overwrites another.
fn free_name(out: &Path, name: &str, written: &HashSet<PathBuf>) -> PathBuf {
    let first = out.join(name);
    if !written.contains(&first) {
        return first;
    }
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    (2..)
        .map(|n| out.join(format!("{stem}（{n}）.{extension}")))
        .find(|path| !written.contains(path))
        .expect("some number is free")
}

/// The PDF fonts: from `--fonts`, else `NIANBAO_FONTS`, else `assets/fonts` of the current folder or of the
/// project the program was built in (scripts/setup.sh makes them there).
fn load_fonts(dir: Option<&Path>) -> Result<Fonts, String> {
    let candidates: Vec<PathBuf> = match dir {
        Some(dir) => vec![dir.to_owned()],
        None => std::env::var_os("NIANBAO_FONTS")
            .map(PathBuf::from)
            .into_iter()
            .chain([
                PathBuf::from("assets/fonts"),
                Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts"),
            ])
            .collect(),
    };
    let Some(dir) = candidates.iter().find(|d| d.join("serif.ttf").is_file()) else {
        return Err(format!(
            "找不到 PDF 字体（{}/serif.ttf 等）：请先运行 scripts/setup.sh 生成字体，或用 --fonts 指定字体文件夹",
            candidates[0].display()
        ));
    };
    let read = |name: &str| {
        std::fs::read(dir.join(name))
            .map_err(|e| format!("无法读取字体 {}：{e}", dir.join(name).display()))
    };
    Fonts::from_bytes(&read("serif.ttf")?, &read("sans.ttf")?, &read("kai.ttf")?)
        .map_err(|e| e.to_string())
}
