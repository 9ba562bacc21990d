/*
 * rules: the catalogue against the standard it is the data of, spec/rules.md. Every id of
 * the markdown tables (rows `| ID | LEVEL | ...`) is in the catalogue once, with the same
 * level, in the same order and under the same section; and nothing else is.
 */
#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

#define RULES_MD TJC_SOURCE_DIR "/../shared/spec/rules.md"
#define MAX_MD_RULES 256

typedef struct md_rule {
    char id[64];
    char level[16];
    char section[128]; /* the "## " heading above the table */
    char text[1024];   /* the third cell: the rule's words */
} md_rule;

typedef struct md {
    md_rule rules[MAX_MD_RULES];
    size_t count;
} md;

static md the_md;

/* Copies cell `s` (up to the next '|') trimmed into out; returns the '|' or NULL. */
static const char *cell(const char *s, char *out, size_t cap)
{
    const char *end = strchr(s, '|');
    if (!end)
        return NULL;
    const char *a = s, *b = end;
    while (a < b && (*a == ' ' || *a == '\t'))
        a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
        b--;
    size_t n = (size_t)(b - a) < cap - 1 ? (size_t)(b - a) : cap - 1;
    memcpy(out, a, n);
    out[n] = '\0';
    return end;
}

/* Copies s into out, cut to cap - 1 bytes. */
static void copy_cut(char *out, size_t cap, const char *s)
{
    size_t n = strlen(s);
    if (n > cap - 1)
        n = cap - 1;
    memcpy(out, s, n);
    out[n] = '\0';
}

static int is_id(const char *s)
{
    if (!(*s >= 'A' && *s <= 'Z'))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return 0;
    return 1;
}

static int is_level(const char *s)
{
    return strcmp(s, "MUST") == 0 || strcmp(s, "SHOULD") == 0 || strcmp(s, "INFO") == 0;
}

/* Reads rules.md into the_md, or skips the test when it cannot be read. */
static const md *load_md(void)
{
    FILE *f = fopen(RULES_MD, "r");
    if (!f)
        cr_skip_test("the standard %s cannot be read (%s): nothing to compare the catalogue "
                     "with", RULES_MD, strerror(errno));
    memset(&the_md, 0, sizeof the_md);
    char line[4096], section[128] = "";
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "## ", 3) == 0) {
            copy_cut(section, sizeof section, line + 3);
            section[strcspn(section, "\r\n")] = '\0';
            continue;
        }
        if (line[0] != '|')
            continue;
        md_rule r;
        memset(&r, 0, sizeof r);
        const char *p = cell(line + 1, r.id, sizeof r.id);
        if (!p || !(p = cell(p + 1, r.level, sizeof r.level)))
            continue;
        if (!is_id(r.id) || !is_level(r.level))
            continue;
        cell(p + 1, r.text, sizeof r.text);
        copy_cut(r.section, sizeof r.section, section);
        cr_assert_lt(the_md.count, MAX_MD_RULES, "%s has more than %d rules", RULES_MD,
                     MAX_MD_RULES);
        the_md.rules[the_md.count++] = r;
    }
    fclose(f);
    cr_assert_gt(the_md.count, 0, "%s: no rule rows (`| ID | LEVEL |`) found", RULES_MD);
    return &the_md;
}

static size_t catalogue_count(const char *id)
{
    size_t n, k = 0;
    const tjc_rule *rules = tjc_rules(&n);
    for (size_t i = 0; i < n; i++)
        k += strcmp(rules[i].id, id) == 0;
    return k;
}

static const md_rule *md_find(const md *m, const char *id)
{
    for (size_t i = 0; i < m->count; i++)
        if (strcmp(m->rules[i].id, id) == 0)
            return &m->rules[i];
    return NULL;
}

/* ---- the catalogue against rules.md ---- */

Test(rules, holds_every_rule_of_rules_md_exactly_once)
{
    const md *m = load_md();
    for (size_t i = 0; i < m->count; i++) {
        size_t k = catalogue_count(m->rules[i].id);
        cr_expect_eq(k, 1, "%s (rules.md, %s): expected once in the catalogue, found %zu times",
                     m->rules[i].id, m->rules[i].section, k);
    }
}

Test(rules, holds_no_rule_that_rules_md_lacks)
{
    const md *m = load_md();
    size_t n;
    const tjc_rule *rules = tjc_rules(&n);
    for (size_t i = 0; i < n; i++)
        cr_expect(md_find(m, rules[i].id) != NULL,
                  "catalogue rule %s: expected in a table of rules.md, not found", rules[i].id);
    cr_expect_eq(n, m->count, "expected as many rules as rules.md lists (%zu), got %zu", m->count,
                 n);
}

Test(rules, names_each_id_once_in_rules_md)
{
    const md *m = load_md();
    for (size_t i = 0; i < m->count; i++)
        for (size_t j = i + 1; j < m->count; j++)
            cr_expect(strcmp(m->rules[i].id, m->rules[j].id) != 0,
                      "rules.md lists %s twice (in %s and %s)", m->rules[i].id,
                      m->rules[i].section, m->rules[j].section);
}

Test(rules, gives_each_rule_the_level_rules_md_gives_it)
{
    const md *m = load_md();
    for (size_t i = 0; i < m->count; i++) {
        const tjc_rule *r = tjc_rule_find(m->rules[i].id);
        if (!r)
            continue; /* holds_every_rule_of_rules_md_exactly_once reports it */
        cr_expect_str_eq(tjc_level_name(r->level), m->rules[i].level,
                         "%s: rules.md says %s, the catalogue says %s", r->id, m->rules[i].level,
                         tjc_level_name(r->level));
    }
}

Test(rules, lists_the_rules_in_rules_md_order)
{
    const md *m = load_md();
    size_t n;
    const tjc_rule *rules = tjc_rules(&n);
    for (size_t i = 0; i < n && i < m->count; i++)
        cr_expect_str_eq(rules[i].id, m->rules[i].id,
                         "position %zu: rules.md has %s, the catalogue has %s", i, m->rules[i].id,
                         rules[i].id);
}

Test(rules, files_each_rule_under_its_rules_md_section_and_scope)
{
    static const struct {
        const char *section;
        tjc_rule_scope scope;
    } sections[] = {{"Request body", TJC_SCOPE_BODY},
                    {"Path", TJC_SCOPE_PATH},
                    {"Response", TJC_SCOPE_RESPONSE},
                    {"Robustness", TJC_SCOPE_ROBUST}};
    const md *m = load_md();
    for (size_t i = 0; i < m->count; i++) {
        const tjc_rule *r = tjc_rule_find(m->rules[i].id);
        if (!r)
            continue;
        cr_expect(r->section && strncmp(m->rules[i].section, r->section, strlen(r->section)) == 0,
                  "%s: rules.md lists it under \"%s\", the catalogue says \"%s\"", r->id,
                  m->rules[i].section, r->section ? r->section : "(null)");
        for (size_t s = 0; s < sizeof sections / sizeof sections[0]; s++)
            if (strncmp(m->rules[i].section, sections[s].section, strlen(sections[s].section)) == 0)
                cr_expect_eq(r->scope, sections[s].scope,
                             "%s: listed under \"%s\", expected scope %s, got %s", r->id,
                             m->rules[i].section, tjc_scope_name(sections[s].scope),
                             tjc_scope_name(r->scope));
    }
}

Test(rules, gives_each_info_rule_the_kind_rules_md_states)
{
    /* rules.md, "Levels": an INFO case is open unless the rule says tolerated; PATH-PROJECT
     * is "recorded only" */
    const md *m = load_md();
    for (size_t i = 0; i < m->count; i++) {
        const md_rule *x = &m->rules[i];
        if (strcmp(x->level, "INFO") != 0)
            continue;
        const tjc_rule *r = tjc_rule_find(x->id);
        if (!r)
            continue;
        tjc_info_kind want = strstr(x->text, "tolerated") ? TJC_INFO_TOLERATED
                             : strstr(x->text, "recorded") ? TJC_INFO_RECORDED
                                                           : TJC_INFO_OPEN;
        cr_expect_eq(r->info, want, "%s (\"%.60s...\"): expected info kind %s, got %s", x->id,
                     x->text, tjc_info_kind_name(want), tjc_info_kind_name(r->info));
    }
}

/* ---- the catalogue on its own ---- */

Test(rules, has_unique_ids)
{
    size_t n;
    const tjc_rule *rules = tjc_rules(&n);
    cr_assert_gt(n, 0, "expected a non-empty catalogue");
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            cr_expect(strcmp(rules[i].id, rules[j].id) != 0,
                      "rule id %s appears at positions %zu and %zu", rules[i].id, i, j);
}

Test(rules, holds_no_more_rules_than_tjc_rules_max)
{
    size_t n;
    tjc_rules(&n);
    cr_expect_leq(n, TJC_RULES_MAX, "expected at most TJC_RULES_MAX (%d) rules, got %zu",
                  TJC_RULES_MAX, n);
}

Test(rules, returns_the_same_catalogue_with_or_without_a_count)
{
    size_t n = 0;
    const tjc_rule *a = tjc_rules(&n);
    const tjc_rule *b = tjc_rules(NULL);
    cr_expect(a == b && a != NULL, "tjc_rules(&n) and tjc_rules(NULL): expected the same array");
}

Test(rules, finds_every_rule_by_its_id)
{
    size_t n;
    const tjc_rule *rules = tjc_rules(&n);
    for (size_t i = 0; i < n; i++) {
        const tjc_rule *r = tjc_rule_find(rules[i].id);
        cr_expect(r == &rules[i], "tjc_rule_find(\"%s\"): expected catalogue entry %zu, got %s",
                  rules[i].id, i, r ? r->id : "NULL");
    }
}

Test(rules, finds_nothing_for_unknown_ids)
{
    static const char *const unknown[] = {"NOPE", "", "body-json", "BODY-JSON ", " BODY-JSON",
                                          "BODY", "BODY-JSONX", "BODY_JSON"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        const tjc_rule *r = tjc_rule_find(unknown[i]);
        cr_expect(r == NULL, "tjc_rule_find(\"%s\"): expected NULL, got %s", unknown[i],
                  r ? r->id : "");
    }
    cr_expect(tjc_rule_find(NULL) == NULL, "tjc_rule_find(NULL): expected NULL");
}

Test(rules, gives_every_info_rule_an_info_kind_and_no_other_rule_one)
{
    size_t n;
    const tjc_rule *rules = tjc_rules(&n);
    for (size_t i = 0; i < n; i++) {
        const tjc_rule *r = &rules[i];
        if (r->level == TJC_LEVEL_INFO)
            cr_expect(r->info == TJC_INFO_OPEN || r->info == TJC_INFO_TOLERATED ||
                          r->info == TJC_INFO_RECORDED,
                      "%s (INFO): expected info kind open, tolerated or recorded, got %d", r->id,
                      (int)r->info);
        else
            cr_expect_eq(r->info, TJC_INFO_NONE, "%s (%s): expected no info kind, got %s", r->id,
                         tjc_level_name(r->level), tjc_info_kind_name(r->info));
    }
}

Test(rules, tolerates_param_value_and_param_key)
{
    static const char *const tolerated[] = {"PARAM-VALUE", "PARAM-KEY"};
    for (size_t i = 0; i < 2; i++) {
        const tjc_rule *r = tjc_rule_find(tolerated[i]);
        cr_assert(r != NULL, "%s: expected in the catalogue", tolerated[i]);
        cr_expect(r->level == TJC_LEVEL_INFO && r->info == TJC_INFO_TOLERATED,
                  "%s: expected INFO tolerated (errata E1, E2), got %s %s", tolerated[i],
                  tjc_level_name(r->level), tjc_info_kind_name(r->info));
    }
}

Test(rules, gives_every_rule_a_requirement_and_the_words_it_rests_on)
{
    size_t n;
    const tjc_rule *rules = tjc_rules(&n);
    for (size_t i = 0; i < n; i++) {
        const tjc_rule *r = &rules[i];
        cr_expect(r->id && r->id[0], "rule %zu: expected an id", i);
        cr_expect(r->requirement && r->requirement[0], "%s: expected a requirement", r->id);
        cr_expect(r->rests_on && r->rests_on[0], "%s: expected the words it rests on", r->id);
        cr_expect(r->section && r->section[0], "%s: expected a section", r->id);
        cr_expect(r->requirement && !strchr(r->requirement, '\n'),
                  "%s: expected a one-line requirement", r->id);
    }
}

Test(rules, names_levels_info_kinds_and_scopes)
{
    cr_expect_str_eq(tjc_level_name(TJC_LEVEL_MUST), "MUST", "level MUST");
    cr_expect_str_eq(tjc_level_name(TJC_LEVEL_SHOULD), "SHOULD", "level SHOULD");
    cr_expect_str_eq(tjc_level_name(TJC_LEVEL_INFO), "INFO", "level INFO");
    cr_expect_str_eq(tjc_info_kind_name(TJC_INFO_OPEN), "open", "info kind open");
    cr_expect_str_eq(tjc_info_kind_name(TJC_INFO_TOLERATED), "tolerated", "info kind tolerated");
    cr_expect_str_eq(tjc_info_kind_name(TJC_INFO_RECORDED), "recorded", "info kind recorded");
    cr_expect_str_eq(tjc_info_kind_name(TJC_INFO_NONE), "", "info kind none");
    cr_expect_str_eq(tjc_scope_name(TJC_SCOPE_BODY), "body", "scope body");
    cr_expect_str_eq(tjc_scope_name(TJC_SCOPE_PATH), "path", "scope path");
    cr_expect_str_eq(tjc_scope_name(TJC_SCOPE_RESPONSE), "response", "scope response");
    cr_expect_str_eq(tjc_scope_name(TJC_SCOPE_ROBUST), "robustness", "scope robustness");
}
