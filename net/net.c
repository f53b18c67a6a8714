/* The transport: every request is an easy handle on one libcurl multi
 * handle, moved on by the console's event loop; answers are decoded by
 * codec functions and handed to callbacks from net_dispatch only. */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "../core/i18n.h"
#include "../core/version.h"
#include "call.h"
#include "codec.h"
#include "mem.h"
#include "sse.h"

#define CONNECT_TIMEOUT_MS 10000L
#define REQUEST_TIMEOUT_MS 120000L	/* a 10,000-item decision takes seconds, not minutes */
#define WRITE_ATTEMPTS 4		/* a write: the first and 3 retries, one key */
#define EVENTS_IDLE_MS 45000		/* 3 missed heartbeats: the stream is dead */
#define EVENTS_BACKOFF_MIN 1000
#define EVENTS_BACKOFF_MAX 30000
#define EVENTS_MAX_PENDING (8u << 20)
#define QUEUE_FIRST_LIMIT 100
#define QUEUE_NEXT_LIMIT 1000

enum req_kind {
	REQ_LOGIN, REQ_WHOAMI, REQ_LOGOUT, REQ_QUEUE, REQ_QUEUE_ALL, REQ_EVENTS, REQ_PROPOSALS,
	REQ_PROPOSALS_ALL, REQ_CALL
};

struct bytes {
	char *s;
	size_t len, cap;
};

struct req {
	struct req *next;
	struct net *net;
	long id;
	enum req_kind kind;
	CURL *easy;			/* NULL while waiting to start again */
	struct curl_slist *headers;
	char *path;			/* "/v1/..." with its query */
	const char *method;
	char *body;
	struct bytes answer;		/* the answer (the error body for events) */
	bool too_large;
	char curl_error[CURL_ERROR_SIZE];
	long long start_at;		/* ms: when to start, 0 when started */
	int attempts;
	bool done;			/* its final callback ran or will never run */
	bool cancelled;			/* the cancel callback is due */
	union {
		net_session_cb session;
		net_agent_cb agent;
		net_done_cb done;
		net_queue_cb queue;
		net_proposal_page_cb proposals;
	} cb;
	void *arg;
	/* queue pages */
	struct net_queue_filter filter;
	char *cursor;
	unsigned next_limit;
	/* proposal pages: the filter, its strings r's own */
	struct net_proposal_filter pfilter;
	char *pstrings[7];
	size_t loaded;
	long total;
	/* decisions */
	char key[33];
	/* the requests of net_call */
	net_call_finish finish;
	net_call_cb call_cb;
	char label[128];
	/* the event stream */
	struct net_sse sse;
	struct bytes pending;		/* bytes read, not parsed yet */
	net_event_cb on_event;
	net_link_cb on_link;
	long long resume_id;		/* -1: from now */
	long backoff_ms;
	long long last_byte_at;
	int link;			/* 0 unknown, 1 up, -1 down */
	bool wait_token;		/* refused: wait for net_set_token */
};

struct net {
	CURLM *multi;
	char *base;			/* without a trailing slash */
	char *token;
	struct req *reqs;		/* oldest first */
	struct req *events;		/* the stream, also in reqs */
	long next_id;
	bool dispatching;
};

static int curl_users;

/* Wipes a secret; the compiler may not drop writes through volatile. */
static void
wipe(char *s)
{
	volatile char *v = s;

	while (s != NULL && *v != '\0')
		*v++ = '\0';
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
nomem(struct net_error *err)
{
	net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
}

/* ---- the client ------------------------------------------------------------- */

struct net *
net_open(const char *base_url, struct net_error *err)
{
	struct net *n;
	size_t len;

	if (base_url == NULL || (strncmp(base_url, "http://", 7) != 0 &&
	    strncmp(base_url, "https://", 8) != 0)) {
		net_error_set(err, 0, "invalid", false, "%s",
		    _("the server address must start with http:// or https://"));
		return NULL;
	}
	if (curl_users == 0 && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		net_error_set(err, 0, "nomem", false, "%s", _("cannot start libcurl"));
		return NULL;
	}
	curl_users++;
	n = calloc(1, sizeof *n);
	if (n == NULL || (n->base = strdup(base_url)) == NULL ||
	    (n->multi = curl_multi_init()) == NULL) {
		if (n != NULL)
			free(n->base);
		free(n);
		if (--curl_users == 0)
			curl_global_cleanup();
		nomem(err);
		return NULL;
	}
	len = strlen(n->base);
	while (len > 0 && n->base[len - 1] == '/')
		n->base[--len] = '\0';
	n->next_id = 1;
	return n;
}

static void
req_stop_transfer(struct req *r)
{
	if (r->easy != NULL) {
		curl_multi_remove_handle(r->net->multi, r->easy);
		curl_easy_cleanup(r->easy);
		r->easy = NULL;
	}
	curl_slist_free_all(r->headers);
	r->headers = NULL;
}

static void
req_free(struct req *r)
{
	req_stop_transfer(r);
	free(r->path);
	free(r->body);
	free(r->answer.s);
	free(r->cursor);
	for (size_t i = 0; i < sizeof r->pstrings / sizeof r->pstrings[0]; i++)
		free(r->pstrings[i]);
	free(r->pending.s);
	net_sse_free(&r->sse);
	free(r);
}

void
net_close(struct net *n)
{
	struct req *r, *next;

	if (n == NULL)
		return;
	for (r = n->reqs; r != NULL; r = next) {
		next = r->next;
		req_free(r);
	}
	curl_multi_cleanup(n->multi);
	free(n->base);
	wipe(n->token);
	free(n->token);
	free(n);
	if (--curl_users == 0)
		curl_global_cleanup();
}

static void events_schedule(struct req *r, long long delay_ms);

int
net_set_token(struct net *n, const char *token)
{
	char *t = NULL;

	if (token != NULL && (t = strdup(token)) == NULL)
		return -1;
	wipe(n->token);
	free(n->token);
	n->token = t;
	if (t != NULL && n->events != NULL && n->events->wait_token) {
		n->events->wait_token = false;
		events_schedule(n->events, 0);
	}
	return 0;
}

/* ---- starting a transfer ------------------------------------------------------- */

static size_t
on_answer(char *data, size_t size, size_t nmemb, void *arg)
{
	struct req *r = arg;
	size_t n = size * nmemb;
	struct bytes *b = &r->answer;
	long status = 0;

	if (r->kind == REQ_EVENTS) {
		curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
		if (status == 200)
			b = &r->pending;	/* parsed in net_dispatch, outside libcurl */
	}
	if (b->len + n > (b == &r->pending ? EVENTS_MAX_PENDING : NET_MAX_ANSWER)) {
		r->too_large = true;
		return 0;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *s;

		while (cap < b->len + n + 1)
			cap *= 2;
		if ((s = realloc(b->s, cap)) == NULL)
			return 0;
		b->s = s;
		b->cap = cap;
	}
	memcpy(b->s + b->len, data, n);
	b->len += n;
	b->s[b->len] = '\0';
	return n;
}

/* Adds "name: value" ("name:" alone when value is NULL: no such header). */
static bool
add_header(struct req *r, const char *name, const char *value)
{
	char line[1024];
	struct curl_slist *l;

	if (snprintf(line, sizeof line, "%s:%s%s", name, value ? " " : "",
	    value ? value : "") >= (int)sizeof line)
		return false;
	l = curl_slist_append(r->headers, line);
	wipe(line);
	if (l == NULL)
		return false;
	r->headers = l;
	return true;
}

static bool
add_bearer(struct req *r, const char *token)
{
	char value[600];
	bool ok;

	if (snprintf(value, sizeof value, "Bearer %s", token) >= (int)sizeof value)
		return false;
	ok = add_header(r, "Authorization", value);
	wipe(value);
	return ok;
}

/* Starts (or starts again) the transfer of r; -1 when memory runs out. */
static int
req_start(struct req *r)
{
	struct net *n = r->net;
	char url[8192], num[24];
	CURL *e;

	req_stop_transfer(r);
	r->answer.len = 0;
	r->too_large = false;
	r->curl_error[0] = '\0';
	r->start_at = 0;
	r->attempts++;
	if (snprintf(url, sizeof url, "%s%s", n->base, r->path) >= (int)sizeof url)
		return -1;
	if ((e = r->easy = curl_easy_init()) == NULL)
		return -1;
	if (!add_header(r, "Accept", r->kind == REQ_EVENTS ? "text/event-stream"
	    : "application/json") ||
	    !add_header(r, "Expect", NULL) ||
	    (n->token != NULL && !add_bearer(r, n->token)) ||
	    (r->body != NULL && !add_header(r, "Content-Type", "application/json")) ||
	    (r->key[0] != '\0' && !add_header(r, "Idempotency-Key", r->key)))
		return -1;
	if (r->kind == REQ_EVENTS) {
		long long last = r->sse.last_id > 0 ? r->sse.last_id : r->resume_id;

		if (last >= 0) {
			snprintf(num, sizeof num, "%lld", last);
			if (!add_header(r, "Last-Event-ID", num))
				return -1;
		}
		net_sse_restart(&r->sse);
		r->pending.len = 0;
		r->last_byte_at = now_ms();
	}
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, (void *)r);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->headers);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_answer);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, (void *)r);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->curl_error);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, CONNECT_TIMEOUT_MS);
	if (r->kind != REQ_EVENTS)
		curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, REQUEST_TIMEOUT_MS);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "pupitre/" PUPITRE_VERSION);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
	/* a PUT carries its body like a POST, under its own name */
	if (strcmp(r->method, "POST") == 0 || r->body != NULL) {
		curl_easy_setopt(e, CURLOPT_POST, 1L);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body ? r->body : "");
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)(r->body ? strlen(r->body) : 0));
	}
	if (strcmp(r->method, "POST") != 0 && strcmp(r->method, "GET") != 0)
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r->method);
	if (curl_multi_add_handle(n->multi, e) != CURLM_OK)
		return -1;
	return 0;
}

/* A new request, started at once; NULL with err filled when it cannot be. */
static struct req *
req_new(struct net *n, enum req_kind kind, const char *method, char *path, char *body,
    void *arg, struct net_error *err)
{
	struct req *r = calloc(1, sizeof *r);

	if (r == NULL || path == NULL) {
		free(r);
		free(path);
		free(body);
		nomem(err);
		return NULL;
	}
	r->net = n;
	r->kind = kind;
	r->method = method;
	r->path = path;
	r->body = body;
	r->arg = arg;
	r->total = -1;
	r->resume_id = -1;
	net_sse_init(&r->sse);
	r->id = n->next_id++;
	if (n->next_id == LONG_MAX)
		n->next_id = 1;
	return r;
}

/* Puts r in the list and starts it; frees it and returns -1 when it cannot start. */
static long
req_launch(struct net *n, struct req *r, struct net_error *err)
{
	struct req **tail;

	if (req_start(r) != 0) {
		req_free(r);
		nomem(err);
		return -1;
	}
	for (tail = &n->reqs; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = r;
	return r->id;
}

/* prefix followed by arg (if any), malloc'd. */
static char *
path_of(const char *prefix, const char *arg)
{
	size_t a = strlen(prefix), b = arg ? strlen(arg) : 0;
	char *p = malloc(a + b + 1);

	if (p != NULL) {
		memcpy(p, prefix, a);
		if (b > 0)
			memcpy(p + a, arg, b);
		p[a + b] = '\0';
	}
	return p;
}

/* ---- operations ------------------------------------------------------------------ */

long
net_login(struct net *n, const char *login, const char *password, net_session_cb cb,
    void *arg, struct net_error *err)
{
	char *body = net_encode_login(login, password, err);
	struct req *r;
	long id;

	if (body == NULL)
		return -1;
	r = req_new(n, REQ_LOGIN, "POST", path_of("/v1/sessions", NULL), body, arg, err);
	if (r == NULL)
		return -1;
	r->cb.session = cb;
	id = req_launch(n, r, err);
	return id;
}

long
net_whoami(struct net *n, net_agent_cb cb, void *arg, struct net_error *err)
{
	struct req *r = req_new(n, REQ_WHOAMI, "GET", path_of("/v1/me", NULL), NULL, arg, err);

	if (r == NULL)
		return -1;
	r->cb.agent = cb;
	return req_launch(n, r, err);
}

long
net_logout(struct net *n, net_done_cb cb, void *arg, struct net_error *err)
{
	struct req *r = req_new(n, REQ_LOGOUT, "DELETE", path_of("/v1/sessions/current", NULL),
	    NULL, arg, err);

	if (r == NULL)
		return -1;
	r->cb.done = cb;
	return req_launch(n, r, err);
}

/* The path of the next queue page of r. */
static char *
queue_path(struct req *r, struct net_error *err)
{
	struct net_queue_filter f = r->filter;
	char *query, *path;

	f.cursor = r->cursor;
	if (r->kind == REQ_QUEUE_ALL)
		f.limit = r->next_limit;
	query = net_encode_queue_query(&f, err);
	if (query == NULL)
		return NULL;
	path = path_of("/v1/moderation/queue?", query);
	free(query);
	if (path == NULL)
		nomem(err);
	return path;
}

static long
queue_request(struct net *n, enum req_kind kind, const struct net_queue_filter *f,
    unsigned first_limit, net_queue_cb cb, void *arg, struct net_error *err)
{
	struct net_queue_filter empty;
	struct req *r;
	char *path;

	if (f == NULL) {
		memset(&empty, 0, sizeof empty);
		f = &empty;
	}
	r = req_new(n, kind, "GET", strdup("/"), NULL, arg, err);
	if (r == NULL)
		return -1;
	r->cb.queue = cb;
	r->filter = *f;
	r->filter.cursor = NULL;
	if (f->cursor != NULL && (r->cursor = strdup(f->cursor)) == NULL) {
		req_free(r);
		nomem(err);
		return -1;
	}
	if (kind == REQ_QUEUE_ALL) {
		r->next_limit = first_limit ? first_limit : QUEUE_FIRST_LIMIT;
		if (r->next_limit > QUEUE_NEXT_LIMIT)
			r->next_limit = QUEUE_NEXT_LIMIT;
	}
	if ((path = queue_path(r, err)) == NULL) {
		req_free(r);
		return -1;
	}
	free(r->path);
	r->path = path;
	return req_launch(n, r, err);
}

long
net_queue_page(struct net *n, const struct net_queue_filter *f, net_queue_cb cb, void *arg,
    struct net_error *err)
{
	return queue_request(n, REQ_QUEUE, f, 0, cb, arg, err);
}

long
net_queue_load_all(struct net *n, const struct net_queue_filter *f, unsigned first_limit,
    net_queue_cb cb, void *arg, struct net_error *err)
{
	return queue_request(n, REQ_QUEUE_ALL, f, first_limit, cb, arg, err);
}

/* The path of the next page of proposals of r. */
static char *
proposals_path(struct req *r, struct net_error *err)
{
	struct net_proposal_filter f = r->pfilter;
	char *query, *path;

	f.cursor = r->cursor;
	if (r->kind == REQ_PROPOSALS_ALL)
		f.limit = r->next_limit;
	query = net_encode_proposal_query(&f, err);
	if (query == NULL)
		return NULL;
	path = path_of("/v1/proposals?", query);
	free(query);
	if (path == NULL)
		nomem(err);
	return path;
}

/* Copies the strings of f into r, so that the caller's may go. */
static int
proposals_copy_filter(struct req *r, const struct net_proposal_filter *f)
{
	const char **fields[] = {
		&r->pfilter.state, &r->pfilter.stage, &r->pfilter.district,
		&r->pfilter.department, &r->pfilter.theme, &r->pfilter.referent, &r->pfilter.q,
	};
	size_t i;

	r->pfilter = *f;
	r->pfilter.cursor = NULL;
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (*fields[i] == NULL)
			continue;
		if ((r->pstrings[i] = strdup(*fields[i])) == NULL)
			return -1;
		*fields[i] = r->pstrings[i];
	}
	return 0;
}

static long
proposals_request(struct net *n, enum req_kind kind, const struct net_proposal_filter *f,
    unsigned first_limit, net_proposal_page_cb cb, void *arg, struct net_error *err)
{
	struct net_proposal_filter empty;
	struct req *r;
	char *path;

	if (f == NULL) {
		memset(&empty, 0, sizeof empty);
		f = &empty;
	}
	r = req_new(n, kind, "GET", strdup("/"), NULL, arg, err);
	if (r == NULL)
		return -1;
	r->cb.proposals = cb;
	if (proposals_copy_filter(r, f) != 0 ||
	    (f->cursor != NULL && (r->cursor = strdup(f->cursor)) == NULL)) {
		req_free(r);
		nomem(err);
		return -1;
	}
	if (kind == REQ_PROPOSALS_ALL) {
		r->next_limit = first_limit ? first_limit : QUEUE_FIRST_LIMIT;
		if (r->next_limit > QUEUE_NEXT_LIMIT)
			r->next_limit = QUEUE_NEXT_LIMIT;
	}
	if ((path = proposals_path(r, err)) == NULL) {
		req_free(r);
		return -1;
	}
	free(r->path);
	r->path = path;
	return req_launch(n, r, err);
}

long
net_proposal_list(struct net *n, const struct net_proposal_filter *f, net_proposal_page_cb cb,
    void *arg, struct net_error *err)
{
	return proposals_request(n, REQ_PROPOSALS, f, 0, cb, arg, err);
}

long
net_proposal_load_all(struct net *n, const struct net_proposal_filter *f, unsigned first_limit,
    net_proposal_page_cb cb, void *arg, struct net_error *err)
{
	return proposals_request(n, REQ_PROPOSALS_ALL, f, first_limit, cb, arg, err);
}

/* A request of net.c's own answered by one decoder and one callback. */
NET_CALL_FINISH(finish_decision, net_decision_cb, struct net_decision, net_decode_decision)
NET_CALL_FINISH(finish_proposal, net_proposal_cb, struct net_proposal, net_decode_proposal)
NET_CALL_FINISH(finish_author, net_author_cb, struct net_author, net_decode_author)

/* The words of a decision in progress, per action: singular, plural. */
static const char *const decide_labels[NET_ACTIONS][2] = {
	{ NN_("hiding %s item", "hiding %s items") },
	{ NN_("dismissing the reports of %s item", "dismissing the reports of %s items") },
	{ NN_("restoring %s item", "restoring %s items") },
	{ NN_("blocking the authors of %s item", "blocking the authors of %s items") },
	{ NN_("escalating %s item", "escalating %s items") },
};

static void group_digits(size_t n, char *out, size_t size);

long
net_decide(struct net *n, const struct net_decide_request *d, net_decision_cb cb, void *arg,
    struct net_error *err)
{
	/* one key for every attempt: the server applies the decision once */
	struct net_call c = { .method = "POST", .once = true, .finish = finish_decision,
		.cb = (net_call_cb)cb, .arg = arg };
	char count[32];

	if ((c.body = net_encode_decide(d, err)) == NULL)
		return -1;
	c.path = path_of("/v1/moderation/decisions", NULL);
	group_digits(d->count, count, sizeof count);
	/* the formats come from the table above, each with one %s */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(c.label, sizeof c.label, ngettext(decide_labels[d->action][0],
	    decide_labels[d->action][1], d->count), count);
#pragma GCC diagnostic pop
	return net_call(n, &c, err);
}

long
net_proposal_get(struct net *n, long long id, net_proposal_cb cb, void *arg,
    struct net_error *err)
{
	struct net_call c = { .method = "GET", .finish = finish_proposal, .cb = (net_call_cb)cb,
		.arg = arg };

	if (id <= 0) {
		net_error_set(err, 0, "invalid", false, "%s", _("no such proposal"));
		return -1;
	}
	c.path = net_call_path("/v1/proposals/", id, NULL);
	snprintf(c.label, sizeof c.label, _("loading proposal %lld"), id);
	return net_call(n, &c, err);
}

long
net_author_get(struct net *n, long long citizen_id, net_author_cb cb, void *arg,
    struct net_error *err)
{
	struct net_call c = { .method = "GET", .finish = finish_author, .cb = (net_call_cb)cb,
		.arg = arg };

	if (citizen_id <= 0) {
		net_error_set(err, 0, "invalid", false, "%s", _("no such citizen"));
		return -1;
	}
	c.path = net_call_path("/v1/moderation/authors/", citizen_id, NULL);
	snprintf(c.label, sizeof c.label, _("loading the history of author %lld"), citizen_id);
	return net_call(n, &c, err);
}

long
net_call(struct net *n, struct net_call *c, struct net_error *err)
{
	struct req *r = req_new(n, REQ_CALL, c->method, c->path, c->body, c->arg, err);

	c->path = c->body = NULL;
	if (r == NULL)
		return -1;
	r->finish = c->finish;
	r->call_cb = c->cb;
	snprintf(r->label, sizeof r->label, "%s", c->label);
	if (c->once && c->key != NULL) {
		if (c->key[0] == '\0' || strlen(c->key) >= sizeof r->key ||
		    strspn(c->key, "0123456789abcdefABCDEF-") != strlen(c->key)) {
			net_error_set(err, 0, "invalid", false, "%s", _("the request's key is not valid"));
			req_free(r);
			return -1;
		}
		snprintf(r->key, sizeof r->key, "%s", c->key);
	} else if (c->once && net_random_key(r->key, err) != 0) {
		req_free(r);
		return -1;
	}
	return req_launch(n, r, err);
}

char *
net_call_path(const char *prefix, long long id, const char *suffix)
{
	char num[24];
	size_t a = strlen(prefix), b, c = suffix ? strlen(suffix) : 0;
	char *p;

	snprintf(num, sizeof num, "%lld", id);
	b = strlen(num);
	if ((p = malloc(a + b + c + 1)) == NULL)
		return NULL;
	memcpy(p, prefix, a);
	memcpy(p + a, num, b);
	if (c > 0)
		memcpy(p + a + b, suffix, c);
	p[a + b + c] = '\0';
	return p;
}

long
net_events(struct net *n, long long last_id, net_event_cb on_event, net_link_cb on_link,
    void *arg, struct net_error *err)
{
	struct req *r;

	net_events_stop(n);
	r = req_new(n, REQ_EVENTS, "GET", path_of("/v1/events", NULL), NULL, arg, err);
	if (r == NULL)
		return -1;
	r->on_event = on_event;
	r->on_link = on_link;
	r->resume_id = last_id >= 0 ? last_id : -1;
	r->backoff_ms = EVENTS_BACKOFF_MIN;
	n->events = r;
	if (req_launch(n, r, err) < 0) {
		n->events = NULL;
		return -1;
	}
	return r->id;
}

void
net_events_stop(struct net *n)
{
	if (n->events != NULL) {
		req_stop_transfer(n->events);
		n->events->done = true;
		n->events = NULL;
	}
}

bool
net_events_connected(const struct net *n)
{
	return n->events != NULL && n->events->link > 0;
}

long long
net_events_last_id(const struct net *n)
{
	if (n->events == NULL)
		return -1;
	return n->events->sse.last_id > 0 ? n->events->sse.last_id : n->events->resume_id;
}

/* ---- cancelling --------------------------------------------------------------------- */

static struct req *
req_find(const struct net *n, long id)
{
	struct req *r;

	for (r = n->reqs; r != NULL; r = r->next)
		if (r->id == id && !r->done)
			return r;
	return NULL;
}

static void
req_cancel(struct req *r)
{
	if (r->kind == REQ_EVENTS) {
		if (r->net->events == r)
			net_events_stop(r->net);
		return;
	}
	req_stop_transfer(r);
	r->start_at = 0;
	r->done = true;
	r->cancelled = true;	/* its callback runs at the next dispatch */
}

void
net_cancel(struct net *n, long request_id)
{
	struct req *r = req_find(n, request_id);

	if (r != NULL)
		req_cancel(r);
}

void
net_cancel_all(struct net *n)
{
	struct req *r;

	for (r = n->reqs; r != NULL; r = r->next)
		if (!r->done && r->kind != REQ_EVENTS)
			req_cancel(r);
}

/* ---- what is in flight ------------------------------------------------------------------ */

/* n with the locale's thousands separator (a comma when it has none): 3,200. */
static void
group_digits(size_t n, char *out, size_t size)
{
	const char *sep = localeconv()->thousands_sep;
	char digits[32], tmp[64];
	size_t len, i, o = 0, slen;

	if (sep == NULL || sep[0] == '\0')
		sep = ",";
	slen = strlen(sep);
	len = (size_t)snprintf(digits, sizeof digits, "%zu", n);
	for (i = 0; i < len && o + slen + 2 < sizeof tmp; i++) {
		if (i > 0 && (len - i) % 3 == 0) {
			memcpy(tmp + o, sep, slen);
			o += slen;
		}
		tmp[o++] = digits[i];
	}
	tmp[o] = '\0';
	if (o >= size)
		o = size - 1;
	memcpy(out, tmp, o);
	out[o] = '\0';
}

static void
req_label(const struct req *r, char *out, size_t size)
{
	char a[32], b[32];

	switch (r->kind) {
	case REQ_LOGIN:
		snprintf(out, size, "%s", _("logging in"));
		break;
	case REQ_WHOAMI:
		snprintf(out, size, "%s", _("checking the session"));
		break;
	case REQ_LOGOUT:
		snprintf(out, size, "%s", _("logging out"));
		break;
	case REQ_QUEUE:
		snprintf(out, size, "%s", _("loading the queue"));
		break;
	case REQ_QUEUE_ALL:
		group_digits(r->loaded, a, sizeof a);
		if (r->loaded == 0) {
			snprintf(out, size, "%s", _("loading the queue"));
		} else if (r->total >= 0) {
			group_digits((size_t)r->total, b, sizeof b);
			snprintf(out, size, _("loading queue %s/%s"), a, b);
		} else {
			snprintf(out, size, _("loading queue %s"), a);
		}
		break;
	case REQ_EVENTS:
		snprintf(out, size, "%s", _("events"));
		break;
	case REQ_CALL:
		if (r->attempts > 1)
			snprintf(out, size, _("%s (try %d of %d)"), r->label, r->attempts,
			    WRITE_ATTEMPTS);
		else
			snprintf(out, size, "%s", r->label);
		break;
	case REQ_PROPOSALS:
	case REQ_PROPOSALS_ALL:
		group_digits(r->loaded, a, sizeof a);
		if (r->loaded == 0)
			snprintf(out, size, "%s", _("loading the proposals"));
		else
			snprintf(out, size, _("loading proposals %s"), a);
		break;
	}
}

int
net_in_flight(const struct net *n)
{
	const struct req *r;
	int count = 0;

	for (r = n->reqs; r != NULL; r = r->next)
		if (!r->done && r->kind != REQ_EVENTS)
			count++;
	return count;
}

size_t
net_status(const struct net *n, char *buf, size_t size)
{
	const struct req *r;
	char label[128];
	size_t len = 0;
	int w;

	if (size > 0)
		buf[0] = '\0';
	for (r = n->reqs; r != NULL; r = r->next) {
		if (r->done || r->kind == REQ_EVENTS)
			continue;
		req_label(r, label, sizeof label);
		w = snprintf(size > len ? buf + len : NULL, size > len ? size - len : 0, "%s%s",
		    len ? "; " : "", label);
		if (w > 0)
			len += (size_t)w;
	}
	return len;
}

size_t
net_requests(const struct net *n, struct net_request_info *out, size_t max)
{
	const struct req *r;
	size_t count = 0;

	for (r = n->reqs; r != NULL; r = r->next) {
		if (r->done || r->kind == REQ_EVENTS)
			continue;
		if (count < max) {
			out[count].id = r->id;
			req_label(r, out[count].label, sizeof out[count].label);
		}
		count++;
	}
	return count;
}

/* ---- waiting ------------------------------------------------------------------------------ */

/* Milliseconds until the next timer of net's own (retries, the watchdog), -1 when none. */
static long long
next_timer(const struct net *n)
{
	const struct req *r;
	long long now = now_ms(), best = -1, t;

	for (r = n->reqs; r != NULL; r = r->next) {
		if (r->cancelled)
			return 0;
		if (r->done)
			continue;
		t = -1;
		if (r->start_at > 0)
			t = r->start_at - now;
		else if (r->kind == REQ_EVENTS && r->easy != NULL)
			t = r->last_byte_at + EVENTS_IDLE_MS - now;
		if (r->kind == REQ_EVENTS && r->pending.len > 0)
			t = 0;
		if (t < 0 && t != -1)
			t = 0;
		if (t >= 0 && (best < 0 || t < best))
			best = t;
	}
	return best;
}

int
net_wait(struct net *n, struct pollfd *extra, unsigned nextra, int timeout_ms)
{
	struct curl_waitfd wfd[8];
	long long timer = next_timer(n);
	unsigned i, ready = 0;
	int numfds = 0;

	if (nextra > sizeof wfd / sizeof *wfd)
		nextra = sizeof wfd / sizeof *wfd;
	long curl_timer = -1;

	if (timer >= 0 && (timeout_ms < 0 || timer < timeout_ms))
		timeout_ms = (int)timer;
	/* a request added since the last perform wants one at once (0 here):
	 * without this the next page of a load would wait for the timeout */
	if (curl_multi_timeout(n->multi, &curl_timer) == CURLM_OK && curl_timer >= 0 &&
	    (timeout_ms < 0 || curl_timer < timeout_ms))
		timeout_ms = (int)curl_timer;
	if (timeout_ms < 0)
		timeout_ms = INT_MAX;
	for (i = 0; i < nextra; i++) {
		wfd[i].fd = extra[i].fd;
		wfd[i].events = (short)(((extra[i].events & POLLIN) ? CURL_WAIT_POLLIN : 0) |
		    ((extra[i].events & POLLPRI) ? CURL_WAIT_POLLPRI : 0) |
		    ((extra[i].events & POLLOUT) ? CURL_WAIT_POLLOUT : 0));
		wfd[i].revents = 0;
		extra[i].revents = 0;
	}
	if (curl_multi_poll(n->multi, wfd, nextra, timeout_ms, &numfds) != CURLM_OK)
		return -1;
	/* libcurl reports POLLIN/OUT/PRI only: ask again for the exact events
	 * (a closed stdin is a POLLHUP) without waiting */
	if (nextra > 0 && poll(extra, nextra, 0) > 0)
		for (i = 0; i < nextra; i++)
			if (extra[i].revents != 0)
				ready++;
	return numfds > (int)ready ? numfds : (int)ready;
}

/* ---- finishing ------------------------------------------------------------------------------- */

/* The final callback of r with an error. */
static void
deliver_error(struct req *r, const struct net_error *err)
{
	r->done = true;
	switch (r->kind) {
	case REQ_LOGIN:
		if (r->cb.session)
			r->cb.session(r->arg, r->id, NULL, err);
		break;
	case REQ_WHOAMI:
		if (r->cb.agent)
			r->cb.agent(r->arg, r->id, NULL, err);
		break;
	case REQ_LOGOUT:
		if (r->cb.done)
			r->cb.done(r->arg, r->id, err);
		break;
	case REQ_QUEUE:
	case REQ_QUEUE_ALL:
		if (r->cb.queue)
			r->cb.queue(r->arg, r->id, NULL, err);
		break;
	case REQ_PROPOSALS:
	case REQ_PROPOSALS_ALL:
		if (r->cb.proposals)
			r->cb.proposals(r->arg, r->id, NULL, err);
		break;
	case REQ_CALL:
		if (r->finish)
			r->finish(r->call_cb, r->arg, r->id, NULL, 0, err);
		break;
	case REQ_EVENTS:
		break;
	}
}

/*
 * Sends the next page of a load-all request r, from cursor; the page just
 * read is shown after, so that the network works meanwhile. -1 when it
 * cannot go out: r has then ended with its error.
 */
static int
next_page(struct req *r, const char *cursor, unsigned limit,
    char *(*page_path)(struct req *, struct net_error *))
{
	struct net_error err;
	char *path;

	free(r->cursor);
	r->cursor = strdup(cursor);
	r->next_limit = limit;
	path = r->cursor ? page_path(r, &err) : NULL;
	if (path != NULL) {
		free(r->path);
		r->path = path;
		r->attempts = 0;
		if (req_start(r) == 0)
			return 0;
	}
	nomem(&err);
	deliver_error(r, &err);
	return -1;
}

static void
finish_queue(struct req *r)
{
	struct net_queue_page page;
	struct net_error err;

	if (net_decode_queue_page(r->answer.s, r->answer.len, &page, &err) != 0) {
		deliver_error(r, &err);
		return;
	}
	r->loaded += page.count;
	if (page.total >= 0)
		r->total = page.total;
	page.loaded = r->loaded;
	page.total = r->total;
	if (r->kind == REQ_QUEUE_ALL && !page.done) {
		if (next_page(r, page.next_cursor,
		    r->filter.limit ? r->filter.limit : QUEUE_NEXT_LIMIT, queue_path) != 0) {
			net_queue_page_free(&page);
			return;
		}
	} else {
		r->done = true;
	}
	if (r->cb.queue)
		r->cb.queue(r->arg, r->id, &page, NULL);
	net_queue_page_free(&page);
}

static void
finish_proposals(struct req *r)
{
	struct net_proposal_page page;
	struct net_error err;

	if (net_decode_proposal_page(r->answer.s, r->answer.len, &page, &err) != 0) {
		deliver_error(r, &err);
		return;
	}
	r->loaded += page.count;
	page.loaded = r->loaded;
	if (r->kind == REQ_PROPOSALS_ALL && !page.done) {
		if (next_page(r, page.next_cursor,
		    r->pfilter.limit ? r->pfilter.limit : QUEUE_NEXT_LIMIT, proposals_path) != 0) {
			net_proposal_page_free(&page);
			return;
		}
	} else {
		r->done = true;
	}
	if (r->cb.proposals)
		r->cb.proposals(r->arg, r->id, &page, NULL);
	net_proposal_page_free(&page);
}

/* The final callback of r with its answer (status 2xx). */
static void
deliver_answer(struct req *r)
{
	struct net_error err;
	const char *s = r->answer.s;
	size_t len = r->answer.len;

	switch (r->kind) {
	case REQ_LOGIN: {
		struct net_session sess;

		if (net_decode_session(s, len, &sess, &err) != 0)
			break;
		if (net_set_token(r->net, sess.token) != 0) {
			net_session_free(&sess);
			nomem(&err);
			break;
		}
		r->done = true;
		if (r->cb.session)
			r->cb.session(r->arg, r->id, &sess, NULL);
		net_session_free(&sess);
		return;
	}
	case REQ_WHOAMI: {
		struct net_agent agent;
		void *mem;

		if (net_decode_whoami(s, len, &agent, &mem, &err) != 0)
			break;
		r->done = true;
		if (r->cb.agent)
			r->cb.agent(r->arg, r->id, &agent, NULL);
		net_mem_free(mem);
		return;
	}
	case REQ_LOGOUT:
		net_set_token(r->net, NULL);
		r->done = true;
		if (r->cb.done)
			r->cb.done(r->arg, r->id, NULL);
		return;
	case REQ_QUEUE:
	case REQ_QUEUE_ALL:
		finish_queue(r);
		return;
	case REQ_PROPOSALS:
	case REQ_PROPOSALS_ALL:
		finish_proposals(r);
		return;
	case REQ_CALL:
		r->done = true;
		if (r->finish)
			r->finish(r->call_cb, r->arg, r->id, s ? s : "", len, NULL);
		return;
	case REQ_EVENTS:
		return;
	}
	deliver_error(r, &err);
}

/* The error of a transfer that got no HTTP answer. */
static void
network_error(const struct req *r, CURLcode code, struct net_error *err)
{
	const char *why = r->curl_error[0] ? r->curl_error : curl_easy_strerror(code);

	net_error_set(err, 0, "network", true, _("cannot reach the server at %s: %s"),
	    r->net->base, why);
}

static void
link_change(struct req *r, int link, const struct net_error *why)
{
	if (r->link == link)
		return;
	r->link = link;
	if (r->on_link)
		r->on_link(r->arg, link > 0, why);
}

static void
events_schedule(struct req *r, long long delay_ms)
{
	req_stop_transfer(r);
	r->start_at = now_ms() + delay_ms;
	if (r->start_at == 0)
		r->start_at = 1;
}

/* The stream ended or failed: say so, and come back later. */
static void
events_lost(struct req *r, const struct net_error *why)
{
	req_stop_transfer(r);
	link_change(r, -1, why);
	if (r->done)
		return;		/* stopped from the callback */
	if (why != NULL && (why->status == 401 || why->status == 403)) {
		r->wait_token = true;	/* a new login will bring it back */
		return;
	}
	events_schedule(r, r->sse.retry_ms > r->backoff_ms ? r->sse.retry_ms : r->backoff_ms);
	r->backoff_ms = r->backoff_ms * 2 > EVENTS_BACKOFF_MAX ? EVENTS_BACKOFF_MAX
	    : r->backoff_ms * 2;
}

static void
finish(struct req *r, CURLcode code)
{
	struct net_error err;
	long status = 0;

	if (r->easy != NULL)
		curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
	req_stop_transfer(r);
	if (r->too_large) {
		net_error_set(&err, (int)status, "malformed", false, "%s",
		    _("unexpected answer from the server: it is too large"));
	} else if (code != CURLE_OK) {
		network_error(r, code, &err);
	} else if ((status >= 200 && status < 300 && r->kind != REQ_EVENTS) ||
	    (status == 401 && r->kind == REQ_LOGOUT)) {
		/* a logout of a session already gone has done its job */
		deliver_answer(r);
		return;
	} else if (r->kind == REQ_EVENTS && status == 200) {
		net_error_set(&err, 0, "network", true, "%s",
		    _("the server closed the event stream"));
	} else {
		net_decode_error((int)status, r->answer.s, r->answer.len, &err);
	}
	if (r->kind == REQ_EVENTS) {
		events_lost(r, &err);
		return;
	}
	if (r->kind == REQ_CALL && r->key[0] != '\0' &&
	    (err.network || status == 503) &&
	    r->attempts < WRITE_ATTEMPTS) {
		/* again with the same key: applied once whatever happened */
		r->start_at = now_ms() + (1000LL << (r->attempts - 1));
		return;
	}
	deliver_error(r, &err);
}

/* ---- dispatching ---------------------------------------------------------------------------------- */

static void
on_record(void *arg, const char *type, long long id, const char *data, size_t len)
{
	struct req *r = arg;
	struct net_event ev;
	struct net_error err;

	if (r->done || r->net->events != r)
		return;		/* stopped by an earlier event's callback */
	if (net_decode_event(type, id, data, len, &ev, &err) != 0)
		return;		/* one unreadable event is not worth the stream */
	if (r->on_event)
		r->on_event(r->arg, &ev);
	net_event_free(&ev);
}

/* Parses what the stream brought since the last dispatch. */
static void
events_read(struct req *r)
{
	struct net_error err;
	char *bytes;
	size_t len;

	if (r->pending.len == 0)
		return;
	r->last_byte_at = now_ms();
	r->backoff_ms = EVENTS_BACKOFF_MIN;
	link_change(r, 1, NULL);
	if (r->done)
		return;
	/* take the bytes: a callback may stop the stream and restart another */
	bytes = r->pending.s;
	len = r->pending.len;
	r->pending.s = NULL;
	r->pending.len = r->pending.cap = 0;
	if (net_sse_feed(&r->sse, bytes, len, on_record, r) != 0 && !r->done &&
	    r->net->events == r) {
		net_error_set(&err, 0, "malformed", false, "%s",
		    _("the event stream sent a record too large to read"));
		events_lost(r, &err);
	}
	free(bytes);
}

void
net_dispatch(struct net *n)
{
	struct req *r, **p;
	struct net_error err;
	CURLMsg *msg;
	long long now;
	int running, left;

	if (n->dispatching)
		return;
	n->dispatching = true;
	curl_multi_perform(n->multi, &running);
	for (r = n->reqs; r != NULL; r = r->next)
		if (r->kind == REQ_EVENTS && !r->done)
			events_read(r);
	while ((msg = curl_multi_info_read(n->multi, &left)) != NULL) {
		char *priv = NULL;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
		r = (struct req *)(void *)priv;
		if (r == NULL || r->easy != msg->easy_handle)
			continue;
		if (r->kind == REQ_EVENTS)
			events_read(r);	/* the last bytes before the end */
		finish(r, msg->data.result);
	}
	now = now_ms();
	for (r = n->reqs; r != NULL; r = r->next) {
		if (r->cancelled) {
			r->cancelled = false;
			if (r->kind == REQ_CALL && r->key[0] != '\0')
				net_error_set(&err, 0, "cancelled", false, "%s",
				    _("cancelled: the decision may have been applied already; reload to see"));
			else
				net_error_set(&err, 0, "cancelled", false, "%s", _("cancelled"));
			deliver_error(r, &err);
			continue;
		}
		if (r->done)
			continue;
		if (r->start_at > 0 && r->start_at <= now) {
			if (req_start(r) != 0) {
				req_stop_transfer(r);
				nomem(&err);
				if (r->kind == REQ_EVENTS)
					events_lost(r, &err);
				else
					deliver_error(r, &err);
			}
		} else if (r->kind == REQ_EVENTS && r->easy != NULL &&
		    now - r->last_byte_at >= EVENTS_IDLE_MS) {
			net_error_set(&err, 0, "network", true, "%s",
			    _("the event stream went silent"));
			events_lost(r, &err);
		}
	}
	/* the sweep: requests whose final callback ran */
	for (p = &n->reqs; *p != NULL;) {
		r = *p;
		if (r->done && !r->cancelled) {
			*p = r->next;
			req_free(r);
		} else {
			p = &r->next;
		}
	}
	n->dispatching = false;
}
