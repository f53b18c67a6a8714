/* A form of a few fields, each edited like the prompt, above the status
 * line: for actions that need more than one answer. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui.h"

void
tui_form_start(struct tui_form *f, const char *title)
{
	memset(f, 0, sizeof *f);
	snprintf(f->title, sizeof f->title, "%s", title);
	f->active = true;
	curs_set(1);
}

int
tui_form_add(struct tui_form *f, const char *label, const char *initial)
{
	if (f->nfields == TUI_FORM_FIELDS)
		return -1;
	tui_prompt_start(&f->fields[f->nfields++], label, initial, false);
	return 0;
}

enum tui_prompt_result
tui_form_insert(struct tui_form *f, wint_t c)
{
	return tui_prompt_insert(&f->fields[f->current], c);
}

enum tui_prompt_result
tui_form_do(struct tui_form *f, enum tui_prompt_op op)
{
	struct tui_prompt *field = &f->fields[f->current];

	switch (op) {
	case TUI_PROMPT_SUBMIT:
		if (f->current + 1 < f->nfields) {
			f->current++;
			return TUI_PROMPT_EDITING;
		}
		f->active = false;
		curs_set(0);
		return TUI_PROMPT_DONE;
	case TUI_PROMPT_ABORT:
		f->active = false;
		curs_set(0);
		return TUI_PROMPT_CANCELLED;
	case TUI_PROMPT_COMPLETE:	/* Tab: the next field, round */
		f->current = (f->current + 1) % f->nfields;
		return TUI_PROMPT_EDITING;
	case TUI_PROMPT_HISTORY_PREV:
		if (f->current > 0)
			f->current--;
		return TUI_PROMPT_EDITING;
	case TUI_PROMPT_HISTORY_NEXT:
		if (f->current + 1 < f->nfields)
			f->current++;
		return TUI_PROMPT_EDITING;
	default:
		/* the field keeps its own prompt state: it stays active */
		tui_prompt_do(field, op);
		field->active = true;
		return TUI_PROMPT_EDITING;
	}
}

void
tui_form_draw(const struct tui_form *f)
{
	int top = LINES - 3 - f->nfields, i;

	if (top < 0)
		top = 0;
	tui_put(top, 0, f->title, COLS, TUI_HEADER, true);
	for (i = 0; i < f->nfields && top + 1 + i < LINES - 2; i++)
		if (i != f->current)
			tui_prompt_draw_at(&f->fields[i], top + 1 + i);
	/* the current field last: the cursor stays in it */
	if (top + 1 + f->current < LINES - 2)
		tui_prompt_draw_at(&f->fields[f->current], top + 1 + f->current);
}

char *
tui_form_value(const struct tui_form *f, int i, char *out, size_t size)
{
	if (i < 0 || i >= f->nfields) {
		out[0] = '\0';
		return out;
	}
	return tui_prompt_text(&f->fields[i], out, size);
}
