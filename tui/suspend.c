/* The terminal lent to another program: curses mode left and entered
 * again, the program run with the signals a shell would give it. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../core/i18n.h"
#include "suspend.h"
#include "tui.h"

extern bool tui_headless;

int
tui_suspend(void)
{
	if (tui_headless || !tui_active())
		return -1;
	def_prog_mode();
	endwin();
	fflush(stdout);
	return 0;
}

void
tui_resume(void)
{
	reset_prog_mode();
	curs_set(0);
	tui_redraw_all();
}

int
tui_run_command(const char *command, const char *arg, char *why, size_t size)
{
	struct sigaction ignore, old_int, old_quit;
	char script[1024];
	int status = 0;
	pid_t pid;

	/* the command is shell words, as git and mutt read $EDITOR */
	if ((size_t)snprintf(script, sizeof script, "%s \"$@\"", command) >= sizeof script) {
		snprintf(why, size, "%s", _("the command is too long"));
		return -1;
	}
	if (tui_suspend() != 0) {
		snprintf(why, size, "%s", _("there is no terminal to run it on"));
		return -1;
	}
	/* as system(3): ^C and ^\ are the program's while it runs */
	memset(&ignore, 0, sizeof ignore);
	ignore.sa_handler = SIG_IGN;
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGINT, &ignore, &old_int);
	sigaction(SIGQUIT, &ignore, &old_quit);
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		execl("/bin/sh", "sh", "-c", script, "sh", arg, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	tui_resume();
	if (pid < 0) {
		snprintf(why, size, _("cannot start %s: %s"), command, strerror(errno));
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		snprintf(why, size, _("cannot run %s"), command);
		return -1;
	}
	if (!WIFEXITED(status)) {
		snprintf(why, size, _("%s was stopped by a signal"), command);
		return -1;
	}
	return WEXITSTATUS(status);
}
