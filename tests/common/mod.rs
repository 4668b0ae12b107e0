//! What the tests of the readers and writers share (`mod common;` in each): the example reports, the cell
//! comparison of a round trip, the PDF fonts, and the files LibreOffice and Chromium make in the test run.
//! Each test binary uses a part of it.
#![allow(dead_code)]

use nianbao::model::{Report, Template};
use nianbao::templates;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Passes only a PDF that scripts/check-pdf.sh passes (qpdf --check, pdftoppm and mutool draw, all silent): every
/// PDF a test writes goes through it.
pub fn check_pdf(file: &Path) {
    let script = root().join("scripts/check-pdf.sh");
    let run = Command::new(&script)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", script.display()));
    assert!(
        run.status.success(),
        "{} is not valid for every reader:\n{}{}",
        file.display(),
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Every report of examples/reports, by file name: (its name without `.json`, its template, the report).
pub fn examples() -> Vec<(String, &'static Template, Report)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("examples/reports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let out: Vec<_> = paths
        .into_iter()
        .map(|path| {
            let (template, report) =
                templates::read_report(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, template, report)
        })
        .collect();
    assert!(out.len() >= 3);
    out
}

/// The cells whose value `got` does not have as `want` has it (a blank must stay blank), as
/// "id: typed read as read".
pub fn differing_cells(template: &Template, want: &Report, got: &Report) -> Vec<String> {
    template
        .cells()
        .iter()
        .enumerate()
        .filter(|(i, _)| want.cells()[*i].value != got.cells()[*i].value)
        .map(|(i, cell)| {
            format!(
                "{}: {:?} read as {:?}",
                cell.id,
                want.cells()[i].raw,
                got.cells()[i].raw
            )
        })
        .collect()
}

/// What was imported is `report`: the same template, every cell's value (a blank stays blank), every figure read.
#[cfg(feature = "import")]
pub fn assert_same_cells(
    template: &Template,
    report: &Report,
    imported: &nianbao::import::Imported,
    what: &str,
) {
    let file = report.to_file(template);
    assert_eq!(imported.file.template, file.template, "{what}");
    let read_back = Report::from_file(template, &imported.file).unwrap();
    let wrong = differing_cells(template, report, &read_back);
    assert!(
        wrong.is_empty(),
        "{what}: {} cells differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert_eq!(imported.review.figures_read, file.cells.len(), "{what}");
}

/// The PDF export's fonts (assets/fonts, made by scripts/setup.sh), loaded once per test binary.
#[cfg(feature = "pdf")]
pub fn fonts() -> &'static nianbao::export::pdf::Fonts {
    use nianbao::export::pdf::Fonts;
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let dir = root().join("assets/fonts");
        let read = |name: &str| {
            std::fs::read(dir.join(name)).unwrap_or_else(|e| {
                panic!("assets/fonts/{name}: {e}; scripts/setup.sh makes the PDF fonts (scripts/fonts.py)")
            })
        };
        Fonts::from_bytes(&read("serif.ttf"), &read("sans.ttf"), &read("kai.ttf")).unwrap()
    })
}

/// Where this test run's made files go (under target/, one folder per test binary and run).
pub fn out_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "{}-{}",
            env!("CARGO_CRATE_NAME"),
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

/// Converts `input` with LibreOffice headless into [`out_dir`] and returns the file it made (`args` name the
/// target, `--convert-to EXT[:filter]`). One at a time: two instances on one profile wait on each other or fail.
pub fn soffice(args: &[&str], input: &Path) -> Vec<u8> {
    static LOCK: Mutex<()> = Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let dir = out_dir();
    let profile = format!("file://{}/lo-profile", dir.display());
    let run = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .arg("--headless")
        .args(args)
        .arg("--outdir")
        .arg(dir)
        .arg(input)
        .output()
        .unwrap_or_else(|e| {
            panic!("soffice: {e}; scripts/setup.sh installs libreoffice-writer-nogui and libreoffice-calc-nogui")
        });
    assert!(
        run.status.success(),
        "soffice {args:?}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stem = input.file_stem().unwrap().to_string_lossy().into_owned();
    let ext = args
        .iter()
        .skip_while(|a| **a != "--convert-to")
        .nth(1)
        .map(|t| t.split(':').next().unwrap().to_owned())
        .unwrap();
    std::fs::read(dir.join(format!("{stem}.{ext}"))).unwrap()
}

/// `html` printed to PDF by headless Chromium (as a person's 打印 → 另存为 PDF would), as [`out_dir`]`/name`.
pub fn chromium_pdf(html: &Path, name: &str) -> Vec<u8> {
    let out = out_dir().join(name);
    let run = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap_or_else(|e| panic!("chromium: {e}; scripts/setup.sh installs it"));
    assert!(
        run.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read(&out).unwrap()
}
