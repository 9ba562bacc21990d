/*
 * runner: sends the conformance cases to a target with libcurl (multi interface: several
 * cases in flight, connections reused), judges every answer with response.c against the
 * validator's verdict on the bytes actually sent, and grades each case.
 *
 * Verdicts: pass; fail (a MUST rule broken); warn (a SHOULD rule broken); info (an INFO
 * rule observed, with what the server did); error (the request never reached the target).
 */
#ifndef TJC_RUNNER_H
#define TJC_RUNNER_H

#include <stddef.h>

#include "buf.h"
#include "cases.h"
#include "response.h"
#include "validate.h"

typedef enum tjc_grade {
    TJC_GRADE_PASS = 0,
    TJC_GRADE_INFO,
    TJC_GRADE_WARN,
    TJC_GRADE_FAIL,
    TJC_GRADE_ERROR,
    TJC_GRADE_COUNT
} tjc_grade;

typedef struct tjc_run_options {
    const char *target;          /* base URL ("https://endpoint"); required */
    const char *project_id;      /* default "0123456789abcdef0123456789abcdef" */
    const char *config_name;     /* default "config" */
    const char *const *headers;  /* user headers "Name: value" */
    size_t header_count;
    const char *auth_token;      /* sent as X-Auth-Token; never written anywhere */
    long timeout_ms;             /* per request; default 10000 (E13) */
    int jobs;                    /* requests in flight; default 4 */
    const char *cacert;
    int insecure;
    const unsigned char *base;   /* base body bytes; NULL: the published sample */
    size_t base_len;
    size_t response_cap;         /* bytes of an answer kept; default 1 MiB */
    int progress;                /* a progress line on stderr */
    const char *body_dir;        /* where bodies too long or not text for a curl line are
                                    kept for the reproduce command (cases not passing) */
    const char *replay_args;     /* what follows "tjc replay ID" to run a case again the same
                                    way (the target or the embedded server's faults) */
} tjc_run_options;

/* One request and what came back. Secrets are already redacted in `headers`. */
typedef struct tjc_exchange {
    char *method;
    char *url;
    char **headers;              /* "Name: value" as sent (secret values replaced) */
    size_t header_count;
    unsigned char *body;
    size_t body_len;
    tjc_transport transport;
    char *transport_error;       /* curl's words, when not answered */
    int status;
    char *content_type;
    unsigned char *response;
    size_t response_len;
    int response_truncated;      /* the answer was longer than response_cap */
    double ms;
} tjc_exchange;

typedef struct tjc_result {
    const tjc_case *c;
    tjc_grade grade;
    tjc_verdict request;         /* the validator on the bytes sent (PUT with a body) */
    int judged;                  /* request holds a verdict */
    tjc_verdict findings;        /* what the answers broke or showed */
    tjc_taken taken;
    tjc_exchange sent;           /* the case's request */
    tjc_exchange again;          /* the repeat (twice) */
    tjc_exchange alive;          /* the sample after it (alive_check) */
    int has_again, has_alive;
    char *why;                   /* one line */
    char *reproduce;             /* one shell command: curl */
    char *replay;                /* one shell command: tjc replay */
    char **broken;               /* rule ids the answer shows broken (fail/warn) */
    size_t broken_count;
} tjc_result;

typedef struct tjc_run {
    tjc_result *results;
    size_t count;
    size_t counts[TJC_GRADE_COUNT];
    char *target;
    char started[32];            /* ISO 8601, UTC */
    double duration_ms;
    size_t requests;
} tjc_run;

/* Runs `cases` (all of them: filter before). Returns 0, or -1 with a reason in err
 * (bad options, out of memory). Unreachable targets give error grades, not -1. */
int tjc_run_cases(const tjc_case *cases, size_t count, const tjc_run_options *options,
                  tjc_run *out, char *err, size_t err_len);
void tjc_run_free(tjc_run *run);

const char *tjc_grade_name(tjc_grade g);

/* Appends n bytes as one single-quoted shell word (a ' becomes '\''). */
void tjc_shell_quote(tjc_buf *b, const char *s, size_t n);

/* Whether a header name carries a secret (Authorization, X-Auth-Token, Cookie, ...). */
int tjc_header_is_secret(const char *name, size_t len);

#endif
