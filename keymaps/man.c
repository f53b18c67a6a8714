/* The parts of pupitrerc(5) that the tables hold (views, functions with
 * their default keys, options, colours), written as roff so that the man
 * page is made from them and cannot drift. */
#include <string.h>

#include "keymap_int.h"

/* Writes s as roff text: backslashes and hyphens escaped, and a control
 * character (. or ') at the start of a line made harmless. */
static void
roff(FILE *out, const char *s, bool line_start)
{
	for (; *s != '\0'; s++) {
		if (line_start && (*s == '.' || *s == '\''))
			fputs("\\&", out);
		line_start = *s == '\n';
		if (*s == '\\')
			fputs("\\e", out);
		else if (*s == '-')
			fputs("\\-", out);
		else
			fputc(*s, out);
	}
}

static void
man_views(FILE *out)
{
	int v;

	for (v = 0; v < KEYMAP_VIEW_COUNT; v++) {
		fputs(".TP\n.B ", out);
		roff(out, keymap_view_name((enum keymap_view)v), false);
		fputc('\n', out);
		roff(out, keymap_view_msgid((enum keymap_view)v), true);
		fputs(v == KEYMAP_VIEW_GENERIC ? ": every other view falls back to them" :
		    keymap_view_inherits((enum keymap_view)v) ? "" :
		    "; it does not fall back to generic", out);
		fputs(".\n", out);
	}
}

static void
man_functions(const struct keymap *km, FILE *out)
{
	char keys[64];
	int v, fn;

	for (v = 0; v < KEYMAP_VIEW_COUNT; v++) {
		bool header = false;

		for (fn = KEYMAP_FN_NONE + 1; fn < KEYMAP_FN_COUNT; fn++) {
			if (!(keymap_function_views((enum keymap_function)fn) & (1u << v)))
				continue;
			if (!header) {
				fputs(".SS ", out);
				roff(out, keymap_view_name((enum keymap_view)v), false);
				fputc('\n', out);
				header = true;
			}
			fputs(".TP\n\\fB", out);
			roff(out, keymap_function_name((enum keymap_function)fn), false);
			fputs("\\fR", out);
			if (keymap_keys_of(km, (enum keymap_view)v, (enum keymap_view)v,
			    (enum keymap_function)fn, keys, sizeof keys) > 0) {
				fputs(" (", out);
				roff(out, keys, false);
				fputc(')', out);
			}
			fputc('\n', out);
			roff(out, keymap_function_msgid((enum keymap_function)fn), true);
			fputs(".\n", out);
		}
	}
}

static void
man_options(const struct keymap *km, FILE *out)
{
	int i;

	(void)km;
	for (i = 0; i < KEYMAP_OPT_COUNT; i++) {
		const struct keymap_option_info *o = &keymap_options[i];
		const char *p;

		fputs(".TP\n\\fB", out);
		roff(out, o->name, false);
		fputs("\\fR ", out);
		switch (o->type) {
		case KEYMAP_BOOL:
			fputs("\\fByes\\fR|\\fBno\\fR", out);
			break;
		case KEYMAP_INT:
			fprintf(out, "\\fINUMBER\\fR (%ld to %ld)", o->min, o->max);
			break;
		case KEYMAP_STRING:
			fputs("\\fITEXT\\fR", out);
			break;
		case KEYMAP_LIST:
			fputs("\\fIITEM\\fR[,\\fIITEM\\fR...]", out);
			break;
		case KEYMAP_ENUM:
			fputs("\\fB", out);
			for (p = o->values; *p != '\0'; p++)
				if (*p == '|')
					fputs("\\fR|\\fB", out);
				else
					roff(out, (char[]){ *p, '\0' }, false);
			fputs("\\fR", out);
			break;
		}
		fputc('\n', out);
		roff(out, o->help, true);
		fputs(".\nDefault: \\fB", out);
		roff(out, o->def, false);
		fputs("\\fR.\n", out);
	}
}

/* A colour as written in pupitrerc. */
static void
color_name(FILE *out, int c)
{
	static const char *const names[] = {
		"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
	};

	if (c < 0)
		fputs("default", out);
	else if (c < 8)
		fputs(names[c], out);
	else
		fprintf(out, "%d", c);
}

static void
man_colors(const struct keymap *km, FILE *out)
{
	static const char *const attrs[] = {
		"bold", "dim", "underline", "reverse", "blink", "standout", "italic"
	};
	int i;
	size_t a;

	(void)km;
	for (i = 0; i < KEYMAP_COLOR_COUNT; i++) {
		const struct keymap_color_info *c = &keymap_colors[i];

		fputs(".TP\n.B ", out);
		roff(out, c->name, false);
		fputc('\n', out);
		roff(out, c->help, true);
		fputs(".\nDefault: \\fB", out);
		color_name(out, c->def.fg);
		fputc(' ', out);
		color_name(out, c->def.bg);
		for (a = 0; a < sizeof attrs / sizeof attrs[0]; a++)
			if (c->def.attrs & (1u << a))
				fprintf(out, " %s", attrs[a]);
		fputs("\\fR.\n", out);
	}
}

int
keymap_write_man(const struct keymap *km, const char *section, FILE *out)
{
	if (strcmp(section, "views") == 0)
		man_views(out);
	else if (strcmp(section, "functions") == 0)
		man_functions(km, out);
	else if (strcmp(section, "options") == 0)
		man_options(km, out);
	else if (strcmp(section, "colors") == 0)
		man_colors(km, out);
	else
		return -1;
	return ferror(out) ? -1 : 0;
}
