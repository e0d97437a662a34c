#!/bin/sh
# Records in a database: starts a PostgreSQL server of its own (initdb and
# pg_ctl of Debian's postgresql, in a temporary directory, on a Unix socket
# only, no TCP port), loads the demo records, and checks that
#   psql --csv -c "SELECT ..." | spotcheck rate --result ... -     (one row per batch)
#   psql --csv -c "SELECT ... GROUP BY ..." | spotcheck ... --n --pass --fail -
# give output identical, byte for byte, to spotcheck on the CSV file.  The
# server is stopped and the directory removed on every exit.
# PostgreSQL refuses to run as root: as root the server runs as the user
# `nobody` (setpriv, or runuser), which owns the temporary directory; psql
# itself connects with trust authentication over the socket.
# Exit 77 (skipped) without PostgreSQL's server programs.
# Usage: tests/db-check.sh BUILD_DIR
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
build_dir=$(cd "$1" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
records=$top/datasets/demo/records.csv
sc=$build_dir/spotcheck

# the newest server of /usr/lib/postgresql/VERSION/bin (Debian keeps them off PATH)
pgbin=""
for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && pgbin=$dir
done
[ -n "$pgbin" ] || { echo "skipped: no /usr/lib/postgresql/*/bin/initdb (Debian package postgresql)"; exit 77; }
command -v psql >/dev/null || { echo "skipped: no psql (postgresql-client)"; exit 77; }

tmp=$(mktemp -d)
as_server_user() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
    user=nobody
    id "$user" >/dev/null 2>&1 || { echo "skipped: running as root and no user $user"; exit 77; }
    chown "$user" "$tmp"
    if command -v setpriv >/dev/null; then
        uid=$(id -u "$user") gid=$(id -g "$user")
        as_server_user() { setpriv --reuid="$uid" --regid="$gid" --clear-groups -- "$@"; }
    elif command -v runuser >/dev/null; then
        as_server_user() { runuser -u "$user" -- "$@"; }
    else
        echo "skipped: running as root without setpriv or runuser to start the server as $user"
        exit 77
    fi
fi
cd "$tmp" # the server user may not be able to enter the caller's directory
data=$tmp/data
started=""
cleanup() {
    status=$?
    [ -z "$started" ] || as_server_user "$pgbin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    cd /
    rm -rf "$tmp"
    exit $status
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

as_server_user "$pgbin/initdb" -D "$data" -U spotcheck --auth=trust --encoding=UTF8 \
    --locale=C >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log"; exit 1; }
# listen_addresses='' : the socket only; the socket in the temporary directory
started=yes
as_server_user "$pgbin/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$tmp' -c fsync=off" start >/dev/null ||
    { cat "$tmp/server.log"; exit 1; }

psql() { command psql -h "$tmp" -U spotcheck -d postgres -X -q -v ON_ERROR_STOP=1 "$@"; }

# the table as the CSV file has it, plus the row's place in the file (id), by which a
# query returns the rows, and its groups, in the file's order
psql <<SQL
CREATE TABLE records (
    id bigint GENERATED ALWAYS AS IDENTITY,
    批次编号 text, 年度 integer, 季度 text, 省份 text, 地市 text, 区县 text, 产品类别 text,
    企业名称 text, 企业规模 text, 抽样环节 text, 抽查级别 text, 检验结论 text, 不合格项目 text);
\copy records (批次编号, 年度, 季度, 省份, 地市, 区县, 产品类别, 企业名称, 企业规模, 抽样环节, 抽查级别, 检验结论, 不合格项目) FROM '$records' WITH (FORMAT csv, HEADER true)
SQL
rows=$(psql -At -c "SELECT count(*) FROM records")
[ "$rows" -eq 50000 ] || { echo "loaded $rows rows, not 50000"; exit 1; }

failures=0
# same NAME EXPECTED-FILE ACTUAL-FILE
same() {
    if cmp -s "$2" "$3"; then
        echo "ok: $1"
    else
        echo "FAIL: $1"
        diff "$2" "$3" | head -20
        failures=$((failures + 1))
    fi
}

# 1. one row per batch, as records: SELECT what the tool reads, in the file's order
"$sc" rate --result 检验结论 --by 省份 --total --format csv "$records" >"$tmp/file.csv"
psql --csv -c 'SELECT 省份, 检验结论 FROM records ORDER BY id' |
    "$sc" rate --result 检验结论 --by 省份 --total --format csv - >"$tmp/db.csv"
same "psql records | rate --result" "$tmp/file.csv" "$tmp/db.csv"

# with a WHERE done by the database rather than by --where
"$sc" rate --result 检验结论 --by 地市 --where 省份=浙江省 --target 0.95 --format csv \
    "$records" >"$tmp/file.csv"
psql --csv -c "SELECT 地市, 检验结论 FROM records WHERE 省份 = '浙江省' ORDER BY id" |
    "$sc" rate --result 检验结论 --by 地市 --target 0.95 --format csv - >"$tmp/db.csv"
same "psql WHERE | rate --target" "$tmp/file.csv" "$tmp/db.csv"

# 2. the counting done by the database: one row per group (GROUP BY), ordered by each
# group's first row so that the groups come in the order the tool meets them in the file
"$sc" rate --result 检验结论 --by 省份,产品类别 --total --format csv "$records" >"$tmp/file.csv"
psql --csv -c "SELECT 省份, 产品类别, count(*) AS n,
                      count(*) FILTER (WHERE 检验结论 = '合格') AS passed,
                      count(*) FILTER (WHERE 检验结论 = '不合格') AS failed
               FROM records GROUP BY 省份, 产品类别 ORDER BY min(id)" |
    "$sc" rate --n n --pass passed --fail failed --by 省份,产品类别 --total --format csv - \
    >"$tmp/db.csv"
same "psql GROUP BY | rate --n --pass --fail" "$tmp/file.csv" "$tmp/db.csv"

# the quarterly table from counts per (group, quarter): 同比 and 环比 need nothing more
"$sc" summary --result 检验结论 --period 季度 --current 2024Q3 --by 抽查级别 --target 0.95 \
    --format csv "$records" >"$tmp/file.csv" 2>"$tmp/file.err"
psql --csv -c "SELECT 抽查级别, 季度, count(*) AS n,
                      count(*) FILTER (WHERE 检验结论 = '合格') AS passed
               FROM records GROUP BY 抽查级别, 季度 ORDER BY min(id)" |
    "$sc" summary --n n --pass passed --period 季度 --current 2024Q3 --by 抽查级别 --target 0.95 \
    --format csv - >"$tmp/db.csv" 2>"$tmp/db.err"
same "psql GROUP BY | summary --n --pass" "$tmp/file.csv" "$tmp/db.csv"
same "psql GROUP BY | summary --n --pass (notes)" "$tmp/file.err" "$tmp/db.err"

[ "$failures" -eq 0 ] || exit 1
echo "$("$pgbin/postgres" --version): psql output piped into spotcheck gives the CSV file's results"
