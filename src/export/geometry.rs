//! The page as GB/T 9704-2012 sets an official document, in points: A4, top margin 37 mm, left 28 mm, a type
//! area of 156 × 225 mm holding 22 lines of 28 characters in 3号 (16 pt). Positions in a laid-out page are from
//! the top left of the type area, y growing downwards.

/// One millimetre.
pub const MM: f32 = 72.0 / 25.4;
pub const PAGE_W: f32 = 210.0 * MM;
pub const PAGE_H: f32 = 297.0 * MM;
/// The left margin.
pub const LEFT: f32 = 28.0 * MM;
/// The top margin.
pub const TOP: f32 = 37.0 * MM;
/// The type area's width.
pub const AREA_W: f32 = 156.0 * MM;
/// The type area's height.
pub const AREA_H: f32 = 225.0 * MM;
/// 3号.
pub const BODY: f32 = 16.0;
/// 2号.
pub const TITLE: f32 = 22.0;
/// 4号.
pub const FOLIO: f32 = 14.0;
/// The width of one character of body text: 28 to a line.
pub const CHAR: f32 = AREA_W / 28.0;
/// The height of one line: 22 to a page.
pub const PITCH: f32 = AREA_H / 22.0;
/// Spacing that makes a 16 pt full-width character take exactly `CHAR`.
pub const TRACKING: f32 = CHAR - BODY;
/// Where an ideographic em box puts its baseline: 0.88 em below its top (0.12 em descends).
pub const EM_ASCENT: f32 = 0.88;
/// The stroke of table rules.
pub const RULE: f32 = 0.6;

/// The type size and the horizontal cell padding of a table with this many value columns: 小四 (12 pt) up to five,
/// 五号 (10.5 pt) up to nine, 小五 (9 pt) beyond, so that the widest official table (四、, fifteen columns of
/// figures) fits the type area.
pub fn table_type(value_columns: usize) -> (f32, f32) {
    match value_columns {
        0..=5 => (12.0, 4.0),
        6..=9 => (10.5, 4.0),
        _ => (9.0, 3.0),
    }
}

/// The baseline of text of `size` centred in a band of `height` starting at `top`.
pub fn baseline(top: f32, height: f32, size: f32) -> f32 {
    top + (height - size) / 2.0 + size * EM_ASCENT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_is_22_lines_of_28_characters() {
        assert!((CHAR * 28.0 - 156.0 * MM).abs() < 0.001);
        assert!((PITCH * 22.0 - 225.0 * MM).abs() < 0.001);
        assert!((PAGE_W - LEFT - AREA_W - 26.0 * MM).abs() < 0.001);
        assert!((PAGE_H - TOP - AREA_H - 35.0 * MM).abs() < 0.001);
    }
}
