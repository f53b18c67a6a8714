/* The keymap engine: key codes and their names, per-view binding tables,
 * macros, options and colours, all read from pupitrerc-format files. It
 * knows no terminal: the tui translates what it reads into these keys. */
#ifndef KEYMAPS_KEYMAP_H
#define KEYMAPS_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "functions.h"

/*
 * Keys. A printable character is its Unicode code point; ^A..^Z are 1..26;
 * the other keys sit above Unicode. Tab, Enter, Esc and Backspace are only
 * ever the named keys (keymap_key_normalize turns their control codes into
 * them), so that ^I and <Tab> are one key.
 */
enum {
	KEYMAP_KEY_SPECIAL = 0x110000,
	KEYMAP_KEY_UP = KEYMAP_KEY_SPECIAL,
	KEYMAP_KEY_DOWN,
	KEYMAP_KEY_LEFT,
	KEYMAP_KEY_RIGHT,
	KEYMAP_KEY_PGUP,
	KEYMAP_KEY_PGDN,
	KEYMAP_KEY_HOME,
	KEYMAP_KEY_END,
	KEYMAP_KEY_ENTER,
	KEYMAP_KEY_ESC,
	KEYMAP_KEY_TAB,
	KEYMAP_KEY_BACKSPACE,
	KEYMAP_KEY_DELETE,
	KEYMAP_KEY_F1,
	KEYMAP_KEY_F12 = KEYMAP_KEY_F1 + 11,
	KEYMAP_KEY_RESIZE,
	KEYMAP_KEY_LAST = KEYMAP_KEY_RESIZE
};

#define KEYMAP_KEY_F(n) (KEYMAP_KEY_F1 + (n) - 1)
#define KEYMAP_KEY_CTRL(c) ((c) & 0x1f)	/* KEYMAP_KEY_CTRL('t') is ^T */
#define KEYMAP_KEY_NAME_MAX 16		/* the longest name, with its NUL */
#define KEYMAP_MACRO_MAX 256		/* keys in one macro */

/* Tab (9), Enter (10, 13), Esc (27) and Backspace (8, 127) as their
 * named keys; every other code unchanged. */
int keymap_key_normalize(int code);

/* Whether key is a code this module can name and bind. */
bool keymap_key_valid(int key);

/* The key named by name ("j", "é", "^T", "<PageDown>", "<space>": names
 * in <> are case-insensitive), or -1. */
int keymap_key_parse(const char *name);

/* The readable name of key into buf (KEYMAP_KEY_NAME_MAX bytes is always
 * enough); NULL when key is not valid. */
const char *keymap_key_name(int key, char *buf, size_t size);

/*
 * A sequence of keys as written in a macro: "<Name>" is a named key, "^X"
 * (X a letter) a control key, anything else the character itself (a "<"
 * that starts no key name, a "^" before no letter). Fills up to max keys
 * and returns how many, or -1 when text is not valid UTF-8, has a control
 * character or holds more than max keys.
 */
int keymap_keys_parse(const char *text, int *keys, size_t max);

/* Options of `set`, typed. O(ID, name, type, default, min, max, values,
 * help); values are an enum's choices, in the order of its C enum. */
#define KEYMAP_OPTIONS(O) \
	O(CONFIRM_BULK, "confirm-bulk", KEYMAP_BOOL, "yes", 0, 0, NULL, \
	    N_("Ask before an action on tagged items")) \
	O(CONFIRM_THRESHOLD, "confirm-threshold", KEYMAP_INT, "1", 1, 1000000, NULL, \
	    N_("Ask only when a bulk action touches at least this many items")) \
	O(HIDE_REASONS, "hide-reasons", KEYMAP_LIST, "spam,offensive,off-topic,personal data", \
	    0, 0, NULL, N_("The reasons offered when hiding content, comma separated")) \
	O(SORT, "sort", KEYMAP_ENUM, "recent", 0, 0, "recent|count|oldest", \
	    N_("Order of the queue: newest report, most reports, or oldest report first")) \
	O(LANGUAGE, "language", KEYMAP_ENUM, "auto", 0, 0, "auto|fr|en", \
	    N_("Language of the console; auto follows the locale")) \
	O(DATE_FORMAT, "date-format", KEYMAP_STRING, "%Y-%m-%d %H:%M", 0, 0, NULL, \
	    N_("How dates are shown, as for strftime(3)")) \
	O(REFRESH_SECONDS, "refresh-seconds", KEYMAP_INT, "60", 0, 86400, NULL, \
	    N_("Reload the list after this many seconds without news from the server; 0 never")) \
	O(URL, "url", KEYMAP_STRING, "", 0, 0, NULL, \
	    N_("The API server, when neither --url nor PUPITRE_URL names one")) \
	O(INADMISSIBLE_REASONS, "inadmissible-reasons", KEYMAP_LIST, \
	    "outside the city's powers,not an investment,already planned,not feasible," \
	    "against the rules,duplicate", 0, 0, NULL, \
	    N_("The reasons offered when a proposal is declared inadmissible, comma separated")) \
	O(EDITOR, "editor", KEYMAP_STRING, "", 0, 0, NULL, \
	    N_("The editor of answers; empty: $VISUAL, then $EDITOR, then vi")) \
	O(EXPORT_DIR, "export-dir", KEYMAP_STRING, ".", 0, 0, NULL, \
	    N_("Where exported lists are written when the file name has no directory"))

enum keymap_option_type { KEYMAP_BOOL, KEYMAP_INT, KEYMAP_STRING, KEYMAP_LIST, KEYMAP_ENUM };

enum keymap_option {
#define KEYMAP_OPTION_ENUM(id, name, type, def, min, max, values, help) KEYMAP_OPT_##id,
	KEYMAP_OPTIONS(KEYMAP_OPTION_ENUM)
#undef KEYMAP_OPTION_ENUM
	KEYMAP_OPT_COUNT
};

/* The choices of the enum options, in the order of their values above. */
enum keymap_sort { KEYMAP_SORT_RECENT, KEYMAP_SORT_COUNT, KEYMAP_SORT_OLDEST };
enum keymap_language { KEYMAP_LANGUAGE_AUTO, KEYMAP_LANGUAGE_FR, KEYMAP_LANGUAGE_EN };

/* Faces of `color OBJECT FG BG [ATTR...]`, in the order of the tui's. */
#define KEYMAP_COLORS(C) \
	C(DEFAULT, "default", -1, -1, 0, N_("Everything not named below")) \
	C(HEADER, "header", 7, 4, KEYMAP_ATTR_BOLD, N_("The title line at the top")) \
	C(STATUS, "status", -1, -1, KEYMAP_ATTR_REVERSE, N_("The status line")) \
	C(CURSOR, "cursor", 0, 6, 0, N_("The line under the cursor")) \
	C(TAGGED, "tagged", 3, -1, KEYMAP_ATTR_BOLD, N_("Tagged items")) \
	C(HIDDEN, "hidden", -1, -1, KEYMAP_ATTR_DIM, N_("Hidden content")) \
	C(PENDING, "pending", 3, -1, 0, N_("Items waiting for the server's answer")) \
	C(OK, "ok", 2, -1, 0, N_("Actions the server accepted")) \
	C(CONFLICT, "conflict", 5, -1, KEYMAP_ATTR_BOLD, N_("Items someone else changed first")) \
	C(ERROR, "error", 1, -1, KEYMAP_ATTR_BOLD, N_("Errors")) \
	C(HIGHLIGHT, "highlight", -1, -1, KEYMAP_ATTR_BOLD | KEYMAP_ATTR_UNDERLINE, \
	    N_("Text matching the limit or tag pattern")) \
	C(SEARCH, "search", 0, 3, 0, N_("Text matching the search"))

enum keymap_color_object {
#define KEYMAP_COLOR_ENUM(id, name, fg, bg, attrs, help) KEYMAP_COLOR_##id,
	KEYMAP_COLORS(KEYMAP_COLOR_ENUM)
#undef KEYMAP_COLOR_ENUM
	KEYMAP_COLOR_COUNT
};

enum {
	KEYMAP_ATTR_BOLD = 1 << 0,
	KEYMAP_ATTR_DIM = 1 << 1,
	KEYMAP_ATTR_UNDERLINE = 1 << 2,
	KEYMAP_ATTR_REVERSE = 1 << 3,
	KEYMAP_ATTR_BLINK = 1 << 4,
	KEYMAP_ATTR_STANDOUT = 1 << 5,
	KEYMAP_ATTR_ITALIC = 1 << 6
};

struct keymap_color {
	int fg, bg;		/* -1 the terminal's default, else 0-255 */
	unsigned attrs;		/* KEYMAP_ATTR_* */
};

struct keymap;

/* What a key does in a view. */
struct keymap_binding {
	int key;
	enum keymap_view view;		/* the table it was found in */
	enum keymap_function function;	/* KEYMAP_FN_NONE for a macro */
	const int *macro;		/* a macro's keys, else NULL */
	size_t nmacro;
	const char *macro_text;		/* the macro as written */
};

/* A line of a file that could not be used. */
struct keymap_message {
	const char *file;
	int line;			/* 0: about the whole file */
	const char *reason;		/* translated */
	const char *text;		/* "file:line: reason" */
};

/* An empty keymap (no bindings), options and colours at their defaults;
 * NULL when out of memory. */
struct keymap *keymap_new(void);
void keymap_free(struct keymap *km);

/*
 * Loading. Each line that cannot be used adds a message and the rest still
 * loads. The loaders return the number of bad lines, or -1 when the file
 * could not be read or memory ran out (which adds a message too).
 */
int keymap_load_file(struct keymap *km, const char *path);
int keymap_load_buffer(struct keymap *km, const char *name, const char *text);

/* The default keymaps: DIR/VIEW.keys for each view that has one;
 * DIR/generic.keys must be there. */
int keymap_load_defaults(struct keymap *km, const char *dir);

/* The directory of the default keymaps: DIR-OF-argv0/keymaps when the
 * program runs from the build tree, else the installed one. 0 when found,
 * -1 when neither holds generic.keys. */
int keymap_find_defaults(const char *argv0, char *dir, size_t size);

/* $XDG_CONFIG_HOME/pupitre/pupitrerc, else ~/.config/pupitre/pupitrerc;
 * -1 when neither variable is set or the path is too long. */
int keymap_user_rc(char *path, size_t size);

/* What the console does at start: the defaults, then the user's
 * pupitrerc when there is one. Returns the number of messages added (each
 * problem, out of memory included, has one); -1 when not even a message
 * could be added. */
int keymap_load_all(struct keymap *km, const char *argv0);

/* One pupitrerc line, as typed at the `command` prompt: 0, or -1 with the
 * reason in err. */
int keymap_exec(struct keymap *km, const char *line, char *err, size_t errsize);

size_t keymap_message_count(const struct keymap *km);
const struct keymap_message *keymap_message(const struct keymap *km, size_t i);
void keymap_messages_clear(struct keymap *km);

/*
 * Bindings. bind and macro replace what key did in view; -1 when out of
 * memory, -2 when the function does not belong to the view or the key is
 * not valid. unbind makes key do nothing in view (it no longer falls
 * through to generic) and returns whether the key did something there.
 */
int keymap_bind(struct keymap *km, enum keymap_view view, int key, enum keymap_function fn);
int keymap_macro(struct keymap *km, enum keymap_view view, int key, const char *keys);
bool keymap_unbind(struct keymap *km, enum keymap_view view, int key);

/*
 * What key does in view: the view's table, then generic's when the view
 * inherits it. NULL when it does nothing. The result stays valid until the
 * keymap changes. A macro's keys are to be read as if typed, without
 * expanding macros again, so that a macro typing its own key cannot loop.
 */
const struct keymap_binding *keymap_lookup(const struct keymap *km, enum keymap_view view,
    int key);

/*
 * The help of a view, from the live tables: one entry per function (or
 * macro) with the keys that call it in this view, the view's own table
 * first, then generic's keys that the view does not override, then the
 * functions of the view with no key (keys empty). A malloc'd array of *n
 * entries (free it), valid until the keymap changes; NULL when out of
 * memory or empty.
 */
struct keymap_help {
	enum keymap_view view;		/* the table the keys are in */
	char keys[64];			/* "j, <Down>"; "" when unbound */
	enum keymap_function function;	/* KEYMAP_FN_NONE for a macro */
	const char *name;		/* function name, or "macro" */
	const char *text;		/* translated help, or the macro's keys */
};
struct keymap_help *keymap_help(const struct keymap *km, enum keymap_view view, size_t *n);

/* Options; the getters must be given an option of their type. */
const char *keymap_option_name(enum keymap_option opt);
int keymap_option_by_name(const char *name);		/* -1 when unknown */
bool keymap_option_bool(const struct keymap *km, enum keymap_option opt);
long keymap_option_int(const struct keymap *km, enum keymap_option opt);
int keymap_option_enum(const struct keymap *km, enum keymap_option opt);
/* The list's items, valid until the option changes. */
size_t keymap_option_list(const struct keymap *km, enum keymap_option opt,
    const char *const **items);
/* Any option as text ("yes", "60", "recent", "spam,offensive"). */
const char *keymap_option_string(const struct keymap *km, enum keymap_option opt);
/* Sets an option from text: 0, -1 out of memory, -2 wrong value (reason
 * in err). */
int keymap_set(struct keymap *km, enum keymap_option opt, const char *value, char *err,
    size_t errsize);

const struct keymap_color *keymap_color(const struct keymap *km, enum keymap_color_object obj);
const char *keymap_color_object_name(enum keymap_color_object obj);

/* Writes a section of the man page as roff: "functions" (with the keys
 * bound in km, the defaults), "options" or "colors". -1 for an unknown
 * section or a write error. */
int keymap_write_man(const struct keymap *km, const char *section, FILE *out);

#endif
