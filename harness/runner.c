/*
 * The conformance runner: curl multi, one state machine per case (the request, its
 * repeat, the sample after it), graded by response.c and the validator.
 */
#include "runner.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "body.h"
#include "buf.h"
#include "sample.h"

#define DEFAULT_PROJECT "0123456789abcdef0123456789abcdef"

const char *tjc_grade_name(tjc_grade g)
{
    static const char *const names[] = {"pass", "info", "warn", "fail", "error"};
    return g < TJC_GRADE_COUNT ? names[g] : "?";
}

int tjc_header_is_secret(const char *name, size_t len)
{
    static const char *const secret[] = {"authorization", "proxy-authorization", "x-auth-token",
                                         "x-subject-token", "cookie", "set-cookie",
                                         "x-security-token", "x-api-key"};
    for (size_t i = 0; i < sizeof secret / sizeof secret[0]; i++)
        if (strlen(secret[i]) == len && strncasecmp(secret[i], name, len) == 0)
            return 1;
    return 0;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ---- one exchange ---- */

enum stage { STAGE_SENT, STAGE_AGAIN, STAGE_ALIVE, STAGE_DONE };

typedef struct job {
    tjc_result *r;
    enum stage stage;
    CURL *easy;
    struct curl_slist *headers;
    tjc_exchange *ex;
    tjc_buf response;
    size_t cap;
    double started;
} job;

typedef struct runner {
    const tjc_run_options *o;
    const unsigned char *base;
    size_t base_len;
    tjc_verdict base_verdict;
    char *base_url;
    CURLM *multi;
    char err[256];
} runner;

static size_t on_body(char *data, size_t size, size_t n, void *userp)
{
    job *j = userp;
    size_t bytes = size * n;
    if (j->response.len < j->cap) {
        size_t keep = bytes < j->cap - j->response.len ? bytes : j->cap - j->response.len;
        tjc_buf_append(&j->response, data, keep);
        if (keep < bytes)
            j->ex->response_truncated = 1;
    } else {
        j->ex->response_truncated = 1;
    }
    return bytes;
}

static size_t on_header(char *data, size_t size, size_t n, void *userp)
{
    job *j = userp;
    size_t bytes = size * n;
    if (bytes >= 5 && strncmp(data, "HTTP/", 5) == 0) {
        /* a new answer (after 100 Continue, say): forget the last one's headers */
        free(j->ex->content_type);
        j->ex->content_type = NULL;
    } else if (bytes > 13 && strncasecmp(data, "Content-Type:", 13) == 0) {
        const char *v = data + 13;
        size_t len = bytes - 13;
        while (len && (*v == ' ' || *v == '\t')) {
            v++;
            len--;
        }
        while (len && (v[len - 1] == '\r' || v[len - 1] == '\n' || v[len - 1] == ' '))
            len--;
        free(j->ex->content_type);
        j->ex->content_type = strndup(v, len > 512 ? 512 : len);
    }
    return bytes;
}

static int has_header(const tjc_case *c, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; c && i < c->header_count; i++)
        if (strncasecmp(c->headers[i], name, n) == 0 && c->headers[i][n] == ':')
            return 1;
    return 0;
}

/* Records a header as sent, secrets replaced. */
static int note_header(tjc_exchange *ex, const char *line)
{
    const char *colon = strchr(line, ':');
    size_t name_len = colon ? (size_t)(colon - line) : strlen(line);
    tjc_buf b;
    tjc_buf_init(&b);
    if (tjc_header_is_secret(line, name_len)) {
        tjc_buf_append(&b, line, name_len);
        tjc_buf_puts(&b, ": [redacted]");
    } else {
        tjc_buf_puts(&b, line);
    }
    char **h = realloc(ex->headers, (ex->header_count + 1) * sizeof *h);
    if (!h) {
        tjc_buf_free(&b);
        return -1;
    }
    ex->headers = h;
    if (!(ex->headers[ex->header_count] = tjc_buf_take(&b)))
        return -1;
    ex->header_count++;
    return 0;
}

static int add_header(job *j, const char *line)
{
    struct curl_slist *l = curl_slist_append(j->headers, line);
    if (!l)
        return -1;
    j->headers = l;
    /* "Expect:" with no value only stops curl adding its own */
    if (line[strlen(line) - 1] == ':')
        return 0;
    return note_header(j->ex, line);
}

/* The URL a case's request goes to. */
static char *case_url(const runner *rn, const tjc_case *c)
{
    const tjc_run_options *o = rn->o;
    char *target = tjc_case_target(c, o->project_id ? o->project_id : DEFAULT_PROJECT,
                                   o->config_name ? o->config_name : "config");
    if (!target)
        return NULL;
    tjc_buf u;
    tjc_buf_init(&u);
    tjc_buf_puts(&u, rn->base_url);
    tjc_buf_puts(&u, target);
    free(target);
    return tjc_buf_take(&u);
}

/* Prepares the easy handle for the job's current stage. */
static int prepare(runner *rn, job *j)
{
    const tjc_run_options *o = rn->o;
    const tjc_case *c = j->r->c;
    int alive = j->stage == STAGE_ALIVE;
    tjc_exchange *ex = j->stage == STAGE_SENT    ? &j->r->sent
                       : j->stage == STAGE_AGAIN ? &j->r->again
                                                 : &j->r->alive;
    j->ex = ex;
    if (j->stage != STAGE_SENT) {
        /* the repeat sends the same bytes; the alive check sends the base body */
        const tjc_exchange *first = &j->r->sent;
        ex->method = strdup(alive ? "PUT" : first->method);
        if (alive) {
            tjc_case sample = {0};
            sample.path = (char *)TJC_DEFAULT_PATH;
            ex->url = case_url(rn, &sample);
            ex->body = malloc(rn->base_len + 1);
            if (ex->body)
                memcpy(ex->body, rn->base, rn->base_len);
            ex->body_len = rn->base_len;
        } else {
            ex->url = first->url ? strdup(first->url) : NULL;
            ex->body = malloc(first->body_len + 1);
            if (ex->body && first->body_len)
                memcpy(ex->body, first->body, first->body_len);
            ex->body_len = first->body_len;
        }
        if (!ex->method || !ex->url || !ex->body)
            return -1;
    }
    curl_easy_reset(j->easy);
    curl_slist_free_all(j->headers);
    j->headers = NULL;
    tjc_buf_free(&j->response);
    tjc_buf_init(&j->response);
    const tjc_case *hc = alive ? NULL : c;
    if (!has_header(hc, "Content-Type") && add_header(j, "Content-Type: application/json") != 0)
        return -1;
    if (!has_header(hc, "Expect") && add_header(j, "Expect:") != 0)
        return -1;
    for (size_t i = 0; i < o->header_count; i++)
        if (add_header(j, o->headers[i]) != 0)
            return -1;
    if (o->auth_token) {
        tjc_buf t;
        tjc_buf_init(&t);
        tjc_buf_printf(&t, "X-Auth-Token: %s", o->auth_token);
        char *line = tjc_buf_take(&t);
        struct curl_slist *l = line ? curl_slist_append(j->headers, line) : NULL;
        free(line);
        if (!l || note_header(ex, "X-Auth-Token: x") != 0)
            return -1;
        j->headers = l;
    }
    for (size_t i = 0; hc && i < hc->header_count; i++)
        if (add_header(j, hc->headers[i]) != 0)
            return -1;
    CURL *e = j->easy;
    curl_easy_setopt(e, CURLOPT_URL, ex->url);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, j->headers);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_PATH_AS_IS, 1L); /* a config name ".." is sent as it is */
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, o->timeout_ms > 0 ? o->timeout_ms : 10000L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, j);
    curl_easy_setopt(e, CURLOPT_PRIVATE, j);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_USERAGENT, "tjc/0.1");
    if (o->cacert)
        curl_easy_setopt(e, CURLOPT_CAINFO, o->cacert);
    if (o->insecure) {
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (strcmp(ex->method, "HEAD") == 0) {
        curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    } else {
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, ex->method);
        if (ex->body || strcmp(ex->method, "PUT") == 0) {
            curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)ex->body_len);
            curl_easy_setopt(e, CURLOPT_POSTFIELDS, ex->body ? (char *)ex->body : "");
        }
    }
    j->cap = o->response_cap ? o->response_cap : (1u << 20);
    j->started = now_ms();
    return 0;
}

static void finish_exchange(job *j, CURLcode code)
{
    tjc_exchange *ex = j->ex;
    ex->ms = now_ms() - j->started;
    long status = 0;
    curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &status);
    ex->status = (int)status;
    ex->response_len = j->response.len;
    ex->response = (unsigned char *)tjc_buf_take(&j->response);
    tjc_buf_init(&j->response);
    if (code == CURLE_OK && status >= 100) {
        ex->transport = TJC_TRANSPORT_ANSWERED;
        return;
    }
    ex->transport_error = strdup(code == CURLE_OK ? "no HTTP status" : curl_easy_strerror(code));
    long connected = 0;
    curl_easy_getinfo(j->easy, CURLINFO_NUM_CONNECTS, &connected);
    char *ip = NULL;
    curl_easy_getinfo(j->easy, CURLINFO_PRIMARY_IP, &ip);
    curl_off_t uploaded = 0;
    curl_easy_getinfo(j->easy, CURLINFO_SIZE_UPLOAD_T, &uploaded);
    switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_URL_MALFORMAT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
        ex->transport = TJC_TRANSPORT_UNREACHABLE;
        break;
    case CURLE_OPERATION_TIMEDOUT:
        /* a timeout before any connection, or before the whole body was sent (a slow
         * uplink, E13), is not the server failing to answer */
        if (!(ip && ip[0])) {
            ex->transport = TJC_TRANSPORT_UNREACHABLE;
        } else if ((size_t)uploaded < ex->body_len && strcmp(ex->method, "HEAD") != 0) {
            ex->transport = TJC_TRANSPORT_UNREACHABLE;
            free(ex->transport_error);
            ex->transport_error = strdup("the body could not be sent within the time limit "
                                         "(raise --timeout-ms)");
        } else {
            ex->transport = TJC_TRANSPORT_TIMEOUT;
        }
        break;
    default:
        /* the scheme was checked before the run: anything else after connecting (no
         * HTTP status line, a reset, a cut answer) is the server's answer going wrong */
        ex->transport = ip && ip[0] ? TJC_TRANSPORT_DROPPED : TJC_TRANSPORT_UNREACHABLE;
        break;
    }
}

/* ---- grading ---- */

static int add_finding(tjc_result *r, const char *id, tjc_level level, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int add_finding(tjc_result *r, const char *id, tjc_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = tjc_verdict_vadd(&r->findings, tjc_rule_find(id), level, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

static int lists_rule(const tjc_case *c, const char *prefix)
{
    for (size_t i = 0; i < c->rule_count; i++)
        if (strncmp(c->rules[i], prefix, strlen(prefix)) == 0)
            return 1;
    return 0;
}

static int has_level(const tjc_verdict *v, tjc_level level)
{
    for (size_t i = 0; i < v->count; i++)
        if (v->items[i].level == level)
            return 1;
    return 0;
}

static tjc_response as_response(const tjc_exchange *ex)
{
    tjc_response rs = {ex->transport, ex->status, ex->content_type, ex->response,
                       ex->response_len, ex->response_truncated};
    return rs;
}

static void describe_answer(tjc_buf *b, const tjc_exchange *ex)
{
    if (ex->transport != TJC_TRANSPORT_ANSWERED) {
        tjc_buf_printf(b, "no answer (%s)", ex->transport_error ? ex->transport_error : "?");
        return;
    }
    tjc_buf_printf(b, "%d ", ex->status);
    size_t n = ex->response_len < 160 ? ex->response_len : 160;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = ex->response[i];
        tjc_buf_putc(b, ch >= 0x20 && ch < 0x7f ? (char)ch : '.');
    }
    if (ex->response_len > n)
        tjc_buf_puts(b, "...");
}

static int add_broken(tjc_result *r, const char *id)
{
    for (size_t i = 0; i < r->broken_count; i++)
        if (strcmp(r->broken[i], id) == 0)
            return 0;
    char **b = realloc(r->broken, (r->broken_count + 1) * sizeof *b);
    if (!b)
        return -1;
    r->broken = b;
    if (!(r->broken[r->broken_count] = strdup(id)))
        return -1;
    r->broken_count++;
    return 0;
}

void tjc_shell_quote(tjc_buf *b, const char *s, size_t n)
{
    tjc_buf_putc(b, '\'');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'')
            tjc_buf_puts(b, "'\\''");
        else
            tjc_buf_putc(b, s[i]);
    }
    tjc_buf_putc(b, '\'');
}

static int printable(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == 0 || (s[i] < 0x20 && s[i] != '\n' && s[i] != '\t') || s[i] == 0x7f)
            return 0;
    return 1;
}

/* The file a body too long or not text for a command line is kept in, under body_dir,
 * or NULL. */
static char *keep_body(const tjc_exchange *ex, const tjc_run_options *o, const char *id)
{
    if (!o->body_dir || !ex->body || (ex->body_len <= 2048 && printable(ex->body, ex->body_len)))
        return NULL;
    tjc_buf p;
    tjc_buf_init(&p);
    tjc_buf_printf(&p, "%s/%s.body", o->body_dir, id);
    char *path = tjc_buf_take(&p);
    FILE *f = path ? fopen(path, "wb") : NULL;
    if (!f) {
        free(path);
        return NULL;
    }
    int ok = fwrite(ex->body, 1, ex->body_len, f) == ex->body_len;
    ok &= fclose(f) == 0;
    if (!ok) {
        free(path);
        return NULL;
    }
    return path;
}

/* One command that sends the same request again. Secrets come from the environment. */
static char *reproduce(const tjc_exchange *ex, const tjc_run_options *o, const char *body_file)
{
    tjc_buf b;
    tjc_buf_init(&b);
    tjc_buf_puts(&b, "curl -sS -i");
    if (strcmp(ex->method, "HEAD") == 0)
        tjc_buf_puts(&b, " -I");
    else
        tjc_buf_printf(&b, " -X %s", ex->method);
    for (size_t i = 0; i < ex->header_count; i++) {
        const char *h = ex->headers[i];
        const char *colon = strchr(h, ':');
        size_t name = colon ? (size_t)(colon - h) : strlen(h);
        if (strncasecmp(h, "X-Auth-Token", name) == 0 && name == 12 && o->auth_token) {
            tjc_buf_puts(&b, " -H \"X-Auth-Token: $TJC_AUTH_TOKEN\"");
        } else if (tjc_header_is_secret(h, name)) {
            tjc_buf_puts(&b, " -H ");
            tjc_buf_append(&b, "\"", 1);
            tjc_buf_append(&b, h, name);
            tjc_buf_puts(&b, ": $TJC_SECRET\"");
        } else {
            tjc_buf_puts(&b, " -H ");
            tjc_shell_quote(&b, h, strlen(h));
        }
    }
    if (o->insecure)
        tjc_buf_puts(&b, " -k");
    if (o->cacert) {
        tjc_buf_puts(&b, " --cacert ");
        tjc_shell_quote(&b, o->cacert, strlen(o->cacert));
    }
    if (ex->body && strcmp(ex->method, "HEAD") != 0) {
        if (ex->body_len <= 2048 && printable(ex->body, ex->body_len)) {
            tjc_buf_puts(&b, " --data-binary ");
            tjc_shell_quote(&b, (const char *)ex->body, ex->body_len);
        } else if (body_file) {
            tjc_buf_puts(&b, " --data-binary @");
            tjc_shell_quote(&b, body_file, strlen(body_file));
        } else {
            tjc_buf_puts(&b, " --data-binary @BODY");
        }
    }
    tjc_buf_puts(&b, " ");
    tjc_shell_quote(&b, ex->url, strlen(ex->url));
    return tjc_buf_take(&b);
}

static int grade(runner *rn, tjc_result *r, const tjc_validator *validator)
{
    const tjc_case *c = r->c;
    const tjc_run_options *o = rn->o;
    if (r->sent.transport == TJC_TRANSPORT_UNREACHABLE ||
        (r->sent.transport == TJC_TRANSPORT_ANSWERED && r->sent.status == 429)) {
        /* the case could not be run: refused, DNS, TLS, a body not sent in time, or the
         * target throttling (429 says nothing about the rules) */
        r->grade = TJC_GRADE_ERROR;
        tjc_buf w;
        tjc_buf_init(&w);
        if (r->sent.transport == TJC_TRANSPORT_UNREACHABLE)
            tjc_buf_printf(&w, "the request did not reach the target: %s",
                           r->sent.transport_error ? r->sent.transport_error : "?");
        else
            tjc_buf_puts(&w, "the target throttled the request (429): run again with fewer "
                             "--jobs");
        r->why = tjc_buf_take(&w);
        r->reproduce = reproduce(&r->sent, o, NULL);
        return r->why && r->reproduce ? 0 : -1;
    }
    if (strcmp(r->sent.method, "PUT") == 0) {
        if (tjc_validate(validator, r->sent.body ? r->sent.body : (const unsigned char *)"",
                         r->sent.body_len, NULL, &r->request) != 0)
            return -1;
        r->judged = 1;
    }
    tjc_request_facts facts = {r->sent.method, r->sent.body_len, c->config_exists,
                               r->judged ? &r->request : NULL};
    tjc_response rs = as_response(&r->sent);
    if (tjc_check_response(&facts, &rs, &r->findings, &r->taken) != 0)
        return -1;
    int dropped = tjc_verdict_has(&r->findings, "RESP-NO-5XX");
    for (size_t i = 0; dropped && i < c->rule_count; i++)
        if (strncmp(c->rules[i], "ROBUST-", 7) == 0 && strcmp(c->rules[i], "ROBUST-ALIVE") != 0)
            if (add_finding(r, c->rules[i], TJC_LEVEL_MUST, "the server did not answer this "
                                                            "request properly (RESP-NO-5XX)") != 0)
                return -1;
    if (lists_rule(c, "SAMPLE-ACCEPTED") && tjc_verdict_has(&r->findings, "RESP-ACCEPT-VALID") &&
        add_finding(r, "SAMPLE-ACCEPTED", TJC_LEVEL_MUST,
                    "the published sample, sent as it stands, was refused") != 0)
        return -1;
    if (r->has_again) {
        tjc_verdict scratch = {0};
        tjc_taken second;
        tjc_response rs2 = as_response(&r->again);
        if (tjc_check_response(&facts, &rs2, &scratch, &second) != 0) {
            tjc_verdict_free(&scratch);
            return -1;
        }
        if (r->again.transport == TJC_TRANSPORT_UNREACHABLE &&
            add_finding(r, "ROBUST-ALIVE", TJC_LEVEL_MUST,
                        "the same request sent again did not reach the target (%s): the "
                        "server stopped answering",
                        r->again.transport_error ? r->again.transport_error : "?") != 0) {
            tjc_verdict_free(&scratch);
            return -1;
        }
        /* a MUST rule the repeat breaks (a 5xx, accepting what must be refused) counts */
        for (size_t k = 0; k < scratch.count; k++)
            if (scratch.items[k].level == TJC_LEVEL_MUST &&
                tjc_verdict_add(&r->findings, scratch.items[k].rule, TJC_LEVEL_MUST, NULL,
                                "the same request sent again: %s",
                                scratch.items[k].message) != 0) {
                tjc_verdict_free(&scratch);
                return -1;
            }
        tjc_verdict_free(&scratch);
        if (r->again.transport != r->sent.transport || r->again.status != r->sent.status ||
            second != r->taken)
            if (add_finding(r, "PUT-IDEMPOTENT", TJC_LEVEL_SHOULD,
                            "the same PUT twice got %d (%s) then %d (%s)", r->sent.status,
                            r->taken == TJC_TAKEN_ACCEPTED ? "accepted" : "refused",
                            r->again.status,
                            second == TJC_TAKEN_ACCEPTED ? "accepted" : "refused") != 0)
                return -1;
    }
    if (r->has_alive) {
        tjc_verdict alive = {0};
        tjc_taken taken;
        tjc_request_facts base_facts = {"PUT", rn->base_len, 1, &rn->base_verdict};
        tjc_response rs3 = as_response(&r->alive);
        if (tjc_check_response(&base_facts, &rs3, &alive, &taken) != 0) {
            tjc_verdict_free(&alive);
            return -1;
        }
        /* a base body a server must accept must be accepted; one it may refuse ("either")
         * must at least be answered properly */
        int unreachable = r->alive.transport == TJC_TRANSPORT_UNREACHABLE;
        if (unreachable || has_level(&alive, TJC_LEVEL_MUST) ||
            (rn->base_verdict.outcome == TJC_OUTCOME_ACCEPT && taken != TJC_TAKEN_ACCEPTED)) {
            tjc_buf d;
            tjc_buf_init(&d);
            describe_answer(&d, &r->alive);
            char *what = tjc_buf_take(&d);
            int rc = add_finding(r, "ROBUST-ALIVE", TJC_LEVEL_MUST,
                                 "after this case the base body was not accepted: %s",
                                 what ? what : "");
            free(what);
            if (rc != 0) {
                tjc_verdict_free(&alive);
                return -1;
            }
        }
        tjc_verdict_free(&alive);
    }
    /* the grade, and the rules the answer shows broken */
    int must = has_level(&r->findings, TJC_LEVEL_MUST);
    int should = has_level(&r->findings, TJC_LEVEL_SHOULD);
    int info = has_level(&r->findings, TJC_LEVEL_INFO);
    for (size_t i = 0; r->judged && i < r->request.count; i++)
        info |= r->request.items[i].level == TJC_LEVEL_INFO &&
                r->request.items[i].rule->info != TJC_INFO_TOLERATED;
    for (size_t i = 0; i < c->rule_count; i++) {
        const tjc_rule *rule = tjc_rule_find(c->rules[i]);
        info |= rule && rule->level == TJC_LEVEL_INFO && rule->info != TJC_INFO_TOLERATED;
    }
    r->grade = must ? TJC_GRADE_FAIL : should ? TJC_GRADE_WARN : info ? TJC_GRADE_INFO
                                                                    : TJC_GRADE_PASS;
    for (size_t i = 0; i < r->findings.count; i++) {
        const tjc_violation *v = &r->findings.items[i];
        if (v->level == TJC_LEVEL_INFO)
            continue;
        if (add_broken(r, v->rule->id) != 0)
            return -1;
        if (strcmp(v->rule->id, "RESP-REJECT-INVALID") == 0)
            for (size_t k = 0; k < r->request.count; k++)
                if (r->request.items[k].level == TJC_LEVEL_MUST &&
                    add_broken(r, r->request.items[k].rule->id) != 0)
                    return -1;
    }
    tjc_buf w;
    tjc_buf_init(&w);
    const char *expected = r->judged ? tjc_outcome_name(r->request.outcome) : "an answer";
    const tjc_violation *first = NULL;
    for (size_t i = 0; i < r->findings.count && !first; i++)
        if (r->findings.items[i].level == (must ? TJC_LEVEL_MUST : TJC_LEVEL_SHOULD))
            first = &r->findings.items[i];
    if (first)
        tjc_buf_printf(&w, "%s: %s; ", first->rule->id, first->message);
    tjc_buf_printf(&w, "expected %s, got ", expected);
    describe_answer(&w, &r->sent);
    r->why = tjc_buf_take(&w);
    char *file = r->grade == TJC_GRADE_PASS ? NULL : keep_body(&r->sent, o, c->id);
    r->reproduce = reproduce(&r->sent, o, file);
    free(file);
    tjc_buf rp;
    tjc_buf_init(&rp);
    tjc_buf_printf(&rp, "tjc replay %s%s", c->id, o->replay_args ? o->replay_args : "");
    r->replay = tjc_buf_take(&rp);
    return r->why && r->reproduce && r->replay ? 0 : -1;
}

/* ---- the run ---- */

static void free_exchange(tjc_exchange *ex)
{
    free(ex->method);
    free(ex->url);
    for (size_t i = 0; i < ex->header_count; i++)
        free(ex->headers[i]);
    free(ex->headers);
    free(ex->body);
    free(ex->transport_error);
    free(ex->content_type);
    free(ex->response);
    memset(ex, 0, sizeof *ex);
}

void tjc_run_free(tjc_run *run)
{
    if (!run)
        return;
    for (size_t i = 0; i < run->count; i++) {
        tjc_result *r = &run->results[i];
        tjc_verdict_free(&r->request);
        tjc_verdict_free(&r->findings);
        free_exchange(&r->sent);
        free_exchange(&r->again);
        free_exchange(&r->alive);
        free(r->why);
        free(r->reproduce);
        free(r->replay);
        for (size_t k = 0; k < r->broken_count; k++)
            free(r->broken[k]);
        free(r->broken);
    }
    free(run->results);
    free(run->target);
    memset(run, 0, sizeof *run);
}

static int start_case(runner *rn, job *j, tjc_result *r)
{
    const tjc_case *c = r->c;
    j->r = r;
    j->stage = STAGE_SENT;
    tjc_exchange *ex = &r->sent;
    ex->method = strdup(c->method);
    ex->url = case_url(rn, c);
    if (!ex->method || !ex->url)
        return -1;
    char err[256];
    if (tjc_case_body(c, rn->base, rn->base_len, &ex->body, &ex->body_len, err, sizeof err) != 0) {
        snprintf(rn->err, sizeof rn->err, "%s", err);
        return -1;
    }
    if (prepare(rn, j) != 0)
        return -1;
    return curl_multi_add_handle(rn->multi, j->easy) == CURLM_OK ? 0 : -1;
}

static void progress(const tjc_run *run, size_t done, size_t total, double started)
{
    double s = (now_ms() - started) / 1e3;
    fprintf(stderr, "\r[%zu/%zu] pass %zu fail %zu warn %zu info %zu error %zu  %.0f req/s ",
            done, total, run->counts[TJC_GRADE_PASS], run->counts[TJC_GRADE_FAIL],
            run->counts[TJC_GRADE_WARN], run->counts[TJC_GRADE_INFO],
            run->counts[TJC_GRADE_ERROR], s > 0 ? (double)run->requests / s : 0.0);
    fflush(stderr);
}

int tjc_run_cases(const tjc_case *cases, size_t count, const tjc_run_options *o, tjc_run *out,
                  char *err, size_t err_len)
{
    memset(out, 0, sizeof *out);
    if (!o->target || strncmp(o->target, "http", 4) != 0) {
        snprintf(err, err_len, "--target must be an http:// or https:// URL");
        return -1;
    }
    runner rn = {0};
    rn.o = o;
    rn.base = o->base;
    rn.base_len = o->base_len;
    if (!rn.base)
        rn.base = (const unsigned char *)tjc_sample_body(&rn.base_len);
    size_t tl = strlen(o->target);
    while (tl && o->target[tl - 1] == '/')
        tl--;
    rn.base_url = strndup(o->target, tl);
    out->target = strdup(o->target);
    out->results = calloc(count ? count : 1, sizeof *out->results);
    char verr[256];
    tjc_validator *validator = NULL;
    if (!rn.base_url || !out->target || !out->results ||
        tjc_validator_new(o->base, o->base_len, &validator, verr, sizeof verr) != 0) {
        snprintf(err, err_len, "%s", validator ? "out of memory" : verr);
        free(rn.base_url);
        tjc_run_free(out);
        return -1;
    }
    if (tjc_validate(validator, rn.base, rn.base_len, NULL, &rn.base_verdict) != 0) {
        snprintf(err, err_len, "out of memory");
        free(rn.base_url);
        tjc_validator_free(validator);
        tjc_run_free(out);
        return -1;
    }
    out->count = count;
    for (size_t i = 0; i < count; i++)
        out->results[i].c = &cases[i];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out->started, sizeof out->started, "%Y-%m-%dT%H:%M:%SZ", &tm);
    double started = now_ms();

    int jobs = o->jobs > 0 ? o->jobs : 4;
    if ((size_t)jobs > count)
        jobs = count ? (int)count : 1;
    job *slots = calloc((size_t)jobs, sizeof *slots);
    rn.multi = curl_multi_init();
    int rc = slots && rn.multi ? 0 : -1;
    if (rc == 0) {
        curl_multi_setopt(rn.multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)jobs);
        curl_multi_setopt(rn.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)jobs);
    }
    for (int k = 0; rc == 0 && k < jobs; k++) {
        slots[k].easy = curl_easy_init();
        tjc_buf_init(&slots[k].response);
        if (!slots[k].easy)
            rc = -1;
    }
    size_t next = 0, done = 0, running_jobs = 0;
    for (int k = 0; rc == 0 && k < jobs && next < count; k++, running_jobs++)
        rc = start_case(&rn, &slots[k], &out->results[next++]);
    double last_progress = 0;
    while (rc == 0 && running_jobs > 0) {
        int still;
        if (curl_multi_perform(rn.multi, &still) != CURLM_OK) {
            rc = -1;
            break;
        }
        CURLMsg *msg;
        int left;
        while (rc == 0 && (msg = curl_multi_info_read(rn.multi, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            job *j = NULL;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&j);
            CURLcode code = msg->data.result;
            curl_multi_remove_handle(rn.multi, j->easy);
            finish_exchange(j, code);
            out->requests++;
            tjc_result *r = j->r;
            const tjc_case *c = r->c;
            int unreachable = j->ex->transport == TJC_TRANSPORT_UNREACHABLE;
            enum stage nextstage = STAGE_DONE;
            if (!unreachable && j->stage == STAGE_SENT && c->twice)
                nextstage = STAGE_AGAIN;
            else if (!unreachable && j->stage != STAGE_ALIVE && c->alive_check)
                nextstage = STAGE_ALIVE;
            if (nextstage != STAGE_DONE) {
                j->stage = nextstage;
                if (nextstage == STAGE_AGAIN)
                    r->has_again = 1;
                else
                    r->has_alive = 1;
                rc = prepare(&rn, j) == 0 &&
                             curl_multi_add_handle(rn.multi, j->easy) == CURLM_OK
                         ? 0
                         : -1;
                continue;
            }
            if (grade(&rn, r, validator) != 0) {
                rc = -1;
                break;
            }
            out->counts[r->grade]++;
            done++;
            if (next < count)
                rc = start_case(&rn, j, &out->results[next++]);
            else
                running_jobs--;
        }
        if (o->progress && now_ms() - last_progress > 100) {
            progress(out, done, count, started);
            last_progress = now_ms();
        }
        if (rc == 0 && running_jobs > 0)
            curl_multi_poll(rn.multi, NULL, 0, 100, NULL);
    }
    if (o->progress) {
        progress(out, done, count, started);
        fputc('\n', stderr);
    }
    out->duration_ms = now_ms() - started;
    for (int k = 0; slots && k < jobs; k++) {
        if (slots[k].easy) {
            curl_multi_remove_handle(rn.multi, slots[k].easy);
            curl_easy_cleanup(slots[k].easy);
        }
        curl_slist_free_all(slots[k].headers);
        tjc_buf_free(&slots[k].response);
    }
    free(slots);
    if (rn.multi)
        curl_multi_cleanup(rn.multi);
    tjc_verdict_free(&rn.base_verdict);
    tjc_validator_free(validator);
    free(rn.base_url);
    if (rc != 0) {
        snprintf(err, err_len, "%s", rn.err[0] ? rn.err : "out of memory running the cases");
        tjc_run_free(out);
        return -1;
    }
    return 0;
}
