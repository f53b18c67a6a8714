/* The HTTP side of pupitred: libmicrohttpd, request bodies, logging,
 * graceful shutdown. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <microhttpd.h>

#include "args.h"
#include "call.h"
#include "db.h"
#include "events.h"
#include "http.h"
#include "routes.h"

struct server {
	const struct http_config *config;
	struct db_pool *pool;
	struct events *events;
	pthread_mutex_t lock;
	int in_flight;		/* requests being received or answered, SSE
				   streams excluded once they stream */
};

struct request {
	char *body;
	size_t len, cap;
	int too_large;
	int counted;
	struct timespec start;
};

static double
elapsed_ms(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) * 1e3 +
	    (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

/*
 * Text from the request as the log shows it: the path arrives
 * percent-decoded, so a "%0A" would end the line and start a forged one, and
 * an ESC would drive the terminal of whoever reads the log. Bytes outside
 * printable ASCII (the space too, unless spaces is set: it separates the
 * fields of a request line) and the backslash are written \xHH; at most
 * max bytes of the source are shown.
 */
static void
log_text(char *out, size_t outlen, const char *text, size_t max, int spaces)
{
	size_t o = 0, i;

	for (i = 0; text[i] != '\0' && i < max && o + 5 < outlen; i++) {
		unsigned char c = (unsigned char)text[i];

		if ((c < 0x21 && !(spaces && c == ' ')) || c > 0x7e || c == '\\')
			o += (size_t)snprintf(out + o, outlen - o, "\\x%02x", c);
		else
			out[o++] = (char)c;
	}
	out[o] = '\0';
}

/* One line per request; never the token, the body or the query string. */
static void
log_request(const char *agent, const char *method, const char *path, int status,
    const struct timespec *start)
{
	char when[32], m[64], p[804];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	log_text(m, sizeof m, method, 12, 0);
	log_text(p, sizeof p, path, 200, 0);
	fprintf(stderr, "%s %s %s %s %d %.1fms\n", when, agent, m, p, status,
	    elapsed_ms(start));
}

/*
 * libmicrohttpd's own messages (a client gone in the middle of a stream...)
 * as lines of pupitred, escaped like the request lines: they may quote the
 * request.
 */
__attribute__((format(printf, 2, 0)))
static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char text[600], shown[2404];
	size_t n;

	(void)cls;
	vsnprintf(text, sizeof text, fmt, ap);
	n = strlen(text);
	while (n > 0 && text[n - 1] == '\n')
		text[--n] = '\0';
	log_text(shown, sizeof shown, text, sizeof text, 1);
	fprintf(stderr, "pupitred: %s\n", shown);
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decoding of the path and the query values, as libmicrohttpd does
 * it, but "%00" stays as it is: decoded, it ended the C string, and
 * "/v1/me%00x" was served as "/v1/me".
 */
static size_t
unescape(void *cls, struct MHD_Connection *conn, char *text)
{
	char *in = text, *out = text;

	(void)cls;
	(void)conn;
	while (*in != '\0') {
		int hi, lo;

		if (in[0] == '%' && (hi = hex_value(in[1])) >= 0 && (lo = hex_value(in[2])) >= 0 &&
		    (hi | lo) != 0) {
			*out++ = (char)(hi * 16 + lo);
			in += 3;
		} else {
			*out++ = *in++;
		}
	}
	*out = '\0';
	return (size_t)(out - text);
}

static enum MHD_Result
send_json(struct MHD_Connection *conn, int status, char *body)
{
	static const char oom[] = "{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\"}}";
	struct MHD_Response *r;
	enum MHD_Result ret;

	if (body == NULL) {
		status = 500;
		r = MHD_create_response_from_buffer(sizeof oom - 1, (void *)oom,
		    MHD_RESPMEM_PERSISTENT);
	} else {
		r = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
	}
	if (r == NULL) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", "application/json");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	ret = MHD_queue_response(conn, (unsigned)status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
send_error(struct MHD_Connection *conn, const char *method, const char *path,
    const struct request *req, int status, const char *code, const char *message)
{
	log_request("-", method, path, status, &req->start);
	return send_json(conn, status, call_error_body(code, message, NULL));
}

struct query_walk {
	json_t *args;
	const char *spec;
	struct args_error error;
	int failed;
};

static enum MHD_Result
query_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct query_walk *w = cls;

	(void)kind;
	if (args_add_query(w->args, w->spec, key, value, &w->error) != 0) {
		w->failed = 1;
		return MHD_NO;
	}
	return MHD_YES;
}

static const char *
bearer_token(struct MHD_Connection *conn)
{
	const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");

	if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	h += 7;
	while (*h == ' ')
		h++;
	return *h ? h : NULL;
}

/* The JSON arguments of a request, or NULL with e filled. */
static json_t *
request_args(struct MHD_Connection *conn, const struct route *route,
    const struct route_param *param, const struct request *req, struct args_error *e)
{
	json_t *args;
	const char *key;

	if (route->args == ARGS_BODY) {
		args = args_from_body(req->body, req->len, e);
	} else {
		struct query_walk w = { json_object(), route->query, { 0, NULL, "" }, 0 };

		args = w.args;
		if (args == NULL) {
			e->status = 500;
			e->code = "internal";
			return NULL;
		}
		MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, query_arg, &w);
		if (w.failed) {
			*e = w.error;
			json_decref(args);
			return NULL;
		}
	}
	if (args == NULL)
		return NULL;
	if (param->name[0] != '\0' &&
	    json_object_set_new(args, param->name, json_integer(param->value)) != 0) {
		json_decref(args);
		return NULL;
	}
	key = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Idempotency-Key");
	if (key != NULL && args_add_idempotency_key(args, key, e) != 0) {
		json_decref(args);
		return NULL;
	}
	return args;
}

static enum MHD_Result
serve_events(struct server *s, struct MHD_Connection *conn, const struct route *route,
    const char *method, const char *path, struct request *req)
{
	const char *last = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Last-Event-ID");
	struct route auth = *route;	/* checks the session and the role only */
	struct call_result res;
	struct MHD_Response *r;
	PGconn *db = db_acquire(s->pool);
	enum MHD_Result ret;
	long long last_id = -1;

	auth.function = "whoami";
	if (db == NULL)
		return send_error(conn, method, path, req, 503, "database_unavailable",
		    "the database cannot be reached; try again shortly");
	call_api(db, &auth, bearer_token(conn), "{}", &res);
	db_release(s->pool, db);
	if (res.status != 200) {
		log_request(res.agent, method, path, res.status, &req->start);
		return send_json(conn, res.status, res.body);
	}
	free(res.body);
	if (last != NULL) {
		char *end;

		last_id = strtoll(last, &end, 10);
		if (end == last || *end != '\0' || last_id < 0)
			return send_error(conn, method, path, req, 400, "invalid",
			    "Last-Event-ID must be an event id");
	}
	r = events_response(s->events, conn, last_id);
	if (r == NULL)
		return send_error(conn, method, path, req, 500, "internal", "out of memory");
	log_request(res.agent, method, path, 200, &req->start);
	ret = MHD_queue_response(conn, 200, r);
	MHD_destroy_response(r);
	/* a stream lasts until its client or the stop ends it: a stop does not wait for it */
	pthread_mutex_lock(&s->lock);
	s->in_flight--;
	req->counted = 0;
	pthread_mutex_unlock(&s->lock);
	return ret;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct server *s = cls;
	struct request *req = *con_cls;
	const struct route *route;
	struct call_result res;
	struct args_error e = { 400, "invalid", "" };
	json_t *args;
	char *args_text;
	PGconn *db;
	struct route_param param;
	int path_known;

	(void)version;
	if (req == NULL) {
		req = calloc(1, sizeof *req);
		if (req == NULL)
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &req->start);
		/* in flight from its headers on: a stop lets its body arrive */
		pthread_mutex_lock(&s->lock);
		s->in_flight++;
		req->counted = 1;
		pthread_mutex_unlock(&s->lock);
		*con_cls = req;
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (!req->too_large && req->len + *upload_size > s->config->max_body) {
			req->too_large = 1;
			free(req->body);
			req->body = NULL;
		}
		if (!req->too_large) {
			/* + 1: room for the NUL that lets the body go to SQL as is */
			if (req->len + *upload_size + 1 > req->cap) {
				size_t cap = (req->len + *upload_size) * 2 + 1;
				char *body;

				if (cap > s->config->max_body + 1)
					cap = s->config->max_body + 1;
				body = realloc(req->body, cap);
				if (body == NULL)
					return MHD_NO;
				req->body = body;
				req->cap = cap;
			}
			memcpy(req->body + req->len, upload, *upload_size);
			req->len += *upload_size;
		}
		*upload_size = 0;
		return MHD_YES;
	}

	route = route_find(method, url, &param, &path_known);
	if (route == NULL)
		return path_known ?
		    send_error(conn, method, url, req, 405, "method_not_allowed",
			"this path does not take this method") :
		    send_error(conn, method, url, req, 404, "not_found", "no such route");
	if (req->too_large)
		return send_error(conn, method, url, req, 413, "too_large",
		    "the request body is larger than the server accepts");
	if (route->function == NULL) {
		/* no query parameters: refused like those of any other route */
		args = request_args(conn, route, &param, req, &e);
		if (args == NULL)
			return send_error(conn, method, url, req, e.status, e.code, e.message);
		json_decref(args);
		return serve_events(s, conn, route, method, url, req);
	}

	args = request_args(conn, route, &param, req, &e);
	if (args == NULL)
		return send_error(conn, method, url, req, e.status, e.code, e.message);
	/*
	 * A body checked and left as it came goes to SQL as it came: dumping
	 * it again would cost tens of milliseconds on a 10,000-item list.
	 */
	if (route->args == ARGS_BODY && req->len > 0 && json_object_size(args) > 0 &&
	    param.name[0] == '\0' &&
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Idempotency-Key") == NULL) {
		req->body[req->len] = '\0';
		args_text = strdup(req->body);
	} else {
		args_text = json_dumps(args, JSON_COMPACT);
	}
	json_decref(args);
	if (args_text == NULL)
		return send_error(conn, method, url, req, 500, "internal", "out of memory");

	db = db_acquire(s->pool);
	if (db == NULL) {
		free(args_text);
		return send_error(conn, method, url, req, 503, "database_unavailable",
		    "the database cannot be reached; try again shortly");
	}
	call_api(db, route, bearer_token(conn), args_text, &res);
	db_release(s->pool, db);
	free(args_text);
	log_request(res.agent, method, url, res.status, &req->start);
	return send_json(conn, res.status, res.body);
}

static void
completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct server *s = cls;
	struct request *req = *con_cls;

	(void)conn;
	(void)toe;
	if (req == NULL)
		return;
	if (req->counted) {
		pthread_mutex_lock(&s->lock);
		s->in_flight--;
		pthread_mutex_unlock(&s->lock);
	}
	free(req->body);
	free(req);
	*con_cls = NULL;
}

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n < 1 << 20 &&
	    fseek(f, 0, SEEK_SET) == 0 && (text = malloc((size_t)n + 1)) != NULL) {
		if (fread(text, 1, (size_t)n, f) != (size_t)n) {
			free(text);
			text = NULL;
		} else {
			text[n] = '\0';
		}
	}
	fclose(f);
	return text;
}

static int
parse_listen(const char *listen, struct sockaddr_in *addr)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	char *end;
	long port;

	if (colon == NULL || (size_t)(colon - listen) >= sizeof host)
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || port < 1 || port > 65535)
		return -1;
	memset(addr, 0, sizeof *addr);
	addr->sin_family = AF_INET;
	addr->sin_port = htons((unsigned short)port);
	return inet_pton(AF_INET, host, &addr->sin_addr) == 1 ? 0 : -1;
}

int
http_serve(const struct http_config *config)
{
	struct server s = { .config = config };
	struct sockaddr_in addr;
	struct MHD_Daemon *daemon;
	char *cert = NULL, *key = NULL;
	char err[512];
	sigset_t stop;
	MHD_socket listener;
	int sig, waited;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC |
	    MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;

	if (parse_listen(config->listen, &addr) != 0) {
		fprintf(stderr, "pupitred: --listen wants IPv4ADDRESS:PORT, not '%s'\n",
		    config->listen);
		return 2;
	}
	if ((config->tls_cert == NULL) != (config->tls_key == NULL)) {
		fprintf(stderr, "pupitred: --tls-cert and --tls-key go together\n");
		return 2;
	}
	if (config->tls_cert != NULL) {
		cert = read_file(config->tls_cert);
		key = read_file(config->tls_key);
		if (cert == NULL || key == NULL) {
			fprintf(stderr, "pupitred: cannot read %s\n",
			    cert == NULL ? config->tls_cert : config->tls_key);
			free(cert);
			free(key);
			return 1;
		}
		flags |= MHD_USE_TLS;
	}

	/* Signals are taken by sigwait below, not by handlers in any thread. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	s.pool = db_pool_open(config->conninfo, config->workers,
	    config->statement_timeout_ms, err, sizeof err);
	if (s.pool == NULL) {
		fprintf(stderr, "pupitred: %s\n", err);
		free(cert);
		free(key);
		return 1;
	}
	s.events = events_start(config->conninfo, 4096, 15, err, sizeof err);
	if (s.events == NULL) {
		fprintf(stderr, "pupitred: %s\n", err);
		db_pool_close(s.pool);
		free(cert);
		free(key);
		return 1;
	}
	pthread_mutex_init(&s.lock, NULL);
	daemon = MHD_start_daemon(flags, 0, NULL, NULL, handle, &s,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,	/* first, for every message */
	    MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)config->workers,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, &s,
	    MHD_OPTION_CONNECTION_TIMEOUT, 60u,
	    MHD_OPTION_CONNECTION_LIMIT, 1000u,
	    cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert,
	    MHD_OPTION_HTTPS_MEM_KEY, key,
	    MHD_OPTION_END);
	if (daemon == NULL) {
		fprintf(stderr, "pupitred: cannot listen on %s\n", config->listen);
		events_stop(s.events);
		db_pool_close(s.pool);
		free(cert);
		free(key);
		return 1;
	}
	fprintf(stderr, "pupitred: listening on %s%s\n", config->listen,
	    cert ? " (TLS)" : "");

	while (sigwait(&stop, &sig) != 0)
		;
	fprintf(stderr, "pupitred: %s, finishing requests in flight\n",
	    sig == SIGTERM ? "SIGTERM" : "SIGINT");
	/*
	 * The daemon no longer accepts, but the socket it hands back would
	 * still listen: connections would queue unanswered until the exit.
	 * Closed, they are refused at once.
	 */
	listener = MHD_quiesce_daemon(daemon);
	if (listener != MHD_INVALID_SOCKET)
		close(listener);
	events_close_streams(s.events);
	for (waited = 0; waited < 300; waited++) {
		int busy;

		pthread_mutex_lock(&s.lock);
		busy = s.in_flight;
		pthread_mutex_unlock(&s.lock);
		if (busy == 0)
			break;
		nanosleep(&(struct timespec){ 0, 100 * 1000 * 1000 }, NULL);
	}
	MHD_stop_daemon(daemon);
	events_stop(s.events);
	db_pool_close(s.pool);
	pthread_mutex_destroy(&s.lock);
	free(cert);
	free(key);
	fprintf(stderr, "pupitred: stopped\n");
	return 0;
}
