/* The statistics of an edition, read as a page: each district's envelope,
 * committed and winners' cost, proposals by state and by stage, each
 * department's workload, as horizontal bars scaled to the widest and
 * redrawn to the width of the terminal. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/format.h"
#include "../core/i18n.h"
#include "../core/text.h"
#include "../net/audit.h"
#include "app.h"

/* A request's way back to the view, cleared when the view closes. */
struct ticket {
	struct view *v;
};

struct district {
	char *name, *code;	/* sanitized */
	long long envelope, committed, winners;
	long proposals;
};

struct department {
	char *name, *code;	/* sanitized */
	long proposals, workload;
	double median;		/* -1: none */
	time_t oldest;
};

struct stats {
	struct tui_pager pager;
	int rows, built_cols;	/* the width the lines were made for; 0: to make */
	struct ticket *ticket;
	long request;
	char *error;		/* the last load's error, shown while nothing is loaded */
	bool loaded;
	/* the figures */
	int edition;
	long total, unassigned, answers_needed, reports[3];
	long long costs;
	long states[16], stages[16];
	struct district *districts;
	size_t ndistricts;
	struct department *departments;
	size_t ndepartments;
};

/* The states and stages in the order of the pipeline (counts by code). */
static const char *const state_codes[] = {
	"submitted", "admissible", "inadmissible", "costing", "costed", "merged", "selected",
	"not_selected", "winner", "not_winner", "withdrawn",
};
static const char *const stage_codes[] = {
	"not_started", "studies", "procedures", "works", "delivery", "done", "abandoned",
};

#define NSTATES (sizeof state_codes / sizeof state_codes[0])
#define NSTAGES (sizeof stage_codes / sizeof stage_codes[0])

static void
free_figures(struct stats *s)
{
	size_t i;

	for (i = 0; i < s->ndistricts; i++) {
		free(s->districts[i].name);
		free(s->districts[i].code);
	}
	for (i = 0; i < s->ndepartments; i++) {
		free(s->departments[i].name);
		free(s->departments[i].code);
	}
	free(s->districts);
	free(s->departments);
	s->districts = NULL;
	s->departments = NULL;
	s->ndistricts = s->ndepartments = 0;
}

static void
counts(const struct net_stats_count *c, size_t n, const char *const *codes, size_t ncodes,
    long *out)
{
	size_t i, j;

	for (j = 0; j < ncodes; j++)
		out[j] = 0;
	for (i = 0; i < n; i++)
		for (j = 0; j < ncodes; j++)
			if (strcmp(c[i].code, codes[j]) == 0)
				out[j] = c[i].count;
}

/* Copies the figures of the answer; -1 when memory runs out. */
static int
keep(struct stats *s, const struct net_stats *ns)
{
	size_t i;

	free_figures(s);
	s->edition = ns->edition;
	s->total = ns->total;
	s->unassigned = ns->unassigned;
	s->answers_needed = ns->answers_needed;
	s->reports[0] = ns->reports_open;
	s->reports[1] = ns->reports_upheld;
	s->reports[2] = ns->reports_dismissed;
	s->costs = ns->costs_total_cents;
	counts(ns->by_state, ns->nstates, state_codes, NSTATES, s->states);
	counts(ns->by_stage, ns->nstages, stage_codes, NSTAGES, s->stages);
	if ((ns->ndistricts && !(s->districts = calloc(ns->ndistricts, sizeof *s->districts))) ||
	    (ns->ndepartments &&
	    !(s->departments = calloc(ns->ndepartments, sizeof *s->departments))))
		return -1;
	for (i = 0; i < ns->ndistricts; i++) {
		struct district *d = &s->districts[i];

		s->ndistricts = i + 1;	/* counted first: freed with the others on failure */
		d->name = text_safe(ns->districts[i].name);
		d->code = text_safe(ns->districts[i].code);
		d->envelope = ns->districts[i].envelope_cents;
		d->committed = ns->districts[i].committed_cents;
		d->winners = ns->districts[i].winners_cents;
		d->proposals = ns->districts[i].proposals;
		if (d->name == NULL || d->code == NULL)
			return -1;
	}
	for (i = 0; i < ns->ndepartments; i++) {
		struct department *d = &s->departments[i];

		s->ndepartments = i + 1;
		d->name = text_safe(ns->departments[i].name);
		d->code = text_safe(ns->departments[i].code);
		d->proposals = ns->departments[i].proposals;
		d->workload = ns->departments[i].workload;
		d->median = ns->departments[i].median_days;
		d->oldest = ns->departments[i].oldest_waiting_at;
		if (d->name == NULL || d->code == NULL)
			return -1;
	}
	return 0;
}

/* ----- the lines, made for a width ----- */

static void addf(struct stats *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
addf(struct stats *s, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	tui_pager_add(&s->pager, line);
}

/* A bar of value scaled to max in cells cells (at least one cell for a
 * value that is not 0). */
static void
bar(long long value, long long max, int cells, char *out, size_t size)
{
	int n = 0, i;
	size_t used = 0;

	if (max > 0 && value > 0 && cells > 0) {
		n = (int)((double)value * cells / (double)max + 0.5);
		if (n < 1)
			n = 1;
		if (n > cells)
			n = cells;
	}
	out[0] = '\0';
	for (i = 0; i < cells && used + 4 < size; i++) {
		/* U+2588 FULL BLOCK, U+00B7 MIDDLE DOT for the rest */
		memcpy(out + used, i < n ? "\xe2\x96\x88" : "\xc2\xb7", i < n ? 3 : 2);
		used += i < n ? 3 : 2;
	}
	out[used] = '\0';
}

/* "  label ████···· figure": the label fitted to lcells, the figure to the
 * right in fcells, the bar in what the width leaves. */
static void
bar_line(struct stats *s, int cols, const char *label, int lcells, long long value,
    long long max, const char *figure, int fcells)
{
	char fitted[256], b[1024], fig[128];
	int cells = cols - 2 - lcells - 1 - 1 - fcells;

	if (cells > 60)
		cells = 60;
	if (cells < 0)
		cells = 0;
	text_fit(label, lcells, 1, 1, fitted, sizeof fitted);
	bar(value, max, cells, b, sizeof b);
	/* the figure to the right, by cells (a euro sign is one cell, three bytes) */
	snprintf(fig, sizeof fig, "%*s%s", fcells > text_width(figure) ?
	    fcells - text_width(figure) : 0, "", figure);
	addf(s, "  %s %s %s", fitted, b, fig);
}

static const char *
money(long long cents, char *out, size_t size)
{
	return format_money_ui(cents, out, size);
}

/* Tenths of days, with the language's decimal separator. */
static const char *
days(double median, char *out, size_t size)
{
	long long tenths = (long long)(median * 10 + 0.5);
	char whole[FORMAT_SIZE];

	snprintf(out, size, "%s%s%lld", format_integer_ui(tenths / 10, whole, sizeof whole),
	    strcmp(i18n_language(), "fr") == 0 ? "," : ".", tenths % 10);
	return out;
}

static void
build_districts(struct stats *s, int cols)
{
	char a[FORMAT_SIZE], name[300];
	long long max = 0;
	size_t i;

	for (i = 0; i < s->ndistricts; i++) {
		const struct district *d = &s->districts[i];

		max = d->envelope > max ? d->envelope : max;
		max = d->committed > max ? d->committed : max;
	}
	tui_pager_add(&s->pager, "");
	tui_pager_add(&s->pager, _("By district: envelope, committed (selected and winners), "
	    "winners' cost"));
	for (i = 0; i < s->ndistricts; i++) {
		const struct district *d = &s->districts[i];
		char n[FORMAT_SIZE];

		snprintf(name, sizeof name, ngettext("%s (%s), %s proposal", "%s (%s), %s proposals",
		    d->proposals), d->name, d->code, format_integer_ui(d->proposals, n, sizeof n));
		addf(s, " %s", name);
		bar_line(s, cols, _("envelope"), 12, d->envelope, max,
		    money(d->envelope, a, sizeof a), 18);
		bar_line(s, cols, _("committed"), 12, d->committed, max,
		    money(d->committed, a, sizeof a), 18);
		bar_line(s, cols, _("winners"), 12, d->winners, max,
		    money(d->winners, a, sizeof a), 18);
	}
}

static void
build_counts(struct stats *s, int cols, const char *title, const long *n,
    const char *const *codes, size_t ncodes, const char *(*label)(const char *))
{
	char figure[FORMAT_SIZE];
	long max = 0;
	size_t i;

	for (i = 0; i < ncodes; i++)
		max = n[i] > max ? n[i] : max;
	tui_pager_add(&s->pager, "");
	tui_pager_add(&s->pager, title);
	for (i = 0; i < ncodes; i++)
		bar_line(s, cols, label(codes[i]), 16, n[i], max,
		    format_integer_ui(n[i], figure, sizeof figure), 8);
}

static void
build_departments(struct stats *s, int cols)
{
	char figure[FORMAT_SIZE], median[FORMAT_SIZE], oldest[FORMAT_SIZE], line[600];
	long max = 0;
	size_t i;

	for (i = 0; i < s->ndepartments; i++)
		max = s->departments[i].workload > max ? s->departments[i].workload : max;
	tui_pager_add(&s->pager, "");
	tui_pager_add(&s->pager, _("By department: workload (in study, not yet costed) and "
	    "median days to costing"));
	for (i = 0; i < s->ndepartments; i++) {
		const struct department *d = &s->departments[i];

		addf(s, " %s (%s)", d->name, d->code);
		bar_line(s, cols, _("workload"), 12, d->workload, max,
		    format_integer_ui(d->workload, figure, sizeof figure), 8);
		if (d->median >= 0)
			snprintf(line, sizeof line, _("median %s days to costing"),
			    days(d->median, median, sizeof median));
		else
			snprintf(line, sizeof line, "%s", _("nothing costed yet"));
		if (d->oldest != 0 && format_date_ui(d->oldest, oldest, sizeof oldest)[0] != '\0') {
			size_t used = strlen(line);

			snprintf(line + used, sizeof line - used, _(", oldest waiting since %s"),
			    oldest);
		}
		addf(s, "  %*s %s", 12, "", line);
	}
}

static void
build(struct stats *s, int cols)
{
	char n[FORMAT_SIZE], m[FORMAT_SIZE], a[FORMAT_SIZE], b[FORMAT_SIZE], c[FORMAT_SIZE];
	size_t top = s->pager.top;

	tui_pager_clear(&s->pager);
	s->built_cols = cols;
	if (!s->loaded) {
		tui_pager_add(&s->pager, s->error ? s->error : _("Loading..."));
		return;
	}
	addf(s, _("Proposals: %s, not assigned to a department: %s, waiting for an answer: %s"),
	    format_integer_ui(s->total, n, sizeof n), format_integer_ui(s->unassigned, m, sizeof m),
	    format_integer_ui(s->answers_needed, a, sizeof a));
	addf(s, _("Costs of the edition: %s"), money(s->costs, n, sizeof n));
	addf(s, _("Reports: %s open, %s upheld, %s dismissed"),
	    format_integer_ui(s->reports[0], a, sizeof a), format_integer_ui(s->reports[1], b,
	    sizeof b), format_integer_ui(s->reports[2], c, sizeof c));
	build_districts(s, cols);
	build_counts(s, cols, _("By state:"), s->states, state_codes, NSTATES, state_label);
	build_counts(s, cols, _("Winners by stage:"), s->stages, stage_codes, NSTAGES,
	    stage_label);
	build_departments(s, cols);
	s->pager.top = top < s->pager.count ? top : 0;
}

/* ----- loading ----- */

static void
on_stats(void *arg, long id, const struct net_stats *ns, const struct net_error *err)
{
	struct ticket *t = arg;
	struct view *v = t->v;
	struct stats *s;
	char text[400];

	(void)id;
	free(t);
	if (v == NULL)
		return;
	s = v->data;
	s->ticket = NULL;
	s->request = 0;
	s->built_cols = 0;
	if (err != NULL) {
		app_net_error(err, text, sizeof text);
		if (strcmp(err->code, "cancelled") != 0)
			app_error(v->app, "%s", text);
		free(s->error);
		s->error = text_safe(text);
		return;
	}
	if (keep(s, ns) != 0) {
		free_figures(s);
		app_error(v->app, "%s", _("out of memory"));
		return;
	}
	s->loaded = true;
}

static void
load(struct view *v)
{
	struct stats *s = v->data;
	struct net_error err;
	struct ticket *t = calloc(1, sizeof *t);
	char text[400];

	if (t == NULL) {
		app_error(v->app, "%s", _("out of memory"));
		return;
	}
	if (s->ticket != NULL) {
		s->ticket->v = NULL;
		net_cancel(v->app->net, s->request);
		s->ticket = NULL;
	}
	t->v = v;
	s->request = net_stats_get(v->app->net, 0, on_stats, t, &err);
	if (s->request < 0) {
		free(t);
		s->request = 0;
		app_error(v->app, "%s", app_net_error(&err, text, sizeof text));
		return;
	}
	s->ticket = t;
}

/* ----- the view ----- */

static void
stats_draw(struct view *v, int y0, int rows)
{
	struct stats *s = v->data;
	char title[200];

	/* a resize (or new figures) makes the bars again, to the width */
	if (s->built_cols != tui_cols())
		build(s, tui_cols());
	s->rows = rows - 1;
	if (s->loaded)
		snprintf(title, sizeof title, _("Statistics of the %d edition"), s->edition);
	else
		snprintf(title, sizeof title, "%s", _("Statistics"));
	tui_put(y0, 0, title, tui_cols(), TUI_HEADER, true);
	tui_pager_draw(&s->pager, y0 + 1, rows - 1);
}

static bool
stats_run(struct view *v, enum keymap_function fn, bool tagged)
{
	struct stats *s = v->data;
	int page = s->rows > 1 ? s->rows : 1;
	static const struct {
		enum keymap_function fn;
		int lines;	/* 1 a line, 2 half a page, 3 a page; negative: up */
	} moves[] = {
		{ KEYMAP_FN_MOVE_DOWN, 1 }, { KEYMAP_FN_LINE_DOWN, 1 },
		{ KEYMAP_FN_MOVE_UP, -1 }, { KEYMAP_FN_LINE_UP, -1 },
		{ KEYMAP_FN_HALF_PAGE_DOWN, 2 }, { KEYMAP_FN_HALF_PAGE_UP, -2 },
		{ KEYMAP_FN_PAGE_DOWN, 3 }, { KEYMAP_FN_PAGE_UP, -3 },
	};
	size_t i;

	(void)tagged;
	for (i = 0; i < sizeof moves / sizeof moves[0]; i++) {
		if (moves[i].fn == fn) {
			int n = abs(moves[i].lines), by = n == 1 ? 1 : n == 2 ? page / 2 : page;

			tui_pager_scroll(&s->pager, moves[i].lines < 0 ? -by : by, page);
			return true;
		}
	}
	switch (fn) {
	case KEYMAP_FN_FIRST:
		s->pager.top = 0;
		return true;
	case KEYMAP_FN_LAST:
		tui_pager_scroll(&s->pager, (long)s->pager.count, page);
		return true;
	case KEYMAP_FN_REFRESH:
		load(v);
		return true;
	case KEYMAP_FN_OPEN:
		return true;
	default:
		return false;
	}
}

/* Figures change with every decision: a reset of the stream, or $, reloads. */
static void
stats_event(struct view *v, const struct net_event *ev)
{
	if (ev->kind == NET_EV_RESET)
		load(v);
}

static void
stats_status(struct view *v, char *buf, size_t size)
{
	struct stats *s = v->data;

	snprintf(buf, size, _("Statistics (line %zu of %zu, $ reloads, q to go back)%s"),
	    s->pager.count ? s->pager.top + 1 : 0, s->pager.count,
	    s->request > 0 ? _(" (loading)") : "");
}

static void
stats_close(struct view *v)
{
	struct stats *s = v->data;

	if (s->ticket != NULL) {
		s->ticket->v = NULL;
		net_cancel(v->app->net, s->request);
	}
	free_figures(s);
	tui_pager_clear(&s->pager);
	free(s->error);
	free(s);
	free(v);
}

static const struct view_ops stats_ops = {
	"stats", KEYMAP_VIEW_STATS, stats_draw, stats_run, stats_event, stats_status, stats_close,
};

struct view *
stats_view_new(struct app *app)
{
	struct view *v = calloc(1, sizeof *v);
	struct stats *s = calloc(1, sizeof *s);

	if (v == NULL || s == NULL) {
		free(v);
		free(s);
		return NULL;
	}
	v->ops = &stats_ops;
	v->app = app;
	v->data = s;
	load(v);
	return v;
}
