/* The counts of the console's top view (GET /v1/overview). */
#ifndef NET_OVERVIEW_H
#define NET_OVERVIEW_H

#include "net.h"

/* What waits for the agent, one count per queue. */
struct net_overview {
	long reports;		/* reported items in the moderation queue */
	long admissibility;	/* proposals waiting for admissibility */
	long costing;		/* waiting for costing (a referent's department only) */
	long department;	/* my department's proposals being studied */
	long answers;		/* authors waiting for an answer */
	long stalled;		/* winning projects whose stage has not moved in 90 days */
};

typedef void (*net_overview_cb)(void *arg, long id, const struct net_overview *o,
    const struct net_error *err);

long net_overview_get(struct net *n, net_overview_cb cb, void *arg, struct net_error *err);

/* The answer decoded; 0, or -1 with err filled. For net/ and its tests. */
int net_decode_overview(const char *json, size_t len, struct net_overview *out,
    struct net_error *err);

#endif
