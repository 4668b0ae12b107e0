//! Publication dates as reports print them, and the legal deadline for publishing a report.
//!
//! 《政府信息公开条例》 as revised in 2019 (art. 50; reports for 2019 onwards): every administrative organ publishes
//! its report by 31 January, and the people's government of a county or above publishes its own by 31 March. Under
//! the 2008 regulation (art. 31; reports up to 2018) every organ published by 31 March.

/// A calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// Whose report it is, for its deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitKind {
    /// A people's government of a county or above (its name ends in 人民政府 or 政府, not a township's).
    Government,
    /// Every other organ: departments, offices, townships and sub-districts.
    Department,
}

impl UnitKind {
    pub fn word(self) -> &'static str {
        match self {
            UnitKind::Government => "县级以上人民政府",
            UnitKind::Department => "部门及其他机关",
        }
    }
}

/// Tells a government from a department by its name: 沂源县人民政府 (or 沂源县政府, or with （本级）) is a government;
/// 沂源县人民政府办公室, 南麻街道办事处 are not; nor is a township's 燕崖镇人民政府 (乡、镇、苏木), whose report is due with
/// the departments'.
pub fn unit_kind(unit: &str) -> UnitKind {
    let name: String = unit.chars().filter(|c| !c.is_whitespace()).collect();
    let mut name = name.as_str();
    for suffix in ["（本级）", "(本级)", "本级"] {
        name = name.strip_suffix(suffix).unwrap_or(name);
    }
    let Some(place) = name
        .strip_suffix("人民政府")
        .or_else(|| name.strip_suffix("政府"))
    else {
        return UnitKind::Department;
    };
    if place.is_empty() || ["乡", "镇", "苏木"].iter().any(|t| place.ends_with(t)) {
        UnitKind::Department
    } else {
        UnitKind::Government
    }
}

/// The last day on which the report for `year` may be published.
pub fn deadline(year: u16, kind: UnitKind) -> Date {
    let month = match (year >= 2019, kind) {
        (true, UnitKind::Department) => 1,
        _ => 3,
    };
    Date {
        year: year.saturating_add(1),
        month,
        day: 31,
    }
}

impl Date {
    /// A valid calendar day, or `None`.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1000..=9999).contains(&year).then_some(())?;
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// Reads a date as printed: 2025年1月20日, 二〇二五年一月二十日, 2025-01-20, 2025/1/20, 2025.1.20 (full-width
    /// digits too). A date without its year (3月1日) is no date here.
    pub fn parse(text: &str) -> Option<Date> {
        let mut numbers: Vec<u32> = Vec::new();
        let mut digits = String::new();
        let mut chinese: Vec<u32> = Vec::new();
        let flush = |digits: &mut String, chinese: &mut Vec<u32>, numbers: &mut Vec<u32>| {
            if !digits.is_empty() {
                numbers.push(digits.parse().unwrap_or(u32::MAX));
                digits.clear();
            }
            if !chinese.is_empty() {
                numbers.push(chinese_number(chinese));
                chinese.clear();
            }
        };
        for c in text.trim().chars() {
            let c = match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                c => c,
            };
            if c.is_ascii_digit() {
                if digits.len() < 5 {
                    digits.push(c);
                }
            } else if let Some(d) = chinese_digit(c) {
                if chinese.len() < 5 {
                    chinese.push(d);
                }
            } else {
                flush(&mut digits, &mut chinese, &mut numbers);
                if numbers.len() > 3 {
                    return None;
                }
            }
        }
        flush(&mut digits, &mut chinese, &mut numbers);
        match numbers[..] {
            [y, m, d] => Date::new(
                u16::try_from(y).ok()?,
                u8::try_from(m).ok()?,
                u8::try_from(d).ok()?,
            ),
            _ => None,
        }
    }

    /// Days since a fixed origin, for differences between dates.
    pub fn day_number(self) -> i64 {
        // Days from civil (Howard Hinnant's algorithm).
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}年{}月{}日", self.year, self.month, self.day)
    }
}

/// 〇 … 九 as digits, 十 as the marker of tens (value 10).
fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' | 'Ｏ' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        _ => return None,
    })
}

/// A run of Chinese numerals: digit by digit for a year (二〇二五), with 十 for a month or day (二十一, 十二).
fn chinese_number(run: &[u32]) -> u32 {
    match run.iter().position(|&d| d == 10) {
        None => run.iter().fold(0, |n, &d| n * 10 + d),
        Some(at) => {
            let tens = if at == 0 {
                1
            } else {
                run[..at].iter().fold(0, |n, &d| n * 10 + d)
            };
            let ones = run[at + 1..].iter().fold(0, |n, &d| n * 10 + d % 10);
            tens * 10 + ones
        }
    }
}
