#!/usr/bin/env Rscript
# spotcheck — reference values for the one-proportion module (src/lib/prop.c,
# src/lib/ci/*.c), computed in base R from each method's published
# definition, independently of the C code.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: Rscript scripts/ref-prop.R [output-dir]     (default tests/data)
# Writes:
#   prop_reference.csv  method,x,n,level,sided,estimate,lower,upper,source
#   prop_tails.csv      x,n,p,upper_tail,lower_tail   (pbinom)
#   prop_target.csv     x,n,target,kind,method,level,verdict,p_value,source
#
# Conventions (the same contract as src/lib/ci/ci.h):
#   - two-sided at `level`: alpha = 1 - level; one-sided at `level`:
#     the bound of the two-sided interval at alpha = 2 (1 - level), except
#     Blaker, whose one-sided bound is Clopper-Pearson's (binom.test).
#   - z = qnorm(1 - alpha/2); limits clipped to [0, 1]; n = 0 gives NaN, [0, 1].
#   - Roots are found with uniroot() on the logit scale theta = qlogis(p),
#     tol = 1e-14, so that small limits keep relative precision.
# Cross-checks against base R functions (prop.test, binom.test, qbeta) are
# asserted below; the script stops if one fails.
#
# Tested with R 4.2.2 (Debian 12 r-base-core).

args <- commandArgs(trailingOnly = TRUE)
out_dir <- if (length(args) >= 1) args[1] else "tests/data"

THETA <- 60  # search bracket on the logit scale: p in [8.8e-27, 1 - 8.8e-27]

# Root of f(theta) on the logit scale.
root_logit <- function(f, lo = -THETA, hi = THETA) {
  uniroot(f, c(lo, hi), tol = 1e-14, maxiter = 10000)$root
}

# Binomial tails at p = plogis(t).  pbinom() takes p alone and rounds 1 - p
# internally; with p or 1 - p below 1e-4 and n = 1e7 that moves a limit by up
# to ~5e-10 relative.  There the probabilities are summed from
# log pmf = lchoose(n, k) + k log p + (n - k) log(1 - p) with both logs exact
# from t (plogis(.., log.p = TRUE)) over a window of +-40 sd (mass outside
# < 1e-300).  Returns P(X <= j), P(X >= j) and P(X = j) for a vector j.
binom_at <- function(j, n, t) {
  p <- plogis(t); q <- plogis(-t)
  if (min(p, q) >= 1e-4)
    return(list(le = pbinom(j, n, p), ge = pbinom(j - 1, n, p, lower.tail = FALSE),
                pmf = dbinom(j, n, p)))
  lp <- plogis(t, log.p = TRUE); lq <- plogis(-t, log.p = TRUE)
  sd <- sqrt(n * p * q)
  lo <- max(0, floor(n * p - 40 * sd - 60)); hi <- min(n, ceiling(n * p + 40 * sd + 60))
  k <- lo:hi
  pmf <- exp(lchoose(n, k) + k * lp + (n - k) * lq)
  cum <- cumsum(pmf); rcum <- rev(cumsum(rev(pmf)))
  i <- pmin(pmax(j - lo + 1, 1), length(k))
  list(le = ifelse(j < lo, 0, ifelse(j >= hi, 1, cum[i])),
       ge = ifelse(j <= lo, 1, ifelse(j > hi, 0, rcum[i])),
       pmf = ifelse(j < lo | j > hi, 0, pmf[i]))
}

# Regularised incomplete beta I_p(a, b) and 1 - I_p(a, b) at p = plogis(t).
# pbeta() rounds 1 - p as pbinom() does; for p < 1e-4 the power series
# I_p(a,b) = p^a q^b / (a B(a,b)) sum_k (a+b)_k / (a+1)_k p^k  (Abramowitz and
# Stegun 26.5.4 with 15.1.1) is summed in logs, and for q < 1e-4 the same with
# a, b swapped.
ibeta_at <- function(t, a, b) {
  p <- plogis(t); q <- plogis(-t)
  if (min(p, q) >= 1e-4) return(c(pbeta(p, a, b), pbeta(p, a, b, lower.tail = FALSE)))
  small <- function(lx, ly, x, a, b) {
    K <- ceiling(3 * (a + b) * x + 200)
    k <- 0:K
    lterm <- c(0, cumsum(log((a + b + k[-length(k)]) / (a + 1 + k[-length(k)])) + log(x)))
    m <- max(lterm)
    exp(a * lx + b * ly - log(a) - lbeta(a, b) + m + log(sum(exp(lterm - m))))
  }
  lp <- plogis(t, log.p = TRUE); lq <- plogis(-t, log.p = TRUE)
  if (p < 1e-4) { v <- small(lp, lq, p, a, b); c(v, 1 - v) }
  else { v <- small(lq, lp, q, b, a); c(1 - v, v) }
}

z_of <- function(alpha) qnorm(1 - alpha / 2)
clip <- function(v) pmin(1, pmax(0, v))

# ---- the eleven methods: each returns c(lower, upper) at confidence 1 - alpha
ci_wald <- function(x, n, alpha) {
  p <- x / n; z <- z_of(alpha); se <- sqrt(p * (1 - p) / n)
  clip(c(p - z * se, p + z * se))
}
ci_wald_cc <- function(x, n, alpha) {
  p <- x / n; z <- z_of(alpha); se <- sqrt(p * (1 - p) / n)
  clip(c(p - z * se - 1 / (2 * n), p + z * se + 1 / (2 * n)))
}
ci_wilson <- function(x, n, alpha) {
  p <- x / n; z <- z_of(alpha)
  centre <- p + z^2 / (2 * n)
  half <- z * sqrt(p * (1 - p) / n + z^2 / (4 * n^2))
  lim <- c(centre - half, centre + half) / (1 + z^2 / n)
  if (x == 0) lim[1] <- 0
  if (x == n) lim[2] <- 1
  clip(lim)
}
ci_wilson_cc <- function(x, n, alpha) {  # Newcombe (1998) method 4
  p <- x / n; q <- 1 - p; z <- z_of(alpha)
  lo <- if (x == 0) 0 else
    (2 * n * p + z^2 - 1 - z * sqrt(z^2 - 2 - 1 / n + 4 * p * (n * q + 1))) / (2 * (n + z^2))
  hi <- if (x == n) 1 else
    (2 * n * p + z^2 + 1 + z * sqrt(z^2 + 2 - 1 / n + 4 * p * (n * q - 1))) / (2 * (n + z^2))
  clip(c(lo, hi))
}
ci_agresti_coull <- function(x, n, alpha) {  # z^2/2 successes and failures (SAS)
  z <- z_of(alpha); nt <- n + z^2; pt <- (x + z^2 / 2) / nt
  half <- z * sqrt(pt * (1 - pt) / nt)
  clip(c(pt - half, pt + half))
}
ci_jeffreys <- function(x, n, alpha) {
  a <- x + 0.5; b <- n - x + 0.5
  lo <- if (x == 0) 0 else plogis(root_logit(function(t) ibeta_at(t, a, b)[1] - alpha / 2))
  hi <- if (x == n) 1 else plogis(root_logit(function(t) ibeta_at(t, a, b)[2] - alpha / 2))
  c(lo, hi)
}
ci_clopper_pearson <- function(x, n, alpha) {
  lo <- if (x == 0) 0 else plogis(root_logit(function(t) binom_at(x, n, t)$ge - alpha / 2))
  hi <- if (x == n) 1 else plogis(root_logit(function(t) binom_at(x, n, t)$le - alpha / 2))
  c(lo, hi)
}
ci_mid_p <- function(x, n, alpha) {
  lo <- if (x == 0) 0 else plogis(root_logit(function(t) {
    b <- binom_at(x, n, t); b$ge - b$pmf / 2 - alpha / 2 }))
  hi <- if (x == n) 1 else plogis(root_logit(function(t) {
    b <- binom_at(x, n, t); b$le - b$pmf / 2 - alpha / 2 }))
  c(lo, hi)
}
ci_likelihood_ratio <- function(x, n, alpha) {
  crit <- z_of(alpha)^2  # = qchisq(1 - alpha, 1)
  xlogy <- function(a, logb) if (a == 0) 0 else a * logb
  # log(x/n) and log(1 - x/n) each from the side that keeps them exact
  lphat <- if (x / n > 0.5) log1p(-(n - x) / n) else log(x / n)
  lqhat <- if (x / n < 0.5) log1p(-x / n) else log((n - x) / n)
  ll_hat <- xlogy(x, lphat) + xlogy(n - x, lqhat)
  stat <- function(t) 2 * (ll_hat - xlogy(x, plogis(t, log.p = TRUE)) -
                           xlogy(n - x, plogis(-t, log.p = TRUE))) - crit
  t_hat <- if (x == 0) -THETA else if (x == n) THETA else qlogis(x / n)
  lo <- if (x == 0) 0 else plogis(uniroot(stat, c(-THETA, t_hat), tol = 1e-14, maxiter = 10000)$root)
  hi <- if (x == n) 1 else plogis(uniroot(stat, c(t_hat, THETA), tol = 1e-14, maxiter = 10000)$root)
  c(lo, hi)
}
ci_logit <- function(x, n, alpha) {
  if (x == 0 || x == n) return(ci_clopper_pearson(x, n, alpha))  # project decision, logit.c
  lambda <- log(x / (n - x)); se <- sqrt(n / (x * (n - x))); z <- z_of(alpha)
  plogis(c(lambda - z * se, lambda + z * se))
}

# Blaker (2000): acceptability a(p) = P_p(gamma(X) <= gamma(x)) with
# gamma(j) = min(P(X >= j), P(X <= j)), evaluated directly over all outcomes
# that carry probability (a window of +-40 sd; the rest has mass < 1e-300).
blaker_acceptability <- function(x, n, t) {
  p <- plogis(t); sd <- sqrt(n * p * plogis(-t))
  lo <- max(0, floor(min(x, n * p) - 40 * sd - 60))
  hi <- min(n, ceiling(max(x, n * p) + 40 * sd + 60))
  b <- binom_at(c(x, lo:hi), n, t)
  gamma <- pmin(b$ge, b$le)
  sum(b$pmf[-1][gamma[-1] <= gamma[1]])
}
# inf {p : a(p) > alpha} on the logit scale, for x >= 1 and alpha < 1/2.
# It lies between the Clopper-Pearson limit (a <= 2 P(X >= x)) and the
# one-sided exact limit at alpha (a >= P(X >= x) there).  A scan of `grid`
# points finds the first point inside, then bisection the boundary.
blaker_lower_theta <- function(x, n, alpha, grid = 400) {
  t_lo <- root_logit(function(t) binom_at(x, n, t)$ge - alpha / 2)
  t_hi <- root_logit(function(t) binom_at(x, n, t)$ge - alpha)
  inside <- function(t) blaker_acceptability(x, n, t) > alpha
  # a > alpha just above t_hi (a >= P(X >= x) > alpha), so the last point is inside.
  ts <- c(seq(t_lo, t_hi, length.out = grid), t_hi + 1e-7 * max(1, abs(t_hi)))
  first <- NA
  for (i in seq_along(ts)) if (inside(ts[i])) { first <- i; break }
  stopifnot(!is.na(first))
  if (first == 1) return(ts[1])
  a <- ts[first - 1]; b <- ts[first]
  while (b - a > 4 * .Machine$double.eps * max(1, abs(b))) {
    m <- (a + b) / 2
    if (inside(m)) b <- m else a <- m
  }
  b
}
ci_blaker <- function(x, n, alpha) {
  lo <- if (x == 0) 0 else plogis(blaker_lower_theta(x, n, alpha))
  hi <- if (x == n) 1 else plogis(-blaker_lower_theta(n - x, n, alpha))  # reflect
  c(lo, hi)
}

methods <- list(
  "wald" = list(f = ci_wald, src = "closed form (SAS PROC FREQ)"),
  "wald-cc" = list(f = ci_wald_cc, src = "closed form (SAS PROC FREQ CORRECT)"),
  "wilson" = list(f = ci_wilson, src = "closed form; checked against prop.test(correct=FALSE)"),
  "wilson-cc" = list(f = ci_wilson_cc, src = "Newcombe 1998 method 4; checked against prop.test(correct=TRUE)"),
  "agresti-coull" = list(f = ci_agresti_coull, src = "closed form, z^2/2 added (SAS)"),
  "jeffreys" = list(f = ci_jeffreys, src = "uniroot on pbeta (series for p<1e-4); checked against qbeta"),
  "clopper-pearson" = list(f = ci_clopper_pearson, src = "uniroot on binomial tails; checked against binom.test"),
  "mid-p" = list(f = ci_mid_p, src = "uniroot on binomial tail + pmf/2"),
  "likelihood-ratio" = list(f = ci_likelihood_ratio, src = "uniroot on the LR statistic"),
  "logit" = list(f = ci_logit, src = "closed form; Clopper-Pearson at x=0,n"),
  "blaker" = list(f = ci_blaker, src = "acceptability over all outcomes, scan + bisection")
)

interval <- function(method, x, n, level, sided) {
  if (n == 0) return(c(0, 1))
  if (sided == "two") return(methods[[method]]$f(x, n, 1 - level))
  f <- if (method == "blaker") ci_clopper_pearson else methods[[method]]$f
  lim <- f(x, n, 2 * (1 - level))
  if (sided == "lower") c(lim[1], 1) else c(0, lim[2])
}

# ---- cases -----------------------------------------------------------------
newcombe <- list(c(81, 263), c(15, 148), c(0, 20), c(1, 29), c(29, 29))
further <- list(c(0, 1), c(1, 1), c(0, 2), c(1, 2), c(2, 2), c(0, 10), c(1, 10), c(3, 10),
                c(5, 10), c(9, 10), c(10, 10), c(7, 50), c(48, 50), c(0, 100), c(50, 100),
                c(97, 100), c(0, 1000), c(1, 1000), c(37, 1000), c(999, 1000), c(1000, 1000),
                c(23, 25000), c(24500, 25000), c(3512345, 3673579),
                c(0, 1e7), c(1, 1e7), c(9876543, 1e7), c(1e7 - 1, 1e7), c(1e7, 1e7))
configs <- rbind(
  data.frame(level = c(0.8, 0.9, 0.95, 0.99, 0.999), sided = "two"),
  data.frame(level = c(0.9, 0.95, 0.99), sided = "lower"),
  data.frame(level = c(0.9, 0.95, 0.99), sided = "upper"))

fmt <- function(v) sprintf("%.17g", v)
rows <- character(0)
add_row <- function(method, x, n, level, sided) {
  lim <- interval(method, x, n, level, sided)
  est <- if (n == 0) NaN else x / n
  rows <<- c(rows, paste(method, fmt(x), fmt(n), fmt(level), sided, fmt(est), fmt(lim[1]),
                         fmt(lim[2]), paste0("\"", methods[[method]]$src, "\""), sep = ","))
}
for (m in names(methods)) {
  for (xn in newcombe) add_row(m, xn[1], xn[2], 0.95, "two")
  for (xn in further) for (i in seq_len(nrow(configs)))
    add_row(m, xn[1], xn[2], configs$level[i], configs$sided[i])
  add_row(m, 0, 0, 0.95, "two")
  add_row(m, 0, 0, 0.9, "lower")
}

# ---- cross-checks against base R functions ----------------------------------
ptest <- function(...) suppressWarnings(prop.test(...))  # small-n warnings
rel <- function(a, b) ifelse(a == b, 0, abs(a - b) / pmax(abs(a), abs(b), 1e-300))
check <- function(what, ours, theirs, tol = 1e-9) {
  e <- max(rel(ours, theirs))
  if (!(e <= tol)) stop(sprintf("cross-check %s: relative error %.3g", what, e))
}
for (xn in c(newcombe, further)) {
  x <- xn[1]; n <- xn[2]
  for (level in c(0.8, 0.95, 0.999)) {
    check(sprintf("wilson %g/%g", x, n), ci_wilson(x, n, 1 - level),
          ptest(x, n, correct = FALSE, conf.level = level)$conf.int[1:2])
    check(sprintf("wilson one-sided %g/%g", x, n), interval("wilson", x, n, level, "lower")[1],
          ptest(x, n, correct = FALSE, conf.level = level, alternative = "greater")$conf.int[1])
    if (abs(x - n / 2) >= 0.5)
      check(sprintf("wilson-cc %g/%g", x, n), ci_wilson_cc(x, n, 1 - level),
            ptest(x, n, correct = TRUE, conf.level = level)$conf.int[1:2])
    if (n <= 1e5) {  # binom.test/qbeta are reliable here; beyond, pbinom roots are the reference
      check(sprintf("clopper-pearson %g/%g", x, n), ci_clopper_pearson(x, n, 1 - level),
            binom.test(x, n, conf.level = level)$conf.int[1:2])
      check(sprintf("clopper-pearson one-sided %g/%g", x, n),
            interval("clopper-pearson", x, n, level, "upper")[2],
            binom.test(x, n, conf.level = level, alternative = "less")$conf.int[2])
      a <- 1 - level
      check(sprintf("jeffreys %g/%g", x, n), ci_jeffreys(x, n, a),
            c(if (x == 0) 0 else qbeta(a / 2, x + 0.5, n - x + 0.5),
              if (x == n) 1 else qbeta(1 - a / 2, x + 0.5, n - x + 0.5)))
    }
  }
}

dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)
writeLines(c("method,x,n,level,sided,estimate,lower,upper,source", rows),
           file.path(out_dir, "prop_reference.csv"))

# ---- exact binomial tails: P(X >= x) and P(X <= x) ---------------------------
tail_cases <- list(
  c(0, 10, 0.3), c(10, 10, 0.3), c(11, 10, 0.3), c(3, 10, 0), c(0, 10, 0), c(3, 10, 1),
  c(10, 10, 1), c(1, 1, 0.5), c(0, 1, 0.5), c(5, 20, 0.25), c(15, 20, 0.25), c(81, 263, 0.3),
  c(95, 100, 0.95), c(90, 100, 0.95), c(100, 100, 0.95), c(0, 100, 0.05), c(1, 100, 1e-6),
  c(24500, 25000, 0.98), c(24300, 25000, 0.98), c(9876543, 1e7, 0.9876), c(9876543, 1e7, 0.98766),
  c(9876000, 1e7, 0.9877), c(1, 1e7, 1e-7), c(5, 1e7, 1e-7), c(5000000, 1e7, 0.5),
  c(4990000, 1e7, 0.5), c(3512345, 3673579, 0.956), c(3512345, 3673579, 0.9562),
  c(50, 1e12, 5e-11), c(7, 30, 0.999999))
# pbinom(), except where p or 1 - p is below 1e-4 and the count is large:
# there binom_at() (exact logs; pbinom rounds 1 - p, ~n * 1e-16 relative),
# checked against pbinom to 1e-8.
tail_rows <- vapply(tail_cases, function(v) {
  x <- v[1]; n <- v[2]; p <- v[3]
  ge <- pbinom(x - 1, n, p, lower.tail = FALSE); le <- pbinom(x, n, p)
  if (p > 0 && p < 1 && min(p, 1 - p) < 1e-4) {
    b <- binom_at(x, n, qlogis(p))
    check(sprintf("tails %g/%g", x, n), c(b$ge, b$le), c(ge, le), tol = 1e-8)
    ge <- b$ge; le <- b$le
  }
  paste(fmt(x), fmt(n), fmt(p), fmt(ge), fmt(le), sep = ",")
}, "")
writeLines(c("x,n,p,upper_tail,lower_tail", tail_rows), file.path(out_dir, "prop_tails.csv"))

# ---- target verdicts (DESIGN.md section 4) ------------------------------------
# The verdict needs both the method's one-sided bound at `level` and the exact
# p-value (src/lib/prop.c P5): floor: meets if lower > target and p < 1 - level,
# below if upper < target and p < 1 - level; ceiling: meets if upper < target
# and p < 1 - level, below if lower > target and p < 1 - level.
# p-value: binom.test(x, n, target, alternative = "greater") when x/n > target
# or (x/n == target and floor); "less" otherwise.
target_verdict <- function(x, n, tg, kind, lower, upper, pv, level, tie = 0) {
  significant <- pv < 1 - level - tie
  greater <- x / n > tg || (x / n == tg && kind == "floor")
  over <- lower > tg + tie && greater && significant
  under <- upper < tg - tie && !greater && significant
  if (kind == "floor") {
    if (over) "meets" else if (under) "below" else "inconclusive"
  } else {
    if (under) "meets" else if (over) "below" else "inconclusive"
  }
}
target_p <- function(x, n, tg, kind) {
  greater <- x / n > tg || (x / n == tg && kind == "floor")
  list(p = binom.test(x, n, tg, alternative = if (greater) "greater" else "less")$p.value,
       source = paste0("\"binom.test ", if (greater) "greater" else "less", "\""))
}
target_cases <- expand.grid(
  xn = list(c(96, 100), c(99, 100), c(90, 100), c(95, 100), c(0, 50), c(50, 50), c(1, 1),
            c(0, 1), c(24500, 25000), c(24400, 25000), c(2, 200), c(12, 200), c(5, 100),
            c(9876543, 1e7), c(3, 7), c(11, 200), c(1, 60), c(192, 200)),
  target = c(0.02, 0.05, 0.95, 0.98),
  kind = c("floor", "ceiling"),
  method = c("wilson", "clopper-pearson", "jeffreys", "blaker", "wald", "mid-p"),
  level = c(0.9, 0.95),
  stringsAsFactors = FALSE)
target_rows <- character(0)
disagree <- 0  # rows where the method's bound alone would have given a verdict
for (i in seq_len(nrow(target_cases))) {
  x <- target_cases$xn[[i]][1]; n <- target_cases$xn[[i]][2]
  tg <- target_cases$target[i]; kind <- target_cases$kind[i]
  m <- target_cases$method[i]; level <- target_cases$level[i]
  lower <- interval(m, x, n, level, "lower")[1]
  upper <- interval(m, x, n, level, "upper")[2]
  tp <- target_p(x, n, tg, kind)
  # Skip near-ties, where the verdict would hinge on the last bits.
  if (min(abs(c(lower, upper) - tg)) < 1e-9 || abs(tp$p - (1 - level)) < 1e-9) next
  verdict <- target_verdict(x, n, tg, kind, lower, upper, tp$p, level)
  by_bound <- target_verdict(x, n, tg, kind, lower, upper, 0, level)
  if (verdict != by_bound) disagree <- disagree + 1
  target_rows <- c(target_rows, paste(fmt(x), fmt(n), fmt(tg), kind, m, fmt(level), verdict,
    fmt(tp$p), tp$source, sep = ","))
}
cat(sprintf("target rows where the bound alone would contradict the p-value: %d\n", disagree))
# Exact ties: the exact one-sided bound equals the target (1 of 1 at level L has
# the Clopper-Pearson lower bound 1 - L and the mid-p lower bound 2 (1 - L);
# 2 of 2 at 0.99 has sqrt(0.01) = 0.1), so the verdict is inconclusive.
ties <- list(list(1, 1, 0.05, "ceiling", "clopper-pearson", 0.95),
             list(1, 1, 0.05, "ceiling", "blaker", 0.95),
             list(1, 1, 0.1, "ceiling", "mid-p", 0.95),
             list(1, 1, 0.05, "floor", "clopper-pearson", 0.95),
             list(0, 1, 0.95, "floor", "clopper-pearson", 0.95),
             list(0, 1, 0.95, "floor", "blaker", 0.95),
             list(0, 1, 0.9, "floor", "mid-p", 0.95),
             list(2, 2, 0.1, "ceiling", "clopper-pearson", 0.99),
             list(1, 1, 0.2, "ceiling", "clopper-pearson", 0.8),
             list(1, 1, 0.4, "ceiling", "mid-p", 0.8))
for (t in ties) {
  x <- t[[1]]; n <- t[[2]]; tg <- t[[3]]; kind <- t[[4]]; m <- t[[5]]; level <- t[[6]]
  lower <- interval(m, x, n, level, "lower")[1]
  upper <- interval(m, x, n, level, "upper")[2]
  stopifnot(min(abs(c(lower, upper) - tg)) < 1e-9)  # a tie indeed
  tp <- target_p(x, n, tg, kind)
  verdict <- target_verdict(x, n, tg, kind, lower, upper, tp$p, level, tie = 1e-9)
  stopifnot(verdict == "inconclusive")
  target_rows <- c(target_rows, paste(fmt(x), fmt(n), fmt(tg), kind, m, fmt(level), verdict,
    fmt(tp$p), "\"tie: exact bound = target\"", sep = ","))
}
for (kind in c("floor", "ceiling"))  # n = 0: no data, by definition (prop.h)
  target_rows <- c(target_rows, paste("0,0,0.95", kind, "wilson,0.95,inconclusive,1,\"definition: n = 0\"", sep = ","))
writeLines(c("x,n,target,kind,method,level,verdict,p_value,source", target_rows),
           file.path(out_dir, "prop_target.csv"))

cat(sprintf("%d interval rows, %d tail rows, %d target rows written to %s\n",
            length(rows), length(tail_rows), length(target_rows), out_dir))
