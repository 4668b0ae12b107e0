//! Round trip: every report of examples/ exported as HTML by nianbao itself reads back to the same cells, fields
//! and sections.
#![cfg(all(not(target_arch = "wasm32"), feature = "import"))]

use nianbao::export::document::{self, paragraphs, Block};
use nianbao::export::html;
use nianbao::import::read_file;
use nianbao::model::template::{FieldKind, KnownField};
use nianbao::model::{Report, Template};
use std::collections::BTreeMap;

mod common;

use common::{assert_same_cells, examples};

/// The fields the printed document states: unit and year in the title, the signature's date, the `fields` blocks'
/// lines, and the contact note (header fields that are not dates and that the narrative does not already give).
fn printed_fields(template: &Template, report: &Report) -> BTreeMap<String, String> {
    let doc = document::build(template, report);
    let in_lines: Vec<(String, String)> = doc
        .blocks
        .iter()
        .flat_map(|b| match b {
            Block::Fields(lines) => lines
                .iter()
                .map(|l| (l.label.clone(), l.value.clone()))
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    let narrative = report.sections().join("\n");
    let file = report.to_file(template);
    file.fields
        .into_iter()
        .filter(|(id, value)| {
            let index = template.field_index(id).unwrap();
            let field = template.field(index);
            let contact_note = template.header.contains(&index)
                && template.known_field(KnownField::UnitKind) != Some(index)
                && field.kind != FieldKind::Date
                && !narrative.contains(value.as_str());
            matches!(id.as_str(), "unit" | "year" | "signature_date")
                || contact_note
                || in_lines
                    .iter()
                    .any(|(l, v)| *l == field.label && v == value)
        })
        .collect()
}

#[test]
fn every_example_exported_as_html_reads_back_the_same() {
    for (path, template, report) in examples() {
        let doc = document::build(template, &report);
        for (mode, page) in [
            ("document", html::document(&doc)),
            ("fragment", html::fragment(&doc)),
        ] {
            let dump =
                std::env::temp_dir().join(format!("nianbao-roundtrip-{}-{mode}.html", template.id));
            let _ = std::fs::write(&dump, &page);
            let imported = read_file("报告.html", page.as_bytes())
                .unwrap_or_else(|e| panic!("{path} {mode}: {e}"));
            // Cells: the figures as printed are the figures typed (blank stays blank).
            assert_same_cells(template, &report, &imported, &format!("{path} {mode}"));
            let file = report.to_file(template);
            let sections: BTreeMap<String, String> = file
                .sections
                .iter()
                .map(|(id, text)| (id.clone(), paragraphs(text).collect::<Vec<_>>().join("\n")))
                .collect();
            assert_eq!(imported.file.sections, sections, "{path} {mode}");
            let expected = printed_fields(template, &report);
            let got: BTreeMap<String, String> = imported
                .file
                .fields
                .iter()
                .filter(|(k, _)| expected.contains_key(*k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            assert_eq!(
                got, expected,
                "{path} {mode}: fields {:?}",
                imported.file.fields
            );
            // Nothing read that was not there.
            for (id, value) in &imported.file.fields {
                assert_eq!(
                    file.fields.get(id),
                    Some(value),
                    "{path} {mode}: field {id}"
                );
            }
            assert!(
                imported.review.unplaced.is_empty(),
                "{path} {mode}: {:#?}",
                imported.review.unplaced
            );
            assert!(
                imported.review.unsure.is_empty(),
                "{path} {mode}: {:#?}",
                imported.review.unsure
            );
            assert!(
                imported.review.missing.is_empty(),
                "{path} {mode}: {:?}",
                imported.review.missing
            );
        }
    }
}
