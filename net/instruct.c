/* The operations of the instruction of proposals: bodies encoded with
 * jansson, sent through net_call (writes once, with one Idempotency-Key),
 * answers decoded into net.h's and instruct.h's plain structs. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../core/format.h"
#include "../core/i18n.h"
#include "call.h"
#include "codec.h"
#include "dec.h"
#include "instruct.h"
#include "mem.h"

const char *const net_stage_names[NET_STAGES] = {
	"not_started", "studies", "procedures", "works", "delivery", "done", "abandoned",
};

#define MAX_ITEMS 10000

/* ---- bodies ----------------------------------------------------------------- */

static bool
put(json_t *obj, const char *key, json_t *v)
{
	return v != NULL && json_object_set_new(obj, key, v) == 0;
}

/*
 * A body {"items": [{id, version}...]} ready for the other fields; NULL
 * with err filled when the items are wrong or memory runs out.
 */
static json_t *
items_body(const struct net_item_ref *items, size_t count, struct net_error *err)
{
	json_t *root, *list;
	size_t i;

	if (count == 0 || items == NULL) {
		net_error_set(err, 0, "invalid", false, "%s", _("no proposal to act on"));
		return NULL;
	}
	if (count > MAX_ITEMS) {
		net_error_set(err, 0, "invalid", false, "%s",
		    _("at most 10,000 proposals at once: limit the list first"));
		return NULL;
	}
	root = json_object();
	list = json_array();
	/* json_object_set_new takes list even when it fails */
	if (root == NULL || list == NULL || json_object_set_new(root, "items", list) != 0) {
		json_decref(root);
		if (root == NULL)
			json_decref(list);
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
		return NULL;
	}
	for (i = 0; i < count; i++) {
		json_t *it;

		if (items[i].target.type != NET_PROPOSAL || items[i].target.id <= 0 ||
		    items[i].version < 0) {
			json_decref(root);
			net_error_set(err, 0, "invalid", false,
			    _("item %zu is not a proposal with an id"), i + 1);
			return NULL;
		}
		it = json_pack("{s:I, s:i}", "id", (json_int_t)items[i].target.id, "version",
		    items[i].version);
		if (it == NULL || json_array_append_new(list, it) != 0) {
			json_decref(root);
			net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
			return NULL;
		}
	}
	return root;
}

/* A text field: false with err filled (why: it is not UTF-8) or memory runs out. */
static bool
put_text(json_t *root, const char *key, const char *s, const char *why, struct net_error *err)
{
	json_t *v = json_string(s);

	if (v == NULL) {
		net_error_set(err, 0, "invalid", false, "%s", why);
		return false;
	}
	if (json_object_set_new(root, key, v) != 0) {
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
		return false;
	}
	return true;
}

static char *
dump(json_t *root, struct net_error *err)
{
	char *s = json_dumps(root, JSON_COMPACT);

	json_decref(root);
	if (s == NULL)
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
	return s;
}

static bool
given(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* ---- sending ---------------------------------------------------------------- */

NET_CALL_FINISH(finish_bulk, net_decision_cb, struct net_decision, net_decode_bulk)

/* Sends body (taken) to path as a write applied once. */
static long
send_bulk(struct net *n, const char *path, json_t *body, const char *label, net_decision_cb cb,
    void *arg, struct net_error *err)
{
	struct net_call c = { .method = "POST", .once = true, .finish = finish_bulk,
		.cb = (net_call_cb)cb, .arg = arg };

	if ((c.body = dump(body, err)) == NULL)
		return -1;
	c.path = strdup(path);
	snprintf(c.label, sizeof c.label, "%s", label);
	return net_call(n, &c, err);
}

/* The count as people read it, for the labels. */
static const char *
count_text(size_t count, char *out, size_t size)
{
	return format_integer_ui((long long)count, out, size);
}

long
net_admissibility(struct net *n, const struct net_admissibility_request *r,
    net_decision_cb cb, void *arg, struct net_error *err)
{
	char label[128], num[32];
	json_t *body;

	if (r == NULL || (!r->admissible && !given(r->reason))) {
		net_error_set(err, 0, "invalid", false, "%s",
		    _("an inadmissibility needs a reason"));
		return -1;
	}
	if ((body = items_body(r->items, r->count, err)) == NULL)
		return -1;
	if (!put(body, "decision", json_string(r->admissible ? "admissible" : "inadmissible"))) {
		json_decref(body);
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
		return -1;
	}
	if ((!r->admissible && !put_text(body, "reason", r->reason,
	    _("the reason is not valid UTF-8"), err)) ||
	    (given(r->message) && !put_text(body, "message", r->message,
	    _("the message is not valid UTF-8"), err))) {
		json_decref(body);
		return -1;
	}
	count_text(r->count, num, sizeof num);
	if (r->admissible)
		snprintf(label, sizeof label, ngettext("declaring %s proposal admissible",
		    "declaring %s proposals admissible", r->count), num);
	else
		snprintf(label, sizeof label, ngettext("declaring %s proposal inadmissible",
		    "declaring %s proposals inadmissible", r->count), num);
	return send_bulk(n, "/v1/proposals/admissibility", body, label, cb, arg, err);
}

long
net_assignment(struct net *n, const struct net_assignment_request *r, net_decision_cb cb,
    void *arg, struct net_error *err)
{
	char label[128], num[32];
	json_t *body;

	if (r == NULL || !given(r->department)) {
		net_error_set(err, 0, "invalid", false, "%s", _("an assignment needs a department"));
		return -1;
	}
	if ((body = items_body(r->items, r->count, err)) == NULL)
		return -1;
	if (!put_text(body, "department", r->department,
	    _("the department is not valid UTF-8"), err) ||
	    (given(r->referent) && !put_text(body, "referent", r->referent,
	    _("the referent is not valid UTF-8"), err))) {
		json_decref(body);
		return -1;
	}
	count_text(r->count, num, sizeof num);
	/* TRANSLATORS: the count, then the department's code */
	snprintf(label, sizeof label, ngettext("assigning %s proposal to %s",
	    "assigning %s proposals to %s", r->count), num, r->department);
	return send_bulk(n, "/v1/proposals/assignment", body, label, cb, arg, err);
}

long
net_selection(struct net *n, const struct net_selection_request *r, net_decision_cb cb,
    void *arg, struct net_error *err)
{
	char label[128], num[32];
	json_t *body;

	if (r == NULL || (!r->selected && !given(r->reason))) {
		net_error_set(err, 0, "invalid", false, "%s",
		    _("taking projects out of the vote needs a reason"));
		return -1;
	}
	if ((body = items_body(r->items, r->count, err)) == NULL)
		return -1;
	if (!put(body, "selected", json_boolean(r->selected))) {
		json_decref(body);
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
		return -1;
	}
	if (given(r->reason) && !put_text(body, "reason", r->reason,
	    _("the reason is not valid UTF-8"), err)) {
		json_decref(body);
		return -1;
	}
	count_text(r->count, num, sizeof num);
	if (r->selected)
		snprintf(label, sizeof label, ngettext("selecting %s project for the vote",
		    "selecting %s projects for the vote", r->count), num);
	else
		snprintf(label, sizeof label, ngettext("taking %s project out of the vote",
		    "taking %s projects out of the vote", r->count), num);
	return send_bulk(n, "/v1/proposals/selection", body, label, cb, arg, err);
}

static bool
valid_date(int y, int m, int d)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	/* the 29th of February of a common year */
	return !(m == 2 && d == 29 && (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0)));
}

long
net_stage(struct net *n, const struct net_stage_request *r, net_decision_cb cb, void *arg,
    struct net_error *err)
{
	char label[128], num[32], date[16];
	json_t *body;

	if (r == NULL || (unsigned)r->stage >= NET_STAGES) {
		net_error_set(err, 0, "invalid", false, "%s", _("unknown stage"));
		return -1;
	}
	if (!valid_date(r->year, r->month, r->day)) {
		net_error_set(err, 0, "invalid", false, "%s", _("the date of the stage is not a date"));
		return -1;
	}
	if (r->stage == NET_STAGE_ABANDONED && !given(r->note)) {
		net_error_set(err, 0, "invalid", false, "%s",
		    _("abandoning a project needs a note saying why"));
		return -1;
	}
	if ((body = items_body(r->items, r->count, err)) == NULL)
		return -1;
	snprintf(date, sizeof date, "%04d-%02d-%02d", r->year, r->month, r->day);
	if (!put(body, "stage", json_string(net_stage_names[r->stage])) ||
	    !put(body, "date", json_string(date))) {
		json_decref(body);
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
		return -1;
	}
	if (given(r->note) && !put_text(body, "note", r->note,
	    _("the note is not valid UTF-8"), err)) {
		json_decref(body);
		return -1;
	}
	count_text(r->count, num, sizeof num);
	snprintf(label, sizeof label, ngettext("recording the stage of %s project",
	    "recording the stage of %s projects", r->count), num);
	return send_bulk(n, "/v1/proposals/stages", body, label, cb, arg, err);
}

/* ---- the directory -------------------------------------------------------------- */

static void
one_code_name(struct dec *d, json_t *obj, void *out)
{
	struct net_code_name *c = out;

	c->code = dec_str(d, obj, "code", REQUIRED);
	c->name = dec_str(d, obj, "name", REQUIRED);
}

static void
one_agent(struct dec *d, json_t *obj, void *out)
{
	struct net_directory_agent *a = out;

	a->login = dec_str(d, obj, "login", REQUIRED);
	a->display_name = dec_str(d, obj, "display_name", REQUIRED);
	a->role_name = dec_str(d, obj, "role", REQUIRED);
	a->department = dec_str(d, obj, "department", NULLABLE);
	a->role = dec_role(a->role_name);
}

int
net_decode_directory(const char *json, size_t len, struct net_directory *out,
    struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err);

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->departments = dec_objects(&d, root, "departments", REQUIRED,
	    sizeof *out->departments, &out->ndepartments, one_code_name);
	out->districts = dec_objects(&d, root, "districts", REQUIRED, sizeof *out->districts,
	    &out->ndistricts, one_code_name);
	out->themes = dec_objects(&d, root, "themes", REQUIRED, sizeof *out->themes,
	    &out->nthemes, one_code_name);
	out->agents = dec_objects(&d, root, "agents", REQUIRED, sizeof *out->agents,
	    &out->nagents, one_agent);
	if (dec_end(&d, root, &out->mem) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

void
net_directory_free(struct net_directory *dir)
{
	if (dir != NULL) {
		net_mem_free(dir->mem);
		memset(dir, 0, sizeof *dir);
	}
}

NET_CALL_FINISH(finish_directory, net_directory_cb, struct net_directory,
    net_decode_directory)

long
net_directory(struct net *n, net_directory_cb cb, void *arg, struct net_error *err)
{
	struct net_call c = { .method = "GET", .path = strdup("/v1/directory"),
		.finish = finish_directory, .cb = (net_call_cb)cb, .arg = arg };

	snprintf(c.label, sizeof c.label, "%s", _("loading the directory"));
	return net_call(n, &c, err);
}
