/* The text of /proc/PID's files, in Linux's formats (fs/proc/array.c,
 * task_mmu.c). A zombie has no address space: its memory fields are 0. */
#include "../../../shared/pte.h"
#include "../arch/layout.h"
#include "../dev/chardev.h"
#include "../lib/string.h"
#include "../mm/uaccess.h"
#include "../mm/vm.h"
#include "../proc/cputime.h"
#include "../proc/ctty.h"
#include "../proc/signal.h"
#include "../proc/thread.h"
#include "pnode.h"

#define CAP_ALL  "000001ffffffffff" /* Linux 6.1's 41 capabilities */
#define CAP_NONE "0000000000000000"
#define MAPS_NAME_COL 48            /* a 32-bit kernel's column for the name */
#define PT_SPAN       (1u << 21)    /* the bytes one page table maps */
#define NO_RLIMIT     0xffffffffu   /* RLIM_INFINITY of a 32-bit kernel */
#define TTY_CONSOLE   DEV_CONSOLE   /* the one terminal: the console */

/* What a process's memory adds up to, in pages. */
struct mem_use {
	uint32_t size, rss_anon, rss_file, rss_shmem, data, stack, exe, pt;
	uint64_t start_code, end_code, start_data, end_data; /* x86-64: anywhere in 47 bits */
};

/* Present pages of v (within its [lo, hi) hint), a page table at a time:
 * one walk per table, then its entries in a row. */
static uint32_t present_pages(struct mm *mm, const struct vma *v)
{
	uint32_t n = 0;
	uint64_t va = v->lo > v->start ? v->lo : v->start, end = v->hi < v->end ? v->hi : v->end;

	if (v->hi == 0)
		return 0;
	while (va < end) {
		uint64_t table_end = (va + PT_SPAN) & ~(uint64_t)(PT_SPAN - 1);
		uint64_t *pte = vm_pte(mm, va);
		if (table_end > end)
			table_end = end;
		for (; pte && va < table_end; va += PAGE_SIZE, pte++) /* no table: none here */
			n += (*pte & PTE_P) != 0;
		va = table_end;
	}
	return n;
}

/* Add up p's mappings as Linux's task_statm and the code/data bounds of its program. */
static void mem_use(struct proc *p, struct mem_use *u)
{
	struct mm *mm = p->mm;

	memset(u, 0, sizeof(*u));
	if (mm == 0 || p->state == P_ZOMBIE)
		return;
	u->pt = mm->pt_pages;
	for (int i = 0; i < mm->vmas.n; i++) {
		const struct vma *v = &mm->vmas.v[i];
		uint32_t pages = (v->end - v->start) / PAGE_SIZE, rss = present_pages(mm, v);
		u->size += pages;
		if (v->shm)
			u->rss_shmem += rss;
		else if (v->kind == VMA_FILE || v->kind == VMA_VDSO)
			u->rss_file += rss; /* the vDSO's page too, as Linux counts it */
		else
			u->rss_anon += rss;
		if (v->kind == VMA_STACK)
			u->stack += pages;
		else if (v->kind == VMA_FILE && v->file == p->exe && (v->prot & VM_EXEC)) {
			u->exe += pages;
			if (u->start_code == 0)
				u->start_code = v->start;
			u->end_code = v->start + v->file_bytes;
		} else if (v->kind == VMA_FILE && v->file == p->exe && (v->prot & VM_WRITE) && !u->start_data) {
			u->start_data = v->start;
			u->end_data = v->start + v->file_bytes;
		}
		if ((v->prot & VM_WRITE) && !v->shared && v->kind != VMA_STACK)
			u->data += pages;
	}
}

/* The state letter (fs/proc/array.c's task_state_array). */
static char state_letter(const struct proc *p)
{
	return p->state == P_ZOMBIE ? 'Z' : p->state == P_SLEEPING ? 'S' : p->state == P_STOPPED ? 'T' : 'R';
}

/* The state as status spells it. */
static const char *state_name(const struct proc *p)
{
	return p->state == P_ZOMBIE     ? "Z (zombie)"
	       : p->state == P_SLEEPING ? "S (sleeping)"
	       : p->state == P_STOPPED  ? "T (stopped)"
					: "R (running)";
}

/* Signals ignored and caught (with a handler), as bit sets. */
static void sig_dispositions(const struct proc *p, uint64_t *ign, uint64_t *cgt)
{
	*ign = *cgt = 0;
	for (int s = 1; s <= NSIG; s++) {
		if (p->g->sigact[s - 1].handler == SIG_IGN)
			*ign |= SIGBIT(s);
		else if (p->g->sigact[s - 1].handler != SIG_DFL)
			*cgt |= SIGBIT(s);
	}
}

/* /proc/PID/stat: the 52 fields of do_task_stat, in its order. */
void gen_stat(struct pbuf *b, struct proc *p)
{
	struct mm *mm = p->state == P_ZOMBIE ? 0 : p->mm;
	struct mem_use u;
	uint64_t ign, cgt, user, sys;

	mem_use(p, &u);
	sig_dispositions(p, &ign, &cgt);
	cputime_get_process(p, &user, &sys); /* the process's, as Linux's stat */
	pbuf_printf(b, "%d (%s) %c %d %d %d %u %d 0 0 0 0 0 ", p->pid, p->comm, state_letter(p),
		    p->parent ? p->parent->tgid : 0, p->g->pgid, p->g->sid, p->g->ctty ? TTY_CONSOLE : 0,
		    p->g->ctty ? ctty_foreground() : -1);
	pbuf_printf(b, "%u %u %u %u %d %d %d 0 %lu ", cputime_ticks(user), cputime_ticks(sys),
		    cputime_ticks(p->cpu.child_user_ns), cputime_ticks(p->cpu.child_sys_ns),
		    20 + p->nice, p->nice, thread_count(p), (unsigned long)cputime_ticks(p->start_ns));
	pbuf_printf(b, "%u %u %u %lu %lu %lu 0 0 ", u.size * PAGE_SIZE, u.rss_anon + u.rss_file + u.rss_shmem,
		    NO_RLIMIT, u.start_code, u.end_code, mm ? mm->start_stack : 0);
	pbuf_printf(b, "%u %u %u %u 0 0 0 %d 0 0 0 0 0 0 ", (uint32_t)p->sigpending & 0x7fffffffu,
		    (uint32_t)p->sigmask & 0x7fffffffu, (uint32_t)ign & 0x7fffffffu,
		    (uint32_t)cgt & 0x7fffffffu, p->exit_signal);
	pbuf_printf(b, "%lu %lu %lu %lu %lu %lu %lu %d\n", u.start_data, u.end_data, mm ? mm->brk_start : 0,
		    mm ? mm->arg_start : 0, mm ? mm->arg_end : 0, mm ? mm->env_start : 0,
		    mm ? mm->env_end : 0, p->state == P_ZOMBIE ? p->wait_status : 0);
}

/* One "VmXxx:" line of status, in kB. */
static void vm_line(struct pbuf *b, const char *name, uint32_t pages)
{
	pbuf_printf(b, "%s\t%8u kB\n", name, pages * (PAGE_SIZE / 1024));
}

/* The umask as status shows it: four octal digits (printk has no %o). */
static void umask_text(uint32_t mask, char out[5])
{
	for (int i = 0; i < 4; i++)
		out[i] = (char)('0' + ((mask >> (3 * (3 - i))) & 7));
	out[4] = '\0';
}

/* The Uid:, Gid: and Groups: lines of status, from the process's credentials. */
static void cred_lines(struct pbuf *b, const struct cred *c)
{
	pbuf_printf(b, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nFDSize:\t%d\nGroups:\t",
		    c->uid, c->euid, c->suid, c->fsuid, c->gid, c->egid, c->sgid, c->fsgid, NOFILE);
	for (uint32_t i = 0; i < c->ngroups && i < CRED_NGROUPS; i++)
		pbuf_printf(b, "%u ", c->groups[i]);
	pbuf_puts(b, "\n");
}

/* /proc/PID/status: proc_pid_status's fields (memory: task_mem). */
void gen_status(struct pbuf *b, struct proc *p)
{
	struct mem_use u;
	uint64_t ign, cgt;
	int queued = 0;
	char umask[5];

	mem_use(p, &u);
	sig_dispositions(p, &ign, &cgt);
	for (uint64_t s = p->sigpending; s; s &= s - 1)
		queued++;
	umask_text(p->g->umask, umask);
	pbuf_printf(b, "Name:\t%s\nUmask:\t%s\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\n",
		    p->comm, umask, state_name(p), p->tgid, p->pid, p->parent ? p->parent->tgid : 0);
	pbuf_puts(b, "TracerPid:\t0\n");
	cred_lines(b, &p->cred);
	if (p->state != P_ZOMBIE && p->mm) {
		vm_line(b, "VmPeak:", u.size);
		vm_line(b, "VmSize:", u.size);
		vm_line(b, "VmLck:", 0);
		vm_line(b, "VmPin:", 0);
		vm_line(b, "VmHWM:", u.rss_anon + u.rss_file + u.rss_shmem);
		vm_line(b, "VmRSS:", u.rss_anon + u.rss_file + u.rss_shmem);
		vm_line(b, "RssAnon:", u.rss_anon);
		vm_line(b, "RssFile:", u.rss_file);
		vm_line(b, "RssShmem:", u.rss_shmem);
		vm_line(b, "VmData:", u.data);
		vm_line(b, "VmStk:", u.stack);
		vm_line(b, "VmExe:", u.exe);
		vm_line(b, "VmLib:", 0);
		vm_line(b, "VmPTE:", u.pt);
		vm_line(b, "VmSwap:", 0);
	}
	pbuf_printf(b, "Threads:\t%d\nSigQ:\t%d/%d\nSigPnd:\t%016lx\nShdPnd:\t%016lx\n",
		    thread_count(p), queued, NPROC, p->sigpending, p->g->sigpending);
	pbuf_printf(b, "SigBlk:\t%016lx\nSigIgn:\t%016lx\nSigCgt:\t%016lx\n", p->sigmask, ign, cgt);
	/* effective uid 0 may do everything (cred.h): all capabilities, else none */
	pbuf_printf(b, "CapInh:\t0000000000000000\nCapPrm:\t%s\nCapEff:\t%s\n", p->cred.euid ? CAP_NONE : CAP_ALL,
		    p->cred.euid ? CAP_NONE : CAP_ALL);
	pbuf_puts(b, "CapBnd:\t" CAP_ALL "\nCapAmb:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t0\n");
}

/* /proc/PID/statm: proc_pid_statm's seven numbers in pages, from the sums
 * status shows (task_statm): size, resident, shared (file and shmem),
 * text (the program's code bounds), lib (0), data (data and stack), dt (0). */
void gen_statm(struct pbuf *b, struct proc *p)
{
	struct mem_use u;
	uint64_t text;

	mem_use(p, &u); /* a zombie: all 0, as Linux without an mm */
	text = (PAGE_ROUND_UP(u.end_code) - (u.start_code & ~(uint64_t)(PAGE_SIZE - 1))) >> PAGE_SHIFT;
	pbuf_printf(b, "%u %u %u %lu 0 %u 0\n", u.size, u.rss_anon + u.rss_file + u.rss_shmem,
		    u.rss_file + u.rss_shmem, text, u.data + u.stack);
}

/* /proc/PID/cmdline: the argument strings as they are in its memory. */
void gen_cmdline(struct pbuf *b, struct proc *p)
{
	char chunk[256];
	uaddr_t at, end;

	if (p->state == P_ZOMBIE || p->mm == 0)
		return;
	for (at = p->mm->arg_start, end = p->mm->arg_end; at < end;) {
		uint32_t n = end - at < sizeof(chunk) ? (uint32_t)(end - at) : sizeof(chunk);
		if (copy_from_user(p->mm, chunk, at, n))
			return;
		pbuf_write(b, chunk, n);
		at += n;
	}
}

void gen_comm(struct pbuf *b, struct proc *p)
{
	pbuf_printf(b, "%s\n", p->comm);
}

/* The name column of a mapping: its file's path, or what Linux calls it. */
static void map_name(struct pbuf *b, struct mm *mm, const struct vma *v, uint32_t line)
{
	char path[FS_PATH_MAX];
	const char *name = 0;

	if (v->kind == VMA_FILE && v->file && fs_path(v->file, path, sizeof(path)) >= 0)
		name = path;
	else if (v->kind == VMA_HEAP || (v->kind == VMA_ANON && v->start >= mm->brk_start &&
					 v->end <= PAGE_ROUND_UP(mm->brk) && mm->brk > mm->brk_start))
		name = "[heap]";
	else if (v->kind == VMA_STACK)
		name = "[stack]";
	else if (v->kind == VMA_TRAMP)
		name = "[compat_fp]"; /* the kernel's x87/SSE trampoline page */
	else if (v->kind == VMA_VDSO)
		name = "[vdso]";
	else if (v->shm)
		name = "/dev/zero (deleted)";
	if (name) {
		pbuf_pad(b, line, MAPS_NAME_COL);
		pbuf_puts(b, name);
	}
	pbuf_write(b, "\n", 1);
}

/* /proc/PID/maps: one line per VMA, as show_map_vma. */
void gen_maps(struct pbuf *b, struct proc *p)
{
	struct mm *mm = p->mm;

	if (p->state == P_ZOMBIE || mm == 0)
		return;
	for (int i = 0; i < mm->vmas.n; i++) {
		const struct vma *v = &mm->vmas.v[i];
		bool file = v->kind == VMA_FILE && v->file;
		uint32_t line = b->len;
		pbuf_printf(b, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %u", v->start, v->end,
			    v->prot & VM_READ ? 'r' : '-', v->prot & VM_WRITE ? 'w' : '-',
			    v->prot & VM_EXEC ? 'x' : '-', v->shared ? 's' : 'p',
			    file ? v->file_off : 0, 0, file ? 1 : 0, file ? v->file->ino : 0);
		map_name(b, mm, v, line);
	}
}
