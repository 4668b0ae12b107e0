//! The supervising office's review and sum (汇总审核): the engine on reports made from the examples and the
//! published reports in the fixtures, then `nianbao review` and `nianbao sum` run as an office would.
#![cfg(all(not(target_arch = "wasm32"), feature = "import"))]

use nianbao::check::check;
use nianbao::model::{KnownField, Report, Severity, Template};
use nianbao::review::{self, Apart, Review, Row};
use nianbao::templates;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EXAMPLE_2024: &str = "examples/reports/national-2024-example.json";
const EXAMPLE_2025: &str = "examples/reports/national-2025-example.json";
const SEED: &str = "examples/reports/yiyuan-2011.json";
const LONGGANG: &str = "tests/fixtures/import/longgang-2024-copied.html";
const ZHANJIANG: &str = "tests/fixtures/import/zhanjiang-dfz-2023-portal.html";

fn open(path: &str) -> (&'static Template, Report) {
    templates::read_report(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The 2024 example as another unit's report: every figure times `factor` (every identity of the format is linear,
/// so the report stays balanced), published on `published`.
fn unit_report(unit: &str, factor: u64, published: &str) -> (String, Vec<u8>) {
    unit_report_blank(unit, factor, published, &[])
}

/// [`unit_report`] with the cells `blank` left blank.
fn unit_report_blank(
    unit: &str,
    factor: u64,
    published: &str,
    blank: &[&str],
) -> (String, Vec<u8>) {
    let (template, mut report) = open(EXAMPLE_2024);
    for cell in template.cell_indices() {
        if let Ok(Some(v)) = report.cell(cell).value {
            report.set_value(template, cell, v * factor);
        }
    }
    report.set_field(template.known_field(KnownField::Unit).unwrap(), unit);
    report.set_field(
        template.known_field(KnownField::PublishDate).unwrap(),
        published,
    );
    for id in blank {
        report.set_cell(template, template.index_of(id).unwrap(), "");
    }
    (
        format!("{unit}.json"),
        report.to_file(template).to_json().into_bytes(),
    )
}

fn review_of(inputs: &[(String, Vec<u8>)]) -> Review {
    Review::new(
        inputs
            .iter()
            .map(|(name, bytes)| review::read(name, bytes))
            .collect(),
    )
}

fn file(path: &str) -> (String, Vec<u8>) {
    (
        Path::new(path)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned(),
        std::fs::read(path).unwrap(),
    )
}

fn row<'a>(review: &'a Review, name: &str) -> &'a Row {
    review.rows.iter().find(|r| r.name == name).unwrap()
}

#[test]
fn a_sum_of_balanced_reports_balances_and_adds_every_figure() {
    let units = [
        unit_report("示例区发展和改革局", 1, "2025年1月20日"),
        unit_report("示例区教育局", 2, "2025年1月25日"),
        unit_report("示例区卫生健康局", 3, "2025年1月31日"),
    ];
    let review = review_of(&units);
    for row in &review.rows {
        let read = row.read.as_ref().unwrap();
        assert_eq!(read.counts.errors, 0, "{}: {:?}", row.name, read.findings);
    }
    let sum = review::sum(&review, Some("示例区")).unwrap();
    let template = sum.template;
    let findings = check(template, &sum.report);
    assert_eq!(
        findings.count(Severity::Error),
        0,
        "{:?}",
        findings.diagnostics
    );
    let (_, example) = open(EXAMPLE_2024);
    for cell in template.cell_indices() {
        let expected = example.cell(cell).value.clone().unwrap().map(|v| v * 6);
        assert_eq!(
            sum.report.cell(cell).value.clone().unwrap(),
            expected,
            "{}",
            template.cell(cell).id
        );
    }
    let new_total = template.index_of("applications.new.total").unwrap();
    assert_eq!(sum.report.cell(new_total).raw, "618");
    assert_eq!(sum.report.unit_name(template), "示例区");
    assert_eq!(sum.report.year(template), Some(2024));
    // The units are listed in 六、其他需要报告的事项.
    let other = sum.report.section(template.section_index("other").unwrap());
    assert!(
        other.contains(
            "以下 3 个单位的年度报告汇总生成：示例区发展和改革局、示例区教育局、示例区卫生健康局。"
        ),
        "{other}"
    );
    assert_eq!(
        review::notes_section_title(template),
        "六、其他需要报告的事项"
    );
    assert!(sum.partly_blank.is_empty());
}

#[test]
fn a_cell_blank_in_some_units_is_summed_over_those_that_filled_it_and_said_so() {
    // 乙局 and 丙局 leave the licensing decisions blank; 丙局 also the fees.
    let units = [
        unit_report("甲局", 1, "2025年1月20日"),
        unit_report_blank("乙局", 1, "2025年1月20日", &["art20_5.licensing.decisions"]),
        unit_report_blank(
            "丙局",
            1,
            "2025年1月20日",
            &["art20_5.licensing.decisions", "art20_8.fees.amount"],
        ),
    ];
    let review = review_of(&units);
    let sum = review::sum(&review, None).unwrap();
    let template = sum.template;
    let licensing = template.index_of("art20_5.licensing.decisions").unwrap();
    assert_eq!(sum.report.cell(licensing).raw, "568", "only 甲局 filled it");
    let fees = template.index_of("art20_8.fees.amount").unwrap();
    assert!(sum.partly_blank.contains(&(licensing, 2)));
    assert!(sum.partly_blank.contains(&(fees, 1)));
    assert_eq!(sum.report.unit_name(template), "汇总（3 个单位）");
    let other = sum.report.section(template.section_index("other").unwrap());
    assert!(
        other.ends_with("\n下列数据有单位未填写，仅对填写的单位求和：“行政许可 / 本年处理决定数量”（2 个单位未填写）；“行政事业性收费 / 本年收费金额（单位：万元）”（1 个单位未填写）。"),
        "{other}"
    );
}

#[test]
fn duplicates_are_shown_and_counted_once() {
    let a = unit_report("示例区教育局", 1, "2025年1月20日");
    let same_bytes = (String::from("副本.json"), a.1.clone());
    // The same unit and year again, with other figures (a corrected version sent twice).
    let mut again = unit_report("示例区 教育局", 2, "2025年1月22日");
    again.0 = "教育局（修改稿）.json".to_owned();
    let b = unit_report("示例区民政局", 1, "2025年1月20日");
    let review = review_of(&[a.clone(), same_bytes, again, b]);
    assert_eq!(
        row(&review, "副本.json").set_apart,
        Some(Apart::SameFile { of: 0 })
    );
    assert_eq!(
        row(&review, "教育局（修改稿）.json").set_apart,
        Some(Apart::SameUnitYear { of: 0 })
    );
    assert_eq!(
        review.apart_reason(row(&review, "副本.json")).unwrap(),
        "与“示例区教育局.json”是同一个文件，只计一次"
    );
    let tally = review.tally();
    assert_eq!((tally.files, tally.counted, tally.duplicates), (4, 2, 2));
    let sum = review::sum(&review, None).unwrap();
    assert_eq!(sum.units, ["示例区教育局", "示例区民政局"]);
    let total = sum.template.index_of("applications.new.total").unwrap();
    assert_eq!(sum.report.cell(total).raw, "206");
}

#[test]
fn a_report_without_its_units_name_saved_twice_in_two_forms_is_counted_once() {
    // 龙岗's published report, saved from the portal and copied as text: no unit name is printed in either.
    let html = "tests/fixtures/import/longgang-2024-copied.html";
    let text = "tests/fixtures/import/longgang-2024-copied.txt";
    let review = review_of(&[
        file(html),
        file(text),
        unit_report("示例区教育局", 1, "2025年1月20日"),
    ]);
    assert_eq!(
        row(&review, "longgang-2024-copied.txt").set_apart,
        Some(Apart::SameFigures { of: 0 })
    );
    assert_eq!(
        review
            .apart_reason(row(&review, "longgang-2024-copied.txt"))
            .unwrap(),
        "未填写单位名称，年度和全部数字与“longgang-2024-copied.html”相同，按同一份报告只计一次"
    );
    // Units with nothing to report (every figure zero) are different units, never taken for copies.
    let zero = |unit: &str| unit_report(unit, 0, "2025年1月20日");
    let mut nameless = zero("无名局");
    let nameless_text = String::from_utf8(nameless.1)
        .unwrap()
        .replace("\"无名局\"", "\"\"");
    nameless.1 = nameless_text.into_bytes();
    let review = review_of(&[zero("甲局"), nameless]);
    assert!(review.rows.iter().all(|r| r.set_apart.is_none()));
}

#[test]
fn reports_of_another_year_or_format_are_kept_apart_and_never_summed() {
    let inputs = [
        unit_report("甲局", 1, "2025年1月20日"),
        unit_report("乙局", 1, "2025年1月20日"),
        file(EXAMPLE_2025),
        file(SEED),
    ];
    let review = review_of(&inputs);
    let (template, year) = review.majority.unwrap();
    assert_eq!((template.id.as_str(), year), ("national-2021", Some(2024)));
    assert_eq!(
        review
            .apart_reason(row(&review, "national-2025-example.json"))
            .unwrap(),
        "报告年度为 2025 年，与多数报告（2024 年）不同，另列，未计入汇总"
    );
    let seed = review
        .apart_reason(row(&review, "yiyuan-2011.json"))
        .unwrap();
    assert!(seed.starts_with("格式为旧版格式"), "{seed}");
    assert!(seed.ends_with("不同，另列，未计入汇总"), "{seed}");
    let tally = review.tally();
    assert_eq!((tally.counted, tally.other_group), (2, 2));
    let sum = review::sum(&review, None).unwrap();
    assert_eq!(sum.units, ["甲局", "乙局"]);
}

#[test]
fn publication_dates_are_held_against_the_legal_deadline() {
    let inputs = [
        unit_report("示例区教育局", 1, "2025年1月31日"),
        unit_report("示例区民政局", 1, "2025年2月10日"),
        unit_report("示例区人民政府", 1, "二〇二五年三月二十八日"),
        unit_report("示例县人民政府", 1, "2025-04-02"),
        unit_report("示例镇人民政府", 1, "2025年3月1日"),
        unit_report("示例区司法局", 1, "上半年"),
    ];
    // 机关类别 left blank: the kind is the one the unit's name suggests (the template's `deadline` rule).
    let inputs: Vec<(String, Vec<u8>)> = inputs
        .into_iter()
        .map(|(name, bytes)| {
            let text = String::from_utf8(bytes).unwrap();
            let blank = text.replace("\"unit_kind\": \"政府部门\"", "\"unit_kind\": \"\"");
            assert_ne!(blank, text);
            (name, blank.into_bytes())
        })
        .collect();
    let review = review_of(&inputs);
    let late = |name: &str| {
        row(&review, &format!("{name}.json"))
            .read
            .as_ref()
            .unwrap()
            .days_late()
    };
    assert_eq!(late("示例区教育局"), None);
    assert_eq!(late("示例区民政局"), Some(10));
    assert_eq!(
        late("示例区人民政府"),
        None,
        "a government has until 31 March"
    );
    assert_eq!(late("示例县人民政府"), Some(2));
    assert_eq!(
        late("示例镇人民政府"),
        Some(29),
        "a township is due with the departments"
    );
    let unknown = row(&review, "示例区司法局.json").read.as_ref().unwrap();
    assert_eq!(
        (unknown.published, unknown.published_text.as_str()),
        (None, "上半年")
    );
    assert_eq!(review.tally().late, 3);
}

#[test]
fn the_levels_own_report_is_compared_with_the_sum_cell_by_cell_as_warnings() {
    let units = [
        unit_report("甲局", 1, "2025年1月20日"),
        unit_report("乙局", 1, "2025年1月20日"),
    ];
    let review = review_of(&units);
    let sum = review::sum(&review, None).unwrap();
    let template = sum.template;
    assert!(review::compare(template, &sum.report, &sum.report).is_empty());
    let mut own = sum.report.clone();
    let total = template.index_of("applications.new.total").unwrap();
    own.set_cell(template, total, "200");
    let licensing = template.index_of("art20_5.licensing.decisions").unwrap();
    own.set_cell(template, licensing, "");
    let differences = review::compare(template, &own, &sum.report);
    assert_eq!(differences.len(), 2, "{differences:?}");
    assert!(differences.iter().all(|d| d.severity == Severity::Warning));
    assert_eq!(
        differences
            .iter()
            .find(|d| d.cell == total)
            .unwrap()
            .message,
        "“一、本年新收政府信息公开申请数量 / 总计”本级报告为 200，各单位之和为 206，少 6"
    );
    assert!(differences
        .iter()
        .any(|d| d.cell == licensing && d.own.is_none() && d.sum == Some(1136)));
}

#[test]
fn a_bad_batch_gives_every_file_its_row_and_reviews_the_rest() {
    let mut inputs = vec![
        file(EXAMPLE_2024),
        unit_report("示例区教育局", 2, "2025年1月20日"),
        unit_report("示例区民政局", 3, "2025年1月21日"),
        file(LONGGANG),
        // Two broken files: a truncated JSON document and bytes that are no report at all.
        (
            "截断.json".to_owned(),
            std::fs::read(EXAMPLE_2024).unwrap()[..900].to_vec(),
        ),
        (
            "乱码.html".to_owned(),
            (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect(),
        ),
        // One hostile: markup in the unit's name.
        unit_report("<script>alert(1)</script>局", 1, "2025年1月20日"),
        // One of another year.
        file(ZHANJIANG),
    ];
    inputs.push(("再次提交.json".to_owned(), inputs[1].1.clone()));
    let review = review_of(&inputs);
    assert_eq!(review.rows.len(), inputs.len());
    let truncated = row(&review, "截断.json").read.as_ref().unwrap_err();
    assert!(truncated.contains("JSON"), "{truncated}");
    assert!(row(&review, "乱码.html").read.is_err());
    let longgang = row(&review, "longgang-2024-copied.html")
        .read
        .as_ref()
        .unwrap();
    assert_eq!(longgang.complete, Some(false));
    assert!(
        longgang
            .incomplete
            .iter()
            .any(|w| w.contains("格在文件中没有找到")),
        "{:?}",
        longgang.incomplete
    );
    assert_eq!(
        row(&review, EXAMPLE_2024.rsplit('/').next().unwrap())
            .read
            .as_ref()
            .unwrap()
            .complete,
        None
    );
    let tally = review.tally();
    assert_eq!(
        (
            tally.files,
            tally.unreadable,
            tally.duplicates,
            tally.other_group,
            tally.counted
        ),
        (9, 2, 1, 1, 5)
    );
    let page = review::html::page(&review, None, None);
    assert!(
        !page.contains("<script>"),
        "markup from a report never becomes markup"
    );
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;局"));
    assert!(page.contains("无法读取："));
    assert!(page.contains("报告年度为 2023 年，与多数报告（2024 年）不同，另列，未计入汇总"));
    assert!(page.contains(
        "共 9 个文件：计入 5 份，重复 1 份（只计一次），年度或格式不同另列 1 份，无法读取 2 个"
    ));
    let json = review::to_json(&review);
    assert_eq!(json["rows"].as_array().unwrap().len(), 9);
    assert_eq!(json["tally"]["unreadable"], 2);
}

#[test]
fn a_missing_required_section_is_named() {
    let (template, mut report) = open(EXAMPLE_2024);
    report.set_section(template.section_index("problems").unwrap(), "  ");
    let row = review::row_of("草稿", template, &report);
    assert_eq!(
        row.read.unwrap().missing_sections,
        ["五、存在的主要问题及改进情况"]
    );
}

// The command line.

fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .output()
        .expect("the command runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

/// A fresh folder of unit reports: `good` balanced ones in a nested folder, plus whatever `extra` adds.
fn folder(name: &str, good: u64) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nianbao-review-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("各部门/第二批")).unwrap();
    for i in 1..=good {
        let (file, bytes) = unit_report(&format!("示例区第{i}局"), i, "2025年1月20日");
        let sub = if i % 2 == 0 {
            "各部门/第二批"
        } else {
            "各部门"
        };
        std::fs::write(dir.join(sub).join(file), bytes).unwrap();
    }
    // Not a report's kind: not taken from a folder.
    std::fs::write(dir.join("说明.docx~"), "x").unwrap();
    dir
}

#[test]
fn review_of_a_folder_of_good_reports_exits_zero() {
    let dir = folder("good", 4);
    let output = nianbao(&["review", dir.to_str().unwrap()]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("示例区第3局 2024年"), "{text}");
    assert!(
        text.contains("发布日期 2025年1月20日，按时（截止 2025年1月31日）"),
        "{text}"
    );
    assert!(text.contains("共 4 个文件：计入 4 份"), "{text}");
}

#[test]
fn review_exits_one_on_errors_and_two_on_an_unreadable_file() {
    let dir = folder("errors", 2);
    let broken = std::fs::read_to_string(EXAMPLE_2024).unwrap().replace(
        "\"applications.new.total\": \"103\"",
        "\"applications.new.total\": \"104\"",
    );
    std::fs::write(dir.join("有错.json"), broken).unwrap();
    let output = nianbao(&["review", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(stdout(&output).contains("  错误："));
    std::fs::write(dir.join("坏.json"), "{\"schema_version\": 1,").unwrap();
    // A huge file: over the readers' limit, refused before it is read.
    let huge = std::fs::File::create(dir.join("巨大.html")).unwrap();
    huge.set_len(60 * 1024 * 1024).unwrap();
    let output = nianbao(&["review", dir.to_str().unwrap(), "不存在.json"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(text.contains("坏.json：无法读取："), "{text}");
    assert!(text.contains("巨大.html：无法读取：文件太大"), "{text}");
    assert!(
        text.contains("不存在.json：无法读取：找不到该文件"),
        "{text}"
    );
    assert!(
        text.contains("示例区第2局 2024年"),
        "the rest is reviewed: {text}"
    );
}

#[test]
fn review_writes_json_and_a_printable_page() {
    let dir = folder("outputs", 3);
    let output = nianbao(&["review", "--json", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["tally"]["counted"], 3);
    assert_eq!(json["rows"][0]["counts"]["errors"], 0);
    assert_eq!(json["rows"][0]["deadline"], "2025年1月31日");
    let page = dir.join("审核.html");
    let output = nianbao(&[
        "review",
        "--html",
        page.to_str().unwrap(),
        dir.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("default-src 'none'"));
    assert!(html.contains("示例区第1局"));
}

/// The .xlsx of a review, opened with calamine: a row per file on 审核结果, and each kind of finding on its sheet.
#[test]
fn review_writes_a_workbook_with_a_row_per_unit_and_a_sheet_per_kind_of_finding() {
    use calamine::{open_workbook_auto, Data, Reader};
    let dir = folder("xlsx", 3);
    // A late report, a copy of the first unit's, one with an error, and a file that is no report.
    let (_, late) = unit_report("示例区迟报局", 5, "2025年3月2日");
    std::fs::write(dir.join("迟报局.json"), late).unwrap();
    let first = dir.join("各部门/示例区第1局.json");
    std::fs::copy(&first, dir.join("第1局副本.json")).unwrap();
    let broken = std::fs::read_to_string(EXAMPLE_2024)
        .unwrap()
        .replace(
            "\"applications.new.total\": \"103\"",
            "\"applications.new.total\": \"104\"",
        )
        .replace("\"unit\": \"", "\"unit\": \"有错局");
    std::fs::write(dir.join("有错.json"), broken).unwrap();
    std::fs::write(dir.join("坏.json"), "{\"schema_version\": 1,").unwrap();
    let book_path = dir.join("审核.xlsx");
    let output = nianbao(&[
        "review",
        "--xlsx",
        book_path.to_str().unwrap(),
        dir.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(stdout(&output).contains("审核结果已写入"));
    let mut book = open_workbook_auto(&book_path).unwrap();
    assert_eq!(book.sheet_names(), review::xlsx::SHEETS.map(str::to_owned));
    let sheet = |book: &mut calamine::Sheets<_>, name: &str| -> Vec<Vec<String>> {
        book.worksheet_range(name)
            .unwrap()
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    };
    let table = sheet(&mut book, "审核结果");
    assert_eq!(table[0][..4], ["序号", "文件", "单位", "年度"]);
    // The header and a row per file: 3 good, late, copy, broken, unreadable.
    assert_eq!(table.len(), 1 + 7, "{table:?}");
    let by_unit = |unit: &str| table.iter().find(|r| r[2] == unit).unwrap().clone();
    let good = by_unit("示例区第2局");
    assert_eq!(good[3], "2024");
    assert_eq!(good[5], "0", "no errors: {good:?}");
    assert_eq!(good[13], "是");
    let range = book.worksheet_range("审核结果").unwrap();
    assert!(
        matches!(range.get((1, 5)), Some(Data::Float(_))),
        "counts are numbers"
    );
    let late = sheet(&mut book, "逾期发布");
    assert_eq!(late.len(), 2, "{late:?}");
    assert_eq!(late[1][1], "示例区迟报局");
    assert_eq!(late[1][4], "30");
    let errors = sheet(&mut book, "错误");
    assert!(
        errors.len() > 1 && errors[1..].iter().all(|r| r[0].contains("有错.json")),
        "{errors:?}"
    );
    let apart = sheet(&mut book, "重复与另列");
    assert_eq!(apart.len(), 2, "{apart:?}");
    assert!(apart[1][2].contains("只计一次"), "{apart:?}");
    let unreadable = sheet(&mut book, "无法读取");
    assert_eq!(unreadable.len(), 2, "{unreadable:?}");
    assert!(unreadable[1][0].ends_with("坏.json"));
    assert!(!unreadable[1][1].is_empty());
    assert_eq!(sheet(&mut book, "警告").first().unwrap()[2], "问题");
}

#[test]
fn sum_writes_a_report_that_opens_and_balances_and_compares_with_the_level() {
    let dir = folder("sum", 3);
    let total = dir.join("汇总.json");
    let page = dir.join("汇总.html");
    let output = nianbao(&[
        "sum",
        dir.to_str().unwrap(),
        "-o",
        total.to_str().unwrap(),
        "--unit",
        "示例区",
        "--compare",
        EXAMPLE_2024,
        "--html",
        page.to_str().unwrap(),
    ]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("汇总了 3 个单位的报告"), "{text}");
    assert!(text.contains("汇总报告的检查：0 个错误"), "{text}");
    assert!(
        text.contains("警告：“一、本年新收政府信息公开申请数量 / 总计”本级报告为 103，各单位之和为 618，少 515"),
        "{text}"
    );
    let (template, report) = open(total.to_str().unwrap());
    assert_eq!(check(template, &report).count(Severity::Error), 0);
    assert_eq!(report.unit_name(template), "示例区");
    // The written sum checks clean through `nianbao check` too.
    let output = nianbao(&["check", total.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(std::fs::read_to_string(&page)
        .unwrap()
        .contains("四、本级报告与各单位之和的比较"));
}

#[test]
fn sum_of_nothing_readable_writes_nothing_and_exits_two() {
    let dir = folder("nothing", 0);
    std::fs::write(dir.join("坏.json"), "[]").unwrap();
    let total = dir.join("汇总.json");
    let output = nianbao(&["sum", dir.to_str().unwrap(), "-o", total.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("无法汇总：没有可以汇总的报告"));
    assert!(!total.exists());
}

#[test]
fn mutated_and_hostile_inputs_each_get_a_row_and_never_stop_the_batch() {
    // Fixed-seed mutations of the examples and a published page: bytes flipped, cut, repeated.
    let sources: Vec<Vec<u8>> = [EXAMPLE_2024, SEED, ZHANJIANG]
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    let mut inputs = Vec::new();
    for i in 0..150 {
        let mut bytes = sources[i % sources.len()].clone();
        match i % 3 {
            0 => {
                for _ in 0..1 + next(8) {
                    let at = next(bytes.len());
                    bytes[at] = next(256) as u8;
                }
            }
            1 => bytes.truncate(next(bytes.len())),
            _ => {
                let at = next(bytes.len());
                let piece = bytes[at..(at + next(200)).min(bytes.len())].to_vec();
                for _ in 0..next(50) {
                    bytes.splice(at..at, piece.iter().copied());
                }
            }
        }
        let name = ["a.json", "b.json", "c.html"][i % 3];
        inputs.push((format!("{i}-{name}"), bytes));
    }
    // Deep nesting and a figure past what a cell holds.
    inputs.push(("nested.json".to_owned(), "[".repeat(100_000).into_bytes()));
    let huge = std::fs::read_to_string(EXAMPLE_2024)
        .unwrap()
        .replace("\"103\"", "\"18446744073709551615\"");
    inputs.push(("huge-figure.json".to_owned(), huge.into_bytes()));
    let review = review_of(&inputs);
    assert_eq!(review.rows.len(), inputs.len());
    let tally = review.tally();
    assert_eq!(
        tally.counted + tally.duplicates + tally.other_group + tally.unreadable,
        inputs.len()
    );
    assert!(tally.unreadable > 0 && tally.counted > 0, "{tally:?}");
    assert!(row(&review, "nested.json").read.is_err());
    // Every reason is Chinese, with no parser's English.
    for row in &review.rows {
        if let Err(reason) = &row.read {
            assert!(english_in(reason).is_empty(), "{}: {reason}", row.name);
        }
    }
    // Whatever was counted sums without a panic (or says why it cannot).
    match review::sum(&review, None) {
        Ok(sum) => assert!(!sum.units.is_empty()),
        Err(error) => assert!(!error.to_string().is_empty()),
    }
    let page = review::html::page(&review, None, None);
    assert!(page.ends_with("</html>\n"));
}

/// The app's table (made in the import worker): filtered to errors or late reports, sorted, escaped, and the
/// reports of another year in a table of their own.
#[test]
fn the_screen_table_filters_sorts_and_escapes() {
    use review::screen::{table, SortKey, View};
    let mut inputs: Vec<(String, Vec<u8>)> = (1..=3)
        .map(|i| unit_report(&format!("示例区第{i}局"), i, "2025年1月20日"))
        .collect();
    inputs.push(unit_report("示例区<迟报>局", 4, "2025年3月2日"));
    inputs.push(("坏.json".to_owned(), b"{".to_vec()));
    inputs.push(file(EXAMPLE_2025));
    let review = review_of(&inputs);
    let all = table(&review, &View::default());
    assert!(all.contains("data-files=\"6\""), "{all}");
    assert!(all.contains("示例区&lt;迟报&gt;局"), "escaped: {all}");
    assert!(!all.contains("<迟报>"));
    assert!(all.contains("另列，未计入汇总"), "{all}");
    assert!(all.contains("无法读取："));
    let late = review::screen::shown(
        &review,
        &View {
            only_late: true,
            ..View::default()
        },
    );
    assert_eq!(late.len(), 1);
    assert_eq!(review.rows[late[0]].name, "示例区<迟报>局.json");
    let by_unit = review::screen::shown(
        &review,
        &View {
            sort: SortKey::from_key("unit"),
            descending: true,
            ..View::default()
        },
    );
    assert_eq!(by_unit.len(), 6);
    // The unreadable file has no unit: last when sorting by unit downwards.
    assert_eq!(review.rows[*by_unit.last().unwrap()].name, "坏.json");
    let opened = review::screen::opened(&review, late[0], None);
    assert!(opened.contains("逾期 30 天"), "{opened}");
}

/// A PDF read by another reader (the browser's PDF import worker) and sent on as its report document and what it
/// did not read: the row is the one the review makes of the PDF itself, and the same file twice is one file.
#[test]
fn a_pdf_read_elsewhere_gets_the_row_the_review_makes_of_it() {
    let (name, bytes) = file("tests/fixtures/import/app-county-2023.pdf");
    let direct = review::read(&name, &bytes);
    let imported = nianbao::import::read_file(&name, &bytes).unwrap();
    let document = imported.file.to_json();
    let incomplete = review::incomplete(&imported.review);
    let elsewhere = review::read_document(&name, &bytes, &document, incomplete.clone());
    let (a, b) = (
        direct.read.as_ref().unwrap(),
        elsewhere.read.as_ref().unwrap(),
    );
    assert!(!a.unit.is_empty());
    assert_eq!(
        (
            &a.unit,
            a.year,
            a.counts,
            &a.findings,
            a.complete,
            &a.incomplete
        ),
        (
            &b.unit,
            b.year,
            b.counts,
            &b.findings,
            b.complete,
            &b.incomplete
        )
    );
    assert_eq!(b.complete, Some(incomplete.is_empty()));
    assert_eq!(a.template.id, b.template.id);
    assert_eq!(a.published, b.published);
    let copy = review::read_document("副本.pdf", &bytes, &document, incomplete);
    let review = Review::new(vec![elsewhere, copy]);
    assert_eq!(review.rows[1].set_apart, Some(Apart::SameFile { of: 0 }));
    // A document that does not read back (not the reader's) is the row's reason, in Chinese, not a panic.
    let bad = review::read_document(&name, &bytes, "{\"schema_version\": 2", Vec::new());
    assert!(bad.read.unwrap_err().contains("请"));
}

/// English words in a reason shown to a person: runs of three or more Latin letters other than the names of file
/// kinds and programs a user knows and the keys of the report document (docs/report-format.md), which say where
/// in the file it is wrong. What the reason quotes from the file (“…”) is the file's, not the reason's.
fn english_in(reason: &str) -> Vec<String> {
    const KNOWN: &[&str] = &[
        "JSON",
        "PDF",
        "Word",
        "Excel",
        "WPS",
        "UTF",
        "docx",
        "xlsx",
        "html",
        "htm",
        "nianbao",
        "review",
        "Office",
        "doc",
        "xls",
        "mht",
        "mhtml",
        "schema_version",
        "template",
        "fields",
        "sections",
        "cells",
        "verified",
        "version",
        "rule",
        "kind",
        "place",
        "reason",
        "text",
        "actual",
        "expected",
    ];
    let mut own = String::new();
    let mut quoted = false;
    for c in reason.chars() {
        match c {
            '“' => quoted = true,
            '”' => quoted = false,
            c if !quoted => own.push(c),
            _ => {}
        }
    }
    own.split(|c: char| !c.is_ascii_alphabetic() && c != '_')
        .filter(|w| w.len() >= 3 && !KNOWN.contains(w))
        .map(str::to_owned)
        .collect()
}

/// Broken files of every kind the review reads: each reason says in Chinese what is wrong and what to do, with no
/// parser's English (serde_json, zip, calamine, lopdf, quick-xml).
#[test]
fn every_reason_for_a_broken_file_is_chinese_and_says_what_to_do() {
    let docx = std::fs::read("tests/fixtures/import/app-county-2023.docx").unwrap();
    let xlsx = std::fs::read("tests/fixtures/import/app-county-2023.xlsx").unwrap();
    let pdf = std::fs::read("tests/fixtures/import/app-county-2023.pdf").unwrap();
    let json = std::fs::read(EXAMPLE_2024).unwrap();
    // Bytes flipped inside the first part's compressed data (past its header): the zip opens, the part does not.
    let flipped = |bytes: &[u8], from: usize| {
        let mut bytes = bytes.to_vec();
        for b in &mut bytes[from..from + 40] {
            *b ^= 0x5A;
        }
        bytes
    };
    let inputs: Vec<(&str, Vec<u8>)> = vec![
        ("截断.json", json[..900].to_vec()),
        ("多了逗号.json", b"{\"schema_version\": 2,}".to_vec()),
        (
            "类型不对.json",
            b"{\"schema_version\": 2, \"template\": 5}".to_vec(),
        ),
        ("截断.docx", docx[..docx.len() / 2].to_vec()),
        ("内容损坏.docx", flipped(&docx, 80)),
        ("截断.xlsx", xlsx[..xlsx.len() / 2].to_vec()),
        ("内容损坏.xlsx", flipped(&xlsx, 80)),
        ("截断.pdf", pdf[..pdf.len() / 3].to_vec()),
        (
            "损坏.pdf",
            b"%PDF-1.4\n\xe8\xbf\x99\xe4\xb8\x8d\xe6\x98\xaf\n".to_vec(),
        ),
        ("不是压缩包.docx", b"<html>not a docx</html>".to_vec()),
    ];
    for (name, bytes) in &inputs {
        let row = review::read(name, bytes);
        let reason = row
            .read
            .as_ref()
            .err()
            .unwrap_or_else(|| panic!("{name} read"));
        assert!(english_in(reason).is_empty(), "{name}: {reason}");
        assert!(reason.contains('请'), "{name} says what to do: {reason}");
    }
}
