/* A request of one group of operations (net/proposals_ops.c, ...): net.c
 * carries it (token, retries, cancellation, its label on the status line)
 * and hands the answer to the group's finish function, which decodes it
 * into plain structs for the caller's callback. Inside net/ only. */
#ifndef NET_CALL_H
#define NET_CALL_H

#include <stdbool.h>
#include <stddef.h>

#include "mem.h"
#include "net.h"

/* The caller's typed callback, cast to this and back by the group. */
typedef void (*net_call_cb)(void);

/*
 * Called once: with the answer (status 2xx; answer may be empty) and err
 * NULL, or with answer NULL and err set (cancelled included).
 */
typedef void (*net_call_finish)(net_call_cb cb, void *arg, long id, const char *answer,
    size_t len, const struct net_error *err);

struct net_call {
	const char *method;	/* "GET", "POST", "PUT", "DELETE" */
	/* "/v1/...", malloc'd: taken, even on failure; NULL (memory ran
	 * out) fails net_call with "nomem" */
	char *path;
	char *body;		/* JSON, malloc'd, or NULL: taken, even on failure */
	/* a write sent with one Idempotency-Key for every attempt, and tried
	 * again after a network failure or a 503: applied once whatever happens */
	bool once;
	char label[128];	/* what the status line says while it runs */
	net_call_finish finish;
	net_call_cb cb;
	void *arg;
	/* with once: the key, when the caller keeps it to send the same request
	 * again later (at most 32 characters); NULL: a fresh one */
	const char *key;
};

/* Starts c; its id, or -1 with err filled (finish is then never called). */
long net_call(struct net *n, struct net_call *c, struct net_error *err);

/*
 * Defines the finish function name of a call whose answer decode reads
 * into a struct T (which owns its memory in T.mem): the caller's callback,
 * of type CB, gets the struct or the error (the request's or the
 * decoding's), then the memory is freed. Every group's finish is this one.
 */
#define NET_CALL_FINISH(name, CB, T, decode)					\
	static void								\
	name(net_call_cb cb, void *arg, long id, const char *answer, size_t len,	\
	    const struct net_error *err)					\
	{									\
		CB done = (CB)cb;						\
		T out;								\
		struct net_error derr;						\
										\
		if (done == NULL)						\
			return;							\
		if (err != NULL) {						\
			done(arg, id, NULL, err);				\
		} else if (decode(answer, len, &out, &derr) != 0) {		\
			done(arg, id, NULL, &derr);				\
		} else {							\
			done(arg, id, &out, NULL);				\
			net_mem_free(out.mem);					\
		}								\
	}

/* The path prefix followed by a number, malloc'd ("/v1/proposals/" 12). */
char *net_call_path(const char *prefix, long long id, const char *suffix);

#endif
