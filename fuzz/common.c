/* Shared by the fuzz targets. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "body.h"
#include "buf.h"
#include "fuzz.h"
#include "validate.h"

void tjc_fuzz_fail(const char *target, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "\n%s: property broken: ", target);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

char *tjc_fuzz_excerpt(const unsigned char *bytes, size_t len, size_t max)
{
    tjc_buf b;
    tjc_buf_init(&b);
    tjc_json_write_bytes(&b, bytes, len < max ? len : max, 0);
    if (len > max)
        tjc_buf_puts(&b, "...");
    return tjc_buf_take(&b);
}

tjc_validator *tjc_fuzz_validator(void)
{
    /* made once: the published sample is the base body (errata E12) */
    static tjc_validator *v;
    if (!v) {
        char err[256];
        if (tjc_validator_new(NULL, 0, &v, err, sizeof err) != 0)
            tjc_fuzz_fail("fuzz", "cannot make the validator: %s", err);
    }
    return v;
}
