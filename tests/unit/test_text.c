/* Tests of core/text.c: what hostile text becomes before it reaches the
 * terminal, and widths in cells. */
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "../../core/text.h"
#include "check.h"

/* Sanitizes a string literal (embedded NULs included). */
#define SAN(lit, nl) text_sanitize((lit), sizeof(lit) - 1, (nl))

#define CHECK_SAN(lit, nl, want, what) do { \
	char *got_ = SAN(lit, nl); \
	CHECK_STR(got_, want, what); \
	free(got_); \
} while (0)

#define FFFD "\xEF\xBF\xBD"

/* A strict UTF-8 validator written apart from the decoder under test. */
static bool
valid_utf8(const unsigned char *s)
{
	unsigned cp;
	int n, i;

	while (*s != '\0') {
		if (*s < 0x80) {
			s++;
			continue;
		}
		if ((*s & 0xE0) == 0xC0) {
			n = 1;
			cp = *s & 0x1F;
		} else if ((*s & 0xF0) == 0xE0) {
			n = 2;
			cp = *s & 0x0F;
		} else if ((*s & 0xF8) == 0xF0) {
			n = 3;
			cp = *s & 0x07;
		} else
			return false;
		for (i = 1; i <= n; i++) {
			if ((s[i] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i] & 0x3F);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
			return false;
		s += n + 1;
	}
	return true;
}

/* Nothing that a terminal would act on: no C0 but LF (when kept), no DEL,
 * no C1, no bidi control. */
static bool
inert(const char *out, bool newlines)
{
	const unsigned char *s = (const unsigned char *)out;

	for (; *s != '\0'; s++) {
		if ((*s < 0x20 && !(*s == '\n' && newlines)) || *s == 0x7F)
			return false;
		if (s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F)
			return false;
		if (s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0xAA && s[2] <= 0xAE)
			return false;
		if (s[0] == 0xE2 && s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9)
			return false;
	}
	return valid_utf8((const unsigned char *)out);
}

static void
test_plain(void)
{
	CHECK_SAN("", 0, "", "empty stays empty");
	{
		char *out = text_sanitize(NULL, 0, 0);

		CHECK_STR(out, "", "NULL is empty");
		free(out);
	}
	CHECK_SAN("Hello, world! 0123456789 ~{}", 0, "Hello, world! 0123456789 ~{}",
	    "printable ASCII unchanged");
	CHECK_SAN("Caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80 \xC2\xA0", 0,
	    "Caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80 \xC2\xA0",
	    "accents, CJK, emoji and no-break space pass");
	CHECK_SAN("\xF4\x8F\xBF\xBF" "\xEF\xBF\xBD" "\xEE\x80\x80", 0,
	    "\xF4\x8F\xBF\xBF" "\xEF\xBF\xBD" "\xEE\x80\x80",
	    "U+10FFFF, U+FFFD and private use pass");
	CHECK_SAN("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9", 0,
	    "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9", "the zero width joiner stays");
	CHECK_SAN("\xE0\xA4\x95\xE2\x80\x8C\xE0\xA4\xB7", 0,
	    "\xE0\xA4\x95\xE2\x80\x8C\xE0\xA4\xB7", "the zero width non-joiner stays");
}

static void
test_controls(void)
{
	char in[2], want[4], what[64];
	char *out;
	int c;

	/* Every C0 control but TAB and LF shows as its Control Picture. */
	for (c = 0; c < 0x20; c++) {
		if (c == '\t' || c == '\n')
			continue;
		in[0] = (char)c;
		want[0] = (char)0xE2;
		want[1] = (char)0x90;
		want[2] = (char)(0x80 + c);
		want[3] = '\0';
		out = text_sanitize(in, 1, 1);
		snprintf(what, sizeof what, "C0 control 0x%02X shows as U+24%02X", c, c);
		CHECK_STR(out, want, what);
		free(out);
	}
	CHECK_SAN("a\0b", 0, "a\xE2\x90\x80" "b", "NUL inside the length shows as U+2400");
	CHECK_SAN("\x1B", 0, "\xE2\x90\x9B", "ESC shows as U+241B");
	CHECK_SAN("\x07", 0, "\xE2\x90\x87", "BEL shows as U+2407");
	CHECK_SAN("\x7F", 0, "\xE2\x90\xA1", "DEL shows as U+2421");
	CHECK_SAN("a\tb", 0, "a b", "TAB becomes one space");
	CHECK_SAN("a\nb", 1, "a\nb", "LF kept with keep_newlines");
	CHECK_SAN("a\nb", 0, "a\xE2\x90\xA4" "b", "LF shows as U+2424 without");
	CHECK_SAN("a\rb", 1, "a\xE2\x90\x8D" "b", "a lone CR shows as U+240D");
	CHECK_SAN("a\r\nb\r\n", 1, "a\nb\n", "CR LF is one newline");
	CHECK_SAN("a\r\nb", 0, "a\xE2\x90\xA4" "b", "CR LF is one U+2424 without newlines");
	CHECK_SAN("a\r\r\nb", 1, "a\xE2\x90\x8D\nb", "CR CR LF: the first CR shows");
	CHECK_SAN("x\r", 1, "x\xE2\x90\x8D", "a CR at the end shows");

	/* C1 controls, encoded as UTF-8, show as <U+XXXX>. */
	for (c = 0x80; c <= 0x9F; c++) {
		char w[16];

		in[0] = (char)0xC2;
		in[1] = (char)c;
		out = text_sanitize(in, 2, 0);
		snprintf(w, sizeof w, "<U+%04X>", c);
		snprintf(what, sizeof what, "C1 control U+%04X is shown as a code", c);
		CHECK_STR(out, w, what);
		free(out);
	}
}

static void
test_escapes(void)
{
	CHECK_SAN("\033[2J\033[H", 0, "\xE2\x90\x9B[2J\xE2\x90\x9B[H", "clear screen is inert");
	CHECK_SAN("\033]0;title\007", 0, "\xE2\x90\x9B]0;title\xE2\x90\x87",
	    "set title (OSC 0) is inert");
	CHECK_SAN("\033]52;c;cm0gLXJmIH4K\007", 0,
	    "\xE2\x90\x9B]52;c;cm0gLXJmIH4K\xE2\x90\x87", "OSC 52 clipboard write is inert");
	CHECK_SAN("\033]52;c;eA==\033\\", 0,
	    "\xE2\x90\x9B]52;c;eA==\xE2\x90\x9B\\", "OSC 52 ended by ST is inert");
	CHECK_SAN("\033[31mred\033[0m", 0, "\xE2\x90\x9B[31mred\xE2\x90\x9B[0m",
	    "colour changes are inert");
	CHECK_SAN("\xC2\x9B" "2J", 0, "<U+009B>2J", "8-bit CSI as UTF-8 is shown as a code");
	CHECK_SAN("\x9B" "2J", 0, FFFD "2J", "raw 8-bit CSI is invalid UTF-8");
	CHECK_SAN("\xC2\x9D" "0;t\xC2\x9C", 0, "<U+009D>0;t<U+009C>", "8-bit OSC and ST");
}

static void
test_hidden(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "\xE2\x80\xAA", "<U+202A>" }, { "\xE2\x80\xAB", "<U+202B>" },
		{ "\xE2\x80\xAC", "<U+202C>" }, { "\xE2\x80\xAD", "<U+202D>" },
		{ "\xE2\x80\xAE", "<U+202E>" }, { "\xE2\x81\xA6", "<U+2066>" },
		{ "\xE2\x81\xA7", "<U+2067>" }, { "\xE2\x81\xA8", "<U+2068>" },
		{ "\xE2\x81\xA9", "<U+2069>" }, { "\xE2\x80\x8E", "<U+200E>" },
		{ "\xE2\x80\x8F", "<U+200F>" }, { "\xD8\x9C", "<U+061C>" },
		{ "\xE2\x80\x8B", "<U+200B>" }, { "\xE2\x81\xA0", "<U+2060>" },
		{ "\xEF\xBB\xBF", "<U+FEFF>" }, { "\xE2\x80\xA8", "<U+2028>" },
		{ "\xE2\x80\xA9", "<U+2029>" },
	};
	char what[64];
	size_t i;
	char *out;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		out = text_sanitize(cases[i].in, strlen(cases[i].in), 0);
		snprintf(what, sizeof what, "%s is shown as a code", cases[i].want);
		CHECK_STR(out, cases[i].want, what);
		free(out);
	}
	/* The classic trick: a file name that reads backwards. */
	CHECK_SAN("invoice\xE2\x80\xAEgpj.exe", 0, "invoice<U+202E>gpj.exe",
	    "a right-to-left override cannot reorder text");
	CHECK_SAN("pay\xE2\x80\x8Bpal", 0, "pay<U+200B>pal", "a zero width space shows");
}

static void
test_invalid(void)
{
	CHECK_SAN("a\x80" "b", 0, "a" FFFD "b", "a lone continuation byte");
	CHECK_SAN("a\x80\x80\x80" "b", 0, "a" FFFD FFFD FFFD "b",
	    "each stray continuation byte is one subpart");
	CHECK_SAN("\xC0\xAF", 0, FFFD FFFD, "overlong 2-byte /: C0 starts nothing");
	CHECK_SAN("\xC1\xBF", 0, FFFD FFFD, "overlong 2-byte with C1");
	CHECK_SAN("\xE0\x80\xAF", 0, FFFD FFFD FFFD, "overlong 3-byte");
	CHECK_SAN("\xE0\x9F\xBF", 0, FFFD FFFD FFFD, "overlong 3-byte, highest");
	CHECK_SAN("\xF0\x80\x80\xAF", 0, FFFD FFFD FFFD FFFD, "overlong 4-byte");
	CHECK_SAN("\xF0\x8F\xBF\xBF", 0, FFFD FFFD FFFD FFFD, "overlong 4-byte, highest");
	CHECK_SAN("\xED\xA0\x80", 0, FFFD FFFD FFFD, "a high surrogate");
	CHECK_SAN("\xED\xBF\xBF", 0, FFFD FFFD FFFD, "a low surrogate");
	CHECK_SAN("\xED\x9F\xBF", 0, "\xED\x9F\xBF", "U+D7FF, just below, is fine");
	CHECK_SAN("\xF4\x90\x80\x80", 0, FFFD FFFD FFFD FFFD, "U+110000 is too large");
	CHECK_SAN("\xF5\x80\x80\x80", 0, FFFD FFFD FFFD FFFD, "F5 starts nothing");
	CHECK_SAN("\xF8\x88\x80\x80\x80", 0, FFFD FFFD FFFD FFFD FFFD, "5-byte forms");
	CHECK_SAN("\xFE\xFF", 0, FFFD FFFD, "FE and FF");
	CHECK_SAN("\xE2\x82", 0, FFFD, "a truncated 3-byte sequence at the end is one");
	CHECK_SAN("\xE2\x82x", 0, FFFD "x", "a truncated sequence before ASCII is one");
	CHECK_SAN("\xF0\x9F\x98", 0, FFFD, "a truncated emoji is one");
	CHECK_SAN("\xC3", 0, FFFD, "a lead byte alone at the end");
	CHECK_SAN("\xE2\x82\xE2\x82\xAC", 0, FFFD "\xE2\x82\xAC",
	    "a truncated sequence then a whole euro sign");
	CHECK_SAN("\xF0\x9F\x98\xF0\x9F\x98\x80", 0, FFFD "\xF0\x9F\x98\x80",
	    "a truncated 4-byte then a whole one");
	CHECK_SAN("\xC3\x1B", 0, FFFD "\xE2\x90\x9B", "a truncated sequence cannot eat an ESC");
	CHECK_SAN("\xE2\x80\xAE\xE2\x80", 0, "<U+202E>" FFFD, "a bidi control then garbage");
}

/* Random bytes (a fixed seed) always come out valid and inert. */
static void
test_random(void)
{
	static const unsigned char alphabet[] = {
		0x00, 0x07, 0x09, 0x0A, 0x0D, 0x1B, 0x20, 0x41, 0x7F, 0x80, 0x9B, 0xAE, 0xBF,
		0xC0, 0xC2, 0xCC, 0xD8, 0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x81,
	};
	unsigned char buf[64];
	unsigned long seed = 12345;
	int i, j, bad = 0, len;
	char *out;

	for (i = 0; i < 20000; i++) {
		len = (int)(seed % sizeof buf);
		for (j = 0; j < len; j++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			buf[j] = seed >> 60 & 1 ? alphabet[(seed >> 33) % sizeof alphabet] :
			    (unsigned char)(seed >> 40);
		}
		out = text_sanitize((const char *)buf, (size_t)len, i & 1);
		if (out == NULL || !inert(out, i & 1))
			bad++;
		free(out);
	}
	CHECK_INT(bad, 0, "20,000 random byte strings come out valid and inert");
}

static void
test_width(void)
{
	CHECK_INT(text_width(""), 0, "empty is 0 cells");
	CHECK_INT(text_width("hello"), 5, "ASCII is 1 cell a character");
	CHECK_INT(text_width("caf\xC3\xA9"), 4, "precomposed e acute is 1 cell");
	CHECK_INT(text_width("cafe\xCC\x81"), 4, "a combining accent is 0 cells");
	CHECK_INT(text_width("\xE4\xB8\xAD\xE6\x96\x87"), 4, "CJK is 2 cells a character");
	CHECK_INT(text_width("\xF0\x9F\x98\x80"), 2, "an emoji is 2 cells");
	CHECK_INT(text_width("\xE2\x90\x9B[2J"), 4, "a control picture is 1 cell");
	CHECK_INT(text_width("<U+202E>"), 8, "a code placeholder is its ASCII");
	CHECK_INT(text_width("a\x01" "b"), 3, "what cannot print counts 1");
	CHECK_INT(text_width(FFFD), 1, "U+FFFD is 1 cell");
}

#define CHECK_FIT(s, cells, ell, pad, size, want, wantcells, what) do { \
	char out_[64]; \
	int used_ = text_fit((s), (cells), (ell), (pad), out_, (size)); \
	CHECK_STR(out_, want, what); \
	CHECK_INT(used_, wantcells, what " (cells)"); \
} while (0)

static void
test_fit(void)
{
	const char *cjk = "\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97";	/* 3 wide characters */

	CHECK_FIT("hello", 10, 1, 0, 64, "hello", 5, "what fits is copied whole");
	CHECK_FIT("hello", 10, 1, 1, 64, "hello     ", 10, "padded to the cells");
	CHECK_FIT("hello", 5, 1, 0, 64, "hello", 5, "an exact fit needs no ellipsis");
	CHECK_FIT("hello world", 5, 1, 0, 64, "hell\xE2\x80\xA6", 5, "the last cell is an ellipsis");
	CHECK_FIT("hello world", 5, 0, 0, 64, "hello", 5, "cut without an ellipsis");
	CHECK_FIT(cjk, 5, 0, 0, 64, "\xE4\xB8\xAD\xE6\x96\x87", 4,
	    "a wide character never cut in half");
	CHECK_FIT(cjk, 5, 0, 1, 64, "\xE4\xB8\xAD\xE6\x96\x87 ", 5,
	    "the cell a wide character could not use is padded");
	CHECK_FIT(cjk, 5, 1, 0, 64, "\xE4\xB8\xAD\xE6\x96\x87\xE2\x80\xA6", 5,
	    "two wide characters then the ellipsis");
	CHECK_FIT(cjk, 4, 1, 1, 64, "\xE4\xB8\xAD\xE2\x80\xA6 ", 4,
	    "one wide character, the ellipsis and a space");
	CHECK_FIT("a\xE4\xB8\xAD", 2, 0, 1, 64, "a ", 2, "a wide character at the edge stays out");
	CHECK_FIT("\xF0\x9F\x98\x80\xF0\x9F\x98\x80", 3, 1, 0, 64,
	    "\xF0\x9F\x98\x80\xE2\x80\xA6", 3, "emoji and ellipsis");
	CHECK_FIT("e\xCC\x81tude", 1, 0, 0, 64, "e\xCC\x81", 1,
	    "a combining accent stays with its letter");
	CHECK_FIT("e\xCC\x81tude", 3, 1, 0, 64, "e\xCC\x81t\xE2\x80\xA6", 3,
	    "a combining accent counts no cell");
	CHECK_FIT("hello", 0, 1, 1, 64, "", 0, "no cells: nothing");
	CHECK_FIT("ab", 1, 1, 0, 64, "\xE2\x80\xA6", 1, "one cell: just the ellipsis");
	CHECK_FIT("", 3, 1, 1, 64, "   ", 3, "empty, padded");
	CHECK_FIT("hello", 10, 0, 0, 4, "hel", 3, "the output size bounds the copy");
	CHECK_FIT("hello", 10, 1, 0, 4, "\xE2\x80\xA6", 1, "room for the ellipsis only");
	CHECK_FIT("\xC3\xA9\xC3\xA9\xC3\xA9", 10, 0, 0, 4, "\xC3\xA9", 1,
	    "the output size never cuts a character");
	CHECK_FIT("abc", 10, 0, 1, 6, "abc  ", 5, "padding stops at the output size");
	{
		char out[4] = "xyz";

		CHECK_INT(text_fit("abc", 3, 0, 0, out, 0), 0, "a zero-size output is left alone");
		CHECK_STR(out, "xyz", "a zero-size output is not written");
	}
}

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The console sanitizes every excerpt of a 100,000-report queue at start-up. */
static void
test_speed(void)
{
	int n = getenv("VALGRIND") != NULL ? 5000 : 100000, i, bad = 0;
	char plain[201], french[201];
	double t;
	char *out;

	for (i = 0; i < 200; i++)
		plain[i] = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. "[i % 57];
	plain[200] = '\0';
	/* Accented French, with a newline: the slow path every few bytes. */
	snprintf(french, sizeof french, "%s",
	    "Le trottoir de la rue de la Roquette est d\xC3\xA9" "fonc\xC3\xA9, il faut le "
	    "r\xC3\xA9nover avant l'hiver.\nLes pi\xC3\xA9tons marchent sur la chauss\xC3\xA9" "e, "
	    "c'est dangereux pour les enfants de l'\xC3\xA9" "cole \xE2\x80\x94" " merci !");
	t = seconds();
	for (i = 0; i < n; i++) {
		out = text_sanitize(plain, 200, 0);
		bad += out == NULL || strcmp(out, plain) != 0;
		free(out);
	}
	t = seconds() - t;
	printf("# text_sanitize: %d plain ASCII excerpts of 200 bytes in %.1f ms\n", n, t * 1e3);
	t = seconds();
	for (i = 0; i < n; i++) {
		out = text_sanitize(french, strlen(french), 1);
		bad += out == NULL || strcmp(out, french) != 0;
		free(out);
	}
	t = seconds() - t;
	printf("# text_sanitize: %d accented excerpts of %zu bytes in %.1f ms\n", n,
	    strlen(french), t * 1e3);
	CHECK_INT(bad, 0, "clean excerpts come out unchanged");
	t = seconds();
	for (i = 0; i < n; i++)
		bad += text_width(french) != 175;
	t = seconds() - t;
	printf("# text_width: %d accented excerpts in %.1f ms\n", n, t * 1e3);
	CHECK_INT(bad, 0, "the width of an accented excerpt");
}

int
main(void)
{
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
		printf("not ok - the C.UTF-8 locale is missing\n");
		return 1;
	}
	RUN(test_plain);
	RUN(test_controls);
	RUN(test_escapes);
	RUN(test_hidden);
	RUN(test_invalid);
	RUN(test_random);
	RUN(test_width);
	RUN(test_fit);
	RUN(test_speed);
	return check_done("text");
}
