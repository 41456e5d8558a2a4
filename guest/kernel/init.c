/* Process 1. */
#include "init.h"

#include "../../shared/hypercall.h"
#include "arch/layout.h"
#include "core/boot.h"
#include "core/panic.h"
#include "dev/chardev.h"
#include "file/file.h"
#include "fs/fs.h"
#include "lib/errno.h"
#include "lib/printk.h"
#include "mm/frame.h"
#include "proc/ctty.h"
#include "proc/exec.h"
#include "proc/proc.h"
#include "procfs/procfs.h"

#define INIT_ARGV_MAX (INIT_ARGS_MAX + 2)

static const char *const default_env[] = { "PATH=/bin:/usr/bin", "HOME=/", "TERM=dumb" };
#define NDEFAULT_ENV (sizeof(default_env) / sizeof(default_env[0]))

/* The file tree from the initrd; its frames stay pinned for mapping. */
static void unpack_initrd(void)
{
	const char *why;

	frame_pin_range(boot.initrd_pa, boot.initrd_size);
	if (fs_unpack(P2V(boot.initrd_pa), boot.initrd_size, &why) != 0) {
		printk("cowvisor kernel: the initrd is not a usable cpio archive: %s\n", why);
		poweroff(125);
	}
}

/* fds 0, 1 and 2: the console, writing to the host's stdout and stderr. */
static void open_console(void)
{
	static const int streams[3] = { CV_CONSOLE_OUT, CV_CONSOLE_OUT, CV_CONSOLE_ERR };

	for (int fd = 0; fd < 3; fd++) {
		struct file *f = file_alloc(FT_CONSOLE, &console_fops, O_RDWR);
		if (f == 0)
			panic("no file for the console");
		f->stream = streams[fd];
		cur->g->files[fd] = f;
		cur->g->fd_open |= 1ull << fd;
	}
}

/* The exit status for a failed start of init. */
static int failure_status(long rc)
{
	return rc == -ENOENT || rc == -ENOTDIR ? 127 : rc == -ENOEXEC || rc == -EACCES ? 126 : 125;
}

void init_start(void)
{
	const char *argv[INIT_ARGV_MAX] = { boot.argv0 ? boot.argv0 : boot.init };
	const char *envp[NDEFAULT_ENV + INIT_ARGS_MAX + 1];
	struct strvec av = { .karr = argv }, ev = { .karr = envp };
	const char *why;
	struct proc *p;
	long rc;

	if (boot.initrd_size == 0) {
		if (!boot.quiet)
			printk("no init program given: powering off\n");
		poweroff(0);
	}
	unpack_initrd();
	devfs_populate();
	procfs_mount();
	for (int i = 0; i < boot.ninit_args; i++)
		argv[i + 1] = boot.init_args[i];
	for (unsigned i = 0; i < NDEFAULT_ENV; i++)
		envp[i] = default_env[i];
	for (int i = 0; i < boot.ninit_env; i++)
		envp[NDEFAULT_ENV + i] = boot.init_env[i];
	envp[NDEFAULT_ENV + boot.ninit_env] = 0;
	if ((p = proc_alloc()) == 0)
		panic("no process slot for init");
	p->g->pgid = p->g->sid = 1;
	ctty_init(p);
	p->state = P_RUNNING; /* a process before its exec: snapshots see it */
	p->g->cwd = fs_get(fs_root());
	p->g->umask = 022;
	rlimit_init(p);
	p->exit_signal = 0;
	/* root in group root with no supplementary groups, as Linux's init */
	cur = p;
	open_console();
	if ((rc = exec_program(boot.init, &av, &ev, &why)) != 0) {
		printk("cowvisor kernel: cannot run init %s: %s (error %ld)\n", boot.init,
		       why ? why : rc == -ENOENT ? "no such file" : rc == -EACCES ? "not executable"
			   : "failed", -rc);
		poweroff(failure_status(rc));
	}
	proc_start(p);
}
