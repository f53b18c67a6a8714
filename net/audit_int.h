/* Decoding shared by the audit log (net/audit.c) and the detail of a
 * proposal (net/decode.c): an audit row. Inside net/ only. */
#ifndef NET_AUDIT_INT_H
#define NET_AUDIT_INT_H

#include "dec.h"

/* obj: {id, at, agent, action, target_type?, target_id?, before, after, batch_id}. */
void dec_audit_entry(struct dec *d, json_t *obj, struct net_audit_entry *e);

#endif
