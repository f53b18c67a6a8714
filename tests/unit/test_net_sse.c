/* net/sse.c: a stream of Server-Sent Events read whole, byte by byte and
 * in random pieces gives the same records. */
#include <stdlib.h>
#include <string.h>

#include "../../net/sse.h"
#include "check.h"

struct seen {
	char text[4096];
	size_t len;
	int records;
};

static void
record(void *arg, const char *event, long long id, const char *data, size_t len)
{
	struct seen *s = arg;
	int n = snprintf(s->text + s->len, sizeof s->text - s->len, "[%s|%lld|%.*s]", event, id,
	    (int)len, data);

	if (n > 0 && (size_t)n < sizeof s->text - s->len)
		s->len += (size_t)n;
	s->records++;
}

/* What the server sends (server/events.c), with the rules' odd corners. */
static const char stream[] =
    ": connected\n\n"
    "id: 5\nevent: report.new\ndata: {\"id\":5,\"payload\":{\"target\":{\"type\":\"comment\",\"id\":1}}}\n\n"
    ": heartbeat\n\n"
    "event: reset\ndata: {}\n\n"
    "id: 6\r\nevent: moderation.decided\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\n"
    "id: 7\revent: proposal.state\rdata:no-space\r\r"
    "data\n\n"
    "event: ignored-no-data\nid: 8\n\n"
    "unknown: field\nid: 9x\ndata:  two spaces\n\n";

static const char expected[] =
    "[report.new|5|{\"id\":5,\"payload\":{\"target\":{\"type\":\"comment\",\"id\":1}}}]"
    "[reset|0|{}]"
    "[moderation.decided|6|{\"a\":\n1}]"
    "[proposal.state|7|no-space]"
    "[message|0|]"
    "[message|0| two spaces]";

static void
test_whole(void)
{
	struct net_sse p;
	struct seen s = { "", 0, 0 };

	net_sse_init(&p);
	CHECK_INT(net_sse_feed(&p, stream, strlen(stream), record, &s), 0, "fed whole");
	CHECK_STR(s.text, expected, "the records");
	CHECK_INT(p.last_id, 8, "the last id: from a record without data too, not from 9x");
	net_sse_free(&p);
}

static void
test_bytes(void)
{
	struct net_sse p;
	struct seen s = { "", 0, 0 };
	size_t i;
	int rc = 0;

	net_sse_init(&p);
	for (i = 0; i < strlen(stream); i++)
		rc |= net_sse_feed(&p, stream + i, 1, record, &s);
	CHECK_INT(rc, 0, "fed byte by byte");
	CHECK_STR(s.text, expected, "the same records");
	net_sse_free(&p);
}

static void
test_random_splits(void)
{
	size_t len = strlen(stream);
	int round, bad = 0;

	srand(20261122);
	for (round = 0; round < 500; round++) {
		struct net_sse p;
		struct seen s = { "", 0, 0 };
		size_t at = 0;

		net_sse_init(&p);
		while (at < len) {
			size_t n = (size_t)(rand() % 40);

			if (n > len - at)
				n = len - at;
			if (net_sse_feed(&p, stream + at, n, record, &s) != 0)
				bad++;
			at += n;
		}
		if (strcmp(s.text, expected) != 0 || p.last_id != 8)
			bad++;
		net_sse_free(&p);
	}
	CHECK_INT(bad, 0, "500 random splits give the same records");
}

static void
test_partial_and_restart(void)
{
	struct net_sse p;
	struct seen s = { "", 0, 0 };
	static const char a[] = "id: 3\ndata: {\"x\":", b[] = "id: 4\ndata: {}\n\n";

	net_sse_init(&p);
	net_sse_feed(&p, a, strlen(a), record, &s);
	CHECK_INT(s.records, 0, "nothing before the blank line");
	net_sse_restart(&p);	/* the connection dropped mid-record */
	net_sse_feed(&p, b, strlen(b), record, &s);
	CHECK_STR(s.text, "[message|4|{}]", "the half record is forgotten");
	CHECK_INT(p.last_id, 4, "last id kept across");
	net_sse_free(&p);
}

static void
test_bom_and_limits(void)
{
	struct net_sse p;
	struct seen s = { "", 0, 0 };
	static const char bom[] = "\xef\xbb\xbf" "data: x\n\n";
	char *big;

	net_sse_init(&p);
	net_sse_feed(&p, bom, 2, record, &s);
	net_sse_feed(&p, bom + 2, strlen(bom) - 2, record, &s);
	CHECK_STR(s.text, "[message|0|x]", "a BOM in pieces is skipped");
	net_sse_free(&p);

	big = malloc(NET_SSE_MAX_LINE + 16);
	CHECK(big != NULL, "memory");
	if (big == NULL)
		return;
	memcpy(big, "data: ", 6);
	memset(big + 6, 'y', NET_SSE_MAX_LINE + 10);
	net_sse_init(&p);
	CHECK_INT(net_sse_feed(&p, big, NET_SSE_MAX_LINE + 16, record, &s), -1,
	    "a line beyond the limit: the stream is dropped");
	net_sse_free(&p);
	free(big);
}

int
main(void)
{
	RUN(test_whole);
	RUN(test_bytes);
	RUN(test_random_splits);
	RUN(test_partial_and_restart);
	RUN(test_bom_and_limits);
	return check_done("net_sse");
}
