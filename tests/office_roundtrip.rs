//! Round trip of the Office exports through the import readers: every report of examples/ exported by nianbao as
//! .docx reads back to the same cells and sections, and as .xlsx to the same cells (a workbook has no narrative).
#![cfg(all(not(target_arch = "wasm32"), feature = "import", feature = "office"))]

use nianbao::export::document::paragraphs;
use nianbao::export::{docx_file, xlsx_file};
use nianbao::import::{read_file, Imported};
use nianbao::model::{Report, Template};
use nianbao::templates;
use std::collections::BTreeMap;

fn examples() -> Vec<(String, &'static Template, Report)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/reports");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let (template, report) = templates::read_report(&text).unwrap();
        out.push((path.display().to_string(), template, report));
    }
    assert!(out.len() >= 3);
    out
}

/// Every cell of the imported report has the value typed in the exported one; nothing unplaced or unsure.
fn assert_same_cells(what: &str, template: &Template, report: &Report, imported: &Imported) {
    assert_eq!(imported.file.template.id, template.id, "{what}");
    let read_back = Report::from_file(template, &imported.file).unwrap();
    for (i, cell) in template.cells().iter().enumerate() {
        assert_eq!(
            report.cells()[i].value,
            read_back.cells()[i].value,
            "{what}: {}",
            cell.id
        );
    }
    assert_eq!(
        imported.review.figures_read,
        report.to_file(template).cells.len(),
        "{what}"
    );
    assert!(
        imported.review.unsure.is_empty(),
        "{what}: {:#?}",
        imported.review.unsure
    );
}

#[test]
fn every_examples_docx_reads_back_to_the_same_cells_and_sections() {
    for (path, template, report) in examples() {
        let bytes = docx_file(template, &report).unwrap();
        let imported = read_file("报告.docx", &bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_same_cells(&format!("{path} docx"), template, &report, &imported);
        let sections: BTreeMap<String, String> = report
            .to_file(template)
            .sections
            .iter()
            .map(|(id, text)| (id.clone(), paragraphs(text).collect::<Vec<_>>().join("\n")))
            .collect();
        assert_eq!(imported.file.sections, sections, "{path} docx");
        assert_eq!(
            imported.file.fields.get("unit"),
            report.to_file(template).fields.get("unit"),
            "{path} docx"
        );
    }
}

#[test]
fn every_examples_xlsx_reads_back_to_the_same_cells() {
    for (path, template, report) in examples() {
        let bytes = xlsx_file(template, &report).unwrap();
        let imported = read_file("报告.xlsx", &bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_same_cells(&format!("{path} xlsx"), template, &report, &imported);
    }
}
