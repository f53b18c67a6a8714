/* Tests of core/format.c: numbers, money and dates as French and English
 * readers expect them, and every way of typing an amount, accepted or
 * refused with a message that says what to write. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../core/format.h"
#include "../../core/i18n.h"
#include "check.h"

#define NNBSP "\xE2\x80\xAF"	/* French group separator */
#define NBSP "\xC2\xA0"		/* before the euro sign in French */

/* 2026-11-22 14:05:00 UTC and 2026-01-02 03:04:59 UTC */
#define T_NOV 1795356300
#define T_JAN 1767323099

#define CHECK_INTEGER(n, lang, want) do { \
	char b_[FORMAT_SIZE]; \
	CHECK_STR(format_integer((n), (lang), b_, sizeof b_), (want), "format_integer " #n " " lang); \
} while (0)

#define CHECK_MONEY(n, lang, want) do { \
	char b_[FORMAT_SIZE]; \
	CHECK_STR(format_money((n), (lang), b_, sizeof b_), (want), "format_money " #n " " lang); \
} while (0)

/* text reads as want cents in both languages */
#define ACCEPT(text, want) do { \
	long long c_ = -7; \
	char e_[200]; \
	CHECK_INT(parse_money((text), "fr", &c_, e_, sizeof e_), 0, "accepted (fr): " text); \
	CHECK_INT(c_, (want), "amount (fr): " text); \
	c_ = -7; \
	CHECK_INT(parse_money((text), "en", &c_, e_, sizeof e_), 0, "accepted (en): " text); \
	CHECK_INT(c_, (want), "amount (en): " text); \
} while (0)

/* text is refused in lang with exactly the message want, cents untouched */
#define REFUSE(text, lang, want) do { \
	long long c_ = -7; \
	char e_[300] = "unset"; \
	CHECK_INT(parse_money((text), (lang), &c_, e_, sizeof e_), -1, "refused (" lang "): " text); \
	CHECK_INT(c_, -7, "untouched (" lang "): " text); \
	CHECK_STR(e_, (want), "message (" lang "): " text); \
} while (0)

/* refused with the same message in both languages */
#define REFUSE2(text, want) do { \
	REFUSE(text, "fr", want); \
	REFUSE(text, "en", want); \
} while (0)

static void
test_integers(void)
{
	CHECK_INTEGER(0, "fr", "0");
	CHECK_INTEGER(0, "en", "0");
	CHECK_INTEGER(1, "fr", "1");
	CHECK_INTEGER(1, "en", "1");
	CHECK_INTEGER(999, "fr", "999");
	CHECK_INTEGER(999, "en", "999");
	CHECK_INTEGER(1000, "fr", "1" NNBSP "000");
	CHECK_INTEGER(1000, "en", "1,000");
	CHECK_INTEGER(-999, "en", "-999");
	CHECK_INTEGER(-1234567, "fr", "-1" NNBSP "234" NNBSP "567");
	CHECK_INTEGER(-1234567, "en", "-1,234,567");
	CHECK_INTEGER(2500000, "fr", "2" NNBSP "500" NNBSP "000");
	CHECK_INTEGER(123456, "en", "123,456");
	CHECK_INTEGER(9223372036854775807LL, "fr", "9" NNBSP "223" NNBSP "372" NNBSP "036" NNBSP
	    "854" NNBSP "775" NNBSP "807");
	CHECK_INTEGER(-9223372036854775807LL - 1, "en", "-9,223,372,036,854,775,808");
	/* anything but "fr" is English */
	CHECK_INTEGER(1000, "de", "1,000");
}

static void
test_money(void)
{
	CHECK_MONEY(0, "fr", "0" NBSP "€");
	CHECK_MONEY(0, "en", "€0");
	CHECK_MONEY(1, "fr", "0,01" NBSP "€");
	CHECK_MONEY(1, "en", "€0.01");
	CHECK_MONEY(99900, "fr", "999" NBSP "€");
	CHECK_MONEY(99900, "en", "€999");
	CHECK_MONEY(100000, "fr", "1" NNBSP "000" NBSP "€");
	CHECK_MONEY(100000, "en", "€1,000");
	CHECK_MONEY(250000000, "fr", "2" NNBSP "500" NNBSP "000" NBSP "€");
	CHECK_MONEY(250000000, "en", "€2,500,000");
	CHECK_MONEY(123450, "fr", "1" NNBSP "234,50" NBSP "€");
	CHECK_MONEY(123450, "en", "€1,234.50");
	CHECK_MONEY(123405, "en", "€1,234.05");
	CHECK_MONEY(-123456700, "fr", "-1" NNBSP "234" NNBSP "567" NBSP "€");
	CHECK_MONEY(-123456700, "en", "-€1,234,567");
	CHECK_MONEY(-123450, "fr", "-1" NNBSP "234,50" NBSP "€");
	CHECK_MONEY(-123450, "en", "-€1,234.50");
	CHECK_MONEY(-5, "en", "-€0.05");
	CHECK_MONEY(FORMAT_MONEY_MAX, "fr", "10" NNBSP "000" NNBSP "000" NNBSP "000" NNBSP "000"
	    NBSP "€");
	CHECK_MONEY(FORMAT_MONEY_MAX, "en", "€10,000,000,000,000");
	CHECK_MONEY(9223372036854775807LL, "en", "€92,233,720,368,547,758.07");
	CHECK_MONEY(-9223372036854775807LL - 1, "fr", "-92" NNBSP "233" NNBSP "720" NNBSP "368"
	    NNBSP "547" NNBSP "758,08" NBSP "€");
}

static void
test_dates(void)
{
	char b[FORMAT_SIZE];

	CHECK_STR(format_date(T_NOV, "fr", b, sizeof b), "22/11/2026", "date fr");
	CHECK_STR(format_date(T_NOV, "en", b, sizeof b), "2026-11-22", "date en");
	CHECK_STR(format_datetime(T_NOV, "fr", b, sizeof b), "22/11/2026 14:05", "datetime fr");
	CHECK_STR(format_datetime(T_NOV, "en", b, sizeof b), "2026-11-22 14:05", "datetime en");
	CHECK_STR(format_date(T_JAN, "fr", b, sizeof b), "02/01/2026", "zeros kept fr");
	CHECK_STR(format_datetime(T_JAN, "en", b, sizeof b), "2026-01-02 03:04", "zeros kept en");
	CHECK_STR(format_date(0, "en", b, sizeof b), "1970-01-01", "the epoch");
	/* local time */
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	CHECK_STR(format_datetime(T_NOV, "fr", b, sizeof b), "22/11/2026 15:05", "Paris in winter");
	setenv("TZ", "UTC", 1);
	tzset();
}

static void
test_small_buffers(void)
{
	char b[8];

	CHECK_STR(format_integer(1234, "en", b, sizeof b), "1,234", "fits");
	CHECK_STR(format_integer(1234567, "en", b, 9), "", "9 bytes for 1,234,567 and its NUL");
	CHECK_STR(format_integer(1234567, "en", b, sizeof b), "", "never a cut number");
	CHECK_STR(format_money(250000000, "fr", b, sizeof b), "", "never a cut amount");
	CHECK_STR(format_date(T_NOV, "en", b, sizeof b), "", "never a cut date");
	CHECK_STR(format_integer(1, "en", b, 0), "", "no room at all");
}

static void
test_accepted(void)
{
	/* digits, grouped or not */
	ACCEPT("2500000", 250000000);
	ACCEPT("2 500 000", 250000000);
	ACCEPT("2" NBSP "500" NBSP "000", 250000000);
	ACCEPT("2" NNBSP "500" NNBSP "000", 250000000);
	ACCEPT("2,500,000", 250000000);
	ACCEPT("2.500.000", 250000000);
	ACCEPT("12 345", 1234500);
	ACCEPT("0", 0);
	ACCEPT("7", 700);
	ACCEPT("  42  ", 4200);
	/* decimals */
	ACCEPT("2500,50", 250050);
	ACCEPT("2500.50", 250050);
	ACCEPT("2500,5", 250050);
	ACCEPT("2500.5", 250050);
	ACCEPT("0,05", 5);
	ACCEPT("0.5", 50);
	ACCEPT("12,35", 1235);
	ACCEPT("2 500,50", 250050);
	ACCEPT("2 500.5", 250050);
	ACCEPT("2" NNBSP "500,50", 250050);
	ACCEPT("2,500.50", 250050);
	ACCEPT("2.500,50", 250050);
	ACCEPT("1,234,567.8", 123456780);
	ACCEPT("1.234.567,89", 123456789);
	/* four digits or a leading 0 cannot group: the separator is decimal */
	ACCEPT("2500,00", 250000);
	/* the currency before or after */
	ACCEPT("2500 €", 250000);
	ACCEPT("2500€", 250000);
	ACCEPT("2 500 000" NBSP "€", 250000000);
	ACCEPT("€2500", 250000);
	ACCEPT("€ 2,500,000", 250000000);
	ACCEPT("€1,234.50", 123450);
	ACCEPT("1 234,50 €", 123450);
	ACCEPT("EUR 2500", 250000);
	ACCEPT("2500 EUR", 250000);
	ACCEPT("2500eur", 250000);
	ACCEPT("Eur2500,5", 250050);
	/* thousands and millions */
	ACCEPT("300 k€", 30000000);
	ACCEPT("300k€", 30000000);
	ACCEPT("300k", 30000000);
	ACCEPT("300 K", 30000000);
	ACCEPT("2,5 M€", 250000000);
	ACCEPT("2.5M", 250000000);
	ACCEPT("2,25 M", 225000000);
	ACCEPT("1.5 M EUR", 150000000);
	ACCEPT("€2.5M", 250000000);
	ACCEPT("1,5 k€", 150000);
	ACCEPT("1 200 k€", 120000000);
	ACCEPT("0,01 k", 1000);
	/* the largest amount */
	ACCEPT("10 000 000 000 000", FORMAT_MONEY_MAX);
	ACCEPT("10000000000000,00 €", FORMAT_MONEY_MAX);
	ACCEPT("10 000 000 M€", FORMAT_MONEY_MAX);
	ACCEPT("00000000000000000000000001", 100);
}

static void
test_refused(void)
{
	const char *empty = "type an amount, for example 2500 or 1.5 M€";
	const char *negative = "an amount cannot be negative: remove the minus sign";

	REFUSE2("", empty);
	REFUSE2("   ", empty);
	REFUSE2("€", empty);
	REFUSE2("k€", empty);
	REFUSE2(" EUR ", empty);
	{
		long long c = -7;

		CHECK_INT(parse_money(NULL, "fr", &c, NULL, 0), -1, "NULL text, no message buffer");
		CHECK_INT(c, -7, "NULL text leaves the amount");
	}

	/* letters and other characters */
	REFUSE2("abc", "\"a\" cannot be part of an amount: type digits, with € and k or M if you "
	    "like (300 k€)");
	REFUSE2("25OO", "\"O\" cannot be part of an amount: type digits, with € and k or M if you "
	    "like (300 k€)");
	REFUSE2("2500 $", "\"$\" cannot be part of an amount: type digits, with € and k or M if you "
	    "like (300 k€)");
	REFUSE2("2 m€", "\"m\" cannot be part of an amount: type digits, with € and k or M if you "
	    "like (300 k€)");
	REFUSE2("2500 £", "\"£\" cannot be part of an amount: type digits, with € and k or M if you "
	    "like (300 k€)");
	REFUSE2("+2500", "\"+\" cannot be part of an amount: type digits, with € and k or M if you "
	    "like (300 k€)");
	REFUSE2("300 kk", "\"k\" cannot be part of an amount: type digits, with € and k or M if you "
	    "like (300 k€)");
	REFUSE2("2500 € 12", "\"1\" cannot be part of an amount: type digits, with € and k or M if "
	    "you like (300 k€)");
	REFUSE2("€2500 €", "€2500 €: write the currency only once");
	REFUSE2("EUR 3 k€", "EUR 3 k€: write the currency only once");

	/* negative */
	REFUSE2("-2500", negative);
	REFUSE2(" - 2500 €", negative);
	REFUSE2("-€2500", negative);
	REFUSE2("€-2500", negative);
	REFUSE2("EUR -1,50", negative);
	REFUSE2("\xE2\x88\x92" "12", negative);

	/* more than two decimals */
	REFUSE2("2500,505", "2500,505 has more than two decimals: round it to the cent, as in 12.35");
	REFUSE2("2500.0001", "2500.0001 has more than two decimals: round it to the cent, as in "
	    "12.35");
	REFUSE2("0,500", "0,500 has more than two decimals: round it to the cent, as in 12.35");
	REFUSE2("2 500,000 €", "2 500,000 € has more than two decimals: round it to the cent, as in "
	    "12.35");
	REFUSE2("1,234.567", "1,234.567 has more than two decimals: round it to the cent, as in "
	    "12.35");
}

static void
test_misplaced(void)
{
	const char *between = ": a separator must stand between two digits";
	char want[200];

	REFUSE2("25 00", "25 00: group the digits by three (2,500,000) or write them together "
	    "(2500000)");
	REFUSE2("2500 000", "2500 000: group the digits by three (2,500,000) or write them together "
	    "(2500000)");
	REFUSE2("2,50,000", "2,50,000: group the digits by three (2,500,000) or write them together "
	    "(2500000)");
	REFUSE2("2.5.5", "2.5.5: group the digits by three (2,500,000) or write them together "
	    "(2500000)");
	REFUSE2("2,500 000", "2,500 000: group the digits by three (2,500,000) or write them "
	    "together (2500000)");
	REFUSE2("1 000.000,50", "1 000.000,50: group the digits by three (2,500,000) or write them "
	    "together (2500000)");
	REFUSE2("1,234.567.50", "1,234.567.50: group the digits by three (2,500,000) or write them "
	    "together (2500000)");
	REFUSE2("1234,567.50", "1234,567.50: group the digits by three (2,500,000) or write them "
	    "together (2500000)");
	snprintf(want, sizeof want, "2500,%s", between);
	REFUSE2("2500,", want);
	snprintf(want, sizeof want, ",50 €%s", between);
	REFUSE2(",50 €", want);
	snprintf(want, sizeof want, "2,,500%s", between);
	REFUSE2("2,,500", want);
	snprintf(want, sizeof want, "2, 500%s", between);
	REFUSE2("2, 500", want);
	snprintf(want, sizeof want, ".5 k€%s", between);
	REFUSE2(".5 k€", want);
}

static void
test_ambiguous(void)
{
	REFUSE("2,500", "fr", "2,500 could mean 2,50" NBSP "€ or 2" NNBSP "500" NBSP "€: write 2500 "
	    "or 2,50");
	REFUSE("2,500", "en", "2,500 could mean €2.50 or €2,500: write 2500 or 2.50");
	REFUSE("2.500", "fr", "2.500 could mean 2,50" NBSP "€ or 2" NNBSP "500" NBSP "€: write 2500 "
	    "or 2,50");
	REFUSE("2.500", "en", "2.500 could mean €2.50 or €2,500: write 2500 or 2.50");
	/* the currency and the multiplier stay as typed in what to write */
	REFUSE("€ 12.050", "en", "€ 12.050 could mean €12.05 or €12,050: write € 12050 or € 12.05");
	REFUSE("1,000 €", "fr", "1,000 € could mean 1" NBSP "€ or 1" NNBSP "000" NBSP "€: write "
	    "1000 € or 1 €");
	REFUSE("2,500 k€", "en", "2,500 k€ could mean €2,500 or €2,500,000: write 2500 k€ or "
	    "2.50 k€");
	REFUSE("2.500 M", "fr", "2.500 M could mean 2" NNBSP "500" NNBSP "000" NBSP "€ or 2" NNBSP
	    "500" NNBSP "000" NNBSP "000" NBSP "€: write 2500 M or 2,50 M");
	/* read as decimals it would have three: one reading is possible */
	REFUSE("1,234", "en", "1,234: a comma or a point followed by three digits may start "
	    "decimals; write 1234 for €1,234");
	REFUSE("2,125 M€", "en", "2,125 M€: a comma or a point followed by three digits may start "
	    "decimals; write 2125 M€ for €2,125,000,000");
	REFUSE("EUR 999.999", "fr", "EUR 999.999: a comma or a point followed by three digits may "
	    "start decimals; write EUR 999999 for 999" NNBSP "999" NBSP "€");
}

static void
test_too_large(void)
{
	REFUSE("10 000 000 000 000,01", "fr", "10 000 000 000 000,01 is too large: amounts go up to "
	    "10" NNBSP "000" NNBSP "000" NNBSP "000" NNBSP "000" NBSP "€");
	REFUSE("10000000000001", "en", "10000000000001 is too large: amounts go up to "
	    "€10,000,000,000,000");
	REFUSE("10 000 001 M€", "en", "10 000 001 M€ is too large: amounts go up to "
	    "€10,000,000,000,000");
	REFUSE("10 000 000 001 k", "en", "10 000 000 001 k is too large: amounts go up to "
	    "€10,000,000,000,000");
	REFUSE("99999999999999999999999999999", "en", "99999999999999999999999999999 is too large: "
	    "amounts go up to €10,000,000,000,000");
}

static void
test_messages(void)
{
	long long c = -7;
	char small[12];

	/* a short buffer gets the start of the message */
	CHECK_INT(parse_money("", "en", &c, small, sizeof small), -1, "refused with a short buffer");
	CHECK_STR(small, "type an amo", "cut message");
	CHECK_INT(parse_money("12", "en", &c, NULL, 0), 0, "no buffer needed to accept");
	CHECK_INT(c, 1200, "accepted without a message buffer");
}

/* The console's language, and French messages from the catalogue (po/locale,
 * built by make; the program runs from the top of the build tree). */
static void
test_console_language(void)
{
	char b[FORMAT_SIZE], e[300];
	long long c = -7;

	i18n_init("./pupitre", "fr");
	CHECK_STR(format_integer_ui(2500, b, sizeof b), "2" NNBSP "500", "integer in French");
	CHECK_STR(format_integer(2500, NULL, b, sizeof b), "2" NNBSP "500", "NULL is the console's");
	CHECK_STR(format_money_ui(250050, b, sizeof b), "2" NNBSP "500,50" NBSP "€",
	    "money in French");
	CHECK_STR(format_date_ui(T_NOV, b, sizeof b), "22/11/2026", "date in French");
	CHECK_STR(format_datetime_ui(T_NOV, b, sizeof b), "22/11/2026 14:05", "datetime in French");
	CHECK_INT(parse_money_ui("2,5 M€", &c, e, sizeof e), 0, "parse in French");
	CHECK_INT(c, 250000000, "2,5 M€");
	CHECK_INT(parse_money_ui("2,500", &c, e, sizeof e), -1, "ambiguous in French");
	CHECK_STR(e, "2,500 peut vouloir dire 2,50" NBSP "€ ou 2" NNBSP "500" NBSP "€ : écrivez 2500 "
	    "ou 2,50", "the French message");
	CHECK_INT(parse_money_ui("", &c, e, sizeof e), -1, "empty in French");
	CHECK_STR(e, "tapez un montant, par exemple 2500 ou 1,5 M€", "an example in French");

	i18n_init("./pupitre", "en");
	CHECK_STR(format_integer_ui(2500, b, sizeof b), "2,500", "integer in English");
	CHECK_STR(format_money_ui(250050, b, sizeof b), "€2,500.50", "money in English");
	CHECK_STR(format_date_ui(T_NOV, b, sizeof b), "2026-11-22", "date in English");
	CHECK_STR(format_datetime_ui(T_NOV, b, sizeof b), "2026-11-22 14:05", "datetime in English");
	CHECK_INT(parse_money_ui("2,500", &c, e, sizeof e), -1, "ambiguous in English");
	CHECK_STR(e, "2,500 could mean €2.50 or €2,500: write 2500 or 2.50", "the English message");
}

int
main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	RUN(test_integers);
	RUN(test_money);
	RUN(test_dates);
	RUN(test_small_buffers);
	RUN(test_accepted);
	RUN(test_refused);
	RUN(test_misplaced);
	RUN(test_ambiguous);
	RUN(test_too_large);
	RUN(test_messages);
	RUN(test_console_language);
	return check_done("format");
}
