/* execve: ELF loading into a fresh address space and the initial stack. */
#include "exec.h"

#include "../../../shared/version.h"
#include "../arch/x86.h"
#include "../counters.h"
#include "../file/file.h"
#include "../introspect.h"
#include "../lib/errno.h"
#include "../lib/random.h"
#include "../lib/string.h"
#include "../mm/layout.h"
#include "../mm/uaccess.h"
#include "../mm/vm.h"
#include "elf32.h"
#include "exec_args.h"
#include "exit.h"
#include "proc.h"
#include "signal.h"

#define AUXV_MAX     24
#define PLATFORM     CV_UTS_MACHINE

enum { AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6,
       AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12,
       AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16,
       AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26,
       AT_EXECFN = 31 };

static uint8_t default_fpu[512] __attribute__((aligned(16)));

void exec_init_fpu(void)
{
	const uint32_t mxcsr = 0x1f80; /* all SSE exceptions masked */

	/* ldmxcsr is not emulated by kvm-pvm: set MXCSR in the image instead. */
	__asm__ volatile("fninit; fxsave %0" : "=m"(default_fpu));
	memcpy(default_fpu + 24, &mxcsr, sizeof(mxcsr));
}

/* Fill the auxiliary vector; returns the number of words. */
static int make_auxv(uint32_t *aux, const struct elf32_info *info, uint32_t random,
		     uint32_t execfn, uint32_t platform)
{
	uint32_t a, b, c, d;
	int n = 0;

	cpuid(1, &a, &b, &c, &d);
#define AUX(type, val) do { aux[n++] = (type); aux[n++] = (val); } while (0)
	AUX(AT_HWCAP, d);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_CLKTCK, 100);
	AUX(AT_PHDR, info->phdr_vaddr);
	AUX(AT_PHENT, 32);
	AUX(AT_PHNUM, info->phnum);
	AUX(AT_BASE, 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, info->entry);
	AUX(AT_UID, 0);
	AUX(AT_EUID, 0);
	AUX(AT_GID, 0);
	AUX(AT_EGID, 0);
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, random);
	AUX(AT_HWCAP2, 0);
	AUX(AT_EXECFN, execfn);
	AUX(AT_PLATFORM, platform);
	AUX(AT_NULL, 0);
#undef AUX
	return n;
}

/* Build the initial stack in mm: strings at the top, then argc, argv,
 * envp and the auxiliary vector below, 16-byte aligned. Returns the
 * stack pointer or a negative errno. */
static int64_t build_stack(struct mm *mm, const char *path, struct strvec *argv,
			   struct strvec *envp, const struct elf32_info *info)
{
	uint32_t pathlen = (uint32_t)strlen(path) + 1;
	struct arg_totals t = { 0, pathlen }; /* the path counts too */
	uint32_t aux[AUXV_MAX * 2], sp, strings, random, platform, execfn;
	uint8_t rnd[16];
	int argc, envc, rc, naux;

	if ((rc = args_measure(argv, &argc, &t)) || (rc = args_measure(envp, &envc, &t)))
		return rc;
	execfn = USER_STACK_TOP - pathlen;
	strings = (execfn - (t.bytes - pathlen)) & ~3u;
	platform = strings - sizeof(PLATFORM);
	random = (platform - sizeof(rnd)) & ~15u;
	naux = make_auxv(aux, info, random, execfn, platform);
	sp = (random - (uint32_t)(4 * (1 + argc + 1 + envc + 1) + 4 * naux)) & ~15u;
	random_bytes(rnd, sizeof(rnd));
	if ((rc = copy_to_user(mm, execfn, path, pathlen)) ||
	    (rc = copy_to_user(mm, platform, PLATFORM, sizeof(PLATFORM))) ||
	    (rc = copy_to_user(mm, random, rnd, sizeof(rnd))) ||
	    (rc = copy_to_user(mm, sp, &argc, 4)))
		return rc;
	mm->arg_start = strings;
	if ((rc = args_place(mm, argv, argc, &strings, execfn, sp + 4)))
		return rc;
	mm->arg_end = mm->env_start = strings;
	if ((rc = args_place(mm, envp, envc, &strings, execfn, sp + 8 + 4u * (uint32_t)argc)))
		return rc;
	mm->env_end = strings;
	mm->start_stack = sp;
	rc = copy_to_user(mm, sp + 12 + 4u * (uint32_t)(argc + envc), aux, 4u * (uint32_t)naux);
	return rc ? (int64_t)rc : (int64_t)sp;
}

/* Describe the program's segments, heap and stack as VMAs of mm. */
static int map_program(struct mm *mm, struct fnode *node, const struct elf32_info *info)
{
	for (int i = 0; i < info->nload; i++) {
		const struct elf32_load *l = &info->load[i];
		uint32_t start = l->vaddr & ~(PAGE_SIZE - 1);
		struct vma *v = vm_add(mm, start, (uint32_t)PAGE_ROUND_UP((uint64_t)l->vaddr + l->memsz),
				       l->prot, VMA_FILE);
		if (v == 0)
			return -ENOMEM;
		v->file = node;
		v->file_off = l->offset - (l->vaddr - start);
		v->file_bytes = l->filesz + (l->vaddr - start);
	}
	if (!vm_add(mm, USER_STACK_TOP - USER_STACK_MAX, USER_STACK_TOP, VM_READ | VM_WRITE, VMA_STACK))
		return -ENOMEM;
	mm->brk_start = mm->brk = info->end;
	return 0;
}

/* The file to run: a regular, executable file. */
static long find_program(const char *path, struct fnode **node)
{
	int rc = fs_lookup(cur->cwd, path, true, node);

	if (rc)
		return rc;
	if (!FS_ISREG((*node)->mode) || !((*node)->mode & 0111))
		return -EACCES;
	return 0;
}

/* The process's name after exec: the last component of the path it was
 * given (as Linux: a link's name, "exe" for /proc/self/exe), cut to fit. */
static void set_comm(const char *path)
{
	const char *base = path;
	uint32_t n = 0;

	for (const char *p = path; *p; p++)
		if (*p == '/')
			base = p + 1;
	while (n < COMM_LEN - 1 && base[n])
		n++;
	memset(cur->comm, 0, COMM_LEN);
	memcpy(cur->comm, base, n);
}

/* Past the point of no return: the process becomes the new program. */
static void commit(struct mm *mm, struct fnode *node, const char *path, const struct elf32_info *info,
		   uint32_t sp)
{
	struct trapframe *tf = cur->tf;
	struct mm *old = cur->mm;

	cur->mm = mm;
	vm_activate(mm);
	proc_release_vfork_parent();
	if (old)
		vm_release(old);
	for (int fd = 0; fd < NOFILE; fd++)
		if (cur->cloexec & (1ull << fd))
			fd_close(fd);
	signal_reset_on_exec(cur);
	set_comm(path);
	cur->exe = node;
	cur->clear_child_tid = 0;
	memset(cur->tls, 0, sizeof(cur->tls));
	gdt_set_tls(cur->tls);
	cur->useg[0] = cur->useg[1] = SEL_USER_DS;
	cur->useg[2] = cur->useg[3] = 0;
	proc_load_segments(cur);
	__asm__ volatile("fxrstor %0" :: "m"(default_fpu));
	memset(tf, 0, sizeof(*tf));
	tf->rip = info->entry;
	tf->rsp = sp;
	tf->cs = SEL_USER_CS32;
	tf->ss = SEL_USER_DS;
	tf->rflags = 0x202;
	cv_counters.execs++;
	introspect_proc(cur);
	snapshot_event(CV_SNAP_EXEC, cur->pid);
}

long exec_program(const char *path, struct strvec *argv, struct strvec *envp, const char **why)
{
	struct elf32_info info;
	struct fnode *node;
	struct mm *mm;
	int64_t sp;
	long rc;

	*why = 0;
	if ((rc = find_program(path, &node)))
		return rc;
	if ((rc = elf32_check(node->data, node->size, &info, why)))
		return rc;
	if ((mm = vm_create()) == 0)
		return -ENOMEM;
	if ((rc = map_program(mm, node, &info)) || (sp = build_stack(mm, path, argv, envp, &info)) < 0) {
		vm_release(mm);
		return rc ? rc : sp;
	}
	commit(mm, node, path, &info, (uint32_t)sp);
	return 0;
}
