/* The list of proposals: every proposal loaded in the
 * background page by page, searched, limited and tagged with patterns;
 * Enter opens one's detail; the actions live in files of their own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/format.h"
#include "../core/i18n.h"
#include "../core/list.h"
#include "../core/pattern.h"
#include "../core/text.h"
#include "instruct.h"
#include "proposals.h"

static void
prow_free(struct prow *r)
{
	if (r == NULL)
		return;
	free(r->title);
	free(r->district_code);
	free(r->district_name);
	free(r->theme);
	free(r->department);
	free(r->referent);
	free(r->state);
	free(r->stage);
	free(r->note);
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
	r->state_changed_at = it->state_changed_at;
	r->priority = it->priority_neighbourhood;
	r->hidden = it->hidden;
	r->needs_answer = it->needs_answer;
	r->title = text_safe(it->title);
	r->district_code = text_safe(it->district_code);
	r->district_name = text_safe(it->district_name);
	r->theme = text_safe(it->theme);
	r->department = text_safe(it->department);
	r->referent = text_safe(it->referent);
	r->state = text_safe(it->state);
	r->stage = text_safe(it->stage);
	if (r->title == NULL || r->district_code == NULL || r->district_name == NULL ||
	    r->theme == NULL || r->department == NULL || r->referent == NULL || r->state == NULL || r->stage == NULL) {
		prow_free(r);
		return NULL;
	}
	return r;
}

void
prow_set_note(struct prow *r, const char *note)
{
	free(r->note);
	r->note = note ? text_safe(note) : NULL;
}

int
prow_set(char **field, const char *text)
{
	char *copy = text_safe(text);

	if (copy == NULL)
		return -1;
	free(*field);
	*field = copy;
	return 0;
}

struct prow *
proposals_find(struct proposals *p, long long id)
{
	return idmap_get(&p->index, (uint64_t)id);
}

/* What patterns see of a proposal: ~s matches the API's state code. */
static void
prow_match(const struct prow *r, const struct app_agent *me, struct pattern_item *m)
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
	/* mine: as the server's filter, mine: given to me or to my department */
	m->mine = (r->referent[0] && strcmp(r->referent, me->login) == 0) ||
	    (me->department[0] && strcmp(r->department, me->department) == 0);
}

void
proposals_rematch(struct view *v)
{
	struct proposals *p = v->data;
	size_t i;

	for (i = 0; i < p->lv.list.count; i++)
		prow_match(p->lv.list.entries[i].item, &v->app->agent,
		    &p->lv.list.entries[i].match);
	list_refresh(&p->lv.list);
}

/* ----- the orders of the list (o) ----- */

static int
cmp_id(const void *a, const void *b)
{
	const struct prow *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static int
cmp_newest(const void *a, const void *b)
{
	const struct prow *x = a, *y = b;

	return x->created_at != y->created_at ? (x->created_at < y->created_at) -
	    (x->created_at > y->created_at) : cmp_id(a, b);
}

static int
cmp_supports(const void *a, const void *b)
{
	const struct prow *x = a, *y = b;

	return x->supports != y->supports ? (x->supports < y->supports) -
	    (x->supports > y->supports) : cmp_id(a, b);
}

/* the costliest first; not costed last */
static int
cmp_cost(const void *a, const void *b)
{
	const struct prow *x = a, *y = b;

	return x->total_cents != y->total_cents ? (x->total_cents < y->total_cents) -
	    (x->total_cents > y->total_cents) : cmp_id(a, b);
}

static int
cmp_district(const void *a, const void *b)
{
	const struct prow *x = a, *y = b;
	int c = strcmp(x->district_code, y->district_code);

	return c != 0 ? c : cmp_id(a, b);
}

static int
cmp_oldest_change(const void *a, const void *b)
{
	const struct prow *x = a, *y = b;

	return x->state_changed_at != y->state_changed_at ? (x->state_changed_at >
	    y->state_changed_at) - (x->state_changed_at < y->state_changed_at) : cmp_id(a, b);
}

static const struct {
	const char *label;	/* N_(): the message once sorted */
	int (*cmp)(const void *a, const void *b);
} orders[] = {
	{ N_("Sorted by number"), cmp_id },
	{ N_("Sorted by newest first"), cmp_newest },
	{ N_("Sorted by most supports"), cmp_supports },
	{ N_("Sorted by highest cost (not costed last)"), cmp_cost },
	{ N_("Sorted by district"), cmp_district },
	{ N_("Sorted by longest waiting in their state"), cmp_oldest_change },
};

static void
next_sort(struct view *v)
{
	struct proposals *p = v->data;

	p->sort = (p->sort + 1) % (sizeof orders / sizeof orders[0]);
	list_sort(&p->lv.list, orders[p->sort].cmp);
	app_info(v->app, "%s", _(orders[p->sort].label));
}

/* ----- loading ----- */

struct prow *
proposals_add_row(struct view *v, const struct net_proposal_item *it)
{
	struct proposals *p = v->data;
	struct pattern_item m;
	struct prow *r = prow_from(it);

	if (r == NULL)
		return NULL;
	prow_match(r, &v->app->agent, &m);
	if (idmap_put(&p->index, (uint64_t)r->id, r) != 0) {
		prow_free(r);
		return NULL;
	}
	if (list_append(&p->lv.list, r, &m) != 0) {
		idmap_remove(&p->index, (uint64_t)r->id);
		prow_free(r);
		return NULL;
	}
	return r;
}

static const struct view_ops proposals_ops;

/* The request in flight of a view of this kind, to find it again. */
static long
request_of(const struct view *v)
{
	return ((const struct proposals *)v->data)->request;
}

static void
on_page(void *arg, long id, const struct net_proposal_page *page, const struct net_error *err)
{
	struct view *v = app_view_of_request(arg, &proposals_ops, request_of, id);
	struct proposals *p;
	char text[400];
	size_t i;

	if (v == NULL)
		return;		/* its list is closed, or reloaded since */
	p = v->data;
	if (err != NULL) {
		p->request = 0;
		if (strcmp(err->code, "cancelled") != 0)
			app_error(v->app, "%s", app_net_error(err, text, sizeof text));
		return;
	}
	/* one already there: a page boundary moved under a change */
	for (i = 0; i < page->count; i++)
		if (proposals_find(p, page->items[i].id) == NULL)
			proposals_add_row(v, &page->items[i]);
	if (p->sort != 0)
		list_sort(&p->lv.list, orders[p->sort].cmp);
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
	idmap_free(&p->index);
	idmap_init(&p->index);
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
	f = p->filter;
	p->request = net_proposal_load_all(v->app->net, &f, 0, on_page, v->app, &err);
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

/*
 * The columns, in the order drawn: the title takes what the others leave,
 * at least TITLE_MIN cells; on a narrow screen the columns of the lowest
 * rank go first (rank 0 always stays).
 */
enum column { C_MARK, C_ID, C_TITLE, C_DISTRICT, C_THEME, C_DEPARTMENT, C_REFERENT, C_STATE,
	C_COST, C_SUPPORTS, C_AGE, C_COUNT };

#define TITLE_MIN 24

static const struct {
	const char *title;
	int cells;		/* with the space after */
	bool right;
	int rank;
} columns[C_COUNT] = {
	[C_MARK] = { "", 4, false, 0 }, [C_ID] = { N_("Id"), 7, true, 0 },
	[C_TITLE] = { N_("Title"), 0, false, 0 },
	[C_DISTRICT] = { N_("District"), 13, false, 3 }, [C_THEME] = { N_("Theme"), 12, false, 8 },
	[C_DEPARTMENT] = { N_("Dept"), 8, false, 5 }, [C_REFERENT] = { N_("Referent"), 11, false, 7 },
	[C_STATE] = { N_("State"), 15, false, 1 }, [C_COST] = { N_("Cost"), 14, true, 2 },
	[C_SUPPORTS] = { N_("Supports"), 9, true, 4 }, [C_AGE] = { N_("Age"), 5, true, 6 },
};

/* Which columns fit in cols, and the title's width. */
static int
columns_shown(int cols, bool shown[C_COUNT])
{
	int used = 0, rank = 8, c;

	for (;;) {
		used = 0;
		for (c = 0; c < C_COUNT; c++) {
			shown[c] = columns[c].rank <= rank;
			if (shown[c])
				used += columns[c].cells;
		}
		if (cols - used >= TITLE_MIN || rank == 0)
			return cols - used > 0 ? cols - used : 0;
		rank--;
	}
}

static void
cell_text(const struct prow *r, const struct list_entry *e, enum column c, char *out,
    size_t size)
{
	switch (c) {
	case C_MARK:
		snprintf(out, size, "%s%s%s", e->tagged ? "*" : " ",
		    r->result == PROW_PENDING ? "…" : r->result == PROW_DONE ? "✓" :
		    r->result == PROW_CONFLICT || r->result == PROW_FAILED ? "!" : " ",
		    r->hidden ? "h" : r->priority ? "+" : r->needs_answer ? "?" : " ");
		break;
	case C_ID:
		snprintf(out, size, "%lld", r->id);
		break;
	case C_DISTRICT:
		snprintf(out, size, "%s", r->district_name);
		break;
	case C_THEME:
		snprintf(out, size, "%s", r->theme);
		break;
	case C_DEPARTMENT:
		snprintf(out, size, "%s", r->department);
		break;
	case C_REFERENT:
		snprintf(out, size, "%s", r->referent);
		break;
	case C_STATE:
		/* a winner's stage says more than "winner" */
		snprintf(out, size, "%s", r->stage[0] ? stage_label(r->stage) : state_label(r->state));
		break;
	case C_COST:
		if (r->total_cents < 0)
			snprintf(out, size, "-");
		else
			format_money_ui(r->total_cents, out, size);
		break;
	case C_SUPPORTS:
		format_integer_ui(r->supports, out, size);
		break;
	case C_AGE:
		age(r->created_at, out, size);
		break;
	default:
		out[0] = '\0';
		break;
	}
}

/* The title, after the result of the last action when there is one. */
static int
draw_title(struct proposals *p, const struct prow *r, int y, int x, int width, enum tui_face f)
{
	size_t spans[16];
	int nspans = 0, used = 0;

	if (width <= 0)
		return 0;
	if (r->note != NULL && r->result != PROW_IDLE) {
		char fitted[256], cell[300];
		/* the result in full, before what is left of the title: until
		 * the next action it says more than the title */
		int need = text_width(r->note) + 3, room = need < width ? need : width;

		text_fit(r->note, room - 3 > 1 ? room - 3 : 1, 1, 0, fitted, sizeof fitted);
		snprintf(cell, sizeof cell, "[%s] ", fitted);
		used = tui_put(y, x, cell, room, f, false);
	}
	if (p->lv.highlight != NULL)
		nspans = pattern_highlights(p->lv.highlight, r->title, spans, 8);
	if (width - used > 0)
		used += tui_put_spans(y, x + used, r->title, width - used, f, spans, nspans,
		    TUI_HIGHLIGHT);
	if (width - used > 0)
		used += tui_put(y, x + used, "", width - used, f, true);
	return used;
}

static void
draw_row(void *ctx, size_t i, int y, int cols, enum tui_face face)
{
	struct view *v = ctx;
	struct proposals *p = v->data;
	struct list_entry *e = &p->lv.list.entries[p->lv.list.visible[i]];
	struct prow *r = e->item;
	char cell[FORMAT_SIZE + 64], fitted[FORMAT_SIZE + 64];
	enum tui_face f = face;
	bool shown[C_COUNT];
	int title = columns_shown(cols, shown), x = 0, c;

	if (face != TUI_CURSOR)
		f = r->result == PROW_PENDING ? TUI_PENDING : r->result == PROW_DONE ? TUI_OK :
		    r->result == PROW_CONFLICT || r->result == PROW_FAILED ? TUI_CONFLICT :
		    e->tagged ? TUI_TAGGED : r->hidden ? TUI_HIDDEN : TUI_DEFAULT;
	for (c = 0; c < C_COUNT && x < cols; c++) {
		int w = columns[c].cells - 1, used;

		if (!shown[c])
			continue;
		if (c == C_TITLE) {
			/* the title, then a space like every column */
			x += draw_title(p, r, y, x, title - 1, f);
			x += tui_put(y, x, " ", 1, f, true);
			continue;
		}
		cell_text(r, e, (enum column)c, cell, sizeof cell);
		used = text_width(cell);
		/* numbers to the right */
		if (columns[c].right && used < w)
			x += tui_put(y, x, "", w - used, f, true);
		text_fit(cell, columns[c].right && used < w ? used : w, 1, 1, fitted,
		    sizeof fitted);
		x += tui_put(y, x, fitted, columns[c].right && used < w ? used : w, f, true);
		x += tui_put(y, x, " ", 1, f, true);
	}
	if (cols - x > 0)
		tui_put(y, x, "", cols - x, f, true);
}

static void
header(int cols, char *out, size_t size)
{
	bool shown[C_COUNT];
	int title = columns_shown(cols, shown), c;
	size_t used = 0;

	out[0] = '\0';
	for (c = 0; c < C_COUNT && used < size; c++) {
		const char *text = columns[c].title[0] ? _(columns[c].title) : "";
		int w = c == C_TITLE ? title - 1 : columns[c].cells - 1, tw = text_width(text);

		if (!shown[c] || w <= 0)
			continue;
		/* numbers' titles to the right, like the numbers */
		if (columns[c].right && tw < w) {
			snprintf(out + used, size - used, "%*s", w - tw, "");
			used += strlen(out + used);
			w = tw;
		}
		text_fit(text, w, 1, 1, out + used, size - used);
		used += strlen(out + used);
		snprintf(out + used, size - used, " ");
		used += strlen(out + used);
	}
}

static void
proposals_draw(struct view *v, int y0, int rows)
{
	struct proposals *p = v->data;
	char head[1024];

	list_scroll(&p->lv.list, rows > 1 ? (size_t)(rows - 1) : 1);
	header(tui_cols(), head, sizeof head);
	tui_list_draw(y0, rows, p->lv.list.nvisible, p->lv.list.top, p->lv.list.cursor, head,
	    draw_row, v);
}

static void
proposals_status(struct view *v, char *buf, size_t size)
{
	struct proposals *p = v->data;
	char count[64], rest[400], n[FORMAT_SIZE];

	snprintf(count, sizeof count, ngettext("%s proposal", "%s proposals", p->lv.list.nvisible),
	    format_integer_ui((long long)p->lv.list.nvisible, n, sizeof n));
	listview_status(&p->lv, rest, sizeof rest);
	if (p->filter_text != NULL && p->filter_text[0] != '\0')
		/* TRANSLATORS: the filters typed after :proposals, then counts */
		snprintf(buf, size, _("Proposals [%s]: %s%s%s"), p->filter_text, count, rest,
		    p->loaded ? "" : _(" (loading)"));
	else
		snprintf(buf, size, _("Proposals: %s%s%s"), count, rest,
		    p->loaded ? "" : _(" (loading)"));
}

/* ----- one proposal ----- */

static void
open_proposal(struct view *v)
{
	struct proposals *p = v->data;
	struct list_entry *e = list_current(&p->lv.list);

	if (e != NULL)
		detail_open(v->app, ((struct prow *)e->item)->id);
}

/* ----- keys ----- */

/* The actions on proposals, each in the file of its group. */
static const struct {
	enum keymap_function fn;
	void (*run)(struct view *v, bool tagged);
} actions[] = {
	{ KEYMAP_FN_NONE, NULL },
	{ KEYMAP_FN_IMPORT_VOTES, votes_import },
	{ KEYMAP_FN_WINNERS, votes_winners },
	{ KEYMAP_FN_EXPORT, export_proposals },
	{ KEYMAP_FN_ADMISSIBLE, instruct_admissible },
	{ KEYMAP_FN_INADMISSIBLE, instruct_inadmissible },
	{ KEYMAP_FN_ASSIGN, instruct_assign },
	{ KEYMAP_FN_SELECT, instruct_select },
	{ KEYMAP_FN_UNSELECT, instruct_unselect },
	{ KEYMAP_FN_STAGE, instruct_stage },
	{ KEYMAP_FN_COSTING, costing_start },
	{ KEYMAP_FN_MERGE, merge_start },
	{ KEYMAP_FN_ANSWER, answer_proposals },
};

static bool
proposals_run(struct view *v, enum keymap_function fn, bool tagged)
{
	struct proposals *p = v->data;
	size_t i;

	if (listview_run(&p->lv, fn))
		return true;
	for (i = 0; i < sizeof actions / sizeof actions[0]; i++) {
		if (actions[i].run != NULL && actions[i].fn == fn) {
			actions[i].run(v, tagged);
			return true;
		}
	}
	switch (fn) {
	case KEYMAP_FN_OPEN:
		open_proposal(v);
		return true;
	case KEYMAP_FN_REFRESH:
		load(v);
		return true;
	case KEYMAP_FN_SORT:
		next_sort(v);
		return true;
	default:
		return false;
	}
}

/* A reset of the event stream: what is shown may be stale. */
static void
proposals_event(struct view *v, const struct net_event *ev)
{
	struct proposals *p = v->data;
	size_t i;

	if (ev->kind == NET_EV_RESET) {
		load(v);
		return;
	}
	if (ev->kind != NET_EV_PROPOSAL)
		return;
	/* A row with no action of this list on it changed on the server (a
	 * colleague, or this agent from another view): say so, as the server
	 * would refuse an action on the version shown anyway. The rows of this
	 * list's own actions are pending or done when their event comes. */
	for (i = 0; i < ev->nids; i++) {
		struct prow *r = proposals_find(p, ev->ids[i]);

		if (r != NULL && r->result == PROW_IDLE) {
			r->result = PROW_CONFLICT;
			prow_set_note(r, _("changed on the server: $ reloads"));
		}
	}
}

static void
proposals_close(struct view *v)
{
	struct proposals *p = v->data;

	if (p->request > 0)
		net_cancel(v->app->net, p->request);
	batch_detach_all(p);
	clear_rows(p);
	idmap_free(&p->index);
	listview_free(&p->lv);
	free(p->filter_text);
	free(p->filter_values);
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

/*
 * The server-side filters typed after :proposals, as words KEY=VALUE
 * ("state=costing district=75011 mine"); -1 with why filled when a word is
 * not one. The filter's strings point into p->filter_values.
 */
static int
parse_filter(struct proposals *p, const char *args, char *why, size_t size)
{
	static const char *const sorts[] = { "id", "recent", "supports" };
	struct net_proposal_filter f;
	char *text, *word, *save = NULL;
	size_t i;

	memset(&f, 0, sizeof f);
	if ((text = strdup(args ? args : "")) == NULL) {
		snprintf(why, size, "%s", _("out of memory"));
		return -1;
	}
	for (word = strtok_r(text, " \t", &save); word != NULL; word = strtok_r(NULL, " \t", &save)) {
		char *value = strchr(word, '=');

		if (value != NULL)
			*value++ = '\0';
		if (strcmp(word, "mine") == 0 && value == NULL) {
			f.mine = true;
		} else if (strcmp(word, "stalled") == 0 && value == NULL) {
			f.stalled = true;
		} else if (value == NULL || *value == '\0') {
			snprintf(why, size, _("%s: expected KEY=VALUE (state, stage, district, "
			    "department, theme, referent, edition, answer, q, sort) or mine, stalled"),
			    word);
			free(text);
			return -1;
		} else if (strcmp(word, "state") == 0) {
			f.state = value;
		} else if (strcmp(word, "stage") == 0) {
			f.stage = value;
		} else if (strcmp(word, "district") == 0) {
			f.district = value;
		} else if (strcmp(word, "department") == 0) {
			f.department = value;
		} else if (strcmp(word, "theme") == 0) {
			f.theme = value;
		} else if (strcmp(word, "referent") == 0) {
			f.referent = value;
		} else if (strcmp(word, "q") == 0) {
			f.q = value;
		} else if (strcmp(word, "edition") == 0 && atoi(value) >= 2000 && atoi(value) <= 2100) {
			f.edition = atoi(value);
		} else if (strcmp(word, "answer") == 0 &&
		    (strcmp(value, "needed") == 0 || strcmp(value, "done") == 0)) {
			f.needs_answer = strcmp(value, "needed") == 0 ? 1 : -1;
		} else if (strcmp(word, "sort") == 0) {
			for (i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
				if (strcmp(value, sorts[i]) == 0)
					f.sort = (enum net_proposal_sort)i;
			if (strcmp(value, sorts[f.sort]) != 0) {
				snprintf(why, size, _("sort=%s: expected id, recent or supports"),
				    value);
				free(text);
				return -1;
			}
		} else {
			snprintf(why, size, _("%s=%s: not a filter of proposals"), word, value);
			free(text);
			return -1;
		}
	}
	free(p->filter_text);
	p->filter_text = strdup(args ? args : "");
	free(p->filter_values);
	p->filter_values = text;
	p->filter = f;
	return 0;
}

int
proposals_view_filter(struct view *v, const char *args)
{
	struct proposals *p = v->data;
	char why[300];

	if (parse_filter(p, args, why, sizeof why) != 0) {
		app_error(v->app, "%s", why);
		return -1;
	}
	load(v);
	return 0;
}

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
