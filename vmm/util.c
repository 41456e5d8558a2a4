/* Small helpers shared by the VMM's modules. */
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int errorf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Read exactly len bytes from fd; false on error or early EOF. */
static bool read_full(int fd, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, (char *)buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		done += (size_t)n;
	}
	return true;
}

const char *stat_not_regular(const struct stat *st)
{
	if (S_ISREG(st->st_mode))
		return NULL;
	if (S_ISDIR(st->st_mode))
		return "is a directory";
	if (S_ISFIFO(st->st_mode))
		return "is a FIFO, not a regular file";
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		return "is a device, not a regular file";
	if (S_ISSOCK(st->st_mode))
		return "is a socket, not a regular file";
	return "is not a regular file";
}

int open_regular(const char *path, char *why, size_t whylen)
{
	struct stat st;
	const char *bad;
	int fd;

	if (stat(path, &st) != 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		return -1;
	}
	if (stat_not_regular(&st)) {
		snprintf(why, whylen, "%s", stat_not_regular(&st));
		return -1;
	}
	/* O_NONBLOCK: if path became a FIFO since stat, open must not wait for a writer */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		return -1;
	}
	bad = fstat(fd, &st) != 0 ? strerror(errno) : stat_not_regular(&st);
	if (bad) {
		snprintf(why, whylen, "%s", bad);
		close(fd);
		return -1;
	}
	return fd;
}

void *read_whole_file(const char *path, size_t max, size_t *len, char *why, size_t whylen)
{
	struct stat st;
	void *buf = NULL;
	int fd = open_regular(path, why, whylen);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0)
		snprintf(why, whylen, "%s", strerror(errno));
	else if (st.st_size == 0)
		snprintf(why, whylen, "is empty");
	else if ((uint64_t)st.st_size > max && max % (1u << 20) == 0)
		snprintf(why, whylen, "is larger than %zu MiB", max >> 20);
	else if ((uint64_t)st.st_size > max)
		snprintf(why, whylen, "is larger than %zu bytes", max);
	else if ((buf = malloc((size_t)st.st_size)) == NULL)
		snprintf(why, whylen, "out of memory");
	else if (errno = 0, !read_full(fd, buf, (size_t)st.st_size)) {
		snprintf(why, whylen, "read failed (%s)", errno ? strerror(errno) : "file shorter than its size");
		free(buf);
		buf = NULL;
	} else {
		*len = (size_t)st.st_size;
	}
	close(fd);
	return buf;
}

bool parse_size(const char *s, uint64_t *out)
{
	uint64_t v = 0, mul = 1;
	const char *p = s;

	if (s == NULL || *s < '0' || *s > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		uint64_t digit = (uint64_t)(*p - '0');
		if (v > (UINT64_MAX - digit) / 10)
			return false;
		v = v * 10 + digit;
	}
	switch (*p) {
	case '\0': break;
	case 'k': case 'K': mul = 1ull << 10; p++; break;
	case 'm': case 'M': mul = 1ull << 20; p++; break;
	case 'g': case 'G': mul = 1ull << 30; p++; break;
	default: return false;
	}
	if (*p == 'i' && p[1] == 'B')
		p += 2;
	else if (*p == 'B' && mul != 1)
		p++;
	if (*p != '\0' || (v != 0 && mul > UINT64_MAX / v))
		return false;
	*out = v * mul;
	return true;
}

bool parse_seconds_ms(const char *s, uint64_t *out_ms)
{
	uint64_t whole = 0, frac = 0, scale = 1000;
	const char *p = s;

	if (s == NULL || ((*s < '0' || *s > '9') && *s != '.'))
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		whole = whole * 10 + (uint64_t)(*p - '0');
		if (whole > 100000000ull) /* over three years: a typo */
			return false;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (scale > 1) {
				scale /= 10;
				frac += (uint64_t)(*p - '0') * scale;
			}
		}
	}
	if (*p != '\0' || (p > s && p[-1] == '.' && p - 1 == s))
		return false;
	*out_ms = whole * 1000 + frac;
	return true;
}
