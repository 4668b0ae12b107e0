//! Figures written in narrative text: "主动公开政府信息总计221条，其中机构职能信息9条；……".

/// A number found in text, with where it was and whether it was approximate (120余名).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    pub value: u64,
    pub approximate: bool,
    /// Byte offset of the quoted words, for messages: from the name to the unit (`text[start..end]`).
    pub start: usize,
    /// Byte offset just after the unit.
    pub end: usize,
}

impl Figure {
    /// The quoted words in the text the figure was found in, for messages: from the name to the unit.
    pub fn quote<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// What was read from one version of a section's text for one rule, kept while the text stays the same: a figure
/// cell's keystroke then reads no text at all. Keyed by the text's [`Stamp`] and a hash of what the rule looks for;
/// cleared when it grows past a bound (old texts are never asked for again).
pub mod cache {
    use super::Figure;
    use crate::model::report::Stamp;
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::hash::{DefaultHasher, Hash, Hasher};
    use std::rc::Rc;

    type Found = Rc<[(Figure, Vec<Figure>)]>;

    thread_local! {
        static FOUND: RefCell<HashMap<(u64, u64), Found>> = RefCell::new(HashMap::new());
    }

    const BOUND: usize = 1024;

    /// (text stamp, rule key hash) → what the rule found, as numbers.
    type Spans = HashMap<(u64, u64), Rc<[[u64; 4]]>>;

    thread_local! {
        static SPANS: RefCell<Spans> = RefCell::new(HashMap::new());
    }

    /// Like [`get`], for the rules whose findings in a text are a few numbers each (offsets, a year, an index).
    pub fn spans(
        stamp: Stamp,
        key: impl Hash,
        read: impl FnOnce() -> Vec<[u64; 4]>,
    ) -> Rc<[[u64; 4]]> {
        let mut hasher = DefaultHasher::new();
        key.hash(&mut hasher);
        let key = (stamp.get(), hasher.finish());
        if let Some(found) = SPANS.with(|c| c.borrow().get(&key).cloned()) {
            return found;
        }
        let found: Rc<[[u64; 4]]> = read().into();
        SPANS.with(|c| {
            let mut cache = c.borrow_mut();
            if cache.len() >= BOUND {
                cache.clear();
            }
            cache.insert(key, found.clone());
        });
        found
    }

    /// What `read` finds in the text stamped `stamp`, for the rule described by `key` (its kind, names and units),
    /// read at most once per text version.
    pub fn get(
        stamp: Stamp,
        key: impl Hash,
        read: impl FnOnce() -> Vec<(Figure, Vec<Figure>)>,
    ) -> Found {
        let mut hasher = DefaultHasher::new();
        key.hash(&mut hasher);
        let key = (stamp.get(), hasher.finish());
        if let Some(found) = FOUND.with(|c| c.borrow().get(&key).cloned()) {
            return found;
        }
        let found: Found = read().into();
        FOUND.with(|c| {
            let mut cache = c.borrow_mut();
            if cache.len() >= BOUND {
                cache.clear();
            }
            cache.insert(key, found.clone());
        });
        found
    }
}

/// How far after a name its number may start (in characters), for "总计", "为", "：" and the like.
const GAP: usize = 6;

/// Every figure written right after one of `names` and followed by one of `units` (separated by `|`), in the order
/// of the text; a figure after two names (or twice after one) once, quoted from the first name listed. One scan of
/// the text per name and nothing allocated but the list, however long the text: it runs on every keystroke.
pub fn figures_after_names(text: &str, names: &[String], units: &str) -> Vec<Figure> {
    let mut found = Vec::new();
    for name in names.iter().filter(|name| !name.is_empty()) {
        // A name with `#` holds the figure inside: 收到#政府信息公开申请 reads 共收到8份政府信息公开申请.
        if let Some((head, tail)) = name.split_once('#') {
            for (at, _) in text.match_indices(tail) {
                if let Some(mut figure) = figure_before(text, at, head, units) {
                    figure.end = at + tail.len();
                    found.push(figure);
                }
            }
            continue;
        }
        for (start, _) in text.match_indices(name.as_str()) {
            if let Some(mut figure) = figure_near(text, start + name.len(), units) {
                figure.start = start;
                found.push(figure);
            }
        }
    }
    // Stable: of the figures ending at one place, the first name's comes first, and is the one kept.
    crate::model::order::sort_stable_by_key(&mut found, |f| f.end);
    found.dedup_by_key(|f| f.end);
    found
}

/// A figure written just before `at` (a number, an optional 余/多 and one of `units` ending there), with `head`
/// written at most a few characters before the number and no punctuation between: the figure of a name written
/// around it (收到 8份 政府信息公开申请). Starts at `head`.
fn figure_before(text: &str, at: usize, head: &str, units: &str) -> Option<Figure> {
    let before = &text[..at];
    let unit = units.split('|').find(|unit| before.ends_with(unit))?;
    let mut end = at - unit.len();
    let approximate = text[..end].ends_with(['余', '多']);
    if approximate {
        end -= '余'.len_utf8();
    }
    let start = text[..end]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_digit(*c))
        .last()
        .map(|(i, _)| i)?;
    let figure = figure_at(text, start, units)?;
    if figure.approximate != approximate {
        return None;
    }
    let lead = &text[..start];
    let window: usize = lead
        .chars()
        .rev()
        .take(GAP + head.chars().count())
        .map(char::len_utf8)
        .sum();
    let near = &lead[lead.len() - window..];
    let found = near.rfind(head)?;
    if head.is_empty() || near[found + head.len()..].contains(['。', '；', ';', '，', ',']) {
        return None;
    }
    Some(Figure {
        start: lead.len() - window + found,
        ..figure
    })
}

/// A figure written in the text: a number within a few characters of `from`, followed by a unit.
fn figure_near(text: &str, from: usize, units: &str) -> Option<Figure> {
    let rest = &text[from..];
    let (skip, _) = rest
        .char_indices()
        .take(GAP + 1)
        .find(|(_, c)| is_digit(*c))?;
    if rest[..skip].contains(['。', '；', ';', '，', ',']) {
        return None;
    }
    figure_at(text, from + skip, units)
}

/// Reads a number starting exactly at `start`, an optional 余/多, then one of the units.
fn figure_at(text: &str, start: usize, units: &str) -> Option<Figure> {
    let mut value: u64 = 0;
    let mut end = start;
    for (i, c) in text[start..].char_indices() {
        if let Some(d) = digit_value(c) {
            value = value.checked_mul(10)?.checked_add(d)?;
        } else if !matches!(c, ',' | '，')
            || !text[start + i + c.len_utf8()..].starts_with(is_digit)
        {
            break;
        }
        end = start + i + c.len_utf8();
    }
    if end == start {
        return None;
    }
    let mut rest = &text[end..];
    let approximate = rest.starts_with(['余', '多']);
    if approximate {
        rest = &rest['余'.len_utf8()..];
    }
    let unit = units.split('|').find(|unit| rest.starts_with(unit))?;
    let end = text.len() - rest.len() + unit.len();
    Some(Figure {
        value,
        approximate,
        start,
        end,
    })
}

/// The clause a figure is in, from the punctuation before `start` to the one after `end`: where words that change a
/// figure's scope (其中, 办结, 备案) are looked for.
pub fn clause(text: &str, start: usize, end: usize) -> &str {
    const STOPS: [char; 6] = ['。', '；', ';', '，', ',', '\n'];
    let from = text[..start].rfind(STOPS).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let to = text[end..].find(STOPS).map_or(text.len(), |i| end + i);
    &text[from..to]
}

/// A title restated in the text: the unit's name and the year written before a marker ("…编制湛江市人民政府地方志
/// 办公室2023年政府信息公开工作年度报告": marker 年政府信息公开工作年度报告), with the byte range from the name to the end
/// of the marker. The name runs back from the year to punctuation or a space, and starts after the last of `leads`.
pub fn restated_titles<'a>(
    text: &'a str,
    markers: &[String],
    leads: &[String],
) -> Vec<(&'a str, u64, usize, usize)> {
    let mut found = Vec::new();
    for marker in markers.iter().filter(|m| !m.is_empty()) {
        for (at, _) in text.match_indices(marker.as_str()) {
            let before = &text[..at];
            let digits_from = before
                .char_indices()
                .rev()
                .take_while(|(_, c)| is_digit(*c))
                .last()
                .map(|(i, _)| i);
            let Some(digits_from) = digits_from else {
                continue;
            };
            let year = before[digits_from..]
                .chars()
                .filter_map(digit_value)
                .fold(0u64, |n, d| n.saturating_mul(10).saturating_add(d));
            let head = &before[..digits_from];
            let name_from = head
                .char_indices()
                .rev()
                .find(|(_, c)| {
                    c.is_whitespace()
                        || c.is_ascii_punctuation()
                        || "，。、；：“”‘’《》（）【】！？".contains(*c)
                })
                .map_or(0, |(i, c)| i + c.len_utf8());
            let mut name = &head[name_from..];
            let mut start = name_from;
            if let Some((i, lead)) = leads
                .iter()
                .filter_map(|lead| name.rfind(lead.as_str()).map(|i| (i, lead)))
                .max_by_key(|(i, _)| *i)
            {
                start += i + lead.len();
                name = &name[i + lead.len()..];
            }
            found.push((name, year, start, at + marker.len()));
        }
    }
    crate::model::order::sort_stable_by_key(&mut found, |f| f.2);
    found
}

/// Amounts written after one of `names` (信息处理费…200) that are not followed by one of `units` (元|万元): the byte
/// ranges from the name to the end of the number. Decimals are read as part of the amount (1.5万元).
pub fn amounts_without_unit(text: &str, names: &[String], units: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for name in names.iter().filter(|name| !name.is_empty()) {
        for (start, _) in text.match_indices(name.as_str()) {
            let from = start + name.len();
            let rest = &text[from..];
            let Some((skip, _)) = rest
                .char_indices()
                .take(GAP + 1)
                .find(|(_, c)| is_digit(*c))
            else {
                continue;
            };
            if rest[..skip].contains(['。', '；', ';', '，', ',']) {
                continue;
            }
            let number = &rest[skip..];
            let length: usize = number
                .chars()
                .take_while(|&c| is_digit(c) || matches!(c, '.' | '．' | ','))
                .map(char::len_utf8)
                .sum();
            let after = number[length..].trim_start();
            if !units.split('|').any(|unit| after.starts_with(unit)) {
                found.push((start, from + skip + length));
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// A stated total and its items: "总计221条，其中A 9条；B 135条……" up to the end of the sentence.
///
/// Linear in the text however it is written (a long text without a full stop, many totals in one sentence): the
/// full stop and the 其中 after each total are found by cursors that only move forward, and the items of one
/// sentence are read once for all its totals.
pub fn breakdowns(text: &str, names: &[String], units: &str) -> Vec<(Figure, Vec<Figure>)> {
    let totals = figures_after_names(text, names, units);
    let mut result = Vec::new();
    // The next full stop and 其中 at or after the current total (text.len() when there is none).
    let (mut stop, mut such_as) = (0, 0);
    // The figures of the sentence ending at `.0`, read from `.1`.
    let mut sentence: Option<(usize, usize, Vec<Figure>)> = None;
    for total in totals {
        if stop < total.end {
            stop = next(text, total.end, "。");
        }
        if such_as < total.end {
            such_as = next(text, total.end, "其中");
        }
        if such_as >= stop {
            continue;
        }
        let read = match &sentence {
            Some((end, from, _)) => *end == stop && *from <= such_as,
            None => false,
        };
        if !read {
            sentence = Some((stop, such_as, all_figures(text, such_as, stop, units)));
        }
        let (_, _, figures) = sentence.as_ref().expect("read above");
        let items = &figures[figures.partition_point(|f| f.start < such_as)..];
        if !items.is_empty() {
            result.push((total, items.to_vec()));
        }
    }
    result
}

/// Where `pattern` next occurs at or after `from`, or the text's length.
fn next(text: &str, from: usize, pattern: &str) -> usize {
    text[from..].find(pattern).map_or(text.len(), |i| from + i)
}

/// Every number followed by a unit in `text[from..to]` (`from` is not inside a number), with offsets in `text`.
fn all_figures(text: &str, from: usize, to: usize, units: &str) -> Vec<Figure> {
    let stretch = &text[..to];
    let mut found = Vec::new();
    let mut previous_was_digit = false;
    for (i, c) in stretch[from..].char_indices() {
        if is_digit(c) && !previous_was_digit {
            if let Some(figure) = figure_at(stretch, from + i, units) {
                found.push(figure);
            }
        }
        previous_was_digit = is_digit(c) || matches!(c, ',' | '，');
    }
    found
}

fn digit_value(c: char) -> Option<u64> {
    match c {
        '0'..='9' => Some(u64::from(c) - u64::from('0')),
        '０'..='９' => Some(u64::from(c) - u64::from('０')),
        _ => None,
    }
}

fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_written_inside_its_name_is_read() {
        let names = vec!["收到#政府信息公开申请".to_owned()];
        // 汉阳区人民政府办公室 2022年报告.
        let text = "2022年，我办共收到8份政府信息公开申请，其中，予以公开2件。";
        let found = figures_after_names(text, &names, "件|份");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].value, 8);
        assert_eq!(found[0].quote(text), "收到8份政府信息公开申请");
        for text in [
            "收到，8份政府信息公开申请",
            "收到群众来信和其他各类材料共8份政府信息公开申请",
            "予以公开8份政府信息公开申请",
            "收到8政府信息公开申请",
        ] {
            assert!(
                figures_after_names(text, &names, "件|份").is_empty(),
                "{text}"
            );
        }
        let found = figures_after_names("共收到２０余件政府信息公开申请", &names, "件|份");
        assert_eq!((found[0].value, found[0].approximate), (20, true));
    }

    const SEED: &str =
        "2011年度，县政府办公室主动公开政府信息总计221条，其中机构职能信息9条；政策法规信息135条；\
        业务工作信息36条；其他信息35条；信息公开相关规范4条。";

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn finds_a_figure_after_its_name() {
        let found = figures_after_names(SEED, &names(&["主动公开政府信息"]), "条");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].value, 221);
        assert_eq!(found[0].quote(SEED), "主动公开政府信息总计221条");
    }

    #[test]
    fn reads_approximate_figures_and_alternative_units() {
        let text = "参加培训单位86个，参加培训工作人员120余名。";
        let found = figures_after_names(text, &names(&["参加培训工作人员"]), "名|人");
        assert_eq!((found[0].value, found[0].approximate), (120, true));
        assert!(figures_after_names(text, &names(&["参加培训单位"]), "名|人").is_empty());
    }

    #[test]
    fn does_not_reach_across_a_clause() {
        let text = "主动公开政府信息，共计5条";
        assert!(figures_after_names(text, &names(&["主动公开政府信息"]), "条").is_empty());
    }

    #[test]
    fn reads_full_width_digits_and_separators() {
        let text = "主动公开信息１，２３４条";
        assert_eq!(
            figures_after_names(text, &names(&["主动公开信息"]), "条")[0].value,
            1234
        );
    }

    #[test]
    fn finds_a_total_and_its_items() {
        let found = breakdowns(SEED, &names(&["主动公开政府信息"]), "条");
        assert_eq!(found.len(), 1);
        let (total, items) = &found[0];
        assert_eq!(total.value, 221);
        assert_eq!(
            items.iter().map(|f| f.value).collect::<Vec<_>>(),
            vec![9, 135, 36, 35, 4]
        );
    }

    #[test]
    fn an_amount_needs_its_unit() {
        let names = names(&["信息处理费"]);
        let text = "本年度收取信息处理费200元，另退还信息处理费1.5万元；收取信息处理费30。未收取信息处理费。";
        let found = amounts_without_unit(text, &names, "元|万元");
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].0..found[0].1], "信息处理费30");
    }

    #[test]
    fn a_total_without_items_is_not_a_breakdown() {
        assert!(breakdowns(
            "主动公开政府信息221条。其中9条",
            &names(&["主动公开政府信息"]),
            "条"
        )
        .is_empty());
    }

    /// The scanning as it was before it was made linear (quadratic on long texts): the reference the new one must
    /// agree with, figure for figure.
    mod reference {
        use super::super::{figure_at, figure_near, is_digit, Figure};

        pub fn figures_after_names(
            text: &str,
            names: &[String],
            units: &str,
        ) -> Vec<(Figure, String)> {
            let mut found: Vec<(Figure, String)> = Vec::new();
            for name in names {
                let mut from = 0;
                while let Some(offset) = text[from..].find(name.as_str()) {
                    let start = from + offset;
                    let after = start + name.len();
                    if let Some(figure) = figure_near(text, after, units) {
                        let quote = text[start..figure.end].to_owned();
                        if !found.iter().any(|(f, _)| f.end == figure.end) {
                            found.push((figure, quote));
                        }
                    }
                    from = after;
                }
            }
            crate::model::order::sort_stable_by_key(&mut found, |(f, _)| f.end);
            found
        }

        pub fn breakdowns(
            text: &str,
            names: &[String],
            units: &str,
        ) -> Vec<(u64, String, Vec<u64>)> {
            figures_after_names(text, names, units)
                .into_iter()
                .filter_map(|(total, quote)| {
                    let sentence = &text[total.end..];
                    let sentence = &sentence[..sentence.find('。').unwrap_or(sentence.len())];
                    let items_from = sentence.find("其中")?;
                    let items = all_figures(&sentence[items_from..], units);
                    (!items.is_empty()).then_some((total.value, quote, items))
                })
                .collect()
        }

        fn all_figures(text: &str, units: &str) -> Vec<u64> {
            let mut found = Vec::new();
            let mut previous_was_digit = false;
            for (i, c) in text.char_indices() {
                if is_digit(c) && !previous_was_digit {
                    if let Some(figure) = figure_at(text, i, units) {
                        found.push(figure.value);
                    }
                }
                previous_was_digit = is_digit(c) || matches!(c, ',' | '，');
            }
            found
        }
    }

    fn as_reference(text: &str, found: Vec<(Figure, Vec<Figure>)>) -> Vec<(u64, String, Vec<u64>)> {
        found
            .into_iter()
            .map(|(total, items)| {
                let quote = total.quote(text).to_owned();
                (total.value, quote, items.iter().map(|f| f.value).collect())
            })
            .collect()
    }

    /// Report prose of about `n` characters with figures, totals and breakdowns, some consistent and some not.
    fn long_prose(n: usize) -> String {
        let mut text = String::new();
        let mut i = 0u64;
        while text.chars().count() < n {
            text.push_str(&format!(
                "本机关坚持以习近平新时代中国特色社会主义思想为指导，主动公开政府信息总计{}条，其中机构职能信息{}条；\
                 政策法规信息{}条。全年新收政府信息公开申请{}件，均按时答复。",
                20 + i % 7,
                10,
                10 + i % 3,
                188 + i % 2
            ));
            i += 1;
        }
        text
    }

    #[test]
    fn a_long_text_gives_the_same_figures_as_the_reference() {
        let text = long_prose(100_000);
        let names = names(&["主动公开政府信息", "新收政府信息公开申请", "政府信息"]);
        for units in ["条", "件", "条|件"] {
            let found = figures_after_names(&text, &names, units);
            let expected = reference::figures_after_names(&text, &names, units);
            assert_eq!(found.len(), expected.len());
            assert!(found.len() > 1000, "{}", found.len());
            for (figure, (reference, quote)) in found.iter().zip(&expected) {
                assert_eq!(
                    (figure.value, figure.approximate, figure.end),
                    (reference.value, reference.approximate, reference.end)
                );
                assert_eq!(figure.quote(&text), quote);
            }
            let found = as_reference(&text, breakdowns(&text, &names, units));
            assert_eq!(found, reference::breakdowns(&text, &names, units));
        }
    }

    #[test]
    fn a_long_sentence_with_many_totals_is_read_once() {
        // No full stop at all: every total's sentence runs to the end of the text, and each has its items.
        let text = "主动公开政府信息总计21条，其中机构职能信息10条；".repeat(5_000);
        let names = names(&["主动公开政府信息"]);
        let found = breakdowns(&text, &names, "条");
        assert_eq!(found.len(), 5_000);
        assert_eq!(
            found[4_999].1.iter().map(|f| f.value).collect::<Vec<_>>(),
            vec![10]
        );
        assert_eq!(found[0].1.len(), 5_000 * 2 - 1);
        let short = "主动公开政府信息总计21条，其中机构职能信息10条；".repeat(40);
        assert_eq!(
            as_reference(&short, breakdowns(&short, &names, "条")),
            reference::breakdowns(&short, &names, "条")
        );
    }

    // proptest is a native dev-dependency only.
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn figures_and_breakdowns_agree_with_the_reference(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "主动公开", "政府信息", "主动公开政府信息", "总计", "其中", "1", "23", "４", "，", ",", "。", "；", "条", "件",
                "余", "多", "为", "甲", " ",
            ]), 0..60),
        ) {
            let text = pieces.concat();
            let names = names(&["主动公开政府信息", "政府信息", "主动公开"]);
            for units in ["条", "条|件"] {
                let found: Vec<_> = figures_after_names(&text, &names, units)
                    .into_iter()
                    .map(|f| (f.value, f.approximate, f.end, f.quote(&text).to_owned()))
                    .collect();
                let expected: Vec<_> = reference::figures_after_names(&text, &names, units)
                    .into_iter()
                    .map(|(f, quote)| (f.value, f.approximate, f.end, quote))
                    .collect();
                proptest::prop_assert_eq!(found, expected);
                proptest::prop_assert_eq!(
                    as_reference(&text, breakdowns(&text, &names, units)),
                    reference::breakdowns(&text, &names, units)
                );
            }
        }
    }
}
