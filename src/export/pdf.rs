//! The PDF writer: laid-out pages ([`super::layout`]) into a PDF with printpdf, its fonts embedded as subsets of
//! the glyphs the document uses.
//!
//! Fonts come in whole (a GB 2312 subset made at setup, see scripts/fonts.py); printpdf with its default features
//! off embeds a font as given, so the subset is made here with allsorts, the font library printpdf itself is built
//! on. Subsetting lives with the writer rather than with the fonts because it is a need of embedding in a PDF (the
//! subset tag is a PDF convention); layout only measures.

pub use super::fonts::Fonts;

use super::document::Document;
use super::fonts::{BadFont, Face, FontFace};
use super::layout::geometry::{LEFT, MM, PAGE_H, PAGE_W, RULE, TOP};
use super::layout::{lay_out, Layout, Page};
use printpdf::{
    Color, FontId, Greyscale, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Pt, Rect, TextItem, TextMatrix, TextRenderingMode,
};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

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

/// A new font holding only `glyphs` (and .notdef) of `face`, for embedding.
fn subset_font(
    face: &FontFace,
    glyphs: &BTreeSet<u16>,
    name: String,
) -> Result<ParsedFont, PdfError> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};
    let scope = ReadScope::new(face.bytes());
    let data = scope
        .read::<FontData<'_>>()
        .map_err(|e| PdfError::Subset(e.to_string()))?;
    let provider = data
        .table_provider(0)
        .map_err(|e| PdfError::Subset(e.to_string()))?;
    let ids: Vec<u16> = std::iter::once(0)
        .chain(glyphs.iter().copied().filter(|&g| g != 0))
        .collect();
    let bytes = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| PdfError::Subset(e.to_string()))?;
    let mut font = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new()).ok_or(PdfError::BadFont)?;
    font.font_name = Some(name);
    Ok(font)
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

fn write(pages: &[Page], fonts: &Fonts, title: &str, created: i64) -> Result<Vec<u8>, PdfError> {
    let mut doc = PdfDocument::new(title);
    if let Ok(when) = printpdf::OffsetDateTime::from_unix_timestamp(created) {
        doc.metadata.info.creation_date = when;
        doc.metadata.info.modification_date = when;
        doc.metadata.info.metadata_date = when;
    }
    let ids = embed_fonts(&mut doc, pages, fonts)?;
    let pdf_pages = pages
        .iter()
        .map(|page| PdfPage::new(Mm(PAGE_W / MM), Mm(PAGE_H / MM), page_ops(page, &ids)))
        .collect();
    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    Ok(doc.with_pages(pdf_pages).save(&options, &mut warnings))
}

/// Embeds each face the pages use as a subset of the glyphs they use.
fn embed_fonts(
    doc: &mut PdfDocument,
    pages: &[Page],
    fonts: &Fonts,
) -> Result<BTreeMap<Face, FontId>, PdfError> {
    let used = used_glyphs(pages, fonts);
    let mut ids = BTreeMap::new();
    for face in Face::ALL {
        if let Some(glyphs) = used.get(&face) {
            let name = format!("{}+{}", subset_tag(glyphs), face.postscript_name());
            let font = subset_font(fonts.face(face), glyphs, name)?;
            ids.insert(face, doc.add_font(&font));
        }
    }
    Ok(ids)
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
fn page_ops(page: &Page, ids: &BTreeMap<Face, FontId>) -> Vec<Op> {
    let mut ops = Vec::with_capacity(page.runs.len() * 3 + page.frames.len() + 16);
    if !page.frames.is_empty() {
        ops.push(Op::SetOutlineColor {
            col: Color::Greyscale(Greyscale::new(0.0, None)),
        });
        ops.push(Op::SetOutlineThickness { pt: Pt(RULE) });
        for frame in &page.frames {
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(LEFT + frame.x),
                    y: Pt(PAGE_H - TOP - frame.y - frame.h),
                    width: Pt(frame.w),
                    height: Pt(frame.h),
                    mode: Some(PaintMode::Stroke),
                    winding_order: None,
                },
            });
        }
    }
    ops.push(Op::StartTextSection);
    let mut font: Option<(Face, f32)> = None;
    let mut spacing = 0.0;
    let mut bold = false;
    for run in page.runs.iter().chain(std::iter::once(&page.folio)) {
        if font != Some((run.face, run.size)) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(ids[&run.face].clone()),
                size: Pt(run.size),
            });
            font = Some((run.face, run.size));
        }
        if run.spacing != spacing {
            ops.push(Op::SetCharacterSpacing {
                multiplier: run.spacing,
            });
            spacing = run.spacing;
        }
        if run.bold != bold {
            if run.bold {
                ops.push(Op::SetOutlineThickness {
                    pt: Pt(TITLE_STROKE),
                });
            }
            ops.push(Op::SetTextRenderingMode {
                mode: if run.bold {
                    TextRenderingMode::FillStroke
                } else {
                    TextRenderingMode::Fill
                },
            });
            bold = run.bold;
        }
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(LEFT + run.x), Pt(PAGE_H - TOP - run.baseline)),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(run.text.clone())],
        });
    }
    ops.push(Op::EndTextSection);
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
