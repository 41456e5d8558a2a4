/* Small helpers shared by the VMM's modules. */
#ifndef VMM_UTIL_H
#define VMM_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>

#define KERNEL_FILE_MAX (64u << 20) /* a larger "kernel" is refused */

/* Do [a, a+alen) and [b, b+blen) share a byte? Lengths must be non-zero;
 * ranges are assumed not to wrap (callers check that first). */
static inline bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* Format an error message into err (errlen bytes); returns -1, so that
 * `return errorf(err, errlen, "...", ...);` reports and fails at once. */
int errorf(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Why the file st describes is not a regular file ("is a directory", "is
 * a FIFO, not a regular file", ...), or NULL when it is one. */
const char *stat_not_regular(const struct stat *st);

/* Open path for reading only if it is a regular file (after symlinks),
 * never waiting on a FIFO or touching a device: the fd, or -1 with a
 * reason in why ("No such file or directory", "is a directory", "is a
 * FIFO, not a regular file", ...). */
int open_regular(const char *path, char *why, size_t whylen);

/* Read a whole regular file of at most max bytes into a malloc'd buffer.
 * Returns NULL with a reason in why (e.g. "No such file or directory",
 * "is a directory", "is empty", "larger than 64 MiB"). */
void *read_whole_file(const char *path, size_t max, size_t *len, char *why, size_t whylen);

/* Parse a size such as 128M, 1G, 65536, 512K into bytes; false if malformed
 * or overflowing. */
bool parse_size(const char *s, uint64_t *out);

/* Parse a non-negative decimal number of seconds (fractions allowed, e.g.
 * 2.5) into milliseconds; false if malformed or absurdly large. */
bool parse_seconds_ms(const char *s, uint64_t *out_ms);

#endif
