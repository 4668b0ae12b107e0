//! The document laid out on pages as GB/T 9704-2012 sets an official document (see [`geometry`]): the title in
//! 2号 (22 pt), centred; level-1 headings in a Hei face, level-2 in a Kai face, body text with a two-character
//! first-line indent, all on the 22-line grid; page numbers "— N —" in 4号 (14 pt) 7 mm below the type area, odd
//! pages on the right and even pages on the left, one character in. Tables are ruled, split across pages with
//! their header rows repeated, and wrap long labels within their cells.
//!
//! The result is positioned runs of text and rules, page by page, measured with the real fonts; writing them
//! into a file is the writer's job ([`super::pdf`]).

pub use super::geometry;
mod pages;
pub mod shape;
pub mod table;

pub use pages::{Frame, Page, Run};

use super::document::{Block, Document};
use super::fonts::{Face, Fonts};
use super::linebreak::{break_lines, line_width, trimmed_end};
use geometry::{baseline, AREA_W, BODY, CHAR, PITCH, TITLE, TRACKING};
use pages::Paginator;
use shape::{width, Glyph, Shaper};
use std::collections::BTreeSet;

/// A document laid out.
#[derive(Clone, Debug)]
pub struct Layout {
    /// At least one.
    pub pages: Vec<Page>,
    /// Characters no font has; each is printed as □.
    pub missing: BTreeSet<char>,
}

/// The face a heading of `level` is set in.
fn heading_face(level: u8) -> Face {
    match level {
        1 => Face::Sans,
        2 => Face::Kai,
        _ => Face::Serif,
    }
}

/// The faces laying `document` out measures with: the Song and the Hei always (body text, the title, tables, page
/// numbers, and the faces every other falls back to, see [`Shaper::shape`]), the others only where a heading asks
/// for them. A face not among these may be [`super::fonts::FontFace::none`] in the fonts the document is laid out
/// with, so that a report without level-2 headings never needs the Kai face.
pub fn faces(document: &Document) -> BTreeSet<Face> {
    let headings = document.blocks.iter().filter_map(|block| match block {
        Block::Heading { level, .. } => Some(heading_face(*level)),
        _ => None,
    });
    [Face::Serif, Face::Sans]
        .into_iter()
        .chain(headings)
        .collect()
}

/// Lays a document out on pages.
pub fn lay_out(document: &Document, fonts: &Fonts) -> Layout {
    let mut flow = Flow {
        shaper: Shaper::new(fonts),
        pages: Paginator::new(fonts),
    };
    flow.title(&document.title);
    for (n, block) in document.blocks.iter().enumerate() {
        let next = document.blocks.get(n + 1);
        match block {
            Block::Heading { level, text } => {
                let face = heading_face(*level);
                let keep = next.map_or(0.0, |b| flow.min_height(b));
                flow.text_block(text, face, 2.0, false, keep);
            }
            Block::Paragraph(text) => flow.text_block(text, Face::Serif, 2.0, true, 0.0),
            Block::Fields(lines) => {
                let text = lines
                    .iter()
                    .map(|l| format!("{}：{}", l.label, l.value))
                    .collect::<Vec<_>>()
                    .join("\u{3000}\u{3000}");
                flow.text_block(&text, Face::Serif, 0.0, false, 0.0);
            }
            Block::Signature { unit, date } => flow.signature(unit, date),
            Block::Table(table) => table::place(&mut flow.pages, &mut flow.shaper, table),
        }
    }
    Layout {
        pages: flow.pages.into_pages(),
        missing: flow.shaper.into_missing(),
    }
}

/// The most space justification adds between two characters of a line: an eighth of a character. A line of
/// Chinese text broken by the line-breaking rules lacks at most a character or two over some 26 gaps (under
/// 1.3 pt each); a line cut short by an unbreakable run (a phone number, a web address) lacks far more, and
/// spreading that out reads as 关 镇 人 民 路 8 8 号.
const MAX_JUSTIFY_GAP: f32 = BODY / 8.0;

/// The blocks of a document set one after another.
struct Flow<'a> {
    shaper: Shaper<'a>,
    pages: Paginator<'a>,
}

impl Flow<'_> {
    /// The title: 2号 Song made heavier, centred, broken before 政府信息公开工作年度报告 when it is too long for one
    /// line (so each line keeps whole words), followed by a blank line.
    fn title(&mut self, title: &str) {
        let glyphs = self.shaper.shape(title, Face::Serif, TITLE);
        let total = width(&glyphs);
        let tail = super::document::TITLE_TAIL.chars().count();
        let mut lines: Vec<Vec<Glyph>> = Vec::new();
        if total <= AREA_W {
            lines.push(glyphs);
        } else {
            let split = glyphs.len().saturating_sub(tail);
            let head_width = width(&glyphs[..split]);
            let mut parts = vec![&glyphs[..split], &glyphs[split..]];
            if split == 0 || head_width > AREA_W {
                parts = vec![&glyphs[..]];
            }
            for part in parts {
                let chars: Vec<char> = part.iter().map(|g| g.c).collect();
                let widths: Vec<f32> = part.iter().map(|g| g.width).collect();
                let part_width: f32 = widths.iter().sum();
                // Balance the lines of a part that still needs several: as many lines, as even as they go.
                let count = break_lines(&chars, &widths, AREA_W, AREA_W).len();
                let target = (part_width / count as f32 + TITLE).min(AREA_W);
                let mut ranges = break_lines(&chars, &widths, target, target);
                if ranges.len() > count {
                    ranges = break_lines(&chars, &widths, AREA_W, AREA_W);
                }
                for range in ranges {
                    let end = trimmed_end(&chars, range.clone());
                    lines.push(part[range.start..end].to_vec());
                }
            }
        }
        for line in lines {
            self.pages.ensure(PITCH);
            let line_width = width(&line);
            let baseline = baseline(self.pages.y, PITCH, TITLE);
            self.pages.place(
                &line,
                (AREA_W - line_width) / 2.0,
                baseline,
                TITLE,
                0.0,
                true,
            );
            self.pages.y += PITCH;
        }
        self.pages.y += PITCH;
    }

    /// Lines of body-size text on the page grid: a paragraph (justified, first line indented), a heading (kept
    /// with `keep` of what follows it) or a line of fields.
    fn text_block(&mut self, text: &str, face: Face, indent_chars: f32, justify: bool, keep: f32) {
        let glyphs = self.shaper.shape(text, face, BODY);
        let chars: Vec<char> = glyphs.iter().map(|g| g.c).collect();
        let widths: Vec<f32> = glyphs.iter().map(|g| g.width + TRACKING).collect();
        let indent = indent_chars * CHAR;
        let lines = break_lines(&chars, &widths, AREA_W - indent, AREA_W);
        if keep > 0.0 {
            self.pages.ensure(lines.len() as f32 * PITCH + keep);
        }
        let count = lines.len();
        for (n, line) in lines.into_iter().enumerate() {
            self.pages.ensure(PITCH);
            let x = if n == 0 { indent } else { 0.0 };
            let end = trimmed_end(&chars, line.clone());
            let mut spacing = TRACKING;
            // A paragraph's last line is never justified, nor a line that would need more than an eighth of a
            // character between its characters (one cut short by an unbreakable run of digits or Latin, such as a
            // phone number at the end of the contact note): it stays at its natural spacing, ragged.
            if justify && n + 1 < count && end - line.start > 1 {
                let natural = line_width(&chars, &widths, line.clone()) - TRACKING;
                let gap = (AREA_W - x - natural) / (end - line.start - 1) as f32;
                if gap <= MAX_JUSTIFY_GAP {
                    spacing += gap.max(0.0);
                }
            }
            let baseline = baseline(self.pages.y, PITCH, BODY);
            self.pages
                .place(&glyphs[line.start..end], x, baseline, BODY, spacing, false);
            self.pages.y += PITCH;
        }
    }

    /// The unit and the date, after a blank line: the date ends four characters from the right margin and the
    /// unit is centred over it (GB/T 9704-2012, 7.3.5.2).
    fn signature(&mut self, unit: &str, date: &str) {
        let unit = self.shaper.shape(unit, Face::Serif, BODY);
        let date = self.shaper.shape(date, Face::Serif, BODY);
        let tracked = |g: &[Glyph]| g.iter().map(|g| g.width + TRACKING).sum::<f32>() - TRACKING;
        let lines = if unit.is_empty() { 1.0 } else { 2.0 };
        self.pages.ensure((lines + 1.0) * PITCH);
        if self.pages.y > 0.0 {
            self.pages.y += PITCH;
        }
        let date_width = tracked(&date);
        let date_x = (AREA_W - 4.0 * CHAR - date_width).max(0.0);
        if !unit.is_empty() {
            let unit_width = tracked(&unit);
            let centre = date_x + date_width / 2.0;
            let unit_x = (centre - unit_width / 2.0)
                .min(AREA_W - 2.0 * CHAR - unit_width)
                .max(0.0);
            let baseline = baseline(self.pages.y, PITCH, BODY);
            self.pages
                .place(&unit, unit_x, baseline, BODY, TRACKING, false);
            self.pages.y += PITCH;
        }
        let baseline = baseline(self.pages.y, PITCH, BODY);
        self.pages
            .place(&date, date_x, baseline, BODY, TRACKING, false);
        self.pages.y += PITCH;
    }

    /// The least height a block needs where it starts, so a heading is not left alone at a page's foot.
    fn min_height(&mut self, block: &Block) -> f32 {
        match block {
            Block::Table(table) => table::start_height(&mut self.shaper, table),
            Block::Signature { .. } => 3.0 * PITCH,
            _ => PITCH,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fonts::setup_fonts;
    use super::geometry::{AREA_H, FOLIO};
    use super::*;

    fn lay_out_blocks(blocks: Vec<Block>) -> Layout {
        let document = Document {
            title: "测试单位2025年政府信息公开工作年度报告".to_owned(),
            blocks,
        };
        lay_out(&document, setup_fonts())
    }

    /// The lines of body text on a page, top first.
    fn body_lines(page: &Page) -> Vec<&Run> {
        page.runs.iter().filter(|r| r.size == BODY).collect()
    }

    fn line_of(run: &Run) -> f32 {
        (run.baseline - baseline(0.0, PITCH, BODY)) / PITCH
    }

    fn assert_near(a: f32, b: f32, what: &str) {
        assert!((a - b).abs() < 0.01, "{what}: {a} is not {b}");
    }

    #[test]
    fn a_long_paragraph_goes_on_to_a_second_page_on_the_grid() {
        let text = "政务公开".repeat(200);
        let layout = lay_out_blocks(vec![Block::Paragraph(text.clone())]);
        assert_eq!(layout.pages.len(), 2);
        let first = body_lines(&layout.pages[0]);
        let second = body_lines(&layout.pages[1]);
        // The title and a blank line take the first two of 22 lines; 800 characters make 26 + 28 × 27 + 18.
        assert_eq!(first.len(), 20);
        assert_eq!(second.len(), 9);
        assert_near(line_of(first[0]), 2.0, "the paragraph's first line");
        assert_near(line_of(first[19]), 21.0, "the first page's last line");
        assert_near(line_of(second[0]), 0.0, "the second page's first line");
        for (n, line) in first.iter().chain(&second).enumerate() {
            let chars = line.text.chars().count();
            match n {
                0 => {
                    assert_eq!(chars, 26);
                    assert_near(line.x, 2.0 * CHAR, "the first-line indent");
                }
                28 => assert_eq!(chars, 18),
                _ => {
                    assert_eq!(chars, 28, "line {n}");
                    assert_near(line.x, 0.0, "a continued line's start");
                }
            }
        }
        let printed: String = first
            .iter()
            .chain(&second)
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(printed, text);
    }

    #[test]
    fn a_heading_is_never_the_last_line_of_its_page() {
        for lines_before in 1..30 {
            let before = "政".repeat(26 + 28 * (lines_before - 1));
            let layout = lay_out_blocks(vec![
                Block::Paragraph(before),
                Block::Heading {
                    level: 1,
                    text: "二、主动公开政府信息情况".to_owned(),
                },
                Block::Paragraph("政务公开".repeat(10)),
            ]);
            let (page, at) = layout
                .pages
                .iter()
                .find_map(|page| {
                    let at = page.runs.iter().position(|r| r.face == Face::Sans)?;
                    Some((page, at))
                })
                .expect("the heading is printed");
            assert_eq!(page.runs[at].text, "二、主动公开政府信息情况");
            let next = page.runs.get(at + 1).unwrap_or_else(|| {
                panic!("after {lines_before} lines, the heading ends its page alone")
            });
            assert!(next.text.starts_with("政务公开"));
            assert_near(
                next.baseline - page.runs[at].baseline,
                PITCH,
                "the next line",
            );
        }
    }

    #[test]
    fn page_numbers_alternate_sides_one_character_in() {
        let layout = lay_out_blocks(vec![Block::Paragraph("政务公开".repeat(500))]);
        assert!(layout.pages.len() >= 4, "{} pages", layout.pages.len());
        let serif = &setup_fonts().serif;
        for (n, page) in layout.pages.iter().enumerate() {
            let number = n + 1;
            let folio = &page.folio;
            assert_eq!(folio.text, format!("— {number} —"));
            assert_eq!((folio.face, folio.size), (Face::Serif, FOLIO));
            let width: f32 = folio
                .text
                .chars()
                .map(|c| serif.advance(serif.glyph(c).unwrap()) * FOLIO)
                .sum();
            if number % 2 == 1 {
                assert_near(folio.x + width, AREA_W - FOLIO, "an odd page's number ends");
            } else {
                assert_near(folio.x, FOLIO, "an even page's number starts");
            }
            assert!(
                folio.baseline > AREA_H,
                "page {number}: below the type area"
            );
        }
    }

    #[test]
    fn the_signature_date_ends_four_characters_in_under_its_unit() {
        let layout = lay_out_blocks(vec![
            Block::Paragraph("政务公开".repeat(5)),
            Block::Signature {
                unit: "沂源县政府办公室".to_owned(),
                date: "2012年3月31日".to_owned(),
            },
        ]);
        let lines = body_lines(&layout.pages[0]);
        let [paragraph, unit, date] = lines[..] else {
            panic!("{lines:?}");
        };
        // One blank line between the text and the signature.
        assert_near(line_of(unit) - line_of(paragraph), 2.0, "the unit's line");
        assert_near(line_of(date) - line_of(unit), 1.0, "the date's line");
        let mut shaper = Shaper::new(setup_fonts());
        let tracked = |shaper: &mut Shaper, run: &Run| {
            width(&shaper.shape(&run.text, Face::Serif, BODY))
                + TRACKING * (run.text.chars().count() - 1) as f32
        };
        let date_width = tracked(&mut shaper, date);
        let unit_width = tracked(&mut shaper, unit);
        assert_near(date.x + date_width, AREA_W - 4.0 * CHAR, "the date's end");
        assert_near(
            unit.x + unit_width / 2.0,
            date.x + date_width / 2.0,
            "the unit's centre",
        );
    }

    #[test]
    fn a_character_no_font_has_prints_as_a_box_and_is_reported() {
        let layout = lay_out_blocks(vec![Block::Paragraph("公开\u{E000}目录".to_owned())]);
        assert_eq!(layout.missing, BTreeSet::from(['\u{E000}']));
        assert_eq!(body_lines(&layout.pages[0])[0].text, "公开□目录");
    }

    #[test]
    fn a_long_title_breaks_before_its_tail_and_is_centred() {
        let document = Document {
            title: "某某省某某市某某县人民政府办公室2025年政府信息公开工作年度报告".to_owned(),
            blocks: Vec::new(),
        };
        let layout = lay_out(&document, setup_fonts());
        let runs = &layout.pages[0].runs;
        let texts: Vec<&str> = runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "某某省某某市某某县人民政府办公室2025年",
                "政府信息公开工作年度报告"
            ]
        );
        let mut shaper = Shaper::new(setup_fonts());
        for run in runs {
            assert_eq!((run.size, run.bold), (TITLE, true));
            let run_width = shaper.width_of(&run.text, Face::Serif, TITLE);
            assert_near(
                run.x + run_width / 2.0,
                AREA_W / 2.0,
                "a title line's centre",
            );
        }
        assert_near(
            runs[1].baseline - runs[0].baseline,
            PITCH,
            "the title's lines",
        );
    }
}
