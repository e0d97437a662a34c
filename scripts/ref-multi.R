#!/usr/bin/env Rscript
# spotcheck — reference values for the k-group module (src/lib/multi*.c),
# computed in base R from the published definitions, independently of the
# C code.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: Rscript scripts/ref-multi.R [output-dir]     (default tests/data)
# Writes (groups are written "n:passed|n:passed|...", in order):
#   multi_homogeneity.csv  case,groups,k,df,pearson,pearson_p,g,g_p,min_expected,source
#   multi_rest.csv         case,index,n,passed,rest_n,rest_passed,statistic,p_value
#   multi_mc.csv           case,groups,statistic,exact_p,tables,source
#   multi_adjust.csv       case,method,index,p,adjusted          (NA for missing)
#   multi_funnel_exact.csv n,theta,probability,quantile,limit
#   multi_funnel.csv       case,dispersion,theta,index,n,passed,phi,tau2,adjusted,
#                          lower95,upper95,lower998,upper998,class
#
# Definitions (the contracts of src/lib/multi.c M1-M8, multi_adjust.c A1-A4,
# multi_funnel.c F1-F9):
#   - Pearson X^2 = sum (O - E)^2 / E = sum_i d_i^2 / (n_i X F) with
#     d_i = x_i N - n_i X computed exactly (limb arithmetic below), p-value
#     pchisq(., k - 1, lower.tail = FALSE); cross-checked against
#     chisq.test(correct = FALSE) to 1e-9.
#   - G = 2 sum O log(O / E) (0 log 0 = 0), evaluated as 2 sum E phi(u) with
#     u = (O - E) / E and phi(u) = (1 + u) log1p(u) - u (series for |u| < 0.01)
#     so that near-homogeneous tables keep their digits; cross-checked against
#     the naive 2 sum O log(O / E) to 1e-8.
#   - Monte-Carlo: the oracle is the exact conditional p-value
#     P(X^2 >= (1 - 64 eps) X^2_obs) over all tables with the observed margins
#     (multivariate hypergeometric, full enumeration); the C test compares its
#     Monte-Carlo estimate within binomial error.
#   - p.adjust(p, method) itself.
#   - Funnel: qbinom/pbinom with Spiegelhalter's interpolation; winsorised
#     z-scores with quantile(type = 7); DerSimonian-Laird tau^2.
#
# Tested with R 4.2.2 (Debian 12 r-base-core).

args <- commandArgs(trailingOnly = TRUE)
out_dir <- if (length(args) >= 1) args[1] else "tests/data"
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

fmt <- function(v) ifelse(is.na(v) & !is.nan(v), "NA", sprintf("%.17g", v))
rel <- function(a, b) ifelse(a == b, 0, abs(a - b) / pmax(abs(a), abs(b), 1e-300))
check <- function(what, ours, theirs, tol = 1e-9) {
  e <- max(rel(ours, theirs))
  if (!(e <= tol)) stop(sprintf("cross-check %s: relative error %.3g", what, e))
}
groups_field <- function(n, x) paste(sprintf("%.0f:%.0f", n, x), collapse = "|")

# ---- exact a*b - c*e for integers below 2^53 (limbs of 2^20) ----------------
limbs <- function(a) c(a %% 2^20, (a %/% 2^20) %% 2^20, a %/% 2^40)
limb_product <- function(a, b) {
  A <- limbs(a); B <- limbs(b); out <- numeric(5)
  for (i in 1:3) for (j in 1:3) out[i + j - 1] <- out[i + j - 1] + A[i] * B[j]
  out
}
normalise <- function(d) {  # carries so that limbs 1..4 lie in [0, 2^20)
  for (i in 1:4) { carry <- d[i] %/% 2^20; d[i] <- d[i] - carry * 2^20; d[i + 1] <- d[i + 1] + carry }
  d
}
exact_cross <- function(a, b, c, e) {
  d <- normalise(limb_product(a, b) - limb_product(c, e))  # exact: |limb| < 2^45
  negative <- d[5] < 0  # the lower limbs are >= 0 and below 2^80
  if (negative) d <- normalise(-d)
  v <- 0; for (i in 5:1) v <- v * 2^20 + d[i]  # all limbs >= 0: no cancellation
  if (negative) -v else v
}

# ---- homogeneity (M2-M5) -----------------------------------------------------
phi_dev <- function(u) {  # (1 + u) log1p(u) - u
  if (u == -1) return(1)
  if (abs(u) < 0.01) {
    j <- 2:40
    return(sum((-1)^j * u^j / (j * (j - 1))))
  }
  (1 + u) * log1p(u) - u
}

homogeneity <- function(n, x) {
  keep <- n > 0; n <- n[keep]; x <- x[keep]
  k <- length(n); N <- sum(n); X <- sum(x); F <- N - X
  E1 <- n * X / N; E2 <- n * F / N
  if (X == 0 || F == 0)
    return(list(k = k, df = k - 1, pearson = 0, pearson_p = 1, g = 0, g_p = 1,
                min_expected = min(E1, E2)))
  d <- mapply(exact_cross, x, N, n, X)
  pearson <- sum(d^2 / (n * X * F))
  g <- 0
  for (i in seq_len(k)) {
    delta <- d[i] / N
    g <- g + E1[i] * phi_dev(delta / E1[i]) + E2[i] * phi_dev(-delta / E2[i])
  }
  g <- 2 * g
  if (N < 1e6) {  # chisq.test and the naive G are accurate here (the naive G loses
                  # ~1e-8 on near-homogeneous tables with N = 5e6)
    tab <- cbind(x, n - x)
    check("chisq.test statistic", pearson,
          unname(suppressWarnings(chisq.test(tab, correct = FALSE))$statistic))
    O <- c(x, n - x); E <- c(E1, E2)
    check("naive G", g, 2 * sum(ifelse(O == 0, 0, O * log(O / E))), 1e-8)
  }
  list(k = k, df = k - 1, pearson = pearson, pearson_p = pchisq(pearson, k - 1, lower.tail = FALSE),
       g = g, g_p = pchisq(g, k - 1, lower.tail = FALSE), min_expected = min(E1, E2))
}

cases <- list()
add_case <- function(name, n, x, source)
  cases[[name]] <<- list(n = as.numeric(n), x = as.numeric(x), source = source)

add_case("small3", c(50, 60, 70), c(45, 50, 66), "constructed")
add_case("small4", c(20, 35, 12, 40), c(18, 30, 12, 31), "constructed")
add_case("two-groups", c(263, 148), c(81, 15), "Newcombe 1998 counts")
add_case("sparse5", c(8, 10, 6, 12, 9), c(8, 9, 4, 12, 7), "constructed, expected < 5")
add_case("sparse3", c(5, 7, 9), c(1, 4, 2), "constructed, expected < 5")
add_case("with-empty", c(30, 0, 40, 0, 25), c(27, 0, 31, 0, 25), "n = 0 groups dropped")
add_case("homogeneous", c(100, 200, 300), c(90, 180, 270), "equal rates: X^2 = 0")
add_case("all-pass", c(10, 20, 30), c(10, 20, 30), "zero column: 0 and p = 1 (M4)")
add_case("none-pass", c(10, 20), c(0, 0), "zero column: 0 and p = 1 (M4)")
add_case("near-homogeneous-1e6", c(1e6, 1e6, 1e6, 1e6, 1e6),
         c(980012, 979990, 980004, 979999, 979995), "constructed, large n, X^2 small")
add_case("large-unbalanced", c(3e7, 1234, 5e6, 77), c(29400001, 1200, 4899876, 70), "constructed")
add_case("huge-fma", c(4e12, 3e12 + 7, 5e12 + 11), c(3.9e12 + 123457, 2.925e12 + 3, 4.875e12 - 98765),
         "constructed, N > 2^32 (fma path)")
add_case("huge-homog", c(2^51, 2^51 + 3, 2^50), c(2^50, 2^50 + 1, 2^49 + 1),
         "constructed, N near 2^53")
# SAMR, 2019 H2 food safety sampling by category (35 categories, 3,673,579
# batches), as in shared/reference/real-data/food_safety_sampling_2019H2_by_category.csv
# (https://m.lab216.com/law/show-1274.html): batches_sampled and qualified.
food <- data.frame(
  batches_sampled = c(183408, 87631, 143179, 123107, 49667, 119279, 41551, 30245, 23218,
    15395, 37983, 32028, 33499, 38418, 106329, 74989, 42741, 37601, 13563, 2107, 15925,
    27843, 54390, 170609, 64126, 14242, 15833, 4874, 196, 5293, 380762, 5875, 1649916,
    16508, 11249),
  qualified = c(181678, 86403, 142022, 121376, 49535, 117001, 40072, 29962, 23108, 14971,
    37788, 31648, 33236, 38102, 103704, 71636, 41418, 36448, 13509, 2100, 15717, 27353,
    52747, 167192, 63131, 13909, 15763, 4839, 196, 5281, 358480, 5862, 1618762, 16476,
    10219))
stopifnot(sum(food$batches_sampled) == 3673579, sum(food$qualified) == 3591644)
food$unqualified <- food$batches_sampled - food$qualified
add_case("food-2019H2", food$batches_sampled, food$qualified,
         "SAMR 2019 H2 food sampling by category (35 categories)")
set.seed(20240501)
nr <- sample(20:400, 300, replace = TRUE)
add_case("random300", nr, rbinom(300, nr, 0.93), "set.seed(20240501), rbinom")
nr <- sample(c(0, 1, 2, 3, 5, 8, 13), 2000, replace = TRUE)
add_case("tiny2000", nr, rbinom(2000, nr, 0.8), "set.seed(20240501), small groups")

hom_rows <- character(0)
rest_rows <- character(0)
for (name in names(cases)) {
  cs <- cases[[name]]
  h <- homogeneity(cs$n, cs$x)
  hom_rows <- c(hom_rows, paste(name, groups_field(cs$n, cs$x), h$k, fmt(h$df), fmt(h$pearson),
                                fmt(h$pearson_p), fmt(h$g), fmt(h$g_p), fmt(h$min_expected),
                                paste0("\"", cs$source, "\""), sep = ","))
  # group vs rest (M8)
  N <- sum(cs$n); X <- sum(cs$x); F <- N - X
  for (i in seq_along(cs$n)) {
    n <- cs$n[i]; x <- cs$x[i]
    if (n == 0 || n == N) { stat <- NaN; pv <- NaN }
    else if (X == 0 || F == 0) { stat <- 0; pv <- 1 }
    else {
      d <- exact_cross(x, N, n, X)
      stat <- N * d^2 / (n * (N - n) * X * F)
      pv <- pchisq(stat, 1, lower.tail = FALSE)
      if (N < 1e7) {
        tab <- matrix(c(x, n - x, X - x, F - (n - x)), 2, byrow = TRUE)
        check("2x2 chisq.test", stat, unname(suppressWarnings(chisq.test(tab, correct = FALSE))$statistic))
      }
    }
    if (name %in% c("tiny2000", "random300") && i > 40) next  # keep the file small
    rest_rows <- c(rest_rows, paste(name, i - 1, fmt(n), fmt(x), fmt(N - n), fmt(X - x),
                                    fmt(stat), fmt(pv), sep = ","))
  }
}
writeLines(c("case,groups,k,df,pearson,pearson_p,g,g_p,min_expected,source", hom_rows),
           file.path(out_dir, "multi_homogeneity.csv"))
writeLines(c("case,index,n,passed,rest_n,rest_passed,statistic,p_value", rest_rows),
           file.path(out_dir, "multi_rest.csv"))

# ---- Monte-Carlo oracle: exact conditional p-value (M6) ----------------------
pearson_of <- function(n, x, X, N) {
  d <- x * N - n * X  # exact: small counts
  sum(d^2 / n) / (X * (N - X))
}
exact_mc <- function(n, x) {
  keep <- n > 0; n <- n[keep]; x <- x[keep]
  N <- sum(n); X <- sum(x)
  obs <- pearson_of(n, x, X, N)
  grid <- as.matrix(do.call(expand.grid, lapply(n, function(m) 0:m)))
  grid <- grid[rowSums(grid) == X, , drop = FALSE]
  logp <- rowSums(sapply(seq_along(n), function(i) lchoose(n[i], grid[, i]))) - lchoose(N, X)
  prob <- exp(logp)
  stopifnot(abs(sum(prob) - 1) < 1e-12)
  stats <- apply(grid, 1, function(v) pearson_of(n, v, X, N))
  list(statistic = obs, p = sum(prob[stats >= (1 - 64 * .Machine$double.eps) * obs]),
       tables = nrow(grid))
}
mc_cases <- list(
  list(name = "sparse5", n = c(8, 10, 6, 12, 9), x = c(8, 9, 4, 12, 7)),
  list(name = "sparse3", n = c(5, 7, 9), x = c(1, 4, 2)),
  list(name = "small4", n = c(20, 35, 12, 40), x = c(18, 30, 12, 31)),
  list(name = "mid-p", n = c(6, 6, 6, 6), x = c(6, 5, 4, 3)),
  list(name = "two-groups", n = c(15, 12), x = c(14, 7)),
  list(name = "with-empty", n = c(7, 0, 9, 4), x = c(2, 0, 6, 3)),
  list(name = "rare-events", n = c(25, 30, 20, 28), x = c(1, 0, 3, 0)))
mc_rows <- character(0)
for (cs in mc_cases) {
  e <- exact_mc(cs$n, cs$x)
  mc_rows <- c(mc_rows, paste(cs$name, groups_field(cs$n, cs$x), fmt(e$statistic), fmt(e$p),
                              e$tables, "\"exact enumeration of the conditional distribution\"",
                              sep = ","))
}
writeLines(c("case,groups,statistic,exact_p,tables,source", mc_rows),
           file.path(out_dir, "multi_mc.csv"))

# ---- exact mean and variance of X^2 (M9): from the same enumeration --------
moment_cases <- c(mc_cases, list(
  list(name = "equal-sizes", n = c(5, 5, 5, 5, 5), x = c(5, 4, 5, 3, 5)),
  list(name = "half-pass", n = c(3, 9, 4, 7, 2, 5), x = c(2, 4, 2, 3, 1, 3)),
  list(name = "ones", n = c(1, 1, 2, 1, 3, 1, 1), x = c(1, 0, 1, 1, 2, 0, 1))))
exact_moments <- function(n, x) {
  keep <- n > 0; n <- n[keep]; x <- x[keep]
  N <- sum(n); X <- sum(x)
  grid <- as.matrix(do.call(expand.grid, lapply(n, function(m) 0:m)))
  grid <- grid[rowSums(grid) == X, , drop = FALSE]
  prob <- exp(rowSums(sapply(seq_along(n), function(i) lchoose(n[i], grid[, i]))) - lchoose(N, X))
  stats <- apply(grid, 1, function(v) pearson_of(n, v, X, N))
  m <- sum(prob * stats)
  c(mean = m, variance = sum(prob * (stats - m)^2))
}
moment_rows <- character(0)
for (cs in moment_cases) {
  e <- exact_moments(cs$n, cs$x)
  moment_rows <- c(moment_rows, paste(cs$name, groups_field(cs$n, cs$x), fmt(e[["mean"]]),
                                      fmt(e[["variance"]]),
                                      "\"exact enumeration of the conditional distribution\"",
                                      sep = ","))
}
writeLines(c("case,groups,mean,variance,source", moment_rows),
           file.path(out_dir, "multi_moments.csv"))

# ---- many sparse groups (M9): R's own Monte-Carlo p-value, B = 100000 -------
# Groups of 3 to 60 batches with a 5% unqualified rate; R's chisq.test
# simulates the conditional distribution (r2dtable).  The C test checks the
# two-moment p-value against it within Monte-Carlo error.
set.seed(20261205)
many_rows <- character(0)
for (spec in list(c(1000, 1), c(1000, 2), c(3000, 3), c(1000, 4))) {
  k <- spec[1]
  n <- sample(3:60, k, replace = TRUE)
  x <- n - rbinom(k, n, 0.05 * (if (spec[2] == 4) runif(k, 0.7, 1.3) else 1))
  tab <- cbind(x, n - x)
  tab <- tab[n > 0, ]
  r <- suppressWarnings(chisq.test(tab, simulate.p.value = TRUE, B = 100000))
  many_rows <- c(many_rows, paste(sprintf("sparse%d-%d", k, spec[2]), groups_field(n, x),
                                  fmt(unname(r$statistic)), fmt(r$p.value), 100000,
                                  "\"R chisq.test(simulate.p.value = TRUE, B = 100000)\"",
                                  sep = ","))
}
writeLines(c("case,groups,statistic,simulated_p,tables,source", many_rows),
           file.path(out_dir, "multi_many.csv"))

# ---- p.adjust (A1-A4) ------------------------------------------------------
set.seed(7)
adjust_cases <- list(
  "ten" = c(0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.5),
  "ties" = c(0.02, 0.01, 0.02, 0.04, 0.01, 0.02, 0.3, 0.3),
  "with-na" = c(0.04, NA, 0.001, 0.2, NA, 0.03, 0.5),
  "length1" = c(0.03),
  "length1-na" = c(NA, 0.03, NA),
  "length2" = c(0.04, 0.02),
  "length3" = c(0.04, 0.02, 0.9),
  "zeros-ones" = c(0, 1, 0.5, 0, 1e-300, 1),
  "unif50" = runif(50),
  "mixed50" = c(runif(10, 0, 1e-4), runif(20, 0, 0.05), runif(20)),
  "tiny" = c(1e-15, 2e-15, 3e-10, 5e-8, 0.2),
  "all-na" = c(NA, NA),
  "n1000" = c(rbeta(300, 0.2, 3), runif(700)))
adjust_rows <- character(0)
for (case in names(adjust_cases)) {
  p <- adjust_cases[[case]]
  for (m in c(p.adjust.methods)) {
    a <- p.adjust(p, m)
    if (case == "n1000" && !(m %in% c("holm", "hochberg", "hommel", "BY"))) next
    meth <- m
    adjust_rows <- c(adjust_rows, paste(case, meth, seq_along(p) - 1, fmt(p), fmt(a), sep = ","))
  }
}
writeLines(c("case,method,index,p,adjusted", adjust_rows), file.path(out_dir, "multi_adjust.csv"))

# ---- funnel: exact limits (F2, F3) --------------------------------------------
exact_limit <- function(n, theta, prob) {
  if (theta == 0 || theta == 1) return(c(NA, theta))
  r <- qbinom(prob, n, theta)
  Fr <- pbinom(r, n, theta); Fr1 <- pbinom(r - 1, n, theta)
  alpha <- (Fr - prob) / (Fr - Fr1)
  c(r, min(1, max(0, (r - alpha) / n)))
}
funnel_rows <- character(0)
probs <- c(0.025, 0.975, 0.001, 0.999)
for (n in c(1, 2, 3, 5, 10, 20, 37, 50, 100, 250, 1000, 4321, 1e4, 1e5, 1e6, 1e7, 3673579, 1649916)) {
  for (theta in c(0.001, 0.02, 0.05, 0.3, 0.5, 0.9, 0.95, 0.978, 0.99, 0.999, 0, 1)) {
    for (prob in probs) {
      v <- exact_limit(n, theta, prob)
      funnel_rows <- c(funnel_rows, paste(fmt(n), fmt(theta), fmt(prob), fmt(v[1]), fmt(v[2]), sep = ","))
    }
  }
}
writeLines(c("n,theta,probability,quantile,limit", funnel_rows),
           file.path(out_dir, "multi_funnel_exact.csv"))

# ---- funnel: over-dispersion and classes (F4-F8) -----------------------------
funnel_fit <- function(n, x, theta, dispersion) {
  keep <- n > 0; k <- sum(keep)
  phi <- NaN; tau2 <- NaN; adjusted <- FALSE
  if (dispersion != "none" && k >= 2 && theta > 0 && theta < 1) {
    y <- x[keep] / n[keep]
    z <- (y - theta) / sqrt(theta * (1 - theta) / n[keep])
    q <- quantile(z, c(0.1, 0.9), type = 7, names = FALSE)
    zw <- pmin(pmax(z, q[1]), q[2])
    phi <- sum(zw^2) / k
    if (dispersion == "multiplicative") adjusted <- phi > 1
    else {
      w <- n[keep] / (theta * (1 - theta))
      tau2 <- max(0, (k * phi - (k - 1)) / (sum(w) - sum(w^2) / sum(w)))
      adjusted <- tau2 > 0
    }
  }
  list(phi = phi, tau2 = tau2, adjusted = adjusted)
}
funnel_limits <- function(n, theta, dispersion, fit) {
  if (n == 0) return(rep(NaN, 4))
  if (!fit$adjusted) return(sapply(probs, function(p) exact_limit(n, theta, p)[2]))
  v <- theta * (1 - theta) / n
  v <- if (dispersion == "multiplicative") fit$phi * v else v + fit$tau2
  pmin(1, pmax(0, theta + qnorm(probs) * sqrt(v)))
}
classify <- function(n, x, lim) {
  if (n == 0) return("NA")
  y <- x / n
  if (y > lim[4]) "above998" else if (y > lim[2]) "above95" else if (y < lim[3]) "below998"
  else if (y < lim[1]) "below95" else "within"
}
fcases <- list(
  list(name = "food-2019H2", n = food$batches_sampled, x = food$qualified),
  list(name = "food-2019H2-unqualified", n = food$batches_sampled, x = food$unqualified),
  list(name = "random300", n = cases[["random300"]]$n, x = cases[["random300"]]$x),
  list(name = "provinces", n = c(120, 85, 300, 45, 0, 210, 66, 150, 99, 500, 30, 75),
       x = c(112, 80, 291, 37, 0, 206, 60, 149, 90, 471, 30, 61)),
  list(name = "homogeneous", n = c(200, 400, 600, 800, 1000), x = c(190, 380, 570, 760, 950)),
  list(name = "one-group", n = c(0, 50), x = c(0, 40)),
  list(name = "all-pass", n = c(10, 20, 30), x = c(10, 20, 30)))
funnel_group_rows <- character(0)
for (cs in fcases) {
  keep <- cs$n > 0
  pooled <- sum(cs$x) / sum(cs$n)
  for (dispersion in c("none", "multiplicative", "additive")) {
    for (theta in unique(c(pooled, 0.95))) {
      fit <- funnel_fit(cs$n, cs$x, theta, dispersion)
      for (i in seq_along(cs$n)) {
        lim <- funnel_limits(cs$n[i], theta, dispersion, fit)
        funnel_group_rows <- c(funnel_group_rows, paste(cs$name, dispersion, fmt(theta), i - 1,
          fmt(cs$n[i]), fmt(cs$x[i]), fmt(fit$phi), fmt(fit$tau2), as.integer(fit$adjusted),
          fmt(lim[1]), fmt(lim[2]), fmt(lim[3]), fmt(lim[4]), classify(cs$n[i], cs$x[i], lim),
          sep = ","))
      }
    }
  }
}
writeLines(c(paste0("case,dispersion,theta,index,n,passed,phi,tau2,adjusted,",
                    "lower95,upper95,lower998,upper998,class"), funnel_group_rows),
           file.path(out_dir, "multi_funnel.csv"))

cat(sprintf("%d moments, %d many-group rows; ", length(moment_rows), length(many_rows)))
cat(sprintf("%d homogeneity, %d rest, %d monte-carlo, %d adjust, %d exact-limit, %d funnel rows written to %s\n",
            length(hom_rows), length(rest_rows), length(mc_rows), length(adjust_rows),
            length(funnel_rows), length(funnel_group_rows), out_dir))
