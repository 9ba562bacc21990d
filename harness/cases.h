/*
 * cases: the conformance case files (conformance/README.md has the format) and the
 * request each one makes.
 *
 * A case is data: an id, the rule ids it exercises, a title, and a request (method, path
 * template, headers, body). A body is JSON written in the file, raw text or hex bytes,
 * the base body as it stands, or the base body changed by a few operations, optionally
 * with a generated value (too big or too deep to store) put at one place. The expected
 * outcome is never stored as truth: the runner asks the validator about the bytes built.
 */
#ifndef TJC_CASES_H
#define TJC_CASES_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "validate.h"

#define TJC_DEFAULT_PATH "/v1/{project_id}/training-job-configs/{config_name}"

typedef struct tjc_case {
    char *id;
    char *title;
    char **rules;           /* rule ids it exercises (each in the catalogue) */
    size_t rule_count;
    char *method;           /* "PUT" unless the file says otherwise */
    char *path;             /* template: {project_id} and {config_name} are filled in */
    char *config_name;      /* a literal config name (percent-encoded as one segment), or
                               NULL for the run's own */
    int config_exists;      /* whether that config exists on the target */
    char **headers;         /* "Name: value" */
    size_t header_count;
    cJSON *body;            /* the body spec, as in the file (owned), or NULL: no body */
    int expect;             /* the outcome the author wrote it for, or -1 */
    int alive_check;        /* after it, the sample must still be accepted (ROBUST-ALIVE) */
    int twice;              /* sent twice; the answers must agree (PUT-IDEMPOTENT) */
    char *source;           /* the file it came from */
} tjc_case;

typedef struct tjc_catalogue {
    tjc_case *cases;
    size_t count;
} tjc_catalogue;

/* Parses one case file. Returns 0, or -1 with a one-line reason (naming `source`) in err. */
int tjc_case_parse(const unsigned char *bytes, size_t len, const char *source, tjc_case *out,
                   char *err, size_t err_len);
void tjc_case_free(tjc_case *c);

/* Loads every *.json below `dir` (README and other files are skipped), sorted by id;
 * duplicate ids are an error. */
int tjc_catalogue_load(const char *dir, tjc_catalogue *out, char *err, size_t err_len);
void tjc_catalogue_free(tjc_catalogue *cat);

/* The body bytes the case sends, built on `base` (the base body's bytes). *out is NULL
 * with *len 0 for a case without a body. Returns 0, or -1 with a reason in err. */
int tjc_case_body(const tjc_case *c, const unsigned char *base, size_t base_len,
                  unsigned char **out, size_t *len, char *err, size_t err_len);

/* The request target: the template with {project_id} and {config_name} filled in, the
 * config name percent-encoded as one path segment (RFC 3986). Owned by the caller. */
char *tjc_case_target(const tjc_case *c, const char *project_id, const char *config_name);

/* Percent-encodes `s` as one path segment: everything but unreserved characters. */
char *tjc_percent_encode_segment(const char *s);

#endif
