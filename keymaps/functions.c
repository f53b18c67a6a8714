/* The tables of views and functions, made from the X-macros of
 * functions.h, and lookups by name. */
#include <string.h>

#include "keymap_int.h"

static const struct {
	const char *name;
	int inherits;
	const char *help;
} views[] = {
#define KEYMAP_VIEW_ROW(id, name, inherits, help) { name, inherits, help },
	KEYMAP_VIEWS(KEYMAP_VIEW_ROW)
#undef KEYMAP_VIEW_ROW
};

static const struct {
	const char *name;
	unsigned views;
	const char *help;
} functions[] = {
	{ NULL, 0, NULL },	/* KEYMAP_FN_NONE */
#define KEYMAP_FN_ROW(id, name, views, help) { name, views, help },
	KEYMAP_FUNCTIONS(KEYMAP_FN_ROW)
#undef KEYMAP_FN_ROW
};

const char *
keymap_view_name(enum keymap_view view)
{
	return (unsigned)view < KEYMAP_VIEW_COUNT ? views[view].name : NULL;
}

const char *
keymap_view_help(enum keymap_view view)
{
	return (unsigned)view < KEYMAP_VIEW_COUNT ? _(views[view].help) : NULL;
}

int
keymap_view_inherits(enum keymap_view view)
{
	return (unsigned)view < KEYMAP_VIEW_COUNT && views[view].inherits;
}

const char *
keymap_function_name(enum keymap_function fn)
{
	return fn > KEYMAP_FN_NONE && fn < KEYMAP_FN_COUNT ? functions[fn].name : NULL;
}

const char *
keymap_function_help(enum keymap_function fn)
{
	return fn > KEYMAP_FN_NONE && fn < KEYMAP_FN_COUNT ? _(functions[fn].help) : NULL;
}

unsigned
keymap_function_views(enum keymap_function fn)
{
	return fn > KEYMAP_FN_NONE && fn < KEYMAP_FN_COUNT ? functions[fn].views : 0;
}

int
keymap_view_by_name(const char *name)
{
	int i;

	for (i = 0; i < KEYMAP_VIEW_COUNT; i++)
		if (strcmp(views[i].name, name) == 0)
			return i;
	return -1;
}

enum keymap_function
keymap_function_by_name(const char *name)
{
	int i;

	for (i = KEYMAP_FN_NONE + 1; i < KEYMAP_FN_COUNT; i++)
		if (strcmp(functions[i].name, name) == 0)
			return (enum keymap_function)i;
	return KEYMAP_FN_NONE;
}

int
keymap_function_allowed(enum keymap_function fn, enum keymap_view view)
{
	unsigned mask = keymap_function_views(fn);

	if ((unsigned)view >= KEYMAP_VIEW_COUNT)
		return 0;
	return (mask & KEYMAP_IN(GENERIC)) != 0 || (mask & (1u << view)) != 0;
}

const char *
keymap_function_msgid(enum keymap_function fn)
{
	return fn > KEYMAP_FN_NONE && fn < KEYMAP_FN_COUNT ? functions[fn].help : NULL;
}

const char *
keymap_view_msgid(enum keymap_view view)
{
	return (unsigned)view < KEYMAP_VIEW_COUNT ? views[view].help : NULL;
}
