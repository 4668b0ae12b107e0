//! The review as one standalone, printable HTML page for the supervising office's filing: the tally, a row per
//! file, then every report's findings. Same conventions as the report's HTML export (`export::html`): no script, a
//! Content-Security-Policy that forbids any, every string escaped by its `escape`.

use super::{Difference, Review, Row, Sum};
use crate::export::html::escape;
use crate::model::Template;
use std::fmt::Write;

const STYLE: &str = r#"html { color: #000; background: #fff; }
body { margin: 1.5em; font-family: "FangSong", "仿宋", "Noto Serif CJK SC", "SimSun", "宋体", serif; font-size: 12pt; line-height: 1.5; }
h1 { font-family: "方正小标宋简体", "华文中宋", "Noto Serif CJK SC", "SimSun", serif; font-size: 20pt; text-align: center; font-weight: bold; }
h2 { font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; font-size: 14pt; font-weight: normal; margin: 1.2em 0 0.4em; }
h3 { font-family: "楷体", "KaiTi", "LXGW WenKai", serif; font-size: 12pt; font-weight: normal; margin: 0.8em 0 0.2em; }
table { border-collapse: collapse; width: 100%; font-size: 10.5pt; }
th, td { border: 1px solid #000; padding: 0.15em 0.35em; vertical-align: top; }
thead th { font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; font-weight: normal; }
td.n { text-align: right; }
td.d { white-space: nowrap; }
tr.apart td { color: #555; }
.error { color: #a00; }
ul { margin: 0.2em 0 0.6em; }
@page { size: A4 landscape; margin: 15mm; }
@media print { body { margin: 0; } thead { display: table-header-group; } }
"#;

/// The review page. `sum` and `differences` are added when they were made.
pub fn page(review: &Review, sum: Option<&Sum>, differences: Option<&[Difference]>) -> String {
    let mut out = String::with_capacity(4096 + review.rows.len() * 600);
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    out.push_str(
        "<meta name=\"generator\" content=\"nianbao\">\n<title>年度报告汇总审核</title>\n<style>\n",
    );
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<h1>政府信息公开工作年度报告汇总审核</h1>\n");
    let tally = review.tally();
    if let Some((template, year)) = review.majority {
        let _ = writeln!(
            out,
            "<p>格式：{}；年度：{}</p>",
            escape(&template.name),
            year.map_or("未填写".to_owned(), |y| format!("{y} 年"))
        );
    }
    let _ = writeln!(
        out,
        "<p>共 {} 个文件：计入 {} 份，重复 {} 份（只计一次），年度或格式不同另列 {} 份，无法读取 {} 个；有错误的 {} 份，逾期发布的 {} 份。</p>",
        tally.files, tally.counted, tally.duplicates, tally.other_group, tally.unreadable, tally.with_errors, tally.late
    );
    out.push_str("<h2>一、报告一览</h2>\n<table>\n<thead><tr><th scope=\"col\">序号</th><th scope=\"col\">文件</th><th scope=\"col\">单位</th><th scope=\"col\">年度</th><th scope=\"col\">格式</th><th scope=\"col\">错误</th><th scope=\"col\">警告</th><th scope=\"col\">提示</th><th scope=\"col\">发布日期</th><th scope=\"col\">截止日期</th><th scope=\"col\">未填写的部分</th><th scope=\"col\">读取</th><th scope=\"col\">说明</th></tr></thead>\n<tbody>\n");
    for (i, row) in review.rows.iter().enumerate() {
        table_row(review, i + 1, row, &mut out);
    }
    out.push_str("</tbody>\n</table>\n");
    out.push_str("<h2>二、各报告的检查结果</h2>\n");
    for (i, row) in review.rows.iter().enumerate() {
        let Ok(read) = &row.read else { continue };
        if read.findings.is_empty()
            || row
                .set_apart
                .as_ref()
                .is_some_and(|a| !matches!(a, super::Apart::OtherGroup { .. }))
        {
            continue;
        }
        let _ = writeln!(
            out,
            "<h3>{}. {}（{}）</h3>\n<ul>",
            i + 1,
            escape(display_unit(&read.unit)),
            escape(&row.name)
        );
        for (severity, message) in &read.findings {
            let class = if *severity == crate::model::Severity::Error {
                " class=\"error\""
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "<li{class}>{}：{}</li>",
                severity.word(),
                escape(message)
            );
        }
        out.push_str("</ul>\n");
    }
    if let Some(sum) = sum {
        sum_part(sum, &mut out);
    }
    if let (Some(differences), Some(sum)) = (differences, sum) {
        differences_part(sum.template, differences, &mut out);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn display_unit(unit: &str) -> &str {
    if unit.is_empty() {
        "（未填写单位）"
    } else {
        unit
    }
}

fn table_row(review: &Review, number: usize, row: &Row, out: &mut String) {
    let class = if row.set_apart.is_some() {
        " class=\"apart\""
    } else {
        ""
    };
    let _ = write!(
        out,
        "<tr{class}><td class=\"n\">{number}</td><td>{}</td>",
        escape(&row.name)
    );
    match &row.read {
        Err(reason) => {
            let _ = writeln!(
                out,
                "<td colspan=\"10\"></td><td class=\"error\">无法读取：{}</td></tr>",
                escape(reason)
            );
        }
        Ok(read) => {
            let published = read.published_shown();
            let late = read.days_late().map_or(String::new(), |days| {
                format!("<br><span class=\"error\">逾期 {days} 天</span>")
            });
            let deadline = read.deadline.map_or("—".to_owned(), |d| {
                format!("{d}<br>（{}）", escape(&read.unit_kind))
            });
            let completeness = match read.complete {
                None => "—".to_owned(),
                Some(true) => "完整".to_owned(),
                Some(false) => format!("不完整：{}", read.incomplete.join("；")),
            };
            let _ = writeln!(
                out,
                "<td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"d\">{}{}</td><td class=\"d\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(display_unit(&read.unit)),
                read.year.map_or("—".to_owned(), |y| y.to_string()),
                escape(&read.template.name),
                read.counts.errors,
                read.counts.warnings,
                read.counts.notes,
                escape(&published),
                late,
                deadline,
                escape(&read.missing_sections.join("、")),
                escape(&completeness),
                escape(&review.apart_reason(row).unwrap_or_default()),
            );
        }
    }
}

fn sum_part(sum: &Sum, out: &mut String) {
    let _ = writeln!(
        out,
        "<h2>三、汇总</h2>\n<p>汇总了 {} 个单位的报告：{}。</p>",
        sum.units.len(),
        escape(&sum.units.join("、"))
    );
    if !sum.partly_blank.is_empty() {
        out.push_str("<p>下列数据有单位未填写，仅对填写的单位求和：</p>\n<ul>\n");
        for &(cell, blank) in &sum.partly_blank {
            let _ = writeln!(
                out,
                "<li>{}（{} 个单位未填写）</li>",
                escape(&sum.template.cell_label(cell)),
                blank
            );
        }
        out.push_str("</ul>\n");
    }
}

fn differences_part(_template: &Template, differences: &[Difference], out: &mut String) {
    let _ = writeln!(
        out,
        "<h2>四、本级报告与各单位之和的比较</h2>\n<p>共 {} 处不同（均为警告：本级报告的统计口径可能不同）。</p>\n<ul>",
        differences.len()
    );
    for d in differences {
        let _ = writeln!(out, "<li>警告：{}</li>", escape(&d.message));
    }
    out.push_str("</ul>\n");
}
