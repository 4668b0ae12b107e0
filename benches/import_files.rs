//! Prints how long the file readers take natively (median of repeated reads): a 20-page PDF report (the 2025
//! example with its narrative lengthened until nianbao's own export runs to 20 pages), the LibreOffice-made PDF, Word
//! file and workbook of the import fixture (tests/fixtures/import/files/seeds/). Run by scripts/bench.sh; figures
//! only, no assertions. The browser budgets (PDF ≤ 1 s, DOCX ≤ 100 ms) are for the wasm worker, slower than this.

use nianbao::export::pdf::{render, Fonts};
use nianbao::import::{docx, pdf, xlsx, Block, ImportError, Source};
use nianbao::templates;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

/// Median milliseconds of `runs` calls.
fn median_ms(runs: usize, mut run: impl FnMut()) -> f64 {
    let mut samples: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn fonts() -> Fonts {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts");
    let read = |name: &str| {
        std::fs::read(dir.join(name)).unwrap_or_else(|e| {
            panic!("assets/fonts/{name}: {e}; scripts/setup.sh makes the PDF fonts")
        })
    };
    Fonts::from_bytes(&read("serif.ttf"), &read("sans.ttf"), &read("kai.ttf"))
        .expect("the fonts load")
}

/// The 2025 example with each narrative section repeated `times` times, exported by nianbao as PDF.
fn long_report(fonts: &Fonts, times: usize) -> (Vec<u8>, usize) {
    let mut file: serde_json::Value = serde_json::from_str(include_str!(
        "../examples/reports/national-2025-example.json"
    ))
    .expect("the example is JSON");
    if let Some(sections) = file["sections"].as_object_mut() {
        for text in sections.values_mut() {
            if let Some(s) = text.as_str() {
                *text = serde_json::Value::String(vec![s; times].join("\n"));
            }
        }
    }
    let (template, report) = templates::read_report(&file.to_string()).expect("the example reads");
    let pdf =
        render(&nianbao::export::build(template, &report), fonts, 0).expect("the export renders");
    (pdf.bytes, pdf.pages)
}

fn shape(source: &Result<Source, ImportError>) -> String {
    match source {
        Ok(s) => {
            let tables = s
                .blocks
                .iter()
                .filter(|b| matches!(b, Block::Table(_)))
                .count();
            format!("{} paragraphs, {tables} tables", s.blocks.len() - tables)
        }
        Err(e) => format!("error: {e}"),
    }
}

fn main() {
    let fonts = fonts();
    let mut times = 1;
    let (mut bytes, mut pages) = long_report(&fonts, times);
    while pages < 20 && times < 400 {
        times = (times * 20 / pages.max(1)).max(times + 1);
        (bytes, pages) = long_report(&fonts, times);
    }
    let read = pdf::read(&bytes);
    let ms = median_ms(11, || {
        black_box(pdf::read(black_box(&bytes)).ok());
    });
    println!(
        "import_pdf_ms {ms:.1} ({pages} pages by nianbao's export, {} KB; {})",
        bytes.len() / 1024,
        shape(&read)
    );

    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/files/seeds");
    let lo_pdf = std::fs::read(seeds.join("report-libreoffice.pdf")).expect("the seed PDF");
    let ms = median_ms(21, || {
        black_box(pdf::read(black_box(&lo_pdf)).ok());
    });
    println!(
        "import_pdf_libreoffice_ms {ms:.1} (the fixture as LibreOffice prints it, {} KB; {})",
        lo_pdf.len() / 1024,
        shape(&pdf::read(&lo_pdf))
    );

    let word = std::fs::read(seeds.join("report.docx")).expect("the seed .docx");
    let ms = median_ms(51, || {
        black_box(docx::read(black_box(&word)).ok());
    });
    println!(
        "import_docx_ms {ms:.2} (the fixture as LibreOffice writes it, {} KB; {})",
        word.len() / 1024,
        shape(&docx::read(&word))
    );

    let sheet = std::fs::read(seeds.join("report.xlsx")).expect("the seed .xlsx");
    let ms = median_ms(51, || {
        black_box(xlsx::read(black_box(&sheet)).ok());
    });
    println!(
        "import_xlsx_ms {ms:.2} (the fixture as LibreOffice Calc writes it, {} KB; {})",
        sheet.len() / 1024,
        shape(&xlsx::read(&sheet))
    );
}
