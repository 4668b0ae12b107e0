//! An [`Imported`] as JSON, the way the import worker hands it to the app (the report in the documented format,
//! docs/report-format.md, beside the review), and the input kinds' names.

use super::{Imported, InputKind, Review, Unplaced};
use crate::model::ReportFile;
use serde_json::{json, Map, Value};

impl InputKind {
    const ALL: [InputKind; 6] = [
        InputKind::Json,
        InputKind::Html,
        InputKind::Text,
        InputKind::Docx,
        InputKind::Xlsx,
        InputKind::Pdf,
    ];

    /// The kind's key in the worker's messages.
    pub fn key(self) -> &'static str {
        match self {
            InputKind::Json => "json",
            InputKind::Html => "html",
            InputKind::Text => "text",
            InputKind::Docx => "docx",
            InputKind::Xlsx => "xlsx",
            InputKind::Pdf => "pdf",
        }
    }

    pub fn from_key(key: &str) -> Option<InputKind> {
        InputKind::ALL.into_iter().find(|kind| kind.key() == key)
    }

    /// What the writer is told the input was read as.
    pub fn label(self) -> &'static str {
        match self {
            InputKind::Json => "nianbao 报告文件（JSON）",
            InputKind::Html => "网页（HTML）",
            InputKind::Text => "文本",
            InputKind::Docx => "Word 文档（.docx）",
            InputKind::Xlsx => "Excel 表格（.xlsx）",
            InputKind::Pdf => "PDF 文件",
        }
    }
}

/// Why the worker's answer could not be read back (a worker of another build, or a broken message).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireError(pub String);

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "导入程序返回的内容无法读取（{}）", self.0)
    }
}

impl std::error::Error for WireError {}

impl Imported {
    /// `{"report": <report document>, "review": {…}}`.
    pub fn to_json(&self) -> String {
        let review = &self.review;
        let value = json!({
            "report": serde_json::to_value(&self.file).expect("a report file always serialises"),
            "review": {
                "kind": review.kind.map(InputKind::key),
                "format_name": review.format_name,
                "figures_read": review.figures_read,
                "dashes": review.dashes,
                "missing": review.missing,
                "unsure": review.unsure.iter().map(|(id, label)| json!([id, label])).collect::<Vec<_>>(),
                "unplaced": review
                    .unplaced
                    .iter()
                    .map(|u| json!({"text": u.text, "why": u.why}))
                    .collect::<Vec<_>>(),
            },
        });
        value.to_string()
    }

    /// Reads what [`Imported::to_json`] wrote; the report goes through the same strict reader as any report file.
    pub fn from_json(json: &str) -> Result<Imported, WireError> {
        let value: Value =
            serde_json::from_str(json).map_err(|e| WireError(format!("不是 JSON：{e}")))?;
        let report = value.get("report").ok_or_else(|| missing("report"))?;
        let file =
            ReportFile::from_json(&report.to_string()).map_err(|e| WireError(e.to_string()))?;
        let review = value
            .get("review")
            .and_then(Value::as_object)
            .ok_or_else(|| missing("review"))?;
        Ok(Imported {
            file,
            review: read_review(review)?,
        })
    }
}

fn missing(key: &str) -> WireError {
    WireError(format!("缺少 {key}"))
}

fn read_review(review: &Map<String, Value>) -> Result<Review, WireError> {
    let strings = |key: &str| -> Result<Vec<String>, WireError> {
        review
            .get(key)
            .and_then(Value::as_array)
            .ok_or_else(|| missing(key))?
            .iter()
            .map(|v| v.as_str().map(str::to_owned).ok_or_else(|| missing(key)))
            .collect()
    };
    let kind = match review.get("kind") {
        None | Some(Value::Null) => None,
        Some(kind) => Some(
            kind.as_str()
                .and_then(InputKind::from_key)
                .ok_or_else(|| missing("kind"))?,
        ),
    };
    let text = |value: &Value, key: &str| -> Result<String, WireError> {
        value
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| missing(key))
    };
    let list = |key: &str| -> Result<&Vec<Value>, WireError> {
        review
            .get(key)
            .and_then(Value::as_array)
            .ok_or_else(|| missing(key))
    };
    let unsure = list("unsure")?
        .iter()
        .map(|pair| {
            let id = pair.get(0).and_then(Value::as_str);
            let label = pair.get(1).and_then(Value::as_str);
            match (id, label) {
                (Some(id), Some(label)) => Ok((id.to_owned(), label.to_owned())),
                _ => Err(missing("unsure")),
            }
        })
        .collect::<Result<_, _>>()?;
    let unplaced = list("unplaced")?
        .iter()
        .map(|item| {
            Ok(Unplaced {
                text: text(item, "text")?,
                why: text(item, "why")?,
            })
        })
        .collect::<Result<_, WireError>>()?;
    Ok(Review {
        kind,
        format_name: review
            .get("format_name")
            .and_then(Value::as_str)
            .ok_or_else(|| missing("format_name"))?
            .to_owned(),
        figures_read: review
            .get("figures_read")
            .and_then(Value::as_u64)
            .ok_or_else(|| missing("figures_read"))? as usize,
        dashes: strings("dashes")?,
        missing: strings("missing")?,
        unsure,
        unplaced,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Report;
    use crate::templates;

    fn imported() -> Imported {
        let template = templates::national();
        let mut report = Report::new(template);
        let cell = template
            .index_of("applications.new.total")
            .expect("a national cell");
        report.set_cell(template, cell, "12");
        Imported {
            file: report.to_file(template),
            review: Review {
                kind: Some(InputKind::Docx),
                format_name: template.name.clone(),
                figures_read: 1,
                dashes: vec!["applications.carried_in.total".to_owned()],
                missing: vec!["appeals.cases.review_total".to_owned()],
                unsure: vec![("applications.new.natural".to_owned(), "自然人".to_owned())],
                unplaced: vec![Unplaced {
                    text: "合计 | 12 | 3".to_owned(),
                    why: "表格中没有这一行".to_owned(),
                }],
            },
        }
    }

    #[test]
    fn an_import_reads_back_as_written() {
        let imported = imported();
        let back = Imported::from_json(&imported.to_json()).expect("reads back");
        assert_eq!(back.file, imported.file);
        assert_eq!(back.review, imported.review);
    }

    #[test]
    fn a_review_without_a_kind_reads_back() {
        let mut imported = imported();
        imported.review.kind = None;
        let back = Imported::from_json(&imported.to_json()).expect("reads back");
        assert_eq!(back.review.kind, None);
    }

    #[test]
    fn a_broken_answer_is_refused_with_the_reason() {
        for (json, why) in [
            ("not json", "不是 JSON"),
            ("{}", "缺少 report"),
            (r#"{"report": {"schema_version": 1}}"#, ""),
        ] {
            let error = Imported::from_json(json).expect_err(json);
            assert!(error.0.contains(why), "{json}: {error}");
            assert!(error.to_string().starts_with("导入程序返回的内容无法读取"));
        }
        let mut value: Value = serde_json::from_str(&imported().to_json()).expect("json");
        value["review"]["kind"] = json!("doc");
        assert_eq!(
            Imported::from_json(&value.to_string())
                .expect_err("unknown kind")
                .0,
            "缺少 kind"
        );
    }

    #[test]
    fn every_kind_has_a_key_that_reads_back() {
        for kind in InputKind::ALL {
            assert_eq!(InputKind::from_key(kind.key()), Some(kind));
            assert!(!kind.label().is_empty());
        }
        assert_eq!(InputKind::from_key("doc"), None);
    }
}
