/*
 * cli: tjc's subcommands. Parses options, calls one module, maps results to exit codes:
 *   0  no MUST rule broken (warnings allowed)
 *   1  a MUST rule is broken
 *   2  usage error, or an input that cannot be read
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "cases.h"
#include "conform.h"
#include "report.h"
#include <curl/curl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buf.h"
#include "rules.h"
#include "sample.h"
#include "serve.h"
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
    "  serve               run the reference server (the embedded default target)\n"
    "  conform             certify a server: run every case, grade it per rule, write reports\n"
    "  replay ID|FILE      run one case (or a saved case file) and show request, answer, verdict\n"
    "  cases               list the conformance cases and the outcome each one expects\n"
    "  help [COMMAND]      this text, or a command's\n"
    "  version             print tjc's version\n"
    "\n"
    "exit status: 0 no MUST rule broken, 1 a MUST rule broken, 2 usage or input error,\n"
    "             3 target unreachable (conform, replay)\n";

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

static const char usage_serve[] =
    "usage: tjc serve [--bind ADDR] [--port N] [--config NAME]... [--body-limit BYTES]\n"
    "                 [--timeout S] [--fault NAME]... | --list-faults\n"
    "\n"
    "Runs the reference server of PUT /v1/{project_id}/training-job-configs/{config_name}\n"
    "until SIGINT or SIGTERM. It accepts a body that breaks no MUST or SHOULD rule and refuses\n"
    "every other one (400), asking the validator; unknown configs get 404, other methods\n"
    "405, bodies over the limit 413. Every answer is JSON. It prints the port it listens on,\n"
    "alone on one line, on standard output.\n"
    "\n"
    "  --bind ADDR         IPv4 or IPv6 address to listen on (default 127.0.0.1)\n"
    "  --port N            port (default 0: a free one)\n"
    "  --config NAME       a configuration that exists (repeatable; default: config)\n"
    "  --body-limit BYTES  larger bodies get 413 (default 8388608)\n"
    "  --timeout S         idle connection timeout in seconds (default 30)\n"
    "  --fault NAME        break one rule on purpose, for self-tests (repeatable)\n"
    "  --list-faults       list the seeded faults: name, rule id, level, what it does\n";

static const char usage_cases[] =
    "usage: tjc cases [--json] [--cases-dir DIR] [--base-body FILE] [--check]\n"
    "                 [--export-bodies DIR [--max-bytes N]]\n"
    "\n"
    "Lists the conformance catalogue: id, the outcome the validator gives the bytes the case\n"
    "sends (built on the base body), the rules it exercises, and its title.\n"
    "\n"
    "  --json              one JSON array of {id, rules, title, method, expected, bytes, source}\n"
    "  --cases-dir DIR     the case folder (default: conformance/ of the source tree)\n"
    "  --base-body FILE    the base body the cases change (default: the published sample)\n"
    "  --check             exit 1 when a case's stated expect differs from the validator's\n"
    "  --export-bodies DIR write each case's body to DIR/<id>.body (fuzzing seeds), skipping\n"
    "                      bodies over --max-bytes (default 65536)\n";

static const char usage_conform[] =
    "usage: tjc conform [--target URL] [--project-id ID] [--config-name NAME] [--cases PATTERN]\n"
    "                   [--jobs N] [--timeout-ms N] [--report-dir DIR] [--format LIST]\n"
    "                   [--header 'K: V']... [--cacert FILE] [--insecure] [--baseline FILE]\n"
    "                   [--base-body FILE] [--cases-dir DIR] [--fault NAME]... [--verbose] [--quiet]\n"
    "\n"
    "Sends every conformance case to the target and grades each one against spec/rules.md:\n"
    "pass, fail (a MUST rule broken), warn (a SHOULD rule broken), info (an INFO rule\n"
    "observed, with what the server did), error (the request never reached the target).\n"
    "What a server must answer is derived by the validator from the exact bytes sent.\n"
    "\n"
    "  --target URL        the endpoint base URL, as https://endpoint in the page; without it,\n"
    "                      the embedded reference server is started on a loopback port\n"
    "  --project-id ID     the project id in the path (default 0123456789abcdef0123456789abcdef)\n"
    "  --config-name NAME  a configuration that exists on the target (default config)\n"
    "  --cases PATTERN     only case ids matching these comma-separated globs ('DESC-*')\n"
    "  --jobs N            requests in flight (default 4)\n"
    "  --timeout-ms N      per-request time limit (default 10000, errata E13)\n"
    "  --report-dir DIR    where results.json, junit.xml, report.html, results.sarif go\n"
    "                      (default reports)\n"
    "  --format LIST       json,junit,html,sarif or all (default all); none: no files\n"
    "  --header 'K: V'     an extra header on every request (repeatable). Secret headers\n"
    "                      (Authorization, X-Auth-Token, ...) are redacted in every output\n"
    "  --cacert FILE       CA bundle for TLS; --insecure skips verification\n"
    "  --baseline FILE     case ids known to fail (one per line): they do not fail the run,\n"
    "                      a new failure does, and so does a listed case that now passes\n"
    "  --base-body FILE    a body whose ids, datasets and paths exist on the target (E12);\n"
    "                      default: the published sample\n"
    "  --cases-dir DIR     the case folder (default: conformance/ of the source tree)\n"
    "  --fault NAME        seed a fault into the embedded server (self-test; repeatable)\n"
    "  --verbose           print every case with its request, answer and verdict\n"
    "  --quiet             no progress line\n"
    "\n"
    "The environment variable TJC_AUTH_TOKEN, when set, is sent as X-Auth-Token (and never\n"
    "printed or written; reproduce lines say $TJC_AUTH_TOKEN).\n"
    "exit status: 0 no MUST rule failed, 1 a MUST rule failed, 2 usage or configuration error,\n"
    "             3 target unreachable\n";

static const char usage_replay[] =
    "usage: tjc replay ID|FILE [the options of tjc conform]\n"
    "\n"
    "Runs one case of the catalogue (by id) or a case file (a saved finding, say) and prints\n"
    "the request, the answer, what the validator says the bytes require, and the verdict.\n"
    "Without --target it runs against the embedded reference server. No report files are\n"
    "written unless --report-dir is given.\n";

static const char usage_sample[] =
    "usage: tjc sample\n"
    "\n"
    "Prints the published sample request body of the page, as printed there.\n";

/* Reads a whole file (or stdin for "-"). Returns 0, or -1 with errno set. */
static int read_all(const char *path, unsigned char **data, size_t *len)
{
    tjc_buf b;
    tjc_buf_init(&b);
    if (tjc_read_file(path, &b) != 0) {
        int saved = errno;
        tjc_buf_free(&b);
        errno = saved;
        return -1;
    }
    *len = b.len;
    *data = (unsigned char *)tjc_buf_take(&b);
    if (!*data)
        errno = ENOMEM;
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
                   "\"INFO\": %zu, \"unlisted\": %zu}, \"violations\": ",
                   tjc_outcome_name(v->outcome), counts[TJC_LEVEL_MUST],
                   counts[TJC_LEVEL_SHOULD], counts[TJC_LEVEL_INFO], v->unlisted);
    tjc_verdict_write_json(&b, v);
    tjc_buf_puts(&b, "}\n");
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

static int parse_count(const char *option, const char *text, unsigned long long max,
                       unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text || *end || text[0] == '-' || v > max) {
        fprintf(stderr, "tjc: %s takes a whole number from 0 to %llu ('%s')\n", option, max,
                text);
        return -1;
    }
    *out = v;
    return 0;
}

static int cmd_serve(int argc, char **argv)
{
    tjc_server_options so = {0};
    tjc_service_options vo = {0};
    const char **configs = calloc((size_t)argc + 1, sizeof *configs);
    if (!configs) {
        fputs("tjc serve: out of memory\n", stderr);
        return EXIT_USAGE;
    }
    size_t nconfigs = 0;
    int status = EXIT_USAGE;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        unsigned long long n;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_serve, stdout);
            status = EXIT_PASS;
            goto done;
        }
        if (strcmp(a, "--list-faults") == 0) {
            size_t count;
            const tjc_fault_info *f = tjc_faults(&count);
            for (size_t k = 0; k < count; k++)
                printf("%-22s %-24s %-6s %s\n", f[k].name, f[k].rule,
                       tjc_level_name(f[k].level), f[k].what);
            status = EXIT_PASS;
            goto done;
        }
        if (i + 1 >= argc || a[0] != '-') {
            fprintf(stderr, "tjc serve: %s '%s' (see tjc serve --help)\n",
                    a[0] == '-' ? "missing value after" : "unexpected argument", a);
            goto done;
        }
        const char *value = argv[++i];
        if (strcmp(a, "--bind") == 0) {
            so.bind = value;
        } else if (strcmp(a, "--port") == 0) {
            if (parse_count(a, value, 65535, &n) != 0)
                goto done;
            so.port = (unsigned)n;
        } else if (strcmp(a, "--config") == 0) {
            configs[nconfigs++] = value;
        } else if (strcmp(a, "--body-limit") == 0) {
            if (parse_count(a, value, (unsigned long long)1 << 40, &n) != 0 || n == 0) {
                if (n == 0)
                    fputs("tjc serve: --body-limit must be at least 1\n", stderr);
                goto done;
            }
            vo.body_limit = (size_t)n;
        } else if (strcmp(a, "--timeout") == 0) {
            if (parse_count(a, value, 86400, &n) != 0)
                goto done;
            so.timeout_s = (unsigned)n;
        } else if (strcmp(a, "--fault") == 0) {
            const tjc_fault_info *f = tjc_fault_find(value);
            if (!f) {
                fprintf(stderr, "tjc serve: unknown fault '%s' (see tjc serve --list-faults)\n",
                        value);
                goto done;
            }
            vo.faults |= (uint64_t)1 << f->fault;
        } else {
            fprintf(stderr, "tjc serve: unknown option '%s' (see tjc serve --help)\n", a);
            goto done;
        }
    }
    if (nconfigs) {
        vo.configs = configs;
        vo.config_count = nconfigs;
    }
    /* SIGINT and SIGTERM are taken by sigwait below; the server's threads inherit the mask */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    char err[256];
    tjc_service *service;
    if (tjc_service_new(&vo, &service, err, sizeof err) != 0) {
        fprintf(stderr, "tjc serve: %s\n", err);
        goto done;
    }
    tjc_server *server;
    if (tjc_server_start(service, &so, &server, err, sizeof err) != 0) {
        fprintf(stderr, "tjc serve: %s\n", err);
        tjc_service_free(service);
        goto done;
    }
    printf("%u\n", tjc_server_port(server));
    fflush(stdout);
    fprintf(stderr, "tjc serve: listening on %s port %u; configs:", so.bind ? so.bind : "127.0.0.1",
            tjc_server_port(server));
    for (size_t k = 0; k < (nconfigs ? nconfigs : 1); k++)
        fprintf(stderr, " %s", nconfigs ? configs[k] : "config");
    fprintf(stderr, "; faults:%s\n", vo.faults ? "" : " none");
    for (size_t k = 0; k < TJC_FAULT_COUNT; k++)
        if ((vo.faults >> k) & 1u)
            fprintf(stderr, "  fault %s (%s)\n", tjc_faults(NULL)[k].name, tjc_faults(NULL)[k].rule);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "tjc serve: %s, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    tjc_server_stop(server);
    tjc_service_free(service);
    status = EXIT_PASS;
done:
    free(configs);
    return status;
}

#ifndef TJC_CASES_DIR
#define TJC_CASES_DIR "conformance"
#endif

/* mkdir -p */
static int make_dirs(const char *dir)
{
    char *path = strdup(dir);
    if (!path)
        return -1;
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int bad = mkdir(path, 0777) != 0 && errno != EEXIST;
        *p = '/';
        if (bad) {
            free(path);
            return -1;
        }
    }
    int rc = mkdir(path, 0777) != 0 && errno != EEXIST ? -1 : 0;
    free(path);
    return rc;
}

static int write_body(const char *dir, const char *id, const unsigned char *body, size_t len)
{
    if (make_dirs(dir) != 0)
        return -1;
    tjc_buf p;
    tjc_buf_init(&p);
    tjc_buf_printf(&p, "%s/%s.body", dir, id);
    FILE *f = p.data ? fopen(p.data, "wb") : NULL;
    tjc_buf_free(&p);
    if (!f)
        return -1;
    int ok = fwrite(body, 1, len, f) == len;
    return fclose(f) == 0 && ok ? 0 : -1;
}

static int cmd_cases(int argc, char **argv)
{
    const char *dir = TJC_CASES_DIR, *base_path = NULL, *export_dir = NULL;
    unsigned long long max_bytes = 65536;
    int json = 0, check = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_cases, stdout);
            return EXIT_PASS;
        } else if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if (strcmp(a, "--check") == 0) {
            check = 1;
        } else if (strcmp(a, "--max-bytes") == 0 && i + 1 < argc) {
            if (parse_count(a, argv[++i], (unsigned long long)1 << 40, &max_bytes) != 0)
                return EXIT_USAGE;
        } else if ((strcmp(a, "--cases-dir") == 0 || strcmp(a, "--base-body") == 0 ||
                    strcmp(a, "--export-bodies") == 0) &&
                   i + 1 < argc) {
            if (strcmp(a, "--cases-dir") == 0)
                dir = argv[++i];
            else if (strcmp(a, "--base-body") == 0)
                base_path = argv[++i];
            else
                export_dir = argv[++i];
        } else {
            fprintf(stderr, "tjc cases: unknown or incomplete option '%s' (see tjc cases --help)\n",
                    a);
            return EXIT_USAGE;
        }
    }
    char err[512];
    unsigned char *base = NULL;
    size_t base_len = 0;
    if (base_path && read_all(base_path, &base, &base_len) != 0) {
        fprintf(stderr, "tjc cases: cannot read base body '%s': %s\n", base_path, strerror(errno));
        return EXIT_USAGE;
    }
    tjc_validator *validator;
    if (tjc_validator_new(base, base_len, &validator, err, sizeof err) != 0) {
        fprintf(stderr, "tjc cases: --base-body '%s': %s\n", base_path, err);
        free(base);
        return EXIT_USAGE;
    }
    if (!base)
        base = (unsigned char *)strdup(tjc_sample_body(&base_len));
    tjc_catalogue cat;
    if (!base || tjc_catalogue_load(dir, &cat, err, sizeof err) != 0) {
        fprintf(stderr, "tjc cases: %s\n", base ? err : "out of memory");
        tjc_validator_free(validator);
        free(base);
        return EXIT_USAGE;
    }
    int status = EXIT_PASS, mismatches = 0;
    tjc_buf out;
    tjc_buf_init(&out);
    if (json)
        tjc_buf_puts(&out, "[\n");
    for (size_t i = 0; i < cat.count && status == EXIT_PASS; i++) {
        const tjc_case *c = &cat.cases[i];
        unsigned char *body;
        size_t len;
        if (tjc_case_body(c, base, base_len, &body, &len, err, sizeof err) != 0) {
            fprintf(stderr, "tjc cases: %s (%s)\n", err, c->source);
            status = EXIT_USAGE;
            break;
        }
        if (export_dir && body && len <= max_bytes && write_body(export_dir, c->id, body, len) != 0) {
            fprintf(stderr, "tjc cases: cannot write %s/%s.body: %s\n", export_dir, c->id,
                    strerror(errno));
            free(body);
            status = EXIT_USAGE;
            break;
        }
        const char *expected = "-";
        tjc_verdict v;
        if (body || strcmp(c->method, "PUT") == 0) {
            if (tjc_validate(validator, body ? body : (const unsigned char *)"", len, NULL, &v) != 0) {
                free(body);
                status = EXIT_USAGE;
                break;
            }
            expected = tjc_outcome_name(v.outcome);
            if (c->expect >= 0 && (int)v.outcome != c->expect) {
                mismatches++;
                fprintf(stderr, "tjc cases: %s states expect %s but its bytes are %s:\n", c->id,
                        tjc_outcome_name((tjc_outcome)c->expect), expected);
                for (size_t k = 0; k < v.count; k++)
                    fprintf(stderr, "    %s %s %s\n", tjc_level_name(v.items[k].level),
                            v.items[k].rule->id, v.items[k].message);
            }
            tjc_verdict_free(&v);
        }
        free(body);
        if (json) {
            tjc_buf_puts(&out, i ? ",\n  {\"id\": " : "  {\"id\": ");
            tjc_json_write_string(&out, c->id);
            tjc_buf_puts(&out, ", \"rules\": [");
            for (size_t k = 0; k < c->rule_count; k++) {
                if (k)
                    tjc_buf_puts(&out, ", ");
                tjc_json_write_string(&out, c->rules[k]);
            }
            tjc_buf_puts(&out, "], \"title\": ");
            tjc_json_write_string(&out, c->title);
            tjc_buf_puts(&out, ", \"method\": ");
            tjc_json_write_string(&out, c->method);
            tjc_buf_printf(&out, ", \"expected\": \"%s\", \"bytes\": %zu, \"source\": ", expected, len);
            tjc_json_write_string(&out, c->source);
            tjc_buf_putc(&out, '}');
        } else {
            tjc_buf_printf(&out, "%-44s %-7s %9zu  ", c->id, expected, len);
            for (size_t k = 0; k < c->rule_count; k++)
                tjc_buf_printf(&out, "%s%s", k ? "," : "", c->rules[k]);
            tjc_buf_printf(&out, "  %s\n", c->title);
        }
    }
    if (json)
        tjc_buf_puts(&out, "\n]\n");
    else
        tjc_buf_printf(&out, "%zu cases\n", cat.count);
    if (status == EXIT_PASS && !out.failed)
        fwrite(out.data, 1, out.len, stdout);
    tjc_buf_free(&out);
    tjc_catalogue_free(&cat);
    tjc_validator_free(validator);
    free(base);
    if (status == EXIT_PASS && check && mismatches) {
        fprintf(stderr, "tjc cases: %d case(s) state an outcome their bytes do not have\n",
                mismatches);
        return EXIT_MUST;
    }
    return status;
}

#ifndef TJC_RULES_MD
#define TJC_RULES_MD "spec/rules.md"
#endif

/* Options shared by conform and replay. Returns 1 when it took argv[*i] (and maybe its
 * value), 0 when the option is not one of them, -1 on a bad value. */
static int conform_option(const char *cmd, int argc, char **argv, int *i,
                          tjc_conform_options *o, const char ***headers, size_t *nheaders,
                          const char **base_path)
{
    const char *a = argv[*i];
    static const char *const with_value[] = {
        "--target", "--project-id", "--config-name", "--cases", "--jobs", "--timeout-ms",
        "--report-dir", "--format", "--header", "--cacert", "--baseline", "--base-body",
        "--cases-dir", "--fault", "--body-limit"};
    if (strcmp(a, "--insecure") == 0) {
        o->run.insecure = 1;
        return 1;
    }
    if (strcmp(a, "--verbose") == 0) {
        o->verbose = 1;
        return 1;
    }
    if (strcmp(a, "--quiet") == 0) {
        o->run.progress = 0;
        return 1;
    }
    size_t k = 0;
    while (k < sizeof with_value / sizeof with_value[0] && strcmp(with_value[k], a) != 0)
        k++;
    if (k == sizeof with_value / sizeof with_value[0])
        return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "tjc %s: %s needs a value\n", cmd, a);
        return -1;
    }
    const char *v = argv[++*i];
    unsigned long long n;
    if (strcmp(a, "--target") == 0) {
        if (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0) {
            fprintf(stderr, "tjc %s: --target '%s' is not an http:// or https:// URL\n", cmd, v);
            return -1;
        }
        o->run.target = v;
    } else if (strcmp(a, "--project-id") == 0) {
        o->run.project_id = v;
    } else if (strcmp(a, "--config-name") == 0) {
        o->run.config_name = v;
    } else if (strcmp(a, "--cases") == 0) {
        o->patterns = v;
    } else if (strcmp(a, "--jobs") == 0) {
        if (parse_count(a, v, 256, &n) != 0 || n == 0) {
            if (n == 0)
                fprintf(stderr, "tjc %s: --jobs must be at least 1\n", cmd);
            return -1;
        }
        o->run.jobs = (int)n;
    } else if (strcmp(a, "--timeout-ms") == 0) {
        if (parse_count(a, v, 3600000, &n) != 0 || n == 0) {
            if (n == 0)
                fprintf(stderr, "tjc %s: --timeout-ms must be at least 1\n", cmd);
            return -1;
        }
        o->run.timeout_ms = (long)n;
    } else if (strcmp(a, "--report-dir") == 0) {
        o->report_dir = v;
    } else if (strcmp(a, "--format") == 0) {
        o->formats = strcmp(v, "none") == 0 ? 0 : tjc_report_formats(v);
        if (strcmp(v, "none") != 0 && !o->formats) {
            fprintf(stderr, "tjc %s: --format '%s': a list of json, junit, html, sarif, or all, "
                            "or none\n",
                    cmd, v);
            return -1;
        }
    } else if (strcmp(a, "--header") == 0) {
        const char *colon = strchr(v, ':');
        if (!colon || colon == v || strpbrk(v, "\r\n")) {
            fprintf(stderr, "tjc %s: --header takes 'Name: value' on one line\n", cmd);
            return -1;
        }
        (*headers)[(*nheaders)++] = v;
    } else if (strcmp(a, "--cacert") == 0) {
        o->run.cacert = v;
    } else if (strcmp(a, "--baseline") == 0) {
        o->baseline = v;
    } else if (strcmp(a, "--base-body") == 0) {
        *base_path = v;
    } else if (strcmp(a, "--cases-dir") == 0) {
        o->cases_dir = v;
    } else if (strcmp(a, "--fault") == 0) {
        const tjc_fault_info *f = tjc_fault_find(v);
        if (!f) {
            fprintf(stderr, "tjc %s: unknown fault '%s' (see tjc serve --list-faults)\n", cmd, v);
            return -1;
        }
        o->faults |= (uint64_t)1 << f->fault;
    } else if (strcmp(a, "--body-limit") == 0) {
        if (parse_count(a, v, (unsigned long long)1 << 40, &n) != 0)
            return -1;
        o->body_limit = (size_t)n;
    }
    return 1;
}

static int run_conform(const char *cmd, int argc, char **argv, int replay)
{
    tjc_conform_options o = {0};
    o.cases_dir = TJC_CASES_DIR;
    o.rules_md = TJC_RULES_MD;
    o.report_dir = replay ? NULL : "reports";
    o.formats = TJC_REPORT_ALL;
    o.run.progress = isatty(2);
    o.run.auth_token = getenv("TJC_AUTH_TOKEN");
    if (o.run.auth_token && !o.run.auth_token[0])
        o.run.auth_token = NULL;
    const char **headers = calloc((size_t)argc + 1, sizeof *headers);
    size_t nheaders = 0;
    const char *base_path = NULL, *what = NULL;
    int status = TJC_EXIT_USAGE;
    unsigned char *base = NULL;
    char *body_dir = NULL;
    if (!headers) {
        fprintf(stderr, "tjc %s: out of memory\n", cmd);
        return TJC_EXIT_USAGE;
    }
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(replay ? usage_replay : usage_conform, stdout);
            status = TJC_EXIT_OK;
            goto done;
        }
        int took = conform_option(cmd, argc, argv, &i, &o, &headers, &nheaders, &base_path);
        if (took < 0)
            goto done;
        if (took)
            continue;
        if (replay && a[0] != '-' && !what) {
            what = a;
            continue;
        }
        fprintf(stderr, "tjc %s: unknown option '%s' (see tjc %s --help)\n", cmd, a, cmd);
        goto done;
    }
    if (replay) {
        if (!what) {
            fprintf(stderr, "tjc replay: which case? (an id from tjc cases, or a case file)\n");
            goto done;
        }
        struct stat st;
        if (stat(what, &st) == 0 && S_ISREG(st.st_mode))
            o.case_file = what;
        else if (strpbrk(what, "*?[") || strchr(what, ','))
            o.patterns = what;
        else
            o.patterns = what;
        o.verbose = 1;
        o.run.progress = 0;
    }
    o.run.headers = headers;
    o.run.header_count = nheaders;
    if (base_path) {
        size_t len;
        if (read_all(base_path, &base, &len) != 0) {
            fprintf(stderr, "tjc %s: cannot read base body '%s': %s\n", cmd, base_path,
                    strerror(errno));
            goto done;
        }
        char err[256];
        tjc_validator *check;
        if (tjc_validator_new(base, len, &check, err, sizeof err) != 0) {
            fprintf(stderr, "tjc %s: --base-body '%s': %s\n", cmd, base_path, err);
            goto done;
        }
        /* the cases change one thing each on the base body, and the sample after every
         * robustness case is the base body: it must be a body a server accepts */
        tjc_verdict verdict;
        int judged = tjc_validate(check, base, len, NULL, &verdict) == 0;
        tjc_validator_free(check);
        if (judged && verdict.outcome == TJC_OUTCOME_REJECT) {
            fprintf(stderr, "tjc %s: --base-body '%s' breaks a MUST rule, so no case built on it "
                            "means what it says:\n",
                    cmd, base_path);
            for (size_t k = 0; k < verdict.count; k++)
                if (verdict.items[k].level == TJC_LEVEL_MUST)
                    fprintf(stderr, "  %s%s%s: %s\n", verdict.items[k].rule->id,
                            verdict.items[k].pointer && verdict.items[k].pointer[0] ? " at " : "",
                            verdict.items[k].pointer ? verdict.items[k].pointer : "",
                            verdict.items[k].message);
            tjc_verdict_free(&verdict);
            goto done;
        }
        if (judged && verdict.outcome == TJC_OUTCOME_EITHER)
            fprintf(stderr, "tjc %s: note: --base-body '%s' has outcome either (a SHOULD rule or "
                            "an open case): a server may refuse it, and the cases built on it\n",
                    cmd, base_path);
        if (judged)
            tjc_verdict_free(&verdict);
        o.run.base = base;
        o.run.base_len = len;
        o.base_body_path = base_path;
    }
    if (o.report_dir && o.formats) {
        if (mkdir(o.report_dir, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "tjc %s: cannot create report folder '%s': %s\n", cmd, o.report_dir,
                    strerror(errno));
            goto done;
        }
        tjc_buf d;
        tjc_buf_init(&d);
        tjc_buf_printf(&d, "%s/bodies", o.report_dir);
        body_dir = tjc_buf_take(&d);
        if (!body_dir || (mkdir(body_dir, 0777) != 0 && errno != EEXIST)) {
            fprintf(stderr, "tjc %s: cannot create '%s'\n", cmd, body_dir ? body_dir : "bodies");
            goto done;
        }
        o.run.body_dir = body_dir;
    }
    status = tjc_conform(&o);
done:
    free(headers);
    free(base);
    free(body_dir);
    return status;
}

static int cmd_conform(int argc, char **argv)
{
    return run_conform("conform", argc, argv, 0);
}

static int cmd_replay(int argc, char **argv)
{
    return run_conform("replay", argc, argv, 1);
}

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
} commands[] = {
    {"validate", cmd_validate, usage_validate},
    {"rules", cmd_rules, usage_rules},
    {"sample", cmd_sample, usage_sample},
    {"serve", cmd_serve, usage_serve},
    {"cases", cmd_cases, usage_cases},
    {"conform", cmd_conform, usage_conform},
    {"replay", cmd_replay, usage_replay},
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
        if (strcmp(commands[i].name, name) == 0) {
            curl_global_init(CURL_GLOBAL_DEFAULT);
            int status = commands[i].run(argc - 2, argv + 2);
            curl_global_cleanup();
            return status;
        }
    fprintf(stderr, "tjc: unknown command '%s' (see tjc --help)\n", name);
    return EXIT_USAGE;
}
