/* The JSON codec of net/: answers decoded into net.h's plain structs and
 * request bodies encoded, each a function of a string, so that tests can
 * feed them anything. Inside net/ and its tests only. */
#ifndef NET_CODEC_H
#define NET_CODEC_H

#include <stdarg.h>
#include <stddef.h>
#include <time.h>

#include "net.h"

/* The largest answer net reads (a 10,000-item decision is about 1 MiB). */
#define NET_MAX_ANSWER (64u << 20)

/*
 * The decoders: 0 with *out filled (its strings and arrays live in out's
 * memory until the matching free), or -1 with err filled ("malformed", a
 * message naming the field) and nothing to free. Every field is
 * type-checked; unknown fields are ignored.
 */
int net_decode_session(const char *json, size_t len, struct net_session *out, struct net_error *err);
void net_session_free(struct net_session *s);
/* {"agent": {...}} (GET /v1/me) */
int net_decode_whoami(const char *json, size_t len, struct net_agent *out, void **mem,
    struct net_error *err);
int net_decode_queue_page(const char *json, size_t len, struct net_queue_page *out,
    struct net_error *err);
void net_queue_page_free(struct net_queue_page *p);
int net_decode_decision(const char *json, size_t len, struct net_decision *out,
    struct net_error *err);
/* The answer of a bulk operation on proposals: the same, each result with only an id. */
int net_decode_bulk(const char *json, size_t len, struct net_decision *out,
    struct net_error *err);
void net_decision_free(struct net_decision *d);
int net_decode_proposal(const char *json, size_t len, struct net_proposal *out,
    struct net_error *err);
void net_proposal_free(struct net_proposal *p);
int net_decode_proposal_page(const char *json, size_t len, struct net_proposal_page *out,
    struct net_error *err);
void net_proposal_page_free(struct net_proposal_page *p);
int net_decode_author(const char *json, size_t len, struct net_author *out,
    struct net_error *err);
void net_author_free(struct net_author *a);
/* The data of one SSE record of type type (id from its id: line, 0 if none). */
int net_decode_event(const char *type, long long id, const char *json, size_t len,
    struct net_event *out, struct net_error *err);
void net_event_free(struct net_event *e);

/*
 * The error of an HTTP answer that is not a success: {"error": {"code",
 * "message"}} when the body has one, else a message made from the status.
 * Always fills err.
 */
void net_decode_error(int status, const char *body, size_t len, struct net_error *err);

/* Request bodies, malloc'd; NULL with err filled when r is wrong or memory runs out. */
char *net_encode_login(const char *login, const char *password, struct net_error *err);
char *net_encode_decide(const struct net_decide_request *r, struct net_error *err);
/* The query string of a queue page ("sort=recent&limit=50..."), malloc'd. */
char *net_encode_queue_query(const struct net_queue_filter *f, struct net_error *err);

/* The query string of a page of proposals, malloc'd. */
char *net_encode_proposal_query(const struct net_proposal_filter *f, struct net_error *err);

/* ISO 8601 with an offset (as PostgreSQL writes timestamptz) to time_t; -1 when malformed. */
int net_parse_time(const char *s, time_t *out);
/* time_t to "YYYY-MM-DDTHH:MM:SSZ" (21 bytes with the NUL). */
void net_format_time(time_t t, char out[21]);

/* 128 random bits as 32 hex digits; -1 when the system gives no randomness. */
int net_random_key(char out[33], struct net_error *err);

/* Fills err (printf-style message). */
void net_error_set(struct net_error *err, int status, const char *code, bool network,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

extern const char *const net_action_names[NET_ACTIONS];
extern const char *const net_reason_names[NET_REASONS];
extern const char *const net_target_names[2];

#endif
