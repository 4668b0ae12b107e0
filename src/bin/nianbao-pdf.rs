//! The PDF export's web worker. The app starts it on the first PDF export (`nianbao-pdf_loader.js`, built by
//! Trunk), so the PDF writer and the fonts stay out of the first load, and a long export never blocks the page.
//!
//! Messages (plain objects, `nianbao::worker`):
//! - app → worker `{type: "export", id, report, fonts}`: `report` is the report document as JSON
//!   (docs/report-format.md), `fonts` the absolute URL of the fonts folder (with a trailing slash);
//! - worker → app `{type: "progress", id, loaded, total}` while fonts download (bytes), then
//!   `{type: "done", id, pdf, pages, missing}` (`pdf` a Uint8Array, its buffer transferred; `missing` the
//!   characters no font has, as one string) or `{type: "error", id, message}` (in Chinese).
//!
//! Fonts come in pieces (scripts/fonts.py, "Slices"; `export::fonts::SlicedFace`): fonts.json, the base (every
//! character's metrics) of each face the report is set in (`layout::faces`: the Kai only for level-2 headings)
//! once per worker, and then only the slices of glyphs the report prints; a report
//! typed later with new characters fetches the slices it lacks then. Every file is kept in Cache Storage (cache
//! `nianbao-fonts`, keyed by URL with the version of fonts.json; fonts.json itself under its own URL), so later
//! exports, in later sessions too, work offline; offline, a report that needs a slice never fetched is refused
//! with its characters named (`PdfError::NotLoaded`), never printed with blanks. Where Cache Storage is not
//! available (a page served over plain HTTP), the browser's HTTP cache is all there is.

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
    use nianbao::export::fonts::{Face, FontFace, Manifest, SlicedFace};
    use nianbao::export::layout::{faces, lay_out};
    use nianbao::export::pdf::{needed_slices, render_layout, Fonts};
    use nianbao::export::{build, Document};
    use nianbao::templates;
    use nianbao::worker::{post, scope, text, Reply, Request};
    use std::cell::RefCell;
    use std::collections::{BTreeMap, BTreeSet};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Cache, ReadableStreamDefaultReader, RequestCache, RequestInit, Response};

    const CACHE: &str = "nianbao-fonts";

    thread_local! {
        static FONTS: RefCell<Option<Loaded>> = const { RefCell::new(None) };
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
        let id = &request.id;
        let mut loaded = bases(&base, &faces(&document), id).await?;
        // Laid out with the metrics every base has; then the slices that draw what it prints.
        let layout = lay_out(&document, &loaded.fonts);
        let needed = needed_slices(&layout, &loaded.fonts);
        if !needed.is_empty() {
            add_slices(&mut loaded, &needed, &base, id).await;
        }
        // The export's time, in whole seconds since the epoch.
        let now = (js_sys::Date::now() / 1000.0) as i64;
        let pdf = render_layout(&layout, &document.title, &loaded.fonts, now);
        FONTS.with(|f| *f.borrow_mut() = Some(loaded));
        let pdf = pdf.map_err(|e| e.to_string())?;
        let missing: String = pdf.missing.iter().collect();
        Ok(Reply::new(vec![
            ("pages", (pdf.pages as u32).into()),
            ("missing", missing.into()),
        ])
        .with_bytes("pdf", &pdf.bytes, "无法把 PDF 交给页面"))
    }

    /// The fonts as far as this worker has them: the manifest's version, the bases and slices of the faces
    /// fetched so far (in [`Face::ALL`]'s order; a face no report has asked for yet is `None`).
    struct Loaded {
        version: String,
        manifest: Manifest,
        faces: Vec<Option<SlicedFace>>,
        fonts: Fonts,
    }

    /// The fonts with the bases of the `wanted` faces (every character measured, none drawn yet), each once per
    /// worker: the manifest from the network, else from Cache Storage (offline), once; the bases from Cache
    /// Storage when it has this version, else downloaded and stored there.
    async fn bases(base: &str, wanted: &BTreeSet<Face>, id: &JsValue) -> Result<Loaded, String> {
        let cache = open_cache().await;
        let mut fonts = match FONTS.with(|f| f.borrow_mut().take()) {
            Some(loaded) => loaded,
            None => {
                let manifest = fetch_manifest(base, cache.as_ref())
                    .await
                    .ok_or("首次导出 PDF 需要联网下载字体，之后离线也能导出；请检查网络后重试")?;
                if let Some(cache) = &cache {
                    forget_old_versions(cache, &manifest.version).await;
                }
                Loaded {
                    version: manifest.version.clone(),
                    manifest,
                    faces: Face::ALL.iter().map(|_| None).collect(),
                    fonts: Fonts {
                        serif: FontFace::none(),
                        sans: FontFace::none(),
                        kai: FontFace::none(),
                    },
                }
            }
        };
        let missing: Vec<(usize, Face)> = Face::ALL
            .into_iter()
            .enumerate()
            .filter(|&(n, face)| wanted.contains(&face) && fonts.faces[n].is_none())
            .collect();
        if missing.is_empty() {
            return Ok(fonts);
        }
        let total: f64 = missing
            .iter()
            .map(|&(_, face)| fonts.manifest.face(face).size as f64)
            .sum();
        let mut loaded = 0.0;
        for (n, face) in missing {
            let files = fonts.manifest.face(face);
            let url = format!("{base}{}?v={}", files.base, fonts.version);
            let data = match cached(cache.as_ref(), &url).await {
                Some(data) => data,
                None => match download(cache.as_ref(), &url, id, loaded, total).await {
                    Ok(data) => data,
                    Err(e) => {
                        // What was fetched so far stays for the next export.
                        FONTS.with(|f| *f.borrow_mut() = Some(fonts));
                        return Err(e);
                    }
                },
            };
            loaded += data.len() as f64;
            post_progress(id, loaded, total);
            fonts.faces[n] = Some(SlicedFace::new(&data, files).map_err(|e| e.to_string())?);
        }
        fonts.fonts = fonts_of(&fonts.faces)?;
        Ok(fonts)
    }

    /// The faces as they stand; one not fetched has no characters ([`FontFace::none`]).
    fn fonts_of(faces: &[Option<SlicedFace>]) -> Result<Fonts, String> {
        let face = |n: usize| match &faces[n] {
            Some(sliced) => sliced.face().map_err(|e| e.to_string()),
            None => Ok(FontFace::none()),
        };
        Ok(Fonts {
            serif: face(0)?,
            sans: face(1)?,
            kai: face(2)?,
        })
    }

    /// Fetches the slices the layout prints from and the worker lacks (from Cache Storage, else the network),
    /// with progress. One that cannot be had (offline) is left out: the writer then names its characters.
    async fn add_slices(
        loaded: &mut Loaded,
        needed: &BTreeMap<Face, BTreeSet<usize>>,
        base: &str,
        id: &JsValue,
    ) {
        let cache = open_cache().await;
        let files = |face: Face, n: usize| &loaded.manifest.face(face).slices[n];
        let total: f64 = needed
            .iter()
            .flat_map(|(&face, slices)| slices.iter().map(move |&n| (face, n)))
            .map(|(face, n)| files(face, n).size as f64)
            .sum();
        let mut done = 0.0;
        let mut changed = false;
        for (&face, slices) in needed {
            for &n in slices {
                let url = format!("{base}{}?v={}", files(face, n).file, loaded.version);
                let data = match cached(cache.as_ref(), &url).await {
                    Some(data) => data,
                    None => match download(cache.as_ref(), &url, id, done, total).await {
                        Ok(data) => data,
                        Err(_) => continue,
                    },
                };
                done += data.len() as f64;
                post_progress(id, done, total);
                let index = Face::ALL.iter().position(|&f| f == face).unwrap_or(0);
                let Some(sliced) = loaded.faces[index].as_mut() else {
                    continue;
                };
                if sliced.add(n, &data).is_ok() {
                    changed = true;
                } else if let Some(cache) = &cache {
                    // A damaged copy: fetched afresh next time.
                    let _ = JsFuture::from(cache.delete_with_str(&url)).await;
                }
            }
        }
        if changed {
            if let Ok(fonts) = fonts_of(&loaded.faces) {
                loaded.fonts = fonts;
            }
        }
    }

    /// fonts.json: asked of the network and kept in the cache, else (offline) the cached copy.
    async fn fetch_manifest(base: &str, cache: Option<&Cache>) -> Option<Manifest> {
        let url = format!("{base}fonts.json");
        let init = RequestInit::new();
        init.set_cache(RequestCache::NoCache);
        let online = async {
            let promise = scope().fetch_with_str_and_init(&url, &init);
            let response: Response = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
            if !response.ok() {
                return None;
            }
            let copy = response.clone().ok();
            let text = JsFuture::from(response.text().ok()?)
                .await
                .ok()?
                .as_string()?;
            let manifest = Manifest::read(&text)?;
            if let (Some(cache), Some(copy)) = (cache, copy) {
                let _ = JsFuture::from(cache.put_with_str(&url, &copy)).await;
            }
            Some(manifest)
        };
        if let Some(manifest) = online.await {
            return Some(manifest);
        }
        let response: Response = JsFuture::from(cache?.match_with_str(&url))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
        let text = JsFuture::from(response.text().ok()?)
            .await
            .ok()?
            .as_string()?;
        Manifest::read(&text)
    }

    async fn open_cache() -> Option<Cache> {
        let caches = scope().caches().ok()?;
        JsFuture::from(caches.open(CACHE))
            .await
            .ok()?
            .dyn_into()
            .ok()
    }

    /// A font file of this version from Cache Storage.
    async fn cached(cache: Option<&Cache>, url: &str) -> Option<Vec<u8>> {
        let found = JsFuture::from(cache?.match_with_str(url)).await.ok()?;
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

    /// Drops cached fonts of other versions (the manifest, kept under its own name, stays).
    async fn forget_old_versions(cache: &Cache, version: &str) {
        let Ok(keys) = JsFuture::from(cache.keys()).await else {
            return;
        };
        let suffix = format!("?v={version}");
        for request in js_sys::Array::from(&keys).iter() {
            let Some(url) = text(&request, "url") else {
                continue;
            };
            if !url.ends_with(&suffix) && !url.ends_with("/fonts.json") {
                let _ = JsFuture::from(cache.delete_with_str(&url)).await;
            }
        }
    }
}
