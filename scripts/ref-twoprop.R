#!/usr/bin/env Rscript
# spotcheck — reference values for the two-proportion module
# (src/lib/twoprop.c, src/lib/diff/*.c), computed in base R from each
# method's published definition, independently of the C code.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: Rscript scripts/ref-twoprop.R [output-dir]     (default tests/data)
# Writes:
#   twoprop_diff.csv   method,x1,n1,x2,n2,level,sided,estimate,lower,upper,source
#   twoprop_ratio.csv  measure,x1,n1,x2,n2,level,sided,estimate,lower,upper,corrected,source
#   twoprop_tests.csv  test,x1,n1,x2,n2,statistic,p_value,source
# (tests/data/twoprop_newcombe1998.csv holds published values and is written
# by hand, not by this script.)
#
# Conventions (the same contract as include/spotcheck/twoprop.h):
#   - group 1 is the current period (x1 of n1), group 2 the baseline; the
#     difference is p1 - p2, the ratios p1/p2 and odds1/odds2.
#   - two-sided at `level`: alpha = 1 - level; one-sided at `level`: the bound
#     of the two-sided interval at alpha = 2 (1 - level).  z = qnorm(1 - alpha/2).
#   - difference limits are clipped to [-1, 1]; n1 = 0 or n2 = 0 gives
#     estimate NaN and [-1, 1] (ratios: NaN and [0, Inf]).
#   - ratios: when any of the four cells x1, n1-x1, x2, n2-x2 is 0, 0.5 is
#     added to every cell (Haldane 1956; metafor::escalc's default
#     add = 1/2, to = "only0"), for the estimate and the interval alike.
#   - chi-square tests: a zero column gives statistic 0, p-value 1 (chisq.test
#     gives NaN with a warning), otherwise chisq.test's values (written from
#     the closed form, which is exact where chisq.test shows rounding noise);
#     Fisher: fisher.test(...)$p.value.  n1 = 0 or n2 = 0: NaN, no test.
# Cross-checks against R functions (prop.test, chisq.test, metafor::escalc
# when installed) are asserted below; the script stops if one fails.  The
# Miettinen-Nurminen limits of seven hard tables (n = 10^6, rates near 0
# and 1) were also checked once against a 50-digit evaluation of the same
# definition (Python mpmath, bisection throughout): agreement to 1e-15.
#
# Tested with R 4.2.2 (Debian 12 r-base-core; metafor 3.8-1 optional).

args <- commandArgs(trailingOnly = TRUE)
out_dir <- if (length(args) >= 1) args[1] else "tests/data"

z_of <- function(alpha) qnorm(1 - alpha / 2)
clip1 <- function(v) pmin(1, pmax(-1, v))
fmt <- function(v) sprintf("%.17g", v)

# ---- one-proportion intervals used by the hybrid methods --------------------
# Wilson (1927): the roots of (p^ - p)^2 = z^2 p (1 - p) / n.
wilson <- function(x, n, alpha) {
  p <- x / n; z <- z_of(alpha)
  centre <- p + z^2 / (2 * n)
  half <- z * sqrt(p * (1 - p) / n + z^2 / (4 * n^2))
  lim <- c(centre - half, centre + half) / (1 + z^2 / n)
  if (x == 0) lim[1] <- 0
  if (x == n) lim[2] <- 1
  lim
}
# Wilson with continuity correction, Newcombe (1998a) method 4.
wilson_cc <- function(x, n, alpha) {
  p <- x / n; q <- 1 - p; z <- z_of(alpha)
  lo <- if (x == 0) 0 else
    (2 * n * p + z^2 - 1 - z * sqrt(z^2 - 2 - 1 / n + 4 * p * (n * q + 1))) / (2 * (n + z^2))
  hi <- if (x == n) 1 else
    (2 * n * p + z^2 + 1 + z * sqrt(z^2 + 2 - 1 / n + 4 * p * (n * q - 1))) / (2 * (n + z^2))
  pmin(1, pmax(0, c(lo, hi)))
}

# Wilson's half-widths p - l and u - p, each as a sum of non-negative terms,
# S = sqrt(n p q + z^2/4):  p - l = (z S + z^2 (p - 1/2)) / (n + z^2) for
# p >= 1/2, z p q / (S + z (1/2 - p)) for p < 1/2 (the same over its
# conjugate), and u - p likewise with p and q exchanged.  Differences of the
# limits above would lose ~3e-11 relative near 1 at n = 10^6.  Checked below
# against wilson() and prop.test.
wilson_half <- function(x, n, alpha) {
  z <- z_of(alpha); p <- x / n; q <- (n - x) / n
  s <- sqrt(x * (n - x) / n + z^2 / 4)
  half <- function(p, q) if (p >= 0.5) (z * s + z^2 * (p - 0.5)) / (n + z^2) else
    z * p * q / (s + z * (0.5 - p))
  c(below = half(p, q), above = half(q, p))
}

# ---- the six difference methods: c(lower, upper) at confidence 1 - alpha ----
# Newcombe (1998b) method 10, "hybrid score", and method 11 (the same with
# Wilson-cc): square-and-add of the one-sample half-widths on the side each
# limit moves towards.
square_and_add <- function(d, h1, h2)  # h = c(below, above)
  clip1(c(d - sqrt(h1[1]^2 + h2[2]^2), d + sqrt(h1[2]^2 + h2[1]^2)))
diff_newcombe <- function(x1, n1, x2, n2, alpha)   # method 10
  square_and_add(x1 / n1 - x2 / n2, wilson_half(x1, n1, alpha), wilson_half(x2, n2, alpha))
# Wilson-cc half-widths as differences of limits taken where both are small:
# for p > 1/2 those of the other outcome, swapped (the interval is symmetric:
# l(x) = 1 - u(n - x)); checked below against the direct differences.
wilson_cc_half <- function(x, n, alpha) {
  if (2 * x > n) return(rev(wilson_cc_half(n - x, n, alpha)))
  w <- wilson_cc(x, n, alpha)
  c(below = x / n - w[1], above = w[2] - x / n)
}
diff_newcombe_cc <- function(x1, n1, x2, n2, alpha)  # method 11
  square_and_add(x1 / n1 - x2 / n2, wilson_cc_half(x1, n1, alpha), wilson_cc_half(x2, n2, alpha))
# Newcombe (1998b) method 1 (Wald) and method 2 (Wald with correction
# (1/n1 + 1/n2)/2).  prop.test(correct = FALSE) gives method 1; with
# correct = TRUE it gives method 2 whenever |p1 - p2| >= (1/n1 + 1/n2)/2
# (below that it shrinks the correction to |p1 - p2|), checked below.
diff_wald_with <- function(cc) function(x1, n1, x2, n2, alpha) {
  p1 <- x1 / n1; p2 <- x2 / n2; d <- p1 - p2
  # q = (n - x)/n rather than 1 - p: exact for rates near 1
  half <- z_of(alpha) * sqrt(p1 * ((n1 - x1) / n1) / n1 + p2 * ((n2 - x2) / n2) / n2) +
    cc * (1 / n1 + 1 / n2) / 2
  clip1(c(d - half, d + half))
}
diff_wald <- diff_wald_with(0)
diff_wald_cc <- diff_wald_with(1)
# Agresti & Caffo (2000): Wald after adding one success and one failure to
# each group, whatever the level.
diff_agresti_caffo <- function(x1, n1, x2, n2, alpha) {
  p1 <- (x1 + 1) / (n1 + 2); p2 <- (x2 + 1) / (n2 + 2)
  q1 <- (n1 - x1 + 1) / (n1 + 2); q2 <- (n2 - x2 + 1) / (n2 + 2)
  half <- z_of(alpha) * sqrt(p1 * q1 / (n1 + 2) + p2 * q2 / (n2 + 2))
  clip1(c(p1 - p2 - half, p1 - p2 + half))
}

# Miettinen & Nurminen (1985): the limits are the delta at which
#   (p1 - p2 - delta)^2 / V(delta) = z^2,
#   V(delta) = (p1~ q1~ / n1 + p2~ q2~ / n2) * N / (N - 1),  N = n1 + n2,
# where (p1~, p2~ = p1~ - delta) is the maximum-likelihood estimate under the
# constraint p1 - p2 = delta.  p1~ is the root of a cubic, given in closed
# form by Miettinen & Nurminen (1985, Appendix; also Farrington & Manning
# 1990, eq. 9, with theta = n2/n1):
#   a = 1 + theta, b = -(1 + theta + p1 + theta p2 + delta (theta + 2)),
#   c = delta^2 + delta (2 p1 + theta + 1) + p1 + theta p2,
#   d = -p1 delta (1 + delta),
#   v = b^3/(27 a^3) - b c/(6 a^2) + d/(2 a),  u = sign(v) sqrt(b^2/(9 a^2) - c/(3 a)),
#   w = (pi + acos(v / u^3)) / 3,  p1~ = 2 u cos(w) - b/(3 a).
# That closed form cancels badly when n is large and a rate is near 0 or 1
# (relative errors up to 5e-3 in a limit at n = 10^6, measured against the
# bisection below), so it is only the starting point: the estimate is then
# the root of the score along the constraint,
#   s = x1/p1 - (n1 - x1)/(1 - p1) + x2/p2 - (n2 - x2)/(1 - p2),  p1 - p2 = delta,
# strictly decreasing as the pair moves up, found by Newton steps kept inside
# a bisection bracket.  The unknown is the smaller probability t in
# [0, 1 - |delta|], the larger being t + |delta| (so that a probability near
# 0 is never the difference of two larger ones).  The table is first turned
# so that p1^ + p2^ <= 1 (counting failures instead of successes negates and
# swaps the limits, an exact identity), so that the small probabilities near
# 0 are carried directly and keep their relative precision.
mn_split <- function(delta, t) if (delta >= 0) c(t + delta, t) else c(t, t - delta)
mn_score <- function(x1, n1, x2, n2, delta, t) {
  p <- mn_split(delta, t); p1 <- p[1]; p2 <- p[2]
  term <- function(k, p) if (k == 0) 0 else k / p
  c(term(x1, p1) - term(n1 - x1, 1 - p1) + term(x2, p2) - term(n2 - x2, 1 - p2),
    -term(x1, p1^2) - term(n1 - x1, (1 - p1)^2) - term(x2, p2^2) - term(n2 - x2, (1 - p2)^2))
}
mn_p1_closed_form <- function(x1, n1, x2, n2, delta) {
  p1 <- x1 / n1; p2 <- x2 / n2; theta <- n2 / n1
  a <- 1 + theta
  b <- -(1 + theta + p1 + theta * p2 + delta * (theta + 2))
  c <- delta^2 + delta * (2 * p1 + theta + 1) + p1 + theta * p2
  d <- -p1 * delta * (1 + delta)
  v <- b^3 / (27 * a^3) - b * c / (6 * a^2) + d / (2 * a)
  s <- b^2 / (9 * a^2) - c / (3 * a)
  u <- (if (v < 0) -1 else 1) * sqrt(max(0, s))
  if (u == 0) -b / (3 * a) else
    2 * u * cos((pi + acos(max(-1, min(1, v / u^3)))) / 3) - b / (3 * a)
}
mn_probs <- function(x1, n1, x2, n2, delta) {  # c(p1~, p2~)
  lo <- 0; hi <- 1 - abs(delta)
  if (!(hi > lo)) return(mn_split(delta, 0))  # delta = -1 or 1
  p1c <- mn_p1_closed_form(x1, n1, x2, n2, delta)
  t <- min(hi, max(lo, if (delta >= 0) p1c - delta else p1c))
  for (i in 1:200) {
    s <- mn_score(x1, n1, x2, n2, delta, t)
    if (s[1] == 0 || is.nan(s[1])) break
    if (s[1] > 0) lo <- t else hi <- t
    if (!(hi > lo)) break
    step <- if (is.finite(s[1]) && is.finite(s[2]) && s[2] < 0) s[1] / s[2] else NaN
    nxt <- t - step
    if (is.nan(nxt) || !(nxt > lo && nxt < hi)) nxt <- lo + (hi - lo) / 2
    if (abs(nxt - t) <= 2 * .Machine$double.eps * abs(t)) { t <- nxt; break }
    t <- nxt
  }
  mn_split(delta, t)
}
mn_variance_at <- function(n1, n2, p) {
  N <- n1 + n2
  (p[1] * (1 - p[1]) / n1 + p[2] * (1 - p[2]) / n2) * N / (N - 1)
}
mn_variance <- function(x1, n1, x2, n2, delta)
  mn_variance_at(n1, n2, mn_probs(x1, n1, x2, n2, delta))
diff_mn_with <- function(variance) function(x1, n1, x2, n2, alpha) {
  if (x1 / n1 + x2 / n2 > 1)
    return(-rev(diff_mn_with(variance)(n1 - x1, n1, n2 - x2, n2, alpha)))
  d <- x1 / n1 - x2 / n2; z <- z_of(alpha)
  # (d - delta)/sqrt(V) = +-z, written without division; near delta = d the
  # left side is ~ |d - delta| while z sqrt(V) stays ~ sqrt(|d - delta|) even
  # where V(d) = 0 (p1^, p2^ in {0, 1}), so d -/+ 1e-9 is inside the interval
  # for every n here (its limits lie >= ~1/N from d).
  f_lo <- function(delta) (d - delta) - z * sqrt(variance(x1, n1, x2, n2, delta))
  f_hi <- function(delta) (delta - d) - z * sqrt(variance(x1, n1, x2, n2, delta))
  root <- function(f, lo, hi) uniroot(f, c(lo, hi), tol = 1e-22, maxiter = 10000)$root
  lo <- if (d <= -1) -1 else {
    top <- if (f_lo(d) < 0) d else d - 1e-9
    root(f_lo, -1, top)
  }
  hi <- if (d >= 1) 1 else {
    bottom <- if (f_hi(d) < 0) d else d + 1e-9
    root(f_hi, bottom, 1)
  }
  c(lo, hi)
}
diff_mn <- diff_mn_with(mn_variance)
# Cross-check only (slow): the constrained MLE by plain bisection on s.
mn_variance_bisect <- function(x1, n1, x2, n2, delta) {
  lo <- 0; hi <- 1 - abs(delta)
  if (hi > lo) repeat {
    m <- lo + (hi - lo) / 2
    if (!(m > lo && m < hi)) break
    if (mn_score(x1, n1, x2, n2, delta, m)[1] > 0) lo <- m else hi <- m
  }
  mn_variance_at(n1, n2, mn_split(delta, lo + (hi - lo) / 2))
}

methods <- list(
  "newcombe" = list(f = diff_newcombe, src = "Newcombe 1998 method 10 from Wilson limits"),
  "newcombe-cc" = list(f = diff_newcombe_cc, src = "Newcombe 1998 method 11 from Wilson-cc limits"),
  "wald" = list(f = diff_wald, src = "closed form; checked against prop.test(correct=FALSE)"),
  "wald-cc" = list(f = diff_wald_cc, src = "closed form; checked against prop.test(correct=TRUE)"),
  "agresti-caffo" = list(f = diff_agresti_caffo, src = "closed form, +1/+1 per group"),
  "miettinen-nurminen" = list(f = diff_mn, src = "uniroot on the MN score with the closed-form constrained MLE")
)

diff_interval <- function(method, x1, n1, x2, n2, level, sided) {
  if (n1 == 0 || n2 == 0) return(c(-1, 1))
  f <- methods[[method]]$f
  if (sided == "two") return(f(x1, n1, x2, n2, 1 - level))
  lim <- f(x1, n1, x2, n2, 2 * (1 - level))
  if (sided == "lower") c(lim[1], 1) else c(-1, lim[2])
}

# ---- ratios ---------------------------------------------------------------------
# Katz et al. (1978) log interval for p1/p2 and Woolf (1955) logit interval
# for the odds ratio, with 0.5 added to every cell when any cell is 0.
cells <- function(x1, n1, x2, n2) {
  corrected <- min(x1, n1 - x1, x2, n2 - x2) == 0
  add <- if (corrected) 0.5 else 0
  list(a = x1 + add, b = n1 - x1 + add, c = x2 + add, d = n2 - x2 + add, corrected = corrected)
}
ratio_interval <- function(measure, x1, n1, x2, n2, level, sided) {
  if (n1 == 0 || n2 == 0) return(list(est = NaN, lim = c(0, Inf), corrected = FALSE))
  k <- cells(x1, n1, x2, n2)
  if (measure == "rr") {
    m1 <- k$a + k$b; m2 <- k$c + k$d
    log_est <- log((k$a / m1) / (k$c / m2))
    se <- sqrt(k$b / (k$a * m1) + k$d / (k$c * m2))  # = 1/a - 1/m1 + 1/c - 1/m2
  } else {
    log_est <- log((k$a * k$d) / (k$b * k$c))
    se <- sqrt(1 / k$a + 1 / k$b + 1 / k$c + 1 / k$d)
  }
  alpha <- if (sided == "two") 1 - level else 2 * (1 - level)
  lim <- exp(log_est + c(-1, 1) * z_of(alpha) * se)
  if (sided == "lower") lim[2] <- Inf
  if (sided == "upper") lim[1] <- 0
  list(est = exp(log_est), lim = lim, corrected = k$corrected)
}

# ---- cases -------------------------------------------------------------------------
# Newcombe (1998b) Table II, examples (a)-(h).
newcombe_cases <- list(c(56, 70, 48, 80), c(9, 10, 3, 10), c(6, 7, 2, 7), c(5, 56, 0, 29),
                       c(0, 10, 0, 20), c(0, 10, 0, 10), c(10, 10, 0, 20), c(10, 10, 0, 10))
edge_cases <- list(
  # n = 1 and zeros
  c(0, 1, 0, 1), c(1, 1, 0, 1), c(0, 1, 1, 1), c(1, 1, 1, 1), c(0, 1, 5, 10), c(1, 1, 9, 10),
  c(1, 2, 1, 2), c(0, 5, 5, 5), c(5, 5, 0, 5), c(0, 3, 1, 1), c(2, 2, 0, 40), c(0, 40, 40, 40),
  c(0, 20, 1, 20), c(20, 20, 19, 20), c(1, 30, 0, 1000), c(999, 1000, 30, 30),
  # equal proportions
  c(5, 10, 10, 20), c(50, 100, 50, 100), c(300, 1000, 600, 2000), c(950000, 1e6, 950000, 1e6),
  c(0, 1e6, 0, 1e6), c(1e6, 1e6, 1e6, 1e6), c(7, 7, 300, 300), c(19, 20, 95, 100),
  # typical pass rates of sampling inspections (current vs baseline)
  c(1940, 2000, 1902, 2000), c(24500, 25000, 24300, 25000), c(97, 100, 92, 100),
  c(188, 200, 196, 200), c(471, 500, 480, 520), c(3512345, 3673579, 3498765, 3650000),
  # large n
  c(949000, 1e6, 950500, 1e6), c(999990, 1e6, 999950, 1e6), c(1, 1e6, 10, 1e6),
  c(0, 1e6, 3, 1e6), c(1e6, 1e6, 999999, 1e6), c(500000, 1e6, 499000, 1e6), c(3, 1e6, 0, 1e6),
  c(12, 15, 800000, 1e6), c(1, 1e6, 0, 20))
set.seed(20240601)
random_case <- function() {
  scale <- sample(1:4, 1)
  rn <- function() switch(scale, sample(1:10, 1), sample(11:100, 1),
                          round(exp(runif(1, log(101), log(1e4)))),
                          round(exp(runif(1, log(1e4), log(1e6)))))
  n1 <- rn(); n2 <- rn()
  kind <- sample(1:4, 1)
  p1 <- switch(kind, runif(1), runif(1, 0.9, 1), runif(1, 0, 0.1), runif(1))
  p2 <- if (kind == 4) p1 else switch(kind, runif(1), runif(1, 0.9, 1), runif(1, 0, 0.1))
  c(rbinom(1, n1, p1), n1, rbinom(1, n2, p2), n2)
}
random_cases <- replicate(140, random_case(), simplify = FALSE)
cases <- c(newcombe_cases, edge_cases, random_cases)
n_detailed <- length(newcombe_cases) + length(edge_cases)  # also other levels, one-sided
configs <- rbind(
  data.frame(level = c(0.8, 0.9, 0.99, 0.999), sided = "two"),
  data.frame(level = c(0.9, 0.975), sided = "lower"),
  data.frame(level = c(0.9, 0.975), sided = "upper"))

settings <- function(i) {
  s <- data.frame(level = 0.95, sided = "two")
  if (i <= n_detailed) s <- rbind(s, configs)
  s
}

# ---- difference rows ----------------------------------------------------------------
diff_rows <- character(0)
for (m in names(methods)) {
  for (i in seq_along(cases)) {
    v <- cases[[i]]; s <- settings(i)
    for (j in seq_len(nrow(s))) {
      lim <- diff_interval(m, v[1], v[2], v[3], v[4], s$level[j], s$sided[j])
      est <- v[1] / v[2] - v[3] / v[4]
      diff_rows <- c(diff_rows, paste(m, fmt(v[1]), fmt(v[2]), fmt(v[3]), fmt(v[4]),
        fmt(s$level[j]), s$sided[j], fmt(est), fmt(lim[1]), fmt(lim[2]),
        paste0("\"", methods[[m]]$src, "\""), sep = ","))
    }
  }
  for (v in list(c(0, 0, 3, 10), c(3, 10, 0, 0), c(0, 0, 0, 0)))  # n = 0: by definition
    diff_rows <- c(diff_rows, paste(m, fmt(v[1]), fmt(v[2]), fmt(v[3]), fmt(v[4]),
      "0.95,two,NaN,-1,1,\"definition: n = 0\"", sep = ","))
}

# ---- cross-checks --------------------------------------------------------------------
rel <- function(a, b) ifelse(a == b, 0, abs(a - b) / pmax(abs(a), abs(b), 1e-300))
check <- function(what, ours, theirs, tol = 1e-9) {
  e <- max(rel(ours, theirs))
  if (!(e <= tol)) stop(sprintf("cross-check %s: relative error %.3g", what, e))
}
ptest <- function(...) suppressWarnings(prop.test(...))
for (v in cases) for (k in c(1, 3)) for (level in c(0.8, 0.95, 0.999)) {
  x <- v[k]; n <- v[k + 1]; h <- wilson_half(x, n, 1 - level)
  check(sprintf("wilson half-widths %g/%g", x, n), c(x / n - h[1], x / n + h[2]),
        wilson(x, n, 1 - level))
  check(sprintf("wilson half-widths vs prop.test %g/%g", x, n), c(x / n - h[1], x / n + h[2]),
        ptest(x, n, correct = FALSE, conf.level = level)$conf.int[1:2])
  h <- wilson_cc_half(x, n, 1 - level)
  check(sprintf("wilson-cc half-widths %g/%g", x, n), c(x / n - h[1], x / n + h[2]),
        wilson_cc(x, n, 1 - level))
}
for (v in cases) {
  x <- c(v[1], v[3]); n <- c(v[2], v[4]); d <- x[1] / n[1] - x[2] / n[2]
  for (level in c(0.8, 0.95, 0.999)) {
    check(sprintf("wald %s", paste(v, collapse = "/")), diff_wald(v[1], v[2], v[3], v[4], 1 - level),
          ptest(x, n, correct = FALSE, conf.level = level)$conf.int[1:2])
    check(sprintf("wald one-sided %s", paste(v, collapse = "/")),
          diff_interval("wald", v[1], v[2], v[3], v[4], level, "lower")[1],
          ptest(x, n, correct = FALSE, conf.level = level, alternative = "greater")$conf.int[1])
    if (abs(d) >= (1 / n[1] + 1 / n[2]) / 2)
      check(sprintf("wald-cc %s", paste(v, collapse = "/")),
            diff_wald_cc(v[1], v[2], v[3], v[4], 1 - level),
            ptest(x, n, correct = TRUE, conf.level = level)$conf.int[1:2])
  }
}

# The Miettinen-Nurminen limits with the constrained MLE by plain bisection,
# for the cases with the largest n (where the closed form alone fails).
for (v in cases) if (max(v[2], v[4]) >= 1e5)
  check(sprintf("miettinen-nurminen by bisection %s", paste(v, collapse = "/")),
        diff_mn(v[1], v[2], v[3], v[4], 0.05),
        diff_mn_with(mn_variance_bisect)(v[1], v[2], v[3], v[4], 0.05), tol = 1e-12)

dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)
writeLines(c("method,x1,n1,x2,n2,level,sided,estimate,lower,upper,source", diff_rows),
           file.path(out_dir, "twoprop_diff.csv"))

# ---- ratio rows ------------------------------------------------------------------------
have_metafor <- requireNamespace("metafor", quietly = TRUE)
ratio_rows <- character(0)
for (measure in c("rr", "or")) {
  for (i in seq_along(cases)) {
    v <- cases[[i]]; s <- settings(i)
    for (j in seq_len(nrow(s))) {
      r <- ratio_interval(measure, v[1], v[2], v[3], v[4], s$level[j], s$sided[j])
      src <- if (measure == "rr") "Katz log interval" else "Woolf logit interval"
      if (r$corrected) src <- paste(src, "after adding 0.5 to every cell")
      ratio_rows <- c(ratio_rows, paste(measure, fmt(v[1]), fmt(v[2]), fmt(v[3]), fmt(v[4]),
        fmt(s$level[j]), s$sided[j], fmt(r$est), fmt(r$lim[1]), fmt(r$lim[2]),
        as.integer(r$corrected), paste0("\"", src, "\""), sep = ","))
    }
    if (have_metafor) {  # the same numbers from metafor::escalc(add = 1/2, to = "only0")
      r <- ratio_interval(measure, v[1], v[2], v[3], v[4], 0.95, "two")
      e <- if (measure == "rr")
        metafor::escalc(toupper(measure), ai = v[1], n1i = v[2], ci = v[3], n2i = v[4])
      else
        metafor::escalc("OR", ai = v[1], bi = v[2] - v[1], ci = v[3], di = v[4] - v[3])
      check(sprintf("metafor %s %s", measure, paste(v, collapse = "/")),
            c(r$est, r$lim), exp(e$yi + c(0, -1, 1) * qnorm(0.975) * sqrt(e$vi)), tol = 1e-9)
    }
  }
  for (v in list(c(0, 0, 3, 10), c(3, 10, 0, 0)))
    ratio_rows <- c(ratio_rows, paste(measure, fmt(v[1]), fmt(v[2]), fmt(v[3]), fmt(v[4]),
      "0.95,two,NaN,0,Inf,0,\"definition: n = 0\"", sep = ","))
}
writeLines(c("measure,x1,n1,x2,n2,level,sided,estimate,lower,upper,corrected,source", ratio_rows),
           file.path(out_dir, "twoprop_ratio.csv"))

# ---- tests of the 2x2 table ---------------------------------------------------------------
test_rows <- character(0)
add_test <- function(test, v, stat, p, src)
  test_rows <<- c(test_rows, paste(test, fmt(v[1]), fmt(v[2]), fmt(v[3]), fmt(v[4]), fmt(stat),
                                   fmt(p), paste0("\"", src, "\""), sep = ","))
# X^2 = N (|ad - bc| - c)^2 / (r1 r2 c1 c2) with c = 0 (Pearson) or, as
# chisq.test and prop.test do for a 2x2 table, c = min(N/2, |ad - bc|) (Yates
# with the correction capped at |O - E|).  Where the cap applies the
# statistic is 0 exactly; chisq.test returns rounding noise (1e-31 to 1e-16)
# there.  Checked against chisq.test and prop.test.
chisq_2x2 <- function(tab, yates, v) {
  N <- sum(tab); D <- abs(tab[1, 1] * tab[2, 2] - tab[1, 2] * tab[2, 1])
  corr <- if (yates) min(N / 2, D) else 0
  stat <- N * (D - corr)^2 / prod(rowSums(tab)) / prod(colSums(tab))
  p <- pchisq(stat, 1, lower.tail = FALSE)
  ct <- suppressWarnings(chisq.test(tab, correct = yates))
  pt <- ptest(c(v[1], v[3]), c(v[2], v[4]), correct = yates)
  for (other in list(ct, pt)) {
    if (stat == 0) {
      if (!(other$statistic < 1e-12 && other$p.value > 1 - 1e-6))
        stop(sprintf("cross-check chi-square %s", paste(v, collapse = "/")))
    } else {
      check(sprintf("chisq.test/prop.test %s", paste(v, collapse = "/")),
            c(stat, p), c(other$statistic, other$p.value))
    }
  }
  c(stat, p)
}
for (v in c(cases, list(c(0, 0, 3, 10), c(3, 10, 0, 0), c(0, 0, 0, 0)))) {
  tab <- matrix(c(v[1], v[2] - v[1], v[3], v[4] - v[3]), 2, byrow = TRUE)
  if (v[2] == 0 || v[4] == 0) {  # a group without data: no test (twoprop.c T4)
    for (name in c("pearson", "yates", "fisher", "auto-pearson-fisher", "auto-yates-fisher"))
      add_test(name, v, NaN, NaN, "definition: n = 0")
    next
  }
  zero_column <- any(colSums(tab) == 0)
  result <- list()
  for (name in c("pearson", "yates")) {
    result[[name]] <- if (zero_column) c(0, 1) else chisq_2x2(tab, name == "yates", v)
    add_test(name, v, result[[name]][1], result[[name]][2],
             if (zero_column) "definition: zero column (chisq.test: NaN)" else
               sprintf("closed form; checked against chisq.test(correct=%s), prop.test", name == "yates"))
  }
  fisher_p <- fisher.test(tab)$p.value
  add_test("fisher", v, NaN, fisher_p, "fisher.test")
  # The chooser: Fisher when any expected count is below 5 (a zero margin
  # included), otherwise the chi-square test, Pearson's or Yates's as asked.
  expected <- outer(rowSums(tab), colSums(tab)) / sum(tab)
  for (name in c("pearson", "yates")) {
    if (any(expected < 5))
      add_test(paste0("auto-", name, "-fisher"), v, NaN, fisher_p,
               "fisher.test, chosen as an expected count is below 5")
    else
      add_test(paste0("auto-", name, "-chisq"), v, result[[name]][1], result[[name]][2],
               paste(name, "as above, chosen as every expected count is at least 5"))
  }
}
writeLines(c("test,x1,n1,x2,n2,statistic,p_value,source", test_rows),
           file.path(out_dir, "twoprop_tests.csv"))

cat(sprintf("%d difference rows, %d ratio rows, %d test rows (%d cases) written to %s\n",
            length(diff_rows), length(ratio_rows), length(test_rows), length(cases), out_dir))
