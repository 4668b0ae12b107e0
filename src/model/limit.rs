//! How long one section's text may be, and how an edit that would go over it is made to fit without losing what was
//! there before.
//!
//! Real sections are a few thousand characters (a whole report is rarely over 20,000). At 100,000 characters (about
//! 160 pages of an official document's 22 lines of 28 characters) a keystroke in the editor costs about one frame,
//! most of it the browser's own laying out of the text area, which grows with the text; beyond it typing would start
//! to lag. So the limit is far above any real report and below where the editor gets slow.

use std::borrow::Cow;

/// The most characters (Unicode scalar values, whitespace included) one section's text may hold.
pub const MAX_SECTION_CHARS: usize = 100_000;

/// How many characters `text` has, when that is more than [`MAX_SECTION_CHARS`].
pub fn section_over_limit(text: &str) -> Option<usize> {
    // Every character is at least one byte: a text no longer in bytes than the limit is within it, uncounted.
    if text.len() <= MAX_SECTION_CHARS {
        return None;
    }
    let chars = text.chars().count();
    (chars > MAX_SECTION_CHARS).then_some(chars)
}

/// A section's text after an edit, made to fit the limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fitted<'a> {
    pub text: Cow<'a, str>,
    /// Characters of what the edit inserted that were left out (0: the edit was taken whole).
    pub dropped: usize,
    /// Where the caret goes, in UTF-16 code units (as a text area counts): just after what was kept of the insertion.
    pub caret_utf16: usize,
}

/// Fits an edit of a section into the limit. `before` is the section's text, `after` the text area's after the edit
/// (a keystroke, a paste, a drop). What the edit inserted is kept up to the limit and the rest left out; the text
/// around it, what the writer had before, is kept whole, even when it alone were over the limit.
pub fn fit_section_edit<'a>(before: &str, after: &'a str) -> Fitted<'a> {
    if section_over_limit(after).is_none() {
        return Fitted {
            text: Cow::Borrowed(after),
            dropped: 0,
            caret_utf16: 0,
        };
    }
    // What the edit inserted lies between the longest common prefix and the longest common suffix that do not
    // overlap, each ending on a character boundary.
    let prefix = common_prefix(before, after);
    let longest_suffix = before.len().min(after.len()) - prefix;
    let suffix = common_suffix(&before[prefix..], &after[prefix..], longest_suffix);
    let (head, inserted, tail) = (
        &after[..prefix],
        &after[prefix..after.len() - suffix],
        &after[after.len() - suffix..],
    );
    let room = MAX_SECTION_CHARS.saturating_sub(head.chars().count() + tail.chars().count());
    let kept_end = inserted
        .char_indices()
        .nth(room)
        .map_or(inserted.len(), |(i, _)| i);
    let kept = &inserted[..kept_end];
    let dropped = inserted[kept_end..].chars().count();
    if dropped == 0 {
        return Fitted {
            text: Cow::Borrowed(after),
            dropped: 0,
            caret_utf16: 0,
        };
    }
    let caret_utf16 = head.encode_utf16().count() + kept.encode_utf16().count();
    Fitted {
        text: Cow::Owned([head, kept, tail].concat()),
        dropped,
        caret_utf16,
    }
}

/// The text after pasting `pasted` over `text`'s selection from `start` to `end` (in UTF-16 code units, as a text
/// area counts; out of range is taken as the end), with line breaks as a text area keeps them (CR LF and CR as LF):
/// what the text area would hold, for a paste the editor makes itself.
pub fn paste_utf16(text: &str, start: usize, end: usize, pasted: &str) -> String {
    let byte_at = |utf16: usize| {
        let mut units = 0;
        text.char_indices()
            .find(|(_, c)| {
                let here = units >= utf16;
                units += c.len_utf16();
                here
            })
            .map_or(text.len(), |(i, _)| i)
    };
    let (start, end) = (byte_at(start.min(end)), byte_at(end.max(start)));
    let pasted = pasted.replace("\r\n", "\n").replace('\r', "\n");
    [&text[..start], pasted.as_str(), &text[end..]].concat()
}

/// The length in bytes of the longest common prefix of `a` and `b`, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = a
        .as_bytes()
        .iter()
        .zip(b.as_bytes())
        .take_while(|(x, y)| x == y)
        .count();
    while !a.is_char_boundary(n) || !b.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// The length in bytes of the longest common suffix of `a` and `b`, at most `most`, on a character boundary.
fn common_suffix(a: &str, b: &str, most: usize) -> usize {
    let mut n = a
        .as_bytes()
        .iter()
        .rev()
        .zip(b.as_bytes().iter().rev())
        .take(most)
        .take_while(|(x, y)| x == y)
        .count();
    while !a.is_char_boundary(a.len() - n) || !b.is_char_boundary(b.len() - n) {
        n -= 1;
    }
    n
}

/// What the editor says when an edit went over the limit.
pub fn over_limit_message(dropped: usize) -> String {
    format!("本节内容超过 {MAX_SECTION_CHARS} 字的上限，多出的 {dropped} 字未写入（之前已写的内容都保留着）")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(n: usize) -> String {
        "政务公开".chars().cycle().take(n).collect()
    }

    #[test]
    fn a_text_within_the_limit_is_taken_as_it_is() {
        let after = text(MAX_SECTION_CHARS);
        let fitted = fit_section_edit("", &after);
        assert_eq!(fitted.dropped, 0);
        assert!(matches!(fitted.text, Cow::Borrowed(_)));
        assert_eq!(section_over_limit(&after), None);
        assert_eq!(
            section_over_limit(&text(MAX_SECTION_CHARS + 1)),
            Some(MAX_SECTION_CHARS + 1)
        );
    }

    #[test]
    fn a_paste_in_the_middle_is_cut_and_the_text_around_it_kept() {
        let before = format!("开头{}结尾", text(MAX_SECTION_CHARS - 10));
        let pasted = "新".repeat(50);
        let middle = before.char_indices().nth(5).unwrap().0;
        let after = format!("{}{pasted}{}", &before[..middle], &before[middle..]);
        let fitted = fit_section_edit(&before, &after);
        assert_eq!(fitted.text.chars().count(), MAX_SECTION_CHARS);
        assert_eq!(fitted.dropped, 44);
        assert!(fitted.text.starts_with("开头") && fitted.text.ends_with("结尾"));
        let expected = format!(
            "{}{}{}",
            &before[..middle],
            "新".repeat(6),
            &before[middle..]
        );
        assert_eq!(fitted.text, expected);
        assert_eq!(fitted.caret_utf16, 5 + 6);
    }

    #[test]
    fn a_paste_over_a_selection_keeps_what_was_not_selected() {
        let before = text(MAX_SECTION_CHARS);
        // The first 10 characters selected and replaced by a long paste.
        let after = format!(
            "{}{}",
            "甲".repeat(20),
            before.chars().skip(10).collect::<String>()
        );
        let fitted = fit_section_edit(&before, &after);
        assert_eq!(fitted.dropped, 10);
        assert_eq!(
            fitted.text,
            format!(
                "{}{}",
                "甲".repeat(10),
                before.chars().skip(10).collect::<String>()
            )
        );
    }

    #[test]
    fn a_text_already_over_the_limit_loses_nothing_it_had() {
        let before = text(MAX_SECTION_CHARS + 5);
        let after = format!("{before}再");
        let fitted = fit_section_edit(&before, &after);
        assert_eq!((fitted.text.as_ref(), fitted.dropped), (before.as_str(), 1));
        // Deleting from it is an edit like any other.
        let shorter: String = before.chars().skip(1).collect();
        assert_eq!(fit_section_edit(&before, &shorter).text, shorter);
    }

    #[test]
    fn repeated_text_is_cut_on_character_boundaries() {
        // The prefix and suffix of a repetitive text meet inside what was pasted: any split is right if it
        // keeps the limit and characters whole.
        let before = text(MAX_SECTION_CHARS - 3);
        let after = text(MAX_SECTION_CHARS + 9);
        let fitted = fit_section_edit(&before, &after);
        assert_eq!(fitted.text.chars().count(), MAX_SECTION_CHARS);
        assert_eq!(fitted.dropped, 9);
        assert_eq!(fitted.text, text(MAX_SECTION_CHARS));
    }

    #[test]
    fn a_paste_lands_on_the_selection_counted_in_utf16() {
        // 𠀀 is two UTF-16 code units: offsets after it count it twice.
        assert_eq!(paste_utf16("甲𠀀乙丙", 3, 4, "丁"), "甲𠀀丁丙");
        assert_eq!(paste_utf16("甲乙", 0, 0, "a\r\nb\rc"), "a\nb\nc甲乙");
        assert_eq!(paste_utf16("甲乙", 9, 1, "丙"), "甲丙");
        assert_eq!(paste_utf16("", 0, 0, "丙"), "丙");
    }

    #[test]
    fn the_message_says_the_limit_and_what_was_left_out() {
        assert_eq!(
            over_limit_message(12),
            "本节内容超过 100000 字的上限，多出的 12 字未写入（之前已写的内容都保留着）"
        );
    }
}
