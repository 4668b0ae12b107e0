//! The review of an import as the app shows it: the panel's content as HTML (every text escaped), made where the
//! import is read (the import worker), so that the app's first load carries none of it, and a one-line summary.
//!
//! A cell to check is a link `<a href="#" data-cell="ID">` with the cell's id: the app turns the id into the DOM id
//! of the cell's input (`ui::dom_id`, the one place those are made) when the link is followed.

use super::{Imported, Review};
use crate::check::label;
use crate::export::html::escape;
use crate::model::Template;
use crate::templates;
use std::fmt::Write;

/// The format recognised, with the kind of input: 全国统一格式（2021）（Word 文档（.docx））.
fn format_read(review: &Review) -> String {
    match review.kind {
        Some(kind) => format!("{}（{}）", review.format_name, kind.name()),
        None => review.format_name.clone(),
    }
}

/// One line for the draft started from an imported report: what was read of it.
pub fn review_summary(review: &Review) -> String {
    format!(
        "识别为{}，读取数字 {} 个；未找到 {} 处，不确定 {} 处，印为“/”或“—” {} 处，未能放入报告的原文 {} 段",
        format_read(review),
        review.figures_read,
        review.missing.len(),
        review.unsure.len(),
        review.dashes.len(),
        review.unplaced.len()
    )
}

/// The review panel's content for an import of `source` (a file's name, or 粘贴的内容).
pub fn review_html(imported: &Imported, source: &str) -> String {
    let template = templates::by_id(&imported.file.template.id);
    let review = &imported.review;
    let mut html = String::new();
    let _ = write!(
        html,
        "<p class=\"import-facts\">文件：<strong>{}</strong> · 识别为：<strong>{}</strong> · 读取数字 <strong>{}</strong> 个</p>\
         <p class=\"hint\">这是一份新草稿，原有草稿没有改动。请对照原文核对下列各项；数字的检查结果见“检查结果”。</p>",
        escape(source),
        escape(&format_read(review)),
        review.figures_read
    );
    let clean = review.missing.is_empty()
        && review.unsure.is_empty()
        && review.dashes.is_empty()
        && review.unplaced.is_empty();
    if clean {
        html.push_str(
            "<p class=\"all-clear\">✓ 表格中的每个单元格都已找到，没有未能放入报告的原文。</p>",
        );
    }
    let cells = |ids: &mut dyn Iterator<Item = (&String, String)>| -> Vec<String> {
        ids.map(|(id, note)| cell_link(template, id, &note))
            .collect()
    };
    group(
        &mut html,
        "未找到的单元格",
        "原文中没有找到这些单元格，已留空。",
        cells(&mut review.missing.iter().map(|id| (id, String::new()))),
    );
    group(
        &mut html,
        "不确定的单元格",
        "原文的行名或列名与格式不完全一致，请核对数字是否放对了位置。",
        cells(
            &mut review
                .unsure
                .iter()
                .map(|(id, printed)| (id, format!("：原文为“{printed}”"))),
        ),
    );
    group(
        &mut html,
        "原文为“/”或“—”的单元格",
        "原文印为“/”或“—”，已按空白处理（不是 0）。",
        cells(&mut review.dashes.iter().map(|id| (id, String::new()))),
    );
    group(
        &mut html,
        "未能放入报告的原文",
        "这些内容没有放入报告，原文保留在这里，可以复制后填入合适的位置。",
        review
            .unplaced
            .iter()
            .map(|u| {
                format!(
                    "<li><blockquote class=\"import-source\">{}</blockquote><span class=\"hint\">{}</span></li>",
                    escape(&u.text),
                    escape(&u.why)
                )
            })
            .collect(),
    );
    html
}

/// A list under its title, open when short; nothing when empty.
fn group(html: &mut String, title: &str, hint: &str, items: Vec<String>) {
    if items.is_empty() {
        return;
    }
    let open = if items.len() <= 30 { " open" } else { "" };
    let _ = write!(
        html,
        "<details class=\"import-group\"{open}><summary>{title}（{}）</summary><p class=\"hint\">{hint}</p><ul>{}</ul></details>",
        items.len(),
        items.concat()
    );
}

/// A cell to check: a link to it, named as the findings name it, under its table's title. An id the template does
/// not know is shown as printed, without a link.
fn cell_link(template: Option<&Template>, id: &str, note: &str) -> String {
    match template.and_then(|t| Some((t, t.index_of(id)?))) {
        Some((template, cell)) => format!(
            "<li><a href=\"#\" data-cell=\"{}\">{}：{}{}</a></li>",
            escape(id),
            escape(&template.table(template.cell(cell).table).title),
            escape(&label(template, cell)),
            escape(note)
        ),
        None => format!("<li>{}{}</li>", escape(id), escape(note)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{InputKind, Unplaced};
    use crate::model::Report;

    fn imported(review: Review) -> Imported {
        let template = templates::national();
        Imported {
            file: Report::new(template).to_file(template),
            review,
        }
    }

    fn review() -> Review {
        Review {
            kind: Some(InputKind::Docx),
            format_name: "全国统一格式（2021）".to_owned(),
            figures_read: 97,
            dashes: vec!["art20_1.rules.issued".to_owned()],
            missing: vec!["applications.carried_in.total".to_owned()],
            unsure: vec![(
                "applications.other_1.natural".to_owned(),
                "逾期不补正".to_owned(),
            )],
            unplaced: vec![Unplaced {
                text: "合计 | 12 | <script>alert(1)</script>".to_owned(),
                why: "表格中没有这一行".to_owned(),
            }],
        }
    }

    #[test]
    fn the_panel_says_what_was_read_and_links_each_cell_to_check() {
        let html = review_html(&imported(review()), "年报.docx");
        assert!(html.contains("文件：<strong>年报.docx</strong>"), "{html}");
        assert!(
            html.contains("识别为：<strong>全国统一格式（2021）（Word 文档（.docx））</strong>")
        );
        assert!(html.contains("读取数字 <strong>97</strong> 个"));
        assert!(html.contains(
            "<a href=\"#\" data-cell=\"applications.carried_in.total\">三、收到和处理政府信息公开申请情况：二、上年结转政府信息公开申请数量（总计）</a>"
        ), "{html}");
        assert!(html.contains("：原文为“逾期不补正”</a>"));
        assert!(html.contains("<summary>原文为“/”或“—”的单元格（1）</summary>"));
        assert!(!html.contains("✓"));
    }

    #[test]
    fn text_from_the_input_is_escaped() {
        let mut hostile = review();
        hostile.format_name = "<b>".to_owned();
        let html = review_html(&imported(hostile), "<img src=x onerror=alert(1)>.html");
        assert!(html.contains("合计 | 12 | &lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;.html"));
        assert!(html.contains("&lt;b&gt;"));
        assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<b>"));
    }

    #[test]
    fn an_unknown_cell_is_listed_without_a_link() {
        let mut odd = review();
        odd.missing = vec!["no.such.cell".to_owned()];
        let html = review_html(&imported(odd), "x.html");
        assert!(html.contains("<li>no.such.cell</li>"), "{html}");
    }

    #[test]
    fn a_clean_import_says_so_and_lists_nothing() {
        let clean = Review {
            kind: None,
            format_name: "全国统一格式（2021）".to_owned(),
            figures_read: 120,
            ..Review::default()
        };
        let html = review_html(&imported(clean.clone()), "粘贴的内容");
        assert!(html.contains("✓"));
        assert!(!html.contains("<details"));
        assert_eq!(
            review_summary(&clean),
            "识别为全国统一格式（2021），读取数字 120 个；未找到 0 处，不确定 0 处，印为“/”或“—” 0 处，未能放入报告的原文 0 段"
        );
    }

    #[test]
    fn long_lists_start_closed() {
        let mut long = review();
        long.missing = (0..31)
            .map(|_| "applications.new.total".to_owned())
            .collect();
        let html = review_html(&imported(long), "x.pdf");
        assert!(html.contains("<details class=\"import-group\"><summary>未找到的单元格（31）"));
        assert!(html.contains("<details class=\"import-group\" open><summary>不确定的单元格（1）"));
    }
}
