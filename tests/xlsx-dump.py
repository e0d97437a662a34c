#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads a workbook with openpyxl (not the library that wrote it) and prints
what a user of Excel would find: each sheet's name, frozen panes, whether the
header is bold, and each cell as value:type:number format (n a number, s
text, empty cells "-").  With a CSV (the same tool's --format csv output, full
precision, without --percent), also checks that the first sheet holds the
same values: numbers equal as numbers, text equal, empty cells where the CSV
has none; the columns named after the CSV are expected times 100 (percentage
points with --percent), within 1e-12 relative.

usage: xlsx-dump.py FILE.xlsx [SAME.csv [COLUMN...]]"""
import csv
import sys

import openpyxl


def show(cell):
    if cell.value is None:
        return "-"
    if cell.data_type == "n":
        kind = "int" if isinstance(cell.value, int) else "n"
        return f"{cell.value!r}:{kind}:{cell.number_format}"
    return f"{cell.value}:s"


def main(args):
    book = openpyxl.load_workbook(args[0])
    for sheet in book.worksheets:
        header = next(sheet.iter_rows(max_row=1))
        print(f"sheet {sheet.title}: frozen {sheet.freeze_panes}, bold header "
              f"{all(c.font.b for c in header)}, {sheet.max_row} rows")
        for row in sheet.iter_rows():
            print("  " + " | ".join(show(c) for c in row))
    if len(args) < 2:
        return 0
    times100 = set(args[2:])
    with open(args[1], encoding="utf-8") as f:
        rows = list(csv.reader(f))
    sheet = book.worksheets[0]
    cells = [[c for c in row] for row in sheet.iter_rows()]
    bad = 0
    for r, row in enumerate(rows[1:], start=1):
        for c, text in enumerate(row):
            cell = cells[r][c]
            if text == "":
                ok = cell.value is None
            elif cell.data_type == "n":
                value = float(text)
                if rows[0][c] in times100:
                    value *= 100
                    ok = abs(cell.value - value) <= 1e-12 * max(1, abs(value))
                else:
                    ok = abs(cell.value - value) <= 1e-15 * abs(value)
            else:
                ok = cell.value == text
            if not ok:
                bad += 1
                print(f"row {r} column {rows[0][c]}: csv {text!r}, xlsx {cell.value!r}")
    print(f"same values as the csv: {'yes' if bad == 0 else 'NO'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
