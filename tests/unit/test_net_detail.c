/* The decoders of a proposal's detail (co-authors, costing, lineage, stages,
 * answers, audit trail), of the audit log, the statistics and an unmerge,
 * and the query of the audit log. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../net/audit.h"
#include "../../net/codec.h"
#include "../../net/detail.h"
#include "check.h"

static const char detail_json[] =
    "{\"id\": 1234, \"version\": 7, \"edition\": 2026, \"title\": \"Vélos\", \"body\": \"Texte\","
    " \"address\": null, \"author\": {\"id\": 5, \"external_id\": \"c5\", \"display_name\": \"Ana\"},"
    " \"coauthors\": [{\"id\": 6, \"external_id\": \"c6\", \"display_name\": \"Bo\", \"via_merge\": 41},"
    "   {\"id\": 7, \"external_id\": \"c7\", \"display_name\": \"Cy\", \"via_merge\": null}],"
    " \"district\": {\"code\": \"75011\", \"name\": \"11e\", \"citywide\": false},"
    " \"theme\": {\"code\": \"mobilites\", \"name\": \"Mobilités\"},"
    " \"department\": {\"code\": \"DVD\", \"name\": \"Voirie\"},"
    " \"referent\": {\"id\": 3, \"login\": \"r.v\", \"display_name\": \"René\"},"
    " \"priority_neighbourhood\": true, \"supports\": 12, \"state\": \"costed\","
    " \"state_reason\": null, \"state_changed_at\": \"2026-11-02T09:00:00+01:00\","
    " \"stage\": null, \"merged_into\": null, \"needs_answer\": true, \"hidden\": false,"
    " \"hidden_reason\": null, \"hidden_auto\": false, \"escalated_at\": null,"
    " \"moderated_by\": null, \"moderated_at\": null, \"created_at\": \"2026-01-12T09:00:00+01:00\","
    " \"comments_total\": 1, \"comments\": [{\"id\": 70, \"parent_id\": null,"
    "   \"author\": {\"id\": 8, \"display_name\": \"Dé\"}, \"body\": \"Pub\", \"hidden\": true,"
    "   \"hidden_reason\": \"spam\", \"hidden_auto\": false,"
    "   \"moderated_by\": {\"id\": 4, \"login\": \"moderator\", \"display_name\": \"Mona\"},"
    "   \"moderated_at\": \"2026-11-09T09:00:00Z\", \"created_at\": \"2026-11-08T09:00:00Z\"}],"
    " \"costing\": {\"opinion\": \"favourable\", \"justification\": \"Faisable\","
    "   \"duration_months\": 8, \"total_cents\": 250000000,"
    "   \"costed_by\": {\"id\": 3, \"login\": \"r.v\", \"display_name\": \"René\"},"
    "   \"costed_at\": \"2026-11-10T10:00:00+01:00\","
    "   \"lines\": [{\"category\": \"investment\", \"label\": \"Travaux\", \"amount_cents\": 200000000},"
    "     {\"category\": \"studies\", \"label\": \"Études\", \"amount_cents\": 50000000}]},"
    " \"merged_into_history\": [],"
    " \"merged_from\": [{\"merge_id\": 41, \"source\": {\"id\": 11, \"title\": \"A\", \"state\": \"merged\","
    "     \"version\": 4}, \"merged_by\": {\"id\": 2, \"login\": \"i\", \"display_name\": \"Inès\"},"
    "   \"merged_at\": \"2026-11-05T09:00:00Z\", \"note\": null, \"undone_by\": null, \"undone_at\": null},"
    "   {\"merge_id\": 42, \"source\": {\"id\": 12, \"title\": \"B\", \"state\": \"admissible\"},"
    "   \"merged_by\": null, \"merged_at\": \"2026-11-05T09:00:00Z\", \"note\": \"doublon\","
    "   \"undone_by\": {\"id\": 2, \"login\": \"i\", \"display_name\": \"\"},"
    "   \"undone_at\": \"2026-11-06T09:00:00Z\"}],"
    " \"stages\": [{\"id\": 1, \"stage\": \"studies\", \"stage_date\": \"2026-03-15\","
    "   \"note\": \"Études lancées\", \"agent\": null, \"created_at\": \"2026-03-16T09:00:00Z\"}],"
    " \"answers\": [{\"id\": 9, \"citizen_id\": 5, \"body\": \"Merci\", \"template_id\": null,"
    "   \"agent\": {\"id\": 2, \"login\": \"i\", \"display_name\": \"Inès\"},"
    "   \"batch_id\": \"00000000-0000-0000-0000-000000000001\", \"created_at\": \"2026-11-07T09:00:00Z\"}],"
    " \"votes\": {\"online\": 10, \"paper\": 5, \"total\": 15, \"recorded_by\": null,"
    "   \"recorded_at\": \"2026-11-08T09:00:00Z\"},"
    " \"audit\": [{\"id\": 100, \"at\": \"2026-11-10T10:00:00+01:00\","
    "   \"agent\": {\"id\": 3, \"login\": \"r.v\", \"display_name\": \"René\"},"
    "   \"action\": \"proposal.costing\", \"before\": {\"state\": \"costing\"},"
    "   \"after\": {\"state\": \"costed\", \"total_cents\": 250000000}, \"batch_id\": null}]}";

static void
test_detail(void)
{
	struct net_proposal p;
	struct net_error err;
	struct tm tm;

	CHECK(net_decode_proposal(detail_json, strlen(detail_json), &p, &err) == 0, err.message);
	CHECK_INT(p.ncomments, 1, "one comment");
	CHECK(p.comments[0].hidden && !p.comments[0].hidden_auto, "hidden by hand");
	CHECK_STR(p.comments[0].moderated_by, "Mona", "by whom");
	CHECK(p.comments[0].moderated_at > 0, "when");
	CHECK_INT(p.ncoauthors, 2, "two co-authors");
	CHECK_STR(p.coauthors[0].display_name, "Bo", "a co-author's name");
	CHECK_INT(p.coauthors[0].via_merge, 41, "the merge that brought them");
	CHECK_INT(p.coauthors[1].via_merge, 0, "a co-author of the deposit");
	CHECK_STR(p.theme_code, "mobilites", "the theme's code");
	CHECK_STR(p.department_name, "Voirie", "the department's name");
	CHECK(p.priority_neighbourhood && p.needs_answer, "flags");
	CHECK(p.state_changed_at > 0, "when the state changed");
	CHECK(p.costed, "costed");
	CHECK_STR(p.costing.opinion, "favourable", "the opinion");
	CHECK_INT(p.costing.duration_months, 8, "the duration");
	CHECK_INT(p.costing.total_cents, 250000000, "the total");
	CHECK_STR(p.costing.costed_by, "René", "who costed it");
	CHECK_INT(p.costing.nlines, 2, "two cost lines");
	CHECK_STR(p.costing.lines[1].category, "studies", "a line's category");
	CHECK_INT(p.costing.lines[1].amount_cents, 50000000, "a line's amount");
	CHECK_INT(p.nmerged_into, 0, "merged into nothing");
	CHECK_INT(p.nmerged_from, 2, "made from two");
	CHECK_INT(p.merged_from[0].id, 11, "the first source");
	CHECK_INT(p.merged_from[0].version, 4, "its version");
	CHECK_STR(p.merged_from[0].merged_by, "Inès", "who merged");
	CHECK(p.merged_from[0].undone_at == 0, "a merge that stands");
	CHECK_INT(p.merged_from[1].version, -1, "no version: unknown");
	CHECK_STR(p.merged_from[1].undone_by, "i", "who undid it, by login without a name");
	CHECK(p.merged_from[1].undone_at > 0, "an undone merge");
	CHECK_STR(p.merged_from[1].note, "doublon", "the merge's note");
	CHECK_INT(p.nstages, 1, "one stage update");
	CHECK_STR(p.stages[0].stage, "studies", "its stage");
	CHECK(p.stages[0].stage_date != 0 && localtime_r(&p.stages[0].stage_date, &tm) != NULL &&
	    tm.tm_year == 126 && tm.tm_mon == 2 && tm.tm_mday == 15, "its date, that day");
	CHECK_STR(p.stages[0].note, "Études lancées", "its public note");
	CHECK_INT(p.nanswers, 1, "one answer");
	CHECK_STR(p.answers[0].body, "Merci", "its text");
	CHECK_STR(p.answers[0].agent, "Inès", "who sent it");
	CHECK_INT(p.votes_total, 15, "the votes");
	CHECK_INT(p.naudit, 1, "one audit row");
	CHECK_STR(p.audit[0].action, "proposal.costing", "its action");
	CHECK_STR(p.audit[0].agent, "René", "its agent");
	CHECK_STR(p.audit[0].agent_login, "r.v", "its agent's login");
	CHECK_INT(p.audit[0].nchanges, 2, "two fields changed");
	CHECK_STR(p.audit[0].changes[0].field, "state", "the state changed");
	CHECK_STR(p.audit[0].changes[0].before, "costing", "from");
	CHECK_STR(p.audit[0].changes[0].after, "costed", "to");
	CHECK_STR(p.audit[0].changes[1].field, "total_cents", "a new field");
	CHECK(p.audit[0].changes[1].before == NULL, "that was not there");
	CHECK_STR(p.audit[0].changes[1].after, "250000000", "a number as text");
	net_proposal_free(&p);
}

/* An answer without the detail's parts (an older server) still reads. */
static void
test_detail_absent(void)
{
	static const char json[] =
	    "{\"id\": 1, \"version\": 1, \"title\": \"t\", \"body\": \"b\", \"state\": \"submitted\","
	    " \"hidden\": false, \"created_at\": \"2026-01-12T09:00:00Z\", \"comments\": [],"
	    " \"costing\": null}";
	struct net_proposal p;
	struct net_error err;

	CHECK(net_decode_proposal(json, strlen(json), &p, &err) == 0, err.message);
	CHECK(!p.costed && p.ncoauthors == 0 && p.nmerged_from == 0 && p.nmerged_into == 0 &&
	    p.nstages == 0 && p.nanswers == 0 && p.naudit == 0, "nothing more");
	CHECK_INT(p.votes_total, -1, "no vote");
	net_proposal_free(&p);
}

static void
test_detail_malformed(void)
{
	char *bad = strdup(detail_json), *at;
	struct net_proposal p;
	struct net_error err;

	CHECK(bad != NULL, "memory");
	if (bad == NULL)
		return;
	at = strstr(bad, "\"amount_cents\": 50000000") + strlen("\"amount_cents\": ");
	memcpy(at, "true    ", 8);
	CHECK(net_decode_proposal(bad, strlen(bad), &p, &err) == -1, "a string amount is refused");
	CHECK_STR(err.code, "malformed", "malformed");
	CHECK(strstr(err.message, "costing.lines[1].amount_cents") != NULL, err.message);
	free(bad);

	bad = strdup(detail_json);
	if (bad == NULL)
		return;
	at = strstr(bad, "2026-03-15");
	memcpy(at, "2026-13-15", 10);
	CHECK(net_decode_proposal(bad, strlen(bad), &p, &err) == -1, "month 13 is refused");
	CHECK(strstr(err.message, "stages[0].stage_date") != NULL, err.message);
	free(bad);
}

static void
test_audit_page(void)
{
	static const char json[] =
	    "{\"items\": [{\"id\": 9, \"at\": \"2026-11-21T10:00:00Z\","
	    "  \"agent\": {\"id\": 2, \"login\": \"c.moreau\", \"display_name\": \"Claire Moreau\"},"
	    "  \"action\": \"proposal.admissibility\", \"target_type\": \"proposal\", \"target_id\": 12,"
	    "  \"before\": {\"state\": \"submitted\", \"state_reason\": \"x\"},"
	    "  \"after\": {\"state\": \"inadmissible\", \"tags\": [1, 2]},"
	    "  \"batch_id\": \"00000000-0000-0000-0000-000000000002\", \"proposal_id\": 12},"
	    " {\"id\": 8, \"at\": \"2026-11-21T09:00:00Z\", \"agent\": null, \"action\": \"edition.close\","
	    "  \"target_type\": \"edition\", \"target_id\": 2025, \"before\": null, \"after\": null,"
	    "  \"batch_id\": null}],"
	    " \"next_cursor\": \"abc\"}";
	static const char empty[] = "{\"items\": null, \"next_cursor\": null}";
	struct net_audit_page page;
	struct net_error err;

	CHECK(net_decode_audit_page(json, strlen(json), &page, &err) == 0, err.message);
	CHECK_INT(page.count, 2, "two rows");
	CHECK_STR(page.next_cursor, "abc", "the next page");
	CHECK_STR(page.items[0].agent, "Claire Moreau", "the agent's name");
	CHECK_STR(page.items[0].agent_login, "c.moreau", "the agent's login");
	CHECK_STR(page.items[0].target_type, "proposal", "the target's type");
	CHECK_INT(page.items[0].target_id, 12, "the target's id");
	CHECK_INT(page.items[0].proposal_id, 12, "its proposal");
	CHECK_INT(page.items[1].proposal_id, 0, "no proposal");
	CHECK_INT(page.items[0].nchanges, 3, "after's fields, then before's alone");
	CHECK_STR(page.items[0].changes[1].field, "tags", "a list");
	CHECK_STR(page.items[0].changes[1].after, "[1,2]", "as compact JSON");
	CHECK_STR(page.items[0].changes[2].field, "state_reason", "a field cleared");
	CHECK_STR(page.items[0].changes[2].before, "x", "what it was");
	CHECK(page.items[0].changes[2].after == NULL, "and is no more");
	CHECK(page.items[1].agent == NULL, "the system did it");
	CHECK_INT(page.items[1].nchanges, 0, "no change");
	net_audit_page_free(&page);

	CHECK(net_decode_audit_page(empty, strlen(empty), &page, &err) == 0, err.message);
	CHECK(page.count == 0 && page.next_cursor == NULL, "an empty log");
	net_audit_page_free(&page);

	CHECK(net_decode_audit_page("{\"items\": [{\"id\": 1}]}", 22, &page, &err) == -1,
	    "a row without its time is refused");
	CHECK(strstr(err.message, "items[0]") != NULL, err.message);
}

static void
test_audit_query(void)
{
	struct net_audit_filter f;
	struct net_error err;
	char *q;

	memset(&f, 0, sizeof f);
	q = net_encode_audit_query(&f, &err);
	CHECK_STR(q, "", "no filter");
	free(q);
	f.agent = "c.moreau";
	f.action = "moderation.*";
	f.target_type = "proposal";
	f.target_id = 12;
	f.since = 1793491200;	/* 2026-11-01T00:00:00Z */
	f.limit = 200;
	f.cursor = "a b&c";
	q = net_encode_audit_query(&f, &err);
	CHECK_STR(q, "agent=c.moreau&action=moderation.%2A&target_type=proposal&cursor=a%20b%26c"
	    "&target_id=12&since=2026-11-01T00%3A00%3A00Z&limit=200", "every filter, escaped");
	free(q);
	f.limit = 1001;
	CHECK(net_encode_audit_query(&f, &err) == NULL, "a limit over 1000 is refused");
}

static void
test_stats(void)
{
	static const char json[] =
	    "{\"edition\": 2026, \"proposals\": {\"total\": 8, \"unassigned\": 1,"
	    "  \"by_state\": {\"costed\": 2, \"merged\": 1}, \"by_stage\": {\"works\": 1}},"
	    " \"districts\": [{\"code\": \"75001\", \"name\": \"Paris Centre\", \"envelope_cents\": 100000000,"
	    "   \"proposals\": 3, \"cost_cents\": 30000000, \"committed_cents\": 75000000,"
	    "   \"winners_cents\": 45000000}],"
	    " \"departments\": [{\"code\": \"DVD\", \"name\": \"Voirie\", \"proposals\": 4,"
	    "   \"cost_cents\": 230000000, \"workload\": 1, \"median_days_to_costed\": 6.5,"
	    "   \"oldest_waiting_at\": \"2026-01-12T08:00:00Z\"},"
	    "  {\"code\": \"DEVE\", \"name\": \"Espaces verts\", \"proposals\": 0, \"cost_cents\": 0,"
	    "   \"workload\": 0, \"median_days_to_costed\": null, \"oldest_waiting_at\": null}],"
	    " \"costs\": {\"total_cents\": 330000000, \"by_category\": {}},"
	    " \"reports\": {\"open\": 2, \"upheld\": 1, \"dismissed\": 1}, \"answers_needed\": 2}";
	static const char bad_total[] = "{\"edition\": 2026, \"proposals\": {\"total\": \"8\"}}";
	struct net_stats s;
	struct net_error err;
	size_t i;
	long costed = -1;

	CHECK(net_decode_stats(json, strlen(json), &s, &err) == 0, err.message);
	CHECK_INT(s.edition, 2026, "the edition");
	CHECK_INT(s.total, 8, "proposals");
	CHECK_INT(s.nstates, 2, "two states");
	for (i = 0; i < s.nstates; i++)
		if (strcmp(s.by_state[i].code, "costed") == 0)
			costed = s.by_state[i].count;
	CHECK_INT(costed, 2, "costed by state");
	CHECK_INT(s.ndistricts, 1, "one district");
	CHECK_INT(s.districts[0].envelope_cents, 100000000, "its envelope");
	CHECK_INT(s.districts[0].committed_cents, 75000000, "committed");
	CHECK_INT(s.districts[0].winners_cents, 45000000, "winners");
	CHECK_INT(s.ndepartments, 2, "two departments");
	CHECK(s.departments[0].median_days > 6.49 && s.departments[0].median_days < 6.51,
	    "a median");
	CHECK(s.departments[0].oldest_waiting_at == 1768204800, "the oldest waiting");
	CHECK(s.departments[1].median_days < 0, "no median");
	CHECK(s.departments[1].oldest_waiting_at == 0, "nothing waiting");
	CHECK_INT(s.costs_total_cents, 330000000, "costs");
	CHECK_INT(s.reports_open, 2, "open reports");
	CHECK_INT(s.answers_needed, 2, "answers needed");
	net_stats_free(&s);

	CHECK(net_decode_stats(bad_total, strlen(bad_total), &s, &err) == -1,
	    "a total as a string is refused");
	CHECK(strstr(err.message, "proposals.total") != NULL, err.message);
}

static void
test_unmerge(void)
{
	static const char json[] =
	    "{\"id\": 11, \"version\": 5, \"state\": \"admissible\", \"merge_id\": 41,"
	    " \"target\": {\"id\": 1234, \"version\": 9}}";
	struct net_unmerge u;
	struct net_error err;

	CHECK(net_decode_unmerge(json, strlen(json), &u, &err) == 0, err.message);
	CHECK_INT(u.id, 11, "the source");
	CHECK_INT(u.version, 5, "its new version");
	CHECK_STR(u.state, "admissible", "its state back");
	CHECK_INT(u.target_id, 1234, "the target");
	CHECK_INT(u.target_version, 9, "its new version");
	net_unmerge_free(&u);
	CHECK(net_decode_unmerge("{\"id\": 11}", 10, &u, &err) == -1, "a partial answer is refused");
}

int
main(void)
{
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	RUN(test_detail);
	RUN(test_detail_absent);
	RUN(test_detail_malformed);
	RUN(test_audit_page);
	RUN(test_audit_query);
	RUN(test_stats);
	RUN(test_unmerge);
	return check_done("net_detail");
}
