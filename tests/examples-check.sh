#!/bin/sh
# Runs every example command of the man pages (docs/*.1, between .EX and .EE)
# and of README.md (indented lines starting with "$ ", with their "\"
# continuation lines; commands elided with "…" are skipped), each from a
# scratch directory that holds a link to datasets/, so that charts they draw
# land there.  Every example must exit with status 0.
# Usage: tests/examples-check.sh BUILD_DIR
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT
ln -s "$top/datasets" "$work/datasets"

# One example per line on stdout: "SOURCE<TAB>COMMAND".
extract() {
    for page in "$top"/docs/*.1; do
        awk -v src="${page#"$top"/}" '
            /^\.EX/ { on = 1; cmd = ""; next }
            /^\.EE/ { on = 0; next }
            on {
                line = $0
                gsub(/\\-/, "-", line); gsub(/\\e/, "\\", line)
                if (line ~ /\\$/) { cmd = cmd substr(line, 1, length(line) - 1); next }
                cmd = cmd line
                sub(/^ +/, "", cmd)
                if (cmd ~ /^spotcheck/) print src "\t" cmd
                cmd = ""
            }' "$page"
    done
    awk '
        /^    \$ / { cmd = substr($0, 7); cont = (cmd ~ /\\$/); if (!cont) emit(); else cmd = substr(cmd, 1, length(cmd) - 1); next }
        cont { line = $0; sub(/^ +/, " ", line); cont = (line ~ /\\$/); if (cont) line = substr(line, 1, length(line) - 1); cmd = cmd line; if (!cont) emit(); next }
        function emit() { if (cmd !~ /…/) print "README.md\t" cmd; cmd = "" }
    ' "$top/README.md"
}

fail=0 count=0
tab=$(printf '\t')
extract >"$work/examples"
[ "${SC_EXAMPLES_LIST:-0}" = 1 ] && cat "$work/examples"
while IFS="$tab" read -r src cmd; do
    count=$((count + 1))
    if (cd "$work" && PATH="$build:$PATH" LC_ALL=C.UTF-8 bash -o pipefail -c "$cmd") \
        >"$work/out" 2>"$work/err" </dev/null; then
        :
    else
        echo "FAILED ($src): $cmd"
        sed 's/^/    /' "$work/err" | head -5
        fail=1
    fi
done <"$work/examples"
echo "$count examples run"
[ "$count" -gt 0 ] || fail=1
exit $fail
