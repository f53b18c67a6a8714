/* The binding tables: lookup order (the view, then generic), unbinding,
 * macros, the help made from the live tables, options and colours. */
#include <stdlib.h>

#include "check.h"
#include "../../keymaps/keymap.h"

/* The function key calls in view, KEYMAP_FN_NONE when none (or a macro). */
static enum keymap_function
fn_of(const struct keymap *km, enum keymap_view view, int key)
{
	const struct keymap_binding *b = keymap_lookup(km, view, key);

	return b ? b->function : KEYMAP_FN_NONE;
}

static void
test_tables(void)
{
	int i;

	CHECK_STR(keymap_view_name(KEYMAP_VIEW_QUEUE), "queue", "view name");
	CHECK_INT(keymap_view_by_name("pager"), KEYMAP_VIEW_PAGER, "view by name");
	CHECK_INT(keymap_view_by_name("nope"), -1, "unknown view");
	CHECK(keymap_view_name(KEYMAP_VIEW_COUNT) == NULL, "view out of range");
	CHECK_STR(keymap_function_name(KEYMAP_FN_UNTAG_PATTERN), "untag-pattern", "fn name");
	CHECK_INT(keymap_function_by_name("dismiss"), KEYMAP_FN_DISMISS, "fn by name");
	CHECK_INT(keymap_function_by_name("nope"), KEYMAP_FN_NONE, "unknown fn");
	CHECK(keymap_function_name(KEYMAP_FN_NONE) == NULL, "no name for none");
	for (i = KEYMAP_FN_NONE + 1; i < KEYMAP_FN_COUNT; i++) {
		const char *name = keymap_function_name((enum keymap_function)i);

		CHECK(name != NULL && (int)keymap_function_by_name(name) == i, name);
		CHECK(keymap_function_help((enum keymap_function)i)[0] != '\0', name);
		CHECK(keymap_function_views((enum keymap_function)i) != 0, name);
	}
	for (i = 0; i < KEYMAP_VIEW_COUNT; i++)
		CHECK(keymap_view_by_name(keymap_view_name((enum keymap_view)i)) == i,
		    keymap_view_name((enum keymap_view)i));
	CHECK(keymap_function_allowed(KEYMAP_FN_HIDE, KEYMAP_VIEW_QUEUE), "hide in queue");
	CHECK(!keymap_function_allowed(KEYMAP_FN_HIDE, KEYMAP_VIEW_PAGER), "no hide in pager");
	CHECK(!keymap_function_allowed(KEYMAP_FN_HIDE, KEYMAP_VIEW_GENERIC),
	    "no hide in generic");
	CHECK(keymap_function_allowed(KEYMAP_FN_SEARCH, KEYMAP_VIEW_PROPOSALS),
	    "generic functions anywhere");
	CHECK(!keymap_view_inherits(KEYMAP_VIEW_PROMPT), "the prompt does not inherit");
	CHECK(keymap_view_inherits(KEYMAP_VIEW_TOP), "top inherits");
}

static void
test_lookup_order(void)
{
	struct keymap *km = keymap_new();
	const struct keymap_binding *b;

	CHECK(km != NULL, "a keymap");
	if (km == NULL)
		return;
	CHECK(keymap_lookup(km, KEYMAP_VIEW_QUEUE, 'j') == NULL, "empty at first");
	CHECK_INT(keymap_bind(km, KEYMAP_VIEW_GENERIC, 'j', KEYMAP_FN_MOVE_DOWN), 0, "bind j");
	CHECK_INT(keymap_bind(km, KEYMAP_VIEW_GENERIC, 'd', KEYMAP_FN_PAGE_DOWN), 0, "bind d");
	CHECK_INT(keymap_bind(km, KEYMAP_VIEW_QUEUE, 'd', KEYMAP_FN_HIDE), 0, "bind queue d");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_QUEUE, 'd'), KEYMAP_FN_HIDE, "the view's own first");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_QUEUE, 'j'), KEYMAP_FN_MOVE_DOWN, "then generic");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_PAGER, 'd'), KEYMAP_FN_PAGE_DOWN, "pager: generic d");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_GENERIC, 'd'), KEYMAP_FN_PAGE_DOWN, "generic's d");
	CHECK(keymap_lookup(km, KEYMAP_VIEW_PROMPT, 'j') == NULL, "the prompt has no fallback");
	b = keymap_lookup(km, KEYMAP_VIEW_QUEUE, 'j');
	CHECK(b != NULL && b->view == KEYMAP_VIEW_GENERIC && b->key == 'j', "found in generic");

	CHECK_INT(keymap_bind(km, KEYMAP_VIEW_QUEUE, 'd', KEYMAP_FN_RESTORE), 0, "rebind");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_QUEUE, 'd'), KEYMAP_FN_RESTORE, "a rebind replaces");
	CHECK_INT(keymap_bind(km, KEYMAP_VIEW_PAGER, 'x', KEYMAP_FN_HIDE), -2,
	    "hide cannot be bound in the pager");
	CHECK_INT(keymap_bind(km, KEYMAP_VIEW_QUEUE, 0, KEYMAP_FN_HIDE), -2, "nor on key 0");
	CHECK_INT(keymap_bind(km, KEYMAP_VIEW_QUEUE, 'x', KEYMAP_FN_NONE), -2, "nor to none");
	CHECK(keymap_lookup(km, KEYMAP_VIEW_COUNT, 'j') == NULL, "no such view");
	keymap_free(km);
}

static void
test_unbind(void)
{
	struct keymap *km = keymap_new();

	if (km == NULL)
		return;
	keymap_bind(km, KEYMAP_VIEW_GENERIC, 'j', KEYMAP_FN_MOVE_DOWN);
	keymap_bind(km, KEYMAP_VIEW_QUEUE, 'd', KEYMAP_FN_HIDE);
	CHECK(keymap_unbind(km, KEYMAP_VIEW_QUEUE, 'd'), "d was bound in queue");
	CHECK(keymap_lookup(km, KEYMAP_VIEW_QUEUE, 'd') == NULL, "d does nothing now");
	CHECK(keymap_unbind(km, KEYMAP_VIEW_QUEUE, 'j'), "j did something in queue");
	CHECK(keymap_lookup(km, KEYMAP_VIEW_QUEUE, 'j') == NULL,
	    "unbinding a generic key in a view stops the fallback there");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_PAGER, 'j'), KEYMAP_FN_MOVE_DOWN, "not elsewhere");
	CHECK(!keymap_unbind(km, KEYMAP_VIEW_QUEUE, 'j'), "twice: nothing to unbind");
	CHECK(!keymap_unbind(km, KEYMAP_VIEW_QUEUE, 'z'), "z was never bound");
	CHECK_INT(keymap_bind(km, KEYMAP_VIEW_QUEUE, 'j', KEYMAP_FN_HIDE), 0, "bind again");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_QUEUE, 'j'), KEYMAP_FN_HIDE, "after an unbind");
	CHECK(keymap_unbind(km, KEYMAP_VIEW_GENERIC, 'j'), "unbind in generic");
	CHECK(keymap_lookup(km, KEYMAP_VIEW_PAGER, 'j') == NULL, "gone from every view");
	keymap_free(km);
}

static void
test_macros(void)
{
	struct keymap *km = keymap_new();
	const struct keymap_binding *b;

	if (km == NULL)
		return;
	keymap_bind(km, KEYMAP_VIEW_QUEUE, 'S', KEYMAP_FN_BLOCK);
	CHECK_INT(keymap_macro(km, KEYMAP_VIEW_QUEUE, 'S', "T~r spam<Enter>;d"), 0, "a macro");
	b = keymap_lookup(km, KEYMAP_VIEW_QUEUE, 'S');
	CHECK(b != NULL && b->function == KEYMAP_FN_NONE, "a macro calls no function");
	CHECK(b != NULL && b->nmacro == 11, "eleven keys");
	if (b != NULL && b->macro != NULL && b->nmacro == 11) {
		CHECK_INT(b->macro[0], 'T', "T first");
		CHECK_INT(b->macro[8], KEYMAP_KEY_ENTER, "then Enter");
		CHECK_INT(b->macro[10], 'd', "d last");
		CHECK_STR(b->macro_text, "T~r spam<Enter>;d", "as written");
	} else {
		CHECK(0, "the macro has keys");
	}
	CHECK_INT(keymap_macro(km, KEYMAP_VIEW_QUEUE, 'S', ""), -2, "an empty macro");
	CHECK_INT(keymap_macro(km, KEYMAP_VIEW_QUEUE, 'S', "a\x01\x1c"), -2, "a bad sequence");
	b = keymap_lookup(km, KEYMAP_VIEW_QUEUE, 'S');
	CHECK(b != NULL && b->nmacro == 11, "a bad macro leaves the old one");
	CHECK_INT(keymap_bind(km, KEYMAP_VIEW_QUEUE, 'S', KEYMAP_FN_BLOCK), 0, "bind over it");
	b = keymap_lookup(km, KEYMAP_VIEW_QUEUE, 'S');
	CHECK(b != NULL && b->macro == NULL && b->function == KEYMAP_FN_BLOCK,
	    "a bind replaces a macro");
	CHECK_INT(keymap_macro(km, KEYMAP_VIEW_GENERIC, 'Z', "Q"), 0, "generic macro");
	b = keymap_lookup(km, KEYMAP_VIEW_QUEUE, 'Z');
	CHECK(b != NULL && b->nmacro == 1 && b->macro[0] == 'Q', "a generic macro in queue");
	keymap_free(km);
}

/* The help entry of name, or NULL. */
static const struct keymap_help *
help_find(const struct keymap_help *h, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(h[i].name, name) == 0)
			return &h[i];
	return NULL;
}

static void
test_help(void)
{
	struct keymap *km = keymap_new();
	const struct keymap_help *e;
	struct keymap_help *h;
	size_t n, i;
	bool in_order = true;

	if (km == NULL)
		return;
	keymap_bind(km, KEYMAP_VIEW_GENERIC, 'j', KEYMAP_FN_MOVE_DOWN);
	keymap_bind(km, KEYMAP_VIEW_GENERIC, KEYMAP_KEY_DOWN, KEYMAP_FN_MOVE_DOWN);
	keymap_bind(km, KEYMAP_VIEW_GENERIC, 'd', KEYMAP_FN_PAGE_DOWN);
	keymap_bind(km, KEYMAP_VIEW_GENERIC, 'q', KEYMAP_FN_BACK);
	keymap_bind(km, KEYMAP_VIEW_QUEUE, 'd', KEYMAP_FN_HIDE);
	keymap_macro(km, KEYMAP_VIEW_QUEUE, 'S', "T~r spam<Enter>");
	keymap_unbind(km, KEYMAP_VIEW_QUEUE, 'q');
	h = keymap_help(km, KEYMAP_VIEW_QUEUE, &n);
	CHECK(h != NULL && n > 0, "help for the queue");
	if (h == NULL) {
		keymap_free(km);
		return;
	}
	e = help_find(h, n, "hide");
	CHECK(e != NULL && strcmp(e->keys, "d") == 0 && e->view == KEYMAP_VIEW_QUEUE,
	    "hide on d, in the queue's table");
	CHECK(e != NULL && strcmp(e->text, keymap_function_help(KEYMAP_FN_HIDE)) == 0,
	    "with its help text");
	e = help_find(h, n, "move-down");
	CHECK(e != NULL && strcmp(e->keys, "j, <Down>") == 0 && e->view == KEYMAP_VIEW_GENERIC,
	    "move-down's keys joined, from generic");
	e = help_find(h, n, "page-down");
	CHECK(e != NULL && e->keys[0] == '\0', "page-down's only key is shadowed: unbound");
	e = help_find(h, n, "back");
	CHECK(e != NULL && e->keys[0] == '\0', "back's key is unbound in the queue");
	e = help_find(h, n, "macro");
	CHECK(e != NULL && strcmp(e->keys, "S") == 0 && strcmp(e->text, "T~r spam<Enter>") == 0,
	    "the macro with its keys");
	e = help_find(h, n, "dismiss");
	CHECK(e != NULL && e->keys[0] == '\0' && e->view == KEYMAP_VIEW_QUEUE,
	    "an unbound queue function is listed");
	CHECK(help_find(h, n, "line-down") == NULL, "no pager function");
	CHECK(help_find(h, n, "submit") == NULL, "no prompt function");
	/* bound entries first: the view's, then generic's, then the unbound */
	for (i = 1; i < n; i++)
		if ((h[i - 1].keys[0] == '\0' && h[i].keys[0] != '\0') ||
		    (h[i - 1].view == KEYMAP_VIEW_GENERIC && h[i].view == KEYMAP_VIEW_QUEUE &&
		    h[i].keys[0] != '\0'))
			in_order = false;
	CHECK(in_order, "the view's keys, generic's, then unbound functions");
	for (i = 0; i < n; i++)
		CHECK(help_find(h, i, h[i].name) == NULL || h[i].function == KEYMAP_FN_NONE,
		    "each function once");
	free(h);

	h = keymap_help(km, KEYMAP_VIEW_PROMPT, &n);
	CHECK(h != NULL && help_find(h, n, "move-down") == NULL,
	    "the prompt's help has no generic function");
	CHECK(h != NULL && help_find(h, n, "submit") != NULL, "but its own");
	free(h);
	h = keymap_help(km, KEYMAP_VIEW_COUNT, &n);
	CHECK(h == NULL && n == 0, "no help for no view");
	keymap_free(km);
}

static void
test_many_keys(void)
{
	struct keymap *km = keymap_new();
	struct keymap_help *h;
	const struct keymap_help *e;
	size_t n;
	int c;

	if (km == NULL)
		return;
	for (c = 'a'; c <= 'z'; c++)
		keymap_bind(km, KEYMAP_VIEW_GENERIC, c, KEYMAP_FN_TAG);
	for (c = 0; c < 100; c++)
		keymap_bind(km, KEYMAP_VIEW_GENERIC, KEYMAP_KEY_F1, KEYMAP_FN_HELP);
	h = keymap_help(km, KEYMAP_VIEW_GENERIC, &n);
	e = h ? help_find(h, n, "tag") : NULL;
	CHECK(e != NULL && strlen(e->keys) < sizeof e->keys &&
	    strcmp(e->keys + strlen(e->keys) - 5, ", ...") == 0, "a long list of keys is cut");
	e = h ? help_find(h, n, "help") : NULL;
	CHECK(e != NULL && strcmp(e->keys, "<F1>") == 0, "a key bound 100 times is one key");
	free(h);
	keymap_free(km);
}

static void
test_options(void)
{
	struct keymap *km = keymap_new();
	const char *const *items;
	char err[256];

	if (km == NULL)
		return;
	CHECK(keymap_option_bool(km, KEYMAP_OPT_CONFIRM_BULK), "confirm-bulk defaults to yes");
	CHECK_INT(keymap_option_int(km, KEYMAP_OPT_CONFIRM_THRESHOLD), 1, "threshold 1");
	CHECK_INT(keymap_option_list(km, KEYMAP_OPT_HIDE_REASONS, &items), 4, "four reasons");
	CHECK_STR(items[3], "personal data", "a reason with a space");
	CHECK_INT(keymap_option_enum(km, KEYMAP_OPT_SORT), KEYMAP_SORT_RECENT, "sort recent");
	CHECK_INT(keymap_option_enum(km, KEYMAP_OPT_LANGUAGE), KEYMAP_LANGUAGE_AUTO, "auto");
	CHECK_STR(keymap_option_string(km, KEYMAP_OPT_DATE_FORMAT), "%Y-%m-%d %H:%M", "dates");
	CHECK_INT(keymap_option_int(km, KEYMAP_OPT_REFRESH_SECONDS), 60, "refresh 60");

	CHECK_INT(keymap_set(km, KEYMAP_OPT_CONFIRM_BULK, "off", err, sizeof err), 0, "off");
	CHECK(!keymap_option_bool(km, KEYMAP_OPT_CONFIRM_BULK), "is no");
	CHECK_STR(keymap_option_string(km, KEYMAP_OPT_CONFIRM_BULK), "no", "shown as no");
	CHECK_INT(keymap_set(km, KEYMAP_OPT_CONFIRM_BULK, "maybe", err, sizeof err), -2, "maybe");
	CHECK_STR(err, "option confirm-bulk takes yes or no, not \"maybe\"", "why");
	CHECK(!keymap_option_bool(km, KEYMAP_OPT_CONFIRM_BULK), "a bad value changes nothing");
	CHECK_INT(keymap_set(km, KEYMAP_OPT_CONFIRM_THRESHOLD, "0", err, sizeof err), -2, "0");
	CHECK_STR(err, "option confirm-threshold takes a number from 1 to 1000000, not 0", "range");
	CHECK_INT(keymap_set(km, KEYMAP_OPT_CONFIRM_THRESHOLD, "5x", err, sizeof err), -2, "5x");
	CHECK_INT(keymap_set(km, KEYMAP_OPT_CONFIRM_THRESHOLD, "", err, sizeof err), -2, "empty");
	CHECK_INT(keymap_set(km, KEYMAP_OPT_CONFIRM_THRESHOLD, "99999999999999999999", err,
	    sizeof err), -2, "overflow");
	CHECK_INT(keymap_set(km, KEYMAP_OPT_CONFIRM_THRESHOLD, "25", err, sizeof err), 0, "25");
	CHECK_INT(keymap_option_int(km, KEYMAP_OPT_CONFIRM_THRESHOLD), 25, "is 25");
	CHECK_INT(keymap_set(km, KEYMAP_OPT_SORT, "count", err, sizeof err), 0, "count");
	CHECK_INT(keymap_option_enum(km, KEYMAP_OPT_SORT), KEYMAP_SORT_COUNT, "is count");
	CHECK_INT(keymap_set(km, KEYMAP_OPT_SORT, "oldest", err, sizeof err), 0, "oldest");
	CHECK_INT(keymap_option_enum(km, KEYMAP_OPT_SORT), KEYMAP_SORT_OLDEST, "is oldest");
	CHECK_INT(keymap_set(km, KEYMAP_OPT_SORT, "count|oldest", err, sizeof err), -2, "a|b");
	CHECK_INT(keymap_set(km, KEYMAP_OPT_SORT, "", err, sizeof err), -2, "empty choice");
	CHECK_INT(keymap_set(km, KEYMAP_OPT_LANGUAGE, "fr", err, sizeof err), 0, "fr");
	CHECK_INT(keymap_option_enum(km, KEYMAP_OPT_LANGUAGE), KEYMAP_LANGUAGE_FR, "is fr");
	CHECK_INT(keymap_set(km, KEYMAP_OPT_LANGUAGE, "de", err, sizeof err), -2, "de");
	CHECK_STR(err, "option language takes one of auto|fr|en, not \"de\"", "the choices");
	CHECK_INT(keymap_set(km, KEYMAP_OPT_HIDE_REASONS, " spam ,  doxxing", err, sizeof err), 0,
	    "a list");
	CHECK_INT(keymap_option_list(km, KEYMAP_OPT_HIDE_REASONS, &items), 2, "two");
	CHECK_STR(items[1], "doxxing", "trimmed");
	CHECK_STR(keymap_option_string(km, KEYMAP_OPT_HIDE_REASONS), "spam,doxxing", "canonical");
	CHECK_INT(keymap_set(km, KEYMAP_OPT_HIDE_REASONS, "spam,,x", err, sizeof err), -2, ",,");
	CHECK_INT(keymap_set(km, KEYMAP_OPT_HIDE_REASONS, "", err, sizeof err), -2, "empty list");
	CHECK_INT(keymap_option_list(km, KEYMAP_OPT_HIDE_REASONS, &items), 2, "unchanged");
	CHECK_INT(keymap_option_by_name("date-format"), KEYMAP_OPT_DATE_FORMAT, "by name");
	CHECK_INT(keymap_option_by_name("nope"), -1, "unknown");
	CHECK_STR(keymap_option_name(KEYMAP_OPT_REFRESH_SECONDS), "refresh-seconds", "name");
	keymap_free(km);
}

static void
test_colors(void)
{
	struct keymap *km = keymap_new();
	const struct keymap_color *c;

	if (km == NULL)
		return;
	c = keymap_color(km, KEYMAP_COLOR_ERROR);
	CHECK(c->fg == 1 && c->bg == -1 && c->attrs == KEYMAP_ATTR_BOLD, "error: bold red");
	c = keymap_color(km, KEYMAP_COLOR_DEFAULT);
	CHECK(c->fg == -1 && c->bg == -1 && c->attrs == 0, "default: the terminal's");
	CHECK_STR(keymap_color_object_name(KEYMAP_COLOR_SEARCH), "search", "object name");
	CHECK(keymap_color(km, KEYMAP_COLOR_COUNT) == NULL, "no such object");
	keymap_free(km);
}

int
main(void)
{
	RUN(test_tables);
	RUN(test_lookup_order);
	RUN(test_unbind);
	RUN(test_macros);
	RUN(test_help);
	RUN(test_many_keys);
	RUN(test_options);
	RUN(test_colors);
	return check_done("test_keymap");
}
