/* The HTTP side of pupitred: libmicrohttpd, request bodies, logging,
 * graceful shutdown. */
#ifndef HTTP_H
#define HTTP_H

#include <stddef.h>

struct http_config {
	const char *conninfo;
	const char *listen;		/* "ADDRESS:PORT" */
	const char *tls_cert;		/* PEM files, both or neither */
	const char *tls_key;
	size_t max_body;		/* bytes */
	int workers;			/* threads, and database connections */
	int statement_timeout_ms;
};

/* Serves until SIGTERM or SIGINT; returns the process exit code. */
int http_serve(const struct http_config *config);

#endif
