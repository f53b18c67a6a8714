/* The pupitrerc language: each directive, quoting and comments, and each
 * mistake reported with its file, line and reason while the rest loads. */
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "../../keymaps/keymap.h"

static enum keymap_function
fn_of(const struct keymap *km, enum keymap_view view, int key)
{
	const struct keymap_binding *b = keymap_lookup(km, view, key);

	return b ? b->function : KEYMAP_FN_NONE;
}

/* Loads text as file "rc" into a new keymap. */
static struct keymap *
load(const char *text, int *bad)
{
	struct keymap *km = keymap_new();

	if (km != NULL)
		*bad = keymap_load_buffer(km, "rc", text);
	return km;
}

static void
test_bind(void)
{
	int bad = -1;
	struct keymap *km = load(
	    "# a comment\n"
	    "\n"
	    "   \t  \n"
	    "bind generic j move-down   # a comment after\n"
	    "bind queue ^X hide\n"
	    "bind queue <F5> refresh\n"
	    "bind queue é escalate\n"
	    "bind\tpager\t<Space>\tline-down\n"
	    "bind generic \"#\" help\n"
	    "bind generic \\# help\n"
	    "bind queue \"<PageDown>\" block\n"
	    "bind generic \\\" first\n"
	    "bind prompt ^L redraw\r\n"
	    "bind generic \"\\\\\" last", &bad);

	if (km == NULL)
		return;
	CHECK_INT(bad, 0, "no bad line");
	CHECK_INT(keymap_message_count(km), 0, "no message");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_QUEUE, 'j'), KEYMAP_FN_MOVE_DOWN, "bind generic");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_QUEUE, 24), KEYMAP_FN_HIDE, "bind a control key");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_QUEUE, KEYMAP_KEY_F(5)), KEYMAP_FN_REFRESH, "<F5>");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_QUEUE, 0xe9), KEYMAP_FN_ESCALATE, "a UTF-8 key");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_PAGER, ' '), KEYMAP_FN_LINE_DOWN, "tabs separate");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_GENERIC, '#'), KEYMAP_FN_HELP, "a quoted #");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_QUEUE, KEYMAP_KEY_PGDN), KEYMAP_FN_BLOCK, "quoted name");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_GENERIC, '"'), KEYMAP_FN_FIRST, "an escaped quote");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_PROMPT, 12), KEYMAP_FN_REDRAW, "CRLF line ends");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_GENERIC, '\\'), KEYMAP_FN_LAST, "a backslash key");
	keymap_free(km);
}

static void
test_unbind_macro_set_color(void)
{
	int bad = -1;
	const char *const *items;
	const struct keymap_binding *b;
	const struct keymap_color *c;
	struct keymap *km = load(
	    "bind generic q back\n"
	    "bind queue d hide\n"
	    "unbind queue d\n"
	    "unbind queue q\n"
	    "macro queue S \"T~r spam\\n;d\"\n"
	    "macro generic <F2> \":set sort count<Enter>\"\n"
	    "set confirm-bulk no\n"
	    "set confirm-threshold 10\n"
	    "set hide-reasons \"spam, hate speech\"\n"
	    "set sort oldest\n"
	    "set language fr\n"
	    "set date-format \"%d/%m/%Y %Hh%M\"\n"
	    "set refresh-seconds 0\n"
	    "color cursor white blue bold underline\n"
	    "color search color208 default\n"
	    "colour header brightyellow 17 REVERSE\n"
	    "color error default default normal\n", &bad);

	if (km == NULL)
		return;
	CHECK_INT(bad, 0, "no bad line");
	CHECK(keymap_lookup(km, KEYMAP_VIEW_QUEUE, 'd') == NULL, "unbind d");
	CHECK(keymap_lookup(km, KEYMAP_VIEW_QUEUE, 'q') == NULL, "unbind q in queue");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_PAGER, 'q'), KEYMAP_FN_BACK, "q still backs in pager");
	b = keymap_lookup(km, KEYMAP_VIEW_QUEUE, 'S');
	CHECK(b != NULL && b->nmacro == 11 && b->macro[8] == KEYMAP_KEY_ENTER &&
	    b->macro[10] == 'd', "a macro with \\n for Enter");
	b = keymap_lookup(km, KEYMAP_VIEW_PAGER, KEYMAP_KEY_F(2));
	CHECK(b != NULL && b->nmacro == 16 && b->macro[0] == ':', "a generic macro");
	CHECK(!keymap_option_bool(km, KEYMAP_OPT_CONFIRM_BULK), "set a bool");
	CHECK_INT(keymap_option_int(km, KEYMAP_OPT_CONFIRM_THRESHOLD), 10, "set an int");
	CHECK_INT(keymap_option_list(km, KEYMAP_OPT_HIDE_REASONS, &items), 2, "set a list");
	CHECK_STR(items[1], "hate speech", "quoted, with a space");
	CHECK_INT(keymap_option_enum(km, KEYMAP_OPT_SORT), KEYMAP_SORT_OLDEST, "set an enum");
	CHECK_INT(keymap_option_enum(km, KEYMAP_OPT_LANGUAGE), KEYMAP_LANGUAGE_FR, "language");
	CHECK_STR(keymap_option_string(km, KEYMAP_OPT_DATE_FORMAT), "%d/%m/%Y %Hh%M", "string");
	CHECK_INT(keymap_option_int(km, KEYMAP_OPT_REFRESH_SECONDS), 0, "0 is allowed");
	c = keymap_color(km, KEYMAP_COLOR_CURSOR);
	CHECK(c->fg == 7 && c->bg == 4 &&
	    c->attrs == (KEYMAP_ATTR_BOLD | KEYMAP_ATTR_UNDERLINE), "colour by name, attrs");
	c = keymap_color(km, KEYMAP_COLOR_SEARCH);
	CHECK(c->fg == 208 && c->bg == -1 && c->attrs == 0, "colorN and default");
	c = keymap_color(km, KEYMAP_COLOR_HEADER);
	CHECK(c->fg == 11 && c->bg == 17 && c->attrs == KEYMAP_ATTR_REVERSE,
	    "bright, a number, attrs in capitals, colour spelt colour");
	c = keymap_color(km, KEYMAP_COLOR_ERROR);
	CHECK(c->fg == -1 && c->bg == -1 && c->attrs == 0, "normal: no attribute");
	keymap_free(km);
}

/* Every mistake, one per line, each followed by a good line. */
static void
test_errors(void)
{
	static const struct {
		const char *line;
		const char *reason;
	} cases[] = {
		{ "frobnicate queue d hide", "unknown command \"frobnicate\" (the commands are "
		    "bind, unbind, macro, set and color)" },
		{ "bind queue d", "usage: bind VIEW KEY FUNCTION" },
		{ "bind queue d hide now", "usage: bind VIEW KEY FUNCTION" },
		{ "bind queu d hide", "unknown view \"queu\" (the views are: generic, queue, "
		    "pager, prompt, proposals, proposal, audit, stats, top)" },
		{ "bind queue dd hide", "bad key \"dd\": write a character, ^X, or a name such "
		    "as <PageDown>" },
		{ "bind queue <PgDown> hide", "bad key \"<PgDown>\": write a character, ^X, or a "
		    "name such as <PageDown>" },
		{ "bind queue d hid", "unknown function \"hid\"" },
		{ "bind pager d hide", "function hide cannot be bound in view pager" },
		{ "bind generic d hide", "function hide cannot be bound in view generic" },
		{ "unbind queue", "usage: unbind VIEW KEY" },
		{ "unbind queue z", "key z is not bound in view queue" },
		{ "unbind nowhere z", "unknown view \"nowhere\" (the views are: generic, queue, "
		    "pager, prompt, proposals, proposal, audit, stats, top)" },
		{ "macro queue S", "usage: macro VIEW KEY \"KEYS\"" },
		{ "macro queue S \"\"", "bad key sequence \"\" (empty, a control character, or "
		    "more than 256 keys)" },
		{ "macro queue ^ \"x\"", NULL },	/* ^ alone is a key: fine */
		{ "set", "usage: set OPTION VALUE" },
		{ "set confirm-bulk", "usage: set OPTION VALUE" },
		{ "set confirm_bulk yes", "unknown option \"confirm_bulk\"" },
		{ "set confirm-bulk 2", "option confirm-bulk takes yes or no, not \"2\"" },
		{ "set confirm-threshold many", "option confirm-threshold takes a whole number, "
		    "not \"many\"" },
		{ "set refresh-seconds -1", "option refresh-seconds takes a number from 0 to "
		    "86400, not -1" },
		{ "set sort newest", "option sort takes one of recent|count|oldest, not "
		    "\"newest\"" },
		{ "set hide-reasons \"spam,\"", "option hide-reasons takes a comma-separated list "
		    "with no empty item, not \"spam,\"" },
		{ "color cursor", "usage: color OBJECT FG BG [ATTRIBUTE...]" },
		{ "color cursr red blue", "unknown colour object \"cursr\"" },
		{ "color cursor rouge blue", "unknown colour \"rouge\" (a name such as red, "
		    "brightred, default, or a number from 0 to 255)" },
		{ "color cursor red 256", "unknown colour \"256\" (a name such as red, brightred, "
		    "default, or a number from 0 to 255)" },
		{ "color cursor red blue shiny", "unknown attribute \"shiny\"" },
		{ "bind queue \"d hide", "a quote is not closed" },
		{ "bind queue d hide \\", "a backslash ends the line" },
		{ "set a b c d e f g h i j k l m n o p q", "too many words (at most 16)" },
	};
	size_t n = sizeof cases / sizeof cases[0], i, msg = 0, text_size = 0;
	char *text, *p;
	struct keymap *km;
	int bad, expected = 0;

	for (i = 0; i < n; i++)
		text_size += strlen(cases[i].line) + 64;
	text = malloc(text_size + 1);
	if (text == NULL)
		return;
	p = text;
	/* line 2i+1 is the case, line 2i+2 binds F(i % 12 + 1) in a view */
	for (i = 0; i < n; i++)
		p += snprintf(p, text_size - (size_t)(p - text), "%s\nbind top <F%zu> help\n",
		    cases[i].line, i % 12 + 1);
	km = keymap_new();
	if (km == NULL) {
		free(text);
		return;
	}
	bad = keymap_load_buffer(km, "pupitrerc", text);
	for (i = 0; i < n; i++)
		expected += cases[i].reason != NULL;
	CHECK_INT(bad, expected, "one bad line per mistake");
	CHECK_INT(keymap_message_count(km), expected, "one message per bad line");
	for (i = 0; i < n; i++) {
		const struct keymap_message *m;
		char want[512];

		if (cases[i].reason == NULL)
			continue;
		m = keymap_message(km, msg++);
		if (m == NULL)
			break;
		CHECK_STR(m->file, "pupitrerc", cases[i].line);
		CHECK_INT(m->line, (int)(2 * i + 1), cases[i].line);
		CHECK_STR(m->reason, cases[i].reason, cases[i].line);
		snprintf(want, sizeof want, "pupitrerc:%zu: %s", 2 * i + 1, cases[i].reason);
		CHECK_STR(m->text, want, cases[i].line);
	}
	for (i = 1; i <= 12; i++)
		CHECK_INT(fn_of(km, KEYMAP_VIEW_TOP, KEYMAP_KEY_F((int)i)), KEYMAP_FN_HELP,
		    "the good lines after bad ones loaded");
	CHECK(keymap_lookup(km, KEYMAP_VIEW_QUEUE, 'd') == NULL, "no bad line half-applied");
	CHECK_INT(keymap_option_int(km, KEYMAP_OPT_REFRESH_SECONDS), 60, "a bad set changes nothing");
	keymap_messages_clear(km);
	CHECK_INT(keymap_message_count(km), 0, "messages cleared");
	keymap_free(km);
	free(text);
}

static void
test_too_many_errors(void)
{
	struct keymap *km = keymap_new();
	const struct keymap_message *m;
	size_t i;
	char *text = malloc(200 * 6 + 1);

	if (km == NULL || text == NULL) {
		keymap_free(km);
		free(text);
		return;
	}
	for (i = 0; i < 200; i++)
		memcpy(text + 6 * i, "oops!\n", 6);
	text[6 * 200] = '\0';
	CHECK_INT(keymap_load_buffer(km, "rc", text), 200, "200 bad lines");
	CHECK_INT(keymap_message_count(km), 101, "a hundred messages and one more");
	m = keymap_message(km, 100);
	CHECK(m != NULL && strcmp(m->text, "too many errors: the others are not shown") == 0,
	    "the last says the rest is not shown");
	CHECK(keymap_message(km, 101) == NULL, "none past the end");
	keymap_free(km);
	free(text);
}

static void
test_exec(void)
{
	struct keymap *km = keymap_new();
	char err[256] = "";

	if (km == NULL)
		return;
	CHECK_INT(keymap_exec(km, "bind queue x hide", err, sizeof err), 0, "a command line");
	CHECK_INT(fn_of(km, KEYMAP_VIEW_QUEUE, 'x'), KEYMAP_FN_HIDE, "applied");
	CHECK_INT(keymap_exec(km, "set sort sideways", err, sizeof err), -1, "a bad one");
	CHECK_STR(err, "option sort takes one of recent|count|oldest, not \"sideways\"", "why");
	CHECK_INT(keymap_exec(km, "  # nothing", err, sizeof err), 0, "a comment does nothing");
	CHECK_INT(keymap_message_count(km), 0, "the prompt's errors are not messages");
	keymap_free(km);
}

static void
test_files(void)
{
	char dir[] = "/tmp/test_keymap_rc.XXXXXX", path[128];
	const struct keymap_message *m;
	struct keymap *km;
	FILE *f;

	if (mkdtemp(dir) == NULL) {
		CHECK(0, "a temporary directory");
		return;
	}
	snprintf(path, sizeof path, "%s/rc", dir);
	f = fopen(path, "w");
	if (f == NULL) {
		CHECK(0, "a temporary file");
		rmdir(dir);
		return;
	}
	/* a byte order mark, a NUL byte, a line with no newline at the end */
	static const char content[] = "\xef\xbb\xbf" "bind queue x hide\n"
	    "bind queue y\0 block\nbind queue w bloc\nbind queue z block";
	fwrite(content, 1, sizeof content - 1, f);
	fclose(f);
	km = keymap_new();
	if (km != NULL) {
		CHECK_INT(keymap_load_file(km, path), 2, "two bad lines");
		CHECK_INT(fn_of(km, KEYMAP_VIEW_QUEUE, 'x'), KEYMAP_FN_HIDE, "after a BOM");
		CHECK_INT(fn_of(km, KEYMAP_VIEW_QUEUE, 'z'), KEYMAP_FN_BLOCK, "no final newline");
		CHECK(keymap_lookup(km, KEYMAP_VIEW_QUEUE, 'y') == NULL, "not with a NUL");
		m = keymap_message(km, 0);
		CHECK(m != NULL && m->line == 2 && strcmp(m->reason, "a NUL byte in the line") == 0,
		    "the NUL is reported on line 2");
		m = keymap_message(km, 1);
		CHECK(m != NULL && m->line == 3 && strcmp(m->file, path) == 0,
		    "the file's path and line 3");
		keymap_messages_clear(km);
		unlink(path);
		CHECK_INT(keymap_load_file(km, path), -1, "a missing file");
		m = keymap_message(km, 0);
		CHECK(m != NULL && m->line == 0 &&
		    strcmp(m->reason, "cannot read the file: No such file or directory") == 0,
		    "says why it cannot be read");
		keymap_free(km);
	}
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	RUN(test_bind);
	RUN(test_unbind_macro_set_color);
	RUN(test_errors);
	RUN(test_too_many_errors);
	RUN(test_exec);
	RUN(test_files);
	return check_done("test_keymap_rc");
}
