//! The app's 汇总审核 screen as HTML, made in the import worker so that the app's first load carries none of it: the
//! table of a review set (sorted and filtered as asked: only those with errors, only late ones), the reports of
//! another year or format in a table of their own, and one report opened with its findings. Every string from a
//! file is escaped (`export::html::escape`); rows and column heads carry `data-row` / `data-sort` for the app's
//! clicks, and nothing else.

use super::{Apart, Review, Row};
use crate::export::html::escape;
use crate::model::{Report, Template};
use std::cmp::Ordering;
use std::fmt::Write;

/// What the table is sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    /// The order the files were added in.
    #[default]
    Added,
    Unit,
    Year,
    Errors,
    Warnings,
    Published,
    Late,
}

impl SortKey {
    const ALL: [(SortKey, &'static str); 7] = [
        (SortKey::Added, "added"),
        (SortKey::Unit, "unit"),
        (SortKey::Year, "year"),
        (SortKey::Errors, "errors"),
        (SortKey::Warnings, "warnings"),
        (SortKey::Published, "published"),
        (SortKey::Late, "late"),
    ];

    pub fn key(self) -> &'static str {
        SortKey::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("added", |(_, name)| name)
    }

    /// The key named by a column head's `data-sort` (the order of adding for an unknown name).
    pub fn from_key(name: &str) -> SortKey {
        SortKey::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map_or(SortKey::Added, |(k, _)| *k)
    }
}

/// How the table is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct View {
    pub sort: SortKey,
    pub descending: bool,
    pub only_errors: bool,
    pub only_late: bool,
}

fn unit_of(row: &Row) -> &str {
    match &row.read {
        Ok(read) if !read.unit.is_empty() => &read.unit,
        Ok(_) => "（未填写单位）",
        Err(_) => "",
    }
}

fn order(a: &Row, b: &Row, key: SortKey) -> Ordering {
    let (ra, rb) = (a.read.as_ref().ok(), b.read.as_ref().ok());
    match key {
        SortKey::Added => Ordering::Equal,
        SortKey::Unit => unit_of(a).cmp(unit_of(b)),
        SortKey::Year => ra.and_then(|r| r.year).cmp(&rb.and_then(|r| r.year)),
        SortKey::Errors => ra
            .map(|r| r.counts.errors)
            .cmp(&rb.map(|r| r.counts.errors)),
        SortKey::Warnings => ra
            .map(|r| r.counts.warnings)
            .cmp(&rb.map(|r| r.counts.warnings)),
        SortKey::Published => ra
            .and_then(|r| r.published)
            .cmp(&rb.and_then(|r| r.published)),
        SortKey::Late => ra
            .and_then(|r| r.days_late())
            .cmp(&rb.and_then(|r| r.days_late())),
    }
}

/// The rows shown, by their index in the review, in the order asked.
pub fn shown(review: &Review, view: &View) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..review.rows.len())
        .filter(|&i| {
            let read = review.rows[i].read.as_ref().ok();
            (!view.only_errors || read.is_some_and(|r| r.counts.errors > 0))
                && (!view.only_late || read.is_some_and(|r| r.days_late().is_some()))
        })
        .collect();
    // Stable: equal rows stay in the order they were added.
    // Unreadable files last whichever way a column sorts (they have no unit, year or counts), but in the order of
    // adding.
    crate::model::order::sort_stable_by(&mut rows, |&a, &b| {
        let (ra, rb) = (&review.rows[a], &review.rows[b]);
        let unreadable = |r: &Row| view.sort != SortKey::Added && r.read.is_err();
        let by = order(ra, rb, view.sort);
        let by = if view.descending { by.reverse() } else { by };
        unreadable(ra).cmp(&unreadable(rb)).then(by)
    });
    rows
}

/// The tally, the table of the rows counted, duplicated or unreadable, then the table of those of another year or
/// format, each with `data-row` on the button that opens it.
pub fn table(review: &Review, view: &View) -> String {
    let tally = review.tally();
    let mut out = String::with_capacity(2048 + review.rows.len() * 700);
    let group = review.majority.map_or(String::new(), |(template, year)| {
        format!(
            "（{}，{}）",
            template.name,
            year.map_or("未填写年度".to_owned(), |y| format!("{y} 年"))
        )
    });
    let _ = write!(
        out,
        "<p class=\"review-tally\" data-files=\"{}\" data-counted=\"{}\" data-duplicates=\"{}\" data-apart=\"{}\" data-unreadable=\"{}\">共 {} 个文件：计入 {} 份{}，重复 {} 份（只计一次），年度或格式不同另列 {} 份，无法读取 {} 个；有错误的 {} 份，逾期发布的 {} 份。</p>",
        tally.files, tally.counted, tally.duplicates, tally.other_group, tally.unreadable,
        tally.files, tally.counted, escape(&group), tally.duplicates, tally.other_group, tally.unreadable,
        tally.with_errors, tally.late
    );
    let rows = shown(review, view);
    let (apart, main): (Vec<usize>, Vec<usize>) = rows
        .into_iter()
        .partition(|&i| matches!(review.rows[i].set_apart, Some(Apart::OtherGroup { .. })));
    if main.is_empty() && apart.is_empty() {
        out.push_str("<p class=\"review-empty\">没有符合筛选条件的报告。</p>");
        return out;
    }
    if !main.is_empty() {
        head(view, "review-table", "报告一览", &mut out);
        for &i in &main {
            row_html(review, i, &mut out);
        }
        out.push_str("</tbody></table></div>");
    }
    if !apart.is_empty() {
        let _ = write!(
            out,
            "<h3 class=\"review-apart-title\">年度或格式与多数报告不同的报告（{} 份，另列，未计入汇总）</h3>",
            apart.len()
        );
        head(view, "review-table apart", "另列的报告", &mut out);
        for &i in &apart {
            row_html(review, i, &mut out);
        }
        out.push_str("</tbody></table></div>");
    }
    out
}

fn head(view: &View, class: &str, label: &str, out: &mut String) {
    let _ = write!(
        out,
        "<div class=\"review-scroll\"><table class=\"{class}\" aria-label=\"{label}\"><thead><tr>"
    );
    let columns: [(&str, Option<SortKey>); 12] = [
        ("序号", Some(SortKey::Added)),
        ("文件", None),
        ("单位", Some(SortKey::Unit)),
        ("年度", Some(SortKey::Year)),
        ("格式", None),
        ("错误", Some(SortKey::Errors)),
        ("警告", Some(SortKey::Warnings)),
        ("提示", None),
        ("发布日期", Some(SortKey::Published)),
        ("法定期限", Some(SortKey::Late)),
        ("未填写的部分", None),
        ("读取 / 说明", None),
    ];
    for (title, key) in columns {
        match key {
            Some(key) => {
                let sorted = (view.sort == key).then_some(if view.descending {
                    "descending"
                } else {
                    "ascending"
                });
                let arrow = match sorted {
                    Some("descending") => " ▼",
                    Some(_) => " ▲",
                    None => "",
                };
                let _ = write!(
                    out,
                    "<th scope=\"col\" aria-sort=\"{}\"><button type=\"button\" class=\"sort\" data-sort=\"{}\" title=\"按{title}排序\">{title}{arrow}</button></th>",
                    sorted.unwrap_or("none"),
                    key.key()
                );
            }
            None => {
                let _ = write!(out, "<th scope=\"col\">{title}</th>");
            }
        }
    }
    out.push_str("</tr></thead><tbody>");
}

fn row_html(review: &Review, i: usize, out: &mut String) {
    let row = &review.rows[i];
    let mut classes = vec!["review-row"];
    let duplicate = matches!(
        row.set_apart,
        Some(Apart::SameFile { .. } | Apart::SameUnitYear { .. } | Apart::SameFigures { .. })
    );
    if duplicate {
        classes.push("duplicate");
    }
    match &row.read {
        Err(_) => classes.push("unreadable"),
        Ok(read) => {
            if read.counts.errors > 0 {
                classes.push("has-errors");
            }
            if read.days_late().is_some() {
                classes.push("late");
            }
        }
    }
    let _ = write!(
        out,
        "<tr class=\"{}\" data-row=\"{i}\"><td class=\"n\">{}</td><td><button type=\"button\" class=\"link open-row\" data-row=\"{i}\">{}</button></td>",
        classes.join(" "),
        i + 1,
        escape(&row.name)
    );
    match &row.read {
        Err(reason) => {
            let _ = write!(
                out,
                "<td colspan=\"9\"></td><td class=\"reason error\">无法读取：{}</td></tr>",
                escape(reason)
            );
        }
        Ok(read) => {
            let published = read.published_shown();
            let late = read.days_late().map_or(String::new(), |days| {
                format!("<br><span class=\"error\">逾期 {days} 天</span>")
            });
            let deadline = read.deadline.map_or("—".to_owned(), |d| d.to_string());
            let complete = match read.complete {
                None => String::new(),
                Some(true) => "完整读取".to_owned(),
                Some(false) => format!("未完整读取：{}", read.incomplete.join("；")),
            };
            let reason = review.apart_reason(row).unwrap_or_default();
            let note = [complete, reason]
                .into_iter()
                .filter(|t| !t.is_empty())
                .map(|t| escape(&t))
                .collect::<Vec<_>>()
                .join("<br>");
            let count = |n: usize, class: &str| {
                if n > 0 {
                    format!("<td class=\"n {class}\">{n}</td>")
                } else {
                    "<td class=\"n\">0</td>".to_owned()
                }
            };
            let _ = write!(
                out,
                "<td class=\"unit\">{}</td><td class=\"n\">{}</td><td class=\"format\" title=\"{}\">{}</td>{}{}{}<td class=\"d\">{}{late}</td><td class=\"d\">{}<br><small>{}</small></td><td>{}</td><td>{note}</td></tr>",
                escape(unit_of(row)),
                read.year.map_or("—".to_owned(), |y| y.to_string()),
                escape(&read.template.name),
                escape(&short_format(&read.template.name)),
                count(read.counts.errors, "error"),
                count(read.counts.warnings, "warning"),
                count(read.counts.notes, "note"),
                escape(&published),
                escape(&deadline),
                escape(&read.unit_kind),
                escape(&read.missing_sections.join("、")),
            );
        }
    }
}

/// A format's name as a table's cell shows it (the full name is the cell's title): the name and the first part of
/// its bracket, `国家格式（2021年修订）` for `国家格式（2021年修订，适用于2021年度及以后的报告）`.
pub fn short_format(name: &str) -> std::borrow::Cow<'_, str> {
    match (name.find('（'), name.find('，')) {
        (Some(open), Some(comma)) if open < comma => format!("{}）", &name[..comma]).into(),
        _ => name.into(),
    }
}

/// One report opened from the table: what was read of it, its findings, and (when it could be opened) the report
/// as it would be published, all read-only.
pub fn opened(review: &Review, i: usize, report: Option<(&Template, &Report)>) -> String {
    let Some(row) = review.rows.get(i) else {
        return "<p>这一行已不在审核中。</p>".to_owned();
    };
    let mut out = String::new();
    let read = match &row.read {
        Err(reason) => {
            let _ = write!(
                out,
                "<h3>{}</h3><p class=\"error\">无法读取：{}</p><p>请检查这个文件：是否是年度报告、是否完整下载；可以改用本软件导出的 JSON 文件，或重新保存为 .docx、.xlsx 后再添加。</p>",
                escape(&row.name),
                escape(reason)
            );
            return out;
        }
        Ok(read) => read,
    };
    let _ = write!(
        out,
        "<h3>{}（{}）</h3><dl class=\"review-facts\">",
        escape(unit_of(row)),
        escape(&row.name)
    );
    let mut fact = |term: &str, value: String| {
        let _ = write!(out, "<dt>{term}</dt><dd>{}</dd>", escape(&value));
    };
    fact("格式", read.template.name.clone());
    fact(
        "年度",
        read.year.map_or("未填写".to_owned(), |y| format!("{y} 年")),
    );
    fact(
        "发布日期",
        match (read.published, read.days_late()) {
            (Some(date), Some(days)) => format!("{date}，逾期 {days} 天"),
            (Some(date), None) => format!("{date}，按时"),
            (None, _) => read.published_shown(),
        },
    );
    if let Some(deadline) = read.deadline {
        fact("法定期限", format!("{deadline}（{}）", read.unit_kind));
    }
    if !read.missing_sections.is_empty() {
        fact("未填写的部分", read.missing_sections.join("、"));
    }
    match read.complete {
        Some(true) => fact("读取", "完整读取".to_owned()),
        Some(false) => fact(
            "读取",
            format!("未完整读取：{}", read.incomplete.join("；")),
        ),
        None => {}
    }
    if let Some(reason) = review.apart_reason(row) {
        fact("说明", reason);
    }
    out.push_str("</dl>");
    let _ = write!(
        out,
        "<h4>检查结果：{} 个错误，{} 个警告，{} 个提示</h4>",
        read.counts.errors, read.counts.warnings, read.counts.notes
    );
    if read.findings.is_empty() {
        out.push_str("<p>未发现问题。</p>");
    } else {
        out.push_str("<ul class=\"review-findings\">");
        for (severity, message) in &read.findings {
            let _ = write!(
                out,
                "<li class=\"diagnostic {}\"><span class=\"badge\">{}：</span>{}</li>",
                severity.key(),
                severity.word(),
                escape(message)
            );
        }
        out.push_str("</ul>");
    }
    if let Some((template, report)) = report {
        let document = crate::export::html::classed(&crate::export::build(template, report));
        let _ = write!(
            out,
            "<h4>报告内容（只读）</h4><div class=\"preview-page review-document\">{document}</div>"
        );
    }
    out
}

/// The differences between the level's own report and the sum, as a list (each a warning).
pub fn differences(differences: &[super::Difference], own_name: &str) -> String {
    let mut out = format!("<h3>与本级报告“{}”对照</h3>", escape(own_name));
    if differences.is_empty() {
        out.push_str("<p>本级报告的每一项数字都与各单位之和相同。</p>");
        return out;
    }
    let _ = write!(
        out,
        "<p>共 {} 处不同（均为警告：本级报告的统计口径可能与各单位不同，请核实）。</p><ul class=\"review-findings\">",
        differences.len()
    );
    for d in differences {
        let _ = write!(
            out,
            "<li class=\"diagnostic {}\"><span class=\"badge\">{}：</span>{}</li>",
            d.severity.key(),
            d.severity.word(),
            escape(&d.message)
        );
    }
    out.push_str("</ul>");
    out
}
