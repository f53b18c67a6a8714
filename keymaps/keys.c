/* Key codes and their names, both ways: what pupitrerc writes ("^T",
 * "<PageDown>", "é") and what the help screen shows. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "keymap.h"

/* The named keys; the first name of a key is the one shown. */
static const struct {
	int key;
	const char *name;
} key_names[] = {
	{ KEYMAP_KEY_UP, "Up" },
	{ KEYMAP_KEY_DOWN, "Down" },
	{ KEYMAP_KEY_LEFT, "Left" },
	{ KEYMAP_KEY_RIGHT, "Right" },
	{ KEYMAP_KEY_PGUP, "PageUp" },
	{ KEYMAP_KEY_PGUP, "PgUp" },
	{ KEYMAP_KEY_PGDN, "PageDown" },
	{ KEYMAP_KEY_PGDN, "PgDn" },
	{ KEYMAP_KEY_HOME, "Home" },
	{ KEYMAP_KEY_END, "End" },
	{ KEYMAP_KEY_ENTER, "Enter" },
	{ KEYMAP_KEY_ENTER, "Return" },
	{ KEYMAP_KEY_ESC, "Esc" },
	{ KEYMAP_KEY_ESC, "Escape" },
	{ KEYMAP_KEY_TAB, "Tab" },
	{ KEYMAP_KEY_BACKSPACE, "Backspace" },
	{ KEYMAP_KEY_BACKSPACE, "BS" },
	{ KEYMAP_KEY_DELETE, "Delete" },
	{ KEYMAP_KEY_DELETE, "Del" },
	{ ' ', "Space" },
	{ KEYMAP_KEY_RESIZE, "Resize" },
};

int
keymap_key_normalize(int code)
{
	switch (code) {
	case '\t':
		return KEYMAP_KEY_TAB;
	case '\n':
	case '\r':
		return KEYMAP_KEY_ENTER;
	case 27:
		return KEYMAP_KEY_ESC;
	case '\b':
	case 127:
		return KEYMAP_KEY_BACKSPACE;
	default:
		return code;
	}
}

bool
keymap_key_valid(int key)
{
	if (key >= 1 && key <= 26)
		return keymap_key_normalize(key) == key;
	if (key >= KEYMAP_KEY_SPECIAL)
		return key <= KEYMAP_KEY_LAST;
	/* printable code points: no C0/C1 controls, DEL or surrogates */
	return key >= 0x20 && key != 0x7f && !(key >= 0x80 && key < 0xa0) &&
	    !(key >= 0xd800 && key <= 0xdfff);
}

/* Decodes one UTF-8 character of s into *cp; its length, or -1 when s
 * does not start with a valid one (overlongs and surrogates included). */
static int
utf8_decode(const char *s, int *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	int len, c, i;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		len = 2;
		c = u[0] & 0x1f;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		len = 3;
		c = u[0] & 0x0f;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		len = 4;
		c = u[0] & 0x07;
	} else {
		return -1;
	}
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*cp = c;
	return len;
}

static int
utf8_encode(int cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The key of "<name>" without its brackets (len bytes), or -1. */
static int
named_key(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (strlen(key_names[i].name) == len &&
		    strncasecmp(key_names[i].name, name, len) == 0)
			return key_names[i].key;
	if (len >= 2 && len <= 3 && (name[0] == 'F' || name[0] == 'f')) {
		int n = 0;

		for (i = 1; i < len; i++) {
			if (name[i] < '0' || name[i] > '9')
				return -1;
			n = n * 10 + (name[i] - '0');
		}
		if (n >= 1 && n <= 12 && name[1] != '0')
			return KEYMAP_KEY_F(n);
	}
	return -1;
}

/* The control key of ^c, or -1: letters, ^[ (Esc) and ^? (Backspace). */
static int
control_key(char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return keymap_key_normalize(KEYMAP_KEY_CTRL(c));
	if (c == '[')
		return KEYMAP_KEY_ESC;
	if (c == '?')
		return KEYMAP_KEY_BACKSPACE;
	return -1;
}

int
keymap_key_parse(const char *name)
{
	size_t len = strlen(name);
	int cp, n;

	if (len == 0)
		return -1;
	if (name[0] == '<' && len > 2 && name[len - 1] == '>')
		return named_key(name + 1, len - 2);
	if (name[0] == '^' && len == 2)
		return control_key(name[1]);
	n = utf8_decode(name, &cp);
	if (n < 0 || (size_t)n != len)
		return -1;
	cp = keymap_key_normalize(cp);
	return keymap_key_valid(cp) ? cp : -1;
}

const char *
keymap_key_name(int key, char *buf, size_t size)
{
	char utf8[5];
	size_t i;
	int n;

	if (!keymap_key_valid(key))
		return NULL;
	for (i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (key_names[i].key == key) {
			n = snprintf(buf, size, "<%s>", key_names[i].name);
			return n >= 0 && (size_t)n < size ? buf : NULL;
		}
	if (key >= KEYMAP_KEY_F1 && key <= KEYMAP_KEY_F12)
		n = snprintf(buf, size, "<F%d>", key - KEYMAP_KEY_F1 + 1);
	else if (key <= 26)
		n = snprintf(buf, size, "^%c", 'A' + key - 1);
	else {
		utf8[utf8_encode(key, utf8)] = '\0';
		n = snprintf(buf, size, "%s", utf8);
	}
	return n >= 0 && (size_t)n < size ? buf : NULL;
}

int
keymap_keys_parse(const char *text, int *keys, size_t max)
{
	size_t n = 0;
	const char *s = text;

	while (*s != '\0') {
		const char *close;
		int key = -1, len = 0;

		if (*s == '<' && (close = strchr(s + 1, '>')) != NULL &&
		    (key = named_key(s + 1, (size_t)(close - s - 1))) >= 0)
			len = (int)(close - s + 1);
		else if (*s == '^' && s[1] != '\0' && (key = control_key(s[1])) >= 0)
			len = 2;
		else if ((len = utf8_decode(s, &key)) < 0)
			return -1;
		else
			key = keymap_key_normalize(key);
		if (!keymap_key_valid(key) || n == max)
			return -1;
		keys[n++] = key;
		s += len;
	}
	return (int)n;
}
