//! Files in and out of the browser: downloads made from bytes, and text read from a picked or dropped file.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Offers bytes to the writer as a file download.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let array = js_sys::Uint8Array::from(bytes);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(
        &js_sys::Array::of1(&array),
        &options,
    )
    .map_err(|_| "浏览器无法生成文件".to_owned())?;
    save_blob(name, &blob)
}

/// Hands a file to the browser's downloads through a temporary link.
pub fn save_blob(name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let window = web_sys::window().ok_or("没有浏览器窗口")?;
    let document = window.document().ok_or("没有浏览器窗口")?;
    let url = web_sys::Url::create_object_url_with_blob(blob)
        .map_err(|_| "浏览器无法生成下载链接".to_owned())?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "浏览器无法生成下载链接")?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.set_hidden(true);
    let body = document.body().ok_or("页面尚未载入完成")?;
    let _ = body.append_child(&anchor);
    anchor.click();
    anchor.remove();
    // The download holds its own reference by the next turn; revoking at once can cancel it in some browsers.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window.set_timeout_with_callback(revoke.unchecked_ref());
    Ok(())
}

/// The text of a file the writer chose or dropped, decoded by the rule the command line follows too.
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    let bytes = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("无法读取文件“{}”", file.name()))?;
    crate::model::text::decode(&js_sys::Uint8Array::new(&bytes).to_vec())
        .map_err(|e| format!("文件“{}”无法导入：{e}", file.name()))
}

/// A file name the writer's system accepts: no path separators or characters Windows refuses.
pub fn safe_file_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if "\\/:*?\"<>|".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect()
}
