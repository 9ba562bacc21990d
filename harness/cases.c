/*
 * Case files: parsing (strict, with tjc's own reader so number lexemes survive) and
 * building each case's request bytes.
 */
#include "cases.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "body.h"
#include "buf.h"
#include "number.h"
#include "rules.h"

#define GENERATE_MAX_COUNT (64u << 20)  /* keeps a typo from asking for gigabytes */
#define PLACEHOLDER "\001tjc-generated\001"

static int fail(char *err, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, n, fmt, ap);
    va_end(ap);
    return -1;
}

/* A string from a case file as a message shows it: JSON-quoted (so a reason stays one
 * line whatever the file holds), at most 60 bytes of it, cut on a character boundary. */
typedef struct shown_text {
    char text[60 * 6 + 16];
} shown_text;

static const char *shown(shown_text *q, const char *s)
{
    return tjc_text_quote(q->text, sizeof q->text, s, 60);
}

static const cJSON *member(const cJSON *obj, const char *name)
{
    for (const cJSON *m = obj ? obj->child : NULL; m; m = m->next)
        if (m->string && strcmp(m->string, name) == 0)
            return m;
    return NULL;
}

/* Whether every member of obj is one of the NULL-ended names. */
static int only_members(const cJSON *obj, const char *const *names)
{
    for (const cJSON *m = obj->child; m; m = m->next) {
        size_t k = 0;
        while (names[k] && strcmp(names[k], m->string) != 0)
            k++;
        if (!names[k])
            return 0;
    }
    return 1;
}

static char *dup_string(const cJSON *s)
{
    return cJSON_IsString(s) ? strdup(s->valuestring) : NULL;
}

/* Whether a number is a whole count from 0 to max (max at most 2^53), judged on its text
 * (number.h): 2^53 + 1 or 1e400 is not taken for a neighbour a double can hold, and what
 * passes converts to size_t exactly. */
static int whole_count(const cJSON *node, unsigned long long max)
{
    tjc_number value, limit;
    char text[32];
    if (!cJSON_IsNumber(node) || !node->valuestring ||
        tjc_number_read(node->valuestring, &value) != 0 || !value.whole || value.negative)
        return 0;
    snprintf(text, sizeof text, "%llu", max);
    return tjc_number_read(text, &limit) == 0 && tjc_number_cmp(&value, &limit) <= 0;
}

static int id_ok(const char *id)
{
    if (!*id || strlen(id) > 128)
        return 0;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            return 0;
    return 1;
}

void tjc_case_free(tjc_case *c)
{
    if (!c)
        return;
    free(c->id);
    free(c->title);
    for (size_t i = 0; i < c->rule_count; i++)
        free(c->rules[i]);
    free(c->rules);
    free(c->method);
    free(c->path);
    free(c->config_name);
    for (size_t i = 0; i < c->header_count; i++)
        free(c->headers[i]);
    free(c->headers);
    cJSON_Delete(c->body);
    free(c->source);
    memset(c, 0, sizeof *c);
}

static int check_body_spec(const cJSON *b, const char *src, char *err, size_t n)
{
    if (!cJSON_IsObject(b))
        return fail(err, n, "%s: request.body must be an object", src);
    static const char *const known[] = {"json", "text", "hex", "base", "patch", "generate",
                                        "prefix_hex", "suffix_text", "truncate"};
    int sources = 0;
    for (const cJSON *m = b->child; m; m = m->next) {
        size_t k = 0;
        while (k < sizeof known / sizeof known[0] && strcmp(known[k], m->string) != 0)
            k++;
        if (k == sizeof known / sizeof known[0])
            return fail(err, n, "%s: request.body has an unknown member %s", src,
                        shown(&(shown_text){0}, m->string));
        if (k < 4)
            sources++;
    }
    if (sources != 1)
        return fail(err, n, "%s: request.body needs exactly one of json, text, hex, base", src);
    const cJSON *text = member(b, "text"), *hex = member(b, "hex"), *base = member(b, "base");
    if (text && !cJSON_IsString(text))
        return fail(err, n, "%s: request.body.text must be a string", src);
    if (hex && !cJSON_IsString(hex))
        return fail(err, n, "%s: request.body.hex must be a string", src);
    if (base && !cJSON_IsTrue(base))
        return fail(err, n, "%s: request.body.base must be true", src);
    if ((text || hex) && (member(b, "patch") || member(b, "generate")))
        return fail(err, n, "%s: patch and generate apply to json or base bodies", src);
    const cJSON *patch = member(b, "patch");
    if (patch && !cJSON_IsArray(patch))
        return fail(err, n, "%s: request.body.patch must be an array", src);
    for (const cJSON *op = patch ? patch->child : NULL; op; op = op->next) {
        if (!only_members(op, (const char *const[]){"op", "path", "value", NULL}))
            return fail(err, n, "%s: a patch operation takes only op, path and value", src);
        const cJSON *kind = member(op, "op"), *path = member(op, "path");
        if (!cJSON_IsString(kind) || !cJSON_IsString(path))
            return fail(err, n, "%s: every patch operation needs op and path strings", src);
        const char *k = kind->valuestring;
        if (strcmp(k, "set") && strcmp(k, "remove") && strcmp(k, "append") &&
            strcmp(k, "duplicate"))
            return fail(err, n, "%s: patch op %s is not set, remove, append or duplicate", src,
                        shown(&(shown_text){0}, k));
        if (strcmp(k, "remove") != 0 && !member(op, "value"))
            return fail(err, n, "%s: patch op %s needs a value", src, k);
    }
    const cJSON *gen = member(b, "generate");
    if (gen) {
        const cJSON *kind = member(gen, "kind"), *at = member(gen, "at");
        if (!cJSON_IsString(kind) || !cJSON_IsString(at))
            return fail(err, n, "%s: generate needs kind and at strings", src);
        const char *k = kind->valuestring;
        if (strcmp(k, "nest") == 0) {
            const cJSON *container = member(gen, "container");
            if (!only_members(gen, (const char *const[]){"kind", "at", "depth", "container", NULL}))
                return fail(err, n, "%s: generate nest takes kind, at, depth, container", src);
            if (container && (!cJSON_IsString(container) ||
                              (strcmp(container->valuestring, "array") &&
                               strcmp(container->valuestring, "object"))))
                return fail(err, n, "%s: generate nest container is array or object", src);
        } else if (strcmp(k, "repeat") == 0) {
            if (!only_members(gen, (const char *const[]){"kind", "at", "count", "item", NULL}) ||
                !member(gen, "item"))
                return fail(err, n, "%s: generate repeat takes kind, at, count and an item", src);
        } else if (strcmp(k, "string") == 0) {
            const cJSON *unit = member(gen, "unit"), *raw = member(gen, "raw_unit");
            if (!only_members(gen, (const char *const[]){"kind", "at", "count", "unit", "raw_unit",
                                                         NULL}) ||
                !unit == !raw || !cJSON_IsString(unit ? unit : raw))
                return fail(err, n, "%s: generate string takes kind, at, count and one string: "
                                    "unit or raw_unit",
                            src);
        } else {
            return fail(err, n, "%s: generate kind %s is not nest, repeat or string", src,
                        shown(&(shown_text){0}, k));
        }
        if (!at->valuestring[0] && patch)
            return fail(err, n, "%s: generate at \"\" replaces the whole body: a patch would "
                                "be lost",
                        src);
        const cJSON *count = member(gen, strcmp(kind->valuestring, "nest") ? "count" : "depth");
        if (!whole_count(count, GENERATE_MAX_COUNT))
            return fail(err, n, "%s: generate %s needs a %s from 0 to %u", src,
                        kind->valuestring, strcmp(kind->valuestring, "nest") ? "count" : "depth",
                        GENERATE_MAX_COUNT);
    }
    const cJSON *trunc = member(b, "truncate");
    if (trunc && !whole_count(trunc, 1ull << 53))
        return fail(err, n, "%s: truncate must be a whole byte count from 0 to 2^53", src);
    const cJSON *prefix = member(b, "prefix_hex"), *suffix = member(b, "suffix_text");
    if ((prefix && !cJSON_IsString(prefix)) || (suffix && !cJSON_IsString(suffix)))
        return fail(err, n, "%s: prefix_hex and suffix_text must be strings", src);
    return 0;
}

int tjc_case_parse(const unsigned char *bytes, size_t len, const char *source, tjc_case *out,
                   char *err, size_t n)
{
    memset(out, 0, sizeof *out);
    out->expect = -1;
    const char *src = source ? source : "(case)";
    tjc_body doc;
    if (tjc_body_parse(bytes, len, &doc) != 0)
        return fail(err, n, "%s: out of memory", src);
    int rc = -1;
    const cJSON *root = doc.root;
    if (!root) {
        fail(err, n, "%s: not JSON: %s (byte %zu)", src, doc.error, doc.error_offset);
        goto done;
    }
    if (!cJSON_IsObject(root)) {
        fail(err, n, "%s: a case is a JSON object", src);
        goto done;
    }
    static const char *const known[] = {"id", "rules", "title", "request", "expect",
                                        "alive_check", "twice", "note"};
    for (const cJSON *m = root->child; m; m = m->next) {
        size_t k = 0;
        while (k < sizeof known / sizeof known[0] && strcmp(known[k], m->string) != 0)
            k++;
        if (k == sizeof known / sizeof known[0]) {
            fail(err, n, "%s: unknown member %s", src, shown(&(shown_text){0}, m->string));
            goto done;
        }
    }
    const cJSON *id = member(root, "id"), *title = member(root, "title");
    const cJSON *rules = member(root, "rules"), *request = member(root, "request");
    if (!cJSON_IsString(id) || !id_ok(id->valuestring)) {
        fail(err, n, "%s: id must be a string of 1 to 128 letters, digits, -, _ and .", src);
        goto done;
    }
    if (!cJSON_IsString(title) || !title->valuestring[0]) {
        fail(err, n, "%s: title must be a non-empty string", src);
        goto done;
    }
    if (!cJSON_IsArray(rules) || !rules->child) {
        fail(err, n, "%s: rules must be a non-empty array of rule ids", src);
        goto done;
    }
    out->id = strdup(id->valuestring);
    out->title = strdup(title->valuestring);
    out->source = strdup(src);
    out->rule_count = (size_t)cJSON_GetArraySize(rules);
    out->rules = calloc(out->rule_count, sizeof *out->rules);
    if (!out->id || !out->title || !out->source || !out->rules) {
        fail(err, n, "%s: out of memory", src);
        goto done;
    }
    size_t i = 0;
    for (const cJSON *r = rules->child; r; r = r->next, i++) {
        if (!cJSON_IsString(r) || !tjc_rule_find(r->valuestring)) {
            fail(err, n, "%s: rules[%zu] is not a rule id of the catalogue", src, i);
            goto done;
        }
        if (!(out->rules[i] = strdup(r->valuestring))) {
            fail(err, n, "%s: out of memory", src);
            goto done;
        }
    }
    const cJSON *expect = member(root, "expect");
    if (expect) {
        const char *names[] = {"accept", "either", "reject"};
        for (int k = 0; k < 3 && cJSON_IsString(expect); k++)
            if (strcmp(expect->valuestring, names[k]) == 0)
                out->expect = k;
        if (out->expect < 0) {
            fail(err, n, "%s: expect must be accept, either or reject", src);
            goto done;
        }
    }
    const cJSON *alive = member(root, "alive_check"), *twice = member(root, "twice");
    if ((alive && !cJSON_IsBool(alive)) || (twice && !cJSON_IsBool(twice))) {
        fail(err, n, "%s: alive_check and twice are booleans", src);
        goto done;
    }
    out->alive_check = cJSON_IsTrue(alive);
    out->twice = cJSON_IsTrue(twice);
    if (request && !cJSON_IsObject(request)) {
        fail(err, n, "%s: request must be an object", src);
        goto done;
    }
    const cJSON *method = member(request, "method"), *path = member(request, "path");
    const cJSON *name = member(request, "config_name"), *exists = member(request, "config_exists");
    const cJSON *headers = member(request, "headers"), *body = member(request, "body");
    for (const cJSON *m = request ? request->child : NULL; m; m = m->next)
        if (strcmp(m->string, "method") && strcmp(m->string, "path") &&
            strcmp(m->string, "config_name") && strcmp(m->string, "config_exists") &&
            strcmp(m->string, "headers") && strcmp(m->string, "body")) {
            fail(err, n, "%s: request has an unknown member %s", src,
                 shown(&(shown_text){0}, m->string));
            goto done;
        }
    if ((method && (!cJSON_IsString(method) || !method->valuestring[0])) ||
        (path && (!cJSON_IsString(path) || path->valuestring[0] != '/')) ||
        (name && !cJSON_IsString(name)) || (exists && !cJSON_IsBool(exists)) ||
        (headers && !cJSON_IsObject(headers))) {
        fail(err, n, "%s: request.method is a token, path starts with /, config_name is a "
                     "string, config_exists a boolean, headers an object",
             src);
        goto done;
    }
    for (const char *p = method ? method->valuestring : ""; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '-')) {
            fail(err, n, "%s: request.method must be letters", src);
            goto done;
        }
    out->method = strdup(method ? method->valuestring : "PUT");
    out->path = strdup(path ? path->valuestring : TJC_DEFAULT_PATH);
    if (!out->method || !out->path || (name && !(out->config_name = dup_string(name)))) {
        fail(err, n, "%s: out of memory", src);
        goto done;
    }
    out->config_exists = exists ? cJSON_IsTrue(exists) : !name;
    if (headers) {
        size_t h = (size_t)cJSON_GetArraySize(headers);
        out->headers = calloc(h ? h : 1, sizeof *out->headers);
        if (!out->headers) {
            fail(err, n, "%s: out of memory", src);
            goto done;
        }
        for (const cJSON *m = headers->child; m; m = m->next) {
            if (!cJSON_IsString(m) || !m->string[0] || strpbrk(m->string, ":\r\n \t") ||
                strpbrk(m->valuestring, "\r\n")) {
                fail(err, n, "%s: header %s needs a token name and a one-line string "
                             "value",
                     src, shown(&(shown_text){0}, m->string));
                goto done;
            }
            tjc_buf line;
            tjc_buf_init(&line);
            tjc_buf_printf(&line, "%s: %s", m->string, m->valuestring);
            if (!(out->headers[out->header_count++] = tjc_buf_take(&line))) {
                fail(err, n, "%s: out of memory", src);
                goto done;
            }
        }
    }
    if (body) {
        if (check_body_spec(body, src, err, n) != 0)
            goto done;
        out->body = cJSON_Duplicate(body, 1);
        if (!out->body) {
            fail(err, n, "%s: out of memory", src);
            goto done;
        }
    }
    rc = 0;
done:
    tjc_body_free(&doc);
    if (rc != 0)
        tjc_case_free(out);
    return rc;
}

/* ---- building bodies ---- */

static int hex_decode(const char *hex, tjc_buf *out)
{
    for (const char *p = hex; *p;) {
        if (*p == ' ' || *p == '\n') {
            p++;
            continue;
        }
        int v = 0;
        for (int k = 0; k < 2; k++) {
            int d = tjc_hex_digit((unsigned char)p[k]);
            if (d < 0)
                return -1;
            v = v * 16 + d;
        }
        char byte = (char)v;
        tjc_buf_append(out, &byte, 1);
        p += 2;
    }
    return 0;
}

/* Raw text: held strings keep U+0000 as C0 80 (body.h); the bytes sent are the real ones. */
static void text_bytes(const char *s, tjc_buf *out)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (p[0] == 0xC0 && p[1] == 0x80) {
            tjc_buf_putc(out, '\0');
            p++;
        } else {
            tjc_buf_putc(out, (char)*p);
        }
    }
}

/* Splits off the last token of a pointer: returns the parent node and the decoded token. */
static cJSON *parent_of(cJSON *root, const char *pointer, char **token)
{
    *token = NULL;
    const char *last = strrchr(pointer, '/');
    if (!last)
        return NULL;
    char *parent_ptr = strndup(pointer, (size_t)(last - pointer));
    if (!parent_ptr)
        return NULL;
    cJSON *parent = (cJSON *)tjc_pointer_resolve(root, parent_ptr);
    free(parent_ptr);
    tjc_buf t;
    tjc_buf_init(&t);
    for (const char *p = last + 1; *p; p++) {
        if (p[0] == '~' && (p[1] == '0' || p[1] == '1')) {
            tjc_buf_putc(&t, p[1] == '0' ? '~' : '/');
            p++;
        } else {
            tjc_buf_putc(&t, *p);
        }
    }
    *token = tjc_buf_take(&t);
    return parent;
}

static int array_index(const char *token, int count, int *index)
{
    if (strcmp(token, "-") == 0) {
        *index = count;
        return 0;
    }
    char *end;
    long v = strtol(token, &end, 10);
    if (!*token || *end || v < 0 || v > count)
        return -1;
    *index = (int)v;
    return 0;
}

/* set, remove, append, duplicate: see conformance/README.md. */
static int apply(cJSON **root, const cJSON *op, char *err, size_t n)
{
    const char *kind = member(op, "op")->valuestring;
    const char *path = member(op, "path")->valuestring;
    const cJSON *value = member(op, "value");
    if (path[0] == '\0') {
        if (strcmp(kind, "set") != 0)
            return fail(err, n, "patch %s of the whole body: only set can", kind);
        cJSON *copy = cJSON_Duplicate(value, 1);
        if (!copy)
            return fail(err, n, "out of memory");
        cJSON_Delete(*root);
        *root = copy;
        return 0;
    }
    char *token;
    cJSON *parent = parent_of(*root, path, &token);
    int rc = 0;
    if (!parent || !token) {
        rc = strcmp(kind, "remove") == 0 ? 0 : fail(err, n, "patch %s: no parent at %s", kind, shown(&(shown_text){0}, path));
        free(token);
        return rc;
    }
    cJSON *target = cJSON_IsObject(parent) ? cJSON_GetObjectItemCaseSensitive(parent, token)
                                           : NULL;
    int index = -1;
    if (cJSON_IsArray(parent)) {
        if (array_index(token, cJSON_GetArraySize(parent), &index) != 0) {
            free(token);
            return strcmp(kind, "remove") == 0 ? 0 : fail(err, n, "patch %s: bad index %s", kind, shown(&(shown_text){0}, path));
        }
        target = cJSON_GetArrayItem(parent, index);
    } else if (!cJSON_IsObject(parent)) {
        free(token);
        return fail(err, n, "patch %s: %s is inside neither an object nor an array", kind, shown(&(shown_text){0}, path));
    }
    if (strcmp(kind, "remove") == 0) {
        if (target)
            cJSON_Delete(cJSON_IsArray(parent) ? cJSON_DetachItemFromArray(parent, index)
                                               : cJSON_DetachItemViaPointer(parent, target));
        free(token);
        return 0;
    }
    cJSON *copy = cJSON_Duplicate(value, 1);
    if (!copy) {
        free(token);
        return fail(err, n, "out of memory");
    }
    if (strcmp(kind, "append") == 0) {
        if (!cJSON_IsArray(target)) {
            cJSON_Delete(copy);
            free(token);
            return fail(err, n, "patch append: %s is not an array", shown(&(shown_text){0}, path));
        }
        cJSON_AddItemToArray(target, copy);
    } else if (cJSON_IsArray(parent)) {
        int ok = target && strcmp(kind, "set") == 0 ? cJSON_ReplaceItemInArray(parent, index, copy)
                 : target                           ? cJSON_InsertItemInArray(parent, index, copy)
                                                    : cJSON_AddItemToArray(parent, copy);
        if (!ok) {
            cJSON_Delete(copy);
            rc = fail(err, n, "patch %s: cannot place the value at %s", kind, shown(&(shown_text){0}, path));
        }
    } else if (target && strcmp(kind, "set") == 0) {
        if (!cJSON_ReplaceItemInObjectCaseSensitive(parent, token, copy))
            rc = fail(err, n, "out of memory");
    } else {
        /* a new member, or (duplicate) a second member of the same name */
        rc = cJSON_AddItemToObject(parent, token, copy) ? 0 : fail(err, n, "out of memory");
    }
    free(token);
    return rc;
}

static int generate(const cJSON *gen, tjc_buf *out)
{
    const char *kind = member(gen, "kind")->valuestring;
    if (strcmp(kind, "nest") == 0) {
        size_t depth = (size_t)member(gen, "depth")->valuedouble;
        const cJSON *container = member(gen, "container");
        int object = cJSON_IsString(container) && strcmp(container->valuestring, "object") == 0;
        if (tjc_buf_reserve(out, depth * 6 + 2) != 0)
            return -1;
        for (size_t i = 0; i < depth; i++)
            tjc_buf_puts(out, object ? (i + 1 < depth ? "{\"a\":" : "{") : "[");
        for (size_t i = 0; i < depth; i++)
            tjc_buf_putc(out, object ? '}' : ']');
        return out->failed ? -1 : 0;
    }
    size_t count = (size_t)member(gen, "count")->valuedouble;
    if (strcmp(kind, "repeat") == 0) {
        tjc_buf item;
        tjc_buf_init(&item);
        const cJSON *it = member(gen, "item");
        if (!it || tjc_body_write(&item, it) != 0) {
            tjc_buf_free(&item);
            return -1;
        }
        tjc_buf_reserve(out, count * (item.len + 1) + 2);
        tjc_buf_putc(out, '[');
        for (size_t i = 0; i < count; i++) {
            if (i)
                tjc_buf_putc(out, ',');
            tjc_buf_append(out, item.data, item.len);
        }
        tjc_buf_putc(out, ']');
        tjc_buf_free(&item);
        return out->failed ? -1 : 0;
    }
    /* string: `unit` as JSON writes it, or `raw_unit` written verbatim (an escape, say) */
    const cJSON *unit = member(gen, "unit"), *raw = member(gen, "raw_unit");
    tjc_buf u;
    tjc_buf_init(&u);
    if (cJSON_IsString(raw)) {
        tjc_buf_puts(&u, raw->valuestring);
    } else {
        tjc_json_write_string(&u, cJSON_IsString(unit) ? unit->valuestring : "a");
        if (!u.failed) { /* drop the quotes */
            memmove(u.data, u.data + 1, u.len - 2);
            u.len -= 2;
        }
    }
    tjc_buf_reserve(out, count * u.len + 2);
    tjc_buf_putc(out, '"');
    for (size_t i = 0; i < count; i++)
        tjc_buf_append(out, u.data, u.len);
    tjc_buf_putc(out, '"');
    tjc_buf_free(&u);
    return out->failed ? -1 : 0;
}

int tjc_case_body(const tjc_case *c, const unsigned char *base, size_t base_len,
                  unsigned char **out, size_t *len, char *err, size_t n)
{
    *out = NULL;
    *len = 0;
    if (!c->body)
        return 0;
    const cJSON *b = c->body;
    const cJSON *json = member(b, "json"), *text = member(b, "text"), *hex = member(b, "hex");
    const cJSON *patch = member(b, "patch"), *gen = member(b, "generate");
    tjc_buf bytes;
    tjc_buf_init(&bytes);
    const cJSON *prefix = member(b, "prefix_hex");
    if (prefix && hex_decode(prefix->valuestring, &bytes) != 0) {
        tjc_buf_free(&bytes);
        return fail(err, n, "%s: prefix_hex is not hex", c->id);
    }
    if (text) {
        text_bytes(text->valuestring, &bytes);
    } else if (hex) {
        if (hex_decode(hex->valuestring, &bytes) != 0) {
            tjc_buf_free(&bytes);
            return fail(err, n, "%s: hex is not pairs of hex digits", c->id);
        }
    } else if (!json && !patch && !gen) {
        tjc_buf_append(&bytes, base, base_len); /* the base body exactly as given */
    } else {
        cJSON *root = NULL;
        if (json) {
            root = cJSON_Duplicate(json, 1);
        } else {
            tjc_body parsed;
            if (tjc_body_parse(base, base_len, &parsed) != 0 || !parsed.root) {
                tjc_body_free(&parsed);
                tjc_buf_free(&bytes);
                return fail(err, n, "%s: the base body is not JSON, so it cannot be patched",
                            c->id);
            }
            root = cJSON_Duplicate(parsed.root, 1); /* to patch: the parsed tree is read-only */
            tjc_body_free(&parsed);
        }
        int rc = root ? 0 : fail(err, n, "out of memory");
        for (const cJSON *op = patch ? patch->child : NULL; op && rc == 0; op = op->next)
            if (apply(&root, op, err, n) != 0) {
                char why[200];
                snprintf(why, sizeof why, "%s", err);
                rc = fail(err, n, "%s: %s", c->id, why);
            }
        const char *at = gen ? member(gen, "at")->valuestring : NULL;
        if (rc == 0 && at && at[0]) {
            cJSON *placeholder = cJSON_CreateString(PLACEHOLDER);
            cJSON *spec = cJSON_CreateObject();
            if (!placeholder || !spec) {
                cJSON_Delete(placeholder);
                cJSON_Delete(spec);
                rc = fail(err, n, "out of memory");
            } else {
                cJSON_AddStringToObject(spec, "op", "set");
                cJSON_AddStringToObject(spec, "path", at);
                cJSON_AddItemToObject(spec, "value", placeholder);
                if (apply(&root, spec, err, n) != 0) {
                    char why[200];
                    snprintf(why, sizeof why, "%s", err);
                    rc = fail(err, n, "%s: generate at %s: %s", c->id, shown(&(shown_text){0}, at), why);
                }
                cJSON_Delete(spec);
            }
        }
        tjc_buf doc;
        tjc_buf_init(&doc);
        if (rc == 0 && !(at && !at[0]) && tjc_body_write(&doc, root) != 0)
            rc = fail(err, n, "%s: the body is nested too deep to write", c->id);
        cJSON_Delete(root);
        tjc_buf generated;
        tjc_buf_init(&generated);
        if (rc == 0 && gen && generate(gen, &generated) != 0)
            rc = fail(err, n, "%s: out of memory generating the body", c->id);
        if (rc == 0) {
            if (at && !at[0]) {
                tjc_buf_append(&bytes, generated.data, generated.len);
            } else if (at) {
                const char *mark = strstr(doc.data, "\"\\u0001tjc-generated\\u0001\"");
                size_t before = (size_t)(mark - doc.data);
                size_t mark_len = strlen("\"\\u0001tjc-generated\\u0001\"");
                tjc_buf_append(&bytes, doc.data, before);
                tjc_buf_append(&bytes, generated.data, generated.len);
                tjc_buf_append(&bytes, doc.data + before + mark_len, doc.len - before - mark_len);
            } else {
                tjc_buf_append(&bytes, doc.data, doc.len);
            }
        }
        tjc_buf_free(&doc);
        tjc_buf_free(&generated);
        if (rc != 0) {
            tjc_buf_free(&bytes);
            return -1;
        }
    }
    const cJSON *suffix = member(b, "suffix_text");
    if (suffix)
        text_bytes(suffix->valuestring, &bytes);
    const cJSON *trunc = member(b, "truncate");
    if (trunc && (size_t)trunc->valuedouble < bytes.len)
        bytes.len = (size_t)trunc->valuedouble;
    if (bytes.failed) {
        tjc_buf_free(&bytes);
        return fail(err, n, "%s: out of memory building the body", c->id);
    }
    *len = bytes.len;
    *out = (unsigned char *)tjc_buf_take(&bytes);
    if (!*out)
        return fail(err, n, "%s: out of memory", c->id);
    return 0;
}

char *tjc_percent_encode_segment(const char *s)
{
    tjc_buf b;
    tjc_buf_init(&b);
    tjc_buf_putc(&b, '\0');
    b.len = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~')
            tjc_buf_putc(&b, (char)*p);
        else
            tjc_buf_printf(&b, "%%%02X", *p);
    }
    return tjc_buf_take(&b);
}

char *tjc_case_target(const tjc_case *c, const char *project_id, const char *config_name)
{
    char *project = tjc_percent_encode_segment(project_id);
    char *name = tjc_percent_encode_segment(c->config_name ? c->config_name : config_name);
    tjc_buf b;
    tjc_buf_init(&b);
    for (const char *p = c->path; project && name && *p;) {
        if (strncmp(p, "{project_id}", 12) == 0) {
            tjc_buf_puts(&b, project);
            p += 12;
        } else if (strncmp(p, "{config_name}", 13) == 0) {
            tjc_buf_puts(&b, name);
            p += 13;
        } else {
            tjc_buf_putc(&b, *p++);
        }
    }
    if (!project || !name)
        b.failed = 1;
    free(project);
    free(name);
    return tjc_buf_take(&b);
}

/* ---- the catalogue ---- */

typedef struct paths {
    char **items;
    size_t count, cap;
} paths;

static int collect_files(const char *dir, paths *out, int depth)
{
    if (depth > 8)
        return 0;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        tjc_buf p;
        tjc_buf_init(&p);
        tjc_buf_printf(&p, "%s/%s", dir, e->d_name);
        char *path = tjc_buf_take(&p);
        if (!path) {
            rc = -1;
            break;
        }
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            rc = collect_files(path, out, depth + 1) == 0 ? 0 : -1;
            free(path);
            continue;
        }
        size_t l = strlen(path);
        if (l < 5 || strcmp(path + l - 5, ".json") != 0) {
            free(path);
            continue;
        }
        if (out->count == out->cap) {
            size_t cap = out->cap ? out->cap * 2 : 64;
            char **items = realloc(out->items, cap * sizeof *items);
            if (!items) {
                free(path);
                rc = -1;
                break;
            }
            out->items = items;
            out->cap = cap;
        }
        out->items[out->count++] = path;
    }
    closedir(d);
    return rc;
}

static int by_id(const void *a, const void *b)
{
    return strcmp(((const tjc_case *)a)->id, ((const tjc_case *)b)->id);
}

int tjc_catalogue_load(const char *dir, tjc_catalogue *out, char *err, size_t n)
{
    memset(out, 0, sizeof *out);
    paths files = {0};
    if (collect_files(dir, &files, 0) != 0) {
        for (size_t i = 0; i < files.count; i++)
            free(files.items[i]);
        free(files.items);
        return fail(err, n, "cannot read the case folder '%s': %s", dir, strerror(errno));
    }
    int rc = 0;
    out->cases = calloc(files.count ? files.count : 1, sizeof *out->cases);
    if (!out->cases)
        rc = fail(err, n, "out of memory");
    for (size_t i = 0; i < files.count && rc == 0; i++) {
        tjc_buf data;
        tjc_buf_init(&data);
        if (tjc_read_file(files.items[i], &data) != 0) {
            rc = fail(err, n, "cannot read case file '%s': %s", files.items[i], strerror(errno));
        } else if (tjc_case_parse((const unsigned char *)data.data, data.len, files.items[i],
                                  &out->cases[out->count], err, n) == 0) {
            out->count++;
        } else {
            rc = -1;
        }
        tjc_buf_free(&data);
    }
    for (size_t i = 0; i < files.count; i++)
        free(files.items[i]);
    free(files.items);
    if (rc == 0) {
        qsort(out->cases, out->count, sizeof *out->cases, by_id);
        for (size_t i = 1; i < out->count && rc == 0; i++)
            if (strcmp(out->cases[i].id, out->cases[i - 1].id) == 0)
                rc = fail(err, n, "case id %s is in both %s and %s", out->cases[i].id,
                          out->cases[i - 1].source, out->cases[i].source);
    }
    if (rc == 0 && out->count == 0)
        rc = fail(err, n, "no case files (*.json) below '%s'", dir);
    if (rc != 0)
        tjc_catalogue_free(out);
    return rc;
}

void tjc_catalogue_free(tjc_catalogue *cat)
{
    if (!cat)
        return;
    for (size_t i = 0; i < cat->count; i++)
        tjc_case_free(&cat->cases[i]);
    free(cat->cases);
    memset(cat, 0, sizeof *cat);
}
