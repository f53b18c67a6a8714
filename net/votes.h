/* The vote of an edition: results recorded (POST /v1/votes) and winners
 * computed district by district within their envelopes (POST
 * /v1/editions/{edition}/winners), as plain structs. */
#ifndef NET_VOTES_H
#define NET_VOTES_H

#include <stdbool.h>
#include <stddef.h>

#include "net.h"

/* One line of the results: a project's votes. */
struct net_vote_line {
	long long id;
	long online, paper;
};

struct net_vote_result {
	long long id;
	enum net_item_status status;	/* ok, or invalid with a message */
	long online, paper, total;	/* ok only */
	bool recount;			/* ok: it replaced earlier results */
	const char *message;		/* why not, raw; NULL when ok */
};

struct net_vote_record {
	int edition;
	const char *batch_id;
	struct net_vote_result *results;	/* in the order of the request */
	size_t count;
	size_t counts[NET_ITEM_STATUSES];
	void *mem;				/* private */
};

/* A project in the ranking of its district. */
struct net_ranked {
	long long id;
	const char *title;		/* raw */
	long votes;
	long long cost_cents;		/* -1: not costed (it never fits) */
	int rank;
	long long left_cents;		/* not_fitting and losers: what was left at their turn */
};

struct net_winners_district {
	const char *code, *name;	/* raw */
	bool citywide;
	long long envelope_cents, spent_cents, left_cents;
	/* in rank order: who wins, who was passed over because it did not fit
	 * in what was left while someone ranked below won, who came after */
	struct net_ranked *winners, *not_fitting, *losers;
	size_t nwinners, nnot_fitting, nlosers;
};

struct net_winners {
	int edition;
	bool dry_run;
	const char *tie_rule;		/* raw, the server's words */
	struct net_winners_district *districts;	/* the city-wide one last */
	size_t ndistricts;
	long long *changed;		/* projects whose state changes (would, in a dry run) */
	size_t nchanged;
	void *mem;			/* private */
};

typedef void (*net_vote_record_cb)(void *arg, long id, const struct net_vote_record *r,
    const struct net_error *err);
typedef void (*net_winners_cb)(void *arg, long id, const struct net_winners *w,
    const struct net_error *err);

/* Records the results of the edition (1 to 10,000 lines), once whatever
 * the network does. The lines are copied. */
long net_vote_record(struct net *n, int edition, const struct net_vote_line *lines,
    size_t count, net_vote_record_cb cb, void *arg, struct net_error *err);
/* Computes the winners of the edition; dry_run writes nothing. */
long net_winners_compute(struct net *n, int edition, bool dry_run, net_winners_cb cb,
    void *arg, struct net_error *err);

/* The codecs, for the tests: as net/codec.h's. */
char *net_encode_vote_record(int edition, const struct net_vote_line *lines, size_t count,
    struct net_error *err);
int net_decode_vote_record(const char *json, size_t len, struct net_vote_record *out,
    struct net_error *err);
void net_vote_record_free(struct net_vote_record *r);
int net_decode_winners(const char *json, size_t len, struct net_winners *out,
    struct net_error *err);
void net_winners_free(struct net_winners *w);

#endif
