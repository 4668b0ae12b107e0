//! The Word and Excel exports, opened as a person would: every example report's .docx and .xlsx converted to PDF by
//! Debian's LibreOffice (`soffice --headless`, installed by scripts/setup.sh), the PDFs it makes passed by
//! scripts/check-pdf.sh, the Word document's page count within one of nianbao's own PDF, and every heading and
//! every figure of the report in the text `pdftotext` reads from them. Hostile text in every field stays text.
//! The files land in test-output/office/ for a look (pdftoppm renders their pages).

use nianbao::check::check;
use nianbao::export::document::{Block, Document};
use nianbao::export::pdf::render;
use nianbao::export::{build, docx, file_name, xlsx};
use nianbao::model::Report;
use nianbao::templates;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::{check_pdf, examples, fonts, root};

fn out_dir(name: &str) -> PathBuf {
    let dir = root().join("test-output/office").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Converts files to PDF with LibreOffice, in a profile of its own (so tests may run side by side), and returns
/// the PDFs' paths.
fn soffice_to_pdf(files: &[PathBuf], dir: &Path) -> Vec<PathBuf> {
    let profile = dir.join("lo-profile");
    let run = Command::new("soffice")
        .env("FONTCONFIG_FILE", root().join("tests/office-fonts.conf"))
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir)
        .args(files)
        .output()
        .expect("soffice (LibreOffice) is installed by scripts/setup.sh");
    assert!(
        run.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!stderr.contains("Error"), "soffice: {stderr}");
    files
        .iter()
        .map(|file| {
            let pdf = dir.join(file.file_name().unwrap()).with_extension("pdf");
            let pdf = if pdf == *file { unreachable!() } else { pdf };
            assert!(
                pdf.exists(),
                "LibreOffice made no PDF of {}",
                file.display()
            );
            pdf
        })
        .collect()
}

fn pages(file: &Path) -> usize {
    let run = Command::new("pdfinfo").arg(file).output().unwrap();
    let info = String::from_utf8_lossy(&run.stdout).into_owned();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo {}: {info}", file.display()))
}

/// The text of a PDF, white space removed; with `layout`, as the page shows it (a table row's cells on one line).
fn text_of(file: &Path) -> String {
    pdftotext(file, false)
}

fn pdftotext(file: &Path, layout: bool) -> String {
    let mut command = Command::new("pdftotext");
    if layout {
        command.arg("-layout");
    }
    let run = command.arg(file).arg("-").output().unwrap();
    assert!(run.status.success());
    compact(&String::from_utf8_lossy(&run.stdout))
}

fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every heading (and the title) of a document.
fn headings(doc: &Document) -> Vec<String> {
    let mut out = vec![doc.title.clone()];
    for block in &doc.blocks {
        if let Block::Heading { text, .. } = block {
            out.push(text.clone());
        }
    }
    out
}

/// Every figure printed in the document's tables.
fn figures(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for block in &doc.blocks {
        if let Block::Table(table) = block {
            for row in &table.rows {
                out.extend(
                    row.cells
                        .iter()
                        .flatten()
                        .filter(|c| !c.is_empty())
                        .cloned(),
                );
            }
        }
    }
    out
}

/// The figures of each table row, in order, as one string: what a row reads as in the converted PDF.
fn row_texts(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for block in &doc.blocks {
        if let Block::Table(table) = block {
            for row in &table.rows {
                if let Some(cells) = &row.cells {
                    out.push(compact(&cells.concat()));
                }
            }
        }
    }
    out
}

fn assert_contains_all(text: &str, pieces: &[String], what: &str, file: &Path) {
    for piece in pieces {
        assert!(
            text.contains(&compact(piece)),
            "{}: {what} “{piece}” is not in LibreOffice's PDF",
            file.display()
        );
    }
}

/// The parts of a zip, by name.
fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            (file.name().unwrap().into_owned(), text)
        })
        .collect()
}

#[test]
fn libreoffice_converts_every_examples_docx_with_its_pages_headings_and_figures() {
    let dir = out_dir("docx");
    let mut files = Vec::new();
    let mut expected = Vec::new();
    for (_, template, report) in examples() {
        let doc = build(template, &report);
        let name = file_name(template, &report, "docx");
        let path = dir.join(&name);
        std::fs::write(&path, docx::document(&doc).unwrap()).unwrap();
        let own = render(&doc, fonts(), 1_767_225_600).unwrap();
        std::fs::write(path.with_extension("nianbao.pdf"), &own.bytes).unwrap();
        files.push(path);
        expected.push((doc, own.pages));
    }
    let pdfs = soffice_to_pdf(&files, &dir);
    for (pdf, (doc, own_pages)) in pdfs.iter().zip(&expected) {
        check_pdf(pdf);
        let count = pages(pdf);
        assert!(
            count.abs_diff(*own_pages) <= 1,
            "{}: LibreOffice sets {count} pages, nianbao's PDF {own_pages}",
            pdf.display()
        );
        let text = text_of(pdf);
        assert_contains_all(&text, &headings(doc), "the heading", pdf);
        assert_contains_all(&text, &figures(doc), "the figure", pdf);
        // A row's figures read in order, across the row: the cells are a real table, not text boxes.
        assert_contains_all(
            &pdftotext(pdf, true),
            &row_texts(doc),
            "the row of figures",
            pdf,
        );
        // Every paragraph's first characters (a paragraph may break across lines and pages).
        for block in &doc.blocks {
            if let Block::Paragraph(p) = block {
                let start: String = compact(p).chars().take(12).collect();
                assert!(
                    text.contains(&start),
                    "{}: paragraph “{start}…”",
                    pdf.display()
                );
            }
        }
    }
}

#[test]
fn libreoffice_converts_every_examples_xlsx_with_every_figure() {
    let dir = out_dir("xlsx");
    let mut files = Vec::new();
    let mut expected = Vec::new();
    for (_, template, report) in examples() {
        let doc = build(template, &report);
        let findings = xlsx::finding_lines(&check(template, &report), &report);
        let path = dir.join(file_name(template, &report, "xlsx"));
        std::fs::write(&path, xlsx::workbook(&doc, &findings).unwrap()).unwrap();
        files.push(path);
        expected.push((doc, findings));
    }
    let pdfs = soffice_to_pdf(&files, &dir);
    for (pdf, (doc, findings)) in pdfs.iter().zip(&expected) {
        check_pdf(pdf);
        let text = text_of(pdf);
        let captions: Vec<String> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t.caption.clone()),
                _ => None,
            })
            .collect();
        assert_contains_all(&text, &captions, "the table caption", pdf);
        assert_contains_all(&text, &figures(doc), "the figure", pdf);
        assert_contains_all(
            &pdftotext(pdf, true),
            &row_texts(doc),
            "the row of figures",
            pdf,
        );
        let messages: Vec<String> = findings
            .iter()
            .map(|f| f.message.chars().take(10).collect())
            .collect();
        assert_contains_all(&text, &messages, "the finding", pdf);
    }
}

#[test]
fn the_docx_has_styles_repeating_headers_merged_cells_and_the_official_page() {
    let (_, template, report) = examples()
        .into_iter()
        .find(|(name, ..)| name.starts_with("national-2025"))
        .unwrap();
    let doc = build(template, &report);
    let parts = unzip(&docx::document(&doc).unwrap());
    let part = |name: &str| {
        parts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
            .unwrap_or_else(|| panic!("no {name}"))
    };
    let body = part("word/document.xml");
    let styles = part("word/styles.xml");
    for name in ["一级标题", "二级标题", "表格文字", "表头", "落款"] {
        assert!(
            styles.contains(&format!("<w:name w:val=\"{name}\"/>")),
            "{name}"
        );
    }
    assert!(styles.contains("w:styleId=\"Title\""));
    assert!(styles.contains("w:eastAsia=\"仿宋_GB2312\""));
    assert!(styles.contains("w:eastAsia=\"方正小标宋简体\""));
    assert!(part("word/fontTable.xml")
        .contains("<w:font w:name=\"仿宋_GB2312\"><w:altName w:val=\"仿宋\"/>"));
    // No direct fonts in the body: every paragraph names its style.
    assert!(!body.contains("<w:rFonts"));
    assert_eq!(
        body.matches("<w:p>").count(),
        body.matches("<w:pStyle ").count()
    );
    let tables = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Table(_)))
        .count();
    assert_eq!(body.matches("<w:tbl>").count(), tables);
    let header_rows: usize = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t.header.len()),
            _ => None,
        })
        .sum();
    assert_eq!(body.matches("<w:tblHeader/>").count(), header_rows);
    assert_eq!(
        body.matches("<w:tr>").count(),
        body.matches("<w:cantSplit/>").count()
    );
    // Table 四's header: 行政复议 over five columns and two rows, 行政诉讼 over ten.
    assert!(body.contains("<w:gridSpan w:val=\"5\"/><w:vMerge w:val=\"restart\"/>"));
    assert!(body.contains("<w:gridSpan w:val=\"10\"/>"));
    assert!(body.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
    assert!(body.contains("w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\""));
    assert!(body.contains("<w:docGrid w:type=\"lines\" w:linePitch=\"579\"/>"));
    assert!(part("word/settings.xml").contains("<w:evenAndOddHeaders/>"));
    assert!(part("word/footer1.xml").contains("<w:jc w:val=\"right\"/>"));
    assert!(part("word/footer2.xml").contains("<w:jc w:val=\"left\"/>"));
    assert!(part("word/footer1.xml").contains(" PAGE "));
    // Every header row has its grid's columns, merged cells counted by their spans.
    for row in body.split("<w:tr>").skip(1) {
        let row = row.split("</w:tr>").next().unwrap();
        if !row.contains("<w:tblHeader/>") {
            continue;
        }
        let cells = row.matches("<w:tc>").count();
        let spans: usize = row
            .match_indices("<w:gridSpan w:val=\"")
            .map(|(at, m)| {
                let rest = &row[at + m.len()..];
                rest[..rest.find('"').unwrap()].parse::<usize>().unwrap() - 1
            })
            .sum();
        assert!(cells + spans > 1);
    }
}

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<w:p><w:r><w:t>injected</w:t></w:r></w:p>",
    "]]><!-- &amp; &lt;b&gt; \"' -->",
    "\u{0}\u{1}\u{8}\u{b}\u{c}\u{1b}\u{7f}控制字符\u{FFFE}\u{FFFF}",
    "=HYPERLINK(\"http://example.com\",\"点击\")",
    "_x0041_ &#x41; \u{202E}反向 \u{200B}",
    "第一行\r\n第二行\t制表",
];

#[test]
fn hostile_text_in_every_field_stays_text_and_libreoffice_opens_the_files() {
    let dir = out_dir("hostile");
    let mut files = Vec::new();
    for template in [templates::national(), templates::legacy()] {
        let mut report = Report::new(template);
        let mut payloads = PAYLOADS.iter().cycle();
        for (field, _) in template.indexed_fields() {
            report.set_field(field, payloads.next().unwrap());
        }
        for (section, _) in template.indexed_sections() {
            let text = format!("{}\n{}", payloads.next().unwrap(), payloads.next().unwrap());
            report.set_section(section, &text);
        }
        for cell in template.cell_indices() {
            report.set_cell(template, cell, payloads.next().unwrap());
        }
        let doc = build(template, &report);
        let docx_bytes = docx::document(&doc).unwrap();
        for (name, xml) in unzip(&docx_bytes) {
            assert!(!xml.contains("<script"), "{name}");
            assert!(!xml.contains("<w:t>injected"), "{name}");
            assert!(
                !xml.chars().any(|c| c.is_control() && !"\n".contains(c)),
                "{name}"
            );
        }
        let xlsx_bytes = xlsx::workbook(
            &doc,
            &xlsx::finding_lines(&check(template, &report), &report),
        )
        .unwrap();
        for (name, xml) in unzip(&xlsx_bytes) {
            assert!(!xml.contains("<script"), "{name}");
            assert!(!xml.contains("<f>"), "{name}: a formula from typed text");
        }
        let docx_path = dir.join(format!("{}.docx", template.id));
        let xlsx_path = dir.join(format!("{}-tables.xlsx", template.id));
        std::fs::write(&docx_path, docx_bytes).unwrap();
        std::fs::write(&xlsx_path, xlsx_bytes).unwrap();
        files.push(docx_path);
        files.push(xlsx_path);
    }
    for pdf in soffice_to_pdf(&files, &dir) {
        check_pdf(&pdf);
        let text = text_of(&pdf);
        assert!(
            text.contains("<script>alert(1)</script>"),
            "{}",
            pdf.display()
        );
    }
}
