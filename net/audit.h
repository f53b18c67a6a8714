/* The audit log and the statistics of an edition (net/audit.c): what the
 * audit and stats views read, as plain structs. */
#ifndef NET_AUDIT_H
#define NET_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "net.h"

/* Filters of the audit log; zero-initialised means everything, newest first. */
struct net_audit_filter {
	const char *agent;		/* an agent's login */
	const char *action;		/* "proposal.merge", or a prefix "moderation.*" */
	const char *target_type;	/* "proposal", "comment"... */
	long long target_id;		/* 0: any */
	time_t since, until;		/* 0: no bound; since inclusive, until exclusive */
	const char *cursor;		/* NULL: the first page */
	unsigned limit;			/* 0: the server's default (50); at most 1000 */
};

struct net_audit_page {
	struct net_audit_entry *items;	/* newest first */
	size_t count;
	const char *next_cursor;	/* NULL: this was the last page */
	void *mem;			/* private */
};

typedef void (*net_audit_cb)(void *arg, long id, const struct net_audit_page *page,
    const struct net_error *err);

/* GET /v1/audit: one page (the caller asks for the next with its cursor). */
long net_audit_list(struct net *n, const struct net_audit_filter *f, net_audit_cb cb,
    void *arg, struct net_error *err);

/* One count by code (a state, a stage). */
struct net_stats_count {
	const char *code;
	long count;
};

struct net_stats_district {
	const char *code, *name;	/* raw */
	long long envelope_cents, cost_cents, committed_cents, winners_cents;
	long proposals;
};

struct net_stats_department {
	const char *code, *name;	/* raw */
	long proposals, workload;	/* workload: assigned, in study, not yet costed */
	long long cost_cents;
	double median_days;		/* from deposit to costing; -1 when none is costed */
	time_t oldest_waiting_at;	/* 0: nothing waits */
};

struct net_stats {
	int edition;
	long total, unassigned, answers_needed;
	struct net_stats_count *by_state, *by_stage;	/* in the server's order */
	size_t nstates, nstages;
	struct net_stats_district *districts;
	size_t ndistricts;
	struct net_stats_department *departments;
	size_t ndepartments;
	long long costs_total_cents;
	long reports_open, reports_upheld, reports_dismissed;
	void *mem;			/* private */
};

typedef void (*net_stats_cb)(void *arg, long id, const struct net_stats *s,
    const struct net_error *err);

/* GET /v1/stats: the figures of an edition (0: the latest). */
long net_stats_get(struct net *n, int edition, net_stats_cb cb, void *arg,
    struct net_error *err);

/* The codec, for tests: 0, or -1 with err filled and nothing to free. */
int net_decode_audit_page(const char *json, size_t len, struct net_audit_page *out,
    struct net_error *err);
void net_audit_page_free(struct net_audit_page *p);
int net_decode_stats(const char *json, size_t len, struct net_stats *out,
    struct net_error *err);
void net_stats_free(struct net_stats *s);
/* The query string of a page of the audit log, malloc'd; NULL with err filled. */
char *net_encode_audit_query(const struct net_audit_filter *f, struct net_error *err);

#endif
