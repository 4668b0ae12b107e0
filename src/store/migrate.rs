//! Reading stored drafts of every schema version this app has written. Each version's reader turns it into the
//! current [`Draft`]; the tests keep a fixture of each version so that a change of format cannot strand a draft.

use super::Draft;
use serde_json::Value;

/// The draft schema version this build writes.
pub const DRAFT_SCHEMA_VERSION: u32 = 1;

/// Turns a stored draft of any known version into the current one, or says in Chinese why it cannot.
pub fn migrate(value: Value) -> Result<Draft, String> {
    let version = value.get("schema_version").and_then(Value::as_u64);
    match version {
        None => Err("不是本程序保存的草稿（缺少 schema_version）".to_owned()),
        Some(1) => serde_json::from_value(value).map_err(|e| format!("草稿内容不完整（{e}）")),
        Some(v) if v > u64::from(DRAFT_SCHEMA_VERSION) => Err(format!(
            "草稿由更新版本的程序保存（格式版本 {v}），请使用新版本打开"
        )),
        Some(v) => Err(format!("无法识别的草稿格式版本 {v}")),
    }
}
