//! A PDF with a text layer → [`Source`]: its paragraphs and tables, rebuilt from where the text and the ruling lines
//! are on each page.
//!
//! lopdf parses the file (and decrypts one that opens without a password); this module runs each page's content
//! stream (and its form XObjects) with the graphics and text state of the PDF specification, so that every glyph
//! has a position, a size and its Unicode text — by the font's `ToUnicode` CMap, as Word, WPS, LibreOffice,
//! Chromium and nianbao write CJK fonts (two-byte codes of a Type0 font), or by a simple font's encoding — and
//! every straight stroked line or thin filled rectangle is kept as a ruling segment.
//!
//! Then, per page: ruling segments that touch make a table's grid; a grid line missing between two grid cells
//! merges them (colspan, rowspan); glyphs inside the grid fill its cells (lines of a cell joined by '\n'). Glyphs
//! outside tables make lines (by baseline), lines make paragraphs (a new one after a short line, at a first-line
//! indent, a change of size or a wider gap), in reading order with the tables. Page numbers (— 3 —, 第3页) are left
//! out; a table that goes on over the next page is one table, its repeated header rows once. Kangxi radicals and
//! compatibility ideographs that some fonts' CMaps give (⼀ for 一) become the ideographs they stand for.
//!
//! Tables drawn without ruling lines are read as paragraphs (their cells on one line, separated by spaces).

use super::package::{check_size, damaged, malformed};
use super::source::{Block, Source, SourceCell, SourceTable};
use super::{ImportError, InputKind};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// The most a stream (content, font, CMap) may inflate to, and all of a page's content together.
const MAX_STREAM_BYTES: usize = 32 << 20;
/// More pages than a report has.
const MAX_PAGES: usize = 2_000;
/// Operations run in all, form XObjects included (a hostile form can repeat itself).
const MAX_OPERATIONS: usize = 20_000_000;
/// Form XObjects inside form XObjects.
const MAX_FORM_DEPTH: usize = 12;

/// Reads a PDF file.
pub fn read(bytes: &[u8]) -> Result<Source, ImportError> {
    check_size(bytes)?;
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(damaged(InputKind::Pdf, "这不是 PDF 文件或文件开头已损坏"));
    }
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..Default::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(load_error)?;
    if doc.is_encrypted() {
        return Err(ImportError::Encrypted);
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(malformed(
            InputKind::Pdf,
            "PDF 中没有页面，请改用这份报告的网页、Word 或 Excel 文件",
        ));
    }
    if pages.len() > MAX_PAGES {
        return Err(ImportError::TooLarge);
    }
    let mut interpreter = Interpreter {
        doc: &doc,
        fonts: HashMap::new(),
        operations: 0,
    };
    let mut laid = Vec::new();
    let mut glyphs = 0usize;
    for (_, &page_id) in pages.iter() {
        let page = interpreter.page(page_id)?;
        glyphs += page.glyphs.len();
        laid.push(page);
    }
    if glyphs == 0 {
        return Err(ImportError::NoTextLayer);
    }
    Ok(Source {
        blocks: assemble(laid),
    })
}

fn load_error(error: lopdf::Error) -> ImportError {
    match error {
        lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) => ImportError::Encrypted,
        lopdf::Error::Unimplemented(why) if why.contains("ncrypt") => ImportError::Encrypted,
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            ImportError::TooLarge
        }
        _ => damaged(InputKind::Pdf, "PDF 的内部结构已损坏"),
    }
}

/// An affine matrix [a b c d e f] as PDF writes it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn translate(x: f32, y: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// `self` then `other`.
    fn then(self, other: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn apply(self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    fn from_operands(operands: &[Object]) -> Option<Matrix> {
        let v = numbers(operands);
        (v.len() >= 6).then(|| Matrix([v[0], v[1], v[2], v[3], v[4], v[5]]))
    }
}

fn numbers(operands: &[Object]) -> Vec<f32> {
    operands
        .iter()
        .map(|o| o.as_float().ok().filter(|v| v.is_finite()).unwrap_or(0.0))
        .collect()
}

/// One glyph shown on a page: its baseline origin, advance and size in page space, and its text.
#[derive(Clone, Debug)]
struct Glyph {
    x: f32,
    y: f32,
    width: f32,
    size: f32,
    text: String,
}

impl Glyph {
    fn right(&self) -> f32 {
        self.x + self.width
    }
    /// A point inside the glyph's box, to place it in a table cell.
    fn center(&self) -> (f32, f32) {
        (self.x + self.width / 2.0, self.y + self.size * 0.3)
    }
}

/// A horizontal (`horizontal`: at `at` = y, from `from` to `to` along x) or vertical ruling segment.
#[derive(Clone, Copy, Debug)]
struct Segment {
    horizontal: bool,
    at: f32,
    from: f32,
    to: f32,
}

/// What one page gives: glyphs and ruling segments, in page space (y up), and the page's size.
struct Page {
    glyphs: Vec<Glyph>,
    segments: Vec<Segment>,
    bottom: f32,
    top: f32,
}

/// How one font turns codes into text and widths.
struct Font {
    two_byte: bool,
    to_unicode: Option<pdf_font::CMap>,
    /// A two-byte font whose codes are UTF-16 (UniGB-UCS2-H, UniGB-UTF16-H).
    utf16: bool,
    /// A simple font's encoding.
    encoding: Option<pdf_font::SimpleEncoding>,
    widths: HashMap<u32, f32>,
    default_width: f32,
    /// Glyph space to text space for widths (1/1000, or a Type3 font's matrix).
    scale: f32,
}

impl Font {
    fn text(&self, code: u32, len: u8) -> String {
        if let Some(cmap) = &self.to_unicode {
            if let Some(units) = cmap.get(code, len) {
                return String::from_utf16_lossy(&units);
            }
        }
        if self.two_byte {
            let unit = u16::try_from(code).ok().filter(|_| self.utf16);
            return unit
                .and_then(|u| char::from_u32(u32::from(u)))
                .unwrap_or('\u{FFFD}')
                .to_string();
        }
        let byte = code as u8;
        match &self.encoding {
            Some(encoding) => encoding.char(byte).unwrap_or(byte as char),
            None => byte as char,
        }
        .to_string()
    }

    fn width(&self, code: u32) -> f32 {
        self.widths
            .get(&code)
            .copied()
            .unwrap_or(self.default_width)
            * self.scale
    }
}

#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    scaling: f32,
    leading: f32,
    rise: f32,
}

struct Interpreter<'a> {
    doc: &'a Document,
    fonts: HashMap<ObjectId, Rc<Font>>,
    operations: usize,
}

/// Where a resource name is looked up: the dictionaries of the page (and what it inherits) or of a form.
type Resources<'a> = Vec<&'a Dictionary>;

impl<'a> Interpreter<'a> {
    fn page(&mut self, page_id: ObjectId) -> Result<Page, ImportError> {
        let doc = self.doc;
        let mut resources: Resources<'a> = Vec::new();
        if let Ok((inline, ids)) = doc.get_page_resources(page_id) {
            resources.extend(inline);
            for id in ids {
                if let Ok(d) = doc.get_dictionary(id) {
                    resources.push(d);
                }
            }
        }
        let (bottom, top) = doc
            .get_dictionary(page_id)
            .ok()
            .and_then(|d| media_box(doc, d))
            .unwrap_or((0.0, 842.0));
        let content = match doc.get_page_content_with_limit(page_id, MAX_STREAM_BYTES) {
            Ok(content) => content,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => return Err(ImportError::TooLarge),
            // A page whose content cannot be read shows nothing; the other pages still count.
            Err(_) => Vec::new(),
        };
        let mut page = Page {
            glyphs: Vec::new(),
            segments: Vec::new(),
            bottom,
            top,
        };
        let state = State {
            ctm: Matrix::IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scaling: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        self.run(&content, &resources, state, 0, &mut page)?;
        Ok(page)
    }

    fn run(
        &mut self,
        content: &[u8],
        resources: &Resources<'a>,
        mut state: State,
        depth: usize,
        page: &mut Page,
    ) -> Result<(), ImportError> {
        let Ok(content) = Content::decode(content) else {
            return Ok(());
        };
        let mut stack: Vec<State> = Vec::new();
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        // The current path: subpaths of points, and rectangles.
        let mut path: Vec<Vec<(f32, f32)>> = Vec::new();
        let mut rects: Vec<[f32; 4]> = Vec::new();
        for op in &content.operations {
            self.operations += 1;
            if self.operations > MAX_OPERATIONS {
                return Err(ImportError::TooLarge);
            }
            let n = numbers(&op.operands);
            let num = |i: usize| n.get(i).copied().unwrap_or(0.0);
            match op.operator.as_str() {
                "q" if stack.len() < 256 => stack.push(state.clone()),
                "Q" => {
                    if let Some(s) = stack.pop() {
                        state = s;
                    }
                }
                "cm" => {
                    if let Some(m) = Matrix::from_operands(&op.operands) {
                        state.ctm = m.then(state.ctm);
                    }
                }
                "BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                "Tf" => {
                    state.size = num(1);
                    state.font = op
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .and_then(|name| self.font(resources, name));
                }
                "Tc" => state.char_spacing = num(0),
                "Tw" => state.word_spacing = num(0),
                "Tz" => state.scaling = num(0) / 100.0,
                "TL" => state.leading = num(0),
                "Ts" => state.rise = num(0),
                "Td" => {
                    tlm = Matrix::translate(num(0), num(1)).then(tlm);
                    tm = tlm;
                }
                "TD" => {
                    state.leading = -num(1);
                    tlm = Matrix::translate(num(0), num(1)).then(tlm);
                    tm = tlm;
                }
                "Tm" => {
                    if let Some(m) = Matrix::from_operands(&op.operands) {
                        tlm = m;
                        tm = m;
                    }
                }
                "T*" => {
                    tlm = Matrix::translate(0.0, -state.leading).then(tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" => {
                    if op.operator == "\"" {
                        state.word_spacing = num(0);
                        state.char_spacing = num(1);
                    }
                    if op.operator != "Tj" {
                        tlm = Matrix::translate(0.0, -state.leading).then(tlm);
                        tm = tlm;
                    }
                    if let Some(Object::String(bytes, _)) = op.operands.last() {
                        show(&state, &mut tm, bytes, page);
                    }
                }
                "TJ" => {
                    if let Some(Ok(items)) = op.operands.first().map(Object::as_array) {
                        for item in items {
                            match item {
                                Object::String(bytes, _) => show(&state, &mut tm, bytes, page),
                                other => {
                                    let adjust = other.as_float().unwrap_or(0.0);
                                    if adjust.is_finite() {
                                        let tx = -adjust / 1000.0 * state.size * state.scaling;
                                        tm = Matrix::translate(tx, 0.0).then(tm);
                                    }
                                }
                            }
                        }
                    }
                }
                "m" => path.push(vec![(num(0), num(1))]),
                "l" => match path.last_mut() {
                    Some(sub) => sub.push((num(0), num(1))),
                    None => path.push(vec![(num(0), num(1))]),
                },
                "c" | "v" | "y" => {
                    // A curve is no ruling line: its subpath ends here, a new one starts at its end.
                    let (x, y) = (
                        num(n.len().saturating_sub(2)),
                        num(n.len().saturating_sub(1)),
                    );
                    path.push(vec![(x, y)]);
                }
                "h" => {
                    if let Some(sub) = path.last_mut() {
                        if let Some(&first) = sub.first() {
                            sub.push(first);
                        }
                    }
                }
                "re" => rects.push([num(0), num(1), num(2), num(3)]),
                "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => {
                    let stroked =
                        matches!(op.operator.as_str(), "S" | "s" | "B" | "B*" | "b" | "b*");
                    paint(&state.ctm, &path, &rects, stroked, page);
                    path.clear();
                    rects.clear();
                }
                "n" => {
                    path.clear();
                    rects.clear();
                }
                "Do" if depth < MAX_FORM_DEPTH => {
                    if let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) {
                        self.form(resources, name, &state, depth, page)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Runs a form XObject, in its own resources and matrix.
    fn form(
        &mut self,
        resources: &Resources<'a>,
        name: &[u8],
        state: &State,
        depth: usize,
        page: &mut Page,
    ) -> Result<(), ImportError> {
        let doc = self.doc;
        let Some(stream) = lookup(doc, resources, b"XObject", name)
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_stream().ok())
        else {
            return Ok(());
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return Ok(());
        }
        let content = match stream.decompressed_content_with_limit(MAX_STREAM_BYTES) {
            Ok(c) => c,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => return Err(ImportError::TooLarge),
            Err(_) if stream.dict.get(b"Filter").is_err() => stream.content.clone(),
            Err(_) => return Ok(()),
        };
        let mut inner = state.clone();
        if let Some(m) = stream
            .dict
            .get(b"Matrix")
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| Matrix::from_operands(a))
        {
            inner.ctm = m.then(inner.ctm);
        }
        let mut form_resources = resources.clone();
        if let Some(own) = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok())
        {
            form_resources.insert(0, own);
        }
        self.run(&content, &form_resources, inner, depth + 1, page)
    }

    /// The font by its resource name, read once per font object.
    fn font(&mut self, resources: &Resources<'a>, name: &[u8]) -> Option<Rc<Font>> {
        let doc = self.doc;
        let object = lookup(doc, resources, b"Font", name)?;
        let (id, object) = doc.dereference(object).ok()?;
        let dict = object.as_dict().ok()?;
        if let Some(id) = id {
            if let Some(font) = self.fonts.get(&id) {
                return Some(font.clone());
            }
        }
        let font = Rc::new(read_font(doc, dict));
        if let Some(id) = id {
            self.fonts.insert(id, font.clone());
        }
        Some(font)
    }
}

/// A named resource of a category (Font, XObject) in the first dictionary that has it.
fn lookup<'a>(
    doc: &'a Document,
    resources: &Resources<'a>,
    category: &[u8],
    name: &[u8],
) -> Option<&'a Object> {
    resources.iter().find_map(|r| {
        let (_, group) = doc.dereference(r.get(category).ok()?).ok()?;
        group.as_dict().ok()?.get(name).ok()
    })
}

fn media_box(doc: &Document, page: &Dictionary) -> Option<(f32, f32)> {
    let mut node = page;
    for _ in 0..32 {
        if let Ok(b) = node.get(b"MediaBox") {
            let (_, b) = doc.dereference(b).ok()?;
            let v = numbers(b.as_array().ok()?);
            if v.len() >= 4 {
                return Some((v[1].min(v[3]), v[1].max(v[3])));
            }
        }
        let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn read_font<'a>(doc: &'a Document, dict: &'a Dictionary) -> Font {
    let deref = |o: &'a Object| doc.dereference(o).ok().map(|(_, o)| o);
    let subtype = dict
        .get(b"Subtype")
        .and_then(Object::as_name)
        .unwrap_or(b"");
    let two_byte = subtype == b"Type0";
    // The ToUnicode CMap wins over /Encoding.
    let to_unicode = dict
        .get(b"ToUnicode")
        .ok()
        .and_then(deref)
        .and_then(|o| o.as_stream().ok())
        .and_then(|stream| stream.get_plain_content_with_limit(MAX_STREAM_BYTES).ok())
        .map(|bytes| pdf_font::CMap::parse(&bytes));
    let utf16 = two_byte
        && matches!(
            dict.get(b"Encoding").and_then(Object::as_name),
            Ok(b"UniGB-UCS2-H" | b"UniGB-UTF16-H")
        );
    let encoding = (!two_byte).then(|| pdf_font::SimpleEncoding::of(doc, dict));
    let mut widths = HashMap::new();
    let mut default_width = if two_byte { 1000.0 } else { 500.0 };
    let mut scale = 0.001;
    if two_byte {
        let descendant = dict
            .get(b"DescendantFonts")
            .ok()
            .and_then(deref)
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(deref)
            .and_then(|o| o.as_dict().ok());
        if let Some(cid) = descendant {
            if let Some(dw) = cid.get(b"DW").ok().and_then(|o| o.as_float().ok()) {
                default_width = dw;
            }
            if let Some(w) = cid
                .get(b"W")
                .ok()
                .and_then(deref)
                .and_then(|o| o.as_array().ok())
            {
                cid_widths(w, &deref, &mut widths);
            }
        }
    } else {
        let first = dict
            .get(b"FirstChar")
            .ok()
            .and_then(|o| o.as_i64().ok())
            .unwrap_or(0);
        if let Some(w) = dict
            .get(b"Widths")
            .ok()
            .and_then(deref)
            .and_then(|o| o.as_array().ok())
        {
            for (i, width) in w.iter().take(256).enumerate() {
                if let Some(width) = deref(width).and_then(|o| o.as_float().ok()) {
                    widths.insert((first + i as i64).clamp(0, 255) as u32, width);
                }
            }
        }
        if let Some(missing) = dict
            .get(b"FontDescriptor")
            .ok()
            .and_then(deref)
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(b"MissingWidth").ok())
            .and_then(|o| o.as_float().ok())
        {
            default_width = missing;
        }
        if subtype == b"Type3" {
            if let Some(m) = dict.get(b"FontMatrix").ok().and_then(|o| o.as_array().ok()) {
                scale = m.first().and_then(|o| o.as_float().ok()).unwrap_or(0.001);
            }
        }
    }
    Font {
        two_byte,
        to_unicode,
        utf16,
        encoding,
        widths,
        default_width: if default_width.is_finite() {
            default_width
        } else {
            0.0
        },
        scale: if scale.is_finite() { scale } else { 0.001 },
    }
}

/// A CID font's `W` array: `c [w1 w2 …]` and `c_first c_last w`.
fn cid_widths<'a>(
    w: &'a [Object],
    deref: &dyn Fn(&'a Object) -> Option<&'a Object>,
    widths: &mut HashMap<u32, f32>,
) {
    let mut i = 0;
    while i < w.len() && widths.len() < 70_000 {
        let Some(first) = w[i].as_i64().ok().filter(|c| (0..=0xFFFF).contains(c)) else {
            return;
        };
        match w.get(i + 1).and_then(deref) {
            Some(Object::Array(list)) => {
                for (k, width) in list.iter().take(0x10000).enumerate() {
                    if let Some(width) = deref(width).and_then(|o| o.as_float().ok()) {
                        widths.insert(first as u32 + k as u32, width);
                    }
                }
                i += 2;
            }
            Some(last) => {
                let (Ok(last), Some(width)) = (
                    last.as_i64(),
                    w.get(i + 2).and_then(deref).and_then(|o| o.as_float().ok()),
                ) else {
                    return;
                };
                for c in first..=last.min(first + 0xFFFF).min(0xFFFF) {
                    widths.insert(c as u32, width);
                }
                i += 3;
            }
            None => return,
        }
    }
}

/// Shows a string: one glyph per code, each placed by the text matrix, which advances past it.
fn show(state: &State, tm: &mut Matrix, bytes: &[u8], page: &mut Page) {
    let Some(font) = &state.font else {
        return;
    };
    let step = if font.two_byte { 2 } else { 1 };
    for chunk in bytes.chunks(step) {
        let (code, len) = match chunk {
            [hi, lo] => ((u32::from(*hi) << 8) | u32::from(*lo), 2u8),
            [b] => (u32::from(*b), 1u8),
            _ => continue,
        };
        let w0 = font.width(code);
        let spacing = state.char_spacing
            + if len == 1 && code == 32 {
                state.word_spacing
            } else {
                0.0
            };
        let advance = (w0 * state.size + spacing) * state.scaling;
        let trm = Matrix([
            state.size * state.scaling,
            0.0,
            0.0,
            state.size,
            0.0,
            state.rise,
        ])
        .then(*tm)
        .then(state.ctm);
        let [a, b, c, d, x, y] = trm.0;
        let size = (c * c + d * d).sqrt();
        let to_page = tm.then(state.ctm);
        let (x0, y0) = to_page.apply(0.0, 0.0);
        let (x1, y1) = to_page.apply(advance, 0.0);
        let width = ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt();
        // Upright text only: a rotated glyph (a seal's ring of text, a vertical caption) is not read.
        let upright = a > 0.0 && b.abs() < a * 0.1;
        let text = normalize(&font.text(code, len));
        if upright
            && size > 0.5
            && x.is_finite()
            && y.is_finite()
            && !text.chars().all(char::is_whitespace)
        {
            page.glyphs.push(Glyph {
                x,
                y,
                width,
                size,
                text,
            });
        }
        *tm = Matrix::translate(advance, 0.0).then(*tm);
    }
}

/// Straight horizontal and vertical lines of a painted path: stroked lines and rectangles' edges, thin filled
/// rectangles and boxes (a border drawn as a fill) as their long axis.
fn paint(
    ctm: &Matrix,
    path: &[Vec<(f32, f32)>],
    rects: &[[f32; 4]],
    stroked: bool,
    page: &mut Page,
) {
    let segments = &mut page.segments;
    for &[x, y, w, h] in rects {
        let corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)];
        if stroked {
            for i in 0..4 {
                stroke(ctm, corners[i], corners[(i + 1) % 4], segments);
            }
        } else {
            thin_box(ctm, &corners, segments);
        }
    }
    for sub in path {
        if stroked {
            for pair in sub.windows(2) {
                stroke(ctm, pair[0], pair[1], segments);
            }
        } else if (4..=5).contains(&sub.len()) {
            thin_box(ctm, sub, segments);
        }
    }
}

fn stroke(ctm: &Matrix, p: (f32, f32), q: (f32, f32), segments: &mut Vec<Segment>) {
    let (p, q) = (ctm.apply(p.0, p.1), ctm.apply(q.0, q.1));
    if !(p.0.is_finite() && p.1.is_finite() && q.0.is_finite() && q.1.is_finite()) {
        return;
    }
    if (p.1 - q.1).abs() < 0.5 && (p.0 - q.0).abs() >= 0.5 {
        segments.push(Segment {
            horizontal: true,
            at: (p.1 + q.1) / 2.0,
            from: p.0.min(q.0),
            to: p.0.max(q.0),
        });
    } else if (p.0 - q.0).abs() < 0.5 && (p.1 - q.1).abs() >= 0.5 {
        segments.push(Segment {
            horizontal: false,
            at: (p.0 + q.0) / 2.0,
            from: p.1.min(q.1),
            to: p.1.max(q.1),
        });
    }
}

/// A filled box no thicker than a rule is a ruling line along its long side.
fn thin_box(ctm: &Matrix, corners: &[(f32, f32)], segments: &mut Vec<Segment>) {
    const THIN: f32 = 2.5;
    let pts: Vec<(f32, f32)> = corners.iter().map(|&(a, b)| ctm.apply(a, b)).collect();
    let (x0, x1) = pts.iter().fold((f32::MAX, f32::MIN), |(lo, hi), p| {
        (lo.min(p.0), hi.max(p.0))
    });
    let (y0, y1) = pts.iter().fold((f32::MAX, f32::MIN), |(lo, hi), p| {
        (lo.min(p.1), hi.max(p.1))
    });
    if !(x0.is_finite() && x1.is_finite() && y0.is_finite() && y1.is_finite()) {
        return;
    }
    if y1 - y0 <= THIN && x1 - x0 > THIN {
        segments.push(Segment {
            horizontal: true,
            at: (y0 + y1) / 2.0,
            from: x0,
            to: x1,
        });
    } else if x1 - x0 <= THIN && y1 - y0 > THIN {
        segments.push(Segment {
            horizontal: false,
            at: (x0 + x1) / 2.0,
            from: y0,
            to: y1,
        });
    }
}

/// Text as the reader expects it: compatibility ideographs and radicals as the ideograph they stand for.
fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| {
            let cp = c as u32;
            if !(0x2E80..=0xFAFF).contains(&cp) {
                return c;
            }
            let pairs = CJK_COMPAT.len() / 2;
            let (mut lo, mut hi) = (0, pairs);
            while lo < hi {
                let mid = (lo + hi) / 2;
                match CJK_COMPAT[mid * 2].cmp(&cp) {
                    std::cmp::Ordering::Equal => {
                        return char::from_u32(CJK_COMPAT[mid * 2 + 1]).unwrap_or(c)
                    }
                    std::cmp::Ordering::Less => lo = mid + 1,
                    std::cmp::Ordering::Greater => hi = mid,
                }
            }
            c
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------------------------
// Layout: tables from ruling lines, lines and paragraphs from glyphs.

/// Tolerance (points) within which two grid lines are one.
const SNAP: f32 = 2.0;

/// A table found on a page: its grid lines and its cells (grid position, spans, glyphs).
struct Grid {
    /// Column boundaries, left to right.
    xs: Vec<f32>,
    /// Row boundaries, top to bottom (descending y).
    ys: Vec<f32>,
    /// For each grid position (row-major), the index of its cell.
    owner: Vec<usize>,
    /// Each cell: top-left grid position and spans.
    cells: Vec<(usize, usize, usize, usize)>,
}

impl Grid {
    fn contains(&self, (x, y): (f32, f32)) -> bool {
        let (Some(&x0), Some(&x1), Some(&y0), Some(&y1)) = (
            self.xs.first(),
            self.xs.last(),
            self.ys.last(),
            self.ys.first(),
        ) else {
            return false;
        };
        x >= x0 && x <= x1 && y >= y0 && y <= y1
    }

    fn cell_at(&self, (x, y): (f32, f32)) -> Option<usize> {
        let col = self.xs.windows(2).position(|w| x >= w[0] && x <= w[1])?;
        let row = self.ys.windows(2).position(|w| y <= w[0] && y >= w[1])?;
        self.owner.get(row * (self.xs.len() - 1) + col).copied()
    }
}

fn snap(values: &mut Vec<f32>) {
    values.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    let mut group: Vec<f32> = Vec::new();
    for &v in values.iter() {
        if group.last().is_some_and(|&last| v - last > SNAP) {
            out.push(group.iter().sum::<f32>() / group.len() as f32);
            group.clear();
        }
        group.push(v);
    }
    if !group.is_empty() {
        out.push(group.iter().sum::<f32>() / group.len() as f32);
    }
    *values = out;
}

/// Joins collinear segments that overlap or touch.
fn merge_segments(mut segments: Vec<Segment>) -> Vec<Segment> {
    segments.sort_by(|a, b| {
        (a.horizontal, a.at, a.from)
            .partial_cmp(&(b.horizontal, b.at, b.from))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut out: Vec<Segment> = Vec::new();
    // Group by orientation and position (within SNAP / 2), then merge along.
    let mut i = 0;
    while i < segments.len() {
        let mut j = i;
        while j + 1 < segments.len()
            && segments[j + 1].horizontal == segments[i].horizontal
            && segments[j + 1].at - segments[j].at <= SNAP / 2.0
        {
            j += 1;
        }
        let mut group: Vec<Segment> = segments[i..=j].to_vec();
        let at = group.iter().map(|s| s.at).sum::<f32>() / group.len() as f32;
        group.sort_by(|a, b| a.from.total_cmp(&b.from));
        let mut current: Option<Segment> = None;
        for s in group {
            match &mut current {
                Some(c) if s.from <= c.to + 1.5 => c.to = c.to.max(s.to),
                _ => {
                    out.extend(current.take());
                    current = Some(Segment { at, ..s });
                }
            }
        }
        out.extend(current);
        i = j + 1;
    }
    out
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (a, b) = (find(parent, a), find(parent, b));
    if a != b {
        parent[a.max(b)] = a.min(b);
    }
}

/// The tables that a page's ruling lines draw.
fn grids(segments: Vec<Segment>) -> Vec<Grid> {
    let segments = merge_segments(segments);
    if segments.len() > 20_000 {
        return Vec::new();
    }
    let n = segments.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let touches = |h: &Segment, v: &Segment| {
        v.at >= h.from - SNAP && v.at <= h.to + SNAP && h.at >= v.from - SNAP && h.at <= v.to + SNAP
    };
    for a in 0..n {
        for b in a + 1..n {
            let (sa, sb) = (&segments[a], &segments[b]);
            if sa.horizontal != sb.horizontal {
                let (h, v) = if sa.horizontal { (sa, sb) } else { (sb, sa) };
                if touches(h, v) {
                    union(&mut parent, a, b);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<Segment>> = HashMap::new();
    for (i, s) in segments.iter().enumerate() {
        groups.entry(find(&mut parent, i)).or_default().push(*s);
    }
    let mut out = Vec::new();
    let mut keys: Vec<usize> = groups.keys().copied().collect();
    keys.sort_unstable();
    for key in keys {
        let group = &groups[&key];
        let mut xs: Vec<f32> = group
            .iter()
            .filter(|s| !s.horizontal)
            .map(|s| s.at)
            .collect();
        let mut ys: Vec<f32> = group
            .iter()
            .filter(|s| s.horizontal)
            .map(|s| s.at)
            .collect();
        // An outer edge that is not drawn (a browser draws a row's bottom border with the row below it, so the
        // last row before a page break has none): where the lines across it end.
        let (v_low, v_high) = group
            .iter()
            .filter(|s| !s.horizontal)
            .fold((f32::MAX, f32::MIN), |(lo, hi), s| {
                (lo.min(s.from), hi.max(s.to))
            });
        let (h_low, h_high) = group
            .iter()
            .filter(|s| s.horizontal)
            .fold((f32::MAX, f32::MIN), |(lo, hi), s| {
                (lo.min(s.from), hi.max(s.to))
            });
        if let (Some(&y_min), Some(&y_max)) = (
            ys.iter().min_by(|a, b| a.total_cmp(b)),
            ys.iter().max_by(|a, b| a.total_cmp(b)),
        ) {
            if v_low < y_min - SNAP * 2.0 {
                ys.push(v_low);
            }
            if v_high > y_max + SNAP * 2.0 {
                ys.push(v_high);
            }
        }
        if let (Some(&x_min), Some(&x_max)) = (
            xs.iter().min_by(|a, b| a.total_cmp(b)),
            xs.iter().max_by(|a, b| a.total_cmp(b)),
        ) {
            if h_low < x_min - SNAP * 2.0 {
                xs.push(h_low);
            }
            if h_high > x_max + SNAP * 2.0 {
                xs.push(h_high);
            }
        }
        snap(&mut xs);
        snap(&mut ys);
        ys.reverse();
        if xs.len() < 2 || ys.len() < 2 || xs.len() > 200 || ys.len() > 2_000 {
            continue;
        }
        let (cols, rows) = (xs.len() - 1, ys.len() - 1);
        let has_vertical = |x: f32, y0: f32, y1: f32| {
            let mid = (y0 + y1) / 2.0;
            group
                .iter()
                .any(|s| !s.horizontal && (s.at - x).abs() <= SNAP && s.from <= mid && s.to >= mid)
        };
        let has_horizontal = |y: f32, x0: f32, x1: f32| {
            let mid = (x0 + x1) / 2.0;
            group
                .iter()
                .any(|s| s.horizontal && (s.at - y).abs() <= SNAP && s.from <= mid && s.to >= mid)
        };
        let mut cell_parent: Vec<usize> = (0..rows * cols).collect();
        for r in 0..rows {
            for c in 0..cols {
                if c + 1 < cols && !has_vertical(xs[c + 1], ys[r], ys[r + 1]) {
                    union(&mut cell_parent, r * cols + c, r * cols + c + 1);
                }
                if r + 1 < rows && !has_horizontal(ys[r + 1], xs[c], xs[c + 1]) {
                    union(&mut cell_parent, r * cols + c, (r + 1) * cols + c);
                }
            }
        }
        // Each union's bounding box in grid positions is one cell.
        let mut boxes: HashMap<usize, (usize, usize, usize, usize)> = HashMap::new();
        for r in 0..rows {
            for c in 0..cols {
                let root = find(&mut cell_parent, r * cols + c);
                let b = boxes.entry(root).or_insert((r, c, r, c));
                b.0 = b.0.min(r);
                b.1 = b.1.min(c);
                b.2 = b.2.max(r);
                b.3 = b.3.max(c);
            }
        }
        let mut roots: Vec<(usize, usize, usize)> =
            boxes.iter().map(|(&root, b)| (b.0, b.1, root)).collect();
        roots.sort_unstable();
        let index: HashMap<usize, usize> = roots
            .iter()
            .enumerate()
            .map(|(i, &(_, _, root))| (root, i))
            .collect();
        let cells = roots
            .iter()
            .map(|(_, _, root)| {
                let b = boxes[root];
                (b.0, b.1, b.2 - b.0 + 1, b.3 - b.1 + 1)
            })
            .collect();
        let owner = (0..rows * cols)
            .map(|i| index[&find(&mut cell_parent, i)])
            .collect();
        // A single box (a frame around text, a boxed note) is not a table.
        if rows * cols == 1 {
            continue;
        }
        out.push(Grid {
            xs,
            ys,
            owner,
            cells,
        });
    }
    out
}

/// A line of text: glyphs on one baseline, left to right.
struct Line {
    glyphs: Vec<Glyph>,
    y: f32,
    size: f32,
}

impl Line {
    fn left(&self) -> f32 {
        self.glyphs.first().map_or(0.0, |g| g.x)
    }
    fn right(&self) -> f32 {
        self.glyphs
            .iter()
            .map(Glyph::right)
            .fold(f32::MIN, f32::max)
    }
    fn text(&self) -> String {
        let mut out = String::new();
        let mut last: Option<&Glyph> = None;
        for g in &self.glyphs {
            if let Some(prev) = last {
                let gap = g.x - prev.right();
                let latin = |s: &str, first: bool| {
                    let c = if first {
                        s.chars().next()
                    } else {
                        s.chars().last()
                    };
                    c.is_some_and(|c| c.is_ascii_alphanumeric() || c.is_ascii_punctuation())
                };
                let size = g.size.max(prev.size);
                let latin_gap =
                    gap > size * 0.2 && (latin(&prev.text, false) || latin(&g.text, true));
                if gap > size * 1.5 || latin_gap {
                    out.push(' ');
                }
            }
            out.push_str(&g.text);
            last = Some(g);
        }
        out
    }
}

/// Glyphs into lines: by baseline (within a third of the size), each line sorted left to right.
fn lines(mut glyphs: Vec<Glyph>) -> Vec<Line> {
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut out: Vec<Line> = Vec::new();
    for g in glyphs {
        match out.last_mut() {
            Some(line) if (line.y - g.y).abs() <= line.size.max(g.size) * 0.35 => {
                line.size = line.size.max(g.size);
                line.glyphs.push(g);
            }
            _ => out.push(Line {
                y: g.y,
                size: g.size,
                glyphs: vec![g],
            }),
        }
    }
    for line in &mut out {
        line.glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
        // The same glyph drawn twice at one place (a fake bold) is read once.
        line.glyphs
            .dedup_by(|b, a| a.text == b.text && (a.x - b.x).abs() < a.size * 0.2);
    }
    out
}

/// "— 3 —", "- 3 -", "3", "第 3 页", "第3页 共5页", "3/5": a page number.
fn is_folio(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_matches(|c: char| matches!(c, '—' | '-' | '–' | '－' | '·'));
    if t.is_empty() {
        return false;
    }
    if t.chars().all(|c| c.is_ascii_digit()) && t.len() <= 4 {
        return true;
    }
    let stripped: String = t
        .chars()
        .filter(|c| !c.is_ascii_digit() && !matches!(c, '/' | '第' | '页' | '共' | '，' | ','))
        .collect();
    stripped.is_empty() && t.chars().any(|c| c.is_ascii_digit()) && t.chars().count() <= 12
}

/// A table cell as placed on its page: the cell, and its left and right edges (to re-span it when the table goes
/// on over a page whose part of it has other column lines).
struct Placed {
    cell: SourceCell,
    x0: f32,
    x1: f32,
}

/// A table as found on one page.
struct PageTable {
    top: f32,
    rows: Vec<Vec<Placed>>,
    xs: Vec<f32>,
}

impl PageTable {
    /// Its outer edges match `other`'s: the same table going on.
    fn same_outline(&self, other: &PageTable) -> bool {
        let edges = |t: &PageTable| (t.xs.first().copied(), t.xs.last().copied());
        match (edges(self), edges(other)) {
            ((Some(a0), Some(a1)), (Some(b0), Some(b1))) => {
                (a0 - b0).abs() <= SNAP * 2.0 && (a1 - b1).abs() <= SNAP * 2.0
            }
            _ => false,
        }
    }

    /// The rows of the part on the next page, after the header rows it repeats; a cell at its top under a merged
    /// cell that reached the page's end is that cell going on: empty (a browser prints the text once), or holding
    /// the rest of its text (LibreOffice breaks a merged cell's lines over the pages: （三） on one, 不予公开 on
    /// the next), which then joins the text above — unless it starts with a numbering of its own (（四）…), a cell
    /// of its own beginning at the page's top.
    fn append(&mut self, mut more: PageTable) {
        let same = |a: &[Placed], b: &[Placed]| {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(x, y)| x.cell == y.cell && (x.x0 - y.x0).abs() <= SNAP * 2.0)
        };
        let repeated = self
            .rows
            .iter()
            .zip(&more.rows)
            .take_while(|(a, b)| same(a, b))
            .count();
        if repeated < self.rows.len() {
            more.rows.drain(..repeated);
        }
        if let Some(first) = more.rows.first_mut() {
            let end = self.rows.len();
            let mut kept = Vec::new();
            for placed in first.drain(..) {
                let mut merged = false;
                let text = placed.cell.text.trim();
                // Only a label goes on this way (words, not a figure), under a label.
                let words = |t: &str| t.chars().any(|c| c as u32 >= 0x3400);
                let rest_of_text = words(text) && !starts_numbered(text);
                'find: for (r, row) in self.rows.iter_mut().enumerate() {
                    for above in row.iter_mut() {
                        let goes_on = text.is_empty()
                            || (rest_of_text
                                && words(&above.cell.text)
                                && (above.cell.rowspan > 1 || placed.cell.rowspan > 1));
                        if goes_on
                            && r + above.cell.rowspan as usize == end
                            && (above.x0 - placed.x0).abs() <= SNAP * 2.0
                            && (above.x1 - placed.x1).abs() <= SNAP * 2.0
                        {
                            above.cell.rowspan =
                                above.cell.rowspan.saturating_add(placed.cell.rowspan);
                            if !text.is_empty() {
                                above.cell.text.push('\n');
                                above.cell.text.push_str(text);
                            }
                            merged = true;
                            break 'find;
                        }
                    }
                }
                if !merged {
                    kept.push(placed);
                }
            }
            *first = kept;
            if first.is_empty() {
                more.rows.remove(0);
            }
        }
        self.xs.extend(more.xs);
        snap(&mut self.xs);
        self.rows.extend(more.rows);
    }

    /// The table, each cell's colspan counted in the columns of all its parts.
    fn into_table(self) -> SourceTable {
        let xs = self.xs;
        let rows = self
            .rows
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|p| {
                        let inside = xs
                            .iter()
                            .filter(|&&x| x > p.x0 + SNAP && x < p.x1 - SNAP)
                            .count();
                        SourceCell {
                            colspan: u16::try_from(inside + 1).unwrap_or(u16::MAX),
                            ..p.cell
                        }
                    })
                    .collect()
            })
            .collect();
        SourceTable { rows }
    }
}

/// Whether a line starts with a heading's number: 一、 （一） (一) 1. 1、 1．
fn starts_numbered(text: &str) -> bool {
    const NUMERALS: &str = "一二三四五六七八九十百零";
    let mut chars = text.trim_start().chars().peekable();
    let open = chars.next_if(|&c| c == '（' || c == '(').is_some();
    let mut digits = 0;
    while chars
        .next_if(|c| NUMERALS.contains(*c) || c.is_ascii_digit())
        .is_some()
    {
        digits += 1;
    }
    if digits == 0 || digits > 4 {
        return false;
    }
    match chars.next() {
        Some('）' | ')') => open,
        Some('、' | '.' | '．') => !open,
        _ => false,
    }
}

/// One item of a page in reading order: a line outside tables, or a table.
enum Item {
    Line(Line),
    Table(PageTable),
}

impl Item {
    fn top(&self) -> f32 {
        match self {
            Item::Line(line) => line.y + line.size,
            Item::Table(table) => table.top,
        }
    }
}

fn page_items(page: Page) -> (Vec<Item>, f32, f32, f32) {
    let grids = grids(page.segments);
    let mut in_cells: Vec<Vec<Vec<Glyph>>> = grids
        .iter()
        .map(|g| vec![Vec::new(); g.cells.len()])
        .collect();
    let mut outside = Vec::new();
    for glyph in page.glyphs {
        let center = glyph.center();
        let placed = grids.iter().enumerate().find_map(|(i, grid)| {
            grid.contains(center)
                .then(|| grid.cell_at(center).map(|c| (i, c)))
                .flatten()
        });
        match placed {
            Some((g, c)) => in_cells[g][c].push(glyph),
            None => outside.push(glyph),
        }
    }
    let mut items: Vec<Item> = Vec::new();
    for (grid, cells) in grids.into_iter().zip(in_cells) {
        let row_count = grid.ys.len() - 1;
        // A grid row in which no cell starts (a line drawn across only part of the table) is no printed row.
        let mut starts = vec![false; row_count];
        for &(row, _, _, _) in &grid.cells {
            starts[row] = true;
        }
        let mut rows: Vec<Vec<Placed>> = (0..row_count).map(|_| Vec::new()).collect();
        for (&(row, col, rowspan, colspan), glyphs) in grid.cells.iter().zip(cells) {
            let text = lines(glyphs)
                .iter()
                .map(Line::text)
                .collect::<Vec<_>>()
                .join("\n");
            let printed_rows = starts[row..(row + rowspan).min(row_count)]
                .iter()
                .filter(|&&s| s)
                .count();
            rows[row].push(Placed {
                cell: SourceCell {
                    text,
                    colspan: u16::try_from(colspan).unwrap_or(u16::MAX),
                    rowspan: u16::try_from(printed_rows.max(1)).unwrap_or(u16::MAX),
                },
                x0: grid.xs[col],
                x1: grid.xs[(col + colspan).min(grid.xs.len() - 1)],
            });
        }
        let rows: Vec<Vec<Placed>> = rows.into_iter().filter(|r| !r.is_empty()).collect();
        items.push(Item::Table(PageTable {
            top: grid.ys[0],
            rows,
            xs: grid.xs,
        }));
    }
    let height = page.top - page.bottom;
    for line in lines(outside) {
        let near_edge = line.y < page.bottom + height * 0.12 || line.y > page.top - height * 0.08;
        if near_edge && is_folio(&line.text()) {
            continue;
        }
        items.push(Item::Line(line));
    }
    items.sort_by(|a, b| b.top().total_cmp(&a.top()));
    // The body's left and right edges: of the lines of the page that are long enough to tell.
    let body: Vec<&Line> = items
        .iter()
        .filter_map(|i| match i {
            Item::Line(l) if l.glyphs.len() >= 8 => Some(l),
            _ => None,
        })
        .collect();
    let left = body.iter().map(|l| l.left()).fold(f32::MAX, f32::min);
    let right = body.iter().map(|l| l.right()).fold(f32::MIN, f32::max);
    // The line pitch: the smallest distance between consecutive lines of one size that occurs more than once (in
    // half points); the distance between paragraphs is larger.
    let mut gaps: HashMap<i32, usize> = HashMap::new();
    for pair in items.windows(2) {
        if let [Item::Line(a), Item::Line(b)] = pair {
            if (a.size - b.size).abs() <= a.size * 0.15 {
                *gaps.entry(((a.y - b.y) * 2.0).round() as i32).or_default() += 1;
            }
        }
    }
    let repeated = gaps.iter().filter(|&(_, &n)| n > 1).map(|(&g, _)| g).min();
    let pitch = repeated
        .or_else(|| gaps.keys().copied().min())
        .map_or(0.0, |gap| gap as f32 / 2.0);
    (items, left, right, pitch)
}

/// The pages' items into blocks: lines into paragraphs, tables continued over a page break into one.
fn assemble(pages: Vec<Page>) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    // The last table, while nothing but a page break follows it: it may go on on the next page.
    let mut pending: Option<PageTable> = None;
    // The paragraph being built: its text, the previous line, the page's edges.
    struct Open {
        text: String,
        y: f32,
        size: f32,
        right: f32,
        ends_full: bool,
        centered: bool,
    }
    let mut paragraph: Option<Open> = None;
    let flush = |paragraph: &mut Option<Open>, blocks: &mut Vec<Block>| {
        if let Some(p) = paragraph.take() {
            let text = p.text.trim().to_owned();
            if !text.is_empty() {
                blocks.push(Block::Paragraph(text));
            }
        }
    };
    for (page_number, page) in pages.into_iter().enumerate() {
        let (items, left, right, pitch) = page_items(page);
        let page_width_center = if left < right {
            (left + right) / 2.0
        } else {
            f32::NAN
        };
        let mut first_on_page = true;
        for item in items {
            match item {
                Item::Table(table) => {
                    let continues = first_on_page
                        && page_number > 0
                        && paragraph.is_none()
                        && pending
                            .as_ref()
                            .is_some_and(|prev| prev.same_outline(&table));
                    flush(&mut paragraph, &mut blocks);
                    match pending.as_mut() {
                        Some(prev) if continues => prev.append(table),
                        _ => {
                            if let Some(done) = pending.replace(table) {
                                blocks.push(Block::Table(done.into_table()));
                            }
                        }
                    }
                }
                Item::Line(line) => {
                    if let Some(done) = pending.take() {
                        blocks.push(Block::Table(done.into_table()));
                    }
                    let text = line.text();
                    let (l, r) = (line.left(), line.right());
                    let centered = page_width_center.is_finite()
                        && ((l + r) / 2.0 - page_width_center).abs() < line.size * 1.5
                        && l > left + line.size * 2.0;
                    let indented = l > left + line.size * 1.2;
                    // Chinese line breaking may leave a line up to two characters short of the edge.
                    let ends_full = r >= right - line.size * 2.5;
                    let joins = paragraph.as_ref().is_some_and(|p| {
                        let same_size = (p.size - line.size).abs() <= p.size * 0.15;
                        let gap = if first_on_page { 0.0 } else { p.y - line.y };
                        let size = p.size.max(line.size);
                        let close = if (size * 0.9..=size * 4.0).contains(&pitch) {
                            gap <= pitch * 1.25 + 0.5
                        } else {
                            gap <= size * 2.2
                        };
                        // A numbered heading after a finished sentence starts anew, indented or not.
                        let heading = p.text.ends_with(['。', '；', '：', '！', '？'])
                            && starts_numbered(&text);
                        same_size
                            && close
                            && !heading
                            && ((p.ends_full && !indented && !centered)
                                || (p.centered && centered && gap > 0.0))
                    });
                    if joins {
                        if let Some(p) = paragraph.as_mut() {
                            let latin_end = p
                                .text
                                .chars()
                                .last()
                                .is_some_and(|c| c.is_ascii_alphanumeric());
                            let latin_start = text
                                .chars()
                                .next()
                                .is_some_and(|c| c.is_ascii_alphanumeric());
                            if latin_end && latin_start {
                                p.text.push(' ');
                            }
                            p.text.push_str(&text);
                            p.y = line.y;
                            p.ends_full = ends_full;
                            p.right = r;
                        }
                    } else {
                        flush(&mut paragraph, &mut blocks);
                        paragraph = Some(Open {
                            text,
                            y: line.y,
                            size: line.size,
                            right: r,
                            ends_full,
                            centered,
                        });
                    }
                }
            }
            first_on_page = false;
        }
        // A paragraph that ends a page goes on only if its last line was full.
        if let Some(p) = &paragraph {
            let _ = p.right;
            if !p.ends_full {
                flush(&mut paragraph, &mut blocks);
            }
        }
    }
    if let Some(done) = pending.take() {
        blocks.push(Block::Table(done.into_table()));
    }
    flush(&mut paragraph, &mut blocks);
    blocks.retain(|b| !matches!(b, Block::Table(t) if t.rows.is_empty()));
    blocks
}

include!("pdf_cjk.rs");

#[path = "pdf_font.rs"]
mod pdf_font;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_read_as_ideographs() {
        assert_eq!(normalize("⼀、总体情况"), "一、总体情况");
        assert_eq!(normalize("⾏政"), "行政");
        assert_eq!(normalize("⻔⼾ 人⺠"), "门户 人民");
        assert_eq!(normalize("abc"), "abc");
    }

    #[test]
    fn numbered_headings_are_told_from_text() {
        for heading in [
            "一、总体情况",
            "（三）政府信息管理",
            "(二)依申请公开",
            "2.重复申请",
            "十二、其他",
        ] {
            assert!(starts_numbered(heading), "{heading}");
        }
        for text in [
            "2024年，临川区",
            "（本列数据）",
            "一是丰富",
            "（一",
            "12345、",
        ] {
            assert!(!starts_numbered(text), "{text}");
        }
    }

    #[test]
    fn page_numbers_are_told_from_figures_in_text() {
        for folio in ["— 3 —", "- 12 -", "7", "第 3 页", "第3页 共5页", "3/5"] {
            assert!(is_folio(folio), "{folio}");
        }
        for text in ["一、总体情况", "2025年", "12件", "（一）"] {
            assert!(!is_folio(text), "{text}");
        }
    }
}
