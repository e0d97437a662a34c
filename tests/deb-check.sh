#!/bin/sh
# Builds the Debian package with CPack (`cpack -G DEB`, packaging/cpack.cmake) into a
# temporary directory and checks it: its control fields (dpkg-deb -I: name, version,
# Depends from dpkg-shlibdeps naming GSL, libcsv, libxlsxwriter and nettle,
# Recommends gnuplot and fonts-noto-cjk, Suggests pandoc), its files (dpkg-deb -c:
# every tool, gzipped man pages, the bash completion, copyright), then unpacks it
# (dpkg-deb -x) and runs the unpacked spotcheck: --version and a small rate.
# With lintian installed, its errors fail the test and its warnings are printed.
# Exit 77 (skipped) without cpack, dpkg-deb or dpkg-shlibdeps (Debian dpkg-dev).
# Usage: tests/deb-check.sh BUILD_DIR
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
build_dir=$(cd "$1" && pwd)
for program in cpack dpkg-deb dpkg-shlibdeps; do
    command -v $program >/dev/null || { echo "skipped: no $program"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1 ||
    { cat "$tmp/cpack.log"; exit 1; }
deb=$(ls "$tmp"/out/spotcheck_*.deb)
version=$("$build_dir/spotcheck" --version | sed 's/^spotcheck //')
fail() { echo "FAIL: $*"; exit 1; }

dpkg-deb -I "$deb" >"$tmp/info"
sed 's/^/  /' "$tmp/info" | grep -E '^ *(Package|Version|Architecture|Depends|Recommends|Suggests|Section):'
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = spotcheck ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version $(field Version), not $version"
for lib in libc6 libgsl libcsv libxlsxwriter libnettle; do
    field Depends | grep -q "$lib" || fail "Depends lacks $lib: $(field Depends)"
done
field Recommends | grep -q gnuplot || fail "Recommends lacks gnuplot"
field Recommends | grep -q fonts-noto-cjk || fail "Recommends lacks fonts-noto-cjk"
field Suggests | grep -q pandoc || fail "Suggests lacks pandoc"

dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$tmp/files"
for tool in spotcheck $(sed -n 's/^_spotcheck_tools="\(.*\)"$/\1/p' "$build_dir/completion/spotcheck"); do
    case $tool in spotcheck) ;; *) tool=spotcheck-$tool ;; esac
    grep -qx "/usr/bin/$tool" "$tmp/files" || fail "no /usr/bin/$tool"
    [ "$tool" = spotcheck ] && continue
    grep -qx "/usr/share/man/man1/$tool.1.gz" "$tmp/files" || fail "no man page of $tool"
    grep -q "^/usr/share/bash-completion/completions/$tool\$" "$tmp/files" ||
        fail "no completion link $tool"
done
for f in /usr/share/bash-completion/completions/spotcheck /usr/share/man/man1/spotcheck.1.gz \
         /usr/share/doc/spotcheck/copyright \
         /usr/share/doc/spotcheck/changelog.gz; do
    grep -qx "$f" "$tmp/files" || fail "no $f"
done
# the tools only: the library and its headers stay with cmake --install
! grep -q -e '^/usr/include' -e '\.a$' -e '\.so' "$tmp/files" || fail "library files in the package"

dpkg-deb -x "$deb" "$tmp/root"
got=$("$tmp/root/usr/bin/spotcheck" --version)
[ "$got" = "spotcheck $version" ] || fail "unpacked spotcheck --version: $got"
# the front end runs the unpacked tool beside it, not one on PATH
out=$(printf '地区,结论\n甲,合格\n甲,不合格\n' | PATH=/usr/bin:/bin "$tmp/root/usr/bin/spotcheck" rate \
    --result 结论 --by 地区 --format csv --digits 2 | tail -1)
[ "$out" = "甲,2,1,1,0.50,0.09,0.91,wilson,0.95" ] || fail "unpacked spotcheck rate: $out"
echo "unpacked: $got"

if command -v lintian >/dev/null; then
    lintian --tag-display-limit 0 "$deb" >"$tmp/lintian" 2>&1 || true
    sed 's/^/  lintian: /' "$tmp/lintian"
    ! grep -q '^E:' "$tmp/lintian" || fail "lintian errors"
else
    echo "lintian not installed: not run"
fi
echo "$(basename "$deb"): fields, files and the unpacked tools as expected"
