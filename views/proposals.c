/* The list of proposals, read only: every proposal loaded in the
 * background page by page, searched, limited and tagged with patterns;
 * Enter reads one in a pager (its text, author, state and comments). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/format.h"
#include "../core/i18n.h"
#include "../core/list.h"
#include "../core/pattern.h"
#include "../core/text.h"
#include "app.h"

struct prow {
	long long id;
	int version, edition;
	char *title;		/* sanitized */
	char *district_code, *district_name, *department, *state, *stage;	/* sanitized */
	long long total_cents;	/* -1: not costed */
	long supports;
	time_t created_at;
	bool priority, hidden, needs_answer;
};

struct proposals {
	struct listview lv;	/* the rows, their tags, limit and search */
	long request;		/* the loading in flight, 0 when none */
	bool loaded;
	/* the pager of the proposal under the cursor, and its request */
	struct view *pager;
	long pager_request;
};

static char *
safe(const char *s)
{
	return text_sanitize(s ? s : "", s ? strlen(s) : 0, 0);
}

static void
prow_free(struct prow *r)
{
	if (r == NULL)
		return;
	free(r->title);
	free(r->district_code);
	free(r->district_name);
	free(r->department);
	free(r->state);
	free(r->stage);
	free(r);
}

static struct prow *
prow_from(const struct net_proposal_item *it)
{
	struct prow *r = calloc(1, sizeof *r);

	if (r == NULL)
		return NULL;
	r->id = it->id;
	r->version = it->version;
	r->edition = it->edition;
	r->total_cents = it->total_cents;
	r->supports = it->supports;
	r->created_at = it->created_at;
	r->priority = it->priority_neighbourhood;
	r->hidden = it->hidden;
	r->needs_answer = it->needs_answer;
	r->title = safe(it->title);
	r->district_code = safe(it->district_code);
	r->district_name = safe(it->district_name);
	r->department = safe(it->department);
	r->state = safe(it->state);
	r->stage = safe(it->stage);
	if (r->title == NULL || r->district_code == NULL || r->district_name == NULL ||
	    r->department == NULL || r->state == NULL || r->stage == NULL) {
		prow_free(r);
		return NULL;
	}
	return r;
}

/* What patterns see of a proposal: ~s matches the API's state code. */
static void
prow_match(const struct prow *r, struct pattern_item *m)
{
	memset(m, 0, sizeof *m);
	m->body = r->title;
	m->title = r->title;
	m->type = "proposal";
	m->district_code = r->district_code;
	m->district_name = r->district_name;
	m->state = r->state;
	m->stage = r->stage[0] ? r->stage : NULL;
	m->department_code = r->department[0] ? r->department : NULL;
	m->date = r->created_at;
	m->cost_cents = r->total_cents;
	m->edition = r->edition;
	m->hidden = r->hidden;
	m->priority = r->priority;
}

/* ----- loading ----- */

static void
on_page(void *arg, long id, const struct net_proposal_page *page, const struct net_error *err)
{
	struct view *v = arg;
	struct proposals *p = v->data;
	struct pattern_item m;
	char text[400];
	size_t i;

	if (err != NULL) {
		if (id == p->request)
			p->request = 0;
		if (strcmp(err->code, "cancelled") != 0)
			app_error(v->app, "%s", app_net_error(err, text, sizeof text));
		return;
	}
	if (id != p->request)
		return;		/* of a loading replaced by a reload */
	for (i = 0; i < page->count; i++) {
		struct prow *r = prow_from(&page->items[i]);

		if (r == NULL)
			continue;
		prow_match(r, &m);
		if (list_append(&p->lv.list, r, &m) != 0)
			prow_free(r);
	}
	if (page->done) {
		p->request = 0;
		p->loaded = true;
	}
}

static void
clear_rows(struct proposals *p)
{
	size_t i;

	for (i = 0; i < p->lv.list.count; i++)
		prow_free(p->lv.list.entries[i].item);
	list_free(&p->lv.list);
	list_init(&p->lv.list);
}

static void
load(struct view *v)
{
	struct proposals *p = v->data;
	struct net_proposal_filter f;
	struct net_error err;
	char text[400];
	struct pattern *limit = p->lv.list.limit;

	if (p->request > 0)
		net_cancel(v->app->net, p->request);
	/* the limit outlives the reload */
	p->lv.list.limit = NULL;
	clear_rows(p);
	p->lv.list.limit = limit;
	p->loaded = false;
	memset(&f, 0, sizeof f);
	p->request = net_proposal_load_all(v->app->net, &f, 0, on_page, v, &err);
	if (p->request < 0) {
		p->request = 0;
		app_error(v->app, "%s", app_net_error(&err, text, sizeof text));
	}
}

/* ----- drawing ----- */

static void
age(time_t t, char *out, size_t size)
{
	long s = (long)(time(NULL) - t);

	if (t == 0)
		snprintf(out, size, "-");
	else if (s < 3600)
		snprintf(out, size, _("%ldm"), s / 60 > 0 ? s / 60 : 0);
	else if (s < 86400)
		snprintf(out, size, _("%ldh"), s / 3600);
	else
		snprintf(out, size, _("%ldd"), s / 86400);
}

/* The columns, their titles and widths in cells, in the order drawn. */
static const struct {
	const char *title;
	int cells;
	bool right;
} columns[] = {
	{ "", 3, false }, { N_("Id"), 7, true }, { N_("District"), 16, false },
	{ N_("State"), 15, false }, { N_("Cost"), 14, true }, { N_("Supports"), 9, true },
	{ N_("Age"), 5, true }, { N_("Title"), 60, false },
};

static void
draw_row(void *ctx, size_t i, int y, int cols, enum tui_face face)
{
	struct view *v = ctx;
	struct proposals *p = v->data;
	struct list_entry *e = &p->lv.list.entries[p->lv.list.visible[i]];
	struct prow *r = e->item;
	char cells[7][FORMAT_SIZE + 8], fitted[FORMAT_SIZE + 8];
	enum tui_face f = face;
	size_t spans[16];
	int nspans = 0, x = 0, c;

	if (face != TUI_CURSOR)
		f = e->tagged ? TUI_TAGGED : r->hidden ? TUI_HIDDEN : TUI_DEFAULT;
	snprintf(cells[0], sizeof cells[0], "%s%s", e->tagged ? "*" : " ",
	    r->hidden ? "h" : r->priority ? "+" : " ");
	snprintf(cells[1], sizeof cells[1], "%lld", r->id);
	snprintf(cells[2], sizeof cells[2], "%s", r->district_name);
	snprintf(cells[3], sizeof cells[3], "%s", state_label(r->state));
	if (r->total_cents < 0)
		snprintf(cells[4], sizeof cells[4], "-");
	else
		format_money_ui(r->total_cents, cells[4], sizeof cells[4]);
	format_integer_ui(r->supports, cells[5], sizeof cells[5]);
	age(r->created_at, cells[6], sizeof cells[6]);
	for (c = 0; c < 7; c++) {
		/* a column, then a space; numbers to the right */
		int w = columns[c].cells - 1, used = text_width(cells[c]);

		if (columns[c].right && used < w)
			x += tui_put(y, x, "", w - used, f, true);
		text_fit(cells[c], columns[c].right && used < w ? used : w, 1, 1, fitted,
		    sizeof fitted);
		x += tui_put(y, x, fitted, columns[c].right && used < w ? used : w, f, true);
		x += tui_put(y, x, " ", 1, f, true);
	}
	if (p->lv.highlight != NULL)
		nspans = pattern_highlights(p->lv.highlight, r->title, spans, 8);
	if (cols - x > 0) {
		int used = tui_put_spans(y, x, r->title, cols - x, f, spans, nspans,
		    TUI_HIGHLIGHT);

		tui_put(y, x + used, "", cols - x - used, f, true);
	}
}

static void
header(char *out, size_t size)
{
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; i < sizeof columns / sizeof columns[0] && used < size; i++) {
		const char *title = columns[i].title[0] ? _(columns[i].title) : "";
		int w = columns[i].cells - 1, tw = text_width(title);

		/* numbers' titles to the right, like the numbers */
		if (columns[i].right && tw < w) {
			snprintf(out + used, size - used, "%*s", w - tw, "");
			used += strlen(out + used);
			w = tw;
		}
		text_fit(title, w, 0, 1, out + used, size - used);
		used += strlen(out + used);
		snprintf(out + used, size - used, " ");
		used += strlen(out + used);
	}
}

static void
proposals_draw(struct view *v, int y0, int rows)
{
	struct proposals *p = v->data;
	char head[512];

	list_scroll(&p->lv.list, rows > 1 ? (size_t)(rows - 1) : 1);
	header(head, sizeof head);
	tui_list_draw(y0, rows, p->lv.list.nvisible, p->lv.list.top, p->lv.list.cursor, head,
	    draw_row, v);
}

static void
proposals_status(struct view *v, char *buf, size_t size)
{
	struct proposals *p = v->data;
	size_t tagged = list_tagged_count(&p->lv.list);
	char count[64], tags[64] = "", limit[300] = "", n[FORMAT_SIZE];

	snprintf(count, sizeof count, ngettext("%s proposal", "%s proposals", p->lv.list.nvisible),
	    format_integer_ui((long long)p->lv.list.nvisible, n, sizeof n));
	if (tagged > 0)
		snprintf(tags, sizeof tags, ngettext(", %s tagged", ", %s tagged", tagged),
		    format_integer_ui((long long)tagged, n, sizeof n));
	if (p->lv.list.limit != NULL)
		snprintf(limit, sizeof limit, _(", limit: %s"), p->lv.limit_text);
	snprintf(buf, size, _("Proposals: %s%s%s%s"), count, tags, limit,
	    p->loaded ? "" : _(" (loading)"));
}

/* ----- one proposal in a pager ----- */

static void
local_time(time_t t, char *out, size_t size)
{
	if (t == 0 || format_datetime_ui(t, out, size)[0] == '\0')
		snprintf(out, size, "-");
}

static void
on_proposal(void *arg, long id, const struct net_proposal *pr, const struct net_error *err)
{
	struct proposals *p = arg;
	struct view *pv = p->pager;
	char line[1024], text[400], at[FORMAT_SIZE];
	size_t i;

	/* the pager was closed (its request then ends "cancelled") */
	if (pv == NULL || id != p->pager_request)
		return;
	p->pager = NULL;
	p->pager_request = 0;
	pager_view_loading(pv, 0, NULL);
	if (err != NULL) {
		pager_view_add(pv, app_net_error(err, text, sizeof text));
		return;
	}
	snprintf(line, sizeof line, _("Proposal %lld: %s"), pr->id, pr->title);
	pager_view_set_title(pv, line);
	local_time(pr->created_at, at, sizeof at);
	/* TRANSLATORS: the author, the district, the date of the proposal */
	snprintf(line, sizeof line, _("By %s, %s, on %s"), pr->author_name ? pr->author_name : "?",
	    pr->district_name ? pr->district_name : "", at);
	pager_view_add(pv, line);
	if (pr->state_reason != NULL)
		snprintf(line, sizeof line, _("State: %s (%s)"), state_label(pr->state),
		    pr->state_reason);
	else
		snprintf(line, sizeof line, _("State: %s"), state_label(pr->state));
	pager_view_add(pv, line);
	snprintf(line, sizeof line, ngettext("%ld support", "%ld supports", pr->supports),
	    pr->supports);
	pager_view_add(pv, line);
	if (pr->referent != NULL) {
		snprintf(line, sizeof line, _("Referent: %s"), pr->referent);
		pager_view_add(pv, line);
	}
	if (pr->address != NULL) {
		snprintf(line, sizeof line, _("Address: %s"), pr->address);
		pager_view_add(pv, line);
	}
	pager_view_add(pv, "");
	pager_view_add(pv, pr->body ? pr->body : "");
	pager_view_add(pv, "");
	snprintf(line, sizeof line, ngettext("%ld comment", "%ld comments", pr->comments_total),
	    pr->comments_total);
	pager_view_add(pv, line);
	for (i = 0; i < pr->ncomments; i++) {
		const struct net_comment *cm = &pr->comments[i];

		snprintf(line, sizeof line, "%s#%lld %s%s: %s", cm->parent_id ? "    " : "", cm->id,
		    cm->author_name ? cm->author_name : "?",
		    cm->hidden ? _(" [hidden]") : "", cm->body ? cm->body : "");
		pager_view_add(pv, line);
	}
}

static void
open_proposal(struct view *v)
{
	struct proposals *p = v->data;
	struct list_entry *e = list_current(&p->lv.list);
	struct net_error err;
	struct view *pv;
	struct prow *r;
	char line[512];
	long request;

	if (e == NULL)
		return;
	r = e->item;
	snprintf(line, sizeof line, _("Proposal %lld: %s"), r->id, r->title);
	pv = pager_view_new(v->app, line);
	if (pv == NULL)
		return;
	app_push(v->app, pv);
	if (app_top(v->app) != pv)
		return;		/* too many views: the pager is already closed */
	request = net_proposal_get(v->app->net, r->id, on_proposal, p, &err);
	if (request < 0) {
		pager_view_add(pv, err.message);
		return;
	}
	p->pager = pv;
	p->pager_request = request;
	pager_view_loading(pv, request, &p->pager);
}

/* ----- keys ----- */

static bool
proposals_run(struct view *v, enum keymap_function fn, bool tagged)
{
	struct proposals *p = v->data;

	(void)tagged;
	if (listview_run(&p->lv, fn))
		return true;
	switch (fn) {
	case KEYMAP_FN_OPEN:
		open_proposal(v);
		return true;
	case KEYMAP_FN_REFRESH:
		load(v);
		return true;
	default:
		return false;
	}
}

/* A reset of the event stream: what is shown may be stale. */
static void
proposals_event(struct view *v, const struct net_event *ev)
{
	if (ev->kind == NET_EV_RESET)
		load(v);
}

static void
proposals_close(struct view *v)
{
	struct proposals *p = v->data;

	if (p->request > 0)
		net_cancel(v->app->net, p->request);
	/* the pager is above this view and closed before it: nothing to clear */
	clear_rows(p);
	listview_free(&p->lv);
	free(p);
	free(v);
}

static const struct listview_words proposals_words = {
	N_("Tag proposals matching: "), N_("Untag proposals matching: "),
	N_("Limit to proposals matching (empty: all): "),
	{ NN_("%zu proposal tagged", "%zu proposals tagged") },
	{ NN_("%zu proposal untagged", "%zu proposals untagged") },
};

static const struct view_ops proposals_ops = {
	"proposals", KEYMAP_VIEW_PROPOSALS, proposals_draw, proposals_run, proposals_event,
	proposals_status, proposals_close,
};

struct view *
proposals_view_new(struct app *app)
{
	struct view *v = calloc(1, sizeof *v);
	struct proposals *p = calloc(1, sizeof *p);

	if (v == NULL || p == NULL) {
		free(v);
		free(p);
		return NULL;
	}
	listview_init(&p->lv, v, &proposals_words);
	v->ops = &proposals_ops;
	v->app = app;
	v->data = p;
	load(v);
	return v;
}
