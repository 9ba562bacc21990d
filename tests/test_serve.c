/*
 * serve: the reference server over real HTTP. Each test starts the server in-process on
 * 127.0.0.1, port 0 (tjc_service_new + tjc_server_start), speaks to it with libcurl and
 * reads the answers with cJSON; the last tests run the `tjc serve` process itself.
 *
 * Every expectation is spec/rules.md's: the envelope of Table 5 (Response section), one
 * refused body per MUST body rule, the SHOULD rules the reference server refuses and the
 * INFO cases it accepts ("The reference server's choices"), paths and methods, the body
 * limit, chunked bodies, keep-alive, concurrent clients, and every seeded fault. Each
 * body is also checked against the validator first, so that a test cannot pass on a body
 * that does not break (or show) the rule it names.
 */
#include <criterion/criterion.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "rules.h"
#include "sample.h"
#include "serve.h"
#include "validate.h"

extern char **environ;

#define SAMPLE_PATH "/v1/p/training-job-configs/config"
#define TIMEOUT_MS 3000L

/* ---- bodies: the published sample, compact, in pieces that a case swaps one at a time ---- */

#define DESC_ "\"config_desc\":\"This is config\","
#define WORKERS_ "\"worker_server_num\":1,"
#define CODE_ "\"app_url\":\"/usr/app/\",\"boot_file_url\":\"/usr/app/boot.py\","
#define PARAMS_                                                                            \
    "\"parameter\":[{\"label\":\"learning_rate\",\"value\":0.01},"                         \
    "{\"key\":\"batch_size\",\"value\":32}],"
#define SPEC_ "\"spec_id\":1,"
#define DATASET_                                                                           \
    "\"dataset_id\":\"38277e62-9e59-48f4-8d89-c8cf41622c24\","                             \
    "\"dataset_version_id\":\"2ff0d6ba-c480-45ae-be41-09a8369bfc90\","
#define ENGINE_ "\"engine_id\":1,"
#define OUTS "\"train_url\":\"/usr/train/\",\"log_url\":\"/usr/log/\""

/* A body with each slot given (a slot ends with a comma, or is empty when left out). */
#define BODY(desc, workers, code, params, spec, data, engine)                              \
    "{" desc workers code params spec data engine OUTS "}"
#define SAMPLE_COMPACT BODY(DESC_, WORKERS_, CODE_, PARAMS_, SPEC_, DATASET_, ENGINE_)
#define WITH_DATA(data) BODY(DESC_, WORKERS_, CODE_, PARAMS_, SPEC_, data, ENGINE_)
#define WITH_WORKERS(w) BODY(DESC_, w, CODE_, PARAMS_, SPEC_, DATASET_, ENGINE_)
#define NOT_JSON "this is not JSON"

/* ---- owned memory, freed by the fixture even when an assertion ends the test ---- */

#define OWNED_MAX 64
static char *owned[OWNED_MAX];
static size_t owned_count;

static char *keep(char *p)
{
    cr_assert_not_null(p, "out of memory building a request body");
    cr_assert_lt(owned_count, OWNED_MAX, "test bug: more than %d owned strings", OWNED_MAX);
    owned[owned_count++] = p;
    return p;
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
    tjc_buf b;
    tjc_buf_init(&b);
    va_list ap;
    va_start(ap, f);
    tjc_buf_vprintf(&b, f, ap);
    va_end(ap);
    return keep(tjc_buf_take(&b));
}

static char *repeat(const char *unit, size_t n)
{
    tjc_buf b;
    tjc_buf_init(&b);
    for (size_t i = 0; i < n; i++)
        tjc_buf_puts(&b, unit);
    return keep(tjc_buf_take(&b));
}

/* ---- the stored configuration ---- */

/* A copy of what `config` holds, kept for the fixture to free; asserts there is one. */
static char *stored_of(tjc_service *service, const char *config, const char *after)
{
    char *s = tjc_service_stored(service, config);
    cr_assert_not_null(s, "after %s: expected config %s to hold a body, it holds none", after,
                       config);
    return keep(s);
}

/* The sample with config_desc set to this JSON value. */
static const char *with_desc(const char *json_value)
{
    return fmt("{\"config_desc\":%s," WORKERS_ CODE_ PARAMS_ SPEC_ DATASET_ ENGINE_ OUTS "}",
               json_value);
}

static const char *sample(void)
{
    return tjc_sample_body(NULL);
}

/* Bytes shown in a failure message: printable ASCII as is, others as \xHH, cut at 60. */
static void show(char *out, size_t cap, const char *bytes, size_t len)
{
    size_t o = 0;
    out[o++] = '`';
    for (size_t i = 0; i < len && o + 24 < cap; i++) {
        unsigned char c = (unsigned char)bytes[i];
        if (i == 60) {
            o += (size_t)snprintf(out + o, cap - o, "...");
            break;
        }
        if (c >= 0x20 && c < 0x7f && c != '\\')
            out[o++] = (char)c;
        else
            o += (size_t)snprintf(out + o, cap - o, "\\x%02x", c);
    }
    o += (size_t)snprintf(out + o, cap - o, "` (%zu bytes)", len);
    out[cap - 1] = '\0';
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- servers ---- */

typedef struct server {
    tjc_service *service;
    tjc_server *http;
    char base[64];
} server;

#define SERVERS_MAX 3
static server servers[SERVERS_MAX];
static size_t server_count;

static uint64_t fault_bit(tjc_fault f)
{
    return (uint64_t)1 << f;
}

static server *serve_with(uint64_t faults, size_t body_limit, unsigned hang_s)
{
    cr_assert_lt(server_count, SERVERS_MAX, "test bug: more than %d servers", SERVERS_MAX);
    server *s = &servers[server_count];
    char err[256] = "";
    tjc_service_options so = {.body_limit = body_limit, .faults = faults};
    int rc = tjc_service_new(&so, &s->service, err, sizeof err);
    cr_assert_eq(rc, 0, "tjc_service_new: expected 0, got %d (%s)", rc, err);
    server_count++;
    tjc_server_options ho = {.bind = "127.0.0.1", .port = 0, .timeout_s = 10,
                             .hang_s = hang_s};
    rc = tjc_server_start(s->service, &ho, &s->http, err, sizeof err);
    cr_assert_eq(rc, 0, "tjc_server_start on 127.0.0.1 port 0: expected 0, got %d (%s)", rc,
                 err);
    unsigned port = tjc_server_port(s->http);
    cr_assert_neq(port, 0u, "tjc_server_port after starting on port 0: expected a port, got 0");
    snprintf(s->base, sizeof s->base, "http://127.0.0.1:%u", port);
    return s;
}

static server *serve(void)
{
    return serve_with(0, 0, 0);
}

static server *serve_fault(tjc_fault f)
{
    return serve_with(fault_bit(f), 0, 0);
}

/* ---- one HTTP request with curl easy ---- */

typedef struct request {
    const char *method;   /* NULL: PUT */
    const char *path;     /* NULL: SAMPLE_PATH */
    const char *body;     /* NULL: no body */
    size_t len;           /* 0: strlen(body) */
    int chunked;          /* Transfer-Encoding: chunked, sent in small pieces */
    int expect_continue;  /* Expect: 100-continue (otherwise curl's own is suppressed) */
    long timeout_ms;      /* 0: TIMEOUT_MS */
    size_t give_up_at;    /* chunked: abort the upload after this many bytes (0: never) */
    const char *const *headers; /* more request headers, NULL-terminated; or NULL */
} request;

typedef struct reply {
    char what[256];       /* the request, for failure messages */
    CURLcode rc;
    char error[CURL_ERROR_SIZE];
    long status;
    char *content_type;
    char *allow;
    char *body;
    size_t len;
    cJSON *json;
    long new_connections;
} reply;

typedef struct upload {
    const char *data;
    size_t len;
    size_t pos;
    size_t give_up_at;
} upload;

static size_t on_read(char *dst, size_t size, size_t n, void *ud)
{
    upload *u = ud;
    if (u->give_up_at && u->pos >= u->give_up_at)
        return CURL_READFUNC_ABORT;
    size_t k = u->len - u->pos;
    if (k > 64) /* several chunks even for the sample */
        k = 64;
    if (k > size * n)
        k = size * n;
    memcpy(dst, u->data + u->pos, k);
    u->pos += k;
    return k;
}

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
    tjc_buf_append(ud, p, size * n);
    return size * n;
}

static void reply_free(reply *r)
{
    free(r->content_type);
    free(r->allow);
    free(r->body);
    cJSON_Delete(r->json);
    memset(r, 0, sizeof *r);
}

/* Sends one request on `h` (a reused handle keeps its connection), or on a new handle
 * when `h` is NULL. Never asserts: threads use it too. */
static void perform(const server *s, CURL *h, const request *rq, reply *out)
{
    memset(out, 0, sizeof *out);
    const char *method = rq->method ? rq->method : "PUT";
    const char *path = rq->path ? rq->path : SAMPLE_PATH;
    size_t len = rq->body ? (rq->len ? rq->len : strlen(rq->body)) : 0;
    char shown[160] = "no body";
    if (rq->body)
        show(shown, sizeof shown, rq->body, len);
    snprintf(out->what, sizeof out->what, "%s %s, body %s%s%s", method, path, shown,
             rq->chunked ? ", chunked" : "",
             rq->expect_continue ? ", Expect: 100-continue" : "");
    int own = h == NULL;
    h = own ? curl_easy_init() : h;
    if (!h) {
        out->rc = CURLE_FAILED_INIT;
        return;
    }
    if (!own)
        curl_easy_reset(h);
    char url[512];
    snprintf(url, sizeof url, "%s%s", s->base, path);
    int own_type = 0;
    for (const char *const *x = rq->headers; x && *x; x++)
        own_type |= strncasecmp(*x, "Content-Type:", 13) == 0;
    struct curl_slist *headers =
        own_type ? NULL : curl_slist_append(NULL, "Content-Type: application/json");
    headers = curl_slist_append(headers, rq->expect_continue ? "Expect: 100-continue" : "Expect:");
    if (rq->chunked)
        headers = curl_slist_append(headers, "Transfer-Encoding: chunked");
    for (const char *const *x = rq->headers; x && *x; x++)
        headers = curl_slist_append(headers, *x);
    tjc_buf got;
    tjc_buf_init(&got);
    upload up = {rq->body, len, 0, rq->give_up_at};
    long timeout = rq->timeout_ms ? rq->timeout_ms : TIMEOUT_MS;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROXY, "");
    curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout);
    curl_easy_setopt(h, CURLOPT_EXPECT_100_TIMEOUT_MS, timeout);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, out->error);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &got);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    if (strcmp(method, "HEAD") == 0) {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (rq->chunked) {
        curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
        curl_easy_setopt(h, CURLOPT_READDATA, &up);
        if (strcmp(method, "PUT") != 0)
            curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    } else {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
        if (rq->body) {
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, rq->body);
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
        }
    }
    out->rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
    curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &out->new_connections);
    char *ct = NULL;
    curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct);
    out->content_type = ct ? strdup(ct) : NULL;
    struct curl_header *allow = NULL;
    if (out->rc == CURLE_OK &&
        curl_easy_header(h, "Allow", 0, CURLH_HEADER, -1, &allow) == CURLHE_OK && allow)
        out->allow = strdup(allow->value);
    out->len = got.len;
    out->body = tjc_buf_take(&got);
    if (out->body && out->len)
        out->json = cJSON_ParseWithLength(out->body, out->len);
    curl_slist_free_all(headers);
    if (own)
        curl_easy_cleanup(h);
}

#define POOL_MAX 48
static reply pool[POOL_MAX];
static size_t pool_count;

static reply *http(const server *s, CURL *h, const request *rq)
{
    cr_assert_lt(pool_count, POOL_MAX, "test bug: more than %d requests in one test", POOL_MAX);
    reply *r = &pool[pool_count++];
    perform(s, h, rq, r);
    return r;
}

static reply *put(const server *s, const char *path, const char *body)
{
    return http(s, NULL, &(request){.path = path, .body = body});
}

static reply *put_len(const server *s, const char *body, size_t len)
{
    return http(s, NULL, &(request){.body = body, .len = len});
}

/* ---- checks on one answer ---- */

static const char *curl_why(const reply *r)
{
    return r->error[0] ? r->error : curl_easy_strerror(r->rc);
}

static void expect_answer(const reply *r)
{
    cr_assert_eq(r->rc, CURLE_OK, "%s: expected an answer, got curl error %d (%s)", r->what,
                 (int)r->rc, curl_why(r));
}

static void expect_status(const reply *r, long status)
{
    expect_answer(r);
    cr_assert_eq(r->status, status, "%s: expected status %ld, got %ld (body %.300s)", r->what,
                 status, r->status, r->body ? r->body : "");
}

static int is_json_type(const char *ct)
{
    /* application/json, parameters allowed (RESP-CONTENT-TYPE) */
    return ct && strncasecmp(ct, "application/json", 16) == 0 &&
           (ct[16] == '\0' || ct[16] == ';' || ct[16] == ' ');
}

static void expect_json_object(const reply *r)
{
    cr_assert(is_json_type(r->content_type),
              "%s: expected Content-Type application/json, got %s", r->what,
              r->content_type ? r->content_type : "(none)");
    cr_assert(cJSON_IsObject(r->json), "%s: expected a JSON object body, got %.300s", r->what,
              r->body ? r->body : "(none)");
}

static int error_code_shaped(const char *code)
{
    /* ^ModelArts\.[0-9]{4}$ (RESP-ERROR-CODE-FORMAT) */
    if (strlen(code) != 14 || strncmp(code, "ModelArts.", 10) != 0)
        return 0;
    for (int i = 10; i < 14; i++)
        if (code[i] < '0' || code[i] > '9')
            return 0;
    return 1;
}

static int id_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

/* Whether `text` names rule `id` as a whole id (SOURCE-TYPE is not in SOURCE-TYPE-MATCH). */
static int names_rule(const char *text, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = strstr(text, id); p; p = strstr(p + 1, id))
        if ((p == text || !id_char(p[-1])) && !id_char(p[n]))
            return 1;
    return 0;
}

/* A success: the status, JSON, is_success true, no error_code or error_message. */
static void expect_success_status(const reply *r, long status)
{
    expect_status(r, status);
    expect_json_object(r);
    const cJSON *ok = cJSON_GetObjectItemCaseSensitive(r->json, "is_success");
    cr_assert(cJSON_IsTrue(ok), "%s: expected is_success true, got %.300s", r->what, r->body);
    cr_assert_null(cJSON_GetObjectItemCaseSensitive(r->json, "error_code"),
                   "%s: expected no error_code on success (RESP-SUCCESS-CLEAN), got %.300s",
                   r->what, r->body);
    cr_assert_null(cJSON_GetObjectItemCaseSensitive(r->json, "error_message"),
                   "%s: expected no error_message on success (RESP-SUCCESS-CLEAN), got %.300s",
                   r->what, r->body);
}

static void expect_success(const reply *r)
{
    expect_success_status(r, 200);
}

/* A failure: the status, JSON, is_success false, error_code shaped ModelArts.NNNN and an
 * error_message string that names `rule` when one is given. */
static void expect_failure(const reply *r, long status, const char *rule)
{
    expect_status(r, status);
    expect_json_object(r);
    const cJSON *ok = cJSON_GetObjectItemCaseSensitive(r->json, "is_success");
    cr_assert(cJSON_IsFalse(ok), "%s: expected is_success false, got %.300s", r->what, r->body);
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(r->json, "error_code");
    cr_assert(cJSON_IsString(code), "%s: expected an error_code string, got %.300s", r->what,
              r->body);
    cr_assert(error_code_shaped(code->valuestring),
              "%s: expected error_code matching ^ModelArts\\.[0-9]{4}$, got \"%s\"", r->what,
              code->valuestring);
    const cJSON *msg = cJSON_GetObjectItemCaseSensitive(r->json, "error_message");
    cr_assert(cJSON_IsString(msg), "%s: expected an error_message string, got %.300s", r->what,
              r->body);
    if (rule)
        cr_assert(names_rule(msg->valuestring, rule),
                  "%s: expected error_message to name %s, got \"%s\"", r->what, rule,
                  msg->valuestring);
}

/* ---- what the validator sees in a body: keeps the tests honest about their inputs ---- */

static void expect_body_shows(const char *body, size_t len, const char *rule, tjc_level level)
{
    tjc_validator *v = NULL;
    char err[256] = "";
    cr_assert_eq(tjc_validator_new(NULL, 0, &v, err, sizeof err), 0, "tjc_validator_new: %s",
                 err);
    tjc_verdict verdict;
    int rc = tjc_validate_as(v, (const unsigned char *)body, len, NULL, TJC_READING_LAST,
                             &verdict);
    tjc_validator_free(v);
    cr_assert_eq(rc, 0, "tjc_validate_as: out of memory");
    int shows = tjc_verdict_has_at(&verdict, rule, level);
    size_t refusing = 0;
    for (size_t i = 0; i < verdict.count; i++)
        if (verdict.items[i].level != TJC_LEVEL_INFO)
            refusing++;
    tjc_verdict_free(&verdict);
    char shown[160];
    show(shown, sizeof shown, body, len);
    cr_assert(shows, "test input %s: expected the validator to show %s at %s, it does not",
              shown, rule, tjc_level_name(level));
    if (level == TJC_LEVEL_INFO)
        cr_assert_eq(refusing, 0u,
                     "test input %s: expected only INFO cases, the validator lists %zu MUST or "
                     "SHOULD violations",
                     shown, refusing);
}

/* The body breaks `rule` at `level`; the server refuses it with 400 naming the rule. */
static void expect_refused_len(const char *rule, tjc_level level, const char *body, size_t len)
{
    expect_body_shows(body, len, rule, level);
    server *s = serve();
    reply *r = put_len(s, body, len);
    expect_failure(r, 400, rule);
    char *stored = tjc_service_stored(s->service, "config");
    cr_assert_null(stored, "%s: a refused body was stored: %.200s", r->what, stored);
}

static void expect_refused(const char *rule, const char *body)
{
    expect_refused_len(rule, TJC_LEVEL_MUST, body, strlen(body));
}

/* The body shows only INFO case `rule`; the reference server accepts it and stores it. */
static void expect_accepted_len(const char *rule, const char *body, size_t len)
{
    if (rule)
        expect_body_shows(body, len, rule, TJC_LEVEL_INFO);
    server *s = serve();
    reply *r = put_len(s, body, len);
    expect_success(r);
    char *stored = stored_of(s->service, "config", r->what);
    cr_assert(strlen(stored) == len && memcmp(stored, body, len) == 0,
              "%s: expected the body stored as sent, got %.200s", r->what, stored);
}

static void expect_accepted(const char *rule, const char *body)
{
    expect_accepted_len(rule, body, strlen(body));
}

/* ---- the fixture ---- */

static pid_t child = -1;

static void setup(void)
{
    signal(SIGPIPE, SIG_IGN);
    cr_assert_eq(curl_global_init(CURL_GLOBAL_DEFAULT), CURLE_OK, "curl_global_init failed");
}

static void teardown(void)
{
    if (child > 0) {
        kill(child, SIGKILL);
        waitpid(child, NULL, 0);
        child = -1;
    }
    for (size_t i = 0; i < server_count; i++) {
        tjc_server_stop(servers[i].http);
        tjc_service_free(servers[i].service);
    }
    server_count = 0;
    for (size_t i = 0; i < pool_count; i++)
        reply_free(&pool[i]);
    pool_count = 0;
    for (size_t i = 0; i < owned_count; i++)
        free(owned[i]);
    owned_count = 0;
    curl_global_cleanup();
}

TestSuite(serve, .init = setup, .fini = teardown, .timeout = 30.0);

/* ==== the published sample and the stored configuration ==== */

Test(serve, accepts_the_published_sample)
{
    server *s = serve();
    size_t len;
    const char *body = tjc_sample_body(&len);
    cr_assert_str_eq(tjc_sample_config_name(), "config", "the sample's config name");
    reply *r = put_len(s, body, len);
    expect_success(r);
    cr_assert_str_eq(r->content_type, "application/json", "%s: Content-Type", r->what);
    static const char exact[] = "{\"is_success\":true}";
    cr_assert(r->len == sizeof exact - 1 && memcmp(r->body, exact, r->len) == 0,
              "%s: expected the body {\"is_success\":true} exactly, got %s", r->what, r->body);
}

Test(serve, stores_nothing_before_a_put)
{
    server *s = serve();
    char *stored = tjc_service_stored(s->service, "config");
    cr_assert_null(stored, "tjc_service_stored before any PUT: expected NULL, got %.200s",
                   stored);
    cr_assert_null(tjc_service_stored(s->service, "nope"),
                   "tjc_service_stored(\"nope\"), a config that does not exist: expected NULL");
}

Test(serve, a_valid_put_replaces_the_stored_configuration)
{
    server *s = serve();
    reply *r = put(s, NULL, sample());
    expect_success(r);
    char *stored = stored_of(s->service, "config", r->what);
    cr_assert_str_eq(stored, sample(), "%s: expected the sample stored", r->what);

    const char *other = with_desc("\"another description\"");
    r = put(s, NULL, other);
    expect_success(r);
    stored = stored_of(s->service, "config", r->what);
    cr_assert_str_eq(stored, other, "%s: expected the second body stored", r->what);
}

Test(serve, a_rejected_put_leaves_the_stored_configuration_unchanged)
{
    server *s = serve();
    expect_success(put(s, NULL, sample()));
    reply *r = put(s, NULL, with_desc("5"));
    expect_failure(r, 400, "DESC-TYPE");
    char *stored = stored_of(s->service, "config", r->what);
    cr_assert_str_eq(stored, sample(), "%s was refused: expected the sample still stored",
                     r->what);
    r = put(s, NULL, NOT_JSON);
    expect_failure(r, 400, "BODY-JSON");
    stored = stored_of(s->service, "config", r->what);
    cr_assert_str_eq(stored, sample(), "%s was refused: expected the sample still stored",
                     r->what);
}

Test(serve, accepts_the_sample_with_a_token_and_a_charset)
{
    /* E9: the harness sends whatever headers its user gives; the body alone is judged */
    static const char *const headers[] = {"X-Auth-Token: not-a-real-token",
                                          "Content-Type: application/json;charset=utf-8", NULL};
    server *s = serve();
    expect_success(http(s, NULL, &(request){.body = sample(), .headers = headers}));
}

Test(serve, accepts_the_sample_sent_with_expect_100_continue)
{
    server *s = serve();
    expect_success(http(s, NULL, &(request){.body = sample(), .expect_continue = 1}));
}

/* ==== one refused body per MUST body rule (400, envelope, message naming the rule) ==== */

#define REFUSES(name, rule, body)                                                          \
    Test(serve, name)                                                                      \
    {                                                                                      \
        expect_refused(rule, body);                                                        \
    }

/* BODY-JSON, several ways */
REFUSES(refuses_a_truncated_body, "BODY-JSON",
        "{" DESC_ WORKERS_ CODE_ PARAMS_ SPEC_ DATASET_ ENGINE_ OUTS)
REFUSES(refuses_bytes_after_the_json_text, "BODY-JSON", SAMPLE_COMPACT "x")
REFUSES(refuses_two_json_texts, "BODY-JSON", SAMPLE_COMPACT " {}")
REFUSES(refuses_nan, "BODY-JSON", WITH_WORKERS("\"worker_server_num\":NaN,"))
REFUSES(refuses_infinity, "BODY-JSON",
        BODY(DESC_, WORKERS_, CODE_, PARAMS_, "\"spec_id\":Infinity,", DATASET_, ENGINE_))
REFUSES(refuses_a_number_with_a_leading_zero, "BODY-JSON",
        WITH_WORKERS("\"worker_server_num\":01,"))
REFUSES(refuses_a_comment, "BODY-JSON", WITH_WORKERS("/* workers */ " WORKERS_))
REFUSES(refuses_single_quotes, "BODY-JSON", WITH_WORKERS("'worker_server_num':1,"))
REFUSES(refuses_invalid_utf8_in_a_string, "BODY-JSON",
        BODY("\"config_desc\":\"bad \xc3\x28 byte\",", WORKERS_, CODE_, PARAMS_, SPEC_,
             DATASET_, ENGINE_))
REFUSES(refuses_an_empty_body, "BODY-JSON", "")
REFUSES(refuses_a_body_of_whitespace_only, "BODY-JSON", " \r\n\t ")
REFUSES(refuses_a_body_that_is_not_json, "BODY-JSON", NOT_JSON)

Test(serve, refuses_a_put_without_a_body)
{
    server *s = serve();
    expect_failure(http(s, NULL, &(request){.body = NULL}), 400, "BODY-JSON");
}

/* BODY-OBJECT */
REFUSES(refuses_an_array_body, "BODY-OBJECT", "[" SAMPLE_COMPACT "]")
REFUSES(refuses_a_string_body, "BODY-OBJECT", "\"config\"")
REFUSES(refuses_a_number_body, "BODY-OBJECT", "1")
REFUSES(refuses_true_as_a_body, "BODY-OBJECT", "true")
REFUSES(refuses_null_as_a_body, "BODY-OBJECT", "null")

/* config_desc */
REFUSES(refuses_config_desc_that_is_a_number, "DESC-TYPE",
        BODY("\"config_desc\":5,", WORKERS_, CODE_, PARAMS_, SPEC_, DATASET_, ENGINE_))
REFUSES(refuses_config_desc_that_is_an_array, "DESC-TYPE",
        BODY("\"config_desc\":[\"a\"],", WORKERS_, CODE_, PARAMS_, SPEC_, DATASET_, ENGINE_))

Test(serve, refuses_config_desc_of_257_code_points)
{
    expect_refused("DESC-LEN", with_desc(fmt("\"%s\"", repeat("a", 257))));
}

Test(serve, refuses_config_desc_of_257_cjk_characters)
{
    expect_refused("DESC-LEN", with_desc(fmt("\"%s\"", repeat("\xe4\xb8\xad", 257))));
}

/* worker_server_num and spec_id */
REFUSES(refuses_a_body_without_worker_server_num, "WORKERS-REQ",
        BODY(DESC_, "", CODE_, PARAMS_, SPEC_, DATASET_, ENGINE_))
REFUSES(refuses_worker_server_num_given_as_a_string, "WORKERS-TYPE",
        WITH_WORKERS("\"worker_server_num\":\"1\","))
REFUSES(refuses_worker_server_num_given_as_true, "WORKERS-TYPE",
        WITH_WORKERS("\"worker_server_num\":true,"))
REFUSES(refuses_null_worker_server_num, "WORKERS-TYPE",
        WITH_WORKERS("\"worker_server_num\":null,"))
REFUSES(refuses_a_body_without_spec_id, "SPEC-REQ",
        BODY(DESC_, WORKERS_, CODE_, PARAMS_, "", DATASET_, ENGINE_))
REFUSES(refuses_spec_id_given_as_a_string, "SPEC-TYPE",
        BODY(DESC_, WORKERS_, CODE_, PARAMS_, "\"spec_id\":\"1\",", DATASET_, ENGINE_))
REFUSES(refuses_null_spec_id, "SPEC-TYPE",
        BODY(DESC_, WORKERS_, CODE_, PARAMS_, "\"spec_id\":null,", DATASET_, ENGINE_))

/* engine_id, model_id, whole numbers */
REFUSES(refuses_engine_id_given_as_a_string, "ENGINE-TYPE",
        BODY(DESC_, WORKERS_, CODE_, PARAMS_, SPEC_, DATASET_, "\"engine_id\":\"1\","))
REFUSES(refuses_model_id_given_as_a_string, "MODEL-TYPE",
        BODY(DESC_, WORKERS_, "\"model_id\":\"3\",", PARAMS_, SPEC_, DATASET_, ""))
REFUSES(refuses_one_and_a_half_workers, "INT-FRACTION",
        WITH_WORKERS("\"worker_server_num\":1.5,"))
REFUSES(refuses_spec_id_of_one_half, "INT-FRACTION",
        BODY(DESC_, WORKERS_, CODE_, PARAMS_, "\"spec_id\":0.5,", DATASET_, ENGINE_))
REFUSES(refuses_engine_id_written_1e_minus_1, "INT-FRACTION",
        BODY(DESC_, WORKERS_, CODE_, PARAMS_, SPEC_, DATASET_, "\"engine_id\":1e-1,"))

/* the code: model_id, or app_url with boot_file_url */
REFUSES(refuses_app_url_without_boot_file_url, "CODE-PAIR",
        BODY(DESC_, WORKERS_, "\"app_url\":\"/usr/app/\",", PARAMS_, SPEC_, DATASET_, ENGINE_))
REFUSES(refuses_boot_file_url_without_app_url, "CODE-PAIR",
        BODY(DESC_, WORKERS_, "\"boot_file_url\":\"/usr/app/boot.py\",", PARAMS_, SPEC_,
             DATASET_, ENGINE_))
REFUSES(refuses_a_body_that_names_no_code, "CODE-SOURCE",
        BODY(DESC_, WORKERS_, "", PARAMS_, SPEC_, DATASET_, ENGINE_))

/* strings */
REFUSES(refuses_train_url_given_as_a_number, "STRING-TYPES",
        "{" DESC_ WORKERS_ CODE_ PARAMS_ SPEC_ DATASET_ ENGINE_
        "\"train_url\":5,\"log_url\":\"/usr/log/\"}")
REFUSES(refuses_app_url_given_as_an_object, "STRING-TYPES",
        BODY(DESC_, WORKERS_, "\"app_url\":{},\"boot_file_url\":\"/usr/app/boot.py\",",
             PARAMS_, SPEC_, DATASET_, ENGINE_))

/* the data input */
REFUSES(refuses_a_body_without_a_data_input, "DATA-ONE", WITH_DATA(""))
REFUSES(refuses_data_url_beside_the_dataset_pair, "DATA-ONE",
        WITH_DATA("\"data_url\":\"/usr/data/\"," DATASET_))
REFUSES(refuses_dataset_id_without_dataset_version_id, "DATASET-PAIR",
        WITH_DATA("\"dataset_id\":\"38277e62-9e59-48f4-8d89-c8cf41622c24\","))

/* data_source */
REFUSES(refuses_data_source_that_is_an_object, "SOURCE-ARRAY",
        WITH_DATA("\"data_source\":{\"type\":\"obs\",\"data_url\":\"/usr/data/\"},"))
REFUSES(refuses_data_source_items_that_are_strings, "SOURCE-ARRAY",
        WITH_DATA("\"data_source\":[\"/usr/data/\"],"))
REFUSES(refuses_a_data_source_type_other_than_obs_or_dataset, "SOURCE-TYPE",
        WITH_DATA("\"data_source\":[{\"type\":\"hdfs\",\"data_url\":\"/usr/data/\"}],"))
REFUSES(refuses_a_data_source_mixing_obs_and_dataset_items, "SOURCE-NO-MIX",
        WITH_DATA("\"data_source\":[{\"type\":\"obs\",\"data_url\":\"/usr/data/\"},"
                  "{\"type\":\"dataset\",\"dataset_id\":\"a\",\"dataset_version\":\"b\"}],"))
REFUSES(refuses_a_data_source_item_with_dataset_id_alone, "SOURCE-PAIR",
        WITH_DATA("\"data_source\":[{\"type\":\"dataset\",\"dataset_id\":\"a\"}],"))
REFUSES(refuses_a_data_source_item_with_data_url_and_a_dataset, "SOURCE-EXCL",
        WITH_DATA("\"data_source\":[{\"data_url\":\"/usr/data/\",\"dataset_id\":\"a\","
                  "\"dataset_version\":\"b\"}],"))
REFUSES(refuses_a_data_source_data_url_given_as_a_number, "SOURCE-STRINGS",
        WITH_DATA("\"data_source\":[{\"type\":\"obs\",\"data_url\":5}],"))

/* parameter */
REFUSES(refuses_parameter_that_is_an_object, "PARAM-ARRAY",
        BODY(DESC_, WORKERS_, CODE_, "\"parameter\":{\"label\":\"a\",\"value\":\"1\"},", SPEC_,
             DATASET_, ENGINE_))
REFUSES(refuses_parameter_items_that_are_numbers, "PARAM-ARRAY",
        BODY(DESC_, WORKERS_, CODE_, "\"parameter\":[1,2],", SPEC_, DATASET_, ENGINE_))
REFUSES(refuses_a_parameter_label_given_as_a_number, "PARAM-LABEL",
        BODY(DESC_, WORKERS_, CODE_, "\"parameter\":[{\"label\":5,\"value\":\"1\"}],", SPEC_,
             DATASET_, ENGINE_))

/* ==== SHOULD rules: the reference server refuses these too ==== */

#define REFUSES_SHOULD(name, rule, body)                                                   \
    Test(serve, name)                                                                      \
    {                                                                                      \
        const char *b = body;                                                              \
        expect_refused_len(rule, TJC_LEVEL_SHOULD, b, strlen(b));                          \
    }

REFUSES_SHOULD(refuses_zero_workers, "WORKERS-MIN", WITH_WORKERS("\"worker_server_num\":0,"))
REFUSES_SHOULD(refuses_a_negative_spec_id, "IDS-NONNEG",
               BODY(DESC_, WORKERS_, CODE_, PARAMS_, "\"spec_id\":-1,", DATASET_, ENGINE_))
REFUSES_SHOULD(refuses_workers_beyond_32_bits, "INT-RANGE",
               WITH_WORKERS("\"worker_server_num\":2147483648,"))
REFUSES_SHOULD(refuses_a_boot_file_outside_app_url, "BOOT-IN-APP",
               BODY(DESC_, WORKERS_,
                    "\"app_url\":\"/usr/app\",\"boot_file_url\":\"/usr/app2/boot.py\",",
                    PARAMS_, SPEC_, DATASET_, ENGINE_))
REFUSES_SHOULD(refuses_user_command_without_user_image_url, "CUSTOM-IMAGE-PAIR",
               WITH_DATA(DATASET_ "\"user_command\":\"bash /home/work/run_train.sh python "
                                  "/home/work/user-job-dir/app/train.py\","))
REFUSES_SHOULD(refuses_an_empty_data_source, "SOURCE-EMPTY", WITH_DATA("\"data_source\":[],"))
REFUSES_SHOULD(refuses_a_boolean_parameter_value, "PARAM-VALUE-TYPE",
               BODY(DESC_, WORKERS_, CODE_, "\"parameter\":[{\"label\":\"a\",\"value\":true}],",
                    SPEC_, DATASET_, ENGINE_))
REFUSES_SHOULD(refuses_an_obs_item_with_dataset_members, "SOURCE-TYPE-MATCH",
               WITH_DATA("\"data_source\":[{\"type\":\"obs\","
                         "\"dataset_id\":\"38277e62-9e59-48f4-8d89-c8cf41622c24\","
                         "\"dataset_version\":\"2ff0d6ba-c480-45ae-be41-09a8369bfc90\"}],"))

/* ==== INFO cases the reference server accepts ("The reference server's choices") ==== */

Test(serve, accepts_null_for_optional_members)
{
    expect_accepted("NULL-OPTIONAL",
                    "{\"config_desc\":null," WORKERS_ CODE_
                    "\"parameter\":[{\"label\":\"a\",\"value\":null}],\"model_id\":null,"
                    "\"data_url\":null,\"data_source\":null," SPEC_ DATASET_ ENGINE_
                    "\"user_image_url\":null,\"train_url\":null,\"log_url\":null}");
}

Test(serve, accepts_unknown_members_at_the_top_and_in_items)
{
    expect_accepted("UNKNOWN-MEMBERS",
                    "{\"id\":7,\"name\":{\"x\":[1]}," DESC_ WORKERS_ CODE_
                    "\"parameter\":[{\"label\":\"a\",\"value\":\"1\",\"location\":\"x\"}]," SPEC_
                        DATASET_ ENGINE_ OUTS "}");
}

Test(serve, accepts_unknown_members_in_a_data_source_item)
{
    expect_accepted("UNKNOWN-MEMBERS",
                    WITH_DATA("\"data_source\":[{\"type\":\"dataset\","
                              "\"dataset_id\":\"38277e62-9e59-48f4-8d89-c8cf41622c24\","
                              "\"dataset_version\":\"2ff0d6ba-c480-45ae-be41-09a8369bfc90\","
                              "\"name\":null,\"id\":\"x\"}],"));
}

Test(serve, accepts_whole_numbers_written_1_0_and_1e0)
{
    expect_accepted("INT-NOTATION", BODY(DESC_, "\"worker_server_num\":1.0,", CODE_, PARAMS_,
                                         "\"spec_id\":1e0,", DATASET_, "\"engine_id\":10E-1,"));
}

Test(serve, accepts_a_leading_byte_order_mark)
{
    expect_accepted("BODY-BOM", "\xef\xbb\xbf" SAMPLE_COMPACT);
}

Test(serve, keeps_the_last_of_duplicate_members)
{
    /* first copy broken, last copy right: accepted */
    expect_accepted("DUP-MEMBERS", WITH_WORKERS("\"worker_server_num\":\"x\"," WORKERS_));
}

Test(serve, refuses_duplicate_members_whose_last_copy_is_broken)
{
    /* first copy right, last copy broken: the last copy is the one read */
    const char *body = WITH_WORKERS(WORKERS_ "\"worker_server_num\":\"x\",");
    expect_body_shows(body, strlen(body), "WORKERS-TYPE", TJC_LEVEL_MUST);
    server *s = serve();
    expect_failure(put(s, NULL, body), 400, "WORKERS-TYPE");
}

Test(serve, accepts_u0000_in_a_string)
{
    expect_accepted("STRING-ODD", with_desc("\"a\\u0000b\""));
}

Test(serve, accepts_a_lone_surrogate_escape)
{
    expect_accepted("STRING-ODD", with_desc("\"a\\ud800b\\udc00\""));
}

Test(serve, accepts_dataset_version_id_in_a_data_source_item)
{
    expect_accepted("SOURCE-VERSION-NAME",
                    WITH_DATA("\"data_source\":[{\"type\":\"dataset\","
                              "\"dataset_id\":\"38277e62-9e59-48f4-8d89-c8cf41622c24\","
                              "\"dataset_version_id\":"
                              "\"2ff0d6ba-c480-45ae-be41-09a8369bfc90\"}],"));
}

Test(serve, accepts_engine_id_left_out)
{
    expect_accepted("ENGINE-DEFAULT", BODY(DESC_, WORKERS_, CODE_, PARAMS_, SPEC_, DATASET_, ""));
}

Test(serve, accepts_model_id_beside_the_code_pair)
{
    expect_accepted("CODE-BOTH",
                    BODY(DESC_, WORKERS_, CODE_ "\"model_id\":1,", PARAMS_, SPEC_, DATASET_, ""));
}

Test(serve, accepts_config_desc_of_256_cjk_characters)
{
    expect_accepted(NULL, with_desc(fmt("\"%s\"", repeat("\xe4\xb8\xad", 256))));
}

Test(serve, accepts_config_desc_of_256_characters_outside_the_bmp)
{
    /* DESC-UTF16 is open; the reference server counts code points (512 UTF-16 units) */
    expect_accepted("DESC-UTF16", with_desc(fmt("\"%s\"", repeat("\xf0\x9f\x98\x80", 256))));
}

Test(serve, accepts_config_desc_of_256_escaped_characters)
{
    /* counted after unescaping: 256 \u00e9 escapes are 256 code points */
    expect_accepted(NULL, with_desc(fmt("\"%s\"", repeat("\\u00e9", 256))));
}

Test(serve, accepts_config_desc_of_256_escaped_surrogate_pairs)
{
    expect_accepted("DESC-UTF16", with_desc(fmt("\"%s\"", repeat("\\ud83d\\ude00", 256))));
}

Test(serve, refuses_config_desc_of_257_escaped_characters)
{
    expect_refused("DESC-LEN", with_desc(fmt("\"%s\"", repeat("\\u00e9", 257))));
}

Test(serve, accepts_an_empty_config_desc)
{
    expect_accepted(NULL, with_desc("\"\""));
}

Test(serve, accepts_a_body_nested_1100_levels_deep)
{
    /* BODY-DEPTH is open: the reference server accepts what breaks no MUST or SHOULD rule */
    const char *body = fmt("{\"x\":%s%s," DESC_ WORKERS_ CODE_ PARAMS_ SPEC_ DATASET_ ENGINE_
                           OUTS "}",
                           repeat("[", 1100), repeat("]", 1100));
    expect_accepted("BODY-DEPTH", body);
}

/* ==== paths ==== */

Test(serve, answers_404_for_a_config_that_does_not_exist)
{
    server *s = serve();
    reply *r = put(s, "/v1/p/training-job-configs/nope", sample());
    expect_failure(r, 404, NULL);
    cr_assert_null(tjc_service_stored(s->service, "nope"), "%s: stored a config", r->what);
}

Test(serve, answers_404_for_impossible_names_sent_as_one_segment)
{
    static const char *const paths[] = {
        "/v1/p/training-job-configs/a%2Fb",   "/v1/p/training-job-configs/%20",
        "/v1/p/training-job-configs/",        "/v1/p/training-job-configs/config%00",
        "/v1/p/training-job-configs/config%2", "/v1/p/training-job-configs/con%3Ffig",
        "/v1/p/training-job-configs/%2F",
    };
    server *s = serve();
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        expect_failure(put(s, paths[i], sample()), 404, NULL);
    char *stored = tjc_service_stored(s->service, "config");
    cr_assert_null(stored, "after PUTs to impossible names: config was modified: %.200s", stored);
}

Test(serve, accepts_a_config_name_sent_percent_encoded)
{
    /* the harness percent-encodes the name as one segment: %63onfig is "config" */
    server *s = serve();
    expect_success(put(s, "/v1/p/training-job-configs/%63onfig", sample()));
    char *stored = stored_of(s->service, "config", "PUT to %63onfig");
    cr_assert_str_eq(stored, sample(), "PUT to %%63onfig: expected the sample stored in config");
}

Test(serve, answers_404_for_paths_of_another_shape)
{
    static const char *const paths[] = {
        "/v1/p/training-job-configs/config/extra",
        "/v1/p/training-job-configs",
        "/v2/p/training-job-configs/config",
        "/v1//training-job-configs/config",
        "/v1/p/training-jobs/config",
        "/v1/p/x/training-job-configs/config",
        "/",
    };
    server *s = serve();
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        expect_failure(put(s, paths[i], sample()), 404, NULL);
}

/* ==== methods ==== */

Test(serve, answers_405_with_allow_put_to_other_methods)
{
    static const char *const methods[] = {"GET", "POST", "DELETE", "PATCH", "OPTIONS"};
    server *s = serve();
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        int with_body = strcmp(methods[i], "POST") == 0 || strcmp(methods[i], "PATCH") == 0;
        reply *r = http(s, NULL,
                        &(request){.method = methods[i], .body = with_body ? sample() : NULL});
        expect_failure(r, 405, NULL);
        cr_assert(r->allow && strcmp(r->allow, "PUT") == 0,
                  "%s: expected the header Allow: PUT, got %s", r->what,
                  r->allow ? r->allow : "(none)");
    }
    char *stored = tjc_service_stored(s->service, "config");
    cr_assert_null(stored, "after POST and PATCH: config was modified: %.200s", stored);
}

Test(serve, answers_405_without_a_body_to_head)
{
    /* curl reads no body after HEAD; a body sent anyway would be read as the start of the
     * next answer on the same connection, so a PUT follows on it */
    server *s = serve();
    CURL *h = curl_easy_init();
    cr_assert_not_null(h, "curl_easy_init failed");
    reply *r = http(s, h, &(request){.method = "HEAD"});
    reply *next = http(s, h, &(request){.body = sample()});
    curl_easy_cleanup(h);
    expect_status(r, 405);
    cr_assert_eq(r->len, 0u, "%s: expected no body (RFC 9110), got %zu bytes", r->what, r->len);
    cr_assert(r->allow && strcmp(r->allow, "PUT") == 0,
              "%s: expected the header Allow: PUT, got %s", r->what,
              r->allow ? r->allow : "(none)");
    expect_success(next);
    cr_assert_eq(next->new_connections, 0,
                 "%s after HEAD on one handle: expected the connection reused, got %ld new",
                 next->what, next->new_connections);
}

/* ==== body size, chunked bodies, Expect ==== */

/* The sample followed by spaces up to `len` bytes (still one JSON text). */
static const char *sample_padded(size_t len)
{
    size_t n = strlen(sample());
    cr_assert_geq(len, n, "test bug: padding below the sample's length");
    char *b = keep(malloc(len + 1));
    memcpy(b, sample(), n);
    memset(b + n, ' ', len - n);
    b[len] = '\0';
    return b;
}

Test(serve, accepts_a_body_of_exactly_the_limit)
{
    server *s = serve_with(0, 1024, 0);
    expect_success(put(s, NULL, sample_padded(1024)));
}

Test(serve, answers_413_to_a_body_one_byte_over_the_limit)
{
    server *s = serve_with(0, 1024, 0);
    expect_failure(put(s, NULL, sample_padded(1025)), 413, NULL);
    cr_assert_null(tjc_service_stored(s->service, "config"), "a body over the limit was stored");
}

Test(serve, answers_413_to_a_large_body_with_content_length)
{
    server *s = serve_with(0, 1024, 0);
    expect_failure(put(s, NULL, sample_padded(64 * 1024)), 413, NULL);
}

Test(serve, answers_413_to_a_large_body_with_expect_100_continue)
{
    server *s = serve_with(0, 1024, 0);
    reply *r = http(s, NULL, &(request){.body = sample_padded(64 * 1024), .expect_continue = 1});
    expect_failure(r, 413, NULL);
}

Test(serve, answers_413_to_a_large_chunked_body)
{
    server *s = serve_with(0, 1024, 0);
    reply *r = http(s, NULL, &(request){.body = sample_padded(4096), .chunked = 1});
    expect_failure(r, 413, NULL);
}

Test(serve, reads_a_chunked_body_whole)
{
    server *s = serve();
    reply *r = http(s, NULL, &(request){.body = sample(), .chunked = 1});
    expect_success(r);
    char *stored = stored_of(s->service, "config", r->what);
    cr_assert_str_eq(stored, sample(), "%s: expected the whole sample stored", r->what);
}

Test(serve, reads_a_chunked_body_sent_after_100_continue)
{
    server *s = serve();
    reply *r = http(s, NULL, &(request){.body = sample(), .chunked = 1, .expect_continue = 1});
    expect_success(r);
}

Test(serve, refuses_a_chunked_body_that_breaks_a_rule)
{
    server *s = serve();
    reply *r = http(s, NULL, &(request){.body = with_desc("5"), .chunked = 1});
    expect_failure(r, 400, "DESC-TYPE");
}

/* ==== robustness (each request answered, never a 5xx, a reset or a hang) ==== */

Test(serve, answers_a_16_mib_body_with_413_under_the_default_limit)
{
    /* ROBUST-SIZE: above 64 KiB a 413 is right; the default limit is 8 MiB */
    server *s = serve();
    cr_assert_eq(tjc_service_body_limit(s->service), (size_t)TJC_SERVE_BODY_LIMIT,
                 "tjc_service_body_limit with body_limit 0: expected %u, got %zu",
                 TJC_SERVE_BODY_LIMIT, tjc_service_body_limit(s->service));
    reply *r = http(s, NULL, &(request){.body = sample_padded(16u << 20), .timeout_ms = 5000});
    expect_failure(r, 413, NULL);
    expect_success(put(s, NULL, sample()));
}

Test(serve, answers_a_1_mib_body)
{
    server *s = serve();
    reply *r = http(s, NULL, &(request){.body = sample_padded(1u << 20), .timeout_ms = 5000});
    expect_success(r);
}

Test(serve, answers_a_body_nested_100000_levels_deep)
{
    /* ROBUST-DEPTH at the top: an array, so BODY-OBJECT refuses it */
    server *s = serve();
    const char *top = fmt("%s%s", repeat("[", 100000), repeat("]", 100000));
    expect_failure(put(s, NULL, top), 400, "BODY-OBJECT");
    expect_success(put(s, NULL, sample()));
}

Test(serve, answers_a_member_nested_100000_levels_deep)
{
    /* ROBUST-DEPTH inside a member: BODY-DEPTH is open, the reference server accepts */
    const char *body = fmt("{\"x\":%s%s," DESC_ WORKERS_ CODE_ PARAMS_ SPEC_ DATASET_ ENGINE_
                           OUTS "}",
                           repeat("{\"a\":[", 50000), repeat("]}", 50000));
    expect_accepted("BODY-DEPTH", body);
}

Test(serve, answers_an_unclosed_body_nested_100000_levels_deep)
{
    server *s = serve();
    expect_failure(put(s, NULL, repeat("{\"a\":[", 100000)), 400, "BODY-JSON");
}

Test(serve, accepts_5000_parameter_items)
{
    /* ROBUST-MANY */
    tjc_buf b;
    tjc_buf_init(&b);
    tjc_buf_puts(&b, "{" DESC_ WORKERS_ CODE_ "\"parameter\":[");
    for (int i = 0; i < 5000; i++)
        tjc_buf_printf(&b, "%s{\"label\":\"p%d\",\"value\":\"%d\"}", i ? "," : "", i, i);
    tjc_buf_puts(&b, "]," SPEC_ DATASET_ ENGINE_ OUTS "}");
    const char *body = keep(tjc_buf_take(&b));
    server *s = serve();
    expect_success(http(s, NULL, &(request){.body = body, .timeout_ms = 5000}));
}

Test(serve, refuses_5000_parameter_items_with_one_broken)
{
    tjc_buf b;
    tjc_buf_init(&b);
    tjc_buf_puts(&b, "{" DESC_ WORKERS_ CODE_ "\"parameter\":[");
    for (int i = 0; i < 5000; i++)
        tjc_buf_printf(&b, "%s{\"label\":%s,\"value\":\"%d\"}", i ? "," : "",
                       i == 4321 ? "4321" : "\"p\"", i);
    tjc_buf_puts(&b, "]," SPEC_ DATASET_ ENGINE_ OUTS "}");
    const char *body = keep(tjc_buf_take(&b));
    server *s = serve();
    expect_failure(http(s, NULL, &(request){.body = body, .timeout_ms = 5000}), 400,
                   "PARAM-LABEL");
}

Test(serve, still_answers_after_a_client_gives_up_mid_body)
{
    /* ROBUST-ALIVE: a client that aborts its chunked upload half way */
    server *s = serve();
    reply *r = http(s, NULL, &(request){.body = sample(), .chunked = 1, .give_up_at = 128});
    cr_assert_eq(r->rc, CURLE_ABORTED_BY_CALLBACK,
                 "%s, given up after 128 bytes: expected curl to abort (42), got %d (%s)",
                 r->what, (int)r->rc, curl_why(r));
    expect_success(put(s, NULL, sample()));
    char *stored = stored_of(s->service, "config", "an aborted upload and the sample");
    cr_assert_str_eq(stored, sample(), "after an aborted upload and the sample: expected the "
                                       "sample stored");
}

/* ==== the service's configurations ==== */

Test(serve, refuses_impossible_configuration_names_at_start)
{
    /* the last is 65 characters */
    static const char *const bad[] = {
        "a/b", "", "a b", "config%", "a.b",
        "12345678901234567890123456789012345678901234567890123456789012345"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tjc_service *svc = NULL;
        char err[256] = "";
        const char *names[] = {bad[i]};
        tjc_service_options so = {.configs = names, .config_count = 1};
        int rc = tjc_service_new(&so, &svc, err, sizeof err);
        tjc_service_free(svc);
        cr_assert_eq(rc, -1, "tjc_service_new with config \"%s\": expected -1, got %d", bad[i],
                     rc);
        cr_assert(err[0], "tjc_service_new with config \"%s\": expected a reason in err", bad[i]);
    }
    tjc_service *svc = NULL;
    char err[256] = "";
    const char *names[] = {"1234567890123456789012345678901234567890123456789012345678901234"};
    tjc_service_options so = {.configs = names, .config_count = 1};
    int rc = tjc_service_new(&so, &svc, err, sizeof err);
    tjc_service_free(svc);
    cr_assert_eq(rc, 0, "tjc_service_new with a 64-character name: expected 0, got %d (%s)", rc,
                 err);
}

Test(serve, modifies_only_the_named_configuration)
{
    static const char *const names[] = {"job_a", "job-b"};
    tjc_service_options so = {.configs = names, .config_count = 2};
    char err[256] = "";
    cr_assert_lt(server_count, SERVERS_MAX, "test bug: too many servers");
    server *s = &servers[server_count];
    cr_assert_eq(tjc_service_new(&so, &s->service, err, sizeof err), 0, "tjc_service_new: %s",
                 err);
    server_count++;
    tjc_server_options ho = {.bind = "127.0.0.1"};
    cr_assert_eq(tjc_server_start(s->service, &ho, &s->http, err, sizeof err), 0,
                 "tjc_server_start: %s", err);
    snprintf(s->base, sizeof s->base, "http://127.0.0.1:%u", tjc_server_port(s->http));
    expect_success(put(s, "/v1/p/training-job-configs/job_a", sample()));
    expect_failure(put(s, SAMPLE_PATH, sample()), 404, NULL);
    char *a = stored_of(s->service, "job_a", "PUT to job_a");
    cr_assert_str_eq(a, sample(), "PUT job_a: expected the sample stored in job_a");
    char *b = tjc_service_stored(s->service, "job-b");
    cr_assert_null(b, "PUT job_a: expected job-b untouched, got %.200s", b);
}

/* ==== connections ==== */

Test(serve, keeps_one_connection_alive_across_requests)
{
    server *s = serve();
    CURL *h = curl_easy_init();
    cr_assert_not_null(h, "curl_easy_init failed");
    reply *r[6];
    r[0] = http(s, h, &(request){.body = sample()});
    r[1] = http(s, h, &(request){.body = NOT_JSON});
    r[2] = http(s, h, &(request){.path = "/v1/p/training-job-configs/nope", .body = sample()});
    r[3] = http(s, h, &(request){.method = "GET"});
    r[4] = http(s, h, &(request){.body = sample(), .chunked = 1});
    r[5] = http(s, h, &(request){.body = with_desc("\"again\"")});
    curl_easy_cleanup(h);
    expect_success(r[0]);
    expect_failure(r[1], 400, "BODY-JSON");
    expect_failure(r[2], 404, NULL);
    expect_failure(r[3], 405, NULL);
    expect_success(r[4]);
    expect_success(r[5]);
    cr_assert_eq(r[0]->new_connections, 1, "%s: expected 1 new connection, got %ld", r[0]->what,
                 r[0]->new_connections);
    for (size_t i = 1; i < 6; i++)
        cr_assert_eq(r[i]->new_connections, 0,
                     "%s, request %zu on one handle: expected the connection reused (0 new "
                     "connections), got %ld",
                     r[i]->what, i + 1, r[i]->new_connections);
}

#define CLIENTS 4
#define CLIENT_REQUESTS 20

typedef struct client {
    const server *s;
    int index;
    int create;           /* PUT the sample to a fresh name each time (create-unknown) */
    int wrong;
    char first_wrong[1024];
} client;

/* Whether an answer is the one rules.md asks for: status and is_success. */
static int answer_right(const reply *r, long status, int success)
{
    if (r->rc != CURLE_OK || r->status != status || !is_json_type(r->content_type) ||
        !cJSON_IsObject(r->json))
        return 0;
    const cJSON *ok = cJSON_GetObjectItemCaseSensitive(r->json, "is_success");
    return success ? cJSON_IsTrue(ok) : cJSON_IsFalse(ok);
}

static void *run_client(void *arg)
{
    client *c = arg;
    CURL *h = curl_easy_init();
    if (!h) {
        c->wrong = CLIENT_REQUESTS;
        snprintf(c->first_wrong, sizeof c->first_wrong, "curl_easy_init failed");
        return NULL;
    }
    for (int i = 0; i < CLIENT_REQUESTS; i++) {
        reply r;
        long status;
        int success;
        char path[96];
        snprintf(path, sizeof path, "/v1/p/training-job-configs/c%d_%d", c->index, i);
        switch (c->create ? 3 : (i + c->index) % 3) {
        case 0:
            perform(c->s, h, &(request){.body = sample()}, &r);
            status = 200, success = 1;
            break;
        case 1:
            perform(c->s, h, &(request){.body = NOT_JSON}, &r);
            status = 400, success = 0;
            break;
        case 2:
            perform(c->s, h,
                    &(request){.path = "/v1/p/training-job-configs/nope", .body = sample()}, &r);
            status = 404, success = 0;
            break;
        default:
            perform(c->s, h, &(request){.path = path, .body = sample()}, &r);
            status = 200, success = 1;
            break;
        }
        if (!answer_right(&r, status, success) && c->wrong++ == 0)
            snprintf(c->first_wrong, sizeof c->first_wrong,
                     "client %d request %d, %s: expected %ld with is_success %s, got curl %d, "
                     "status %ld, body %.200s",
                     c->index, i, r.what, status, success ? "true" : "false", (int)r.rc,
                     r.status, r.body ? r.body : "(none)");
        reply_free(&r);
    }
    curl_easy_cleanup(h);
    return NULL;
}

Test(serve, answers_concurrent_clients_right)
{
    server *s = serve();
    client clients[CLIENTS];
    pthread_t threads[CLIENTS];
    int started[CLIENTS] = {0};
    for (int i = 0; i < CLIENTS; i++) {
        clients[i] = (client){.s = s, .index = i};
        started[i] = pthread_create(&threads[i], NULL, run_client, &clients[i]) == 0;
    }
    for (int i = 0; i < CLIENTS; i++)
        if (started[i])
            pthread_join(threads[i], NULL);
    for (int i = 0; i < CLIENTS; i++) {
        cr_assert(started[i], "pthread_create for client %d failed", i);
        cr_assert_eq(clients[i].wrong, 0, "%d of %d answers wrong; first: %s", clients[i].wrong,
                     CLIENT_REQUESTS, clients[i].first_wrong);
    }
    char *stored = stored_of(s->service, "config", "concurrent PUTs");
    cr_assert_str_eq(stored, sample(), "after concurrent PUTs: expected the sample stored");
}

/* Found a heap-use-after-free (a config pointer into an array that another connection's
 * add_config() reallocated); configs are now held by stable pointers. */
Test(serve, fault_create_unknown_survives_concurrent_creation)
{
    /* the fault breaks PATH-UNKNOWN-CONFIG only: every request is still answered
     * (RESP-NO-5XX, ROBUST-ALIVE), and every created config holds what was PUT */
    server *s = serve_fault(TJC_FAULT_CREATE_UNKNOWN);
    client clients[CLIENTS];
    pthread_t threads[CLIENTS];
    int started[CLIENTS] = {0};
    for (int i = 0; i < CLIENTS; i++) {
        clients[i] = (client){.s = s, .index = i, .create = 1};
        started[i] = pthread_create(&threads[i], NULL, run_client, &clients[i]) == 0;
    }
    for (int i = 0; i < CLIENTS; i++)
        if (started[i])
            pthread_join(threads[i], NULL);
    for (int i = 0; i < CLIENTS; i++) {
        cr_assert(started[i], "pthread_create for client %d failed", i);
        cr_assert_eq(clients[i].wrong, 0, "with create-unknown, %d of %d answers wrong; first: %s",
                     clients[i].wrong, CLIENT_REQUESTS, clients[i].first_wrong);
    }
    for (int i = 0; i < CLIENTS; i++)
        for (int k = 0; k < CLIENT_REQUESTS; k++) {
            char name[32];
            snprintf(name, sizeof name, "c%d_%d", i, k);
            char *stored = tjc_service_stored(s->service, name);
            int same = stored && strcmp(stored, sample()) == 0;
            free(stored);
            cr_assert(same, "with create-unknown, after concurrent PUTs: expected the sample "
                            "stored in %s",
                      name);
        }
}

/* ==== seeded faults: each changes behaviour observably, and only with the fault on ==== */

static const char *const faults_tested[] = {
    "accept-long-desc", "desc-bytes",           "accept-string-workers", "accept-fraction",
    "accept-missing-spec", "accept-two-data",   "accept-source-mix",     "accept-trailing",
    "create-unknown",   "reject-number-value",  "reject-key",            "accept-zero-workers",
    "accept-boot-outside", "success-error-fields", "failure-no-message", "failure-error-msg",
    "is-success-string", "success-on-400",      "failure-on-200",        "created-201",
    "text-content-type", "error-code-shape",    "text-errors",           "500-deep",
    "drop-nul",         "hang-large",           "stuck-after-bad",       "not-idempotent",
};

Test(serve, the_fault_table_is_complete_and_consistent)
{
    size_t count = 0;
    const tjc_fault_info *f = tjc_faults(&count);
    cr_assert_not_null(f, "tjc_faults returned NULL");
    cr_assert_geq(count, 20u, "tjc_faults: expected at least 20 faults, got %zu", count);
    cr_assert_eq(count, (size_t)TJC_FAULT_COUNT,
                 "tjc_faults: expected TJC_FAULT_COUNT (%d), got %zu", (int)TJC_FAULT_COUNT,
                 count);
    for (size_t i = 0; i < count; i++) {
        cr_assert_eq((size_t)f[i].fault, i, "fault %zu (%s): expected enum value %zu, got %d", i,
                     f[i].name, i, (int)f[i].fault);
        cr_assert(f[i].name && f[i].name[0], "fault %zu: expected a name", i);
        cr_assert(f[i].what && f[i].what[0], "fault %s: expected a description", f[i].name);
        cr_assert_not_null(tjc_rule_find(f[i].rule),
                           "fault %s: its rule id %s is not in the catalogue", f[i].name,
                           f[i].rule ? f[i].rule : "(null)");
        cr_assert(f[i].level == TJC_LEVEL_MUST || f[i].level == TJC_LEVEL_SHOULD,
                  "fault %s: expected level MUST or SHOULD, got %d", f[i].name, (int)f[i].level);
        cr_assert_eq(tjc_fault_find(f[i].name), &f[i],
                     "tjc_fault_find(\"%s\"): expected entry %zu of the table", f[i].name, i);
        for (size_t k = 0; k < i; k++)
            cr_assert_str_neq(f[k].name, f[i].name, "faults %zu and %zu share the name %s", k,
                              i, f[i].name);
    }
    cr_assert_null(tjc_fault_find("nope"), "tjc_fault_find(\"nope\"): expected NULL");
    cr_assert_null(tjc_fault_find(""), "tjc_fault_find(\"\"): expected NULL");
}

Test(serve, every_fault_has_a_test_here)
{
    size_t count = 0;
    const tjc_fault_info *f = tjc_faults(&count);
    size_t n = sizeof faults_tested / sizeof faults_tested[0];
    for (size_t i = 0; i < count; i++) {
        int found = 0;
        for (size_t k = 0; k < n; k++)
            found |= strcmp(faults_tested[k], f[i].name) == 0;
        cr_assert(found, "fault %s has no test in test_serve.c", f[i].name);
    }
    for (size_t k = 0; k < n; k++)
        cr_assert_not_null(tjc_fault_find(faults_tested[k]),
                           "test_serve.c tests fault %s, which the table lacks", faults_tested[k]);
}

/* A body accepted only under the fault: with it 200 and success, without it 400 naming
 * the rule. */
static void expect_fault_accepts(tjc_fault fault, const char *rule, const char *body)
{
    server *faulty = serve_fault(fault);
    server *clean = serve();
    reply *r = put(faulty, NULL, body);
    expect_success(r);
    r = put(clean, NULL, body);
    expect_failure(r, 400, rule);
}

/* A body refused only under the fault: with it 400 and failure, without it 200. */
static void expect_fault_refuses(tjc_fault fault, const char *body)
{
    server *faulty = serve_fault(fault);
    server *clean = serve();
    reply *r = put(faulty, NULL, body);
    expect_failure(r, 400, NULL);
    expect_success(put(clean, NULL, body));
}

Test(serve, fault_accept_long_desc_accepts_257_code_points)
{
    expect_fault_accepts(TJC_FAULT_ACCEPT_LONG_DESC, "DESC-LEN",
                         with_desc(fmt("\"%s\"", repeat("a", 257))));
}

Test(serve, fault_desc_bytes_refuses_256_cjk_characters)
{
    expect_fault_refuses(TJC_FAULT_DESC_BYTES,
                         with_desc(fmt("\"%s\"", repeat("\xe4\xb8\xad", 256))));
}

Test(serve, fault_accept_string_workers_accepts_a_string)
{
    expect_fault_accepts(TJC_FAULT_ACCEPT_STRING_NUMBER, "WORKERS-TYPE",
                         WITH_WORKERS("\"worker_server_num\":\"1\","));
}

Test(serve, fault_accept_fraction_accepts_one_and_a_half_workers)
{
    expect_fault_accepts(TJC_FAULT_ACCEPT_FRACTION, "INT-FRACTION",
                         WITH_WORKERS("\"worker_server_num\":1.5,"));
}

Test(serve, fault_accept_missing_spec_accepts_a_body_without_spec_id)
{
    expect_fault_accepts(TJC_FAULT_ACCEPT_MISSING_SPEC, "SPEC-REQ",
                         BODY(DESC_, WORKERS_, CODE_, PARAMS_, "", DATASET_, ENGINE_));
}

Test(serve, fault_accept_two_data_accepts_two_data_inputs)
{
    expect_fault_accepts(TJC_FAULT_ACCEPT_TWO_DATA, "DATA-ONE",
                         WITH_DATA("\"data_url\":\"/usr/data/\"," DATASET_));
}

Test(serve, fault_accept_source_mix_accepts_obs_and_dataset_items)
{
    expect_fault_accepts(
        TJC_FAULT_ACCEPT_SOURCE_MIX, "SOURCE-NO-MIX",
        WITH_DATA("\"data_source\":[{\"type\":\"obs\",\"data_url\":\"/usr/data/\"},"
                  "{\"type\":\"dataset\",\"dataset_id\":\"a\",\"dataset_version\":\"b\"}],"));
}

Test(serve, fault_accept_trailing_accepts_bytes_after_the_text)
{
    expect_fault_accepts(TJC_FAULT_ACCEPT_TRAILING, "BODY-JSON", SAMPLE_COMPACT "x");
}

Test(serve, fault_create_unknown_accepts_a_put_to_an_unknown_name)
{
    server *faulty = serve_fault(TJC_FAULT_CREATE_UNKNOWN);
    server *clean = serve();
    const char *path = "/v1/p/training-job-configs/other";
    expect_success(put(faulty, path, sample()));
    char *stored = stored_of(faulty->service, "other", "PUT to other with create-unknown");
    cr_assert_str_eq(stored, sample(), "with create-unknown, PUT %s: expected it created", path);
    expect_failure(put(clean, path, sample()), 404, NULL);
    cr_assert_null(tjc_service_stored(clean->service, "other"),
                   "without the fault, PUT %s: expected nothing created", path);
}

Test(serve, fault_reject_number_value_refuses_the_published_sample)
{
    expect_fault_refuses(TJC_FAULT_REJECT_NUMBER_VALUE, sample());
}

Test(serve, fault_reject_key_refuses_an_item_that_says_key)
{
    expect_fault_refuses(TJC_FAULT_REJECT_KEY,
                         BODY(DESC_, WORKERS_, CODE_,
                              "\"parameter\":[{\"key\":\"batch_size\",\"value\":\"32\"}],", SPEC_,
                              DATASET_, ENGINE_));
}

Test(serve, fault_accept_zero_workers_accepts_zero)
{
    expect_fault_accepts(TJC_FAULT_ACCEPT_ZERO_WORKERS, "WORKERS-MIN",
                         WITH_WORKERS("\"worker_server_num\":0,"));
}

Test(serve, fault_accept_boot_outside_accepts_a_boot_file_outside_app_url)
{
    expect_fault_accepts(TJC_FAULT_ACCEPT_BOOT_OUTSIDE, "BOOT-IN-APP",
                         BODY(DESC_, WORKERS_,
                              "\"app_url\":\"/usr/app\",\"boot_file_url\":\"/usr/app2/boot.py\",",
                              PARAMS_, SPEC_, DATASET_, ENGINE_));
}

Test(serve, fault_success_error_fields_puts_error_code_on_success)
{
    server *faulty = serve_fault(TJC_FAULT_SUCCESS_ERROR_FIELDS);
    server *clean = serve();
    reply *r = put(faulty, NULL, sample());
    expect_status(r, 200);
    expect_json_object(r);
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r->json, "is_success")) &&
                  cJSON_GetObjectItemCaseSensitive(r->json, "error_code"),
              "with success-error-fields, %s: expected is_success true with an error_code, got "
              "%s",
              r->what, r->body);
    expect_success(put(clean, NULL, sample()));
}

Test(serve, fault_failure_no_message_leaves_out_error_message)
{
    server *faulty = serve_fault(TJC_FAULT_FAILURE_NO_MESSAGE);
    server *clean = serve();
    reply *r = put(faulty, NULL, NOT_JSON);
    expect_status(r, 400);
    expect_json_object(r);
    cr_assert(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(r->json, "is_success")) &&
                  !cJSON_GetObjectItemCaseSensitive(r->json, "error_message"),
              "with failure-no-message, %s: expected is_success false without error_message, "
              "got %s",
              r->what, r->body);
    expect_failure(put(clean, NULL, NOT_JSON), 400, "BODY-JSON");
}

Test(serve, fault_failure_error_msg_names_the_message_error_msg)
{
    server *faulty = serve_fault(TJC_FAULT_FAILURE_ERROR_MSG);
    server *clean = serve();
    reply *r = put(faulty, NULL, NOT_JSON);
    expect_status(r, 400);
    expect_json_object(r);
    cr_assert(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(r->json, "error_msg")) &&
                  !cJSON_GetObjectItemCaseSensitive(r->json, "error_message"),
              "with failure-error-msg, %s: expected error_msg and no error_message, got %s",
              r->what, r->body);
    r = put(clean, NULL, NOT_JSON);
    expect_failure(r, 400, "BODY-JSON");
    cr_assert_null(cJSON_GetObjectItemCaseSensitive(r->json, "error_msg"),
                   "without the fault, %s: expected no error_msg, got %s", r->what, r->body);
}

Test(serve, fault_is_success_string_sends_a_string)
{
    server *faulty = serve_fault(TJC_FAULT_IS_SUCCESS_STRING);
    server *clean = serve();
    reply *r = put(faulty, NULL, sample());
    expect_status(r, 200);
    expect_json_object(r);
    const cJSON *ok = cJSON_GetObjectItemCaseSensitive(r->json, "is_success");
    cr_assert(cJSON_IsString(ok),
              "with is-success-string, %s: expected is_success a string, got %s", r->what,
              r->body);
    expect_success(put(clean, NULL, sample()));
}

Test(serve, fault_success_on_400_answers_success_with_400)
{
    server *faulty = serve_fault(TJC_FAULT_SUCCESS_ON_400);
    server *clean = serve();
    reply *r = put(faulty, NULL, sample());
    expect_status(r, 400);
    expect_json_object(r);
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r->json, "is_success")),
              "with success-on-400, %s: expected is_success true, got %s", r->what, r->body);
    expect_success(put(clean, NULL, sample()));
}

Test(serve, fault_failure_on_200_answers_failure_with_200)
{
    server *faulty = serve_fault(TJC_FAULT_FAILURE_ON_200);
    server *clean = serve();
    reply *r = put(faulty, NULL, NOT_JSON);
    expect_failure(r, 200, "BODY-JSON");
    expect_failure(put(clean, NULL, NOT_JSON), 400, "BODY-JSON");
}

Test(serve, fault_created_201_answers_success_with_201)
{
    server *faulty = serve_fault(TJC_FAULT_CREATED_201);
    server *clean = serve();
    expect_success_status(put(faulty, NULL, sample()), 201);
    expect_success(put(clean, NULL, sample()));
}

Test(serve, fault_text_content_type_says_text_plain)
{
    server *faulty = serve_fault(TJC_FAULT_TEXT_CONTENT_TYPE);
    server *clean = serve();
    reply *r = put(faulty, NULL, sample());
    expect_status(r, 200);
    cr_assert(r->content_type && strncasecmp(r->content_type, "text/plain", 10) == 0,
              "with text-content-type, %s: expected Content-Type text/plain, got %s", r->what,
              r->content_type ? r->content_type : "(none)");
    expect_success(put(clean, NULL, sample()));
}

Test(serve, fault_error_code_shape_sends_another_shape)
{
    server *faulty = serve_fault(TJC_FAULT_ERROR_CODE_SHAPE);
    server *clean = serve();
    reply *r = put(faulty, NULL, NOT_JSON);
    expect_status(r, 400);
    expect_json_object(r);
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(r->json, "error_code");
    cr_assert(cJSON_IsString(code) && !error_code_shaped(code->valuestring),
              "with error-code-shape, %s: expected an error_code not shaped ModelArts.NNNN, got "
              "%s",
              r->what, r->body);
    expect_failure(put(clean, NULL, NOT_JSON), 400, "BODY-JSON");
}

Test(serve, fault_text_errors_answers_failures_in_plain_text)
{
    server *faulty = serve_fault(TJC_FAULT_TEXT_ERRORS);
    server *clean = serve();
    reply *r = put(faulty, NULL, NOT_JSON);
    expect_status(r, 400);
    cr_assert(r->len > 0 && r->json == NULL,
              "with text-errors, %s: expected a body that is not JSON, got %s", r->what,
              r->body ? r->body : "(none)");
    expect_failure(put(clean, NULL, NOT_JSON), 400, "BODY-JSON");
}

Test(serve, fault_500_deep_answers_500_to_deep_nesting)
{
    const char *body = fmt("{\"x\":%s%s," DESC_ WORKERS_ CODE_ PARAMS_ SPEC_ DATASET_ ENGINE_
                           OUTS "}",
                           repeat("[", 1100), repeat("]", 1100));
    server *faulty = serve_fault(TJC_FAULT_500_DEEP);
    server *clean = serve();
    expect_failure(put(faulty, NULL, body), 500, NULL);
    expect_success(put(clean, NULL, body));
}

Test(serve, fault_drop_nul_drops_the_connection)
{
    const char *body = with_desc("\"a\\u0000b\"");
    server *faulty = serve_fault(TJC_FAULT_DROP_NUL);
    server *clean = serve();
    reply *r = put(faulty, NULL, body);
    cr_assert(r->rc == CURLE_GOT_NOTHING || r->rc == CURLE_RECV_ERROR ||
                  r->rc == CURLE_SEND_ERROR,
              "with drop-nul, %s: expected no answer (curl error 52 or 55/56), got curl %d (%s), "
              "status %ld",
              r->what, (int)r->rc, curl_why(r), r->status);
    cr_assert_eq(r->status, 0, "with drop-nul, %s: expected no status, got %ld", r->what,
                 r->status);
    expect_success(put(clean, NULL, body));
}

Test(serve, fault_hang_large_never_answers_a_large_body)
{
    const char *body = sample_padded(1536 * 1024);
    server *faulty = serve_with(fault_bit(TJC_FAULT_HANG_LARGE), 0, 2);
    server *clean = serve();
    reply *r = http(faulty, NULL, &(request){.body = body, .timeout_ms = 1000});
    cr_assert_eq(r->rc, CURLE_OPERATION_TIMEDOUT,
                 "with hang-large (hang 2 s), %s with a 1 s timeout: expected curl error 28 "
                 "(timeout), got %d (%s), status %ld",
                 r->what, (int)r->rc, curl_why(r), r->status);
    expect_success(http(clean, NULL, &(request){.body = body, .timeout_ms = 5000}));
}

Test(serve, fault_stuck_after_bad_answers_503_after_a_malformed_body)
{
    server *faulty = serve_fault(TJC_FAULT_STUCK_AFTER_BAD);
    server *clean = serve();
    expect_success(put(faulty, NULL, sample()));
    expect_failure(put(faulty, NULL, NOT_JSON), 400, "BODY-JSON");
    reply *r = put(faulty, NULL, sample());
    cr_assert_eq(r->status, 503, "with stuck-after-bad, %s after a malformed body: expected "
                                 "503, got %ld (curl %d)",
                 r->what, r->status, (int)r->rc);
    expect_failure(put(clean, NULL, NOT_JSON), 400, "BODY-JSON");
    expect_success(put(clean, NULL, sample()));
}

Test(serve, fault_not_idempotent_answers_the_same_put_202)
{
    server *faulty = serve_fault(TJC_FAULT_NOT_IDEMPOTENT);
    server *clean = serve();
    expect_success(put(faulty, NULL, sample()));
    reply *r = put(faulty, NULL, sample());
    cr_assert_eq(r->status, 202, "with not-idempotent, %s the second time: expected 202, got %ld",
                 r->what, r->status);
    expect_success(put(clean, NULL, sample()));
    expect_success(put(clean, NULL, sample()));
}

typedef struct held {
    const server *s;
    const char *body;
    reply r;
} held;

static void *send_held(void *arg)
{
    held *h = arg;
    perform(h->s, NULL, &(request){.body = h->body, .timeout_ms = 5000}, &h->r);
    return NULL;
}

Test(serve, stops_promptly_with_an_idle_connection_and_a_held_request)
{
    /* tjc_server_stop "ends held requests, waits for connections": with a keep-alive
     * connection idle and the hang fault holding a request (60 s), it returns at once */
    server *s = serve_with(fault_bit(TJC_FAULT_HANG_LARGE), 0, 60);
    CURL *h = curl_easy_init();
    cr_assert_not_null(h, "curl_easy_init failed");
    reply *first = http(s, h, &(request){.body = sample()});
    held hold = {.s = s, .body = sample_padded(1536 * 1024)};
    pthread_t t;
    int started = pthread_create(&t, NULL, send_held, &hold) == 0;
    struct timespec pause = {0, 300 * 1000 * 1000};
    nanosleep(&pause, NULL);
    double t0 = now_s();
    tjc_server_stop(s->http);
    s->http = NULL;
    double took = now_s() - t0;
    if (started)
        pthread_join(t, NULL);
    curl_easy_cleanup(h);
    int held_answered = hold.r.rc == CURLE_OK;
    reply_free(&hold.r);
    cr_assert(started, "pthread_create failed");
    expect_success(first);
    cr_assert(!held_answered, "the held request got an answer (the hang fault did not hold it)");
    /* a liveness bound, not a performance figure: the held request would otherwise keep
     * stop waiting for the whole hold (60 s) */
    cr_assert_lt(took, 20.0,
                 "tjc_server_stop with an idle keep-alive connection and a held request: "
                 "expected it to end the 60 s hold and return, took %.2f s",
                 took);
}

/* ==== `tjc serve` as a process ==== */

typedef struct run {
    int status;     /* exit status, or -1 when it did not exit in time or by a signal */
    char out[8192];
    char err[4096];
} run;

/* Starts tjc with these arguments (NULL-terminated), stdout and stderr on pipes. */
static pid_t spawn_tjc(const char *const *args, int *out_fd, int *err_fd)
{
    int out[2], err[2];
    cr_assert_eq(pipe(out), 0, "pipe: %s", strerror(errno));
    cr_assert_eq(pipe(err), 0, "pipe: %s", strerror(errno));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err[1], 2);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    posix_spawn_file_actions_addclose(&fa, err[0]);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    const char *argv[16] = {TJC_BINARY};
    size_t n = 1;
    for (; args[n - 1] && n < 15; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    pid_t pid = -1;
    int rc = posix_spawn(&pid, TJC_BINARY, &fa, &attr, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    close(out[1]);
    close(err[1]);
    if (rc != 0) {
        close(out[0]);
        close(err[0]);
        cr_assert_fail("posix_spawn %s: %s", TJC_BINARY, strerror(rc));
    }
    child = pid;
    *out_fd = out[0];
    *err_fd = err[0];
    return pid;
}

/* Reads both pipes until they close or the deadline passes; stops early after the first
 * newline on stdout when `first_line` is set. */
static void drain(int out_fd, int err_fd, run *r, size_t *out_len, size_t *err_len,
                  double deadline, int first_line)
{
    struct pollfd p[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    while (p[0].fd >= 0 || p[1].fd >= 0) {
        if (first_line && memchr(r->out, '\n', *out_len))
            return;
        double left = deadline - now_s();
        if (left <= 0)
            return;
        if (poll(p, 2, (int)(left * 1000) + 1) <= 0)
            continue;
        for (int i = 0; i < 2; i++) {
            if (p[i].fd < 0 || !p[i].revents)
                continue;
            char *buf = i ? r->err : r->out;
            size_t cap = i ? sizeof r->err : sizeof r->out;
            size_t *len = i ? err_len : out_len;
            char scratch[512];
            ssize_t k = *len + 1 < cap ? read(p[i].fd, buf + *len, cap - 1 - *len)
                                       : read(p[i].fd, scratch, sizeof scratch);
            if (k <= 0) {
                p[i].fd = -1;
                continue;
            }
            if (*len + 1 < cap) {
                *len += (size_t)k;
                buf[*len] = '\0';
            }
        }
    }
}

/* Waits for the child to exit until the deadline; its exit status or -1. */
static int wait_child(pid_t pid, double deadline)
{
    struct timespec tick = {0, 20 * 1000 * 1000};
    for (;;) {
        int st;
        pid_t w = waitpid(pid, &st, WNOHANG);
        if (w == pid) {
            child = -1;
            return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        }
        if (w < 0 || now_s() > deadline)
            return -1;
        nanosleep(&tick, NULL);
    }
}

/* Runs tjc to its end (at most 5 s). */
static void run_tjc(const char *const *args, run *r)
{
    memset(r, 0, sizeof *r);
    int out_fd, err_fd;
    pid_t pid = spawn_tjc(args, &out_fd, &err_fd);
    size_t out_len = 0, err_len = 0;
    double deadline = now_s() + 5;
    drain(out_fd, err_fd, r, &out_len, &err_len, deadline, 0);
    close(out_fd);
    close(err_fd);
    r->status = wait_child(pid, deadline);
}

Test(serve, tjc_serve_answers_the_sample_and_exits_0_on_sigterm)
{
    run r;
    memset(&r, 0, sizeof r);
    int out_fd, err_fd;
    const char *const args[] = {"serve", "--port", "0", NULL};
    pid_t pid = spawn_tjc(args, &out_fd, &err_fd);
    size_t out_len = 0, err_len = 0;
    drain(out_fd, err_fd, &r, &out_len, &err_len, now_s() + 5, 1);
    char *end = NULL;
    unsigned long port = strtoul(r.out, &end, 10);
    int got_port = end != r.out && *end == '\n' && port > 0 && port < 65536;
    reply *a = NULL;
    /* the connection stays open (keep-alive, idle) while SIGTERM arrives */
    CURL *h = curl_easy_init();
    if (got_port && h) {
        server remote = {0};
        snprintf(remote.base, sizeof remote.base, "http://127.0.0.1:%lu", port);
        a = http(&remote, h, &(request){.body = sample()});
    }
    kill(pid, SIGTERM);
    double sent = now_s(), deadline = sent + 5;
    drain(out_fd, err_fd, &r, &out_len, &err_len, deadline, 0);
    close(out_fd);
    close(err_fd);
    int status = wait_child(pid, deadline);
    double took = now_s() - sent;
    curl_easy_cleanup(h);
    cr_assert_not_null(h, "curl_easy_init failed");
    cr_assert(got_port, "tjc serve --port 0: expected a port alone on the first line of stdout, "
                        "got \"%s\" (stderr: %s)",
              r.out, r.err);
    expect_success(a);
    cr_assert_eq(status, 0,
                 "tjc serve --port 0 after SIGTERM, a keep-alive connection open: expected exit "
                 "status 0 within 5 s, got %d after %.2f s (-1: none or a signal; stderr: %s)",
                 status, took, r.err);
}

Test(serve, tjc_serve_takes_config_names_and_a_body_limit)
{
    run r;
    memset(&r, 0, sizeof r);
    int out_fd, err_fd;
    const char *const args[] = {"serve", "--port", "0", "--config", "other", "--body-limit",
                                "1024", NULL};
    pid_t pid = spawn_tjc(args, &out_fd, &err_fd);
    size_t out_len = 0, err_len = 0;
    drain(out_fd, err_fd, &r, &out_len, &err_len, now_s() + 5, 1);
    unsigned long port = strtoul(r.out, NULL, 10);
    reply *a[3] = {NULL, NULL, NULL};
    if (port > 0 && port < 65536) {
        server remote = {0};
        snprintf(remote.base, sizeof remote.base, "http://127.0.0.1:%lu", port);
        a[0] = put(&remote, "/v1/p/training-job-configs/other", sample());
        a[1] = put(&remote, SAMPLE_PATH, sample());
        a[2] = put(&remote, "/v1/p/training-job-configs/other", sample_padded(2048));
    }
    kill(pid, SIGTERM);
    double deadline = now_s() + 5;
    drain(out_fd, err_fd, &r, &out_len, &err_len, deadline, 0);
    close(out_fd);
    close(err_fd);
    int status = wait_child(pid, deadline);
    cr_assert(a[0], "tjc serve: expected a port on the first line of stdout, got \"%s\" (%s)",
              r.out, r.err);
    expect_success(a[0]);
    expect_failure(a[1], 404, NULL);
    expect_failure(a[2], 413, NULL);
    cr_assert_eq(status, 0, "tjc serve after SIGTERM: expected exit 0, got %d (stderr: %s)",
                 status, r.err);
}

Test(serve, tjc_serve_lists_every_fault)
{
    run r;
    const char *const args[] = {"serve", "--list-faults", NULL};
    run_tjc(args, &r);
    cr_assert_eq(r.status, 0, "tjc serve --list-faults: expected exit 0, got %d (stderr: %s)",
                 r.status, r.err);
    size_t count = 0;
    const tjc_fault_info *f = tjc_faults(&count);
    for (size_t i = 0; i < count; i++) {
        int listed = 0;
        size_t n = strlen(f[i].name);
        for (const char *line = r.out; *line && !listed;) {
            const char *nl = strchr(line, '\n');
            size_t len = nl ? (size_t)(nl - line) : strlen(line);
            char copy[512];
            snprintf(copy, sizeof copy, "%.*s", (int)len, line);
            listed = strncmp(copy, f[i].name, n) == 0 && copy[n] == ' ' &&
                     names_rule(copy + n, f[i].rule);
            line += len + (nl != NULL);
        }
        cr_assert(listed, "tjc serve --list-faults: expected a line starting \"%s\" naming %s, "
                          "got:\n%s",
                  f[i].name, f[i].rule, r.out);
    }
}

Test(serve, tjc_serve_refuses_an_unknown_fault_with_exit_2)
{
    run r;
    const char *const args[] = {"serve", "--port", "0", "--fault", "nope", NULL};
    run_tjc(args, &r);
    cr_assert_eq(r.status, 2, "tjc serve --fault nope: expected exit 2, got %d (stdout: %s)",
                 r.status, r.out);
    cr_assert(strstr(r.err, "nope"), "tjc serve --fault nope: expected a message naming the "
                                     "fault on stderr, got \"%s\"",
              r.err);
    cr_assert_eq(r.out[0], '\0', "tjc serve --fault nope: expected nothing on stdout (no "
                                 "port), got \"%s\"",
                 r.out);
}

Test(serve, tjc_serve_refuses_an_impossible_config_name_with_exit_2)
{
    run r;
    const char *const args[] = {"serve", "--port", "0", "--config", "a/b", NULL};
    run_tjc(args, &r);
    cr_assert_eq(r.status, 2, "tjc serve --config a/b: expected exit 2, got %d (stdout: %s)",
                 r.status, r.out);
    cr_assert(strstr(r.err, "a/b"), "tjc serve --config a/b: expected a message naming the "
                                    "name on stderr, got \"%s\"",
              r.err);
    cr_assert_eq(r.out[0], '\0', "tjc serve --config a/b: expected nothing on stdout, got "
                                 "\"%s\"",
                 r.out);
}
