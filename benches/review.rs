//! The supervising office's review and sum on the command line: N synthetic but valid national reports (fixed seed)
//! written to a folder, then `nianbao review` and `nianbao sum` run over it, timed, with the peak memory
//! (`/usr/bin/time -v`'s maximum resident set). Figures only, printed one per line; budget 10 s for 10,000 reports.
//!
//! Each report is a·A + b·B for the two national examples A and B (both balanced; every identity of the format is
//! linear, so the combination balances too), with its own unit name and a publication date in January or February
//! (so some are late). `NIANBAO_REVIEW_SIZES` (default `100,1000,10000`) and `NIANBAO_REVIEW_SEED` change the run;
//! `NIANBAO_BIN` runs another build of the command (e.g. target/release/nianbao).

use nianbao::model::{KnownField, Report};
use nianbao::templates;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// A small fixed-seed generator (xorshift64*), so that every run writes the same files.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn example(path: &str) -> Report {
    templates::read_report(&std::fs::read_to_string(path).expect("the example exists"))
        .expect("the example reads")
        .1
}

fn write_reports(dir: &Path, n: usize, seed: u64) {
    let template = templates::national();
    let a = example("examples/reports/national-2024-example.json");
    let b = example("examples/reports/national-2025-example.json");
    let mut rng = Rng(seed | 1);
    let _ = std::fs::remove_dir_all(dir);
    for i in 0..n {
        let (x, y) = (rng.below(4), 1 + rng.below(3));
        let mut report = a.clone();
        for cell in template.cell_indices() {
            let value = |r: &Report| r.cell(cell).value.clone().ok().flatten();
            if let (Some(va), Some(vb)) = (value(&a), value(&b)) {
                report.set_value(template, cell, x * va + y * vb);
            }
        }
        let field = |k| template.known_field(k).expect("the national format has it");
        report.set_field(field(KnownField::Unit), &format!("示例市第{}单位", i + 1));
        report.set_field(field(KnownField::Year), "2024");
        let day = 1 + rng.below(45);
        let date = if day <= 31 {
            format!("2025年1月{day}日")
        } else {
            format!("2025年2月{}日", day - 31)
        };
        report.set_field(field(KnownField::PublishDate), &date);
        // A hundred reports to a folder, as an office keeps them by batch.
        let sub = dir.join(format!("第{}批", i / 100 + 1));
        std::fs::create_dir_all(&sub).expect("the folder can be made");
        std::fs::write(
            sub.join(format!("{:05}.json", i + 1)),
            report.to_file(template).to_json(),
        )
        .expect("the report can be written");
    }
}

/// Runs the command under `/usr/bin/time -v`: wall seconds, the maximum resident set in MB and the share of one
/// core used (200 % is both cores busy throughout).
fn run(bin: &str, args: &[&str]) -> (f64, Option<f64>, Option<String>) {
    let timed = Path::new("/usr/bin/time").exists();
    let mut command = if timed {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-v").arg(bin);
        c
    } else {
        Command::new(bin)
    };
    let start = Instant::now();
    let output = command.args(args).output().expect("the command runs");
    let seconds = start.elapsed().as_secs_f64();
    let code = output.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "nianbao {args:?} exited {code:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let cpu = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Percent of CPU this job got: "))
        .map(str::to_owned);
    let rss = stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|kb| kb.trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0);
    (seconds, rss, cpu)
}

fn main() {
    let sizes: Vec<usize> = std::env::var("NIANBAO_REVIEW_SIZES")
        .unwrap_or_else(|_| "100,1000,10000".to_owned())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let seed = std::env::var("NIANBAO_REVIEW_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_241_231);
    let bin =
        std::env::var("NIANBAO_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_nianbao").to_owned());
    let root = std::env::temp_dir().join(format!("nianbao-review-bench-{}", std::process::id()));
    for n in sizes {
        let dir = root.join(n.to_string());
        write_reports(&dir, n, seed);
        let folder = dir.to_str().expect("a UTF-8 path");
        let total = root.join(format!("sum-{n}.json"));
        let (review_s, review_mb, review_cpu) = run(&bin, &["review", "--json", folder]);
        let (sum_s, sum_mb, sum_cpu) =
            run(&bin, &["sum", folder, "-o", total.to_str().expect("UTF-8")]);
        let mb = |m: Option<f64>| m.map_or("n/a".to_owned(), |m| format!("{m:.1}"));
        println!("review_{n}_reports {review_s:.3} s");
        println!("review_{n}_reports_peak_rss {} MB", mb(review_mb));
        println!("sum_{n}_reports {sum_s:.3} s");
        println!("sum_{n}_reports_peak_rss {} MB", mb(sum_mb));
        let cpu = |c: Option<String>| c.unwrap_or_else(|| "n/a".to_owned());
        println!("review_{n}_reports_cpu {}", cpu(review_cpu));
        println!("sum_{n}_reports_cpu {}", cpu(sum_cpu));
        println!("review_{n}_per_report {:.1} µs", review_s * 1e6 / n as f64);
    }
    let _ = std::fs::remove_dir_all(&root);
}
