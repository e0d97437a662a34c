/* spotcheck-trend — the trend of the pass rate (or of a numeric indicator)
 * over periods: logistic or linear fit, Cochran–Armitage test, forecast, and
 * when a target will be reached.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "spotcheck/analysis.h"
#include "spotcheck/series.h"
#include "tool.h"

typedef enum { TABLE_FIT, TABLE_PERIODS } which_table;
static const char *const table_names[] = {"fit", "periods", NULL};

typedef struct trend_plan {
    tk_common common; /* first, so that common options can be applied to the plan */
    sc_trend_opts opts; /* what the library's sc_trend_tables takes */
    bool model_given;
    const char *forecast; /* --forecast as given; resolved into opts.forecast */
    which_table table;
    const char *targets; /* --targets FILE */
} trend_plan;

static sc_status opt_model(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    trend_plan *p = plan;
    p->model_given = true;
    if (sc_trend_model_from_name(value, &p->opts.model) == SC_OK)
        return SC_OK;
    char names[128];
    sc_registry_list(&sc_trend_models, ", ", " or ", names, sizeof names);
    return sc_error_set(err, SC_EINVAL, NULL, 0, "--model \"%s\": use %s", value, names);
}

static sc_status opt_dispersion(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    if (sc_dispersion_from_name(value, &((trend_plan *)plan)->opts.dispersion) == SC_OK)
        return SC_OK;
    char names[128];
    sc_registry_list(&sc_dispersions, ", ", " or ", names, sizeof names);
    return sc_error_set(err, SC_EINVAL, NULL, 0, "--dispersion \"%s\": use %s", value, names);
}

/* A target is a rate (0.98, 98%) or, for a numeric series, any number. */
static sc_status opt_target(void *plan, const tk_opt *opt, const char *value, sc_error *err)
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
    ((trend_plan *)plan)->opts.target = target;
    return SC_OK;
}

#define PLAN(member) offsetof(trend_plan, member)

static const tk_opt trend_options[] = {
    {.name = "model", .arg = "MODEL", .kind = TK_OPT_CUSTOM, .apply = opt_model,
     .registry = &sc_trend_models,
     .help = "logistic (default: binomial GLM, logit link), linear (least squares on the "
             "rates, weighted by n) or value (with --value)"},
    {.name = "value", .arg = "COL", .kind = TK_OPT_STRING, .offset = PLAN(common.input.value),
     .help = "fit a numeric series (e.g. an index) read from COL instead of rates; higher is "
             "taken as better (--target is a floor) unless --rate fail makes it a ceiling"},
    {.name = "dispersion", .arg = "RULE", .kind = TK_OPT_CUSTOM, .apply = opt_dispersion,
     .registry = &sc_dispersions,
     .help = "logistic standard errors: auto (default: quasi-binomial when over-dispersed), "
             "none (binomial) or quasi"},
    TK_OPT_LEVEL(PLAN(opts.level), TK_HELP_LEVEL),
    TK_OPT_RATE(PLAN(opts.kind)),
    {.name = "forecast", .arg = "PERIOD", .kind = TK_OPT_STRING, .offset = PLAN(forecast),
     .help = "the fitted rate at a future period, e.g. 2025 or 2025Q4, with its interval; a "
             "year on finer data means its last period (2026 on quarters: 2026Q4)"},
    {.name = "target", .arg = "T", .kind = TK_OPT_CUSTOM, .apply = opt_target,
     .help = "the first period at which the fitted trend reaches T (a floor for a pass rate, "
             "a ceiling for an unqualified rate)"},
    TK_OPT_TARGETS(PLAN(targets)),
    {.name = "table", .arg = "WHICH", .kind = TK_OPT_CHOICE, .offset = PLAN(table),
     .choices = table_names,
     .help = "which table to write: fit (default) or periods (json and xlsx have both)"},
    {0},
};

static const tk_man_section trend_sections[] = {
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
     "--rate fail makes it a ceiling.\n"
     "\n"
     "--targets FILE gives each series (each --by group) its own target from a targets file "
     "(see spotcheck-rate(1): key columns named like the --by columns, target, direction, "
     "by_period), put on the scale of --rate, and target_period for it.  A row with a "
     "by_period (2025, 2025Q4) also gives the fitted trend at the last period of the data's "
     "kind within it (2025 on quarters: 2025Q4; on years a quarter means its year) with its "
     "interval at --level, as --forecast computes it, and the verdict: meets when that "
     "interval lies wholly beyond the target, below when wholly short of it, and "
     "inconclusive otherwise.  Series without a target get empty cells and a note on "
     "standard error.  Rates only: not with --value."},
    {"OUTPUT",
     "--table fit: the group columns, model, condition, periods, slope, slope_lower, "
     "slope_upper, profile_lower, profile_upper, slope_per_period, odds_ratio_per_year, "
     "p_value, deviance, dispersion, quasi, ca_statistic, ca_p_value, and with --forecast or "
     "--target forecast_period, forecast_rate, forecast_lower, forecast_upper, "
     "target_period; with --targets target, target_period, by_period, by_period_rate, "
     "by_period_lower, by_period_upper, verdict, and target_label when the file has a label "
     "column.  --table periods: the group columns, period, n, passed, (with --rate "
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

static const tk_tool trend_info = {
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

/* ---- notes ---------------------------------------------------------------------------- */

/* Fits that the reader must be told about on stderr (trend.c T9, T10). */
static void notes_print(const trend_plan *p, const sc_trend_result *r)
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
        if (!r->conditions[c] || texts[i].logistic != (p->opts.model == SC_TREND_LOGISTIC))
            continue;
        if (p->common.nby == 0)
            tk_note(&p->common, "%s", texts[i].text);
        else
            tk_note(&p->common, "%s%s (%zu group%s): %s", r->condition_groups[c],
                         r->conditions[c] > 4 ? ", ..." : "", r->conditions[c],
                         r->conditions[c] == 1 ? "" : "s", texts[i].text);
    }
}

/* The forecast period, read like a cell of the period column and checked
 * against the data's kind of period; false with the usage error in
 * `message` (given once what was read is freed). */
static bool resolve_forecast(const trend_plan *p, const sc_series_set *series, sc_period *out,
                             char *message, size_t size)
{
    const tk_common *c = &p->common;
    sc_error why;
    sc_error_clear(&why);
    if (sc_period_parse_per(p->forecast, strlen(p->forecast), c->input.per, out, &why) != SC_OK) {
        snprintf(message, size, "--forecast: %s", why.message);
        return false;
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
            tk_note(c, "--forecast %s is a year and the data hold %s: forecasting its last "
                            "%s, %s",
                         p->forecast, sc_period_kind_get(data_kind)->plural,
                         sc_period_kind_get(data_kind)->noun, text);
            *out = last;
        }
    }
    if (series->count && out->kind != series->points[0].period.kind) {
        snprintf(message, size, "--forecast %s is a %s, but the data hold %s", p->forecast,
                 sc_period_kind_get(out->kind)->noun,
                 sc_period_kind_get(series->points[0].period.kind)->plural);
        return false;
    }
    return true;
}

static sc_status run(trend_plan *p, sc_error *err)
{
    tk_common *common = &p->common;
    sc_trend_opts *o = &p->opts;
    o->lang = common->output.lang;
    o->words = tk_words_zh(common) ? SC_LANG_ZH : SC_LANG_EN;
    sc_targets *targets = NULL;
    sc_status s = tk_read_targets(common, p->targets, &targets, err);
    o->targets = targets;
    sc_groups *g = sc_groups_new(common->nby + 1);
    if (s == SC_OK && !g)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_trend_result r = {0};
    sc_read_stats stats;
    common->need_rows = true; /* a --where that leaves no period to fit is an error */
    if (s == SC_OK)
        s = tk_read(common, g, &stats, err);
    char usage[SC_ERROR_MESSAGE_MAX + 64] = "";
    if (s == SC_OK && p->forecast) { /* checked against the data's kind of period */
        sc_series_set series = {0};
        s = sc_series_split(g, common->nby, &series, err);
        if (s == SC_OK && !resolve_forecast(p, &series, &o->forecast, usage, sizeof usage))
            s = SC_EINVAL;
        o->forecast_given = true;
        sc_series_free(&series);
    }
    if (s == SC_OK)
        s = sc_trend_tables(g, common->nby, o, &r, err);
    sc_chart *chart = NULL;
    if (s == SC_OK && tk_wants_chart(common))
        s = sc_trend_chart(&r, o, &chart, err);
    if (s == SC_OK) {
        tk_note_no_target(common, targets, r.no_target, r.nseries, "their target and verdict");
        notes_print(p, &r);
    }
    if (s == SC_OK && chart)
        s = tk_chart(common, chart, err);
    sc_chart_free(chart);
    if (s == SC_OK) {
        char level[32], target[32];
        sc_format_decimal(o->level, -1, false, level, sizeof level);
        sc_format_decimal(o->target, -1, false, target, sizeof target);
        sc_kv options[8];
        size_t noptions = 0;
        options[noptions++] = (sc_kv){"model", sc_trend_model_get(o->model)->entry.name};
        options[noptions++] = (sc_kv){"dispersion", sc_dispersion_name(o->dispersion)};
        options[noptions++] = (sc_kv){"level", level};
        options[noptions++] = (sc_kv){"rate", sc_rate_kind_names[o->kind]};
        if (p->forecast)
            options[noptions++] = (sc_kv){"forecast", p->forecast};
        if (!isnan(o->target))
            options[noptions++] = (sc_kv){"target", target};
        if (targets)
            options[noptions++] = (sc_kv){"targets", sc_targets_name(targets)};
        sc_meta meta = tk_meta(common, "trend", &stats, options, noptions);
        sc_named_table all[] = {{"fit", r.fits}, {"periods", r.periods}};
        s = tk_write_tables(common, all, 2, p->table, &meta, err);
    }
    sc_trend_result_free(&r);
    sc_groups_free(g);
    sc_targets_free(targets);
    if (usage[0]) /* after freeing what was read: a usage error exits */
        tk_usage_error(common, usage);
    return s;
}

int main(int argc, char **argv)
{
    trend_plan plan = {0};
    sc_trend_opts_init(&plan.opts);
    tk_parse(&trend_info, argc, argv, &plan.common, &plan);
    if (!plan.common.input.period)
        tk_usage_error(&plan.common, "give --period COL: the column holding the periods");
    if (plan.common.input.value && !plan.model_given)
        plan.opts.model = SC_TREND_VALUE;
    if ((plan.opts.model == SC_TREND_VALUE) != (plan.common.input.value != NULL))
        tk_usage_error(&plan.common, "--model value and --value COL go together");
    if (plan.opts.model != SC_TREND_VALUE && !isnan(plan.opts.target) && !(plan.opts.target > 0 && plan.opts.target < 1)) {
        char message[128];
        if (plan.opts.target > 1 && plan.opts.target < 100) /* 95 meant as a percentage */
            snprintf(message, sizeof message, "--target: a rate target lies between 0 and 1 (or "
                     "0%% and 100%%): did you mean %.15g%%?", plan.opts.target);
        else
            snprintf(message, sizeof message, "--target: a rate target lies between 0 and 1 (or "
                     "0%% and 100%%)");
        tk_usage_error(&plan.common, message);
    }
    tk_check_targets(&plan.common, plan.targets, plan.opts.target);
    if (plan.targets && plan.opts.model == SC_TREND_VALUE)
        tk_usage_error(&plan.common, "--targets holds rate targets: not with --value");
    if (plan.opts.model == SC_TREND_VALUE && !isnan(plan.opts.target) && plan.opts.kind != SC_RATE_FAIL)
        tk_note(&plan.common, "--target %.15g is a floor: for a --value series higher is taken "
                              "as better; give --rate fail if lower is better (a ceiling)",
                plan.opts.target);
    sc_error err;
    sc_error_clear(&err);
    int code = run(&plan, &err) == SC_OK ? 0 : tk_fail(&plan.common, &err);
    tk_free(&plan.common);
    return code;
}
