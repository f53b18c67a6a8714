/* The costing of proposals, the districts' envelopes and the merging of
 * proposals: requests and answers as plain C structs (net/costing.c). */
#ifndef NET_COSTING_H
#define NET_COSTING_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "net.h"

/* The API's cost categories, in its order. */
enum net_cost_category { NET_COST_INVESTMENT, NET_COST_OPERATING, NET_COST_STUDIES,
	NET_COST_OTHER, NET_COST_CATEGORIES };

enum net_opinion { NET_OPINION_NONE, NET_OPINION_FAVOURABLE, NET_OPINION_UNFAVOURABLE };

struct net_cost_line {
	enum net_cost_category category;
	const char *label;		/* raw from the network */
	long long amount_cents;
};

struct net_costing {
	enum net_opinion opinion;
	const char *justification;	/* raw */
	int duration_months;		/* -1: not said */
	long long total_cents;
	struct net_cost_line *lines;
	size_t nlines;
	const char *costed_by;		/* display name; may be NULL */
	time_t costed_at;		/* 0 when unknown */
};

struct net_person {
	long long id;
	const char *display_name;	/* raw */
};

/* What the costing and the merge need of one proposal (GET /v1/proposals/{id}). */
struct net_costing_proposal {
	long long id;
	int version, edition;
	const char *title;		/* raw */
	const char *state;
	const char *district_code, *district_name;	/* may be NULL */
	const char *department_code;	/* NULL: no department yet */
	struct net_person author;	/* id 0 when the server does not say */
	struct net_person *coauthors;
	size_t ncoauthors;
	bool costed;			/* costing below is filled */
	struct net_costing costing;
	const char *updated_by;		/* display name; may be NULL */
	time_t updated_at;		/* 0 when unknown */
	void *mem;			/* private */
};

/* PUT /v1/proposals/{id}/costing: the whole costing, replacing any earlier one. */
struct net_costing_request {
	long long id;
	int version;			/* as the agent read it */
	enum net_opinion opinion;
	const char *justification;
	int duration_months;		/* -1: not said */
	const struct net_cost_line *lines;
	size_t nlines;			/* 1 to 500 */
};

struct net_costing_result {
	long long id;
	int version;
	const char *state;
	long long total_cents;
	bool operating_costs;		/* the server warns: operating costs */
	void *mem;			/* private */
};

/* One district's envelope in an edition (GET /v1/envelopes). */
struct net_envelope {
	const char *district, *name;	/* code and name, raw */
	bool citywide;
	long long envelope_cents, committed_cents, winners_cents, left_cents;
	long selected, winners;
};

struct net_envelopes {
	int edition;
	bool closed;
	struct net_envelope *districts;
	size_t count;
	void *mem;			/* private */
};

/* POST /v1/proposals/merge: the sources close into the target, an
 * existing proposal (target_id) or a new one (target_id 0: title, body,
 * and optionally district and theme codes). */
struct net_merge_request {
	const struct net_item_ref *sources;
	size_t nsources;
	long long target_id;
	int target_version;
	const char *title, *body, *district, *theme;
	const char *note;		/* may be NULL */
};

struct net_merge_source {
	long long id;
	int version;
	long long merge_id;
};

struct net_merge_result {
	const char *batch_id;
	long long target_id;
	int target_version;
	bool created;
	struct net_merge_source *sources;	/* in the order of the request */
	size_t nsources;
	void *mem;			/* private */
};

typedef void (*net_costing_proposal_cb)(void *arg, long id,
    const struct net_costing_proposal *p, const struct net_error *err);
typedef void (*net_costing_cb)(void *arg, long id, const struct net_costing_result *r,
    const struct net_error *err);
typedef void (*net_envelopes_cb)(void *arg, long id, const struct net_envelopes *e,
    const struct net_error *err);
typedef void (*net_merge_cb)(void *arg, long id, const struct net_merge_result *r,
    const struct net_error *err);

/* GET /v1/proposals/{id}: the proposal, its authors and its costing. */
long net_costing_get(struct net *n, long long id, net_costing_proposal_cb cb, void *arg,
    struct net_error *err);
/* PUT /v1/proposals/{id}/costing, applied once whatever the network does.
 * A referent's proposal of another department ends 403 "forbidden". */
long net_costing_put(struct net *n, const struct net_costing_request *r, net_costing_cb cb,
    void *arg, struct net_error *err);
/* GET /v1/envelopes?edition=E. */
long net_envelopes_get(struct net *n, int edition, net_envelopes_cb cb, void *arg,
    struct net_error *err);
/* POST /v1/proposals/merge, applied once. The whole merge applies or
 * nothing does: a source changed meanwhile ends 409 "conflict", a rule
 * broken 422 "invalid_merge" (the message says which). */
long net_merge(struct net *n, const struct net_merge_request *r, net_merge_cb cb, void *arg,
    struct net_error *err);

/* The codec, for the tests: 0, or -1 with err filled and nothing to free. */
int net_decode_costing_proposal(const char *json, size_t len, struct net_costing_proposal *out,
    struct net_error *err);
int net_decode_costing_result(const char *json, size_t len, struct net_costing_result *out,
    struct net_error *err);
int net_decode_envelopes(const char *json, size_t len, struct net_envelopes *out,
    struct net_error *err);
int net_decode_merge(const char *json, size_t len, struct net_merge_result *out,
    struct net_error *err);
/* Request bodies, malloc'd; NULL with err filled when r is wrong. */
char *net_encode_costing(const struct net_costing_request *r, struct net_error *err);
char *net_encode_merge(const struct net_merge_request *r, struct net_error *err);

extern const char *const net_cost_category_names[NET_COST_CATEGORIES];

#endif
