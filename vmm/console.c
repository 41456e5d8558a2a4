/* Guest console output: bounded waits, one message per lost stream. */
#include "console.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "timers.h"

#define STD_FDS     3   /* stdin, stdout, stderr */
#define CONSOLE_FDS 64  /* fds whose loss is remembered (the console uses 1 and 2) */

static bool lost[CONSOLE_FDS];
static bool closed[STD_FDS]; /* closed when cowvisor started */

/* The name of fd in messages. */
static const char *fd_name(int fd)
{
	return fd == 1 ? "stdout" : fd == 2 ? "stderr" : "the console";
}

/* Give up on fd for good after error e; say so once (on stderr, unless
 * stderr is what failed). */
static void lose(int fd, int e)
{
	if (fd >= 0 && fd < CONSOLE_FDS) {
		if (lost[fd])
			return;
		lost[fd] = true;
	}
	if (fd != 2)
		fprintf(stderr, "cowvisor: guest console output lost: writing %s: %s "
			"(the guest runs on; its further output there is dropped)\n",
			fd_name(fd), strerror(e));
}

void console_init(void)
{
	for (int fd = 0; fd < STD_FDS; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		closed[fd] = true;
		/* open takes the lowest free fd: this one */
		if (open("/dev/null", fd ? O_WRONLY : O_RDONLY) != fd)
			lost[fd] = true;
	}
}

bool console_lost(int fd)
{
	return fd >= 0 && fd < CONSOLE_FDS && lost[fd];
}

bool console_write(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	if (console_lost(fd))
		return false;
	if (fd >= 0 && fd < STD_FDS && closed[fd]) {
		lose(fd, EBADF);
		return false;
	}
	while (len) {
		/* at most PIPE_BUF once poll says there is room: a pipe takes it without blocking */
		size_t chunk = len < PIPE_BUF ? len : PIPE_BUF;
		ssize_t n;
		int w = kick_wait_writable(fd);

		if (w == 0)
			return false; /* the run is stopping: drop the rest */
		if (w < 0) {
			lose(fd, errno);
			return false;
		}
		n = write(fd, p, chunk);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			lose(fd, n < 0 ? errno : EIO);
			return false;
		}
		p += n;
		len -= (size_t)n;
	}
	return true;
}
