/* The list of proposals' own parts, shared by views/proposals.c (the list,
 * loading, drawing, keys) and the files of its actions (views/batch.c for
 * what every action does alike, then one file per group of actions). */
#ifndef VIEWS_PROPOSALS_H
#define VIEWS_PROPOSALS_H

#include <stdbool.h>
#include <time.h>

#include "../core/idmap.h"
#include "app.h"

/* What the last action did to a row, shown on it until the next one. */
enum prow_result { PROW_IDLE, PROW_PENDING, PROW_DONE, PROW_CONFLICT, PROW_FAILED };

struct prow {
	long long id;
	int version, edition;
	char *title;		/* sanitized, like every string here */
	char *district_code, *district_name, *theme, *department, *referent, *state, *stage;
	long long total_cents;	/* -1: not costed */
	long supports;
	time_t created_at, state_changed_at;
	bool priority, hidden, needs_answer;
	enum prow_result result;
	char *note;		/* the result, sanitized; NULL when none */
};

struct batch;

struct proposals {
	struct listview lv;	/* the rows, their tags, limit and search */
	struct idmap index;	/* rows by id */
	struct net_proposal_filter filter;	/* the server-side filters of this list */
	char *filter_text;	/* as typed after :proposals, NULL when none */
	char *filter_values;	/* the filter's strings */
	long request;		/* the loading in flight, 0 when none */
	bool loaded;
	int sort;		/* the order (o): an index in proposals.c's table */
	struct batch *batches;	/* the actions in flight */
};

/* The note shown on a row (made safe here); NULL clears it. */
void prow_set_note(struct prow *r, const char *note);
/* A string field of a row set from the server's text (sanitized); -1 when
 * memory runs out (the field is then unchanged). */
int prow_set(char **field, const char *text);
struct prow *proposals_find(struct proposals *p, long long id);
/* A row made from the server's item (not in the list yet) joins the list
 * and its index; the row, or NULL when memory runs out. */
struct prow *proposals_add_row(struct view *v, const struct net_proposal_item *it);
/* What patterns see of every row, again, then the limit again. */
void proposals_rematch(struct view *v);

/*
 * An action on proposals: the rows it applies to (every tagged row, or the
 * cursor's), sent as {id, version} items, each row's result shown on it.
 */
struct batch {
	struct batch *next;
	struct app *app;
	struct view *v;		/* NULL once the list is closed */
	struct prow **rows;	/* until batch_sent; then rows are found by id */
	struct net_item_ref *items;	/* id and version of each row, in order */
	size_t count;
	bool tagged;
	const char *done;	/* translated: the note of a row done ("admissible") */
	/* what an ok result changes on its row (state, stage...), may be NULL */
	void (*apply)(struct prow *r, const struct net_item_result *res, void *ctx);
	void *ctx;		/* given to apply; freed with free() with the batch */
};

/* The rows of an action, with their items; NULL (message shown) when no
 * row is tagged or under the cursor, or memory runs out. */
struct batch *batch_new(struct view *v, bool tagged);
void batch_free(struct batch *b);
/* The batch went out as request id: its rows are pending, tags cleared,
 * and it is the list's until it ends. */
void batch_sent(struct batch *b);
/* The callback of a bulk request (a net_decision_cb): each row's result,
 * a count on the message line; frees the batch. */
void batch_done(void *arg, long id, const struct net_decision *d, const struct net_error *err);
/* The answer came: b leaves the list's batches in flight (if the list is open). */
void batch_unlink(struct batch *b);
/* The list closes: its batches in flight forget it. */
void batch_detach_all(struct proposals *p);

#endif
