/* One block of memory per decoded answer: its strings and arrays are
 * carved from it and freed together, so a decoder never leaks halfway. */
#ifndef NET_MEM_H
#define NET_MEM_H

#include <stddef.h>

struct net_mem;

struct net_mem *net_mem_new(void);
/* n bytes, zeroed and aligned for any type; NULL when out of memory. */
void *net_mem_alloc(struct net_mem *m, size_t n);
/* A NUL-terminated copy of s[0..len). */
char *net_mem_strndup(struct net_mem *m, const char *s, size_t len);
void net_mem_free(struct net_mem *m);

#endif
