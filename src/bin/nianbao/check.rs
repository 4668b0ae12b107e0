//! `nianbao check FILE…`: each file's findings in Chinese (or JSON with `--json`).

use nianbao::check::{check, Diagnostic, Findings, Place};
use nianbao::import::{detect, read_file, ImportError, InputKind, Review};
use nianbao::model::number::format;
use nianbao::model::text::decode;
use nianbao::model::{CellIndex, Report, Severity, Template};
use nianbao::templates;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// One file's outcome.
enum Outcome {
    Checked {
        template: &'static Template,
        report: Box<Report>,
        findings: Findings,
        /// What the import read, for a file that was not nianbao's own JSON.
        review: Option<Review>,
    },
    Unreadable(String),
}

/// `nianbao check`: each file's findings, as text or JSON; the exit status says whether any had errors.
pub fn run(files: &[PathBuf], as_json: bool) -> ExitCode {
    let outcomes: Vec<(String, Outcome)> = files
        .iter()
        .map(|path| (path.display().to_string(), check_file(path)))
        .collect();
    if as_json {
        let documents: Vec<Value> = outcomes
            .iter()
            .map(|(path, outcome)| to_json(path, outcome))
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&documents).expect("JSON values serialise")
        );
    } else {
        for (path, outcome) in &outcomes {
            print!("{}", to_text(path, outcome));
        }
    }
    let unreadable = outcomes
        .iter()
        .any(|(_, o)| matches!(o, Outcome::Unreadable(_)));
    let has_errors = outcomes.iter().any(|(_, o)| match o {
        Outcome::Checked { findings, .. } => findings.count(Severity::Error) > 0,
        Outcome::Unreadable(_) => false,
    });
    ExitCode::from(if unreadable { 2 } else { u8::from(has_errors) })
}

fn check_file(path: &Path) -> Outcome {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => return Outcome::Unreadable(super::read_error(&error)),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // nianbao's own JSON is read strictly, with its own messages; every other kind through the import readers.
    if !matches!(
        detect(&name, &bytes),
        Ok(InputKind::Json) | Err(ImportError::UnknownKind)
    ) {
        return match read_file(&name, &bytes) {
            Ok(imported) => {
                let template = templates::by_id(&imported.file.template.id)
                    .expect("the recogniser names a built-in template");
                match Report::from_file(template, &imported.file) {
                    Ok(report) => {
                        let findings = check(template, &report);
                        Outcome::Checked {
                            template,
                            report: Box::new(report),
                            findings,
                            review: Some(imported.review),
                        }
                    }
                    Err(error) => Outcome::Unreadable(error.to_string()),
                }
            }
            Err(error) => Outcome::Unreadable(error.to_string()),
        };
    }
    let text = match decode(&bytes) {
        Ok(text) => text,
        Err(error) => return Outcome::Unreadable(error.to_string()),
    };
    match templates::read_report(&text) {
        Ok((template, report)) => {
            let findings = check(template, &report);
            Outcome::Checked {
                template,
                report: Box::new(report),
                findings,
                review: None,
            }
        }
        Err(error) => Outcome::Unreadable(error.to_string()),
    }
}

fn to_text(path: &str, outcome: &Outcome) -> String {
    let (template, report, findings, review) = match outcome {
        Outcome::Unreadable(why) => return format!("{path}：无法读取：{why}\n\n"),
        Outcome::Checked {
            template,
            report,
            findings,
            review,
        } => (template, report, findings, review),
    };
    let unit = Some(report.unit_name(template))
        .filter(|u| !u.is_empty())
        .unwrap_or("（未填写单位）");
    let year = report
        .year(template)
        .map(|y| format!("{y}年"))
        .unwrap_or_default();
    let mut text = format!("{path}：{unit} {year}（{}）\n", template.name);
    if let Some(review) = review {
        for line in super::convert::summary("读取", review).lines() {
            text.push_str(&format!("  {line}\n"));
        }
    }
    for d in &findings.diagnostics {
        text.push_str(&format!("  {}：{}\n", d.severity.word(), d.message));
        if let Some(fix) = &d.fix {
            text.push_str(&format!("        建议：{}\n", fix.label));
        }
    }
    let counts = findings.counts();
    text.push_str(&format!(
        "  共 {} 个错误，{} 个警告，{} 个提示\n\n",
        counts.errors, counts.warnings, counts.notes
    ));
    text
}

fn to_json(path: &str, outcome: &Outcome) -> Value {
    let (template, findings) = match outcome {
        Outcome::Unreadable(why) => {
            return json!({ "file": path, "readable": false, "reason": why })
        }
        Outcome::Checked {
            template, findings, ..
        } => (template, findings),
    };
    let diagnostics: Vec<Value> = findings
        .diagnostics
        .iter()
        .map(|d| diagnostic_json(template, d))
        .collect();
    json!({
        "file": path,
        "readable": true,
        "template": { "id": template.id, "version": template.version },
        "counts": findings.counts(),
        "diagnostics": diagnostics,
    })
}

/// A diagnostic for machines: cells by id, figures written as the cells show them.
fn diagnostic_json(template: &Template, d: &Diagnostic) -> Value {
    let cell_id = |cell: CellIndex| template.cell(cell).id.clone();
    let figure = |value: Option<u64>| {
        let kind = d.cells.first().map(|&c| template.cell(c).kind);
        value
            .zip(kind)
            .map(|(v, kind)| format(kind, v))
            .or_else(|| value.map(|v| v.to_string()))
    };
    let place = match d.place {
        Place::Cell(cell) => json!({ "cell": cell_id(cell) }),
        Place::Field(field) => json!({ "field": template.field(field).id }),
        Place::Section(section) => json!({ "section": template.section(section).id }),
        Place::Table(table) => json!({ "table": template.table(table).id }),
    };
    json!({
        "severity": d.severity.key(),
        "message": d.message,
        "place": place,
        "cells": d.cells.iter().map(|&c| cell_id(c)).collect::<Vec<_>>(),
        "actual": figure(d.actual),
        "expected": figure(d.expected),
        "fix": d.fix.as_ref().map(|f| json!({
            "cell": cell_id(f.cell),
            "value": format(template.cell(f.cell).kind, f.value),
            "label": f.label,
        })),
    })
}
