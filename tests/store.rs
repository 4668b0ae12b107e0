//! Drafts in storage: what is stored is never lost, whatever else is in the storage.

use nianbao::model::Report;
use nianbao::store::{read_draft, Draft, Drafts, MemoryStorage, SaveError, Storage, StoreError};
use nianbao::templates;

const V1_LEGACY: &str = include_str!("fixtures/drafts/v1-legacy.json");
const V1_NATIONAL: &str = include_str!("fixtures/drafts/v1-national.json");

fn storage_with(entries: &[(&str, &str)]) -> MemoryStorage {
    let mut storage = MemoryStorage::default();
    for (key, value) in entries {
        storage.set(key, value).unwrap();
    }
    storage
}

fn a_draft(id: &str) -> Draft {
    let template = templates::national();
    Draft::new(id.to_owned(), template, &Report::new(template), 1000.0)
}

#[test]
fn version_1_drafts_read_and_are_listed_newest_first() {
    let mut drafts = Drafts::new(storage_with(&[
        ("nianbao:v1:draft:v1legacy", V1_LEGACY),
        ("nianbao:v1:draft:v1national", V1_NATIONAL),
    ]));
    let loaded = drafts.load_all(0.0).unwrap();
    assert!(loaded.unreadable.is_empty());
    let summaries: Vec<_> = loaded.drafts.iter().map(Draft::summary).collect();
    assert_eq!(summaries[0].title, "2024年度（定稿）");
    assert_eq!(summaries[1].title, "沂源县政府办公室2011年度报告");
    assert_eq!((summaries[1].year, summaries[1].errors), (Some(2011), 0));
    assert!(summaries[0].format.starts_with("国家格式"));
    let (template, report) = loaded.drafts[1].open().unwrap();
    assert_eq!(
        report.field_by_id(template, "unit"),
        Some("沂源县政府办公室")
    );
}

#[test]
fn corrupted_json_is_kept_aside_under_a_quarantine_key_and_listed() {
    let broken = "{\"schema_version\": 1, \"id\": \"x\", \"report\": {";
    let mut drafts = Drafts::new(storage_with(&[
        ("nianbao:v1:draft:x", broken),
        ("nianbao:v1:draft:v1legacy", V1_LEGACY),
    ]));
    let loaded = drafts.load_all(5000.0).unwrap();
    assert_eq!(loaded.drafts.len(), 1, "the readable draft still loads");
    assert_eq!(loaded.unreadable.len(), 1);
    let aside = &loaded.unreadable[0];
    assert!(
        aside.key.starts_with("nianbao:v1:quarantine:x:"),
        "{}",
        aside.key
    );
    assert!(aside.reason.contains("不是有效的 JSON"), "{}", aside.reason);
    assert_eq!(
        drafts.storage.get(&aside.key).unwrap().as_deref(),
        Some(broken),
        "kept byte for byte"
    );
    assert_eq!(drafts.storage.get("nianbao:v1:draft:x").unwrap(), None);

    // Next visit: still listed, still kept.
    let again = drafts.load_all(6000.0).unwrap();
    assert_eq!(again.unreadable.len(), 1);
    assert_eq!(again.unreadable[0].key, aside.key);
}

#[test]
fn an_unknown_schema_version_is_kept_aside_with_the_reason() {
    let future = V1_LEGACY.replacen("\"schema_version\": 1", "\"schema_version\": 7", 1);
    let mut drafts = Drafts::new(storage_with(&[("nianbao:v1:draft:v1legacy", &future)]));
    let loaded = drafts.load_all(0.0).unwrap();
    assert!(loaded.drafts.is_empty());
    assert!(
        loaded.unreadable[0]
            .reason
            .contains("更新版本的程序保存（格式版本 7）"),
        "{}",
        loaded.unreadable[0].reason
    );
}

#[test]
fn keys_the_app_did_not_write_are_never_read_or_changed() {
    let entries = [
        ("portal:session", "{\"user\": 1}"),
        ("nianbao:v1:settings", "not a draft"),
        ("nianbao-other", "x"),
        ("nianbao:v1:draft:v1legacy", V1_LEGACY),
    ];
    let mut drafts = Drafts::new(storage_with(&entries));
    let loaded = drafts.load_all(0.0).unwrap();
    assert_eq!((loaded.drafts.len(), loaded.unreadable.len()), (1, 0));
    for (key, value) in &entries {
        assert_eq!(
            drafts.storage.get(key).unwrap().as_deref(),
            Some(*value),
            "{key}"
        );
    }
}

#[test]
fn a_4_mb_entry_does_not_stop_the_app_and_stays_where_it_is_if_it_cannot_be_moved() {
    let huge = format!(
        "{{\"schema_version\": 1, \"padding\": \"{}\"}}",
        "字".repeat(1_400_000)
    );
    assert!(huge.len() > 4_000_000);
    let mut storage = storage_with(&[
        ("nianbao:v1:draft:huge", &huge),
        ("nianbao:v1:draft:v1legacy", V1_LEGACY),
    ]);
    storage.capacity = Some(5_200_000);
    let mut drafts = Drafts::new(storage);
    let loaded = drafts.load_all(0.0).unwrap();
    assert_eq!(loaded.drafts.len(), 1);
    assert_eq!(
        loaded.unreadable[0].key, "nianbao:v1:draft:huge",
        "no room for a copy: left in place"
    );
    assert_eq!(
        drafts
            .storage
            .get("nianbao:v1:draft:huge")
            .unwrap()
            .map(|t| t.len()),
        Some(huge.len())
    );
}

#[test]
fn a_full_storage_refuses_the_save_and_says_so() {
    let storage = MemoryStorage {
        capacity: Some(200),
        ..MemoryStorage::default()
    };
    let mut drafts = Drafts::new(storage);
    let mut draft = a_draft("a");
    let error = drafts.save(&mut draft, None, 2000.0).unwrap_err();
    assert_eq!(error, SaveError::Store(StoreError::Full));
    assert_eq!(error.to_string(), "浏览器的本地存储空间已满，草稿未能保存");
    assert_eq!(draft.revision, 0, "the draft in memory is unchanged");
}

#[test]
fn a_save_that_would_overwrite_another_tabs_work_is_refused() {
    let mut tab_a = Drafts::new(MemoryStorage::default());
    let mut draft = a_draft("shared");
    tab_a.save(&mut draft, None, 1.0).unwrap();
    assert_eq!(draft.revision, 1);

    // Another tab (same storage) saves the same draft.
    let mut tab_b = Drafts::new(tab_a.storage.clone());
    let mut theirs = tab_b.get("shared").unwrap().unwrap();
    tab_b.save(&mut theirs, Some(1), 2.0).unwrap();
    assert_eq!(theirs.revision, 2);
    tab_a.storage = tab_b.storage;

    let mut ours = draft.clone();
    match tab_a.save(&mut ours, Some(1), 3.0) {
        Err(SaveError::Conflict(stored)) => assert_eq!(stored.revision, 2),
        other => panic!("expected a conflict, got {other:?}"),
    }
    // Having seen theirs, this tab may save over it deliberately.
    tab_a.save(&mut ours, Some(2), 4.0).unwrap();
    assert_eq!(ours.revision, 3);
}

#[test]
fn a_deleted_draft_can_be_restored() {
    let mut drafts = Drafts::new(MemoryStorage::default());
    let mut draft = a_draft("d");
    drafts.save(&mut draft, None, 1.0).unwrap();
    drafts.delete("d").unwrap();
    assert!(drafts.load_all(2.0).unwrap().drafts.is_empty());
    drafts.restore("d").unwrap();
    assert_eq!(drafts.load_all(3.0).unwrap().drafts.len(), 1);
    drafts.delete("d").unwrap();
    drafts.empty_trash(None).unwrap();
    drafts.restore("d").unwrap();
    assert!(drafts.load_all(4.0).unwrap().drafts.is_empty());
}

#[test]
fn a_stored_draft_naming_an_unknown_format_is_unreadable_with_the_reason() {
    let reason = read_draft(&V1_LEGACY.replace("legacy-2008", "provincial-2030"))
        .unwrap_err()
        .to_string();
    assert_eq!(reason, "文件使用了本程序不认识的报告格式“provincial-2030”");
}

/// The entries under the quarantine keys, by key.
fn quarantined(storage: &MemoryStorage) -> Vec<(String, String)> {
    storage
        .entries
        .iter()
        .filter(|(k, _)| k.starts_with("nianbao:v1:quarantine:"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[test]
fn a_save_never_replaces_a_newer_versions_draft_it_cannot_read() {
    // This tab opened the draft; then a newer version of the app (another tab, after an update) saved it in a
    // schema this build does not know.
    let mut drafts = Drafts::new(MemoryStorage::default());
    let mut ours = a_draft("shared");
    drafts.save(&mut ours, None, 1.0).unwrap();
    let newer = V1_NATIONAL
        .replacen("\"schema_version\": 1", "\"schema_version\": 2", 1)
        .replacen("\"id\": \"v1national\"", "\"id\": \"shared\"", 1)
        .replacen("\"revision\": 12", "\"revision\": 40", 1);
    drafts
        .storage
        .set("nianbao:v1:draft:shared", &newer)
        .unwrap();

    let known = ours.revision;
    let aside = drafts
        .save_keeping(&mut ours, Some(known), 2000.0)
        .unwrap()
        .expect("the newer entry was moved aside");
    assert!(
        aside.reason.contains("更新版本的程序保存（格式版本 2）"),
        "{}",
        aside.reason
    );
    assert_eq!(
        drafts.storage.get(&aside.key).unwrap().as_deref(),
        Some(newer.as_str()),
        "the newer version's work is kept byte for byte"
    );
    assert_eq!(quarantined(&drafts.storage).len(), 1);
    // This tab's work is saved beside it, above the revision the newer entry claimed: the newer version's tab,
    // saving again with revision 40 known, meets a conflict instead of overwriting it.
    let stored = drafts.get("shared").unwrap().expect("ours is stored");
    assert_eq!(stored.report, ours.report);
    assert_eq!(ours.revision, 41);
    // And the next visit lists both.
    let loaded = drafts.load_all(3000.0).unwrap();
    assert_eq!((loaded.drafts.len(), loaded.unreadable.len()), (1, 1));
    assert!(
        loaded.unreadable[0].reason.contains("格式版本 2"),
        "{}",
        loaded.unreadable[0].reason
    );
}

#[test]
fn a_save_never_replaces_a_damaged_entry_and_an_unknown_draft_is_not_overwritten_blind() {
    for stored in [
        "{\"schema_version\": 1, \"id\": \"d\", \"report\": {",
        "{\"schema_version\": \"1\"}",
        "not json at all",
    ] {
        let mut drafts = Drafts::new(storage_with(&[("nianbao:v1:draft:d", stored)]));
        let mut ours = a_draft("d");
        // Even a save that believes nothing is stored under the key keeps what is there.
        drafts.save(&mut ours, None, 7.0).unwrap();
        let aside = quarantined(&drafts.storage);
        assert_eq!(aside.len(), 1, "{stored}");
        assert_eq!(aside[0].1, stored);
        assert!(drafts.get("d").unwrap().is_some());
    }

    // A readable draft this tab did not know of (e.g. another tab's with the same id) is a conflict, not
    // overwritten.
    let mut drafts = Drafts::new(storage_with(&[("nianbao:v1:draft:v1legacy", V1_LEGACY)]));
    let mut ours = a_draft("v1legacy");
    match drafts.save(&mut ours, None, 8.0) {
        Err(SaveError::Conflict(theirs)) => assert_eq!(theirs.revision, 3),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(
        drafts
            .storage
            .get("nianbao:v1:draft:v1legacy")
            .unwrap()
            .as_deref(),
        Some(V1_LEGACY)
    );
}

#[test]
fn a_save_that_cannot_keep_the_unreadable_entry_aside_is_refused_and_changes_nothing() {
    let unreadable = format!(
        "{{\"schema_version\": 9, \"padding\": \"{}\"}}",
        "x".repeat(3000)
    );
    let mut storage = storage_with(&[("nianbao:v1:draft:full", &unreadable)]);
    storage.capacity = Some(5000);
    let mut drafts = Drafts::new(storage);
    let mut ours = a_draft("full");
    let error = drafts.save(&mut ours, Some(0), 9.0).unwrap_err();
    assert_eq!(error, SaveError::Store(StoreError::Full));
    assert_eq!(
        drafts.storage.get("nianbao:v1:draft:full").unwrap(),
        Some(unreadable),
        "left where it was, whole"
    );
    assert!(quarantined(&drafts.storage).is_empty());
    assert_eq!(ours.revision, 0, "the draft in memory is unchanged");
}

#[test]
fn quarantine_never_overwrites_an_entry_kept_aside_before() {
    let mut drafts = Drafts::new(storage_with(&[("nianbao:v1:draft:x", "first")]));
    drafts.load_all(5000.0).unwrap();
    drafts.storage.set("nianbao:v1:draft:x", "second").unwrap();
    drafts.load_all(5000.0).unwrap();
    let mut ours = a_draft("x");
    drafts.storage.set("nianbao:v1:draft:x", "third").unwrap();
    drafts.save(&mut ours, None, 5000.0).unwrap();
    let kept: Vec<String> = quarantined(&drafts.storage)
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    assert_eq!(kept.len(), 3, "{kept:?}");
    for text in ["first", "second", "third"] {
        assert!(kept.iter().any(|k| k == text), "{text} kept: {kept:?}");
    }
}

#[test]
fn undoing_a_delete_never_overwrites_the_draft_saved_since() {
    let mut drafts = Drafts::new(MemoryStorage::default());
    let mut draft = a_draft("d");
    drafts.save(&mut draft, None, 1.0).unwrap();
    drafts.delete("d").unwrap();
    // Another tab, with the draft still open, saves it again.
    let mut theirs = draft.clone();
    theirs.name = "另一个窗口的修改".to_owned();
    drafts.save(&mut theirs, Some(draft.revision), 2.0).unwrap();
    // This tab undoes its delete.
    drafts.restore("d").unwrap();
    let loaded = drafts.load_all(3.0).unwrap();
    assert_eq!(loaded.drafts.len(), 2, "both kept");
    assert_eq!(drafts.get("d").unwrap().unwrap().name, "另一个窗口的修改");
    let restored = drafts.get("d-2").unwrap().expect("restored beside it");
    assert_eq!(restored.id, "d-2");
    assert_eq!(restored.report, draft.report);

    // Over an entry this build cannot read, the unreadable one is moved aside first.
    drafts.delete("d").unwrap();
    drafts.storage.set("nianbao:v1:draft:d", "damaged").unwrap();
    drafts.restore("d").unwrap();
    assert!(drafts.get("d").unwrap().is_some());
    assert_eq!(quarantined(&drafts.storage).len(), 1);
}

#[test]
fn a_stored_draft_with_a_duplicated_key_is_unreadable_and_the_key_is_named() {
    let doubled = V1_LEGACY.replacen(
        "\"report\": {",
        "\"report\": {\"fields\": {\"unit\": \"被丢掉的一份\"},",
        1,
    );
    assert_ne!(doubled, V1_LEGACY);
    let reason = read_draft(&doubled).unwrap_err().to_string();
    assert!(reason.contains("“report.fields”出现了不止一次"), "{reason}");
    let doubled_deeper = V1_LEGACY.replacen(
        "\"unit\": \"沂源县政府办公室\"",
        "\"unit\": \"沂源县政府办公室\", \"unit\": \"x\"",
        1,
    );
    assert_ne!(doubled_deeper, V1_LEGACY);
    let reason = read_draft(&doubled_deeper).unwrap_err().to_string();
    assert!(reason.contains("“report.fields.unit”"), "{reason}");
}

#[test]
fn a_stored_drafts_schema_version_says_what_is_wrong_with_it() {
    let with = |version: &str| {
        read_draft(&V1_LEGACY.replacen(
            "\"schema_version\": 1",
            &format!("\"schema_version\": {version}"),
            1,
        ))
        .unwrap_err()
        .to_string()
    };
    assert!(with("\"1\"").contains("应为正整数（如 1），而不是文字"));
    assert!(with("99999999999999999999").contains("过大"));
    assert!(with("4294967297").contains("过大"));
    let missing = read_draft(&V1_LEGACY.replacen("\"schema_version\": 1,", "", 1))
        .unwrap_err()
        .to_string();
    assert!(missing.contains("缺少 schema_version"), "{missing}");
}

#[test]
fn a_long_id_is_quoted_as_a_short_excerpt() {
    let long_id = "x".repeat(10_000);
    let text = V1_LEGACY.replacen("\"id\": \"v1legacy\"", &format!("\"id\": \"{long_id}\""), 1);
    let mut drafts = Drafts::new(storage_with(&[("nianbao:v1:draft:v1legacy", &text)]));
    let loaded = drafts.load_all(1.0).unwrap();
    let reason = &loaded.unreadable[0].reason;
    assert!(reason.contains("与存储位置不一致"), "{reason}");
    assert!(reason.chars().count() < 100, "{reason}");
}
