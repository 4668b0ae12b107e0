//! The fuzz harness of the import readers (HTML, text) and the recogniser, on stable Rust: the import fixtures (real
//! published reports as portals publish them and as browsers copy them) and the examples exported as HTML by nianbao
//! itself, mutated (bytes flipped, inserted, deleted, repeated, spliced between seeds, markup and hostile tokens
//! dropped in: spans, nesting, entities, unclosed tags) or replaced by random bytes, are read the way the app and the
//! command line read them. A panic is a finding, and so is a recognised report that does not open as a report (the
//! app opens every import as a draft).
//!
//! Shared by `benches/fuzz/main.rs` (a set time, scripts/bench.sh) and `tests/fuzz.rs` (fixed seed and count).

use super::harness::{delete_run, flip_bit, insert, span, Rng};
use nianbao::export::{document, html};
use nianbao::import::{read_file, read_paste, Imported};
use nianbao::model::Report;
use nianbao::templates;
use std::sync::OnceLock;

const FIXTURES: &[&str] = &[
    include_str!("../../tests/fixtures/import/zhanjiang-dfz-2023-portal.html"),
    include_str!("../../tests/fixtures/import/longgang-2024-copied.html"),
    include_str!("../../tests/fixtures/import/longgang-2024-copied.txt"),
    include_str!("../../tests/fixtures/import/wendeng-xinfang-2022-page8.html"),
    include_str!("../../tests/fixtures/import/jinan-2016-portal.html"),
];

/// The fixtures and every example report exported as a standalone page and as a fragment.
pub fn seeds() -> &'static [String] {
    static SEEDS: OnceLock<Vec<String>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut seeds: Vec<String> = FIXTURES.iter().map(|s| (*s).to_owned()).collect();
        for json in super::harness::SEEDS.iter().take(3) {
            let (template, report) = templates::read_report(json).expect("the examples read");
            let doc = document::build(template, &report);
            seeds.push(html::document(&doc));
            seeds.push(html::fragment(&doc));
        }
        seeds
    })
}

/// Markup and values a hostile or broken page would hold.
const TOKENS: &[&str] = &[
    "<table>",
    "</table>",
    "<tr>",
    "</tr>",
    "<td>",
    "</td>",
    "<th>",
    "<td rowspan=\"65535\">",
    "<td colspan=\"0\">",
    "<td colspan=\"99999999999\">",
    "<td rowspan=-1>",
    "<br>",
    "<p>",
    "</p>",
    "<caption>",
    "</caption>",
    "<div>",
    "<script>",
    "</script>",
    "<style>",
    "<!--",
    "-->",
    "<![CDATA[",
    "&nbsp;",
    "&#0;",
    "&#x10FFFF;",
    "&#xD800;",
    "&amp",
    "&lt;td&gt;",
    "<",
    ">",
    "\"",
    "'",
    "=",
    "\t",
    "\n",
    "\r\n",
    "\u{3000}",
    "\u{FEFF}",
    "/",
    "—",
    "无",
    "１２",
    "99999999999999999999",
    "（一）",
    "(三)",
    "一、",
    "三、本年度办理结果",
    "其中：",
    "总计",
    "自然人",
    "政府信息公开工作年度报告",
    "统计期限为2024年1月1日至2024年12月31日",
    "2024年1月20日",
    "发布日期：",
    "联系电话：",
    "<table><tr><td><table><tr><td>",
    "\"quoted\ncell\"",
    "𠀀",
];

fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let len = bytes.len();
    let at = |rng: &mut Rng| rng.below(len + 1);
    match rng.below(9) {
        0 if len > 0 => flip_bit(rng, bytes),
        1 => {
            let i = at(rng);
            bytes.insert(i, rng.next() as u8);
        }
        2 if len > 0 => delete_run(rng, bytes, 256),
        3 if len > 0 => {
            // A piece repeated many times (deep nesting, long rows).
            let piece = bytes[span(rng, len, 64)].to_vec();
            let i = at(rng);
            let most = if rng.below(10) == 0 { 2000 } else { 8 };
            let times = 1 + rng.below(most);
            bytes.splice(
                i..i,
                piece.iter().copied().cycle().take(piece.len() * times),
            );
        }
        4..=6 => {
            let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
            let i = at(rng);
            let times = if rng.below(20) == 0 {
                1 + rng.below(5000)
            } else {
                1
            };
            bytes.splice(
                i..i,
                token.iter().copied().cycle().take(token.len() * times),
            );
        }
        7 => {
            let seeds = seeds();
            let other = seeds[rng.below(seeds.len())].as_bytes();
            let piece = span(rng, other.len(), 2048);
            insert(rng, bytes, &other[piece]);
        }
        _ if len > 0 => bytes.truncate(rng.below(len)),
        _ => {}
    }
}

/// One case: bytes to read.
pub fn case(rng: &mut Rng) -> Vec<u8> {
    if rng.below(20) == 0 {
        let len = rng.below(256);
        return (0..len).map(|_| rng.next() as u8).collect();
    }
    let seeds = seeds();
    let mut bytes = seeds[rng.below(seeds.len())].as_bytes().to_vec();
    let mutations = if rng.below(4) == 0 {
        2 + rng.below(10)
    } else {
        1
    };
    for _ in 0..mutations {
        mutate(rng, &mut bytes);
    }
    bytes
}

/// A recognised input must open as a draft, and what the review counts must be what the file holds.
pub fn run_checks(imported: &Imported) {
    let template = templates::by_id(&imported.file.template.id).expect("a built-in template");
    if let Err(error) = Report::from_file(template, &imported.file) {
        panic!("a recognised input does not open as a report: {error}");
    }
    assert_eq!(
        imported.review.figures_read,
        imported.file.cells.len(),
        "figures read"
    );
    for id in &imported.review.dashes {
        assert!(
            !imported.file.cells.contains_key(id),
            "a dash placed as a figure: {id}"
        );
    }
}

/// Reads one case every way the import reads: as a file of each kind by name, and as a paste (HTML and text).
/// Returns whether any reading recognised a report.
pub fn run(bytes: &[u8]) -> bool {
    let mut read = false;
    for name in ["报告.html", "粘贴.txt"] {
        if let Ok(imported) = read_file(name, bytes) {
            run_checks(&imported);
            read = true;
        }
    }
    let text = String::from_utf8_lossy(bytes);
    if let Ok(imported) = read_paste(Some(&text), &text) {
        run_checks(&imported);
        read = true;
    }
    if let Ok(imported) = read_paste(None, &text) {
        run_checks(&imported);
        read = true;
    }
    read
}

#[derive(Default)]
pub struct Outcome {
    pub cases: u64,
    /// Cases that some reading recognised as a report: how deep the cases reach.
    pub recognised: u64,
    pub panics: Vec<(Vec<u8>, String)>,
}

/// Runs cases from `seed` until `keep_going` says stop, catching each panic with its input.
pub fn fuzz(seed: u64, keep_going: impl FnMut(u64) -> bool) -> Outcome {
    let mut recognised = 0;
    let found = super::harness::cases(
        seed,
        case,
        |bytes| run(bytes),
        |_, read| recognised += u64::from(read == Some(true)),
        keep_going,
    );
    Outcome {
        cases: found.cases,
        recognised,
        panics: found.panics,
    }
}
