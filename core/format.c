/* Numbers, money and dates in French or English, and amounts of money read
 * back from what people type (the rules are in format.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "format.h"
#include "i18n.h"

#define NNBSP "\xE2\x80\xAF"	/* U+202F NARROW NO-BREAK SPACE */
#define NBSP "\xC2\xA0"		/* U+00A0 NO-BREAK SPACE */
#define EURO "\xE2\x82\xAC"

/* How a language writes numbers. */
struct style {
	const char *group;	/* between groups of three digits */
	const char *decimal;
};

static const struct style french = { NNBSP, "," };
static const struct style english = { ",", "." };

static bool
is_french(const char *lang)
{
	if (lang == NULL)
		lang = i18n_language();
	return strcmp(lang, "fr") == 0;
}

static const struct style *
style_of(const char *lang)
{
	return is_french(lang) ? &french : &english;
}

/* Copies s into out when it fits whole, else leaves "": a number cut short
 * would show a wrong amount. */
static const char *
put(char *out, size_t size, const char *s)
{
	if (size == 0)
		return "";
	if (strlen(s) >= size)
		out[0] = '\0';
	else
		memcpy(out, s, strlen(s) + 1);
	return out;
}

/* u with its digits grouped by three: at most 20 digits and 6 separators of
 * 3 bytes. */
#define GROUPED_SIZE 40

static void
group_digits(unsigned long long u, const char *sep, char *buf, size_t size)
{
	char digits[24];
	size_t n, i, len = 0, seplen = strlen(sep);

	n = (size_t)snprintf(digits, sizeof digits, "%llu", u);
	if (n + (n - 1) / 3 * seplen >= size) {
		buf[0] = '\0';
		return;
	}
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0) {
			memcpy(buf + len, sep, seplen);
			len += seplen;
		}
		buf[len++] = digits[i];
	}
	buf[len] = '\0';
}

/* |n| without overflow for LLONG_MIN. */
static unsigned long long
magnitude(long long n)
{
	return n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
}

const char *
format_integer(long long n, const char *lang, char *out, size_t size)
{
	char digits[GROUPED_SIZE], buf[FORMAT_SIZE];

	group_digits(magnitude(n), style_of(lang)->group, digits, sizeof digits);
	snprintf(buf, sizeof buf, "%s%s", n < 0 ? "-" : "", digits);
	return put(out, size, buf);
}

const char *
format_money(long long cents, const char *lang, char *out, size_t size)
{
	const struct style *st = style_of(lang);
	unsigned long long u = magnitude(cents);
	char whole[GROUPED_SIZE], frac[8] = "", buf[FORMAT_SIZE];

	group_digits(u / 100, st->group, whole, sizeof whole);
	if (u % 100 != 0)
		snprintf(frac, sizeof frac, "%s%02u", st->decimal, (unsigned)(u % 100));
	if (st == &french)
		snprintf(buf, sizeof buf, "%s%s%s" NBSP EURO, cents < 0 ? "-" : "", whole, frac);
	else
		snprintf(buf, sizeof buf, "%s" EURO "%s%s", cents < 0 ? "-" : "", whole, frac);
	return put(out, size, buf);
}

/* t in local time, as lang writes a date, and the time when with_time. The
 * formats stay literal so that the compiler checks them. */
static const char *
format_time(time_t t, const char *lang, bool with_time, char *out, size_t size)
{
	struct tm tm;
	char buf[FORMAT_SIZE];
	size_t n = 0;

	if (localtime_r(&t, &tm) != NULL) {
		if (is_french(lang))
			n = with_time ? strftime(buf, sizeof buf, "%d/%m/%Y %H:%M", &tm) :
			    strftime(buf, sizeof buf, "%d/%m/%Y", &tm);
		else
			n = with_time ? strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm) :
			    strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
	}
	if (n == 0)
		buf[0] = '\0';
	return put(out, size, buf);
}

const char *
format_date(time_t t, const char *lang, char *out, size_t size)
{
	return format_time(t, lang, false, out, size);
}

const char *
format_datetime(time_t t, const char *lang, char *out, size_t size)
{
	return format_time(t, lang, true, out, size);
}

const char *
format_integer_ui(long long n, char *out, size_t size)
{
	return format_integer(n, i18n_language(), out, size);
}

const char *
format_money_ui(long long cents, char *out, size_t size)
{
	return format_money(cents, i18n_language(), out, size);
}

const char *
format_date_ui(time_t t, char *out, size_t size)
{
	return format_date(t, i18n_language(), out, size);
}

const char *
format_datetime_ui(time_t t, char *out, size_t size)
{
	return format_datetime(t, i18n_language(), out, size);
}

/* ----- reading amounts ----- */

/* Bytes of the space at s (ASCII space or tab, U+00A0, U+202F), else 0. */
static size_t
space_len(const char *s)
{
	if (*s == ' ' || *s == '\t')
		return 1;
	if (strncmp(s, NBSP, 2) == 0)
		return 2;
	if (strncmp(s, NNBSP, 3) == 0)
		return 3;
	return 0;
}

static const char *
skip_spaces(const char *s)
{
	size_t n;

	while ((n = space_len(s)) > 0)
		s += n;
	return s;
}

/* Bytes of "€" or "EUR" (any case) at s, else 0. */
static size_t
currency_len(const char *s)
{
	if (strncmp(s, EURO, 3) == 0 || strncasecmp(s, "eur", 3) == 0)
		return 3;
	return 0;
}

/* Bytes of a minus sign ("-" or U+2212) at s, else 0. */
static size_t
minus_len(const char *s)
{
	if (*s == '-')
		return 1;
	return strncmp(s, "\xE2\x88\x92", 3) == 0 ? 3 : 0;
}

/* Bytes of the (UTF-8) character at s, never past its end. */
static int
char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	int n = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4, i;

	for (i = 1; i < n; i++)
		if (s[i] == '\0')
			return i;
	return n;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* What an amount is made of, as found in the text. */
struct amount {
	const char *start, *end;	/* the text without the spaces around */
	const char *num, *num_end;	/* the number */
	char *digits;			/* the number: digits, ' ', ',' and '.' */
	long long mult;			/* 1, 1000 (k) or 1000000 (M) */
};

/* The digits of s[0..n) as a number, capped above FORMAT_MONEY_MAX. */
static long long
digits_value(const char *s, size_t n)
{
	long long v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			continue;
		if (v <= FORMAT_MONEY_MAX)
			v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* The integer part s[0..n) groups by three with one kind of separator, or
 * has none. */
static bool
groups_ok(const char *s, size_t n)
{
	char sep = 0;
	size_t i, run = 0;
	bool first = true;

	for (i = 0; i <= n; i++) {
		if (i < n && is_digit(s[i])) {
			run++;
			continue;
		}
		if (i < n) {
			if (sep != 0 && s[i] != sep)
				return false;
			sep = s[i];
		}
		if (first ? run < 1 || run > 3 : run != 3)
			return sep == 0 && i == n;	/* no separator at all */
		first = false;
		run = 0;
	}
	return true;
}

/*
 * "2,500" and the like: the two readings and what to write instead, with
 * the currency and multiplier as the user typed them.
 */
static void
ambiguous(const struct amount *a, const char *lang, size_t sep, char *err, size_t errlen)
{
	const struct style *st = style_of(lang);
	long long high = digits_value(a->digits, sep), low = digits_value(a->digits + sep + 1, 3);
	char as_decimal[FORMAT_SIZE], as_groups[FORMAT_SIZE], joined[FORMAT_SIZE];
	char short_form[FORMAT_SIZE], write_joined[200], write_short[200];
	int pre = (int)(a->num - a->start), post = (int)(a->end - a->num_end);

	format_money((high * 1000 + low) * 100 * a->mult, lang, as_groups, sizeof as_groups);
	snprintf(joined, sizeof joined, "%lld%03lld", high, low);
	snprintf(write_joined, sizeof write_joined, "%.*s%s%.*s", pre, a->start, joined, post,
	    a->num_end);
	if (low % 10 != 0) {
		/* read as decimals it would have three: one reading only */
		snprintf(err, errlen, _("%.*s: a comma or a point followed by three digits may start "
		    "decimals; write %s for %s"), (int)(a->end - a->start), a->start, write_joined,
		    as_groups);
		return;
	}
	format_money((high * 100 + low / 10) * a->mult, lang, as_decimal, sizeof as_decimal);
	if (low == 0)
		snprintf(short_form, sizeof short_form, "%lld", high);
	else
		snprintf(short_form, sizeof short_form, "%lld%s%02lld", high, st->decimal, low / 10);
	snprintf(write_short, sizeof write_short, "%.*s%s%.*s", pre, a->start, short_form, post,
	    a->num_end);
	snprintf(err, errlen, _("%.*s could mean %s or %s: write %s or %s"),
	    (int)(a->end - a->start), a->start, as_decimal, as_groups, write_joined, write_short);
}

/* Reads the number of a (its digits already copied): 0, or -1 with err. */
static int
read_number(const struct amount *a, const char *lang, long long *cents, char *err, size_t errlen)
{
	const char *d = a->digits;
	size_t n = strlen(d), i, last = n, dec = n, ndec = 0;
	int len = (int)(a->end - a->start);
	long long whole, frac, total;
	char max[FORMAT_SIZE];

	for (i = 0; i < n; i++)
		if (!is_digit(d[i])) {
			if (i == 0 || i == n - 1 || !is_digit(d[i + 1])) {
				snprintf(err, errlen, _("%.*s: a separator must stand between two digits"),
				    len, a->start);
				return -1;
			}
			last = i;
		}
	/*
	 * The last "," or "." starts the decimals unless it also appears
	 * before (then it groups); alone and followed by three digits, it
	 * could do either.
	 */
	if (last < n && d[last] != ' ' && memchr(d, d[last], last) == NULL) {
		bool alone = strpbrk(d, " ,.") == d + last;

		if (alone && n - last - 1 == 3 && last <= 3 && d[0] != '0') {
			ambiguous(a, lang, last, err, errlen);
			return -1;
		}
		dec = last;
		ndec = n - last - 1;
	}
	if (ndec > 2) {
		snprintf(err, errlen, _("%.*s has more than two decimals: round it to the cent, as "
		    "in 12.35"), len, a->start);
		return -1;
	}
	if (!groups_ok(d, dec)) {
		snprintf(err, errlen, _("%.*s: group the digits by three (2,500,000) or write them "
		    "together (2500000)"), len, a->start);
		return -1;
	}
	whole = digits_value(d, dec);
	frac = ndec == 0 ? 0 : digits_value(d + dec + 1, ndec) * (ndec == 1 ? 10 : 1);
	total = whole > FORMAT_MONEY_MAX ? FORMAT_MONEY_MAX + 1 : whole * 100 + frac;
	if (total > FORMAT_MONEY_MAX / a->mult) {
		snprintf(err, errlen, _("%.*s is too large: amounts go up to %s"), len, a->start,
		    format_money(FORMAT_MONEY_MAX, lang, max, sizeof max));
		return -1;
	}
	*cents = total * a->mult;
	return 0;
}

int
parse_money(const char *text, const char *lang, long long *cents, char *err, size_t errlen)
{
	struct amount a = { .mult = 1 };
	const char *p, *q;
	size_t n, k = 0;
	bool currency = false;
	int rc;

	if (err == NULL)
		errlen = 0;
	else if (errlen > 0)
		err[0] = '\0';
	a.start = p = skip_spaces(text != NULL ? text : "");
	if (minus_len(p) > 0)
		goto negative;
	if ((n = currency_len(p)) > 0) {
		currency = true;
		p = skip_spaces(p + n);
		if (minus_len(p) > 0)
			goto negative;
	}
	/* the number: digits and separators, spaces included until the last digit */
	a.num = a.num_end = q = p;
	for (;;) {
		if (is_digit(*q) || *q == ',' || *q == '.')
			a.num_end = ++q;
		else if ((n = space_len(q)) > 0)
			q += n;
		else
			break;
	}
	a.end = a.num_end;
	p = skip_spaces(a.num_end);
	if (*p == 'k' || *p == 'K' || *p == 'M') {
		a.mult = *p == 'M' ? 1000000 : 1000;
		a.end = p + 1;
		p = skip_spaces(p + 1);
	}
	if ((n = currency_len(p)) > 0) {
		a.end = p + n;
		if (currency) {
			snprintf(err, errlen, _("%.*s: write the currency only once"),
			    (int)(a.end - a.start), a.start);
			return -1;
		}
		p = skip_spaces(p + n);
	}
	if (*p != '\0') {
		snprintf(err, errlen, _("\"%.*s\" cannot be part of an amount: type digits, with € "
		    "and k or M if you like (300 k€)"), char_len(p), p);
		return -1;
	}
	if (a.num == a.num_end) {
		snprintf(err, errlen, "%s", _("type an amount, for example 2500 or 1.5 M€"));
		return -1;
	}
	a.digits = malloc((size_t)(a.num_end - a.num) + 1);
	if (a.digits == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return -1;
	}
	/* every kind of space groups alike */
	for (q = a.num; q < a.num_end; q += n) {
		n = space_len(q) > 0 ? space_len(q) : 1;
		a.digits[k++] = space_len(q) > 0 ? ' ' : *q;
	}
	a.digits[k] = '\0';
	rc = read_number(&a, lang, cents, err, errlen);
	free(a.digits);
	return rc;

negative:
	snprintf(err, errlen, "%s", _("an amount cannot be negative: remove the minus sign"));
	return -1;
}

int
parse_money_ui(const char *text, long long *cents, char *err, size_t errlen)
{
	return parse_money(text, i18n_language(), cents, err, errlen);
}
