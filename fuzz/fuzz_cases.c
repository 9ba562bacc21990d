/*
 * fuzz_cases: arbitrary bytes into the case-file parser (conformance/README.md has the
 * format), and for every case it takes, the request it makes: the target filled in, and
 * the body built on the published sample. Input framing: any bytes are a case file.
 *
 * A generator asked for more than 100000 items, levels or units, or for more than 16 MiB
 * of output, is parsed but not built: the fuzzer stays fast and bounded (such bodies are
 * the robustness cases' business, and building them is a loop, not a parser).
 *
 * Properties beyond "no crash":
 *  - a refused file leaves the case zeroed and gives a one-line reason naming the source
 *    (cases.h);
 *  - a taken case has a valid id, rule ids of the catalogue, a method of letters, a path
 *    starting with /, and one-line "Name: value" headers;
 *  - the request target starts as the path does, and a literal config name is
 *    percent-encoded as one segment: unreserved characters and %XX only;
 *  - a case without a body builds none; the same case builds the same bytes twice.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "body.h"
#include "buf.h"
#include "cases.h"
#include "fuzz.h"
#include "rules.h"
#include "sample.h"

static const char TARGET[] = "fuzz_cases";
static const char SOURCE[] = "fuzz-input.json";

#define GENERATE_BUILD_MAX 100000.0
#define GENERATED_BYTES_MAX (16u << 20)

int tjc_fuzz_framing_ok(const uint8_t *data, size_t size)
{
    (void)data;
    (void)size;
    return 1; /* any bytes are a case file */
}

static const cJSON *member(const cJSON *obj, const char *name)
{
    for (const cJSON *m = obj ? obj->child : NULL; m; m = m->next)
        if (m->string && strcmp(m->string, name) == 0)
            return m;
    return NULL;
}

/* Whether building the case's body would generate a huge value. The parser has already
 * checked the generator's shape; this only sizes it. */
static int huge(const tjc_case *c)
{
    const cJSON *gen = member(c->body, "generate");
    if (!gen)
        return 0;
    const cJSON *kind = member(gen, "kind");
    int nest = cJSON_IsString(kind) && strcmp(kind->valuestring, "nest") == 0;
    const cJSON *count = member(gen, nest ? "depth" : "count");
    if (!cJSON_IsNumber(count) || count->valuedouble > GENERATE_BUILD_MAX)
        return 1;
    if (nest)
        return 0;
    /* the bytes of one unit or item, as generate() writes it */
    size_t unit = 0;
    const cJSON *item = member(gen, "item"), *text = member(gen, "unit"),
                *raw = member(gen, "raw_unit");
    tjc_buf b;
    tjc_buf_init(&b);
    if (item) {
        if (tjc_body_write(&b, item) == 0)
            unit = b.len;
    } else if (cJSON_IsString(text)) {
        tjc_json_write_string(&b, text->valuestring);
        unit = b.len;
    } else if (cJSON_IsString(raw)) {
        unit = strlen(raw->valuestring);
    }
    tjc_buf_free(&b);
    return count->valuedouble * (double)(unit + 1) > GENERATED_BYTES_MAX;
}

static int unreserved(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '-' || ch == '_' || ch == '.' || ch == '~';
}

static int hex_digit(unsigned char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'F');
}

static void check_segment(const char *name)
{
    char *seg = tjc_percent_encode_segment(name);
    if (!seg)
        return; /* out of memory */
    for (const unsigned char *p = (const unsigned char *)seg; *p; p++) {
        if (unreserved(*p))
            continue;
        if (*p != '%' || !hex_digit(p[1]) || !hex_digit(p[2]))
            tjc_fuzz_fail(TARGET, "config name encoded as %s: byte %zu is neither unreserved "
                                  "nor %%XX",
                          seg, (size_t)(p - (const unsigned char *)seg));
        p += 2;
    }
    free(seg);
}

static void check_case(const tjc_case *c)
{
    static const char method_chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-";
    static const char id_chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                   "0123456789-_.";
    if (!c->id || !c->id[0] || strlen(c->id) > 128 || strspn(c->id, id_chars) != strlen(c->id))
        tjc_fuzz_fail(TARGET, "a case was taken with the id \"%s\"", c->id ? c->id : "(null)");
    if (!c->title || !c->source || strcmp(c->source, SOURCE) != 0)
        tjc_fuzz_fail(TARGET, "case %s: title or source missing", c->id);
    if (!c->rule_count || !c->rules)
        tjc_fuzz_fail(TARGET, "case %s was taken without rules", c->id);
    for (size_t i = 0; i < c->rule_count; i++)
        if (!c->rules[i] || !tjc_rule_find(c->rules[i]))
            tjc_fuzz_fail(TARGET, "case %s: rules[%zu] \"%s\" is not in the catalogue", c->id, i,
                          c->rules[i] ? c->rules[i] : "(null)");
    if (!c->method || !c->method[0] || strspn(c->method, method_chars) != strlen(c->method))
        tjc_fuzz_fail(TARGET, "case %s: method \"%s\" is not letters", c->id,
                      c->method ? c->method : "(null)");
    if (!c->path || c->path[0] != '/')
        tjc_fuzz_fail(TARGET, "case %s: path \"%s\" does not start with /", c->id,
                      c->path ? c->path : "(null)");
    if (c->expect < -1 || c->expect > 2 || (c->config_exists != 0 && c->config_exists != 1))
        tjc_fuzz_fail(TARGET, "case %s: expect %d, config_exists %d", c->id, c->expect,
                      c->config_exists);
    for (size_t i = 0; i < c->header_count; i++) {
        const char *h = c->headers[i];
        const char *colon = h ? strstr(h, ": ") : NULL;
        if (!colon || colon == h || strpbrk(h, "\r\n"))
            tjc_fuzz_fail(TARGET, "case %s: header %zu is not one \"Name: value\" line", c->id, i);
    }
}

static void check_refusal(const tjc_case *c, const char *err, size_t err_cap)
{
    if (c->id || c->title || c->rules || c->rule_count || c->method || c->path ||
        c->config_name || c->headers || c->header_count || c->body || c->source)
        tjc_fuzz_fail(TARGET, "a refused case file leaves fields set");
    size_t n = strnlen(err, err_cap);
    if (n == 0 || n == err_cap)
        tjc_fuzz_fail(TARGET, "a refused case file gives no reason (or an unterminated one)");
    if (strncmp(err, SOURCE, sizeof SOURCE - 1) != 0)
        tjc_fuzz_fail(TARGET, "the reason does not name the source: %s", err);
    if (strpbrk(err, "\r\n"))
        tjc_fuzz_fail(TARGET, "the reason is not one line: %s", err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tjc_case c;
    char err[512];
    err[0] = '\0';
    if (tjc_case_parse(data, size, SOURCE, &c, err, sizeof err) != 0) {
        if (strstr(err, "out of memory"))
            return 0;
        check_refusal(&c, err, sizeof err);
        return 0;
    }
    check_case(&c);

    char *target = tjc_case_target(&c, "p", "config");
    if (target) {
        const char *brace = strchr(c.path, '{');
        size_t fixed = brace ? (size_t)(brace - c.path) : strlen(c.path);
        if (strncmp(target, c.path, fixed) != 0)
            tjc_fuzz_fail(TARGET, "case %s: the target %s does not start as the path %s does",
                          c.id, target, c.path);
        free(target);
    }
    if (c.config_name)
        check_segment(c.config_name);

    if (!huge(&c)) {
        size_t sample_len;
        const unsigned char *sample = (const unsigned char *)tjc_sample_body(&sample_len);
        unsigned char *first = NULL, *second = NULL;
        size_t first_len = 0, second_len = 0;
        int rc1 = tjc_case_body(&c, sample, sample_len, &first, &first_len, err, sizeof err);
        int rc2 = tjc_case_body(&c, sample, sample_len, &second, &second_len, err, sizeof err);
        if (rc1 == 0 && rc2 == 0) {
            if (!c.body && (first || first_len))
                tjc_fuzz_fail(TARGET, "case %s has no body but built %zu bytes", c.id,
                              first_len);
            if (first_len != second_len || (first_len && memcmp(first, second, first_len) != 0))
                tjc_fuzz_fail(TARGET, "case %s built %zu bytes, then %zu different ones", c.id,
                              first_len, second_len);
        } else if ((rc1 == 0) != (rc2 == 0) && !strstr(err, "out of memory")) {
            tjc_fuzz_fail(TARGET, "case %s built once and failed once: %s", c.id, err);
        }
        free(first);
        free(second);
    }
    tjc_case_free(&c);
    return 0;
}
