//! The HTML export: one self-contained file (inline CSS, no script, a Content-Security-Policy that forbids any),
//! semantic headings, tables with captions and scoped header cells. Every string from the report or the template
//! is escaped; nothing the writer typed becomes markup, an attribute or a link.

use super::document::{Block, Document, Table};
use std::fmt::Write;

/// The standalone file: reads well on screen, prints on A4 with the official margins.
pub fn document(doc: &Document) -> String {
    let mut out = String::with_capacity(16 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    out.push_str("<meta name=\"generator\" content=\"nianbao\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&doc.title));
    out.push_str("<style>\n");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n");
    body(doc, Mode::Classes, &mut out);
    out.push_str("</body>\n</html>\n");
    out
}

/// The report alone, as one `<article>` with inline styles, for pasting into a portal's editor (which keeps
/// neither a `<style>` element nor classes).
pub fn fragment(doc: &Document) -> String {
    let mut out = String::with_capacity(16 * 1024);
    body(doc, Mode::Inline, &mut out);
    out
}

/// The report alone, with the classes of the standalone file, for the app's own preview (styled by the app's CSS,
/// so that it needs no inline style under a strict Content-Security-Policy).
pub fn classed(doc: &Document) -> String {
    let mut out = String::with_capacity(16 * 1024);
    body(doc, Mode::Classes, &mut out);
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Controls other than tab and newline have no place in a document and some parsers choke on them.
            c if c.is_control() && c != '\t' && c != '\n' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Classes,
    Inline,
}

/// The styling hook of one kind of element: a class in the standalone file, a style attribute in a fragment.
fn hook(mode: Mode, class: &str) -> String {
    match mode {
        Mode::Classes => format!(" class=\"{class}\""),
        Mode::Inline => match inline_style(class) {
            "" => String::new(),
            style => format!(" style=\"{style}\""),
        },
    }
}

fn inline_style(class: &str) -> &'static str {
    match class {
        "report" => "font-size:16pt;line-height:1.8;",
        "title" => "font-size:22pt;font-weight:bold;text-align:center;margin:0 0 1em;",
        "h2" => "font-size:16pt;font-weight:bold;margin:0;text-indent:2em;",
        "h3" => "font-size:16pt;font-weight:bold;margin:0;text-indent:2em;",
        "p" => "margin:0;text-indent:2em;text-align:justify;",
        "table-wrap" => "overflow-x:auto;margin:0.8em 0;",
        "table" => "border-collapse:collapse;width:100%;font-size:12pt;line-height:1.5;",
        "caption" => "font-weight:bold;padding-bottom:0.4em;",
        "caption heading" => "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;",
        "th" => "border:1px solid #000;padding:0.2em 0.4em;text-align:center;font-weight:bold;",
        "label depth-0" => "border:1px solid #000;padding:0.2em 0.4em;text-align:left;font-weight:normal;",
        "label depth-1" => "border:1px solid #000;padding:0.2em 0.4em 0.2em 2em;text-align:left;font-weight:normal;",
        "label depth-2" => "border:1px solid #000;padding:0.2em 0.4em 0.2em 3.5em;text-align:left;font-weight:normal;",
        "unit" | "value" | "label-only" => "border:1px solid #000;padding:0.2em 0.4em;text-align:center;",
        "fields" => "margin:0;",
        "signature" => "margin:1.8em 0 0;text-align:right;padding-right:4em;",
        _ => "",
    }
}

const STYLE: &str = r#"html { color: #000; background: #fff; }
body { margin: 0; font-family: "FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "宋体", serif; }
.report { max-width: 46em; margin: 2.5em auto; padding: 0 1.5em; font-size: 16pt; line-height: 1.8; }
.title { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "Noto Serif CJK SC", "SimSun", serif; font-size: 22pt; font-weight: bold; text-align: center; line-height: 1.5; margin: 0 0 1em; }
h2, h3, h4 { font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em; }
h2 { font-family: "黑体", "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; }
h3 { font-family: "楷体", "KaiTi", "楷体_GB2312", "KaiTi_GB2312", "STKaiti", "LXGW WenKai", serif; }
h4 { font-weight: bold; }
p { margin: 0; text-indent: 2em; text-align: justify; }
.table-wrap { overflow-x: auto; margin: 0.8em 0; }
table { border-collapse: collapse; width: 100%; font-size: 12pt; line-height: 1.5; }
caption { font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; font-size: 14pt; padding-bottom: 0.4em; }
th, td { border: 1px solid #000; padding: 0.2em 0.4em; }
thead th { font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; font-weight: normal; text-align: center; vertical-align: middle; min-width: 2.2em; }
tbody th { font-weight: normal; text-align: left; }
tbody th.depth-1 { padding-left: 2em; }
tbody th.depth-2 { padding-left: 3.5em; }
td { text-align: center; vertical-align: middle; }
.fields { text-indent: 0; }
.fields .field + .field { margin-left: 2em; }
.signature { text-indent: 0; text-align: right; padding-right: 4em; margin-top: 1.8em; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 40em) {
  .report { padding: 0 0.8em; font-size: 14pt; }
  .title { font-size: 18pt; }
  h2, h3, h4 { font-size: 14pt; }
  table { font-size: 11pt; }
}
@media print {
  @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
  .report { max-width: none; margin: 0; padding: 0; }
  .table-wrap { overflow: visible; }
  thead { display: table-header-group; }
  tr, .signature { break-inside: avoid; }
  h2, h3, h4, caption { break-after: avoid; }
}
"#;

fn body(doc: &Document, mode: Mode, out: &mut String) {
    let _ = writeln!(out, "<article{}>", hook(mode, "report"));
    let _ = writeln!(
        out,
        "<h1{}>{}</h1>",
        hook(mode, "title"),
        escape(&doc.title)
    );
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text } => {
                let h = (level + 1).clamp(2, 6);
                let _ = writeln!(
                    out,
                    "<h{h}{}>{}</h{h}>",
                    if mode == Mode::Inline {
                        hook(mode, if h == 2 { "h2" } else { "h3" })
                    } else {
                        String::new()
                    },
                    escape(text)
                );
            }
            Block::Paragraph(text) => {
                let _ = writeln!(
                    out,
                    "<p{}>{}</p>",
                    if mode == Mode::Inline {
                        hook(mode, "p")
                    } else {
                        String::new()
                    },
                    escape(text)
                );
            }
            Block::Table(table) => write_table(table, mode, out),
            Block::Fields(lines) => {
                let _ = write!(out, "<p{}>", hook(mode, "fields"));
                for (n, line) in lines.iter().enumerate() {
                    let gap = if mode == Mode::Inline && n > 0 {
                        "　　"
                    } else {
                        ""
                    };
                    let _ = write!(
                        out,
                        "{gap}<span{}>{}：{}</span>",
                        if mode == Mode::Classes {
                            " class=\"field\""
                        } else {
                            ""
                        },
                        escape(&line.label),
                        escape(&line.value)
                    );
                }
                out.push_str("</p>\n");
            }
            Block::Signature { unit, date } => {
                let _ = write!(out, "<p{}>", hook(mode, "signature"));
                if !unit.is_empty() {
                    let _ = write!(out, "{}<br>", escape(unit));
                }
                let _ = writeln!(out, "{}</p>", escape(date));
            }
        }
    }
    out.push_str("</article>\n");
}

fn write_table(table: &Table, mode: Mode, out: &mut String) {
    let _ = write!(
        out,
        "<div{}>\n<table{}>\n",
        hook(mode, "table-wrap"),
        if mode == Mode::Inline {
            hook(mode, "table")
        } else {
            String::new()
        }
    );
    let caption_hook = if table.caption_is_heading {
        match mode {
            Mode::Classes => " class=\"visually-hidden\"".to_owned(),
            Mode::Inline => hook(mode, "caption heading"),
        }
    } else if mode == Mode::Inline {
        hook(mode, "caption")
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "<caption{caption_hook}>{}</caption>",
        escape(&table.caption)
    );
    out.push_str("<thead>\n");
    for row in &table.header {
        out.push_str("<tr>");
        for cell in row {
            let scope = if cell.group { "colgroup" } else { "col" };
            let _ = write!(out, "<th scope=\"{scope}\"");
            if cell.colspan > 1 {
                let _ = write!(out, " colspan=\"{}\"", cell.colspan);
            }
            if cell.rowspan > 1 {
                let _ = write!(out, " rowspan=\"{}\"", cell.rowspan);
            }
            if mode == Mode::Inline {
                out.push_str(&hook(mode, "th"));
            }
            let _ = write!(out, ">{}</th>", escape(&cell.text));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</thead>\n<tbody>\n");
    let value_columns = table.value_columns();
    for row in &table.rows {
        let depth = format!("depth-{}", row.depth.min(2));
        out.push_str("<tr>");
        let label_hook = match mode {
            Mode::Classes if row.depth > 0 => format!(" class=\"{depth}\""),
            Mode::Classes => String::new(),
            Mode::Inline => hook(mode, &format!("label {depth}")),
        };
        let _ = write!(
            out,
            "<th scope=\"row\"{label_hook}>{}</th>",
            escape(&row.full_label())
        );
        if let Some(unit) = &row.unit {
            let _ = write!(out, "<td{}>{}</td>", hook(mode, "unit"), escape(unit));
        }
        match &row.cells {
            Some(cells) => {
                for cell in cells {
                    let _ = write!(out, "<td{}>{}</td>", hook(mode, "value"), escape(cell));
                }
            }
            None => {
                let _ = write!(
                    out,
                    "<td colspan=\"{value_columns}\"{}></td>",
                    hook(mode, "label-only")
                );
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(escape("a\u{0}b"), "a\u{FFFD}b");
    }
}
