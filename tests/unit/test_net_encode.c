/* net/encode.c: the bodies and queries net sends, refused when wrong. */
#include <stdlib.h>
#include <string.h>

#include "../../net/codec.h"
#include "check.h"

static void
test_login(void)
{
	struct net_error err;
	char *s;

	s = net_encode_login("mod1", "p\"ss\\word", &err);
	CHECK_STR(s, "{\"login\":\"mod1\",\"password\":\"p\\\"ss\\\\word\"}", "login body, escaped");
	free(s);
	CHECK(net_encode_login("", "x", &err) == NULL, "an empty login: refused");
	CHECK(net_encode_login("mod1", "\xff\xfe", &err) == NULL, "a password that is not UTF-8: refused");
	CHECK(strstr(err.message, "password") != NULL, "says which");
}

static void
test_decide(void)
{
	struct net_item_ref items[2] = {
		{ { NET_COMMENT, 12 }, 3 }, { { NET_PROPOSAL, 9 }, 1 },
	};
	struct net_decide_request r;
	struct net_error err;
	char *s;

	memset(&r, 0, sizeof r);
	r.action = NET_HIDE;
	r.reason = "spam";
	r.items = items;
	r.count = 2;
	s = net_encode_decide(&r, &err);
	CHECK_STR(s, "{\"items\":[{\"type\":\"comment\",\"id\":12,\"version\":3},"
	    "{\"type\":\"proposal\",\"id\":9,\"version\":1}],\"action\":\"hide\",\"reason\":\"spam\"}",
	    "a hide");
	free(s);

	r.action = NET_BLOCK;
	r.reason = NULL;
	r.until = 1795338000;
	r.justification = "insultes répétées envers d'autres habitants";
	r.hide_all = true;
	r.note = "voir le ticket";
	r.count = 1;
	s = net_encode_decide(&r, &err);
	CHECK_STR(s, "{\"items\":[{\"type\":\"comment\",\"id\":12,\"version\":3}],\"action\":\"block\","
	    "\"until\":\"2026-11-22T09:00:00Z\",\"justification\":\"insultes répétées envers d'autres habitants\","
	    "\"hide_all\":true,\"note\":\"voir le ticket\"}", "a block with hide_all and a note");
	free(s);

	r.until = 0;
	CHECK(net_encode_decide(&r, &err) == NULL, "a block without an end: refused");
	CHECK_STR(err.code, "invalid", "invalid");
	r.action = NET_HIDE;
	r.reason = "";
	CHECK(net_encode_decide(&r, &err) == NULL, "a hide without a reason: refused");
	r.action = NET_DISMISS;
	r.count = 0;
	CHECK(net_encode_decide(&r, &err) == NULL, "no items: refused");
	r.count = 10001;
	CHECK(net_encode_decide(&r, &err) == NULL, "10,001 items: refused");
	r.count = 1;
	r.note = "\xc3";
	CHECK(net_encode_decide(&r, &err) == NULL, "a note that is not UTF-8: refused");
	CHECK(strstr(err.message, "note") != NULL, "says which");
	r.note = NULL;
	r.action = (enum net_action)9;
	CHECK(net_encode_decide(&r, &err) == NULL, "an unknown action: refused");
	r.action = NET_ESCALATE;
	items[0].target.id = 0;
	CHECK(net_encode_decide(&r, &err) == NULL, "an item without an id: refused");
	items[0].target.id = 12;
	s = net_encode_decide(&r, &err);
	CHECK_STR(s, "{\"items\":[{\"type\":\"comment\",\"id\":12,\"version\":3}],\"action\":\"escalate\"}",
	    "an escalation");
	free(s);
}

static void
test_queue_query(void)
{
	struct net_queue_filter f;
	struct net_error err;
	char *s;

	memset(&f, 0, sizeof f);
	s = net_encode_queue_query(&f, &err);
	CHECK_STR(s, "sort=recent", "no filter");
	free(s);
	f.type = 1 + NET_COMMENT;
	f.reason = 1 + NET_REASON_PERSONAL_DATA;
	f.hidden = -1;
	f.escalated = 1;
	f.min_reports = 3;
	f.sort = NET_SORT_OLDEST;
	f.cursor = "ab+c/=";
	f.limit = 500;
	s = net_encode_queue_query(&f, &err);
	CHECK_STR(s, "sort=oldest&type=comment&reason=personal_data&hidden=false&escalated=true"
	    "&min_reports=3&limit=500&cursor=ab%2Bc%2F%3D", "every filter, the cursor escaped");
	free(s);
	f.limit = 1001;
	CHECK(net_encode_queue_query(&f, &err) == NULL, "a limit beyond 1000: refused");
	f.limit = 0;
	f.reason = 6;
	CHECK(net_encode_queue_query(&f, &err) == NULL, "an unknown reason: refused");
}

static void
test_proposal_query(void)
{
	struct net_proposal_filter f;
	struct net_error err;
	char *s;

	memset(&f, 0, sizeof f);
	s = net_encode_proposal_query(&f, &err);
	CHECK_STR(s, "sort=id", "no filter");
	free(s);
	f.state = "costing";
	f.district = "75011";
	f.department = "";
	f.q = "arbres & bancs";
	f.edition = 2026;
	f.needs_answer = -1;
	f.mine = true;
	f.sort = NET_PROPOSAL_SORT_SUPPORTS;
	f.cursor = "ab+c/=";
	f.limit = 200;
	s = net_encode_proposal_query(&f, &err);
	CHECK_STR(s, "sort=supports&state=costing&district=75011&q=arbres%20%26%20bancs"
	    "&edition=2026&needs_answer=false&mine=true&limit=200&cursor=ab%2Bc%2F%3D",
	    "every filter, an empty one left out, values escaped");
	free(s);
	f.limit = 1001;
	CHECK(net_encode_proposal_query(&f, &err) == NULL, "a limit beyond 1000: refused");
	f.limit = 0;
	f.sort = (enum net_proposal_sort)3;
	CHECK(net_encode_proposal_query(&f, &err) == NULL, "an unknown sort: refused");
}

static void
test_keys(void)
{
	char a[33], b[33];
	struct net_error err;
	size_t i;

	CHECK_INT(net_random_key(a, &err), 0, "a key");
	CHECK_INT(net_random_key(b, &err), 0, "another");
	CHECK_INT(strlen(a), 32, "32 hex digits");
	CHECK_INT(strspn(a, "0123456789abcdef"), 32, "hex only");
	CHECK(strcmp(a, b) != 0, "two keys differ");
	for (i = 0; i < 32 && a[i] == '0'; i++)
		;
	CHECK(i < 32, "not all zero");
}

static void
test_format_time(void)
{
	char out[21];
	time_t t;

	net_format_time(1795338000, out);
	CHECK_STR(out, "2026-11-22T09:00:00Z", "UTC, Z");
	CHECK(net_parse_time(out, &t) == 0 && t == 1795338000, "reads back");
}

int
main(void)
{
	RUN(test_login);
	RUN(test_decide);
	RUN(test_queue_query);
	RUN(test_proposal_query);
	RUN(test_keys);
	RUN(test_format_time);
	return check_done("net_encode");
}
