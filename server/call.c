/* Calls the api.* function of a route and maps its answer to HTTP. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "call.h"

char *
call_error_body(const char *code, const char *message, const char *details_json)
{
	json_t *details = NULL, *error, *root;
	char *body;

	if (details_json != NULL && details_json[0] != '\0')
		details = json_loads(details_json, JSON_DECODE_ANY, NULL);
	error = json_pack("{s:s, s:s}", "code", code, "message", message ? message : "");
	if (error != NULL && details != NULL)
		json_object_set_new(error, "details", details);
	else
		json_decref(details);
	root = error ? json_pack("{s:o}", "error", error) : NULL;
	body = root ? json_dumps(root, JSON_COMPACT) : NULL;
	json_decref(root);
	return body;
}

/* SQLSTATE 'PU' + HTTP status: the errors the api functions raise on purpose. */
static int
api_error_status(const char *state)
{
	int status;

	if (state == NULL || strncmp(state, "PU", 2) != 0 ||
	    strspn(state + 2, "0123456789") != 3)
		return 0;
	status = atoi(state + 2);
	return status >= 400 && status <= 599 ? status : 0;
}

static void
map_error(PGconn *conn, PGresult *res, struct call_result *out)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	int status = api_error_status(state);

	if (status != 0) {
		out->status = status;
		out->body = call_error_body(PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY),
		    PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL),
		    PQresultErrorField(res, PG_DIAG_MESSAGE_HINT));
		return;
	}
	if (PQstatus(conn) != CONNECTION_OK || (state && strncmp(state, "08", 2) == 0) ||
	    (state && strncmp(state, "57P", 3) == 0)) {
		out->db_down = 1;
		out->status = 503;
		out->body = call_error_body("database_unavailable",
		    "the database cannot be reached; try again shortly", NULL);
		return;
	}
	if (state && (strcmp(state, "57014") == 0 || strcmp(state, "40001") == 0 ||
	    strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0)) {
		out->status = 503;
		out->body = call_error_body("busy",
		    "the database did not answer in time; try again", NULL);
		return;
	}
	if (state && strncmp(state, "22", 2) == 0) {
		out->status = 400;
		out->body = call_error_body("invalid", "a value is out of range or malformed", NULL);
		return;
	}
	if (state && strncmp(state, "23", 2) == 0) {
		out->status = 409;
		out->body = call_error_body("conflict",
		    "the change conflicts with the current data", NULL);
		return;
	}
	/* Never a stack trace to the client: the detail goes to the log. */
	fprintf(stderr, "pupitred: database error %s: %s", state ? state : "?",
	    PQerrorMessage(conn));
	out->status = 500;
	out->body = call_error_body("internal", "internal error", NULL);
}

/* api.login answers {"error": {...}} itself so that failures are counted. */
static void
login_answer(const char *json, struct call_result *out)
{
	json_t *root = json_loads(json, 0, NULL);
	json_t *error = root ? json_object_get(root, "error") : NULL;

	if (error != NULL) {
		json_t *status = json_object_get(error, "status");

		out->status = json_is_integer(status) ? (int)json_integer_value(status) : 401;
		json_object_del(error, "status");
		out->body = json_dumps(root, JSON_COMPACT);
	} else {
		json_t *login = root ? json_object_get(json_object_get(root, "agent"), "login") : NULL;

		if (json_is_string(login))
			snprintf(out->agent, sizeof out->agent, "%s", json_string_value(login));
		out->body = strdup(json);
	}
	json_decref(root);
}

void
call_api(PGconn *conn, const struct route *route, const char *token, const char *args,
    struct call_result *out)
{
	char sql[1024];
	const char *params[3];
	PGresult *res;

	memset(out, 0, sizeof *out);
	snprintf(out->agent, sizeof out->agent, "-");
	out->status = route->ok_status;
	if (route->roles == NULL) {
		/* function names come from the route table, never from a request */
		snprintf(sql, sizeof sql, "select api.%s($1::jsonb)::text", route->function);
		params[0] = args;
		res = PQexecParams(conn, sql, 1, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
			map_error(conn, res, out);
		else
			login_answer(PQgetvalue(res, 0, 0), out);
		PQclear(res);
		return;
	}
	/*
	 * One round trip: who the token belongs to, and the call only when
	 * their role may use this route (the function checks its own scope).
	 */
	snprintf(sql, sizeof sql,
	    "with who as (select a.login, a.role::text as role"
	    " from sessions s join agents a on a.id = s.agent_id"
	    " where s.token_hash = digest($1, 'sha256') and s.revoked_at is null"
	    " and s.expires_at > now() and a.active)"
	    " select (select login from who), (select role from who),"
	    " case when (select role from who) = 'admin'"
	    " or (select role from who) = any($3::text[])"
	    " then api.%s($1, $2::jsonb)::text end", route->function);
	params[0] = token ? token : "";
	params[1] = args;
	params[2] = route->roles;
	res = PQexecParams(conn, sql, 3, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		map_error(conn, res, out);
	} else if (PQgetisnull(res, 0, 0)) {
		out->status = 401;
		out->body = call_error_body("unauthenticated",
		    token ? "the session is unknown, expired or closed: log in again"
			  : "this route needs an Authorization: Bearer token", NULL);
	} else {
		snprintf(out->agent, sizeof out->agent, "%s", PQgetvalue(res, 0, 0));
		if (PQgetisnull(res, 0, 2)) {
			char message[160];

			snprintf(message, sizeof message, "the role %s cannot use this route",
			    PQgetvalue(res, 0, 1));
			out->status = 403;
			out->body = call_error_body("forbidden", message, NULL);
		} else {
			out->body = strdup(PQgetvalue(res, 0, 2));
		}
	}
	PQclear(res);
}
