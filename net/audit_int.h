/* Decoding shared by the audit log (net/audit.c) and the detail of a
 * proposal (net/decode.c): an audit row, a list of objects. Inside net/ only. */
#ifndef NET_AUDIT_INT_H
#define NET_AUDIT_INT_H

#include "dec.h"

/* obj: {id, at, agent, action, target_type?, target_id?, before, after, batch_id}. */
void dec_audit_entry(struct dec *d, json_t *obj, struct net_audit_entry *e);

/* The list of objects under key (absent or null: none), each read by one
 * into an array of *n elements of size bytes from the answer's memory. */
void *dec_objects(struct dec *d, json_t *root, const char *key, size_t size, size_t *n,
    void (*one)(struct dec *, json_t *, void *));

#endif
