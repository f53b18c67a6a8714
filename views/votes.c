/* The vote of an edition, from the list of proposals: results recorded
 * from a CSV file (V), winners computed district by district within their
 * envelopes, previewed in a pager, then recorded (W). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../core/csv.h"
#include "../core/format.h"
#include "../core/i18n.h"
#include "../core/idmap.h"
#include "../core/text.h"
#include "../net/votes.h"
#include "proposals.h"

/* The largest votes file read: 10,000 lines are far below it. */
#define VOTES_FILE_MAX (16u << 20)
#define VOTES_MAX 10000

/* "~/x" is in the home directory. */
static void
expand_home(const char *name, char *out, size_t size)
{
	const char *home = getenv("HOME");

	while (*name == ' ')
		name++;
	if (name[0] == '~' && name[1] == '/' && home != NULL)
		snprintf(out, size, "%s/%s", home, name + 2);
	else
		snprintf(out, size, "%s", name);
}

/* ----- the votes file ----- */

struct votes_file {
	struct net_vote_line *lines;
	size_t count;
	long long total;
	size_t *line_of;	/* the line of each, for messages */
};

static void
votes_file_free(struct votes_file *f)
{
	free(f->lines);
	free(f->line_of);
	memset(f, 0, sizeof *f);
}

/* A field without the spaces around it, in buf. */
static const char *
trimmed(const char *s, char *buf, size_t size)
{
	size_t len;

	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	snprintf(buf, size, "%.*s", (int)len, s);
	return buf;
}

/* Digits only, at most max of them: the number, or -1. */
static long long
whole(const char *s, size_t max)
{
	long long n = 0;
	size_t i;

	if (s[0] == '\0' || strlen(s) > max)
		return -1;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		n = n * 10 + (s[i] - '0');
	}
	return n;
}

static char *
slurp(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	if (f == NULL) {
		snprintf(err, errlen, _("cannot read %s: %s"), path, strerror(errno));
		return NULL;
	}
	if ((buf = malloc(VOTES_FILE_MAX + 1)) == NULL) {
		fclose(f);
		snprintf(err, errlen, "%s", _("out of memory"));
		return NULL;
	}
	*len = fread(buf, 1, VOTES_FILE_MAX + 1, f);
	if (ferror(f) || *len > VOTES_FILE_MAX) {
		if (ferror(f))
			snprintf(err, errlen, _("cannot read %s: %s"), path, strerror(errno));
		else
			snprintf(err, errlen, _("%s: the file is too large for a votes file "
			    "(16 MiB at most)"), path);
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

/*
 * Reads id,online,paper lines (a first line naming the columns is
 * optional, and then they may come in any order): 0, or -1 with a message
 * naming the file and the line in err; nothing is kept of a bad file.
 */
static int
read_votes(const char *path, struct votes_file *out, char *err, size_t errlen)
{
	struct csv_reader r;
	struct csv_row row = { 0 };
	struct idmap seen;
	char cell[3][64], why[300];
	int col[3] = { 0, 1, 2 }, rc;
	size_t len, i;
	char *text = slurp(path, &len, err, errlen);
	bool first = true;

	memset(out, 0, sizeof *out);
	if (text == NULL)
		return -1;
	idmap_init(&seen);
	csv_reader_init(&r, text, len);
	r.skip_blank = true;
	while ((rc = csv_read_row(&r, &row, why, sizeof why)) == 1) {
		struct net_vote_line *l;
		long long n[3];
		void *prior;

		if (row.count != 3) {
			snprintf(err, errlen, _("%s: line %zu: %zu fields where 3 are expected "
			    "(id,online,paper)"), path, row.line, row.count);
			goto fail;
		}
		for (i = 0; i < 3; i++)
			trimmed(row.fields[i], cell[i], sizeof cell[i]);
		if (first && whole(cell[0], 18) < 0) {
			/* a header: the columns by their names */
			static const char *const names[3] = { "id", "online", "paper" };
			size_t k;

			for (k = 0; k < 3; k++) {
				col[k] = -1;
				for (i = 0; i < 3; i++)
					if (strcasecmp(cell[i], names[k]) == 0)
						col[k] = (int)i;
				if (col[k] < 0) {
					snprintf(err, errlen, _("%s: line %zu: the columns must be "
					    "named id, online and paper"), path, row.line);
					goto fail;
				}
			}
			first = false;
			csv_row_free(&row);
			continue;
		}
		first = false;
		n[0] = whole(cell[col[0]], 18);
		n[1] = whole(cell[col[1]], 9);
		n[2] = whole(cell[col[2]], 9);
		if (n[0] <= 0) {
			snprintf(err, errlen, _("%s: line %zu: %s is not a project id"), path,
			    row.line, cell[col[0]]);
			goto fail;
		}
		for (i = 1; i < 3; i++) {
			if (n[i] < 0) {
				snprintf(err, errlen, _("%s: line %zu: %s is not a number of votes"),
				    path, row.line, cell[col[i]]);
				goto fail;
			}
		}
		if ((prior = idmap_get(&seen, (uint64_t)n[0])) != NULL) {
			snprintf(err, errlen, _("%s: line %zu: project %lld is already on line %zu"),
			    path, row.line, n[0], (size_t)(uintptr_t)prior);
			goto fail;
		}
		if (out->count == VOTES_MAX) {
			snprintf(err, errlen, _("%s: more than %d projects: send them in several "
			    "files"), path, VOTES_MAX);
			goto fail;
		}
		if (out->count % 256 == 0) {
			void *lines = realloc(out->lines, (out->count + 256) * sizeof *out->lines);
			void *at = lines ? realloc(out->line_of, (out->count + 256) *
			    sizeof *out->line_of) : NULL;

			if (lines != NULL)
				out->lines = lines;
			if (at != NULL)
				out->line_of = at;
			if (lines == NULL || at == NULL)
				goto nomem;
		}
		if (idmap_put(&seen, (uint64_t)n[0], (void *)(uintptr_t)row.line) != 0)
			goto nomem;
		l = &out->lines[out->count];
		l->id = n[0];
		l->online = (long)n[1];
		l->paper = (long)n[2];
		out->line_of[out->count++] = row.line;
		out->total += n[1] + n[2];
		csv_row_free(&row);
	}
	if (rc < 0) {
		snprintf(err, errlen, "%s: %s", path, why);
		goto fail;
	}
	if (out->count == 0) {
		snprintf(err, errlen, _("%s holds no votes."), path);
		goto fail;
	}
	idmap_free(&seen);
	free(text);
	return 0;
nomem:
	snprintf(err, errlen, "%s", _("out of memory"));
fail:
	csv_row_free(&row);
	idmap_free(&seen);
	free(text);
	votes_file_free(out);
	return -1;
}

/* ----- importing votes (V) ----- */

/* What the confirmation carries (it is modal: one at a time); the file is
 * read again once confirmed, and must not have changed meanwhile. */
static struct {
	char path[4096];
	int edition;
	size_t count;
	long long total;
} asked;

struct import {
	struct app *app;
	struct view *v;
	unsigned long serial;	/* of v: an answer may come after its list closed */
	int edition;
};

/* Why the server refused a result, in the user's words when known. */
static const struct {
	const char *server;	/* the start of its message */
	const char *message;
} vote_messages[] = {
	{ "no such proposal", N_("no such proposal") },
	{ "only projects put to the vote have results", N_("not put to the vote") },
	{ "it belongs to the ", N_("of another edition") },
};

static const char *
vote_message(const char *server)
{
	size_t i;

	if (server == NULL)
		return _("refused");
	for (i = 0; i < sizeof vote_messages / sizeof vote_messages[0]; i++)
		if (strncmp(server, vote_messages[i].server, strlen(vote_messages[i].server)) == 0)
			return _(vote_messages[i].message);
	return server;
}

static void
on_recorded(void *arg, long id, const struct net_vote_record *rec, const struct net_error *err)
{
	struct import *im = arg;
	struct proposals *p = app_view_open(im->app, im->v, im->serial) ? im->v->data : NULL;
	char text[400], n[FORMAT_SIZE];
	size_t i;

	(void)id;
	if (err != NULL) {
		app_error(im->app, _("No vote recorded: %s"), app_net_error(err, text, sizeof text));
		if (p != NULL) {
			for (i = 0; i < p->lv.list.count; i++) {
				struct prow *r = p->lv.list.entries[i].item;

				if (r->result == PROW_PENDING) {
					r->result = PROW_FAILED;
					prow_set_note(r, app_net_error(err, text, sizeof text));
				}
			}
		}
		goto done;
	}
	for (i = 0; p != NULL && i < rec->count; i++) {
		const struct net_vote_result *res = &rec->results[i];
		struct prow *r = proposals_find(p, res->id);

		if (r == NULL)
			continue;
		if (res->status == NET_ITEM_OK) {
			r->result = PROW_DONE;
			format_integer_ui(res->total, n, sizeof n);
			snprintf(text, sizeof text, res->recount ?
			    ngettext("%s vote (recount)", "%s votes (recount)", res->total) :
			    ngettext("%s vote", "%s votes", res->total), n);
			prow_set_note(r, text);
		} else {
			r->result = PROW_FAILED;
			prow_set_note(r, vote_message(res->message));
		}
	}
	snprintf(text, sizeof text, ngettext("Votes recorded for %zu project of the %d edition.",
	    "Votes recorded for %zu projects of the %d edition.", rec->counts[NET_ITEM_OK]),
	    rec->counts[NET_ITEM_OK], rec->edition);
	if (rec->count > rec->counts[NET_ITEM_OK]) {
		size_t used = strlen(text), refused = rec->count - rec->counts[NET_ITEM_OK];

		snprintf(text + used, sizeof text - used, " ");
		used = strlen(text);
		snprintf(text + used, sizeof text - used, ngettext("%zu result refused (see its "
		    "row).", "%zu results refused (see their rows).", refused), refused);
	}
	app_info(im->app, "%s", text);
done:
	if (p != NULL)
		proposals_rematch(im->v);
	free(im);
}

static void
import_send(struct app *app, void *ctx)
{
	struct view *v = ctx;
	struct proposals *p = v->data;
	struct votes_file f;
	struct import *im;
	struct net_error err;
	char text[4500];
	size_t i;

	if (read_votes(asked.path, &f, text, sizeof text) != 0) {
		app_error(app, "%s", text);
		return;
	}
	if (f.count != asked.count || f.total != asked.total) {
		app_error(app, _("%s changed since it was read: nothing sent; press V again."),
		    asked.path);
		votes_file_free(&f);
		return;
	}
	if ((im = calloc(1, sizeof *im)) == NULL) {
		votes_file_free(&f);
		app_error(app, "%s", _("out of memory"));
		return;
	}
	im->app = app;
	im->v = v;
	im->serial = v->serial;
	im->edition = asked.edition;
	if (net_vote_record(app->net, asked.edition, f.lines, f.count, on_recorded, im,
	    &err) < 0) {
		app_error(app, _("No vote recorded: %s"), app_net_error(&err, text, sizeof text));
		free(im);
		votes_file_free(&f);
		return;
	}
	for (i = 0; i < f.count; i++) {
		struct prow *r = proposals_find(p, f.lines[i].id);

		if (r != NULL) {
			r->result = PROW_PENDING;
			prow_set_note(r, _("sending"));
		}
	}
	votes_file_free(&f);
}

/* The edition of the file's projects, from the rows of the list; 0 with
 * the message shown when they belong to several. */
static int
edition_of(struct proposals *p, const struct votes_file *f, struct app *app)
{
	int edition = 0, latest = 0;
	size_t i;

	for (i = 0; i < f->count; i++) {
		struct prow *r = proposals_find(p, f->lines[i].id);

		if (r == NULL)
			continue;
		if (edition != 0 && r->edition != edition) {
			app_error(app, _("%s: its projects belong to the %d and %d editions: one "
			    "edition per file."), asked.path, edition, r->edition);
			return 0;
		}
		edition = r->edition;
	}
	if (edition != 0)
		return edition;
	/* none of them is in the list: the list's edition, else its latest */
	if (p->filter.edition != 0)
		return p->filter.edition;
	for (i = 0; i < p->lv.list.count; i++) {
		const struct prow *r = p->lv.list.entries[i].item;

		if (r->edition > latest)
			latest = r->edition;
	}
	if (latest == 0)
		app_error(app, "%s", _("None of the file's projects is in the list: open the list of "
		    "their edition first (:proposals edition=YEAR)."));
	return latest;
}

static void
import_named(struct app *app, const char *answer, void *ctx)
{
	struct view *v = ctx;
	struct votes_file f;
	char text[4500], count[FORMAT_SIZE], total[FORMAT_SIZE];

	expand_home(answer, asked.path, sizeof asked.path);
	if (asked.path[0] == '\0') {
		app_info(app, "%s", _("No vote recorded."));
		return;
	}
	if (read_votes(asked.path, &f, text, sizeof text) != 0) {
		/* TRANSLATORS: why the file cannot be read, its line */
		app_error(app, _("%s; nothing sent."), text);
		return;
	}
	asked.count = f.count;
	asked.total = f.total;
	asked.edition = edition_of(v->data, &f, app);
	votes_file_free(&f);
	if (asked.edition == 0)
		return;
	format_integer_ui((long long)asked.count, count, sizeof count);
	format_integer_ui(asked.total, total, sizeof total);
	snprintf(text, sizeof text, ngettext("Record the votes of %s project (%s votes in all) "
	    "for the %d edition?", "Record the votes of %s projects (%s votes in all) for the %d "
	    "edition?", asked.count), count, total, asked.edition);
	app_confirm(app, text, import_send, v);
}

void
votes_import(struct view *v, bool tagged)
{
	(void)tagged;
	app_prompt(v->app, _("Votes file (CSV: id,online,paper): "), asked.path, false,
	    import_named, v);
}

/* ----- the winners (W) ----- */

/* The pager of the preview and its request: the pager's closing clears it. */
static struct view *winners_pager;
static long winners_request;
static struct {
	int edition;
	struct view *v;
	unsigned long serial;	/* of v */
} winners_asked;

struct winners_call {
	struct app *app;
	struct view *v;
	unsigned long serial;	/* of v */
	int edition;
};

static void
add_ranked(struct view *pv, const struct net_ranked *r, bool left)
{
	char line[1024], title[512], votes[FORMAT_SIZE + 32], n[FORMAT_SIZE],
	    cost[FORMAT_SIZE], rest[FORMAT_SIZE + 64] = "";
	char *safe = text_sanitize(r->title, strlen(r->title), 0);

	text_fit(safe ? safe : "", 40, 1, 1, title, sizeof title);
	free(safe);
	format_integer_ui(r->votes, n, sizeof n);
	snprintf(votes, sizeof votes, ngettext("%s vote", "%s votes", r->votes), n);
	if (r->cost_cents < 0)
		snprintf(cost, sizeof cost, "%s", _("not costed"));
	else
		format_money_ui(r->cost_cents, cost, sizeof cost);
	if (left) {
		format_money_ui(r->left_cents, n, sizeof n);
		snprintf(rest, sizeof rest, _("  (%s left)"), n);
	}
	snprintf(line, sizeof line, "  %8lld  %s %14s %14s%s", r->id, title, votes, cost, rest);
	pager_view_add(pv, line);
}

static void
add_ranked_list(struct view *pv, const char *heading, const struct net_ranked *list, size_t n,
    bool left)
{
	size_t i;

	if (n == 0)
		return;
	pager_view_add(pv, heading);
	for (i = 0; i < n; i++)
		add_ranked(pv, &list[i], left);
}

static void
fill_winners(struct view *pv, const struct net_winners *w)
{
	char line[1024], env[FORMAT_SIZE], spent[FORMAT_SIZE], left[FORMAT_SIZE];
	size_t i, empty = 0, winners = 0;

	pager_view_add(pv, _("Ranked by votes, most first; equal votes: the lower cost first, "
	    "then the lower id. A project wins when its cost fits in what is left of the "
	    "envelope."));
	for (i = 0; i < w->ndistricts; i++) {
		const struct net_winners_district *d = &w->districts[i];

		if (d->nwinners + d->nnot_fitting + d->nlosers == 0) {
			empty++;
			continue;
		}
		winners += d->nwinners;
		pager_view_add(pv, "");
		snprintf(line, sizeof line, _("District %s (%s)"), d->name, d->code);
		pager_view_add(pv, line);
		format_money_ui(d->envelope_cents, env, sizeof env);
		format_money_ui(d->spent_cents, spent, sizeof spent);
		format_money_ui(d->left_cents, left, sizeof left);
		snprintf(line, sizeof line, _("  Envelope %s, spent %s, left %s"), env, spent, left);
		pager_view_add(pv, line);
		if (d->nwinners == 0)
			pager_view_add(pv, _("  No winner: no project fits in the envelope."));
		add_ranked_list(pv, _("  Winners:"), d->winners, d->nwinners, false);
		add_ranked_list(pv, _("  Passed over, their cost exceeding what was left:"),
		    d->not_fitting, d->nnot_fitting, true);
		add_ranked_list(pv, _("  Ranked after the last winner:"), d->losers, d->nlosers,
		    true);
	}
	pager_view_add(pv, "");
	if (empty > 0) {
		snprintf(line, sizeof line, ngettext("%zu district had no project put to the vote.",
		    "%zu districts had no project put to the vote.", empty), empty);
		pager_view_add(pv, line);
	}
	snprintf(line, sizeof line, ngettext("%zu winner in all.", "%zu winners in all.",
	    winners), winners);
	pager_view_add(pv, line);
	snprintf(line, sizeof line, w->dry_run ?
	    ngettext("%zu project would change state.", "%zu projects would change state.",
	    w->nchanged) : ngettext("%zu project changed state.", "%zu projects changed state.",
	    w->nchanged), w->nchanged);
	pager_view_add(pv, line);
}

static void
on_recorded_winners(void *arg, long id, const struct net_winners *w, const struct net_error *err)
{
	struct winners_call *c = arg;
	char text[400];

	(void)id;
	if (err != NULL) {
		app_error(c->app, _("The winners are not recorded: %s"),
		    app_net_error(err, text, sizeof text));
	} else {
		app_info(c->app, ngettext("Winners of the %d edition recorded: %zu project changed "
		    "state.", "Winners of the %d edition recorded: %zu projects changed state.",
		    w->nchanged), w->edition, w->nchanged);
		/* the rows' states changed: the list shows them again */
		if (app_view_open(c->app, c->v, c->serial))
			c->v->ops->run(c->v, KEYMAP_FN_REFRESH, false);
	}
	free(c);
}

static void
winners_record(struct app *app, void *ctx)
{
	struct winners_call *c = calloc(1, sizeof *c);
	struct net_error err;
	char text[400];

	(void)ctx;
	if (c == NULL) {
		app_error(app, "%s", _("out of memory"));
		return;
	}
	c->app = app;
	c->v = winners_asked.v;
	c->serial = winners_asked.serial;
	c->edition = winners_asked.edition;
	if (net_winners_compute(app->net, c->edition, false, on_recorded_winners, c, &err) < 0) {
		app_error(app, _("The winners are not recorded: %s"),
		    app_net_error(&err, text, sizeof text));
		free(c);
	}
}

static void
on_preview(void *arg, long id, const struct net_winners *w, const struct net_error *err)
{
	struct winners_call *c = arg;
	struct view *pv = winners_pager;
	char text[400];

	if (pv == NULL || id != winners_request) {
		free(c);	/* the pager was closed */
		return;
	}
	winners_pager = NULL;
	winners_request = 0;
	pager_view_loading(pv, 0, NULL);
	if (err != NULL) {
		pager_view_add(pv, app_net_error(err, text, sizeof text));
		app_error(c->app, _("The winners cannot be computed: %s"),
		    app_net_error(err, text, sizeof text));
		free(c);
		return;
	}
	fill_winners(pv, w);
	if (w->nchanged == 0) {
		app_info(c->app, _("The winners of the %d edition are already recorded as shown."),
		    w->edition);
	} else if (!c->app->prompt.active && !c->app->confirming && app_view_open(c->app, c->v, c->serial)) {
		winners_asked.edition = w->edition;
		winners_asked.v = c->v;
		winners_asked.serial = c->serial;
		snprintf(text, sizeof text, ngettext("Record these winners of the %d edition (%zu "
		    "project changes state)?", "Record these winners of the %d edition (%zu "
		    "projects change state)?", w->nchanged), w->edition, w->nchanged);
		app_confirm(c->app, text, winners_record, NULL);
	}
	free(c);
}

static void
winners_named(struct app *app, const char *answer, void *ctx)
{
	struct view *v = ctx, *pv;
	struct winners_call *c;
	struct net_error err;
	char title[256], text[400], *end;
	long edition = strtol(answer, &end, 10);

	while (*end == ' ')
		end++;
	if (end == answer || *end != '\0' || edition < 2000 || edition > 2100) {
		app_error(app, _("%s is not an edition (a year, 2000 to 2100)."), answer);
		return;
	}
	snprintf(title, sizeof title, _("Winners of the %ld edition (preview: nothing recorded "
	    "yet)"), edition);
	if ((pv = pager_view_new(app, title)) == NULL || (c = calloc(1, sizeof *c)) == NULL) {
		if (pv != NULL)
			pv->ops->close(pv);
		app_error(app, "%s", _("out of memory"));
		return;
	}
	app_push(app, pv);
	if (app_top(app) != pv) {
		free(c);
		return;		/* too many views: the pager is already closed */
	}
	c->app = app;
	c->v = v;
	c->serial = v->serial;
	c->edition = (int)edition;
	winners_request = net_winners_compute(app->net, (int)edition, true, on_preview, c, &err);
	if (winners_request < 0) {
		winners_request = 0;
		pager_view_add(pv, app_net_error(&err, text, sizeof text));
		free(c);
		return;
	}
	winners_pager = pv;
	pager_view_loading(pv, winners_request, &winners_pager);
}

void
votes_winners(struct view *v, bool tagged)
{
	struct proposals *p = v->data;
	char initial[16];
	int latest = p->filter.edition;
	size_t i;

	(void)tagged;
	/* the list's edition, else the latest of its rows */
	for (i = 0; i < p->lv.list.count; i++) {
		const struct prow *r = p->lv.list.entries[i].item;

		if (p->filter.edition == 0 && r->edition > latest)
			latest = r->edition;
	}
	if (latest != 0)
		snprintf(initial, sizeof initial, "%d", latest);
	else
		initial[0] = '\0';
	app_prompt(v->app, _("Compute the winners of the edition: "), initial, false,
	    winners_named, v);
}
