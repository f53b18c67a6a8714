/* net/instruct.c against a scripted HTTP server in a child process: the
 * bodies of the bulk operations as sent, the per-item results as decoded,
 * a malformed answer refused, one Idempotency-Key for every attempt of a
 * write, and the directory. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../net/instruct.h"
#include "../../net/net.h"
#include "check.h"
#include "httpd.h"

/* ---- what the callbacks got ---------------------------------------------------- */

struct got {
	int calls;
	bool failed;
	struct net_error err;
	char text[1024];
};

static void
on_bulk(void *arg, long id, const struct net_decision *d, const struct net_error *err)
{
	static const char *const st[] = { "ok", "conflict", "forbidden", "invalid" };
	struct got *g = arg;
	size_t i, used = 0;

	(void)id;
	g->calls++;
	g->failed = err != NULL;
	g->text[0] = '\0';
	if (err != NULL) {
		g->err = *err;
		return;
	}
	/* id:status:version[:by][:message] per item, then the counts */
	for (i = 0; i < d->count && used < sizeof g->text; i++) {
		const struct net_item_result *r = &d->results[i];

		snprintf(g->text + used, sizeof g->text - used, "%lld:%s:%d%s%s%s%s ",
		    r->target.id, st[r->status], r->version, r->by ? ":" : "", r->by ? r->by : "",
		    r->message ? ":" : "", r->message ? r->message : "");
		used += strlen(g->text + used);
	}
	if (used < sizeof g->text)
		snprintf(g->text + used, sizeof g->text - used, "ok=%zu conflict=%zu invalid=%zu",
		    d->counts[NET_ITEM_OK], d->counts[NET_ITEM_CONFLICT], d->counts[NET_ITEM_INVALID]);
}

static struct net *
client(struct httpd *s)
{
	struct net_error err;
	struct net *n = net_open(s->url, &err);

	CHECK(n != NULL, "a client");
	if (n != NULL)
		net_set_token(n, "tok");
	return n;
}

static const struct net_item_ref items3[3] = {
	{ { NET_PROPOSAL, 11 }, 1 }, { { NET_PROPOSAL, 12 }, 4 }, { { NET_PROPOSAL, 13 }, 2 },
};

/* ---- admissibility ------------------------------------------------------------- */

static void
test_inadmissible(void)
{
	char *done = httpd_answer("200 OK", "{\"batch_id\": \"b1\", \"results\": ["
	    "{\"id\": 11, \"status\": \"ok\", \"version\": 2, \"state\": \"inadmissible\"},"
	    "{\"id\": 12, \"status\": \"conflict\", \"version\": 5, \"by\": {\"id\": 3,"
	    " \"login\": \"ines\", \"display_name\": \"Ines\"}, \"at\": \"2026-03-01T10:00:00Z\"},"
	    "{\"id\": 13, \"status\": \"invalid\", \"message\": \"the proposal is already inadmissible\"}],"
	    " \"counts\": {\"ok\": 1, \"conflict\": 1, \"forbidden\": 0, \"invalid\": 1}}");
	struct httpd_step steps[] = { { done } };
	struct net_admissibility_request r = { false, "not an investment",
	    "Votre projet relève du fonctionnement.", items3, 3 };
	struct net_error err;
	struct got g = { 0 };
	struct httpd s;
	char status[256], *log;
	struct net *n;

	httpd_start(&s, steps, 1);
	if ((n = client(&s)) == NULL)
		return;
	CHECK(net_admissibility(n, &r, on_bulk, &g, &err) > 0, "sent");
	net_status(n, status, sizeof status);
	CHECK_STR(status, "declaring 3 proposals inadmissible", "the status line says what runs");
	CHECK(httpd_pump(n, &g.calls, 1, 5000), "answered");
	CHECK(!g.failed, "no error");
	CHECK_STR(g.text, "11:ok:2 12:conflict:5:Ines 13:invalid:0:the proposal is already "
	    "inadmissible ok=1 conflict=1 invalid=1", "each item's result, in order, and the counts");
	log = httpd_log(&s);
	CHECK(strstr(log, "POST /v1/proposals/admissibility HTTP/1.1") != NULL, "the route");
	CHECK(strstr(log, "{\"items\":[{\"id\":11,\"version\":1},{\"id\":12,\"version\":4},"
	    "{\"id\":13,\"version\":2}],\"decision\":\"inadmissible\",\"reason\":\"not an investment\","
	    "\"message\":\"Votre projet relève du fonctionnement.\"}") != NULL, "the body");
	CHECK(strstr(log, "Idempotency-Key: ") != NULL, "a write with a key");
	free(log);
	net_close(n);
	httpd_stop(&s);
	free(done);
}

/* A 503, then a cut answer, then the answer: three attempts, one key. */
static void
test_admissible_retry(void)
{
	char *busy = httpd_answer("503 Service Unavailable", "{\"error\": {\"code\": \"busy\","
	    " \"message\": \"the database did not answer in time; try again\"}}");
	char *done = httpd_answer("200 OK", "{\"batch_id\": \"b2\", \"results\": ["
	    "{\"id\": 11, \"status\": \"ok\", \"version\": 2}], \"counts\": {\"ok\": 1,"
	    " \"conflict\": 0, \"forbidden\": 0, \"invalid\": 0}}");
	struct httpd_step steps[] = { { busy }, { "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"cut" },
	    { done } };
	struct net_admissibility_request r = { true, NULL, NULL, items3, 1 };
	struct net_error err;
	struct got g = { 0 };
	struct httpd s;
	char keys[4][40], status[256], *log;
	struct net *n;
	int nkeys;

	httpd_start(&s, steps, 3);
	if ((n = client(&s)) == NULL)
		return;
	CHECK(net_admissibility(n, &r, on_bulk, &g, &err) > 0, "sent");
	net_status(n, status, sizeof status);
	CHECK_STR(status, "declaring 1 proposal admissible", "one proposal: the singular");
	CHECK(httpd_pump(n, &g.calls, 1, 15000), "answered in the end");
	CHECK(!g.failed, "after a 503 and a cut answer, success");
	CHECK_STR(g.text, "11:ok:2 ok=1 conflict=0 invalid=0", "the result");
	log = httpd_log(&s);
	CHECK(strstr(log, "\"decision\":\"admissible\"}") != NULL, "no reason, no message");
	CHECK_INT(httpd_count(log, "POST /v1/proposals/admissibility"), 3, "three attempts");
	nkeys = httpd_keys(log, keys, 4);
	CHECK_INT(nkeys, 3, "each with a key");
	CHECK(nkeys == 3 && strlen(keys[0]) == 32 && strcmp(keys[0], keys[1]) == 0 &&
	    strcmp(keys[1], keys[2]) == 0, "the same key each time");
	free(log);
	net_close(n);
	httpd_stop(&s);
	free(busy);
	free(done);
}

/* An answer that is not a bulk result is refused, not half read. */
static void
test_malformed(void)
{
	char *bad_status = httpd_answer("200 OK", "{\"batch_id\": \"b3\", \"results\": ["
	    "{\"id\": 11, \"status\": \"maybe\"}], \"counts\": {\"ok\": 0, \"conflict\": 0,"
	    " \"forbidden\": 0, \"invalid\": 0}}");
	char *no_counts = httpd_answer("200 OK", "{\"batch_id\": \"b3\", \"results\": []}");
	char *not_json = httpd_answer("200 OK", "<html>proxy error</html>");
	struct httpd_step steps[] = { { bad_status }, { no_counts }, { not_json } };
	struct net_selection_request r = { true, NULL, items3, 1 };
	struct net_error err;
	struct got g = { 0 };
	struct httpd s;
	struct net *n;
	int i;

	httpd_start(&s, steps, 3);
	if ((n = client(&s)) == NULL)
		return;
	for (i = 1; i <= 3; i++) {
		CHECK(net_selection(n, &r, on_bulk, &g, &err) > 0, "sent");
		CHECK(httpd_pump(n, &g.calls, i, 5000), "answered");
		CHECK(g.failed, "a malformed answer is an error");
		CHECK_STR(g.err.code, "malformed", "said so");
	}
	CHECK(strstr(g.err.message, "unexpected answer") != NULL ||
	    strstr(g.err.message, "JSON") != NULL, "with a sentence");
	net_close(n);
	httpd_stop(&s);
	free(bad_status);
	free(no_counts);
	free(not_json);
}

/* ---- assignment, selection, stages ---------------------------------------------- */

static void
test_bodies(void)
{
	char *ok1 = httpd_answer("200 OK", "{\"batch_id\": \"b\", \"results\": [{\"id\": 11,"
	    " \"status\": \"ok\", \"version\": 2}], \"counts\": {\"ok\": 1, \"conflict\": 0,"
	    " \"forbidden\": 0, \"invalid\": 0}}");
	char *stage = httpd_answer("200 OK", "{\"batch_id\": \"b\", \"results\": [{\"id\": 11,"
	    " \"status\": \"ok\", \"version\": 2, \"stage\": \"works\"}, {\"id\": 12, \"status\":"
	    " \"invalid\", \"message\": \"only winning projects have stages\"}], \"counts\":"
	    " {\"ok\": 1, \"conflict\": 0, \"forbidden\": 0, \"invalid\": 1}}");
	struct httpd_step steps[] = { { ok1 }, { ok1 }, { ok1 }, { ok1 }, { stage } };
	struct net_assignment_request as = { "VOIRIE", "r.dupont", items3, 1 };
	struct net_assignment_request as2 = { "DEVE", "", items3, 1 };
	struct net_selection_request sel = { true, NULL, items3, 1 };
	struct net_selection_request unsel = { false, "trop cher", items3, 1 };
	struct net_stage_request st = { NET_STAGE_WORKS, 2026, 3, 9, "Début du chantier", items3, 2 };
	struct net_error err;
	struct got g = { 0 };
	struct httpd s;
	char status[256], *log;
	struct net *n;

	httpd_start(&s, steps, 5);
	if ((n = client(&s)) == NULL)
		return;
	CHECK(net_assignment(n, &as, on_bulk, &g, &err) > 0, "assignment sent");
	net_status(n, status, sizeof status);
	CHECK_STR(status, "assigning 1 proposal to VOIRIE", "its label");
	CHECK(httpd_pump(n, &g.calls, 1, 5000), "answered");
	CHECK(net_assignment(n, &as2, on_bulk, &g, &err) > 0, "assignment without referent");
	CHECK(httpd_pump(n, &g.calls, 2, 5000), "answered");
	CHECK(net_selection(n, &sel, on_bulk, &g, &err) > 0, "selection sent");
	CHECK(httpd_pump(n, &g.calls, 3, 5000), "answered");
	CHECK(net_selection(n, &unsel, on_bulk, &g, &err) > 0, "unselection sent");
	net_status(n, status, sizeof status);
	CHECK_STR(status, "taking 1 project out of the vote", "its label");
	CHECK(httpd_pump(n, &g.calls, 4, 5000), "answered");
	CHECK(net_stage(n, &st, on_bulk, &g, &err) > 0, "stage sent");
	net_status(n, status, sizeof status);
	CHECK_STR(status, "recording the stage of 2 projects", "its label");
	CHECK(httpd_pump(n, &g.calls, 5, 5000), "answered");
	CHECK_STR(g.text, "11:ok:2 12:invalid:0:only winning projects have stages ok=1 conflict=0 "
	    "invalid=1", "a project that is not a winner is refused, with why");
	log = httpd_log(&s);
	CHECK(strstr(log, "POST /v1/proposals/assignment HTTP/1.1") != NULL, "assignment: route");
	CHECK(strstr(log, "{\"items\":[{\"id\":11,\"version\":1}],\"department\":\"VOIRIE\","
	    "\"referent\":\"r.dupont\"}") != NULL, "assignment: the body");
	CHECK(strstr(log, "{\"items\":[{\"id\":11,\"version\":1}],\"department\":\"DEVE\"}") != NULL,
	    "assignment: no referent named");
	CHECK(strstr(log, "POST /v1/proposals/selection HTTP/1.1") != NULL, "selection: route");
	CHECK(strstr(log, "{\"items\":[{\"id\":11,\"version\":1}],\"selected\":true}") != NULL,
	    "selection: the body");
	CHECK(strstr(log, "\"selected\":false,\"reason\":\"trop cher\"}") != NULL,
	    "unselection: with its reason");
	CHECK(strstr(log, "POST /v1/proposals/stages HTTP/1.1") != NULL, "stages: route");
	CHECK(strstr(log, "{\"items\":[{\"id\":11,\"version\":1},{\"id\":12,\"version\":4}],"
	    "\"stage\":\"works\",\"date\":\"2026-03-09\",\"note\":\"Début du chantier\"}") != NULL,
	    "stages: the body");
	free(log);
	net_close(n);
	httpd_stop(&s);
	free(ok1);
	free(stage);
}

/* What is wrong is refused before anything is sent. */
static void
test_refused_before_sending(void)
{
	struct net_item_ref comment[1] = { { { NET_COMMENT, 4 }, 1 } };
	struct net_admissibility_request no_reason = { false, "", NULL, items3, 1 };
	struct net_admissibility_request none = { true, NULL, NULL, items3, 0 };
	struct net_admissibility_request not_proposal = { true, NULL, NULL, comment, 1 };
	struct net_assignment_request no_dept = { NULL, NULL, items3, 1 };
	struct net_selection_request no_why = { false, NULL, items3, 1 };
	struct net_stage_request abandoned = { NET_STAGE_ABANDONED, 2026, 3, 9, "", items3, 1 };
	struct net_stage_request feb30 = { NET_STAGE_WORKS, 2026, 2, 29, NULL, items3, 1 };
	struct net_stage_request leap = { NET_STAGE_WORKS, 2028, 2, 29, NULL, items3, 1 };
	struct net_error err;
	struct got g = { 0 };
	struct net *n = net_open("http://127.0.0.1:9/", &err);

	if (n == NULL)
		return;
	CHECK(net_admissibility(n, &no_reason, on_bulk, &g, &err) < 0, "inadmissible without reason");
	CHECK_STR(err.code, "invalid", "invalid");
	CHECK(net_admissibility(n, &none, on_bulk, &g, &err) < 0, "no item");
	CHECK(net_admissibility(n, &not_proposal, on_bulk, &g, &err) < 0, "a comment");
	CHECK(net_assignment(n, &no_dept, on_bulk, &g, &err) < 0, "no department");
	CHECK(net_selection(n, &no_why, on_bulk, &g, &err) < 0, "out of the vote without reason");
	CHECK(net_stage(n, &abandoned, on_bulk, &g, &err) < 0, "abandoned without a note");
	CHECK(strstr(err.message, "note") != NULL, "says the note is missing");
	CHECK(net_stage(n, &feb30, on_bulk, &g, &err) < 0, "the 29th of February 2026");
	CHECK(net_stage(n, &leap, on_bulk, &g, &err) > 0, "the 29th of February 2028 is a date");
	CHECK_INT(net_in_flight(n), 1, "only that one went");
	net_close(n);
	CHECK_INT(g.calls, 0, "nothing called back");
}

/* ---- the directory ----------------------------------------------------------------- */

static void
on_directory(void *arg, long id, const struct net_directory *d, const struct net_error *err)
{
	struct got *g = arg;
	size_t i, used = 0;

	(void)id;
	g->calls++;
	g->failed = err != NULL;
	if (err != NULL) {
		g->err = *err;
		return;
	}
	snprintf(g->text, sizeof g->text, "%zu %s=%s|", d->ndepartments,
	    d->ndepartments ? d->departments[0].code : "", d->ndepartments ? d->departments[0].name : "");
	used = strlen(g->text);
	for (i = 0; i < d->nagents && used < sizeof g->text; i++) {
		snprintf(g->text + used, sizeof g->text - used, "%s/%d/%s ", d->agents[i].login,
		    (int)d->agents[i].role, d->agents[i].department ? d->agents[i].department : "-");
		used += strlen(g->text + used);
	}
	if (used < sizeof g->text)
		snprintf(g->text + used, sizeof g->text - used, "|%zu %zu", d->ndistricts, d->nthemes);
}

static void
test_directory(void)
{
	char *dir = httpd_answer("200 OK", "{\"departments\": [{\"code\": \"DEVE\", \"name\": \"Espaces verts\"},"
	    " {\"code\": \"DVD\", \"name\": \"Voirie\"}], \"agents\": [{\"login\": \"instructor\","
	    " \"display_name\": \"Ines\", \"role\": \"instructor\", \"department\": null},"
	    " {\"login\": \"r.dupont\", \"display_name\": \"René\", \"role\": \"referent\","
	    " \"department\": \"DVD\"}], \"districts\": [{\"code\": \"75001\", \"name\": \"Centre\"}],"
	    " \"themes\": []}");
	char *bad = httpd_answer("200 OK", "{\"departments\": [{\"code\": 4, \"name\": \"x\"}], \"agents\": [],"
	    " \"districts\": [], \"themes\": []}");
	struct httpd_step steps[] = { { dir }, { bad } };
	struct net_error err;
	struct got g = { 0 };
	struct httpd s;
	char status[256], *log;
	struct net *n;

	httpd_start(&s, steps, 2);
	if ((n = client(&s)) == NULL)
		return;
	CHECK(net_directory(n, on_directory, &g, &err) > 0, "sent");
	net_status(n, status, sizeof status);
	CHECK_STR(status, "loading the directory", "its label");
	CHECK(httpd_pump(n, &g.calls, 1, 5000), "answered");
	CHECK(!g.failed, "no error");
	CHECK_STR(g.text, "2 DEVE=Espaces verts|instructor/3/- r.dupont/2/DVD |1 0",
	    "departments, agents with their role and department, districts, themes");
	CHECK(net_directory(n, on_directory, &g, &err) > 0, "sent again");
	CHECK(httpd_pump(n, &g.calls, 2, 5000), "answered");
	CHECK(g.failed && strcmp(g.err.code, "malformed") == 0, "a code that is not a string");
	CHECK(strstr(g.err.message, "departments[0].code") != NULL, "named");
	log = httpd_log(&s);
	CHECK(strstr(log, "GET /v1/directory HTTP/1.1") != NULL, "the route");
	CHECK(strstr(log, "Idempotency-Key") == NULL, "a read has no key");
	free(log);
	net_close(n);
	httpd_stop(&s);
	free(dir);
	free(bad);
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	RUN(test_inadmissible);
	RUN(test_admissible_retry);
	RUN(test_malformed);
	RUN(test_bodies);
	RUN(test_refused_before_sending);
	RUN(test_directory);
	return check_done("net_instruct");
}
