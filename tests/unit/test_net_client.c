/* net/net.c against a scripted HTTP server in a child process: requests
 * as sent (headers, bodies, keys), answers as called back, retries with
 * the same Idempotency-Key, cancellation, the event stream's reconnection. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../net/net.h"
#include "check.h"
#include "httpd.h"

/* ---- login, whoami ------------------------------------------------------ */

struct got {
	int calls;
	char text[512];
	struct net_error err;
	bool failed;
	size_t count, loaded;
	bool done;
};

static void
on_session(void *arg, long id, const struct net_session *s, const struct net_error *err)
{
	struct got *g = arg;

	(void)id;
	g->calls++;
	g->failed = err != NULL;
	if (err)
		g->err = *err;
	else
		snprintf(g->text, sizeof g->text, "%s %s %s", s->token, s->agent.login, s->agent.role_name);
}

static void
on_agent(void *arg, long id, const struct net_agent *a, const struct net_error *err)
{
	struct got *g = arg;

	(void)id;
	g->calls++;
	g->failed = err != NULL;
	if (err)
		g->err = *err;
	else
		snprintf(g->text, sizeof g->text, "%s", a->display_name);
}

static void
test_login_whoami(void)
{
	char *login = httpd_answer("201 Created", "{\"token\": \"tok123\", \"expires_at\": \"2026-11-22T09:00:00Z\","
	    " \"agent\": {\"id\": 7, \"login\": \"mod1\", \"display_name\": \"Camille\", \"role\": \"moderator\"}}");
	char *me = httpd_answer("200 OK", "{\"agent\": {\"id\": 7, \"login\": \"mod1\", \"display_name\": \"Camille\","
	    " \"role\": \"moderator\"}}");
	char *expired = httpd_answer("401 Unauthorized", "{\"error\": {\"code\": \"unauthenticated\","
	    " \"message\": \"the session is unknown, expired or closed: log in again\"}}");
	struct httpd_step steps[] = { { login }, { me }, { expired } };
	struct httpd s;
	struct net_error err;
	struct got g = { 0 };
	char status[256], *log;
	struct net *n;

	httpd_start(&s, steps, 3);
	n = net_open(s.url, &err);
	CHECK(n != NULL, "a client");
	if (n == NULL)
		return;
	CHECK(net_login(n, "mod1", "secret", on_session, &g, &err) > 0, "login sent");
	CHECK_INT(net_in_flight(n), 1, "one request in flight");
	net_status(n, status, sizeof status);
	CHECK_STR(status, "logging in", "the status line says so");
	CHECK(httpd_pump(n, &g.calls, 1, 5000), "login answered");
	CHECK(!g.failed, "no error");
	CHECK_STR(g.text, "tok123 mod1 moderator", "token and agent");
	CHECK_INT(net_in_flight(n), 0, "nothing in flight");

	memset(&g, 0, sizeof g);
	net_whoami(n, on_agent, &g, &err);
	CHECK(httpd_pump(n, &g.calls, 1, 5000), "whoami answered");
	CHECK_STR(g.text, "Camille", "whoami: the agent");

	memset(&g, 0, sizeof g);
	net_whoami(n, on_agent, &g, &err);
	CHECK(httpd_pump(n, &g.calls, 1, 5000), "whoami answered");
	CHECK(g.failed && g.err.status == 401, "an expired session: 401");
	CHECK_STR(g.err.code, "unauthenticated", "its code");
	CHECK(strstr(g.err.message, "log in again") != NULL, "the server's message");

	log = httpd_log(&s);
	CHECK(strstr(log, "POST /v1/sessions HTTP/1.1") != NULL, "login: POST /v1/sessions");
	CHECK(strstr(log, "{\"login\":\"mod1\",\"password\":\"secret\"}") != NULL, "login: the body");
	CHECK(strstr(log, "Content-Type: application/json") != NULL, "login: JSON");
	CHECK(strstr(log, "GET /v1/me HTTP/1.1") != NULL, "whoami: GET /v1/me");
	CHECK_INT(httpd_count(log, "Authorization: Bearer tok123"), 2, "whoami: the login's token");
	free(log);
	net_close(n);
	httpd_stop(&s);
	free(login);
	free(me);
	free(expired);
}

/* ---- decisions: retried with one key ---------------------------------------- */

static void
on_decision(void *arg, long id, const struct net_decision *d, const struct net_error *err)
{
	struct got *g = arg;

	(void)id;
	g->calls++;
	g->failed = err != NULL;
	if (err)
		g->err = *err;
	else
		snprintf(g->text, sizeof g->text, "%zu ok=%zu v=%d", d->count, d->counts[NET_ITEM_OK],
		    d->results[0].version);
}

static void
test_decide_retry(void)
{
	char *busy = httpd_answer("503 Service Unavailable", "{\"error\": {\"code\": \"busy\","
	    " \"message\": \"the database did not answer in time; try again\"}}");
	char *done = httpd_answer("200 OK", "{\"batch_id\": \"b1\", \"results\": [{\"type\": \"comment\","
	    " \"id\": 12, \"status\": \"ok\", \"version\": 4}, {\"type\": \"comment\", \"id\": 13,"
	    " \"status\": \"ok\", \"version\": 2}], \"counts\": {\"ok\": 2, \"conflict\": 0,"
	    " \"forbidden\": 0, \"invalid\": 0}}");
	struct httpd_step steps[] = { { busy }, { "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"cut" }, { done } };
	struct net_item_ref items[2] = { { { NET_COMMENT, 12 }, 3 }, { { NET_COMMENT, 13 }, 1 } };
	struct net_decide_request r = { NET_HIDE, "spam", NULL, 0, NULL, false, items, 2 };
	struct httpd s;
	struct net_error err;
	struct got g = { 0 };
	char status[256], keys[4][40], *log;
	struct net *n;
	int nkeys;

	httpd_start(&s, steps, 3);
	n = net_open(s.url, &err);
	if (n == NULL)
		return;
	net_set_token(n, "tok");
	CHECK(net_decide(n, &r, on_decision, &g, &err) > 0, "decision sent");
	net_status(n, status, sizeof status);
	CHECK_STR(status, "hiding 2 items", "the status line");
	CHECK(httpd_pump(n, &g.calls, 1, 10000), "answered in the end");
	CHECK(!g.failed, "after a 503 and a cut answer, success");
	CHECK_STR(g.text, "2 ok=2 v=4", "the results");
	log = httpd_log(&s);
	CHECK_INT(httpd_count(log, "POST /v1/moderation/decisions"), 3, "three attempts");
	nkeys = httpd_keys(log, keys, 4);
	CHECK_INT(nkeys, 3, "each with a key");
	CHECK(nkeys == 3 && strlen(keys[0]) == 32 && strcmp(keys[0], keys[1]) == 0 &&
	    strcmp(keys[1], keys[2]) == 0, "the same key each time");
	CHECK(strstr(log, "\"action\":\"hide\",\"reason\":\"spam\"") != NULL, "the body");
	free(log);
	net_close(n);
	httpd_stop(&s);
	free(busy);
	free(done);
}

static void
test_decide_refused(void)
{
	char *refused = httpd_answer("422 Unprocessable Entity", "{\"error\": {\"code\": \"idempotency_mismatch\","
	    " \"message\": \"this idempotency key was used for another request\"}}");
	struct httpd_step steps[] = { { refused } };
	struct net_item_ref items[1] = { { { NET_PROPOSAL, 9 }, 1 } };
	struct net_decide_request r = { NET_ESCALATE, NULL, NULL, 0, NULL, false, items, 1 };
	struct httpd s;
	struct net_error err;
	struct got g = { 0 };
	struct net *n;
	char *log;

	httpd_start(&s, steps, 1);
	n = net_open(s.url, &err);
	if (n == NULL)
		return;
	net_decide(n, &r, on_decision, &g, &err);
	CHECK(httpd_pump(n, &g.calls, 1, 5000), "answered");
	CHECK(g.failed && g.err.status == 422, "a refusal is reported at once");
	CHECK_STR(g.err.code, "idempotency_mismatch", "with its code");
	log = httpd_log(&s);
	CHECK_INT(httpd_count(log, "POST /v1/moderation/decisions"), 1, "not retried");
	free(log);
	net_close(n);
	httpd_stop(&s);
	free(refused);
}

/* ---- the whole queue, page by page -------------------------------------------- */

static void
on_page(void *arg, long id, const struct net_queue_page *p, const struct net_error *err)
{
	struct got *g = arg;
	int len = (int)strlen(g->text);

	(void)id;
	g->calls++;
	g->failed = err != NULL;
	if (err) {
		g->err = *err;
		return;
	}
	snprintf(g->text + len, sizeof g->text - (size_t)len, "[%zu %zu %s]", p->count, p->loaded,
	    p->done ? "done" : "more");
}

#define ITEM(id) "{\"target\": {\"type\": \"comment\", \"id\": " #id "}, \"version\": 1," \
	" \"open_reports\": 1, \"reasons\": {\"spam\": 1}, \"main_reason\": \"spam\"," \
	" \"first_report_at\": \"2026-03-01T10:00:00Z\", \"last_report_at\": \"2026-03-01T10:00:00Z\"," \
	" \"excerpt\": \"x\", \"author\": {\"id\": 2, \"display_name\": \"A\"}, \"hidden\": false," \
	" \"hidden_auto\": false, \"escalated\": false, \"escalated_at\": null, \"proposal_id\": 1}"

static void
test_queue_all(void)
{
	char *p1 = httpd_answer("200 OK", "{\"items\": [" ITEM(1) ", " ITEM(2) "], \"next_cursor\": \"c1\"}");
	char *p2 = httpd_answer("200 OK", "{\"items\": [" ITEM(3) "], \"next_cursor\": null}");
	struct httpd_step steps[] = { { p1 }, { p2 } };
	struct net_queue_filter f = { 1 + NET_COMMENT, 0, 0, 0, 0, NET_SORT_COUNT, NULL, 0 };
	struct httpd s;
	struct net_error err;
	struct got g = { 0 };
	struct net *n;
	char *log;

	httpd_start(&s, steps, 2);
	n = net_open(s.url, &err);
	if (n == NULL)
		return;
	CHECK(net_queue_load_all(n, &f, 0, on_page, &g, &err) > 0, "loading");
	CHECK(httpd_pump(n, &g.calls, 2, 5000), "two pages");
	CHECK_STR(g.text, "[2 2 more][1 3 done]", "a callback per page, with the progress");
	CHECK_INT(net_in_flight(n), 0, "done");
	log = httpd_log(&s);
	CHECK(strstr(log, "GET /v1/moderation/queue?sort=count&type=comment&limit=100 HTTP") != NULL,
	    "a small first page");
	CHECK(strstr(log, "GET /v1/moderation/queue?sort=count&type=comment&limit=1000&cursor=c1 HTTP") != NULL,
	    "then big pages from the cursor");
	free(log);
	net_close(n);
	httpd_stop(&s);
	free(p1);
	free(p2);
}

/* ---- cancelling, the network down ----------------------------------------------- */

static void
on_proposal(void *arg, long id, const struct net_proposal *p, const struct net_error *err)
{
	struct got *g = arg;

	(void)id;
	(void)p;
	g->calls++;
	g->failed = err != NULL;
	if (err)
		g->err = *err;
}

static void
test_cancel(void)
{
	struct httpd_step steps[] = { { NULL } };
	struct net_request_info info[4];
	struct httpd s;
	struct net_error err;
	struct got g = { 0 };
	char status[256];
	struct net *n;
	long id;

	httpd_start(&s, steps, 1);
	n = net_open(s.url, &err);
	if (n == NULL)
		return;
	id = net_proposal_get(n, 7, on_proposal, &g, &err);
	httpd_pump(n, &g.calls, 1, 300);
	CHECK_INT(g.calls, 0, "no answer from a silent server");
	net_status(n, status, sizeof status);
	CHECK_STR(status, "loading proposal 7", "the status line");
	CHECK_INT(net_requests(n, info, 4), 1, "one request listed");
	CHECK(info[0].id == id, "with its id");
	net_cancel(n, id);
	CHECK_INT(g.calls, 0, "no callback inside net_cancel");
	CHECK_INT(net_in_flight(n), 0, "nothing in flight");
	net_dispatch(n);
	CHECK_INT(g.calls, 1, "the callback at the next dispatch");
	CHECK_STR(g.err.code, "cancelled", "cancelled");
	net_dispatch(n);
	net_cancel(n, id);
	net_dispatch(n);
	CHECK_INT(g.calls, 1, "once only");
	net_close(n);
	httpd_stop(&s);
}

static void
test_network_down(void)
{
	struct sockaddr_in sa;
	socklen_t salen = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct net_error err;
	struct got g = { 0 };
	char url[64];
	struct net *n;

	/* a port nobody listens on */
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(fd, (struct sockaddr *)&sa, sizeof sa);
	getsockname(fd, (struct sockaddr *)&sa, &salen);
	close(fd);
	snprintf(url, sizeof url, "http://127.0.0.1:%d", ntohs(sa.sin_port));
	n = net_open(url, &err);
	if (n == NULL)
		return;
	net_login(n, "mod1", "x", on_session, &g, &err);
	CHECK(httpd_pump(n, &g.calls, 1, 5000), "answered");
	CHECK(g.failed && g.err.network, "a network error");
	CHECK_STR(g.err.code, "network", "code network");
	CHECK(strstr(g.err.message, url) != NULL, "the message names the server");
	net_close(n);

	CHECK(net_open("ftp://example.org", &err) == NULL, "not http: refused");
	CHECK(strstr(err.message, "http://") != NULL, "says what is expected");
}

/* ---- the event stream ---------------------------------------------------------- */

struct stream {
	int events, ups, downs;
	char text[512];
};

static void
on_event(void *arg, const struct net_event *ev)
{
	struct stream *st = arg;
	int len = (int)strlen(st->text);

	st->events++;
	snprintf(st->text + len, sizeof st->text - (size_t)len, "[%s %lld %lld]", ev->type, ev->id,
	    ev->kind == NET_EV_REPORT_NEW ? ev->target.id : 0);
}

static void
on_link(void *arg, bool up, const struct net_error *why)
{
	struct stream *st = arg;
	int len = (int)strlen(st->text);

	if (up)
		st->ups++;
	else
		st->downs++;
	snprintf(st->text + len, sizeof st->text - (size_t)len, "[%s%s]", up ? "up" : "down",
	    !up && why && why->network ? " network" : "");
}

#define SSE_HEAD "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"

static void
test_events(void)
{
	struct httpd_step steps[] = {
		{ SSE_HEAD ": connected\n\n\001id: 5\nevent: report.new\ndata: {\"id\": 5, \"payload\":"
		  " {\"target\": \001{\"type\": \"comment\", \"id\": 77}}}\n\001\n" },
		{ SSE_HEAD ": connected\n\nevent: reset\ndata: {}\n\n\001id: 9\nevent: vote.recorded\ndata: {}\n\n" },
		{ NULL },
	};
	struct stream st = { 0, 0, 0, "" };
	struct httpd s;
	struct net_error err;
	struct net *n;
	char *log;

	httpd_start(&s, steps, 3);
	n = net_open(s.url, &err);
	if (n == NULL)
		return;
	net_set_token(n, "tok");
	CHECK(net_events(n, -1, on_event, on_link, &st, &err) > 0, "stream opened");
	CHECK_INT(net_in_flight(n), 0, "the stream is not counted in flight");
	CHECK(httpd_pump(n, &st.downs, 1, 5000), "first connection ends");
	CHECK(httpd_pump(n, &st.events, 3, 5000), "reconnected by itself");
	CHECK(httpd_pump(n, &st.downs, 2, 5000), "second connection ends");
	CHECK_STR(st.text, "[up][report.new 5 77][down network][up][reset 0 0][vote.recorded 9 0][down network]",
	    "events in order, records split across reads, link changes");
	CHECK_INT(net_events_last_id(n), 9, "the last id");
	/* the third connection is held silent: wait for it to be made */
	{
		int never = 0;

		httpd_pump(n, &never, 1, 2500);
	}
	log = httpd_log(&s);
	CHECK_INT(httpd_count(log, "GET /v1/events HTTP/1.1"), 3, "three connections");
	CHECK(strstr(log, "Accept: text/event-stream") != NULL, "asks for events");
	CHECK_INT(httpd_count(log, "Last-Event-ID: 5"), 1, "the second resumes after 5");
	CHECK_INT(httpd_count(log, "Last-Event-ID: 9"), 1, "the third after 9");
	free(log);
	net_events_stop(n);
	CHECK(!net_events_connected(n), "stopped");
	net_dispatch(n);
	net_close(n);
	httpd_stop(&s);
}

static void
test_refused_stream(void)
{
	char *denied = httpd_answer("401 Unauthorized", "{\"error\": {\"code\": \"unauthenticated\", \"message\": \"no\"}}");
	struct httpd_step steps[] = { { denied }, { SSE_HEAD ": connected\n\n" }, { NULL } };
	struct stream st = { 0, 0, 0, "" };
	struct httpd s;
	struct net_error err;
	struct net *n;

	httpd_start(&s, steps, 3);
	n = net_open(s.url, &err);
	if (n == NULL)
		return;
	net_events(n, 3, on_event, on_link, &st, &err);
	CHECK(httpd_pump(n, &st.downs, 1, 5000), "refused");
	httpd_pump(n, &st.ups, 1, 1500);
	CHECK_INT(st.ups, 0, "no retry without a new token");
	net_set_token(n, "new");
	CHECK(httpd_pump(n, &st.ups, 1, 5000), "a new token brings it back");
	net_close(n);
	httpd_stop(&s);
	free(denied);
}

/* ---- the extra descriptors of net_wait --------------------------------------------- */

static void
test_wait_extra(void)
{
	struct net_error err;
	struct pollfd fds[1];
	struct net *n = net_open("http://127.0.0.1:1", &err);
	int p[2], r;
	long long t0;

	if (n == NULL || pipe(p) != 0)
		return;
	fds[0].fd = p[0];
	fds[0].events = POLLIN;
	t0 = httpd_now_ms();
	r = net_wait(n, fds, 1, 200);
	CHECK(r == 0 && fds[0].revents == 0, "nothing ready: a timeout");
	CHECK(httpd_now_ms() - t0 >= 150, "after waiting");
	if (write(p[1], "x", 1) != 1)
		CHECK(0, "write");
	t0 = httpd_now_ms();
	r = net_wait(n, fds, 1, 5000);
	CHECK(r >= 1 && (fds[0].revents & POLLIN), "a readable descriptor is reported");
	CHECK(httpd_now_ms() - t0 < 1000, "at once");
	close(p[1]);
	if (read(p[0], &r, 1) != 1)
		CHECK(0, "read");
	r = net_wait(n, fds, 1, 5000);
	CHECK(r >= 1 && (fds[0].revents & POLLHUP), "a hang-up is reported too");
	close(p[0]);
	net_close(n);
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	RUN(test_login_whoami);
	RUN(test_decide_retry);
	RUN(test_decide_refused);
	RUN(test_queue_all);
	RUN(test_cancel);
	RUN(test_network_down);
	RUN(test_events);
	RUN(test_refused_stream);
	RUN(test_wait_extra);
	return check_done("net_client");
}
