/* The instruction of proposals from their list: admissibility (a reason of
 * pupitrerc's list and a message to the authors), assignment to a
 * department and its referent (completed from the directory), selection
 * for the vote, realisation stages. Each asks what it needs, confirms
 * naming the count, then sends one bulk request whose results land on the
 * rows (views/batch.c). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../core/i18n.h"
#include "../core/text.h"
#include "../net/instruct.h"
#include "instruct.h"
#include "proposals.h"

enum act { ACT_ADMISSIBLE, ACT_INADMISSIBLE, ACT_ASSIGN, ACT_SELECT, ACT_UNSELECT, ACT_STAGE };

/*
 * The question being asked. One at a time: the prompt, the form and the
 * confirmation each hold the keyboard until answered or cancelled, so the
 * list cannot close in between. The rows are taken only when sending.
 */
static struct {
	struct view *v;
	enum act act;
	bool tagged;
	size_t count;
	char reason[1024];
	char message[2048];
	char department[64];
	char referent[80];
	enum net_stage stage;
	int year, month, day;
	char note[2048];
} ask;

/* What an accepted item changes on its row; freed with its batch. */
struct change {
	enum act act;
	char department[64], referent[80];
	bool answered;		/* a message went to the authors */
	enum net_stage stage;
	char done[200];		/* the note of a row done */
};

/* ----- the directory: loaded once, kept for the whole run ----- */

struct dir_agent {
	char *login, *name, *department;
	bool referent;
};

static struct {
	bool loaded;
	long request;
	char **codes, **names;		/* of the departments, sanitized */
	size_t ndepartments;
	struct dir_agent *agents;
	size_t nagents;
} dir;

static void
on_directory(void *arg, long id, const struct net_directory *d, const struct net_error *err)
{
	struct app *app = arg;
	char text[400];
	size_t i;

	(void)id;
	dir.request = 0;
	if (err != NULL) {
		if (strcmp(err->code, "cancelled") != 0)
			app_error(app, "%s", app_net_error(err, text, sizeof text));
		return;
	}
	dir.codes = calloc(d->ndepartments + 1, sizeof *dir.codes);
	dir.names = calloc(d->ndepartments + 1, sizeof *dir.names);
	dir.agents = calloc(d->nagents + 1, sizeof *dir.agents);
	if (dir.codes == NULL || dir.names == NULL || dir.agents == NULL)
		goto nomem;
	for (i = 0; i < d->ndepartments; i++) {
		dir.codes[i] = text_safe(d->departments[i].code);
		dir.names[i] = text_safe(d->departments[i].name);
		if (dir.codes[i] == NULL || dir.names[i] == NULL)
			goto nomem;
		dir.ndepartments++;
	}
	for (i = 0; i < d->nagents; i++) {
		struct dir_agent *a = &dir.agents[dir.nagents];

		a->login = text_safe(d->agents[i].login);
		a->name = text_safe(d->agents[i].display_name);
		a->department = text_safe(d->agents[i].department);
		a->referent = d->agents[i].role == NET_ROLE_REFERENT;
		dir.nagents++;
		if (a->login == NULL || a->name == NULL || a->department == NULL)
			goto nomem;
	}
	dir.loaded = true;
	return;
nomem:
	/* what was copied stays, unused: the next action tries again */
	dir.ndepartments = dir.nagents = 0;
	app_error(app, "%s", _("out of memory"));
}

static void
directory_load(struct app *app)
{
	struct net_error err;
	char text[400];

	if (dir.loaded || dir.request > 0)
		return;
	dir.request = net_directory(app->net, on_directory, app, &err);
	if (dir.request < 0) {
		dir.request = 0;
		app_error(app, "%s", app_net_error(&err, text, sizeof text));
	}
}

/* ----- asking ----- */

static bool
begin(struct view *v, enum act act, bool tagged)
{
	struct proposals *p = v->data;

	memset(&ask, 0, sizeof ask);
	ask.v = v;
	ask.act = act;
	ask.tagged = tagged;
	ask.count = tagged ? list_tagged_count(&p->lv.list) : list_current(&p->lv.list) != NULL;
	if (ask.count == 0) {
		app_info(v->app, "%s", tagged ? _("No proposal is tagged.") : _("No proposal here."));
		return false;
	}
	return true;
}

/* The text without its spaces around, in place. */
static char *
trim(char *s)
{
	size_t n;

	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

/*
 * Completion over whole phrases ("not an investment"), while the prompt
 * completes the word before the cursor: the items that start with the
 * whole line typed, each given from where that word starts.
 */
static size_t
complete_line(struct app *app, const char *const *items, size_t n, const char *word,
    const char **out, size_t max)
{
	char line[2048];
	size_t len, wlen = strlen(word), start, i, k = 0;

	tui_prompt_text(&app->prompt, line, sizeof line);
	len = strlen(line);
	/* the cursor is not at the end: that word alone */
	if (len < wlen || strcmp(line + len - wlen, word) != 0) {
		snprintf(line, sizeof line, "%s", word);
		len = wlen;
	}
	start = len - wlen;
	for (i = 0; i < n && k < max; i++)
		if (strlen(items[i]) >= len && strncasecmp(items[i], line, len) == 0)
			out[k++] = items[i] + start;
	return k;
}

/* label becomes "why label" (the label alone when both do not fit). */
static void
prefix_why(char *label, size_t size, const char *why)
{
	size_t w = strlen(why), l = strlen(label);

	if (w + 1 + l + 1 > size)
		return;
	memmove(label + w + 1, label, l + 1);
	memcpy(label, why, w);
	label[w] = ' ';
}

/* Prompts with label (after why, when it is asked again: the prompt holds
 * the message line), Tab completing with complete. */
static void
ask_completing(struct app *app, const char *label, const char *why, const char *initial,
    void (*done)(struct app *, const char *, void *),
    size_t (*complete)(void *, const char *, const char **, size_t))
{
	char text[300];

	snprintf(text, sizeof text, "%s", label);
	if (why != NULL)
		prefix_why(text, sizeof text, why);
	app_prompt(app, text, initial, false, done, NULL);
	app->prompt.complete = complete;
	app->prompt.complete_ctx = app;
}

/* ----- sending ----- */

static bool
answer_awaited(const char *state)
{
	static const char *const states[] = { "admissible", "inadmissible", "merged", "selected",
		"not_selected", "winner", "not_winner" };
	size_t i;

	for (i = 0; i < sizeof states / sizeof states[0]; i++)
		if (strcmp(state, states[i]) == 0)
			return true;
	return false;
}

static void
set_state(struct prow *r, const char *state, bool answered)
{
	if (prow_set(&r->state, state) != 0)
		return;
	r->state_changed_at = time(NULL);
	/* as the server counts it: a new decided state waits for an answer */
	r->needs_answer = answer_awaited(state) && !answered;
}

/* What the server did to an accepted row, so that its columns change at
 * once; the server's rules, as 006_api_proposals.sql and 008_api_vote.sql
 * apply them. */
static void
apply(struct prow *r, const struct net_item_result *res, void *ctx)
{
	struct change *c = ctx;

	(void)res;
	switch (c->act) {
	case ACT_ADMISSIBLE:
		set_state(r, "admissible", c->answered);
		break;
	case ACT_INADMISSIBLE:
		set_state(r, "inadmissible", c->answered);
		break;
	case ACT_ASSIGN:
		/* without a referent named, one stays only in the same department */
		if (c->referent[0] != '\0' || strcmp(r->department, c->department) != 0)
			prow_set(&r->referent, c->referent);
		prow_set(&r->department, c->department);
		if (strcmp(r->state, "admissible") == 0)
			set_state(r, "costing", false);
		break;
	case ACT_SELECT:
		set_state(r, "selected", false);
		break;
	case ACT_UNSELECT:
		set_state(r, strcmp(r->state, "selected") == 0 ? "costed" : "not_selected", false);
		break;
	case ACT_STAGE:
		prow_set(&r->stage, net_stage_names[c->stage]);
		break;
	}
}

static void
send_now(struct app *app, void *unused)
{
	struct batch *b;
	struct change *c;
	struct net_error err;
	char text[400];
	long id = -1;

	(void)unused;
	if ((b = batch_new(ask.v, ask.tagged)) == NULL)
		return;
	if ((c = calloc(1, sizeof *c)) == NULL) {
		batch_free(b);
		app_error(app, "%s", _("out of memory"));
		return;
	}
	b->ctx = c;
	b->apply = apply;
	b->done = c->done;
	c->act = ask.act;
	switch (ask.act) {
	case ACT_ADMISSIBLE:
	case ACT_INADMISSIBLE: {
		struct net_admissibility_request r = { ask.act == ACT_ADMISSIBLE, ask.reason,
			ask.message, b->items, b->count };

		c->answered = ask.message[0] != '\0';
		snprintf(c->done, sizeof c->done, "%s",
		    ask.act == ACT_ADMISSIBLE ? _("admissible") : _("inadmissible"));
		id = net_admissibility(app->net, &r, batch_done, b, &err);
		break;
	}
	case ACT_ASSIGN: {
		struct net_assignment_request r = { ask.department, ask.referent, b->items, b->count };

		snprintf(c->department, sizeof c->department, "%s", ask.department);
		snprintf(c->referent, sizeof c->referent, "%s", ask.referent);
		if (ask.referent[0] != '\0')
			/* TRANSLATORS: a department's code, then a referent's login */
			snprintf(c->done, sizeof c->done, _("assigned to %s, %s"), ask.department,
			    ask.referent);
		else
			snprintf(c->done, sizeof c->done, _("assigned to %s"), ask.department);
		id = net_assignment(app->net, &r, batch_done, b, &err);
		break;
	}
	case ACT_SELECT:
	case ACT_UNSELECT: {
		struct net_selection_request r = { ask.act == ACT_SELECT, ask.reason, b->items,
			b->count };

		snprintf(c->done, sizeof c->done, "%s", ask.act == ACT_SELECT ?
		    _("selected for the vote") : _("out of the vote"));
		id = net_selection(app->net, &r, batch_done, b, &err);
		break;
	}
	case ACT_STAGE: {
		struct net_stage_request r = { ask.stage, ask.year, ask.month, ask.day, ask.note,
			b->items, b->count };

		c->stage = ask.stage;
		snprintf(c->done, sizeof c->done, _("stage: %s"),
		    stage_label(net_stage_names[ask.stage]));
		id = net_stage(app->net, &r, batch_done, b, &err);
		break;
	}
	}
	if (id < 0) {
		app_error(app, "%s", app_net_error(&err, text, sizeof text));
		batch_free(b);
		return;
	}
	batch_sent(b);
}

static void confirm_and_send(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Asks the question (fmt and its values) before an action on many
 * proposals, as pupitrerc says; then sends. */
static void
confirm_and_send(const char *fmt, ...)
{
	struct app *app = ask.v->app;
	char question[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(question, sizeof question, fmt, ap);
	va_end(ap);

	if (ask.count > 1 && keymap_option_bool(app->km, KEYMAP_OPT_CONFIRM_BULK) &&
	    (long)ask.count >= keymap_option_int(app->km, KEYMAP_OPT_CONFIRM_THRESHOLD))
		app_confirm(app, question, send_now, NULL);
	else
		send_now(app, NULL);
}

/* ----- admissible, inadmissible ----- */

void
instruct_admissible(struct view *v, bool tagged)
{
	if (!begin(v, ACT_ADMISSIBLE, tagged))
		return;
	confirm_and_send(ngettext("Declare %zu proposal admissible?",
	    "Declare %zu proposals admissible?", ask.count), ask.count);
}

/* pupitrerc's default, as keymaps/keymap.h has it: offered in the user's
 * language unless pupitrerc chose its own. */
static const char default_reasons[] = N_("outside the city's powers,not an investment,"
    "already planned,not feasible,against the rules,duplicate");

static size_t
complete_reason(void *ctx, const char *word, const char **out, size_t max)
{
	struct app *app = ctx;
	const char *const *items;
	size_t n = keymap_option_list(app->km, KEYMAP_OPT_INADMISSIBLE_REASONS, &items);

	return complete_line(app, items, n, word, out, max);
}

static void
message_done(struct app *app, const char *answer, void *ctx)
{
	(void)app;
	(void)ctx;
	snprintf(ask.message, sizeof ask.message, "%s", answer);
	confirm_and_send(ngettext("Declare %zu proposal inadmissible?",
	    "Declare %zu proposals inadmissible?", ask.count), ask.count);
}

/* The reason typed, trimmed, into ask.reason; false (said) when empty. */
static bool
take_reason(struct app *app, const char *answer)
{
	char text[1024], *reason;

	snprintf(text, sizeof text, "%s", answer);
	reason = trim(text);
	if (*reason == '\0') {
		app_info(app, "%s", _("A reason is needed: nothing done."));
		return false;
	}
	snprintf(ask.reason, sizeof ask.reason, "%s", reason);
	return true;
}

static void
reason_done(struct app *app, const char *answer, void *ctx)
{
	(void)ctx;
	if (!take_reason(app, answer))
		return;
	app_prompt(app, ngettext("Message to the author (empty: none): ",
	    "Message to the authors (empty: none): ", ask.count), "", false, message_done, NULL);
}

void
instruct_inadmissible(struct view *v, bool tagged)
{
	struct app *app = v->app;
	char err[256];

	if (!begin(v, ACT_INADMISSIBLE, tagged))
		return;
	if (strcmp(keymap_option_string(app->km, KEYMAP_OPT_INADMISSIBLE_REASONS),
	    default_reasons) == 0)
		keymap_set(app->km, KEYMAP_OPT_INADMISSIBLE_REASONS, _(default_reasons), err,
		    sizeof err);
	ask_completing(app, _("Reason of the inadmissibility (Tab completes): "), NULL, "",
	    reason_done, complete_reason);
}

/* ----- assign ----- */

/* The department typed: a code or a name, whole or its unique start; -1
 * when none, -2 when several match. */
static int
find_department(const char *typed)
{
	size_t i, len = strlen(typed);
	int found = -1;

	for (i = 0; i < dir.ndepartments; i++)
		if (strcasecmp(dir.codes[i], typed) == 0 || strcasecmp(dir.names[i], typed) == 0)
			return (int)i;
	for (i = 0; i < dir.ndepartments; i++) {
		if (strncasecmp(dir.codes[i], typed, len) != 0 &&
		    strncasecmp(dir.names[i], typed, len) != 0)
			continue;
		if (found >= 0)
			return -2;
		found = (int)i;
	}
	return found;
}

/* The referents of ask.department, as a list of logins (or NULL). */
static const char **
referents(size_t *n)
{
	const char **out = calloc(dir.nagents + 1, sizeof *out);
	size_t i;

	*n = 0;
	for (i = 0; out != NULL && i < dir.nagents; i++)
		if (dir.agents[i].referent && strcmp(dir.agents[i].department, ask.department) == 0)
			out[(*n)++] = dir.agents[i].login;
	return out;
}

static size_t
complete_referent(void *ctx, const char *word, const char **out, size_t max)
{
	struct app *app = ctx;
	size_t n, k;
	const char **logins = referents(&n);

	if (logins == NULL)
		return 0;
	k = complete_line(app, logins, n, word, out, max);
	free(logins);
	return k;
}

static size_t
complete_department(void *ctx, const char *word, const char **out, size_t max)
{
	struct app *app = ctx;
	size_t k = complete_line(app, (const char *const *)dir.codes, dir.ndepartments, word, out,
	    max);

	return k + complete_line(app, (const char *const *)dir.names, dir.ndepartments, word,
	    out + k, max - k);
}

static void ask_referent(struct app *app, const char *initial, const char *why);
static void ask_department(struct app *app, const char *initial, const char *why);

static void
referent_done(struct app *app, const char *answer, void *ctx)
{
	char text[256], *login;
	size_t n, i, match = 0;
	const char **logins;

	(void)ctx;
	snprintf(text, sizeof text, "%s", answer);
	login = trim(text);
	ask.referent[0] = '\0';
	if (*login != '\0' && dir.loaded) {
		if ((logins = referents(&n)) == NULL) {
			app_error(app, "%s", _("out of memory"));
			return;
		}
		for (i = 0; i < n; i++)
			if (strcasecmp(logins[i], login) == 0)
				break;
		if (i < n) {
			snprintf(ask.referent, sizeof ask.referent, "%s", logins[i]);
		} else {
			/* a unique start of a login */
			for (i = 0; i < n; i++)
				if (strncasecmp(logins[i], login, strlen(login)) == 0 && match++ == 0)
					snprintf(ask.referent, sizeof ask.referent, "%s", logins[i]);
		}
		free(logins);
		if (ask.referent[0] == '\0' || match > 1) {
			char why[200];

			ask.referent[0] = '\0';
			snprintf(why, sizeof why, _("%s is not a referent of %s."), login,
			    ask.department);
			ask_referent(app, login, why);
			return;
		}
	} else if (*login != '\0') {
		/* the directory is not there: the server checks the login */
		snprintf(ask.referent, sizeof ask.referent, "%s", login);
	}
	send_now(app, NULL);
}

/* The prompt's label says why it is asked again (why: NULL the first time):
 * the prompt holds the message line. */
static void
ask_referent(struct app *app, const char *initial, const char *why)
{
	char label[300];

	/* TRANSLATORS: a department's code */
	snprintf(label, sizeof label, _("Referent of %s (Tab completes, empty: none): "),
	    ask.department);
	ask_completing(app, label, why, initial, referent_done, complete_referent);
}

static void
department_done(struct app *app, const char *answer, void *ctx)
{
	char text[256], *typed;
	int i;

	(void)ctx;
	snprintf(text, sizeof text, "%s", answer);
	typed = trim(text);
	if (*typed == '\0') {
		app_info(app, "%s", _("A department is needed: nothing done."));
		return;
	}
	if (!dir.loaded) {
		/* the server knows the codes: it says when one is not */
		snprintf(ask.department, sizeof ask.department, "%s", typed);
	} else if ((i = find_department(typed)) < 0) {
		char why[200];

		if (i == -2)
			snprintf(why, sizeof why, _("Several departments match %s."), typed);
		else
			snprintf(why, sizeof why, _("No department matches %s."), typed);
		ask_department(app, typed, why);
		return;
	} else {
		snprintf(ask.department, sizeof ask.department, "%s", dir.codes[i]);
	}
	ask_referent(app, "", NULL);
}

static void
ask_department(struct app *app, const char *initial, const char *why)
{
	char label[300];

	snprintf(label, sizeof label, ngettext("Assign %zu proposal to the department "
	    "(Tab completes): ", "Assign %zu proposals to the department (Tab completes): ",
	    ask.count), ask.count);
	ask_completing(app, label, why, initial, department_done, complete_department);
}

void
instruct_assign(struct view *v, bool tagged)
{
	if (!begin(v, ACT_ASSIGN, tagged))
		return;
	directory_load(v->app);
	ask_department(v->app, "", NULL);
}

/* ----- select, unselect ----- */

void
instruct_select(struct view *v, bool tagged)
{
	if (!begin(v, ACT_SELECT, tagged))
		return;
	confirm_and_send(ngettext("Select %zu project for the vote?",
	    "Select %zu projects for the vote?", ask.count), ask.count);
}

static void
unselect_reason_done(struct app *app, const char *answer, void *ctx)
{
	(void)ctx;
	if (take_reason(app, answer))
		confirm_and_send(ngettext("Take %zu project out of the vote?",
		    "Take %zu projects out of the vote?", ask.count), ask.count);
}

void
instruct_unselect(struct view *v, bool tagged)
{
	if (!begin(v, ACT_UNSELECT, tagged))
		return;
	app_prompt(v->app, _("Why out of the vote (kept with the project): "), "", false,
	    unselect_reason_done, NULL);
}

/* ----- stage ----- */

/* The stage typed: a code or its words in the user's language, whole or
 * its unique start; -1 when none, -2 when several match. */
static int
find_stage(const char *typed)
{
	size_t len = strlen(typed);
	int i, found = -1;

	for (i = 0; i < NET_STAGES; i++)
		if (strcasecmp(net_stage_names[i], typed) == 0 ||
		    strcasecmp(stage_label(net_stage_names[i]), typed) == 0)
			return i;
	for (i = 0; i < NET_STAGES; i++) {
		if (strncasecmp(net_stage_names[i], typed, len) != 0 &&
		    strncasecmp(stage_label(net_stage_names[i]), typed, len) != 0)
			continue;
		if (found >= 0 && found != i)
			return -2;
		found = i;
	}
	return found;
}

/* YYYY-MM-DD or DD/MM/YYYY, a day of the calendar; empty is today. */
static bool
parse_date(const char *s, int *y, int *m, int *d)
{
	struct tm tm;
	time_t now;
	char extra;

	if (*s == '\0') {
		now = time(NULL);
		if (localtime_r(&now, &tm) == NULL)
			return false;
		*y = tm.tm_year + 1900;
		*m = tm.tm_mon + 1;
		*d = tm.tm_mday;
		return true;
	}
	if (sscanf(s, "%4d-%2d-%2d%c", y, m, d, &extra) != 3 &&
	    sscanf(s, "%2d/%2d/%4d%c", d, m, y, &extra) != 3)
		return false;
	if (*y < 2000 || *y > 2100 || *m < 1 || *m > 12 || *d < 1 || *d > 31)
		return false;
	/* the 31st of April becomes the 1st of May: not a day of the calendar */
	memset(&tm, 0, sizeof tm);
	tm.tm_year = *y - 1900;
	tm.tm_mon = *m - 1;
	tm.tm_mday = *d;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	return mktime(&tm) != (time_t)-1 && tm.tm_mday == *d && tm.tm_mon == *m - 1;
}

static void open_stage_form(struct app *app, const char *stage, const char *date,
    const char *note);

/* Every stage in the user's words, for the messages. */
static void
stage_choices(char *out, size_t size)
{
	size_t used = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < NET_STAGES && used < size; i++) {
		snprintf(out + used, size - used, "%s%s", i ? ", " : "",
		    stage_label(net_stage_names[i]));
		used += strlen(out + used);
	}
}

static void
stage_done(struct app *app, struct tui_form *form, void *ctx)
{
	char stage_text[128], date_text[64], note[2048], choices[256], *typed;
	int stage;

	(void)ctx;
	tui_form_value(form, 0, stage_text, sizeof stage_text);
	tui_form_value(form, 1, date_text, sizeof date_text);
	tui_form_value(form, 2, note, sizeof note);
	typed = trim(stage_text);
	stage = *typed ? find_stage(typed) : -1;
	if (stage < 0) {
		open_stage_form(app, typed, date_text, note);
		app->form.current = 0;
		stage_choices(choices, sizeof choices);
		if (stage == -2)
			app_error(app, _("Several stages match %s: %s."), typed, choices);
		else
			app_error(app, _("Give the stage: %s."), choices);
		return;
	}
	if (!parse_date(trim(date_text), &ask.year, &ask.month, &ask.day)) {
		open_stage_form(app, stage_label(net_stage_names[stage]), date_text, note);
		app->form.current = 1;
		app_error(app, "%s", _("Give the date as YYYY-MM-DD or DD/MM/YYYY."));
		return;
	}
	if (stage == NET_STAGE_ABANDONED && *trim(note) == '\0') {
		open_stage_form(app, stage_label(net_stage_names[stage]), date_text, note);
		app->form.current = 2;
		app_error(app, "%s", _("Abandoning a project needs a public note saying why."));
		return;
	}
	ask.stage = (enum net_stage)stage;
	snprintf(ask.note, sizeof ask.note, "%s", trim(note));
	/* TRANSLATORS: the stage, then the count */
	confirm_and_send(ngettext("Record the stage %s of %zu project?",
	    "Record the stage %s of %zu projects?", ask.count),
	    stage_label(net_stage_names[stage]), ask.count);
}

static void
open_stage_form(struct app *app, const char *stage, const char *date, const char *note)
{
	char title[160];

	snprintf(title, sizeof title, ngettext("The stage of %zu project (Enter: next field, "
	    "Esc: cancel)", "The stage of %zu projects (Enter: next field, Esc: cancel)",
	    ask.count), ask.count);
	tui_form_start(&app->form, title);
	tui_form_add(&app->form, _("Stage (its first letters are enough): "), stage);
	tui_form_add(&app->form, _("Date (YYYY-MM-DD or DD/MM/YYYY): "), date);
	tui_form_add(&app->form, _("Public note (required when abandoned): "), note);
	app_form(app, stage_done, NULL);
}

void
instruct_stage(struct view *v, bool tagged)
{
	struct proposals *p = v->data;
	struct list_entry *e;
	const char *next = "";
	char today[16];
	struct tm tm;
	time_t now = time(NULL);
	int i;

	if (!begin(v, ACT_STAGE, tagged))
		return;
	/* one project: the stage after its own */
	if (!tagged && (e = list_current(&p->lv.list)) != NULL) {
		const struct prow *r = e->item;

		for (i = 0; i + 1 < NET_STAGE_ABANDONED; i++)
			if (strcmp(r->stage, net_stage_names[i]) == 0)
				next = stage_label(net_stage_names[i + 1]);
	}
	today[0] = '\0';
	if (localtime_r(&now, &tm) != NULL)
		strftime(today, sizeof today, "%Y-%m-%d", &tm);
	open_stage_form(v->app, next, today, "");
}
