/* Decisions of the moderation queue: the reason, the block form, the
 * confirmation naming the count, the bulk call, and each row's result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/i18n.h"
#include "../core/text.h"
#include "queue.h"

struct decision_ctx {
	struct decision_ctx *next;	/* the queue's decisions in flight */
	struct app *app;
	struct view *v;			/* NULL once the queue is closed */
	enum net_action action;
	struct row **rows;
	size_t count;
};

static const char *
action_done_label(enum net_action a)
{
	switch (a) {
	case NET_HIDE: return _("hidden");
	case NET_DISMISS: return _("reports dismissed");
	case NET_RESTORE: return _("restored");
	case NET_BLOCK: return _("author blocked");
	case NET_ESCALATE: return _("escalated");
	default: return "";
	}
}

/* Why the server refused an item, in the user's words when the reason is a
 * known one; its own words otherwise. */
static const struct {
	const char *server;
	const char *message;
} item_messages[] = {
	{ "already hidden", N_("already hidden") },
	{ "already escalated", N_("already escalated") },
	{ "already decided", N_("already decided") },
	{ "not hidden", N_("not hidden") },
	{ "no open reports", N_("no open reports") },
	{ "no such comment", N_("no such comment") },
	{ "no such proposal", N_("no such proposal") },
	{ "escalated: an admin decides", N_("escalated: an administrator decides") },
	{ "changed since you read it", N_("changed since you read it") },
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
on_decision(void *arg, long id, const struct net_decision *d, const struct net_error *err)
{
	struct decision_ctx *c = arg, **link;
	struct queue *q;
	char text[400];
	size_t i;

	(void)id;
	if (c->v == NULL) {
		/* the queue was closed: only the message line is left to tell */
		if (err != NULL)
			app_error(c->app, "%s", app_net_error(err, text, sizeof text));
		else
			app_info(c->app, _("%s: %zu done, %zu already decided, %zu refused"),
			    action_done_label(c->action), d->counts[NET_ITEM_OK],
			    d->counts[NET_ITEM_CONFLICT],
			    d->counts[NET_ITEM_FORBIDDEN] + d->counts[NET_ITEM_INVALID]);
		free(c->rows);
		free(c);
		return;
	}
	q = c->v->data;
	for (link = &q->decisions; *link != NULL; link = &(*link)->next) {
		if (*link == c) {
			*link = c->next;
			break;
		}
	}
	if (err != NULL) {
		for (i = 0; i < c->count; i++) {
			c->rows[i]->state = ROW_FAILED;
			queue_row_set_note(c->rows[i], app_net_error(err, text, sizeof text));
		}
		app_error(c->v->app, "%s", app_net_error(err, text, sizeof text));
		goto done;
	}
	for (i = 0; i < d->count; i++) {
		const struct net_item_result *res = &d->results[i];
		struct row *r = NULL;

		/* results come in the order of the request */
		if (i < c->count && c->rows[i]->target.type == res->target.type &&
		    c->rows[i]->target.id == res->target.id)
			r = c->rows[i];
		else
			r = queue_find_row(q, res->target);
		if (r == NULL || r->state != ROW_PENDING)
			continue;
		if (res->status == NET_ITEM_OK) {
			r->state = ROW_DONE;
			r->last_action = c->action;
			r->version = res->version;
			if (c->action == NET_HIDE)
				r->hidden = true;
			else if (c->action == NET_RESTORE || c->action == NET_DISMISS)
				r->hidden = r->hidden && !r->hidden_auto && c->action != NET_RESTORE;
			if (c->action == NET_ESCALATE)
				r->escalated = true;
			queue_row_set_note(r, action_done_label(c->action));
		} else if (res->status == NET_ITEM_CONFLICT) {
			char when[64] = "", note[300];
			struct tm tm;

			if (res->at != 0 && localtime_r(&res->at, &tm) != NULL)
				strftime(when, sizeof when, "%H:%M", &tm);
			snprintf(note, sizeof note, _("already decided by %s at %s"),
			    res->by ? res->by : "?", when);
			r->state = ROW_CONFLICT;
			r->version = res->version;
			queue_row_set_note(r, note);
		} else {
			r->state = ROW_FAILED;
			queue_row_set_note(r, item_message(res));
		}
		r->open_reports = r->state == ROW_DONE && c->action != NET_ESCALATE ? 0 :
		    r->open_reports;
	}
	app_info(c->v->app, _("%s: %zu done, %zu already decided, %zu refused"),
	    action_done_label(c->action), d->counts[NET_ITEM_OK], d->counts[NET_ITEM_CONFLICT],
	    d->counts[NET_ITEM_FORBIDDEN] + d->counts[NET_ITEM_INVALID]);
done:
	queue_rematch_all(q);
	free(c->rows);
	free(c);
}

void
queue_detach_decisions(struct queue *q)
{
	struct decision_ctx *c;

	for (c = q->decisions; c != NULL; c = c->next)
		c->v = NULL;
	q->decisions = NULL;
}

/* The rows an action applies to: every tagged row, or the cursor's. */
static size_t
targets(struct view *v, bool tagged, struct row ***out)
{
	struct queue *q = v->data;
	size_t n = 0, i;
	struct row **rows;

	if (!tagged) {
		struct list_entry *e = list_current(&q->lv.list);

		if (e == NULL)
			return 0;
		rows = malloc(sizeof *rows);
		if (rows == NULL)
			return 0;
		rows[0] = e->item;
		*out = rows;
		return 1;
	}
	rows = malloc((list_tagged_count(&q->lv.list) + 1) * sizeof *rows);
	if (rows == NULL)
		return 0;
	for (i = 0; i < q->lv.list.count; i++)
		if (q->lv.list.entries[i].tagged)
			rows[n++] = q->lv.list.entries[i].item;
	*out = rows;
	return n;
}

static void
send_decision(struct app *app, void *ctx)
{
	struct view *v = ctx;
	struct queue *q = v->data;
	struct decision_ctx *c = calloc(1, sizeof *c);
	struct net_decide_request req;
	struct net_item_ref *items = NULL;
	struct net_error err;
	char text[400];
	size_t i;

	if (c == NULL)
		return;
	c->app = app;
	c->v = v;
	c->action = q->action;
	c->count = targets(v, q->action_tagged, &c->rows);
	if (c->count == 0 || (items = calloc(c->count, sizeof *items)) == NULL) {
		app_info(app, q->action_tagged ? _("No item is tagged.") : _("No item here."));
		free(c->rows);
		free(c);
		return;
	}
	for (i = 0; i < c->count; i++) {
		items[i].target = c->rows[i]->target;
		items[i].version = c->rows[i]->version;
	}
	memset(&req, 0, sizeof req);
	req.action = q->action;
	req.reason = q->reason[0] ? q->reason : NULL;
	req.justification = q->action == NET_BLOCK ? q->reason : NULL;
	req.until = q->action == NET_BLOCK ? time(NULL) + 86400 * atol(q->until) : 0;
	req.items = items;
	req.count = c->count;
	if (net_decide(app->net, &req, on_decision, c, &err) < 0) {
		app_error(app, "%s", app_net_error(&err, text, sizeof text));
		free(items);
		free(c->rows);
		free(c);
		return;
	}
	free(items);
	c->next = q->decisions;
	q->decisions = c;
	for (i = 0; i < c->count; i++) {
		c->rows[i]->state = ROW_PENDING;
		queue_row_set_note(c->rows[i], _("sending"));
	}
	if (q->action_tagged)
		for (i = 0; i < q->lv.list.count; i++)
			q->lv.list.entries[i].tagged = false;
}

/* Asks before an action on many items, naming the count. */
static void
confirm_and_send(struct view *v)
{
	struct queue *q = v->data;
	struct app *app = v->app;
	size_t n = q->action_tagged ? list_tagged_count(&q->lv.list) : 1;
	char question[256];

	if (q->action_tagged && n == 0) {
		app_info(app, _("No item is tagged."));
		return;
	}
	if (n > 1 && keymap_option_bool(app->km, KEYMAP_OPT_CONFIRM_BULK) &&
	    (long)n >= keymap_option_int(app->km, KEYMAP_OPT_CONFIRM_THRESHOLD)) {
		switch (q->action) {
		case NET_HIDE:
			snprintf(question, sizeof question,
			    ngettext("Hide %zu item?", "Hide %zu items?", n), n);
			break;
		case NET_DISMISS:
			snprintf(question, sizeof question,
			    ngettext("Dismiss the reports of %zu item?",
			    "Dismiss the reports of %zu items?", n), n);
			break;
		case NET_RESTORE:
			snprintf(question, sizeof question,
			    ngettext("Restore %zu item?", "Restore %zu items?", n), n);
			break;
		case NET_BLOCK:
			snprintf(question, sizeof question,
			    ngettext("Block the authors of %zu item?",
			    "Block the authors of %zu items?", n), n);
			break;
		default:
			snprintf(question, sizeof question,
			    ngettext("Escalate %zu item?", "Escalate %zu items?", n), n);
			break;
		}
		app_confirm(app, question, send_decision, v);
		return;
	}
	send_decision(app, v);
}

static void
reason_done(struct app *app, const char *answer, void *ctx)
{
	struct view *v = ctx;
	struct queue *q = v->data;

	if (*answer == '\0') {
		app_info(app, _("A reason is needed: nothing done."));
		return;
	}
	snprintf(q->reason, sizeof q->reason, "%s", answer);
	snprintf(q->last_reason, sizeof q->last_reason, "%s", answer);
	confirm_and_send(v);
}

static void open_block_form(struct view *v, const char *days, const char *why);

/* The block form is back: both answers are checked, and a wrong one
 * reopens the form with what was typed, its field under the cursor. */
static void
block_done(struct app *app, struct tui_form *form, void *ctx)
{
	struct view *v = ctx;
	struct queue *q = v->data;
	char days_text[64], why[256], *end;
	long days;

	tui_form_value(form, 0, days_text, sizeof days_text);
	tui_form_value(form, 1, why, sizeof why);
	days = strtol(days_text, &end, 10);
	if (end == days_text || *end != '\0' || days < 1 || days > 3650) {
		open_block_form(v, days_text, why);
		app->form.current = 0;
		app_error(app, _("Give the number of days of the block (1 to 3650)."));
		return;
	}
	if (text_width(why) < 15) {
		open_block_form(v, days_text, why);
		app->form.current = 1;
		app_error(app, _("The justification needs at least 15 characters."));
		return;
	}
	snprintf(q->until, sizeof q->until, "%ld", days);
	snprintf(q->reason, sizeof q->reason, "%s", why);
	confirm_and_send(v);
}

static void
open_block_form(struct view *v, const char *days, const char *why)
{
	struct app *app = v->app;

	tui_form_start(&app->form, _("Block the author (Enter: next field, Esc: cancel)"));
	tui_form_add(&app->form, _("Days: "), days);
	tui_form_add(&app->form, _("Justification (15 characters or more): "), why);
	app_form(app, block_done, v);
}

static size_t
complete_reason(void *ctx, const char *word, const char **out, size_t max)
{
	struct view *v = ctx;
	const char *const *items;
	size_t n = keymap_option_list(v->app->km, KEYMAP_OPT_HIDE_REASONS, &items), i, k = 0;

	for (i = 0; i < n && k < max; i++)
		if (strncmp(items[i], word, strlen(word)) == 0)
			out[k++] = items[i];
	return k;
}

void
queue_decide(struct view *v, enum net_action action, bool tagged)
{
	struct queue *q = v->data;
	struct app *app = v->app;

	q->action = action;
	q->action_tagged = tagged;
	q->reason[0] = '\0';
	if (!tagged && list_current(&q->lv.list) == NULL) {
		app_info(app, _("No item here."));
		return;
	}
	if (action == NET_HIDE) {
		const char *const *items;
		size_t n = keymap_option_list(app->km, KEYMAP_OPT_HIDE_REASONS, &items);

		app_prompt(app, _("Reason (Tab completes): "),
		    q->last_reason[0] ? q->last_reason : n > 0 ? items[0] : "", false,
		    reason_done, v);
		app->prompt.complete = complete_reason;
		app->prompt.complete_ctx = v;
		return;
	}
	if (action == NET_BLOCK) {
		open_block_form(v, "7", "");
		return;
	}
	confirm_and_send(v);
}
