/* The costing of proposals, the districts' envelopes and merges: bodies
 * encoded, answers decoded into net/costing.h's structs, each request
 * carried by net_call (writes once, under one Idempotency-Key). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../core/i18n.h"
#include "call.h"
#include "codec.h"
#include "costing.h"
#include "dec.h"
#include "mem.h"

const char *const net_cost_category_names[NET_COST_CATEGORIES] = {
	"investment", "operating", "studies", "other",
};

static const char *const opinion_names[] = { "", "favourable", "unfavourable" };

/* ---- decoding --------------------------------------------------------------- */

static void
one_person(struct dec *d, json_t *obj, void *out)
{
	struct net_person *p = out;

	p->id = dec_int(d, obj, "id", REQUIRED, 1, LLONG_MAX);
	p->display_name = dec_str(d, obj, "display_name", REQUIRED);
}

static void
one_cost_line(struct dec *d, json_t *obj, void *out)
{
	struct net_cost_line *l = out;
	int cat = dec_enum(d, obj, "category", REQUIRED, net_cost_category_names,
	    NET_COST_CATEGORIES);

	l->category = cat < 0 ? NET_COST_OTHER : (enum net_cost_category)cat;
	l->label = dec_str(d, obj, "label", REQUIRED);
	l->amount_cents = dec_int(d, obj, "amount_cents", REQUIRED, 0, LLONG_MAX);
}

static void
dec_costing(struct dec *d, json_t *obj, struct net_costing *c)
{
	json_t *dm;
	int opinion;

	opinion = dec_enum(d, obj, "opinion", REQUIRED, opinion_names + 1, 2);
	c->opinion = opinion < 0 ? NET_OPINION_NONE : (enum net_opinion)(opinion + 1);
	c->justification = dec_str(d, obj, "justification", OPTIONAL);
	dm = json_object_get(obj, "duration_months");
	c->duration_months = dm == NULL || json_is_null(dm) ? -1 :
	    (int)dec_int(d, obj, "duration_months", REQUIRED, 0, INT_MAX);
	c->total_cents = dec_int(d, obj, "total_cents", REQUIRED, 0, LLONG_MAX);
	c->costed_by = dec_agent_ref(d, obj, "costed_by");
	c->costed_at = dec_time(d, obj, "costed_at", OPTIONAL);
	c->lines = dec_objects(d, obj, "lines", OPTIONAL, sizeof *c->lines, &c->nlines,
	    one_cost_line);
}

int
net_decode_costing_proposal(const char *json, size_t len, struct net_costing_proposal *out,
    struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err), *v;
	size_t old;

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->id = dec_int(&d, root, "id", REQUIRED, 1, LLONG_MAX);
	out->version = (int)dec_int(&d, root, "version", REQUIRED, 0, INT_MAX);
	out->edition = (int)dec_int(&d, root, "edition", OPTIONAL, 0, INT_MAX);
	out->title = dec_str(&d, root, "title", REQUIRED);
	out->state = dec_str(&d, root, "state", REQUIRED);
	dec_code_name(&d, root, "district", &out->district_code, &out->district_name);
	dec_code_name(&d, root, "department", &out->department_code, NULL);
	dec_person(&d, root, "author", OPTIONAL, &out->author.id, &out->author.display_name);
	out->coauthors = dec_objects(&d, root, "coauthors", OPTIONAL, sizeof *out->coauthors,
	    &out->ncoauthors, one_person);
	if ((v = dec_obj(&d, root, "costing", OPTIONAL)) != NULL) {
		old = dec_push(&d, "costing", -1);
		out->costed = true;
		dec_costing(&d, v, &out->costing);
		dec_pop(&d, old);
	}
	out->updated_by = dec_agent_ref(&d, root, "updated_by");
	out->updated_at = dec_time(&d, root, "updated_at", OPTIONAL);
	if (dec_end(&d, root, &out->mem) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

int
net_decode_costing_result(const char *json, size_t len, struct net_costing_result *out,
    struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err), *warnings, *w;
	size_t i;

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->id = dec_int(&d, root, "id", REQUIRED, 1, LLONG_MAX);
	out->version = (int)dec_int(&d, root, "version", REQUIRED, 0, INT_MAX);
	out->state = dec_str(&d, root, "state", REQUIRED);
	out->total_cents = dec_int(&d, root, "total_cents", REQUIRED, 0, LLONG_MAX);
	/* warnings the console does not know are not its business */
	if ((warnings = dec_array(&d, root, "warnings", OPTIONAL)) != NULL)
		json_array_foreach(warnings, i, w)
			if (json_is_string(w) && strcmp(json_string_value(w), "operating_costs") == 0)
				out->operating_costs = true;
	if (dec_end(&d, root, &out->mem) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

static void
one_envelope(struct dec *d, json_t *obj, void *out)
{
	struct net_envelope *e = out;

	e->district = dec_str(d, obj, "district", REQUIRED);
	e->name = dec_str(d, obj, "name", REQUIRED);
	e->citywide = dec_bool(d, obj, "citywide", OPTIONAL);
	e->envelope_cents = dec_int(d, obj, "envelope_cents", REQUIRED, 0, LLONG_MAX);
	e->committed_cents = dec_int(d, obj, "committed_cents", REQUIRED, 0, LLONG_MAX);
	e->winners_cents = dec_int(d, obj, "winners_cents", OPTIONAL, 0, LLONG_MAX);
	/* negative when the envelope is overspent */
	e->left_cents = dec_int(d, obj, "left_cents", REQUIRED, LLONG_MIN, LLONG_MAX);
	e->selected = (long)dec_int(d, obj, "selected", OPTIONAL, 0, LONG_MAX);
	e->winners = (long)dec_int(d, obj, "winners", OPTIONAL, 0, LONG_MAX);
}

int
net_decode_envelopes(const char *json, size_t len, struct net_envelopes *out,
    struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err);

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->edition = (int)dec_int(&d, root, "edition", REQUIRED, 0, INT_MAX);
	out->closed = dec_bool(&d, root, "closed", OPTIONAL);
	out->districts = dec_objects(&d, root, "districts", REQUIRED, sizeof *out->districts,
	    &out->count, one_envelope);
	if (dec_end(&d, root, &out->mem) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

static void
one_source(struct dec *d, json_t *obj, void *out)
{
	struct net_merge_source *s = out;

	s->id = dec_int(d, obj, "id", REQUIRED, 1, LLONG_MAX);
	s->version = (int)dec_int(d, obj, "version", REQUIRED, 0, INT_MAX);
	s->merge_id = dec_int(d, obj, "merge_id", OPTIONAL, 1, LLONG_MAX);
}

int
net_decode_merge(const char *json, size_t len, struct net_merge_result *out,
    struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err), *target;
	size_t old;

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->batch_id = dec_str(&d, root, "batch_id", OPTIONAL);
	target = dec_obj(&d, root, "target", REQUIRED);
	if (target != NULL) {
		old = dec_push(&d, "target", -1);
		out->target_id = dec_int(&d, target, "id", REQUIRED, 1, LLONG_MAX);
		out->target_version = (int)dec_int(&d, target, "version", REQUIRED, 0, INT_MAX);
		out->created = dec_bool(&d, target, "created", OPTIONAL);
		dec_pop(&d, old);
	}
	out->sources = dec_objects(&d, root, "sources", REQUIRED, sizeof *out->sources,
	    &out->nsources, one_source);
	if (dec_end(&d, root, &out->mem) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

/* ---- encoding --------------------------------------------------------------- */

static void
nomem(struct net_error *err)
{
	net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
}

/* Sets key to v (taken) in obj; false when v is NULL or memory ran out. */
static bool
set(json_t *obj, const char *key, json_t *v)
{
	return v != NULL && json_object_set_new(obj, key, v) == 0;
}

/* The body, or NULL with err filled; root is taken. */
static char *
dump(json_t *root, struct net_error *err)
{
	char *s = root ? json_dumps(root, JSON_COMPACT) : NULL;

	json_decref(root);
	if (s == NULL)
		nomem(err);
	return s;
}

/* A JSON string of s, NULL with err saying why when it is not UTF-8. */
static json_t *
text(const char *s, const char *why, struct net_error *err)
{
	json_t *v = json_string(s ? s : "");

	if (v == NULL)
		net_error_set(err, 0, "invalid", false, "%s", why);
	return v;
}

char *
net_encode_costing(const struct net_costing_request *r, struct net_error *err)
{
	json_t *root, *lines, *line;
	size_t i;

	if (r == NULL || r->id <= 0 || r->version < 0) {
		net_error_set(err, 0, "invalid", false, "%s", _("no proposal to cost"));
		return NULL;
	}
	if (r->opinion != NET_OPINION_FAVOURABLE && r->opinion != NET_OPINION_UNFAVOURABLE) {
		net_error_set(err, 0, "invalid", false, "%s",
		    _("a costing needs a feasibility opinion"));
		return NULL;
	}
	if (r->nlines == 0 || r->nlines > 500 || r->lines == NULL) {
		net_error_set(err, 0, "invalid", false, "%s",
		    _("a costing needs 1 to 500 cost lines"));
		return NULL;
	}
	if ((root = json_object()) == NULL || (lines = json_array()) == NULL) {
		json_decref(root);
		nomem(err);
		return NULL;
	}
	if (json_object_set_new(root, "lines", lines) != 0 ||
	    !set(root, "id", json_integer(r->id)) ||
	    !set(root, "version", json_integer(r->version)) ||
	    !set(root, "opinion", json_string(opinion_names[r->opinion]))) {
		json_decref(root);
		nomem(err);
		return NULL;
	}
	if (!set(root, "justification", text(r->justification,
	    _("the justification is not valid UTF-8"), err))) {
		json_decref(root);
		return NULL;
	}
	if (r->duration_months >= 0 &&
	    !set(root, "duration_months", json_integer(r->duration_months))) {
		json_decref(root);
		nomem(err);
		return NULL;
	}
	for (i = 0; i < r->nlines; i++) {
		const struct net_cost_line *l = &r->lines[i];
		json_t *label;

		if ((unsigned)l->category >= NET_COST_CATEGORIES || l->amount_cents < 0) {
			json_decref(root);
			net_error_set(err, 0, "invalid", false, _("cost line %zu is not valid"), i + 1);
			return NULL;
		}
		if ((label = text(l->label, _("a label is not valid UTF-8"), err)) == NULL) {
			json_decref(root);
			return NULL;
		}
		line = json_pack("{s:s, s:o, s:I}", "category",
		    net_cost_category_names[l->category], "label", label,
		    "amount_cents", (json_int_t)l->amount_cents);
		if (line == NULL || json_array_append_new(lines, line) != 0) {
			json_decref(root);
			nomem(err);
			return NULL;
		}
	}
	return dump(root, err);
}

char *
net_encode_merge(const struct net_merge_request *r, struct net_error *err)
{
	json_t *root, *sources, *target, *spec, *it;
	size_t i;

	if (r == NULL || r->nsources == 0 || r->sources == NULL) {
		net_error_set(err, 0, "invalid", false, "%s", _("no proposal to merge"));
		return NULL;
	}
	if (r->target_id == 0 && (r->title == NULL || r->title[0] == '\0' || r->body == NULL ||
	    r->body[0] == '\0')) {
		net_error_set(err, 0, "invalid", false, "%s",
		    _("a new proposal needs a title and a text"));
		return NULL;
	}
	if ((root = json_object()) == NULL || (sources = json_array()) == NULL) {
		json_decref(root);
		nomem(err);
		return NULL;
	}
	if (json_object_set_new(root, "sources", sources) != 0)
		goto nomem;
	for (i = 0; i < r->nsources; i++) {
		it = json_pack("{s:I, s:i}", "id", (json_int_t)r->sources[i].target.id, "version",
		    r->sources[i].version);
		if (it == NULL || json_array_append_new(sources, it) != 0)
			goto nomem;
	}
	if (r->target_id > 0) {
		target = json_pack("{s:I, s:i}", "id", (json_int_t)r->target_id, "version",
		    r->target_version);
	} else {
		const char *why = _("the title or the text is not valid UTF-8");
		json_t *title = text(r->title, why, err), *body = text(r->body, why, err);

		if (title == NULL || body == NULL) {
			json_decref(title);
			json_decref(body);
			json_decref(root);
			return NULL;
		}
		spec = json_pack("{s:o, s:o}", "title", title, "body", body);
		if (spec != NULL && r->district != NULL && r->district[0] != '\0' &&
		    !set(spec, "district", json_string(r->district)))
			goto nomem_spec;
		if (spec != NULL && r->theme != NULL && r->theme[0] != '\0' &&
		    !set(spec, "theme", json_string(r->theme)))
			goto nomem_spec;
		target = spec != NULL ? json_pack("{s:o}", "new", spec) : NULL;
	}
	if (!set(root, "target", target))
		goto nomem;
	if (r->note != NULL && r->note[0] != '\0' &&
	    !set(root, "note", text(r->note, _("the note is not valid UTF-8"), err))) {
		json_decref(root);
		return NULL;
	}
	return dump(root, err);
nomem_spec:
	json_decref(spec);
nomem:
	json_decref(root);
	nomem(err);
	return NULL;
}

/* ---- the operations --------------------------------------------------------- */

NET_CALL_FINISH(finish_proposal, net_costing_proposal_cb, struct net_costing_proposal,
    net_decode_costing_proposal)

NET_CALL_FINISH(finish_costing, net_costing_cb, struct net_costing_result,
    net_decode_costing_result)

NET_CALL_FINISH(finish_envelopes, net_envelopes_cb, struct net_envelopes,
    net_decode_envelopes)

NET_CALL_FINISH(finish_merge, net_merge_cb, struct net_merge_result, net_decode_merge)

long
net_costing_get(struct net *n, long long id, net_costing_proposal_cb cb, void *arg,
    struct net_error *err)
{
	struct net_call c = { .method = "GET", .finish = finish_proposal, .cb = (net_call_cb)cb,
		.arg = arg };

	if (id <= 0 || cb == NULL) {
		net_error_set(err, 0, "invalid", false, "%s", _("no proposal to read"));
		return -1;
	}
	c.path = net_call_path("/v1/proposals/", id, NULL);
	snprintf(c.label, sizeof c.label, _("reading proposal %lld"), id);
	return net_call(n, &c, err);
}

long
net_costing_put(struct net *n, const struct net_costing_request *r, net_costing_cb cb,
    void *arg, struct net_error *err)
{
	struct net_call c = { .method = "PUT", .once = true, .finish = finish_costing,
		.cb = (net_call_cb)cb, .arg = arg };

	if (cb == NULL || (c.body = net_encode_costing(r, err)) == NULL)
		return -1;
	c.path = net_call_path("/v1/proposals/", r->id, "/costing");
	snprintf(c.label, sizeof c.label, _("costing proposal %lld"), r->id);
	return net_call(n, &c, err);
}

long
net_envelopes_get(struct net *n, int edition, net_envelopes_cb cb, void *arg,
    struct net_error *err)
{
	struct net_call c = { .method = "GET", .finish = finish_envelopes, .cb = (net_call_cb)cb,
		.arg = arg };
	char path[64];

	if (edition < 2000 || edition > 2100 || cb == NULL) {
		net_error_set(err, 0, "invalid", false, "%s", _("no edition to read"));
		return -1;
	}
	snprintf(path, sizeof path, "/v1/envelopes?edition=%d", edition);
	c.path = strdup(path);
	snprintf(c.label, sizeof c.label, "%s", _("reading the envelopes"));
	return net_call(n, &c, err);
}

long
net_merge(struct net *n, const struct net_merge_request *r, net_merge_cb cb, void *arg,
    struct net_error *err)
{
	struct net_call c = { .method = "POST", .once = true, .finish = finish_merge,
		.cb = (net_call_cb)cb, .arg = arg };

	if (cb == NULL || (c.body = net_encode_merge(r, err)) == NULL)
		return -1;
	c.path = strdup("/v1/proposals/merge");
	snprintf(c.label, sizeof c.label,
	    ngettext("merging %zu proposal", "merging %zu proposals", r->nsources), r->nsources);
	return net_call(n, &c, err);
}
