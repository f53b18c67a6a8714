/* The audit log, newest first: loaded page after page in the background,
 * filtered by the server (the words after :audit) and by patterns (l, /,
 * T); each row says who did what to which item, and what changed. Enter
 * opens the row's proposal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/format.h"
#include "../core/i18n.h"
#include "../core/text.h"
#include "../net/audit.h"
#include "app.h"
#include "export.h"

#define FIRST_PAGE 200
#define NEXT_PAGE 1000

struct arow {
	long long id;
	time_t at;
	char *agent, *action, *target, *change;	/* sanitized */
	char *target_type;			/* the API's word, for ~t */
	long long target_id, proposal_id;
};

/* A page's way back to the view; cleared when the view closes or reloads. */
struct ticket {
	struct view *v;
};

struct audit {
	struct listview lv;
	struct net_audit_filter filter;	/* its strings point into filter_words */
	char *filter_text;		/* as typed after :audit, NULL when none */
	char *filter_words;		/* the same cut into the filter's strings */
	struct ticket *ticket;		/* the page in flight, NULL when none */
	long request;
	bool loaded;
	bool oldest_first;
};

/* ----- what changed ----- */

/* The fields the audit rows name, in the user's words; others as they are. */
static const struct {
	const char *field;
	const char *label;
} field_labels[] = {
	{ "state", N_("state") }, { "state_reason", N_("reason") }, { "stage", N_("stage") },
	{ "stage_date", N_("stage date") }, { "note", N_("note") },
	{ "hidden", N_("hidden") }, { "hidden_reason", N_("reason for hiding") },
	{ "open_reports", N_("open reports") }, { "escalated", N_("escalated") },
	{ "department", N_("department") }, { "referent", N_("referent") },
	{ "total_cents", N_("total cost") }, { "opinion", N_("opinion") },
	{ "justification", N_("justification") }, { "duration_months", N_("duration (months)") },
	{ "selected", N_("selected") }, { "online", N_("online votes") },
	{ "paper", N_("paper votes") }, { "answer_id", N_("answer") },
	{ "template_id", N_("template") }, { "block_reason", N_("reason for blocking") },
	{ "blocked_until", N_("blocked until") }, { "merged_into", N_("merged into") },
	{ "coauthors", N_("co-authors") }, { "title", N_("title") }, { "body", N_("text") },
	{ "name", N_("name") }, { "closed_at", N_("closed on") },
};

static const char *
field_label(const char *field)
{
	size_t i;

	for (i = 0; i < sizeof field_labels / sizeof field_labels[0]; i++)
		if (strcmp(field, field_labels[i].field) == 0)
			return _(field_labels[i].label);
	return field;
}

/* A value in the user's words: states, stages, yes or no, amounts of money. */
static const char *
value_text(const char *field, const char *value, char *out, size_t size)
{
	size_t flen = strlen(field);
	char *end;
	long long cents;

	if (value == NULL)
		return "-";
	if (strcmp(value, "true") == 0)
		return _("yes");
	if (strcmp(value, "false") == 0)
		return _("no");
	if (strcmp(field, "opinion") == 0)
		return strcmp(value, "favourable") == 0 ? _("favourable") :
		    strcmp(value, "unfavourable") == 0 ? _("unfavourable") : value;
	if (strcmp(field, "state") == 0)
		return state_label(value);
	if (strcmp(field, "stage") == 0)
		return stage_label(value);
	if (flen > 6 && strcmp(field + flen - 6, "_cents") == 0) {
		cents = strtoll(value, &end, 10);
		if (end != value && *end == '\0' && format_money_ui(cents, out, size)[0] != '\0')
			return out;
	}
	return value;
}

const char *
audit_change_text(const struct net_audit_entry *e, char *out, size_t size)
{
	char before[FORMAT_SIZE], after[FORMAT_SIZE];
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; i < e->nchanges && used + 1 < size; i++) {
		const struct net_change *c = &e->changes[i];

		/* TRANSLATORS: a change in the audit log: separator, field, before, after */
		snprintf(out + used, size - used, _("%s%s: %s → %s"), i ? "; " : "",
		    field_label(c->field),
		    value_text(c->field, c->before, before, sizeof before),
		    value_text(c->field, c->after, after, sizeof after));
		used += strlen(out + used);
	}
	return out;
}

/* ----- rows ----- */

static void
arow_free(struct arow *r)
{
	if (r == NULL)
		return;
	free(r->agent);
	free(r->action);
	free(r->target);
	free(r->target_type);
	free(r->change);
	free(r);
}

static struct arow *
arow_from(const struct net_audit_entry *e)
{
	struct arow *r = calloc(1, sizeof *r);
	char target[160], change[2048];

	if (r == NULL)
		return NULL;
	r->id = e->id;
	r->at = e->at;
	r->target_id = e->target_id;
	r->proposal_id = e->proposal_id;
	if (e->target_type != NULL && e->target_id != 0)
		snprintf(target, sizeof target, "%s:%lld", e->target_type, e->target_id);
	else
		snprintf(target, sizeof target, "%s", e->target_type ? e->target_type : "-");
	r->agent = text_safe(e->agent ? e->agent : "-");
	r->action = text_safe(e->action);
	r->target = text_safe(target);
	r->target_type = text_safe(e->target_type);
	r->change = text_safe(audit_change_text(e, change, sizeof change));
	if (r->agent == NULL || r->action == NULL || r->target == NULL || r->target_type == NULL ||
	    r->change == NULL) {
		arow_free(r);
		return NULL;
	}
	return r;
}

/* What patterns see of a row: the change is its body, the agent its
 * author, the target's type its type (~t comment), its time its date. */
static void
arow_match(struct arow *r, struct pattern_item *m)
{
	memset(m, 0, sizeof *m);
	m->body = r->change;
	m->title = r->action;
	m->author = r->agent;
	m->type = r->target_type;
	m->date = r->at;
	m->cost_cents = -1;
}

static void
clear_rows(struct audit *a)
{
	size_t i;

	for (i = 0; i < a->lv.list.count; i++)
		arow_free(a->lv.list.entries[i].item);
	list_free(&a->lv.list);
	list_init(&a->lv.list);
}

/* ----- loading ----- */

static void load_page(struct view *v, const char *cursor);

static void
on_page(void *arg, long id, const struct net_audit_page *page, const struct net_error *err)
{
	struct ticket *t = arg;
	struct view *v = t->v;
	struct audit *a;
	struct pattern_item m;
	char text[400];
	size_t i;

	(void)id;
	free(t);
	if (v == NULL)
		return;		/* closed, or replaced by a reload */
	a = v->data;
	a->ticket = NULL;
	a->request = 0;
	if (err != NULL) {
		if (strcmp(err->code, "cancelled") != 0)
			app_error(v->app, "%s", app_net_error(err, text, sizeof text));
		return;
	}
	for (i = 0; i < page->count; i++) {
		struct arow *r = arow_from(&page->items[i]);

		if (r == NULL)
			continue;
		arow_match(r, &m);
		if (list_append(&a->lv.list, r, &m) != 0)
			arow_free(r);
	}
	/* the next page while this one is read */
	if (page->next_cursor != NULL)
		load_page(v, page->next_cursor);
	else
		a->loaded = true;
}

static void
load_page(struct view *v, const char *cursor)
{
	struct audit *a = v->data;
	struct net_audit_filter f = a->filter;
	struct net_error err;
	struct ticket *t = calloc(1, sizeof *t);
	char text[400];

	if (t == NULL) {
		app_error(v->app, "%s", _("out of memory"));
		return;
	}
	t->v = v;
	f.cursor = cursor;
	f.limit = cursor == NULL ? FIRST_PAGE : NEXT_PAGE;
	a->request = net_audit_list(v->app->net, &f, on_page, t, &err);
	if (a->request < 0) {
		free(t);
		a->request = 0;
		app_error(v->app, "%s", app_net_error(&err, text, sizeof text));
		return;
	}
	a->ticket = t;
}

static void
load(struct view *v)
{
	struct audit *a = v->data;
	struct pattern *limit = a->lv.list.limit;

	if (a->ticket != NULL) {
		a->ticket->v = NULL;
		net_cancel(v->app->net, a->request);
		a->ticket = NULL;
		a->request = 0;
	}
	/* the limit outlives the reload */
	a->lv.list.limit = NULL;
	clear_rows(a);
	a->lv.list.limit = limit;
	a->loaded = false;
	a->oldest_first = false;
	load_page(v, NULL);
}

/* ----- drawing ----- */

enum column { C_TIME, C_AGENT, C_ACTION, C_TARGET, C_CHANGE, C_COUNT };

static const struct {
	const char *title;
	int cells;		/* with the space after; 0: what is left */
} columns[C_COUNT] = {
	[C_TIME] = { N_("Time"), 17 }, [C_AGENT] = { N_("Agent"), 18 },
	[C_ACTION] = { N_("Action"), 25 }, [C_TARGET] = { N_("Target"), 17 },
	[C_CHANGE] = { N_("Change"), 0 },
};

static const char *
cell(const struct arow *r, enum column c, char *buf, size_t size)
{
	switch (c) {
	case C_TIME:
		if (format_datetime_ui(r->at, buf, size)[0] == '\0')
			snprintf(buf, size, "-");
		return buf;
	case C_AGENT:
		return r->agent;
	case C_ACTION:
		return r->action;
	case C_TARGET:
		return r->target;
	default:
		return r->change;
	}
}

static void
draw_row(void *ctx, size_t i, int y, int cols, enum tui_face face)
{
	struct view *v = ctx;
	struct audit *a = v->data;
	struct list_entry *e = &a->lv.list.entries[a->lv.list.visible[i]];
	struct arow *r = e->item;
	enum tui_face f = face != TUI_CURSOR && e->tagged ? TUI_TAGGED : face;
	char buf[FORMAT_SIZE];
	int x = 0, c;

	for (c = 0; c < C_COUNT && x < cols; c++) {
		int w = columns[c].cells ? columns[c].cells - 1 : cols - x;
		const char *text = cell(r, (enum column)c, buf, sizeof buf);

		if (w > cols - x)
			w = cols - x;
		if (c == C_CHANGE && a->lv.highlight != NULL) {
			size_t spans[16];
			int n = pattern_highlights(a->lv.highlight, text, spans, 8);

			x += tui_put_spans(y, x, text, w, f, spans, n, TUI_HIGHLIGHT);
		} else {
			x += tui_put(y, x, text, w, f, true);
		}
		if (columns[c].cells && x < cols)
			x += tui_put(y, x, " ", 1, f, true);
	}
	if (cols - x > 0)
		tui_put(y, x, "", cols - x, f, true);
}

static void
header(int cols, char *out, size_t size)
{
	size_t used = 0;
	int c;

	out[0] = '\0';
	for (c = 0; c < C_COUNT && used + 1 < size; c++) {
		int w = columns[c].cells ? columns[c].cells : cols;

		text_fit(_(columns[c].title), w, 0, columns[c].cells != 0, out + used, size - used);
		used += strlen(out + used);
	}
}

static void
audit_draw(struct view *v, int y0, int rows)
{
	struct audit *a = v->data;
	char head[512];

	list_scroll(&a->lv.list, rows > 1 ? (size_t)(rows - 1) : 1);
	header(tui_cols(), head, sizeof head);
	tui_list_draw(y0, rows, a->lv.list.nvisible, a->lv.list.top, a->lv.list.cursor, head,
	    draw_row, v);
}

static void
audit_status(struct view *v, char *buf, size_t size)
{
	struct audit *a = v->data;
	char count[64], n[FORMAT_SIZE], limit[400];

	snprintf(count, sizeof count, ngettext("%s entry", "%s entries", a->lv.list.nvisible),
	    format_integer_ui((long long)a->lv.list.nvisible, n, sizeof n));
	/* the tags too, as every list says them */
	listview_status(&a->lv, limit, sizeof limit);
	if (a->filter_text != NULL && a->filter_text[0] != '\0')
		/* TRANSLATORS: the filters typed after :audit, then counts */
		snprintf(buf, size, _("Audit log [%s]: %s%s%s%s"), a->filter_text, count, limit,
		    a->oldest_first ? _(", oldest first") : "", a->loaded ? "" : _(" (loading)"));
	else
		snprintf(buf, size, _("Audit log: %s%s%s%s"), count, limit,
		    a->oldest_first ? _(", oldest first") : "", a->loaded ? "" : _(" (loading)"));
}

/* ----- keys ----- */

static int
newest_first(const void *x, const void *y)
{
	const struct arow *a = x, *b = y;

	return a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

static int
oldest_first(const void *x, const void *y)
{
	return newest_first(y, x);
}

/* Enter: the row's proposal (a comment's is its proposal). */
static void
open_target(struct view *v)
{
	struct audit *a = v->data;
	struct list_entry *e = list_current(&a->lv.list);
	struct arow *r;

	if (e == NULL)
		return;
	r = e->item;
	if (r->proposal_id > 0)
		detail_open(v->app, r->proposal_id);
	else if (strcmp(r->target_type, "proposal") == 0 && r->target_id > 0)
		detail_open(v->app, r->target_id);
	else
		app_info(v->app, _("%s: nothing to open here"), r->target);
}

/* ----- export: the entries as shown, after the limit ----- */

static const char *const export_headers[] = {
	"id", "at", "agent", "action", "target_type", "target_id", "proposal_id", "change",
};
static const enum export_kind export_kinds[] = {
	EXPORT_NUMBER, EXPORT_TEXT, EXPORT_TEXT, EXPORT_TEXT, EXPORT_TEXT, EXPORT_NUMBER,
	EXPORT_NUMBER, EXPORT_TEXT,
};

static const char *
export_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
	struct audit *a = ctx;
	const struct arow *r = a->lv.list.entries[a->lv.list.visible[row]].item;
	struct tm tm;

	switch (col) {
	case 0:
		snprintf(buf, size, "%lld", r->id);
		return buf;
	case 1:
		if (r->at == 0 || gmtime_r(&r->at, &tm) == NULL)
			return NULL;
		strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
		return buf;
	case 2:
		return r->agent;
	case 3:
		return r->action;
	case 4:
		return r->target_type;
	case 5:
		if (r->target_id <= 0)
			return NULL;
		snprintf(buf, size, "%lld", r->target_id);
		return buf;
	case 6:
		if (r->proposal_id <= 0)
			return NULL;
		snprintf(buf, size, "%lld", r->proposal_id);
		return buf;
	default:
		return r->change;
	}
}

static void
export_start(struct app *app, const char *path, enum export_format fmt, void *ctx)
{
	struct view *v = ctx;
	struct audit *a = v->data;
	struct export_table t = { export_headers, export_kinds,
		sizeof export_headers / sizeof export_headers[0], a->lv.list.nvisible, export_cell,
		a };
	char err[600];

	if (export_write(path, fmt, &t, err, sizeof err) != 0) {
		app_error(app, "%s", err);
		return;
	}
	app_info(app, ngettext("%zu entry written to %s.", "%zu entries written to %s.",
	    t.nrows), t.nrows, path);
}

static void
audit_export(struct view *v)
{
	struct audit *a = v->data;
	char name[64];
	time_t now = time(NULL);
	struct tm tm;

	if (!a->loaded) {
		app_info(v->app, "%s", _("The log is still loading: export it once it is complete."));
		return;
	}
	if (a->lv.list.nvisible == 0) {
		app_info(v->app, "%s", _("No entry to export."));
		return;
	}
	if (localtime_r(&now, &tm) == NULL)
		memset(&tm, 0, sizeof tm);
	strftime(name, sizeof name, "pupitre-audit-%Y-%m-%d.csv", &tm);
	export_ask(v->app, name, export_start, v);
}

static bool
audit_run(struct view *v, enum keymap_function fn, bool tagged)
{
	struct audit *a = v->data;

	(void)tagged;
	if (listview_run(&a->lv, fn))
		return true;
	switch (fn) {
	case KEYMAP_FN_OPEN:
		open_target(v);
		return true;
	case KEYMAP_FN_REFRESH:
		load(v);
		return true;
	case KEYMAP_FN_EXPORT:
		audit_export(v);
		return true;
	case KEYMAP_FN_SORT:
		a->oldest_first = !a->oldest_first;
		list_sort(&a->lv.list, a->oldest_first ? oldest_first : newest_first);
		app_info(v->app, "%s", a->oldest_first ? _("Oldest first.") : _("Newest first."));
		return true;
	default:
		return false;
	}
}

static void
audit_event(struct view *v, const struct net_event *ev)
{
	if (ev->kind == NET_EV_RESET)
		load(v);
}

static void
audit_close(struct view *v)
{
	struct audit *a = v->data;

	if (a->ticket != NULL) {
		a->ticket->v = NULL;
		net_cancel(v->app->net, a->request);
	}
	clear_rows(a);
	listview_free(&a->lv);
	free(a->filter_text);
	free(a->filter_words);
	free(a);
	free(v);
}

static const struct listview_words audit_words = {
	N_("Tag entries matching: "), N_("Untag entries matching: "),
	N_("Limit to entries matching (empty: all): "),
	{ NN_("%zu entry tagged", "%zu entries tagged") },
	{ NN_("%zu entry untagged", "%zu entries untagged") },
};

static const struct view_ops audit_ops = {
	"audit", KEYMAP_VIEW_AUDIT, audit_draw, audit_run, audit_event, audit_status, audit_close,
};

/* ----- filters ----- */

/* "2026-11-01" or "2026-11-01T14:30" (local time); -1 when neither. */
static int
parse_when(const char *s, time_t *out)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, n = 0;

	memset(&tm, 0, sizeof tm);
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
		return -1;
	if (s[n] == 'T' || s[n] == ' ') {
		int m = 0;

		if (sscanf(s + n + 1, "%2d:%2d%n", &h, &mi, &m) != 2)
			return -1;
		n += 1 + m;
	}
	if (s[n] != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_isdst = -1;
	*out = mktime(&tm);
	return *out == (time_t)-1 ? -1 : 0;
}

/*
 * The words after :audit, KEY=VALUE: agent=LOGIN, action=ACTION (or
 * PREFIX.*), target=TYPE:ID or TYPE, since=DATE, until=DATE; -1 with why
 * filled when a word is not one. On success the filter's strings point
 * into a->filter_words, cut by strtok.
 */
static int
parse_filter(struct audit *a, const char *args, char *why, size_t size)
{
	struct net_audit_filter f;
	char *text, *word, *save = NULL, *colon, *end;

	memset(&f, 0, sizeof f);
	if ((text = strdup(args)) == NULL) {
		snprintf(why, size, "%s", _("out of memory"));
		return -1;
	}
	for (word = strtok_r(text, " \t", &save); word != NULL; word = strtok_r(NULL, " \t", &save)) {
		char *value = strchr(word, '=');

		if (value == NULL || value[1] == '\0') {
			snprintf(why, size, _("%s: expected KEY=VALUE (agent, action, target, since, "
			    "until)"), word);
			goto bad;
		}
		*value++ = '\0';
		if (strcmp(word, "agent") == 0) {
			f.agent = value;
		} else if (strcmp(word, "action") == 0) {
			f.action = value;
		} else if (strcmp(word, "target") == 0) {
			f.target_type = value;
			if ((colon = strchr(value, ':')) != NULL) {
				*colon++ = '\0';
				f.target_id = strtoll(colon, &end, 10);
				if (end == colon || *end != '\0' || f.target_id <= 0 || *value == '\0') {
					snprintf(why, size, _("target=%s:%s: expected TYPE:ID "
					    "(proposal:12)"), value, colon);
					goto bad;
				}
			}
		} else if (strcmp(word, "since") == 0 || strcmp(word, "until") == 0) {
			if (parse_when(value, word[0] == 's' ? &f.since : &f.until) != 0) {
				snprintf(why, size, _("%s=%s: expected a date, YYYY-MM-DD or "
				    "YYYY-MM-DDTHH:MM"), word, value);
				goto bad;
			}
		} else {
			snprintf(why, size, _("%s=%s: not a filter of the audit log"), word, value);
			goto bad;
		}
	}
	free(a->filter_words);
	a->filter_words = text;
	a->filter = f;
	return 0;
bad:
	free(text);
	return -1;
}

int
audit_view_filter(struct view *v, const char *args)
{
	struct audit *a = v->data;
	char why[300], *copy;

	if (args == NULL)
		args = "";
	if ((copy = strdup(args)) == NULL) {
		app_error(v->app, "%s", _("out of memory"));
		return -1;
	}
	if (parse_filter(a, args, why, sizeof why) != 0) {
		free(copy);
		app_error(v->app, "%s", why);
		return -1;
	}
	free(a->filter_text);
	a->filter_text = copy;
	load(v);
	return 0;
}

struct view *
audit_view_new(struct app *app)
{
	struct view *v = calloc(1, sizeof *v);
	struct audit *a = calloc(1, sizeof *a);

	if (v == NULL || a == NULL) {
		free(v);
		free(a);
		return NULL;
	}
	listview_init(&a->lv, v, &audit_words);
	v->ops = &audit_ops;
	v->app = app;
	v->data = a;
	load(v);
	return v;
}
