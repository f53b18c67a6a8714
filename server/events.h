/* Server-Sent Events: a thread LISTENs to the database and keeps the recent
 * events in a ring; SSE connections are parked (suspended) while there is
 * nothing to send, so they hold neither a worker nor a database connection. */
#ifndef EVENTS_H
#define EVENTS_H

#include <microhttpd.h>

struct events;

/* Starts the listening thread; NULL with a message in err. */
struct events *events_start(const char *conninfo, int ring_size, int heartbeat_seconds,
    char *err, size_t errlen);

/*
 * A streaming response for one client, starting after last_id (0: only new
 * events; -1: none given). NULL when out of memory.
 */
struct MHD_Response *events_response(struct events *ev, struct MHD_Connection *conn,
    long long last_id);

/* Ends every stream (before the daemon stops) and the listening thread. */
void events_close_streams(struct events *ev);
void events_stop(struct events *ev);

#endif
