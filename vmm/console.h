/* The guest's console output on the host's stdout and stderr. A write
 * never waits past the --timeout deadline or a termination signal, and a
 * stream that cannot be written (closed pipe, full disk, closed fd) is
 * reported once on stderr and then left alone: the guest runs on. */
#ifndef VMM_CONSOLE_H
#define VMM_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

/* At start-up, before any file is opened: hold a closed stdin, stdout or
 * stderr with /dev/null, so no file the VMM opens lands on fd 0-2 (guest
 * output must never go into it); a closed stdout or stderr counts as lost
 * (reported at the first write to it). */
void console_init(void);

/* Write len bytes of guest output to fd (1 or 2; a loss is remembered for
 * fds below 64); false
 * when some were dropped (the stream is lost, or the run is stopping). */
bool console_write(int fd, const void *buf, size_t len);

/* Has output to fd been lost (and reported)? */
bool console_lost(int fd);

#endif
