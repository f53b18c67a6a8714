/* The pupitrerc language: bind, unbind, macro, set and color lines, read
 * from the default keymaps, the user's file or the command prompt. A bad
 * line says where and why, and the lines after it still load. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "keymap_int.h"

#ifndef PUPITRE_DATADIR
#define PUPITRE_DATADIR "/usr/local/share"
#endif

#define RC_WORDS 16

/* What exec_line tells its caller besides the reason. */
enum { RC_OK = 0, RC_BAD = -1, RC_NOMEM = -2 };

/*
 * Splits line into words, in place in buf (as long as line): blanks
 * separate words, "..." keeps blanks, a backslash escapes the next
 * character (\n, \t and \e are newline, tab and Esc), and # at the start
 * of a word starts a comment. Returns the number of words, or -1 with the
 * reason in err.
 */
static int
split(const char *line, char *buf, char **words, char *err, size_t errsize)
{
	const char *s = line;
	char *out = buf;
	int n = 0;

	for (;;) {
		bool quoted = false;

		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0' || *s == '#')
			return n;
		if (n == RC_WORDS) {
			snprintf(err, errsize, _("too many words (at most %d)"), RC_WORDS);
			return -1;
		}
		words[n++] = out;
		while (*s != '\0' && (quoted || (*s != ' ' && *s != '\t'))) {
			if (*s == '"') {
				quoted = !quoted;
				s++;
			} else if (*s == '\\') {
				if (s[1] == '\0') {
					snprintf(err, errsize, "%s",
					    _("a backslash ends the line"));
					return -1;
				}
				*out++ = s[1] == 'n' ? '\n' : s[1] == 't' ? '\t' :
				    s[1] == 'e' ? 27 : s[1];
				s += 2;
			} else {
				*out++ = *s++;
			}
		}
		if (quoted) {
			snprintf(err, errsize, "%s", _("a quote is not closed"));
			return -1;
		}
		*out++ = '\0';
	}
}

/* The names of the views, "generic, queue, ..." for messages. */
static void
view_names(char *buf, size_t size)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < KEYMAP_VIEW_COUNT && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
		    keymap_view_name((enum keymap_view)i));
}

static int
parse_view(const char *word, char *err, size_t errsize)
{
	char names[160];
	int view = keymap_view_by_name(word);

	if (view < 0) {
		view_names(names, sizeof names);
		snprintf(err, errsize, _("unknown view \"%s\" (the views are: %s)"), word, names);
	}
	return view;
}

static int
parse_key(const char *word, char *err, size_t errsize)
{
	int key = keymap_key_parse(word);

	if (key < 0)
		snprintf(err, errsize, _("bad key \"%s\": write a character, ^X, or a name "
		    "such as <PageDown>"), word);
	return key;
}

static int
do_bind(struct keymap *km, int argc, char **argv, char *err, size_t errsize)
{
	enum keymap_function fn;
	int view, key;

	(void)argc;
	if ((view = parse_view(argv[1], err, errsize)) < 0 ||
	    (key = parse_key(argv[2], err, errsize)) < 0)
		return RC_BAD;
	fn = keymap_function_by_name(argv[3]);
	if (fn == KEYMAP_FN_NONE) {
		snprintf(err, errsize, _("unknown function \"%s\""), argv[3]);
		return RC_BAD;
	}
	if (!keymap_function_allowed(fn, (enum keymap_view)view)) {
		snprintf(err, errsize, _("function %s cannot be bound in view %s"), argv[3],
		    argv[1]);
		return RC_BAD;
	}
	return keymap_bind(km, (enum keymap_view)view, key, fn) == 0 ? RC_OK : RC_NOMEM;
}

static int
do_unbind(struct keymap *km, int argc, char **argv, char *err, size_t errsize)
{
	int view, key;

	(void)argc;
	if ((view = parse_view(argv[1], err, errsize)) < 0 ||
	    (key = parse_key(argv[2], err, errsize)) < 0)
		return RC_BAD;
	if (!keymap_unbind(km, (enum keymap_view)view, key)) {
		snprintf(err, errsize, _("key %s is not bound in view %s"), argv[2], argv[1]);
		return RC_BAD;
	}
	return RC_OK;
}

static int
do_macro(struct keymap *km, int argc, char **argv, char *err, size_t errsize)
{
	int keys[KEYMAP_MACRO_MAX];
	int view, key, rc;

	(void)argc;
	if ((view = parse_view(argv[1], err, errsize)) < 0 ||
	    (key = parse_key(argv[2], err, errsize)) < 0)
		return RC_BAD;
	if (keymap_keys_parse(argv[3], keys, KEYMAP_MACRO_MAX) <= 0) {
		snprintf(err, errsize, _("bad key sequence \"%s\" (empty, a control "
		    "character, or more than %d keys)"), argv[3], KEYMAP_MACRO_MAX);
		return RC_BAD;
	}
	rc = keymap_macro(km, (enum keymap_view)view, key, argv[3]);
	return rc == 0 ? RC_OK : rc == -1 ? RC_NOMEM : RC_BAD;
}

static int
do_set(struct keymap *km, int argc, char **argv, char *err, size_t errsize)
{
	int opt = keymap_option_by_name(argv[1]);
	int rc;

	(void)argc;
	if (opt < 0) {
		snprintf(err, errsize, _("unknown option \"%s\""), argv[1]);
		return RC_BAD;
	}
	rc = keymap_set(km, (enum keymap_option)opt, argv[2], err, errsize);
	return rc == 0 ? RC_OK : rc == -1 ? RC_NOMEM : RC_BAD;
}

/* A colour: default, a name, brightNAME, colorN or N (0-255); -2 when
 * unknown. */
static int
parse_color(const char *s)
{
	static const char *const names[] = {
		"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
	};
	const char *digits = s;
	char *end;
	long n;
	int i;

	if (strcasecmp(s, "default") == 0)
		return -1;
	for (i = 0; i < 8; i++) {
		if (strcasecmp(s, names[i]) == 0)
			return i;
		if (strncasecmp(s, "bright", 6) == 0 && strcasecmp(s + 6, names[i]) == 0)
			return i + 8;
	}
	if (strncasecmp(s, "color", 5) == 0)
		digits = s + 5;
	if (*digits < '0' || *digits > '9')
		return -2;
	n = strtol(digits, &end, 10);
	return *end == '\0' && n >= 0 && n <= 255 ? (int)n : -2;
}

static const struct {
	const char *name;
	unsigned attr;
} attrs[] = {
	{ "normal", 0 },
	{ "bold", KEYMAP_ATTR_BOLD },
	{ "dim", KEYMAP_ATTR_DIM },
	{ "underline", KEYMAP_ATTR_UNDERLINE },
	{ "reverse", KEYMAP_ATTR_REVERSE },
	{ "blink", KEYMAP_ATTR_BLINK },
	{ "standout", KEYMAP_ATTR_STANDOUT },
	{ "italic", KEYMAP_ATTR_ITALIC },
};

static int
do_color(struct keymap *km, int argc, char **argv, char *err, size_t errsize)
{
	struct keymap_color c = { -1, -1, 0 };
	int obj, i;
	size_t j;

	for (obj = 0; obj < KEYMAP_COLOR_COUNT; obj++)
		if (strcmp(argv[1], keymap_color_object_name((enum keymap_color_object)obj)) == 0)
			break;
	if (obj == KEYMAP_COLOR_COUNT) {
		snprintf(err, errsize, _("unknown colour object \"%s\""), argv[1]);
		return RC_BAD;
	}
	for (i = 2; i <= 3; i++) {
		int n = parse_color(argv[i]);

		if (n == -2) {
			snprintf(err, errsize, _("unknown colour \"%s\" (a name such as red, "
			    "brightred, default, or a number from 0 to 255)"), argv[i]);
			return RC_BAD;
		}
		*(i == 2 ? &c.fg : &c.bg) = n;
	}
	for (i = 4; i < argc; i++) {
		for (j = 0; j < sizeof attrs / sizeof attrs[0]; j++)
			if (strcasecmp(argv[i], attrs[j].name) == 0)
				break;
		if (j == sizeof attrs / sizeof attrs[0]) {
			snprintf(err, errsize, _("unknown attribute \"%s\""), argv[i]);
			return RC_BAD;
		}
		c.attrs |= attrs[j].attr;
	}
	keymap_set_color(km, (enum keymap_color_object)obj, &c);
	return RC_OK;
}

static const struct {
	const char *name;
	int min, max;		/* words after the directive */
	int (*run)(struct keymap *, int, char **, char *, size_t);
	const char *usage;
} directives[] = {
	{ "bind", 3, 3, do_bind, N_("usage: bind VIEW KEY FUNCTION") },
	{ "unbind", 2, 2, do_unbind, N_("usage: unbind VIEW KEY") },
	{ "macro", 3, 3, do_macro, N_("usage: macro VIEW KEY \"KEYS\"") },
	{ "set", 2, 2, do_set, N_("usage: set OPTION VALUE") },
	{ "color", 3, RC_WORDS - 1, do_color, N_("usage: color OBJECT FG BG [ATTRIBUTE...]") },
	{ "colour", 3, RC_WORDS - 1, do_color, N_("usage: color OBJECT FG BG [ATTRIBUTE...]") },
};

/* Runs one line; RC_BAD with the reason in err, RC_NOMEM. */
static int
exec_line(struct keymap *km, const char *line, char *err, size_t errsize)
{
	char *words[RC_WORDS];
	char *buf = malloc(strlen(line) + 1);
	int n, rc = RC_BAD;
	size_t i;

	if (buf == NULL)
		return RC_NOMEM;
	n = split(line, buf, words, err, errsize);
	if (n <= 0) {
		free(buf);
		return n == 0 ? RC_OK : RC_BAD;
	}
	for (i = 0; i < sizeof directives / sizeof directives[0]; i++)
		if (strcmp(words[0], directives[i].name) == 0)
			break;
	if (i == sizeof directives / sizeof directives[0])
		snprintf(err, errsize, _("unknown command \"%s\" (the commands are bind, unbind, "
		    "macro, set and color)"), words[0]);
	else if (n - 1 < directives[i].min || n - 1 > directives[i].max)
		snprintf(err, errsize, "%s", _(directives[i].usage));
	else
		rc = directives[i].run(km, n, words, err, errsize);
	free(buf);
	return rc;
}

int
keymap_exec(struct keymap *km, const char *line, char *err, size_t errsize)
{
	int rc = exec_line(km, line, err, errsize);

	if (rc == RC_NOMEM)
		snprintf(err, errsize, "%s", _("out of memory"));
	return rc == RC_OK ? 0 : -1;
}

/* Runs line number lineno of file, adding a message when it is bad;
 * 1 when bad, 0 when good, -1 when out of memory. */
static int
load_line(struct keymap *km, const char *file, int lineno, const char *line)
{
	char err[512];
	int rc = exec_line(km, line, err, sizeof err);

	if (rc == RC_NOMEM)
		return -1;
	if (rc == RC_BAD)
		return keymap_add_message(km, file, lineno, err) == 0 ? 1 : -1;
	return 0;
}

/* Drops the end of line (and a CR before it) in place. */
static void
chomp(char *line, size_t len)
{
	if (len > 0 && line[len - 1] == '\n')
		line[--len] = '\0';
	if (len > 0 && line[len - 1] == '\r')
		line[--len] = '\0';
}

static int
nomem(struct keymap *km, const char *file)
{
	keymap_add_message(km, file, 0, _("out of memory"));
	return -1;
}

int
keymap_load_buffer(struct keymap *km, const char *name, const char *text)
{
	int lineno = 0, bad = 0, rc;

	while (*text != '\0') {
		const char *end = strchr(text, '\n');
		size_t len = end ? (size_t)(end - text + 1) : strlen(text);
		char *line = strndup(text, len);

		if (line == NULL)
			return nomem(km, name);
		chomp(line, len);
		rc = load_line(km, name, ++lineno, line);
		free(line);
		if (rc < 0)
			return nomem(km, name);
		bad += rc;
		text += len;
	}
	return bad;
}

/* Loads path; a missing file is no error when optional. */
static int
load_file(struct keymap *km, const char *path, bool optional)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, reason[256];
	size_t cap = 0;
	ssize_t len;
	int lineno = 0, bad = 0, rc = 0;
	bool failed;

	if (f == NULL) {
		if (optional && errno == ENOENT)
			return 0;
		snprintf(reason, sizeof reason, _("cannot read the file: %s"), strerror(errno));
		return keymap_add_message(km, path, 0, reason) == 0 ? -1 : nomem(km, path);
	}
	while (rc >= 0 && (len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (memchr(line, '\0', (size_t)len) != NULL) {
			rc = keymap_add_message(km, path, lineno, _("a NUL byte in the line"));
			bad++;
			continue;
		}
		chomp(line, (size_t)len);
		/* a UTF-8 byte order mark some editors write */
		rc = load_line(km, path, lineno,
		    lineno == 1 && strncmp(line, "\xef\xbb\xbf", 3) == 0 ? line + 3 : line);
		if (rc > 0)
			bad++;
	}
	failed = rc >= 0 && ferror(f);
	if (failed)
		snprintf(reason, sizeof reason, _("cannot read the file: %s"), strerror(errno));
	free(line);
	fclose(f);
	if (rc < 0)
		return nomem(km, path);
	if (failed)
		return keymap_add_message(km, path, lineno, reason) == 0 ? -1 : nomem(km, path);
	return bad;
}

int
keymap_load_file(struct keymap *km, const char *path)
{
	return load_file(km, path, false);
}

int
keymap_load_defaults(struct keymap *km, const char *dir)
{
	char path[4096];
	int i, n, rc, bad = 0;

	for (i = 0; i < KEYMAP_VIEW_COUNT; i++) {
		n = snprintf(path, sizeof path, "%s/%s.keys", dir,
		    keymap_view_name((enum keymap_view)i));
		if (n < 0 || (size_t)n >= sizeof path) {
			keymap_add_message(km, dir, 0, _("the path is too long"));
			return -1;
		}
		/* generic holds the keys of every view: without it nothing works */
		rc = load_file(km, path, i != KEYMAP_VIEW_GENERIC);
		if (rc < 0)
			return -1;
		bad += rc;
	}
	return bad;
}

/* Whether dir holds the default keymaps. */
static bool
has_defaults(const char *dir)
{
	char path[4096];
	int n = snprintf(path, sizeof path, "%s/generic.keys", dir);

	return n > 0 && (size_t)n < sizeof path && access(path, R_OK) == 0;
}

int
keymap_find_defaults(const char *argv0, char *dir, size_t size)
{
	const char *slash = argv0 ? strrchr(argv0, '/') : NULL;
	int n;

	/* run from the build tree: the keymaps next to the program */
	if (slash != NULL) {
		n = snprintf(dir, size, "%.*s/keymaps", (int)(slash - argv0), argv0);
		if (n > 0 && (size_t)n < size && has_defaults(dir))
			return 0;
	}
	n = snprintf(dir, size, "%s", PUPITRE_DATADIR "/pupitre/keymaps");
	return n > 0 && (size_t)n < size && has_defaults(dir) ? 0 : -1;
}

int
keymap_user_rc(char *path, size_t size)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	int n;

	/* the XDG spec ignores a relative XDG_CONFIG_HOME */
	if (xdg != NULL && xdg[0] == '/')
		n = snprintf(path, size, "%s/pupitre/pupitrerc", xdg);
	else if (home != NULL && home[0] != '\0')
		n = snprintf(path, size, "%s/.config/pupitre/pupitrerc", home);
	else
		return -1;
	return n > 0 && (size_t)n < size ? 0 : -1;
}

int
keymap_load_all(struct keymap *km, const char *argv0)
{
	size_t before = km->nmessages;
	char dir[4096], path[4096], reason[512];

	if (keymap_find_defaults(argv0, dir, sizeof dir) == 0) {
		keymap_load_defaults(km, dir);
	} else {
		snprintf(reason, sizeof reason, _("the default keymaps are missing (generic.keys "
		    "neither next to the program nor in %s): reinstall pupitre"),
		    PUPITRE_DATADIR "/pupitre/keymaps");
		if (keymap_add_message(km, NULL, 0, reason) != 0)
			return -1;
	}
	if (keymap_user_rc(path, sizeof path) == 0)
		load_file(km, path, true);
	return (int)(km->nmessages - before);
}
