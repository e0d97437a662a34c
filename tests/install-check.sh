#!/bin/sh
# Installs the build into a temporary prefix and builds a small program
# against it with pkg-config, shared and static, checking the result and
# that the shared library exports only sc_ symbols.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
build_dir=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
for f in bin/spotcheck bin/spotcheck-rate include/spotcheck/spotcheck.h lib/libspotcheck.a \
         lib/pkgconfig/libspotcheck.pc share/man/man1/spotcheck-rate.1.gz \
         share/bash-completion/completions/spotcheck share/bash-completion/completions/spotcheck-rate; do
    [ -e "$prefix/$f" ] || { echo "not installed: $f"; exit 1; }
done
libdir=$(dirname "$(find "$prefix" -name libspotcheck.pc)")/..
cat >"$prefix/use.c" <<'C'
#include <spotcheck/spotcheck.h>
#include <stdio.h>
int main(void)
{
    sc_interval ci;
    if (sc_prop_interval(81, 263, SC_CI_WILSON, 0.95, SC_SIDED_TWO, &ci) != SC_OK)
        return 1;
    printf("%.8f %.8f\n", ci.lower, ci.upper);
    return 0;
}
C
export PKG_CONFIG_PATH="$libdir/pkgconfig"
# Newcombe (1998), method 3, 81/263: 0.2553 to 0.3662 (R: 0.25528852 0.36620958)
expected="0.25528852 0.36620958"
cc "$prefix/use.c" $(pkg-config --cflags --libs libspotcheck) -Wl,-rpath,"$libdir" -o "$prefix/use"
[ "$("$prefix/use")" = "$expected" ] || { echo "shared: got $("$prefix/use")"; exit 1; }
cc "$prefix/use.c" $(pkg-config --cflags libspotcheck) "$libdir/libspotcheck.a" \
    $(pkg-config --static --libs-only-l libspotcheck | sed 's/-lspotcheck//') -o "$prefix/use-static"
[ "$("$prefix/use-static")" = "$expected" ] || { echo "static: got $("$prefix/use-static")"; exit 1; }
# besides sc_*, only the section markers the linker defines (__bss_start, _edata, _end, which
# ld exports once a needed library such as libxlsxwriter refers to them)
others=$(nm -D --defined-only "$libdir/libspotcheck.so" | awk '{print $3}' |
    grep -v -e '^sc_' -e '^__bss_start$' -e '^_edata$' -e '^_end$' || true)
[ -z "$others" ] || { echo "exported beyond sc_: $others"; exit 1; }
echo "installed, built against with pkg-config (shared and static), exports only sc_*"
