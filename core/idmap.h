/* A map from 64-bit keys to pointers (open addressing): finding the row of
 * a target among 100,000 in constant time. */
#ifndef CORE_IDMAP_H
#define CORE_IDMAP_H

#include <stddef.h>
#include <stdint.h>

struct idmap {
	uint64_t *keys;
	void **values;		/* NULL: an empty slot */
	size_t cap, count;
};

void idmap_init(struct idmap *m);
void idmap_free(struct idmap *m);

/* Sets key to value (not NULL); -1 when out of memory. */
int idmap_put(struct idmap *m, uint64_t key, void *value);
void *idmap_get(const struct idmap *m, uint64_t key);
/* Removes key; returns its value, or NULL. */
void *idmap_remove(struct idmap *m, uint64_t key);

#endif
