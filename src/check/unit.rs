//! Who wrote the report: the one recogniser of a unit's name in running text ([`name_at`], [`is_name`]), where the
//! text names the unit writing ([`named`]), and the one test of whether a name is the header's unit ([`same`]).
//! The words are the template's (`UnitNames`); what is generic Chinese (the levels of a place) is here.

use crate::model::UnitNames;

/// The words a place's name ends in (长春**市**, 二道**区**, 七里坪**镇**). A full name holds one after its first
/// character (长春市体育局); a name starting with one (市体育局, 区政府国资局) is an abbreviation.
const LEVELS: [&str; 11] = [
    "省", "市", "区", "县", "州", "旗", "盟", "镇", "乡", "街道", "苏木",
];

/// The first characters of [`LEVELS`]: where none stands, no level does.
const LEVEL_CHARS: [char; 11] = [
    '省', '市', '区', '县', '州', '旗', '盟', '镇', '乡', '街', '苏',
];

/// How long a name may be, in characters.
const MAX_CHARS: usize = 30;
/// Shorter names (我局, 市委) are never compared.
const MIN_CHARS: usize = 4;

fn is_name_char(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Whether the ending `ending`, ending at byte `end` of `text`, is a unit's ending there: no word of `not_endings`
/// covers it (局长, 格局, 大厅) and no ending starting inside it goes on past its end (办 of 办公室, 委 of 委员会).
fn ending_at(text: &str, end: usize, ending: &str, names: &UnitNames) -> bool {
    if !text[..end].ends_with(ending) {
        return false;
    }
    let start = end - ending.len();
    let covered = names.not_endings.iter().any(|word| {
        word.match_indices(ending).any(|(k, _)| {
            start >= k
                && text.is_char_boundary(start - k)
                && text[start - k..].starts_with(word.as_str())
        })
    });
    // An ending that goes on past this one's end, starting inside it (办公室 over 办, 委员会 over 委, 办公室 over the
    // 公开办 of 政务公开办公室): the name ends there, not here.
    let longer = text[start..end].char_indices().any(|(i, _)| {
        names.endings.iter().any(|other| {
            start + i + other.len() > end && text[start + i..].starts_with(other.as_str())
        })
    });
    !covered && !longer
}

/// Whether the first `end` bytes of `text` end in one of the endings, as a unit's name does.
fn ends_a_name(text: &str, end: usize, names: &UnitNames) -> bool {
    names.endings.iter().any(|e| ending_at(text, end, e, names))
}

/// Whether a name is written the way a full name is (a place's level after its first character) and is not one of
/// the words that start no name (在, 按照) or an abbreviation (市…, 我…).
fn full(name: &str, names: &UnitNames, skip: &[String]) -> bool {
    let chars = name.chars().count();
    (MIN_CHARS..=MAX_CHARS).contains(&chars)
        && LEVELS
            .iter()
            .any(|level| name.match_indices(level).any(|(i, _)| i > 0))
        && !LEVELS.iter().any(|level| name.starts_with(level))
        && !names
            .not_starts
            .iter()
            .any(|w| name.starts_with(w.as_str()))
        && !names
            .actors
            .iter()
            .any(|w| !w.is_empty() && name.contains(w.as_str()))
        && !skip
            .iter()
            .any(|w| !w.is_empty() && name.contains(w.as_str()))
}

/// The last characters of the endings: only where one stands can a name end (read once per text, not per place).
fn last_chars(names: &UnitNames) -> Vec<char> {
    let mut lasts: Vec<char> = names
        .endings
        .iter()
        .filter_map(|e| e.chars().next_back())
        .collect();
    lasts.sort_unstable();
    lasts.dedup();
    lasts
}

/// The unit's full name that `text` starts with, as its byte length (`lasts`: [`last_chars`] of `names`): the
/// shortest run of name characters that ends in an ending (长春市体育局 of 长春市体育局认真落实…), taking in endings
/// that follow at once (人民政府 + 办公室), or the whole line where the line is only a name; none where that run is
/// not a full name or is followed by one of `followers` (四川省体育局官方网站: a website).
pub fn name_at(text: &str, names: &UnitNames, skip: &[String], lasts: &[char]) -> Option<usize> {
    if names.endings.is_empty() {
        return None;
    }
    // A full name holds a level after its first character: where none stands within reach, there is no name (most
    // sentences: 全年通过政府门户网站…), and nothing more is read.
    let level_within = text
        .chars()
        .take(MAX_CHARS)
        .take_while(|&c| is_name_char(c))
        .skip(1)
        .any(|c| LEVEL_CHARS.contains(&c));
    if !level_within {
        return None;
    }
    let mut end = None;
    for (count, (i, c)) in text.char_indices().enumerate() {
        if count >= MAX_CHARS || !is_name_char(c) {
            break;
        }
        let after = i + c.len_utf8();
        if lasts.contains(&c) && ends_a_name(text, after, names) {
            end = Some(after);
            break;
        }
    }
    let mut end = end?;
    // 长春市人民政府 + 办公室, 中共长春市委 + 办公室: an office of the unit is named with it.
    'extend: loop {
        for ending in names.endings.iter().filter(|e| e.chars().count() >= 2) {
            let next = end + ending.len();
            if text[end..].starts_with(ending.as_str())
                && text[..next].chars().count() <= MAX_CHARS
                && ending_at(text, next, ending, names)
            {
                end = next;
                continue 'extend;
            }
        }
        break;
    }
    // A line that is a name and nothing else (a signature, 桦甸市人民政府新华街道办事处) is the whole name.
    // (At most one character past the longest name is read: a long run of text is no name.)
    let run: usize = text
        .chars()
        .take(MAX_CHARS + 1)
        .take_while(|&c| is_name_char(c))
        .map(char::len_utf8)
        .sum();
    let line_end = text[run..].trim_start_matches([' ', '\t', '\r', '　']);
    if run > end
        && (line_end.is_empty() || line_end.starts_with('\n'))
        && text[..run].chars().count() <= MAX_CHARS
        && ends_a_name(text, run, names)
    {
        end = run;
    }
    let followed = names
        .followers
        .iter()
        .any(|f| text[end..].starts_with(f.as_str()));
    (!followed && full(&text[..end], names, skip)).then_some(end)
}

/// Whether a whole line (a signature) is a unit's name: it ends in an ending, or, for a template without endings,
/// any line is.
pub fn is_name(line: &str, names: &UnitNames) -> bool {
    names.endings.is_empty() || ends_a_name(line, line.len(), names)
}

/// Where `text` names the unit writing it, as byte ranges of full names: at a sentence's start and in the clause
/// after a year that opens a sentence (2025年，长春市体育局…; 2022年度区政府国资局…), followed by one of `predicates`
/// (坚持, 认真, 高度重视…: the unit is the sentence's subject), and after one of `actors`
/// (本报告由…, 请与…联系). Abbreviations (市体育局, 我局) and names of other bodies elsewhere in a sentence (按照省政府办
/// 公厅…, 在市委…的领导下) are not read.
pub fn named(text: &str, names: &UnitNames, skip: &[String]) -> Vec<(usize, usize)> {
    if names.endings.is_empty() {
        return Vec::new();
    }
    // Where a name may start, and whether a word of `predicates` must follow it there (a sentence's start and the
    // clause after a year: 柳州市体育局高度重视…, not 进驻到市行政服务中心卫健窗口…); after an actor it need not.
    let mut starts: Vec<(usize, bool)> = Vec::new();
    let sentence = |from: usize, starts: &mut Vec<(usize, bool)>| {
        let rest = &text[from..];
        let from = from + (rest.len() - rest.trim_start().len());
        starts.push((from, true));
        // A year opening the sentence: 2025年，…; 2022年度…; 2023年以来，….
        let digits: usize = text[from..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
            .map(char::len_utf8)
            .sum();
        if digits == 0 {
            return;
        }
        let mut at = from + digits;
        for word in ["年", "度", "以来"] {
            if text[at..].starts_with(word) {
                at += word.len();
            } else if word == "年" {
                return;
            }
        }
        if let Some(c) = text[at..]
            .chars()
            .next()
            .filter(|c| matches!(c, '，' | ',' | '、'))
        {
            at += c.len_utf8();
        }
        starts.push((at, true));
    };
    sentence(0, &mut starts);
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '！' | '？' | '；' | '\n') {
            sentence(i + c.len_utf8(), &mut starts);
        }
    }
    for actor in names.actors.iter().filter(|a| !a.is_empty()) {
        starts.extend(
            text.match_indices(actor.as_str())
                .map(|(i, _)| (i + actor.len(), false)),
        );
    }
    // An actor's start where a sentence starts too: the actor's (no predicate needed).
    starts.sort_unstable();
    starts.dedup_by_key(|(start, _)| *start);
    let lasts = last_chars(names);
    starts
        .into_iter()
        .filter_map(|(start, predicate)| {
            let end = start + name_at(&text[start..], names, skip, &lasts)?;
            let acts = !predicate
                || names.predicates.is_empty()
                || names
                    .predicates
                    .iter()
                    .any(|p| text[end..].starts_with(p.as_str()));
            acts.then_some((start, end))
        })
        .collect()
}

/// A name as compared: without spaces and a trailing （本级）, with 人民政府 read as 政府 (湛江市人民政府地方志办公室 is
/// 湛江市政府地方志办公室); and a second reading without a 政府 inside the name (湛江市地方志办公室, 区国资局 for
/// 区政府国资局), where it has one.
fn normal(name: &str) -> [Vec<char>; 2] {
    let mut name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    for level in ["（本级）", "(本级)", "本级"] {
        if let Some(stripped) = name.strip_suffix(level) {
            name = stripped.to_owned();
        }
    }
    let name = name.replace("人民政府", "政府");
    let inner = match name.strip_suffix("政府") {
        Some(head) => format!("{}政府", head.replace("政府", "")),
        None => name.replace("政府", ""),
    };
    [name.chars().collect(), inner.chars().collect()]
}

fn is_level_end(chars: &[char]) -> bool {
    let s: String = chars.iter().collect();
    LEVELS.iter().any(|l| s.ends_with(l))
}

/// Whether `short` is `full` written shorter: its characters in order, leaving out a leading place (长春 of 市体育局),
/// a trailing office and words inside (政府 of 湛江市地方志办公室) — but not a place inside (长春市体育局 is not
/// 长春市二道区体育局: the left-out 二道区 is a place of its own).
fn abbreviates(short: &[char], full: &[char]) -> bool {
    let mut at = 0;
    let mut previous: Option<usize> = None;
    for &c in short {
        let Some(found) = full[at..].iter().position(|&f| f == c).map(|p| at + p) else {
            return false;
        };
        if let Some(previous) = previous {
            let gap = &full[previous + 1..found];
            if gap.len() >= 2 && is_level_end(gap) {
                return false;
            }
        }
        previous = Some(found);
        at = found + 1;
    }
    true
}

/// Whether a name written in the report is the header's unit `unit`: the same name, the name written shorter (市体育局
/// for 长春市体育局, 湛江市地方志办公室), one of its offices (长春市体育局办公室, 二道区人民政府办公室), or, for a unit
/// that speaks for its place (an ending of `covers`, 人民政府), a unit named after that place (二道区财政局 in
/// 长春市二道区人民政府's report).
pub fn same(unit: &str, name: &str, names: &UnitNames) -> bool {
    // One inside the other is the same unit written shorter (or an office of it) in every reading: nothing to
    // allocate on every check for the usual case, the unit's own name.
    if unit.contains(name) || name.contains(unit) {
        return true;
    }
    let (units, written) = (normal(unit), normal(name));
    units
        .iter()
        .any(|u| written.iter().any(|n| same_normal(u, n, names)))
}

fn same_normal(u: &[char], n: &[char], names: &UnitNames) -> bool {
    if u.is_empty() || n.is_empty() || abbreviates(n, u) || abbreviates(u, n) {
        return true;
    }
    // The name of an office of the unit: a part of it up to an ending abbreviates the unit.
    let n_text: String = n.iter().collect();
    let office = n_text
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .filter(|&end| end < n_text.len() && ends_a_name(&n_text, end, names))
        .any(|end| abbreviates(&n_text[..end].chars().collect::<Vec<_>>(), u));
    if office {
        return true;
    }
    let u_text: String = u.iter().collect();
    names.covers.iter().any(|cover| {
        let cover: String = normal(cover)[0].iter().collect();
        let Some(place) = u_text
            .strip_suffix(cover.as_str())
            .filter(|p| !p.is_empty())
        else {
            return false;
        };
        // The name's place must be the unit's place (二道区 of 长春市二道区), not a part of it (长春市).
        let level = LEVELS.iter().find(|l| place.ends_with(*l));
        let place: Vec<char> = place.chars().collect();
        (1..=n.len()).any(|k| {
            let head: String = n[..k].iter().collect();
            level.is_some_and(|l| head.ends_with(l)) && abbreviates(&n[..k], &place)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn names() -> UnitNames {
        UnitNames {
            endings: words(&[
                "局",
                "办公室",
                "委员会",
                "人民政府",
                "政府",
                "中心",
                "厅",
                "委",
                "征收办",
                "办事处",
                "公开办",
            ]),
            not_endings: words(&["局长", "格局", "大厅", "委员", "政府信息", "中心组"]),
            followers: words(&["网站", "官方网站", "门户"]),
            not_starts: words(&["在", "按照", "根据"]),
            actors: words(&["本报告由", "请与"]),
            predicates: words(&["认真", "坚持", "高度", "公开"]),
            covers: words(&["人民政府"]),
        }
    }

    #[test]
    fn reads_the_shortest_full_name() {
        let n = names();
        fn at<'t>(n: &UnitNames, t: &'t str) -> Option<&'t str> {
            name_at(t, n, &[], &last_chars(n)).map(|end| &t[..end])
        }
        assert_eq!(at(&n, "宝鸡市体育局认真落实党中央"), Some("宝鸡市体育局"));
        assert_eq!(
            at(&n, "长春市人民政府办公室印发"),
            Some("长春市人民政府办公室")
        );
        assert_eq!(
            at(&n, "长春市二道区房屋征收工作管理办公室"),
            Some("长春市二道区房屋征收工作管理办公室")
        );
        assert_eq!(at(&n, "二道区委员会"), Some("二道区委员会"));
        assert_eq!(
            at(&n, "宿州市政务公开办公室联系"),
            Some("宿州市政务公开办公室")
        );
        assert_eq!(
            at(&n, "桦甸市人民政府新华街道办事处\n2013年3月7日"),
            Some("桦甸市人民政府新华街道办事处")
        );
        // Abbreviations, no place, other words.
        for text in [
            "市体育局坚持",
            "局认真落实",
            "在中共长春市委的领导下",
            "全年共办理局长信箱来信",
            "政务服务大厅",
            "四川省体育局官方网站",
            "长春市政府信息公开工作",
            "党组理论学习中心组",
        ] {
            assert_eq!(at(&n, text), None, "{text}");
        }
    }

    #[test]
    fn finds_where_the_writer_is_named() {
        let n = names();
        let text = "2023年，长春市体育局认真落实条例。本报告由长春市体育局编制。按照吉林省人民政府办公厅要求，\
            在市委领导下，市体育局公开信息。如有疑问请与长春市体育局办公室联系。";
        let found: Vec<&str> = named(text, &n, &[])
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(
            found,
            ["长春市体育局", "长春市体育局", "长春市体育局办公室"]
        );
    }

    #[test]
    fn tells_the_same_unit_from_another() {
        let n = names();
        for (unit, name) in [
            ("长春市体育局", "长春市体育局"),
            ("长春市体育局", "市体育局"),
            ("长春市体育局", "长春市体育局办公室"),
            ("湛江市人民政府地方志办公室", "湛江市地方志办公室"),
            ("湛江市人民政府地方志办公室", "湛江市政府地方志办公室"),
            ("浑南区国资局", "区政府国资局"),
            ("长春市二道区人民政府", "二道区人民政府办公室"),
            ("长春市二道区人民政府", "长春市二道区财政局"),
            ("长春市二道区人民政府", "二道区财政局"),
            ("长春市二道区人民政府", "二道区市场监督管理局"),
            ("长春市人民政府", "长春市市场监督管理局"),
            ("长春市二道区房屋征收工作管理办公室", "二道区房屋征收办"),
            ("长春市二道区体育局", "二道区体育局"),
            ("长春市人民政府办公室", "长春市人民政府"),
        ] {
            assert!(same(unit, name, &n), "{unit} / {name}");
        }
        for (unit, name) in [
            ("长春市体育局", "吉林市体育局"),
            ("长春市体育局", "长春市教育局"),
            ("长春市二道区体育局", "长春市体育局"),
            ("长春市体育局", "长春市二道区体育局"),
            ("湛江市档案馆", "湛江市人民政府地方志办公室"),
            ("长春市二道区人民政府", "长春市朝阳区财政局"),
            ("长春市二道区人民政府", "长春市财政局"),
        ] {
            assert!(!same(unit, name, &n), "{unit} / {name}");
        }
    }
}
