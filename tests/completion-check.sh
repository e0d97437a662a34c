#!/bin/bash
# Drives the bash completion (BUILD_DIR/completion/spotcheck) as bash does:
# COMP_WORDS and COMP_CWORD set, _spotcheck called, COMPREPLY checked.  Tools,
# options, words of an option (methods, formats), column names from the
# header of the file on the line (UTF-8 and GB18030, --delimiter), lists after
# a comma, --where's COL=, --opt=value as bash splits it, and files.
# Usage: tests/completion-check.sh BUILD_DIR
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
build_dir=$(cd "$1" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
export PATH="$build_dir:$PATH" LC_ALL=C.UTF-8
# shellcheck source=/dev/null
. "$build_dir/completion/spotcheck"
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
printf '\xca\xa1\xb7\xdd,\xbc\xec\xd1\xe9\xbd\xe1\xc2\xdb\n\xd5\xe3\xbd\xad\xca\xa1,\xba\xcf\xb8\xf1\n' \
    >"$tmp/gb.csv"                                # 省份,检验结论 in GB18030
printf '地区;抽检批次;合格 批次\n甲;3;2\n' >"$tmp/semi.csv" # ';' and a name with a space

failures=0
# expect "WANTED CANDIDATES" WORD... : the last WORD is the one being completed;
# cursor=N expect ...: word N is
expect() {
    local wanted=$1
    shift
    COMP_WORDS=("$@")
    COMP_CWORD=${cursor:-$(($# - 1))}
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _spotcheck
    local got="${COMPREPLY[*]}"
    if [[ $got == "$wanted" ]]; then
        echo "ok: $* -> $got"
    else
        echo "FAIL: $*"
        echo "    wanted: $wanted"
        echo "    got:    $got"
        failures=$((failures + 1))
    fi
}

recs=datasets/demo/records.csv
expect "rate report" spotcheck r
expect "rate report" spotcheck help r
expect "--method" spotcheck rate --meth
expect "--method" spotcheck-rate --meth
expect "clopper-pearson" spotcheck rate --method cl
expect "table csv tsv json md xlsx" spotcheck trend --format ""
expect "logistic linear" spotcheck trend --model l
expect "year half quarter month day" spotcheck diff --per ""
expect "--output --output-encoding" spotcheck rate --outp
# a calculator takes no input options
expect "" spotcheck plan --resu
expect "--result" spotcheck rate --resu
# columns from the header of the file on the line, before or after the option
expect "省份" spotcheck rate $recs --by 省
cursor=3 expect "省份" spotcheck rate --by 省 $recs
cursor=3 expect "检验结论" spotcheck rate --result 检 --by 省份 $recs
expect "省份,产品类别" spotcheck rate $recs --by 省份,产
expect "检验结论=" spotcheck rate $recs --where 检
expect "省份" spotcheck rate $recs --by = 省
expect "" spotcheck rate - --by 省
expect "" spotcheck rate --by 省
expect "省份" spotcheck-diff --encoding gb18030 "$tmp/gb.csv" --by 省
expect "省份" spotcheck diff "$tmp/gb.csv" --by 省
expect "合格\\ 批次" spotcheck rate --delimiter ';' "$tmp/semi.csv" --pass 合
expect "" spotcheck rate "$tmp/semi.csv" --pass 合
# files: for FILE and for a file option
expect "datasets/demo/targets.csv" spotcheck rate --targets datasets/demo/targ
expect "datasets/demo/targets.csv" spotcheck rate $recs datasets/demo/targ
expect "datasets/demo/targets.csv" spotcheck rate -o datasets/demo/targ
# a file or a column (--population FILE|COL): files and the input's columns
expect "datasets/demo/strata.csv" spotcheck rate --population datasets/demo/str
expect "企业名称 企业规模" spotcheck rate $recs --population 企业
expect "" spotcheck rate --population 企业
# a value of an option is not the input file
expect "" spotcheck rate --targets datasets/demo/targets.csv --by 省

[ "$failures" -eq 0 ] || { echo "$failures failed"; exit 1; }
echo "bash completion: all candidates as expected"
