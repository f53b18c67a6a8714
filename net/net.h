/* The platform API client: the one face of net/ that views and the event
 * loop include. Plain C structs only; libcurl and jansson stay inside net/. */
#ifndef NET_NET_H
#define NET_NET_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/*
 * What went wrong, as a value a view can show. status is the HTTP status
 * (0 when there was no answer); code is the server's error code ("conflict",
 * "unauthenticated", ...) or one of net's own: "network" (network is then
 * true: refused, timed out, DNS), "malformed" (an answer net could not
 * read), "cancelled", "nomem", "http" (an error without a JSON body).
 * message is a whole sentence a user can act on (raw: sanitize before
 * display, it may quote the server).
 */
struct net_error {
	int status;
	char code[48];
	char message[256];
	bool network;
};

/* ---- what the server answers ------------------------------------------ */

enum net_target_type { NET_COMMENT, NET_PROPOSAL };

struct net_target {
	enum net_target_type type;
	long long id;
};

/* A target and the version the agent saw: what a bulk action sends. */
struct net_item_ref {
	struct net_target target;
	int version;
};

enum net_role {
	NET_ROLE_UNKNOWN, NET_ROLE_MODERATOR, NET_ROLE_REFERENT, NET_ROLE_INSTRUCTOR,
	NET_ROLE_ADMIN, NET_ROLE_FRONTOFFICE
};

struct net_agent {
	long long id;
	const char *login;
	const char *display_name;
	const char *role_name;		/* as the server spells it */
	enum net_role role;
	const char *department_code;	/* NULL: no department */
	const char *department_name;
};

struct net_session {
	const char *token;
	time_t expires_at;
	struct net_agent agent;
	void *mem;			/* private */
};

/* The order of core/pattern.h's enum pattern_reason. */
enum net_reason {
	NET_REASON_SPAM, NET_REASON_OFFENSIVE, NET_REASON_OFF_TOPIC,
	NET_REASON_PERSONAL_DATA, NET_REASON_OTHER, NET_REASONS
};

struct net_queue_item {
	struct net_target target;
	int version;
	long open_reports;
	long reasons[NET_REASONS];	/* open reports per reason */
	int main_reason;		/* enum net_reason, -1 when none */
	time_t first_report_at, last_report_at;
	const char *excerpt;		/* raw UTF-8 from the network */
	long long author_id;
	const char *author_name;	/* raw */
	bool hidden, hidden_auto, escalated;
	time_t escalated_at;		/* 0: not escalated */
	long long proposal_id;		/* a comment's proposal; 0 for a proposal */
};

struct net_queue_page {
	struct net_queue_item *items;
	size_t count;
	const char *next_cursor;	/* NULL: this was the last page */
	long total;			/* rows matching, -1 when the server does not say */
	/* net_queue_load_all only: items loaded so far, this page included,
	 * and whether this page is the last one */
	size_t loaded;
	bool done;
	void *mem;			/* private */
};

enum net_action { NET_HIDE, NET_DISMISS, NET_RESTORE, NET_BLOCK, NET_ESCALATE, NET_ACTIONS };

enum net_item_status { NET_ITEM_OK, NET_ITEM_CONFLICT, NET_ITEM_FORBIDDEN, NET_ITEM_INVALID,
	NET_ITEM_STATUSES };

struct net_item_result {
	struct net_target target;
	enum net_item_status status;
	int version;		/* ok: the new version; conflict: the current one; else 0 */
	const char *by;		/* conflict: who changed it (display name, else login); may be NULL */
	time_t at;		/* conflict: when; 0 when unknown */
	const char *message;	/* why, for all but ok; may be NULL */
};

struct net_decision {
	const char *batch_id;
	struct net_item_result *results;	/* in the order of the request */
	size_t count;
	size_t counts[NET_ITEM_STATUSES];	/* indexed by enum net_item_status */
	void *mem;				/* private */
};

struct net_comment {
	long long id;
	long long parent_id;		/* 0: a reply to the proposal itself */
	long long author_id;
	const char *author_name;
	const char *body;		/* raw */
	bool hidden;
	const char *hidden_reason;	/* may be NULL */
	time_t created_at;
	bool hidden_auto;		/* hidden by the report threshold */
	const char *moderated_by;	/* who decided last; may be NULL */
	time_t moderated_at;		/* 0: never */
};

/* ---- the detail of a proposal: its people, costing, lineage, history ---- */

struct net_coauthor {
	long long id;
	const char *display_name;	/* raw */
	long long via_merge;		/* the merge that brought them; 0: none */
};

struct net_detail_cost_line {
	const char *category;		/* "investment", "operating", "studies", "other" */
	const char *label;		/* raw */
	long long amount_cents;
};

struct net_detail_costing {
	const char *opinion;		/* "favourable", "unfavourable" */
	const char *justification;	/* raw */
	int duration_months;		/* -1: not given */
	long long total_cents;
	const char *costed_by;		/* name to show; may be NULL */
	time_t costed_at;
	struct net_detail_cost_line *lines;	/* in their order */
	size_t nlines;
};

/* A merge seen from one of its ends: the other end, who merged and undid. */
struct net_merge_link {
	long long merge_id;
	long long id;			/* the other proposal */
	const char *title;		/* raw */
	const char *state;		/* a source's state; NULL for a target */
	int version;			/* a source's version; -1 when unknown */
	const char *merged_by;		/* may be NULL */
	time_t merged_at;
	const char *note;		/* may be NULL */
	const char *undone_by;		/* may be NULL */
	time_t undone_at;		/* 0: the merge stands */
};

struct net_stage_update {
	const char *stage;		/* the API's code ("works") */
	time_t stage_date;		/* local noon of that day; 0 when unknown */
	const char *note;		/* public; may be NULL */
	const char *agent;		/* may be NULL */
	time_t created_at;
};

struct net_answer {
	long long id;
	long long citizen_id;
	const char *body;		/* raw */
	const char *agent;		/* may be NULL */
	time_t created_at;
};

/* One field an audited action changed, each value as text: a string as
 * it is, anything else as compact JSON; NULL when absent or null. */
struct net_change {
	const char *field;
	const char *before, *after;
};

/* One row of the audit log. */
struct net_audit_entry {
	long long id;
	time_t at;
	const char *agent;		/* display name, else login; NULL: the system */
	const char *agent_login;	/* may be NULL */
	const char *action;		/* "proposal.admissibility" */
	const char *target_type;	/* "proposal", "comment", "citizen"...; may be NULL */
	long long target_id;		/* 0 when none */
	struct net_change *changes;	/* the fields of before and after */
	size_t nchanges;
	const char *batch_id;		/* may be NULL */
	long long proposal_id;		/* the proposal it is about (a comment's); 0: none */
};

/* One proposal and its thread, as a moderator reads them. */
struct net_proposal {
	long long id;
	int version;
	int edition;
	const char *title, *body;	/* raw */
	const char *address;		/* may be NULL */
	long long author_id;
	const char *author_name;
	const char *district_code, *district_name;
	const char *theme_name;		/* may be NULL */
	const char *department_code;	/* may be NULL */
	const char *referent;		/* display name; may be NULL */
	const char *state, *state_reason, *stage;	/* reason and stage may be NULL */
	long supports;
	bool hidden, hidden_auto;
	const char *hidden_reason;
	time_t escalated_at;		/* 0: not escalated */
	const char *moderated_by;	/* may be NULL */
	time_t moderated_at;
	time_t created_at;
	long long merged_into;		/* 0: not merged */
	long comments_total;		/* may exceed count: the server sends the first 500 */
	struct net_comment *comments;	/* in id order */
	size_t ncomments;
	/* the detail (each may be absent from an older server: empty) */
	const char *theme_code, *department_name;	/* may be NULL */
	bool priority_neighbourhood, needs_answer;
	time_t state_changed_at;	/* 0 when unknown */
	struct net_coauthor *coauthors;
	size_t ncoauthors;
	bool costed;			/* costing is filled */
	struct net_detail_costing costing;
	struct net_merge_link *merged_into_history;	/* merges of this one into others */
	size_t nmerged_into;
	struct net_merge_link *merged_from;	/* merges of others into this one */
	size_t nmerged_from;
	struct net_stage_update *stages;	/* oldest first */
	size_t nstages;
	struct net_answer *answers;	/* oldest first */
	size_t nanswers;
	long long votes_online, votes_paper, votes_total;	/* -1: no vote recorded */
	struct net_audit_entry *audit;	/* newest first, at most 200 */
	size_t naudit;
	void *mem;			/* private */
};

/* One row of the list of proposals (GET /v1/proposals). */
struct net_proposal_item {
	long long id;
	int version;
	int edition;
	const char *title;		/* raw */
	const char *district_code, *district_name;
	const char *theme;		/* code; may be NULL */
	const char *department;		/* code; may be NULL */
	const char *referent;		/* login; may be NULL */
	const char *state;		/* the API's code ("costing") */
	const char *stage;		/* may be NULL */
	long long total_cents;		/* -1: not costed */
	long supports;
	time_t created_at, state_changed_at;	/* state_changed_at: 0 when unknown */
	bool priority_neighbourhood, hidden, needs_answer;
};

struct net_proposal_page {
	struct net_proposal_item *items;
	size_t count;
	const char *next_cursor;	/* NULL: this was the last page */
	/* net_proposal_load_all only: items loaded so far, this page
	 * included, and whether this page is the last one */
	size_t loaded;
	bool done;
	void *mem;			/* private */
};

/* One hidden item of an author. */
struct net_author_item {
	struct net_target target;
	const char *hidden_reason;	/* may be NULL */
	bool hidden_auto;		/* hidden by the report threshold, pending review */
	time_t moderated_at;		/* 0: not decided yet (pending review) */
	const char *excerpt;		/* raw: the first 200 characters */
};

/* An author of reported content, as a moderator weighs them. */
struct net_author {
	long long id;
	const char *display_name;	/* raw */
	const char *district_name;	/* may be NULL */
	time_t blocked_until;		/* 0: never blocked (may be past: the block is over) */
	const char *block_reason;	/* may be NULL */
	long hidden_comments, hidden_proposals;
	long open_reports;		/* on their content */
	struct net_author_item *items;	/* the last hidden, newest first, at most 20 */
	size_t nitems;
	void *mem;			/* private */
};

enum net_event_kind {
	NET_EV_OTHER,			/* a type net does not decode: see type and data */
	NET_EV_RESET,			/* events were lost: reload what is shown */
	NET_EV_REPORT_NEW,
	NET_EV_MODERATION_DECIDED,
	NET_EV_PROPOSAL			/* any proposal.* event: see ids */
};

struct net_event {
	long long id;			/* 0 for reset */
	const char *type;		/* "report.new", "moderation.decided", "reset", ... */
	enum net_event_kind kind;
	time_t at;			/* 0 when unknown */
	/* report.new */
	struct net_target target;
	long long report_id;
	int reason;			/* enum net_reason, -1 when unknown */
	long open_reports;
	bool auto_hidden;
	/* moderation.decided */
	int action;			/* enum net_action, -1 when unknown */
	struct net_target *targets;
	size_t ntargets;
	/* proposal.*: the proposals concerned */
	long long *ids;
	size_t nids;
	const char *data;		/* the event's whole JSON, raw */
	void *mem;			/* private */
};

/* ---- the client ------------------------------------------------------- */

struct net;

/*
 * A client of the server at base_url ("http://127.0.0.1:8750"). NULL with
 * err filled when the address is not http(s) or memory runs out; nothing
 * is sent yet.
 */
struct net *net_open(const char *base_url, struct net_error *err);
/* Cancels everything without calling back and frees the client. Never from a callback. */
void net_close(struct net *n);
/* The bearer token of later requests (NULL: none). A successful login sets
 * it, a logout clears it; setting it restarts a stopped event stream. */
int net_set_token(struct net *n, const char *token);

/*
 * The event loop's part. net_wait waits up to timeout_ms (-1: no limit) on
 * the network and on up to 8 extra descriptors (stdin, the signal pipe),
 * filling their revents (POLLHUP and POLLERR included); it returns at once when something is due. It
 * returns how many descriptors are ready (0 on timeout), -1 on failure.
 * net_dispatch moves the transfers on and runs the callbacks: callbacks
 * only ever run inside net_dispatch. Callbacks may start and cancel
 * requests.
 */
int net_wait(struct net *n, struct pollfd *extra, unsigned nextra, int timeout_ms);
void net_dispatch(struct net *n);

/* Requests in flight (or waiting to retry), the event stream not counted. */
int net_in_flight(const struct net *n);
/* What is in flight, for the status line: "loading queue 3,200; hiding 40
 * items", or "" when idle. Returns the length it would have had. */
size_t net_status(const struct net *n, char *buf, size_t size);

struct net_request_info {
	long id;
	char label[96];
};
/* The requests in flight, oldest first (for a list to cancel from); returns how many exist. */
size_t net_requests(const struct net *n, struct net_request_info *out, size_t max);

/*
 * Stops a request. Its callback still runs once, at the next net_dispatch,
 * with the error "cancelled" (a cancelled decision may have been applied:
 * the message says to reload). Cancelling the event stream stops it
 * quietly. Unknown ids are ignored.
 */
void net_cancel(struct net *n, long request_id);
void net_cancel_all(struct net *n);

/* ---- operations --------------------------------------------------------
 * Each returns a request id (> 0), or -1 with nothing started when memory
 * runs out or the arguments are wrong (err is then filled if not NULL).
 * The callback runs once, with the answer (err NULL) or an error (answer
 * NULL). The answer belongs to net and lives until the callback returns:
 * copy what you keep. */

typedef void (*net_session_cb)(void *arg, long id, const struct net_session *s,
    const struct net_error *err);
typedef void (*net_agent_cb)(void *arg, long id, const struct net_agent *a,
    const struct net_error *err);
typedef void (*net_done_cb)(void *arg, long id, const struct net_error *err);
typedef void (*net_queue_cb)(void *arg, long id, const struct net_queue_page *page,
    const struct net_error *err);
typedef void (*net_decision_cb)(void *arg, long id, const struct net_decision *d,
    const struct net_error *err);
typedef void (*net_proposal_cb)(void *arg, long id, const struct net_proposal *p,
    const struct net_error *err);
typedef void (*net_proposal_page_cb)(void *arg, long id, const struct net_proposal_page *page,
    const struct net_error *err);
typedef void (*net_author_cb)(void *arg, long id, const struct net_author *a,
    const struct net_error *err);

/* POST /v1/sessions; on success the token is used for what follows. */
long net_login(struct net *n, const char *login, const char *password, net_session_cb cb,
    void *arg, struct net_error *err);
/* GET /v1/me: whether the token still works, and whose it is. */
long net_whoami(struct net *n, net_agent_cb cb, void *arg, struct net_error *err);
/* DELETE /v1/sessions/current; clears the token on success (a session
 * already expired counts as one). */
long net_logout(struct net *n, net_done_cb cb, void *arg, struct net_error *err);

enum net_sort { NET_SORT_RECENT, NET_SORT_COUNT, NET_SORT_OLDEST };

/* Filters of the moderation queue; zero-initialised means "all, recent first". */
struct net_queue_filter {
	int type;		/* 0: all; 1 + enum net_target_type */
	int reason;		/* 0: all; 1 + enum net_reason */
	int hidden;		/* 0: all; 1: hidden only; -1: visible only */
	int escalated;		/* 0: all; 1: escalated only; -1: not escalated */
	long min_reports;	/* 0: no minimum */
	enum net_sort sort;
	const char *cursor;	/* NULL: the first page */
	unsigned limit;		/* 0: the server's default (50); at most 1000 */
};

/* GET /v1/moderation/queue: one page. */
long net_queue_page(struct net *n, const struct net_queue_filter *f, net_queue_cb cb,
    void *arg, struct net_error *err);
/*
 * The whole queue, page after page: cb runs once per page (page->loaded
 * counts the items so far, page->done marks the last), so the first screen
 * shows while the rest loads; it stops at the first error. The first page
 * is small (first_limit, 0: 100), the next ones f->limit (0: 1000).
 */
long net_queue_load_all(struct net *n, const struct net_queue_filter *f, unsigned first_limit,
    net_queue_cb cb, void *arg, struct net_error *err);

struct net_decide_request {
	enum net_action action;
	const char *reason;		/* hide: required */
	const char *note;		/* optional, any action */
	time_t until;			/* block: the end of the block */
	const char *justification;	/* block: required (15 characters at least) */
	bool hide_all;			/* block: also hide the authors' other content */
	const struct net_item_ref *items;
	size_t count;			/* 1 to 10,000 */
};

/*
 * POST /v1/moderation/decisions with an Idempotency-Key of its own; on a
 * network failure or a 503 it tries again up to 3 times (1, 2, 4 s later)
 * with the same key, so the decision applies once, then reports the failure.
 * The request is copied: r may go once the call returns.
 */
long net_decide(struct net *n, const struct net_decide_request *r, net_decision_cb cb,
    void *arg, struct net_error *err);

/* GET /v1/proposals/{id}: the proposal and its comments (the Enter view). */
long net_proposal_get(struct net *n, long long id, net_proposal_cb cb, void *arg,
    struct net_error *err);

enum net_proposal_sort { NET_PROPOSAL_SORT_ID, NET_PROPOSAL_SORT_RECENT,
	NET_PROPOSAL_SORT_SUPPORTS };

/* Filters of the list of proposals; zero-initialised means "all, by id".
 * Strings are codes (district "75011", department "VOIRIE"), NULL or ""
 * for all. */
struct net_proposal_filter {
	const char *state;	/* a state code */
	const char *stage;
	const char *district;
	const char *department;
	const char *theme;
	const char *referent;	/* an agent's login */
	int edition;		/* 0: all */
	int needs_answer;	/* 0: all; 1: only those; -1: none of those */
	bool mine;		/* assigned to me or my department */
	bool stalled;		/* winners whose stage has not moved in 90 days */
	const char *q;		/* words of the title and text, or an id */
	enum net_proposal_sort sort;
	const char *cursor;	/* NULL: the first page */
	unsigned limit;		/* 0: the server's default (50); at most 1000 */
};

/* GET /v1/proposals: one page. */
long net_proposal_list(struct net *n, const struct net_proposal_filter *f,
    net_proposal_page_cb cb, void *arg, struct net_error *err);
/* Every page, as net_queue_load_all: cb once per page, page->done on the
 * last; the first page first_limit (0: 100), the next ones f->limit (0: 1000). */
long net_proposal_load_all(struct net *n, const struct net_proposal_filter *f,
    unsigned first_limit, net_proposal_page_cb cb, void *arg, struct net_error *err);

/* GET /v1/moderation/authors/{id}: a citizen's block and hidden content. */
long net_author_get(struct net *n, long long citizen_id, net_author_cb cb, void *arg,
    struct net_error *err);

/* The event stream's state: connected or not, and why not. */
typedef void (*net_event_cb)(void *arg, const struct net_event *ev);
typedef void (*net_link_cb)(void *arg, bool connected, const struct net_error *why);

/*
 * GET /v1/events from after last_id (-1: from now). Events arrive through
 * on_event; on_link says when the stream comes up or goes down. After a
 * drop it reconnects by itself, with Last-Event-ID and a growing delay (1 s
 * to 30 s); on 401/403 it waits for net_set_token. One stream per client:
 * a second call replaces the first. Returns its id.
 */
long net_events(struct net *n, long long last_id, net_event_cb on_event, net_link_cb on_link,
    void *arg, struct net_error *err);
void net_events_stop(struct net *n);
bool net_events_connected(const struct net *n);
long long net_events_last_id(const struct net *n);

/* ---- the token file ----------------------------------------------------
 * $XDG_STATE_HOME/pupitre/token, else ~/.local/state/pupitre/token: the
 * session between runs. */

/* The path into buf; -1 when neither XDG_STATE_HOME nor HOME is set. */
int net_token_path(char *buf, size_t size, struct net_error *err);
/*
 * Reads the token into buf: 0 when read, 1 when there is none, -1 on error
 * (err says why; a file others may read or write is refused, with the
 * chmod to run).
 */
int net_token_read(char *buf, size_t size, struct net_error *err);
/* Writes it with mode 0600 (the directories 0700), atomically. */
int net_token_write(const char *token, struct net_error *err);
/* Removes it (after a logout); no file is not an error. */
int net_token_remove(struct net_error *err);

/* The same on an explicit path. */
int net_token_read_file(const char *path, char *buf, size_t size, struct net_error *err);
int net_token_write_file(const char *path, const char *token, struct net_error *err);

#endif
