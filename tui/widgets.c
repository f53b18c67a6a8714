/* Widgets of the screen: the column list and the pager. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

void
tui_list_draw(int y0, int rows, size_t count, size_t top, size_t cursor,
    const char *header, void (*draw_row)(void *ctx, size_t i, int y, int cols,
    enum tui_face face), void *ctx)
{
	int y;

	if (rows <= 0)
		return;
	tui_put(y0, 0, header ? header : "", COLS, TUI_HEADER, true);
	for (y = 1; y < rows; y++) {
		size_t i = top + (size_t)(y - 1);

		if (i >= count) {
			tui_clear_line(y0 + y, TUI_DEFAULT);
			continue;
		}
		draw_row(ctx, i, y0 + y, COLS, i == cursor ? TUI_CURSOR : TUI_DEFAULT);
	}
}

int
tui_pager_add(struct tui_pager *p, const char *line)
{
	char *copy;

	if (p->count == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		char **lines = realloc(p->lines, cap * sizeof *lines);

		if (lines == NULL)
			return -1;
		p->lines = lines;
		p->cap = cap;
	}
	copy = strdup(line);
	if (copy == NULL)
		return -1;
	p->lines[p->count++] = copy;
	return 0;
}

void
tui_pager_clear(struct tui_pager *p)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		free(p->lines[i]);
	free(p->lines);
	p->lines = NULL;
	p->count = p->cap = p->top = 0;
}

void
tui_pager_scroll(struct tui_pager *p, long delta, int rows)
{
	long top = (long)p->top + delta;
	long max = (long)p->count - rows;

	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	p->top = (size_t)top;
}

bool
tui_pager_find(struct tui_pager *p, const char *text, bool forward)
{
	size_t i, n = p->count;

	if (text == NULL || *text == '\0' || n == 0)
		return false;
	for (i = 1; i <= n; i++) {
		size_t line = forward ? (p->top + i) % n : (p->top + n - i) % n;

		if (strstr(p->lines[line], text) != NULL) {
			p->top = line;
			return true;
		}
	}
	return false;
}

void
tui_pager_draw(const struct tui_pager *p, int y0, int rows)
{
	int y;

	for (y = 0; y < rows; y++) {
		size_t i = p->top + (size_t)y;
		const char *line = i < p->count ? p->lines[i] : "";
		const char *hit = p->search && *p->search ? strstr(line, p->search) : NULL;

		tui_clear_line(y0 + y, TUI_DEFAULT);
		if (hit != NULL) {
			size_t span[2] = { (size_t)(hit - line),
				(size_t)(hit - line) + strlen(p->search) };

			tui_put_spans(y0 + y, 0, line, COLS, TUI_DEFAULT, span, 1, TUI_SEARCH);
		} else {
			tui_put(y0 + y, 0, line, COLS, TUI_DEFAULT, false);
		}
	}
}
