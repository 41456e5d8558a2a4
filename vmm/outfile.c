/* Output files: exclusive temporaries and rename for regular files,
 * direct writes for devices and FIFOs. */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "timers.h"
#include "util.h"

#define SYMLINK_HOPS 40 /* as Linux's limit on nested links */

/* Release what o holds (the temporary stays). */
static void release(struct outfile *o)
{
	if (o->f)
		fclose(o->f); /* the stream does not own the fd */
	if (o->fd >= 0)
		close(o->fd);
	free(o->name);
	free(o->target);
	free(o->tmp);
	*o = (struct outfile){ .fd = -1 };
}

/* The directory part of path ("." when it has none), malloc'd. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

/* Follow the symlinks at path's last component, existing target or not:
 * the path to replace (malloc'd), or NULL with errno. */
static char *follow_links(const char *path)
{
	char *p = strdup(path);

	for (int hop = 0; p != NULL; hop++) {
		char link[PATH_MAX], *dir, *next;
		struct stat st;
		ssize_t n;

		if (lstat(p, &st) != 0)
			return errno == ENOENT ? p : (free(p), NULL);
		if (!S_ISLNK(st.st_mode))
			return p;
		n = readlink(p, link, sizeof(link) - 1);
		if (hop == SYMLINK_HOPS || n < 0) {
			free(p);
			errno = n < 0 ? errno : ELOOP;
			return NULL;
		}
		link[n] = '\0';
		dir = dir_of(p);
		next = NULL;
		if (dir && (link[0] == '/' ? (next = strdup(link)) == NULL :
			    asprintf(&next, "%s/%s", dir, link) < 0))
			next = NULL;
		free(dir);
		free(p);
		p = next;
	}
	errno = ENOMEM;
	return NULL;
}

/* Write all of buf to o's fd, waiting (within the run's bounds) when a
 * device or FIFO is full; a stdio cookie writer. */
static ssize_t cookie_write(void *cookie, const char *buf, size_t len)
{
	struct outfile *o = cookie;
	size_t done = 0;

	while (done < len && o->error == 0) {
		ssize_t n = write(o->fd, buf + done, len - done);

		if (n > 0) {
			done += (size_t)n;
		} else if (n < 0 && errno == EAGAIN) {
			int w = kick_wait_writable(o->fd);

			if (w <= 0)
				o->error = w == 0 ? ECANCELED : errno;
		} else if (!(n < 0 && errno == EINTR)) {
			o->error = n < 0 ? errno : EIO;
		}
	}
	return o->error ? -1 : (ssize_t)len;
}

/* Give o a stdio stream over its fd. */
static int make_stream(struct outfile *o)
{
	cookie_io_functions_t io = { .write = cookie_write };

	o->f = fopencookie(o, "w", io);
	return o->f ? 0 : -1;
}

/* A device or FIFO: open it for writing without waiting for a reader. */
static int open_direct(struct outfile *o, const struct stat *st, char *err, size_t errlen)
{
	struct stat now;

	o->fd = open(o->name, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (o->fd < 0 && errno == ENXIO && S_ISFIFO(st->st_mode))
		return errorf(err, errlen, "cannot write %s: a FIFO with no reader "
			      "(cowvisor does not wait for one)", o->name);
	if (o->fd < 0)
		return errorf(err, errlen, "cannot write %s: %s", o->name, strerror(errno));
	if (fstat(o->fd, &now) != 0 || S_ISREG(now.st_mode) || S_ISDIR(now.st_mode))
		return errorf(err, errlen, "cannot write %s: it changed while being opened", o->name);
	return 0;
}

/* A regular file or a new one: an exclusive temporary beside its target. */
static int open_temporary(struct outfile *o, char *err, size_t errlen)
{
	char *dir, *base;
	mode_t mask;

	o->target = follow_links(o->name);
	if (o->target == NULL)
		return errorf(err, errlen, "cannot write %s: %s", o->name, strerror(errno));
	dir = dir_of(o->target);
	base = strrchr(o->target, '/') ? strrchr(o->target, '/') + 1 : o->target;
	if (dir == NULL || asprintf(&o->tmp, "%s/.%s.XXXXXX", dir, base) < 0)
		o->tmp = NULL;
	free(dir);
	if (o->tmp == NULL)
		return errorf(err, errlen, "cannot write %s: out of memory", o->name);
	/* mkostemp creates with O_EXCL: a name planted in advance is never opened */
	o->fd = mkostemp(o->tmp, O_CLOEXEC);
	if (o->fd < 0) {
		int e = errno;

		free(o->tmp);
		o->tmp = NULL;
		return errorf(err, errlen, "cannot create a temporary file for %s: %s", o->name,
			      strerror(e));
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(o->fd, 0666 & ~mask) != 0)
		return errorf(err, errlen, "cannot write %s: %s", o->name, strerror(errno));
	return 0;
}

int outfile_open(struct outfile *o, const char *path, char *err, size_t errlen)
{
	struct stat st;
	int rc;

	*o = (struct outfile){ .fd = -1, .name = strdup(path) };
	if (o->name == NULL)
		return errorf(err, errlen, "%s: out of memory", path);
	if (stat(path, &st) != 0)
		rc = errno == ENOENT ? open_temporary(o, err, errlen) /* new, or a dangling link */
				     : errorf(err, errlen, "cannot write %s: %s", path, strerror(errno));
	else if (S_ISREG(st.st_mode))
		rc = open_temporary(o, err, errlen);
	else if (S_ISDIR(st.st_mode) || S_ISSOCK(st.st_mode))
		rc = errorf(err, errlen, "cannot write %s: %s", path, stat_not_regular(&st));
	else
		rc = open_direct(o, &st, err, errlen);
	if (rc == 0 && make_stream(o) != 0)
		rc = errorf(err, errlen, "cannot write %s: out of memory", path);
	if (rc != 0)
		outfile_abort(o);
	return rc;
}

/* Put the finished temporary in place: fsync, check the target is still
 * one to replace, rename. 0 or errno. */
static int put_in_place(struct outfile *o)
{
	struct stat st;

	if (fsync(o->fd) != 0)
		return errno;
	if (lstat(o->target, &st) == 0 && !S_ISREG(st.st_mode))
		return EEXIST; /* replaced by something else since: never clobber it */
	return rename(o->tmp, o->target) != 0 ? errno : 0;
}

int outfile_commit(struct outfile *o, char *err, size_t errlen)
{
	int e = 0;

	if (o->f == NULL)
		return errorf(err, errlen, "cannot write: the output is not open");
	if (fflush(o->f) != 0 || o->error)
		e = o->error ? o->error : errno ? errno : EIO;
	if (e == 0 && o->tmp)
		e = put_in_place(o);
	if (e == 0 && o->tmp) {
		free(o->tmp);
		o->tmp = NULL; /* renamed: nothing to remove */
	}
	if (e != 0) {
		errorf(err, errlen, "cannot write %s: %s", o->name, strerror(e));
		outfile_abort(o);
		return -1;
	}
	release(o);
	return 0;
}

void outfile_abort(struct outfile *o)
{
	if (o->tmp)
		unlink(o->tmp);
	release(o);
}
