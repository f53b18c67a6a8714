/* The moderation queue's own parts, shared by views/queue.c (the list,
 * loading, drawing, keys, events) and views/decide.c (the decisions). */
#ifndef VIEWS_QUEUE_H
#define VIEWS_QUEUE_H

#include <stdbool.h>
#include <time.h>

#include "../core/idmap.h"
#include "../core/list.h"
#include "../core/pattern.h"
#include "app.h"

struct decision_ctx;

enum row_state { ROW_IDLE, ROW_PENDING, ROW_DONE, ROW_CONFLICT, ROW_FAILED };

struct row {
	struct net_target target;
	int version;
	long open_reports;
	long reasons[NET_REASONS];
	int main_reason;
	time_t first_report_at, last_report_at;
	char *excerpt;		/* sanitized */
	char *author;		/* sanitized */
	long long author_id;
	bool hidden, hidden_auto, escalated;
	long long proposal_id;
	enum row_state state;
	enum net_action last_action;	/* of state ROW_DONE */
	char *note;		/* result shown on the row, sanitized */
	bool gone;		/* decided elsewhere: leaving the list */
};

struct queue {
	struct listview lv;	/* the rows, their tags, limit and search */
	struct idmap index;	/* rows by target_key() */
	enum net_sort sort;
	long request;		/* the loading in flight, 0 when none */
	bool request_all;	/* of every page, not only the newest */
	bool loaded;
	size_t loaded_count;
	char last_reason[128];
	/* the decision being prepared */
	enum net_action action;
	bool action_tagged;
	char reason[256];
	char until[64];
	struct decision_ctx *decisions;	/* in flight */
};

/* The note shown on a row (made safe here); NULL clears it. */
void queue_row_set_note(struct row *r, const char *note);
struct row *queue_find_row(struct queue *q, struct net_target t);
/* What patterns see of every row, again, then the limit again. */
void queue_rematch_all(struct queue *q);

/* Starts a decision on the cursor's row or on every tagged row: asks what
 * it needs (a reason, a block form, a confirmation), then sends it. */
void queue_decide(struct view *v, enum net_action action, bool tagged);
/* The queue closes: its decisions in flight forget it (they still end). */
void queue_detach_decisions(struct queue *q);

#endif
