# Reference values for the --targets CLI cases (tests/cli/cases/*-targets-*):
# each group's exact one-sided binomial p-value against its own target, as
# binom.test in the direction of the observed difference, and the verdict of
# the exact test at level 0.95 (the verdict of --method clopper-pearson:
# meets when the rate is credibly on the right side of the target, below when
# credibly on the wrong side).  A ceiling on the unqualified rate is the floor
# 1 - T on the pass rate, with the same p-value.
# Run: Rscript scripts/ref-targets.R
# SPDX-License-Identifier: GPL-3.0-or-later
options(digits = 7)
verdict <- function(x, n, target, floor = TRUE, level = 0.95) {
  rate <- x / n
  alt <- if (rate > target || (rate == target && floor)) "greater" else "less"
  p <- binom.test(x, n, target, alternative = alt)$p.value
  word <- if (p >= 1 - level) "inconclusive" else if ((alt == "greater") == floor) "meets" else "below"
  cat(sprintf("%d/%d against the %s %s: p = %.10g, %s\n", x, n,
              if (floor) "floor" else "ceiling", format(target), p, word))
}
cat("rate-targets-most-specific, rate-targets-gb18030 (pass rate, floors)\n")
verdict(396, 400, 0.97)   # 浙江省/食品: line 2 (食品 97%)
verdict(170, 200, 0.90)   # 浙江省/工业: line 4
verdict(285, 300, 0.96)   # 江苏省/食品: line 3 wins over line 2
cat("rate-targets-ceiling-fail (unqualified rate, ceilings); rate-targets-ceiling-pass:\n")
cat("the same p-values against the floors 0.97 and 0.9 on the pass rate\n")
verdict(4, 400, 0.03, floor = FALSE)
verdict(30, 200, 0.10, floor = FALSE)
verdict(15, 300, 0.03, floor = FALSE)
verdict(9, 150, 0.10, floor = FALSE)
cat("rate-targets-floor-fail (floors 97%, 90% as ceilings 3%, 10%), rate-targets-stdin\n")
verdict(19, 700, 0.03, floor = FALSE)
verdict(39, 350, 0.10, floor = FALSE)
cat("rate-targets-total (* 95%, 工业 90%)\n")
verdict(681, 700, 0.95)
verdict(311, 350, 0.90)
verdict(99, 100, 0.95)
verdict(1091, 1150, 0.95) # the total row takes the * row

# diff-targets-* (change targets): Newcombe's hybrid score interval (1998,
# method 10) from Wilson intervals, at 2 level - 1 = 0.90 two-sided, whose
# bounds are the one-sided 95% bounds the change verdict compares with the
# change target (floor C: meets when lower > C, below when upper < C).
newcombe <- function(x1, n1, x2, n2, level) {
  w1 <- prop.test(x1, n1, correct = FALSE, conf.level = level)$conf.int
  w2 <- prop.test(x2, n2, correct = FALSE, conf.level = level)$conf.int
  p1 <- x1 / n1; p2 <- x2 / n2; d <- p1 - p2
  c(d - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2), d + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2))
}
change <- function(x1, n1, x2, n2, goal) {
  b <- newcombe(x1, n1, x2, n2, 0.90)
  word <- if (b[1] > goal) "meets" else if (b[2] < goal) "below" else "inconclusive"
  cat(sprintf("%d/%d - %d/%d against a rise of %g pp: one-sided 95%% bounds %.10g, %.10g: %s\n",
              x1, n1, x2, n2, 100 * goal, b[1], b[2], word))
}
cat("diff-targets-change (pass rate; --rate fail: the same bounds negated, the same verdicts)\n")
change(396, 400, 360, 400, 0.05)    # 浙江省
change(279, 300, 270, 300, 0.05)    # 江苏省
change(1820, 2000, 1800, 2000, 0.05) # 山东省
change(396 + 279 + 1820, 2700, 360 + 270 + 1800, 2700, 0)  # the total (row *)

# trend-targets-by-period: the logistic trend of each province (glm binomial on
# the periods' mid-years), the fitted rate at by_period with its 95% interval
# (predict on the link scale, +- qnorm(0.975) se, then plogis; no
# over-dispersion in these series), and the verdict: meets when the interval
# lies above the target, below when under it, else inconclusive.
trend_by <- function(passed, n, years, by_year, target) {
  x <- years + 0.5
  fit <- glm(cbind(passed, n - passed) ~ x, family = binomial)
  p <- predict(fit, data.frame(x = by_year + 0.5), type = "link", se.fit = TRUE)
  ci <- plogis(p$fit + c(-1, 1) * qnorm(0.975) * p$se.fit)
  word <- if (ci[1] > target) "meets" else if (ci[2] < target) "below" else "inconclusive"
  cat(sprintf("by %d: fitted %.10g [%.10g, %.10g] against %g: %s\n", by_year,
              plogis(p$fit), ci[1], ci[2], target, word))
}
years <- 2019:2024
cat("trend-targets-by-period\n")
trend_by(c(460, 482, 478, 501, 515, 528), c(500, 520, 510, 530, 540, 550), years, 2026, 0.95)
trend_by(c(380, 388, 399, 381, 408, 400), c(400, 410, 420, 400, 430, 420), years, 2025, 0.97)
trend_by(c(270, 280, 290, 272, 282, 273), c(300, 310, 320, 300, 310, 300), years, 2025, 0.90)
