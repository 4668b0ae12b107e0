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

fn temp_bytes(name: &str, contents: &[u8]) -> PathBuf {
    let path = temp_file(name, "");
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn utf8_with_a_byte_order_mark_and_utf16_with_one_are_read_like_utf8() {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let with_bom = [&[0xEF, 0xBB, 0xBF][..], seed.as_bytes()].concat();
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(seed.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(seed.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    for (name, bytes) in [("bom.json", with_bom), ("le.json", le), ("be.json", be)] {
        let output = nianbao(&["check", temp_bytes(name, &bytes).to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(0), "{name}");
        assert!(
            stdout(&output).contains("沂源县政府办公室 2011年"),
            "{name}"
        );
    }
}

#[test]
fn invalid_utf8_is_refused_with_where_it_is() {
    let seed = std::fs::read_to_string(SEED).unwrap();
    // The unit written in GBK, as an old editor saves it.
    let gbk = seed
        .replacen("沂源县政府办公室", "\u{0}", 1)
        .into_bytes()
        .into_iter()
        .flat_map(|b| match b {
            0 => vec![0xD2, 0xCA, 0xD4, 0xB4],
            b => vec![b],
        })
        .collect::<Vec<u8>>();
    let path = temp_bytes("gbk.json", &gbk);
    let output = nianbao(&["check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let text = stdout(&output);
    assert!(text.contains("文件不是 UTF-8 编码的文本：第 "), "{text}");
    assert!(!text.contains('\u{FFFD}'), "{text}");
}

#[test]
fn a_duplicated_key_is_refused_and_named_at_every_level() {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let cases = [
        (
            seed.replacen("\"fields\": {", "\"fields\": {},\n  \"fields\": {", 1),
            "“fields”出现了不止一次",
        ),
        (
            seed.replacen(
                "\"stats.r11.total\": \"2\"",
                "\"stats.r11.total\": \"2\", \"stats.r11.total\": \"5\"",
                1,
            ),
            "“cells.stats.r11.total”出现了不止一次",
        ),
        (
            seed.replacen(
                "\"id\": \"legacy-2008\"",
                "\"id\": \"legacy-2008\", \"id\": \"x\"",
                1,
            ),
            "“template.id”出现了不止一次",
        ),
    ];
    for (json, expected) in cases {
        assert_ne!(json, seed, "{expected}");
        let path = temp_file("doubled.json", &json);
        let output = nianbao(&["check", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{expected}");
        assert!(stdout(&output).contains(expected), "{}", stdout(&output));
    }
}

#[test]
fn a_wrong_schema_version_says_what_is_wrong_with_it() {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let with = |version: &str| {
        let json = seed.replacen(
            "\"schema_version\": 1",
            &format!("\"schema_version\": {version}"),
            1,
        );
        assert_ne!(json, seed);
        stdout(&nianbao(&[
            "check",
            temp_file("version.json", &json).to_str().unwrap(),
        ]))
    };
    let wrong_type = with("\"1\"");
    assert!(
        wrong_type.contains("schema_version 应为正整数（如 1），而不是文字"),
        "{wrong_type}"
    );
    let too_large = with("123456789012345678901234567890");
    assert!(too_large.contains("schema_version 的值"), "{too_large}");
    assert!(too_large.contains("过大"), "{too_large}");
    let missing = stdout(&nianbao(&[
        "check",
        temp_file(
            "noversion.json",
            &seed.replacen("\"schema_version\": 1,", "", 1),
        )
        .to_str()
        .unwrap(),
    ]));
    assert!(missing.contains("缺少 schema_version"), "{missing}");
    for other in [&wrong_type, &too_large] {
        assert!(!other.contains("缺少"), "{other}");
    }
}

#[test]
fn a_wrongly_shaped_report_is_explained_in_chinese() {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let json = seed.replacen("\"stats.r11.total\": \"2\"", "\"stats.r11.total\": 2", 1);
    assert_ne!(json, seed);
    let text = stdout(&nianbao(&[
        "check",
        temp_file("shape.json", &json).to_str().unwrap(),
    ]));
    assert!(
        text.contains("cells 中“stats.r11.total”的值应为文字（如 \"12\"），而不是数字"),
        "{text}"
    );
}

#[test]
fn a_huge_value_is_quoted_as_a_short_excerpt() {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let huge = "9".repeat(5_000) + &"a".repeat(5_000);
    let json = seed.replacen(
        "\"stats.r11.total\": \"2\"",
        &format!("\"stats.r11.total\": \"{huge}\""),
        1,
    );
    let unknown = seed.replacen(
        "\"stats.r11.total\": \"2\"",
        &format!("\"stats.r11.total\": \"2\", \"{huge}\": \"1\""),
        1,
    );
    for json in [json, unknown] {
        let output = nianbao(&["check", temp_file("huge.json", &json).to_str().unwrap()]);
        let text = stdout(&output);
        assert!(
            text.contains("9999…aaa"),
            "{}",
            &text[..text.len().min(300)]
        );
        assert!(
            text.lines().all(|line| line.chars().count() < 200),
            "no line quotes the value whole"
        );
    }
}

#[test]
fn an_implausible_year_is_a_warning_at_the_year_field() {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let json = seed.replacen("\"year\": \"2011\"", "\"year\": \"65535\"", 1);
    assert_ne!(json, seed);
    let text = stdout(&nianbao(&[
        "check",
        temp_file("year.json", &json).to_str().unwrap(),
    ]));
    assert!(
        text.contains("警告：报告年度：请填写四位数字的年份"),
        "{text}"
    );
    let json = seed.replacen("\"year\": \"2011\"", "\"year\": \"2101\"", 1);
    let text = stdout(&nianbao(&[
        "check",
        temp_file("year.json", &json).to_str().unwrap(),
    ]));
    assert!(
        text.contains("警告：报告年度：年份 2101 不在 2008 至 2100 年之间"),
        "{text}"
    );
}

#[test]
fn misuse_is_named_in_chinese_and_help_exits_zero() {
    let unknown_option = nianbao(&["check", "--fast", SEED]);
    assert!(String::from_utf8_lossy(&unknown_option.stderr).contains("未知的选项“--fast”"));
    let unknown_command = nianbao(&["verify", SEED]);
    assert!(String::from_utf8_lossy(&unknown_command.stderr).contains("未知的命令“verify”"));
    for args in [&["--help"][..], &["check", "--help"][..]] {
        let help = nianbao(args);
        assert_eq!(help.status.code(), Some(0), "{args:?}");
        let text = stdout(&help);
        assert!(text.contains("用法：nianbao check"), "{text}");
        assert!(!text.contains("Usage"), "{text}");
    }
}

const PORTAL_PAGE: &str = "tests/fixtures/import/zhanjiang-dfz-2023-portal.html";

#[test]
fn convert_writes_a_published_page_as_a_report_and_says_what_it_left_out() {
    let out = std::env::temp_dir().join(format!("nianbao-cli-convert-{}.json", std::process::id()));
    let output = nianbao(&["convert", PORTAL_PAGE, "-o", out.to_str().unwrap()]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    let file = nianbao::model::ReportFile::from_json(&written).unwrap();
    assert_eq!(file.template.id, "national-2021");
    assert_eq!(file.fields["unit"], "湛江市人民政府地方志办公室");
    assert_eq!(file.cells.len(), 200);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("200 个数字"), "{stderr}");
    // What was not placed is said, with its text.
    assert!(
        stderr.contains("未放入") && stderr.contains("所列数据统计期限自2023年1月1日起"),
        "{stderr}"
    );
    // Without -o the report goes to standard output.
    let output = nianbao(&["convert", PORTAL_PAGE]);
    assert_eq!(stdout(&output).trim(), written.trim());
}

#[test]
fn convert_refuses_what_it_cannot_read_with_the_reason() {
    let doc = temp_bytes(
        "旧报告.doc",
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
    );
    let output = nianbao(&["convert", doc.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("旧版 Word 97-2003（.doc）") && stderr.contains("另存为 .docx"),
        "{stderr}"
    );
    let output = nianbao(&["convert", "missing.html"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("找不到该文件"));
}

#[test]
fn check_reads_a_published_page_and_a_paste_as_well_as_json() {
    let output = nianbao(&[
        "check",
        PORTAL_PAGE,
        "tests/fixtures/import/longgang-2024-copied.txt",
        SEED,
    ]);
    let text = stdout(&output);
    assert!(
        text.contains("湛江市人民政府地方志办公室 2023年（国家格式"),
        "{text}"
    );
    assert!(text.contains("读取：按“国家格式"), "{text}");
    // The partial paste: what was not in it is said, and the checker sees its cells.
    assert!(
        text.contains("longgang-2024-copied.txt：（未填写单位） 2024年"),
        "{text}"
    );
    assert!(text.contains("沂源县政府办公室 2011年"), "{text}");
    assert!(matches!(output.status.code(), Some(0 | 1)), "{text}");
    let json = nianbao(&["check", "--json", PORTAL_PAGE]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value[0]["readable"], true);
    assert_eq!(value[0]["template"]["id"], "national-2021");
}
