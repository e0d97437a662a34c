# Reference values for tests/unit/test_analysis.c (the analysis layer called directly):
# Wilson limits as prop.test(correct = FALSE), target p-values as binom.test.
# Run: Rscript scripts/ref-analysis.R
# SPDX-License-Identifier: GPL-3.0-or-later
options(digits=17)
w <- function(x,n) prop.test(x,n,correct=FALSE)$conf.int
for (xn in list(c(114,120),c(72,80),c(97,100),c(283,300))) print(c(xn, w(xn[1],xn[2])))
# target 0.9, unqualified ceiling 0.1 framing: pass 114/120 vs floor 0.9 -> greater
print(binom.test(114,120,0.9,alternative="greater")$p.value)
print(binom.test(72,80,0.9,alternative="greater")$p.value)
print(binom.test(97,100,0.9,alternative="greater")$p.value)
# unqualified: 6/120 ceiling 0.1 -> less
print(binom.test(6,120,0.1,alternative="less")$p.value)
print(binom.test(3,100,0.1,alternative="less")$p.value)
# wilson one-sided 95% lower bound (z at 0.95)
wl <- function(x,n) prop.test(x,n,correct=FALSE,alternative="greater")$conf.int[1]
print(c(wl(114,120), wl(97,100)))

# sc_spc_table: p chart (Montgomery 7.2.2) of the unqualified rate, national
# annual series (datasets/real/national_annual.csv), limits at 3 sigmas
n <- c(28771, 25636, 19440, 28265, 25250)
x <- n - c(25819, 22516, 17613, 24789, 21649)
pbar <- sum(x) / sum(n)
print(pbar)
print(pmax(0, pbar - 3 * sqrt(pbar * (1 - pbar) / n)))
print(pmin(1, pbar + 3 * sqrt(pbar * (1 - pbar) / n)))
