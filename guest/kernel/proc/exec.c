/* execve: ELF loading into a fresh address space and the initial stack. */
#include "exec.h"

#include "../../../shared/version.h"
#include "../arch/layout.h"
#include "../arch/x86.h"
#include "../core/counters.h"
#include "../core/snapshot.h"
#include "../file/file.h"
#include "../lib/errno.h"
#include "../lib/random.h"
#include "../lib/string.h"
#include "../mm/uaccess.h"
#include "../mm/vm.h"
#include "../../common/elf.h"
#include "cputime.h"
#include "exec_args.h"
#include "exec_script.h"
#include "exit.h"
#include "proc.h"
#include "rlimit.h"
#include "signal.h"
#include "thread.h"
#include "vdso.h"
#include "xstate.h"

#define AUXV_MAX     24
#define PLATFORM32   CV_UTS_MACHINE /* AT_PLATFORM of an i386 program */
#define PLATFORM64   CV_UTS_MACHINE64
#define TOP_ZEROS    8   /* zero bytes above the execfn string: Linux's
			    bprm->p = stack end - sizeof(void *) of the 64-bit
			    kernel, for both ABIs */

enum { AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6,
       AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12,
       AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16,
       AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26,
       AT_EXECFN = 31, AT_SYSINFO = 32, AT_SYSINFO_EHDR = 33, AT_MINSIGSTKSZ = 51 };

static uint8_t default_fpu[512] __attribute__((aligned(16)));

void exec_init_fpu(void)
{
	const uint32_t mxcsr = 0x1f80; /* all SSE exceptions masked */

	/* ldmxcsr is not emulated by kvm-pvm: set MXCSR in the image instead. */
	__asm__ volatile("fninit; fxsave %0" : "=m"(default_fpu));
	memcpy(default_fpu + 24, &mxcsr, sizeof(mxcsr));
}

/* Fill the auxiliary vector of a program in mm in Linux 6.1's order
 * (create_elf_tables with ARCH_DLINFO_IA32 or x86-64's ARCH_DLINFO: the
 * vDSO's entries first); returns the number of words, AT_NULL's included. */
static int make_auxv(uint64_t *aux, const struct mm *mm, const struct elf_info *info,
		     uaddr_t random, uaddr_t execfn, uaddr_t platform)
{
	uint32_t a, b, c, d;
	int n = 0;

	cpuid(1, &a, &b, &c, &d);
#define AUX(type, val) do { aux[n++] = (type); aux[n++] = (val); } while (0)
	if (mm->vdso && info->abi == CV_ABI_I386)
		AUX(AT_SYSINFO, vdso_vsyscall32(mm));
	if (mm->vdso)
		AUX(AT_SYSINFO_EHDR, mm->vdso);
	AUX(AT_MINSIGSTKSZ, info->abi == CV_ABI_X86_64 ? signal_frame_max64() : signal_frame_max());
	AUX(AT_HWCAP, d);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_CLKTCK, USER_HZ);
	AUX(AT_PHDR, info->phdr_vaddr);
	AUX(AT_PHENT, info->phent);
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

/* Copy the auxiliary vector's n words to at, ws bytes each. */
static int put_auxv(struct mm *mm, uaddr_t at, uint64_t *aux, int n, uint32_t ws)
{
	uint32_t *narrow = (uint32_t *)aux;

	for (int i = 0; ws == 4 && i < n; i++) /* upward: no overlap */
		narrow[i] = (uint32_t)aux[i];
	return copy_to_user(mm, at, aux, ws * (uint32_t)n);
}

/* Build the initial stack in mm byte for byte as Linux (fs/exec.c and
 * binfmt_elf.c create_elf_tables) does without randomization, with words
 * of the program's ABI (ws bytes): from the top, TOP_ZEROS zero bytes, the
 * execfn string, the envp strings and the argv strings (each vector in
 * order, contiguous); below them, 16-byte aligned, the platform string,
 * the 16 AT_RANDOM bytes right under it; then argc, argv, envp and the
 * auxiliary vector from a 16-byte aligned stack pointer. Returns the
 * stack pointer or a negative errno. */
static int64_t build_stack(struct mm *mm, const char *path, struct strvec *argv,
			   struct strvec *envp, const struct elf_info *info)
{
	uint32_t pathlen = (uint32_t)strlen(path) + 1, ws = info->abi == CV_ABI_X86_64 ? 8 : 4;
	const char *plat = ws == 8 ? PLATFORM64 : PLATFORM32;
	uint32_t platlen = (uint32_t)strlen(plat) + 1;
	struct arg_totals t = { 0, pathlen }; /* the path counts too */
	uint64_t aux[AUXV_MAX * 2], argc64;
	uaddr_t sp, strings, random, platform, execfn;
	uint8_t rnd[16];
	int argc, envc, rc, naux;

	if ((rc = args_measure(argv, &argc, &t)) || (rc = args_measure(envp, &envc, &t)))
		return rc;
	execfn = mm->stack_top - TOP_ZEROS - pathlen;
	strings = execfn - (t.bytes - pathlen);
	platform = (strings & ~15ull) - platlen;
	random = platform - sizeof(rnd);
	naux = make_auxv(aux, mm, info, random, execfn, platform);
	sp = (random - ws * (uint64_t)(1 + argc + 1 + envc + 1) - ws * (uint64_t)naux) & ~15ull;
	random_bytes(rnd, sizeof(rnd));
	argc64 = (uint64_t)argc;
	if ((rc = copy_to_user(mm, execfn, path, pathlen)) ||
	    (rc = copy_to_user(mm, platform, plat, platlen)) ||
	    (rc = copy_to_user(mm, random, rnd, sizeof(rnd))) ||
	    (rc = copy_to_user(mm, sp, &argc64, ws)))
		return rc;
	mm->arg_start = strings;
	if ((rc = args_place(mm, argv, argc, &strings, execfn, sp + ws, ws)))
		return rc;
	mm->arg_end = mm->env_start = strings;
	if ((rc = args_place(mm, envp, envc, &strings, execfn, sp + ws * (2 + (uint64_t)argc), ws)))
		return rc;
	mm->env_end = strings;
	mm->start_stack = sp;
	mm->auxv = sp + ws * (3 + (uint64_t)argc + (uint64_t)envc);
	mm->auxv_bytes = ws * (uint32_t)naux;
	rc = put_auxv(mm, mm->auxv, aux, naux, ws);
	return rc ? (int64_t)rc : (int64_t)sp;
}

/* Where the stack's VMA begins: RLIMIT_STACK below its top, within the
 * room above the mmap area and above the program's segments. */
static uaddr_t stack_start(const struct mm *mm, const struct elf_info *info)
{
	uaddr_t low = mm->stack_top - rlimit_stack_size(mm->stack_top - mm->mmap_top - STACK_GUARD);

	for (int i = 0; i < info->nload; i++) {
		uaddr_t end = PAGE_ROUND_UP(info->load[i].vaddr + info->load[i].memsz);
		if (end > low && info->load[i].vaddr < mm->stack_top)
			low = end; /* below it by ELF's rules (load_limit): never past the default */
	}
	return low;
}

/* Describe the program's segments, heap and stack as VMAs of mm. */
static int map_program(struct mm *mm, struct fnode *node, const struct elf_info *info)
{
	for (int i = 0; i < info->nload; i++) {
		const struct elf_load *l = &info->load[i];
		uaddr_t start = l->vaddr & ~(uaddr_t)(PAGE_SIZE - 1);
		struct vma *v = vm_add(mm, start, PAGE_ROUND_UP(l->vaddr + l->memsz), l->prot, VMA_FILE);
		if (v == 0)
			return -ENOMEM;
		vm_hold_file(v, node);
		v->file_off = l->offset - (l->vaddr - start);
		v->file_bytes = l->filesz + (l->vaddr - start);
	}
	if (!vm_add(mm, stack_start(mm, info), mm->stack_top, VM_READ | VM_WRITE, VMA_STACK))
		return -ENOMEM;
	mm->brk_start = mm->brk = info->end;
	return vdso_map(mm, info->abi);
}

/* The file to run: a regular, executable file. */
static long find_program(const char *path, struct fnode **node)
{
	int rc = fs_lookup(cur->g->cwd, path, true, node);

	if (rc)
		return rc;
	if (!FS_ISREG((*node)->mode) || !((*node)->mode & 0111))
		return -EACCES;
	return 0;
}

/* The last component of path (Linux's kbasename): the new comm. */
static const char *path_base(const char *path)
{
	const char *base = path;

	for (; *path; path++)
		if (*path == '/')
			base = path + 1;
	return base;
}

/* The file's first page and in *avail its bytes there; NULL for a hole. */
static const uint8_t *first_page(struct fnode *node, uint64_t *avail)
{
	uint64_t first = fs_pages_get(&node->pages, 0);

	*avail = node->size < PAGE_SIZE ? node->size : PAGE_SIZE;
	return first ? P2V(first) : NULL;
}

/* Check the program's ELF headers, which must lie in its first page. */
static long check_program(struct fnode *node, struct elf_info *info, const char **why)
{
	uint64_t avail;
	const uint8_t *head = first_page(node, &avail);
	const char *interp;

	if (head == NULL) {
		*why = "not an ELF file";
		return -ENOEXEC;
	}
	return elf_check(head, avail, node->size, info, why, &interp);
}

/* Past the point of no return: the process becomes the new program
 * (node), started as path. */
static void commit(struct mm *mm, const char *path, struct fnode *node, const struct elf_info *info,
		   uaddr_t sp)
{
	struct trapframe *tf = cur->tf;
	struct mm *old = cur->mm;
	const char *base = path_base(path);
	uint32_t n = (uint32_t)strnlen(base, COMM_LEN - 1);

	cur->mm = mm;
	cur->abi = info->abi;
	vm_activate(mm);
	proc_release_vfork_parent();
	if (old)
		vm_release(old);
	for (uint64_t close = cur->g->cloexec; close; close &= close - 1)
		fd_close(__builtin_ctzll(close));
	signal_reset_on_exec(cur);
	cur->did_exec = true; /* setpgid on it from the parent: EACCES now */
	memset(cur->comm, 0, COMM_LEN);
	memcpy(cur->comm, base, n);
	proc_set_exe(cur, node); /* exec_program took its hold against writers */
	cur->clear_child_tid = 0;
	memset(cur->tls, 0, sizeof(cur->tls));
	gdt_set_tls(cur->tls);
	cur->useg[0] = cur->useg[1] = SEL_USER_DS;
	cur->useg[2] = cur->useg[3] = 0;
	cur->fsbase = cur->gsbase = 0;
	proc_load_segments(cur);
	xstate_exec(); /* before the fxrstor: its stub run loads MXCSR too */
	__asm__ volatile("fxrstor %0" :: "m"(default_fpu));
	memset(tf, 0, sizeof(*tf));
	tf->rip = info->entry;
	tf->rsp = sp;
	tf->cs = info->abi == CV_ABI_X86_64 ? SEL_USER_CS64 : SEL_USER_CS32;
	tf->ss = SEL_USER_DS;
	tf->rflags = 0x202;
	cv_counters.execs++;
	if (cur->execs != UINT16_MAX)
		cur->execs++;
	snapshot_event(CV_SNAP_EXEC, cur->pid);
}

/* Follow #! lines from node (found as path) to the ELF file that runs:
 * *node becomes it and argv gets each interpreter's strings (lines holds
 * them). 0 or -errno (-ELOOP past SCRIPT_DEPTH_MAX nested scripts, as
 * Linux's exec_binprm). */
static long resolve_scripts(const char *path, struct fnode **node, struct strvec *argv,
			    struct script_line lines[SCRIPT_DEPTH_MAX + 1], const char **why)
{
	const char *file = path;
	long rc;

	for (int depth = 0;; depth++) {
		if (depth > SCRIPT_DEPTH_MAX)
			return -ELOOP;
		uint64_t avail;
		const uint8_t *head = first_page(*node, &avail);

		rc = head ? script_parse(head, avail, &lines[depth]) : 0;
		if (rc == 0)
			return 0;
		if (rc < 0) {
			*why = "a #! line without a usable interpreter";
			return rc;
		}
		if ((rc = script_splice(argv, &lines[depth], file)))
			return rc;
		file = lines[depth].interp;
		if ((rc = find_program(file, node)))
			return rc;
	}
}

long exec_program(const char *path, struct strvec *argv_in, struct strvec *envp, const char **why)
{
	struct script_line lines[SCRIPT_DEPTH_MAX + 1];
	struct strvec argv = *argv_in;
	struct elf_info info;
	struct fnode *node;
	struct mm *mm;
	int64_t sp;
	long rc;

	*why = 0;
	if ((rc = find_program(path, &node)) || (rc = resolve_scripts(path, &node, &argv, lines, why)))
		return rc;
	if ((rc = check_program(node, &info, why)) || (rc = fs_deny_write(node)))
		return rc; /* a file open for writing does not run (ETXTBSY) */
	if ((mm = vm_create(info.abi)) == 0) {
		fs_allow_write(node);
		return -ENOMEM;
	}
	if ((rc = map_program(mm, node, &info)) || (sp = build_stack(mm, path, &argv, envp, &info)) < 0) {
		vm_release(mm);
		fs_allow_write(node);
		return rc ? rc : sp;
	}
	if (thread_count(cur) > 1 && !thread_exec_alone()) {
		vm_release(mm);
		fs_allow_write(node);
		return -EINTR; /* a fatal signal ends us on the way out */
	}
	commit(mm, path, node, &info, (uaddr_t)sp);
	return 0;
}
