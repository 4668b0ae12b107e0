//! Reading stored drafts of every schema version this app has written. Each version's reader turns it into the
//! current [`Draft`]; the tests keep a fixture of each version so that a change of format cannot strand a draft.

use super::Draft;
use crate::model::json::{self, VersionError};
use crate::model::text::excerpt;
use serde_json::Value;

/// The draft schema version this build writes.
pub const DRAFT_SCHEMA_VERSION: u32 = 1;

/// Turns a stored draft of any known version into the current one, or says in Chinese why it cannot.
pub fn migrate(value: Value) -> Result<Draft, String> {
    match json::schema_version(&value) {
        Err(VersionError::Missing) => Err("不是本程序保存的草稿（缺少 schema_version）".to_owned()),
        Err(error) => Err(format!("不是本程序保存的草稿（{error}）")),
        Ok(1) => serde_json::from_value(value)
            .map_err(|e| format!("草稿内容不完整（{}）", excerpt(&e.to_string()))),
        Ok(v) if v > DRAFT_SCHEMA_VERSION => Err(format!(
            "草稿由更新版本的程序保存（格式版本 {v}），请使用新版本打开"
        )),
        Ok(v) => Err(format!("无法识别的草稿格式版本 {v}")),
    }
}
