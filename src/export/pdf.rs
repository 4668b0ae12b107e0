//! The PDF writer: laid-out pages ([`super::layout`]) into a PDF, its fonts embedded as subsets of the glyphs the
//! document uses.
//!
//! The file is written here, object by object (ISO 32000-1): a catalog, the pages, the document information, and
//! per face a Type 0 font over a CID TrueType font (Identity-H, glyph numbers as codes) with its widths, its
//! subset program (made with allsorts) and a ToUnicode map, so that text can be searched and copied. The pages
//! draw rules and text only, a handful of operators. printpdf, used before, made the PDF worker 922 KB brotli (its
//! serializer reached its 14 built-in fonts' data and lopdf); with this writer the worker is 319 KB.
//!
//! Subsetting lives with the writer rather than with the fonts because it is a need of embedding in a PDF (the
//! subset tag is a PDF convention); layout only measures.

pub use super::fonts::Fonts;

use super::document::Document;
use super::fonts::{pdf_program, BadFont, Face, FontFace};
use super::layout::geometry::{LEFT, PAGE_H, PAGE_W, RULE, TOP};
use super::layout::{lay_out, Layout, Page};
use crate::model::year::civil_from_days;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};

/// Stroke that thickens the title's Song face towards 小标宋.
const TITLE_STROKE: f32 = 0.45;

/// The file and what is worth telling about it.
#[derive(Clone, Debug)]
pub struct PdfExport {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters no font has; each is printed as □.
    pub missing: Vec<char>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PdfError {
    BadFont,
    Subset(String),
    /// The report prints these characters and the fonts' slices that draw them are not here (offline, never
    /// downloaded): nothing is printed rather than blanks.
    NotLoaded(Vec<char>),
}

impl From<BadFont> for PdfError {
    fn from(_: BadFont) -> Self {
        PdfError::BadFont
    }
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::BadFont => BadFont.fmt(f),
            PdfError::Subset(why) => write!(f, "生成字体子集时出错（{why}）"),
            PdfError::NotLoaded(chars) => {
                const SHOWN: usize = 40;
                let list: String = chars.iter().take(SHOWN).collect();
                let more = if chars.len() > SHOWN { "等" } else { "" };
                write!(
                    f,
                    "报告里有 {} 个字的字体还没有下载，现在无法打印：{list}{more}。\
                     请连上网络后再导出一次（字体下载后，离线也能导出）",
                    chars.len()
                )
            }
        }
    }
}

impl std::error::Error for PdfError {}

/// Lays the document out and writes the PDF, made at `created` (seconds since the epoch, UTC: the export's time,
/// which the PDF's creation and modification dates say; the caller gives it, as a web worker has no clock of the
/// standard library's).
pub fn render(document: &Document, fonts: &Fonts, created: i64) -> Result<PdfExport, PdfError> {
    render_layout(&lay_out(document, fonts), &document.title, fonts, created)
}

/// Writes the PDF of a document laid out with `fonts` (or with fonts of the same metrics: a sliced face with
/// more slices here); refuses, naming them, when it would print characters whose glyphs are not loaded.
pub fn render_layout(
    layout: &Layout,
    title: &str,
    fonts: &Fonts,
    created: i64,
) -> Result<PdfExport, PdfError> {
    let unloaded = not_loaded(&layout.pages, fonts);
    if !unloaded.is_empty() {
        return Err(PdfError::NotLoaded(unloaded));
    }
    write(&layout.pages, fonts, title, created).map(|bytes| PdfExport {
        bytes,
        pages: layout.pages.len(),
        missing: layout.missing.iter().copied().collect(),
    })
}

/// The slices of each face that the pages print from and that are not here yet.
pub fn needed_slices(layout: &Layout, fonts: &Fonts) -> BTreeMap<Face, BTreeSet<usize>> {
    let mut needed: BTreeMap<Face, BTreeSet<usize>> = BTreeMap::new();
    for (face, glyphs) in used_glyphs(&layout.pages, fonts) {
        let font = fonts.face(face);
        let slices: BTreeSet<usize> = glyphs
            .into_iter()
            .filter(|&g| !font.loaded(g))
            .map(|g| font.slice_of(g))
            .collect();
        if !slices.is_empty() {
            needed.insert(face, slices);
        }
    }
    needed
}

/// The characters the pages print whose glyphs are not loaded, in order of first use.
fn not_loaded(pages: &[Page], fonts: &Fonts) -> Vec<char> {
    let mut seen = BTreeSet::new();
    let mut chars = Vec::new();
    let folio = Page::FOLIO_CHARS.chars().map(|c| (Face::Serif, c));
    let printed = pages
        .iter()
        .flat_map(|p| &p.runs)
        .flat_map(|run| run.text.chars().map(move |c| (run.face, c)))
        .chain(folio);
    for (face, c) in printed {
        let font = fonts.face(face);
        if font.glyph(c).is_some_and(|g| !font.loaded(g)) && seen.insert(c) {
            chars.push(c);
        }
    }
    chars
}

/// A new font holding only `glyphs` (and .notdef) of `face`, for embedding: its file, read back.
fn subset_font(face: &FontFace, glyphs: &BTreeSet<u16>) -> Result<FontFace, PdfError> {
    use allsorts::binary::read::ReadScope;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};
    use allsorts::tables::OpenTypeFont;
    let scope = ReadScope::new(face.bytes());
    let data = scope
        .read::<OpenTypeFont<'_>>()
        .map_err(|e| PdfError::Subset(e.to_string()))?;
    let provider = data
        .table_provider(0)
        .map_err(|e| PdfError::Subset(e.to_string()))?;
    let ids: Vec<u16> = std::iter::once(0)
        .chain(glyphs.iter().copied().filter(|&g| g != 0))
        .collect();
    let bytes = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| PdfError::Subset(e.to_string()))?;
    Ok(FontFace::from_bytes(&bytes)?)
}

/// A subset tag (ISO 32000-1, 9.6.4): six capitals derived from the glyphs kept, so a file is reproducible.
fn subset_tag(glyphs: &BTreeSet<u16>) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for glyph in glyphs {
        for byte in glyph.to_le_bytes() {
            hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
        }
    }
    (0..6)
        .map(|_| {
            let letter = char::from(b'A' + (hash % 26) as u8);
            hash /= 26;
            letter
        })
        .collect()
}

/// A face as embedded: its resource name on the pages and the subset whose glyph numbers the pages print.
struct Embedded {
    name: &'static str,
    subset: FontFace,
}

fn write(pages: &[Page], fonts: &Fonts, title: &str, created: i64) -> Result<Vec<u8>, PdfError> {
    let mut pdf = Writer::new();
    // Objects 1–3 are the catalog, the page tree and the information dictionary, written last as they refer to
    // what follows them.
    let (catalog, tree, info) = (1, 2, 3);
    pdf.next = 4;
    let mut embedded = BTreeMap::new();
    let mut resources = String::from("<</Font<<");
    for (face, glyphs) in used_glyphs(pages, fonts) {
        let name = match face {
            Face::Serif => "F1",
            Face::Sans => "F2",
            Face::Kai => "F3",
        };
        let subset = subset_font(fonts.face(face), &glyphs)?;
        let tag = subset_tag(&glyphs);
        let font = embed_font(
            &mut pdf,
            &subset,
            &format!("{tag}+{}", face.postscript_name()),
        );
        let _ = write!(resources, "/{name} {font} 0 R");
        embedded.insert(face, Embedded { name, subset });
    }
    resources.push_str(">>>>");
    let mut kids = Vec::with_capacity(pages.len());
    for page in pages {
        let content = pdf.stream("", page_content(page, &embedded).as_bytes());
        let id = pdf.object(format!(
            "<</Type/Page/Parent {tree} 0 R/MediaBox[0 0 {} {}]/Resources{resources}/Contents {content} 0 R>>",
            num(PAGE_W),
            num(PAGE_H)
        ));
        kids.push(format!("{id} 0 R"));
    }
    pdf.set(
        tree,
        format!(
            "<</Type/Pages/Kids[{}]/Count {}>>",
            kids.join(" "),
            pages.len()
        ),
    );
    pdf.set(catalog, format!("<</Type/Catalog/Pages {tree} 0 R>>"));
    let date = pdf_date(created);
    pdf.set(
        info,
        format!(
            "<</Title{}/CreationDate({date})/ModDate({date})>>",
            text_string(title)
        ),
    );
    Ok(pdf.finish(catalog, info))
}

/// Writes a face's Type 0 font, its descendant CID font, descriptor, program and ToUnicode map; the Type 0 font's
/// object number.
fn embed_font(pdf: &mut Writer, subset: &FontFace, base_font: &str) -> u32 {
    // Widths (ISO 32000-1, 9.7.4.3): the default is an em, so only the others are listed, in runs of glyphs.
    let glyphs = subset.glyph_count();
    let mut widths = String::new();
    let mut in_run = false;
    for glyph in 0..=glyphs {
        let width = (glyph < glyphs)
            .then(|| (subset.advance(glyph) * 1000.0).round() as i32)
            .filter(|&w| w != 1000);
        match (width, in_run) {
            (Some(w), false) => {
                let _ = write!(widths, "{glyph}[{w}");
                in_run = true;
            }
            (Some(w), true) => {
                let _ = write!(widths, " {w}");
            }
            (None, true) => {
                widths.push(']');
                in_run = false;
            }
            (None, false) => {}
        }
    }
    // ToUnicode (9.10.3): each glyph's character, at most 100 entries a block.
    let mut chars: BTreeMap<u16, char> = BTreeMap::new();
    for (c, glyph) in subset.chars() {
        let entry = chars.entry(glyph).or_insert(c);
        *entry = (*entry).min(c);
    }
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(u16, char)> = chars.into_iter().collect();
    for block in entries.chunks(100) {
        let _ = writeln!(cmap, "{} beginbfchar", block.len());
        for (glyph, c) in block {
            let mut units = [0u16; 2];
            let _ = write!(cmap, "<{glyph:04X}> <");
            for unit in c.encode_utf16(&mut units).iter() {
                let _ = write!(cmap, "{unit:04X}");
            }
            cmap.push_str(">\n");
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    let to_unicode = pdf.stream("", cmap.as_bytes());
    let program = pdf_program(subset.bytes()).unwrap_or_else(|| subset.bytes().to_vec());
    let program = pdf.stream(&format!("/Length1 {}", program.len()), &program);
    let (ascent, descent) = subset.ascent_descent();
    let [x0, y0, x1, y1] = subset.bbox().map(|v| subset.thousandths(v));
    let (ascent, descent) = (subset.thousandths(ascent), subset.thousandths(descent));
    // Flags 4: symbolic (the glyphs are outside the standard Latin set).
    let descriptor = pdf.object(format!(
        "<</Type/FontDescriptor/FontName/{base_font}/Flags 4/FontBBox[{x0} {y0} {x1} {y1}]/ItalicAngle 0\
         /Ascent {ascent}/Descent {descent}/CapHeight {ascent}/StemV 80/FontFile2 {program} 0 R>>"
    ));
    let cid_font = pdf.object(format!(
        "<</Type/Font/Subtype/CIDFontType2/BaseFont/{base_font}\
         /CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>\
         /FontDescriptor {descriptor} 0 R/DW 1000/W[{widths}]/CIDToGIDMap/Identity>>"
    ));
    pdf.object(format!(
        "<</Type/Font/Subtype/Type0/BaseFont/{base_font}/Encoding/Identity-H\
         /DescendantFonts[{cid_font} 0 R]/ToUnicode {to_unicode} 0 R>>"
    ))
}

/// A PDF file being written: objects in any order, then the cross-reference table (7.5).
struct Writer {
    out: Vec<u8>,
    /// Each object's offset, by number (0 unused).
    offsets: Vec<usize>,
    /// Objects numbered early and written at the end.
    later: BTreeMap<u32, String>,
    next: u32,
}

impl Writer {
    fn new() -> Writer {
        Writer {
            // The comment's high bytes mark the file as binary (7.5.2).
            out: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec(),
            offsets: vec![0],
            later: BTreeMap::new(),
            next: 1,
        }
    }

    fn begin(&mut self, id: u32) {
        let id = id as usize;
        if self.offsets.len() <= id {
            self.offsets.resize(id + 1, 0);
        }
        self.offsets[id] = self.out.len();
        self.out
            .extend_from_slice(format!("{id} 0 obj\n").as_bytes());
    }

    /// Writes an object; its number.
    fn object(&mut self, body: String) -> u32 {
        let id = self.next;
        self.next += 1;
        self.begin(id);
        self.out.extend_from_slice(body.as_bytes());
        self.out.extend_from_slice(b"\nendobj\n");
        id
    }

    /// An object numbered before it could be written (it refers to objects written after it).
    fn set(&mut self, id: u32, body: String) {
        self.later.insert(id, body);
    }

    /// Writes a stream, compressed, with the dictionary entries `extra`; its number.
    fn stream(&mut self, extra: &str, data: &[u8]) -> u32 {
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(data, 9);
        let id = self.next;
        self.next += 1;
        self.begin(id);
        let head = format!(
            "<<{extra}/Filter/FlateDecode/Length {}>>\nstream\n",
            packed.len()
        );
        self.out.extend_from_slice(head.as_bytes());
        self.out.extend_from_slice(&packed);
        self.out.extend_from_slice(b"\nendstream\nendobj\n");
        id
    }

    fn finish(mut self, root: u32, info: u32) -> Vec<u8> {
        for (id, body) in std::mem::take(&mut self.later) {
            self.begin(id);
            self.out.extend_from_slice(body.as_bytes());
            self.out.extend_from_slice(b"\nendobj\n");
        }
        // The file identifier (14.4): a hash of the body, so the same document gives the same file.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for &byte in &self.out {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        let xref = self.out.len();
        let count = self.offsets.len();
        let mut table = format!("xref\n0 {count}\n0000000000 65535 f \n");
        for &offset in &self.offsets[1..] {
            let _ = writeln!(table, "{offset:010} 00000 n ");
        }
        let _ = write!(
            table,
            "trailer\n<</Size {count}/Root {root} 0 R/Info {info} 0 R/ID[<{hash:016X}><{hash:016X}>]>>\n\
             startxref\n{xref}\n%%EOF\n"
        );
        self.out.extend_from_slice(table.as_bytes());
        self.out
    }
}

/// A number as a PDF writes it: at most three decimals, no trailing zeros.
fn num(value: f32) -> String {
    let mut s = format!("{value:.3}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s == "-0" {
        s = "0".to_owned();
    }
    s
}

/// A text string (7.9.2.2): UTF-16BE with its byte order mark, in hexadecimal.
fn text_string(text: &str) -> String {
    let mut hex = String::from("<FEFF");
    for unit in text.encode_utf16() {
        let _ = write!(hex, "{unit:04X}");
    }
    hex.push('>');
    hex
}

/// A date (7.9.4) in UTC from seconds since the epoch.
fn pdf_date(seconds: i64) -> String {
    let (days, secs) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    let (h, min, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    format!("D:{y:04}{m:02}{d:02}{h:02}{min:02}{s:02}+00'00'")
}

/// The glyphs of each face the pages print.
fn used_glyphs(pages: &[Page], fonts: &Fonts) -> BTreeMap<Face, BTreeSet<u16>> {
    let mut used: BTreeMap<Face, BTreeSet<u16>> = BTreeMap::new();
    for run in pages.iter().flat_map(|p| &p.runs) {
        let face = fonts.face(run.face);
        let glyphs = used.entry(run.face).or_default();
        glyphs.extend(run.text.chars().filter_map(|c| face.glyph(c)));
    }
    // Whatever the page count, so that it does not change the Song subset.
    let folio_glyphs: BTreeSet<u16> = Page::FOLIO_CHARS
        .chars()
        .filter_map(|c| fonts.serif.glyph(c))
        .collect();
    used.entry(Face::Serif).or_default().extend(folio_glyphs);
    used
}

/// A page's drawing: its rules, then its text with its number last.
fn page_content(page: &Page, fonts: &BTreeMap<Face, Embedded>) -> String {
    let mut ops = String::with_capacity(page.runs.len() * 80 + page.frames.len() * 40 + 64);
    if !page.frames.is_empty() {
        let _ = writeln!(ops, "0 G\n{} w", num(RULE));
        for frame in &page.frames {
            let _ = writeln!(
                ops,
                "{} {} {} {} re S",
                num(LEFT + frame.x),
                num(PAGE_H - TOP - frame.y - frame.h),
                num(frame.w),
                num(frame.h)
            );
        }
    }
    ops.push_str("BT\n");
    let mut font: Option<(Face, f32)> = None;
    let mut spacing = 0.0;
    let mut bold = false;
    for run in page.runs.iter().chain(std::iter::once(&page.folio)) {
        let Some(embedded) = fonts.get(&run.face) else {
            continue;
        };
        if font != Some((run.face, run.size)) {
            let _ = writeln!(ops, "/{} {} Tf", embedded.name, num(run.size));
            font = Some((run.face, run.size));
        }
        if run.spacing != spacing {
            let _ = writeln!(ops, "{} Tc", num(run.spacing));
            spacing = run.spacing;
        }
        if run.bold != bold {
            if run.bold {
                let _ = writeln!(ops, "{} w", num(TITLE_STROKE));
            }
            let _ = writeln!(ops, "{} Tr", if run.bold { 2 } else { 0 });
            bold = run.bold;
        }
        let _ = write!(
            ops,
            "1 0 0 1 {} {} Tm\n<",
            num(LEFT + run.x),
            num(PAGE_H - TOP - run.baseline)
        );
        for c in run.text.chars() {
            let glyph = embedded.subset.glyph(c).unwrap_or(0);
            let _ = write!(ops, "{glyph:04X}");
        }
        ops.push_str("> Tj\n");
    }
    ops.push_str("ET\n");
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_tags_are_six_capitals_and_stable() {
        let glyphs: BTreeSet<u16> = [0, 5, 9].into_iter().collect();
        let tag = subset_tag(&glyphs);
        assert_eq!(tag.len(), 6);
        assert!(tag.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(tag, subset_tag(&glyphs));
    }
}
