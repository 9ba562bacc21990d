/*
 * arena: memory handed out in pieces and released all at once.
 *
 * A parsed body's tree (body.c) and a verdict's texts (validate.c) are many small pieces
 * that live and die together; under AddressSanitizer every malloc costs a stack trace and
 * a quarantine slot, and a fuzz run makes millions of them. An arena holds the pieces in
 * a few chunks instead. Under AddressSanitizer each piece is followed by a poisoned
 * redzone and what a chunk has not handed out is poisoned, so reading or writing past a
 * piece is still caught as it is with malloc.
 */
#ifndef TJC_ARENA_H
#define TJC_ARENA_H

#include <stddef.h>

/* An empty arena is a NULL pointer: `tjc_arena *a = NULL;`. */
typedef struct tjc_arena tjc_arena;

/* A piece of `size` bytes (aligned for any type) or NULL when memory ran out. The first
 * chunk holds `first` bytes (at least 1 KiB, at most 64 KiB); the next ones double, to
 * 4 MiB; a piece larger than that gets a chunk of its own. */
void *tjc_arena_alloc(tjc_arena **arena, size_t size, size_t first);
/* A copy of the NUL-terminated `s`, or NULL. */
char *tjc_arena_strdup(tjc_arena **arena, const char *s, size_t first);
/* Releases every piece; the arena is empty (NULL) again. */
void tjc_arena_free(tjc_arena **arena);

#endif
