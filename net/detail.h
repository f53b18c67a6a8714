/* What the detail of a proposal does besides reading it (net/detail.c):
 * undoing a merge. */
#ifndef NET_DETAIL_H
#define NET_DETAIL_H

#include <stddef.h>

#include "net.h"

/* The answer of an unmerge: the source back in its state, the target's new version. */
struct net_unmerge {
	long long id;
	int version;
	const char *state;
	long long merge_id;
	long long target_id;
	int target_version;
	void *mem;			/* private */
};

typedef void (*net_unmerge_cb)(void *arg, long id, const struct net_unmerge *u,
    const struct net_error *err);

/*
 * POST /v1/proposals/{source}/unmerge {version}: undoes the latest merge
 * of the source, sent once (one Idempotency-Key, retried after a network
 * failure or a 503).
 */
long net_proposal_unmerge(struct net *n, long long source_id, int version, net_unmerge_cb cb,
    void *arg, struct net_error *err);

/* The codec, for tests. */
int net_decode_unmerge(const char *json, size_t len, struct net_unmerge *out,
    struct net_error *err);
void net_unmerge_free(struct net_unmerge *u);

#endif
