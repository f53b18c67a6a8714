/* pupitred: the platform API server, and the tools that set up its database. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "http.h"
#include "migrate.h"
#include "../core/version.h"

static const char usage_text[] =
"usage: pupitred COMMAND [OPTIONS]\n"
"\n"
"commands:\n"
"  migrate --db CONNINFO       apply the schema migrations the database lacks\n"
"  seed --db CONNINFO [SIZES]  load the demo city (deterministic)\n"
"  serve --db CONNINFO [--listen ADDR:PORT] [--tls-cert F --tls-key F]\n"
"        [--workers N] [--max-body BYTES] [--statement-timeout MS]\n"
"                              serve the API (default 127.0.0.1:8750)\n"
"\n"
"seed sizes (defaults in brackets):\n"
"  --seed N [1]  --citizens N [3000]  --proposals N [2000]\n"
"  --comments N [30000]  --reports N [1500]\n"
"\n"
"CONNINFO is a libpq connection string or URI; without --db the PG*\n"
"environment variables apply.\n"
"  --help     show this help\n"
"  --version  show the version\n";

struct seed_size {
	const char *option;
	const char *key;
	long value;
};

static PGconn *
connect_db(const char *conninfo)
{
	PGconn *conn = PQconnectdb(conninfo ? conninfo : "");

	if (conn == NULL) {
		fprintf(stderr, "pupitred: out of memory\n");
		return NULL;
	}
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "pupitred: cannot connect to the database: %s",
		    PQerrorMessage(conn));
		PQfinish(conn);
		return NULL;
	}
	return conn;
}

static int
parse_count(const char *option, const char *text, long *value)
{
	char *end;

	errno = 0;
	*value = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || *value < 0 ||
	    *value > 10000000) {
		fprintf(stderr, "pupitred: %s needs a number from 0 to 10000000, "
		    "not '%s'\n", option, text);
		return -1;
	}
	return 0;
}

static int
cmd_migrate(PGconn *conn)
{
	char err[1024];
	int applied = migrate_apply(conn, err, sizeof err);

	if (applied < 0) {
		fprintf(stderr, "pupitred: %s\n", err);
		return 1;
	}
	printf("pupitred: schema at version %d (%d migration%s applied)\n",
	    migrate_known_version(), applied, applied == 1 ? "" : "s");
	return 0;
}

static int
cmd_seed(PGconn *conn, struct seed_size *sizes, size_t nsizes)
{
	char options[512], err[1024], *summary = NULL;
	size_t used = 0, i;

	used += (size_t)snprintf(options, sizeof options, "{");
	for (i = 0; i < nsizes; i++) {
		if (sizes[i].value < 0)
			continue;
		used += (size_t)snprintf(options + used, sizeof options - used,
		    "%s\"%s\": %ld", used > 1 ? ", " : "", sizes[i].key,
		    sizes[i].value);
	}
	snprintf(options + used, sizeof options - used, "}");
	if (migrate_seed_demo(conn, options, &summary, err, sizeof err) != 0) {
		fprintf(stderr, "pupitred: %s\n", err);
		return 1;
	}
	printf("pupitred: demo city loaded: %s\n", summary ? summary : options);
	free(summary);
	return 0;
}

/* Options of serve; numbers are checked by parse_count. */
struct serve_options {
	struct http_config config;
	long workers, max_body, timeout;
};

static int
serve_option(struct serve_options *o, const char *name, const char *value)
{
	if (strcmp(name, "--listen") == 0)
		o->config.listen = value;
	else if (strcmp(name, "--tls-cert") == 0)
		o->config.tls_cert = value;
	else if (strcmp(name, "--tls-key") == 0)
		o->config.tls_key = value;
	else if (strcmp(name, "--workers") == 0)
		return parse_count(name, value, &o->workers) != 0 || o->workers < 1 ||
		    o->workers > 256 ? -1 : 0;
	else if (strcmp(name, "--max-body") == 0)
		return parse_count(name, value, &o->max_body) != 0 || o->max_body < 1024 ? -1 : 0;
	else if (strcmp(name, "--statement-timeout") == 0)
		return parse_count(name, value, &o->timeout) != 0 || o->timeout < 100 ? -1 : 0;
	else
		return 1;
	return 0;
}

int
main(int argc, char **argv)
{
	struct seed_size sizes[] = {
		{ "--seed", "seed", -1 },
		{ "--citizens", "citizens", -1 },
		{ "--proposals", "proposals", -1 },
		{ "--comments", "comments", -1 },
		{ "--reports", "reports", -1 },
	};
	const size_t nsizes = sizeof sizes / sizeof sizes[0];
	struct serve_options serve = {
		.config = { .listen = "127.0.0.1:8750" },
		.workers = 8, .max_body = 1 << 20, .timeout = 10000,
	};
	const char *command, *conninfo = NULL;
	PGconn *conn;
	int i, rc;
	size_t s;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("pupitred %s (schema %d)\n", PUPITRE_VERSION,
		    migrate_known_version());
		return 0;
	}
	command = argv[1];
	if (strcmp(command, "migrate") != 0 && strcmp(command, "seed") != 0 &&
	    strcmp(command, "serve") != 0) {
		fprintf(stderr, "pupitred: unknown command '%s' (try --help)\n", command);
		return 2;
	}
	for (i = 2; i < argc; i++) {
		if (i + 1 >= argc) {
			fprintf(stderr, "pupitred %s: option '%s' needs a value (try --help)\n",
			    command, argv[i]);
			return 2;
		}
		if (strcmp(argv[i], "--db") == 0) {
			conninfo = argv[++i];
			continue;
		}
		if (strcmp(command, "serve") == 0) {
			rc = serve_option(&serve, argv[i], argv[i + 1]);
			if (rc < 0)
				return 2;
			if (rc == 0) {
				i++;
				continue;
			}
		}
		for (s = 0; s < nsizes; s++)
			if (strcmp(command, "seed") == 0 && strcmp(argv[i], sizes[s].option) == 0)
				break;
		if (s == nsizes) {
			fprintf(stderr, "pupitred %s: unknown option '%s' (try --help)\n",
			    command, argv[i]);
			return 2;
		}
		if (parse_count(argv[i], argv[i + 1], &sizes[s].value) != 0)
			return 2;
		i++;
	}
	if (strcmp(command, "serve") == 0) {
		serve.config.conninfo = conninfo ? conninfo : "";
		serve.config.workers = (int)serve.workers;
		serve.config.max_body = (size_t)serve.max_body;
		serve.config.statement_timeout_ms = (int)serve.timeout;
		return http_serve(&serve.config);
	}
	conn = connect_db(conninfo);
	if (conn == NULL)
		return 1;
	if (strcmp(command, "migrate") == 0)
		rc = cmd_migrate(conn);
	else
		rc = cmd_seed(conn, sizes, nsizes);
	PQfinish(conn);
	return rc;
}
