/* The costing of proposals: cost lines typed by category in a form, their
 * totals, the district's envelope and the warnings shown above it as they
 * are typed; ;c walks the tagged proposals one after the other. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/format.h"
#include "../core/i18n.h"
#include "../core/text.h"
#include "../net/costing.h"
#include "proposals.h"

/* The fields of the form: one per cost category, then the opinion. */
enum { F_INVESTMENT, F_OPERATING, F_STUDIES, F_OTHER, F_OPINION, F_JUSTIFICATION, F_DURATION,
	F_COUNT };

#define FIELD_SIZE 2048
#define MAX_LINES 200
#define LABEL_MAX 300		/* characters, as the server takes them */

static const char *const field_labels[F_COUNT] = {
	N_("Investment (label = amount; ...): "), N_("Operating (label = amount; ...): "),
	N_("Studies (label = amount; ...): "), N_("Other (label = amount; ...): "),
	N_("Feasibility opinion (favourable or unfavourable): "), N_("Justification: "),
	N_("Duration in months (may stay empty): "),
};

/* The categories in the user's words; also the label of an amount typed alone. */
static const char *const category_names[NET_COST_CATEGORIES] = {
	N_("Investment"), N_("Operating"), N_("Studies"), N_("Other"),
};

/* The words of an opinion: the user's language first, then what people
 * type out of habit, in either language. */
static const struct {
	const char *word;
	bool translated;
	enum net_opinion opinion;
} opinion_words[] = {
	{ N_("favourable"), true, NET_OPINION_FAVOURABLE },
	{ N_("unfavourable"), true, NET_OPINION_UNFAVOURABLE },
	{ "favourable", false, NET_OPINION_FAVOURABLE },
	{ "favorable", false, NET_OPINION_FAVOURABLE },
	{ "unfavourable", false, NET_OPINION_UNFAVOURABLE },
	{ "unfavorable", false, NET_OPINION_UNFAVOURABLE },
	{ "défavorable", false, NET_OPINION_UNFAVOURABLE },
	{ "defavorable", false, NET_OPINION_UNFAVOURABLE },
};

struct costing;

/* A request's link to the view: the view's closing clears c, so that a
 * late answer is dropped; the callback frees the slot. */
struct slot {
	struct costing *c;
};

enum envelope_state { ENV_LOADING, ENV_KNOWN, ENV_UNKNOWN };

struct costing {
	struct view *view;
	struct view *list;	/* the proposals below: alive as long as this view */
	long long *ids;		/* the proposals to cost, in order */
	size_t nids, at;	/* at: the one on screen */
	/* the proposal on screen, as read (safe text) */
	bool loaded;
	char *failure;		/* why it cannot be costed; NULL when it can */
	long long id;
	int version, edition;
	char *title, *district, *district_code, *department, *state;
	bool had_costing;
	/* its district's envelope */
	enum envelope_state env;
	long long envelope, committed, left;
	char env_why[256];
	struct slot *get, *envelopes;
	long get_request, env_request;
	/* what is typed, kept between the form's openings */
	char values[F_COUNT][FIELD_SIZE];
};

/* What the fields say. */
struct parsed {
	char text[NET_COST_CATEGORIES][FIELD_SIZE];	/* the labels point here */
	struct net_cost_line lines[MAX_LINES];
	size_t nlines;
	long long subtotal[NET_COST_CATEGORIES], total;
	size_t count[NET_COST_CATEGORIES];
	int bad_field;		/* the first field in error, -1 when none */
	char why[600];
	enum net_opinion opinion;
	int duration;		/* -1: not said */
};

static void form_done(struct app *app, struct tui_form *form, void *ctx);

static char *
trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return s;
}

static size_t
characters(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* ----- what is typed ----- */

static void
fail_field(struct parsed *p, int field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail_field(struct parsed *p, int field, const char *fmt, ...)
{
	va_list ap;

	if (p->bad_field >= 0)
		return;
	p->bad_field = field;
	va_start(ap, fmt);
	vsnprintf(p->why, sizeof p->why, fmt, ap);
	va_end(ap);
}

/* "label = amount; label = amount", or an amount alone (labelled with the
 * category's name). */
static void
parse_category(struct parsed *p, int cat, const char *value)
{
	char *s = p->text[cat], *item, *save = NULL, why[400];
	size_t n = 0;

	snprintf(s, FIELD_SIZE, "%s", value);
	for (item = strtok_r(s, ";", &save); item != NULL; item = strtok_r(NULL, ";", &save)) {
		char *eq = strrchr(item, '='), *label = NULL, *amount;
		long long cents;

		if (eq != NULL) {
			*eq = '\0';
			label = trim(item);
			amount = trim(eq + 1);
		} else {
			amount = trim(item);
		}
		if (*amount == '\0' && (label == NULL || *label == '\0'))
			continue;
		n++;
		if (label != NULL && *label == '\0') {
			/* TRANSLATORS: the category, the number of the line */
			fail_field(p, cat, _("%s, line %zu: give a label before \"=\"."),
			    _(category_names[cat]), n);
			continue;
		}
		if (label != NULL && characters(label) > LABEL_MAX) {
			fail_field(p, cat, _("%s, line %zu: a label has at most 300 characters."),
			    _(category_names[cat]), n);
			continue;
		}
		if (parse_money_ui(amount, &cents, why, sizeof why) != 0) {
			/* TRANSLATORS: the category, the number of the line, why */
			fail_field(p, cat, _("%s, line %zu: %s"), _(category_names[cat]), n, why);
			continue;
		}
		if (p->nlines == MAX_LINES) {
			fail_field(p, cat, _("At most %d cost lines."), MAX_LINES);
			continue;
		}
		p->lines[p->nlines].category = (enum net_cost_category)cat;
		p->lines[p->nlines].label = label != NULL ? label : _(category_names[cat]);
		p->lines[p->nlines].amount_cents = cents;
		p->nlines++;
		p->subtotal[cat] += cents;
		p->count[cat]++;
		p->total += cents;
	}
}

/* NONE when empty, unknown or ambiguous; a prefix is enough ("f", "déf"). */
static enum net_opinion
parse_opinion(const char *text)
{
	enum net_opinion found = NET_OPINION_NONE;
	size_t len = strlen(text), i;

	if (len == 0)
		return NET_OPINION_NONE;
	for (i = 0; i < sizeof opinion_words / sizeof opinion_words[0]; i++) {
		const char *w = opinion_words[i].translated ? _(opinion_words[i].word) :
		    opinion_words[i].word;

		if (strcasecmp(w, text) == 0)
			return opinion_words[i].opinion;
		if (strncasecmp(w, text, len) == 0) {
			if (found != NET_OPINION_NONE && found != opinion_words[i].opinion)
				return NET_OPINION_NONE;
			found = opinion_words[i].opinion;
		}
	}
	return found;
}

static void
parse(const struct costing *c, struct parsed *p)
{
	char buf[FIELD_SIZE], *t, *end;
	int cat;
	long months;

	memset(p, 0, sizeof *p);
	p->bad_field = -1;
	p->duration = -1;
	for (cat = 0; cat < NET_COST_CATEGORIES; cat++)
		parse_category(p, cat, c->values[cat]);
	snprintf(buf, sizeof buf, "%s", c->values[F_OPINION]);
	p->opinion = parse_opinion(trim(buf));
	snprintf(buf, sizeof buf, "%s", c->values[F_DURATION]);
	t = trim(buf);
	if (*t != '\0') {
		months = strtol(t, &end, 10);
		if (end == t || *end != '\0' || !isdigit((unsigned char)*t) || months > 240)
			p->duration = -2;
		else
			p->duration = (int)months;
	}
}

/* What a submitted form lacks, as a message and the field to go back to;
 * 0 when it can be sent. */
static int
check(const struct costing *c, struct parsed *p)
{
	char buf[FIELD_SIZE];

	if (p->bad_field >= 0)
		return -1;
	snprintf(buf, sizeof buf, "%s", c->values[F_JUSTIFICATION]);
	if (p->nlines == 0)
		fail_field(p, F_INVESTMENT, "%s",
		    _("Give at least one cost line: an amount, or label = amount."));
	else if (p->opinion == NET_OPINION_NONE)
		fail_field(p, F_OPINION, "%s",
		    _("Say whether the opinion is favourable or unfavourable."));
	else if (*trim(buf) == '\0')
		fail_field(p, F_JUSTIFICATION, "%s", _("The opinion needs a justification."));
	else if (p->duration == -2)
		fail_field(p, F_DURATION, "%s",
		    _("Give the duration as a number of months from 0 to 240, or leave it empty."));
	return p->bad_field >= 0 ? -1 : 0;
}

/*
 * An amount as it can be typed back: digits grouped by spaces, which
 * parse_money reads in both languages ("2 500 000", "1 234,50").
 */
static void
money_input(long long cents, char *out, size_t size)
{
	char digits[32], grouped[48];
	size_t n, i, j = 0;

	snprintf(digits, sizeof digits, "%lld", cents / 100);
	n = strlen(digits);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[j++] = ' ';
		grouped[j++] = digits[i];
	}
	grouped[j] = '\0';
	if (cents % 100 != 0)
		snprintf(out, size, "%s%s%02lld", grouped,
		    strcmp(i18n_language(), "fr") == 0 ? "," : ".", cents % 100);
	else
		snprintf(out, size, "%s", grouped);
}

/* The form's fields from a costing read from the server. */
static void
values_from(struct costing *c, const struct net_costing *co)
{
	size_t i, used[NET_COST_CATEGORIES] = { 0 };
	char amount[64], *label;

	memset(c->values, 0, sizeof c->values);
	for (i = 0; i < co->nlines; i++) {
		const struct net_cost_line *l = &co->lines[i];
		int cat = (int)l->category;
		char *s = c->values[cat], *p;
		int n;

		if ((label = text_safe(l->label)) == NULL)
			continue;
		/* ";" separates the lines of a field */
		for (p = label; *p; p++)
			if (*p == ';')
				*p = ',';
		money_input(l->amount_cents, amount, sizeof amount);
		n = snprintf(s + used[cat], FIELD_SIZE - used[cat], "%s%s = %s",
		    used[cat] ? "; " : "", label, amount);
		if (n > 0 && used[cat] + (size_t)n < FIELD_SIZE)
			used[cat] += (size_t)n;
		else
			s[used[cat]] = '\0';
		free(label);
	}
	if (co->opinion != NET_OPINION_NONE)
		snprintf(c->values[F_OPINION], FIELD_SIZE, "%s",
		    co->opinion == NET_OPINION_FAVOURABLE ? _("favourable") : _("unfavourable"));
	if ((label = text_safe(co->justification)) != NULL) {
		snprintf(c->values[F_JUSTIFICATION], FIELD_SIZE, "%s", label);
		free(label);
	}
	if (co->duration_months >= 0)
		snprintf(c->values[F_DURATION], FIELD_SIZE, "%d", co->duration_months);
}

/* The fields as typed so far, when the form open is this view's. */
static void
snapshot(struct costing *c)
{
	struct app *app = c->view->app;
	int i;

	if (!app->form.active || app->form_done != form_done || app->form_ctx != c->view)
		return;
	for (i = 0; i < F_COUNT; i++)
		tui_form_value(&app->form, i, c->values[i], FIELD_SIZE);
}

/* ----- drawing ----- */

#define CATEGORY_CELLS 16	/* "Investissement" and a space or two */
#define AMOUNT_CELLS 20

static void
put_row(int y, const char *category, const char *label, const char *amount, enum tui_face f)
{
	int cols = tui_cols(), label_cells = cols - CATEGORY_CELLS - AMOUNT_CELLS - 2, x = 0;
	int w;

	/* the amounts near their labels on a wide screen */
	if (label_cells > 56)
		label_cells = 56;
	if (label_cells < 8)
		label_cells = 8;
	x += tui_put(y, x, category, CATEGORY_CELLS, f, true);
	x += tui_put(y, x, label, label_cells, f, true);
	w = text_width(amount);
	if (w < AMOUNT_CELLS)
		x += tui_put(y, x, "", AMOUNT_CELLS - w, f, true);
	x += tui_put(y, x, amount, AMOUNT_CELLS, f, false);
	if (cols - x > 0)
		tui_put(y, x, "", cols - x, f, true);
}

struct summary {
	char text[8][700];
	enum tui_face face[8];
	int n;
};

static void
say(struct summary *s, enum tui_face face, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
say(struct summary *s, enum tui_face face, const char *fmt, ...)
{
	va_list ap;

	if (s->n == 8)
		return;
	va_start(ap, fmt);
	vsnprintf(s->text[s->n], sizeof s->text[s->n], fmt, ap);
	va_end(ap);
	s->face[s->n++] = face;
}

/* Below the table: the envelope, the opinion and every warning. */
static void
summarise(const struct costing *c, const struct parsed *p, struct summary *s)
{
	char a[FORMAT_SIZE], b[FORMAT_SIZE], d[FORMAT_SIZE], text[FIELD_SIZE];

	if (c->env == ENV_KNOWN) {
		/* TRANSLATORS: the district, its envelope, what is committed, what is left */
		say(s, TUI_DEFAULT, _("Envelope of %s: %s, committed %s, left %s"), c->district,
		    format_money_ui(c->envelope, a, sizeof a),
		    format_money_ui(c->committed, b, sizeof b), format_money_ui(c->left, d, sizeof d));
		if (p->total > c->left)
			say(s, TUI_ERROR,
			    _("Warning: the total exceeds what is left of the envelope by %s."),
			    format_money_ui(p->total - c->left, a, sizeof a));
	} else if (c->env == ENV_LOADING) {
		say(s, TUI_DEFAULT, _("Envelope of %s: loading…"), c->district);
	} else {
		say(s, TUI_ERROR, _("Envelope of %s unknown: %s"), c->district, c->env_why);
	}
	if (p->subtotal[NET_COST_OPERATING] > 0)
		say(s, TUI_ERROR, "%s", _("Warning: operating costs weigh on the city's running "
		    "budget every year; the participatory budget funds investment only."));
	snprintf(text, sizeof text, "%s", c->values[F_OPINION]);
	if (p->opinion == NET_OPINION_FAVOURABLE)
		say(s, TUI_DEFAULT, "%s", _("Feasibility opinion: favourable"));
	else if (p->opinion == NET_OPINION_UNFAVOURABLE)
		say(s, TUI_DEFAULT, "%s", _("Feasibility opinion: unfavourable"));
	else if (*trim(text) != '\0')
		say(s, TUI_ERROR, _("Feasibility opinion: \"%s\" is neither favourable nor "
		    "unfavourable."), trim(text));
	if (p->duration == -2)
		say(s, TUI_ERROR, "%s", _("Duration: give a number of months from 0 to 240."));
	if (p->bad_field >= 0)
		say(s, TUI_ERROR, "%s", p->why);
}

static void
costing_draw(struct view *v, int y0, int rows)
{
	struct costing *c = v->data;
	struct parsed *p;
	struct summary s;
	char line[1024], amount[FORMAT_SIZE], safe_text[FIELD_SIZE];
	int y = y0, end = y0 + rows - (F_COUNT + 1), room, cat, i;
	size_t k;
	bool first;

	snapshot(c);
	snprintf(line, sizeof line, _("Costing of proposal %lld: %s"), c->ids[c->at],
	    c->title ? c->title : "");
	tui_put(y++, 0, line, tui_cols(), TUI_HEADER, true);
	if (!c->loaded || c->failure != NULL) {
		tui_put(y++, 0, c->failure ? c->failure : _("Reading the proposal…"), tui_cols(),
		    c->failure ? TUI_ERROR : TUI_DEFAULT, true);
		while (y < y0 + rows)
			tui_clear_line(y++, TUI_DEFAULT);
		return;
	}
	/* TRANSLATORS: the district, the department, the state, the version */
	snprintf(line, sizeof line, _("%s · department %s · %s · version %d"), c->district,
	    c->department, state_label(c->state), c->version);
	tui_put(y++, 0, line, tui_cols(), TUI_DEFAULT, true);
	tui_clear_line(y++, TUI_DEFAULT);
	if ((p = malloc(sizeof *p)) == NULL)
		return;
	parse(c, p);
	memset(&s, 0, sizeof s);
	summarise(c, p, &s);
	/* the table, then the total and the summary, which always show */
	room = end - y - 2 - s.n;
	for (cat = 0; cat < NET_COST_CATEGORIES; cat++) {
		first = true;
		if (p->count[cat] == 0 && room-- > 0)
			put_row(y++, _(category_names[cat]), "-", "", TUI_DEFAULT);
		for (k = 0; k < p->nlines; k++) {
			char *label;

			if ((int)p->lines[k].category != cat || room-- <= 0)
				continue;
			label = text_safe(p->lines[k].label);
			snprintf(safe_text, sizeof safe_text, "%s", label ? label : "");
			free(label);
			put_row(y++, first ? _(category_names[cat]) : "", safe_text,
			    format_money_ui(p->lines[k].amount_cents, amount, sizeof amount),
			    TUI_DEFAULT);
			first = false;
		}
		if (p->count[cat] > 1 && room-- > 0)
			put_row(y++, "", _("subtotal"), format_money_ui(p->subtotal[cat], amount,
			    sizeof amount), TUI_DEFAULT);
	}
	if (room < 0 && y < end)
		put_row(y++, "", "…", "", TUI_DEFAULT);
	if (y < end)
		put_row(y++, _("Total"), "", format_money_ui(p->total, amount, sizeof amount),
		    TUI_HEADER);
	if (y < end)
		tui_clear_line(y++, TUI_DEFAULT);
	for (i = 0; i < s.n && y < end; i++)
		tui_put(y++, 0, s.text[i], tui_cols(), s.face[i], true);
	free(p);
	while (y < y0 + rows)
		tui_clear_line(y++, TUI_DEFAULT);
}

static void
costing_status(struct view *v, char *buf, size_t size)
{
	struct costing *c = v->data;

	if (c->nids > 1)
		snprintf(buf, size, _("Costing proposal %lld (%zu of %zu): Enter edits, q goes back"),
		    c->ids[c->at], c->at + 1, c->nids);
	else
		snprintf(buf, size, _("Costing proposal %lld: Enter edits, q goes back"),
		    c->ids[c->at]);
}

/* ----- the form ----- */

static void
open_form(struct costing *c, int field)
{
	struct app *app = c->view->app;
	char title[200];
	int i;

	if (!c->loaded || c->failure != NULL)
		return;
	snprintf(title, sizeof title,
	    _("Costing of proposal %lld (Enter: next field, Tab: next, Esc: cancel)"), c->id);
	tui_form_start(&app->form, title);
	for (i = 0; i < F_COUNT; i++)
		tui_form_add(&app->form, _(field_labels[i]), c->values[i]);
	app->form.current = field;
	app_form(app, form_done, c->view);
}

/* ----- sending ----- */

static void
apply_costed(struct prow *r, const struct net_item_result *res, void *ctx)
{
	(void)res;
	r->total_cents = *(long long *)ctx;
	prow_set(&r->state, "costed");
}

static void
on_costed(void *arg, long id, const struct net_costing_result *res, const struct net_error *err)
{
	struct batch *b = arg;
	struct app *app = b->app;
	long long pid = b->items[0].target.id;
	struct net_item_result item;
	struct net_decision d;
	char total[FORMAT_SIZE], why[300];

	memset(&item, 0, sizeof item);
	memset(&d, 0, sizeof d);
	item.target = b->items[0].target;
	if (err == NULL) {
		item.status = NET_ITEM_OK;
		item.version = res->version;
		*(long long *)b->ctx = res->total_cents;
	} else if (err->status == 403) {
		item.status = NET_ITEM_FORBIDDEN;
		item.message = err->message;
	} else if (err->status == 409) {
		item.status = NET_ITEM_INVALID;
		item.message = "changed since you read it";
	} else if (err->status == 404 || err->status == 422 || err->status == 400) {
		item.status = NET_ITEM_INVALID;
		item.message = err->message;
	} else {
		batch_done(b, id, NULL, err);
		return;
	}
	snprintf(why, sizeof why, "%s", err ? err->message : "");
	d.results = &item;
	d.count = 1;
	d.counts[item.status] = 1;
	batch_done(b, id, &d, NULL);	/* frees b */
	if (err == NULL && res->operating_costs)
		app_error(app, _("Proposal %lld costed: %s, with operating costs: a reason to "
		    "rework it."), pid, format_money_ui(res->total_cents, total, sizeof total));
	else if (err == NULL)
		app_info(app, _("Proposal %lld costed: %s."), pid,
		    format_money_ui(res->total_cents, total, sizeof total));
	else if (err->status == 403)
		app_error(app, _("Refused: proposal %lld is not in your department. Nothing "
		    "changed."), pid);
	else if (err->status == 409)
		app_error(app, _("Proposal %lld changed since you read it: nothing changed. Cost it "
		    "again to start from its new state."), pid);
	else
		app_error(app, _("Proposal %lld: %s. Nothing changed."), pid, why);
}

/* The row of the proposal, pending until the answer; the list's batch
 * list keeps it, so that the answer finds the row even after this view. */
static struct batch *
row_batch(struct costing *c)
{
	struct proposals *p = c->list->data;
	struct prow *r = proposals_find(p, c->id);
	struct batch *b = calloc(1, sizeof *b);
	size_t i;

	if (b == NULL || (b->rows = calloc(1, sizeof *b->rows)) == NULL ||
	    (b->items = calloc(1, sizeof *b->items)) == NULL ||
	    (b->ctx = calloc(1, sizeof(long long))) == NULL) {
		batch_free(b);
		return NULL;
	}
	b->app = c->view->app;
	b->v = c->list;
	b->done = _("costed");
	b->apply = apply_costed;
	b->items[0].target.type = NET_PROPOSAL;
	b->items[0].target.id = c->id;
	b->items[0].version = c->version;
	b->rows[0] = r;
	b->count = r != NULL ? 1 : 0;
	/* costed, it leaves the tagged ones */
	for (i = 0; r != NULL && i < p->lv.list.count; i++)
		if (p->lv.list.entries[i].item == r)
			p->lv.list.entries[i].tagged = false;
	return b;
}

static void load(struct costing *c);

static void
form_done(struct app *app, struct tui_form *form, void *ctx)
{
	struct view *v = ctx;
	struct costing *c = v->data;
	struct net_costing_request req;
	struct net_error err;
	struct parsed *p;
	struct batch *b;
	char justification[FIELD_SIZE], text[400];
	int i;

	for (i = 0; i < F_COUNT; i++)
		tui_form_value(form, i, c->values[i], FIELD_SIZE);
	if ((p = malloc(sizeof *p)) == NULL) {
		app_error(app, "%s", _("out of memory"));
		return;
	}
	parse(c, p);
	if (check(c, p) != 0) {
		/* said at once, nothing sent: back to the field to mend */
		open_form(c, p->bad_field);
		app_error(app, "%s", p->why);
		free(p);
		return;
	}
	snprintf(justification, sizeof justification, "%s", c->values[F_JUSTIFICATION]);
	req.id = c->id;
	req.version = c->version;
	req.opinion = p->opinion;
	req.justification = trim(justification);
	req.duration_months = p->duration;
	req.lines = p->lines;
	req.nlines = p->nlines;
	if ((b = row_batch(c)) == NULL) {
		app_error(app, "%s", _("out of memory"));
		free(p);
		return;
	}
	if (net_costing_put(app->net, &req, on_costed, b, &err) < 0) {
		app_error(app, "%s", app_net_error(&err, text, sizeof text));
		batch_free(b);
		free(p);
		return;
	}
	free(p);
	batch_sent(b);
	b->count = 1;	/* rows are found by id from now on */
	if (c->at + 1 < c->nids) {
		c->at++;
		load(c);
	} else if (app_top(app) == v) {
		app_pop(app);	/* frees c */
	}
}

/* ----- loading ----- */

static struct slot *
slot_new(struct costing *c)
{
	struct slot *s = malloc(sizeof *s);

	if (s != NULL)
		s->c = c;
	return s;
}

static void
set_failure(struct costing *c, const char *why)
{
	free(c->failure);
	c->failure = text_safe(why);
}

static void
on_envelopes(void *arg, long id, const struct net_envelopes *e, const struct net_error *err)
{
	struct slot *s = arg;
	struct costing *c = s->c;
	char text[400];
	size_t i;

	(void)id;
	free(s);
	if (c == NULL)
		return;
	c->envelopes = NULL;
	c->env_request = 0;
	c->env = ENV_UNKNOWN;
	if (err != NULL) {
		char *why = text_safe(app_net_error(err, text, sizeof text));

		snprintf(c->env_why, sizeof c->env_why, "%s", why ? why : "");
		free(why);
		return;
	}
	snprintf(c->env_why, sizeof c->env_why, "%s", _("no envelope for this district"));
	for (i = 0; i < e->count; i++) {
		if (e->districts[i].district == NULL || c->district_code == NULL ||
		    strcmp(e->districts[i].district, c->district_code) != 0)
			continue;
		c->env = ENV_KNOWN;
		c->envelope = e->districts[i].envelope_cents;
		c->committed = e->districts[i].committed_cents;
		c->left = e->districts[i].left_cents;
	}
}

/* Whether the proposal can be costed by this agent; why not in c->failure. */
static bool
costable(struct costing *c, const struct net_costing_proposal *pr)
{
	const struct app_agent *me = &c->view->app->agent;
	char why[600];

	if (me->role_id == NET_ROLE_REFERENT && (pr->department_code == NULL ||
	    strcmp(pr->department_code, me->department) != 0)) {
		if (pr->department_code != NULL)
			snprintf(why, sizeof why, _("Refused: proposal %lld belongs to the department "
			    "%s, not to yours (%s): only its department costs it. Nothing changed."),
			    pr->id, pr->department_code, me->department);
		else
			snprintf(why, sizeof why, _("Refused: proposal %lld is not assigned to your "
			    "department (%s): only its department costs it. Nothing changed."),
			    pr->id, me->department);
		set_failure(c, why);
		return false;
	}
	if (strcmp(pr->state, "costing") != 0 && strcmp(pr->state, "costed") != 0 &&
	    !(strcmp(pr->state, "admissible") == 0 && pr->department_code != NULL)) {
		snprintf(why, sizeof why, _("Proposal %lld is %s: only a proposal being costed, "
		    "costed, or admissible with a department can be costed. Nothing changed."),
		    pr->id, state_label(pr->state));
		set_failure(c, why);
		return false;
	}
	return true;
}

static void
on_proposal(void *arg, long id, const struct net_costing_proposal *pr,
    const struct net_error *err)
{
	struct slot *s = arg;
	struct costing *c = s->c;
	struct app *app;
	struct net_error e;
	char text[400];

	(void)id;
	free(s);
	if (c == NULL)
		return;
	app = c->view->app;
	c->get = NULL;
	c->get_request = 0;
	if (err != NULL) {
		set_failure(c, app_net_error(err, text, sizeof text));
		return;
	}
	c->id = pr->id;
	c->version = pr->version;
	c->edition = pr->edition;
	c->had_costing = pr->costed;
	c->title = text_safe(pr->title);
	c->district = text_safe(pr->district_name ? pr->district_name : pr->district_code);
	c->district_code = pr->district_code ? strdup(pr->district_code) : NULL;
	c->department = text_safe(pr->department_code ? pr->department_code : "-");
	c->state = text_safe(pr->state);
	if (c->title == NULL || c->district == NULL || c->department == NULL || c->state == NULL) {
		set_failure(c, _("out of memory"));
		return;
	}
	c->loaded = true;
	if (!costable(c, pr)) {
		app_error(app, "%s", c->failure ? c->failure : "");
		return;
	}
	if (pr->costed)
		values_from(c, &pr->costing);
	if ((c->envelopes = slot_new(c)) != NULL) {
		c->env_request = net_envelopes_get(app->net, c->edition, on_envelopes, c->envelopes,
		    &e);
		if (c->env_request < 0) {
			free(c->envelopes);
			c->envelopes = NULL;
			c->env_request = 0;
			c->env = ENV_UNKNOWN;
			snprintf(c->env_why, sizeof c->env_why, "%s", e.message);
		}
	}
	/* straight to the form, unless the agent is elsewhere meanwhile */
	if (app_top(app) == c->view && !app->form.active && !app->prompt.active &&
	    !app->confirming)
		open_form(c, F_INVESTMENT);
}

static void
forget(struct costing *c)
{
	struct net *net = c->view->app->net;

	if (c->get != NULL) {
		c->get->c = NULL;
		net_cancel(net, c->get_request);
		c->get = NULL;
	}
	if (c->envelopes != NULL) {
		c->envelopes->c = NULL;
		net_cancel(net, c->env_request);
		c->envelopes = NULL;
	}
	free(c->failure);
	free(c->title);
	free(c->district);
	free(c->district_code);
	free(c->department);
	free(c->state);
	c->failure = c->title = c->district = c->district_code = c->department = c->state = NULL;
}

static void
load(struct costing *c)
{
	struct net_error err;

	forget(c);
	c->loaded = false;
	c->env = ENV_LOADING;
	memset(c->values, 0, sizeof c->values);
	if ((c->get = slot_new(c)) == NULL) {
		set_failure(c, _("out of memory"));
		return;
	}
	c->get_request = net_costing_get(c->view->app->net, c->ids[c->at], on_proposal, c->get,
	    &err);
	if (c->get_request < 0) {
		free(c->get);
		c->get = NULL;
		c->get_request = 0;
		set_failure(c, err.message);
	}
}

/* ----- the view ----- */

static bool
costing_run(struct view *v, enum keymap_function fn, bool tagged)
{
	struct costing *c = v->data;

	(void)tagged;
	switch (fn) {
	case KEYMAP_FN_OPEN:
	case KEYMAP_FN_COSTING:
		open_form(c, F_INVESTMENT);
		return true;
	default:
		return false;
	}
}

static void
costing_close(struct view *v)
{
	struct costing *c = v->data;

	forget(c);
	free(c->ids);
	free(c);
	free(v);
}

static const struct view_ops costing_ops = {
	"costing", KEYMAP_VIEW_PROPOSAL, costing_draw, costing_run, NULL, costing_status,
	costing_close,
};

void
costing_start(struct view *v, bool tagged)
{
	struct proposals *p = v->data;
	struct app *app = v->app;
	struct list_entry *e = list_current(&p->lv.list);
	struct costing *c;
	struct view *cv;
	size_t n = tagged ? list_tagged_count(&p->lv.list) : e != NULL, i;

	if (app->agent.role_id != NET_ROLE_REFERENT && app->agent.role_id != NET_ROLE_INSTRUCTOR &&
	    app->agent.role_id != NET_ROLE_ADMIN) {
		app_error(app, "%s", _("Only referents and instructors cost proposals."));
		return;
	}
	if (n == 0) {
		app_info(app, tagged ? _("No proposal is tagged.") : _("No proposal here."));
		return;
	}
	cv = calloc(1, sizeof *cv);
	c = calloc(1, sizeof *c);
	if (cv == NULL || c == NULL || (c->ids = calloc(n, sizeof *c->ids)) == NULL) {
		free(cv);
		free(c);
		app_error(app, "%s", _("out of memory"));
		return;
	}
	if (!tagged)
		c->ids[c->nids++] = ((struct prow *)e->item)->id;
	/* in the order of the list, hidden by the limit or not */
	for (i = 0; tagged && i < p->lv.list.count && c->nids < n; i++)
		if (p->lv.list.entries[i].tagged)
			c->ids[c->nids++] = ((struct prow *)p->lv.list.entries[i].item)->id;
	c->view = cv;
	c->list = v;
	cv->ops = &costing_ops;
	cv->app = app;
	cv->data = c;
	app_push(app, cv);
	if (app_top(app) != cv)
		return;		/* too many views: already closed */
	load(c);
}
