/*
 * The strict reader. One pass over the bytes with an explicit stack: built frames for
 * the first TJC_BODY_TREE_DEPTH levels, one bit per level below that (so 16 MiB of '['
 * costs 2 MiB). Strings are checked (escapes, UTF-8) before they are copied.
 */
#include "body.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

typedef struct frame {
    cJSON *node;
    cJSON *last;     /* last child attached */
    size_t count;    /* children attached */
    int is_object;
} frame;

typedef struct parser {
    const unsigned char *s;
    size_t len;
    size_t pos;
    tjc_body *body;
    frame *frames;   /* built levels */
    size_t nframes;
    size_t frames_cap;
    unsigned char *bits; /* levels below the tree depth: 1 for an object */
    size_t deep;
    size_t bits_cap;
    int oom;
    int failed;
    char *key;       /* member name waiting for its value (built objects only) */
    int key_flags;
    /* below the tree: the member names of the open objects, for duplicates */
    struct deep_object {
        char *first;   /* the first name */
        char **keys;   /* from the second name on: all of them (malloc'd) */
        size_t n, cap;
    } *deep_objects;
    size_t ndeep_objects, deep_objects_cap;
    int deep_noted;  /* kinds noted since the tree was left (one note each) */
    frame inline_frames[32]; /* the first levels' frames: no allocation for most bodies */
    size_t first_chunk;  /* the size of the tree's first chunk of memory */
} parser;

/* A piece of the tree's memory (body.h: the body owns it, tjc_body_free releases it). The
 * first chunk: 8 bytes a byte of input (a member such as "key":"value", takes about 6). */
static void *tree_alloc(parser *p, size_t size)
{
    return tjc_arena_alloc(&p->body->arena, size, p->first_chunk);
}

/* A zeroed node of the tree, of type `type`. */
static cJSON *new_node(parser *p, int type)
{
    cJSON *node = tree_alloc(p, sizeof *node);
    if (!node) {
        p->oom = 1;
        return NULL;
    }
    memset(node, 0, sizeof *node);
    node->type = type;
    return node;
}

enum { ODD_NUL = 1, ODD_SURROGATE = 2 };

static int fail_at(parser *p, size_t at, const char *why)
{
    if (!p->failed) {
        p->failed = 1;
        p->body->error = why;
        p->body->error_offset = at;
    }
    return -1;
}

static int fail(parser *p, const char *why)
{
    return fail_at(p, p->pos, why);
}

static void skip_ws(parser *p)
{
    const unsigned char *s = p->s;
    size_t i = p->pos, n = p->len;
    while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
        i++;
    p->pos = i;
}

static size_t depth_now(const parser *p)
{
    return p->nframes + p->deep;
}

static int building(const parser *p)
{
    return p->deep == 0;
}

/* ---- notes ---- */

static void pointer_of_frames(tjc_buf *b, const parser *p, size_t levels)
{
    for (size_t i = 0; i < levels; i++) {
        const frame *f = &p->frames[i];
        tjc_buf_putc(b, '/');
        if (f->is_object)
            tjc_pointer_append_token(b, f->last && f->last->string ? f->last->string : "");
        else
            tjc_buf_printf(b, "%zu", f->count ? f->count - 1 : 0);
    }
}

static int add_note(parser *p, tjc_note_kind kind, char *pointer)
{
    tjc_body *body = p->body;
    if (!pointer) {
        p->oom = 1;
        return -1;
    }
    if (body->note_count == body->note_cap) {
        size_t cap = body->note_cap ? body->note_cap * 2 : 8;
        tjc_body_note *n = realloc(body->notes, cap * sizeof *n);
        if (!n) {
            free(pointer);
            p->oom = 1;
            return -1;
        }
        body->notes = n;
        body->note_cap = cap;
    }
    body->notes[body->note_count].kind = kind;
    body->notes[body->note_count].pointer = pointer;
    body->note_count++;
    return 0;
}

/* Notes the odd strings of the value just attached (and of its member name). */
static void note_odd(parser *p, int flags)
{
    static const struct { int flag; tjc_note_kind kind; } odd[] = {
        {ODD_NUL, TJC_NOTE_NUL}, {ODD_SURROGATE, TJC_NOTE_SURROGATE}};
    for (size_t k = 0; k < 2; k++) {
        if (!(flags & odd[k].flag))
            continue;
        tjc_buf b;
        tjc_buf_init(&b);
        pointer_of_frames(&b, p, p->nframes);
        add_note(p, odd[k].kind, tjc_buf_take(&b));
    }
}

/* A note from below the tree: it points at the empty container the tree ends in, once
 * per kind for each stretch below the tree. */
static void note_deep(parser *p, tjc_note_kind kind)
{
    if (p->deep_noted & (1 << kind))
        return;
    p->deep_noted |= 1 << kind;
    tjc_buf b;
    tjc_buf_init(&b);
    pointer_of_frames(&b, p, p->nframes);
    add_note(p, kind, tjc_buf_take(&b));
}

static void note_deep_odd(parser *p, int flags)
{
    if (flags & ODD_NUL)
        note_deep(p, TJC_NOTE_NUL);
    if (flags & ODD_SURROGATE)
        note_deep(p, TJC_NOTE_SURROGATE);
}

static int by_name(const void *a, const void *b)
{
    const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
    return strcmp(x->string, y->string);
}

static void note_duplicate(parser *p, const char *name)
{
    tjc_buf b;
    tjc_buf_init(&b);
    pointer_of_frames(&b, p, p->nframes - 1);
    tjc_buf_putc(&b, '/');
    tjc_pointer_append_token(&b, name);
    add_note(p, TJC_NOTE_DUPLICATE, tjc_buf_take(&b));
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Called as an object below the tree closes. */
static void close_deep_object(parser *p)
{
    struct deep_object *o = &p->deep_objects[--p->ndeep_objects];
    if (o->n > 1) {
        qsort(o->keys, o->n, sizeof *o->keys, by_text);
        for (size_t k = 1; k < o->n; k++)
            if (strcmp(o->keys[k], o->keys[k - 1]) == 0)
                note_deep(p, TJC_NOTE_DUPLICATE);
    }
    free(o->keys);
}

/* Called on the top frame, a built object, as it closes. */
static void check_duplicates(parser *p)
{
    frame *f = &p->frames[p->nframes - 1];
    if (f->count < 2)
        return;
    if (f->count <= 16) {
        for (cJSON *i = f->node->child; i; i = i->next) {
            int seen = 0;
            for (cJSON *j = f->node->child; j != i; j = j->next)
                if (j->string[0] == i->string[0] && strcmp(j->string, i->string) == 0)
                    seen++;
            if (seen == 1)
                note_duplicate(p, i->string);
        }
        return;
    }
    cJSON **items = malloc(f->count * sizeof *items);
    if (!items) {
        p->oom = 1;
        return;
    }
    size_t n = 0;
    for (cJSON *i = f->node->child; i; i = i->next)
        items[n++] = i;
    qsort(items, n, sizeof *items, by_name);
    for (size_t k = 1; k < n; k++)
        if (strcmp(items[k]->string, items[k - 1]->string) == 0 &&
            (k < 2 || strcmp(items[k - 1]->string, items[k - 2]->string) != 0))
            note_duplicate(p, items[k]->string);
    free(items);
}

/* ---- strings ---- */

int tjc_hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int hex4(const unsigned char *s, unsigned *out)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        int d = tjc_hex_digit(s[k]);
        if (d < 0)
            return -1;
        v = v * 16 + (unsigned)d;
    }
    *out = v;
    return 0;
}

/* Length of the UTF-8 sequence at s (RFC 3629: no overlongs, no surrogates, at most
 * U+10FFFF), or 0 when it is not one. */
size_t tjc_utf8_sequence(const unsigned char *s, size_t avail)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return avail >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (avail < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && s[1] >= 0xA0)
            return 0; /* UTF-16 surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (avail < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
            (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)
            return 0; /* overlong */
        if (c == 0xF4 && s[1] >= 0x90)
            return 0; /* above U+10FFFF */
        return 4;
    }
    return 0;
}

static size_t put_code_point(unsigned char *o, unsigned cp)
{
    if (cp == 0) { /* held as C0 80, see body.h */
        o[0] = 0xC0;
        o[1] = 0x80;
        return 2;
    }
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) { /* lone surrogates land here too (WTF-8) */
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Bytes that need no second look inside a string: printable ASCII but '"' and '\\'. */
static const unsigned char plain_ascii[256] = {
#define P16(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
    P16(0), P16(0),                                   /* 0x00-0x1f: control */
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,   /* 0x20-0x2f: '"' */
    P16(1), P16(1),                                   /* 0x30-0x4f */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,   /* 0x50-0x5f: '\\' */
    P16(1), P16(1),                                   /* 0x60-0x7f */
    P16(0), P16(0), P16(0), P16(0), P16(0), P16(0), P16(0), P16(0), /* 0x80-0xff */
#undef P16
};

/* The index of the first byte at or after i (before n) that needs a second look inside a
 * string (plain_ascii), or n: 8 bytes at a time, then byte by byte. */
static size_t plain_run(const unsigned char *s, size_t i, size_t n)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t quote = x ^ (ones * '"'), backslash = x ^ (ones * '\\');
        uint64_t odd = ((x - ones * 0x20) & ~x)             /* a byte below 0x20 */
                       | ((quote - ones) & ~quote)           /* a '"' */
                       | ((backslash - ones) & ~backslash)   /* a backslash */
                       | x;                                  /* a byte from 0x80 */
        if (odd & high)
            break;
    }
    while (i < n && plain_ascii[s[i]])
        i++;
    return i;
}

/* Reads the string at p->pos (a '"'). When `out` is set, stores a copy in the tree's
 * memory. */
static int parse_string(parser *p, char **out, int *flags)
{
    const unsigned char *s = p->s;
    size_t n = p->len, start = p->pos + 1, i = start;
    int escapes = 0;
    *flags = 0;
    for (;;) {
        i = plain_run(s, i, n);
        if (i >= n)
            return fail_at(p, p->pos, "unterminated string");
        unsigned c = s[i];
        if (c == '"')
            break;
        if (c == '\\') {
            escapes = 1;
            if (i + 1 >= n)
                return fail_at(p, p->pos, "unterminated string");
            unsigned e = s[i + 1];
            if (e == 'u') {
                unsigned u;
                if (i + 6 > n || hex4(s + i + 2, &u) != 0)
                    return fail_at(p, i, "\\u must be followed by four hex digits");
                i += 6;
                if (u == 0) {
                    *flags |= ODD_NUL;
                } else if (u >= 0xD800 && u <= 0xDBFF) {
                    unsigned low;
                    if (i + 6 <= n && s[i] == '\\' && s[i + 1] == 'u' &&
                        hex4(s + i + 2, &low) == 0 && low >= 0xDC00 && low <= 0xDFFF)
                        i += 6;
                    else
                        *flags |= ODD_SURROGATE;
                } else if (u >= 0xDC00 && u <= 0xDFFF) {
                    *flags |= ODD_SURROGATE;
                }
                continue;
            }
            if (!strchr("\"\\/bfnrt", (int)e) || e == 0)
                return fail_at(p, i, "invalid escape in a string (JSON allows \\\" \\\\ \\/ \\b "
                                     "\\f \\n \\r \\t \\uXXXX)");
            i += 2;
            continue;
        }
        if (c < 0x20)
            return fail_at(p, i, "control character in a string (it must be escaped)");
        size_t k = tjc_utf8_sequence(s + i, n - i);
        if (k == 0)
            return fail_at(p, i, "invalid UTF-8");
        i += k;
    }
    size_t end = i; /* the closing quote */
    p->pos = end + 1;
    if (!out)
        return 0;
    char *dst = tree_alloc(p, end - start + 1);
    if (!dst) {
        p->oom = 1;
        return -1;
    }
    if (!escapes) {
        memcpy(dst, s + start, end - start);
        dst[end - start] = '\0';
        *out = dst;
        return 0;
    }
    unsigned char *o = (unsigned char *)dst;
    for (i = start; i < end;) {
        if (s[i] != '\\') {
            const unsigned char *esc = memchr(s + i, '\\', end - i);
            size_t run = esc ? (size_t)(esc - (s + i)) : end - i;
            memcpy(o, s + i, run);
            o += run;
            i += run;
            continue;
        }
        unsigned e = s[i + 1];
        if (e != 'u') {
            switch (e) {
            case 'b': *o++ = '\b'; break;
            case 'f': *o++ = '\f'; break;
            case 'n': *o++ = '\n'; break;
            case 'r': *o++ = '\r'; break;
            case 't': *o++ = '\t'; break;
            default: *o++ = (unsigned char)e; break;
            }
            i += 2;
            continue;
        }
        unsigned u, low;
        hex4(s + i + 2, &u);
        i += 6;
        if (u >= 0xD800 && u <= 0xDBFF && i + 6 <= end && s[i] == '\\' && s[i + 1] == 'u' &&
            hex4(s + i + 2, &low) == 0 && low >= 0xDC00 && low <= 0xDFFF) {
            u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
        }
        o += put_code_point(o, u);
    }
    *o = '\0';
    *out = dst;
    return 0;
}

/* ---- numbers and literals ---- */

static int is_digit(unsigned c)
{
    return c >= '0' && c <= '9';
}

static int parse_number(parser *p, cJSON **out)
{
    const unsigned char *s = p->s;
    size_t n = p->len, i = p->pos, start = p->pos;
    if (s[i] == '-')
        i++;
    if (i >= n || !is_digit(s[i])) {
        if (i < n && s[i] == 'I')
            return fail_at(p, start, "-Infinity is not JSON");
        return fail_at(p, start, "a minus sign must be followed by a digit");
    }
    if (s[i] == '0') {
        i++;
        if (i < n && is_digit(s[i]))
            return fail_at(p, start, "leading zeros are not JSON");
    } else {
        while (i < n && is_digit(s[i]))
            i++;
    }
    if (i < n && s[i] == '.') {
        i++;
        if (i >= n || !is_digit(s[i]))
            return fail_at(p, i, "a decimal point must be followed by a digit");
        while (i < n && is_digit(s[i]))
            i++;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i >= n || !is_digit(s[i]))
            return fail_at(p, i, "an exponent must have digits");
        while (i < n && is_digit(s[i]))
            i++;
    }
    p->pos = i;
    if (!out)
        return 0;
    char *lexeme = tree_alloc(p, i - start + 1);
    cJSON *node = lexeme ? new_node(p, cJSON_Number) : NULL;
    if (!node) {
        p->oom = 1;
        return -1;
    }
    memcpy(lexeme, s + start, i - start);
    lexeme[i - start] = '\0';
    tjc_number_node_set(node, lexeme);
    *out = node;
    return 0;
}

void tjc_number_node_set(cJSON *node, char *lexeme)
{
    double d = strtod(lexeme, NULL);
    node->valuedouble = d;
    /* as cJSON_CreateNumber sets it: saturated */
    node->valueint = d >= INT_MAX ? INT_MAX : d <= (double)INT_MIN ? INT_MIN : (int)d;
    node->valuestring = lexeme;
}

static int match_word(const parser *p, const char *word)
{
    size_t k = strlen(word);
    return p->len - p->pos >= k && memcmp(p->s + p->pos, word, k) == 0;
}

static int parse_literal(parser *p, cJSON **out)
{
    static const struct { const char *word; int type; } words[] = {
        {"true", cJSON_True}, {"false", cJSON_False}, {"null", cJSON_NULL}};
    for (size_t k = 0; k < 3; k++) {
        if (!match_word(p, words[k].word))
            continue;
        p->pos += strlen(words[k].word);
        if (!out)
            return 0;
        cJSON *node = new_node(p, words[k].type);
        if (!node)
            return -1;
        *out = node;
        return 0;
    }
    return fail(p, "not a JSON value (JSON literals are true, false and null, in lower case)");
}

static int unexpected(parser *p)
{
    unsigned c = p->s[p->pos];
    if (c == '\'')
        return fail(p, "single quotes are not JSON (strings take double quotes)");
    if (c == '/')
        return fail(p, "comments are not JSON");
    if (match_word(p, "NaN"))
        return fail(p, "NaN is not JSON");
    if (match_word(p, "Infinity"))
        return fail(p, "Infinity is not JSON");
    if (c == '+')
        return fail(p, "a number cannot start with +");
    if (c == '.')
        return fail(p, "a number must start with a digit");
    if (c == 't' || c == 'f' || c == 'n')
        return parse_literal(p, NULL);
    return fail(p, "a JSON value was expected here");
}

/* ---- containers ---- */

static void attach(parser *p, cJSON *node)
{
    if (p->nframes == 0) {
        p->body->root = node;
        return;
    }
    frame *f = &p->frames[p->nframes - 1];
    if (f->is_object) {
        node->string = p->key;
        p->key = NULL;
    }
    if (!f->node->child) {
        f->node->child = node;
        node->prev = node;
    } else {
        f->last->next = node;
        node->prev = f->last;
        f->node->child->prev = node;
    }
    f->last = node;
    f->count++;
}

static int open_container(parser *p, int is_object)
{
    size_t d = depth_now(p) + 1;
    if (d > p->body->depth)
        p->body->depth = d;
    if (building(p)) {
        cJSON *node = new_node(p, is_object ? cJSON_Object : cJSON_Array);
        if (!node)
            return -1;
        attach(p, node);
        if (p->key_flags && p->nframes) {
            note_odd(p, p->key_flags);
            p->key_flags = 0;
        }
        if (p->nframes < TJC_BODY_TREE_DEPTH) {
            if (p->nframes == p->frames_cap) {
                size_t cap = p->frames_cap * 2;
                frame *f = p->frames == p->inline_frames ? malloc(cap * sizeof *f)
                                                         : realloc(p->frames, cap * sizeof *f);
                if (!f) {
                    p->oom = 1;
                    return -1;
                }
                if (p->frames == p->inline_frames)
                    memcpy(f, p->inline_frames, sizeof p->inline_frames);
                p->frames = f;
                p->frames_cap = cap;
            }
            p->frames[p->nframes++] = (frame){node, NULL, 0, is_object};
            return 0;
        }
        /* one level below the tree depth: the container stays in the tree, empty */
    }
    if (p->deep / 8 >= p->bits_cap) {
        size_t cap = p->bits_cap ? p->bits_cap * 2 : 64;
        unsigned char *b = realloc(p->bits, cap);
        if (!b) {
            p->oom = 1;
            return -1;
        }
        p->bits = b;
        p->bits_cap = cap;
    }
    if (is_object) {
        p->bits[p->deep / 8] |= (unsigned char)(1u << (p->deep % 8));
        if (p->ndeep_objects == p->deep_objects_cap) {
            size_t cap = p->deep_objects_cap ? p->deep_objects_cap * 2 : 16;
            struct deep_object *o = realloc(p->deep_objects, cap * sizeof *o);
            if (!o) {
                p->oom = 1;
                return -1;
            }
            p->deep_objects = o;
            p->deep_objects_cap = cap;
        }
        struct deep_object *o = &p->deep_objects[p->ndeep_objects++];
        *o = (struct deep_object){NULL, NULL, 0, 0};
    } else {
        p->bits[p->deep / 8] &= (unsigned char)~(1u << (p->deep % 8));
    }
    p->deep++;
    return 0;
}

static int top_is_object(const parser *p)
{
    if (p->deep) {
        size_t k = p->deep - 1;
        return (p->bits[k / 8] >> (k % 8)) & 1;
    }
    return p->frames[p->nframes - 1].is_object;
}

static void close_container(parser *p)
{
    if (p->deep) {
        if (top_is_object(p))
            close_deep_object(p);
        if (--p->deep == 0)
            p->deep_noted = 0;
        return;
    }
    if (p->frames[p->nframes - 1].is_object)
        check_duplicates(p);
    p->nframes--;
}

/* Reads a member name and the ':' after it; p->pos is at the name's quote. */
static int parse_member_name(parser *p)
{
    if (p->pos >= p->len)
        return fail(p, "unexpected end of input: a member name was expected");
    if (p->s[p->pos] != '"') {
        if (p->s[p->pos] == '\'')
            return fail(p, "single quotes are not JSON (member names take double quotes)");
        if (p->s[p->pos] == '}')
            return fail(p, "a comma must be followed by a member (no trailing commas in JSON)");
        return fail(p, "a member name in double quotes was expected");
    }
    int flags = 0;
    if (building(p)) {
        if (parse_string(p, &p->key, &flags) != 0)
            return -1;
        p->key_flags = flags;
    } else {
        /* the names of an object below the tree, kept (in the tree's memory) to find
         * duplicates as it closes */
        char *name = NULL;
        if (parse_string(p, &name, &flags) != 0)
            return -1;
        struct deep_object *o = &p->deep_objects[p->ndeep_objects - 1];
        if (o->n == 0) {
            o->first = name;
            o->n = 1;
        } else {
            if (o->n >= o->cap) {
                size_t cap = o->cap ? o->cap * 2 : 8;
                char **k = realloc(o->keys, cap * sizeof *k);
                if (!k) {
                    p->oom = 1;
                    return -1;
                }
                if (!o->keys)
                    k[0] = o->first;
                o->keys = k;
                o->cap = cap;
            }
            o->keys[o->n++] = name;
        }
        note_deep_odd(p, flags);
    }
    skip_ws(p);
    if (p->pos >= p->len)
        return fail(p, "unexpected end of input: ':' was expected after a member name");
    if (p->s[p->pos] != ':')
        return fail(p, "':' was expected after a member name");
    p->pos++;
    return 0;
}

static int attach_scalar(parser *p, cJSON *node, int flags)
{
    attach(p, node);
    note_odd(p, p->key_flags | flags);
    p->key_flags = 0;
    return p->oom ? -1 : 0;
}

static int parse_document(parser *p)
{
    for (;;) {
        /* a value is expected */
        skip_ws(p);
        if (p->pos >= p->len)
            return fail(p, depth_now(p) ? "unexpected end of input: a value was expected"
                                        : "empty body: no JSON text");
        unsigned c = p->s[p->pos];
        int flags = 0;
        cJSON *node = NULL;
        if (p->deep)
            p->body->truncated = 1; /* a value inside the empty container: not built */
        cJSON **want = building(p) ? &node : NULL;
        if (c == '{' || c == '[') {
            if (open_container(p, c == '{') != 0)
                return -1;
            p->pos++;
            skip_ws(p);
            if (p->pos < p->len && p->s[p->pos] == (c == '{' ? '}' : ']')) {
                p->pos++;
                close_container(p);
            } else if (c == '{') {
                if (parse_member_name(p) != 0)
                    return -1;
                continue;
            } else {
                continue;
            }
        } else if (c == '"') {
            char *text = NULL;
            if (parse_string(p, want ? &text : NULL, &flags) != 0)
                return -1;
            if (!want)
                note_deep_odd(p, flags);
            if (want) {
                node = new_node(p, cJSON_String);
                if (!node)
                    return -1;
                node->valuestring = text;
            }
        } else if (c == '-' || is_digit(c)) {
            if (parse_number(p, want) != 0)
                return -1;
        } else if (c == 't' || c == 'f' || c == 'n') {
            if (parse_literal(p, want) != 0)
                return -1;
        } else {
            return unexpected(p);
        }
        if (node && attach_scalar(p, node, flags) != 0)
            return -1;

        /* after a value: close containers, or find the next value */
        for (;;) {
            skip_ws(p);
            if (depth_now(p) == 0) {
                if (p->pos != p->len)
                    return fail(p, "trailing bytes after the JSON text");
                return 0;
            }
            if (p->pos >= p->len)
                return fail(p, top_is_object(p)
                                   ? "unexpected end of input: the object is not closed"
                                   : "unexpected end of input: the array is not closed");
            c = p->s[p->pos];
            if (top_is_object(p)) {
                if (c == ',') {
                    p->pos++;
                    skip_ws(p);
                    if (parse_member_name(p) != 0)
                        return -1;
                    break;
                }
                if (c != '}')
                    return fail(p, "',' or '}' was expected after a member");
            } else {
                if (c == ',') {
                    p->pos++;
                    skip_ws(p);
                    if (p->pos < p->len && p->s[p->pos] == ']')
                        return fail(p, "a comma must be followed by a value (no trailing "
                                       "commas in JSON)");
                    break;
                }
                if (c != ']')
                    return fail(p, "',' or ']' was expected after an item");
            }
            p->pos++;
            close_container(p);
            if (p->oom)
                return -1;
        }
    }
}

int tjc_body_parse(const unsigned char *bytes, size_t len, tjc_body *out)
{
    memset(out, 0, sizeof *out);
    parser p;
    memset(&p, 0, sizeof p);
    p.s = bytes;
    p.len = len;
    p.body = out;
    p.frames = p.inline_frames;
    p.first_chunk = len < ((size_t)1 << 20) ? len * 8 : SIZE_MAX;
    p.frames_cap = sizeof p.inline_frames / sizeof p.inline_frames[0];
    if (len >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) {
        out->bom = 1;
        p.pos = 3;
    }
    int rc = parse_document(&p);
    if (p.frames != p.inline_frames)
        free(p.frames);
    free(p.bits);
    while (p.ndeep_objects) {
        free(p.deep_objects[--p.ndeep_objects].keys);
    }
    free(p.deep_objects);
    if (rc != 0 || p.oom) {
        /* no tree, and no notes about a text that is not JSON */
        tjc_arena_free(&out->arena);
        out->root = NULL;
        for (size_t i = 0; i < out->note_count; i++)
            free(out->notes[i].pointer);
        out->note_count = 0;
        if (p.oom)
            return -1;
    }
    return 0;
}

void tjc_body_free(tjc_body *body)
{
    if (!body)
        return;
    tjc_arena_free(&body->arena);
    for (size_t i = 0; i < body->note_count; i++)
        free(body->notes[i].pointer);
    free(body->notes);
    memset(body, 0, sizeof *body);
}

/* ---- counting and writing ---- */

size_t tjc_text_code_points(const char *s)
{
    size_t units;
    return tjc_text_measure(s, &units);
}

size_t tjc_text_utf16_units(const char *s)
{
    size_t units;
    tjc_text_measure(s, &units);
    return units;
}

size_t tjc_text_measure(const char *s, size_t *utf16_units)
{
    /* 8 bytes at a time: a code point starts at every byte but continuation bytes
     * (10xxxxxx); a lead byte of 4 (11110xxx) adds a second UTF-16 unit */
    size_t len = strlen(s), points = 0, astral = 0, i = 0;
    const unsigned char *p = (const unsigned char *)s;
    const uint64_t high = 0x8080808080808080ull;
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, p + i, 8);
        uint64_t continuation = x & high & ~(x << 1);
        points += 8 - (size_t)__builtin_popcountll(continuation);
        if (x & high) /* rare: look for 4-byte leads only when non-ASCII is there */
            for (size_t k = 0; k < 8; k++)
                astral += p[i + k] >= 0xF0;
    }
    for (; i < len; i++) {
        points += (p[i] & 0xC0) != 0x80;
        astral += p[i] >= 0xF0;
    }
    *utf16_units = points + astral;
    return points;
}

void tjc_json_write_string(tjc_buf *out, const char *str)
{
    tjc_json_write_bytes(out, (const unsigned char *)str, strlen(str), 1);
}

void tjc_json_write_bytes(tjc_buf *out, const unsigned char *s, size_t n, int held)
{
    tjc_buf_reserve(out, n + 2);
    tjc_buf_putc(out, '"');
    size_t run = 0; /* start of bytes to copy as they are */
    size_t i = 0;
    while (i < n) {
        i = plain_run(s, i, n);
        if (i >= n)
            break;
        unsigned c = s[i];
        if (c >= 0x80) {
            size_t k = tjc_utf8_sequence(s + i, n - i);
            if (k) {
                i += k;
                continue;
            }
        }
        tjc_buf_append(out, s + run, i - run);
        if (c == '"' || c == '\\') {
            tjc_buf_putc(out, '\\');
            tjc_buf_putc(out, (char)c);
            i++;
        } else if (c < 0x20) {
            switch (c) {
            case '\b': tjc_buf_puts(out, "\\b"); break;
            case '\f': tjc_buf_puts(out, "\\f"); break;
            case '\n': tjc_buf_puts(out, "\\n"); break;
            case '\r': tjc_buf_puts(out, "\\r"); break;
            case '\t': tjc_buf_puts(out, "\\t"); break;
            default: tjc_buf_printf(out, "\\u%04x", c); break;
            }
            i++;
        } else if (held && c == 0xC0 && i + 1 < n && s[i + 1] == 0x80) {
            tjc_buf_puts(out, "\\u0000");
            i += 2;
        } else if (held && c == 0xED && i + 2 < n && s[i + 1] >= 0xA0 && s[i + 1] <= 0xBF &&
                   (s[i + 2] & 0xC0) == 0x80) {
            unsigned u = ((c & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
            tjc_buf_printf(out, "\\u%04x", u);
            i += 3;
        } else {
            tjc_buf_puts(out, "\\ufffd");
            i++;
        }
        run = i;
    }
    tjc_buf_append(out, s + run, i - run);
    tjc_buf_putc(out, '"');
}

const char *tjc_text_quote(char *dst, size_t dst_len, const char *s, size_t max_bytes)
{
    size_t n = 0, len = strlen(s);
    size_t cut = len < max_bytes ? len : max_bytes;
    if (cut + 6 <= dst_len && plain_run((const unsigned char *)s, 0, cut) == cut) {
        /* printable ASCII but '"' and '\\' (nearly always): quoted as it is */
        dst[0] = '"';
        memcpy(dst + 1, s, cut);
        dst[cut + 1] = '"';
        memcpy(dst + cut + 2, cut < len ? "..." : "", cut < len ? 4 : 1);
        return dst;
    }
    while (n < len && n < max_bytes) {
        size_t k = tjc_utf8_sequence((const unsigned char *)s + n, len - n);
        if (!k) /* C0 80, a WTF-8 surrogate, or a stray byte */
            k = (unsigned char)s[n] == 0xC0 ? 2 : (unsigned char)s[n] == 0xED ? 3 : 1;
        if (n + k > len)
            break;
        n += k;
    }
    tjc_buf b;
    tjc_buf_init(&b);
    tjc_json_write_bytes(&b, (const unsigned char *)s, n, 1);
    snprintf(dst, dst_len, "%s%s", b.data ? b.data : "\"\"", n < len ? "..." : "");
    tjc_buf_free(&b);
    return dst;
}

void tjc_pointer_append_token(tjc_buf *out, const char *token)
{
    for (const char *t = token; *t; t++) {
        if (*t == '~')
            tjc_buf_puts(out, "~0");
        else if (*t == '/')
            tjc_buf_puts(out, "~1");
        else
            tjc_buf_putc(out, *t);
    }
}

static int write_node(tjc_buf *out, const cJSON *node, size_t depth)
{
    if (depth > TJC_BODY_TREE_DEPTH + 1)
        return -1;
    switch (node->type & 0xFF) {
    case cJSON_False: tjc_buf_puts(out, "false"); return 0;
    case cJSON_True: tjc_buf_puts(out, "true"); return 0;
    case cJSON_NULL: tjc_buf_puts(out, "null"); return 0;
    case cJSON_Number:
        if (node->valuestring) {
            tjc_buf_puts(out, node->valuestring);
        } else if (node->valuedouble > -9e15 && node->valuedouble < 9e15 &&
                   node->valuedouble == (double)(long long)node->valuedouble) {
            /* in range before the conversion: a larger double does not fit long long */
            tjc_buf_printf(out, "%lld", (long long)node->valuedouble);
        } else {
            tjc_buf_printf(out, "%.17g", node->valuedouble);
        }
        return 0;
    case cJSON_String:
    case cJSON_Raw:
        tjc_json_write_string(out, node->valuestring ? node->valuestring : "");
        return 0;
    case cJSON_Array:
    case cJSON_Object: {
        int obj = (node->type & 0xFF) == cJSON_Object;
        tjc_buf_putc(out, obj ? '{' : '[');
        for (const cJSON *c = node->child; c; c = c->next) {
            if (c != node->child)
                tjc_buf_putc(out, ',');
            if (obj) {
                tjc_json_write_string(out, c->string ? c->string : "");
                tjc_buf_putc(out, ':');
            }
            if (write_node(out, c, depth + 1) != 0)
                return -1;
        }
        tjc_buf_putc(out, obj ? '}' : ']');
        return 0;
    }
    }
    tjc_buf_puts(out, "null");
    return 0;
}

int tjc_body_write(tjc_buf *out, const cJSON *node)
{
    return write_node(out, node, 1);
}

/* Whether the reference token p[0, len) (RFC 6901: ~0 for ~, ~1 for /) names `name`;
 * -1 when the token is malformed (a ~ not followed by 0 or 1). */
static int token_names(const char *p, size_t len, const char *name)
{
    if (!memchr(p, '~', len)) /* nearly always: no escapes, compare the bytes */
        return strncmp(name, p, len) == 0 && name[len] == '\0';
    size_t k = 0;
    for (; k < len; k++, name++) {
        char c = p[k];
        if (c == '~') {
            if (k + 1 >= len || (p[k + 1] != '0' && p[k + 1] != '1'))
                return -1;
            c = p[++k] == '0' ? '~' : '/';
        }
        if (*name != c)
            break;
    }
    if (k == len)
        return *name == '\0';
    /* a mismatch: the rest must still be well formed */
    for (; k < len; k++)
        if (p[k] == '~' && (k + 1 >= len || (p[k + 1] != '0' && p[k + 1] != '1')))
            return -1;
        else if (p[k] == '~')
            k++;
    return 0;
}

/* Resolves the rest of a pointer below node; with duplicate members, every copy is tried. */
static const cJSON *resolve_below(const cJSON *node, const char *p, size_t depth)
{
    if (!*p)
        return node;
    if (*p != '/' || depth > TJC_BODY_TREE_DEPTH + 2)
        return NULL;
    p++;
    const char *end = strchr(p, '/');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (token_names(p, len, "") < 0)
        return NULL; /* malformed */
    const cJSON *found = NULL;
    if (cJSON_IsObject(node)) {
        for (const cJSON *c = node->child; c && !found; c = c->next)
            if (c->string && token_names(p, len, c->string) == 1)
                found = resolve_below(c, p + len, depth + 1);
    } else if (cJSON_IsArray(node)) {
        /* an index: 0, or digits without a leading 0 */
        int digits = len > 0 && (len == 1 || p[0] != '0');
        size_t index = 0;
        for (size_t k = 0; k < len && digits; k++) {
            digits = p[k] >= '0' && p[k] <= '9';
            index = index * 10 + (size_t)(p[k] - '0');
        }
        if (digits && len < 19) {
            const cJSON *c = node->child;
            while (c && index--)
                c = c->next;
            if (c)
                found = resolve_below(c, p + len, depth + 1);
        }
    }
    return found;
}

const cJSON *tjc_pointer_resolve(const cJSON *root, const char *pointer)
{
    if (!root || !pointer)
        return NULL;
    return resolve_below(root, pointer, 0);
}
