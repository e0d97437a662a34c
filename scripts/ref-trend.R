#!/usr/bin/env Rscript
# spotcheck — reference values for the trend module (src/lib/trend*.c),
# computed in R with R's own model-fitting functions, independently of the C
# code.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: Rscript scripts/ref-trend.R [output-dir]     (default tests/data)
# Writes:
#   trend_series.csv   dataset,x,n,passed          the count series (inputs)
#   trend_values.csv   dataset,x,y                 numeric series for the value model
#   trend_glm.csv      one row per logistic fit: glm(cbind(passed, n - passed) ~ x,
#                      family = binomial or quasibinomial)
#   trend_predict.csv  predict(fit, type = "link", se.fit = TRUE) at new x, with
#                      the back-transformed interval
#   trend_target.csv   first x at which the fitted trend reaches a target
#   trend_lm.csv       lm(rate ~ x, weights = n) and lm(y ~ x)
#   trend_lm_predict.csv  predict.lm(interval = "confidence") at new x
#   trend_ca.csv       prop.trend.test(passed, n, score = x)
#
# Conventions (the contracts in src/lib/trend_glm.c, trend_lm.c, trend_ca.c):
#   - glm fits use glm.control(epsilon = 1e-14, maxit = 100) (1e-13 or 1e-12
#     where 1e-14 is not reached) so that the reference is the converged MLE,
#     not R's default stopping point (1e-8 on the relative deviance change);
#     the script checks that the default fit agrees to 1e-7 relative.  Points with n = 0 are dropped.
#   - quasibinomial: dispersion = Pearson X^2 / (k - 2) (summary.glm); p-values
#     from t with k - 2 df.  The Wald interval of the slope uses the same
#     quantile as the p-value: qnorm (binomial) or qt(., k - 2) (quasi).
#   - Deviances as 2 sum(log dbinom(y, n, y/n) - log dbinom(y, n, mu)), checked
#     against deviance(fit) to 1e-8 (see deviance_exact).
#   - Profile interval of the slope: the exact solution of
#         sign(b - bhat) sqrt((D_p(b) - D(bhat)) / phi) = -+ qnorm((1 + level) / 2),
#     D_p(b) the deviance minimised over the intercept at fixed slope b, phi = 1
#     (binomial) or the Pearson dispersion (quasi) -- the definition of
#     MASS::profile.glm / confint.profile.glm.  MASS interpolates a spline
#     through ~10 profile points; this script solves the equation with uniroot
#     (tol 1e-15) instead, and also writes MASS's confint (mass_lower/upper) for
#     comparison at a looser tolerance (it differs by up to ~1e-2 standard
#     errors where the profile is far from quadratic, e.g. tiny_counts).
#   - Forecast interval: link +- q se.fit, then plogis (q as the Wald interval).
#
# Tested with R 4.2.2 (Debian 12 r-base-core), MASS 7.3-58.2.

suppressPackageStartupMessages(library(MASS))

args <- commandArgs(trailingOnly = TRUE)
out_dir <- if (length(args) >= 1) args[1] else "tests/data"

fmt <- function(v) ifelse(is.na(v), "NaN", sprintf("%.17g", v))
# The tightest of 1e-14, 1e-13, 1e-12 at which glm's own test is met (the
# deviance carries ~1e-14 relative rounding, so a tighter test may never be).
tight_glm <- function(formula, family, data) {
  for (eps in c(1e-14, 1e-13, 1e-12)) {
    fit <- suppressWarnings(glm(formula, family = family, data = data,
                                control = glm.control(epsilon = eps, maxit = 100)))
    if (fit$converged) return(fit)
  }
  stop("glm did not converge at epsilon 1e-12")
}
check <- function(ok, what) if (!isTRUE(ok)) stop("cross-check failed: ", what)

# ---- the count series -----------------------------------------------------------
# national: SAMR national supervision sampling, batches sampled and unqualified
# batches (shared/reference/real-data/national_supervision_annual.csv, rows
# 2018, 2021-2024); x is the mid-year (2018.5 = sc_period_mid_year of 2018).
nat_n <- c(28771, 25636, 19440, 28265, 25250)
nat_unq <- c(2952, 3120, 1827, 3476, 3601)
nat_x <- c(2018.5, 2021.5, 2022.5, 2023.5, 2024.5)

series <- list(
  national_unqualified = list(x = nat_x, n = nat_n, passed = nat_unq),
  national_passed = list(x = nat_x, n = nat_n, passed = nat_n - nat_unq),
  # synthetic: 8 quarters, pass rates scattered around a slow rise (phi >> 1)
  overdispersed = list(x = 2021 + (0:7) / 4 + 0.125,
                       n = c(412, 388, 455, 397, 430, 376, 441, 405),
                       passed = c(371, 326, 423, 341, 409, 331, 423, 369)),
  # synthetic: counts closer to the trend than binomial noise (phi < 1)
  underdispersed = list(x = 2019:2024 + 0.5, n = rep(200, 6),
                        passed = c(150, 155, 161, 166, 170, 176)),
  # synthetic: few batches per period, one period with no failures
  small_n = list(x = 1:6, n = c(5, 6, 4, 7, 6, 8), passed = c(1, 2, 0, 3, 4, 6)),
  # synthetic, in the style of national food sampling: millions of batches,
  # pass rates around 97%
  food_like = list(x = 2016:2023 + 0.5,
                   n = c(1310000, 1470000, 1750000, 2070000, 2030000, 2540000, 3210000, 3310000),
                   passed = c(1268080, 1434720, 1708000, 2020320, 1983310, 2471420, 3116910, 3214010)),
  # two periods: the fit is saturated (df = 0)
  two_points = list(x = c(2023.5, 2024.5), n = c(1000, 1200), passed = c(880, 1010)),
  # duplicate x and a period with n = 0 (dropped)
  duplicates = list(x = c(1, 2, 2, 3, 4, 5), n = c(50, 40, 60, 55, 45, 0),
                    passed = c(41, 35, 50, 49, 43, 0)),
  # steep but not separated: one period each side of the jump is mixed
  near_separated = list(x = 1:5, n = rep(100, 5), passed = c(0, 1, 50, 99, 100)),
  # rare outcomes in huge samples: rates ~1e-7
  rare = list(x = 2015:2024 + 0.5, n = c(9e6, 9.5e6, 1e7, 1.05e7, 1.1e7, 1.2e7, 1.3e7, 1.3e7, 1.4e7, 1.5e7),
              passed = c(3, 5, 2, 8, 6, 9, 12, 10, 15, 14)),
  # three units per period: wide, asymmetric profile interval
  tiny_counts = list(x = 1:4, n = rep(3, 4), passed = c(0, 1, 1, 3)),
  # conditions without numbers (no R fit is written for these; the C test
  # states the expected condition, contract G3 of trend_glm.c)
  sep_complete = list(x = 1:4, n = rep(10, 4), passed = c(0, 0, 10, 10)),
  sep_quasi = list(x = 1:3, n = rep(10, 3), passed = c(0, 3, 10)),
  sep_down = list(x = c(1, 2, 3), n = c(8, 8, 9), passed = c(8, 8, 0)),
  all_zero = list(x = 1:3, n = c(10, 12, 9), passed = c(0, 0, 0)),
  all_one = list(x = 1:3, n = c(10, 12, 9), passed = c(10, 12, 9)),
  one_x = list(x = c(3, 3, 3), n = c(10, 12, 9), passed = c(4, 5, 3)))
no_fit <- c("sep_complete", "sep_quasi", "sep_down", "all_zero", "all_one", "one_x")

series_rows <- character(0)
for (name in names(series)) {
  s <- series[[name]]
  series_rows <- c(series_rows, paste(name, fmt(s$x), fmt(s$n), fmt(s$passed), sep = ","))
}
writeLines(c("dataset,x,n,passed", series_rows), file.path(out_dir, "trend_series.csv"))

values <- list(
  # published national pass rates 2010-2017 (percent), real-data file
  national_pass_pct = list(x = 2010:2017, y = c(87.6, 87.5, 89.8, 88.9, 92.3, 91.1, 91.6, 91.5),
                           at = c(2018, 2020.5, 2013)),
  short = list(x = c(1.5, 2.5, 4), y = c(10.25, 9.5, 7.125), at = c(5, 0, 2)))
value_rows <- character(0)
for (name in names(values)) {
  v <- values[[name]]
  value_rows <- c(value_rows, paste(name, fmt(v$x), fmt(v$y), sep = ","))
}
writeLines(c("dataset,x,y", value_rows), file.path(out_dir, "trend_values.csv"))

used <- function(s) { keep <- s$n > 0; list(x = s$x[keep], n = s$n[keep], passed = s$passed[keep]) }

# Binomial deviance as a difference of log densities: dbinom uses Loader's
# saddle-point form, which keeps full precision where R's dev.resids (y log(y/mu)
# + (1-y) log((1-y)/(1-mu)), times n) loses ~1e-9 relative at rates ~1e-7 and
# n ~ 1e7 (the rare series).  Checked against deviance(fit) below.
deviance_exact <- function(y, n, mu)
  2 * sum(dbinom(y, n, y / n, log = TRUE) - dbinom(y, n, mu, log = TRUE))

# ---- exact profile interval of the slope ------------------------------------------
profile_bounds <- function(s, fit, phi, level) {
  x <- s$x; n <- s$n; y <- s$passed
  c0 <- sum(n * x) / sum(n)
  bh <- unname(coef(fit)[2]); se <- sqrt(vcov(fit)[2, 2])
  ah <- unname(coef(fit)[1] + bh * c0)
  dh <- deviance_exact(y, n, fitted(fit))
  dev_at <- function(b) {
    off <- b * (x - c0)
    score <- function(a) sum(y) - sum(n * plogis(a + off))
    a <- uniroot(score, c(ah - 1, ah + 1), extendInt = "downX", tol = 1e-15, maxiter = 1000)$root
    deviance_exact(y, n, plogis(a + off))
  }
  signed <- function(b) sign(b - bh) * sqrt(max(0, (dev_at(b) - dh) / phi))
  z <- qnorm((1 + level) / 2)
  up <- uniroot(function(b) signed(b) - z, c(bh, bh + z * se), extendInt = "upX",
                tol = 1e-15, maxiter = 1000)$root
  lo <- uniroot(function(b) signed(b) + z, c(bh - z * se, bh), extendInt = "upX",
                tol = 1e-15, maxiter = 1000)$root
  c(lo, up)
}

# ---- logistic fits ----------------------------------------------------------------
glm_rows <- character(0); pred_rows <- character(0); target_rows <- character(0)
mass_gap <- 0  # largest |MASS confint - exact profile bound| in standard errors
predict_at <- list(national_unqualified = c(2025.5, 2027.5, 2020.5),
                   national_passed = c(2025.5, 2030.5),
                   overdispersed = c(2023.125, 2024.625, 2021.5),
                   underdispersed = c(2025.5, 2028.5),
                   small_n = c(7, 3.5, 0),
                   food_like = c(2024.5, 2026.5),
                   two_points = c(2025.5, 2024),
                   duplicates = c(5, 8),
                   near_separated = c(3, 6),
                   rare = c(2025.5, 2030.5),
                   tiny_counts = c(5, 0))
targets <- list(
  list(data = "national_unqualified", target = 0.10, kind = "ceiling", from = 2024.5),
  list(data = "national_unqualified", target = 0.20, kind = "floor", from = 2024.5),
  list(data = "national_unqualified", target = 0.16, kind = "ceiling", from = 2024.5),
  list(data = "national_passed", target = 0.90, kind = "floor", from = 2024.5),
  list(data = "national_passed", target = 0.80, kind = "ceiling", from = 2024.5),
  list(data = "overdispersed", target = 0.95, kind = "floor", from = 2022.875),
  list(data = "overdispersed", target = 0.80, kind = "floor", from = 2022.875),
  list(data = "overdispersed", target = 0.50, kind = "ceiling", from = 2022.875),
  list(data = "underdispersed", target = 0.99, kind = "floor", from = 2024.5),
  list(data = "food_like", target = 0.98, kind = "floor", from = 2023.5),
  list(data = "small_n", target = 0.9, kind = "floor", from = 6))
levels <- c(0.95, 0.90)

for (name in setdiff(names(series), no_fit)) {
  s <- used(series[[name]])
  k <- length(s$x)
  dat <- data.frame(x = s$x, passed = s$passed, failed = s$n - s$passed)
  for (family in c("binomial", "quasibinomial")) {
    if (family == "quasibinomial" && k <= 2) next
    fam <- if (family == "binomial") binomial() else quasibinomial()
    fit <- tight_glm(cbind(passed, failed) ~ x, fam, dat)
    check(fit$converged, paste(name, family, "converged"))
    def <- glm(cbind(passed, failed) ~ x, family = fam, data = dat)
    check(max(abs(coef(def) / coef(fit) - 1)) < 1e-7, paste(name, "default glm agrees"))
    # the same fit with centred x: R's QR on raw years agrees
    cen <- tight_glm(cbind(passed, failed) ~ I(x - mean(x)), fam, dat)
    check(abs(coef(cen)[2] / coef(fit)[2] - 1) < 1e-10, paste(name, "centred fit agrees"))
    sm <- summary(fit)
    cf <- sm$coefficients
    pearson <- sum(residuals(fit, type = "pearson")^2)
    phi_pearson <- if (k > 2) pearson / (k - 2) else NaN
    phi <- sm$dispersion
    if (family == "quasibinomial") check(abs(phi / phi_pearson - 1) < 1e-9, paste(name, "dispersion", phi / phi_pearson - 1))
    df <- fit$df.residual
    dev <- deviance_exact(s$passed, s$n, fitted(fit))
    null_dev <- deviance_exact(s$passed, s$n, rep(sum(s$passed) / sum(s$n), k))
    check(abs(dev - deviance(fit)) <= 1e-8 * max(dev, 1e-3 * null_dev), paste(name, "deviance"))
    check(abs(null_dev / fit$null.deviance - 1) < 1e-8, paste(name, "null deviance"))
    for (level in levels) {
      q <- if (family == "binomial") qnorm((1 + level) / 2) else qt((1 + level) / 2, df)
      b <- cf[2, 1]; se <- cf[2, 2]
      prof <- profile_bounds(s, fit, phi, level)
      mass <- suppressWarnings(suppressMessages(confint(fit, parm = "x", level = level)))
      mass_gap <- max(mass_gap, abs(mass - prof) / se)
      check(max(abs(mass - prof)) < 5e-2 * se, paste(name, family, "MASS confint near the exact profile"))
      glm_rows <- c(glm_rows, paste(name, family, fmt(level), k,
        fmt(cf[1, 1]), fmt(cf[1, 2]), fmt(b), fmt(se), fmt(cf[2, 3]), fmt(cf[2, 4]), fmt(df),
        fmt(dev), fmt(null_dev), fmt(pearson), fmt(phi_pearson),
        fmt(b - q * se), fmt(b + q * se), fmt(prof[1]), fmt(prof[2]),
        fmt(mass[1]), fmt(mass[2]), sep = ","))
      for (x0 in predict_at[[name]]) {
        pr <- predict(fit, newdata = data.frame(x = x0), type = "link", se.fit = TRUE)
        pred_rows <- c(pred_rows, paste(name, family, fmt(level), fmt(x0), fmt(pr$fit),
          fmt(pr$se.fit), fmt(plogis(pr$fit)), fmt(plogis(pr$fit - q * pr$se.fit)),
          fmt(plogis(pr$fit + q * pr$se.fit)), sep = ","))
      }
    }
    if (family == "binomial") {
      for (t in targets) {
        if (t$data != name) next
        a <- coef(fit)[1]; b <- coef(fit)[2]
        now <- plogis(a + b * t$from)
        reached <- if (t$kind == "floor") now >= t$target else now <= t$target
        toward <- if (t$kind == "floor") b > 0 else b < 0
        kind <- if (reached) "reached" else if (toward) "at" else "never"
        xc <- if (kind == "at") (qlogis(t$target) - a) / b else if (kind == "reached") t$from else NaN
        target_rows <- c(target_rows, paste(name, "logistic", fmt(t$target), t$kind, fmt(t$from),
                                            kind, fmt(xc), sep = ","))
      }
    }
  }
}
writeLines(c(paste0("dataset,family,level,points,intercept,intercept_se,slope,slope_se,",
                    "statistic,p_value,df,deviance,null_deviance,pearson,dispersion,",
                    "wald_lower,wald_upper,profile_lower,profile_upper,mass_lower,mass_upper"),
             glm_rows), file.path(out_dir, "trend_glm.csv"))
writeLines(c("dataset,family,level,x,link,link_se,estimate,lower,upper", pred_rows),
           file.path(out_dir, "trend_predict.csv"))

# ---- linear trends -----------------------------------------------------------------
lm_rows <- character(0); lm_pred_rows <- character(0)
lm_targets <- list(
  list(data = "national_unqualified", target = 0.16, kind = "ceiling", from = 2024.5),
  list(data = "national_unqualified", target = 0.20, kind = "floor", from = 2024.5),
  list(data = "overdispersed", target = 0.95, kind = "floor", from = 2022.875),
  list(data = "national_pass_pct", target = 95, kind = "floor", from = 2017),
  list(data = "national_pass_pct", target = 90, kind = "floor", from = 2017))
lm_row <- function(name, model, level, fit, k) {
  sm <- summary(fit); cf <- sm$coefficients
  ci <- confint(fit, "x", level = level)
  df <- fit$df.residual
  w <- if (is.null(fit$weights)) rep(1, k) else fit$weights
  yv <- model.response(model.frame(fit))
  tss <- sum(w * (yv - sum(w * yv) / sum(w))^2)
  paste(name, model, fmt(level), k, fmt(cf[1, 1]), fmt(cf[1, 2]), fmt(cf[2, 1]), fmt(cf[2, 2]),
        fmt(cf[2, 3]), fmt(cf[2, 4]), fmt(df), fmt(deviance(fit)), fmt(tss), fmt(sm$sigma),
        fmt(sm$r.squared), fmt(ci[1]), fmt(ci[2]), sep = ",")
}
lm_predict <- function(name, model, level, fit, xs) {
  rows <- character(0)
  for (x0 in xs) {
    pr <- predict(fit, newdata = data.frame(x = x0), interval = "confidence", level = level,
                  se.fit = TRUE)
    rows <- c(rows, paste(name, model, fmt(level), fmt(x0), fmt(pr$fit[1, "fit"]), fmt(pr$se.fit),
                          fmt(pr$fit[1, "fit"]), fmt(pr$fit[1, "lwr"]), fmt(pr$fit[1, "upr"]),
                          sep = ","))
  }
  rows
}
lm_target <- function(name, model, fit) {
  rows <- character(0)
  for (t in lm_targets) {
    if (t$data != name) next
    a <- coef(fit)[1]; b <- coef(fit)[2]
    now <- a + b * t$from
    reached <- if (t$kind == "floor") now >= t$target else now <= t$target
    toward <- if (t$kind == "floor") b > 0 else b < 0
    kind <- if (reached) "reached" else if (toward) "at" else "never"
    xc <- if (kind == "at") (t$target - a) / b else if (kind == "reached") t$from else NaN
    rows <- c(rows, paste(name, model, fmt(t$target), t$kind, fmt(t$from), kind, fmt(xc), sep = ","))
  }
  rows
}
for (name in setdiff(names(series), no_fit)) {
  s <- used(series[[name]])
  dat <- data.frame(x = s$x, rate = s$passed / s$n, n = s$n)
  fit <- lm(rate ~ x, weights = n, data = dat)
  for (level in levels) {
    lm_rows <- c(lm_rows, lm_row(name, "linear", level, fit, length(s$x)))
    lm_pred_rows <- c(lm_pred_rows, lm_predict(name, "linear", level, fit, predict_at[[name]]))
  }
  target_rows <- c(target_rows, lm_target(name, "linear", fit))
}
for (name in names(values)) {
  v <- values[[name]]
  dat <- data.frame(x = v$x, y = v$y)
  fit <- lm(y ~ x, data = dat)
  for (level in levels) {
    lm_rows <- c(lm_rows, lm_row(name, "value", level, fit, length(v$x)))
    lm_pred_rows <- c(lm_pred_rows, lm_predict(name, "value", level, fit, v$at))
  }
  target_rows <- c(target_rows, lm_target(name, "value", fit))
}
writeLines(c(paste0("dataset,model,level,points,intercept,intercept_se,slope,slope_se,",
                    "statistic,p_value,df,rss,tss,sigma,r_squared,lower,upper"), lm_rows),
           file.path(out_dir, "trend_lm.csv"))
writeLines(c("dataset,model,level,x,link,link_se,estimate,lower,upper", lm_pred_rows),
           file.path(out_dir, "trend_lm_predict.csv"))
writeLines(c("dataset,model,target,kind,from,crossing,x", target_rows),
           file.path(out_dir, "trend_target.csv"))

# ---- Cochran-Armitage ---------------------------------------------------------------
ca_rows <- character(0)
# all_zero and all_one make prop.trend.test fail (weights n / (p (1 - p)) are
# infinite); one_x has no trend to test.  Their results are conventions stated in
# trend_ca.c (A4), tested without R.
for (name in setdiff(names(series), c("one_x", "all_zero", "all_one"))) {
  s <- used(series[[name]])
  tt <- suppressWarnings(prop.trend.test(s$passed, s$n, score = s$x))
  # the closed form of contract A2 (trend_ca.c) agrees with R's regression form
  pbar <- sum(s$passed) / sum(s$n)
  sbar <- sum(s$n * s$x) / sum(s$n)
  closed <- sum((s$passed - s$n * pbar) * (s$x - sbar))^2 /
    (pbar * (1 - pbar) * sum(s$n * (s$x - sbar)^2))
  if (is.finite(tt$statistic)) check(abs(closed / tt$statistic - 1) < 1e-10, paste(name, "CA closed form"))
  ca_rows <- c(ca_rows, paste(name, fmt(unname(tt$statistic)), fmt(tt$p.value), sep = ","))
}
writeLines(c("dataset,statistic,p_value", ca_rows), file.path(out_dir, "trend_ca.csv"))

cat(sprintf("MASS confint differs from the exact profile bounds by up to %.2g standard errors\n",
            mass_gap))
cat(sprintf("%d glm, %d predict, %d lm, %d lm-predict, %d target, %d CA rows written to %s\n",
            length(glm_rows), length(pred_rows), length(lm_rows), length(lm_pred_rows),
            length(target_rows), length(ca_rows), out_dir))
