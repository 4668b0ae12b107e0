//! The HTML export, read back: self-contained, semantic, every section and value in order, and nothing typed into
//! the report becomes markup (script tags, event attributes, javascript: URLs, closing-tag tricks).

use nianbao::export::document::Block;
use nianbao::export::{build, file_name, html};
use nianbao::model::{Report, Template};
use nianbao::templates;
use std::path::Path;

fn example(name: &str) -> (&'static Template, Report) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/reports")
        .join(name);
    templates::read_report(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn save(name: &str, text: &str) {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-output");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(name), text).unwrap();
}

/// Every tag in the output: (name, attribute names). A `<` that starts no tag fails the test.
fn tags(html: &str) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let end = rest.find('>').expect("every tag closes");
        let inside = &rest[..end];
        rest = &rest[end + 1..];
        if inside.starts_with('!') {
            assert_eq!(inside, "!DOCTYPE html");
            continue;
        }
        let inside = inside.trim_start_matches('/');
        let mut parts = inside.splitn(2, ' ');
        let name = parts.next().unwrap().to_ascii_lowercase();
        let mut attributes = Vec::new();
        let mut attrs = parts.next().unwrap_or("");
        while let Some(eq) = attrs.find("=\"") {
            attributes.push(attrs[..eq].trim().to_ascii_lowercase());
            let after = &attrs[eq + 2..];
            let close = after.find('"').expect("quoted attribute");
            attrs = &after[close + 1..];
        }
        found.push((name, attributes));
    }
    found
}

const TAGS: &[&str] = &[
    "html", "head", "meta", "title", "style", "body", "article", "h1", "h2", "h3", "h4", "h5",
    "h6", "p", "div", "table", "caption", "thead", "tbody", "tr", "th", "td", "span", "br",
];
const ATTRIBUTES: &[&str] = &[
    "lang",
    "charset",
    "name",
    "content",
    "http-equiv",
    "class",
    "style",
    "scope",
    "colspan",
    "rowspan",
];

fn assert_only_known_markup(html: &str) {
    for (name, attributes) in tags(html) {
        assert!(TAGS.contains(&name.as_str()), "unexpected tag <{name}>");
        for attribute in attributes {
            assert!(
                ATTRIBUTES.contains(&attribute.as_str()),
                "unexpected attribute {attribute} on <{name}>"
            );
        }
    }
}

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=\"alert(2)\">",
    "\"><svg onload=alert(3)>",
    "' onmouseover='alert(4)' x='",
    "javascript:alert(5)",
    "<a href=\"javascript:alert(6)\">点击</a>",
    "</title><script>alert(7)</script>",
    "</style><script>alert(8)</script>",
    "</td></tr></table><iframe srcdoc=\"<script>alert(9)</script>\"></iframe>",
    "<!--<script>alert(10)</script>-->",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(11)\">",
    "&lt;script&gt; already escaped &amp; <b>bold</b>",
];

/// A report with a payload in every field, every section and every cell of a template.
fn poisoned(template: &Template) -> Report {
    let mut report = Report::new(template);
    let mut payloads = PAYLOADS.iter().cycle();
    for (field, _) in template.indexed_fields() {
        report.set_field(field, payloads.next().unwrap());
    }
    for (section, _) in template.indexed_sections() {
        let text = format!("{}\n{}", payloads.next().unwrap(), payloads.next().unwrap());
        report.set_section(section, &text);
    }
    for cell in template.cell_indices() {
        report.set_cell(template, cell, payloads.next().unwrap());
    }
    report
}

#[test]
fn nothing_typed_into_a_report_becomes_markup() {
    for template in templates::all() {
        let report = poisoned(template);
        let document = build(template, &report);
        for (name, html) in [
            ("document", html::document(&document)),
            ("fragment", html::fragment(&document)),
        ] {
            assert_only_known_markup(&html);
            for payload in PAYLOADS {
                assert!(
                    html.contains(&html::escape(payload)),
                    "{name}: {payload} is shown, escaped"
                );
            }
            assert!(!html.to_ascii_lowercase().contains("<script"), "{name}");
            save(&format!("xss-{}-{name}.html", template.id), &html);
        }
        // The file names are made of the unit, too.
        let name = file_name(template, &report, "html");
        assert!(
            !name.contains(['<', '>', '"', '/', '\\', ':', '*', '?', '|']),
            "{name}"
        );
    }
}

#[test]
fn the_file_is_self_contained_and_forbids_scripts() {
    let (template, report) = example("yiyuan-2011.json");
    let html = html::document(&build(template, &report));
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    assert!(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"));
    assert!(html.contains("<title>沂源县政府办公室2011年政府信息公开工作年度报告</title>"));
    assert!(html.contains("@page { size: A4; margin: 37mm 26mm 35mm 28mm; }"));
    for outside in [
        "<script",
        "<link",
        " src=",
        "url(",
        "@import",
        "http://fonts",
    ] {
        assert!(!html.contains(outside), "{outside}");
    }
    save("yiyuan-2011.html", &html);
}

#[test]
fn headings_tables_and_values_are_semantic_and_in_order() {
    let (template, report) = example("national-2025-example.json");
    let document = build(template, &report);
    let html = html::document(&document);
    save("national-2025-example.html", &html);
    assert!(html
        .contains("<h1 class=\"title\">示例区人民政府办公室2025年政府信息公开工作年度报告</h1>"));
    assert!(html.contains("<h2>一、总体情况</h2>"));
    assert!(html.contains("<h2>三、收到和处理政府信息公开申请情况</h2>"));
    assert!(html.contains(
        "<caption class=\"visually-hidden\">三、收到和处理政府信息公开申请情况</caption>"
    ));
    assert!(html.contains("<caption>第二十条第（一）项</caption>"));
    assert!(html.contains("<th scope=\"colgroup\" colspan=\"7\">申请人情况</th>"));
    assert!(html.contains("<th scope=\"colgroup\" colspan=\"5\">法人或其他组织</th>"));
    assert!(html.contains("<th scope=\"col\" rowspan=\"2\">自然人</th>"));
    assert!(html.contains("<th scope=\"row\" class=\"depth-2\">1.属于国家秘密</th>"));
    assert!(html.contains("<th scope=\"row\" class=\"depth-1\">（三）不予公开</th><td colspan=\"7\" class=\"label-only\"></td>"));
    // Guidance is for the writer only.
    assert!(!html.contains("少写空话"));

    // Every paragraph, and every value of every row, in document order.
    let mut at = 0;
    for block in &document.blocks {
        let pieces: Vec<String> = match block {
            Block::Paragraph(text) | Block::Heading { text, .. } => vec![html::escape(text)],
            Block::Table(table) => table
                .rows
                .iter()
                .flat_map(|row| {
                    std::iter::once(format!(">{}</th>", html::escape(&row.full_label()))).chain(
                        row.cells
                            .iter()
                            .flatten()
                            .map(|v| format!(">{}</td>", html::escape(v))),
                    )
                })
                .collect(),
            _ => Vec::new(),
        };
        for piece in pieces {
            let found = html[at..]
                .find(&piece)
                .unwrap_or_else(|| panic!("{piece} not found in order"));
            at += found + piece.len();
        }
    }
}

#[test]
fn the_legacy_form_keeps_its_fields_and_signature() {
    let (template, report) = example("yiyuan-2011.json");
    let html = html::document(&build(template, &report));
    assert!(html.contains("<p class=\"signature\">沂源县政府办公室<br>二○一二年二月五日</p>"));
    assert!(html.contains("<span class=\"field\">填表人：张文强</span>"));
    assert!(html.contains("<th scope=\"row\" class=\"depth-1\">其中：1.机构领导、设置及人事类信息</th><td class=\"unit\">条</td><td class=\"value\">9</td>"));
}

/// The notes of contact details the exporter adds: paragraphs in full-width parentheses naming a contact field.
fn contact_notes(blocks: &[Block]) -> Vec<(usize, &str)> {
    blocks
        .iter()
        .enumerate()
        .filter_map(|(i, block)| match block {
            Block::Paragraph(text) if text.starts_with('（') && text.contains("联系电话：") => {
                Some((i, text.as_str()))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn contact_details_already_in_the_narrative_are_not_printed_twice() {
    let (template, report) = example("yiyuan-2011.json");
    // The seed's preamble gives its website, address, postcode, phone and email itself.
    assert_eq!(contact_notes(&build(template, &report).blocks), vec![]);
}

#[test]
fn contact_details_only_in_the_header_follow_the_signature_as_a_note() {
    let (template, mut report) = example("yiyuan-2011.json");
    report.set_field(template.field_index("phone").unwrap(), "0533-3222000");
    let document = build(template, &report);
    let signature = document
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Signature { .. }))
        .unwrap();
    assert_eq!(
        contact_notes(&document.blocks),
        vec![(signature + 1, "（联系电话：0533-3222000）")]
    );
    let html = html::document(&document);
    assert!(html.contains("<p>（联系电话：0533-3222000）</p>"), "{html}");

    let (template, report) = example("national-2025-example.json");
    let document = build(template, &report);
    assert_eq!(
        contact_notes(&document.blocks),
        vec![(
            document.blocks.len() - 1,
            "（门户网站：http://www.example.gov.cn；联系地址：示例区政务服务中心三楼；邮政编码：100000；\
             联系电话：010-12345678；电子邮箱：xxgk@example.gov.cn）"
        )],
        "without a signature, the note ends the document"
    );
}
