//! Very long text: the length limit of a section at every entry that reads a report (a file, a portal's
//! `load-report` and `set-header`), and the checker on a section of 100,000 characters.
#![cfg(not(target_arch = "wasm32"))]

use nianbao::check::{check, Place};
use nianbao::embed::{open_report, parse, set_header, Command, Incoming, ProtocolError};
use nianbao::model::limit::MAX_SECTION_CHARS;
use nianbao::model::{ReportError, ReportFile};
use nianbao::templates;
use serde_json::json;
use std::collections::BTreeMap;

const EXAMPLE: &str = include_str!("../examples/reports/national-2025-example.json");

/// The national example with its overview replaced by `text`, as a report file.
fn example_with_overview(text: &str) -> ReportFile {
    let mut file = ReportFile::from_json(EXAMPLE).unwrap();
    file.sections.insert("overview".to_owned(), text.to_owned());
    file
}

/// The example's own overview, repeated to about `n` characters: every figure in it agrees with the table.
fn repeated_overview(n: usize) -> String {
    let file = ReportFile::from_json(EXAMPLE).unwrap();
    let overview = &file.sections["overview"];
    let mut text = String::new();
    while text.chars().count() + overview.chars().count() <= n {
        text.push_str(overview);
    }
    text
}

#[test]
fn a_file_with_a_section_over_the_limit_is_refused_with_the_limit_named() {
    let over = "政".repeat(MAX_SECTION_CHARS + 1);
    let json = example_with_overview(&over).to_json();
    let error = templates::read_report(&json).unwrap_err();
    assert_eq!(
        error,
        ReportError::SectionTooLong {
            title: "一、总体情况".to_owned(),
            chars: MAX_SECTION_CHARS + 1
        }
    );
    assert_eq!(
        error.to_string(),
        "文件中“一、总体情况”一节有 100001 字，超过了每节 100000 字的上限"
    );
    // At the limit exactly, with characters of several bytes, the file is read whole.
    let at = "政".repeat(MAX_SECTION_CHARS);
    let (template, report) = templates::read_report(&example_with_overview(&at).to_json()).unwrap();
    let overview = template.section_index("overview").unwrap();
    assert_eq!(report.section(overview), at);
}

#[test]
fn a_portal_cannot_load_a_report_or_set_a_header_over_the_limit() {
    let over = "政".repeat(MAX_SECTION_CHARS + 1);
    let message =
        json!({ "nianbao": 1, "type": "load-report", "report": example_with_overview(&over) });
    let Incoming::Command {
        command: Command::LoadReport(file),
        ..
    } = parse(&message.to_string())
    else {
        panic!("load-report is a command");
    };
    match open_report(&file) {
        Err(ProtocolError::BadReport(why)) => {
            assert!(why.contains("超过了每节 100000 字的上限"), "{why}")
        }
        other => panic!("opened: {:?}", other.map(|_| ())),
    }

    let (template, report) = templates::read_report(EXAMPLE).unwrap();
    let fields = BTreeMap::from([("unit".to_owned(), over)]);
    match set_header(template, &report, &fields) {
        Err(ProtocolError::BadPayload(why)) => {
            assert_eq!(why, "fields.unit 有 100001 字，超过了 100000 字的上限")
        }
        other => panic!("set: {:?}", other.map(|_| ())),
    }
    let fields = BTreeMap::from([("unit".to_owned(), "政".repeat(MAX_SECTION_CHARS))]);
    assert!(set_header(template, &report, &fields).is_ok());
}

#[test]
fn the_checker_on_a_section_of_100000_characters_finds_what_it_finds_in_a_short_one() {
    let (template, short) = templates::read_report(EXAMPLE).unwrap();
    let long_text = repeated_overview(MAX_SECTION_CHARS);
    assert!(long_text.chars().count() > 99_000);
    let (_, long) = templates::read_report(&example_with_overview(&long_text).to_json()).unwrap();
    assert_eq!(check(template, &long), check(template, &short));

    // A figure that disagrees with the table at the very end of the long text is found, and quoted.
    let overview = template.section_index("overview").unwrap();
    let end = "另有新收政府信息公开申请190件。";
    let (_, wrong) = templates::read_report(
        &example_with_overview(&format!(
            "{}{end}",
            long_text.chars().skip(100).collect::<String>()
        ))
        .to_json(),
    )
    .unwrap();
    let findings = check(template, &wrong);
    let at: Vec<_> = findings.at(Place::Section(overview)).collect();
    assert_eq!(at.len(), 1);
    assert!(
        at[0].message.contains("写到“新收政府信息公开申请190件”"),
        "{}",
        at[0].message
    );
    assert_eq!((at[0].actual, at[0].expected), (Some(190), Some(188)));
}
