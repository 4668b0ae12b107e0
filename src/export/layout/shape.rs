//! Text to glyphs: each character from the first face that has it, measured at a type size.

use super::super::fonts::{Face, Fonts};
use std::collections::BTreeSet;

/// A glyph placed in a line: its character, the face that has it, and its advance at its size.
#[derive(Clone, Copy, Debug)]
pub struct Glyph {
    pub c: char,
    pub face: Face,
    pub width: f32,
}

/// The advance of a line of glyphs, without spacing.
pub fn width(glyphs: &[Glyph]) -> f32 {
    glyphs.iter().map(|g| g.width).sum()
}

/// Shapes text with the document's fonts and remembers the characters none of them has.
pub struct Shaper<'a> {
    fonts: &'a Fonts,
    missing: BTreeSet<char>,
}

impl<'a> Shaper<'a> {
    pub fn new(fonts: &'a Fonts) -> Self {
        Shaper {
            fonts,
            missing: BTreeSet::new(),
        }
    }

    /// The glyphs of a text in a face, each from the first face that has it (the face asked for, then the
    /// Song, then the Hei); a character none has becomes □ and is reported.
    pub fn shape(&mut self, text: &str, face: Face, size: f32) -> Vec<Glyph> {
        let mut glyphs = Vec::with_capacity(text.len() / 2);
        for c in text.chars() {
            let c = match c {
                '\t' | '\n' | '\r' => ' ',
                c if c.is_control() => continue,
                c => c,
            };
            let found = [face, Face::Serif, Face::Sans]
                .into_iter()
                .find_map(|f| self.fonts.face(f).glyph(c).map(|g| (c, f, g)))
                .or_else(|| {
                    self.missing.insert(c);
                    self.fonts.serif.glyph('□').map(|g| ('□', Face::Serif, g))
                });
            if let Some((c, face, glyph)) = found {
                let width = self.fonts.face(face).advance(glyph) * size;
                glyphs.push(Glyph { c, face, width });
            }
        }
        glyphs
    }

    pub fn width_of(&mut self, text: &str, face: Face, size: f32) -> f32 {
        width(&self.shape(text, face, size))
    }

    /// The characters shaped so far that no font has.
    pub fn into_missing(self) -> BTreeSet<char> {
        self.missing
    }
}
