/* The scripted HTTP server of the net/ unit tests and the helpers around
 * it (answers, the request log, the client's loop); see httpd.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../net/net.h"
#include "httpd.h"

/* Large enough for every request and every log the tests make. */
#define REQUEST_MAX (1 << 16)
#define LOG_MAX (1 << 17)

/* A test cannot go on without its server or its memory: it stops there,
 * which tests/unit/run counts as a failure. */
static void
fail(const char *what)
{
	perror(what);
	exit(1);
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void
write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* Reads one request (headers and Content-Length body) into buf. */
static size_t
read_request(int c, char *buf, size_t size)
{
	size_t len = 0, need = 0;
	char *end;

	while (len + 1 < size) {
		ssize_t n = read(c, buf + len, size - 1 - len);

		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		if ((end = strstr(buf, "\r\n\r\n")) != NULL) {
			char *cl = strstr(buf, "Content-Length:");

			need = (size_t)(end + 4 - buf) + (cl && cl < end ? strtoul(cl + 15, NULL, 10) : 0);
			if (len >= need)
				break;
		}
	}
	buf[len] = '\0';
	return len;
}

/* The child: one connection per step, the request logged before the answer
 * so that the log is complete once the client has its answer. */
static void
serve(int ls, const struct httpd_step *steps, size_t nsteps, const char *log)
{
	static char req[REQUEST_MAX];
	size_t i;

	for (i = 0; i < nsteps; i++) {
		int c = accept(ls, NULL, NULL), fd;
		const char *a, *cut;
		size_t len;

		if (c < 0)
			_exit(1);
		len = read_request(c, req, sizeof req);
		fd = open(log, O_WRONLY | O_APPEND | O_CREAT, 0600);
		write_all(fd, req, len);
		write_all(fd, "\n=====\n", 7);
		close(fd);
		if (steps[i].answer == NULL) {
			/* httpd_stop kills it long before */
			sleep(60);
			_exit(0);
		}
		for (a = steps[i].answer; *a != '\0'; a = *cut ? cut + 1 : cut) {
			cut = strchr(a, '\001');
			if (cut == NULL)
				cut = a + strlen(a);
			write_all(c, a, (size_t)(cut - a));
			if (*cut)
				sleep_ms(100);
		}
		close(c);
	}
	_exit(0);
}

void
httpd_start(struct httpd *s, const struct httpd_step *steps, size_t nsteps)
{
	struct sockaddr_in sa;
	socklen_t salen = sizeof sa;
	int ls, fd, one = 1;

	snprintf(s->log, sizeof s->log, "%s/pupitre-net.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if ((fd = mkstemp(s->log)) < 0)
		fail("test server: the log");
	close(fd);
	if ((ls = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		fail("test server: socket");
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	/* port 0: the system picks a free one, read back with getsockname */
	if (bind(ls, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(ls, 8) != 0 ||
	    getsockname(ls, (struct sockaddr *)&sa, &salen) != 0)
		fail("test server");
	s->port = ntohs(sa.sin_port);
	snprintf(s->url, sizeof s->url, "http://127.0.0.1:%d/", s->port);
	/* or the child would print the parent's buffered output again */
	fflush(stdout);
	s->pid = fork();
	if (s->pid < 0)
		fail("test server: fork");
	if (s->pid == 0)
		serve(ls, steps, nsteps, s->log);
	close(ls);
}

void
httpd_stop(struct httpd *s)
{
	kill(s->pid, SIGKILL);
	waitpid(s->pid, NULL, 0);
	unlink(s->log);
}

char *
httpd_log(const struct httpd *s)
{
	FILE *f = fopen(s->log, "r");
	char *buf = calloc(1, LOG_MAX);

	if (buf == NULL)
		fail("test server: the log");
	if (f != NULL) {
		size_t n = fread(buf, 1, LOG_MAX - 1, f);

		buf[n] = '\0';
		fclose(f);
	}
	return buf;
}

char *
httpd_answer(const char *status, const char *body)
{
	size_t size = strlen(status) + strlen(body) + 200;
	char *s = malloc(size);

	/* NULL would read as a step that holds the connection open */
	if (s == NULL)
		fail("test server: an answer");
	snprintf(s, size, "HTTP/1.1 %s\r\nContent-Type: application/json\r\nConnection: close\r\n"
	    "Content-Length: %zu\r\n\r\n%s", status, strlen(body), body);
	return s;
}

int
httpd_count(const char *hay, const char *needle)
{
	int n = 0;

	while (hay != NULL && (hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

int
httpd_keys(const char *log, char keys[][40], int max)
{
	static const char header[] = "Idempotency-Key: ";
	int n = 0;

	while (n < max && (log = strstr(log, header)) != NULL) {
		log += strlen(header);
		snprintf(keys[n], 40, "%.32s", log);
		n++;
	}
	return n;
}

long long
httpd_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool
httpd_pump(struct net *n, const int *flag, int target, long ms)
{
	return httpd_pump_every(n, flag, target, ms, 50);
}

bool
httpd_pump_every(struct net *n, const int *flag, int target, long ms, int tick_ms)
{
	long long end = httpd_now_ms() + ms;

	while (*flag < target && httpd_now_ms() < end) {
		net_wait(n, NULL, 0, tick_ms);
		net_dispatch(n);
	}
	return *flag >= target;
}
