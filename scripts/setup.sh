# Sourced by scripts/serve.sh, scripts/test.sh and scripts/bench.sh: installs whatever this project needs and is
# missing, from package registries only, and nothing else. A second run installs nothing. For serve.sh
# (NIANBAO_SETUP=serve), the browsers, geckodriver and the PDF tools are left out.
#
#   rustup:   the wasm32-unknown-unknown target, clippy, rustfmt
#   cargo:    trunk 0.21.14 (--locked), wasm-bindgen-cli at exactly the version in Cargo.lock,
#             geckodriver 0.37.1 (--locked; Firefox's WebDriver server, for the wasm-bindgen tests)
#   apt:      chromium, chromium-driver, firefox-esr, webkit2gtk-driver (the three browser engines under test:
#             WebKitWebDriver and its MiniBrowser), xvfb (MiniBrowser has no headless mode), fonts-noto-cjk (Chinese glyphs
#             for screenshots, and the PDF's Song and Hei), fonts-lxgw-wenkai (the PDF's Kai), qpdf, poppler-utils,
#             mupdf-tools (scripts/check-pdf.sh, and pdftoppm to look at exported pages),
#             libreoffice-writer-nogui, libreoffice-calc-nogui (the import tests make their .docx, .xlsx, .doc,
#             .xls and PDF fixtures with LibreOffice headless, tests/import_files.rs; the export tests open the .docx
#             and .xlsx exports with `soffice --headless --convert-to pdf`, as an office opens them)
#   npm:      node_modules from package-lock.json (binaryen's wasm-opt 132 for Trunk, playwright-core, ws, acorn,
#             selenium-webdriver for WebKit)
#   PyPI:     fontTools, in a virtual environment under ~/.cache/nianbao, to make the PDF fonts (scripts/fonts.py)

set -euo pipefail

NIANBAO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export NIANBAO_ROOT
export PATH="$NIANBAO_ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
TRUNK_VERSION="0.21.14"
GECKODRIVER_VERSION="0.37.1"
# The fonts are needed to build the app; the browsers and PDF tools only to test it.
APT_PACKAGES=(fonts-noto-cjk fonts-lxgw-wenkai python3 python3-venv)
TEST_APT_PACKAGES=(chromium chromium-driver firefox-esr webkit2gtk-driver xvfb qpdf poppler-utils mupdf-tools
    libreoffice-writer-nogui libreoffice-calc-nogui)
# scripts/serve.sh sets NIANBAO_SETUP=serve: a first `serve` installs only what building and serving takes, so it
# does not wait for two browsers and a geckodriver build.
[ "${NIANBAO_SETUP:-all}" = serve ] || APT_PACKAGES+=("${TEST_APT_PACKAGES[@]}")
FONTTOOLS_VERSION="4.68.0"

setup_say() { printf 'setup: %s\n' "$*" >&2; }

setup_fail() {
    printf 'setup: FAILED: %s\n' "$*" >&2
    exit 1
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        setup_fail "need root (or sudo) to run: $*"
    fi
}

setup_rust() {
    command -v cargo >/dev/null || setup_fail "cargo not found: install Rust with rustup first"
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        setup_say "adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi
    for component in clippy rustfmt; do
        if ! rustup component list --installed | grep -q "^$component"; then
            setup_say "adding rustup component $component"
            rustup component add "$component"
        fi
    done
}

wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$NIANBAO_ROOT/Cargo.lock"
}

setup_cargo_tools() {
    if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
        setup_say "installing trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
        cargo install trunk --version "$TRUNK_VERSION" --locked
    fi
    local wbg
    wbg="$(wasm_bindgen_version)"
    [ -n "$wbg" ] || setup_fail "no wasm-bindgen entry in Cargo.lock"
    if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wbg" ] ||
        ! command -v wasm-bindgen-test-runner >/dev/null; then
        setup_say "installing wasm-bindgen-cli $wbg (the version in Cargo.lock)"
        # Not --locked: its lockfile names a crate version the registry no longer serves.
        cargo install wasm-bindgen-cli --version "$wbg" --force
    fi
    local gecko
    gecko="$(geckodriver --version 2>/dev/null || true)"
    if [ "${NIANBAO_SETUP:-all}" != serve ] && [ "${gecko%%$'\n'*}" != "geckodriver $GECKODRIVER_VERSION" ]; then
        setup_say "installing geckodriver $GECKODRIVER_VERSION (about 4 minutes on 2 cores)"
        cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked
    fi
    if ! grep -q "wasm_bindgen = \"$wbg\"" "$NIANBAO_ROOT/Trunk.toml"; then
        setup_fail "Trunk.toml [tools] wasm_bindgen must be \"$wbg\" (the version in Cargo.lock)"
    fi
}

setup_apt() {
    local missing=()
    for package in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        setup_say "installing with apt: ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
}

setup_npm() {
    command -v npm >/dev/null || setup_fail "npm not found: install Node.js (Debian: apt-get install nodejs npm)"
    local stamp="$NIANBAO_ROOT/node_modules/.nianbao-lock-sha256"
    local want
    want="$(sha256sum "$NIANBAO_ROOT/package-lock.json" | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        setup_say "installing node modules from package-lock.json"
        (cd "$NIANBAO_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
        echo "$want" >"$stamp"
    fi
    [ "$(wasm-opt --version 2>/dev/null)" = "wasm-opt version 132 (version_132)" ] ||
        setup_fail "wasm-opt 132 not found in node_modules/.bin (npm package binaryen)"
}

# The PDF export's fonts (git-ignored): assets/fonts/*.ttf whole (the command line, the tests) and assets/fonts/web/
# in slices (Trunk copies it into dist/fonts), made from the Debian font packages by scripts/fonts.py, again only
# when the script, the packages or the texts it keeps and orders characters by have changed.
setup_fonts() {
    local venv="${XDG_CACHE_HOME:-$HOME/.cache}/nianbao/fonttools-$FONTTOOLS_VERSION"
    local out="$NIANBAO_ROOT/assets/fonts"
    local stamp="$out/.generated"
    local want
    want="$(
        cd "$NIANBAO_ROOT" &&
            # The script and every text whose characters it keeps or orders the slices by (FREQUENCY_SOURCES).
            cat scripts/fonts.py src/templates/*.json examples/reports/*.json \
                $(find tests/fixtures \( -name '*.json' -o -name '*.html' -o -name '*.txt' \) | sort) |
                sha256sum | cut -d' ' -f1
        dpkg-query -W -f='${Version}\n' fonts-noto-cjk fonts-lxgw-wenkai
    )"
    if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] &&
        [ -s "$out/serif.ttf" ] && [ -s "$out/sans.ttf" ] && [ -s "$out/kai.ttf" ] && [ -s "$out/web/fonts.json" ]; then
        return
    fi
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import fontTools" 2>/dev/null; then
        command -v python3 >/dev/null || setup_fail "python3 not found (Debian: apt-get install python3 python3-venv)"
        setup_say "installing fontTools $FONTTOOLS_VERSION from PyPI into $venv"
        python3 -m venv "$venv" || setup_fail "python3 -m venv failed (Debian: apt-get install python3-venv)"
        "$venv/bin/pip" install --quiet --disable-pip-version-check "fonttools==$FONTTOOLS_VERSION"
    fi
    setup_say "making the PDF fonts in assets/fonts (about 20 seconds)"
    "$venv/bin/python" "$NIANBAO_ROOT/scripts/fonts.py" "$out"
    echo "$want" >"$stamp"
}

setup_rust
setup_apt
setup_npm
setup_cargo_tools
setup_fonts
