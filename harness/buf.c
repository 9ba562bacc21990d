#include "buf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Memory bookkeeping, not code under test: no SanitizerCoverage here (clang), so that the
 * fuzz targets' coverage and comparison hooks go to the reader and the rules, which call
 * this for every value. AddressSanitizer and UBSan still check it. */
#ifdef __clang__
#pragma clang attribute push(__attribute__((no_sanitize("coverage"))), apply_to = function)
#endif

void tjc_buf_init(tjc_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = 0;
}

void tjc_buf_free(tjc_buf *b)
{
    free(b->data);
    tjc_buf_init(b);
}

int tjc_buf_reserve(tjc_buf *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (extra > (size_t)-1 / 2 - b->len - 1) {
        b->failed = 1;
        return -1;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void tjc_buf_append(tjc_buf *b, const void *data, size_t len)
{
    if ((b->cap - b->len <= len || b->failed) && tjc_buf_reserve(b, len) != 0)
        return;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void tjc_buf_puts(tjc_buf *b, const char *s)
{
    tjc_buf_append(b, s, strlen(s));
}

void tjc_buf_putc(tjc_buf *b, char c)
{
    if (b->cap - b->len > 1 && !b->failed) {
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
        return;
    }
    tjc_buf_append(b, &c, 1);
}

void tjc_buf_vprintf(tjc_buf *b, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if (tjc_buf_reserve(b, (size_t)n) != 0)
        return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void tjc_buf_printf(tjc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tjc_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *tjc_buf_take(tjc_buf *b)
{
    char *p = NULL;
    if (!b->failed) {
        if (!b->data) {
            p = malloc(1);
            if (p)
                p[0] = '\0';
        } else {
            p = b->data;
            b->data = NULL;
        }
    }
    tjc_buf_free(b);
    return p;
}

int tjc_read_file(const char *path, tjc_buf *b)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return -1;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        tjc_buf_append(b, chunk, n);
    int bad = ferror(f);
    int saved = errno;
    if (f != stdin)
        fclose(f);
    if (bad || b->failed) {
        errno = bad ? saved : ENOMEM;
        return -1;
    }
    return 0;
}

#ifdef __clang__
#pragma clang attribute pop
#endif
