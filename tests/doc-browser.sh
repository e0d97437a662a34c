#!/bin/sh
# A real browser renders a sample report (doc.h): headless Chromium takes a
# screenshot and prints it to PDF; the files must be non-trivial and the PDF
# must have at least two A4 pages, since each section after the first starts
# a page.  The chart is drawn by gnuplot (spotcheck rate --render x.svg on the
# demo data) when gnuplot is there, else tests/data/doc/small.svg is used.
# Usage: tests/doc-browser.sh BUILD_DIR [zh|en]
# SC_DOC_KEEP=DIR keeps the HTML, PNG and PDF in DIR to look at them.
# Exit 77 (skipped) without Chromium.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
build=$(cd "$1" && pwd)
lang=${2:-zh}
top=$(cd "$(dirname "$0")/.." && pwd)
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "doc-browser: skipped: Chromium is not installed (apt-get install chromium)"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "doc-browser: $*" >&2; exit 1; }

svg="$top/tests/data/doc/small.svg"
if command -v gnuplot >/dev/null 2>&1; then
    "$build/spotcheck" rate --result 检验结论 --by 产品类别 --target 0.95 --lang "$lang" \
        --render "$tmp/chart.svg" "$top/datasets/demo/records.csv" >/dev/null
    svg="$tmp/chart.svg"
fi
"$build/doc_sample" sample "$lang" "$svg" "$tmp/report.html" "$tmp/report.md"
python3 "$top/tests/doc-check.py" file "$tmp/report.html"

# the profile in the temporary directory: no state from elsewhere, nothing left behind
run_browser() {
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
        --user-data-dir="$tmp/profile" "$@" "file://$tmp/report.html" \
        >"$tmp/browser.log" 2>&1 || { cat "$tmp/browser.log" >&2; fail "chromium failed: $*"; }
}
run_browser --window-size=1280,2000 --screenshot="$tmp/report.png"
run_browser --no-pdf-header-footer --print-to-pdf="$tmp/report.pdf"

size() { wc -c <"$1" | tr -d ' '; }
[ -s "$tmp/report.png" ] || fail "no screenshot"
[ "$(head -c 8 "$tmp/report.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
    fail "the screenshot is not a PNG"
[ "$(size "$tmp/report.png")" -gt 50000 ] || fail "the screenshot is nearly empty ($(size "$tmp/report.png") bytes)"
[ "$(head -c 5 "$tmp/report.pdf")" = "%PDF-" ] || fail "no PDF header"
[ "$(size "$tmp/report.pdf")" -gt 20000 ] || fail "the PDF is nearly empty"
if command -v pdfinfo >/dev/null 2>&1; then
    pages=$(pdfinfo "$tmp/report.pdf" | sed -n 's/^Pages: *//p')
    pdfinfo "$tmp/report.pdf" | grep -q "(A4)" || fail "the PDF pages are not A4"
else # Chromium writes one uncompressed page object per page
    pages=$(grep -ac "/Type /Page\b" "$tmp/report.pdf" || true)
fi
[ "${pages:-0}" -ge 2 ] || fail "the PDF has ${pages:-0} page(s); sections should start pages"
if [ -n "${SC_DOC_KEEP:-}" ]; then
    mkdir -p "$SC_DOC_KEEP"
    cp "$tmp/report.html" "$tmp/report.png" "$tmp/report.pdf" "$SC_DOC_KEEP/"
fi
echo "doc-browser: ok ($lang: PNG $(size "$tmp/report.png") bytes, PDF $pages pages)"
