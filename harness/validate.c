/*
 * The validator: spec/rules.md's request-body and path rules, applied to one body.
 * Each check cites its rule id; rules.md is the reference for every choice here.
 */
#include "validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "buf.h"
#include "number.h"
#include "sample.h"

#define DEPTH_LIMIT 64           /* BODY-DEPTH: deeper than this is open */
#define DESC_MAX 256             /* DESC-LEN, DESC-UTF16 */
#define CONFIG_NAME_MAX 64       /* PATH-UNKNOWN-CONFIG, from the create page */
#define SHOWN 40                 /* bytes of a value quoted in a message */

static const char USER_COMMAND_PREFIX[] = "bash /home/work/run_train.sh python ";

/* Catalogue values (E12): each kind collects what the base body names. */
enum known_kind { K_DATASET, K_VERSION, K_DATA_URL, K_APP, K_BOOT, K_TRAIN, K_LOG, K_IMAGE,
                  K_COUNT };

typedef struct known_set {
    const char **values;
    size_t count;
} known_set;

struct tjc_validator {
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

static const field top_fields[] = {
    {"config_desc", 0, -1},     {"worker_server_num", 1, -1}, {"app_url", 0, K_APP},
    {"boot_file_url", 0, K_BOOT}, {"model_id", 0, -1},        {"parameter", 0, -1},
    {"spec_id", 1, -1},         {"data_url", 0, K_DATA_URL},  {"dataset_id", 0, K_DATASET},
    {"dataset_version_id", 0, K_VERSION}, {"data_source", 0, -1}, {"engine_id", 0, -1},
    {"train_url", 0, K_TRAIN},  {"log_url", 0, K_LOG},        {"user_image_url", 0, K_IMAGE},
    {"user_command", 0, -1},
};

/* Table 3, plus dataset_version_id, which SOURCE-VERSION-NAME covers (E5). */
static const field source_fields[] = {
    {"dataset_id", 0, K_DATASET}, {"dataset_version", 0, K_VERSION}, {"type", 0, -1},
    {"data_url", 0, K_DATA_URL},  {"dataset_version_id", 0, K_VERSION},
};

/* Table 4, plus key, which PARAM-KEY covers (E2). */
static const field param_fields[] = {{"label", 0, -1}, {"value", 0, -1}, {"key", 0, -1}};

static const char *const string_members[] = {
    "app_url", "boot_file_url", "data_url", "dataset_id", "dataset_version_id",
    "train_url", "log_url", "user_image_url", "user_command"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- verdict lists ---- */

static size_t rule_index(const tjc_rule *r)
{
    return (size_t)(r - tjc_rules(NULL));
}

/* Whether another violation of this rule at this level is listed, or only counted. */
static int room_for(tjc_verdict *out, const tjc_rule *r, tjc_level level)
{
    if (!out->per_rule) {
        size_t n;
        tjc_rules(&n);
        out->per_rule = calloc(n * 3, sizeof *out->per_rule);
        if (!out->per_rule)
            return -1;
    }
    if (out->per_rule[rule_index(r) * 3 + level] >= TJC_VIOLATIONS_PER_RULE) {
        out->unlisted++;
        return 0;
    }
    return 1;
}

static int push(tjc_verdict *out, const tjc_rule *r, tjc_level level, char *pointer,
                char *message)
{
    if (out->count == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 16;
        tjc_violation *v = realloc(out->items, cap * sizeof *v);
        if (!v) {
            free(pointer);
            free(message);
            return -1;
        }
        out->items = v;
        out->cap = cap;
    }
    out->items[out->count++] = (tjc_violation){r, level, pointer, message};
    out->per_rule[rule_index(r) * 3 + level]++;
    return 0;
}

typedef struct ctx {
    const tjc_validator *v;
    int keep_last;     /* the reading of duplicate members */
    tjc_verdict *out;
    int oom;
} ctx;

/* Adds a violation at pointer base[/index][/key]; index < 0 and key NULL leave them out. */
static void add(ctx *c, const char *id, tjc_level level, const char *base, long index,
                const char *key, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void add(ctx *c, const char *id, tjc_level level, const char *base, long index,
                const char *key, const char *fmt, ...)
{
    const tjc_rule *r = tjc_rule_find(id);
    if (!r || c->oom)
        return;
    int room = room_for(c->out, r, level);
    if (room <= 0) {
        c->oom |= room < 0;
        return;
    }
    char *pointer = NULL;
    if (base) {
        tjc_buf p;
        tjc_buf_init(&p);
        tjc_buf_puts(&p, base);
        if (index >= 0)
            tjc_buf_printf(&p, "/%ld", index);
        if (key) {
            tjc_buf_putc(&p, '/');
            tjc_pointer_append_token(&p, key);
        }
        pointer = tjc_buf_take(&p);
        if (!pointer) {
            c->oom = 1;
            return;
        }
    }
    tjc_buf m;
    tjc_buf_init(&m);
    va_list ap;
    va_start(ap, fmt);
    tjc_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    char *message = tjc_buf_take(&m);
    if (!message) {
        free(pointer);
        c->oom = 1;
        return;
    }
    if (push(c->out, r, level, pointer, message) != 0)
        c->oom = 1;
}

/* ---- reading members ---- */

static const cJSON *member_raw(const ctx *c, const cJSON *obj, const char *name)
{
    const cJSON *found = NULL;
    for (const cJSON *m = obj->child; m; m = m->next)
        if (m->string && strcmp(m->string, name) == 0) {
            found = m;
            if (!c->keep_last)
                break;
        }
    return found;
}

/* An optional member: null reads as absent (E11). */
static const cJSON *member(const ctx *c, const cJSON *obj, const char *name)
{
    const cJSON *m = member_raw(c, obj, name);
    return m && cJSON_IsNull(m) ? NULL : m;
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
    add(c, "CATALOGUE-VALUES", TJC_LEVEL_INFO, base, index, key,
        "%s \"%.*s%s\" is not the base body's: a real target may check that it exists", key,
        SHOWN, node->valuestring, more(node->valuestring));
}

/* NULL-OPTIONAL and UNKNOWN-MEMBERS for one object. */
static void check_members(ctx *c, const cJSON *obj, const field *fields, size_t nfields,
                          const char *base, long index, const char *what)
{
    for (const cJSON *m = obj->child; m; m = m->next) {
        const field *f = NULL;
        for (size_t k = 0; k < nfields; k++)
            if (strcmp(fields[k].name, m->string) == 0)
                f = &fields[k];
        if (!f)
            add(c, "UNKNOWN-MEMBERS", TJC_LEVEL_INFO, base, index, m->string,
                "%s \"%.*s%s\" is not a member the page lists", what, SHOWN, m->string,
                more(m->string));
        else if (cJSON_IsNull(m) && !f->mandatory)
            add(c, "NULL-OPTIONAL", TJC_LEVEL_INFO, base, index, m->string,
                "%s is null: a server may read it as absent or refuse it", m->string);
    }
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
        add(c, "INT-FRACTION", TJC_LEVEL_MUST, "", -1, name,
            "%s is %.*s%s, not a whole number", name, SHOWN, node->valuestring,
            more(node->valuestring));
        return 0;
    }
    if (n->notation)
        add(c, "INT-NOTATION", TJC_LEVEL_INFO, "", -1, name,
            "%s is written %.*s%s: a whole number in fraction or exponent notation", name,
            SHOWN, node->valuestring, more(node->valuestring));
    if (!tjc_number_fits(n, bits))
        add(c, "INT-RANGE", TJC_LEVEL_SHOULD, "", -1, name,
            "%s is %.*s%s, beyond a %d-bit signed integer", name, SHOWN, node->valuestring,
            more(node->valuestring), bits);
    return 1;
}

/* The catalogue id members: spec_id, engine_id, model_id. */
static void check_id(ctx *c, const cJSON *node, const char *name, const char *type_rule,
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
        add(c, "IDS-NONNEG", TJC_LEVEL_SHOULD, "", -1, name, "%s is negative (%.*s%s)", name,
            SHOWN, node->valuestring, more(node->valuestring));
    tjc_number b;
    if (!base_value || !cJSON_IsNumber(base_value) || !base_value->valuestring ||
        tjc_number_read(base_value->valuestring, &b) != 0 || tjc_number_cmp(&n, &b) != 0)
        add(c, "CATALOGUE-VALUES", TJC_LEVEL_INFO, "", -1, name,
            "%s %.*s%s is not the base body's: a real target may check that it exists", name,
            SHOWN, node->valuestring, more(node->valuestring));
}

static void check_workers(ctx *c, const cJSON *root)
{
    const cJSON *w = member_raw(c, root, "worker_server_num");
    if (!w) {
        add(c, "WORKERS-REQ", TJC_LEVEL_MUST, "", -1, NULL, "worker_server_num is missing");
        return;
    }
    if (!cJSON_IsNumber(w)) {
        add(c, "WORKERS-TYPE", TJC_LEVEL_MUST, "", -1, "worker_server_num",
            "worker_server_num is %s, not a number", type_name(w));
        return;
    }
    tjc_number n;
    if (!check_integer(c, w, "worker_server_num", 32, &n))
        return;
    if (n.zero || n.negative)
        add(c, "WORKERS-MIN", TJC_LEVEL_SHOULD, "", -1, "worker_server_num",
            "worker_server_num is %.*s%s: a job needs at least 1 worker", SHOWN, w->valuestring,
            more(w->valuestring));
    const cJSON *base = c->v->base_workers;
    tjc_number b;
    if (!n.zero && !n.negative &&
        (!base || !base->valuestring || tjc_number_read(base->valuestring, &b) != 0 ||
         tjc_number_cmp(&n, &b) > 0))
        add(c, "WORKERS-MAX", TJC_LEVEL_INFO, "", -1, "worker_server_num",
            "worker_server_num %.*s%s is above the base body's: the maximum depends on the "
            "specification",
            SHOWN, w->valuestring, more(w->valuestring));
}

static void check_desc(ctx *c, const cJSON *root)
{
    const cJSON *d = member(c, root, "config_desc");
    if (!d)
        return;
    if (!cJSON_IsString(d)) {
        add(c, "DESC-TYPE", TJC_LEVEL_MUST, "", -1, "config_desc",
            "config_desc is %s, not a string", type_name(d));
        return;
    }
    size_t points = tjc_text_code_points(d->valuestring);
    size_t units = tjc_text_utf16_units(d->valuestring);
    if (points > DESC_MAX)
        add(c, "DESC-LEN", TJC_LEVEL_MUST, "", -1, "config_desc",
            "config_desc holds %zu characters (code points); at most %d are allowed", points,
            DESC_MAX);
    else if (units > DESC_MAX)
        add(c, "DESC-UTF16", TJC_LEVEL_INFO, "", -1, "config_desc",
            "config_desc holds %zu code points but %zu UTF-16 code units", points, units);
}

static void check_code(ctx *c, const cJSON *root)
{
    const cJSON *model = member(c, root, "model_id");
    const cJSON *app = member(c, root, "app_url");
    const cJSON *boot = member(c, root, "boot_file_url");
    const cJSON *engine = member(c, root, "engine_id");
    if (model)
        check_id(c, model, "model_id", "MODEL-TYPE", c->v->base_model);
    if (engine)
        check_id(c, engine, "engine_id", "ENGINE-TYPE", c->v->base_engine);
    if (!app != !boot) {
        const char *given = app ? "app_url" : "boot_file_url";
        const char *lacking = app ? "boot_file_url" : "app_url";
        add(c, "CODE-PAIR", model ? TJC_LEVEL_SHOULD : TJC_LEVEL_MUST, "", -1, given,
            "%s is given without %s%s", given, lacking,
            model ? " (model_id makes both unnecessary)" : "");
    }
    if (!model && !(app && boot))
        add(c, "CODE-SOURCE", TJC_LEVEL_MUST, "", -1, NULL,
            "the body names no code: neither model_id nor app_url with boot_file_url");
    if (model && app && boot)
        add(c, "CODE-BOTH", TJC_LEVEL_INFO, "", -1, "model_id",
            "model_id is given together with app_url and boot_file_url");
    if (!engine && !model)
        add(c, "ENGINE-DEFAULT", TJC_LEVEL_INFO, "", -1, NULL,
            "engine_id is left out without model_id (the page's default is 1)");
    if (cJSON_IsString(app) && cJSON_IsString(boot)) {
        size_t n = strlen(app->valuestring);
        int slash = n > 0 && app->valuestring[n - 1] == '/';
        if (strncmp(boot->valuestring, app->valuestring, n) != 0 ||
            (!slash && boot->valuestring[n] != '/'))
            add(c, "BOOT-IN-APP", TJC_LEVEL_SHOULD, "", -1, "boot_file_url",
                "boot_file_url \"%.*s%s\" is not inside app_url \"%.*s%s\"", SHOWN,
                boot->valuestring, more(boot->valuestring), SHOWN, app->valuestring,
                more(app->valuestring));
    }
    const cJSON *command = member(c, root, "user_command");
    if (command && !member(c, root, "user_image_url"))
        add(c, "CUSTOM-IMAGE-PAIR", TJC_LEVEL_SHOULD, "", -1, "user_command",
            "user_command is given without user_image_url");
    if (cJSON_IsString(command) &&
        strncmp(command->valuestring, USER_COMMAND_PREFIX, sizeof USER_COMMAND_PREFIX - 1) != 0)
        add(c, "USER-COMMAND-FORM", TJC_LEVEL_INFO, "", -1, "user_command",
            "user_command does not start \"%s\"", USER_COMMAND_PREFIX);
}

static void check_strings(ctx *c, const cJSON *root)
{
    for (size_t k = 0; k < COUNT(string_members); k++) {
        const cJSON *m = member(c, root, string_members[k]);
        if (m && !cJSON_IsString(m))
            add(c, "STRING-TYPES", TJC_LEVEL_MUST, "", -1, string_members[k],
                "%s is %s, not a string", string_members[k], type_name(m));
    }
    for (size_t k = 0; k < COUNT(top_fields); k++) {
        const cJSON *m = member(c, root, top_fields[k].name);
        if (m)
            check_catalogue_string(c, m, top_fields[k].kind, "", -1, top_fields[k].name);
    }
}

enum item_kind { ITEM_NONE, ITEM_OBS, ITEM_DATASET };

static enum item_kind check_source_item(ctx *c, const cJSON *item, long i)
{
    static const char base[] = "/data_source";
    check_members(c, item, source_fields, COUNT(source_fields), base, i, "data_source item member");
    const cJSON *id = member(c, item, "dataset_id");
    const cJSON *version = member(c, item, "dataset_version");
    const cJSON *url = member(c, item, "data_url");
    const cJSON *type = member(c, item, "type");
    const char *version_name = "dataset_version";
    const cJSON *version_id = member(c, item, "dataset_version_id");
    if (version_id) {
        add(c, "SOURCE-VERSION-NAME", TJC_LEVEL_INFO, base, i, "dataset_version_id",
            "the item names its version dataset_version_id, not dataset_version (errata E5)");
        if (!version) {
            version = version_id;
            version_name = "dataset_version_id";
        }
    }
    const struct { const cJSON *node; const char *name; int kind; } strings[] = {
        {id, "dataset_id", K_DATASET}, {version, version_name, K_VERSION},
        {type, "type", -1}, {url, "data_url", K_DATA_URL}};
    for (size_t k = 0; k < COUNT(strings); k++) {
        if (strings[k].node && !cJSON_IsString(strings[k].node))
            add(c, "SOURCE-STRINGS", TJC_LEVEL_MUST, base, i, strings[k].name,
                "%s is %s, not a string", strings[k].name, type_name(strings[k].node));
        if (strings[k].node)
            check_catalogue_string(c, strings[k].node, strings[k].kind, base, i,
                                   strings[k].name);
    }
    if (version_id && version != version_id)
        check_catalogue_string(c, version_id, K_VERSION, base, i, "dataset_version_id");

    int is_obs = 0, is_dataset = 0;
    if (cJSON_IsString(type)) {
        is_obs = strcmp(type->valuestring, "obs") == 0;
        is_dataset = strcmp(type->valuestring, "dataset") == 0;
        if (!is_obs && !is_dataset)
            add(c, "SOURCE-TYPE", TJC_LEVEL_MUST, base, i, "type",
                "type is \"%.*s%s\": it can be obs or dataset", SHOWN, type->valuestring,
                more(type->valuestring));
    }
    int has_dataset = id || version;
    if (!url && !has_dataset)
        add(c, "SOURCE-EMPTY", TJC_LEVEL_SHOULD, base, i, NULL,
            "the item has none of data_url, dataset_id, dataset_version");
    if (!id != !version)
        add(c, "SOURCE-PAIR", TJC_LEVEL_MUST, base, i, id ? "dataset_id" : version_name,
            "%s is given without %s", id ? "dataset_id" : version_name,
            id ? "dataset_version" : "dataset_id");
    if (url && has_dataset)
        add(c, "SOURCE-EXCL", TJC_LEVEL_MUST, base, i, "data_url",
            "data_url is given together with %s", id ? "dataset_id" : version_name);
    if ((is_obs && has_dataset) || (is_dataset && url))
        add(c, "SOURCE-TYPE-MATCH", TJC_LEVEL_SHOULD, base, i, "type",
            "type is %s but the item has %s", is_obs ? "obs" : "dataset",
            is_obs ? "dataset members" : "data_url");
    if (is_obs || (!type && url && !has_dataset))
        return ITEM_OBS;
    if (is_dataset || (!type && has_dataset && !url))
        return ITEM_DATASET;
    return ITEM_NONE;
}

static void check_data(ctx *c, const cJSON *root)
{
    const cJSON *url = member(c, root, "data_url");
    const cJSON *source = member(c, root, "data_source");
    const cJSON *id = member(c, root, "dataset_id");
    const cJSON *version = member(c, root, "dataset_version_id");
    int kinds = !!url + !!source + !!(id || version);
    if (!id != !version)
        add(c, "DATASET-PAIR", TJC_LEVEL_MUST, "", -1, id ? "dataset_id" : "dataset_version_id",
            "%s is given without %s", id ? "dataset_id" : "dataset_version_id",
            id ? "dataset_version_id" : "dataset_id");
    if (kinds == 0)
        add(c, "DATA-ONE", TJC_LEVEL_MUST, "", -1, NULL,
            "no data input: one of data_url, data_source, dataset_id with dataset_version_id "
            "must exist");
    else if (kinds > 1)
        add(c, "DATA-ONE", TJC_LEVEL_MUST, "", -1, NULL,
            "%d kinds of data input at once (%s%s%s): exactly one may be given", kinds,
            url ? "data_url " : "", source ? "data_source " : "",
            id || version ? "dataset_id/dataset_version_id" : "");
    else if (!url && !source && !(id && version))
        add(c, "DATA-ONE", TJC_LEVEL_MUST, "", -1, NULL,
            "no complete data input: %s alone is none", id ? "dataset_id" : "dataset_version_id");

    if (!source)
        return;
    if (!cJSON_IsArray(source)) {
        add(c, "SOURCE-ARRAY", TJC_LEVEL_MUST, "", -1, "data_source",
            "data_source is %s, not an array", type_name(source));
        return;
    }
    if (!source->child)
        add(c, "SOURCE-EMPTY", TJC_LEVEL_SHOULD, "", -1, "data_source",
            "data_source is an empty array: it names no data");
    long i = 0, obs = 0, dataset = 0;
    for (const cJSON *item = source->child; item; item = item->next, i++) {
        if (!cJSON_IsObject(item)) {
            add(c, "SOURCE-ARRAY", TJC_LEVEL_MUST, "/data_source", i, NULL,
                "data_source item %ld is %s, not an object", i, type_name(item));
            continue;
        }
        enum item_kind kind = check_source_item(c, item, i);
        obs += kind == ITEM_OBS;
        dataset += kind == ITEM_DATASET;
    }
    if (obs && dataset)
        add(c, "SOURCE-NO-MIX", TJC_LEVEL_MUST, "", -1, "data_source",
            "data_source mixes %ld obs and %ld dataset items", obs, dataset);
}

static void check_parameters(ctx *c, const cJSON *root)
{
    const cJSON *params = member(c, root, "parameter");
    if (!params)
        return;
    if (!cJSON_IsArray(params)) {
        add(c, "PARAM-ARRAY", TJC_LEVEL_MUST, "", -1, "parameter",
            "parameter is %s, not an array", type_name(params));
        return;
    }
    static const char base[] = "/parameter";
    long i = 0;
    for (const cJSON *item = params->child; item; item = item->next, i++) {
        if (!cJSON_IsObject(item)) {
            add(c, "PARAM-ARRAY", TJC_LEVEL_MUST, base, i, NULL,
                "parameter item %ld is %s, not an object", i, type_name(item));
            continue;
        }
        check_members(c, item, param_fields, COUNT(param_fields), base, i,
                      "parameter item member");
        const cJSON *label = member(c, item, "label");
        const cJSON *value = member(c, item, "value");
        if (label && !cJSON_IsString(label))
            add(c, "PARAM-LABEL", TJC_LEVEL_MUST, base, i, "label", "label is %s, not a string",
                type_name(label));
        if (value && cJSON_IsNumber(value))
            add(c, "PARAM-VALUE", TJC_LEVEL_INFO, base, i, "value",
                "value is a number; Table 4 says String, the published sample sends numbers");
        else if (value && !cJSON_IsString(value))
            add(c, "PARAM-VALUE-TYPE", TJC_LEVEL_SHOULD, base, i, "value",
                "value is %s, not a string or a number", type_name(value));
        if (member(c, item, "key"))
            add(c, "PARAM-KEY", TJC_LEVEL_INFO, base, i, "key",
                "the item says key, as the published sample does, where Table 4 says label");
    }
}

/* One reading of a body that is a JSON object. */
static void check_object(ctx *c, const cJSON *root)
{
    check_members(c, root, top_fields, COUNT(top_fields), "", -1, "member");
    check_desc(c, root);
    check_workers(c, root);
    const cJSON *spec = member_raw(c, root, "spec_id");
    if (!spec)
        add(c, "SPEC-REQ", TJC_LEVEL_MUST, "", -1, NULL, "spec_id is missing");
    else
        check_id(c, spec, "spec_id", "SPEC-TYPE", c->v->base_spec);
    check_code(c, root);
    check_strings(c, root);
    check_data(c, root);
    check_parameters(c, root);
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
    if (only_when && v->level != TJC_LEVEL_INFO) {
        /* a server that read the duplicate the other way sees no such violation */
        tjc_buf m;
        tjc_buf_init(&m);
        tjc_buf_printf(&m, "%s (%s only when a server keeps the %s copy of a duplicate member)",
                       v->message, tjc_level_name(v->level), only_when);
        char *message = tjc_buf_take(&m);
        if (!message)
            return -1;
        free(v->message);
        v->message = message;
        v->level = TJC_LEVEL_INFO;
    }
    int room = room_for(c->out, v->rule, v->level);
    if (room <= 0)
        return room;
    int rc = push(c->out, v->rule, v->level, v->pointer, v->message);
    v->pointer = v->message = NULL;
    return rc;
}

/* Moves the violations of the reading(s) into out. With duplicates, what both readings
 * show keeps its level; what only one shows is lowered to INFO. */
static void merge(ctx *c, tjc_verdict *first, tjc_verdict *last, int duplicates)
{
    unsigned char *in_last = NULL, *in_first = NULL;
    if (duplicates) {
        in_last = calloc(first->count + 1, 1);
        in_first = calloc(last->count + 1, 1);
        if (!in_last || !in_first) {
            c->oom = 1;
            goto done;
        }
        for (size_t i = 0; i < first->count; i++)
            for (size_t k = 0; k < last->count; k++)
                if (same(&first->items[i], &last->items[k]))
                    in_last[i] = in_first[k] = 1;
    }
    for (size_t i = 0; i < first->count && !c->oom; i++)
        if (move_into(c, &first->items[i], duplicates && !in_last[i] ? "first" : NULL) < 0)
            c->oom = 1;
    for (size_t k = 0; duplicates && k < last->count && !c->oom; k++)
        if (!in_first[k] && move_into(c, &last->items[k], "last") < 0)
            c->oom = 1;
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
        add(c, "BODY-BOM", TJC_LEVEL_INFO, "", -1, NULL,
            "the body starts with a UTF-8 byte order mark");
    if (!body->root)
        return;
    if (body->depth > DEPTH_LIMIT)
        add(c, "BODY-DEPTH", TJC_LEVEL_INFO, "", -1, NULL,
            "the body nests %zu levels deep (more than %d)", body->depth, DEPTH_LIMIT);
    for (size_t i = 0; i < body->note_count; i++) {
        const tjc_body_note *n = &body->notes[i];
        const char *what = n->kind == TJC_NOTE_DUPLICATE ? "DUP-MEMBERS" : "STRING-ODD";
        const char *message = n->kind == TJC_NOTE_DUPLICATE ? "the member is given twice or more in one object"
                              : n->kind == TJC_NOTE_NUL     ? "a string holds U+0000"
                                                            : "a string holds a lone surrogate escape";
        add(c, what, TJC_LEVEL_INFO, n->pointer, -1, NULL, "%s", message);
    }
}

int tjc_validate(const tjc_validator *v, const unsigned char *bytes, size_t len,
                 const char *config_name, tjc_verdict *out)
{
    memset(out, 0, sizeof *out);
    tjc_body body;
    if (tjc_body_parse(bytes, len, &body) != 0) {
        tjc_body_free(&body);
        return -1;
    }
    ctx c = {v, 0, out, 0};
    if (config_name && !tjc_config_name_possible(config_name))
        add(&c, "PATH-UNKNOWN-CONFIG", TJC_LEVEL_MUST, NULL, -1, NULL,
            "no configuration can be named \"%.*s%s\" (names are 1 to 64 letters, digits, _ "
            "and -)",
            SHOWN, config_name, more(config_name));
    check_body_notes(&c, &body);
    if (!body.root) {
        add(&c, "BODY-JSON", TJC_LEVEL_MUST, "", -1, NULL, "not one JSON text: %s (byte %zu)",
            body.error, body.error_offset);
    } else if (!cJSON_IsObject(body.root)) {
        add(&c, "BODY-OBJECT", TJC_LEVEL_MUST, "", -1, NULL,
            "the body is %s, not an object", type_name(body.root));
    } else {
        int duplicates = 0;
        for (size_t i = 0; i < body.note_count; i++)
            duplicates |= body.notes[i].kind == TJC_NOTE_DUPLICATE;
        tjc_verdict first = {0}, last = {0};
        ctx a = {v, 0, &first, 0}, b = {v, 1, &last, 0};
        check_object(&a, body.root);
        if (duplicates)
            check_object(&b, body.root);
        c.oom |= a.oom | b.oom;
        merge(&c, &first, &last, duplicates);
        out->unlisted += first.unlisted > last.unlisted ? first.unlisted : last.unlisted;
        tjc_verdict_free(&first);
        tjc_verdict_free(&last);
    }
    tjc_body_free(&body);
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
    for (size_t i = 0; i < verdict->count; i++) {
        free(verdict->items[i].pointer);
        free(verdict->items[i].message);
    }
    free(verdict->items);
    free(verdict->per_rule);
    memset(verdict, 0, sizeof *verdict);
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

int tjc_validator_new(const unsigned char *base, size_t base_len, tjc_validator **out,
                      char *err, size_t err_len)
{
    *out = NULL;
    if (!base)
        base = (const unsigned char *)tjc_sample_body(&base_len);
    tjc_validator *v = calloc(1, sizeof *v);
    if (!v || tjc_body_parse(base, base_len, &v->base) != 0) {
        snprintf(err, err_len, "out of memory reading the base body");
        tjc_validator_free(v);
        return -1;
    }
    if (!v->base.root) {
        snprintf(err, err_len, "the base body is not JSON: %s (byte %zu)", v->base.error,
                 v->base.error_offset);
        tjc_validator_free(v);
        return -1;
    }
    const cJSON *root = v->base.root;
    if (!cJSON_IsObject(root)) {
        snprintf(err, err_len, "the base body is not a JSON object");
        tjc_validator_free(v);
        return -1;
    }
    v->base_workers = cJSON_GetObjectItemCaseSensitive(root, "worker_server_num");
    v->base_spec = cJSON_GetObjectItemCaseSensitive(root, "spec_id");
    v->base_engine = cJSON_GetObjectItemCaseSensitive(root, "engine_id");
    v->base_model = cJSON_GetObjectItemCaseSensitive(root, "model_id");
    int rc = remember_fields(v, root, top_fields, COUNT(top_fields));
    const cJSON *source = cJSON_GetObjectItemCaseSensitive(root, "data_source");
    if (cJSON_IsArray(source))
        for (const cJSON *item = source->child; item && rc == 0; item = item->next)
            if (cJSON_IsObject(item))
                rc = remember_fields(v, item, source_fields, COUNT(source_fields));
    if (rc != 0) {
        snprintf(err, err_len, "out of memory reading the base body");
        tjc_validator_free(v);
        return -1;
    }
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
