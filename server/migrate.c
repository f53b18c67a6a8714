/* Schema migrations and the demo city, applied through libpq. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "migrate.h"

/* Any fixed number: serialises concurrent migrations of one database. */
#define MIGRATE_LOCK_KEY 7415002

static int
migration_number(const char *name)
{
	return atoi(name);
}

int
migrate_known_version(void)
{
	int version = 0;
	const struct embedded_file *m;

	for (m = embedded_migrations; m->name != NULL; m++)
		if (migration_number(m->name) > version)
			version = migration_number(m->name);
	return version;
}

static int
exec_ok(PGconn *conn, const char *sql, char *err, size_t errlen)
{
	PGresult *res = PQexec(conn, sql);
	ExecStatusType status = PQresultStatus(res);
	int ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;

	if (!ok)
		snprintf(err, errlen, "%s", PQerrorMessage(conn));
	PQclear(res);
	return ok ? 0 : -1;
}

int
migrate_current_version(PGconn *conn, char *err, size_t errlen)
{
	PGresult *res;
	int version;

	res = PQexec(conn, "select coalesce(max(version), 0) from schema_version");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

		/* 42P01: no such table, a database never migrated */
		version = state != NULL && strcmp(state, "42P01") == 0 ? 0 : -1;
		if (version < 0)
			snprintf(err, errlen, "%s", PQerrorMessage(conn));
		PQclear(res);
		return version;
	}
	version = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	return version;
}

static int
apply_one(PGconn *conn, const struct embedded_file *m, char *err, size_t errlen)
{
	char number[16];
	const char *params[2];
	PGresult *res;

	if (exec_ok(conn, "begin", err, errlen) != 0)
		return -1;
	if (exec_ok(conn, m->text, err, errlen) != 0) {
		char detail[512];

		snprintf(detail, sizeof detail, "%s", err);
		snprintf(err, errlen, "migration %s failed: %s", m->name, detail);
		PQclear(PQexec(conn, "rollback"));
		return -1;
	}
	snprintf(number, sizeof number, "%d", migration_number(m->name));
	params[0] = number;
	params[1] = m->name;
	res = PQexecParams(conn,
	    "insert into schema_version (version, name) values ($1, $2)",
	    2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		snprintf(err, errlen, "%s", PQerrorMessage(conn));
		PQclear(res);
		PQclear(PQexec(conn, "rollback"));
		return -1;
	}
	PQclear(res);
	return exec_ok(conn, "commit", err, errlen);
}

/* 1 when m is recorded in schema_version, 0 when not, -1 on error. */
static int
migration_applied(PGconn *conn, const struct embedded_file *m, char *err, size_t errlen)
{
	char number[16];
	const char *params[1] = { number };
	PGresult *res;
	int applied;

	snprintf(number, sizeof number, "%d", migration_number(m->name));
	res = PQexecParams(conn, "select 1 from schema_version where version = $1",
	    1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		snprintf(err, errlen, "%s", PQerrorMessage(conn));
		PQclear(res);
		return -1;
	}
	applied = PQntuples(res) > 0;
	PQclear(res);
	return applied;
}

int
migrate_pending(PGconn *conn, char *err, size_t errlen)
{
	const struct embedded_file *m;
	int pending = 0, applied;

	for (m = embedded_migrations; m->name != NULL; m++) {
		applied = migration_applied(conn, m, err, errlen);
		if (applied < 0)
			return -1;
		pending += !applied;
	}
	return pending;
}

int
migrate_apply(PGconn *conn, char *err, size_t errlen)
{
	const struct embedded_file *m;
	char sql[128];
	int current, applied = 0;

	snprintf(sql, sizeof sql, "select pg_advisory_lock(%d)", MIGRATE_LOCK_KEY);
	if (exec_ok(conn, "set client_min_messages = warning", err, errlen) != 0 ||
	    exec_ok(conn, sql, err, errlen) != 0)
		return -1;
	if (exec_ok(conn,
	    "create table if not exists schema_version ("
	    " version int primary key,"
	    " name text not null,"
	    " applied_at timestamptz not null default now())", err, errlen) != 0)
		goto fail;
	current = migrate_current_version(conn, err, errlen);
	if (current < 0)
		goto fail;
	if (current > migrate_known_version()) {
		snprintf(err, errlen,
		    "the database has schema version %d, newer than this pupitred "
		    "knows (%d): upgrade pupitred", current, migrate_known_version());
		goto fail;
	}
	for (m = embedded_migrations; m->name != NULL; m++) {
		int applied_before = migration_applied(conn, m, err, errlen);

		if (applied_before < 0)
			goto fail;
		if (applied_before)
			continue;
		if (apply_one(conn, m, err, errlen) != 0)
			goto fail;
		applied++;
	}
	snprintf(sql, sizeof sql, "select pg_advisory_unlock(%d)", MIGRATE_LOCK_KEY);
	if (exec_ok(conn, sql, err, errlen) != 0)
		return -1;
	return applied;
fail:
	PQclear(PQexec(conn, "select pg_advisory_unlock_all()"));
	return -1;
}

int
migrate_seed_demo(PGconn *conn, const char *options, char **summary, char *err,
    size_t errlen)
{
	const struct embedded_file *d;
	const char *params[1] = { options };
	PGresult *res;
	int version = migrate_current_version(conn, err, errlen);

	if (version < 0)
		return -1;
	if (version != migrate_known_version()) {
		snprintf(err, errlen, "the database has schema version %d, this "
		    "pupitred needs %d: run pupitred migrate first", version,
		    migrate_known_version());
		return -1;
	}
	if (exec_ok(conn, "set client_min_messages = warning", err, errlen) != 0 ||
	    exec_ok(conn, "begin", err, errlen) != 0)
		return -1;
	for (d = embedded_demo; d->name != NULL; d++) {
		if (exec_ok(conn, d->text, err, errlen) != 0) {
			char detail[512];

			snprintf(detail, sizeof detail, "%s", err);
			snprintf(err, errlen, "%s failed: %s", d->name, detail);
			PQclear(PQexec(conn, "rollback"));
			return -1;
		}
	}
	res = PQexecParams(conn, "select demo.seed($1::jsonb)", 1, NULL, params,
	    NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		snprintf(err, errlen, "demo seed failed: %s", PQerrorMessage(conn));
		PQclear(res);
		PQclear(PQexec(conn, "rollback"));
		return -1;
	}
	if (summary != NULL)
		*summary = strdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return exec_ok(conn, "commit", err, errlen);
}
