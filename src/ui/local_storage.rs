//! The browser's localStorage behind the store's [`Storage`] trait.
//!
//! Plain web-sys rather than gloo-storage: gloo's `raw()` panics where storage is switched off (some office PCs'
//! policies), its `set` panics when the browser throws something other than an `Error`, and it JSON-encodes values,
//! where quarantine must keep an unreadable entry byte for byte.

use crate::store::{Storage, StoreError};
use wasm_bindgen::JsValue;

#[derive(Clone, Copy, Debug, Default)]
pub struct LocalStore;

fn storage() -> Result<web_sys::Storage, StoreError> {
    let window =
        web_sys::window().ok_or_else(|| StoreError::Unavailable("没有浏览器窗口".to_owned()))?;
    match window.local_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err(StoreError::Unavailable("本地存储已被禁用".to_owned())),
        Err(error) => Err(StoreError::Unavailable(describe(&error))),
    }
}

fn describe(error: &JsValue) -> String {
    js_sys::Reflect::get(error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "未知原因".to_owned())
}

/// Quota errors are named differently across browsers and versions.
fn is_quota_error(error: &JsValue) -> bool {
    let name = js_sys::Reflect::get(error, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    let code = js_sys::Reflect::get(error, &"code".into())
        .ok()
        .and_then(|c| c.as_f64());
    name == "QuotaExceededError"
        || name == "NS_ERROR_DOM_QUOTA_REACHED"
        || code == Some(22.0)
        || code == Some(1014.0)
}

impl Storage for LocalStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        storage()?
            .get_item(key)
            .map_err(|e| StoreError::Unavailable(describe(&e)))
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        storage()?
            .set_item(key, value)
            .map_err(|e| match is_quota_error(&e) {
                true => StoreError::Full,
                false => StoreError::Unavailable(describe(&e)),
            })
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        storage()?
            .remove_item(key)
            .map_err(|e| StoreError::Unavailable(describe(&e)))
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        let storage = storage()?;
        let length = storage
            .length()
            .map_err(|e| StoreError::Unavailable(describe(&e)))?;
        Ok((0..length)
            .filter_map(|i| storage.key(i).ok().flatten())
            .collect())
    }
}
