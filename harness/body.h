/*
 * body: a strict RFC 8259 reading of request body bytes.
 *
 * cJSON alone is not strict enough to certify against (it accepts trailing bytes when
 * asked to, does not check UTF-8, refuses lone surrogate escapes that the grammar
 * allows, stops at 1000 levels and keeps numbers only as doubles). So tjc reads the
 * bytes itself, iteratively (bounded stack at any depth), and builds an ordinary cJSON
 * tree that every other module can walk, with these conventions:
 *
 *  - A number node's `valuestring` holds its lexeme exactly as written ("1.0", "1e0",
 *    "9223372036854775808"); `valuedouble` is strtod's reading of it. number.h judges
 *    integers from the lexeme.
 *  - A string holds UTF-8. U+0000 is held as the two bytes C0 80 and a lone surrogate
 *    escape as its three-byte (WTF-8) form, so strings stay NUL-terminated and every
 *    code point is still counted. tjc_json_write_string() turns both back into escapes.
 *  - Duplicate members are kept, in order, as cJSON keeps them; each is also noted.
 *  - Containers are built TJC_BODY_TREE_DEPTH levels deep; a container one level deeper
 *    is built empty, and what it holds is checked to the last byte but not built
 *    (`truncated` is set). Odd strings and duplicate members down there are still noted,
 *    once per kind, at the pointer of that empty container. No rule of the page reaches
 *    that deep.
 */
#ifndef TJC_BODY_H
#define TJC_BODY_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "buf.h"

#define TJC_BODY_TREE_DEPTH 512

typedef enum tjc_note_kind {
    TJC_NOTE_DUPLICATE,   /* a member name given twice in one object */
    TJC_NOTE_NUL,         /* a string holding U+0000 */
    TJC_NOTE_SURROGATE,   /* a string holding a lone surrogate escape */
} tjc_note_kind;

typedef struct tjc_body_note {
    tjc_note_kind kind;
    char *pointer;        /* RFC 6901, of the member or string concerned */
} tjc_body_note;

typedef struct tjc_body {
    cJSON *root;          /* NULL when the bytes are not one JSON text */
    const char *error;    /* why not (static text), when root is NULL */
    size_t error_offset;  /* byte offset of the error */
    int bom;              /* a UTF-8 byte order mark preceded the text */
    size_t depth;         /* deepest nesting of arrays and objects (top container = 1) */
    int truncated;        /* values below TJC_BODY_TREE_DEPTH + 1 levels were not built */
    tjc_body_note *notes;
    size_t note_count;
    size_t note_cap;
    struct tjc_arena *arena; /* the tree's memory (arena.h) */
} tjc_body;

/* Reads `len` bytes. Returns 0 (root set, or error and error_offset set) or -1 when
 * memory ran out. Always release with tjc_body_free(), which releases the whole tree: its
 * nodes and strings live in memory the body owns (arena.h), so no node or string of it may
 * be freed on its own (cJSON_Delete, cJSON_Replace*, cJSON_SetValuestring...) or outlive
 * the body. cJSON_Duplicate() makes an ordinary copy to change with cJSON or to keep. */
int tjc_body_parse(const unsigned char *bytes, size_t len, tjc_body *out);
void tjc_body_free(tjc_body *body);

/* Makes `node` the number `lexeme` is, as the reader makes them: valuestring = lexeme (not
 * copied), valuedouble = strtod's reading, valueint saturated as cJSON_CreateNumber sets
 * it. */
void tjc_number_node_set(cJSON *node, char *lexeme);

/* The value of one hex digit, or -1. */
int tjc_hex_digit(int c);

/* Length of the UTF-8 sequence at s (RFC 3629: no overlong forms, no surrogates, at
 * most U+10FFFF), or 0 when the bytes there are not one. */
size_t tjc_utf8_sequence(const unsigned char *s, size_t avail);

/* Unicode code points in a string held as above. */
size_t tjc_text_code_points(const char *s);
/* UTF-16 code units the same string takes (code points above U+FFFF take two). */
size_t tjc_text_utf16_units(const char *s);
/* Both in one pass: returns the code points, stores the UTF-16 units. */
size_t tjc_text_measure(const char *s, size_t *utf16_units);

/* Appends `s` as a JSON string literal: quotes, escapes, U+0000 and lone surrogates
 * as \u escapes. Bytes that are not UTF-8 are written as \ufffd. */
void tjc_json_write_string(tjc_buf *out, const char *s);
/* The same for `n` bytes: with `held`, C0 80 and WTF-8 surrogates are read as above;
 * without, they are bytes that are not UTF-8 (\ufffd), and NUL is \u0000. */
void tjc_json_write_bytes(tjc_buf *out, const unsigned char *s, size_t n, int held);
/* A held string as a message shows it: JSON-quoted (one line whatever it holds), at most
 * max_bytes of it, cut on a character boundary, "..." when cut. Writes into dst (give it
 * max_bytes * 6 + 16 bytes) and returns it. */
const char *tjc_text_quote(char *dst, size_t dst_len, const char *s, size_t max_bytes);
/* Appends the RFC 6901 escape of a reference token (~ as ~0, / as ~1). */
void tjc_pointer_append_token(tjc_buf *out, const char *token);

/* Writes a tree as compact JSON, numbers as their lexemes when they have one. Returns 0,
 * or -1 when the tree is deeper than TJC_BODY_TREE_DEPTH + 1. */
int tjc_body_write(tjc_buf *out, const cJSON *node);

/* The node a JSON Pointer names in `root`, or NULL. Where an object has duplicate members,
 * every copy is tried in order (RFC 6901 leaves them ambiguous). */
const cJSON *tjc_pointer_resolve(const cJSON *root, const char *pointer);

#endif
