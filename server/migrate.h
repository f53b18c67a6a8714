/* Schema migrations and the demo city, applied through libpq. */
#ifndef MIGRATE_H
#define MIGRATE_H

#include <stddef.h>
#include <libpq-fe.h>

/* The highest schema version this binary knows. */
int migrate_known_version(void);

/*
 * The schema version of the database (0 when it has none), or -1 with a
 * message in err.
 */
int migrate_current_version(PGconn *conn, char *err, size_t errlen);

/* How many known migrations the database lacks, or -1 with err. */
int migrate_pending(PGconn *conn, char *err, size_t errlen);

/*
 * Applies the migrations not recorded in schema_version, in order, each in
 * its own transaction,
 * under an advisory lock so that two runs do not race. Returns the number
 * applied, or -1 with a message in err.
 */
int migrate_apply(PGconn *conn, char *err, size_t errlen);

/*
 * Loads the demo city: options is a JSON object of sizes and the seed
 * (see sql/demo/). Returns 0 and, when summary is not NULL, the counts of
 * what was loaded as malloc'd JSON (NULL if out of memory); or -1 with a
 * message in err.
 */
int migrate_seed_demo(PGconn *conn, const char *options, char **summary, char *err,
    size_t errlen);

#endif
