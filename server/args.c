/* Turns what a request carries into the JSON arguments of an api.* function. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

static int
refuse(struct args_error *e, int status, const char *code, const char *message)
{
	e->status = status;
	e->code = code;
	snprintf(e->message, sizeof e->message, "%s", message);
	return -1;
}

/* Depth and string lengths: jansson checks syntax and UTF-8, not size. */
static int
within_bounds(const json_t *v, int depth)
{
	const char *key;
	json_t *item;
	size_t i;

	if (depth > ARGS_MAX_DEPTH)
		return 0;
	switch (json_typeof(v)) {
	case JSON_STRING:
		return json_string_length(v) <= ARGS_MAX_STRING;
	case JSON_ARRAY:
		json_array_foreach(v, i, item)
			if (!within_bounds(item, depth + 1))
				return 0;
		return 1;
	case JSON_OBJECT:
		json_object_foreach((json_t *)v, key, item)
			if (strlen(key) > 200 || !within_bounds(item, depth + 1))
				return 0;
		return 1;
	default:
		return 1;
	}
}

json_t *
args_from_body(const char *body, size_t len, struct args_error *e)
{
	json_error_t error;
	json_t *v;

	if (len == 0)
		return json_object();
	v = json_loadb(body, len, JSON_REJECT_DUPLICATES, &error);
	if (v == NULL) {
		refuse(e, 400, "invalid_json", "");
		snprintf(e->message, sizeof e->message,
		    "the body is not valid JSON: %s at byte %d", error.text, error.position);
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		refuse(e, 400, "invalid_json", "the body must be a JSON object");
		return NULL;
	}
	if (!within_bounds(v, 0)) {
		json_decref(v);
		refuse(e, 413, "too_large", "the body nests too deep or has too long a string");
		return NULL;
	}
	return v;
}

/* The type letter of name in spec, or 0 when spec does not allow it. */
static char
query_type(const char *spec, const char *name)
{
	size_t n = strlen(name);
	const char *p = spec;

	while (p != NULL && *p != '\0') {
		while (*p == ' ')
			p++;
		if (strncmp(p, name, n) == 0 && p[n] == ':')
			return p[n + 1];
		p = strchr(p, ' ');
	}
	return 0;
}

int
args_add_query(json_t *args, const char *spec, const char *key, const char *value,
    struct args_error *e)
{
	char message[200];
	char type = spec != NULL && key != NULL ? query_type(spec, key) : 0;
	json_t *v = NULL;

	if (value == NULL)
		value = "";
	if (type == 0) {
		snprintf(message, sizeof message, "unknown parameter '%.60s'", key ? key : "");
		return refuse(e, 400, "invalid", message);
	}
	if (json_object_get(args, key) != NULL) {
		snprintf(message, sizeof message, "parameter '%.60s' given twice", key);
		return refuse(e, 400, "invalid", message);
	}
	if (strlen(value) > ARGS_MAX_QUERY_VALUE)
		return refuse(e, 413, "too_large", "a query parameter is too long");
	if (type == 'i') {
		char *end;
		long long n;

		errno = 0;
		n = strtoll(value, &end, 10);
		if (errno != 0 || end == value || *end != '\0') {
			snprintf(message, sizeof message, "parameter '%.60s' must be an integer", key);
			return refuse(e, 400, "invalid", message);
		}
		v = json_integer(n);
	} else if (type == 'b') {
		if (strcmp(value, "true") == 0 || strcmp(value, "1") == 0)
			v = json_true();
		else if (strcmp(value, "false") == 0 || strcmp(value, "0") == 0)
			v = json_false();
		else {
			snprintf(message, sizeof message, "parameter '%.60s' must be true or false", key);
			return refuse(e, 400, "invalid", message);
		}
	} else {
		v = json_string(value);	/* NULL when not UTF-8 */
		if (v == NULL) {
			snprintf(message, sizeof message, "parameter '%.60s' is not UTF-8", key);
			return refuse(e, 400, "invalid", message);
		}
	}
	if (v == NULL || json_object_set_new(args, key, v) != 0)
		return refuse(e, 500, "internal", "out of memory");
	return 0;
}

int
args_add_idempotency_key(json_t *args, const char *key, struct args_error *e)
{
	size_t i, n = strlen(key);
	json_t *v;

	if (n == 0 || n > 200)
		return refuse(e, 400, "invalid", "Idempotency-Key must be 1 to 200 characters");
	for (i = 0; i < n; i++)
		if ((unsigned char)key[i] < 0x21 || (unsigned char)key[i] > 0x7e)
			return refuse(e, 400, "invalid",
			    "Idempotency-Key must be printable ASCII without spaces");
	v = json_string(key);
	if (v == NULL || json_object_set_new(args, "idempotency_key", v) != 0)
		return refuse(e, 500, "internal", "out of memory");
	return 0;
}
