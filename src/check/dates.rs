//! Dates and years as reports write them: 2026年1月20日, 2026-01-20, 2026.1.20, 二〇二六年一月二十日, and the years
//! of a sentence (2025年1月1日至12月31日).

/// A calendar date as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Days since a fixed origin (1970-01-01), for differences between dates.
    pub fn day_number(self) -> i64 {
        crate::model::year::days_from_civil(
            i64::from(self.year),
            u32::from(self.month),
            u32::from(self.day),
        )
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}年{}月{}日", self.year, self.month, self.day)
    }
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        '〇' | '○' | 'Ｏ' | 'O' | '零' => Some(0),
        '一' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// A small number written in Arabic digits or in Chinese (一, 十, 十二, 二十, 二十一, 三十一).
fn small_number(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some((tens, ones)) = text.split_once('十') {
        let tens = match tens {
            "" => 1,
            t => small_number(t)?,
        };
        let ones = match ones {
            "" => 0,
            o => small_number(o)?,
        };
        return Some(tens * 10 + ones);
    }
    text.chars()
        .try_fold(0u32, |n, c| Some(n.checked_mul(10)? + digit(c)?))
}

/// Reads a date, when the text is one.
pub fn parse(text: &str) -> Option<Date> {
    let text = text.trim();
    let (year, rest) = if let Some((year, rest)) = text.split_once('年') {
        let (month, day) = rest.split_once('月')?;
        let day = day.trim_end_matches(['日', '号']);
        (year, (month.to_owned(), day.to_owned()))
    } else {
        let mut parts = text.split(['-', '.', '/', '．', '－', '／']);
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        (year, (month.to_owned(), day.to_owned()))
    };
    let year: u32 = year
        .trim()
        .chars()
        .try_fold(0u32, |n, c| Some(n.checked_mul(10)? + digit(c)?))?;
    let (month, day) = (small_number(&rest.0)?, small_number(&rest.1)?);
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 31,
    };
    let valid =
        (1000..=9999).contains(&year) && (1..=12).contains(&month) && (1..=days).contains(&day);
    valid.then_some(Date {
        year: year as u16,
        month: month as u8,
        day: day as u8,
    })
}

/// Every four-digit year written in the text before 年 (Arabic or full-width digits, or Chinese numerals), with its
/// byte range.
pub fn years(text: &str) -> Vec<(u16, usize, usize)> {
    let mut found = Vec::new();
    for (end, _) in text.match_indices('年') {
        let before = &text[..end];
        let digits: Vec<(usize, char)> = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| {
                c.is_ascii_digit() || ('０'..='９').contains(c) || is_chinese_digit(*c)
            })
            .collect();
        if digits.len() != 4 {
            continue;
        }
        let start = digits.last().map(|(i, _)| *i).unwrap_or(end);
        let year = digits
            .iter()
            .rev()
            .try_fold(0u32, |n, (_, c)| Some(n * 10 + digit(*c)?));
        if let Some(year) = year {
            found.push((year as u16, start, end));
        }
    }
    found
}

fn is_chinese_digit(c: char) -> bool {
    matches!(
        c,
        '〇' | '○' | '零' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: u16, month: u8, day: u8) -> Option<Date> {
        Some(Date { year, month, day })
    }

    #[test]
    fn reads_the_ways_reports_write_dates() {
        assert_eq!(parse("2026年1月20日"), date(2026, 1, 20));
        assert_eq!(parse("２０２６年０１月２０日"), date(2026, 1, 20));
        assert_eq!(parse("2026-01-20"), date(2026, 1, 20));
        assert_eq!(parse("2026.1.20"), date(2026, 1, 20));
        assert_eq!(parse("二〇二六年一月二十日"), date(2026, 1, 20));
        assert_eq!(parse("二○一二年二月五日"), date(2012, 2, 5));
        assert_eq!(parse("二〇二六年三月三十一日"), date(2026, 3, 31));
        assert_eq!(parse("2026年13月1日"), None);
        assert_eq!(parse("近日"), None);
        assert_eq!(parse("2026年1月"), None);
        assert_eq!(parse("2025年2月30日"), None);
        assert_eq!(parse("2024年2月29日"), date(2024, 2, 29));
        assert_eq!(parse("2025/3/1"), date(2025, 3, 1));
        let days = |d: Option<Date>| d.unwrap().day_number();
        assert_eq!(
            days(parse("2025年3月1日")) - days(parse("2025年1月31日")),
            29
        );
    }

    #[test]
    fn finds_the_years_of_a_sentence() {
        let text = "本报告所列数据的统计期限为2024年1月1日至2024年12月31日。";
        let found: Vec<u16> = years(text).iter().map(|y| y.0).collect();
        assert_eq!(found, vec![2024, 2024]);
        assert_eq!(years("二〇二五年度")[0].0, 2025);
        assert!(years("12年").is_empty());
    }
}
