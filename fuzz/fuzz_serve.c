/*
 * fuzz_serve: the server handler, differential. The input is a request body; it goes to
 * a server's request handling in process (no sockets), through tjc_fuzz_handle()
 * (handler.h: the reference server by default, or a team's own handler), as
 *   PUT /v1/p/training-job-configs/config
 * and tjc's oracle judges the answer:
 *  - against the validator's reading of the same bytes (RESP-ACCEPT-VALID,
 *    RESP-REJECT-INVALID): outcome accept, the answer must be an acceptance (a refusal is
 *    allowed only above 64 KiB, BODY-LARGE); reject, a refusal; either, anything;
 *  - by the response checker, as tjc conform would judge it: no MUST finding and no SHOULD
 *    finding (the reference server's choices in rules.md make a run against it clean);
 *  - the same PUT again gets the same status and is taken the same way (PUT-IDEMPOTENT,
 *    SHOULD).
 * A mismatch aborts (tjc_fuzz_fail), so libFuzzer reports the input as a finding.
 *
 * Two environment variables, for a team fuzzing its own server:
 *   TJC_FUZZ_BASE_BODY=FILE  the validator's base body (errata E12: the ids and paths that
 *                            exist on that server), instead of the published sample;
 *   TJC_FUZZ_FAIL_ON=must    only MUST findings abort (SHOULD ones are not findings).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "handler.h"
#include "response.h"
#include "rules.h"
#include "validate.h"

static const char TARGET[] = "fuzz_serve";
static const char PATH[] = "/v1/p/training-job-configs/config";

static tjc_validator *validator(void)
{
    static tjc_validator *v;
    if (!v) {
        char err[256];
        const char *file = getenv("TJC_FUZZ_BASE_BODY");
        tjc_buf base;
        tjc_buf_init(&base);
        if (file && *file && tjc_read_file(file, &base) != 0)
            tjc_fuzz_fail(TARGET, "cannot read TJC_FUZZ_BASE_BODY=%s", file);
        if (tjc_validator_new(base.len ? (const unsigned char *)base.data : NULL, base.len, &v,
                              err, sizeof err) != 0)
            tjc_fuzz_fail(TARGET, "cannot make the validator: %s", err);
        tjc_buf_free(&base);
    }
    return v;
}

/* The lowest level that aborts: SHOULD unless TJC_FUZZ_FAIL_ON=must. */
static tjc_level failing_level(void)
{
    static int level = -1;
    if (level < 0) {
        const char *s = getenv("TJC_FUZZ_FAIL_ON");
        level = s && strcmp(s, "must") == 0 ? TJC_LEVEL_MUST : TJC_LEVEL_SHOULD;
    }
    return (tjc_level)level;
}

int tjc_fuzz_framing_ok(const uint8_t *data, size_t size)
{
    (void)data;
    (void)size;
    return 1; /* any bytes are a request body */
}

static tjc_response response_of(const tjc_fuzz_answer *a)
{
    tjc_response r = {
        .transport = a->hung      ? TJC_TRANSPORT_TIMEOUT
                     : a->dropped ? TJC_TRANSPORT_DROPPED
                                  : TJC_TRANSPORT_ANSWERED,
        .status = a->status,
        .content_type = a->content_type,
        .body = a->body,
        .len = a->body ? a->len : 0,
    };
    return r;
}

static void release(tjc_fuzz_answer *a)
{
    if (a->release)
        a->release(a);
}

/* Aborts with what was sent, what the validator said, and what came back. */
static void mismatch(const uint8_t *data, size_t size, const tjc_verdict *verdict,
                     const tjc_fuzz_answer *a, const char *fmt, ...)
    __attribute__((format(printf, 5, 6), noreturn));

static void mismatch(const uint8_t *data, size_t size, const tjc_verdict *verdict,
                     const tjc_fuzz_answer *a, const char *fmt, ...)
{
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    char *sent = tjc_fuzz_excerpt(data, size, 300);
    char *came = a->body ? tjc_fuzz_excerpt(a->body, a->len, 300) : NULL;
    const tjc_violation *first = NULL; /* the first of the highest level */
    for (size_t i = 0; i < verdict->count; i++)
        if (!first || verdict->items[i].level > first->level)
            first = &verdict->items[i];
    char why[600] = "";
    if (first)
        snprintf(why, sizeof why, "; the first of the highest level: %s at %s: %s",
                 first->rule->id, tjc_level_name(first->level), first->message);
    tjc_fuzz_fail(TARGET,
                  "%s\n  sent: PUT %s with %zu bytes: %s\n  validator: %s (%zu violations%s)\n"
                  "  answer: %s%d, Content-Type %s, body %s",
                  what, PATH, size, sent ? sent : "?", tjc_outcome_name(verdict->outcome),
                  verdict->count, why,
                  a->hung      ? "none (hung) "
                  : a->dropped ? "none (dropped) "
                               : "status ",
                  a->status, a->content_type ? a->content_type : "(none)",
                  came ? came : "(none)");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tjc_verdict verdict;
    if (tjc_validate(validator(), data, size, NULL, &verdict) != 0)
        return 0; /* out of memory: not a finding */

    tjc_fuzz_answer a;
    memset(&a, 0, sizeof a);
    if (tjc_fuzz_handle("PUT", PATH, data, size, &a) != 0) {
        tjc_verdict_free(&verdict);
        return 0;
    }
    tjc_response response = response_of(&a);
    tjc_request_facts request = {"PUT", size, 1, &verdict};
    tjc_verdict found;
    memset(&found, 0, sizeof found);
    tjc_taken taken;
    if (tjc_check_response(&request, &response, &found, &taken) != 0) {
        release(&a);
        tjc_verdict_free(&found);
        tjc_verdict_free(&verdict);
        return 0;
    }

    if (verdict.outcome == TJC_OUTCOME_ACCEPT && taken != TJC_TAKEN_ACCEPTED &&
        !(taken == TJC_TAKEN_REFUSED && size > TJC_RESPONSE_JSON_LIMIT))
        mismatch(data, size, &verdict, &a, "RESP-ACCEPT-VALID: a body that breaks no rule was %s",
                 taken == TJC_TAKEN_NONE ? "not answered" : "refused");
    if (verdict.outcome == TJC_OUTCOME_REJECT && taken != TJC_TAKEN_REFUSED)
        mismatch(data, size, &verdict, &a, "RESP-REJECT-INVALID: a body that breaks a MUST rule "
                 "was %s", taken == TJC_TAKEN_NONE ? "not answered" : "accepted");
    for (size_t i = 0; i < found.count; i++) {
        const tjc_violation *v = &found.items[i];
        if (v->level < failing_level())
            continue;
        mismatch(data, size, &verdict, &a, "the response checker found %s at %s: %s",
                 v->rule->id, tjc_level_name(v->level), v->message);
    }

    /* the same PUT again (PUT-IDEMPOTENT); the first answer is released first, as a
     * handler without release may reuse its memory */
    tjc_transport first_transport = response.transport;
    int first_status = response.status;
    release(&a);
    tjc_verdict_free(&found);
    if (failing_level() <= TJC_LEVEL_SHOULD) {
        memset(&a, 0, sizeof a);
        if (tjc_fuzz_handle("PUT", PATH, data, size, &a) == 0) {
            tjc_response again = response_of(&a);
            tjc_taken taken_again;
            memset(&found, 0, sizeof found);
            if (tjc_check_response(&request, &again, &found, &taken_again) == 0 &&
                (taken_again != taken || again.transport != first_transport ||
                 again.status != first_status))
                mismatch(data, size, &verdict, &a,
                         "PUT-IDEMPOTENT: the same PUT twice got different answers: status %d "
                         "then %d, taken %d then %d (the second answer below)",
                         first_status, again.status, (int)taken, (int)taken_again);
            tjc_verdict_free(&found);
            release(&a);
        }
    }
    tjc_verdict_free(&verdict);
    return 0;
}
