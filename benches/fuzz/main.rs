//! `cargo bench --bench fuzz`: the fuzz harness of the report and draft readers (harness.rs), run for
//! `NIANBAO_FUZZ_SECONDS` seconds (default 30) from `NIANBAO_FUZZ_SEED` (default: the clock; printed, so that a
//! run can be repeated). Prints the cases per second and the panics found, which must be zero; each panicking
//! input is written to target/fuzz-panics/ and the command exits with status 1. Run with
//! `CARGO_PROFILE_BENCH_OVERFLOW_CHECKS=true` (as scripts/bench.sh does) so that an overflow is a panic too.

mod harness;
mod import;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn main() {
    let seconds: f64 = std::env::var("NIANBAO_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30.0);
    let seed: u64 = std::env::var("NIANBAO_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    // The harness must be able to see a panic (a build that aborts on panic could not): one planted panic first.
    let planted = harness::fuzz_with(seed, |_| panic!("planted"), |cases| cases < 1);
    if planted.panics.len() != 1 {
        eprintln!("fuzz: the harness did not catch a planted panic");
        std::process::exit(1);
    }
    // Arithmetic that overflows is a finding too (a year of 65535 plus one), but only where overflow panics:
    // scripts/bench.sh turns the checks on for this bench (CARGO_PROFILE_BENCH_OVERFLOW_CHECKS).
    let overflow = harness::fuzz_with(
        seed,
        |_| {
            let _ = std::hint::black_box(std::hint::black_box(u16::MAX) + 1);
        },
        |cases| cases < 1,
    );
    let overflow_checks = if overflow.panics.is_empty() {
        "off"
    } else {
        "on"
    };
    let limit = Duration::from_secs_f64(seconds.max(0.0));
    let start = Instant::now();
    // The clock is read every 64 cases: cheap, and a case takes well under a second.
    let outcome = harness::fuzz(seed, |cases| cases % 64 != 0 || start.elapsed() < limit);
    let elapsed = start.elapsed().as_secs_f64();
    println!(
        "fuzz_readers_cases_per_second {:.0} ({} cases in {elapsed:.1} s, seed {seed})",
        outcome.cases as f64 / elapsed,
        outcome.cases
    );
    println!(
        "fuzz_readers_reach {} decoded, {} read as reports, {} as drafts",
        outcome.decoded, outcome.reports, outcome.drafts
    );
    println!(
        "fuzz_readers_panics {} (must be 0; overflow checks {overflow_checks})",
        outcome.panics.len()
    );
    // The import readers (HTML, text) and the recogniser, for the same time.
    let start = Instant::now();
    let imported = import::fuzz(seed, |cases| cases % 16 != 0 || start.elapsed() < limit);
    let elapsed = start.elapsed().as_secs_f64();
    println!(
        "fuzz_import_cases_per_second {:.0} ({} cases in {elapsed:.1} s, seed {seed}, {} recognised as reports)",
        imported.cases as f64 / elapsed,
        imported.cases,
        imported.recognised
    );
    println!(
        "fuzz_import_panics {} (must be 0; overflow checks {overflow_checks})",
        imported.panics.len()
    );
    if outcome.panics.is_empty() && imported.panics.is_empty() {
        return;
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-panics");
    let _ = std::fs::create_dir_all(&dir);
    for (n, (bytes, message)) in outcome.panics.iter().enumerate() {
        let path = dir.join(format!("{seed}-{n}.bin"));
        let _ = std::fs::write(&path, bytes);
        println!("fuzz_readers_panic {} ({message})", path.display());
    }
    for (n, (bytes, message)) in imported.panics.iter().enumerate() {
        let path = dir.join(format!("{seed}-import-{n}.bin"));
        let _ = std::fs::write(&path, bytes);
        println!("fuzz_import_panic {} ({message})", path.display());
    }
    std::process::exit(1);
}
