/*
 * number: what a JSON number lexeme says, read from its text (errata E10).
 *
 * cJSON keeps numbers as doubles, where 2^53+1, 2^63 and 1e400 are no longer what was
 * written. The integer rules are judged here on the digits themselves: the value is
 * held as a sign, its significant digits (inside the lexeme) and a decimal magnitude.
 * Exponents are exact up to 10^12 in size and clamped beyond it: such numbers are still
 * whole (or not) and out of every range correctly, but two of them may compare equal.
 */
#ifndef TJC_NUMBER_H
#define TJC_NUMBER_H

#include <stddef.h>

typedef struct tjc_number {
    const char *lexeme;   /* not owned */
    int negative;         /* below zero (so "-0" is not negative) */
    int zero;
    int whole;            /* the value is an integer */
    int notation;         /* written with a fraction part or an exponent */
    /* value = 0.d1d2d3... x 10^magnitude, with d1 != 0 unless zero */
    long long magnitude;
    size_t first_digit;   /* offset of d1 in lexeme */
    size_t digit_count;   /* significant digits, trailing zeros dropped */
} tjc_number;

/* Reads a lexeme of RFC 8259's number grammar. Returns 0, or -1 when it is not one. */
int tjc_number_read(const char *lexeme, tjc_number *out);

/* Compares two values: <0, 0, >0; exact unless both exponents pass 10^12. */
int tjc_number_cmp(const tjc_number *a, const tjc_number *b);

/* For whole numbers: whether the value fits a signed integer of that many bits (32, 64). */
int tjc_number_fits(const tjc_number *n, int bits);

#endif
