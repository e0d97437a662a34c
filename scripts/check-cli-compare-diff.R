#!/usr/bin/env Rscript
# spotcheck — checks the numbers of the CLI golden cases of `spotcheck compare`
# and `spotcheck diff` (tests/cli/cases/compare-*, diff-*) against R.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (from the top of the source tree):
#   Rscript scripts/check-cli-compare-diff.R [cases-dir]   (default tests/cli/cases)
#
# The script reads the expected stdout of the cases (csv output at full
# precision), which ctest holds equal to what the tools print, and recomputes
# every number from the data files themselves (it aggregates
# datasets/demo/records.csv, datasets/real/food_2019h2.csv and the cases'
# input.csv in R), independently of the C code:
#   - one proportion: Wilson = prop.test(x, n, correct = FALSE)$conf.int;
#     Clopper-Pearson = binom.test(x, n)$conf.int; Jeffreys = qbeta(., x + 1/2,
#     n - x + 1/2) with the limit 0 at x = 0 and 1 at x = n (SAS).
#   - p1 - p2: Newcombe (1998) method 10 from the Wilson limits above, method 11
#     from the continuity-corrected Wilson limits (cross-checked with
#     prop.test(correct = TRUE) where R does not shrink the correction), Wald
#     and Wald-cc (cross-checked with the two-sample prop.test conf.int),
#     Agresti-Caffo, Miettinen-Nurminen by inverting the score test with the
#     N/(N-1) variance factor (restricted MLE from the cubic of Farrington &
#     Manning 1990, limits by uniroot).
#   - p-values: prop.test(c(x1, x2), c(n1, n2), correct = FALSE or TRUE)$p.value,
#     or fisher.test() when an expected count is under 5.
#   - relative rate (Katz log interval) and odds ratio (Woolf), 0.5 added to
#     every cell when one is 0 (cross-checked with metafor::escalc when it is
#     installed).
#   - k groups: chisq.test(cbind(x, n - x), correct = FALSE) statistic, df and
#     p-value; G = 2 sum O log(O / E); the Monte-Carlo p-value is checked to be
#     within Monte-Carlo error of chisq.test(simulate.p.value = TRUE) with
#     B = 100000 (and is printed beside R's B = 2000 value).
#   - pairwise: each pair's difference and test as above, and p_adjusted equal
#     to p.adjust(p_value, method) of the tool's own raw p-values.
#   - funnel limits (Spiegelhalter 2005): r = qbinom(P, n, theta),
#     a = (pbinom(r) - P) / (pbinom(r) - pbinom(r - 1)), limit = (r - a) / n;
#     multiplicative: theta -+ z sqrt(phi theta (1 - theta) / n) when phi > 1,
#     phi the mean of the z-scores squared, winsorised at quantile(type = 7)
#     10% and 90%; additive: theta -+ z sqrt(theta (1 - theta) / n + tau2),
#     tau2 DerSimonian-Laird; and each group's class.
#   - diff verdicts from the R interval; sort orders.
# Tolerance: 1e-9 relative (or 1e-15 absolute near 0), DESIGN.md section 7; p-values
# below 1e-290 (denormal in part) to 1e-3 relative.
# The script prints the largest relative difference per check and exits with
# status 1 if any value is out of tolerance.
#
# Tested with R 4.2.2.

args <- commandArgs(trailingOnly = TRUE)
cases_dir <- if (length(args) >= 1) args[1] else "tests/cli/cases"
options(warn = 1)

REL_TOL <- 1e-9
ABS_TOL <- 1e-15

# ---- bookkeeping ------------------------------------------------------------------
worst <- new.env()   # check name -> largest relative difference
counts <- new.env()  # check name -> number of values compared
failures <- character(0)

note <- function(check, rel) {
  old <- if (exists(check, envir = worst)) get(check, envir = worst) else 0
  assign(check, max(old, rel), envir = worst)
  n <- if (exists(check, envir = counts)) get(check, envir = counts) else 0
  assign(check, n + 1, envir = counts)
}

# Compares one value of the tool with R's.  NA must meet NA.
same <- function(check, where, tool, ref, rel_tol = REL_TOL, abs_tol = ABS_TOL) {
  if (is.na(ref) || is.na(tool)) {
    if (!(is.na(ref) && is.na(tool)))
      failures <<- c(failures, sprintf("%s: %s: tool %s, R %s", check, where, tool, ref))
    return(invisible())
  }
  if (is.infinite(ref) || is.infinite(tool)) {
    if (tool != ref)
      failures <<- c(failures, sprintf("%s: %s: tool %s, R %s", check, where, tool, ref))
    return(invisible())
  }
  diff <- abs(tool - ref)
  rel <- if (ref != 0) diff / abs(ref) else diff
  note(check, rel)
  if (diff > abs_tol && rel > rel_tol)
    failures <<- c(failures, sprintf("%s: %s: tool %.17g, R %.17g (rel %.3g)",
                                     check, where, tool, ref, rel))
}

same_text <- function(check, where, tool, ref) {
  note(check, 0)
  if (!identical(as.character(tool), as.character(ref)))
    failures <<- c(failures, sprintf("%s: %s: tool \"%s\", R \"%s\"", check, where, tool, ref))
}

# ---- reading cases and data ---------------------------------------------------------
# The csv table of a case's stdout: `skip` lines first, then at most `rows` rows.
read_case <- function(name, skip = 0, rows = -1) {
  path <- file.path(cases_dir, name, "stdout")
  if (!file.exists(path)) stop("no such case: ", name)
  lines <- readLines(path, encoding = "UTF-8")
  lines <- lines[(skip + 1):length(lines)]
  if (rows >= 0) lines <- lines[1:(rows + 1)]
  read.csv(text = paste(lines, collapse = "\n"), check.names = FALSE,
           colClasses = "character", na.strings = "", encoding = "UTF-8")
}
num <- function(v) as.numeric(v)

read_data <- function(path) {
  read.csv(path, check.names = FALSE, colClasses = "character", encoding = "UTF-8")
}
demo <- read_data("datasets/demo/records.csv")
demo$n <- 1
demo$passed <- as.numeric(demo[["检验结论"]] == "合格")
food <- read_data("datasets/real/food_2019h2.csv")
food$n <- num(food[["抽检批次"]])
food$passed <- food$n - num(food[["不合格批次"]])
case_input <- function(name, n_col, pass_col = NULL, fail_col = NULL) {
  d <- read_data(file.path(cases_dir, name, "input.csv"))
  d$n <- num(d[[n_col]])
  d$passed <- if (!is.null(pass_col)) num(d[[pass_col]]) else d$n - num(d[[fail_col]])
  d
}

# Counts per group in order of first appearance: data frame of key columns, n, passed.
aggregate_by <- function(d, by) {
  key <- if (length(by)) do.call(paste, c(lapply(by, function(b) d[[b]]), sep = "\r")) else
    rep("", nrow(d))
  order <- unique(key)
  n <- tapply(d$n, factor(key, levels = order), sum)
  passed <- tapply(d$passed, factor(key, levels = order), sum)
  out <- data.frame(key = order, n = as.numeric(n), passed = as.numeric(passed),
                    stringsAsFactors = FALSE)
  for (b in by) out[[b]] <- d[[b]][match(order, key)]
  out
}
key_of <- function(t, by) do.call(paste, c(lapply(by, function(b) t[[b]]), sep = "\r"))

# ---- one proportion ------------------------------------------------------------------
z_of <- function(level) qnorm(1 - (1 - level) / 2)

wilson <- function(x, n, level) {
  if (n == 0) return(c(0, 1))
  as.numeric(suppressWarnings(prop.test(x, n, correct = FALSE, conf.level = level))$conf.int)
}

# Wilson with continuity correction: Wilson's limits at p -+ 1/(2n), 0 at x = 0 and
# 1 at x = n (Newcombe 1998 method 4).  Where |x - n/2| >= 1/2, R's prop.test
# applies the full correction too, and the two must agree.
wilson_cc <- function(x, n, level) {
  z <- z_of(level)
  at <- function(p, sign) {
    (p + z^2 / (2 * n) + sign * z * sqrt(p * (1 - p) / n + z^2 / (4 * n^2))) / (1 + z^2 / n)
  }
  p <- x / n
  lower <- if (x == 0) 0 else at(p - 1 / (2 * n), -1)
  upper <- if (x == n) 1 else at(p + 1 / (2 * n), +1)
  lim <- c(max(0, lower), min(1, upper))
  if (abs(x - n / 2) >= 0.5) {
    r <- as.numeric(suppressWarnings(prop.test(x, n, correct = TRUE, conf.level = level))$conf.int)
    same("wilson-cc vs prop.test(correct = TRUE)", sprintf("%g/%g", x, n), lim[1], r[1])
    same("wilson-cc vs prop.test(correct = TRUE)", sprintf("%g/%g", x, n), lim[2], r[2])
  }
  lim
}

clopper_pearson <- function(x, n, level) as.numeric(binom.test(x, n, conf.level = level)$conf.int)

jeffreys <- function(x, n, level) {
  a <- (1 - level) / 2
  c(if (x == 0) 0 else qbeta(a, x + 0.5, n - x + 0.5),
    if (x == n) 1 else qbeta(1 - a, x + 0.5, n - x + 0.5))
}

rate_interval <- function(method, x, n, level) {
  switch(method,
         wilson = wilson(x, n, level),
         "clopper-pearson" = clopper_pearson(x, n, level),
         jeffreys = jeffreys(x, n, level),
         stop("no R reference for ", method))
}

# ---- p1 - p2 ---------------------------------------------------------------------------
clip1 <- function(v) pmin(1, pmax(-1, v))

newcombe <- function(x1, n1, x2, n2, level, cc = FALSE) {
  w1 <- if (cc) wilson_cc(x1, n1, level) else wilson(x1, n1, level)
  w2 <- if (cc) wilson_cc(x2, n2, level) else wilson(x2, n2, level)
  p1 <- x1 / n1; p2 <- x2 / n2; d <- p1 - p2
  clip1(c(d - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2),
          d + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2)))
}

wald <- function(x1, n1, x2, n2, level, cc = FALSE) {
  p1 <- x1 / n1; p2 <- x2 / n2; d <- p1 - p2
  half <- z_of(level) * sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2) +
    (if (cc) (1 / n1 + 1 / n2) / 2 else 0)
  lim <- clip1(c(d - half, d + half))
  # prop.test's two-sample interval is Wald's, and Wald-cc's where it does not
  # shrink the correction (|d| >= (1/n1 + 1/n2) / 2)
  if (!cc || abs(d) >= (1 / n1 + 1 / n2) / 2) {
    r <- as.numeric(suppressWarnings(prop.test(c(x1, x2), c(n1, n2), correct = cc,
                                               conf.level = level))$conf.int)
    check <- if (cc) "wald-cc vs prop.test(correct = TRUE)" else "wald vs prop.test"
    same(check, sprintf("%g/%g - %g/%g", x1, n1, x2, n2), lim[1], r[1])
    same(check, sprintf("%g/%g - %g/%g", x1, n1, x2, n2), lim[2], r[2])
  }
  lim
}

agresti_caffo <- function(x1, n1, x2, n2, level) {
  p1 <- (x1 + 1) / (n1 + 2); p2 <- (x2 + 1) / (n2 + 2); d <- p1 - p2
  half <- z_of(level) * sqrt(p1 * (1 - p1) / (n1 + 2) + p2 * (1 - p2) / (n2 + 2))
  clip1(c(d - half, d + half))
}

# Miettinen & Nurminen (1985): the score statistic of H0: p1 - p2 = delta, with the
# restricted maximum likelihood estimates (Farrington & Manning 1990's closed form
# of the cubic, polyroot as a fallback) and the variance times N / (N - 1).
mn_restricted <- function(p1, n1, p2, n2, delta) {
  theta <- n2 / n1
  a <- 1 + theta
  b <- -(1 + theta + p1 + theta * p2 + delta * (theta + 2))
  c <- delta^2 + delta * (2 * p1 + theta + 1) + p1 + theta * p2
  d <- -p1 * delta * (1 + delta)
  v <- b^3 / (27 * a^3) - b * c / (6 * a^2) + d / (2 * a)
  u <- sign(v) * sqrt(max(0, b^2 / (9 * a^2) - c / (3 * a)))
  q1 <- NA
  if (u != 0) {
    w <- (pi + acos(max(-1, min(1, v / u^3)))) / 3
    q1 <- 2 * u * cos(w) - b / (3 * a)
  }
  lo <- max(0, delta); hi <- min(1, 1 + delta)
  if (is.na(q1) || q1 < lo - 1e-12 || q1 > hi + 1e-12) {
    roots <- polyroot(c(d, c, b, a))
    roots <- Re(roots[abs(Im(roots)) < 1e-9])
    roots <- roots[roots >= lo - 1e-12 & roots <= hi + 1e-12]
    loglik <- function(q) {
      q2 <- q - delta
      sum(c(n1 * p1 * log(q), n1 * (1 - p1) * log(1 - q), n2 * p2 * log(q2),
            n2 * (1 - p2) * log(1 - q2)), na.rm = TRUE)
    }
    q1 <- roots[which.max(sapply(roots, loglik))]
  }
  q1 <- min(hi, max(lo, q1))
  c(q1, q1 - delta)
}

mn_score <- function(x1, n1, x2, n2, delta) {
  p1 <- x1 / n1; p2 <- x2 / n2
  q <- mn_restricted(p1, n1, p2, n2, delta)
  N <- n1 + n2
  v <- (q[1] * (1 - q[1]) / n1 + q[2] * (1 - q[2]) / n2) * N / (N - 1)
  (p1 - p2 - delta) / sqrt(v)
}

miettinen_nurminen <- function(x1, n1, x2, n2, level) {
  z <- z_of(level)
  d <- x1 / n1 - x2 / n2
  f_lower <- function(delta) mn_score(x1, n1, x2, n2, delta) - z
  f_upper <- function(delta) mn_score(x1, n1, x2, n2, delta) + z
  edge <- 1 - 1e-13
  lower <- if (d <= -edge || f_lower(-edge) < 0) -1 else
    uniroot(f_lower, c(-edge, d), tol = 1e-15, maxiter = 2000)$root
  upper <- if (d >= edge || f_upper(edge) > 0) 1 else
    uniroot(f_upper, c(d, edge), tol = 1e-15, maxiter = 2000)$root
  c(lower, upper)
}

diff_interval <- function(method, x1, n1, x2, n2, level) {
  switch(method,
         newcombe = newcombe(x1, n1, x2, n2, level),
         "newcombe-cc" = newcombe(x1, n1, x2, n2, level, cc = TRUE),
         wald = wald(x1, n1, x2, n2, level),
         "wald-cc" = wald(x1, n1, x2, n2, level, cc = TRUE),
         "agresti-caffo" = agresti_caffo(x1, n1, x2, n2, level),
         "miettinen-nurminen" = miettinen_nurminen(x1, n1, x2, n2, level),
         stop("unknown method ", method))
}

# ---- ratios and tests -------------------------------------------------------------------
cells <- function(x1, n1, x2, n2) {
  a <- c(x1, n1 - x1, x2, n2 - x2)
  if (any(a == 0)) a <- a + 0.5
  a
}

katz <- function(x1, n1, x2, n2, level) {
  a <- cells(x1, n1, x2, n2)
  m1 <- a[1] + a[2]; m2 <- a[3] + a[4]
  est <- (a[1] / m1) / (a[3] / m2)
  se <- sqrt(1 / a[1] - 1 / m1 + 1 / a[3] - 1 / m2)
  c(est, exp(log(est) + c(-1, 1) * z_of(level) * se))
}

woolf <- function(x1, n1, x2, n2, level) {
  a <- cells(x1, n1, x2, n2)
  est <- (a[1] * a[4]) / (a[2] * a[3])
  se <- sqrt(sum(1 / a))
  c(est, exp(log(est) + c(-1, 1) * z_of(level) * se))
}

have_metafor <- suppressWarnings(requireNamespace("metafor", quietly = TRUE))
escalc_check <- function(x1, n1, x2, n2, rr, or) {
  if (!have_metafor) return(invisible())
  where <- sprintf("%g/%g vs %g/%g", x1, n1, x2, n2)
  e <- metafor::escalc("RR", ai = x1, bi = n1 - x1, ci = x2, di = n2 - x2)
  same("Katz vs metafor::escalc", where, log(rr[1]), as.numeric(e$yi))
  e <- metafor::escalc("OR", ai = x1, bi = n1 - x1, ci = x2, di = n2 - x2)
  same("Woolf vs metafor::escalc", where, log(or[1]), as.numeric(e$yi))
}

# The 2 x 2 test: Fisher's when an expected count is under 5, else Pearson's chi-square.
two_by_two <- function(x1, n1, x2, n2, yates = FALSE) {
  N <- n1 + n2; m1 <- x1 + x2; m2 <- N - m1
  expected <- c(n1 * m1, n1 * m2, n2 * m1, n2 * m2) / N
  if (any(expected < 5)) {
    m <- matrix(c(x1, n1 - x1, x2, n2 - x2), 2, byrow = TRUE)
    return(list(test = "fisher", p = fisher.test(m)$p.value))
  }
  list(test = "chisq",
       p = suppressWarnings(prop.test(c(x1, x2), c(n1, n2), correct = yates))$p.value)
}

# ---- compare: the groups table ------------------------------------------------------------
check_compare_groups <- function(case, data, by, fail = FALSE, method = "wilson",
                                 diff_method = "newcombe", level = 0.95, rows = -1,
                                 skip = 0, t = read_case(case, skip = skip, rows = rows)) {
  g <- aggregate_by(data, by)
  g$x <- if (fail) g$n - g$passed else g$passed
  total_n <- sum(g$n); total_x <- sum(g$x)
  at <- match(key_of(t, by), g$key)
  if (anyNA(at) || nrow(t) != nrow(g))
    failures <<- c(failures, sprintf("%s: groups differ from R's", case))
  for (r in seq_len(nrow(t))) {
    i <- at[r]
    x <- g$x[i]; n <- g$n[i]
    where <- sprintf("%s, %s", case, gsub("\r", " / ", g$key[i]))
    same("compare counts", where, num(t$n[r]), n)
    same("compare counts", where, num(t$passed[r]), g$passed[i])
    same("compare counts", where, num(t$failed[r]), n - g$passed[i])
    same("compare rate", where, num(t$rate[r]), if (n > 0) x / n else NA)
    ci <- rate_interval(method, x, n, level)
    check <- sprintf("compare rate interval (%s)", method)
    same(check, where, num(t$lower[r]), ci[1])
    same(check, where, num(t$upper[r]), ci[2])
    rn <- total_n - n; rx <- total_x - x
    if (n > 0 && rn > 0) {
      d <- diff_interval(diff_method, x, n, rx, rn, level)
      check <- sprintf("compare group - rest (%s)", diff_method)
      same(check, where, num(t$diff[r]), x / n - rx / rn)
      same(check, where, num(t$diff_lower[r]), d[1])
      same(check, where, num(t$diff_upper[r]), d[2])
      tt <- two_by_two(x, n, rx, rn)
      same(sprintf("compare group vs rest p-value (%s)", tt$test), where, num(t$p_value[r]), tt$p,
           rel_tol = if (tt$p < 1e-290) 1e-3 else REL_TOL, abs_tol = 1e-305)
    } else {
      for (col in c("diff", "diff_lower", "diff_upper", "p_value"))
        same("compare group - rest (none)", where, num(t[[col]][r]), NA)
    }
  }
  invisible(list(table = t, groups = g))
}

# ---- compare: funnel limits -----------------------------------------------------------------
funnel_exact <- function(n, theta, P) {
  if (theta == 0 || theta == 1) return(theta)
  r <- qbinom(P, n, theta)
  a <- (pbinom(r, n, theta) - P) / (pbinom(r, n, theta) - pbinom(r - 1, n, theta))
  min(1, max(0, (r - a) / n))
}

check_funnel <- function(case, data, by, fail = FALSE, dispersion = "none", rows = -1,
                         t = read_case(case, rows = rows)) {
  g <- aggregate_by(data, by)
  g$x <- if (fail) g$n - g$passed else g$passed
  used <- g[g$n > 0, ]
  theta <- sum(used$x) / sum(used$n)
  k <- nrow(used)
  z <- (used$x - used$n * theta) / sqrt(used$n * theta * (1 - theta))
  q <- quantile(z, c(0.1, 0.9), type = 7, names = FALSE)
  phi <- sum(pmin(pmax(z, q[1]), q[2])^2) / k
  w <- used$n / (theta * (1 - theta))
  tau2 <- if (k * phi > k - 1) (k * phi - (k - 1)) / (sum(w) - sum(w^2) / sum(w)) else 0
  cat(sprintf("  %s: theta %.6g, phi %.6g, tau2 %.6g\n", case, theta, phi, tau2))
  probs <- c(lower95 = 0.025, upper95 = 0.975, lower998 = 0.001, upper998 = 0.999)
  at <- match(key_of(t, by), g$key)
  for (r in seq_len(nrow(t))) {
    i <- at[r]
    n <- g$n[i]; y <- g$x[i] / n
    where <- sprintf("%s, %s", case, gsub("\r", " / ", g$key[i]))
    if (n == 0) {
      for (nm in names(probs)) same("funnel", where, num(t[[paste0("funnel_", nm)]][r]), NA)
      next
    }
    lim <- sapply(probs, function(P) {
      if (dispersion == "multiplicative" && phi > 1)
        min(1, max(0, theta + qnorm(P) * sqrt(phi * theta * (1 - theta) / n)))
      else if (dispersion == "additive" && tau2 > 0)
        min(1, max(0, theta + qnorm(P) * sqrt(theta * (1 - theta) / n + tau2)))
      else funnel_exact(n, theta, P)
    })
    check <- sprintf("funnel limits (%s%s)", dispersion,
                     if (dispersion == "none" || (dispersion == "multiplicative" && phi <= 1) ||
                         (dispersion == "additive" && tau2 <= 0)) ", exact" else ", normal")
    for (nm in names(probs)) same(check, where, num(t[[paste0("funnel_", nm)]][r]), lim[[nm]])
    near <- min(abs(y - lim)) < 1e-12
    class <- if (y > lim[["upper998"]]) "above998" else if (y > lim[["upper95"]]) "above95" else
      if (y < lim[["lower998"]]) "below998" else if (y < lim[["lower95"]]) "below95" else "within"
    if (!near) same_text("funnel class", where, t$funnel[r], class)
  }
}

# ---- compare: the tests table ----------------------------------------------------------------
check_tests <- function(case, data, by, skip = 0, rows = -1, replicates = 2000, seed_note = "",
                        t = read_case(case, skip = skip, rows = rows)) {
  g <- aggregate_by(data, by)
  g <- g[g$n > 0, ]
  m <- cbind(g$passed, g$n - g$passed)
  cs <- suppressWarnings(chisq.test(m, correct = FALSE))
  pearson <- t[t$test == "pearson", ]
  same("tests: Pearson chi-square", case, num(pearson$statistic), as.numeric(cs$statistic))
  same("tests: Pearson chi-square", case, num(pearson$df), as.numeric(cs$parameter))
  same("tests: Pearson chi-square", case, num(pearson$p_value), cs$p.value, abs_tol = 1e-300)
  E <- cs$expected
  G <- 2 * sum(ifelse(m > 0, m * log(m / E), 0))
  gt <- t[t$test == "g", ]
  same("tests: G", case, num(gt$statistic), G)
  same("tests: G", case, num(gt$df), nrow(g) - 1)
  same("tests: G", case, num(gt$p_value), pchisq(G, nrow(g) - 1, lower.tail = FALSE),
       abs_tol = 1e-300)
  mc <- t[t$test == "monte-carlo", ]
  if (nrow(mc) == 1) {
    same("tests: Monte-Carlo statistic", case, num(mc$statistic), as.numeric(cs$statistic))
    set.seed(1)
    r2000 <- suppressWarnings(chisq.test(m, simulate.p.value = TRUE, B = 2000))$p.value
    set.seed(2)
    big <- 100000
    ref <- suppressWarnings(chisq.test(m, simulate.p.value = TRUE, B = big))$p.value
    p_tool <- num(mc$p_value)
    # the tool's p-value has the Monte-Carlo error of its replicates, R's of its own
    sd <- sqrt(ref * (1 - ref) / replicates + ref * (1 - ref) / big)
    ok <- abs(p_tool - ref) <= 4.5 * sd + 1 / (replicates + 1)
    note("tests: Monte-Carlo p-value (in Monte-Carlo error)", 0)
    cat(sprintf("  %s%s: Monte-Carlo p tool %.5g (B = %d), R %.5g (B = 2000, seed 1), R %.5g (B = %d); |tool - R| = %.2g sd\n",
                case, seed_note, p_tool, replicates, r2000, ref, big,
                if (sd > 0) abs(p_tool - ref) / sd else 0))
    if (!ok) failures <<- c(failures, sprintf("%s: Monte-Carlo p %g far from R's %g", case, p_tool, ref))
  }
}

# ---- compare: pairwise ------------------------------------------------------------------------
check_pairwise <- function(case, data, by, adjust, diff_method = "newcombe", level = 0.95,
                           t = read_case(case)) {
  g <- aggregate_by(data, by)
  labels <- gsub("\r", " / ", g$key)
  k <- nrow(g)
  pairs <- which(upper.tri(matrix(0, k, k)), arr.ind = TRUE)
  pairs <- pairs[order(pairs[, 1], pairs[, 2]), , drop = FALSE]
  if (nrow(t) != nrow(pairs)) failures <<- c(failures, sprintf("%s: %d pairs, R %d", case, nrow(t), nrow(pairs)))
  for (r in seq_len(nrow(t))) {
    i <- pairs[r, 1]; j <- pairs[r, 2]
    where <- sprintf("%s, %s vs %s", case, labels[i], labels[j])
    same_text("pairwise labels", where, paste(t$group_a[r], t$group_b[r]), paste(labels[i], labels[j]))
    if (g$n[i] == 0 || g$n[j] == 0) {
      for (col in c("diff", "lower", "upper", "p_value", "p_adjusted"))
        same("pairwise with n = 0 (none)", where, num(t[[col]][r]), NA)
      next
    }
    d <- diff_interval(diff_method, g$passed[i], g$n[i], g$passed[j], g$n[j], level)
    same("pairwise difference (newcombe)", where, num(t$diff[r]), g$passed[i] / g$n[i] - g$passed[j] / g$n[j])
    same("pairwise difference (newcombe)", where, num(t$lower[r]), d[1])
    same("pairwise difference (newcombe)", where, num(t$upper[r]), d[2])
    tt <- two_by_two(g$passed[i], g$n[i], g$passed[j], g$n[j])
    same(sprintf("pairwise p-value (%s)", tt$test), where, num(t$p_value[r]), tt$p, abs_tol = 1e-300)
  }
  adjusted <- p.adjust(num(t$p_value), method = adjust)
  for (r in seq_len(nrow(t)))
    same(sprintf("pairwise p.adjust (%s)", adjust), sprintf("%s row %d", case, r),
         num(t$p_adjusted[r]), adjusted[r])
}

# ---- diff ---------------------------------------------------------------------------------------
check_diff <- function(case, data, by, period_of, current, baseline, method = "newcombe",
                       level = 0.95, fail = FALSE, yates = FALSE, skip = 0, rows = -1,
                       scale = 1, total = "Total", t = read_case(case, skip = skip, rows = rows)) {
  data$period <- period_of(data)
  cur <- aggregate_by(data[data$period == current, ], by)
  base <- aggregate_by(data[data$period == baseline, ], by)
  keys <- unique(key_of(data[data$period %in% c(current, baseline), ], by))
  if (length(by) == 0) keys <- if (nrow(cur) + nrow(base) > 0) "" else character(0)
  nrow_expected <- length(keys) + (if (length(by)) 1 else 0)
  if (nrow(t) != nrow_expected)
    failures <<- c(failures, sprintf("%s: %d rows, R %d", case, nrow(t), nrow_expected))
  tkeys <- if (length(by)) key_of(t, by) else rep("", nrow(t))
  if (length(by)) tkeys[t[[by[1]]] == total] <- "<total>"
  for (r in seq_len(nrow(t))) {
    key <- tkeys[r]
    pick <- function(side) {
      if (key == "<total>") c(sum(side$n), sum(side$passed)) else {
        i <- match(key, side$key)
        if (is.na(i)) c(0, 0) else c(side$n[i], side$passed[i])
      }
    }
    c1 <- pick(cur); c2 <- pick(base)
    n1 <- c1[1]; n2 <- c2[1]
    x1 <- if (fail) n1 - c1[2] else c1[2]
    x2 <- if (fail) n2 - c2[2] else c2[2]
    where <- sprintf("%s, %s", case, gsub("\r", " / ", key))
    same_text("diff periods", where, paste(t$period_current[r], t$period_baseline[r]),
              paste(current, baseline))
    same("diff counts", where, num(t$n_current[r]), n1)
    same("diff counts", where, num(t$passed_current[r]), c1[2])
    same("diff counts", where, num(t$n_baseline[r]), n2)
    same("diff counts", where, num(t$passed_baseline[r]), c2[2])
    same("diff rates", where, num(t$rate_current[r]), if (n1) scale * x1 / n1 else NA)
    same("diff rates", where, num(t$rate_baseline[r]), if (n2) scale * x2 / n2 else NA)
    stats <- c("diff", "lower", "upper", "ratio", "ratio_lower", "ratio_upper", "odds_ratio",
               "or_lower", "or_upper", "test", "p_value", "verdict")
    if (n1 == 0 || n2 == 0) {
      for (s in stats) if (!is.na(t[[s]][r]))
        failures <<- c(failures, sprintf("%s: %s should be empty", where, s))
      note("diff: one period empty, statistics empty", 0)
      next
    }
    d <- diff_interval(method, x1, n1, x2, n2, level)
    check <- sprintf("diff interval (%s)", method)
    same(check, where, num(t$diff[r]), scale * (x1 / n1 - x2 / n2))
    same(check, where, num(t$lower[r]), scale * d[1])
    same(check, where, num(t$upper[r]), scale * d[2])
    rr <- katz(x1, n1, x2, n2, level)
    or <- woolf(x1, n1, x2, n2, level)
    escalc_check(x1, n1, x2, n2, rr, or)
    same("diff ratio (Katz)", where, num(t$ratio[r]), rr[1])
    same("diff ratio (Katz)", where, num(t$ratio_lower[r]), rr[2])
    same("diff ratio (Katz)", where, num(t$ratio_upper[r]), rr[3])
    same("diff odds ratio (Woolf)", where, num(t$odds_ratio[r]), or[1])
    same("diff odds ratio (Woolf)", where, num(t$or_lower[r]), or[2])
    same("diff odds ratio (Woolf)", where, num(t$or_upper[r]), or[3])
    tt <- two_by_two(x1, n1, x2, n2, yates)
    same_text("diff test", where, t$test[r], tt$test)
    same(sprintf("diff p-value (%s%s)", tt$test, if (yates && tt$test == "chisq") ", Yates" else ""),
         where, num(t$p_value[r]), tt$p)
    rose <- d[1] > 0; fell <- d[2] < 0
    verdict <- if (!rose && !fell) "unchanged" else if (xor(rose, fail)) "improved" else "worse"
    same_text("diff verdict", where, t$verdict[r], verdict)
  }
}

small <- function(case) case_input(case, "批次", pass_col = "合格")
quarter_of <- function(d) d[["季度"]]
year_of_quarter <- function(d) substr(d[["季度"]], 1, 4)
year_of <- function(d) d[["年度"]]

# ---- sort orders ----------------------------------------------------------------------------------
check_sorted <- function(case, values, decreasing = FALSE, what) {
  v <- values[!is.na(values)]
  ok <- if (decreasing) !is.unsorted(rev(v)) else !is.unsorted(v)
  ok <- ok && all(!is.na(values[seq_along(v)]))  # missing values last
  note("sort orders", 0)
  if (!ok) failures <<- c(failures, sprintf("%s: not sorted by %s", case, what))
}

# ===================================================================================================
cat("compare: groups against the rest\n")
check_compare_groups("compare-by-one", demo, "企业规模")
check_compare_groups("compare-by-two", demo, c("企业规模", "抽样环节"))
check_compare_groups("compare-front-end", demo, "抽查级别")
check_compare_groups("compare-lang-zh-csv", demo, "抽查级别")
check_compare_groups("compare-food-fail", food, "食品类别", fail = TRUE)
check_compare_groups("compare-method-clopper-pearson", demo, "抽查级别", method = "clopper-pearson")
check_compare_groups("compare-method-jeffreys", food, "食品类别", fail = TRUE, method = "jeffreys")
for (m in c("newcombe-cc", "wald", "wald-cc", "agresti-caffo", "miettinen-nurminen"))
  check_compare_groups(paste0("compare-diff-method-", m), demo, "企业规模", diff_method = m)
check_compare_groups("compare-diff-method-food-mn", food, "食品类别", fail = TRUE,
                     diff_method = "miettinen-nurminen")
check_compare_groups("compare-level-90", demo, "抽样环节", level = 0.9)
check_compare_groups("compare-period-group", demo[demo[["年度"]] == "2024", ], "季度")
x <- check_compare_groups("compare-sort-rate", demo, "省份")
check_sorted("compare-sort-rate", num(x$table$rate), what = "rate")
x <- check_compare_groups("compare-sort-n-reverse", demo, "产品类别")
check_sorted("compare-sort-n-reverse", num(x$table$n), decreasing = TRUE, what = "n")
x <- check_compare_groups("compare-sort-key-two-columns", demo, c("企业规模", "抽样环节"))
keys <- paste(x$table[["企业规模"]], x$table[["抽样环节"]], sep = "\001")
note("sort orders", 0)
if (!identical(keys, sort(keys, method = "radix")))
  failures <- c(failures, "compare-sort-key-two-columns: not in byte order")
x <- check_compare_groups("compare-sort-key-reverse", demo, "抽查级别")
if (!identical(x$table[["抽查级别"]], rev(sort(x$table[["抽查级别"]], method = "radix"))))
  failures <- c(failures, "compare-sort-key-reverse: not in reverse byte order")
sparse <- case_input("compare-zero-group-sort", "批次", fail_col = "不合格")
x <- check_compare_groups("compare-zero-group-sort", sparse, "县", rows = 3)
check_sorted("compare-zero-group-sort", num(x$table$rate), what = "rate, n = 0 last")
x <- check_compare_groups("compare-zero-group-sort", sparse, "县", skip = 4, rows = 3)
check_sorted("compare-zero-group-sort", num(x$table$rate), decreasing = TRUE,
             what = "rate reversed, n = 0 last")

cat("compare: funnel limits\n")
for (o in c("none", "multiplicative", "additive")) {
  check_compare_groups(paste0("compare-funnel-", o), demo, "地市")
  check_funnel(paste0("compare-funnel-", o), demo, "地市", dispersion = o)
  check_compare_groups(paste0("compare-funnel-food-fail-", o), food, "食品类别", fail = TRUE)
  check_funnel(paste0("compare-funnel-food-fail-", o), food, "食品类别", fail = TRUE, dispersion = o)
}
homogeneous <- case_input("compare-funnel-phi-below-one", "批次", fail_col = "不合格")
check_compare_groups("compare-funnel-phi-below-one", homogeneous, "机构", fail = TRUE, rows = 6)
for (o in c("none", "multiplicative", "additive"))
  check_funnel("compare-funnel-phi-below-one", homogeneous, "机构", fail = TRUE, dispersion = o,
               rows = 6)

cat("compare: homogeneity tests\n")
check_tests("compare-food-tests", food, "食品类别")
check_tests("compare-tests-by-size", demo, "企业规模")
check_tests("compare-output-file", demo, "抽查级别", skip = 1)
counties <- case_input("compare-tests-sparse", "抽检批次", fail_col = "不合格批次")
check_tests("compare-tests-sparse", counties, "地区")
check_tests("compare-simulate-seed", counties, "地区", rows = 3, replicates = 5000,
            seed_note = " (seed 42)")
# the last line of compare-simulate-seed is the Monte-Carlo row with seed 7
seed7 <- read_case("compare-simulate-seed", rows = 2)
seed7[3, ] <- strsplit(tail(readLines(file.path(cases_dir, "compare-simulate-seed", "stdout")), 1),
                       ",")[[1]]
check_tests("compare-simulate-seed", counties, "地区", replicates = 5000, seed_note = " (seed 7)",
            t = seed7)
check_tests("compare-simulate-dense", demo, "抽查级别", replicates = 1000)
check_tests("compare-simulate-many", counties, "地区", replicates = 200000)
check_tests("compare-simulate-many-dense", demo, "抽查级别", replicates = 200000)

cat("compare: pairwise\n")
for (a in c("holm", "hochberg", "hommel", "bonferroni", "BH", "BY", "none"))
  check_pairwise(paste0("compare-pairwise-adjust-", tolower(a)), demo, "省份", adjust = a)

cat("json output\n")
json <- function(case) jsonlite::fromJSON(file.path(cases_dir, case, "stdout"))
if (requireNamespace("jsonlite", quietly = TRUE)) {
  j <- json("compare-json")
  check_compare_groups("compare-json", demo, "抽查级别", t = j$groups)
  check_tests("compare-json", demo, "抽查级别", t = j$tests)
  j <- json("compare-json-funnel")
  check_compare_groups("compare-json-funnel", demo, "省份", t = j$groups)
  check_funnel("compare-json-funnel", demo, "省份", dispersion = "additive", t = j$groups)
  check_tests("compare-json-funnel", demo, "省份", t = j$tests)
  j <- json("compare-pairwise-json")
  check_compare_groups("compare-pairwise-json", demo, "企业规模", t = j$groups)
  check_tests("compare-pairwise-json", demo, "企业规模", t = j$tests)
  check_pairwise("compare-pairwise-json", demo, "企业规模", adjust = "BH", t = j$pairwise)
  zero <- case_input("compare-zero-group", "批次", fail_col = "不合格")
  j <- json("compare-zero-group")
  check_compare_groups("compare-zero-group", zero, "县", t = j$groups)
  check_funnel("compare-zero-group", zero, "县", t = j$groups)
  check_tests("compare-zero-group", zero, "县", t = j$tests)
  check_pairwise("compare-zero-group", zero, "县", adjust = "holm", t = j$pairwise)
  years <- demo; years[["季度"]] <- substr(years[["季度"]], 1, 4)
  j <- json("compare-period-per-year")
  check_compare_groups("compare-period-per-year", years, "季度", t = j$groups)
  check_tests("compare-period-per-year", years, "季度", t = j$tests)
  j <- json("diff-json")
  check_diff("diff-json", demo, "企业规模", quarter_of, "2024Q4", "2023Q4", t = j$rows)
  j <- json("diff-json-missing")
  check_diff("diff-json-missing", small("diff-json-missing"), "地区", quarter_of, "2024Q3", "2023Q3",
             t = j$rows)
} else cat("  jsonlite is not installed: json cases not checked\n")

cat("diff\n")
check_diff("diff-year-ago-by-size", demo, "企业规模", quarter_of, "2024Q3", "2023Q3")
check_diff("diff-previous", demo, character(0), quarter_of, "2024Q3", "2024Q2")
check_diff("diff-explicit-baseline", demo, "抽样环节", quarter_of, "2024Q3", "2016Q1")
check_diff("diff-per-year", demo, "抽查级别", year_of_quarter, "2024", "2023")
check_diff("diff-per-year-current-quarter", demo, character(0), year_of_quarter, "2024", "2016")
check_diff("diff-year-column", demo, character(0), year_of, "2024", "2023")
check_diff("diff-by-two", demo, c("企业规模", "抽查级别"), year_of, "2024", "2023")
check_diff("diff-level-90", demo, "抽样环节", year_of, "2024", "2020", level = 0.9)
check_diff("diff-yates", demo, "企业规模", quarter_of, "2024Q3", "2023Q3", yates = TRUE)
check_diff("diff-rate-fail-demo", demo, "抽样环节", year_of, "2024", "2016", fail = TRUE)
check_diff("diff-percent-csv", demo, "抽查级别", year_of, "2024", "2023", scale = 100)
# diff-current-only-in-data: a baseline absent from the data is an error now (no table to check)
check_diff("diff-explicit-baseline", demo, "抽样环节", quarter_of, "2024Q3", "2016Q1")
check_diff("diff-current-chinese", demo, "企业规模", quarter_of, "2024Q3", "2024Q2", skip = 5)
for (m in c("newcombe-cc", "wald", "wald-cc", "agresti-caffo", "miettinen-nurminen"))
  check_diff(paste0("diff-method-", m), demo, "企业规模", quarter_of, "2024Q3", "2023Q3", method = m)
check_diff("diff-small", small("diff-small"), "地区", quarter_of, "2024Q3", "2023Q3")
check_diff("diff-small-yates", small("diff-small-yates"), "地区", quarter_of, "2024Q3", "2023Q3",
           yates = TRUE)
for (m in c("newcombe-cc", "wald", "wald-cc", "agresti-caffo", "miettinen-nurminen"))
  check_diff(paste0("diff-small-method-", m), small(paste0("diff-small-method-", m)), "地区",
             quarter_of, "2024Q3", "2023Q3", method = m)
check_diff("diff-rate-fail", small("diff-rate-fail"), "地区", quarter_of, "2024Q3", "2023Q3",
           fail = TRUE, skip = 7)
check_diff("diff-all-passed", case_input("diff-all-passed", "n", fail_col = "x"), character(0),
           function(d) d$q, "2024Q3", "2024Q2", fail = TRUE)
check_diff("diff-lang-zh-csv", small("diff-lang-zh-csv"), "地区", quarter_of, "2024Q3", "2023Q3",
           rows = 6, total = "合计")
x <- read_case("diff-sort-diff")
check_sorted("diff-sort-diff", num(x$diff)[-nrow(x)], what = "diff")
x <- read_case("diff-sort-diff-missing", rows = 6)
check_sorted("diff-sort-diff-missing", num(x$diff)[-nrow(x)], what = "diff, NA last")
x <- read_case("diff-sort-diff-missing", skip = 7, rows = 6)
check_sorted("diff-sort-diff-missing", num(x$diff)[-nrow(x)], decreasing = TRUE,
             what = "diff reversed, NA last")
x <- read_case("diff-sort-key")
note("sort orders", 0)
if (!identical(x[["省份"]][-nrow(x)], sort(x[["省份"]][-nrow(x)], method = "radix")))
  failures <- c(failures, "diff-sort-key: not in byte order")

# ---- report ------------------------------------------------------------------------------------------
cat("\nlargest relative difference from R, per check (values compared):\n")
for (check in sort(ls(worst)))
  cat(sprintf("  %-62s %10.3g  (%d)\n", check, get(check, envir = worst), get(check, envir = counts)))
if (length(failures)) {
  cat("\nFAILED:\n", paste0("  ", failures, "\n"), sep = "")
  quit(status = 1)
}
cat("\nall values within tolerance\n")
