/* net/answers.c against the scripted HTTP server of httpd.c: templates,
 * the preview, the send with the caller's key, its resend after a failure,
 * and the codec alone. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../net/answers.h"
#include "check.h"
#include "httpd.h"

/* What a callback got. */
struct got {
	int calls;
	bool failed;
	struct net_error err;
	char text[2048];
};

static void
on_list(void *arg, long id, const struct net_template_list *l, const struct net_error *err)
{
	struct got *g = arg;
	size_t i, used = 0;

	(void)id;
	g->calls++;
	g->failed = err != NULL;
	if (err != NULL) {
		g->err = *err;
		return;
	}
	g->text[0] = '\0';
	for (i = 0; i < l->count && used < sizeof g->text; i++)
		used += (size_t)snprintf(g->text + used, sizeof g->text - used, "%lld:%s:%s:v%d|",
		    l->items[i].id, l->items[i].name, l->items[i].body, l->items[i].version);
	for (i = 0; i < l->nvariables && used < sizeof g->text; i++)
		used += (size_t)snprintf(g->text + used, sizeof g->text - used, "%s,",
		    l->variables[i].name);
}

static void
on_template(void *arg, long id, const struct net_template *t, const struct net_error *err)
{
	struct got *g = arg;

	(void)id;
	g->calls++;
	g->failed = err != NULL;
	if (err != NULL)
		g->err = *err;
	else
		snprintf(g->text, sizeof g->text, "%lld %s %d", t->id, t->name, t->version);
}

static void
on_preview(void *arg, long id, const struct net_answer_preview *p, const struct net_error *err)
{
	struct got *g = arg;
	size_t i, used;

	(void)id;
	g->calls++;
	g->failed = err != NULL;
	if (err != NULL) {
		g->err = *err;
		return;
	}
	used = (size_t)snprintf(g->text, sizeof g->text, "ok=%zu invalid=%zu|",
	    p->counts[NET_ITEM_OK], p->counts[NET_ITEM_INVALID]);
	for (i = 0; i < p->count && used < sizeof g->text; i++) {
		const struct net_answer_preview_item *it = &p->items[i];

		if (it->status == NET_ITEM_OK)
			used += (size_t)snprintf(g->text + used, sizeof g->text - used,
			    "%lld %s (%lld) p%lld: %s|", it->target.id, it->citizen_name,
			    it->citizen_id, it->proposal_id, it->body);
		else
			used += (size_t)snprintf(g->text + used, sizeof g->text - used,
			    "%lld invalid: %s|", it->target.id, it->message ? it->message : "?");
	}
}

static void
on_sent(void *arg, long id, const struct net_answer_sent *s, const struct net_error *err)
{
	struct got *g = arg;
	size_t i, used;

	(void)id;
	g->calls++;
	g->failed = err != NULL;
	if (err != NULL) {
		g->err = *err;
		return;
	}
	used = (size_t)snprintf(g->text, sizeof g->text, "%s ok=%zu invalid=%zu|", s->batch_id,
	    s->counts[NET_ITEM_OK], s->counts[NET_ITEM_INVALID]);
	for (i = 0; i < s->count && used < sizeof g->text; i++)
		used += (size_t)snprintf(g->text + used, sizeof g->text - used, "%lld:%s:%lld|",
		    s->results[i].target.id, s->results[i].status == NET_ITEM_OK ? "ok" :
		    s->results[i].message, s->results[i].answer_id);
}

/* ---- templates ------------------------------------------------------------ */

static const char list_json[] = "{\"items\": [{\"id\": 3, \"name\": \"Irrecevable\","
    " \"body\": \"Bonjour {{citizen_name}}\", \"version\": 2,"
    " \"updated_at\": \"2026-11-20T10:00:00+01:00\"}, {\"id\": 1, \"name\": \"Lauréat\","
    " \"body\": \"Bravo\", \"version\": 1, \"updated_at\": \"2026-11-01T10:00:00Z\"}],"
    " \"next_cursor\": null, \"variables\": [{\"name\": \"citizen_name\", \"description\":"
    " \"display name\"}, {\"name\": \"proposal_id\", \"description\": \"number\"}]}";

static void
test_templates(void)
{
	char *list = httpd_answer("200 OK", list_json);
	char *one = httpd_answer("200 OK", "{\"id\": 3, \"name\": \"Irrecevable\", \"body\": \"B\","
	    " \"variables\": [\"citizen_name\"], \"version\": 2, \"created_by\": null,"
	    " \"updated_by\": null, \"updated_at\": \"2026-11-20T10:00:00Z\"}");
	char *gone = httpd_answer("404 Not Found", "{\"error\": {\"code\": \"not_found\","
	    " \"message\": \"no such template\"}}");
	struct httpd_step steps[] = { { list }, { one }, { gone } };
	struct httpd s;
	struct net_error err;
	struct got g = { 0 };
	struct net *n;
	char status[256], *log;

	httpd_start(&s, steps, 3);
	n = net_open(s.url, &err);
	CHECK(n != NULL, "a client");
	if (n == NULL)
		return;
	net_set_token(n, "tok");
	CHECK(net_template_list(n, on_list, &g, &err) > 0, "list asked");
	net_status(n, status, sizeof status);
	CHECK_STR(status, "loading the templates", "the status line says so");
	CHECK(httpd_pump(n, &g.calls, 1, 5000), "list answered");
	CHECK(!g.failed, "no error");
	CHECK_STR(g.text, "3:Irrecevable:Bonjour {{citizen_name}}:v2|1:Lauréat:Bravo:v1|"
	    "citizen_name,proposal_id,", "the templates and the placeholders");

	memset(&g, 0, sizeof g);
	CHECK(net_template_get(n, 3, on_template, &g, &err) > 0, "one template asked");
	CHECK(httpd_pump(n, &g.calls, 1, 5000), "answered");
	CHECK_STR(g.text, "3 Irrecevable 2", "the template");

	memset(&g, 0, sizeof g);
	net_template_get(n, 99, on_template, &g, &err);
	CHECK(httpd_pump(n, &g.calls, 1, 5000), "answered");
	CHECK(g.failed && g.err.status == 404, "a template gone: 404");
	CHECK_STR(g.err.message, "no such template", "the server's words");

	CHECK_INT(net_template_get(n, 0, on_template, &g, &err), -1, "no id: nothing sent");
	log = httpd_log(&s);
	CHECK(strstr(log, "GET /v1/templates HTTP/1.1") != NULL, "GET /v1/templates");
	CHECK(strstr(log, "GET /v1/templates/3 HTTP/1.1") != NULL, "GET /v1/templates/3");
	CHECK_INT(httpd_count(log, "Authorization: Bearer tok"), 3, "each with the token");
	free(log);
	net_close(n);
	httpd_stop(&s);
	free(list);
	free(one);
	free(gone);
}

/* ---- the preview -------------------------------------------------------------- */

static void
test_preview(void)
{
	char *preview = httpd_answer("200 OK", "{\"results\": [{\"type\": \"proposal\", \"id\": 12,"
	    " \"status\": \"ok\", \"citizen\": {\"id\": 40, \"display_name\": \"Léa Martin\"},"
	    " \"proposal_id\": 12, \"body\": \"Bonjour Léa Martin, n°12\"}, {\"type\": \"proposal\","
	    " \"id\": 99, \"status\": \"invalid\", \"message\": \"no such proposal\"}],"
	    " \"counts\": {\"ok\": 1, \"invalid\": 1}}");
	char *refused = httpd_answer("422 Unprocessable Entity", "{\"error\": {\"code\":"
	    " \"unknown_variable\", \"message\": \"unknown variable {{nom}} (known: citizen_name)\","
	    " \"details\": {\"variable\": \"nom\"}}}");
	struct httpd_step steps[] = { { preview }, { refused } };
	struct net_target targets[2] = { { NET_PROPOSAL, 12 }, { NET_PROPOSAL, 99 } };
	struct net_answer_request r = { targets, 2, 3, NULL, NULL };
	struct httpd s;
	struct net_error err;
	struct got g = { 0 };
	struct net *n;
	char status[256], *log;

	httpd_start(&s, steps, 2);
	n = net_open(s.url, &err);
	if (n == NULL)
		return;
	net_set_token(n, "tok");
	CHECK(net_answer_preview(n, &r, on_preview, &g, &err) > 0, "preview asked");
	net_status(n, status, sizeof status);
	CHECK_STR(status, "previewing 2 answers", "the status line");
	CHECK(httpd_pump(n, &g.calls, 1, 5000), "answered");
	CHECK(!g.failed, "no error");
	CHECK_STR(g.text, "ok=1 invalid=1|12 Léa Martin (40) p12: Bonjour Léa Martin, n°12|"
	    "99 invalid: no such proposal|", "each target's text, or why not");

	memset(&g, 0, sizeof g);
	r.template_id = 0;
	r.body = "Bonjour {{nom}} « é »";
	net_answer_preview(n, &r, on_preview, &g, &err);
	CHECK(httpd_pump(n, &g.calls, 1, 5000), "answered");
	CHECK(g.failed && g.err.status == 422, "an unknown placeholder: 422");
	CHECK_STR(g.err.code, "unknown_variable", "its code");

	log = httpd_log(&s);
	CHECK_INT(httpd_count(log, "POST /v1/answers/preview HTTP/1.1"), 2, "POST /v1/answers/preview");
	CHECK(strstr(log, "{\"targets\":[{\"type\":\"proposal\",\"id\":12},{\"type\":\"proposal\","
	    "\"id\":99}],\"template_id\":3}") != NULL, "the targets and the template");
	CHECK(strstr(log, "\"body\":\"Bonjour {{nom}} « é »\"}") != NULL,
	    "a text of one's own, in UTF-8");
	CHECK_INT(httpd_count(log, "idempotency_key"), 0, "a preview has no key");
	CHECK_INT(httpd_count(log, "Idempotency-Key"), 0, "nor a header");
	free(log);
	net_close(n);
	httpd_stop(&s);
	free(preview);
	free(refused);
}

/* ---- the send, and its resend with the same key ------------------------------- */

static void
test_send_resend(void)
{
	char *sent = httpd_answer("201 Created", "{\"batch_id\": \"b7\", \"results\": [{\"type\":"
	    " \"proposal\", \"id\": 12, \"status\": \"ok\", \"answer_id\": 501}, {\"type\":"
	    " \"proposal\", \"id\": 99, \"status\": \"invalid\", \"message\": \"no such proposal\"}],"
	    " \"counts\": {\"ok\": 1, \"invalid\": 1}}");
	/* the first answer is cut: the client cannot know whether it applied */
	struct httpd_step steps[] = { { "HTTP/1.1 201 Created\r\nContent-Length: 300\r\n\r\n{\"batch" },
		{ sent }, { sent } };
	struct net_target targets[2] = { { NET_PROPOSAL, 12 }, { NET_PROPOSAL, 99 } };
	struct net_answer_request r = { targets, 2, 0, "Bonjour {{citizen_name}}", NULL };
	struct httpd s;
	struct net_error err;
	struct got g = { 0 };
	struct net *n;
	char key[33], other[33], want[200], *log;

	CHECK_INT(net_answer_key(key, &err), 0, "a key");
	CHECK_INT(net_answer_key(other, &err), 0, "another key");
	CHECK(strlen(key) == 32 && strspn(key, "0123456789abcdef") == 32, "32 hex digits");
	CHECK(strcmp(key, other) != 0, "a new one each time");
	r.key = key;

	httpd_start(&s, steps, 3);
	n = net_open(s.url, &err);
	if (n == NULL)
		return;
	net_set_token(n, "tok");
	CHECK(net_answer_send(n, &r, on_sent, &g, &err) > 0, "sent");
	CHECK(httpd_pump(n, &g.calls, 1, 10000), "answered");
	CHECK(!g.failed, "a cut answer: tried again by itself, with the same key");
	CHECK_STR(g.text, "b7 ok=1 invalid=1|12:ok:501|99:no such proposal:0|",
	    "each target's result");

	/* the caller may send the same answers again later, with the same key */
	memset(&g, 0, sizeof g);
	CHECK(net_answer_send(n, &r, on_sent, &g, &err) > 0, "sent again");
	CHECK(httpd_pump(n, &g.calls, 1, 10000), "answered");
	CHECK(!g.failed, "no error");

	log = httpd_log(&s);
	CHECK_INT(httpd_count(log, "POST /v1/answers HTTP/1.1"), 3, "three requests");
	snprintf(want, sizeof want, "\"body\":\"Bonjour {{citizen_name}}\",\"idempotency_key\":\"%s\"}",
	    key);
	CHECK_INT(httpd_count(log, want), 3, "each with the caller's key in the body");
	/* the header, which the server takes first, is the same key */
	snprintf(want, sizeof want, "Idempotency-Key: %s", key);
	CHECK_INT(httpd_count(log, want), 3, "and as the Idempotency-Key");
	free(log);
	net_close(n);
	httpd_stop(&s);
	free(sent);
}

/* ---- the codec alone --------------------------------------------------------- */

static void
test_codec(void)
{
	struct net_target targets[1] = { { NET_PROPOSAL, 5 } };
	struct net_answer_request r = { targets, 1, 0, NULL, NULL };
	struct net_template_list l;
	struct net_answer_preview p;
	struct net_answer_sent s;
	struct net_error err;
	char *body, bad[] = "caf\xC3";

	CHECK_INT(net_decode_template_list(list_json, strlen(list_json), &l, &err), 0, "a list");
	CHECK_INT(l.count, 2, "two templates");
	CHECK(l.items[0].updated_at > 0, "the time read");
	net_template_list_free(&l);
	body = "{\"items\": null, \"variables\": []}";
	CHECK_INT(net_decode_template_list(body, strlen(body), &l, &err), 0, "no template at all");
	CHECK_INT(l.count, 0, "none");
	net_template_list_free(&l);
	body = "{\"items\": [{\"id\": 1, \"name\": 2}]}";
	CHECK_INT(net_decode_template_list(body, strlen(body), &l, &err), -1,
	    "a name that is no string");
	CHECK_STR(err.message, "unexpected answer from the server: items[0].name should be a string",
	    "the field named");

	/* an ok item must say what its author gets */
	body = "{\"results\": [{\"type\": \"proposal\", \"id\": 5, \"status\": \"ok\", \"citizen\":"
	    " {\"id\": 1, \"display_name\": \"A\"}, \"proposal_id\": 5}], \"counts\": {\"ok\": 1}}";
	CHECK_INT(net_decode_answer_preview(body, strlen(body), &p, &err), -1, "no body");
	CHECK_STR(err.message, "unexpected answer from the server: results[0].body is missing",
	    "said so");
	body = "{\"results\": null, \"counts\": {\"ok\": 0, \"invalid\": 0}}";
	CHECK_INT(net_decode_answer_preview(body, strlen(body), &p, &err), 0, "no results");
	net_answer_preview_free(&p);
	body = "{\"batch_id\": \"x\", \"results\": [{\"type\": \"proposal\", \"id\": 5, \"status\":"
	    " \"ok\"}], \"counts\": {\"ok\": 1, \"invalid\": 0}}";
	CHECK_INT(net_decode_answer_sent(body, strlen(body), &s, &err), -1, "an ok send has an id");
	CHECK_STR(err.message, "unexpected answer from the server: results[0].answer_id is missing",
	    "said so");

	CHECK(net_encode_answer(&r, 0, &err) == NULL, "no template, no text");
	CHECK_STR(err.message, "an answer needs a template or a text", "said so");
	r.body = "texte";
	CHECK(net_encode_answer(&r, 1, &err) == NULL, "a send without a key");
	CHECK_STR(err.message, "sending answers needs a key", "said so");
	r.body = bad;
	CHECK(net_encode_answer(&r, 0, &err) == NULL, "a text that is not UTF-8");
	CHECK_STR(err.message, "the text is not valid UTF-8: save it as UTF-8 and try again",
	    "said so");
	r.count = 0;
	CHECK(net_encode_answer(&r, 0, &err) == NULL, "no target");
	CHECK_STR(err.message, "no proposal to answer", "said so");
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	RUN(test_templates);
	RUN(test_preview);
	RUN(test_send_resend);
	RUN(test_codec);
	return check_done("net_answers");
}
