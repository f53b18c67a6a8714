/* The routes of /v1: which api.* function answers each, who may call it.
 * docs/openapi.yaml describes the same routes; the API tests keep them in step. */
#include <stdlib.h>
#include <string.h>

#include "routes.h"

#define BACKOFFICE "{moderator,referent,instructor}"
#define INSTRUCTION "{referent,instructor}"
#define INSTRUCTORS "{instructor}"
#define MODERATORS "{moderator}"
#define FRONTOFFICE "{frontoffice}"
#define ADMINS "{}"
#define EVERYONE "{moderator,referent,instructor,frontoffice}"

#define PAGE "cursor:s limit:i"

const struct route routes[] = {
	{ "POST", "/v1/sessions", "login", NULL, ARGS_BODY, NULL, 201 },
	{ "DELETE", "/v1/sessions/current", "logout", EVERYONE, ARGS_NONE, NULL, 200 },
	{ "GET", "/v1/me", "whoami", EVERYONE, ARGS_NONE, NULL, 200 },

	{ "POST", "/v1/ingest/proposals", "ingest_proposal", FRONTOFFICE, ARGS_BODY, NULL, 201 },
	{ "POST", "/v1/ingest/comments", "ingest_comment", FRONTOFFICE, ARGS_BODY, NULL, 201 },
	{ "POST", "/v1/ingest/reports", "ingest_report", FRONTOFFICE, ARGS_BODY, NULL, 201 },

	{ "GET", "/v1/moderation/queue", "moderation_queue", MODERATORS, ARGS_QUERY,
	  "type:s reason:s hidden:b escalated:b district:s min_reports:i sort:s " PAGE, 200 },
	{ "POST", "/v1/moderation/decisions", "moderation_decide", MODERATORS, ARGS_BODY, NULL, 200 },
	{ "GET", "/v1/moderation/authors/{id}", "moderation_author", MODERATORS, ARGS_QUERY, "", 200 },

	{ "GET", "/v1/proposals", "proposal_list", BACKOFFICE, ARGS_QUERY,
	  "state:s stage:s district:s department:s theme:s referent:s edition:i "
	  "needs_answer:b q:s mine:b stalled:b sort:s " PAGE, 200 },
	{ "GET", "/v1/proposals/{id}", "proposal_get", BACKOFFICE, ARGS_QUERY, "", 200 },
	{ "POST", "/v1/proposals/admissibility", "proposal_admissibility", INSTRUCTION, ARGS_BODY, NULL, 200 },
	{ "POST", "/v1/proposals/assignment", "proposal_assign", INSTRUCTORS, ARGS_BODY, NULL, 200 },
	{ "PUT", "/v1/proposals/{id}/costing", "proposal_costing", INSTRUCTION, ARGS_BODY, NULL, 200 },
	{ "POST", "/v1/proposals/merge", "proposal_merge", INSTRUCTORS, ARGS_BODY, NULL, 200 },
	{ "POST", "/v1/proposals/{id}/unmerge", "proposal_unmerge", INSTRUCTORS, ARGS_BODY, NULL, 200 },
	{ "POST", "/v1/proposals/selection", "proposal_selection", INSTRUCTORS, ARGS_BODY, NULL, 200 },
	{ "POST", "/v1/proposals/stages", "proposal_stage", INSTRUCTORS, ARGS_BODY, NULL, 200 },
	{ "POST", "/v1/votes", "vote_record", INSTRUCTORS, ARGS_BODY, NULL, 200 },
	{ "POST", "/v1/editions/{edition}/winners", "winners_compute", INSTRUCTORS, ARGS_BODY, NULL, 200 },
	{ "POST", "/v1/editions/{edition}/close", "edition_close", ADMINS, ARGS_BODY, NULL, 200 },
	{ "GET", "/v1/envelopes", "envelopes", INSTRUCTION, ARGS_QUERY, "edition:i", 200 },
	{ "GET", "/v1/directory", "directory", BACKOFFICE, ARGS_QUERY, "", 200 },

	{ "GET", "/v1/templates", "template_list", INSTRUCTORS, ARGS_QUERY, "", 200 },
	{ "GET", "/v1/templates/{id}", "template_get", INSTRUCTORS, ARGS_QUERY, "", 200 },
	{ "POST", "/v1/templates", "template_create", INSTRUCTORS, ARGS_BODY, NULL, 201 },
	{ "PUT", "/v1/templates/{id}", "template_update", INSTRUCTORS, ARGS_BODY, NULL, 200 },
	{ "DELETE", "/v1/templates/{id}", "template_delete", INSTRUCTORS, ARGS_QUERY, "version:i", 200 },
	{ "POST", "/v1/answers/preview", "answer_preview", INSTRUCTORS, ARGS_BODY, NULL, 200 },
	{ "POST", "/v1/answers", "answer_send", INSTRUCTORS, ARGS_BODY, NULL, 201 },
	{ "GET", "/v1/answers/needed", "answers_needed", INSTRUCTORS, ARGS_QUERY,
	  "district:s state:s " PAGE, 200 },

	{ "GET", "/v1/audit", "audit_list", BACKOFFICE, ARGS_QUERY,
	  "agent:s action:s target_type:s target_id:i since:s until:s batch_id:s " PAGE, 200 },
	{ "GET", "/v1/stats", "stats", BACKOFFICE, ARGS_QUERY, "edition:i", 200 },
	{ "GET", "/v1/overview", "overview", BACKOFFICE, ARGS_QUERY, "", 200 },

	/* function NULL: answered by the events stream once the session is checked */
	{ "GET", "/v1/events", NULL, BACKOFFICE, ARGS_NONE, NULL, 200 },
	{ NULL, NULL, NULL, NULL, ARGS_NONE, NULL, 0 },
};

/* A positive integer of at most 18 digits, the whole of [s, end). */
static int
parse_id(const char *s, const char *end, long long *value)
{
	long long v = 0;

	if (end == s || end - s > 18 || *s == '0')
		return -1;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	*value = v;
	return 0;
}

/* Matches path against pattern segment by segment. */
static int
path_matches(const char *pattern, const char *path, struct route_param *param)
{
	param->name[0] = '\0';
	param->value = 0;
	while (*pattern != '\0' && *path != '\0') {
		const char *pend = strchr(pattern, '/'), *send = strchr(path, '/');

		if (pend == NULL)
			pend = pattern + strlen(pattern);
		if (send == NULL)
			send = path + strlen(path);
		if (*pattern == '{') {
			size_t n = (size_t)(pend - pattern) - 2;

			if (n >= sizeof param->name || parse_id(path, send, &param->value) != 0)
				return 0;
			memcpy(param->name, pattern + 1, n);
			param->name[n] = '\0';
		} else if (pend - pattern != send - path ||
		    strncmp(pattern, path, (size_t)(pend - pattern)) != 0) {
			return 0;
		}
		/* "/v1/me/" is not "/v1/me": one path, one spelling */
		if ((*pend == '\0') != (*send == '\0'))
			return 0;
		pattern = *pend ? pend + 1 : pend;
		path = *send ? send + 1 : send;
	}
	return *pattern == '\0' && *path == '\0';
}

const struct route *
route_find(const char *method, const char *path, struct route_param *param,
    int *path_known)
{
	const struct route *r;

	*path_known = 0;
	for (r = routes; r->method != NULL; r++) {
		if (!path_matches(r->path, path, param))
			continue;
		if (strcmp(r->method, method) == 0)
			return r;
		*path_known = 1;
	}
	param->name[0] = '\0';
	return NULL;
}
