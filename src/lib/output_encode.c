/* spotcheck — the encoding of text output (--output-encoding): UTF-8 as
 * written, UTF-8 with a byte order mark (what Excel needs to read a CSV as
 * UTF-8), or GB18030 (WPS and older systems) through iconv.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

#include "spotcheck/output.h"

static const sc_registry_entry encodings[] = {
    [SC_OUTPUT_UTF8] = {.name = "utf-8", .aliases = "utf8", .description = "UTF-8 (the default)"},
    [SC_OUTPUT_UTF8_BOM] = {.name = "utf-8-bom", .aliases = "utf8-bom",
                            .description = "UTF-8 after a byte order mark, as Excel reads CSV"},
    [SC_OUTPUT_GB18030] = {.name = "gb18030", .aliases = "gbk",
                           .description = "GB18030 (a superset of GBK), for WPS and older systems"},
};

const sc_registry sc_output_encodings = {.what = "output encoding", .rows = encodings,
                                         .count = sizeof encodings / sizeof encodings[0],
                                         .stride = sizeof encodings[0]};

static sc_status write_all(FILE *out, const char *bytes, size_t len, sc_error *err)
{
    if (len > 0 && fwrite(bytes, 1, len, out) != len)
        return sc_error_set(err, SC_EIO, NULL, 0, "write error: %s", strerror(errno));
    return SC_OK;
}

sc_status sc_output_encode(FILE *out, const char *text, size_t len, sc_output_encoding encoding,
                           sc_error *err)
{
    if (encoding == SC_OUTPUT_UTF8)
        return write_all(out, text, len, err);
    if (encoding == SC_OUTPUT_UTF8_BOM) {
        sc_status s = write_all(out, "\xEF\xBB\xBF", 3, err);
        return s == SC_OK ? write_all(out, text, len, err) : s;
    }
    if (encoding != SC_OUTPUT_GB18030)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "unknown output encoding %d", (int)encoding);
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    if (cd == (iconv_t)-1)
        return sc_error_set(err, SC_EUNAVAILABLE, NULL, 0,
                            "cannot convert to GB18030: %s", strerror(errno));
    char *in = (char *)text;
    size_t inleft = len;
    sc_status s = SC_OK;
    while (s == SC_OK && inleft > 0) {
        char buf[16384], *o = buf;
        size_t oleft = sizeof buf;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        int e = errno;
        s = write_all(out, buf, sizeof buf - oleft, err);
        if (s == SC_OK && r == (size_t)-1 && e != E2BIG)
            s = sc_error_set(err, SC_EDATA, NULL, 0,
                             "the output holds text that is not UTF-8 (at byte %zu): it "
                             "cannot be converted to GB18030",
                             len - inleft);
    }
    iconv_close(cd);
    return s;
}
