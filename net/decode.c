/* Answers of the server decoded into plain structs. Every field is checked
 * for its type; an answer net cannot read gives an error naming the field,
 * never a crash or a half-filled struct. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../core/i18n.h"
#include "audit_int.h"
#include "codec.h"
#include "dec.h"
#include "mem.h"

const char *const net_action_names[NET_ACTIONS] = {
	"hide", "dismiss", "restore", "block", "escalate",
};
const char *const net_reason_names[NET_REASONS] = {
	"spam", "offensive", "off_topic", "personal_data", "other",
};
const char *const net_target_names[2] = { "comment", "proposal" };

void
net_error_set(struct net_error *err, int status, const char *code, bool network,
    const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	err->status = status;
	err->network = network;
	snprintf(err->code, sizeof err->code, "%s", code);
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
}

/* ---- pieces shared by several answers ---------------------------------- */

static void
dec_agent(struct dec *d, json_t *obj, struct net_agent *a)
{
	json_t *dep;
	size_t old;

	a->id = dec_int(d, obj, "id", REQUIRED, 1, LLONG_MAX);
	a->login = dec_str(d, obj, "login", REQUIRED);
	a->display_name = dec_str(d, obj, "display_name", REQUIRED);
	a->role_name = dec_str(d, obj, "role", REQUIRED);
	a->role = dec_role(a->role_name);
	dep = dec_obj(d, obj, "department", OPTIONAL);
	if (dep != NULL) {
		old = dec_push(d, "department", -1);
		a->department_code = dec_str(d, dep, "code", REQUIRED);
		a->department_name = dec_str(d, dep, "name", REQUIRED);
		dec_pop(d, old);
	}
}

/* ---- sessions ------------------------------------------------------------ */

int
net_decode_session(const char *json, size_t len, struct net_session *out, struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err), *agent;
	size_t old;

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->token = dec_str(&d, root, "token", REQUIRED);
	out->expires_at = dec_time(&d, root, "expires_at", OPTIONAL);
	agent = dec_obj(&d, root, "agent", REQUIRED);
	if (agent != NULL) {
		old = dec_push(&d, "agent", -1);
		dec_agent(&d, agent, &out->agent);
		dec_pop(&d, old);
	}
	if (out->token != NULL && out->token[0] == '\0')
		dec_fail(&d, "token", W_STRING, false);
	if (dec_end(&d, root, &out->mem) != 0)
		return -1;
	return 0;
}

void
net_session_free(struct net_session *s)
{
	if (s != NULL) {
		net_mem_free(s->mem);
		memset(s, 0, sizeof *s);
	}
}

int
net_decode_whoami(const char *json, size_t len, struct net_agent *out, void **mem,
    struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err), *agent;
	size_t old;

	memset(out, 0, sizeof *out);
	*mem = NULL;
	if (root == NULL)
		return -1;
	agent = dec_obj(&d, root, "agent", REQUIRED);
	if (agent != NULL) {
		old = dec_push(&d, "agent", -1);
		dec_agent(&d, agent, out);
		dec_pop(&d, old);
	}
	if (dec_end(&d, root, mem) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

/* ---- the moderation queue ------------------------------------------------ */

static void
dec_queue_item(struct dec *d, json_t *obj, void *out)
{
	struct net_queue_item *it = out;
	json_t *target, *reasons;
	size_t old;
	int r;

	target = dec_obj(d, obj, "target", REQUIRED);
	if (target != NULL) {
		old = dec_push(d, "target", -1);
		dec_target(d, target, &it->target);
		dec_pop(d, old);
	}
	it->version = (int)dec_int(d, obj, "version", REQUIRED, 0, INT_MAX);
	it->open_reports = (long)dec_int(d, obj, "open_reports", REQUIRED, 0, LONG_MAX);
	reasons = dec_obj(d, obj, "reasons", OPTIONAL);
	if (reasons != NULL) {
		/* absent reasons have no key: 0 */
		old = dec_push(d, "reasons", -1);
		for (r = 0; r < NET_REASONS; r++)
			it->reasons[r] = (long)dec_int(d, reasons, net_reason_names[r], OPTIONAL,
			    0, LONG_MAX);
		dec_pop(d, old);
	}
	it->main_reason = dec_enum(d, obj, "main_reason", OPTIONAL, net_reason_names, NET_REASONS);
	it->first_report_at = dec_time(d, obj, "first_report_at", REQUIRED);
	it->last_report_at = dec_time(d, obj, "last_report_at", REQUIRED);
	it->excerpt = dec_str(d, obj, "excerpt", NULLABLE);
	if (it->excerpt == NULL && !d->failed)
		it->excerpt = "";
	dec_person(d, obj, "author", REQUIRED, &it->author_id, &it->author_name);
	it->hidden = dec_bool(d, obj, "hidden", REQUIRED);
	it->hidden_auto = dec_bool(d, obj, "hidden_auto", REQUIRED);
	it->escalated = dec_bool(d, obj, "escalated", REQUIRED);
	it->escalated_at = dec_time(d, obj, "escalated_at", OPTIONAL);
	it->proposal_id = dec_int(d, obj, "proposal_id", OPTIONAL, 1, LLONG_MAX);
}

int
net_decode_queue_page(const char *json, size_t len, struct net_queue_page *out,
    struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err);

	memset(out, 0, sizeof *out);
	out->total = -1;
	if (root == NULL)
		return -1;
	out->items = dec_objects(&d, root, "items", REQUIRED, sizeof *out->items, &out->count,
	    dec_queue_item);
	out->next_cursor = dec_str(&d, root, "next_cursor", OPTIONAL);
	out->total = (long)dec_int(&d, root, "total", OPTIONAL, 0, LONG_MAX);
	if (json_object_get(root, "total") == NULL || json_is_null(json_object_get(root, "total")))
		out->total = -1;
	out->loaded = out->count;
	out->done = out->next_cursor == NULL;
	if (dec_end(&d, root, &out->mem) != 0) {
		memset(out, 0, sizeof *out);
		out->total = -1;
		return -1;
	}
	return 0;
}

void
net_queue_page_free(struct net_queue_page *p)
{
	if (p != NULL) {
		net_mem_free(p->mem);
		memset(p, 0, sizeof *p);
	}
}

/* ---- decisions ------------------------------------------------------------ */

/* An item's result after its target. */
static void
dec_result_rest(struct dec *d, json_t *obj, struct net_item_result *r)
{
	r->status = dec_item_status(d, obj);
	r->version = (int)dec_int(d, obj, "version",
	    r->status == NET_ITEM_OK ? REQUIRED : OPTIONAL, 0, INT_MAX);
	r->by = dec_agent_ref(d, obj, "by");
	r->at = dec_time(d, obj, "at", OPTIONAL);
	r->message = dec_str(d, obj, "message", OPTIONAL);
}

static void
dec_result(struct dec *d, json_t *obj, void *out)
{
	struct net_item_result *r = out;

	dec_target(d, obj, &r->target);
	dec_result_rest(d, obj, r);
}

/* Bulk operations on proposals give only the id. */
static void
dec_bulk_result(struct dec *d, json_t *obj, void *out)
{
	struct net_item_result *r = out;

	r->target.type = NET_PROPOSAL;
	r->target.id = dec_int(d, obj, "id", REQUIRED, 1, LLONG_MAX);
	dec_result_rest(d, obj, r);
}

static int
decode_results(const char *json, size_t len, struct net_decision *out, bool proposals,
    struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err);

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->batch_id = dec_str(&d, root, "batch_id", REQUIRED);
	/* jsonb_agg of no rows is null: no results */
	out->results = dec_objects(&d, root, "results", NULLABLE, sizeof *out->results,
	    &out->count, proposals ? dec_bulk_result : dec_result);
	dec_item_counts(&d, root, REQUIRED, out->counts);
	if (dec_end(&d, root, &out->mem) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

int
net_decode_decision(const char *json, size_t len, struct net_decision *out,
    struct net_error *err)
{
	return decode_results(json, len, out, false, err);
}

int
net_decode_bulk(const char *json, size_t len, struct net_decision *out, struct net_error *err)
{
	return decode_results(json, len, out, true, err);
}

void
net_decision_free(struct net_decision *dn)
{
	if (dn != NULL) {
		net_mem_free(dn->mem);
		memset(dn, 0, sizeof *dn);
	}
}

/* ---- one proposal and its thread -------------------------------------------- */

static void
dec_comment(struct dec *d, json_t *obj, void *out)
{
	struct net_comment *c = out;

	c->id = dec_int(d, obj, "id", REQUIRED, 1, LLONG_MAX);
	c->parent_id = dec_int(d, obj, "parent_id", OPTIONAL, 1, LLONG_MAX);
	dec_person(d, obj, "author", REQUIRED, &c->author_id, &c->author_name);
	c->body = dec_str(d, obj, "body", REQUIRED);
	c->hidden = dec_bool(d, obj, "hidden", REQUIRED);
	c->hidden_reason = dec_str(d, obj, "hidden_reason", OPTIONAL);
	c->created_at = dec_time(d, obj, "created_at", REQUIRED);
	c->hidden_auto = dec_bool(d, obj, "hidden_auto", OPTIONAL);
	c->moderated_by = dec_agent_ref(d, obj, "moderated_by");
	c->moderated_at = dec_time(d, obj, "moderated_at", OPTIONAL);
}

/* ---- the detail of a proposal ---- */

/* "YYYY-MM-DD" as local noon of that day (a day, not an instant: noon
 * keeps it that day whatever the summer time). */
static time_t
dec_date(struct dec *d, json_t *obj, const char *key)
{
	const char *s = dec_str(d, obj, key, OPTIONAL);
	struct tm tm;
	int y, m, day;
	char end;

	if (s == NULL)
		return 0;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &day, &end) != 3 || m < 1 || m > 12 ||
	    day < 1 || day > 31) {
		dec_fail(d, key, W_TIME, false);
		return 0;
	}
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = day;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static void
dec_coauthor(struct dec *d, json_t *obj, void *out)
{
	struct net_coauthor *c = out;

	c->id = dec_int(d, obj, "id", REQUIRED, 1, LLONG_MAX);
	c->display_name = dec_str(d, obj, "display_name", REQUIRED);
	c->via_merge = dec_int(d, obj, "via_merge", OPTIONAL, 1, LLONG_MAX);
}

static void
dec_cost_line(struct dec *d, json_t *obj, void *out)
{
	struct net_detail_cost_line *l = out;

	l->category = dec_str(d, obj, "category", REQUIRED);
	l->label = dec_str(d, obj, "label", REQUIRED);
	l->amount_cents = dec_int(d, obj, "amount_cents", REQUIRED, 0, LLONG_MAX);
}

static void
dec_costing(struct dec *d, json_t *obj, struct net_detail_costing *c)
{
	json_t *months = json_object_get(obj, "duration_months");

	c->opinion = dec_str(d, obj, "opinion", REQUIRED);
	c->justification = dec_str(d, obj, "justification", OPTIONAL);
	c->duration_months = months == NULL || json_is_null(months) ? -1 :
	    (int)dec_int(d, obj, "duration_months", REQUIRED, 0, INT_MAX);
	c->total_cents = dec_int(d, obj, "total_cents", REQUIRED, 0, LLONG_MAX);
	c->costed_by = dec_agent_ref(d, obj, "costed_by");
	c->costed_at = dec_time(d, obj, "costed_at", OPTIONAL);
	c->lines = dec_objects(d, obj, "lines", OPTIONAL, sizeof *c->lines, &c->nlines,
	    dec_cost_line);
}

/* A merge seen from the source ("target" is the other end) or from the
 * target ("source"). */
static void
dec_merge_link(struct dec *d, json_t *obj, struct net_merge_link *m, const char *other)
{
	json_t *o = dec_obj(d, obj, other, REQUIRED);
	size_t old;

	m->merge_id = dec_int(d, obj, "merge_id", OPTIONAL, 1, LLONG_MAX);
	m->version = -1;
	if (o != NULL) {
		old = dec_push(d, other, -1);
		m->id = dec_int(d, o, "id", REQUIRED, 1, LLONG_MAX);
		m->title = dec_str(d, o, "title", REQUIRED);
		m->state = dec_str(d, o, "state", OPTIONAL);
		if (json_object_get(o, "version") != NULL)
			m->version = (int)dec_int(d, o, "version", REQUIRED, 0, INT_MAX);
		dec_pop(d, old);
	}
	m->merged_by = dec_agent_ref(d, obj, "merged_by");
	m->merged_at = dec_time(d, obj, "merged_at", OPTIONAL);
	m->note = dec_str(d, obj, "note", OPTIONAL);
	m->undone_by = dec_agent_ref(d, obj, "undone_by");
	m->undone_at = dec_time(d, obj, "undone_at", OPTIONAL);
}

static void
dec_merged_into(struct dec *d, json_t *obj, void *out)
{
	dec_merge_link(d, obj, out, "target");
}

static void
dec_merged_from(struct dec *d, json_t *obj, void *out)
{
	dec_merge_link(d, obj, out, "source");
}

static void
dec_stage_update(struct dec *d, json_t *obj, void *out)
{
	struct net_stage_update *u = out;

	u->stage = dec_str(d, obj, "stage", REQUIRED);
	u->stage_date = dec_date(d, obj, "stage_date");
	u->note = dec_str(d, obj, "note", OPTIONAL);
	u->agent = dec_agent_ref(d, obj, "agent");
	u->created_at = dec_time(d, obj, "created_at", OPTIONAL);
}

static void
dec_answer(struct dec *d, json_t *obj, void *out)
{
	struct net_answer *a = out;

	a->id = dec_int(d, obj, "id", REQUIRED, 1, LLONG_MAX);
	a->citizen_id = dec_int(d, obj, "citizen_id", OPTIONAL, 1, LLONG_MAX);
	a->body = dec_str(d, obj, "body", REQUIRED);
	a->agent = dec_agent_ref(d, obj, "agent");
	a->created_at = dec_time(d, obj, "created_at", OPTIONAL);
}

static void
dec_audit_row(struct dec *d, json_t *obj, void *out)
{
	dec_audit_entry(d, obj, out);
}

/* What the detail view shows beyond the thread; every part optional. */
static void
dec_proposal_detail(struct dec *d, json_t *root, struct net_proposal *out)
{
	json_t *v;
	size_t old;

	dec_code_name(d, root, "theme", &out->theme_code, NULL);
	dec_code_name(d, root, "department", NULL, &out->department_name);
	out->priority_neighbourhood = dec_bool(d, root, "priority_neighbourhood", OPTIONAL);
	out->needs_answer = dec_bool(d, root, "needs_answer", OPTIONAL);
	out->state_changed_at = dec_time(d, root, "state_changed_at", OPTIONAL);
	out->coauthors = dec_objects(d, root, "coauthors", OPTIONAL, sizeof *out->coauthors,
	    &out->ncoauthors, dec_coauthor);
	v = dec_obj(d, root, "costing", OPTIONAL);
	if (v != NULL) {
		old = dec_push(d, "costing", -1);
		out->costed = true;
		dec_costing(d, v, &out->costing);
		dec_pop(d, old);
	}
	out->merged_into_history = dec_objects(d, root, "merged_into_history", OPTIONAL,
	    sizeof *out->merged_into_history, &out->nmerged_into, dec_merged_into);
	out->merged_from = dec_objects(d, root, "merged_from", OPTIONAL, sizeof *out->merged_from,
	    &out->nmerged_from, dec_merged_from);
	out->stages = dec_objects(d, root, "stages", OPTIONAL, sizeof *out->stages, &out->nstages,
	    dec_stage_update);
	out->answers = dec_objects(d, root, "answers", OPTIONAL, sizeof *out->answers,
	    &out->nanswers, dec_answer);
	out->votes_online = out->votes_paper = out->votes_total = -1;
	v = dec_obj(d, root, "votes", OPTIONAL);
	if (v != NULL) {
		old = dec_push(d, "votes", -1);
		out->votes_online = dec_int(d, v, "online", REQUIRED, 0, LLONG_MAX);
		out->votes_paper = dec_int(d, v, "paper", REQUIRED, 0, LLONG_MAX);
		out->votes_total = dec_int(d, v, "total", REQUIRED, 0, LLONG_MAX);
		dec_pop(d, old);
	}
	out->audit = dec_objects(d, root, "audit", OPTIONAL, sizeof *out->audit, &out->naudit,
	    dec_audit_row);
}

int
net_decode_proposal(const char *json, size_t len, struct net_proposal *out,
    struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err);

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->id = dec_int(&d, root, "id", REQUIRED, 1, LLONG_MAX);
	out->version = (int)dec_int(&d, root, "version", REQUIRED, 0, INT_MAX);
	out->edition = (int)dec_int(&d, root, "edition", OPTIONAL, 0, INT_MAX);
	out->title = dec_str(&d, root, "title", REQUIRED);
	out->body = dec_str(&d, root, "body", REQUIRED);
	out->address = dec_str(&d, root, "address", OPTIONAL);
	dec_person(&d, root, "author", OPTIONAL, &out->author_id, &out->author_name);
	dec_code_name(&d, root, "district", &out->district_code, &out->district_name);
	dec_code_name(&d, root, "theme", NULL, &out->theme_name);
	dec_code_name(&d, root, "department", &out->department_code, NULL);
	out->referent = dec_agent_ref(&d, root, "referent");
	out->state = dec_str(&d, root, "state", REQUIRED);
	out->state_reason = dec_str(&d, root, "state_reason", OPTIONAL);
	out->stage = dec_str(&d, root, "stage", OPTIONAL);
	out->supports = (long)dec_int(&d, root, "supports", OPTIONAL, 0, LONG_MAX);
	out->hidden = dec_bool(&d, root, "hidden", REQUIRED);
	out->hidden_auto = dec_bool(&d, root, "hidden_auto", OPTIONAL);
	out->hidden_reason = dec_str(&d, root, "hidden_reason", OPTIONAL);
	out->escalated_at = dec_time(&d, root, "escalated_at", OPTIONAL);
	out->moderated_by = dec_agent_ref(&d, root, "moderated_by");
	out->moderated_at = dec_time(&d, root, "moderated_at", OPTIONAL);
	out->created_at = dec_time(&d, root, "created_at", REQUIRED);
	out->merged_into = dec_int(&d, root, "merged_into", OPTIONAL, 1, LLONG_MAX);
	out->comments_total = (long)dec_int(&d, root, "comments_total", OPTIONAL, 0, LONG_MAX);
	out->comments = dec_objects(&d, root, "comments", REQUIRED, sizeof *out->comments,
	    &out->ncomments, dec_comment);
	if (out->comments_total < (long)out->ncomments)
		out->comments_total = (long)out->ncomments;
	dec_proposal_detail(&d, root, out);
	if (dec_end(&d, root, &out->mem) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

void
net_proposal_free(struct net_proposal *p)
{
	if (p != NULL) {
		net_mem_free(p->mem);
		memset(p, 0, sizeof *p);
	}
}

/* ---- the list of proposals ------------------------------------------------ */

static void
dec_proposal_item(struct dec *d, json_t *obj, void *out)
{
	struct net_proposal_item *it = out;
	json_t *cost = json_object_get(obj, "total_cents");

	it->id = dec_int(d, obj, "id", REQUIRED, 1, LLONG_MAX);
	it->version = (int)dec_int(d, obj, "version", REQUIRED, 0, INT_MAX);
	it->edition = (int)dec_int(d, obj, "edition", OPTIONAL, 0, INT_MAX);
	it->title = dec_str(d, obj, "title", REQUIRED);
	dec_code_name(d, obj, "district", &it->district_code, &it->district_name);
	it->theme = dec_str(d, obj, "theme", OPTIONAL);
	it->department = dec_str(d, obj, "department", OPTIONAL);
	it->referent = dec_str(d, obj, "referent", OPTIONAL);
	it->state = dec_str(d, obj, "state", REQUIRED);
	it->stage = dec_str(d, obj, "stage", OPTIONAL);
	/* no costing yet: null, which is not 0 € */
	it->total_cents = cost == NULL || json_is_null(cost) ? -1 :
	    dec_int(d, obj, "total_cents", REQUIRED, 0, LLONG_MAX);
	it->supports = (long)dec_int(d, obj, "supports", OPTIONAL, 0, LONG_MAX);
	it->created_at = dec_time(d, obj, "created_at", REQUIRED);
	it->state_changed_at = dec_time(d, obj, "state_changed_at", OPTIONAL);
	it->priority_neighbourhood = dec_bool(d, obj, "priority_neighbourhood", OPTIONAL);
	it->hidden = dec_bool(d, obj, "hidden", OPTIONAL);
	it->needs_answer = dec_bool(d, obj, "needs_answer", OPTIONAL);
}

int
net_decode_proposal_page(const char *json, size_t len, struct net_proposal_page *out,
    struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err);

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	out->items = dec_objects(&d, root, "items", REQUIRED, sizeof *out->items, &out->count,
	    dec_proposal_item);
	out->next_cursor = dec_str(&d, root, "next_cursor", OPTIONAL);
	out->loaded = out->count;
	out->done = out->next_cursor == NULL;
	if (dec_end(&d, root, &out->mem) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

void
net_proposal_page_free(struct net_proposal_page *p)
{
	if (p != NULL) {
		net_mem_free(p->mem);
		memset(p, 0, sizeof *p);
	}
}

/* ---- an author's history ----------------------------------------------------- */

static void
dec_author_item(struct dec *d, json_t *obj, void *out)
{
	struct net_author_item *it = out;

	dec_target(d, obj, &it->target);
	it->hidden_reason = dec_str(d, obj, "hidden_reason", OPTIONAL);
	it->hidden_auto = dec_bool(d, obj, "hidden_auto", OPTIONAL);
	it->moderated_at = dec_time(d, obj, "moderated_at", OPTIONAL);
	it->excerpt = dec_str(d, obj, "excerpt", REQUIRED);
}

int
net_decode_author(const char *json, size_t len, struct net_author *out, struct net_error *err)
{
	struct dec d;
	json_t *root = dec_start(&d, json, len, err), *citizen, *hidden;
	size_t old;

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	citizen = dec_obj(&d, root, "citizen", REQUIRED);
	if (citizen != NULL) {
		old = dec_push(&d, "citizen", -1);
		out->id = dec_int(&d, citizen, "id", REQUIRED, 1, LLONG_MAX);
		out->display_name = dec_str(&d, citizen, "display_name", REQUIRED);
		dec_code_name(&d, citizen, "district", NULL, &out->district_name);
		out->blocked_until = dec_time(&d, citizen, "blocked_until", OPTIONAL);
		out->block_reason = dec_str(&d, citizen, "block_reason", OPTIONAL);
		dec_pop(&d, old);
	}
	hidden = dec_obj(&d, root, "hidden", REQUIRED);
	if (hidden != NULL) {
		old = dec_push(&d, "hidden", -1);
		out->hidden_comments = (long)dec_int(&d, hidden, "comments", REQUIRED, 0, LONG_MAX);
		out->hidden_proposals = (long)dec_int(&d, hidden, "proposals", REQUIRED, 0, LONG_MAX);
		dec_pop(&d, old);
	}
	out->open_reports = (long)dec_int(&d, root, "open_reports", OPTIONAL, 0, LONG_MAX);
	out->items = dec_objects(&d, root, "items", REQUIRED, sizeof *out->items, &out->nitems,
	    dec_author_item);
	if (dec_end(&d, root, &out->mem) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

void
net_author_free(struct net_author *a)
{
	if (a != NULL) {
		net_mem_free(a->mem);
		memset(a, 0, sizeof *a);
	}
}

/* ---- events -------------------------------------------------------------- */

/* Appends the positive integers of v (one, or a list) to ids. */
static void
dec_collect_ids(struct dec *d, json_t *v, long long *ids, size_t *n, size_t max)
{
	json_t *e;
	size_t i;

	if (v == NULL)
		return;
	if (json_is_integer(v)) {
		if (json_integer_value(v) > 0 && *n < max)
			ids[(*n)++] = (long long)json_integer_value(v);
		return;
	}
	if (!json_is_array(v))
		return;
	json_array_foreach(v, i, e)
		dec_collect_ids(d, json_is_array(e) ? NULL : e, ids, n, max);
}

static void
one_target(struct dec *d, json_t *obj, void *out)
{
	dec_target(d, obj, out);
}

/* The keys of proposal.* payloads that name proposals. */
static const char *const proposal_id_keys[] = { "id", "ids", "target", "source", "sources" };

static void
dec_event_payload(struct dec *d, json_t *payload, struct net_event *e)
{
	json_t *v;
	size_t i, max, old;

	old = dec_push(d, "payload", -1);
	if (strcmp(e->type, "report.new") == 0) {
		e->kind = NET_EV_REPORT_NEW;
		v = dec_obj(d, payload, "target", REQUIRED);
		if (v != NULL) {
			size_t o = dec_push(d, "target", -1);

			dec_target(d, v, &e->target);
			dec_pop(d, o);
		}
		e->report_id = dec_int(d, payload, "report_id", OPTIONAL, 1, LLONG_MAX);
		/* a reason added later on the server is no reason to drop the event */
		v = json_object_get(payload, "reason");
		e->reason = json_is_string(v) ? name_index(net_reason_names, NET_REASONS,
		    json_string_value(v)) : -1;
		e->open_reports = (long)dec_int(d, payload, "open_reports", OPTIONAL, 0, LONG_MAX);
		e->auto_hidden = dec_bool(d, payload, "auto_hidden", OPTIONAL);
	} else if (strcmp(e->type, "moderation.decided") == 0) {
		e->kind = NET_EV_MODERATION_DECIDED;
		v = json_object_get(payload, "action");
		e->action = json_is_string(v) ? name_index(net_action_names, NET_ACTIONS,
		    json_string_value(v)) : -1;
		e->targets = dec_objects(d, payload, "targets", REQUIRED, sizeof *e->targets,
		    &e->ntargets, one_target);
	} else if (strncmp(e->type, "proposal.", 9) == 0) {
		e->kind = NET_EV_PROPOSAL;
		max = 0;
		for (i = 0; i < sizeof proposal_id_keys / sizeof *proposal_id_keys; i++) {
			v = json_object_get(payload, proposal_id_keys[i]);
			max += json_is_array(v) ? json_array_size(v) : 1;
		}
		e->ids = dec_alloc(d, max, sizeof *e->ids);
		for (i = 0; e->ids != NULL &&
		    i < sizeof proposal_id_keys / sizeof *proposal_id_keys; i++)
			dec_collect_ids(d, json_object_get(payload, proposal_id_keys[i]), e->ids,
			    &e->nids, max);
	}
	dec_pop(d, old);
}

int
net_decode_event(const char *type, long long id, const char *json, size_t len,
    struct net_event *out, struct net_error *err)
{
	struct dec d;
	json_t *root, *payload;

	memset(out, 0, sizeof *out);
	out->reason = -1;
	out->action = -1;
	if (type == NULL || type[0] == '\0')
		type = "message";	/* the SSE default */
	root = dec_start(&d, json, len, err);
	if (root == NULL)
		return -1;
	out->id = id;
	out->type = net_mem_strndup(d.mem, type, strlen(type));
	out->data = net_mem_strndup(d.mem, json, len);
	if (out->type == NULL || out->data == NULL)
		dec_nomem(&d);
	if (!d.failed && strcmp(type, "reset") == 0) {
		out->kind = NET_EV_RESET;
	} else if (!d.failed) {
		if (out->id == 0)
			out->id = dec_int(&d, root, "id", OPTIONAL, 1, LLONG_MAX);
		out->at = dec_time(&d, root, "at", OPTIONAL);
		payload = dec_obj(&d, root, "payload", OPTIONAL);
		if (payload != NULL)
			dec_event_payload(&d, payload, out);
		else if (strcmp(type, "report.new") == 0 || strcmp(type, "moderation.decided") == 0)
			dec_fail(&d, "payload", W_OBJECT, true);
	}
	if (dec_end(&d, root, &out->mem) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

void
net_event_free(struct net_event *e)
{
	if (e != NULL) {
		net_mem_free(e->mem);
		memset(e, 0, sizeof *e);
	}
}

/* ---- errors ---------------------------------------------------------------- */

/* What to say when the server gave no readable error: by status. */
static const struct {
	int status;
	const char *message;
} status_messages[] = {
	{ 400, N_("the server refused the request as malformed (HTTP 400)") },
	{ 401, N_("the session is unknown or expired: log in again") },
	{ 403, N_("your role does not allow this") },
	{ 404, N_("not found: it may have been deleted") },
	{ 409, N_("it changed since it was read: reload") },
	{ 413, N_("the request is too large: act on fewer items at once") },
	{ 429, N_("too many attempts: wait a little and try again") },
	{ 502, N_("the server is unreachable behind its proxy (HTTP 502): try again later") },
	{ 503, N_("the server is unavailable for now (HTTP 503): try again shortly") },
	{ 504, N_("the server took too long to answer (HTTP 504): try again") },
};

void
net_decode_error(int status, const char *body, size_t len, struct net_error *err)
{
	json_t *root = NULL, *e, *code, *message;
	size_t i;

	if (body != NULL && len > 0 && len <= NET_MAX_ANSWER)
		root = json_loadb(body, len, 0, NULL);
	e = json_is_object(root) ? json_object_get(root, "error") : NULL;
	code = json_is_object(e) ? json_object_get(e, "code") : NULL;
	message = json_is_object(e) ? json_object_get(e, "message") : NULL;
	if (json_is_string(code) && json_string_length(code) > 0) {
		net_error_set(err, status, json_string_value(code), false, "%s",
		    json_is_string(message) && json_string_length(message) > 0
		    ? json_string_value(message) : json_string_value(code));
		json_decref(root);
		return;
	}
	json_decref(root);
	for (i = 0; i < sizeof status_messages / sizeof *status_messages; i++) {
		if (status_messages[i].status == status) {
			net_error_set(err, status, "http", false, "%s", _(status_messages[i].message));
			return;
		}
	}
	if (status >= 500)
		net_error_set(err, status, "http", false,
		    _("the server failed (HTTP %d): try again later"), status);
	else
		net_error_set(err, status, "http", false,
		    _("the server answered HTTP %d"), status);
}
