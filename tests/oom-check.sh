#!/bin/sh
# Failure paths of one tool (issue 16, item 3), in a build made with
# -DSC_TEST_HOOKS=ON (src/lib/alloc.h):
#   tests/oom-check.sh TOOL BUILD_DIR alloc
#       a representative run of TOOL (small input, one thread, output to a
#       file with -o, a chart script where the tool draws one) is counted: N
#       allocations of the library; then it is run N more times, the K-th run
#       with the K-th allocation failed (SC_ALLOC_FAIL=K).  Each run must end
#       either with exit 0 and the same files as the run without a failure (an
#       allocation the run can do without), or with an exit status of the
#       contract (64-78: no crash, no sanitizer report, which exits 1), "out of
#       memory" (or strerror's "Cannot allocate memory") on standard error,
#       nothing on standard output, and no partial file and no temporary file
#       in the output directory: a file left there must be one of the run
#       without a failure, whole (a chart script written before the table
#       failed).
#   tests/oom-check.sh TOOL BUILD_DIR read
#       the same run on an input of some 8 MB (the demo data): the first, the
#       second and the tenth block read fail (SC_READ_FAIL=K: an error in the
#       middle of the file), and the input is /proc/self/mem, which any read
#       fails with EIO: exit 74, "read error" on standard error, no file left.
# Exit 77 (skipped) when the build has no hooks.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
tool=$1
build=$(cd "$2" && pwd)
mode=$3
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$build:$PATH"
export LC_ALL=C.UTF-8
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
out="$t/out"
mkdir "$out" "$t/ref"
demo="$top/datasets/demo/records.csv"
# 62 rows over all the quarters of the demo data
awk 'NR == 1 || NR % 800 == 0' "$demo" >"$t/records.csv"
input="$t/records.csv"
[ "$mode" = read ] && input="$demo"

R="--result 检验结论 --threads 1"
case $tool in
rate) set -- spotcheck-rate $R --by 省份,产品类别 --period 季度 --per year --plot "$out/c.gp" -o "$out/o.csv" "$input" ;;
compare) set -- spotcheck-compare $R --by 产品类别 --pairwise --funnel --plot "$out/c.gp" -o "$out/o.csv" "$input" ;;
trend) set -- spotcheck-trend $R --period 季度 --per year --where 抽查级别=县级 --forecast 2026 --plot "$out/c.gp" -o "$out/o.csv" "$input" ;;
spc) set -- spotcheck-spc $R --period 季度 --plot "$out/c.gp" -o "$out/o.csv" "$input" ;;
diff) set -- spotcheck-diff $R --period 季度 --current 2024Q3 --baseline year-ago --by 产品类别 --plot "$out/c.gp" -o "$out/o.csv" "$input" ;;
summary) set -- spotcheck-summary $R --period 季度 --current 2024Q3 --by 省份 -o "$out/o.csv" "$input" ;;
items) set -- spotcheck-items $R --items 不合格项目 --where 产品类别=餐饮食品 --plot "$out/c.gp" -o "$out/o.csv" "$input" ;;
check) set -- spotcheck-check --n 抽查批次 --fail 不合格批次 --printed-rate 不合格率 --rate fail --printed-change 不合格率较上年_公布 --by 年度 -o "$out/o.csv" "$top/datasets/real/national_annual.csv" ;;
plan) set -- spotcheck-plan --lot-size 5000 --aql 1.0 -o "$out/o.csv" ;;
draw) set -- spotcheck-draw --id 批次编号 --seed 1 --n 20 --by 产品类别 -o "$out/o.csv" "$input" ;;
report) set -- spotcheck-report $R --period 季度 --current 2024Q3 --category 产品类别 --region 省份 --items 不合格项目 --out "$out/r" "$input" ;;
*) echo "oom-check: no run for $tool" >&2; exit 64 ;;
esac

# the run without a failure; its files are the reference
SC_ALLOC_REPORT="$t/count" "$@" >"$t/stdout" 2>"$t/stderr"
status=$?
if [ $status -ne 0 ]; then
    echo "oom-check: $tool: the run fails without a failure (status $status):" >&2
    cat "$t/stderr" >&2
    exit 1
fi
if [ ! -s "$t/count" ]; then
    echo "oom-check: $tool: no count: the build has no hooks (-DSC_TEST_HOOKS=ON)" >&2
    exit 77
fi
total=$(cut -d' ' -f1 "$t/count")
reads=$(cut -d' ' -f3 "$t/count")
cp -R "$out/." "$t/ref/"
rm -rf "$out" && mkdir "$out"

bad=0
# checks one failed run: its status, messages and what it left
check_failed() { # what, word expected on stderr, status wanted (or "any")
    what=$1 word=$2 want=$3
    status=$(cat "$t/status")
    left=""
    for f in $(cd "$out" && find . -type f); do
        cmp -s "$out/$f" "$t/ref/$f" || left="$left $f"
    done
    for d in $(cd "$out" && find . -mindepth 1 -type d); do
        [ -d "$t/ref/$d" ] || left="$left $d/"
    done
    if [ "$status" -eq 0 ] && [ "$want" = any ]; then
        if ! diff -r "$t/ref" "$out" >/dev/null 2>&1 || [ -s "$t/stdout" ]; then
            echo "oom-check: $tool: $what: exit 0 with other output" >&2
            bad=$((bad + 1))
        fi
    elif [ "$status" -lt 64 ] || [ "$status" -gt 78 ] ||
        { [ "$want" != any ] && [ "$status" -ne "$want" ]; }; then
        echo "oom-check: $tool: $what: exit status $status" >&2
        head -n 20 "$t/stderr" >&2
        bad=$((bad + 1))
    elif ! grep -qi "$word" "$t/stderr" || [ -s "$t/stdout" ] || [ -n "$left" ]; then
        echo "oom-check: $tool: $what: status $status, but stderr lacks \"$word\"," \
            "or stdout is not empty, or partial files are left:$left" >&2
        head -n 5 "$t/stderr" >&2
        bad=$((bad + 1))
    fi
    rm -rf "$out" && mkdir "$out"
}

if [ "$mode" = alloc ]; then
    k=1
    failures=0
    while [ $k -le "$total" ]; do
        rm -f "$t/count"
        SC_ALLOC_FAIL=$k SC_ALLOC_REPORT="$t/count" "$@" >"$t/stdout" 2>"$t/stderr"
        echo $? >"$t/status"
        [ "$(cut -d' ' -f2 "$t/count" 2>/dev/null)" = 1 ] && failures=$((failures + 1))
        check_failed "allocation $k of $total failed" "memory" any
        k=$((k + 1))
    done
    echo "oom-check: $tool: $total allocations, each failed once ($failures reached); $bad bad"
else
    if [ "$input" = "$demo" ] && [ "$reads" -ge 10 ]; then
        for k in 1 2 10; do
            SC_READ_FAIL=$k "$@" >"$t/stdout" 2>"$t/stderr"
            echo $? >"$t/status"
            check_failed "block read $k of $reads failed" "read error" 74
        done
    fi
    # /proc/self/mem: every read fails with EIO (a tool without an input file reads none)
    if [ "$tool" != plan ]; then
        for a in "$@"; do
            shift
            case $a in "$input" | */national_annual.csv) a=/proc/self/mem ;; esac
            set -- "$@" "$a"
        done
        "$@" >"$t/stdout" 2>"$t/stderr"
        echo $? >"$t/status"
        check_failed "an input that cannot be read (/proc/self/mem)" "read error" 74
    fi
    echo "oom-check: $tool: read: $reads block reads; $bad bad"
fi
[ $bad -eq 0 ]
