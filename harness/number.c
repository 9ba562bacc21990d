#include "number.h"

#include <string.h>

#define EXPONENT_CAP 1000000000000LL /* beyond any body we read; keeps arithmetic exact */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int tjc_number_read(const char *s, tjc_number *out)
{
    memset(out, 0, sizeof *out);
    out->lexeme = s;
    size_t i = 0;
    int minus = 0;
    if (s[i] == '-') {
        minus = 1;
        i++;
    }
    if (!is_digit(s[i]))
        return -1;
    size_t int_start = i;
    if (s[i] == '0') {
        i++;
    } else {
        while (is_digit(s[i]))
            i++;
    }
    size_t int_end = i;
    size_t frac_start = 0, frac_end = 0;
    if (s[i] == '.') {
        out->notation = 1;
        i++;
        frac_start = i;
        if (!is_digit(s[i]))
            return -1;
        while (is_digit(s[i]))
            i++;
        frac_end = i;
    }
    long long exponent = 0;
    if (s[i] == 'e' || s[i] == 'E') {
        out->notation = 1;
        i++;
        int exp_minus = 0;
        if (s[i] == '+' || s[i] == '-') {
            exp_minus = s[i] == '-';
            i++;
        }
        if (!is_digit(s[i]))
            return -1;
        while (is_digit(s[i])) {
            if (exponent < EXPONENT_CAP)
                exponent = exponent * 10 + (s[i] - '0');
            i++;
        }
        if (exponent > EXPONENT_CAP)
            exponent = EXPONENT_CAP;
        if (exp_minus)
            exponent = -exponent;
    }
    if (s[i] != '\0')
        return -1;

    /* The significant digits run over the integer and fraction parts, skipping '.'. */
    size_t first = (size_t)-1, last = 0;
    long long position = 0; /* digits before the point, counted from the first significant one */
    long long digits_before_point = (long long)(int_end - int_start);
    long long index = 0;
    for (size_t k = int_start; k < (frac_end ? frac_end : int_end); k++) {
        if (s[k] == '.')
            continue;
        if (s[k] != '0') {
            if (first == (size_t)-1) {
                first = k;
                position = index;
            }
            last = k;
        }
        index++;
    }
    (void)frac_start;
    if (first == (size_t)-1) {
        out->zero = 1;
        out->whole = 1;
        out->negative = 0;
        return 0;
    }
    out->negative = minus;
    out->first_digit = first;
    size_t count = 0;
    for (size_t k = first; k <= last; k++)
        if (s[k] != '.')
            count++;
    out->digit_count = count;
    out->magnitude = digits_before_point - position + exponent;
    out->whole = out->magnitude >= (long long)count;
    return 0;
}

/* The k-th significant digit (0-based), or '0' beyond the last. */
static char digit_at(const tjc_number *n, size_t k)
{
    if (k >= n->digit_count)
        return '0';
    const char *p = n->lexeme + n->first_digit;
    size_t seen = 0;
    for (;; p++) {
        if (*p == '.')
            continue;
        if (seen == k)
            return *p;
        seen++;
    }
}

/* Compares |a| and |b| for non-zero values. */
static int cmp_magnitude(const tjc_number *a, const tjc_number *b)
{
    if (a->magnitude != b->magnitude)
        return a->magnitude < b->magnitude ? -1 : 1;
    size_t n = a->digit_count > b->digit_count ? a->digit_count : b->digit_count;
    /* Walk both digit strings once: the lexemes hold at most one '.' each. */
    const char *pa = a->lexeme + a->first_digit, *pb = b->lexeme + b->first_digit;
    for (size_t k = 0; k < n; k++) {
        char da = '0', db = '0';
        if (k < a->digit_count) {
            if (*pa == '.')
                pa++;
            da = *pa++;
        }
        if (k < b->digit_count) {
            if (*pb == '.')
                pb++;
            db = *pb++;
        }
        if (da != db)
            return da < db ? -1 : 1;
    }
    return 0;
}

int tjc_number_cmp(const tjc_number *a, const tjc_number *b)
{
    int sa = a->zero ? 0 : (a->negative ? -1 : 1);
    int sb = b->zero ? 0 : (b->negative ? -1 : 1);
    if (sa != sb)
        return sa < sb ? -1 : 1;
    if (sa == 0)
        return 0;
    int m = cmp_magnitude(a, b);
    return sa > 0 ? m : -m;
}

int tjc_number_fits(const tjc_number *n, int bits)
{
    if (!n->whole)
        return 0;
    if (n->zero)
        return 1;
    const char *limit;
    if (bits == 32)
        limit = n->negative ? "2147483648" : "2147483647";
    else
        limit = n->negative ? "9223372036854775808" : "9223372036854775807";
    long long width = (long long)strlen(limit);
    if (n->magnitude != width)
        return n->magnitude < width;
    for (size_t k = 0; k < (size_t)width; k++) {
        char d = digit_at(n, k);
        if (d != limit[k])
            return d < limit[k];
    }
    return 1;
}
