/* What every action on proposals does alike: the rows it applies to, their
 * items sent with the versions the agent saw, each row pending then done,
 * in conflict (who changed it, when) or refused (why), and the counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/i18n.h"
#include "../core/text.h"
#include "proposals.h"

struct batch *
batch_new(struct view *v, bool tagged)
{
	struct proposals *p = v->data;
	struct batch *b;
	size_t n = 0, i;

	if (tagged) {
		n = list_tagged_count(&p->lv.list);
		if (n == 0) {
			app_info(v->app, _("No proposal is tagged."));
			return NULL;
		}
	} else if (list_current(&p->lv.list) == NULL) {
		app_info(v->app, _("No proposal here."));
		return NULL;
	} else {
		n = 1;
	}
	b = calloc(1, sizeof *b);
	if (b == NULL || (b->rows = calloc(n, sizeof *b->rows)) == NULL ||
	    (b->items = calloc(n, sizeof *b->items)) == NULL) {
		batch_free(b);
		app_error(v->app, "%s", _("out of memory"));
		return NULL;
	}
	b->app = v->app;
	b->v = v;
	b->tagged = tagged;
	if (!tagged) {
		b->rows[b->count++] = list_current(&p->lv.list)->item;
	} else {
		/* in the order of the list, hidden by the limit or not */
		for (i = 0; i < p->lv.list.count && b->count < n; i++)
			if (p->lv.list.entries[i].tagged)
				b->rows[b->count++] = p->lv.list.entries[i].item;
	}
	for (i = 0; i < b->count; i++) {
		b->items[i].target.type = NET_PROPOSAL;
		b->items[i].target.id = b->rows[i]->id;
		b->items[i].version = b->rows[i]->version;
	}
	return b;
}

void
batch_free(struct batch *b)
{
	if (b == NULL)
		return;
	free(b->rows);
	free(b->items);
	free(b->ctx);
	free(b);
}

void
batch_sent(struct batch *b)
{
	struct proposals *p = b->v->data;
	size_t i;

	for (i = 0; i < b->count; i++) {
		b->rows[i]->result = PROW_PENDING;
		prow_set_note(b->rows[i], _("sending"));
	}
	if (b->tagged)
		for (i = 0; i < p->lv.list.count; i++)
			p->lv.list.entries[i].tagged = false;
	b->next = p->batches;
	p->batches = b;
	/* from now on rows are found by id: a reload may replace them */
	free(b->rows);
	b->rows = NULL;
}

void
batch_unlink(struct batch *b)
{
	struct proposals *p;
	struct batch **link;

	if (b->v == NULL)
		return;
	p = b->v->data;
	for (link = &p->batches; *link != NULL; link = &(*link)->next) {
		if (*link == b) {
			*link = b->next;
			break;
		}
	}
}

void
batch_detach_all(struct proposals *p)
{
	struct batch *b;

	for (b = p->batches; b != NULL; b = b->next)
		b->v = NULL;
	p->batches = NULL;
}

/* Why the server refused an item, in the user's words when it is a known
 * reason; its own words otherwise. */
static const struct {
	const char *server;
	const char *message;
} item_messages[] = {
	{ "no such proposal", N_("no such proposal") },
	{ "changed since you read it", N_("changed since you read it") },
	{ "not in your department", N_("not in your department") },
	{ "this proposal is not in your department", N_("not in your department") },
	/* the instruction: admissibility, selection, stages */
	{ "the proposal is already admissible", N_("already admissible") },
	{ "the proposal is already inadmissible", N_("already inadmissible") },
	{ "only winning projects have stages", N_("not a winner") },
	{ "the project is done: its stage no longer moves", N_("done: its stage no longer moves") },
	{ "the project is abandoned: its stage no longer moves",
	  N_("abandoned: its stage no longer moves") },
	{ "it has no costing", N_("not costed yet") },
	{ "it is already selected", N_("already selected") },
	{ "its costing opinion is unfavourable: it cannot be put to the vote",
	  N_("unfavourable opinion: it cannot be put to the vote") },
	{ "its vote results are recorded: its selection can no longer be undone",
	  N_("its votes are recorded: it stays in the vote") },
};

static const char *
item_message(const struct net_item_result *res)
{
	size_t i;

	if (res->message == NULL)
		return res->status == NET_ITEM_FORBIDDEN ? _("not allowed") : _("refused");
	for (i = 0; i < sizeof item_messages / sizeof item_messages[0]; i++)
		if (strcmp(res->message, item_messages[i].server) == 0)
			return _(item_messages[i].message);
	return res->message;
}

static void
conflict_note(struct prow *r, const struct net_item_result *res)
{
	char when[64] = "", note[300];
	struct tm tm;

	if (res->at != 0 && localtime_r(&res->at, &tm) != NULL)
		strftime(when, sizeof when, "%H:%M", &tm);
	snprintf(note, sizeof note, _("already changed by %s at %s"), res->by ? res->by : "?",
	    when);
	prow_set_note(r, note);
}

void
batch_done(void *arg, long id, const struct net_decision *d, const struct net_error *err)
{
	struct batch *b = arg;
	char text[400];
	size_t i;

	(void)id;
	batch_unlink(b);
	if (err != NULL) {
		for (i = 0; i < b->count && b->v != NULL; i++) {
			struct prow *r = proposals_find(b->v->data, b->items[i].target.id);

			if (r != NULL) {
				r->result = PROW_FAILED;
				prow_set_note(r, app_net_error(err, text, sizeof text));
			}
		}
		app_error(b->app, "%s", app_net_error(err, text, sizeof text));
		goto done;
	}
	for (i = 0; i < d->count && b->v != NULL; i++) {
		const struct net_item_result *res = &d->results[i];
		struct prow *r = proposals_find(b->v->data, res->target.id);

		if (r == NULL)
			continue;
		if (res->status == NET_ITEM_OK) {
			r->result = PROW_DONE;
			r->version = res->version;
			if (b->apply != NULL)
				b->apply(r, res, b->ctx);
			prow_set_note(r, b->done);
		} else if (res->status == NET_ITEM_CONFLICT) {
			r->result = PROW_CONFLICT;
			r->version = res->version;
			conflict_note(r, res);
		} else {
			r->result = PROW_FAILED;
			prow_set_note(r, item_message(res));
		}
	}
	/* TRANSLATORS: the action done ("admissible"), then the counts */
	app_info(b->app, _("%s: %zu done, %zu changed meanwhile, %zu refused"), b->done,
	    d->counts[NET_ITEM_OK], d->counts[NET_ITEM_CONFLICT],
	    d->counts[NET_ITEM_FORBIDDEN] + d->counts[NET_ITEM_INVALID]);
done:
	if (b->v != NULL)
		proposals_rematch(b->v);
	batch_free(b);
}
