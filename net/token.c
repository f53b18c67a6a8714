/* The session token between runs: one file only its owner may read,
 * $XDG_STATE_HOME/pupitre/token (else ~/.local/state/pupitre/token). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/i18n.h"
#include "codec.h"

#define TOKEN_MAX 512

int
net_token_path(char *buf, size_t size, struct net_error *err)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	int n;

	/* the XDG rules: a relative XDG_STATE_HOME is to be ignored */
	if (state != NULL && state[0] == '/')
		n = snprintf(buf, size, "%s/pupitre/token", state);
	else if (home != NULL && home[0] != '\0')
		n = snprintf(buf, size, "%s/.local/state/pupitre/token", home);
	else {
		net_error_set(err, 0, "token", false, "%s",
		    _("neither XDG_STATE_HOME nor HOME is set: cannot keep the session"));
		return -1;
	}
	if (n < 0 || (size_t)n >= size) {
		net_error_set(err, 0, "token", false, "%s", _("the token file's path is too long"));
		return -1;
	}
	return 0;
}

/* Makes the directories of path (mode 0700) that do not exist. */
static int
make_parents(const char *path, struct net_error *err)
{
	char dir[4096];
	char *p;

	if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir) {
		net_error_set(err, 0, "token", false, "%s", _("the token file's path is too long"));
		return -1;
	}
	p = strrchr(dir, '/');
	if (p == NULL || p == dir)
		return 0;
	*p = '\0';
	for (p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			goto fail;
		*p = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		goto fail;
	return 0;
fail:
	net_error_set(err, 0, "token", false, _("cannot create the directory %s: %s"), dir,
	    strerror(errno));
	return -1;
}

int
net_token_read_file(const char *path, char *buf, size_t size, struct net_error *err)
{
	char tmp[TOKEN_MAX + 2];
	struct stat st;
	ssize_t n;
	size_t len, i;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		net_error_set(err, 0, "token", false, _("cannot read %s: %s"), path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		net_error_set(err, 0, "token", false, _("%s is not a regular file"), path);
		return -1;
	}
	if (st.st_uid != geteuid()) {
		close(fd);
		net_error_set(err, 0, "token", false,
		    _("%s belongs to another user: remove it and log in again"), path);
		return -1;
	}
	if ((st.st_mode & 077) != 0) {
		close(fd);
		net_error_set(err, 0, "token", false,
		    _("%s may be read by others (mode %04o): not used; run chmod 600 %s or log in again"),
		    path, (unsigned)(st.st_mode & 0777), path);
		return -1;
	}
	n = read(fd, tmp, sizeof tmp - 1);
	close(fd);
	if (n < 0) {
		net_error_set(err, 0, "token", false, _("cannot read %s: %s"), path, strerror(errno));
		return -1;
	}
	len = (size_t)n;
	while (len > 0 && (tmp[len - 1] == '\n' || tmp[len - 1] == '\r'))
		len--;
	if (len == 0)
		return 1;
	for (i = 0; i < len; i++) {
		/* a token is printable ASCII: it goes into an HTTP header */
		if ((unsigned char)tmp[i] < 0x21 || (unsigned char)tmp[i] > 0x7e || len > TOKEN_MAX) {
			net_error_set(err, 0, "token", false,
			    _("%s does not hold a token: remove it and log in again"), path);
			return -1;
		}
	}
	if (len + 1 > size) {
		net_error_set(err, 0, "token", false, _("the token in %s is too long"), path);
		return -1;
	}
	memcpy(buf, tmp, len);
	buf[len] = '\0';
	return 0;
}

int
net_token_write_file(const char *path, const char *token, struct net_error *err)
{
	char tmp[4096 + 16];
	size_t len = token ? strlen(token) : 0, off = 0;
	int fd;

	if (len == 0 || len > TOKEN_MAX || strpbrk(token, "\r\n") != NULL) {
		net_error_set(err, 0, "token", false, "%s", _("not a token"));
		return -1;
	}
	if (snprintf(tmp, sizeof tmp, "%s.new", path) >= (int)sizeof tmp) {
		net_error_set(err, 0, "token", false, "%s", _("the token file's path is too long"));
		return -1;
	}
	if (make_parents(path, err) != 0)
		return -1;
	/* a new file, 0600 from its creation: never a moment readable by others */
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		goto fail;
	while (off < len) {
		ssize_t n = write(fd, token + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			unlink(tmp);
			goto fail;
		}
		off += (size_t)n;
	}
	if (write(fd, "\n", 1) != 1 || fsync(fd) != 0) {
		close(fd);
		unlink(tmp);
		goto fail;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		goto fail;
	}
	return 0;
fail:
	net_error_set(err, 0, "token", false, _("cannot write %s: %s"), path, strerror(errno));
	return -1;
}

int
net_token_read(char *buf, size_t size, struct net_error *err)
{
	char path[4096];

	if (net_token_path(path, sizeof path, err) != 0)
		return -1;
	return net_token_read_file(path, buf, size, err);
}

int
net_token_write(const char *token, struct net_error *err)
{
	char path[4096];

	if (net_token_path(path, sizeof path, err) != 0)
		return -1;
	return net_token_write_file(path, token, err);
}

int
net_token_remove(struct net_error *err)
{
	char path[4096];

	if (net_token_path(path, sizeof path, err) != 0)
		return -1;
	if (unlink(path) != 0 && errno != ENOENT) {
		net_error_set(err, 0, "token", false, _("cannot remove %s: %s"), path, strerror(errno));
		return -1;
	}
	return 0;
}
