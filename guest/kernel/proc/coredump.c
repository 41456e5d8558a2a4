/* Core dumps: tell the VMM what it needs to write a dying process's core. */
#include "coredump.h"

#include "../../../shared/coredump.h"
#include "../arch/hypercall.h"
#include "../arch/layout.h"
#include "../core/boot.h"
#include "../fs/fs.h"
#include "../lib/string.h"
#include "../mm/vm.h"
#include "cputime.h"
#include "proc.h"

static char path_buf[FS_PATH_MAX]; /* one dying process at a time: off the kernel stack */
static struct cv_core_event ev;    /* likewise */

/* Report the path of each file mm maps for pid, keyed by the file's
 * identity in the VMA tables (the VMM reads the mappings there itself);
 * how many were sent. A file mapped in several runs of VMAs is sent once
 * per run: the VMM keeps one path per identity. */
static uint32_t report_files(struct mm *mm, int pid)
{
	const struct fnode *last = 0; /* a program's segments share one file */
	uint32_t n = 0;

	for (int i = 0; i < mm->vmas.n; i++) {
		const struct vma *v = &mm->vmas.v[i];
		int len;

		if (v->kind != VMA_FILE || v->file == 0 || v->file == last)
			continue;
		last = v->file;
		if ((len = fs_path(v->file, path_buf, sizeof(path_buf))) <= 0)
			continue; /* no path: its mappings go without one in NT_FILE */
		hypercall(CV_HC_CORE_FILE, (uint64_t)(uintptr_t)v->file, V2P(path_buf),
			  (uint64_t)len, (uint64_t)pid);
		n++; /* all sent: a refused one means no core (the VMM compares) */
	}
	return n;
}

/* In a system call, the number it was made with; else -1 (orig_eax/rax). */
static uint64_t orig_number(const struct trapframe *tf)
{
	bool call = tf->vector == VEC_SYSCALL || tf->vector == VEC_SYSCALL64;

	return call ? tf->error : ~0ull;
}

/* The i386 user registers of tf, in NT_PRSTATUS order. */
static void fill_regs32(struct cv_core_regs32 *r, const struct trapframe *tf)
{
	*r = (struct cv_core_regs32){
		.ebx = (uint32_t)tf->rbx, .ecx = (uint32_t)tf->rcx, .edx = (uint32_t)tf->rdx,
		.esi = (uint32_t)tf->rsi, .edi = (uint32_t)tf->rdi, .ebp = (uint32_t)tf->rbp,
		.eax = (uint32_t)tf->rax,
		.ds = cur->useg[0], .es = cur->useg[1], .fs = cur->useg[2], .gs = cur->useg[3],
		.orig_eax = (uint32_t)orig_number(tf),
		.eip = (uint32_t)tf->rip, .cs = (uint32_t)tf->cs, .eflags = (uint32_t)tf->rflags,
		.esp = (uint32_t)tf->rsp, .ss = (uint32_t)tf->ss,
	};
}

/* The x86-64 user registers of tf with the FS/GS bases, in NT_PRSTATUS order. */
static void fill_regs64(struct cv_core_regs64 *r, const struct trapframe *tf)
{
	*r = (struct cv_core_regs64){
		.r15 = tf->r15, .r14 = tf->r14, .r13 = tf->r13, .r12 = tf->r12,
		.rbp = tf->rbp, .rbx = tf->rbx, .r11 = tf->r11, .r10 = tf->r10,
		.r9 = tf->r9, .r8 = tf->r8, .rax = tf->rax, .rcx = tf->rcx,
		.rdx = tf->rdx, .rsi = tf->rsi, .rdi = tf->rdi, .orig_rax = orig_number(tf),
		.rip = tf->rip, .cs = tf->cs, .eflags = tf->rflags, .rsp = tf->rsp, .ss = tf->ss,
		.fs_base = cur->fsbase, .gs_base = cur->gsbase, /* arch_prctl's, kept per process */
		.ds = cur->useg[0], .es = cur->useg[1], .fs = cur->useg[2], .gs = cur->useg[3],
	};
}

/* ev's registers from tf, in the layout of the process's ABI. */
static void fill_regs(struct cv_core_event *ev, const struct trapframe *tf)
{
	proc_save_segments(cur); /* ds, es, fs, gs are still the process's */
	ev->abi = cur->abi;
	if (cur->abi == CV_ABI_X86_64)
		fill_regs64(&ev->regs.r64, tf);
	else
		fill_regs32(&ev->regs.r32, tf);
}

bool coredump_report(const struct trapframe *tf, int sig, int code, uint64_t value)
{
	struct mm *mm = cur->mm;

	if (cur->g->rlim[RLIMIT_CORE].cur < PAGE_SIZE)
		return false; /* Linux: a limit below ELF's min_coredump, no core */
	ev = (struct cv_core_event){
		.pid = (uint32_t)cur->pid, .ppid = cur->parent ? (uint32_t)cur->parent->tgid : 0,
		.pgid = (uint32_t)cur->g->pgid, .sid = (uint32_t)cur->g->sid,
		.uid = cur->cred.uid, .gid = cur->cred.gid,
		.signo = sig, .code = code, .value = value,
		.sigpend = cur->sigpending | cur->g->sigpending, .sighold = cur->sigmask,
		.cutime_ns = cur->cpu.child_user_ns, .cstime_ns = cur->cpu.child_sys_ns,
		.nice = cur->nice,
	};

	if (!boot.coredump || mm == 0)
		return false;
	ev.nfiles = report_files(mm, cur->pid);
	ev.cr3 = mm->pml4;
	ev.auxv = mm->auxv;
	ev.auxv_bytes = mm->auxv_bytes;
	ev.arg_start = mm->arg_start;
	ev.arg_end = mm->arg_end;
	cputime_get(cur, &ev.utime_ns, &ev.stime_ns);
	memcpy(ev.comm, cur->comm, sizeof(ev.comm));
	fill_regs(&ev, tf);
	_Static_assert(sizeof(cur->fpu) == sizeof(ev.fxsave), "one FXSAVE image");
	__asm__ volatile("fxsave %0" : "=m"(cur->fpu)); /* the CPU holds cur's state (the area is aligned) */
	memcpy(ev.fxsave, cur->fpu, sizeof(ev.fxsave));
	return hypercall(CV_HC_CORE_DUMP, V2P(&ev), 0, 0, 0) == CV_CORE_WRITTEN;
}
