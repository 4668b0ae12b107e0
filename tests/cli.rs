//! The `nianbao check` command, run as a portal administrator would.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::{Command, Output};

const SEED: &str = "examples/reports/yiyuan-2011.json";

fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .output()
        .expect("the command runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nianbao-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn a_report_without_errors_exits_zero_and_lists_its_findings_in_chinese() {
    let output = nianbao(&["check", SEED]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.contains("沂源县政府办公室 2011年"), "{text}");
    assert!(
        text.contains("提示：其中各项之和 180 比“一、主动公开信息数”的 221 少 41"),
        "{text}"
    );
    assert!(text.contains("共 0 个错误，1 个警告，3 个提示"), "{text}");
}

#[test]
fn a_report_with_an_error_exits_one_and_suggests_the_fix() {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let broken = seed.replace("\"stats.r11.total\": \"2\"", "\"stats.r11.total\": \"5\"");
    assert_ne!(broken, seed);
    let path = temp_file("broken.json", &broken);
    let output = nianbao(&["check", SEED, path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains("错误：“十一、政府信息公开指定工作人员数”为 5，但其中各项之和为 2，少了 3"),
        "{text}"
    );
    assert!(
        text.contains("建议：将“十一、政府信息公开指定工作人员数”改为 2"),
        "{text}"
    );
}

#[test]
fn an_unreadable_file_exits_two_and_says_why() {
    let not_json = temp_file("notes.json", "这不是 JSON");
    let output = nianbao(&["check", SEED, "missing.json", not_json.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let text = stdout(&output);
    assert!(
        text.contains("missing.json：无法读取：找不到该文件"),
        "{text}"
    );
    assert!(
        text.contains("notes.json：无法读取：文件不是有效的 JSON 格式"),
        "{text}"
    );
    assert!(
        text.contains("沂源县政府办公室"),
        "the readable file is still checked: {text}"
    );
}

#[test]
fn a_report_of_an_unknown_format_is_unreadable() {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let path = temp_file(
        "unknown.json",
        &seed.replace("legacy-2008", "provincial-2030"),
    );
    let output = nianbao(&["check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("本程序不认识的报告格式“provincial-2030”"));
}

#[test]
fn json_output_is_for_machines() {
    let output = nianbao(&["check", "--json", SEED, "missing.json"]);
    assert_eq!(output.status.code(), Some(2));
    let documents: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("valid JSON");
    let seed = &documents[0];
    assert_eq!(seed["template"]["id"], "legacy-2008");
    assert_eq!(seed["counts"]["warnings"], 1);
    assert_eq!(seed["diagnostics"][0]["place"]["cell"], "stats.r01.total");
    assert_eq!(seed["diagnostics"][0]["expected"], "180");
    assert_eq!(documents[1]["readable"], false);
}

#[test]
fn misuse_exits_two_with_the_usage() {
    for args in [
        &[][..],
        &["check"][..],
        &["verify", SEED][..],
        &["check", "--fast", SEED][..],
    ] {
        let output = nianbao(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("用法：nianbao check"),
            "{args:?}"
        );
    }
}
