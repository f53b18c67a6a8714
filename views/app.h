/* The console as a whole: the network client, the keymap, who is logged
 * in, the stack of views, the prompt and the confirmations. Views call
 * these; the event loop in app.c calls the views. */
#ifndef VIEWS_APP_H
#define VIEWS_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/list.h"
#include "../core/pattern.h"
#include "../keymaps/keymap.h"
#include "../net/net.h"
#include "../tui/tui.h"

struct app;
struct view;

/* One screen, behind a small interface, in the manner of tig's views. */
struct view_ops {
	const char *name;
	enum keymap_view keymap;
	/* draws the body: rows lines from y0 */
	void (*draw)(struct view *v, int y0, int rows);
	/* runs a function of the keymap; false when the view has none */
	bool (*run)(struct view *v, enum keymap_function fn, bool tagged);
	/* a live event from the server */
	void (*event)(struct view *v, const struct net_event *ev);
	/* the left part of the status line */
	void (*status)(struct view *v, char *buf, size_t size);
	void (*close)(struct view *v);
};

struct view {
	const struct view_ops *ops;
	struct app *app;
	void *data;
	/* set by app_push, never twice the same: tells this view from a later
	 * one that memory reuse put at the same address */
	unsigned long serial;
};

struct app_agent {
	char login[72];
	char display_name[200];
	char role[24];
	enum net_role role_id;
	char department[32];	/* its code, "" when none */
};

struct app {
	const char *argv0;
	char url[512];
	struct net *net;
	struct keymap *km;
	struct app_agent agent;
	bool logged_in;
	bool connected;			/* the event stream is up */
	bool link_error_shown;		/* "disconnected" is on the message line */
	struct view *views[8];
	int nviews;
	unsigned long view_serial;	/* the last view's serial */
	bool tag_prefix;		/* ';' was pressed */
	bool quit;
	/* the prompt, when one is open */
	struct tui_prompt prompt;
	void (*prompt_done)(struct app *app, const char *answer, void *ctx);
	void *prompt_ctx;
	char *history[64];
	size_t nhistory;
	/* a form, when one is open: fill app->form with tui_form_start and
	 * tui_form_add, then app_form(app, done, ctx) */
	struct tui_form form;
	void (*form_done)(struct app *app, struct tui_form *form, void *ctx);
	void *form_ctx;
	/* a yes/no question, when one is open */
	bool confirming;
	char confirm_text[256];
	void (*confirm_yes)(struct app *app, void *ctx);
	void *confirm_ctx;
	char *pending_login;
	struct script *script;		/* a scripted run: keys from a file */
	int exit_status;
};

/* Opens a prompt on the message line; done gets the answer (never called
 * when the user cancels). */
void app_prompt(struct app *app, const char *label, const char *initial, bool secret,
    void (*done)(struct app *app, const char *answer, void *ctx), void *ctx);

/* Opens the form prepared in app->form; done gets it when the user submits
 * (never when they cancel). */
void app_form(struct app *app, void (*done)(struct app *app, struct tui_form *form, void *ctx),
    void *ctx);

/* Asks a yes/no question; yes runs only on 'y'. */
void app_confirm(struct app *app, const char *question,
    void (*yes)(struct app *app, void *ctx), void *ctx);

void app_push(struct app *app, struct view *v);
/* Whether v (of that serial) is still open: a callback that kept a view
 * asks before touching it. */
bool app_view_open(const struct app *app, const struct view *v, unsigned long serial);
/* The open view of ops whose request (as request_of reads it) is id; NULL
 * when it was closed or has sent another since: an answer may outlive the
 * view that asked, so its callback finds the view again by the id. */
struct view *app_view_of_request(struct app *app, const struct view_ops *ops,
    long (*request_of)(const struct view *v), long id);
void app_pop(struct app *app);
struct view *app_top(struct app *app);

/* Shows a message made of text from the server or the user: sanitized here. */
void app_error(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void app_info(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A net error as one line for people, in out. */
const char *app_net_error(const struct net_error *err, char *out, size_t size);

/* What every list view does alike (views/listview.c): moves, tags, limit,
 * search. The words name the view's items in its prompts and messages. */
struct listview_words {
	const char *tag_prompt, *untag_prompt, *limit_prompt;	/* N_() */
	const char *tagged[2], *untagged[2];	/* NN_(): "%zu item tagged", plural */
};

struct listview {
	struct list list;
	struct view *view;
	const struct listview_words *words;
	char limit_text[256];
	char search_text[256];
	struct pattern *search;
	struct pattern *highlight;	/* the limit, for highlighting */
};

void listview_init(struct listview *lv, struct view *v, const struct listview_words *words);
void listview_free(struct listview *lv);	/* not the items */
/* Runs fn when it is one of the list's own; false otherwise. */
bool listview_run(struct listview *lv, enum keymap_function fn);
/* What the status line says of the tags and the limit, alike in every
 * list: ", 3 tagged, limit: ~b x", or "" when neither. */
const char *listview_status(const struct listview *lv, char *out, size_t size);

/* The item in its context (views/context.c): what the queue knows of it. */
struct context_item {
	struct net_target target;
	long long proposal_id;		/* a comment's proposal */
	long long author_id;
	const char *author;		/* safe text */
	const char *excerpt;		/* safe text */
	long open_reports;
	long reasons[NET_REASONS];
};

/* The pager being filled and its one request in flight; the pager's
 * closing clears pager, so that a late answer is dropped. */
struct context {
	struct app *app;
	struct view *pager;
	long request;
	long long author;	/* whose history comes after the thread */
};

/* Opens a pager on the item and fills it from the server. */
void context_open(struct context *c, struct app *app, const struct context_item *item);

/* A report reason in the user's words. */
const char *reason_label(int reason);
/* A proposal's state (the API's code, "costing") in the user's words;
 * an unknown code as it is. */
const char *state_label(const char *code);
/* A realisation stage ("works") in the user's words (views/labels.c). */
const char *stage_label(const char *code);

/* The views. */
struct view *queue_view_new(struct app *app);
struct view *top_view_new(struct app *app);
/* Opens a view as the command line would ("proposals state=costing"):
 * back to it when it is open, else on top; false when no view has that name. */
bool app_open(struct app *app, const char *command);
struct view *proposals_view_new(struct app *app);
/* Filters the list on the server's side with the words typed after
 * :proposals ("state=costing district=75011 mine") and reloads it; -1 with
 * the error shown when a word is not a filter. */
int proposals_view_filter(struct view *v, const char *args);
struct view *pager_view_new(struct app *app, const char *title);
int pager_view_add(struct view *v, const char *line);	/* sanitizes */
void pager_view_set_title(struct view *v, const char *title);
/* The request that fills the pager: closing the pager cancels it and sets
 * *slot to NULL, which tells the request's callback (that still runs, with
 * "cancelled") that the pager is gone. Request 0: it is filled. */
void pager_view_loading(struct view *v, long request, struct view **slot);
struct view *help_view_new(struct app *app, enum keymap_view keymap);

/* The costing of a proposal (views/costing.c) and the merging of the
 * tagged ones (views/merge.c), from the list of proposals v. */
void costing_start(struct view *v, bool tagged);
void merge_start(struct view *v, bool tagged);
/* Answers to the authors of proposals (views/answer.c): r in the list,
 * on the cursor's proposal or on every tagged one. */
void answer_proposals(struct view *list, bool tagged);
/* The detail of a proposal, the audit log and the statistics
 * (views/detail.c, views/audit.c, views/stats.c). */
/* Opens proposal id's detail on top and loads it. */
void detail_open(struct app *app, long long id);
struct view *audit_view_new(struct app *app);
/* Filters the audit log on the server's side with the words typed after
 * :audit ("agent=c.moreau action=proposal.* target=proposal:12
 * since=2026-11-01") and reloads it; -1 with the error shown. */
int audit_view_filter(struct view *v, const char *args);
/* What an audit row changed, "state: submitted → admissible; ...", values
 * in the user's words (states, stages, money); raw text. */
const char *audit_change_text(const struct net_audit_entry *e, char *out, size_t size);
struct view *stats_view_new(struct app *app);

int app_run(struct app *app);

/* The vote and the exports of the list of proposals (views/votes.c,
 * views/export.c): actions of its actions[] table. */
void votes_import(struct view *v, bool tagged);
void votes_winners(struct view *v, bool tagged);
void export_proposals(struct view *v, bool tagged);

#endif
