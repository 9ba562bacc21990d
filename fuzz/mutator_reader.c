/*
 * mutator_reader.c: the mutator's own build of the body reader and writer
 * (harness/body.c, harness/buf.c and harness/arena.c, compiled here a second time under
 * the names of mutator_names.h), without coverage instrumentation.
 *
 * Why: libFuzzer calls the mutator between runs and clears the coverage counters before
 * each run, so whatever the mutator's reading and writing of a body hits is thrown away;
 * instrumented, those calls cost as much as the target's own run (every byte compared
 * goes through a __sanitizer_cov_trace_cmp hook). The target keeps the instrumented
 * harness build: it is the code under test. AddressSanitizer and UBSan still check this
 * copy (only SanitizerCoverage is off). gcc builds (tests, replay) compile the same copy.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "mutator_names.h"

#ifdef __clang__
#pragma clang attribute push(__attribute__((no_sanitize("coverage"))), apply_to = function)
#endif
#include "../harness/arena.c"
#include "../harness/buf.c"
#include "../harness/body.c"
#ifdef __clang__
#pragma clang attribute pop
#endif
