/*
 * bench/validate: validation throughput beside a bare cJSON_ParseWithLength of the same
 * bytes, in the same process, with the ratio (issue 2's target: at most 2x a bare parse).
 *
 * Bodies: the published sample; a 1 MiB body made from the sample by growing its
 * parameter array (label/value items, the page's own shape); a 1 MiB config_desc-heavy
 * body (one long string). Each is run for a fixed count and timed with CLOCK_MONOTONIC;
 * the best of five rounds is printed, so a busy machine skews both figures alike.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "sample.h"
#include "validate.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double time_parse(const char *data, size_t len, int iterations)
{
    double best = 1e30;
    for (int round = 0; round < 5; round++) {
        double t0 = now();
        for (int i = 0; i < iterations; i++) {
            cJSON *root = cJSON_ParseWithLength(data, len);
            if (!root) {
                fprintf(stderr, "bench: cJSON refused the body\n");
                exit(2);
            }
            cJSON_Delete(root);
        }
        double t = (now() - t0) / iterations;
        if (t < best)
            best = t;
    }
    return best;
}

static double time_validate(const tjc_validator *v, const char *data, size_t len,
                            int iterations, const char **outcome)
{
    double best = 1e30;
    for (int round = 0; round < 5; round++) {
        double t0 = now();
        for (int i = 0; i < iterations; i++) {
            tjc_verdict verdict;
            if (tjc_validate(v, (const unsigned char *)data, len, NULL, &verdict) != 0) {
                fprintf(stderr, "bench: out of memory\n");
                exit(2);
            }
            *outcome = tjc_outcome_name(verdict.outcome);
            tjc_verdict_free(&verdict);
        }
        double t = (now() - t0) / iterations;
        if (t < best)
            best = t;
    }
    return best;
}

static void run(const tjc_validator *v, const char *name, const char *data, size_t len,
                int iterations)
{
    const char *outcome = "?";
    double parse = time_parse(data, len, iterations);
    double validate = time_validate(v, data, len, iterations, &outcome);
    double mib = (double)len / (1024.0 * 1024.0);
    printf("%-22s %9zu bytes  cJSON_ParseWithLength %10.2f us %8.1f MiB/s   tjc_validate "
           "%10.2f us %8.1f MiB/s (%s)   ratio %.2fx\n",
           name, len, parse * 1e6, mib / parse, validate * 1e6, mib / validate, outcome,
           validate / parse);
}

static char *grow_parameters(size_t target, size_t *len)
{
    size_t sample_len;
    const char *sample = tjc_sample_body(&sample_len);
    const char *anchor = strstr(sample, "\"parameter\": [");
    if (!anchor)
        return NULL;
    anchor += strlen("\"parameter\": [");
    tjc_buf b;
    tjc_buf_init(&b);
    tjc_buf_append(&b, sample, (size_t)(anchor - sample));
    for (size_t i = 0; b.len < target; i++)
        tjc_buf_printf(&b, "{\"label\": \"learning_rate_%zu\", \"value\": \"0.0%zu\"}, ", i, i);
    tjc_buf_puts(&b, anchor);
    *len = b.len;
    return tjc_buf_take(&b);
}

static char *long_description(size_t target, size_t *len)
{
    size_t sample_len;
    const char *sample = tjc_sample_body(&sample_len);
    const char *anchor = strstr(sample, "This is config");
    if (!anchor)
        return NULL;
    tjc_buf b;
    tjc_buf_init(&b);
    tjc_buf_append(&b, sample, (size_t)(anchor - sample));
    while (b.len < target)
        tjc_buf_puts(&b, "A training job configuration, described at length. \\u4e2d\\u6587 ");
    tjc_buf_puts(&b, anchor);
    *len = b.len;
    return tjc_buf_take(&b);
}

int main(int argc, char **argv)
{
    int scale = argc > 1 ? atoi(argv[1]) : 1;
    if (scale < 1)
        scale = 1;
    char err[256];
    tjc_validator *v;
    if (tjc_validator_new(NULL, 0, &v, err, sizeof err) != 0) {
        fprintf(stderr, "bench: %s\n", err);
        return 2;
    }
    size_t sample_len;
    const char *sample = tjc_sample_body(&sample_len);
    size_t params_len, desc_len;
    char *params = grow_parameters(1024 * 1024, &params_len);
    char *desc = long_description(1024 * 1024, &desc_len);
    if (!params || !desc) {
        fprintf(stderr, "bench: could not build the bodies\n");
        return 2;
    }
    printf("bench/validate: best of 5 rounds, time per body (lower is better); ratio = "
           "tjc_validate / cJSON_ParseWithLength\n");
    run(v, "published sample", sample, sample_len, 20000 * scale);
    run(v, "1 MiB parameter array", params, params_len, 20 * scale);
    run(v, "1 MiB config_desc", desc, desc_len, 50 * scale);
    free(params);
    free(desc);
    tjc_validator_free(v);
    return 0;
}
