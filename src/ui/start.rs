//! The start screen: a new report (year and format), an example, an imported file, and the drafts kept in this
//! browser with what can be done with each.

use super::files::{read_text, DownloadError};
use super::workspace::{Notice, SaveState, Session, Workspace};
use crate::model::{year, Report, Template};
use crate::store::{DraftSummary, Unreadable};
use crate::templates;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Start() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let dragging = RwSignal::new(false);
    // Published reports (web pages, Word, Excel, PDF) are read by the import worker; the app's JSON here.
    let importer = super::import::Importer::of_app();
    provide_context(importer);
    let import_files = move |files: web_sys::FileList| {
        for index in 0..files.length() {
            let Some(file) = files.get(index) else {
                continue;
            };
            if !super::import::is_own_json(&file) {
                if file.name().contains('.') {
                    importer.file(file);
                    continue;
                }
                // A file without an extension (a download kept under a bare name): its first byte tells.
                spawn_local(async move {
                    if starts_like_json(&file).await {
                        match read_text(&file).await {
                            Ok(text) => workspace.import(&file.name(), &text),
                            Err(error) => workspace
                                .notice
                                .set(Some(Notice::Problem(error.to_string()))),
                        }
                    } else {
                        importer.file(file);
                    }
                });
                continue;
            }
            spawn_local(async move {
                match read_text(&file).await {
                    Ok(text) => workspace.import(&file.name(), &text),
                    Err(error) => workspace
                        .notice
                        .set(Some(Notice::Problem(error.to_string()))),
                }
            });
        }
    };
    let on_drop = move |event: ev::DragEvent| {
        event.prevent_default();
        dragging.set(false);
        if let Some(files) = event.data_transfer().and_then(|d| d.files()) {
            import_files(files);
        }
    };
    let on_pick = move |event: ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        if let Some(files) = input.files() {
            import_files(files);
        }
        input.set_value("");
    };

    view! {
        <header class="masthead">
            <div class="masthead-text">
                <h1>"政府信息公开工作年度报告"</h1>
                <p class="format">"在浏览器中编写、核对年度报告，数字实时校验，草稿自动保存在本机浏览器中"</p>
            </div>
        </header>
        <main
            class="start"
            class:dragging=move || dragging.get()
            on:dragover=move |event: ev::DragEvent| {
                event.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <NoticeBar />
            <UnsavedReports />
            // The writer's drafts come first when there are any: coming back to one is the usual errand.
            <Show when=move || writer_drafts(workspace).is_empty()>
                <NewReport />
                <super::import::ImportCard />
            </Show>
            <section class="start-card" aria-labelledby="drafts-title">
                <h2 id="drafts-title">"本机保存的草稿"</h2>
                <DraftList />
                <p class="local-only">
                    "草稿只保存在本机的这个浏览器里，不会上传。清理浏览器数据（如 360 安全卫士的“清理垃圾”、浏览器的“清除浏览数据”）会把草稿一并删除，换电脑也看不到，请定期备份。"
                </p>
                <p class="notice warning backup-reminder" role="status" class:hidden=move || !workspace.backup_due()>
                    "草稿已有一段时间没有备份了。建议现在备份，把文件存到 U 盘或单位的共享文件夹。"
                </p>
                <div class="import">
                    <button type="button" on:click=move |_| workspace.backup_all()
                        disabled=move || writer_drafts(workspace).is_empty()>"备份全部草稿（下载一个文件）"</button>
                    <label for="import-file" class="button-like">"导入草稿文件或备份（.json）"</label>
                    <input id="import-file" class="visually-hidden" type="file" accept=".json,application/json"
                        multiple=true on:change=on_pick />
                    <span class="hint">"也可以把文件拖到本页面上。"</span>
                </div>
            </section>
            <Show when=move || !writer_drafts(workspace).is_empty()>
                <NewReport />
                <super::import::ImportCard />
            </Show>
            <section class="start-card" aria-labelledby="review-card-title">
                <h2 id="review-card-title">"汇总审核（政务公开办）"</h2>
                <p class="hint">"收集所属各单位的年度报告，一次核对全部报告、查看逾期和缺项，生成汇总报告，并与本级报告对照。"</p>
                <div class="actions">
                    <button type="button" on:click=move |_| workspace.screen.set(super::Screen::Review)>"打开汇总审核"</button>
                </div>
            </section>
        </main>
    }
}

#[component]
fn NewReport() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let today = js_sys::Date::new_0();
    let this_year = u16::try_from(today.get_full_year()).unwrap_or(year::LAST);
    let month = u8::try_from(today.get_month() + 1).unwrap_or(1);
    let default_year = year::default_for(this_year, month);
    let year_text = RwSignal::new(default_year.to_string());
    let year = Memo::new(move |_| year_text.with(|t| year::parse(t).ok().flatten()));
    let chosen = RwSignal::new(
        templates::for_year(default_year)
            .unwrap_or(templates::national())
            .id
            .clone(),
    );
    // Choosing a year suggests the format that applies to it.
    Effect::new(move |_| {
        if let Some(template) = year.get().and_then(templates::for_year) {
            chosen.set(template.id.clone());
        }
    });
    let year_note = move || {
        match year.get() {
        None => Some("请填写四位数字的年份，例如 2025。".to_owned()),
        Some(y) if templates::for_year(y).is_none() => Some(format!(
            "{y}年度报告使用2019年试行格式，本工具暂未内置该格式，请选择最接近的格式并按实际表格调整。"
        )),
        Some(_) => None,
    }
    };
    let create = move |_| {
        let Some(year) = year.get_untracked() else {
            return;
        };
        let template = templates::by_id(&chosen.get_untracked()).unwrap_or(templates::national());
        let mut report = Report::new(template);
        if let Some(field) = template.year_field() {
            report.set_field(field, &year.to_string());
        }
        workspace.create(template, report, None);
    };
    let examples = templates::EXAMPLES
        .iter()
        .enumerate()
        .map(|(index, example)| {
            // An example opens as the example: the one already in this browser, unedited, if there is one.
            let open = move |_| match unedited_example_draft(workspace, index) {
                Some(id) => workspace.open(&id),
                None => {
                    if let Ok((template, report)) = templates::read_report(example.json) {
                        workspace.create(template, report, None);
                    }
                }
            };
            view! { <button type="button" on:click=open>{example.label}</button> }
        })
        .collect_view();
    let formats = templates::all()
        .iter()
        .map(|t| view! { <FormatChoice template=t chosen /> })
        .collect_view();
    view! {
        <section class="start-card" aria-labelledby="new-report-title">
            <h2 id="new-report-title">"新建年度报告"</h2>
            <div class="field">
                <label for="report-year">"报告年度"</label>
                <input id="report-year" type="text" inputmode="numeric" autocomplete="off"
                    aria-describedby="report-year-note"
                    prop:value=move || year_text.get()
                    on:input=move |ev| year_text.set(event_target_value(&ev)) />
                <p id="report-year-note" class="diagnostic warning" class:hidden=move || year_note().is_none()>
                    {year_note}
                </p>
            </div>
            <fieldset class="formats">
                <legend>"报告格式"</legend>
                {formats}
            </fieldset>
            <div class="actions">
                <button type="button" class="primary" on:click=create disabled=move || year.get().is_none()>
                    "新建报告"
                </button>
                {examples}
            </div>
        </section>
    }
}

#[component]
fn FormatChoice(template: &'static Template, chosen: RwSignal<String>) -> impl IntoView {
    let id = format!("format-{}", template.id);
    let value = template.id.clone();
    let checked = {
        let value = value.clone();
        move || chosen.with(|c| *c == value)
    };
    view! {
        <div class="format-choice">
            <input type="radio" name="format" id=id.clone() prop:checked=checked
                on:change=move |_| chosen.set(value.clone()) />
            <label for=id>{template.name.clone()}</label>
        </div>
    }
}

/// What just happened, or went wrong, on the start screen.
#[component]
fn NoticeBar() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let storage_problem = move || {
        workspace.storage_problem.get().map(|problem| {
            view! {
                <p class="notice problem" role="alert">
                    "无法读取本机保存的草稿：" {problem} "。新建的报告仍可编辑，请记得导出文件保存。"
                </p>
            }
        })
    };
    let notice = move || {
        workspace.notice.get().map(|notice| match notice {
            Notice::Info(text) => view! { <p class="notice info" role="status">{text}</p> }.into_any(),
            Notice::Problem(text) => view! { <p class="notice problem" role="alert">{text}</p> }.into_any(),
            Notice::Deleted { id, title } => view! {
                <p class="notice info" role="status">
                    "已删除“" {title} "”。"
                    <button type="button" on:click=move |_| workspace.restore(&id)>"撤销删除"</button>
                </p>
            }
            .into_any(),
        })
    };
    view! { {storage_problem} {notice} }
}

/// Whether a stored draft is a built-in example the writer has not changed.
fn is_unedited_example(draft: &crate::store::Draft) -> Option<usize> {
    let (template, report) = draft.open().ok()?;
    templates::unedited_example(template, &report)
}

/// The writer's own drafts (tracks the list): every draft but the examples opened and left unedited.
fn writer_drafts(workspace: Workspace) -> Vec<DraftSummary> {
    workspace.listing.with(|l| {
        l.drafts
            .iter()
            .filter(|d| is_unedited_example(d).is_none())
            .map(|d| d.summary())
            .collect()
    })
}

/// The draft holding an example as it was opened, if one is in this browser (newest first).
fn unedited_example_draft(workspace: Workspace, example: usize) -> Option<String> {
    workspace.refresh();
    workspace.listing.with_untracked(|l| {
        let mut found: Vec<_> = l
            .drafts
            .iter()
            .filter(|d| is_unedited_example(d) == Some(example))
            .collect();
        crate::model::order::sort_stable_by(&mut found, |a, b| {
            b.updated_at.total_cmp(&a.updated_at)
        });
        found.first().map(|d| d.id.clone())
    })
}

#[component]
fn DraftList() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let drafts = Memo::new(move |_| writer_drafts(workspace));
    let unreadable = move || workspace.listing.with(|l| l.unreadable.clone());
    view! {
        <Show
            when=move || !drafts.with(Vec::is_empty)
            fallback=|| view! { <p class="hint">"还没有草稿。新建或打开示例后，内容会自动保存在本机浏览器中。"</p> }

        >
            <ul class="drafts">
                <For each=move || drafts.get() key=|d| (d.id.clone(), d.updated_at.to_bits(), d.title.clone()) let:draft>
                    <DraftItem draft />
                </For>
            </ul>
        </Show>
        <Show when=move || !workspace.listing.with(|l| l.unreadable.is_empty())>
            <div class="unreadable" role="region" aria-label="无法读取的数据">
                <h3>"无法读取的数据"</h3>
                <p class="hint">"以下数据无法作为草稿打开，已单独保存，不会被删除。可以下载后交技术人员处理。"</p>
                <ul>
                    <For each=unreadable key=|u| u.key.clone() let:entry>
                        <UnreadableItem entry />
                    </For>
                </ul>
            </div>
        </Show>
    }
}

/// The reports of this tab whose content is not in storage, until they are saved or discarded.
#[component]
fn UnsavedReports() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let unsaved = Memo::new(move |_| {
        workspace
            .unsaved()
            .into_iter()
            .map(|s| s.id())
            .collect::<Vec<_>>()
    });
    view! {
        <Show when=move || !unsaved.with(Vec::is_empty)>
            <section class="start-card unsaved" aria-labelledby="unsaved-title">
                <h2 id="unsaved-title">"未保存的报告"</h2>
                <p class="hint">
                    "以下报告的内容没能保存到浏览器中，只保留在本窗口里，关闭或刷新页面就会丢失。请重试保存，或下载草稿文件。"
                </p>
                <ul class="drafts">
                    <For each=move || unsaved.get() key=|id| id.clone() let:id>
                        {workspace.session(&id).map(|session| view! { <UnsavedItem session /> })}
                    </For>
                </ul>
            </section>
        </Show>
    }
}

#[component]
fn UnsavedItem(session: Session) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let title = StoredValue::new(untrack(|| session.title()));
    let confirming = RwSignal::new(false);
    let download_problem = RwSignal::new(None::<DownloadError>);
    let why = move || match session.save_state.get() {
        SaveState::Failed(error) => format!("{error}。"),
        SaveState::Conflict(_) => "这份草稿已在另一个窗口中修改，本窗口的内容没有保存。".to_owned(),
        SaveState::Pending | SaveState::Saved(_) => String::new(),
    };
    let retry = move |_| {
        session.save_now();
        workspace.refresh();
    };
    let download = move |_| download_problem.set(session.download_json().err());
    let problem = move || {
        download_problem
            .get()
            .map(|error| view! { <p class="diagnostic error" role="alert">"下载失败：" {error.to_string()}</p> })
    };
    view! {
        <li class="draft">
            <div class="draft-text">
                <h3>{title.get_value()}</h3>
                <p class="meta"><span class="count-error">{why}</span></p>
            </div>
            {problem}
            <div class="draft-actions">
                <button type="button" class="primary" on:click=move |_| workspace.open(&session.id())
                    aria-label=format!("打开未保存的“{}”", title.get_value())>"打开"</button>
                <button type="button" on:click=retry>"重试保存"</button>
                <button type="button" on:click=download>"下载草稿文件（.json）"</button>
                <Show
                    when=move || confirming.get()
                    fallback=move || view! {
                        <button type="button" class="danger" on:click=move |_| confirming.set(true)>"放弃"</button>
                    }
                >
                    <span class="confirm">"确定放弃本窗口中未保存的内容？"</span>
                    <button type="button" class="danger" on:click=move |_| workspace.discard(&session.id())>
                        "放弃未保存的内容"
                    </button>
                    <button type="button" on:click=move |_| confirming.set(false)>"取消"</button>
                </Show>
            </div>
        </li>
    }
}

#[component]
fn DraftItem(draft: DraftSummary) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let renaming = RwSignal::new(false);
    let new_name = RwSignal::new(draft.title.clone());
    let id = StoredValue::new(draft.id.clone());
    let title = StoredValue::new(draft.title.clone());
    let year = draft
        .year
        .map(|y| format!("{y}年度"))
        .unwrap_or_else(|| "未填写年度".to_owned());
    let unit = if draft.unit.is_empty() {
        "未填写单位".to_owned()
    } else {
        draft.unit.clone()
    };
    let errors = match draft.errors {
        0 => "没有错误".to_owned(),
        n => format!("{n} 个错误"),
    };
    let updated = local_time(draft.updated_at);
    let has_errors = draft.errors > 0;
    let rename_id = format!("rename-{}", draft.id);
    let save_name = move || {
        renaming.set(false);
        id.with_value(|id| workspace.rename(id, &new_name.get_untracked()));
    };
    view! {
        <li class="draft">
            <div class="draft-text">
                <h3>{draft.title.clone()}</h3>
                <p class="meta">
                    {draft.format.clone()} " · " {year} " · " {unit} " · "
                    <span class:count-error=has_errors>{errors}</span>
                    " · 最后修改 " {updated}
                </p>
            </div>
            <Show when=move || renaming.get()>
                <div class="rename">
                    <label for=rename_id.clone()>"新名称"</label>
                    <input id=rename_id.clone() type="text" prop:value=move || new_name.get()
                        on:input=move |ev| new_name.set(event_target_value(&ev))
                        on:keydown=move |ev: ev::KeyboardEvent| if ev.key() == "Enter" { save_name() } />
                    <button type="button" on:click=move |_| save_name()>"保存名称"</button>
                    <button type="button" on:click=move |_| renaming.set(false)>"取消"</button>
                </div>
            </Show>
            <div class="draft-actions">
                <button type="button" class="primary" on:click=move |_| id.with_value(|id| workspace.open(id))
                    aria-label=format!("打开“{}”", draft.title)>"打开"</button>
                <button type="button" on:click=move |_| renaming.set(true)>"重命名"</button>
                <button type="button" on:click=move |_| id.with_value(|id| workspace.duplicate(id))>"复制"</button>
                <button type="button" on:click=move |_| id.with_value(|id| workspace.export(id))>"导出 JSON"</button>
                <button type="button" on:click=move |_| id.with_value(|id| workspace.start_next_year(id))>
                    "以此新建下一年度"
                </button>
                <button type="button" class="danger"
                    on:click=move |_| id.with_value(|id| workspace.delete(id, title.get_value()))>"删除"</button>
            </div>
        </li>
    }
}

#[component]
fn UnreadableItem(entry: Unreadable) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let key = StoredValue::new(entry.key.clone());
    let size = format!("{:.1} KB", entry.bytes as f64 / 1024.0);
    view! {
        <li>
            <code>{entry.key.clone()}</code> "（" {size} "）：" {entry.reason.clone()}
            " "
            <button type="button" on:click=move |_| key.with_value(|k| workspace.export_unreadable(k))>"下载"</button>
        </li>
    }
}

/// A time as the writer's clock shows it: 2026-01-20 10:05.
pub fn local_time(ms: f64) -> String {
    let date = js_sys::Date::new(&ms.into());
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// Whether a file's first bytes are the app's JSON, by the import's one detection of input kinds.
async fn starts_like_json(file: &web_sys::File) -> bool {
    let Ok(head) = file.slice_with_i32_and_i32(0, 64) else {
        return false;
    };
    let Ok(bytes) = wasm_bindgen_futures::JsFuture::from(head.array_buffer()).await else {
        return false;
    };
    let bytes = js_sys::Uint8Array::new(&bytes).to_vec();
    matches!(
        crate::import::detect(&file.name(), &bytes),
        Ok(crate::import::InputKind::Json)
    )
}
