/*
 * fuzz_response: arbitrary answers (transport, status, Content-Type, body bytes) into the
 * response checker that judges servers. Hostile servers must not crash the harness.
 *
 * Input framing (fuzz/README.md has the table):
 *   byte 0    bits 0-1  transport: 0 answered, 1 timeout, 2 dropped, 3 unreachable
 *             bits 2-4  method: 0-2 PUT, 3 GET, 4 HEAD, 5 POST, 6 DELETE, 7 none (NULL)
 *             bit  5    the configuration exists
 *             bits 6-7  the request's verdict: 0 none (NULL), 1 the published sample's
 *                       (accept), 2 a body breaking WORKERS-MIN's (either, a SHOULD rule),
 *                       3 the answer's own body bytes judged as a request body (at most
 *                       4 KiB of them; mostly reject)
 *   byte 1    request body size: 0 the judged body's length (0 without a verdict),
 *             255 16 MiB, else 65536 + byte - 128 (so 128 is 64 KiB, 129 one byte more)
 *   bytes 2-3 status, big-endian (0 to 65535)
 *   then      the Content-Type value up to the first NUL ("" means no header)
 *   then      the answer's body: every byte after that NUL
 *
 * Properties beyond "no crash":
 *  - tjc_check_response returns 0 (-1, out of memory, ends the run quietly);
 *  - `taken` is NONE exactly when no answer came (timeout, dropped, unreachable);
 *  - every finding names a catalogue rule, at most at that rule's level, with a message;
 *  - a 5xx status, a timeout and a drop each yield RESP-NO-5XX at MUST; an unreachable
 *    target yields no finding at all;
 *  - RESP-ACCEPT-VALID, RESP-REJECT-INVALID and PATH-UNKNOWN-CONFIG are found exactly when
 *    a PUT's answer contradicts what the request required (rules.md);
 *  - deterministic, and additive: judged again into a verdict that already holds an entry,
 *    the entry stays first and the same findings follow it, with the same `taken`.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "response.h"
#include "rules.h"
#include "sample.h"
#include "validate.h"

static const char TARGET[] = "fuzz_response";

#define DERIVED_MAX 4096u
#define BIG_BODY (16u << 20)

/* A body whose only violation is WORKERS-MIN (SHOULD): outcome either. */
static const char either_body[] =
    "{\"worker_server_num\":0,\"app_url\":\"/usr/app/\",\"boot_file_url\":\"/usr/app/boot.py\","
    "\"spec_id\":1,\"dataset_id\":\"38277e62-9e59-48f4-8d89-c8cf41622c24\","
    "\"dataset_version_id\":\"2ff0d6ba-c480-45ae-be41-09a8369bfc90\",\"engine_id\":1,"
    "\"train_url\":\"/usr/train/\",\"log_url\":\"/usr/log/\"}";

static const char *const methods[8] = {"PUT", "PUT", "PUT", "GET", "HEAD", "POST", "DELETE", NULL};


/* The canned verdicts, judged once: [0] the sample's (accept), [1] either_body's. */
static const tjc_verdict *canned(int which, size_t *len)
{
    static tjc_verdict verdicts[2];
    static size_t lengths[2];
    static int ready;
    if (!ready) {
        size_t sample_len;
        const char *sample = tjc_sample_body(&sample_len);
        const char *bodies[2] = {sample, either_body};
        const tjc_outcome wanted[2] = {TJC_OUTCOME_ACCEPT, TJC_OUTCOME_EITHER};
        lengths[0] = sample_len;
        lengths[1] = sizeof either_body - 1;
        for (int i = 0; i < 2; i++) {
            if (tjc_validate(tjc_fuzz_validator(), (const unsigned char *)bodies[i], lengths[i], NULL,
                             &verdicts[i]) != 0)
                tjc_fuzz_fail(TARGET, "out of memory judging the canned bodies");
            if (verdicts[i].outcome != wanted[i])
                tjc_fuzz_fail(TARGET, "canned body %d is %s, not %s", i,
                              tjc_outcome_name(verdicts[i].outcome), tjc_outcome_name(wanted[i]));
        }
        ready = 1;
    }
    *len = lengths[which];
    return &verdicts[which];
}

int tjc_fuzz_framing_ok(const uint8_t *data, size_t size)
{
    return size >= 4 && memchr(data + 4, '\0', size - 4) != NULL;
}

static int has_at(const tjc_verdict *v, const char *id, tjc_level level)
{
    return tjc_verdict_has_at(v, id, level);
}

/* A finding is expected exactly when `expected` says so. */
static void found_iff(const tjc_verdict *found, const char *id, int expected, const char *why)
{
    int has = has_at(found, id, TJC_LEVEL_MUST);
    if (has != expected)
        tjc_fuzz_fail(TARGET, "%s at MUST was %sfound, but %s", id, has ? "" : "not ", why);
}

static int same_violation(const tjc_violation *x, const tjc_violation *y)
{
    int same_pointer = (!x->pointer && !y->pointer) ||
                       (x->pointer && y->pointer && strcmp(x->pointer, y->pointer) == 0);
    return x->rule == y->rule && x->level == y->level && same_pointer &&
           strcmp(x->message, y->message) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4)
        return 0;
    tjc_transport transport = (tjc_transport)(data[0] & 3);
    const char *method = methods[(data[0] >> 2) & 7];
    int config_exists = (data[0] >> 5) & 1;
    int verdict_kind = data[0] >> 6;
    int status = data[2] << 8 | data[3];

    const uint8_t *rest = data + 4;
    size_t rest_len = size - 4;
    const uint8_t *nul = memchr(rest, '\0', rest_len);
    size_t type_len = nul ? (size_t)(nul - rest) : rest_len;
    char *content_type = NULL;
    if (type_len) {
        /* a copy of exactly its size, so that ASan sees reads past its NUL */
        if (!(content_type = malloc(type_len + 1)))
            return 0;
        memcpy(content_type, rest, type_len);
        content_type[type_len] = '\0';
    }
    const uint8_t *body = nul ? nul + 1 : rest + rest_len;
    size_t body_len = nul ? rest_len - type_len - 1 : 0;

    tjc_verdict derived;
    memset(&derived, 0, sizeof derived);
    const tjc_verdict *verdict = NULL;
    size_t judged_len = 0;
    if (verdict_kind == 1 || verdict_kind == 2) {
        verdict = canned(verdict_kind - 1, &judged_len);
    } else if (verdict_kind == 3) {
        judged_len = body_len < DERIVED_MAX ? body_len : DERIVED_MAX;
        if (tjc_validate(tjc_fuzz_validator(), body, judged_len, NULL, &derived) != 0) {
            free(content_type);
            return 0;
        }
        verdict = &derived;
    }

    tjc_request_facts request = {
        .method = method,
        .body_len = data[1] == 0     ? judged_len
                    : data[1] == 255 ? BIG_BODY
                                     : TJC_RESPONSE_JSON_LIMIT + (size_t)data[1] - 128u,
        .config_exists = config_exists,
        .verdict = verdict,
    };
    tjc_response response = {
        .transport = transport,
        .status = status,
        .content_type = content_type,
        .body = body,
        .len = body_len,
    };

    tjc_verdict found;
    memset(&found, 0, sizeof found);
    tjc_taken taken = TJC_TAKEN_NONE;
    int rc = tjc_check_response(&request, &response, &found, &taken);
    if (rc == -1)
        goto done; /* out of memory: not a finding */
    if (rc != 0)
        tjc_fuzz_fail(TARGET, "tjc_check_response returned %d, not 0 or -1", rc);

    int answered = transport == TJC_TRANSPORT_ANSWERED;
    if (taken != TJC_TAKEN_NONE && taken != TJC_TAKEN_ACCEPTED && taken != TJC_TAKEN_REFUSED)
        tjc_fuzz_fail(TARGET, "taken is %d, not a tjc_taken", (int)taken);
    if ((taken == TJC_TAKEN_NONE) == answered)
        tjc_fuzz_fail(TARGET, "transport %d but taken is %s", (int)transport,
                      taken == TJC_TAKEN_NONE ? "none" : "an answer");

    for (size_t i = 0; i < found.count; i++) {
        const tjc_violation *v = &found.items[i];
        if (!v->rule || tjc_rule_find(v->rule->id) != v->rule)
            tjc_fuzz_fail(TARGET, "finding %zu names %s, not a catalogue rule", i,
                          v->rule ? v->rule->id : "(null)");
        if (v->level > v->rule->level)
            tjc_fuzz_fail(TARGET, "%s is found at %s, above its catalogue level %s", v->rule->id,
                          tjc_level_name(v->level), tjc_level_name(v->rule->level));
        if (!v->message || !v->message[0])
            tjc_fuzz_fail(TARGET, "finding %zu (%s) has no message", i, v->rule->id);
    }

    if (transport == TJC_TRANSPORT_UNREACHABLE && found.count)
        tjc_fuzz_fail(TARGET, "an unreachable target got %zu findings (first %s)", found.count,
                      found.items[0].rule->id);
    if (transport == TJC_TRANSPORT_TIMEOUT || transport == TJC_TRANSPORT_DROPPED)
        found_iff(&found, "RESP-NO-5XX", 1, "no whole answer came");
    if (answered && status >= 500 && status <= 599 &&
        !has_at(&found, "RESP-NO-5XX", TJC_LEVEL_MUST))
        tjc_fuzz_fail(TARGET, "status %d did not yield RESP-NO-5XX at MUST", status);

    int put = answered && method && strcmp(method, "PUT") == 0;
    int accepted = taken == TJC_TAKEN_ACCEPTED;
    found_iff(&found, "PATH-UNKNOWN-CONFIG", put && !config_exists && accepted,
              "that is a PUT to a missing configuration being accepted, no more");
    int judged = put && config_exists && verdict;
    found_iff(&found, "RESP-REJECT-INVALID",
              judged && verdict->outcome == TJC_OUTCOME_REJECT && accepted,
              "that is a body whose outcome is reject being accepted, no more");
    found_iff(&found, "RESP-ACCEPT-VALID",
              judged && verdict->outcome == TJC_OUTCOME_ACCEPT && !accepted &&
                  request.body_len <= TJC_RESPONSE_JSON_LIMIT,
              "that is a body of at most 64 KiB whose outcome is accept being refused, no more");

    /* again, after an entry the checker never adds itself */
    tjc_verdict again;
    memset(&again, 0, sizeof again);
    const tjc_rule *marker = tjc_rule_find("PATH-PROJECT");
    tjc_taken taken_again = TJC_TAKEN_NONE;
    if (!marker || tjc_verdict_add(&again, marker, TJC_LEVEL_INFO, NULL, "already here") != 0 ||
        tjc_check_response(&request, &response, &again, &taken_again) != 0) {
        tjc_verdict_free(&again);
        goto done;
    }
    if (taken_again != taken || again.count != found.count + 1 ||
        again.unlisted != found.unlisted || again.items[0].rule != marker)
        tjc_fuzz_fail(TARGET,
                      "judged again after one entry: taken %d then %d, %zu findings then %zu "
                      "after the entry",
                      (int)taken, (int)taken_again, found.count, again.count - 1);
    for (size_t i = 0; i < found.count; i++)
        if (!same_violation(&found.items[i], &again.items[i + 1]))
            tjc_fuzz_fail(TARGET, "judged again: finding %zu differs (%s \"%s\" then %s \"%s\")",
                          i, found.items[i].rule->id, found.items[i].message,
                          again.items[i + 1].rule->id, again.items[i + 1].message);
    tjc_verdict_free(&again);

done:
    tjc_verdict_free(&found);
    tjc_verdict_free(&derived);
    free(content_type);
    return 0;
}
