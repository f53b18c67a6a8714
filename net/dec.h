/* The decoding context shared by net/'s decoders (decode.c and the files
 * of each group of operations), and the parts their answers share
 * (dec_parts.c). Inside net/ only. */
#ifndef NET_DEC_H
#define NET_DEC_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "net.h"

struct dec {
	struct net_mem *mem;
	struct net_error *err;
	char path[128];
	size_t plen;
	bool failed;
};

/* How a field may be: REQUIRED, NULLABLE (present, maybe null), OPTIONAL (absent or null). */
enum { REQUIRED, NULLABLE, OPTIONAL };

enum want { W_STRING, W_INTEGER, W_BOOL, W_TIME, W_OBJECT, W_ARRAY, W_ENUM };

/* Index of s in names[0..n), -1 when absent. */
int name_index(const char *const *names, int n, const char *s);
/* Fails the decoding with a message naming the field (once: the first failure stays). */
void dec_fail(struct dec *d, const char *key, enum want want, bool missing);
void dec_nomem(struct dec *d);
/* Enters a field or an element; returns the length to restore with dec_pop. */
size_t dec_push(struct dec *d, const char *key, long index);
void dec_pop(struct dec *d, size_t old);
/* The value of key, checking presence; NULL (absent or null) when allowed. */
json_t *dec_get(struct dec *d, json_t *obj, const char *key, int flags, enum want want);
const char *dec_str(struct dec *d, json_t *obj, const char *key, int flags);
long long dec_int(struct dec *d, json_t *obj, const char *key, int flags, long long min,
    long long max);
bool dec_bool(struct dec *d, json_t *obj, const char *key, int flags);
time_t dec_time(struct dec *d, json_t *obj, const char *key, int flags);
json_t *dec_obj(struct dec *d, json_t *obj, const char *key, int flags);
json_t *dec_array(struct dec *d, json_t *obj, const char *key, int flags);
/* A string that must be one of names: its index, or -1 (absent/null when allowed). */
int dec_enum(struct dec *d, json_t *obj, const char *key, int flags,
    const char *const *names, int n);
/* An array of n elements from the answer's memory. */
void *dec_alloc(struct dec *d, size_t n, size_t size);
/* Parses the answer and prepares the context; the root must be an object. */
json_t *dec_start(struct dec *d, const char *json, size_t len, struct net_error *err);
/* Ends decoding: 0, or -1 with the memory freed. */
int dec_end(struct dec *d, json_t *root, void **mem);

/* ---- parts of several answers (dec_parts.c) ---- */

/* The role named name; NET_ROLE_UNKNOWN for one this console does not know yet. */
enum net_role dec_role(const char *name);
/* obj: {type, id}, a comment or a proposal. */
void dec_target(struct dec *d, json_t *obj, struct net_target *t);
/* key: {id?, login?, display_name?} or null; the name to show (NULL: none). */
const char *dec_agent_ref(struct dec *d, json_t *obj, const char *key);
/* key: {id, display_name} (flags as dec_get's): into *id and *name. */
void dec_person(struct dec *d, json_t *obj, const char *key, int flags, long long *id,
    const char **name);
/* key: {code, name} or null: the strings asked for (code or name may be NULL). */
void dec_code_name(struct dec *d, json_t *obj, const char *key, const char **code,
    const char **name);
/* The list of objects under key (flags as dec_get's; absent or null: none),
 * each read by one into an array of *n elements of size bytes from the
 * answer's memory. */
void *dec_objects(struct dec *d, json_t *obj, const char *key, int flags, size_t size,
    size_t *n, void (*one)(struct dec *, json_t *, void *));
/* An item's "status" of a bulk answer; NET_ITEM_INVALID when unreadable. */
enum net_item_status dec_item_status(struct dec *d, json_t *obj);
/* root's "counts" {ok, conflict, forbidden, invalid}: ok is required, the
 * others as flags says (the answers to citizens count only what can happen). */
void dec_item_counts(struct dec *d, json_t *root, int others,
    size_t counts[NET_ITEM_STATUSES]);

#endif
