#!/usr/bin/env Rscript
# spotcheck — reference values for the allocation of a total sample over strata
# (src/lib/allocate.c, contract A1-A5 of include/spotcheck/allocate.h), computed in base R
# by another algorithm than the C code's.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: Rscript scripts/ref-allocate.R [output-dir]     (default tests/data)
# Writes allocate.csv: case,allocation,total,min,stratum,population,rate,quota,n
#
#   weights   equal 1, proportional N_h, neyman N_h sqrt(p_h (1 - p_h))
#   quota     the bounded share clamp(lambda w_h, m_h, N_h), m_h = min(min, N_h), summing to
#             the total: found by fixing strata at a bound and sharing the rest again (Cochran
#             1977, 5.8) until none is out of bounds, then checked: every stratum inside its
#             bounds has q = lambda w, every one at N_h has lambda w >= N_h, every one at m_h
#             has lambda w <= m_h.  When the strata of positive weight are all taken whole
#             and the total is not reached, the rest is shared in proportion to N_h among the
#             others.
#   n         floor(quota), then one more to the largest remainders (remainders rounded to
#             1e-9; ties in stratum order), so that the n sum to the total.
options(digits = 17)
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[1] else "tests/data"

bounded <- function(w, low, high, total) {
  k <- length(w); fixed <- rep(NA_real_, k)
  fixed[w == 0] <- low[w == 0]
  repeat {
    free <- is.na(fixed)
    rest <- total - sum(fixed[!free])
    lambda <- rest / sum(w[free])
    q <- ifelse(free, lambda * w, fixed)
    over <- free & q > high; under <- free & q < low
    if (!any(over | under)) break
    if (any(over)) fixed[over] <- high[over] else fixed[under] <- low[under]
  }
  inside <- is.na(fixed)
  top <- !inside & q == high & w > 0 & low < high
  bottom <- !inside & q == low & w > 0 & low < high
  stopifnot(abs(sum(q) - total) < 1e-9 * total,
            all(abs(q[inside] - lambda * w[inside]) <= 1e-9 * q[inside]),
            all(lambda * w[top] >= high[top] - 1e-9), all(lambda * w[bottom] <= low[bottom] + 1e-9))
  q
}
allocate <- function(how, N, p, total, minimum) {
  w <- switch(how, equal = rep(1, length(N)), proportional = N, neyman = N * sqrt(p * (1 - p)))
  low <- pmin(minimum, N)
  reach <- sum(ifelse(w > 0, N, low))
  if (total <= reach) {
    q <- bounded(w, low, N, total)
  } else {
    low2 <- ifelse(w > 0, N, low)
    q <- bounded(ifelse(w > 0, 0, N), low2, N, total)
  }
  n <- floor(q)
  key <- round((q - n) * 1e9)
  missing <- total - sum(n)
  can <- which(n < N)
  give <- can[order(-key[can], can)][seq_len(missing)]
  n[give] <- n[give] + 1
  stopifnot(sum(n) == total, all(n >= low), all(n <= N))
  data.frame(quota = q, n = n)
}

cases <- list(
  list(name = "proportional", how = "proportional", N = c(500, 300, 200), p = NA, total = 100, min = 0),
  list(name = "proportional-round", how = "proportional", N = c(100, 250, 650), p = NA, total = 33, min = 0),
  list(name = "equal-tie", how = "equal", N = c(100, 100, 100), p = NA, total = 10, min = 0),
  list(name = "equal-cap", how = "equal", N = c(2, 50, 50), p = NA, total = 30, min = 0),
  list(name = "neyman", how = "neyman", N = c(1000, 500, 200), p = c(0.95, 0.90, 0.70), total = 150, min = 0),
  list(name = "neyman-min", how = "neyman", N = c(1000, 500, 200, 40), p = c(0.99, 0.95, 0.90, 0.999), total = 120, min = 20),
  list(name = "neyman-cap", how = "neyman", N = c(10, 1000), p = c(0.5, 0.999), total = 100, min = 0),
  list(name = "neyman-no-variance", how = "neyman", N = c(100, 10), p = c(1, 0.5), total = 50, min = 0),
  list(name = "proportional-min-cap", how = "proportional", N = c(5, 40, 955, 3000), p = NA, total = 200, min = 8),
  list(name = "counties", how = "proportional", N = c(412, 268, 175, 96, 49), p = NA, total = 80, min = 5),
  # datasets/demo/strata.csv, as in the README and the CLI case plan-strata-neyman-min
  list(name = "demo-neyman-min", how = "neyman", N = c(318, 918, 5310, 3002),
       p = c(0.988, 0.969, 0.949, 0.936), total = 400, min = 20)
)
rows <- NULL
for (cs in cases) {
  p <- if (length(cs$p) == 1 && is.na(cs$p)) rep(NA, length(cs$N)) else cs$p
  a <- allocate(cs$how, cs$N, p, cs$total, cs$min)
  rows <- rbind(rows, data.frame(case = cs$name, allocation = cs$how, total = cs$total, min = cs$min,
                                 stratum = seq_along(cs$N), population = cs$N, rate = p,
                                 quota = a$quota, n = a$n))
}
write.csv(rows, file.path(out, "allocate.csv"), row.names = FALSE, quote = FALSE, na = "")
