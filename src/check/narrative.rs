//! Figures written in narrative text: "主动公开政府信息总计221条，其中机构职能信息9条；……".

/// A number found in text, with where it was and whether it was approximate (120余名).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    pub value: u64,
    pub approximate: bool,
    /// The quoted words, for messages: from the name to the unit.
    pub quote: String,
    /// Byte offset just after the unit.
    pub end: usize,
}

/// How far after a name its number may start (in characters), for "总计", "为", "：" and the like.
const GAP: usize = 6;

/// Every figure written right after one of `names` and followed by one of `units` (separated by `|`).
pub fn figures_after_names(text: &str, names: &[String], units: &str) -> Vec<Figure> {
    let mut found = Vec::new();
    for name in names {
        let mut from = 0;
        while let Some(offset) = text[from..].find(name.as_str()) {
            let start = from + offset;
            let after = start + name.len();
            if let Some(mut figure) = figure_near(text, after, units) {
                figure.quote = text[start..figure.end].to_owned();
                if !found.iter().any(|f: &Figure| f.end == figure.end) {
                    found.push(figure);
                }
            }
            from = after;
        }
    }
    found.sort_by_key(|f| f.end);
    found
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
        quote: String::new(),
        end,
    })
}

/// A stated total and its items: "总计221条，其中A 9条；B 135条……" up to the end of the sentence.
pub fn breakdowns(text: &str, names: &[String], units: &str) -> Vec<(Figure, Vec<Figure>)> {
    figures_after_names(text, names, units)
        .into_iter()
        .filter_map(|total| {
            let sentence = &text[total.end..];
            let sentence = &sentence[..sentence.find('。').unwrap_or(sentence.len())];
            let items_from = sentence.find("其中")?;
            let items = all_figures(&sentence[items_from..], units);
            (!items.is_empty()).then_some((total, items))
        })
        .collect()
}

/// Every number followed by a unit in a stretch of text.
fn all_figures(text: &str, units: &str) -> Vec<Figure> {
    let mut found = Vec::new();
    let mut previous_was_digit = false;
    for (i, c) in text.char_indices() {
        if is_digit(c) && !previous_was_digit {
            if let Some(figure) = figure_at(text, i, units) {
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
        assert_eq!(found[0].quote, "主动公开政府信息总计221条");
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
    fn a_total_without_items_is_not_a_breakdown() {
        assert!(breakdowns(
            "主动公开政府信息221条。其中9条",
            &names(&["主动公开政府信息"]),
            "条"
        )
        .is_empty());
    }
}
