/*
 * cli: the built tjc executable (TJC_BINARY), run as a user runs it. Exit codes: 0 no MUST
 * rule broken, 1 a MUST rule broken, 2 usage error or unreadable input. Inputs go through
 * temporary files under /tmp, removed after each test.
 */
#include <criterion/criterion.h>

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "body.h"
#include "rules.h"
#include "sample.h"

/* ---- temporary files ---- */

#define MAX_TEMPS 32
static char temps[MAX_TEMPS][64];
static size_t temp_count;

static void remove_temps(void)
{
    for (size_t i = 0; i < temp_count; i++)
        unlink(temps[i]);
    temp_count = 0;
}

TestSuite(cli, .fini = remove_temps);

/* A new file under /tmp holding these bytes; removed after the test. */
static const char *temp_file(const void *data, size_t len)
{
    cr_assert_lt(temp_count, MAX_TEMPS, "too many temporary files");
    char *path = temps[temp_count];
    strcpy(path, "/tmp/tjc-test-XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0, "mkstemp(/tmp/tjc-test-XXXXXX) failed");
    temp_count++;
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        cr_assert_gt(n, 0, "writing %s failed", path);
        p += n;
        len -= (size_t)n;
    }
    close(fd);
    return path;
}

static const char *temp_text(const char *text)
{
    return temp_file(text, strlen(text));
}

/* A path under /tmp that names no file. */
static const char *missing_path(void)
{
    const char *path = temp_file("", 0);
    unlink(path);
    return path;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert(f, "cannot read back %s", path);
    size_t cap = 4096, n = 0;
    char *s = malloc(cap);
    cr_assert(s, "out of memory");
    size_t k;
    while ((k = fread(s + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n - 1 == 0) {
            cap *= 2;
            s = realloc(s, cap);
            cr_assert(s, "out of memory");
        }
    }
    fclose(f);
    s[n] = '\0';
    *len = n;
    return s;
}

/* ---- running tjc ---- */

typedef struct run {
    int status;      /* exit status, or 128 + signal */
    char *out, *err; /* NUL-terminated */
    size_t out_len, err_len;
    char cmd[512];   /* for failure messages */
} run;

/* Runs tjc with the NULL-terminated arguments, stdin from `in` (NULL: /dev/null). */
static run run_tjc(const char *in, ...)
{
    const char *argv[32];
    size_t argc = 0;
    argv[argc++] = TJC_BINARY;
    va_list ap;
    va_start(ap, in);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL && argc < 31)
        argv[argc++] = a;
    va_end(ap);
    argv[argc] = NULL;

    run r;
    memset(&r, 0, sizeof r);
    size_t o = (size_t)snprintf(r.cmd, sizeof r.cmd, "tjc");
    for (size_t i = 1; i < argc && o < sizeof r.cmd; i++)
        o += (size_t)snprintf(r.cmd + o, sizeof r.cmd - o, " %s", argv[i]);
    if (in && o < sizeof r.cmd)
        snprintf(r.cmd + o, sizeof r.cmd - o, " < %s", in);

    const char *out_path = temp_file("", 0), *err_path = temp_file("", 0);
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_geq(pid, 0, "fork failed");
    if (pid == 0) {
        int fin = open(in ? in : "/dev/null", O_RDONLY);
        int fout = open(out_path, O_WRONLY | O_TRUNC);
        int ferr = open(err_path, O_WRONLY | O_TRUNC);
        if (fin < 0 || fout < 0 || ferr < 0)
            _exit(126);
        dup2(fin, 0);
        dup2(fout, 1);
        dup2(ferr, 2);
        execv(TJC_BINARY, (char *const *)argv);
        _exit(127);
    }
    int st = 0;
    cr_assert_eq(waitpid(pid, &st, 0), pid, "waitpid failed");
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    cr_assert_neq(r.status, 127, "%s: could not execute %s", r.cmd, TJC_BINARY);
    r.out = slurp(out_path, &r.out_len);
    r.err = slurp(err_path, &r.err_len);
    return r;
}

static void run_free(run *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

static void expect_status(const run *r, int want)
{
    cr_expect_eq(r->status, want, "%s: expected exit status %d, got %d\nstdout: %.2000s\nstderr: %.2000s",
                 r->cmd, want, r->status, r->out, r->err);
}

static size_t count_char(const char *s, char c)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == c;
    return n;
}

/* Asserts stderr is one line naming `what`, and nothing went to stdout. */
static void expect_one_line_error_naming(const run *r, const char *what)
{
    cr_expect(r->err_len > 0 && count_char(r->err, '\n') == 1 && r->err[r->err_len - 1] == '\n',
              "%s: expected a one-line message on stderr, got \"%s\"", r->cmd, r->err);
    cr_expect(strstr(r->err, what) != NULL, "%s: expected stderr to name %s, got \"%s\"", r->cmd,
              what, r->err);
    cr_expect_eq(r->out_len, 0, "%s: expected nothing on stdout, got \"%s\"", r->cmd, r->out);
}

static const char *sample_file(void)
{
    size_t len;
    const char *s = tjc_sample_body(&len);
    return temp_file(s, len);
}

static cJSON *parse_json_output(const run *r)
{
    cJSON *j = cJSON_ParseWithLength(r->out, r->out_len);
    cr_assert(j != NULL, "%s: expected stdout to be JSON that cJSON parses, got \"%.2000s\"",
              r->cmd, r->out);
    return j;
}

/* The "violations" entry of a verdict with this rule, or NULL. */
static const cJSON *violation_of(const cJSON *verdict, const char *rule)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(verdict, "violations");
    const cJSON *v;
    cJSON_ArrayForEach(v, list) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(v, "rule");
        if (cJSON_IsString(id) && strcmp(id->valuestring, rule) == 0)
            return v;
    }
    return NULL;
}

/* ---- tjc validate ---- */

Test(cli, validate_accepts_the_published_sample_with_status_0)
{
    run s = run_tjc(NULL, "sample", NULL);
    expect_status(&s, 0);
    const char *path = temp_file(s.out, s.out_len);
    run r = run_tjc(NULL, "validate", path, NULL);
    expect_status(&r, 0);
    cr_expect(strstr(r.out, "outcome accept") != NULL,
              "%s (the output of tjc sample): expected \"outcome accept\", got \"%s\"", r.cmd,
              r.out);
    run_free(&r);
    run_free(&s);
}

Test(cli, sample_prints_the_published_sample_exactly)
{
    size_t len;
    const char *want = tjc_sample_body(&len);
    run r = run_tjc(NULL, "sample", NULL);
    expect_status(&r, 0);
    cr_expect(r.out_len == len && memcmp(r.out, want, len) == 0,
              "tjc sample: expected the %zu bytes of tjc_sample_body(), got %zu bytes: \"%s\"", len,
              r.out_len, r.out);
    run_free(&r);
}

Test(cli, validate_exits_1_and_names_the_rule_for_a_broken_body)
{
    static const struct {
        const char *body, *rule;
    } cases[] = {
        {"{\"worker_server_num\": 1,", "BODY-JSON"},
        {"", "BODY-JSON"},
        {"[1, 2]", "BODY-OBJECT"},
        {"{\"worker_server_num\":1,\"app_url\":\"/usr/app/\",\"boot_file_url\":\"/usr/app/boot.py\","
         "\"data_url\":\"/d/\"}",
         "SPEC-REQ"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *path = temp_text(cases[i].body);
        run r = run_tjc(NULL, "validate", path, NULL);
        cr_expect_eq(r.status, 1, "%s (body `%s`): expected exit status 1, got %d; stderr: %s",
                     r.cmd, cases[i].body, r.status, r.err);
        cr_expect(strstr(r.out, cases[i].rule) != NULL,
                  "%s (body `%s`): expected the output to name %s, got \"%s\"", r.cmd,
                  cases[i].body, cases[i].rule, r.out);
        cr_expect(strstr(r.out, "outcome reject") != NULL,
                  "%s (body `%s`): expected \"outcome reject\", got \"%s\"", r.cmd, cases[i].body,
                  r.out);
        run_free(&r);
    }
}

Test(cli, validate_exits_2_naming_a_file_that_does_not_exist)
{
    const char *path = missing_path();
    run r = run_tjc(NULL, "validate", path, NULL);
    expect_status(&r, 2);
    expect_one_line_error_naming(&r, path);
    run_free(&r);
}

Test(cli, validate_exits_2_naming_a_directory_given_as_the_input)
{
    run r = run_tjc(NULL, "validate", "/tmp", NULL);
    expect_status(&r, 2);
    expect_one_line_error_naming(&r, "/tmp");
    run_free(&r);
}

Test(cli, validate_exits_2_for_an_unknown_option)
{
    const char *path = sample_file();
    run r = run_tjc(NULL, "validate", path, "--frobnicate", NULL);
    expect_status(&r, 2);
    expect_one_line_error_naming(&r, "--frobnicate");
    run_free(&r);
    r = run_tjc(NULL, "rules", "--frobnicate", NULL);
    expect_status(&r, 2);
    expect_one_line_error_naming(&r, "--frobnicate");
    run_free(&r);
}

Test(cli, validate_exits_2_for_two_inputs)
{
    const char *a = sample_file(), *b = sample_file();
    run r = run_tjc(NULL, "validate", a, b, NULL);
    expect_status(&r, 2);
    expect_one_line_error_naming(&r, b);
    run_free(&r);
}

Test(cli, validate_json_prints_an_object_with_outcome_counts_and_violations)
{
    const char *path = sample_file();
    run r = run_tjc(NULL, "validate", "--json", path, NULL);
    expect_status(&r, 0);
    cJSON *j = parse_json_output(&r);
    cr_expect(cJSON_IsObject(j), "%s: expected a JSON object", r.cmd);
    const cJSON *outcome = cJSON_GetObjectItemCaseSensitive(j, "outcome");
    const cJSON *counts = cJSON_GetObjectItemCaseSensitive(j, "counts");
    const cJSON *violations = cJSON_GetObjectItemCaseSensitive(j, "violations");
    cr_expect(cJSON_IsString(outcome) && strcmp(outcome->valuestring, "accept") == 0,
              "%s: expected \"outcome\": \"accept\", got %s", r.cmd, r.out);
    cr_expect(cJSON_IsObject(counts), "%s: expected \"counts\" to be an object, got %s", r.cmd,
              r.out);
    static const char *const levels[] = {"MUST", "SHOULD", "INFO"};
    for (size_t i = 0; i < 3; i++)
        cr_expect(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(counts, levels[i])),
                  "%s: expected counts.%s to be a number, got %s", r.cmd, levels[i], r.out);
    cr_expect(cJSON_IsArray(violations), "%s: expected \"violations\" to be an array, got %s",
              r.cmd, r.out);
    cJSON_Delete(j);
    run_free(&r);
}

Test(cli, validate_json_lists_the_broken_rule_and_counts_it)
{
    const char *path = temp_text("{\"worker_server_num\": 1,");
    run r = run_tjc(NULL, "validate", "--json", path, NULL);
    expect_status(&r, 1);
    cJSON *j = parse_json_output(&r);
    const cJSON *outcome = cJSON_GetObjectItemCaseSensitive(j, "outcome");
    cr_expect(cJSON_IsString(outcome) && strcmp(outcome->valuestring, "reject") == 0,
              "%s: expected \"outcome\": \"reject\", got %s", r.cmd, r.out);
    const cJSON *v = violation_of(j, "BODY-JSON");
    cr_expect(v != NULL, "%s: expected a violation of BODY-JSON, got %s", r.cmd, r.out);
    if (v) {
        const cJSON *level = cJSON_GetObjectItemCaseSensitive(v, "level");
        const cJSON *pointer = cJSON_GetObjectItemCaseSensitive(v, "pointer");
        const cJSON *message = cJSON_GetObjectItemCaseSensitive(v, "message");
        cr_expect(cJSON_IsString(level) && strcmp(level->valuestring, "MUST") == 0,
                  "%s: expected BODY-JSON at level MUST, got %s", r.cmd, r.out);
        cr_expect(cJSON_IsString(pointer) && pointer->valuestring[0] == '\0',
                  "%s: expected BODY-JSON at pointer \"\" (the whole body), got %s", r.cmd, r.out);
        cr_expect(cJSON_IsString(message) && message->valuestring[0] != '\0',
                  "%s: expected a message, got %s", r.cmd, r.out);
    }
    /* counts agree with the list */
    const cJSON *counts = cJSON_GetObjectItemCaseSensitive(j, "counts");
    const cJSON *unlisted = cJSON_GetObjectItemCaseSensitive(counts, "unlisted");
    size_t listed[3] = {0, 0, 0};
    static const char *const levels[] = {"MUST", "SHOULD", "INFO"};
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(j, "violations")) {
        const cJSON *level = cJSON_GetObjectItemCaseSensitive(x, "level");
        for (size_t i = 0; i < 3; i++)
            if (cJSON_IsString(level) && strcmp(level->valuestring, levels[i]) == 0)
                listed[i]++;
    }
    if (cJSON_IsNumber(unlisted) && unlisted->valuedouble == 0)
        for (size_t i = 0; i < 3; i++) {
            const cJSON *c = cJSON_GetObjectItemCaseSensitive(counts, levels[i]);
            cr_expect(cJSON_IsNumber(c) && c->valuedouble == (double)listed[i],
                      "%s: expected counts.%s == %zu (the violations listed), got %s", r.cmd,
                      levels[i], listed[i], r.out);
        }
    cJSON_Delete(j);
    run_free(&r);
}

Test(cli, validate_reads_standard_input_for_a_dash_or_no_file)
{
    const char *path = sample_file();
    run r = run_tjc(path, "validate", "-", NULL);
    expect_status(&r, 0);
    cr_expect(strstr(r.out, "outcome accept") != NULL,
              "%s: expected \"outcome accept\", got \"%s\"", r.cmd, r.out);
    cr_expect(strstr(r.out, "(stdin)") != NULL, "%s: expected the input named (stdin), got \"%s\"",
              r.cmd, r.out);
    run_free(&r);
    r = run_tjc(path, "validate", NULL);
    expect_status(&r, 0);
    cr_expect(strstr(r.out, "outcome accept") != NULL,
              "%s: expected \"outcome accept\", got \"%s\"", r.cmd, r.out);
    run_free(&r);
    const char *broken = temp_text("{\"a\":");
    r = run_tjc(broken, "validate", "--json", "-", NULL);
    expect_status(&r, 1);
    cJSON *j = parse_json_output(&r);
    cr_expect(violation_of(j, "BODY-JSON") != NULL, "%s: expected BODY-JSON, got %s", r.cmd,
              r.out);
    cJSON_Delete(j);
    run_free(&r);
}

Test(cli, validate_judges_the_config_name_when_given)
{
    const char *path = sample_file();
    run r = run_tjc(NULL, "validate", path, "--config-name", "config", NULL);
    expect_status(&r, 0);
    run_free(&r);
    r = run_tjc(NULL, "validate", path, "--config-name", "no/such name", NULL);
    expect_status(&r, 1);
    cr_expect(strstr(r.out, "PATH-UNKNOWN-CONFIG") != NULL,
              "%s: expected PATH-UNKNOWN-CONFIG named, got \"%s\"", r.cmd, r.out);
    run_free(&r);
}

Test(cli, validate_exits_2_naming_a_base_body_that_is_not_json)
{
    const char *body = sample_file();
    const char *base = temp_text("this is not JSON");
    run r = run_tjc(NULL, "validate", "--base-body", base, body, NULL);
    expect_status(&r, 2);
    expect_one_line_error_naming(&r, base);
    run_free(&r);

    base = temp_text("[1, 2]"); /* JSON, but not an object */
    r = run_tjc(NULL, "validate", "--base-body", base, body, NULL);
    expect_status(&r, 2);
    expect_one_line_error_naming(&r, base);
    run_free(&r);

    base = missing_path();
    r = run_tjc(NULL, "validate", "--base-body", base, body, NULL);
    expect_status(&r, 2);
    expect_one_line_error_naming(&r, base);
    run_free(&r);

    r = run_tjc(NULL, "validate", body, "--base-body", NULL);
    expect_status(&r, 2);
    expect_one_line_error_naming(&r, "--base-body");
    run_free(&r);
}

Test(cli, validate_accepts_the_sample_against_itself_as_base_body)
{
    const char *body = sample_file(), *base = sample_file();
    run r = run_tjc(NULL, "validate", "--base-body", base, body, NULL);
    expect_status(&r, 0);
    cr_expect(strstr(r.out, "outcome accept") != NULL,
              "%s: expected \"outcome accept\", got \"%s\"", r.cmd, r.out);
    run_free(&r);
}

/* The sample with one member put first. */
static const char *sample_with_member(const char *member)
{
    size_t len;
    const char *s = tjc_sample_body(&len);
    size_t k = strlen(member);
    char *text = malloc(len + k + 2);
    cr_assert(text, "out of memory");
    text[0] = '{';
    memcpy(text + 1, member, k);
    text[1 + k] = ',';
    memcpy(text + 2 + k, s + 1, len - 1);
    const char *path = temp_file(text, len + k + 1);
    free(text);
    return path;
}

/* The violation pointers of a --json verdict, read by tjc's own strict reader (so that
 * U+0000 and lone surrogates are held as body.h says). Returns whether `want` is one. */
static int json_output_has_pointer(const run *r, const char *want)
{
    tjc_body b;
    cr_assert_eq(tjc_body_parse((const unsigned char *)r->out, r->out_len, &b), 0,
                 "out of memory");
    cr_assert(b.root != NULL, "%s: expected stdout to be RFC 8259 JSON, got %s at byte %zu: %s",
              r->cmd, b.error, b.error_offset, r->out);
    int found = 0;
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(b.root, "violations")) {
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(x, "pointer");
        if (cJSON_IsString(p) && strcmp(p->valuestring, want) == 0)
            found = 1;
    }
    tjc_body_free(&b);
    return found;
}

Test(cli, validate_json_escapes_u0000_in_a_pointer)
{
    const char *path = sample_with_member("\"a\\u0000b\": 1");
    run r = run_tjc(NULL, "validate", "--json", path, NULL);
    expect_status(&r, 0);
    cJSON *j = parse_json_output(&r);
    cr_expect(violation_of(j, "UNKNOWN-MEMBERS") != NULL || violation_of(j, "STRING-ODD") != NULL,
              "%s: expected the member named in a violation, got %s", r.cmd, r.out);
    cJSON_Delete(j);
    cr_expect(strstr(r.out, "\\u0000") != NULL, "%s: expected U+0000 written as \\u0000, got %s",
              r.cmd, r.out);
    cr_expect(memchr(r.out, 0xC0, r.out_len) == NULL,
              "%s: expected no raw C0 byte (tjc's inner form of U+0000) in the output, got %s",
              r.cmd, r.out);
    cr_expect(json_output_has_pointer(&r, "/a\xc0\x80" "b"),
              "%s: expected a violation at the pointer /a\\u0000b, got %s", r.cmd, r.out);
    run_free(&r);
}

Test(cli, validate_json_escapes_a_lone_surrogate_in_a_pointer)
{
    const char *path = sample_with_member("\"a\\ud800b\": 1");
    run r = run_tjc(NULL, "validate", "--json", path, NULL);
    expect_status(&r, 0);
    cr_expect(memchr(r.out, 0xED, r.out_len) == NULL,
              "%s: expected no raw ED byte (a surrogate in UTF-8) in the output, got %s", r.cmd,
              r.out);
    cr_expect(json_output_has_pointer(&r, "/a\xed\xa0\x80" "b"),
              "%s: expected a violation at the pointer /a\\ud800b, got %s", r.cmd, r.out);
    run_free(&r);
}

/* ---- tjc rules ---- */

Test(cli, rules_lists_every_rule)
{
    size_t n;
    const tjc_rule *rules = tjc_rules(&n);
    run r = run_tjc(NULL, "rules", NULL);
    expect_status(&r, 0);
    for (size_t i = 0; i < n; i++) {
        char line_start[80];
        snprintf(line_start, sizeof line_start, "\n%s ", rules[i].id);
        int first = strncmp(r.out, line_start + 1, strlen(line_start + 1)) == 0;
        cr_expect(first || strstr(r.out, line_start) != NULL,
                  "tjc rules: expected a line starting with %s, not found in \"%s\"", rules[i].id,
                  r.out);
    }
    char total[32];
    snprintf(total, sizeof total, "%zu rules\n", n);
    cr_expect(strstr(r.out, total) != NULL, "tjc rules: expected \"%zu rules\", got \"%s\"", n,
              r.out);
    run_free(&r);
}

Test(cli, rules_json_has_one_entry_per_rule)
{
    size_t n;
    const tjc_rule *rules = tjc_rules(&n);
    run r = run_tjc(NULL, "rules", "--json", NULL);
    expect_status(&r, 0);
    cJSON *j = parse_json_output(&r);
    cr_assert(cJSON_IsArray(j), "tjc rules --json: expected an array");
    int size = cJSON_GetArraySize(j);
    cr_expect_eq((size_t)size, n, "tjc rules --json: expected %zu entries (tjc_rules()), got %d", n,
                 size);
    size_t i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, j) {
        if (i >= n)
            break;
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "id");
        const cJSON *level = cJSON_GetObjectItemCaseSensitive(e, "level");
        const cJSON *info = cJSON_GetObjectItemCaseSensitive(e, "info");
        const cJSON *req = cJSON_GetObjectItemCaseSensitive(e, "requirement");
        cr_expect(cJSON_IsString(id) && strcmp(id->valuestring, rules[i].id) == 0,
                  "tjc rules --json entry %zu: expected id %s, got %s", i, rules[i].id,
                  cJSON_IsString(id) ? id->valuestring : "(none)");
        cr_expect(cJSON_IsString(level) &&
                      strcmp(level->valuestring, tjc_level_name(rules[i].level)) == 0,
                  "tjc rules --json %s: expected level %s", rules[i].id,
                  tjc_level_name(rules[i].level));
        if (rules[i].level == TJC_LEVEL_INFO)
            cr_expect(cJSON_IsString(info) &&
                          strcmp(info->valuestring, tjc_info_kind_name(rules[i].info)) == 0,
                      "tjc rules --json %s: expected info %s", rules[i].id,
                      tjc_info_kind_name(rules[i].info));
        cr_expect(cJSON_IsString(req) && strcmp(req->valuestring, rules[i].requirement) == 0,
                  "tjc rules --json %s: expected the requirement as in the catalogue", rules[i].id);
        i++;
    }
    cJSON_Delete(j);
    run_free(&r);
}

/* ---- help, version, usage errors ---- */

static void expect_mentions(const run *r, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cr_expect(strstr(r->out, words[i]) != NULL, "%s: expected stdout to mention %s, got \"%s\"",
                  r->cmd, words[i], r->out);
}

Test(cli, help_exits_0_and_lists_the_commands)
{
    static const char *const words[] = {"usage", "validate", "rules", "sample", "help", "version"};
    static const char *const forms[] = {"--help", "-h", "help"};
    for (size_t i = 0; i < 3; i++) {
        run r = run_tjc(NULL, forms[i], NULL);
        expect_status(&r, 0);
        expect_mentions(&r, words, sizeof words / sizeof words[0]);
        run_free(&r);
    }
}

Test(cli, validate_help_exits_0_and_lists_the_options)
{
    static const char *const words[] = {"usage: tjc validate", "--json", "--base-body",
                                        "--config-name"};
    run r = run_tjc(NULL, "validate", "--help", NULL);
    expect_status(&r, 0);
    expect_mentions(&r, words, sizeof words / sizeof words[0]);
    run_free(&r);
    r = run_tjc(NULL, "help", "validate", NULL);
    expect_status(&r, 0);
    expect_mentions(&r, words, sizeof words / sizeof words[0]);
    run_free(&r);
    static const char *const rules_words[] = {"usage: tjc rules", "--json"};
    r = run_tjc(NULL, "rules", "--help", NULL);
    expect_status(&r, 0);
    expect_mentions(&r, rules_words, 2);
    run_free(&r);
}

Test(cli, version_exits_0_and_prints_the_version)
{
    run r = run_tjc(NULL, "version", NULL);
    expect_status(&r, 0);
    cr_expect(strncmp(r.out, "tjc ", 4) == 0 && count_char(r.out, '\n') == 1,
              "tjc version: expected one line \"tjc VERSION\", got \"%s\"", r.out);
    run_free(&r);
}

Test(cli, exits_2_naming_an_unknown_command)
{
    run r = run_tjc(NULL, "frobnicate", NULL);
    expect_status(&r, 2);
    expect_one_line_error_naming(&r, "frobnicate");
    run_free(&r);
}

Test(cli, exits_2_with_usage_when_no_command_is_given)
{
    run r = run_tjc(NULL, NULL);
    expect_status(&r, 2);
    cr_expect(strstr(r.err, "usage") != NULL, "tjc: expected usage on stderr, got \"%s\"", r.err);
    run_free(&r);
}

Test(cli, sample_exits_2_for_an_argument)
{
    run r = run_tjc(NULL, "sample", "extra", NULL);
    expect_status(&r, 2);
    expect_one_line_error_naming(&r, "extra");
    run_free(&r);
}
