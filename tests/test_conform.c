/*
 * The conformance suite's self-test: the catalogue agrees with the validator, a run
 * against the reference server is clean, every seeded fault is caught at its level and
 * named, reports are well formed and hold no secret, the baseline and exit statuses work.
 */
#include <criterion/criterion.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "buf.h"
#include "cases.h"
#include "conform.h"
#include "report.h"
#include "runner.h"
#include "sample.h"
#include "serve.h"

#define CASES_DIR TJC_SOURCE_DIR "/conformance"

static tjc_catalogue load_catalogue(void)
{
    tjc_catalogue cat;
    char err[512];
    cr_assert_eq(tjc_catalogue_load(CASES_DIR, &cat, err, sizeof err), 0, "loading %s: %s",
                 CASES_DIR, err);
    return cat;
}

/* A run of the whole catalogue against the reference server with these faults. */
typedef struct fixture {
    tjc_catalogue cat;
    tjc_service *service;
    tjc_server *server;
    char url[64];
    tjc_run run;
} fixture;

static void run_against_reference(fixture *f, uint64_t faults, long timeout_ms)
{
    char err[512];
    memset(f, 0, sizeof *f);
    f->cat = load_catalogue();
    const char *name = "config";
    tjc_service_options so = {&name, 1, 0, faults};
    cr_assert_eq(tjc_service_new(&so, &f->service, err, sizeof err), 0, "service: %s", err);
    tjc_server_options sv = {"127.0.0.1", 0, 30, (unsigned)(timeout_ms / 1000 + 2)};
    cr_assert_eq(tjc_server_start(f->service, &sv, &f->server, err, sizeof err), 0,
                 "server: %s", err);
    snprintf(f->url, sizeof f->url, "http://127.0.0.1:%u", tjc_server_port(f->server));
    tjc_run_options ro = {0};
    ro.target = f->url;
    ro.timeout_ms = timeout_ms;
    ro.jobs = 4;
    cr_assert_eq(tjc_run_cases(f->cat.cases, f->cat.count, &ro, &f->run, err, sizeof err), 0,
                 "run: %s", err);
}

static void fixture_free(fixture *f)
{
    tjc_run_free(&f->run);
    tjc_server_stop(f->server);
    tjc_service_free(f->service);
    tjc_catalogue_free(&f->cat);
}

static int names_rule(const tjc_result *r, const char *rule)
{
    for (size_t k = 0; k < r->broken_count; k++)
        if (strcmp(r->broken[k], rule) == 0)
            return 1;
    return 0;
}

Test(catalogue, every_case_states_the_outcome_its_bytes_have)
{
    tjc_catalogue cat = load_catalogue();
    char err[512];
    tjc_validator *v;
    cr_assert_eq(tjc_validator_new(NULL, 0, &v, err, sizeof err), 0, "%s", err);
    size_t base_len;
    const unsigned char *base = (const unsigned char *)tjc_sample_body(&base_len);
    size_t stated = 0;
    for (size_t i = 0; i < cat.count; i++) {
        const tjc_case *c = &cat.cases[i];
        unsigned char *body;
        size_t len;
        cr_assert_eq(tjc_case_body(c, base, base_len, &body, &len, err, sizeof err), 0,
                     "case %s: %s", c->id, err);
        if (c->expect >= 0) {
            stated++;
            tjc_verdict verdict;
            cr_assert_eq(tjc_validate(v, body ? body : (const unsigned char *)"", len, NULL,
                                      &verdict),
                         0, "case %s: out of memory", c->id);
            cr_expect_eq((int)verdict.outcome, c->expect,
                         "case %s (%s): states %s, the validator gives its bytes %s", c->id,
                         c->source, tjc_outcome_name((tjc_outcome)c->expect),
                         tjc_outcome_name(verdict.outcome));
            tjc_verdict_free(&verdict);
        }
        free(body);
    }
    cr_expect_eq(stated, cat.count, "every case states expect: %zu of %zu do", stated,
                 cat.count);
    tjc_validator_free(v);
    tjc_catalogue_free(&cat);
}

/* Found by fuzz_cases (corpus/fuzz_cases/finding-refusal-reason-not-one-line-*): names
 * from the file went into the reason as they were, newlines included. */
Test(catalogue, refuses_a_case_file_with_a_one_line_reason_whatever_its_names_hold)
{
    static const char *const files[] = {
        "{\"id\":\"a\",\"rules\":[\"BODY-JSON\"],\"title\":\"t\",\"un\\nknown\":1}",
        "{\"id\":\"a\",\"rules\":[\"BODY-JSON\"],\"title\":\"t\",\"request\":{\"body\\r\":1}}",
        "{\"id\":\"a\",\"rules\":[\"BODY-JSON\"],\"title\":\"t\",\"request\":{\"headers\":"
        "{\"X-A\\nB\":\"v\"}}}",
        "{\"id\":\"a\",\"rules\":[\"BODY-JSON\"],\"title\":\"t\",\"request\":{\"body\":"
        "{\"base\":true,\"patch\":[{\"op\":\"move\\n\",\"path\":\"/a\",\"value\":1}]}}}",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        tjc_case c;
        char err[512];
        int rc = tjc_case_parse((const unsigned char *)files[i], strlen(files[i]), "case.json", &c,
                                err, sizeof err);
        cr_expect_eq(rc, -1, "%s: expected refused", files[i]);
        cr_expect_null(strpbrk(err, "\r\n"), "%s: the reason is not one line: %s", files[i], err);
    }
}

/* Found by fuzz_cases (corpus/fuzz_cases/finding-ub-truncate-beyond-size_t.json): a
 * truncate too large for size_t was converted to one (undefined behaviour, reported by
 * UBSan's float-cast-overflow). Whole byte counts up to 2^53 are taken, the rest refused. */
Test(catalogue, refuses_a_truncate_that_is_not_a_byte_count_a_body_can_have)
{
    static const struct {
        const char *truncate;
        int taken;
    } cases[] = {
        {"8888888888888888888888888888888888888888100000", 0}, {"1e300", 0},
        {"18446744073709551616", 0}, {"18446744073709551615", 0}, {"9007199254740993", 0},
        {"-1", 0}, {"1.5", 0}, {"\"1\"", 0},
        {"0", 1}, {"1", 1}, {"9007199254740992", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "{\"id\":\"a\",\"rules\":[\"BODY-JSON\"],\"title\":\"t\",\"request\":"
                 "{\"body\":{\"hex\":\"7b7d\",\"truncate\":%s}}}",
                 cases[i].truncate);
        tjc_case c;
        char err[512] = "";
        int rc = tjc_case_parse((const unsigned char *)text, strlen(text), "case.json", &c, err,
                                sizeof err);
        cr_expect_eq(rc, cases[i].taken ? 0 : -1, "truncate %s: expected %s, got %s (%s)",
                     cases[i].truncate, cases[i].taken ? "taken" : "refused",
                     rc == 0 ? "taken" : "refused", err);
        if (rc == 0) {
            unsigned char *body = NULL;
            size_t len = 0;
            cr_expect_eq(tjc_case_body(&c, NULL, 0, &body, &len, err, sizeof err), 0,
                         "truncate %s: the body is not built: %s", cases[i].truncate, err);
            size_t want = strcmp(cases[i].truncate, "0") == 0 ? 0 : strcmp(cases[i].truncate, "1") == 0 ? 1 : 2;
            cr_expect_eq(len, want, "truncate %s of {}: expected %zu bytes, got %zu",
                         cases[i].truncate, want, len);
            free(body);
            tjc_case_free(&c);
        } else {
            cr_expect(strstr(err, "truncate") != NULL, "truncate %s: the reason names another "
                      "cause: %s", cases[i].truncate, err);
        }
    }
}

Test(catalogue, covers_every_must_and_should_rule_of_bodies_and_paths)
{
    tjc_catalogue cat = load_catalogue();
    size_t n;
    const tjc_rule *rules = tjc_rules(&n);
    for (size_t i = 0; i < n; i++) {
        if (rules[i].scope != TJC_SCOPE_BODY && rules[i].scope != TJC_SCOPE_PATH)
            continue;
        if (strcmp(rules[i].id, "PATH-PROJECT") == 0)
            continue; /* recorded only: the harness sends the user's project id */
        int named = 0;
        for (size_t k = 0; k < cat.count && !named; k++)
            for (size_t m = 0; m < cat.cases[k].rule_count; m++)
                named |= strcmp(cat.cases[k].rules[m], rules[i].id) == 0;
        cr_expect(named, "no case exercises %s (%s)", rules[i].id,
                  tjc_level_name(rules[i].level));
    }
    tjc_catalogue_free(&cat);
}

Test(conform, finds_the_reference_server_clean)
{
    fixture f;
    run_against_reference(&f, 0, 10000);
    for (size_t i = 0; i < f.run.count; i++) {
        const tjc_result *r = &f.run.results[i];
        cr_expect(r->grade == TJC_GRADE_PASS || r->grade == TJC_GRADE_INFO,
                  "case %s against the reference server: %s: %s", r->c->id,
                  tjc_grade_name(r->grade), r->why);
    }
    cr_expect_eq(f.run.counts[TJC_GRADE_PASS] + f.run.counts[TJC_GRADE_INFO], f.run.count,
                 "expected only pass and info, got %zu fail %zu warn %zu error",
                 f.run.counts[TJC_GRADE_FAIL], f.run.counts[TJC_GRADE_WARN],
                 f.run.counts[TJC_GRADE_ERROR]);
    fixture_free(&f);
}

/* Every fault is caught: a MUST fault fails the run, a SHOULD fault warns without failing,
 * and a case that is not passing names the fault's rule. */
Test(conform, catches_every_seeded_fault_and_names_its_rule)
{
    size_t count;
    const tjc_fault_info *faults = tjc_faults(&count);
    size_t caught = 0;
    for (size_t i = 0; i < count; i++) {
        const tjc_fault_info *fault = &faults[i];
        fixture f;
        run_against_reference(&f, (uint64_t)1 << fault->fault, 2000);
        tjc_grade want = fault->level == TJC_LEVEL_MUST ? TJC_GRADE_FAIL : TJC_GRADE_WARN;
        int named = 0;
        for (size_t k = 0; k < f.run.count; k++)
            named |= f.run.results[k].grade == want && names_rule(&f.run.results[k], fault->rule);
        int ok = f.run.counts[want] > 0 && named &&
                 (want == TJC_GRADE_FAIL || f.run.counts[TJC_GRADE_FAIL] == 0);
        cr_expect(ok,
                  "fault %s (%s, %s): expected the run to %s and a %s case to name %s; got %zu "
                  "fail, %zu warn, named %d",
                  fault->name, fault->rule, tjc_level_name(fault->level),
                  want == TJC_GRADE_FAIL ? "fail" : "warn without failing",
                  tjc_grade_name(want), fault->rule, f.run.counts[TJC_GRADE_FAIL],
                  f.run.counts[TJC_GRADE_WARN], named);
        caught += (size_t)ok;
        fixture_free(&f);
    }
    printf("conform self-test: kill rate %zu/%zu seeded faults caught (%.0f%%)\n", caught, count,
           100.0 * (double)caught / (double)count);
    fflush(stdout);
    cr_expect_eq(caught, count, "kill rate %zu/%zu", caught, count);
}

/* ---- the CLI: exit statuses, reports, secrets, baseline ---- */

typedef struct ran {
    int status;
    char *out;
} ran;

static ran run_tjc(const char *args)
{
    tjc_buf cmd;
    tjc_buf_init(&cmd);
    tjc_buf_printf(&cmd, "%s %s 2>&1", TJC_BINARY, args);
    FILE *p = popen(cmd.data, "r");
    cr_assert_not_null(p, "popen %s", cmd.data);
    tjc_buf out;
    tjc_buf_init(&out);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        tjc_buf_append(&out, chunk, n);
    int st = pclose(p);
    tjc_buf_free(&cmd);
    ran r = {WIFEXITED(st) ? WEXITSTATUS(st) : -1, tjc_buf_take(&out)};
    return r;
}

static char *temp_dir(void)
{
    char tmpl[] = "/tmp/tjc-conform-XXXXXX";
    char *d = mkdtemp(tmpl);
    cr_assert_not_null(d, "mkdtemp");
    return strdup(d);
}

static char *slurp(const char *dir, const char *name)
{
    tjc_buf path, data;
    tjc_buf_init(&path);
    tjc_buf_init(&data);
    tjc_buf_printf(&path, "%s/%s", dir, name);
    int rc = tjc_read_file(path.data, &data);
    cr_assert_eq(rc, 0, "cannot read %s", path.data);
    tjc_buf_free(&path);
    return tjc_buf_take(&data);
}

static void remove_tree(const char *dir)
{
    tjc_buf cmd;
    tjc_buf_init(&cmd);
    tjc_buf_printf(&cmd, "rm -rf '%s'", dir);
    int rc = system(cmd.data);
    (void)rc;
    tjc_buf_free(&cmd);
}

Test(cli, writes_four_reports_that_parse_and_hold_no_secret)
{
    char *dir = temp_dir();
    tjc_buf args;
    tjc_buf_init(&args);
    /* a fault, so that failures with reproduce lines are written too */
    tjc_buf_printf(&args,
                   "conform --quiet --report-dir %s --fault accept-long-desc --cases-dir %s "
                   "--header 'Authorization: Bearer hunter2-secret-bearer' "
                   "--header 'X-Trace: visible-value'",
                   dir, CASES_DIR);
    setenv("TJC_AUTH_TOKEN", "hunter2-secret-token", 1);
    ran r = run_tjc(args.data);
    unsetenv("TJC_AUTH_TOKEN");
    cr_expect_eq(r.status, 1, "conform with a MUST fault: expected exit 1, got %d:\n%s", r.status,
                 r.out);
    cr_expect_null(strstr(r.out, "hunter2"), "a secret reached the console output");
    const char *files[] = {"results.json", "junit.xml", "report.html", "results.sarif"};
    for (size_t i = 0; i < 4; i++) {
        char *text = slurp(dir, files[i]);
        cr_expect_null(strstr(text, "hunter2"), "a secret reached %s", files[i]);
        if (i == 0)
            cr_expect_not_null(strstr(text, "visible-value"),
                               "results.json should keep headers that are not secret");
        free(text);
    }
    char *json = slurp(dir, "results.json");
    cJSON *root = cJSON_Parse(json);
    cr_assert_not_null(root, "results.json does not parse");
    cJSON *summary = cJSON_GetObjectItem(root, "summary");
    cr_assert(cJSON_IsObject(summary), "results.json has no summary");
    const char *keys[] = {"total", "pass", "fail", "warn", "info", "error"};
    for (size_t i = 0; i < 6; i++)
        cr_expect(cJSON_IsNumber(cJSON_GetObjectItem(summary, keys[i])), "summary.%s missing",
                  keys[i]);
    cr_expect(cJSON_GetObjectItem(summary, "fail")->valueint > 0, "summary.fail should be > 0");
    cJSON *cases = cJSON_GetObjectItem(root, "cases");
    cr_assert(cJSON_IsArray(cases) && cJSON_GetArraySize(cases) > 0, "results.json cases");
    const char *fields[] = {"id", "rules", "level", "verdict", "request", "response", "expected",
                            "why", "reproduce"};
    int failing_with_curl = 0;
    for (cJSON *c = cases->child; c; c = c->next) {
        for (size_t k = 0; k < 9; k++)
            cr_expect_not_null(cJSON_GetObjectItem(c, fields[k]), "a case lacks %s", fields[k]);
        const char *verdict = cJSON_GetStringValue(cJSON_GetObjectItem(c, "verdict"));
        const char *repro = cJSON_GetStringValue(cJSON_GetObjectItem(c, "reproduce"));
        if (verdict && strcmp(verdict, "fail") == 0 && repro && strncmp(repro, "curl ", 5) == 0 &&
            strstr(repro, "$TJC_AUTH_TOKEN") && strstr(repro, "$TJC_SECRET"))
            failing_with_curl = 1;
    }
    cr_expect(failing_with_curl, "a failing case should carry a curl line that takes the token "
                                 "and the secret header from the environment");
    cJSON_Delete(root);
    free(json);
    char *sarif = slurp(dir, "results.sarif");
    cJSON *s = cJSON_Parse(sarif);
    cr_assert_not_null(s, "results.sarif does not parse");
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(s, "version")), "2.1.0");
    cJSON *results = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(s, "runs"), 0),
                                         "results");
    cr_expect(cJSON_GetArraySize(results) > 0, "results.sarif has no result for the failures");
    cJSON_Delete(s);
    free(sarif);
    char *junit = slurp(dir, "junit.xml");
    cr_expect(strncmp(junit, "<?xml", 5) == 0 && strstr(junit, "<failure"),
              "junit.xml: an XML document with failures");
    free(junit);
    char *html = slurp(dir, "report.html");
    cr_expect(strstr(html, "NOT CONFORMANT") && strstr(html, "DESC-LEN") &&
                  strstr(html, "Reproduce with"),
              "report.html: the verdict, the rule matrix and reproduce lines");
    free(html);
    free(r.out);
    tjc_buf_free(&args);
    remove_tree(dir);
    free(dir);
}

Test(cli, exits_3_when_the_target_is_unreachable)
{
    /* a port nothing listens on: bind one, read its number, close it */
    tjc_service *svc;
    tjc_server *srv;
    char err[256];
    cr_assert_eq(tjc_service_new(NULL, &svc, err, sizeof err), 0, "%s", err);
    tjc_server_options so = {"127.0.0.1", 0, 5, 1};
    cr_assert_eq(tjc_server_start(svc, &so, &srv, err, sizeof err), 0, "%s", err);
    unsigned port = tjc_server_port(srv);
    tjc_server_stop(srv);
    tjc_service_free(svc);
    char args[256];
    snprintf(args, sizeof args,
             "conform --quiet --format none --cases 'SAMPLE-*' --timeout-ms 2000 --target "
             "http://127.0.0.1:%u",
             port);
    ran r = run_tjc(args);
    cr_expect_eq(r.status, 3, "conform against a closed port: expected exit 3, got %d:\n%s",
                 r.status, r.out);
    cr_expect_not_null(strstr(r.out, "UNREACHABLE"), "the verdict line says UNREACHABLE:\n%s",
                       r.out);
    free(r.out);
}

Test(cli, honours_a_baseline_that_only_shrinks)
{
    char *dir = temp_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/baseline", dir);
    /* the fault fails exactly the DESC-LEN-257 cases; list them all */
    ran list = run_tjc("conform --quiet --format none --fault accept-long-desc");
    cr_assert_eq(list.status, 1, "the fault should fail the run");
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("# known failures\n", f);
    for (char *line = strtok(list.out, "\n"); line; line = strtok(NULL, "\n"))
        if (strncmp(line, "FAIL  ", 6) == 0) {
            char id[200];
            if (sscanf(line + 6, "%199s", id) == 1)
                fprintf(f, "%s\n", id);
        }
    fclose(f);
    free(list.out);
    char args[1024];
    snprintf(args, sizeof args, "conform --quiet --format none --fault accept-long-desc "
                                "--baseline %s", path);
    ran known = run_tjc(args);
    cr_expect_eq(known.status, 0, "every failure in the baseline: expected exit 0, got %d:\n%s",
                 known.status, known.out);
    free(known.out);
    snprintf(args, sizeof args, "conform --quiet --format none --baseline %s", path);
    ran fixed = run_tjc(args);
    cr_expect_eq(fixed.status, 1, "baseline cases that now pass: expected exit 1, got %d",
                 fixed.status);
    cr_expect_not_null(strstr(fixed.out, "FIXED"), "the fixed cases are named:\n%s", fixed.out);
    free(fixed.out);
    snprintf(args, sizeof args, "conform --quiet --format none --fault accept-long-desc "
                                "--fault accept-fraction --baseline %s", path);
    ran fresh = run_tjc(args);
    cr_expect_eq(fresh.status, 1, "a new failure beside the baseline: expected exit 1, got %d",
                 fresh.status);
    free(fresh.out);
    remove_tree(dir);
    free(dir);
}

Test(cli, replays_one_case_with_its_request_answer_and_verdict)
{
    ran r = run_tjc("replay DESC-LEN-257-ascii --fault accept-long-desc");
    cr_expect_eq(r.status, 1, "replay of a failing case: expected exit 1, got %d:\n%s", r.status,
                 r.out);
    cr_expect(strstr(r.out, "sent: PUT") && strstr(r.out, "answer: 200") &&
                  strstr(r.out, "outcome reject") && strstr(r.out, "RESP-REJECT-INVALID"),
              "replay shows request, answer, expected outcome and finding:\n%s", r.out);
    free(r.out);
    ran bad = run_tjc("conform --jobs 0");
    cr_expect_eq(bad.status, 2, "--jobs 0: expected exit 2, got %d", bad.status);
    free(bad.out);
    /* a base body that breaks a MUST rule: no case built on it means what it says */
    char *dir = temp_dir();
    char path[512], args[700];
    snprintf(path, sizeof path, "%s/base.json", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("{\"worker_server_num\": 1}", f);
    fclose(f);
    snprintf(args, sizeof args, "conform --format none --base-body %s", path);
    ran base = run_tjc(args);
    cr_expect_eq(base.status, 2, "a base body without spec_id: expected exit 2, got %d:\n%s",
                 base.status, base.out);
    cr_expect_not_null(strstr(base.out, "SPEC-REQ"), "the message names the rule:\n%s", base.out);
    free(base.out);
    remove_tree(dir);
    free(dir);
}

/* TLS: verified by default (a self-signed server is an error: exit 3), reached with
 * --cacert naming its certificate or with --insecure. The server is openssl s_server,
 * which answers no PUT properly, so a reached run fails; what matters is that it is not
 * an error. */
Test(cli, verifies_tls_unless_told_the_ca_or_insecure)
{
    if (system("command -v openssl >/dev/null 2>&1") != 0)
        cr_skip_test("openssl is not installed: no TLS server to test against");
    char *dir = temp_dir();
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "cd %s && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem "
             "-days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1",
             dir);
    cr_assert_eq(system(cmd), 0, "openssl req failed");
    snprintf(cmd, sizeof cmd,
             "cd %s && exec openssl s_server -accept 127.0.0.1:0 -cert cert.pem -key key.pem "
             "-www -naccept 4 2>/dev/null",
             dir);
    FILE *server = popen(cmd, "r");
    cr_assert_not_null(server, "openssl s_server did not start");
    char line[256];
    unsigned port = 0;
    while (!port && fgets(line, sizeof line, server))
        sscanf(line, "ACCEPT 127.0.0.1:%u", &port);
    cr_assert(port, "openssl s_server did not say its port");
    const int want[] = {3, 1, 1};
    for (int i = 0; i < 3; i++) {
        char extra[600], args[1024];
        if (i == 0)
            extra[0] = '\0';
        else if (i == 1)
            snprintf(extra, sizeof extra, "--insecure");
        else
            snprintf(extra, sizeof extra, "--cacert %s/cert.pem", dir);
        snprintf(args, sizeof args,
                 "conform --quiet --format none --cases SAMPLE-ACCEPTED --timeout-ms 1000 "
                 "--target https://127.0.0.1:%u %s",
                 port, extra);
        ran r = run_tjc(args);
        cr_expect_eq(r.status, want[i], "tjc %s: expected exit %d, got %d:\n%s", args, want[i],
                     r.status, r.out);
        free(r.out);
    }
    snprintf(cmd, sizeof cmd, "pkill -f 'openssl s_server -accept 127.0.0.1:0 -cert cert.pem' "
                              ">/dev/null 2>&1");
    int rc = system(cmd);
    (void)rc;
    pclose(server);
    remove_tree(dir);
    free(dir);
}

/* ---- servers of a few lines, on a loopback port of their own ---- */

/* A socket listening on 127.0.0.1 at a port the kernel picks; sets *port. */
static int loopback_listener(unsigned *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert(fd >= 0, "socket");
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0, "bind");
    cr_assert_eq(listen(fd, 4), 0, "listen");
    socklen_t len = sizeof a;
    cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0, "getsockname");
    *port = ntohs(a.sin_port);
    return fd;
}

/* ---- a server that dies: a failure, not an error ---- */

typedef struct dying_server {
    int listener;
    unsigned port;
} dying_server;

/* Takes one connection, reads a little, closes it without an answer, and stops
 * listening: every later connection is refused, as after a crash. */
static void *die_after_one(void *arg)
{
    dying_server *d = arg;
    int c = accept(d->listener, NULL, NULL);
    if (c >= 0) {
        char buf[4096];
        ssize_t n = recv(c, buf, sizeof buf, 0);
        (void)n;
        close(c);
    }
    close(d->listener);
    return NULL;
}

Test(conform, grades_a_server_that_dies_after_a_case_as_failing_not_unreachable)
{
    dying_server d;
    d.listener = loopback_listener(&d.port);
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, die_after_one, &d), 0);

    static const char text[] =
        "{\"id\": \"ROBUST-DEPTH-dies\", \"rules\": [\"ROBUST-DEPTH\", \"BODY-DEPTH\"],"
        " \"title\": \"nesting that kills the server\", \"alive_check\": true,"
        " \"request\": {\"body\": {\"base\": true, \"generate\": {\"at\": \"/x\","
        " \"kind\": \"nest\", \"depth\": 1000}}}}";
    tjc_case c;
    char err[512];
    cr_assert_eq(tjc_case_parse((const unsigned char *)text, strlen(text), "inline", &c, err,
                                sizeof err),
                 0, "%s", err);
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%u", d.port);
    tjc_run_options ro = {0};
    ro.target = url;
    ro.timeout_ms = 3000;
    ro.jobs = 1;
    tjc_run run;
    cr_assert_eq(tjc_run_cases(&c, 1, &ro, &run, err, sizeof err), 0, "%s", err);
    pthread_join(t, NULL);
    const tjc_result *r = &run.results[0];
    cr_expect_eq(r->grade, TJC_GRADE_FAIL,
                 "the connection dropped, then nothing listens: expected fail, got %s (%s)",
                 tjc_grade_name(r->grade), r->why);
    cr_expect(names_rule(r, "RESP-NO-5XX") && names_rule(r, "ROBUST-ALIVE") &&
                  names_rule(r, "ROBUST-DEPTH"),
              "expected RESP-NO-5XX, ROBUST-DEPTH and ROBUST-ALIVE named; why: %s", r->why);
    tjc_run_free(&run);
    tjc_case_free(&c);
}

/* Answers 401 to every request on up to `left` connections, then stops. */
typedef struct locked_server {
    int listener;
    int left;
} locked_server;

static void *answer_401(void *arg)
{
    locked_server *l = arg;
    static const char body[] =
        "{\"is_success\":false,\"error_code\":\"ModelArts.0201\",\"error_message\":\"no token\"}";
    char reply[512];
    int reply_len = snprintf(reply, sizeof reply,
                             "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n"
                             "Connection: close\r\nContent-Length: %zu\r\n\r\n%s",
                             sizeof body - 1, body);
    while (l->left-- > 0) {
        int c = accept(l->listener, NULL, NULL);
        if (c < 0)
            return NULL;
        char buf[65536];
        ssize_t n = recv(c, buf, sizeof buf, 0);
        (void)n;
        ssize_t w = send(c, reply, (size_t)reply_len, MSG_NOSIGNAL);
        (void)w;
        shutdown(c, SHUT_WR);
        close(c);
    }
    return NULL;
}

Test(cli, says_the_target_needs_credentials_when_it_refuses_the_sample_with_401)
{
    unsigned port;
    locked_server l = {loopback_listener(&port), 2};
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, answer_401, &l), 0);
    char args[256];
    snprintf(args, sizeof args,
             "conform --quiet --format none --cases SAMPLE-ACCEPTED --timeout-ms 3000 --target "
             "http://127.0.0.1:%u",
             port);
    ran r = run_tjc(args);
    shutdown(l.listener, SHUT_RDWR); /* ends a wait for a connection that will not come */
    pthread_join(t, NULL);
    cr_expect_eq(r.status, 2, "every answer 401: expected exit 2 (configuration), got %d:\n%s",
                 r.status, r.out);
    cr_expect_not_null(strstr(r.out, "needs credentials"), "the message says why:\n%s", r.out);
    close(l.listener);
    free(r.out);
}
