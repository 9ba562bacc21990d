#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define TJC_ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TJC_ARENA_ASAN 1
#endif
#endif
#ifdef TJC_ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define REDZONE 16
#else
#define ASAN_POISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#define ASAN_UNPOISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#define REDZONE 0
#endif

/* Memory bookkeeping, not code under test: no SanitizerCoverage here (clang), so that the
 * fuzz targets' coverage and comparison hooks go to the reader and the rules, which call
 * this for every value. AddressSanitizer and UBSan still check it. */
#ifdef __clang__
#pragma clang attribute push(__attribute__((no_sanitize("coverage"))), apply_to = function)
#endif

struct tjc_arena {
    struct tjc_arena *next;
    size_t used, cap;
    union { max_align_t align; unsigned char bytes[1]; } data[]; /* cap bytes */
};

enum { FIRST_MIN = 1024, FIRST_MAX = 64u << 10, CHUNK_MAX = 4u << 20 };

void *tjc_arena_alloc(tjc_arena **arena, size_t size, size_t first)
{
    size_t align = _Alignof(max_align_t);
    /* any size a chunk's header, rounding and redzone still fit beside (a string of a
     * body may be as large as the body); beyond that the sums below would overflow */
    if (size > SIZE_MAX - sizeof(tjc_arena) - 2 * align - REDZONE)
        return NULL;
    size_t need = (size + align - 1) / align * align + REDZONE;
    tjc_arena *c = *arena;
    if (!c || c->cap - c->used < need) {
        size_t cap = c ? (c->cap < CHUNK_MAX ? c->cap * 2 : CHUNK_MAX)
                       : (first < FIRST_MIN ? FIRST_MIN : first > FIRST_MAX ? FIRST_MAX : first);
        if (cap < need)
            cap = need;
        tjc_arena *n = malloc(sizeof *n + cap);
        if (!n)
            return NULL;
        n->used = 0;
        n->cap = cap;
        ASAN_POISON_MEMORY_REGION(n->data, cap);
        if (c && cap == need) {
            /* a piece of its own: behind the current chunk, which keeps its room */
            n->next = c->next;
            c->next = n;
        } else {
            n->next = c;
            *arena = n;
        }
        c = n;
    }
    void *out = (unsigned char *)c->data + c->used;
    c->used += need;
    ASAN_UNPOISON_MEMORY_REGION(out, size);
    return out;
}

char *tjc_arena_strdup(tjc_arena **arena, const char *s, size_t first)
{
    size_t n = strlen(s) + 1;
    char *copy = tjc_arena_alloc(arena, n, first);
    if (copy)
        memcpy(copy, s, n);
    return copy;
}

void tjc_arena_free(tjc_arena **arena)
{
    for (tjc_arena *c = *arena, *next; c; c = next) {
        next = c->next;
        ASAN_UNPOISON_MEMORY_REGION(c->data, c->cap);
        free(c);
    }
    *arena = NULL;
}

#ifdef __clang__
#pragma clang attribute pop
#endif
