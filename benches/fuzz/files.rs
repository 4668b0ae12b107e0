//! The fuzz harness of the file readers (src/import/docx.rs, xlsx.rs, pdf.rs), on stable Rust: real files as seeds
//! (a Word file, a workbook and a PDF that LibreOffice made from tests/fixtures/import/files/report.html, kept in
//! seeds/, and nianbao's own PDF export of an example report, made here), mutated three ways — raw bytes (flipped,
//! inserted, deleted, truncated, spliced), the XML parts of a zip changed and the zip written again (so that the
//! XML parsers are reached past the zip's checksums), and a PDF's uncompressed objects changed (so that the content
//! stream interpreter and the layout are reached) — or replaced by random bytes. Each case goes to every reader
//! under `catch_unwind`; a panic is a finding, and so is an error without a message.
//!
//! Shared by `benches/fuzz/main.rs` (run for a set time by scripts/bench.sh) and `tests/fuzz.rs` (a fixed number
//! of cases from a fixed seed, in `cargo test`).

use super::harness::{copy_run, delete_run, flip_bit, insert, Rng};
use nianbao::import::{docx, pdf, xlsx, ImportError, Source};
use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

const DOCX: &[u8] = include_bytes!("../../tests/fixtures/import/files/seeds/report.docx");
const XLSX: &[u8] = include_bytes!("../../tests/fixtures/import/files/seeds/report.xlsx");
const LO_PDF: &[u8] =
    include_bytes!("../../tests/fixtures/import/files/seeds/report-libreoffice.pdf");

/// Pieces of Office XML a hostile file would hold.
const XML_TOKENS: &[&str] = &[
    "<w:p>",
    "</w:p>",
    "<w:tbl>",
    "</w:tbl>",
    "<w:tr>",
    "</w:tr>",
    "<w:tc>",
    "</w:tc>",
    "<w:tcPr><w:gridSpan w:val=\"65535\"/></w:tcPr>",
    "<w:tcPr><w:vMerge/></w:tcPr>",
    "<w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>",
    "<w:tcPr><w:hMerge/></w:tcPr>",
    "<w:trPr><w:gridBefore w:val=\"65535\"/></w:trPr>",
    "<w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent>",
    "<mc:AlternateContent><mc:Choice>",
    "<mc:Fallback>",
    "<w:pPr><w:numPr><w:ilvl w:val=\"8\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>",
    "<w:r><w:t>",
    "</w:t></w:r>",
    "<w:br/>",
    "<w:sym w:char=\"FFFFFFFF\"/>",
    "&#0;",
    "&#xD800;",
    "&amp;",
    "&nope;",
    "<![CDATA[",
    "]]>",
    "<mergeCell ref=\"A1:XFD1048576\"/>",
    "<mergeCell ref=\"B2:A1\"/>",
    "<c r=\"XFD1048576\" t=\"s\"><v>99999</v></c>",
    "<c r=\"A1\"><v>1e308</v></c>",
    "<c r=\"A1\" t=\"d\"><v>-1</v></c>",
    "<dimension ref=\"A1:XFD1048576\"/>",
    "<si><t>字</t></si>",
    "\u{FEFF}",
    "\u{0}",
];

/// Pieces of PDF syntax and content-stream operators.
const PDF_TOKENS: &[&str] = &[
    "BT ",
    " ET ",
    " Tj ",
    " TJ ",
    "[(a) -1e30 (b)] TJ ",
    "<FFFFFFFF> Tj ",
    "/F1 1e38 Tf ",
    "/F1 -0 Tf ",
    "1 0 0 1 1e38 1e38 cm ",
    "0 0 0 0 0 0 cm ",
    "3 Tz ",
    "q ",
    " Q ",
    "0 0 1e38 0.5 re f ",
    "0 0 m 100 0 l S ",
    "0 0 0.5 1e38 re f ",
    "/Im0 Do ",
    "/Fm0 Do ",
    "1 0 0 1 0 0 Tm ",
    "T* ",
    "' ",
    "\" ",
    " obj ",
    " endobj ",
    " stream\n",
    "\nendstream ",
    " R ",
    " 0 R ",
    "<< /Type /Font /Subtype /Type0 >>",
    "/W [0 [1e38]] ",
    "/W [0 65535 1] ",
    "/DescendantFonts [1 0 R] ",
    "beginbfrange <0000> <FFFF> <0000> endbfrange ",
    "beginbfchar <01> <D800> endbfchar ",
    "trailer << /Root 1 0 R >> ",
    "xref\n0 1\n",
    "%%EOF",
];

/// The seeds: each file's bytes and which reader it is for (0: docx, 1: xlsx, 2: pdf).
fn seeds() -> &'static [(usize, Vec<u8>)] {
    static SEEDS: OnceLock<Vec<(usize, Vec<u8>)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut seeds = vec![(0, DOCX.to_vec()), (1, XLSX.to_vec()), (2, LO_PDF.to_vec())];
        if let Some(ours) = nianbao_pdf() {
            seeds.push((2, ours));
        }
        // The PDFs once more with their streams uncompressed, so that byte changes reach the content.
        for i in 0..seeds.len() {
            if seeds[i].0 == 2 {
                if let Some(plain) = uncompressed(&seeds[i].1) {
                    seeds.push((2, plain));
                }
            }
        }
        seeds
    })
}

/// nianbao's PDF of the 2025 example, when the export's fonts are there (scripts/setup.sh makes them).
fn nianbao_pdf() -> Option<Vec<u8>> {
    use nianbao::export::pdf::{render, Fonts};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts");
    let read = |name: &str| std::fs::read(dir.join(name)).ok();
    let fonts =
        Fonts::from_bytes(&read("serif.ttf")?, &read("sans.ttf")?, &read("kai.ttf")?).ok()?;
    let (template, report) = nianbao::templates::read_report(include_str!(
        "../../examples/reports/national-2025-example.json"
    ))
    .ok()?;
    render(&nianbao::export::build(template, &report), &fonts, 0)
        .ok()
        .map(|p| p.bytes)
}

fn uncompressed(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut doc = lopdf::Document::load_mem(bytes).ok()?;
    doc.decompress();
    let mut out = Vec::new();
    doc.save_to(&mut out).ok()?;
    Some(out)
}

/// One case: the reader it is for and the bytes.
pub fn case(rng: &mut Rng) -> (usize, Vec<u8>) {
    let seeds = seeds();
    if rng.below(20) == 0 {
        let len = rng.below(256);
        let mut bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        // Random bytes behind each kind's signature, so that they pass the first check.
        let head: &[u8] = match rng.below(4) {
            0 => b"PK\x03\x04",
            1 => b"%PDF-1.7\n",
            2 => &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
            _ => b"",
        };
        bytes.splice(0..0, head.iter().copied());
        return (rng.below(3), bytes);
    }
    let (kind, seed) = &seeds[rng.below(seeds.len())];
    let mut bytes = seed.clone();
    let mutations = 1 + if rng.below(4) == 0 { rng.below(6) } else { 0 };
    if *kind < 2 && rng.below(3) != 0 {
        if let Some(changed) = mutate_zip(rng, &bytes, mutations) {
            return (*kind, changed);
        }
    }
    let tokens = if *kind == 2 { PDF_TOKENS } else { XML_TOKENS };
    for _ in 0..mutations {
        mutate(rng, &mut bytes, tokens);
    }
    (*kind, bytes)
}

fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>, tokens: &[&str]) {
    let len = bytes.len();
    match rng.below(9) {
        0 if len > 0 => flip_bit(rng, bytes),
        1 if len > 0 => {
            let i = rng.below(len);
            bytes[i] = rng.next() as u8;
        }
        2..=4 => {
            let token = tokens[rng.below(tokens.len())].as_bytes();
            insert(rng, bytes, token);
        }
        5 if len > 0 => delete_run(rng, bytes, 256),
        6 if len > 0 => copy_run(rng, bytes, 1024),
        7 if len > 0 => bytes.truncate(rng.below(len)),
        _ => {
            // A number made huge or negative where one stands.
            if let Some(i) = (0..8)
                .map(|_| rng.below(len.max(1)))
                .find(|&i| bytes.get(i).is_some_and(u8::is_ascii_digit))
            {
                let value = ["99999999999", "-1", "0", "65536", "1e38", "4294967296"][rng.below(6)];
                bytes.splice(i..i + 1, value.bytes());
            }
        }
    }
}

/// The zip's parts read, one or more XML parts changed, and the zip written again (stored, no compression).
fn mutate_zip(rng: &mut Rng, bytes: &[u8], mutations: usize) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).ok()?;
        let mut data = Vec::new();
        file.read_to_end(&mut data).ok()?;
        let name = file.name().ok()?.into_owned();
        parts.push((name, data));
    }
    let xml: Vec<usize> = parts
        .iter()
        .enumerate()
        .filter(|(_, (name, _))| name.ends_with(".xml") || name.ends_with(".rels"))
        .map(|(i, _)| i)
        .collect();
    if xml.is_empty() {
        return None;
    }
    // Mostly the main part (document.xml, a sheet), where the reader's work is.
    let main = parts
        .iter()
        .position(|(n, _)| n == "word/document.xml" || n.starts_with("xl/worksheets/"));
    for _ in 0..mutations {
        let i = match main {
            Some(m) if rng.below(3) != 0 => m,
            _ => xml[rng.below(xml.len())],
        };
        mutate(rng, &mut parts[i].1, XML_TOKENS);
    }
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in &parts {
        out.start_file(name.as_str(), options).ok()?;
        out.write_all(data).ok()?;
    }
    out.finish().ok().map(Cursor::into_inner)
}

type Reader = fn(&[u8]) -> Result<Source, ImportError>;

/// Reads one case with every reader (the one it is for first). Panics on a broken invariant too.
pub fn run(kind: usize, bytes: &[u8]) -> bool {
    let readers: [Reader; 3] = [docx::read, xlsx::read, pdf::read];
    let mut read = false;
    for (i, reader) in readers.iter().enumerate() {
        // The other readers see the case now and then: they must refuse it as cleanly.
        if i != kind && !bytes.len().is_multiple_of(7) {
            continue;
        }
        match reader(bytes) {
            Ok(source) => {
                read |= i == kind;
                // What follows a read in the app: the recogniser, on whatever the reader made.
                if let Err(error) = nianbao::import::recognise(&source, nianbao::templates::all()) {
                    assert!(!error.to_string().is_empty(), "a refusal without a message");
                }
                for block in &source.blocks {
                    if let nianbao::import::Block::Table(t) = block {
                        for cell in t.rows.iter().flatten() {
                            assert!(
                                cell.colspan >= 1 && cell.rowspan >= 1,
                                "a cell without extent"
                            );
                        }
                    }
                }
            }
            Err(error) => {
                let message = error.to_string();
                assert!(
                    !message.is_empty() && message.chars().count() < 600,
                    "message: {message}"
                );
            }
        }
    }
    read
}

/// What a run found.
#[derive(Default)]
pub struct Outcome {
    pub cases: u64,
    /// Cases that the reader they were made for read as a `Source`: how deep the cases reach.
    pub read: [u64; 3],
    pub panics: Vec<(Vec<u8>, String)>,
}

/// Runs cases from `seed` until `keep_going` says stop, catching each panic with its input.
pub fn fuzz(seed: u64, keep_going: impl FnMut(u64) -> bool) -> Outcome {
    let mut read = [0; 3];
    let found = super::harness::cases(
        seed,
        case,
        |(kind, bytes)| run(*kind, bytes),
        |(kind, _), reached| read[*kind] += u64::from(reached == Some(true)),
        keep_going,
    );
    Outcome {
        cases: found.cases,
        read,
        panics: found.panics,
    }
}
