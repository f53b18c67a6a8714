/* What every list view does alike: moving, tagging, limiting and searching
 * with patterns. A view keeps a struct listview and hands it the functions
 * it does not handle itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/format.h"
#include "../core/i18n.h"
#include "app.h"
#include "timing.h"

void
listview_init(struct listview *lv, struct view *v, const struct listview_words *words)
{
	memset(lv, 0, sizeof *lv);
	list_init(&lv->list);
	lv->view = v;
	lv->words = words;
}

void
listview_free(struct listview *lv)
{
	list_free(&lv->list);
	pattern_free(lv->search);
	pattern_free(lv->highlight);
}

static struct pattern *
compile(struct listview *lv, const char *text)
{
	struct pattern_error err;
	struct pattern *p = pattern_compile(text, time(NULL), &err);

	if (p == NULL)
		app_error(lv->view->app, _("bad pattern at %zu: %s"), err.offset + 1, err.message);
	return p;
}

static void
limit_done(struct app *app, const char *answer, void *ctx)
{
	struct listview *lv = ctx;
	struct pattern *p = NULL, *h = NULL;
	double t0 = timing_now();

	(void)app;
	/* two compiled copies: the list keeps one, highlighting uses the other */
	if (*answer != '\0' && ((p = compile(lv, answer)) == NULL || (h = compile(lv, answer)) == NULL)) {
		pattern_free(p);
		return;
	}
	snprintf(lv->limit_text, sizeof lv->limit_text, "%s", answer);
	list_set_limit(&lv->list, p);
	timing_record("limit", timing_now() - t0, "ms");
	pattern_free(lv->highlight);
	lv->highlight = h;
}

static void
tag_done(struct app *app, struct listview *lv, const char *answer, bool tag)
{
	struct pattern *p = compile(lv, answer);
	size_t n;

	if (p == NULL)
		return;
	n = list_tag_matching(&lv->list, p, tag);
	pattern_free(p);
	/* the formats are the view's own constant words, each with one %zu */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	app_info(app, tag ? ngettext(lv->words->tagged[0], lv->words->tagged[1], n) :
	    ngettext(lv->words->untagged[0], lv->words->untagged[1], n), n);
#pragma GCC diagnostic pop
}

static void
tag_yes(struct app *app, const char *answer, void *ctx)
{
	tag_done(app, ctx, answer, true);
}

static void
untag_yes(struct app *app, const char *answer, void *ctx)
{
	tag_done(app, ctx, answer, false);
}

static void
search_done(struct app *app, const char *answer, void *ctx)
{
	struct listview *lv = ctx;
	struct pattern *p = compile(lv, answer);

	if (p == NULL)
		return;
	pattern_free(lv->search);
	lv->search = p;
	snprintf(lv->search_text, sizeof lv->search_text, "%s", answer);
	if (!list_search(&lv->list, p, true))
		app_info(app, _("Not found: %s"), answer);
}

bool
listview_run(struct listview *lv, enum keymap_function fn)
{
	struct list *l = &lv->list;
	struct app *app = lv->view->app;
	struct list_entry *e = list_current(l);
	long page = tui_rows() > 4 ? tui_rows() - 4 : 1;

	switch (fn) {
	case KEYMAP_FN_MOVE_DOWN: list_move(l, 1); return true;
	case KEYMAP_FN_MOVE_UP: list_move(l, -1); return true;
	case KEYMAP_FN_PAGE_DOWN: list_move(l, page); return true;
	case KEYMAP_FN_PAGE_UP: list_move(l, -page); return true;
	case KEYMAP_FN_FIRST: list_goto(l, 0); return true;
	case KEYMAP_FN_LAST:
		list_goto(l, l->nvisible ? l->nvisible - 1 : 0);
		return true;
	case KEYMAP_FN_TAG:
		if (e != NULL) {
			e->tagged = !e->tagged;
			list_move(l, 1);
		}
		return true;
	case KEYMAP_FN_TAG_PATTERN:
		app_prompt(app, _(lv->words->tag_prompt), "", false, tag_yes, lv);
		return true;
	case KEYMAP_FN_UNTAG_PATTERN:
		app_prompt(app, _(lv->words->untag_prompt), "", false, untag_yes, lv);
		return true;
	case KEYMAP_FN_LIMIT:
		app_prompt(app, _(lv->words->limit_prompt), lv->limit_text, false, limit_done, lv);
		return true;
	case KEYMAP_FN_SEARCH:
		app_prompt(app, "/", "", false, search_done, lv);
		return true;
	case KEYMAP_FN_SEARCH_NEXT:
	case KEYMAP_FN_SEARCH_PREV:
		if (lv->search == NULL)
			app_info(app, _("No search yet: press / first."));
		else if (!list_search(l, lv->search, fn == KEYMAP_FN_SEARCH_NEXT))
			app_info(app, _("Not found: %s"), lv->search_text);
		return true;
	default:
		return false;
	}
}

const char *
listview_status(const struct listview *lv, char *out, size_t size)
{
	size_t tagged = list_tagged_count(&lv->list);
	char tags[64] = "", limit[300] = "", n[FORMAT_SIZE];

	if (tagged > 0)
		snprintf(tags, sizeof tags, ngettext(", %s tagged", ", %s tagged", tagged),
		    format_integer_ui((long long)tagged, n, sizeof n));
	if (lv->list.limit != NULL)
		snprintf(limit, sizeof limit, _(", limit: %s"), lv->limit_text);
	snprintf(out, size, "%s%s", tags, limit);
	return out;
}
