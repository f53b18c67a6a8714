/* The default keymaps shipped in keymaps/: they load without a message and
 * give every function its documented key; finding them and the user's
 * pupitrerc. Run from the top of the source tree (tests/unit/run does). */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "../../keymaps/keymap.h"

static enum keymap_function
fn_of(const struct keymap *km, enum keymap_view view, int key)
{
	const struct keymap_binding *b = keymap_lookup(km, view, key);

	return b ? b->function : KEYMAP_FN_NONE;
}

static struct keymap *
defaults(void)
{
	struct keymap *km = keymap_new();
	size_t i;

	if (km == NULL)
		return NULL;
	CHECK_INT(keymap_load_defaults(km, "keymaps"), 0, "the defaults have no bad line");
	CHECK_INT(keymap_message_count(km), 0, "and no message");
	for (i = 0; i < keymap_message_count(km); i++)
		printf("# %s\n", keymap_message(km, i)->text);
	return km;
}

static void
test_keys_of_the_queue(void)
{
	static const struct {
		const char *key;
		enum keymap_function fn;
	} keys[] = {
		/* the queue's own */
		{ "d", KEYMAP_FN_HIDE }, { "u", KEYMAP_FN_RESTORE }, { "a", KEYMAP_FN_DISMISS },
		{ "B", KEYMAP_FN_BLOCK }, { "E", KEYMAP_FN_ESCALATE }, { "o", KEYMAP_FN_SORT },
		{ "$", KEYMAP_FN_REFRESH },
		/* from generic */
		{ "j", KEYMAP_FN_MOVE_DOWN }, { "<Down>", KEYMAP_FN_MOVE_DOWN },
		{ "k", KEYMAP_FN_MOVE_UP }, { "<Up>", KEYMAP_FN_MOVE_UP },
		{ "<PageDown>", KEYMAP_FN_PAGE_DOWN }, { "<PageUp>", KEYMAP_FN_PAGE_UP },
		{ "<Home>", KEYMAP_FN_FIRST }, { "<End>", KEYMAP_FN_LAST },
		{ "<Enter>", KEYMAP_FN_OPEN }, { "q", KEYMAP_FN_BACK }, { "Q", KEYMAP_FN_QUIT },
		{ "?", KEYMAP_FN_HELP }, { ":", KEYMAP_FN_COMMAND }, { "/", KEYMAP_FN_SEARCH },
		{ "n", KEYMAP_FN_SEARCH_NEXT }, { "N", KEYMAP_FN_SEARCH_PREV },
		{ "t", KEYMAP_FN_TAG }, { "T", KEYMAP_FN_TAG_PATTERN },
		{ "^T", KEYMAP_FN_UNTAG_PATTERN }, { ";", KEYMAP_FN_TAG_PREFIX },
		{ "l", KEYMAP_FN_LIMIT }, { "^L", KEYMAP_FN_REDRAW },
		{ "<Esc>", KEYMAP_FN_CANCEL }, { "^C", KEYMAP_FN_CANCEL },
	};
	struct keymap *km = defaults();
	size_t i;

	if (km == NULL)
		return;
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		CHECK_INT(fn_of(km, KEYMAP_VIEW_QUEUE, keymap_key_parse(keys[i].key)), keys[i].fn,
		    keys[i].key);
	keymap_free(km);
}

static void
test_keys_of_pager_and_prompt(void)
{
	struct keymap *km = defaults();

	if (km == NULL)
		return;
	CHECK_INT(fn_of(km, KEYMAP_VIEW_PAGER, 'j'), KEYMAP_FN_LINE_DOWN, "pager j");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_PAGER, 'k'), KEYMAP_FN_LINE_UP, "pager k");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_PAGER, 'd'), KEYMAP_FN_HALF_PAGE_DOWN, "pager d");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_PAGER, 'u'), KEYMAP_FN_HALF_PAGE_UP, "pager u");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_PAGER, '/'), KEYMAP_FN_SEARCH, "pager / from generic");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_PAGER, 'q'), KEYMAP_FN_BACK, "pager q from generic");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_PROMPT, KEYMAP_KEY_UP), KEYMAP_FN_HISTORY_PREV, "Up");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_PROMPT, KEYMAP_KEY_DOWN), KEYMAP_FN_HISTORY_NEXT, "Down");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_PROMPT, KEYMAP_KEY_TAB), KEYMAP_FN_COMPLETE, "Tab");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_PROMPT, KEYMAP_KEY_ENTER), KEYMAP_FN_SUBMIT, "Enter");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_PROMPT, KEYMAP_KEY_ESC), KEYMAP_FN_ABORT, "Esc");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_PROMPT, KEYMAP_KEY_BACKSPACE), KEYMAP_FN_DELETE_BEFORE,
	    "Backspace");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_PROMPT, KEYMAP_KEY_CTRL('w')), KEYMAP_FN_KILL_WORD, "^W");
	CHECK(keymap_lookup(km, KEYMAP_VIEW_PROMPT, 'q') == NULL, "q is text in the prompt");
	CHECK(keymap_lookup(km, KEYMAP_VIEW_PROMPT, 'j') == NULL, "j is text in the prompt");
	keymap_free(km);
}

/* Each function has a key in its own view (a generic one in generic: the
 * pager may give its keys to line-down and line-up). */
static void
test_every_function_bound(void)
{
	struct keymap *km = defaults();
	struct keymap_help *h;
	size_t n, i;
	int v, f, listed = 0, expected = 0;

	if (km == NULL)
		return;
	/* once in each view of its own (refresh: the queue and the proposals) */
	for (f = 1; f < KEYMAP_FN_COUNT; f++)
		for (v = 0; v < KEYMAP_VIEW_COUNT; v++)
			expected += (keymap_function_views((enum keymap_function)f) >> v) & 1;
	for (v = 0; v < KEYMAP_VIEW_COUNT; v++) {
		h = keymap_help(km, (enum keymap_view)v, &n);
		for (i = 0; h != NULL && i < n; i++) {
			char what[96];

			if (!(keymap_function_views(h[i].function) & (1u << v)))
				continue;
			listed++;
			snprintf(what, sizeof what, "%s has a key in %s", h[i].name,
			    keymap_view_name((enum keymap_view)v));
			CHECK(h[i].keys[0] != '\0', what);
		}
		free(h);
	}
	CHECK_INT(listed, expected, "every function was seen in each of its views");
	keymap_free(km);
}

static void
test_help_of_the_queue(void)
{
	struct keymap *km = defaults();
	struct keymap_help *h;
	size_t n;

	if (km == NULL)
		return;
	h = keymap_help(km, KEYMAP_VIEW_QUEUE, &n);
	CHECK(h != NULL && n == 29, "the queue's help: 7 queue and 22 generic functions");
	if (h != NULL && n > 0) {
		CHECK_STR(h[0].name, "hide", "the queue's keys first");
		CHECK_STR(h[0].keys, "d", "hide on d");
		CHECK_STR(h[7].name, "move-down", "then generic's");
		CHECK_STR(h[7].keys, "j, <Down>", "all of its keys");
		CHECK_STR(h[n - 2].name, "cancel", "in the order of the table");
		CHECK_STR(h[n - 2].keys, "<Esc>, ^C", "cancel's keys");
		CHECK_STR(h[n - 1].name, "top", "the top view last, declared after the views' own");
		CHECK_STR(h[n - 1].keys, "h", "top on h");
	}
	free(h);
	keymap_free(km);
}

static int
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static void
test_finding(void)
{
	char tmp[] = "/tmp/test_keymap_defaults.XXXXXX";
	char path[256], dir[256], argv0[256], old_xdg[256] = "", old_home[256] = "";
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	struct keymap *km;

	if (mkdtemp(tmp) == NULL) {
		CHECK(0, "a temporary directory");
		return;
	}
	if (xdg != NULL)
		snprintf(old_xdg, sizeof old_xdg, "%s", xdg);
	if (home != NULL)
		snprintf(old_home, sizeof old_home, "%s", home);

	CHECK_INT(keymap_find_defaults("./pupitre", dir, sizeof dir), 0, "the build tree's");
	CHECK_STR(dir, "./keymaps", "next to the program");
	snprintf(argv0, sizeof argv0, "%s/pupitre", tmp);
	CHECK(keymap_find_defaults(argv0, dir, sizeof dir) != 0 ||
	    strstr(dir, "/pupitre/keymaps") != NULL, "else the installed ones");

	snprintf(path, sizeof path, "%s/keymaps", tmp);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/keymaps/generic.keys", tmp);
	write_file(path, "bind generic x quit\n");
	CHECK_INT(keymap_find_defaults(argv0, dir, sizeof dir), 0, "a directory with generic.keys");
	snprintf(path, sizeof path, "%s/keymaps", tmp);
	CHECK_STR(dir, path, "is found next to the program");
	km = keymap_new();
	if (km != NULL) {
		CHECK_INT(keymap_load_defaults(km, dir), 0, "only generic.keys: that is enough");
		CHECK_INT(fn_of(km, KEYMAP_VIEW_QUEUE, 'x'), KEYMAP_FN_QUIT, "loaded");
		CHECK_INT(keymap_load_defaults(km, "/nonexistent"), -1, "no generic.keys");
		CHECK(keymap_message_count(km) == 1 &&
		    strstr(keymap_message(km, 0)->text, "/nonexistent/generic.keys") != NULL,
		    "says which file is missing");
		keymap_free(km);
	}

	setenv("XDG_CONFIG_HOME", "/x/config", 1);
	CHECK_INT(keymap_user_rc(path, sizeof path), 0, "with XDG_CONFIG_HOME");
	CHECK_STR(path, "/x/config/pupitre/pupitrerc", "under it");
	setenv("XDG_CONFIG_HOME", "relative", 1);
	setenv("HOME", "/home/agent", 1);
	CHECK_INT(keymap_user_rc(path, sizeof path), 0, "a relative one is ignored");
	CHECK_STR(path, "/home/agent/.config/pupitre/pupitrerc", "under HOME");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	CHECK_INT(keymap_user_rc(path, sizeof path), -1, "neither: no file");
	CHECK_INT(keymap_user_rc(path, 8), -1, "too long a path");

	/* the whole start: defaults, then the user's file over them */
	snprintf(path, sizeof path, "%s/config", tmp);
	mkdir(path, 0700);
	setenv("XDG_CONFIG_HOME", path, 1);
	snprintf(path, sizeof path, "%s/config/pupitre", tmp);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/config/pupitre/pupitrerc", tmp);
	write_file(path, "bind queue d escalate\nbind queue x nothing\n");
	km = keymap_new();
	if (km != NULL) {
		CHECK_INT(keymap_load_all(km, "./pupitre"), 1, "one message: the user's bad line");
		CHECK(keymap_message_count(km) == 1 && keymap_message(km, 0)->line == 2 &&
		    strcmp(keymap_message(km, 0)->file, path) == 0, "at line 2 of pupitrerc");
		CHECK_INT(fn_of(km, KEYMAP_VIEW_QUEUE, 'd'), KEYMAP_FN_ESCALATE, "the user's wins");
		CHECK_INT(fn_of(km, KEYMAP_VIEW_QUEUE, 'a'), KEYMAP_FN_DISMISS, "defaults stay");
		keymap_free(km);
	}
	unlink(path);
	km = keymap_new();
	if (km != NULL) {
		CHECK_INT(keymap_load_all(km, "./pupitre"), 0, "no pupitrerc is no error");
		CHECK_INT(fn_of(km, KEYMAP_VIEW_QUEUE, 'd'), KEYMAP_FN_HIDE, "the defaults");
		keymap_free(km);
	}
	km = keymap_new();
	if (km != NULL) {
		CHECK_INT(keymap_load_all(km, "pupitre"), keymap_find_defaults("pupitre", dir,
		    sizeof dir) == 0 ? 0 : 1, "no defaults installed: one message");
		keymap_free(km);
	}

	snprintf(path, sizeof path, "%s/config/pupitre", tmp);
	rmdir(path);
	snprintf(path, sizeof path, "%s/config", tmp);
	rmdir(path);
	snprintf(path, sizeof path, "%s/keymaps/generic.keys", tmp);
	unlink(path);
	snprintf(path, sizeof path, "%s/keymaps", tmp);
	rmdir(path);
	rmdir(tmp);
	if (old_xdg[0] != '\0')
		setenv("XDG_CONFIG_HOME", old_xdg, 1);
	else
		unsetenv("XDG_CONFIG_HOME");
	if (old_home[0] != '\0')
		setenv("HOME", old_home, 1);
}

int
main(void)
{
	RUN(test_keys_of_the_queue);
	RUN(test_keys_of_pager_and_prompt);
	RUN(test_every_function_bound);
	RUN(test_help_of_the_queue);
	RUN(test_finding);
	return check_done("test_keymap_defaults");
}
