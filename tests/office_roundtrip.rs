//! Round trip of the Office exports through the import readers: every report of examples/ exported by nianbao as
//! .docx reads back to the same cells and sections, and as .xlsx to the same cells (a workbook has no narrative).
#![cfg(all(not(target_arch = "wasm32"), feature = "import", feature = "office"))]

use nianbao::export::document::paragraphs;
use nianbao::export::{docx_file, xlsx_file};
use nianbao::import::read_file;
use std::collections::BTreeMap;

mod common;

use common::{assert_same_cells, examples};

#[test]
fn every_examples_docx_reads_back_to_the_same_cells_and_sections() {
    for (path, template, report) in examples() {
        let bytes = docx_file(template, &report).unwrap();
        let imported = read_file("报告.docx", &bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_same_cells(template, &report, &imported, &format!("{path} docx"));
        assert!(
            imported.review.unsure.is_empty(),
            "{path} docx: {:#?}",
            imported.review.unsure
        );
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
        assert_same_cells(template, &report, &imported, &format!("{path} xlsx"));
        assert!(
            imported.review.unsure.is_empty(),
            "{path} xlsx: {:#?}",
            imported.review.unsure
        );
    }
}
