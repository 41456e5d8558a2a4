/* printk: formatted text to the kernel log and the console (vsnprintf is
 * cvlibc's too: guest/common/freestanding/format.c). */
#include "printk.h"

#include <stdbool.h>
#include <stdint.h>

#include "../arch/console_out.h"
#include "klog.h"
#include "string.h"

#define PRINTK_MAX 1024

void printk(const char *fmt, ...)
{
	char buf[PRINTK_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf)) {
		/* Say so rather than cut silently. */
		memcpy(buf + sizeof(buf) - 6, "[...]\n", 6);
		n = sizeof(buf);
	}
	klog_append(buf, (uint64_t)n);
	console_log(buf, (size_t)n);
}
