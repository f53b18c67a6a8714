/* Numbers, money and dates as the console's language writes them, and
 * amounts of money read back from what people type, in French or English. */
#ifndef CORE_FORMAT_H
#define CORE_FORMAT_H

#include <stddef.h>
#include <time.h>

/*
 * lang is "fr" for French and anything else for English; NULL means the
 * console's language (i18n_language()). Tests pass "fr" or "en" so that
 * they do not depend on the locale. The *_ui wrappers use i18n_language().
 *
 * Output: out is always NUL-terminated and returned. A buffer of
 * FORMAT_SIZE bytes holds any result; a smaller one that cannot hold the
 * whole text gets "" rather than a cut number (size 0: out is untouched
 * and "" is returned).
 *
 * French (as French typography writes them, CLDR "fr"):
 * - thousands are grouped by U+202F NARROW NO-BREAK SPACE ("2 500 000"):
 *   it never breaks a number across lines and is narrower than a word
 *   space; the decimal separator is ",";
 * - money: the euro sign comes after, behind a U+00A0 NO-BREAK SPACE:
 *   "2 500 000 €", "1 234,50 €";
 * - dates: "22/11/2026", "22/11/2026 14:05".
 * English:
 * - thousands grouped by ",", decimal separator ".";
 * - money: "€2,500,000", "€1,234.50";
 * - dates (ISO 8601, unambiguous to every reader): "2026-11-22",
 *   "2026-11-22 14:05".
 * Money shows its cents only when they are not zero ("2 500 €" but
 * "2 500,05 €"); negative numbers and amounts have a leading "-"
 * ("-1 234 567", "-1 234,50 €", "-€1,234.50"). Dates are in local time
 * (TZ); a time that cannot be converted gives "".
 */
#define FORMAT_SIZE 64

const char *format_integer(long long n, const char *lang, char *out, size_t size);
const char *format_money(long long cents, const char *lang, char *out, size_t size);
const char *format_date(time_t t, const char *lang, char *out, size_t size);
const char *format_datetime(time_t t, const char *lang, char *out, size_t size);

/* The same in the console's language. */
const char *format_integer_ui(long long n, char *out, size_t size);
const char *format_money_ui(long long cents, char *out, size_t size);
const char *format_date_ui(time_t t, char *out, size_t size);
const char *format_datetime_ui(time_t t, char *out, size_t size);

/* The largest amount parse_money accepts: 10^15 cents (10 000 000 000 000 €). */
#define FORMAT_MONEY_MAX 1000000000000000LL

/*
 * Reads an amount of euros typed by a user into *cents. Returns 0, or -1
 * with a translated message a user can act on in err (errlen bytes, may be
 * NULL); *cents is set only on success. Both languages' habits are
 * accepted whatever lang is (people type what they are used to); lang only
 * chooses how the amounts quoted in a message are written.
 *
 * Accepted:
 * - digits, alone ("2500000") or grouped by three with spaces: ASCII
 *   space or tab, U+00A0 or U+202F ("2 500 000"), or with "," or "." ("2,500,000",
 *   "2.500.000"); the first group has 1 to 3 digits, the others exactly 3,
 *   and one kind of group separator only;
 * - a decimal part of 1 or 2 digits after "," or "." ("2500,50", "2500.5"
 *   is 2 500,50 €);
 * - both "," and "." when that is unambiguous: the last one, followed by
 *   1 or 2 digits, is the decimal separator and the other groups by three
 *   ("2,500.50", "2.500,50", "2 500,50");
 * - "€" or "EUR" (any case) before or after, with or without spaces
 *   ("€2500", "2500 €", "EUR 2500", "2500 eur"), once;
 * - "k" or "K" for thousands and "M" for millions after the number, with
 *   or without the currency after them ("300 k€", "300k", "2,5 M€" is
 *   2 500 000 €, "1.25M EUR"); decimals follow the same rules;
 * - spaces around all of this.
 * Refused, each with its own message:
 * - an empty text, or only a currency or a multiplier;
 * - letters or any other character ("25OO", "2500$", "m" for millions);
 * - a minus sign (an amount is never negative);
 * - more than 2 decimals ("2500,505", "2 500,000", "0,500", "1,234.567");
 * - misplaced group separators ("25 00", "2,50,000", "2,500 000"), and a
 *   separator that is not between two digits ("2500,", ",50", "2,,500");
 * - one "," or "." alone followed by exactly three digits after 1 to 3
 *   digits not starting with 0 ("2,500", "2.500", "€1.234"): it may group
 *   thousands (English) or start decimals (French), and nothing says which;
 *   the message gives both readings and what to write instead
 *   ("2,500 could mean €2.50 or €2,500: write 2500 or 2.50");
 * - more than FORMAT_MONEY_MAX cents.
 */
int parse_money(const char *text, const char *lang, long long *cents, char *err, size_t errlen);

/* The same, quoting amounts in the console's language. */
int parse_money_ui(const char *text, long long *cents, char *err, size_t errlen);

#endif
