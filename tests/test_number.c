/*
 * number: what a JSON number lexeme says, judged from its digits (errata E10): whole or
 * not, written with a fraction or exponent or not, zero, sign, exact comparison, and
 * whether a whole number fits a 32- or 64-bit signed integer.
 */
#include <criterion/criterion.h>

#include <string.h>

#include "number.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static tjc_number read_ok(const char *lexeme)
{
    tjc_number n;
    int rc = tjc_number_read(lexeme, &n);
    cr_assert_eq(rc, 0, "tjc_number_read(\"%s\"): expected 0 (a number lexeme), got %d", lexeme,
                 rc);
    return n;
}

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

/* ---- whole or not ---- */

Test(number, reads_whole_numbers_written_in_any_notation_as_whole)
{
    static const char *const lexemes[] = {"1",   "1.0",  "1e0",  "10E-1",  "1.50e1", "100",
                                          "1e2", "0.1e1", "120e-1", "1.5e1", "-3",    "-3.000",
                                          "12345678901234567890123", "1.2345e4", "5E+0"};
    for (size_t i = 0; i < COUNT(lexemes); i++) {
        tjc_number n = read_ok(lexemes[i]);
        cr_expect_eq(n.whole, 1, "\"%s\": expected whole 1, got %d", lexemes[i], n.whole);
    }
}

Test(number, reads_fractions_as_not_whole)
{
    static const char *const lexemes[] = {"1.5", "1e-1",  "0.5",       "1.05e1", "0.001",
                                          "-2.5", "1.23", "1.000001", "123e-4", "1.2345e3",
                                          "-0.5", "15E-1"};
    for (size_t i = 0; i < COUNT(lexemes); i++) {
        tjc_number n = read_ok(lexemes[i]);
        cr_expect_eq(n.whole, 0, "\"%s\": expected whole 0, got %d", lexemes[i], n.whole);
    }
}

Test(number, flags_a_fraction_part_or_exponent_as_notation)
{
    static const struct {
        const char *lexeme;
        int notation;
    } cases[] = {
        {"1", 0},   {"-12", 0},  {"0", 0},   {"-0", 0},  {"1.0", 1}, {"1e0", 1},
        {"1E+0", 1}, {"0.0", 1}, {"10E-1", 1}, {"1.5", 1}, {"2e-1", 1},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        tjc_number n = read_ok(cases[i].lexeme);
        cr_expect_eq(n.notation, cases[i].notation, "\"%s\": expected notation %d, got %d",
                     cases[i].lexeme, cases[i].notation, n.notation);
    }
}

/* ---- zero and sign ---- */

Test(number, reads_every_spelling_of_zero_as_zero_and_not_negative)
{
    static const char *const lexemes[] = {"0", "-0", "0.0", "0e5", "-0.0e-5", "0E+0", "-0.000",
                                          "0e999999999999999999999"};
    for (size_t i = 0; i < COUNT(lexemes); i++) {
        tjc_number n = read_ok(lexemes[i]);
        cr_expect_eq(n.zero, 1, "\"%s\": expected zero 1, got %d", lexemes[i], n.zero);
        cr_expect_eq(n.negative, 0, "\"%s\": expected negative 0, got %d", lexemes[i],
                     n.negative);
        cr_expect_eq(n.whole, 1, "\"%s\": expected whole 1, got %d", lexemes[i], n.whole);
        cr_expect(tjc_number_fits(&n, 32) && tjc_number_fits(&n, 64),
                  "\"%s\": expected zero to fit 32 and 64 bits", lexemes[i]);
    }
}

Test(number, reads_the_sign_of_nonzero_values)
{
    static const struct {
        const char *lexeme;
        int negative;
    } cases[] = {
        {"-1", 1}, {"-1.5", 1}, {"-1e-400", 1}, {"-0.001", 1}, {"1", 0}, {"0.001", 0}, {"1e400", 0},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        tjc_number n = read_ok(cases[i].lexeme);
        cr_expect_eq(n.negative, cases[i].negative, "\"%s\": expected negative %d, got %d",
                     cases[i].lexeme, cases[i].negative, n.negative);
        cr_expect_eq(n.zero, 0, "\"%s\": expected zero 0, got %d", cases[i].lexeme, n.zero);
    }
}

Test(number, describes_values_as_significant_digits_and_a_decimal_magnitude)
{
    /* number.h: value = 0.d1d2d3... x 10^magnitude, trailing zeros dropped */
    static const struct {
        const char *lexeme;
        long long magnitude;
        size_t first, count;
    } cases[] = {
        {"1", 1, 0, 1},    {"120", 3, 0, 2},  {"0.05", -1, 3, 1}, {"-1.50e1", 2, 1, 2},
        {"1.05", 1, 0, 3}, {"10E-1", 1, 0, 1}, {"0.1e1", 1, 2, 1},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        tjc_number n = read_ok(cases[i].lexeme);
        cr_expect(n.magnitude == cases[i].magnitude && n.first_digit == cases[i].first &&
                      n.digit_count == cases[i].count,
                  "\"%s\": expected magnitude %lld, first_digit %zu, digit_count %zu; got %lld, "
                  "%zu, %zu",
                  cases[i].lexeme, cases[i].magnitude, cases[i].first, cases[i].count,
                  n.magnitude, n.first_digit, n.digit_count);
    }
}

/* ---- fitting 32 and 64 bits ---- */

static void expect_fits(const char *lexeme, int bits, int want)
{
    tjc_number n = read_ok(lexeme);
    int got = tjc_number_fits(&n, bits) != 0;
    cr_expect_eq(got, want, "\"%s\" in %d bits: expected %s, got %s", lexeme, bits,
                 want ? "fits" : "does not fit", got ? "fits" : "does not fit");
}

Test(number, fits_32_bits_exactly_at_the_limits)
{
    static const struct {
        const char *lexeme;
        int fits;
    } cases[] = {
        {"2147483647", 1},     {"2147483648", 0},        {"-2147483648", 1},
        {"-2147483649", 0},    {"2147483647.0", 1},      {"2.147483647e9", 1},
        {"2.147483648e9", 0},  {"-2.147483648E+9", 1},   {"21474836470e-1", 1},
        {"2147483650", 0},     {"-2147483650", 0},       {"1", 1},
        {"-1", 1},             {"4294967296", 0},        {"99999999999", 0},
        {"1000000000", 1},     {"2147483646", 1},        {"214748364.7e1", 1},
    };
    for (size_t i = 0; i < COUNT(cases); i++)
        expect_fits(cases[i].lexeme, 32, cases[i].fits);
}

Test(number, fits_64_bits_exactly_at_the_limits)
{
    static const struct {
        const char *lexeme;
        int fits;
    } cases[] = {
        {"9223372036854775807", 1},      {"9223372036854775808", 0},
        {"-9223372036854775808", 1},     {"-9223372036854775809", 0},
        {"9.223372036854775807e18", 1},  {"9.223372036854775808e18", 0},
        {"-9.223372036854775808e18", 1}, {"-9.223372036854775809e18", 0},
        {"9223372036854775807.000", 1},  {"92233720368547758070E-1", 1},
        {"18446744073709551616", 0},     {"2147483648", 1},
        {"-2147483649", 1},              {"9223372036854775806", 1},
        {"9223372036854775810", 0},      {"10000000000000000000", 0},
    };
    for (size_t i = 0; i < COUNT(cases); i++)
        expect_fits(cases[i].lexeme, 64, cases[i].fits);
}

/* ---- huge exponents ---- */

Test(number, reads_huge_positive_exponents_as_whole_and_too_large)
{
    static const char *const lexemes[] = {"1e400", "1e999999999999999999999",
                                          "-1e999999999999999999999", "1.5e400",
                                          "1E+99999999999999999999999999999999999999"};
    for (size_t i = 0; i < COUNT(lexemes); i++) {
        tjc_number n = read_ok(lexemes[i]);
        cr_expect_eq(n.whole, 1, "\"%s\": expected whole 1, got %d", lexemes[i], n.whole);
        expect_fits(lexemes[i], 32, 0);
        expect_fits(lexemes[i], 64, 0);
    }
}

Test(number, reads_huge_negative_exponents_as_tiny_fractions)
{
    static const char *const lexemes[] = {"1e-999999999999999999999", "1e-400",
                                          "-5e-999999999999999999999",
                                          "123456789e-99999999999999999999999999999"};
    for (size_t i = 0; i < COUNT(lexemes); i++) {
        tjc_number n = read_ok(lexemes[i]);
        cr_expect_eq(n.whole, 0, "\"%s\": expected whole 0, got %d", lexemes[i], n.whole);
        cr_expect_eq(n.zero, 0, "\"%s\": expected zero 0, got %d", lexemes[i], n.zero);
    }
}

/* ---- comparing ---- */

Test(number, compares_equal_values_written_differently_as_equal)
{
    static const char *const ones[] = {"1", "1.0", "10e-1", "0.1e1", "1e0", "100e-2", "1.000",
                                       "0.001e3", "1E+0"};
    for (size_t i = 0; i < COUNT(ones); i++)
        for (size_t j = 0; j < COUNT(ones); j++) {
            tjc_number a = read_ok(ones[i]), b = read_ok(ones[j]);
            int c = tjc_number_cmp(&a, &b);
            cr_expect_eq(c, 0, "cmp(\"%s\", \"%s\"): expected 0, got %d", ones[i], ones[j], c);
        }
}

Test(number, orders_values_exactly)
{
    /* ascending; the lexemes of one row are equal */
    static const char *const rows[][6] = {
        {"-1e400"},
        {"-9223372036854775809"},
        {"-9223372036854775808", "-9.223372036854775808e18"},
        {"-2"},
        {"-1.5", "-15e-1"},
        {"-1", "-1.0", "-10e-1"},
        {"-1e-400"},
        {"0", "-0", "0.0", "0e5", "-0e-5"},
        {"1e-400"},
        {"0.05", "5e-2", "0.050"},
        {"0.5", "5e-1"},
        {"1", "1.0", "10e-1", "0.1e1"},
        {"1.0000000000000000000001"},
        {"1.5", "15e-1", "0.15E1"},
        {"2"},
        {"10", "1e1", "1E+1"},
        {"9007199254740992"},
        {"9007199254740993"},
        {"9223372036854775807"},
        {"9223372036854775808", "9.223372036854775808e18"},
        {"1e400"},
    };
    for (size_t r1 = 0; r1 < COUNT(rows); r1++)
        for (size_t k1 = 0; k1 < 6 && rows[r1][k1]; k1++)
            for (size_t r2 = 0; r2 < COUNT(rows); r2++)
                for (size_t k2 = 0; k2 < 6 && rows[r2][k2]; k2++) {
                    tjc_number a = read_ok(rows[r1][k1]), b = read_ok(rows[r2][k2]);
                    int want = r1 < r2 ? -1 : r1 > r2;
                    int got = sign(tjc_number_cmp(&a, &b));
                    cr_expect_eq(got, want, "cmp(\"%s\", \"%s\"): expected %s, got %d",
                                 rows[r1][k1], rows[r2][k2],
                                 want < 0 ? "< 0" : want > 0 ? "> 0" : "0",
                                 tjc_number_cmp(&a, &b));
                }
}

Test(number, compares_integers_beyond_double_precision_exactly)
{
    /* as doubles, both of each pair are the same value */
    static const char *const pairs[][2] = {
        {"9007199254740993", "9007199254740992"},
        {"9223372036854775808", "9223372036854775807"},
        {"1.0000000000000000000001", "1"},
        {"123456789012345678901234567891", "123456789012345678901234567890"},
    };
    for (size_t i = 0; i < COUNT(pairs); i++) {
        tjc_number a = read_ok(pairs[i][0]), b = read_ok(pairs[i][1]);
        int c = tjc_number_cmp(&a, &b);
        cr_expect_gt(c, 0, "cmp(\"%s\", \"%s\"): expected > 0, got %d", pairs[i][0], pairs[i][1],
                     c);
        c = tjc_number_cmp(&b, &a);
        cr_expect_lt(c, 0, "cmp(\"%s\", \"%s\"): expected < 0, got %d", pairs[i][1], pairs[i][0],
                     c);
    }
}

/* number.h: exponents are exact up to 10^12 in size and clamped beyond; such numbers are
 * still whole (or not) and out of every range. */
Test(number, judges_exponents_beyond_a_trillion_by_their_clamped_magnitude)
{
    tjc_number big = read_ok("1e999999999999999999999");
    cr_expect(big.whole && !tjc_number_fits(&big, 64),
              "1e999999999999999999999: expected whole and beyond 64 bits, got whole %d fits %d",
              big.whole, tjc_number_fits(&big, 64));
    tjc_number tiny = read_ok("1e-999999999999999999999");
    cr_expect(!tiny.whole && !tiny.zero,
              "1e-999999999999999999999: expected a fraction, not zero; got whole %d zero %d",
              tiny.whole, tiny.zero);
    tjc_number exact_a = read_ok("1e999999999999"), exact_b = read_ok("1e999999999998");
    cr_expect_gt(tjc_number_cmp(&exact_a, &exact_b), 0,
                 "1e999999999999 vs 1e999999999998 (below the clamp): expected > 0");
    tjc_number huge_minus = read_ok("-1e999999999999999999999"), one = read_ok("1");
    cr_expect_lt(tjc_number_cmp(&huge_minus, &one), 0,
                 "-1e999999999999999999999 vs 1: expected < 0");
}

/* ---- what is not a number lexeme ---- */

Test(number, rejects_text_that_is_not_a_number_lexeme)
{
    static const char *const texts[] = {
        "01", "+1", "1.", "", "-", "1e", "1e+", ".5", "1.e1", "0x1", " 1", "1 ", "1a", "--1",
        "NaN", "Infinity", "-Infinity", "-00", "1E", "1.5.5", "00", "-01", "1e1.5", "e1", "-.5",
    };
    for (size_t i = 0; i < COUNT(texts); i++) {
        tjc_number n;
        int rc = tjc_number_read(texts[i], &n);
        cr_expect_eq(rc, -1, "tjc_number_read(\"%s\"): expected -1 (not a lexeme), got %d",
                     texts[i], rc);
    }
}
