/* The terminal: ncursesw screen, colours, drawing text by cells, the
 * status line, the one-line prompt, and the event loop. Knows nothing of
 * proposals or reports: views give it text that core/text made safe. */
#ifndef TUI_H
#define TUI_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* Faces of things on screen; `color OBJECT FG BG` in pupitrerc sets them. */
enum tui_face {
	TUI_DEFAULT, TUI_HEADER, TUI_STATUS, TUI_CURSOR, TUI_TAGGED, TUI_HIDDEN,
	TUI_PENDING, TUI_OK, TUI_CONFLICT, TUI_ERROR, TUI_HIGHLIGHT, TUI_SEARCH,
	TUI_FACES
};

/* A key as read: a character, or a function key (ncurses KEY_* code). */
struct tui_key {
	bool function;
	wint_t code;
};

/* Starts and ends the screen. tui_start fails (-1) when stdout is not a
 * terminal ncurses can drive. tui_start_headless draws into memory only
 * (for scripted runs: no keyboard, the screen read back by tui_dump). */
int tui_start(void);
int tui_start_headless(int rows, int cols);
void tui_end(void);
bool tui_active(void);

int tui_rows(void);
int tui_cols(void);

/* Sets a face's colours (-1 default, 0-255) and attributes (A_BOLD...). */
void tui_face_set(enum tui_face face, int fg, int bg, unsigned attrs);

/* Writes safe UTF-8 text at row y, column x, in at most cells cells (cut
 * on a character boundary, padded when pad), in face. Returns the cells
 * written. */
int tui_put(int y, int x, const char *text, int cells, enum tui_face face, bool pad);

/* Like tui_put, with the byte spans [start, end) of text shown in
 * highlight. */
int tui_put_spans(int y, int x, const char *text, int cells, enum tui_face face,
    const size_t *spans, int nspans, enum tui_face highlight);

void tui_clear_line(int y, enum tui_face face);

/* The screen as text, one line per row, trailing spaces dropped. */
int tui_dump(const char *path);
/* Whether the screen shows text somewhere. */
bool tui_shows(const char *text);
void tui_refresh(void);
void tui_redraw_all(void);	/* after ^L or a resize */

/* The status line (last row but one) and the message line (last row). */
void tui_status(const char *left, const char *right);
/* Messages may quote the server: callers pass text made safe by core/text. */
void tui_message(enum tui_face face, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void tui_message_clear(void);

/* A one-line prompt on the message line, fed keys by the event loop. */
struct tui_prompt {
	char label[128];
	wchar_t text[512];
	size_t len, pos;
	bool secret;		/* password: nothing echoed */
	bool active;
	/* history of earlier answers, newest last, owned by the caller */
	char **history;
	size_t nhistory, history_pos;
	/* completion: fills up to max candidates for the word before pos */
	size_t (*complete)(void *ctx, const char *word, const char **out, size_t max);
	void *complete_ctx;
};

enum tui_prompt_result { TUI_PROMPT_EDITING, TUI_PROMPT_DONE, TUI_PROMPT_CANCELLED };

/* What the prompt's keys do; the keymap's prompt view says which key does
 * which, so that pupitrerc can rebind them. */
enum tui_prompt_op {
	TUI_PROMPT_SUBMIT, TUI_PROMPT_ABORT, TUI_PROMPT_HISTORY_PREV, TUI_PROMPT_HISTORY_NEXT,
	TUI_PROMPT_COMPLETE, TUI_PROMPT_LEFT, TUI_PROMPT_RIGHT, TUI_PROMPT_LINE_START,
	TUI_PROMPT_LINE_END, TUI_PROMPT_DELETE_BEFORE, TUI_PROMPT_DELETE_CHAR,
	TUI_PROMPT_KILL_TO_END, TUI_PROMPT_KILL_TO_START, TUI_PROMPT_KILL_WORD,
};

void tui_prompt_start(struct tui_prompt *p, const char *label, const char *initial,
    bool secret);
/* Types a character (controls are ignored). */
enum tui_prompt_result tui_prompt_insert(struct tui_prompt *p, wint_t c);
enum tui_prompt_result tui_prompt_do(struct tui_prompt *p, enum tui_prompt_op op);
void tui_prompt_draw(const struct tui_prompt *p);	/* on the message line */
void tui_prompt_draw_at(const struct tui_prompt *p, int y);
/* The answer as UTF-8 into out; returns out. */
char *tui_prompt_text(const struct tui_prompt *p, char *out, size_t size);

/*
 * A form: a title and a few fields, each edited like the prompt, drawn
 * above the status line. Enter goes to the next field and, on the last,
 * submits; Tab, Up and Down move between fields; Esc cancels.
 */
#define TUI_FORM_FIELDS 8

struct tui_form {
	char title[160];
	struct tui_prompt fields[TUI_FORM_FIELDS];
	int nfields, current;
	bool active;
};

void tui_form_start(struct tui_form *f, const char *title);
/* Adds a field; -1 when the form is full. */
int tui_form_add(struct tui_form *f, const char *label, const char *initial);
enum tui_prompt_result tui_form_insert(struct tui_form *f, wint_t c);
enum tui_prompt_result tui_form_do(struct tui_form *f, enum tui_prompt_op op);
void tui_form_draw(const struct tui_form *f);
/* The text of field i as UTF-8 into out; returns out. */
char *tui_form_value(const struct tui_form *f, int i, char *out, size_t size);

/*
 * The event loop: waits on the keyboard, the signal self-pipe and the
 * network (through wait, which polls the extra fds with its own), then
 * hands out what happened. One thread; nothing blocks on the network.
 */
struct tui_loop_source {
	/* waits up to timeout_ms on the source and on extra; fills revents */
	int (*wait)(void *ctx, struct pollfd *extra, unsigned nextra, int timeout_ms);
	void (*dispatch)(void *ctx);
	void *ctx;
};

/* TUI_EV_NETWORK: the source delivered something; the screen is redrawn */
enum tui_event_kind { TUI_EV_KEY, TUI_EV_RESIZE, TUI_EV_INTERRUPT, TUI_EV_TERMINATE,
	TUI_EV_TICK, TUI_EV_NETWORK };

struct tui_event {
	enum tui_event_kind kind;
	struct tui_key key;
};

/* Installs the signal handlers (SIGWINCH, SIGINT, SIGTERM, SIGHUP); after
 * tui_start, whose resize handler it replaces. */
int tui_loop_init(void);

/*
 * Waits for the next event: a key, a resize, ^C, a termination signal,
 * network activity, or a tick every tick_ms (for clocks and spinners).
 * Network completions run inside, through source->dispatch, before it
 * returns, so that the caller redraws what they changed at once.
 */
struct tui_event tui_loop_next(struct tui_loop_source *source, int tick_ms);

/*
 * A column list: a header row at y0, then rows - 1 item rows from the
 * item at top. draw_row draws item i at row y within width cols in face
 * (the cursor's face for the current item); the list pads and clears.
 */
void tui_list_draw(int y0, int rows, size_t count, size_t top, size_t cursor,
    const char *header, void (*draw_row)(void *ctx, size_t i, int y, int cols,
    enum tui_face face), void *ctx);

/* A pager over lines of safe text: scrolling and search. */
struct tui_pager {
	char **lines;		/* owned by the pager */
	size_t count, cap;
	size_t top;
	const char *search;	/* highlighted substring, owned by the caller */
};

int tui_pager_add(struct tui_pager *p, const char *line);	/* -1: no memory */
void tui_pager_clear(struct tui_pager *p);
void tui_pager_scroll(struct tui_pager *p, long delta, int rows);
/* Moves to the next line after top (or before it) containing text; false
 * when none does. */
bool tui_pager_find(struct tui_pager *p, const char *text, bool forward);
void tui_pager_draw(const struct tui_pager *p, int y0, int rows);

/* A key as the keymap engine codes it (-1: no such key there), and back
 * (for macros, whose keys are replayed as if typed). */
int tui_keymap_code(struct tui_key key);
struct tui_key tui_key_from_keymap(int code);

/* The keymap engine's colour attributes as ncurses attributes. */
unsigned tui_attrs(unsigned keymap_attrs);

#endif
