//! The DOCX, XLSX and PDF readers (src/import/docx.rs, xlsx.rs, pdf.rs) on real files made in the test run from
//! one report in the official 2021 layout (tests/fixtures/import/files/report.html, its wording after published
//! reports): Word files and spreadsheets by Debian's LibreOffice (headless), PDFs by LibreOffice, by Chromium's
//! print-to-PDF and by nianbao's own PDF export of every example report. Each test asserts the `Source` shape: the
//! tables' row labels and cells, the spans of the official table's merged cells, the headings and paragraphs.
//! A missing tool is a failure, never a skip (scripts/setup.sh installs them).
#![cfg(all(not(target_arch = "wasm32"), feature = "import"))]

use nianbao::export::pdf::render;
use nianbao::export::{build, document};
use nianbao::import::{docx, pdf, xlsx, Block, ImportError, Source, SourceCell, SourceTable};
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

mod common;

use common::{chromium_pdf, examples, fonts, out_dir, root, soffice};

fn fixture() -> PathBuf {
    root().join("tests/fixtures/import/files/report.html")
}

fn lo_docx() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| soffice(&["--convert-to", "docx:MS Word 2007 XML"], &fixture()))
}

fn lo_xlsx() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        soffice(
            &["--infilter=HTML (StarCalc)", "--convert-to", "xlsx"],
            &fixture(),
        )
    })
}

/// The PDF LibreOffice writes from its Word file: a Word-like PDF (Type0 and TrueType subsets, ToUnicode).
fn lo_pdf() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let docx = out_dir().join("report-lo.docx");
        std::fs::write(&docx, lo_docx()).unwrap();
        soffice(&["--convert-to", "pdf"], &docx)
    })
}

fn browser_pdf() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| chromium_pdf(&fixture(), "report-chromium.pdf"))
}

/// Text without white space (a PDF cell's wrapped lines, LibreOffice's spaces around figures).
fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn tables(source: &Source) -> Vec<&SourceTable> {
    source
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
        .collect()
}

fn paragraphs(source: &Source) -> Vec<String> {
    source
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(compact(p)),
            Block::Table(_) => None,
        })
        .collect()
}

/// The cell whose text is `label` and the cells after it in its row, in any table.
fn row_after<'a>(source: &'a Source, label: &str) -> Option<(&'a SourceCell, Vec<String>)> {
    let label = compact(label);
    tables(source).into_iter().find_map(|t| {
        t.rows.iter().find_map(|row| {
            let at = row.iter().position(|c| compact(&c.text) == label)?;
            Some((
                &row[at],
                row[at + 1..].iter().map(|c| compact(&c.text)).collect(),
            ))
        })
    })
}

fn dump(source: &Source) -> String {
    let mut out = String::new();
    for block in &source.blocks {
        match block {
            Block::Paragraph(p) => out.push_str(&format!("P {p}\n")),
            Block::Table(t) => {
                out.push_str("TABLE\n");
                for row in &t.rows {
                    let cells: Vec<String> = row
                        .iter()
                        .map(|c| {
                            format!("{}[{}x{}]", c.text.replace('\n', "⏎"), c.colspan, c.rowspan)
                        })
                        .collect();
                    out.push_str(&format!("  | {}\n", cells.join(" | ")));
                }
            }
        }
    }
    out
}

/// The figures of the fixture's table 三, by row label: the six applicant columns and the total (all 25 rows of
/// figures, 175 figures).
const APPLICATIONS: &[(&str, [u32; 7])] = &[
    ("一、本年新收政府信息公开申请数量", [35, 4, 0, 0, 2, 1, 42]),
    ("二、上年结转政府信息公开申请数量", [3, 0, 0, 0, 0, 0, 3]),
    ("（一）予以公开", [14, 1, 0, 0, 1, 0, 16]),
    (
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        [5, 1, 0, 0, 0, 0, 6],
    ),
    ("1.属于国家秘密", [0; 7]),
    ("2.其他法律行政法规禁止公开", [0; 7]),
    ("3.危及“三安全一稳定”", [0; 7]),
    ("4.保护第三方合法权益", [1, 0, 0, 0, 0, 0, 1]),
    ("5.属于三类内部事务信息", [0; 7]),
    ("6.属于四类过程性信息", [1, 0, 0, 0, 0, 0, 1]),
    ("7.属于行政执法案卷", [0; 7]),
    ("8.属于行政查询事项", [0; 7]),
    ("1.本机关不掌握相关政府信息", [8, 1, 0, 0, 1, 0, 10]),
    ("2.没有现成信息需要另行制作", [2, 0, 0, 0, 0, 0, 2]),
    ("3.补正后申请内容仍不明确", [1, 0, 0, 0, 0, 0, 1]),
    ("1.信访举报投诉类申请", [2, 0, 0, 0, 0, 0, 2]),
    ("2.重复申请", [1, 0, 0, 0, 0, 0, 1]),
    ("3.要求提供公开出版物", [0; 7]),
    ("4.无正当理由大量反复申请", [0; 7]),
    ("5.要求行政机关确认或重新出具已获取信息", [0; 7]),
    (
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        [1, 0, 0, 0, 0, 0, 1],
    ),
    (
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        [0; 7],
    ),
    ("3.其他", [0; 7]),
    ("（七）总计", [36, 3, 0, 0, 2, 0, 41]),
    ("四、结转下年度继续办理", [2, 1, 0, 0, 0, 1, 4]),
];

/// What every reader must get from the fixture, whatever made the file: the figures of tables 二, 三 and 四 by
/// their labels (and nothing else in those rows, so that no cell is lost or doubled).
fn assert_figures(source: &Source, what: &str) {
    let listing = dump(source);
    for (label, want) in APPLICATIONS {
        let Some((_, got)) = row_after(source, label) else {
            panic!("{what}: no row {label}\n{listing}");
        };
        let want: Vec<String> = want.iter().map(u32::to_string).collect();
        assert_eq!(got, want, "{what}: {label}\n{listing}");
    }
    for (label, want) in [
        ("规章", &["0", "0", "0"][..]),
        ("行政规范性文件", &["6", "2", "41"]),
        ("行政许可", &["1287"]),
        ("行政处罚", &["356"]),
        ("行政强制", &["12"]),
    ] {
        let got = row_after(source, label).map(|(_, v)| v);
        let want: Vec<String> = want.iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(got, Some(want), "{what}: {label}\n{listing}");
    }
    // Table 四: its one row of fifteen figures.
    let appeals = tables(source)
        .into_iter()
        .flat_map(|t| &t.rows)
        .find(|row| row.len() == 15 && row.iter().all(|c| compact(&c.text).parse::<u32>().is_ok()))
        .unwrap_or_else(|| panic!("{what}: no row of fifteen figures (table 四)\n{listing}"));
    let got: Vec<String> = appeals.iter().map(|c| compact(&c.text)).collect();
    assert_eq!(
        got,
        ["2", "1", "0", "0", "3", "1", "0", "0", "0", "1", "0", "0", "0", "1", "1"],
        "{what}"
    );
}

/// The headings and paragraphs, in order, as printed.
fn assert_narrative(source: &Source, what: &str) {
    let paragraphs = paragraphs(source);
    let listing = dump(source);
    let mut at = 0;
    for heading in [
        "临川区人民政府2024年政府信息公开工作年度报告",
        "一、总体情况",
        "（一）主动公开",
        "（二）依申请公开",
        "（三）政府信息管理",
        "（四）平台建设",
        "（五）监督保障",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、政府信息公开工作存在的主要问题及改进情况",
        "六、其他需要报告的事项",
        "临川区人民政府办公室",
        "2025年1月20日",
    ] {
        let found = paragraphs[at..].iter().position(|p| *p == heading);
        let Some(found) = found else {
            panic!("{what}: no paragraph {heading} (in order)\n{listing}");
        };
        at += found + 1;
    }
    // A body paragraph whole, over its wrapped lines.
    let body = "进一步规范依申请公开的受理、办理、答复等环节，严格按照法定时限答复。全年共收到政府信息公开申请42件，上年结转3件，均在法定期限内予以答复，未发生因答复超期被纠错的情况。";
    assert!(
        paragraphs.iter().any(|p| p == body),
        "{what}: body paragraph\n{listing}"
    );
}

/// The official table's merged cells: 三、本年度办理结果 over 22 rows, the group labels over their items, the
/// header's stub over three rows and three columns.
fn assert_spans(source: &Source, what: &str) {
    let listing = dump(source);
    let span = |label: &str| row_after(source, label).map(|(c, _)| (c.colspan, c.rowspan));
    assert_eq!(
        span("三、本年度办理结果"),
        Some((1, 22)),
        "{what}\n{listing}"
    );
    assert_eq!(span("（四）无法提供"), Some((1, 3)), "{what}\n{listing}");
    assert_eq!(span("（五）不予处理"), Some((1, 5)), "{what}\n{listing}");
    assert_eq!(span("（六）其他处理"), Some((1, 3)), "{what}\n{listing}");
    assert_eq!(span("（一）予以公开"), Some((2, 1)), "{what}\n{listing}");
    assert_eq!(
        span("一、本年新收政府信息公开申请数量"),
        Some((3, 1)),
        "{what}\n{listing}"
    );
    assert_eq!(
        span("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
        Some((3, 3)),
        "{what}\n{listing}"
    );
    assert_eq!(span("法人或其他组织"), Some((5, 1)), "{what}\n{listing}");
    assert_eq!(span("行政诉讼"), Some((10, 1)), "{what}\n{listing}");
}

#[test]
fn a_libreoffice_docx_reads_as_the_report() {
    let source = docx::read(lo_docx()).unwrap();
    assert_figures(&source, "LibreOffice .docx");
    assert_narrative(&source, "LibreOffice .docx");
    assert_spans(&source, "LibreOffice .docx");
    assert_eq!(span_of(&source, "（三）不予公开"), Some((1, 8)));
    assert_eq!(tables(&source).len(), 3, "{}", dump(&source));
    // Cells as printed: 18.6500 stays as typed, not a number.
    assert_eq!(
        row_after(&source, "行政事业性收费").map(|(_, v)| v),
        Some(vec!["18.6500".to_owned()])
    );
}

fn span_of(source: &Source, label: &str) -> Option<(u16, u16)> {
    row_after(source, label).map(|(c, _)| (c.colspan, c.rowspan))
}

#[test]
fn a_libreoffice_xlsx_reads_as_one_table_per_sheet() {
    let source = xlsx::read(lo_xlsx()).unwrap();
    let listing = dump(&source);
    assert_eq!(source.blocks.len(), 1, "one sheet, one table\n{listing}");
    assert_figures(&source, "LibreOffice .xlsx");
    // Merged ranges are spans; a figure is text as shown (Calc stored 18.6500 as the number 18.65).
    assert_eq!(
        span_of(&source, "（三）不予公开").map(|s| s.1),
        Some(8),
        "{listing}"
    );
    assert_eq!(
        span_of(&source, "三、本年度办理结果").map(|s| s.1),
        Some(22),
        "{listing}"
    );
    assert_eq!(
        row_after(&source, "行政事业性收费").map(|(_, v)| v),
        Some(vec!["18.65".to_owned()])
    );
    // The text around the tables is in the sheet too, each paragraph one merged row.
    let first = tables(&source)[0].rows[0][0].text.clone();
    assert_eq!(first, "临川区人民政府2024年政府信息公开工作年度报告");
}

#[test]
fn a_libreoffice_pdf_reads_as_the_report() {
    let source = pdf::read(lo_pdf()).unwrap();
    assert_figures(&source, "LibreOffice PDF");
    assert_narrative(&source, "LibreOffice PDF");
    let listing = dump(&source);
    // LibreOffice breaks （三）不予公开 over two pages, its text with it: the two parts are one cell again.
    assert_eq!(
        span_of(&source, "（三）不予公开"),
        Some((1, 8)),
        "{listing}"
    );
    assert_spans(&source, "LibreOffice PDF");
    assert_eq!(
        span_of(&source, "三、本年度办理结果"),
        Some((1, 22)),
        "{listing}"
    );
    assert_eq!(
        span_of(&source, "（五）不予处理"),
        Some((1, 5)),
        "{listing}"
    );
    assert_eq!(
        span_of(&source, "（一）予以公开"),
        Some((2, 1)),
        "{listing}"
    );
    assert_eq!(span_of(&source, "行政诉讼"), Some((10, 1)), "{listing}");
    // Table 二 goes on over a page break with other column lines on each page: one table, spans in its columns.
    assert_eq!(
        span_of(&source, "第二十条第（八）项"),
        Some((4, 1)),
        "{listing}"
    );
    assert_eq!(tables(&source).len(), 3, "{listing}");
}

#[test]
fn a_browser_printed_pdf_reads_as_the_report() {
    let source = pdf::read(browser_pdf()).unwrap();
    assert_figures(&source, "Chromium PDF");
    assert_narrative(&source, "Chromium PDF");
    assert_spans(&source, "Chromium PDF");
    // Over the page break: the merged cell goes on (its empty continuation is the same cell).
    assert_eq!(
        span_of(&source, "（三）不予公开"),
        Some((1, 8)),
        "{}",
        dump(&source)
    );
    assert_eq!(tables(&source).len(), 3, "{}", dump(&source));
    // Noto CJK's shared glyphs read as the ideographs of the text (民, 门, 户), not as radicals.
    let all = dump(&source);
    assert!(
        all.contains("人民政府") && all.contains("门户网站"),
        "{all}"
    );
    assert!(
        !all.contains('⺠') && !all.contains('⻔') && !all.contains('戶'),
        "{all}"
    );
}

/// Every report of examples/ exported by nianbao as PDF reads back to the same cells: each table row's label and
/// figures as the document model printed them, each heading and paragraph.
#[test]
fn nianbao_pdfs_of_every_example_read_back_to_the_same_cells() {
    for (name, template, report) in examples() {
        let doc = build(template, &report);
        let exported = render(&doc, fonts(), 1_767_225_600).unwrap();
        std::fs::write(out_dir().join(format!("{name}.pdf")), &exported.bytes).unwrap();
        let source = pdf::read(&exported.bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let listing = dump(&source);
        let texts = paragraphs(&source);
        let mut rows = 0;
        for block in &doc.blocks {
            match block {
                document::Block::Heading { text, .. } => {
                    assert!(
                        texts.contains(&compact(text)),
                        "{name}: heading {text}\n{listing}"
                    );
                }
                document::Block::Paragraph(text) => {
                    assert!(
                        texts.contains(&compact(text)),
                        "{name}: paragraph {text}\n{listing}"
                    );
                }
                document::Block::Table(table) => {
                    for row in &table.rows {
                        let Some(cells) = &row.cells else { continue };
                        let label = row.full_label();
                        let Some((_, got)) = row_after(&source, &label) else {
                            panic!("{name}: no row {label}\n{listing}");
                        };
                        let want: Vec<String> = cells.iter().map(|c| compact(c)).collect();
                        // A unit column may stand between the label and the figures.
                        assert!(
                            got.ends_with(&want),
                            "{name}: {label}: {got:?} ≠ {want:?}\n{listing}"
                        );
                        rows += 1;
                    }
                }
                document::Block::Fields(_) | document::Block::Signature { .. } => {}
            }
        }
        assert!(rows >= 10, "{name}: {rows} rows compared");
    }
}

#[test]
fn old_binary_office_files_say_to_save_as_docx_or_xlsx() {
    let doc = soffice(
        &["--convert-to", "doc:MS Word 97"],
        &out_dir_file("report-old.docx", lo_docx()),
    );
    assert_eq!(
        docx::read(&doc),
        Err(ImportError::OldOfficeFormat(".doc（或 .wps）"))
    );
    let xls = soffice(
        &["--convert-to", "xls:MS Excel 97"],
        &out_dir_file("report-old.xlsx", lo_xlsx()),
    );
    assert_eq!(
        xlsx::read(&xls),
        Err(ImportError::OldOfficeFormat(".xls（或 .et）"))
    );
    // Given to the other reader, the same answer: the file says what it is.
    assert_eq!(
        xlsx::read(&doc),
        Err(ImportError::OldOfficeFormat(".doc（或 .wps）"))
    );
    assert!(ImportError::OldOfficeFormat(".doc（或 .wps）")
        .to_string()
        .contains("另存为 .docx"));
}

fn out_dir_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = out_dir().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn encrypted_pdfs_are_refused_unless_they_open_without_a_password() {
    let plain = out_dir_file("plain.pdf", browser_pdf());
    let qpdf = |args: &[&str], out: &str| {
        let out = out_dir().join(out);
        let run = Command::new("qpdf")
            .args(args)
            .arg(&plain)
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "qpdf: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        std::fs::read(out).unwrap()
    };
    let locked = qpdf(&["--encrypt", "secret", "owner", "256", "--"], "locked.pdf");
    assert_eq!(pdf::read(&locked), Err(ImportError::Encrypted));
    // Only an owner password (printing or copying restricted): it opens, and reads.
    let restricted = qpdf(
        &["--encrypt", "", "owner", "256", "--extract=n", "--"],
        "restricted.pdf",
    );
    assert_figures(&pdf::read(&restricted).unwrap(), "owner-password PDF");
}

#[test]
fn a_scanned_pdf_has_no_text_layer() {
    // A page of the report as a picture, printed to PDF by the browser: what a scan looks like to the reader.
    let pdf_path = out_dir_file("for-scan.pdf", lo_pdf());
    let png = out_dir().join("scan");
    let run = Command::new("pdftoppm")
        .args(["-r", "60", "-f", "1", "-l", "1", "-png", "-singlefile"])
        .arg(&pdf_path)
        .arg(&png)
        .output()
        .unwrap();
    assert!(run.status.success());
    let html = out_dir_file(
        "scan.html",
        format!(
            "<!DOCTYPE html><html><body style=\"margin:0\"><img src=\"{}\" style=\"width:100%\"></body></html>",
            png.with_extension("png").display()
        )
        .as_bytes(),
    );
    let scan = chromium_pdf(&html, "scan.pdf");
    assert_eq!(pdf::read(&scan), Err(ImportError::NoTextLayer));
}

#[test]
fn truncated_and_damaged_files_are_refused_with_the_reason() {
    for (name, bytes, read) in [
        (
            "docx",
            lo_docx(),
            docx::read as fn(&[u8]) -> Result<Source, ImportError>,
        ),
        ("xlsx", lo_xlsx(), xlsx::read),
    ] {
        for cut in [0, 2, 100, bytes.len() / 2, bytes.len() - 10] {
            match read(&bytes[..cut]) {
                Err(ImportError::Malformed { why, .. }) => assert!(!why.is_empty()),
                other => panic!("{name} cut at {cut}: {other:?}"),
            }
        }
    }
    // A PDF cut short loses its cross-reference table; lopdf rebuilds what it can, or the reader says why.
    let whole = browser_pdf();
    for cut in [10, 1000, whole.len() / 3, whole.len() - 100] {
        match pdf::read(&whole[..cut]) {
            Err(ImportError::Malformed { .. } | ImportError::NoTextLayer) | Ok(_) => {}
            other => panic!("pdf cut at {cut}: {other:?}"),
        }
    }
    for read in [docx::read, xlsx::read, pdf::read] {
        assert!(matches!(
            read(b"\x00\x01binary garbage\xff\xfe"),
            Err(ImportError::Malformed { .. })
        ));
        assert!(matches!(read(b""), Err(ImportError::Malformed { .. })));
    }
    // A Word file given as a workbook, and the other way round.
    assert!(
        matches!(xlsx::read(lo_docx()), Err(ImportError::Malformed { why, .. }) if why.contains("Word"))
    );
    assert!(
        matches!(docx::read(lo_xlsx()), Err(ImportError::Malformed { why, .. }) if why.contains("Excel"))
    );
}

#[test]
fn zip_bombs_and_huge_files_are_too_large() {
    let dir = root().join("tests/fixtures/import/files");
    // A Word file and a workbook of a few hundred kilobytes whose one XML part inflates to 128 MiB.
    let bomb = std::fs::read(dir.join("bomb.docx")).unwrap();
    assert!(bomb.len() < 1 << 20);
    assert_eq!(docx::read(&bomb), Err(ImportError::TooLarge));
    let bomb = std::fs::read(dir.join("bomb.xlsx")).unwrap();
    assert_eq!(xlsx::read(&bomb), Err(ImportError::TooLarge));
    // A 50 MB file of each kind, refused before it is parsed.
    let mut big = vec![b' '; 50 << 20];
    big[..4].copy_from_slice(b"PK\x03\x04");
    assert_eq!(docx::read(&big), Err(ImportError::TooLarge));
    assert_eq!(xlsx::read(&big), Err(ImportError::TooLarge));
    big[..8].copy_from_slice(b"%PDF-1.7");
    assert_eq!(pdf::read(&big), Err(ImportError::TooLarge));
}

/// A Word document as Word and WPS write the parts LibreOffice does not: list numbering (一、 from
/// chineseCounting, （一） from a second level), a content control around a paragraph, a field (its shown result,
/// not its code), a deleted revision, a text box in `mc:AlternateContent` (read once, from the choice), a layout
/// frame (a one-column table around the statistics table), a layout table with a table in a cell, `w:gridBefore`,
/// and
/// vertical merges that restart and continue.
#[test]
fn word_constructs_read_as_word_shows_them() {
    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
    let p = |text: &str| format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>");
    let numbered = |level: u8, text: &str| {
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"2\"/><w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
        )
    };
    let cell = |props: &str, text: &str| {
        format!(
            "<w:tc><w:tcPr>{props}<w:tcW w:w=\"1000\" w:type=\"dxa\"/></w:tcPr>{}</w:tc>",
            p(text)
        )
    };
    let stats = format!(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"a\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"1000\"/><w:gridCol w:w=\"1000\"/><w:gridCol w:w=\"1000\"/></w:tblGrid>\
         <w:tr>{}{}</w:tr>\
         <w:tr>{}{}{}</w:tr>\
         <w:tr>{}{}{}</w:tr>\
         <w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>{}{}</w:tr>\
         </w:tbl>",
        cell("<w:gridSpan w:val=\"2\"/>", "信息内容"),
        cell("", "本年处理决定数量"),
        cell("<w:vMerge w:val=\"restart\"/>", "第二十条第（六）项"),
        cell("", "行政处罚"),
        cell("", "356"),
        cell("<w:vMerge/>", ""),
        cell("", "行政强制"),
        cell("", "12"),
        cell("", "备注"),
        cell("", "无"),
    );
    let nested = format!(
        "<w:tbl><w:tblGrid><w:gridCol w:w=\"1000\"/><w:gridCol w:w=\"1000\"/></w:tblGrid><w:tr>{}<w:tc>{}<w:tbl><w:tr>{}{}</w:tr></w:tbl>{}</w:tc></w:tr></w:tbl>",
        cell("", "外"),
        p("格内"),
        cell("", "内层"),
        cell("", "7"),
        p("")
    );
    let frame = format!(
        "<w:tbl><w:tr><w:tc>{}{stats}</w:tc></w:tr></w:tbl>",
        p("二、主动公开政府信息情况")
    );
    let body = format!(
        "{}{}{}\
         <w:sdt><w:sdtPr><w:alias w:val=\"单位\"/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>\
         <w:p><w:r><w:t>统计期限为</w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> DATE \\@ \"yyyy\" </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>2024</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t>年</w:t></w:r><w:del w:id=\"1\"><w:r><w:delText>（删去）</w:delText></w:r></w:del><w:ins w:id=\"2\"><w:r><w:t>全年</w:t></w:r></w:ins><w:r><w:tab/><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>\
         <w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>{}</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>{}</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>正文</w:t></w:r></w:p>\
         {frame}{nested}{}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr>",
        numbered(0, "总体情况"),
        numbered(1, "主动公开"),
        numbered(1, "依申请公开"),
        p("临川区人民政府办公室"),
        p("文本框中的文字"),
        p("文本框中的文字"),
        numbered(0, "主动公开政府信息情况"),
    );
    let document = format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document {W}><w:body>{body}</w:body></w:document>");
    let numbering = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:numbering {W}><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"%1、\"/></w:lvl><w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"（%2）\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>"
    );
    let parts = [
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".to_owned()),
        ("_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_owned()),
        ("word/_rels/document.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/></Relationships>".to_owned()),
        ("word/document.xml", document),
        ("word/numbering.xml", numbering),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, text.as_bytes()).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    let source = docx::read(&bytes).unwrap();
    let listing = dump(&source);
    let texts: Vec<String> = source
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => p.clone(),
            Block::Table(_) => "TABLE".to_owned(),
        })
        .collect();
    assert_eq!(
        texts,
        [
            "一、总体情况",
            "（一）主动公开",
            "（二）依申请公开",
            "临川区人民政府办公室",
            "统计期限为2024年全年\t第一行\n第二行",
            "正文",
            "文本框中的文字",
            "二、主动公开政府信息情况",
            "TABLE",
            "外",
            "格内",
            "TABLE",
            "二、主动公开政府信息情况",
        ],
        "{listing}"
    );
    let tables = tables(&source);
    let shape: Vec<Vec<(String, u16, u16)>> = tables[0]
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| (c.text.clone(), c.colspan, c.rowspan))
                .collect()
        })
        .collect();
    let cell = |t: &str, c: u16, r: u16| (t.to_owned(), c, r);
    assert_eq!(
        shape,
        [
            vec![cell("信息内容", 2, 1), cell("本年处理决定数量", 1, 1)],
            vec![
                cell("第二十条第（六）项", 1, 2),
                cell("行政处罚", 1, 1),
                cell("356", 1, 1)
            ],
            vec![cell("行政强制", 1, 1), cell("12", 1, 1)],
            vec![cell("备注", 1, 1), cell("无", 1, 1)],
        ],
        "{listing}"
    );
    // A table holding a table is a layout: its cells' content in reading order, the inner table a table.
    assert_eq!(tables.len(), 2);
    assert_eq!(tables[1].rows[0][0].text, "内层");
}
