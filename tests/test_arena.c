/*
 * test_arena: pieces handed out in chunks and released at once (harness/arena.h).
 */
#include <criterion/criterion.h>

#include <stdint.h>
#include <string.h>

#include "arena.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define TEST_ASAN 1
#endif

Test(arena, hands_out_aligned_pieces_that_keep_what_was_written)
{
    tjc_arena *a = NULL;
    unsigned char *pieces[1000];
    for (size_t i = 0; i < 1000; i++) {
        size_t size = 1 + i % 97;
        pieces[i] = tjc_arena_alloc(&a, size, 1024);
        cr_assert_not_null(pieces[i], "piece %zu of %zu bytes: out of memory", i, size);
        cr_expect_eq((uintptr_t)pieces[i] % _Alignof(max_align_t), 0,
                     "piece %zu is not aligned for any type", i);
        memset(pieces[i], (int)(i & 0xFF), size);
    }
    size_t overwritten = 0;
    for (size_t i = 0; i < 1000; i++) {
        size_t size = 1 + i % 97;
        for (size_t k = 0; k < size; k++)
            overwritten += pieces[i][k] != (unsigned char)(i & 0xFF);
    }
    cr_expect_eq(overwritten, 0, "%zu bytes of pieces were overwritten by other pieces",
                 overwritten);
    char *copy = tjc_arena_strdup(&a, "a string", 1024);
    cr_expect_str_eq(copy, "a string", "tjc_arena_strdup: expected \"a string\", got %s", copy);
    tjc_arena_free(&a);
    cr_expect_null(a, "tjc_arena_free must leave the arena empty (NULL)");
    tjc_arena_free(&a); /* an empty arena frees as nothing */
}

/* A body's string may be as large as the body: a piece far larger than any chunk gets one
 * of its own, and the pieces around it are still served. (A cap of 256 MiB once made a
 * 257 MiB config_desc "out of memory" instead of a verdict.) */
Test(arena, serves_a_piece_larger_than_every_chunk_and_the_pieces_around_it)
{
    tjc_arena *a = NULL;
    char *before = tjc_arena_alloc(&a, 16, 1024);
    size_t huge = (257u << 20) + 3;
    unsigned char *big = tjc_arena_alloc(&a, huge, 1024);
    char *after = tjc_arena_alloc(&a, 16, 1024);
    cr_assert(before && big && after, "out of memory around a piece of %zu bytes", huge);
    big[0] = 1;
    big[huge - 1] = 2;
    memcpy(before, "before", 7);
    memcpy(after, "after", 6);
    cr_expect(big[0] == 1 && big[huge - 1] == 2, "the large piece does not hold its bytes");
    cr_expect_str_eq(before, "before", "the piece before was overwritten");
    cr_expect_str_eq(after, "after", "the piece after was overwritten");
    tjc_arena_free(&a);
}

Test(arena, refuses_a_size_no_chunk_can_hold)
{
    tjc_arena *a = NULL;
    cr_expect_null(tjc_arena_alloc(&a, SIZE_MAX, 1024), "SIZE_MAX bytes: expected NULL");
    cr_expect_null(tjc_arena_alloc(&a, SIZE_MAX - 8, 1024), "SIZE_MAX - 8 bytes: expected NULL");
    cr_expect_null(a, "a refused piece must leave the arena empty");
}

/* Under AddressSanitizer the bytes after each piece, and what a chunk has not handed out,
 * are poisoned as a malloc'd block's redzone is. */
Test(arena, poisons_around_pieces_under_address_sanitizer)
{
#ifdef TEST_ASAN
    tjc_arena *a = NULL;
    char *p = tjc_arena_alloc(&a, 5, 1024);
    char *q = tjc_arena_alloc(&a, 32, 1024);
    cr_assert(p && q, "out of memory");
    cr_expect(!__asan_address_is_poisoned(p + 4), "the last byte of a piece must be usable");
    cr_expect(__asan_address_is_poisoned(p + 5), "the byte after a piece must be poisoned");
    cr_expect(__asan_address_is_poisoned(q + 32), "the byte after a piece must be poisoned");
    cr_expect(__asan_address_is_poisoned(q + 100), "room not handed out must be poisoned");
    tjc_arena_free(&a);
#else
    cr_skip_test("not an AddressSanitizer build (the asan preset runs it)");
#endif
}
