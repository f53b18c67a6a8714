/* The decoding context shared by net/'s decoders (decode.c and the files
 * of each group of operations). Inside net/ only. */
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

#endif
