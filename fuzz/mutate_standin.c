/*
 * The stand-in for libFuzzer's LLVMFuzzerMutate in builds without libFuzzer (the replay
 * main of ordinary builds, the mutator's unit tests): a deterministic byte flip, enough
 * for the custom mutator's fallbacks to be exercised. It counts its calls, so that a test
 * can tell when the mutator handed an input over.
 */
#include "mutator.h"

unsigned tjc_mutate_standin_calls;

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size)
{
    tjc_mutate_standin_calls++;
    if (size == 0 && max_size > 0) {
        data[0] = '{';
        return 1;
    }
    if (size)
        data[size / 2] ^= 0x20;
    return size;
}
