//! Files in and out of the browser: downloads made from bytes, and text read from a picked or dropped file.

use std::fmt;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Why the browser did not offer a file for download.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DownloadError {
    /// No window or document to download from (the page is closing).
    NoWindow,
    /// The page's body is not there yet.
    NotLoaded,
    /// The browser refused to make the file (a `Blob`).
    NoFile,
    /// The browser refused to make a link to the file.
    NoLink,
}

impl fmt::Display for DownloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DownloadError::NoWindow => "浏览器不允许下载文件：没有浏览器窗口",
            DownloadError::NotLoaded => "浏览器不允许下载文件：页面尚未载入完成",
            DownloadError::NoFile => "浏览器不允许下载文件：无法生成文件",
            DownloadError::NoLink => "浏览器不允许下载文件：无法生成下载链接",
        })
    }
}

impl std::error::Error for DownloadError {}

/// Why a file the writer chose could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The browser could not read the file (its name).
    Unreadable(String),
    /// The file is not text in an encoding the app reads (its name, and why).
    NotText(String, crate::model::text::DecodeError),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Unreadable(name) => write!(f, "无法读取文件“{name}”"),
            ReadError::NotText(name, why) => write!(f, "文件“{name}”无法导入：{why}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// Offers bytes to the writer as a file download.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), DownloadError> {
    let array = js_sys::Uint8Array::from(bytes);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(
        &js_sys::Array::of1(&array),
        &options,
    )
    .map_err(|_| DownloadError::NoFile)?;
    save_blob(name, &blob)
}

/// Hands a file to the browser's downloads through a temporary link.
pub fn save_blob(name: &str, blob: &web_sys::Blob) -> Result<(), DownloadError> {
    let window = web_sys::window().ok_or(DownloadError::NoWindow)?;
    let document = window.document().ok_or(DownloadError::NoWindow)?;
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(|_| DownloadError::NoLink)?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| DownloadError::NoLink)?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.set_hidden(true);
    let body = document.body().ok_or(DownloadError::NotLoaded)?;
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
pub async fn read_text(file: &web_sys::File) -> Result<String, ReadError> {
    let bytes = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| ReadError::Unreadable(file.name()))?;
    crate::model::text::decode(&js_sys::Uint8Array::new(&bytes).to_vec())
        .map_err(|why| ReadError::NotText(file.name(), why))
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
