#!/usr/bin/env Rscript
# spotcheck — reference values for the control-chart module (src/lib/spc.c),
# computed in base R directly from the published formulas, independently of
# the C code.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: Rscript scripts/ref-spc.R [output-dir]     (default tests/data)
# Writes:
#   spc_points.csv   series,chart,width,index,n,counted,rate,sigma,z,lcl,ucl,signal
#   spc_summary.csv  series,chart,width,points,n,counted,center,plotted,
#                    moving_ranges,mean_moving_range,sigma_z,above,below,status
#
# Formulas (the contract of src/lib/spc.c, S1-S9):
#   p chart (Montgomery, Introduction to Statistical Quality Control, 6th ed.,
#   section 7.2.2, "variable sample size"):
#     center  pbar = sum(x) / sum(n)
#     sigma_i = sqrt(pbar (1 - pbar) / n_i)
#     limits  pbar -+ L sigma_i, LCL clipped at 0, UCL at 1
#   Laney p' chart (Laney 2002, Quality Engineering 14(4):531-537):
#     z_i     = (p_i - pbar) / sigma_i
#     sigma_z = mean(|z_i - z_{i-1}|) / 1.128   (consecutive plotted points)
#     limits  pbar -+ L sigma_i sigma_z, clipped as above
#   signal: "above" when p_i > UCL_i, "below" when p_i < LCL_i (strict),
#   "within" otherwise, "" (no data) when n_i = 0.
# Decisions mirrored here (see src/lib/spc.c):
#   - n_i = 0: no rate, no limits, no z, not a signal, and not a point of the
#     moving ranges (the moving range joins the plotted points on each side).
#   - pbar = 0 or 1: every sigma_i is 0 and every p_i equals pbar; z_i is 0,
#     so sigma_z = 0 and the limits are pbar; nothing is a signal.
#   - sigma_z is computed for both charts (a diagnostic on the p chart) when
#     at least 2 points are plotted; otherwise NaN, and the Laney chart is
#     undefined: status "domain", limits NaN, no signal.  sum(n) = 0 is
#     "domain" for both charts.
#
# Tested with R 4.2.2 (Debian 12 r-base-core).

args <- commandArgs(trailingOnly = TRUE)
out_dir <- if (length(args) >= 1) args[1] else "tests/data"

D2 <- 1.128  # d2 for subgroups of 2, as tabulated and as Laney (2002) uses it

spc_chart <- function(n, x, chart, L) {
  stopifnot(length(n) == length(x), all(x <= n), all(n >= 0), all(x >= 0))
  N <- sum(n); X <- sum(x)
  k <- length(n)
  plotted <- n > 0
  rate <- ifelse(plotted, x / n, NaN)
  center <- if (N > 0) X / N else NaN
  sigma_p <- ifelse(plotted, sqrt(center * (1 - center) / n), NaN)
  z <- ifelse(plotted, ifelse(sigma_p > 0, (rate - center) / sigma_p, 0), NaN)
  zp <- z[plotted]
  mr <- if (length(zp) >= 2) abs(diff(zp)) else numeric(0)
  mean_mr <- if (length(mr) > 0) mean(mr) else NaN
  sigma_z <- mean_mr / D2
  status <- "ok"
  if (N == 0) status <- "domain"
  if (chart == "laney" && length(zp) < 2) status <- "domain"
  sigma <- if (chart == "p") sigma_p else sigma_p * sigma_z
  if (status != "ok") sigma <- rep(NaN, k)
  lcl <- ifelse(plotted & status == "ok", pmax(0, center - L * sigma), NaN)
  ucl <- ifelse(plotted & status == "ok", pmin(1, center + L * sigma), NaN)
  signal <- ifelse(!plotted | status != "ok", "",
                   ifelse(rate > ucl, "above", ifelse(rate < lcl, "below", "within")))
  list(points = data.frame(n = n, x = x, rate = rate, sigma = sigma, z = z, lcl = lcl,
                           ucl = ucl, signal = signal),
       summary = list(points = k, n = N, x = X, center = center, plotted = sum(plotted),
                      moving_ranges = length(mr), mean_mr = mean_mr, sigma_z = sigma_z,
                      above = sum(signal == "above"), below = sum(signal == "below"),
                      status = status))
}

fmt <- function(v) ifelse(is.na(v), "NaN", sprintf("%.17g", v))

series <- list()
add <- function(name, n, x, source) series[[name]] <<- list(n = n, x = x, source = source)

# SAMR national supervision sampling, unqualified batches by year
# (shared/reference/real-data/national_supervision_annual.csv; the years with
# published counts: 2019 and 2020 have no annual national counts).
national_year <- c(2018, 2021, 2022, 2023, 2024)
national_n <- c(28771, 25636, 19440, 28265, 25250)
national_x <- c(2952, 3120, 1827, 3476, 3601)
real <- "datasets/real/national_annual.csv"
if (file.exists(real)) {  # the bundled copy must hold the same counts
  d <- read.csv(real, check.names = FALSE, encoding = "UTF-8")
  d <- d[!is.na(d[["不合格批次"]]), ]
  stopifnot(identical(as.numeric(d[["年度"]]), national_year),
            identical(as.numeric(d[["抽查批次"]]), national_n),
            identical(as.numeric(d[["不合格批次"]]), national_x))
}
add("national", national_n, national_x, "SAMR annual bulletins 2018, 2021-2024 (unqualified)")
add("national-pass", national_n, national_n - national_x, "same, counting passed batches")

# Quarterly counts of the demo data (datasets/demo/records.csv, 2016Q1-2024Q4):
# batches and 不合格 batches per 季度, all provinces, and 甘肃省 alone (small n).
demo_n <- c(842, 1052, 1178, 1136, 909, 1136, 1273, 1227, 976, 1221, 1367, 1318, 1044, 1305,
            1461, 1409, 1111, 1389, 1556, 1500, 1178, 1473, 1650, 1591, 1246, 1557, 1744, 1682,
            1313, 1641, 1838, 1773, 1381, 1726, 1933, 1864)
demo_x <- c(61, 79, 84, 78, 46, 84, 91, 79, 52, 80, 113, 82, 66, 60, 103, 83, 75, 90, 112, 102,
            82, 73, 76, 72, 74, 87, 118, 100, 58, 83, 101, 95, 59, 105, 94, 83)
gansu_n <- c(27, 25, 36, 30, 24, 34, 45, 46, 22, 47, 50, 37, 25, 42, 47, 50, 39, 40, 57, 51, 41,
             46, 60, 68, 35, 49, 60, 35, 33, 52, 58, 53, 43, 55, 65, 51)
gansu_x <- c(3, 4, 3, 2, 1, 2, 5, 3, 3, 6, 5, 1, 1, 5, 7, 3, 2, 4, 9, 4, 3, 1, 6, 2, 0, 4, 3, 2,
             3, 10, 4, 3, 3, 4, 3, 2)
demo <- "datasets/demo/records.csv"
if (file.exists(demo)) {  # say so if the demo data have been regenerated since
  d <- read.csv(demo, check.names = FALSE, encoding = "UTF-8")
  agg <- function(d) {
    fail <- tapply(d[["检验结论"]] == "不合格", d[["季度"]], sum)
    list(n = as.numeric(table(d[["季度"]])[names(fail)]), x = as.numeric(fail))
  }
  a <- agg(d); g <- agg(d[d[["省份"]] == "甘肃省", ])
  if (!identical(a$n, demo_n) || !identical(a$x, demo_x) ||
      !identical(g$n, gansu_n) || !identical(g$x, gansu_x))
    message("note: datasets/demo/records.csv no longer gives the quarterly counts used here")
}
add("demo-quarterly", demo_n, demo_x, "datasets/demo/records.csv, 不合格 by 季度")
add("demo-gansu", gansu_n, gansu_x, "datasets/demo/records.csv, 甘肃省, 不合格 by 季度")

# Constructed cases.
set.seed(20240917)
rn <- sample(50:5000, 60, replace = TRUE)
add("random60", rn, rbinom(60, rn, 0.07), "set.seed(20240917), binomial, p = 0.07")
rn <- sample(c(0, 1, 2, 5, 10, 40, 200), 80, replace = TRUE)
add("sparse80", rn, rbinom(80, rn, 0.3), "set.seed(20240917), small n and n = 0")
add("gaps", c(0, 120, 0, 0, 95, 300, 0, 80, 0), c(0, 13, 0, 0, 7, 41, 0, 4, 0),
    "n = 0 at the ends and between plotted points")
# 20 points on the centre, one 2 sigma above: sigma_z < 1, Laney flags what the p chart does not.
add("underdispersed", rep(1000, 21), c(rep(100, 10), 119, rep(100, 10)),
    "constructed, sigma_z < 1")
add("equal-rates", c(10, 20, 30, 50), c(3, 6, 9, 15), "every rate equals pbar: z = 0, sigma_z = 0")
add("all-zero", c(10, 0, 25, 40), c(0, 0, 0, 0), "pbar = 0")
add("all-counted", c(10, 25, 0, 40), c(10, 25, 0, 40), "pbar = 1")
add("near-one", c(8, 12, 5, 30, 9), c(8, 11, 5, 29, 7), "UCL clipped at 1")
add("single", c(250), c(31), "one point: Laney undefined")
add("single-plotted", c(0, 250, 0), c(0, 31, 0), "one plotted point among n = 0")
add("no-data", c(0, 0, 0), c(0, 0, 0), "sum n = 0")
add("two", c(400, 600), c(40, 90), "two points, one moving range")
add("huge", c(2^51, 2^51 + 3, 2^50), c(2^47, 2^47 + 1e9, 2^46 - 1e8), "sum n near 2^53")

point_rows <- character(0)
summary_rows <- character(0)
for (name in names(series)) {
  s <- series[[name]]
  for (chart in c("p", "laney")) {
    for (L in c(3, 2)) {
      r <- spc_chart(s$n, s$x, chart, L)
      p <- r$points
      point_rows <- c(point_rows, paste(name, chart, fmt(L), seq_along(s$n) - 1, fmt(p$n),
                                        fmt(p$x), fmt(p$rate), fmt(p$sigma), fmt(p$z),
                                        fmt(p$lcl), fmt(p$ucl), p$signal, sep = ","))
      m <- r$summary
      summary_rows <- c(summary_rows, paste(name, chart, fmt(L), m$points, fmt(m$n), fmt(m$x),
                                            fmt(m$center), m$plotted, m$moving_ranges,
                                            fmt(m$mean_mr), fmt(m$sigma_z), m$above, m$below,
                                            m$status, sep = ","))
    }
  }
}

# The facts the man page tells about the national series (asserted so that the
# script stops if the data change them): the p chart flags 2018, 2022 and
# 2024, and its z scores are all beyond 2 in size; Laney's p' chart flags none.
nat_p <- spc_chart(national_n, national_x, "p", 3)
nat_l <- spc_chart(national_n, national_x, "laney", 3)
stopifnot(identical(national_year[nat_p$points$signal != "within"], c(2018, 2022, 2024)),
          all(abs(nat_p$points$z) > 2), all(nat_l$points$signal == "within"),
          nat_l$summary$sigma_z > 9)
cat(sprintf("national: pbar %.6f, sigma_z %.4f\n", nat_p$summary$center, nat_l$summary$sigma_z))
print(data.frame(year = national_year, n = national_n, unqualified = national_x,
                 rate = nat_p$points$rate, z = nat_p$points$z,
                 p_lcl = nat_p$points$lcl, p_ucl = nat_p$points$ucl, p = nat_p$points$signal,
                 laney_lcl = nat_l$points$lcl, laney_ucl = nat_l$points$ucl,
                 laney = nat_l$points$signal), digits = 6)

writeLines(c("series,chart,width,index,n,counted,rate,sigma,z,lcl,ucl,signal", point_rows),
           file.path(out_dir, "spc_points.csv"))
writeLines(c(paste0("series,chart,width,points,n,counted,center,plotted,moving_ranges,",
                    "mean_moving_range,sigma_z,above,below,status"), summary_rows),
           file.path(out_dir, "spc_summary.csv"))
cat(sprintf("%d series, %d point rows, %d summary rows written to %s\n", length(series),
            length(point_rows), length(summary_rows), out_dir))
