/* Reading the PVH start info, the VMM's boot info and the command line. */
#include "boot.h"

#include "../../../shared/cmdline.h"
#include "../../../shared/pvh.h"
#include "../arch/hypercall.h"
#include "../arch/layout.h"
#include "../lib/printk.h"
#include "../lib/string.h"
#include "panic.h"

#define MEMMAP_MAX 128

struct boot_params boot;
static char cmdline[CV_CMDLINE_MAX + 1];

/* Does s contain c? */
static bool strchr_k(const char *s, char c)
{
	for (; *s; s++)
		if (*s == c)
			return true;
	return false;
}

/* Copy the command line out of the boot page (it may be reused later). */
static void copy_cmdline(uint64_t pa)
{
	const char *src = P2V(pa);
	size_t n;

	if (pa == 0)
		return;
	n = strnlen(src, CV_CMDLINE_MAX);
	memcpy(cmdline, src, n);
	cmdline[n] = '\0';
}

/* Cut the next word out of the command line at *p, in place: blanks
 * separate words, "..." quotes (with \" and \\ inside). NULL at the end. */
static char *next_word(char **p)
{
	char *in = *p, *out, *word;
	bool quoted = false;

	while (*in == ' ' || *in == '\t')
		in++;
	if (*in == '\0')
		return 0;
	word = out = in;
	for (; *in && (quoted || (*in != ' ' && *in != '\t')); in++) {
		if (*in == '"') {
			quoted = !quoted;
		} else if (quoted && *in == '\\' && (in[1] == '"' || in[1] == '\\')) {
			*out++ = *++in;
		} else {
			*out++ = *in;
		}
	}
	*p = *in ? in + 1 : in;
	*out = '\0';
	return word;
}

/* Keep a word for init: its argument list or environment. */
static void add_init_word(const char *w, bool as_arg)
{
	bool env = !as_arg && strchr_k(w, '=');
	const char **list = env ? boot.init_env : boot.init_args;
	int *n = env ? &boot.ninit_env : &boot.ninit_args;

	if (*n < INIT_ARGS_MAX)
		list[(*n)++] = w;
	else
		printk("warning: more than %d init %s, '%s' dropped\n", INIT_ARGS_MAX,
		       env ? "environment words" : "arguments", w);
}

/* fork=WORD's values, by enum fork_tables: share the page tables at fork
 * (on-demand fork, the default) or copy their entries (the baseline). */
static const char *const fork_tables_names[FORK_TABLES_COUNT] = {
	[FORK_SHARE] = "share", [FORK_COPY] = "copy",
};

/* Take "fork=WORD" when WORD names a mode; false for any other word. */
static bool parse_fork_word(const char *w)
{
	if (strncmp(w, "fork=", 5) != 0)
		return false;
	for (int m = 0; m < FORK_TABLES_COUNT; m++)
		if (strcmp(w + 5, fork_tables_names[m]) == 0) {
			boot.fork_tables = (enum fork_tables)m;
			return true;
		}
	return false;
}

/* Split the command line into words and pick out the kernel's own. */
static void parse_cmdline(void)
{
	char *p = cmdline, *w;
	bool rest_to_init = false;

	boot.init = "/init";
	while ((w = next_word(&p)) != 0) {
		if (rest_to_init)
			add_init_word(w, true);
		else if (strcmp(w, "--") == 0)
			rest_to_init = true;
		else if (strcmp(w, "quiet") == 0)
			boot.quiet = true;
		else if (strcmp(w, "cow=off") == 0)
			boot.cow_off = true;
		else if (strcmp(w, "cow=on") == 0)
			boot.cow_off = false;
		else if (parse_fork_word(w))
			continue;
		else if (strcmp(w, "tty=on") == 0 || strcmp(w, "tty=off") == 0)
			boot.console_tty = w[5] == 'n';
		else if (strcmp(w, "simd32=auto") == 0)
			boot.simd32 = SIMD32_AUTO;
		else if (strcmp(w, "simd32=on") == 0)
			boot.simd32 = SIMD32_ON;
		else if (strcmp(w, "simd32=off") == 0)
			boot.simd32 = SIMD32_OFF;
		else if (strncmp(w, "init=", 5) == 0 && w[5])
			boot.init = w + 5;
		else if (strncmp(w, CV_CMDLINE_ARGV0, sizeof(CV_CMDLINE_ARGV0) - 1) == 0)
			boot.argv0 = w + sizeof(CV_CMDLINE_ARGV0) - 1;
		else if (strncmp(w, "cvtest=", 7) == 0)
			boot.test = w + 7;
		else
			add_init_word(w, false);
	}
}

/* Find the RAM region that holds the kernel image. */
static void find_ram(const struct pvh_start_info *si)
{
	const struct pvh_memmap_entry *mm = P2V(si->memmap_paddr);
	uint32_t n = si->memmap_entries < MEMMAP_MAX ? si->memmap_entries : MEMMAP_MAX;
	uint64_t kend = V2P(_kernel_end);

	for (uint32_t i = 0; i < n; i++) {
		uint64_t end = mm[i].addr + mm[i].size;
		if (mm[i].type != PVH_MEMMAP_RAM || mm[i].addr > CV_KERNEL_PADDR || end < kend)
			continue;
		boot.ram_end = end < CV_MEM_MAX ? end : CV_MEM_MAX;
	}
	if (boot.ram_end == 0)
		panic("no RAM region holds the kernel (memory map with %u entries)", n);
	boot.ram_end = PAGE_ROUND_DOWN(boot.ram_end);
}

/* Module 0, if any, is the initrd. */
static void find_initrd(const struct pvh_start_info *si)
{
	const struct pvh_module *mod;

	if (si->nr_modules == 0 || si->modlist_paddr == 0)
		return;
	mod = P2V(si->modlist_paddr);
	if (mod->paddr + mod->size < mod->paddr || mod->paddr + mod->size > boot.ram_end ||
	    mod->paddr < V2P(_kernel_end)) {
		printk("warning: initrd at 0x%lx+0x%lx is not above the kernel in RAM, ignored\n",
		       mod->paddr, mod->size);
		return;
	}
	boot.initrd_pa = mod->paddr;
	boot.initrd_size = mod->size;
}

/* Ask the VMM for what it knows (cowvisor only). */
static void read_vmm_bootinfo(void)
{
	struct cv_bootinfo bi = { 0 };

	if (hypercall(CV_HC_BOOTINFO, V2P(&bi), sizeof(bi), 0, 0) != 0)
		return;
	boot.tsc_khz = bi.tsc_khz;
	boot.realtime_ns = bi.realtime_ns;
	boot.kernel_emulated = (bi.flags & CV_BOOTINFO_KERNEL_EMULATED) != 0;
	boot.strace = (bi.flags & CV_BOOTINFO_STRACE) != 0;
	boot.stats = (bi.flags & CV_BOOTINFO_STATS) != 0;
	boot.coredump = (bi.flags & CV_BOOTINFO_COREDUMP) != 0;
	boot.snapshot_on = boot.stats ? bi.snapshot_on : 0;
}

void boot_parse(uint32_t start_info_pa)
{
	const struct pvh_start_info *si = P2V(start_info_pa);

	if (start_info_pa == 0 || si->magic != PVH_START_MAGIC)
		panic("no PVH start info at 0x%x (bad magic)", start_info_pa);
	if (si->version < 1 || si->memmap_paddr == 0 || si->memmap_entries == 0)
		panic("PVH start info has no memory map (version %u)", si->version);
	copy_cmdline(si->cmdline_paddr);
	parse_cmdline();
	find_ram(si);
	find_initrd(si);
	read_vmm_bootinfo();
}
