/* A fixed pool of PostgreSQL connections, one per worker thread. */
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "migrate.h"

struct db_pool {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	char *conninfo;
	int timeout_ms;
	int size;
	int nfree;
	PGconn **conns;	/* NULL where a connection could not be made */
	int *busy;
};

static int
session_setup(PGconn *conn, int timeout_ms, char *err, size_t errlen)
{
	char sql[256];
	PGresult *res;
	int ok;

	/*
	 * Work as pupitre_app when this login may: the grants, not the
	 * login's privileges, are what the server is allowed.
	 */
	snprintf(sql, sizeof sql,
	    "select set_config('statement_timeout', '%d', false);"
	    "select set_config('client_min_messages', 'warning', false);"
	    "do $$ begin if pg_has_role('pupitre_app', 'member') then "
	    "set role pupitre_app; end if; end $$", timeout_ms);
	res = PQexec(conn, sql);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK ||
	    PQresultStatus(res) == PGRES_TUPLES_OK;
	if (!ok)
		snprintf(err, errlen, "%s", PQerrorMessage(conn));
	PQclear(res);
	return ok ? 0 : -1;
}

/*
 * What the database says outside a query (the notice that ends a session
 * when the server stops, warnings): one line of the log, like the others,
 * rather than libpq's raw lines.
 */
static void
db_notice(void *arg, const char *message)
{
	char line[512];
	size_t i;

	(void)arg;
	snprintf(line, sizeof line, "%s", message);
	for (i = 0; line[i] != '\0'; i++)
		if ((unsigned char)line[i] < 0x20)
			line[i] = ' ';
	while (i > 0 && line[i - 1] == ' ')
		line[--i] = '\0';
	fprintf(stderr, "pupitred: database: %s\n", line);
}

PGconn *
db_connect(const char *conninfo, int timeout_ms, char *err, size_t errlen)
{
	PGconn *conn = PQconnectdb(conninfo);

	if (conn == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	PQsetNoticeProcessor(conn, db_notice, NULL);
	if (PQstatus(conn) != CONNECTION_OK ||
	    session_setup(conn, timeout_ms, err, errlen) != 0) {
		if (PQstatus(conn) != CONNECTION_OK)
			snprintf(err, errlen, "%s", PQerrorMessage(conn));
		PQfinish(conn);
		return NULL;
	}
	return conn;
}

struct db_pool *
db_pool_open(const char *conninfo, int size, int timeout_ms, char *err, size_t errlen)
{
	struct db_pool *pool = calloc(1, sizeof *pool);
	int i, version, pending;

	if (pool == NULL || (pool->conninfo = strdup(conninfo)) == NULL ||
	    (pool->conns = calloc((size_t)size, sizeof *pool->conns)) == NULL ||
	    (pool->busy = calloc((size_t)size, sizeof *pool->busy)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->freed, NULL);
	pool->size = size;
	pool->nfree = size;
	pool->timeout_ms = timeout_ms;
	for (i = 0; i < size; i++) {
		pool->conns[i] = db_connect(conninfo, timeout_ms, err, errlen);
		if (pool->conns[i] == NULL)
			goto fail_conns;
	}
	version = migrate_current_version(pool->conns[0], err, errlen);
	if (version < 0)
		goto fail_conns;
	if (version == migrate_known_version() &&
	    (pending = migrate_pending(pool->conns[0], err, errlen)) != 0) {
		if (pending > 0)
			snprintf(err, errlen, "the database lacks %d migration%s: run "
			    "pupitred migrate first", pending, pending == 1 ? "" : "s");
		goto fail_conns;
	}
	if (version != migrate_known_version()) {
		snprintf(err, errlen, "the database has schema version %d but this "
		    "pupitred knows version %d: %s", version, migrate_known_version(),
		    version < migrate_known_version() ?
		    "run pupitred migrate first" : "upgrade pupitred");
		goto fail_conns;
	}
	return pool;
fail_conns:
	db_pool_close(pool);
	return NULL;
fail:
	if (pool != NULL) {
		free(pool->conninfo);
		free(pool->conns);
		free(pool->busy);
		free(pool);
	}
	return NULL;
}

/*
 * Whether an idle connection still has a server behind it. libpq learns
 * that the server went away (restarted, or the session was ended) only
 * when it next reads; an idle connection has nothing to read, so a
 * readable socket is the server's last words or its close. Reading them
 * now lets the caller reconnect instead of failing the request it is about
 * to send.
 */
static int
db_alive(PGconn *conn)
{
	struct pollfd pfd;
	int i;

	if (conn == NULL || PQstatus(conn) != CONNECTION_OK || PQsocket(conn) < 0)
		return 0;
	/* a few rounds: the error message and the end of the stream may come apart */
	for (i = 0; i < 4; i++) {
		pfd.fd = PQsocket(conn);
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, 0) <= 0)
			return 1;
		if (!PQconsumeInput(conn) || PQstatus(conn) != CONNECTION_OK)
			return 0;
	}
	return PQstatus(conn) == CONNECTION_OK;
}

PGconn *
db_acquire(struct db_pool *pool)
{
	char err[256];
	PGconn *conn;
	int i;

	pthread_mutex_lock(&pool->lock);
	while (pool->nfree == 0)
		pthread_cond_wait(&pool->freed, &pool->lock);
	for (i = 0; pool->busy[i]; i++)
		;
	pool->busy[i] = 1;
	pool->nfree--;
	conn = pool->conns[i];
	pthread_mutex_unlock(&pool->lock);

	/* Outside the lock: reconnecting may take time. */
	if (!db_alive(conn)) {
		if (conn != NULL)
			PQfinish(conn);
		conn = db_connect(pool->conninfo, pool->timeout_ms, err, sizeof err);
		pthread_mutex_lock(&pool->lock);
		pool->conns[i] = conn;
		if (conn == NULL) {
			pool->busy[i] = 0;
			pool->nfree++;
			pthread_cond_signal(&pool->freed);
		}
		pthread_mutex_unlock(&pool->lock);
	}
	return conn;
}

void
db_release(struct db_pool *pool, PGconn *conn)
{
	int i;

	/* A connection left inside a transaction would poison the next user. */
	if (PQstatus(conn) == CONNECTION_OK &&
	    PQtransactionStatus(conn) != PQTRANS_IDLE)
		PQclear(PQexec(conn, "rollback"));
	pthread_mutex_lock(&pool->lock);
	for (i = 0; i < pool->size; i++) {
		if (pool->conns[i] == conn && pool->busy[i]) {
			pool->busy[i] = 0;
			pool->nfree++;
			pthread_cond_signal(&pool->freed);
			break;
		}
	}
	pthread_mutex_unlock(&pool->lock);
}

void
db_pool_close(struct db_pool *pool)
{
	int i;

	if (pool == NULL)
		return;
	for (i = 0; i < pool->size; i++)
		if (pool->conns[i] != NULL)
			PQfinish(pool->conns[i]);
	pthread_mutex_destroy(&pool->lock);
	pthread_cond_destroy(&pool->freed);
	free(pool->conninfo);
	free(pool->conns);
	free(pool->busy);
	free(pool);
}
