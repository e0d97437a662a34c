# Reference values for spotcheck items: tests/unit/test_items.c and the CLI
# cases tests/cli/cases/items-*.  The small fixture (tests/data/items-small.csv,
# counted by hand in docs/decisions.md, "Unqualified items") has 12 batches:
# 食品 7 (5 unqualified), 电器 5 (3 unqualified).  An item's rate is the
# batches in which it failed over all batches of the group.
# Wilson limits as prop.test(correct = FALSE); Clopper-Pearson as binom.test;
# Jeffreys as qbeta(a/2, x + 1/2, n - x + 1/2).
# Run: Rscript scripts/ref-items.R
# SPDX-License-Identifier: GPL-3.0-or-later
options(digits = 17)
wilson <- function(x, n, level = 0.95) suppressWarnings(prop.test(x, n, conf.level = level, correct = FALSE))$conf.int[1:2]
exact <- function(x, n, level = 0.95) binom.test(x, n, conf.level = level)$conf.int[1:2]
jeffreys <- function(x, n, level = 0.95) {
  a <- 1 - level
  c(if (x == 0) 0 else qbeta(a / 2, x + 0.5, n - x + 0.5),
    if (x == n) 1 else qbeta(1 - a / 2, x + 0.5, n - x + 0.5))
}
show <- function(label, v) cat(sprintf("%-28s %.17g %.17g\n", label, v[1], v[2]))
# overall: n = 12
for (x in c(1, 2, 4)) show(sprintf("wilson %d/12", x), wilson(x, 12))
for (x in c(1, 2)) show(sprintf("clopper-pearson 90%% %d/12", x), exact(x, 12, 0.90))
for (x in c(1, 2)) show(sprintf("jeffreys %d/12", x), jeffreys(x, 12))
# by category: 食品 n = 7, 电器 n = 5
for (x in c(1, 2)) show(sprintf("wilson %d/7", x), wilson(x, 7))
for (x in c(1, 2)) show(sprintf("wilson %d/5", x), wilson(x, 5))
# demo data, 2024Q3 (CLI case items-demo-2024q3): 1933 batches; 发热 failed in 7,
# five items in 5, two in 4, then 3 (counts checked apart in Python from the CSV)
for (x in c(7, 5, 4, 3)) show(sprintf("wilson %d/1933", x), wilson(x, 1933))
# 电线电缆 in that quarter (items-demo-2024q3-by-category): 98 batches
for (x in c(4, 3)) show(sprintf("wilson %d/98", x), wilson(x, 98))
