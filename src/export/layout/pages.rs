//! Laid-out pages and the paginator that fills them: it keeps the position of the next free line, starts a new
//! page when something does not fit, and numbers every page.

use super::super::fonts::{Face, Fonts};
use super::geometry::{AREA_H, AREA_W, FOLIO, MM};
use super::shape::Glyph;

/// A page: its text, its rules and its number.
#[derive(Clone, Debug)]
pub struct Page {
    pub runs: Vec<Run>,
    pub frames: Vec<Frame>,
    /// "— N —", below the type area.
    pub folio: Run,
}

impl Page {
    /// Every character a page number may print (in the Song face).
    pub const FOLIO_CHARS: &'static str = "— 0123456789";
}

/// A run of text in one face, positioned in the type area (x from its left, baseline from its top).
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub face: Face,
    pub size: f32,
    pub x: f32,
    pub baseline: f32,
    /// Added after every character (tracking, and a justified line's stretch).
    pub spacing: f32,
    /// Set heavier than the face (the title).
    pub bold: bool,
    pub text: String,
}

/// A stroked rectangle in the type area (x, y of its top-left corner).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

pub struct Paginator<'a> {
    fonts: &'a Fonts,
    pages: Vec<Page>,
    runs: Vec<Run>,
    frames: Vec<Frame>,
    /// The top of the next free space, from the top of the type area.
    pub y: f32,
}

impl<'a> Paginator<'a> {
    pub fn new(fonts: &'a Fonts) -> Self {
        Paginator {
            fonts,
            pages: Vec::new(),
            runs: Vec::new(),
            frames: Vec::new(),
            y: 0.0,
        }
    }

    pub fn finish_page(&mut self) {
        let folio = folio_run(self.fonts, self.pages.len() + 1);
        self.pages.push(Page {
            runs: std::mem::take(&mut self.runs),
            frames: std::mem::take(&mut self.frames),
            folio,
        });
        self.y = 0.0;
    }

    /// Starts a new page unless `height` still fits on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.y > 0.0 && self.y + height > AREA_H + 0.01 {
            self.finish_page();
        }
    }

    /// Places a line of glyphs: each run of one face becomes one run of text.
    pub fn place(
        &mut self,
        glyphs: &[Glyph],
        x: f32,
        baseline: f32,
        size: f32,
        spacing: f32,
        bold: bool,
    ) {
        let mut pen = x;
        let mut start = 0;
        while start < glyphs.len() {
            let face = glyphs[start].face;
            let mut end = start;
            let mut text = String::new();
            let run_x = pen;
            while end < glyphs.len() && glyphs[end].face == face {
                text.push(glyphs[end].c);
                pen += glyphs[end].width + spacing;
                end += 1;
            }
            if !text.trim().is_empty() {
                self.runs.push(Run {
                    face,
                    size,
                    x: run_x,
                    baseline,
                    spacing,
                    bold,
                    text,
                });
            }
            start = end;
        }
    }

    pub fn frame(&mut self, frame: Frame) {
        self.frames.push(frame);
    }

    /// The pages, the last one included unless it is blank (a document always has one page).
    pub fn into_pages(mut self) -> Vec<Page> {
        if self.pages.is_empty() || !self.runs.is_empty() || !self.frames.is_empty() {
            self.finish_page();
        }
        self.pages
    }
}

/// "— N —" in 4号: its dashes 7 mm below the type area, one character in from the right on odd pages and from
/// the left on even ones.
fn folio_run(fonts: &Fonts, number: usize) -> Run {
    let text = format!("— {number} —");
    let width: f32 = text
        .chars()
        .filter_map(|c| fonts.serif.glyph(c))
        .map(|g| fonts.serif.advance(g) * FOLIO)
        .sum();
    let x = if number % 2 == 1 {
        AREA_W - FOLIO - width
    } else {
        FOLIO
    };
    Run {
        face: Face::Serif,
        size: FOLIO,
        x,
        // The dash sits about 0.3 em above the baseline.
        baseline: AREA_H + 7.0 * MM + 0.3 * FOLIO,
        spacing: 0.0,
        bold: false,
        text,
    }
}
