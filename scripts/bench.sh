#!/usr/bin/env bash
# Builds the release and prints figures, one per line ("name value unit"). Installs what is missing first.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$NIANBAO_ROOT"
trunk build --release --dist target/bench-dist >&2
node scripts/sizes.mjs target/bench-dist
