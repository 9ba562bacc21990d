/*
 * Tests of validate: spec/rules.md's request-body and path rules as tjc_validate()
 * applies them.
 *
 * Bodies start from the published sample (tjc_sample_body()) and change one thing, so
 * that the rest of the body stays valid. Every expectation is written by hand from
 * rules.md (its rule text, levels and errata); none is computed by calling the
 * validator. Where the validator disagrees with rules.md the test keeps rules.md's
 * reading and is disabled with a description that says so (section "Disagreements").
 *
 * Test inputs are written as JSON text in C strings. Inside them "$(N*TEXT)" stands for
 * N copies of TEXT (TEXT holds no ')'), so that boundaries read as numbers:
 * "\"$(257*a)\"" is a string of 257 a's.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "body.h"
#include "buf.h"
#include "rules.h"
#include "sample.h"
#include "validate.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ==== Bodies: the published sample, one change at a time ==== */

#define DATASET_ID "38277e62-9e59-48f4-8d89-c8cf41622c24"
#define VERSION_ID "2ff0d6ba-c480-45ae-be41-09a8369bfc90"

/* A JSON string literal. */
#define S(text) "\"" text "\""

/* One change to the sample: `value` (JSON text) replaces the member's value in place, or
 * is added at the end when the sample lacks the member; REMOVED leaves the member out; a
 * name starting with '+' adds another copy at the end (a duplicate member). */
typedef struct member_edit {
    const char *name;
    const char *value;
} member_edit;

#define REMOVED NULL

/* The sample's members, in its order (a test checks that they are the sample). */
static const member_edit sample_members[] = {
    {"config_desc", S("This is config")},
    {"worker_server_num", "1"},
    {"app_url", S("/usr/app/")},
    {"boot_file_url", S("/usr/app/boot.py")},
    {"parameter", "[{\"label\": \"learning_rate\", \"value\": 0.01}, "
                  "{\"key\": \"batch_size\", \"value\": 32}]"},
    {"spec_id", "1"},
    {"dataset_id", S(DATASET_ID)},
    {"dataset_version_id", S(VERSION_ID)},
    {"engine_id", "1"},
    {"train_url", S("/usr/train/")},
    {"log_url", S("/usr/log/")},
};

/* Pieces that recur. */
#define ITEM_PAIR "\"dataset_id\": \"" DATASET_ID "\", \"dataset_version\": \"" VERSION_ID "\""
#define ITEM "{" ITEM_PAIR "}"
#define NO_DATASET {"dataset_id", REMOVED}, {"dataset_version_id", REMOVED}
#define SOURCE(json) NO_DATASET, {"data_source", json}
#define DATA_URL S("/usr/data/")
#define IMAGE S("100.125.5.235:20202/jobmng/custom-cpu-base:1.0")
#define COMMAND S("bash /home/work/run_train.sh python /home/work/user-job-dir/app/train.py")
#define PARAMS(items) {"parameter", "[" items "]"}

/* Appends `text`, expanding each "$(N*TEXT)" into N copies of TEXT. */
static void put_expanded(tjc_buf *b, const char *text)
{
    const char *p = text;
    for (;;) {
        const char *mark = strstr(p, "$(");
        if (!mark) {
            tjc_buf_puts(b, p);
            return;
        }
        tjc_buf_append(b, p, (size_t)(mark - p));
        char *star;
        unsigned long n = strtoul(mark + 2, &star, 10);
        const char *close = strchr(star, ')');
        cr_assert(*star == '*' && close, "test input \"%s\": a repeat is $(N*TEXT)", text);
        for (unsigned long k = 0; k < n; k++)
            tjc_buf_append(b, star + 1, (size_t)(close - star - 1));
        p = close + 1;
    }
}

static void put_member(tjc_buf *b, int *first, const char *name, const char *value)
{
    if (!*first)
        tjc_buf_puts(b, ", ");
    *first = 0;
    tjc_buf_putc(b, '"');
    tjc_buf_puts(b, name);
    tjc_buf_puts(b, "\": ");
    put_expanded(b, value);
}

static int sample_has(const char *name)
{
    for (size_t i = 0; i < COUNT(sample_members); i++)
        if (strcmp(sample_members[i].name, name) == 0)
            return 1;
    return 0;
}

/* The sample with `edits` (ended by a NULL name) applied; the caller frees it. */
static char *build_body(const member_edit *edits)
{
    tjc_buf b;
    tjc_buf_init(&b);
    tjc_buf_putc(&b, '{');
    int first = 1;
    for (size_t i = 0; i < COUNT(sample_members); i++) {
        const char *value = sample_members[i].value;
        for (const member_edit *e = edits; e && e->name; e++)
            if (strcmp(e->name, sample_members[i].name) == 0) {
                value = e->value;
                break;
            }
        if (value)
            put_member(&b, &first, sample_members[i].name, value);
    }
    for (const member_edit *e = edits; e && e->name; e++) {
        if (e->name[0] == '+' && e->value)
            put_member(&b, &first, e->name + 1, e->value);
        else if (e->name[0] != '+' && e->value && !sample_has(e->name))
            put_member(&b, &first, e->name, e->value);
    }
    tjc_buf_putc(&b, '}');
    char *body = tjc_buf_take(&b);
    cr_assert_not_null(body, "out of memory building a test body");
    return body;
}

/* ==== Judging, and saying what was judged ==== */

static char shown[512]; /* the start of the body last judged, for failure messages */

static void show(const char *body, size_t len)
{
    size_t n = len < sizeof shown - 4 ? len : sizeof shown - 4;
    memcpy(shown, body, n);
    strcpy(shown + n, len > n ? "..." : "");
}

/* The verdict in one line: outcome, then rule level pointer for each violation. */
static const char *describe(const tjc_verdict *v)
{
    static char text[4096];
    tjc_buf b;
    tjc_buf_init(&b);
    tjc_buf_printf(&b, "outcome %s", tjc_outcome_name(v->outcome));
    for (size_t i = 0; i < v->count && i < 48; i++) {
        const tjc_violation *x = &v->items[i];
        tjc_buf_printf(&b, "; %s %s at %s", x->rule->id, tjc_level_name(x->level),
                       !x->pointer ? "(no pointer)"
                       : x->pointer[0] ? x->pointer
                                       : "(whole body)");
    }
    if (v->count > 48)
        tjc_buf_printf(&b, "; ... %zu listed in all", v->count);
    if (v->unlisted)
        tjc_buf_printf(&b, "; %zu unlisted", v->unlisted);
    snprintf(text, sizeof text, "%s", b.data ? b.data : "(out of memory)");
    tjc_buf_free(&b);
    return text;
}

static tjc_validator *new_validator(const char *base, size_t len)
{
    tjc_validator *val = NULL;
    char err[256] = "";
    int rc = tjc_validator_new((const unsigned char *)base, len, &val, err, sizeof err);
    cr_assert_eq(rc, 0, "tjc_validator_new(%s) failed: %s", base ? base : "NULL", err);
    cr_assert_not_null(val, "tjc_validator_new returned 0 but no validator");
    return val;
}

static void validate_with(const tjc_validator *val, const char *body, size_t len,
                          const char *config_name, tjc_verdict *out)
{
    show(body, len);
    int rc = tjc_validate(val, (const unsigned char *)body, len, config_name, out);
    cr_assert_eq(rc, 0, "tjc_validate returned %d on %s", rc, shown);
}

/* Judges bytes with the default validator (base body: the published sample). */
static void judge_bytes(const char *body, size_t len, const char *config_name,
                        tjc_verdict *out)
{
    tjc_validator *val = new_validator(NULL, 0);
    validate_with(val, body, len, config_name, out);
    tjc_validator_free(val);
}

static void judge_edits(const member_edit *edits, tjc_verdict *out)
{
    char *body = build_body(edits);
    judge_bytes(body, strlen(body), NULL, out);
    free(body);
}

/* JUDGE(&verdict, {"name", "value"}, ...): the sample with these edits. */
#define JUDGE(out, ...) judge_edits((const member_edit[]){__VA_ARGS__, {NULL, NULL}}, (out))

static int has_at_pointer(const tjc_verdict *v, const char *id, tjc_level level,
                          const char *pointer)
{
    for (size_t i = 0; i < v->count; i++) {
        const tjc_violation *x = &v->items[i];
        if (strcmp(x->rule->id, id) == 0 && x->level == level && x->pointer &&
            strcmp(x->pointer, pointer) == 0)
            return 1;
    }
    return 0;
}

static const tjc_violation *find_violation(const tjc_verdict *v, const char *id)
{
    for (size_t i = 0; i < v->count; i++)
        if (strcmp(v->items[i].rule->id, id) == 0)
            return &v->items[i];
    return NULL;
}

static size_t count_of(const tjc_verdict *v, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < v->count; i++)
        n += strcmp(v->items[i].rule->id, id) == 0;
    return n;
}

static int parse_level(const char *s, size_t n, tjc_level *out)
{
    static const tjc_level levels[] = {TJC_LEVEL_MUST, TJC_LEVEL_SHOULD, TJC_LEVEL_INFO};
    for (size_t k = 0; k < COUNT(levels); k++)
        if (strlen(tjc_level_name(levels[k])) == n &&
            strncmp(s, tjc_level_name(levels[k]), n) == 0) {
            *out = levels[k];
            return 0;
        }
    return -1;
}

/* Whether the verdict lists exactly the rules of `spec` ("RULE" at its catalogue level,
 * or "RULE/LEVEL", separated by spaces; "" for none), counting each rule-level pair once.
 * Tolerated observations (PARAM-VALUE, PARAM-KEY: the sample's own) count only when spec
 * names them. Says what differs in `why`. */
static int verdict_is(const tjc_verdict *v, const char *spec, char *why, size_t why_len)
{
    struct { char id[64]; tjc_level level; } want[24];
    size_t n = 0;
    why[0] = '\0';
    for (const char *p = spec; *p;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        size_t len = strcspn(p, " ");
        size_t id_len = strcspn(p, " /");
        cr_assert(n < COUNT(want) && id_len < sizeof want[n].id, "spec \"%s\" is too long", spec);
        memcpy(want[n].id, p, id_len);
        want[n].id[id_len] = '\0';
        const tjc_rule *r = tjc_rule_find(want[n].id);
        cr_assert_not_null(r, "spec \"%s\" names %s, which is not in the catalogue", spec,
                           want[n].id);
        want[n].level = r->level;
        if (id_len < len)
            cr_assert(parse_level(p + id_len + 1, len - id_len - 1, &want[n].level) == 0,
                      "spec \"%s\": bad level after %s", spec, want[n].id);
        n++;
        p += len;
    }
    int ok = 1;
    for (size_t k = 0; k < n; k++)
        if (!tjc_verdict_has_at(v, want[k].id, want[k].level)) {
            size_t used = strlen(why);
            snprintf(why + used, why_len - used, " missing %s %s;", want[k].id,
                     tjc_level_name(want[k].level));
            ok = 0;
        }
    for (size_t i = 0; i < v->count; i++) {
        const tjc_violation *x = &v->items[i];
        int named = 0, wanted = 0;
        for (size_t k = 0; k < n; k++)
            if (strcmp(want[k].id, x->rule->id) == 0) {
                named = 1;
                wanted |= want[k].level == x->level;
            }
        if (wanted || (!named && x->rule->info == TJC_INFO_TOLERATED))
            continue;
        size_t used = strlen(why);
        if (!strstr(why, x->rule->id))
            snprintf(why + used, why_len - used, " unexpected %s %s;", x->rule->id,
                     tjc_level_name(x->level));
        ok = 0;
    }
    return ok;
}

#define ASSERT_OUTCOME(v, want, input)                                                       \
    cr_assert_eq((v)->outcome, (want),                                                       \
                 "%s: outcome %s expected, got %s\n  body: %s\n  verdict: %s", (input),      \
                 tjc_outcome_name(want), tjc_outcome_name((v)->outcome), shown, describe(v))

#define ASSERT_REPORTED(v, id, level, input)                                                 \
    cr_assert(tjc_verdict_has_at((v), (id), (level)),                                        \
              "%s: %s at %s expected, not reported\n  body: %s\n  verdict: %s", (input),     \
              (id), tjc_level_name(level), shown, describe(v))

#define ASSERT_REPORTED_AT(v, id, level, pointer, input)                                     \
    cr_assert(has_at_pointer((v), (id), (level), (pointer)),                                 \
              "%s: %s at %s at pointer \"%s\" expected, not reported\n  body: %s\n"          \
              "  verdict: %s",                                                               \
              (input), (id), tjc_level_name(level), (pointer), shown, describe(v))

#define ASSERT_NOT_REPORTED(v, id, input)                                                    \
    cr_assert(!tjc_verdict_has((v), (id)),                                                   \
              "%s: %s expected not to be reported, but it is\n  body: %s\n  verdict: %s",    \
              (input), (id), shown, describe(v))

#define ASSERT_EXACTLY(v, spec, want, input)                                                 \
    do {                                                                                     \
        char why_[512];                                                                      \
        int ok_ = verdict_is((v), (spec), why_, sizeof why_);                                \
        cr_assert(ok_, "%s: rules {%s} expected:%s\n  body: %s\n  verdict: %s", (input),     \
                  (spec), why_, shown, describe(v));                                         \
        ASSERT_OUTCOME(v, want, input);                                                      \
    } while (0)

#define ACCEPT TJC_OUTCOME_ACCEPT
#define EITHER TJC_OUTCOME_EITHER
#define REJECT TJC_OUTCOME_REJECT

/* Parameterized tests get an index into a static table: Criterion runs each test in a
 * new process, where pointers inside copied parameters would not hold. */
typedef struct row_index {
    size_t i;
} row_index;

#define ROW_INDICES(table)                                                                   \
    do {                                                                                     \
        static row_index ix_[COUNT(table)];                                                  \
        for (size_t k_ = 0; k_ < COUNT(table); k_++)                                         \
            ix_[k_].i = k_;                                                                  \
        return cr_make_param_array(row_index, ix_, COUNT(table));                            \
    } while (0)

/* ==== The sample ==== */

Test(sample, published_sample_is_accepted)
{
    size_t len;
    const char *body = tjc_sample_body(&len);
    tjc_verdict v;
    judge_bytes(body, len, tjc_sample_config_name(), &v);
    ASSERT_OUTCOME(&v, ACCEPT, "the published sample (SAMPLE-ACCEPTED)");
    ASSERT_NOT_REPORTED(&v, "SAMPLE-ACCEPTED", "the published sample");
    tjc_verdict_free(&v);
}

Test(sample, published_sample_shows_only_its_tolerated_observations)
{
    size_t len;
    const char *body = tjc_sample_body(&len);
    tjc_verdict v;
    judge_bytes(body, len, NULL, &v);
    ASSERT_EXACTLY(&v, "PARAM-VALUE PARAM-KEY", ACCEPT, "the published sample");
    ASSERT_REPORTED_AT(&v, "PARAM-VALUE", TJC_LEVEL_INFO, "/parameter/0/value", "the sample");
    ASSERT_REPORTED_AT(&v, "PARAM-VALUE", TJC_LEVEL_INFO, "/parameter/1/value", "the sample");
    ASSERT_REPORTED_AT(&v, "PARAM-KEY", TJC_LEVEL_INFO, "/parameter/1/key", "the sample");
    cr_assert_eq(v.count, 3, "the sample: 3 observations expected, got %zu: %s", v.count,
                 describe(&v));
    tjc_verdict_free(&v);
}

Test(sample, test_builder_without_edits_is_the_published_sample)
{
    char *built = build_body(NULL);
    cJSON *a = cJSON_Parse(built);
    cJSON *b = cJSON_Parse(tjc_sample_body(NULL));
    cr_assert(a && b, "the built body or the sample does not parse: %s", built);
    cr_assert(cJSON_Compare(a, b, 1), "the test's sample members differ from the sample: %s",
              built);
    cJSON_Delete(a);
    cJSON_Delete(b);
    tjc_verdict v;
    judge_bytes(built, strlen(built), NULL, &v);
    ASSERT_EXACTLY(&v, "PARAM-VALUE PARAM-KEY", ACCEPT, "the sample rebuilt member by member");
    tjc_verdict_free(&v);
    free(built);
}

Test(sample, validator_judges_the_same_body_alike_twice)
{
    tjc_validator *val = new_validator(NULL, 0);
    const char *body = "{\"worker_server_num\": 0}";
    tjc_verdict a, b;
    validate_with(val, body, strlen(body), NULL, &a);
    validate_with(val, body, strlen(body), NULL, &b);
    cr_assert_eq(a.count, b.count, "%s: %zu then %zu violations", body, a.count, b.count);
    cr_assert_eq(a.outcome, b.outcome, "%s: outcome %s then %s", body,
                 tjc_outcome_name(a.outcome), tjc_outcome_name(b.outcome));
    for (size_t i = 0; i < a.count; i++)
        cr_assert(a.items[i].rule == b.items[i].rule && a.items[i].level == b.items[i].level,
                  "%s: violation %zu differs: %s / %s", body, i, a.items[i].rule->id,
                  b.items[i].rule->id);
    tjc_verdict_free(&a);
    tjc_verdict_free(&b);
    tjc_validator_free(val);
}

/* ==== Every body and path rule: a body that breaks it, and a near miss ==== */

typedef struct rule_case {
    const char *rule;
    int breaks;           /* 1: the body breaks the rule; 0: a near miss */
    tjc_level level;      /* breaking: the level it is reported at */
    const char *pointer;  /* breaking: where (NULL: not checked) */
    tjc_outcome outcome;
    const char *input;    /* the body in words */
    member_edit edits[7]; /* the sample with these edits... */
    const char *raw;      /* ...or this whole body */
    int sample;           /* ...or the published sample's own bytes */
    const char *prefix, *suffix;
    const char *config_name;
} rule_case;

#define BREAKS(id, lvl, ptr, out)                                                            \
    .rule = (id), .breaks = 1, .level = TJC_LEVEL_##lvl, .pointer = (ptr),                   \
    .outcome = TJC_OUTCOME_##out
#define MISSES(id, out) .rule = (id), .breaks = 0, .outcome = TJC_OUTCOME_##out

static const rule_case rule_cases[] = {
    /* -- the JSON text -- */
    {BREAKS("BODY-JSON", MUST, "", REJECT), .input = "the sample and a trailing byte",
     .sample = 1, .suffix = "x"},
    {BREAKS("BODY-JSON", MUST, "", REJECT), .input = "an empty body", .raw = ""},
    {BREAKS("BODY-JSON", MUST, "", REJECT), .input = "whitespace only", .raw = " \n"},
    {BREAKS("BODY-JSON", MUST, "", REJECT), .input = "a truncated object",
     .raw = "{\"worker_server_num\": 1"},
    {BREAKS("BODY-JSON", MUST, "", REJECT), .input = "worker_server_num NaN",
     .edits = {{"worker_server_num", "NaN"}}},
    {BREAKS("BODY-JSON", MUST, "", REJECT), .input = "spec_id Infinity",
     .edits = {{"spec_id", "Infinity"}}},
    {BREAKS("BODY-JSON", MUST, "", REJECT), .input = "worker_server_num with a leading zero",
     .edits = {{"worker_server_num", "01"}}},
    {BREAKS("BODY-JSON", MUST, "", REJECT), .input = "a comment before the sample",
     .sample = 1, .prefix = "/* c */"},
    {BREAKS("BODY-JSON", MUST, "", REJECT), .input = "single quotes",
     .raw = "{'worker_server_num': 1}"},
    {BREAKS("BODY-JSON", MUST, "", REJECT), .input = "invalid UTF-8 in config_desc",
     .edits = {{"config_desc", "\"\xff\""}}},
    {BREAKS("BODY-JSON", MUST, "", REJECT), .input = "a trailing comma in parameter",
     .edits = {PARAMS("{\"label\": \"a\", \"value\": \"b\"},")}},
    {BREAKS("BODY-JSON", MUST, "", REJECT), .input = "two JSON texts", .sample = 1,
     .suffix = "{}"},
    {MISSES("BODY-JSON", ACCEPT), .input = "the sample and trailing whitespace", .sample = 1,
     .suffix = "\r\n\t "},
    {MISSES("BODY-JSON", ACCEPT), .input = "leading whitespace and the sample", .sample = 1,
     .prefix = " \n\t"},

    {BREAKS("BODY-BOM", INFO, "", EITHER), .input = "a UTF-8 BOM before the sample",
     .sample = 1, .prefix = "\xEF\xBB\xBF"},
    {MISSES("BODY-BOM", ACCEPT), .input = "U+FEFF at the start of config_desc",
     .edits = {{"config_desc", S("\xEF\xBB\xBF" "This is config")}}},

    {BREAKS("BODY-OBJECT", MUST, "", REJECT), .input = "an empty array", .raw = "[]"},
    {BREAKS("BODY-OBJECT", MUST, "", REJECT), .input = "null", .raw = "null"},
    {BREAKS("BODY-OBJECT", MUST, "", REJECT), .input = "a string", .raw = S("config")},
    {BREAKS("BODY-OBJECT", MUST, "", REJECT), .input = "a number", .raw = "1"},
    {BREAKS("BODY-OBJECT", MUST, "", REJECT), .input = "true", .raw = "true"},
    {BREAKS("BODY-OBJECT", MUST, "", REJECT), .input = "the sample inside an array",
     .sample = 1, .prefix = "[", .suffix = "]"},
    {MISSES("BODY-OBJECT", REJECT), .input = "an empty object", .raw = "{}"},
    {MISSES("BODY-OBJECT", ACCEPT), .input = "the sample", .sample = 1},

    {BREAKS("BODY-DEPTH", INFO, "", EITHER), .input = "an unknown member 65 levels deep",
     .edits = {{"x", "$(64*[)$(64*])"}}},
    {BREAKS("BODY-DEPTH", INFO, "", EITHER),
     .input = "a parameter value 65 levels deep (a warning too)",
     .edits = {PARAMS("{\"label\": \"a\", \"value\": $(62*[)$(62*])}")}},
    {BREAKS("BODY-DEPTH", INFO, "", REJECT), .input = "65 nested arrays, no object",
     .raw = "$(65*[)$(65*])"},
    {MISSES("BODY-DEPTH", EITHER), .input = "an unknown member 64 levels deep",
     .edits = {{"x", "$(63*[)$(63*])"}}},

    {BREAKS("STRING-ODD", INFO, "/config_desc", EITHER), .input = "config_desc with U+0000",
     .edits = {{"config_desc", S("a\\u0000b")}}},
    {BREAKS("STRING-ODD", INFO, "/config_desc", EITHER),
     .input = "config_desc with a lone high surrogate", .edits = {{"config_desc", S("\\ud800")}}},
    {BREAKS("STRING-ODD", INFO, "/config_desc", EITHER),
     .input = "config_desc with a reversed surrogate pair",
     .edits = {{"config_desc", S("\\udc00\\ud800")}}},
    {BREAKS("STRING-ODD", INFO, "/parameter/0/label", EITHER),
     .input = "a parameter label with a lone low surrogate",
     .edits = {PARAMS("{\"label\": \"\\udfff\", \"value\": \"1\"}")}},
    {MISSES("STRING-ODD", ACCEPT), .input = "config_desc with an escaped surrogate pair",
     .edits = {{"config_desc", S("\\ud83d\\ude00")}}},
    {MISSES("STRING-ODD", ACCEPT), .input = "config_desc with U+0001",
     .edits = {{"config_desc", S("\\u0001")}}},

    /* -- config_desc -- */
    {BREAKS("DESC-TYPE", MUST, "/config_desc", REJECT), .input = "config_desc 1",
     .edits = {{"config_desc", "1"}}},
    {BREAKS("DESC-TYPE", MUST, "/config_desc", REJECT), .input = "config_desc true",
     .edits = {{"config_desc", "true"}}},
    {BREAKS("DESC-TYPE", MUST, "/config_desc", REJECT), .input = "config_desc an array",
     .edits = {{"config_desc", "[\"This is config\"]"}}},
    {BREAKS("DESC-TYPE", MUST, "/config_desc", REJECT), .input = "config_desc an object",
     .edits = {{"config_desc", "{}"}}},
    {MISSES("DESC-TYPE", ACCEPT), .input = "config_desc empty", .edits = {{"config_desc", S("")}}},
    {MISSES("DESC-TYPE", EITHER), .input = "config_desc null",
     .edits = {{"config_desc", "null"}}},

    {BREAKS("DESC-LEN", MUST, "/config_desc", REJECT), .input = "config_desc of 257 ASCII",
     .edits = {{"config_desc", S("$(257*a)")}}},
    {MISSES("DESC-LEN", ACCEPT), .input = "config_desc of 256 ASCII",
     .edits = {{"config_desc", S("$(256*a)")}}},

    {BREAKS("DESC-UTF16", INFO, "/config_desc", EITHER),
     .input = "config_desc of 200 emoji (400 UTF-16 units)",
     .edits = {{"config_desc", S("$(200*\xF0\x9F\x98\x80)")}}},
    {MISSES("DESC-UTF16", ACCEPT), .input = "config_desc of 128 emoji (256 UTF-16 units)",
     .edits = {{"config_desc", S("$(128*\xF0\x9F\x98\x80)")}}},

    /* -- worker_server_num, spec_id, engine_id, model_id -- */
    {BREAKS("WORKERS-REQ", MUST, "", REJECT), .input = "worker_server_num left out",
     .edits = {{"worker_server_num", REMOVED}}},
    {MISSES("WORKERS-REQ", ACCEPT), .input = "worker_server_num 1 (the sample)", .sample = 1},
    {MISSES("WORKERS-REQ", REJECT), .input = "worker_server_num \"1\" (present, mistyped)",
     .edits = {{"worker_server_num", S("1")}}},

    {BREAKS("WORKERS-TYPE", MUST, "/worker_server_num", REJECT),
     .input = "worker_server_num \"1\"", .edits = {{"worker_server_num", S("1")}}},
    {BREAKS("WORKERS-TYPE", MUST, "/worker_server_num", REJECT),
     .input = "worker_server_num true", .edits = {{"worker_server_num", "true"}}},
    {BREAKS("WORKERS-TYPE", MUST, "/worker_server_num", REJECT),
     .input = "worker_server_num null", .edits = {{"worker_server_num", "null"}}},
    {BREAKS("WORKERS-TYPE", MUST, "/worker_server_num", REJECT),
     .input = "worker_server_num [1]", .edits = {{"worker_server_num", "[1]"}}},
    {BREAKS("WORKERS-TYPE", MUST, "/worker_server_num", REJECT),
     .input = "worker_server_num {}", .edits = {{"worker_server_num", "{}"}}},
    {MISSES("WORKERS-TYPE", ACCEPT), .input = "worker_server_num 1",
     .edits = {{"worker_server_num", "1"}}},

    {BREAKS("WORKERS-MIN", SHOULD, "/worker_server_num", EITHER),
     .input = "worker_server_num 0", .edits = {{"worker_server_num", "0"}}},
    {BREAKS("WORKERS-MIN", SHOULD, "/worker_server_num", EITHER),
     .input = "worker_server_num -1", .edits = {{"worker_server_num", "-1"}}},
    {MISSES("WORKERS-MIN", ACCEPT), .input = "worker_server_num 1",
     .edits = {{"worker_server_num", "1"}}},

    {BREAKS("WORKERS-MAX", INFO, "/worker_server_num", EITHER),
     .input = "worker_server_num 2 (the base body's is 1)",
     .edits = {{"worker_server_num", "2"}}},
    {MISSES("WORKERS-MAX", ACCEPT), .input = "worker_server_num 1 (the base body's)",
     .edits = {{"worker_server_num", "1"}}},

    {BREAKS("SPEC-REQ", MUST, "", REJECT), .input = "spec_id left out",
     .edits = {{"spec_id", REMOVED}}},
    {MISSES("SPEC-REQ", ACCEPT), .input = "spec_id 1 (the sample)", .sample = 1},

    {BREAKS("SPEC-TYPE", MUST, "/spec_id", REJECT), .input = "spec_id \"1\"",
     .edits = {{"spec_id", S("1")}}},
    {BREAKS("SPEC-TYPE", MUST, "/spec_id", REJECT), .input = "spec_id null",
     .edits = {{"spec_id", "null"}}},
    {BREAKS("SPEC-TYPE", MUST, "/spec_id", REJECT), .input = "spec_id false",
     .edits = {{"spec_id", "false"}}},
    {MISSES("SPEC-TYPE", ACCEPT), .input = "spec_id 1", .edits = {{"spec_id", "1"}}},

    {BREAKS("ENGINE-TYPE", MUST, "/engine_id", REJECT), .input = "engine_id \"1\"",
     .edits = {{"engine_id", S("1")}}},
    {BREAKS("ENGINE-TYPE", MUST, "/engine_id", REJECT), .input = "engine_id [1]",
     .edits = {{"engine_id", "[1]"}}},
    {MISSES("ENGINE-TYPE", ACCEPT), .input = "engine_id 1", .edits = {{"engine_id", "1"}}},
    {MISSES("ENGINE-TYPE", EITHER), .input = "engine_id null",
     .edits = {{"engine_id", "null"}}},

    {BREAKS("MODEL-TYPE", MUST, "/model_id", REJECT), .input = "model_id \"1\" added",
     .edits = {{"model_id", S("1")}}},
    {BREAKS("MODEL-TYPE", MUST, "/model_id", REJECT), .input = "model_id {} added",
     .edits = {{"model_id", "{}"}}},
    {MISSES("MODEL-TYPE", EITHER), .input = "model_id 1 added (a catalogue value)",
     .edits = {{"model_id", "1"}}},
    {MISSES("MODEL-TYPE", EITHER), .input = "model_id null added",
     .edits = {{"model_id", "null"}}},

    {BREAKS("INT-FRACTION", MUST, "/worker_server_num", REJECT),
     .input = "worker_server_num 1.5", .edits = {{"worker_server_num", "1.5"}}},
    {BREAKS("INT-FRACTION", MUST, "/spec_id", REJECT), .input = "spec_id 0.5",
     .edits = {{"spec_id", "0.5"}}},
    {BREAKS("INT-FRACTION", MUST, "/engine_id", REJECT), .input = "engine_id 1e-1",
     .edits = {{"engine_id", "1e-1"}}},
    {BREAKS("INT-FRACTION", MUST, "/model_id", REJECT), .input = "model_id 2.5 added",
     .edits = {{"model_id", "2.5"}}},
    {BREAKS("INT-FRACTION", MUST, "/worker_server_num", REJECT),
     .input = "worker_server_num 1.0000000000000001 (a double reads 1)",
     .edits = {{"worker_server_num", "1.0000000000000001"}}},
    {MISSES("INT-FRACTION", EITHER), .input = "worker_server_num 1.0",
     .edits = {{"worker_server_num", "1.0"}}},
    {MISSES("INT-FRACTION", EITHER), .input = "spec_id 10E-1",
     .edits = {{"spec_id", "10E-1"}}},

    {BREAKS("INT-NOTATION", INFO, "/worker_server_num", EITHER),
     .input = "worker_server_num 1.0", .edits = {{"worker_server_num", "1.0"}}},
    {BREAKS("INT-NOTATION", INFO, "/spec_id", EITHER), .input = "spec_id 1e0",
     .edits = {{"spec_id", "1e0"}}},
    {BREAKS("INT-NOTATION", INFO, "/engine_id", EITHER), .input = "engine_id 10E-1",
     .edits = {{"engine_id", "10E-1"}}},
    {MISSES("INT-NOTATION", ACCEPT), .input = "worker_server_num 1",
     .edits = {{"worker_server_num", "1"}}},

    {BREAKS("INT-RANGE", SHOULD, "/worker_server_num", EITHER),
     .input = "worker_server_num 2147483648", .edits = {{"worker_server_num", "2147483648"}}},
    {BREAKS("INT-RANGE", SHOULD, "/spec_id", EITHER), .input = "spec_id 9223372036854775808",
     .edits = {{"spec_id", "9223372036854775808"}}},
    {BREAKS("INT-RANGE", SHOULD, "/engine_id", EITHER),
     .input = "engine_id -9223372036854775809",
     .edits = {{"engine_id", "-9223372036854775809"}}},
    {MISSES("INT-RANGE", EITHER), .input = "worker_server_num 2147483647",
     .edits = {{"worker_server_num", "2147483647"}}},
    {MISSES("INT-RANGE", EITHER), .input = "spec_id 9223372036854775807",
     .edits = {{"spec_id", "9223372036854775807"}}},
    {MISSES("INT-RANGE", EITHER), .input = "spec_id 9223372036854775807.0 (a double reads 2^63)",
     .edits = {{"spec_id", "9223372036854775807.0"}}},

    {BREAKS("IDS-NONNEG", SHOULD, "/spec_id", EITHER), .input = "spec_id -1",
     .edits = {{"spec_id", "-1"}}},
    {BREAKS("IDS-NONNEG", SHOULD, "/engine_id", EITHER), .input = "engine_id -1",
     .edits = {{"engine_id", "-1"}}},
    {BREAKS("IDS-NONNEG", SHOULD, "/model_id", EITHER), .input = "model_id -1 added",
     .edits = {{"model_id", "-1"}}},
    {MISSES("IDS-NONNEG", EITHER), .input = "spec_id 0", .edits = {{"spec_id", "0"}}},
    {MISSES("IDS-NONNEG", EITHER), .input = "spec_id -0", .edits = {{"spec_id", "-0"}}},

    /* -- the code: model_id, app_url, boot_file_url, engine_id, custom image -- */
    {BREAKS("CODE-PAIR", MUST, "/app_url", REJECT), .input = "boot_file_url left out",
     .edits = {{"boot_file_url", REMOVED}}},
    {BREAKS("CODE-PAIR", MUST, "/boot_file_url", REJECT), .input = "app_url left out",
     .edits = {{"app_url", REMOVED}}},
    {BREAKS("CODE-PAIR", SHOULD, "/app_url", EITHER),
     .input = "boot_file_url left out, model_id added",
     .edits = {{"boot_file_url", REMOVED}, {"model_id", "1"}}},
    {BREAKS("CODE-PAIR", SHOULD, "/boot_file_url", EITHER),
     .input = "app_url left out, model_id added",
     .edits = {{"app_url", REMOVED}, {"model_id", "1"}}},
    {MISSES("CODE-PAIR", ACCEPT), .input = "app_url with boot_file_url (the sample)",
     .sample = 1},
    {MISSES("CODE-PAIR", EITHER), .input = "model_id instead of the code pair",
     .edits = {{"app_url", REMOVED}, {"boot_file_url", REMOVED}, {"model_id", "1"}}},

    {BREAKS("CODE-SOURCE", MUST, "", REJECT), .input = "app_url and boot_file_url left out",
     .edits = {{"app_url", REMOVED}, {"boot_file_url", REMOVED}}},
    {BREAKS("CODE-SOURCE", MUST, "", REJECT), .input = "app_url and boot_file_url null",
     .edits = {{"app_url", "null"}, {"boot_file_url", "null"}}},
    {MISSES("CODE-SOURCE", EITHER), .input = "model_id instead of the code pair",
     .edits = {{"app_url", REMOVED}, {"boot_file_url", REMOVED}, {"model_id", "1"}}},
    {MISSES("CODE-SOURCE", ACCEPT), .input = "the code pair (the sample)", .sample = 1},

    {BREAKS("CODE-BOTH", INFO, "/model_id", EITHER), .input = "model_id beside the code pair",
     .edits = {{"model_id", "1"}}},
    {MISSES("CODE-BOTH", EITHER), .input = "model_id instead of the code pair",
     .edits = {{"app_url", REMOVED}, {"boot_file_url", REMOVED}, {"model_id", "1"}}},

    {BREAKS("ENGINE-DEFAULT", INFO, "", EITHER), .input = "engine_id left out",
     .edits = {{"engine_id", REMOVED}}},
    {BREAKS("ENGINE-DEFAULT", INFO, "", EITHER), .input = "engine_id null",
     .edits = {{"engine_id", "null"}}},
    {MISSES("ENGINE-DEFAULT", EITHER), .input = "engine_id left out with model_id",
     .edits = {{"engine_id", REMOVED}, {"app_url", REMOVED}, {"boot_file_url", REMOVED},
               {"model_id", "1"}}},
    {MISSES("ENGINE-DEFAULT", ACCEPT), .input = "engine_id 1 (the sample)", .sample = 1},

    {BREAKS("CUSTOM-IMAGE-PAIR", SHOULD, "/user_command", EITHER),
     .input = "user_command without user_image_url", .edits = {{"user_command", COMMAND}}},
    {BREAKS("CUSTOM-IMAGE-PAIR", SHOULD, "/user_command", EITHER),
     .input = "user_command with user_image_url null",
     .edits = {{"user_command", COMMAND}, {"user_image_url", "null"}}},
    {MISSES("CUSTOM-IMAGE-PAIR", EITHER), .input = "user_command with user_image_url",
     .edits = {{"user_command", COMMAND}, {"user_image_url", IMAGE}}},

    {BREAKS("USER-COMMAND-FORM", INFO, "/user_command", EITHER),
     .input = "user_command python train.py",
     .edits = {{"user_command", S("python train.py")}, {"user_image_url", IMAGE}}},
    {BREAKS("USER-COMMAND-FORM", INFO, "/user_command", EITHER),
     .input = "user_command without python",
     .edits = {{"user_command", S("bash /home/work/run_train.sh")},
               {"user_image_url", IMAGE}}},
    {MISSES("USER-COMMAND-FORM", EITHER), .input = "user_command of the documented form",
     .edits = {{"user_command", COMMAND}, {"user_image_url", IMAGE}}},

    {BREAKS("BOOT-IN-APP", SHOULD, "/boot_file_url", EITHER),
     .input = "boot_file_url /usr/app2/boot.py, app_url /usr/app",
     .edits = {{"app_url", S("/usr/app")}, {"boot_file_url", S("/usr/app2/boot.py")}}},
    {BREAKS("BOOT-IN-APP", SHOULD, "/boot_file_url", EITHER),
     .input = "boot_file_url /usr/other/boot.py", .edits = {{"boot_file_url", S("/usr/other/boot.py")}}},
    {BREAKS("BOOT-IN-APP", SHOULD, "/boot_file_url", EITHER),
     .input = "boot_file_url /usr/appboot.py, app_url /usr/app",
     .edits = {{"app_url", S("/usr/app")}, {"boot_file_url", S("/usr/appboot.py")}}},
    {MISSES("BOOT-IN-APP", EITHER), .input = "app_url /usr/app without its slash",
     .edits = {{"app_url", S("/usr/app")}}},
    {MISSES("BOOT-IN-APP", EITHER), .input = "boot_file_url in a subdirectory of app_url",
     .edits = {{"boot_file_url", S("/usr/app/sub/boot.py")}}},
    {MISSES("BOOT-IN-APP", ACCEPT), .input = "the sample's /usr/app/ and /usr/app/boot.py",
     .sample = 1},

    /* -- strings -- */
    {BREAKS("STRING-TYPES", MUST, "/log_url", REJECT), .input = "log_url 1",
     .edits = {{"log_url", "1"}}},
    {BREAKS("STRING-TYPES", MUST, "/train_url", REJECT), .input = "train_url true",
     .edits = {{"train_url", "true"}}},
    {BREAKS("STRING-TYPES", MUST, "/app_url", REJECT), .input = "app_url 5",
     .edits = {{"app_url", "5"}}},
    {BREAKS("STRING-TYPES", MUST, "/boot_file_url", REJECT), .input = "boot_file_url []",
     .edits = {{"boot_file_url", "[]"}}},
    {BREAKS("STRING-TYPES", MUST, "/dataset_id", REJECT), .input = "dataset_id 38277",
     .edits = {{"dataset_id", "38277"}}},
    {BREAKS("STRING-TYPES", MUST, "/dataset_version_id", REJECT),
     .input = "dataset_version_id {}", .edits = {{"dataset_version_id", "{}"}}},
    {BREAKS("STRING-TYPES", MUST, "/data_url", REJECT),
     .input = "data_url 1 instead of the dataset", .edits = {NO_DATASET, {"data_url", "1"}}},
    {BREAKS("STRING-TYPES", MUST, "/user_image_url", REJECT), .input = "user_image_url 1",
     .edits = {{"user_image_url", "1"}}},
    {BREAKS("STRING-TYPES", MUST, "/user_command", REJECT), .input = "user_command false",
     .edits = {{"user_command", "false"}, {"user_image_url", IMAGE}}},
    {MISSES("STRING-TYPES", ACCEPT), .input = "log_url the sample's string",
     .edits = {{"log_url", S("/usr/log/")}}},
    {MISSES("STRING-TYPES", EITHER), .input = "log_url null", .edits = {{"log_url", "null"}}},

    /* -- the data input -- */
    {BREAKS("DATA-ONE", MUST, "", REJECT), .input = "data_url beside the dataset pair",
     .edits = {{"data_url", DATA_URL}}},
    {BREAKS("DATA-ONE", MUST, "", REJECT), .input = "no data input",
     .edits = {NO_DATASET}},
    {BREAKS("DATA-ONE", MUST, "", REJECT), .input = "data_source beside the dataset pair",
     .edits = {{"data_source", "[" ITEM "]"}}},
    {MISSES("DATA-ONE", ACCEPT), .input = "data_source instead of the dataset pair",
     .edits = {SOURCE("[" ITEM "]")}},
    {MISSES("DATA-ONE", EITHER), .input = "data_url instead of the dataset pair",
     .edits = {NO_DATASET, {"data_url", DATA_URL}}},

    {BREAKS("DATASET-PAIR", MUST, "/dataset_id", REJECT),
     .input = "dataset_version_id left out", .edits = {{"dataset_version_id", REMOVED}}},
    {BREAKS("DATASET-PAIR", MUST, "/dataset_version_id", REJECT),
     .input = "dataset_id left out", .edits = {{"dataset_id", REMOVED}}},
    {MISSES("DATASET-PAIR", ACCEPT), .input = "the dataset pair (the sample)", .sample = 1},

    {BREAKS("SOURCE-ARRAY", MUST, "/data_source", REJECT), .input = "data_source an object",
     .edits = {SOURCE(ITEM)}},
    {BREAKS("SOURCE-ARRAY", MUST, "/data_source", REJECT), .input = "data_source a string",
     .edits = {SOURCE(S("obs"))}},
    {BREAKS("SOURCE-ARRAY", MUST, "/data_source/0", REJECT),
     .input = "data_source item a string", .edits = {SOURCE("[\"dataset\"]")}},
    {BREAKS("SOURCE-ARRAY", MUST, "/data_source/1", REJECT),
     .input = "data_source item null after a good one", .edits = {SOURCE("[" ITEM ", null]")}},
    {MISSES("SOURCE-ARRAY", ACCEPT), .input = "data_source an array of one object",
     .edits = {SOURCE("[" ITEM "]")}},

    {BREAKS("SOURCE-EMPTY", SHOULD, "/data_source", EITHER), .input = "data_source []",
     .edits = {SOURCE("[]")}},
    {BREAKS("SOURCE-EMPTY", SHOULD, "/data_source/0", EITHER), .input = "data_source [{}]",
     .edits = {SOURCE("[{}]")}},
    {BREAKS("SOURCE-EMPTY", SHOULD, "/data_source/0", EITHER),
     .input = "data_source item with only a type", .edits = {SOURCE("[{\"type\": \"obs\"}]")}},
    {MISSES("SOURCE-EMPTY", ACCEPT), .input = "data_source item naming a dataset",
     .edits = {SOURCE("[" ITEM "]")}},

    {BREAKS("SOURCE-TYPE", MUST, "/data_source/0/type", REJECT), .input = "item type s3",
     .edits = {SOURCE("[{\"type\": \"s3\", " ITEM_PAIR "}]")}},
    {BREAKS("SOURCE-TYPE", MUST, "/data_source/0/type", REJECT), .input = "item type OBS",
     .edits = {SOURCE("[{\"type\": \"OBS\", \"data_url\": \"/usr/data/\"}]")}},
    {MISSES("SOURCE-TYPE", ACCEPT), .input = "item type dataset",
     .edits = {SOURCE("[{\"type\": \"dataset\", " ITEM_PAIR "}]")}},

    {BREAKS("SOURCE-TYPE-MATCH", SHOULD, "/data_source/0/type", EITHER),
     .input = "item type obs naming a dataset",
     .edits = {SOURCE("[{\"type\": \"obs\", " ITEM_PAIR "}]")}},
    {BREAKS("SOURCE-TYPE-MATCH", SHOULD, "/data_source/0/type", EITHER),
     .input = "item type dataset naming a data_url",
     .edits = {SOURCE("[{\"type\": \"dataset\", \"data_url\": \"/usr/data/\"}]")}},
    {MISSES("SOURCE-TYPE-MATCH", EITHER), .input = "item type obs naming a data_url",
     .edits = {SOURCE("[{\"type\": \"obs\", \"data_url\": \"/usr/data/\"}]")}},
    {MISSES("SOURCE-TYPE-MATCH", ACCEPT), .input = "item type dataset naming a dataset",
     .edits = {SOURCE("[{\"type\": \"dataset\", " ITEM_PAIR "}]")}},

    {BREAKS("SOURCE-NO-MIX", MUST, "/data_source", REJECT),
     .input = "a dataset item and an obs item",
     .edits = {SOURCE("[" ITEM ", {\"data_url\": \"/usr/data/\"}]")}},
    {BREAKS("SOURCE-NO-MIX", MUST, "/data_source", REJECT),
     .input = "typed obs and dataset items",
     .edits = {SOURCE("[{\"type\": \"obs\", \"data_url\": \"/usr/data/\"}, "
                      "{\"type\": \"dataset\", " ITEM_PAIR "}]")}},
    {MISSES("SOURCE-NO-MIX", ACCEPT), .input = "two dataset items",
     .edits = {SOURCE("[" ITEM ", " ITEM "]")}},
    {MISSES("SOURCE-NO-MIX", EITHER), .input = "two obs items",
     .edits = {SOURCE("[{\"data_url\": \"/usr/a/\"}, {\"data_url\": \"/usr/b/\"}]")}},

    {BREAKS("SOURCE-PAIR", MUST, "/data_source/0/dataset_id", REJECT),
     .input = "item dataset_id alone",
     .edits = {SOURCE("[{\"dataset_id\": \"" DATASET_ID "\"}]")}},
    {BREAKS("SOURCE-PAIR", MUST, "/data_source/0/dataset_version", REJECT),
     .input = "item dataset_version alone",
     .edits = {SOURCE("[{\"dataset_version\": \"" VERSION_ID "\"}]")}},
    {MISSES("SOURCE-PAIR", ACCEPT), .input = "item dataset_id with dataset_version",
     .edits = {SOURCE("[" ITEM "]")}},

    {BREAKS("SOURCE-VERSION-NAME", INFO, "/data_source/0/dataset_version_id", EITHER),
     .input = "item dataset_id with dataset_version_id",
     .edits = {SOURCE("[{\"dataset_id\": \"" DATASET_ID "\", \"dataset_version_id\": \"" VERSION_ID
                      "\"}]")}},
    {MISSES("SOURCE-VERSION-NAME", ACCEPT), .input = "item dataset_id with dataset_version",
     .edits = {SOURCE("[" ITEM "]")}},

    {BREAKS("SOURCE-EXCL", MUST, "/data_source/0/data_url", REJECT),
     .input = "item data_url with a dataset",
     .edits = {SOURCE("[{\"data_url\": \"/usr/data/\", " ITEM_PAIR "}]")}},
    {BREAKS("SOURCE-EXCL", MUST, "/data_source/0/data_url", REJECT),
     .input = "item data_url with dataset_version alone",
     .edits = {SOURCE("[{\"data_url\": \"/usr/data/\", \"dataset_version\": \"" VERSION_ID
                      "\"}]")}},
    {MISSES("SOURCE-EXCL", EITHER), .input = "item data_url alone",
     .edits = {SOURCE("[{\"data_url\": \"/usr/data/\"}]")}},
    {MISSES("SOURCE-EXCL", EITHER), .input = "item data_url null with a dataset",
     .edits = {SOURCE("[{\"data_url\": null, " ITEM_PAIR "}]")}},

    {BREAKS("SOURCE-STRINGS", MUST, "/data_source/0/dataset_id", REJECT),
     .input = "item dataset_id a number",
     .edits = {SOURCE("[{\"dataset_id\": 38277, \"dataset_version\": \"" VERSION_ID "\"}]")}},
    {BREAKS("SOURCE-STRINGS", MUST, "/data_source/0/dataset_version", REJECT),
     .input = "item dataset_version true",
     .edits = {SOURCE("[{\"dataset_id\": \"" DATASET_ID "\", \"dataset_version\": true}]")}},
    {BREAKS("SOURCE-STRINGS", MUST, "/data_source/0/type", REJECT), .input = "item type 1",
     .edits = {SOURCE("[{\"type\": 1, " ITEM_PAIR "}]")}},
    {BREAKS("SOURCE-STRINGS", MUST, "/data_source/0/data_url", REJECT),
     .input = "item data_url []", .edits = {SOURCE("[{\"data_url\": []}]")}},
    {MISSES("SOURCE-STRINGS", ACCEPT), .input = "item of strings",
     .edits = {SOURCE("[{\"type\": \"dataset\", " ITEM_PAIR "}]")}},

    /* -- parameter -- */
    {BREAKS("PARAM-ARRAY", MUST, "/parameter", REJECT), .input = "parameter an object",
     .edits = {{"parameter", "{\"label\": \"a\", \"value\": \"b\"}"}}},
    {BREAKS("PARAM-ARRAY", MUST, "/parameter", REJECT), .input = "parameter a string",
     .edits = {{"parameter", S("learning_rate=0.01")}}},
    {BREAKS("PARAM-ARRAY", MUST, "/parameter/0", REJECT), .input = "parameter item 1",
     .edits = {PARAMS("1")}},
    {BREAKS("PARAM-ARRAY", MUST, "/parameter/1", REJECT),
     .input = "parameter item null after a good one",
     .edits = {PARAMS("{\"label\": \"a\", \"value\": \"b\"}, null")}},
    {MISSES("PARAM-ARRAY", ACCEPT), .input = "parameter []", .edits = {PARAMS("")}},
    {MISSES("PARAM-ARRAY", EITHER), .input = "parameter null",
     .edits = {{"parameter", "null"}}},

    {BREAKS("PARAM-LABEL", MUST, "/parameter/0/label", REJECT), .input = "label 1",
     .edits = {PARAMS("{\"label\": 1, \"value\": \"x\"}")}},
    {BREAKS("PARAM-LABEL", MUST, "/parameter/0/label", REJECT), .input = "label [\"a\"]",
     .edits = {PARAMS("{\"label\": [\"a\"], \"value\": \"x\"}")}},
    {MISSES("PARAM-LABEL", ACCEPT), .input = "label a string",
     .edits = {PARAMS("{\"label\": \"x\", \"value\": \"y\"}")}},

    {BREAKS("PARAM-VALUE", INFO, "/parameter/0/value", ACCEPT),
     .input = "the sample's numeric values", .sample = 1},
    {BREAKS("PARAM-VALUE", INFO, "/parameter/0/value", ACCEPT),
     .input = "value -1e3", .edits = {PARAMS("{\"label\": \"lr\", \"value\": -1e3}")}},
    {MISSES("PARAM-VALUE", ACCEPT), .input = "value a string",
     .edits = {PARAMS("{\"label\": \"lr\", \"value\": \"0.01\"}")}},

    {BREAKS("PARAM-VALUE-TYPE", SHOULD, "/parameter/0/value", EITHER), .input = "value true",
     .edits = {PARAMS("{\"label\": \"a\", \"value\": true}")}},
    {BREAKS("PARAM-VALUE-TYPE", SHOULD, "/parameter/0/value", EITHER), .input = "value []",
     .edits = {PARAMS("{\"label\": \"a\", \"value\": []}")}},
    {BREAKS("PARAM-VALUE-TYPE", SHOULD, "/parameter/0/value", EITHER), .input = "value {}",
     .edits = {PARAMS("{\"label\": \"a\", \"value\": {}}")}},
    {MISSES("PARAM-VALUE-TYPE", ACCEPT), .input = "value a string",
     .edits = {PARAMS("{\"label\": \"a\", \"value\": \"x\"}")}},
    {MISSES("PARAM-VALUE-TYPE", EITHER), .input = "value null",
     .edits = {PARAMS("{\"label\": \"a\", \"value\": null}")}},

    {BREAKS("PARAM-KEY", INFO, "/parameter/1/key", ACCEPT), .input = "the sample's key item",
     .sample = 1},
    {MISSES("PARAM-KEY", ACCEPT), .input = "label instead of key",
     .edits = {PARAMS("{\"label\": \"batch_size\", \"value\": 32}")}},

    /* -- what the page is silent on -- */
    {BREAKS("NULL-OPTIONAL", INFO, "/train_url", EITHER), .input = "train_url null",
     .edits = {{"train_url", "null"}}},
    {BREAKS("NULL-OPTIONAL", INFO, "/parameter/0/label", EITHER),
     .input = "parameter label null", .edits = {PARAMS("{\"label\": null, \"value\": \"x\"}")}},
    {BREAKS("NULL-OPTIONAL", INFO, "/data_source/0/type", EITHER), .input = "item type null",
     .edits = {SOURCE("[{\"type\": null, " ITEM_PAIR "}]")}},
    {MISSES("NULL-OPTIONAL", ACCEPT), .input = "train_url left out",
     .edits = {{"train_url", REMOVED}}},

    {BREAKS("UNKNOWN-MEMBERS", INFO, "/foo", EITHER), .input = "a member foo",
     .edits = {{"foo", "1"}}},
    {BREAKS("UNKNOWN-MEMBERS", INFO, "/Spec_id", REJECT), .input = "Spec_id for spec_id",
     .edits = {{"spec_id", REMOVED}, {"Spec_id", "1"}}},
    {BREAKS("UNKNOWN-MEMBERS", INFO, "/parameter/0/description", EITHER),
     .input = "a parameter item member description",
     .edits = {PARAMS("{\"label\": \"a\", \"value\": \"b\", \"description\": \"c\"}")}},
    {BREAKS("UNKNOWN-MEMBERS", INFO, "/data_source/0/id", EITHER),
     .input = "an item member id", .edits = {SOURCE("[{\"id\": \"x\", " ITEM_PAIR "}]")}},
    {BREAKS("UNKNOWN-MEMBERS", INFO, "/a~1b~0c", EITHER),
     .input = "a member a/b~c (pointer escapes)", .edits = {{"a/b~c", "1"}}},
    {MISSES("UNKNOWN-MEMBERS", ACCEPT), .input = "the sample", .sample = 1},
    {MISSES("UNKNOWN-MEMBERS", ACCEPT), .input = "worker_server_num's name escaped",
     .edits = {{"worker_server_num", REMOVED}, {"worker\\u005fserver_num", "1"}}},

    {BREAKS("DUP-MEMBERS", INFO, "/train_url", EITHER), .input = "train_url twice, alike",
     .edits = {{"+train_url", S("/usr/train/")}}},
    {BREAKS("DUP-MEMBERS", INFO, "/parameter/0/label", EITHER),
     .input = "label twice in a parameter item",
     .edits = {PARAMS("{\"label\": \"lr\", \"label\": \"lr\", \"value\": \"1\"}")}},
    {BREAKS("DUP-MEMBERS", INFO, "/spec_id", EITHER),
     .input = "spec_id twice, once with an escaped name",
     .edits = {{"+spec\\u005fid", "1"}}},
    {MISSES("DUP-MEMBERS", ACCEPT), .input = "value in two parameter items (the sample)",
     .sample = 1},

    {BREAKS("CATALOGUE-VALUES", INFO, "/spec_id", EITHER), .input = "spec_id 2",
     .edits = {{"spec_id", "2"}}},
    {BREAKS("CATALOGUE-VALUES", INFO, "/engine_id", EITHER), .input = "engine_id 2",
     .edits = {{"engine_id", "2"}}},
    {BREAKS("CATALOGUE-VALUES", INFO, "/model_id", EITHER),
     .input = "model_id added (the base body has none)",
     .edits = {{"app_url", REMOVED}, {"boot_file_url", REMOVED}, {"model_id", "1"}}},
    {BREAKS("CATALOGUE-VALUES", INFO, "/train_url", EITHER), .input = "train_url changed",
     .edits = {{"train_url", S("/usr/other/")}}},
    {BREAKS("CATALOGUE-VALUES", INFO, "/app_url", EITHER), .input = "app_url changed",
     .edits = {{"app_url", S("/usr/")}}},
    {BREAKS("CATALOGUE-VALUES", INFO, "/dataset_id", EITHER), .input = "dataset_id changed",
     .edits = {{"dataset_id", S("other")}}},
    {BREAKS("CATALOGUE-VALUES", INFO, "/data_url", EITHER),
     .input = "data_url added (the base body has none)",
     .edits = {NO_DATASET, {"data_url", DATA_URL}}},
    {BREAKS("CATALOGUE-VALUES", INFO, "/user_image_url", EITHER),
     .input = "user_image_url added", .edits = {{"user_image_url", IMAGE}}},
    {BREAKS("CATALOGUE-VALUES", INFO, "/data_source/0/dataset_id", EITHER),
     .input = "another dataset in an item",
     .edits = {SOURCE("[{\"dataset_id\": \"other\", \"dataset_version\": \"" VERSION_ID
                      "\"}]")}},
    {MISSES("CATALOGUE-VALUES", EITHER), .input = "spec_id 1.0 (the base body's value)",
     .edits = {{"spec_id", "1.0"}}},
    {MISSES("CATALOGUE-VALUES", ACCEPT), .input = "train_url the base body's",
     .edits = {{"train_url", S("/usr/train/")}}},
    {MISSES("CATALOGUE-VALUES", ACCEPT), .input = "the base body's dataset in an item",
     .edits = {SOURCE("[" ITEM "]")}},
    {MISSES("CATALOGUE-VALUES", ACCEPT), .input = "config_desc changed (not a catalogue value)",
     .edits = {{"config_desc", S("another description")}}},

    {MISSES("SAMPLE-ACCEPTED", ACCEPT), .input = "the published sample", .sample = 1},

    /* -- the path (pointer unchecked here: validate.h says "#path", the validator gives
     * NULL; see disagreements::reports_unknown_config_at_the_path_pointer) -- */
    {BREAKS("PATH-UNKNOWN-CONFIG", MUST, NULL, REJECT), .input = "config name a/b",
     .sample = 1, .config_name = "a/b"},
    {BREAKS("PATH-UNKNOWN-CONFIG", MUST, NULL, REJECT), .input = "an empty config name",
     .sample = 1, .config_name = ""},
    {MISSES("PATH-UNKNOWN-CONFIG", ACCEPT), .input = "config name config", .sample = 1,
     .config_name = "config"},

    {MISSES("PATH-PROJECT", ACCEPT), .input = "the sample sent to config", .sample = 1,
     .config_name = "config"},
    {MISSES("PATH-PROJECT", REJECT), .input = "the sample sent to a/b", .sample = 1,
     .config_name = "a/b"},
};

static char *case_body(const rule_case *c, size_t *len)
{
    tjc_buf b;
    tjc_buf_init(&b);
    if (c->prefix)
        put_expanded(&b, c->prefix);
    if (c->sample) {
        tjc_buf_puts(&b, tjc_sample_body(NULL));
    } else if (c->raw) {
        put_expanded(&b, c->raw);
    } else {
        char *body = build_body(c->edits);
        tjc_buf_puts(&b, body);
        free(body);
    }
    if (c->suffix)
        put_expanded(&b, c->suffix);
    *len = b.len;
    char *body = tjc_buf_take(&b);
    cr_assert_not_null(body, "out of memory building %s", c->input);
    return body;
}

ParameterizedTestParameters(rules, each_rule_is_reported_when_broken_and_not_when_missed)
{
    ROW_INDICES(rule_cases);
}

ParameterizedTest(row_index *row, rules, each_rule_is_reported_when_broken_and_not_when_missed)
{
    const rule_case *c = &rule_cases[row->i];
    char input[256];
    snprintf(input, sizeof input, "%s, %s (row %zu)", c->rule, c->input, row->i);
    size_t len;
    char *body = case_body(c, &len);
    tjc_verdict v;
    judge_bytes(body, len, c->config_name, &v);
    if (c->breaks) {
        ASSERT_REPORTED(&v, c->rule, c->level, input);
        if (c->pointer)
            ASSERT_REPORTED_AT(&v, c->rule, c->level, c->pointer, input);
    } else {
        ASSERT_NOT_REPORTED(&v, c->rule, input);
    }
    ASSERT_OUTCOME(&v, c->outcome, input);
    tjc_verdict_free(&v);
    free(body);
}

static int is_special(const char *id)
{
    return strcmp(id, "SAMPLE-ACCEPTED") == 0 || strcmp(id, "PATH-PROJECT") == 0;
}

Test(rules, table_breaks_and_misses_every_body_and_path_rule)
{
    size_t n;
    const tjc_rule *rules = tjc_rules(&n);
    size_t checked = 0;
    for (size_t r = 0; r < n; r++) {
        if (rules[r].scope != TJC_SCOPE_BODY && rules[r].scope != TJC_SCOPE_PATH)
            continue;
        checked++;
        size_t breaking = 0, missing = 0;
        for (size_t i = 0; i < COUNT(rule_cases); i++)
            if (strcmp(rule_cases[i].rule, rules[r].id) == 0) {
                breaking += rule_cases[i].breaks;
                missing += !rule_cases[i].breaks;
            }
        if (is_special(rules[r].id)) {
            cr_assert(missing > 0 && breaking == 0,
                      "%s: the table needs rows that assert it is never reported (has %zu, "
                      "and %zu breaking rows)",
                      rules[r].id, missing, breaking);
        } else {
            cr_assert(breaking > 0, "%s (%s scope): the table has no body that breaks it",
                      rules[r].id, tjc_scope_name(rules[r].scope));
            cr_assert(missing > 0, "%s (%s scope): the table has no near miss for it",
                      rules[r].id, tjc_scope_name(rules[r].scope));
        }
    }
    cr_assert(checked >= 50, "only %zu body and path rules in the catalogue", checked);
}

Test(rules, table_names_only_body_and_path_rules_of_the_catalogue)
{
    for (size_t i = 0; i < COUNT(rule_cases); i++) {
        const tjc_rule *r = tjc_rule_find(rule_cases[i].rule);
        cr_assert_not_null(r, "row %zu (%s) names %s, which is not in the catalogue", i,
                           rule_cases[i].input, rule_cases[i].rule);
        cr_assert(r->scope == TJC_SCOPE_BODY || r->scope == TJC_SCOPE_PATH,
                  "row %zu names %s, a %s rule", i, r->id, tjc_scope_name(r->scope));
        if (rule_cases[i].breaks && strcmp(r->id, "CODE-PAIR") != 0)
            cr_assert_eq(rule_cases[i].level, r->level,
                         "row %zu (%s): %s expected at %s, the catalogue says %s", i,
                         rule_cases[i].input, r->id, tjc_level_name(rule_cases[i].level),
                         tjc_level_name(r->level));
    }
}

/* Over every body of the table: what a violation says is well formed. */
Test(rules, every_violation_cites_a_body_or_path_rule_at_or_below_its_level)
{
    for (size_t i = 0; i < COUNT(rule_cases); i++) {
        const rule_case *c = &rule_cases[i];
        size_t len;
        char *body = case_body(c, &len);
        tjc_verdict v;
        judge_bytes(body, len, c->config_name, &v);
        tjc_body parsed;
        cr_assert_eq(tjc_body_parse((const unsigned char *)body, len, &parsed), 0,
                     "out of memory");
        for (size_t k = 0; k < v.count; k++) {
            const tjc_violation *x = &v.items[k];
            cr_assert_not_null(x->rule, "%s: violation %zu has no rule", c->input, k);
            cr_assert(x->rule->scope == TJC_SCOPE_BODY || x->rule->scope == TJC_SCOPE_PATH,
                      "%s: %s is a %s rule", c->input, x->rule->id,
                      tjc_scope_name(x->rule->scope));
            cr_assert(!is_special(x->rule->id), "%s: the validator reports %s", c->input,
                      x->rule->id);
            cr_assert(x->level <= x->rule->level, "%s: %s at %s, above its level %s", c->input,
                      x->rule->id, tjc_level_name(x->level), tjc_level_name(x->rule->level));
            cr_assert(x->message && x->message[0], "%s: %s has no message", c->input,
                      x->rule->id);
            if (x->rule->scope == TJC_SCOPE_BODY) {
                cr_assert_not_null(x->pointer, "%s: %s has no pointer", c->input, x->rule->id);
                if (parsed.root)
                    cr_assert_not_null(tjc_pointer_resolve(parsed.root, x->pointer),
                                       "%s: %s points at \"%s\", which is not in the body %s",
                                       c->input, x->rule->id, x->pointer, body);
            }
        }
        tjc_body_free(&parsed);
        tjc_verdict_free(&v);
        free(body);
    }
}

/* ==== config_desc: DESC-LEN, DESC-UTF16 at their boundaries ==== */

static void check_desc(const char *desc_json, const char *spec, tjc_outcome want,
                       const char *input)
{
    tjc_verdict v;
    JUDGE(&v, {"config_desc", desc_json});
    ASSERT_EXACTLY(&v, spec, want, input);
    tjc_verdict_free(&v);
}

#define CJK "\xE4\xB8\xAD"             /* U+4E2D, 3 bytes */
#define EMOJI "\xF0\x9F\x98\x80"       /* U+1F600, 4 bytes, 2 UTF-16 units */

Test(desc, accepts_an_empty_desc)
{
    check_desc(S(""), "", ACCEPT, "config_desc \"\"");
}

Test(desc, accepts_desc_of_256_ascii_code_points)
{
    check_desc(S("$(256*a)"), "", ACCEPT, "config_desc of 256 ASCII characters");
}

Test(desc, rejects_desc_of_257_ascii_code_points)
{
    check_desc(S("$(257*a)"), "DESC-LEN", REJECT, "config_desc of 257 ASCII characters");
}

Test(desc, accepts_desc_of_256_cjk_code_points_in_768_bytes)
{
    check_desc(S("$(256*" CJK ")"), "", ACCEPT, "config_desc of 256 CJK characters");
}

Test(desc, rejects_desc_of_257_cjk_code_points)
{
    check_desc(S("$(257*" CJK ")"), "DESC-LEN", REJECT, "config_desc of 257 CJK characters");
}

Test(desc, accepts_desc_of_256_escaped_cjk_code_points)
{
    check_desc(S("$(256*\\u4e2d)"), "", ACCEPT, "config_desc of 256 \\u4e2d escapes");
}

Test(desc, rejects_desc_of_257_escaped_cjk_code_points)
{
    check_desc(S("$(257*\\u4e2d)"), "DESC-LEN", REJECT, "config_desc of 257 \\u4e2d escapes");
}

Test(desc, rejects_desc_of_255_ascii_and_2_cjk_code_points)
{
    check_desc(S("$(255*a)$(2*" CJK ")"), "DESC-LEN", REJECT,
               "config_desc of 255 ASCII and 2 CJK characters");
}

Test(desc, records_desc_of_200_astral_code_points_as_utf16_info)
{
    check_desc(S("$(200*" EMOJI ")"), "DESC-UTF16", EITHER,
               "config_desc of 200 emoji (400 UTF-16 units)");
}

Test(desc, records_desc_of_200_escaped_surrogate_pairs_as_utf16_info)
{
    check_desc(S("$(200*\\ud83d\\ude00)"), "DESC-UTF16", EITHER,
               "config_desc of 200 escaped surrogate pairs");
}

Test(desc, accepts_desc_of_128_astral_code_points_in_256_utf16_units)
{
    check_desc(S("$(128*" EMOJI ")"), "", ACCEPT, "config_desc of 128 emoji (256 units)");
}

Test(desc, records_desc_of_129_astral_code_points_in_258_utf16_units)
{
    check_desc(S("$(129*" EMOJI ")"), "DESC-UTF16", EITHER,
               "config_desc of 129 emoji (258 units)");
}

Test(desc, records_desc_of_255_ascii_and_1_astral_code_point_in_257_units)
{
    check_desc(S("$(255*a)" EMOJI), "DESC-UTF16", EITHER,
               "config_desc of 255 ASCII and 1 emoji");
}

Test(desc, rejects_desc_of_257_astral_code_points_without_utf16_info)
{
    check_desc(S("$(257*" EMOJI ")"), "DESC-LEN", REJECT, "config_desc of 257 emoji");
}

Test(desc, counts_each_escape_as_one_code_point)
{
    check_desc(S("$(256*\\n)"), "", ACCEPT, "config_desc of 256 \\n escapes (512 bytes)");
    check_desc(S("$(257*\\\")"), "DESC-LEN", REJECT, "config_desc of 257 \\\" escapes");
}

Test(desc, counts_combining_marks_as_code_points)
{
    check_desc(S("$(128*e\\u0301)"), "", ACCEPT, "config_desc of 128 e + U+0301 (256 points)");
    check_desc(S("$(129*e\\u0301)"), "DESC-LEN", REJECT,
               "config_desc of 129 e + U+0301 (258 points)");
}

Test(desc, counts_escaped_nul_as_one_code_point)
{
    check_desc(S("$(256*\\u0000)"), "STRING-ODD", EITHER, "config_desc of 256 \\u0000");
    check_desc(S("$(257*\\u0000)"), "STRING-ODD DESC-LEN", REJECT,
               "config_desc of 257 \\u0000");
}

Test(desc, counts_a_lone_surrogate_as_one_code_point_and_one_unit)
{
    check_desc(S("$(255*a)\\ud800"), "STRING-ODD", EITHER,
               "config_desc of 255 ASCII and \\ud800");
    check_desc(S("$(256*a)\\ud800"), "STRING-ODD DESC-LEN", REJECT,
               "config_desc of 256 ASCII and \\ud800");
}

/* ==== Integers: worker_server_num, spec_id, engine_id, model_id (E10) ==== */

typedef struct integer_case {
    const char *member;
    const char *written;
    const char *expect;   /* exactly these rules */
    tjc_outcome outcome;
} integer_case;

/* worker_server_num: mandatory, 32-bit, at least 1, the base body's is 1 (WORKERS-MAX).
 * spec_id, engine_id: 64-bit catalogue ids, the base body's are 1 (CATALOGUE-VALUES).
 * model_id: 64-bit, the base body has none, so any number is CATALOGUE-VALUES; added to
 * the sample beside app_url and boot_file_url, so CODE-BOTH whenever it is given. */
static const integer_case integer_cases[] = {
    {"worker_server_num", "0", "WORKERS-MIN", EITHER},
    {"worker_server_num", "1", "", ACCEPT},
    {"worker_server_num", "-1", "WORKERS-MIN", EITHER},
    {"worker_server_num", "2147483647", "WORKERS-MAX", EITHER},
    {"worker_server_num", "2147483648", "INT-RANGE WORKERS-MAX", EITHER},
    {"worker_server_num", "9007199254740993", "INT-RANGE WORKERS-MAX", EITHER},
    {"worker_server_num", "9223372036854775807", "INT-RANGE WORKERS-MAX", EITHER},
    {"worker_server_num", "9223372036854775808", "INT-RANGE WORKERS-MAX", EITHER},
    {"worker_server_num", "-9223372036854775808", "INT-RANGE WORKERS-MIN", EITHER},
    {"worker_server_num", "-9223372036854775809", "INT-RANGE WORKERS-MIN", EITHER},
    {"worker_server_num", "-2147483648", "WORKERS-MIN", EITHER},
    {"worker_server_num", "-2147483649", "INT-RANGE WORKERS-MIN", EITHER},
    {"worker_server_num", "1.0", "INT-NOTATION", EITHER},
    {"worker_server_num", "1e0", "INT-NOTATION", EITHER},
    {"worker_server_num", "10E-1", "INT-NOTATION", EITHER},
    {"worker_server_num", "1.5", "INT-FRACTION", REJECT},
    {"worker_server_num", "1e-1", "INT-FRACTION", REJECT},
    {"worker_server_num", "0.5", "INT-FRACTION", REJECT},
    {"worker_server_num", S("1"), "WORKERS-TYPE", REJECT},
    {"worker_server_num", "true", "WORKERS-TYPE", REJECT},
    {"worker_server_num", "null", "WORKERS-TYPE", REJECT},
    {"worker_server_num", "[]", "WORKERS-TYPE", REJECT},
    {"worker_server_num", "{}", "WORKERS-TYPE", REJECT},
    {"worker_server_num", "-0", "WORKERS-MIN", EITHER},

    {"spec_id", "0", "CATALOGUE-VALUES", EITHER},
    {"spec_id", "1", "", ACCEPT},
    {"spec_id", "-1", "IDS-NONNEG CATALOGUE-VALUES", EITHER},
    {"spec_id", "2147483647", "CATALOGUE-VALUES", EITHER},
    {"spec_id", "2147483648", "CATALOGUE-VALUES", EITHER},
    {"spec_id", "9007199254740993", "CATALOGUE-VALUES", EITHER},
    {"spec_id", "9223372036854775807", "CATALOGUE-VALUES", EITHER},
    {"spec_id", "9223372036854775808", "INT-RANGE CATALOGUE-VALUES", EITHER},
    {"spec_id", "-9223372036854775808", "IDS-NONNEG CATALOGUE-VALUES", EITHER},
    {"spec_id", "-9223372036854775809", "INT-RANGE IDS-NONNEG CATALOGUE-VALUES", EITHER},
    {"spec_id", "1.0", "INT-NOTATION", EITHER},
    {"spec_id", "1e0", "INT-NOTATION", EITHER},
    {"spec_id", "10E-1", "INT-NOTATION", EITHER},
    {"spec_id", "1.5", "INT-FRACTION", REJECT},
    {"spec_id", "1e-1", "INT-FRACTION", REJECT},
    {"spec_id", "0.5", "INT-FRACTION", REJECT},
    {"spec_id", S("1"), "SPEC-TYPE", REJECT},
    {"spec_id", "true", "SPEC-TYPE", REJECT},
    {"spec_id", "null", "SPEC-TYPE", REJECT},
    {"spec_id", "[]", "SPEC-TYPE", REJECT},
    {"spec_id", "{}", "SPEC-TYPE", REJECT},
    {"spec_id", "-0", "CATALOGUE-VALUES", EITHER},

    {"engine_id", "0", "CATALOGUE-VALUES", EITHER},
    {"engine_id", "1", "", ACCEPT},
    {"engine_id", "-1", "IDS-NONNEG CATALOGUE-VALUES", EITHER},
    {"engine_id", "2147483647", "CATALOGUE-VALUES", EITHER},
    {"engine_id", "2147483648", "CATALOGUE-VALUES", EITHER},
    {"engine_id", "9007199254740993", "CATALOGUE-VALUES", EITHER},
    {"engine_id", "9223372036854775807", "CATALOGUE-VALUES", EITHER},
    {"engine_id", "9223372036854775808", "INT-RANGE CATALOGUE-VALUES", EITHER},
    {"engine_id", "-9223372036854775808", "IDS-NONNEG CATALOGUE-VALUES", EITHER},
    {"engine_id", "-9223372036854775809", "INT-RANGE IDS-NONNEG CATALOGUE-VALUES", EITHER},
    {"engine_id", "1.0", "INT-NOTATION", EITHER},
    {"engine_id", "1e0", "INT-NOTATION", EITHER},
    {"engine_id", "10E-1", "INT-NOTATION", EITHER},
    {"engine_id", "1.5", "INT-FRACTION", REJECT},
    {"engine_id", "1e-1", "INT-FRACTION", REJECT},
    {"engine_id", "0.5", "INT-FRACTION", REJECT},
    {"engine_id", S("1"), "ENGINE-TYPE", REJECT},
    {"engine_id", "true", "ENGINE-TYPE", REJECT},
    {"engine_id", "null", "NULL-OPTIONAL ENGINE-DEFAULT", EITHER},
    {"engine_id", "[]", "ENGINE-TYPE", REJECT},
    {"engine_id", "{}", "ENGINE-TYPE", REJECT},
    {"engine_id", "-0", "CATALOGUE-VALUES", EITHER},

    {"model_id", "0", "CODE-BOTH CATALOGUE-VALUES", EITHER},
    {"model_id", "1", "CODE-BOTH CATALOGUE-VALUES", EITHER},
    {"model_id", "-1", "CODE-BOTH IDS-NONNEG CATALOGUE-VALUES", EITHER},
    {"model_id", "2147483647", "CODE-BOTH CATALOGUE-VALUES", EITHER},
    {"model_id", "2147483648", "CODE-BOTH CATALOGUE-VALUES", EITHER},
    {"model_id", "9007199254740993", "CODE-BOTH CATALOGUE-VALUES", EITHER},
    {"model_id", "9223372036854775807", "CODE-BOTH CATALOGUE-VALUES", EITHER},
    {"model_id", "9223372036854775808", "CODE-BOTH INT-RANGE CATALOGUE-VALUES", EITHER},
    {"model_id", "-9223372036854775808", "CODE-BOTH IDS-NONNEG CATALOGUE-VALUES", EITHER},
    {"model_id", "-9223372036854775809", "CODE-BOTH INT-RANGE IDS-NONNEG CATALOGUE-VALUES",
     EITHER},
    {"model_id", "1.0", "CODE-BOTH INT-NOTATION CATALOGUE-VALUES", EITHER},
    {"model_id", "1e0", "CODE-BOTH INT-NOTATION CATALOGUE-VALUES", EITHER},
    {"model_id", "10E-1", "CODE-BOTH INT-NOTATION CATALOGUE-VALUES", EITHER},
    {"model_id", "1.5", "CODE-BOTH INT-FRACTION", REJECT},
    {"model_id", "1e-1", "CODE-BOTH INT-FRACTION", REJECT},
    {"model_id", "0.5", "CODE-BOTH INT-FRACTION", REJECT},
    {"model_id", S("1"), "CODE-BOTH MODEL-TYPE", REJECT},
    {"model_id", "true", "CODE-BOTH MODEL-TYPE", REJECT},
    {"model_id", "null", "NULL-OPTIONAL", EITHER},
    {"model_id", "[]", "CODE-BOTH MODEL-TYPE", REJECT},
    {"model_id", "{}", "CODE-BOTH MODEL-TYPE", REJECT},
    {"model_id", "-0", "CODE-BOTH CATALOGUE-VALUES", EITHER},
};

ParameterizedTestParameters(integers, each_writing_of_each_integer_member_gets_its_outcome)
{
    ROW_INDICES(integer_cases);
}

ParameterizedTest(row_index *row, integers, each_writing_of_each_integer_member_gets_its_outcome)
{
    const integer_case *c = &integer_cases[row->i];
    char input[128];
    snprintf(input, sizeof input, "%s %s (row %zu)", c->member, c->written, row->i);
    tjc_verdict v;
    JUDGE(&v, {c->member, c->written});
    ASSERT_EXACTLY(&v, c->expect, c->outcome, input);
    if (strcmp(c->expect, "") != 0 && strcmp(c->member, "model_id") != 0 &&
        strcmp(c->written, "null") != 0) {
        /* every finding about the member points at it */
        char pointer[64];
        snprintf(pointer, sizeof pointer, "/%s", c->member);
        for (size_t i = 0; i < v.count; i++)
            if (v.items[i].rule->info != TJC_INFO_TOLERATED)
                cr_assert_str_eq(v.items[i].pointer, pointer, "%s: %s points at %s", input,
                                 v.items[i].rule->id, v.items[i].pointer);
    }
    tjc_verdict_free(&v);
}

Test(integers, covers_each_member_with_each_writing)
{
    static const char *const members[] = {"worker_server_num", "spec_id", "engine_id",
                                          "model_id"};
    static const char *const writings[] = {
        "0", "1", "-1", "2147483647", "2147483648", "9007199254740993",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "-9223372036854775809", "1.0", "1e0", "10E-1", "1.5", "1e-1", "0.5", S("1"), "true",
        "null", "[]", "{}", "-0"};
    for (size_t m = 0; m < COUNT(members); m++)
        for (size_t w = 0; w < COUNT(writings); w++) {
            int found = 0;
            for (size_t i = 0; i < COUNT(integer_cases); i++)
                found |= strcmp(integer_cases[i].member, members[m]) == 0 &&
                         strcmp(integer_cases[i].written, writings[w]) == 0;
            cr_assert(found, "the integer table lacks %s %s", members[m], writings[w]);
        }
}

Test(integers, rejects_a_fraction_that_a_double_would_round_away)
{
    tjc_verdict v;
    JUDGE(&v, {"spec_id", "9007199254740993.5"});
    ASSERT_EXACTLY(&v, "INT-FRACTION", REJECT, "spec_id 9007199254740993.5");
    tjc_verdict_free(&v);
}

Test(integers, reads_a_huge_exponent_as_a_whole_number_out_of_range)
{
    tjc_verdict v;
    JUDGE(&v, {"spec_id", "1e400"});
    ASSERT_EXACTLY(&v, "INT-NOTATION INT-RANGE CATALOGUE-VALUES", EITHER, "spec_id 1e400");
    tjc_verdict_free(&v);
}

Test(integers, rejects_a_tiny_exponent_as_a_fraction)
{
    tjc_verdict v;
    JUDGE(&v, {"engine_id", "1e-400"});
    ASSERT_EXACTLY(&v, "INT-FRACTION", REJECT, "engine_id 1e-400");
    tjc_verdict_free(&v);
}

Test(integers, reads_0_1e1_as_the_base_bodys_1)
{
    tjc_verdict v;
    JUDGE(&v, {"spec_id", "0.1e1"});
    ASSERT_EXACTLY(&v, "INT-NOTATION", EITHER, "spec_id 0.1e1");
    tjc_verdict_free(&v);
}

Test(integers, reads_minus_zero_point_zero_workers_as_zero)
{
    tjc_verdict v;
    JUDGE(&v, {"worker_server_num", "-0.0"});
    ASSERT_EXACTLY(&v, "INT-NOTATION WORKERS-MIN", EITHER, "worker_server_num -0.0");
    tjc_verdict_free(&v);
}

/* ==== The code: model_id, app_url, boot_file_url (and engine_id), all 16 ==== */

typedef struct lattice_case {
    const char *input;
    member_edit edits[7];
    const char *expect;
    tjc_outcome outcome;
} lattice_case;

#define NO_APP {"app_url", REMOVED}
#define NO_BOOT {"boot_file_url", REMOVED}
#define MODEL {"model_id", "1"}
#define NO_ENGINE {"engine_id", REMOVED}

/* CODE-SOURCE: model_id, or both; CODE-PAIR: MUST without model_id, SHOULD with it;
 * CODE-BOTH: all three; ENGINE-DEFAULT: engine_id left out without model_id; model_id
 * is not in the base body: CATALOGUE-VALUES. */
static const lattice_case code_cases[] = {
    {"no model_id, no app_url, no boot_file_url", {NO_APP, NO_BOOT}, "CODE-SOURCE", REJECT},
    {"boot_file_url alone", {NO_APP}, "CODE-PAIR CODE-SOURCE", REJECT},
    {"app_url alone", {NO_BOOT}, "CODE-PAIR CODE-SOURCE", REJECT},
    {"app_url and boot_file_url", {{"engine_id", "1"}}, "", ACCEPT},
    {"model_id alone", {MODEL, NO_APP, NO_BOOT}, "CATALOGUE-VALUES", EITHER},
    {"model_id and boot_file_url", {MODEL, NO_APP}, "CODE-PAIR/SHOULD CATALOGUE-VALUES", EITHER},
    {"model_id and app_url", {MODEL, NO_BOOT}, "CODE-PAIR/SHOULD CATALOGUE-VALUES", EITHER},
    {"model_id, app_url and boot_file_url", {MODEL}, "CODE-BOTH CATALOGUE-VALUES", EITHER},

    {"no engine_id; no model_id, no app_url, no boot_file_url", {NO_ENGINE, NO_APP, NO_BOOT},
     "CODE-SOURCE ENGINE-DEFAULT", REJECT},
    {"no engine_id; boot_file_url alone", {NO_ENGINE, NO_APP},
     "CODE-PAIR CODE-SOURCE ENGINE-DEFAULT", REJECT},
    {"no engine_id; app_url alone", {NO_ENGINE, NO_BOOT}, "CODE-PAIR CODE-SOURCE ENGINE-DEFAULT",
     REJECT},
    {"no engine_id; app_url and boot_file_url", {NO_ENGINE}, "ENGINE-DEFAULT", EITHER},
    {"no engine_id; model_id alone", {NO_ENGINE, MODEL, NO_APP, NO_BOOT}, "CATALOGUE-VALUES",
     EITHER},
    {"no engine_id; model_id and boot_file_url", {NO_ENGINE, MODEL, NO_APP},
     "CODE-PAIR/SHOULD CATALOGUE-VALUES", EITHER},
    {"no engine_id; model_id and app_url", {NO_ENGINE, MODEL, NO_BOOT},
     "CODE-PAIR/SHOULD CATALOGUE-VALUES", EITHER},
    {"no engine_id; model_id, app_url and boot_file_url", {NO_ENGINE, MODEL},
     "CODE-BOTH CATALOGUE-VALUES", EITHER},
};

ParameterizedTestParameters(code, each_presence_of_model_app_boot_and_engine_gets_its_outcome)
{
    ROW_INDICES(code_cases);
}

ParameterizedTest(row_index *row, code, each_presence_of_model_app_boot_and_engine_gets_its_outcome)
{
    const lattice_case *c = &code_cases[row->i];
    tjc_verdict v;
    judge_edits(c->edits, &v);
    ASSERT_EXACTLY(&v, c->expect, c->outcome, c->input);
    tjc_verdict_free(&v);
}

Test(code, points_code_pair_at_the_member_given)
{
    tjc_verdict v;
    JUDGE(&v, NO_APP);
    ASSERT_REPORTED_AT(&v, "CODE-PAIR", TJC_LEVEL_MUST, "/boot_file_url", "boot_file_url alone");
    tjc_verdict_free(&v);
    JUDGE(&v, NO_BOOT, MODEL);
    ASSERT_REPORTED_AT(&v, "CODE-PAIR", TJC_LEVEL_SHOULD, "/app_url", "model_id and app_url");
    tjc_verdict_free(&v);
}

/* ==== The data input: data_url, data_source, dataset_id, dataset_version_id, all 16 ==== */

#define D {"data_url", DATA_URL}
#define SRC {"data_source", "[" ITEM "]"}
#define NO_I {"dataset_id", REMOVED}
#define NO_V {"dataset_version_id", REMOVED}

/* DATA-ONE: exactly one of data_url, data_source, the dataset pair (a dataset member alone
 * is no input, and beside another input it is two kinds at once); DATASET-PAIR: the pair
 * comes together; data_url is not in the base body: CATALOGUE-VALUES. The item names the
 * base body's dataset. */
static const lattice_case data_cases[] = {
    {"no data input", {NO_I, NO_V}, "DATA-ONE", REJECT},
    {"dataset_version_id alone", {NO_I}, "DATASET-PAIR DATA-ONE", REJECT},
    {"dataset_id alone", {NO_V}, "DATASET-PAIR DATA-ONE", REJECT},
    {"the dataset pair", {{"dataset_id", S(DATASET_ID)}}, "", ACCEPT},
    {"data_source alone", {SRC, NO_I, NO_V}, "", ACCEPT},
    {"data_source and dataset_version_id", {SRC, NO_I}, "DATASET-PAIR DATA-ONE", REJECT},
    {"data_source and dataset_id", {SRC, NO_V}, "DATASET-PAIR DATA-ONE", REJECT},
    {"data_source and the dataset pair", {SRC}, "DATA-ONE", REJECT},
    {"data_url alone", {D, NO_I, NO_V}, "CATALOGUE-VALUES", EITHER},
    {"data_url and dataset_version_id", {D, NO_I}, "DATASET-PAIR DATA-ONE CATALOGUE-VALUES",
     REJECT},
    {"data_url and dataset_id", {D, NO_V}, "DATASET-PAIR DATA-ONE CATALOGUE-VALUES", REJECT},
    {"data_url and the dataset pair", {D}, "DATA-ONE CATALOGUE-VALUES", REJECT},
    {"data_url and data_source", {D, SRC, NO_I, NO_V}, "DATA-ONE CATALOGUE-VALUES", REJECT},
    {"data_url, data_source and dataset_version_id", {D, SRC, NO_I},
     "DATASET-PAIR DATA-ONE CATALOGUE-VALUES", REJECT},
    {"data_url, data_source and dataset_id", {D, SRC, NO_V},
     "DATASET-PAIR DATA-ONE CATALOGUE-VALUES", REJECT},
    {"data_url, data_source and the dataset pair", {D, SRC}, "DATA-ONE CATALOGUE-VALUES",
     REJECT},
};

ParameterizedTestParameters(data, each_presence_of_the_four_data_members_gets_its_outcome)
{
    ROW_INDICES(data_cases);
}

ParameterizedTest(row_index *row, data, each_presence_of_the_four_data_members_gets_its_outcome)
{
    const lattice_case *c = &data_cases[row->i];
    tjc_verdict v;
    judge_edits(c->edits, &v);
    ASSERT_EXACTLY(&v, c->expect, c->outcome, c->input);
    tjc_verdict_free(&v);
}

Test(data, points_dataset_pair_at_the_member_given)
{
    tjc_verdict v;
    JUDGE(&v, NO_V);
    ASSERT_REPORTED_AT(&v, "DATASET-PAIR", TJC_LEVEL_MUST, "/dataset_id", "dataset_id alone");
    tjc_verdict_free(&v);
    JUDGE(&v, NO_I);
    ASSERT_REPORTED_AT(&v, "DATASET-PAIR", TJC_LEVEL_MUST, "/dataset_version_id",
                       "dataset_version_id alone");
    tjc_verdict_free(&v);
}

Test(data, rejects_data_source_that_is_not_an_array_beside_nothing_else)
{
    tjc_verdict v;
    JUDGE(&v, SOURCE(S("/usr/data/")));
    ASSERT_EXACTLY(&v, "SOURCE-ARRAY", REJECT, "data_source a string, alone");
    tjc_verdict_free(&v);
}

/* ==== data_source items ==== */

static void check_source(const char *items_json, const char *spec, tjc_outcome want,
                         const char *input)
{
    tjc_verdict v;
    JUDGE(&v, SOURCE(items_json));
    ASSERT_EXACTLY(&v, spec, want, input);
    tjc_verdict_free(&v);
}

Test(data_source, accepts_a_typed_dataset_item)
{
    check_source("[{\"type\": \"dataset\", " ITEM_PAIR "}]", "", ACCEPT, "a dataset item");
}

Test(data_source, gives_either_for_a_typed_obs_item_with_a_new_path)
{
    check_source("[{\"type\": \"obs\", \"data_url\": \"/usr/data/\"}]", "CATALOGUE-VALUES",
                 EITHER, "an obs item naming an OBS path the base body lacks");
}

Test(data_source, accepts_two_dataset_items)
{
    check_source("[" ITEM ", {\"type\": \"dataset\", " ITEM_PAIR "}]", "", ACCEPT,
                 "an untyped and a typed dataset item");
}

Test(data_source, rejects_an_item_type_outside_obs_and_dataset)
{
    check_source("[{\"type\": \"s3\", " ITEM_PAIR "}]", "SOURCE-TYPE", REJECT, "item type s3");
}

Test(data_source, rejects_an_item_type_in_upper_case)
{
    check_source("[{\"type\": \"DATASET\", " ITEM_PAIR "}]", "SOURCE-TYPE", REJECT,
                 "item type DATASET");
}

Test(data_source, rejects_an_empty_item_type)
{
    check_source("[{\"type\": \"\", " ITEM_PAIR "}]", "SOURCE-TYPE", REJECT, "item type \"\"");
}

Test(data_source, rejects_an_item_type_that_is_not_a_string)
{
    check_source("[{\"type\": [\"obs\"], " ITEM_PAIR "}]", "SOURCE-STRINGS", REJECT,
                 "item type [\"obs\"]");
}

Test(data_source, rejects_untyped_obs_and_dataset_items_in_one_array)
{
    check_source("[" ITEM ", {\"data_url\": \"/usr/data/\"}]", "SOURCE-NO-MIX CATALOGUE-VALUES",
                 REJECT, "an untyped dataset item and an untyped obs item");
}

Test(data_source, rejects_typed_obs_and_dataset_items_in_one_array)
{
    check_source("[{\"type\": \"dataset\", " ITEM_PAIR "}, {\"type\": \"obs\", \"data_url\": "
                 "\"/usr/data/\"}]",
                 "SOURCE-NO-MIX CATALOGUE-VALUES", REJECT, "a dataset item and an obs item");
}

Test(data_source, rejects_a_mix_made_by_an_items_type)
{
    /* the first item is obs by its type, though it names a dataset */
    check_source("[{\"type\": \"obs\", " ITEM_PAIR "}, " ITEM "]",
                 "SOURCE-TYPE-MATCH SOURCE-NO-MIX", REJECT,
                 "an item typed obs naming a dataset, and a dataset item");
}

Test(data_source, warns_of_an_obs_item_naming_a_dataset)
{
    check_source("[{\"type\": \"obs\", " ITEM_PAIR "}]", "SOURCE-TYPE-MATCH", EITHER,
                 "an item typed obs naming a dataset");
}

Test(data_source, warns_of_a_dataset_item_naming_a_data_url)
{
    check_source("[{\"type\": \"dataset\", \"data_url\": \"/usr/data/\"}]",
                 "SOURCE-TYPE-MATCH CATALOGUE-VALUES", EITHER,
                 "an item typed dataset naming a data_url");
}

Test(data_source, rejects_an_item_naming_a_data_url_and_a_dataset)
{
    tjc_verdict v;
    JUDGE(&v, SOURCE("[{\"data_url\": \"/usr/data/\", " ITEM_PAIR "}]"));
    const char *input = "an untyped item with data_url and a dataset";
    ASSERT_REPORTED_AT(&v, "SOURCE-EXCL", TJC_LEVEL_MUST, "/data_source/0/data_url", input);
    ASSERT_NOT_REPORTED(&v, "SOURCE-PAIR", input);
    ASSERT_OUTCOME(&v, REJECT, input);
    tjc_verdict_free(&v);
}

Test(data_source, rejects_an_item_with_dataset_id_alone)
{
    check_source("[{\"dataset_id\": \"" DATASET_ID "\"}]", "SOURCE-PAIR", REJECT,
                 "an item with dataset_id alone");
}

/* E5: judged both ways; a server ignoring dataset_version_id sees dataset_id unpaired, so
 * SOURCE-PAIR is recorded at INFO and the outcome is open. */
Test(data_source, records_dataset_version_id_in_an_item)
{
    tjc_verdict v;
    JUDGE(&v, SOURCE("[{\"dataset_id\": \"" DATASET_ID "\", \"dataset_version_id\": \""
                     VERSION_ID "\"}]"));
    const char *input = "an item pairing dataset_id with dataset_version_id";
    ASSERT_EXACTLY(&v, "SOURCE-VERSION-NAME SOURCE-PAIR/INFO", EITHER, input);
    ASSERT_REPORTED_AT(&v, "SOURCE-PAIR", TJC_LEVEL_INFO, "/data_source/0/dataset_id", input);
    tjc_verdict_free(&v);
}

Test(data_source, records_dataset_version_id_beside_dataset_version)
{
    check_source("[{" ITEM_PAIR ", \"dataset_version_id\": \"" VERSION_ID "\"}]",
                 "SOURCE-VERSION-NAME", EITHER,
                 "an item with dataset_version and dataset_version_id");
}

/* E5: read as the version, it lacks dataset_id (SOURCE-PAIR, MUST); ignored, the item is
 * empty (SOURCE-EMPTY, SHOULD). No MUST rule every reading breaks: open, not reject. */
Test(data_source, leaves_dataset_version_id_alone_in_an_item_open)
{
    tjc_verdict v;
    JUDGE(&v, SOURCE("[{\"dataset_version_id\": \"" VERSION_ID "\"}]"));
    const char *input = "an item with dataset_version_id alone";
    ASSERT_EXACTLY(&v, "SOURCE-VERSION-NAME SOURCE-PAIR/INFO SOURCE-EMPTY", EITHER, input);
    ASSERT_REPORTED_AT(&v, "SOURCE-PAIR", TJC_LEVEL_INFO, "/data_source/0/dataset_version_id",
                       input);
    tjc_verdict_free(&v);
}

/* E5 both ways: read as the version it is no string (SOURCE-STRINGS), ignored dataset_id is
 * unpaired (SOURCE-PAIR): every reading breaks a MUST rule, so reject. */
Test(data_source, rejects_a_non_string_dataset_version_id_beside_dataset_id)
{
    tjc_verdict v;
    JUDGE(&v, SOURCE("[{\"dataset_id\": \"" DATASET_ID "\", \"dataset_version_id\": 5}]"));
    const char *input = "an item with dataset_id and dataset_version_id 5";
    ASSERT_EXACTLY(&v, "SOURCE-VERSION-NAME SOURCE-STRINGS SOURCE-PAIR", REJECT, input);
    tjc_verdict_free(&v);
}

Test(data_source, reads_null_item_members_as_absent)
{
    tjc_verdict v;
    JUDGE(&v, SOURCE("[{\"type\": null, \"data_url\": null, " ITEM_PAIR "}]"));
    const char *input = "an item with type and data_url null";
    ASSERT_EXACTLY(&v, "NULL-OPTIONAL", EITHER, input);
    ASSERT_REPORTED_AT(&v, "NULL-OPTIONAL", TJC_LEVEL_INFO, "/data_source/0/type", input);
    ASSERT_REPORTED_AT(&v, "NULL-OPTIONAL", TJC_LEVEL_INFO, "/data_source/0/data_url", input);
    tjc_verdict_free(&v);
}

Test(data_source, rejects_an_item_whose_null_leaves_its_pair_broken)
{
    check_source("[{\"dataset_id\": \"" DATASET_ID "\", \"dataset_version\": null}]",
                 "NULL-OPTIONAL SOURCE-PAIR", REJECT, "an item with dataset_version null");
}

Test(data_source, records_the_members_python_otcextensions_adds_to_an_item)
{
    tjc_verdict v;
    JUDGE(&v, SOURCE("[{\"id\": \"x\", \"name\": \"n\", \"location\": \"obs://bucket/data/\", "
                     "\"type\": \"dataset\", " ITEM_PAIR ", \"data_url\": null}]"));
    const char *input = "an item with id, name, location and data_url null";
    ASSERT_EXACTLY(&v, "UNKNOWN-MEMBERS NULL-OPTIONAL", EITHER, input);
    ASSERT_REPORTED_AT(&v, "UNKNOWN-MEMBERS", TJC_LEVEL_INFO, "/data_source/0/id", input);
    ASSERT_REPORTED_AT(&v, "UNKNOWN-MEMBERS", TJC_LEVEL_INFO, "/data_source/0/name", input);
    ASSERT_REPORTED_AT(&v, "UNKNOWN-MEMBERS", TJC_LEVEL_INFO, "/data_source/0/location", input);
    tjc_verdict_free(&v);
}

Test(data_source, gives_either_for_the_nulls_python_otcextensions_sends)
{
    tjc_verdict v;
    JUDGE(&v, {"model_id", "null"}, {"data_url", "null"}, {"data_source", "null"},
          {"user_image_url", "null"}, {"user_command", "null"});
    ASSERT_EXACTLY(&v, "NULL-OPTIONAL", EITHER, "the sample with every unset attribute null");
    cr_assert_eq(count_of(&v, "NULL-OPTIONAL"), 5, "5 NULL-OPTIONAL expected: %s",
                 describe(&v));
    tjc_verdict_free(&v);
}

Test(data_source, rejects_an_item_that_is_not_an_object)
{
    tjc_verdict v;
    JUDGE(&v, SOURCE("[" ITEM ", [" ITEM "]]"));
    ASSERT_EXACTLY(&v, "SOURCE-ARRAY", REJECT, "an item that is an array");
    ASSERT_REPORTED_AT(&v, "SOURCE-ARRAY", TJC_LEVEL_MUST, "/data_source/1", "item 1 an array");
    tjc_verdict_free(&v);
}

Test(data_source, warns_of_an_empty_data_source)
{
    check_source("[]", "SOURCE-EMPTY", EITHER, "data_source []");
}

Test(data_source, warns_of_an_item_with_only_a_type)
{
    check_source("[{\"type\": \"dataset\"}]", "SOURCE-EMPTY", EITHER,
                 "an item with only type dataset");
}

Test(data_source, gives_either_for_a_dataset_the_base_body_lacks)
{
    check_source("[{\"dataset_id\": \"other\", \"dataset_version\": \"other\"}]",
                 "CATALOGUE-VALUES", EITHER, "an item naming another dataset");
}

Test(data_source, judges_every_item)
{
    tjc_verdict v;
    JUDGE(&v, SOURCE("[" ITEM ", {\"dataset_id\": \"" DATASET_ID "\"}, " ITEM
                     ", {\"type\": \"x\", " ITEM_PAIR "}]"));
    const char *input = "four items, the second and fourth broken";
    ASSERT_EXACTLY(&v, "SOURCE-PAIR SOURCE-TYPE", REJECT, input);
    ASSERT_REPORTED_AT(&v, "SOURCE-PAIR", TJC_LEVEL_MUST, "/data_source/1/dataset_id", input);
    ASSERT_REPORTED_AT(&v, "SOURCE-TYPE", TJC_LEVEL_MUST, "/data_source/3/type", input);
    tjc_verdict_free(&v);
}

/* ==== Duplicate members (E11, DUP-MEMBERS; validate.h's two readings) ==== */

static void assert_lowered(const tjc_verdict *v, const char *id, const char *copy,
                           const char *input)
{
    const tjc_violation *x = find_violation(v, id);
    cr_assert_not_null(x, "%s: %s expected at INFO: %s", input, id, describe(v));
    cr_assert_eq(x->level, TJC_LEVEL_INFO, "%s: %s expected at INFO, got %s: %s", input, id,
                 tjc_level_name(x->level), describe(v));
    char reading[64];
    snprintf(reading, sizeof reading, "%s copy", copy);
    cr_assert(strstr(x->message, reading) && strstr(x->message, "MUST"),
              "%s: %s's message should say it is MUST only when a server keeps the %s; it "
              "says \"%s\"",
              input, id, reading, x->message);
}

Test(duplicates, records_a_duplicate_whose_copies_are_alike)
{
    tjc_verdict v;
    JUDGE(&v, {"+train_url", S("/usr/train/")});
    const char *input = "train_url twice, the same value";
    ASSERT_EXACTLY(&v, "DUP-MEMBERS", EITHER, input);
    ASSERT_REPORTED_AT(&v, "DUP-MEMBERS", TJC_LEVEL_INFO, "/train_url", input);
    tjc_verdict_free(&v);
}

Test(duplicates, records_a_duplicate_whose_copies_are_both_valid)
{
    tjc_verdict v;
    JUDGE(&v, {"+worker_server_num", "1.0"});
    ASSERT_EXACTLY(&v, "DUP-MEMBERS INT-NOTATION", EITHER, "worker_server_num 1 then 1.0");
    tjc_verdict_free(&v);
}

Test(duplicates, records_a_member_given_three_times_once)
{
    tjc_verdict v;
    JUDGE(&v, {"+log_url", S("/usr/log/")}, {"+log_url", S("/usr/log/")});
    const char *input = "log_url three times";
    ASSERT_EXACTLY(&v, "DUP-MEMBERS", EITHER, input);
    cr_assert_eq(count_of(&v, "DUP-MEMBERS"), 1, "%s: one DUP-MEMBERS expected: %s", input,
                 describe(&v));
    tjc_verdict_free(&v);
}

Test(duplicates, lowers_a_must_violation_of_the_first_copy_to_info)
{
    tjc_verdict v;
    JUDGE(&v, {"spec_id", S("1")}, {"+spec_id", "1"});
    const char *input = "spec_id \"1\" then 1";
    ASSERT_EXACTLY(&v, "DUP-MEMBERS SPEC-TYPE/INFO", EITHER, input);
    assert_lowered(&v, "SPEC-TYPE", "first", input);
    tjc_verdict_free(&v);
}

Test(duplicates, lowers_a_must_violation_of_the_last_copy_to_info)
{
    tjc_verdict v;
    JUDGE(&v, {"+spec_id", S("1")});
    const char *input = "spec_id 1 then \"1\"";
    ASSERT_EXACTLY(&v, "DUP-MEMBERS SPEC-TYPE/INFO", EITHER, input);
    assert_lowered(&v, "SPEC-TYPE", "last", input);
    tjc_verdict_free(&v);
}

Test(duplicates, keeps_must_when_both_copies_break_the_rule)
{
    tjc_verdict v;
    JUDGE(&v, {"spec_id", S("a")}, {"+spec_id", S("b")});
    ASSERT_EXACTLY(&v, "DUP-MEMBERS SPEC-TYPE", REJECT, "spec_id \"a\" then \"b\"");
    tjc_verdict_free(&v);
}

Test(duplicates, keeps_must_when_both_copies_break_the_rule_differently)
{
    tjc_verdict v;
    JUDGE(&v, {"worker_server_num", "null"}, {"+worker_server_num", S("1")});
    ASSERT_EXACTLY(&v, "DUP-MEMBERS WORKERS-TYPE", REJECT,
                   "worker_server_num null then \"1\"");
    tjc_verdict_free(&v);
}

Test(duplicates, lowers_a_should_violation_of_one_copy_to_info)
{
    tjc_verdict v;
    JUDGE(&v, {"worker_server_num", "0"}, {"+worker_server_num", "1"});
    ASSERT_EXACTLY(&v, "DUP-MEMBERS WORKERS-MIN/INFO", EITHER, "worker_server_num 0 then 1");
    tjc_verdict_free(&v);
}

Test(duplicates, lowers_a_violation_in_a_parameter_item)
{
    tjc_verdict v;
    JUDGE(&v, PARAMS("{\"label\": 1, \"label\": \"lr\", \"value\": \"0.01\"}"));
    const char *input = "a parameter item with label 1 then \"lr\"";
    ASSERT_EXACTLY(&v, "DUP-MEMBERS PARAM-LABEL/INFO", EITHER, input);
    ASSERT_REPORTED_AT(&v, "DUP-MEMBERS", TJC_LEVEL_INFO, "/parameter/0/label", input);
    assert_lowered(&v, "PARAM-LABEL", "first", input);
    tjc_verdict_free(&v);
}

Test(duplicates, lowers_the_code_rules_a_null_first_copy_breaks)
{
    tjc_verdict v;
    JUDGE(&v, {"app_url", "null"}, {"+app_url", S("/usr/app/")});
    const char *input = "app_url null then \"/usr/app/\"";
    ASSERT_EXACTLY(&v, "DUP-MEMBERS NULL-OPTIONAL CODE-PAIR/INFO CODE-SOURCE/INFO", EITHER,
                   input);
    assert_lowered(&v, "CODE-PAIR", "first", input);
    tjc_verdict_free(&v);
}

Test(duplicates, reads_a_duplicate_one_way_when_asked)
{
    char *body = build_body((const member_edit[]){{"spec_id", S("1")}, {"+spec_id", "1"},
                                                  {NULL, NULL}});
    tjc_validator *val = new_validator(NULL, 0);
    const char *input = "spec_id \"1\" then 1";
    tjc_verdict v;
    show(body, strlen(body));
    cr_assert_eq(tjc_validate_as(val, (const unsigned char *)body, strlen(body), NULL,
                                 TJC_READING_FIRST, &v),
                 0, "tjc_validate_as failed");
    ASSERT_EXACTLY(&v, "DUP-MEMBERS SPEC-TYPE", REJECT, "spec_id \"1\" then 1, first copy kept");
    tjc_verdict_free(&v);
    cr_assert_eq(tjc_validate_as(val, (const unsigned char *)body, strlen(body), NULL,
                                 TJC_READING_LAST, &v),
                 0, "tjc_validate_as failed");
    ASSERT_EXACTLY(&v, "DUP-MEMBERS", EITHER, "spec_id \"1\" then 1, last copy kept");
    tjc_verdict_free(&v);
    cr_assert_eq(tjc_validate_as(val, (const unsigned char *)body, strlen(body), NULL,
                                 TJC_READING_BOTH, &v),
                 0, "tjc_validate_as failed");
    ASSERT_EXACTLY(&v, "DUP-MEMBERS SPEC-TYPE/INFO", EITHER, input);
    tjc_verdict_free(&v);
    tjc_validator_free(val);
    free(body);
}

/* ==== null (E11) ==== */

typedef struct null_case {
    const char *member;
    const char *expect;
    tjc_outcome outcome;
} null_case;

/* null reads as absent: the body without it decides reject; otherwise either. */
static const null_case null_cases[] = {
    {"config_desc", "NULL-OPTIONAL", EITHER},
    {"app_url", "NULL-OPTIONAL CODE-PAIR CODE-SOURCE", REJECT},
    {"boot_file_url", "NULL-OPTIONAL CODE-PAIR CODE-SOURCE", REJECT},
    {"model_id", "NULL-OPTIONAL", EITHER},
    {"parameter", "NULL-OPTIONAL", EITHER},
    {"data_url", "NULL-OPTIONAL", EITHER},
    {"dataset_id", "NULL-OPTIONAL DATASET-PAIR DATA-ONE", REJECT},
    {"dataset_version_id", "NULL-OPTIONAL DATASET-PAIR DATA-ONE", REJECT},
    {"data_source", "NULL-OPTIONAL", EITHER},
    {"engine_id", "NULL-OPTIONAL ENGINE-DEFAULT", EITHER},
    {"train_url", "NULL-OPTIONAL", EITHER},
    {"log_url", "NULL-OPTIONAL", EITHER},
    {"user_image_url", "NULL-OPTIONAL", EITHER},
    {"user_command", "NULL-OPTIONAL", EITHER},
    {"worker_server_num", "WORKERS-TYPE", REJECT},
    {"spec_id", "SPEC-TYPE", REJECT},
};

ParameterizedTestParameters(nulls, each_top_level_member_set_to_null_gets_its_outcome)
{
    ROW_INDICES(null_cases);
}

ParameterizedTest(row_index *row, nulls, each_top_level_member_set_to_null_gets_its_outcome)
{
    const null_case *c = &null_cases[row->i];
    char input[96];
    snprintf(input, sizeof input, "%s null", c->member);
    tjc_verdict v;
    JUDGE(&v, {c->member, "null"});
    ASSERT_EXACTLY(&v, c->expect, c->outcome, input);
    if (strstr(c->expect, "NULL-OPTIONAL")) {
        char pointer[64];
        snprintf(pointer, sizeof pointer, "/%s", c->member);
        ASSERT_REPORTED_AT(&v, "NULL-OPTIONAL", TJC_LEVEL_INFO, pointer, input);
    }
    tjc_verdict_free(&v);
}

Test(nulls, covers_every_member_of_table_2)
{
    static const char *const table_2[] = {
        "config_desc", "worker_server_num", "app_url", "boot_file_url", "model_id",
        "parameter", "spec_id", "data_url", "dataset_id", "dataset_version_id",
        "data_source", "engine_id", "train_url", "log_url", "user_image_url", "user_command"};
    for (size_t m = 0; m < COUNT(table_2); m++) {
        int found = 0;
        for (size_t i = 0; i < COUNT(null_cases); i++)
            found |= strcmp(null_cases[i].member, table_2[m]) == 0;
        cr_assert(found, "the null table lacks %s", table_2[m]);
    }
}

Test(nulls, reads_null_parameter_item_members_as_absent)
{
    tjc_verdict v;
    JUDGE(&v, PARAMS("{\"label\": \"lr\", \"value\": null}, {\"key\": null, \"value\": \"1\"}"));
    const char *input = "parameter items with value null and key null";
    ASSERT_EXACTLY(&v, "NULL-OPTIONAL", EITHER, input);
    ASSERT_REPORTED_AT(&v, "NULL-OPTIONAL", TJC_LEVEL_INFO, "/parameter/0/value", input);
    ASSERT_REPORTED_AT(&v, "NULL-OPTIONAL", TJC_LEVEL_INFO, "/parameter/1/key", input);
    tjc_verdict_free(&v);
}

Test(nulls, records_null_for_an_unknown_member_as_unknown)
{
    tjc_verdict v;
    JUDGE(&v, {"foo", "null"});
    ASSERT_EXACTLY(&v, "UNKNOWN-MEMBERS", EITHER, "foo null");
    tjc_verdict_free(&v);
}

Test(nulls, rejects_a_null_beside_a_must_violation)
{
    tjc_verdict v;
    JUDGE(&v, {"config_desc", "null"}, {"engine_id", S("1")});
    ASSERT_EXACTLY(&v, "NULL-OPTIONAL ENGINE-TYPE", REJECT, "config_desc null, engine_id \"1\"");
    tjc_verdict_free(&v);
}

Test(nulls, gives_either_for_a_null_user_image_url_warning_of_its_command)
{
    tjc_verdict v;
    JUDGE(&v, {"user_image_url", "null"}, {"user_command", COMMAND});
    ASSERT_EXACTLY(&v, "NULL-OPTIONAL CUSTOM-IMAGE-PAIR", EITHER,
                   "user_image_url null with user_command");
    tjc_verdict_free(&v);
}

/* ==== The base body (E12) ==== */

#define BUCKET_BASE                                                                          \
    "{\"worker_server_num\": 1, \"spec_id\": 7, \"engine_id\": 1, \"app_url\": \"/usr/app/\", " \
    "\"boot_file_url\": \"/usr/app/boot.py\", \"data_url\": \"/bucket/data/\"}"

static void judge_on_base(const char *base, const char *body, tjc_verdict *out)
{
    tjc_validator *val = new_validator(base, strlen(base));
    validate_with(val, body, strlen(body), NULL, out);
    tjc_validator_free(val);
}

Test(base_body, accepts_a_body_with_the_base_bodys_values)
{
    tjc_verdict v;
    judge_on_base(BUCKET_BASE, BUCKET_BASE, &v);
    ASSERT_EXACTLY(&v, "", ACCEPT, "the base body itself");
    tjc_verdict_free(&v);
    judge_on_base(BUCKET_BASE,
                  "{\"config_desc\": \"x\", \"worker_server_num\": 1, \"spec_id\": 7, "
                  "\"engine_id\": 1, \"app_url\": \"/usr/app/\", \"boot_file_url\": "
                  "\"/usr/app/boot.py\", \"data_source\": [{\"type\": \"obs\", \"data_url\": "
                  "\"/bucket/data/\"}]}",
                  &v);
    ASSERT_EXACTLY(&v, "", ACCEPT, "the base body's data_url in a data_source item");
    tjc_verdict_free(&v);
}

Test(base_body, gives_catalogue_values_for_a_spec_id_other_than_the_base_bodys)
{
    tjc_verdict v;
    judge_on_base(BUCKET_BASE,
                  "{\"worker_server_num\": 1, \"spec_id\": 1, \"engine_id\": 1, \"app_url\": "
                  "\"/usr/app/\", \"boot_file_url\": \"/usr/app/boot.py\", \"data_url\": "
                  "\"/bucket/data/\"}",
                  &v);
    ASSERT_EXACTLY(&v, "CATALOGUE-VALUES", EITHER, "spec_id 1 where the base body says 7");
    ASSERT_REPORTED_AT(&v, "CATALOGUE-VALUES", TJC_LEVEL_INFO, "/spec_id", "spec_id 1");
    tjc_verdict_free(&v);
}

Test(base_body, gives_catalogue_values_for_a_data_url_other_than_the_base_bodys)
{
    tjc_verdict v;
    judge_on_base(BUCKET_BASE,
                  "{\"worker_server_num\": 1, \"spec_id\": 7, \"engine_id\": 1, \"app_url\": "
                  "\"/usr/app/\", \"boot_file_url\": \"/usr/app/boot.py\", \"data_url\": "
                  "\"/bucket/other/\"}",
                  &v);
    ASSERT_EXACTLY(&v, "CATALOGUE-VALUES", EITHER, "data_url /bucket/other/");
    ASSERT_REPORTED_AT(&v, "CATALOGUE-VALUES", TJC_LEVEL_INFO, "/data_url", "data_url");
    tjc_verdict_free(&v);
}

Test(base_body, gives_catalogue_values_for_the_published_sample_on_another_base)
{
    size_t len;
    const char *sample = tjc_sample_body(&len);
    tjc_validator *val = new_validator(BUCKET_BASE, strlen(BUCKET_BASE));
    tjc_verdict v;
    validate_with(val, sample, len, NULL, &v);
    const char *input = "the published sample judged on the bucket base body";
    ASSERT_EXACTLY(&v, "CATALOGUE-VALUES", EITHER, input);
    static const char *const pointers[] = {"/spec_id", "/dataset_id", "/dataset_version_id",
                                           "/train_url", "/log_url"};
    for (size_t i = 0; i < COUNT(pointers); i++)
        ASSERT_REPORTED_AT(&v, "CATALOGUE-VALUES", TJC_LEVEL_INFO, pointers[i], input);
    tjc_verdict_free(&v);
    tjc_validator_free(val);
}

Test(base_body, still_rejects_a_broken_type_on_another_base)
{
    tjc_verdict v;
    judge_on_base(BUCKET_BASE,
                  "{\"worker_server_num\": 1, \"spec_id\": \"7\", \"engine_id\": 1, \"app_url\": "
                  "\"/usr/app/\", \"boot_file_url\": \"/usr/app/boot.py\", \"data_url\": "
                  "\"/bucket/data/\"}",
                  &v);
    ASSERT_EXACTLY(&v, "SPEC-TYPE", REJECT, "spec_id \"7\"");
    tjc_verdict_free(&v);
}

Test(base_body, compares_ids_beyond_2_to_the_53_exactly)
{
    const char *base = "{\"worker_server_num\": 1, \"spec_id\": 9007199254740992, "
                       "\"model_id\": 9223372036854775807, \"data_url\": \"/d/\"}";
    tjc_verdict v;
    judge_on_base(base,
                  "{\"worker_server_num\": 1, \"spec_id\": 9007199254740993, "
                  "\"model_id\": 9223372036854775807, \"data_url\": \"/d/\"}",
                  &v);
    ASSERT_EXACTLY(&v, "CATALOGUE-VALUES", EITHER, "spec_id 2^53+1 against a base of 2^53");
    ASSERT_REPORTED_AT(&v, "CATALOGUE-VALUES", TJC_LEVEL_INFO, "/spec_id", "spec_id 2^53+1");
    tjc_verdict_free(&v);
    judge_on_base(base,
                  "{\"worker_server_num\": 1, \"spec_id\": 9.007199254740992e15, "
                  "\"model_id\": 9223372036854775807, \"data_url\": \"/d/\"}",
                  &v);
    ASSERT_EXACTLY(&v, "INT-NOTATION", EITHER, "spec_id 9.007199254740992e15 (the base's 2^53)");
    tjc_verdict_free(&v);
    judge_on_base(base,
                  "{\"worker_server_num\": 1, \"spec_id\": 9007199254740992, "
                  "\"model_id\": 9223372036854775806, \"data_url\": \"/d/\"}",
                  &v);
    ASSERT_EXACTLY(&v, "CATALOGUE-VALUES", EITHER, "model_id 2^63-2 against a base of 2^63-1");
    tjc_verdict_free(&v);
}

Test(base_body, treats_minus_zero_as_the_base_bodys_zero)
{
    const char *base = "{\"worker_server_num\": 1, \"spec_id\": 0, \"model_id\": 5, "
                       "\"data_url\": \"/d/\"}";
    tjc_verdict v;
    judge_on_base(base, "{\"worker_server_num\": 1, \"spec_id\": -0, \"model_id\": 5, "
                        "\"data_url\": \"/d/\"}",
                  &v);
    ASSERT_EXACTLY(&v, "", ACCEPT, "spec_id -0 against a base of 0");
    tjc_verdict_free(&v);
}

Test(base_body, bounds_worker_server_num_by_the_base_bodys)
{
    const char *base = "{\"worker_server_num\": 4, \"spec_id\": 1, \"model_id\": 5, "
                       "\"data_url\": \"/d/\"}";
    tjc_verdict v;
    judge_on_base(base, "{\"worker_server_num\": 4, \"spec_id\": 1, \"model_id\": 5, "
                        "\"data_url\": \"/d/\"}",
                  &v);
    ASSERT_EXACTLY(&v, "", ACCEPT, "worker_server_num 4 against a base of 4");
    tjc_verdict_free(&v);
    judge_on_base(base, "{\"worker_server_num\": 5, \"spec_id\": 1, \"model_id\": 5, "
                        "\"data_url\": \"/d/\"}",
                  &v);
    ASSERT_EXACTLY(&v, "WORKERS-MAX", EITHER, "worker_server_num 5 against a base of 4");
    tjc_verdict_free(&v);
}

Test(base_body, remembers_the_datasets_of_the_base_bodys_items)
{
    const char *base = "{\"worker_server_num\": 1, \"spec_id\": 1, \"model_id\": 5, "
                       "\"data_source\": [{\"dataset_id\": \"d1\", \"dataset_version\": \"v1\"}]}";
    tjc_verdict v;
    judge_on_base(base,
                  "{\"worker_server_num\": 1, \"spec_id\": 1, \"model_id\": 5, "
                  "\"dataset_id\": \"d1\", \"dataset_version_id\": \"v1\"}",
                  &v);
    ASSERT_EXACTLY(&v, "", ACCEPT, "the base body's item dataset at the top level");
    tjc_verdict_free(&v);
}

Test(base_body, base_body_bytes_may_be_freed_once_the_validator_is_made)
{
    char *base = strdup(BUCKET_BASE);
    cr_assert_not_null(base, "out of memory");
    tjc_validator *val = new_validator(base, strlen(base));
    memset(base, 'x', strlen(base));
    free(base);
    tjc_verdict v;
    validate_with(val, BUCKET_BASE, strlen(BUCKET_BASE), NULL, &v);
    ASSERT_EXACTLY(&v, "", ACCEPT, "the base body, its bytes freed");
    tjc_verdict_free(&v);
    tjc_validator_free(val);
}

static void assert_base_refused(const char *base, size_t len, const char *says)
{
    static char sentinel;
    tjc_validator *val = (tjc_validator *)(void *)&sentinel; /* not NULL, to see it reset */
    char err[256] = "";
    int rc = tjc_validator_new((const unsigned char *)base, len, &val, err, sizeof err);
    cr_assert_eq(rc, -1, "base body %s: -1 expected, got %d", base, rc);
    cr_assert_null(val, "base body %s: no validator expected", base);
    cr_assert(strstr(err, says), "base body %s: the message should say \"%s\"; it says \"%s\"",
              base, says, err);
}

Test(base_body, refuses_a_base_body_that_is_not_json)
{
    assert_base_refused("{\"spec_id\": 1", 13, "not JSON");
    assert_base_refused("", 0, "not JSON");
    assert_base_refused("{'spec_id': 1}", 14, "not JSON");
}

Test(base_body, refuses_a_base_body_that_is_not_an_object)
{
    assert_base_refused("[1]", 3, "not a JSON object");
    assert_base_refused("null", 4, "not a JSON object");
    assert_base_refused("\"{}\"", 4, "not a JSON object");
}

/* ==== The path (PATH-UNKNOWN-CONFIG, PATH-PROJECT) ==== */

#define NAME_64 "$(64*a)"

static char *expanded(const char *text)
{
    tjc_buf b;
    tjc_buf_init(&b);
    put_expanded(&b, text);
    char *s = tjc_buf_take(&b);
    cr_assert_not_null(s, "out of memory");
    return s;
}

static const char *const impossible_names[] = {"",   "$(65*a)", "a/b", "a b",     "%",
                                               "\xC3\xBC", "a.b", "a?b", "config\n", "a#b"};
static const char *const possible_names[] = {"config", "a-b_C9", NAME_64, "_", "-", "0"};

Test(path, no_configuration_can_have_an_impossible_name)
{
    for (size_t i = 0; i < COUNT(impossible_names); i++) {
        char *name = expanded(impossible_names[i]);
        cr_assert_eq(tjc_config_name_possible(name), 0, "config name \"%s\" (%zu bytes): "
                     "impossible expected", name, strlen(name));
        free(name);
    }
}

Test(path, a_configuration_can_have_a_name_of_1_to_64_letters_digits_and_dashes)
{
    for (size_t i = 0; i < COUNT(possible_names); i++) {
        char *name = expanded(possible_names[i]);
        cr_assert_eq(tjc_config_name_possible(name), 1, "config name \"%s\" (%zu bytes): "
                     "possible expected", name, strlen(name));
        free(name);
    }
}

Test(path, rejects_the_sample_sent_to_an_impossible_name)
{
    size_t len;
    const char *sample = tjc_sample_body(&len);
    for (size_t i = 0; i < COUNT(impossible_names); i++) {
        char *name = expanded(impossible_names[i]);
        char input[128];
        snprintf(input, sizeof input, "the sample sent to config name \"%.70s\"", name);
        tjc_verdict v;
        judge_bytes(sample, len, name, &v);
        ASSERT_EXACTLY(&v, "PATH-UNKNOWN-CONFIG", REJECT, input);
        tjc_verdict_free(&v);
        free(name);
    }
}

Test(path, accepts_the_sample_sent_to_a_possible_name)
{
    size_t len;
    const char *sample = tjc_sample_body(&len);
    for (size_t i = 0; i < COUNT(possible_names); i++) {
        char *name = expanded(possible_names[i]);
        char input[128];
        snprintf(input, sizeof input, "the sample sent to config name \"%.70s\"", name);
        tjc_verdict v;
        judge_bytes(sample, len, name, &v);
        ASSERT_EXACTLY(&v, "", ACCEPT, input);
        tjc_verdict_free(&v);
        free(name);
    }
}

Test(path, judges_no_path_without_a_config_name)
{
    tjc_verdict v;
    judge_bytes(tjc_sample_body(NULL), strlen(tjc_sample_body(NULL)), NULL, &v);
    ASSERT_NOT_REPORTED(&v, "PATH-UNKNOWN-CONFIG", "the sample, no config name");
    tjc_verdict_free(&v);
}

Test(path, reports_the_path_and_the_body_together)
{
    tjc_verdict v;
    char *body = build_body((const member_edit[]){{"spec_id", REMOVED}, {NULL, NULL}});
    judge_bytes(body, strlen(body), "a b", &v);
    ASSERT_EXACTLY(&v, "PATH-UNKNOWN-CONFIG SPEC-REQ", REJECT,
                   "spec_id left out, sent to config name \"a b\"");
    tjc_verdict_free(&v);
    free(body);
}

/* ==== Hostile sizes ==== */


static void repeat(tjc_buf *b, const char *text, size_t n)
{
    size_t len = strlen(text);
    tjc_buf_reserve(b, len * n);
    for (size_t k = 0; k < n; k++)
        tjc_buf_append(b, text, len);
}

/* "$(N*[)$(N*])" without the expander's copy of the pattern: N nested arrays. */
static char *nested(const char *open, const char *middle, const char *close, size_t n)
{
    tjc_buf b;
    tjc_buf_init(&b);
    repeat(&b, open, n);
    tjc_buf_puts(&b, middle);
    repeat(&b, close, n);
    char *s = tjc_buf_take(&b);
    cr_assert_not_null(s, "out of memory");
    return s;
}

#define DEEP 100000

Test(hostile, records_100000_nested_arrays_at_the_top_and_rejects_the_non_object,
     .timeout = 60)
{
    char *body = nested("[", "", "]", DEEP);
    tjc_verdict v;
    judge_bytes(body, strlen(body), NULL, &v);
    ASSERT_EXACTLY(&v, "BODY-LARGE BODY-DEPTH BODY-OBJECT", REJECT, "100,000 nested arrays");
    tjc_verdict_free(&v);
    free(body);
}

Test(hostile, records_100000_nested_objects_at_the_top_and_the_members_they_lack,
     .timeout = 60)
{
    char *body = nested("{\"a\":", "1", "}", DEEP);
    tjc_verdict v;
    judge_bytes(body, strlen(body), NULL, &v);
    ASSERT_EXACTLY(&v,
                   "BODY-LARGE BODY-DEPTH UNKNOWN-MEMBERS WORKERS-REQ SPEC-REQ CODE-SOURCE DATA-ONE "
                   "ENGINE-DEFAULT",
                   REJECT, "100,000 nested objects {\"a\": ...}");
    tjc_verdict_free(&v);
    free(body);
}

Test(hostile, records_100000_nested_arrays_in_an_unknown_member, .timeout = 60)
{
    char *deep = nested("[", "", "]", DEEP);
    tjc_verdict v;
    JUDGE(&v, {"x", deep});
    ASSERT_EXACTLY(&v, "BODY-LARGE BODY-DEPTH UNKNOWN-MEMBERS", EITHER,
                   "the sample and a member x of 100,000 nested arrays");
    tjc_verdict_free(&v);
    free(deep);
}

Test(hostile, rejects_100000_nested_arrays_as_a_parameter_item, .timeout = 60)
{
    char *deep = nested("[", "", "]", DEEP);
    tjc_verdict v;
    JUDGE(&v, {"parameter", deep});
    const char *input = "parameter of 100,000 nested arrays";
    ASSERT_EXACTLY(&v, "BODY-LARGE BODY-DEPTH PARAM-ARRAY", REJECT, input);
    ASSERT_REPORTED_AT(&v, "PARAM-ARRAY", TJC_LEVEL_MUST, "/parameter/0", input);
    tjc_verdict_free(&v);
    free(deep);
}

Test(hostile, rejects_100000_nested_objects_as_config_desc, .timeout = 60)
{
    char *deep = nested("{\"a\":", "\"b\"", "}", DEEP);
    tjc_verdict v;
    JUDGE(&v, {"config_desc", deep});
    ASSERT_EXACTLY(&v, "BODY-LARGE BODY-DEPTH DESC-TYPE", REJECT, "config_desc of 100,000 nested objects");
    tjc_verdict_free(&v);
    free(deep);
}

Test(hostile, reports_a_must_violation_beside_100000_nested_arrays, .timeout = 60)
{
    char *deep = nested("[", "", "]", DEEP);
    tjc_verdict v;
    JUDGE(&v, {"x", deep}, {"spec_id", S("1")});
    ASSERT_EXACTLY(&v, "BODY-LARGE BODY-DEPTH UNKNOWN-MEMBERS SPEC-TYPE", REJECT,
                   "spec_id \"1\" beside 100,000 nested arrays");
    tjc_verdict_free(&v);
    free(deep);
}

Test(hostile, rejects_100000_unclosed_arrays_as_not_json, .timeout = 60)
{
    char *body = nested("[", "", "", DEEP);
    tjc_verdict v;
    judge_bytes(body, strlen(body), NULL, &v);
    ASSERT_EXACTLY(&v, "BODY-LARGE BODY-JSON", REJECT, "100,000 unclosed arrays");
    tjc_verdict_free(&v);
    free(body);
}

Test(hostile, rejects_a_16_mib_config_desc, .timeout = 60)
{
    tjc_buf b;
    tjc_buf_init(&b);
    tjc_buf_putc(&b, '"');
    tjc_buf_reserve(&b, 16u << 20);
    memset(b.data + b.len, 'a', 16u << 20);
    b.len += 16u << 20;
    tjc_buf_putc(&b, '"');
    char *desc = tjc_buf_take(&b);
    cr_assert_not_null(desc, "out of memory");
    tjc_verdict v;
    JUDGE(&v, {"config_desc", desc});
    ASSERT_EXACTLY(&v, "BODY-LARGE DESC-LEN", REJECT, "config_desc of 16 MiB");
    tjc_verdict_free(&v);
    free(desc);
}

static char *many(const char *item, size_t n)
{
    tjc_buf b;
    tjc_buf_init(&b);
    tjc_buf_putc(&b, '[');
    size_t len = strlen(item);
    tjc_buf_reserve(&b, (len + 1) * n + 1);
    for (size_t k = 0; k < n; k++) {
        if (k)
            tjc_buf_putc(&b, ',');
        tjc_buf_append(&b, item, len);
    }
    tjc_buf_putc(&b, ']');
    char *s = tjc_buf_take(&b);
    cr_assert_not_null(s, "out of memory");
    return s;
}

#define MILLION 1000000u

Test(hostile, caps_a_million_broken_parameter_items_at_the_per_rule_limit, .timeout = 60)
{
    char *params = many("1", MILLION);
    tjc_verdict v;
    JUDGE(&v, {"parameter", params});
    const char *input = "parameter of 1,000,000 items 1";
    ASSERT_EXACTLY(&v, "BODY-LARGE PARAM-ARRAY", REJECT, input);
    cr_assert_eq(v.count, TJC_VIOLATIONS_PER_RULE + 1, "%s: %d listed expected, got %zu", input,
                 TJC_VIOLATIONS_PER_RULE + 1, v.count);
    cr_assert_eq(v.unlisted, MILLION - TJC_VIOLATIONS_PER_RULE,
                 "%s: %u unlisted expected, got %zu", input, MILLION - TJC_VIOLATIONS_PER_RULE,
                 v.unlisted);
    ASSERT_REPORTED_AT(&v, "PARAM-ARRAY", TJC_LEVEL_MUST, "/parameter/0", input);
    ASSERT_REPORTED_AT(&v, "PARAM-ARRAY", TJC_LEVEL_MUST, "/parameter/15", input);
    tjc_verdict_free(&v);
    free(params);
}

/* 1,000,000 items are far over 64 KiB: BODY-LARGE makes the outcome open (rules.md). */
Test(hostile, caps_a_million_tolerated_observations_and_leaves_only_the_size_open, .timeout = 60)
{
    char *params = many("{\"label\":\"a\",\"value\":1}", MILLION);
    tjc_verdict v;
    JUDGE(&v, {"parameter", params});
    const char *input = "parameter of 1,000,000 items with numeric values";
    ASSERT_EXACTLY(&v, "BODY-LARGE PARAM-VALUE", EITHER, input);
    cr_assert_eq(v.count, TJC_VIOLATIONS_PER_RULE + 1, "%s: %d listed expected, got %zu", input,
                 TJC_VIOLATIONS_PER_RULE + 1, v.count);
    cr_assert_eq(v.unlisted, MILLION - TJC_VIOLATIONS_PER_RULE,
                 "%s: %u unlisted expected, got %zu", input, MILLION - TJC_VIOLATIONS_PER_RULE,
                 v.unlisted);
    tjc_verdict_free(&v);
    free(params);
}

Test(hostile, caps_each_rule_separately, .timeout = 60)
{
    char *source = many("{\"dataset_id\":\"" DATASET_ID "\"}", 1000);
    char *params = many("{\"label\":1}", 1000);
    tjc_verdict v;
    JUDGE(&v, SOURCE(source), {"parameter", params});
    const char *input = "1,000 half-paired items and 1,000 bad labels";
    ASSERT_EXACTLY(&v, "BODY-LARGE SOURCE-PAIR PARAM-LABEL", REJECT, input);
    cr_assert_eq(count_of(&v, "SOURCE-PAIR"), TJC_VIOLATIONS_PER_RULE, "%s: %s", input,
                 describe(&v));
    cr_assert_eq(count_of(&v, "PARAM-LABEL"), TJC_VIOLATIONS_PER_RULE, "%s: %s", input,
                 describe(&v));
    cr_assert_eq(v.unlisted, 2 * (1000 - TJC_VIOLATIONS_PER_RULE), "%s: %zu unlisted", input,
                 v.unlisted);
    tjc_verdict_free(&v);
    free(source);
    free(params);
}

Test(hostile, judges_100000_duplicate_unknown_members_quickly, .timeout = 60)
{
    tjc_buf b;
    tjc_buf_init(&b);
    char *sample = build_body(NULL);
    tjc_buf_append(&b, sample, strlen(sample) - 1); /* without its '}' */
    free(sample);
    for (unsigned k = 0; k < 100000; k++)
        tjc_buf_printf(&b, ",\"u%u\":1,\"u%u\":2", k, k);
    tjc_buf_putc(&b, '}');
    size_t len = b.len;
    char *body = tjc_buf_take(&b);
    cr_assert_not_null(body, "out of memory");
    tjc_verdict v;
    judge_bytes(body, len, NULL, &v);
    const char *input = "the sample and 100,000 unknown members, each twice";
    ASSERT_EXACTLY(&v, "BODY-LARGE DUP-MEMBERS UNKNOWN-MEMBERS", EITHER, input);
    cr_assert_eq(count_of(&v, "DUP-MEMBERS"), TJC_VIOLATIONS_PER_RULE, "%s: %s", input,
                 describe(&v));
    cr_assert(v.unlisted > 0, "%s: the rest should be counted as unlisted", input);
    tjc_verdict_free(&v);
    free(body);
}

/* ==== Cases found by writing these tests, fixed in the validator ==== */

Test(path, reports_an_impossible_config_name_with_no_body_pointer)
{
    /* validate.h: the pointer is NULL for the request's path */
    tjc_verdict v;
    judge_bytes(tjc_sample_body(NULL), strlen(tjc_sample_body(NULL)), "a/b", &v);
    const tjc_violation *x = find_violation(&v, "PATH-UNKNOWN-CONFIG");
    cr_assert(x, "the sample sent to config name a/b: expected PATH-UNKNOWN-CONFIG, got %s",
              describe(&v));
    cr_expect_eq(x->level, TJC_LEVEL_MUST, "PATH-UNKNOWN-CONFIG: expected MUST");
    cr_expect_null(x->pointer, "PATH-UNKNOWN-CONFIG: expected a NULL pointer (the path), got %s",
                   x->pointer);
    tjc_verdict_free(&v);
}

Test(duplicates, rejects_a_duplicate_whose_copies_break_different_must_rules)
{
    tjc_verdict v;
    JUDGE(&v, {"worker_server_num", S("1")}, {"+worker_server_num", "1.5"});
    ASSERT_OUTCOME(&v, REJECT, "worker_server_num \"1\" then 1.5");
    tjc_verdict_free(&v);
}

Test(data_source, counts_an_untyped_item_with_data_url_and_a_dataset_as_both_kinds)
{
    tjc_verdict v;
    JUDGE(&v, SOURCE("[{\"data_url\": \"/usr/data/\", " ITEM_PAIR "}, {\"type\": \"dataset\", "
                     ITEM_PAIR "}]"));
    const char *input = "an untyped item with data_url and a dataset, then a dataset item";
    ASSERT_REPORTED(&v, "SOURCE-EXCL", TJC_LEVEL_MUST, input);
    ASSERT_REPORTED_AT(&v, "SOURCE-NO-MIX", TJC_LEVEL_MUST, "/data_source", input);
    ASSERT_OUTCOME(&v, REJECT, input);
    tjc_verdict_free(&v);
}

Test(hostile, records_an_odd_string_below_the_built_depth)
{
    tjc_verdict v;
    JUDGE(&v, {"x", "$(600*[)\"\\u0000\"$(600*])"});
    ASSERT_EXACTLY(&v, "BODY-DEPTH UNKNOWN-MEMBERS STRING-ODD", EITHER,
                   "a U+0000 string 601 levels deep");
    tjc_verdict_free(&v);
}

Test(hostile, records_a_duplicate_member_below_the_built_depth)
{
    tjc_verdict v;
    JUDGE(&v, {"x", "$(600*[){\"a\": 1, \"a\": 2}$(600*])"});
    ASSERT_EXACTLY(&v, "BODY-DEPTH UNKNOWN-MEMBERS DUP-MEMBERS", EITHER,
                   "a duplicate member 601 levels deep");
    tjc_verdict_free(&v);
}
