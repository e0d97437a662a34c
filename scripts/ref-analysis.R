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

# sc_compare_tables: three regions (114/120, 72/80, 97/100), pass rate
x <- c(114, 72, 97); n <- c(120, 80, 100)
m <- cbind(x, n - x)
ct <- chisq.test(m, correct = FALSE)
print(c(ct$statistic, ct$p.value))
e <- ct$expected
g <- 2 * sum(m * log(m / e))
print(c(g, pchisq(g, 2, lower.tail = FALSE)))
# group 1 against the rest (169/180): Newcombe's hybrid score interval (method 10)
wil <- function(x, n) prop.test(x, n, correct = FALSE)$conf.int
p1 <- 114/120; p2 <- 169/180; w1 <- wil(114, 120); w2 <- wil(169, 180)
d <- p1 - p2
print(c(d, d - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2), d + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2)))
print(chisq.test(matrix(c(114, 6, 169, 11), 2, byrow = TRUE), correct = FALSE)$p.value)
# pairs, Holm-adjusted: (1,2), (1,3), (2,3); a 2x2 test is chisq.test(correct = FALSE),
# or fisher.test when an expected count is under 5 (docs/decisions.md, "Test choice")
test2 <- function(a, b) {
  m <- matrix(c(a, b), 2, byrow = TRUE)
  e <- suppressWarnings(chisq.test(m, correct = FALSE))
  if (min(e$expected) < 5) fisher.test(m)$p.value else e$p.value
}
pp <- c(test2(c(114, 6), c(72, 8)), test2(c(114, 6), c(97, 3)), test2(c(72, 8), c(97, 3)))
print(pp)
print(p.adjust(pp, "holm"))

# sc_diff_table: 甲 190/200 in 2024 against 180/200 in 2023; Newcombe's hybrid
# score interval written out, chisq.test(correct = FALSE)
p1 <- 190/200; p2 <- 180/200; w1 <- wil(190, 200); w2 <- wil(180, 200)
d <- p1 - p2
print(c(d, d - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2), d + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2)))
print(chisq.test(matrix(c(190, 10, 180, 20), 2, byrow = TRUE), correct = FALSE)$p.value)

# sc_trend_tables: logistic trend of the unqualified rate of the national series,
# periods at their mid-years; dispersion auto gives quasi-binomial errors
# (Pearson X^2 / df > 1), so the Wald interval uses t with 3 df
year <- c(2018.5, 2021.5, 2022.5, 2023.5, 2024.5)
n <- c(28771, 25636, 19440, 28265, 25250)
x <- n - c(25819, 22516, 17613, 24789, 21649)
f <- glm(cbind(x, n - x) ~ year, family = binomial)
fq <- glm(cbind(x, n - x) ~ year, family = quasibinomial)
print(coef(summary(fq)))  # slope, its quasi standard error, p-value
q <- qt(0.975, 3)
b <- coef(fq)[2]; se <- coef(summary(fq))[2, 2]
print(c(b - q * se, b + q * se))
print(sum(residuals(f, type = "pearson")^2) / f$df.residual)  # dispersion
print(deviance(f))
pt <- prop.trend.test(x, n, score = year)  # Cochran-Armitage
print(c(pt$statistic, pt$p.value))
print(prop.test(x[1], n[1], correct = FALSE)$conf.int)  # 2018's Wilson interval
print(predict(f, data.frame(year = year), type = "response"))  # fitted
p <- predict(fq, data.frame(year = 2026.5), type = "link", se.fit = TRUE)  # forecast 2026
print(c(plogis(p$fit), plogis(p$fit - q * p$se.fit), plogis(p$fit + q * p$se.fit)))
