/* A map from 64-bit keys to pointers: open addressing, linear probing,
 * backward-shift deletion (no tombstones), load kept under 1/2. */
#include <stdlib.h>

#include "idmap.h"

static size_t
slot_of(uint64_t key, size_t cap)
{
	/* a multiplicative hash spreads sequential ids over the table */
	return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 17) & (cap - 1);
}

void
idmap_init(struct idmap *m)
{
	m->keys = NULL;
	m->values = NULL;
	m->cap = m->count = 0;
}

void
idmap_free(struct idmap *m)
{
	free(m->keys);
	free(m->values);
	idmap_init(m);
}

static int
grow(struct idmap *m)
{
	struct idmap bigger;
	size_t i;

	bigger.cap = m->cap ? m->cap * 2 : 64;
	bigger.count = 0;
	bigger.keys = calloc(bigger.cap, sizeof *bigger.keys);
	bigger.values = calloc(bigger.cap, sizeof *bigger.values);
	if (bigger.keys == NULL || bigger.values == NULL) {
		free(bigger.keys);
		free(bigger.values);
		return -1;
	}
	for (i = 0; i < m->cap; i++)
		if (m->values[i] != NULL)
			idmap_put(&bigger, m->keys[i], m->values[i]);
	free(m->keys);
	free(m->values);
	*m = bigger;
	return 0;
}

int
idmap_put(struct idmap *m, uint64_t key, void *value)
{
	size_t i;

	if (value == NULL)
		return -1;
	if ((m->count + 1) * 2 > m->cap && grow(m) != 0)
		return -1;
	for (i = slot_of(key, m->cap); m->values[i] != NULL; i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == key) {
			m->values[i] = value;
			return 0;
		}
	}
	m->keys[i] = key;
	m->values[i] = value;
	m->count++;
	return 0;
}

void *
idmap_get(const struct idmap *m, uint64_t key)
{
	size_t i;

	if (m->cap == 0)
		return NULL;
	for (i = slot_of(key, m->cap); m->values[i] != NULL; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key)
			return m->values[i];
	return NULL;
}

void *
idmap_remove(struct idmap *m, uint64_t key)
{
	size_t i, j, home;
	void *value;

	if (m->cap == 0)
		return NULL;
	for (i = slot_of(key, m->cap); m->values[i] != NULL && m->keys[i] != key;
	    i = (i + 1) & (m->cap - 1))
		;
	if (m->values[i] == NULL)
		return NULL;
	value = m->values[i];
	m->values[i] = NULL;
	m->count--;
	/* shift back the entries that probed past the freed slot */
	for (j = (i + 1) & (m->cap - 1); m->values[j] != NULL; j = (j + 1) & (m->cap - 1)) {
		home = slot_of(m->keys[j], m->cap);
		/* j's entry may move to i when i lies cyclically in [home, j) */
		if ((j > i && (home <= i || home > j)) || (j < i && (home <= i && home > j))) {
			m->keys[i] = m->keys[j];
			m->values[i] = m->values[j];
			m->values[j] = NULL;
			i = j;
		}
	}
	return value;
}
