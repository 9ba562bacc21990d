/*
 * What every tjc fuzz target provides besides LLVMFuzzerTestOneInput, and the checks
 * they share. A finding aborts with a message naming the property broken, so that
 * libFuzzer (or the replay main) reports it with the input.
 */
#ifndef TJC_FUZZ_H
#define TJC_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether the bytes fit the target's input framing (a seed that does not is useless). */
int tjc_fuzz_framing_ok(const uint8_t *data, size_t size);

struct tjc_validator;
/* The validator every target asks (base body: the published sample), made once. */
struct tjc_validator *tjc_fuzz_validator(void);

/* Reports a broken property and aborts. */
void tjc_fuzz_fail(const char *target, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* A printable excerpt of bytes for a failure message: a JSON string literal of at most
 * about `max` bytes of them (control bytes and bytes that are not UTF-8 escaped), with
 * "..." when cut. Owned by the caller (NULL when memory ran out). */
char *tjc_fuzz_excerpt(const unsigned char *bytes, size_t len, size_t max);

#endif
