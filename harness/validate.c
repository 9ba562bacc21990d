/*
 * The validator: spec/rules.md's request-body and path rules, applied to one body.
 * Each check cites its rule id; rules.md is the reference for every choice here.
 */
#include "validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "body.h"
#include "buf.h"
#include "number.h"
#include "sample.h"

#define DEPTH_LIMIT 64           /* BODY-DEPTH: deeper than this is open */
#define DESC_MAX 256             /* DESC-LEN, DESC-UTF16 */
#define CONFIG_NAME_MAX 64       /* PATH-UNKNOWN-CONFIG, from the create page */
#define SHOWN 40                 /* bytes of a value quoted in a message */
#define LARGE_BODY (64u * 1024u) /* BODY-LARGE: a server may refuse a larger body (E13) */

static const char USER_COMMAND_PREFIX[] = "bash /home/work/run_train.sh python ";

/* The rules this file applies, resolved against the catalogue once per validator. */
#define VALIDATOR_RULES(X)                                                                   \
    X(BODY_JSON, "BODY-JSON") X(BODY_BOM, "BODY-BOM") X(BODY_OBJECT, "BODY-OBJECT")          \
    X(BODY_DEPTH, "BODY-DEPTH") X(STRING_ODD, "STRING-ODD") X(DESC_TYPE, "DESC-TYPE")        \
    X(DESC_LEN, "DESC-LEN") X(DESC_UTF16, "DESC-UTF16") X(WORKERS_REQ, "WORKERS-REQ")        \
    X(WORKERS_TYPE, "WORKERS-TYPE") X(WORKERS_MIN, "WORKERS-MIN")                            \
    X(WORKERS_MAX, "WORKERS-MAX") X(SPEC_REQ, "SPEC-REQ") X(SPEC_TYPE, "SPEC-TYPE")          \
    X(ENGINE_TYPE, "ENGINE-TYPE") X(MODEL_TYPE, "MODEL-TYPE")                                \
    X(INT_FRACTION, "INT-FRACTION") X(INT_NOTATION, "INT-NOTATION")                          \
    X(INT_RANGE, "INT-RANGE") X(IDS_NONNEG, "IDS-NONNEG") X(CODE_PAIR, "CODE-PAIR")          \
    X(CODE_SOURCE, "CODE-SOURCE") X(CODE_BOTH, "CODE-BOTH")                                  \
    X(ENGINE_DEFAULT, "ENGINE-DEFAULT") X(CUSTOM_IMAGE_PAIR, "CUSTOM-IMAGE-PAIR")            \
    X(USER_COMMAND_FORM, "USER-COMMAND-FORM") X(BOOT_IN_APP, "BOOT-IN-APP")                  \
    X(STRING_TYPES, "STRING-TYPES") X(DATA_ONE, "DATA-ONE") X(DATASET_PAIR, "DATASET-PAIR")  \
    X(SOURCE_ARRAY, "SOURCE-ARRAY") X(SOURCE_EMPTY, "SOURCE-EMPTY")                          \
    X(SOURCE_TYPE, "SOURCE-TYPE") X(SOURCE_TYPE_MATCH, "SOURCE-TYPE-MATCH")                  \
    X(SOURCE_NO_MIX, "SOURCE-NO-MIX") X(SOURCE_PAIR, "SOURCE-PAIR")                          \
    X(SOURCE_VERSION_NAME, "SOURCE-VERSION-NAME") X(SOURCE_EXCL, "SOURCE-EXCL")              \
    X(SOURCE_STRINGS, "SOURCE-STRINGS") X(PARAM_ARRAY, "PARAM-ARRAY")                        \
    X(PARAM_LABEL, "PARAM-LABEL") X(PARAM_VALUE, "PARAM-VALUE")                              \
    X(PARAM_VALUE_TYPE, "PARAM-VALUE-TYPE") X(PARAM_KEY, "PARAM-KEY")                        \
    X(NULL_OPTIONAL, "NULL-OPTIONAL") X(UNKNOWN_MEMBERS, "UNKNOWN-MEMBERS")                  \
    X(DUP_MEMBERS, "DUP-MEMBERS") X(CATALOGUE_VALUES, "CATALOGUE-VALUES")                    \
    X(PATH_UNKNOWN_CONFIG, "PATH-UNKNOWN-CONFIG") X(BODY_LARGE, "BODY-LARGE")

#define AS_ENUM(e, s) R_##e,
#define AS_NAME(e, s) s,
enum rule_ref { VALIDATOR_RULES(AS_ENUM) R_COUNT };
static const char *const rule_names[] = {VALIDATOR_RULES(AS_NAME)};

/* Catalogue values (E12): each kind collects what the base body names. */
enum known_kind { K_DATASET, K_VERSION, K_DATA_URL, K_APP, K_BOOT, K_TRAIN, K_LOG, K_IMAGE,
                  K_COUNT };

typedef struct known_set {
    const char **values;
    size_t count;
} known_set;

struct tjc_validator {
    const tjc_rule *rule[R_COUNT];
    tjc_body base;
    const cJSON *base_workers, *base_spec, *base_engine, *base_model;
    known_set known[K_COUNT];
};

/* Member names the page lists (Table 2, 3, 4) and what tjc knows of each. */
typedef struct field {
    const char *name;
    int mandatory;          /* null is no value (E11) */
    int kind;               /* known_kind of its catalogue value, or -1 */
} field;

enum top_slot { T_DESC, T_WORKERS, T_APP, T_BOOT, T_MODEL, T_PARAMETER, T_SPEC, T_DATA_URL,
                T_DATASET_ID, T_DATASET_VERSION_ID, T_DATA_SOURCE, T_ENGINE, T_TRAIN, T_LOG,
                T_IMAGE, T_COMMAND, T_COUNT };
static const field top_fields[T_COUNT] = {
    [T_DESC] = {"config_desc", 0, -1},
    [T_WORKERS] = {"worker_server_num", 1, -1},
    [T_APP] = {"app_url", 0, K_APP},
    [T_BOOT] = {"boot_file_url", 0, K_BOOT},
    [T_MODEL] = {"model_id", 0, -1},
    [T_PARAMETER] = {"parameter", 0, -1},
    [T_SPEC] = {"spec_id", 1, -1},
    [T_DATA_URL] = {"data_url", 0, K_DATA_URL},
    [T_DATASET_ID] = {"dataset_id", 0, K_DATASET},
    [T_DATASET_VERSION_ID] = {"dataset_version_id", 0, K_VERSION},
    [T_DATA_SOURCE] = {"data_source", 0, -1},
    [T_ENGINE] = {"engine_id", 0, -1},
    [T_TRAIN] = {"train_url", 0, K_TRAIN},
    [T_LOG] = {"log_url", 0, K_LOG},
    [T_IMAGE] = {"user_image_url", 0, K_IMAGE},
    [T_COMMAND] = {"user_command", 0, -1},
};

/* STRING-TYPES */
static const enum top_slot string_slots[] = {T_APP, T_BOOT, T_DATA_URL, T_DATASET_ID,
                                             T_DATASET_VERSION_ID, T_TRAIN, T_LOG, T_IMAGE,
                                             T_COMMAND};

/* Table 3, plus dataset_version_id, which SOURCE-VERSION-NAME covers (E5). */
enum source_slot { S_DATASET_ID, S_VERSION, S_TYPE, S_DATA_URL, S_VERSION_ID, S_COUNT };
static const field source_fields[S_COUNT] = {
    [S_DATASET_ID] = {"dataset_id", 0, K_DATASET},
    [S_VERSION] = {"dataset_version", 0, K_VERSION},
    [S_TYPE] = {"type", 0, -1},
    [S_DATA_URL] = {"data_url", 0, K_DATA_URL},
    [S_VERSION_ID] = {"dataset_version_id", 0, K_VERSION},
};

/* Table 4, plus key, which PARAM-KEY covers (E2). */
enum param_slot { P_LABEL, P_VALUE, P_KEY, P_COUNT };
static const field param_fields[P_COUNT] = {
    [P_LABEL] = {"label", 0, -1}, [P_VALUE] = {"value", 0, -1}, [P_KEY] = {"key", 0, -1}};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- verdict lists ---- */

static size_t rule_slot(const tjc_rule *r, tjc_level level)
{
    return (size_t)(r - tjc_rules(NULL)) * 3 + (size_t)level;
}

/* A copy of s held by the verdict (its texts live and die with it), or NULL. */
static char *held(tjc_verdict *out, const char *s)
{
    return tjc_arena_strdup(&out->texts, s, 2048);
}

/* Appends a violation whose pointer and message the verdict holds already (held()). */
static int push(tjc_verdict *out, const tjc_rule *r, tjc_level level, char *pointer,
                char *message)
{
    if (out->count == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 32;
        tjc_violation *v = realloc(out->items, cap * sizeof *v);
        if (!v)
            return -1;
        out->items = v;
        out->cap = cap;
    }
    out->items[out->count++] = (tjc_violation){r, level, pointer, message};
    out->per_rule[rule_slot(r, level)]++;
    return 0;
}

/* The formatted text, held by the verdict; NULL when memory ran out. */
static char *format(tjc_verdict *out, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static char *format(tjc_verdict *out, const char *fmt, va_list ap)
{
    char small[512];
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    if (n < 0)
        return NULL;
    if ((size_t)n < sizeof small)
        return held(out, small);
    char *s = tjc_arena_alloc(&out->texts, (size_t)n + 1, 2048);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

/* Whether this rule at this level already has its TJC_VIOLATIONS_PER_RULE listed: then
 * the violation is only counted. */
static int counted_only(tjc_verdict *out, const tjc_rule *r, tjc_level level)
{
    if (out->per_rule[rule_slot(r, level)] < TJC_VIOLATIONS_PER_RULE)
        return 0;
    out->unlisted++;
    return 1;
}

/* Formats the message and appends; `pointer` is held by the verdict already. */
static int push_formatted(tjc_verdict *out, const tjc_rule *r, tjc_level level, char *pointer,
                          const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));

static int push_formatted(tjc_verdict *out, const tjc_rule *r, tjc_level level, char *pointer,
                          const char *fmt, va_list ap)
{
    char *message = format(out, fmt, ap);
    if (!message)
        return -1;
    return push(out, r, level, pointer, message);
}

typedef struct ctx {
    const tjc_validator *v;
    int keep_last;     /* the reading of duplicate members */
    tjc_verdict *out;
    int oom;
} ctx;


/* Adds a violation at pointer base[/index][/key]; index < 0 and key NULL leave them out;
 * base NULL means the path, not the body. */
static void add(ctx *c, enum rule_ref ref, tjc_level level, const char *base, long index,
                const char *key, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void add(ctx *c, enum rule_ref ref, tjc_level level, const char *base, long index,
                const char *key, const char *fmt, ...)
{
    const tjc_rule *r = c->v->rule[ref];
    if (c->oom || counted_only(c->out, r, level))
        return;
    char *pointer = NULL;
    if (base) {
        /* base[/index][/key], built on the stack when it fits (it nearly always does) */
        char small[256];
        size_t b = strlen(base), k = key ? strlen(key) : 0;
        if (b + k + 24 < sizeof small && (!key || !strpbrk(key, "~/"))) {
            memcpy(small, base, b);
            if (index >= 0) {
                char digits[24];
                size_t d = 0;
                for (unsigned long i = (unsigned long)index; d == 0 || i; i /= 10)
                    digits[d++] = (char)('0' + i % 10);
                small[b++] = '/';
                while (d)
                    small[b++] = digits[--d];
            }
            if (key) {
                small[b++] = '/';
                memcpy(small + b, key, k);
                b += k;
            }
            small[b] = '\0';
            pointer = held(c->out, small);
        } else {
            tjc_buf p;
            tjc_buf_init(&p);
            tjc_buf_puts(&p, base);
            if (index >= 0)
                tjc_buf_printf(&p, "/%ld", index);
            if (key) {
                tjc_buf_putc(&p, '/');
                tjc_pointer_append_token(&p, key);
            }
            pointer = p.failed ? NULL : held(c->out, p.data ? p.data : "");
            tjc_buf_free(&p);
        }
        if (!pointer) {
            c->oom = 1;
            return;
        }
    }
    va_list ap;
    va_start(ap, fmt);
    if (push_formatted(c->out, r, level, pointer, fmt, ap) != 0)
        c->oom = 1;
    va_end(ap);
}

/* A held string as a message shows it: JSON-quoted (U+0000 and lone surrogates as
 * escapes), at most SHOWN bytes of it, cut on a character boundary. */
typedef struct quoted {
    char text[SHOWN * 6 + 16];
} quoted;

static const char *quote(quoted *q, const char *s)
{
    return tjc_text_quote(q->text, sizeof q->text, s, SHOWN);
}

/* ---- reading members ---- */

/* One pass over an object's members: slot[k] is the member named fields[k].name (the
 * first or the last copy, per the reading), null included. Members the page does not
 * list are UNKNOWN-MEMBERS; null for an optional one is NULL-OPTIONAL (E11). */
static void collect(ctx *c, const cJSON *obj, const field *fields, size_t nfields,
                    const cJSON **slot, const char *base, long index, const char *what)
{
    for (size_t k = 0; k < nfields; k++)
        slot[k] = NULL;
    for (const cJSON *m = obj->child; m; m = m->next) {
        size_t k = 0;
        while (k < nfields &&
               (fields[k].name[0] != m->string[0] || strcmp(fields[k].name, m->string) != 0))
            k++;
        if (k == nfields) {
            quoted q;
            add(c, R_UNKNOWN_MEMBERS, TJC_LEVEL_INFO, base, index, m->string,
                "%s %s is not a member the page lists", what, quote(&q, m->string));
            continue;
        }
        if (cJSON_IsNull(m) && !fields[k].mandatory)
            add(c, R_NULL_OPTIONAL, TJC_LEVEL_INFO, base, index, m->string,
                "%s is null: a server may read it as absent or refuse it", m->string);
        if (!slot[k] || c->keep_last)
            slot[k] = m;
    }
}

/* An optional member: null reads as absent (E11). */
static const cJSON *given(const cJSON *m)
{
    return m && !cJSON_IsNull(m) ? m : NULL;
}

static const char *type_name(const cJSON *n)
{
    switch (n->type & 0xFF) {
    case cJSON_False: return "false";
    case cJSON_True: return "true";
    case cJSON_NULL: return "null";
    case cJSON_Number: return "a number";
    case cJSON_String: return "a string";
    case cJSON_Array: return "an array";
    case cJSON_Object: return "an object";
    }
    return "a value";
}

static const char *more(const char *s)
{
    return strlen(s) > SHOWN ? "..." : "";
}

static int known(const ctx *c, int kind, const char *value)
{
    const known_set *k = &c->v->known[kind];
    for (size_t i = 0; i < k->count; i++)
        if (strcmp(k->values[i], value) == 0)
            return 1;
    return 0;
}

static void check_catalogue_string(ctx *c, const cJSON *node, int kind, const char *base,
                                   long index, const char *key)
{
    if (kind < 0 || !cJSON_IsString(node) || known(c, kind, node->valuestring))
        return;
    quoted q;
    add(c, R_CATALOGUE_VALUES, TJC_LEVEL_INFO, base, index, key,
        "%s %s is not the base body's: a real target may check that it exists", key,
        quote(&q, node->valuestring));
}

/* INT-FRACTION, INT-NOTATION, INT-RANGE on a number member. Returns whether it is whole. */
static int check_integer(ctx *c, const cJSON *node, const char *name, int bits,
                         tjc_number *n)
{
    if (!node->valuestring || tjc_number_read(node->valuestring, n) != 0) {
        /* body.c gives every number its lexeme; without one nothing can be judged */
        memset(n, 0, sizeof *n);
        return 0;
    }
    if (!n->whole) {
        add(c, R_INT_FRACTION, TJC_LEVEL_MUST, "", -1, name,
            "%s is %.*s%s, not a whole number", name, SHOWN, node->valuestring,
            more(node->valuestring));
        return 0;
    }
    if (n->notation)
        add(c, R_INT_NOTATION, TJC_LEVEL_INFO, "", -1, name,
            "%s is written %.*s%s: a whole number in fraction or exponent notation", name,
            SHOWN, node->valuestring, more(node->valuestring));
    if (!tjc_number_fits(n, bits))
        add(c, R_INT_RANGE, TJC_LEVEL_SHOULD, "", -1, name,
            "%s is %.*s%s, beyond a %d-bit signed integer", name, SHOWN, node->valuestring,
            more(node->valuestring), bits);
    return 1;
}

/* The catalogue id members: spec_id, engine_id, model_id. */
static void check_id(ctx *c, const cJSON *node, const char *name, enum rule_ref type_rule,
                     const cJSON *base_value)
{
    if (!cJSON_IsNumber(node)) {
        add(c, type_rule, TJC_LEVEL_MUST, "", -1, name, "%s is %s, not a number", name,
            type_name(node));
        return;
    }
    tjc_number n;
    if (!check_integer(c, node, name, 64, &n))
        return;
    if (n.negative)
        add(c, R_IDS_NONNEG, TJC_LEVEL_SHOULD, "", -1, name, "%s is negative (%.*s%s)", name,
            SHOWN, node->valuestring, more(node->valuestring));
    tjc_number b;
    if (!base_value || !cJSON_IsNumber(base_value) || !base_value->valuestring ||
        tjc_number_read(base_value->valuestring, &b) != 0 || tjc_number_cmp(&n, &b) != 0)
        add(c, R_CATALOGUE_VALUES, TJC_LEVEL_INFO, "", -1, name,
            "%s %.*s%s is not the base body's: a real target may check that it exists", name,
            SHOWN, node->valuestring, more(node->valuestring));
}

static void check_workers(ctx *c, const cJSON *w)
{
    if (!w) {
        add(c, R_WORKERS_REQ, TJC_LEVEL_MUST, "", -1, NULL, "worker_server_num is missing");
        return;
    }
    if (!cJSON_IsNumber(w)) {
        add(c, R_WORKERS_TYPE, TJC_LEVEL_MUST, "", -1, "worker_server_num",
            "worker_server_num is %s, not a number", type_name(w));
        return;
    }
    tjc_number n;
    if (!check_integer(c, w, "worker_server_num", 32, &n))
        return;
    if (n.zero || n.negative)
        add(c, R_WORKERS_MIN, TJC_LEVEL_SHOULD, "", -1, "worker_server_num",
            "worker_server_num is %.*s%s: a job needs at least 1 worker", SHOWN, w->valuestring,
            more(w->valuestring));
    const cJSON *base = c->v->base_workers;
    tjc_number b;
    if (!n.zero && !n.negative &&
        (!base || !cJSON_IsNumber(base) || !base->valuestring ||
         tjc_number_read(base->valuestring, &b) != 0 || tjc_number_cmp(&n, &b) > 0))
        add(c, R_WORKERS_MAX, TJC_LEVEL_INFO, "", -1, "worker_server_num",
            "worker_server_num %.*s%s is above the base body's: the maximum depends on the "
            "specification",
            SHOWN, w->valuestring, more(w->valuestring));
}

static void check_desc(ctx *c, const cJSON *d)
{
    if (!d)
        return;
    if (!cJSON_IsString(d)) {
        add(c, R_DESC_TYPE, TJC_LEVEL_MUST, "", -1, "config_desc",
            "config_desc is %s, not a string", type_name(d));
        return;
    }
    size_t units;
    size_t points = tjc_text_measure(d->valuestring, &units);
    if (points > DESC_MAX)
        add(c, R_DESC_LEN, TJC_LEVEL_MUST, "", -1, "config_desc",
            "config_desc holds %zu characters (code points); at most %d are allowed", points,
            DESC_MAX);
    else if (units > DESC_MAX)
        add(c, R_DESC_UTF16, TJC_LEVEL_INFO, "", -1, "config_desc",
            "config_desc holds %zu code points but %zu UTF-16 code units", points, units);
}

static void check_code(ctx *c, const cJSON *const *top)
{
    const cJSON *model = given(top[T_MODEL]);
    const cJSON *app = given(top[T_APP]);
    const cJSON *boot = given(top[T_BOOT]);
    const cJSON *engine = given(top[T_ENGINE]);
    if (model)
        check_id(c, model, "model_id", R_MODEL_TYPE, c->v->base_model);
    if (engine)
        check_id(c, engine, "engine_id", R_ENGINE_TYPE, c->v->base_engine);
    if (!app != !boot) {
        const char *present = app ? "app_url" : "boot_file_url";
        const char *lacking = app ? "boot_file_url" : "app_url";
        add(c, R_CODE_PAIR, model ? TJC_LEVEL_SHOULD : TJC_LEVEL_MUST, "", -1, present,
            "%s is given without %s%s", present, lacking,
            model ? " (model_id makes both unnecessary)" : "");
    }
    if (!model && !(app && boot))
        add(c, R_CODE_SOURCE, TJC_LEVEL_MUST, "", -1, NULL,
            "the body names no code: neither model_id nor app_url with boot_file_url");
    if (model && app && boot)
        add(c, R_CODE_BOTH, TJC_LEVEL_INFO, "", -1, "model_id",
            "model_id is given together with app_url and boot_file_url");
    if (!engine && !model)
        add(c, R_ENGINE_DEFAULT, TJC_LEVEL_INFO, "", -1, NULL,
            "engine_id is left out without model_id (the page's default is 1)");
    if (cJSON_IsString(app) && cJSON_IsString(boot)) {
        size_t n = strlen(app->valuestring);
        int slash = n > 0 && app->valuestring[n - 1] == '/';
        if (strncmp(boot->valuestring, app->valuestring, n) != 0 ||
            (!slash && boot->valuestring[n] != '/'))
        {
            quoted qb, qa;
            add(c, R_BOOT_IN_APP, TJC_LEVEL_SHOULD, "", -1, "boot_file_url",
                "boot_file_url %s is not inside app_url %s", quote(&qb, boot->valuestring),
                quote(&qa, app->valuestring));
        }
    }
    const cJSON *command = given(top[T_COMMAND]);
    if (command && !given(top[T_IMAGE]))
        add(c, R_CUSTOM_IMAGE_PAIR, TJC_LEVEL_SHOULD, "", -1, "user_command",
            "user_command is given without user_image_url");
    if (cJSON_IsString(command) &&
        (strncmp(command->valuestring, USER_COMMAND_PREFIX, sizeof USER_COMMAND_PREFIX - 1) != 0 ||
         strspn(command->valuestring + sizeof USER_COMMAND_PREFIX - 1, " ") ==
             strlen(command->valuestring + sizeof USER_COMMAND_PREFIX - 1)))
        add(c, R_USER_COMMAND_FORM, TJC_LEVEL_INFO, "", -1, "user_command",
            "user_command is not \"%s\" followed by the script to run", USER_COMMAND_PREFIX);
}

static void check_strings(ctx *c, const cJSON *const *top)
{
    for (size_t k = 0; k < COUNT(string_slots); k++) {
        const cJSON *m = given(top[string_slots[k]]);
        if (m && !cJSON_IsString(m))
            add(c, R_STRING_TYPES, TJC_LEVEL_MUST, "", -1, top_fields[string_slots[k]].name,
                "%s is %s, not a string", top_fields[string_slots[k]].name, type_name(m));
    }
    for (size_t k = 0; k < T_COUNT; k++)
        if (given(top[k]))
            check_catalogue_string(c, top[k], top_fields[k].kind, "", -1, top_fields[k].name);
}

/* bits: an untyped item with data_url and a dataset counts as both (SOURCE-NO-MIX) */
enum item_kind { ITEM_NONE = 0, ITEM_OBS = 1, ITEM_DATASET = 2 };

static int check_source_item(ctx *c, const cJSON *item, long i)
{
    static const char base[] = "/data_source";
    const cJSON *slot[S_COUNT];
    collect(c, item, source_fields, S_COUNT, slot, base, i, "data_source item member");
    const cJSON *id = given(slot[S_DATASET_ID]);
    const cJSON *version = given(slot[S_VERSION]);
    const cJSON *url = given(slot[S_DATA_URL]);
    const cJSON *type = given(slot[S_TYPE]);
    const cJSON *version_id = given(slot[S_VERSION_ID]);
    const char *version_name = "dataset_version";
    if (version_id) {
        add(c, R_SOURCE_VERSION_NAME, TJC_LEVEL_INFO, base, i, "dataset_version_id",
            "the item names its version dataset_version_id, not dataset_version (errata E5)");
        if (!version) {
            version = version_id;
            version_name = "dataset_version_id";
        }
    }
    /* E5: a server may read dataset_version_id as the version or ignore it. When it is the
     * only version, the rules below are judged both ways; what only one way breaks is
     * lowered to INFO, as with duplicate members. */
    int aliased = version == version_id && version_id != NULL;
    const char *alias_only = " (only when a server reads dataset_version_id as dataset_version)";
    const char *ignore_only = " (only when a server ignores dataset_version_id)";
    const struct { const cJSON *node; const char *name; int kind; } strings[] = {
        {id, "dataset_id", K_DATASET}, {version, version_name, K_VERSION},
        {type, "type", -1}, {url, "data_url", K_DATA_URL}};
    int alias_not_string = 0; /* the version, read from dataset_version_id, is no string */
    for (size_t k = 0; k < COUNT(strings); k++) {
        if (!strings[k].node)
            continue;
        if (!cJSON_IsString(strings[k].node)) {
            if (aliased && strings[k].node == version_id)
                alias_not_string = 1; /* judged below with the other readings' rules */
            else
                add(c, R_SOURCE_STRINGS, TJC_LEVEL_MUST, base, i, strings[k].name,
                    "%s is %s, not a string", strings[k].name, type_name(strings[k].node));
        }
        check_catalogue_string(c, strings[k].node, strings[k].kind, base, i, strings[k].name);
    }
    if (version_id && version != version_id)
        check_catalogue_string(c, version_id, K_VERSION, base, i, "dataset_version_id");

    int is_obs = 0, is_dataset = 0;
    if (cJSON_IsString(type)) {
        is_obs = strcmp(type->valuestring, "obs") == 0;
        is_dataset = strcmp(type->valuestring, "dataset") == 0;
        quoted q;
        if (!is_obs && !is_dataset)
            add(c, R_SOURCE_TYPE, TJC_LEVEL_MUST, base, i, "type",
                "type is %s: it can be obs or dataset", quote(&q, type->valuestring));
    }
    /* reading 0 takes the version found above; reading 1 ignores dataset_version_id */
    int broken[2][4] = {{0}}; /* empty, pair, excl, mismatch */
    for (int r = 0; r < 2; r++) {
        const cJSON *ver = r == 1 && aliased ? NULL : version;
        int has_dataset = id || ver;
        broken[r][0] = !url && !has_dataset;
        broken[r][1] = !id != !ver;
        broken[r][2] = url && has_dataset;
        broken[r][3] = (is_obs && has_dataset) || (is_dataset && url);
    }
    static const enum rule_ref refs[4] = {R_SOURCE_EMPTY, R_SOURCE_PAIR, R_SOURCE_EXCL,
                                          R_SOURCE_TYPE_MATCH};
    static const tjc_level levels[4] = {TJC_LEVEL_SHOULD, TJC_LEVEL_MUST, TJC_LEVEL_MUST,
                                        TJC_LEVEL_SHOULD};
    /* the worst level each reading breaks: a rule one reading alone breaks keeps its level
     * when the other reading breaks a rule of that level too (every server answers alike) */
    tjc_level worst[2] = {alias_not_string ? TJC_LEVEL_MUST : TJC_LEVEL_INFO, TJC_LEVEL_INFO};
    for (int r = 0; r < 2; r++)
        for (int k = 0; k < 4; k++)
            if (broken[r][k] && levels[k] > worst[r])
                worst[r] = levels[k];
    if (alias_not_string)
        add(c, R_SOURCE_STRINGS, worst[1] >= TJC_LEVEL_MUST ? TJC_LEVEL_MUST : TJC_LEVEL_INFO,
            base, i, "dataset_version_id", "dataset_version_id is %s, not a string%s",
            type_name(version_id), worst[1] >= TJC_LEVEL_MUST ? "" : alias_only);
    for (int k = 0; k < 4; k++) {
        if (!broken[0][k] && !broken[1][k])
            continue;
        int both = broken[0][k] && broken[1][k];
        int r = broken[0][k] ? 0 : 1;
        int keep = both || worst[1 - r] >= levels[k];
        const char *only = keep ? "" : r == 0 ? alias_only : ignore_only;
        const cJSON *ver = r == 1 && aliased ? NULL : version;
        const char *vname = r == 1 && aliased ? "dataset_version" : version_name;
        tjc_level level = keep ? levels[k] : TJC_LEVEL_INFO;
        switch (k) {
        case 0:
            add(c, refs[k], level, base, i, NULL,
                "the item has none of data_url, dataset_id, dataset_version%s", only);
            break;
        case 1:
            add(c, refs[k], level, base, i, id ? "dataset_id" : vname, "%s is given without %s%s",
                id ? "dataset_id" : vname, id ? "dataset_version" : "dataset_id", only);
            break;
        case 2:
            add(c, refs[k], level, base, i, "data_url", "data_url is given together with %s%s",
                id ? "dataset_id" : vname, only);
            break;
        default:
            add(c, refs[k], level, base, i, "type", "type is %s but the item has %s%s",
                is_obs ? "obs" : "dataset", is_obs ? "dataset members" : "data_url", only);
            break;
        }
        (void)ver;
    }
    int has_dataset = id || version;
    if (is_obs)
        return ITEM_OBS;
    if (is_dataset)
        return ITEM_DATASET;
    if (type) /* a type that is neither: SOURCE-TYPE says so */
        return ITEM_NONE;
    return (url ? ITEM_OBS : 0) | (has_dataset ? ITEM_DATASET : 0);
}

static void check_data(ctx *c, const cJSON *const *top)
{
    const cJSON *url = given(top[T_DATA_URL]);
    const cJSON *source = given(top[T_DATA_SOURCE]);
    const cJSON *id = given(top[T_DATASET_ID]);
    const cJSON *version = given(top[T_DATASET_VERSION_ID]);
    int kinds = !!url + !!source + !!(id || version);
    if (!id != !version)
        add(c, R_DATASET_PAIR, TJC_LEVEL_MUST, "", -1, id ? "dataset_id" : "dataset_version_id",
            "%s is given without %s", id ? "dataset_id" : "dataset_version_id",
            id ? "dataset_version_id" : "dataset_id");
    if (kinds == 0)
        add(c, R_DATA_ONE, TJC_LEVEL_MUST, "", -1, NULL,
            "no data input: one of data_url, data_source, dataset_id with dataset_version_id "
            "must exist");
    else if (kinds > 1)
        add(c, R_DATA_ONE, TJC_LEVEL_MUST, "", -1, NULL,
            "%d kinds of data input at once (%s%s%s): exactly one may be given", kinds,
            url ? "data_url " : "", source ? "data_source " : "",
            id || version ? "dataset_id/dataset_version_id" : "");
    else if (!url && !source && !(id && version))
        add(c, R_DATA_ONE, TJC_LEVEL_MUST, "", -1, NULL,
            "no complete data input: %s alone is none", id ? "dataset_id" : "dataset_version_id");

    if (!source)
        return;
    if (!cJSON_IsArray(source)) {
        add(c, R_SOURCE_ARRAY, TJC_LEVEL_MUST, "", -1, "data_source",
            "data_source is %s, not an array", type_name(source));
        return;
    }
    if (!source->child)
        add(c, R_SOURCE_EMPTY, TJC_LEVEL_SHOULD, "", -1, "data_source",
            "data_source is an empty array: it names no data");
    long i = 0, obs = 0, dataset = 0;
    for (const cJSON *item = source->child; item && !c->oom; item = item->next, i++) {
        if (!cJSON_IsObject(item)) {
            add(c, R_SOURCE_ARRAY, TJC_LEVEL_MUST, "/data_source", i, NULL,
                "data_source item %ld is %s, not an object", i, type_name(item));
            continue;
        }
        int kind = (int)check_source_item(c, item, i);
        obs += (kind & ITEM_OBS) != 0;
        dataset += (kind & ITEM_DATASET) != 0;
    }
    if (obs && dataset)
        add(c, R_SOURCE_NO_MIX, TJC_LEVEL_MUST, "", -1, "data_source",
            "data_source mixes %ld obs and %ld dataset items", obs, dataset);
}

static void check_parameters(ctx *c, const cJSON *params)
{
    if (!params)
        return;
    if (!cJSON_IsArray(params)) {
        add(c, R_PARAM_ARRAY, TJC_LEVEL_MUST, "", -1, "parameter",
            "parameter is %s, not an array", type_name(params));
        return;
    }
    static const char base[] = "/parameter";
    long i = 0;
    for (const cJSON *item = params->child; item && !c->oom; item = item->next, i++) {
        if (!cJSON_IsObject(item)) {
            add(c, R_PARAM_ARRAY, TJC_LEVEL_MUST, base, i, NULL,
                "parameter item %ld is %s, not an object", i, type_name(item));
            continue;
        }
        const cJSON *slot[P_COUNT];
        collect(c, item, param_fields, P_COUNT, slot, base, i, "parameter item member");
        const cJSON *label = given(slot[P_LABEL]);
        const cJSON *value = given(slot[P_VALUE]);
        if (label && !cJSON_IsString(label))
            add(c, R_PARAM_LABEL, TJC_LEVEL_MUST, base, i, "label", "label is %s, not a string",
                type_name(label));
        if (value && cJSON_IsNumber(value))
            add(c, R_PARAM_VALUE, TJC_LEVEL_INFO, base, i, "value",
                "value is a number; Table 4 says String, the published sample sends numbers");
        else if (value && !cJSON_IsString(value))
            add(c, R_PARAM_VALUE_TYPE, TJC_LEVEL_SHOULD, base, i, "value",
                "value is %s, not a string or a number", type_name(value));
        const cJSON *key = given(slot[P_KEY]);
        if (key)
            add(c, R_PARAM_KEY, TJC_LEVEL_INFO, base, i, "key",
                "the item says key, as the published sample does, where Table 4 says label");
        if (key && !cJSON_IsString(key))
            /* the page gives key no type; a server reading it as label (E2) would refuse */
            add(c, R_PARAM_LABEL, TJC_LEVEL_INFO, base, i, "key",
                "key is %s, not a string (MUST only when a server reads key as label)",
                type_name(key));
    }
}

/* One reading of a body that is a JSON object. */
static void check_object(ctx *c, const cJSON *root)
{
    const cJSON *top[T_COUNT];
    collect(c, root, top_fields, T_COUNT, top, "", -1, "member");
    check_desc(c, given(top[T_DESC]));
    check_workers(c, top[T_WORKERS]);
    if (!top[T_SPEC])
        add(c, R_SPEC_REQ, TJC_LEVEL_MUST, "", -1, NULL, "spec_id is missing");
    else
        check_id(c, top[T_SPEC], "spec_id", R_SPEC_TYPE, c->v->base_spec);
    check_code(c, top);
    check_strings(c, top);
    check_data(c, top);
    check_parameters(c, given(top[T_PARAMETER]));
}

/* ---- the whole verdict ---- */

static int same(const tjc_violation *a, const tjc_violation *b)
{
    return a->rule == b->rule && a->level == b->level &&
           ((!a->pointer && !b->pointer) ||
            (a->pointer && b->pointer && strcmp(a->pointer, b->pointer) == 0));
}

static int move_into(ctx *c, tjc_violation *v, const char *only_when)
{
    int lowered = only_when && v->level != TJC_LEVEL_INFO;
    if (lowered) {
        /* a server that read the duplicate the other way sees no such violation */
        tjc_buf m;
        tjc_buf_init(&m);
        tjc_buf_printf(&m, "%s (%s only when a server keeps the %s copy of a duplicate member)",
                       v->message, tjc_level_name(v->level), only_when);
        char *message = m.failed ? NULL : held(c->out, m.data);
        tjc_buf_free(&m);
        if (!message)
            return -1;
        v->message = message;
        v->level = TJC_LEVEL_INFO;
    }
    if (counted_only(c->out, v->rule, v->level))
        return 0;
    /* the reading's texts go with it: copies held by the merged verdict */
    char *pointer = v->pointer ? held(c->out, v->pointer) : NULL;
    char *message = !v->message || lowered ? v->message : held(c->out, v->message);
    if ((v->pointer && !pointer) || (v->message && !message))
        return -1;
    return push(c->out, v->rule, v->level, pointer, message);
}

static tjc_level worst(const tjc_verdict *v)
{
    tjc_level w = TJC_LEVEL_INFO;
    for (size_t i = 0; i < v->count; i++)
        if (v->items[i].level > w)
            w = v->items[i].level;
    return w;
}

/* Both readings of a body with duplicate members, merged into out: what both show keeps
 * its level, and so does what one shows when the other breaks a rule of that level too;
 * the rest is lowered to INFO. */
static void merge(ctx *c, tjc_verdict *first, tjc_verdict *last)
{
    unsigned char *in_last = calloc(first->count + 1, 1);
    unsigned char *in_first = calloc(last->count + 1, 1);
    if (!in_last || !in_first) {
        c->oom = 1;
        goto done;
    }
    for (size_t i = 0; i < first->count; i++)
        for (size_t k = 0; k < last->count; k++)
            if (same(&first->items[i], &last->items[k]))
                in_last[i] = in_first[k] = 1;
    tjc_level worst_first = worst(first), worst_last = worst(last);
    for (size_t i = 0; i < first->count && !c->oom; i++) {
        int lower = !in_last[i] && worst_last < first->items[i].level;
        if (move_into(c, &first->items[i], lower ? "first" : NULL) < 0)
            c->oom = 1;
    }
    for (size_t k = 0; k < last->count && !c->oom; k++) {
        int lower = worst_first < last->items[k].level;
        if (!in_first[k] && move_into(c, &last->items[k], lower ? "last" : NULL) < 0)
            c->oom = 1;
    }
    c->out->unlisted += first->unlisted > last->unlisted ? first->unlisted : last->unlisted;
done:
    free(in_last);
    free(in_first);
}

static void judge(tjc_verdict *out)
{
    tjc_outcome o = TJC_OUTCOME_ACCEPT;
    for (size_t i = 0; i < out->count; i++) {
        const tjc_violation *v = &out->items[i];
        if (v->level == TJC_LEVEL_MUST)
            o = TJC_OUTCOME_REJECT;
        else if (o == TJC_OUTCOME_ACCEPT &&
                 (v->level == TJC_LEVEL_SHOULD || v->rule->info == TJC_INFO_OPEN ||
                  v->rule->info == TJC_INFO_NONE))
            o = TJC_OUTCOME_EITHER;
    }
    out->outcome = o;
}

int tjc_config_name_possible(const char *name)
{
    size_t n = 0;
    for (const char *p = name; *p; p++, n++) {
        char ch = *p;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || ch == '-'))
            return 0;
    }
    return n >= 1 && n <= CONFIG_NAME_MAX;
}

static void check_body_notes(ctx *c, const tjc_body *body)
{
    if (body->bom)
        add(c, R_BODY_BOM, TJC_LEVEL_INFO, "", -1, NULL,
            "the body starts with a UTF-8 byte order mark");
    if (!body->root)
        return;
    if (body->depth > DEPTH_LIMIT)
        add(c, R_BODY_DEPTH, TJC_LEVEL_INFO, "", -1, NULL,
            "the body nests %zu levels deep (more than %d)", body->depth, DEPTH_LIMIT);
    for (size_t i = 0; i < body->note_count; i++) {
        const tjc_body_note *n = &body->notes[i];
        if (n->kind == TJC_NOTE_DUPLICATE)
            add(c, R_DUP_MEMBERS, TJC_LEVEL_INFO, n->pointer, -1, NULL,
                "the member is given twice or more in one object");
        else
            add(c, R_STRING_ODD, TJC_LEVEL_INFO, n->pointer, -1, NULL, "%s",
                n->kind == TJC_NOTE_NUL ? "a string holds U+0000"
                                        : "a string holds a lone surrogate escape");
    }
}

int tjc_validate(const tjc_validator *v, const unsigned char *bytes, size_t len,
                 const char *config_name, tjc_verdict *out)
{
    return tjc_validate_as(v, bytes, len, config_name, TJC_READING_BOTH, out);
}

int tjc_validate_as(const tjc_validator *v, const unsigned char *bytes, size_t len,
                    const char *config_name, tjc_reading reading, tjc_verdict *out)
{
    memset(out, 0, sizeof *out);
    tjc_body body;
    if (tjc_body_parse(bytes, len, &body) != 0) {
        tjc_body_free(&body);
        return -1;
    }
    int rc = tjc_validate_parsed(v, &body, len, config_name, reading, out);
    tjc_body_free(&body);
    return rc;
}

int tjc_validate_parsed(const tjc_validator *v, const tjc_body *body, size_t len,
                        const char *config_name, tjc_reading reading, tjc_verdict *out)
{
    memset(out, 0, sizeof *out);
    ctx c = {v, 0, out, 0};
    if (config_name && !tjc_config_name_possible(config_name)) {
        quoted q;
        add(&c, R_PATH_UNKNOWN_CONFIG, TJC_LEVEL_MUST, NULL, -1, NULL,
            "no configuration can be named %s (names are 1 to 64 letters, digits, _ and -)",
            quote(&q, config_name));
    }
    check_body_notes(&c, body);
    if (len > LARGE_BODY)
        add(&c, R_BODY_LARGE, TJC_LEVEL_INFO, "", -1, NULL,
            "the body is %zu bytes, over 64 KiB: a server may refuse it for its size", len);
    if (!body->root) {
        add(&c, R_BODY_JSON, TJC_LEVEL_MUST, "", -1, NULL, "not one JSON text: %s (byte %zu)",
            body->error, body->error_offset);
    } else if (!cJSON_IsObject(body->root)) {
        add(&c, R_BODY_OBJECT, TJC_LEVEL_MUST, "", -1, NULL, "the body is %s, not an object",
            type_name(body->root));
    } else {
        int duplicates = 0;
        for (size_t i = 0; i < body->note_count; i++)
            duplicates |= body->notes[i].kind == TJC_NOTE_DUPLICATE;
        if (!duplicates || reading != TJC_READING_BOTH) {
            c.keep_last = reading == TJC_READING_LAST;
            check_object(&c, body->root);
        } else {
            tjc_verdict *readings = calloc(2, sizeof *readings);
            if (!readings) {
                c.oom = 1;
            } else {
                ctx first = {v, 0, &readings[0], 0}, last = {v, 1, &readings[1], 0};
                check_object(&first, body->root);
                check_object(&last, body->root);
                c.oom |= first.oom | last.oom;
                if (!c.oom)
                    merge(&c, &readings[0], &readings[1]);
                tjc_verdict_free(&readings[0]);
                tjc_verdict_free(&readings[1]);
                free(readings);
            }
        }
    }
    judge(out);
    if (c.oom) {
        tjc_verdict_free(out);
        return -1;
    }
    return 0;
}

void tjc_verdict_free(tjc_verdict *verdict)
{
    if (!verdict)
        return;
    tjc_arena_free(&verdict->texts);
    free(verdict->items);
    verdict->items = NULL;
    verdict->count = verdict->cap = 0;
}

int tjc_verdict_vadd(tjc_verdict *verdict, const tjc_rule *rule, tjc_level level,
                     const char *pointer, const char *fmt, va_list ap)
{
    if (counted_only(verdict, rule, level))
        return 0;
    char *p = NULL;
    if (pointer && !(p = held(verdict, pointer)))
        return -1;
    return push_formatted(verdict, rule, level, p, fmt, ap);
}

int tjc_verdict_add(tjc_verdict *verdict, const tjc_rule *rule, tjc_level level,
                    const char *pointer, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = tjc_verdict_vadd(verdict, rule, level, pointer, fmt, ap);
    va_end(ap);
    return rc;
}

int tjc_verdict_has(const tjc_verdict *verdict, const char *rule_id)
{
    for (size_t i = 0; i < verdict->count; i++)
        if (strcmp(verdict->items[i].rule->id, rule_id) == 0)
            return 1;
    return 0;
}

int tjc_verdict_has_at(const tjc_verdict *verdict, const char *rule_id, tjc_level level)
{
    for (size_t i = 0; i < verdict->count; i++)
        if (strcmp(verdict->items[i].rule->id, rule_id) == 0 && verdict->items[i].level == level)
            return 1;
    return 0;
}

const char *tjc_outcome_name(tjc_outcome outcome)
{
    switch (outcome) {
    case TJC_OUTCOME_ACCEPT: return "accept";
    case TJC_OUTCOME_EITHER: return "either";
    case TJC_OUTCOME_REJECT: return "reject";
    }
    return "?";
}

/* ---- the base body ---- */

static int remember(known_set *k, const char *value)
{
    const char **v = realloc(k->values, (k->count + 1) * sizeof *v);
    if (!v)
        return -1;
    k->values = v;
    k->values[k->count++] = value;
    return 0;
}

static int remember_fields(tjc_validator *v, const cJSON *obj, const field *fields, size_t n)
{
    for (const cJSON *m = obj->child; m; m = m->next)
        for (size_t k = 0; k < n; k++)
            if (fields[k].kind >= 0 && strcmp(fields[k].name, m->string) == 0 &&
                cJSON_IsString(m) && remember(&v->known[fields[k].kind], m->valuestring) != 0)
                return -1;
    return 0;
}

static int fail_base(tjc_validator *v, char *err, size_t err_len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail_base(tjc_validator *v, char *err, size_t err_len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_len, fmt, ap);
    va_end(ap);
    tjc_validator_free(v);
    return -1;
}

int tjc_validator_new(const unsigned char *base, size_t base_len, tjc_validator **out,
                      char *err, size_t err_len)
{
    *out = NULL;
    if (!base)
        base = (const unsigned char *)tjc_sample_body(&base_len);
    tjc_validator *v = calloc(1, sizeof *v);
    if (!v)
        return fail_base(v, err, err_len, "out of memory");
    for (size_t r = 0; r < R_COUNT; r++) {
        v->rule[r] = tjc_rule_find(rule_names[r]);
        if (!v->rule[r])
            return fail_base(v, err, err_len, "rule %s is not in the catalogue", rule_names[r]);
    }
    if (tjc_body_parse(base, base_len, &v->base) != 0)
        return fail_base(v, err, err_len, "out of memory reading the base body");
    if (!v->base.root)
        return fail_base(v, err, err_len, "the base body is not JSON: %s (byte %zu)",
                         v->base.error, v->base.error_offset);
    const cJSON *root = v->base.root;
    if (!cJSON_IsObject(root))
        return fail_base(v, err, err_len, "the base body is not a JSON object");
    v->base_workers = cJSON_GetObjectItemCaseSensitive(root, "worker_server_num");
    v->base_spec = cJSON_GetObjectItemCaseSensitive(root, "spec_id");
    v->base_engine = cJSON_GetObjectItemCaseSensitive(root, "engine_id");
    v->base_model = cJSON_GetObjectItemCaseSensitive(root, "model_id");
    int rc = remember_fields(v, root, top_fields, T_COUNT);
    const cJSON *source = cJSON_GetObjectItemCaseSensitive(root, "data_source");
    if (cJSON_IsArray(source))
        for (const cJSON *item = source->child; item && rc == 0; item = item->next)
            if (cJSON_IsObject(item))
                rc = remember_fields(v, item, source_fields, S_COUNT);
    if (rc != 0)
        return fail_base(v, err, err_len, "out of memory reading the base body");
    *out = v;
    return 0;
}

void tjc_validator_free(tjc_validator *v)
{
    if (!v)
        return;
    for (int k = 0; k < K_COUNT; k++)
        free(v->known[k].values);
    tjc_body_free(&v->base);
    free(v);
}
