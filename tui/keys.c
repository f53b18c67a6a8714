/* ncurses keys as the keymap engine names them. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "../keymaps/keymap.h"
#include "tui.h"

static const struct {
	int curses;
	int keymap;
} function_keys[] = {
	{ KEY_UP, KEYMAP_KEY_UP }, { KEY_DOWN, KEYMAP_KEY_DOWN },
	{ KEY_LEFT, KEYMAP_KEY_LEFT }, { KEY_RIGHT, KEYMAP_KEY_RIGHT },
	{ KEY_PPAGE, KEYMAP_KEY_PGUP }, { KEY_NPAGE, KEYMAP_KEY_PGDN },
	{ KEY_HOME, KEYMAP_KEY_HOME }, { KEY_END, KEYMAP_KEY_END },
	{ KEY_ENTER, KEYMAP_KEY_ENTER }, { KEY_BACKSPACE, KEYMAP_KEY_BACKSPACE },
	{ KEY_DC, KEYMAP_KEY_DELETE }, { KEY_RESIZE, KEYMAP_KEY_RESIZE },
};

int
tui_keymap_code(struct tui_key key)
{
	size_t i;

	if (!key.function)
		return keymap_key_normalize((int)key.code);
	for (i = 0; i < sizeof function_keys / sizeof function_keys[0]; i++)
		if (function_keys[i].curses == (int)key.code)
			return function_keys[i].keymap;
	if ((int)key.code >= KEY_F(1) && (int)key.code <= KEY_F(12))
		return KEYMAP_KEY_F((int)key.code - KEY_F(1) + 1);
	return -1;
}

struct tui_key
tui_key_from_keymap(int code)
{
	struct tui_key key = { false, (wint_t)code };
	size_t i;

	for (i = 0; i < sizeof function_keys / sizeof function_keys[0]; i++) {
		if (function_keys[i].keymap == code) {
			key.function = true;
			key.code = (wint_t)function_keys[i].curses;
			return key;
		}
	}
	if (code == KEYMAP_KEY_ESC)
		key.code = 27;
	else if (code == KEYMAP_KEY_TAB)
		key.code = '\t';
	else if (code >= KEYMAP_KEY_F1 && code <= KEYMAP_KEY_F12) {
		key.function = true;
		key.code = (wint_t)KEY_F(code - KEYMAP_KEY_F1 + 1);
	}
	return key;
}
