/* The routes of /v1: which api.* function answers each, who may call it. */
#ifndef ROUTES_H
#define ROUTES_H

#include <stddef.h>

enum route_args {
	ARGS_NONE,	/* no request data */
	ARGS_BODY,	/* a JSON object body */
	ARGS_QUERY,	/* query-string parameters, typed by route->query */
};

struct route {
	const char *method;
	const char *path;	/* a segment "{name}" matches a positive integer,
				   passed to the function as args.name */
	const char *function;	/* the api.* function, NULL for special routes */
	const char *roles;	/* PostgreSQL text[] literal; NULL: no session needed */
	enum route_args args;
	const char *query;	/* allowed parameters: "name:type ..." (s, i, b) */
	int ok_status;		/* 200, or 201 for creations */
};

/* Terminated by a route whose method is NULL. */
extern const struct route routes[];

struct route_param {
	char name[32];		/* empty when the path has no parameter */
	long long value;
};

/*
 * The route of method and path, or NULL; param receives the path's
 * parameter. *path_known is set when the path exists under another method
 * (405 rather than 404).
 */
const struct route *route_find(const char *method, const char *path,
    struct route_param *param, int *path_known);

#endif
