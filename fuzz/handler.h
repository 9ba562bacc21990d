/*
 * The server handler that fuzz_serve drives in process: one request in, one answer out,
 * no sockets. fuzz_serve links exactly one file that defines tjc_fuzz_handle():
 * fuzz/handler_reference.c (tjc's reference server, the default), or a team's own file
 * chosen at configure time with -DTJC_FUZZ_HANDLER=path/to/their_handler.c, so that the
 * team's C server is fuzzed with tjc's oracle (fuzz/README.md, "Fuzzing your own server").
 *
 * The contract:
 *  - The handler answers PUT /v1/p/training-job-configs/config as its server would, and
 *    the configuration "config" exists from the first call on (set it up lazily, on that
 *    first call: libFuzzer has no other hook a plain C file can count on).
 *  - It is deterministic: the same request gets the same answer, whatever came before.
 *  - `out` arrives zeroed. The handler fills it; what the fields point at stays valid until
 *    the target calls out->release (when set), or until the next call when release is NULL.
 */
#ifndef TJC_FUZZ_HANDLER_H
#define TJC_FUZZ_HANDLER_H

#include <stddef.h>
#include <stdint.h>

typedef struct tjc_fuzz_answer {
    int status;                /* HTTP status of the answer */
    const char *content_type;  /* the Content-Type value, or NULL for none */
    const unsigned char *body; /* the answer's body; NULL with len 0 for none */
    size_t len;
    int dropped;               /* the server would close the connection without an answer */
    int hung;                  /* the server would never answer */
    /* Called once by the target when it is done with the answer (may be NULL). */
    void (*release)(struct tjc_fuzz_answer *answer);
    void *owner;               /* the handler's own, for release */
} tjc_fuzz_answer;

/* Answers one request. `path` is the request target as sent (percent-encoded). Returns 0
 * with `out` filled, or -1 when the handler could not run at all (out of memory): the
 * input is then skipped, not reported. A server that crashes crashes the fuzzer, which
 * reports it with the input. */
int tjc_fuzz_handle(const char *method, const char *path, const uint8_t *body, size_t len,
                    tjc_fuzz_answer *out);

#endif
