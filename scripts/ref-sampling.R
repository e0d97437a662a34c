#!/usr/bin/env Rscript
# spotcheck — reference values for the operating characteristic of single
# sampling plans (src/lib/sampling_oc.c, contract S5-S8 of
# include/spotcheck/sampling.h), computed in base R independently of the C code.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: Rscript scripts/ref-sampling.R [output-dir]     (default tests/data)
# Writes:
#   sampling_oc.csv       model,n,ac,lot,p,p_used,pa,aoq,ati
#   sampling_summary.csv  model,n,ac,lot,lq,aoql,aoql_p
#
# Formulas:
#   Pa      binomial pbinom(ac, n, p); poisson ppois(ac, n p);
#           hypergeometric phyper(ac, D, N - D, n) with D = round(p N), p_used = D / N
#   AOQ     p Pa (N - n) / N, or p Pa without a lot size (lot 0)
#   ATI     n + (1 - Pa)(N - n); NA without a lot size
#   LQ      the p with Pa = 0.10: uniroot on pbinom / ppois (tol 1e-15);
#           hypergeometric: the smallest D / N with Pa <= 0.10
#   AOQL    the maximum of p Pa(p): uniroot (tol 1e-15) on its derivative
#           Pa(p) - p n dbinom(ac, n - 1, p) (binomial) or ppois(ac, n p) -
#           n p dpois(ac, n p) (poisson), bracketed around optimize()'s peak; hypergeometric:
#           the largest AOQ over D = 0..N
options(digits = 17)
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[1] else "tests/data"

plans <- list(
  list(n = 80, ac = 2, lot = 1000),     # ISO 2859-1 J, AQL 1.0, normal
  list(n = 20, ac = 1, lot = 1000),     # the Dodge-style plan of reference_values.csv
  list(n = 50, ac = 1, lot = 0),        # H / 1.0 without a lot size
  list(n = 125, ac = 3, lot = 5000),    # K / 1.0
  list(n = 13, ac = 0, lot = 200),      # E / 1.0
  list(n = 32, ac = 1, lot = 1000),     # reduced J / 1.0 (Re 3)
  list(n = 315, ac = 7, lot = 10000),   # M / 1.0
  list(n = 2000, ac = 21, lot = 0)      # R / 0.65
)
ps <- c(0, 0.001, 0.004, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1)

pa_of <- function(model, n, ac, lot, p) {
  if (model == "binomial") return(pbinom(ac, n, p))
  if (model == "poisson") return(ppois(ac, n * p))
  D <- round(p * lot)
  phyper(ac, D, lot - D, n)
}

oc <- NULL
summary <- NULL
for (pl in plans) {
  models <- if (pl$lot > 0) c("binomial", "poisson", "hypergeometric") else c("binomial", "poisson")
  for (model in models) {
    n <- pl$n; ac <- pl$ac; lot <- pl$lot
    share <- if (lot > 0) (lot - n) / lot else 1
    for (p in ps) {
      p_used <- if (model == "hypergeometric") round(p * lot) / lot else p
      pa <- pa_of(model, n, ac, lot, p)
      oc <- rbind(oc, data.frame(model = model, n = n, ac = ac, lot = lot, p = p,
                                 p_used = p_used, pa = pa, aoq = p_used * pa * share,
                                 ati = if (lot > 0) n + (1 - pa) * (lot - n) else NA))
    }
    if (model == "hypergeometric") {
      D <- 0:lot
      pa <- phyper(ac, D, lot - D, n)
      aoq <- D / lot * pa * share
      best <- which.max(aoq)
      aoql <- aoq[best]; aoql_p <- D[best] / lot
      lq <- D[which(pa <= 0.10)[1]] / lot
    } else {
      pa_fn <- function(p) pa_of(model, n, ac, lot, p)
      slope <- if (model == "binomial")
        function(p) pbinom(ac, n, p) - p * n * dbinom(ac, n - 1, p)
      else function(p) ppois(ac, n * p) - n * p * dpois(ac, n * p)
      # optimize() finds the peak to ~1e-8; the root of the slope around it, to 1e-15
      check <- optimize(function(p) p * pa_fn(p) * share, c(0, min(1, 5 * (ac + 1) / n)),
                        maximum = TRUE, tol = 1e-12)
      aoql_p <- uniroot(slope, c(check$maximum / 2, min(1, 2 * check$maximum)), tol = 1e-15,
                        maxiter = 10000)$root
      aoql <- aoql_p * pa_fn(aoql_p) * share
      stopifnot(abs(check$objective - aoql) <= 1e-12 * aoql)
      lq <- uniroot(function(p) pa_fn(p) - 0.10, c(0, 1), tol = 1e-15, maxiter = 10000)$root
    }
    summary <- rbind(summary, data.frame(model = model, n = n, ac = ac, lot = lot, lq = lq,
                                         aoql = aoql, aoql_p = aoql_p))
  }
}
write.csv(oc, file.path(out, "sampling_oc.csv"), row.names = FALSE, quote = FALSE)
write.csv(summary, file.path(out, "sampling_summary.csv"), row.names = FALSE, quote = FALSE)

# ---- ISO 2859-4 plans (contract S9-S10): sampling_dql.csv -----------------------------
#   model,dql,lq,lot,n,limit,p_dql,beta,beta_n_minus_1
# For L = 0, 1, ...: the smallest n > L with P(d <= L | LQ) <= 0.10, by counting n up
# one at a time; the first L whose n has P(d <= L | DQL) >= 0.95 is the plan.  The
# file also holds P(d <= L | LQ) at n - 1 (above 0.10: n - 1 does not work).
accept <- function(model, n, L, lot, p) pa_of(model, n, L, lot, p)
dql_plan <- function(model, dql, lq, lot) {
  for (L in 0:200) {
    n <- L + 1
    top <- if (lot > 0) lot else 1e6
    while (n <= top && accept(model, n, L, lot, lq) > 0.10) n <- n + 1
    if (n > top) return(NULL)
    if (accept(model, n, L, lot, dql) >= 0.95)
      return(c(n = n, limit = L))
  }
  NULL
}
dql_rows <- NULL
cases <- rbind(
  expand.grid(model = c("binomial", "poisson"), dql = c(0.001, 0.0065, 0.01, 0.025),
              ratio = c(3, 5, 8, 10), lot = 0, stringsAsFactors = FALSE),
  expand.grid(model = "hypergeometric", dql = c(0.01, 0.025), ratio = c(5, 8),
              lot = c(200, 1000), stringsAsFactors = FALSE))
for (i in seq_len(nrow(cases))) {
  cs <- cases[i, ]
  lq <- cs$dql * cs$ratio
  plan <- dql_plan(cs$model, cs$dql, lq, cs$lot)
  if (is.null(plan)) next
  n <- plan[["n"]]; L <- plan[["limit"]]
  dql_rows <- rbind(dql_rows, data.frame(
    model = cs$model, dql = cs$dql, lq = lq, lot = cs$lot, n = n, limit = L,
    p_dql = accept(cs$model, n, L, cs$lot, cs$dql), beta = accept(cs$model, n, L, cs$lot, lq),
    beta_n_minus_1 = accept(cs$model, n - 1, L, cs$lot, lq)))
}
stopifnot(all(dql_rows$beta <= 0.10), all(dql_rows$beta_n_minus_1 > 0.10),
          all(dql_rows$p_dql >= 0.95))
write.csv(dql_rows, file.path(out, "sampling_dql.csv"), row.names = FALSE, quote = FALSE)

# ---- sample sizes for a pass rate (contract S11-S13): sampling_margin.csv, sampling_power.csv
#   margin: method,level,rate,margin,n,lower,upper,half_width_n_minus_1
#     the first n (counting up from the first n with 0 < round(n p) < n) whose interval at
#     x = round(n p) has (upper - lower) / 2 <= margin;
#     wilson: prop.test(correct = FALSE); clopper-pearson: binom.test; wald: p -+ z sqrt(p q / n)
#     clipped to [0, 1]; jeffreys: qbeta(a/2, x + 1/2, n - x + 1/2) with 0 at x = 0, 1 at x = n
#   power:  method,level,kind,p1,p0,power_wanted,n,x_crit,power,power_n_minus_1
#     meets (floor): one-sided lower bound (the two-sided one at 2 level - 1) > p0 and
#     binom.test(x, n, p0, "greater")$p.value < 1 - level; ceiling: upper < p0 and "less";
#     power = sum of dbinom over the meeting x; the first n with power >= power_wanted
ci <- function(method, x, n, level) {
  a <- 1 - level
  if (method == "wilson") return(as.numeric(prop.test(x, n, conf.level = level, correct = FALSE)$conf.int))
  if (method == "clopper-pearson") return(as.numeric(binom.test(x, n, conf.level = level)$conf.int))
  if (method == "wald") {
    p <- x / n; h <- qnorm(1 - a / 2) * sqrt(p * (1 - p) / n)
    return(c(max(0, p - h), min(1, p + h)))
  }
  if (method == "jeffreys")
    return(c(if (x == 0) 0 else qbeta(a / 2, x + 0.5, n - x + 0.5),
             if (x == n) 1 else qbeta(1 - a / 2, x + 0.5, n - x + 0.5)))
  stop(method)
}
half <- function(method, n, p, level) {
  x <- round(n * p); b <- ci(method, x, n, level); c(b, (b[2] - b[1]) / 2)
}
margin_rows <- NULL
for (method in c("wilson", "clopper-pearson", "wald", "jeffreys"))
  for (level in c(0.95, 0.9))
    for (p in c(0.5, 0.9, 0.95, 0.98))
      for (margin in c(0.05, 0.03)) {
        n <- 1
        while (round(n * p) == 0 || round(n * p) == n) n <- n + 1   # x = 0 or n skipped
        repeat { h <- half(method, n, p, level); if (h[3] <= margin) break; n <- n + 1 }
        margin_rows <- rbind(margin_rows, data.frame(
          method = method, level = level, rate = p, margin = margin, n = n, lower = h[1],
          upper = h[2], half_width_n_minus_1 = if (n > 1) half(method, n - 1, p, level)[3] else NA))
      }
stopifnot(all(is.na(margin_rows$half_width_n_minus_1) | margin_rows$half_width_n_minus_1 > margin_rows$margin))
write.csv(margin_rows, file.path(out, "sampling_margin.csv"), row.names = FALSE, quote = FALSE)

meets <- function(method, kind, x, n, p0, level) {
  b <- ci(method, x, n, 2 * level - 1)
  if (kind == "floor")
    return(b[1] > p0 && binom.test(x, n, p0, alternative = "greater")$p.value < 1 - level)
  b[2] < p0 && binom.test(x, n, p0, alternative = "less")$p.value < 1 - level
}
power_at <- function(method, kind, n, p1, p0, level) {
  xs <- if (kind == "floor") (floor(n * p0) + 1):n else 0:(ceiling(n * p0) - 1)
  xs <- xs[xs >= 0 & xs <= n]
  m <- vapply(xs, function(x) meets(method, kind, x, n, p0, level), logical(1))
  if (!any(m)) return(c(power = 0, x = NA))
  crit <- if (kind == "floor") min(xs[m]) else max(xs[m])
  c(power = sum(dbinom(xs[m], n, p1)), x = crit)
}
power_rows <- NULL
pcases <- data.frame(kind = c("floor", "floor", "floor", "ceiling"),
                     p1 = c(0.95, 0.98, 0.95, 0.03), p0 = c(0.90, 0.95, 0.90, 0.08),
                     power = c(0.8, 0.8, 0.9, 0.8), stringsAsFactors = FALSE)
for (method in c("wilson", "clopper-pearson"))
  for (i in seq_len(nrow(pcases))) {
    cs <- pcases[i, ]
    n <- 20
    repeat { pw <- power_at(method, cs$kind, n, cs$p1, cs$p0, 0.95); if (pw[["power"]] >= cs$power) break; n <- n + 1 }
    power_rows <- rbind(power_rows, data.frame(
      method = method, level = 0.95, kind = cs$kind, p1 = cs$p1, p0 = cs$p0,
      power_wanted = cs$power, n = n, x_crit = pw[["x"]], power = pw[["power"]],
      power_n_minus_1 = power_at(method, cs$kind, n - 1, cs$p1, cs$p0, 0.95)[["power"]]))
  }
stopifnot(all(power_rows$power_n_minus_1 < power_rows$power_wanted))
write.csv(power_rows, file.path(out, "sampling_power.csv"), row.names = FALSE, quote = FALSE)

# ---- sample size per period for a change between two periods (contract S14-S15):
#      sampling_change.csv
#   method,level,baseline,current,power_wanted,n,power,power_n_minus_1,n_normal,power_at_n_normal,
#   power_at_100
#     diff's verdict: the two-sided interval of x1/n - x0/n at level lies strictly on the side of
#     the change (lower > 0 for a rise, upper < 0 for a fall); newcombe: Wilson limits
#     (prop.test(correct = FALSE), written out) squared and added (Newcombe 1998, method 10);
#     wald: d -+ z sqrt(p1 q1 / n + p0 q0 / n).  power = sum over every (x1, x0) in 0..n x 0..n of
#     dbinom(x1, n, current) dbinom(x0, n, baseline) where the verdict shows the change: a full
#     enumeration, no count left out.  n: the first n (counting up from 1) with power >= wanted.
#     n_normal: ceiling(power.prop.test(p1 = baseline, p2 = current, power, sig.level)$n).
wilson_limits <- function(x, n, z) {
  centre <- (x + z^2 / 2) / (n + z^2)
  half <- z * sqrt(x * (n - x) / n + z^2 / 4) / (n + z^2)
  cbind(pmax(0, centre - half), pmin(1, centre + half))
}
shows_change <- function(method, n, level, rise) {
  z <- qnorm(1 - (1 - level) / 2)
  x <- 0:n; p <- x / n
  d <- outer(p, p, "-")                    # rows x1 (current), columns x0 (baseline)
  if (method == "newcombe") {
    w <- wilson_limits(x, n, z)
    lower <- d - sqrt(outer((p - w[, 1])^2, (w[, 2] - p)^2, "+"))
    upper <- d + sqrt(outer((w[, 2] - p)^2, (p - w[, 1])^2, "+"))
  } else if (method == "wald") {
    se <- sqrt(outer(p * (1 - p) / n, p * (1 - p) / n, "+"))
    lower <- pmax(-1, d - z * se); upper <- pmin(1, d + z * se)
  } else stop(method)
  if (rise) lower > 0 else upper < 0
}
power_change <- function(method, n, level, p0, p1) {
  m <- shows_change(method, n, level, p1 > p0)
  sum(outer(dbinom(0:n, n, p1), dbinom(0:n, n, p0)) * m)
}
ccases <- data.frame(method = c("newcombe", "newcombe", "newcombe", "wald", "newcombe", "newcombe"),
                     level = c(0.95, 0.95, 0.95, 0.90, 0.95, 0.99),
                     p0 = c(0.90, 0.95, 0.05, 0.90, 0.30, 0.60),
                     p1 = c(0.95, 0.90, 0.10, 0.95, 0.90, 0.50),
                     power = c(0.8, 0.8, 0.9, 0.9, 0.8, 0.8), stringsAsFactors = FALSE)
change_rows <- NULL
for (i in seq_len(nrow(ccases))) {
  cs <- ccases[i, ]
  n <- 1
  repeat { pw <- power_change(cs$method, n, cs$level, cs$p0, cs$p1); if (pw >= cs$power) break; n <- n + 1 }
  n_normal <- ceiling(power.prop.test(p1 = cs$p0, p2 = cs$p1, power = cs$power,
                                      sig.level = 1 - cs$level)$n)
  change_rows <- rbind(change_rows, data.frame(
    method = cs$method, level = cs$level, baseline = cs$p0, current = cs$p1,
    power_wanted = cs$power, n = n, power = pw,
    power_n_minus_1 = power_change(cs$method, n - 1, cs$level, cs$p0, cs$p1),
    n_normal = n_normal,
    power_at_n_normal = power_change(cs$method, n_normal, cs$level, cs$p0, cs$p1),
    power_at_100 = power_change(cs$method, 100, cs$level, cs$p0, cs$p1)))
}
stopifnot(all(change_rows$power_n_minus_1 < change_rows$power_wanted))
write.csv(change_rows, file.path(out, "sampling_change.csv"), row.names = FALSE, quote = FALSE)
