/*
 * The response checker: the RESP rules of spec/rules.md, plus PATH-UNKNOWN-CONFIG as it
 * shows in an answer. Body rules are the validator's; this file asks for its verdict.
 */
#include "response.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "body.h"

typedef struct judge {
    tjc_verdict *out;
    int oom;
} judge;

static void add(judge *j, const char *id, tjc_level level, const char *pointer,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void add(judge *j, const char *id, tjc_level level, const char *pointer,
                const char *fmt, ...)
{
    const tjc_rule *r = tjc_rule_find(id);
    if (!r || j->oom)
        return;
    va_list ap;
    va_start(ap, fmt);
    if (tjc_verdict_vadd(j->out, r, level, pointer, fmt, ap) != 0)
        j->oom = 1;
    va_end(ap);
}

int tjc_is_json_media_type(const char *ct)
{
    if (!ct)
        return 0;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    static const char json[] = "application/json";
    if (strncasecmp(ct, json, sizeof json - 1) != 0)
        return 0;
    ct += sizeof json - 1;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    return *ct == '\0' || *ct == ';';
}

static int is_error_code(const char *s)
{
    static const char prefix[] = "ModelArts.";
    if (strncmp(s, prefix, sizeof prefix - 1) != 0)
        return 0;
    s += sizeof prefix - 1;
    for (int i = 0; i < 4; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return s[4] == '\0';
}

static const cJSON *member(const cJSON *obj, const char *name)
{
    for (const cJSON *m = obj->child; m; m = m->next)
        if (m->string && strcmp(m->string, name) == 0)
            return m;
    return NULL;
}

/* Whether the answer gives a member twice with different values: clients that keep the
 * first copy and clients that keep the last would read different answers. */
static int conflicting(const cJSON *obj, const char *name)
{
    const cJSON *first = member(obj, name);
    for (const cJSON *m = first ? first->next : NULL; m; m = m->next)
        if (m->string && strcmp(m->string, name) == 0 && !cJSON_Compare(first, m, 1))
            return 1;
    return 0;
}

/* The envelope of Table 5. Returns is_success (1, 0) or -1 when it has none. */
static int check_envelope(judge *j, const cJSON *root, int status, tjc_level level)
{
    const cJSON *ok = member(root, "is_success");
    const cJSON *code = member(root, "error_code");
    const cJSON *message = member(root, "error_message");
    if (conflicting(root, "is_success")) {
        add(j, "RESP-IS-SUCCESS", level, "/is_success",
            "is_success is given twice with different values: clients read different answers");
        return -1;
    }
    if (!ok || !cJSON_IsBool(ok)) {
        add(j, "RESP-IS-SUCCESS", level, ok ? "/is_success" : "",
            ok ? "is_success is not a JSON boolean" : "the answer has no is_success");
        return -1;
    }
    int success = cJSON_IsTrue(ok);
    if (success) {
        const struct { const cJSON *node; const char *name; } extra[] = {
            {code, "error_code"}, {message, "error_message"}};
        for (int k = 0; k < 2; k++) {
            if (!extra[k].node)
                continue;
            int null = cJSON_IsNull(extra[k].node);
            add(j, "RESP-SUCCESS-CLEAN", null ? TJC_LEVEL_SHOULD : level,
                k ? "/error_message" : "/error_code",
                "a success includes %s%s", extra[k].name, null ? " (null)" : "");
        }
        if (status < 200 || status > 299)
            add(j, "RESP-STATUS-CONSISTENT", level, NULL,
                "is_success is true but the status is %d", status);
        else if (status != 200)
            add(j, "RESP-STATUS-SUCCESS", TJC_LEVEL_SHOULD, NULL,
                "a success has status %d, not 200", status);
        return 1;
    }
    if (!cJSON_IsString(code))
        add(j, "RESP-FAILURE-FIELDS", level, code ? "/error_code" : "",
            code ? "error_code is not a string" : "a failure has no error_code");
    else if (!is_error_code(code->valuestring))
        add(j, "RESP-ERROR-CODE-FORMAT", TJC_LEVEL_SHOULD, "/error_code",
            "error_code \"%.40s\" is not of the form ModelArts.NNNN", code->valuestring);
    if (!cJSON_IsString(message)) {
        const cJSON *msg = member(root, "error_msg");
        if ((!message || cJSON_IsNull(message)) && cJSON_IsString(msg))
            add(j, "RESP-FAILURE-FIELDS", TJC_LEVEL_SHOULD, "/error_msg",
                "a failure names its message error_msg, not error_message (errata E7)");
        else
            add(j, "RESP-FAILURE-FIELDS", level, message ? "/error_message" : "",
                message ? "error_message is not a string" : "a failure has no error_message");
    }
    if (status < 400 || status > 499)
        add(j, "RESP-STATUS-FAILURE", TJC_LEVEL_SHOULD, NULL,
            "is_success is false with status %d, not a 4xx%s", status,
            status >= 200 && status <= 299 ? " (errata E8)" : "");
    return 0;
}

static void list_rules(char *dst, size_t n, const tjc_verdict *v, tjc_level level)
{
    size_t used = 0;
    dst[0] = '\0';
    for (size_t i = 0; i < v->count && used + 1 < n; i++) {
        if (v->items[i].level != level || strstr(dst, v->items[i].rule->id))
            continue;
        int w = snprintf(dst + used, n - used, "%s%s", used ? ", " : "", v->items[i].rule->id);
        if (w < 0)
            break;
        used += (size_t)w < n - used ? (size_t)w : n - used - 1;
    }
}

/* What the outcome asks of the server (RESP-ACCEPT-VALID, RESP-REJECT-INVALID, the SHOULD
 * rules of an accepted body, PATH-UNKNOWN-CONFIG, BODY-LARGE). */
static void check_outcome(judge *j, const tjc_request_facts *rq, tjc_taken taken)
{
    if (!rq->method || strcmp(rq->method, "PUT") != 0)
        return;
    int accepted = taken == TJC_TAKEN_ACCEPTED;
    if (!rq->config_exists) {
        if (accepted)
            add(j, "PATH-UNKNOWN-CONFIG", TJC_LEVEL_MUST, NULL,
                "a PUT to a configuration that does not exist was accepted");
        return;
    }
    if (!rq->verdict)
        return;
    char rules[256];
    switch (rq->verdict->outcome) {
    case TJC_OUTCOME_REJECT:
        if (accepted) {
            list_rules(rules, sizeof rules, rq->verdict, TJC_LEVEL_MUST);
            add(j, "RESP-REJECT-INVALID", TJC_LEVEL_MUST, NULL,
                "a body that breaks %s was accepted", rules);
        }
        break;
    case TJC_OUTCOME_ACCEPT:
        if (!accepted && rq->body_len > TJC_RESPONSE_JSON_LIMIT)
            add(j, "BODY-LARGE", TJC_LEVEL_INFO, NULL,
                "a valid body of %zu bytes was refused (over 64 KiB: allowed)", rq->body_len);
        else if (!accepted)
            add(j, "RESP-ACCEPT-VALID", TJC_LEVEL_MUST, NULL,
                "a body that breaks no rule was refused");
        break;
    case TJC_OUTCOME_EITHER:
        if (!accepted)
            break;
        for (size_t i = 0; i < rq->verdict->count; i++) {
            const tjc_violation *v = &rq->verdict->items[i];
            if (v->level != TJC_LEVEL_SHOULD)
                continue;
            int seen = 0;
            for (size_t k = 0; k < i; k++)
                seen |= rq->verdict->items[k].rule == v->rule &&
                        rq->verdict->items[k].level == TJC_LEVEL_SHOULD;
            if (!seen)
                add(j, v->rule->id, TJC_LEVEL_SHOULD, v->pointer,
                    "a body that breaks it was accepted: %s", v->message);
        }
        break;
    }
}

int tjc_check_response(const tjc_request_facts *rq, const tjc_response *rs, tjc_verdict *out,
                       tjc_taken *taken)
{
    judge j = {out, 0};
    *taken = TJC_TAKEN_NONE;
    if (rs->transport == TJC_TRANSPORT_UNREACHABLE)
        return 0;
    if (rs->transport != TJC_TRANSPORT_ANSWERED) {
        add(&j, "RESP-NO-5XX", TJC_LEVEL_MUST, NULL, "%s",
            rs->transport == TJC_TRANSPORT_TIMEOUT ? "no answer within the time limit"
                                                   : "the connection was dropped without a "
                                                     "whole answer");
        return j.oom ? -1 : 0;
    }
    int status = rs->status;
    if (status >= 500)
        add(&j, "RESP-NO-5XX", TJC_LEVEL_MUST, NULL, "the answer has status %d", status);
    int is_head = rq->method && strcmp(rq->method, "HEAD") == 0;
    int is_put = rq->method && strcmp(rq->method, "PUT") == 0;
    tjc_level level = is_put && rq->body_len <= TJC_RESPONSE_JSON_LIMIT ? TJC_LEVEL_MUST
                                                                        : TJC_LEVEL_SHOULD;
    const char *json_rule = level == TJC_LEVEL_MUST ? "RESP-JSON" : "RESP-JSON-ANY";
    *taken = status >= 200 && status <= 299 ? TJC_TAKEN_ACCEPTED : TJC_TAKEN_REFUSED;
    if (is_head) {
        if (rs->len)
            add(&j, "RESP-JSON-ANY", TJC_LEVEL_SHOULD, NULL,
                "an answer to HEAD carries a body of %zu bytes", rs->len);
        return j.oom ? -1 : 0;
    }
    if (!is_put && rs->len == 0 && (status == 204 || status == 304)) {
        /* HTTP forbids a body here, as on an answer to HEAD */
        check_outcome(&j, rq, *taken);
        return j.oom ? -1 : 0;
    }
    tjc_body body;
    if (tjc_body_parse(rs->body, rs->len, &body) != 0)
        return -1;
    if (!body.root && rs->truncated) {
        /* only the first part was kept: nothing can be said of the JSON */
    } else if (!body.root) {
        add(&j, json_rule, level, NULL, "the answer's body is not JSON: %s (byte %zu)",
            rs->len ? body.error : "empty body", body.error_offset);
    } else if (!cJSON_IsObject(body.root)) {
        add(&j, json_rule, level, NULL, "the answer's body is JSON but not an object");
    } else {
        if (!tjc_is_json_media_type(rs->content_type))
            add(&j, "RESP-CONTENT-TYPE", TJC_LEVEL_SHOULD, NULL,
                "a JSON answer says Content-Type: %.80s",
                rs->content_type ? rs->content_type : "(none)");
        int success = check_envelope(&j, body.root, status, level);
        if (success >= 0)
            *taken = success ? TJC_TAKEN_ACCEPTED : TJC_TAKEN_REFUSED;
    }
    tjc_body_free(&body);
    check_outcome(&j, rq, *taken);
    return j.oom ? -1 : 0;
}
