//! The PDF export's web worker. The app starts it on the first PDF export (`nianbao-pdf_loader.js`, built by
//! Trunk), so printpdf and the fonts stay out of the first load, and a long export never blocks the page.
//!
//! Messages (plain objects, `nianbao::worker`):
//! - app → worker `{type: "export", id, report, fonts}`: `report` is the report document as JSON
//!   (docs/report-format.md), `fonts` the absolute URL of the fonts folder (with a trailing slash);
//! - worker → app `{type: "progress", id, loaded, total}` while fonts download (bytes), then
//!   `{type: "done", id, pdf, pages, missing}` (`pdf` a Uint8Array, its buffer transferred; `missing` the
//!   characters no font has, as one string) or `{type: "error", id, message}` (in Chinese).
//!
//! Fonts are fetched once per worker and kept in Cache Storage (cache `nianbao-fonts`, entries keyed by URL with
//! the font version of fonts.json), so later exports, in later sessions too, work offline. Where Cache Storage is
//! not available (a page served over plain HTTP), the browser's HTTP cache is all there is.

#[cfg(target_arch = "wasm32")]
fn main() {
    nianbao::worker::serve(&["export"], worker::export);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "nianbao-pdf is the app's PDF worker, built by Trunk for the browser (see README.md)."
    );
    std::process::exit(2);
}

#[cfg(target_arch = "wasm32")]
mod worker {
    use js_sys::{Reflect, Uint8Array};
    use nianbao::export::pdf::{render, Fonts};
    use nianbao::export::{build, Document};
    use nianbao::templates;
    use nianbao::worker::{post, scope, text, Reply, Request};
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{
        Cache, CacheQueryOptions, ReadableStreamDefaultReader, RequestCache, RequestInit, Response,
    };

    const CACHE: &str = "nianbao-fonts";
    const FILES: [&str; 3] = ["serif.ttf", "sans.ttf", "kai.ttf"];

    thread_local! {
        static FONTS: RefCell<Option<Rc<Fonts>>> = const { RefCell::new(None) };
    }

    /// Bytes of fonts loaded so far; `total` is what fonts.json announced (0 offline), never shown below `loaded`.
    fn post_progress(id: &JsValue, loaded: f64, total: f64) {
        post(
            "progress",
            id,
            &[
                ("loaded", loaded.into()),
                ("total", total.max(loaded).into()),
            ],
        );
    }

    pub async fn export(request: Request) -> Result<Reply, String> {
        let report = request.text("report").ok_or("导出请求不完整")?;
        let base = request.text("fonts").ok_or("导出请求不完整")?;
        let (template, report) = templates::read_report(&report).map_err(|e| e.to_string())?;
        let document: Document = build(template, &report);
        let fonts = fonts(&base, &request.id).await?;
        // The export's time, in whole seconds since the epoch.
        let now = (js_sys::Date::now() / 1000.0) as i64;
        let pdf = render(&document, &fonts, now).map_err(|e| e.to_string())?;
        let missing: String = pdf.missing.iter().collect();
        Ok(Reply::new(vec![
            ("pages", (pdf.pages as u32).into()),
            ("missing", missing.into()),
        ])
        .with_bytes("pdf", &pdf.bytes, "无法把 PDF 交给页面"))
    }

    /// The fonts, loaded once per worker: from Cache Storage when it has this version, else downloaded with
    /// progress and stored there.
    async fn fonts(base: &str, id: &JsValue) -> Result<Rc<Fonts>, String> {
        if let Some(fonts) = FONTS.with(|f| f.borrow().clone()) {
            return Ok(fonts);
        }
        let cache = open_cache().await;
        let manifest = fetch_manifest(base).await;
        let mut loaded = 0.0;
        let total: f64 = manifest
            .as_ref()
            .map(|m| FILES.iter().map(|f| m.size(f)).sum())
            .unwrap_or(0.0);
        let mut bytes = Vec::with_capacity(FILES.len());
        for file in FILES {
            let url = match &manifest {
                Some(m) => format!("{base}{file}?v={}", m.version),
                None => format!("{base}{file}"),
            };
            let data = match cached(cache.as_ref(), &url, manifest.is_none()).await {
                Some(data) => data,
                None => download(cache.as_ref(), &url, id, loaded, total).await?,
            };
            loaded += data.len() as f64;
            post_progress(id, loaded, total);
            bytes.push(data);
        }
        if let (Some(cache), Some(manifest)) = (&cache, &manifest) {
            forget_old_versions(cache, &manifest.version).await;
        }
        let fonts =
            Fonts::from_bytes(&bytes[0], &bytes[1], &bytes[2]).map_err(|e| e.to_string())?;
        let fonts = Rc::new(fonts);
        FONTS.with(|f| *f.borrow_mut() = Some(fonts.clone()));
        Ok(fonts)
    }

    struct Manifest {
        version: String,
        sizes: JsValue,
    }

    impl Manifest {
        fn size(&self, file: &str) -> f64 {
            Reflect::get(&self.sizes, &file.into())
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(0.0)
        }
    }

    /// fonts.json, always asked of the network; `None` offline.
    async fn fetch_manifest(base: &str) -> Option<Manifest> {
        let init = RequestInit::new();
        init.set_cache(RequestCache::NoCache);
        let promise = scope().fetch_with_str_and_init(&format!("{base}fonts.json"), &init);
        let response: Response = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
        if !response.ok() {
            return None;
        }
        let json = JsFuture::from(response.json().ok()?).await.ok()?;
        Some(Manifest {
            version: text(&json, "version")?,
            sizes: Reflect::get(&json, &"files".into()).ok()?,
        })
    }

    async fn open_cache() -> Option<Cache> {
        let caches = scope().caches().ok()?;
        JsFuture::from(caches.open(CACHE))
            .await
            .ok()?
            .dyn_into()
            .ok()
    }

    /// A font from Cache Storage: this exact version, or offline (`any_version`) whichever version is there.
    async fn cached(cache: Option<&Cache>, url: &str, any_version: bool) -> Option<Vec<u8>> {
        let cache = cache?;
        let options = CacheQueryOptions::new();
        options.set_ignore_search(any_version);
        let found = JsFuture::from(cache.match_with_str_and_options(url, &options))
            .await
            .ok()?;
        let response: Response = found.dyn_into().ok()?;
        let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
        Some(Uint8Array::new(&buffer).to_vec())
    }

    /// Downloads a font, reporting progress as it arrives, and keeps a copy in the cache.
    async fn download(
        cache: Option<&Cache>,
        url: &str,
        id: &JsValue,
        before: f64,
        total: f64,
    ) -> Result<Vec<u8>, String> {
        const FAILED: &str =
            "字体下载失败。首次导出 PDF 需要联网下载字体，之后离线也能导出；请检查网络后重试";
        let response: Response = JsFuture::from(scope().fetch_with_str(url))
            .await
            .map_err(|_| FAILED.to_owned())?
            .dyn_into()
            .map_err(|_| FAILED.to_owned())?;
        if !response.ok() {
            return Err(format!("字体下载失败（HTTP {}）", response.status()));
        }
        let stored = cache.and_then(|cache| {
            let copy = response.clone().ok()?;
            Some(JsFuture::from(cache.put_with_str(url, &copy)))
        });
        let body = response.body().ok_or(FAILED)?;
        let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
        let mut data = Vec::new();
        let mut reported = 0;
        loop {
            let chunk = JsFuture::from(reader.read())
                .await
                .map_err(|_| FAILED.to_owned())?;
            if Reflect::get(&chunk, &"done".into())
                .ok()
                .and_then(|d| d.as_bool())
                .unwrap_or(true)
            {
                break;
            }
            let value: Uint8Array = Reflect::get(&chunk, &"value".into())
                .map_err(|_| FAILED.to_owned())?
                .unchecked_into();
            data.extend_from_slice(&value.to_vec());
            if data.len() - reported > 256 * 1024 {
                reported = data.len();
                post_progress(id, before + data.len() as f64, total);
            }
        }
        if let Some(stored) = stored {
            // A full disk only costs the offline copy.
            let _ = stored.await;
        }
        Ok(data)
    }

    /// Drops cached fonts of other versions.
    async fn forget_old_versions(cache: &Cache, version: &str) {
        let Ok(keys) = JsFuture::from(cache.keys()).await else {
            return;
        };
        let suffix = format!("?v={version}");
        for request in js_sys::Array::from(&keys).iter() {
            let Some(url) = text(&request, "url") else {
                continue;
            };
            if !url.ends_with(&suffix) {
                let _ = JsFuture::from(cache.delete_with_str(&url)).await;
            }
        }
    }
}
