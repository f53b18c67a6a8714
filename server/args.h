/* Turns what a request carries (JSON body, query string, path id, headers)
 * into the JSON object handed to an api.* function, within bounds. */
#ifndef ARGS_H
#define ARGS_H

#include <stddef.h>
#include <jansson.h>

#define ARGS_MAX_DEPTH 32
#define ARGS_MAX_STRING 262144	/* bytes of one JSON string */
#define ARGS_MAX_QUERY_VALUE 1000

/* Why a request was refused: an HTTP status and a stable code. */
struct args_error {
	int status;
	const char *code;
	char message[200];
};

/* Parses and bounds a JSON object body; NULL with e filled. */
json_t *args_from_body(const char *body, size_t len, struct args_error *e);

/*
 * Adds the query parameter key=value to args, typed by spec ("name:type
 * ...", types s string, i integer, b boolean). Unknown names, repeated names
 * and values of the wrong type are refused: -1 with e filled.
 */
int args_add_query(json_t *args, const char *spec, const char *key, const char *value,
    struct args_error *e);

/* Adds "idempotency_key" from the header of that name; -1 when malformed. */
int args_add_idempotency_key(json_t *args, const char *key, struct args_error *e);

#endif
