//! The writer's report: header fields, narrative text, and what was typed into each cell with its parsed value.
//!
//! In memory everything is dense, in the template's order. On disk (and for portals) a report is the JSON document
//! described in docs/report-format.md, keyed by ids; [`ReportFile`] is that document.

use super::index::{CellIndex, FieldIndex, SectionIndex};
use super::json::{self, JsonError, VersionError};
use super::limit::{section_over_limit, MAX_SECTION_CHARS};
use super::number::{self, ParseError};
use super::template::{KnownField, Template};
use super::text::excerpt;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The schema version this build writes. Version 1 (no `verified`) still reads: [`ReportFile::from_json`] migrates it
/// (docs/report-format.md, "Versions").
pub const SCHEMA_VERSION: u32 = 2;

/// The longest reason a writer may give for marking a finding 已核实, in characters.
pub const MAX_REASON_CHARS: usize = 200;

/// A finding the writer marked 已核实 (checked, and right as it is), with the reason, as the report file keeps it
/// (schema version 2). It answers one finding with the figures it had: the rule (by its position in the template
/// and its kind), the place, the text of every cell the finding involved, the two values it compared and, for a
/// header field, the field's text. When any of these changes, the mark no longer answers the finding and is
/// dropped (`check::Findings::stale`); errors cannot be marked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verified {
    /// The rule's position in the template's `rules`.
    pub rule: usize,
    /// The rule's kind (`narrative_figure`), so that a mark never answers another rule after a template change.
    pub kind: String,
    /// Where the finding is: `cell:ID`, `section:ID`, `field:ID` or `table:ID`.
    pub place: String,
    /// The text of each cell the finding involved, by cell id, as it was when marked.
    #[serde(default)]
    pub cells: BTreeMap<String, String>,
    #[serde(default)]
    pub actual: Option<u64>,
    #[serde(default)]
    pub expected: Option<u64>,
    /// A header field's text, for a finding at a field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Why the finding is right as it is (口径不同：备案案件数).
    pub reason: String,
}

/// One cell: the text exactly as typed (kept visible until corrected) and what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellEntry {
    pub raw: String,
    /// `Ok(None)` is a blank cell (or a text cell), not a zero.
    pub value: Result<Option<u64>, ParseError>,
}

impl Default for CellEntry {
    fn default() -> Self {
        CellEntry {
            raw: String::new(),
            value: Ok(None),
        }
    }
}

/// Which version of a section's text this is: a number never given to another text, in any report, so that what is
/// computed from a text (the figures written in it) can be kept until the text changes. Stamps take no part in
/// equality: two reports with the same texts are equal whatever their stamps.
#[derive(Clone, Copy, Debug)]
pub struct Stamp(u64);

impl Stamp {
    fn next() -> Stamp {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Stamp(NEXT.fetch_add(1, Ordering::Relaxed))
    }

    pub fn get(self) -> u64 {
        self.0
    }
}

impl PartialEq for Stamp {
    fn eq(&self, _: &Stamp) -> bool {
        true
    }
}

impl Eq for Stamp {}

/// A report in memory, one entry per template field, section and cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub template_id: String,
    pub template_version: u32,
    fields: Vec<String>,
    sections: Vec<String>,
    /// One stamp per section, renewed whenever its text is set.
    stamps: Vec<Stamp>,
    cells: Vec<CellEntry>,
    /// The findings marked 已核实, in the order they were marked.
    verified: Vec<Verified>,
}

impl Report {
    /// An empty report: every field, section and cell blank.
    pub fn new(template: &Template) -> Report {
        Report {
            template_id: template.id.clone(),
            template_version: template.version,
            fields: vec![String::new(); template.fields.len()],
            sections: vec![String::new(); template.sections.len()],
            stamps: (0..template.sections.len())
                .map(|_| Stamp::next())
                .collect(),
            cells: vec![CellEntry::default(); template.cells().len()],
            verified: Vec::new(),
        }
    }

    /// The findings marked 已核实.
    pub fn verified(&self) -> &[Verified] {
        &self.verified
    }

    /// Marks a finding 已核实 (a mark from `check::mark_for`, with the writer's reason), replacing an earlier mark
    /// of the same finding. A reason that is blank or longer than [`MAX_REASON_CHARS`] is refused and nothing
    /// changes.
    pub fn verify(&mut self, mark: Verified) -> Result<(), ReasonError> {
        reason_error(&mark.reason)?;
        let mark = Verified {
            reason: mark.reason.trim().to_owned(),
            ..mark
        };
        let same = |m: &Verified| Verified {
            reason: String::new(),
            ..m.clone()
        };
        let key = same(&mark);
        self.verified.retain(|m| same(m) != key);
        self.verified.push(mark);
        Ok(())
    }

    /// Takes the 已核实 mark off a finding again (by its position in [`Report::verified`]).
    pub fn unverify(&mut self, index: usize) {
        if index < self.verified.len() {
            self.verified.remove(index);
        }
    }

    /// Drops the marks at these positions (the stale ones `check` reports): the figures they answered changed.
    /// Returns whether any was dropped.
    pub fn drop_verified(&mut self, stale: &[usize]) -> bool {
        let before = self.verified.len();
        let mut n = 0;
        self.verified.retain(|_| {
            let keep = !stale.contains(&n);
            n += 1;
            keep
        });
        self.verified.len() != before
    }

    /// Records what the writer typed into a cell; parsing happens here, once per edit, not on every check.
    pub fn set_cell(&mut self, template: &Template, index: CellIndex, raw: &str) {
        let kind = template.cell(index).kind;
        self.cells[index.get()] = CellEntry {
            raw: raw.to_owned(),
            value: number::parse(kind, raw),
        };
    }

    /// Sets a cell to a value, written the way the cell displays it (used by one-click fixes).
    pub fn set_value(&mut self, template: &Template, index: CellIndex, stored: u64) {
        let text = number::format(template.cell(index).kind, stored);
        self.set_cell(template, index, &text);
    }

    /// 未填写的格填 0: writes 0 into each of `cells` that is a figure and blank (nothing typed but spaces), never
    /// touching a cell that has text (a figure, a mistake, a word). Returns how many it filled. One call is one
    /// change of the report, so the editor undoes it in one step.
    pub fn fill_blanks_with_zero(
        &mut self,
        template: &Template,
        cells: impl IntoIterator<Item = CellIndex>,
    ) -> usize {
        let mut filled = 0;
        for index in cells {
            let kind = template.cell(index).kind;
            if kind.is_numeric() && self.cell(index).raw.trim().is_empty() {
                self.set_value(template, index, 0);
                filled += 1;
            }
        }
        filled
    }

    /// How many figure cells of `cells` are blank.
    pub fn blank_figures(
        &self,
        template: &Template,
        cells: impl IntoIterator<Item = CellIndex>,
    ) -> usize {
        cells
            .into_iter()
            .filter(|&i| template.cell(i).kind.is_numeric() && self.cell(i).raw.trim().is_empty())
            .count()
    }

    pub fn cell(&self, index: CellIndex) -> &CellEntry {
        &self.cells[index.get()]
    }

    pub fn cells(&self) -> &[CellEntry] {
        &self.cells
    }

    pub fn field(&self, index: FieldIndex) -> &str {
        &self.fields[index.get()]
    }

    pub fn set_field(&mut self, index: FieldIndex, text: &str) {
        self.fields[index.get()] = text.to_owned();
    }

    pub fn section(&self, index: SectionIndex) -> &str {
        &self.sections[index.get()]
    }

    pub fn set_section(&mut self, index: SectionIndex, text: &str) {
        self.sections[index.get()] = text.to_owned();
        self.stamps[index.get()] = Stamp::next();
    }

    /// The stamp of a section's current text: it changes whenever the text is set, and only then.
    pub fn section_stamp(&self, index: SectionIndex) -> Stamp {
        self.stamps[index.get()]
    }

    /// Every section's text, in document order.
    pub fn sections(&self) -> &[String] {
        &self.sections
    }

    /// The value of the field with this id, if the template has it.
    pub fn field_by_id<'a>(&'a self, template: &Template, id: &str) -> Option<&'a str> {
        template.field_index(id).map(|i| self.field(i))
    }

    /// The value of a field the program reads, if the template has it.
    pub fn known_field<'a>(&'a self, template: &Template, known: KnownField) -> Option<&'a str> {
        template.known_field(known).map(|i| self.field(i))
    }

    /// The unit's name as typed, trimmed; empty when blank.
    pub fn unit_name<'a>(&'a self, template: &Template) -> &'a str {
        self.known_field(template, KnownField::Unit)
            .unwrap_or("")
            .trim()
    }

    /// The report year, from the year field, when it is a report year (see [`super::year`]).
    pub fn year(&self, template: &Template) -> Option<u16> {
        super::year::parse(self.known_field(template, KnownField::Year)?)
            .ok()
            .flatten()
    }

    /// The document portals and other tools read and write.
    pub fn to_file(&self, template: &Template) -> ReportFile {
        ReportFile {
            schema_version: SCHEMA_VERSION,
            template: TemplateRef {
                id: template.id.clone(),
                version: template.version,
            },
            fields: ids_of_filled(template.fields.iter().map(|f| &f.id), &self.fields),
            sections: ids_of_filled(template.sections.iter().map(|s| &s.id), &self.sections),
            cells: template
                .cells()
                .iter()
                .zip(&self.cells)
                .filter(|(_, entry)| !entry.raw.is_empty())
                .map(|(cell, entry)| (cell.id.clone(), entry.raw.clone()))
                .collect(),
            verified: self.verified.clone(),
        }
    }

    /// Reads a report document written for `template`. Cells are parsed as if typed; an id the template does not
    /// know is refused, so nothing in a file is silently dropped, and so is a section over the length limit
    /// ([`super::limit`]), rather than cut.
    pub fn from_file(template: &Template, file: &ReportFile) -> Result<Report, ReportError> {
        if !(1..=SCHEMA_VERSION).contains(&file.schema_version) {
            return Err(ReportError::SchemaVersion(file.schema_version));
        }
        if file.template.id != template.id {
            return Err(ReportError::WrongTemplate(file.template.id.clone()));
        }
        if file.template.version > template.version {
            return Err(ReportError::NewerTemplate(file.template.version));
        }
        let mut report = Report::new(template);
        for (id, text) in &file.fields {
            let index = template
                .field_index(id)
                .ok_or_else(|| ReportError::UnknownField(id.clone()))?;
            report.set_field(index, text);
        }
        for (id, text) in &file.sections {
            let index = template
                .section_index(id)
                .ok_or_else(|| ReportError::UnknownSection(id.clone()))?;
            if let Some(chars) = section_over_limit(text) {
                let title = template.section(index).title.clone();
                return Err(ReportError::SectionTooLong { title, chars });
            }
            report.set_section(index, text);
        }
        for (id, raw) in &file.cells {
            let index = template
                .index_of(id)
                .ok_or_else(|| ReportError::UnknownCell(id.clone()))?;
            report.set_cell(template, index, raw);
        }
        for mark in &file.verified {
            if let Err(error) = reason_error(&mark.reason) {
                return Err(ReportError::Invalid(format!("“已核实”的说明{error}")));
            }
            if let Some(id) = mark.cells.keys().find(|id| template.index_of(id).is_none()) {
                return Err(ReportError::UnknownCell(id.clone()));
            }
            report.verified.push(mark.clone());
        }
        Ok(report)
    }
}

/// The texts that are not empty, keyed by their ids.
fn ids_of_filled<'a>(
    ids: impl Iterator<Item = &'a String>,
    texts: &[String],
) -> BTreeMap<String, String> {
    ids.zip(texts)
        .filter(|(_, text)| !text.is_empty())
        .map(|(id, text)| (id.clone(), text.clone()))
        .collect()
}

/// A report as a JSON document (docs/report-format.md). Maps are ordered so that files diff cleanly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportFile {
    pub schema_version: u32,
    pub template: TemplateRef,
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    #[serde(default)]
    pub sections: BTreeMap<String, String>,
    #[serde(default)]
    pub cells: BTreeMap<String, String>,
    /// Findings marked 已核实 (schema version 2); written only when there are any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub verified: Vec<Verified>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRef {
    pub id: String,
    pub version: u32,
}

impl ReportFile {
    /// Reads a report document of any version this build knows, migrated to the current one (version 1 is
    /// version 2 without marks). A key given twice (at any level), a `schema_version` that is missing, of the
    /// wrong type, newer than this build or unknown, and anything not of the documented shape are refused with
    /// the reason.
    pub fn from_json(json: &str) -> Result<ReportFile, ReportError> {
        let value = json::parse_strict(json).map_err(|e| match e {
            JsonError::Syntax(why) => ReportError::NotJson(why),
            JsonError::DuplicateKey(path) => ReportError::DuplicateKey(path),
        })?;
        match json::schema_version(&value) {
            Err(VersionError::Missing) => return Err(ReportError::NotAReport),
            Err(error) => return Err(ReportError::BadSchemaVersion(error)),
            Ok(v) if !(1..=SCHEMA_VERSION).contains(&v) => {
                return Err(ReportError::SchemaVersion(v))
            }
            Ok(_) => {}
        }
        json::report_shape(&value).map_err(ReportError::Invalid)?;
        let file: ReportFile = serde_json::from_value(value)
            // The shape was checked above; what serde still refuses is a value of the wrong kind somewhere (its
            // message is English, and names Rust types).
            .map_err(|_| ReportError::Invalid("有的项的值不是应有的类型".to_owned()))?;
        Ok(file.migrated())
    }

    /// The document in the current version: version 1 had no `verified`, so it only takes the new number.
    pub fn migrated(self) -> ReportFile {
        ReportFile {
            schema_version: SCHEMA_VERSION,
            ..self
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report file always serialises")
    }
}

/// Why a report document cannot be read, in words for the writer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportError {
    NotJson(String),
    /// No `schema_version` at all.
    NotAReport,
    /// A `schema_version` that is not a version number (wrong type, too large).
    BadSchemaVersion(VersionError),
    /// A known kind of version number, but not this build's.
    SchemaVersion(u32),
    /// A key given twice in one object, by its path (`fields`, `cells.applications.new.total`).
    DuplicateKey(String),
    Invalid(String),
    UnknownTemplate(String),
    WrongTemplate(String),
    NewerTemplate(u32),
    UnknownField(String),
    UnknownSection(String),
    UnknownCell(String),
    /// A section longer than [`MAX_SECTION_CHARS`]: its title and how many characters it has.
    SectionTooLong {
        title: String,
        chars: usize,
    },
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ReportError::*;
        match self {
            NotJson(why) => write!(
                f,
                "文件不是有效的 JSON 格式：{why}。请确认选择的是本软件导出的 JSON 文件，或重新导出一份"
            ),
            NotAReport => f.write_str("文件不是年度报告数据：缺少 schema_version"),
            BadSchemaVersion(error) => write!(f, "文件不是可读取的年度报告数据：{error}"),
            DuplicateKey(path) => write!(
                f,
                "文件中“{}”出现了不止一次：同一项只能写一次，否则无法确定以哪一份为准",
                excerpt(path)
            ),
            SchemaVersion(v) if *v > SCHEMA_VERSION => {
                write!(
                    f,
                    "文件由更新版本的程序保存（数据格式版本 {v}），请升级后再打开"
                )
            }
            SchemaVersion(v) => write!(f, "无法识别的数据格式版本 {v}"),
            Invalid(why) => write!(
                f,
                "文件内容不完整或有误（{why}），不是本软件导出的报告数据。请重新导出一份"
            ),
            UnknownTemplate(id) => write!(f, "文件使用了本程序不认识的报告格式“{}”", excerpt(id)),
            WrongTemplate(id) => write!(f, "文件属于另一种报告格式“{}”", excerpt(id)),
            NewerTemplate(v) => write!(
                f,
                "文件使用了更新版本的报告格式（第 {v} 版），请升级后再打开"
            ),
            UnknownField(id) => write!(f, "文件中有本格式没有的栏目“{}”", excerpt(id)),
            UnknownSection(id) => write!(f, "文件中有本格式没有的章节“{}”", excerpt(id)),
            UnknownCell(id) => write!(f, "文件中有本格式没有的表格单元格“{}”", excerpt(id)),
            SectionTooLong { title, chars } => write!(
                f,
                "文件中“{title}”一节有 {chars} 字，超过了每节 {MAX_SECTION_CHARS} 字的上限"
            ),
        }
    }
}

impl std::error::Error for ReportError {}

/// Why a reason for 已核实 is refused, in words for the writer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReasonError {
    Blank,
    TooLong(usize),
}

impl fmt::Display for ReasonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReasonError::Blank => f.write_str("不能为空：请写明为什么这一处没有问题"),
            ReasonError::TooLong(n) => {
                write!(f, "有 {n} 字，最多 {MAX_REASON_CHARS} 字：请写得简短些")
            }
        }
    }
}

fn reason_error(reason: &str) -> Result<(), ReasonError> {
    let chars = reason.trim().chars().count();
    match chars {
        0 => Err(ReasonError::Blank),
        n if n > MAX_REASON_CHARS => Err(ReasonError::TooLong(n)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check, Place};
    use crate::model::Severity;
    use crate::templates;

    #[test]
    fn filling_blanks_with_zero_touches_no_cell_with_text() {
        let t = templates::national();
        let mut report = Report::new(t);
        let table = t
            .cell(t.index_of("applications.new.natural").unwrap())
            .table;
        let natural = t.index_of("applications.new.natural").unwrap();
        let total = t.index_of("applications.new.total").unwrap();
        let research = t.index_of("applications.new.research").unwrap();
        report.set_cell(t, natural, "12");
        report.set_cell(t, research, "3件");
        report.set_cell(t, total, "  ");
        let cells: Vec<CellIndex> = t.table_cells(table).collect();
        let blank = report.blank_figures(t, cells.iter().copied());
        assert_eq!(blank, cells.len() - 2, "spaces alone are blank");
        let filled = report.fill_blanks_with_zero(t, cells.iter().copied());
        assert_eq!(filled, blank);
        assert_eq!(report.cell(natural).raw, "12");
        assert_eq!(
            report.cell(research).raw,
            "3件",
            "a mistake is left for the writer"
        );
        assert_eq!(report.cell(total).raw, "0");
        assert_eq!(report.cell(total).value, Ok(Some(0)));
        assert_eq!(report.blank_figures(t, cells.iter().copied()), 0);
        // Cells of other tables are untouched.
        let other = t
            .cell_indices()
            .find(|&c| t.cell(c).table != table)
            .unwrap();
        assert_eq!(report.cell(other).raw, "");
        assert_eq!(
            report.fill_blanks_with_zero(t, cells),
            0,
            "a second time fills nothing"
        );
    }

    #[test]
    fn a_report_filled_with_zero_has_no_blank_cells_left() {
        let t = templates::national();
        let mut report = Report::new(t);
        let filled = report.fill_blanks_with_zero(t, t.cell_indices());
        assert!(filled > 150, "{filled}");
        let findings = check(t, &report);
        assert!(
            !findings
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Note && matches!(d.place, Place::Table(_))),
            "{:#?}",
            findings.diagnostics
        );
    }
}
