#!/usr/bin/env bash
# Prints the project's figures, one per line ("name value unit"): sizes of the release build (the first load, and
# what the first PDF export and the first import fetch), the in-browser speed of reading published reports in the
# import worker, the in-browser speed and size of the seed report's PDF export, and the speed of the checker and of
# reading a published report natively (HTML, paste), and the fuzzing of the report and draft readers
# (NIANBAO_FUZZ_SECONDS, default 30: cases per
# second and panics found, which must be 0; a panic's input is kept in target/fuzz-panics/ and fails the command).
# Installs what is missing first. Figures only: budgets are compared by people, not asserted.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$NIANBAO_ROOT"
trunk build --release --dist target/bench-dist >&2
node scripts/sizes.mjs target/bench-dist
NIANBAO_DIST=target/bench-dist node scripts/bench-export.mjs
NIANBAO_DIST=target/bench-dist node scripts/bench-import.mjs
cargo bench --locked --bench check 2>/dev/null
cargo bench --locked --bench import 2>/dev/null
node scripts/bench-keystroke.mjs target/bench-dist
# Overflow checks on for the fuzzing, so that an overflow is found as a panic (a build of its own, cached after).
NIANBAO_FUZZ_SECONDS="${NIANBAO_FUZZ_SECONDS:-30}" CARGO_PROFILE_BENCH_OVERFLOW_CHECKS=true \
    cargo bench --locked --bench fuzz 2>/dev/null
