# sc_summary_table (tests/unit/test_analysis.c, test_summary_table): regions
# 甲 乙 丙 丁 over 2023Q3, 2024Q2 and 2024Q3.  甲 190/200 now, 180/200 a year
# before, 140/150 the quarter before; 乙 90/100 now, 85/100 before, none a year
# before; 丙 78/80 now, 45/50 and 57/60; 丁 27/30 in 2023Q3 only.  The total is
# over 甲 and 丙 (乙 has no 2023Q3): 268/280 now, 225/250 and 197/210.
# Wilson intervals (prop.test, correct = FALSE), Newcombe's hybrid score
# interval of a difference written out, chisq.test(correct = FALSE) or
# fisher.test when an expected count is under 5, binom.test for the target.
options(digits = 17)
wil <- function(x, n) prop.test(x, n, correct = FALSE)$conf.int
newcombe <- function(x1, n1, x2, n2) {
  p1 <- x1 / n1; p2 <- x2 / n2; w1 <- wil(x1, n1); w2 <- wil(x2, n2); d <- p1 - p2
  c(d, d - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2), d + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2))
}
test2 <- function(x1, n1, x2, n2) {
  m <- matrix(c(x1, n1 - x1, x2, n2 - x2), 2, byrow = TRUE)
  e <- suppressWarnings(chisq.test(m, correct = FALSE))
  if (min(e$expected) < 5) fisher.test(m)$p.value else e$p.value
}
for (row in list(c(190, 200, 180, 200, 140, 150), c(268, 280, 225, 250, 197, 210))) {
  print(wil(row[1], row[2]))
  print(c(newcombe(row[1], row[2], row[3], row[4]), test2(row[1], row[2], row[3], row[4])))
  print(c(newcombe(row[1], row[2], row[5], row[6]), test2(row[1], row[2], row[5], row[6])))
}
# 甲 against a 90% target: the one-sided exact p-value (above the target)
print(binom.test(190, 200, 0.9, alternative = "greater")$p.value)
print(binom.test(268, 280, 0.9, alternative = "greater")$p.value)
# summary-targets (CLI): 甲 190/200 against a 95% floor, 乙 90/100 against an 8%
# ceiling on the unqualified rate, i.e. a 92% floor on the pass rate
print(binom.test(190, 200, 0.95, alternative = "greater")$p.value)
print(binom.test(90, 100, 0.92, alternative = "less")$p.value)
