/* The console's event loop: keys to keymap functions to views, the
 * network dispatched between keys, the login, the prompt, confirmations
 * and the status line. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/i18n.h"
#include "../core/text.h"
#include "app.h"
#include "script.h"
#include "timing.h"

static int
loop_wait(void *ctx, struct pollfd *extra, unsigned nextra, int timeout_ms)
{
	return net_wait(ctx, extra, nextra, timeout_ms);
}

static void
loop_dispatch(void *ctx)
{
	net_dispatch(ctx);
}

static void message(enum tui_face face, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
message(enum tui_face face, const char *fmt, va_list ap)
{
	char raw[1024], *safe;

	vsnprintf(raw, sizeof raw, fmt, ap);
	safe = text_sanitize(raw, strlen(raw), 0);
	tui_message(face, "%s", safe ? safe : "");
	free(safe);
}

void
app_error(struct app *app, const char *fmt, ...)
{
	va_list ap;

	(void)app;
	va_start(ap, fmt);
	message(TUI_ERROR, fmt, ap);
	va_end(ap);
}

void
app_info(struct app *app, const char *fmt, ...)
{
	va_list ap;

	(void)app;
	va_start(ap, fmt);
	message(TUI_DEFAULT, fmt, ap);
	va_end(ap);
}

/* The server's error codes are stable and English; the ones a user meets
 * are said in the user's language, the others in the server's words. */
static const struct {
	const char *code;
	const char *message;
} known_errors[] = {
	{ "bad_credentials", N_("unknown login or wrong password") },
	{ "too_many_attempts", N_("too many failed logins: wait a moment and try again") },
	{ "unauthenticated", N_("your session has ended: log in again") },
	{ "database_unavailable", N_("the server cannot reach its database; try again shortly") },
	{ "busy", N_("the server is busy; try again") },
	{ "too_large", N_("the request is too large for the server") },
	{ "too_many_items", N_("at most 10,000 items at a time") },
	{ "idempotency_mismatch", N_("this action was already sent with other items") },
};

const char *
app_net_error(const struct net_error *err, char *out, size_t size)
{
	size_t i;

	for (i = 0; i < sizeof known_errors / sizeof known_errors[0]; i++) {
		if (!err->network && strcmp(err->code, known_errors[i].code) == 0) {
			snprintf(out, size, "%s", _(known_errors[i].message));
			return out;
		}
	}
	if (err->network)
		snprintf(out, size, _("cannot reach the server: %s"), err->message);
	else if (err->status == 401)
		snprintf(out, size, _("your session has ended: log in again"));
	else if (err->status == 403)
		snprintf(out, size, _("not allowed: %s"), err->message);
	else if (strcmp(err->code, "cancelled") == 0)
		snprintf(out, size, _("cancelled: %s"), err->message);
	else
		snprintf(out, size, "%s", err->message[0] ? err->message : err->code);
	return out;
}

void
app_prompt(struct app *app, const char *label, const char *initial, bool secret,
    void (*done)(struct app *app, const char *answer, void *ctx), void *ctx)
{
	app->prompt.history = secret ? NULL : app->history;
	app->prompt.nhistory = secret ? 0 : app->nhistory;
	app->prompt.complete = NULL;
	tui_prompt_start(&app->prompt, label, initial, secret);
	app->prompt_done = done;
	app->prompt_ctx = ctx;
	tui_prompt_draw(&app->prompt);
}

void
app_form(struct app *app, void (*done)(struct app *app, struct tui_form *form, void *ctx),
    void *ctx)
{
	app->form_done = done;
	app->form_ctx = ctx;
}

void
app_confirm(struct app *app, const char *question, void (*yes)(struct app *app, void *ctx),
    void *ctx)
{
	snprintf(app->confirm_text, sizeof app->confirm_text, "%s", question);
	app->confirming = true;
	app->confirm_yes = yes;
	app->confirm_ctx = ctx;
}

void
app_push(struct app *app, struct view *v)
{
	if (v == NULL)
		return;
	if (app->nviews == (int)(sizeof app->views / sizeof app->views[0])) {
		v->ops->close(v);
		return;
	}
	v->serial = ++app->view_serial;
	app->views[app->nviews++] = v;
}

bool
app_view_open(const struct app *app, const struct view *v, unsigned long serial)
{
	int i;

	for (i = 0; i < app->nviews; i++)
		if (app->views[i] == v && v->serial == serial)
			return true;
	return false;
}

struct view *
app_view_of_request(struct app *app, const struct view_ops *ops,
    long (*request_of)(const struct view *v), long id)
{
	int i;

	for (i = 0; i < app->nviews; i++)
		if (app->views[i]->ops == ops && request_of(app->views[i]) == id)
			return app->views[i];
	return NULL;
}

void
app_pop(struct app *app)
{
	struct view *v;

	if (app->nviews == 0)
		return;
	v = app->views[--app->nviews];
	v->ops->close(v);
}

struct view *
app_top(struct app *app)
{
	return app->nviews > 0 ? app->views[app->nviews - 1] : NULL;
}

static void
remember(struct app *app, const char *line)
{
	char *copy;

	if (*line == '\0' || (app->nhistory > 0 && strcmp(app->history[app->nhistory - 1], line) == 0))
		return;
	copy = strdup(line);
	if (copy == NULL)
		return;
	if (app->nhistory == sizeof app->history / sizeof app->history[0]) {
		free(app->history[0]);
		memmove(app->history, app->history + 1, (app->nhistory - 1) * sizeof app->history[0]);
		app->nhistory--;
	}
	app->history[app->nhistory++] = copy;
}

static void
draw(struct app *app)
{
	struct view *v = app_top(app);
	char left[512] = "", right[512];
	int rows = tui_rows();

	if (rows < 3) {
		tui_refresh();
		return;
	}
	if (v != NULL)
		v->ops->draw(v, 0, rows - 2);
	if (v != NULL && v->ops->status != NULL)
		v->ops->status(v, left, sizeof left);
	{
		char net[256] = "";

		net_status(app->net, net, sizeof net);
		snprintf(right, sizeof right, "%s%s%s%s%s", net, net[0] ? "  " : "",
		    app->tag_prefix ? "; " : "",
		    app->logged_in ? app->agent.login : "",
		    app->logged_in ? (app->connected ? _(" · live") : _(" · disconnected")) : "");
	}
	tui_status(left, right);
	if (app->form.active)
		tui_form_draw(&app->form);
	else if (app->prompt.active)
		tui_prompt_draw(&app->prompt);
	else if (app->confirming) {
		char q[300];

		snprintf(q, sizeof q, "%s %s", app->confirm_text, _("[y/N]"));
		tui_message(TUI_DEFAULT, "%s", q);
	}
	tui_refresh();
}

/* ----- login ----- */

static void on_event(void *arg, const struct net_event *ev);
static void on_link(void *arg, bool connected, const struct net_error *why);
static void ask_login(struct app *app, const char *why);

/* Where an agent lands after logging in. */
static const char *
landing_command(enum net_role role)
{
	switch (role) {
	case NET_ROLE_MODERATOR:
		return "queue";
	case NET_ROLE_REFERENT:
		return "proposals mine";
	case NET_ROLE_INSTRUCTOR:
		return "proposals state=submitted";
	case NET_ROLE_ADMIN:
		return "proposals answer=needed";
	default:
		return "top";
	}
}

static void
logged_in(struct app *app, const struct net_agent *agent)
{
	struct net_error err;

	snprintf(app->agent.login, sizeof app->agent.login, "%s", agent->login);
	snprintf(app->agent.display_name, sizeof app->agent.display_name, "%s",
	    agent->display_name);
	snprintf(app->agent.role, sizeof app->agent.role, "%s", agent->role_name);
	app->agent.role_id = agent->role;
	snprintf(app->agent.department, sizeof app->agent.department, "%s",
	    agent->department_code ? agent->department_code : "");
	app->logged_in = true;
	/* the top view below, and on it what the role works on: q goes back
	 * to the top view */
	if (app->nviews == 0) {
		app_push(app, top_view_new(app));
		app_open(app, landing_command(agent->role));
	}
	net_events(app->net, -1, on_event, on_link, app, &err);
	app_info(app, _("Logged in as %s. Press ? for help."), agent->display_name);
}

static void
on_session(void *arg, long id, const struct net_session *s, const struct net_error *err)
{
	struct app *app = arg;
	struct net_error werr;
	char why[400];

	(void)id;
	if (err != NULL) {
		app_net_error(err, why, sizeof why);
		ask_login(app, why);
		return;
	}
	if (net_token_write(s->token, &werr) != 0)
		app_error(app, _("cannot save the session: %s"), werr.message);
	logged_in(app, &s->agent);
}

static void
password_done(struct app *app, const char *password, void *ctx)
{
	struct net_error err;
	char why[400];

	(void)ctx;
	if (net_login(app->net, app->pending_login ? app->pending_login : "", password,
	    on_session, app, &err) < 0)
		ask_login(app, app_net_error(&err, why, sizeof why));
	else
		app_info(app, _("Logging in..."));
}

static void
login_done(struct app *app, const char *login, void *ctx)
{
	(void)ctx;
	free(app->pending_login);
	app->pending_login = strdup(login);
	app_prompt(app, _("Password: "), "", true, password_done, NULL);
}

/* Asks for the login; why, when given, heads the prompt (the prompt takes
 * the message line, so a message beside it would not be seen). */
static void
ask_login(struct app *app, const char *why)
{
	char label[400], *safe = NULL;

	if (why != NULL && (safe = text_sanitize(why, strlen(why), 0)) != NULL)
		snprintf(label, sizeof label, _("%s. Login: "), safe);
	else
		snprintf(label, sizeof label, "%s", _("Login: "));
	free(safe);
	app_prompt(app, label, app->pending_login ? app->pending_login : "", false,
	    login_done, NULL);
}

static void
on_whoami(void *arg, long id, const struct net_agent *agent, const struct net_error *err)
{
	struct app *app = arg;
	char why[400];

	(void)id;
	if (err == NULL) {
		logged_in(app, agent);
		return;
	}
	if (err->network) {
		app_error(app, "%s", app_net_error(err, why, sizeof why));
		app->logged_in = false;
		return;	/* retried on the next tick */
	}
	net_set_token(app->net, NULL);
	ask_login(app, err->status == 401 ? _("Your session has ended: log in again.") :
	    app_net_error(err, why, sizeof why));
}

static void
start_session(struct app *app)
{
	char token[256];
	struct net_error err;
	const char *env = getenv("PUPITRE_TOKEN");

	if (env != NULL && *env != '\0')
		snprintf(token, sizeof token, "%s", env);
	else if (net_token_read(token, sizeof token, &err) != 0)
		token[0] = '\0';
	if (token[0] == '\0') {
		ask_login(app, NULL);
		return;
	}
	net_set_token(app->net, token);
	if (net_whoami(app->net, on_whoami, app, &err) < 0)
		ask_login(app, err.message);
}

/* ----- events ----- */

static void
on_event(void *arg, const struct net_event *ev)
{
	struct app *app = arg;
	int i;

	for (i = 0; i < app->nviews; i++)
		if (app->views[i]->ops->event != NULL)
			app->views[i]->ops->event(app->views[i], ev);
}

static void
on_link(void *arg, bool connected, const struct net_error *why)
{
	struct app *app = arg;
	char text[400];

	app->connected = connected;
	if (!connected && why != NULL) {
		app_error(app, _("disconnected: %s (reconnecting by itself)"),
		    app_net_error(why, text, sizeof text));
		app->link_error_shown = true;
	} else if (connected && app->link_error_shown) {
		app_info(app, _("Connected again."));
		app->link_error_shown = false;
	}
}

/* ----- keys ----- */

/* The views a command opens by name, and how the words after the name
 * filter them (NULL: the view takes none). */
static const struct {
	const char *name;
	struct view *(*open)(struct app *app);
	int (*filter)(struct view *v, const char *args);
} view_commands[] = {
	{ "top", top_view_new, NULL },
	{ "queue", queue_view_new, NULL },
	{ "proposals", proposals_view_new, proposals_view_filter },
	{ "audit", audit_view_new, audit_view_filter },
	{ "stats", stats_view_new, NULL },
};

/* Shows the view named by the command's first word: back to it when it is
 * open, else a new one on top; the words after it filter it (proposals).
 * False when no view has that name. */
bool
app_open(struct app *app, const char *line)
{
	size_t i, len = strcspn(line, " \t");
	const char *args = line + len + strspn(line + len, " \t");
	struct view *v = NULL;
	int j;

	for (i = 0; i < sizeof view_commands / sizeof view_commands[0]; i++)
		if (strlen(view_commands[i].name) == len &&
		    strncmp(line, view_commands[i].name, len) == 0)
			break;
	if (i == sizeof view_commands / sizeof view_commands[0])
		return false;
	for (j = app->nviews - 1; j >= 0 && v == NULL; j--) {
		if (strcmp(app->views[j]->ops->name, view_commands[i].name) == 0) {
			while (app->nviews - 1 > j)
				app_pop(app);
			v = app->views[j];
		}
	}
	if (v == NULL) {
		v = view_commands[i].open(app);
		app_push(app, v);
		if (v == NULL || app_top(app) != v)
			return true;
	}
	/* a view with filters gets the words, none included: they replace the last ones */
	if (view_commands[i].filter != NULL)
		view_commands[i].filter(v, args);
	else if (*args != '\0')
		app_error(app, _("%s takes no filters"), view_commands[i].name);
	return true;
}

static void
command_done(struct app *app, const char *line, void *ctx)
{
	char err[256];

	(void)ctx;
	remember(app, line);
	if (strcmp(line, "q") == 0 || strcmp(line, "quit") == 0) {
		app->quit = true;
		return;
	}
	if (app_open(app, line))
		return;
	if (keymap_exec(app->km, line, err, sizeof err) != 0)
		app_error(app, "%s", err);
}

static void
quit_yes(struct app *app, void *ctx)
{
	(void)ctx;
	app->quit = true;
}

/* Functions every view shares; false when fn is none of them. */
static bool
run_generic(struct app *app, enum keymap_function fn)
{
	char q[200];

	switch (fn) {
	case KEYMAP_FN_QUIT:
	case KEYMAP_FN_BACK:
		if (fn == KEYMAP_FN_BACK && app->nviews > 1) {
			app_pop(app);
			return true;
		}
		if (net_in_flight(app->net) > 0) {
			snprintf(q, sizeof q, _("Actions are in flight. Quit anyway?"));
			app_confirm(app, q, quit_yes, NULL);
		} else {
			app->quit = true;
		}
		return true;
	case KEYMAP_FN_TOP:
		app_open(app, "top");
		return true;
	case KEYMAP_FN_HELP:
		if (app_top(app) != NULL)
			app_push(app, help_view_new(app, app_top(app)->ops->keymap));
		return true;
	case KEYMAP_FN_COMMAND:
		app_prompt(app, ":", "", false, command_done, NULL);
		return true;
	case KEYMAP_FN_REDRAW:
		tui_redraw_all();
		return true;
	case KEYMAP_FN_CANCEL:
		if (net_in_flight(app->net) > 0) {
			net_cancel_all(app->net);
			app_info(app, _("Cancelled the requests in flight."));
		}
		app->tag_prefix = false;
		return true;
	case KEYMAP_FN_TAG_PREFIX:
		app->tag_prefix = !app->tag_prefix;
		return true;
	default:
		return false;
	}
}

static void
run_function(struct app *app, enum keymap_function fn)
{
	struct view *v = app_top(app);
	bool tagged = app->tag_prefix;

	if (fn != KEYMAP_FN_TAG_PREFIX)
		app->tag_prefix = false;
	if (v != NULL && v->ops->run(v, fn, tagged))
		return;
	if (!run_generic(app, fn) && fn != KEYMAP_FN_NONE)
		app_info(app, _("%s does nothing here"), keymap_function_name(fn));
	if (fn == KEYMAP_FN_TAG_PREFIX)
		return;
}

/* The prompt's functions of the keymap, as operations of the prompt. */
static const struct {
	enum keymap_function function;
	enum tui_prompt_op op;
} prompt_ops[] = {
	{ KEYMAP_FN_SUBMIT, TUI_PROMPT_SUBMIT }, { KEYMAP_FN_ABORT, TUI_PROMPT_ABORT },
	{ KEYMAP_FN_HISTORY_PREV, TUI_PROMPT_HISTORY_PREV },
	{ KEYMAP_FN_HISTORY_NEXT, TUI_PROMPT_HISTORY_NEXT },
	{ KEYMAP_FN_COMPLETE, TUI_PROMPT_COMPLETE }, { KEYMAP_FN_CURSOR_LEFT, TUI_PROMPT_LEFT },
	{ KEYMAP_FN_CURSOR_RIGHT, TUI_PROMPT_RIGHT },
	{ KEYMAP_FN_LINE_START, TUI_PROMPT_LINE_START },
	{ KEYMAP_FN_LINE_END, TUI_PROMPT_LINE_END },
	{ KEYMAP_FN_DELETE_BEFORE, TUI_PROMPT_DELETE_BEFORE },
	{ KEYMAP_FN_DELETE_CHAR, TUI_PROMPT_DELETE_CHAR },
	{ KEYMAP_FN_KILL_TO_END, TUI_PROMPT_KILL_TO_END },
	{ KEYMAP_FN_KILL_TO_START, TUI_PROMPT_KILL_TO_START },
	{ KEYMAP_FN_KILL_WORD, TUI_PROMPT_KILL_WORD },
};

/* A key in the prompt, or in the form when one is open: what the prompt
 * keymap binds it to, else the character typed. */
static enum tui_prompt_result
prompt_key(struct app *app, struct tui_key key, int code)
{
	const struct keymap_binding *b = code >= 0 ?
	    keymap_lookup(app->km, KEYMAP_VIEW_PROMPT, code) : NULL;
	bool form = app->form.active;
	size_t i;

	if (b != NULL && b->nmacro == 0) {
		for (i = 0; i < sizeof prompt_ops / sizeof prompt_ops[0]; i++)
			if (prompt_ops[i].function == b->function)
				return form ? tui_form_do(&app->form, prompt_ops[i].op) :
				    tui_prompt_do(&app->prompt, prompt_ops[i].op);
		if (b->function == KEYMAP_FN_REDRAW)
			tui_redraw_all();
		return TUI_PROMPT_EDITING;
	}
	if (key.function)
		return TUI_PROMPT_EDITING;
	return form ? tui_form_insert(&app->form, key.code) :
	    tui_prompt_insert(&app->prompt, key.code);
}

/* y, or the yes key of the language ("o" in French), in either case. */
static bool
is_yes(wint_t c)
{
	/* TRANSLATORS: the key that answers yes to a [y/N] question */
	const char *yes = _("y");

	return c == 'y' || c == 'Y' || (yes[0] != '\0' && yes[1] == '\0' &&
	    (c == (wint_t)yes[0] || c == (wint_t)(yes[0] - 'a' + 'A')));
}

static void
handle_key(struct app *app, struct tui_key key, int depth)
{
	const struct keymap_binding *b;
	struct view *v = app_top(app);
	int code = tui_keymap_code(key);
	size_t i;

	if (app->form.active) {
		enum tui_prompt_result r = prompt_key(app, key, code);

		if (r == TUI_PROMPT_DONE) {
			tui_message_clear();
			if (app->form_done != NULL)
				app->form_done(app, &app->form, app->form_ctx);
		} else if (r == TUI_PROMPT_CANCELLED) {
			tui_message_clear();
			app_info(app, _("Nothing done."));
		}
		return;
	}
	if (app->prompt.active) {
		enum tui_prompt_result r = prompt_key(app, key, code);
		char answer[2048];

		if (r == TUI_PROMPT_DONE) {
			tui_message_clear();
			tui_prompt_text(&app->prompt, answer, sizeof answer);
			if (app->prompt_done != NULL)
				app->prompt_done(app, answer, app->prompt_ctx);
		} else if (r == TUI_PROMPT_CANCELLED) {
			tui_message_clear();
		}
		return;
	}
	if (app->confirming) {
		app->confirming = false;
		tui_message_clear();
		if (!key.function && is_yes(key.code))
			app->confirm_yes(app, app->confirm_ctx);
		else
			app_info(app, _("Nothing done."));
		return;
	}
	if (code == 3) {	/* ^C: cancel, never kill */
		run_function(app, KEYMAP_FN_CANCEL);
		return;
	}
	if (code < 0 || v == NULL || !app->logged_in) {
		if (!app->logged_in && !app->prompt.active)
			ask_login(app, NULL);
		return;
	}
	b = keymap_lookup(app->km, v->ops->keymap, code);
	if (b == NULL) {
		char name[KEYMAP_KEY_NAME_MAX];

		app_info(app, _("Key %s is not bound. Press ? for help."),
		    keymap_key_name(code, name, sizeof name));
		return;
	}
	if (b->nmacro > 0) {
		/* a macro's keys are read as typed, without expanding macros */
		for (i = 0; i < b->nmacro && depth == 0; i++)
			handle_key(app, tui_key_from_keymap(b->macro[i]), depth + 1);
		return;
	}
	run_function(app, b->function);
}

/* Types the script's next key; true when one was typed. */
static bool
run_script(struct app *app, double *key_at)
{
	struct tui_key key;
	char err[600];

	switch (script_next(app->script, &key, err, sizeof err)) {
	case SCRIPT_KEY:
		*key_at = timing_now();
		handle_key(app, key, 0);
		return true;
	case SCRIPT_WAIT:
		return false;
	case SCRIPT_FAILED:
		tui_end();
		fprintf(stderr, "pupitre: %s\n", err);
		app->exit_status = 1;
		app->quit = true;
		return true;
	case SCRIPT_END:
	default:
		app->quit = true;
		return true;
	}
}

int
app_run(struct app *app)
{
	struct tui_loop_source source = { loop_wait, loop_dispatch, app->net };
	time_t last_try = time(NULL);

	double key_at = -1;

	start_session(app);
	while (!app->quit) {
		struct tui_event ev;

		draw(app);
		if (key_at >= 0) {
			timing_record("keypress", timing_now() - key_at, "ms");
			key_at = -1;
		}
		if (app->script != NULL && run_script(app, &key_at))
			continue;
		ev = tui_loop_next(&source, app->script != NULL ? 20 : 250);
		switch (ev.kind) {
		case TUI_EV_KEY:
			key_at = timing_now();
			handle_key(app, ev.key, 0);
			break;
		case TUI_EV_RESIZE:
			tui_redraw_all();
			break;
		case TUI_EV_INTERRUPT:
			run_function(app, KEYMAP_FN_CANCEL);
			break;
		case TUI_EV_TERMINATE:
			app->quit = true;
			break;
		case TUI_EV_NETWORK:
			break;	/* redrawn at the top */
		case TUI_EV_TICK:
			/* the server was unreachable at start: try again */
			if (!app->logged_in && !app->prompt.active && net_in_flight(app->net) == 0 &&
			    time(NULL) - last_try >= 3) {
				last_try = time(NULL);
				start_session(app);
			}
			break;
		}
	}
	/* What is still in flight ends now, "cancelled", while the views its
	 * callbacks write to (and whose memory they free) still exist:
	 * net_close would drop it without a word. */
	net_cancel_all(app->net);
	net_dispatch(app->net);
	while (app->nviews > 0)
		app_pop(app);
	return app->exit_status;
}
