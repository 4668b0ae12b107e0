//! The supervising office's review (汇总审核): many units' reports read into one row each, duplicates and reports of
//! another year or format set apart, the sum of the units as a new report of the same format, and the level's own
//! report compared with that sum. Pure: the command line reads the files (on both cores) and the app will too.
//!
//! Reading is one call per input ([`read`]), so that a caller can spread it over threads; [`Review::new`] then
//! puts the rows together (duplicates, the majority's year and format) in input order.

pub mod html;
pub mod screen;
#[cfg(feature = "office")]
pub mod xlsx;

pub use crate::check::dates::Date;

use crate::check::{check, dates, Counts};
use crate::model::number::{self, CellKind};
use crate::model::{CellIndex, KnownField, Report, Severity, Template};
use crate::templates;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// The extensions taken from a folder (the command line's, the app's): every kind the readers know, and the old
/// Office kinds they explain.
pub const EXTENSIONS: &[&str] = &[
    "json", "html", "htm", "xhtml", "shtml", "txt", "docx", "xlsx", "pdf", "doc", "wps", "xls",
    "et", "mht", "mhtml", "rtf",
];

/// A blank cell in [`Row`]'s compact copy of the figures.
const BLANK: u64 = u64::MAX;

/// One input, as read: a report with its findings, or the reason it could not be read.
#[derive(Clone, Debug)]
pub struct Row {
    /// The file's name (or path) as the caller gave it.
    pub name: String,
    pub read: Result<ReadReport, String>,
    /// Set by [`Review::new`]: why this row is not counted (a duplicate, another year or format).
    pub set_apart: Option<Apart>,
    digest: (u64, usize),
}

/// What was read from a readable input.
#[derive(Clone, Debug)]
pub struct ReadReport {
    pub template: &'static Template,
    /// The unit's name as printed, trimmed.
    pub unit: String,
    pub year: Option<u16>,
    pub counts: Counts,
    /// Every finding, as the checker words it.
    pub findings: Vec<(Severity, String)>,
    /// The publication date as printed (发布日期, or else the date under the signature).
    pub published_text: String,
    pub published: Option<Date>,
    /// The kind of unit the deadline is for, as the template's `deadline` rule names it (人民政府, 政府部门…).
    pub unit_kind: String,
    /// The legal deadline for this report's publication, by the template's `deadline` rule (`check::deadline`).
    pub deadline: Option<Date>,
    /// Required sections left blank, by title.
    pub missing_sections: Vec<String>,
    /// For an imported file (not nianbao's JSON): whether every cell of the format was found and every piece of
    /// text placed; `None` for nianbao's own JSON.
    pub complete: Option<bool>,
    /// For an imported file read incompletely: what was not, in Chinese.
    pub incomplete: Vec<String>,
    /// The figures, one per cell in the template's order, `BLANK` where blank or unreadable.
    values: Vec<u64>,
}

impl ReadReport {
    /// Days after the deadline, when the report was published late.
    pub fn days_late(&self) -> Option<i64> {
        let (published, deadline) = (self.published?, self.deadline?);
        let days = published.day_number() - deadline.day_number();
        (days > 0).then_some(days)
    }

    /// The publication date as the review shows it: the date, 未填写, or the text as typed with （无法识别）.
    pub fn published_shown(&self) -> String {
        match (&self.published, self.published_text.is_empty()) {
            (Some(date), _) => date.to_string(),
            (None, true) => "未填写".to_owned(),
            (None, false) => format!("{}（无法识别）", self.published_text),
        }
    }

    /// A cell's figure as read (`None` when blank or not a number).
    pub fn value(&self, cell: CellIndex) -> Option<u64> {
        self.values.get(cell.get()).copied().filter(|&v| v != BLANK)
    }
}

/// Why a readable report is kept out of the count and the sum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Apart {
    /// The same bytes as an earlier row.
    SameFile { of: usize },
    /// The same unit and year (and format) as an earlier row.
    SameUnitYear { of: usize },
    /// No unit name, and the same format, year and every figure as an earlier row (the same report saved twice in
    /// different forms, e.g. a portal's page and a copy of it as text).
    SameFigures { of: usize },
    /// Another year or format than the majority.
    OtherGroup { reason: String },
}

/// Reads one input: nianbao's JSON strictly, any other kind through the import readers (with the `import`
/// feature). Never panics on hostile bytes; whatever goes wrong is the row's reason.
pub fn read(name: &str, bytes: &[u8]) -> Row {
    read_with(name, bytes, read_report)
}

fn read_with(
    name: &str,
    bytes: &[u8],
    reader: impl FnOnce(&str, &[u8]) -> Result<ReadReport, String>,
) -> Row {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    Row {
        name: name.to_owned(),
        read: reader(name, bytes),
        set_apart: None,
        digest: (hasher.finish(), bytes.len()),
    }
}

/// A row for an input that could not even be opened (a missing file, no permission), with the reason.
pub fn unreadable(name: &str, reason: String) -> Row {
    Row {
        name: name.to_owned(),
        read: Err(reason),
        set_apart: None,
        digest: (0, usize::MAX),
    }
}

/// Opens one input as a report, the way [`read`] does (the level's own report, to compare with the sum).
pub fn open_report(name: &str, bytes: &[u8]) -> Result<(&'static Template, Report), String> {
    open(name, bytes).map(|(template, report, _)| (template, report))
}

/// Reads one input that a reader elsewhere has already turned into a report document (in the browser a PDF is
/// read by a worker of its own, which sends the document and what it could not read, [`incomplete`]): the row is
/// what [`read`] makes of the same file, duplicates told by the file's own bytes.
pub fn read_document(name: &str, bytes: &[u8], document: &str, incomplete: Vec<String>) -> Row {
    let mut row = read_with(name, bytes, |_, _| {
        let (template, report) = open_document(document)?;
        let complete = Some(incomplete.is_empty());
        Ok(describe(template, &report, (complete, incomplete)))
    });
    if row.read.is_err() {
        // What the reader sent could not be read back: the file itself is not to blame.
        row.read = Err("读取这个文件时出错，请删除后重新添加；仍不行时，请在开始页面用“导入已发布的报告”打开它".to_owned());
    }
    row
}

/// Opens a report document (nianbao's JSON) the way [`read`] opens a `.json` file.
pub fn open_document(document: &str) -> Result<(&'static Template, Report), String> {
    open_json(document.as_bytes())
}

fn read_report(name: &str, bytes: &[u8]) -> Result<ReadReport, String> {
    let (template, report, import_review) = open(name, bytes)?;
    Ok(describe(
        template,
        &report,
        completeness(import_review.as_ref()),
    ))
}

#[cfg(feature = "import")]
type ImportReview = crate::import::Review;
#[cfg(not(feature = "import"))]
type ImportReview = ();

#[cfg(feature = "import")]
fn open(
    name: &str,
    bytes: &[u8],
) -> Result<(&'static Template, Report, Option<ImportReview>), String> {
    #[cfg(not(target_arch = "wasm32"))]
    use crate::import::read_file;
    use crate::import::{detect, ImportError, InputKind};
    if bytes.len() > crate::import::MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge.to_string());
    }
    if matches!(
        detect(name, bytes),
        Ok(InputKind::Json) | Err(ImportError::UnknownKind)
    ) {
        return open_json(bytes).map(|(t, r)| (t, r, None));
    }
    // In the browser the review runs in the import worker, which links no PDF reader (the PDF reader's worker of
    // its own keeps both under their size budget): the page has the PDF worker read a PDF and sends the document
    // it read ([`read_document`]); a PDF that reaches this reader was never read (kept by an older version).
    #[cfg(target_arch = "wasm32")]
    let imported = match detect(name, bytes) {
        Ok(InputKind::Pdf) => return Err(PDF_IN_BROWSER.to_owned()),
        _ => crate::import::read_file_but_pdf(name, bytes),
    };
    #[cfg(not(target_arch = "wasm32"))]
    let imported = read_file(name, bytes);
    let imported = imported.map_err(|e| e.to_string())?;
    let template = templates::by_id(&imported.file.template.id)
        .ok_or_else(|| format!("未知的报告格式“{}”", imported.file.template.id))?;
    let report = Report::from_file(template, &imported.file).map_err(|e| e.to_string())?;
    Ok((template, report, Some(imported.review)))
}

/// Why a PDF that reached the review's reader in the browser unread is not read, and what to do.
#[cfg(all(feature = "import", target_arch = "wasm32"))]
pub const PDF_IN_BROWSER: &str =
    "这个 PDF 文件还没有读取（可能是旧版本保存的审核集）：请点击“清空”后重新添加这批文件";

#[cfg(not(feature = "import"))]
fn open(
    _name: &str,
    bytes: &[u8],
) -> Result<(&'static Template, Report, Option<ImportReview>), String> {
    open_json(bytes).map(|(t, r)| (t, r, None))
}

fn open_json(bytes: &[u8]) -> Result<(&'static Template, Report), String> {
    let text = crate::model::text::decode(bytes).map_err(|e| e.to_string())?;
    templates::read_report(&text).map_err(|e| e.to_string())
}

/// A report, already open, as a row (the app's drafts, a test's reports).
pub fn row_of(name: &str, template: &'static Template, report: &Report) -> Row {
    let json = report.to_file(template).to_json();
    let mut row = read(name, json.as_bytes());
    row.read = Ok(describe(template, report, (None, Vec::new())));
    row
}

fn describe(
    template: &'static Template,
    report: &Report,
    (complete, incomplete): (Option<bool>, Vec<String>),
) -> ReadReport {
    let findings = check(template, report);
    let unit = report.unit_name(template).to_owned();
    let year = report.year(template);
    let published_text = [KnownField::PublishDate, KnownField::SignatureDate]
        .iter()
        .filter_map(|&k| report.known_field(template, k))
        .map(str::trim)
        .find(|t| !t.is_empty())
        .unwrap_or("")
        .to_owned();
    let deadline = year.and_then(|y| crate::check::deadline(template, report, y));
    let missing_sections = template
        .indexed_sections()
        .filter(|(i, s)| s.required && report.section(*i).trim().is_empty())
        .map(|(_, s)| s.title.clone())
        .collect();
    let values = report
        .cells()
        .iter()
        .map(|c| match c.value {
            Ok(Some(v)) if v != BLANK => v,
            _ => BLANK,
        })
        .collect();
    ReadReport {
        template,
        unit,
        year,
        counts: findings.counts(),
        findings: findings
            .diagnostics
            .into_iter()
            .map(|d| (d.severity, d.message))
            .collect(),
        published: dates::parse(&published_text),
        published_text,
        unit_kind: deadline.as_ref().map_or(String::new(), |d| d.kind.clone()),
        deadline: deadline.map(|d| d.due),
        missing_sections,
        complete,
        incomplete,
        values,
    }
}

#[cfg(feature = "import")]
fn completeness(review: Option<&ImportReview>) -> (Option<bool>, Vec<String>) {
    match review.filter(|r| r.kind != Some(crate::import::InputKind::Json)) {
        Some(review) => {
            let why = incomplete(review);
            (Some(why.is_empty()), why)
        }
        None => (None, Vec::new()),
    }
}

/// What an import did not read completely, in Chinese (nothing when it read every cell and placed every text).
#[cfg(feature = "import")]
pub fn incomplete(review: &crate::import::Review) -> Vec<String> {
    let mut why = Vec::new();
    if !review.missing.is_empty() {
        why.push(format!("{} 格在文件中没有找到", review.missing.len()));
    }
    if !review.unsure.is_empty() {
        why.push(format!("{} 格按不确定的标签读入", review.unsure.len()));
    }
    if !review.unplaced.is_empty() {
        why.push(format!("{} 处内容未能放入报告", review.unplaced.len()));
    }
    why
}

#[cfg(not(feature = "import"))]
fn completeness(_review: Option<&ImportReview>) -> (Option<bool>, Vec<String>) {
    (None, Vec::new())
}

/// A review set: every row in input order, and the year and format of the majority, which the sum is made of.
#[derive(Clone, Debug)]
pub struct Review {
    pub rows: Vec<Row>,
    /// The format and year most reports have; `None` when no report could be read.
    pub majority: Option<(&'static Template, Option<u16>)>,
}

/// How the rows of a review add up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    pub files: usize,
    /// Reports counted (and summed): readable, not a duplicate, of the majority's year and format.
    pub counted: usize,
    pub duplicates: usize,
    /// Readable reports of another year or format, listed apart.
    pub other_group: usize,
    pub unreadable: usize,
    /// Counted or set-apart reports with errors (duplicates are counted once).
    pub with_errors: usize,
    pub late: usize,
}

impl Review {
    /// Puts the rows together: the first of several identical files or reports of one unit and year is kept and
    /// the others marked as duplicates; the majority's year and format found; the rest set apart and said so.
    pub fn new(mut rows: Vec<Row>) -> Review {
        let mut by_digest: HashMap<(u64, usize), usize> = HashMap::new();
        let mut by_unit: HashMap<(&'static str, String, u16), usize> = HashMap::new();
        let mut by_figures: HashMap<(&'static str, Option<u16>, u64), usize> = HashMap::new();
        let mut groups: HashMap<(&'static str, Option<u16>), (usize, &'static Template)> =
            HashMap::new();
        for (i, row) in rows.iter_mut().enumerate() {
            let Ok(read) = &row.read else { continue };
            if let Some(&of) = by_digest.get(&row.digest) {
                row.set_apart = Some(Apart::SameFile { of });
                continue;
            }
            by_digest.insert(row.digest, i);
            // Units with nothing to report all print zeros: only a report without its unit's name and with some
            // figure other than zero is taken for a copy of another by its figures.
            let figures = (read.template.id.as_str(), read.year, {
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                read.values.hash(&mut hasher);
                hasher.finish()
            });
            let telling = read.values.iter().any(|&v| v != 0 && v != BLANK);
            if let (true, true, Some(&of)) =
                (read.unit.is_empty(), telling, by_figures.get(&figures))
            {
                row.set_apart = Some(Apart::SameFigures { of });
                continue;
            }
            if let (false, Some(year)) = (read.unit.is_empty(), read.year) {
                let key = (read.template.id.as_str(), normalised(&read.unit), year);
                if let Some(&of) = by_unit.get(&key) {
                    row.set_apart = Some(Apart::SameUnitYear { of });
                    continue;
                }
                by_unit.insert(key, i);
            }
            if telling {
                by_figures.entry(figures).or_insert(i);
            }
            groups
                .entry((read.template.id.as_str(), read.year))
                .or_insert((0, read.template))
                .0 += 1;
        }
        // The largest group; on a tie the later year, then the format listed first among the built-in ones.
        let majority = groups
            .iter()
            .max_by_key(|((id, year), (count, _))| {
                let order = templates::all().iter().position(|t| t.id == *id);
                (*count, *year, std::cmp::Reverse(order))
            })
            .map(|(&(_, year), &(_, template))| (template, year));
        if let Some((template, year)) = majority {
            for row in &mut rows {
                let Ok(read) = &row.read else { continue };
                if row.set_apart.is_some() {
                    continue;
                }
                let reason = if read.template.id != template.id {
                    Some(format!(
                        "格式为{}，与多数报告（{}）不同，另列，未计入汇总",
                        read.template.name, template.name
                    ))
                } else if read.year != year {
                    Some(match (read.year, year) {
                        (Some(own), Some(most)) => format!(
                            "报告年度为 {own} 年，与多数报告（{most} 年）不同，另列，未计入汇总"
                        ),
                        (None, _) => "未能读出报告年度，另列，未计入汇总".to_owned(),
                        (Some(own), None) => {
                            format!("报告年度为 {own} 年，而多数报告未填写年度，另列，未计入汇总")
                        }
                    })
                } else {
                    None
                };
                row.set_apart = reason.map(|reason| Apart::OtherGroup { reason });
            }
        }
        Review { rows, majority }
    }

    /// The reports counted and summed.
    pub fn counted(&self) -> impl Iterator<Item = &ReadReport> {
        self.rows
            .iter()
            .filter(|r| r.set_apart.is_none())
            .filter_map(|r| r.read.as_ref().ok())
    }

    pub fn tally(&self) -> Tally {
        let mut tally = Tally {
            files: self.rows.len(),
            ..Tally::default()
        };
        for row in &self.rows {
            match (&row.read, &row.set_apart) {
                (Err(_), _) => tally.unreadable += 1,
                (
                    Ok(_),
                    Some(
                        Apart::SameFile { .. }
                        | Apart::SameUnitYear { .. }
                        | Apart::SameFigures { .. },
                    ),
                ) => {
                    tally.duplicates += 1;
                    continue;
                }
                (Ok(_), Some(Apart::OtherGroup { .. })) => tally.other_group += 1,
                (Ok(_), None) => tally.counted += 1,
            }
            if let Ok(read) = &row.read {
                tally.with_errors += usize::from(read.counts.errors > 0);
                tally.late += usize::from(read.days_late().is_some());
            }
        }
        tally
    }

    /// Why a row is set apart, in Chinese, naming the row it repeats.
    pub fn apart_reason(&self, row: &Row) -> Option<String> {
        let name = |of: usize| self.rows.get(of).map_or("", |r| r.name.as_str());
        row.set_apart.as_ref().map(|apart| match apart {
            Apart::SameFile { of } => format!("与“{}”是同一个文件，只计一次", name(*of)),
            Apart::SameUnitYear { of } => {
                format!("与“{}”是同一单位同一年度的报告，只计一次", name(*of))
            }
            Apart::SameFigures { of } => format!(
                "未填写单位名称，年度和全部数字与“{}”相同，按同一份报告只计一次",
                name(*of)
            ),
            Apart::OtherGroup { reason } => reason.clone(),
        })
    }
}

/// The review for other programs: the tally and a row per file (`counts` as `nianbao check --json` has them).
pub fn to_json(review: &Review) -> serde_json::Value {
    let mut document = json_head(review);
    document["rows"] = review
        .rows
        .iter()
        .map(|row| row_json(review, row))
        .collect();
    document
}

/// [`to_json`] without its rows, for a caller that writes the rows one at a time.
pub fn json_head(review: &Review) -> serde_json::Value {
    serde_json::json!({
        "template": review.majority.map(|(t, _)| serde_json::json!({ "id": t.id, "version": t.version })),
        "year": review.majority.and_then(|(_, y)| y),
        "tally": review.tally(),
    })
}

/// One row of [`to_json`].
pub fn row_json(review: &Review, row: &Row) -> serde_json::Value {
    use serde_json::json;
    match &row.read {
        Err(reason) => json!({ "file": row.name, "readable": false, "reason": reason }),
        Ok(read) => json!({
            "file": row.name,
            "readable": true,
            "unit": read.unit,
            "year": read.year,
            "template": { "id": read.template.id, "version": read.template.version },
            "format": read.template.name,
            "counts": read.counts,
            "published": read.published.map(|d| d.to_string()),
            "published_as_printed": read.published_text,
            "deadline": read.deadline.map(|d| d.to_string()),
            "unit_kind": read.unit_kind,
            "days_late": read.days_late(),
            "missing_sections": read.missing_sections,
            "complete": read.complete,
            "incomplete": read.incomplete,
            "counted": row.set_apart.is_none(),
            "set_apart": review.apart_reason(row),
            "findings": read.findings.iter().map(|(s, m)| json!({ "severity": s.key(), "message": m })).collect::<Vec<_>>(),
        }),
    }
}

/// A unit's name for comparing: without spaces of any width.
fn normalised(unit: &str) -> String {
    unit.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The sum of a review's counted reports.
#[derive(Clone, Debug)]
pub struct Sum {
    pub template: &'static Template,
    pub report: Report,
    /// The units summed, in input order.
    pub units: Vec<String>,
    /// Cells blank (or not a number) in some units but filled in others: summed over those that filled them,
    /// with how many left them blank.
    pub partly_blank: Vec<(CellIndex, usize)>,
}

/// The error of a sum that cannot be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SumError {
    /// No report could be read and counted.
    NothingToSum,
    /// A figure over what a cell can hold.
    Overflow(String),
}

impl std::fmt::Display for SumError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SumError::NothingToSum => {
                f.write_str("没有可以汇总的报告（所有文件都无法读取、重复或另列）")
            }
            SumError::Overflow(label) => write!(f, "“{label}”的合计超出了可以记录的范围"),
        }
    }
}

impl std::error::Error for SumError {}

/// The title of the section the sum lists its units in: 六、其他需要报告的事项 where the format has it (id
/// `other`), else the format's last section.
fn notes_section(template: &Template) -> Option<crate::model::SectionIndex> {
    template
        .section_index("other")
        .or_else(|| template.indexed_sections().last().map(|(i, _)| i))
}

/// The title of the section where a sum lists its units and partly blank cells.
pub fn notes_section_title(template: &Template) -> &str {
    notes_section(template).map_or("", |s| template.section(s).title.as_str())
}

/// Sums the counted reports of a review into a new report of their format: every figure the sum over the units
/// that filled it; the unit named `unit` (or 汇总 with the count), the majority's year; the units included and the
/// cells some left blank written in 六、其他需要报告的事项 (see [`notes_section`]).
pub fn sum(review: &Review, unit: Option<&str>) -> Result<Sum, SumError> {
    let (template, year) = review.majority.ok_or(SumError::NothingToSum)?;
    let counted: Vec<&ReadReport> = review.counted().collect();
    if counted.is_empty() {
        return Err(SumError::NothingToSum);
    }
    let mut report = Report::new(template);
    let mut partly_blank = Vec::new();
    for cell in template.cell_indices() {
        if !template.cell(cell).kind.is_numeric() {
            continue;
        }
        let signed = template.cell(cell).kind == CellKind::Signed;
        let mut total: u64 = 0;
        let mut blank = 0;
        for read in &counted {
            match read.value(cell) {
                Some(v) => {
                    let added = match signed {
                        // 本年增/减: the units' changes add as signed numbers.
                        true => number::signed(total)
                            .checked_add(number::signed(v))
                            .filter(|t| t.unsigned_abs() <= number::MAX_STORED)
                            .map(number::from_signed),
                        false => total.checked_add(v),
                    };
                    total = added.ok_or_else(|| SumError::Overflow(template.cell_label(cell)))?
                }
                None => blank += 1,
            }
        }
        if blank < counted.len() {
            report.set_value(template, cell, total);
            if blank > 0 {
                partly_blank.push((cell, blank));
            }
        }
    }
    let units: Vec<String> = counted
        .iter()
        .map(|r| {
            if r.unit.is_empty() {
                "（未填写单位名称）".to_owned()
            } else {
                r.unit.clone()
            }
        })
        .collect();
    if let Some(field) = template.known_field(KnownField::Unit) {
        let name = unit
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map_or_else(|| format!("汇总（{} 个单位）", units.len()), str::to_owned);
        report.set_field(field, &name);
    }
    if let (Some(field), Some(year)) = (template.known_field(KnownField::Year), year) {
        report.set_field(field, &year.to_string());
    }
    if let Some(section) = notes_section(template) {
        let mut text = format!(
            "本报告的数据由以下 {} 个单位的年度报告汇总生成：{}。",
            units.len(),
            units.join("、")
        );
        if !partly_blank.is_empty() {
            let cells: Vec<String> = partly_blank
                .iter()
                .map(|&(cell, n)| format!("“{}”（{} 个单位未填写）", template.cell_label(cell), n))
                .collect();
            text.push_str(&format!(
                "\n下列数据有单位未填写，仅对填写的单位求和：{}。",
                cells.join("；")
            ));
        }
        report.set_section(section, &text);
    }
    Ok(Sum {
        template,
        report,
        units,
        partly_blank,
    })
}

/// One cell where the level's own report and the sum of its units differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub cell: CellIndex,
    pub own: Option<u64>,
    pub sum: Option<u64>,
    /// Always a warning: the level's own report may count otherwise.
    pub severity: Severity,
    pub message: String,
}

/// The level's own report against the sum of its units, cell by cell (both of `template`).
pub fn compare(template: &Template, own: &Report, sum: &Report) -> Vec<Difference> {
    let value = |r: &Report, c: CellIndex| r.cell(c).value.clone().ok().flatten();
    template
        .cell_indices()
        .filter(|&c| template.cell(c).kind.is_numeric())
        .filter_map(|cell| {
            let (a, b) = (value(own, cell), value(sum, cell));
            if a == b {
                return None;
            }
            let kind = template.cell(cell).kind;
            let show = |v: Option<u64>| {
                v.map_or("未填写".to_owned(), |v| {
                    crate::model::number::format(kind, v)
                })
            };
            let by = match (a, b) {
                (Some(a), Some(b)) if a > b => {
                    format!("，多 {}", crate::model::number::format(kind, a - b))
                }
                (Some(a), Some(b)) => format!("，少 {}", crate::model::number::format(kind, b - a)),
                _ => String::new(),
            };
            Some(Difference {
                cell,
                own: a,
                sum: b,
                severity: Severity::Warning,
                message: format!(
                    "“{}”本级报告为 {}，各单位之和为 {}{by}",
                    template.cell_label(cell),
                    show(a),
                    show(b)
                ),
            })
        })
        .collect()
}
