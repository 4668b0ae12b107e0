#!/usr/bin/env bash
# Runs every test: formatting and lints (native and wasm32), native unit and integration tests, the PDF checker's own
# tests, wasm-bindgen tests and end-to-end tests against the release build, each in headless Chromium, in headless
# Firefox ESR and in WebKitGTK (MiniBrowser over WebKitWebDriver, on an Xvfb display). Installs what is missing
# first; a missing browser or driver is a failure, never a skip. BROWSER=chromium|firefox|webkit runs the browser
# tests of that engine alone (the other steps still run).
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$NIANBAO_ROOT"

CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
GECKODRIVER="${GECKODRIVER:-$(command -v geckodriver || echo geckodriver)}"
WEBKIT_DRIVER="${WEBKIT_DRIVER:-/usr/bin/WebKitWebDriver}"
MINIBROWSER="${MINIBROWSER:-/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser}"
for tool in /usr/bin/chromium "$CHROMEDRIVER" /usr/bin/firefox-esr "$GECKODRIVER" "$WEBKIT_DRIVER" "$MINIBROWSER" \
    /usr/bin/xvfb-run /usr/bin/soffice; do
    [ -x "$tool" ] || { echo "test: FAILED: $tool is missing; the browser tests cannot run without it" >&2; exit 1; }
done

step() {
    printf '\n=== %s\n' "$1" >&2
    shift
    "$@"
}

case "${BROWSER:-all}" in all | chromium | firefox | webkit) ;; *)
    echo "test: BROWSER must be chromium, firefox or webkit (or unset for all three), not $BROWSER" >&2
    exit 1
    ;;
esac
# Runs a browser step only for the engine BROWSER names (every engine when it is unset).
engine() {
    local name="$1"
    shift
    if [ "${BROWSER:-all}" = all ] || [ "$BROWSER" = "$name" ]; then step "$@"; fi
}

step "format" cargo fmt --all --check
step "lints, native" cargo clippy --locked --all-targets -- -D warnings
step "lints, wasm32" cargo clippy --locked --all-targets --target wasm32-unknown-unknown -- -D warnings
step "native tests" cargo test --locked
step "PDF checker (scripts/check-pdf.sh) on PDFs made by the test" node --test tests/tools/
engine chromium "browser tests (wasm-bindgen-test, headless Chromium)" \
    env -u GECKODRIVER -u SAFARIDRIVER CHROMEDRIVER="$CHROMEDRIVER" cargo test --locked --target wasm32-unknown-unknown \
    --test web --test web_embed
engine firefox "browser tests (wasm-bindgen-test, headless Firefox ESR)" \
    env -u CHROMEDRIVER -u SAFARIDRIVER GECKODRIVER="$GECKODRIVER" cargo test --locked --target wasm32-unknown-unknown \
    --test web --test web_embed
# wasm-bindgen-test-runner speaks WebDriver to WebKitWebDriver as it would to safaridriver; MiniBrowser, which it
# starts, has no headless mode, so it gets a virtual display. The runner gives a test 20 s by default, which a loaded
# machine (load 16 on 2 cores, measured) does not always grant MiniBrowser: 120 s unless set.
engine webkit "browser tests (wasm-bindgen-test, WebKitGTK MiniBrowser on Xvfb)" \
    xvfb-run -a -s "-screen 0 1366x768x24" env -u CHROMEDRIVER -u GECKODRIVER SAFARIDRIVER="$WEBKIT_DRIVER" \
    WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}" cargo test --locked --target wasm32-unknown-unknown --test web --test web_embed
step "release build (Trunk, wasm-opt)" trunk build --release
engine chromium "end-to-end tests (Playwright, headless Chromium)" env BROWSER=chromium node --test tests/e2e/
engine firefox "end-to-end tests (Playwright over WebDriver BiDi, headless Firefox ESR)" \
    env BROWSER=firefox node --test tests/e2e/
# The harness starts its own Xvfb display for MiniBrowser (tests/e2e/webkit-webdriver.mjs).
engine webkit "end-to-end tests (selenium-webdriver over WebKitWebDriver, WebKitGTK MiniBrowser)" \
    env BROWSER=webkit node --test tests/e2e/
