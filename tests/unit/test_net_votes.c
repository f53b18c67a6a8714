/* net/votes.c against the scripted HTTP server of httpd.c: the paths,
 * bodies and keys sent, a write retried with its key after a 503, the
 * answers decoded into plain structs. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../net/net.h"
#include "../../net/votes.h"
#include "check.h"
#include "httpd.h"

struct got {
	int calls;
	bool failed;
	struct net_error err;
	char text[2048];
};

static void
on_record(void *arg, long id, const struct net_vote_record *r, const struct net_error *err)
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
	used += (size_t)snprintf(g->text, sizeof g->text, "%d ok=%zu invalid=%zu:", r->edition,
	    r->counts[NET_ITEM_OK], r->counts[NET_ITEM_INVALID]);
	for (i = 0; i < r->count && used < sizeof g->text; i++) {
		const struct net_vote_result *v = &r->results[i];

		if (v->status == NET_ITEM_OK)
			used += (size_t)snprintf(g->text + used, sizeof g->text - used,
			    " %lld=%ld+%ld=%ld%s", v->id, v->online, v->paper, v->total,
			    v->recount ? " (recount)" : "");
		else
			used += (size_t)snprintf(g->text + used, sizeof g->text - used,
			    " %lld: %s", v->id, v->message ? v->message : "?");
	}
}

static void
test_vote_record(void)
{
	char *busy = httpd_answer("503 Service Unavailable", "{\"error\": {\"code\": \"busy\","
	    " \"message\": \"the server is busy\"}}");
	char *ok = httpd_answer("200 OK", "{\"edition\": 2087, \"batch_id\": "
	    "\"3f1c0e7a-0000-4000-8000-000000000001\", \"results\": ["
	    "{\"id\": 12, \"status\": \"ok\", \"online\": 30, \"paper\": 4, \"total\": 34,"
	    " \"recount\": false},"
	    "{\"id\": 13, \"status\": \"ok\", \"online\": 5, \"paper\": 0, \"total\": 5,"
	    " \"recount\": true},"
	    "{\"id\": 99, \"status\": \"invalid\", \"message\": \"no such proposal\"}],"
	    " \"counts\": {\"ok\": 2, \"conflict\": 0, \"forbidden\": 0, \"invalid\": 1}}");
	struct httpd_step steps[] = { { busy }, { ok } };
	struct net_vote_line lines[] = { { 12, 30, 4 }, { 13, 5, 0 }, { 99, 1, 1 } };
	struct httpd s;
	struct net_error err;
	struct got g = { 0 };
	char keys[4][40], status[256], *log;
	struct net *n;

	httpd_start(&s, steps, 2);
	n = net_open(s.url, &err);
	CHECK(n != NULL, "a client");
	if (n == NULL)
		return;
	CHECK(net_vote_record(n, 2087, lines, 3, on_record, &g, &err) > 0, "sent");
	net_status(n, status, sizeof status);
	CHECK_STR(status, "recording the votes of 3 projects", "the status line says so");
	CHECK(httpd_pump(n, &g.calls, 1, 8000), "answered");
	CHECK(!g.failed, "after a 503, success");
	CHECK_STR(g.text, "2087 ok=2 invalid=1: 12=30+4=34 13=5+0=5 (recount) 99: no such proposal",
	    "each result decoded, in order");
	log = httpd_log(&s);
	CHECK_INT(httpd_count(log, "POST /v1/votes HTTP/1.1"), 2, "tried twice");
	CHECK_INT(httpd_count(log, "{\"edition\":2087,\"results\":[{\"id\":12,\"online\":30,"
	    "\"paper\":4},{\"id\":13,\"online\":5,\"paper\":0},{\"id\":99,\"online\":1,"
	    "\"paper\":1}]}"), 2, "the body, both times");
	CHECK_INT(httpd_keys(log, keys, 4), 2, "a key each time");
	CHECK_STR(keys[1], keys[0], "the same key: recorded once");
	free(log);
	net_close(n);
	httpd_stop(&s);
	free(busy);
	free(ok);
}

static const char winners_json[] =
	"{\"edition\": 2087, \"dry_run\": true, \"tie_rule\": \"most votes first\","
	" \"changed\": [41, 42, 43],"
	" \"districts\": [{\"district\": \"T1\", \"name\": \"Quartier « Nord »\", \"citywide\": false,"
	" \"envelope_cents\": 10000000, \"spent_cents\": 9000000, \"left_cents\": 1000000,"
	" \"winners\": [{\"id\": 41, \"title\": \"Un banc, \\\"deux\\\"\", \"votes\": 300,"
	"   \"cost_cents\": 6000000, \"rank\": 1},"
	"  {\"id\": 43, \"title\": \"Arbres\", \"votes\": 100, \"cost_cents\": 3000000, \"rank\": 3}],"
	" \"not_fitting\": [{\"id\": 42, \"title\": \"Piscine\", \"votes\": 200,"
	"   \"cost_cents\": 5000000, \"rank\": 2, \"left_cents\": 4000000}],"
	" \"losers\": [{\"id\": 44, \"title\": \"Sans chiffrage\", \"votes\": 1,"
	"   \"cost_cents\": null, \"rank\": 4, \"left_cents\": 1000000}]},"
	" {\"district\": \"CITY\", \"name\": \"Toute la ville\", \"citywide\": true,"
	" \"envelope_cents\": 0, \"spent_cents\": 0, \"left_cents\": 0,"
	" \"winners\": [], \"not_fitting\": [], \"losers\": []}]}";

static void
on_winners(void *arg, long id, const struct net_winners *w, const struct net_error *err)
{
	struct got *g = arg;
	const struct net_winners_district *d;

	(void)id;
	g->calls++;
	g->failed = err != NULL;
	if (err != NULL) {
		g->err = *err;
		return;
	}
	if (w->ndistricts != 2 || w->nchanged != 3) {
		snprintf(g->text, sizeof g->text, "%zu districts, %zu changed", w->ndistricts,
		    w->nchanged);
		return;
	}
	d = &w->districts[0];
	snprintf(g->text, sizeof g->text, "%d %s %s %s/%s %lld-%lld=%lld w=%zu:%lld,%lld "
	    "nf=%zu:%lld(%lld left) l=%zu:%lld(%lld) %s%s changed=%lld",
	    w->edition, w->dry_run ? "dry" : "real", d->code, d->name, d->winners[0].title,
	    d->envelope_cents, d->spent_cents, d->left_cents, d->nwinners, d->winners[0].id,
	    d->winners[1].id, d->nnot_fitting, d->not_fitting[0].id, d->not_fitting[0].left_cents,
	    d->nlosers, d->losers[0].id, d->losers[0].cost_cents, w->districts[1].name,
	    w->districts[1].citywide ? " (city)" : "", w->changed[2]);
}

static void
test_winners(void)
{
	char *dry = httpd_answer("200 OK", winners_json);
	char *real = httpd_answer("200 OK", winners_json);
	char *closed = httpd_answer("422 Unprocessable Entity", "{\"error\": {\"code\": "
	    "\"edition_closed\", \"message\": \"the 2087 edition is closed\"}}");
	struct httpd_step steps[] = { { dry }, { real }, { closed } };
	struct httpd s;
	struct net_error err;
	struct got g = { 0 };
	char keys[4][40], *log, *second;
	struct net *n;

	httpd_start(&s, steps, 3);
	n = net_open(s.url, &err);
	CHECK(n != NULL, "a client");
	if (n == NULL)
		return;
	CHECK(net_winners_compute(n, 1999, true, on_winners, &g, &err) < 0, "not an edition");
	CHECK(net_winners_compute(n, 2087, true, on_winners, &g, &err) > 0, "a dry run sent");
	CHECK(httpd_pump(n, &g.calls, 1, 5000), "answered");
	CHECK(!g.failed, "no error");
	CHECK_STR(g.text, "2087 dry T1 Quartier « Nord »/Un banc, \"deux\" 10000000-9000000=1000000 "
	    "w=2:41,43 nf=1:42(4000000 left) l=1:44(-1) Toute la ville (city) changed=43",
	    "the districts decoded");
	memset(&g, 0, sizeof g);
	CHECK(net_winners_compute(n, 2087, false, on_winners, &g, &err) > 0, "a real one sent");
	CHECK(httpd_pump(n, &g.calls, 1, 5000), "answered");
	memset(&g, 0, sizeof g);
	CHECK(net_winners_compute(n, 2087, false, on_winners, &g, &err) > 0, "sent again");
	CHECK(httpd_pump(n, &g.calls, 1, 5000), "answered");
	CHECK(g.failed && g.err.status == 422, "a closed edition: 422");
	CHECK_STR(g.err.code, "edition_closed", "its code");

	log = httpd_log(&s);
	CHECK_INT(httpd_count(log, "POST /v1/editions/2087/winners HTTP/1.1"), 3, "the path");
	CHECK_INT(httpd_count(log, "{\"dry_run\":true}"), 1, "a dry run says so");
	CHECK_INT(httpd_count(log, "{\"dry_run\":false}"), 2, "a real one too");
	second = strstr(log, "=====");
	CHECK(second != NULL && strstr(log, "Idempotency-Key") > second,
	    "no key on the dry run (it writes nothing)");
	CHECK_INT(httpd_keys(log, keys, 4), 2, "a key on each real one");
	CHECK(strcmp(keys[0], keys[1]) != 0, "two computations, two keys");
	free(log);
	net_close(n);
	httpd_stop(&s);
	free(dry);
	free(real);
	free(closed);
}

static int
decode_record(const char *json, struct net_vote_record *r, struct net_error *err)
{
	return net_decode_vote_record(json, strlen(json), r, err);
}

static int
decode_winners(const char *json, struct net_winners *w, struct net_error *err)
{
	return net_decode_winners(json, strlen(json), w, err);
}

static void
test_codecs(void)
{
	struct net_vote_line bad[] = { { 12, -1, 0 } };
	struct net_vote_record r;
	struct net_winners w;
	struct net_error err;
	char *s;

	CHECK(net_encode_vote_record(2087, bad, 1, &err) == NULL, "a negative count refused");
	CHECK(net_encode_vote_record(2087, bad, 0, &err) == NULL, "no result refused");
	s = net_encode_vote_record(2087, (struct net_vote_line[]){ { 5, 0, 0 } }, 1, &err);
	CHECK_STR(s, "{\"edition\":2087,\"results\":[{\"id\":5,\"online\":0,\"paper\":0}]}",
	    "zero votes are votes");
	free(s);
	CHECK(decode_record("{\"edition\": 2087, \"batch_id\": \"x\", \"results\": "
	    "[{\"id\": 1, \"status\": \"ok\", \"online\": 1}], \"counts\": {\"ok\": 1, "
	    "\"conflict\": 0, \"forbidden\": 0, \"invalid\": 0}}", &r, &err) != 0,
	    "an ok result without its paper votes is malformed");
	CHECK_STR(err.code, "malformed", "malformed");
	CHECK(strstr(err.message, "results[0]") != NULL, "the message names the result");
	CHECK(decode_winners("{\"edition\": 2087, \"dry_run\": true, \"changed\": [],"
	    " \"districts\": [{\"district\": \"T1\", \"name\": \"N\", \"envelope_cents\": 1,"
	    " \"spent_cents\": 0, \"left_cents\": 1, \"winners\": [{\"id\": 1}],"
	    " \"not_fitting\": [], \"losers\": []}]}", &w, &err) != 0,
	    "a winner without a title is malformed");
	CHECK(strstr(err.message, "winners[0]") != NULL, "the message names the winner");
	CHECK(decode_winners("[]", &w, &err) != 0, "not an object");
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	RUN(test_vote_record);
	RUN(test_winners);
	RUN(test_codecs);
	return check_done("net_votes");
}
