/* The scripted HTTP server of the net/ unit tests: a child process that
 * answers connections on 127.0.0.1 from a script and logs the requests. */
#ifndef HTTPD_H
#define HTTPD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct net;

/* One answer of the script, one connection each: raw HTTP, pieces split by
 * \001 and sent 100 ms apart (to test reads cut anywhere); NULL holds the
 * connection open without answering (to test timeouts and cancellation). */
struct httpd_step {
	const char *answer;
};

struct httpd {
	pid_t pid;
	int port;
	char log[256];		/* the file the child appends the requests to */
	char url[64];		/* http://127.0.0.1:PORT/, for net_open */
};

/* Listens on a free port and forks the child that plays steps in order.
 * The steps must stay alive until httpd_stop. Exits the test on failure. */
void httpd_start(struct httpd *s, const struct httpd_step *steps, size_t nsteps);
/* Kills the child (it may be holding a connection open) and removes the log. */
void httpd_stop(struct httpd *s);
/* The requests received so far, each followed by "\n=====\n"; the caller
 * frees it. Never NULL: an empty text when nothing came. */
char *httpd_log(const struct httpd *s);

/* A JSON answer with its Content-Length computed; the caller frees it. */
char *httpd_answer(const char *status, const char *body);

/* How many times needle occurs in hay (0 when hay is NULL). */
int httpd_count(const char *hay, const char *needle);
/* The Idempotency-Key values in log, one per request, at most max. */
int httpd_keys(const char *log, char keys[][40], int max);

/* The monotonic clock in milliseconds. */
long long httpd_now_ms(void);
/* Runs n's loop until *flag reaches target or ms pass; whether it did. */
bool httpd_pump(struct net *n, const int *flag, int target, long ms);
/* The same, each wait on the network lasting at most tick_ms. */
bool httpd_pump_every(struct net *n, const int *flag, int target, long ms, int tick_ms);

#endif
