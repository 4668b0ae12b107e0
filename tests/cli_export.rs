//! `nianbao export`, run as a portal administrator exporting many reports at once: every format, the app's file
//! names, the same bytes as the library functions the app uses, and clear words for what cannot be exported.
#![cfg(not(target_arch = "wasm32"))]

use nianbao::export::{build, docx_file, file_name, html};
use nianbao::templates;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EXAMPLES: [&str; 3] = [
    "examples/reports/national-2024-example.json",
    "examples/reports/national-2025-example.json",
    "examples/reports/yiyuan-2011.json",
];

fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the command runs")
}

fn out_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nianbao-export-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn app_name(path: &str, extension: &str) -> String {
    let json = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    let (template, report) = templates::read_report(&json).unwrap();
    file_name(template, &report, extension)
}

#[test]
fn every_format_of_every_example_is_written_under_the_apps_file_name() {
    for format in ["html", "pdf", "docx", "xlsx"] {
        let dir = out_dir(format);
        let mut args = vec!["export", "--format", format, "-o", dir.to_str().unwrap()];
        args.extend(EXAMPLES);
        let output = nianbao(&args);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{format}: {stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        for example in EXAMPLES {
            let name = app_name(example, format);
            let bytes = std::fs::read(dir.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(stdout.contains(&name), "{stdout}");
            let magic: &[u8] = match format {
                "html" => b"<!DOCTYPE html>",
                "pdf" => b"%PDF-",
                _ => b"PK",
            };
            assert!(bytes.starts_with(magic), "{name}");
            let json = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(example))
                .unwrap();
            let (template, report) = templates::read_report(&json).unwrap();
            match format {
                "html" => assert_eq!(
                    bytes,
                    html::document(&build(template, &report)).into_bytes()
                ),
                "docx" => assert_eq!(bytes, docx_file(template, &report).unwrap()),
                "pdf" => assert!(stdout.contains("页）"), "{stdout}"),
                _ => {}
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn a_second_report_of_the_same_name_does_not_overwrite_the_first() {
    let dir = out_dir("twice");
    let seed = EXAMPLES[2];
    let output = nianbao(&[
        "export",
        "-f",
        "docx",
        "-o",
        dir.to_str().unwrap(),
        seed,
        seed,
    ]);
    assert_eq!(output.status.code(), Some(0));
    let name = app_name(seed, "docx");
    let second = name.replace(".docx", "（2）.docx");
    assert!(dir.join(&name).is_file());
    assert!(
        dir.join(&second).is_file(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn what_cannot_be_exported_is_said_in_chinese_and_the_rest_is_exported() {
    let dir = out_dir("bad");
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{\"schema_version\": ").unwrap();
    let missing = dir.join("missing.json");
    let output = nianbao(&[
        "export",
        "--format",
        "xlsx",
        "-o",
        dir.to_str().unwrap(),
        broken.to_str().unwrap(),
        missing.to_str().unwrap(),
        EXAMPLES[0],
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("broken.json：未导出："), "{stderr}");
    assert!(
        stderr.contains("missing.json：未导出：找不到该文件"),
        "{stderr}"
    );
    assert!(dir.join(app_name(EXAMPLES[0], "xlsx")).is_file());

    let wrong = nianbao(&["export", "--format", "doc", EXAMPLES[0]]);
    assert_eq!(wrong.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&wrong.stderr);
    assert!(stderr.contains("“doc”不对"), "{stderr}");
    assert!(stderr.contains("nianbao export --format"), "{stderr}");

    let help = nianbao(&["export", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("用法：nianbao export --format html|pdf|docx|xlsx"),
        "{text}"
    );
    assert!(
        !text.contains("possible values") && !text.contains("default:"),
        "{text}"
    );

    let no_fonts = nianbao(&[
        "export",
        "-f",
        "pdf",
        "--fonts",
        dir.to_str().unwrap(),
        EXAMPLES[0],
    ]);
    assert_eq!(no_fonts.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_fonts.stderr).contains("找不到 PDF 字体"));
    let _ = std::fs::remove_dir_all(&dir);
}
