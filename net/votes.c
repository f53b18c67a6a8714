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

static const char *const status_names[NET_ITEM_STATUSES] = {
	"ok", "conflict", "forbidden", "invalid"
};

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

int
net_decode_vote_record(const char *json, size_t len, struct net_vote_record *out,
    struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err), *results, *counts, *v;
	size_t i, old;
	int s;

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->edition = (int)dec_int(&d, root, "edition", REQUIRED, 2000, 2100);
	out->batch_id = dec_str(&d, root, "batch_id", REQUIRED);
	results = dec_array(&d, root, "results", NULLABLE);
	if (results != NULL) {
		out->count = json_array_size(results);
		out->results = dec_alloc(&d, out->count, sizeof *out->results);
		json_array_foreach(results, i, v) {
			struct net_vote_result *r = &out->results[i];

			if (d.failed)
				break;
			old = dec_push(&d, "results", (long)i);
			if (!json_is_object(v)) {
				dec_fail(&d, NULL, W_OBJECT, false);
			} else {
				r->id = dec_int(&d, v, "id", REQUIRED, 1, LLONG_MAX);
				s = dec_enum(&d, v, "status", REQUIRED, status_names, NET_ITEM_STATUSES);
				r->status = s >= 0 ? (enum net_item_status)s : NET_ITEM_INVALID;
				if (s == NET_ITEM_OK) {
					r->online = (long)dec_int(&d, v, "online", REQUIRED, 0, LONG_MAX);
					r->paper = (long)dec_int(&d, v, "paper", REQUIRED, 0, LONG_MAX);
					r->total = (long)dec_int(&d, v, "total", REQUIRED, 0, LONG_MAX);
					r->recount = dec_bool(&d, v, "recount", OPTIONAL);
				} else {
					r->message = dec_str(&d, v, "message", OPTIONAL);
				}
			}
			dec_pop(&d, old);
		}
	}
	counts = dec_obj(&d, root, "counts", REQUIRED);
	if (counts != NULL) {
		old = dec_push(&d, "counts", -1);
		for (s = 0; s < NET_ITEM_STATUSES; s++)
			out->counts[s] = (size_t)dec_int(&d, counts, status_names[s], REQUIRED, 0,
			    LLONG_MAX);
		dec_pop(&d, old);
	}
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

/* A list of ranked projects: key of obj into *out and *n. */
static void
dec_ranked(struct dec *d, json_t *obj, const char *key, struct net_ranked **out, size_t *n)
{
	json_t *list = dec_array(d, obj, key, REQUIRED), *v;
	size_t i, old;

	*out = NULL;
	*n = 0;
	if (list == NULL)
		return;
	*n = json_array_size(list);
	*out = dec_alloc(d, *n, sizeof **out);
	json_array_foreach(list, i, v) {
		struct net_ranked *r = &(*out)[i];

		if (d->failed)
			break;
		old = dec_push(d, key, (long)i);
		if (!json_is_object(v)) {
			dec_fail(d, NULL, W_OBJECT, false);
		} else {
			r->id = dec_int(d, v, "id", REQUIRED, 1, LLONG_MAX);
			r->title = dec_str(d, v, "title", REQUIRED);
			r->votes = (long)dec_int(d, v, "votes", REQUIRED, 0, LONG_MAX);
			/* a project without a costing has a null cost */
			r->cost_cents = dec_get(d, v, "cost_cents", NULLABLE, W_INTEGER) == NULL ? -1 :
			    dec_int(d, v, "cost_cents", REQUIRED, 0, LLONG_MAX);
			r->rank = (int)dec_int(d, v, "rank", REQUIRED, 1, INT_MAX);
			r->left_cents = dec_int(d, v, "left_cents", OPTIONAL, LLONG_MIN, LLONG_MAX);
		}
		dec_pop(d, old);
	}
}

int
net_decode_winners(const char *json, size_t len, struct net_winners *out, struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err), *districts, *changed, *v;
	size_t i, old;

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->edition = (int)dec_int(&d, root, "edition", REQUIRED, 2000, 2100);
	out->dry_run = dec_bool(&d, root, "dry_run", REQUIRED);
	out->tie_rule = dec_str(&d, root, "tie_rule", OPTIONAL);
	districts = dec_array(&d, root, "districts", REQUIRED);
	if (districts != NULL) {
		out->ndistricts = json_array_size(districts);
		out->districts = dec_alloc(&d, out->ndistricts, sizeof *out->districts);
		json_array_foreach(districts, i, v) {
			struct net_winners_district *w = &out->districts[i];

			if (d.failed)
				break;
			old = dec_push(&d, "districts", (long)i);
			if (!json_is_object(v)) {
				dec_fail(&d, NULL, W_OBJECT, false);
			} else {
				w->code = dec_str(&d, v, "district", REQUIRED);
				w->name = dec_str(&d, v, "name", REQUIRED);
				w->citywide = dec_bool(&d, v, "citywide", OPTIONAL);
				w->envelope_cents = dec_int(&d, v, "envelope_cents", REQUIRED, 0,
				    LLONG_MAX);
				w->spent_cents = dec_int(&d, v, "spent_cents", REQUIRED, 0, LLONG_MAX);
				w->left_cents = dec_int(&d, v, "left_cents", REQUIRED, LLONG_MIN,
				    LLONG_MAX);
				dec_ranked(&d, v, "winners", &w->winners, &w->nwinners);
				dec_ranked(&d, v, "not_fitting", &w->not_fitting, &w->nnot_fitting);
				dec_ranked(&d, v, "losers", &w->losers, &w->nlosers);
			}
			dec_pop(&d, old);
		}
	}
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

static void
finish_vote_record(net_call_cb cb, void *arg, long id, const char *answer, size_t len,
    const struct net_error *err)
{
	net_vote_record_cb done = (net_vote_record_cb)cb;
	struct net_vote_record r;
	struct net_error derr;

	if (err != NULL) {
		done(arg, id, NULL, err);
		return;
	}
	if (net_decode_vote_record(answer, len, &r, &derr) != 0) {
		done(arg, id, NULL, &derr);
		return;
	}
	done(arg, id, &r, NULL);
	net_vote_record_free(&r);
}

long
net_vote_record(struct net *n, int edition, const struct net_vote_line *lines, size_t count,
    net_vote_record_cb cb, void *arg, struct net_error *err)
{
	struct net_call c;

	memset(&c, 0, sizeof c);
	if ((c.body = net_encode_vote_record(edition, lines, count, err)) == NULL)
		return -1;
	c.method = "POST";
	c.path = strdup("/v1/votes");
	c.once = true;
	snprintf(c.label, sizeof c.label, ngettext("recording the votes of %zu project",
	    "recording the votes of %zu projects", count), count);
	c.finish = finish_vote_record;
	c.cb = (net_call_cb)cb;
	c.arg = arg;
	if (c.path == NULL) {
		free(c.body);
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
		return -1;
	}
	return net_call(n, &c, err);
}

static void
finish_winners(net_call_cb cb, void *arg, long id, const char *answer, size_t len,
    const struct net_error *err)
{
	net_winners_cb done = (net_winners_cb)cb;
	struct net_winners w;
	struct net_error derr;

	if (err != NULL) {
		done(arg, id, NULL, err);
		return;
	}
	if (net_decode_winners(answer, len, &w, &derr) != 0) {
		done(arg, id, NULL, &derr);
		return;
	}
	done(arg, id, &w, NULL);
	net_winners_free(&w);
}

long
net_winners_compute(struct net *n, int edition, bool dry_run, net_winners_cb cb, void *arg,
    struct net_error *err)
{
	struct net_call c;

	memset(&c, 0, sizeof c);
	if (edition < 2000 || edition > 2100) {
		net_error_set(err, 0, "invalid", false, _("%d is not an edition"), edition);
		return -1;
	}
	c.method = "POST";
	c.path = net_call_path("/v1/editions/", edition, "/winners");
	c.body = strdup(dry_run ? "{\"dry_run\":true}" : "{\"dry_run\":false}");
	/* a dry run writes nothing: no key, nothing to apply once */
	c.once = !dry_run;
	if (dry_run)
		snprintf(c.label, sizeof c.label, _("computing the winners of %d"), edition);
	else
		snprintf(c.label, sizeof c.label, _("recording the winners of %d"), edition);
	c.finish = finish_winners;
	c.cb = (net_call_cb)cb;
	c.arg = arg;
	if (c.path == NULL || c.body == NULL) {
		free(c.path);
		free(c.body);
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
		return -1;
	}
	return net_call(n, &c, err);
}
