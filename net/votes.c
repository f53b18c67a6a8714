/* The vote of an edition over the API: results recorded once whatever the
 * network does, winners computed (or only previewed) and decoded into the
 * plain structs of net/votes.h. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../core/i18n.h"
#include "call.h"
#include "codec.h"
#include "dec.h"
#include "mem.h"
#include "votes.h"

/* ---- the codecs ---------------------------------------------------------- */

char *
net_encode_vote_record(int edition, const struct net_vote_line *lines, size_t count,
    struct net_error *err)
{
	json_t *root = NULL, *results = NULL;
	char *s = NULL;
	size_t i;

	if (count == 0 || count > 10000) {
		net_error_set(err, 0, "invalid", false, "%s",
		    _("between 1 and 10,000 results are sent at a time"));
		return NULL;
	}
	if ((results = json_array()) == NULL)
		goto nomem;
	for (i = 0; i < count; i++) {
		const struct net_vote_line *l = &lines[i];

		if (l->id <= 0 || l->online < 0 || l->paper < 0) {
			net_error_set(err, 0, "invalid", false, "%s",
			    _("a result has a wrong id or a negative count"));
			json_decref(results);
			return NULL;
		}
		if (json_array_append_new(results, json_pack("{s:I, s:I, s:I}", "id",
		    (json_int_t)l->id, "online", (json_int_t)l->online, "paper",
		    (json_int_t)l->paper)) != 0)
			goto nomem;
	}
	root = json_pack("{s:i, s:o}", "edition", edition, "results", results);
	results = NULL;		/* taken by json_pack, even when it fails */
	if (root == NULL || (s = json_dumps(root, JSON_COMPACT)) == NULL)
		goto nomem;
	json_decref(root);
	return s;
nomem:
	json_decref(results);
	json_decref(root);
	net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
	return NULL;
}

static void
one_result(struct dec *d, json_t *obj, void *out)
{
	struct net_vote_result *r = out;

	r->id = dec_int(d, obj, "id", REQUIRED, 1, LLONG_MAX);
	r->status = dec_item_status(d, obj);
	if (r->status == NET_ITEM_OK) {
		r->online = (long)dec_int(d, obj, "online", REQUIRED, 0, LONG_MAX);
		r->paper = (long)dec_int(d, obj, "paper", REQUIRED, 0, LONG_MAX);
		r->total = (long)dec_int(d, obj, "total", REQUIRED, 0, LONG_MAX);
		r->recount = dec_bool(d, obj, "recount", OPTIONAL);
	} else {
		r->message = dec_str(d, obj, "message", OPTIONAL);
	}
}

int
net_decode_vote_record(const char *json, size_t len, struct net_vote_record *out,
    struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err);

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->edition = (int)dec_int(&d, root, "edition", REQUIRED, 2000, 2100);
	out->batch_id = dec_str(&d, root, "batch_id", REQUIRED);
	out->results = dec_objects(&d, root, "results", NULLABLE, sizeof *out->results,
	    &out->count, one_result);
	dec_item_counts(&d, root, REQUIRED, out->counts);
	if (dec_end(&d, root, &out->mem) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

void
net_vote_record_free(struct net_vote_record *r)
{
	if (r != NULL) {
		net_mem_free(r->mem);
		memset(r, 0, sizeof *r);
	}
}

/* A ranked project of a district's lists. */
static void
one_ranked(struct dec *d, json_t *obj, void *out)
{
	struct net_ranked *r = out;

	r->id = dec_int(d, obj, "id", REQUIRED, 1, LLONG_MAX);
	r->title = dec_str(d, obj, "title", REQUIRED);
	r->votes = (long)dec_int(d, obj, "votes", REQUIRED, 0, LONG_MAX);
	/* a project without a costing has a null cost */
	r->cost_cents = dec_get(d, obj, "cost_cents", NULLABLE, W_INTEGER) == NULL ? -1 :
	    dec_int(d, obj, "cost_cents", REQUIRED, 0, LLONG_MAX);
	r->rank = (int)dec_int(d, obj, "rank", REQUIRED, 1, INT_MAX);
	r->left_cents = dec_int(d, obj, "left_cents", OPTIONAL, LLONG_MIN, LLONG_MAX);
}

static void
one_district(struct dec *d, json_t *obj, void *out)
{
	struct net_winners_district *w = out;

	w->code = dec_str(d, obj, "district", REQUIRED);
	w->name = dec_str(d, obj, "name", REQUIRED);
	w->citywide = dec_bool(d, obj, "citywide", OPTIONAL);
	w->envelope_cents = dec_int(d, obj, "envelope_cents", REQUIRED, 0, LLONG_MAX);
	w->spent_cents = dec_int(d, obj, "spent_cents", REQUIRED, 0, LLONG_MAX);
	w->left_cents = dec_int(d, obj, "left_cents", REQUIRED, LLONG_MIN, LLONG_MAX);
	w->winners = dec_objects(d, obj, "winners", REQUIRED, sizeof *w->winners, &w->nwinners,
	    one_ranked);
	w->not_fitting = dec_objects(d, obj, "not_fitting", REQUIRED, sizeof *w->not_fitting,
	    &w->nnot_fitting, one_ranked);
	w->losers = dec_objects(d, obj, "losers", REQUIRED, sizeof *w->losers, &w->nlosers,
	    one_ranked);
}

int
net_decode_winners(const char *json, size_t len, struct net_winners *out, struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err), *changed, *v;
	size_t i, old;

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->edition = (int)dec_int(&d, root, "edition", REQUIRED, 2000, 2100);
	out->dry_run = dec_bool(&d, root, "dry_run", REQUIRED);
	out->tie_rule = dec_str(&d, root, "tie_rule", OPTIONAL);
	out->districts = dec_objects(&d, root, "districts", REQUIRED, sizeof *out->districts,
	    &out->ndistricts, one_district);
	changed = dec_array(&d, root, "changed", REQUIRED);
	if (changed != NULL) {
		out->nchanged = json_array_size(changed);
		out->changed = dec_alloc(&d, out->nchanged, sizeof *out->changed);
		json_array_foreach(changed, i, v) {
			if (d.failed)
				break;
			if (!json_is_integer(v) || json_integer_value(v) <= 0) {
				old = dec_push(&d, "changed", (long)i);
				dec_fail(&d, NULL, W_INTEGER, false);
				dec_pop(&d, old);
				break;
			}
			out->changed[i] = (long long)json_integer_value(v);
		}
	}
	if (dec_end(&d, root, &out->mem) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

void
net_winners_free(struct net_winners *w)
{
	if (w != NULL) {
		net_mem_free(w->mem);
		memset(w, 0, sizeof *w);
	}
}

/* ---- the operations ------------------------------------------------------- */

NET_CALL_FINISH(finish_vote_record, net_vote_record_cb, struct net_vote_record,
    net_decode_vote_record)

long
net_vote_record(struct net *n, int edition, const struct net_vote_line *lines, size_t count,
    net_vote_record_cb cb, void *arg, struct net_error *err)
{
	struct net_call c = { .method = "POST", .once = true, .finish = finish_vote_record,
		.cb = (net_call_cb)cb, .arg = arg };

	if ((c.body = net_encode_vote_record(edition, lines, count, err)) == NULL)
		return -1;
	c.path = strdup("/v1/votes");
	snprintf(c.label, sizeof c.label, ngettext("recording the votes of %zu project",
	    "recording the votes of %zu projects", count), count);
	return net_call(n, &c, err);
}

NET_CALL_FINISH(finish_winners, net_winners_cb, struct net_winners, net_decode_winners)

long
net_winners_compute(struct net *n, int edition, bool dry_run, net_winners_cb cb, void *arg,
    struct net_error *err)
{
	/* a dry run writes nothing: no key, nothing to apply once */
	struct net_call c = { .method = "POST", .once = !dry_run, .finish = finish_winners,
		.cb = (net_call_cb)cb, .arg = arg };

	if (edition < 2000 || edition > 2100) {
		net_error_set(err, 0, "invalid", false, _("%d is not an edition"), edition);
		return -1;
	}
	c.path = net_call_path("/v1/editions/", edition, "/winners");
	c.body = strdup(dry_run ? "{\"dry_run\":true}" : "{\"dry_run\":false}");
	if (dry_run)
		snprintf(c.label, sizeof c.label, _("computing the winners of %d"), edition);
	else
		snprintf(c.label, sizeof c.label, _("recording the winners of %d"), edition);
	if (c.path == NULL || c.body == NULL) {
		free(c.path);
		free(c.body);
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
		return -1;
	}
	return net_call(n, &c, err);
}
