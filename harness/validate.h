/*
 * validate: what a server must answer to these exact bytes.
 *
 * The only place in tjc that knows the rules of spec/rules.md for request bodies and
 * paths. Input: body bytes (and the config name). Output: every violation (rule, level,
 * RFC 6901 pointer, message) and the outcome that follows from them:
 *   reject  a MUST rule is broken;
 *   either  no MUST rule broken, but a SHOULD rule is or an open INFO case is shown;
 *   accept  nothing broken and no open INFO case.
 * Readings the page leaves open are judged the way rules.md says:
 *  - null for an optional member is read as absent (NULL-OPTIONAL, errata E11);
 *  - duplicate members are judged twice, keeping the first and keeping the last copy;
 *    a violation that only one reading shows keeps its level when the other reading
 *    breaks a rule of that level too (every server must then answer alike), and is
 *    lowered to INFO otherwise (a server may have read the body the other way);
 *  - catalogue values (ids, datasets, OBS paths, image URLs) are compared with the
 *    base body's, the published sample unless the user gives one (errata E12).
 */
#ifndef TJC_VALIDATE_H
#define TJC_VALIDATE_H

#include <stdarg.h>
#include <stddef.h>

#include "rules.h"

typedef enum tjc_outcome {
    TJC_OUTCOME_ACCEPT = 0,
    TJC_OUTCOME_EITHER = 1,
    TJC_OUTCOME_REJECT = 2,
} tjc_outcome;

typedef struct tjc_violation {
    const tjc_rule *rule;
    tjc_level level;   /* the rule's level, or lower where rules.md lowers it */
    char *pointer;     /* RFC 6901 into the body ("" for the whole body), or NULL for the
                          request's path and for answers' status and transport */
    char *message;     /* both held by the verdict: tjc_verdict_free releases them */
} tjc_violation;

/* At most this many violations of one rule at one level are listed; the rest are counted. */
#define TJC_VIOLATIONS_PER_RULE 16

typedef struct tjc_verdict {
    tjc_violation *items;
    size_t count;
    size_t cap;
    size_t unlisted;   /* violations past TJC_VIOLATIONS_PER_RULE, counted only */
    tjc_outcome outcome;
    unsigned short per_rule[TJC_RULES_MAX * 3]; /* internal: listed per rule and level */
    struct tjc_arena *texts; /* internal: the violations' pointers and messages (arena.h) */
} tjc_verdict;

typedef struct tjc_validator tjc_validator;

/* Makes a validator whose base body is `base` (NULL: the published sample). Returns 0,
 * or -1 with a one-line reason in `err` when the base body is not a JSON object. */
int tjc_validator_new(const unsigned char *base, size_t base_len, tjc_validator **out,
                      char *err, size_t err_len);
void tjc_validator_free(tjc_validator *v);

/* Judges body bytes. `config_name` may be NULL (path not judged). Returns 0, or -1 when
 * memory ran out. Release `out` with tjc_verdict_free(). A validator is read-only while
 * it validates: threads may share one. */
int tjc_validate(const tjc_validator *v, const unsigned char *body, size_t len,
                 const char *config_name, tjc_verdict *out);

/* How duplicate members are read: both ways (tjc_validate's reading, for judging a
 * server), or as one server would (the reference server keeps the last copy). */
typedef enum tjc_reading {
    TJC_READING_BOTH = 0,
    TJC_READING_FIRST,
    TJC_READING_LAST,
} tjc_reading;

/* tjc_validate with a chosen reading of duplicate members. */
int tjc_validate_as(const tjc_validator *v, const unsigned char *body, size_t len,
                    const char *config_name, tjc_reading reading, tjc_verdict *out);

/* The same on a body already read with tjc_body_parse from `len` bytes (one read serves
 * the caller and the validator). */
struct tjc_body;
int tjc_validate_parsed(const tjc_validator *v, const struct tjc_body *body, size_t len,
                        const char *config_name, tjc_reading reading, tjc_verdict *out);

/* Whether a configuration could have this name (the create page: 1 to 64 letters,
 * digits, _ and -). PATH-UNKNOWN-CONFIG when not. */
int tjc_config_name_possible(const char *name);

void tjc_verdict_free(tjc_verdict *verdict);

/* Appends one violation (for the modules that judge other things than bodies, such as
 * response.c), keeping TJC_VIOLATIONS_PER_RULE. The outcome is left as it is. `pointer`
 * may be NULL. Returns 0, or -1 when memory ran out. */
int tjc_verdict_add(tjc_verdict *verdict, const tjc_rule *rule, tjc_level level,
                    const char *pointer, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
int tjc_verdict_vadd(tjc_verdict *verdict, const tjc_rule *rule, tjc_level level,
                     const char *pointer, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));

/* Whether the verdict lists a violation of `rule_id` (at any level). */
int tjc_verdict_has(const tjc_verdict *verdict, const char *rule_id);
/* Whether it lists one at exactly this level. */
int tjc_verdict_has_at(const tjc_verdict *verdict, const char *rule_id, tjc_level level);

/* "accept", "either", "reject" */
const char *tjc_outcome_name(tjc_outcome outcome);

#endif
