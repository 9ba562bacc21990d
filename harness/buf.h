/*
 * buf: a growable byte buffer. Every append keeps the data NUL-terminated; an
 * allocation failure sets `failed` and later appends do nothing, so callers check once
 * at the end.
 */
#ifndef TJC_BUF_H
#define TJC_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct tjc_buf {
    char *data;
    size_t len;
    size_t cap;
    int failed;
} tjc_buf;

void tjc_buf_init(tjc_buf *b);
void tjc_buf_free(tjc_buf *b);
int tjc_buf_reserve(tjc_buf *b, size_t extra);
void tjc_buf_append(tjc_buf *b, const void *data, size_t len);
void tjc_buf_puts(tjc_buf *b, const char *s);
void tjc_buf_putc(tjc_buf *b, char c);
void tjc_buf_printf(tjc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tjc_buf_vprintf(tjc_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Appends a whole file ("-": standard input). Returns 0, or -1 with errno set. */
int tjc_read_file(const char *path, tjc_buf *b);
/* Hands the data to the caller (NULL when an append failed) and resets the buffer. */
char *tjc_buf_take(tjc_buf *b);

#endif
