/*
 * The reference server: a service that asks the validator, carried over HTTP/1.1 by
 * libmicrohttpd (one thread per connection, so a held request never blocks another).
 */
#define _GNU_SOURCE /* memmem */
#include "serve.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <microhttpd.h>

#include "body.h"
#include "buf.h"
#include "validate.h"

/* ---- faults ---- */

static const tjc_fault_info fault_table[TJC_FAULT_COUNT] = {
    {TJC_FAULT_ACCEPT_LONG_DESC, "accept-long-desc", "DESC-LEN", TJC_LEVEL_MUST,
     "accepts config_desc of more than 256 code points"},
    {TJC_FAULT_DESC_BYTES, "desc-bytes", "RESP-ACCEPT-VALID", TJC_LEVEL_MUST,
     "counts config_desc in UTF-8 bytes, so refuses 256 CJK characters"},
    {TJC_FAULT_ACCEPT_STRING_NUMBER, "accept-string-workers", "WORKERS-TYPE", TJC_LEVEL_MUST,
     "accepts worker_server_num that is not a number (\"1\", true, null)"},
    {TJC_FAULT_ACCEPT_FRACTION, "accept-fraction", "INT-FRACTION", TJC_LEVEL_MUST,
     "accepts integers with a fractional part (1.5)"},
    {TJC_FAULT_ACCEPT_MISSING_SPEC, "accept-missing-spec", "SPEC-REQ", TJC_LEVEL_MUST,
     "accepts a body without spec_id"},
    {TJC_FAULT_ACCEPT_TWO_DATA, "accept-two-data", "DATA-ONE", TJC_LEVEL_MUST,
     "accepts no data input or two kinds of data input at once"},
    {TJC_FAULT_ACCEPT_SOURCE_MIX, "accept-source-mix", "SOURCE-NO-MIX", TJC_LEVEL_MUST,
     "accepts a data_source mixing obs and dataset items"},
    {TJC_FAULT_ACCEPT_TRAILING, "accept-trailing", "BODY-JSON", TJC_LEVEL_MUST,
     "ignores bytes after the JSON text"},
    {TJC_FAULT_CREATE_UNKNOWN, "create-unknown", "PATH-UNKNOWN-CONFIG", TJC_LEVEL_MUST,
     "a PUT to a config name that does not exist creates it"},
    {TJC_FAULT_REJECT_NUMBER_VALUE, "reject-number-value", "SAMPLE-ACCEPTED", TJC_LEVEL_MUST,
     "refuses numeric parameter values, so refuses the published sample"},
    {TJC_FAULT_REJECT_KEY, "reject-key", "RESP-ACCEPT-VALID", TJC_LEVEL_MUST,
     "refuses a parameter item that says key (tolerated, errata E2)"},
    {TJC_FAULT_ACCEPT_ZERO_WORKERS, "accept-zero-workers", "WORKERS-MIN", TJC_LEVEL_SHOULD,
     "accepts worker_server_num below 1"},
    {TJC_FAULT_ACCEPT_BOOT_OUTSIDE, "accept-boot-outside", "BOOT-IN-APP", TJC_LEVEL_SHOULD,
     "accepts a boot_file_url outside app_url"},
    {TJC_FAULT_SUCCESS_ERROR_FIELDS, "success-error-fields", "RESP-SUCCESS-CLEAN",
     TJC_LEVEL_MUST, "a success carries error_code and error_message"},
    {TJC_FAULT_FAILURE_NO_MESSAGE, "failure-no-message", "RESP-FAILURE-FIELDS", TJC_LEVEL_MUST,
     "a failure lacks error_message"},
    {TJC_FAULT_FAILURE_ERROR_MSG, "failure-error-msg", "RESP-FAILURE-FIELDS", TJC_LEVEL_SHOULD,
     "a failure names its message error_msg (errata E7)"},
    {TJC_FAULT_IS_SUCCESS_STRING, "is-success-string", "RESP-IS-SUCCESS", TJC_LEVEL_MUST,
     "is_success is the string \"true\" or \"false\""},
    {TJC_FAULT_SUCCESS_ON_400, "success-on-400", "RESP-STATUS-CONSISTENT", TJC_LEVEL_MUST,
     "a success is answered with status 400"},
    {TJC_FAULT_FAILURE_ON_200, "failure-on-200", "RESP-STATUS-FAILURE", TJC_LEVEL_SHOULD,
     "a failure is answered with status 200 (errata E8)"},
    {TJC_FAULT_CREATED_201, "created-201", "RESP-STATUS-SUCCESS", TJC_LEVEL_SHOULD,
     "a success is answered with status 201"},
    {TJC_FAULT_TEXT_CONTENT_TYPE, "text-content-type", "RESP-CONTENT-TYPE", TJC_LEVEL_SHOULD,
     "JSON answers say Content-Type: text/plain"},
    {TJC_FAULT_ERROR_CODE_SHAPE, "error-code-shape", "RESP-ERROR-CODE-FORMAT", TJC_LEVEL_SHOULD,
     "error_code is ERR_BAD_REQUEST, not ModelArts.NNNN"},
    {TJC_FAULT_TEXT_ERRORS, "text-errors", "RESP-JSON", TJC_LEVEL_MUST,
     "failures are answered in plain text, not JSON"},
    {TJC_FAULT_500_DEEP, "500-deep", "ROBUST-DEPTH", TJC_LEVEL_MUST,
     "answers 500 to bodies nested more than 1000 levels"},
    {TJC_FAULT_DROP_NUL, "drop-nul", "ROBUST-STRINGS", TJC_LEVEL_MUST,
     "drops the connection when a body holds \\u0000"},
    {TJC_FAULT_HANG_LARGE, "hang-large", "ROBUST-SIZE", TJC_LEVEL_MUST,
     "never answers a body over 1 MiB"},
    {TJC_FAULT_STUCK_AFTER_BAD, "stuck-after-bad", "ROBUST-ALIVE", TJC_LEVEL_MUST,
     "after a body that is not JSON, answers 503 to everything"},
    {TJC_FAULT_NOT_IDEMPOTENT, "not-idempotent", "PUT-IDEMPOTENT", TJC_LEVEL_SHOULD,
     "the same PUT twice in a row is answered 202 the second time"},
};

const tjc_fault_info *tjc_faults(size_t *count)
{
    if (count)
        *count = TJC_FAULT_COUNT;
    return fault_table;
}

const tjc_fault_info *tjc_fault_find(const char *name)
{
    for (size_t i = 0; i < TJC_FAULT_COUNT; i++)
        if (strcmp(fault_table[i].name, name) == 0)
            return &fault_table[i];
    return NULL;
}

/* ---- the service ---- */

typedef struct config {
    char *name;
    char *stored;       /* the last accepted body, or NULL */
    size_t stored_len;
} config;

struct tjc_service {
    tjc_validator *validator;
    pthread_mutex_t lock;
    config **configs;   /* each config stays where it is while others are added */
    size_t count;
    size_t cap;
    size_t body_limit;
    uint64_t faults;
    int stuck;
};

static int has(const tjc_service *s, tjc_fault f)
{
    return (s->faults >> f) & 1u;
}

static config *find_config(tjc_service *s, const char *name)
{
    for (size_t i = 0; i < s->count; i++)
        if (strcmp(s->configs[i]->name, name) == 0)
            return s->configs[i];
    return NULL;
}

static config *add_config(tjc_service *s, const char *name)
{
    if (s->count == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4;
        config **c = realloc(s->configs, cap * sizeof *c);
        if (!c)
            return NULL;
        s->configs = c;
        s->cap = cap;
    }
    config *c = calloc(1, sizeof *c);
    if (!c || !(c->name = strdup(name))) {
        free(c);
        return NULL;
    }
    s->configs[s->count++] = c;
    return c;
}

int tjc_service_new(const tjc_service_options *options, tjc_service **out, char *err,
                    size_t err_len)
{
    static const char *const default_configs[] = {"config"};
    *out = NULL;
    tjc_service *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    pthread_mutex_init(&s->lock, NULL);
    s->body_limit = options && options->body_limit ? options->body_limit : TJC_SERVE_BODY_LIMIT;
    s->faults = options ? options->faults : 0;
    const char *const *names = options && options->configs ? options->configs : default_configs;
    size_t n = options && options->configs ? options->config_count : 1;
    if (tjc_validator_new(NULL, 0, &s->validator, err, err_len) != 0) {
        tjc_service_free(s);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (!tjc_config_name_possible(names[i])) {
            snprintf(err, err_len,
                     "config name '%s' is impossible: 1 to 64 letters, digits, _ and -",
                     names[i]);
            tjc_service_free(s);
            return -1;
        }
        if (!find_config(s, names[i]) && !add_config(s, names[i])) {
            snprintf(err, err_len, "out of memory");
            tjc_service_free(s);
            return -1;
        }
    }
    *out = s;
    return 0;
}

void tjc_service_free(tjc_service *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->count; i++) {
        free(s->configs[i]->name);
        free(s->configs[i]->stored);
        free(s->configs[i]);
    }
    free(s->configs);
    tjc_validator_free(s->validator);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

size_t tjc_service_body_limit(const tjc_service *s)
{
    return s->body_limit;
}

char *tjc_service_stored(tjc_service *s, const char *name)
{
    char *copy = NULL;
    pthread_mutex_lock(&s->lock);
    config *c = find_config(s, name);
    if (c && c->stored) {
        copy = malloc(c->stored_len + 1);
        if (copy) {
            memcpy(copy, c->stored, c->stored_len);
            copy[c->stored_len] = '\0';
        }
    }
    pthread_mutex_unlock(&s->lock);
    return copy;
}

void tjc_answer_free(tjc_answer *a)
{
    if (!a)
        return;
    free(a->body);
    memset(a, 0, sizeof *a);
}

/* The envelope of Table 5, with the faults that bend it. */
static int answer(const tjc_service *s, tjc_answer *out, int status, const char *code,
                  const char *message)
{
    int success = code == NULL;
    tjc_buf b;
    tjc_buf_init(&b);
    out->content_type = has(s, TJC_FAULT_TEXT_CONTENT_TYPE) ? "text/plain" : "application/json";
    if (success) {
        if (has(s, TJC_FAULT_SUCCESS_ON_400))
            status = 400;
        else if (has(s, TJC_FAULT_CREATED_201) && status == 200)
            status = 201;
        tjc_buf_puts(&b, has(s, TJC_FAULT_IS_SUCCESS_STRING) ? "{\"is_success\":\"true\""
                                                             : "{\"is_success\":true");
        if (has(s, TJC_FAULT_SUCCESS_ERROR_FIELDS))
            tjc_buf_puts(&b, ",\"error_code\":\"ModelArts.0000\",\"error_message\":\"\"");
        tjc_buf_putc(&b, '}');
    } else if (has(s, TJC_FAULT_TEXT_ERRORS)) {
        out->content_type = "text/plain";
        tjc_buf_printf(&b, "error %s: %s\n", code, message);
    } else {
        if (has(s, TJC_FAULT_FAILURE_ON_200))
            status = 200;
        tjc_buf_puts(&b, has(s, TJC_FAULT_IS_SUCCESS_STRING) ? "{\"is_success\":\"false\""
                                                             : "{\"is_success\":false");
        tjc_buf_puts(&b, ",\"error_code\":");
        tjc_json_write_string(&b, has(s, TJC_FAULT_ERROR_CODE_SHAPE) ? "ERR_BAD_REQUEST" : code);
        if (!has(s, TJC_FAULT_FAILURE_NO_MESSAGE)) {
            tjc_buf_puts(&b, has(s, TJC_FAULT_FAILURE_ERROR_MSG) ? ",\"error_msg\":"
                                                                 : ",\"error_message\":");
            tjc_json_write_string(&b, message);
        }
        tjc_buf_putc(&b, '}');
    }
    out->status = status;
    out->len = b.len;
    out->body = tjc_buf_take(&b);
    return out->body ? 0 : -1;
}


/* Percent-decodes one path segment (RFC 3986). NULL when the escape is broken or the
 * segment decodes to a NUL byte: no configuration has such a name. */
static char *decode_segment(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '%') {
            out[k++] = s[i];
            continue;
        }
        int a = i + 2 < n ? tjc_hex_digit((unsigned char)s[i + 1]) : -1;
        int b = i + 2 < n ? tjc_hex_digit((unsigned char)s[i + 2]) : -1;
        if (a < 0 || b < 0 || (a == 0 && b == 0)) {
            free(out);
            return NULL;
        }
        out[k++] = (char)(a * 16 + b);
        i += 2;
    }
    out[k] = '\0';
    return out;
}

/* Splits /v1/{project_id}/training-job-configs/{config_name}. Returns 1 and the decoded
 * name (owned) when the path has that shape, 0 when it does not. The name is "" when the
 * segment cannot be decoded (no configuration has it). */
static int match_path(const char *path, char **name)
{
    *name = NULL;
    static const char prefix[] = "/v1/";
    if (strncmp(path, prefix, sizeof prefix - 1) != 0)
        return 0;
    const char *project = path + sizeof prefix - 1;
    const char *slash = strchr(project, '/');
    if (!slash || slash == project)
        return 0;
    static const char middle[] = "/training-job-configs/";
    if (strncmp(slash, middle, sizeof middle - 1) != 0)
        return 0;
    const char *segment = slash + sizeof middle - 1;
    if (strchr(segment, '/'))
        return 0;
    *name = decode_segment(segment, strlen(segment));
    if (!*name)
        *name = strdup("");
    return 1;
}

static size_t nesting(const unsigned char *b, size_t n)
{
    size_t depth = 0, deepest = 0;
    int in_string = 0;
    for (size_t i = 0; i < n; i++) {
        if (in_string) {
            if (b[i] == '\\')
                i++;
            else if (b[i] == '"')
                in_string = 0;
        } else if (b[i] == '"') {
            in_string = 1;
        } else if (b[i] == '[' || b[i] == '{') {
            if (++depth > deepest)
                deepest = depth;
        } else if ((b[i] == ']' || b[i] == '}') && depth) {
            depth--;
        }
    }
    return deepest;
}

/* Whether a fault makes the service overlook violations of this rule. */
static int overlooked(const tjc_service *s, const char *rule)
{
    static const struct { tjc_fault fault; const char *rule; } ignores[] = {
        {TJC_FAULT_ACCEPT_LONG_DESC, "DESC-LEN"},
        {TJC_FAULT_ACCEPT_STRING_NUMBER, "WORKERS-TYPE"},
        {TJC_FAULT_ACCEPT_FRACTION, "INT-FRACTION"},
        {TJC_FAULT_ACCEPT_MISSING_SPEC, "SPEC-REQ"},
        {TJC_FAULT_ACCEPT_TWO_DATA, "DATA-ONE"},
        {TJC_FAULT_ACCEPT_SOURCE_MIX, "SOURCE-NO-MIX"},
        {TJC_FAULT_ACCEPT_ZERO_WORKERS, "WORKERS-MIN"},
        {TJC_FAULT_ACCEPT_BOOT_OUTSIDE, "BOOT-IN-APP"},
    };
    for (size_t i = 0; i < sizeof ignores / sizeof ignores[0]; i++)
        if (has(s, ignores[i].fault) && strcmp(ignores[i].rule, rule) == 0)
            return 1;
    return 0;
}

/* The first violation that makes the service refuse the body, or NULL: every MUST and
 * SHOULD rule, and the rules a fault adds. */
static const tjc_violation *refusal(const tjc_service *s, const tjc_verdict *v)
{
    for (size_t i = 0; i < v->count; i++) {
        const tjc_violation *x = &v->items[i];
        if (overlooked(s, x->rule->id))
            continue;
        if (x->level == TJC_LEVEL_MUST || x->level == TJC_LEVEL_SHOULD)
            return x;
        if ((has(s, TJC_FAULT_REJECT_NUMBER_VALUE) && strcmp(x->rule->id, "PARAM-VALUE") == 0) ||
            (has(s, TJC_FAULT_REJECT_KEY) && strcmp(x->rule->id, "PARAM-KEY") == 0))
            return x;
    }
    return NULL;
}

/* desc-bytes: the bug of counting config_desc in bytes. */
static int desc_over_256_bytes(const unsigned char *body, size_t len)
{
    tjc_body parsed;
    int over = 0;
    if (tjc_body_parse(body, len, &parsed) == 0 && cJSON_IsObject(parsed.root)) {
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(parsed.root, "config_desc");
        over = cJSON_IsString(d) && strlen(d->valuestring) > 256;
    }
    tjc_body_free(&parsed);
    return over;
}

/* accept-trailing: the length of the JSON text when only trailing bytes are wrong. */
static size_t text_before_trailing(const unsigned char *body, size_t len)
{
    tjc_body parsed;
    size_t cut = len;
    if (tjc_body_parse(body, len, &parsed) == 0 && !parsed.root && parsed.error &&
        strstr(parsed.error, "trailing bytes"))
        cut = parsed.error_offset;
    tjc_body_free(&parsed);
    return cut;
}

int tjc_service_handle(tjc_service *s, const char *method, const char *path,
                       const unsigned char *body, size_t len, int too_large, tjc_answer *out)
{
    memset(out, 0, sizeof *out);
    char *name = NULL;
    if (!match_path(path, &name)) {
        free(name);
        return answer(s, out, 404, "ModelArts.0102", "no such resource: the path is "
                                                     "/v1/{project_id}/training-job-configs/"
                                                     "{config_name}");
    }
    if (!name)
        return -1;
    int rc = 0;
    if (strcmp(method, "PUT") != 0) {
        out->allow = "PUT";
        rc = answer(s, out, 405, "ModelArts.0106", "method not allowed: this path takes PUT");
        free(name);
        return rc;
    }
    pthread_mutex_lock(&s->lock);
    int stuck = s->stuck;
    config *c = find_config(s, name);
    if (!c && has(s, TJC_FAULT_CREATE_UNKNOWN) && name[0])
        c = add_config(s, name);
    pthread_mutex_unlock(&s->lock);
    if (stuck) {
        free(name);
        return answer(s, out, 503, "ModelArts.0001", "service unavailable");
    }
    if (!c) {
        rc = answer(s, out, 404, "ModelArts.0102", "the training job configuration does not exist");
        free(name);
        return rc;
    }
    if (has(s, TJC_FAULT_HANG_LARGE) && (too_large || len > (1u << 20))) {
        out->hang = 1;
        free(name);
        return 0;
    }
    if (too_large) {
        free(name);
        return answer(s, out, 413, "ModelArts.0108", "the request body is larger than the limit");
    }
    if (has(s, TJC_FAULT_DROP_NUL) && body && memmem(body, len, "\\u0000", 6)) {
        out->drop = 1;
        free(name);
        return 0;
    }
    if (has(s, TJC_FAULT_500_DEEP) && nesting(body, len) > 1000) {
        free(name);
        return answer(s, out, 500, "ModelArts.0002", "internal error");
    }
    size_t used = has(s, TJC_FAULT_ACCEPT_TRAILING) ? text_before_trailing(body, len) : len;
    tjc_verdict verdict;
    if (tjc_validate_as(s->validator, body, used, NULL, TJC_READING_LAST, &verdict) != 0) {
        free(name);
        return -1;
    }
    const tjc_violation *no = refusal(s, &verdict);
    if (!no && has(s, TJC_FAULT_DESC_BYTES) && desc_over_256_bytes(body, used)) {
        rc = answer(s, out, 400, "ModelArts.0101", "config_desc is longer than 256 bytes");
    } else if (no) {
        if (has(s, TJC_FAULT_STUCK_AFTER_BAD) && strcmp(no->rule->id, "BODY-JSON") == 0) {
            pthread_mutex_lock(&s->lock);
            s->stuck = 1;
            pthread_mutex_unlock(&s->lock);
        }
        tjc_buf m;
        tjc_buf_init(&m);
        tjc_buf_printf(&m, "%s: %s", no->rule->id, no->message);
        if (no->pointer && no->pointer[0])
            tjc_buf_printf(&m, " (at %s)", no->pointer);
        char *message = tjc_buf_take(&m);
        rc = message ? answer(s, out, 400, "ModelArts.0101", message) : -1;
        free(message);
    } else {
        int repeat = 0;
        pthread_mutex_lock(&s->lock);
        char *copy = malloc(len + 1);
        if (copy) {
            if (len)
                memcpy(copy, body, len);
            copy[len] = '\0';
            repeat = c->stored && c->stored_len == len && (!len || memcmp(c->stored, body, len) == 0);
            free(c->stored);
            c->stored = copy;
            c->stored_len = len;
        }
        pthread_mutex_unlock(&s->lock);
        rc = copy ? answer(s, out, repeat && has(s, TJC_FAULT_NOT_IDEMPOTENT) ? 202 : 200, NULL,
                           NULL)
                  : -1;
    }
    tjc_verdict_free(&verdict);
    free(name);
    return rc;
}

/* ---- the HTTP server ---- */

struct tjc_server {
    tjc_service *service;
    struct MHD_Daemon *daemon;
    unsigned port;
    unsigned hang_s;
    atomic_int stopping;
};

typedef struct request {
    tjc_buf body;
    int too_large;
    int answered;
} request;

static size_t keep_escaped(void *cls, struct MHD_Connection *c, char *s)
{
    /* the service decodes the config name itself, as one segment */
    (void)cls;
    (void)c;
    return strlen(s);
}

static void discard_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    (void)fmt;
    (void)ap;
}

static enum MHD_Result send_answer(struct MHD_Connection *conn, const tjc_answer *a)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(a->len, a->body ? a->body : (void *)"",
                                        MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, a->content_type);
    if (a->allow)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, a->allow);
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)a->status, r);
    MHD_destroy_response(r);
    return ok;
}

static void hold(tjc_server *sv)
{
    /* the hang fault: no answer until the client gives up or the server stops */
    struct timespec tick = {0, 50 * 1000 * 1000};
    for (unsigned i = 0; i < sv->hang_s * 20 && !sv->stopping; i++)
        nanosleep(&tick, NULL);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **con_cls)
{
    tjc_server *sv = cls;
    request *r = *con_cls;
    (void)version;
    size_t limit = tjc_service_body_limit(sv->service);
    if (!r) {
        r = calloc(1, sizeof *r);
        if (!r)
            return MHD_NO;
        tjc_buf_init(&r->body);
        *con_cls = r;
        /* a client that waits for 100 Continue hears 413 before it sends the body */
        const char *expect = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Expect");
        const char *length = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        if (expect && strcasecmp(expect, "100-continue") == 0 && length &&
            strtoull(length, NULL, 10) > limit)
            r->too_large = 1;
        else
            return MHD_YES;
    }
    if (*upload_size) {
        if (!r->too_large) {
            if (r->body.len + *upload_size > limit) {
                r->too_large = 1;
                tjc_buf_free(&r->body);
            } else {
                tjc_buf_append(&r->body, upload, *upload_size);
                if (r->body.failed)
                    return MHD_NO;
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->answered)
        return MHD_NO;
    r->answered = 1;
    tjc_answer a;
    if (tjc_service_handle(sv->service, method, url, (const unsigned char *)r->body.data,
                           r->body.len, r->too_large, &a) != 0)
        return MHD_NO;
    enum MHD_Result ok = MHD_NO;
    if (a.hang)
        hold(sv);
    else if (!a.drop)
        ok = send_answer(conn, &a);
    tjc_answer_free(&a);
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode code)
{
    (void)cls;
    (void)conn;
    (void)code;
    request *r = *con_cls;
    if (r) {
        tjc_buf_free(&r->body);
        free(r);
        *con_cls = NULL;
    }
}

int tjc_server_start(tjc_service *service, const tjc_server_options *options,
                     tjc_server **out, char *err, size_t err_len)
{
    *out = NULL;
    const char *bind = options && options->bind ? options->bind : "127.0.0.1";
    unsigned port = options ? options->port : 0;
    if (port > 65535) {
        snprintf(err, err_len, "port %u is out of range (0 to 65535)", port);
        return -1;
    }
    struct sockaddr_storage addr;
    memset(&addr, 0, sizeof addr);
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_POLL | MHD_USE_ERROR_LOG;
    if (strchr(bind, ':')) {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&addr;
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, bind, &a6->sin6_addr) != 1) {
            snprintf(err, err_len, "--bind '%s' is not an IPv6 address", bind);
            return -1;
        }
        flags |= MHD_USE_IPv6;
    } else {
        struct sockaddr_in *a4 = (struct sockaddr_in *)&addr;
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)port);
        if (inet_pton(AF_INET, bind, &a4->sin_addr) != 1) {
            snprintf(err, err_len, "--bind '%s' is not an IPv4 address", bind);
            return -1;
        }
    }
    tjc_server *sv = calloc(1, sizeof *sv);
    if (!sv) {
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    sv->service = service;
    sv->hang_s = options && options->hang_s ? options->hang_s : 60;
    unsigned timeout = options && options->timeout_s ? options->timeout_s : 30;
    sv->daemon = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, on_request, sv, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&addr, MHD_OPTION_CONNECTION_TIMEOUT, timeout,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, sv, MHD_OPTION_UNESCAPE_CALLBACK,
        keep_escaped, sv, MHD_OPTION_EXTERNAL_LOGGER, discard_log, sv,
        MHD_OPTION_CONNECTION_LIMIT, 256u, MHD_OPTION_END);
    if (!sv->daemon) {
        snprintf(err, err_len, "cannot listen on %s port %u (in use, or not an address of this "
                               "machine)",
                 bind, port);
        free(sv);
        return -1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(sv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    sv->port = info ? info->port : port;
    *out = sv;
    return 0;
}

unsigned tjc_server_port(const tjc_server *s)
{
    return s->port;
}

void tjc_server_stop(tjc_server *s)
{
    if (!s)
        return;
    s->stopping = 1;
    MHD_stop_daemon(s->daemon);
    free(s);
}
