//! The three faces a document is set in, read once from the fonts that scripts/fonts.py makes (a GB 2312 subset
//! of each), and their metrics: which glyph prints a character and how far it advances. Layout measures with
//! these; the PDF writer embeds them.

use printpdf::ParsedFont;
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

/// One font, parsed once and kept for every export.
pub struct FontFace {
    parsed: ParsedFont,
}

impl FontFace {
    pub fn from_bytes(bytes: &[u8]) -> Result<FontFace, BadFont> {
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).ok_or(BadFont)?;
        if parsed.units_per_em == 0 || parsed.codepoint_to_glyph.is_empty() {
            return Err(BadFont);
        }
        Ok(FontFace { parsed })
    }

    /// The glyph that prints `c`; `None` when the font has none (.notdef does not count).
    pub fn glyph(&self, c: char) -> Option<u16> {
        self.parsed
            .lookup_glyph_index(u32::from(c))
            .filter(|&g| g != 0)
    }

    /// The advance of a glyph in ems.
    pub fn advance(&self, glyph: u16) -> f32 {
        f32::from(self.parsed.get_glyph_width(glyph).unwrap_or(0))
            / f32::from(self.parsed.units_per_em)
    }

    /// The font file as it was read.
    pub fn bytes(&self) -> &[u8] {
        &self.parsed.original_bytes
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
