/*
 * cli: tjc's subcommands. Parses options, calls one module, maps results to exit codes:
 *   0  no MUST rule broken (warnings allowed)
 *   1  a MUST rule is broken
 *   2  usage error, or an input that cannot be read
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "buf.h"
#include "rules.h"
#include "sample.h"
#include "validate.h"

#define TJC_VERSION "0.1.0"

enum { EXIT_PASS = 0, EXIT_MUST = 1, EXIT_USAGE = 2 };

static const char usage_main[] =
    "tjc: conformance and fuzzing harness for ModelArts'\n"
    "     PUT /v1/{project_id}/training-job-configs/{config_name}\n"
    "\n"
    "usage: tjc COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  validate [FILE|-]   judge a request body against spec/rules.md: every violation\n"
    "                      (rule id, level, JSON Pointer, message) and the outcome a\n"
    "                      server must give (accept, either, reject)\n"
    "  rules               list the rule catalogue (id, level, requirement, the page's words)\n"
    "  sample              print the published sample request body\n"
    "  help [COMMAND]      this text, or a command's\n"
    "  version             print tjc's version\n"
    "\n"
    "exit status: 0 no MUST rule broken, 1 a MUST rule broken, 2 usage or input error\n";

static const char usage_validate[] =
    "usage: tjc validate [FILE|-] [--json] [--base-body FILE] [--config-name NAME]\n"
    "\n"
    "Reads a request body (FILE, or standard input when FILE is - or left out) and prints\n"
    "every rule of spec/rules.md it breaks or shows: rule id, level, JSON Pointer, message;\n"
    "then the outcome a server must give: accept (it must be accepted), either (accepting\n"
    "and refusing both conform), reject (it must be refused).\n"
    "\n"
    "  --json              print one JSON object: {\"outcome\", \"counts\", \"violations\"}\n"
    "  --base-body FILE    the base body whose ids, datasets and paths exist on the target\n"
    "                      (errata E12); default: the published sample\n"
    "  --config-name NAME  also judge the path's config name (PATH-UNKNOWN-CONFIG)\n"
    "\n"
    "exit status: 0 outcome accept or either (SHOULD violations are warnings),\n"
    "             1 outcome reject (a MUST rule is broken), 2 usage error or unreadable input\n";

static const char usage_rules[] =
    "usage: tjc rules [--json]\n"
    "\n"
    "Lists every rule of spec/rules.md: id, level (MUST, SHOULD, INFO and whether an INFO case\n"
    "is open or tolerated), scope (body, path, response, robustness), the requirement and the\n"
    "words of the page it rests on.\n";

static const char usage_sample[] =
    "usage: tjc sample\n"
    "\n"
    "Prints the published sample request body of the page, as printed there.\n";

/* Reads a whole file (or stdin for "-"). Returns 0, or -1 with errno set. */
static int read_all(const char *path, unsigned char **data, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return -1;
    tjc_buf b;
    tjc_buf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        tjc_buf_append(&b, chunk, n);
    int bad = ferror(f);
    int saved = errno;
    if (f != stdin)
        fclose(f);
    if (bad || b.failed) {
        tjc_buf_free(&b);
        errno = bad ? saved : ENOMEM;
        return -1;
    }
    *len = b.len;
    *data = (unsigned char *)tjc_buf_take(&b);
    return *data ? 0 : -1;
}

static void print_escaped(FILE *out, const char *s)
{
    /* pointers and names may hold any byte: show control bytes escaped */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\x%02x", *p);
        else
            fputc(*p, out);
    }
}

static int cmd_rules(int argc, char **argv)
{
    int json = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(usage_rules, stdout);
            return EXIT_PASS;
        } else {
            fprintf(stderr, "tjc rules: unknown option '%s' (see tjc rules --help)\n", argv[i]);
            return EXIT_USAGE;
        }
    }
    size_t n;
    const tjc_rule *rules = tjc_rules(&n);
    if (!json) {
        for (size_t i = 0; i < n; i++) {
            const tjc_rule *r = &rules[i];
            printf("%-24s %-6s %-10s %-10s %s\n", r->id, tjc_level_name(r->level),
                   tjc_info_kind_name(r->info), tjc_scope_name(r->scope), r->requirement);
        }
        printf("%zu rules\n", n);
        return EXIT_PASS;
    }
    tjc_buf b;
    tjc_buf_init(&b);
    tjc_buf_puts(&b, "[\n");
    for (size_t i = 0; i < n; i++) {
        const tjc_rule *r = &rules[i];
        tjc_buf_puts(&b, "  {\"id\": ");
        tjc_json_write_string(&b, r->id);
        tjc_buf_printf(&b, ", \"level\": \"%s\"", tjc_level_name(r->level));
        if (r->info != TJC_INFO_NONE)
            tjc_buf_printf(&b, ", \"info\": \"%s\"", tjc_info_kind_name(r->info));
        tjc_buf_printf(&b, ", \"scope\": \"%s\", \"section\": ", tjc_scope_name(r->scope));
        tjc_json_write_string(&b, r->section);
        tjc_buf_puts(&b, ", \"requirement\": ");
        tjc_json_write_string(&b, r->requirement);
        tjc_buf_puts(&b, ", \"rests_on\": ");
        tjc_json_write_string(&b, r->rests_on);
        tjc_buf_puts(&b, i + 1 < n ? "},\n" : "}\n");
    }
    tjc_buf_puts(&b, "]\n");
    if (b.failed) {
        tjc_buf_free(&b);
        fputs("tjc rules: out of memory\n", stderr);
        return EXIT_USAGE;
    }
    fwrite(b.data, 1, b.len, stdout);
    tjc_buf_free(&b);
    return EXIT_PASS;
}

static void count_levels(const tjc_verdict *v, size_t counts[3])
{
    counts[0] = counts[1] = counts[2] = 0;
    for (size_t i = 0; i < v->count; i++)
        counts[v->items[i].level]++;
}

static void print_verdict_text(const char *input, const tjc_verdict *v)
{
    for (size_t i = 0; i < v->count; i++) {
        const tjc_violation *x = &v->items[i];
        printf("%-6s %-20s ", tjc_level_name(x->level), x->rule->id);
        if (x->pointer)
            print_escaped(stdout, x->pointer[0] ? x->pointer : "(whole body)");
        else
            fputs("(path)", stdout);
        fputs("  ", stdout);
        print_escaped(stdout, x->message);
        fputc('\n', stdout);
    }
    size_t counts[3];
    count_levels(v, counts);
    printf("%s: outcome %s (%zu MUST, %zu SHOULD, %zu INFO", input, tjc_outcome_name(v->outcome),
           counts[TJC_LEVEL_MUST], counts[TJC_LEVEL_SHOULD], counts[TJC_LEVEL_INFO]);
    if (v->unlisted)
        printf("; %zu more not listed", v->unlisted);
    printf(")\n");
}

static int print_verdict_json(const char *input, const tjc_verdict *v)
{
    size_t counts[3];
    count_levels(v, counts);
    tjc_buf b;
    tjc_buf_init(&b);
    tjc_buf_puts(&b, "{\"input\": ");
    tjc_json_write_string(&b, input);
    tjc_buf_printf(&b,
                   ", \"outcome\": \"%s\", \"counts\": {\"MUST\": %zu, \"SHOULD\": %zu, "
                   "\"INFO\": %zu, \"unlisted\": %zu}, \"violations\": [",
                   tjc_outcome_name(v->outcome), counts[TJC_LEVEL_MUST],
                   counts[TJC_LEVEL_SHOULD], counts[TJC_LEVEL_INFO], v->unlisted);
    for (size_t i = 0; i < v->count; i++) {
        const tjc_violation *x = &v->items[i];
        tjc_buf_puts(&b, i ? ",\n  {\"rule\": " : "\n  {\"rule\": ");
        tjc_json_write_string(&b, x->rule->id);
        tjc_buf_printf(&b, ", \"level\": \"%s\", \"pointer\": ", tjc_level_name(x->level));
        if (x->pointer)
            tjc_json_write_string(&b, x->pointer);
        else
            tjc_buf_puts(&b, "null");
        tjc_buf_puts(&b, ", \"message\": ");
        tjc_json_write_string(&b, x->message);
        tjc_buf_puts(&b, "}");
    }
    tjc_buf_puts(&b, v->count ? "\n]}\n" : "]}\n");
    if (b.failed) {
        tjc_buf_free(&b);
        return -1;
    }
    fwrite(b.data, 1, b.len, stdout);
    tjc_buf_free(&b);
    return 0;
}

static int cmd_validate(int argc, char **argv)
{
    const char *input = NULL, *base_path = NULL, *config_name = NULL;
    int json = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_validate, stdout);
            return EXIT_PASS;
        } else if (strcmp(a, "--base-body") == 0 || strcmp(a, "--config-name") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "tjc validate: %s needs a value\n", a);
                return EXIT_USAGE;
            }
            if (strcmp(a, "--base-body") == 0)
                base_path = argv[++i];
            else
                config_name = argv[++i];
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "tjc validate: unknown option '%s' (see tjc validate --help)\n", a);
            return EXIT_USAGE;
        } else if (input) {
            fprintf(stderr, "tjc validate: one input at a time ('%s' and '%s')\n", input, a);
            return EXIT_USAGE;
        } else {
            input = a;
        }
    }
    if (!input)
        input = "-";
    const char *shown = strcmp(input, "-") == 0 ? "(stdin)" : input;

    unsigned char *base = NULL;
    size_t base_len = 0;
    if (base_path && read_all(base_path, &base, &base_len) != 0) {
        fprintf(stderr, "tjc validate: cannot read base body '%s': %s\n", base_path,
                strerror(errno));
        return EXIT_USAGE;
    }
    char err[256];
    tjc_validator *validator;
    if (tjc_validator_new(base, base_len, &validator, err, sizeof err) != 0) {
        fprintf(stderr, "tjc validate: --base-body '%s': %s\n", base_path ? base_path : "",
                err);
        free(base);
        return EXIT_USAGE;
    }
    free(base);

    unsigned char *data = NULL;
    size_t len = 0;
    if (read_all(input, &data, &len) != 0) {
        fprintf(stderr, "tjc validate: cannot read '%s': %s\n", shown, strerror(errno));
        tjc_validator_free(validator);
        return EXIT_USAGE;
    }
    tjc_verdict verdict;
    int rc = tjc_validate(validator, data, len, config_name, &verdict);
    free(data);
    tjc_validator_free(validator);
    if (rc != 0) {
        fprintf(stderr, "tjc validate: out of memory judging '%s'\n", shown);
        return EXIT_USAGE;
    }
    if (json) {
        if (print_verdict_json(shown, &verdict) != 0) {
            fprintf(stderr, "tjc validate: out of memory writing the verdict\n");
            tjc_verdict_free(&verdict);
            return EXIT_USAGE;
        }
    } else {
        print_verdict_text(shown, &verdict);
    }
    int status = verdict.outcome == TJC_OUTCOME_REJECT ? EXIT_MUST : EXIT_PASS;
    tjc_verdict_free(&verdict);
    return status;
}

static int cmd_sample(int argc, char **argv)
{
    if (argc > 0 && (strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "--help") == 0)) {
        fputs(usage_sample, stdout);
        return EXIT_PASS;
    }
    if (argc > 0) {
        fprintf(stderr, "tjc sample: takes no arguments ('%s')\n", argv[0]);
        return EXIT_USAGE;
    }
    size_t len;
    const char *s = tjc_sample_body(&len);
    fwrite(s, 1, len, stdout);
    return EXIT_PASS;
}

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
} commands[] = {
    {"validate", cmd_validate, usage_validate},
    {"rules", cmd_rules, usage_rules},
    {"sample", cmd_sample, usage_sample},
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_main, stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0) {
        if (argc > 2)
            for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
                if (strcmp(commands[i].name, argv[2]) == 0) {
                    fputs(commands[i].usage, stdout);
                    return EXIT_PASS;
                }
        fputs(usage_main, stdout);
        return EXIT_PASS;
    }
    if (strcmp(name, "version") == 0 || strcmp(name, "--version") == 0) {
        printf("tjc %s\n", TJC_VERSION);
        return EXIT_PASS;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return commands[i].run(argc - 2, argv + 2);
    fprintf(stderr, "tjc: unknown command '%s' (see tjc --help)\n", name);
    return EXIT_USAGE;
}
