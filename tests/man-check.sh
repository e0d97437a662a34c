#!/bin/sh
# Checks that docs/spotcheck-TOOL.1 is what `spotcheck-TOOL --man` generates
# from the option tables (regenerate with scripts/gen-man), and that groff
# formats it without warnings.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
tool=$1
build_dir=$2
top=$(cd "$(dirname "$0")/.." && pwd)
# the front end's page is spotcheck.1, made by spotcheck --man
program=spotcheck-$tool
[ "$tool" = spotcheck ] && program=spotcheck
page=$top/docs/$program.1
fresh=$(mktemp) || exit 2
trap 'rm -f "$fresh"' EXIT
"$build_dir/$program" --man >"$fresh" || exit 1
if ! cmp -s "$page" "$fresh"; then
    echo "docs/$program.1 is out of date: run scripts/gen-man"
    diff -u "$page" "$fresh" | head -30
    exit 1
fi
if command -v groff >/dev/null 2>&1; then
    warnings=$(groff -k -man -Tutf8 -ww -z "$page" 2>&1)
    if [ -n "$warnings" ]; then
        echo "groff warnings for docs/$program.1:"
        echo "$warnings"
        exit 1
    fi
fi
exit 0
