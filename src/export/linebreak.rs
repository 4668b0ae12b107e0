//! Line breaking for Chinese text with the kinsoku rules of GB/T 15834 practice: no line starts with closing
//! punctuation (，。、；：？！）」』》 and the like) and none ends with opening punctuation (（「『《 and the like);
//! a dash (——) or an ellipsis (……) is never split; a run of Latin letters, digits and their punctuation (a year,
//! a telephone number, a web address) stays on one line when it can.
//!
//! The breaker is greedy and moves a character to the next line rather than letting punctuation hang past the
//! margin, so every line fits its width; the renderer then justifies it.

use std::ops::Range;

/// Characters that may not begin a line.
const NO_START: &str = "，。、；：？！）］｝〕〗〙〛】」』》〉”’…‥·・〃々〻ー～％‰℃°,.;:?!)]}%\u{FF5D}\u{FF60}\u{FF63}\u{FE50}\u{FE51}\u{FE52}\u{FE54}\u{FE55}\u{FE56}\u{FE57}";

/// Characters that may not end a line.
const NO_END: &str = "（［｛〔〖〘〚【「『《〈“‘([{￥＄$£€¥#＃\u{FF5F}\u{FF62}";

/// Characters that may not be separated from the same character beside them (——, ……).
const INSEPARABLE: &str = "—…‥―";

pub fn is_no_start(c: char) -> bool {
    NO_START.contains(c)
}

pub fn is_no_end(c: char) -> bool {
    NO_END.contains(c)
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{3000}'
}

/// Letters, digits and the punctuation that joins them (2011, 0533-3222192, gov.yiyuan.gov.cn).
fn is_latin(c: char) -> bool {
    c.is_ascii_graphic()
}

/// Whether a line may break between `chars[i - 1]` and `chars[i]`.
pub fn can_break_before(chars: &[char], i: usize) -> bool {
    if i == 0 || i >= chars.len() {
        return i >= chars.len();
    }
    let (before, after) = (chars[i - 1], chars[i]);
    // A run of spaces ends the line it closes: the break comes after its last space.
    if is_no_start(after) || is_space(after) {
        return false;
    }
    if is_space(before) {
        return true;
    }
    if is_no_end(before) {
        return false;
    }
    if before == after && INSEPARABLE.contains(after) {
        return false;
    }
    !(is_latin(before) && is_latin(after))
}

/// Breaks text into lines: `widths[i]` is the advance of `chars[i]`; the first line may be `first` wide (a
/// paragraph's indent makes it narrower) and the others `rest`. Returns each line's range of characters.
/// Spaces at the end of a line are kept in its range but do not count against its width; spaces at the start
/// of a continued line are skipped.
pub fn break_lines(chars: &[char], widths: &[f32], first: f32, rest: f32) -> Vec<Range<usize>> {
    debug_assert_eq!(chars.len(), widths.len());
    const SLACK: f32 = 0.01;
    let n = chars.len();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < n {
        if !lines.is_empty() {
            while start < n && is_space(chars[start]) {
                start += 1;
            }
            if start == n {
                break;
            }
        }
        let available = if lines.is_empty() { first } else { rest };
        // The longest run from `start` that fits (trailing spaces are free).
        let mut width = 0.0;
        let mut spaces = 0.0;
        let mut end = start;
        while end < n {
            if is_space(chars[end]) {
                spaces += widths[end];
                end += 1;
                continue;
            }
            if width + spaces + widths[end] > available + SLACK {
                break;
            }
            width += spaces + widths[end];
            spaces = 0.0;
            end += 1;
        }
        if end == n {
            lines.push(start..n);
            break;
        }
        let mut at = end;
        while at > start && !can_break_before(chars, at) {
            at -= 1;
        }
        if at == start {
            // Nothing breakable fits (a long web address, or a narrow table cell): break where the width ends,
            // still keeping closing punctuation off the next line's start when the line has room to give.
            at = end.max(start + 1);
            while at > start + 1 && at < n && is_no_start(chars[at]) {
                at -= 1;
            }
        }
        lines.push(start..at);
        start = at;
    }
    lines
}

/// The width of a line without its trailing spaces.
pub fn line_width(chars: &[char], widths: &[f32], line: Range<usize>) -> f32 {
    let end = trimmed_end(chars, line.clone());
    widths[line.start..end].iter().sum()
}

/// The end of a line's range without its trailing spaces.
pub fn trimmed_end(chars: &[char], line: Range<usize>) -> usize {
    let mut end = line.end;
    while end > line.start && is_space(chars[end - 1]) {
        end -= 1;
    }
    end
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Full-width characters one unit wide, Latin half a unit.
    fn widths(chars: &[char]) -> Vec<f32> {
        chars
            .iter()
            .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
            .collect()
    }

    fn lines(text: &str, first: f32, rest: f32) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        break_lines(&chars, &widths(&chars), first, rest)
            .into_iter()
            .map(|r| chars[r].iter().collect())
            .collect()
    }

    #[test]
    fn plain_text_fills_each_line() {
        assert_eq!(
            lines("一二三四五六七八九十", 4.0, 4.0),
            ["一二三四", "五六七八", "九十"]
        );
        assert_eq!(
            lines("一二三四五六七八九十", 2.0, 4.0),
            ["一二", "三四五六", "七八九十"]
        );
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // The comma would start line 2: the character before it moves down with it.
        assert_eq!(lines("一二三四，五六", 4.0, 4.0), ["一二三", "四，五六"]);
        assert_eq!(
            lines("一二三四。”五六", 4.0, 4.0),
            ["一二三", "四。”五", "六"]
        );
        for c in "，。、；：？！）」』》".chars() {
            let text = format!("甲乙丙丁{c}戊");
            let got = lines(&text, 4.0, 4.0);
            assert!(got.iter().all(|l| !l.starts_with(c)), "{c}: {got:?}");
        }
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        assert_eq!(lines("一二三（四五）", 4.0, 4.0), ["一二三", "（四五）"]);
        for c in "（「『《“".chars() {
            let text = format!("甲乙丙{c}丁戊");
            let got = lines(&text, 4.0, 4.0);
            assert!(got.iter().all(|l| !l.ends_with(c)), "{c}: {got:?}");
        }
    }

    #[test]
    fn dashes_and_ellipses_stay_whole() {
        // A dash may begin a line, but goes there whole.
        assert_eq!(lines("一二三——四五", 4.0, 4.0), ["一二三", "——四五"]);
        assert_eq!(lines("一二三……", 4.0, 4.0), ["一二", "三……"]);
    }

    #[test]
    fn latin_runs_stay_together() {
        // "2011年" may break after the year, not inside it.
        assert_eq!(lines("一二三2011年", 4.0, 4.0), ["一二三", "2011年"]);
        assert_eq!(lines("网址gov.cn。", 4.0, 4.0), ["网址", "gov.cn。"]);
        // A run longer than a line is broken where the line ends.
        assert_eq!(lines("abcdefghijkl", 2.0, 2.0), ["abcd", "efgh", "ijkl"]);
    }

    #[test]
    fn spaces_break_and_are_dropped_at_line_starts() {
        assert_eq!(lines("ab cd ef", 2.5, 2.5), ["ab cd ", "ef"]);
        assert_eq!(lines("ab cd ef", 2.0, 2.0), ["ab ", "cd ", "ef"]);
    }

    #[test]
    fn a_closing_mark_after_a_long_run_is_kept_off_the_next_line_when_it_can_be() {
        let got = lines("abcdefgh，", 4.0, 4.0);
        assert!(got.iter().all(|l| !l.starts_with('，')), "{got:?}");
    }

    proptest! {
        #[test]
        fn every_line_fits_and_obeys_the_rules(text in "[一二三四五，。、；：（）《》“”a-c0-9 ]{0,60}", width in 3u8..12) {
            let chars: Vec<char> = text.chars().collect();
            let w = widths(&chars);
            let width = f32::from(width);
            let ranges = break_lines(&chars, &w, width, width);
            let mut covered = 0;
            for (n, line) in ranges.iter().enumerate() {
                prop_assert!(line.start >= covered);
                prop_assert!(chars[covered..line.start].iter().all(|&c| is_space(c)));
                covered = line.end;
                prop_assert!(line_width(&chars, &w, line.clone()) <= width + 0.01 || line.len() == 1);
                if n > 0 {
                    // A line starts with closing punctuation only when the line before it had no other place
                    // to break (a run of punctuation wider than the line).
                    let before = ranges[n - 1].clone();
                    if is_no_start(chars[line.start]) {
                        prop_assert!(!(before.start + 1..before.end).any(|i| can_break_before(&chars, i)), "{:?}", ranges);
                    }
                }
            }
            prop_assert!(chars[covered..].iter().all(|&c| is_space(c)));
        }
    }
}
