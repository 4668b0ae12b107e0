#!/usr/bin/env bash
# Prints the project's figures, one per line ("name value unit"): sizes of the release build and the speed of the
# checker. Installs what is missing first. Figures only: budgets are compared by people, not asserted.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$NIANBAO_ROOT"
trunk build --release --dist target/bench-dist >&2
node scripts/sizes.mjs target/bench-dist
cargo bench --locked --bench check 2>/dev/null
node scripts/bench-keystroke.mjs target/bench-dist
