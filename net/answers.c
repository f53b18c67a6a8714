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

int
net_answer_key(char out[33], struct net_error *err)
{
	return net_random_key(out, err);
}

/* ---- decoding ------------------------------------------------------------ */

static void
dec_template(struct dec *d, json_t *obj, struct net_template *t)
{
	t->id = dec_int(d, obj, "id", REQUIRED, 1, LLONG_MAX);
	t->name = dec_str(d, obj, "name", REQUIRED);
	t->body = dec_str(d, obj, "body", REQUIRED);
	t->version = (int)dec_int(d, obj, "version", REQUIRED, 0, INT_MAX);
	t->updated_at = dec_time(d, obj, "updated_at", OPTIONAL);
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

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->items = dec_objects(&d, root, "items", NULLABLE, sizeof *out->items, &out->count,
	    one_template);
	out->variables = dec_objects(&d, root, "variables", NULLABLE, sizeof *out->variables,
	    &out->nvariables, one_variable);
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

static void
one_preview(struct dec *d, json_t *obj, void *item)
{
	struct net_answer_preview_item *it = item;
	int ok;
	json_t *citizen;
	size_t old;

	dec_target(d, obj, &it->target);
	it->status = dec_item_status(d, obj);
	it->message = dec_str(d, obj, "message", OPTIONAL);
	/* the fields of an ok item are required */
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
	r->status = dec_item_status(d, obj);
	r->message = dec_str(d, obj, "message", OPTIONAL);
	r->answer_id = dec_int(d, obj, "answer_id", r->status == NET_ITEM_OK ? REQUIRED : OPTIONAL,
	    1, LLONG_MAX);
}

int
net_decode_answer_preview(const char *json, size_t len, struct net_answer_preview *out,
    struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err);

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->items = dec_objects(&d, root, "results", NULLABLE, sizeof *out->items, &out->count,
	    one_preview);
	/* the server counts only what can happen: {"ok": n, "invalid": m} */
	dec_item_counts(&d, root, OPTIONAL, out->counts);
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

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->batch_id = dec_str(&d, root, "batch_id", REQUIRED);
	out->results = dec_objects(&d, root, "results", NULLABLE, sizeof *out->results,
	    &out->count, one_result);
	dec_item_counts(&d, root, OPTIONAL, out->counts);
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

NET_CALL_FINISH(finish_list, net_template_list_cb, struct net_template_list,
    net_decode_template_list)

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

NET_CALL_FINISH(finish_preview, net_answer_preview_cb, struct net_answer_preview,
    net_decode_answer_preview)

NET_CALL_FINISH(finish_sent, net_answer_sent_cb, struct net_answer_sent,
    net_decode_answer_sent)

long
net_template_list(struct net *n, net_template_list_cb cb, void *arg, struct net_error *err)
{
	struct net_call c = { .method = "GET", .path = strdup("/v1/templates"),
		.finish = finish_list, .cb = (net_call_cb)cb, .arg = arg };

	snprintf(c.label, sizeof c.label, "%s", _("loading the templates"));
	return net_call(n, &c, err);
}

long
net_template_get(struct net *n, long long id, net_template_cb cb, void *arg,
    struct net_error *err)
{
	struct net_call c = { .method = "GET", .finish = finish_template, .cb = (net_call_cb)cb,
		.arg = arg };

	if (id <= 0) {
		net_error_set(err, 0, "invalid", false, "%s", _("no such template"));
		return -1;
	}
	c.path = net_call_path("/v1/templates/", id, NULL);
	snprintf(c.label, sizeof c.label, _("loading template %lld"), id);
	return net_call(n, &c, err);
}

long
net_answer_preview(struct net *n, const struct net_answer_request *r,
    net_answer_preview_cb cb, void *arg, struct net_error *err)
{
	struct net_call c = { .method = "POST", .finish = finish_preview, .cb = (net_call_cb)cb,
		.arg = arg };

	if ((c.body = net_encode_answer(r, 0, err)) == NULL)
		return -1;
	c.path = strdup("/v1/answers/preview");
	snprintf(c.label, sizeof c.label,
	    ngettext("previewing %zu answer", "previewing %zu answers", r->count), r->count);
	return net_call(n, &c, err);
}

long
net_answer_send(struct net *n, const struct net_answer_request *r, net_answer_sent_cb cb,
    void *arg, struct net_error *err)
{
	struct net_call c = { .method = "POST", .finish = finish_sent, .cb = (net_call_cb)cb,
		.arg = arg };

	if ((c.body = net_encode_answer(r, 1, err)) == NULL)
		return -1;
	c.path = strdup("/v1/answers");
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
	return net_call(n, &c, err);
}
