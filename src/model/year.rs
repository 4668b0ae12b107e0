//! Report years: the one range of years a report can be for, and the one way a year is read from text.
//!
//! The range starts at 2008: the 政府信息公开条例 took effect on 1 May 2008 and the first annual reports are for
//! 2008 (the legacy format's), so no report is for an earlier year. It ends at 2100: far beyond any report anyone
//! writes with this program, and a year past it is a typing mistake (20255, 2250), not a report. Every year the
//! program computes with is in this range, so `year + 1` cannot overflow.

use super::text::excerpt;
use std::fmt;
use std::ops::RangeInclusive;

/// The first year a report can be for.
pub const FIRST: u16 = 2008;
/// The last year a report can be for.
pub const LAST: u16 = 2100;
/// Every year a report can be for.
pub const YEARS: RangeInclusive<u16> = FIRST..=LAST;

/// Why a text is not a report year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum YearError {
    /// Not four digits (with an optional 年).
    NotAYear(String),
    /// Four digits, but outside [`YEARS`].
    OutOfRange(u16),
}

impl fmt::Display for YearError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            YearError::NotAYear(text) => write!(
                f,
                "请填写四位数字的年份，例如 2025（填写的是“{}”）",
                excerpt(text)
            ),
            YearError::OutOfRange(year) => write!(
                f,
                "年份 {year} 不在 {FIRST} 至 {LAST} 年之间（政府信息公开年度报告自 {FIRST} 年起编制）"
            ),
        }
    }
}

impl std::error::Error for YearError {}

/// Reads a report year as written in the year field: four digits (ASCII or full-width, as a Chinese input method
/// types them, read as the cells read them), optionally followed by 年, with surrounding spaces. `Ok(None)` is a
/// blank field.
pub fn parse(text: &str) -> Result<Option<u16>, YearError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let ascii: String = trimmed.chars().map(super::number::to_ascii).collect();
    let digits = ascii.strip_suffix('年').unwrap_or(&ascii).trim_end();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(YearError::NotAYear(trimmed.to_owned()));
    }
    let year: u16 = digits
        .parse()
        .map_err(|_| YearError::NotAYear(trimmed.to_owned()))?;
    if !YEARS.contains(&year) {
        return Err(YearError::OutOfRange(year));
    }
    Ok(Some(year))
}

/// The year an office is most likely writing the report for on a given day (`year`, `month` 1–12 of today): from
/// November the report on this year is being drafted (offices start before the year ends and publish by 31
/// January), before that the one on last year. Always a report year.
pub fn default_for(year: u16, month: u8) -> u16 {
    let reported = if month >= 11 {
        year
    } else {
        year.saturating_sub(1)
    };
    reported.clamp(FIRST, LAST)
}

/// The year after a report year, if it is a report year too.
pub fn next(year: u16) -> Option<u16> {
    year.checked_add(1).filter(|next| YEARS.contains(next))
}

/// The day of a calendar date counted from 1970-01-01 (Howard Hinnant's days from civil).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = if m <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar date (year, month, day) of a day counted from 1970-01-01 (Howard Hinnant's days-from-civil
/// inverse).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_dates_are_inverses() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for z in [
            -800_000, -1, 0, 59, 60, 11_016, 11_017, 19_782, 20_454, 2_932_896,
        ] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z, "{y}-{m}-{d}");
        }
    }

    #[test]
    fn a_year_is_four_digits_in_the_range_with_an_optional_nian() {
        assert_eq!(parse("2011"), Ok(Some(2011)));
        assert_eq!(parse(" 2025年 "), Ok(Some(2025)));
        assert_eq!(parse("2025 年"), Ok(Some(2025)));
        assert_eq!(parse(""), Ok(None));
        assert_eq!(parse("  "), Ok(None));
        assert_eq!(parse("2008"), Ok(Some(FIRST)));
        assert_eq!(parse("2100"), Ok(Some(LAST)));
    }

    #[test]
    fn anything_else_is_refused_with_the_reason() {
        for text in [
            "65535",
            "+2025",
            "２０２５５",
            "二〇二五",
            "25",
            "2025-01",
            "年",
        ] {
            assert!(matches!(parse(text), Err(YearError::NotAYear(_))), "{text}");
        }
        assert_eq!(parse("2007"), Err(YearError::OutOfRange(2007)));
        assert_eq!(parse("9999"), Err(YearError::OutOfRange(9999)));
        assert_eq!(parse("0000"), Err(YearError::OutOfRange(0)));
        let message = YearError::OutOfRange(2101).to_string();
        assert!(message.contains("2008 至 2100"), "{message}");
        let long = YearError::NotAYear("9".repeat(10_000)).to_string();
        assert!(long.chars().count() < 100, "{long}");
    }

    #[test]
    fn full_width_digits_are_read_as_the_cells_read_them() {
        assert_eq!(parse("２０２６"), Ok(Some(2026)));
        assert_eq!(parse("　２０２６年　"), Ok(Some(2026)));
        assert_eq!(parse("20２6"), Ok(Some(2026)));
        assert_eq!(parse("２００７"), Err(YearError::OutOfRange(2007)));
    }

    #[test]
    fn the_default_year_is_this_year_from_november_and_last_year_before() {
        assert_eq!(
            default_for(2026, 12),
            2026,
            "1 December: this year's report is being written"
        );
        assert_eq!(default_for(2026, 11), 2026);
        assert_eq!(default_for(2026, 10), 2025);
        assert_eq!(
            default_for(2027, 1),
            2026,
            "January: last year's, due by 31 January"
        );
        assert_eq!(
            default_for(2008, 3),
            FIRST,
            "never before the first report year"
        );
        assert_eq!(default_for(3000, 12), LAST);
    }

    #[test]
    fn the_next_year_never_leaves_the_range_or_overflows() {
        assert_eq!(next(2024), Some(2025));
        assert_eq!(next(LAST), None);
        assert_eq!(next(u16::MAX), None);
    }
}
