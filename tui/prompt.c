/* The one-line prompt: editing, history, completion, secret input. Fed
 * keys by the event loop, so the network goes on while the user types. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui.h"

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
tui_prompt_insert(struct tui_prompt *p, wint_t c)
{
	if (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0))
		insert(p, (wchar_t)c);
	return TUI_PROMPT_EDITING;
}

enum tui_prompt_result
tui_prompt_do(struct tui_prompt *p, enum tui_prompt_op op)
{
	size_t from;

	switch (op) {
	case TUI_PROMPT_SUBMIT:
		p->active = false;
		curs_set(0);
		return TUI_PROMPT_DONE;
	case TUI_PROMPT_ABORT:
		p->active = false;
		curs_set(0);
		return TUI_PROMPT_CANCELLED;
	case TUI_PROMPT_LINE_START:
		p->pos = 0;
		break;
	case TUI_PROMPT_LINE_END:
		p->pos = p->len;
		break;
	case TUI_PROMPT_LEFT:
		if (p->pos > 0)
			p->pos--;
		break;
	case TUI_PROMPT_RIGHT:
		if (p->pos < p->len)
			p->pos++;
		break;
	case TUI_PROMPT_KILL_TO_START:
		delete_range(p, 0, p->pos);
		break;
	case TUI_PROMPT_KILL_TO_END:
		delete_range(p, p->pos, p->len);
		break;
	case TUI_PROMPT_KILL_WORD:
		from = p->pos;
		while (from > 0 && p->text[from - 1] == L' ')
			from--;
		while (from > 0 && p->text[from - 1] != L' ')
			from--;
		delete_range(p, from, p->pos);
		break;
	case TUI_PROMPT_DELETE_BEFORE:
		if (p->pos > 0)
			delete_range(p, p->pos - 1, p->pos);
		break;
	case TUI_PROMPT_DELETE_CHAR:
		if (p->pos < p->len)
			delete_range(p, p->pos, p->pos + 1);
		break;
	case TUI_PROMPT_COMPLETE:
		if (!p->secret)
			complete(p);
		break;
	case TUI_PROMPT_HISTORY_PREV:
		if (!p->secret && p->history_pos > 0)
			set_text(p, p->history[--p->history_pos]);
		break;
	case TUI_PROMPT_HISTORY_NEXT:
		if (!p->secret && p->history_pos + 1 < p->nhistory)
			set_text(p, p->history[++p->history_pos]);
		else if (!p->secret && p->history_pos + 1 == p->nhistory) {
			p->history_pos = p->nhistory;
			set_text(p, "");
		}
		break;
	}
	return TUI_PROMPT_EDITING;
}

void
tui_prompt_draw(const struct tui_prompt *p)
{
	tui_prompt_draw_at(p, LINES - 1);
}

void
tui_prompt_draw_at(const struct tui_prompt *p, int y)
{
	int x, room, start = 0, cx;
	size_t i;

	if (y < 0 || y >= LINES)
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
