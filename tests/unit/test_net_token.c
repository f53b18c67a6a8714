/* net/token.c: the token file is made 0600 in 0700 directories, read
 * back, and refused when others may read it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../net/net.h"
#include "check.h"

static char home[256];

static int
mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

static void
test_path(void)
{
	char path[512], want[512];
	struct net_error err;

	setenv("XDG_STATE_HOME", home, 1);
	CHECK_INT(net_token_path(path, sizeof path, &err), 0, "a path");
	snprintf(want, sizeof want, "%s/pupitre/token", home);
	CHECK_STR(path, want, "under XDG_STATE_HOME");
	setenv("XDG_STATE_HOME", "relative/dir", 1);
	setenv("HOME", "/home/agent", 1);
	CHECK_INT(net_token_path(path, sizeof path, &err), 0, "a path");
	CHECK_STR(path, "/home/agent/.local/state/pupitre/token", "a relative XDG_STATE_HOME is ignored");
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	CHECK_INT(net_token_path(path, sizeof path, &err), -1, "neither: an error");
	CHECK(strstr(err.message, "HOME") != NULL, "that says so");
	setenv("XDG_STATE_HOME", home, 1);
}

static void
test_round_trip(void)
{
	char path[512], dir[512], buf[128];
	struct net_error err;

	snprintf(path, sizeof path, "%s/pupitre/token", home);
	snprintf(dir, sizeof dir, "%s/pupitre", home);
	CHECK_INT(net_token_read(buf, sizeof buf, &err), 1, "no file yet: none");
	CHECK_INT(net_token_write("4f2a9c", &err), 0, "written");
	CHECK_INT(mode_of(path), 0600, "the file is 0600");
	CHECK_INT(mode_of(dir), 0700, "its directory 0700");
	CHECK_INT(net_token_read(buf, sizeof buf, &err), 0, "read back");
	CHECK_STR(buf, "4f2a9c", "the same token");
	CHECK_INT(net_token_write("77aa", &err), 0, "written again");
	CHECK_INT(net_token_read(buf, sizeof buf, &err), 0, "read back");
	CHECK_STR(buf, "77aa", "replaced");
	CHECK_INT(net_token_read(buf, 3, &err), -1, "a buffer too small: an error, no overflow");
	CHECK_INT(net_token_write("bad\ntoken", &err), -1, "a token with a newline: refused");
	CHECK_INT(net_token_write("", &err), -1, "an empty token: refused");
}

static void
test_permissions(void)
{
	char path[512], buf[128];
	struct net_error err;
	FILE *f;

	snprintf(path, sizeof path, "%s/pupitre/token", home);
	CHECK_INT(net_token_write("4f2a9c", &err), 0, "written");
	chmod(path, 0644);
	CHECK_INT(net_token_read(buf, sizeof buf, &err), -1, "readable by others: refused");
	CHECK(strstr(err.message, "chmod 600") != NULL, "the message says what to run");
	CHECK(strstr(err.message, "0644") != NULL, "and the mode found");
	chmod(path, 0620);
	CHECK_INT(net_token_read(buf, sizeof buf, &err), -1, "writable by the group: refused");
	chmod(path, 0600);
	CHECK_INT(net_token_read(buf, sizeof buf, &err), 0, "0600 again: read");

	f = fopen(path, "w");
	if (f != NULL) {
		fputs("not a token at all\n", f);
		fclose(f);
	}
	chmod(path, 0600);
	CHECK_INT(net_token_read(buf, sizeof buf, &err), -1, "spaces: not a token");
	f = fopen(path, "w");
	if (f != NULL)
		fclose(f);
	CHECK_INT(net_token_read(buf, sizeof buf, &err), 1, "an empty file: none");

	CHECK_INT(net_token_remove(&err), 0, "removed");
	CHECK_INT(net_token_read(buf, sizeof buf, &err), 1, "none after");
	CHECK_INT(net_token_remove(&err), 0, "removing none is fine");

	CHECK_INT(symlink("/etc/passwd", path), 0, "a symlink planted");
	CHECK_INT(net_token_read(buf, sizeof buf, &err), -1, "a symlink is not followed");
	unlink(path);
}

int
main(void)
{
	char cmd[300];
	int rc;

	snprintf(home, sizeof home, "%s/pupitre-token.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(home) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	RUN(test_path);
	RUN(test_round_trip);
	RUN(test_permissions);
	rc = check_done("net_token");
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", home);
	if (system(cmd) != 0)
		return 1;
	return rc;
}
