//! `nianbao check [--previous LAST] FILE…`: each file's findings in Chinese (or JSON with `--json`), with the rules
//! that compare years when last year's report is given.

use nianbao::check::{check_with_previous, Diagnostic, Findings, Place, Previous};
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
pub fn run(files: &[PathBuf], previous: Option<&Path>, as_json: bool) -> ExitCode {
    let last = match previous.map(read).transpose() {
        Ok(last) => last,
        Err(why) => {
            let path = previous
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            eprintln!("上年文件 {path} 无法读取：{why}");
            return ExitCode::from(2);
        }
    };
    let last = last
        .as_ref()
        .map(|(template, report, _)| Previous { template, report });
    let outcomes: Vec<(String, Outcome)> = files
        .iter()
        .map(|path| (path.display().to_string(), check_file(path, last)))
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

/// One report as read: its template, the report, and what the import read for a file that was not nianbao's own
/// JSON. Any kind `nianbao check` reads, for this year's files and for `--previous` alike.
type Read = (&'static Template, Report, Option<Review>);

fn read(path: &Path) -> Result<Read, String> {
    let bytes = std::fs::read(path).map_err(|error| super::read_error(&error))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // nianbao's own JSON is read strictly, with its own messages; every other kind through the import readers.
    if !matches!(
        detect(&name, &bytes),
        Ok(InputKind::Json) | Err(ImportError::UnknownKind)
    ) {
        let imported = read_file(&name, &bytes).map_err(|error| error.to_string())?;
        let template = templates::by_id(&imported.file.template.id)
            .ok_or_else(|| format!("本程序不认识的报告格式“{}”", imported.file.template.id))?;
        let report =
            Report::from_file(template, &imported.file).map_err(|error| error.to_string())?;
        return Ok((template, report, Some(imported.review)));
    }
    let text = decode(&bytes).map_err(|error| error.to_string())?;
    let (template, report) = templates::read_report(&text).map_err(|error| error.to_string())?;
    Ok((template, report, None))
}

fn check_file(path: &Path, previous: Option<Previous>) -> Outcome {
    match read(path) {
        Ok((template, report, review)) => {
            let findings = check_with_previous(template, &report, previous);
            Outcome::Checked {
                template,
                report: Box::new(report),
                findings,
                review,
            }
        }
        Err(why) => Outcome::Unreadable(why),
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
    for d in findings.open() {
        text.push_str(&format!("  {}：{}\n", d.severity.word(), d.message));
        if let Some(fix) = &d.fix {
            text.push_str(&format!("        建议：{}\n", fix.label));
        }
    }
    for d in findings.answered() {
        text.push_str(&format!(
            "  {}（已核实）：{}\n",
            d.severity.word(),
            d.message
        ));
        text.push_str(&format!("        说明：{}\n", reason(report, d)));
    }
    let counts = findings.counts();
    text.push_str(&format!(
        "  共 {} 个错误，{} 个警告，{} 个提示",
        counts.errors, counts.warnings, counts.notes
    ));
    if counts.verified > 0 {
        text.push_str(&format!("；另有 {} 条已核实", counts.verified));
    }
    text.push_str("\n\n");
    text
}

fn to_json(path: &str, outcome: &Outcome) -> Value {
    let (template, report, findings) = match outcome {
        Outcome::Unreadable(why) => {
            return json!({ "file": path, "readable": false, "reason": why })
        }
        Outcome::Checked {
            template,
            report,
            findings,
            ..
        } => (template, report, findings),
    };
    let diagnostics: Vec<Value> = findings
        .diagnostics
        .iter()
        .map(|d| {
            let mut value = diagnostic_json(template, d);
            value["verified"] = d.verified.map_or(Value::Null, |_| reason(report, d).into());
            value
        })
        .collect();
    json!({
        "file": path,
        "readable": true,
        "template": { "id": template.id, "version": template.version },
        "counts": findings.counts(),
        "diagnostics": diagnostics,
    })
}

/// The writer's reason for a finding marked 已核实.
fn reason(report: &Report, d: &Diagnostic) -> String {
    d.verified
        .and_then(|i| report.verified().get(i))
        .map(|m| m.reason.clone())
        .unwrap_or_default()
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
    // The template rule that found it (its kind and its place in the template's resolved rules), or what kind of
    // finding no rule made: `input` (a cell or field as typed) or `completeness` (not filled in yet).
    let rule = match d.rule {
        Some(n) => json!({ "kind": template.rules[n].kind(), "index": n }),
        None if d.severity == Severity::Note => json!({ "kind": "completeness" }),
        None => json!({ "kind": "input" }),
    };
    json!({
        "severity": d.severity.key(),
        "rule": rule,
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
