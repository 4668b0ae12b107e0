//! Templates: the structure of one report format, loaded from a data file and validated once.
//!
//! A template file names cells by id (`table.row.column`, see docs/template-format.md). Loading expands `*` rules,
//! resolves every id to a dense index and rejects anything inconsistent, so the checker and the report work on
//! plain vectors and never look a string up while the writer types.

use super::index::{
    cell_id, id_parts, split_cell_id, CellIndex, FieldIndex, SectionIndex, TableIndex,
};
use super::keys::Keys;
use super::number::CellKind;
pub use super::rule::{CheckedRule, Rule, RuleSpec, Severity};
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

/// A field the program itself reads, found by the id every template gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KnownField {
    /// The issuing unit's name (发布单位).
    Unit,
    /// The report year (报告年度).
    Year,
    /// The publication date (发布日期).
    PublishDate,
    /// The date under the signature (落款日期); a `fields` block holding only it is printed as the signature.
    SignatureDate,
    /// The date the legacy table was filled in (填表日期).
    FillDate,
    /// Which kind of unit publishes the report (机关类别: 人民政府 or 政府部门), for the legal deadline; not printed.
    UnitKind,
}

impl KnownField {
    const ALL: [KnownField; 6] = [
        KnownField::Unit,
        KnownField::Year,
        KnownField::PublishDate,
        KnownField::SignatureDate,
        KnownField::FillDate,
        KnownField::UnitKind,
    ];

    /// The field's id in template and report files.
    pub const fn id(self) -> &'static str {
        match self {
            KnownField::Unit => "unit",
            KnownField::Year => "year",
            KnownField::PublishDate => "publish_date",
            KnownField::SignatureDate => "signature_date",
            KnownField::FillDate => "fill_date",
            KnownField::UnitKind => "unit_kind",
        }
    }

    /// The dates of one year's report, which the next year's report starts without.
    pub const DATES: [KnownField; 3] = [
        KnownField::PublishDate,
        KnownField::SignatureDate,
        KnownField::FillDate,
    ];
}

/// One piece of the document, in reading order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Narrative(SectionIndex),
    Heading { title: String, level: u8 },
    Table(TableIndex),
    Fields(Vec<FieldIndex>),
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
    /// The column headers, resolved once when the template loads; every view of the table reads this grid.
    #[serde(skip)]
    pub header: HeaderGrid,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub id: String,
    pub label: String,
    /// Grouped headers above this column, outermost first.
    #[serde(default)]
    pub group: Vec<String>,
    /// What this column's cells hold, when the column says (`"kind": "signed"` for 本年增/减, a whole number that may
    /// be negative); otherwise the row's kind. A cell whose row and column both declare a kind is refused.
    #[serde(default)]
    pub kind: Option<ValueKind>,
    /// Decimals of a money column (2 unless given).
    #[serde(default)]
    pub decimals: Option<u8>,
}

/// The kinds a column may declare for its cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    Count,
    Signed,
    Money,
    Text,
}

impl Column {
    /// The kind the column gives its cells, if it declares one.
    fn cell_kind(&self) -> Result<Option<CellKind>, String> {
        let kind = match (self.kind, self.decimals) {
            (None, None) => return Ok(None),
            (Some(ValueKind::Money), decimals) => CellKind::Money {
                decimals: decimals.unwrap_or(2),
            },
            (_, Some(_)) => return Err(format!("列“{}”：只有金额列可以设置小数位数", self.id)),
            (Some(ValueKind::Count), None) => CellKind::Count,
            (Some(ValueKind::Signed), None) => CellKind::Signed,
            (Some(ValueKind::Text), None) => CellKind::Text,
        };
        if matches!(kind, CellKind::Money { decimals } if decimals > 6) {
            return Err(format!("列“{}”：小数位数最多为 6 位", self.id));
        }
        Ok(Some(kind))
    }
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
    Signed,
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
            (_, Some(_)) => return Err(format!("行“{}”：只有金额行可以设置小数位数", spec.id)),
            (KindSpec::Count, None) => CellKind::Count,
            (KindSpec::Signed, None) => CellKind::Signed,
            (KindSpec::Text, None) => CellKind::Text,
        };
        if matches!(kind, CellKind::Money { decimals } if decimals > 6) {
            return Err(format!("行“{}”：小数位数最多为 6 位", spec.id));
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

/// A table's printed columns: the label column, the unit column (when rows carry units), then the value columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    Label,
    Unit,
    Value,
}

/// One cell of a table's header, placed by the first printed column it covers, with its spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderCell {
    pub text: String,
    /// The first printed column this cell covers (an index into [`HeaderGrid::columns`]).
    pub column: usize,
    pub colspan: usize,
    pub rowspan: usize,
    /// True for a header over several columns (a group), false for one column's own header.
    pub group: bool,
}

/// A table's header, as printed and as edited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderGrid {
    pub columns: Vec<ColumnKind>,
    /// The header rows, top first, each ordered by column; every printed column is covered once in each row.
    pub rows: Vec<Vec<HeaderCell>>,
}

impl Table {
    /// Resolves the header: the label and unit headers spanning every header row, the spanning `column_header`,
    /// then the grouped headers level by level (adjacent columns sharing a path down to a level share that level's
    /// cell; a column with fewer groups than the deepest has its last group, or with none its own label, stretched
    /// down), then each column's own label.
    fn resolve_header(&self) -> HeaderGrid {
        let mut columns = vec![ColumnKind::Label];
        if self.unit_header.is_some() {
            columns.push(ColumnKind::Unit);
        }
        let first_value = columns.len();
        columns.extend(self.columns.iter().map(|_| ColumnKind::Value));

        let group_depth = self
            .columns
            .iter()
            .map(|c| c.group.len())
            .max()
            .unwrap_or(0);
        let top = usize::from(self.column_header.is_some());
        let height = top + group_depth + 1;
        let mut rows: Vec<Vec<HeaderCell>> = vec![Vec::new(); height];
        let whole = |text: &str, column: usize| HeaderCell {
            text: text.to_owned(),
            column,
            colspan: 1,
            rowspan: height,
            group: false,
        };
        rows[0].push(whole(&self.stub_header, 0));
        if let Some(unit_header) = &self.unit_header {
            rows[0].push(whole(unit_header, 1));
        }
        if let Some(column_header) = &self.column_header {
            rows[0].push(HeaderCell {
                text: column_header.clone(),
                column: first_value,
                colspan: self.columns.len(),
                rowspan: 1,
                group: true,
            });
        }
        for level in 0..group_depth {
            let mut c = 0;
            while c < self.columns.len() {
                let path = &self.columns[c].group;
                if path.len() <= level {
                    c += 1;
                    continue;
                }
                let mut end = c + 1;
                while end < self.columns.len()
                    && self.columns[end].group.len() > level
                    && self.columns[end].group[..=level] == path[..=level]
                {
                    end += 1;
                }
                let rowspan = if level + 1 == path.len() {
                    group_depth - level
                } else {
                    1
                };
                rows[top + level].push(HeaderCell {
                    text: path[level].clone(),
                    column: first_value + c,
                    colspan: end - c,
                    rowspan,
                    group: true,
                });
                c = end;
            }
        }
        for (c, column) in self.columns.iter().enumerate() {
            let (row, rowspan) = if column.group.is_empty() {
                (top, group_depth + 1)
            } else {
                (top + group_depth, 1)
            };
            rows[row].push(HeaderCell {
                text: column.label.clone(),
                column: first_value + c,
                colspan: 1,
                rowspan,
                group: false,
            });
        }
        for row in &mut rows {
            super::order::sort_stable_by_key(row, |cell| cell.column);
        }
        HeaderGrid { columns, rows }
    }
}

/// Where a cell sits, for labels and rendering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellRef {
    pub id: String,
    pub table: TableIndex,
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
    /// Read one by one with [`RuleSpec::from_value`], so that an error can say which rule it is in.
    #[serde(default)]
    rules: Vec<serde_json::Value>,
}

/// A loaded, validated template.
#[derive(Clone, Debug)]
pub struct Template {
    pub id: String,
    pub version: u32,
    pub name: String,
    pub years: Years,
    /// The fields shown above the report.
    pub header: Vec<FieldIndex>,
    pub blocks: Vec<Block>,
    /// Every field of the template: the header's, then those of `fields` blocks, in document order.
    pub fields: Vec<Field>,
    /// Every narrative section, in document order.
    pub sections: Vec<Section>,
    pub tables: Vec<Table>,
    pub rules: Vec<CheckedRule>,
    cells: Vec<CellRef>,
    index_by_id: HashMap<String, CellIndex>,
    /// First cell of each table (tables without cells have an empty range).
    table_starts: Vec<CellIndex>,
    /// The fields the program reads, by [`KnownField`], where the template has them.
    known: [Option<FieldIndex>; KnownField::ALL.len()],
}

/// Why a template file could not be loaded. These are for whoever writes a template, so they name ids exactly.
#[derive(Debug, PartialEq, Eq)]
pub enum TemplateError {
    Malformed(String),
    DuplicateId(String),
    UnknownTable(String),
    UnknownSection {
        rule: usize,
        section: String,
    },
    UnknownCell {
        rule: usize,
        cell: String,
    },
    BadWildcard {
        rule: usize,
    },
    TextCellInRule {
        rule: usize,
        cell: String,
    },
    /// A signed cell (本年增/减) in a rule: rules add and compare non-negative figures.
    SignedCellInRule {
        rule: usize,
        cell: String,
    },
    /// A cell whose row and column both declare a kind.
    TwoKinds(String),
    MixedKinds {
        rule: usize,
    },
    EmptyList {
        rule: usize,
    },
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
            SignedCellInRule { rule, cell } => write!(
                f,
                "模板第 {} 条规则引用了可为负数的单元格“{cell}”，这类单元格不参与计算",
                rule + 1
            ),
            TwoKinds(cell) => write!(
                f,
                "模板中单元格“{cell}”的行和列都指定了类型，只能由其中之一指定"
            ),
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
            header: (0..file.header.len()).map(FieldIndex::new).collect(),
            blocks: Vec::new(),
            fields: file.header,
            sections: Vec::new(),
            tables: file.tables,
            rules: Vec::new(),
            cells: Vec::new(),
            index_by_id: HashMap::new(),
            table_starts: Vec::new(),
            known: [None; KnownField::ALL.len()],
        };
        template.index_cells()?;
        for table in &mut template.tables {
            table.header = table.resolve_header();
        }
        for block in file.blocks {
            let block = match block {
                BlockSpec::Narrative(section) => {
                    template.sections.push(section);
                    Block::Narrative(SectionIndex::new(template.sections.len() - 1))
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
                    Block::Fields(
                        (start..template.fields.len())
                            .map(FieldIndex::new)
                            .collect(),
                    )
                }
            };
            template.blocks.push(block);
        }
        ensure_unique(template.fields.iter().map(|f| &f.id))?;
        ensure_unique(template.sections.iter().map(|s| &s.id))?;
        for (slot, known) in template.known.iter_mut().zip(KnownField::ALL) {
            *slot = template
                .fields
                .iter()
                .position(|f| f.id == known.id())
                .map(FieldIndex::new);
        }
        for (n, value) in file.rules.into_iter().enumerate() {
            let spec = RuleSpec::from_value(value)
                .map_err(|why| TemplateError::Malformed(format!("第 {} 条规则：{why}", n + 1)))?;
            for expanded in template.expand(n, &spec)? {
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
            self.table_starts.push(CellIndex::new(self.cells.len()));
            for (r, row) in table.rows.iter().enumerate().filter(|(_, row)| row.cells) {
                for (c, column) in table.columns.iter().enumerate() {
                    let id = cell_id(&table.id, &row.id, &column.id);
                    let kind = match column.cell_kind().map_err(TemplateError::Malformed)? {
                        None => row.kind,
                        Some(kind) if row.kind == CellKind::Count => kind,
                        Some(_) => return Err(TemplateError::TwoKinds(id)),
                    };
                    self.index_by_id
                        .insert(id.clone(), CellIndex::new(self.cells.len()));
                    self.cells.push(CellRef {
                        id,
                        table: TableIndex::new(t),
                        row: r,
                        column: c,
                        kind,
                    });
                }
            }
        }
        Ok(())
    }

    /// Expands a rule with `*` into one rule per row or column of its table.
    fn expand(&self, n: usize, spec: &RuleSpec) -> Result<Vec<RuleSpec>, TemplateError> {
        let mut wildcard: Option<(&str, usize)> = None;
        for reference in spec.cells() {
            if !id_parts(reference).any(|p| p == "*") {
                continue;
            }
            let parts = split_cell_id(reference).ok_or(TemplateError::BadWildcard { rule: n })?;
            let mut stars = parts.iter().enumerate().filter(|(_, p)| **p == "*");
            let (Some((position, _)), None) = (stars.next(), stars.next()) else {
                return Err(TemplateError::BadWildcard { rule: n });
            };
            if position == 0 {
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
            .map(|t| self.table(t))
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
        let substitute = |id: &str, reference: &String| -> String {
            match split_cell_id(reference) {
                Some(mut parts) if parts[position] == "*" => {
                    parts[position] = id;
                    cell_id(parts[0], parts[1], parts[2])
                }
                _ => reference.clone(),
            }
        };
        Ok(ids
            .into_iter()
            .map(|id| {
                let rule: Result<RuleSpec, std::convert::Infallible> = spec.try_map(
                    |reference, _| Ok(substitute(id, reference)),
                    |section| Ok(section.clone()),
                    || Ok(()),
                );
                let Ok(rule) = rule;
                rule
            })
            .collect())
    }

    /// Resolves a rule's ids to indices, refusing unknown ids, text cells, empty lists and mixed kinds of number.
    fn resolve_rule(&self, n: usize, spec: &RuleSpec) -> Result<CheckedRule, TemplateError> {
        let rule = spec.try_map(
            |id, _| {
                let index = self
                    .index_of(id)
                    .ok_or_else(|| TemplateError::UnknownCell {
                        rule: n,
                        cell: id.clone(),
                    })?;
                match self.cell(index).kind {
                    CellKind::Text => Err(TemplateError::TextCellInRule {
                        rule: n,
                        cell: id.clone(),
                    }),
                    CellKind::Signed => Err(TemplateError::SignedCellInRule {
                        rule: n,
                        cell: id.clone(),
                    }),
                    _ => Ok(index),
                }
            },
            |id| {
                self.section_index(id)
                    .ok_or_else(|| TemplateError::UnknownSection {
                        rule: n,
                        section: id.clone(),
                    })
            },
            || Err(TemplateError::EmptyList { rule: n }),
        )?;
        let mut kinds = rule.cells().into_iter().map(|&i| self.cell(i).kind);
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

    /// Every cell's index, in table, row, column order.
    pub fn cell_indices(&self) -> impl Iterator<Item = CellIndex> {
        (0..self.cells.len()).map(CellIndex::new)
    }

    pub fn cell(&self, index: CellIndex) -> &CellRef {
        &self.cells[index.get()]
    }

    pub fn field(&self, index: FieldIndex) -> &Field {
        &self.fields[index.get()]
    }

    pub fn section(&self, index: SectionIndex) -> &Section {
        &self.sections[index.get()]
    }

    pub fn table(&self, index: TableIndex) -> &Table {
        &self.tables[index.get()]
    }

    /// Every field with its index, in document order.
    pub fn indexed_fields(&self) -> impl Iterator<Item = (FieldIndex, &Field)> {
        self.fields
            .iter()
            .enumerate()
            .map(|(i, f)| (FieldIndex::new(i), f))
    }

    /// Every narrative section with its index, in document order.
    pub fn indexed_sections(&self) -> impl Iterator<Item = (SectionIndex, &Section)> {
        self.sections
            .iter()
            .enumerate()
            .map(|(i, s)| (SectionIndex::new(i), s))
    }

    /// Every table with its index, in template order.
    pub fn indexed_tables(&self) -> impl Iterator<Item = (TableIndex, &Table)> {
        self.tables
            .iter()
            .enumerate()
            .map(|(i, t)| (TableIndex::new(i), t))
    }

    pub fn index_of(&self, id: &str) -> Option<CellIndex> {
        self.index_by_id.get(id).copied()
    }

    pub fn table_index(&self, id: &str) -> Option<TableIndex> {
        self.tables
            .iter()
            .position(|t| t.id == id)
            .map(TableIndex::new)
    }

    pub fn section_index(&self, id: &str) -> Option<SectionIndex> {
        self.sections
            .iter()
            .position(|s| s.id == id)
            .map(SectionIndex::new)
    }

    pub fn field_index(&self, id: &str) -> Option<FieldIndex> {
        self.fields
            .iter()
            .position(|f| f.id == id)
            .map(FieldIndex::new)
    }

    /// The field the program reads as `known`, where the template has it.
    pub fn known_field(&self, known: KnownField) -> Option<FieldIndex> {
        self.known[known as usize]
    }

    /// The issuing unit's field.
    pub fn unit_field(&self) -> Option<FieldIndex> {
        self.known_field(KnownField::Unit)
    }

    /// The report year's field.
    pub fn year_field(&self) -> Option<FieldIndex> {
        self.known_field(KnownField::Year)
    }

    /// The field of the date under the signature.
    pub fn signature_date_field(&self) -> Option<FieldIndex> {
        self.known_field(KnownField::SignatureDate)
    }

    /// The cells of one table, in row, column order.
    pub fn table_cells(&self, table: TableIndex) -> impl Iterator<Item = CellIndex> {
        let start = self.table_starts[table.get()].get();
        let end = self
            .table_starts
            .get(table.get() + 1)
            .map_or(self.cells.len(), |c| c.get());
        (start..end).map(CellIndex::new)
    }

    /// The index of the cell at a table position, if that row has cells.
    pub fn cell_at(&self, table: TableIndex, row: usize, column: usize) -> Option<CellIndex> {
        let spec = self.table(table);
        if !spec.rows[row].cells {
            return None;
        }
        let rows_before = spec.rows[..row].iter().filter(|r| r.cells).count();
        Some(CellIndex::new(
            self.table_starts[table.get()].get() + rows_before * spec.columns.len() + column,
        ))
    }

    /// A row's full name: an item is named with the rows it belongs to, since items repeat across indicators
    /// (several have 1.纠错).
    pub fn row_path(&self, table: TableIndex, row: usize) -> String {
        let rows = &self.table(table).rows;
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
    pub fn column_path(&self, table: TableIndex, column: usize) -> String {
        let column = &self.table(table).columns[column];
        let mut names: Vec<&str> = column.group.iter().map(String::as_str).collect();
        names.push(&column.label);
        names.join("·")
    }

    /// The accessible name of a cell: "row label / column label".
    pub fn cell_label(&self, index: CellIndex) -> String {
        let cell = self.cell(index);
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
