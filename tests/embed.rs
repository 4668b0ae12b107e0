//! The embedding protocol and the origin allowlist (docs/embedding.md), natively: what the browser glue receives
//! and sends is JSON text, and everything decided about it is decided here.
#![cfg(not(target_arch = "wasm32"))]

use nianbao::check::check;
use nianbao::embed::{
    open_report, parse, set_header, Allowlist, Command, ConfigError, Event, ExportFormat,
    ExportedFile, Incoming, ProtocolError, SavedDraft,
};
use nianbao::model::Report;
use nianbao::templates;
use serde_json::{json, Value};

fn command(json: Value) -> Command {
    match parse(&json.to_string()) {
        Incoming::Command { command, .. } => command,
        other => panic!("not a command: {other:?}"),
    }
}

fn refused(json: Value) -> (Option<Value>, ProtocolError) {
    match parse(&json.to_string()) {
        Incoming::Invalid { id, error } => (id, error),
        other => panic!("not refused: {other:?}"),
    }
}

fn event(event: Event) -> Value {
    serde_json::from_str(&event.to_json()).unwrap()
}

// --- the allowlist ---

const PORTAL: &str = "https://www.example.gov.cn";
const OWN: &str = "https://nianbao.example.gov.cn";

fn allowlist(origins: &[&str]) -> Allowlist {
    Allowlist::from_config(&json!({ "embed": { "allowed_origins": origins } }).to_string()).unwrap()
}

#[test]
fn only_listed_origins_and_the_apps_own_are_allowed() {
    let list = allowlist(&[PORTAL]);
    assert!(list.allows(PORTAL, OWN));
    assert!(list.allows(OWN, OWN));
    assert!(!list.allows("https://evil.example.com", OWN));
    assert!(
        !list.allows("http://www.example.gov.cn", OWN),
        "the scheme is part of the origin"
    );
    assert!(
        !list.allows("https://www.example.gov.cn:8443", OWN),
        "so is the port"
    );
    assert!(
        !list.allows("https://sub.www.example.gov.cn", OWN),
        "no subdomains by implication"
    );
    assert!(
        !list.allows("null", OWN),
        "sandboxed and file pages have the opaque origin"
    );
    assert!(!list.allows("", OWN));
}

#[test]
fn origins_are_written_the_way_browsers_report_them() {
    let list = allowlist(&["HTTPS://WWW.Example.gov.cn:443/", "http://127.0.0.1:8080"]);
    assert_eq!(list.origins(), [PORTAL, "http://127.0.0.1:8080"]);
}

#[test]
fn a_missing_or_empty_settings_file_allows_no_parent() {
    for text in ["", "  ", "{}", r#"{"embed": {}}"#] {
        let list = Allowlist::from_config(text).unwrap();
        assert!(list.origins().is_empty(), "{text}");
        assert!(!list.allows(PORTAL, OWN));
    }
}

#[test]
fn bad_settings_are_refused_with_a_reason() {
    let bad = |origins: &[&str]| {
        Allowlist::from_config(&json!({ "embed": { "allowed_origins": origins } }).to_string())
            .unwrap_err()
    };
    for origin in [
        "*",
        "www.example.gov.cn",
        "ftp://example.gov.cn",
        "https://a.gov.cn/portal",
        "https://",
    ] {
        assert!(
            matches!(bad(&[origin]), ConfigError::BadOrigin { .. }),
            "{origin}"
        );
    }
    let typo = Allowlist::from_config(r#"{"embed": {"allowed_origin": []}}"#).unwrap_err();
    assert!(
        matches!(typo, ConfigError::Malformed(_)),
        "a misspelt key is reported"
    );
    assert!(bad(&["*"]).to_string().contains("不能使用“*”"));
    assert!(Allowlist::from_config("{").is_err());
}

#[test]
fn events_go_to_the_embedding_page_only_when_it_is_allowed() {
    let list = allowlist(&[PORTAL]);
    assert_eq!(
        list.parent_target(Some(PORTAL), None, OWN).as_deref(),
        Some(PORTAL)
    );
    let referrer = "https://www.example.gov.cn/gk/ndbg/index.html?x=1";
    assert_eq!(
        list.parent_target(None, Some(referrer), OWN).as_deref(),
        Some(PORTAL)
    );
    assert_eq!(
        list.parent_target(Some("https://evil.example.com"), Some(referrer), OWN),
        None,
        "the ancestor's origin, when the browser gives it, wins over the referrer"
    );
    assert_eq!(
        list.parent_target(None, Some("https://evil.example.com/"), OWN),
        None
    );
    assert_eq!(list.parent_target(None, None, OWN), None);
}

// --- commands ---

#[test]
fn messages_without_the_protocol_marker_are_not_ours() {
    for text in [
        "",
        "null",
        "42",
        "\"ready\"",
        "[]",
        r#"{"type":"export","format":"pdf"}"#,
        "{",
    ] {
        assert_eq!(parse(text), Incoming::NotOurs, "{text}");
    }
}

#[test]
fn commands_are_parsed_with_their_id() {
    let text = json!({ "nianbao": 1, "type": "export", "format": "pdf", "id": 7 }).to_string();
    assert_eq!(
        parse(&text),
        Incoming::Command {
            id: Some(json!(7)),
            command: Command::Export(ExportFormat::Pdf)
        }
    );
    let header = command(
        json!({ "nianbao": 1, "type": "set-header", "fields": { "unit": "示例局", "year": 2025 } }),
    );
    let Command::SetHeader(fields) = header else {
        panic!()
    };
    assert_eq!(fields["unit"], "示例局");
    assert_eq!(fields["year"], "2025", "a year may come as a number");
}

#[test]
fn a_report_may_come_as_an_object_or_as_json_text() {
    let seed = include_str!("../examples/reports/yiyuan-2011.json");
    let as_object: Value = serde_json::from_str(seed).unwrap();
    let a = command(json!({ "nianbao": 1, "type": "load-report", "report": as_object }));
    let b = command(json!({ "nianbao": 1, "type": "load-report", "report": seed }));
    assert_eq!(a, b);
    assert!(matches!(a, Command::LoadReport(_)));
}

#[test]
fn malformed_commands_are_refused_with_a_stable_code() {
    let cases = [
        (
            json!({ "nianbao": 2, "type": "export", "format": "pdf" }),
            "unsupported-version",
        ),
        (
            json!({ "nianbao": 1, "type": "delete-everything" }),
            "unknown-type",
        ),
        (json!({ "nianbao": 1 }), "bad-payload"),
        (
            json!({ "nianbao": 1, "type": "export", "format": "odt" }),
            "bad-payload",
        ),
        (
            json!({ "nianbao": 1, "type": "set-header", "fields": "unit" }),
            "bad-payload",
        ),
        (
            json!({ "nianbao": 1, "type": "set-header", "fields": { "unit": ["a"] } }),
            "bad-payload",
        ),
        (
            json!({ "nianbao": 1, "type": "load-report" }),
            "bad-payload",
        ),
        (
            json!({ "nianbao": 1, "type": "load-report", "report": { "cells": {} } }),
            "bad-report",
        ),
    ];
    for (message, code) in cases {
        assert_eq!(refused(message.clone()).1.code(), code, "{message}");
    }
    let (id, error) = refused(json!({ "nianbao": 1, "type": "nope", "id": "abc" }));
    assert_eq!(
        id,
        Some(json!("abc")),
        "the id is kept, so the answer can name the command"
    );
    assert_eq!(error.to_string(), "未知的命令“nope”");
}

#[test]
fn set_header_changes_only_the_named_header_fields() {
    let template = templates::legacy();
    let mut report = Report::new(template);
    report.set_field(template.field_index("phone").unwrap(), "0533-1234567");
    let cmd = command(
        json!({ "nianbao": 1, "type": "set-header", "fields": { "unit": "沂源县政府办公室", "year": "2011" } }),
    );
    let Command::SetHeader(fields) = cmd else {
        panic!("a set-header command")
    };
    let changed = set_header(template, &report, &fields).unwrap();
    assert_eq!(
        changed.field_by_id(template, "unit"),
        Some("沂源县政府办公室")
    );
    assert_eq!(changed.year(template), Some(2011));
    assert_eq!(changed.field_by_id(template, "phone"), Some("0533-1234567"));

    let unknown = command(
        json!({ "nianbao": 1, "type": "set-header", "fields": { "unit": "x", "mayor": "y" } }),
    );
    let Command::SetHeader(fields) = unknown else {
        panic!("a set-header command")
    };
    let error = set_header(template, &report, &fields).unwrap_err();
    assert_eq!(error, ProtocolError::UnknownField("mayor".into()));
    assert_eq!(error.code(), "unknown-field");
}

fn loaded(message: Value) -> Result<(&'static str, Report), ProtocolError> {
    let Command::LoadReport(file) = command(message) else {
        panic!("a load-report command")
    };
    open_report(&file).map(|(template, report)| (template.id.as_str(), report))
}

#[test]
fn load_report_opens_a_report_of_either_built_in_format() {
    let (id, seed) = loaded(
        json!({ "nianbao": 1, "type": "load-report", "report": include_str!("../examples/reports/yiyuan-2011.json") }),
    )
    .unwrap();
    assert_eq!(id, "legacy-2008");
    assert_eq!(
        seed.field_by_id(templates::legacy(), "unit"),
        Some("沂源县政府办公室")
    );
    let national: Value = serde_json::from_str(include_str!(
        "../examples/reports/national-2025-example.json"
    ))
    .unwrap();
    let (id, report) =
        loaded(json!({ "nianbao": 1, "type": "load-report", "report": national })).unwrap();
    assert_eq!(id, templates::national().id);
    assert_eq!(report.year(templates::national()), Some(2025));
}

#[test]
fn load_report_refuses_an_unknown_format_or_cell() {
    let mut foreign: Value =
        serde_json::from_str(include_str!("../examples/reports/yiyuan-2011.json")).unwrap();
    foreign["template"]["id"] = json!("provincial-2030");
    let error =
        loaded(json!({ "nianbao": 1, "type": "load-report", "report": foreign })).unwrap_err();
    assert_eq!(error.code(), "bad-report");
    assert_eq!(
        error.to_string(),
        "无法载入报告：本工具没有“provincial-2030”这种报告格式"
    );

    let mut bad: Value =
        serde_json::from_str(include_str!("../examples/reports/yiyuan-2011.json")).unwrap();
    bad["cells"]["no.such.cell"] = json!("1");
    let error = loaded(json!({ "nianbao": 1, "type": "load-report", "report": bad })).unwrap_err();
    assert_eq!(error.code(), "bad-report");
}

#[test]
fn no_report_is_explained_to_the_portal() {
    let error = ProtocolError::NoReport;
    assert_eq!(error.code(), "no-report");
    assert!(error.to_string().contains("请先新建或打开一份报告"));
}

// --- events ---

#[test]
fn every_event_carries_the_protocol_marker_and_its_type() {
    let template = templates::legacy();
    let (_, report) =
        templates::read_report(include_str!("../examples/reports/yiyuan-2011.json")).unwrap();
    let findings = check(template, &report);
    let draft = SavedDraft {
        draft_id: "d1".into(),
        updated_at: "2026-11-29T08:00:00Z".into(),
    };
    let file = ExportedFile {
        format: ExportFormat::Pdf,
        file_name: "2011年报告.pdf".into(),
        mime: "application/pdf".into(),
        bytes: vec![1, 2, 3],
    };
    let error = ProtocolError::ExportUnavailable(ExportFormat::Pdf);
    let id = json!(3);
    let events = [
        (
            Event::Ready {
                template: Some(template),
                formats: &[ExportFormat::Html],
            },
            "ready",
        ),
        (
            Event::Changed {
                template,
                report: &report,
                findings: &findings,
            },
            "changed",
        ),
        (
            Event::Diagnostics {
                findings: &findings,
            },
            "diagnostics",
        ),
        (Event::Saved { draft: &draft }, "saved"),
        (
            Event::Exported {
                re: Some(&id),
                file: &file,
                state: Default::default(),
            },
            "exported",
        ),
        (Event::Done { re: Some(&id) }, "done"),
        (
            Event::Error {
                re: None,
                error: &error,
            },
            "error",
        ),
    ];
    for (e, kind) in events {
        let value = event(e);
        assert_eq!(value["nianbao"], 1, "{value}");
        assert_eq!(value["type"], kind, "{value}");
    }
}

#[test]
fn ready_names_the_format_the_header_and_what_can_be_exported() {
    let template = templates::legacy();
    let value = event(Event::Ready {
        template: Some(template),
        formats: &ExportFormat::ALL,
    });
    assert_eq!(
        value["template"],
        json!({ "id": "legacy-2008", "version": 1 })
    );
    assert_eq!(value["formats"], json!(["html", "pdf", "docx", "xlsx"]));
    assert_eq!(value["header"][0], "unit");
    assert_eq!(value["header"][1], "year");
}

#[test]
fn every_export_format_reads_back_from_its_name() {
    for format in ExportFormat::ALL {
        assert_eq!(ExportFormat::parse(format.name()), Some(format));
    }
    assert_eq!(ExportFormat::parse("odt"), None);
    assert_eq!(ExportFormat::parse("DOCX"), None);
}

#[test]
fn ready_on_the_start_screen_names_no_format() {
    let value = event(Event::Ready {
        template: None,
        formats: &[ExportFormat::Html],
    });
    assert_eq!(value["template"], Value::Null);
    assert_eq!(value["header"], json!([]));
    assert_eq!(value["formats"], json!(["html"]));
}

#[test]
fn changed_carries_the_report_document_and_the_counts() {
    let (template, report) =
        templates::read_report(include_str!("../examples/reports/yiyuan-2011.json")).unwrap();
    let findings = check(template, &report);
    let value = event(Event::Changed {
        template,
        report: &report,
        findings: &findings,
    });
    assert_eq!(value["report"]["template"]["id"], "legacy-2008");
    assert_eq!(value["report"]["fields"]["unit"], "沂源县政府办公室");
    let counts = &value["diagnostics"];
    assert_eq!(
        counts["errors"],
        findings.count(nianbao::model::Severity::Error)
    );
    assert!(
        counts["notes"].as_u64().unwrap() >= 1,
        "the seed's 41 unaccounted items: {counts}"
    );
    // What a parent receives reads back as the same report.
    let back = nianbao::model::ReportFile::from_json(&value["report"].to_string()).unwrap();
    assert_eq!(Report::from_file(template, &back).unwrap(), report);
}

#[test]
fn diagnostics_lists_each_finding_in_words() {
    let (template, report) =
        templates::read_report(include_str!("../examples/reports/yiyuan-2011.json")).unwrap();
    let findings = check(template, &report);
    let value = event(Event::Diagnostics {
        findings: &findings,
    });
    let items = value["diagnostics"]["items"].as_array().unwrap();
    assert_eq!(items.len(), findings.diagnostics.len());
    assert!(
        items
            .iter()
            .any(|i| i["message"].as_str().unwrap().contains("少 41")),
        "{items:?}"
    );
    assert!(items
        .iter()
        .all(|i| ["error", "warning", "note"].contains(&i["severity"].as_str().unwrap())));
}

/// A report exported with errors or blank cells says so in the `exported` event, and the app's buttons ask first.
#[test]
fn an_export_of_an_unfinished_report_says_so_and_is_asked_about() {
    use nianbao::embed::ExportedState;
    let template = templates::national();
    let mut report = nianbao::model::Report::new(template);
    let new_total = template.index_of("applications.new.total").unwrap();
    report.set_cell(template, new_total, "14");
    // A part already larger than its total: an error even while the other parts are blank.
    let natural = template.index_of("applications.new.natural").unwrap();
    report.set_cell(template, natural, "20");
    let state = ExportedState::of(template, &report, &nianbao::check::check(template, &report));
    assert!(state.diagnostics.errors > 0);
    assert_eq!(state.blank_cells, template.cells().len() - 2);
    assert!(!state.complete());
    let prompt = state.prompt().unwrap();
    assert!(
        prompt.starts_with(&format!(
            "导出前提示：{} 个错误，{} 格未填写 — 仍要导出？",
            state.diagnostics.errors, state.blank_cells
        )),
        "{prompt}"
    );
    let file = ExportedFile {
        format: ExportFormat::Pdf,
        file_name: "报告.pdf".into(),
        mime: "application/pdf".into(),
        bytes: vec![0; 4],
    };
    let value = event(Event::Exported {
        re: None,
        file: &file,
        state,
    });
    assert_eq!(value["complete"], false);
    assert_eq!(value["diagnostics"]["errors"], state.diagnostics.errors);
    assert_eq!(value["blank_cells"], state.blank_cells);

    // Filled with zeros and consistent: nothing to ask.
    report.fill_blanks_with_zero(template, template.cell_indices());
    report.set_cell(template, new_total, "0");
    report.set_cell(template, natural, "0");
    let done = ExportedState::of(template, &report, &nianbao::check::check(template, &report));
    assert_eq!(done.blank_cells, 0);
    assert_eq!(
        done.diagnostics.errors,
        0,
        "{:?}",
        nianbao::check::check(template, &report).diagnostics
    );
    assert_eq!(done.prompt(), None);
}

#[test]
fn exported_and_errors_answer_the_command_by_its_id() {
    let file = ExportedFile {
        format: ExportFormat::Html,
        file_name: "报告.html".into(),
        mime: "text/html".into(),
        bytes: b"<!doctype html>".to_vec(),
    };
    let id = json!("export-1");
    let value = event(Event::Exported {
        re: Some(&id),
        file: &file,
        state: Default::default(),
    });
    assert_eq!(value["re"], "export-1");
    assert_eq!(value["complete"], true);
    assert_eq!(value["blank_cells"], 0);
    assert_eq!(value["format"], "html");
    assert_eq!(value["file_name"], "报告.html");
    assert_eq!(value["size"], 15);
    assert!(
        value.get("bytes").is_none(),
        "the bytes travel beside the JSON, as a Uint8Array"
    );

    let error = ProtocolError::ExportUnavailable(ExportFormat::Pdf);
    let value = event(Event::Error {
        re: Some(&id),
        error: &error,
    });
    assert_eq!(value["code"], "export-unavailable");
    assert_eq!(value["message"], "本版本尚不能导出 PDF 文件");
    assert_eq!(value["re"], "export-1");
}

#[test]
fn an_implausible_year_from_the_portal_is_refused_and_says_why() {
    for year in [
        json!(65535),
        json!("1900"),
        json!("2101"),
        json!("二〇二五"),
    ] {
        let (_, error) =
            refused(json!({ "nianbao": 1, "type": "set-header", "fields": { "year": year } }));
        assert_eq!(error.code(), "bad-payload", "{year}");
        assert!(error.to_string().contains("fields.year"), "{error}");
    }
    let (_, error) =
        refused(json!({ "nianbao": 1, "type": "set-header", "fields": { "year": 2101 } }));
    assert!(
        error
            .to_string()
            .contains("年份 2101 不在 2008 至 2100 年之间"),
        "{error}"
    );
    // A plausible year, and a blank one (clearing the field), are accepted.
    for year in [json!(2025), json!("2025年"), json!("")] {
        command(json!({ "nianbao": 1, "type": "set-header", "fields": { "year": year } }));
    }

    let mut report: Value =
        serde_json::from_str(include_str!("../examples/reports/yiyuan-2011.json")).unwrap();
    report["fields"]["year"] = json!("65535");
    let (_, error) = refused(json!({ "nianbao": 1, "type": "load-report", "report": report }));
    assert_eq!(error.code(), "bad-report");
    assert!(error.to_string().contains("报告年度有误"), "{error}");
}

#[test]
fn a_report_sent_as_text_with_a_duplicated_key_is_refused_naming_it() {
    let seed = include_str!("../examples/reports/yiyuan-2011.json");
    let doubled = seed.replacen("\"fields\": {", "\"fields\": {},\n  \"fields\": {", 1);
    assert_ne!(doubled, seed);
    let (_, error) = refused(json!({ "nianbao": 1, "type": "load-report", "report": doubled }));
    assert_eq!(error.code(), "bad-report");
    assert!(
        error.to_string().contains("“fields”出现了不止一次"),
        "{error}"
    );
}

#[test]
fn what_a_portal_sends_is_quoted_as_a_short_excerpt() {
    let long = "x".repeat(10_000);
    let (_, error) = refused(json!({ "nianbao": 1, "type": long }));
    assert!(error.to_string().chars().count() < 100, "{error}");
    let (_, error) = refused(json!({ "nianbao": 1, "type": "export", "format": long }));
    assert!(error.to_string().chars().count() < 100, "{error}");
}
