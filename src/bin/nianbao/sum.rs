//! `nianbao sum FILE… -o TOTAL.json`: the counted reports of a review (see `review.rs`) summed into a new report of
//! their format, checked like any report; with `--compare`, the level's own report against that sum, cell by cell.

use nianbao::check::check;
use nianbao::review::{self, Sum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// How many partly blank cells are listed on the terminal.
const SHOWN: usize = 10;

pub fn run(
    inputs: &[PathBuf],
    out: &Path,
    unit: Option<&str>,
    own: Option<&Path>,
    html: Option<&Path>,
) -> ExitCode {
    let review = super::review::read_all(inputs);
    print!("{}", super::review::tally_text(&review));
    for row in &review.rows {
        if let Err(reason) = &row.read {
            println!("{}：无法读取：{reason}", row.name);
        } else if let Some(reason) = review.apart_reason(row) {
            println!("{}：{reason}", row.name);
        }
    }
    let sum = match review::sum(&review, unit) {
        Ok(sum) => sum,
        Err(error) => {
            eprintln!("无法汇总：{error}");
            return ExitCode::from(2);
        }
    };
    let json = sum.report.to_file(sum.template).to_json();
    if let Err(error) = std::fs::write(out, format!("{json}\n")) {
        eprintln!("{}：无法写入（{error}）", out.display());
        return ExitCode::from(2);
    }
    println!(
        "汇总了 {} 个单位的报告，已写入 {}",
        sum.units.len(),
        out.display()
    );
    if !sum.partly_blank.is_empty() {
        println!(
            "{} 格有单位未填写，仅对填写的单位求和（全部列在汇总报告的“{}”中）：",
            sum.partly_blank.len(),
            review::notes_section_title(sum.template)
        );
    }
    for &(cell, blank) in sum.partly_blank.iter().take(SHOWN) {
        println!(
            "  “{}”：{blank} 个单位未填写",
            sum.template.cell_label(cell)
        );
    }
    if sum.partly_blank.len() > SHOWN {
        println!("  ……另有 {} 格", sum.partly_blank.len() - SHOWN);
    }
    let findings = check(sum.template, &sum.report);
    let counts = findings.counts();
    println!(
        "汇总报告的检查：{} 个错误，{} 个警告，{} 个提示",
        counts.errors, counts.warnings, counts.notes
    );
    for d in findings
        .diagnostics
        .iter()
        .filter(|d| d.severity == nianbao::model::Severity::Error)
    {
        println!("  错误：{}", d.message);
    }
    let mut status = super::review::exit_status(&review);
    if counts.errors > 0 && status == ExitCode::SUCCESS {
        status = ExitCode::from(1);
    }
    let differences = match own.map(|path| compare(path, &sum)) {
        None => None,
        Some(Ok(differences)) => Some(differences),
        Some(Err(why)) => {
            println!("{why}");
            status = ExitCode::from(2);
            None
        }
    };
    if let Some(differences) = &differences {
        println!(
            "本级报告与各单位之和比较：{} 处不同（均为警告：本级报告的统计口径可能不同）",
            differences.len()
        );
        for d in differences {
            println!("  警告：{}", d.message);
        }
    }
    if let Some(path) = html {
        let page = review::html::page(&review, Some(&sum), differences.as_deref());
        if let Err(error) = std::fs::write(path, page) {
            eprintln!("{}：无法写入（{error}）", path.display());
            return ExitCode::from(2);
        }
        println!("审核结果已写入 {}", path.display());
    }
    status
}

fn compare(path: &Path, sum: &Sum) -> Result<Vec<review::Difference>, String> {
    let bytes = std::fs::read(path)
        .map_err(|e| format!("{}：无法读取：{}", path.display(), super::read_error(&e)))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (template, own) = review::open_report(&name, &bytes)
        .map_err(|why| format!("{}：无法读取：{why}", path.display()))?;
    if template.id != sum.template.id {
        return Err(format!(
            "{}：本级报告的格式为{}，与汇总的格式（{}）不同，无法比较",
            path.display(),
            template.name,
            sum.template.name
        ));
    }
    Ok(review::compare(sum.template, &own, &sum.report))
}
