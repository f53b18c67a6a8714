/* Calls the api.* function of a route on one database connection and turns
 * its answer, or its error, into an HTTP status and a JSON body. */
#ifndef CALL_H
#define CALL_H

#include <libpq-fe.h>

#include "routes.h"

struct call_result {
	int status;
	char *body;		/* JSON, malloc'd */
	char agent[72];		/* login of the caller, "-" when unknown */
	int db_down;		/* the connection failed: the pool resets it */
};

/*
 * Runs route->function with the token (may be NULL) and the JSON args.
 * Always fills out (body NULL only when out of memory).
 */
void call_api(PGconn *conn, const struct route *route, const char *token,
    const char *args, struct call_result *out);

/* A JSON error body {"error": {"code", "message"[, "details"]}}, malloc'd. */
char *call_error_body(const char *code, const char *message, const char *details_json);

#endif
