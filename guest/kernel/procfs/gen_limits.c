/* /proc/PID/limits: the process's resource limits in Linux's table. */
#include "../proc/rlimit.h"
#include "pnode.h"

/* Each limit's row name and unit ("" for none), by resource number. */
static const struct {
	const char *name, *unit;
} rows[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = { "Max cpu time", "seconds" },
	[RLIMIT_FSIZE] = { "Max file size", "bytes" },
	[RLIMIT_DATA] = { "Max data size", "bytes" },
	[RLIMIT_STACK] = { "Max stack size", "bytes" },
	[RLIMIT_CORE] = { "Max core file size", "bytes" },
	[RLIMIT_RSS] = { "Max resident set", "bytes" },
	[RLIMIT_NPROC] = { "Max processes", "processes" },
	[RLIMIT_NOFILE] = { "Max open files", "files" },
	[RLIMIT_MEMLOCK] = { "Max locked memory", "bytes" },
	[RLIMIT_AS] = { "Max address space", "bytes" },
	[RLIMIT_LOCKS] = { "Max file locks", "locks" },
	[RLIMIT_SIGPENDING] = { "Max pending signals", "signals" },
	[RLIMIT_MSGQUEUE] = { "Max msgqueue size", "bytes" },
	[RLIMIT_NICE] = { "Max nice priority", "" },
	[RLIMIT_RTPRIO] = { "Max realtime priority", "" },
	[RLIMIT_RTTIME] = { "Max realtime timeout", "us" },
};

/* One value in its 20 columns and a space: a number or "unlimited". */
static void value(struct pbuf *b, uint64_t v)
{
	if (v == RLIM_INFINITY)
		pbuf_printf(b, "%-20s ", "unlimited");
	else
		pbuf_printf(b, "%-20lu ", v);
}

void gen_limits(struct pbuf *b, struct proc *p)
{
	pbuf_printf(b, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit", "Hard Limit", "Units");
	for (int r = 0; r < RLIM_NLIMITS; r++) {
		pbuf_printf(b, "%-25s ", rows[r].name);
		value(b, p->g->rlim[r].cur);
		value(b, p->g->rlim[r].max);
		if (rows[r].unit[0])
			pbuf_printf(b, "%-10s", rows[r].unit);
		pbuf_printf(b, "\n");
	}
}
