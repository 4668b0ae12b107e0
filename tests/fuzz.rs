//! The readers' fuzz harness (benches/fuzz/harness.rs) in `cargo test`: a fixed number of mutated cases from a
//! fixed seed, none of which may panic. scripts/bench.sh runs it for longer from a fresh seed.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../benches/fuzz/harness.rs"]
mod harness;
#[cfg(feature = "import")]
#[path = "../benches/fuzz/import.rs"]
mod import;

#[test]
fn mutated_reports_and_drafts_never_panic_a_reader() {
    let outcome = harness::fuzz(20_261_201, |cases| cases < 1000);
    assert_eq!(outcome.cases, 1000);
    let found: Vec<_> = outcome
        .panics
        .iter()
        .map(|(bytes, message)| {
            (
                message,
                String::from_utf8_lossy(bytes)
                    .chars()
                    .take(300)
                    .collect::<String>(),
            )
        })
        .collect();
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_harness_catches_a_panic_and_keeps_its_input() {
    // The harness itself must be able to fail: a target that panics is reported with what it was given.
    let outcome = harness::fuzz_with(
        7,
        |bytes| assert!(bytes.len() < 2000, "long input"),
        |cases| cases < 50,
    );
    assert!(!outcome.panics.is_empty());
    for (bytes, message) in &outcome.panics {
        assert!(bytes.len() >= 2000);
        assert!(message.contains("long input"), "{message}");
    }
}

#[test]
fn the_mutated_cases_reach_every_reader() {
    let outcome = harness::fuzz_with(11, |_| {}, |cases| cases < 500);
    eprintln!(
        "{} decoded, {} reports, {} drafts",
        outcome.decoded, outcome.reports, outcome.drafts
    );
    assert!(outcome.reports > 10, "{} reports", outcome.reports);
    assert!(outcome.drafts > 10, "{} drafts", outcome.drafts);
    assert!(outcome.decoded < outcome.cases, "some cases are not text");
}

#[cfg(feature = "import")]
#[test]
fn mutated_pages_and_pastes_never_panic_the_import() {
    let outcome = import::fuzz(20_261_201, |cases| cases < 200);
    assert_eq!(outcome.cases, 200);
    let found: Vec<_> = outcome
        .panics
        .iter()
        .map(|(bytes, message)| {
            (
                message,
                String::from_utf8_lossy(bytes)
                    .chars()
                    .take(300)
                    .collect::<String>(),
            )
        })
        .collect();
    assert!(found.is_empty(), "{found:#?}");
    // The cases reach the recogniser's output, not only its refusals.
    assert!(
        outcome.recognised > 100,
        "{} recognised",
        outcome.recognised
    );
}

#[cfg(feature = "import")]
#[test]
fn the_import_harness_catches_a_broken_invariant() {
    // A planted failure in what the harness checks: a report whose review miscounts is a finding.
    let outcome = harness::quietly(|| {
        std::panic::catch_unwind(|| {
            let imported = nianbao::import::read_paste(None, "一、总体情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t1\t2\t3\n行政许可\t4\n二、主动公开政府信息情况")
                .unwrap();
            let mut broken = imported.clone();
            broken.review.figures_read += 1;
            import::run_checks(&broken);
        })
    });
    assert!(outcome.is_err());
}
