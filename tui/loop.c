/* The event loop: one thread polling the keyboard, a signal self-pipe and
 * the network source; signals only write a byte to the pipe. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "tui.h"

static int sig_pipe[2] = { -1, -1 };
extern bool tui_headless;

static void
on_signal(int sig)
{
	unsigned char b = (unsigned char)sig;
	int saved = errno;

	if (write(sig_pipe[1], &b, 1) < 0) {
		/* the pipe is full: the loop has signals to read already */
	}
	errno = saved;
}

int
tui_loop_init(void)
{
	struct sigaction sa;
	int i;

	if (pipe(sig_pipe) != 0)
		return -1;
	for (i = 0; i < 2; i++) {
		fcntl(sig_pipe[i], F_SETFL, fcntl(sig_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGWINCH, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

/* This handler replaces ncurses's own: tell it the new size. */
static void
resize_to_terminal(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resize_term(ws.ws_row, ws.ws_col);
}

/* A key ncurses already has in its buffer, if any. */
static bool
read_key(struct tui_key *key)
{
	wint_t c;
	int r = get_wch(&c);

	if (r == ERR)
		return false;
	key->function = r == KEY_CODE_YES;
	key->code = c;
	return true;
}

struct tui_event
tui_loop_next(struct tui_loop_source *source, int tick_ms)
{
	struct tui_event ev;

	memset(&ev, 0, sizeof ev);
	for (;;) {
		struct pollfd fds[2];
		unsigned char sig;
		int n;

		if (read_key(&ev.key)) {
			if (!ev.key.function || ev.key.code != KEY_RESIZE) {
				ev.kind = TUI_EV_KEY;
				return ev;
			}
			ev.kind = TUI_EV_RESIZE;
			return ev;
		}
		/* a scripted run has no keyboard: poll never sees a negative fd */
		fds[0].fd = tui_headless ? -1 : STDIN_FILENO;
		fds[0].events = POLLIN;
		fds[0].revents = 0;
		fds[1].fd = sig_pipe[0];
		fds[1].events = POLLIN;
		fds[1].revents = 0;
		if (source != NULL && source->wait != NULL)
			n = source->wait(source->ctx, fds, 2, tick_ms);
		else
			n = poll(fds, 2, tick_ms);
		if (source != NULL && source->dispatch != NULL)
			source->dispatch(source->ctx);
		if (fds[1].revents & POLLIN) {
			while (read(sig_pipe[0], &sig, 1) == 1) {
				if (sig == SIGWINCH) {
					resize_to_terminal();
					ev.kind = TUI_EV_RESIZE;
				} else if (sig == SIGINT) {
					ev.kind = TUI_EV_INTERRUPT;
				} else {
					ev.kind = TUI_EV_TERMINATE;
					return ev;
				}
			}
			if (ev.kind == TUI_EV_RESIZE || ev.kind == TUI_EV_INTERRUPT)
				return ev;
		}
		if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			/* The terminal is gone and no key is left (the top read
			 * them all): end as on SIGHUP, which does not always come
			 * (our parent may be the session leader, ignoring it).
			 * Polling a hung-up terminal again would spin. */
			ev.kind = TUI_EV_TERMINATE;
			return ev;
		}
		if (fds[0].revents & POLLIN)
			continue;	/* a key: read at the top */
		if (n == 0) {
			ev.kind = TUI_EV_TICK;
			return ev;
		}
		if (n > 0 && fds[1].revents == 0) {
			/* Only the network: what it delivered must show now, not
			 * at the next tick, which a busy stream keeps putting off
			 * (and the message line, drawn at once, would disagree
			 * with the rows meanwhile). */
			ev.kind = TUI_EV_NETWORK;
			return ev;
		}
	}
}
