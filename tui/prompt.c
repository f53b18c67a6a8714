/* The one-line prompt: editing, history, completion, secret input. Fed
 * keys by the event loop, so the network goes on while the user types. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui.h"

#define CTRL(c) ((c) & 0x1f)

void
tui_prompt_start(struct tui_prompt *p, const char *label, const char *initial, bool secret)
{
	mbstate_t st;
	const char *src = initial ? initial : "";
	size_t n;

	snprintf(p->label, sizeof p->label, "%s", label);
	memset(&st, 0, sizeof st);
	n = mbsrtowcs(p->text, &src, sizeof p->text / sizeof p->text[0] - 1, &st);
	p->len = n == (size_t)-1 ? 0 : n;
	p->text[p->len] = L'\0';
	p->pos = p->len;
	p->secret = secret;
	p->active = true;
	p->history_pos = p->nhistory;
	curs_set(1);
}

char *
tui_prompt_text(const struct tui_prompt *p, char *out, size_t size)
{
	const wchar_t *src = p->text;
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof st);
	n = wcsrtombs(out, &src, size - 1, &st);
	out[n == (size_t)-1 ? 0 : n] = '\0';
	return out;
}

static void
set_text(struct tui_prompt *p, const char *text)
{
	mbstate_t st;
	const char *src = text;
	size_t n;

	memset(&st, 0, sizeof st);
	n = mbsrtowcs(p->text, &src, sizeof p->text / sizeof p->text[0] - 1, &st);
	p->len = n == (size_t)-1 ? 0 : n;
	p->text[p->len] = L'\0';
	p->pos = p->len;
}

static void
insert(struct tui_prompt *p, wchar_t c)
{
	if (p->len + 1 >= sizeof p->text / sizeof p->text[0])
		return;
	memmove(p->text + p->pos + 1, p->text + p->pos, (p->len - p->pos + 1) * sizeof(wchar_t));
	p->text[p->pos++] = c;
	p->len++;
}

static void
delete_range(struct tui_prompt *p, size_t from, size_t to)
{
	if (from >= to || to > p->len)
		return;
	memmove(p->text + from, p->text + to, (p->len - to + 1) * sizeof(wchar_t));
	p->len -= to - from;
	p->pos = from;
}

/* Completes the word before the cursor: the common prefix of the candidates. */
static void
complete(struct tui_prompt *p)
{
	const char *cands[64];
	char word[512], *w = word;
	size_t start = p->pos, n, i, common;
	wchar_t saved;

	if (p->complete == NULL)
		return;
	while (start > 0 && p->text[start - 1] != L' ')
		start--;
	saved = p->text[p->pos];
	p->text[p->pos] = L'\0';
	{
		const wchar_t *src = p->text + start;
		mbstate_t st;

		memset(&st, 0, sizeof st);
		n = wcsrtombs(word, &src, sizeof word - 1, &st);
		word[n == (size_t)-1 ? 0 : n] = '\0';
	}
	p->text[p->pos] = saved;
	n = p->complete(p->complete_ctx, w, cands, 64);
	if (n == 0)
		return;
	common = strlen(cands[0]);
	for (i = 1; i < n; i++) {
		size_t j = 0;

		while (j < common && cands[i][j] == cands[0][j])
			j++;
		common = j;
	}
	if (common > strlen(word)) {
		char tail[512];
		const char *src = tail;
		wchar_t wtail[512];
		mbstate_t st;
		size_t k, m;

		snprintf(tail, sizeof tail, "%.*s", (int)(common - strlen(word)),
		    cands[0] + strlen(word));
		memset(&st, 0, sizeof st);
		m = mbsrtowcs(wtail, &src, 511, &st);
		for (k = 0; m != (size_t)-1 && k < m; k++)
			insert(p, wtail[k]);
	}
	if (n == 1)
		insert(p, L' ');
}

enum tui_prompt_result
tui_prompt_key(struct tui_prompt *p, struct tui_key key)
{
	wint_t c = key.code;

	if (!key.function) {
		switch (c) {
		case L'\r':
		case L'\n':
			p->active = false;
			curs_set(0);
			return TUI_PROMPT_DONE;
		case 27:		/* Esc */
		case CTRL('c'):
		case CTRL('g'):
			p->active = false;
			curs_set(0);
			return TUI_PROMPT_CANCELLED;
		case CTRL('a'):
			p->pos = 0;
			return TUI_PROMPT_EDITING;
		case CTRL('e'):
			p->pos = p->len;
			return TUI_PROMPT_EDITING;
		case CTRL('b'):
			if (p->pos > 0)
				p->pos--;
			return TUI_PROMPT_EDITING;
		case CTRL('f'):
			if (p->pos < p->len)
				p->pos++;
			return TUI_PROMPT_EDITING;
		case CTRL('u'):
			delete_range(p, 0, p->pos);
			return TUI_PROMPT_EDITING;
		case CTRL('k'):
			delete_range(p, p->pos, p->len);
			return TUI_PROMPT_EDITING;
		case CTRL('w'): {
			size_t from = p->pos;

			while (from > 0 && p->text[from - 1] == L' ')
				from--;
			while (from > 0 && p->text[from - 1] != L' ')
				from--;
			delete_range(p, from, p->pos);
			return TUI_PROMPT_EDITING;
		}
		case CTRL('h'):
		case 127:
			if (p->pos > 0)
				delete_range(p, p->pos - 1, p->pos);
			return TUI_PROMPT_EDITING;
		case L'\t':
			if (!p->secret)
				complete(p);
			return TUI_PROMPT_EDITING;
		default:
			if (c >= 0x20 && c != 0x7f)
				insert(p, (wchar_t)c);
			return TUI_PROMPT_EDITING;
		}
	}
	switch (c) {
	case KEY_ENTER:
		p->active = false;
		curs_set(0);
		return TUI_PROMPT_DONE;
	case KEY_LEFT:
		if (p->pos > 0)
			p->pos--;
		break;
	case KEY_RIGHT:
		if (p->pos < p->len)
			p->pos++;
		break;
	case KEY_HOME:
		p->pos = 0;
		break;
	case KEY_END:
		p->pos = p->len;
		break;
	case KEY_BACKSPACE:
		if (p->pos > 0)
			delete_range(p, p->pos - 1, p->pos);
		break;
	case KEY_DC:
		if (p->pos < p->len)
			delete_range(p, p->pos, p->pos + 1);
		break;
	case KEY_UP:
		if (!p->secret && p->history_pos > 0)
			set_text(p, p->history[--p->history_pos]);
		break;
	case KEY_DOWN:
		if (!p->secret && p->history_pos + 1 < p->nhistory)
			set_text(p, p->history[++p->history_pos]);
		else if (!p->secret && p->history_pos + 1 == p->nhistory) {
			p->history_pos = p->nhistory;
			set_text(p, "");
		}
		break;
	default:
		break;
	}
	return TUI_PROMPT_EDITING;
}

void
tui_prompt_draw(const struct tui_prompt *p)
{
	int y = LINES - 1, x, room, start = 0, cx;
	size_t i;

	if (y < 0)
		return;
	tui_clear_line(y, TUI_DEFAULT);
	x = tui_put(y, 0, p->label, COLS - 2, TUI_DEFAULT, false);
	if (p->secret) {
		move(y, x);
		return;
	}
	room = COLS - x - 1;
	if (room <= 0)
		return;
	/* scroll so that the cursor stays visible */
	cx = 0;
	for (i = 0; i < p->pos; i++)
		cx += wcwidth(p->text[i]) > 0 ? wcwidth(p->text[i]) : 0;
	if (cx >= room)
		start = cx - room + 1;
	move(y, x);
	cx = 0;
	for (i = 0; i < p->len; i++) {
		int w = wcwidth(p->text[i]) > 0 ? wcwidth(p->text[i]) : 0;

		if (cx >= start && cx + w - start <= room)
			addnwstr(&p->text[i], 1);
		cx += w;
	}
	cx = 0;
	for (i = 0; i < p->pos; i++)
		cx += wcwidth(p->text[i]) > 0 ? wcwidth(p->text[i]) : 0;
	move(y, x + cx - start);
}
