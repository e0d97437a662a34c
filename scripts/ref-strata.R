# Reference values for tests/unit/test_stratify.c and the CLI cases rate-strata-*,
# diff-adjust-*, compare-adjust-* (include/spotcheck/stratify.h T1-T3, M2-M6, the
# generalised CMH test).  Needs R's survey package (Debian: r-cran-survey).
# Run: Rscript scripts/ref-strata.R
# SPDX-License-Identifier: GPL-3.0-or-later
suppressMessages(library(survey))
options(digits = 17)

## ---- T1-T3: a stratified sample (svydesign with strata and fpc) --------------------------
strat <- function(N, n, x, level = 0.95) {
  d <- data.frame(h = rep(seq_along(N), n), N = rep(N, n),
                  y = unlist(mapply(function(a, b) c(rep(1, a), rep(0, b - a)), x, n)))
  des <- svydesign(ids = ~1, strata = ~h, fpc = ~N, data = d)
  m <- svymean(~y, des, deff = TRUE)
  ci <- svyciprop(~y, des, method = "logit", level = level)
  c(rate = unname(coef(m)), se = unname(SE(m)), lower = unname(attr(ci, "ci")[1]),
    upper = unname(attr(ci, "ci")[2]), df = degf(des), deff = unname(deff(m)))
}
cat("T1 sizes, pass rate (datasets of the rate-strata cases)\n")
N <- c(318, 918, 5310, 3002); n <- c(40, 60, 120, 80); x <- c(39, 57, 112, 73)
print(strat(N, n, x))
cat("T1 the same, unqualified rate, level 0.9\n")
print(strat(N, n, n - x, 0.9))
cat("T1 a stratum taken whole (n = N = 12)\n")
print(strat(c(12, 400, 900), c(12, 30, 45), c(11, 27, 40)))
cat("T1 per group (rate-strata-by): 东区, 西区\n")
print(strat(c(318, 918), c(40, 60), c(39, 57)))
print(strat(c(5310, 3002), c(120, 80), c(112, 73)))

## ---- M2-M6: two groups over strata ----------------------------------------------------
a  <- c(45, 30, 80); n1 <- c(50, 40, 100)   # group 1 (current): counted of n1
cc <- c(40, 33, 70); n2 <- c(50, 50, 90)    # group 2 (baseline)
tab <- array(0, c(2, 2, 3))
for (k in 1:3) tab[, , k] <- matrix(c(a[k], cc[k], n1[k] - a[k], n2[k] - cc[k]), 2)
m0 <- mantelhaen.test(tab, correct = FALSE)
m1 <- mantelhaen.test(tab, correct = TRUE)
cat("M2 MH odds ratio and RBG interval; M4 CMH without and with correction\n")
print(c(m0$estimate, m0$conf.int, m0$statistic, m0$p.value, m1$statistic, m1$p.value))
# M3: MH risk difference, Sato's (1989) variance, written out from the paper
b <- n1 - a; d <- n2 - cc; N <- n1 + n2
w <- n1 * n2 / N
rd <- sum(w * (a / n1 - cc / n2)) / sum(w)
P <- (n1^2 * cc - n2^2 * a + n1 * n2 * (n2 - n1) / 2) / N^2
Q <- (a * (n2 - cc) + cc * (n1 - a)) / (2 * N)
se <- sqrt((rd * sum(P) + sum(Q)) / sum(w)^2)
cat("M3 MH risk difference, se, interval\n")
print(c(rd, se, rd - qnorm(0.975) * se, rd + qnorm(0.975) * se))
# M5: Breslow-Day with Tarone's correction; the expected count by uniroot
psi <- unname(m0$estimate)
bd <- 0; sa <- 0; se_ <- 0; sv <- 0
for (k in 1:3) {
  m1k <- a[k] + cc[k]
  f <- function(e) e * (n2[k] - m1k + e) - psi * (n1[k] - e) * (m1k - e)
  e <- uniroot(f, c(max(0, m1k - n2[k]), min(n1[k], m1k)), tol = 1e-14)$root
  v <- 1 / (1 / e + 1 / (n1[k] - e) + 1 / (m1k - e) + 1 / (n2[k] - m1k + e))
  bd <- bd + (a[k] - e)^2 / v; sa <- sa + a[k]; se_ <- se_ + e; sv <- sv + v
}
bdt <- bd - (sa - se_)^2 / sv
cat("M5 Breslow-Day (uncorrected), Tarone-corrected, p of the corrected on 2 df\n")
print(c(bd, bdt, pchisq(bdt, 2, lower.tail = FALSE)))
# M6: directly standardised rates, the pooled mix, then a standard 1000, 3000, 6000
std <- function(u) {
  u <- u / sum(u)
  r1 <- sum(u * a / n1); r2 <- sum(u * cc / n2)
  v1 <- sum(u^2 * (a / n1) * (1 - a / n1) / n1); v2 <- sum(u^2 * (cc / n2) * (1 - cc / n2) / n2)
  z <- qnorm(0.975)
  c(r1, r1 - z * sqrt(v1), r1 + z * sqrt(v1), r2, r2 - z * sqrt(v2), r2 + z * sqrt(v2),
    r1 - r2, r1 - r2 - z * sqrt(v1 + v2), r1 - r2 + z * sqrt(v1 + v2))
}
cat("M6 pooled mix: r1 lower upper, r2 lower upper, diff lower upper\n")
print(std(N))
cat("M6 standard 1000, 3000, 6000\n")
print(std(c(1000, 3000, 6000)))

## ---- the generalised CMH test: three groups over the three strata ---------------------
x3 <- c(20, 25, 60); n3 <- c(25, 30, 70)
tab3 <- array(0, c(3, 2, 3))
for (k in 1:3) tab3[, , k] <- matrix(c(a[k], cc[k], x3[k], n1[k] - a[k], n2[k] - cc[k],
                                       n3[k] - x3[k]), 3)
g <- mantelhaen.test(tab3)
cat("generalised CMH: statistic, df, p\n")
print(c(g$statistic, g$parameter, g$p.value))
# group 3 against the rest (groups 1 and 2 together): MH OR and CMH
tab31 <- array(0, c(2, 2, 3))
for (k in 1:3) {
  xr <- a[k] + cc[k]; nr <- n1[k] + n2[k]
  tab31[, , k] <- matrix(c(x3[k], xr, n3[k] - x3[k], nr - xr), 2)
}
r3 <- mantelhaen.test(tab31, correct = FALSE)
cat("group 3 against the rest: MH OR, interval, CMH, p\n")
print(c(r3$estimate, r3$conf.int, r3$statistic, r3$p.value))
