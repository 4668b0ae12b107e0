#!/usr/bin/env bash
# Checks PDF files the way the readers on office PCs will meet them, and fails unless every check is silent:
#   qpdf --check         the file's structure (xref, objects, streams), no errors or warnings;
#   pdftoppm (poppler)   renders every page, with nothing on stdout or stderr;
#   mutool draw (MuPDF)  renders every page, with nothing on stdout or stderr.
# Two independent renderers, because each forgives and complains about different things.
#
#   scripts/check-pdf.sh FILE.pdf...
#
# Exit status: 0 when every file passes, 1 when any fails (what each tool said is printed), 2 on misuse or a missing
# tool. qpdf, poppler-utils and mupdf-tools are Debian packages; scripts/setup.sh installs them.
set -uo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 FILE.pdf..." >&2
    exit 2
fi
for tool in qpdf pdftoppm mutool; do
    command -v "$tool" >/dev/null || { echo "check-pdf: $tool not found (scripts/setup.sh installs it)" >&2; exit 2; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

failed=0

# Prints what a tool said about a file (the first lines of it) and marks the run failed.
complain() {
    local file="$1" tool="$2" said="$3" lines
    printf 'check-pdf: FAILED %s: %s\n' "$file" "$tool" >&2
    if [ -n "$said" ]; then
        lines="$(printf '%s\n' "$said" | wc -l)"
        printf '%s\n' "$said" | head -n 12 | sed 's/^/    /' >&2
        [ "$lines" -le 12 ] || printf '    ... (%d more lines)\n' "$((lines - 12))" >&2
    fi
    failed=1
}

# Every tool runs on every file, so that a failure shows what each reader makes of it.
check_one() {
    local file="$1" out status pages rendered ok=1
    if [ ! -f "$file" ]; then
        complain "$file" "no such file" ""
        return
    fi

    # qpdf's contract: exit 0 clean, 2 errors, 3 warnings; warnings and errors go to stderr.
    qpdf --check "$file" >"$work/qpdf.out" 2>"$work/qpdf.err"
    status=$?
    if [ "$status" -ne 0 ] || [ -s "$work/qpdf.err" ]; then
        complain "$file" "qpdf --check (exit $status)" "$(cat "$work/qpdf.err" "$work/qpdf.out")"
        ok=0
    fi
    pages="$(qpdf --show-npages "$file" 2>/dev/null)" || pages="?"

    rm -f "$work"/*.png
    out="$(pdftoppm -r 36 -png "$file" "$work/poppler" 2>&1)"
    status=$?
    rendered="$(find "$work" -name 'poppler*.png' | wc -l)"
    if [ "$status" -ne 0 ] || [ -n "$out" ] || [ "$rendered" != "$pages" ]; then
        complain "$file" "pdftoppm (exit $status, rendered $rendered of $pages pages)" "$out"
        ok=0
    fi

    # -N: Debian's MuPDF is built without colour management and warns so on every file unless it is told not to
    # manage colour; the warning is about the tool, not the file.
    out="$(mutool draw -q -N -r 36 -o "$work/mupdf-%d.png" "$file" 2>&1)"
    status=$?
    rendered="$(find "$work" -name 'mupdf-*.png' | wc -l)"
    if [ "$status" -ne 0 ] || [ -n "$out" ] || [ "$rendered" != "$pages" ]; then
        complain "$file" "mutool draw (exit $status, rendered $rendered of $pages pages)" "$out"
        ok=0
    fi

    [ "$ok" -eq 1 ] && printf 'check-pdf: ok %s (%s pages; qpdf, pdftoppm, mutool draw)\n' "$file" "$pages"
}

for file in "$@"; do
    check_one "$file"
done
exit "$failed"
