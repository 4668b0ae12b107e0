//! The review set (汇总审核) in the import worker, which already links the readers: the files added, what was read
//! from them, the review and its sum, kept here so that none of it weighs on the app's main wasm, and kept between
//! visits in IndexedDB (database `nianbao-review`, store `files`: one record `{name, bytes, …}` per file, every batch
//! added in one transaction, so a batch is saved whole or not at all).
//!
//! Requests (plain objects, `nianbao::worker`; every answer `{type: "done", id, …}` or `{type: "error", id, message}`):
//! - `review-add {files: [{name, bytes, reason?, document?, incomplete?}]}`: read, kept, saved; answers the table,
//!   and `saved: false, message` when the browser refused to store the batch (quota). `reason`: why the page did not
//!   read the file; `document`, `incomplete`: what the PDF import worker read from a PDF (this worker has no PDF
//!   reader), kept with the file so that a reload needs no PDF reader;
//! - `review-restore`: the set saved by an earlier visit, read again; `review-clear`: emptied, here and saved;
//! - `review-table {sort, descending, only_errors, only_late}`: the table as HTML (`review::screen::table`);
//! - `review-open {row}`: one report with its findings (`html`) and, when it opens, the report (`report`, JSON);
//! - `review-sum {unit}`: the sum of the counted reports (`report`, JSON); `review-compare {name, bytes, document?}`: the level's
//!   own report against that sum (`html`); `review-page`: the printable page (`html`); `review-json`: the review's
//!   JSON document (`json`), which the Office worker writes as .xlsx.

use idb::{DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use nianbao::model::{Report, Template};
use nianbao::review::{self, screen, Difference, Review, Row, Sum};
use nianbao::worker::{Reply, Request};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const DATABASE: &str = "nianbao-review";
const STORE: &str = "files";

/// Said when the browser keeps nothing (private windows of some browsers, storage switched off).
const NO_STORAGE: &str = "浏览器不允许本网站保存数据（可能是无痕模式或关闭了网站数据）：审核集只在本页面打开期间保留，刷新后需要重新添加";
/// Said when the browser refused the batch for another reason than its quota.
const NOT_SAVED: &str = "浏览器没能保存这批文件（本页面关闭或刷新后需要重新添加）。请稍后重新添加这批文件；仍不行时，可以先点击“清空”后再试";
const QUOTA: &str = "浏览器的存储空间不足，这批文件没有保存（本页面关闭或刷新后需要重新添加）。可以先点击“清空”删除不再需要的审核集，或在浏览器设置中允许本网站使用更多存储空间";

#[derive(Default)]
struct Set {
    /// Every file added, in order, with its bytes (to open, compare and save it).
    files: Vec<Stored>,
    /// What was read from each file, in the same order.
    rows: Vec<Row>,
    review: Option<Review>,
    view: screen::View,
    sum: Option<Sum>,
    compared: Option<(String, Vec<Difference>)>,
}

/// One file of the set: its name, its bytes, and why it was not read at all (too large for the readers, or the
/// browser could not read it), as the page said; or, for a file read by another worker (a PDF, by the PDF
/// import worker), the report document read from it and what was not read completely, kept with it.
#[derive(Clone)]
struct Stored {
    name: String,
    bytes: Vec<u8>,
    reason: Option<String>,
    document: Option<String>,
    incomplete: Vec<String>,
}

impl Stored {
    fn of(record: &JsValue) -> Stored {
        Stored {
            name: get(record, "name").as_string().unwrap_or_default(),
            bytes: get(record, "bytes")
                .dyn_into::<ArrayBuffer>()
                .map(|b| Uint8Array::new(&b).to_vec())
                .unwrap_or_default(),
            reason: get(record, "reason").as_string(),
            document: get(record, "document").as_string(),
            // Only a PDF's record has it (`Array.from(undefined)` throws).
            incomplete: get(record, "incomplete")
                .dyn_into::<Array>()
                .map(|list| list.iter().filter_map(|s| s.as_string()).collect())
                .unwrap_or_default(),
        }
    }

    /// The report in it, opened (for the opened row, and the level's own report).
    fn open(&self) -> Result<(&'static Template, Report), String> {
        match &self.document {
            Some(document) => review::open_document(document),
            None => review::open_report(&self.name, &self.bytes),
        }
    }

    fn record(&self) -> Object {
        let record = Object::new();
        let _ = Reflect::set(&record, &"name".into(), &self.name.as_str().into());
        let _ = Reflect::set(
            &record,
            &"bytes".into(),
            &Uint8Array::from(self.bytes.as_slice()).buffer(),
        );
        if let Some(reason) = &self.reason {
            let _ = Reflect::set(&record, &"reason".into(), &reason.as_str().into());
        }
        if let Some(document) = &self.document {
            let _ = Reflect::set(&record, &"document".into(), &document.as_str().into());
            let incomplete: Array = self.incomplete.iter().map(JsValue::from).collect();
            let _ = Reflect::set(&record, &"incomplete".into(), &incomplete);
        }
        record
    }
}

impl Set {
    fn add(&mut self, file: Stored) {
        self.rows.push(match (&file.reason, &file.document) {
            (Some(reason), _) => review::unreadable(&file.name, reason.clone()),
            (None, Some(document)) => {
                review::read_document(&file.name, &file.bytes, document, file.incomplete.clone())
            }
            (None, None) => review::read(&file.name, &file.bytes),
        });
        self.files.push(file);
        self.sum = None;
        self.compared = None;
        self.review = None;
    }

    fn review(&mut self) -> &Review {
        if self.review.is_none() {
            self.review = Some(Review::new(self.rows.clone()));
        }
        self.review.as_ref().expect("made above")
    }

    fn table(&mut self) -> String {
        let view = self.view;
        screen::table(self.review(), &view)
    }
}

thread_local! {
    static SET: RefCell<Set> = RefCell::new(Set::default());
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

pub const ADD: &str = "review-add";
pub const RESTORE: &str = "review-restore";
pub const CLEAR: &str = "review-clear";
pub const TABLE: &str = "review-table";
pub const OPEN: &str = "review-open";
pub const SUM: &str = "review-sum";
pub const COMPARE: &str = "review-compare";
pub const PAGE: &str = "review-page";
pub const JSON: &str = "review-json";

/// The table, with how many files the set has, and whether it is kept (`saved`, else `message` says why not).
fn table_reply(saved: Option<Result<(), String>>) -> Reply {
    let (table, files) = SET.with_borrow_mut(|set| (set.table(), set.files.len()));
    let mut fields = vec![("table", table.into()), ("files", (files as f64).into())];
    match saved {
        Some(Ok(())) => fields.push(("saved", true.into())),
        Some(Err(message)) => {
            fields.push(("saved", false.into()));
            fields.push(("message", message.into()));
        }
        None => {}
    }
    Reply::new(fields)
}

/// Serves one `review-…` request.
pub async fn handle(request: &Request) -> Result<Reply, String> {
    match request.kind.as_str() {
        ADD => {
            let files: Vec<Stored> = Array::from(&request.value("files"))
                .iter()
                .map(|f| Stored::of(&f))
                .collect();
            // Saved first, as one transaction: the set shown is the set kept, unless the browser refused.
            let saved = save(&files).await;
            SET.with_borrow_mut(|set| {
                for file in files {
                    set.add(file);
                }
            });
            Ok(table_reply(Some(saved)))
        }
        RESTORE => {
            let loaded = load().await;
            let saved = loaded.as_ref().map(|_| ()).map_err(Clone::clone);
            SET.with_borrow_mut(|set| {
                *set = Set::default();
                for file in loaded.unwrap_or_default() {
                    set.add(file);
                }
            });
            Ok(table_reply(Some(saved)))
        }
        CLEAR => {
            let cleared = clear().await;
            SET.with_borrow_mut(|set| *set = Set::default());
            Ok(table_reply(Some(cleared)))
        }
        TABLE => {
            let flag = |key: &str| request.value(key).as_bool().unwrap_or(false);
            let view = screen::View {
                sort: screen::SortKey::from_key(&request.text("sort").unwrap_or_default()),
                descending: flag("descending"),
                only_errors: flag("only_errors"),
                only_late: flag("only_late"),
            };
            SET.with_borrow_mut(|set| set.view = view);
            Ok(table_reply(None))
        }
        OPEN => {
            let row = request.value("row").as_f64().unwrap_or(-1.0);
            SET.with_borrow_mut(|set| {
                let i = usize::try_from(row as i64).ok();
                let Some(file) = i.and_then(|i| set.files.get(i)).cloned() else {
                    return Err("这一行已不在审核中，请重新打开".to_owned());
                };
                let report = file.reason.is_none().then(|| file.open().ok()).flatten();
                let name = file.name;
                let html = screen::opened(
                    set.review(),
                    i.unwrap_or_default(),
                    report
                        .as_ref()
                        .map(|(t, r): &(&'static Template, Report)| (*t, r)),
                );
                let json = report.map(|(t, r)| r.to_file(t).to_json());
                Ok(Reply::new(vec![
                    ("html", html.into()),
                    ("report", json.map_or(JsValue::NULL, Into::into)),
                    ("name", name.into()),
                ]))
            })
        }
        SUM => {
            let unit = request.text("unit");
            SET.with_borrow_mut(|set| {
                let sum = review::sum(set.review(), unit.as_deref()).map_err(|e| e.to_string())?;
                let json = sum.report.to_file(sum.template).to_json();
                let units = sum.units.len();
                set.sum = Some(sum);
                Ok(Reply::new(vec![
                    ("report", json.into()),
                    ("units", (units as f64).into()),
                ]))
            })
        }
        COMPARE => {
            let own = Stored {
                name: request.text("name").unwrap_or_default(),
                bytes: request.bytes("bytes").unwrap_or_default(),
                reason: None,
                document: request.text("document"),
                incomplete: Vec::new(),
            };
            let name = own.name.clone();
            SET.with_borrow_mut(|set| {
                let (template, own) = own
                    .open()
                    .map_err(|e| format!("本级报告“{name}”无法读取：{e}"))?;
                if set.sum.is_none() {
                    let sum = review::sum(set.review(), None).map_err(|e| e.to_string())?;
                    set.sum = Some(sum);
                }
                let sum = set.sum.as_ref().expect("made above");
                if sum.template.id != template.id {
                    return Err(format!(
                        "本级报告的格式（{}）与各单位的报告（{}）不同，无法逐项对照",
                        template.name, sum.template.name
                    ));
                }
                let differences = review::compare(template, &own, &sum.report);
                let html = screen::differences(&differences, &name);
                set.compared = Some((name, differences));
                Ok(Reply::new(vec![("html", html.into())]))
            })
        }
        PAGE => SET.with_borrow_mut(|set| {
            set.review();
            let review = set.review.as_ref().expect("made above");
            let html = review::html::page(
                review,
                set.sum.as_ref(),
                set.compared.as_ref().map(|(_, d)| d.as_slice()),
            );
            Ok(Reply::new(vec![("html", html.into())]))
        }),
        JSON => SET.with_borrow_mut(|set| {
            let json = review::to_json(set.review()).to_string();
            Ok(Reply::new(vec![("json", json.into())]))
        }),
        _ => Err("审核请求不完整".to_owned()),
    }
}

fn storage_error(error: idb::Error) -> String {
    let text = format!("{error:?} {error}");
    if text.contains("Quota") {
        QUOTA.to_owned()
    } else {
        NO_STORAGE.to_owned()
    }
}

async fn database() -> Result<idb::Database, String> {
    let factory = Factory::new().map_err(|_| NO_STORAGE.to_owned())?;
    let mut request = factory.open(DATABASE, Some(1)).map_err(storage_error)?;
    request.on_upgrade_needed(|event| {
        if let Ok(database) = event.database() {
            let mut params = ObjectStoreParams::new();
            params.auto_increment(true);
            let _ = database.create_object_store(STORE, params);
        }
    });
    request.await.map_err(storage_error)
}

async fn save(files: &[Stored]) -> Result<(), String> {
    let database = database().await?;
    let transaction = database
        .transaction(&[STORE], TransactionMode::ReadWrite)
        .map_err(storage_error)?;
    // The browser's own transaction and requests, with plain JavaScript functions as handlers (no Rust closure that
    // a late event could call after it is dropped), so that why a batch was refused can be read once it is over.
    let raw = web_sys::IdbTransaction::from(transaction);
    let saved = match put_all(&raw, files) {
        Err(()) => {
            // A put that throws (the value cannot be kept): nothing of the batch kept.
            let _ = raw.abort();
            Err(NOT_SAVED.to_owned())
        }
        Ok(requests) => {
            let over = js_sys::Promise::new(&mut |resolve, _| {
                raw.set_oncomplete(Some(&resolve));
                raw.set_onabort(Some(&resolve));
            });
            // Deprecated in web-sys (dropped from IndexedDB 2.0, back in 3.0; idb calls it the same way).
            #[allow(deprecated)]
            let _ = raw.commit();
            let _ = wasm_bindgen_futures::JsFuture::from(over).await;
            // Aborted: Chromium checks the quota when committing (the transaction's error), Firefox per put (the
            // request's error; the transaction's is then an AbortError).
            let names: Vec<String> = raw
                .error()
                .into_iter()
                .chain(requests.iter().filter_map(|r| r.error().ok().flatten()))
                .map(|e| e.name())
                .collect();
            match (raw.error(), names.iter().any(|n| n == "QuotaExceededError")) {
                (None, _) => Ok(()),
                (Some(_), true) => Err(QUOTA.to_owned()),
                (Some(_), false) => Err(NOT_SAVED.to_owned()),
            }
        }
    };
    database.close();
    saved
}

/// Puts every file of a batch in the transaction's store; the requests, to read their errors.
fn put_all(
    raw: &web_sys::IdbTransaction,
    files: &[Stored],
) -> Result<Vec<web_sys::IdbRequest>, ()> {
    let store = raw.object_store(STORE).map_err(|_| ())?;
    files
        .iter()
        .map(|file| store.put(&file.record()).map_err(|_| ()))
        .collect()
}

async fn load() -> Result<Vec<Stored>, String> {
    let database = database().await?;
    let transaction = database
        .transaction(&[STORE], TransactionMode::ReadOnly)
        .map_err(storage_error)?;
    let store = transaction.object_store(STORE).map_err(storage_error)?;
    let records = store
        .get_all(None, None)
        .map_err(storage_error)?
        .await
        .map_err(storage_error)?;
    database.close();
    Ok(records.iter().map(Stored::of).collect())
}

async fn clear() -> Result<(), String> {
    let database = database().await?;
    let transaction = database
        .transaction(&[STORE], TransactionMode::ReadWrite)
        .map_err(storage_error)?;
    let store = transaction.object_store(STORE).map_err(storage_error)?;
    store.clear().map_err(storage_error)?;
    let result = transaction.commit().map_err(storage_error)?.await;
    database.close();
    result.map(|_| ()).map_err(storage_error)
}
