/* Safe text: a strict UTF-8 decoder, the sanitizer every network string goes
 * through before display, and widths in terminal cells. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700	/* wcwidth */
#endif

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "text.h"

#define TEXT_BAD UINT32_MAX	/* what utf8_decode gives for an invalid sequence */

/* Characters that can hide, reorder or split text: shown as "<U+XXXX>". */
static const struct {
	uint32_t lo, hi;
} text_hidden[] = {
	{ 0x0080, 0x009F },	/* C1 controls */
	{ 0x061C, 0x061C },	/* Arabic letter mark */
	{ 0x200B, 0x200B },	/* zero width space */
	{ 0x200E, 0x200F },	/* left-to-right and right-to-left marks */
	{ 0x2028, 0x202E },	/* line and paragraph separators, embeddings, overrides */
	{ 0x2060, 0x2060 },	/* word joiner */
	{ 0x2066, 0x2069 },	/* isolates */
	{ 0xFEFF, 0xFEFF },	/* zero width no-break space (byte order mark) */
};

/*
 * Decodes the character at s, of which n bytes may be read (n may be
 * SIZE_MAX for a NUL-terminated string: a NUL is never a continuation byte).
 * Returns its length; for an invalid sequence *cp is TEXT_BAD and the length
 * is that of its maximal subpart (the Unicode Standard's "best practice",
 * also WHATWG's), so that each subpart becomes one U+FFFD.
 */
static size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t need, i;
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xC2 || c > 0xF4) {	/* continuation, overlong lead or > U+10FFFF */
		*cp = TEXT_BAD;
		return 1;
	}
	if (c < 0xE0) {
		need = 1;
		v = c & 0x1F;
	} else if (c < 0xF0) {
		need = 2;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;	/* overlong */
		else if (c == 0xED)
			hi = 0x9F;	/* surrogates */
	} else {
		need = 3;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;	/* overlong */
		else if (c == 0xF4)
			hi = 0x8F;	/* above U+10FFFF */
	}
	for (i = 1; i <= need; i++) {
		if (i >= n || s[i] < lo || s[i] > hi) {
			*cp = TEXT_BAD;
			return i;
		}
		v = v << 6 | (s[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = v;
	return need + 1;
}

static bool
text_is_hidden(uint32_t cp)
{
	size_t i;

	if (cp < 0x80 || (cp > 0x9F && cp < 0x061C) || cp > 0xFEFF)
		return false;
	for (i = 0; i < sizeof text_hidden / sizeof text_hidden[0]; i++)
		if (cp >= text_hidden[i].lo && cp <= text_hidden[i].hi)
			return true;
	return false;
}

/* Whether the 8 bytes of x are all printable ASCII (0x20..0x7E): the
 * "hasless" and "hasmore" bit tricks, exact for existence. */
static inline bool
text_plain8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;

	return (((x - ones * 0x20) & ~x) | ((x + ones) | x)) & highs ? false : true;
}

/* The length of the run of printable ASCII at the start of s. */
static size_t
text_plain_run(const unsigned char *s, size_t len)
{
	size_t i = 0;
	uint64_t x;

	for (; i + 8 <= len; i += 8) {
		memcpy(&x, s + i, 8);
		if (!text_plain8(x))
			break;
	}
	while (i < len && s[i] >= 0x20 && s[i] < 0x7F)
		i++;
	return i;
}

static char *
put3(char *o, unsigned a, unsigned b, unsigned c)
{
	o[0] = (char)a;
	o[1] = (char)b;
	o[2] = (char)c;
	return o + 3;
}

/* "<U+XXXX>" for a code point below U+10000 (all of text_hidden). */
static char *
put_code(char *o, uint32_t cp)
{
	static const char hex[] = "0123456789ABCDEF";

	memcpy(o, "<U+", 3);
	o[3] = hex[cp >> 12 & 0xF];
	o[4] = hex[cp >> 8 & 0xF];
	o[5] = hex[cp >> 4 & 0xF];
	o[6] = hex[cp & 0xF];
	o[7] = '>';
	return o + 8;
}

char *
text_sanitize(const char *in, size_t len, int keep_newlines)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i, n;
	uint32_t cp;
	char *out, *o, *shrunk;

	if (in == NULL || len == 0)
		return strdup("");
	i = text_plain_run(s, len);
	if (i == len) {		/* the common case: nothing to change */
		out = malloc(len + 1);
		if (out != NULL) {
			memcpy(out, in, len);
			out[len] = '\0';
		}
		return out;
	}
	/* At worst 4 bytes out per byte in ("<U+0085>" for C2 85). */
	if (len > (SIZE_MAX - 1) / 4)
		return NULL;
	out = malloc(len * 4 + 1);
	if (out == NULL)
		return NULL;
	memcpy(out, in, i);
	o = out + i;
	while (i < len) {
		n = text_plain_run(s + i, len - i);
		memcpy(o, s + i, n);
		o += n;
		i += n;
		if (i == len)
			break;
		if (s[i] < 0x80) {
			unsigned char c = s[i++];

			if (c == '\t')
				*o++ = ' ';
			else if (c == '\r' && i < len && s[i] == '\n')
				;	/* CR LF is one newline: the LF shows it */
			else if (c == '\n' && keep_newlines)
				*o++ = '\n';
			else if (c == '\n')
				o = put3(o, 0xE2, 0x90, 0xA4);		/* U+2424 */
			else if (c == 0x7F)
				o = put3(o, 0xE2, 0x90, 0xA1);		/* U+2421 */
			else
				o = put3(o, 0xE2, 0x90, 0x80 + c);	/* U+2400 + c */
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == TEXT_BAD)
			o = put3(o, 0xEF, 0xBF, 0xBD);		/* U+FFFD */
		else if (text_is_hidden(cp))
			o = put_code(o, cp);
		else {
			memcpy(o, s + i, n);
			o += n;
		}
		i += n;
	}
	*o++ = '\0';
	shrunk = realloc(out, (size_t)(o - out));
	return shrunk != NULL ? shrunk : out;
}

char *
text_safe(const char *s)
{
	return text_sanitize(s ? s : "", s ? strlen(s) : 0, 0);
}

/* Cells of one character: what wcwidth says, 1 for what it cannot print. */
static int
text_cells(uint32_t cp)
{
	int w;

	if (cp == TEXT_BAD || cp < 0x20 || cp == 0x7F)
		return 1;
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

int
text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long long w = 0;
	uint32_t cp;

	while (*p != '\0') {
		if (*p >= 0x20 && *p < 0x7F) {
			w++;
			p++;
			continue;
		}
		p += utf8_decode(p, SIZE_MAX, &cp);
		w += text_cells(cp);
	}
	return w > INT_MAX ? INT_MAX : (int)w;
}

/*
 * The length of the longest prefix of s of at most cells cells and maxbytes
 * bytes that ends on a character boundary; the zero-width characters that
 * follow (combining marks) come with it when the bytes allow. *used gets
 * its cells.
 */
static size_t
text_prefix(const unsigned char *s, int cells, size_t maxbytes, int *used)
{
	size_t i = 0, n;
	int w = 0, cw;
	uint32_t cp;

	while (s[i] != '\0') {
		if (s[i] >= 0x20 && s[i] < 0x7F) {
			n = 1;
			cw = 1;
		} else {
			n = utf8_decode(s + i, SIZE_MAX, &cp);
			cw = text_cells(cp);
		}
		if (w + cw > cells || i + n > maxbytes)
			break;
		w += cw;
		i += n;
	}
	*used = w;
	return i;
}

int
text_fit(const char *s, int cells, int ellipsis, int pad, char *out, size_t outsize)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n, room;
	int used;

	if (outsize == 0)
		return 0;
	out[0] = '\0';
	if (cells <= 0)
		return 0;
	room = outsize - 1;
	n = text_prefix(u, cells, room, &used);
	if (u[n] != '\0' && ellipsis && room >= 3) {
		n = text_prefix(u, cells - 1, room - 3, &used);
		memcpy(out, s, n);
		memcpy(out + n, "\xE2\x80\xA6", 3);	/* U+2026 */
		n += 3;
		used++;
	} else
		memcpy(out, s, n);
	while (pad && used < cells && n < room) {
		out[n++] = ' ';
		used++;
	}
	out[n] = '\0';
	return used;
}
