//! Templates: the structure of one report format, loaded from a data file and validated once.
//!
//! A template file names cells by id (`table.row.column`, see docs/template-format.md). Loading expands `*` rules,
//! resolves every id to a dense index and rejects anything inconsistent, so the checker and the report work on
//! plain vectors and never look a string up while the writer types.

use super::number::CellKind;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// A field the writer fills with one line: the issuing unit, the year, a contact.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub hint: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    #[default]
    Text,
    Year,
    Date,
    Email,
    Phone,
    Url,
    Postcode,
}

/// A narrative section the writer fills with text.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub title: String,
    #[serde(default = "level_one")]
    pub level: u8,
    /// Shown to the writer while editing; never printed.
    #[serde(default)]
    pub guidance: String,
    #[serde(default)]
    pub required: bool,
    /// False for a section printed without a heading (a preamble).
    #[serde(default = "yes")]
    pub print_title: bool,
}

fn level_one() -> u8 {
    1
}

/// One piece of the document, in reading order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// Index into [`Template::sections`].
    Narrative(usize),
    Heading {
        title: String,
        level: u8,
    },
    /// Index into [`Template::tables`].
    Table(usize),
    /// Indices into [`Template::fields`].
    Fields(Vec<usize>),
}

/// A block as written in the template file; read by hand, like [`RuleSpec`] and for the same reason.
#[derive(Debug, Deserialize)]
#[serde(try_from = "serde_json::Value")]
enum BlockSpec {
    Narrative(Section),
    Heading { title: String, level: u8 },
    Table { table: String },
    Fields { fields: Vec<Field> },
}

impl TryFrom<serde_json::Value> for BlockSpec {
    type Error = String;

    fn try_from(value: serde_json::Value) -> Result<BlockSpec, String> {
        let mut block = Keys::of(value, "文档块")?;
        let kind: String = block.take("type")?;
        let spec = match kind.as_str() {
            // A section's own keys sit beside `type`.
            "narrative" => {
                let section = serde_json::Value::Object(std::mem::take(&mut block.map));
                BlockSpec::Narrative(
                    serde_json::from_value(section).map_err(|e| format!("章节有误：{e}"))?,
                )
            }
            "heading" => BlockSpec::Heading {
                title: block.take("title")?,
                level: block.optional("level")?.unwrap_or(1),
            },
            "table" => BlockSpec::Table {
                table: block.take("table")?,
            },
            "fields" => BlockSpec::Fields {
                fields: block.take("fields")?,
            },
            other => return Err(format!("未知的文档块种类“{other}”")),
        };
        block.finish()?;
        Ok(spec)
    }
}

/// One statistics table: rows × columns of cells.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub id: String,
    pub title: String,
    /// The level of the table's title among the document's headings: 1 for a part (三、…), 2 for a table under a
    /// heading block (第二十条第（一）项 under 二、…).
    #[serde(default = "level_one")]
    pub level: u8,
    /// Header of the label column (指标名称).
    pub stub_header: String,
    /// Header of the unit column (计量单位), for tables whose rows carry units.
    #[serde(default)]
    pub unit_header: Option<String>,
    /// A header spanning every value column (申请人情况).
    #[serde(default)]
    pub column_header: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub id: String,
    pub label: String,
    /// Grouped headers above this column, outermost first.
    #[serde(default)]
    pub group: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RowSpec")]
pub struct Row {
    pub id: String,
    pub label: String,
    pub unit: Option<String>,
    pub kind: CellKind,
    /// 0 for an indicator, 1 for its items, 2 for items of items.
    pub depth: u8,
    /// Words printed before the label, such as 其中： on the first item of a breakdown.
    pub lead: Option<String>,
    /// False for a label-only row.
    pub cells: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RowSpec {
    id: String,
    label: String,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    kind: KindSpec,
    #[serde(default)]
    decimals: Option<u8>,
    #[serde(default)]
    depth: u8,
    #[serde(default)]
    lead: Option<String>,
    #[serde(default = "yes")]
    cells: bool,
}

fn yes() -> bool {
    true
}

#[derive(Default, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case")]
enum KindSpec {
    #[default]
    Count,
    Money,
    Text,
}

impl TryFrom<RowSpec> for Row {
    type Error = String;
    fn try_from(spec: RowSpec) -> Result<Row, String> {
        let kind = match (spec.kind, spec.decimals) {
            (KindSpec::Money, decimals) => CellKind::Money {
                decimals: decimals.unwrap_or(2),
            },
            (_, Some(_)) => return Err(format!("row {}: only money rows have decimals", spec.id)),
            (KindSpec::Count, None) => CellKind::Count,
            (KindSpec::Text, None) => CellKind::Text,
        };
        if matches!(kind, CellKind::Money { decimals } if decimals > 6) {
            return Err(format!("row {}: at most 6 decimals", spec.id));
        }
        Ok(Row {
            id: spec.id,
            label: spec.label,
            unit: spec.unit,
            kind,
            depth: spec.depth,
            lead: spec.lead,
            cells: spec.cells,
        })
    }
}

/// One cell of a table's column headers, with its spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderCell {
    pub label: String,
    pub colspan: usize,
    pub rowspan: usize,
}

impl Table {
    /// The rows of column headers above the value columns: the spanning `column_header`, then the grouped headers
    /// level by level (adjacent columns of one group share a cell), each column's own label spanning down.
    pub fn header_rows(&self) -> Vec<Vec<HeaderCell>> {
        let paths: Vec<Vec<&str>> = self
            .columns
            .iter()
            .map(|c| {
                c.group
                    .iter()
                    .map(String::as_str)
                    .chain([c.label.as_str()])
                    .collect()
            })
            .collect();
        let levels = paths.iter().map(Vec::len).max().unwrap_or(1);
        let mut rows = Vec::new();
        if let Some(label) = &self.column_header {
            rows.push(vec![HeaderCell {
                label: label.clone(),
                colspan: self.columns.len(),
                rowspan: 1,
            }]);
        }
        for level in 0..levels {
            let mut row: Vec<HeaderCell> = Vec::new();
            let mut previous: Option<&[&str]> = None;
            for path in &paths {
                if level >= path.len() {
                    previous = None;
                    continue;
                }
                let own_label = level == path.len() - 1;
                let shares_group = !own_label
                    && previous
                        .is_some_and(|p| p.len() > level + 1 && p[..=level] == path[..=level]);
                match row.last_mut() {
                    Some(cell) if shares_group => cell.colspan += 1,
                    _ => row.push(HeaderCell {
                        label: path[level].to_owned(),
                        colspan: 1,
                        rowspan: if own_label { levels - level } else { 1 },
                    }),
                }
                previous = Some(path);
            }
            rows.push(row);
        }
        rows
    }
}

/// How bad a finding is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    /// The word the writer sees for it: 错误, 警告 or 提示.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Note => "提示",
        }
    }
}

/// A rule as written in the template file, naming cells by id (possibly with `*`).
///
/// Read by hand from a JSON object ([`RuleSpec::from_value`]) rather than derived: serde's internally tagged enums
/// buffer every field and cost the web app's first load about 25 KB of code.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "serde_json::Value")]
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
    Balance {
        left: Vec<String>,
        right: Vec<String>,
        fix: Option<String>,
    },
    PreviousEquals {
        cell: String,
        previous: String,
        severity: Severity,
    },
    PreviousBalance {
        cell: String,
        previous: String,
        plus: Vec<String>,
        minus: Vec<String>,
        severity: Severity,
    },
    NarrativeFigure {
        section: String,
        names: Vec<String>,
        cell: String,
        unit: String,
        severity: Severity,
    },
    NarrativeBreakdown {
        section: String,
        names: Vec<String>,
        unit: String,
        severity: Severity,
    },
}

impl TryFrom<serde_json::Value> for RuleSpec {
    type Error = String;

    fn try_from(value: serde_json::Value) -> Result<RuleSpec, String> {
        let mut rule = Keys::of(value, "规则")?;
        let kind: String = rule.take("kind")?;
        let severity = |rule: &mut Keys| {
            Ok::<_, String>(rule.optional("severity")?.unwrap_or(Severity::Warning))
        };
        let spec = match kind.as_str() {
            "sum_equals" => RuleSpec::SumEquals {
                total: rule.take("total")?,
                parts: rule.take("parts")?,
            },
            "parts_at_most" => RuleSpec::PartsAtMost {
                total: rule.take("total")?,
                parts: rule.take("parts")?,
            },
            "at_most" => RuleSpec::AtMost {
                left: rule.take("left")?,
                right: rule.take("right")?,
                severity: rule.take("severity")?,
            },
            "balance" => RuleSpec::Balance {
                left: rule.take("left")?,
                right: rule.take("right")?,
                fix: rule.optional("fix")?,
            },
            "previous_equals" => RuleSpec::PreviousEquals {
                cell: rule.take("cell")?,
                previous: rule.take("previous")?,
                severity: severity(&mut rule)?,
            },
            "previous_balance" => RuleSpec::PreviousBalance {
                cell: rule.take("cell")?,
                previous: rule.take("previous")?,
                plus: rule.optional("plus")?.unwrap_or_default(),
                minus: rule.optional("minus")?.unwrap_or_default(),
                severity: severity(&mut rule)?,
            },
            "narrative_figure" => RuleSpec::NarrativeFigure {
                section: rule.take("section")?,
                names: rule.take("names")?,
                cell: rule.take("cell")?,
                unit: rule.take("unit")?,
                severity: severity(&mut rule)?,
            },
            "narrative_breakdown" => RuleSpec::NarrativeBreakdown {
                section: rule.take("section")?,
                names: rule.take("names")?,
                unit: rule.take("unit")?,
                severity: severity(&mut rule)?,
            },
            other => return Err(format!("未知的规则种类“{other}”")),
        };
        rule.finish()?;
        Ok(spec)
    }
}

/// The keys of one JSON object of a template file, taken one by one; a key nobody took is an error.
struct Keys {
    map: serde_json::Map<String, serde_json::Value>,
    what: &'static str,
}

impl Keys {
    fn of(value: serde_json::Value, what: &'static str) -> Result<Keys, String> {
        match value {
            serde_json::Value::Object(map) => Ok(Keys { map, what }),
            _ => Err(format!("{what}应为 JSON 对象")),
        }
    }

    fn take<T: serde::de::DeserializeOwned>(&mut self, key: &str) -> Result<T, String> {
        self.optional(key)?
            .ok_or_else(|| format!("{}缺少“{key}”", self.what))
    }

    fn optional<T: serde::de::DeserializeOwned>(&mut self, key: &str) -> Result<Option<T>, String> {
        // `null` stands for a key left out, as serde's derive took it.
        self.map
            .remove(key)
            .filter(|value| !value.is_null())
            .map(|value| {
                serde_json::from_value(value)
                    .map_err(|e| format!("{}的“{key}”有误：{e}", self.what))
            })
            .transpose()
    }

    fn finish(self) -> Result<(), String> {
        match self.map.keys().next() {
            Some(key) => Err(format!("{}中有未知的键“{key}”", self.what)),
            None => Ok(()),
        }
    }
}

impl RuleSpec {
    /// Every cell reference of the rule, in a fixed order.
    fn refs(&self) -> Vec<&String> {
        match self {
            RuleSpec::SumEquals { total, parts } | RuleSpec::PartsAtMost { total, parts } => {
                std::iter::once(total).chain(parts).collect()
            }
            RuleSpec::AtMost { left, right, .. } => vec![left, right],
            RuleSpec::Balance { left, right, fix } => left.iter().chain(right).chain(fix).collect(),
            RuleSpec::PreviousEquals { cell, previous, .. } => vec![cell, previous],
            RuleSpec::PreviousBalance {
                cell,
                previous,
                plus,
                minus,
                ..
            } => [cell, previous]
                .into_iter()
                .chain(plus)
                .chain(minus)
                .collect(),
            RuleSpec::NarrativeFigure { cell, .. } => vec![cell],
            RuleSpec::NarrativeBreakdown { .. } => vec![],
        }
    }

    /// The same rule with every cell reference rewritten.
    fn map_refs(&self, f: &impl Fn(&str) -> String) -> RuleSpec {
        let all = |v: &[String]| v.iter().map(|s| f(s)).collect::<Vec<_>>();
        let mut spec = self.clone();
        match &mut spec {
            RuleSpec::SumEquals { total, parts } | RuleSpec::PartsAtMost { total, parts } => {
                *total = f(total);
                *parts = all(parts);
            }
            RuleSpec::AtMost { left, right, .. } => {
                *left = f(left);
                *right = f(right);
            }
            RuleSpec::Balance { left, right, fix } => {
                *left = all(left);
                *right = all(right);
                *fix = fix.as_deref().map(f);
            }
            RuleSpec::PreviousEquals { cell, previous, .. } => {
                *cell = f(cell);
                *previous = f(previous);
            }
            RuleSpec::PreviousBalance {
                cell,
                previous,
                plus,
                minus,
                ..
            } => {
                *cell = f(cell);
                *previous = f(previous);
                *plus = all(plus);
                *minus = all(minus);
            }
            RuleSpec::NarrativeFigure { cell, .. } => *cell = f(cell),
            RuleSpec::NarrativeBreakdown { .. } => {}
        }
        spec
    }
}

/// Position of a cell in the template's dense cell list.
pub type CellIndex = usize;

/// A rule over resolved cells, ready to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// A complete breakdown: the total equals the sum of its parts.
    SumEquals {
        total: CellIndex,
        parts: Vec<CellIndex>,
    },
    /// An "of which" breakdown: the parts may not exceed the total; a shortfall is worth a note.
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
    /// Two sums must be equal; `fix` is the cell that absorbs a difference.
    Balance {
        left: Vec<CellIndex>,
        right: Vec<CellIndex>,
        fix: Option<CellIndex>,
    },
    /// With last year's report: this cell equals last year's `previous` cell.
    PreviousEquals {
        cell: CellIndex,
        previous: CellIndex,
        severity: Severity,
    },
    /// With last year's report: last year's `previous` + plus − minus = cell.
    PreviousBalance {
        cell: CellIndex,
        previous: CellIndex,
        plus: Vec<CellIndex>,
        minus: Vec<CellIndex>,
        severity: Severity,
    },
    /// A number written in a narrative section after one of `names` should equal the cell.
    NarrativeFigure {
        section: usize,
        names: Vec<String>,
        cell: CellIndex,
        unit: String,
        severity: Severity,
    },
    /// A total written in a narrative section, followed by 其中 and its items, should equal their sum.
    NarrativeBreakdown {
        section: usize,
        names: Vec<String>,
        unit: String,
        severity: Severity,
    },
}

impl Rule {
    /// The cells of this year's report the rule reads, the one to show first leading.
    pub fn cells(&self) -> Vec<CellIndex> {
        match self {
            Rule::SumEquals { total, parts } | Rule::PartsAtMost { total, parts } => {
                std::iter::once(*total)
                    .chain(parts.iter().copied())
                    .collect()
            }
            Rule::AtMost { left, right, .. } => vec![*left, *right],
            Rule::Balance { left, right, fix } => {
                fix.iter().chain(left).chain(right).copied().collect()
            }
            Rule::PreviousEquals { cell, .. } => vec![*cell],
            Rule::PreviousBalance {
                cell, plus, minus, ..
            } => std::iter::once(cell)
                .chain(plus)
                .chain(minus)
                .copied()
                .collect(),
            Rule::NarrativeFigure { cell, .. } => vec![*cell],
            Rule::NarrativeBreakdown { .. } => vec![],
        }
    }
}

/// Where a cell sits, for labels and rendering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellRef {
    pub id: String,
    pub table: usize,
    pub row: usize,
    pub column: usize,
    pub kind: CellKind,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Years {
    pub from: Option<u16>,
    pub to: Option<u16>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    id: String,
    version: u32,
    name: String,
    #[serde(default)]
    years: Years,
    #[serde(default)]
    header: Vec<Field>,
    #[serde(default)]
    blocks: Vec<BlockSpec>,
    tables: Vec<Table>,
    #[serde(default)]
    rules: Vec<RuleSpec>,
}

/// A loaded, validated template.
#[derive(Clone, Debug)]
pub struct Template {
    pub id: String,
    pub version: u32,
    pub name: String,
    pub years: Years,
    /// Indices into `fields` of the fields shown above the report.
    pub header: Vec<usize>,
    pub blocks: Vec<Block>,
    /// Every field of the template: the header's, then those of `fields` blocks, in document order.
    pub fields: Vec<Field>,
    /// Every narrative section, in document order.
    pub sections: Vec<Section>,
    pub tables: Vec<Table>,
    pub rules: Vec<Rule>,
    cells: Vec<CellRef>,
    index_by_id: HashMap<String, CellIndex>,
    /// First cell of each table (tables without cells have an empty range).
    table_starts: Vec<CellIndex>,
}

/// Why a template file could not be loaded. These are for whoever writes a template, so they name ids exactly.
#[derive(Debug, PartialEq, Eq)]
pub enum TemplateError {
    Malformed(String),
    DuplicateId(String),
    UnknownTable(String),
    UnknownSection { rule: usize, section: String },
    UnknownCell { rule: usize, cell: String },
    BadWildcard { rule: usize },
    TextCellInRule { rule: usize, cell: String },
    MixedKinds { rule: usize },
    EmptyList { rule: usize },
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use TemplateError::*;
        match self {
            Malformed(why) => write!(f, "模板文件格式错误：{why}"),
            DuplicateId(id) => write!(f, "模板中的编号“{id}”重复"),
            UnknownTable(id) => write!(f, "模板引用了不存在的表格“{id}”"),
            UnknownSection { rule, section } => {
                write!(f, "模板第 {} 条规则引用了不存在的章节“{section}”", rule + 1)
            }
            UnknownCell { rule, cell } => {
                write!(f, "模板第 {} 条规则引用了不存在的单元格“{cell}”", rule + 1)
            }
            BadWildcard { rule } => {
                write!(
                    f,
                    "模板第 {} 条规则中的“*”必须位于同一表格的同一位置",
                    rule + 1
                )
            }
            TextCellInRule { rule, cell } => {
                write!(
                    f,
                    "模板第 {} 条规则引用了文字单元格“{cell}”，文字不能参与计算",
                    rule + 1
                )
            }
            MixedKinds { rule } => {
                write!(
                    f,
                    "模板第 {} 条规则混用了不同类型或精度的数字单元格",
                    rule + 1
                )
            }
            EmptyList { rule } => write!(f, "模板第 {} 条规则没有列出分项", rule + 1),
        }
    }
}

impl std::error::Error for TemplateError {}

impl Template {
    /// Loads and validates a template from its JSON data file.
    pub fn from_json(json: &str) -> Result<Template, TemplateError> {
        let file: TemplateFile =
            serde_json::from_str(json).map_err(|e| TemplateError::Malformed(e.to_string()))?;
        let mut template = Template {
            id: file.id,
            version: file.version,
            name: file.name,
            years: file.years,
            header: (0..file.header.len()).collect(),
            blocks: Vec::new(),
            fields: file.header,
            sections: Vec::new(),
            tables: file.tables,
            rules: Vec::new(),
            cells: Vec::new(),
            index_by_id: HashMap::new(),
            table_starts: Vec::new(),
        };
        template.index_cells()?;
        for block in file.blocks {
            let block = match block {
                BlockSpec::Narrative(section) => {
                    template.sections.push(section);
                    Block::Narrative(template.sections.len() - 1)
                }
                BlockSpec::Heading { title, level } => Block::Heading { title, level },
                BlockSpec::Table { table } => Block::Table(
                    template
                        .table_index(&table)
                        .ok_or(TemplateError::UnknownTable(table))?,
                ),
                BlockSpec::Fields { fields } => {
                    let start = template.fields.len();
                    template.fields.extend(fields);
                    Block::Fields((start..template.fields.len()).collect())
                }
            };
            template.blocks.push(block);
        }
        ensure_unique(template.fields.iter().map(|f| &f.id))?;
        ensure_unique(template.sections.iter().map(|s| &s.id))?;
        for (n, spec) in file.rules.iter().enumerate() {
            for expanded in template.expand(n, spec)? {
                let rule = template.resolve_rule(n, &expanded)?;
                template.rules.push(rule);
            }
        }
        Ok(template)
    }

    fn index_cells(&mut self) -> Result<(), TemplateError> {
        ensure_unique(self.tables.iter().map(|t| &t.id))?;
        for (t, table) in self.tables.iter().enumerate() {
            ensure_unique(table.rows.iter().map(|r| &r.id))?;
            ensure_unique(table.columns.iter().map(|c| &c.id))?;
            self.table_starts.push(self.cells.len());
            for (r, row) in table.rows.iter().enumerate().filter(|(_, row)| row.cells) {
                for (c, column) in table.columns.iter().enumerate() {
                    let id = format!("{}.{}.{}", table.id, row.id, column.id);
                    self.index_by_id.insert(id.clone(), self.cells.len());
                    self.cells.push(CellRef {
                        id,
                        table: t,
                        row: r,
                        column: c,
                        kind: row.kind,
                    });
                }
            }
        }
        Ok(())
    }

    /// Expands a rule with `*` into one rule per row or column of its table.
    fn expand(&self, n: usize, spec: &RuleSpec) -> Result<Vec<RuleSpec>, TemplateError> {
        let mut wildcard: Option<(&str, usize)> = None;
        for reference in spec.refs() {
            let parts: Vec<&str> = reference.split('.').collect();
            let Some(position) = parts.iter().position(|p| *p == "*") else {
                continue;
            };
            if parts.len() != 3 || position == 0 || parts.iter().filter(|p| **p == "*").count() > 1
            {
                return Err(TemplateError::BadWildcard { rule: n });
            }
            match wildcard {
                None => wildcard = Some((parts[0], position)),
                Some(seen) if seen == (parts[0], position) => {}
                Some(_) => return Err(TemplateError::BadWildcard { rule: n }),
            }
        }
        let Some((table_id, position)) = wildcard else {
            return Ok(vec![spec.clone()]);
        };
        let table = self
            .table_index(table_id)
            .map(|t| &self.tables[t])
            .ok_or_else(|| TemplateError::UnknownTable(table_id.to_owned()))?;
        let ids: Vec<&str> = if position == 1 {
            table
                .rows
                .iter()
                .filter(|r| r.cells)
                .map(|r| r.id.as_str())
                .collect()
        } else {
            table.columns.iter().map(|c| c.id.as_str()).collect()
        };
        Ok(ids
            .into_iter()
            .map(|id| {
                spec.map_refs(&|reference: &str| {
                    let mut parts: Vec<&str> = reference.split('.').collect();
                    if parts.len() == 3 && parts[position] == "*" {
                        parts[position] = id;
                    }
                    parts.join(".")
                })
            })
            .collect())
    }

    fn resolve_rule(&self, n: usize, spec: &RuleSpec) -> Result<Rule, TemplateError> {
        let cell = |id: &String| -> Result<CellIndex, TemplateError> {
            let index = self
                .index_of(id)
                .ok_or_else(|| TemplateError::UnknownCell {
                    rule: n,
                    cell: id.clone(),
                })?;
            match self.cells[index].kind {
                CellKind::Text => Err(TemplateError::TextCellInRule {
                    rule: n,
                    cell: id.clone(),
                }),
                _ => Ok(index),
            }
        };
        let list = |ids: &[String]| -> Result<Vec<CellIndex>, TemplateError> {
            if ids.is_empty() {
                return Err(TemplateError::EmptyList { rule: n });
            }
            ids.iter().map(cell).collect()
        };
        let optional_list = |ids: &[String]| ids.iter().map(cell).collect::<Result<Vec<_>, _>>();
        let section = |id: &String| {
            self.section_index(id)
                .ok_or_else(|| TemplateError::UnknownSection {
                    rule: n,
                    section: id.clone(),
                })
        };
        let rule = match spec {
            RuleSpec::SumEquals { total, parts } => Rule::SumEquals {
                total: cell(total)?,
                parts: list(parts)?,
            },
            RuleSpec::PartsAtMost { total, parts } => Rule::PartsAtMost {
                total: cell(total)?,
                parts: list(parts)?,
            },
            RuleSpec::AtMost {
                left,
                right,
                severity,
            } => Rule::AtMost {
                left: cell(left)?,
                right: cell(right)?,
                severity: *severity,
            },
            RuleSpec::Balance { left, right, fix } => Rule::Balance {
                left: list(left)?,
                right: list(right)?,
                fix: fix.as_ref().map(cell).transpose()?,
            },
            RuleSpec::PreviousEquals {
                cell: this,
                previous,
                severity,
            } => Rule::PreviousEquals {
                cell: cell(this)?,
                previous: cell(previous)?,
                severity: *severity,
            },
            RuleSpec::PreviousBalance {
                cell: this,
                previous,
                plus,
                minus,
                severity,
            } => Rule::PreviousBalance {
                cell: cell(this)?,
                previous: cell(previous)?,
                plus: optional_list(plus)?,
                minus: optional_list(minus)?,
                severity: *severity,
            },
            RuleSpec::NarrativeFigure {
                section: id,
                names,
                cell: this,
                unit,
                severity,
            } => {
                if names.is_empty() {
                    return Err(TemplateError::EmptyList { rule: n });
                }
                Rule::NarrativeFigure {
                    section: section(id)?,
                    names: names.clone(),
                    cell: cell(this)?,
                    unit: unit.clone(),
                    severity: *severity,
                }
            }
            RuleSpec::NarrativeBreakdown {
                section: id,
                names,
                unit,
                severity,
            } => {
                if names.is_empty() {
                    return Err(TemplateError::EmptyList { rule: n });
                }
                Rule::NarrativeBreakdown {
                    section: section(id)?,
                    names: names.clone(),
                    unit: unit.clone(),
                    severity: *severity,
                }
            }
        };
        let mut kinds = rule.cells().into_iter().map(|i| self.cells[i].kind);
        if let Some(first) = kinds.next() {
            if kinds.any(|k| k != first) {
                return Err(TemplateError::MixedKinds { rule: n });
            }
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

    pub fn table_index(&self, id: &str) -> Option<usize> {
        self.tables.iter().position(|t| t.id == id)
    }

    pub fn section_index(&self, id: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.id == id)
    }

    pub fn field_index(&self, id: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.id == id)
    }

    /// The cells of one table, in row, column order.
    pub fn table_cells(&self, table: usize) -> std::ops::Range<CellIndex> {
        let end = self
            .table_starts
            .get(table + 1)
            .copied()
            .unwrap_or(self.cells.len());
        self.table_starts[table]..end
    }

    /// The index of the cell at a table position, if that row has cells.
    pub fn cell_at(&self, table: usize, row: usize, column: usize) -> Option<CellIndex> {
        let spec = &self.tables[table];
        if !spec.rows[row].cells {
            return None;
        }
        let rows_before = spec.rows[..row].iter().filter(|r| r.cells).count();
        Some(self.table_starts[table] + rows_before * spec.columns.len() + column)
    }

    /// A row's full name: an item is named with the rows it belongs to, since items repeat across indicators
    /// (several have 1.纠错).
    pub fn row_path(&self, table: usize, row: usize) -> String {
        let rows = &self.tables[table].rows;
        let mut names = vec![rows[row].label.as_str()];
        let mut depth = rows[row].depth;
        for above in rows[..row].iter().rev() {
            if above.depth < depth {
                names.push(&above.label);
                depth = above.depth;
            }
        }
        names.reverse();
        names.join("，其中")
    }

    /// A column's full name: its grouped headers and its own label.
    pub fn column_path(&self, table: usize, column: usize) -> String {
        let column = &self.tables[table].columns[column];
        let mut names: Vec<&str> = column.group.iter().map(String::as_str).collect();
        names.push(&column.label);
        names.join("·")
    }

    /// The accessible name of a cell: "row label / column label".
    pub fn cell_label(&self, index: CellIndex) -> String {
        let cell = &self.cells[index];
        format!(
            "{} / {}",
            self.row_path(cell.table, cell.row),
            self.column_path(cell.table, cell.column)
        )
    }
}

fn ensure_unique<'a>(ids: impl Iterator<Item = &'a String>) -> Result<(), TemplateError> {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(TemplateError::DuplicateId(id.clone()));
        }
    }
    Ok(())
}
