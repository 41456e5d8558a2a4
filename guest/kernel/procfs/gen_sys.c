/* The text of /proc's system files, in Linux's formats (fs/proc/ in Linux). */
#include "../../../shared/version.h"
#include "../arch/clock.h"
#include "../arch/layout.h"
#include "../arch/x86.h"
#include "../core/boot.h"
#include "../core/counters.h"
#include "../lib/string.h"
#include "../mm/frame.h"
#include "../proc/loadavg.h"
#include "pnode.h"

#define KB_PER_PAGE  (PAGE_SIZE / 1024)
#define NS_PER_SEC   1000000000ull
#define NS_PER_CS    10000000ull   /* hundredths of a second */

/* One meminfo line: the name padded to 16 columns, kB in 8 (show_val_kb). */
static void kb_line(struct pbuf *b, const char *name, uint64_t kb)
{
	pbuf_printf(b, "%-16s%8lu kB\n", name, kb);
}

/* Memory from the frame allocator; the file tree's data counts as cache.
 * There is no swap and no page cache to reclaim. */
void gen_meminfo(struct pbuf *b, struct proc *p)
{
	uint64_t total = frames_total() * KB_PER_PAGE, free = frames_free() * KB_PER_PAGE;
	uint64_t cached = boot.initrd_size / 1024, procs = 0;

	(void)p;
	for (struct proc *q = proc_first(); q; q = proc_next(q))
		procs += q->state != P_FREE;
	kb_line(b, "MemTotal:", total);
	kb_line(b, "MemFree:", free);
	kb_line(b, "MemAvailable:", free);
	kb_line(b, "Buffers:", 0);
	kb_line(b, "Cached:", cached);
	kb_line(b, "SwapCached:", 0);
	kb_line(b, "Active:", 0);
	kb_line(b, "Inactive:", 0);
	kb_line(b, "SwapTotal:", 0);
	kb_line(b, "SwapFree:", 0);
	kb_line(b, "Dirty:", 0);
	kb_line(b, "Writeback:", 0);
	kb_line(b, "Shmem:", 0);
	kb_line(b, "Slab:", 0);
	kb_line(b, "SReclaimable:", 0);
	kb_line(b, "SUnreclaim:", 0);
	kb_line(b, "KernelStack:", procs * KSTACK_SIZE / 1024);
	kb_line(b, "CommitLimit:", total);
}

/* Seconds since boot and seconds idle, in hundredths (idle time is not kept: 0). */
void gen_uptime(struct pbuf *b, struct proc *p)
{
	uint64_t cs = clock_monotonic_ns() / NS_PER_CS;

	(void)p;
	pbuf_printf(b, "%lu.%02lu 0.00\n", cs / 100, cs % 100);
}

/* The integer and two-digit fraction of a fixed-point load (LOAD_INT, LOAD_FRAC). */
#define LOAD_INT(x)  ((x) >> LOADAVG_FSHIFT)
#define LOAD_FRAC(x) LOAD_INT(((x) & (LOADAVG_FIXED_1 - 1)) * 100)

void gen_loadavg(struct pbuf *b, struct proc *p)
{
	uint32_t a[3];
	int total = 0;

	(void)p;
	loadavg_get(a);
	for (struct proc *q = proc_first(); q; q = proc_next(q))
		total += q->state != P_FREE && q->state != P_ZOMBIE;
	pbuf_printf(b, "%u.%02u %u.%02u %u.%02u %d/%d %d\n", LOAD_INT(a[0]), LOAD_FRAC(a[0]),
		    LOAD_INT(a[1]), LOAD_FRAC(a[1]), LOAD_INT(a[2]), LOAD_FRAC(a[2]),
		    loadavg_runnable(), total, proc_last_pid());
}

/* The tree is the initramfs root (rootfs); /proc is mounted on it; /dev is
 * a directory of the root, not a file system of its own. */
void gen_mounts(struct pbuf *b, struct proc *p)
{
	(void)p;
	pbuf_puts(b, "rootfs / rootfs rw 0 0\n"
		     "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n");
}

void gen_filesystems(struct pbuf *b, struct proc *p)
{
	(void)p;
	pbuf_puts(b, "nodev\trootfs\nnodev\tproc\n");
}

/* "Linux version RELEASE (BUILDER) (COMPILER) VERSION", as linux_banner. */
void gen_version(struct pbuf *b, struct proc *p)
{
	(void)p;
	pbuf_puts(b, "Linux version " CV_UTS_RELEASE " (cowvisor) (cowvisor guest kernel "
		     CV_VERSION_STRING ") " CV_UTS_VERSION "\n");
}

/* Linux's names of CPUID leaf 1's EDX and ECX bits ("" where it shows none). */
static const char *const flags_edx[32] = {
	"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", "", "sep",
	"mtrr", "pge", "mca", "cmov", "pat", "pse36", "pn", "clflush", "", "dts", "acpi",
	"mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
};
static const char *const flags_ecx[32] = {
	"pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2",
	"ssse3", "cid", "sdbg", "fma", "cx16", "xtpr", "pdcm", "", "pcid", "dca", "sse4_1",
	"sse4_2", "x2apic", "movbe", "popcnt", "tsc_deadline_timer", "aes", "xsave", "",
	"avx", "f16c", "rdrand", "hypervisor",
};

/* The flags line from one CPUID register. */
static void put_flags(struct pbuf *b, const char *const names[32], uint32_t reg)
{
	for (int i = 0; i < 32; i++)
		if ((reg & (1u << i)) && names[i][0])
			pbuf_printf(b, " %s", names[i]);
}

/* The CPU's brand string (CPUID 0x80000002..4), or "unknown" when it has none. */
static void model_name(char name[49])
{
	uint32_t r[12], max, x;

	cpuid(0x80000000, &max, &x, &x, &x);
	if (max < 0x80000004) {
		memcpy(name, "unknown", 8);
		return;
	}
	for (uint32_t i = 0; i < 3; i++)
		cpuid(0x80000002 + i, &r[4 * i], &r[4 * i + 1], &r[4 * i + 2], &r[4 * i + 3]);
	memcpy(name, r, 48);
	name[48] = '\0';
}

/* The one CPU, described from CPUID as Linux's show_cpuinfo does. */
void gen_cpuinfo(struct pbuf *b, struct proc *p)
{
	uint32_t max, vendor[4] = { 0 }, a, bx, c, d, family, model;
	char name[49];
	const char *n = name;

	(void)p;
	cpuid(0, &max, &vendor[0], &vendor[2], &vendor[1]);
	cpuid(1, &a, &bx, &c, &d);
	family = (a >> 8) & 0xf;
	model = (a >> 4) & 0xf;
	if (family == 0xf)
		family += (a >> 20) & 0xff;
	if (family >= 6)
		model |= ((a >> 16) & 0xf) << 4;
	model_name(name);
	while (*n == ' ')
		n++;
	if (*n == '\0') /* no brand string: Linux says so */
		n = "unknown";
	pbuf_printf(b, "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n",
		    (const char *)vendor, family, model);
	pbuf_printf(b, "model name\t: %s\nstepping\t: %u\n", n, a & 0xf);
	pbuf_printf(b, "cpu MHz\t\t: %lu.%03lu\n", boot.tsc_khz / 1000, boot.tsc_khz % 1000);
	pbuf_printf(b, "physical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\ncpu cores\t: 1\n"
		       "apicid\t\t: 0\ninitial apicid\t: 0\nfpu\t\t: yes\nfpu_exception\t: yes\n"
		       "cpuid level\t: %u\nwp\t\t: yes\nflags\t\t:", max);
	put_flags(b, flags_edx, d);
	put_flags(b, flags_ecx, c);
	pbuf_printf(b, "\nbogomips\t: %lu.%02lu\nclflush size\t: %u\ncache_alignment\t: %u\n\n",
		    boot.tsc_khz / 500, (boot.tsc_khz / 5) % 100, ((bx >> 8) & 0xff) * 8,
		    ((bx >> 8) & 0xff) * 8);
}

/* System statistics: CPU time is not accounted (zeros), the rest is known. */
void gen_stat_sys(struct pbuf *b, struct proc *p)
{
	int64_t boot_s = (clock_realtime_ns() - (int64_t)clock_monotonic_ns()) / (int64_t)NS_PER_SEC;

	(void)p;
	pbuf_puts(b, "cpu  0 0 0 0 0 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\nintr 0\nctxt 0\n");
	pbuf_printf(b, "btime %ld\nprocesses %lu\nprocs_running %d\nprocs_blocked 0\n", boot_s,
		    cv_counters.forks + cv_counters.vforks + 1, loadavg_runnable());
}
