/* The operations on answers to citizens (net/answers.h): requests made
 * through net_call, their answers decoded into plain structs. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../core/i18n.h"
#include "answers.h"
#include "call.h"
#include "codec.h"
#include "dec.h"
#include "mem.h"

/* The order of enum net_item_status. */
static const char *const status_names[NET_ITEM_STATUSES] = {
	"ok", "conflict", "forbidden", "invalid"
};

int
net_answer_key(char out[33], struct net_error *err)
{
	return net_random_key(out, err);
}

/* ---- decoding ------------------------------------------------------------ */

static void
dec_target(struct dec *d, json_t *obj, struct net_target *t)
{
	int type = dec_enum(d, obj, "type", REQUIRED, net_target_names, 2);

	t->type = type == NET_COMMENT ? NET_COMMENT : NET_PROPOSAL;
	t->id = dec_int(d, obj, "id", REQUIRED, 1, LLONG_MAX);
}

static void
dec_template(struct dec *d, json_t *obj, struct net_template *t)
{
	t->id = dec_int(d, obj, "id", REQUIRED, 1, LLONG_MAX);
	t->name = dec_str(d, obj, "name", REQUIRED);
	t->body = dec_str(d, obj, "body", REQUIRED);
	t->version = (int)dec_int(d, obj, "version", REQUIRED, 0, INT_MAX);
	t->updated_at = dec_time(d, obj, "updated_at", OPTIONAL);
}

/* Each element of key's list (NULL: none) decoded by one. */
static size_t
dec_list(struct dec *d, json_t *root, const char *key, void **out, size_t size,
    void (*one)(struct dec *d, json_t *obj, void *item))
{
	json_t *list = dec_array(d, root, key, NULLABLE), *v;
	size_t n, i, old;
	char *items;

	*out = NULL;
	if (list == NULL || (n = json_array_size(list)) == 0)
		return 0;
	if ((items = dec_alloc(d, n, size)) == NULL)
		return 0;
	json_array_foreach(list, i, v) {
		if (d->failed)
			break;
		old = dec_push(d, key, (long)i);
		if (!json_is_object(v))
			dec_fail(d, NULL, W_OBJECT, false);
		else
			one(d, v, items + i * size);
		dec_pop(d, old);
	}
	*out = items;
	return n;
}

static void
one_template(struct dec *d, json_t *obj, void *item)
{
	dec_template(d, obj, item);
}

static void
one_variable(struct dec *d, json_t *obj, void *item)
{
	struct net_template_variable *v = item;

	v->name = dec_str(d, obj, "name", REQUIRED);
	v->description = dec_str(d, obj, "description", OPTIONAL);
}

int
net_decode_template_list(const char *json, size_t len, struct net_template_list *out,
    struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err);
	void *items, *vars;

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->count = dec_list(&d, root, "items", &items, sizeof *out->items, one_template);
	out->items = items;
	out->nvariables = dec_list(&d, root, "variables", &vars, sizeof *out->variables,
	    one_variable);
	out->variables = vars;
	if (dec_end(&d, root, &out->mem) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

void
net_template_list_free(struct net_template_list *l)
{
	if (l != NULL) {
		net_mem_free(l->mem);
		memset(l, 0, sizeof *l);
	}
}

int
net_decode_template(const char *json, size_t len, struct net_template *out, void **mem,
    struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err);

	memset(out, 0, sizeof *out);
	*mem = NULL;
	if (root == NULL)
		return -1;
	dec_template(&d, root, out);
	if (dec_end(&d, root, mem) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

/* An item's status and why; the fields of an ok item are required. */
static enum net_item_status
dec_status(struct dec *d, json_t *obj, const char **message)
{
	int s = dec_enum(d, obj, "status", REQUIRED, status_names, NET_ITEM_STATUSES);

	*message = dec_str(d, obj, "message", OPTIONAL);
	return s >= 0 ? (enum net_item_status)s : NET_ITEM_INVALID;
}

static void
one_preview(struct dec *d, json_t *obj, void *item)
{
	struct net_answer_preview_item *it = item;
	int ok;
	json_t *citizen;
	size_t old;

	dec_target(d, obj, &it->target);
	it->status = dec_status(d, obj, &it->message);
	ok = it->status == NET_ITEM_OK ? REQUIRED : OPTIONAL;
	citizen = dec_obj(d, obj, "citizen", ok);
	if (citizen != NULL) {
		old = dec_push(d, "citizen", -1);
		it->citizen_id = dec_int(d, citizen, "id", REQUIRED, 1, LLONG_MAX);
		/* a citizen may have no name: the text then says nothing */
		it->citizen_name = dec_str(d, citizen, "display_name", NULLABLE);
		dec_pop(d, old);
	}
	it->proposal_id = dec_int(d, obj, "proposal_id", ok, 1, LLONG_MAX);
	it->body = dec_str(d, obj, "body", ok);
}

static void
one_result(struct dec *d, json_t *obj, void *item)
{
	struct net_answer_result *r = item;

	dec_target(d, obj, &r->target);
	r->status = dec_status(d, obj, &r->message);
	r->answer_id = dec_int(d, obj, "answer_id", r->status == NET_ITEM_OK ? REQUIRED : OPTIONAL,
	    1, LLONG_MAX);
}

/* {"counts": {"ok": n, "invalid": m}}: the server counts only what can happen. */
static void
dec_counts(struct dec *d, json_t *root, size_t counts[NET_ITEM_STATUSES])
{
	json_t *obj = dec_obj(d, root, "counts", REQUIRED);
	size_t old;
	int s;

	if (obj == NULL)
		return;
	old = dec_push(d, "counts", -1);
	for (s = 0; s < NET_ITEM_STATUSES; s++)
		counts[s] = (size_t)dec_int(d, obj, status_names[s],
		    s == NET_ITEM_OK ? REQUIRED : OPTIONAL, 0, LLONG_MAX);
	dec_pop(d, old);
}

int
net_decode_answer_preview(const char *json, size_t len, struct net_answer_preview *out,
    struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err);
	void *items;

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->count = dec_list(&d, root, "results", &items, sizeof *out->items, one_preview);
	out->items = items;
	dec_counts(&d, root, out->counts);
	if (dec_end(&d, root, &out->mem) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

void
net_answer_preview_free(struct net_answer_preview *p)
{
	if (p != NULL) {
		net_mem_free(p->mem);
		memset(p, 0, sizeof *p);
	}
}

int
net_decode_answer_sent(const char *json, size_t len, struct net_answer_sent *out,
    struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err);
	void *items;

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->batch_id = dec_str(&d, root, "batch_id", REQUIRED);
	out->count = dec_list(&d, root, "results", &items, sizeof *out->results, one_result);
	out->results = items;
	dec_counts(&d, root, out->counts);
	if (dec_end(&d, root, &out->mem) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

void
net_answer_sent_free(struct net_answer_sent *s)
{
	if (s != NULL) {
		net_mem_free(s->mem);
		memset(s, 0, sizeof *s);
	}
}

/* ---- encoding ------------------------------------------------------------ */

/* Sets key to v (taken, even on failure); false when either is missing. */
static bool
set(json_t *obj, const char *key, json_t *v)
{
	return v != NULL && json_object_set_new(obj, key, v) == 0;
}

char *
net_encode_answer(const struct net_answer_request *r, int with_key, struct net_error *err)
{
	json_t *root = NULL, *targets, *t;
	char *body;
	size_t i;

	if (r == NULL || r->count == 0 || r->targets == NULL) {
		net_error_set(err, 0, "invalid", false, "%s", _("no proposal to answer"));
		return NULL;
	}
	if (r->count > 10000) {
		net_error_set(err, 0, "invalid", false, "%s",
		    _("at most 10,000 items at once: limit the list first"));
		return NULL;
	}
	if (r->template_id <= 0 && (r->body == NULL || r->body[0] == '\0')) {
		net_error_set(err, 0, "invalid", false, "%s",
		    _("an answer needs a template or a text"));
		return NULL;
	}
	if (with_key && (r->key == NULL || r->key[0] == '\0' || strlen(r->key) > 200)) {
		net_error_set(err, 0, "invalid", false, "%s", _("sending answers needs a key"));
		return NULL;
	}
	if ((root = json_object()) == NULL || (targets = json_array()) == NULL ||
	    !set(root, "targets", targets))
		goto nomem;
	for (i = 0; i < r->count; i++) {
		if ((unsigned)r->targets[i].type > NET_PROPOSAL || r->targets[i].id <= 0) {
			json_decref(root);
			net_error_set(err, 0, "invalid", false,
			    _("item %zu is not a comment or proposal with an id"), i + 1);
			return NULL;
		}
		if ((t = json_object()) == NULL || json_array_append_new(targets, t) != 0 ||
		    !set(t, "type", json_string(net_target_names[r->targets[i].type])) ||
		    !set(t, "id", json_integer((json_int_t)r->targets[i].id)))
			goto nomem;
	}
	if (r->template_id > 0) {
		if (!set(root, "template_id", json_integer((json_int_t)r->template_id)))
			goto nomem;
	} else if (!set(root, "body", json_string(r->body))) {
		/* jansson takes only valid UTF-8 */
		json_decref(root);
		net_error_set(err, 0, "invalid", false, "%s",
		    _("the text is not valid UTF-8: save it as UTF-8 and try again"));
		return NULL;
	}
	if (with_key && !set(root, "idempotency_key", json_string(r->key)))
		goto nomem;
	body = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	if (body == NULL)
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
	return body;
nomem:
	json_decref(root);
	net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
	return NULL;
}

/* ---- the operations ------------------------------------------------------ */

static void
finish_list(net_call_cb cb, void *arg, long id, const char *answer, size_t len,
    const struct net_error *err)
{
	net_template_list_cb done = (net_template_list_cb)cb;
	struct net_template_list l;
	struct net_error derr;

	if (err != NULL) {
		done(arg, id, NULL, err);
	} else if (net_decode_template_list(answer, len, &l, &derr) != 0) {
		done(arg, id, NULL, &derr);
	} else {
		done(arg, id, &l, NULL);
		net_template_list_free(&l);
	}
}

static void
finish_template(net_call_cb cb, void *arg, long id, const char *answer, size_t len,
    const struct net_error *err)
{
	net_template_cb done = (net_template_cb)cb;
	struct net_template t;
	struct net_error derr;
	void *mem;

	if (err != NULL) {
		done(arg, id, NULL, err);
	} else if (net_decode_template(answer, len, &t, &mem, &derr) != 0) {
		done(arg, id, NULL, &derr);
	} else {
		done(arg, id, &t, NULL);
		net_mem_free(mem);
	}
}

static void
finish_preview(net_call_cb cb, void *arg, long id, const char *answer, size_t len,
    const struct net_error *err)
{
	net_answer_preview_cb done = (net_answer_preview_cb)cb;
	struct net_answer_preview p;
	struct net_error derr;

	if (err != NULL) {
		done(arg, id, NULL, err);
	} else if (net_decode_answer_preview(answer, len, &p, &derr) != 0) {
		done(arg, id, NULL, &derr);
	} else {
		done(arg, id, &p, NULL);
		net_answer_preview_free(&p);
	}
}

static void
finish_sent(net_call_cb cb, void *arg, long id, const char *answer, size_t len,
    const struct net_error *err)
{
	net_answer_sent_cb done = (net_answer_sent_cb)cb;
	struct net_answer_sent s;
	struct net_error derr;

	if (err != NULL) {
		done(arg, id, NULL, err);
	} else if (net_decode_answer_sent(answer, len, &s, &derr) != 0) {
		done(arg, id, NULL, &derr);
	} else {
		done(arg, id, &s, NULL);
		net_answer_sent_free(&s);
	}
}

long
net_template_list(struct net *n, net_template_list_cb cb, void *arg, struct net_error *err)
{
	struct net_call c;

	memset(&c, 0, sizeof c);
	c.method = "GET";
	if ((c.path = strdup("/v1/templates")) == NULL) {
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
		return -1;
	}
	snprintf(c.label, sizeof c.label, "%s", _("loading the templates"));
	c.finish = finish_list;
	c.cb = (net_call_cb)cb;
	c.arg = arg;
	return net_call(n, &c, err);
}

long
net_template_get(struct net *n, long long id, net_template_cb cb, void *arg,
    struct net_error *err)
{
	struct net_call c;

	if (id <= 0) {
		net_error_set(err, 0, "invalid", false, "%s", _("no such template"));
		return -1;
	}
	memset(&c, 0, sizeof c);
	c.method = "GET";
	if ((c.path = net_call_path("/v1/templates/", id, NULL)) == NULL) {
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
		return -1;
	}
	snprintf(c.label, sizeof c.label, _("loading template %lld"), id);
	c.finish = finish_template;
	c.cb = (net_call_cb)cb;
	c.arg = arg;
	return net_call(n, &c, err);
}

long
net_answer_preview(struct net *n, const struct net_answer_request *r,
    net_answer_preview_cb cb, void *arg, struct net_error *err)
{
	struct net_call c;

	memset(&c, 0, sizeof c);
	if ((c.body = net_encode_answer(r, 0, err)) == NULL)
		return -1;
	c.method = "POST";
	if ((c.path = strdup("/v1/answers/preview")) == NULL) {
		free(c.body);
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
		return -1;
	}
	snprintf(c.label, sizeof c.label,
	    ngettext("previewing %zu answer", "previewing %zu answers", r->count), r->count);
	c.finish = finish_preview;
	c.cb = (net_call_cb)cb;
	c.arg = arg;
	return net_call(n, &c, err);
}

long
net_answer_send(struct net *n, const struct net_answer_request *r, net_answer_sent_cb cb,
    void *arg, struct net_error *err)
{
	struct net_call c;

	memset(&c, 0, sizeof c);
	if ((c.body = net_encode_answer(r, 1, err)) == NULL)
		return -1;
	c.method = "POST";
	if ((c.path = strdup("/v1/answers")) == NULL) {
		free(c.body);
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
		return -1;
	}
	/*
	 * The key is the caller's, in the body and as the Idempotency-Key of
	 * every attempt: net_call tries again after a network failure, and
	 * the caller may send again later with the same key; either way the
	 * server applies the answers once.
	 */
	c.once = true;
	c.key = r->key;
	snprintf(c.label, sizeof c.label,
	    ngettext("sending %zu answer", "sending %zu answers", r->count), r->count);
	c.finish = finish_sent;
	c.cb = (net_call_cb)cb;
	c.arg = arg;
	return net_call(n, &c, err);
}
