/* Undoing a merge from the detail of a proposal: one POST per source, sent
 * once, its answer decoded into struct net_unmerge. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../core/i18n.h"
#include "call.h"
#include "codec.h"
#include "dec.h"
#include "detail.h"
#include "mem.h"

int
net_decode_unmerge(const char *json, size_t len, struct net_unmerge *out, struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err), *target;
	size_t old;

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->id = dec_int(&d, root, "id", REQUIRED, 1, LLONG_MAX);
	out->version = (int)dec_int(&d, root, "version", REQUIRED, 0, INT_MAX);
	out->state = dec_str(&d, root, "state", REQUIRED);
	out->merge_id = dec_int(&d, root, "merge_id", OPTIONAL, 1, LLONG_MAX);
	target = dec_obj(&d, root, "target", REQUIRED);
	if (target != NULL) {
		old = dec_push(&d, "target", -1);
		out->target_id = dec_int(&d, target, "id", REQUIRED, 1, LLONG_MAX);
		out->target_version = (int)dec_int(&d, target, "version", REQUIRED, 0, INT_MAX);
		dec_pop(&d, old);
	}
	if (dec_end(&d, root, &out->mem) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

void
net_unmerge_free(struct net_unmerge *u)
{
	if (u != NULL) {
		net_mem_free(u->mem);
		memset(u, 0, sizeof *u);
	}
}

NET_CALL_FINISH(finish_unmerge, net_unmerge_cb, struct net_unmerge, net_decode_unmerge)

long
net_proposal_unmerge(struct net *n, long long source_id, int version, net_unmerge_cb cb,
    void *arg, struct net_error *err)
{
	struct net_call c = { .method = "POST", .once = true, .finish = finish_unmerge,
		.cb = (net_call_cb)cb, .arg = arg };
	char body[48];

	if (source_id <= 0 || version < 0) {
		net_error_set(err, 0, "invalid", false, "%s", _("no such proposal"));
		return -1;
	}
	snprintf(body, sizeof body, "{\"version\":%d}", version);
	c.path = net_call_path("/v1/proposals/", source_id, "/unmerge");
	c.body = strdup(body);
	if (c.path == NULL || c.body == NULL) {
		free(c.path);
		free(c.body);
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
		return -1;
	}
	snprintf(c.label, sizeof c.label, _("undoing the merge of %lld"), source_id);
	return net_call(n, &c, err);
}
