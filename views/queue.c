/* The moderation queue: one row per reported target, loaded in the
 * background page by page; decisions on the cursor item or on all tagged
 * items go to the server as one bulk call, rows showing pending then
 * their result; live events add reports and drop what colleagues decided. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/format.h"
#include "../core/i18n.h"
#include "../core/idmap.h"
#include "../core/list.h"
#include "../core/pattern.h"
#include "../core/text.h"
#include "app.h"
#include "queue.h"
#include "timing.h"


static void
row_free(struct row *r)
{
	free(r->excerpt);
	free(r->author);
	free(r->note);
	free(r);
}

void
queue_row_set_note(struct row *r, const char *note)
{
	free(r->note);
	r->note = note ? text_sanitize(note, strlen(note), 0) : NULL;
}

static void
row_match(const struct row *r, struct pattern_item *m)
{
	int i;

	memset(m, 0, sizeof *m);
	m->body = r->excerpt;
	m->author = r->author;
	m->type = r->target.type == NET_COMMENT ? "comment" : "proposal";
	for (i = 0; i < NET_REASONS; i++)
		if (r->reasons[i] > 0)
			m->reasons |= 1u << i;
	m->reports = r->open_reports;
	m->date = r->last_report_at;
	m->cost_cents = -1;
	m->hidden = r->hidden;
}

static struct row *
row_from(const struct net_queue_item *it)
{
	struct row *r = calloc(1, sizeof *r);

	if (r == NULL)
		return NULL;
	r->target = it->target;
	r->version = it->version;
	r->open_reports = it->open_reports;
	memcpy(r->reasons, it->reasons, sizeof r->reasons);
	r->main_reason = it->main_reason;
	r->first_report_at = it->first_report_at;
	r->last_report_at = it->last_report_at;
	r->excerpt = text_sanitize(it->excerpt, it->excerpt ? strlen(it->excerpt) : 0, 0);
	r->author = text_sanitize(it->author_name, it->author_name ? strlen(it->author_name) : 0, 0);
	r->author_id = it->author_id;
	r->hidden = it->hidden;
	r->hidden_auto = it->hidden_auto;
	r->escalated = it->escalated;
	r->proposal_id = it->proposal_id;
	if (r->excerpt == NULL || r->author == NULL) {
		row_free(r);
		return NULL;
	}
	return r;
}

static uint64_t
target_key(struct net_target t)
{
	return (uint64_t)t.id * 2 + (t.type == NET_PROPOSAL);
}

struct row *
queue_find_row(struct queue *q, struct net_target t)
{
	return idmap_get(&q->index, target_key(t));
}

/* ----- loading ----- */

static void on_page(void *arg, long id, const struct net_queue_page *page,
    const struct net_error *err);

/* What patterns see of every row, again, then the limit again: after many
 * rows changed at once (one pass, not one search per row). */
void
queue_rematch_all(struct queue *q)
{
	size_t i;

	for (i = 0; i < q->lv.list.count; i++)
		row_match(q->lv.list.entries[i].item, &q->lv.list.entries[i].match);
	list_refresh(&q->lv.list);
}

/* Adds a row, or updates a known one; true when a known row changed (its
 * pattern data is then stale until rematch_all). */
static bool
merge_item(struct queue *q, const struct net_queue_item *it)
{
	struct row *r = queue_find_row(q, it->target), *n;
	struct pattern_item m;

	if (r != NULL) {
		/* known: the server's numbers are newer, our result notes stay */
		if (r->state == ROW_PENDING)
			return false;
		r->version = it->version;
		r->open_reports = it->open_reports;
		memcpy(r->reasons, it->reasons, sizeof r->reasons);
		r->main_reason = it->main_reason;
		r->last_report_at = it->last_report_at;
		r->hidden = it->hidden;
		r->hidden_auto = it->hidden_auto;
		r->escalated = it->escalated;
		return true;
	}
	n = row_from(it);
	if (n == NULL)
		return false;
	row_match(n, &m);
	if (idmap_put(&q->index, target_key(n->target), n) != 0) {
		row_free(n);
		return false;
	}
	if (list_append(&q->lv.list, n, &m) != 0) {
		idmap_remove(&q->index, target_key(n->target));
		row_free(n);
	}
	return false;
}

static void
load(struct view *v, bool all)
{
	struct queue *q = v->data;
	struct net_queue_filter f;
	struct net_error err;
	char text[400];

	memset(&f, 0, sizeof f);
	f.sort = q->sort;
	if (q->request > 0)
		net_cancel(v->app->net, q->request);
	q->request_all = all;
	q->request = all ? net_queue_load_all(v->app->net, &f, 0, on_page, v->app, &err) :
	    (f.limit = 100, net_queue_page(v->app->net, &f, on_page, v->app, &err));
	if (q->request < 0) {
		q->request = 0;
		app_error(v->app, "%s", app_net_error(&err, text, sizeof text));
	}
}

static int
compare_rows(const void *a, const void *b, enum net_sort sort)
{
	const struct row *x = a, *y = b;

	switch (sort) {
	case NET_SORT_COUNT:
		if (x->open_reports != y->open_reports)
			return x->open_reports > y->open_reports ? -1 : 1;
		break;
	case NET_SORT_OLDEST:
		if (x->first_report_at != y->first_report_at)
			return x->first_report_at < y->first_report_at ? -1 : 1;
		break;
	default:
		if (x->last_report_at != y->last_report_at)
			return x->last_report_at > y->last_report_at ? -1 : 1;
		break;
	}
	return x->target.id < y->target.id ? 1 : x->target.id > y->target.id ? -1 : 0;
}

static int cmp_recent(const void *a, const void *b) { return compare_rows(a, b, NET_SORT_RECENT); }
static int cmp_count(const void *a, const void *b) { return compare_rows(a, b, NET_SORT_COUNT); }
static int cmp_oldest(const void *a, const void *b) { return compare_rows(a, b, NET_SORT_OLDEST); }

static void
sort_rows(struct queue *q)
{
	list_sort(&q->lv.list, q->sort == NET_SORT_COUNT ? cmp_count :
	    q->sort == NET_SORT_OLDEST ? cmp_oldest : cmp_recent);
}

static const struct view_ops queue_ops;

/* The request in flight of a view of this kind, to find it again. */
static long
request_of(const struct view *v)
{
	return ((const struct queue *)v->data)->request;
}

static void
on_page(void *arg, long id, const struct net_queue_page *page, const struct net_error *err)
{
	struct view *v = app_view_of_request(arg, &queue_ops, request_of, id);
	struct queue *q;
	char text[400];
	bool changed = false;
	size_t i;

	if (v == NULL)
		return;		/* the queue is closed, or reloaded since */
	q = v->data;
	if (err != NULL) {
		q->request = 0;
		if (strcmp(err->code, "cancelled") != 0)
			app_error(v->app, "%s", app_net_error(err, text, sizeof text));
		return;
	}
	for (i = 0; i < page->count; i++)
		changed |= merge_item(q, &page->items[i]);
	if (changed)
		queue_rematch_all(q);
	if (q->loaded_count == 0 && page->count > 0)
		timing_record("first_screen", timing_now(), "ms");
	q->loaded_count = page->loaded;
	/* the newest page alone (for a live report) is its request's last
	 * one, whether or not more pages follow on the server */
	if (page->done || page->next_cursor == NULL || (id == q->request && !q->request_all)) {
		bool at_top = q->lv.list.top == 0;

		if (id == q->request)
			q->request = 0;
		if (!q->loaded)
			timing_record("queue_loaded", timing_now(), "ms");
		q->loaded = true;
		sort_rows(q);
		/* who watches the top of the queue sees what arrives there */
		if (at_top)
			q->lv.list.top = 0;
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

static void
draw_row(void *ctx, size_t i, int y, int cols, enum tui_face face)
{
	struct view *v = ctx;
	struct queue *q = v->data;
	struct list_entry *e = &q->lv.list.entries[q->lv.list.visible[i]];
	struct row *r = e->item;
	char mark[16], count[16], when[16], cell[300];
	const char *reason = r->main_reason >= 0 && r->main_reason < NET_REASONS ?
	    reason_label(r->main_reason) : "";
	enum tui_face f = face;
	size_t spans[16];
	int nspans = 0, x = 0;

	if (face != TUI_CURSOR) {
		f = r->state == ROW_PENDING ? TUI_PENDING : r->state == ROW_DONE ? TUI_OK :
		    r->state == ROW_CONFLICT || r->state == ROW_FAILED ? TUI_CONFLICT :
		    e->tagged ? TUI_TAGGED : r->hidden ? TUI_HIDDEN : TUI_DEFAULT;
	}
	snprintf(mark, sizeof mark, "%s%s%s", e->tagged ? "*" : " ",
	    r->state == ROW_PENDING ? "…" : r->state == ROW_DONE ? "✓" :
	    r->state == ROW_CONFLICT || r->state == ROW_FAILED ? "!" : " ",
	    r->hidden ? "h" : r->escalated ? "E" : " ");
	snprintf(count, sizeof count, "%3ld", r->open_reports);
	age(r->last_report_at, when, sizeof when);
	x += tui_put(y, x, mark, 4, f, true);
	x += tui_put(y, x, count, 4, f, true);
	x += tui_put(y, x, reason, 14, f, true);
	x += tui_put(y, x, when, 5, f, true);
	x += tui_put(y, x, r->author, 18, f, true);
	x += tui_put(y, x, " ", 1, f, true);
	if (r->note != NULL && r->state != ROW_IDLE && cols - x > 4) {
		/* The result of a decision ("already decided by NAME at
		 * HH:MM") matters more than the excerpt: it may take all but
		 * 20 cells, and is cut by cells inside its brackets. */
		int room = cols - x - 20 > (cols - x) / 2 ? cols - x - 20 : (cols - x) / 2;
		char fitted[256];

		text_fit(r->note, room - 3, 1, 0, fitted, sizeof fitted);
		snprintf(cell, sizeof cell, "[%s] ", fitted);
		x += tui_put(y, x, cell, room, f, false);
	}
	if (q->lv.highlight != NULL)
		nspans = pattern_highlights(q->lv.highlight, r->excerpt, spans, 8);
	if (cols - x > 0) {
		int used = tui_put_spans(y, x, r->excerpt, cols - x, f, spans, nspans,
		    TUI_HIGHLIGHT);

		tui_put(y, x + used, "", cols - x - used, f, true);
	}
}

/* The header, each title padded to its column by cells, not bytes. */
static void
header_columns(char *out, size_t size)
{
	const struct {
		const char *title;
		int cells;
	} cols[] = {
		{ "", 4 }, { N_("N"), 4 }, { N_("Reason"), 14 }, { N_("Age"), 5 },
		{ N_("Author"), 19 }, { N_("Reported content"), 60 },
	};
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; i < sizeof cols / sizeof cols[0] && used < size; i++) {
		text_fit(cols[i].title[0] ? _(cols[i].title) : "", cols[i].cells, 0, 1,
		    out + used, size - used);
		used += strlen(out + used);
	}
}

static void
queue_draw(struct view *v, int y0, int rows)
{
	struct queue *q = v->data;
	char header[256];

	list_scroll(&q->lv.list, rows > 1 ? (size_t)(rows - 1) : 1);
	header_columns(header, sizeof header);
	tui_list_draw(y0, rows, q->lv.list.nvisible, q->lv.list.top, q->lv.list.cursor, header,
	    draw_row, v);
}

static void
queue_status(struct view *v, char *buf, size_t size)
{
	struct queue *q = v->data;
	char count[64], rest[400], n[FORMAT_SIZE];

	snprintf(count, sizeof count, ngettext("%s item", "%s items", q->lv.list.nvisible),
	    format_integer_ui((long long)q->lv.list.nvisible, n, sizeof n));
	snprintf(buf, size, _("Moderation queue: %s%s%s"), count,
	    listview_status(&q->lv, rest, sizeof rest), q->loaded ? "" : _(" (loading)"));
}

/* ----- the item in its context ----- */

/* The pager of the item in its context and its request in flight. It
 * outlives the queue: the pager and the queue may close in one key (h, or
 * :top), before the cancelled request's callback runs, which must then
 * find this still there. There is one queue at a time. */
static struct context queue_context;

static void
open_context(struct view *v)
{
	struct queue *q = v->data;
	struct list_entry *e = list_current(&q->lv.list);
	struct context_item item;
	struct row *r;

	if (e == NULL)
		return;
	r = e->item;
	memset(&item, 0, sizeof item);
	item.target = r->target;
	item.proposal_id = r->proposal_id;
	item.author_id = r->author_id;
	item.author = r->author;
	item.excerpt = r->excerpt;
	item.open_reports = r->open_reports;
	memcpy(item.reasons, r->reasons, sizeof item.reasons);
	context_open(&queue_context, v->app, &item);
}

/* ----- keys ----- */

static bool
queue_run(struct view *v, enum keymap_function fn, bool tagged)
{
	struct queue *q = v->data;
	struct app *app = v->app;
	struct list_entry *e = list_current(&q->lv.list);

	if (listview_run(&q->lv, fn))
		return true;
	switch (fn) {
	case KEYMAP_FN_OPEN:
		open_context(v);
		return true;
	case KEYMAP_FN_HIDE: queue_decide(v, NET_HIDE, tagged); return true;
	case KEYMAP_FN_DISMISS: queue_decide(v, NET_DISMISS, tagged); return true;
	case KEYMAP_FN_BLOCK: queue_decide(v, NET_BLOCK, tagged); return true;
	case KEYMAP_FN_ESCALATE: queue_decide(v, NET_ESCALATE, tagged); return true;
	case KEYMAP_FN_RESTORE:
		if (!tagged && e != NULL && ((struct row *)e->item)->state == ROW_PENDING) {
			app_info(app, _("Wait for the server's answer on this item."));
			return true;
		}
		if (!tagged && e != NULL && !((struct row *)e->item)->hidden) {
			app_info(app, _("This content is not hidden."));
			return true;
		}
		queue_decide(v, NET_RESTORE, tagged);
		return true;
	case KEYMAP_FN_SORT:
		q->sort = (q->sort + 1) % 3;
		sort_rows(q);
		app_info(app, q->sort == NET_SORT_COUNT ? _("Sorted by number of reports") :
		    q->sort == NET_SORT_OLDEST ? _("Sorted by oldest report") :
		    _("Sorted by newest report"));
		return true;
	case KEYMAP_FN_REFRESH:
		load(v, true);
		return true;
	default:
		return false;
	}
}

/* ----- live events ----- */

static bool
row_gone(const void *item, void *ctx)
{
	(void)ctx;
	return ((const struct row *)item)->gone;
}

/* Drops the rows a colleague decided; ours keep their row and result, and
 * the row under the cursor stays, marked, so that the view does not jump. */
static void
drop_decided(struct queue *q, const struct net_event *ev)
{
	struct list_entry *cur = list_current(&q->lv.list);
	size_t i;

	for (i = 0; i < ev->ntargets; i++) {
		struct row *r = queue_find_row(q, ev->targets[i]);

		if (r == NULL || r->state != ROW_IDLE)
			continue;
		if (cur != NULL && cur->item == r) {
			r->state = ROW_CONFLICT;
			queue_row_set_note(r, _("decided by a colleague"));
			continue;
		}
		r->gone = true;
	}
	list_remove_if(&q->lv.list, row_gone, NULL);
	for (i = 0; i < ev->ntargets; i++) {
		struct row *r = queue_find_row(q, ev->targets[i]);

		if (r != NULL && r->gone) {
			idmap_remove(&q->index, target_key(r->target));
			row_free(r);
		}
	}
}

static void
queue_event(struct view *v, const struct net_event *ev)
{
	struct queue *q = v->data;

	switch (ev->kind) {
	case NET_EV_REPORT_NEW: {
		struct row *r = queue_find_row(q, ev->target);

		if (r != NULL && r->state == ROW_IDLE) {
			r->open_reports = ev->open_reports;
			if (ev->reason >= 0 && ev->reason < NET_REASONS)
				r->reasons[ev->reason]++;
			r->last_report_at = ev->at ? ev->at : time(NULL);
			r->hidden = r->hidden || ev->auto_hidden;
			row_match(r, &list_find(&q->lv.list, r)->match);
			list_refresh(&q->lv.list);
		} else if (r == NULL && q->request == 0) {
			load(v, false);	/* the newest page brings the new row */
		}
		break;
	}
	case NET_EV_MODERATION_DECIDED:
		drop_decided(q, ev);
		break;
	case NET_EV_RESET:
		load(v, true);
		break;
	default:
		break;
	}
}

static void
queue_close(struct view *v)
{
	struct queue *q = v->data;
	size_t i;

	if (q->request > 0)
		net_cancel(v->app->net, q->request);
	queue_detach_decisions(q);
	for (i = 0; i < q->lv.list.count; i++)
		row_free(q->lv.list.entries[i].item);
	listview_free(&q->lv);
	idmap_free(&q->index);
	free(q);
	free(v);
}

static const struct listview_words queue_words = {
	N_("Tag items matching: "), N_("Untag items matching: "),
	N_("Limit to items matching (empty: all): "),
	{ NN_("%zu item tagged", "%zu items tagged") },
	{ NN_("%zu item untagged", "%zu items untagged") },
};

static const struct view_ops queue_ops = {
	"queue", KEYMAP_VIEW_QUEUE, queue_draw, queue_run, queue_event, queue_status,
	queue_close,
};

struct view *
queue_view_new(struct app *app)
{
	struct view *v = calloc(1, sizeof *v);
	struct queue *q = calloc(1, sizeof *q);

	if (v == NULL || q == NULL) {
		free(v);
		free(q);
		return NULL;
	}
	listview_init(&q->lv, v, &queue_words);
	idmap_init(&q->index);
	q->sort = keymap_option_enum(app->km, KEYMAP_OPT_SORT) == KEYMAP_SORT_COUNT ? NET_SORT_COUNT :
	    keymap_option_enum(app->km, KEYMAP_OPT_SORT) == KEYMAP_SORT_OLDEST ? NET_SORT_OLDEST :
	    NET_SORT_RECENT;
	v->ops = &queue_ops;
	v->app = app;
	v->data = q;
	load(v, true);
	return v;
}
