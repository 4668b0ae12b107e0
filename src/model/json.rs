//! Reading JSON documents from outside (report files, stored drafts, a portal's report) strictly: a key that
//! appears twice in one object is refused, never resolved by silently dropping one copy; and the document's
//! `schema_version` is read with a reason for each way it can be wrong.

use super::text::excerpt;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::RefCell;
use std::fmt;

/// Why a text is not a JSON document this program reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonError {
    /// Not JSON; serde_json's description, with the line and column.
    Syntax(String),
    /// A key that appears twice in the same object, by its path from the document's top (`fields.unit`).
    DuplicateKey(String),
}

/// Parses JSON text, refusing a document in which any object, at any depth, has the same key twice.
pub fn parse_strict(text: &str) -> Result<Value, JsonError> {
    let duplicate = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let parsed = Strict {
        path: String::new(),
        duplicate: &duplicate,
    }
    .deserialize(&mut deserializer)
    .and_then(|value| deserializer.end().map(|()| value));
    match (parsed, duplicate.into_inner()) {
        (_, Some(path)) => Err(JsonError::DuplicateKey(path)),
        (Ok(value), None) => Ok(value),
        (Err(error), None) => Err(JsonError::Syntax(syntax_reason(&error))),
    }
}

/// Where and how a text is not JSON, in Chinese (serde_json's own message is English and quotes the parser).
fn syntax_reason(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let at = format!("第 {} 行第 {} 列", error.line(), error.column());
    match error.classify() {
        Category::Eof => format!("内容在{at}处中断，文件可能没有保存完整或下载完整"),
        Category::Syntax => format!("{at}处不符合 JSON 的写法"),
        Category::Data => format!("{at}处的值不是应有的类型"),
        Category::Io => "文件无法读取".to_owned(),
    }
}

/// A value being read, with where it is in the document.
struct Strict<'a> {
    path: String,
    duplicate: &'a RefCell<Option<String>>,
}

impl Strict<'_> {
    fn child(&self, name: &str) -> String {
        match self.path.is_empty() {
            true => name.to_owned(),
            false => format!("{}.{name}", self.path),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let seed = Strict {
                path: format!("{}[{}]", self.path, items.len()),
                duplicate: self.duplicate,
            };
            match seq.next_element_seed(seed)? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = self.child(&key);
            if object.contains_key(&key) {
                *self.duplicate.borrow_mut() = Some(path);
                return Err(de::Error::custom("duplicate key"));
            }
            let seed = Strict {
                path,
                duplicate: self.duplicate,
            };
            let value = map.next_value_seed(seed)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// What is wrong with a document's `schema_version`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VersionError {
    Missing,
    /// Not a whole number: what it is instead (文字, 小数, 负数, …).
    WrongType(&'static str),
    /// A whole number too large to be any version, as written.
    TooLarge(String),
}

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VersionError::Missing => f.write_str("缺少 schema_version"),
            VersionError::WrongType(kind) => {
                write!(f, "schema_version 应为正整数（如 1），而不是{kind}")
            }
            VersionError::TooLarge(v) => write!(
                f,
                "schema_version 的值 {} 过大，不是任何版本的格式版本号",
                excerpt(v)
            ),
        }
    }
}

/// The `schema_version` of a document (a JSON object), read as a version number.
pub fn schema_version(document: &Value) -> Result<u32, VersionError> {
    let Some(value) = document.get("schema_version") else {
        return Err(VersionError::Missing);
    };
    match value {
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(v), _) => u32::try_from(v).map_err(|_| VersionError::TooLarge(n.to_string())),
            (None, Some(_)) => Err(VersionError::WrongType("负数")),
            // A float: a whole one (1e30) too large for an integer, or a fraction.
            (None, None) => match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f > 0.0 => {
                    Err(VersionError::TooLarge(n.to_string()))
                }
                _ => Err(VersionError::WrongType("小数")),
            },
        },
        other => Err(VersionError::WrongType(kind(other))),
    }
}

/// A JSON value's kind, in words for the writer.
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "空值（null）",
        Value::Bool(_) => "真假值",
        Value::Number(_) => "数字",
        Value::String(_) => "文字",
        Value::Array(_) => "列表",
        Value::Object(_) => "对象",
    }
}

/// Why a report document (docs/report-format.md) does not have the shape of one, in words for the writer:
/// every key known, the template named by a text id and a whole version, and fields, sections and cells as
/// objects of texts. Checked before the typed reading, whose messages are English and quote values whole.
pub fn report_shape(document: &Value) -> Result<(), String> {
    let Value::Object(top) = document else {
        return Err(format!("应为 JSON 对象，而不是{}", kind(document)));
    };
    let version = schema_version(document).unwrap_or(0);
    for key in top.keys() {
        let known = ["schema_version", "template", "fields", "sections", "cells"]
            .contains(&key.as_str())
            || (key == "verified" && version >= 2);
        if !known {
            return Err(format!("有本格式没有的项“{}”", excerpt(key)));
        }
    }
    if let Some(marks) = top.get("verified") {
        verified_shape(marks)?;
    }
    match top.get("template") {
        None => return Err("缺少 template（报告格式）".to_owned()),
        Some(Value::Object(template)) => {
            match template.get("id") {
                Some(Value::String(_)) => {}
                None => return Err("缺少 template.id".to_owned()),
                Some(other) => return Err(format!("template.id 应为文字，而不是{}", kind(other))),
            }
            match template.get("version") {
                Some(Value::Number(n)) if n.as_u64().is_some_and(|v| u32::try_from(v).is_ok()) => {}
                None => return Err("缺少 template.version".to_owned()),
                Some(other) => {
                    return Err(format!(
                        "template.version 应为正整数（如 1），而不是{}",
                        match other {
                            Value::Number(n) => excerpt(&n.to_string()).into_owned(),
                            other => kind(other).to_owned(),
                        }
                    ))
                }
            }
        }
        Some(other) => return Err(format!("template 应为对象，而不是{}", kind(other))),
    }
    for part in ["fields", "sections", "cells"] {
        match top.get(part) {
            None => {}
            Some(Value::Object(entries)) => {
                if let Some((id, value)) = entries.iter().find(|(_, v)| !v.is_string()) {
                    return Err(format!(
                        "{part} 中“{}”的值应为文字（如 \"12\"），而不是{}",
                        excerpt(id),
                        kind(value)
                    ));
                }
            }
            Some(other) => return Err(format!("{part} 应为对象，而不是{}", kind(other))),
        }
    }
    Ok(())
}

/// The shape of `verified` (schema version 2): a list of marks, each with a whole `rule`, texts `kind`, `place` and
/// `reason`, `cells` an object of texts, `actual` and `expected` whole numbers or null, `text` a text.
fn verified_shape(marks: &Value) -> Result<(), String> {
    let Value::Array(marks) = marks else {
        return Err(format!("verified 应为列表，而不是{}", kind(marks)));
    };
    for (n, mark) in marks.iter().enumerate() {
        let at = format!("verified 第 {} 项", n + 1);
        let Value::Object(mark) = mark else {
            return Err(format!("{at}应为对象，而不是{}", kind(mark)));
        };
        for (key, value) in mark {
            let right = match key.as_str() {
                "rule" => value.as_u64().is_some(),
                "kind" | "place" | "reason" | "text" => value.is_string(),
                "actual" | "expected" => value.is_null() || value.as_u64().is_some(),
                "cells" => value
                    .as_object()
                    .is_some_and(|cells| cells.values().all(Value::is_string)),
                _ => return Err(format!("{at}有本格式没有的项“{}”", excerpt(key))),
            };
            if !right {
                return Err(format!("{at}的“{key}”不是应有的类型（{}）", kind(value)));
            }
        }
        for key in ["rule", "kind", "place", "reason"] {
            if !mark.contains_key(key) {
                return Err(format!("{at}缺少 {key}"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_duplicated_key_is_refused_at_any_depth_by_its_path() {
        assert_eq!(
            parse_strict(r#"{"fields": {}, "fields": {"unit": "x"}}"#),
            Err(JsonError::DuplicateKey("fields".into()))
        );
        assert_eq!(
            parse_strict(r#"{"fields": {"unit": "a", "unit": "b"}}"#),
            Err(JsonError::DuplicateKey("fields.unit".into()))
        );
        assert_eq!(
            parse_strict(r#"{"a": [{"k": 1}, {"k": 1, "k": 2}]}"#),
            Err(JsonError::DuplicateKey("a[1].k".into()))
        );
    }

    #[test]
    fn the_same_key_in_different_objects_is_fine_and_values_read_as_serde_json_reads_them() {
        let text =
            r#"{"a": {"k": 1}, "b": {"k": [1.5, -2, "x", null, true]}, "c": 18446744073709551615}"#;
        let strict = parse_strict(text).unwrap();
        assert_eq!(strict, serde_json::from_str::<Value>(text).unwrap());
    }

    #[test]
    fn what_is_not_json_is_a_syntax_error_with_its_place() {
        match parse_strict("{\"a\": 1,}") {
            Err(JsonError::Syntax(why)) => assert_eq!(why, "第 1 行第 9 列处不符合 JSON 的写法"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(parse_strict("{} {}"), Err(JsonError::Syntax(_))));
        match parse_strict("{\"a\": [1,\n 2") {
            Err(JsonError::Syntax(why)) => {
                assert_eq!(
                    why,
                    "内容在第 2 行第 2 列处中断，文件可能没有保存完整或下载完整"
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn each_way_a_schema_version_is_wrong_has_its_own_reason() {
        assert_eq!(schema_version(&json!({ "schema_version": 1 })), Ok(1));
        assert_eq!(schema_version(&json!({})), Err(VersionError::Missing));
        assert_eq!(schema_version(&json!([])), Err(VersionError::Missing));
        assert_eq!(
            schema_version(&json!({ "schema_version": "1" })),
            Err(VersionError::WrongType("文字"))
        );
        assert_eq!(
            schema_version(&json!({ "schema_version": 1.5 })),
            Err(VersionError::WrongType("小数"))
        );
        assert_eq!(
            schema_version(&json!({ "schema_version": -1 })),
            Err(VersionError::WrongType("负数"))
        );
        assert_eq!(
            schema_version(&json!({ "schema_version": 4294967296u64 })),
            Err(VersionError::TooLarge("4294967296".into()))
        );
        let huge: Value = serde_json::from_str(r#"{"schema_version": 1e300}"#).unwrap();
        assert!(matches!(
            schema_version(&huge),
            Err(VersionError::TooLarge(_))
        ));
        for error in [
            VersionError::Missing,
            VersionError::WrongType("文字"),
            VersionError::TooLarge("99999999999".into()),
        ] {
            assert!(error.to_string().contains("schema_version"));
        }
        assert_ne!(
            VersionError::WrongType("文字").to_string(),
            VersionError::Missing.to_string()
        );
    }
}
