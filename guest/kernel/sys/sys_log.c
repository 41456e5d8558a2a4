/* syslog(2): the kernel log (lib/klog.h) for dmesg. */
#include "handlers.h"

#include "../lib/errno.h"
#include "../lib/klog.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"

enum {
	SYSLOG_ACTION_CLOSE, SYSLOG_ACTION_OPEN, SYSLOG_ACTION_READ, SYSLOG_ACTION_READ_ALL,
	SYSLOG_ACTION_READ_CLEAR, SYSLOG_ACTION_CLEAR, SYSLOG_ACTION_CONSOLE_OFF,
	SYSLOG_ACTION_CONSOLE_ON, SYSLOG_ACTION_CONSOLE_LEVEL, SYSLOG_ACTION_SIZE_UNREAD,
	SYSLOG_ACTION_SIZE_BUFFER,
};
#define CONSOLE_LEVEL_MAX 8

static uint64_t read_pos;  /* SYSLOG_ACTION_READ has consumed the log up to here */
static uint64_t clear_pos; /* READ_ALL starts here (CLEAR moves it) */

/* Copy the log's bytes [from, from + n) to user memory at ubuf, through a
 * bounce buffer; 0 or -EFAULT. */
static long copy_log(uaddr_t ubuf, uint64_t from, uint32_t n)
{
	char chunk[512];

	for (uint32_t done = 0; done < n;) {
		uint32_t k = n - done < sizeof(chunk) ? n - done : sizeof(chunk);
		klog_copy(chunk, from + done, k);
		if (copy_to_user(cur->mm, ubuf + done, chunk, k))
			return -EFAULT;
		done += k;
	}
	return 0;
}

/* The first position still kept at or after pos. */
static uint64_t kept(uint64_t pos)
{
	return pos < klog_tail() ? klog_tail() : pos;
}

/* READ: wait for unread text, then consume up to len bytes of it. */
static long read_new(uaddr_t ubuf, uint32_t len)
{
	uint64_t from;
	uint32_t n;
	long rc;

	while (kept(read_pos) == klog_head())
		if (sleep_on(&read_pos, true))
			return -EINTR; /* nothing logs from user mode: waits for a signal */
	from = kept(read_pos);
	n = klog_head() - from < len ? (uint32_t)(klog_head() - from) : len;
	if ((rc = copy_log(ubuf, from, n)) < 0)
		return rc;
	read_pos = from + n;
	return n;
}

/* READ_ALL: the last len bytes (at most) of what is kept since the last clear. */
static long read_all(uaddr_t ubuf, uint32_t len, bool clear)
{
	uint64_t from = kept(clear_pos), head = klog_head();
	uint32_t n = head - from < len ? (uint32_t)(head - from) : len;
	long rc = copy_log(ubuf, head - n, n);

	if (rc < 0)
		return rc;
	if (clear)
		clear_pos = head;
	return n;
}

/* syslog(type, buf, len) */
long sys_syslog(const uint64_t *arg)
{
	int type = (int)arg[0], len = (int)arg[2];

	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
	case SYSLOG_ACTION_CONSOLE_OFF:
	case SYSLOG_ACTION_CONSOLE_ON:
		return 0;
	case SYSLOG_ACTION_READ:
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		if (arg[1] == 0 || len < 0)
			return -EINVAL;
		if (len == 0)
			return 0;
		if (!user_range_ok(arg[1], (uint32_t)len))
			return -EFAULT;
		return type == SYSLOG_ACTION_READ ? read_new(arg[1], (uint32_t)len)
						  : read_all(arg[1], (uint32_t)len, type == SYSLOG_ACTION_READ_CLEAR);
	case SYSLOG_ACTION_CLEAR:
		clear_pos = klog_head();
		return 0;
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		return len < 1 || len > CONSOLE_LEVEL_MAX ? -EINVAL : 0;
	case SYSLOG_ACTION_SIZE_UNREAD:
		return (long)(klog_head() - kept(read_pos));
	case SYSLOG_ACTION_SIZE_BUFFER:
		return KLOG_SIZE;
	}
	return -EINVAL;
}
