/* Tests of located error messages (spotcheck/error.h): the escaping of what a
 * message quotes.  Expected texts are written out by hand from the rules in
 * the header's comment of sc_escape_text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "spotcheck/error.h"
#include "text.h"

static const char *escaped(const char *text, size_t len)
{
    static char out[256];
    sc_escape_text(out, sizeof out, text, len);
    return out;
}

static void controls_and_invisible_characters_are_shown(void **state)
{
    (void)state;
    assert_string_equal(escaped("a\tb\nc\rd", 7), "a\\tb\\nc\\rd");
    assert_string_equal(escaped("x\0y", 3), "x\\0y");
    assert_string_equal(escaped("\x01\x1f\x7f", 3), "\\x01\\x1F\\x7F");
    assert_string_equal(escaped("\xEF\xBB\xBFpass", 7), "<U+FEFF>pass");
    assert_string_equal(escaped("a\xE2\x80\xA8" "b", 5), "a<U+2028>b");
    assert_string_equal(escaped("a\xE2\x80\xA9\xE2\x80\x8B\xC2\x85", 9),
                        "a<U+2029><U+200B><U+0085>");
    /* invalid UTF-8: a lone GB18030 lead byte, an overlong '/', a surrogate */
    assert_string_equal(escaped("\xD5\xE3", 2), "\\xD5\\xE3");
    assert_string_equal(escaped("\xC0\xAF", 2), "\\xC0\\xAF");
    assert_string_equal(escaped("\xED\xA0\x80", 3), "\\xED\\xA0\\x80");
    /* printable text, Chinese included, and the backslash pass unchanged */
    assert_string_equal(escaped("浙江 a\\b", 10), "浙江 a\\b");
}

static void escaping_is_idempotent_and_bounded(void **state)
{
    (void)state;
    char once[64], twice[64];
    sc_escape_text(once, sizeof once, "\t\xEF\xBB\xBF\n", 5);
    sc_escape_text(twice, sizeof twice, once, strlen(once));
    assert_string_equal(once, twice);
    char small[6];
    /* "\t" and "\n" take 2 bytes each: the third piece does not fit */
    assert_int_equal(sc_escape_text(small, sizeof small, "\t\n\t", 3), 4);
    assert_string_equal(small, "\\t\\n");
    /* a character is never cut */
    assert_int_equal(sc_escape_text(small, 4, "浙江", 6), 3);
    assert_string_equal(small, "浙");
    assert_int_equal(sc_escape_text(small, 0, "x", 1), 0);
}

static void error_set_escapes_message_and_file(void **state)
{
    (void)state;
    sc_error err;
    sc_error_set(&err, SC_EDATA, "q3\n.csv", 4, "column \"%s\": \"%s\" is bad", "结果", "pa\tss");
    assert_string_equal(err.file, "q3\\n.csv");
    assert_string_equal(err.message, "column \"结果\": \"pa\\tss\" is bad");
    char text[512];
    sc_error_format(&err, text, sizeof text);
    assert_null(strchr(text, '\n'));
}

static void excerpt_keeps_a_nul_visible(void **state)
{
    (void)state;
    char out[64];
    sc_text_excerpt("12\0" "34", 5, out, sizeof out);
    assert_string_equal(out, "12\\034");
    sc_text_excerpt("0123456789012345678901234567890123456789X", 41, out, sizeof out);
    assert_string_equal(out, "0123456789012345678901234567890123456789...");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(controls_and_invisible_characters_are_shown),
        cmocka_unit_test(escaping_is_idempotent_and_bounded),
        cmocka_unit_test(error_set_escapes_message_and_file),
        cmocka_unit_test(excerpt_keeps_a_nul_visible),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
