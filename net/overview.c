/* The counts of the top view: one GET, six numbers. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "../core/i18n.h"
#include "call.h"
#include "codec.h"
#include "dec.h"
#include "mem.h"
#include "overview.h"

int
net_decode_overview(const char *json, size_t len, struct net_overview *out,
    struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err);
	void *mem;

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->reports = (long)dec_int(&d, root, "reports", REQUIRED, 0, LONG_MAX);
	out->admissibility = (long)dec_int(&d, root, "admissibility", REQUIRED, 0, LONG_MAX);
	out->costing = (long)dec_int(&d, root, "costing", REQUIRED, 0, LONG_MAX);
	out->department = (long)dec_int(&d, root, "department", REQUIRED, 0, LONG_MAX);
	out->answers = (long)dec_int(&d, root, "answers", REQUIRED, 0, LONG_MAX);
	out->stalled = (long)dec_int(&d, root, "stalled", REQUIRED, 0, LONG_MAX);
	if (dec_end(&d, root, &mem) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	net_mem_free(mem);
	return 0;
}

static void
finish(net_call_cb cb, void *arg, long id, const char *answer, size_t len,
    const struct net_error *err)
{
	net_overview_cb done = (net_overview_cb)cb;
	struct net_overview o;
	struct net_error derr;

	if (err == NULL && net_decode_overview(answer, len, &o, &derr) != 0)
		err = &derr;
	if (done != NULL)
		done(arg, id, err == NULL ? &o : NULL, err);
}

long
net_overview_get(struct net *n, net_overview_cb cb, void *arg, struct net_error *err)
{
	struct net_call c = { .method = "GET", .path = strdup("/v1/overview"), .finish = finish,
		.cb = (net_call_cb)cb, .arg = arg };

	snprintf(c.label, sizeof c.label, "%s", _("counting what waits"));
	return net_call(n, &c, err);
}
