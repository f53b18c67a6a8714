/* net/decode.c: every answer of the server, well formed and not: wrong
 * types, missing fields, nulls, truncated JSON, huge strings. */
#include <stdlib.h>
#include <string.h>

#include "../../net/codec.h"
#include "check.h"

#define LEN(s) strlen(s)

static const char session_ok[] =
    "{\"token\": \"0123abcd\", \"expires_at\": \"2026-11-22T10:00:00.123456+01:00\","
    " \"agent\": {\"id\": 7, \"login\": \"mod1\", \"display_name\": \"Camille Mod\","
    " \"role\": \"moderator\", \"department\": null}}";

static void
test_session(void)
{
	struct net_session s;
	struct net_error err;

	CHECK_INT(net_decode_session(session_ok, LEN(session_ok), &s, &err), 0, "a login answer decodes");
	CHECK_STR(s.token, "0123abcd", "the token");
	CHECK_INT(s.expires_at, 1795338000, "expires_at, offset applied (09:00 UTC)");
	CHECK_INT(s.agent.id, 7, "agent id");
	CHECK_STR(s.agent.login, "mod1", "agent login");
	CHECK_STR(s.agent.display_name, "Camille Mod", "agent name");
	CHECK(s.agent.role == NET_ROLE_MODERATOR, "the role");
	CHECK(s.agent.department_code == NULL, "no department");
	net_session_free(&s);

	static const char referent[] = "{\"token\": \"t\", \"expires_at\": \"2026-11-22T09:00:00Z\","
	    " \"agent\": {\"id\": 8, \"login\": \"ref\", \"display_name\": \"R\", \"role\": \"referent\","
	    " \"department\": {\"code\": \"DVD\", \"name\": \"Voirie\"}}}";
	CHECK_INT(net_decode_session(referent, LEN(referent), &s, &err), 0, "a referent decodes");
	CHECK_STR(s.agent.department_code, "DVD", "department code");
	CHECK_STR(s.agent.department_name, "Voirie", "department name");
	net_session_free(&s);

	static const char newrole[] = "{\"token\": \"t\", \"agent\": {\"id\": 8, \"login\": \"x\","
	    " \"display_name\": \"X\", \"role\": \"auditor\"}}";
	CHECK_INT(net_decode_session(newrole, LEN(newrole), &s, &err), 0, "an unknown role is not an error");
	CHECK(s.agent.role == NET_ROLE_UNKNOWN, "shown as unknown");
	CHECK_STR(s.agent.role_name, "auditor", "with its name");
	net_session_free(&s);

	static const char notoken[] = "{\"agent\": {\"id\": 8, \"login\": \"x\","
	    " \"display_name\": \"X\", \"role\": \"admin\"}}";
	CHECK_INT(net_decode_session(notoken, LEN(notoken), &s, &err), -1, "no token: refused");
	CHECK_STR(err.code, "malformed", "a malformed answer");
	CHECK(strstr(err.message, "token is missing") != NULL, "the message names the field");
	CHECK(s.token == NULL && s.mem == NULL, "nothing left to free");

	static const char badid[] = "{\"token\": \"t\", \"agent\": {\"id\": \"7\", \"login\": \"x\","
	    " \"display_name\": \"X\", \"role\": \"admin\"}}";
	CHECK_INT(net_decode_session(badid, LEN(badid), &s, &err), -1, "a string id: refused");
	CHECK(strstr(err.message, "agent.id should be an integer") != NULL, "the message says where and what");

	static const char nullname[] = "{\"token\": \"t\", \"agent\": {\"id\": 7, \"login\": \"x\","
	    " \"display_name\": null, \"role\": \"admin\"}}";
	CHECK_INT(net_decode_session(nullname, LEN(nullname), &s, &err), -1, "a null name: refused");
	CHECK(strstr(err.message, "agent.display_name") != NULL, "named");

	static const char emptytoken[] = "{\"token\": \"\", \"agent\": {\"id\": 7, \"login\": \"x\","
	    " \"display_name\": \"X\", \"role\": \"admin\"}}";
	CHECK_INT(net_decode_session(emptytoken, LEN(emptytoken), &s, &err), -1, "an empty token: refused");
}

static void
test_not_json(void)
{
	struct net_session s;
	struct net_queue_page p;
	struct net_error err;
	char *deep;
	size_t i;

	CHECK_INT(net_decode_session(session_ok, 40, &s, &err), -1, "truncated JSON: refused");
	CHECK(strstr(err.message, "not JSON") != NULL, "says not JSON");
	CHECK_INT(net_decode_session("", 0, &s, &err), -1, "empty: refused");
	CHECK_INT(net_decode_session(NULL, 0, &s, &err), -1, "NULL: refused");
	CHECK_INT(net_decode_queue_page("[1,2]", 5, &p, &err), -1, "an array: refused");
	CHECK(strstr(err.message, "not a JSON object") != NULL, "says not an object");
	CHECK_INT(net_decode_queue_page("<html>502</html>", 16, &p, &err), -1, "HTML: refused");
	CHECK_INT(net_decode_queue_page("{\"items\": []} trailing", 22, &p, &err), -1,
	    "trailing garbage: refused");

	/* nesting deep enough to blow a naive recursive parser */
	deep = malloc(200001);
	CHECK(deep != NULL, "memory");
	if (deep == NULL)
		return;
	for (i = 0; i < 100000; i++)
		deep[i] = '[';
	for (; i < 200000; i++)
		deep[i] = ']';
	deep[i] = '\0';
	CHECK_INT(net_decode_queue_page(deep, 200000, &p, &err), -1, "100,000 levels: refused, no crash");
	free(deep);
}

static const char queue_ok[] =
    "{\"items\": ["
    "{\"target\": {\"type\": \"comment\", \"id\": 123}, \"version\": 4, \"open_reports\": 3,"
    " \"reasons\": {\"spam\": 2, \"other\": 1}, \"main_reason\": \"spam\","
    " \"first_report_at\": \"2026-03-01T10:00:00+00:00\","
    " \"last_report_at\": \"2026-03-02T10:00:00.5+00:00\","
    " \"excerpt\": \"Achetez \\u001b[31m maintenant\", \"author\": {\"id\": 55, \"display_name\": \"Jean\"},"
    " \"hidden\": false, \"hidden_auto\": false, \"escalated\": false, \"escalated_at\": null,"
    " \"proposal_id\": 9},"
    "{\"target\": {\"type\": \"proposal\", \"id\": 9}, \"version\": 1, \"open_reports\": 1,"
    " \"reasons\": {\"personal_data\": 1}, \"main_reason\": \"personal_data\","
    " \"first_report_at\": \"2026-03-01T10:00:00Z\", \"last_report_at\": \"2026-03-01T10:00:00Z\","
    " \"excerpt\": \"Un parc\", \"author\": {\"id\": 56, \"display_name\": \"Lise\"},"
    " \"hidden\": true, \"hidden_auto\": true, \"escalated\": true,"
    " \"escalated_at\": \"2026-03-03T00:00:00+00:00\", \"proposal_id\": null}],"
    " \"next_cursor\": \"eyJzIjoicmVjZW50In0\"}";

static void
test_queue(void)
{
	struct net_queue_page p;
	struct net_error err;

	CHECK_INT(net_decode_queue_page(queue_ok, LEN(queue_ok), &p, &err), 0, "a queue page decodes");
	CHECK_INT(p.count, 2, "two items");
	CHECK(p.items[0].target.type == NET_COMMENT && p.items[0].target.id == 123, "first target");
	CHECK_INT(p.items[0].version, 4, "version");
	CHECK_INT(p.items[0].open_reports, 3, "open reports");
	CHECK_INT(p.items[0].reasons[NET_REASON_SPAM], 2, "spam count");
	CHECK_INT(p.items[0].reasons[NET_REASON_OTHER], 1, "other count");
	CHECK_INT(p.items[0].reasons[NET_REASON_OFFENSIVE], 0, "absent reason: 0");
	CHECK_INT(p.items[0].main_reason, NET_REASON_SPAM, "main reason");
	CHECK_INT(p.items[0].first_report_at, 1772359200, "first report time");
	CHECK_INT(p.items[0].last_report_at, 1772445600, "last report time, fraction dropped");
	CHECK_STR(p.items[0].excerpt, "Achetez \033[31m maintenant", "excerpt raw, escape kept for the sanitizer");
	CHECK_INT(p.items[0].author_id, 55, "author id");
	CHECK_STR(p.items[0].author_name, "Jean", "author name");
	CHECK_INT(p.items[0].proposal_id, 9, "the comment's proposal");
	CHECK(!p.items[0].hidden && !p.items[0].escalated, "visible, not escalated");
	CHECK(p.items[1].target.type == NET_PROPOSAL, "second is a proposal");
	CHECK_INT(p.items[1].proposal_id, 0, "null proposal_id: 0");
	CHECK(p.items[1].hidden && p.items[1].hidden_auto && p.items[1].escalated, "flags");
	CHECK_INT(p.items[1].escalated_at, 1772496000, "escalated_at");
	CHECK_STR(p.next_cursor, "eyJzIjoicmVjZW50In0", "next cursor");
	CHECK(!p.done, "not the last page");
	CHECK_INT(p.total, -1, "no total given");
	net_queue_page_free(&p);

	static const char last[] = "{\"items\": [], \"next_cursor\": null, \"total\": 0}";
	CHECK_INT(net_decode_queue_page(last, LEN(last), &p, &err), 0, "an empty last page decodes");
	CHECK(p.count == 0 && p.next_cursor == NULL && p.done, "empty and done");
	CHECK_INT(p.total, 0, "a total when given");
	net_queue_page_free(&p);
}

/* queue_ok with one piece replaced. */
static int
queue_with(const char *from, const char *to, struct net_queue_page *p, struct net_error *err)
{
	char buf[4096];
	const char *at = strstr(queue_ok, from);
	int rc;

	if (at == NULL)
		return 99;
	snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - queue_ok), queue_ok, to, at + strlen(from));
	rc = net_decode_queue_page(buf, strlen(buf), p, err);
	if (rc == 0)
		net_queue_page_free(p);
	return rc;
}

static void
test_queue_malformed(void)
{
	struct net_queue_page p;
	struct net_error err;

	CHECK_INT(queue_with("\"type\": \"proposal\"", "\"type\": \"citizen\"", &p, &err), -1,
	    "an unknown target type: refused");
	CHECK(strstr(err.message, "items[1].target.type") != NULL, "names items[1].target.type");
	CHECK_INT(queue_with("\"version\": 4", "\"version\": null", &p, &err), -1, "a null version: refused");
	CHECK(strstr(err.message, "items[0].version") != NULL, "names items[0].version");
	CHECK_INT(queue_with("\"version\": 4", "\"version\": 4.5", &p, &err), -1, "a real version: refused");
	CHECK_INT(queue_with("\"version\": 4", "\"version\": -4", &p, &err), -1, "a negative version: refused");
	CHECK_INT(queue_with("\"version\": 4", "\"version\": 99999999999", &p, &err), -1,
	    "a version beyond int: refused");
	CHECK_INT(queue_with("\"version\": 4, ", "", &p, &err), -1, "a missing version: refused");
	CHECK(strstr(err.message, "is missing") != NULL, "says missing");
	CHECK_INT(queue_with("\"hidden\": false", "\"hidden\": \"false\"", &p, &err), -1,
	    "a string for a boolean: refused");
	CHECK_INT(queue_with("\"hidden\": false", "\"hidden\": 0", &p, &err), -1,
	    "a number for a boolean: refused");
	CHECK_INT(queue_with("\"2026-03-01T10:00:00+00:00\"", "\"yesterday\"", &p, &err), -1,
	    "a time that is not one: refused");
	CHECK(strstr(err.message, "first_report_at") != NULL, "names first_report_at");
	CHECK_INT(queue_with("\"2026-03-01T10:00:00+00:00\"", "\"2026-02-30T10:00:00+00:00\"", &p, &err), -1,
	    "February 30: refused");
	CHECK_INT(queue_with("\"spam\": 2", "\"spam\": \"2\"", &p, &err), -1, "a string count: refused");
	CHECK_INT(queue_with("\"main_reason\": \"spam\"", "\"main_reason\": null", &p, &err), 0,
	    "a null main reason is fine");
	CHECK_INT(queue_with("\"main_reason\": \"spam\"", "\"main_reason\": \"rude\"", &p, &err), -1,
	    "an unknown main reason: refused");
	CHECK_INT(queue_with("{\"id\": 55, \"display_name\": \"Jean\"}", "null", &p, &err), -1,
	    "a null author: refused");
	CHECK_INT(queue_with("\"excerpt\": \"Un parc\"", "\"excerpt\": null", &p, &err), 0,
	    "a null excerpt reads as empty");
	CHECK_INT(queue_with("\"excerpt\": \"Un parc\"", "\"excerpt\": 12", &p, &err), -1,
	    "a number excerpt: refused");
	CHECK_INT(queue_with("\"next_cursor\": \"eyJzIjoicmVjZW50In0\"", "\"next_cursor\": 3", &p, &err), -1,
	    "a number cursor: refused");
	CHECK_INT(queue_with("{\"items\": [", "{\"items\": [17, ", &p, &err), -1,
	    "an item that is not an object: refused");
	CHECK(strstr(err.message, "items[0]") != NULL, "names items[0]");
	CHECK_INT(queue_with("{\"items\": [", "{\"items\": {}, \"x\": [", &p, &err), -1,
	    "items not a list: refused");
	CHECK_INT(queue_with("\"id\": 123", "\"id\": 0", &p, &err), -1, "id 0: refused");
}

static void
test_queue_huge(void)
{
	static const char head[] = "{\"items\": [{\"target\": {\"type\": \"comment\", \"id\": 1}, "
	    "\"version\": 1, \"open_reports\": 1, \"first_report_at\": \"2026-03-01T10:00:00Z\", "
	    "\"last_report_at\": \"2026-03-01T10:00:00Z\", \"author\": {\"id\": 2, \"display_name\": \"A\"}, "
	    "\"hidden\": false, \"hidden_auto\": false, \"escalated\": false, \"excerpt\": \"";
	static const char tail[] = "\"}], \"next_cursor\": null}";
	size_t big = 4u << 20, len = strlen(head) + big + strlen(tail);
	struct net_queue_page p;
	struct net_error err;
	char *json = malloc(len + 1);

	CHECK(json != NULL, "memory");
	if (json == NULL)
		return;
	memcpy(json, head, strlen(head));
	memset(json + strlen(head), 'x', big);
	memcpy(json + strlen(head) + big, tail, strlen(tail) + 1);
	CHECK_INT(net_decode_queue_page(json, len, &p, &err), 0, "a 4 MiB excerpt decodes");
	CHECK_INT(p.count == 1 ? strlen(p.items[0].excerpt) : 0, big, "whole");
	net_queue_page_free(&p);
	free(json);

	CHECK_INT(net_decode_queue_page("{}", NET_MAX_ANSWER + 1, &p, &err), -1,
	    "an answer beyond the limit: refused before parsing");
}

static const char decision_ok[] =
    "{\"batch_id\": \"2a0c-uuid\", \"results\": ["
    "{\"type\": \"comment\", \"id\": 1, \"status\": \"ok\", \"version\": 5},"
    "{\"type\": \"comment\", \"id\": 2, \"status\": \"conflict\", \"version\": 3,"
    " \"by\": {\"id\": 4, \"login\": \"mod2\", \"display_name\": \"Alex\"},"
    " \"at\": \"2026-03-02T10:00:00+00:00\", \"message\": \"changed since you read it\"},"
    "{\"type\": \"proposal\", \"id\": 3, \"status\": \"conflict\", \"version\": 3, \"by\": null,"
    " \"at\": null, \"message\": \"changed since you read it\"},"
    "{\"type\": \"comment\", \"id\": 4, \"status\": \"forbidden\", \"message\": \"escalated: an admin decides\"},"
    "{\"type\": \"comment\", \"id\": 5, \"status\": \"invalid\", \"message\": \"no such comment\"}],"
    " \"counts\": {\"ok\": 1, \"conflict\": 2, \"forbidden\": 1, \"invalid\": 1}}";

static void
test_decision(void)
{
	struct net_decision d;
	struct net_error err;
	char buf[2048];

	CHECK_INT(net_decode_decision(decision_ok, LEN(decision_ok), &d, &err), 0, "a decision decodes");
	CHECK_STR(d.batch_id, "2a0c-uuid", "batch id");
	CHECK_INT(d.count, 5, "five results");
	CHECK(d.results[0].status == NET_ITEM_OK && d.results[0].version == 5, "ok with its new version");
	CHECK(d.results[1].status == NET_ITEM_CONFLICT, "conflict");
	CHECK_STR(d.results[1].by, "Alex", "by: the display name");
	CHECK_INT(d.results[1].at, 1772445600, "at");
	CHECK_STR(d.results[1].message, "changed since you read it", "message");
	CHECK(d.results[2].target.type == NET_PROPOSAL && d.results[2].by == NULL && d.results[2].at == 0,
	    "a conflict of unknown author");
	CHECK(d.results[3].status == NET_ITEM_FORBIDDEN, "forbidden");
	CHECK(d.results[4].status == NET_ITEM_INVALID, "invalid");
	CHECK(d.counts[NET_ITEM_OK] == 1 && d.counts[NET_ITEM_CONFLICT] == 2 &&
	    d.counts[NET_ITEM_FORBIDDEN] == 1 && d.counts[NET_ITEM_INVALID] == 1, "counts");
	net_decision_free(&d);

	static const char loginonly[] = "{\"batch_id\": \"b\", \"results\": [{\"type\": \"comment\","
	    " \"id\": 2, \"status\": \"conflict\", \"version\": 3, \"by\": {\"id\": 4, \"login\": \"mod2\","
	    " \"display_name\": \"\"}}], \"counts\": {\"ok\": 0, \"conflict\": 1, \"forbidden\": 0, \"invalid\": 0}}";
	CHECK_INT(net_decode_decision(loginonly, LEN(loginonly), &d, &err), 0, "decodes");
	CHECK_STR(d.results[0].by, "mod2", "by: the login when the name is empty");
	net_decision_free(&d);

	static const char noresults[] = "{\"batch_id\": \"b\", \"results\": null, \"counts\": {\"ok\": 0,"
	    " \"conflict\": 0, \"forbidden\": 0, \"invalid\": 0}}";
	CHECK_INT(net_decode_decision(noresults, LEN(noresults), &d, &err), 0, "null results decode");
	CHECK_INT(d.count, 0, "as none");
	net_decision_free(&d);

	snprintf(buf, sizeof buf, "%s", decision_ok);
	memcpy(strstr(buf, "\"forbidden\", \"message\""), "\"forbiddeN\"", 11);
	CHECK_INT(net_decode_decision(buf, strlen(buf), &d, &err), -1, "an unknown status: refused");
	CHECK(strstr(err.message, "results[3].status") != NULL, "names results[3].status");

	static const char okwithout[] = "{\"batch_id\": \"b\", \"results\": [{\"type\": \"comment\","
	    " \"id\": 2, \"status\": \"ok\"}], \"counts\": {\"ok\": 1, \"conflict\": 0, \"forbidden\": 0,"
	    " \"invalid\": 0}}";
	CHECK_INT(net_decode_decision(okwithout, LEN(okwithout), &d, &err), -1,
	    "an ok without its new version: refused");

	static const char nocounts[] = "{\"batch_id\": \"b\", \"results\": []}";
	CHECK_INT(net_decode_decision(nocounts, LEN(nocounts), &d, &err), -1, "no counts: refused");

	static const char badby[] = "{\"batch_id\": \"b\", \"results\": [{\"type\": \"comment\","
	    " \"id\": 2, \"status\": \"conflict\", \"by\": \"Alex\"}], \"counts\": {\"ok\": 0,"
	    " \"conflict\": 1, \"forbidden\": 0, \"invalid\": 0}}";
	CHECK_INT(net_decode_decision(badby, LEN(badby), &d, &err), -1, "by as a string: refused");
}

static const char proposal_ok[] =
    "{\"id\": 9, \"version\": 3, \"edition\": 2026, \"title\": \"Un parc\", \"body\": \"Des arbres\","
    " \"address\": null, \"author\": {\"id\": 56, \"external_id\": \"fo-56\", \"display_name\": \"Lise\"},"
    " \"coauthors\": [], \"district\": {\"code\": \"75011\", \"name\": \"Paris 11e\", \"citywide\": false},"
    " \"theme\": {\"code\": \"nature\", \"name\": \"Nature\"}, \"department\": null, \"referent\": null,"
    " \"priority_neighbourhood\": false, \"supports\": 12, \"state\": \"submitted\","
    " \"state_reason\": null, \"state_changed_at\": null, \"stage\": null, \"merged_into\": null,"
    " \"needs_answer\": false, \"hidden\": false, \"hidden_reason\": null, \"hidden_auto\": false,"
    " \"escalated_at\": null, \"moderated_by\": {\"id\": 3, \"login\": \"mod1\", \"display_name\": \"Camille\"},"
    " \"moderated_at\": \"2026-03-04T08:00:00+00:00\", \"created_at\": \"2026-02-01T08:00:00+00:00\","
    " \"comments_total\": 2, \"comments\": ["
    "{\"id\": 100, \"parent_id\": null, \"author\": {\"id\": 57, \"display_name\": \"Paul\"},"
    " \"body\": \"Bravo\", \"hidden\": false, \"hidden_reason\": null, \"created_at\": \"2026-02-02T08:00:00+00:00\"},"
    "{\"id\": 123, \"parent_id\": 100, \"author\": {\"id\": 55, \"display_name\": \"Jean\"},"
    " \"body\": \"Achetez\", \"hidden\": true, \"hidden_reason\": \"spam\", \"created_at\": \"2026-02-03T08:00:00+00:00\"}],"
    " \"costing\": null, \"audit\": []}";

static void
test_proposal(void)
{
	struct net_proposal p;
	struct net_error err;
	char buf[4096];

	CHECK_INT(net_decode_proposal(proposal_ok, LEN(proposal_ok), &p, &err), 0, "a proposal decodes");
	CHECK_INT(p.id, 9, "id");
	CHECK_STR(p.title, "Un parc", "title");
	CHECK(p.address == NULL, "no address");
	CHECK_STR(p.author_name, "Lise", "author");
	CHECK_STR(p.district_code, "75011", "district");
	CHECK_STR(p.theme_name, "Nature", "theme");
	CHECK(p.department_code == NULL && p.referent == NULL, "no department, no referent");
	CHECK_STR(p.moderated_by, "Camille", "moderated by");
	CHECK_INT(p.ncomments, 2, "two comments");
	CHECK_INT(p.comments[0].parent_id, 0, "a top comment");
	CHECK_INT(p.comments[1].parent_id, 100, "a reply");
	CHECK(p.comments[1].hidden, "hidden reply");
	CHECK_STR(p.comments[1].hidden_reason, "spam", "its reason");
	CHECK_STR(p.comments[1].author_name, "Jean", "its author");
	net_proposal_free(&p);

	snprintf(buf, sizeof buf, "%s", proposal_ok);
	memcpy(strstr(buf, "\"hidden\": true"), "\"hidden\": 1   ", 14);
	CHECK_INT(net_decode_proposal(buf, strlen(buf), &p, &err), -1, "a number for hidden: refused");
	CHECK(strstr(err.message, "comments[1].hidden") != NULL, "names comments[1].hidden");

	static const char nocomments[] = "{\"id\": 9, \"version\": 3, \"title\": \"T\", \"body\": \"B\","
	    " \"state\": \"submitted\", \"hidden\": false, \"created_at\": \"2026-02-01T08:00:00Z\","
	    " \"comments\": \"none\"}";
	CHECK_INT(net_decode_proposal(nocomments, LEN(nocomments), &p, &err), -1, "comments not a list: refused");
}

static const char author_ok[] =
    "{\"citizen\": {\"id\": 55, \"display_name\": \"Jean\", \"district\": {\"code\": \"75011\","
    " \"name\": \"Paris 11e\"}, \"blocked_until\": \"2100-01-01T00:00:00+00:00\","
    " \"block_reason\": \"Publicit\\u00e9 r\\u00e9p\\u00e9t\\u00e9e\"},"
    " \"hidden\": {\"comments\": 26, \"proposals\": 1}, \"open_reports\": 3, \"items\": ["
    "{\"type\": \"comment\", \"id\": 123, \"hidden_reason\": \"pending review\","
    " \"hidden_auto\": true, \"moderated_at\": null, \"excerpt\": \"en \\u001b[2J attente\"},"
    "{\"type\": \"proposal\", \"id\": 9, \"hidden_reason\": \"spam\", \"hidden_auto\": false,"
    " \"moderated_at\": \"2026-03-04T08:00:00+00:00\", \"excerpt\": \"Achetez des montres\"}]}";

/* author_ok with the first from replaced by to, decoded (and freed). */
static int
author_with(const char *from, const char *to, struct net_error *err)
{
	char buf[4096];
	const char *at = strstr(author_ok, from);
	struct net_author a;
	int rc;

	if (at == NULL)
		return 99;
	snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - author_ok), author_ok, to, at + strlen(from));
	rc = net_decode_author(buf, strlen(buf), &a, err);
	if (rc == 0)
		net_author_free(&a);
	return rc;
}

static void
test_author(void)
{
	struct net_author a;
	struct net_error err;
	time_t t;

	CHECK_INT(net_decode_author(author_ok, LEN(author_ok), &a, &err), 0, "an author's history decodes");
	CHECK_INT(a.id, 55, "citizen id");
	CHECK_STR(a.display_name, "Jean", "display name");
	CHECK_STR(a.district_name, "Paris 11e", "district");
	net_parse_time("2100-01-01T00:00:00Z", &t);
	CHECK_INT(a.blocked_until, t, "blocked until");
	CHECK_STR(a.block_reason, "Publicit\xc3\xa9 r\xc3\xa9p\xc3\xa9t\xc3\xa9" "e", "why");
	CHECK_INT(a.hidden_comments, 26, "hidden comments");
	CHECK_INT(a.hidden_proposals, 1, "hidden proposals");
	CHECK_INT(a.open_reports, 3, "open reports");
	CHECK_INT(a.nitems, 2, "two items");
	CHECK(a.items[0].target.type == NET_COMMENT && a.items[0].target.id == 123, "first: comment 123");
	CHECK(a.items[0].hidden_auto, "pending review");
	CHECK_INT(a.items[0].moderated_at, 0, "not moderated yet: 0");
	CHECK_STR(a.items[0].excerpt, "en \033[2J attente", "excerpt raw, escape kept for the sanitizer");
	CHECK(a.items[1].target.type == NET_PROPOSAL && a.items[1].target.id == 9, "second: proposal 9");
	CHECK_STR(a.items[1].hidden_reason, "spam", "its reason");
	CHECK(a.items[1].moderated_at > 0, "its time");
	net_author_free(&a);
	CHECK(a.mem == NULL && a.items == NULL, "freed and cleared");

	CHECK_INT(author_with("\"district\": {\"code\": \"75011\", \"name\": \"Paris 11e\"}",
	    "\"district\": null", &err), 0, "a citizen without a district");
	CHECK_INT(author_with("\"blocked_until\": \"2100-01-01T00:00:00+00:00\", \"block_reason\": "
	    "\"Publicit\\u00e9 r\\u00e9p\\u00e9t\\u00e9e\"", "\"blocked_until\": null, \"block_reason\": null",
	    &err), 0, "a citizen never blocked");
	CHECK_INT(author_with("\"items\": [", "\"items\": [], \"x\": [", &err), 0, "no hidden items");
}

static void
test_author_malformed(void)
{
	struct net_author a;
	struct net_error err;

	CHECK_INT(author_with("\"blocked_until\": \"2100-01-01T00:00:00+00:00\"",
	    "\"blocked_until\": \"forever\"", &err), -1, "a block end that is not a time: refused");
	CHECK(strstr(err.message, "citizen.blocked_until") != NULL, "names citizen.blocked_until");
	CHECK_INT(author_with("\"id\": 55", "\"id\": \"55\"", &err), -1, "a string citizen id: refused");
	CHECK(strstr(err.message, "citizen.id") != NULL, "names citizen.id");
	CHECK_INT(author_with("\"display_name\": \"Jean\", ", "", &err), -1, "no display name: refused");
	CHECK(strstr(err.message, "is missing") != NULL, "says missing");
	CHECK_INT(author_with("\"comments\": 26", "\"comments\": -1", &err), -1,
	    "a negative count: refused");
	CHECK(strstr(err.message, "hidden.comments") != NULL, "names hidden.comments");
	CHECK_INT(author_with("\"hidden\": {", "\"hidden\": 3, \"y\": {", &err), -1,
	    "hidden not an object: refused");
	CHECK_INT(author_with("\"type\": \"proposal\"", "\"type\": \"answer\"", &err), -1,
	    "an unknown item type: refused");
	CHECK(strstr(err.message, "items[1].type") != NULL, "names items[1].type");
	CHECK_INT(author_with("\"excerpt\": \"Achetez des montres\"", "\"excerpt\": 7", &err), -1,
	    "a number excerpt: refused");
	CHECK_INT(author_with("\"items\": [", "\"items\": [17, ", &err), -1,
	    "an item that is not an object: refused");
	CHECK(strstr(err.message, "items[0]") != NULL, "names items[0]");
	CHECK_INT(author_with("\"items\": [", "\"items\": {}, \"x\": [", &err), -1,
	    "items not a list: refused");
	CHECK_INT(author_with("{\"citizen\": {", "{\"x\": {", &err), -1, "no citizen: refused");
	CHECK_INT(net_decode_author("[1, 2]", 6, &a, &err), -1, "not an object: refused");
	CHECK_INT(net_decode_author("{\"citizen\": ", 12, &a, &err), -1, "truncated: refused");
	CHECK(a.mem == NULL && a.items == NULL, "nothing to free after a refusal");
}

static void
test_events(void)
{
	struct net_event e;
	struct net_error err;

	static const char report[] = "{\"id\": 41, \"type\": \"report.new\", \"at\": \"2026-03-01T10:00:00+00:00\","
	    " \"payload\": {\"report_id\": 900, \"target\": {\"type\": \"comment\", \"id\": 123},"
	    " \"reason\": \"spam\", \"open_reports\": 4, \"auto_hidden\": true}}";
	CHECK_INT(net_decode_event("report.new", 41, report, LEN(report), &e, &err), 0, "report.new decodes");
	CHECK(e.kind == NET_EV_REPORT_NEW && e.id == 41, "kind and id");
	CHECK(e.target.type == NET_COMMENT && e.target.id == 123, "its target");
	CHECK(e.reason == NET_REASON_SPAM && e.open_reports == 4 && e.auto_hidden, "reason, count, auto-hide");
	CHECK_INT(e.report_id, 900, "report id");
	CHECK_INT(e.at, 1772359200, "at");
	net_event_free(&e);

	static const char decided[] = "{\"id\": 42, \"type\": \"moderation.decided\", \"payload\": {"
	    "\"action\": \"hide\", \"batch_id\": \"b\", \"targets\": [{\"type\": \"comment\", \"id\": 1},"
	    " {\"type\": \"proposal\", \"id\": 2}]}}";
	CHECK_INT(net_decode_event("moderation.decided", 0, decided, LEN(decided), &e, &err), 0,
	    "moderation.decided decodes");
	CHECK(e.kind == NET_EV_MODERATION_DECIDED && e.action == NET_HIDE, "kind and action");
	CHECK_INT(e.id, 42, "the id from the data when the record had none");
	CHECK(e.ntargets == 2 && e.targets[1].type == NET_PROPOSAL && e.targets[1].id == 2, "targets");
	net_event_free(&e);

	static const char state[] = "{\"id\": 43, \"type\": \"proposal.state\", \"payload\": {"
	    "\"state\": \"admissible\", \"ids\": [5, 6, 7]}}";
	CHECK_INT(net_decode_event("proposal.state", 43, state, LEN(state), &e, &err), 0, "proposal.state decodes");
	CHECK(e.kind == NET_EV_PROPOSAL && e.nids == 3 && e.ids[2] == 7, "its ids");
	net_event_free(&e);

	static const char merged[] = "{\"id\": 44, \"type\": \"proposal.merged\", \"payload\": {"
	    "\"target\": 10, \"created\": false, \"sources\": [11, 12]}}";
	CHECK_INT(net_decode_event("proposal.merged", 44, merged, LEN(merged), &e, &err), 0, "proposal.merged decodes");
	CHECK(e.nids == 3 && e.ids[0] == 10 && e.ids[1] == 11 && e.ids[2] == 12, "target and sources");
	net_event_free(&e);

	CHECK_INT(net_decode_event("reset", 0, "{}", 2, &e, &err), 0, "reset decodes");
	CHECK(e.kind == NET_EV_RESET && e.id == 0, "a reset");
	CHECK_STR(e.type, "reset", "its type");
	net_event_free(&e);

	static const char other[] = "{\"id\": 45, \"type\": \"vote.recorded\", \"payload\": {\"edition\": 2026}}";
	CHECK_INT(net_decode_event("vote.recorded", 45, other, LEN(other), &e, &err), 0, "another type decodes");
	CHECK(e.kind == NET_EV_OTHER, "as other");
	CHECK_STR(e.data, other, "with its data");
	net_event_free(&e);

	static const char notarget[] = "{\"id\": 46, \"payload\": {\"reason\": \"spam\"}}";
	CHECK_INT(net_decode_event("report.new", 46, notarget, LEN(notarget), &e, &err), -1,
	    "report.new without a target: refused");
	static const char badtargets[] = "{\"id\": 47, \"payload\": {\"action\": \"hide\", \"targets\": [1]}}";
	CHECK_INT(net_decode_event("moderation.decided", 47, badtargets, LEN(badtargets), &e, &err), -1,
	    "targets that are not objects: refused");
	CHECK_INT(net_decode_event("report.new", 48, "{\"id\": 4", 8, &e, &err), -1, "truncated: refused");
	static const char newreason[] = "{\"id\": 49, \"payload\": {\"target\": {\"type\": \"comment\", \"id\": 1},"
	    " \"reason\": \"hate\"}}";
	CHECK_INT(net_decode_event("report.new", 49, newreason, LEN(newreason), &e, &err), 0,
	    "a reason net does not know: kept");
	CHECK_INT(e.reason, -1, "as unknown");
	net_event_free(&e);
}

static void
test_errors(void)
{
	struct net_error err;
	char big[2000];

	static const char conflict[] = "{\"error\": {\"code\": \"invalid_transition\","
	    " \"message\": \"a proposal in state merged cannot be costed\", \"details\": null}}";
	net_decode_error(422, conflict, LEN(conflict), &err);
	CHECK_INT(err.status, 422, "status");
	CHECK_STR(err.code, "invalid_transition", "the server's code");
	CHECK_STR(err.message, "a proposal in state merged cannot be costed", "the server's message");
	CHECK(!err.network, "not a network error");

	net_decode_error(502, "<html>Bad Gateway</html>", 24, &err);
	CHECK_STR(err.code, "http", "HTML: code http");
	CHECK(strstr(err.message, "502") != NULL, "the message gives the status");
	net_decode_error(401, NULL, 0, &err);
	CHECK(strstr(err.message, "log in again") != NULL, "401 without body says to log in");
	net_decode_error(418, "{\"error\": 5}", 12, &err);
	CHECK(strstr(err.message, "418") != NULL, "an error of the wrong shape: by status");
	net_decode_error(400, "{\"error\": {\"code\": 7, \"message\": \"m\"}}", 38, &err);
	CHECK_STR(err.code, "http", "a code that is not a string is not used");

	memset(big, 'x', sizeof big);
	memcpy(big, "{\"error\": {\"code\": \"", 20);
	memcpy(big + 1500, "\", \"message\": \"m\"}}", 20);
	net_decode_error(400, big, strlen(big), &err);
	CHECK(strlen(err.code) < sizeof err.code, "a huge code is cut, no overflow");
}

static void
test_times(void)
{
	time_t t;

	CHECK(net_parse_time("1970-01-01T00:00:00Z", &t) == 0 && t == 0, "the epoch");
	CHECK(net_parse_time("2000-02-29T12:00:00+00:00", &t) == 0 && t == 951825600, "a leap day");
	CHECK(net_parse_time("2026-03-01 10:00:00+05:30", &t) == 0 && t == 1772339400, "a space and +05:30");
	CHECK(net_parse_time("2026-03-01T10:00:00-02", &t) == 0 && t == 1772366400, "an hour offset");
	CHECK(net_parse_time("1911-03-11T00:00:00+00:09:21", &t) == 0, "an offset with seconds");
	CHECK(net_parse_time("2026-03-01", &t) != 0, "a date alone: refused");
	CHECK(net_parse_time("2026-13-01T00:00:00Z", &t) != 0, "month 13: refused");
	CHECK(net_parse_time("2026-03-01T10:00:00", &t) != 0, "no offset: refused");
	CHECK(net_parse_time("2026-03-01T10:00:00Zjunk", &t) != 0, "trailing junk: refused");
	CHECK(net_parse_time("2026-03-01T10:00:00.Z", &t) != 0, "an empty fraction: refused");
}

static const char proposals_ok[] =
    "{\"items\": ["
    "{\"id\": 12, \"version\": 3, \"title\": \"Un parc \\u001b[2J\", \"edition\": 2026,"
    " \"district\": {\"code\": \"75011\", \"name\": \"Onzième\"}, \"theme\": \"nature\","
    " \"department\": \"DEVE\", \"referent\": \"ref1\", \"state\": \"costed\","
    " \"stage\": null, \"total_cents\": 250000000, \"supports\": 41,"
    " \"created_at\": \"2026-03-01T10:00:00+00:00\","
    " \"state_changed_at\": \"2026-03-02T10:00:00+00:00\","
    " \"priority_neighbourhood\": true, \"hidden\": false, \"needs_answer\": true},"
    "{\"id\": 13, \"version\": 1, \"title\": \"Des bancs\", \"edition\": 2026,"
    " \"district\": {\"code\": \"75012\", \"name\": \"Douzième\"}, \"theme\": null,"
    " \"department\": null, \"referent\": null, \"state\": \"submitted\","
    " \"stage\": null, \"total_cents\": null, \"supports\": 0,"
    " \"created_at\": \"2026-03-01T10:00:00Z\", \"state_changed_at\": null,"
    " \"priority_neighbourhood\": false, \"hidden\": true, \"needs_answer\": false}],"
    " \"next_cursor\": \"eyJzIjoiaWQifQ\"}";

static void
test_proposals(void)
{
	struct net_proposal_page p;
	struct net_error err;

	CHECK_INT(net_decode_proposal_page(proposals_ok, LEN(proposals_ok), &p, &err), 0,
	    "a page of proposals decodes");
	CHECK_INT(p.count, 2, "two proposals");
	CHECK_INT(p.items[0].id, 12, "id");
	CHECK_INT(p.items[0].version, 3, "version");
	CHECK_STR(p.items[0].title, "Un parc \033[2J", "title raw, escape kept for the sanitizer");
	CHECK_INT(p.items[0].edition, 2026, "edition");
	CHECK_STR(p.items[0].district_code, "75011", "district code");
	CHECK_STR(p.items[0].district_name, "Onzième", "district name");
	CHECK_STR(p.items[0].theme, "nature", "theme");
	CHECK_STR(p.items[0].department, "DEVE", "department");
	CHECK_STR(p.items[0].referent, "ref1", "referent");
	CHECK_STR(p.items[0].state, "costed", "state");
	CHECK(p.items[0].stage == NULL, "no stage");
	CHECK_INT(p.items[0].total_cents, 250000000, "total cost");
	CHECK_INT(p.items[0].supports, 41, "supports");
	CHECK_INT(p.items[0].created_at, 1772359200, "created_at");
	CHECK_INT(p.items[0].state_changed_at, 1772445600, "state_changed_at");
	CHECK(p.items[0].priority_neighbourhood && !p.items[0].hidden && p.items[0].needs_answer,
	    "flags");
	CHECK_INT(p.items[1].total_cents, -1, "not costed: -1, not 0");
	CHECK(p.items[1].theme == NULL && p.items[1].department == NULL &&
	    p.items[1].referent == NULL, "nulls: NULL");
	CHECK_INT(p.items[1].state_changed_at, 0, "null state_changed_at: 0");
	CHECK(p.items[1].hidden && !p.items[1].needs_answer, "second flags");
	CHECK_STR(p.next_cursor, "eyJzIjoiaWQifQ", "next cursor");
	CHECK(!p.done && p.loaded == 2, "not the last page");
	net_proposal_page_free(&p);

	static const char last[] = "{\"items\": [], \"next_cursor\": null}";
	CHECK_INT(net_decode_proposal_page(last, LEN(last), &p, &err), 0, "an empty last page decodes");
	CHECK(p.count == 0 && p.next_cursor == NULL && p.done, "empty and done");
	net_proposal_page_free(&p);
}

/* proposals_ok with one piece replaced. */
static int
proposals_with(const char *from, const char *to, struct net_proposal_page *p,
    struct net_error *err)
{
	char buf[4096];
	const char *at = strstr(proposals_ok, from);
	int rc;

	if (at == NULL)
		return 99;
	snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - proposals_ok), proposals_ok, to,
	    at + strlen(from));
	rc = net_decode_proposal_page(buf, strlen(buf), p, err);
	if (rc == 0)
		net_proposal_page_free(p);
	return rc;
}

static void
test_proposals_malformed(void)
{
	struct net_proposal_page p;
	struct net_error err;

	CHECK_INT(net_decode_proposal_page("[]", 2, &p, &err), -1, "an array: refused");
	CHECK_INT(net_decode_proposal_page("{\"items\": [", 11, &p, &err), -1, "truncated: refused");
	CHECK_INT(net_decode_proposal_page("{}", 2, &p, &err), -1, "no items: refused");
	CHECK(strstr(err.message, "items is missing") != NULL, "says items is missing");
	CHECK_INT(net_decode_proposal_page("{\"items\": [3]}", 14, &p, &err), -1,
	    "an item that is no object: refused");
	CHECK_INT(proposals_with("\"id\": 13", "\"id\": 0", &p, &err), -1, "id 0: refused");
	CHECK(strstr(err.message, "items[1].id") != NULL, "names items[1].id");
	CHECK_INT(proposals_with("\"id\": 12, ", "", &p, &err), -1, "a missing id: refused");
	CHECK_INT(proposals_with("\"title\": \"Des bancs\"", "\"title\": 5", &p, &err), -1,
	    "a number for a title: refused");
	CHECK(strstr(err.message, "items[1].title") != NULL, "names items[1].title");
	CHECK_INT(proposals_with("\"state\": \"costed\"", "\"state\": null", &p, &err), -1,
	    "a null state: refused");
	CHECK_INT(proposals_with("\"total_cents\": 250000000", "\"total_cents\": \"2500000\"", &p,
	    &err), -1, "a string cost: refused");
	CHECK(strstr(err.message, "total_cents") != NULL, "names total_cents");
	CHECK_INT(proposals_with("\"total_cents\": 250000000", "\"total_cents\": -5", &p, &err), -1,
	    "a negative cost: refused");
	CHECK_INT(proposals_with("\"supports\": 41", "\"supports\": 4.1", &p, &err), -1,
	    "a real count of supports: refused");
	CHECK_INT(proposals_with("\"code\": \"75011\"", "\"code\": 75011", &p, &err), -1,
	    "a number for a district code: refused");
	CHECK(strstr(err.message, "items[0].district.code") != NULL, "names items[0].district.code");
	CHECK_INT(proposals_with("\"hidden\": false", "\"hidden\": \"no\"", &p, &err), -1,
	    "a string for a boolean: refused");
	CHECK_INT(proposals_with("\"2026-03-01T10:00:00+00:00\"", "\"soon\"", &p, &err), -1,
	    "a time that is not one: refused");
	CHECK_INT(proposals_with("\"next_cursor\": \"eyJzIjoiaWQifQ\"", "\"next_cursor\": 7", &p,
	    &err), -1, "a number for a cursor: refused");
	CHECK_INT(proposals_with("\"version\": 3", "\"version\": 3", &p, &err), 0,
	    "the good page still decodes");
}

int
main(void)
{
	RUN(test_session);
	RUN(test_not_json);
	RUN(test_queue);
	RUN(test_queue_malformed);
	RUN(test_queue_huge);
	RUN(test_decision);
	RUN(test_proposal);
	RUN(test_proposals);
	RUN(test_proposals_malformed);
	RUN(test_author);
	RUN(test_author_malformed);
	RUN(test_events);
	RUN(test_errors);
	RUN(test_times);
	return check_done("net_decode");
}
