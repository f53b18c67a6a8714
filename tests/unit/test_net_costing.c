/* net/costing.c against a scripted HTTP server in a child process: the
 * costing, the envelopes and the merge as sent (paths, bodies, one
 * Idempotency-Key for every attempt) and as decoded, refusals included. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../net/costing.h"
#include "../../net/net.h"
#include "check.h"
#include "httpd.h"

/* ---- what the callbacks got --------------------------------------------------- */

struct got {
	int calls;
	char text[1024];
	struct net_error err;
	bool failed;
};

static void
note(struct got *g, const struct net_error *err)
{
	g->calls++;
	g->failed = err != NULL;
	if (err)
		g->err = *err;
}

static void
on_costing(void *arg, long id, const struct net_costing_result *r, const struct net_error *err)
{
	struct got *g = arg;

	(void)id;
	note(g, err);
	if (r != NULL)
		snprintf(g->text, sizeof g->text, "%lld v%d %s %lld%s", r->id, r->version, r->state,
		    r->total_cents, r->operating_costs ? " operating" : "");
}

static void
on_proposal(void *arg, long id, const struct net_costing_proposal *p,
    const struct net_error *err)
{
	struct got *g = arg;
	size_t i, used;

	(void)id;
	note(g, err);
	if (p == NULL)
		return;
	used = (size_t)snprintf(g->text, sizeof g->text, "%lld v%d %d %s %s %s by %s",
	    p->id, p->version, p->edition, p->state, p->district_code ? p->district_code : "-",
	    p->department_code ? p->department_code : "-", p->author.display_name);
	for (i = 0; i < p->ncoauthors && used < sizeof g->text; i++)
		used += (size_t)snprintf(g->text + used, sizeof g->text - used, " +%s",
		    p->coauthors[i].display_name);
	if (p->costed && used < sizeof g->text) {
		used += (size_t)snprintf(g->text + used, sizeof g->text - used, " | %d %s %d %lld",
		    (int)p->costing.opinion, p->costing.justification, p->costing.duration_months,
		    p->costing.total_cents);
		for (i = 0; i < p->costing.nlines && used < sizeof g->text; i++)
			used += (size_t)snprintf(g->text + used, sizeof g->text - used,
			    " [%s %s %lld]", net_cost_category_names[p->costing.lines[i].category],
			    p->costing.lines[i].label, p->costing.lines[i].amount_cents);
	}
}

static void
on_envelopes(void *arg, long id, const struct net_envelopes *e, const struct net_error *err)
{
	struct got *g = arg;
	size_t i, used;

	(void)id;
	note(g, err);
	if (e == NULL)
		return;
	used = (size_t)snprintf(g->text, sizeof g->text, "%d%s", e->edition,
	    e->closed ? " closed" : "");
	for (i = 0; i < e->count && used < sizeof g->text; i++)
		used += (size_t)snprintf(g->text + used, sizeof g->text - used,
		    " [%s %s %lld %lld %lld]", e->districts[i].district, e->districts[i].name,
		    e->districts[i].envelope_cents, e->districts[i].committed_cents,
		    e->districts[i].left_cents);
}

static void
on_merge(void *arg, long id, const struct net_merge_result *r, const struct net_error *err)
{
	struct got *g = arg;
	size_t i, used;

	(void)id;
	note(g, err);
	if (r == NULL)
		return;
	used = (size_t)snprintf(g->text, sizeof g->text, "target %lld v%d%s:", r->target_id,
	    r->target_version, r->created ? " new" : "");
	for (i = 0; i < r->nsources && used < sizeof g->text; i++)
		used += (size_t)snprintf(g->text + used, sizeof g->text - used, " %lld v%d",
		    r->sources[i].id, r->sources[i].version);
}

/* ---- the costing ------------------------------------------------------------ */

static const struct net_cost_line lines[] = {
	{ NET_COST_INVESTMENT, "Bancs et plantations", 250000000 },
	{ NET_COST_STUDIES, "Étude de sol", 150000000 },
	{ NET_COST_OPERATING, "Entretien", 1200000 },
};

static void
test_costing_put(void)
{
	char *busy = httpd_answer("503 Service Unavailable", "{\"error\": {\"code\": \"busy\","
	    " \"message\": \"the database did not answer in time; try again\"}}");
	char *done = httpd_answer("200 OK", "{\"id\": 12, \"version\": 5, \"state\": \"costed\","
	    " \"total_cents\": 401200000, \"warnings\": [\"operating_costs\", \"later\"]}");
	struct httpd_step steps[] = { { busy }, { done } };
	struct net_costing_request r = { 12, 4, NET_OPINION_FAVOURABLE, "Faisable en 2027", 18,
		lines, 3 };
	struct httpd s;
	struct net_error err;
	struct got g = { 0 };
	char status[256], keys[4][40], *log;
	struct net *n;

	httpd_start(&s, steps, 2);
	n = net_open(s.url, &err);
	if (n == NULL)
		return;
	net_set_token(n, "tok");
	CHECK(net_costing_put(n, &r, on_costing, &g, &err) > 0, "costing sent");
	net_status(n, status, sizeof status);
	CHECK_STR(status, "costing proposal 12", "the status line");
	CHECK(httpd_pump(n, &g.calls, 1, 10000), "answered");
	CHECK(!g.failed, "after a 503, success");
	CHECK_STR(g.text, "12 v5 costed 401200000 operating", "the result and its warning");
	log = httpd_log(&s);
	CHECK_INT(httpd_count(log, "PUT /v1/proposals/12/costing HTTP/1.1"), 2, "PUT, twice");
	CHECK(httpd_keys(log, keys, 4) == 2 && strcmp(keys[0], keys[1]) == 0, "one key for both");
	CHECK(strstr(log, "\"lines\":[{\"category\":\"investment\",\"label\":\"Bancs et plantations\","
	    "\"amount_cents\":250000000},{\"category\":\"studies\",\"label\":\"Étude de sol\","
	    "\"amount_cents\":150000000},{\"category\":\"operating\",\"label\":\"Entretien\","
	    "\"amount_cents\":1200000}]") != NULL, "the lines, in cents, in order");
	CHECK(strstr(log, "\"id\":12") != NULL && strstr(log, "\"version\":4") != NULL,
	    "the id and the version read");
	CHECK(strstr(log, "\"opinion\":\"favourable\"") != NULL, "the opinion");
	CHECK(strstr(log, "\"justification\":\"Faisable en 2027\"") != NULL, "the justification");
	CHECK(strstr(log, "\"duration_months\":18") != NULL, "the duration");
	free(log);
	net_close(n);
	httpd_stop(&s);
	free(busy);
	free(done);
}

static void
test_costing_refused(void)
{
	char *refused = httpd_answer("403 Forbidden", "{\"error\": {\"code\": \"forbidden\","
	    " \"message\": \"this proposal is not in your department\"}}");
	struct httpd_step steps[] = { { refused } };
	struct net_costing_request r = { 40, 1, NET_OPINION_UNFAVOURABLE, "Non", -1, lines, 1 };
	struct httpd s;
	struct net_error err;
	struct got g = { 0 };
	struct net *n;
	char *log;

	httpd_start(&s, steps, 1);
	n = net_open(s.url, &err);
	if (n == NULL)
		return;
	net_costing_put(n, &r, on_costing, &g, &err);
	CHECK(httpd_pump(n, &g.calls, 1, 5000), "answered");
	CHECK(g.failed && g.err.status == 403, "403");
	CHECK_STR(g.err.code, "forbidden", "forbidden");
	CHECK_STR(g.err.message, "this proposal is not in your department", "the server's words");
	log = httpd_log(&s);
	CHECK_INT(httpd_count(log, "PUT /v1/proposals/40/costing"), 1, "not retried");
	CHECK(strstr(log, "duration_months") == NULL, "no duration when none is said");
	CHECK(strstr(log, "\"opinion\":\"unfavourable\"") != NULL, "unfavourable");
	free(log);
	net_close(n);
	httpd_stop(&s);
	free(refused);
}

static void
test_costing_invalid(void)
{
	struct net_costing_request none = { 12, 4, NET_OPINION_NONE, "x", -1, lines, 1 };
	struct net_costing_request empty = { 12, 4, NET_OPINION_FAVOURABLE, "x", -1, lines, 0 };
	struct net_cost_line bad[] = { { NET_COST_INVESTMENT, "x", -5 } };
	struct net_costing_request negative = { 12, 4, NET_OPINION_FAVOURABLE, "x", -1, bad, 1 };
	struct net_error err;
	struct got g = { 0 };
	struct net *n = net_open("http://127.0.0.1:9/", &err);

	if (n == NULL)
		return;
	CHECK(net_costing_put(n, &none, on_costing, &g, &err) < 0, "no opinion: not sent");
	CHECK_STR(err.code, "invalid", "invalid");
	CHECK(net_costing_put(n, &empty, on_costing, &g, &err) < 0, "no line: not sent");
	CHECK(net_costing_put(n, &negative, on_costing, &g, &err) < 0, "a negative amount");
	CHECK_STR(err.message, "cost line 1 is not valid", "which line");
	CHECK_INT(net_in_flight(n), 0, "nothing in flight");
	CHECK_INT(g.calls, 0, "no callback");
	net_close(n);
}

static void
test_costing_get(void)
{
	char *p = httpd_answer("200 OK", "{\"id\": 12, \"version\": 4, \"edition\": 2026, \"title\": \"Bancs\","
	    " \"body\": \"...\", \"state\": \"costed\", \"author\": {\"id\": 3, \"external_id\": \"x\","
	    " \"display_name\": \"Ana\"}, \"coauthors\": [{\"id\": 5, \"display_name\": \"Léo\","
	    " \"via_merge\": 2}], \"district\": {\"code\": \"75011\", \"name\": \"Paris 11e\","
	    " \"citywide\": false}, \"department\": {\"code\": \"DVD\", \"name\": \"Voirie\"},"
	    " \"costing\": {\"opinion\": \"unfavourable\", \"justification\": \"Trop cher\","
	    " \"duration_months\": null, \"total_cents\": 300, \"costed_by\": {\"id\": 2,"
	    " \"login\": \"referent\", \"display_name\": \"Romain Petit\"}, \"costed_at\":"
	    " \"2026-03-01T10:00:00+01:00\", \"lines\": [{\"category\": \"other\", \"label\": \"A\","
	    " \"amount_cents\": 100}, {\"category\": \"operating\", \"label\": \"B\","
	    " \"amount_cents\": 200}]}, \"updated_by\": null, \"updated_at\": \"2026-03-01T10:00:00Z\","
	    " \"comments\": []}");
	char *bare = httpd_answer("200 OK", "{\"id\": 13, \"version\": 1, \"title\": \"T\", \"state\":"
	    " \"admissible\", \"department\": null, \"costing\": null}");
	char *bad = httpd_answer("200 OK", "{\"id\": 14, \"version\": 1, \"title\": \"T\", \"state\":"
	    " \"costed\", \"costing\": {\"opinion\": \"maybe\", \"total_cents\": 0}}");
	struct httpd_step steps[] = { { p }, { bare }, { bad } };
	struct httpd s;
	struct net_error err;
	struct got g = { 0 };
	struct net *n;
	char *log;

	httpd_start(&s, steps, 3);
	n = net_open(s.url, &err);
	if (n == NULL)
		return;
	net_costing_get(n, 12, on_proposal, &g, &err);
	CHECK(httpd_pump(n, &g.calls, 1, 5000) && !g.failed, "read");
	CHECK_STR(g.text, "12 v4 2026 costed 75011 DVD by Ana +Léo | 2 Trop cher -1 300"
	    " [other A 100] [operating B 200]", "the proposal, its authors and its costing");
	memset(&g, 0, sizeof g);
	net_costing_get(n, 13, on_proposal, &g, &err);
	CHECK(httpd_pump(n, &g.calls, 1, 5000) && !g.failed, "read");
	CHECK_STR(g.text, "13 v1 0 admissible - - by (null)", "no department, no costing");
	memset(&g, 0, sizeof g);
	net_costing_get(n, 14, on_proposal, &g, &err);
	CHECK(httpd_pump(n, &g.calls, 1, 5000) && g.failed, "an unknown opinion");
	CHECK_STR(g.err.code, "malformed", "is malformed");
	CHECK(strstr(g.err.message, "costing.opinion") != NULL, "naming the field");
	log = httpd_log(&s);
	CHECK(strstr(log, "GET /v1/proposals/12 HTTP/1.1") != NULL, "GET /v1/proposals/12");
	CHECK_INT(httpd_count(log, "Idempotency-Key"), 0, "a read has no key");
	free(log);
	net_close(n);
	httpd_stop(&s);
	free(p);
	free(bare);
	free(bad);
}

/* ---- the envelopes -------------------------------------------------------------- */

static void
test_envelopes(void)
{
	char *e = httpd_answer("200 OK", "{\"edition\": 2026, \"closed\": false, \"districts\": ["
	    "{\"district\": \"75011\", \"name\": \"Paris 11e\", \"citywide\": false,"
	    " \"envelope_cents\": 500000000, \"committed_cents\": 120000000, \"winners_cents\": 0,"
	    " \"left_cents\": 380000000, \"selected\": 2, \"winners\": 0},"
	    "{\"district\": \"75000\", \"name\": \"Paris\", \"citywide\": true,"
	    " \"envelope_cents\": 100, \"committed_cents\": 300, \"winners_cents\": 300,"
	    " \"left_cents\": -200, \"selected\": 0, \"winners\": 1}]}");
	struct httpd_step steps[] = { { e } };
	struct httpd s;
	struct net_error err;
	struct got g = { 0 };
	struct net *n;
	char *log;

	httpd_start(&s, steps, 1);
	n = net_open(s.url, &err);
	if (n == NULL)
		return;
	CHECK(net_envelopes_get(n, 1999, on_envelopes, &g, &err) < 0, "no such edition");
	net_envelopes_get(n, 2026, on_envelopes, &g, &err);
	CHECK(httpd_pump(n, &g.calls, 1, 5000) && !g.failed, "read");
	CHECK_STR(g.text, "2026 [75011 Paris 11e 500000000 120000000 380000000]"
	    " [75000 Paris 100 300 -200]", "each district, overspent included");
	log = httpd_log(&s);
	CHECK(strstr(log, "GET /v1/envelopes?edition=2026 HTTP/1.1") != NULL, "the edition asked");
	free(log);
	net_close(n);
	httpd_stop(&s);
	free(e);
}

/* ---- merges ---------------------------------------------------------------------- */

static void
test_merge(void)
{
	char *done = httpd_answer("200 OK", "{\"batch_id\": \"b7\", \"target\": {\"id\": 90, \"version\": 1,"
	    " \"created\": true}, \"sources\": [{\"id\": 3, \"version\": 8, \"merge_id\": 1},"
	    " {\"id\": 4, \"version\": 2, \"merge_id\": 2}]}");
	char *conflict = httpd_answer("409 Conflict", "{\"error\": {\"code\": \"conflict\", \"message\":"
	    " \"some proposals changed since you read them\", \"details\": {\"items\": []}}}");
	struct httpd_step steps[] = { { "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"cut" },
		{ done }, { conflict } };
	struct net_item_ref src[2] = { { { NET_PROPOSAL, 3 }, 7 }, { { NET_PROPOSAL, 4 }, 1 } };
	struct net_merge_request fresh = { src, 2, 0, 0, "Un seul \"projet\"", "Bancs\nArbres",
		NULL, "CADRE", NULL };
	struct net_merge_request into = { src, 2, 9, 5, NULL, NULL, NULL, NULL, "doublons" };
	struct net_merge_request untitled = { src, 2, 0, 0, "", "b", NULL, NULL, NULL };
	struct httpd s;
	struct net_error err;
	struct got g = { 0 };
	char keys[4][40], *log;
	struct net *n;

	httpd_start(&s, steps, 3);
	n = net_open(s.url, &err);
	if (n == NULL)
		return;
	CHECK(net_merge(n, &untitled, on_merge, &g, &err) < 0, "a new proposal needs a title");
	CHECK(net_merge(n, &fresh, on_merge, &g, &err) > 0, "merge sent");
	CHECK(httpd_pump(n, &g.calls, 1, 10000) && !g.failed, "answered after a cut answer");
	CHECK_STR(g.text, "target 90 v1 new: 3 v8 4 v2", "the target and the sources");
	memset(&g, 0, sizeof g);
	net_merge(n, &into, on_merge, &g, &err);
	CHECK(httpd_pump(n, &g.calls, 1, 5000) && g.failed, "refused");
	CHECK(g.err.status == 409, "409");
	CHECK_STR(g.err.code, "conflict", "a conflict");
	log = httpd_log(&s);
	CHECK_INT(httpd_count(log, "POST /v1/proposals/merge HTTP/1.1"), 3, "three posts");
	CHECK(httpd_keys(log, keys, 4) == 3 && strcmp(keys[0], keys[1]) == 0 &&
	    strcmp(keys[1], keys[2]) != 0, "one key per merge, kept on a retry");
	CHECK(strstr(log, "\"sources\":[{\"id\":3,\"version\":7},{\"id\":4,\"version\":1}]") != NULL,
	    "the sources with the versions read");
	CHECK(strstr(log, "\"target\":{\"new\":{\"title\":\"Un seul \\\"projet\\\"\","
	    "\"body\":\"Bancs\\nArbres\",\"theme\":\"CADRE\"}}") != NULL, "a new target");
	CHECK(strstr(log, "\"target\":{\"id\":9,\"version\":5}") != NULL, "an existing target");
	CHECK(strstr(log, "\"note\":\"doublons\"") != NULL, "the note");
	free(log);
	net_close(n);
	httpd_stop(&s);
	free(done);
	free(conflict);
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	RUN(test_costing_put);
	RUN(test_costing_refused);
	RUN(test_costing_invalid);
	RUN(test_costing_get);
	RUN(test_envelopes);
	RUN(test_merge);
	return check_done("net_costing");
}
