/*
 * rules: the catalogue of spec/rules.md as data.
 *
 * Every rule id of rules.md exists here once: its level, the one-line requirement,
 * the words of the page it rests on, and where it is judged. Nothing here decides
 * anything; validate.c (bodies and paths) and, later, response.c (answers) apply
 * these rules and cite them by pointer.
 */
#ifndef TJC_RULES_H
#define TJC_RULES_H

#include <stddef.h>

typedef enum tjc_level {
    TJC_LEVEL_INFO = 0,
    TJC_LEVEL_SHOULD = 1,
    TJC_LEVEL_MUST = 2,
} tjc_level;

/* What an INFO observation does to a body's outcome (rules.md, "Levels"). */
typedef enum tjc_info_kind {
    TJC_INFO_NONE = 0,      /* not an INFO rule */
    TJC_INFO_OPEN,          /* a server may accept or refuse: outcome at least "either" */
    TJC_INFO_TOLERATED,     /* the published sample does it: must be accepted */
    TJC_INFO_RECORDED,      /* recorded about the server only (PATH-PROJECT) */
} tjc_info_kind;

/* Which part of tjc judges the rule. */
typedef enum tjc_rule_scope {
    TJC_SCOPE_BODY,         /* the validator, on request body bytes */
    TJC_SCOPE_PATH,         /* the validator, on the path's config name / project id */
    TJC_SCOPE_RESPONSE,     /* the response checker, on one answer */
    TJC_SCOPE_ROBUST,       /* the runner, across requests */
} tjc_rule_scope;

typedef struct tjc_rule {
    const char *id;
    tjc_level level;
    tjc_info_kind info;
    tjc_rule_scope scope;
    const char *section;      /* the rules.md table it is listed in */
    const char *requirement;  /* one line */
    const char *rests_on;     /* the page's (or RFC's) words */
} tjc_rule;

/* The catalogue holds at most this many rules (a test checks it). */
#define TJC_RULES_MAX 96

/* The whole catalogue, in rules.md order. */
const tjc_rule *tjc_rules(size_t *count);

/* The rule with this id, or NULL. */
const tjc_rule *tjc_rule_find(const char *id);

/* "MUST", "SHOULD", "INFO" */
const char *tjc_level_name(tjc_level level);
/* "open", "tolerated", "recorded" or "" */
const char *tjc_info_kind_name(tjc_info_kind kind);
/* "body", "path", "response", "robustness" */
const char *tjc_scope_name(tjc_rule_scope scope);

#endif
