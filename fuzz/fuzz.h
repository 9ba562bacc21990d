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

/* Reports a broken property and aborts. */
void tjc_fuzz_fail(const char *target, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

#endif
