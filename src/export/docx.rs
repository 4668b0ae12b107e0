//! The Word export: a [`Document`] as an editable .docx (WordprocessingML in a zip), set as GB/T 9704-2012 sets an
//! official document, with the page geometry of the PDF ([`super::geometry`]).
//!
//! What an office editing the file expects of it: named paragraph styles rather than direct formatting — 标题
//! (`Title`), 一级标题, 二级标题, 正文 (`Normal`, which Chinese Word and WPS call 正文), and 表格文字, 表头, 表题,
//! 落款 for the rest — real tables whose header rows repeat on every page and whose rows do not split across
//! pages, ruled on every side, with the format's grouped headers as merged cells (`gridSpan`, `vMerge`); A4 with
//! the official margins, a document grid of 22 lines of 28 characters, page numbers "— N —" in 4号 宋体, odd pages
//! on the right and even pages on the left.
//!
//! Fonts are named, not embedded: 方正小标宋简体 (title), 仿宋_GB2312 (body), 黑体 (level-1 headings, table
//! headers), 楷体_GB2312 (level-2 headings), 宋体 (page numbers), the names office PCs in government have. The
//! font table gives each an alternative (`w:altName`) and its GB 2312 character set, so Word and WPS fall back to
//! 仿宋 / 楷体 (the names Windows has had since Vista) or to a face of the same kind when one is missing.
//!
//! The XML is written here by hand (see docs/export.md for why not docx-rs): every string from the report goes
//! through [`text`], which escapes markup and drops what XML 1.0 cannot hold, so nothing the writer typed can
//! become markup or make the file unreadable.

use super::document::{Block, ColumnKind, Document, FieldLine, HeaderCell, Row, Table, TITLE_TAIL};
use super::geometry::{table_type, AREA_W, BODY, CHAR, FOLIO, MM, PITCH, TITLE};
use std::fmt::Write as _;
use std::io::{Cursor, Write as _};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The fonts the document names, and what Word and WPS fall back to.
pub const TITLE_FONT: &str = "方正小标宋简体";
pub const BODY_FONT: &str = "仿宋_GB2312";
pub const HEI_FONT: &str = "黑体";
pub const KAI_FONT: &str = "楷体_GB2312";
pub const SONG_FONT: &str = "宋体";
/// Digits and Latin letters in the body.
pub const LATIN_FONT: &str = "Times New Roman";

/// The font table: each name, its alternative, and its family (roman: serif, modern: fixed-pitch CJK sans).
const FONTS: [(&str, &str, &str); 5] = [
    (TITLE_FONT, "宋体", "roman"),
    (BODY_FONT, "仿宋", "modern"),
    (HEI_FONT, "SimHei", "modern"),
    (KAI_FONT, "楷体", "modern"),
    (SONG_FONT, "SimSun", "roman"),
];

/// A .docx that could not be written (the zip writer failed; only out of memory in practice).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocxError;

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("无法生成 Word 文件")
    }
}

impl std::error::Error for DocxError {}

/// Twentieths of a point, Word's length unit.
fn twips(points: f32) -> i64 {
    (points * 20.0).round() as i64
}

/// Half points, Word's type size unit.
fn half_points(points: f32) -> i64 {
    (points * 2.0).round() as i64
}

/// The tracking of body text, in twips: 3号 characters 0.25 pt closer, so that 28 of them fill a line of the type
/// area (15.79 pt each; the PDF's `TRACKING`, rounded down to what Word can say). A document grid of characters
/// (`linesAndChars`) would say the same to Word and WPS, but LibreOffice spreads the characters with it (about 16 a line).
const TRACKING_TWIPS: i64 = -5;

/// The line pitch in twips, rounded down so that 22 lines fit the type area.
fn pitch_twips() -> i64 {
    (PITCH * 20.0).floor() as i64
}

/// The page's facts in twips.
const PAGE_W: i64 = 11906;
const PAGE_H: i64 = 16838;

/// The document as a .docx file.
pub fn document(doc: &Document) -> Result<Vec<u8>, DocxError> {
    let parts: [(&str, String); 10] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", ROOT_RELS.to_owned()),
        ("docProps/core.xml", core_properties(doc)),
        ("docProps/app.xml", APP_PROPERTIES.to_owned()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_owned()),
        ("word/document.xml", body(doc)),
        ("word/styles.xml", styles()),
        ("word/settings.xml", SETTINGS.to_owned()),
        ("word/fontTable.xml", font_table()),
        ("word/footer1.xml", footer(true)),
    ];
    let even = ("word/footer2.xml", footer(false));
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(32 * 1024)));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, xml) in parts.iter().chain(std::iter::once(&even)) {
        zip.start_file(*name, options).map_err(|_| DocxError)?;
        zip.write_all(xml.as_bytes()).map_err(|_| DocxError)?;
    }
    Ok(zip.finish().map_err(|_| DocxError)?.into_inner())
}

/// Text for XML content or an attribute: markup escaped; characters XML 1.0 cannot hold (controls other than tab,
/// newline and carriage return; U+FFFE, U+FFFF) replaced by U+FFFD, as the HTML export does.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Runs of text: each line of `s` in its own `<w:t>`, lines joined by a line break.
fn runs(s: &str, props: &str) -> String {
    let mut out = String::new();
    for (n, line) in s.split('\n').enumerate() {
        if n > 0 {
            let _ = write!(out, "<w:r>{props}<w:br/></w:r>");
        }
        if !line.is_empty() {
            let _ = write!(
                out,
                "<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                text(line)
            );
        }
    }
    out
}

fn paragraph(style: &str, extra: &str, content: &str) -> String {
    format!("<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>{extra}</w:pPr>{content}</w:p>")
}

/// How wide a text prints in ems: full-width characters one, the rest (digits, Latin letters) half.
fn ems(s: &str) -> f32 {
    s.chars()
        .map(|c| if (c as u32) < 0x2E80 { 0.5 } else { 1.0 })
        .sum()
}

fn body(doc: &Document) -> String {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str(XML_HEAD);
    out.push_str("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>");
    out.push_str(&title(&doc.title));
    for (n, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Heading { level, text } => {
                let style = match level {
                    1 => "Heading1Official",
                    _ => "Heading2Official",
                };
                out.push_str(&paragraph(style, "", &runs(text, "")));
            }
            Block::Paragraph(text) => out.push_str(&paragraph("Normal", "", &runs(text, ""))),
            Block::Fields(lines) => {
                out.push_str(&paragraph("Fields", "", &runs(&fields(lines), "")))
            }
            Block::Signature { unit, date } => out.push_str(&signature(unit, date)),
            Block::Table(table) => {
                write_table(table, &mut out);
                // Word joins two tables that touch, and a body must end with a paragraph.
                if !matches!(doc.blocks.get(n + 1), Some(b) if !matches!(b, Block::Table(_))) {
                    out.push_str(&paragraph("Normal", "", ""));
                }
            }
        }
    }
    let _ = write!(
        out,
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooterOdd\"/><w:footerReference w:type=\"even\" r:id=\"rIdFooterEven\"/>\
<w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\"/>\
<w:pgMar w:top=\"{top}\" w:right=\"{right}\" w:bottom=\"{bottom}\" w:left=\"{left}\" w:header=\"851\" w:footer=\"{footer}\" w:gutter=\"0\"/>\
<w:pgNumType w:fmt=\"decimal\"/><w:cols w:space=\"425\"/>\
<w:docGrid w:type=\"lines\" w:linePitch=\"{pitch}\"/></w:sectPr>",
        top = twips(37.0 * MM),
        right = twips(26.0 * MM),
        bottom = twips(35.0 * MM),
        left = twips(28.0 * MM),
        // The folio's line starts 7 mm under the type area (GB/T 9704-2012, 7.5): the footer's bottom edge sits
        // 35 − 7 mm less one line of 4号 above the page's foot.
        footer = twips(35.0 * MM - 7.0 * MM - FOLIO * 1.3),
        pitch = pitch_twips(),
    );
    out.push_str("</w:body></w:document>");
    out
}

/// The title, broken before 政府信息公开工作年度报告 when it is too long for one line (as the PDF does).
fn title(title: &str) -> String {
    let per_line = AREA_W / TITLE;
    let content = match title.strip_suffix(TITLE_TAIL) {
        Some(head) if ems(title) > per_line && !head.is_empty() && ems(head) <= per_line => {
            format!(
                "{}<w:r><w:br/></w:r>{}",
                runs(head, ""),
                runs(TITLE_TAIL, "")
            )
        }
        _ => runs(title, ""),
    };
    paragraph("Title", "", &content)
}

fn fields(lines: &[FieldLine]) -> String {
    lines
        .iter()
        .map(|l| format!("{}：{}", l.label, l.value))
        .collect::<Vec<_>>()
        .join("\u{3000}\u{3000}")
}

/// The unit and the date: the date ends four characters from the right margin, the unit centred over it
/// (GB/T 9704-2012, 7.3.5.2), after a blank line — the PDF's rule, in right indents of hundredths of a character.
fn signature(unit: &str, date: &str) -> String {
    let mut out = String::new();
    let (unit_ems, date_ems) = (ems(unit), ems(date));
    if !unit.is_empty() {
        let right = (4.0 + (date_ems - unit_ems) / 2.0).max(2.0);
        let indent = format!(
            "<w:ind w:rightChars=\"{}\" w:right=\"{}\"/>",
            (right * 100.0).round() as i64,
            twips(right * CHAR)
        );
        out.push_str(&paragraph("Signature", &indent, &runs(unit, "")));
    }
    let before = if unit.is_empty() {
        ""
    } else {
        "<w:spacing w:before=\"0\"/>"
    };
    let indent = format!(
        "{before}<w:ind w:rightChars=\"400\" w:right=\"{}\"/>",
        twips(4.0 * CHAR)
    );
    out.push_str(&paragraph("Signature", &indent, &runs(date, "")));
    out
}

/// The column widths, in twips, as the PDF chooses them: each value column wants its own header on one line (or on
/// two when one line leaves the labels too little room) or its widest figure; the label column takes what is left,
/// up to its longest label (at least twelve characters, never under six), and the value columns share any rest.
fn column_widths(table: &Table, size: f32, pad: f32) -> Vec<i64> {
    let columns = table.columns.len();
    if columns == 1 {
        return vec![twips(AREA_W)];
    }
    let label_wants = table
        .rows
        .iter()
        .map(|r| ems(&r.full_label()) + f32::from(r.depth) + 1.0)
        .fold(12.0f32, f32::max)
        * size
        + 2.0 * pad;
    let one_line = value_widths(table, size, pad, 1.0, 8.0);
    let label_target = label_wants.min(12.0 * size + 2.0 * pad);
    let mut widths = if AREA_W - one_line.iter().sum::<f32>() >= label_target {
        one_line
    } else {
        value_widths(table, size, pad, 2.0, 4.0)
    };
    let others: f32 = widths[1..].iter().sum();
    widths[0] = (AREA_W - others)
        .min(label_wants)
        .max(6.0 * size + 2.0 * pad);
    let rest = AREA_W - widths.iter().sum::<f32>();
    if rest > 0.0 {
        for w in &mut widths[1..] {
            *w += rest / (columns - 1) as f32;
        }
    }
    let total: f32 = widths.iter().sum();
    let mut out: Vec<i64> = widths.iter().map(|w| twips(w * AREA_W / total)).collect();
    // The rounding's remainder to the label column, so the table is exactly the type area's width.
    let sum: i64 = out.iter().sum();
    out[0] += twips(AREA_W) - sum;
    out
}

/// The widths the unit and value columns want (the label column's left at 0): their own header on `lines` lines of
/// at most `most` characters, or their widest unit or figure, at least two characters.
fn value_widths(table: &Table, size: f32, pad: f32, lines: f32, most: f32) -> Vec<f32> {
    let own_header = |c: usize| -> &str {
        table
            .header
            .iter()
            .flatten()
            .find(|cell| cell.column == c && cell.colspan == 1 && !cell.group)
            .map_or("", |cell| cell.text.as_str())
    };
    let mut widths = vec![0.0f32; table.columns.len()];
    let mut value = 0;
    for (c, kind) in table.columns.iter().enumerate().skip(1) {
        let header = (ems(own_header(c)) / lines).ceil().min(most);
        let content = match kind {
            ColumnKind::Value => {
                let widest = table
                    .rows
                    .iter()
                    .filter_map(|r| r.cells.as_ref().map(|cells| ems(&cells[value])))
                    .fold(0.0f32, f32::max)
                    .min(8.0);
                value += 1;
                widest
            }
            _ => table
                .rows
                .iter()
                .filter_map(|r| r.unit.as_deref())
                .map(ems)
                .fold(0.0f32, f32::max)
                .min(4.0),
        };
        widths[c] = header.max(content).max(2.0) * size + 2.0 * pad;
    }
    widths
}

fn cell(width: i64, span: usize, merge: &str, content: &str) -> String {
    let span = if span > 1 {
        format!("<w:gridSpan w:val=\"{span}\"/>")
    } else {
        String::new()
    };
    format!("<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>{span}{merge}<w:vAlign w:val=\"center\"/></w:tcPr>{content}</w:tc>")
}

fn write_table(table: &Table, out: &mut String) {
    let (size, pad) = table_type(table.value_columns());
    let widths = column_widths(table, size, pad);
    let span_width =
        |first: usize, count: usize| -> i64 { widths[first..first + count].iter().sum() };
    let sz = half_points(size);
    let props = format!("<w:rPr><w:sz w:val=\"{sz}\"/><w:szCs w:val=\"{sz}\"/></w:rPr>");
    if !table.caption_is_heading {
        out.push_str(&paragraph("TableCaption", "", &runs(&table.caption, "")));
    }
    let border = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"";
    let _ = write!(
        out,
        "<w:tbl><w:tblPr><w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>\
<w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders>\
<w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:top w:w=\"{pad_y}\" w:type=\"dxa\"/><w:left w:w=\"{pad}\" w:type=\"dxa\"/><w:bottom w:w=\"{pad_y}\" w:type=\"dxa\"/><w:right w:w=\"{pad}\" w:type=\"dxa\"/></w:tblCellMar>\
<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
        twips(AREA_W),
        pad = twips(pad),
        // The PDF's 3 pt above and below a cell's text.
        pad_y = twips(3.0),
    );
    for w in &widths {
        let _ = write!(out, "<w:gridCol w:w=\"{w}\"/>");
    }
    out.push_str("</w:tblGrid>");
    for (r, row) in table.header.iter().enumerate() {
        out.push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
        for (column, colspan, start) in header_slots(&table.header, r, row) {
            let width = span_width(column, colspan);
            match start {
                Some(cell_spec) => {
                    let merge = if cell_spec.rowspan > 1 {
                        "<w:vMerge w:val=\"restart\"/>"
                    } else {
                        ""
                    };
                    let content = paragraph("TableHeader", "", &runs(&cell_spec.text, &props));
                    out.push_str(&cell(width, colspan, merge, &content));
                }
                None => out.push_str(&cell(
                    width,
                    colspan,
                    "<w:vMerge/>",
                    &paragraph("TableHeader", "", ""),
                )),
            }
        }
        out.push_str("</w:tr>");
    }
    let value_columns = table.value_columns();
    for row in &table.rows {
        out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        out.push_str(&cell(widths[0], 1, "", &label_paragraph(row, size, &props)));
        let mut column = 1;
        if let Some(unit) = &row.unit {
            out.push_str(&cell(
                widths[1],
                1,
                "",
                &paragraph("TableText", "", &runs(unit, &props)),
            ));
            column = 2;
        }
        match &row.cells {
            Some(cells) => {
                for (n, value) in cells.iter().enumerate() {
                    out.push_str(&cell(
                        widths[column + n],
                        1,
                        "",
                        &paragraph("TableText", "", &runs(value, &props)),
                    ));
                }
            }
            None if value_columns > 0 => out.push_str(&cell(
                span_width(column, value_columns),
                value_columns,
                "",
                &paragraph("TableText", "", ""),
            )),
            None => {}
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

/// A row's label, left-aligned and indented one character a level, its lead (其中：) before it. A label-only row
/// ((三）不予公开) is kept with the row after it, as the PDF keeps it.
fn label_paragraph(row: &Row, size: f32, props: &str) -> String {
    let keep = if row.cells.is_none() {
        "<w:keepNext/>"
    } else {
        ""
    };
    let indent = if row.depth > 0 {
        format!(
            "{keep}<w:jc w:val=\"left\"/><w:ind w:left=\"{}\"/>",
            twips(f32::from(row.depth) * size)
        )
    } else {
        format!("{keep}<w:jc w:val=\"left\"/>")
    };
    paragraph("TableText", &indent, &runs(&row.full_label(), props))
}

/// The cells of header row `r` in column order: each cell that starts in this row (`Some`), and a continuation
/// (`None`) where a cell of a row above spans down into it.
fn header_slots<'a>(
    header: &'a [Vec<HeaderCell>],
    r: usize,
    row: &'a [HeaderCell],
) -> Vec<(usize, usize, Option<&'a HeaderCell>)> {
    let mut slots: Vec<(usize, usize, Option<&HeaderCell>)> =
        row.iter().map(|c| (c.column, c.colspan, Some(c))).collect();
    for (a, above) in header[..r].iter().enumerate() {
        for c in above {
            if a + c.rowspan > r {
                slots.push((c.column, c.colspan, None));
            }
        }
    }
    slots.sort_by_key(|s| s.0);
    slots
}

fn core_properties(doc: &Document) -> String {
    format!(
        "{XML_HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>nianbao</dc:creator><dc:language>zh-CN</dc:language></cp:coreProperties>",
        text(&doc.title)
    )
}

fn fonts(ascii: &str, east_asia: &str) -> String {
    format!("<w:rFonts w:ascii=\"{ascii}\" w:hAnsi=\"{ascii}\" w:eastAsia=\"{east_asia}\" w:cs=\"{ascii}\"/>")
}

fn size(points: f32) -> String {
    let hp = half_points(points);
    format!("<w:sz w:val=\"{hp}\"/><w:szCs w:val=\"{hp}\"/>")
}

/// A paragraph style: id, name, the style it is based on, paragraph properties, run properties.
fn style(id: &str, name: &str, based_on: &str, ppr: &str, rpr: &str) -> String {
    format!(
        "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"{based_on}\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )
}

fn styles() -> String {
    let pitch = pitch_twips();
    let exact = format!(
        "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{pitch}\" w:lineRule=\"exact\"/>"
    );
    let indent = format!(
        "<w:ind w:firstLineChars=\"200\" w:firstLine=\"{}\"/>",
        twips(2.0 * CHAR)
    );
    let no_indent = "<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/>";
    let table_text = "<w:snapToGrid w:val=\"0\"/><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"center\"/>";
    let mut out = String::with_capacity(8 * 1024);
    out.push_str(XML_HEAD);
    out.push_str(
        "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    );
    let _ = write!(
        out,
        "<w:docDefaults><w:rPrDefault><w:rPr>{}{}<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>{exact}</w:pPr></w:pPrDefault></w:docDefaults>",
        fonts(LATIN_FONT, BODY_FONT),
        size(BODY),
    );
    // 正文: Word's Normal, which Chinese Word and WPS name 正文.
    let _ = write!(
        out,
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/><w:pPr><w:widowControl w:val=\"0\"/>{exact}{indent}<w:jc w:val=\"both\"/></w:pPr><w:rPr>{}{}<w:spacing w:val=\"{tracking}\"/><w:kern w:val=\"2\"/></w:rPr></w:style>",
        fonts(LATIN_FONT, BODY_FONT),
        size(BODY),
        tracking = TRACKING_TWIPS,
    );
    // 标题: Word's Title (标题 in Chinese Word), 2号 方正小标宋简体, centred, a blank line after it.
    let _ = write!(
        out,
        "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:snapToGrid w:val=\"0\"/><w:spacing w:before=\"0\" w:after=\"{pitch}\" w:line=\"{pitch}\" w:lineRule=\"exact\"/>{no_indent}<w:jc w:val=\"center\"/></w:pPr><w:rPr>{}{}</w:rPr></w:style>",
        fonts(TITLE_FONT, TITLE_FONT),
        size(TITLE),
    );
    let hei = format!("{}{}", fonts(HEI_FONT, HEI_FONT), size(BODY));
    let kai = format!("{}{}", fonts(KAI_FONT, KAI_FONT), size(BODY));
    let styles = [
        ("Heading1Official", "一级标题", "Normal", "<w:keepNext/><w:outlineLvl w:val=\"0\"/>".to_owned(), hei),
        ("Heading2Official", "二级标题", "Normal", "<w:keepNext/><w:outlineLvl w:val=\"1\"/>".to_owned(), kai),
        ("Fields", "字段", "Normal", format!("{no_indent}<w:jc w:val=\"left\"/>"), String::new()),
        (
            "Signature",
            "落款",
            "Normal",
            format!("<w:keepNext/><w:keepLines/><w:spacing w:before=\"{pitch}\" w:after=\"0\" w:line=\"{pitch}\" w:lineRule=\"exact\"/>{no_indent}<w:jc w:val=\"right\"/>"),
            String::new(),
        ),
        (
            "TableCaption",
            "表题",
            "Normal",
            format!("<w:keepNext/>{no_indent}<w:jc w:val=\"center\"/>"),
            format!("{}{}", fonts(HEI_FONT, HEI_FONT), size(FOLIO)),
        ),
        ("TableText", "表格文字", "Normal", table_text.to_owned(), size(12.0)),
        ("TableHeader", "表头", "TableText", "<w:keepNext/>".to_owned(), fonts(HEI_FONT, HEI_FONT)),
        (
            "Folio",
            "页码",
            "Normal",
            format!("<w:snapToGrid w:val=\"0\"/><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>{no_indent}"),
            format!("{}{}", fonts(SONG_FONT, SONG_FONT), size(FOLIO)),
        ),
    ];
    for (id, name, based_on, ppr, rpr) in &styles {
        out.push_str(&style(id, name, based_on, ppr, rpr));
    }
    out.push_str("</w:styles>");
    out
}

/// The footer of odd pages (number on the right) or even pages (on the left), one character in from the edge of
/// the type area: "— N —".
fn footer(odd: bool) -> String {
    let (jc, ind) = if odd {
        ("right", format!("<w:ind w:right=\"{}\"/>", twips(FOLIO)))
    } else {
        ("left", format!("<w:ind w:left=\"{}\"/>", twips(FOLIO)))
    };
    format!(
        "{XML_HEAD}<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p><w:pPr><w:pStyle w:val=\"Folio\"/>{ind}<w:jc w:val=\"{jc}\"/></w:pPr>\
<w:r><w:t xml:space=\"preserve\">— </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>"
    )
}

fn font_table() -> String {
    let mut out = String::from(XML_HEAD);
    out.push_str(
        "<w:fonts xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    );
    for (name, alt, family) in FONTS {
        let _ = write!(
            out,
            "<w:font w:name=\"{name}\"><w:altName w:val=\"{alt}\"/><w:charset w:val=\"86\"/><w:family w:val=\"{family}\"/><w:pitch w:val=\"fixed\"/></w:font>"
        );
    }
    let _ = write!(
        out,
        "<w:font w:name=\"{LATIN_FONT}\"><w:charset w:val=\"00\"/><w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font></w:fonts>"
    );
    out
}

const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/><Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/><Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/><Override PartName=\"/word/footer2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>";

const DOCUMENT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/><Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/><Relationship Id=\"rIdFonts\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/><Relationship Id=\"rIdFooterOdd\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/><Relationship Id=\"rIdFooterEven\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer2.xml\"/></Relationships>";

const APP_PROPERTIES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>nianbao</Application></Properties>";

/// Odd and even pages get their own footers; a tab is two characters.
const SETTINGS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:evenAndOddHeaders/><w:defaultTabStop w:val=\"420\"/><w:characterSpacingControl w:val=\"compressPunctuation\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            text("<w:t>&\"'</w:t>\u{0}\u{1b}\u{FFFE}a\tb"),
            "&lt;w:t&gt;&amp;&quot;&apos;&lt;/w:t&gt;\u{FFFD}\u{FFFD}\u{FFFD}a b"
        );
    }

    #[test]
    fn the_grid_is_the_pdfs() {
        // 37 mm, 26 mm, 35 mm, 28 mm; 22 lines of 28.95 pt; characters 0.2 pt narrower than 3号.
        assert_eq!(twips(37.0 * MM), 2098);
        assert_eq!(twips(26.0 * MM), 1474);
        assert_eq!(twips(35.0 * MM), 1984);
        assert_eq!(twips(28.0 * MM), 1587);
        assert_eq!(pitch_twips(), 579);
        assert!(22 * pitch_twips() <= twips(super::super::geometry::AREA_H));
        // 28 characters of 3号 with the tracking fit a line; 29 do not.
        let advance = BODY + TRACKING_TWIPS as f32 / 20.0;
        assert!(28.0 * advance <= AREA_W && 29.0 * advance > AREA_W);
        assert!(advance <= CHAR);
    }
}
