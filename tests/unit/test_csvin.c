/* Tests of the streaming CSV reader (spotcheck/csvin.h).  Inputs are written
 * out byte by byte here; GB18030 bytes are those of the GB 18030-2005 code
 * table (浙江 = D5 E3 BD AD, 合格 = BA CF B8 F1, 省份 = CA A1 B7 DD). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "spotcheck/csvin.h"

/* What the row callback saw: rows joined as "line:field|field|..." lines. */
typedef struct seen {
    char text[8192];
    size_t rows;
    uint64_t hash; /* FNV-1a of every row's line and fields, recorded or not */
} seen;

static void hash_bytes(uint64_t *h, const void *bytes, size_t len)
{
    const unsigned char *b = bytes;
    for (size_t i = 0; i < len; i++)
        *h = (*h ^ b[i]) * UINT64_C(0x100000001b3);
}

static sc_status collect(void *ctx, const sc_csv_row *row, sc_error *err)
{
    (void)err;
    seen *s = ctx;
    s->rows++;
    hash_bytes(&s->hash, &row->line, sizeof row->line);
    for (size_t i = 0; i < row->nfields; i++)
        if (row->fields[i])
            hash_bytes(&s->hash, row->fields[i], row->lengths[i] + 1);
    size_t used = strlen(s->text);
    if (used + 512 > sizeof s->text)
        return SC_OK; /* keep counting, stop recording */
    used += (size_t)snprintf(s->text + used, sizeof s->text - used, "%llu:", row->line);
    if (row->problem)
        used += (size_t)snprintf(s->text + used, sizeof s->text - used, "(%s)", row->problem);
    for (size_t i = 0; i < row->nfields; i++)
        if (used < sizeof s->text)
            used += (size_t)snprintf(s->text + used, sizeof s->text - used, "%s%s", i ? "|" : "",
                                     row->fields[i] ? row->fields[i] : "-");
    if (used < sizeof s->text)
        snprintf(s->text + used, sizeof s->text - used, "\n");
    return SC_OK;
}

static char *write_temp(const void *bytes, size_t len)
{
    char *path = strdup("/tmp/sc_csvin_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bytes, len), (ssize_t)len);
    close(fd);
    return path;
}

/* Reads `bytes` wanting every column; returns the status, fills `out`. */
static sc_status read_all(const void *bytes, size_t len, sc_csv_opts opts, seen *out,
                          sc_error *err)
{
    char *path = write_temp(bytes, len);
    memset(out, 0, sizeof *out);
    sc_csv *csv = NULL;
    sc_error_clear(err);
    sc_status s = sc_csv_open(path, &opts, &csv, err);
    if (s == SC_OK) {
        for (size_t c = 0; c < sc_csv_columns(csv); c++)
            sc_csv_want(csv, c);
        s = sc_csv_read(csv, collect, out, err);
    }
    sc_csv_close(csv);
    unlink(path);
    free(path);
    return s;
}

#define READ(str, opts, seen, err) read_all(str, sizeof(str) - 1, opts, seen, err)

static void plain_rows(void **state)
{
    (void)state;
    seen s;
    sc_error e;
    assert_int_equal(READ("a,b\n1,2\n3,4\n", (sc_csv_opts){0}, &s, &e), SC_OK);
    assert_string_equal(s.text, "2:1|2\n3:3|4\n");
}

static void last_row_without_newline(void **state)
{
    (void)state;
    seen s;
    sc_error e;
    assert_int_equal(READ("a,b\n1,2\n3,4", (sc_csv_opts){0}, &s, &e), SC_OK);
    assert_string_equal(s.text, "2:1|2\n3:3|4\n");
}

static void bom_crlf_and_blank_lines(void **state)
{
    (void)state;
    seen s;
    sc_error e;
    const char input[] = "\xEF\xBB\xBF省份,结果\r\n浙江,合格\r\n\r\n\r\n江苏,不合格\r\n";
    char *path = write_temp(input, sizeof input - 1);
    sc_csv *csv;
    assert_int_equal(sc_csv_open(path, &(sc_csv_opts){0}, &csv, &e), SC_OK);
    assert_string_equal(sc_csv_column_name(csv, 0), "省份");
    assert_string_equal(sc_csv_column_name(csv, 1), "结果");
    sc_csv_close(csv);
    unlink(path);
    free(path);
    assert_int_equal(READ(input, (sc_csv_opts){0}, &s, &e), SC_OK);
    assert_string_equal(s.text, "2:浙江|合格\n5:江苏|不合格\n");
}

static void quoted_fields_with_commas_newlines_and_quotes(void **state)
{
    (void)state;
    seen s;
    sc_error e;
    assert_int_equal(READ("id,item\n1,\"a,b\"\n2,\"two\nlines\"\n3,\"say \"\"hi\"\"\"\n4,x\n",
                          (sc_csv_opts){0}, &s, &e),
                     SC_OK);
    assert_string_equal(s.text, "2:1|a,b\n3:2|two\nlines\n5:3|say \"hi\"\n6:4|x\n");
}

static void ragged_row_is_an_error(void **state)
{
    (void)state;
    seen s;
    sc_error e;
    assert_int_equal(READ("a,b\n1,2\n3\n5,6\n", (sc_csv_opts){0}, &s, &e), SC_EDATA);
    assert_int_equal(e.line, 3);
    assert_string_equal(e.message, "row has 1 field, the header has 2");
    assert_int_equal(READ("a,b\n1,2,3\n", (sc_csv_opts){0}, &s, &e), SC_EDATA);
    assert_string_equal(e.message, "row has 3 fields, the header has 2");
}

static void ragged_rows_skipped_on_request(void **state)
{
    (void)state;
    seen s;
    sc_error e;
    char *path = write_temp("a,b\n1,2\n3\n5,6\n", 14);
    sc_csv *csv;
    assert_int_equal(sc_csv_open(path, &(sc_csv_opts){.skip_ragged = true}, &csv, &e), SC_OK);
    sc_csv_want(csv, 0);
    memset(&s, 0, sizeof s);
    assert_int_equal(sc_csv_read(csv, collect, &s, &e), SC_OK);
    assert_string_equal(s.text, "2:1|-\n3:(row has 1 field, the header has 2)-|-\n4:5|-\n");
    assert_int_equal(sc_csv_rows_read(csv), 3);
    sc_csv_close(csv);
    unlink(path);
    free(path);
}

static void unbalanced_quote_at_end(void **state)
{
    (void)state;
    seen s;
    sc_error e;
    assert_int_equal(READ("a,b\n1,2\n3,\"open\n4,5\n6,7\n", (sc_csv_opts){0}, &s, &e), SC_EDATA);
    assert_int_equal(e.line, 3);
    assert_non_null(strstr(e.message, "not closed at end of file"));
    assert_string_equal(s.text, "2:1|2\n");
}

static void stray_quote_is_an_error(void **state)
{
    (void)state;
    seen s;
    sc_error e;
    assert_int_equal(READ("a,b\n1,2\n3,ab\"c\n", (sc_csv_opts){0}, &s, &e), SC_EDATA);
    assert_int_equal(e.line, 3);
    assert_non_null(strstr(e.message, "column \"b\": malformed quoting after \"ab\""));
    assert_int_equal(READ("a,b\n\"x\"y,2\n", (sc_csv_opts){0}, &s, &e), SC_EDATA);
    assert_int_equal(e.line, 2);
}

static void gb18030_detected_and_converted(void **state)
{
    (void)state;
    seen s;
    sc_error e;
    const char gb[] = "\xCA\xA1\xB7\xDD,\xBD\xE1\xB9\xFB\n\xD5\xE3\xBD\xAD,\xBA\xCF\xB8\xF1\n"
                      "\xBD\xAD\xCB\xD5,\xB2\xBB\xBA\xCF\xB8\xF1\n";
    assert_int_equal(READ(gb, (sc_csv_opts){0}, &s, &e), SC_OK);
    assert_string_equal(s.text, "2:浙江|合格\n3:江苏|不合格\n");
    /* forced UTF-8 refuses the same bytes, naming the line */
    assert_int_equal(READ(gb, (sc_csv_opts){.encoding = SC_ENCODING_UTF8}, &s, &e), SC_EDATA);
    assert_int_equal(e.line, 1);
    /* CA A1 happens to be valid UTF-8 (U+02A1 ʡ); B7 is where it stops */
    assert_string_equal(e.message, "header field 1: byte 0xB7 after \"ʡ\" is not valid UTF-8");
}

static void gb18030_after_ascii_lines_and_euro(void **state)
{
    (void)state;
    seen s;
    sc_error e;
    /* the first non-ASCII byte is on line 3; 0x80 is code page 936's euro sign;
     * 0x81 0x30 0x81 0x30 is GB18030's four-byte form of U+0080 */
    const char gb[] = "p,q\nx,y\n\xD5\xE3\xBD\xAD,\x80\n";
    assert_int_equal(READ(gb, (sc_csv_opts){0}, &s, &e), SC_OK);
    assert_string_equal(s.text, "2:x|y\n3:浙江|€\n");
    /* a run of euro bytes triples in UTF-8 (found by the fuzzer) */
    char euros[300] = "p,q\n\xD5\xE3,";
    size_t len = strlen(euros);
    memset(euros + len, 0x80, 200);
    euros[len + 200] = '\n';
    assert_int_equal(read_all(euros, len + 201, (sc_csv_opts){0}, &s, &e), SC_OK);
    assert_int_equal(s.rows, 1);
    assert_int_equal(strlen(s.text), strlen("2:浙|\n") + 200 * 3);
    const char bad[] = "p,q\n\xD5\xE3,\xFF\xFF\n";
    assert_int_equal(READ(bad, (sc_csv_opts){0}, &s, &e), SC_EDATA);
    assert_int_equal(e.line, 2);
    assert_non_null(strstr(e.message, "is not valid GB18030"));
}

static void invalid_utf8_later_in_a_utf8_file(void **state)
{
    (void)state;
    /* the encoding is decided on the first block (256 KiB); a GB18030 row
     * after that in a UTF-8 file is an error on its line */
    size_t rows = 30000;
    size_t len = 0;
    char *input = malloc(rows * 16 + 64);
    len += (size_t)sprintf(input, "省,x\n");
    for (size_t i = 0; i < rows; i++)
        len += (size_t)sprintf(input + len, "浙江,%zu\n", i);
    len += (size_t)sprintf(input + len, "\xD5\xE3,2\n");
    seen s;
    sc_error e;
    assert_int_equal(read_all(input, len, (sc_csv_opts){0}, &s, &e), SC_EDATA);
    assert_int_equal(e.line, rows + 2);
    assert_string_equal(e.message, "column \"省\": byte 0xD5 at the start of the field is not "
                                   "valid UTF-8 (the encoding was guessed from the first 256 KiB "
                                   "of text; use --encoding to choose one)");
    /* the same bytes in a column nobody uses do not stop the reader */
    char *path = write_temp(input, len);
    sc_csv *csv;
    assert_int_equal(sc_csv_open(path, &(sc_csv_opts){0}, &csv, &e), SC_OK);
    sc_csv_want(csv, 1);
    memset(&s, 0, sizeof s);
    assert_int_equal(sc_csv_read(csv, collect, &s, &e), SC_OK);
    assert_int_equal(s.rows, rows + 1);
    sc_csv_close(csv);
    unlink(path);
    free(path);
    free(input);
    /* an overlong form and a surrogate are not UTF-8 either */
    assert_int_equal(READ("a\n\xC0\xAF\n", (sc_csv_opts){.encoding = SC_ENCODING_UTF8}, &s, &e),
                     SC_EDATA);
    assert_int_equal(READ("a\n\xED\xA0\x80\n", (sc_csv_opts){.encoding = SC_ENCODING_UTF8}, &s, &e),
                     SC_EDATA);
}

/* Inside a run of Chinese (read two characters at a time), each form that
 * is not UTF-8 is found at every offset, and the lead bytes whose second
 * byte has its own range (E0, ED) are judged by it; RFC 3629 says which. */
static void utf8_forms_inside_chinese_runs(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        bool valid;
    } forms[] = {
        {"\xE0\xA0\x80", true},  {"\xE0\x9F\xBF", false}, /* E0: A0..BF, else overlong */
        {"\xED\x9F\xBF", true},  {"\xED\xA0\x80", false}, /* ED: 80..9F, else a surrogate */
        {"\xEE\x80\x80", true},  {"\xEF\xBF\xBF", true},  {"\xE4\xB8\x41", false},
        {"\xE4\xC0\xAD", false}, {"\xE4\xB8", false},      {"\x80", false},
        {"\xF0\x9F\x98\x80", true}, {"\xC3\xA9", true},   {"\xFF", false},
    };
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++)
        for (size_t before = 0; before < 5; before++) {
            char input[128] = "g\n";
            for (size_t k = 0; k < before; k++)
                strcat(input, "中");
            strcat(input, forms[f].bytes);
            strcat(input, "文文文\n");
            seen s;
            sc_error e;
            sc_status got = read_all(input, strlen(input),
                                     (sc_csv_opts){.encoding = SC_ENCODING_UTF8}, &s, &e);
            if ((got == SC_OK) != forms[f].valid)
                fail_msg("form %zu after %zu characters: status %d", f, before, (int)got);
        }
}

/* A column wanted unchecked reads its bad bytes without error; asked of a
 * row's field, sc_csv_check_field gives the message a checked column gives.
 * Both ways through the reader: a plain line and a quoted one. */
typedef struct unchecked_seen {
    const sc_csv *csv;
    sc_error checks[4];
    size_t rows;
} unchecked_seen;

static sc_status check_second(void *ctx, const sc_csv_row *row, sc_error *err)
{
    (void)err;
    unchecked_seen *u = ctx;
    sc_error_clear(&u->checks[u->rows]);
    sc_csv_check_field(u->csv, row, 1, &u->checks[u->rows]);
    u->rows++;
    return SC_OK;
}

/* The fast path finds delimiters 16 bytes at a time: each row's expected
 * fields, made here by plain formatting, against what the reader gives, for
 * delimiters at every place across and around 16-byte boundaries and lines
 * shorter and longer than 16 bytes (spaces around the middle field are
 * trimmed). */
typedef struct expect_rows {
    size_t row, mismatches;
} expect_rows;

static void expected_fields(size_t row, char fields[3][64])
{
    size_t a = row % 41, bs[] = {0, 1, 5, 14, 15, 16, 17, 31}, b = bs[(row / 41) % 8];
    memset(fields[0], 'a', a);
    fields[0][a] = '\0';
    memset(fields[1], 'b', b);
    fields[1][b] = '\0';
    snprintf(fields[2], 64, "%s", row % 3 ? "ccc" : "");
}

static sc_status compare_expected(void *ctx, const sc_csv_row *row, sc_error *err)
{
    (void)err;
    expect_rows *x = ctx;
    char fields[3][64];
    expected_fields(x->row, fields);
    if (row->problem || row->nfields != 3 || row->line != x->row + 2)
        x->mismatches++;
    for (size_t i = 0; !row->problem && i < 3 && i < row->nfields; i++)
        if (strcmp(row->fields[i], fields[i]) != 0 || row->lengths[i] != strlen(fields[i]))
            x->mismatches++;
    x->row++;
    return SC_OK;
}

static void delimiters_across_blocks_of_sixteen(void **state)
{
    (void)state;
    static char text[64 * 41 * 8 + 16];
    size_t len = (size_t)snprintf(text, sizeof text, "x,y,z\n");
    const size_t rows = 41 * 8;
    for (size_t row = 0; row < rows; row++) {
        char fields[3][64];
        expected_fields(row, fields);
        len += (size_t)snprintf(text + len, sizeof text - len, "%s,%s%s%s,%s\n", fields[0],
                                row % 2 ? " " : "", fields[1], row % 4 == 1 ? "  " : "",
                                fields[2]);
    }
    char *path = write_temp(text, len);
    sc_csv *csv = NULL;
    sc_error e;
    sc_error_clear(&e);
    assert_int_equal(sc_csv_open(path, &(sc_csv_opts){0}, &csv, &e), SC_OK);
    for (size_t c = 0; c < 3; c++)
        sc_csv_want(csv, c);
    expect_rows x = {0};
    assert_int_equal(sc_csv_read(csv, compare_expected, &x, &e), SC_OK);
    assert_int_equal(x.row, rows);
    assert_int_equal(x.mismatches, 0);
    sc_csv_close(csv);
    unlink(path);
    free(path);
}

static void unchecked_columns(void **state)
{
    (void)state;
    const char input[] = "g,text\nA,fine\nB,ba\xFF" "d\n\"C\",\"nu\0l\"\n";
    char *path = write_temp(input, sizeof input - 1);
    sc_csv *csv;
    sc_error e;
    assert_int_equal(sc_csv_open(path, &(sc_csv_opts){.encoding = SC_ENCODING_UTF8}, &csv, &e),
                     SC_OK);
    sc_csv_want(csv, 0);
    sc_csv_want_unchecked(csv, 1);
    unchecked_seen u = {.csv = csv};
    assert_int_equal(sc_csv_read(csv, check_second, &u, &e), SC_OK);
    assert_int_equal(u.rows, 3);
    assert_int_equal(u.checks[0].status, SC_OK);
    assert_int_equal(u.checks[1].status, SC_EDATA);
    assert_int_equal(u.checks[1].line, 3);
    assert_string_equal(u.checks[1].message,
                        "column \"text\": byte 0xFF after \"ba\" is not valid UTF-8");
    assert_int_equal(u.checks[2].status, SC_EDATA);
    assert_string_equal(u.checks[2].message, "column \"text\": byte 0x00 (NUL) after \"nu\" is not "
                                            "allowed in a field (is the file truncated or binary?)");
    sc_csv_close(csv);
    /* wanted checked as well (a key that is also a text): checked as it is read */
    assert_int_equal(sc_csv_open(path, &(sc_csv_opts){.encoding = SC_ENCODING_UTF8}, &csv, &e),
                     SC_OK);
    sc_csv_want_unchecked(csv, 1);
    sc_csv_want(csv, 1);
    u = (unchecked_seen){.csv = csv};
    assert_int_equal(sc_csv_read(csv, check_second, &u, &e), SC_EDATA);
    assert_string_equal(e.message, "column \"text\": byte 0xFF after \"ba\" is not valid UTF-8");
    sc_csv_close(csv);
    unlink(path);
    free(path);
}

static void stray_byte_does_not_turn_utf8_into_gb18030(void **state)
{
    (void)state;
    seen s;
    sc_error e;
    /* one bad byte among many UTF-8 characters: still UTF-8; the bad byte is
     * reported only when its column is used */
    const char input[] = "省份,备注\n浙江,合格\n江苏,\xFF\n广东,中文\n";
    char *path = write_temp(input, sizeof input - 1);
    sc_csv *csv;
    assert_int_equal(sc_csv_open(path, &(sc_csv_opts){0}, &csv, &e), SC_OK);
    sc_csv_want(csv, 0);
    memset(&s, 0, sizeof s);
    assert_int_equal(sc_csv_read(csv, collect, &s, &e), SC_OK);
    assert_string_equal(s.text, "2:浙江|-\n3:江苏|-\n4:广东|-\n");
    assert_string_equal(sc_csv_encoding_name(csv), "UTF-8");
    sc_csv_close(csv);
    unlink(path);
    free(path);
    assert_int_equal(READ(input, (sc_csv_opts){0}, &s, &e), SC_EDATA);
    assert_int_equal(e.line, 3);
    assert_string_equal(e.message, "column \"备注\": byte 0xFF at the start of the field is not "
                                   "valid UTF-8 (the encoding was guessed from the first 256 KiB "
                                   "of text; use --encoding to choose one)");
}

static void nul_bytes_are_errors(void **state)
{
    (void)state;
    seen s;
    sc_error e;
    /* a zero-filled tail after a crash, and a NUL inside a count */
    assert_int_equal(READ("g,n,p\nA,1000,100\nB,1000,9\0\0\0", (sc_csv_opts){0}, &s, &e),
                     SC_EDATA);
    assert_int_equal(e.line, 3);
    assert_string_equal(e.message, "column \"p\": byte 0x00 (NUL) after \"9\" is not allowed in "
                                   "a field (is the file truncated or binary?)");
    assert_int_equal(READ("g,n\nA,100\0" "999\n", (sc_csv_opts){0}, &s, &e), SC_EDATA);
    assert_string_equal(e.message, "column \"n\": byte 0x00 (NUL) after \"100\" is not allowed "
                                   "in a field (is the file truncated or binary?)");
    /* in the header, and in a GB18030 file */
    assert_int_equal(READ("g\0h,n\n", (sc_csv_opts){0}, &s, &e), SC_EDATA);
    assert_int_equal(e.line, 1);
    assert_string_equal(e.message, "header field 1: byte 0x00 (NUL) after \"g\" is not allowed "
                                   "in a field (is the file truncated or binary?)");
    assert_int_equal(READ("g,n\n\xD5\xE3\0,1\n",
                          (sc_csv_opts){.encoding = SC_ENCODING_GB18030}, &s, &e),
                     SC_EDATA);
    assert_string_equal(e.message, "column \"g\": byte 0x00 (NUL) after \"浙\" is not allowed "
                                   "in a field (is the file truncated or binary?)");
}

static void carriage_return_line_ends(void **state)
{
    (void)state;
    seen s;
    sc_error e;
    /* old Mac OS exports: CR alone ends lines, line numbers count them,
     * blank lines too */
    assert_int_equal(READ("a,b\r1,2\r\r3, 4 \r", (sc_csv_opts){0}, &s, &e), SC_OK);
    assert_string_equal(s.text, "2:1|2\n4:3|4\n");
    /* a quoted field may hold a CR line end */
    assert_int_equal(READ("a,b\r\"x\ry\",2\r3,4", (sc_csv_opts){0}, &s, &e), SC_OK);
    assert_string_equal(s.text, "2:x\ry|2\n4:3|4\n");
    assert_int_equal(READ("a,b\r1,2\r3\r", (sc_csv_opts){0}, &s, &e), SC_EDATA);
    assert_int_equal(e.line, 3);
    /* any LF in the first block keeps LF line ends (lone_carriage_returns) */
}

static void mixed_encodings_are_errors(void **state)
{
    (void)state;
    seen s;
    sc_error e;
    /* GB18030 rows, then the UTF-8 bytes of 浙江 (which GB18030 reads as
     * 娴欐睙, two of them GBK extensions) */
    assert_int_equal(READ("\xB5\xD8\xC7\xF8,r\n\xD5\xE3\xBD\xAD,pass\n"
                          "\xE6\xB5\x99\xE6\xB1\x9F,pass\n",
                          (sc_csv_opts){0}, &s, &e),
                     SC_EDATA);
    assert_int_equal(e.line, 3);
    assert_string_equal(e.message,
                        "this line is UTF-8 (\"浙江,pass\"), but the file was judged GB18030 "
                        "from line 1: it mixes two encodings; save it in one (--encoding gb18030 "
                        "reads every line as GB18030)");
    /* a UTF-8 line that GB18030 cannot read at all (浙 alone): the same */
    assert_int_equal(READ("a,r\n\xB5\xD8\xC7\xF8,pass\n\xE6\xB5\x99,pass\n",
                          (sc_csv_opts){0}, &s, &e),
                     SC_EDATA);
    assert_int_equal(e.line, 3);
    assert_string_equal(e.message,
                        "this line is UTF-8 (\"浙,pass\"), but the file was judged GB18030 "
                        "from line 2: it mixes two encodings; save it in one (--encoding gb18030 "
                        "reads every line as GB18030)");
    /* forced GB18030 reads it as GB18030 */
    assert_int_equal(READ("a,r\n\xD5\xE3\xBD\xAD,pass\n\xE6\xB5\x99\xE6\xB1\x9F,pass\n",
                          (sc_csv_opts){.encoding = SC_ENCODING_GB18030}, &s, &e),
                     SC_OK);
    assert_string_equal(s.text, "2:浙江|pass\n3:娴欐睙|pass\n");
    /* GB2312 text that is also valid UTF-8 (省 is CA A1, U+02A1) is not taken
     * for UTF-8: read as GB18030 it has no character outside GB2312 */
    assert_int_equal(READ("a,r\n\xB5\xD8\xC7\xF8,pass\n\xCA\xA1,pass\n",
                          (sc_csv_opts){0}, &s, &e),
                     SC_OK);
    assert_string_equal(s.text, "2:地区|pass\n3:省|pass\n");
}

static void directory_is_not_a_file(void **state)
{
    (void)state;
    sc_csv *csv;
    sc_error e;
    assert_int_equal(sc_csv_open("/tmp", &(sc_csv_opts){0}, &csv, &e), SC_ENOENT);
    assert_string_equal(e.message, "cannot open: it is a directory");
}

/* Standard input that is a regular file is split like a file, from the
 * offset it is at, and stays there until the reader is closed, which moves
 * it to its end; a pipe is read as it comes, in one chunk. */
static void standard_input_file_splits(void **state)
{
    (void)state;
    static const char text[] = "line before\na,b\n1,2\n3,4\n5,6\n7,8\n";
    char *path = write_temp(text, sizeof text - 1);
    int saved = dup(STDIN_FILENO);
    assert_non_null(freopen(path, "rb", stdin));
    assert_int_equal(fseeko(stdin, 12, SEEK_SET), 0); /* past "line before\n" */
    sc_csv *csv, *later;
    sc_error e;
    assert_int_equal(sc_csv_open("-", &(sc_csv_opts){0}, &csv, &e), SC_OK);
    assert_string_equal(sc_csv_name(csv), "<stdin>");
    for (size_t c = 0; c < sc_csv_columns(csv); c++)
        sc_csv_want(csv, c);
    sc_csv_chunk chunks[2];
    size_t n;
    assert_int_equal(sc_csv_split(csv, 2, 1, 2, chunks, &n, &e), SC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(chunks[0].start, 16); /* after "a,b\n" */
    assert_int_equal(chunks[1].end, sizeof text - 1);
    seen first = {0}, second = {0};
    assert_int_equal(sc_csv_read(csv, collect, &first, &e), SC_OK);
    assert_int_equal(sc_csv_open_chunk(csv, &chunks[1], &later, &e), SC_OK);
    assert_int_equal(sc_csv_read(later, collect, &second, &e), SC_OK);
    assert_int_equal(first.rows + second.rows, 4);
    strcat(first.text, second.text);
    assert_string_equal(first.text, "2:1|2\n3:3|4\n4:5|6\n5:7|8\n");
    sc_csv_close(later);
    assert_int_equal(ftello(stdin), 12);
    sc_csv_close(csv);
    assert_int_equal(ftello(stdin), sizeof text - 1);

    int ends[2];
    assert_int_equal(pipe(ends), 0);
    assert_int_equal(write(ends[1], text + 12, sizeof text - 13), (ssize_t)(sizeof text - 13));
    close(ends[1]);
    assert_int_equal(dup2(ends[0], STDIN_FILENO), STDIN_FILENO);
    close(ends[0]);
    clearerr(stdin);
    assert_int_equal(sc_csv_open("-", &(sc_csv_opts){0}, &csv, &e), SC_OK);
    assert_int_equal(sc_csv_split(csv, 2, 1, 2, chunks, &n, &e), SC_OK);
    assert_int_equal(n, 1);
    sc_csv_close(csv);

    dup2(saved, STDIN_FILENO);
    close(saved);
    clearerr(stdin);
    unlink(path);
    free(path);
}

/* A pipe is read in windows (contract 10): the whole rows of each window are
 * cut into chunks at line starts outside quoted fields, read by chunk
 * readers from memory; the reader then goes on after them.  Together with
 * what the reader reads itself, the rows and lines are one reader's. */
static sc_status read_piped(const char *text, sc_encoding encoding, size_t window, bool windows,
                            seen *out, size_t *taken, sc_error *e)
{
    char *path = write_temp(text, strlen(text)); /* read through a pipe from it */
    int saved = dup(STDIN_FILENO), ends[2];
    assert_int_equal(pipe(ends), 0);
    pid_t writer = fork();
    assert_true(writer >= 0);
    if (writer == 0) {
        close(ends[0]);
        FILE *from = fopen(path, "rb");
        char buf[65536];
        for (size_t got; from && (got = fread(buf, 1, sizeof buf, from)) > 0;)
            if (write(ends[1], buf, got) != (ssize_t)got)
                _exit(1);
        _exit(0);
    }
    close(ends[1]);
    assert_int_equal(dup2(ends[0], STDIN_FILENO), STDIN_FILENO);
    close(ends[0]);
    clearerr(stdin);
    memset(out, 0, sizeof *out);
    *taken = 0;
    sc_csv *csv;
    sc_status s = sc_csv_open("-", &(sc_csv_opts){.encoding = encoding}, &csv, e);
    assert_int_equal(s, SC_OK);
    for (size_t c = 0; c < sc_csv_columns(csv); c++)
        sc_csv_want(csv, c);
    for (bool more = true; s == SC_OK && more;) {
        sc_csv_chunk chunks[4];
        size_t n = 0;
        if (windows)
            assert_int_equal(sc_csv_window(csv, window, 4, 1, chunks, &n, e), SC_OK);
        for (size_t k = 1; k < n; k++) { /* in order, each where the last ended */
            assert_int_equal(chunks[k].start, chunks[k - 1].end);
            assert_int_equal(chunks[k].bytes - chunks[k - 1].bytes,
                             chunks[k].start - chunks[k - 1].start);
        }
        for (size_t k = 0; k < n; k++) {
            sc_csv *part;
            assert_int_equal(sc_csv_open_chunk(csv, &chunks[k], &part, e), SC_OK);
            if (k > 0)
                assert_int_equal(chunks[k].bytes[-1], '\n'); /* a line start */
            s = sc_csv_read(part, collect, out, e);
            sc_csv_close(part);
            assert_int_equal(s, SC_OK);
        }
        *taken += n;
        if (n > 0)
            sc_csv_window_done(csv);
        else
            s = sc_csv_read_some(csv, collect, out, &more, e);
    }
    sc_csv_close(csv);
    dup2(saved, STDIN_FILENO);
    close(saved);
    clearerr(stdin);
    int status;
    assert_int_equal(waitpid(writer, &status, 0), writer);
    unlink(path);
    free(path);
    return s;
}

static void pipe_read_in_windows(void **state)
{
    (void)state;
    /* quoted fields over several lines, a doubled quote, a blank line, a
     * last row without a line end */
    static const char text[] = "a,b\n1,2\n\"x\ny\",3\n4,\"p\"\"q\"\n\n5,6\n\"m\n\nn\",7\n"
                               "8,9\n10,11\n12,\"a,b\"\n13,14";
    seen one, windows;
    size_t taken;
    sc_error e;
    assert_int_equal(read_piped(text, SC_ENCODING_UTF8, 16, false, &one, &taken, &e), SC_OK);
    assert_string_equal(one.text, "2:1|2\n3:x\ny|3\n5:4|p\"q\n7:5|6\n8:m\n\nn|7\n11:8|9\n"
                                  "12:10|11\n13:12|a,b\n14:13|14\n");
    for (size_t window = 4; window < sizeof text + 8; window += 3) {
        assert_int_equal(read_piped(text, SC_ENCODING_UTF8, window, true, &windows, &taken, &e), SC_OK);
        assert_string_equal(windows.text, one.text);
        assert_int_equal(windows.rows, 9);
        if (window >= 16)
            assert_true(taken > 0);
    }
    /* an error in a window's row is the reader's to find, at its line */
    static const char bad[] = "a,b\n1,2\n3,4\n5,\"x\"y\n7,8\n";
    assert_int_equal(read_piped(bad, SC_ENCODING_UTF8, 8, false, &one, &taken, &e), SC_EDATA);
    assert_int_equal(e.line, 4);
}

/* Before the encoding is guessed (ASCII so far), a window is the block one
 * reader reads next, when it is ASCII throughout: the guess is then made on
 * the same bytes.  40,000 ASCII rows (some 660 KiB: more than two blocks of
 * 256 KiB), then GB18030 rows (浙江 = D5 E3 BD AD, 合格 = BA CF B8 F1). */
static void pipe_windows_before_the_encoding_is_guessed(void **state)
{
    (void)state;
    size_t cap = 40000 * 20 + 2000 * 20 + 64, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text, cap, "id,region,result\n");
    for (unsigned i = 0; i < 40000; i++)
        len += (size_t)snprintf(text + len, cap - len, "%05u,north,%s\n", i, i % 3 ? "pass" : "fail");
    for (unsigned i = 0; i < 2000; i++)
        len += (size_t)snprintf(text + len, cap - len, "%05u,\xD5\xE3\xBD\xAD,\xBA\xCF\xB8\xF1\n",
                                i);
    seen one, windows;
    size_t taken;
    sc_error e;
    assert_int_equal(read_piped(text, SC_ENCODING_AUTO, 64, false, &one, &taken, &e), SC_OK);
    assert_int_equal(one.rows, 42000);
    assert_int_equal(read_piped(text, SC_ENCODING_AUTO, 4096, true, &windows, &taken, &e), SC_OK);
    assert_true(taken > 0);
    assert_int_equal(windows.rows, 42000);
    assert_true(windows.hash == one.hash);
    assert_string_equal(windows.text, one.text);
    /* the last row, read as GB18030 by both */
    text[len - 1] = ','; /* a ragged last row: an error at its line */
    assert_int_equal(read_piped(text, SC_ENCODING_AUTO, 4096, true, &windows, &taken, &e),
                     SC_EDATA);
    assert_int_equal(e.line, 42001);
    free(text);
}

static void lone_carriage_returns(void **state)
{
    (void)state;
    seen s;
    sc_error e;
    /* a lone CR ends no row (found by the fuzzer: libcsv ended the header at
     * the CR and a data row inside the header's line) */
    assert_int_equal(READ("a,b\r1,2\nx,y,z\n", (sc_csv_opts){0}, &s, &e), SC_OK);
    assert_string_equal(s.text, "2:x|y|z\n");
    assert_int_equal(READ("a,b\n1,\"q\"\r\n2, 3 \r\n", (sc_csv_opts){0}, &s, &e), SC_OK);
    assert_string_equal(s.text, "2:1|q\n3:2|3\n");
}

static void empty_and_header_only(void **state)
{
    (void)state;
    seen s;
    sc_error e;
    assert_int_equal(read_all("", 0, (sc_csv_opts){0}, &s, &e), SC_EDATA);
    assert_non_null(strstr(e.message, "empty input"));
    assert_int_equal(READ("\n\n", (sc_csv_opts){0}, &s, &e), SC_EDATA);
    assert_int_equal(READ("a,b\n", (sc_csv_opts){0}, &s, &e), SC_OK);
    assert_int_equal(s.rows, 0);
    assert_int_equal(READ("a,b", (sc_csv_opts){0}, &s, &e), SC_OK);
    assert_int_equal(s.rows, 0);
}

static void no_header_and_delimiters(void **state)
{
    (void)state;
    seen s;
    sc_error e;
    assert_int_equal(READ("1,2\n3,4\n", (sc_csv_opts){.no_header = true}, &s, &e), SC_OK);
    assert_string_equal(s.text, "1:1|2\n2:3|4\n");
    assert_int_equal(READ("a;b\n1;2,5\n", (sc_csv_opts){.delimiter = ';'}, &s, &e), SC_OK);
    assert_string_equal(s.text, "2:1|2,5\n");
    assert_int_equal(READ("a\tb\n1\t\n", (sc_csv_opts){.delimiter = '\t'}, &s, &e), SC_OK);
    assert_string_equal(s.text, "2:1|\n");
}

static void find_columns(void **state)
{
    (void)state;
    sc_error e;
    char *path = write_temp("省份,结果,2024,结果\n", strlen("省份,结果,2024,结果\n"));
    sc_csv *csv;
    assert_int_equal(sc_csv_open(path, &(sc_csv_opts){0}, &csv, &e), SC_OK);
    size_t col;
    assert_int_equal(sc_csv_find_column(csv, "省份", &col, &e), SC_OK);
    assert_int_equal(col, 0);
    assert_int_equal(sc_csv_find_column(csv, "2", &col, &e), SC_OK);
    assert_int_equal(col, 1);
    assert_int_equal(sc_csv_find_column(csv, "2024", &col, &e), SC_OK); /* a name beats a number */
    assert_int_equal(col, 2);
    assert_int_equal(sc_csv_find_column(csv, "结果", &col, &e), SC_EINVAL);
    assert_non_null(strstr(e.message, "appears more than once"));
    assert_int_equal(sc_csv_find_column(csv, "地区", &col, &e), SC_EINVAL);
    assert_non_null(strstr(e.message, "no column \"地区\"; the header has \"省份\", \"结果\""));
    assert_int_equal(sc_csv_find_column(csv, "5", &col, &e), SC_EINVAL);
    assert_int_equal(sc_csv_find_column(csv, "0", &col, &e), SC_EINVAL);
    sc_csv_close(csv);
    unlink(path);
    free(path);
}

static sc_status count_rows(void *ctx, const sc_csv_row *row, sc_error *err)
{
    (void)err;
    size_t *total = ctx;
    *total += row->lengths[1];
    return SC_OK;
}

static void long_fields_across_blocks(void **state)
{
    (void)state;
    /* a 600 KiB field of Chinese text crosses the 256 KiB blocks at every
     * byte offset of a three-byte character sooner or later */
    size_t chars = 200000;
    size_t len = 4 + 2 + chars * 3 + 1;
    char *input = malloc(len + 16);
    strcpy(input, "a,b\n1,");
    for (size_t i = 0; i < chars; i++)
        memcpy(input + 6 + 3 * i, "合", 3);
    input[len - 1] = '\n';
    char *path = write_temp(input, len);
    sc_csv *csv;
    sc_error e;
    assert_int_equal(sc_csv_open(path, &(sc_csv_opts){0}, &csv, &e), SC_OK);
    sc_csv_want(csv, 1);
    size_t total = 0;
    assert_int_equal(sc_csv_read(csv, count_rows, &total, &e), SC_OK);
    assert_int_equal(total, chars * 3);
    assert_string_equal(sc_csv_encoding_name(csv), "UTF-8");
    sc_csv_close(csv);
    unlink(path);
    free(path);
    free(input);
}

static void huge_field_is_refused(void **state)
{
    (void)state;
    size_t len = SC_CSV_FIELD_MAX + 1024;
    char *input = malloc(len);
    memcpy(input, "a,b\n1,\"", 7);
    memset(input + 7, 'x', len - 7);
    char *path = write_temp(input, len);
    free(input);
    sc_csv *csv;
    sc_error e;
    assert_int_equal(sc_csv_open(path, &(sc_csv_opts){0}, &csv, &e), SC_OK);
    size_t total = 0;
    assert_int_equal(sc_csv_read(csv, count_rows, &total, &e), SC_EDATA);
    assert_int_equal(e.line, 2);
    assert_string_equal(e.message, "column \"b\": field longer than 16777216 bytes");
    sc_csv_close(csv);
    unlink(path);
    free(path);
}

static void missing_file(void **state)
{
    (void)state;
    sc_csv *csv;
    sc_error e;
    assert_int_equal(sc_csv_open("/nonexistent/x.csv", &(sc_csv_opts){0}, &csv, &e), SC_ENOENT);
    assert_null(csv);
    assert_string_equal(e.file, "/nonexistent/x.csv");
}

static void encoding_names(void **state)
{
    (void)state;
    sc_encoding enc;
    assert_int_equal(sc_encoding_from_name("GBK", &enc), SC_OK);
    assert_int_equal(enc, SC_ENCODING_GB18030);
    assert_int_equal(sc_encoding_from_name("utf-8", &enc), SC_OK);
    assert_int_equal(enc, SC_ENCODING_UTF8);
    assert_int_equal(sc_encoding_from_name("latin1", &enc), SC_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_rows),
        cmocka_unit_test(last_row_without_newline),
        cmocka_unit_test(bom_crlf_and_blank_lines),
        cmocka_unit_test(quoted_fields_with_commas_newlines_and_quotes),
        cmocka_unit_test(ragged_row_is_an_error),
        cmocka_unit_test(ragged_rows_skipped_on_request),
        cmocka_unit_test(unbalanced_quote_at_end),
        cmocka_unit_test(stray_quote_is_an_error),
        cmocka_unit_test(gb18030_detected_and_converted),
        cmocka_unit_test(gb18030_after_ascii_lines_and_euro),
        cmocka_unit_test(invalid_utf8_later_in_a_utf8_file),
        cmocka_unit_test(utf8_forms_inside_chinese_runs),
        cmocka_unit_test(unchecked_columns),
        cmocka_unit_test(stray_byte_does_not_turn_utf8_into_gb18030),
        cmocka_unit_test(directory_is_not_a_file),
        cmocka_unit_test(standard_input_file_splits),
        cmocka_unit_test(pipe_read_in_windows),
        cmocka_unit_test(pipe_windows_before_the_encoding_is_guessed),
        cmocka_unit_test(lone_carriage_returns),
        cmocka_unit_test(empty_and_header_only),
        cmocka_unit_test(no_header_and_delimiters),
        cmocka_unit_test(find_columns),
        cmocka_unit_test(long_fields_across_blocks),
        cmocka_unit_test(huge_field_is_refused),
        cmocka_unit_test(missing_file),
        cmocka_unit_test(encoding_names),
        cmocka_unit_test(nul_bytes_are_errors),
        cmocka_unit_test(delimiters_across_blocks_of_sixteen),
        cmocka_unit_test(carriage_return_line_ends),
        cmocka_unit_test(mixed_encodings_are_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
