//! The postMessage protocol between the app and the page embedding it (docs/embedding.md), as plain data: commands
//! are parsed from JSON text and events written as JSON text, so that all of it is tested natively. The browser glue
//! (src/ui/embed.rs) only moves the text (and an exported file's bytes) across.

use crate::check::Findings;
use crate::model::limit::{section_over_limit, MAX_SECTION_CHARS};
use crate::model::text::excerpt;
use crate::model::year;
use crate::model::{Report, ReportFile, Template};
use crate::templates;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// The protocol version, carried by every message as `"nianbao": 1`.
pub const PROTOCOL_VERSION: u64 = 1;

/// A file format the app can export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    Html,
    Pdf,
    /// A Word document (.docx).
    Docx,
    /// An Excel workbook (.xlsx), one sheet per table.
    Xlsx,
}

impl ExportFormat {
    /// Every format, in the order the app offers them.
    pub const ALL: [ExportFormat; 4] = [
        ExportFormat::Html,
        ExportFormat::Pdf,
        ExportFormat::Docx,
        ExportFormat::Xlsx,
    ];

    /// The name in the protocol, which is also the file name's extension.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Html => "html",
            ExportFormat::Pdf => "pdf",
            ExportFormat::Docx => "docx",
            ExportFormat::Xlsx => "xlsx",
        }
    }

    /// The media type of the file.
    pub fn mime(self) -> &'static str {
        match self {
            ExportFormat::Html => "text/html;charset=utf-8",
            ExportFormat::Pdf => "application/pdf",
            ExportFormat::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            ExportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }

    pub fn parse(name: &str) -> Option<ExportFormat> {
        ExportFormat::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// A file the export produced, as the `exported` event carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportedFile {
    pub format: ExportFormat,
    /// The name offered for saving, e.g. `2025年政府信息公开工作年度报告.pdf`.
    pub file_name: String,
    /// The MIME type, e.g. `application/pdf`.
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// What the report was like when it was exported, as the `exported` event says: the portal can tell a finished
/// report from one exported with errors or blank cells (which the app's own buttons ask about first).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportedState {
    pub diagnostics: crate::check::Counts,
    /// Figure cells left blank (printed blank, not as 0).
    pub blank_cells: usize,
}

impl ExportedState {
    /// The state of `report` with its `findings`.
    pub fn of(template: &Template, report: &Report, findings: &Findings) -> ExportedState {
        ExportedState {
            diagnostics: findings.counts(),
            blank_cells: report.blank_figures(template, template.cell_indices()),
        }
    }

    /// Neither an error nor a blank cell.
    pub fn complete(&self) -> bool {
        self.diagnostics.errors == 0 && self.blank_cells == 0
    }

    /// What to ask before exporting a report that is not complete (导出前提示), or `None` when it is.
    pub fn prompt(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.diagnostics.errors > 0 {
            parts.push(format!("{} 个错误", self.diagnostics.errors));
        }
        if self.blank_cells > 0 {
            parts.push(format!("{} 格未填写", self.blank_cells));
        }
        (!parts.is_empty()).then(|| {
            format!(
                "导出前提示：{} — 仍要导出？\n\n未填写的格在导出的文件中留空；确实为零的格请填 0（可用“未填写的格填 0”）。",
                parts.join("，")
            )
        })
    }
}

/// What the drafts work reports after a successful save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedDraft {
    /// The draft's key in storage.
    pub draft_id: String,
    /// When it was saved, as an RFC 3339 timestamp.
    pub updated_at: String,
}

/// A command from the parent page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Open a report as a new draft (of whichever built-in format it names).
    LoadReport(ReportFile),
    /// Set header fields by id (`unit`, `year`, …); every other field keeps its value.
    SetHeader(BTreeMap<String, String>),
    /// Export the report and send the file in an `exported` event.
    Export(ExportFormat),
}

/// A message as received: not ours (ignored), a command, or a malformed message of ours (answered with an error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Incoming {
    NotOurs,
    Command {
        id: Option<Value>,
        command: Command,
    },
    Invalid {
        id: Option<Value>,
        error: ProtocolError,
    },
}

/// Why a command was refused. `code` is stable for programs; the message is for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProtocolError {
    UnsupportedVersion(Value),
    UnknownType(String),
    BadPayload(String),
    BadReport(String),
    /// A command about the report being edited, while none is open.
    NoReport,
    UnknownField(String),
    ExportUnavailable(ExportFormat),
    ExportFailed(String),
    /// Too many commands are waiting to be applied (`waiting` of them); this one was not taken.
    Busy {
        waiting: usize,
    },
    /// More `load-report` than `limit` within `seconds`; the report was not opened (each would be a new draft).
    RateLimited {
        limit: usize,
        seconds: u32,
    },
}

impl ProtocolError {
    pub fn code(&self) -> &'static str {
        match self {
            ProtocolError::UnsupportedVersion(_) => "unsupported-version",
            ProtocolError::UnknownType(_) => "unknown-type",
            ProtocolError::BadPayload(_) => "bad-payload",
            ProtocolError::BadReport(_) => "bad-report",
            ProtocolError::NoReport => "no-report",
            ProtocolError::UnknownField(_) => "unknown-field",
            ProtocolError::ExportUnavailable(_) => "export-unavailable",
            ProtocolError::ExportFailed(_) => "export-failed",
            ProtocolError::Busy { .. } => "busy",
            ProtocolError::RateLimited { .. } => "rate-limited",
        }
    }
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProtocolError::UnsupportedVersion(v) => {
                write!(
                    f,
                    "不支持的协议版本 {v}，本程序使用第 {PROTOCOL_VERSION} 版"
                )
            }
            ProtocolError::UnknownType(t) => write!(f, "未知的命令“{}”", excerpt(t)),
            ProtocolError::BadPayload(why) => write!(f, "命令内容有误：{why}"),
            ProtocolError::BadReport(why) => write!(f, "无法载入报告：{why}"),
            ProtocolError::NoReport => {
                write!(
                    f,
                    "还没有打开报告：请先新建或打开一份报告，或发送 load-report"
                )
            }
            ProtocolError::UnknownField(id) => write!(f, "报告表头没有“{}”这一栏", excerpt(id)),
            ProtocolError::ExportUnavailable(format) => {
                write!(f, "本版本尚不能导出 {} 文件", format.name().to_uppercase())
            }
            ProtocolError::ExportFailed(why) => write!(f, "导出失败：{why}"),
            ProtocolError::Busy { waiting } => write!(
                f,
                "已有 {waiting} 条命令等待执行，本条未执行：请等前面的命令有了回复再发送"
            ),
            ProtocolError::RateLimited { limit, seconds } => write!(
                f,
                "载入报告过于频繁：每 {seconds} 秒最多载入 {limit} 份（每份都是一份新草稿），本份未载入，请稍后再试"
            ),
        }
    }
}

impl std::error::Error for ProtocolError {}

/// Reads a message as JSON text (the browser glue stringifies `MessageEvent.data`).
pub fn parse(json: &str) -> Incoming {
    let Ok(Value::Object(message)) = serde_json::from_str::<Value>(json) else {
        return Incoming::NotOurs;
    };
    let Some(version) = message.get("nianbao") else {
        return Incoming::NotOurs;
    };
    let id = message
        .get("id")
        .filter(|id| id.is_string() || id.is_number())
        .cloned();
    let command = if version.as_u64() != Some(PROTOCOL_VERSION) {
        Err(ProtocolError::UnsupportedVersion(version.clone()))
    } else {
        command(&message)
    };
    match command {
        Ok(command) => Incoming::Command { id, command },
        Err(error) => Incoming::Invalid { id, error },
    }
}

fn command(message: &Map<String, Value>) -> Result<Command, ProtocolError> {
    let kind = match message.get("type") {
        Some(Value::String(kind)) => kind.as_str(),
        _ => return Err(ProtocolError::BadPayload("缺少 type".into())),
    };
    match kind {
        "load-report" => {
            let text = match message.get("report") {
                Some(Value::String(text)) => text.clone(),
                Some(report @ Value::Object(_)) => report.to_string(),
                _ => {
                    return Err(ProtocolError::BadPayload(
                        "report 应为报告文档（对象或 JSON 文本）".into(),
                    ))
                }
            };
            let file = ReportFile::from_json(&text)
                .map_err(|e| ProtocolError::BadReport(e.to_string()))?;
            if let Some(text) = file.fields.get("year") {
                year::parse(text)
                    .map_err(|e| ProtocolError::BadReport(format!("报告年度有误：{e}")))?;
            }
            Ok(Command::LoadReport(file))
        }
        "set-header" => {
            let Some(Value::Object(fields)) = message.get("fields") else {
                return Err(ProtocolError::BadPayload(
                    "fields 应为对象，如 {\"unit\": \"…\"}".into(),
                ));
            };
            fields
                .iter()
                .map(|(id, value)| match value {
                    Value::String(text) => Ok((id.clone(), text.clone())),
                    Value::Number(n) => Ok((id.clone(), n.to_string())),
                    _ => Err(ProtocolError::BadPayload(format!(
                        "fields.{} 应为文字",
                        excerpt(id)
                    ))),
                })
                .collect::<Result<BTreeMap<_, _>, _>>()
                .and_then(|fields| match fields.get("year").map(|y| year::parse(y)) {
                    Some(Err(e)) => Err(ProtocolError::BadPayload(format!("fields.year：{e}"))),
                    _ => Ok(Command::SetHeader(fields)),
                })
        }
        "export" => match message.get("format").and_then(Value::as_str) {
            Some(name) => ExportFormat::parse(name)
                .map(Command::Export)
                .ok_or_else(|| {
                    ProtocolError::BadPayload(format!(
                        "format 只能是 html 或 pdf，而不是“{}”",
                        excerpt(name)
                    ))
                }),
            None => Err(ProtocolError::BadPayload("缺少 format".into())),
        },
        other => Err(ProtocolError::UnknownType(other.to_owned())),
    }
}

/// The report of a `load-report` command, with the built-in template it names.
pub fn open_report(file: &ReportFile) -> Result<(&'static Template, Report), ProtocolError> {
    let template = templates::by_id(&file.template.id).ok_or_else(|| {
        ProtocolError::BadReport(format!(
            "本工具没有“{}”这种报告格式",
            excerpt(&file.template.id)
        ))
    })?;
    Report::from_file(template, file)
        .map(|report| (template, report))
        .map_err(|e| ProtocolError::BadReport(e.to_string()))
}

/// The report with the header fields of a `set-header` command filled in; every other field keeps its value.
pub fn set_header(
    template: &Template,
    report: &Report,
    fields: &BTreeMap<String, String>,
) -> Result<Report, ProtocolError> {
    let mut changed = report.clone();
    for (id, text) in fields {
        let index = template
            .header
            .iter()
            .copied()
            .find(|&i| template.field(i).id == *id)
            .ok_or_else(|| ProtocolError::UnknownField(id.clone()))?;
        // A header field is one line; the limit of a section's text bounds it all the same.
        if let Some(chars) = section_over_limit(text) {
            return Err(ProtocolError::BadPayload(format!(
                "fields.{} 有 {chars} 字，超过了 {MAX_SECTION_CHARS} 字的上限",
                excerpt(id)
            )));
        }
        changed.set_field(index, text);
    }
    Ok(changed)
}

/// An event for the parent page.
#[derive(Clone, Copy, Debug)]
pub enum Event<'a> {
    /// The app is on screen and listening; `template` is that of the report open in the editor, if one is.
    Ready {
        template: Option<&'a Template>,
        formats: &'a [ExportFormat],
    },
    /// The report changed (by the writer or by a command).
    Changed {
        template: &'a Template,
        report: &'a Report,
        findings: &'a Findings,
    },
    /// The checker's findings, whenever they change.
    Diagnostics { findings: &'a Findings },
    /// The drafts work saved the report.
    Saved { draft: &'a SavedDraft },
    /// A file was exported; its bytes travel beside the JSON (see [`Event::to_json`]).
    Exported {
        re: Option<&'a Value>,
        file: &'a ExportedFile,
        state: ExportedState,
    },
    /// A command was carried out.
    Done { re: Option<&'a Value> },
    /// A command was refused.
    Error {
        re: Option<&'a Value>,
        error: &'a ProtocolError,
    },
}

impl Event<'_> {
    /// The event as JSON text. For `exported`, the glue adds the file's bytes as a `Uint8Array` property `bytes`.
    pub fn to_json(&self) -> String {
        let mut message = match self {
            Event::Ready { template, formats } => json!({
                "type": "ready",
                "template": template.map(|t| json!({ "id": t.id, "version": t.version })),
                "header": template.map_or(Vec::new(), |t| {
                    t.header.iter().map(|&i| t.field(i).id.as_str()).collect()
                }),
                "formats": formats.iter().map(|f| f.name()).collect::<Vec<_>>(),
            }),
            Event::Changed {
                template,
                report,
                findings,
            } => json!({
                "type": "changed",
                "report": report.to_file(template),
                "diagnostics": findings.counts(),
            }),
            Event::Diagnostics { findings } => {
                let mut summary = json!(findings.counts());
                summary["items"] = findings
                    .diagnostics
                    .iter()
                    .map(|d| {
                        json!({
                            "severity": d.severity.key(),
                            "message": d.message,
                            "verified": d.verified.is_some(),
                        })
                    })
                    .collect();
                json!({ "type": "diagnostics", "diagnostics": summary })
            }
            Event::Saved { draft } => json!({
                "type": "saved",
                "draft_id": draft.draft_id,
                "updated_at": draft.updated_at,
            }),
            Event::Exported { re, file, state } => json!({
                "type": "exported",
                "re": re,
                "format": file.format.name(),
                "file_name": file.file_name,
                "mime": file.mime,
                "size": file.bytes.len(),
                "diagnostics": state.diagnostics,
                "blank_cells": state.blank_cells,
                "complete": state.complete(),
            }),
            Event::Done { re } => json!({ "type": "done", "re": re }),
            Event::Error { re, error } => json!({
                "type": "error",
                "re": re,
                "code": error.code(),
                "message": error.to_string(),
            }),
        };
        message["nianbao"] = json!(PROTOCOL_VERSION);
        message.to_string()
    }
}
