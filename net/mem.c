/* Chained blocks for decoded answers: many small strings, one free. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

#define MEM_ALIGN 16
#define MEM_BLOCK (16u << 10)

struct mem_block {
	struct mem_block *next;
	size_t used, cap;
};

struct net_mem {
	struct mem_block *head;
};

/* The data of a block starts after its header, rounded to MEM_ALIGN. */
#define MEM_HEADER ((sizeof(struct mem_block) + MEM_ALIGN - 1) & ~(size_t)(MEM_ALIGN - 1))

struct net_mem *
net_mem_new(void)
{
	return calloc(1, sizeof(struct net_mem));
}

void *
net_mem_alloc(struct net_mem *m, size_t n)
{
	struct mem_block *b = m->head;
	size_t need = (n + MEM_ALIGN - 1) & ~(size_t)(MEM_ALIGN - 1);
	unsigned char *p;

	if (n == 0)
		need = MEM_ALIGN;
	if (need < n || need > SIZE_MAX - MEM_HEADER)
		return NULL;
	if (b == NULL || b->cap - b->used < need) {
		size_t cap = need > MEM_BLOCK ? need : MEM_BLOCK;

		b = malloc(MEM_HEADER + cap);
		if (b == NULL)
			return NULL;
		b->used = 0;
		b->cap = cap;
		/* a big array gets a block of its own, behind the current one,
		 * so that the room left in the current one is not lost */
		if (m->head != NULL && need > MEM_BLOCK) {
			b->next = m->head->next;
			m->head->next = b;
		} else {
			b->next = m->head;
			m->head = b;
		}
	}
	p = (unsigned char *)b + MEM_HEADER + b->used;
	b->used += need;
	memset(p, 0, n);
	return p;
}

char *
net_mem_strndup(struct net_mem *m, const char *s, size_t len)
{
	char *p;

	if (len == SIZE_MAX)
		return NULL;
	p = net_mem_alloc(m, len + 1);
	if (p == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void
net_mem_free(struct net_mem *m)
{
	struct mem_block *b, *next;

	if (m == NULL)
		return;
	for (b = m->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(m);
}
