/*
 * body: the strict RFC 8259 reader (tjc_body_parse) and what it hands on: the cJSON tree
 * with number lexemes, the notes (duplicates, U+0000, lone surrogates, as RFC 6901
 * pointers), depth and truncation, the writers and tjc_pointer_resolve.
 *
 * Every accept/reject expectation is RFC 8259's grammar (sections 2 to 8), not the
 * reader's own choices; where RFC 8259 lets a parser choose (BOM, section 8.1), body.h's
 * documented choice is what is asserted.
 */
#include <criterion/criterion.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "buf.h"

/* ---- helpers ---- */

/* Bytes shown in a failure message: printable ASCII as is, others as \xHH, cut at 160.
 * Rotating static buffers, so a message can show several inputs. */
static const char *shown(const char *bytes, size_t len)
{
    static char bufs[4][1024];
    static int next;
    char *out = bufs[next++ % 4];
    size_t o = 0;
    out[o++] = '`';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)bytes[i];
        if (i == 160 || o > 900) {
            o += (size_t)snprintf(out + o, 1024 - o, "...(%zu bytes)", len);
            break;
        }
        if (c >= 0x20 && c < 0x7f && c != '\\')
            out[o++] = (char)c;
        else
            o += (size_t)snprintf(out + o, 1024 - o, "\\x%02x", c);
    }
    out[o++] = '`';
    out[o] = '\0';
    return out;
}

static const char *shown_str(const char *s)
{
    return s ? shown(s, strlen(s)) : "(null)";
}

/* A node for failure messages: its compact JSON, or NULL. */
static const char *node_shown(const cJSON *n)
{
    static char bufs[2][512];
    static int next;
    char *out = bufs[next++ % 2];
    if (!n)
        return "NULL";
    tjc_buf b;
    tjc_buf_init(&b);
    if (tjc_body_write(&b, n) != 0 || !b.data)
        snprintf(out, sizeof bufs[0], "(a node too deep to write)");
    else
        snprintf(out, sizeof bufs[0], "%.500s", b.data);
    tjc_buf_free(&b);
    return out;
}

static void parse_text(tjc_body *b, const char *bytes, size_t len)
{
    int rc = tjc_body_parse((const unsigned char *)bytes, len, b);
    cr_assert_eq(rc, 0, "tjc_body_parse(%s): expected 0, got %d (out of memory)",
                 shown(bytes, len), rc);
}

/* Parses and asserts the text is accepted. */
static void accept_text(tjc_body *b, const char *bytes, size_t len)
{
    parse_text(b, bytes, len);
    cr_assert(b->root != NULL, "input %s: expected accepted (root set), got rejected: %s at byte %zu",
              shown(bytes, len), b->error ? b->error : "(no error text)", b->error_offset);
}

#define ACCEPT(b, lit) accept_text(b, lit, sizeof(lit) - 1)

typedef struct reject_case {
    const char *bytes;
    size_t len;
    size_t lo, hi; /* where the error may sensibly be reported */
} reject_case;

/* A case whose error lies between bytes lo and hi. */
#define R(lit, lo, hi) {lit, sizeof(lit) - 1, lo, hi}
/* A truncated text: the error may be anywhere up to the end. */
#define RT(lit) {lit, sizeof(lit) - 1, 0, sizeof(lit) - 1}
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void expect_rejected(const reject_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const reject_case *c = &cases[i];
        tjc_body b;
        parse_text(&b, c->bytes, c->len);
        cr_expect(b.root == NULL, "input %s: expected rejected (root NULL), got accepted",
                  shown(c->bytes, c->len));
        if (b.root == NULL) {
            cr_expect(b.error != NULL && b.error[0] != '\0',
                      "input %s: expected an error text, got %s", shown(c->bytes, c->len),
                      b.error ? "an empty one" : "NULL");
            cr_expect(b.error_offset >= c->lo && b.error_offset <= c->hi,
                      "input %s: expected the error at byte %zu to %zu, got byte %zu (%s)",
                      shown(c->bytes, c->len), c->lo, c->hi, b.error_offset,
                      b.error ? b.error : "");
            cr_expect_eq(b.note_count, 0,
                         "input %s: a rejected text has no notes, got %zu",
                         shown(c->bytes, c->len), b.note_count);
        }
        tjc_body_free(&b);
    }
}

static const char *note_kind_name(tjc_note_kind k)
{
    switch (k) {
    case TJC_NOTE_DUPLICATE: return "DUPLICATE";
    case TJC_NOTE_NUL: return "NUL";
    case TJC_NOTE_SURROGATE: return "SURROGATE";
    }
    return "?";
}

/* All notes of a body, for failure messages. */
static const char *notes_shown(const tjc_body *b)
{
    static char bufs[2][1024];
    static int next;
    char *out = bufs[next++ % 2];
    size_t o = 0;
    out[0] = '\0';
    o += (size_t)snprintf(out + o, sizeof bufs[0] - o, "[");
    for (size_t i = 0; i < b->note_count && o < sizeof bufs[0] - 80; i++)
        o += (size_t)snprintf(out + o, sizeof bufs[0] - o, "%s%s %s", i ? ", " : "",
                              note_kind_name(b->notes[i].kind), shown_str(b->notes[i].pointer));
    snprintf(out + o, sizeof bufs[0] - o, "]");
    return out;
}

static size_t count_notes(const tjc_body *b, tjc_note_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < b->note_count; i++)
        n += b->notes[i].kind == kind;
    return n;
}

static int has_note(const tjc_body *b, tjc_note_kind kind, const char *pointer)
{
    for (size_t i = 0; i < b->note_count; i++)
        if (b->notes[i].kind == kind && strcmp(b->notes[i].pointer, pointer) == 0)
            return 1;
    return 0;
}

/* Asserts a text is accepted with exactly one note, of this kind at this pointer. */
static void expect_one_note(const char *bytes, size_t len, tjc_note_kind kind,
                            const char *pointer)
{
    tjc_body b;
    accept_text(&b, bytes, len);
    cr_expect(b.note_count == 1 && has_note(&b, kind, pointer),
              "input %s: expected exactly one note %s %s, got %s", shown(bytes, len),
              note_kind_name(kind), shown_str(pointer), notes_shown(&b));
    tjc_body_free(&b);
}

#define ONE_NOTE(lit, kind, pointer) expect_one_note(lit, sizeof(lit) - 1, kind, pointer)

/* Writes a string literal with tjc_json_write_string; the caller frees. */
static char *written_string(const char *s)
{
    tjc_buf out;
    tjc_buf_init(&out);
    tjc_json_write_string(&out, s);
    char *text = tjc_buf_take(&out);
    cr_assert(text != NULL, "tjc_json_write_string(%s): out of memory", shown_str(s));
    return text;
}

static char *written_body(const cJSON *node, int *rc)
{
    tjc_buf out;
    tjc_buf_init(&out);
    *rc = tjc_body_write(&out, node);
    char *text = tjc_buf_take(&out);
    cr_assert(text != NULL, "tjc_body_write: out of memory");
    return text;
}

static void lower_ascii(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

/* Runs tjc_body_parse (and tjc_body_free) on a thread with a small stack. */
typedef struct stack_job {
    const unsigned char *bytes;
    size_t len;
    tjc_body body;
    int rc;
    int free_too;
    int accepted; /* root was set (kept when free_too frees the body) */
} stack_job;

static void *stack_job_run(void *arg)
{
    stack_job *j = arg;
    j->rc = tjc_body_parse(j->bytes, j->len, &j->body);
    j->accepted = j->body.root != NULL;
    if (j->free_too)
        tjc_body_free(&j->body);
    return NULL;
}

#define SMALL_STACK (256 * 1024)

static void parse_on_small_stack(stack_job *j)
{
    pthread_attr_t attr;
    pthread_t t;
    cr_assert_eq(pthread_attr_init(&attr), 0, "pthread_attr_init failed");
    cr_assert_eq(pthread_attr_setstacksize(&attr, SMALL_STACK), 0,
                 "pthread_attr_setstacksize(%d) failed", SMALL_STACK);
    cr_assert_eq(pthread_create(&t, &attr, stack_job_run, j), 0, "pthread_create failed");
    pthread_join(t, NULL);
    pthread_attr_destroy(&attr);
}

/* Nesting of `levels` containers: `[[...]]` or `{"a":{"a":...{}}}`, with `inner` inside
 * the deepest (NULL for nothing). */
static char *nested(size_t levels, int objects, const char *inner, size_t *len)
{
    tjc_buf b;
    tjc_buf_init(&b);
    tjc_buf_reserve(&b, levels * 6 + 16);
    for (size_t i = 0; i < levels; i++)
        tjc_buf_puts(&b, objects ? (i + 1 < levels ? "{\"a\":" : "{") : "[");
    if (inner)
        tjc_buf_puts(&b, inner);
    for (size_t i = 0; i < levels; i++)
        tjc_buf_putc(&b, objects ? '}' : ']');
    *len = b.len;
    char *s = tjc_buf_take(&b);
    cr_assert(s != NULL, "out of memory building %zu levels", levels);
    return s;
}

/* Depth of the tree as built, walked without recursion down the first children. */
static size_t built_depth(const cJSON *node, const cJSON **innermost)
{
    size_t d = 0;
    while (node && (cJSON_IsArray(node) || cJSON_IsObject(node))) {
        d++;
        *innermost = node;
        node = node->child;
    }
    return d;
}

/* ================= rejected: RFC 8259 section 2 (grammar) ================= */

Test(body, rejects_empty_input)
{
    static const reject_case cases[] = {R("", 0, 0)};
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_input_of_only_whitespace)
{
    static const reject_case cases[] = {R(" ", 0, 1), R(" \t\r\n", 0, 4), R("\n\n", 0, 2)};
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_truncated_objects)
{
    static const reject_case cases[] = {
        RT("{"), RT("{\"a"), RT("{\"a\""), RT("{\"a\":"), RT("{\"a\":1"), RT("{\"a\":1,"),
        RT("{\"a\":{}"), RT("[{\"a\":1]"), RT("{\"a\":[]"), RT("{ "),
    };
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_truncated_arrays)
{
    static const reject_case cases[] = {
        RT("["), RT("[1"), RT("[1,"), RT("[[]"), RT("[[1,2],"), RT("[\"a\""), RT("[ "),
    };
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_truncated_strings)
{
    static const reject_case cases[] = {
        RT("\""), RT("\"abc"), RT("\"abc\\"), RT("\"\\u12"), RT("\"\\u"), RT("{\"a\":\"b"),
        RT("[\"a"), RT("\"\\\""),
    };
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_truncated_literals)
{
    static const reject_case cases[] = {
        RT("t"), RT("tru"), RT("f"), RT("fals"), RT("n"), RT("nul"), RT("[tru]"),
        RT("{\"a\":nul}"),
    };
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_truncated_numbers)
{
    static const reject_case cases[] = {
        RT("-"), RT("1."), RT("1e"), RT("1e+"), RT("1E-"), RT("-0."), RT("[-]"), RT("[1.]"),
        RT("{\"a\":1e}"),
    };
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_trailing_bytes_after_the_value)
{
    static const reject_case cases[] = {
        R("{} x", 2, 3),   R("{}{}", 2, 2),       R("1 2", 1, 2),   R("[]]", 2, 2),
        R("\"a\"\"b\"", 3, 3), R("null,", 4, 4),  R("{}\0", 2, 2),  R("truex", 4, 4),
        R("{}}", 2, 2),    R("0 0", 1, 2),        R("[] []", 2, 3), R("{\"a\":1}\n,", 8, 9),
    };
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_nan_and_infinity)
{
    static const reject_case cases[] = {
        R("NaN", 0, 1),        R("Infinity", 0, 1),  R("-Infinity", 0, 1), R("[NaN]", 1, 2),
        R("{\"a\":-Infinity}", 5, 6), R("nan", 0, 3), R("-NaN", 0, 1),     R("inf", 0, 1),
        R("[1,Infinity]", 3, 4),
    };
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_numbers_with_leading_zeros)
{
    static const reject_case cases[] = {
        R("01", 0, 1), R("-01", 0, 2), R("00", 0, 1), R("[01]", 1, 2), R("-00.5", 0, 2),
        R("0123", 0, 1), R("{\"a\":007}", 5, 6),
    };
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_a_leading_plus_sign)
{
    static const reject_case cases[] = {R("+1", 0, 0), R("[+1]", 1, 1), R("+0", 0, 0),
                                        R("{\"a\":+2}", 5, 5)};
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_a_decimal_point_without_digits_on_both_sides)
{
    static const reject_case cases[] = {
        R(".5", 0, 0), R("1.", 0, 2), R("-.5", 0, 1), R("1.e1", 0, 2), R("[1.]", 1, 3),
        R("0.e1", 0, 2), R("[.5]", 1, 1),
    };
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_an_exponent_without_digits)
{
    static const reject_case cases[] = {
        R("1e", 0, 2), R("1e+", 0, 3), R("1E-", 0, 3), R("[1e]", 1, 3), R("1e+-1", 0, 3),
        R("1ee1", 0, 2), R("1e1.5", 3, 3), R("1.5e", 0, 4),
    };
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_hexadecimal_numbers)
{
    static const reject_case cases[] = {R("0x1F", 1, 1), R("0X10", 1, 1), R("-0x1", 2, 2),
                                        R("[0xff]", 2, 2), R("0x", 1, 1)};
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_comments)
{
    static const reject_case cases[] = {
        R("// c\n{}", 0, 0),       R("/* c */{}", 0, 0),  R("{}// c", 2, 2),
        R("{} /* c */", 2, 3),     R("{\"a\":1 /* c */}", 6, 7), R("[1,//\n2]", 3, 3),
        R("{/* c */}", 1, 1),      R("# c\n{}", 0, 0),
    };
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_single_quotes)
{
    static const reject_case cases[] = {R("'a'", 0, 0), R("{'a':1}", 1, 1),
                                        R("{\"a\":'b'}", 5, 5), R("['a']", 1, 1)};
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_trailing_commas_in_arrays)
{
    static const reject_case cases[] = {R("[1,]", 2, 3), R("[1,2,]", 4, 5), R("[,]", 1, 1),
                                        R("[,1]", 1, 1), R("[1,,2]", 2, 3), R("[[],]", 3, 4),
                                        R("[1 , ]", 3, 5)};
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_trailing_commas_in_objects)
{
    static const reject_case cases[] = {R("{\"a\":1,}", 6, 7), R("{,}", 1, 1),
                                        R("{\"a\":1,,\"b\":2}", 6, 7), R("{,\"a\":1}", 1, 1),
                                        R("{\"a\":1 , }", 7, 9)};
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_unquoted_member_names)
{
    static const reject_case cases[] = {R("{a:1}", 1, 1), R("{1:1}", 1, 1), R("{null:1}", 1, 1),
                                        R("{\"a\":1,b:2}", 7, 7), R("{[]:1}", 1, 1)};
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_members_without_a_single_colon)
{
    static const reject_case cases[] = {R("{\"a\" 1}", 4, 5), R("{\"a\"::1}", 5, 5),
                                        R("{\"a\"}", 4, 4),   R("{\"a\",1}", 4, 4),
                                        R("{\"a\":}", 5, 5),  R("{\"a\"=1}", 4, 4)};
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_values_without_a_separating_comma)
{
    static const reject_case cases[] = {R("[1 2]", 2, 3), R("{\"a\":1 \"b\":2}", 6, 7),
                                        R("[1:2]", 2, 2), R("[\"a\" \"b\"]", 4, 5),
                                        R("[{}{}]", 3, 3)};
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_mismatched_brackets)
{
    static const reject_case cases[] = {R("[}", 1, 1), R("{]", 1, 1), R("{\"a\":[}", 6, 6),
                                        R("[{]}", 2, 2), R("[1}", 2, 2), R("{\"a\":1]", 6, 6)};
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_whitespace_other_than_the_four_of_rfc8259)
{
    /* RFC 8259 section 2: ws = space, horizontal tab, line feed, carriage return */
    static const reject_case cases[] = {
        R("\x0c{}", 0, 0),         R("\x0b{}", 0, 0),        R("\xc2\xa0{}", 0, 0),
        R("{}\xc2\xa0", 2, 2),     R("\xe3\x80\x80[]", 0, 0), R("[1,\x0c" "2]", 3, 3),
        R("\xe2\x80\xa8{}", 0, 0),
    };
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_capitalised_literals)
{
    static const reject_case cases[] = {R("True", 0, 0), R("False", 0, 0), R("NULL", 0, 0),
                                        R("Null", 0, 0), R("TRUE", 0, 0),  R("nULL", 0, 1),
                                        R("tRUE", 0, 1), R("[True]", 1, 1), R("{\"a\":NULL}", 5, 5)};
    expect_rejected(cases, COUNT(cases));
}

/* ================= rejected: strings (RFC 8259 section 7) ================= */

Test(body, rejects_raw_control_characters_in_strings)
{
    static const reject_case cases[] = {
        R("\"a\0b\"", 2, 2), R("\"\n\"", 1, 1),     R("\"\x1f\"", 1, 1), R("\"\x01\"", 1, 1),
        R("\"\t\"", 1, 1),   R("{\"a\nb\":1}", 3, 3), R("[\"\r\"]", 2, 2), R("\"\0\"", 1, 1),
    };
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_invalid_escapes)
{
    static const reject_case cases[] = {
        R("\"\\x41\"", 1, 2),  R("\"\\'\"", 1, 2),     R("\"\\u12\"", 1, 6),
        R("\"\\uZZZZ\"", 1, 3), R("\"\\U0041\"", 1, 2), R("\"\\a\"", 1, 2),
        R("\"\\0\"", 1, 2),    R("\"\\u12G4\"", 1, 5), R("\"\\ \"", 1, 2),
        R("{\"\\q\":1}", 2, 3), R("\"\\u00e\"", 1, 7),  R("\"\\u-123\"", 1, 3),
    };
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_a_lone_utf8_continuation_byte)
{
    static const reject_case cases[] = {R("\"\x80\"", 1, 1), R("\"a\xbf\"", 2, 2),
                                        R("\x80", 0, 0), R("[\"\xc3\xa9\xa9\"]", 2, 4)};
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_overlong_utf8)
{
    static const reject_case cases[] = {
        R("\"\xc0\xaf\"", 1, 2), R("\"\xc1\xbf\"", 1, 2), R("\"\xe0\x80\xaf\"", 1, 3),
        R("\"\xf0\x80\x80\xaf\"", 1, 4),
        /* the overlong NUL: tjc holds U+0000 as C0 80 inside, but the bytes are not UTF-8 */
        R("\"\xc0\x80\"", 1, 2), R("{\"\xc0\x80\":1}", 2, 3),
        R("\"\xe0\x9f\xbf\"", 1, 3), R("\"\xf0\x8f\xbf\xbf\"", 1, 4),
    };
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_utf8_encoded_surrogates)
{
    static const reject_case cases[] = {
        R("\"\xed\xa0\x80\"", 1, 3), R("\"\xed\xbf\xbf\"", 1, 3),
        R("\"\xed\xa0\xbd\xed\xb8\x80\"", 1, 3), /* CESU-8 for U+1F600 */
    };
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_utf8_above_u10ffff)
{
    static const reject_case cases[] = {R("\"\xf4\x90\x80\x80\"", 1, 4),
                                        R("\"\xf5\x80\x80\x80\"", 1, 4),
                                        R("\"\xf7\xbf\xbf\xbf\"", 1, 4),
                                        R("\"\xf8\x88\x80\x80\x80\"", 1, 5)};
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_truncated_utf8_sequences)
{
    static const reject_case cases[] = {
        R("\"\xc3\"", 1, 2),         R("\"\xe2\x82\"", 1, 3), R("\"\xf0\x9f\x98\"", 1, 4),
        RT("\"\xe2\x82"),            RT("\"\xc3"),            R("\"\xe2x\"", 1, 2),
        R("\"\xf0\x9f\x98" "a\"", 1, 4),
    };
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_the_bytes_fe_and_ff)
{
    static const reject_case cases[] = {R("\"\xfe\"", 1, 1), R("\"\xff\"", 1, 1),
                                        R("\xfe", 0, 0),     R("\"\xfe\xff\"", 1, 1),
                                        R("{\"\xff\":1}", 2, 2)};
    expect_rejected(cases, COUNT(cases));
}

/* ================= rejected: byte order marks (RFC 8259 section 8.1) ================= */

Test(body, rejects_a_bom_followed_by_nothing)
{
    static const reject_case cases[] = {R("\xef\xbb\xbf", 0, 3), R("\xef\xbb\xbf \n", 0, 5)};
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_a_bom_in_the_middle)
{
    static const reject_case cases[] = {
        R("{}\xef\xbb\xbf", 2, 2),        R("[\xef\xbb\xbf" "1]", 1, 1),
        R("\xef\xbb\xbf\xef\xbb\xbf{}", 3, 3), R(" \xef\xbb\xbf{}", 0, 1),
        R("{\"a\":\xef\xbb\xbf" "1}", 5, 5),  R("\xef\xbb{}", 0, 0),
    };
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_utf16_and_utf32_text)
{
    static const reject_case cases[] = {
        R("\xfe\xff\x00{\x00}", 0, 0), R("\xff\xfe{\x00}\x00", 0, 0), R("\x00{\x00}", 0, 0),
        R("\x00\x00\xfe\xff\x00\x00\x00{\x00\x00\x00}", 0, 0),
    };
    expect_rejected(cases, COUNT(cases));
}

Test(body, rejects_errors_deep_below_the_built_tree)
{
    /* "checked to the last byte" (body.h): 600 levels is past TJC_BODY_TREE_DEPTH */
    static const char *const inner[] = {
        "NaN", "[1,]", "\"\xff\"", "\"\\x\"", "01", "{\"a\":1,}", "\"\x01\"", "{a:1}", "tru",
    };
    for (size_t k = 0; k < COUNT(inner); k++) {
        size_t len;
        char *text = nested(600, 0, inner[k], &len);
        tjc_body b;
        parse_text(&b, text, len);
        cr_expect(b.root == NULL, "600 levels of [ around %s: expected rejected, got accepted",
                  shown_str(inner[k]));
        cr_expect(b.error_offset >= 600 && b.error_offset <= 600 + strlen(inner[k]),
                  "600 levels of [ around %s: expected the error at byte 600 to %zu, got %zu",
                  shown_str(inner[k]), 600 + strlen(inner[k]), b.error_offset);
        tjc_body_free(&b);
        free(text);
    }
}

Test(body, rejects_mismatched_brackets_below_the_built_tree)
{
    /* 600 arrays closed by a brace, and 600 objects closed by a bracket */
    for (int objects = 0; objects <= 1; objects++) {
        size_t len;
        char *text = nested(600, objects, NULL, &len);
        text[len - 1] = objects ? ']' : '}';
        text[len - 300] = objects ? ']' : '}';
        tjc_body b;
        parse_text(&b, text, len);
        cr_expect(b.root == NULL,
                  "600 levels of %s closed with %s at byte %zu: expected rejected, got accepted",
                  objects ? "{\"a\":" : "[", objects ? "]" : "}", len - 300);
        cr_expect_eq(b.error_offset, len - 300,
                     "600 levels of %s: expected the error at byte %zu, got %zu",
                     objects ? "{\"a\":" : "[", len - 300, b.error_offset);
        tjc_body_free(&b);
        free(text);
    }
}

Test(body, rejects_a_text_without_keeping_its_notes)
{
    static const reject_case cases[] = {
        R("{\"a\":1,\"a\":2} x", 14, 15), RT("[\"\\u0000\","), R("{\"a\":\"\\ud800\"}}", 14, 14),
    };
    expect_rejected(cases, COUNT(cases));
}

/* ================= accepted ================= */

Test(body, accepts_every_json_type_at_the_top_level)
{
    static const struct {
        const char *text;
        int type;
    } cases[] = {
        {"{}", cJSON_Object}, {"[]", cJSON_Array}, {"\"s\"", cJSON_String},
        {"0", cJSON_Number},  {"-1.5e3", cJSON_Number}, {"true", cJSON_True},
        {"false", cJSON_False}, {"null", cJSON_NULL}, {"\"\"", cJSON_String},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        tjc_body b;
        accept_text(&b, cases[i].text, strlen(cases[i].text));
        cr_expect_eq(b.root->type & 0xFF, cases[i].type, "input %s: expected cJSON type %d, got %d",
                     shown_str(cases[i].text), cases[i].type, b.root->type & 0xFF);
        tjc_body_free(&b);
    }
}

Test(body, accepts_negative_zero)
{
    tjc_body b;
    ACCEPT(&b, "-0");
    cr_expect(cJSON_IsNumber(b.root), "input `-0`: expected a number, got %s", node_shown(b.root));
    cr_expect_str_eq(b.root->valuestring, "-0", "input `-0`: expected lexeme \"-0\", got %s",
                     shown_str(b.root->valuestring));
    tjc_body_free(&b);
}

Test(body, accepts_exponents_with_signs_and_either_case_of_e)
{
    static const struct {
        const char *text;
        double value;
    } cases[] = {
        {"1E+2", 100}, {"1e-0", 1}, {"1E2", 100}, {"1e+0", 1}, {"0e0", 0}, {"-0.0E-0", 0},
        {"2.5e-1", 0.25}, {"1e00", 1},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        tjc_body b;
        accept_text(&b, cases[i].text, strlen(cases[i].text));
        cr_expect(cJSON_IsNumber(b.root), "input %s: expected a number, got %s",
                  shown_str(cases[i].text), node_shown(b.root));
        cr_expect(b.root->valuedouble == cases[i].value, "input %s: expected value %g, got %g",
                  shown_str(cases[i].text), cases[i].value, b.root->valuedouble);
        tjc_body_free(&b);
    }
}

Test(body, accepts_all_four_whitespace_characters_around_tokens)
{
    static const char text[] = " \t\n\r{ \t\n\r\"a\" \t\n\r: \t\n\r[ \t\n\r1 \t\n\r, \t\n\r"
                               "true \t\n\r] \t\n\r, \t\n\r\"b\"\t:\n{\r} \t\n\r} \t\n\r";
    tjc_body b;
    ACCEPT(&b, text);
    const cJSON *one = tjc_pointer_resolve(b.root, "/a/0");
    const cJSON *yes = tjc_pointer_resolve(b.root, "/a/1");
    const cJSON *inner = tjc_pointer_resolve(b.root, "/b");
    cr_expect(one && cJSON_IsNumber(one) && strcmp(one->valuestring, "1") == 0,
              "input %s: expected /a/0 to be 1, got %s", shown(text, sizeof text - 1),
              node_shown(one));
    cr_expect(yes && cJSON_IsTrue(yes), "input %s: expected /a/1 to be true, got %s",
              shown(text, sizeof text - 1), node_shown(yes));
    cr_expect(inner && cJSON_IsObject(inner) && inner->child == NULL,
              "input %s: expected /b to be an empty object, got %s", shown(text, sizeof text - 1),
              node_shown(inner));
    tjc_body_free(&b);
}

Test(body, accepts_an_escaped_solidus)
{
    tjc_body b;
    ACCEPT(&b, "\"a\\/b\"");
    cr_expect_str_eq(b.root->valuestring, "a/b", "input `\"a\\/b\"`: expected a/b, got %s",
                     shown_str(b.root->valuestring));
    tjc_body_free(&b);
}

Test(body, decodes_every_escape)
{
    static const char text[] = "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u00E9\\u20ac\\uFFFF\"";
    static const char want[] = "\"\\/\b\f\n\r\tA\xc3\xa9\xc3\xa9\xe2\x82\xac\xef\xbf\xbf";
    tjc_body b;
    ACCEPT(&b, text);
    cr_expect(cJSON_IsString(b.root), "input %s: expected a string, got %s",
              shown(text, sizeof text - 1), node_shown(b.root));
    cr_expect_str_eq(b.root->valuestring, want, "input %s: expected %s, got %s",
                     shown(text, sizeof text - 1), shown(want, sizeof want - 1),
                     shown_str(b.root->valuestring));
    cr_expect_eq(b.note_count, 0, "input %s: expected no notes, got %s",
                 shown(text, sizeof text - 1), notes_shown(&b));
    tjc_body_free(&b);
}

Test(body, decodes_a_surrogate_pair_to_four_utf8_bytes)
{
    static const char *const texts[] = {"\"\\ud83d\\ude00\"", "\"\\uD83D\\uDE00\"",
                                        "\"\\ud83d\\uDE00\""};
    for (size_t i = 0; i < COUNT(texts); i++) {
        tjc_body b;
        accept_text(&b, texts[i], strlen(texts[i]));
        cr_expect_str_eq(b.root->valuestring, "\xf0\x9f\x98\x80",
                         "input %s: expected F0 9F 98 80, got %s", shown_str(texts[i]),
                         shown_str(b.root->valuestring));
        cr_expect_eq(b.note_count, 0, "input %s: a valid pair is not odd, got notes %s",
                     shown_str(texts[i]), notes_shown(&b));
        tjc_body_free(&b);
    }
    tjc_body b;
    ACCEPT(&b, "\"\\udbff\\udfff\"");
    cr_expect_str_eq(b.root->valuestring, "\xf4\x8f\xbf\xbf",
                     "input `\"\\udbff\\udfff\"`: expected U+10FFFF as F4 8F BF BF, got %s",
                     shown_str(b.root->valuestring));
    tjc_body_free(&b);
}

Test(body, accepts_a_utf8_bom_before_the_text_and_says_so)
{
    static const char *const texts[] = {"\xef\xbb\xbf{\"a\":1}", "\xef\xbb\xbf \n[]",
                                        ("\xef\xbb\xbf" "1")};
    for (size_t i = 0; i < COUNT(texts); i++) {
        tjc_body b;
        accept_text(&b, texts[i], strlen(texts[i]));
        cr_expect_eq(b.bom, 1, "input %s: expected bom 1, got %d", shown_str(texts[i]), b.bom);
        tjc_body_free(&b);
    }
    tjc_body b;
    ACCEPT(&b, "{\"a\":1}");
    cr_expect_eq(b.bom, 0, "input `{\"a\":1}`: expected bom 0, got %d", b.bom);
    tjc_body_free(&b);
}

Test(body, accepts_raw_multibyte_utf8_of_two_three_and_four_bytes)
{
    static const char *const texts[] = {
        "\"\xc3\xa9\"", "\"\xe4\xb8\xad\"", "\"\xf0\x9f\x98\x80\"",
        "\"a\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80z\"",
        /* the first and last code point of each length, and next to the surrogates */
        "\"\xc2\x80\"", "\"\xdf\xbf\"", "\"\xe0\xa0\x80\"", "\"\xef\xbf\xbf\"", "\"\xed\x9f\xbf\"",
        "\"\xee\x80\x80\"", "\"\xf0\x90\x80\x80\"", "\"\xf4\x8f\xbf\xbf\"",
        "\"\xef\xbb\xbf\"", /* U+FEFF inside a string is a character, not a BOM */
    };
    for (size_t i = 0; i < COUNT(texts); i++) {
        size_t len = strlen(texts[i]);
        tjc_body b;
        accept_text(&b, texts[i], len);
        cr_expect(strlen(b.root->valuestring) == len - 2 &&
                      memcmp(b.root->valuestring, texts[i] + 1, len - 2) == 0,
                  "input %s: expected the bytes kept as written, got %s", shown_str(texts[i]),
                  shown_str(b.root->valuestring));
        tjc_body_free(&b);
    }
}

Test(body, accepts_multibyte_utf8_in_member_names)
{
    tjc_body b;
    ACCEPT(&b, "{\"\xe5\x90\x8d\xf0\x9f\x98\x80\":1}");
    cr_expect(b.root->child && strcmp(b.root->child->string, "\xe5\x90\x8d\xf0\x9f\x98\x80") == 0,
              "expected the member name kept as written, got %s",
              shown_str(b.root->child ? b.root->child->string : NULL));
    tjc_body_free(&b);
}

Test(body, accepts_a_raw_del_byte_in_a_string)
{
    /* RFC 8259 section 7: only U+0000 to U+001F must be escaped */
    tjc_body b;
    ACCEPT(&b, "\"a\x7f" "b\"");
    cr_expect_str_eq(b.root->valuestring, "a\x7f" "b", "input `\"a\\x7fb\"`: got %s",
                     shown_str(b.root->valuestring));
    tjc_body_free(&b);
}

Test(body, accepts_empty_names_and_nested_values)
{
    tjc_body b;
    ACCEPT(&b, "{\"\":\"\",\"a\":[1,{\"b\":null}],\"c\":{\"d\":[[]]}}");
    const cJSON *empty = tjc_pointer_resolve(b.root, "/");
    const cJSON *bnull = tjc_pointer_resolve(b.root, "/a/1/b");
    const cJSON *inner = tjc_pointer_resolve(b.root, "/c/d/0");
    cr_expect(empty && cJSON_IsString(empty) && empty->valuestring[0] == '\0',
              "expected member \"\" holding \"\", got %s", node_shown(empty));
    cr_expect(bnull && cJSON_IsNull(bnull), "expected /a/1/b to be null, got %s",
              node_shown(bnull));
    cr_expect(inner && cJSON_IsArray(inner) && !inner->child, "expected /c/d/0 to be [], got %s",
              node_shown(inner));
    tjc_body_free(&b);
}

/* ================= number lexemes ================= */

Test(body, keeps_number_lexemes_exactly_as_written)
{
    static const char *const lexemes[] = {
        "1", "1.0", "1e0", "-0", "9007199254740993", "2147483648", "9223372036854775808",
        "1.5E+300", "1e400", "-1.25e-5", "0.10", "100E-2",
    };
    static const char *const before[] = {"", "{\"n\":", "[", "[ ", "{\"x\":[0,"};
    static const char *const after[] = {"", "}", "]", " ]", "]}"};
    static const char *const where[] = {"", "/n", "/0", "/0", "/x/1"};
    for (size_t i = 0; i < COUNT(lexemes); i++)
        for (size_t f = 0; f < COUNT(before); f++) {
            char text[128];
            snprintf(text, sizeof text, "%s%s%s", before[f], lexemes[i], after[f]);
            tjc_body b;
            accept_text(&b, text, strlen(text));
            const cJSON *n = tjc_pointer_resolve(b.root, where[f]);
            cr_expect(n && cJSON_IsNumber(n), "input %s: expected a number at %s, got %s",
                      shown_str(text), shown_str(where[f]), node_shown(n));
            if (n)
                cr_expect(n->valuestring && strcmp(n->valuestring, lexemes[i]) == 0,
                          "input %s: expected valuestring %s, got %s", shown_str(text),
                          shown_str(lexemes[i]), shown_str(n->valuestring));
            tjc_body_free(&b);
        }
}

Test(body, reads_each_number_double_as_strtod_does)
{
    static const char *const lexemes[] = {"1.5E+300", "9007199254740993", "-1.25e-5", "0.1",
                                          "1e400"};
    for (size_t i = 0; i < COUNT(lexemes); i++) {
        tjc_body b;
        accept_text(&b, lexemes[i], strlen(lexemes[i]));
        double want = strtod(lexemes[i], NULL);
        cr_expect(b.root->valuedouble == want, "input %s: expected valuedouble %.17g, got %.17g",
                  shown_str(lexemes[i]), want, b.root->valuedouble);
        tjc_body_free(&b);
    }
}

/* ================= odd strings: U+0000 and lone surrogates ================= */

Test(body, holds_u0000_as_c0_80_and_notes_it)
{
    tjc_body b;
    ACCEPT(&b, "{\"a\":\"x\\u0000y\"}");
    const cJSON *a = tjc_pointer_resolve(b.root, "/a");
    cr_assert(a && cJSON_IsString(a), "expected /a to be a string, got %s", node_shown(a));
    cr_expect_str_eq(a->valuestring, "x\xc0\x80y", "input `{\"a\":\"x\\u0000y\"}`: expected "
                     "x C0 80 y, got %s", shown_str(a->valuestring));
    cr_expect(b.note_count == 1 && has_note(&b, TJC_NOTE_NUL, "/a"),
              "expected one note NUL `/a`, got %s", notes_shown(&b));
    tjc_body_free(&b);
    ONE_NOTE("\"\\u0000\"", TJC_NOTE_NUL, "");
    ONE_NOTE("[\"\\u0000\\u0000\"]", TJC_NOTE_NUL, "/0");
}

Test(body, holds_a_lone_surrogate_as_wtf8_and_notes_it)
{
    static const struct {
        const char *text, *held;
    } cases[] = {
        {"\"\\ud800\"", "\xed\xa0\x80"},
        {"\"\\udc00\"", "\xed\xb0\x80"},
        {"\"\\uDBFF\"", "\xed\xaf\xbf"},
        {"\"\\udfff\"", "\xed\xbf\xbf"},
        {"\"\\ud800x\"", "\xed\xa0\x80x"},
        {"\"\\ud800\\u0041\"", "\xed\xa0\x80" "A"},
        {"\"\\udc00\\ud800\"", "\xed\xb0\x80\xed\xa0\x80"},
        {"\"\\ud800\\ud800\"", "\xed\xa0\x80\xed\xa0\x80"},
        {"\"\\ud83d\\ude00\\ud800\"", "\xf0\x9f\x98\x80\xed\xa0\x80"},
        {"\"\\ud800\\ud83d\\ude00\"", "\xed\xa0\x80\xf0\x9f\x98\x80"},
        {"\"\\ud800\\n\"", "\xed\xa0\x80\n"},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        tjc_body b;
        accept_text(&b, cases[i].text, strlen(cases[i].text));
        cr_expect_str_eq(b.root->valuestring, cases[i].held, "input %s: expected %s, got %s",
                         shown_str(cases[i].text), shown_str(cases[i].held),
                         shown_str(b.root->valuestring));
        cr_expect(b.note_count == 1 && has_note(&b, TJC_NOTE_SURROGATE, ""),
                  "input %s: expected one note SURROGATE ``, got %s", shown_str(cases[i].text),
                  notes_shown(&b));
        tjc_body_free(&b);
    }
}

Test(body, notes_odd_strings_in_values_at_their_pointer)
{
    ONE_NOTE("{\"a\":\"\\ud800\"}", TJC_NOTE_SURROGATE, "/a");
    ONE_NOTE("{\"a\":\"\\udc00\"}", TJC_NOTE_SURROGATE, "/a");
    ONE_NOTE("{\"x\":{\"y\":[\"a\",\"\\u0000\"]}}", TJC_NOTE_NUL, "/x/y/1");
    ONE_NOTE("{\"a/b~\":\"\\u0000\"}", TJC_NOTE_NUL, "/a~1b~0");
    ONE_NOTE("{\"a\":1,\"b\":[{},{\"c\":\"\\udfff\"}]}", TJC_NOTE_SURROGATE, "/b/1/c");
}

Test(body, notes_odd_strings_inside_arrays_with_the_index)
{
    ONE_NOTE("{\"a\":[0,1,\"\\ud800\"]}", TJC_NOTE_SURROGATE, "/a/2");
    ONE_NOTE("[[],[0,\"\\u0000\"]]", TJC_NOTE_NUL, "/1/1");
    ONE_NOTE("[\"\\udc00\"]", TJC_NOTE_SURROGATE, "/0");
}

Test(body, notes_odd_strings_in_member_names)
{
    ONE_NOTE("{\"a\\u0000b\":1}", TJC_NOTE_NUL, "/a\xc0\x80" "b");
    ONE_NOTE("{\"\\ud800\":{\"b\":1}}", TJC_NOTE_SURROGATE, "/\xed\xa0\x80");
    ONE_NOTE("{\"x\":{\"\\udc00\":[1]}}", TJC_NOTE_SURROGATE, "/x/\xed\xb0\x80");
    ONE_NOTE("{\"k\\u0000\":null}", TJC_NOTE_NUL, "/k\xc0\x80");

    /* the pointer of the note names the member */
    tjc_body b;
    ACCEPT(&b, "{\"a\\u0000b\":7}");
    const cJSON *m = b.note_count ? tjc_pointer_resolve(b.root, b.notes[0].pointer) : NULL;
    cr_expect(m && cJSON_IsNumber(m) && strcmp(m->valuestring, "7") == 0,
              "input `{\"a\\u0000b\":7}`: expected the note's pointer %s to resolve to 7, got %s",
              b.note_count ? shown_str(b.notes[0].pointer) : "(no note)", node_shown(m));
    tjc_body_free(&b);
}

Test(body, notes_both_kinds_in_one_string)
{
    tjc_body b;
    ACCEPT(&b, "{\"s\":\"\\u0000\\udc00\"}");
    cr_expect(b.note_count == 2 && has_note(&b, TJC_NOTE_NUL, "/s") &&
                  has_note(&b, TJC_NOTE_SURROGATE, "/s"),
              "input `{\"s\":\"\\u0000\\udc00\"}`: expected notes NUL /s and SURROGATE /s, got %s",
              notes_shown(&b));
    tjc_body_free(&b);
}

Test(body, notes_nothing_for_ordinary_strings)
{
    static const char *const texts[] = {"{\"a\":\"\\u0041\\u00e9\"}", "[\"\\ud83d\\ude00\"]",
                                        "{\"\\u0001\":\"\\u001f\"}", "\"\\\\u0000\""};
    for (size_t i = 0; i < COUNT(texts); i++) {
        tjc_body b;
        accept_text(&b, texts[i], strlen(texts[i]));
        cr_expect_eq(b.note_count, 0, "input %s: expected no notes, got %s", shown_str(texts[i]),
                     notes_shown(&b));
        tjc_body_free(&b);
    }
}

/* ================= counting code points and UTF-16 units ================= */

Test(body, counts_code_points_and_utf16_units)
{
    static const struct {
        const char *s;
        size_t points, units;
    } cases[] = {
        {"", 0, 0},
        {"hello", 5, 5},
        {"\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 3, 3},           /* CJK */
        {"\xf0\x9f\x98\x80", 1, 2},                                /* astral */
        {"a\xf0\x9f\x98\x80" "b", 3, 4},
        {"\xc3\xa9", 1, 1},
        {"\xc0\x80", 1, 1},                                        /* U+0000 as held */
        {"\xed\xa0\x80", 1, 1},                                    /* lone surrogate */
        {"x\xc0\x80y\xed\xb0\x80z", 5, 5},
        {"\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\xc0\x80\xed\xa0\x80", 5, 6},
        {"\xf4\x8f\xbf\xbf\xf0\x90\x80\x80", 2, 4},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        size_t points = tjc_text_code_points(cases[i].s);
        size_t units = tjc_text_utf16_units(cases[i].s);
        cr_expect_eq(points, cases[i].points, "tjc_text_code_points(%s): expected %zu, got %zu",
                     shown_str(cases[i].s), cases[i].points, points);
        cr_expect_eq(units, cases[i].units, "tjc_text_utf16_units(%s): expected %zu, got %zu",
                     shown_str(cases[i].s), cases[i].units, units);
        size_t measured_units = 0;
        size_t measured = tjc_text_measure(cases[i].s, &measured_units);
        cr_expect(measured == cases[i].points && measured_units == cases[i].units,
                  "tjc_text_measure(%s): expected %zu code points and %zu UTF-16 units, got %zu "
                  "and %zu",
                  shown_str(cases[i].s), cases[i].points, cases[i].units, measured,
                  measured_units);
    }
}

Test(body, counts_parsed_strings_as_written_in_json)
{
    /* 3 code points from \u escapes, one of them astral, and U+0000 */
    tjc_body b;
    ACCEPT(&b, "\"\\u4e2d\\ud83d\\ude00\\u0000\"");
    cr_expect_eq(tjc_text_code_points(b.root->valuestring), 3,
                 "expected 3 code points, got %zu", tjc_text_code_points(b.root->valuestring));
    cr_expect_eq(tjc_text_utf16_units(b.root->valuestring), 4,
                 "expected 4 UTF-16 units, got %zu", tjc_text_utf16_units(b.root->valuestring));
    tjc_body_free(&b);
}

/* ================= writing strings and pointers ================= */

Test(body, writes_u0000_and_lone_surrogates_back_as_escapes)
{
    static const struct {
        const char *held, *json;
    } cases[] = {
        {"a\xc0\x80" "b", "\"a\\u0000b\""},
        {"\xc0\x80", "\"\\u0000\""},
        {"\xed\xa0\x80", "\"\\ud800\""},
        {"\xed\xb0\x80", "\"\\udc00\""},
        {"\xed\xbf\xbf", "\"\\udfff\""},
        {"x\xed\xaf\xbfy", "\"x\\udbffy\""},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        char *out = written_string(cases[i].held);
        lower_ascii(out);
        cr_expect_str_eq(out, cases[i].json, "tjc_json_write_string(%s): expected %s, got %s",
                         shown_str(cases[i].held), shown_str(cases[i].json), shown_str(out));
        free(out);
    }
}

Test(body, writes_quotes_backslashes_and_control_bytes_escaped)
{
    static const struct {
        const char *s, *json;
    } cases[] = {
        {"a\"b", "\"a\\\"b\""},
        {"a\\b", "\"a\\\\b\""},
        {"\x01", "\"\\u0001\""},
        {"\x1f", "\"\\u001f\""},
        {"/", "\"/\""},
        {"a\x7f", "\"a\x7f\""},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        char *out = written_string(cases[i].s);
        lower_ascii(out);
        cr_expect_str_eq(out, cases[i].json, "tjc_json_write_string(%s): expected %s, got %s",
                         shown_str(cases[i].s), shown_str(cases[i].json), shown_str(out));
        free(out);
    }
    /* every control byte: no raw byte below 0x20 may remain (RFC 8259 section 7) */
    char all[32];
    for (int c = 1; c < 32; c++)
        all[c - 1] = (char)c;
    all[31] = '\0';
    char *out = written_string(all);
    for (const char *p = out; *p; p++)
        cr_expect((unsigned char)*p >= 0x20, "tjc_json_write_string(0x01..0x1f): raw byte 0x%02x "
                  "left in %s", (unsigned char)*p, shown_str(out));
    free(out);
}

Test(body, writes_utf8_as_it_is)
{
    static const char s[] = "\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80";
    char *out = written_string(s);
    cr_expect_str_eq(out, "\"\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\"",
                     "tjc_json_write_string(%s): expected the bytes unchanged in quotes, got %s",
                     shown_str(s), shown_str(out));
    free(out);
}

Test(body, writes_bytes_that_are_not_utf8_as_replacement_characters)
{
    static const struct {
        const char *s, *json;
    } cases[] = {
        {"\xff", "\"\\ufffd\""},
        {"a\xc3", "\"a\\ufffd\""},
        {"\x80z", "\"\\ufffdz\""},
        {"\xc0\xaf", "\"\\ufffd\\ufffd\""},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        char *out = written_string(cases[i].s);
        lower_ascii(out);
        cr_expect_str_eq(out, cases[i].json, "tjc_json_write_string(%s): expected %s, got %s",
                         shown_str(cases[i].s), shown_str(cases[i].json), shown_str(out));
        free(out);
    }
}

Test(body, writes_strings_that_parse_back_to_the_same_bytes)
{
    static const char *const held[] = {
        "", "plain", "quote\"back\\slash", "/", "\x01\x1f\x7f", "\b\f\n\r\t",
        "\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80", ("a\xc0\x80" "b"), "\xed\xa0\x80", "\xed\xbf\xbf",
        "\xc0\x80\xed\xb0\x80\xc0\x80", "\xef\xbb\xbf",
    };
    for (size_t i = 0; i < COUNT(held); i++) {
        char *out = written_string(held[i]);
        tjc_body b;
        parse_text(&b, out, strlen(out));
        cr_expect(b.root && cJSON_IsString(b.root), "tjc_json_write_string(%s) wrote %s, which "
                  "tjc_body_parse rejects: %s", shown_str(held[i]), shown_str(out),
                  b.error ? b.error : "");
        if (b.root)
            cr_expect_str_eq(b.root->valuestring, held[i],
                             "round trip of %s through %s: got %s back", shown_str(held[i]),
                             shown_str(out), shown_str(b.root->valuestring));
        tjc_body_free(&b);
        free(out);
    }
}

Test(body, escapes_pointer_tokens_per_rfc6901)
{
    static const struct {
        const char *token, *escaped;
    } cases[] = {
        {"a/b", "a~1b"}, {"~", "~0"}, {"~1", "~01"}, {"/~", "~1~0"}, {"", ""}, {"plain", "plain"},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        tjc_buf out;
        tjc_buf_init(&out);
        tjc_pointer_append_token(&out, cases[i].token);
        char *s = tjc_buf_take(&out);
        cr_assert(s, "out of memory");
        cr_expect_str_eq(s, cases[i].escaped, "tjc_pointer_append_token(%s): expected %s, got %s",
                         shown_str(cases[i].token), shown_str(cases[i].escaped), shown_str(s));
        free(s);
    }
}

/* ================= duplicates ================= */

Test(body, notes_a_name_given_three_times_once)
{
    tjc_body b;
    ACCEPT(&b, "{\"a\":1,\"a\":2,\"a\":3}");
    cr_expect(b.note_count == 1 && has_note(&b, TJC_NOTE_DUPLICATE, "/a"),
              "input `{\"a\":1,\"a\":2,\"a\":3}`: expected one note DUPLICATE /a, got %s",
              notes_shown(&b));
    /* and keeps every copy, in order */
    const char *want[] = {"1", "2", "3"};
    size_t k = 0;
    for (const cJSON *m = b.root->child; m; m = m->next, k++)
        cr_expect(k < 3 && strcmp(m->string, "a") == 0 && strcmp(m->valuestring, want[k]) == 0,
                  "member %zu: expected \"a\":%s, got %s:%s", k, k < 3 ? want[k] : "(none)",
                  shown_str(m->string), shown_str(m->valuestring));
    cr_expect_eq(k, 3, "expected 3 members kept, got %zu", k);
    tjc_body_free(&b);
}

Test(body, notes_each_duplicated_name_of_an_object)
{
    tjc_body b;
    ACCEPT(&b, "{\"a\":1,\"b\":2,\"a\":3,\"c\":0,\"b\":4}");
    cr_expect(b.note_count == 2 && has_note(&b, TJC_NOTE_DUPLICATE, "/a") &&
                  has_note(&b, TJC_NOTE_DUPLICATE, "/b"),
              "expected notes DUPLICATE /a and /b, got %s", notes_shown(&b));
    tjc_body_free(&b);
}

Test(body, notes_duplicates_in_nested_objects_with_their_pointer)
{
    ONE_NOTE("{\"x\":{\"b\":1,\"b\":2}}", TJC_NOTE_DUPLICATE, "/x/b");
    ONE_NOTE("{\"x\":[0,{\"b\":1,\"b\":2}]}", TJC_NOTE_DUPLICATE, "/x/1/b");
    ONE_NOTE("[{\"a\":{}},{\"y\":1,\"y\":[]}]", TJC_NOTE_DUPLICATE, "/1/y");

    tjc_body b;
    ACCEPT(&b, "[{\"a\":1,\"a\":1},{\"a\":1,\"a\":1}]");
    cr_expect(b.note_count == 2 && has_note(&b, TJC_NOTE_DUPLICATE, "/0/a") &&
                  has_note(&b, TJC_NOTE_DUPLICATE, "/1/a"),
              "expected notes DUPLICATE /0/a and /1/a, got %s", notes_shown(&b));
    tjc_body_free(&b);
}

Test(body, notes_nothing_for_the_same_name_in_different_objects)
{
    static const char *const texts[] = {
        "{\"a\":{\"a\":1},\"b\":{\"a\":2}}",
        "[{\"a\":1},{\"a\":2}]",
        "{\"a\\u0000b\":1,\"a\\u0000c\":2}", /* names that differ after U+0000 */
        "{\"a\":1,\"A\":2,\"a \":3}",
    };
    for (size_t i = 0; i < COUNT(texts); i++) {
        tjc_body b;
        accept_text(&b, texts[i], strlen(texts[i]));
        cr_expect_eq(count_notes(&b, TJC_NOTE_DUPLICATE), 0,
                     "input %s: expected no DUPLICATE note, got %s", shown_str(texts[i]),
                     notes_shown(&b));
        tjc_body_free(&b);
    }
}

Test(body, compares_member_names_after_unescaping)
{
    /* RFC 8259 section 8.3: "a\\b" and "a\u005Cb" are the same string */
    ONE_NOTE("{\"a\":1,\"\\u0061\":2}", TJC_NOTE_DUPLICATE, "/a");
    ONE_NOTE("{\"\\/\":1,\"/\":2}", TJC_NOTE_DUPLICATE, "/~1");
    ONE_NOTE("{\"\xc3\xa9\":1,\"\\u00e9\":2}", TJC_NOTE_DUPLICATE, "/\xc3\xa9");
}

Test(body, escapes_pointer_tokens_of_duplicate_names)
{
    ONE_NOTE("{\"a/b\":1,\"a/b\":2}", TJC_NOTE_DUPLICATE, "/a~1b");
    ONE_NOTE("{\"~\":1,\"~\":2}", TJC_NOTE_DUPLICATE, "/~0");
    ONE_NOTE("{\"~1\":1,\"~1\":2}", TJC_NOTE_DUPLICATE, "/~01");
    ONE_NOTE("{\"\":1,\"\":2}", TJC_NOTE_DUPLICATE, "/");
}

/* An object of `n` members m0..m(n-1), plus the extra text after them. */
static char *many_members(size_t n, const char *extra, size_t *len)
{
    tjc_buf b;
    tjc_buf_init(&b);
    tjc_buf_puts(&b, "{\"big\":{");
    for (size_t i = 0; i < n; i++)
        tjc_buf_printf(&b, "%s\"m%zu\":%zu", i ? "," : "", i, i);
    tjc_buf_puts(&b, extra);
    tjc_buf_puts(&b, "}}");
    *len = b.len;
    char *s = tjc_buf_take(&b);
    cr_assert(s, "out of memory");
    return s;
}

Test(body, notes_one_collision_among_ten_thousand_members)
{
    size_t len;
    char *text = many_members(10000, ",\"m5000\":-1", &len);
    tjc_body b;
    parse_text(&b, text, len);
    cr_assert(b.root, "10,001 members: expected accepted, got %s", b.error);
    cr_expect(b.note_count == 1 && has_note(&b, TJC_NOTE_DUPLICATE, "/big/m5000"),
              "10,000 members and m5000 again: expected one note DUPLICATE /big/m5000, got %s",
              notes_shown(&b));
    tjc_body_free(&b);
    free(text);

    text = many_members(10000, "", &len);
    parse_text(&b, text, len);
    cr_expect(b.root && b.note_count == 0,
              "10,000 distinct members: expected accepted with no notes, got %s", notes_shown(&b));
    tjc_body_free(&b);
    free(text);
}

Test(body, notes_each_collision_once_among_many_members)
{
    size_t len;
    char *text = many_members(10000, ",\"m9999\":1,\"m0\":2,\"m9999\":3,\"a/b\":4,\"a/b\":5", &len);
    tjc_body b;
    parse_text(&b, text, len);
    cr_assert(b.root, "expected accepted, got %s", b.error);
    cr_expect(b.note_count == 3 && has_note(&b, TJC_NOTE_DUPLICATE, "/big/m9999") &&
                  has_note(&b, TJC_NOTE_DUPLICATE, "/big/m0") &&
                  has_note(&b, TJC_NOTE_DUPLICATE, "/big/a~1b"),
              "10,000 members with m9999 thrice, m0 twice and a/b twice: expected notes "
              "/big/m9999, /big/m0, /big/a~1b once each, got %s",
              notes_shown(&b));
    tjc_body_free(&b);
    free(text);

    /* just past the small-object size: 17 members, one name three times */
    text = many_members(15, ",\"m3\":1,\"m3\":2", &len);
    parse_text(&b, text, len);
    cr_expect(b.root && b.note_count == 1 && has_note(&b, TJC_NOTE_DUPLICATE, "/big/m3"),
              "17 members with m3 thrice: expected one note /big/m3, got %s", notes_shown(&b));
    tjc_body_free(&b);
    free(text);
}

/* ================= depth ================= */

Test(body, counts_depth_exactly)
{
    static const struct {
        const char *text;
        size_t depth;
    } cases[] = {
        {"1", 0},          {"{}", 1},          {"[]", 1},          {"{\"a\":[{}]}", 3},
        {"[[],[[]]]", 3},  {"[[[]],[]]", 3},   {"{\"a\":1,\"b\":{\"c\":[]}}", 3},
        {"[1,[2,[3]]]", 3}, {"\"[[[\"", 0},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        tjc_body b;
        accept_text(&b, cases[i].text, strlen(cases[i].text));
        cr_expect_eq(b.depth, cases[i].depth, "input %s: expected depth %zu, got %zu",
                     shown_str(cases[i].text), cases[i].depth, b.depth);
        cr_expect_eq(b.truncated, 0, "input %s: expected truncated 0, got %d",
                     shown_str(cases[i].text), b.truncated);
        tjc_body_free(&b);
    }
}

Test(body, builds_the_tree_to_its_depth_and_truncates_past_it)
{
    /* body.h: containers are built TJC_BODY_TREE_DEPTH levels deep, one more level is built
     * empty, and only values below that are not built (truncated) */
    for (size_t levels = TJC_BODY_TREE_DEPTH; levels <= TJC_BODY_TREE_DEPTH + 2; levels++) {
        size_t len;
        char *text = nested(levels, 0, NULL, &len);
        tjc_body b;
        parse_text(&b, text, len);
        cr_assert(b.root, "%zu levels of []: expected accepted, got %s", levels, b.error);
        int want = levels > TJC_BODY_TREE_DEPTH + 1;
        cr_expect_eq(b.truncated, want, "%zu levels of []: expected truncated %d, got %d", levels,
                     want, b.truncated);
        cr_expect_eq(b.depth, levels, "%zu levels of []: expected depth %zu, got %zu", levels,
                     levels, b.depth);
        const cJSON *innermost = NULL;
        size_t built = built_depth(b.root, &innermost);
        size_t want_built = levels < TJC_BODY_TREE_DEPTH + 1 ? levels : TJC_BODY_TREE_DEPTH + 1;
        cr_expect_eq(built, want_built, "%zu levels of []: expected %zu levels built, got %zu",
                     levels, want_built, built);
        tjc_body_free(&b);
        free(text);
    }
}

/* `TJC_BODY_TREE_DEPTH - 1` arrays around `inner`, so that inner's top container is the
 * deepest level built; `pointer` gets the matching "/0/0/..." prefix. */
static char *at_the_last_built_level(const char *inner, size_t *len, char *pointer, size_t cap)
{
    tjc_buf b;
    tjc_buf_init(&b);
    size_t o = 0;
    for (size_t i = 0; i + 1 < TJC_BODY_TREE_DEPTH; i++) {
        tjc_buf_putc(&b, '[');
        o += (size_t)snprintf(pointer + o, cap - o, "/0");
    }
    tjc_buf_puts(&b, inner);
    for (size_t i = 0; i + 1 < TJC_BODY_TREE_DEPTH; i++)
        tjc_buf_putc(&b, ']');
    *len = b.len;
    char *text = tjc_buf_take(&b);
    cr_assert(text, "out of memory");
    return text;
}

/* A container one level too deep is built empty, so later items keep their indexes. */
Test(body, notes_keep_document_indexes_after_a_sibling_too_deep_to_build)
{
    /* the array at the last built level holds [] (one level too deep) and then "\u0000":
     * the string is item 1 of that array (RFC 6901), whatever the tree keeps */
    char pointer[4096];
    size_t len;
    char *text = at_the_last_built_level("[[[]],\"\\u0000\"]", &len, pointer, sizeof pointer - 8);
    strcat(pointer, "/1");
    tjc_body b;
    parse_text(&b, text, len);
    cr_assert(b.root && b.truncated, "expected accepted and truncated, got %s", b.error);
    const char *got = b.note_count ? b.notes[0].pointer : "";
    size_t got_len = strlen(got);
    cr_expect(b.note_count == 1 && has_note(&b, TJC_NOTE_NUL, pointer),
              "511 arrays around [[[]],\"\\u0000\"]: expected one note NUL at /0 (511 times) then "
              "/1, got %zu note(s), the first of %zu bytes ending in %s", b.note_count, got_len,
              shown_str(got_len > 6 ? got + got_len - 6 : got));
    tjc_body_free(&b);
    free(text);
}

/* The first "x" keeps its (empty) value in the tree, so the duplicate is seen. */
Test(body, notes_duplicates_whose_first_value_is_too_deep_to_build)
{
    char pointer[4096];
    size_t len;
    char *text = at_the_last_built_level("{\"x\":[[]],\"x\":1}", &len, pointer, sizeof pointer - 8);
    strcat(pointer, "/x");
    tjc_body b;
    parse_text(&b, text, len);
    cr_assert(b.root && b.truncated, "expected accepted and truncated, got %s", b.error);
    cr_expect(b.note_count == 1 && has_note(&b, TJC_NOTE_DUPLICATE, pointer),
              "511 arrays around {\"x\":[[]],\"x\":1}: expected one note DUPLICATE at /0 (511 "
              "times) then /x, got %s", notes_shown(&b));
    tjc_body_free(&b);
    free(text);
}

Test(body, parses_100000_nested_arrays_in_bounded_stack)
{
    size_t len;
    char *text = nested(100000, 0, NULL, &len);
    stack_job j = {(const unsigned char *)text, len, {0}, -1, 0, 0};
    parse_on_small_stack(&j);
    cr_assert_eq(j.rc, 0, "100,000 levels of []: expected rc 0, got %d", j.rc);
    cr_expect(j.body.root != NULL, "100,000 levels of []: expected accepted, got %s at byte %zu",
              j.body.error, j.body.error_offset);
    cr_expect_eq(j.body.depth, 100000, "100,000 levels of []: expected depth 100000, got %zu",
                 j.body.depth);
    cr_expect_eq(j.body.truncated, 1, "100,000 levels of []: expected truncated 1, got %d",
                 j.body.truncated);
    tjc_body_free(&j.body);
    /* and with a value at the bottom, freed on the small stack too */
    free(text);
    text = nested(100000, 0, "1,\"x\"", &len);
    stack_job k = {(const unsigned char *)text, len, {0}, -1, 1, 0};
    parse_on_small_stack(&k);
    cr_expect(k.rc == 0 && k.accepted,
              "100,000 levels of [] around 1,\"x\": expected rc 0 and accepted, got rc %d, %s",
              k.rc, k.accepted ? "accepted" : "rejected");
    free(text);
}

Test(body, parses_100000_nested_objects_in_bounded_stack)
{
    size_t len;
    char *text = nested(100000, 1, NULL, &len);
    stack_job j = {(const unsigned char *)text, len, {0}, -1, 0, 0};
    parse_on_small_stack(&j);
    cr_assert_eq(j.rc, 0, "100,000 levels of {\"a\":: expected rc 0, got %d", j.rc);
    cr_expect(j.body.root != NULL, "100,000 levels of {\"a\":: expected accepted, got %s at byte %zu",
              j.body.error, j.body.error_offset);
    cr_expect_eq(j.body.depth, 100000, "100,000 levels of {\"a\":: expected depth 100000, got %zu",
                 j.body.depth);
    cr_expect_eq(j.body.truncated, 1, "100,000 levels of {\"a\":: expected truncated 1, got %d",
                 j.body.truncated);
    const cJSON *innermost = NULL;
    size_t built = built_depth(j.body.root, &innermost);
    cr_expect_eq(built, (size_t)TJC_BODY_TREE_DEPTH + 1, "expected %d levels built, got %zu",
                 TJC_BODY_TREE_DEPTH + 1, built);
    tjc_body_free(&j.body);
    free(text);
}

Test(body, rejects_16_mib_of_unclosed_brackets_cleanly)
{
    size_t len = 16u << 20;
    char *text = malloc(len);
    cr_assert(text, "out of memory");
    memset(text, '[', len);
    stack_job j = {(const unsigned char *)text, len, {0}, -1, 0, 0};
    parse_on_small_stack(&j);
    cr_assert_eq(j.rc, 0, "16 MiB of [: expected rc 0, got %d", j.rc);
    cr_expect(j.body.root == NULL, "16 MiB of [: expected rejected, got accepted");
    cr_expect(j.body.error != NULL, "16 MiB of [: expected an error text, got NULL");
    cr_expect_eq(j.body.error_offset, len, "16 MiB of [: expected the error at byte %zu (the end), "
                 "got %zu", len, j.body.error_offset);
    tjc_body_free(&j.body);
    free(text);
}

Test(body, writes_a_truncated_tree)
{
    size_t len;
    char *text = nested(100000, 0, NULL, &len);
    tjc_body b;
    parse_text(&b, text, len);
    cr_assert(b.root && b.truncated, "100,000 levels of []: expected accepted and truncated, "
              "got %s, truncated %d", b.root ? "accepted" : b.error, b.truncated);
    int rc;
    char *out = written_body(b.root, &rc);
    cr_expect_eq(rc, 0, "tjc_body_write of the truncated tree: expected 0, got %d", rc);
    size_t want_len;
    char *want = nested(TJC_BODY_TREE_DEPTH + 1, 0, NULL, &want_len);
    cr_expect_str_eq(out, want, "tjc_body_write of the truncated tree: expected %d levels of [], "
                     "got %s", TJC_BODY_TREE_DEPTH + 1, shown_str(out));
    free(want);
    free(out);
    tjc_body_free(&b);
    free(text);
}

Test(body, writes_compact_json_keeping_number_lexemes)
{
    static const char text[] =
        "{ \"a\" : [ 1.0 , 1e0 , -0 , 9007199254740993 , 1.5E+300 ] ,\n \"b\" : \"x\\u0000\" , "
        "\"c\" : { } , \"d\" : true , \"e\" : null , \"f\" : false , \"g\" : \"\\ud800\\/\\n\" }";
    static const char want[] =
        "{\"a\":[1.0,1e0,-0,9007199254740993,1.5E+300],\"b\":\"x\\u0000\",\"c\":{},\"d\":true,"
        "\"e\":null,\"f\":false,\"g\":\"\\ud800/\\n\"}";
    tjc_body b;
    ACCEPT(&b, text);
    int rc;
    char *out = written_body(b.root, &rc);
    cr_expect_eq(rc, 0, "tjc_body_write: expected 0, got %d", rc);
    /* \u escapes may be written in either case: compare case-folded */
    char want_lower[sizeof want];
    memcpy(want_lower, want, sizeof want);
    lower_ascii(want_lower);
    lower_ascii(out);
    cr_expect_str_eq(out, want_lower, "tjc_body_write(%s): expected %s, got %s",
                     shown(text, sizeof text - 1), shown(want, sizeof want - 1), shown_str(out));
    free(out);
    /* and the numbers exactly as written, 1.5E+300 with its capital E */
    out = written_body(tjc_pointer_resolve(b.root, "/a"), &rc);
    cr_expect_str_eq(out, "[1.0,1e0,-0,9007199254740993,1.5E+300]",
                     "tjc_body_write of /a: expected [1.0,1e0,-0,9007199254740993,1.5E+300], got %s",
                     shown_str(out));
    free(out);
    tjc_body_free(&b);
}

Test(body, writes_bodies_that_parse_back_to_the_same_tree)
{
    static const char text[] =
        "{\"s\":\"x\\u0000y\",\"t\":\"\\ud800\",\"u\":\"\\udc00z\",\"k\\u0000\":1,"
        "\"n\":[1.0,-0,1E+2,9223372036854775808],\"e\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0001\","
        "\"w\":\"\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\",\"o\":{},\"d\":1,\"d\":2}";
    tjc_body b1, b2;
    ACCEPT(&b1, text);
    int rc;
    char *w1 = written_body(b1.root, &rc);
    parse_text(&b2, w1, strlen(w1));
    cr_assert(b2.root, "tjc_body_write wrote %s, which tjc_body_parse rejects: %s at byte %zu",
              shown_str(w1), b2.error, b2.error_offset);
    char *w2 = written_body(b2.root, &rc);
    cr_expect_str_eq(w1, w2, "writing, parsing and writing again changed %s into %s",
                     shown_str(w1), shown_str(w2));
    cr_expect_eq(b1.note_count, b2.note_count, "notes before %s, after %s", notes_shown(&b1),
                 notes_shown(&b2));
    for (size_t i = 0; i < b1.note_count && i < b2.note_count; i++)
        cr_expect(b1.notes[i].kind == b2.notes[i].kind &&
                      strcmp(b1.notes[i].pointer, b2.notes[i].pointer) == 0,
                  "note %zu changed: before %s, after %s", i, notes_shown(&b1), notes_shown(&b2));
    free(w1);
    free(w2);
    tjc_body_free(&b1);
    tjc_body_free(&b2);
}

Test(body, writes_numbers_without_a_lexeme_from_their_double)
{
    cJSON *arr = cJSON_CreateArray();
    cJSON_AddItemToArray(arr, cJSON_CreateNumber(3));
    cJSON_AddItemToArray(arr, cJSON_CreateNumber(-0.5));
    cJSON_AddItemToArray(arr, cJSON_CreateString("a\"b"));
    /* beyond long long: written without converting to it (UBSan float-cast-overflow) */
    cJSON_AddItemToArray(arr, cJSON_CreateNumber(1e300));
    cJSON_AddItemToArray(arr, cJSON_CreateNumber(-1e19));
    int rc;
    char *out = written_body(arr, &rc);
    cr_expect_eq(rc, 0, "expected 0, got %d", rc);
    cr_expect_str_eq(out, "[3,-0.5,\"a\\\"b\",1.0000000000000001e+300,-1e+19]",
                     "expected [3,-0.5,\"a\\\"b\",1.0000000000000001e+300,-1e+19], got %s",
                     shown_str(out));
    free(out);
    cJSON_Delete(arr);
}

Test(body, refuses_to_write_a_tree_deeper_than_the_tree_depth)
{
    /* body.h: tjc_body_write fails past TJC_BODY_TREE_DEPTH + 1 levels */
    for (int levels = TJC_BODY_TREE_DEPTH + 1; levels <= TJC_BODY_TREE_DEPTH + 2; levels++) {
        cJSON *root = cJSON_CreateArray();
        cJSON *at = root;
        for (int i = 1; i < levels; i++) {
            cJSON *next = cJSON_CreateArray();
            cJSON_AddItemToArray(at, next);
            at = next;
        }
        int rc;
        char *out = written_body(root, &rc);
        int want = levels > TJC_BODY_TREE_DEPTH + 1 ? -1 : 0;
        cr_expect_eq(rc, want, "tjc_body_write of %d nested arrays: expected %d, got %d", levels,
                     want, rc);
        free(out);
        cJSON_Delete(root);
    }
}

/* ================= size ================= */

Test(body, parses_a_16_mib_string)
{
    size_t n = 16u << 20;
    char *text = malloc(n + 2);
    cr_assert(text, "out of memory");
    text[0] = '"';
    memset(text + 1, 'a', n);
    text[n + 1] = '"';
    tjc_body b;
    parse_text(&b, text, n + 2);
    cr_assert(b.root && cJSON_IsString(b.root), "a 16 MiB string: expected accepted, got %s",
              b.error ? b.error : "(not a string)");
    size_t got = strlen(b.root->valuestring);
    cr_expect_eq(got, n, "a 16 MiB string: expected %zu bytes held, got %zu", n, got);
    tjc_body_free(&b);
    free(text);
}

Test(body, parses_an_array_of_a_million_items)
{
    size_t items = 1000000, len;
    char *text;
    tjc_buf out;
    tjc_buf_init(&out);
    tjc_buf_reserve(&out, items * 2 + 2);
    tjc_buf_putc(&out, '[');
    for (size_t i = 0; i < items; i++)
        tjc_buf_puts(&out, i ? ",0" : "7");
    tjc_buf_putc(&out, ']');
    len = out.len;
    text = tjc_buf_take(&out);
    cr_assert(text, "out of memory");
    tjc_body b;
    parse_text(&b, text, len);
    cr_assert(b.root && cJSON_IsArray(b.root), "1,000,000 items: expected an array, got %s",
              b.error ? b.error : "(not an array)");
    int size = cJSON_GetArraySize(b.root);
    cr_expect_eq(size, 1000000, "1,000,000 items: expected 1000000 items, got %d", size);
    const cJSON *first = tjc_pointer_resolve(b.root, "/0");
    const cJSON *last = tjc_pointer_resolve(b.root, "/999999");
    cr_expect(first && strcmp(first->valuestring, "7") == 0, "expected /0 to be 7, got %s",
              node_shown(first));
    cr_expect(last && strcmp(last->valuestring, "0") == 0, "expected /999999 to be 0, got %s",
              node_shown(last));
    const cJSON *past = tjc_pointer_resolve(b.root, "/1000000");
    cr_expect(past == NULL, "expected /1000000 out of range (NULL), got %s", node_shown(past));
    tjc_body_free(&b);
    free(text);
}

/* Strings are scanned 8 bytes at a time (body.c, plain_run): every byte that needs a
 * second look must stop the scan wherever it falls in a word, in the reader and in the
 * writer alike. */
Test(body, finds_every_special_byte_at_every_offset_of_a_string)
{
    static const struct {
        const char *bytes; /* what stands at the offset, as sent */
        const char *held;  /* as held, NULL when the text is refused */
        const char *written; /* as tjc_body_write writes it back */
    } specials[] = {
        {"\\n", "\n", "\\n"},         {"\\\"", "\"", "\\\""},
        {"\\\\", "\\", "\\\\"},  {"\\u0041", "A", "A"},
        {"\xc3\xa9", "\xc3\xa9", "\xc3\xa9"}, {"\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"},
        {"\x01", NULL, NULL},       {"\x1f", NULL, NULL},     {"\x7f", "\x7f", "\x7f"},
        {"\xff", NULL, NULL},       {"\xc3", NULL, NULL},     {" ", " ", " "},
    };
    for (size_t k = 0; k < COUNT(specials); k++) {
        for (size_t at = 0; at <= 20; at++) {
            char text[128], held[64], written[128];
            size_t tail = 23 - at;
            snprintf(text, sizeof text, "[\"%.*s%s%.*s\"]", (int)at, "abcdefghijklmnopqrstuvw",
                     specials[k].bytes, (int)tail, "ABCDEFGHIJKLMNOPQRSTUVW");
            tjc_body b;
            parse_text(&b, text, strlen(text));
            if (!specials[k].held) {
                cr_expect(b.root == NULL, "%s: expected refused, got a tree",
                          shown(text, strlen(text)));
                tjc_body_free(&b);
                continue;
            }
            snprintf(held, sizeof held, "%.*s%s%.*s", (int)at, "abcdefghijklmnopqrstuvw",
                     specials[k].held, (int)tail, "ABCDEFGHIJKLMNOPQRSTUVW");
            snprintf(written, sizeof written, "[\"%.*s%s%.*s\"]", (int)at,
                     "abcdefghijklmnopqrstuvw", specials[k].written, (int)tail,
                     "ABCDEFGHIJKLMNOPQRSTUVW");
            const cJSON *item = b.root ? b.root->child : NULL;
            cr_expect(item && cJSON_IsString(item) && strcmp(item->valuestring, held) == 0,
                      "%s: expected %s held, got %s (%s)", shown(text, strlen(text)),
                      shown_str(held), node_shown(item), b.error ? b.error : "no error");
            tjc_buf out;
            tjc_buf_init(&out);
            if (b.root)
                tjc_body_write(&out, b.root);
            cr_expect(out.data && strcmp(out.data, written) == 0, "%s: expected written %s, got %s",
                      shown(text, strlen(text)), shown_str(written),
                      out.data ? shown_str(out.data) : "nothing");
            tjc_buf_free(&out);
            tjc_body_free(&b);
        }
    }
}

/* The tree's nodes and strings live in chunks the body owns (body.c): a string larger
 * than a chunk between small nodes, and nodes on both sides of it, all read back. */
Test(body, holds_a_string_larger_than_a_chunk_between_small_nodes)
{
    size_t n = 300000;
    tjc_buf out;
    tjc_buf_init(&out);
    tjc_buf_puts(&out, "{\"a\":1.50,\"b\":\"");
    for (size_t i = 0; i < n; i++)
        tjc_buf_putc(&out, (char)('a' + i % 26));
    tjc_buf_puts(&out, "\",\"c\":[true,null,\"x\"],\"d\":-0}");
    cr_assert(!out.failed, "out of memory");
    tjc_body b;
    parse_text(&b, out.data, out.len);
    cr_assert(b.root, "expected an object, got %s", b.error ? b.error : "(none)");
    const cJSON *a = tjc_pointer_resolve(b.root, "/a"), *s = tjc_pointer_resolve(b.root, "/b");
    const cJSON *x = tjc_pointer_resolve(b.root, "/c/2"), *d = tjc_pointer_resolve(b.root, "/d");
    cr_expect(a && cJSON_IsNumber(a) && strcmp(a->valuestring, "1.50") == 0 &&
                  a->valuedouble == 1.5 && a->valueint == 1,
              "expected /a the number 1.50, got %s", node_shown(a));
    cr_assert(s && cJSON_IsString(s), "expected /b a string, got %s", node_shown(s));
    size_t len = strlen(s->valuestring);
    cr_expect(len == n && s->valuestring[0] == 'a' && s->valuestring[n - 1] == (char)('a' + (n - 1) % 26),
              "expected /b to hold the %zu letters sent, got %zu", n, len);
    cr_expect(x && cJSON_IsString(x) && strcmp(x->valuestring, "x") == 0,
              "expected /c/2 to be \"x\", got %s", node_shown(x));
    cr_expect(d && cJSON_IsNumber(d) && strcmp(d->valuestring, "-0") == 0,
              "expected /d to be -0, got %s", node_shown(d));
    cr_expect_eq(cJSON_GetArraySize(tjc_pointer_resolve(b.root, "/c")), 3, "expected /c to hold 3 items");
    tjc_body_free(&b);
    cr_expect(b.root == NULL && b.arena == NULL, "tjc_body_free must release the tree");
    tjc_buf_free(&out);
}

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define TEST_ASAN 1
#endif

/* Under AddressSanitizer the bytes after each node and string of the tree are poisoned, as
 * a malloc'd block's redzone is: reading past a string's end is caught. */
Test(body, guards_the_tree_memory_under_address_sanitizer)
{
#ifdef TEST_ASAN
    tjc_body b;
    const char *text_in = "{\"name\":\"xyz\",\"n\":[12]}";
    parse_text(&b, text_in, strlen(text_in));
    cr_assert(b.root, "expected an object, got %s", b.error ? b.error : "(none)");
    const cJSON *name = tjc_pointer_resolve(b.root, "/name");
    const cJSON *n = tjc_pointer_resolve(b.root, "/n/0");
    cr_assert(name && n, "expected /name and /n/0");
    const char *text = name->valuestring, *lexeme = n->valuestring, *key = name->string;
    cr_expect(!__asan_address_is_poisoned(text + 3), "the string's NUL must be readable");
    cr_expect(__asan_address_is_poisoned(text + 4), "the byte after a string's NUL must be poisoned");
    cr_expect(__asan_address_is_poisoned(key + 5), "the byte after a member name's NUL must be poisoned");
    cr_expect(__asan_address_is_poisoned(lexeme + 3), "the byte after a lexeme's NUL must be poisoned");
    cr_expect(!__asan_address_is_poisoned((const char *)n + sizeof *n - 1), "a node must be readable");
    cr_expect(__asan_address_is_poisoned((const char *)n + sizeof *n), "the byte after a node must be poisoned");
    tjc_body_free(&b);
#else
    cr_skip_test("not an AddressSanitizer build (the asan preset runs it)");
#endif
}

Test(body, quotes_a_held_string_for_a_message)
{
    static const struct {
        const char *s;
        size_t max;
        const char *want;
    } cases[] = {
        {"abc", 64, "\"abc\""},
        {"abc", 3, "\"abc\""},
        {"abcdef", 3, "\"abc\"..."},
        {"", 8, "\"\""},
        {"a\"b\\c", 64, "\"a\\\"b\\\\c\""},
        {"tab\there", 64, "\"tab\\there\""},
        {"\xc3\xa9x", 1, "\"\xc3\xa9\"..."},
        {"x\xe4\xb8\xadyz", 2, "\"x\xe4\xb8\xad\"..."},
        {"\xc0\x80", 64, "\"\\u0000\""},
        {"\xed\xa0\x80!", 64, "\"\\ud800!\""},
        {"0123456789012345678901234567890123456789", 32, "\"01234567890123456789012345678901\"..."},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        char dst[64 * 6 + 16];
        const char *got = tjc_text_quote(dst, sizeof dst, cases[i].s, cases[i].max);
        cr_expect(strcmp(got, cases[i].want) == 0, "tjc_text_quote(%s, %zu): expected %s, got %s",
                  shown_str(cases[i].s), cases[i].max, shown_str(cases[i].want), shown_str(got));
    }
}

/* ================= JSON Pointer (RFC 6901) ================= */

Test(body, resolves_json_pointers)
{
    static const char text[] =
        "{\"a\":[{\"b\":1},true],\"c/d\":2,\"e~f\":3,\"\":4,\"g\":{\"\":5},\"~1\":6,\"h\":[0,1,2,3,4,5,"
        "6,7,8,9,10],\"~\":7,\"a~b/c\":8}";
    static const struct {
        const char *pointer, *lexeme;
    } found[] = {
        {"/a/0/b", "1"}, {"/c~1d", "2"}, {"/e~0f", "3"}, {"/", "4"}, {"/g/", "5"}, {"/~01", "6"},
        {"/h/10", "10"}, {"/h/0", "0"}, {"/~0", "7"}, {"/a~0b~1c", "8"},
    };
    tjc_body b;
    ACCEPT(&b, text);
    const cJSON *whole = tjc_pointer_resolve(b.root, "");
    cr_expect(whole == b.root, "pointer \"\": expected the root, got %s", node_shown(whole));
    const cJSON *t = tjc_pointer_resolve(b.root, "/a/1");
    cr_expect(t && cJSON_IsTrue(t), "pointer /a/1: expected true, got %s", node_shown(t));
    for (size_t i = 0; i < COUNT(found); i++) {
        const cJSON *n = tjc_pointer_resolve(b.root, found[i].pointer);
        cr_expect(n && cJSON_IsNumber(n) && strcmp(n->valuestring, found[i].lexeme) == 0,
                  "pointer %s: expected the number %s, got %s", shown_str(found[i].pointer),
                  found[i].lexeme, n ? shown_str(n->valuestring) : "NULL");
    }
    tjc_body_free(&b);
}

Test(body, resolves_no_node_for_bad_or_missing_pointers)
{
    static const char text[] = "{\"a\":[{\"b\":1},true],\"c/d\":2,\"e~f\":3}";
    static const char *const missing[] = {
        "/a/01", "a", "/a/2", "/a/-", "/a/0/b/c", "/x", "/e~2f", "/e~f", "/c/d", "/a/ 0",
        "/a/+0", "/a/0x0", "/a/99999999999999999999999", "/a/-1", "#/a", "/a/", "/a//",
        "/e~", "/~", "/e~0f~", "/e~0", "/c~1", "/c~1d~",
    };
    tjc_body b;
    ACCEPT(&b, text);
    for (size_t i = 0; i < COUNT(missing); i++) {
        const cJSON *n = tjc_pointer_resolve(b.root, missing[i]);
        cr_expect(n == NULL, "pointer %s into %s: expected NULL, got %s", shown_str(missing[i]),
                  shown(text, sizeof text - 1), node_shown(n));
    }
    const cJSON *n = tjc_pointer_resolve(NULL, "");
    cr_expect(n == NULL, "pointer \"\" into NULL: expected NULL, got %s", node_shown(n));
    n = tjc_pointer_resolve(b.root, NULL);
    cr_expect(n == NULL, "NULL pointer: expected NULL, got %s", node_shown(n));
    tjc_body_free(&b);
}
