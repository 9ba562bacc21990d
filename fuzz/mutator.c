/*
 * mutator: a structure-aware custom mutator for the request-body fuzz targets.
 *
 * libFuzzer's byte-level mutations almost always break a JSON body (BODY-JSON) and seldom
 * reach the rules that need a well-formed object with the right members in the right
 * pairs (DATA-ONE, SOURCE-NO-MIX, CODE-PAIR...). This mutator reads the body with the
 * validator's own reader (body.h: a cJSON tree whose numbers keep their lexemes in
 * valuestring and whose strings hold U+0000 as C0 80 and lone surrogates as WTF-8),
 * changes the tree the way the page's rules are shaped (spec/rules.md), and writes it back
 * with tjc_body_write, so that a number is written exactly as its lexeme: a boundary such
 * as 9223372036854775808 or 1.0 reaches the target as those bytes, never via a double.
 *
 * One mutation per call (sometimes a few), chosen with a PRNG seeded by libFuzzer's seed
 * and nothing else: the same bytes and seed give the same result, in any build (no two
 * draws of the PRNG are unsequenced, so gcc and clang make the same choices). Bytes that
 * are not one JSON text, a tree too deep to write, and a result larger than max_size go
 * to libFuzzer's own LLVMFuzzerMutate; so do a small share of the JSON inputs, so that
 * byte-level damage keeps reaching the reader too, and half of the bodies nested deeper
 * than the reader builds its tree (TJC_BODY_TREE_DEPTH), so that they stay that deep; the
 * other half are cut to between 65 and 500 levels and mutated as trees.
 *
 * Trees are built only from whole nodes: a node is linked in once it is complete, and a
 * failed allocation leaves the tree as it was, so the tree can always be written.
 *
 * Memory: the tree read from the input lives in the body's arena (body.h) and every node
 * and text a call makes lives in the call's own arena (arena.h); both are released when
 * the call ends, and no node is ever freed on its own (a node dropped from the tree is left
 * behind). So the mutator never calls cJSON's allocating functions (cJSON_Create*,
 * cJSON_Duplicate, cJSON_Add*, cJSON_Replace*, cJSON_Delete) and never changes cJSON's
 * hooks: a handler linked into fuzz_serve may use cJSON from threads of its own. One call
 * at a time (libFuzzer calls the mutator from its fuzzing thread only).
 */
#include "mutator.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "mutator_names.h" /* the mutator's own, uninstrumented reader: mutator_reader.c */
#include "arena.h"
#include "body.h"
#include "buf.h"

/* Not code under test: libFuzzer clears the coverage counters before each run, so what the
 * mutator hits would be thrown away; without SanitizerCoverage it costs a fraction. */
#ifdef __clang__
#pragma clang attribute push(__attribute__((no_sanitize("coverage"))), apply_to = function)
#endif

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ==== the PRNG: splitmix64, one state per call ==== */

typedef struct rng {
    uint64_t state;
} rng;

static uint64_t next64(rng *r)
{
    uint64_t z = (r->state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static size_t below(rng *r, size_t n)
{
    return n ? (size_t)(next64(r) % n) : 0;
}

static int chance(rng *r, unsigned percent)
{
    return below(r, 100) < percent;
}

#define PICK(r, a) ((a)[below((r), COUNT(a))])

/* ==== what the page's tables name ==== */

/* The kind of value a member holds, for making a plausible one. */
typedef enum vkind {
    V_DESC, V_WORKERS, V_ID, V_APP, V_BOOT, V_PARAMS, V_DATA_URL, V_DATASET, V_VERSION,
    V_SOURCE, V_TRAIN, V_LOG, V_IMAGE, V_COMMAND, V_TYPE, V_LABEL, V_VALUE
} vkind;

typedef struct field {
    const char *name;
    vkind kind;
} field;

/* Table 2, in the page's order */
static const field table2[] = {
    {"config_desc", V_DESC},       {"worker_server_num", V_WORKERS},
    {"app_url", V_APP},            {"boot_file_url", V_BOOT},
    {"model_id", V_ID},            {"parameter", V_PARAMS},
    {"spec_id", V_ID},             {"data_url", V_DATA_URL},
    {"dataset_id", V_DATASET},     {"dataset_version_id", V_VERSION},
    {"data_source", V_SOURCE},     {"engine_id", V_ID},
    {"train_url", V_TRAIN},        {"log_url", V_LOG},
    {"user_image_url", V_IMAGE},   {"user_command", V_COMMAND},
};

/* Table 3, and the dataset_version_id its own dataset_id row names (errata E5) */
static const field table3[] = {
    {"dataset_id", V_DATASET}, {"dataset_version", V_VERSION}, {"type", V_TYPE},
    {"data_url", V_DATA_URL},  {"dataset_version_id", V_VERSION},
};

/* Table 4, and the sample's key (errata E2) */
static const field table4[] = {{"label", V_LABEL}, {"value", V_VALUE}, {"key", V_LABEL}};

/* The members whose type is Integer or Long */
static const char *const integer_members[] = {"worker_server_num", "spec_id", "engine_id",
                                              "model_id"};

/* The boundaries the conformance catalogue uses (conformance/integers, code, ...), and a
 * few neighbours. Each is written as it stands. */
static const char *const boundaries[] = {
    "0", "1", "-1", "2", "32", "0.01", "2147483647", "2147483648", "-2147483648",
    "-2147483649", "4294967296", "9007199254740993", "9223372036854775807",
    "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
    "18446744073709551616", "1.0", "1e0", "1E0", "10E-1", "1e+0", "100e-2", "1.5", "0.5",
    "1e-1", "-0", "-0.0", "0e0", "9.223372036854775807e18", "1.000000000000000000001",
    "1e400", "123456789012345678901234567890",
};

#define DATASET "38277e62-9e59-48f4-8d89-c8cf41622c24"
#define VERSION "2ff0d6ba-c480-45ae-be41-09a8369bfc90"
#define COMMAND_PREFIX "bash /home/work/run_train.sh python "

static const char *const app_urls[] = {"/usr/app/", "/usr/app/", "/usr/app", "/usr/app2/", ""};
static const char *const boot_urls[] = {"/usr/app/boot.py", "/usr/app/boot.py",
                                        "/usr/app2/boot.py", "boot.py", "/usr/app/sub/boot.py",
                                        "/usr/appboot.py"};
static const char *const data_urls[] = {"/usr/data/", "/bucket/data/", "obs://bucket/data/", ""};
static const char *const datasets[] = {DATASET, DATASET, "other-dataset", ""};
static const char *const versions[] = {VERSION, VERSION, "other-version", ""};
static const char *const types[] = {"obs", "dataset", "obs", "dataset", "OBS", "file", ""};
static const char *const labels[] = {"learning_rate", "batch_size", "epochs", ""};
static const char *const commands[] = {
    COMMAND_PREFIX "/home/work/user-job-dir/app/boot.py",
    COMMAND_PREFIX "boot.py --lr 0.01",
    COMMAND_PREFIX,
    COMMAND_PREFIX "   ",
    "python boot.py",
    "",
};
static const char *const images[] = {"swr.cn-north-1.myhuaweicloud.com/org/image:1.0",
                                     "image:latest", ""};

/* Names the page does not list: misspellings, other tables' names, real clients' extras,
 * odd strings (U+0000, a lone surrogate, both held as body.h holds them). */
static const char *const unknown_names[] = {
    "worker_server_nums", "Worker_server_num", "worker_server_num ", "spec", "specId",
    "config_name", "id", "name", "location", "description", "dataset_version", "type",
    "label", "value", "", "x", "\xc0\x80", "\xed\xa0\x80", "config_desc\xc0\x80",
};

/* Units a generated string is made of: ASCII, Latin, CJK (3 bytes), astral (4 bytes, two
 * UTF-16 units), a combining mark. */
static const char *const units[] = {"a", "\xc3\xa9", "\xe4\xb8\xad", "\xf0\x9f\x98\x80",
                                    "\xcc\x81"};

/* Characters that are odd in a string or need an escape when written: U+0000 and lone
 * surrogates (held forms), quote, backslash, controls, DEL, U+FFFF, U+FEFF. */
static const char *const odd_chars[] = {
    "\xc0\x80", "\xed\xa0\x80", "\xed\xb0\x80", "\xed\xaf\xbf", "\"", "\\", "\n", "\t",
    "\x01", "\x1f", "\x7f", "/", "\xef\xbf\xbf", "\xef\xbb\xbf",
};

/* Strings for a member of any type. */
static const char *const short_strings[] = {"/usr/app/", "/usr/data/", "obs", "dataset",
                                            "learning_rate", "1", "0.01", "", "x", "null"};

/* Code point counts around DESC-LEN's and DESC-UTF16's boundaries. */
static const size_t lengths[] = {0, 1, 16, 128, 129, 200, 255, 256, 256, 257, 257, 258, 300};

/* ==== nodes: all in the call's arena (see the top of the file) ==== */

static tjc_arena *call_arena;

static void *piece(size_t n)
{
    return tjc_arena_alloc(&call_arena, n, 16384);
}

static void end_call(void)
{
    tjc_arena_free(&call_arena);
}

static cJSON *new_node(int type)
{
    cJSON *node = piece(sizeof *node);
    if (node) {
        memset(node, 0, sizeof *node);
        node->type = type;
    }
    return node;
}

static cJSON *new_null(void)
{
    return new_node(cJSON_NULL);
}

static cJSON *new_object(void)
{
    return new_node(cJSON_Object);
}

static cJSON *new_array(void)
{
    return new_node(cJSON_Array);
}

static cJSON *new_bool(int value)
{
    return new_node(value ? cJSON_True : cJSON_False);
}

static char *new_text(const char *s)
{
    return tjc_arena_strdup(&call_arena, s, 16384);
}

/* A number node holding its lexeme, as body.c makes them. */
static cJSON *number(const char *lexeme)
{
    char *text = new_text(lexeme);
    cJSON *node = text ? new_node(cJSON_Number) : NULL;
    if (node)
        tjc_number_node_set(node, text);
    return node;
}

static cJSON *string(const char *s)
{
    char *text = new_text(s);
    cJSON *node = text ? new_node(cJSON_String) : NULL;
    if (node)
        node->valuestring = text;
    return node;
}

/* Sets a node's member name (a text of the arenas, or NULL). */
static void set_key(cJSON *node, char *key)
{
    node->type &= ~cJSON_StringIsConst;
    node->string = key;
}

/* Links `item` in as the last child of `container` (cJSON's list: the first child's prev
 * is the last one). */
static void append(cJSON *container, cJSON *item)
{
    item->next = NULL;
    if (!container->child) {
        container->child = item;
        item->prev = item;
    } else {
        cJSON *last = container->child->prev;
        last->next = item;
        item->prev = last;
        container->child->prev = item;
    }
}

/* A copy of a whole subtree. */
static cJSON *copy_of(const cJSON *node)
{
    if (!node)
        return NULL;
    cJSON *copy = new_node(node->type & ~(cJSON_IsReference | cJSON_StringIsConst));
    if (!copy)
        return NULL;
    copy->valueint = node->valueint;
    copy->valuedouble = node->valuedouble;
    if ((node->valuestring && !(copy->valuestring = new_text(node->valuestring))) ||
        (node->string && !(copy->string = new_text(node->string))))
        return NULL;
    for (const cJSON *c = node->child; c; c = c->next) {
        cJSON *child = copy_of(c);
        if (!child)
            return NULL;
        append(copy, child);
    }
    return copy;
}

/* Adds to an object (as member `name`) or to an array. */
static int add_to(cJSON *container, const char *name, cJSON *value)
{
    if (!value)
        return -1;
    if (cJSON_IsObject(container)) {
        char *key = new_text(name ? name : "");
        if (!key)
            return -1;
        set_key(value, key);
    } else {
        set_key(value, NULL);
    }
    append(container, value);
    return 0;
}

static cJSON *member(const cJSON *obj, const char *name)
{
    for (cJSON *c = obj->child; c; c = c->next)
        if (c->string && strcmp(c->string, name) == 0)
            return c;
    return NULL;
}

/* Puts `value` where `old` is in `parent`, keeping old's member name; old is dropped. */
static int replace(cJSON *parent, cJSON *old, cJSON *value)
{
    if (!value || !parent)
        return -1;
    if (value == old)
        return 0;
    set_key(value, cJSON_IsObject(parent) ? old->string : NULL);
    value->next = old->next;
    value->prev = old->prev;
    if (parent->child == old) {
        parent->child = value;
        if (!value->next)
            value->prev = value; /* the only child */
    } else {
        value->prev->next = value;
    }
    if (value->next)
        value->next->prev = value;
    else
        parent->child->prev = value; /* the last child */
    old->next = old->prev = NULL;
    return 0;
}

/* Gives obj a member `name` holding value: replaces the first so named, or adds one. */
static int set_member(cJSON *obj, const char *name, cJSON *value)
{
    cJSON *old = member(obj, name);
    return old ? replace(obj, old, value) : add_to(obj, name, value);
}

static void remove_node(cJSON *parent, cJSON *node)
{
    cJSON_DetachItemViaPointer(parent, node); /* no allocation; the node stays behind */
}

static void remove_all(cJSON *obj, const char *name)
{
    cJSON *c = obj->child;
    while (c) {
        cJSON *next = c->next;
        if (c->string && strcmp(c->string, name) == 0)
            remove_node(obj, c);
        c = next;
    }
}

static size_t child_count(const cJSON *node)
{
    size_t n = 0;
    for (const cJSON *c = node->child; c; c = c->next)
        n++;
    return n;
}

static cJSON *nth_child(const cJSON *node, size_t i)
{
    cJSON *c = node->child;
    while (c && i--)
        c = c->next;
    return c;
}

static cJSON *random_child(rng *r, const cJSON *node)
{
    size_t n = child_count(node);
    return n ? nth_child(node, below(r, n)) : NULL;
}

/* ==== picking a node at random: one pass, reservoir sampling ==== */

typedef enum want {
    W_ANY,       /* any node below the root */
    W_MEMBER,    /* a member of an object */
    W_OBJECT,    /* an object, the root included */
    W_ARRAY,     /* an array */
    W_NUMBER,
    W_STRING,
} want;

typedef struct pick {
    cJSON *parent, *node;
    size_t depth;   /* the node's nesting level: the root is 1 */
    size_t seen;
} pick;

static int wanted(want w, const cJSON *parent, const cJSON *node)
{
    switch (w) {
    case W_ANY: return parent != NULL;
    case W_MEMBER: return parent && cJSON_IsObject(parent);
    case W_OBJECT: return cJSON_IsObject(node);
    case W_ARRAY: return cJSON_IsArray(node);
    case W_NUMBER: return cJSON_IsNumber(node);
    case W_STRING: return cJSON_IsString(node);
    }
    return 0;
}

static void walk(rng *r, cJSON *parent, cJSON *node, size_t depth, want w, pick *p)
{
    if (wanted(w, parent, node) && below(r, ++p->seen) == 0) {
        p->parent = parent;
        p->node = node;
        p->depth = depth;
    }
    if (cJSON_IsArray(node) || cJSON_IsObject(node))
        for (cJSON *c = node->child; c; c = c->next)
            walk(r, node, c, depth + 1, w, p);
}

static pick pick_node(rng *r, cJSON *root, want w)
{
    pick p = {NULL, NULL, 0, 0};
    walk(r, NULL, root, 1, w, &p);
    return p;
}

/* ==== the mutation state ==== */

/* Mutants grow past this size only now and then (grow), and inputs above it are trimmed
 * half of the time: the validator's cost grows with the body, no body rule needs a larger
 * one (BODY-LARGE's 64 KiB is a robustness matter, reached when max_size allows), and
 * libFuzzer gives a custom mutator max_len from the start (no -len_control), while
 * hit-count features keep rewarding longer arrays. */
#define SOFT_SIZE 4096

typedef struct mut {
    rng r;
    cJSON *root;
    size_t max_size;
    size_t size;       /* the input's size: a rough measure of the written tree's */
    int bom;           /* write a UTF-8 byte order mark first */
    const char *tail;  /* bytes to write after the text */
    int cut;           /* cut the written bytes short */
} mut;

/* The root as an object: a root that is not one goes into a new body as a member. */
static cJSON *root_object(mut *m)
{
    if (cJSON_IsObject(m->root))
        return m->root;
    cJSON *obj = new_object();
    if (!obj)
        return NULL;
    if (add_to(obj, "worker_server_num", number("1")) != 0 ||
        add_to(obj, "spec_id", number("1")) != 0 ||
        add_to(obj, PICK(&m->r, table2).name, m->root) != 0)
        return NULL;
    m->root = obj;
    return obj;
}

/* ==== strings (held as body.h holds them) ==== */

/* The byte offset where the nth code point of a held string starts (len past the last).
 * Every code point starts with a byte that is not 10xxxxxx, the held forms (C0 80, WTF-8)
 * included. */
static size_t boundary_at(const char *s, size_t len, size_t nth)
{
    size_t seen = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && seen++ == nth)
            return i;
    return len;
}

static size_t code_points(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* A string node holding what b holds; frees b. */
static cJSON *string_of(tjc_buf *b)
{
    cJSON *node = b->failed ? NULL : string(b->len ? b->data : "");
    tjc_buf_free(b);
    return node;
}

/* A generated string: a length around DESC-LEN's boundary in one unit (or mixed), and
 * sometimes an odd character in place of one unit, so the code point count stays. */
static cJSON *generated_string(mut *m)
{
    size_t count = PICK(&m->r, lengths);
    int mixed = chance(&m->r, 15);
    const char *unit = PICK(&m->r, units);
    size_t odd_at = chance(&m->r, 35) && count ? below(&m->r, count) : (size_t)-1;
    const char *odd = PICK(&m->r, odd_chars);
    tjc_buf b;
    tjc_buf_init(&b);
    tjc_buf_reserve(&b, count * 4 + 1);
    for (size_t i = 0; i < count; i++)
        tjc_buf_puts(&b, i == odd_at ? odd : mixed ? PICK(&m->r, units) : unit);
    return string_of(&b);
}

/* An existing string, changed: an odd character or a few units put in at a code point
 * boundary, cut short, doubled, or replaced by a generated string. */
static cJSON *edited_string(mut *m, const char *s)
{
    size_t len = strlen(s);
    size_t points = code_points(s, len);
    tjc_buf b;
    tjc_buf_init(&b);
    switch (below(&m->r, 5)) {
    case 0: { /* an odd character */
        size_t at = boundary_at(s, len, below(&m->r, points + 1));
        tjc_buf_append(&b, s, at);
        tjc_buf_puts(&b, PICK(&m->r, odd_chars));
        tjc_buf_puts(&b, s + at);
        break;
    }
    case 1: { /* a few units */
        size_t at = boundary_at(s, len, below(&m->r, points + 1));
        const char *unit = PICK(&m->r, units);
        tjc_buf_append(&b, s, at);
        for (size_t k = 1 + below(&m->r, 4); k; k--)
            tjc_buf_puts(&b, unit);
        tjc_buf_puts(&b, s + at);
        break;
    }
    case 2: /* cut short */
        tjc_buf_append(&b, s, boundary_at(s, len, below(&m->r, points + 1)));
        break;
    case 3: /* doubled */
        tjc_buf_puts(&b, s);
        tjc_buf_puts(&b, s);
        break;
    default:
        tjc_buf_free(&b);
        return generated_string(m);
    }
    return string_of(&b);
}

/* ==== values ==== */

static cJSON *good_value(mut *m, vkind kind);

/* A value of a random type; containers hold at most one small value. */
static cJSON *random_value(mut *m, int nested)
{
    switch (below(&m->r, nested ? 9 : 7)) {
    case 0: return new_null();
    case 1: return new_bool(chance(&m->r, 50));
    case 2: return number(PICK(&m->r, boundaries));
    case 3: return chance(&m->r, 70) ? string(PICK(&m->r, short_strings)) : generated_string(m);
    case 4: return new_array();
    case 5: return new_object();
    case 6: return string("1");
    case 7: {
        cJSON *a = new_array();
        if (a && add_to(a, NULL, random_value(m, 0)) != 0)
            return NULL;
        return a;
    }
    default: {
        cJSON *o = new_object();
        const char *name = PICK(&m->r, table2).name;
        if (o && add_to(o, name, random_value(m, 0)) != 0)
            return NULL;
        return o;
    }
    }
}

/* One to three members named in `table` (n rows), each a plausible value 70% of the time
 * and a value of any type otherwise; nonzero when one could not be added. */
static int some_members(mut *m, cJSON *item, const field *table, size_t n)
{
    int rc = 0;
    for (size_t k = 1 + below(&m->r, 3); k; k--) {
        const field *f = &table[below(&m->r, n)];
        rc |= add_to(item, f->name, chance(&m->r, 70) ? good_value(m, f->kind)
                                                       : random_value(m, 1));
    }
    return rc;
}

/* data_source item templates: valid items of each type, and each way one goes wrong */
static cJSON *source_item(mut *m)
{
    cJSON *item;
    unsigned t = (unsigned)below(&m->r, 16);
    if (t == 15)
        return random_value(m, 0); /* not an object: SOURCE-ARRAY */
    if (!(item = new_object()))
        return NULL;
    int rc = 0;
    switch (t) {
    case 0: case 1: /* obs */
        rc |= add_to(item, "type", string("obs"));
        rc |= add_to(item, "data_url", string(PICK(&m->r, data_urls)));
        break;
    case 2: case 3: /* dataset */
        rc |= add_to(item, "type", string("dataset"));
        rc |= add_to(item, "dataset_id", string(DATASET));
        rc |= add_to(item, "dataset_version", string(VERSION));
        break;
    case 4: /* obs, untyped */
        rc |= add_to(item, "data_url", string(PICK(&m->r, data_urls)));
        break;
    case 5: /* dataset, untyped */
        rc |= add_to(item, "dataset_id", string(DATASET));
        rc |= add_to(item, "dataset_version", string(VERSION));
        break;
    case 6: /* the version named as Table 3's dataset_id row names it */
        rc |= add_to(item, "type", string("dataset"));
        rc |= add_to(item, "dataset_id", string(DATASET));
        rc |= add_to(item, "dataset_version_id", string(VERSION));
        break;
    case 7: { /* half a pair */
        const char *name = chance(&m->r, 50) ? "dataset_id" : "dataset_version";
        rc |= add_to(item, name, string(chance(&m->r, 50) ? DATASET : VERSION));
        break;
    }
    case 8: /* data_url with a dataset */
        rc |= add_to(item, "data_url", string(PICK(&m->r, data_urls)));
        rc |= add_to(item, "dataset_id", string(DATASET));
        rc |= add_to(item, "dataset_version", string(VERSION));
        break;
    case 9: /* type against members */
        rc |= add_to(item, "type", string(chance(&m->r, 50) ? "obs" : "dataset"));
        rc |= add_to(item, "data_url", string(PICK(&m->r, data_urls)));
        rc |= add_to(item, "dataset_id", string(DATASET));
        rc |= add_to(item, "dataset_version", string(VERSION));
        break;
    case 10: /* a type that is neither */
        rc |= add_to(item, "type", string(PICK(&m->r, types)));
        rc |= add_to(item, "data_url", string(PICK(&m->r, data_urls)));
        break;
    case 11: /* nothing */
        break;
    case 12: { /* a member of the wrong type */
        const char *name = PICK(&m->r, table3).name;
        rc |= add_to(item, name, random_value(m, 1));
        rc |= add_to(item, "data_url", string(PICK(&m->r, data_urls)));
        break;
    }
    case 13: /* a client that fills items with nulls and members of its own */
        rc |= add_to(item, "type", string("obs"));
        rc |= add_to(item, "data_url", string(PICK(&m->r, data_urls)));
        rc |= add_to(item, "dataset_id", new_null());
        rc |= add_to(item, PICK(&m->r, unknown_names), string("x"));
        break;
    default: /* one of Table 3's members, plausible or not */
        rc |= some_members(m, item, table3, COUNT(table3));
        break;
    }
    return rc ? NULL : item;
}

/* parameter item templates */
static cJSON *param_item(mut *m)
{
    cJSON *item;
    unsigned t = (unsigned)below(&m->r, 12);
    if (t == 11)
        return random_value(m, 0); /* not an object: PARAM-ARRAY */
    if (!(item = new_object()))
        return NULL;
    int rc = 0;
    switch (t) {
    case 0: case 1:
        rc |= add_to(item, "label", string(PICK(&m->r, labels)));
        rc |= add_to(item, "value", string("0.01"));
        break;
    case 2:
        rc |= add_to(item, "label", string(PICK(&m->r, labels)));
        rc |= add_to(item, "value", number(PICK(&m->r, boundaries)));
        break;
    case 3: /* as the sample's second item */
        rc |= add_to(item, "key", string("batch_size"));
        rc |= add_to(item, "value", number("32"));
        break;
    case 4: /* a label that is not a string */
        rc |= add_to(item, "label", random_value(m, 1));
        rc |= add_to(item, "value", string("1"));
        break;
    case 5: /* a value that is neither string nor number */
        rc |= add_to(item, "label", string(PICK(&m->r, labels)));
        rc |= add_to(item, "value", random_value(m, 1));
        break;
    case 6: /* nothing */
        break;
    case 7:
        rc |= add_to(item, "label", string("epochs"));
        rc |= add_to(item, "key", string("epochs"));
        rc |= add_to(item, "value", string("10"));
        break;
    case 8:
        rc |= add_to(item, "label", string("epochs"));
        rc |= add_to(item, "value", string("10"));
        rc |= add_to(item, PICK(&m->r, unknown_names), string("x"));
        break;
    case 9:
        rc |= add_to(item, "label", new_null());
        rc |= add_to(item, "value", new_null());
        break;
    default: /* one of Table 4's members, plausible or not */
        rc |= some_members(m, item, table4, COUNT(table4));
        break;
    }
    return rc ? NULL : item;
}

/* An array of one or two items made by `make`. */
static cJSON *array_of(mut *m, cJSON *(*make)(mut *))
{
    cJSON *a = new_array();
    if (!a)
        return NULL;
    for (size_t k = 1 + below(&m->r, 2); k; k--)
        if (add_to(a, NULL, make(m)) != 0)
            return NULL;
    return a;
}

/* A value such as the page describes for a member of this kind. */
static cJSON *good_value(mut *m, vkind kind)
{
    switch (kind) {
    case V_DESC: return chance(&m->r, 50) ? string("This is config") : generated_string(m);
    case V_WORKERS: return number(PICK(&m->r, ((const char *const[]){"1", "1", "2", "8"})));
    case V_ID: return number(PICK(&m->r, ((const char *const[]){"1", "1", "2", "3"})));
    case V_APP: return string(PICK(&m->r, app_urls));
    case V_BOOT: return string(PICK(&m->r, boot_urls));
    case V_PARAMS: return array_of(m, param_item);
    case V_DATA_URL: return string(PICK(&m->r, data_urls));
    case V_DATASET: return string(PICK(&m->r, datasets));
    case V_VERSION: return string(PICK(&m->r, versions));
    case V_SOURCE: return array_of(m, source_item);
    case V_TRAIN: return string(chance(&m->r, 70) ? "/usr/train/" : "/usr/train2/");
    case V_LOG: return string(chance(&m->r, 70) ? "/usr/log/" : "/usr/log2/");
    case V_IMAGE: return string(PICK(&m->r, images));
    case V_COMMAND: return string(PICK(&m->r, commands));
    case V_TYPE: return string(PICK(&m->r, types));
    case V_LABEL: return string(PICK(&m->r, labels));
    case V_VALUE:
        return chance(&m->r, 50) ? string("0.01") : number(chance(&m->r, 50) ? "32" : "0.01");
    }
    return new_null();
}

static vkind kind_of(const char *name)
{
    for (size_t k = 0; k < COUNT(table2); k++)
        if (strcmp(table2[k].name, name) == 0)
            return table2[k].kind;
    return V_DESC;
}

/* The array member `name` of the root, made (with one item) when missing or not an array. */
static cJSON *root_array(mut *m, cJSON *root, const char *name, cJSON *(*make)(mut *))
{
    cJSON *a = member(root, name);
    if (a && cJSON_IsArray(a))
        return a;
    return set_member(root, name, array_of(m, make)) == 0 ? member(root, name) : NULL;
}

/* A random object item of the root's array member `name`, or NULL. */
static cJSON *root_item(mut *m, cJSON *root, const char *name)
{
    cJSON *a = member(root, name);
    if (!a || !cJSON_IsArray(a))
        return NULL;
    cJSON *item = random_child(&m->r, a);
    return item && cJSON_IsObject(item) ? item : NULL;
}

/* ==== the mutations ==== */

/* drop a member (or an item) */
static void drop(mut *m)
{
    cJSON *root = m->root;
    if (cJSON_IsObject(root) && root->child && chance(&m->r, 70)) {
        remove_node(root, random_child(&m->r, root));
        return;
    }
    pick p = pick_node(&m->r, root, W_ANY);
    if (p.node)
        remove_node(p.parent, p.node);
}

/* add (or set) a member the page lists, where it lists it */
static void add_field(mut *m)
{
    cJSON *root = root_object(m);
    if (!root)
        return;
    cJSON *where = root;
    const field *f = &PICK(&m->r, table2);
    unsigned place = (unsigned)below(&m->r, 10);
    cJSON *item;
    if (place < 2 && (item = root_item(m, root, "data_source"))) {
        where = item;
        f = &PICK(&m->r, table3);
    } else if (place < 4 && (item = root_item(m, root, "parameter"))) {
        where = item;
        f = &PICK(&m->r, table4);
    }
    cJSON *value = chance(&m->r, 75) ? good_value(m, f->kind) : random_value(m, 1);
    if (chance(&m->r, 10))
        add_to(where, f->name, value);
    else
        set_member(where, f->name, value);
}

/* a value of another type in place of one */
static cJSON *retyped(mut *m, const cJSON *old)
{
    int from = old->type & 0xFF;
    for (;;) {
        switch (below(&m->r, 6)) {
        case 0:
            if (from == cJSON_String)
                break;
            if (from == cJSON_Number && old->valuestring && chance(&m->r, 50))
                return string(old->valuestring); /* "1" for 1 */
            return chance(&m->r, 50) ? string("x") : generated_string(m);
        case 1:
            if (from == cJSON_Number)
                break;
            return number(PICK(&m->r, boundaries));
        case 2:
            if (from == cJSON_True || from == cJSON_False)
                break;
            return new_bool(chance(&m->r, 50));
        case 3:
            if (from == cJSON_NULL)
                break;
            return new_null();
        case 4: {
            if (from == cJSON_Array)
                break;
            cJSON *a = new_array();
            if (a && chance(&m->r, 50) && add_to(a, NULL, copy_of(old)) != 0)
                return NULL;
            return a;
        }
        default: {
            if (from == cJSON_Object)
                break;
            cJSON *o = new_object();
            if (o && chance(&m->r, 50) && add_to(o, "value", copy_of(old)) != 0)
                return NULL;
            return o;
        }
        }
    }
}

/* change a member's (or item's) type */
static void retype(mut *m)
{
    cJSON *root = m->root, *parent, *node;
    if (cJSON_IsObject(root) && root->child && chance(&m->r, 65)) {
        parent = root;
        node = random_child(&m->r, root);
    } else {
        pick p = pick_node(&m->r, root, W_ANY);
        parent = p.parent;
        node = p.node;
    }
    if (node)
        replace(parent, node, retyped(m, node));
}

/* a boundary number where an integer is expected, or in any number's place */
static void boundary(mut *m)
{
    cJSON *root = root_object(m);
    if (!root)
        return;
    if (chance(&m->r, 80)) {
        const char *name = PICK(&m->r, integer_members);
        set_member(root, name, number(PICK(&m->r, boundaries)));
        return;
    }
    pick p = pick_node(&m->r, root, W_NUMBER);
    if (p.node && p.parent)
        replace(p.parent, p.node, number(PICK(&m->r, boundaries)));
}

/* the data inputs: data_url, data_source, the dataset pair; one of them or any mix */
static void data_inputs(mut *m)
{
    static const char *const names[] = {"data_url", "data_source", "dataset_id",
                                        "dataset_version_id"};
    static const unsigned valid[] = {1, 2, 12};
    cJSON *root = root_object(m);
    if (!root)
        return;
    for (size_t k = 0; k < COUNT(names); k++)
        remove_all(root, names[k]);
    unsigned mask = chance(&m->r, 60) ? PICK(&m->r, valid) : (unsigned)below(&m->r, 16);
    for (size_t k = 0; k < COUNT(names); k++)
        if (mask & (1u << k))
            add_to(root, names[k], good_value(m, kind_of(names[k])));
}

/* the code source (model_id, app_url + boot_file_url), engine_id, the custom image */
static void code_source(mut *m)
{
    static const char *const names[] = {"model_id", "app_url", "boot_file_url"};
    static const unsigned valid[] = {6, 6, 1};
    cJSON *root = root_object(m);
    if (!root)
        return;
    if (chance(&m->r, 25)) {
        remove_all(root, "user_image_url");
        remove_all(root, "user_command");
        if (chance(&m->r, 60))
            add_to(root, "user_image_url", good_value(m, V_IMAGE));
        if (chance(&m->r, 60))
            add_to(root, "user_command", good_value(m, V_COMMAND));
        return;
    }
    for (size_t k = 0; k < COUNT(names); k++)
        remove_all(root, names[k]);
    remove_all(root, "engine_id");
    unsigned mask = chance(&m->r, 60) ? PICK(&m->r, valid) : (unsigned)below(&m->r, 8);
    for (size_t k = 0; k < COUNT(names); k++)
        if (mask & (1u << k))
            add_to(root, names[k], good_value(m, kind_of(names[k])));
    if (chance(&m->r, 60))
        add_to(root, "engine_id", good_value(m, V_ID));
}

/* strings: config_desc around its boundaries, commands, paths, any string or name */
static void strings(mut *m)
{
    cJSON *root = root_object(m);
    if (!root)
        return;
    unsigned what = (unsigned)below(&m->r, 20);
    if (what < 8) {
        cJSON *d = member(root, "config_desc");
        set_member(root, "config_desc", d && cJSON_IsString(d) && chance(&m->r, 30)
                                            ? edited_string(m, d->valuestring)
                                            : generated_string(m));
    } else if (what < 10) {
        set_member(root, "user_command", good_value(m, V_COMMAND));
    } else if (what < 12) {
        const char *name = chance(&m->r, 50) ? "app_url" : "boot_file_url";
        set_member(root, name, good_value(m, chance(&m->r, 50) ? V_APP : V_BOOT));
    } else if (what < 17) {
        pick p = pick_node(&m->r, root, W_STRING);
        if (p.node && p.parent)
            replace(p.parent, p.node, edited_string(m, p.node->valuestring));
    } else {
        /* a member's name: another of the page's, or edited */
        pick p = pick_node(&m->r, root, W_MEMBER);
        if (!p.node)
            return;
        cJSON *named = chance(&m->r, 50) ? string(PICK(&m->r, table2).name)
                                         : edited_string(m, p.node->string);
        if (!named)
            return;
        set_key(p.node, named->valuestring);
    }
}

/* data_source: items of each kind, mixes, pairs, empty arrays */

/* One change to an array of items (data_source, parameter): add (a second one
 * `twice_percent` of the time), replace, remove, empty, or change one member of an item. */
static void edit_items(mut *m, cJSON *items, cJSON *(*make)(mut *), const field *fields,
                       size_t nfields, unsigned twice_percent)
{
    unsigned what = (unsigned)below(&m->r, 10);
    cJSON *item = random_child(&m->r, items);
    if (what < 5 || !item) {
        for (size_t k = 1 + (chance(&m->r, twice_percent) ? 1 : 0); k; k--)
            add_to(items, NULL, make(m));
    } else if (what < 7) {
        replace(items, item, make(m));
    } else if (what < 8) {
        remove_node(items, item);
    } else if (what < 9) {
        while (items->child)
            remove_node(items, items->child);
    } else if (cJSON_IsObject(item)) {
        const field *f = &fields[below(&m->r, nfields)];
        if (chance(&m->r, 30))
            remove_all(item, f->name);
        else
            set_member(item, f->name,
                       chance(&m->r, 60) ? good_value(m, f->kind) : random_value(m, 1));
    }
}

static void source_items(mut *m)
{
    cJSON *root = root_object(m);
    if (!root)
        return;
    cJSON *src = member(root, "data_source");
    if (!src || !cJSON_IsArray(src)) {
        if (chance(&m->r, 60)) { /* as the only data input */
            remove_all(root, "data_url");
            remove_all(root, "dataset_id");
            remove_all(root, "dataset_version_id");
        }
        if (!(src = root_array(m, root, "data_source", source_item)))
            return;
    }
    edit_items(m, src, source_item, table3, sizeof table3 / sizeof table3[0], 30);
}

/* parameter: items of each kind */
static void param_items(mut *m)
{
    cJSON *root = root_object(m);
    if (!root)
        return;
    cJSON *params = root_array(m, root, "parameter", param_item);
    if (!params)
        return;
    edit_items(m, params, param_item, table4, sizeof table4 / sizeof table4[0], 0);
}

/* a value nested so that the body is around 64 levels deep (BODY-DEPTH's limit) */
static void nest(mut *m)
{
    static const size_t depths[] = {62, 63, 64, 64, 65, 65, 66, 80};
    size_t target = PICK(&m->r, depths);
    cJSON *root = m->root, *parent, *node;
    size_t depth;
    if (cJSON_IsObject(root) && root->child && chance(&m->r, 60)) {
        parent = root;
        node = random_child(&m->r, root);
        depth = 2;
    } else {
        pick p = pick_node(&m->r, root, W_ANY);
        if (!p.node)
            return;
        parent = p.parent;
        node = p.node;
        depth = p.depth;
    }
    /* containers at levels depth .. target */
    size_t levels = target >= depth ? target - depth + 1 : 1;
    unsigned shape = (unsigned)below(&m->r, 3); /* arrays, objects, alternating */
    const char *key = chance(&m->r, 50) ? "a" : PICK(&m->r, table2).name;
    cJSON *inner = chance(&m->r, 50) ? NULL : number("1");
    for (size_t i = 0; i < levels; i++) {
        int object = shape == 1 || (shape == 2 && (i & 1));
        cJSON *c = object ? new_object() : new_array();
        if (!c || (inner && add_to(c, key, inner) != 0))
            return;
        inner = c;
    }
    replace(parent, node, inner);
}

/* a member given twice, the copy sometimes with another value */
static void duplicate(mut *m)
{
    cJSON *root = m->root, *parent, *node;
    if (cJSON_IsObject(root) && root->child && chance(&m->r, 60)) {
        parent = root;
        node = random_child(&m->r, root);
    } else {
        pick p = pick_node(&m->r, root, W_MEMBER);
        parent = p.parent;
        node = p.node;
    }
    if (!node)
        return;
    cJSON *copy;
    if (chance(&m->r, 40))
        copy = cJSON_IsNumber(node) || chance(&m->r, 50) ? number(PICK(&m->r, boundaries))
                                                         : random_value(m, 1);
    else
        copy = copy_of(node);
    add_to(parent, node->string, copy);
}

/* a member the page does not list, at the top or in an item */
static void unknown_member(mut *m)
{
    cJSON *root = root_object(m);
    if (!root)
        return;
    cJSON *where = root;
    if (chance(&m->r, 40)) {
        cJSON *item = root_item(m, root, chance(&m->r, 50) ? "data_source" : "parameter");
        if (item)
            where = item;
    }
    cJSON *value = chance(&m->r, 30) ? new_null() : random_value(m, 1);
    add_to(where, PICK(&m->r, unknown_names), value);
}

/* null for a member: optional ones (NULL-OPTIONAL) or mandatory ones */
static void null_member(mut *m)
{
    cJSON *root = m->root;
    pick p = {NULL, NULL, 0, 0};
    if (cJSON_IsObject(root) && root->child && chance(&m->r, 70)) {
        p.parent = root;
        p.node = random_child(&m->r, root);
    } else {
        p = pick_node(&m->r, root, W_MEMBER);
    }
    if (p.node)
        replace(p.parent, p.node, new_null());
}

/* the whole text: a byte order mark, a root that is not an object, bytes after the text,
 * bytes cut off */
static void framing(mut *m)
{
    static const char *const tails[] = {" ", "\n", "\r\n\t", "x", "}", "{}", ",", "0", "\"",
                                        "\x80"};
    switch (below(&m->r, 10)) {
    case 0: case 1: case 2: case 3:
        m->bom = 1;
        break;
    case 4: case 5: {
        cJSON *root = m->root, *other = NULL;
        if (chance(&m->r, 50)) {
            if ((other = new_array()) && add_to(other, NULL, root) != 0)
                other = NULL;
        } else {
            other = random_value(m, 1); /* the old root is dropped */
        }
        if (other)
            m->root = other;
        break;
    }
    case 6: case 7: case 8:
        m->tail = PICK(&m->r, tails);
        break;
    default:
        m->cut = 1;
        break;
    }
}

/* arrays with many items, strings of many bytes, as far as max_size allows */
static void grow(mut *m)
{
    static const size_t items[] = {2, 10, 100, 1000, 10000};
    static const size_t string_bytes[] = {300, 1024, 4096, 65536, 70000};
    cJSON *root = root_object(m);
    if (!root)
        return;
    size_t limit = m->max_size;
    if (limit > SOFT_SIZE && chance(&m->r, 97))
        limit = SOFT_SIZE;
    size_t room = limit > m->size + 16 ? limit - m->size - 16 : 0;
    if (chance(&m->r, 30)) {
        size_t n = PICK(&m->r, string_bytes);
        if (n > room)
            n = room;
        if (n == 0)
            return;
        char *s = malloc(n + 1);
        if (!s)
            return;
        memset(s, 'a', n);
        s[n] = '\0';
        set_member(root, chance(&m->r, 50) ? "config_desc" : "user_command", string(s));
        free(s);
        return;
    }
    cJSON *a;
    unsigned which = (unsigned)below(&m->r, 3);
    if (which == 0)
        a = root_array(m, root, "parameter", param_item);
    else if (which == 1)
        a = root_array(m, root, "data_source", source_item);
    else
        a = pick_node(&m->r, root, W_ARRAY).node;
    if (!a)
        return;
    size_t n = child_count(a);
    if (n == 0) {
        if (add_to(a, NULL, which == 1 ? source_item(m) : param_item(m)) != 0)
            return;
        n = 1;
    }
    cJSON *model = nth_child(a, below(&m->r, n));
    tjc_buf one;
    tjc_buf_init(&one);
    int rc = tjc_body_write(&one, model);
    size_t each = one.len + 1;
    tjc_buf_free(&one);
    if (rc != 0)
        return;
    size_t copies = PICK(&m->r, items);
    if (copies > room / each)
        copies = room / each;
    for (size_t k = 0; k < copies; k++)
        if (add_to(a, NULL, copy_of(model)) != 0)
            return;
}

/* Nodes in a subtree, counted up to `limit`. */
static size_t subtree_nodes(const cJSON *node, size_t limit)
{
    size_t n = 1;
    for (const cJSON *c = node->child; c && n < limit; c = c->next)
        n += subtree_nodes(c, limit - n);
    return n;
}

/* a copy of one (small) value in another's place */
static void graft(mut *m)
{
    pick from = pick_node(&m->r, m->root, W_ANY);
    pick to = pick_node(&m->r, m->root, W_ANY);
    if (from.node && to.node && from.node != to.node && subtree_nodes(from.node, 65) <= 64)
        replace(to.parent, to.node, copy_of(from.node));
}

static void largest(cJSON *node, cJSON **array, size_t *items, cJSON **text, size_t *bytes)
{
    if (cJSON_IsString(node)) {
        size_t n = strlen(node->valuestring);
        if (n > *bytes) {
            *bytes = n;
            *text = node;
        }
        return;
    }
    size_t n = 0;
    for (cJSON *c = node->child; c; c = c->next, n++)
        largest(c, array, items, text, bytes);
    if (cJSON_IsArray(node) && n > *items) {
        *items = n;
        *array = node;
    }
}

/* a large body made smaller: a run of the largest array's items dropped, the longest
 * string cut in half (libFuzzer's EraseBytes, for trees), so that inputs stay small
 * enough for the target to stay fast */
static void trim(mut *m)
{
    cJSON *array = NULL, *text = NULL;
    size_t items = 0, bytes = 0;
    largest(m->root, &array, &items, &text, &bytes);
    if (array && items > 1 && (bytes < 64 || chance(&m->r, 70))) {
        size_t drop_count = 1 + below(&m->r, items / 2 + 1);
        size_t from = below(&m->r, items - drop_count + 1);
        cJSON *c = nth_child(array, from);
        while (c && drop_count--) {
            cJSON *next = c->next;
            remove_node(array, c);
            c = next;
        }
    } else if (text && bytes > 1) {
        size_t cut = boundary_at(text->valuestring, bytes,
                                 code_points(text->valuestring, bytes) / 2);
        text->valuestring[cut] = '\0';
    }
}

typedef struct mutation {
    void (*apply)(mut *);
    unsigned weight;
} mutation;

static const mutation mutations[] = {
    {drop, 8},           {add_field, 9},      {retype, 9},    {boundary, 9},
    {data_inputs, 7},    {code_source, 7},    {strings, 10},  {source_items, 9},
    {param_items, 6},    {nest, 4},           {duplicate, 5}, {unknown_member, 4},
    {null_member, 4},    {framing, 3},        {grow, 2},      {graft, 4},
    {trim, 2},
};

static void mutate_once(mut *m)
{
    if (m->size > SOFT_SIZE && chance(&m->r, 50)) {
        trim(m);
        return;
    }
    unsigned total = 0;
    for (size_t k = 0; k < COUNT(mutations); k++)
        total += mutations[k].weight;
    unsigned at = (unsigned)below(&m->r, total);
    for (size_t k = 0; k < COUNT(mutations); k++) {
        if (at < mutations[k].weight) {
            mutations[k].apply(m);
            return;
        }
        at -= mutations[k].weight;
    }
}

/* ==== writing ==== */

/* Writes the tree as the mutation state says into out (max bytes); returns the size, or 0
 * when it cannot or does not fit. */
static size_t write_tree(mut *m, uint8_t *out, size_t max)
{
    tjc_buf b;
    tjc_buf_init(&b);
    tjc_buf_reserve(&b, m->size + 256); /* about the input's size: no growing on the way */
    if (m->bom)
        tjc_buf_append(&b, "\xEF\xBB\xBF", 3);
    if (tjc_body_write(&b, m->root) != 0) {
        tjc_buf_free(&b);
        return 0;
    }
    if (m->tail)
        tjc_buf_puts(&b, m->tail);
    size_t len = b.len;
    if (m->cut && len > 1)
        len = 1 + below(&m->r, len - 1);
    size_t written = 0;
    if (!b.failed && len > 0 && len <= max) {
        memcpy(out, b.data, len);
        written = len;
    }
    tjc_buf_free(&b);
    return written;
}

/* Empties every container at level `level` (the root is 1), so the tree is at most that
 * deep and mutations have room below TJC_BODY_TREE_DEPTH. */
static void cut_below(cJSON *node, size_t depth, size_t level)
{
    if (depth >= level) {
        while (node->child)
            remove_node(node, node->child);
        return;
    }
    for (cJSON *c = node->child; c; c = c->next)
        cut_below(c, depth + 1, level);
}

/* A body that can be changed as a tree: one JSON text. Below TJC_BODY_TREE_DEPTH levels
 * the tree holds empty containers (body.h), so a body that deep is written back shorter. */
static int read_tree(const uint8_t *data, size_t size, tjc_body *body)
{
    if (tjc_body_parse(data, size, body) != 0 || !body->root) {
        tjc_body_free(body);
        return -1;
    }
    return 0;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    mut m = {{(uint64_t)seed * UINT64_C(0x2545F4914F6CDD1D) + 1}, NULL, max_size, size, 0,
             NULL, 0};
    tjc_body body;
    if (chance(&m.r, 5) || read_tree(data, size, &body) != 0)
        return LLVMFuzzerMutate(data, size, max_size);
    /* a body nested deeper than the tree is built: half the time its bytes are mutated
     * (it stays that deep), half the time the tree is (what lies below is dropped, and
     * the mutant is smaller and quicker to judge) */
    if (body.truncated && chance(&m.r, 50)) {
        tjc_body_free(&body);
        return LLVMFuzzerMutate(data, size, max_size);
    }
    m.root = body.root; /* changed in place: its memory is the body's, released below */
    if (body.truncated) {
        static const size_t cuts[] = {65, 66, 80, 128, 256, 500};
        cut_below(m.root, 1, PICK(&m.r, cuts));
    }

    static const unsigned rounds[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4};
    for (unsigned k = PICK(&m.r, rounds); k; k--)
        mutate_once(&m);
    size_t written = write_tree(&m, data, max_size);
    tjc_body_free(&body);
    end_call();
    /* data is untouched unless the mutant was written */
    return written ? written : LLVMFuzzerMutate(data, size, max_size);
}

/* ==== cross-over ==== */

/* d1's first bytes, then d2's last ones. */
static size_t byte_splice(rng *r, const uint8_t *d1, size_t s1, const uint8_t *d2, size_t s2,
                          uint8_t *out, size_t max_out)
{
    size_t a = below(r, s1 + 1), b = below(r, s2 + 1);
    if (a > max_out)
        a = max_out;
    size_t rest = s2 - b;
    if (rest > max_out - a)
        rest = max_out - a;
    if (a)
        memcpy(out, d1, a);
    if (rest)
        memcpy(out + a, d2 + b, rest);
    return a + rest;
}

/* Members of `from` (a copy of each) into `into`: each replaces the first member of the
 * same name, or is added. */
static void splice_members(rng *r, cJSON *into, const cJSON *from)
{
    size_t n = child_count(from);
    size_t take = 1 + below(r, n);
    for (size_t k = 0; k < take; k++) {
        const cJSON *c = nth_child(from, below(r, n));
        if (c && c->string)
            set_member(into, c->string, copy_of(c));
    }
}

/* An item of one of from's arrays (data_source, parameter) into into's array. */
static void splice_item(rng *r, cJSON *into, const cJSON *from)
{
    const char *name = chance(r, 50) ? "data_source" : "parameter";
    cJSON *a = member(into, name);
    const cJSON *b = member(from, name);
    if (!a || !b || !cJSON_IsArray(a) || !cJSON_IsArray(b) || !b->child)
        return;
    const cJSON *item = nth_child(b, below(r, child_count(b)));
    cJSON *at = a->child ? nth_child(a, below(r, child_count(a))) : NULL;
    if (at && chance(r, 50))
        replace(a, at, copy_of(item));
    else
        add_to(a, NULL, copy_of(item));
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
                                 size_t size2, uint8_t *out, size_t max_out, unsigned int seed)
{
    rng r = {(uint64_t)seed * UINT64_C(0x2545F4914F6CDD1D) + 7};
    tjc_body one, two;
    if (read_tree(data1, size1, &one) != 0)
        return byte_splice(&r, data1, size1, data2, size2, out, max_out);
    if (read_tree(data2, size2, &two) != 0) {
        tjc_body_free(&one);
        return byte_splice(&r, data1, size1, data2, size2, out, max_out);
    }
    mut m = {r, one.root, max_out, size1, 0, NULL, 0}; /* changed in place */
    if (cJSON_IsObject(m.root) && cJSON_IsObject(two.root)) {
        unsigned how = (unsigned)below(&m.r, 10);
        if (how < 6) {
            splice_members(&m.r, m.root, two.root);
        } else if (how < 8) {
            splice_item(&m.r, m.root, two.root);
        } else {
            pick from = pick_node(&m.r, two.root, W_ANY);
            pick to = pick_node(&m.r, m.root, W_ANY);
            if (from.node && to.node)
                replace(to.parent, to.node, copy_of(from.node));
        }
    } else {
        pick from = pick_node(&m.r, two.root, chance(&m.r, 50) ? W_ANY : W_OBJECT);
        pick to = pick_node(&m.r, m.root, W_ANY);
        if (from.node && to.node)
            replace(to.parent, to.node, copy_of(from.node));
    }
    size_t written = write_tree(&m, out, max_out);
    r = m.r;
    tjc_body_free(&one);
    tjc_body_free(&two);
    end_call();
    return written ? written : byte_splice(&r, data1, size1, data2, size2, out, max_out);
}

#ifdef __clang__
#pragma clang attribute pop
#endif
