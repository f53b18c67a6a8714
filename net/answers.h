/* Answers to citizens over the API: the templates, the preview of an
 * answer as each author would read it, and the send, applied once for a
 * key the caller keeps (a resend after a failure uses the same key, so
 * that no citizen is answered twice). Plain C structs, as in net.h. */
#ifndef NET_ANSWERS_H
#define NET_ANSWERS_H

#include <stddef.h>
#include <time.h>

#include "net.h"

/* One template of the list (GET /v1/templates) or read alone. */
struct net_template {
	long long id;
	const char *name;	/* raw */
	const char *body;	/* raw: text with {{placeholders}} */
	int version;
	time_t updated_at;	/* 0 when unknown */
};

/* A placeholder the server fills in, and what it holds. */
struct net_template_variable {
	const char *name, *description;
};

struct net_template_list {
	struct net_template *items;		/* by name */
	size_t count;
	struct net_template_variable *variables;
	size_t nvariables;
	void *mem;				/* private */
};

/* What an answer is to: its targets and either a template or a text. */
struct net_answer_request {
	const struct net_target *targets;	/* 1 to 10,000, each once */
	size_t count;
	long long template_id;			/* 0: body is the text */
	const char *body;
	/* the send's key (from net_answer_key), the same for a resend of
	 * the same answers; unused by the preview */
	const char *key;
};

/* One target of a preview: the text its author would get, or why not. */
struct net_answer_preview_item {
	struct net_target target;
	enum net_item_status status;	/* ok, or invalid ("no such proposal") */
	const char *message;		/* why, when not ok; may be NULL */
	long long citizen_id;		/* 0 when not ok */
	const char *citizen_name;	/* raw; NULL when not ok */
	long long proposal_id;		/* a comment's proposal; 0 when not ok */
	const char *body;		/* raw: the rendered text; NULL when not ok */
};

struct net_answer_preview {
	struct net_answer_preview_item *items;	/* in the order of the targets */
	size_t count;
	size_t counts[NET_ITEM_STATUSES];
	void *mem;				/* private */
};

/* One target of a send. */
struct net_answer_result {
	struct net_target target;
	enum net_item_status status;
	const char *message;		/* why, when not ok; may be NULL */
	long long answer_id;		/* 0 when not ok */
};

struct net_answer_sent {
	const char *batch_id;
	struct net_answer_result *results;	/* in the order of the targets */
	size_t count;
	size_t counts[NET_ITEM_STATUSES];
	void *mem;				/* private */
};

typedef void (*net_template_list_cb)(void *arg, long id, const struct net_template_list *l,
    const struct net_error *err);
typedef void (*net_template_cb)(void *arg, long id, const struct net_template *t,
    const struct net_error *err);
typedef void (*net_answer_preview_cb)(void *arg, long id, const struct net_answer_preview *p,
    const struct net_error *err);
typedef void (*net_answer_sent_cb)(void *arg, long id, const struct net_answer_sent *s,
    const struct net_error *err);

/* As every operation of net.h: a request id, or -1 with err filled; the
 * callback runs once, and its answer lives until it returns. */

/* GET /v1/templates: every template, and the placeholders. */
long net_template_list(struct net *n, net_template_list_cb cb, void *arg,
    struct net_error *err);
/* GET /v1/templates/{id}. */
long net_template_get(struct net *n, long long id, net_template_cb cb, void *arg,
    struct net_error *err);
/* POST /v1/answers/preview: the text each author would get (nothing is sent).
 * The request is copied. */
long net_answer_preview(struct net *n, const struct net_answer_request *r,
    net_answer_preview_cb cb, void *arg, struct net_error *err);
/*
 * POST /v1/answers with r->key (required): stores and queues one answer
 * per target. The server applies a key once and gives its first response
 * to every later request with it, so that after a failure (no answer,
 * cancelled) the same request sent again with the same key answers nobody
 * twice. The request is copied.
 */
long net_answer_send(struct net *n, const struct net_answer_request *r,
    net_answer_sent_cb cb, void *arg, struct net_error *err);

/* A fresh random key for a send: 32 hex digits; -1 with err filled when
 * the system gives no randomness. */
int net_answer_key(char out[33], struct net_error *err);

/* The codec of these operations, each a function of a string so that tests
 * can feed it anything: 0 with *out filled (free it with the matching
 * free), or -1 with err filled and nothing to free. */
int net_decode_template_list(const char *json, size_t len, struct net_template_list *out,
    struct net_error *err);
void net_template_list_free(struct net_template_list *l);
int net_decode_template(const char *json, size_t len, struct net_template *out, void **mem,
    struct net_error *err);
int net_decode_answer_preview(const char *json, size_t len, struct net_answer_preview *out,
    struct net_error *err);
void net_answer_preview_free(struct net_answer_preview *p);
int net_decode_answer_sent(const char *json, size_t len, struct net_answer_sent *out,
    struct net_error *err);
void net_answer_sent_free(struct net_answer_sent *s);
/* The body of a preview (with_key false) or a send, malloc'd; NULL with
 * err filled when r is wrong or memory runs out. */
char *net_encode_answer(const struct net_answer_request *r, int with_key,
    struct net_error *err);

#endif
