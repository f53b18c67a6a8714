/* A fixed pool of PostgreSQL connections, one per worker thread. */
#ifndef DB_H
#define DB_H

#include <stddef.h>
#include <libpq-fe.h>

struct db_pool;

/*
 * Opens size connections to conninfo. Each works as the role pupitre_app
 * (when the login may become it) with a statement timeout. The schema
 * version must be the one this binary knows. Returns NULL with a message
 * in err.
 */
struct db_pool *db_pool_open(const char *conninfo, int size, int statement_timeout_ms,
    char *err, size_t errlen);

/*
 * Takes a connection, waiting for one to be free. A connection found broken
 * is reset first; NULL when the database cannot be reached (answer 503).
 */
PGconn *db_acquire(struct db_pool *pool);

void db_release(struct db_pool *pool, PGconn *conn);

void db_pool_close(struct db_pool *pool);

/* Connects and prepares one session as the pool does (also for LISTEN). */
PGconn *db_connect(const char *conninfo, int statement_timeout_ms, char *err,
    size_t errlen);

#endif
