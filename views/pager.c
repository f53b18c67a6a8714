/* A pager view: the item in its context, and the help screen generated
 * from the live keymap. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/i18n.h"
#include "../core/text.h"
#include "app.h"

struct pager {
	struct tui_pager pager;
	char title[256];
	int rows;
	long request;		/* filling it, 0 when none */
	struct view **slot;	/* the request's pointer to this pager */
};

int
pager_view_add(struct view *v, const char *line)
{
	struct pager *p = v->data;
	char *safe = text_sanitize(line, strlen(line), 1), *start, *nl;
	int rc = 0;

	if (safe == NULL)
		return -1;
	/* one pager line per line of text; long lines are cut by the screen */
	for (start = safe; rc == 0; start = nl + 1) {
		nl = strchr(start, '\n');
		if (nl != NULL)
			*nl = '\0';
		rc = tui_pager_add(&p->pager, start);
		if (nl == NULL)
			break;
	}
	free(safe);
	return rc;
}

void
pager_view_set_title(struct view *v, const char *title)
{
	struct pager *p = v->data;
	char *safe = text_sanitize(title, strlen(title), 0);

	snprintf(p->title, sizeof p->title, "%s", safe ? safe : "");
	free(safe);
}

static void
pager_draw(struct view *v, int y0, int rows)
{
	struct pager *p = v->data;

	p->rows = rows - 1;
	tui_put(y0, 0, p->title, tui_cols(), TUI_HEADER, true);
	tui_pager_draw(&p->pager, y0 + 1, rows - 1);
}

static bool
pager_run(struct view *v, enum keymap_function fn, bool tagged)
{
	struct pager *p = v->data;
	int page = p->rows > 1 ? p->rows : 1;

	(void)tagged;
	switch (fn) {
	case KEYMAP_FN_MOVE_DOWN:
	case KEYMAP_FN_LINE_DOWN:
		tui_pager_scroll(&p->pager, 1, page);
		return true;
	case KEYMAP_FN_MOVE_UP:
	case KEYMAP_FN_LINE_UP:
		tui_pager_scroll(&p->pager, -1, page);
		return true;
	case KEYMAP_FN_PAGE_DOWN:
		tui_pager_scroll(&p->pager, page, page);
		return true;
	case KEYMAP_FN_PAGE_UP:
		tui_pager_scroll(&p->pager, -page, page);
		return true;
	case KEYMAP_FN_HALF_PAGE_DOWN:
		tui_pager_scroll(&p->pager, page / 2, page);
		return true;
	case KEYMAP_FN_HALF_PAGE_UP:
		tui_pager_scroll(&p->pager, -page / 2, page);
		return true;
	case KEYMAP_FN_FIRST:
		p->pager.top = 0;
		return true;
	case KEYMAP_FN_LAST:
		tui_pager_scroll(&p->pager, (long)p->pager.count, page);
		return true;
	case KEYMAP_FN_OPEN:
		return true;
	default:
		return false;
	}
}

static void
pager_status(struct view *v, char *buf, size_t size)
{
	struct pager *p = v->data;

	snprintf(buf, size, _("%s (line %zu of %zu, q to go back)"), p->title,
	    p->pager.count ? p->pager.top + 1 : 0, p->pager.count);
}

void
pager_view_loading(struct view *v, long request, struct view **slot)
{
	struct pager *p = v->data;

	p->request = request;
	p->slot = request != 0 ? slot : NULL;
}

static void
pager_close(struct view *v)
{
	struct pager *p = v->data;

	/* the answer may come after the pager is gone: it must not fill it */
	if (p->request != 0)
		net_cancel(v->app->net, p->request);
	if (p->slot != NULL)
		*p->slot = NULL;
	tui_pager_clear(&p->pager);
	free(p);
	free(v);
}

static const struct view_ops pager_ops = {
	"pager", KEYMAP_VIEW_PAGER, pager_draw, pager_run, NULL, pager_status, pager_close,
};

struct view *
pager_view_new(struct app *app, const char *title)
{
	struct view *v = calloc(1, sizeof *v);
	struct pager *p = calloc(1, sizeof *p);

	if (v == NULL || p == NULL) {
		free(v);
		free(p);
		return NULL;
	}
	v->ops = &pager_ops;
	v->app = app;
	v->data = p;
	pager_view_set_title(v, title);
	return v;
}

struct view *
help_view_new(struct app *app, enum keymap_view keymap)
{
	struct view *v;
	struct keymap_help *h;
	size_t n = 0, i;
	char line[512], title[128];

	snprintf(title, sizeof title, _("Help: %s"), keymap_view_help(keymap));
	v = pager_view_new(app, title);
	if (v == NULL)
		return NULL;
	h = keymap_help(app->km, keymap, &n);
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof line, "%-16s %-16s %s", h[i].keys[0] ? h[i].keys : "-",
		    h[i].name, h[i].text);
		pager_view_add(v, line);
	}
	free(h);
	pager_view_add(v, "");
	if (keymap == KEYMAP_VIEW_PROPOSALS || keymap == KEYMAP_VIEW_PROPOSAL)
		pager_view_add(v, _("Patterns (T, ^T, l, /): ~b RE text, ~s STATE, ~S STAGE, "
		    "~D DISTRICT, ~p DEPARTMENT, ~c MIN-MAX cost in euros, ~e EDITION, "
		    "~q priority neighbourhood, ~m mine, ~d <2d age, ~h hidden,"));
	else
		pager_view_add(v, _("Patterns (T, ^T, l, /): ~b RE body, ~a RE author, "
		    "~r REASON, ~n MIN-MAX reports, ~d <2d age, ~h hidden, ~t comment|proposal,"));
	pager_view_add(v, _("  combined with ! (not), | (or), spaces (and) and parentheses; "
	    "a bare word searches the text."));
	pager_view_add(v, _("Press ; before an action to apply it to every tagged item."));
	return v;
}
