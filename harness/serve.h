/*
 * serve: the reference server, the embedded default target of tjc conform and tjc fuzz.
 *
 * Two layers. The service answers one request (method, raw path, body bytes) by asking
 * the validator: it refuses every body that breaks a MUST or a SHOULD rule and accepts
 * every other one (spec/rules.md, "The reference server's choices"), reading duplicate
 * members as the last copy. It has no rules of its own. The server carries requests to
 * the service over HTTP/1.1 with libmicrohttpd.
 *
 * Seeded faults make the service break one rule on purpose, so that the harness can prove
 * it catches each kind of bug (tjc serve --list-faults).
 */
#ifndef TJC_SERVE_H
#define TJC_SERVE_H

#include <stddef.h>
#include <stdint.h>

#include "rules.h"

typedef enum tjc_fault {
    TJC_FAULT_ACCEPT_LONG_DESC,      /* DESC-LEN: accepts config_desc over 256 code points */
    TJC_FAULT_DESC_BYTES,            /* RESP-ACCEPT-VALID: counts config_desc in bytes */
    TJC_FAULT_ACCEPT_STRING_NUMBER,  /* WORKERS-TYPE: accepts "1" for worker_server_num */
    TJC_FAULT_ACCEPT_FRACTION,       /* INT-FRACTION: accepts 1.5 workers */
    TJC_FAULT_ACCEPT_MISSING_SPEC,   /* SPEC-REQ */
    TJC_FAULT_ACCEPT_TWO_DATA,       /* DATA-ONE: accepts two data inputs at once */
    TJC_FAULT_ACCEPT_SOURCE_MIX,     /* SOURCE-NO-MIX */
    TJC_FAULT_ACCEPT_TRAILING,       /* BODY-JSON: ignores bytes after the JSON text */
    TJC_FAULT_CREATE_UNKNOWN,        /* PATH-UNKNOWN-CONFIG: PUT creates unknown configs */
    TJC_FAULT_REJECT_NUMBER_VALUE,   /* SAMPLE-ACCEPTED: refuses numeric parameter values */
    TJC_FAULT_REJECT_KEY,            /* RESP-ACCEPT-VALID: refuses a parameter item's key */
    TJC_FAULT_ACCEPT_ZERO_WORKERS,   /* WORKERS-MIN (SHOULD) */
    TJC_FAULT_ACCEPT_BOOT_OUTSIDE,   /* BOOT-IN-APP (SHOULD) */
    TJC_FAULT_SUCCESS_ERROR_FIELDS,  /* RESP-SUCCESS-CLEAN: success carries error_code */
    TJC_FAULT_FAILURE_NO_MESSAGE,    /* RESP-FAILURE-FIELDS: failure lacks error_message */
    TJC_FAULT_FAILURE_ERROR_MSG,     /* RESP-FAILURE-FIELDS (SHOULD): error_msg, not error_message */
    TJC_FAULT_IS_SUCCESS_STRING,     /* RESP-IS-SUCCESS: "is_success": "true" */
    TJC_FAULT_SUCCESS_ON_400,        /* RESP-STATUS-CONSISTENT: success with status 400 */
    TJC_FAULT_FAILURE_ON_200,        /* RESP-STATUS-FAILURE (SHOULD): failure with status 200 */
    TJC_FAULT_CREATED_201,           /* RESP-STATUS-SUCCESS (SHOULD): success with 201 */
    TJC_FAULT_TEXT_CONTENT_TYPE,     /* RESP-CONTENT-TYPE (SHOULD): text/plain */
    TJC_FAULT_ERROR_CODE_SHAPE,      /* RESP-ERROR-CODE-FORMAT (SHOULD): "ERR_BAD_REQUEST" */
    TJC_FAULT_TEXT_ERRORS,           /* RESP-JSON: failures answered in plain text */
    TJC_FAULT_500_DEEP,              /* ROBUST-DEPTH: 500 for bodies nested over 1000 levels */
    TJC_FAULT_DROP_NUL,              /* ROBUST-STRINGS: drops the connection on U+0000 */
    TJC_FAULT_HANG_LARGE,            /* ROBUST-SIZE: never answers bodies over 1 MiB */
    TJC_FAULT_STUCK_AFTER_BAD,       /* ROBUST-ALIVE: after a malformed body, 503 for good */
    TJC_FAULT_NOT_IDEMPOTENT,        /* PUT-IDEMPOTENT (SHOULD): the same PUT twice gets 409 */
    TJC_FAULT_COUNT
} tjc_fault;

typedef struct tjc_fault_info {
    tjc_fault fault;
    const char *name;      /* for --fault */
    const char *rule;      /* the rule id it breaks */
    tjc_level level;       /* that rule's level, as the fault breaks it */
    const char *what;      /* one line */
} tjc_fault_info;

const tjc_fault_info *tjc_faults(size_t *count);
/* The fault named so, or NULL. */
const tjc_fault_info *tjc_fault_find(const char *name);

/* ---- the service ---- */

typedef struct tjc_service tjc_service;

typedef struct tjc_service_options {
    const char *const *configs;   /* configuration names that exist; NULL: {"config"} */
    size_t config_count;
    size_t body_limit;            /* larger bodies get 413; 0: 8 MiB */
    uint64_t faults;              /* bit (1 << tjc_fault) per fault */
} tjc_service_options;

#define TJC_SERVE_BODY_LIMIT (8u << 20)

typedef struct tjc_answer {
    int status;                   /* HTTP status */
    const char *content_type;     /* static text */
    char *body;                   /* owned; NULL with len 0 for no body */
    size_t len;
    int drop;                     /* close the connection without an answer */
    int hang;                     /* never answer */
    const char *allow;            /* an Allow header, or NULL */
} tjc_answer;

/* Returns 0, or -1 with a one-line reason in err (an impossible config name, memory). */
int tjc_service_new(const tjc_service_options *options, tjc_service **out, char *err,
                    size_t err_len);
void tjc_service_free(tjc_service *s);

/* Answers one request. `path` is the request target's path as sent (percent-encoded);
 * `too_large` says the body passed the limit and was not kept. Thread-safe. Returns 0 or
 * -1 when memory ran out. Release the answer with tjc_answer_free(). */
int tjc_service_handle(tjc_service *s, const char *method, const char *path,
                       const unsigned char *body, size_t len, int too_large, tjc_answer *out);
void tjc_answer_free(tjc_answer *a);

/* The stored body of a configuration (a copy, NUL-terminated), or NULL. */
char *tjc_service_stored(tjc_service *s, const char *config_name);
size_t tjc_service_body_limit(const tjc_service *s);

/* ---- the HTTP server ---- */

typedef struct tjc_server tjc_server;

typedef struct tjc_server_options {
    const char *bind;             /* IPv4 or IPv6 literal; NULL: 127.0.0.1 */
    unsigned port;                /* 0: a free one */
    unsigned timeout_s;           /* idle connection timeout; 0: 30 s */
    unsigned hang_s;              /* how long the hang fault holds a request; 0: 60 s */
} tjc_server_options;

/* Starts serving `service` (not owned; it must outlive the server). Returns 0, or -1 with
 * a one-line reason in err. */
int tjc_server_start(tjc_service *service, const tjc_server_options *options,
                     tjc_server **out, char *err, size_t err_len);
unsigned tjc_server_port(const tjc_server *s);
/* Stops accepting, ends held requests, waits for connections, frees. */
void tjc_server_stop(tjc_server *s);

#endif
