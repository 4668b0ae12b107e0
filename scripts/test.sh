#!/usr/bin/env bash
# Runs every test: formatting and lints (native and wasm32), native unit and integration tests, the PDF checker's own
# tests, wasm-bindgen tests and end-to-end tests against the release build, each in headless Chromium and in headless
# Firefox ESR. Installs what is missing first; a missing browser or driver is a failure, never a skip.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$NIANBAO_ROOT"

CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
GECKODRIVER="${GECKODRIVER:-$(command -v geckodriver || echo geckodriver)}"
for tool in /usr/bin/chromium "$CHROMEDRIVER" /usr/bin/firefox-esr "$GECKODRIVER" /usr/bin/soffice; do
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
step "PDF checker (scripts/check-pdf.sh) on PDFs made by the test" node --test tests/tools/
step "browser tests (wasm-bindgen-test, headless Chromium)" \
    env -u GECKODRIVER CHROMEDRIVER="$CHROMEDRIVER" cargo test --locked --target wasm32-unknown-unknown --test web \
    --test web_embed
step "browser tests (wasm-bindgen-test, headless Firefox ESR)" \
    env -u CHROMEDRIVER GECKODRIVER="$GECKODRIVER" cargo test --locked --target wasm32-unknown-unknown --test web \
    --test web_embed
step "release build (Trunk, wasm-opt)" trunk build --release
step "end-to-end tests (Playwright, headless Chromium)" env BROWSER=chromium node --test tests/e2e/
step "end-to-end tests (Playwright over WebDriver BiDi, headless Firefox ESR)" env BROWSER=firefox node --test tests/e2e/
