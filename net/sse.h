/* A reader of Server-Sent Events (text/event-stream) fed the bytes as they
 * come: records may arrive split anywhere, several in one read. */
#ifndef NET_SSE_H
#define NET_SSE_H

#include <stdbool.h>
#include <stddef.h>

#define NET_SSE_MAX_LINE (1u << 20)
#define NET_SSE_MAX_DATA (4u << 20)

struct net_sse {
	char *line;		/* the line being read */
	size_t line_len, line_cap;
	char *data;		/* the data lines of the record, joined by \n */
	size_t data_len, data_cap;
	bool has_data;
	char event[64];		/* the record's type; "" means "message" */
	long long record_id;	/* the id: of this record, 0 when none */
	long long last_id;	/* the last id seen, for Last-Event-ID */
	long retry_ms;		/* the server's retry: hint, 0 when none */
	bool after_cr;		/* an LF right after a CR ends no line */
	unsigned bom;		/* bytes of a leading BOM matched so far; 3: past it */
};

/* One whole record: its type ("message" when it gave none), its id (0 when
 * it had no id: line) and its data (NUL-terminated, without the last \n). */
typedef void (*net_sse_cb)(void *arg, const char *event, long long id, const char *data,
    size_t len);

void net_sse_init(struct net_sse *p);
/* Forgets a partial record (a new connection), keeps last_id. */
void net_sse_restart(struct net_sse *p);
void net_sse_free(struct net_sse *p);

/* Reads len bytes, calling cb for each record they complete. -1 when a
 * line or a record is too long or memory runs out: drop the connection. */
int net_sse_feed(struct net_sse *p, const char *bytes, size_t len, net_sse_cb cb, void *arg);

#endif
