#!/usr/bin/env python3
"""Invariants of spotcheck under random data (issue 16, item 5).

Seeded: each round draws a record-level file from random.Random(seed) and
checks, against the tools in BUILD_DIR, that
  1. per-group counts sum to the total (rate --by A against rate alone);
  2. rate --by A,B rolled up over B equals rate --by A;
  3. the file split in two and given as two inputs equals the whole
     (rate, compare, diff, trend);
  4. the GB18030 version of the file gives identical output to the UTF-8 one;
  5. the CRLF version gives identical output to the LF one;
  6. shuffling the rows changes nothing but the order of first appearance.
Usage: tests/property-check.py BUILD_DIR [ROUNDS] [FIRST_SEED]
The expected values come from the generated rows themselves, counted here
in Python, not from the code under test.
SPDX-License-Identifier: GPL-3.0-or-later
"""
import csv
import io
import os
import random
import subprocess
import sys
import tempfile

REGIONS = ["浙江", "江苏", "太原", "学校", "广东省", "Shanghai", "四川省", "新疆维吾尔自治区"]
CATEGORIES = ["乳制品", "电线电缆", "儿童用品", "食用油", "化肥", "燃气灶具"]
PASS_WORDS = ["合格", "pass", "所检项目未发现不合格"]
FAIL_WORDS = ["不合格", "fail"]
PERIODS = ["2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1", "2024Q2"]


def make_rows(rng):
    rows = []
    regions = rng.sample(REGIONS, rng.randint(2, len(REGIONS)))
    categories = rng.sample(CATEGORIES, rng.randint(1, len(CATEGORIES)))
    p_fail = rng.uniform(0.02, 0.4)
    for i in range(rng.randint(40, 400)):
        fail = rng.random() < p_fail
        rows.append({
            "批次编号": "B%05d" % i,
            "地区": rng.choice(regions),
            "产品类别": rng.choice(categories),
            "季度": rng.choice(PERIODS),
            "结论": rng.choice(FAIL_WORDS if fail else PASS_WORDS),
        })
    return rows


def write_csv(path, rows, encoding="utf-8", newline="\n"):
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0].keys()), lineterminator=newline)
    w.writeheader()
    w.writerows(rows)
    with open(path, "wb") as f:
        f.write(buf.getvalue().encode(encoding))


class Runner:
    def __init__(self, build):
        self.build = build

    def run(self, tool, args):
        exe = os.path.join(self.build, "spotcheck-" + tool)
        p = subprocess.run([exe] + args + ["--format", "csv", "--threads", "1"],
                           capture_output=True, env=dict(os.environ, LC_ALL="C.UTF-8"))
        if p.returncode != 0:
            raise AssertionError("%s %s: exit %d: %s" % (tool, " ".join(args), p.returncode,
                                                       p.stderr.decode("utf-8", "replace")))
        return p.stdout.decode("utf-8")


def table(text):
    return list(csv.DictReader(io.StringIO(text)))


def counts(rows, keys):
    out = {}
    for r in rows:
        k = tuple(r[c] for c in keys)
        n, passed = out.get(k, (0, 0))
        out[k] = (n + 1, passed + (r["结论"] in PASS_WORDS))
    return out


def check_round(seed, run, tmp):
    rng = random.Random(seed)
    rows = make_rows(rng)
    whole = os.path.join(tmp, "whole.csv")
    write_csv(whole, rows)
    base = ["--result", "结论"]

    # 1. groups sum to the total, and equal the counts made here
    by_region = table(run.run("rate", base + ["--by", "地区", whole]))
    total = table(run.run("rate", base + [whole]))[0]
    assert sum(int(r["n"]) for r in by_region) == int(total["n"]) == len(rows), seed
    assert sum(int(r["passed"]) for r in by_region) == int(total["passed"]), seed
    want = counts(rows, ["地区"])
    got = {(r["地区"],): (int(r["n"]), int(r["passed"])) for r in by_region}
    assert got == want, (seed, got, want)
    # first-appearance order
    order = []
    for r in rows:
        if r["地区"] not in order:
            order.append(r["地区"])
    assert [r["地区"] for r in by_region] == order, seed

    # 2. --by A,B rolled up over B equals --by A
    fine = table(run.run("rate", base + ["--by", "地区,产品类别", whole]))
    rolled = {}
    for r in fine:
        n, passed = rolled.get((r["地区"],), (0, 0))
        rolled[(r["地区"],)] = (n + int(r["n"]), passed + int(r["passed"]))
    assert rolled == got, seed

    # 3. split in two = the whole, for several tools
    cut = rng.randint(1, len(rows) - 1)
    first, second = os.path.join(tmp, "a.csv"), os.path.join(tmp, "b.csv")
    write_csv(first, rows[:cut])
    write_csv(second, rows[cut:])
    jobs = [
        ("rate", base + ["--by", "地区,产品类别"]),
        ("compare", base + ["--by", "地区"]),
        ("diff", base + ["--by", "地区", "--period", "季度", "--current", "2024Q2",
                         "--baseline", "previous"]),
        ("trend", base + ["--period", "季度", "--table", "periods"]),
    ]
    for tool, args in jobs:
        assert run.run(tool, args + [first, second]) == run.run(tool, args + [whole]), \
            (seed, tool, "split")

    # 4. GB18030 = UTF-8; 5. CRLF = LF
    gb = os.path.join(tmp, "gb.csv")
    write_csv(gb, rows, encoding="gb18030")
    crlf = os.path.join(tmp, "crlf.csv")
    write_csv(crlf, rows, newline="\r\n")
    for tool, args in jobs:
        plain = run.run(tool, args + [whole])
        assert run.run(tool, args + ["--encoding", "gb18030", gb]) == plain, (seed, tool, "gb")
        assert run.run(tool, args + [crlf]) == plain, (seed, tool, "crlf")
    # the guess alone, where the file is long enough to tell
    if len(rows) >= 100:
        assert run.run("rate", base + ["--by", "地区", gb]) == \
            run.run("rate", base + ["--by", "地区", whole]), (seed, "gb guess")

    # 6. shuffled rows: the same rows of output, in another order at most
    shuffled = rows[:]
    rng.shuffle(shuffled)
    mixed = os.path.join(tmp, "mixed.csv")
    write_csv(mixed, shuffled)
    for tool, args in jobs:
        a = run.run(tool, args + [whole]).splitlines()
        b = run.run(tool, args + [mixed]).splitlines()
        assert a[0] == b[0] and sorted(a[1:]) == sorted(b[1:]), (seed, tool, "order")


def main():
    build = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    first_seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261203
    run = Runner(build)
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(first_seed, first_seed + rounds):
            check_round(seed, run, tmp)
    print("property-check: %d rounds, seeds %d..%d: all invariants hold"
          % (rounds, first_seed, first_seed + rounds - 1))


if __name__ == "__main__":
    main()
