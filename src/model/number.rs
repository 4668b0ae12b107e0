//! Parsing of the numbers people type into statistics cells.
//!
//! Input is forgiving about form (full-width digits, thousands separators, surrounding spaces) and exact about
//! meaning: letters, negative numbers and fractions in count cells are rejected, never guessed at.

use std::fmt;

/// What a statistics cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CellKind {
    /// A non-negative whole number (条, 件, 个, 次, 人).
    Count,
    /// A whole number that may be negative (本年增/减: 减用负值表示, -8), where a template declares it. Stored as the
    /// two's complement of an `i64` ([`signed`] reads it back); a template never puts such a cell in a rule, so it
    /// is never summed with the non-negative figures.
    Signed,
    /// A non-negative amount with at most `decimals` decimals, stored as a whole number of 10^-decimals units.
    Money { decimals: u8 },
    /// Free text; never summed.
    Text,
}

impl CellKind {
    pub fn is_numeric(self) -> bool {
        self != CellKind::Text
    }
}

/// The largest amount a cell accepts, in the cell's stored unit.
/// Far above any real figure, and small enough that sums of a whole table never overflow.
pub const MAX_STORED: u64 = 99_999_999_999_999;

/// Why a cell's text is not a number the cell accepts. Each variant has a Chinese message for the writer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// A character that is neither a digit nor an accepted separator.
    NotANumber(char),
    Negative,
    /// A decimal point in a cell that counts whole things.
    FractionInCount,
    /// Money with more decimals than the cell keeps.
    TooManyDecimals(u8),
    /// Thousands separators in the wrong places ("12,34").
    MisplacedSeparator,
    TooLarge,
    /// A number ending in a decimal point (`5。`, `5.`): a stray full stop, or a fraction cut short. Never read as
    /// the whole number silently; the character is the point as typed.
    NothingAfterPoint(char),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::NotANumber(c) => write!(f, "只能填写数字，不能包含“{c}”"),
            ParseError::Negative => f.write_str("不能填写负数"),
            ParseError::FractionInCount => f.write_str("这一项只能填写整数，不能有小数"),
            ParseError::TooManyDecimals(n) => write!(f, "金额最多保留 {n} 位小数"),
            ParseError::MisplacedSeparator => f.write_str("千位分隔符的位置不对，例如应写作 1,234"),
            ParseError::TooLarge => f.write_str("数字过大，请检查是否多输入了数字"),
            ParseError::NothingAfterPoint(c) => write!(
                f,
                "数字末尾的“{c}”后面没有数字：如果是整数，请删去“{c}”；如果有小数，请补全"
            ),
        }
    }
}

/// The figure in a text that a unit word follows ("12件", "3 人", "1.5万元"), when the rest reads as a valid figure:
/// what a one-click fix offers (改为 12). `None` for anything else.
pub fn without_unit(kind: CellKind, raw: &str) -> Option<u64> {
    const UNITS: [&str; 13] = [
        "件", "条", "个", "次", "人", "项", "家", "份", "场", "篇", "期", "万元", "元",
    ];
    let text = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let rest = UNITS.iter().find_map(|unit| text.strip_suffix(unit))?;
    if rest.trim().is_empty() {
        return None;
    }
    parse(kind, rest).ok().flatten()
}

/// Parses what the writer typed. `Ok(None)` means the cell is blank (not yet filled), which is not zero.
/// Money is returned in its smallest kept unit (hundredths for two decimals). Text cells have no value.
pub fn parse(kind: CellKind, raw: &str) -> Result<Option<u64>, ParseError> {
    if kind == CellKind::Text {
        return Ok(None);
    }
    let text = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    if text.is_empty() {
        return Ok(None);
    }
    let mut integer_part = String::with_capacity(text.len());
    let mut fraction_part: Option<String> = None;
    let mut point = '.';
    let mut negative = false;
    for (position, typed) in text.chars().enumerate() {
        let c = to_ascii(typed);
        match c {
            '0'..='9' => match &mut fraction_part {
                Some(fraction) => fraction.push(c),
                None => integer_part.push(c),
            },
            ',' if fraction_part.is_none() => integer_part.push(','),
            '.' if fraction_part.is_none() => {
                fraction_part = Some(String::new());
                point = typed;
            }
            '-' | '\u{2212}' if position == 0 && kind == CellKind::Signed => negative = true,
            '-' | '\u{2212}' if position == 0 => return Err(ParseError::Negative),
            '+' if position == 0 => {}
            _ => return Err(ParseError::NotANumber(typed)),
        }
    }
    let digits = strip_thousands_separators(&integer_part)?;
    if digits.is_empty() && fraction_part.as_deref().is_none_or(str::is_empty) {
        return Err(ParseError::NotANumber(text.chars().next().unwrap_or(' ')));
    }
    if fraction_part.as_deref() == Some("") {
        return Err(ParseError::NothingAfterPoint(point));
    }
    let whole = parse_digits(&digits)?;
    let stored = match (kind, fraction_part) {
        (CellKind::Count | CellKind::Signed, Some(fraction))
            if fraction.bytes().any(|b| b != b'0') =>
        {
            return Err(ParseError::FractionInCount)
        }
        (CellKind::Count | CellKind::Signed, _) => whole,
        (CellKind::Money { decimals }, fraction) => {
            let fraction = fraction.unwrap_or_default();
            let significant = fraction.trim_end_matches('0');
            if significant.len() > usize::from(decimals) {
                return Err(ParseError::TooManyDecimals(decimals));
            }
            let scale = 10u64.pow(u32::from(decimals));
            let minor = format!("{significant:0<width$}", width = usize::from(decimals));
            let minor = if minor.is_empty() {
                0
            } else {
                minor.parse::<u64>().map_err(|_| ParseError::TooLarge)?
            };
            whole
                .checked_mul(scale)
                .and_then(|v| v.checked_add(minor))
                .ok_or(ParseError::TooLarge)?
        }
        (CellKind::Text, _) => return Ok(None),
    };
    if stored > MAX_STORED {
        return Err(ParseError::TooLarge);
    }
    if negative {
        return Ok(Some(from_signed(-(stored as i64))));
    }
    Ok(Some(stored))
}

/// A signed cell's stored value as the number it is.
pub fn signed(stored: u64) -> i64 {
    stored as i64
}

/// A number as a signed cell stores it.
pub fn from_signed(value: i64) -> u64 {
    value as u64
}

/// Formats a stored value the way the cell shows it: `1234`, or for money `1234.5` (no trailing zeros).
pub fn format(kind: CellKind, stored: u64) -> String {
    match kind {
        CellKind::Money { decimals } if decimals > 0 => {
            let scale = 10u64.pow(u32::from(decimals));
            let (whole, minor) = (stored / scale, stored % scale);
            if minor == 0 {
                return whole.to_string();
            }
            let digits = format!("{minor:0width$}", width = usize::from(decimals));
            format!("{whole}.{}", digits.trim_end_matches('0'))
        }
        CellKind::Signed => signed(stored).to_string(),
        _ => stored.to_string(),
    }
}

/// Full-width digits and punctuation, as typed by a Chinese input method, to their ASCII forms.
pub(crate) fn to_ascii(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '，' => ',',
        '．' | '。' => '.',
        '－' => '-',
        '＋' => '+',
        other => other,
    }
}

fn strip_thousands_separators(integer_part: &str) -> Result<String, ParseError> {
    if !integer_part.contains(',') {
        return Ok(integer_part.to_owned());
    }
    let groups: Vec<&str> = integer_part.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    if !(first_ok && rest_ok) {
        return Err(ParseError::MisplacedSeparator);
    }
    Ok(groups.concat())
}

fn parse_digits(digits: &str) -> Result<u64, ParseError> {
    if digits.is_empty() {
        return Ok(0);
    }
    digits.parse::<u64>().map_err(|_| ParseError::TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_cell_takes_a_negative_whole_number_and_a_count_does_not() {
        let s = CellKind::Signed;
        for (typed, value) in [
            ("-8", -8),
            ("－８", -8),
            ("\u{2212}12", -12),
            ("5", 5),
            ("+3", 3),
            ("0", 0),
            ("-0", 0),
            ("-1,234", -1234),
        ] {
            let stored = parse(s, typed).unwrap().unwrap();
            assert_eq!(signed(stored), value, "{typed}");
            assert_eq!(format(s, stored), value.to_string());
        }
        assert_eq!(parse(Count, "-8"), Err(ParseError::Negative));
        assert_eq!(parse(s, "-1.5"), Err(ParseError::FractionInCount));
        assert_eq!(parse(s, "8-"), Err(ParseError::NotANumber('-')));
        assert_eq!(parse(s, "--8"), Err(ParseError::NotANumber('-')));
        assert_eq!(parse(s, "-999999999999999"), Err(ParseError::TooLarge));
        assert_eq!(parse(s, "减8"), Err(ParseError::NotANumber('减')));
    }
    use CellKind::Count;
    const MONEY: CellKind = CellKind::Money { decimals: 2 };
    const TEN_THOUSANDS: CellKind = CellKind::Money { decimals: 4 };

    #[test]
    fn blank_is_not_zero() {
        assert_eq!(parse(Count, ""), Ok(None));
        assert_eq!(parse(Count, "  \u{3000} "), Ok(None));
        assert_eq!(parse(Count, "0"), Ok(Some(0)));
    }

    #[test]
    fn accepts_full_width_separators_and_spaces() {
        assert_eq!(parse(Count, "１２３"), Ok(Some(123)));
        assert_eq!(parse(Count, " 1,234 "), Ok(Some(1234)));
        assert_eq!(parse(Count, "1，234，567"), Ok(Some(1_234_567)));
        assert_eq!(parse(Count, "\u{3000}２２１\u{3000}"), Ok(Some(221)));
        assert_eq!(parse(Count, "+7"), Ok(Some(7)));
    }

    #[test]
    fn rejects_letters_negatives_and_fractions_in_counts() {
        assert_eq!(parse(Count, "12a"), Err(ParseError::NotANumber('a')));
        assert_eq!(parse(Count, "-3"), Err(ParseError::Negative));
        assert_eq!(parse(Count, "－3"), Err(ParseError::Negative));
        assert_eq!(parse(Count, "2.5"), Err(ParseError::FractionInCount));
        assert_eq!(parse(Count, "1 2"), Err(ParseError::NotANumber(' ')));
        assert_eq!(parse(Count, "."), Err(ParseError::NotANumber('.')));
        assert_eq!(parse(Count, "12,34"), Err(ParseError::MisplacedSeparator));
        assert_eq!(parse(Count, "1.2.3"), Err(ParseError::NotANumber('.')));
    }

    #[test]
    fn a_number_ending_in_a_point_is_marked_not_read_as_the_whole_number() {
        assert_eq!(
            parse(Count, "5。"),
            Err(ParseError::NothingAfterPoint('。'))
        );
        assert_eq!(parse(Count, "5."), Err(ParseError::NothingAfterPoint('.')));
        assert_eq!(
            parse(Count, "1,234．"),
            Err(ParseError::NothingAfterPoint('．'))
        );
        assert_eq!(
            parse(MONEY, "12。"),
            Err(ParseError::NothingAfterPoint('。'))
        );
        assert_eq!(
            parse(MONEY, "12。5"),
            Ok(Some(1250)),
            "a full-width point with its decimals"
        );
        let message = ParseError::NothingAfterPoint('。').to_string();
        assert!(message.contains("“。”后面没有数字"), "{message}");
    }

    #[test]
    fn the_character_named_is_the_one_typed() {
        assert_eq!(parse(Count, "1.2。3"), Err(ParseError::NotANumber('。')));
    }

    #[test]
    fn a_whole_number_written_with_zero_decimals_is_a_count() {
        assert_eq!(parse(Count, "3.00"), Ok(Some(3)));
    }

    #[test]
    fn money_keeps_two_decimals_in_hundredths() {
        assert_eq!(parse(MONEY, "12.5"), Ok(Some(1250)));
        assert_eq!(parse(MONEY, "0.05"), Ok(Some(5)));
        assert_eq!(parse(MONEY, "1,000.10"), Ok(Some(100_010)));
        assert_eq!(parse(MONEY, ".5"), Ok(Some(50)));
        assert_eq!(parse(MONEY, "1.005"), Err(ParseError::TooManyDecimals(2)));
        assert_eq!(parse(MONEY, "-0.5"), Err(ParseError::Negative));
    }

    #[test]
    fn money_in_ten_thousands_keeps_four_decimals() {
        assert_eq!(parse(TEN_THOUSANDS, "0.015"), Ok(Some(150)));
        assert_eq!(parse(TEN_THOUSANDS, "12"), Ok(Some(120_000)));
        assert_eq!(
            parse(TEN_THOUSANDS, "0.00001"),
            Err(ParseError::TooManyDecimals(4))
        );
        assert_eq!(format(TEN_THOUSANDS, 150), "0.015");
    }

    #[test]
    fn text_cells_have_no_value() {
        assert_eq!(parse(CellKind::Text, "abc"), Ok(None));
    }

    #[test]
    fn rejects_absurdly_large_numbers() {
        assert_eq!(
            parse(Count, "99999999999999999999999"),
            Err(ParseError::TooLarge)
        );
        assert_eq!(parse(MONEY, "9999999999999999"), Err(ParseError::TooLarge));
    }

    #[test]
    fn a_figure_followed_by_its_unit_is_offered_without_it() {
        assert_eq!(without_unit(CellKind::Count, "12件"), Some(12));
        assert_eq!(without_unit(CellKind::Count, " １２ 件 "), Some(12));
        assert_eq!(
            without_unit(CellKind::Money { decimals: 4 }, "1.5万元"),
            Some(15000)
        );
        assert_eq!(without_unit(CellKind::Count, "件"), None);
        assert_eq!(
            without_unit(CellKind::Count, "12"),
            None,
            "nothing to take away"
        );
        assert_eq!(without_unit(CellKind::Count, "约12件"), None);
        assert_eq!(without_unit(CellKind::Text, "12件"), None);
    }

    #[test]
    fn formats_back() {
        assert_eq!(format(Count, 221), "221");
        assert_eq!(format(MONEY, 1250), "12.5");
        assert_eq!(format(MONEY, 1205), "12.05");
        assert_eq!(format(MONEY, 1200), "12");
    }

    #[test]
    fn every_error_has_a_chinese_message() {
        let message = ParseError::NotANumber('a').to_string();
        assert!(message.contains("只能填写数字") && message.contains('a'));
    }
}
