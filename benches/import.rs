//! Prints how long reading a full national report takes natively (median over batches): a portal's saved page (the
//! real 湛江 2023 report with its layout tables), the same format exported by nianbao as HTML, and a browser's
//! tab-separated copy. Each is read and recognised against every built-in template, as the app's import does. Run by
//! scripts/bench.sh; figures only, no assertions.

use nianbao::export::{document, html};
use nianbao::import::{read_file, read_paste};
use nianbao::templates;
use std::hint::black_box;
use std::time::Instant;

fn median_micros(mut run: impl FnMut()) -> f64 {
    const BATCH: u32 = 20;
    let mut samples: Vec<f64> = (0..31)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..BATCH {
                run();
            }
            start.elapsed().as_secs_f64() * 1e6 / f64::from(BATCH)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn main() {
    let portal = include_str!("../tests/fixtures/import/zhanjiang-dfz-2023-portal.html");
    let copied = include_str!("../tests/fixtures/import/longgang-2024-copied.txt");
    let (template, report) = templates::read_report(include_str!(
        "../examples/reports/national-2025-example.json"
    ))
    .expect("the example reads");
    let exported = html::document(&document::build(template, &report));
    let figures = |bytes: &[u8]| read_file("page.html", bytes).map_or(0, |i| i.review.figures_read);
    println!(
        "import_html_portal_page_micros {:.0} (median, native; {} KB, {} figures placed)",
        median_micros(|| {
            black_box(read_file("page.html", black_box(portal.as_bytes())).ok());
        }),
        portal.len() / 1024,
        figures(portal.as_bytes())
    );
    println!(
        "import_html_exported_page_micros {:.0} (median, native; {} KB, {} figures placed)",
        median_micros(|| {
            black_box(read_file("page.html", black_box(exported.as_bytes())).ok());
        }),
        exported.len() / 1024,
        figures(exported.as_bytes())
    );
    println!(
        "import_paste_text_micros {:.0} (median, native; {} KB)",
        median_micros(|| {
            black_box(read_paste(None, black_box(copied)).ok());
        }),
        copied.len() / 1024
    );
}
