#!/usr/bin/env bash
# Prints the project's figures, one per line ("name value unit"): sizes of the release build (the first load, and
# what the first PDF export, the first Office export and the first import fetch), the in-browser speed of reading
# published reports in the import worker, the in-browser speed and size of the seed report's PDF export and its size
# beside pdfmake's (scripts/bench-pdfmake.mjs), the Word and Excel exports (in the browser and natively), and the speed of the checker, of reading a published report
# (HTML, paste) and of the file readers (a 20-page PDF, the DOCX), the review and sum of 100 to 10,000 reports on the
# command line (time and peak memory) and of 500 in the browser (drop to table, peak JS heap), and the fuzzing of the report, draft, import and file readers
# (NIANBAO_FUZZ_SECONDS, default 30: cases per
# second and panics found, which must be 0; a panic's input is kept in target/fuzz-panics/ and fails the command).
# Installs what is missing first. Figures only: budgets are compared by people, not asserted.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$NIANBAO_ROOT"
trunk build --release --dist target/bench-dist >&2
node scripts/sizes.mjs target/bench-dist
NIANBAO_DIST=target/bench-dist node scripts/bench-export.mjs
node scripts/bench-pdfmake.mjs
NIANBAO_DIST=target/bench-dist node scripts/bench-office.mjs
cargo bench --locked --bench office 2>/dev/null
NIANBAO_DIST=target/bench-dist node scripts/bench-import.mjs
NIANBAO_DIST=target/bench-dist node scripts/bench-review.mjs
cargo bench --locked --bench check 2>/dev/null
cargo bench --locked --bench import 2>/dev/null
cargo bench --locked --bench import_files 2>/dev/null
cargo bench --locked --bench review 2>/dev/null
node scripts/bench-keystroke.mjs target/bench-dist
# Overflow checks on for the fuzzing, so that an overflow is found as a panic (a build of its own, cached after).
NIANBAO_FUZZ_SECONDS="${NIANBAO_FUZZ_SECONDS:-30}" CARGO_PROFILE_BENCH_OVERFLOW_CHECKS=true \
    cargo bench --locked --bench fuzz 2>/dev/null
