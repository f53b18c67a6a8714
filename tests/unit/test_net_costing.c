/* net/costing.c against a scripted HTTP server in a child process: the
 * costing, the envelopes and the merge as sent (paths, bodies, one
 * Idempotency-Key for every attempt) and as decoded, refusals included. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../net/costing.h"
#include "../../net/net.h"
#include "check.h"
#include "../../net/net.h"
#include "check.h"

/* One answer of the script: raw HTTP, pieces split by \001 and sent
 * 100 ms apart; NULL holds the connection open without answering. */
struct step {
	const char *answer;
};

struct server {
	pid_t pid;
	int port;
	char log[256];
	char url[64];
};

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void
write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* Reads one request (headers and Content-Length body) into buf. */
static size_t
read_request(int c, char *buf, size_t size)
{
	size_t len = 0, need = 0;
	char *end;

	while (len + 1 < size) {
		ssize_t n = read(c, buf + len, size - 1 - len);

		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		if ((end = strstr(buf, "\r\n\r\n")) != NULL) {
			char *cl = strstr(buf, "Content-Length:");

			need = (size_t)(end + 4 - buf) + (cl && cl < end ? strtoul(cl + 15, NULL, 10) : 0);
			if (len >= need)
				break;
		}
	}
	buf[len] = '\0';
	return len;
}

static void
serve(int ls, const struct step *steps, size_t nsteps, const char *log)
{
	static char req[1 << 16];
	size_t i;

	for (i = 0; i < nsteps; i++) {
		int c = accept(ls, NULL, NULL), fd;
		const char *a, *cut;
		size_t len;

		if (c < 0)
			_exit(1);
		len = read_request(c, req, sizeof req);
		fd = open(log, O_WRONLY | O_APPEND | O_CREAT, 0600);
		write_all(fd, req, len);
		write_all(fd, "\n=====\n", 7);
		close(fd);
		if (steps[i].answer == NULL) {
			sleep(60);
			_exit(0);
		}
		for (a = steps[i].answer; *a != '\0'; a = *cut ? cut + 1 : cut) {
			cut = strchr(a, '\001');
			if (cut == NULL)
				cut = a + strlen(a);
			write_all(c, a, (size_t)(cut - a));
			if (*cut)
				sleep_ms(100);
		}
		close(c);
	}
	_exit(0);
}

static void
server_start(struct server *s, const struct step *steps, size_t nsteps)
{
	struct sockaddr_in sa;
	socklen_t salen = sizeof sa;
	int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	snprintf(s->log, sizeof s->log, "%s/pupitre-net.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	close(mkstemp(s->log));
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(ls, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(ls, 8) != 0 ||
	    getsockname(ls, (struct sockaddr *)&sa, &salen) != 0) {
		perror("test server");
		exit(1);
	}
	s->port = ntohs(sa.sin_port);
	snprintf(s->url, sizeof s->url, "http://127.0.0.1:%d/", s->port);
	fflush(stdout);
	s->pid = fork();
	if (s->pid == 0)
		serve(ls, steps, nsteps, s->log);
	close(ls);
}

/* The log of requests; the caller frees it. */
static char *
server_log(const struct server *s)
{
	FILE *f = fopen(s->log, "r");
	char *buf = calloc(1, 1 << 17);

	if (f != NULL && buf != NULL) {
		size_t n = fread(buf, 1, (1 << 17) - 1, f);

		buf[n] = '\0';
	}
	if (f != NULL)
		fclose(f);
	return buf;
}

static void
server_stop(struct server *s)
{
	kill(s->pid, SIGKILL);
	waitpid(s->pid, NULL, 0);
	unlink(s->log);
}

static int
count_of(const char *hay, const char *needle)
{
	int n = 0;

	while (hay != NULL && (hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static long long
ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Runs the loop until *flag is set or ms pass. */
static bool
pump(struct net *n, const int *flag, int target, long ms)
{
	long long end = ms_now() + ms;

	while (*flag < target && ms_now() < end) {
		net_wait(n, NULL, 0, 50);
		net_dispatch(n);
	}
	return *flag >= target;
}

/* An answer with its length computed at run time. */
static char *
answer(const char *status, const char *body)
{
	size_t size = strlen(body) + 200;
	char *s = malloc(size);

	if (s != NULL)
		snprintf(s, size, "HTTP/1.1 %s\r\nContent-Type: application/json\r\nConnection: close\r\n"
		    "Content-Length: %zu\r\n\r\n%s", status, strlen(body), body);
	return s;
}

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

/* The Idempotency-Key values in log, one per request. */
static int
keys_in(const char *log, char keys[][40], int max)
{
	int n = 0;

	while (n < max && (log = strstr(log, "Idempotency-Key: ")) != NULL) {
		log += 17;
		snprintf(keys[n], 40, "%.32s", log);
		n++;
	}
	return n;
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
	char *busy = answer("503 Service Unavailable", "{\"error\": {\"code\": \"busy\","
	    " \"message\": \"the database did not answer in time; try again\"}}");
	char *done = answer("200 OK", "{\"id\": 12, \"version\": 5, \"state\": \"costed\","
	    " \"total_cents\": 401200000, \"warnings\": [\"operating_costs\", \"later\"]}");
	struct step steps[] = { { busy }, { done } };
	struct net_costing_request r = { 12, 4, NET_OPINION_FAVOURABLE, "Faisable en 2027", 18,
		lines, 3 };
	struct server s;
	struct net_error err;
	struct got g = { 0 };
	char status[256], keys[4][40], *log;
	struct net *n;

	server_start(&s, steps, 2);
	n = net_open(s.url, &err);
	if (n == NULL)
		return;
	net_set_token(n, "tok");
	CHECK(net_costing_put(n, &r, on_costing, &g, &err) > 0, "costing sent");
	net_status(n, status, sizeof status);
	CHECK_STR(status, "costing proposal 12", "the status line");
	CHECK(pump(n, &g.calls, 1, 10000), "answered");
	CHECK(!g.failed, "after a 503, success");
	CHECK_STR(g.text, "12 v5 costed 401200000 operating", "the result and its warning");
	log = server_log(&s);
	CHECK_INT(count_of(log, "PUT /v1/proposals/12/costing HTTP/1.1"), 2, "PUT, twice");
	CHECK(keys_in(log, keys, 4) == 2 && strcmp(keys[0], keys[1]) == 0, "one key for both");
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
	server_stop(&s);
	free(busy);
	free(done);
}

static void
test_costing_refused(void)
{
	char *refused = answer("403 Forbidden", "{\"error\": {\"code\": \"forbidden\","
	    " \"message\": \"this proposal is not in your department\"}}");
	struct step steps[] = { { refused } };
	struct net_costing_request r = { 40, 1, NET_OPINION_UNFAVOURABLE, "Non", -1, lines, 1 };
	struct server s;
	struct net_error err;
	struct got g = { 0 };
	struct net *n;
	char *log;

	server_start(&s, steps, 1);
	n = net_open(s.url, &err);
	if (n == NULL)
		return;
	net_costing_put(n, &r, on_costing, &g, &err);
	CHECK(pump(n, &g.calls, 1, 5000), "answered");
	CHECK(g.failed && g.err.status == 403, "403");
	CHECK_STR(g.err.code, "forbidden", "forbidden");
	CHECK_STR(g.err.message, "this proposal is not in your department", "the server's words");
	log = server_log(&s);
	CHECK_INT(count_of(log, "PUT /v1/proposals/40/costing"), 1, "not retried");
	CHECK(strstr(log, "duration_months") == NULL, "no duration when none is said");
	CHECK(strstr(log, "\"opinion\":\"unfavourable\"") != NULL, "unfavourable");
	free(log);
	net_close(n);
	server_stop(&s);
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
	char *p = answer("200 OK", "{\"id\": 12, \"version\": 4, \"edition\": 2026, \"title\": \"Bancs\","
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
	char *bare = answer("200 OK", "{\"id\": 13, \"version\": 1, \"title\": \"T\", \"state\":"
	    " \"admissible\", \"department\": null, \"costing\": null}");
	char *bad = answer("200 OK", "{\"id\": 14, \"version\": 1, \"title\": \"T\", \"state\":"
	    " \"costed\", \"costing\": {\"opinion\": \"maybe\", \"total_cents\": 0}}");
	struct step steps[] = { { p }, { bare }, { bad } };
	struct server s;
	struct net_error err;
	struct got g = { 0 };
	struct net *n;
	char *log;

	server_start(&s, steps, 3);
	n = net_open(s.url, &err);
	if (n == NULL)
		return;
	net_costing_get(n, 12, on_proposal, &g, &err);
	CHECK(pump(n, &g.calls, 1, 5000) && !g.failed, "read");
	CHECK_STR(g.text, "12 v4 2026 costed 75011 DVD by Ana +Léo | 2 Trop cher -1 300"
	    " [other A 100] [operating B 200]", "the proposal, its authors and its costing");
	memset(&g, 0, sizeof g);
	net_costing_get(n, 13, on_proposal, &g, &err);
	CHECK(pump(n, &g.calls, 1, 5000) && !g.failed, "read");
	CHECK_STR(g.text, "13 v1 0 admissible - - by (null)", "no department, no costing");
	memset(&g, 0, sizeof g);
	net_costing_get(n, 14, on_proposal, &g, &err);
	CHECK(pump(n, &g.calls, 1, 5000) && g.failed, "an unknown opinion");
	CHECK_STR(g.err.code, "malformed", "is malformed");
	CHECK(strstr(g.err.message, "costing.opinion") != NULL, "naming the field");
	log = server_log(&s);
	CHECK(strstr(log, "GET /v1/proposals/12 HTTP/1.1") != NULL, "GET /v1/proposals/12");
	CHECK_INT(count_of(log, "Idempotency-Key"), 0, "a read has no key");
	free(log);
	net_close(n);
	server_stop(&s);
	free(p);
	free(bare);
	free(bad);
}

/* ---- the envelopes -------------------------------------------------------------- */

static void
test_envelopes(void)
{
	char *e = answer("200 OK", "{\"edition\": 2026, \"closed\": false, \"districts\": ["
	    "{\"district\": \"75011\", \"name\": \"Paris 11e\", \"citywide\": false,"
	    " \"envelope_cents\": 500000000, \"committed_cents\": 120000000, \"winners_cents\": 0,"
	    " \"left_cents\": 380000000, \"selected\": 2, \"winners\": 0},"
	    "{\"district\": \"75000\", \"name\": \"Paris\", \"citywide\": true,"
	    " \"envelope_cents\": 100, \"committed_cents\": 300, \"winners_cents\": 300,"
	    " \"left_cents\": -200, \"selected\": 0, \"winners\": 1}]}");
	struct step steps[] = { { e } };
	struct server s;
	struct net_error err;
	struct got g = { 0 };
	struct net *n;
	char *log;

	server_start(&s, steps, 1);
	n = net_open(s.url, &err);
	if (n == NULL)
		return;
	CHECK(net_envelopes_get(n, 1999, on_envelopes, &g, &err) < 0, "no such edition");
	net_envelopes_get(n, 2026, on_envelopes, &g, &err);
	CHECK(pump(n, &g.calls, 1, 5000) && !g.failed, "read");
	CHECK_STR(g.text, "2026 [75011 Paris 11e 500000000 120000000 380000000]"
	    " [75000 Paris 100 300 -200]", "each district, overspent included");
	log = server_log(&s);
	CHECK(strstr(log, "GET /v1/envelopes?edition=2026 HTTP/1.1") != NULL, "the edition asked");
	free(log);
	net_close(n);
	server_stop(&s);
	free(e);
}

/* ---- merges ---------------------------------------------------------------------- */

static void
test_merge(void)
{
	char *done = answer("200 OK", "{\"batch_id\": \"b7\", \"target\": {\"id\": 90, \"version\": 1,"
	    " \"created\": true}, \"sources\": [{\"id\": 3, \"version\": 8, \"merge_id\": 1},"
	    " {\"id\": 4, \"version\": 2, \"merge_id\": 2}]}");
	char *conflict = answer("409 Conflict", "{\"error\": {\"code\": \"conflict\", \"message\":"
	    " \"some proposals changed since you read them\", \"details\": {\"items\": []}}}");
	struct step steps[] = { { "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"cut" },
		{ done }, { conflict } };
	struct net_item_ref src[2] = { { { NET_PROPOSAL, 3 }, 7 }, { { NET_PROPOSAL, 4 }, 1 } };
	struct net_merge_request fresh = { src, 2, 0, 0, "Un seul \"projet\"", "Bancs\nArbres",
		NULL, "CADRE", NULL };
	struct net_merge_request into = { src, 2, 9, 5, NULL, NULL, NULL, NULL, "doublons" };
	struct net_merge_request untitled = { src, 2, 0, 0, "", "b", NULL, NULL, NULL };
	struct server s;
	struct net_error err;
	struct got g = { 0 };
	char keys[4][40], *log;
	struct net *n;

	server_start(&s, steps, 3);
	n = net_open(s.url, &err);
	if (n == NULL)
		return;
	CHECK(net_merge(n, &untitled, on_merge, &g, &err) < 0, "a new proposal needs a title");
	CHECK(net_merge(n, &fresh, on_merge, &g, &err) > 0, "merge sent");
	CHECK(pump(n, &g.calls, 1, 10000) && !g.failed, "answered after a cut answer");
	CHECK_STR(g.text, "target 90 v1 new: 3 v8 4 v2", "the target and the sources");
	memset(&g, 0, sizeof g);
	net_merge(n, &into, on_merge, &g, &err);
	CHECK(pump(n, &g.calls, 1, 5000) && g.failed, "refused");
	CHECK(g.err.status == 409, "409");
	CHECK_STR(g.err.code, "conflict", "a conflict");
	log = server_log(&s);
	CHECK_INT(count_of(log, "POST /v1/proposals/merge HTTP/1.1"), 3, "three posts");
	CHECK(keys_in(log, keys, 4) == 3 && strcmp(keys[0], keys[1]) == 0 &&
	    strcmp(keys[1], keys[2]) != 0, "one key per merge, kept on a retry");
	CHECK(strstr(log, "\"sources\":[{\"id\":3,\"version\":7},{\"id\":4,\"version\":1}]") != NULL,
	    "the sources with the versions read");
	CHECK(strstr(log, "\"target\":{\"new\":{\"title\":\"Un seul \\\"projet\\\"\","
	    "\"body\":\"Bancs\\nArbres\",\"theme\":\"CADRE\"}}") != NULL, "a new target");
	CHECK(strstr(log, "\"target\":{\"id\":9,\"version\":5}") != NULL, "an existing target");
	CHECK(strstr(log, "\"note\":\"doublons\"") != NULL, "the note");
	free(log);
	net_close(n);
	server_stop(&s);
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
