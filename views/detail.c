/* The detail of one proposal, read as a page: its text, people, place,
 * costing, merges both ways, stages, answers, comments and audit trail.
 * The list's actions apply to it from here; U undoes the merge that made it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/format.h"
#include "../core/i18n.h"
#include "../core/text.h"
#include "../net/detail.h"
#include "proposals.h"

/* A request's way back to the view: the view clears v when it closes, so
 * that an answer coming later is dropped. Freed by the request's callback. */
struct ticket {
	struct view *v;
};

/* A source whose merge into this proposal stands, as U undoes it. */
struct source {
	long long id;
	int version;		/* -1: the server did not say */
};

/* The unmerges in flight, one per source. */
struct unmerging {
	struct view *v;		/* NULL once the detail is closed */
	size_t pending, done, refused;
	char why[300];		/* the last refusal, for people */
};

struct detail {
	long long id;
	char title[300];
	struct tui_pager pager;
	int rows;
	struct ticket *ticket;	/* the load in flight, NULL when none */
	long request;
	bool loaded;
	/* what U needs, from the last load */
	int version;
	char state[32];
	long long merged_into;
	struct source *sources;
	size_t nsources;
	struct unmerging *unmerging;
};

/* ----- lines ----- */

/* Adds text (raw) to the page, one line per line of text. */
static void
add_text(struct detail *d, const char *text)
{
	char *safe = text_sanitize(text ? text : "", text ? strlen(text) : 0, 1), *start, *nl;

	if (safe == NULL)
		return;
	for (start = safe;; start = nl + 1) {
		nl = strchr(start, '\n');
		if (nl != NULL)
			*nl = '\0';
		if (tui_pager_add(&d->pager, start) != 0 || nl == NULL)
			break;
	}
	free(safe);
}

static void addf(struct detail *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
addf(struct detail *d, const char *fmt, ...)
{
	char line[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	add_text(d, line);
}

static const char *
when(time_t t, char *out, size_t size)
{
	if (t == 0 || format_datetime_ui(t, out, size)[0] == '\0')
		snprintf(out, size, "-");
	return out;
}

static const char *
day(time_t t, char *out, size_t size)
{
	if (t == 0 || format_date_ui(t, out, size)[0] == '\0')
		snprintf(out, size, "-");
	return out;
}

/* The categories of cost lines in the user's words. */
static const struct {
	const char *code, *label;
} categories[] = {
	{ "investment", N_("investment") }, { "operating", N_("operating") },
	{ "studies", N_("studies") }, { "other", N_("other") },
};

static const char *
category_label(const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < sizeof categories / sizeof categories[0]; i++)
		if (strcmp(code, categories[i].code) == 0)
			return _(categories[i].label);
	return code ? code : "";
}

static void
show_head(struct detail *d, const struct net_proposal *pr)
{
	char at[FORMAT_SIZE], n[FORMAT_SIZE], line[1024];
	size_t i, used;

	if (pr->stage != NULL)
		/* TRANSLATORS: a proposal's state, then its realisation stage */
		addf(d, _("State: %s, stage: %s"), state_label(pr->state), stage_label(pr->stage));
	else if (pr->state_reason != NULL)
		addf(d, _("State: %s (%s)"), state_label(pr->state), pr->state_reason);
	else
		addf(d, _("State: %s"), state_label(pr->state));
	if (pr->state_changed_at != 0)
		addf(d, _("Since: %s"), when(pr->state_changed_at, at, sizeof at));
	/* TRANSLATORS: the author, the district, the date of the proposal */
	addf(d, _("By %s, %s, on %s"), pr->author_name ? pr->author_name : "?",
	    pr->district_name ? pr->district_name : "", when(pr->created_at, at, sizeof at));
	if (pr->ncoauthors > 0) {
		snprintf(line, sizeof line, "%s", ngettext("Co-author: ", "Co-authors: ",
		    pr->ncoauthors));
		for (i = 0; i < pr->ncoauthors; i++) {
			used = strlen(line);
			snprintf(line + used, sizeof line - used, "%s%s%s", i ? ", " : "",
			    pr->coauthors[i].display_name,
			    pr->coauthors[i].via_merge ? _(" (by a merge)") : "");
		}
		add_text(d, line);
	}
	addf(d, _("District: %s (%s)%s"), pr->district_name ? pr->district_name : "-",
	    pr->district_code ? pr->district_code : "-",
	    pr->priority_neighbourhood ? _(", priority neighbourhood") : "");
	addf(d, _("Theme: %s"), pr->theme_name ? pr->theme_name : "-");
	if (pr->department_code != NULL)
		addf(d, _("Department: %s (%s)"), pr->department_name ? pr->department_name : "",
		    pr->department_code);
	else
		addf(d, "%s", _("Department: none yet"));
	addf(d, _("Referent: %s"), pr->referent ? pr->referent : "-");
	addf(d, ngettext("%s support", "%s supports", pr->supports),
	    format_integer_ui(pr->supports, n, sizeof n));
	if (pr->votes_total >= 0) {
		char online[FORMAT_SIZE], paper[FORMAT_SIZE];

		addf(d, _("Votes: %s (%s online, %s on paper)"),
		    format_integer_ui(pr->votes_total, n, sizeof n),
		    format_integer_ui(pr->votes_online, online, sizeof online),
		    format_integer_ui(pr->votes_paper, paper, sizeof paper));
	}
	if (pr->address != NULL)
		addf(d, _("Address: %s"), pr->address);
	if (pr->hidden)
		addf(d, _("Hidden: %s"), pr->hidden_reason ? pr->hidden_reason : "-");
	if (pr->needs_answer)
		addf(d, "%s", _("Its authors wait for an answer."));
}

/* An amount to the right of cells cells, counted in cells: a euro sign or
 * a narrow space is one cell of several bytes. */
static const char *
money_right(long long cents, int cells, char *out, size_t size)
{
	char money[FORMAT_SIZE];
	int w = text_width(format_money_ui(cents, money, sizeof money));

	snprintf(out, size, "%*s%s", w < cells ? cells - w : 0, "", money);
	return out;
}

static void
show_costing(struct detail *d, const struct net_proposal *pr)
{
	const struct net_detail_costing *c = &pr->costing;
	char money[FORMAT_SIZE + 16], at[FORMAT_SIZE];
	size_t i;

	add_text(d, "");
	if (!pr->costed) {
		add_text(d, _("Costing: none yet"));
		return;
	}
	addf(d, _("Costing by %s on %s"), c->costed_by ? c->costed_by : "?",
	    day(c->costed_at, at, sizeof at));
	for (i = 0; i < c->nlines; i++) {
		char cat[64], label[128];

		text_fit(category_label(c->lines[i].category), 16, 1, 1, cat, sizeof cat);
		text_fit(c->lines[i].label, 40, 1, 1, label, sizeof label);
		addf(d, "  %s %s %s", cat, label,
		    money_right(c->lines[i].amount_cents, 16, money, sizeof money));
	}
	{
		char total[64];

		text_fit(_("Total"), 57, 0, 1, total, sizeof total);
		addf(d, "  %s %s", total, money_right(c->total_cents, 16, money, sizeof money));
	}
	addf(d, _("Opinion: %s"), strcmp(c->opinion, "favourable") == 0 ?
	    _("favourable") : strcmp(c->opinion, "unfavourable") == 0 ? _("unfavourable") :
	    c->opinion);
	if (c->justification != NULL && c->justification[0] != '\0')
		addf(d, _("Justification: %s"), c->justification);
	if (c->duration_months >= 0)
		addf(d, ngettext("Duration: %d month", "Duration: %d months",
		    (unsigned long)c->duration_months), c->duration_months);
}

/* One end of a merge: when, by whom, undone or not. */
static void
show_link(struct detail *d, const struct net_merge_link *m)
{
	char at[FORMAT_SIZE], undone[FORMAT_SIZE], line[1024];

	if (m->state != NULL)
		snprintf(line, sizeof line, _("  %lld %s (%s), merged on %s by %s"), m->id, m->title,
		    state_label(m->state), day(m->merged_at, at, sizeof at),
		    m->merged_by ? m->merged_by : "?");
	else
		snprintf(line, sizeof line, _("  %lld %s, merged on %s by %s"), m->id, m->title,
		    day(m->merged_at, at, sizeof at), m->merged_by ? m->merged_by : "?");
	if (m->undone_at != 0) {
		size_t used = strlen(line);

		snprintf(line + used, sizeof line - used, _(", undone on %s by %s"),
		    day(m->undone_at, undone, sizeof undone), m->undone_by ? m->undone_by : "?");
	}
	add_text(d, line);
	if (m->note != NULL)
		addf(d, _("    Note: %s"), m->note);
}

static void
show_lineage(struct detail *d, const struct net_proposal *pr)
{
	size_t i, standing = 0;

	for (i = 0; i < pr->nmerged_from; i++)
		if (pr->merged_from[i].undone_at == 0)
			standing++;
	if (pr->nmerged_into == 0 && pr->nmerged_from == 0)
		return;
	add_text(d, "");
	if (pr->merged_into != 0)
		addf(d, _("Merged into %lld"), pr->merged_into);
	if (pr->nmerged_into > 0) {
		add_text(d, _("Its merges into other proposals:"));
		for (i = 0; i < pr->nmerged_into; i++)
			show_link(d, &pr->merged_into_history[i]);
	}
	if (pr->nmerged_from > 0) {
		if (standing > 0)
			addf(d, ngettext("Made from %zu proposal (U undoes the merge):",
			    "Made from %zu proposals (U undoes the merge):", standing), standing);
		else
			add_text(d, _("Merged into it once, every merge undone:"));
		for (i = 0; i < pr->nmerged_from; i++)
			show_link(d, &pr->merged_from[i]);
	}
}

static void
show_stages(struct detail *d, const struct net_proposal *pr)
{
	char at[FORMAT_SIZE];
	size_t i;

	if (pr->nstages == 0)
		return;
	add_text(d, "");
	add_text(d, _("Stages:"));
	for (i = 0; i < pr->nstages; i++) {
		const struct net_stage_update *u = &pr->stages[i];

		addf(d, "  %s  %s%s%s", day(u->stage_date, at, sizeof at), stage_label(u->stage),
		    u->note ? ": " : "", u->note ? u->note : "");
	}
}

static void
show_answers(struct detail *d, const struct net_proposal *pr)
{
	char at[FORMAT_SIZE];
	size_t i;

	add_text(d, "");
	if (pr->nanswers == 0) {
		add_text(d, _("Answers sent: none"));
		return;
	}
	addf(d, ngettext("%zu answer sent:", "%zu answers sent:", pr->nanswers), pr->nanswers);
	for (i = 0; i < pr->nanswers; i++)
		/* TRANSLATORS: when, who, then the answer's text */
		addf(d, _("  %s by %s: %s"), when(pr->answers[i].created_at, at, sizeof at),
		    pr->answers[i].agent ? pr->answers[i].agent : "?", pr->answers[i].body);
}

static void
show_comments(struct detail *d, const struct net_proposal *pr)
{
	char n[FORMAT_SIZE], at[FORMAT_SIZE], state[512];
	size_t i;

	add_text(d, "");
	addf(d, ngettext("%s comment", "%s comments", pr->comments_total),
	    format_integer_ui(pr->comments_total, n, sizeof n));
	for (i = 0; i < pr->ncomments; i++) {
		const struct net_comment *cm = &pr->comments[i];

		state[0] = '\0';
		if (cm->hidden && cm->hidden_auto)
			snprintf(state, sizeof state, "%s", _(" [hidden by the reports, pending review]"));
		else if (cm->hidden)
			/* TRANSLATORS: who hid a comment, then why */
			snprintf(state, sizeof state, _(" [hidden by %s on %s: %s]"),
			    cm->moderated_by ? cm->moderated_by : "?",
			    when(cm->moderated_at, at, sizeof at),
			    cm->hidden_reason ? cm->hidden_reason : "-");
		else if (cm->moderated_by != NULL)
			snprintf(state, sizeof state, _(" [kept by %s]"), cm->moderated_by);
		addf(d, "%s#%lld %s%s: %s", cm->parent_id ? "    " : "  ", cm->id,
		    cm->author_name ? cm->author_name : "?", state, cm->body ? cm->body : "");
	}
}

static void
show_audit(struct detail *d, const struct net_proposal *pr)
{
	char at[FORMAT_SIZE], change[1024];
	size_t i;

	add_text(d, "");
	add_text(d, _("History:"));
	for (i = 0; i < pr->naudit; i++) {
		const struct net_audit_entry *e = &pr->audit[i];

		audit_change_text(e, change, sizeof change);
		addf(d, "  %s  %s  %s%s%s", when(e->at, at, sizeof at), e->agent ? e->agent : "-",
		    e->action, change[0] ? "  " : "", change);
	}
}

/* What U needs: this proposal's version and state, its standing sources. */
static void
remember(struct detail *d, const struct net_proposal *pr)
{
	size_t i;

	d->version = pr->version;
	snprintf(d->state, sizeof d->state, "%s", pr->state);
	d->merged_into = pr->merged_into;
	free(d->sources);
	d->sources = NULL;
	d->nsources = 0;
	if (pr->nmerged_from > 0 && (d->sources = calloc(pr->nmerged_from, sizeof *d->sources)))
		for (i = 0; i < pr->nmerged_from; i++)
			if (pr->merged_from[i].undone_at == 0) {
				d->sources[d->nsources].id = pr->merged_from[i].id;
				d->sources[d->nsources++].version = pr->merged_from[i].version;
			}
}

/* ----- loading ----- */

static void
on_loaded(void *arg, long id, const struct net_proposal *pr, const struct net_error *err)
{
	struct ticket *t = arg;
	struct view *v = t->v;
	struct detail *d;
	char text[400], *safe;
	size_t top;

	(void)id;
	free(t);
	if (v == NULL)
		return;		/* the detail was closed */
	d = v->data;
	d->ticket = NULL;
	d->request = 0;
	if (err != NULL) {
		if (strcmp(err->code, "cancelled") != 0)
			app_error(v->app, "%s", app_net_error(err, text, sizeof text));
		if (!d->loaded) {
			tui_pager_clear(&d->pager);
			add_text(d, app_net_error(err, text, sizeof text));
		}
		return;
	}
	/* a reload keeps the place the agent was reading */
	top = d->pager.top;
	tui_pager_clear(&d->pager);
	snprintf(text, sizeof text, _("Proposal %lld: %s"), pr->id, pr->title);
	safe = text_sanitize(text, strlen(text), 0);
	snprintf(d->title, sizeof d->title, "%s", safe ? safe : "");
	free(safe);
	show_head(d, pr);
	add_text(d, "");
	add_text(d, pr->body);
	show_costing(d, pr);
	show_lineage(d, pr);
	show_stages(d, pr);
	show_answers(d, pr);
	show_comments(d, pr);
	show_audit(d, pr);
	d->pager.top = top < d->pager.count ? top : 0;
	remember(d, pr);
	d->loaded = true;
}

static void
load(struct view *v)
{
	struct detail *d = v->data;
	struct net_error err;
	struct ticket *t;
	char text[400];

	if (d->ticket != NULL) {
		d->ticket->v = NULL;
		net_cancel(v->app->net, d->request);
		d->ticket = NULL;
	}
	if ((t = calloc(1, sizeof *t)) == NULL) {
		app_error(v->app, "%s", _("out of memory"));
		return;
	}
	t->v = v;
	d->request = net_proposal_get(v->app->net, d->id, on_loaded, t, &err);
	if (d->request < 0) {
		free(t);
		d->request = 0;
		app_error(v->app, "%s", app_net_error(&err, text, sizeof text));
		return;
	}
	d->ticket = t;
}

/* ----- undoing a merge ----- */

static void
on_unmerged(void *arg, long id, const struct net_unmerge *u, const struct net_error *err)
{
	struct unmerging *um = arg;
	char text[400];

	(void)id;
	if (err != NULL) {
		um->refused++;
		snprintf(um->why, sizeof um->why, "%s", app_net_error(err, text, sizeof text));
	} else {
		(void)u;
		um->done++;
	}
	if (--um->pending > 0)
		return;
	if (um->v != NULL) {
		struct detail *d = um->v->data;

		d->unmerging = NULL;
		if (um->refused == 0)
			app_info(um->v->app, ngettext("Merge undone: %zu proposal is back on its own.",
			    "Merge undone: %zu proposals are back on their own.", um->done), um->done);
		else
			/* TRANSLATORS: counts, then why the server refused (its words) */
			app_error(um->v->app, _("Merge undone for %zu, refused for %zu: %s"), um->done,
			    um->refused, um->why);
		load(um->v);
	}
	free(um);
}

static void
unmerge_yes(struct app *app, void *ctx)
{
	struct view *v = ctx;
	struct detail *d = v->data;
	struct unmerging *um;
	struct net_error err;
	struct source self;
	const struct source *src = d->sources;
	size_t n = d->nsources, i;
	char text[400];

	if (app_top(app) != v || d->unmerging != NULL)
		return;
	if (n == 0) {
		self.id = d->id;
		self.version = d->version;
		src = &self;
		n = 1;
	}
	if ((um = calloc(1, sizeof *um)) == NULL) {
		app_error(app, "%s", _("out of memory"));
		return;
	}
	um->v = v;
	for (i = 0; i < n; i++) {
		if (src[i].version < 0) {
			um->refused++;
			snprintf(um->why, sizeof um->why, "%s",
			    _("the server did not give the version of a source: reload"));
			continue;
		}
		/* pending counts before the call: a callback never runs inside it */
		um->pending++;
		if (net_proposal_unmerge(app->net, src[i].id, src[i].version, on_unmerged, um,
		    &err) < 0) {
			um->pending--;
			um->refused++;
			snprintf(um->why, sizeof um->why, "%s", app_net_error(&err, text, sizeof text));
		}
	}
	if (um->pending == 0) {
		app_error(app, "%s", um->why);
		free(um);
		return;
	}
	d->unmerging = um;
	app_info(app, ngettext("Undoing the merge of %zu proposal...",
	    "Undoing the merge of %zu proposals...", um->pending), um->pending);
}

static void
unmerge(struct view *v)
{
	struct detail *d = v->data;
	char q[256];

	if (!d->loaded) {
		app_info(v->app, "%s", _("The proposal is still loading."));
		return;
	}
	if (d->unmerging != NULL) {
		app_info(v->app, "%s", _("A merge is being undone already."));
		return;
	}
	if (d->nsources > 0)
		snprintf(q, sizeof q, ngettext("Undo the merge of %zu proposal into %lld?",
		    "Undo the merge of %zu proposals into %lld?", d->nsources), d->nsources, d->id);
	else if (strcmp(d->state, "merged") == 0 && d->merged_into != 0)
		snprintf(q, sizeof q, _("Undo the merge of %lld into %lld?"), d->id, d->merged_into);
	else {
		app_info(v->app, _("Proposal %lld was not made by a merge."), d->id);
		return;
	}
	app_confirm(v->app, q, unmerge_yes, v);
}

/* ----- keys ----- */

/* The list's actions, done on this proposal by the list below it (the
 * list then shows the result on its row, and the detail reloads on the
 * server's event). */
static void
forward(struct view *v, enum keymap_function fn)
{
	struct detail *d = v->data;
	struct app *app = v->app;
	struct view *below = app->nviews >= 2 ? app->views[app->nviews - 2] : NULL;
	struct list_entry *e;

	if (app_top(app) != v || below == NULL || strcmp(below->ops->name, "proposals") != 0) {
		app_info(app, "%s", _("Open this proposal from the list of proposals to act on it."));
		return;
	}
	e = list_current(&((struct proposals *)below->data)->lv.list);
	if (e == NULL || ((struct prow *)e->item)->id != d->id) {
		app_info(app, _("The list's cursor is no longer on proposal %lld: act from the list."),
		    d->id);
		return;
	}
	if (!below->ops->run(below, fn, false))
		app_info(app, _("%s does nothing here"), keymap_function_name(fn));
}

static bool
detail_run(struct view *v, enum keymap_function fn, bool tagged)
{
	struct detail *d = v->data;
	int page = d->rows > 1 ? d->rows : 1;

	(void)tagged;
	switch (fn) {
	case KEYMAP_FN_MOVE_DOWN:
	case KEYMAP_FN_LINE_DOWN:
		tui_pager_scroll(&d->pager, 1, page);
		return true;
	case KEYMAP_FN_MOVE_UP:
	case KEYMAP_FN_LINE_UP:
		tui_pager_scroll(&d->pager, -1, page);
		return true;
	case KEYMAP_FN_PAGE_DOWN:
		tui_pager_scroll(&d->pager, page, page);
		return true;
	case KEYMAP_FN_PAGE_UP:
		tui_pager_scroll(&d->pager, -page, page);
		return true;
	case KEYMAP_FN_HALF_PAGE_DOWN:
		tui_pager_scroll(&d->pager, page / 2, page);
		return true;
	case KEYMAP_FN_HALF_PAGE_UP:
		tui_pager_scroll(&d->pager, -page / 2, page);
		return true;
	case KEYMAP_FN_FIRST:
		d->pager.top = 0;
		return true;
	case KEYMAP_FN_LAST:
		tui_pager_scroll(&d->pager, (long)d->pager.count, page);
		return true;
	case KEYMAP_FN_OPEN:
		return true;
	case KEYMAP_FN_REFRESH:
		load(v);
		return true;
	case KEYMAP_FN_UNMERGE:
		unmerge(v);
		return true;
	case KEYMAP_FN_ADMISSIBLE:
	case KEYMAP_FN_INADMISSIBLE:
	case KEYMAP_FN_ASSIGN:
	case KEYMAP_FN_COSTING:
	case KEYMAP_FN_SELECT:
	case KEYMAP_FN_UNSELECT:
	case KEYMAP_FN_STAGE:
	case KEYMAP_FN_ANSWER:
		forward(v, fn);
		return true;
	default:
		return false;
	}
}

/* A change to this proposal or to one of its sources: read it again. */
static void
detail_event(struct view *v, const struct net_event *ev)
{
	struct detail *d = v->data;
	size_t i, j;

	if (ev->kind == NET_EV_RESET) {
		load(v);
		return;
	}
	if (ev->kind != NET_EV_PROPOSAL)
		return;
	for (i = 0; i < ev->nids; i++) {
		bool ours = ev->ids[i] == d->id || ev->ids[i] == d->merged_into;

		for (j = 0; j < d->nsources && !ours; j++)
			ours = ev->ids[i] == d->sources[j].id;
		if (ours) {
			load(v);
			return;
		}
	}
}

static void
detail_draw(struct view *v, int y0, int rows)
{
	struct detail *d = v->data;

	d->rows = rows - 1;
	tui_put(y0, 0, d->title, tui_cols(), TUI_HEADER, true);
	tui_pager_draw(&d->pager, y0 + 1, rows - 1);
}

static void
detail_status(struct view *v, char *buf, size_t size)
{
	struct detail *d = v->data;

	snprintf(buf, size, _("Proposal %lld (line %zu of %zu, q to go back)%s"), d->id,
	    d->pager.count ? d->pager.top + 1 : 0, d->pager.count,
	    d->request > 0 ? _(" (loading)") : "");
}

static void
detail_close(struct view *v)
{
	struct detail *d = v->data;

	if (d->ticket != NULL) {
		d->ticket->v = NULL;
		net_cancel(v->app->net, d->request);
	}
	/* unmerges are writes: they end on their own, without the view */
	if (d->unmerging != NULL)
		d->unmerging->v = NULL;
	tui_pager_clear(&d->pager);
	free(d->sources);
	free(d);
	free(v);
}

static const struct view_ops detail_ops = {
	"proposal", KEYMAP_VIEW_PROPOSAL, detail_draw, detail_run, detail_event, detail_status,
	detail_close,
};

void
detail_open(struct app *app, long long id)
{
	struct view *v = calloc(1, sizeof *v);
	struct detail *d = calloc(1, sizeof *d);

	if (v == NULL || d == NULL) {
		free(v);
		free(d);
		app_error(app, "%s", _("out of memory"));
		return;
	}
	v->ops = &detail_ops;
	v->app = app;
	v->data = d;
	d->id = id;
	snprintf(d->title, sizeof d->title, _("Proposal %lld"), id);
	add_text(d, _("Loading..."));
	app_push(app, v);
	if (app_top(app) != v)
		return;		/* too many views: it is closed already */
	load(v);
}
