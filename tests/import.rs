//! The import readers and the recogniser on real published reports (tests/fixtures/import/, see its README) and on
//! what a hostile or careless input may be.
#![cfg(all(not(target_arch = "wasm32"), feature = "import"))]

use nianbao::import::{
    detect, read_file, read_paste, ImportError, Imported, InputKind, MAX_INPUT_BYTES,
};
use nianbao::model::Report;
use nianbao::templates;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn cell<'a>(imported: &'a Imported, id: &str) -> Option<&'a str> {
    imported.file.cells.get(id).map(String::as_str)
}

/// Every cell of a row, in the template's column order.
fn row(imported: &Imported, table: &str, row: &str) -> Vec<String> {
    let template = templates::by_id(&imported.file.template.id).unwrap();
    let t = template.tables.iter().find(|t| t.id == table).unwrap();
    t.columns
        .iter()
        .map(|c| {
            cell(imported, &format!("{table}.{row}.{}", c.id))
                .unwrap_or("")
                .to_owned()
        })
        .collect()
}

fn opens_as_a_report(imported: &Imported) {
    let template = templates::by_id(&imported.file.template.id).unwrap();
    Report::from_file(template, &imported.file).unwrap();
}

#[test]
fn a_portal_page_with_layout_tables_and_the_official_spans_reads_whole() {
    let imported = read_file(
        "post_1871569.html",
        &fixture("zhanjiang-dfz-2023-portal.html"),
    )
    .unwrap();
    opens_as_a_report(&imported);
    assert_eq!(imported.file.template.id, "national-2021");
    assert_eq!(imported.review.kind, Some(InputKind::Html));
    let fields = &imported.file.fields;
    assert_eq!(fields["unit"], "湛江市人民政府地方志办公室");
    assert_eq!(fields["year"], "2023");
    assert_eq!(fields["publish_date"], "2024-01-16");
    // Every cell of the format is printed, all 0 (a blank is not a zero, but these are printed zeros).
    assert_eq!(imported.review.figures_read, 200);
    assert!(
        imported.review.missing.is_empty(),
        "{:?}",
        imported.review.missing
    );
    assert!(imported.file.cells.values().all(|v| v == "0"));
    assert!(
        imported.file.sections["overview"].ends_with("各栏目共刊发文稿、通知、公告、公示等44篇。")
    );
    // Sub-headings stay in their section, one paragraph a line; the signature is not narrative.
    assert_eq!(
        imported.file.sections["problems"],
        "（一）存在的主要问题\n频道网站部分栏目更新不够及时。\n（二）改进措施\n明确栏目责任人，按月检查更新情况。"
    );
    assert_eq!(imported.file.sections["other"], "本年度未收取信息处理费。");
    // Nothing lost: the page around the report and the preamble are kept in the review, in order.
    let unplaced: Vec<&str> = imported
        .review
        .unplaced
        .iter()
        .map(|u| u.text.as_str())
        .collect();
    assert!(
        unplaced[0].contains("当前位置：首页") && unplaced[0].contains("索引号："),
        "{unplaced:#?}"
    );
    assert!(unplaced
        .iter()
        .any(|u| u.starts_with("根据《中华人民共和国政府信息公开条例》要求")));
    assert!(unplaced.last().unwrap().contains("网站标识码"));
    // Scripts and styles are not text of the page.
    assert!(!unplaced
        .iter()
        .any(|u| u.contains("not text") || u.contains("float")));
}

#[test]
fn a_copied_page_reads_the_same_from_its_text_and_from_its_html() {
    let text = String::from_utf8(fixture("longgang-2024-copied.txt")).unwrap();
    let html = String::from_utf8(fixture("longgang-2024-copied.html")).unwrap();
    let from_text = read_paste(None, &text).unwrap();
    let from_html = read_paste(Some(&html), &text).unwrap();
    assert_eq!(from_text.review.kind, Some(InputKind::Text));
    assert_eq!(from_html.review.kind, Some(InputKind::Html));
    for imported in [&from_text, &from_html] {
        opens_as_a_report(imported);
        assert_eq!(imported.file.fields["year"], "2024");
        assert_eq!(row(imported, "art20_1", "normative"), ["5", "1", "25"]);
        assert_eq!(row(imported, "art20_1", "rules"), ["0", "0", "0"]);
        assert_eq!(row(imported, "art20_5", "licensing"), ["0"]);
        assert_eq!(row(imported, "art20_6", "coercion"), ["0"]);
        assert_eq!(row(imported, "art20_8", "fees"), ["0"]);
        assert_eq!(
            row(imported, "applications", "new"),
            ["58", "7", "0", "0", "1", "0", "66"]
        );
        assert_eq!(
            row(imported, "applications", "carried_in"),
            ["2", "0", "0", "0", "0", "0", "2"]
        );
        assert_eq!(
            row(imported, "applications", "open"),
            ["2", "1", "0", "0", "0", "0", "3"]
        );
        assert_eq!(
            row(imported, "applications", "partly_open"),
            ["16", "1", "0", "0", "0", "0", "17"]
        );
        assert_eq!(row(imported, "applications", "refuse_1"), ["0"; 7]);
        assert_eq!(
            row(imported, "applications", "refuse_5"),
            ["1", "0", "0", "0", "0", "0", "1"]
        );
        assert_eq!(row(imported, "applications", "refuse_6"), ["0"; 7]);
        // The selection ended there: the rest is missing, not zero.
        assert_eq!(row(imported, "applications", "refuse_7"), [""; 7]);
        assert!(imported
            .review
            .missing
            .contains(&"applications.total.total".to_owned()));
        assert_eq!(imported.review.figures_read, 80);
        assert!(
            imported.review.unplaced.is_empty(),
            "{:#?}",
            imported.review.unplaced
        );
        assert!(
            imported.file.sections["overview"].contains("统计期限为2024年1月1日至2024年12月31日")
        );
    }
    assert_eq!(from_text.file, from_html.file);
}

#[test]
fn headings_worded_otherwise_and_a_table_of_figures_alone_are_placed() {
    let imported = read_file("page8.html", &fixture("wendeng-xinfang-2022-page8.html")).unwrap();
    opens_as_a_report(&imported);
    assert_eq!(imported.file.fields["unit"], "威海市文登区信访局");
    assert_eq!(imported.file.fields["year"], "2022");
    assert_eq!(row(&imported, "appeals", "cases"), ["0"; 15]);
    assert_eq!(imported.review.figures_read, 15);
    // A line break of the page's source inside Chinese prose is no space.
    assert!(imported.file.sections["problems"]
        .starts_with("总结我局本年度政府信息公开工作，公开信息数量明显增加，公开形式更加规范"));
}

#[test]
fn a_report_of_the_old_format_without_tables_is_recognised_by_its_headings_and_year() {
    let imported = read_file("jinan.htm", &fixture("jinan-2016-portal.html")).unwrap();
    opens_as_a_report(&imported);
    assert_eq!(imported.file.template.id, "legacy-2008");
    assert_eq!(imported.file.fields["unit"], "福州市晋安区");
    assert_eq!(imported.file.fields["publish_date"], "2017-01-12");
    assert!(imported.file.sections["preamble"]
        .starts_with("本报告根据《中华人民共和国政府信息公开条例》"));
    assert!(imported.file.sections["overview"]
        .contains("\n（一）信息公开年度工作基本情况、主要亮点和成效\n"));
}

/// The applications table as some portals print it: short labels, numbering in other widths, "/" and "—".
const SHORT_LABELS: &str = "<h1>某县人民政府办公室2022年政府信息公开工作年度报告</h1>
<p>三、收到和处理政府信息公开申请情况</p>
<table>
<tr><td colspan=3 rowspan=3>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan=7>申请人情况</td></tr>
<tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan=3>一、本年新收政府信息公开申请数量</td><td>4</td><td>1</td><td>/</td><td>—</td><td>无</td><td></td><td>5</td></tr>
<tr><td rowspan=6>三、本年度<br>办理结果</td><td rowspan=2>（三）不予公开</td><td>５．属于内部事务信息</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td>6、属于过程性信息</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>2</td></tr>
<tr><td rowspan=3>(六)其他处理</td><td>1.逾期不补正</td><td>3</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>3</td></tr>
<tr><td>2.逾期不缴费</td><td>0</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td>3.其他</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td colspan=2>（七）总&nbsp;计</td><td>6</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>7</td></tr>
<tr><td colspan=3>五、本年度新增的一行</td><td>9</td><td>9</td><td>9</td><td>9</td><td>9</td><td>9</td><td>9</td></tr>
</table>";

#[test]
fn short_labels_dashes_and_blanks_are_placed_and_said() {
    let imported = read_file("short.html", SHORT_LABELS.as_bytes()).unwrap();
    opens_as_a_report(&imported);
    assert_eq!(
        row(&imported, "applications", "new"),
        ["4", "1", "", "", "", "", "5"]
    );
    // "/", "—" and "无" are blank and listed; a blank cell is blank and not listed.
    assert_eq!(
        imported.review.dashes,
        [
            "applications.new.research",
            "applications.new.public_interest",
            "applications.new.legal_services"
        ]
    );
    assert!(!imported
        .review
        .missing
        .contains(&"applications.new.other_org".to_owned()));
    assert_eq!(
        row(&imported, "applications", "refuse_5"),
        ["1", "0", "0", "0", "0", "0", "1"]
    );
    assert_eq!(
        row(&imported, "applications", "refuse_6"),
        ["2", "0", "0", "0", "0", "0", "2"]
    );
    assert_eq!(
        row(&imported, "applications", "other_1"),
        ["3", "0", "0", "0", "0", "0", "3"]
    );
    assert_eq!(
        row(&imported, "applications", "other_2"),
        ["0", "1", "0", "0", "0", "0", "1"]
    );
    assert_eq!(row(&imported, "applications", "other_3"), ["0"; 7]);
    assert_eq!(
        row(&imported, "applications", "total"),
        ["6", "1", "0", "0", "0", "0", "7"]
    );
    // The loose matches are placed and said.
    let unsure: Vec<&str> = imported
        .review
        .unsure
        .iter()
        .map(|(_, printed)| printed.as_str())
        .collect();
    assert!(
        unsure.contains(&"５．属于内部事务信息") && unsure.contains(&"2.逾期不缴费"),
        "{unsure:?}"
    );
    // A row the format does not have is kept with its text, not put anywhere.
    assert_eq!(
        imported.review.unplaced.len(),
        1,
        "{:#?}",
        imported.review.unplaced
    );
    assert!(imported.review.unplaced[0]
        .text
        .starts_with("五、本年度新增的一行 | 9"));
    assert!(!imported.file.cells.values().any(|v| v == "9"));
}

/// Figures printed with their unit in the cell, as some county reports do ("5件", "12 条"): placed as figures; a
/// figure in 元 in the fee table (kept in 万元) is not read as a figure.
#[test]
fn figures_printed_with_their_unit_are_placed() {
    let html = "<h1>某县2023年政府信息公开工作年度报告</h1><p>二、主动公开政府信息情况</p><table>
        <tr><td colspan=4>第二十条第（一）项</td></tr>
        <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
        <tr><td>规章</td><td>0件</td><td>0件</td><td>0件</td></tr>
        <tr><td>行政规范性文件</td><td>5件</td><td>1 件</td><td>12件</td></tr>
        <tr><td colspan=4>第二十条第（八）项</td></tr>
        <tr><td>信息内容</td><td colspan=3>本年收费金额（单位：万元）</td></tr>
        <tr><td>行政事业性收费</td><td colspan=3>5000元</td></tr></table>
        <p>四、政府信息公开行政复议、行政诉讼情况</p><table>
        <tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>
        <tr><td rowspan=2>结果维持</td><td rowspan=2>结果纠正</td><td rowspan=2>其他结果</td><td rowspan=2>尚未审结</td><td rowspan=2>总计</td>
            <td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr>
        <tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>
            <td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
        <tr><td>2件</td><td>0件</td><td>0件</td><td>1件</td><td>3件</td><td>1件</td><td>0件</td><td>0件</td><td>0件</td><td>1件</td>
            <td>0件</td><td>0件</td><td>0件</td><td>0件</td><td>0件</td></tr></table>";
    let imported = read_file("units.html", html.as_bytes()).unwrap();
    opens_as_a_report(&imported);
    assert_eq!(row(&imported, "art20_1", "rules"), ["0", "0", "0"]);
    assert_eq!(row(&imported, "art20_1", "normative"), ["5", "1", "12"]);
    assert_eq!(
        row(&imported, "appeals", "cases"),
        ["2", "0", "0", "1", "3", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0"]
    );
    // 5000元 is not 5000 万元: kept as printed, which the checks then show as not a figure of the cell.
    assert_eq!(cell(&imported, "art20_8.fees.amount"), Some("5000元"));
}

#[test]
fn a_row_printed_twice_keeps_the_first_and_lists_the_second() {
    let html = "<h1>某局2023年政府信息公开工作年度报告</h1><p>二、主动公开政府信息情况</p><table>
        <tr><td colspan=4>第二十条第（一）项</td></tr>
        <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
        <tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr><tr><td>规章</td><td>7</td><td>8</td><td>9</td></tr></table>";
    let imported = read_file("a.html", html.as_bytes()).unwrap();
    assert_eq!(row(&imported, "art20_1", "rules"), ["1", "2", "3"]);
    assert_eq!(imported.review.unplaced.len(), 1);
    assert!(imported.review.unplaced[0].text.contains("7 | 8 | 9"));
}

#[test]
fn kinds_are_told_by_their_bytes_and_old_office_files_are_refused_with_advice() {
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
    for (name, format) in [
        ("报告.doc", ".doc"),
        ("报告.wps", ".wps"),
        ("统计表.xls", ".xls"),
        ("统计表.et", ".et"),
    ] {
        let error = read_file(name, &ole).unwrap_err();
        assert!(matches!(error, ImportError::OldOfficeFormat(_)), "{name}");
        let message = error.to_string();
        assert!(
            message.contains(format) && message.contains("另存为"),
            "{message}"
        );
    }
    assert_eq!(
        read_file("加密.docx", &ole).unwrap_err(),
        ImportError::Encrypted
    );
    assert_eq!(detect("x.pdf", b"%PDF-1.7\n...").unwrap(), InputKind::Pdf);
    assert_eq!(
        detect("x", b"PK\x03\x04....word/document.xml").unwrap(),
        InputKind::Docx
    );
    assert_eq!(
        detect("x", b"PK\x03\x04....xl/workbook.xml").unwrap(),
        InputKind::Xlsx
    );
    assert_eq!(
        detect("x.txt", "<html><body>".as_bytes()).unwrap(),
        InputKind::Html
    );
    assert_eq!(
        detect("paste.txt", "一、总体情况\n".as_bytes()).unwrap(),
        InputKind::Text
    );
    assert_eq!(
        detect("r.json", b"{\"schema_version\": 1}").unwrap(),
        InputKind::Json
    );
    // A PDF that is only its header goes to the PDF reader, which says it is damaged.
    let error = read_file("x.pdf", b"%PDF-1.7\n").unwrap_err();
    assert!(
        matches!(
            error,
            ImportError::Malformed {
                kind: InputKind::Pdf,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        detect("x.bin", &[0xFF, 0x00, 0x13, 0x80]).unwrap_err(),
        ImportError::UnknownKind
    );
}

#[test]
fn nianbao_json_reads_as_it_is() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/reports/yiyuan-2011.json"
    ))
    .unwrap();
    let imported = read_file("yiyuan-2011.json", &bytes).unwrap();
    assert_eq!(imported.review.kind, Some(InputKind::Json));
    let (template, report) = templates::read_report(std::str::from_utf8(&bytes).unwrap()).unwrap();
    assert_eq!(imported.file, report.to_file(template));
}

#[test]
fn what_is_not_a_report_or_too_large_or_a_gbk_page_is_refused_with_a_reason() {
    assert_eq!(
        read_paste(None, "今天天气很好\n明天也好").unwrap_err(),
        ImportError::NotAReport
    );
    assert_eq!(
        read_paste(Some("<p>你好</p>"), "").unwrap_err(),
        ImportError::NotAReport
    );
    assert_eq!(
        read_file("a.html", b"").unwrap_err(),
        ImportError::NotAReport
    );
    let big = vec![b' '; MAX_INPUT_BYTES + 1];
    assert_eq!(
        read_file("a.html", &big).unwrap_err(),
        ImportError::TooLarge
    );
    // A page declaring GBK whose bytes are not GBK: refused with the reason and the advice to paste.
    let broken = [
        b"<html><head><meta charset=gb2312></head><body>".as_slice(),
        &[0xD2, 0xCA, 0xFF, 0xFF],
    ]
    .concat();
    let error = read_file("old.htm", &broken).unwrap_err();
    assert!(
        error.to_string().contains("GBK") && error.to_string().contains("粘贴"),
        "{error}"
    );
}

/// County portals that still serve GB2312/GBK: the page as saved (its bytes in GBK, its meta saying so, in either
/// form) reads to the same report as the UTF-8 page; one that declares nothing reads too, as GB18030.
#[test]
fn a_page_saved_in_gbk_reads_as_the_same_page_in_utf8() {
    let page = String::from_utf8(fixture("zhanjiang-dfz-2023-portal.html")).unwrap();
    let utf8 = read_file("page.html", page.as_bytes()).unwrap();
    assert!(utf8.review.figures_read > 100);
    let declared = page.replace("charset=UTF-8", "charset=gb2312");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&declared);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the bytes are GBK, not UTF-8"
    );
    let short_meta = declared.replace(
        r#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312">"#,
        r#"<meta charset="GBK">"#,
    );
    assert_ne!(short_meta, declared);
    let undeclared = declared.replace("charset=gb2312", "");
    for (what, text) in [
        ("http-equiv", &declared),
        ("meta charset", &short_meta),
        ("undeclared", &undeclared),
    ] {
        let bytes = encoding_rs::GBK.encode(text).0;
        let imported = read_file("page.htm", &bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(imported.file, utf8.file, "{what}");
    }
}

#[test]
fn deep_nesting_costs_no_stack() {
    // 100,000 nested elements and tables: read without a stack overflow (a test thread has 2 MB of stack).
    let deep = format!(
        "{}一、总体情况{}",
        "<div><table><tr><td>".repeat(100_000),
        "</td></tr></table></div>".repeat(100_000)
    );
    let imported = read_paste(Some(&deep), "");
    assert!(
        matches!(imported, Err(ImportError::NotAReport)),
        "{imported:?}"
    );
}

#[test]
fn hostile_spans_and_cell_counts_cost_no_memory() {
    let spans = format!(
        "<h1>某局2023年政府信息公开工作年度报告</h1><p>三、收到和处理政府信息公开申请情况</p><table>{}</table>",
        "<tr><td colspan=65535 rowspan=65535>自然人</td><td rowspan=0>1</td></tr>".repeat(1000)
    );
    let imported = read_paste(Some(&spans), "").unwrap();
    assert_eq!(imported.review.figures_read, 0);
    // A table past the grid's limit: the rows left out are said, not dropped silently.
    let wide = format!(
        "<h1>某局2023年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>正文。</p><table>{}</table>",
        "<tr><td colspan=200>x</td><td>1</td></tr>".repeat(2100)
    );
    let imported = read_paste(Some(&wide), "").unwrap();
    assert!(
        imported
            .review
            .unplaced
            .iter()
            .any(|u| u.why.contains("之后的行没有读取")),
        "{:?}",
        imported.review.unplaced.last()
    );
    let many = "<td>".repeat(600_000);
    assert_eq!(
        read_paste(Some(&format!("<table><tr>{many}")), "").unwrap_err(),
        ImportError::TooLarge
    );
}

#[test]
fn a_page_whose_tables_are_pictures_says_so() {
    let html = "<h1>某局2023年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>本年度工作有序推进。</p>
        <p>二、主动公开政府信息情况</p><p><img src=\"table1.png\"></p><p>三、收到和处理政府信息公开申请情况</p><p><img src=\"t2.jpg\"></p>";
    let imported = read_file("a.html", html.as_bytes()).unwrap();
    assert_eq!(imported.review.figures_read, 0);
    let last = imported.review.unplaced.last().unwrap();
    assert!(
        last.why.contains("图片") && last.text.contains("2 张图片"),
        "{last:?}"
    );
}

#[test]
fn a_label_broken_over_two_lines_by_a_paste_is_joined() {
    // A browser puts a cell's line break into text/plain as a line break: the row comes in two lines.
    let text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n三、本年度办理结果\t（一）予以公开\t1\t0\t0\t0\t0\t0\t1\n（二）部分公开\n（区分处理的，只计这一情形，不计其他情形）\t2\t0\t0\t0\t0\t0\t2\n（三）不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0\n";
    let imported = read_paste(None, text).unwrap();
    assert_eq!(
        row(&imported, "applications", "partly_open"),
        ["2", "0", "0", "0", "0", "0", "2"]
    );
    assert_eq!(row(&imported, "applications", "refuse_1"), ["0"; 7]);
    assert!(
        imported.review.unplaced.is_empty(),
        "{:#?}",
        imported.review.unplaced
    );
}

#[test]
fn a_pasted_row_with_blank_cells_or_trailing_tabs_is_not_shifted() {
    let text = "三、收到和处理政府信息公开申请情况\n\
        一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t1\t\n\
        二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\t\t\n\
        三、本年度办理结果\t（一）予以公开\t1\t0\t0\t0\t0\t0\n";
    let imported = read_paste(None, text).unwrap();
    assert_eq!(
        row(&imported, "applications", "new"),
        ["", "1", "0", "0", "0", "0", "1"]
    );
    assert_eq!(row(&imported, "applications", "carried_in"), ["0"; 7]);
    // Six figures for seven columns cannot be placed without guessing which is missing.
    assert_eq!(row(&imported, "applications", "open"), [""; 7]);
    assert!(
        imported.review.unplaced[0]
            .text
            .starts_with("三、本年度办理结果 | （一）予以公开 | 1"),
        "{:#?}",
        imported.review.unplaced
    );
}

#[test]
fn a_title_with_the_year_first_and_a_sub_heading_in_the_overview() {
    // 2022年上海市政府信息公开工作年度报告, as copied from the page (its opening, as published).
    let text = String::from_utf8(fixture("shanghai-2022-copied.txt")).unwrap();
    let imported = read_paste(None, &text).unwrap();
    assert_eq!(imported.file.template.id, "national-2021");
    assert_eq!(imported.file.fields["unit"], "上海市");
    assert_eq!(imported.file.fields["year"], "2022");
    let overview = &imported.file.sections["overview"];
    assert!(
        overview.contains("不断提升政府透明度。\n(一)主动公开方面\n2022年,在上海市人民政府网站"),
        "{overview}"
    );
    // The preamble before 一、总体情况 is kept, with where it could go; the page's 字号 line is page information.
    let whys: Vec<&str> = imported
        .review
        .unplaced
        .iter()
        .map(|u| u.why.as_str())
        .collect();
    assert_eq!(whys.len(), 2, "{:#?}", imported.review.unplaced);
    assert!(whys[1].contains("一、总体情况"), "{whys:?}");
    assert!(imported.review.unplaced[1]
        .text
        .starts_with("本年度报告根据"));
}

#[test]
fn an_import_crosses_to_the_app_as_json_and_back_unchanged() {
    // The import worker sends what it read to the app's thread as JSON.
    let imported = read_file(
        "post_1871569.html",
        &fixture("zhanjiang-dfz-2023-portal.html"),
    )
    .unwrap();
    let json = serde_json::to_string(&imported).unwrap();
    let back: Imported = serde_json::from_str(&json).unwrap();
    assert_eq!(back.file, imported.file);
    assert_eq!(back.review, imported.review);
    assert!(
        json.contains("\"kind\":\"html\""),
        "{}",
        &json[..200.min(json.len())]
    );
}

#[test]
fn one_table_holding_the_four_article_20_tables_with_spans() {
    // Portals often print the four 第二十条 tables as one table of four columns: the two-column ones span.
    let html = "<h1>某局2023年政府信息公开工作年度报告</h1><p>二、主动公开政府信息情况</p><table>
        <tr><td colspan=4>第二十条第（一）项</td></tr>
        <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
        <tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
        <tr><td>行政规范性文件</td><td>3</td><td>1</td><td>12</td></tr>
        <tr><td colspan=4>第二十条第（五）项</td></tr>
        <tr><td>信息内容</td><td colspan=3>本年处理决定数量</td></tr>
        <tr><td>行政许可</td><td colspan=3>27</td></tr>
        <tr><td colspan=4>第二十条第（六）项</td></tr>
        <tr><td>信息内容</td><td colspan=3>本年处理决定数量</td></tr>
        <tr><td>行政处罚</td><td colspan=3>5</td></tr>
        <tr><td>行政强制</td><td colspan=3>0</td></tr>
        <tr><td colspan=4>第二十条第（八）项</td></tr>
        <tr><td>信息内容</td><td colspan=3>本年收费金额（单位：万元）</td></tr>
        <tr><td>行政事业性收费</td><td colspan=3>0.12</td></tr></table>";
    let imported = read_file("a.html", html.as_bytes()).unwrap();
    assert_eq!(row(&imported, "art20_1", "normative"), ["3", "1", "12"]);
    assert_eq!(row(&imported, "art20_5", "licensing"), ["27"]);
    assert_eq!(row(&imported, "art20_6", "penalty"), ["5"]);
    assert_eq!(row(&imported, "art20_6", "coercion"), ["0"]);
    assert_eq!(row(&imported, "art20_8", "fees"), ["0.12"]);
    assert!(
        imported.review.unplaced.is_empty(),
        "{:#?}",
        imported.review.unplaced
    );
    assert!(
        imported.review.unsure.is_empty(),
        "{:#?}",
        imported.review.unsure
    );
}
