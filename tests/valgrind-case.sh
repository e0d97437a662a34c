#!/bin/sh
# Runs one CLI golden case (tests/cli/run-case.sh) with every spotcheck program
# under valgrind memcheck: BUILD_DIR/valgrind-bin holds a wrapper per program
# that runs the real one with --error-exitcode=99 and a full leak check (and no
# vgdb, whose shared-memory file a case's `ulimit -f 0` would refuse), so an
# invalid read or write, a use of an uninitialised value or a leak (definite
# or indirect) changes the case's status and standard error and fails it.
# The same expectations as the plain run: nothing is regenerated.
#   tests/valgrind-case.sh CASE_DIR BUILD_DIR
# Exit 77 (skipped) without valgrind, and for a case whose file no-valgrind says
# why it cannot run through the wrappers.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
case_dir=$1
build=$(cd "$2" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
valgrind=$(command -v valgrind) || { echo "SKIPPED: no valgrind"; exit 77; }
if [ -f "$case_dir/no-valgrind" ]; then
    echo "SKIPPED: $(cat "$case_dir/no-valgrind")"
    exit 77
fi
wrappers="$build/valgrind-bin"
mkdir -p "$wrappers"
for program in "$build"/spotcheck "$build"/spotcheck-*; do
    [ -f "$program" ] && [ -x "$program" ] || continue
    name=$(basename "$program")
    [ -x "$wrappers/$name" ] && continue
    # written whole then renamed: cases run in parallel
    tmp=$(mktemp "$wrappers/.$name.XXXXXX") || exit 2
    cat >"$tmp" <<WRAPPER
#!/bin/sh
exec "$valgrind" -q --vgdb=no --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \\
    --errors-for-leak-kinds=definite,indirect --track-origins=yes "$program" "\$@"
WRAPPER
    chmod +x "$tmp" && mv -f "$tmp" "$wrappers/$name"
done
exec sh "$top/tests/cli/run-case.sh" "$case_dir" "$wrappers"
