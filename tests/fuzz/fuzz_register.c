/* Fuzz target for the readers of spotcheck draw: bytes → csvin → the register
 * (sc_register_read), an id list (sc_id_list_read), a rates file
 * (sc_draw_rates_read), an inspectors file (sc_inspectors_read); a register
 * that reads is drawn from (strata, allocation, inspectors when the same bytes
 * read as an inspectors file) and its audit record written and read back by
 * the JSON reader, which also reads the raw bytes.  It must never crash, hang
 * or leak, whatever the bytes; any status is fine.
 *
 * Built as tests/fuzz/fuzz_records.c is: a libFuzzer target with clang and
 * -DSC_FUZZ=ON, otherwise replaying the files named on its command line (the
 * corpus in tests/fuzz/corpus-register/) as a CTest test.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"
#include "spotcheck/analysis.h"
#include "spotcheck/draw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void draw_from(const sc_register *reg, const sc_draw_rates *rates,
                      const sc_inspectors *inspectors, unsigned char knobs)
{
    static const char *const by[] = {"2"};
    sc_draw_opts o = {.seed = (knobs & 2) ? "2024年第153期" : "1",
                      .by = by,
                      .nby = (knobs & 4) ? 1 : 0,
                      .total = (knobs & 8) ? 0 : 1 + knobs % 3,
                      .fraction = (knobs & 8) ? 0.5 : NAN,
                      .allocation = (sc_allocation)((knobs >> 4) % 3),
                      .rate_column = (knobs & 64) ? "3" : NULL,
                      .min_per_stratum = (knobs >> 7) & 1,
                      .inspectors = inspectors,
                      .region_column = "2",
                      .per_visit = 1 + (knobs & 1)};
    if (!o.rate_column)
        o.rates = rates;
    sc_draw_result r;
    sc_error err;
    sc_error_clear(&err);
    if (sc_draw_tables(reg, &o, &r, &err) == SC_OK) {
        char *text = NULL;
        size_t len = 0;
        FILE *memory = open_memstream(&text, &len);
        if (memory) {
            sc_status s = sc_draw_audit_write(memory, reg, &o, &r, &err);
            fclose(memory);
            scj_value v;
            if (s == SC_OK && scj_parse(text, len, "audit", &v, &err) == SC_OK)
                scj_free(&v);
            free(text);
        }
    }
    sc_draw_result_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/sc_fuzz_register_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    /* the first byte picks the options, so the fuzzer explores them too */
    unsigned char knobs = size ? data[0] : 0;
    sc_csv_opts csv = {.delimiter = (knobs & 1) ? ';' : ',',
                       .encoding = (sc_encoding)((knobs >> 1) % 3)};
    sc_error err;
    sc_error_clear(&err);
    sc_id_list *list = NULL;
    if (sc_id_list_read(path, &csv, (knobs & 32) ? "1" : "id", &list, &err) == SC_OK)
        for (size_t i = 0; i < list->count; i++)
            (void)sc_id_list_has(list, list->ids[i], NULL);
    sc_id_list_free(list);
    static const char *const by[] = {"2"};
    sc_draw_rates *rates = NULL;
    (void)sc_draw_rates_read(path, &csv, by, (knobs & 4) ? 1 : 0, &rates, &err);
    sc_inspectors *inspectors = NULL;
    (void)sc_inspectors_read(path, &csv, &inspectors, &err);
    sc_register *reg = NULL;
    if (sc_register_read(path, &csv, "1", &reg, &err) == SC_OK) {
        char hex[65];
        sc_register_sha256(reg, hex);
        draw_from(reg, rates, NULL, knobs);
        if (inspectors)
            draw_from(reg, rates, inspectors, knobs);
    }
    sc_register_free(reg);
    sc_draw_rates_free(rates);
    sc_inspectors_free(inspectors);
    /* the bytes as an audit record */
    scj_value v;
    if (scj_parse((const char *)data, size, "audit", &v, &err) == SC_OK)
        scj_free(&v);
    unlink(path);
    return 0;
}

#include "replay.h"
