/* The decoding context of net/'s answers: where the decoder is, for an
 * error message naming the field, and typed reads of the fields. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/i18n.h"
#include "codec.h"
#include "dec.h"
#include "mem.h"

/* Index of s in names[0..n), -1 when absent. */
int
name_index(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(names[i], s) == 0)
			return i;
	return -1;
}





/* What each kind of field must be, for the messages. */
static const char *const want_names[] = {
	N_("a string"), N_("an integer"), N_("true or false"), N_("a time"),
	N_("an object"), N_("a list"), N_("one of the known values"),
};

void
dec_fail(struct dec *d, const char *key, enum want want, bool missing)
{
	if (d->failed)
		return;
	d->failed = true;
	if (missing)
		net_error_set(d->err, 0, "malformed", false,
		    _("unexpected answer from the server: %s%s%s is missing"),
		    d->path, d->plen && key ? "." : "", key ? key : "");
	else
		net_error_set(d->err, 0, "malformed", false,
		    _("unexpected answer from the server: %s%s%s should be %s"),
		    d->path, d->plen && key ? "." : "", key ? key : "", _(want_names[want]));
}

void
dec_nomem(struct dec *d)
{
	if (d->failed)
		return;
	d->failed = true;
	net_error_set(d->err, 0, "nomem", false, "%s", _("out of memory"));
}

/* Enters a field or an element; returns the length to restore with dec_pop. */
size_t
dec_push(struct dec *d, const char *key, long index)
{
	size_t old = d->plen;
	int n;

	/* "costing.lines[1]": a key after another gets its dot, indexed or not */
	if (index >= 0)
		n = snprintf(d->path + d->plen, sizeof d->path - d->plen, "%s%s[%ld]",
		    d->plen && key && *key ? "." : "", key ? key : "", index);
	else
		n = snprintf(d->path + d->plen, sizeof d->path - d->plen, "%s%s",
		    d->plen ? "." : "", key);
	if (n > 0)
		d->plen += (size_t)n < sizeof d->path - d->plen ? (size_t)n
		    : sizeof d->path - d->plen - 1;
	return old;
}

void
dec_pop(struct dec *d, size_t old)
{
	d->plen = old;
	d->path[old] = '\0';
}

/* The value of key, checking presence; NULL (absent or null) when allowed. */
json_t *
dec_get(struct dec *d, json_t *obj, const char *key, int flags, enum want want)
{
	json_t *v = json_object_get(obj, key);

	if (d->failed)
		return NULL;
	if (v == NULL) {
		if (flags != OPTIONAL)
			dec_fail(d, key, want, true);
		return NULL;
	}
	if (json_is_null(v)) {
		if (flags == REQUIRED)
			dec_fail(d, key, want, false);
		return NULL;
	}
	return v;
}

const char *
dec_str(struct dec *d, json_t *obj, const char *key, int flags)
{
	json_t *v = dec_get(d, obj, key, flags, W_STRING);
	const char *s;

	if (v == NULL)
		return NULL;
	if (!json_is_string(v)) {
		dec_fail(d, key, W_STRING, false);
		return NULL;
	}
	s = net_mem_strndup(d->mem, json_string_value(v), json_string_length(v));
	if (s == NULL)
		dec_nomem(d);
	return s;
}

long long
dec_int(struct dec *d, json_t *obj, const char *key, int flags, long long min, long long max)
{
	json_t *v = dec_get(d, obj, key, flags, W_INTEGER);
	long long n;

	if (v == NULL)
		return 0;
	if (!json_is_integer(v)) {
		dec_fail(d, key, W_INTEGER, false);
		return 0;
	}
	n = (long long)json_integer_value(v);
	if (n < min || n > max) {
		dec_fail(d, key, W_INTEGER, false);
		return 0;
	}
	return n;
}

bool
dec_bool(struct dec *d, json_t *obj, const char *key, int flags)
{
	json_t *v = dec_get(d, obj, key, flags, W_BOOL);

	if (v == NULL)
		return false;
	if (!json_is_boolean(v)) {
		dec_fail(d, key, W_BOOL, false);
		return false;
	}
	return json_is_true(v);
}

time_t
dec_time(struct dec *d, json_t *obj, const char *key, int flags)
{
	json_t *v = dec_get(d, obj, key, flags, W_TIME);
	time_t t;

	if (v == NULL)
		return 0;
	if (!json_is_string(v) || net_parse_time(json_string_value(v), &t) != 0) {
		dec_fail(d, key, W_TIME, false);
		return 0;
	}
	return t;
}

json_t *
dec_obj(struct dec *d, json_t *obj, const char *key, int flags)
{
	json_t *v = dec_get(d, obj, key, flags, W_OBJECT);

	if (v != NULL && !json_is_object(v)) {
		dec_fail(d, key, W_OBJECT, false);
		return NULL;
	}
	return v;
}

json_t *
dec_array(struct dec *d, json_t *obj, const char *key, int flags)
{
	json_t *v = dec_get(d, obj, key, flags, W_ARRAY);

	if (v != NULL && !json_is_array(v)) {
		dec_fail(d, key, W_ARRAY, false);
		return NULL;
	}
	return v;
}

/* A string that must be one of names: its index, or -1 (absent/null when allowed). */
int
dec_enum(struct dec *d, json_t *obj, const char *key, int flags, const char *const *names,
    int n)
{
	json_t *v = dec_get(d, obj, key, flags, W_ENUM);
	int i;

	if (v == NULL)
		return -1;
	if (!json_is_string(v) || (i = name_index(names, n, json_string_value(v))) < 0) {
		dec_fail(d, key, W_ENUM, false);
		return -1;
	}
	return i;
}

/* An array of n elements from the answer's memory. */
void *
dec_alloc(struct dec *d, size_t n, size_t size)
{
	void *p;

	if (d->failed)
		return NULL;
	if (n != 0 && size > SIZE_MAX / n) {
		dec_nomem(d);
		return NULL;
	}
	p = net_mem_alloc(d->mem, n * size);
	if (p == NULL)
		dec_nomem(d);
	return p;
}

/* Parses the answer and prepares the context; the root must be an object. */
json_t *
dec_start(struct dec *d, const char *json, size_t len, struct net_error *err)
{
	json_error_t jerr;
	json_t *root;

	memset(d, 0, sizeof *d);
	d->err = err;
	if (json == NULL) {
		net_error_set(err, 0, "malformed", false, "%s",
		    _("unexpected answer from the server: it is empty"));
		return NULL;
	}
	if (len > NET_MAX_ANSWER) {
		net_error_set(err, 0, "malformed", false, "%s",
		    _("unexpected answer from the server: it is too large"));
		return NULL;
	}
	root = json_loadb(json, len, 0, &jerr);
	if (root == NULL) {
		net_error_set(err, 0, "malformed", false,
		    _("unexpected answer from the server: not JSON (%s at byte %d)"),
		    jerr.text, jerr.position);
		return NULL;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		net_error_set(err, 0, "malformed", false, "%s",
		    _("unexpected answer from the server: not a JSON object"));
		return NULL;
	}
	d->mem = net_mem_new();
	if (d->mem == NULL) {
		json_decref(root);
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
		return NULL;
	}
	return root;
}

/* Ends decoding: 0, or -1 with the memory freed. */
int
dec_end(struct dec *d, json_t *root, void **mem)
{
	json_decref(root);
	if (d->failed) {
		net_mem_free(d->mem);
		*mem = NULL;
		return -1;
	}
	*mem = d->mem;
	return 0;
}
