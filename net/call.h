/* A request of one group of operations (net/proposals_ops.c, ...): net.c
 * carries it (token, retries, cancellation, its label on the status line)
 * and hands the answer to the group's finish function, which decodes it
 * into plain structs for the caller's callback. Inside net/ only. */
#ifndef NET_CALL_H
#define NET_CALL_H

#include <stdbool.h>
#include <stddef.h>

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
	char *path;		/* "/v1/...", malloc'd: taken, even on failure */
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

/* The path prefix followed by a number, malloc'd ("/v1/proposals/" 12). */
char *net_call_path(const char *prefix, long long id, const char *suffix);

#endif
