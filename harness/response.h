/*
 * response: judges one answer of a server against the response rules of spec/rules.md
 * (RESP-*, PATH-UNKNOWN-CONFIG) and the outcome the validator gave the request.
 *
 * It never trusts the answer: any status, any header value, any body bytes (hostile
 * servers must not crash the harness). The envelope rules hold at MUST where RESP-JSON
 * holds (a PUT whose body is at most 64 KiB) and at SHOULD for other answers.
 */
#ifndef TJC_RESPONSE_H
#define TJC_RESPONSE_H

#include <stddef.h>

#include "validate.h"

/* What happened on the wire. */
typedef enum tjc_transport {
    TJC_TRANSPORT_ANSWERED = 0,  /* a whole HTTP answer came */
    TJC_TRANSPORT_TIMEOUT,       /* no answer within the time limit (E13) */
    TJC_TRANSPORT_DROPPED,       /* reset, closed, or an answer cut short */
    TJC_TRANSPORT_UNREACHABLE,   /* the request never reached the target (refused, DNS, TLS) */
} tjc_transport;

typedef struct tjc_response {
    tjc_transport transport;
    int status;                  /* HTTP status, when answered */
    const char *content_type;    /* the Content-Type header's value, or NULL */
    const unsigned char *body;
    size_t len;
    int truncated;               /* the body was longer than the harness keeps: only what
                                    was kept is here, so it is not judged as JSON */
} tjc_response;

/* The request the answer is to. */
typedef struct tjc_request_facts {
    const char *method;          /* "PUT", "GET", "HEAD", ... */
    size_t body_len;             /* bytes of the request body sent */
    int config_exists;           /* the path names a configuration that exists on the target */
    const tjc_verdict *verdict;  /* the validator's verdict on the body sent (PUT), or NULL */
} tjc_request_facts;

/* How the server took the request. */
typedef enum tjc_taken {
    TJC_TAKEN_NONE = 0,          /* no answer */
    TJC_TAKEN_ACCEPTED,          /* is_success true (or, without a usable envelope, a 2xx) */
    TJC_TAKEN_REFUSED,
} tjc_taken;

#define TJC_RESPONSE_JSON_LIMIT (64u * 1024u) /* RESP-JSON holds up to this request size */

/* Adds every response rule the answer breaks to `out` (which may already hold entries;
 * tjc_verdict zeroed first for a fresh one) and says how the server took the request.
 * Returns 0, or -1 when memory ran out. */
int tjc_check_response(const tjc_request_facts *request, const tjc_response *response,
                       tjc_verdict *out, tjc_taken *taken);

/* Whether a Content-Type value is application/json (parameters allowed). */
int tjc_is_json_media_type(const char *content_type);

#endif
