/* The top view: every queue an agent works on, with its count kept live
 * by the event stream, each opened with one key or Enter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/format.h"
#include "../core/i18n.h"
#include "../core/text.h"
#include "../net/overview.h"
#include "app.h"

enum count { COUNT_REPORTS, COUNT_ADMISSIBILITY, COUNT_COSTING, COUNT_DEPARTMENT,
	COUNT_ANSWERS, COUNT_STALLED, COUNT_NONE };

/* The lines, in the order shown; command is what `:` would be given. */
static const struct {
	enum keymap_function fn;
	const char *label;
	enum count count;
	const char *command;
} lines[] = {
	{ KEYMAP_FN_OPEN_QUEUE, N_("Reported content to review"), COUNT_REPORTS, "queue" },
	{ KEYMAP_FN_OPEN_ADMISSIBILITY, N_("Proposals waiting for admissibility"),
	  COUNT_ADMISSIBILITY, "proposals state=submitted" },
	{ KEYMAP_FN_OPEN_COSTING, N_("Proposals waiting for costing"), COUNT_COSTING,
	  "proposals state=costing" },
	{ KEYMAP_FN_OPEN_DEPARTMENT, N_("Proposals of my department"), COUNT_DEPARTMENT,
	  "proposals mine" },
	{ KEYMAP_FN_OPEN_ANSWERS, N_("Authors waiting for an answer"), COUNT_ANSWERS,
	  "proposals answer=needed" },
	{ KEYMAP_FN_OPEN_STALLED, N_("Projects whose stage has not moved in 90 days"),
	  COUNT_STALLED, "proposals stalled" },
	{ KEYMAP_FN_OPEN_PROPOSALS, N_("Every proposal"), COUNT_NONE, "proposals" },
	{ KEYMAP_FN_OPEN_AUDIT, N_("The audit log"), COUNT_NONE, "audit" },
	{ KEYMAP_FN_OPEN_STATS, N_("Statistics"), COUNT_NONE, "stats" },
};

#define NLINES (sizeof lines / sizeof lines[0])

struct top {
	long counts[COUNT_NONE];
	bool known;		/* the counts came at least once */
	long request;		/* the counting in flight, 0 when none */
	bool again;		/* news came meanwhile: count again after it */
	size_t cursor;
	char keys[NLINES][32];	/* each line's key, from the live keymap */
};

/* Whether line i is one this agent works on: a department's line needs one. */
static bool
line_shown(const struct view *v, size_t i)
{
	return lines[i].count != COUNT_DEPARTMENT || v->app->agent.department[0] != '\0';
}

static void count_now(struct view *v);
static const struct view_ops top_ops;

/* The counting in flight of a top view, to find it again. */
static long
request_of(const struct view *v)
{
	return ((const struct top *)v->data)->request;
}

static void
on_counts(void *arg, long id, const struct net_overview *o, const struct net_error *err)
{
	struct view *v = app_view_of_request(arg, &top_ops, request_of, id);
	struct top *t;
	char text[400];

	if (v == NULL)
		return;		/* the view that asked is closed */
	t = v->data;
	t->request = 0;
	if (err != NULL && strcmp(err->code, "cancelled") == 0)
		return;
	if (err != NULL) {
		app_error(v->app, "%s", app_net_error(err, text, sizeof text));
		return;
	}
	t->counts[COUNT_REPORTS] = o->reports;
	t->counts[COUNT_ADMISSIBILITY] = o->admissibility;
	t->counts[COUNT_COSTING] = o->costing;
	t->counts[COUNT_DEPARTMENT] = o->department;
	t->counts[COUNT_ANSWERS] = o->answers;
	t->counts[COUNT_STALLED] = o->stalled;
	t->known = true;
	if (t->again) {
		t->again = false;
		count_now(v);
	}
}

static void
count_now(struct view *v)
{
	struct top *t = v->data;
	struct net_error err;
	char text[400];

	if (t->request > 0) {
		t->again = true;	/* one counting at a time, one more after it */
		return;
	}
	t->request = net_overview_get(v->app->net, on_counts, v->app, &err);
	if (t->request < 0) {
		t->request = 0;
		app_error(v->app, "%s", app_net_error(&err, text, sizeof text));
	}
}

/* The keys of each line as the keymap has them now (pupitrerc may rebind). */
static void
read_keys(struct view *v)
{
	struct top *t = v->data;
	struct keymap_help *h;
	size_t n = 0, i, j;

	for (i = 0; i < NLINES; i++)
		t->keys[i][0] = '\0';
	h = keymap_help(v->app->km, KEYMAP_VIEW_TOP, &n);
	for (i = 0; i < n; i++)
		for (j = 0; j < NLINES; j++)
			if (h[i].function == lines[j].fn && t->keys[j][0] == '\0')
				snprintf(t->keys[j], sizeof t->keys[j], "%s", h[i].keys);
	free(h);
}

static void
top_draw(struct view *v, int y0, int rows)
{
	struct top *t = v->data;
	int cols = tui_cols(), y = y0, w;
	char head[256], num[FORMAT_SIZE], cell[FORMAT_SIZE + 8];
	size_t i;

	read_keys(v);
	snprintf(head, sizeof head, _("What waits for %s"), v->app->agent.display_name);
	tui_put(y++, 0, head, cols, TUI_HEADER, true);
	for (i = 0; i < NLINES && y < y0 + rows; i++) {
		enum tui_face f = i == t->cursor ? TUI_CURSOR : TUI_DEFAULT;
		int x = 0;

		if (!line_shown(v, i))
			continue;
		x += tui_put(y, x, " ", 1, f, true);
		x += tui_put(y, x, t->keys[i][0] ? t->keys[i] : "-", 6, f, true);
		cell[0] = '\0';
		if (lines[i].count != COUNT_NONE) {
			if (t->known)
				format_integer_ui(t->counts[lines[i].count], num, sizeof num);
			else
				snprintf(num, sizeof num, "…");
			snprintf(cell, sizeof cell, "%s", num);
		}
		w = cols - x - 12 > 10 ? cols - x - 12 : 10;
		x += tui_put(y, x, _(lines[i].label), w, f, true);
		/* the count to the right of its column */
		w = text_width(cell);
		if (cols - x > w)
			x += tui_put(y, x, "", cols - x - w - 1 > 0 ? cols - x - w - 1 : 0, f, true);
		x += tui_put(y, x, cell, w, f, true);
		if (cols - x > 0)
			tui_put(y, x, "", cols - x, f, true);
		y++;
	}
	while (y < y0 + rows)
		tui_put(y++, 0, "", cols, TUI_DEFAULT, true);
}

static void
open_line(struct view *v, size_t i)
{
	app_open(v->app, lines[i].command);
}

static void
move(struct view *v, int delta)
{
	struct top *t = v->data;
	size_t i = t->cursor;

	/* to the next line shown, staying put at either end */
	for (;;) {
		if ((delta < 0 && i == 0) || (delta > 0 && i + 1 >= NLINES))
			return;
		i = delta < 0 ? i - 1 : i + 1;
		if (line_shown(v, i)) {
			t->cursor = i;
			return;
		}
	}
}

static bool
top_run(struct view *v, enum keymap_function fn, bool tagged)
{
	struct top *t = v->data;
	size_t i;

	(void)tagged;
	for (i = 0; i < NLINES; i++) {
		if (lines[i].fn == fn && line_shown(v, i)) {
			t->cursor = i;
			open_line(v, i);
			return true;
		}
	}
	switch (fn) {
	case KEYMAP_FN_MOVE_DOWN:
		move(v, 1);
		return true;
	case KEYMAP_FN_MOVE_UP:
		move(v, -1);
		return true;
	case KEYMAP_FN_FIRST:
		t->cursor = 0;
		return true;
	case KEYMAP_FN_LAST:
		t->cursor = NLINES - 1;
		return true;
	case KEYMAP_FN_OPEN:
		open_line(v, t->cursor);
		return true;
	case KEYMAP_FN_REFRESH:
		count_now(v);
		return true;
	default:
		return false;
	}
}

/* Any news may change a count: count again (one request at a time). */
static void
top_event(struct view *v, const struct net_event *ev)
{
	(void)ev;
	count_now(v);
}

static void
top_status(struct view *v, char *buf, size_t size)
{
	struct top *t = v->data;

	snprintf(buf, size, "%s", t->known ? _("Top: Enter or a key opens a queue") :
	    _("Top: counting…"));
}

static void
top_close(struct view *v)
{
	struct top *t = v->data;

	if (t->request > 0)
		net_cancel(v->app->net, t->request);
	free(t);
	free(v);
}

static const struct view_ops top_ops = {
	"top", KEYMAP_VIEW_TOP, top_draw, top_run, top_event, top_status, top_close,
};

struct view *
top_view_new(struct app *app)
{
	struct view *v = calloc(1, sizeof *v);
	struct top *t = calloc(1, sizeof *t);

	if (v == NULL || t == NULL) {
		free(v);
		free(t);
		return NULL;
	}
	v->ops = &top_ops;
	v->app = app;
	v->data = t;
	count_now(v);
	return v;
}
