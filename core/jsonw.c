/* JSON strings and numbers written by hand (see jsonw.h). */
#include <string.h>

#include "jsonw.h"

/* The length of the valid UTF-8 sequence at s (of n bytes left), 0 when invalid. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned long cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	/* overlongs, surrogates and beyond U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

int
jsonw_string(FILE *f, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t n, len;

	if (s == NULL)
		return fputs("null", f) >= 0 ? 0 : -1;
	n = strlen(s);
	if (putc('"', f) == EOF)
		return -1;
	while (n > 0) {
		int rc = 0;

		if (*p == '"' || *p == '\\') {
			rc = putc('\\', f) == EOF || putc(*p, f) == EOF;
			len = 1;
		} else if (*p < 0x20) {
			const char *esc = *p == '\n' ? "\\n" : *p == '\r' ? "\\r" : *p == '\t' ? "\\t" :
			    *p == '\b' ? "\\b" : *p == '\f' ? "\\f" : NULL;

			if (esc != NULL)
				rc = fputs(esc, f) < 0;
			else
				rc = fprintf(f, "\\u00%c%c", hex[*p >> 4], hex[*p & 15]) < 0;
			len = 1;
		} else if ((len = utf8_len(p, n)) == 0) {
			rc = fputs("\\ufffd", f) < 0;
			len = 1;
		} else if (len == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
			rc = fputs(p[2] == 0xA8 ? "\\u2028" : "\\u2029", f) < 0;
		} else {
			rc = fwrite(p, 1, len, f) != len;
		}
		if (rc)
			return -1;
		p += len;
		n -= len;
	}
	return putc('"', f) == EOF ? -1 : 0;
}

static const char *
digits(const char *s)
{
	while (*s >= '0' && *s <= '9')
		s++;
	return s;
}

bool
jsonw_is_number(const char *s)
{
	const char *e;

	if (s == NULL)
		return false;
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		s = digits(s);
	else
		return false;
	if (*s == '.') {
		e = digits(s + 1);
		if (e == s + 1)
			return false;
		s = e;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		e = digits(s);
		if (e == s)
			return false;
		s = e;
	}
	return *s == '\0';
}
