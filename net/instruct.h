/* The instruction of proposals over the API: admissibility, assignment to a
 * department, selection for the vote, realisation stages (bulk, answered
 * per item like every bulk operation), and the directory of departments
 * and agents that the console completes names from. Plain C structs only. */
#ifndef NET_INSTRUCT_H
#define NET_INSTRUCT_H

#include <stdbool.h>
#include <stddef.h>

#include "net.h"

/* The items of every request: proposals with the version the agent saw,
 * 1 to 10,000 of them. Requests are copied: they may go once the call
 * returns. Each call is sent with one Idempotency-Key for every attempt. */

/* POST /v1/proposals/admissibility */
struct net_admissibility_request {
	bool admissible;		/* false: inadmissible */
	const char *reason;		/* inadmissible: required */
	const char *message;		/* to the authors; NULL or "": none */
	const struct net_item_ref *items;
	size_t count;
};

long net_admissibility(struct net *n, const struct net_admissibility_request *r,
    net_decision_cb cb, void *arg, struct net_error *err);

/* POST /v1/proposals/assignment */
struct net_assignment_request {
	const char *department;		/* its code: required */
	const char *referent;		/* a login of that department; NULL or "": none named */
	const struct net_item_ref *items;
	size_t count;
};

long net_assignment(struct net *n, const struct net_assignment_request *r,
    net_decision_cb cb, void *arg, struct net_error *err);

/* POST /v1/proposals/selection */
struct net_selection_request {
	bool selected;			/* false: out of the vote */
	const char *reason;		/* out of the vote: required */
	const struct net_item_ref *items;
	size_t count;
};

long net_selection(struct net *n, const struct net_selection_request *r,
    net_decision_cb cb, void *arg, struct net_error *err);

/* The realisation stages, in their order. */
enum net_stage { NET_STAGE_NOT_STARTED, NET_STAGE_STUDIES, NET_STAGE_PROCEDURES,
	NET_STAGE_WORKS, NET_STAGE_DELIVERY, NET_STAGE_DONE, NET_STAGE_ABANDONED, NET_STAGES };

/* The API's codes of the stages ("not_started"...). */
extern const char *const net_stage_names[NET_STAGES];

/* POST /v1/proposals/stages */
struct net_stage_request {
	enum net_stage stage;
	int year, month, day;		/* the date of the stage */
	const char *note;		/* public; abandoned: required */
	const struct net_item_ref *items;
	size_t count;
};

long net_stage(struct net *n, const struct net_stage_request *r, net_decision_cb cb,
    void *arg, struct net_error *err);

/* GET /v1/directory: who and what proposals are given to. Strings raw. */
struct net_code_name {
	const char *code, *name;
};

struct net_directory_agent {
	const char *login, *display_name;
	const char *role_name;		/* as the server spells it */
	enum net_role role;
	const char *department;		/* its code; NULL: none */
};

struct net_directory {
	struct net_code_name *departments, *districts, *themes;
	size_t ndepartments, ndistricts, nthemes;
	struct net_directory_agent *agents;	/* active agents of the back office */
	size_t nagents;
	void *mem;			/* private */
};

typedef void (*net_directory_cb)(void *arg, long id, const struct net_directory *d,
    const struct net_error *err);

long net_directory(struct net *n, net_directory_cb cb, void *arg, struct net_error *err);

/* The decoder of the directory, for the tests: 0, or -1 with err filled. */
int net_decode_directory(const char *json, size_t len, struct net_directory *out,
    struct net_error *err);
void net_directory_free(struct net_directory *d);

#endif
