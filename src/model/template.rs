//! Templates: the structure of one report format, loaded from a data file and validated once.
//!
//! A template file names cells by id (`table.row.column`). Loading resolves every id to a dense index, so the
//! checker and the report work on plain vectors and never look a string up while the writer types.

use super::number::CellKind;
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;

/// One statistics table: rows × columns of cells.
#[derive(Clone, Debug, Deserialize)]
pub struct Table {
    pub id: String,
    pub title: String,
    /// Header of the label column (指标名称).
    pub stub_header: String,
    /// Header of the unit column (计量单位), for tables whose rows carry units.
    #[serde(default)]
    pub unit_header: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Column {
    pub id: String,
    pub label: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Row {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default = "count_kind")]
    pub kind: CellKind,
    /// 0 for an indicator, 1 for its "of which" items.
    #[serde(default)]
    pub depth: u8,
    /// Words printed before the label, such as 其中： on the first item of a breakdown.
    #[serde(default)]
    pub lead: Option<String>,
}

fn count_kind() -> CellKind {
    CellKind::Count
}

/// How bad a broken rule is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

/// A rule as written in the template file, naming cells by id.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum RuleSpec {
    SumEquals {
        total: String,
        parts: Vec<String>,
    },
    PartsAtMost {
        total: String,
        parts: Vec<String>,
    },
    AtMost {
        left: String,
        right: String,
        severity: Severity,
    },
}

/// A rule over resolved cell indices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// A complete breakdown: the total equals the sum of its parts.
    SumEquals {
        total: CellIndex,
        parts: Vec<CellIndex>,
    },
    /// An "of which" breakdown: the parts may not exceed the total; being short of it is worth a note.
    PartsAtMost {
        total: CellIndex,
        parts: Vec<CellIndex>,
    },
    /// One figure may not exceed another.
    AtMost {
        left: CellIndex,
        right: CellIndex,
        severity: Severity,
    },
}

/// Position of a cell in the template's dense cell list.
pub type CellIndex = usize;

/// Where a cell sits, for labels and rendering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellRef {
    pub id: String,
    pub table: usize,
    pub row: usize,
    pub column: usize,
    pub kind: CellKind,
}

#[derive(Debug, Deserialize)]
struct TemplateFile {
    id: String,
    version: u32,
    name: String,
    tables: Vec<Table>,
    rules: Vec<RuleSpec>,
}

/// A loaded, validated template.
#[derive(Clone, Debug)]
pub struct Template {
    pub id: String,
    pub version: u32,
    pub name: String,
    pub tables: Vec<Table>,
    pub rules: Vec<Rule>,
    cells: Vec<CellRef>,
    index_by_id: HashMap<String, CellIndex>,
}

/// Why a template file could not be loaded. These are for whoever writes a template, so they name ids exactly.
#[derive(Debug, PartialEq, Eq)]
pub enum TemplateError {
    Malformed(String),
    DuplicateId(String),
    UnknownCell { rule: usize, cell: String },
    MixedKinds { rule: usize },
    EmptyBreakdown { rule: usize },
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::Malformed(why) => write!(f, "模板文件格式错误：{why}"),
            TemplateError::DuplicateId(id) => write!(f, "模板中的编号“{id}”重复"),
            TemplateError::UnknownCell { rule, cell } => {
                write!(f, "模板第 {} 条规则引用了不存在的单元格“{cell}”", rule + 1)
            }
            TemplateError::MixedKinds { rule } => {
                write!(f, "模板第 {} 条规则混用了金额和计数单元格", rule + 1)
            }
            TemplateError::EmptyBreakdown { rule } => {
                write!(f, "模板第 {} 条规则没有列出分项", rule + 1)
            }
        }
    }
}

impl std::error::Error for TemplateError {}

impl Template {
    /// Loads and validates a template from its JSON data file.
    pub fn from_json(json: &str) -> Result<Template, TemplateError> {
        let file: TemplateFile =
            serde_json::from_str(json).map_err(|e| TemplateError::Malformed(e.to_string()))?;
        let mut cells = Vec::new();
        let mut index_by_id = HashMap::new();
        let mut table_ids = HashMap::new();
        for (t, table) in file.tables.iter().enumerate() {
            if table_ids.insert(table.id.clone(), t).is_some() {
                return Err(TemplateError::DuplicateId(table.id.clone()));
            }
            ensure_unique(table.rows.iter().map(|r| &r.id))?;
            ensure_unique(table.columns.iter().map(|c| &c.id))?;
            for (r, row) in table.rows.iter().enumerate() {
                for (c, column) in table.columns.iter().enumerate() {
                    let id = format!("{}.{}.{}", table.id, row.id, column.id);
                    index_by_id.insert(id.clone(), cells.len());
                    cells.push(CellRef {
                        id,
                        table: t,
                        row: r,
                        column: c,
                        kind: row.kind,
                    });
                }
            }
        }
        let mut template = Template {
            id: file.id,
            version: file.version,
            name: file.name,
            tables: file.tables,
            rules: Vec::new(),
            cells,
            index_by_id,
        };
        template.rules = file
            .rules
            .into_iter()
            .enumerate()
            .map(|(n, spec)| template.resolve_rule(n, spec))
            .collect::<Result<_, _>>()?;
        Ok(template)
    }

    fn resolve_rule(&self, n: usize, spec: RuleSpec) -> Result<Rule, TemplateError> {
        let cell = |id: &str| {
            self.index_of(id).ok_or_else(|| TemplateError::UnknownCell {
                rule: n,
                cell: id.to_owned(),
            })
        };
        let breakdown = |total: &str, parts: &[String]| {
            if parts.is_empty() {
                return Err(TemplateError::EmptyBreakdown { rule: n });
            }
            let parts = parts
                .iter()
                .map(|p| cell(p))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((cell(total)?, parts))
        };
        let rule = match spec {
            RuleSpec::SumEquals { total, parts } => {
                let (total, parts) = breakdown(&total, &parts)?;
                Rule::SumEquals { total, parts }
            }
            RuleSpec::PartsAtMost { total, parts } => {
                let (total, parts) = breakdown(&total, &parts)?;
                Rule::PartsAtMost { total, parts }
            }
            RuleSpec::AtMost {
                left,
                right,
                severity,
            } => Rule::AtMost {
                left: cell(&left)?,
                right: cell(&right)?,
                severity,
            },
        };
        let kinds: Vec<CellKind> = rule.cells().map(|i| self.cells[i].kind).collect();
        if kinds.windows(2).any(|w| w[0] != w[1]) {
            return Err(TemplateError::MixedKinds { rule: n });
        }
        Ok(rule)
    }

    /// Every cell of every table, in table, row, column order.
    pub fn cells(&self) -> &[CellRef] {
        &self.cells
    }

    pub fn cell(&self, index: CellIndex) -> &CellRef {
        &self.cells[index]
    }

    pub fn index_of(&self, id: &str) -> Option<CellIndex> {
        self.index_by_id.get(id).copied()
    }

    /// The index of the cell at a table position.
    pub fn cell_at(&self, table: usize, row: usize, column: usize) -> CellIndex {
        let before: usize = self.tables[..table]
            .iter()
            .map(|t| t.rows.len() * t.columns.len())
            .sum();
        before + row * self.tables[table].columns.len() + column
    }

    /// A row's full name: an "of which" item is named with its indicator, since items repeat across
    /// indicators (several have 1.纠错).
    pub fn row_path(&self, table: usize, row: usize) -> String {
        let rows = &self.tables[table].rows;
        let this = &rows[row];
        let parent = rows[..row].iter().rev().find(|r| r.depth < this.depth);
        match parent {
            Some(parent) => format!("{}，其中{}", parent.label, this.label),
            None => this.label.clone(),
        }
    }

    /// The accessible name of a cell: "row label / column label".
    pub fn cell_label(&self, index: CellIndex) -> String {
        let cell = &self.cells[index];
        let column = &self.tables[cell.table].columns[cell.column].label;
        format!("{} / {column}", self.row_path(cell.table, cell.row))
    }
}

impl Rule {
    /// The cells the rule reads, totals first.
    pub fn cells(&self) -> impl Iterator<Item = CellIndex> + '_ {
        let (first, rest): (CellIndex, &[CellIndex]) = match self {
            Rule::SumEquals { total, parts } | Rule::PartsAtMost { total, parts } => {
                (*total, parts)
            }
            Rule::AtMost { left, right, .. } => (*left, std::slice::from_ref(right)),
        };
        std::iter::once(first).chain(rest.iter().copied())
    }
}

fn ensure_unique<'a>(ids: impl Iterator<Item = &'a String>) -> Result<(), TemplateError> {
    let mut seen = std::collections::HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(TemplateError::DuplicateId(id.clone()));
        }
    }
    Ok(())
}
