/* The screen: ncursesw set-up, faces, text by cells, status and message
 * lines. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "../core/text.h"
#include "tui.h"

struct face {
	int fg, bg;
	unsigned attrs;
};

static struct face faces[TUI_FACES] = {
	[TUI_DEFAULT] = { -1, -1, 0 },
	[TUI_HEADER] = { COLOR_WHITE, COLOR_BLUE, A_BOLD },
	[TUI_STATUS] = { COLOR_BLACK, COLOR_CYAN, 0 },
	[TUI_CURSOR] = { COLOR_BLACK, COLOR_WHITE, 0 },
	[TUI_TAGGED] = { COLOR_YELLOW, -1, A_BOLD },
	[TUI_HIDDEN] = { COLOR_BLUE, -1, 0 },
	[TUI_PENDING] = { COLOR_MAGENTA, -1, 0 },
	[TUI_OK] = { COLOR_GREEN, -1, 0 },
	[TUI_CONFLICT] = { COLOR_RED, -1, A_BOLD },
	[TUI_ERROR] = { COLOR_RED, -1, A_BOLD },
	[TUI_HIGHLIGHT] = { COLOR_BLACK, COLOR_YELLOW, 0 },
	[TUI_SEARCH] = { COLOR_BLACK, COLOR_GREEN, 0 },
};

static SCREEN *screen;
static FILE *headless_out, *headless_in;
bool tui_headless;
static bool colors;
static char message[512];
static enum tui_face message_face;

static void
apply_face(enum tui_face f)
{
	attr_t a = faces[f].attrs;

	if (colors)
		attr_set(a, (short)(f + 1), NULL);
	else
		attr_set(a | (f == TUI_CURSOR || f == TUI_STATUS || f == TUI_HEADER ?
		    A_REVERSE : 0), 0, NULL);
}

static void
init_faces(void)
{
	int f;

	if (!colors)
		return;
	for (f = 0; f < TUI_FACES; f++)
		init_pair((short)(f + 1), (short)faces[f].fg, (short)faces[f].bg);
}

int
tui_start(void)
{
	screen = newterm(NULL, stdout, stdin);
	if (screen == NULL)
		return -1;
	set_term(screen);
	raw();		/* ^C and ^T are keys: ^C cancels, it does not kill */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	set_escdelay(25);
	curs_set(0);
	timeout(0);
	if (has_colors()) {
		start_color();
		use_default_colors();
		colors = true;
		init_faces();
	}
	return 0;
}

int
tui_start_headless(int rows, int cols)
{
	char size[16];

	/* ncurses reads the size from these before the terminal */
	snprintf(size, sizeof size, "%d", rows);
	setenv("LINES", size, 1);
	snprintf(size, sizeof size, "%d", cols);
	setenv("COLUMNS", size, 1);
	if (getenv("TERM") == NULL)
		setenv("TERM", "xterm-256color", 1);
	headless_out = fopen("/dev/null", "w");
	headless_in = fopen("/dev/null", "r");
	if (headless_out == NULL || headless_in == NULL)
		return -1;
	screen = newterm(NULL, headless_out, headless_in);
	if (screen == NULL)
		return -1;
	set_term(screen);
	noecho();
	keypad(stdscr, TRUE);
	timeout(0);
	tui_headless = true;
	return 0;
}

void
tui_end(void)
{
	if (screen == NULL)
		return;
	endwin();
	delscreen(screen);
	screen = NULL;
	if (headless_out != NULL)
		fclose(headless_out);
	if (headless_in != NULL)
		fclose(headless_in);
	headless_out = headless_in = NULL;
}

/* Row y as UTF-8 into out, trailing spaces dropped. */
static void
row_text(int y, char *out, size_t size)
{
	wchar_t wide[1024];
	size_t n;
	int len = mvinnwstr(y, 0, wide, (int)(sizeof wide / sizeof wide[0]) - 1);

	if (len < 0)
		len = 0;
	wide[len] = L'\0';
	n = wcstombs(out, wide, size - 1);
	if (n == (size_t)-1)
		n = 0;
	out[n] = '\0';
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
}

int
tui_dump(const char *path)
{
	FILE *f = fopen(path, "w");
	char line[4096];
	int y;

	if (f == NULL)
		return -1;
	for (y = 0; y < LINES; y++) {
		row_text(y, line, sizeof line);
		fprintf(f, "%s\n", line);
	}
	return fclose(f) == 0 ? 0 : -1;
}

bool
tui_shows(const char *text)
{
	char line[4096];
	int y;

	for (y = 0; y < LINES; y++) {
		row_text(y, line, sizeof line);
		if (strstr(line, text) != NULL)
			return true;
	}
	return false;
}

bool
tui_active(void)
{
	return screen != NULL;
}

int
tui_rows(void)
{
	return LINES;
}

int
tui_cols(void)
{
	return COLS;
}

void
tui_face_set(enum tui_face face, int fg, int bg, unsigned attrs)
{
	if (face >= TUI_FACES)
		return;
	faces[face].fg = fg;
	faces[face].bg = bg;
	faces[face].attrs = attrs;
	if (screen != NULL)
		init_faces();
}

/* Writes text[0..len) at the cursor in at most cells; returns cells used. */
static int
put_run(const char *text, size_t len, int cells)
{
	mbstate_t st;
	int used = 0;
	size_t off = 0;

	memset(&st, 0, sizeof st);
	while (off < len && used < cells) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, text + off, len - off, &st);
		int w;

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
			break;	/* cannot happen on sanitized text */
		w = wcwidth(wc);
		if (w < 0)
			w = 1;
		if (used + w > cells)
			break;
		if (w == 0 && used == 0) {
			off += n;	/* a combining mark with nothing to combine */
			continue;
		}
		addnwstr(&wc, 1);
		used += w;
		off += n;
	}
	return used;
}

int
tui_put_spans(int y, int x, const char *text, int cells, enum tui_face face,
    const size_t *spans, int nspans, enum tui_face highlight)
{
	size_t len = text ? strlen(text) : 0, off = 0;
	int used = 0, i;

	if (cells <= 0 || y < 0 || y >= LINES)
		return 0;
	move(y, x);
	for (i = 0; i <= nspans && used < cells; i++) {
		size_t start = i < nspans ? spans[2 * i] : len;
		size_t end = i < nspans ? spans[2 * i + 1] : len;

		if (start > len || end > len || start < off || end < start)
			break;
		apply_face(face);
		used += put_run(text + off, start - off, cells - used);
		if (i < nspans) {
			apply_face(highlight);
			used += put_run(text + start, end - start, cells - used);
		}
		off = end;
	}
	apply_face(face);
	return used;
}

int
tui_put(int y, int x, const char *text, int cells, enum tui_face face, bool pad)
{
	int used = tui_put_spans(y, x, text, cells, face, NULL, 0, face);

	if (pad) {
		apply_face(face);
		for (; used < cells; used++)
			addch(' ');
	}
	apply_face(TUI_DEFAULT);
	return used;
}

void
tui_clear_line(int y, enum tui_face face)
{
	tui_put(y, 0, "", COLS, face, true);
}

void
tui_refresh(void)
{
	refresh();
}

void
tui_redraw_all(void)
{
	/* The views redraw their lines, not the message line's: after a
	 * resize it may still hold what another line had there. */
	if (LINES > 0) {
		tui_clear_line(LINES - 1, TUI_DEFAULT);
		tui_put(LINES - 1, 0, message, COLS - 1, message_face, false);
	}
	clearok(curscr, TRUE);
	refresh();
}

void
tui_status(const char *left, const char *right)
{
	int y = LINES - 2, rw = 0;

	if (y < 0)
		return;
	tui_clear_line(y, TUI_STATUS);
	if (right != NULL) {
		/* the right part (network, login) gives way to the view's half */
		rw = text_width(right);
		if (rw > COLS / 2)
			rw = COLS / 2;
		tui_put(y, COLS - rw, right, rw, TUI_STATUS, false);
	}
	tui_put(y, 0, left ? left : "", COLS - rw - 1 > 0 ? COLS - rw - 1 : 0,
	    TUI_STATUS, false);
}

void
tui_message(enum tui_face face, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	message_face = face;
	if (LINES > 0) {
		tui_clear_line(LINES - 1, TUI_DEFAULT);
		tui_put(LINES - 1, 0, message, COLS - 1, message_face, false);
	}
}

void
tui_message_clear(void)
{
	message[0] = '\0';
	if (LINES > 0)
		tui_clear_line(LINES - 1, TUI_DEFAULT);
}
