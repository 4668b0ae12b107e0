#!/usr/bin/env bash
# Runs every test: formatting and lints (native and wasm32), native unit and integration tests, wasm-bindgen tests
# in headless Chromium, and end-to-end tests against the release build. Installs what is missing first.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$NIANBAO_ROOT"

export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
for tool in /usr/bin/chromium "$CHROMEDRIVER"; do
    [ -x "$tool" ] || { echo "test: FAILED: $tool is missing; the browser tests cannot run without it" >&2; exit 1; }
done

step() {
    printf '\n=== %s\n' "$1" >&2
    shift
    "$@"
}

step "format" cargo fmt --all --check
step "lints, native" cargo clippy --locked --all-targets -- -D warnings
step "lints, wasm32" cargo clippy --locked --all-targets --target wasm32-unknown-unknown -- -D warnings
step "native tests" cargo test --locked
step "browser tests (wasm-bindgen-test, headless Chromium)" \
    cargo test --locked --target wasm32-unknown-unknown --test web --test web_embed
step "release build (Trunk, wasm-opt)" trunk build --release
step "end-to-end tests (Playwright, headless Chromium)" node --test tests/e2e/
