/* The reported item in its context, in a pager: the reports by reason,
 * the proposal and its thread of comments, then the author's history of
 * hidden content. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/format.h"
#include "../core/i18n.h"
#include "app.h"

/*
 * The pager is filled by two requests, one after the other: the proposal
 * and its thread, then the author's history, so that the sections keep
 * their order. Each is the pager's one request in flight (c->pager and
 * c->request): closing the pager cancels it and clears c->pager, and an
 * answer that is not the current request is dropped. The struct context
 * outlives the views (the queue keeps a static one).
 */

static void on_author(void *arg, long id, const struct net_author *a,
    const struct net_error *err);

/* Takes the answer of request id if it is the pager's current one: the
 * pager, no longer loading; NULL when the answer is to be dropped. */
static struct view *
context_take(struct context *c, long id)
{
	struct view *v = c->pager;

	/* the pager was closed before the answer came (its request then
	 * ends "cancelled"), maybe for another one */
	if (v == NULL || id != c->request)
		return NULL;
	c->pager = NULL;
	c->request = 0;
	pager_view_loading(v, 0, NULL);
	return v;
}

/* Asks for the author's history, to come after what the pager shows. */
static void
context_author(struct context *c, struct view *pv)
{
	struct net_error err;
	long request;

	if (c->author <= 0)
		return;
	request = net_author_get(c->app->net, c->author, on_author, c, &err);
	if (request < 0) {
		pager_view_add(pv, err.message);
		return;
	}
	c->pager = pv;
	c->request = request;
	pager_view_loading(pv, request, &c->pager);
}

static void
on_context(void *arg, long id, const struct net_proposal *p, const struct net_error *err)
{
	struct context *c = arg;
	struct view *v = context_take(c, id);
	char line[1024], text[400];
	size_t i;

	if (v == NULL)
		return;
	if (err != NULL) {
		pager_view_add(v, app_net_error(err, text, sizeof text));
		pager_view_add(v, "");
		/* cancelled from the list of requests: the agent wants no more */
		if (strcmp(err->code, "cancelled") != 0)
			context_author(c, v);
		return;
	}
	snprintf(line, sizeof line, _("Proposal %lld: %s"), p->id, p->title);
	pager_view_set_title(v, line);
	snprintf(line, sizeof line, _("Proposal %lld by %s, %s, state %s"), p->id,
	    p->author_name ? p->author_name : "?", p->district_name ? p->district_name : "",
	    state_label(p->state));
	pager_view_add(v, line);
	pager_view_add(v, "");
	pager_view_add(v, p->body ? p->body : "");
	pager_view_add(v, "");
	snprintf(line, sizeof line, ngettext("%ld comment", "%ld comments", p->comments_total),
	    p->comments_total);
	pager_view_add(v, line);
	for (i = 0; i < p->ncomments; i++) {
		const struct net_comment *cm = &p->comments[i];

		snprintf(line, sizeof line, "%s#%lld %s%s: %s", cm->parent_id ? "    " : "", cm->id,
		    cm->author_name ? cm->author_name : "?",
		    cm->hidden ? _(" [hidden]") : "", cm->body ? cm->body : "");
		pager_view_add(v, line);
	}
	pager_view_add(v, "");
	context_author(c, v);
}

/* A local date and time in the user's language ("22/11/2026 14:05",
 * "2026-11-22 14:05"), or "-" for 0. */
static void
local_time(time_t t, char *out, size_t size)
{
	if (t == 0 || format_datetime_ui(t, out, size)[0] == '\0')
		snprintf(out, size, "-");
}

static void
on_author(void *arg, long id, const struct net_author *a, const struct net_error *err)
{
	struct view *v = context_take(arg, id);
	char line[1024], text[400], at[32];
	size_t i;
	char *nl;

	if (v == NULL)
		return;
	if (err != NULL) {
		snprintf(line, sizeof line, _("Author's history: %s"),
		    app_net_error(err, text, sizeof text));
		pager_view_add(v, line);
		return;
	}
	if (a->district_name != NULL)
		snprintf(line, sizeof line, _("Author's history: %s (%s)"), a->display_name,
		    a->district_name);
	else
		snprintf(line, sizeof line, _("Author's history: %s"), a->display_name);
	pager_view_add(v, line);
	local_time(a->blocked_until, at, sizeof at);
	if (a->blocked_until == 0)
		snprintf(line, sizeof line, "%s", _("  never blocked"));
	else if (a->blocked_until > time(NULL))
		snprintf(line, sizeof line, _("  blocked until %s: %s"), at,
		    a->block_reason ? a->block_reason : "");
	else
		snprintf(line, sizeof line, _("  was blocked until %s: %s"), at,
		    a->block_reason ? a->block_reason : "");
	pager_view_add(v, line);
	snprintf(line, sizeof line, ngettext("  %ld hidden comment", "  %ld hidden comments",
	    a->hidden_comments), a->hidden_comments);
	pager_view_add(v, line);
	snprintf(line, sizeof line, ngettext("  %ld hidden proposal", "  %ld hidden proposals",
	    a->hidden_proposals), a->hidden_proposals);
	pager_view_add(v, line);
	snprintf(line, sizeof line, ngettext("  %ld open report on their content",
	    "  %ld open reports on their content", a->open_reports), a->open_reports);
	pager_view_add(v, line);
	if (a->nitems == 0)
		return;
	snprintf(line, sizeof line, _("  Last hidden items (%zu):"), a->nitems);
	pager_view_add(v, line);
	for (i = 0; i < a->nitems; i++) {
		const struct net_author_item *it = &a->items[i];

		local_time(it->moderated_at, at, sizeof at);
		/* TRANSLATORS: a hidden item: type, id, when, why, its text */
		snprintf(line, sizeof line, _("    %s #%lld  %s  %s  %s"),
		    it->target.type == NET_COMMENT ? _("comment") : _("proposal"), it->target.id, at,
		    /* the server's reason of an automatic hide is not words of ours */
		    it->hidden_auto ? _("pending review") : it->hidden_reason ? it->hidden_reason : "-",
		    it->excerpt ? it->excerpt : "");
		/* one pager line per item */
		while ((nl = strpbrk(line, "\r\n")) != NULL)
			*nl = ' ';
		pager_view_add(v, line);
	}
}

void
context_open(struct context *c, struct app *app, const struct context_item *item)
{
	struct view *pv;
	struct net_error err;
	char line[512];
	long request;
	int i;

	c->app = app;
	snprintf(line, sizeof line, item->target.type == NET_COMMENT ? _("Comment %lld") :
	    _("Proposal %lld"), item->target.id);
	pv = pager_view_new(app, line);
	if (pv == NULL)
		return;
	snprintf(line, sizeof line, _("Reported content by %s (%ld open reports):"),
	    item->author, item->open_reports);
	pager_view_add(pv, line);
	for (i = 0; i < NET_REASONS; i++) {
		if (item->reasons[i] > 0) {
			snprintf(line, sizeof line, "  %s: %ld", reason_label(i), item->reasons[i]);
			pager_view_add(pv, line);
		}
	}
	pager_view_add(pv, item->excerpt);
	pager_view_add(pv, "");
	app_push(app, pv);
	if (app_top(app) != pv)
		return;	/* too many views open: the pager was closed at once */
	c->author = item->author_id;
	request = net_proposal_get(app->net, item->target.type == NET_COMMENT ?
	    item->proposal_id : item->target.id, on_context, c, &err);
	if (request < 0) {
		pager_view_add(pv, err.message);
		pager_view_add(pv, "");
		context_author(c, pv);
		return;
	}
	c->pager = pv;
	c->request = request;
	pager_view_loading(pv, request, &c->pager);
}
