/* net/ against a real pupitred, when PUPITRE_TEST_URL names one (with the
 * demo city: login moderator, password demo); skipped otherwise. The end-
 * to-end suites test the server itself; this tests that net reads it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../net/net.h"
#include "check.h"
#include "httpd.h"

struct live {
	int calls;
	bool failed;
	struct net_error err;
	char name[128];
	size_t pages, loaded;
	bool done;
	struct net_item_ref first[2];
	long long proposal_id, comment_id;
	size_t nok, nconflict;
	char by[128];
	int versions[2];
	bool comment_seen;
	/* events */
	int ups, decided;
	long long decided_ids[8];
	size_t ndecided;
};

/* The client's loop against a real server, in turns of up to 100 ms. */
static bool
pump(struct net *n, const int *flag, int target, long ms)
{
	return httpd_pump_every(n, flag, target, ms, 100);
}

static void
on_session(void *arg, long id, const struct net_session *s, const struct net_error *err)
{
	struct live *l = arg;

	(void)id;
	l->calls++;
	l->failed = err != NULL;
	if (err)
		l->err = *err;
	else
		snprintf(l->name, sizeof l->name, "%s", s->agent.display_name);
}

static void
on_agent(void *arg, long id, const struct net_agent *a, const struct net_error *err)
{
	struct live *l = arg;

	(void)id;
	l->calls++;
	l->failed = err != NULL;
	if (err)
		l->err = *err;
	else
		snprintf(l->name, sizeof l->name, "%s", a->login);
}

static void
on_done(void *arg, long id, const struct net_error *err)
{
	struct live *l = arg;

	(void)id;
	l->calls++;
	l->failed = err != NULL;
}

static void
on_page(void *arg, long id, const struct net_queue_page *p, const struct net_error *err)
{
	struct live *l = arg;
	size_t i;

	(void)id;
	if (err) {
		l->failed = true;
		l->err = *err;
		l->calls++;
		return;
	}
	/* two visible, unescalated comments to act on */
	for (i = 0; i < p->count; i++) {
		const struct net_queue_item *it = &p->items[i];
		size_t k = l->first[0].target.id ? 1 : 0;

		if (it->target.type == NET_COMMENT && !it->hidden && !it->escalated &&
		    l->first[1].target.id == 0) {
			l->first[k].target = it->target;
			l->first[k].version = it->version;
			if (k == 0)
				l->proposal_id = it->proposal_id;
		}
	}
	l->pages++;
	l->loaded = p->loaded;
	l->done = p->done;
	if (p->done)
		l->calls++;
}

static void
on_proposal(void *arg, long id, const struct net_proposal *p, const struct net_error *err)
{
	struct live *l = arg;
	size_t i;

	(void)id;
	l->calls++;
	l->failed = err != NULL;
	if (err) {
		l->err = *err;
		return;
	}
	for (i = 0; i < p->ncomments; i++)
		if (p->comments[i].id == l->first[0].target.id)
			l->comment_seen = true;
	if (p->comments_total > (long)p->ncomments)
		l->comment_seen = true;	/* beyond the first 500: cannot tell */
}

static void
on_decision(void *arg, long id, const struct net_decision *d, const struct net_error *err)
{
	struct live *l = arg;
	size_t i;

	(void)id;
	l->calls++;
	l->failed = err != NULL;
	if (err) {
		l->err = *err;
		return;
	}
	l->nok = d->counts[NET_ITEM_OK];
	l->nconflict = d->counts[NET_ITEM_CONFLICT];
	for (i = 0; i < d->count && i < 2; i++)
		l->versions[i] = d->results[i].version;
	if (d->count > 0 && d->results[0].by != NULL)
		snprintf(l->by, sizeof l->by, "%s", d->results[0].by);
}

static void
on_event(void *arg, const struct net_event *ev)
{
	struct live *l = arg;
	size_t i;

	if (ev->kind != NET_EV_MODERATION_DECIDED)
		return;
	for (i = 0; i < ev->ntargets && l->ndecided < 8; i++)
		l->decided_ids[l->ndecided++] = ev->targets[i].id;
	l->decided++;
}

static void
on_link(void *arg, bool up, const struct net_error *why)
{
	struct live *l = arg;

	(void)why;
	if (up)
		l->ups++;
}

int
main(void)
{
	const char *url = getenv("PUPITRE_TEST_URL");
	struct net_decide_request r;
	struct net_error err;
	struct live l;
	struct net *n;

	if (url == NULL || url[0] == '\0') {
		printf("net_live: skipped (no PUPITRE_TEST_URL)\n");
		return check_done("net_live");
	}
	memset(&l, 0, sizeof l);
	n = net_open(url, &err);
	CHECK(n != NULL, "a client");
	if (n == NULL)
		return check_done("net_live");

	net_login(n, "moderator", "wrong", on_session, &l, &err);
	CHECK(pump(n, &l.calls, 1, 10000) && l.failed && l.err.status == 401, "a wrong password: 401");
	CHECK_STR(l.err.code, "bad_credentials", "bad_credentials");

	l.calls = 0;
	net_login(n, "moderator", "demo", on_session, &l, &err);
	CHECK(pump(n, &l.calls, 1, 10000) && !l.failed, "logged in");
	l.calls = 0;
	net_whoami(n, on_agent, &l, &err);
	CHECK(pump(n, &l.calls, 1, 10000) && !l.failed, "whoami");
	CHECK_STR(l.name, "moderator", "as moderator");

	net_events(n, -1, on_event, on_link, &l, &err);
	CHECK(pump(n, &l.ups, 1, 10000), "the event stream is up");

	l.calls = 0;
	net_queue_load_all(n, NULL, 50, on_page, &l, &err);
	CHECK(pump(n, &l.calls, 1, 30000) && !l.failed, "the whole queue loaded");
	if (l.failed)
		printf("    %s\n", l.err.message);
	CHECK(l.pages >= 2 && l.loaded > 50, "in several pages");
	CHECK(l.first[1].target.id != 0, "two comments to act on");

	l.calls = 0;
	net_proposal_get(n, l.proposal_id, on_proposal, &l, &err);
	CHECK(pump(n, &l.calls, 1, 10000) && !l.failed, "the comment's proposal");
	if (l.failed)
		printf("    %s\n", l.err.message);
	CHECK(l.comment_seen, "with the comment in its thread");

	memset(&r, 0, sizeof r);
	r.action = NET_HIDE;
	r.reason = "spam";
	r.items = l.first;
	r.count = 2;
	l.calls = 0;
	net_decide(n, &r, on_decision, &l, &err);
	CHECK(pump(n, &l.calls, 1, 10000) && !l.failed, "hidden");
	if (l.failed)
		printf("    %s\n", l.err.message);
	CHECK_INT(l.nok, 2, "both ok");
	CHECK(l.versions[0] == l.first[0].version + 1, "a new version");
	CHECK(pump(n, &l.decided, 1, 10000), "the decision came back as an event");
	CHECK(l.ndecided == 2 && l.decided_ids[0] == l.first[0].target.id, "naming the targets");

	r.action = NET_DISMISS;
	l.calls = 0;
	net_decide(n, &r, on_decision, &l, &err);
	CHECK(pump(n, &l.calls, 1, 10000) && !l.failed, "answered");
	CHECK_INT(l.nconflict, 2, "stale versions: conflicts");
	CHECK_STR(l.by, "Mathieu Garnier", "by whom");

	l.calls = 0;
	net_logout(n, on_done, &l, &err);
	CHECK(pump(n, &l.calls, 1, 10000) && !l.failed, "logged out");
	net_close(n);
	return check_done("net_live");
}
