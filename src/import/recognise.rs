//! The recogniser: a [`Source`] mapped onto whichever template its headings and labels match, by the template's own
//! labels (never code per format). Rows are found by their label, columns by their header; labels are compared as
//! *keys* (full-width forms folded, numbering such as （一）/(一)/一、/1. and a leading 其中： dropped, spaces, line
//! breaks and punctuation removed), exactly first, then by containment (the short labels reports print:
//! 部分公开, 逾期不补正), then loosely (every character of the printed label in the template's, 逾期不缴费) — a loose
//! match is placed and listed as unsure. Anything that cannot be placed is listed in [`Review::unplaced`] with its
//! text; nothing is dropped and nothing is put in a cell it was not printed under.

use super::source::{Block, Source, SourceTable};
use super::{ImportError, Imported, Review, Unplaced};
use crate::model::limit::{section_over_limit, MAX_SECTION_CHARS};
use crate::model::report::TemplateRef;
use crate::model::template::{Block as TemplateBlock, FieldKind};
use crate::model::{KnownField, ReportFile, TableIndex, Template, SCHEMA_VERSION};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The words of every report title.
const TITLE_TAIL: &str = "政府信息公开工作年度报告";

/// Fewer labels than this matched is not a report of any format.
const MIN_SCORE: usize = 3;

/// The most columns and grid cells a table is expanded to (a hostile colspan cannot make a huge grid).
pub const MAX_GRID_COLUMNS: usize = 200;
pub const MAX_GRID_CELLS: usize = 400_000;

/// Reads `source` against every template and keeps the one whose labels it matches best (on a tie, the one whose
/// years include the year in the title, then the first: `templates` is newest first).
pub fn recognise(source: &Source, templates: &[Template]) -> Result<Imported, ImportError> {
    let mut best: Option<(usize, bool, Imported)> = None;
    for template in templates {
        let run = Run::new(template).read(source);
        // A title naming the report and one heading of the format is a report too (a narrative without tables).
        let score = if run.title && run.score >= 1 {
            run.score.max(MIN_SCORE)
        } else {
            run.score
        };
        let run = Run { score, ..run };
        let fits_year = run.year.is_some_and(|y| {
            template.years.from.is_none_or(|f| y >= f) && template.years.to.is_none_or(|t| y <= t)
        });
        let better = match &best {
            None => true,
            Some((score, fits, _)) => {
                run.score > *score || (run.score == *score && fits_year && !fits)
            }
        };
        if better {
            let score = run.score;
            best = Some((score, fits_year, run.finish()));
        }
    }
    match best {
        Some((score, _, imported)) if score >= MIN_SCORE => Ok(imported),
        _ => Err(ImportError::NotAReport),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Keys: labels as compared.

/// The numbering a label starts with, kept apart from its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Numbering {
    None,
    /// 一、
    Chinese(u32),
    /// （一） or (一)
    Paren(u32),
    /// 1. 1、 1．
    Arabic(u32),
}

/// Full-width ASCII folded to half-width, the ideographic space to a space.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{A0}' => ' ',
        c => c,
    }
}

fn chinese_digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .map(|p| p as u32)
}

/// 一 … 九十九 as a number.
fn chinese_number(s: &str) -> Option<u32> {
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [] => None,
        ['十'] => Some(10),
        ['十', d] => Some(10 + chinese_digit(*d)?),
        [d, '十'] => Some(chinese_digit(*d)? * 10),
        [d, '十', e] => Some(chinese_digit(*d)? * 10 + chinese_digit(*e)?),
        [d] => chinese_digit(*d),
        _ => None,
    }
}

/// Splits a folded, trimmed label into its numbering and the rest.
fn split_numbering(s: &str) -> (Numbering, &str) {
    let s = s.trim_start();
    let is_cn = |c: char| chinese_digit(c).is_some() || c == '十';
    // (一) / (1)
    if let Some(rest) = s.strip_prefix('(') {
        if let Some(end) = rest.find(')') {
            let inner = rest[..end].trim();
            if let Some(n) = chinese_number(inner) {
                return (Numbering::Paren(n), &rest[end + 1..]);
            }
            if let Ok(n) = inner.parse::<u32>() {
                return (Numbering::Paren(n), &rest[end + 1..]);
            }
        }
    }
    // 一、 / 一.
    let cn_len: usize = s
        .chars()
        .take_while(|&c| is_cn(c))
        .map(char::len_utf8)
        .sum();
    if cn_len > 0 {
        let rest = &s[cn_len..];
        if let Some(after) = rest.strip_prefix('、').or_else(|| rest.strip_prefix('.')) {
            if let Some(n) = chinese_number(&s[..cn_len]) {
                return (Numbering::Chinese(n), after);
            }
        }
    }
    // 1. / 1、 / 1)
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < 4 {
        let rest = &s[digits..];
        if let Some(after) = rest
            .strip_prefix('.')
            .or_else(|| rest.strip_prefix('、'))
            .or_else(|| rest.strip_prefix(')'))
        {
            if !after.starts_with(|c: char| c.is_ascii_digit()) {
                let n = s[..digits].parse().unwrap_or(0);
                return (Numbering::Arabic(n), after);
            }
        }
    }
    (Numbering::None, s)
}

/// A label as compared: its numbering, and its words without spaces, line breaks, punctuation or a leading 其中.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Key {
    numbering: Numbering,
    words: Vec<char>,
}

fn key(label: &str) -> Key {
    let folded: String = label.chars().map(fold).collect();
    let mut s = folded.trim();
    if let Some(rest) = s.strip_prefix("其中") {
        s = rest.trim_start_matches([':', ' ']);
    }
    let (numbering, rest) = split_numbering(s);
    let words = rest.chars().filter(|c| c.is_alphanumeric()).collect();
    Key { numbering, words }
}

/// How well a printed label matches a template's: 3 exactly, 2 by containment, 1 loosely, 0 not.
fn tier(printed: &[char], template: &[char]) -> u8 {
    match strict_tier(printed, template) {
        0 if printed.len() >= 3 && coverage(printed, template) >= 0.8 => 1,
        t => t,
    }
}

/// The same label (and not an empty one).
fn exact(printed: &[char], template: &[char]) -> bool {
    !printed.is_empty() && printed == template
}

/// [`tier`] without the loose match: 3 exactly, 2 by containment, else 0.
fn strict_tier(printed: &[char], template: &[char]) -> u8 {
    if printed.is_empty() || template.is_empty() {
        return 0;
    }
    if printed == template {
        return 3;
    }
    let (short, long) = if printed.len() <= template.len() {
        (printed, template)
    } else {
        (template, printed)
    };
    // The printed label a short form of the template's (部分公开), or the template's with words around it — but a
    // short template label inside a long printed one is chance (其他 in 不计其他情形), not a match.
    let printed_shorter = printed.len() <= template.len();
    let enough = printed_shorter || short.len() * 2 >= long.len();
    if short.len() >= 2
        && enough
        && long
            .windows(short.len())
            .any(|w| w[0] == short[0] && w == short)
    {
        return 2;
    }
    0
}

/// The share of the printed label's characters found in the template's (each used once). Labels are short: a
/// quadratic scan with a bitmap of the template's characters used beats hashing.
fn coverage(printed: &[char], template: &[char]) -> f32 {
    let mut used = vec![false; template.len()];
    let mut found = 0usize;
    for c in printed {
        if let Some(i) = (0..template.len()).find(|&i| !used[i] && template[i] == *c) {
            used[i] = true;
            found += 1;
        }
    }
    found as f32 / printed.len() as f32
}

/// The best of `candidates` (template keys) for a printed key: the highest tier; a loose match only when it is
/// clearly better than the next (coverage ahead by 0.2). Returns every candidate at the best tier, in order.
fn best_matches<'a>(
    printed: &[char],
    candidates: impl Iterator<Item = (usize, &'a [char])>,
) -> (u8, Vec<usize>) {
    let mut best = 0;
    let mut found = Vec::new();
    let candidates: Vec<(usize, &[char])> = candidates.collect();
    for &(i, words) in &candidates {
        let t = strict_tier(printed, words);
        if t > best {
            best = t;
            found.clear();
        }
        if t == best && t > 0 {
            found.push(i);
        }
    }
    // Loose matches are looked for only when nothing matches better (coverage is the costly part).
    let mut loose: Vec<(usize, f32)> = Vec::new();
    if best == 0 && printed.len() >= 3 {
        for &(i, words) in &candidates {
            let share = coverage(printed, words);
            if share >= 0.8 {
                loose.push((i, share));
            }
        }
        if !loose.is_empty() {
            best = 1;
        }
    }
    if best == 1 {
        loose.sort_by(|a, b| b.1.total_cmp(&a.1));
        let clear = loose.len() == 1 || loose[0].1 - loose[1].1 >= 0.2;
        return if clear {
            (1, vec![loose[0].0])
        } else {
            (0, Vec::new())
        };
    }
    (best, found)
}

/// A value printed as "/", "—", "-" or "无": blank, and said so.
fn is_dash(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    !t.is_empty()
        && (t == "无"
            || t.chars().all(|c| {
                matches!(
                    c,
                    '/' | '／' | '\\' | '—' | '―' | '–' | '-' | '－' | '‐' | '‑' | '─' | '━'
                )
            }))
}

/// The units some reports print after a figure in its cell ("5件", "12条", "0.3万元"): counting words and the fee
/// table's 万元. "元" alone is not one: the fee cells are in 万元, and a figure in 元 is not theirs as printed.
const FIGURE_UNITS: [&str; 16] = [
    "人次", "万元", "件", "条", "个", "份", "项", "次", "人", "名", "起", "部", "篇", "家", "场",
    "宗",
];

/// A printed figure without the unit printed after it, if it has one of [`FIGURE_UNITS`] (spaces between allowed).
fn without_unit(text: &str) -> &str {
    let t = text.trim();
    for unit in FIGURE_UNITS {
        if let Some(figure) = t.strip_suffix(unit) {
            let figure = figure.trim_end();
            if figure.chars().any(|c| fold(c).is_ascii_digit()) {
                return figure;
            }
        }
    }
    t
}

/// A printed figure: digits (either width) with separators or a decimal point, possibly followed by its unit
/// ("5件"), or a dash.
fn is_figure(text: &str) -> bool {
    let t = without_unit(text);
    if t.is_empty() {
        return false;
    }
    if is_dash(t) {
        return true;
    }
    let mut digit = false;
    for c in t.chars().map(fold) {
        match c {
            '0'..='9' => digit = true,
            ',' | '.' | '，' | ' ' | '%' => {}
            _ => return false,
        }
    }
    digit
}

// ---------------------------------------------------------------------------------------------------------------
// Grids: a table with its spans expanded.

/// A table expanded into a grid: every cell covers each row and column it spans; `None` where nothing is printed.
struct Grid<'a> {
    /// Per row and column: the printed cell covering it (its text, and a number telling the printed cells apart).
    rows: Vec<Vec<Option<(&'a str, usize)>>>,
    /// Rows left out past [`MAX_GRID_CELLS`] (a hostile table; no report comes near).
    left_out: usize,
}

impl<'a> Grid<'a> {
    fn new(table: &'a SourceTable) -> Grid<'a> {
        let mut rows: Vec<Vec<Option<(&'a str, usize)>>> = Vec::new();
        // Per column: the cell from a row above still covering it, and how many rows it covers yet.
        let mut carry: Vec<Option<((&'a str, usize), usize)>> = Vec::new();
        let mut number = 0usize;
        let mut total = 0usize;
        for (r, source_row) in table.rows.iter().enumerate() {
            let rows_left = table.rows.len() - r;
            let mut row: Vec<Option<(&'a str, usize)>> =
                carry.iter().map(|c| c.map(|(t, _)| t)).collect();
            let occupied: Vec<bool> = carry.iter().map(Option::is_some).collect();
            for slot in &mut carry {
                if let Some((_, left)) = slot {
                    *left -= 1;
                    if *left == 0 {
                        *slot = None;
                    }
                }
            }
            let mut column = 0;
            for cell in source_row {
                while occupied.get(column).copied().unwrap_or(false) {
                    column += 1;
                }
                if column >= MAX_GRID_COLUMNS {
                    break;
                }
                let width = usize::from(cell.colspan.max(1)).min(MAX_GRID_COLUMNS - column);
                let height = usize::from(cell.rowspan.max(1)).min(rows_left);
                if column + width > row.len() {
                    row.resize(column + width, None);
                }
                if column + width > carry.len() {
                    carry.resize(column + width, None);
                }
                number += 1;
                let printed = (cell.text.as_str(), number);
                for c in column..column + width {
                    row[c] = Some(printed);
                    if height > 1 {
                        carry[c] = Some((printed, height - 1));
                    }
                }
                column += width;
            }
            total += row.len();
            if total > MAX_GRID_CELLS {
                return Grid {
                    left_out: table.rows.len() - r,
                    rows,
                };
            }
            rows.push(row);
        }
        Grid { rows, left_out: 0 }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The template's labels, as keys.

struct TableLabels {
    stub: Key,
    unit: Option<Key>,
    column_header: Option<Key>,
    /// Per column: its own label and its groups, outermost first.
    columns: Vec<(Key, Vec<Key>)>,
    rows: Vec<Key>,
}

enum Heading {
    Section(usize),
    /// A heading block or a table's title: it ends a section.
    Other(Option<TableIndex>),
}

struct Labels {
    tables: Vec<TableLabels>,
    /// Headings in document order: section titles, heading blocks, table titles that are headings.
    headings: Vec<(Key, Heading)>,
}

impl Labels {
    fn new(template: &Template) -> Labels {
        let tables = template
            .tables
            .iter()
            .map(|t| TableLabels {
                stub: key(&t.stub_header),
                unit: t.unit_header.as_deref().map(key),
                column_header: t.column_header.as_deref().map(key),
                columns: t
                    .columns
                    .iter()
                    .map(|c| (key(&c.label), c.group.iter().map(|g| key(g)).collect()))
                    .collect(),
                rows: t.rows.iter().map(|r| key(&r.label)).collect(),
            })
            .collect();
        let mut headings = Vec::new();
        for block in &template.blocks {
            match block {
                TemplateBlock::Narrative(s) => {
                    headings.push((key(&template.section(*s).title), Heading::Section(s.get())))
                }
                TemplateBlock::Heading { title, .. } => {
                    headings.push((key(title), Heading::Other(None)))
                }
                TemplateBlock::Table(t) => {
                    headings.push((key(&template.table(*t).title), Heading::Other(Some(*t))))
                }
                TemplateBlock::Fields(_) => {}
            }
        }
        Labels { tables, headings }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// One reading of a source against one template.

struct Run<'t> {
    template: &'t Template,
    labels: Labels,
    score: usize,
    year: Option<u16>,
    fields: BTreeMap<String, String>,
    sections: Vec<Vec<String>>,
    cells: BTreeMap<String, String>,
    /// Cells whose row and column were found (blank, dash or figure).
    seen: HashSet<String>,
    /// Template rows already read, per table.
    filled: HashSet<(usize, usize)>,
    review: Review,
    /// Where the reading is: the table the text last named, and the row last placed in each table.
    context: Option<usize>,
    cursor: HashMap<usize, usize>,
    /// Every row's unit (条, 件), which is never a row's label.
    units: HashSet<String>,
    phase: Phase,
    /// True once the report's title was read.
    title: bool,
    /// A one-cell row naming a row with figures, waiting for the next row (a label broken by a paste).
    pending: Option<String>,
    /// What the page prints before the report's title and after its signature (navigation, footer).
    before: Vec<String>,
    after: Vec<String>,
}

/// Where in the page the reading is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before the title or the first heading or table of the format: a portal's header and navigation.
    Before,
    Body,
    /// After the signature: a portal's footer.
    After,
}

/// A paragraph's role, from what it says.
enum Role {
    Title,
    Heading(usize),
    Other(Option<usize>),
    Text,
}

impl<'t> Run<'t> {
    fn new(template: &'t Template) -> Run<'t> {
        Run {
            template,
            labels: Labels::new(template),
            score: 0,
            year: None,
            fields: BTreeMap::new(),
            sections: vec![Vec::new(); template.sections.len()],
            cells: BTreeMap::new(),
            seen: HashSet::new(),
            filled: HashSet::new(),
            review: Review {
                format_name: template.name.clone(),
                ..Review::default()
            },
            context: None,
            cursor: HashMap::new(),
            units: template
                .tables
                .iter()
                .flat_map(|t| t.rows.iter().filter_map(|r| r.unit.clone()))
                .collect(),
            phase: Phase::Before,
            title: false,
            pending: None,
            before: Vec::new(),
            after: Vec::new(),
        }
    }

    fn read(mut self, source: &Source) -> Run<'t> {
        let mut title_seen = false;
        let mut section: Option<usize> = None;
        let mut heading_seen = false;
        let mut period_year: Option<(u16, String)> = None;
        let preamble = self.preamble_section();
        for block in &source.blocks {
            match block {
                Block::Paragraph(text) => {
                    let text = text.trim();
                    if text.is_empty() {
                        continue;
                    }
                    if period_year.is_none() {
                        period_year = period_sentence(text).map(|y| (y, excerpt_of(text)));
                    }
                    match self.role(text, title_seen) {
                        Role::Title => {
                            title_seen = true;
                            self.title = true;
                            self.phase = Phase::Body;
                            self.read_title(text);
                        }
                        Role::Heading(s) => {
                            self.score += 1;
                            heading_seen = true;
                            self.phase = Phase::Body;
                            section = Some(s);
                            self.context = None;
                        }
                        Role::Other(table) => {
                            self.score += 1;
                            heading_seen = true;
                            self.phase = Phase::Body;
                            section = None;
                            self.context = table;
                        }
                        Role::Text => {
                            if is_page_info(text) {
                                if let Some(date) = page_date(text) {
                                    self.set_known(KnownField::PublishDate, date);
                                }
                                self.unplace(
                                    text,
                                    "网页的发布信息（来源、时间、浏览次数），没有读入报告",
                                );
                                continue;
                            }
                            if self.read_field_line(text) {
                                continue;
                            }
                            let preamble = preamble.filter(|_| !heading_seen && title_seen);
                            if let Some(s) = section.or(preamble) {
                                if self.read_signature(text, Some(s)) {
                                    section = None;
                                    self.phase = Phase::After;
                                    continue;
                                }
                                self.sections[s].extend(
                                    text.lines()
                                        .map(|l| l.trim_matches(|c: char| c.is_whitespace()))
                                        .filter(|l| !l.is_empty())
                                        .map(str::to_owned),
                                );
                            } else if self.phase != Phase::After && self.read_signature(text, None)
                            {
                                self.phase = Phase::After;
                            } else if self.phase == Phase::Body && !heading_seen {
                                let first = self
                                    .template
                                    .sections
                                    .first()
                                    .map(|s| s.title.clone())
                                    .unwrap_or_default();
                                self.unplace(text, &format!("报告标题与第一个章节之间的文字，格式中没有对应的章节（可复制到“{first}”）"));
                            } else {
                                self.unplace(text, "没有对应的章节或表格");
                            }
                        }
                    }
                }
                Block::Table(table) => {
                    let before = self.score;
                    self.read_table(table);
                    if self.score > before {
                        section = None;
                        heading_seen = true;
                        self.phase = Phase::Body;
                    }
                }
            }
        }
        // The header fields the text states.
        if let Some((year, sentence)) = period_year {
            match self.year {
                None => {
                    self.year = Some(year);
                    self.set_known(KnownField::Year, year.to_string());
                }
                Some(title_year) if title_year != year => {
                    self.review.unsure.push(("year".to_owned(), sentence));
                }
                Some(_) => {}
            }
        }
        self
    }

    /// The first narrative when it is printed without a heading (a preamble): text between the title and the first
    /// heading goes there.
    fn preamble_section(&self) -> Option<usize> {
        match self.template.blocks.first() {
            Some(TemplateBlock::Narrative(s)) if !self.template.section(*s).print_title => {
                Some(s.get())
            }
            _ => None,
        }
    }

    fn role(&self, text: &str, title_seen: bool) -> Role {
        let chars = text.chars().count();
        if !title_seen
            && chars <= 120
            && text
                .trim_end_matches(|c: char| !c.is_alphanumeric())
                .ends_with(TITLE_TAIL)
        {
            return Role::Title;
        }
        if chars > 60 {
            return Role::Text;
        }
        let k = key(text);
        let mut best: Option<(u8, usize)> = None;
        for (n, (h, _)) in self.labels.headings.iter().enumerate() {
            let t = tier(&k.words, &h.words);
            let numbered_alike = match (k.numbering, h.numbering) {
                (Numbering::None, _) | (_, Numbering::None) => true,
                (a, b) => a == b,
            };
            // A loose or partial match must be numbered like the template's heading (五、 for 五、), and a
            // sub-heading (（一）) never ends a section (一、).
            let ok = match t {
                3 => numbered_alike,
                2 | 1 => k.numbering != Numbering::None && numbered_alike,
                _ => false,
            };
            // Headings without numbering in the template (a table's title) may be matched only exactly.
            if ok && (t == 3 || h.numbering != Numbering::None) && best.is_none_or(|(b, _)| t > b) {
                best = Some((t, n));
            }
        }
        // A loose heading match needs most of its words: 存在的主要问题和改进措施 for …及改进情况.
        if best.is_none() && k.numbering != Numbering::None {
            for (n, (h, _)) in self.labels.headings.iter().enumerate() {
                if h.numbering == k.numbering
                    && k.words.len() >= 4
                    && coverage(&k.words, &h.words) >= 0.6
                {
                    best = Some((1, n));
                    break;
                }
            }
        }
        match best {
            Some((_, n)) => match &self.labels.headings[n].1 {
                Heading::Section(s) => Role::Heading(*s),
                Heading::Other(t) => Role::Other(t.map(|t| t.get())),
            },
            None => Role::Text,
        }
    }

    fn read_title(&mut self, text: &str) {
        // Full-width digits folded (２０２３年), spaces and line breaks of a title set on two lines removed.
        let one_line: String = text
            .split_whitespace()
            .flat_map(str::chars)
            .map(fold)
            .collect();
        let Some(at) = one_line.find(TITLE_TAIL) else {
            return;
        };
        let head = &one_line[..at];
        // "<unit><year>年(度)" or "<year>年(度)<unit>".
        let head = head.trim_end_matches('度');
        let (unit, year) = match find_year(head) {
            Some((start, end, year)) if end == head.len() => (head[..start].to_owned(), Some(year)),
            Some((0, end, year)) => (head[end..].trim_start_matches('度').to_owned(), Some(year)),
            _ => (head.to_owned(), None),
        };
        let unit = unit.trim_end_matches("关于").trim().to_owned();
        if !unit.is_empty() {
            self.set_known(KnownField::Unit, unit);
        }
        if let Some(year) = year {
            self.year = Some(year);
            self.set_known(KnownField::Year, year.to_string());
        }
    }

    fn set_known(&mut self, known: KnownField, value: String) {
        if let Some(index) = self.template.known_field(known) {
            let id = self.template.field(index).id.clone();
            self.fields.entry(id).or_insert(value);
        }
    }

    /// A line of "label：value" pairs whose labels are all the template's fields (填报单位：…, the contact note
    /// "（联系电话：…；电子邮箱：…）").
    fn read_field_line(&mut self, text: &str) -> bool {
        let inner = text
            .trim()
            .trim_start_matches(['（', '('])
            .trim_end_matches(['）', ')'])
            .trim();
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for (f, field) in self.template.fields.iter().enumerate() {
            for colon in ["：", ":"] {
                let needle = format!("{}{colon}", field.label);
                let mut from = 0;
                while let Some(at) = inner[from..].find(&needle) {
                    let start = from + at;
                    found.push((start, start + needle.len(), f));
                    from = start + needle.len();
                }
            }
        }
        found.sort();
        // Labels must not overlap (联系电话 inside 单位联系电话) and the first must open the line.
        found.dedup_by(|b, a| b.0 < a.1);
        if found.first().is_none_or(|f| f.0 != 0) {
            return false;
        }
        let mut pairs = Vec::new();
        let mut rest = String::new();
        for (n, &(_, end, f)) in found.iter().enumerate() {
            let stop = found.get(n + 1).map_or(inner.len(), |next| next.0);
            let mut value = inner[end..stop]
                .trim_matches(|c: char| c.is_whitespace() || matches!(c, '；' | ';' | '，' | ','))
                .to_owned();
            // A date field holds the date printed (a portal's 发布日期：2024-01-16 来源：… keeps the rest aside).
            if self.template.fields[f].kind == FieldKind::Date {
                let date: String = value
                    .chars()
                    .take_while(|c| {
                        c.is_ascii_digit() || "-/.年月日〇○零一二三四五六七八九十".contains(*c)
                    })
                    .collect();
                let after = value[date.len()..].trim();
                if !after.is_empty() {
                    rest.push_str(after);
                }
                value = date;
            }
            if value.chars().count() > 200 {
                return false;
            }
            pairs.push((f, value));
        }
        for (f, value) in pairs {
            if !value.is_empty() {
                let id = self.template.fields[f].id.clone();
                self.fields.entry(id).or_insert(value);
            }
        }
        if !rest.is_empty() {
            self.unplace(text, "这一行中日期之后的文字没有读入");
        }
        true
    }

    /// The signature: the unit's name and a date on lines of their own (or a date alone, the unit's name being the
    /// section's last paragraph), closing the narrative.
    fn read_signature(&mut self, text: &str, section: Option<usize>) -> bool {
        let in_section = section.is_some();
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let Some((date, rest)) = lines.split_last() else {
            return false;
        };
        if !is_date(date) || rest.len() > 1 || rest.iter().any(|l| l.chars().count() > 40) {
            return false;
        }
        // Inside a section a lone date line could be prose; take it only when it is on its own with the unit, or
        // after the last section.
        let unit = self
            .template
            .known_field(KnownField::Unit)
            .and_then(|i| self.fields.get(&self.template.field(i).id))
            .cloned();
        // A date under a paragraph that is exactly the unit's name is the signature wherever it stands (the
        // legacy format prints its table after it); a Word file has the two as paragraphs of their own.
        let under_unit = section
            .and_then(|s| self.sections[s].last())
            .is_some_and(|last| unit.as_deref() == Some(last.as_str()));
        if in_section && rest.is_empty() && !under_unit && !self.is_last_section_open() {
            return false;
        }
        let mut name = rest.first().map(|n| (*n).to_owned());
        if let (None, Some(s)) = (&name, section) {
            // The unit's name printed as a paragraph of its own just above the date.
            let last = self.sections[s].last();
            let is_unit = last.is_some_and(|l| match &unit {
                Some(u) => l == u,
                None => l.chars().count() <= 30 && !l.contains(['。', '，', '；', ',']),
            });
            if is_unit {
                name = self.sections[s].pop();
            }
        }
        if let Some(name) = name {
            match &unit {
                Some(u) if *u != name => return false,
                Some(_) => {}
                None => self.set_known(KnownField::Unit, name),
            }
        }
        let target = if self
            .template
            .known_field(KnownField::SignatureDate)
            .is_some()
        {
            KnownField::SignatureDate
        } else {
            KnownField::PublishDate
        };
        self.set_known(target, (*date).to_owned());
        true
    }

    /// True when no narrative block follows the last section that has text (the signature closes the narrative).
    fn is_last_section_open(&self) -> bool {
        let last_filled = self.sections.iter().rposition(|s| !s.is_empty());
        let last_section = self.template.sections.len().checked_sub(1);
        last_filled.is_some() && last_filled == last_section
    }

    /// Keeps what could not be placed. The page around the report (before its title, after its signature) is
    /// kept as one item each, in the order printed.
    fn unplace(&mut self, text: &str, why: &str) {
        match self.phase {
            Phase::Before => self.before.push(text.to_owned()),
            Phase::After => self.after.push(text.to_owned()),
            Phase::Body => self.review.unplaced.push(Unplaced {
                text: text.to_owned(),
                why: why.to_owned(),
            }),
        }
    }

    // -----------------------------------------------------------------------------------------------------------
    // Tables.

    fn read_table(&mut self, table: &SourceTable) {
        let grid = Grid::new(table);
        // Header stacks per grid column (keys, top first) of the header rows just read.
        let mut stacks: Vec<Vec<Key>> = Vec::new();
        let mut header_open = false;
        let mut named_for: Option<Vec<Vec<Key>>> = None;
        let mut first_named: Option<usize> = None;
        for row in &grid.rows {
            let texts: Vec<&str> = row
                .iter()
                .map(|c| c.map_or("", |(t, _)| t).trim())
                .collect();
            let cells: Vec<usize> = row.iter().map(|c| c.map_or(0, |(_, n)| n)).collect();
            let mut distinct: Vec<&str> = Vec::new();
            for t in &texts {
                if !t.is_empty() && distinct.last() != Some(t) {
                    distinct.push(t);
                }
            }
            if distinct.is_empty() {
                continue;
            }
            let has_figure = texts.iter().any(|t| is_figure(t));
            if !has_figure {
                // A title row: one text naming a table or a heading.
                if distinct.len() == 1 {
                    match self.role(distinct[0], true) {
                        Role::Other(t) => {
                            self.score += 1;
                            self.context = t;
                            stacks.clear();
                            header_open = false;
                            continue;
                        }
                        Role::Heading(_) | Role::Title => {
                            self.score += 1;
                            continue;
                        }
                        Role::Text => {}
                    }
                }
                if self.is_header_row(&distinct) {
                    if !header_open {
                        stacks.clear();
                        header_open = true;
                    }
                    if stacks.len() < texts.len() {
                        stacks.resize(texts.len(), Vec::new());
                    }
                    for (c, t) in texts.iter().enumerate() {
                        let k = key(t);
                        if !k.words.is_empty() && stacks[c].last() != Some(&k) {
                            stacks[c].push(k);
                        }
                    }
                    continue;
                }
            }
            header_open = false;
            // The first column the header names, once per header (not per row).
            if named_for.as_ref() != Some(&stacks) {
                first_named = stacks
                    .iter()
                    .position(|s| s.last().is_some_and(|k| self.names_a_column(k)));
                named_for = Some(stacks.clone());
            }
            self.read_row(&texts, &cells, &distinct, &stacks, first_named);
        }
        if let Some(pending) = self.pending.take() {
            self.unplace(&pending, "表格中的这一行在格式中找不到对应的行");
        }
        if grid.left_out > 0 {
            self.unplace(
                &format!("（表格的最后 {} 行）", grid.left_out),
                &format!("表格超过 {MAX_GRID_CELLS} 格，之后的行没有读取"),
            );
        }
    }

    /// A row of texts naming columns (or a table's stub, unit or spanning header) of any table.
    fn is_header_row(&self, distinct: &[&str]) -> bool {
        // A row whose first text is a row's label exactly is a row (（六）其他处理, not the column 其他).
        let first = key(distinct[0]);
        if self
            .labels
            .tables
            .iter()
            .any(|t| t.rows.iter().any(|r| exact(&first.words, &r.words)))
        {
            return false;
        }
        let mut named = 0;
        for text in distinct {
            let k = key(text);
            let names_column = self.labels.tables.iter().any(|t| {
                t.columns.iter().any(|(label, groups)| {
                    exact(&k.words, &label.words)
                        || groups.iter().any(|g| exact(&k.words, &g.words))
                }) || [Some(&t.stub), t.unit.as_ref(), t.column_header.as_ref()]
                    .into_iter()
                    .flatten()
                    .any(|h| !h.words.is_empty() && k.words == h.words)
            });
            if names_column {
                named += 1;
            }
        }
        named * 2 > distinct.len()
    }

    /// True when a header names a value column (or a column's group) of any table.
    fn names_a_column(&self, k: &Key) -> bool {
        self.labels.tables.iter().any(|t| {
            t.columns.iter().any(|(label, groups)| {
                exact(&k.words, &label.words) || groups.iter().any(|g| exact(&k.words, &g.words))
            }) || t
                .column_header
                .as_ref()
                .is_some_and(|h| exact(&k.words, &h.words))
        })
    }

    /// Maps the grid's columns onto a table's value columns by the header stacks: a column's lowest header names
    /// the template column's label, its higher headers the column's groups. Columns left to right, each template
    /// column used once, in order on a tie (结果维持 under 行政复议, then under 未经复议直接起诉 …).
    fn map_columns(&self, t: usize, stacks: &[Vec<Key>]) -> (Vec<Option<usize>>, Option<usize>) {
        let labels = &self.labels.tables[t];
        let mut mapping = vec![None; stacks.len()];
        let mut unit_column = None;
        let mut used = vec![false; labels.columns.len()];
        let mut last = None::<usize>;
        for (c, stack) in stacks.iter().enumerate() {
            let Some(own) = stack.last() else { continue };
            if let Some(u) = &labels.unit {
                if tier(&own.words, &u.words) >= 2 {
                    unit_column = Some(c);
                    continue;
                }
            }
            let mut best: Option<(u32, usize)> = None;
            for (j, (label, groups)) in labels.columns.iter().enumerate() {
                if used[j] {
                    continue;
                }
                let t = tier(&own.words, &label.words);
                if t < 2 {
                    continue;
                }
                let above = &stack[..stack.len() - 1];
                let groups_found = groups
                    .iter()
                    .filter(|g| above.iter().any(|a| tier(&a.words, &g.words) >= 2))
                    .count();
                // Every group printed above must be the column's; a column with groups printed needs them all.
                if !above.is_empty() && !groups.is_empty() && groups_found < groups.len() {
                    continue;
                }
                let after_last = last.is_none_or(|l| j > l);
                let score = u32::from(t) * 100 + groups_found as u32 * 10 + u32::from(after_last);
                if best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, j));
                }
            }
            if let Some((_, j)) = best {
                used[j] = true;
                last = Some(j);
                mapping[c] = Some(j);
            }
        }
        (mapping, unit_column)
    }

    /// Finds the template row a printed label names: in the table the text is in first, then in any table.
    fn find_row(&self, label: &Key) -> Option<(usize, usize, u8)> {
        let mut order: Vec<usize> = (0..self.labels.tables.len()).collect();
        if let Some(c) = self.context {
            order.retain(|&t| t != c);
            order.insert(0, c);
        }
        let mut best: Option<(usize, usize, u8)> = None;
        for (n, &t) in order.iter().enumerate() {
            let rows = &self.labels.tables[t].rows;
            let (tier, candidates) = best_matches(
                &label.words,
                rows.iter()
                    .enumerate()
                    .map(|(i, k)| (i, k.words.as_slice())),
            );
            // Loose matches only in the table the text is in.
            if tier == 0 || (tier == 1 && (n > 0 || self.context.is_none())) {
                continue;
            }
            // Numbering printed must agree with the template's where both have one (3.其他 is not 五、其他).
            let candidates: Vec<usize> = candidates
                .into_iter()
                .filter(|&r| {
                    let k = &rows[r];
                    matches!(
                        (label.numbering, k.numbering),
                        (Numbering::None, _) | (_, Numbering::None)
                    ) || std::mem::discriminant(&label.numbering)
                        == std::mem::discriminant(&k.numbering)
                })
                .collect();
            if candidates.is_empty() {
                continue;
            }
            let cursor = self.cursor.get(&t).copied();
            let unfilled = |r: &&usize| !self.filled.contains(&(t, **r));
            let row = candidates
                .iter()
                .filter(unfilled)
                .find(|&&r| cursor.is_none_or(|c| r > c))
                .or_else(|| candidates.iter().find(unfilled))
                .or(candidates.first())
                .copied()?;
            // A partial match that names more than one row still open is placed by order, and said to be unsure.
            let tier = if tier == 2 && candidates.iter().filter(unfilled).count() > 1 {
                1
            } else {
                tier
            };
            if best.is_none_or(|(_, _, b)| tier > b) {
                best = Some((t, row, tier));
            }
            if tier == 3 {
                break;
            }
        }
        best
    }

    /// Reads one row of a grid: `texts` per column, `cells` the printed cell each column is part of (a cell
    /// spanning columns is one figure, not several; 0 where nothing is printed).
    fn read_row(
        &mut self,
        texts: &[&str],
        printed: &[usize],
        distinct: &[&str],
        stacks: &[Vec<Key>],
        first_named: Option<usize>,
    ) {
        let row_text = distinct.join(" | ");
        // The label cells: those before the first figure, or before the first column the header names (a grid's
        // header, as wide as the row; a paste's rows are not aligned with its header rows).
        let first_figure = texts.iter().position(|t| is_figure(t));
        let aligned =
            !stacks.is_empty() && texts.len() <= stacks.len() && stacks.len() - texts.len() <= 1;
        let first_named = if aligned { first_named } else { None };
        let label_end = match (first_figure, first_named) {
            (Some(f), Some(n)) => f.min(n),
            (f, n) => f.or(n).unwrap_or(texts.len()),
        };
        // The label is the rightmost text before the figures that is not a unit (计量单位: 条, 件).
        let unit_column = |c: usize| {
            aligned
                && stacks[c].last().is_some_and(|k| {
                    self.labels
                        .tables
                        .iter()
                        .any(|t| t.unit.as_ref().is_some_and(|u| exact(&k.words, &u.words)))
                })
        };
        let label_text = (0..label_end)
            .rev()
            .filter(|&c| !unit_column(c) && !self.units.contains(texts[c]))
            .map(|c| texts[c])
            .find(|t| !t.is_empty());
        // A label broken over two lines by a paste (a line break inside the cell): the first line came as a row of
        // its own, kept pending; it joins this row's label when together they name a row at least as well.
        let pending = self.pending.take();
        let joined = match (&pending, label_text) {
            (Some(p), l) if first_figure.is_some() => {
                let together = format!("{p}{}", l.unwrap_or(""));
                let alone = l.and_then(|l| self.find_row(&key(l))).map_or(0, |f| f.2);
                match self.find_row(&key(&together)) {
                    Some(f) if f.2 >= alone => Some(together),
                    _ => None,
                }
            }
            _ => None,
        };
        if let (Some(p), None) = (&pending, &joined) {
            self.unplace(p, "表格中的这一行在格式中找不到对应的行");
        }
        let row_text = match (&joined, &pending) {
            (Some(_), Some(p)) => format!("{p} | {row_text}"),
            _ => row_text,
        };
        let label_text = joined.as_deref().or(label_text);
        let found = match label_text {
            Some(l) => self.find_row(&key(l)),
            // No label: a row of figures alone is the only row of a one-row table (the appeals' 件数).
            None => self.context.and_then(|t| {
                let rows = &self.template.tables[t].rows;
                (rows.iter().filter(|r| r.cells).count() == 1)
                    .then(|| rows.iter().position(|r| r.cells))
                    .flatten()
                    .map(|r| (t, r, 3))
            }),
        };
        let Some((t, r, tier)) = found else {
            self.unplace(&row_text, "表格中的这一行在格式中找不到对应的行");
            return;
        };
        let spec = &self.template.tables[t];
        let row_spec = &spec.rows[r];
        if distinct.len() == 1 && first_figure.is_none() && row_spec.cells && joined.is_none() {
            self.pending = label_text.map(str::to_owned);
            return;
        }
        if self.filled.contains(&(t, r)) {
            self.unplace(
                &row_text,
                &format!("“{}”一行重复出现，已按第一次出现的读取", row_spec.label),
            );
            return;
        }
        self.score += 1;
        self.context = Some(t);
        self.cursor.insert(t, r);
        self.filled.insert((t, r));
        // A loose match is said at the row's first cell (the review links to it).
        if let (1, Some(l), Some(first)) = (tier, label_text, spec.columns.first()) {
            let id = crate::model::index::cell_id(&spec.id, &row_spec.id, &first.id);
            self.review.unsure.push((id, l.to_owned()));
        }
        let values: Vec<usize> = (label_end..texts.len()).collect();
        if !row_spec.cells {
            if values.iter().any(|&c| !texts[c].is_empty()) {
                self.unplace(
                    &row_text,
                    &format!("“{}”一行在格式中不填数字", row_spec.label),
                );
            }
            return;
        }
        // Columns by the header where it names them all for this table's row width, else by position from the
        // right (a paste keeps no spans: the figures are the row's last cells).
        let (mapping, unit_column) = self.map_columns(t, stacks);
        let by_header = aligned && mapping.iter().flatten().count() == spec.columns.len();
        let n = spec.columns.len();
        let mut placed: Vec<(usize, &str)> = Vec::new();
        let mut extra: Vec<&str> = Vec::new();
        if by_header {
            let placed_cells: HashSet<usize> = values
                .iter()
                .filter(|&&c| mapping.get(c).copied().flatten().is_some())
                .map(|&c| printed[c])
                .collect();
            for &c in &values {
                match mapping.get(c).copied().flatten() {
                    Some(j) => placed.push((j, texts[c])),
                    None if Some(c) == unit_column => {}
                    // The rest of a figure's cell spanning columns the format does not have.
                    None if placed_cells.contains(&printed[c]) => {}
                    None if !texts[c].is_empty() => extra.push(texts[c]),
                    None => {}
                }
            }
        } else {
            // The cells from the label on, without the empty cells a paste leaves after the last figure (a
            // trailing tab would otherwise shift every figure).
            let mut end = texts.len();
            while end > label_end && texts[end - 1].is_empty() {
                end -= 1;
            }
            // One figure per printed cell: a cell spanning columns counts once.
            let mut cells: Vec<&str> = (label_end..end)
                .filter(|&c| c == label_end || printed[c] == 0 || printed[c] != printed[c - 1])
                .map(|c| texts[c])
                .collect();
            // A unit column (计量单位) stands between the label and the figures.
            if spec.unit_header.is_some() && cells.len() > n {
                let unit = cells.remove(0);
                if row_spec.unit.as_deref().is_some_and(|u| u != unit) && !unit.is_empty() {
                    extra.push(unit);
                }
            }
            if first_figure.is_none() {
                // Label and blanks only: nothing to place.
                cells.clear();
            }
            if cells.len() > n {
                extra.extend(cells.drain(n..).filter(|c| !c.is_empty()));
            }
            if cells.len() < n && !cells.is_empty() {
                // Blank cells before the first figure: the figures are the row's last cells, right-aligned.
                let start = end.checked_sub(n).filter(|&s| {
                    s > 0
                        && texts[s..end].iter().all(|t| t.is_empty() || is_figure(t))
                        && (s + 1..end).all(|c| printed[c] == 0 || printed[c] != printed[c - 1])
                        && texts[..s].iter().any(|t| !t.is_empty())
                });
                if let Some(start) = start {
                    cells = texts[start..end].to_vec();
                }
            }
            if cells.len() < n && !cells.is_empty() {
                self.unplace(
                    &row_text,
                    &format!(
                        "“{}”一行的数字个数与格式的列数不符（{} 个，应为 {n} 个）",
                        row_spec.label,
                        cells.len()
                    ),
                );
                return;
            }
            placed.extend(cells.into_iter().enumerate());
            let id = format!("{}.*", spec.id);
            if aligned && !placed.is_empty() && !self.review.unsure.iter().any(|(i, _)| *i == id) {
                self.review
                    .unsure
                    .push((id, "表头未能逐列识别，按列的位置读取".to_owned()));
            }
        }
        if !extra.is_empty() {
            self.unplace(
                &format!("{row_text}（多出：{}）", extra.join(" | ")),
                "这一行中有格式没有的列",
            );
        }
        let mut seen_columns = HashSet::new();
        for (j, text) in placed {
            if !seen_columns.insert(j) {
                continue;
            }
            let id = crate::model::index::cell_id(&spec.id, &row_spec.id, &spec.columns[j].id);
            self.seen.insert(id.clone());
            let value: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            // "5件": the figure, its unit left out (the format prints the unit in its header or label).
            let value = if is_figure(&value) {
                without_unit(&value).to_owned()
            } else {
                value
            };
            if value.is_empty() {
                continue;
            }
            if is_dash(&value) {
                self.review.dashes.push(id);
                continue;
            }
            self.cells.insert(id, value);
        }
    }

    fn finish(self) -> Imported {
        let Run {
            template,
            fields,
            sections,
            cells,
            seen,
            mut review,
            before,
            after,
            ..
        } = self;
        if !before.is_empty() {
            review.unplaced.insert(
                0,
                Unplaced {
                    text: before.join("\n"),
                    why: "网页中报告标题之前的内容（导航、索引信息等），没有读入报告".to_owned(),
                },
            );
        }
        if !after.is_empty() {
            review.unplaced.push(Unplaced {
                text: after.join("\n"),
                why: "网页中报告落款之后的内容，没有读入报告".to_owned(),
            });
        }
        review.figures_read = cells.len();
        review.missing = template
            .cells()
            .iter()
            .filter(|c| !seen.contains(&c.id))
            .map(|c| c.id.clone())
            .collect();
        let mut texts = BTreeMap::new();
        for (section, paragraphs) in template.sections.iter().zip(sections) {
            if paragraphs.is_empty() {
                continue;
            }
            let mut text = paragraphs.join("\n");
            // A section over the length limit keeps what fits; the rest is kept in the review, not dropped.
            if let Some(chars) = section_over_limit(&text) {
                let cut = text
                    .char_indices()
                    .nth(MAX_SECTION_CHARS)
                    .map_or(text.len(), |(i, _)| i);
                let rest = text.split_off(cut);
                review.unplaced.push(Unplaced {
                    text: rest,
                    why: format!(
                        "“{}”一节有 {chars} 字，超过每节 {MAX_SECTION_CHARS} 字的上限，超出的部分没有读入",
                        section.title
                    ),
                });
            }
            texts.insert(section.id.clone(), text);
        }
        let sections = texts;
        Imported {
            file: ReportFile {
                schema_version: SCHEMA_VERSION,
                template: TemplateRef {
                    id: template.id.clone(),
                    version: template.version,
                },
                fields,
                sections,
                cells,
                verified: Vec::new(),
            },
            review,
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Dates and years in the text.

/// The first "2024年" (four ASCII digits before 年) in `s`: its byte range (年 included) and the year.
fn find_year(s: &str) -> Option<(usize, usize, u16)> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        if bytes[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !bytes[i - 1].is_ascii_digit())
            && s[i + 4..].starts_with('年')
        {
            let year: u16 = s[i..i + 4].parse().ok()?;
            return Some((i, i + 4 + '年'.len_utf8(), year));
        }
        i += 1;
    }
    None
}

/// The report year a 统计期限 sentence states ("统计期限为2024年1月1日至2024年12月31日").
fn period_sentence(text: &str) -> Option<u16> {
    let folded: String = text.chars().map(fold).collect();
    let at = ["统计期限", "统计时限", "统计期间", "统计时间"]
        .iter()
        .filter_map(|w| folded.find(w))
        .min()?;
    let (_, _, year) = find_year(&folded[at..])?;
    crate::model::year::YEARS.contains(&year).then_some(year)
}

fn excerpt_of(text: &str) -> String {
    crate::model::text::excerpt(text).into_owned()
}

/// A date written alone: 2024年1月20日, 二〇二四年一月二十日, 2024-01-20.
fn is_date(text: &str) -> bool {
    let t: String = text
        .chars()
        .map(fold)
        .filter(|c| !c.is_whitespace())
        .collect();
    let n = t.chars().count();
    if !(8..=16).contains(&n) {
        return false;
    }
    let written = t.ends_with('日')
        && t.contains('年')
        && t.contains('月')
        && t.chars()
            .all(|c| c.is_ascii_digit() || "〇○零一二三四五六七八九十年月日".contains(c));
    let iso = t.len() == 10
        && t.as_bytes()[4] == b'-'
        && t.as_bytes()[7] == b'-'
        && t.bytes().filter(u8::is_ascii_digit).count() == 8;
    written || iso
}

/// A portal's line about the page: where it comes from, when, how often read (来源：… 时间：… 浏览次数：…).
fn is_page_info(text: &str) -> bool {
    let folded: String = text.chars().map(fold).collect();
    folded.chars().count() <= 100
        && !folded.contains('\n')
        && [
            "来源:",
            "浏览次数",
            "点击数",
            "点击率",
            "访问量",
            "字体:",
            "【字体",
            "发布时间:",
            "发布日期:",
            "发文日期:",
        ]
        .iter()
        .any(|w| folded.contains(w))
}

/// A portal's publication line before the title: "发布日期：2024-01-15" (the date as printed).
fn page_date(text: &str) -> Option<String> {
    let folded: String = text.chars().map(fold).collect();
    for word in ["发布日期", "发布时间", "发文日期", "成文日期", "时间"] {
        if let Some(at) = folded.find(word) {
            let rest = folded[at + word.len()..].trim_start_matches([':', ' ']);
            let date: String = rest
                .chars()
                .take_while(|c| {
                    c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | '年' | '月' | '日')
                })
                .collect();
            if date.chars().filter(char::is_ascii_digit).count() >= 6 {
                return Some(date);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> String {
        key(s).words.into_iter().collect()
    }

    #[test]
    fn keys_drop_numbering_punctuation_and_width() {
        assert_eq!(words("（一）予以公开"), "予以公开");
        assert_eq!(words("(一)予以公开"), "予以公开");
        assert_eq!(
            words("一、本年新收政府信息公开申请数量"),
            "本年新收政府信息公开申请数量"
        );
        assert_eq!(words("3.危及“三安全一稳定”"), "危及三安全一稳定");
        assert_eq!(
            words("其中：1.机构领导、设置及人事类信息"),
            "机构领导设置及人事类信息"
        );
        assert_eq!(words("商业\n企业"), "商业企业");
        assert_eq!(
            words("十一、政府信息公开指定工作人员数"),
            "政府信息公开指定工作人员数"
        );
        assert_eq!(key("（十二）x").numbering, Numbering::Paren(12));
        assert_eq!(key("２．其他").numbering, Numbering::Arabic(2));
        // A figure is not numbering.
        assert_eq!(words("2024年"), "2024年");
    }

    #[test]
    fn short_labels_match_by_containment_or_loosely() {
        let t = |a: &str, b: &str| tier(&key(a).words, &key(b).words);
        assert_eq!(
            t(
                "（二）部分公开",
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
            ),
            2
        );
        assert_eq!(
            t(
                "1.逾期不补正",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
            ),
            2
        );
        assert_eq!(t("5.属于内部事务信息", "5.属于三类内部事务信息"), 1);
        assert_eq!(
            t(
                "2.逾期不缴费",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
            ),
            1
        );
        assert_eq!(t("行政许可", "行政处罚"), 0);
    }

    #[test]
    fn dashes_and_figures() {
        for d in ["/", "／", "—", "——", "-", "－", "无", " / "] {
            assert!(is_dash(d), "{d}");
            assert!(is_figure(d), "{d}");
        }
        for f in ["0", "12", "１２", "1,234", "0.5"] {
            assert!(is_figure(f) && !is_dash(f), "{f}");
        }
        for x in ["自然人", "", "件", "5元", "第3件", "5件左右"] {
            assert!(!is_figure(x), "{x}");
        }
        for (printed, figure) in [
            ("5件", "5"),
            ("12 条", "12"),
            ("0.3万元", "0.3"),
            ("１２件", "１２"),
            ("3人次", "3"),
        ] {
            assert!(is_figure(printed), "{printed}");
            assert_eq!(without_unit(printed), figure);
        }
    }

    #[test]
    fn titles_give_the_unit_and_the_year() {
        let template = crate::templates::national();
        for (title, unit, year) in [
            (
                "湛江市人民政府地方志办公室2023年政府信息公开工作年度报告",
                "湛江市人民政府地方志办公室",
                "2023",
            ),
            (
                "２０２３年度某县教育局政府信息公开工作年度报告",
                "某县教育局",
                "2023",
            ),
            (
                "某县教育局关于2022年度政府信息公开工作年度报告",
                "某县教育局",
                "2022",
            ),
            (
                "某县人民政府\n2021年政府信息公开工作年度报告",
                "某县人民政府",
                "2021",
            ),
        ] {
            let mut run = Run::new(template);
            run.read_title(title);
            assert_eq!(
                run.fields.get("unit").map(String::as_str),
                Some(unit),
                "{title}"
            );
            assert_eq!(
                run.fields.get("year").map(String::as_str),
                Some(year),
                "{title}"
            );
        }
    }

    #[test]
    fn dates_and_years() {
        assert!(is_date("2024年1月20日"));
        assert!(is_date("二○一二年二月五日"));
        assert!(is_date("2024-01-20"));
        assert!(!is_date("2024年"));
        assert_eq!(
            period_sentence("本报告所列数据的统计期限为2024年1月1日至2024年12月31日。"),
            Some(2024)
        );
        assert_eq!(
            page_date("发布日期：2024-01-15 浏览次数："),
            Some("2024-01-15".to_owned())
        );
    }
}
