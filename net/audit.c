/* The audit log and the statistics: GET /v1/audit a page at a time, GET
 * /v1/stats, their answers decoded into the plain structs of net/audit.h. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../core/i18n.h"
#include "audit.h"
#include "audit_int.h"
#include "call.h"
#include "codec.h"
#include "mem.h"

/* ---- one audit row ------------------------------------------------------------ */

/* A value as people read it: a string as it is, anything else as JSON. */
static const char *
change_text(struct dec *d, json_t *v)
{
	char *dumped;
	const char *s;

	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_is_string(v)) {
		s = net_mem_strndup(d->mem, json_string_value(v), json_string_length(v));
	} else {
		if ((dumped = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT)) == NULL) {
			dec_nomem(d);
			return NULL;
		}
		s = net_mem_strndup(d->mem, dumped, strlen(dumped));
		free(dumped);
	}
	if (s == NULL)
		dec_nomem(d);
	return s;
}

/* The fields of before and after: those of after in its order, then those
 * only before had (a field cleared). */
static void
dec_changes(struct dec *d, json_t *obj, struct net_audit_entry *e)
{
	json_t *before = dec_obj(d, obj, "before", OPTIONAL);
	json_t *after = dec_obj(d, obj, "after", OPTIONAL);
	size_t max = json_object_size(before) + json_object_size(after);
	const char *key;
	json_t *v;

	if (max == 0 || d->failed)
		return;
	e->changes = dec_alloc(d, max, sizeof *e->changes);
	if (e->changes == NULL)
		return;
	json_object_foreach(after, key, v) {
		struct net_change *c = &e->changes[e->nchanges++];

		c->field = net_mem_strndup(d->mem, key, strlen(key));
		if (c->field == NULL)
			dec_nomem(d);
		c->after = change_text(d, v);
		c->before = change_text(d, json_object_get(before, key));
	}
	json_object_foreach(before, key, v) {
		struct net_change *c;

		if (json_object_get(after, key) != NULL)
			continue;
		c = &e->changes[e->nchanges++];
		c->field = net_mem_strndup(d->mem, key, strlen(key));
		if (c->field == NULL)
			dec_nomem(d);
		c->before = change_text(d, v);
	}
}

void
dec_audit_entry(struct dec *d, json_t *obj, struct net_audit_entry *e)
{
	json_t *agent;
	size_t old;

	e->id = dec_int(d, obj, "id", REQUIRED, 1, LLONG_MAX);
	e->at = dec_time(d, obj, "at", REQUIRED);
	agent = dec_obj(d, obj, "agent", OPTIONAL);
	if (agent != NULL) {
		old = dec_push(d, "agent", -1);
		e->agent_login = dec_str(d, agent, "login", OPTIONAL);
		e->agent = dec_str(d, agent, "display_name", OPTIONAL);
		if (e->agent == NULL || e->agent[0] == '\0')
			e->agent = e->agent_login;
		dec_pop(d, old);
	}
	e->action = dec_str(d, obj, "action", REQUIRED);
	e->target_type = dec_str(d, obj, "target_type", OPTIONAL);
	e->target_id = dec_int(d, obj, "target_id", OPTIONAL, LLONG_MIN, LLONG_MAX);
	e->batch_id = dec_str(d, obj, "batch_id", OPTIONAL);
	e->proposal_id = dec_int(d, obj, "proposal_id", OPTIONAL, 1, LLONG_MAX);
	dec_changes(d, obj, e);
}

/* ---- the log, a page at a time ---------------------------------------------------- */

static void
one_entry(struct dec *d, json_t *obj, void *e)
{
	dec_audit_entry(d, obj, e);
}

int
net_decode_audit_page(const char *json, size_t len, struct net_audit_page *out,
    struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err);

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	/* jsonb_agg of no rows is null: an empty page */
	out->items = dec_objects(&d, root, "items", NULLABLE, sizeof *out->items, &out->count,
	    one_entry);
	out->next_cursor = dec_str(&d, root, "next_cursor", OPTIONAL);
	if (dec_end(&d, root, &out->mem) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

void
net_audit_page_free(struct net_audit_page *p)
{
	if (p != NULL) {
		net_mem_free(p->mem);
		memset(p, 0, sizeof *p);
	}
}

/* Appends &key=value (value percent-encoded) to q, of size bytes; false
 * when it does not fit. */
static bool
param(char *q, size_t size, const char *key, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(q);
	const unsigned char *p;
	int n = snprintf(q + len, size - len, "%s%s=", len ? "&" : "", key);

	if (n < 0 || (size_t)n >= size - len)
		return false;
	len += (size_t)n;
	for (p = (const unsigned char *)value; *p != '\0'; p++) {
		if (len + 4 > size)
			return false;
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			q[len++] = (char)*p;
		} else {
			q[len++] = '%';
			q[len++] = hex[*p >> 4];
			q[len++] = hex[*p & 15];
		}
	}
	q[len] = '\0';
	return true;
}

char *
net_encode_audit_query(const struct net_audit_filter *f, struct net_error *err)
{
	const struct {
		const char *key, *value;
	} texts[] = {
		{ "agent", f->agent }, { "action", f->action }, { "target_type", f->target_type },
		{ "cursor", f->cursor },
	};
	size_t size = 256, i;
	char num[32], since[21], until[21], *q;
	bool ok = true;

	if (f->limit > 1000 || f->target_id < 0) {
		net_error_set(err, 0, "invalid", false, "%s",
		    _("a filter of the audit log is out of range"));
		return NULL;
	}
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
		size += texts[i].value ? 3 * strlen(texts[i].value) + 16 : 0;
	if ((q = calloc(1, size)) == NULL) {
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
		return NULL;
	}
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (texts[i].value != NULL && texts[i].value[0] != '\0')
			ok = ok && param(q, size, texts[i].key, texts[i].value);
	if (f->target_id > 0) {
		snprintf(num, sizeof num, "%lld", f->target_id);
		ok = ok && param(q, size, "target_id", num);
	}
	if (f->since != 0) {
		net_format_time(f->since, since);
		ok = ok && param(q, size, "since", since);
	}
	if (f->until != 0) {
		net_format_time(f->until, until);
		ok = ok && param(q, size, "until", until);
	}
	if (f->limit > 0) {
		snprintf(num, sizeof num, "%u", f->limit);
		ok = ok && param(q, size, "limit", num);
	}
	if (!ok) {	/* cannot happen: size counts every byte */
		free(q);
		net_error_set(err, 0, "invalid", false, "%s",
		    _("a filter of the audit log is out of range"));
		return NULL;
	}
	return q;
}

NET_CALL_FINISH(finish_audit, net_audit_cb, struct net_audit_page, net_decode_audit_page)

long
net_audit_list(struct net *n, const struct net_audit_filter *f, net_audit_cb cb, void *arg,
    struct net_error *err)
{
	struct net_audit_filter empty;
	struct net_call c = { .method = "GET", .finish = finish_audit, .cb = (net_call_cb)cb,
		.arg = arg };
	char *query;
	size_t len;

	if (f == NULL) {
		memset(&empty, 0, sizeof empty);
		f = &empty;
	}
	if ((query = net_encode_audit_query(f, err)) == NULL)
		return -1;
	len = strlen("/v1/audit?") + strlen(query) + 1;
	if ((c.path = malloc(len)) != NULL)
		snprintf(c.path, len, "/v1/audit%s%s", query[0] ? "?" : "", query);
	free(query);
	snprintf(c.label, sizeof c.label, "%s", _("loading the audit log"));
	return net_call(n, &c, err);
}

/* ---- the statistics ---------------------------------------------------------------- */

/* {code: count, ...}: each pair, in the answer's order. */
static struct net_stats_count *
dec_counts(struct dec *d, json_t *obj, const char *key, size_t *n)
{
	json_t *counts = dec_obj(d, obj, key, OPTIONAL), *v;
	struct net_stats_count *out;
	const char *code;
	size_t old;

	*n = 0;
	if (counts == NULL)
		return NULL;
	out = dec_alloc(d, json_object_size(counts), sizeof *out);
	if (out == NULL)
		return NULL;
	old = dec_push(d, key, -1);
	json_object_foreach(counts, code, v) {
		out[*n].code = net_mem_strndup(d->mem, code, strlen(code));
		if (out[*n].code == NULL)
			dec_nomem(d);
		out[*n].count = (long)dec_int(d, counts, code, REQUIRED, 0, LONG_MAX);
		(*n)++;
	}
	dec_pop(d, old);
	return out;
}

static void
dec_district(struct dec *d, json_t *obj, struct net_stats_district *x)
{
	x->code = dec_str(d, obj, "code", REQUIRED);
	x->name = dec_str(d, obj, "name", REQUIRED);
	x->envelope_cents = dec_int(d, obj, "envelope_cents", OPTIONAL, 0, LLONG_MAX);
	x->proposals = (long)dec_int(d, obj, "proposals", OPTIONAL, 0, LONG_MAX);
	x->cost_cents = dec_int(d, obj, "cost_cents", OPTIONAL, 0, LLONG_MAX);
	x->committed_cents = dec_int(d, obj, "committed_cents", OPTIONAL, 0, LLONG_MAX);
	x->winners_cents = dec_int(d, obj, "winners_cents", OPTIONAL, 0, LLONG_MAX);
}

static void
dec_department(struct dec *d, json_t *obj, struct net_stats_department *x)
{
	json_t *median;

	x->code = dec_str(d, obj, "code", REQUIRED);
	x->name = dec_str(d, obj, "name", REQUIRED);
	x->proposals = (long)dec_int(d, obj, "proposals", OPTIONAL, 0, LONG_MAX);
	x->cost_cents = dec_int(d, obj, "cost_cents", OPTIONAL, 0, LLONG_MAX);
	x->workload = (long)dec_int(d, obj, "workload", OPTIONAL, 0, LONG_MAX);
	x->oldest_waiting_at = dec_time(d, obj, "oldest_waiting_at", OPTIONAL);
	median = json_object_get(obj, "median_days_to_costed");
	x->median_days = -1;
	if (median != NULL && !json_is_null(median)) {
		if (!json_is_number(median) || json_number_value(median) < 0)
			dec_fail(d, "median_days_to_costed", W_INTEGER, false);
		else
			x->median_days = json_number_value(median);
	}
}

static void
one_district(struct dec *d, json_t *obj, void *x)
{
	dec_district(d, obj, x);
}

static void
one_department(struct dec *d, json_t *obj, void *x)
{
	dec_department(d, obj, x);
}

int
net_decode_stats(const char *json, size_t len, struct net_stats *out, struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err), *v;
	size_t old;

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->edition = (int)dec_int(&d, root, "edition", REQUIRED, 0, INT_MAX);
	v = dec_obj(&d, root, "proposals", REQUIRED);
	if (v != NULL) {
		old = dec_push(&d, "proposals", -1);
		out->total = (long)dec_int(&d, v, "total", REQUIRED, 0, LONG_MAX);
		out->unassigned = (long)dec_int(&d, v, "unassigned", OPTIONAL, 0, LONG_MAX);
		out->by_state = dec_counts(&d, v, "by_state", &out->nstates);
		out->by_stage = dec_counts(&d, v, "by_stage", &out->nstages);
		dec_pop(&d, old);
	}
	out->districts = dec_objects(&d, root, "districts", OPTIONAL, sizeof *out->districts,
	    &out->ndistricts, one_district);
	out->departments = dec_objects(&d, root, "departments", OPTIONAL,
	    sizeof *out->departments, &out->ndepartments, one_department);
	v = dec_obj(&d, root, "costs", OPTIONAL);
	if (v != NULL) {
		old = dec_push(&d, "costs", -1);
		out->costs_total_cents = dec_int(&d, v, "total_cents", OPTIONAL, 0, LLONG_MAX);
		dec_pop(&d, old);
	}
	v = dec_obj(&d, root, "reports", OPTIONAL);
	if (v != NULL) {
		old = dec_push(&d, "reports", -1);
		out->reports_open = (long)dec_int(&d, v, "open", OPTIONAL, 0, LONG_MAX);
		out->reports_upheld = (long)dec_int(&d, v, "upheld", OPTIONAL, 0, LONG_MAX);
		out->reports_dismissed = (long)dec_int(&d, v, "dismissed", OPTIONAL, 0, LONG_MAX);
		dec_pop(&d, old);
	}
	out->answers_needed = (long)dec_int(&d, root, "answers_needed", OPTIONAL, 0, LONG_MAX);
	if (dec_end(&d, root, &out->mem) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

void
net_stats_free(struct net_stats *s)
{
	if (s != NULL) {
		net_mem_free(s->mem);
		memset(s, 0, sizeof *s);
	}
}

NET_CALL_FINISH(finish_stats, net_stats_cb, struct net_stats, net_decode_stats)

long
net_stats_get(struct net *n, int edition, net_stats_cb cb, void *arg, struct net_error *err)
{
	struct net_call c = { .method = "GET", .finish = finish_stats, .cb = (net_call_cb)cb,
		.arg = arg };
	char path[64];

	if (edition != 0 && (edition < 2000 || edition > 2100)) {
		net_error_set(err, 0, "invalid", false, "%s", _("no such edition"));
		return -1;
	}
	if (edition != 0)
		snprintf(path, sizeof path, "/v1/stats?edition=%d", edition);
	else
		snprintf(path, sizeof path, "/v1/stats");
	c.path = strdup(path);
	snprintf(c.label, sizeof c.label, "%s", _("loading the statistics"));
	return net_call(n, &c, err);
}
