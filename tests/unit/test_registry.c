/* spotcheck — unit tests of the registry base (include/spotcheck/registry.h):
 * every name and alias of every registry is found, in any ASCII case
 * (byte for byte for --format), unknown names are refused, and the listing
 * gives the canonical names in row order.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The expected words are those the tools accepted before the registries
 * shared one lookup (the tables of prop.c, twoprop.c, multi_adjust.c,
 * multi_funnel.c, trend.c, spc.c, period.c, output.c and csvin.c at the
 * commit before the change), and the expected lists are the ones the tools'
 * error messages print (CLI cases such as compare-bad-method, rate-err-format,
 * diff-bad-per and trend-errors).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "spotcheck/spotcheck.h"
#include "spotcheck/csvin.h"
#include "spotcheck/multi.h"
#include "spotcheck/output.h"
#include "spotcheck/period.h"
#include "spotcheck/prop.h"
#include "spotcheck/registry.h"
#include "spotcheck/spc.h"
#include "spotcheck/trend.h"
#include "spotcheck/twoprop.h"

#define MAX_WORDS 8

/* Every accepted word: the canonical name first, then the aliases. */
static const struct {
    const sc_registry *registry;
    size_t index;
    const char *words[MAX_WORDS];
} accepted[] = {
    {&sc_ci_methods, 0, {"wald", "asymptotic", "normal", "wald-z"}},
    {&sc_ci_methods, 1, {"wald-cc", "wald-corrected", "waldcc", "asymptotic-cc"}},
    {&sc_ci_methods, 2, {"wilson", "score", "wilson-score"}},
    {&sc_ci_methods, 3, {"wilson-cc", "score-cc", "wilson-corrected", "wilsoncc"}},
    {&sc_ci_methods, 4, {"agresti-coull", "ac", "agresti"}},
    {&sc_ci_methods, 5, {"jeffreys", "bayes-jeffreys"}},
    {&sc_ci_methods, 6, {"clopper-pearson", "exact", "cp", "clopper"}},
    {&sc_ci_methods, 7, {"mid-p", "midp", "exact-mid-p"}},
    {&sc_ci_methods, 8, {"likelihood-ratio", "lr", "likelihood"}},
    {&sc_ci_methods, 9, {"logit", "logit-wald", "log-odds"}},
    {&sc_ci_methods, 10, {"blaker", "blaker-exact"}},
    {&sc_diff_methods, 0, {"newcombe", "score", "hybrid-score", "wilson", "newcombe-wilson"}},
    {&sc_diff_methods, 1, {"newcombe-cc", "score-cc", "hybrid-score-cc", "wilson-cc", "newcombe-corrected"}},
    {&sc_diff_methods, 2, {"wald", "asymptotic", "normal"}},
    {&sc_diff_methods, 3, {"wald-cc", "asymptotic-cc", "wald-corrected", "waldcc"}},
    {&sc_diff_methods, 4, {"agresti-caffo", "ac", "agresti"}},
    {&sc_diff_methods, 5, {"miettinen-nurminen", "mn", "score-mn", "miettinen"}},
    {&sc_adjust_methods, 0, {"holm", "holm-bonferroni"}},
    {&sc_adjust_methods, 1, {"hochberg"}},
    {&sc_adjust_methods, 2, {"hommel"}},
    {&sc_adjust_methods, 3, {"bonferroni", "bonf"}},
    {&sc_adjust_methods, 4, {"BH", "fdr", "benjamini-hochberg"}},
    {&sc_adjust_methods, 5, {"BY", "benjamini-yekutieli"}},
    {&sc_adjust_methods, 6, {"none"}},
    {&sc_funnel_dispersions, 0, {"none", "exact", "binomial"}},
    {&sc_funnel_dispersions, 1, {"multiplicative", "phi", "scale"}},
    {&sc_funnel_dispersions, 2, {"additive", "random", "random-effects", "dl"}},
    {&sc_trend_models, 0, {"logistic", "logit", "glm", "binomial"}},
    {&sc_trend_models, 1, {"linear", "weighted-linear", "wls", "rate"}},
    {&sc_trend_models, 2, {"value", "numeric", "ols"}},
    {&sc_dispersions, 0, {"auto"}},
    {&sc_dispersions, 1, {"none", "binomial"}},
    {&sc_dispersions, 2, {"quasi", "quasibinomial", "quasi-binomial"}},
    {&sc_spc_charts, 0, {"p", "p-chart", "pchart", "shewhart"}},
    {&sc_spc_charts, 1, {"laney", "p'", "p-prime", "pprime", "laney-p", "laney-p'"}},
    {&sc_period_kinds, 0, {"year", "y", "yearly", "annual", "annually", "年", "年度"}},
    {&sc_period_kinds, 1, {"half", "h", "halfyear", "half-year", "semiannual", "半年", "半年度"}},
    {&sc_period_kinds, 2, {"quarter", "q", "quarterly", "季", "季度"}},
    {&sc_period_kinds, 3, {"month", "m", "monthly", "月", "月度"}},
    {&sc_period_kinds, 4, {"day", "d", "daily", "date", "日"}},
    {&sc_formats, 0, {"table"}},
    {&sc_formats, 1, {"csv"}},
    {&sc_formats, 2, {"tsv"}},
    {&sc_formats, 3, {"json"}},
    {&sc_formats, 4, {"md", "markdown"}},
    {&sc_formats, 5, {"xlsx"}},
    {&sc_encodings, 0, {"auto"}},
    {&sc_encodings, 1, {"utf-8", "utf8"}},
    {&sc_encodings, 2, {"gb18030", "gbk", "gb2312", "cp936"}},
};

static const sc_registry *const registries[] = {
    &sc_ci_methods,   &sc_diff_methods, &sc_adjust_methods, &sc_funnel_dispersions,
    &sc_trend_models, &sc_dispersions,  &sc_spc_charts,     &sc_period_kinds,
    &sc_formats,      &sc_encodings,
};
#define NREGISTRIES (sizeof registries / sizeof registries[0])
#define NACCEPTED (sizeof accepted / sizeof accepted[0])

/* The word in another ASCII case: upper case, or lower case when it has no
 * lower-case letter ("BH" -> "bh"). */
static void flip_case(const char *word, char *out, size_t size)
{
    bool has_lower = false;
    for (const char *c = word; *c; c++)
        has_lower |= *c >= 'a' && *c <= 'z';
    size_t i = 0;
    for (; word[i] && i + 1 < size; i++) {
        char c = word[i];
        if (has_lower && c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        else if (!has_lower && c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        out[i] = c;
    }
    out[i] = '\0';
}

static void test_every_word_found(void **state)
{
    (void)state;
    for (size_t i = 0; i < NACCEPTED; i++) {
        const sc_registry *registry = accepted[i].registry;
        const sc_registry_entry *entry = sc_registry_entry_at(registry, accepted[i].index);
        assert_non_null(entry);
        assert_string_equal(entry->name, accepted[i].words[0]);
        for (size_t w = 0; w < MAX_WORDS && accepted[i].words[w]; w++) {
            const char *word = accepted[i].words[w];
            size_t index = (size_t)-1;
            assert_int_equal(sc_registry_find(registry, word, &index), SC_OK);
            assert_int_equal(index, accepted[i].index);
            char other[64];
            flip_case(word, other, sizeof other);
            index = (size_t)-1;
            sc_status status = sc_registry_find(registry, other, &index);
            if (strcmp(other, word) == 0 || !registry->exact_case) {
                /* R2: ASCII case-insensitive ("季度" has no case) */
                assert_int_equal(status, SC_OK);
                assert_int_equal(index, accepted[i].index);
            } else {
                assert_int_equal(status, SC_EINVAL); /* --format CSV stays refused */
                assert_int_equal(index, (size_t)-1);
            }
        }
    }
}

/* The table above is complete: every row of every registry is in it, with
 * exactly its aliases, and every row has a description. */
static void test_table_complete(void **state)
{
    (void)state;
    for (size_t r = 0; r < NREGISTRIES; r++) {
        const sc_registry *registry = registries[r];
        assert_non_null(registry->what);
        assert_true(registry->count > 0);
        for (size_t i = 0; i < registry->count; i++) {
            const sc_registry_entry *entry = sc_registry_entry_at(registry, i);
            assert_non_null(entry);
            assert_non_null(entry->description);
            size_t found = 0;
            for (size_t a = 0; a < NACCEPTED; a++) {
                if (accepted[a].registry != registry || accepted[a].index != i)
                    continue;
                found++;
                char aliases[256] = "";
                for (size_t w = 1; w < MAX_WORDS && accepted[a].words[w]; w++) {
                    if (w > 1)
                        strcat(aliases, ",");
                    strcat(aliases, accepted[a].words[w]);
                }
                assert_string_equal(entry->aliases ? entry->aliases : "", aliases);
            }
            assert_int_equal(found, 1);
        }
        assert_null(sc_registry_entry_at(registry, registry->count));
    }
    assert_null(sc_registry_entry_at(NULL, 0));
}

/* The methods' own rows are the registry's rows. */
static void test_typed_rows(void **state)
{
    (void)state;
    for (int m = 0; m < SC_CI_METHOD_COUNT; m++)
        assert_ptr_equal(&sc_ci_method_get((sc_ci_method)m)->entry,
                         sc_registry_entry_at(&sc_ci_methods, (size_t)m));
    for (int m = 0; m < SC_DIFF_METHOD_COUNT; m++)
        assert_ptr_equal(&sc_diff_method_get((sc_diff_method)m)->entry,
                         sc_registry_entry_at(&sc_diff_methods, (size_t)m));
    for (int m = 0; m < SC_ADJUST_METHOD_COUNT; m++)
        assert_ptr_equal(&sc_adjust_method_get((sc_adjust_method)m)->entry,
                         sc_registry_entry_at(&sc_adjust_methods, (size_t)m));
    for (int d = 0; d < SC_FUNNEL_DISPERSION_COUNT; d++)
        assert_ptr_equal(&sc_funnel_dispersion_get((sc_funnel_dispersion)d)->entry,
                         sc_registry_entry_at(&sc_funnel_dispersions, (size_t)d));
    for (int m = 0; m < SC_TREND_MODEL_COUNT; m++)
        assert_ptr_equal(&sc_trend_model_get((sc_trend_model)m)->entry,
                         sc_registry_entry_at(&sc_trend_models, (size_t)m));
    for (int c = 0; c < SC_SPC_CHART_COUNT; c++)
        assert_ptr_equal(&sc_spc_chart_get((sc_spc_chart)c)->entry,
                         sc_registry_entry_at(&sc_spc_charts, (size_t)c));
    for (int k = SC_PERIOD_YEAR; k < SC_PERIOD_KIND_COUNT; k++)
        assert_ptr_equal(&sc_period_kind_get((sc_period_kind)k)->entry,
                         sc_registry_entry_at(&sc_period_kinds, (size_t)k));
    for (int d = 0; d < SC_DISPERSION_COUNT; d++)
        assert_string_equal(sc_dispersion_name((sc_dispersion)d),
                            sc_registry_entry_at(&sc_dispersions, (size_t)d)->name);

    /* the typed lookups agree with the registry's */
    sc_ci_method ci = SC_CI_WALD;
    assert_int_equal(sc_ci_method_from_name("Exact", &ci), SC_OK);
    assert_int_equal(ci, SC_CI_CLOPPER_PEARSON);
    sc_adjust_method adjust = SC_ADJUST_HOLM;
    assert_int_equal(sc_adjust_method_from_name("fdr", &adjust), SC_OK);
    assert_int_equal(adjust, SC_ADJUST_BH);
    sc_format format = SC_FORMAT_TABLE;
    assert_int_equal(sc_format_from_name("markdown", &format), SC_OK);
    assert_int_equal(format, SC_FORMAT_MD);
    assert_int_equal(sc_format_from_name("JSON", &format), SC_EINVAL);
    assert_int_equal(format, SC_FORMAT_MD);
    sc_encoding encoding = SC_ENCODING_AUTO;
    assert_int_equal(sc_encoding_from_name("CP936", &encoding), SC_OK);
    assert_int_equal(encoding, SC_ENCODING_GB18030);
    assert_int_equal(sc_encoding_from_name(NULL, &encoding), SC_EINVAL);
    assert_int_equal(sc_ci_method_from_name("wilson", NULL), SC_EINVAL);
}

static void test_unknown_refused(void **state)
{
    (void)state;
    static const char *const unknown[] = {
        "",            /* empty */
        "wils",        /* a prefix is not a name */
        "wilsonx",     /* nor a longer word */
        " wilson",     /* nor a padded one */
        "wilson ",
        "score,wilson", /* nor a list */
        ",",
        "exact,",
        "nonesuch",
        "季度x",
        "wald\x01",
    };
    for (size_t r = 0; r < NREGISTRIES; r++)
        for (size_t u = 0; u < sizeof unknown / sizeof unknown[0]; u++) {
            size_t index = 12345;
            assert_int_equal(sc_registry_find(registries[r], unknown[u], &index), SC_EINVAL);
            assert_int_equal(index, 12345);
        }
    size_t index = 12345;
    assert_int_equal(sc_registry_find(NULL, "wilson", &index), SC_EINVAL);
    assert_int_equal(sc_registry_find(&sc_ci_methods, NULL, &index), SC_EINVAL);
    assert_int_equal(sc_registry_find(&sc_ci_methods, "wilson", NULL), SC_EINVAL);
    assert_int_equal(index, 12345);
    /* a name of one registry is not a name of another */
    assert_int_equal(sc_registry_find(&sc_diff_methods, "clopper-pearson", &index), SC_EINVAL);
    assert_int_equal(sc_registry_find(&sc_trend_models, "quasi", &index), SC_EINVAL);
    /* Bytes above 0x7F match only themselves (R2). */
    assert_int_equal(sc_registry_find(&sc_period_kinds, "\xe5\xad\xa3\xe5\xba\xa6", &index),
                     SC_OK);
    assert_int_equal(index, SC_PERIOD_QUARTER);
}

/* The lists that the tools print in their error messages. */
static void test_listing(void **state)
{
    (void)state;
    static const struct {
        const sc_registry *registry;
        const char *separator, *last_separator, *expected;
    } lists[] = {
        {&sc_ci_methods, ", ", ", ",
         "wald, wald-cc, wilson, wilson-cc, agresti-coull, jeffreys, clopper-pearson, mid-p, "
         "likelihood-ratio, logit, blaker"},
        {&sc_diff_methods, ", ", ", ",
         "newcombe, newcombe-cc, wald, wald-cc, agresti-caffo, miettinen-nurminen"},
        {&sc_adjust_methods, ", ", ", ", "holm, hochberg, hommel, bonferroni, BH, BY, none"},
        {&sc_funnel_dispersions, ", ", ", ", "none, multiplicative, additive"},
        {&sc_spc_charts, ", ", ", ", "p, laney"},
        {&sc_trend_models, ", ", " or ", "logistic, linear or value"},
        {&sc_dispersions, ", ", " or ", "auto, none or quasi"},
        {&sc_period_kinds, ", ", " or ", "year, half, quarter, month or day"},
        {&sc_formats, ", ", " or ", "table, csv, tsv, json, md or xlsx"},
        {&sc_encodings, "|", "|", "auto|utf-8|gb18030"},
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        char buf[512];
        size_t len = sc_registry_list(lists[i].registry, lists[i].separator,
                                      lists[i].last_separator, buf, sizeof buf);
        assert_string_equal(buf, lists[i].expected);
        assert_int_equal(len, strlen(lists[i].expected));
    }
    /* truncation: as snprintf, the whole length is returned */
    char small[8];
    assert_int_equal(sc_registry_list(&sc_spc_charts, ", ", " or ", small, sizeof small), 10);
    assert_string_equal(small, "p or la");
    char one[1] = {'x'};
    assert_int_equal(sc_registry_list(&sc_spc_charts, ", ", ", ", one, sizeof one), 8);
    assert_string_equal(one, "");
    assert_int_equal(sc_registry_list(NULL, ", ", ", ", one, sizeof one), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_word_found), cmocka_unit_test(test_table_complete),
        cmocka_unit_test(test_typed_rows),       cmocka_unit_test(test_unknown_refused),
        cmocka_unit_test(test_listing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
