/* What the files of keymaps/ share and nobody else sees: the keymap
 * itself and a few helpers. */
#ifndef KEYMAPS_KEYMAP_INT_H
#define KEYMAPS_KEYMAP_INT_H

#include "keymap.h"

/* One view's bindings, in the order they were made (the help shows keys
 * in that order). An entry with no function and no macro is an unbind. */
struct keymap_table {
	struct keymap_binding *b;
	size_t n, cap;
};

struct keymap_value {
	char *text;		/* canonical text of any type */
	bool b;
	long i;
	int e;
	char **items;		/* a list's items */
	size_t nitems;
};

/* The tables of keymap.h's X-macros, indexed by their enums. */
struct keymap_option_info {
	const char *name;
	enum keymap_option_type type;
	const char *def;
	long min, max;
	const char *values;
	const char *help;
};
extern const struct keymap_option_info keymap_options[KEYMAP_OPT_COUNT];

struct keymap_color_info {
	const char *name;
	struct keymap_color def;
	const char *help;
};
extern const struct keymap_color_info keymap_colors[KEYMAP_COLOR_COUNT];

#define KEYMAP_MESSAGES_MAX 100	/* then one "too many" and silence */

struct keymap {
	struct keymap_table views[KEYMAP_VIEW_COUNT];
	struct keymap_value options[KEYMAP_OPT_COUNT];
	struct keymap_color colors[KEYMAP_COLOR_COUNT];
	struct keymap_message *messages;
	size_t nmessages, capmessages;
};

/* Adds "file:line: reason" (file NULL: reason alone); -1 when out of
 * memory. */
int keymap_add_message(struct keymap *km, const char *file, int line, const char *reason);

/* The keys of table that call fn in view (not overridden there), joined
 * with ", " into buf; returns how many. */
size_t keymap_keys_of(const struct keymap *km, enum keymap_view table, enum keymap_view view,
    enum keymap_function fn, char *buf, size_t size);

/* A function's help as written, untranslated (for the man page). */
const char *keymap_function_msgid(enum keymap_function fn);
const char *keymap_view_msgid(enum keymap_view view);

/* Sets a colour object; used by the `color` directive. */
void keymap_set_color(struct keymap *km, enum keymap_color_object obj,
    const struct keymap_color *c);

#endif
