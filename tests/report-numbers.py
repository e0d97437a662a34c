#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every number a report's sentences state comes from one of its tables.

usage: report-numbers.py DIR

Reads DIR/report.md and DIR/tables/*.csv.  Each decimal number in a sentence
(a paragraph or list line, not a table, heading or caption), "95.14%",
"-0.63", "0.38", must be some table cell rounded half-up to the digits it is
printed with: a cell of a Markdown table as printed, or a CSV cell (full
precision) as a proportion in percent or as it is.  Integers (counts, years,
the number of periods) and the fixed limits of the text (99.8%) are not
checked.  Prints each number not found and exits 1 if there is one."""
import csv
import decimal
import glob
import os
import re
import sys

NUMBER = re.compile(r"(?<![\w.])[-+−]?\d[\d,]*\.\d+%?")
FIXED = {"99.8%"}  # the funnel limits named in the text


def rounded(value, digits):
    q = decimal.Decimal(1).scaleb(-digits)
    return decimal.Decimal(repr(value)).quantize(q, rounding=decimal.ROUND_HALF_UP)


def main(directory):
    with open(os.path.join(directory, "report.md"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    printed = set()
    sentences = []
    for line in lines:
        if line.startswith("|"):
            for cell in line.strip("|").split("|"):
                printed.update(m.group(0).replace(",", "") for m in NUMBER.finditer(cell))
        elif line.strip() and not line.startswith(("#", "**", "![")):
            sentences.append(line)
    cells = []
    for path in glob.glob(os.path.join(directory, "tables", "*.csv")):
        with open(path, encoding="utf-8") as f:
            for row in csv.reader(f):
                for cell in row:
                    try:
                        cells.append(float(cell))
                    except ValueError:
                        pass
    missing = []
    checked = 0
    for line in sentences:
        for m in NUMBER.finditer(line):
            text = m.group(0).replace(",", "").replace("−", "-").lstrip("+")
            if text in FIXED:
                continue
            checked += 1
            if text in printed or text.lstrip("-") in printed:
                continue
            percent = text.endswith("%")
            shown = decimal.Decimal(text.rstrip("%"))
            digits = len(text.rstrip("%").split(".")[1])
            found = any(rounded(abs(c) * 100, digits) == abs(shown) or
                        (not percent and rounded(abs(c), digits) == abs(shown))
                        for c in cells if c == c)
            if not found:
                missing.append((text, line[:80]))
    for text, line in missing:
        print(f"not in any table: {text} in: {line}")
    print(f"{checked} numbers in sentences checked, {len(missing)} not found")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
