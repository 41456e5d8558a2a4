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

void *read_whole_file(const char *path, size_t max, size_t *len, char *why, size_t whylen)
{
	struct stat st;
	void *buf = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0)
		snprintf(why, whylen, "%s", strerror(errno));
	else if (S_ISDIR(st.st_mode))
		snprintf(why, whylen, "is a directory");
	else if (!S_ISREG(st.st_mode))
		snprintf(why, whylen, "is not a regular file");
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
