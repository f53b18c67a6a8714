/* Key names both ways: what a pupitrerc may write, and what the help
 * screen shows for each key. */
#include "check.h"
#include "../../keymaps/keymap.h"

static void
test_parse_characters(void)
{
	CHECK_INT(keymap_key_parse("j"), 'j', "a letter is its code");
	CHECK_INT(keymap_key_parse("$"), '$', "a sign is its code");
	CHECK_INT(keymap_key_parse("é"), 0xe9, "UTF-8 é is U+00E9");
	CHECK_INT(keymap_key_parse("€"), 0x20ac, "three-byte UTF-8");
	CHECK_INT(keymap_key_parse("😀"), 0x1f600, "four-byte UTF-8");
	CHECK_INT(keymap_key_parse("^"), '^', "a caret alone is a caret");
	CHECK_INT(keymap_key_parse("<"), '<', "a < alone is a <");
	CHECK_INT(keymap_key_parse("<Space>"), ' ', "<Space> is a space");
	CHECK_INT(keymap_key_parse("<space>"), ' ', "names are case-insensitive");
}

static void
test_parse_control(void)
{
	CHECK_INT(keymap_key_parse("^T"), 20, "^T is 20");
	CHECK_INT(keymap_key_parse("^t"), 20, "^t is ^T");
	CHECK_INT(keymap_key_parse("^A"), 1, "^A is 1");
	CHECK_INT(keymap_key_parse("^Z"), 26, "^Z is 26");
	CHECK_INT(keymap_key_parse("^I"), KEYMAP_KEY_TAB, "^I is Tab");
	CHECK_INT(keymap_key_parse("^M"), KEYMAP_KEY_ENTER, "^M is Enter");
	CHECK_INT(keymap_key_parse("^J"), KEYMAP_KEY_ENTER, "^J is Enter");
	CHECK_INT(keymap_key_parse("^H"), KEYMAP_KEY_BACKSPACE, "^H is Backspace");
	CHECK_INT(keymap_key_parse("^["), KEYMAP_KEY_ESC, "^[ is Esc");
	CHECK_INT(keymap_key_parse("^?"), KEYMAP_KEY_BACKSPACE, "^? is Backspace");
}

static void
test_parse_named(void)
{
	static const struct {
		const char *name;
		int key;
	} named[] = {
		{ "<Up>", KEYMAP_KEY_UP }, { "<Down>", KEYMAP_KEY_DOWN },
		{ "<Left>", KEYMAP_KEY_LEFT }, { "<Right>", KEYMAP_KEY_RIGHT },
		{ "<PageUp>", KEYMAP_KEY_PGUP }, { "<PageDown>", KEYMAP_KEY_PGDN },
		{ "<PgUp>", KEYMAP_KEY_PGUP }, { "<PgDn>", KEYMAP_KEY_PGDN },
		{ "<Home>", KEYMAP_KEY_HOME }, { "<End>", KEYMAP_KEY_END },
		{ "<Enter>", KEYMAP_KEY_ENTER }, { "<Return>", KEYMAP_KEY_ENTER },
		{ "<Esc>", KEYMAP_KEY_ESC }, { "<Tab>", KEYMAP_KEY_TAB },
		{ "<Backspace>", KEYMAP_KEY_BACKSPACE }, { "<Delete>", KEYMAP_KEY_DELETE },
		{ "<F1>", KEYMAP_KEY_F1 }, { "<F5>", KEYMAP_KEY_F(5) },
		{ "<F10>", KEYMAP_KEY_F(10) }, { "<f12>", KEYMAP_KEY_F12 },
		{ "<PAGEDOWN>", KEYMAP_KEY_PGDN },
	};
	size_t i;

	for (i = 0; i < sizeof named / sizeof named[0]; i++)
		CHECK_INT(keymap_key_parse(named[i].name), named[i].key, named[i].name);
}

static void
test_parse_bad(void)
{
	static const char *const bad[] = {
		"", "jk", "^1", "^^", "<Foo>", "<F0>", "<F13>", "<F01>", "<>", "\x1c",
		"\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc2\x85",
		"<Up", "^TT",
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char what[64];

		snprintf(what, sizeof what, "bad key %zu is refused", i);
		CHECK_INT(keymap_key_parse(bad[i]), -1, what);
	}
	CHECK_INT(keymap_key_parse("\t"), KEYMAP_KEY_TAB, "a quoted tab is <Tab>");
}

static void
test_names(void)
{
	char buf[KEYMAP_KEY_NAME_MAX];

	CHECK_STR(keymap_key_name('j', buf, sizeof buf), "j", "a letter");
	CHECK_STR(keymap_key_name(0xe9, buf, sizeof buf), "é", "é as UTF-8");
	CHECK_STR(keymap_key_name(0x1f600, buf, sizeof buf), "😀", "four bytes");
	CHECK_STR(keymap_key_name(20, buf, sizeof buf), "^T", "a control key");
	CHECK_STR(keymap_key_name(' ', buf, sizeof buf), "<Space>", "the space bar");
	CHECK_STR(keymap_key_name(KEYMAP_KEY_PGDN, buf, sizeof buf), "<PageDown>",
	    "the first name of a named key");
	CHECK_STR(keymap_key_name(KEYMAP_KEY_F12, buf, sizeof buf), "<F12>", "F12");
	CHECK_STR(keymap_key_name(KEYMAP_KEY_ESC, buf, sizeof buf), "<Esc>", "Esc");
	CHECK_STR(keymap_key_name(KEYMAP_KEY_RESIZE, buf, sizeof buf), "<Resize>", "resize");
	CHECK(keymap_key_name(9, buf, sizeof buf) == NULL, "raw Tab is not a key: <Tab> is");
	CHECK(keymap_key_name(0, buf, sizeof buf) == NULL, "0 is no key");
	CHECK(keymap_key_name(KEYMAP_KEY_LAST + 1, buf, sizeof buf) == NULL, "past the last");
	CHECK(keymap_key_name(KEYMAP_KEY_PGDN, buf, 4) == NULL, "too small a buffer");
}

/* Every valid key's name parses back to the key. */
static void
test_round_trip(void)
{
	char buf[KEYMAP_KEY_NAME_MAX];
	int key, bad = 0, count = 0;

	for (key = 1; key <= KEYMAP_KEY_LAST; key++) {
		if (key == 0x3000)
			key = KEYMAP_KEY_SPECIAL;	/* the rest of Unicode is alike */
		if (!keymap_key_valid(key))
			continue;
		count++;
		if (keymap_key_name(key, buf, sizeof buf) == NULL ||
		    keymap_key_parse(buf) != key) {
			if (bad++ < 5)
				printf("# key %d does not round-trip (%s)\n", key, buf);
		}
	}
	CHECK_INT(bad, 0, "every key's name parses back to it");
	CHECK(count > 12000, "the loop saw the keys");
}

static void
test_normalize(void)
{
	CHECK_INT(keymap_key_normalize('\t'), KEYMAP_KEY_TAB, "9 is Tab");
	CHECK_INT(keymap_key_normalize('\n'), KEYMAP_KEY_ENTER, "10 is Enter");
	CHECK_INT(keymap_key_normalize('\r'), KEYMAP_KEY_ENTER, "13 is Enter");
	CHECK_INT(keymap_key_normalize(27), KEYMAP_KEY_ESC, "27 is Esc");
	CHECK_INT(keymap_key_normalize(127), KEYMAP_KEY_BACKSPACE, "127 is Backspace");
	CHECK_INT(keymap_key_normalize(8), KEYMAP_KEY_BACKSPACE, "8 is Backspace");
	CHECK_INT(keymap_key_normalize(20), 20, "^T stays");
	CHECK_INT(keymap_key_normalize('x'), 'x', "x stays");
}

static void
test_sequences(void)
{
	int keys[8];

	CHECK_INT(keymap_keys_parse("T~r spam<Enter>", keys, 8), -1, "too many for 8");
	CHECK_INT(keymap_keys_parse("T~h<Enter>;d", keys, 8), 6, "six keys");
	CHECK_INT(keys[0], 'T', "T");
	CHECK_INT(keys[2], 'h', "h");
	CHECK_INT(keys[3], KEYMAP_KEY_ENTER, "<Enter> is one key");
	CHECK_INT(keys[4], ';', ";");
	CHECK_INT(keys[5], 'd', "d");
	CHECK_INT(keymap_keys_parse("^Tx", keys, 8), 2, "^T then x");
	CHECK_INT(keys[0], 20, "^T");
	CHECK_INT(keymap_keys_parse("a<b>^1", keys, 8), 6, "< and ^ that start nothing are text");
	CHECK_INT(keys[1], '<', "<");
	CHECK_INT(keys[4], '^', "^");
	CHECK_INT(keymap_keys_parse("é<esc>\n", keys, 8), 3, "UTF-8, a name, a newline");
	CHECK_INT(keys[0], 0xe9, "é");
	CHECK_INT(keys[1], KEYMAP_KEY_ESC, "<esc>");
	CHECK_INT(keys[2], KEYMAP_KEY_ENTER, "a newline is Enter");
	CHECK_INT(keymap_keys_parse("", keys, 8), 0, "empty");
	CHECK_INT(keymap_keys_parse("a\xff", keys, 8), -1, "bad UTF-8");
	CHECK_INT(keymap_keys_parse("a\x1c", keys, 8), -1, "a control with no name");
}

int
main(void)
{
	RUN(test_parse_characters);
	RUN(test_parse_control);
	RUN(test_parse_named);
	RUN(test_parse_bad);
	RUN(test_names);
	RUN(test_round_trip);
	RUN(test_normalize);
	RUN(test_sequences);
	return check_done("test_keymap_keys");
}
