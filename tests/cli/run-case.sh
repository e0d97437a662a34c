#!/bin/sh
# Runs one CLI golden case: tests/cli/cases/NAME/ holds
#   cmd     the command line (sh syntax), run from the top of the source tree
#           with the build directory first on PATH and $CASE set to the case
#           directory (relative), so that messages name stable paths
#   stdin   (optional) fed to the command
#   stdout, stderr, status   what the command must print and return
#   needs   (optional) what the case needs from the machine: "pty" for a
#           pseudo-terminal from script(1); where it is missing the case is
#           skipped with exit status 77 (CTest's SKIP_RETURN_CODE) and says why
# With SC_REGEN=1 the expectations are rewritten from what the command did.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
case_dir=$1
build_dir=$(cd "$2" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
name=$(basename "$case_dir")
CASE=tests/cli/cases/$name
export CASE
cd "$top" || exit 2
if grep -qx pty "$CASE/needs" 2>/dev/null &&
    ! script -qec true /dev/null </dev/null >/dev/null 2>&1; then
    echo "SKIPPED $name: it needs a pseudo-terminal, and script(1) cannot open one here (no /dev/pts?)"
    exit 77
fi
out=$(mktemp -d) || exit 2
trap 'rm -rf "$out"' EXIT
stdin=/dev/null
[ -f "$CASE/stdin" ] && stdin=$CASE/stdin
PATH="$build_dir:$PATH" LC_ALL=C.UTF-8 sh -c "$(cat "$CASE/cmd")" <"$stdin" >"$out/stdout" 2>"$out/stderr"
echo $? >"$out/status"
if [ "${SC_REGEN:-0}" = 1 ]; then
    cp "$out/stdout" "$out/stderr" "$out/status" "$CASE/"
    echo "regenerated $name"
    exit 0
fi
fail=0
for f in status stdout stderr; do
    if ! cmp -s "$CASE/$f" "$out/$f"; then
        echo "--- $name: $f differs (expected, then actual)"
        diff -u "$CASE/$f" "$out/$f" | head -40
        fail=1
    fi
done
exit $fail
