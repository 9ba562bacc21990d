/*
 * fuzz_validate: arbitrary bytes into the validator. Beyond "no crash":
 *  - the verdict is deterministic (a second run from the bytes lists the same violations
 *    and outcome; checked on one input in eight, chosen by the input's hash);
 *  - every violation names a rule of the catalogue and a JSON Pointer that resolves in the
 *    body (NULL only for the path, which this target does not judge);
 *  - a body the validator accepts, written again by tjc_body_write (numbers keep their
 *    text), is still accepted.
 */
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "buf.h"
#include "fuzz.h"
#include "rules.h"
#include "validate.h"

static const char TARGET[] = "fuzz_validate";


int tjc_fuzz_framing_ok(const uint8_t *data, size_t size)
{
    (void)data;
    (void)size;
    return 1; /* any bytes are a request body */
}

static void same_verdicts(const tjc_verdict *a, const tjc_verdict *b, const char *what)
{
    if (a->outcome != b->outcome || a->count != b->count || a->unlisted != b->unlisted)
        tjc_fuzz_fail(TARGET, "%s: outcome %s with %zu violations, then %s with %zu", what,
                      tjc_outcome_name(a->outcome), a->count, tjc_outcome_name(b->outcome),
                      b->count);
    for (size_t i = 0; i < a->count; i++) {
        const tjc_violation *x = &a->items[i], *y = &b->items[i];
        int same_pointer = (!x->pointer && !y->pointer) ||
                           (x->pointer && y->pointer && strcmp(x->pointer, y->pointer) == 0);
        if (x->rule != y->rule || x->level != y->level || !same_pointer ||
            strcmp(x->message, y->message) != 0)
            tjc_fuzz_fail(TARGET, "%s: violation %zu differs (%s then %s)", what, i, x->rule->id,
                          y->rule->id);
    }
}

/* A cheap hash of the input, 8 bytes at a time: which inputs get the second, whole
 * judgment. */
static uint64_t hash(const uint8_t *data, size_t size)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ size;
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        uint64_t w;
        memcpy(&w, data + i, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    }
    for (; i < size; i++)
        h = (h ^ data[i]) * 0x94D049BB133111EBull;
    return h ^ (h >> 31);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* one read of the bytes serves the validator and the pointer checks */
    tjc_body body;
    if (tjc_body_parse(data, size, &body) != 0) {
        tjc_body_free(&body);
        return 0; /* out of memory: not a finding */
    }
    tjc_verdict first;
    if (tjc_validate_parsed(tjc_fuzz_validator(), &body, size, NULL, TJC_READING_BOTH, &first) != 0) {
        tjc_body_free(&body);
        return 0;
    }
    /* determinism, on one input in eight (chosen by the input, so a replay repeats it):
     * the bytes judged again from scratch give the same verdict */
    if (hash(data, size) % 8 == 0) {
        tjc_verdict second;
        if (tjc_validate(tjc_fuzz_validator(), data, size, NULL, &second) == 0) {
            same_verdicts(&first, &second, "the same bytes judged twice");
            tjc_verdict_free(&second);
        }
    }
    for (size_t i = 0; i < first.count; i++) {
        const tjc_violation *v = &first.items[i];
        size_t nrules;
        const tjc_rule *rules = tjc_rules(&nrules);
        if (v->rule < rules || v->rule >= rules + nrules)
            tjc_fuzz_fail(TARGET, "violation %zu names a rule outside the catalogue", i);
        if (!v->pointer)
            tjc_fuzz_fail(TARGET, "%s has no pointer, but no path was judged", v->rule->id);
        if (body.root ? !tjc_pointer_resolve(body.root, v->pointer) : v->pointer[0] != '\0')
            tjc_fuzz_fail(TARGET, "%s points at %s, which does not resolve in the body",
                          v->rule->id, v->pointer);
    }
    if (first.outcome == TJC_OUTCOME_ACCEPT) {
        tjc_buf again;
        tjc_buf_init(&again);
        tjc_buf_reserve(&again, size + 64); /* the text written again is about as long */
        if (tjc_body_write(&again, body.root) != 0)
            tjc_fuzz_fail(TARGET, "an accepted body cannot be written again");
        if (!again.failed) {
            tjc_verdict rewritten;
            if (tjc_validate(tjc_fuzz_validator(), (const unsigned char *)again.data, again.len, NULL,
                             &rewritten) == 0) {
                if (rewritten.outcome != TJC_OUTCOME_ACCEPT)
                    tjc_fuzz_fail(TARGET,
                                  "an accepted body, written again, is %s (first violation: "
                                  "%s %s)",
                                  tjc_outcome_name(rewritten.outcome),
                                  rewritten.count ? rewritten.items[0].rule->id : "-",
                                  rewritten.count ? rewritten.items[0].message : "");
                tjc_verdict_free(&rewritten);
            }
        }
        tjc_buf_free(&again);
    }
    tjc_body_free(&body);
    tjc_verdict_free(&first);
    return 0;
}
