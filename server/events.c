/* Server-Sent Events fed by LISTEN/NOTIFY, with replay from a ring. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "db.h"
#include "events.h"

struct event {
	long long id;
	char *text;	/* the whole SSE record: "id: ...\nevent: ...\ndata: ...\n\n" */
};

struct client {
	struct events *ev;
	struct MHD_Connection *conn;
	long long last_id;
	char *pending;		/* what is left to write of the current record */
	size_t pending_len, pending_off;
	time_t last_write;
	int parked;
	struct client *next;
};

struct events {
	pthread_mutex_t lock;
	pthread_t thread;
	char *conninfo;
	int heartbeat;
	int stopping;
	int closing;		/* streams end at their next read */
	struct event *ring;
	int ring_size, ring_start, ring_count;
	long long last_id;	/* newest event read from the database */
	struct client *clients;
};

static long long
ring_oldest(const struct events *ev)
{
	return ev->ring_count ? ev->ring[ev->ring_start].id : ev->last_id + 1;
}

/* The first event after id, or NULL; called with the lock held. */
static struct event *
ring_after(struct events *ev, long long id)
{
	int i;

	for (i = 0; i < ev->ring_count; i++) {
		struct event *e = &ev->ring[(ev->ring_start + i) % ev->ring_size];

		if (e->id > id)
			return e;
	}
	return NULL;
}

static void
ring_push(struct events *ev, long long id, char *text)
{
	int slot;

	if (ev->ring_count == ev->ring_size) {
		free(ev->ring[ev->ring_start].text);
		ev->ring_start = (ev->ring_start + 1) % ev->ring_size;
		ev->ring_count--;
	}
	slot = (ev->ring_start + ev->ring_count) % ev->ring_size;
	ev->ring[slot].id = id;
	ev->ring[slot].text = text;
	ev->ring_count++;
	ev->last_id = id;
}

static void
wake_parked(struct events *ev)
{
	struct client *c;

	for (c = ev->clients; c != NULL; c = c->next) {
		if (c->parked) {
			c->parked = 0;
			MHD_resume_connection(c->conn);
		}
	}
}

static char *
format_record(long long id, const char *type, const char *data)
{
	size_t n = strlen(type) + strlen(data) + 64;
	char *text = malloc(n);

	if (text != NULL)
		snprintf(text, n, "id: %lld\nevent: %s\ndata: %s\n\n", id, type, data);
	return text;
}

/* Reads the events after ev->last_id into the ring; -1 when the query fails. */
static int
fetch_new(struct events *ev, PGconn *conn)
{
	for (;;) {
		char after[24];
		const char *params[1] = { after };
		PGresult *res;
		int i, n;

		pthread_mutex_lock(&ev->lock);
		snprintf(after, sizeof after, "%lld", ev->last_id);
		pthread_mutex_unlock(&ev->lock);
		res = PQexecParams(conn,
		    "select id, type, jsonb_build_object('id', id, 'type', type,"
		    " 'at', at, 'payload', payload)::text"
		    " from events where id > $1::bigint order by id limit 500",
		    1, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			PQclear(res);
			return -1;
		}
		n = PQntuples(res);
		pthread_mutex_lock(&ev->lock);
		for (i = 0; i < n; i++) {
			char *text = format_record(atoll(PQgetvalue(res, i, 0)),
			    PQgetvalue(res, i, 1), PQgetvalue(res, i, 2));

			if (text == NULL)
				break;
			ring_push(ev, atoll(PQgetvalue(res, i, 0)), text);
		}
		if (n > 0)
			wake_parked(ev);
		pthread_mutex_unlock(&ev->lock);
		PQclear(res);
		if (n < 500)
			return 0;
	}
}

/* Where to start on a fresh database connection: the last ring_size events. */
static int
start_point(struct events *ev, PGconn *conn)
{
	PGresult *res;
	char size[16];
	const char *params[1] = { size };

	snprintf(size, sizeof size, "%d", ev->ring_size);
	res = PQexecParams(conn, "select coalesce(max(id), 0) - $1::int from events",
	    1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		return -1;
	}
	pthread_mutex_lock(&ev->lock);
	if (ev->last_id == 0 && ev->ring_count == 0) {
		long long from = atoll(PQgetvalue(res, 0, 0));

		ev->last_id = from > 0 ? from : 0;
	}
	pthread_mutex_unlock(&ev->lock);
	PQclear(res);
	return 0;
}

static int
is_stopping(struct events *ev)
{
	int stopping;

	pthread_mutex_lock(&ev->lock);
	stopping = ev->stopping;
	pthread_mutex_unlock(&ev->lock);
	return stopping;
}

static int
listen_to(PGconn *conn)
{
	PGresult *res = PQexec(conn, "listen pupitre_events");
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;

	PQclear(res);
	return ok ? 0 : -1;
}

static void *
listen_loop(void *arg)
{
	struct events *ev = arg;
	PGconn *conn = NULL;
	time_t last_beat = time(NULL);
	char err[256];
	int backoff = 1;

	while (!is_stopping(ev)) {
		struct pollfd pfd;
		PGnotify *n;
		int dirty = 0;

		if (conn == NULL) {
			conn = db_connect(ev->conninfo, 0, err, sizeof err);
			if (conn != NULL && (start_point(ev, conn) != 0 || listen_to(conn) != 0)) {
				PQfinish(conn);
				conn = NULL;
			}
			if (conn == NULL) {
				sleep((unsigned)backoff);
				backoff = backoff < 8 ? backoff * 2 : 8;
				continue;
			}
			backoff = 1;
			dirty = 1;	/* catch up on what happened while away */
		}
		pfd.fd = PQsocket(conn);
		pfd.events = POLLIN;
		if (!dirty && poll(&pfd, 1, 1000) > 0 && !PQconsumeInput(conn)) {
			PQfinish(conn);
			conn = NULL;
			continue;
		}
		while ((n = PQnotifies(conn)) != NULL) {
			dirty = 1;
			PQfreemem(n);
		}
		if (dirty && fetch_new(ev, conn) != 0) {
			PQfinish(conn);
			conn = NULL;
			continue;
		}
		if (time(NULL) - last_beat >= 1) {
			/* parked streams wake to send their heartbeat when due */
			pthread_mutex_lock(&ev->lock);
			wake_parked(ev);
			pthread_mutex_unlock(&ev->lock);
			last_beat = time(NULL);
		}
	}
	if (conn != NULL)
		PQfinish(conn);
	return NULL;
}

struct events *
events_start(const char *conninfo, int ring_size, int heartbeat, char *err, size_t errlen)
{
	struct events *ev = calloc(1, sizeof *ev);

	if (ev == NULL || (ev->conninfo = strdup(conninfo)) == NULL ||
	    (ev->ring = calloc((size_t)ring_size, sizeof *ev->ring)) == NULL) {
		snprintf(err, errlen, "out of memory");
		if (ev != NULL)
			free(ev->conninfo);
		free(ev);
		return NULL;
	}
	ev->ring_size = ring_size;
	ev->heartbeat = heartbeat;
	pthread_mutex_init(&ev->lock, NULL);
	if (pthread_create(&ev->thread, NULL, listen_loop, ev) != 0) {
		snprintf(err, errlen, "cannot start the events thread");
		free(ev->ring);
		free(ev->conninfo);
		free(ev);
		return NULL;
	}
	return ev;
}

static ssize_t
stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct client *c = cls;
	struct events *ev = c->ev;
	ssize_t written = 0;

	(void)pos;
	pthread_mutex_lock(&ev->lock);
	if (ev->closing) {
		pthread_mutex_unlock(&ev->lock);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	if (c->pending == NULL) {
		struct event *e;

		if (c->last_id + 1 < ring_oldest(ev)) {
			/* events were lost to this client: tell it to reload */
			c->last_id = ring_oldest(ev) - 1;
			c->pending = strdup("event: reset\ndata: {}\n\n");
		} else if ((e = ring_after(ev, c->last_id)) != NULL) {
			c->last_id = e->id;
			c->pending = strdup(e->text);
		} else if (time(NULL) - c->last_write >= ev->heartbeat) {
			c->pending = strdup(": heartbeat\n\n");
		}
		c->pending_len = c->pending ? strlen(c->pending) : 0;
		c->pending_off = 0;
	}
	if (c->pending != NULL) {
		size_t n = c->pending_len - c->pending_off;

		if (n > max)
			n = max;
		memcpy(buf, c->pending + c->pending_off, n);
		c->pending_off += n;
		written = (ssize_t)n;
		if (c->pending_off == c->pending_len) {
			free(c->pending);
			c->pending = NULL;
		}
		c->last_write = time(NULL);
	} else {
		/* nothing to say: park until the events thread wakes us */
		c->parked = 1;
		MHD_suspend_connection(c->conn);
	}
	pthread_mutex_unlock(&ev->lock);
	return written;
}

static void
stream_free(void *cls)
{
	struct client *c = cls;
	struct events *ev = c->ev;
	struct client **p;

	pthread_mutex_lock(&ev->lock);
	for (p = &ev->clients; *p != NULL; p = &(*p)->next) {
		if (*p == c) {
			*p = c->next;
			break;
		}
	}
	pthread_mutex_unlock(&ev->lock);
	free(c->pending);
	free(c);
}

struct MHD_Response *
events_response(struct events *ev, struct MHD_Connection *conn, long long last_id)
{
	struct client *c = calloc(1, sizeof *c);
	struct MHD_Response *r;

	if (c == NULL)
		return NULL;
	c->ev = ev;
	c->conn = conn;
	c->last_write = time(NULL);
	pthread_mutex_lock(&ev->lock);
	c->last_id = last_id >= 0 ? last_id : ev->last_id;
	/* A first comment at once, so that the client knows it is connected. */
	c->pending = strdup(": connected\n\n");
	c->pending_len = c->pending ? strlen(c->pending) : 0;
	c->next = ev->clients;
	ev->clients = c;
	pthread_mutex_unlock(&ev->lock);
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, stream_read, c,
	    stream_free);
	if (r == NULL) {
		stream_free(c);
		return NULL;
	}
	MHD_add_response_header(r, "Content-Type", "text/event-stream");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	return r;
}

void
events_close_streams(struct events *ev)
{
	pthread_mutex_lock(&ev->lock);
	ev->closing = 1;
	wake_parked(ev);
	pthread_mutex_unlock(&ev->lock);
}

void
events_stop(struct events *ev)
{
	int i;

	if (ev == NULL)
		return;
	pthread_mutex_lock(&ev->lock);
	ev->stopping = 1;
	pthread_mutex_unlock(&ev->lock);
	pthread_join(ev->thread, NULL);
	for (i = 0; i < ev->ring_count; i++)
		free(ev->ring[(ev->ring_start + i) % ev->ring_size].text);
	free(ev->ring);
	free(ev->conninfo);
	pthread_mutex_destroy(&ev->lock);
	free(ev);
}
