/* Merging the tagged proposals into one (M): the target asked (one of the
 * tagged, or a new proposal), a preview of what closes and who becomes
 * co-author, a confirmation, then each source's row says where it went. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../core/format.h"
#include "../core/i18n.h"
#include "../core/text.h"
#include "../net/costing.h"
#include "proposals.h"

#define TITLE_SIZE 1024
#define BODY_SIZE 4096

struct merge;

/* A request's link to the preview: cleared when the preview closes. */
struct slot {
	struct merge *m;
};

/* One proposal of the merge: as the list saw it, then as read now. */
struct part {
	long long id;
	int version;		/* what the agent saw in the list: what is sent */
	char *title;		/* safe text */
	bool read;
	int now_version;
	char *state, *author, *changed_by;
	long long author_id;
	time_t changed_at;
	struct { long long id; char *name; } *coauthors;
	size_t ncoauthors;
};

struct merge {
	struct view *view;
	struct view *list;	/* below the preview: alive as long as it */
	struct part *src;	/* the sources, in the order of the list */
	size_t n;
	struct part target;	/* id 0: a new proposal */
	char *title, *body;	/* the new proposal's */
	size_t reading;		/* the part being read: 0..n-1 the sources, n the target */
	struct slot *slot;
	long request;
	bool ready;
	struct tui_pager pager;
	int rows;
};

/* What the merge's answer goes back to: the list, detached when it closes. */
struct sent {
	struct batch link;	/* in the list's batches: link.v is cleared when it closes */
	struct merge_ids {
		long long id;
		int version;
		bool changed;	/* the preview saw it changed since the list */
		char note[300];
	} *ids;
	size_t n;
	long long target;
	bool created;
};

static void
part_free(struct part *p)
{
	size_t i;

	free(p->title);
	free(p->state);
	free(p->author);
	free(p->changed_by);
	for (i = 0; i < p->ncoauthors; i++)
		free(p->coauthors[i].name);
	free(p->coauthors);
	memset(p, 0, sizeof *p);
}

/* The tagged rows, in the order of the list. */
static size_t
tagged_rows(struct view *v, struct prow ***out)
{
	struct proposals *p = v->data;
	size_t n = list_tagged_count(&p->lv.list), k = 0, i;

	*out = NULL;
	if (n == 0 || (*out = calloc(n, sizeof **out)) == NULL)
		return 0;
	for (i = 0; i < p->lv.list.count && k < n; i++)
		if (p->lv.list.entries[i].tagged)
			(*out)[k++] = p->lv.list.entries[i].item;
	return k;
}

/* ----- the preview ----- */

static void
add(struct merge *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
add(struct merge *m, const char *fmt, ...)
{
	char line[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	tui_pager_add(&m->pager, line);
}

static void
describe(struct merge *m)
{
	long long owner = m->target.id ? m->target.author_id : m->src[0].author_id;
	char when[32] = "";
	struct tm tm;
	size_t i, j, k, people = 0;
	bool seen;

	tui_pager_clear(&m->pager);
	if (m->target.id != 0) {
		add(m, ngettext("%zu proposal merges into proposal %lld, \"%s\" (%s).",
		    "%zu proposals merge into proposal %lld, \"%s\" (%s).", m->n), m->n,
		    m->target.id, m->target.title, state_label(m->target.state));
	} else {
		add(m, ngettext("%zu proposal merges into a new proposal, \"%s\".",
		    "%zu proposals merge into a new proposal, \"%s\".", m->n), m->n, m->title);
		add(m, _("Its text: %s"), m->body);
		add(m, _("It is admissible, written by %s (the author of the first source), in the "
		    "district and theme the sources share."), m->src[0].author ? m->src[0].author : "?");
	}
	add(m, "%s", "");
	add(m, "%s", _("These proposals close, merged into the target:"));
	for (i = 0; i < m->n; i++) {
		struct part *s = &m->src[i];

		add(m, _("  %lld  %s, by %s (%s)"), s->id, s->title, s->author ? s->author : "?",
		    state_label(s->state));
		if (s->read && s->now_version != s->version) {
			when[0] = '\0';
			if (s->changed_at != 0 && localtime_r(&s->changed_at, &tm) != NULL)
				strftime(when, sizeof when, "%H:%M", &tm);
			add(m, _("        changed since the list was read, by %s at %s: the merge "
			    "will be refused; reload the list ($) first."),
			    s->changed_by ? s->changed_by : "?", when);
		}
	}
	add(m, "%s", "");
	add(m, "%s", _("These citizens become co-authors of the target:"));
	/* the authors of the sources and their co-authors, once each */
	for (i = 0; i < m->n; i++) {
		struct part *s = &m->src[i];

		for (j = 0; j <= s->ncoauthors; j++) {
			long long id = j == 0 ? s->author_id : s->coauthors[j - 1].id;
			const char *name = j == 0 ? s->author : s->coauthors[j - 1].name;

			if (id == 0 || id == owner)
				continue;
			seen = false;
			for (k = 0; k < i && !seen; k++) {
				size_t l;

				seen = m->src[k].author_id == id;
				for (l = 0; l < m->src[k].ncoauthors && !seen; l++)
					seen = m->src[k].coauthors[l].id == id;
			}
			for (k = 0; k < j && !seen; k++)
				seen = (k == 0 ? s->author_id : s->coauthors[k - 1].id) == id;
			if (seen)
				continue;
			add(m, "  %s", name ? name : "?");
			people++;
		}
	}
	if (people == 0)
		add(m, "%s", _("  nobody new: the target's author wrote them all."));
}

static void send_merge(struct app *app, void *ctx);

static void
ask(struct merge *m)
{
	struct app *app = m->view->app;
	char q[300];

	if (!m->ready || app_top(app) != m->view || app->form.active || app->prompt.active ||
	    app->confirming)
		return;
	if (m->target.id != 0)
		snprintf(q, sizeof q, ngettext("Merge %zu proposal into proposal %lld?",
		    "Merge %zu proposals into proposal %lld?", m->n), m->n, m->target.id);
	else
		snprintf(q, sizeof q, ngettext("Merge %zu proposal into a new proposal?",
		    "Merge %zu proposals into a new proposal?", m->n), m->n);
	app_confirm(app, q, send_merge, m->view);
}

static void read_next(struct merge *m);

static void
on_read(void *arg, long id, const struct net_costing_proposal *pr, const struct net_error *err)
{
	struct slot *s = arg;
	struct merge *m = s->m;
	struct part *p;
	char text[400];
	size_t i;

	(void)id;
	free(s);
	if (m == NULL)
		return;
	m->slot = NULL;
	m->request = 0;
	if (err != NULL) {
		tui_pager_clear(&m->pager);
		add(m, _("Cannot read proposal %lld: %s"),
		    m->reading < m->n ? m->src[m->reading].id : m->target.id,
		    app_net_error(err, text, sizeof text));
		return;
	}
	p = m->reading < m->n ? &m->src[m->reading] : &m->target;
	p->read = true;
	p->now_version = pr->version;
	p->author_id = pr->author.id;
	p->state = text_safe(pr->state);
	p->author = text_safe(pr->author.display_name);
	p->changed_by = pr->updated_by ? text_safe(pr->updated_by) : NULL;
	p->changed_at = pr->updated_at;
	if (pr->ncoauthors > 0 &&
	    (p->coauthors = calloc(pr->ncoauthors, sizeof *p->coauthors)) != NULL) {
		for (i = 0; i < pr->ncoauthors; i++) {
			p->coauthors[i].id = pr->coauthors[i].id;
			p->coauthors[i].name = text_safe(pr->coauthors[i].display_name);
		}
		p->ncoauthors = pr->ncoauthors;
	}
	m->reading++;
	read_next(m);
}

/* Reads the sources, then the target, one after the other. */
static void
read_next(struct merge *m)
{
	struct app *app = m->view->app;
	struct net_error err;
	long long id;

	if (m->reading > m->n || (m->reading == m->n && m->target.id == 0)) {
		m->ready = true;
		describe(m);
		ask(m);
		return;
	}
	id = m->reading < m->n ? m->src[m->reading].id : m->target.id;
	if ((m->slot = malloc(sizeof *m->slot)) == NULL)
		return;
	m->slot->m = m;
	m->request = net_costing_get(app->net, id, on_read, m->slot, &err);
	if (m->request < 0) {
		free(m->slot);
		m->slot = NULL;
		m->request = 0;
		add(m, "%s", err.message);
	}
}

static void
merge_draw(struct view *v, int y0, int rows)
{
	struct merge *m = v->data;
	char title[300];

	m->rows = rows - 1;
	snprintf(title, sizeof title, ngettext("Merge of %zu proposal", "Merge of %zu proposals",
	    m->n), m->n);
	tui_put(y0, 0, title, tui_cols(), TUI_HEADER, true);
	if (!m->ready && m->pager.count == 0) {
		tui_put(y0 + 1, 0, _("Reading the proposals…"), tui_cols(), TUI_DEFAULT, true);
		tui_pager_draw(&m->pager, y0 + 2, rows - 2);
		return;
	}
	tui_pager_draw(&m->pager, y0 + 1, rows - 1);
}

static bool
merge_run(struct view *v, enum keymap_function fn, bool tagged)
{
	struct merge *m = v->data;
	int page = m->rows > 1 ? m->rows : 1;

	(void)tagged;
	switch (fn) {
	case KEYMAP_FN_MOVE_DOWN:
		tui_pager_scroll(&m->pager, 1, page);
		return true;
	case KEYMAP_FN_MOVE_UP:
		tui_pager_scroll(&m->pager, -1, page);
		return true;
	case KEYMAP_FN_PAGE_DOWN:
		tui_pager_scroll(&m->pager, page, page);
		return true;
	case KEYMAP_FN_PAGE_UP:
		tui_pager_scroll(&m->pager, -page, page);
		return true;
	case KEYMAP_FN_OPEN:
	case KEYMAP_FN_MERGE:
		ask(m);
		return true;
	default:
		return false;
	}
}

static void
merge_status(struct view *v, char *buf, size_t size)
{
	struct merge *m = v->data;

	if (m->ready)
		snprintf(buf, size, "%s", _("Merge preview: Enter or M merges, q goes back"));
	else
		snprintf(buf, size, "%s", _("Merge preview (reading the proposals)"));
}

static void
merge_close(struct view *v)
{
	struct merge *m = v->data;
	size_t i;

	if (m->slot != NULL) {
		m->slot->m = NULL;
		net_cancel(v->app->net, m->request);
	}
	for (i = 0; i < m->n; i++)
		part_free(&m->src[i]);
	part_free(&m->target);
	free(m->src);
	free(m->title);
	free(m->body);
	tui_pager_clear(&m->pager);
	free(m);
	free(v);
}

static const struct view_ops merge_ops = {
	"merge", KEYMAP_VIEW_PROPOSALS, merge_draw, merge_run, NULL, merge_status, merge_close,
};

/* The preview of merging the tagged rows but target (0: into a new
 * proposal titled title, with the text body). */
static void
preview(struct view *v, long long target, const char *title, const char *body)
{
	struct app *app = v->app;
	struct proposals *p = v->data;
	struct prow **rows, *t = target ? proposals_find(p, target) : NULL;
	size_t n = tagged_rows(v, &rows), i;
	struct merge *m = calloc(1, sizeof *m);
	struct view *mv = calloc(1, sizeof *mv);

	if (m == NULL || mv == NULL || n == 0 || (m->src = calloc(n, sizeof *m->src)) == NULL ||
	    (target == 0 && ((m->title = strdup(title)) == NULL ||
	    (m->body = strdup(body)) == NULL))) {
		if (m != NULL) {
			free(m->src);
			free(m->title);
		}
		free(m);
		free(mv);
		free(rows);
		app_error(app, "%s", _("out of memory"));
		return;
	}
	for (i = 0; i < n; i++) {
		if (rows[i]->id == target)
			continue;
		m->src[m->n].id = rows[i]->id;
		m->src[m->n].version = rows[i]->version;
		m->src[m->n].title = text_safe(rows[i]->title);
		m->n++;
	}
	free(rows);
	if (t != NULL) {
		m->target.id = t->id;
		m->target.version = t->version;
		m->target.title = text_safe(t->title);
	}
	m->view = mv;
	m->list = v;
	mv->ops = &merge_ops;
	mv->app = app;
	mv->data = m;
	app_push(app, mv);
	if (app_top(app) != mv)
		return;		/* too many views: already closed */
	read_next(m);
}

/* ----- sending ----- */

static void
sent_free(struct sent *s)
{
	free(s->ids);
	free(s);
}

/* The target as the list shows it: a new proposal joins the list. */
static void
on_target(void *arg, long id, const struct net_proposal_page *page, const struct net_error *err)
{
	struct sent *s = arg;
	struct view *v = s->link.v;
	struct prow *r;
	char note[200];
	size_t i;

	(void)id;
	batch_unlink(&s->link);
	if (v == NULL || err != NULL || page == NULL) {
		sent_free(s);
		return;
	}
	for (i = 0; i < page->count; i++) {
		if (page->items[i].id != s->target)
			continue;
		if ((r = proposals_find(v->data, s->target)) != NULL)
			r->version = page->items[i].version;
		else
			r = proposals_add_row(v, &page->items[i]);
		if (r != NULL) {
			r->result = PROW_DONE;
			snprintf(note, sizeof note, ngettext("%zu proposal merged into it",
			    "%zu proposals merged into it", s->n), s->n);
			prow_set_note(r, note);
		}
	}
	proposals_rematch(v);
	sent_free(s);
}

static void
on_merged(void *arg, long id, const struct net_merge_result *res, const struct net_error *err)
{
	struct sent *s = arg;
	struct view *v = s->link.v;
	struct app *app = s->link.app;
	struct net_proposal_filter f;
	struct net_error e;
	char text[400], q[32];
	size_t i, j, changed = 0;

	(void)id;
	for (i = 0; err != NULL && i < s->n; i++)
		changed += s->ids[i].changed;
	for (i = 0; v != NULL && i < s->n; i++) {
		struct prow *r = proposals_find(v->data, s->ids[i].id);

		if (r == NULL)
			continue;
		if (err == NULL) {
			r->result = PROW_DONE;
			for (j = 0; j < res->nsources; j++)
				if (res->sources[j].id == r->id)
					r->version = res->sources[j].version;
			prow_set(&r->state, "merged");
			snprintf(text, sizeof text, _("merged into %lld"), res->target_id);
			prow_set_note(r, text);
		} else if (err->status == 409 && s->ids[i].changed) {
			r->result = PROW_CONFLICT;
			prow_set_note(r, s->ids[i].note);
		} else if (err->status == 409 && changed > 0) {
			r->result = PROW_FAILED;
			prow_set_note(r, _("not merged: another proposal changed"));
		} else {
			r->result = PROW_FAILED;
			prow_set_note(r, app_net_error(err, text, sizeof text));
		}
	}
	if (err != NULL) {
		if (err->status == 409)
			app_error(app, "%s", _("Nothing merged: some proposals changed since you read "
			    "them (marked !). Reload the list ($) and merge again."));
		else
			app_error(app, _("Nothing merged: %s"), app_net_error(err, text, sizeof text));
	} else {
		app_info(app, ngettext("%zu proposal merged into %lld.",
		    "%zu proposals merged into %lld.", s->n), s->n, res->target_id);
	}
	if (v != NULL)
		proposals_rematch(v);
	if (err != NULL || v == NULL) {
		batch_unlink(&s->link);
		sent_free(s);
		return;
	}
	/* the target's row, new or changed, read again */
	s->target = res->target_id;
	s->created = res->created;
	memset(&f, 0, sizeof f);
	snprintf(q, sizeof q, "%lld", res->target_id);
	f.q = q;
	if (net_proposal_list(app->net, &f, on_target, s, &e) < 0) {
		batch_unlink(&s->link);
		sent_free(s);
	}
}

static void
send_merge(struct app *app, void *ctx)
{
	struct view *mv = ctx;
	struct merge *m = mv->data;
	struct proposals *p = m->list->data;
	struct net_merge_request req;
	struct net_item_ref *refs = calloc(m->n, sizeof *refs);
	struct sent *s = calloc(1, sizeof *s);
	struct net_error err;
	char text[400], when[32];
	struct tm tm;
	size_t i, k;

	if (refs == NULL || s == NULL || (s->ids = calloc(m->n, sizeof *s->ids)) == NULL) {
		free(refs);
		free(s);
		app_error(app, "%s", _("out of memory"));
		return;
	}
	for (i = 0; i < m->n; i++) {
		refs[i].target.type = NET_PROPOSAL;
		refs[i].target.id = m->src[i].id;
		refs[i].version = m->src[i].version;
		s->ids[i].id = m->src[i].id;
		s->ids[i].version = m->src[i].version;
		s->ids[i].changed = m->src[i].read && m->src[i].now_version != m->src[i].version;
		when[0] = '\0';
		if (m->src[i].changed_at != 0 && localtime_r(&m->src[i].changed_at, &tm) != NULL)
			strftime(when, sizeof when, "%H:%M", &tm);
		snprintf(s->ids[i].note, sizeof s->ids[i].note, _("already changed by %s at %s"),
		    m->src[i].changed_by ? m->src[i].changed_by : "?", when);
	}
	s->n = m->n;
	s->link.app = app;
	s->link.v = m->list;
	memset(&req, 0, sizeof req);
	req.sources = refs;
	req.nsources = m->n;
	req.target_id = m->target.id;
	req.target_version = m->target.version;
	req.title = m->title;
	req.body = m->body;
	if (net_merge(app->net, &req, on_merged, s, &err) < 0) {
		free(refs);
		sent_free(s);
		app_error(app, "%s", app_net_error(&err, text, sizeof text));
		return;
	}
	free(refs);
	s->link.next = p->batches;
	p->batches = &s->link;
	for (i = 0; i < m->n; i++) {
		struct prow *r = proposals_find(p, m->src[i].id);

		if (r == NULL)
			continue;
		r->result = PROW_PENDING;
		prow_set_note(r, _("sending"));
	}
	for (k = 0; k < p->lv.list.count; k++)
		p->lv.list.entries[k].tagged = false;
	if (app_top(app) == mv)
		app_pop(app);	/* frees m */
}

/* ----- the target ----- */

static void
new_done(struct app *app, struct tui_form *form, void *ctx)
{
	struct view *v = ctx;
	char title[TITLE_SIZE], body[BODY_SIZE];

	tui_form_value(form, 0, title, sizeof title);
	tui_form_value(form, 1, body, sizeof body);
	if (title[0] == '\0' || body[0] == '\0') {
		tui_form_start(&app->form, _("The new proposal (Enter: next field, Esc: cancel)"));
		tui_form_add(&app->form, _("Title: "), title);
		tui_form_add(&app->form, _("Text: "), body);
		app->form.current = title[0] == '\0' ? 0 : 1;
		app_form(app, new_done, v);
		app_error(app, "%s", _("The new proposal needs a title and a text."));
		return;
	}
	preview(v, 0, title, body);
}

/* Whether needle is in hay, in either case (ASCII). */
static bool
contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return n == 0;
}

/* A tagged proposal named by its id, or by its title or a unique part of
 * it; 0 when none, -1 when several match. */
static long long
find_target(struct view *v, const char *answer)
{
	struct prow **rows;
	size_t n = tagged_rows(v, &rows), i;
	long long found = 0, id;
	char *end;

	id = strtoll(answer, &end, 10);
	for (i = 0; i < n; i++) {
		if (*end == '\0' && end != answer) {
			if (rows[i]->id == id)
				found = id;
		} else if (strcasecmp(rows[i]->title, answer) == 0) {
			found = rows[i]->id;
			break;
		} else if (contains(rows[i]->title, answer)) {
			found = found != 0 ? -1 : rows[i]->id;
		}
	}
	free(rows);
	return found;
}

static void
target_done(struct app *app, const char *answer, void *ctx)
{
	struct view *v = ctx;
	struct prow **rows;
	char text[TITLE_SIZE], body[BODY_SIZE], *t = text, *end;
	size_t n, i, used = 0;
	long long target;
	int w;

	snprintf(text, sizeof text, "%s", answer);
	while (*t == ' ')
		t++;
	for (end = t + strlen(t); end > t && end[-1] == ' ';)
		*--end = '\0';
	if (*t == '\0') {
		app_info(app, "%s", _("Nothing done."));
		return;
	}
	if (strcasecmp(t, "new") == 0 || strcasecmp(t, _("new")) == 0) {
		/* the text of the new proposal: the titles of its sources */
		n = tagged_rows(v, &rows);
		body[0] = '\0';
		for (i = 0; i < n && used < sizeof body; i++) {
			w = snprintf(body + used, sizeof body - used, "%s%s", i ? "; " : "",
			    rows[i]->title);
			used += w > 0 ? (size_t)w : 0;
		}
		tui_form_start(&app->form, _("The new proposal (Enter: next field, Esc: cancel)"));
		tui_form_add(&app->form, _("Title: "), n > 0 ? rows[0]->title : "");
		tui_form_add(&app->form, _("Text: "), body);
		free(rows);
		app_form(app, new_done, v);
		return;
	}
	target = find_target(v, t);
	if (target < 0) {
		app_error(app, _("Several tagged proposals match \"%s\": give the id."), t);
		return;
	}
	if (target == 0) {
		app_error(app, _("\"%s\" is not one of the tagged proposals: give the id of one, "
		    "or new."), t);
		return;
	}
	preview(v, target, NULL, NULL);
}

/* Completion of the target: new, the tagged ids and titles. */
static size_t
complete_target(void *ctx, const char *word, const char **out, size_t max)
{
	static char ids[64][24];
	struct view *v = ctx;
	struct prow **rows;
	size_t n = tagged_rows(v, &rows), i, k = 0, len = strlen(word);

	if (strncasecmp(_("new"), word, len) == 0 && k < max)
		out[k++] = _("new");
	for (i = 0; i < n && k < max && i < 64; i++) {
		snprintf(ids[i], sizeof ids[i], "%lld", rows[i]->id);
		if (strncmp(ids[i], word, len) == 0)
			out[k++] = ids[i];
		else if (len > 0 && strncasecmp(rows[i]->title, word, len) == 0)
			out[k++] = rows[i]->title;
	}
	free(rows);
	return k;
}

void
merge_start(struct view *v, bool tagged)
{
	struct proposals *p = v->data;
	struct app *app = v->app;
	size_t n = list_tagged_count(&p->lv.list);
	char label[200];

	/* a merge is of the tagged proposals, with or without ; */
	(void)tagged;
	if (app->agent.role_id != NET_ROLE_INSTRUCTOR && app->agent.role_id != NET_ROLE_ADMIN) {
		app_error(app, "%s", _("Only instructors merge proposals."));
		return;
	}
	if (n < 2) {
		app_info(app, "%s", _("Tag at least two proposals to merge them."));
		return;
	}
	snprintf(label, sizeof label, ngettext("Merge %zu proposal into (new, or the id or title "
	    "of a tagged one; Tab completes): ", "Merge %zu proposals into (new, or the id or "
	    "title of a tagged one; Tab completes): ", n), n);
	app_prompt(app, label, _("new"), false, target_done, v);
	app->prompt.complete = complete_target;
	app->prompt.complete_ctx = v;
}
