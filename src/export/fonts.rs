//! The three faces a document is set in, read once from the fonts that scripts/fonts.py makes (a GB 2312 subset
//! of each), and their metrics: which glyph prints a character and how far it advances. Layout measures with
//! these; the PDF writer embeds them.
//!
//! The command line reads whole fonts. The browser fetches a face in pieces (scripts/fonts.py, "Slices"): a base
//! with every character's glyph number and metrics, and slices of glyph outlines, frequent characters first.
//! [`SlicedFace`] puts a face together from its base and whatever slices it has; such a face measures every
//! character, and knows which glyphs it cannot draw yet ([`FontFace::loaded`]), so the writer refuses to print
//! them rather than print blanks.

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// The faces a document is set in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    /// Song: body text, the title, tables.
    Serif,
    /// Hei: level-1 headings, table headers.
    Sans,
    /// Kai: level-2 headings.
    Kai,
}

impl Face {
    pub const ALL: [Face; 3] = [Face::Serif, Face::Sans, Face::Kai];

    /// The face's name in the fonts' manifest and file names (serif.ttf, serif-base.bin …).
    pub fn stem(self) -> &'static str {
        match self {
            Face::Serif => "serif",
            Face::Sans => "sans",
            Face::Kai => "kai",
        }
    }

    pub fn postscript_name(self) -> &'static str {
        match self {
            Face::Serif => "NianbaoSerifSC-Regular",
            Face::Sans => "NianbaoSansSC-Regular",
            Face::Kai => "NianbaoKai-Regular",
        }
    }
}

/// A font file that cannot be read as a font with glyphs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadFont;

impl fmt::Display for BadFont {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("字体文件无法读取，请刷新页面后重试")
    }
}

impl std::error::Error for BadFont {}

/// One font, parsed once and kept for every export: its file and what layout and the PDF writer read from it.
pub struct FontFace {
    bytes: Vec<u8>,
    /// Each character's glyph (from the font's Unicode cmap; .notdef left out).
    glyphs: HashMap<char, u16>,
    /// Each glyph's advance in font units.
    advances: Vec<u16>,
    units_per_em: u16,
    /// Ascender, descender (hhea) and the bounding box of all glyphs (head), in font units.
    ascent: i16,
    descent: i16,
    bbox: [i16; 4],
    /// For a face put together from slices: where each slice ends (the first glyph after it) and whether it is
    /// here. `None` for a whole font.
    slices: Option<(Vec<u16>, Vec<bool>)>,
}

impl FontFace {
    pub fn from_bytes(bytes: &[u8]) -> Result<FontFace, BadFont> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font::read_cmap_subtable;
        use allsorts::tables::cmap::Cmap;
        use allsorts::tables::{
            FontTableProvider, HeadTable, HheaTable, HmtxTable, MaxpTable, OpenTypeFont,
        };
        use allsorts::tag;
        let data = ReadScope::new(bytes)
            .read::<OpenTypeFont<'_>>()
            .map_err(|_| BadFont)?;
        let provider = data.table_provider(0).map_err(|_| BadFont)?;
        let table = |tag| provider.read_table_data(tag).map_err(|_| BadFont);
        let head_data = table(tag::HEAD)?;
        let head = ReadScope::new(&head_data)
            .read::<HeadTable>()
            .map_err(|_| BadFont)?;
        let hhea_data = table(tag::HHEA)?;
        let hhea = ReadScope::new(&hhea_data)
            .read::<HheaTable>()
            .map_err(|_| BadFont)?;
        let maxp_data = table(tag::MAXP)?;
        let maxp = ReadScope::new(&maxp_data)
            .read::<MaxpTable>()
            .map_err(|_| BadFont)?;
        let hmtx_data = table(tag::HMTX)?;
        let hmtx = ReadScope::new(&hmtx_data)
            .read_dep::<HmtxTable<'_>>((
                usize::from(maxp.num_glyphs),
                usize::from(hhea.num_h_metrics),
            ))
            .map_err(|_| BadFont)?;
        let advances = (0..maxp.num_glyphs)
            .map(|g| hmtx.horizontal_advance(g).unwrap_or(0))
            .collect();
        let cmap_data = table(tag::CMAP)?;
        let cmap = ReadScope::new(&cmap_data)
            .read::<Cmap<'_>>()
            .map_err(|_| BadFont)?;
        let (_, subtable) = read_cmap_subtable(&cmap)
            .map_err(|_| BadFont)?
            .ok_or(BadFont)?;
        let mut glyphs = HashMap::new();
        subtable
            .mappings_fn(|code, glyph| {
                if let Some(c) = char::from_u32(code).filter(|_| glyph != 0) {
                    glyphs.insert(c, glyph);
                }
            })
            .map_err(|_| BadFont)?;
        if head.units_per_em == 0 || glyphs.is_empty() {
            return Err(BadFont);
        }
        Ok(FontFace {
            bytes: bytes.to_vec(),
            glyphs,
            advances,
            units_per_em: head.units_per_em,
            ascent: hhea.ascender,
            descent: hhea.descender,
            bbox: [head.x_min, head.y_min, head.x_max, head.y_max],
            slices: None,
        })
    }

    /// A face not fetched: it has no characters, so layout sets nothing in it (see [`super::layout::faces`]).
    pub fn none() -> FontFace {
        FontFace {
            bytes: Vec::new(),
            glyphs: HashMap::new(),
            advances: Vec::new(),
            units_per_em: 1000,
            ascent: 0,
            descent: 0,
            bbox: [0; 4],
            slices: None,
        }
    }

    /// The slice that holds a glyph's outline (0 for a whole font).
    pub fn slice_of(&self, glyph: u16) -> usize {
        match &self.slices {
            Some((ends, _)) => ends.partition_point(|&end| end <= glyph),
            None => 0,
        }
    }

    /// Whether the face can draw a glyph: a whole font always, a sliced one once the glyph's slice is here.
    pub fn loaded(&self, glyph: u16) -> bool {
        match &self.slices {
            Some((_, here)) => here.get(self.slice_of(glyph)).copied().unwrap_or(false),
            None => true,
        }
    }

    /// The glyph that prints `c`; `None` when the font has none (.notdef does not count).
    pub fn glyph(&self, c: char) -> Option<u16> {
        self.glyphs.get(&c).copied()
    }

    /// The advance of a glyph in ems.
    pub fn advance(&self, glyph: u16) -> f32 {
        f32::from(self.advances.get(usize::from(glyph)).copied().unwrap_or(0))
            / f32::from(self.units_per_em)
    }

    /// How many glyphs the font has.
    pub fn glyph_count(&self) -> u16 {
        self.advances.len() as u16
    }

    /// Every character the font prints, with its glyph.
    pub fn chars(&self) -> impl Iterator<Item = (char, u16)> + '_ {
        self.glyphs.iter().map(|(&c, &g)| (c, g))
    }

    /// A length in font units in thousandths of an em (PDF glyph space).
    pub fn thousandths(&self, units: i16) -> i32 {
        (i32::from(units) * 1000).div_euclid(i32::from(self.units_per_em))
    }

    /// Ascender and descender in font units.
    pub fn ascent_descent(&self) -> (i16, i16) {
        (self.ascent, self.descent)
    }

    /// The bounding box of all glyphs in font units: x min, y min, x max, y max.
    pub fn bbox(&self) -> [i16; 4] {
        self.bbox
    }

    /// The font file as it was read.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// The three faces of a document.
pub struct Fonts {
    pub serif: FontFace,
    pub sans: FontFace,
    pub kai: FontFace,
}

impl Fonts {
    /// Reads the fonts that scripts/fonts.py makes (serif.ttf, sans.ttf, kai.ttf).
    pub fn from_bytes(serif: &[u8], sans: &[u8], kai: &[u8]) -> Result<Fonts, BadFont> {
        Ok(Fonts {
            serif: FontFace::from_bytes(serif)?,
            sans: FontFace::from_bytes(sans)?,
            kai: FontFace::from_bytes(kai)?,
        })
    }

    pub fn face(&self, face: Face) -> &FontFace {
        match face {
            Face::Serif => &self.serif,
            Face::Sans => &self.sans,
            Face::Kai => &self.kai,
        }
    }
}

/// The manifest of the sliced fonts, fonts.json (scripts/fonts.py): a version, and each face's files.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub version: String,
    pub faces: BTreeMap<String, FaceFiles>,
}

/// One face's files: its base, how many glyphs it has, and its slices in glyph order.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct FaceFiles {
    pub base: String,
    pub size: u64,
    pub glyphs: u16,
    pub slices: Vec<SliceFile>,
}

/// A slice: its file, the first glyph after it, its size in bytes.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct SliceFile {
    pub file: String,
    pub end: u16,
    pub size: u64,
}

impl Manifest {
    /// Reads fonts.json; `None` unless it names the three faces with slices that end in increasing order at their
    /// glyph counts.
    pub fn read(json: &str) -> Option<Manifest> {
        let manifest: Manifest = serde_json::from_str(json).ok()?;
        let sound = Face::ALL.iter().all(|face| {
            manifest.faces.get(face.stem()).is_some_and(|files| {
                !files.slices.is_empty()
                    && files.slices.windows(2).all(|w| w[0].end < w[1].end)
                    && files.slices.last().map(|s| s.end) == Some(files.glyphs)
                    && files.slices[0].end > 0
            })
        });
        sound.then_some(manifest)
    }

    pub fn face(&self, face: Face) -> &FaceFiles {
        &self.faces[face.stem()]
    }
}

/// A face being put together from its base and slices (scripts/fonts.py, "Slices").
pub struct SlicedFace {
    /// The base's tables, by tag.
    tables: BTreeMap<[u8; 4], Vec<u8>>,
    glyphs: u16,
    ends: Vec<u16>,
    /// Each slice's glyph outlines, once here, split per glyph.
    slices: Vec<Option<Vec<Vec<u8>>>>,
}

impl SlicedFace {
    /// A face with no slices yet, from its base file.
    pub fn new(base: &[u8], files: &FaceFiles) -> Result<SlicedFace, BadFont> {
        let tables = sfnt::read(base).ok_or(BadFont)?;
        for tag in [b"head", b"hhea", b"hmtx", b"maxp", b"cmap"] {
            if !tables.contains_key(tag) {
                return Err(BadFont);
            }
        }
        let glyphs = sfnt::u16_at(&tables[b"maxp"], 4).ok_or(BadFont)?;
        if glyphs != files.glyphs || tables[b"head"].len() < 54 {
            return Err(BadFont);
        }
        Ok(SlicedFace {
            tables,
            glyphs,
            ends: files.slices.iter().map(|s| s.end).collect(),
            slices: vec![None; files.slices.len()],
        })
    }

    pub fn len(&self) -> usize {
        self.slices.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slices.is_empty()
    }

    pub fn has(&self, slice: usize) -> bool {
        self.slices.get(slice).is_some_and(Option::is_some)
    }

    /// Adds a slice's file: its glyphs' offsets (one more than it has glyphs, from 0, never decreasing, the last
    /// its outlines' length), then the outlines.
    pub fn add(&mut self, slice: usize, bytes: &[u8]) -> Result<(), BadFont> {
        let start = match slice {
            0 => 0,
            n => *self.ends.get(n - 1).ok_or(BadFont)?,
        };
        let end = *self.ends.get(slice).ok_or(BadFont)?;
        let count = usize::from(end - start);
        let head = 4 * (count + 1);
        let outlines = bytes.get(head..).ok_or(BadFont)?;
        let offsets: Vec<usize> = (0..=count)
            .map(|i| sfnt::u32_at(bytes, 4 * i).map(|o| o as usize))
            .collect::<Option<_>>()
            .ok_or(BadFont)?;
        if offsets[0] != 0
            || offsets.windows(2).any(|w| w[0] > w[1])
            || offsets[count] != outlines.len()
        {
            return Err(BadFont);
        }
        let glyphs = offsets
            .windows(2)
            .map(|w| outlines[w[0]..w[1]].to_vec())
            .collect();
        self.slices[slice] = Some(glyphs);
        Ok(())
    }

    /// The face as it stands: every character measured, the glyphs of the slices here drawn.
    pub fn face(&self) -> Result<FontFace, BadFont> {
        let bytes = self.assemble();
        let mut face = FontFace::from_bytes(&bytes)?;
        face.slices = Some((
            self.ends.clone(),
            self.slices.iter().map(Option::is_some).collect(),
        ));
        Ok(face)
    }

    /// A TrueType font of the base's tables, glyf and loca of the slices here (a missing glyph empty), and each
    /// glyph's left side bearing from its outline.
    fn assemble(&self) -> Vec<u8> {
        let mut glyf = Vec::new();
        let mut loca = Vec::with_capacity(4 * (usize::from(self.glyphs) + 1));
        let mut hmtx = self.tables[b"hmtx"].clone();
        let metrics = sfnt::u16_at(&self.tables[b"hhea"], 34).unwrap_or(0);
        let mut glyph: u16 = 0;
        for (n, slice) in self.slices.iter().enumerate() {
            let end = self.ends[n];
            let count = end - glyph;
            for i in 0..count {
                loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());
                if let Some(outline) = slice.as_ref().map(|s| &s[usize::from(i)]) {
                    // xMin, the left side bearing a renderer places the outline by.
                    if let Some(x_min) = outline.get(2..4) {
                        let g = glyph + i;
                        let at = if g < metrics {
                            4 * usize::from(g) + 2
                        } else {
                            4 * usize::from(metrics) + 2 * usize::from(g - metrics)
                        };
                        if let Some(lsb) = hmtx.get_mut(at..at + 2) {
                            lsb.copy_from_slice(x_min);
                        }
                    }
                    glyf.extend_from_slice(outline);
                    glyf.resize(glyf.len().next_multiple_of(4), 0);
                }
            }
            glyph = end;
        }
        loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());
        let mut tables = self.tables.clone();
        // Long offsets (indexToLocFormat 1).
        tables.get_mut(b"head").expect("checked in new")[50..52]
            .copy_from_slice(&1u16.to_be_bytes());
        tables.insert(*b"hmtx", hmtx);
        tables.insert(*b"glyf", glyf);
        tables.insert(*b"loca", loca);
        sfnt::write(&tables)
    }
}

/// A TrueType font program as a PDF embeds it under a CID font with glyph numbers for codes (ISO 32000-1, 9.9):
/// only the tables that draw and measure glyphs (glyf, loca, head, hhea, hmtx, maxp and any hinting tables); the
/// character map, names and PostScript data are not read there, so they are left out (as pdfkit does). `None` for
/// bytes that are not a TrueType font.
pub fn pdf_program(bytes: &[u8]) -> Option<Vec<u8>> {
    const KEPT: [&[u8; 4]; 9] = [
        b"glyf", b"loca", b"head", b"hhea", b"hmtx", b"maxp", b"cvt ", b"fpgm", b"prep",
    ];
    let mut tables = sfnt::read(bytes)?;
    tables.retain(|tag, _| KEPT.contains(&tag));
    Some(sfnt::write(&tables))
}

/// The sfnt container (OpenType's table directory), just enough to take a base apart and write a font.
mod sfnt {
    use std::collections::BTreeMap;

    pub fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
        Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
    }

    pub fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
        Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
    }

    pub fn read(bytes: &[u8]) -> Option<BTreeMap<[u8; 4], Vec<u8>>> {
        if u32_at(bytes, 0)? != 0x0001_0000 {
            return None;
        }
        let count = usize::from(u16_at(bytes, 4)?);
        let mut tables = BTreeMap::new();
        for i in 0..count {
            let at = 12 + 16 * i;
            let tag: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
            let offset = u32_at(bytes, at + 8)? as usize;
            let length = u32_at(bytes, at + 12)? as usize;
            let data = bytes.get(offset..offset.checked_add(length)?)?;
            tables.insert(tag, data.to_vec());
        }
        Some(tables)
    }

    fn checksum(data: &[u8]) -> u32 {
        data.chunks(4).fold(0u32, |sum, chunk| {
            let mut word = [0u8; 4];
            word[..chunk.len()].copy_from_slice(chunk);
            sum.wrapping_add(u32::from_be_bytes(word))
        })
    }

    /// Tables in tag order, each 4-byte aligned, with checksums and head's checkSumAdjustment.
    pub fn write(tables: &BTreeMap<[u8; 4], Vec<u8>>) -> Vec<u8> {
        let count = tables.len() as u16;
        let shift = 15 - count.max(1).leading_zeros() as u16;
        let range = 16u16 << shift;
        let mut out = Vec::new();
        out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
        for field in [count, range, shift, count * 16 - range] {
            out.extend_from_slice(&field.to_be_bytes());
        }
        let mut offset = 12 + 16 * tables.len();
        let mut head_at = None;
        let mut body = Vec::new();
        for (tag, data) in tables {
            let mut data = data.clone();
            if tag == b"head" {
                data[8..12].fill(0);
                head_at = Some(offset + 8);
            }
            out.extend_from_slice(tag);
            out.extend_from_slice(&checksum(&data).to_be_bytes());
            out.extend_from_slice(&(offset as u32).to_be_bytes());
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            data.resize(data.len().next_multiple_of(4), 0);
            offset += data.len();
            body.extend_from_slice(&data);
        }
        out.extend_from_slice(&body);
        if let Some(at) = head_at {
            let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
            out[at..at + 4].copy_from_slice(&adjustment.to_be_bytes());
        }
        out
    }
}

/// The fonts scripts/setup.sh makes in assets/fonts, for tests that measure real text.
#[cfg(test)]
pub(crate) fn setup_fonts() -> &'static Fonts {
    use std::sync::OnceLock;
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts");
        let read = |name: &str| {
            std::fs::read(dir.join(name)).unwrap_or_else(|e| {
                panic!("assets/fonts/{name}: {e}; scripts/setup.sh makes the PDF fonts (scripts/fonts.py)")
            })
        };
        Fonts::from_bytes(&read("serif.ttf"), &read("sans.ttf"), &read("kai.ttf")).unwrap()
    })
}
