//! Prints how long the Word and Excel exports take natively (from the built document to the file's bytes) and how
//! large the files are, for the seed report and a filled national-format report. Run by scripts/bench.sh; figures
//! only, no assertions. The in-browser figures come from scripts/bench-office.mjs.

use nianbao::export::{docx_file, xlsx_file};
use nianbao::templates;
use std::hint::black_box;
use std::time::Instant;

/// Median time of one call, in milliseconds.
fn median_millis(mut run: impl FnMut()) -> f64 {
    let mut samples: Vec<f64> = (0..31)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn main() {
    let root = env!("CARGO_MANIFEST_DIR");
    for (name, file) in [
        ("seed", "yiyuan-2011.json"),
        ("national", "national-2025-example.json"),
    ] {
        let json = std::fs::read_to_string(format!("{root}/examples/reports/{file}")).unwrap();
        let (template, report) = templates::read_report(&json).unwrap();
        let docx_ms = median_millis(|| {
            black_box(docx_file(template, &report).unwrap());
        });
        let xlsx_ms = median_millis(|| {
            black_box(xlsx_file(template, &report).unwrap());
        });
        let docx_size = docx_file(template, &report).unwrap().len();
        let xlsx_size = xlsx_file(template, &report).unwrap().len();
        println!("docx_export_{name}_native_median {docx_ms:.2} ms (build + write; budget 100 ms in the browser)");
        println!("docx_export_{name}_size {docx_size} bytes");
        println!("xlsx_export_{name}_native_median {xlsx_ms:.2} ms (check + build + write)");
        println!("xlsx_export_{name}_size {xlsx_size} bytes");
    }
}
