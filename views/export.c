/* Lists written to CSV or JSON files (views/export.h), and the export of
 * the list of proposals as shown: the visible rows in their order, with
 * the raw values the server holds, not the text made safe for the screen. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/csv.h"
#include "../core/i18n.h"
#include "../core/idmap.h"
#include "../core/jsonw.h"
#include "export.h"
#include "proposals.h"

int
export_format_of(const char *path, enum export_format *fmt)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');

	if (dot == NULL || (slash != NULL && dot < slash) || dot == path ||
	    (slash != NULL && dot == slash + 1))
		return -1;
	if (strcasecmp(dot, ".csv") == 0)
		*fmt = EXPORT_CSV;
	else if (strcasecmp(dot, ".json") == 0)
		*fmt = EXPORT_JSON;
	else
		return -1;
	return 0;
}

static int
write_csv(FILE *f, const struct export_table *t)
{
	const char **fields = calloc(t->ncols ? t->ncols : 1, sizeof *fields);
	char (*bufs)[128] = calloc(t->ncols ? t->ncols : 1, sizeof *bufs);
	size_t i, j;
	int rc = -1;

	if (fields == NULL || bufs == NULL)
		goto out;
	if (csv_write_row(f, t->headers, t->ncols) != 0)
		goto out;
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++)
			fields[j] = t->cell(t->ctx, i, j, bufs[j], sizeof bufs[j]);
		if (csv_write_row(f, fields, t->ncols) != 0)
			goto out;
	}
	rc = 0;
out:
	free(fields);
	free(bufs);
	return rc;
}

static int
write_json(FILE *f, const struct export_table *t)
{
	char buf[128];
	size_t i, j;

	if (fputs("[", f) < 0)
		return -1;
	for (i = 0; i < t->nrows; i++) {
		if (fputs(i > 0 ? ",\n  {" : "\n  {", f) < 0)
			return -1;
		for (j = 0; j < t->ncols; j++) {
			const char *s = t->cell(t->ctx, i, j, buf, sizeof buf);
			bool number = t->kinds != NULL && t->kinds[j] == EXPORT_NUMBER &&
			    jsonw_is_number(s);

			if ((j > 0 && fputs(", ", f) < 0) || jsonw_string(f, t->headers[j]) != 0 ||
			    fputs(": ", f) < 0)
				return -1;
			if (number ? fputs(s, f) < 0 : jsonw_string(f, s) != 0)
				return -1;
		}
		if (fputs("}", f) < 0)
			return -1;
	}
	return fputs(t->nrows > 0 ? "\n]\n" : "]\n", f) < 0 ? -1 : 0;
}

int
export_write(const char *path, enum export_format fmt, const struct export_table *t,
    char *err, size_t errlen)
{
	size_t n = strlen(path) + 16;
	char *tmp = malloc(n);
	mode_t mask;
	FILE *f = NULL;
	int fd, rc;

	if (tmp == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return -1;
	}
	/* beside the file, so that the rename is atomic */
	snprintf(tmp, n, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, errlen, _("cannot write in the directory of %s: %s"), path,
		    strerror(errno));
		free(tmp);
		return -1;
	}
	/* mkstemp makes the file private; an export is an ordinary file */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || (f = fdopen(fd, "w")) == NULL) {
		snprintf(err, errlen, _("cannot write %s: %s"), tmp, strerror(errno));
		close(fd);
		goto fail;
	}
	rc = fmt == EXPORT_JSON ? write_json(f, t) : write_csv(f, t);
	if (rc != 0 || fflush(f) != 0 || fsync(fileno(f)) != 0) {
		snprintf(err, errlen, _("cannot write %s: %s"), path,
		    errno ? strerror(errno) : _("out of memory"));
		fclose(f);
		goto fail;
	}
	if (fclose(f) != 0) {
		snprintf(err, errlen, _("cannot write %s: %s"), path, strerror(errno));
		goto fail;
	}
	if (rename(tmp, path) != 0) {
		snprintf(err, errlen, _("cannot replace %s: %s"), path, strerror(errno));
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	unlink(tmp);
	free(tmp);
	return -1;
}

/* ----- asking where ----- */

/* What the prompt and the confirmation carry: prompts are modal, so one. */
static struct {
	char path[4096];
	enum export_format fmt;
	void (*start)(struct app *app, const char *path, enum export_format fmt, void *ctx);
	void *ctx;
} asked;

static void
overwrite_yes(struct app *app, void *ctx)
{
	(void)ctx;
	asked.start(app, asked.path, asked.fmt, asked.ctx);
}

/* The name typed, in the export directory when it names none; "~/" is the home. */
static int
resolve(struct app *app, const char *name, char *out, size_t size)
{
	const char *dir = keymap_option_string(app->km, KEYMAP_OPT_EXPORT_DIR);
	const char *home = getenv("HOME");
	char dirbuf[4096];
	int n;

	if (name[0] == '~' && name[1] == '/' && home != NULL)
		n = snprintf(out, size, "%s/%s", home, name + 2);
	else if (strchr(name, '/') != NULL || dir == NULL || dir[0] == '\0')
		n = snprintf(out, size, "%s", name);
	else {
		if (dir[0] == '~' && dir[1] == '/' && home != NULL)
			snprintf(dirbuf, sizeof dirbuf, "%s/%s", home, dir + 2);
		else
			snprintf(dirbuf, sizeof dirbuf, "%s", dir);
		n = snprintf(out, size, "%s%s%s", dirbuf,
		    dirbuf[strlen(dirbuf) - 1] == '/' ? "" : "/", name);
	}
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static void
export_named(struct app *app, const char *answer, void *ctx)
{
	char question[256];
	struct stat st;
	size_t len;

	(void)ctx;
	while (*answer == ' ')
		answer++;
	len = strlen(answer);
	while (len > 0 && answer[len - 1] == ' ')
		len--;
	if (len == 0) {
		app_info(app, _("Nothing exported."));
		return;
	}
	{
		char name[4096];

		snprintf(name, sizeof name, "%.*s", (int)len, answer);
		if (resolve(app, name, asked.path, sizeof asked.path) != 0) {
			app_error(app, "%s", _("The file name is too long."));
			return;
		}
	}
	if (export_format_of(asked.path, &asked.fmt) != 0) {
		app_error(app, _("%s: the name must end in .csv or .json (the format follows it)."),
		    asked.path);
		return;
	}
	if (stat(asked.path, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			app_error(app, _("%s is a directory."), asked.path);
			return;
		}
		snprintf(question, sizeof question, _("%s exists. Replace it?"), asked.path);
		app_confirm(app, question, overwrite_yes, NULL);
		return;
	}
	asked.start(app, asked.path, asked.fmt, asked.ctx);
}

void
export_ask(struct app *app, const char *default_name,
    void (*start)(struct app *app, const char *path, enum export_format fmt, void *ctx),
    void *ctx)
{
	asked.start = start;
	asked.ctx = ctx;
	app_prompt(app, _("Export to (.csv or .json): "), default_name, false, export_named, NULL);
}

/* ----- the list of proposals ----- */

/* A proposal as the server holds it, copied from a page. */
struct xrow {
	long long id, cost_cents;
	long supports;
	time_t created_at;
	char *text[7];		/* title, district, theme, department, referent, state, stage */
};

/* An export in flight: the rows to write, in order; the rows loaded, by id. */
struct xjob {
	struct app *app;
	char path[4096];
	enum export_format fmt;
	long long *ids;
	size_t nids;
	struct idmap rows;
	struct xrow **order;	/* the rows written, in the list's order */
	size_t norder;
	long request;
};

enum { X_ID, X_TITLE, X_DISTRICT, X_THEME, X_DEPARTMENT, X_REFERENT, X_STATE, X_STAGE,
	X_COST, X_SUPPORTS, X_CREATED, X_COLUMNS };

static const char *const xheaders[X_COLUMNS] = {
	"id", "title", "district", "theme", "department", "referent", "state", "stage", "cost",
	"supports", "created_at",
};

static const enum export_kind xkinds[X_COLUMNS] = {
	[X_ID] = EXPORT_NUMBER, [X_COST] = EXPORT_NUMBER, [X_SUPPORTS] = EXPORT_NUMBER,
};

static void
xrow_free(struct xrow *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < sizeof r->text / sizeof r->text[0]; i++)
		free(r->text[i]);
	free(r);
}

static void
xjob_free(struct xjob *j)
{
	size_t i;

	for (i = 0; i < j->nids; i++) {
		void *r = idmap_remove(&j->rows, (uint64_t)j->ids[i]);

		if (r != (void *)j)
			xrow_free(r);
	}
	idmap_free(&j->rows);
	free(j->ids);
	free(j->order);
	free(j);
}

static const char *
xcell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
	struct xjob *j = ctx;
	const struct xrow *r = j->order[row];
	struct tm tm;

	switch (col) {
	case X_ID:
		snprintf(buf, size, "%lld", r->id);
		return buf;
	case X_COST:
		if (r->cost_cents < 0)
			return NULL;
		/* euros as a plain number: 2500.50, whatever the language */
		snprintf(buf, size, "%lld.%02lld", r->cost_cents / 100, r->cost_cents % 100);
		return buf;
	case X_SUPPORTS:
		snprintf(buf, size, "%ld", r->supports);
		return buf;
	case X_CREATED:
		if (r->created_at == 0 || gmtime_r(&r->created_at, &tm) == NULL)
			return NULL;
		strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
		return buf;
	default:
		return r->text[col - X_TITLE];
	}
}

static char *
dup_or_null(const char *s, bool *failed)
{
	char *copy;

	if (s == NULL)
		return NULL;
	if ((copy = strdup(s)) == NULL)
		*failed = true;
	return copy;
}

/* Keeps the page's rows that are to be written. */
static int
xjob_keep(struct xjob *j, const struct net_proposal_page *page)
{
	size_t i;

	for (i = 0; i < page->count; i++) {
		const struct net_proposal_item *it = &page->items[i];
		struct xrow *r;
		bool failed = false;

		/* only the rows of the list (the ids wanted were put with a NULL
		 * placeholder: idmap cannot hold one, so a sentinel) */
		if (idmap_get(&j->rows, (uint64_t)it->id) != (void *)j)
			continue;
		if ((r = calloc(1, sizeof *r)) == NULL)
			return -1;
		r->id = it->id;
		r->cost_cents = it->total_cents;
		r->supports = it->supports;
		r->created_at = it->created_at;
		r->text[0] = dup_or_null(it->title, &failed);
		r->text[1] = dup_or_null(it->district_name, &failed);
		r->text[2] = dup_or_null(it->theme, &failed);
		r->text[3] = dup_or_null(it->department, &failed);
		r->text[4] = dup_or_null(it->referent, &failed);
		r->text[5] = dup_or_null(it->state, &failed);
		r->text[6] = dup_or_null(it->stage, &failed);
		if (failed || idmap_put(&j->rows, (uint64_t)r->id, r) != 0) {
			xrow_free(r);
			return -1;
		}
	}
	return 0;
}

static void
xjob_write(struct xjob *j)
{
	struct export_table t;
	char err[4500], msg[4600];
	size_t i, gone;

	if ((j->order = calloc(j->nids ? j->nids : 1, sizeof *j->order)) == NULL) {
		app_error(j->app, "%s", _("out of memory"));
		return;
	}
	for (i = 0; i < j->nids; i++) {
		void *r = idmap_get(&j->rows, (uint64_t)j->ids[i]);

		if (r != NULL && r != (void *)j)
			j->order[j->norder++] = r;
	}
	t.headers = xheaders;
	t.kinds = xkinds;
	t.ncols = X_COLUMNS;
	t.nrows = j->norder;
	t.cell = xcell;
	t.ctx = j;
	if (export_write(j->path, j->fmt, &t, err, sizeof err) != 0) {
		app_error(j->app, "%s", err);
		return;
	}
	gone = j->nids - j->norder;
	snprintf(msg, sizeof msg, ngettext("%zu proposal written to %s.",
	    "%zu proposals written to %s.", j->norder), j->norder, j->path);
	if (gone > 0) {
		size_t used = strlen(msg);

		/* rows the server no longer lists under the list's filters */
		snprintf(msg + used, sizeof msg - used, " ");
		used = strlen(msg);
		snprintf(msg + used, sizeof msg - used, ngettext("%zu no longer matches the list's "
		    "filters and is left out.", "%zu no longer match the list's filters and are "
		    "left out.", gone), gone);
	}
	app_info(j->app, "%s", msg);
}

static void
on_export_page(void *arg, long id, const struct net_proposal_page *page,
    const struct net_error *err)
{
	struct xjob *j = arg;
	char text[400];

	(void)id;
	if (err != NULL) {
		app_error(j->app, _("Nothing exported: %s"), app_net_error(err, text, sizeof text));
		xjob_free(j);
		return;
	}
	if (xjob_keep(j, page) != 0) {
		net_cancel(j->app->net, j->request);
		/* the cancelled request calls back once more, with an error */
		app_error(j->app, "%s", _("out of memory"));
		return;
	}
	if (!page->done)
		return;
	xjob_write(j);
	xjob_free(j);
}

/* Loads the list's proposals again for their raw values, then writes the
 * rows shown, in their order. The job needs nothing of the view: the list
 * may close meanwhile. */
static void
export_start(struct app *app, const char *path, enum export_format fmt, void *ctx)
{
	struct view *v = ctx;
	struct proposals *p = v->data;
	struct xjob *j = calloc(1, sizeof *j);
	struct net_proposal_filter f;
	struct net_error err;
	char text[400];
	size_t i;

	if (j == NULL || (j->ids = calloc(p->lv.list.nvisible + 1, sizeof *j->ids)) == NULL) {
		free(j);
		app_error(app, "%s", _("out of memory"));
		return;
	}
	j->app = app;
	j->fmt = fmt;
	snprintf(j->path, sizeof j->path, "%s", path);
	idmap_init(&j->rows);
	for (i = 0; i < p->lv.list.nvisible; i++) {
		const struct prow *r = p->lv.list.entries[p->lv.list.visible[i]].item;

		if (idmap_put(&j->rows, (uint64_t)r->id, j) != 0) {
			xjob_free(j);
			app_error(app, "%s", _("out of memory"));
			return;
		}
		j->ids[j->nids++] = r->id;
	}
	f = p->filter;
	f.cursor = NULL;
	j->request = net_proposal_load_all(app->net, &f, 0, on_export_page, j, &err);
	if (j->request < 0) {
		app_error(app, _("Nothing exported: %s"), app_net_error(&err, text, sizeof text));
		xjob_free(j);
		return;
	}
	app_info(app, ngettext("Exporting %zu proposal to %s: reading it from the server.",
	    "Exporting %zu proposals to %s: reading them from the server.", j->nids), j->nids,
	    j->path);
}

void
export_proposals(struct view *v, bool tagged)
{
	struct proposals *p = v->data;
	char name[64];
	time_t now = time(NULL);
	struct tm tm;

	(void)tagged;
	if (!p->loaded) {
		app_info(v->app, "%s", _("The list is still loading: export it once it is complete."));
		return;
	}
	if (p->lv.list.nvisible == 0) {
		app_info(v->app, "%s", _("No proposal to export."));
		return;
	}
	if (localtime_r(&now, &tm) == NULL ||
	    strftime(name, sizeof name, "pupitre-proposals-%Y-%m-%d.csv", &tm) == 0)
		snprintf(name, sizeof name, "%s", "pupitre-proposals.csv");
	export_ask(v->app, name, export_start, v);
}
