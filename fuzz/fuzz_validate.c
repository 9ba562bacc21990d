/*
 * fuzz_validate: arbitrary bytes into the validator. Beyond "no crash":
 *  - the verdict is deterministic (a second run lists the same violations, same outcome);
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

static tjc_validator *validator(void)
{
    static tjc_validator *v;
    if (!v) {
        char err[256];
        if (tjc_validator_new(NULL, 0, &v, err, sizeof err) != 0)
            tjc_fuzz_fail(TARGET, "cannot make the validator: %s", err);
    }
    return v;
}

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tjc_verdict first, second;
    if (tjc_validate(validator(), data, size, NULL, &first) != 0)
        return 0; /* out of memory: not a finding */
    if (tjc_validate(validator(), data, size, NULL, &second) != 0) {
        tjc_verdict_free(&first);
        return 0;
    }
    same_verdicts(&first, &second, "the same bytes judged twice");
    tjc_verdict_free(&second);

    tjc_body body;
    if (tjc_body_parse(data, size, &body) != 0) {
        tjc_verdict_free(&first);
        return 0;
    }
    for (size_t i = 0; i < first.count; i++) {
        const tjc_violation *v = &first.items[i];
        if (tjc_rule_find(v->rule->id) != v->rule)
            tjc_fuzz_fail(TARGET, "violation %zu names %s, not a catalogue rule", i, v->rule->id);
        if (!v->pointer)
            tjc_fuzz_fail(TARGET, "%s has no pointer, but no path was judged", v->rule->id);
        if (body.root ? !tjc_pointer_resolve(body.root, v->pointer) : v->pointer[0] != '\0')
            tjc_fuzz_fail(TARGET, "%s points at %s, which does not resolve in the body",
                          v->rule->id, v->pointer);
    }
    if (first.outcome == TJC_OUTCOME_ACCEPT) {
        tjc_buf again;
        tjc_buf_init(&again);
        if (tjc_body_write(&again, body.root) != 0)
            tjc_fuzz_fail(TARGET, "an accepted body cannot be written again");
        if (!again.failed) {
            tjc_verdict rewritten;
            if (tjc_validate(validator(), (const unsigned char *)again.data, again.len, NULL,
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
