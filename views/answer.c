/* Answers to the authors of proposals: r on the cursor's proposal or on
 * every tagged one, a template chosen by name or a text written in the
 * editor, the preview of what each author gets, then the send, applied
 * once: a send that failed is kept with its key and sent again as it was. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <wchar.h>

#include "../core/format.h"
#include "../core/i18n.h"
#include "../core/template.h"
#include "../core/text.h"
#include "../net/answers.h"
#include "../tui/suspend.h"
#include "proposals.h"

/* The longest text read back from the editor. */
#define EDITOR_MAX (1u << 20)

/*
 * One send of answers: what went out and under which key. In flight it
 * is the request's; after a failure it is kept (the list below), so that
 * r on the same proposals sends it again, the same, with the same key.
 */
struct sending {
	struct sending *next;
	char key[33];
	struct net_target *targets;	/* in the order sent */
	size_t count;
	long long template_id;		/* 0: body is the agent's own text */
	char *body;
	struct batch *batch;		/* the rows, while in flight */
	bool in_flight;
	long serial;			/* names it in a question */
};

static struct sending *sendings;	/* in flight and kept */

static void
sending_free(struct sending *s)
{
	if (s == NULL)
		return;
	free(s->targets);
	free(s->body);
	free(s);
}

static void
sending_unlink(struct sending *s)
{
	struct sending **link;

	for (link = &sendings; *link != NULL; link = &(*link)->next) {
		if (*link == s) {
			*link = s->next;
			return;
		}
	}
}

static void
sendings_free_all(void)
{
	while (sendings != NULL) {
		struct sending *s = sendings;

		sendings = s->next;
		sending_free(s);
	}
}

/* Adds s to the sendings; what is kept at the end goes with the program. */
static void
sending_track(struct sending *s)
{
	static bool registered;
	static long serials;

	s->serial = ++serials;
	if (!registered && atexit(sendings_free_all) == 0)
		registered = true;
	s->next = sendings;
	sendings = s;
}

static bool
has_target(const struct sending *s, long long id)
{
	size_t i;

	for (i = 0; i < s->count; i++)
		if (s->targets[i].id == id)
			return true;
	return false;
}

/* A kept send to exactly these proposals, in any order; NULL when none. */
static struct sending *
kept_for(const struct net_target *targets, size_t count)
{
	struct sending *s;
	size_t i;

	for (s = sendings; s != NULL; s = s->next) {
		if (s->in_flight || s->count != count)
			continue;
		for (i = 0; i < count && has_target(s, targets[i].id); i++)
			;
		if (i == count)
			return s;
	}
	return NULL;
}

/* How many of targets are in a send in flight (in_flight) or kept. */
static size_t
overlap(const struct net_target *targets, size_t count, bool in_flight)
{
	struct sending *s;
	size_t i, n = 0;

	for (i = 0; i < count; i++)
		for (s = sendings; s != NULL; s = s->next)
			if (s->in_flight == in_flight && has_target(s, targets[i].id)) {
				n++;
				break;
			}
	return n;
}

/* ----- the view: choosing, writing, the preview ----- */

enum stage { ST_TEMPLATES, ST_CHOOSE, ST_TEXT_ERRORS, ST_PREVIEWING, ST_PREVIEW };

struct template {
	long long id;
	char *name;	/* raw: what the agent types */
	char *body;
};

struct answer {
	struct app *app;
	struct view *view;	/* this view */
	struct view *list;	/* the proposals below, open as long as this view is */
	struct tui_pager pager;
	char title[256];
	int rows;
	enum stage stage;
	long request;		/* templates or preview in flight, 0 when none */
	struct net_target *targets;
	size_t count;
	struct template *templates;
	size_t ntemplates;
	long long template_id;	/* the one chosen; 0: the agent's own text */
	char *template_name;
	char *body;		/* the agent's own text */
	size_t can_send;	/* of the preview */
	bool tagged;		/* on the tagged rows, not the cursor's */
};

/* The view open, for the callbacks of its requests: closing it sets this
 * to NULL, and a late answer then finds nothing to fill. */
static struct answer *current;

static void
add_line(struct answer *a, const char *text)
{
	char *safe = text_sanitize(text, strlen(text), 1), *start, *nl;

	if (safe == NULL)
		return;
	for (start = safe;; start = nl + 1) {
		nl = strchr(start, '\n');
		if (nl != NULL)
			*nl = '\0';
		if (tui_pager_add(&a->pager, start) != 0 || nl == NULL)
			break;
	}
	free(safe);
}

static void add_linef(struct answer *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
add_linef(struct answer *a, const char *fmt, ...)
{
	char line[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	add_line(a, line);
}

/* One line of text, indented and wrapped at the screen's width: the
 * preview is read whole, nothing may go past the edge unseen. */
static void
add_wrapped(struct answer *a, const char *line, int width)
{
	char out[4096];
	const char *p = line;
	size_t used;
	int cells;

	do {
		used = (size_t)snprintf(out, sizeof out, "    ");
		cells = 0;
		while (*p != '\0') {
			size_t len = strcspn(p, " "), spaces = strspn(p + len, " ");
			char word[2048];
			int w;

			snprintf(word, sizeof word, "%.*s", (int)len, p);
			w = text_width(word);
			/* a word too long for a line has one of its own, cut by the screen */
			if (cells > 0 && cells + 1 + w > width)
				break;
			if (used + len + 2 >= sizeof out)
				break;
			used += (size_t)snprintf(out + used, sizeof out - used, "%s%s",
			    cells > 0 ? " " : "", word);
			cells += (cells > 0) + w;
			p += len + spaces;
		}
		add_line(a, out);
	} while (*p != '\0');
}

/* Each line of text (made safe first), indented and wrapped. */
static void
add_indented(struct answer *a, const char *text)
{
	char *safe = text_sanitize(text, strlen(text), 1), *start, *nl;
	int width = tui_cols() - 6 > 20 ? tui_cols() - 6 : 20;

	if (safe == NULL)
		return;
	for (start = safe;; start = nl + 1) {
		nl = strchr(start, '\n');
		if (nl != NULL)
			*nl = '\0';
		add_wrapped(a, start, width);
		if (nl == NULL)
			break;
	}
	free(safe);
}

static void
set_title(struct answer *a, const char *title)
{
	char *safe = text_sanitize(title, strlen(title), 0);

	snprintf(a->title, sizeof a->title, "%s", safe ? safe : "");
	free(safe);
}

static const char *
row_title(struct answer *a, long long id)
{
	struct prow *r = proposals_find(a->list->data, id);

	return r != NULL ? r->title : "";
}

static void ask_template(struct answer *a);
static void write_text(struct answer *a);

static void
answer_draw(struct view *v, int y0, int rows)
{
	struct answer *a = v->data;

	a->rows = rows - 1;
	tui_put(y0, 0, a->title, tui_cols(), TUI_HEADER, true);
	tui_pager_draw(&a->pager, y0 + 1, rows - 1);
}

static void
answer_status(struct view *v, char *buf, size_t size)
{
	struct answer *a = v->data;

	switch (a->stage) {
	case ST_TEMPLATES:
	case ST_PREVIEWING:
		snprintf(buf, size, "%s", _("Answers: wait for the server (Esc cancels)"));
		break;
	case ST_CHOOSE:
		snprintf(buf, size, "%s", _("Answers: r chooses a template, q goes back"));
		break;
	case ST_TEXT_ERRORS:
		snprintf(buf, size, "%s", _("Answers: r edits the text again, q goes back"));
		break;
	case ST_PREVIEW:
		snprintf(buf, size, ngettext(
		    "Preview: r sends %zu answer, q goes back without sending",
		    "Preview: r sends %zu answers, q goes back without sending", a->can_send),
		    a->can_send);
		break;
	}
}

/* ----- sending ----- */

/* An answer sent: its author no longer waits for one. */
static void
answered(struct prow *r, const struct net_item_result *res, void *ctx)
{
	(void)res;
	(void)ctx;
	r->needs_answer = false;
}

/* Tags again the rows of a send that failed, so that ;r sends it again. */
static void
retag(struct view *list, const struct sending *s)
{
	struct proposals *p = list->data;
	size_t i;

	for (i = 0; i < p->lv.list.count; i++) {
		struct prow *r = p->lv.list.entries[i].item;

		if (r->result == PROW_FAILED && has_target(s, r->id))
			p->lv.list.entries[i].tagged = true;
	}
}

static void
on_sent(void *arg, long id, const struct net_answer_sent *sent, const struct net_error *err)
{
	struct sending *s = arg;
	struct batch *b = s->batch;
	struct app *app = b->app;
	struct view *list = b->v;
	struct net_decision d;
	char text[400];
	size_t i;

	s->in_flight = false;
	s->batch = NULL;
	if (err != NULL) {
		/* it may have been applied: kept as it is, to be sent again with its key */
		batch_done(b, id, NULL, err);
		if (list != NULL)
			retag(list, s);
		app_error(app, ngettext(
		    "Not confirmed: ;r sends the %zu answer again, nobody gets it twice (%s)",
		    "Not confirmed: ;r sends the %zu answers again, nobody gets one twice (%s)",
		    s->count), s->count, app_net_error(err, text, sizeof text));
		return;
	}
	memset(&d, 0, sizeof d);
	d.batch_id = sent->batch_id;
	d.count = sent->count;
	d.results = calloc(sent->count + 1, sizeof *d.results);
	if (d.results == NULL)
		d.count = 0;
	for (i = 0; i < d.count; i++) {
		const struct net_answer_result *res = &sent->results[i];
		struct prow *r = list != NULL ? proposals_find(list->data, res->target.id) : NULL;

		d.results[i].target = res->target;
		d.results[i].status = res->status;
		/* an answer does not change the proposal */
		d.results[i].version = r != NULL ? r->version : 0;
		d.results[i].message = res->message;
	}
	memcpy(d.counts, sent->counts, sizeof d.counts);
	batch_done(b, id, &d, NULL);
	free(d.results);
	if (sent->counts[NET_ITEM_INVALID] == 0)
		app_info(app, ngettext("%zu answer sent.", "%zu answers sent.",
		    sent->counts[NET_ITEM_OK]), sent->counts[NET_ITEM_OK]);
	else
		app_error(app, ngettext("%zu answer sent, %zu not sent: see the rows.",
		    "%zu answers sent, %zu not sent: see the rows.", sent->counts[NET_ITEM_OK]),
		    sent->counts[NET_ITEM_OK], sent->counts[NET_ITEM_INVALID]);
	sending_unlink(s);
	sending_free(s);
}

/*
 * Sends s (in the list of sendings, in flight from now) on the rows of
 * list: each row pending, then answered or failed. -1 with the error
 * shown when nothing could be sent; s stays as it was.
 */
static int
send(struct app *app, struct view *list, struct sending *s, bool tagged)
{
	struct net_answer_request req = { s->targets, s->count, s->template_id, s->body, s->key };
	struct batch *b = calloc(1, sizeof *b);
	struct net_error err;
	char text[400];
	size_t i, found = 0;
	long request;

	if (b == NULL || (b->rows = calloc(s->count, sizeof *b->rows)) == NULL ||
	    (b->items = calloc(s->count, sizeof *b->items)) == NULL) {
		batch_free(b);
		app_error(app, "%s", _("out of memory"));
		return -1;
	}
	b->app = app;
	b->v = list;
	b->tagged = tagged;	/* the tags are used up */
	b->done = _("answered");
	b->apply = answered;
	for (i = 0; i < s->count; i++) {
		struct prow *r = proposals_find(list->data, s->targets[i].id);

		b->items[i].target = s->targets[i];
		b->items[i].version = r != NULL ? r->version : 0;
		if (r != NULL)
			b->rows[found++] = r;
	}
	request = net_answer_send(app->net, &req, on_sent, s, &err);
	if (request < 0) {
		batch_free(b);
		app_error(app, "%s", app_net_error(&err, text, sizeof text));
		return -1;
	}
	/* the rows still in the list turn pending; a failure marks every target */
	b->count = found;
	batch_sent(b);
	b->count = s->count;
	s->batch = b;
	s->in_flight = true;
	return 0;
}

static struct sending *
sending_new(struct answer *a, struct net_error *err)
{
	struct sending *s = calloc(1, sizeof *s);

	if (s == NULL || (s->targets = calloc(a->count, sizeof *s->targets)) == NULL ||
	    (a->body != NULL && a->template_id == 0 && (s->body = strdup(a->body)) == NULL)) {
		sending_free(s);
		snprintf(err->message, sizeof err->message, "%s", _("out of memory"));
		return NULL;
	}
	if (net_answer_key(s->key, err) != 0) {
		sending_free(s);
		return NULL;
	}
	memcpy(s->targets, a->targets, a->count * sizeof *s->targets);
	s->count = a->count;
	s->template_id = a->template_id;
	return s;
}

static void
send_yes(struct app *app, void *ctx)
{
	struct answer *a = ctx;
	struct view *list = a->list;
	struct net_error err;
	struct sending *s;

	if ((s = sending_new(a, &err)) == NULL) {
		app_error(app, "%s", err.message);
		return;
	}
	sending_track(s);
	if (send(app, list, s, a->tagged) != 0) {
		sending_unlink(s);
		sending_free(s);
		return;
	}
	/* back to the list, where the rows show how the send goes */
	if (app_top(app) == a->view)
		app_pop(app);
	app_info(app, ngettext("Sending %zu answer...", "Sending %zu answers...", s->count),
	    s->count);
}

/* ----- the preview ----- */

/* Why the server cannot answer a target, in the user's words when it is
 * a known reason; its own words otherwise. */
static const struct {
	const char *server;
	const char *message;
} item_messages[] = {
	{ "no such proposal", N_("no such proposal") },
	{ "no such comment", N_("no such comment") },
};

static const char *
item_message(const char *message)
{
	size_t i;

	if (message == NULL)
		return _("refused");
	for (i = 0; i < sizeof item_messages / sizeof item_messages[0]; i++)
		if (strcmp(message, item_messages[i].server) == 0)
			return _(item_messages[i].message);
	return message;
}

static void
on_preview(void *arg, long id, const struct net_answer_preview *p, const struct net_error *err)
{
	struct answer *a = current;
	char text[400], line[512];
	size_t i, kept;

	(void)arg;
	if (a == NULL || id != a->request)
		return;		/* the view was closed, or a newer request replaced it */
	a->request = 0;
	tui_pager_clear(&a->pager);
	if (err != NULL) {
		a->stage = a->template_id > 0 ? ST_CHOOSE : ST_TEXT_ERRORS;
		set_title(a, _("Answers: the preview failed"));
		add_line(a, app_net_error(err, text, sizeof text));
		add_line(a, "");
		add_line(a, a->template_id > 0 ? _("Press r to choose a template again.") :
		    _("Press r to edit the text again."));
		app_error(a->app, "%s", app_net_error(err, text, sizeof text));
		return;
	}
	a->can_send = p->counts[NET_ITEM_OK];
	a->stage = ST_PREVIEW;
	snprintf(line, sizeof line, ngettext("Preview of %zu answer", "Preview of %zu answers",
	    p->count), p->count);
	set_title(a, line);
	if (a->template_id > 0)
		add_linef(a, _("Template: %s"), a->template_name);
	else
		add_line(a, _("Your own text"));
	add_linef(a, ngettext("%zu answer will be sent.", "%zu answers will be sent.",
	    a->can_send), a->can_send);
	if (p->counts[NET_ITEM_OK] < p->count)
		add_linef(a, ngettext("%zu proposal cannot be answered: see below.",
		    "%zu proposals cannot be answered: see below.", p->count - a->can_send),
		    p->count - a->can_send);
	kept = overlap(a->targets, a->count, false);
	if (kept > 0)
		add_linef(a, ngettext("Careful: %zu of these proposals is in a send that failed; "
		    "its author may have had that answer already.",
		    "Careful: %zu of these proposals are in sends that failed; "
		    "their authors may have had those answers already.", kept), kept);
	add_line(a, a->can_send > 0 ? _("Press r to send, q to go back without sending.") :
	    _("Nothing can be sent: press q to go back."));
	for (i = 0; i < p->count; i++) {
		const struct net_answer_preview_item *it = &p->items[i];

		add_line(a, "");
		add_linef(a, "#%lld  %s", it->target.id, row_title(a, it->target.id));
		if (it->status != NET_ITEM_OK) {
			add_linef(a, _("    Not sent: %s"), item_message(it->message));
			continue;
		}
		add_linef(a, _("    To: %s"), it->citizen_name ? it->citizen_name : "?");
		add_indented(a, it->body ? it->body : "");
	}
	app_info(a->app, ngettext("Preview ready: r sends %zu answer.",
	    "Preview ready: r sends %zu answers.", a->can_send), a->can_send);
}

static void
preview(struct answer *a)
{
	struct net_answer_request req = { a->targets, a->count, a->template_id, a->body, NULL };
	struct net_error err;
	char text[400], line[256];
	long request;

	request = net_answer_preview(a->app->net, &req, on_preview, NULL, &err);
	if (request < 0) {
		app_error(a->app, "%s", app_net_error(&err, text, sizeof text));
		return;
	}
	a->request = request;
	a->stage = ST_PREVIEWING;
	tui_pager_clear(&a->pager);
	snprintf(line, sizeof line, ngettext("Preparing the preview of %zu answer...",
	    "Preparing the preview of %zu answers...", a->count), a->count);
	set_title(a, line);
	add_line(a, line);
}

/* ----- the agent's own text, in the editor ----- */

static const char *
editor_command(struct app *app)
{
	const char *e = keymap_option_string(app->km, KEYMAP_OPT_EDITOR);

	if (e == NULL || *e == '\0')
		e = getenv("VISUAL");
	if (e == NULL || *e == '\0')
		e = getenv("EDITOR");
	return e != NULL && *e != '\0' ? e : "vi";
}

static int
write_file(int fd, const char *text)
{
	size_t n = strlen(text);

	while (n > 0) {
		ssize_t w = write(fd, text, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		text += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The file's text, its trailing blanks dropped (editors end with a newline). */
static char *
read_text(const char *path, char *why, size_t size)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	if (f == NULL) {
		snprintf(why, size, _("cannot read %s: %s"), path, strerror(errno));
		return NULL;
	}
	if ((buf = malloc(EDITOR_MAX + 1)) == NULL) {
		fclose(f);
		snprintf(why, size, "%s", _("out of memory"));
		return NULL;
	}
	n = fread(buf, 1, EDITOR_MAX + 1, f);
	fclose(f);
	if (n > EDITOR_MAX) {
		free(buf);
		snprintf(why, size, "%s", _("the text is too long to be an answer"));
		return NULL;
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' ' ||
	    buf[n - 1] == '\t'))
		n--;
	buf[n] = '\0';
	return buf;
}

/* The text has mistakes: each one shown with where it is, then the text. */
static void
show_errors(struct answer *a, const struct template_error *errors, size_t n, size_t shown)
{
	const char *start = a->body, *nl;
	size_t i, line = 1;

	a->stage = ST_TEXT_ERRORS;
	tui_pager_clear(&a->pager);
	set_title(a, _("Answers: the text has mistakes"));
	for (i = 0; i < shown; i++)
		add_linef(a, _("Line %zu, column %zu: %s"), errors[i].line, errors[i].column,
		    errors[i].message);
	if (n > shown)
		add_linef(a, ngettext("... and %zu more mistake.", "... and %zu more mistakes.",
		    n - shown), n - shown);
	add_linef(a, "%s", _("Press r to edit the text again, q to go back."));
	add_line(a, "");
	for (;; line++) {
		nl = strchr(start, '\n');
		add_linef(a, "%4zu  %.*s", line, (int)(nl ? (size_t)(nl - start) : strlen(start)),
		    start);
		if (nl == NULL)
			break;
		start = nl + 1;
	}
	app_error(a->app, ngettext("The text has %zu mistake: r edits it again.",
	    "The text has %zu mistakes: r edits it again.", n), n);
}

/* Checks the text as the server will read it, then asks for its preview. */
static void
check_and_preview(struct answer *a, const char *text)
{
	struct template_error errors[20];
	size_t n = template_check(text, errors, 20);

	if (n > 0) {
		show_errors(a, errors, n, n < 20 ? n : 20);
		return;
	}
	preview(a);
}

static void
write_text(struct answer *a)
{
	struct app *app = a->app;
	const char *dir = getenv("TMPDIR");
	char path[512], why[300], *text;
	int fd, status;

	if (app->script != NULL || !tui_active()) {
		app_error(app, "%s", _("No editor in a scripted run: there is no terminal to run "
		    "it on. Choose a template instead."));
		a->stage = ST_CHOOSE;
		return;
	}
	snprintf(path, sizeof path, "%s/pupitre-answer-XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0) {
		app_error(app, _("cannot make a file for the editor: %s"), strerror(errno));
		return;
	}
	/* what was written before comes back, to be corrected */
	if (write_file(fd, a->body ? a->body : "") != 0 || (a->body && write_file(fd, "\n") != 0)) {
		app_error(app, _("cannot write %s: %s"), path, strerror(errno));
		close(fd);
		unlink(path);
		return;
	}
	close(fd);
	status = tui_run_command(editor_command(app), path, why, sizeof why);
	text = status == 0 ? read_text(path, why, sizeof why) : NULL;
	unlink(path);
	if (status != 0) {
		if (status > 0)
			app_error(app, _("The editor ended with status %d: nothing sent."), status);
		else
			app_error(app, _("The editor could not run: %s"), why);
		return;
	}
	if (text == NULL) {
		app_error(app, "%s", why);
		return;
	}
	if (text[strspn(text, " \t\r\n")] == '\0') {
		free(text);
		if (app_top(app) == a->view)
			app_pop(app);	/* this view: current is no more */
		app_info(app, "%s", _("The text is empty: nothing sent."));
		return;
	}
	free(a->body);
	a->body = text;
	a->template_id = 0;
	check_and_preview(a, a->body);
}

/* ----- choosing a template ----- */

/* The candidates for the whole line before the cursor (names have
 * spaces): each given from where the prompt's last word starts. */
static size_t
complete_template(void *ctx, const char *word, const char **out, size_t max)
{
	struct answer *a = ctx;
	const struct tui_prompt *p = &a->app->prompt;
	const wchar_t *src = p->text;
	char line[2048];
	size_t n, skip, k = 0, i;
	mbstate_t st;
	const char *own = _("write my own");

	memset(&st, 0, sizeof st);
	n = wcsnrtombs(line, &src, p->pos, sizeof line - 1, &st);
	line[n == (size_t)-1 ? 0 : n] = '\0';
	n = strlen(line);
	skip = n >= strlen(word) ? n - strlen(word) : 0;
	for (i = 0; i < a->ntemplates && k < max; i++)
		if (strncmp(a->templates[i].name, line, n) == 0)
			out[k++] = a->templates[i].name + skip;
	if (k < max && strncmp(own, line, n) == 0)
		out[k++] = own + skip;
	return k;
}

static const struct template *
find_template(struct answer *a, const char *name)
{
	size_t i;

	for (i = 0; i < a->ntemplates; i++)
		if (strcmp(a->templates[i].name, name) == 0)
			return &a->templates[i];
	/* typed in another case: fine when only one matches */
	for (i = 0; i < a->ntemplates; i++)
		if (strcasecmp(a->templates[i].name, name) == 0)
			return &a->templates[i];
	return NULL;
}

static void
template_done(struct app *app, const char *answer, void *ctx)
{
	struct answer *a = ctx;
	const struct template *t;
	char name[512];
	size_t n;

	snprintf(name, sizeof name, "%s", answer + strspn(answer, " "));
	n = strlen(name);
	while (n > 0 && name[n - 1] == ' ')
		name[--n] = '\0';
	if (n == 0) {
		app_info(app, "%s", _("Nothing sent: r chooses a template, ! in the prompt writes "
		    "your own text."));
		return;
	}
	if (strcmp(name, "!") == 0 || strcmp(name, _("write my own")) == 0) {
		write_text(a);
		return;
	}
	if ((t = find_template(a, name)) == NULL) {
		ask_template(a);
		tui_prompt_start(&app->prompt, app->prompt.label, name, false);
		app_error(app, _("No template is named \"%s\": Tab lists them."), name);
		return;
	}
	free(a->template_name);
	if ((a->template_name = strdup(t->name)) == NULL) {
		app_error(app, "%s", _("out of memory"));
		return;
	}
	a->template_id = t->id;
	check_and_preview(a, t->body);
}

/* Whether the agent is looking at this view with nothing else asked: an
 * answer that comes late must not open a prompt over another view. */
static bool
in_front(const struct answer *a)
{
	const struct app *app = a->app;

	return app_top(a->app) == a->view && !app->prompt.active && !app->form.active &&
	    !app->confirming;
}

static void
ask_template(struct answer *a)
{
	a->stage = ST_CHOOSE;
	if (!in_front(a))
		return;		/* r asks, once the agent is back here */
	app_prompt(a->app, _("Template (Tab completes, ! writes your own): "),
	    a->template_id > 0 && a->template_name ? a->template_name : "", false, template_done,
	    a);
	a->app->prompt.complete = complete_template;
	a->app->prompt.complete_ctx = a;
}

static void
on_templates(void *arg, long id, const struct net_template_list *l, const struct net_error *err)
{
	struct answer *a = current;
	char text[400];
	size_t i;

	(void)arg;
	if (a == NULL || id != a->request)
		return;
	a->request = 0;
	tui_pager_clear(&a->pager);
	if (err != NULL) {
		/* one's own text needs no template */
		add_line(a, app_net_error(err, text, sizeof text));
		app_error(a->app, "%s", app_net_error(err, text, sizeof text));
		ask_template(a);
		return;
	}
	a->templates = calloc(l->count + 1, sizeof *a->templates);
	for (i = 0; a->templates != NULL && i < l->count; i++) {
		struct template *t = &a->templates[a->ntemplates];

		t->id = l->items[i].id;
		t->name = strdup(l->items[i].name);
		t->body = strdup(l->items[i].body);
		if (t->name == NULL || t->body == NULL) {
			free(t->name);
			free(t->body);
			continue;
		}
		a->ntemplates++;
	}
	add_linef(a, ngettext("%zu template:", "%zu templates:", a->ntemplates), a->ntemplates);
	for (i = 0; i < a->ntemplates; i++) {
		add_line(a, "");
		add_linef(a, "  %s", a->templates[i].name);
		add_indented(a, a->templates[i].body);
	}
	ask_template(a);
}

/* ----- the view ----- */

static bool
answer_run(struct view *v, enum keymap_function fn, bool tagged)
{
	struct answer *a = v->data;
	int page = a->rows > 1 ? a->rows : 1;
	char question[256];

	(void)tagged;
	switch (fn) {
	case KEYMAP_FN_MOVE_DOWN:
	case KEYMAP_FN_LINE_DOWN:
		tui_pager_scroll(&a->pager, 1, page);
		return true;
	case KEYMAP_FN_MOVE_UP:
	case KEYMAP_FN_LINE_UP:
		tui_pager_scroll(&a->pager, -1, page);
		return true;
	case KEYMAP_FN_PAGE_DOWN:
		tui_pager_scroll(&a->pager, page, page);
		return true;
	case KEYMAP_FN_PAGE_UP:
		tui_pager_scroll(&a->pager, -page, page);
		return true;
	case KEYMAP_FN_HALF_PAGE_DOWN:
		tui_pager_scroll(&a->pager, page / 2, page);
		return true;
	case KEYMAP_FN_HALF_PAGE_UP:
		tui_pager_scroll(&a->pager, -page / 2, page);
		return true;
	case KEYMAP_FN_FIRST:
		a->pager.top = 0;
		return true;
	case KEYMAP_FN_LAST:
		tui_pager_scroll(&a->pager, (long)a->pager.count, page);
		return true;
	case KEYMAP_FN_OPEN:
		return true;
	case KEYMAP_FN_ANSWER:
		break;
	default:
		return false;
	}
	switch (a->stage) {
	case ST_CHOOSE:
		ask_template(a);
		break;
	case ST_TEXT_ERRORS:
		write_text(a);
		break;
	case ST_PREVIEW:
		if (a->can_send == 0) {
			app_info(v->app, "%s", _("Nothing can be sent: press q to go back."));
			break;
		}
		snprintf(question, sizeof question,
		    ngettext("Send %zu answer?", "Send %zu answers?", a->can_send), a->can_send);
		app_confirm(v->app, question, send_yes, a);
		break;
	default:
		app_info(v->app, "%s", _("Wait for the server's answer (Esc cancels)."));
		break;
	}
	return true;
}

static void
answer_close(struct view *v)
{
	struct answer *a = v->data;
	size_t i;

	if (a->request > 0)
		net_cancel(v->app->net, a->request);
	if (current == a)
		current = NULL;
	tui_pager_clear(&a->pager);
	for (i = 0; i < a->ntemplates; i++) {
		free(a->templates[i].name);
		free(a->templates[i].body);
	}
	free(a->templates);
	free(a->targets);
	free(a->template_name);
	free(a->body);
	free(a);
	free(v);
}

/* The keys of one proposal: its pager's moves, and r (answer) that goes on. */
static const struct view_ops answer_ops = {
	"answer", KEYMAP_VIEW_PROPOSAL, answer_draw, answer_run, NULL, answer_status, answer_close,
};

/* ----- r in the list ----- */

static long resend_serial;	/* the kept send the question is about */
static bool resend_tagged;

static void
resend_yes(struct app *app, void *ctx)
{
	struct view *list = ctx;
	struct sending *s;

	for (s = sendings; s != NULL && s->serial != resend_serial; s = s->next)
		;
	if (s == NULL || s->in_flight) {
		app_info(app, "%s", _("Those answers were sent meanwhile."));
		return;
	}
	if (send(app, list, s, resend_tagged) == 0)
		app_info(app, ngettext("Sending %zu answer again...",
		    "Sending %zu answers again...", s->count), s->count);
}

void
answer_proposals(struct view *list, bool tagged)
{
	struct app *app = list->app;
	struct batch *b = batch_new(list, tagged);
	struct answer *a;
	struct sending *kept = NULL;
	struct view *v;
	struct net_error err;
	char text[400], question[256];
	size_t i, busy;

	if (b == NULL)
		return;
	a = calloc(1, sizeof *a);
	v = calloc(1, sizeof *v);
	if (a == NULL || v == NULL || (a->targets = calloc(b->count, sizeof *a->targets)) == NULL) {
		free(a);
		free(v);
		batch_free(b);
		app_error(app, "%s", _("out of memory"));
		return;
	}
	for (i = 0; i < b->count; i++)
		a->targets[i] = b->items[i].target;
	a->count = b->count;
	batch_free(b);
	if ((busy = overlap(a->targets, a->count, true)) > 0 ||
	    (kept = kept_for(a->targets, a->count)) != NULL) {
		if (busy > 0)
			app_info(app, ngettext(
			    "%zu of these proposals is being answered: wait for the result.",
			    "%zu of these proposals are being answered: wait for the result.",
			    busy), busy);
		else {
			/* the same answers, the same key: the server applies them once */
			resend_serial = kept->serial;
			resend_tagged = tagged;
			snprintf(question, sizeof question, ngettext("The send of %zu answer "
			    "failed. Send it again (nobody gets it twice)?", "The send of %zu "
			    "answers failed. Send them again (nobody gets one twice)?",
			    kept->count), kept->count);
			app_confirm(app, question, resend_yes, list);
		}
		free(a->targets);
		free(a);
		free(v);
		return;
	}
	a->app = app;
	a->view = v;
	a->list = list;
	a->tagged = tagged;
	v->ops = &answer_ops;
	v->app = app;
	v->data = a;
	snprintf(text, sizeof text, ngettext("Answer to %zu proposal", "Answer to %zu proposals",
	    a->count), a->count);
	set_title(a, text);
	add_line(a, _("Loading the templates..."));
	app_push(app, v);
	if (app_top(app) != v)
		return;		/* too many views: closed already */
	current = a;
	a->stage = ST_TEMPLATES;
	a->request = net_template_list(app->net, on_templates, NULL, &err);
	if (a->request < 0) {
		a->request = 0;
		app_error(app, "%s", app_net_error(&err, text, sizeof text));
		ask_template(a);
	}
}
