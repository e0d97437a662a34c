/* spotcheck-trend — the trend of the pass rate (or of a numeric indicator)
 * over periods: logistic or linear fit, Cochran–Armitage test, forecast, and
 * when a target will be reached.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"
#include "spotcheck/trend.h"

typedef enum { TABLE_FIT, TABLE_PERIODS } which_table;
static const char *const table_names[] = {"fit", "periods", NULL};

typedef struct trend_plan {
    sc_common common; /* first, so that common options can be applied to the plan */
    sc_trend_model model;
    bool model_given;
    sc_dispersion dispersion;
    double level;
    sc_rate_kind rate_kind; /* --rate */
    const char *forecast;
    double target; /* NaN: none */
    which_table table;
} trend_plan;

static sc_status opt_model(void *plan, const sc_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    trend_plan *p = plan;
    p->model_given = true;
    if (sc_trend_model_from_name(value, &p->model) == SC_OK)
        return SC_OK;
    char names[128];
    sc_registry_list(&sc_trend_models, ", ", " or ", names, sizeof names);
    return sc_error_set(err, SC_EINVAL, NULL, 0, "--model \"%s\": use %s", value, names);
}

static sc_status opt_dispersion(void *plan, const sc_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    if (sc_dispersion_from_name(value, &((trend_plan *)plan)->dispersion) == SC_OK)
        return SC_OK;
    char names[128];
    sc_registry_list(&sc_dispersions, ", ", " or ", names, sizeof names);
    return sc_error_set(err, SC_EINVAL, NULL, 0, "--dispersion \"%s\": use %s", value, names);
}

/* A target is a rate (0.98, 98%) or, for a numeric series, any number. */
static sc_status opt_target(void *plan, const sc_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    char *end;
    errno = 0;
    bool decimal = value[strspn(value, "0123456789.eE+-%")] == '\0';
    double target = decimal ? strtod(value, &end) : NAN;
    if (decimal && end != value && *end == '%') {
        target /= 100;
        end++;
    }
    if (!decimal || end == value || *end || errno || !isfinite(target))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--target \"%s\": give a number", value);
    ((trend_plan *)plan)->target = target;
    return SC_OK;
}

#define PLAN(member) offsetof(trend_plan, member)

static const sc_opt trend_options[] = {
    {.name = "model", .arg = "MODEL", .kind = SC_OPT_CUSTOM, .apply = opt_model,
     .help = "logistic (default: binomial GLM, logit link), linear (least squares on the "
             "rates, weighted by n) or value (with --value)"},
    {.name = "value", .arg = "COL", .kind = SC_OPT_STRING, .offset = PLAN(common.input.value),
     .help = "fit a numeric series (e.g. an index) read from COL instead of rates; higher is "
             "taken as better (--target is a floor) unless --rate fail makes it a ceiling"},
    {.name = "dispersion", .arg = "RULE", .kind = SC_OPT_CUSTOM, .apply = opt_dispersion,
     .help = "logistic standard errors: auto (default: quasi-binomial when over-dispersed), "
             "none (binomial) or quasi"},
    {.name = "level", .arg = "P", .kind = SC_OPT_PROBABILITY, .offset = PLAN(level),
     .help = "confidence level of every interval (default 0.95)"},
    {.name = "rate", .arg = "WHICH", .kind = SC_OPT_CHOICE, .offset = PLAN(rate_kind),
     .choices = sc_rate_kind_names, .help = "pass (合格率, default) or fail (不合格率)"},
    {.name = "forecast", .arg = "PERIOD", .kind = SC_OPT_STRING, .offset = PLAN(forecast),
     .help = "the fitted rate at a future period, e.g. 2025 or 2025Q4, with its interval; a "
             "year on finer data means its last period (2026 on quarters: 2026Q4)"},
    {.name = "target", .arg = "T", .kind = SC_OPT_CUSTOM, .apply = opt_target,
     .help = "the first period at which the fitted trend reaches T (a floor for a pass rate, "
             "a ceiling for an unqualified rate)"},
    {.name = "table", .arg = "WHICH", .kind = SC_OPT_CHOICE, .offset = PLAN(table),
     .choices = table_names,
     .help = "which table to write: fit (default) or periods (json has both)"},
    {0},
};

static const sc_man_section trend_sections[] = {
    {"STATISTICS",
     "Each period stands at its mid-point in years (2024 at 2024.5, 2024Q3 at 2024.625), so "
     "slopes are per year whatever the periods; slope_per_period gives the change per "
     "period (per quarter for quarterly data).\n"
     "\n"
     "The logistic model is the binomial GLM logit(rate) = a + b x fitted by iteratively "
     "reweighted least squares (QR steps), as R's glm(cbind(passed, n - passed) ~ x, "
     "family = binomial).  slope is b on the logit scale and odds_ratio_per_year exp(b).  "
     "slope_lower and slope_upper are the Wald interval; profile_lower and profile_upper the "
     "profile-likelihood interval, R's confint definition, but each bound is solved "
     "exactly as the root of the profile deviance, while R's confint (MASS's profile) "
     "interpolates a spline through a grid of profile points, so R's bounds differ from "
     "these by up to about 8e-4 relative (with quasi-binomial errors the Wald "
     "interval uses t quantiles, like the p-value, and the profile interval z quantiles, "
     "like R, so with few periods the Wald interval is the wider and safer one).  Rates of inspection data vary between "
     "periods more than binomially: dispersion is the Pearson statistic over its degrees of "
     "freedom, and with --dispersion auto a dispersion above 1 gives quasi-binomial "
     "standard errors (scaled by its square root, with t quantiles), as R's quasibinomial "
     "family.  When every rate is 0 or 1, or the rates separate completely (all 0 before "
     "some period and all 1 after), the slope has no finite estimate: condition says so and "
     "the numbers are left empty.  With two periods only the fit is saturated: condition "
     "saturated, and a note on stderr, because two points leave nothing to estimate the "
     "over-dispersion from, so the binomial p-value and intervals are likely too narrow "
     "(and the linear models, which fit two points exactly, have none).\n"
     "\n"
     "The linear model is least squares of the rates on x weighted by n (R: lm(rate ~ x, "
     "weights = n)); the value model fits a numeric series read with --value, unweighted.  "
     "Least squares runs through a pivoted QR decomposition, never the normal equations.  "
     "A constant series (every rate the same fraction, or every value the same) is not "
     "fitted: condition constant, slope 0, no p-value, and the forecast is the constant.\n"
     "\n"
     "ca_statistic and ca_p_value are the Cochran-Armitage test for trend with the periods' "
     "mid-years as scores, exactly as R's prop.trend.test: chi-square with 1 df, without "
     "the N/(N-1) factor.\n"
     "\n"
     "--forecast P gives the fitted rate at period P with its interval (on the logit scale, "
     "then transformed back, for the logistic model; the linear model's forecast is clipped "
     "to [0, 1]).  --target T gives the first period "
     "whose fitted rate reaches T: already, a period, or never (the trend moves away from "
     "T).  It is the point estimate of the crossing, without an interval.  T is a floor for a "
     "pass rate and a ceiling for an unqualified rate (--rate fail).  For a --value series "
     "higher is taken as better, so T is a floor (a note on standard error says so) unless "
     "--rate fail makes it a ceiling."},
    {"OUTPUT",
     "--table fit: the group columns, model, condition, periods, slope, slope_lower, "
     "slope_upper, profile_lower, profile_upper, slope_per_period, odds_ratio_per_year, "
     "p_value, deviance, dispersion, quasi, ca_statistic, ca_p_value, and with --forecast or "
     "--target forecast_period, forecast_rate, forecast_lower, forecast_upper, "
     "target_period.  --table periods: the group columns, period, n, passed, (with --rate "
     "fail) failed, rate, lower, "
     "upper (the rate's Wilson interval), fitted.  The chart draws one series: the rates "
     "with their intervals as a band (broken, and marked no data, where periods are "
     "missing), the fitted trend, the target, and the forecast as a point with its own "
     "interval bar."},
    {"EXAMPLES",
     "The national unqualified rate over the years with published counts, and when it "
     "would fall to 10% on this trend:\n"
     "\n"
     "  spotcheck trend --n 抽查批次 --fail 不合格批次 --period 年度 --rate fail --skip-bad \\\n"
     "      --target 0.10 --forecast 2026 --format table datasets/real/national_annual.csv\n"
     "\n"
     "Yearly trend of the demo pass rate by product category, and the chart of one:\n"
     "\n"
     "  spotcheck trend --result 检验结论 --period 季度 --per year --by 产品类别 \\\n"
     "      --target 0.95 datasets/demo/records.csv\n"
     "  spotcheck trend --result 检验结论 --period 季度 --where 产品类别=餐饮食品 \\\n"
     "      --target 0.95 --forecast 2026 --render trend.png datasets/demo/records.csv"},
    {0},
};

static const sc_tool_info trend_info = {
    .name = "trend",
    .summary = "trend of the pass rate over periods: fit, test, forecast, target",
    .description =
        "spotcheck trend fits a trend to the pass rate (or unqualified rate, or a numeric "
        "indicator) of each group over its periods, and says how fast it changes, whether the "
        "change is real, what the trend gives for a future period, and when it reaches a "
        "policy target (\"到2025年…合格率达到98%\").",
    .options = trend_options,
    .sections = trend_sections,
};

/* ---- tables ------------------------------------------------------------------------- */

typedef struct fit_columns {
    size_t nby, model, condition, periods, slope, slope_lower, slope_upper, profile_lower,
        profile_upper, slope_per_period, odds_ratio, p_value, deviance, dispersion, quasi,
        ca_statistic, ca_p_value, forecast_period, forecast_rate, forecast_lower,
        forecast_upper, target_period;
} fit_columns;

typedef struct period_columns {
    size_t nby, period, n, passed, failed, rate, lower, upper, fitted;
} period_columns;


static sc_status add_fit_columns(const trend_plan *p, const sc_groups *g, sc_table *t,
                                 fit_columns *c)
{
    c->nby = p->common.nby;
    bool rates = p->model != SC_TREND_VALUE, logistic = p->model == SC_TREND_LOGISTIC;
    sc_column_spec spec[] = {
        {&c->model, "model", "模型", SC_COL_STRING, true},
        {&c->condition, "condition", "拟合状态", SC_COL_STRING, true},
        {&c->periods, "periods", "期数", SC_COL_COUNT, true},
        {&c->slope, "slope", "年斜率", SC_COL_REAL, true},
        {&c->slope_lower, "slope_lower", "斜率下限", SC_COL_REAL, true},
        {&c->slope_upper, "slope_upper", "斜率上限", SC_COL_REAL, true},
        {&c->profile_lower, "profile_lower", "轮廓下限", SC_COL_REAL, logistic},
        {&c->profile_upper, "profile_upper", "轮廓上限", SC_COL_REAL, logistic},
        {&c->slope_per_period, "slope_per_period", "每期斜率", SC_COL_REAL, true},
        {&c->odds_ratio, "odds_ratio_per_year", "年比值比", SC_COL_REAL, logistic},
        {&c->p_value, "p_value", "p值", SC_COL_PVALUE, true},
        {&c->deviance, "deviance", "偏差", SC_COL_REAL, true},
        {&c->dispersion, "dispersion", "离散度", SC_COL_REAL, true},
        {&c->quasi, "quasi", "准二项", SC_COL_STRING, logistic},
        {&c->ca_statistic, "ca_statistic", "CA统计量", SC_COL_REAL, rates},
        {&c->ca_p_value, "ca_p_value", "CA p值", SC_COL_PVALUE, rates},
        {&c->forecast_period, "forecast_period", "预测期", SC_COL_STRING, p->forecast != NULL},
        {&c->forecast_rate, "forecast_rate", "预测值", rates ? SC_COL_PROPORTION : SC_COL_REAL,
         p->forecast != NULL},
        {&c->forecast_lower, "forecast_lower", "预测下限",
         rates ? SC_COL_PROPORTION : SC_COL_REAL, p->forecast != NULL},
        {&c->forecast_upper, "forecast_upper", "预测上限",
         rates ? SC_COL_PROPORTION : SC_COL_REAL, p->forecast != NULL},
        {&c->target_period, "target_period", "达标期", SC_COL_STRING, !isnan(p->target)},
    };
    return sc_columns_add(t, g, c->nby, spec, sizeof spec / sizeof spec[0]);
}

static sc_status add_period_columns(const trend_plan *p, const sc_groups *g, sc_table *t,
                                    period_columns *c)
{
    c->nby = p->common.nby;
    bool rates = p->model != SC_TREND_VALUE;
    sc_column_spec spec[] = {
        {&c->period, "period", "期间", SC_COL_STRING, true},
        {&c->n, "n", rates ? "批次数" : "行数", SC_COL_COUNT, true},
        {&c->passed, "passed", "合格", SC_COL_COUNT, rates},
        /* the count beside an unqualified rate is the unqualified count */
        {&c->failed, "failed", "不合格", SC_COL_COUNT, rates && p->rate_kind == SC_RATE_FAIL},
        {&c->rate, rates ? "rate" : "value", rates ? (sc_rate_kind_get(p->rate_kind)->label_zh) : "值",
         rates ? SC_COL_PROPORTION : SC_COL_REAL, true},
        {&c->lower, "lower", "下限", SC_COL_PROPORTION, rates},
        {&c->upper, "upper", "上限", SC_COL_PROPORTION, rates},
        {&c->fitted, "fitted", "拟合值", rates ? SC_COL_PROPORTION : SC_COL_REAL, true},
    };
    return sc_columns_add(t, g, c->nby, spec, sizeof spec / sizeof spec[0]);
}

static void set_double(sc_table *t, size_t row, size_t col, double value)
{
    if (col != SC_NO_COLUMN)
        sc_table_set_double(t, row, col, value);
}

static void set_string(sc_table *t, size_t row, size_t col, const char *value)
{
    if (col != SC_NO_COLUMN)
        sc_table_set_string(t, row, col, value);
}

/* ---- one series ------------------------------------------------------------------------ */

/* The forecast of the (last) series, for the chart. */
typedef struct forecast_point {
    bool present;
    char period[SC_PERIOD_TEXT_MAX];
    double estimate, lower, upper;
} forecast_point;

/* Fits that the reader must be told about on stderr (trend.c T9, T10):
 * how many, and the first few groups by name. */
typedef struct fit_notes {
    size_t count[SC_TREND_CONDITION_COUNT];
    char names[SC_TREND_CONDITION_COUNT][256];
} fit_notes;

static void notes_add(fit_notes *notes, sc_trend_condition condition, const sc_groups *g,
                      size_t group, size_t nby)
{
    char *names = notes->names[condition];
    size_t size = sizeof notes->names[condition], len = strlen(names);
    if (notes->count[condition]++ >= 4 || nby == 0)
        return;
    for (size_t k = 0; k < nby && len < size; k++) {
        snprintf(names + len, size - len, "%s%s", k ? "/" : len ? ", " : "",
                 sc_groups_key(g, group, k));
        len = strlen(names);
    }
}

static void notes_print(const trend_plan *p, const fit_notes *notes)
{
    static const struct {
        sc_trend_condition condition;
        bool logistic; /* the text for the logistic model, or for the linear ones */
        const char *text;
    } texts[] = {
        {SC_TREND_SATURATED, true,
         "two periods only (condition saturated): over-dispersion cannot be estimated from "
         "them, so the p-value and intervals assume binomial variation between periods, "
         "which inspection series rarely show; they are likely too narrow"},
        {SC_TREND_SATURATED, false,
         "two periods only (condition saturated): a line through two points fits exactly, "
         "so there is no p-value and no interval"},
        {SC_TREND_CONSTANT, false,
         "the series is constant (condition constant): the slope is 0 and there is nothing "
         "to test"},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        sc_trend_condition c = texts[i].condition;
        if (!notes->count[c] || texts[i].logistic != (p->model == SC_TREND_LOGISTIC))
            continue;
        if (p->common.nby == 0)
            sc_tool_note(&p->common, "%s", texts[i].text);
        else
            sc_tool_note(&p->common, "%s%s (%zu group%s): %s", notes->names[c],
                         notes->count[c] > 4 ? ", ..." : "", notes->count[c],
                         notes->count[c] == 1 ? "" : "s", texts[i].text);
    }
}

/* The fit of one series; `fit` is left with condition and NaNs when there is none. */
static sc_status fit_series(const trend_plan *p, const sc_groups *g, const sc_series_point *pts,
                            size_t count, sc_trend_fit *fit, sc_trend_ca *ca, sc_error *err)
{
    sc_trend_point *points = calloc(count ? count : 1, sizeof *points);
    double *x = calloc(count ? count : 1, sizeof *x), *y = calloc(count ? count : 1, sizeof *y);
    if (!points || !x || !y) {
        free(points), free(x), free(y);
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < count; i++) {
        size_t group = pts[i].group;
        uint64_t n = sc_groups_n(g, group), passed = sc_groups_passed(g, group);
        points[i] = (sc_trend_point){.x = sc_period_mid_year(&pts[i].period),
                                     .n = n,
                                     .passed = sc_rate_counted(p->rate_kind, n, passed)};
        x[i] = points[i].x;
        y[i] = n ? sc_groups_value_sum(g, group) / (double)n : NAN;
    }
    sc_status s;
    switch (p->model) {
    case SC_TREND_LOGISTIC:
        s = sc_trend_logistic(points, count, p->level, p->dispersion, fit);
        break;
    case SC_TREND_LINEAR:
        s = sc_trend_linear(points, count, p->level, fit);
        break;
    default:
        s = sc_trend_value(x, y, count, p->level, fit);
        break;
    }
    if (s == SC_EDOMAIN)
        s = SC_OK; /* the condition says why there are no numbers */
    *ca = (sc_trend_ca){.statistic = NAN, .p_value = NAN};
    if (s == SC_OK && p->model != SC_TREND_VALUE) {
        sc_status t = sc_trend_cochran_armitage(points, count, ca);
        if (t != SC_OK && t != SC_EDOMAIN)
            s = t;
    }
    free(points), free(x), free(y);
    return s == SC_OK ? SC_OK : sc_error_set(err, s, NULL, 0, "trend: %s", sc_strerror(s));
}

static double clamp01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* The period of `kind` whose mid-point first reaches x (x after `last`). */
static bool period_at(const sc_period *last, double x, sc_period *out)
{
    double step = sc_period_years_per_step(last->kind);
    double ahead = ceil((x - sc_period_mid_year(last)) / step - 1e-9);
    if (!(ahead >= 0) || ahead > 1e6)
        return false;
    return sc_period_add(last, (int64_t)ahead, out) == SC_OK;
}

static sc_status fill_series(const trend_plan *p, const sc_groups *g, const sc_series_point *pts,
                             size_t count, sc_table *fits, const fit_columns *fc,
                             sc_table *periods, const period_columns *pc,
                             const sc_period *forecast, forecast_point *ahead, fit_notes *notes,
                             sc_error *err)
{
    sc_trend_fit fit;
    sc_trend_ca ca;
    sc_status s = fit_series(p, g, pts, count, &fit, &ca, err);
    if (s != SC_OK)
        return s;
    if (fit.condition == SC_TREND_SATURATED || fit.condition == SC_TREND_CONSTANT)
        notes_add(notes, fit.condition, g, pts[0].group, fc->nby);
    bool fitted = sc_trend_condition_has_numbers(fit.condition);
    size_t row;
    if ((s = sc_table_add_row(fits, &row)) != SC_OK)
        return sc_error_set(err, s, NULL, 0, "out of memory");
    size_t group = pts[0].group;
    for (size_t k = 0; k < fc->nby; k++)
        sc_table_set_string(fits, row, k, sc_groups_key(g, group, k));
    const sc_common *common = &p->common;
    sc_table_set_string(fits, row, fc->model,
                        sc_tool_word(common, sc_trend_model_get(p->model)->entry.name));
    sc_table_set_string(fits, row, fc->condition,
                        sc_tool_word(common, sc_trend_condition_name(fit.condition)));
    sc_table_set_count(fits, row, fc->periods, fit.points);
    set_double(fits, row, fc->slope, fit.slope);
    set_double(fits, row, fc->slope_lower, fit.slope_lower);
    set_double(fits, row, fc->slope_upper, fit.slope_upper);
    set_double(fits, row, fc->profile_lower, fit.profile_lower);
    set_double(fits, row, fc->profile_upper, fit.profile_upper);
    set_double(fits, row, fc->slope_per_period,
               fit.slope * sc_period_years_per_step(pts[count - 1].period.kind));
    set_double(fits, row, fc->odds_ratio, fit.odds_ratio);
    set_double(fits, row, fc->p_value, fit.p_value);
    set_double(fits, row, fc->deviance, fit.deviance);
    set_double(fits, row, fc->dispersion, fit.dispersion);
    if (fitted)
        set_string(fits, row, fc->quasi, sc_tool_word(common, fit.quasi ? "yes" : "no"));
    set_double(fits, row, fc->ca_statistic, ca.statistic);
    set_double(fits, row, fc->ca_p_value, ca.p_value);
    const sc_period *last = &pts[count - 1].period;
    bool zh = sc_tool_words_zh(&p->common);
    if (forecast) {
        char text[SC_PERIOD_TEXT_MAX];
        sc_period_format(forecast, zh ? SC_LANG_ZH : SC_LANG_EN, text, sizeof text);
        set_string(fits, row, fc->forecast_period, text);
        sc_trend_forecast f;
        if (fitted && sc_trend_predict(&fit, sc_period_mid_year(forecast), &f) == SC_OK) {
            /* a straight line on rates leaves [0, 1] sooner or later: a rate cannot */
            bool clip = p->model == SC_TREND_LINEAR;
            *ahead = (forecast_point){.present = true,
                                      .estimate = clip ? clamp01(f.estimate) : f.estimate,
                                      .lower = clip ? clamp01(f.lower) : f.lower,
                                      .upper = clip ? clamp01(f.upper) : f.upper};
            snprintf(ahead->period, sizeof ahead->period, "%s", text);
            set_double(fits, row, fc->forecast_rate, ahead->estimate);
            set_double(fits, row, fc->forecast_lower, ahead->lower);
            set_double(fits, row, fc->forecast_upper, ahead->upper);
        }
    }
    if (!isnan(p->target) && fitted) {
        sc_trend_crossing crossing;
        sc_target_kind kind = sc_rate_kind_get(p->rate_kind)->target;
        s = sc_trend_target(&fit, p->target, kind, sc_period_mid_year(last), &crossing);
        if (s != SC_OK)
            return sc_error_set(err, s, NULL, 0, "--target %g: %s", p->target,
                                s == SC_EINVAL ? "a rate target must lie between 0 and 1"
                                               : sc_strerror(s));
        char text[SC_PERIOD_TEXT_MAX] = "";
        sc_period when;
        if (crossing.kind == SC_CROSSING_REACHED)
            snprintf(text, sizeof text, "%s", zh ? "已达到" : "already");
        else if (crossing.kind == SC_CROSSING_AT && period_at(last, crossing.x, &when))
            sc_period_format(&when, zh ? SC_LANG_ZH : SC_LANG_EN, text, sizeof text);
        else
            snprintf(text, sizeof text, "%s", zh ? "不会达到" : "never");
        set_string(fits, row, fc->target_period, text);
    }
    for (size_t i = 0; i < count; i++) {
        size_t r;
        if ((s = sc_table_add_row(periods, &r)) != SC_OK)
            return sc_error_set(err, s, NULL, 0, "out of memory");
        size_t gi = pts[i].group;
        for (size_t k = 0; k < pc->nby; k++)
            sc_table_set_string(periods, r, k, sc_groups_key(g, gi, k));
        char text[SC_PERIOD_TEXT_MAX];
        sc_period_format(&pts[i].period, zh ? SC_LANG_ZH : SC_LANG_EN, text, sizeof text);
        sc_table_set_string(periods, r, pc->period, text);
        uint64_t n = sc_groups_n(g, gi), passed = sc_groups_passed(g, gi);
        sc_table_set_count(periods, r, pc->n, n);
        if (p->model == SC_TREND_VALUE)
            set_double(periods, r, pc->rate, n ? sc_groups_value_sum(g, gi) / (double)n : NAN);
        else {
            sc_table_set_count(periods, r, pc->passed, passed);
            if (pc->failed != SC_NO_COLUMN)
                sc_table_set_count(periods, r, pc->failed, n - passed);
            sc_interval ci;
            if (sc_prop_interval(sc_rate_counted(p->rate_kind, n, passed), n, SC_CI_WILSON, p->level,
                                 SC_SIDED_TWO, &ci) == SC_OK) {
                sc_table_set_rate(periods, r, pc->rate, sc_rate_counted(p->rate_kind, n, passed), n);
                set_double(periods, r, pc->lower, ci.lower);
                set_double(periods, r, pc->upper, ci.upper);
            }
        }
        sc_trend_forecast f;
        if (fitted && sc_trend_predict(&fit, sc_period_mid_year(&pts[i].period), &f) == SC_OK)
            set_double(periods, r, pc->fitted, f.estimate);
    }
    return SC_OK;
}

/* ---- the chart ------------------------------------------------------------------------ */

/* The chart's table: the periods, and the forecast period with the fitted
 * value and its interval but no observed rate. */
static sc_table *chart_table(const trend_plan *p, const sc_table *periods, const period_columns *c,
                             const forecast_point *ahead)
{
    bool rates = p->model != SC_TREND_VALUE;
    sc_col_type type = rates ? SC_COL_PROPORTION : SC_COL_REAL;
    sc_table *t = sc_table_new();
    if (!t || sc_table_add_column(t, "period", "期间", SC_COL_STRING) != SC_OK ||
        sc_table_add_column(t, sc_table_column_name(periods, c->rate),
                            sc_table_column_label_zh(periods, c->rate), type) != SC_OK ||
        sc_table_add_column(t, "lower", "下限", type) != SC_OK ||
        sc_table_add_column(t, "upper", "上限", type) != SC_OK ||
        sc_table_add_column(t, "fitted", "拟合值", type) != SC_OK ||
        sc_table_add_column(t, "x", NULL, SC_COL_REAL) != SC_OK) {
        sc_table_free(t);
        return NULL;
    }
    size_t rows = sc_table_rows(periods);
    for (size_t i = 0; i <= rows; i++) {
        if (i == rows && !ahead->present)
            break;
        size_t row;
        if (sc_table_add_row(t, &row) != SC_OK) {
            sc_table_free(t);
            return NULL;
        }
        /* the period's place in time, so that a forecast beyond a gap stands apart */
        const char *text = i == rows ? ahead->period : sc_table_get_string(periods, i, c->period);
        sc_period period;
        if (sc_period_parse(text, strlen(text), &period, NULL) == SC_OK)
            sc_table_set_double(t, row, 5, sc_period_mid_year(&period));
        if (i == rows) { /* the fitted line reaches it; its interval is drawn apart */
            sc_table_set_string(t, row, 0, ahead->period);
            sc_table_set_double(t, row, 4, ahead->estimate);
            continue;
        }
        sc_table_set_string(t, row, 0, sc_table_get_string(periods, i, c->period));
        sc_table_set_double(t, row, 1, sc_table_get_double(periods, i, c->rate));
        if (c->lower != SC_NO_COLUMN) {
            sc_table_set_double(t, row, 2, sc_table_get_double(periods, i, c->lower));
            sc_table_set_double(t, row, 3, sc_table_get_double(periods, i, c->upper));
        }
        sc_table_set_double(t, row, 4, sc_table_get_double(periods, i, c->fitted));
    }
    return t;
}

static sc_status draw(const trend_plan *p, const sc_table *periods, const period_columns *c,
                      const forecast_point *ahead, bool saturated, sc_error *err)
{
    bool zh = p->common.output.lang == SC_LANG_ZH;
    bool rates = p->model != SC_TREND_VALUE;
    sc_chart *chart = sc_chart_new(SC_CHART_BAND);
    sc_table *t = chart_table(p, periods, c, ahead);
    if (!chart || !t) {
        sc_chart_free(chart);
        sc_table_free(t);
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    size_t label = 0;
    sc_chart_data data = sc_chart_data_of(t);
    data.label = &label;
    data.nlabel = 1;
    data.value = 1;
    data.center = 4;
    data.x = 5;
    if (rates) { /* each period's own interval; the forecast's is drawn apart */
        data.lower = 2;
        data.upper = 3;
    }
    const char *which = !rates ? (zh ? "数值" : "value")
                        : sc_rate_kind_label(p->rate_kind, zh ? SC_LANG_ZH : SC_LANG_EN);
    char title[256];
    const char *model = sc_word(p->common.output.lang, sc_trend_model_get(p->model)->entry.name);
    if (saturated) /* T9: the reader of the chart must see it too */
        snprintf(title, sizeof title,
                 zh ? "%s的趋势（%s；仅两期，无法估计超离散）"
                    : "Trend of the %s (%s model; two periods: over-dispersion not estimable)",
                 which, model);
    else
        snprintf(title, sizeof title, zh ? "%s的趋势（%s）" : "Trend of the %s (%s model)", which,
                 model);
    sc_status s = sc_chart_set_data(chart, &data, err);
    /* missing periods (2019 and 2020 of the national series) break the line */
    size_t nperiods = sc_table_rows(periods);
    if (s == SC_OK && nperiods > 0) {
        const char *text = sc_table_get_string(periods, 0, c->period);
        sc_period first;
        if (sc_period_parse(text, strlen(text), &first, NULL) == SC_OK)
            s = sc_chart_set_x_step(chart, sc_period_years_per_step(first.kind));
    }
    if (s == SC_OK && ahead->present) {
        sc_period when;
        if (sc_period_parse(ahead->period, strlen(ahead->period), &when, NULL) == SC_OK)
            s = sc_chart_set_forecast(chart, sc_period_mid_year(&when), ahead->estimate,
                                      ahead->lower, ahead->upper);
    }
    char level[32], key_interval[128], key_forecast[160];
    sc_format_decimal(p->level, -1, true, level, sizeof level);
    snprintf(key_interval, sizeof key_interval,
             zh ? "各期%s%s%%置信区间" : "%s%% interval of each period", zh ? which : level,
             zh ? level : "");
    snprintf(key_forecast, sizeof key_forecast,
             zh ? "%s预测值及%s%%区间" : "forecast for %s with its %s%% interval", ahead->period,
             level);
    if (s == SC_OK && rates)
        s = sc_chart_set_percent(chart, true);
    if (s == SC_OK && rates)
        s = sc_chart_set_value_limits(chart, 0, 1);
    if (s == SC_OK && !isnan(p->target))
        s = sc_chart_set_target(chart, p->target);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_TITLE, title);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_VALUE_AXIS, which);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_KEY_CENTER, zh ? "拟合趋势" : "fitted trend");
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_KEY_INTERVAL, key_interval);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_KEY_FORECAST, key_forecast);
    if (s == SC_OK)
        s = sc_tool_chart(&p->common, chart, err);
    if (s != SC_OK && !err->message[0])
        sc_error_set(err, s, NULL, 0, "chart: %s", sc_strerror(s));
    sc_chart_free(chart);
    sc_table_free(t);
    return s;
}

/* The forecast period, read like a cell of the period column and checked
 * against the data's kind of period. */
static void resolve_forecast(const trend_plan *p, const sc_series_set *series, sc_period *out)
{
    const sc_common *c = &p->common;
    sc_error why;
    sc_error_clear(&why);
    char message[SC_ERROR_MESSAGE_MAX + 64];
    if (sc_period_parse_per(p->forecast, strlen(p->forecast), c->input.per, out, &why) != SC_OK) {
        snprintf(message, sizeof message, "--forecast: %s", why.message);
        sc_tool_usage_error(c, message);
    }
    sc_period_kind data_kind = series->count ? series->points[0].period.kind : out->kind;
    if (out->kind == SC_PERIOD_YEAR && data_kind > SC_PERIOD_YEAR) {
        /* a policy target year (到2026年) on finer data: the year's last period */
        sc_period next = {.kind = data_kind, .year = out->year + 1, .part = 1,
                          .day = data_kind == SC_PERIOD_DAY ? 1 : 0};
        sc_period last;
        if (sc_period_add(&next, -1, &last) == SC_OK) {
            char text[SC_PERIOD_TEXT_MAX];
            sc_period_format(&last, SC_LANG_EN, text, sizeof text);
            sc_tool_note(c, "--forecast %s is a year and the data hold %s: forecasting its last "
                            "%s, %s",
                         p->forecast, sc_period_kind_get(data_kind)->plural,
                         sc_period_kind_get(data_kind)->noun, text);
            *out = last;
        }
    }
    if (series->count && out->kind != series->points[0].period.kind) {
        snprintf(message, sizeof message, "--forecast %s is a %s, but the data hold %s",
                 p->forecast, sc_period_kind_get(out->kind)->noun,
                 sc_period_kind_get(series->points[0].period.kind)->plural);
        sc_tool_usage_error(c, message);
    }
}

static sc_status run(trend_plan *p, sc_error *err)
{
    sc_common *common = &p->common;
    sc_groups *g = sc_groups_new(common->nby + 1);
    sc_table *fits = sc_table_new(), *periods = sc_table_new();
    sc_series_set series = {0};
    sc_status s = g && fits && periods ? SC_OK
                                       : sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_read_stats stats;
    common->need_rows = true; /* a --where that leaves no period to fit is an error */
    if (s == SC_OK)
        s = sc_tool_read(common, g, &stats, err);
    if (s == SC_OK)
        s = sc_series_split(g, common->nby, &series, err);
    sc_period forecast;
    if (s == SC_OK && p->forecast)
        resolve_forecast(p, &series, &forecast);
    if (s == SC_OK && sc_tool_wants_chart(common) && series.count > 1)
        s = sc_error_set(err, SC_EINVAL, NULL, 0,
                         "a trend chart draws one series, and --by makes %zu: pick one with "
                         "--where",
                         series.count);
    fit_columns fc;
    period_columns pc;
    if (s == SC_OK && (add_fit_columns(p, g, fits, &fc) != SC_OK ||
                       add_period_columns(p, g, periods, &pc) != SC_OK))
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    forecast_point ahead = {0};
    fit_notes notes = {0};
    for (size_t i = 0; s == SC_OK && i < series.count; i++)
        s = fill_series(p, g, series.points + series.start[i],
                        series.start[i + 1] - series.start[i], fits, &fc, periods, &pc,
                        p->forecast ? &forecast : NULL, &ahead, &notes, err);
    if (s == SC_OK)
        notes_print(p, &notes);
    if (s == SC_OK && sc_tool_wants_chart(common))
        s = draw(p, periods, &pc, &ahead, notes.count[SC_TREND_SATURATED] > 0, err);
    if (s == SC_OK) {
        char level[32], target[32];
        sc_format_decimal(p->level, -1, false, level, sizeof level);
        sc_format_decimal(p->target, -1, false, target, sizeof target);
        sc_kv options[8];
        size_t noptions = 0;
        options[noptions++] = (sc_kv){"model", sc_trend_model_get(p->model)->entry.name};
        options[noptions++] = (sc_kv){"dispersion", sc_dispersion_name(p->dispersion)};
        options[noptions++] = (sc_kv){"level", level};
        options[noptions++] = (sc_kv){"rate", sc_rate_kind_names[p->rate_kind]};
        if (p->forecast)
            options[noptions++] = (sc_kv){"forecast", p->forecast};
        if (!isnan(p->target))
            options[noptions++] = (sc_kv){"target", target};
        sc_meta meta = sc_tool_meta(common, "trend", &stats, options, noptions);
        sc_named_table all[] = {{"fit", fits}, {"periods", periods}};
        s = common->output.format == SC_FORMAT_JSON
                ? sc_tool_write(common, all, 2, &meta, err)
                : sc_tool_write(common, &all[p->table], 1, &meta, err);
    }
    sc_series_free(&series);
    sc_groups_free(g);
    sc_table_free(fits);
    sc_table_free(periods);
    return s;
}

int main(int argc, char **argv)
{
    trend_plan plan = {.model = SC_TREND_LOGISTIC, .dispersion = SC_DISPERSION_AUTO,
                       .level = 0.95, .target = NAN};
    sc_tool_parse(&trend_info, argc, argv, &plan.common, &plan);
    if (!plan.common.input.period)
        sc_tool_usage_error(&plan.common, "give --period COL: the column holding the periods");
    if (plan.common.input.value && !plan.model_given)
        plan.model = SC_TREND_VALUE;
    if ((plan.model == SC_TREND_VALUE) != (plan.common.input.value != NULL))
        sc_tool_usage_error(&plan.common, "--model value and --value COL go together");
    if (plan.model != SC_TREND_VALUE && !isnan(plan.target) && !(plan.target > 0 && plan.target < 1)) {
        char message[128];
        if (plan.target > 1 && plan.target < 100) /* 95 meant as a percentage */
            snprintf(message, sizeof message, "--target: a rate target lies between 0 and 1 (or "
                     "0%% and 100%%): did you mean %.15g%%?", plan.target);
        else
            snprintf(message, sizeof message, "--target: a rate target lies between 0 and 1 (or "
                     "0%% and 100%%)");
        sc_tool_usage_error(&plan.common, message);
    }
    if (plan.model == SC_TREND_VALUE && !isnan(plan.target) && plan.rate_kind != SC_RATE_FAIL)
        fprintf(stderr, "%s: note: --target %.15g is a floor: for a --value series higher is "
                        "taken as better; give --rate fail if lower is better (a ceiling)\n",
                plan.common.program, plan.target);
    sc_error err;
    sc_error_clear(&err);
    int code = run(&plan, &err) == SC_OK ? 0 : sc_tool_fail(&plan.common, &err);
    sc_tool_free(&plan.common);
    return code;
}
