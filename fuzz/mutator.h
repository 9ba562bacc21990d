/*
 * mutator: libFuzzer's custom mutator and cross-over for the targets whose inputs are
 * request bodies (TJC_FUZZ_MUTATED in fuzz/CMakeLists.txt). See mutator.c.
 */
#ifndef TJC_MUTATOR_H
#define TJC_MUTATOR_H

#include <stddef.h>
#include <stdint.h>

/* libFuzzer's byte-level mutator; ordinary builds get a stand-in (mutate_standin.c) that
 * counts its calls in tjc_mutate_standin_calls. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
extern unsigned tjc_mutate_standin_calls;

/* Mutates the body in data[0, size) in place (data holds max_size bytes) and returns the
 * new size, at most max_size. The same bytes and seed give the same result. */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

/* Writes into out (max_out bytes) a body made of members of both inputs and returns its
 * size, at most max_out. The same inputs and seed give the same result. */
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
                                 size_t size2, uint8_t *out, size_t max_out,
                                 unsigned int seed);

#endif
