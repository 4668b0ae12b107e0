//! The PDF export, read back: the text of every section and every table value in order, the fonts embedded as
//! subsets, the page count, the size, and nothing placed outside the type area. The fonts are the ones
//! scripts/setup.sh makes (assets/fonts/*.ttf).

use lopdf::content::Content;
use lopdf::{Document as Pdf, Object};
use nianbao::export::document::{Block, Document};
use nianbao::export::pdf::{render, Fonts, PdfExport};
use nianbao::export::{build, file_name};
use nianbao::model::SectionIndex;
use nianbao::templates;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

mod common;
use common::check_pdf;

const MM: f32 = 72.0 / 25.4;
/// When the tests' PDFs are made: 2027-01-20 09:30:00 UTC.
const EXPORTED_AT: i64 = 1_800_437_400;

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts");
        let read = |name: &str| {
            std::fs::read(dir.join(name)).unwrap_or_else(|e| {
                panic!("assets/fonts/{name}: {e}; scripts/setup.sh makes the PDF fonts (scripts/fonts.py)")
            })
        };
        Fonts::from_bytes(&read("serif.ttf"), &read("sans.ttf"), &read("kai.ttf")).unwrap()
    })
}

fn export(example: &str) -> (Document, PdfExport) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/reports")
        .join(example);
    let (template, report) =
        templates::read_report(&std::fs::read_to_string(path).unwrap()).unwrap();
    let document = build(template, &report);
    let pdf = render(&document, fonts(), EXPORTED_AT).unwrap();
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-output");
    std::fs::create_dir_all(&out).unwrap();
    save_checked(&pdf.bytes, &out.join(file_name(template, &report, "pdf")));
    (document, pdf)
}

/// Writes a PDF to `file` once scripts/check-pdf.sh passes it (qpdf --check, pdftoppm and mutool draw, all silent):
/// every PDF a test writes goes through it. Checked under a name of its own and then renamed, as tests running at
/// the same time write the same example's file.
fn save_checked(bytes: &[u8], file: &Path) {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let own = file.with_extension(format!("{}.pdf", NEXT.fetch_add(1, Ordering::Relaxed)));
    std::fs::write(&own, bytes).unwrap();
    check_pdf(&own);
    std::fs::rename(&own, file).unwrap();
}

/// The text of every page, without white space and page numbers, in reading order.
fn text_of(pdf: &Pdf) -> String {
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    let mut text = String::new();
    for page in pages {
        let page_text = pdf.extract_text(&[page]).unwrap();
        let mut compact: String = page_text.chars().filter(|c| !c.is_whitespace()).collect();
        let folio = format!("—{page}—");
        assert!(
            compact.ends_with(&folio),
            "page {page} ends with its number: …{}",
            tail(&compact)
        );
        compact.truncate(compact.len() - folio.len());
        text.push_str(&compact);
    }
    text
}

fn tail(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars[chars.len().saturating_sub(20)..].iter().collect()
}

/// What the document says, piece by piece, in the order it is printed.
fn expected_pieces(document: &Document) -> Vec<String> {
    let mut pieces = vec![document.title.clone()];
    for block in &document.blocks {
        match block {
            Block::Heading { text, .. } | Block::Paragraph(text) => pieces.push(text.clone()),
            Block::Fields(lines) => {
                pieces.extend(lines.iter().map(|l| format!("{}：{}", l.label, l.value)))
            }
            Block::Signature { unit, date } => pieces.extend([unit.clone(), date.clone()]),
            Block::Table(table) => {
                if !table.caption_is_heading {
                    pieces.push(table.caption.clone());
                }
                pieces.extend(table.header.iter().flatten().map(|cell| cell.text.clone()));
                for row in &table.rows {
                    pieces.push(row.full_label());
                    pieces.extend(row.unit.clone());
                    pieces.extend(row.cells.iter().flatten().cloned());
                }
            }
        }
    }
    pieces
        .into_iter()
        .map(|p| p.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|p| !p.is_empty())
        .collect()
}

fn assert_in_order(text: &str, pieces: &[String]) {
    let mut at = 0;
    for piece in pieces {
        match text[at..].find(piece.as_str()) {
            Some(found) => at += found + piece.len(),
            None => panic!(
                "“{piece}” not found in order; the text goes on: {}",
                text[at..].chars().take(80).collect::<String>()
            ),
        }
    }
}

fn read(pdf: &PdfExport) -> Pdf {
    Pdf::load_mem(&pdf.bytes).expect("the export is a PDF lopdf can read")
}

#[test]
fn the_seed_report_prints_every_section_and_every_figure_in_order() {
    let (document, export) = export("yiyuan-2011.json");
    let pdf = read(&export);
    let text = text_of(&pdf);
    assert!(
        text.starts_with("沂源县政府办公室2011年政府信息公开工作年度报告"),
        "{}",
        &text[..60]
    );
    let pieces = expected_pieces(&document);
    assert!(pieces
        .iter()
        .any(|p| p.starts_with("一年来，县政府办公室按照《条例》")));
    assert!(pieces.contains(&"其中：1.机构领导、设置及人事类信息".to_owned()));
    assert_in_order(&text, &pieces);
    // Guidance is never printed.
    assert!(!text.contains("概述本单位一年来"));
    assert!(export.missing.is_empty(), "{:?}", export.missing);
}

#[test]
fn the_seed_report_has_its_page_count_and_stays_small() {
    let (_, export) = export("yiyuan-2011.json");
    let pdf = read(&export);
    assert_eq!(pdf.get_pages().len(), export.pages);
    assert_eq!(export.pages, 7, "the seed report's page count changed");
    assert!(
        export.bytes.len() <= 150 * 1024,
        "the seed report's PDF is {} bytes, over the 150 KB budget",
        export.bytes.len()
    );
}

#[test]
fn national_reports_print_every_table_value_in_order() {
    for example in ["national-2024-example.json", "national-2025-example.json"] {
        let (document, export) = export(example);
        let text = text_of(&read(&export));
        assert_in_order(&text, &expected_pieces(&document));
        assert!(export.missing.is_empty(), "{example}: {:?}", export.missing);
    }
}

/// The embedded font programs: each a subset (tagged, holding few glyphs), in the three faces.
#[test]
fn fonts_are_embedded_as_subsets() {
    let (_, export) = export("yiyuan-2011.json");
    let pdf = read(&export);
    let mut names = Vec::new();
    for object in pdf.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor".as_slice()) {
            continue;
        }
        let name =
            String::from_utf8(dict.get(b"FontName").unwrap().as_name().unwrap().to_vec()).unwrap();
        let (tag, base) = name.split_once('+').expect("a subset tag");
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{name}"
        );
        let program = dict
            .get(b"FontFile2")
            .and_then(Object::as_reference)
            .expect("an embedded TrueType program");
        let stream = pdf.get_object(program).unwrap().as_stream().unwrap();
        let bytes = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        let glyphs = glyph_count(&bytes);
        assert!(glyphs < 700, "{name} embeds {glyphs} glyphs: not a subset");
        names.push(base.to_owned());
    }
    names.sort();
    assert_eq!(
        names,
        [
            "NianbaoKai-Regular",
            "NianbaoSansSC-Regular",
            "NianbaoSerifSC-Regular"
        ]
    );
}

/// numGlyphs from a TrueType font's maxp table.
fn glyph_count(font: &[u8]) -> u16 {
    let tables = u16::from_be_bytes([font[4], font[5]]) as usize;
    for n in 0..tables {
        let record = &font[12 + 16 * n..28 + 16 * n];
        if &record[..4] == b"maxp" {
            let offset = u32::from_be_bytes(record[8..12].try_into().unwrap()) as usize;
            return u16::from_be_bytes([font[offset + 4], font[offset + 5]]);
        }
    }
    panic!("no maxp table");
}

/// Every text origin and every rule lies in the type area (28 mm from the left, 37 mm from the top,
/// 156 × 225 mm), except the page number, which sits below it.
#[test]
fn nothing_is_placed_outside_the_type_area() {
    for example in ["yiyuan-2011.json", "national-2025-example.json"] {
        let (_, export) = export(example);
        assert_in_type_area(example, &export);
    }
}

/// Text nobody would type, everywhere: a long unbroken web address in the unit, runs of punctuation, a cell
/// holding a paragraph (its row is taller than a page and is split across pages under repeated headers).
#[test]
fn odd_and_overlong_text_still_stays_in_the_type_area() {
    let template = templates::national();
    let mut report = nianbao::model::Report::new(template);
    let long_word = "https://www.example.gov.cn/xxgk/zfxxgknb/2025/index_1234567890_abcdefghijklmnopqrstuvwxyz.html";
    report.set_field(template.field_index("unit").unwrap(), long_word);
    report.set_field(template.field_index("year").unwrap(), "2025");
    let noise = "，。、；：？！）」』》（「『《“”".repeat(12);
    report.set_section(
        SectionIndex::new(0),
        &format!("{noise}\n{}", "政务公开".repeat(400)),
    );
    let paragraph = "申请人要求公开的信息涉及多个部门，经协调后分别答复。".repeat(12);
    for cell in template.cell_indices() {
        report.set_cell(
            template,
            cell,
            if cell.get() % 7 == 3 {
                &paragraph
            } else {
                "12345"
            },
        );
    }
    let document = build(template, &report);
    let export = render(&document, fonts(), EXPORTED_AT).unwrap();
    assert!(export.pages > 10, "{} pages", export.pages);
    assert_in_type_area("stress", &export);
    // A split row prints each cell's first lines, then the rest of each on the next page: everything but the
    // split paragraphs reads in order.
    let pieces: Vec<String> = expected_pieces(&document)
        .into_iter()
        .filter(|p| *p != paragraph)
        .collect();
    let text = text_of(&read(&export));
    assert_in_order(&text, &pieces);
    let cells_with_paragraph = (0..template.cells().len()).filter(|c| c % 7 == 3).count();
    assert_eq!(text.matches('协').count(), 12 * cells_with_paragraph);
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-output/stress.pdf");
    save_checked(&export.bytes, &out);
}

fn assert_in_type_area(example: &str, export: &PdfExport) {
    {
        let pdf = read(export);
        let (left, right) = (28.0 * MM, (28.0 + 156.0) * MM);
        let (top, bottom) = ((297.0 - 37.0) * MM, (297.0 - 37.0 - 225.0) * MM);
        for (number, id) in pdf.get_pages() {
            let content = Content::decode(&pdf.get_page_content(id)).unwrap();
            let mut origins = Vec::new();
            for op in &content.operations {
                let n: Vec<f32> = op
                    .operands
                    .iter()
                    .filter_map(|o| o.as_float().ok())
                    .collect();
                match op.operator.as_str() {
                    "Tm" => origins.push((n[4], n[5])),
                    "re" => {
                        let (x, y, w, h) = (n[0], n[1], n[2], n[3]);
                        assert!(
                            x >= left - 0.1 && x + w <= right + 0.1,
                            "page {number}: rule at x {x}..{}",
                            x + w
                        );
                        assert!(
                            y >= bottom - 0.1 && y + h <= top + 0.1,
                            "page {number}: rule at y {y}..{}",
                            y + h
                        );
                    }
                    _ => {}
                }
            }
            let folio = origins.pop().expect("a page number");
            assert!(
                !origins.is_empty(),
                "{example} page {number} holds nothing but its number"
            );
            assert!(
                folio.1 < bottom - 5.0 * MM && folio.1 > bottom - 12.0 * MM,
                "page {number}: {folio:?}"
            );
            for (x, y) in origins {
                assert!(
                    x >= left - 0.1 && x <= right,
                    "{example} page {number}: text at x {x}"
                );
                assert!(
                    y <= top && y >= bottom,
                    "{example} page {number}: text at y {y}"
                );
            }
        }
    }
}

/// What poppler's pdftotext reads from a PDF (`-layout` keeps each printed line on one line of text, with spaces
/// where the glyphs stand apart).
fn pdftotext(file: &Path, layout: bool) -> String {
    let mut command = std::process::Command::new("pdftotext");
    if layout {
        command.arg("-layout");
    }
    let run = command
        .arg(file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, scripts/setup.sh)");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8(run.stdout).unwrap()
}

/// A county bureau's national report as published ends with its unit and date towards the right and the contact
/// line under them (GB/T 9704's 附注), set at its natural spacing; the PDF says when it was made.
#[test]
fn the_national_report_ends_with_unit_date_and_an_unstretched_contact_note() {
    let template = templates::national();
    let mut report = nianbao::model::Report::new(template);
    let set = |report: &mut nianbao::model::Report, id: &str, text: &str| {
        report.set_field(template.field_index(id).unwrap(), text)
    };
    set(&mut report, "unit", "某县交通运输局");
    set(&mut report, "year", "2026");
    set(&mut report, "publish_date", "2027年1月20日");
    set(&mut report, "address", "某县关镇人民路88号");
    set(&mut report, "phone", "0533-3221234");
    report.set_section(
        SectionIndex::new(0),
        "2026年，某县交通运输局认真贯彻落实《中华人民共和国政府信息公开条例》，全年新收政府信息公开申请14件。",
    );
    let document = build(template, &report);
    let export = render(&document, fonts(), EXPORTED_AT).unwrap();
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-output/national-end.pdf");
    save_checked(&export.bytes, &out);

    let lines: Vec<String> = pdftotext(&out, true)
        .lines()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty() && !l.starts_with('—'))
        .collect();
    // The unit, the date, then the note (on as many lines as it takes).
    let unit = lines
        .iter()
        .rposition(|l| l == "某县交通运输局")
        .expect("the unit at the end");
    assert_eq!(lines[unit + 1], "2027年1月20日", "{:?}", &lines[unit..]);
    assert_eq!(
        lines[unit + 2..].concat(),
        "（联系地址：某县关镇人民路88号；联系电话：0533-3221234）"
    );
    // Set at its natural spacing: its first line, cut short before the phone number, is not stretched to the
    // right margin (关 镇 人 民 路 8 8 号) but ends where its characters do.
    let boxes = std::process::Command::new("pdftotext")
        .args(["-bbox-layout"])
        .arg(&out)
        .arg("-")
        .output()
        .expect("pdftotext");
    let boxes = String::from_utf8(boxes.stdout).unwrap();
    let word = boxes
        .lines()
        .find(|l| l.contains("<word") && l.contains(">（联系地址"))
        .expect("the note's first line");
    let x_max: f32 = word
        .split("xMax=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|x| x.parse().ok())
        .unwrap();
    let right_margin = (28.0 + 156.0) * MM;
    let characters = word
        .split('>')
        .nth(1)
        .unwrap()
        .trim_end_matches("</word")
        .chars()
        .count();
    assert!(
        x_max < right_margin - 16.0,
        "the note's first line ({characters} characters) is stretched to x = {x_max} (margin {right_margin})"
    );
    // The unit and date stand towards the right, the note starts two characters in.
    let raw = pdftotext(&out, true);
    let at = |text: &str| {
        raw.lines()
            .find(|l| l.contains(text))
            .map(|l| l.find(text).unwrap())
            .unwrap()
    };
    assert!(at("2027年1月20日") > at("（联系地址") + 20, "{raw}");

    let info = std::process::Command::new("pdfinfo")
        .arg(&out)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout);
    let created = info
        .lines()
        .find(|l| l.starts_with("CreationDate:"))
        .unwrap();
    assert!(created.contains("2027"), "{created}");
    assert!(!info.contains("1970"), "{info}");
}
