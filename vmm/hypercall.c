/* Hypercalls from the guest kernel (see shared/hypercall.h). */
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <stdio.h>
#include <unistd.h>

#include "../shared/exitcodes.h"
#include "../shared/coredump.h"
#include "../shared/hypercall.h"
#include "../shared/syscall.h"
#include "console.h"
#include "regdump.h"
#include "vmm.h"

#define PANIC_MSG_MAX   512
#define CONSOLE_MAX     (1u << 20)

/* CV_HC_POWEROFF: the guest ends with an exit status; when init was
 * killed by a signal, say which. */
static int64_t hc_poweroff(struct vmm *v, const struct cv_hypercall *hc)
{
	if (hc->arg[1] > 0 && hc->arg[1] < 65) {
		const char *name = sigabbrev_np((int)hc->arg[1]);
		fprintf(stderr, "cowvisor: init was killed by signal %llu (SIG%s)\n",
			(unsigned long long)hc->arg[1], name ? name : "?");
	}
	if (v->inspector)
		vmm_snapshot(v, CV_SNAP_FINAL, "final");
	if (hc->arg[0] > 255) {
		fprintf(stderr, "cowvisor: guest powered off with an invalid status %llu\n",
			(unsigned long long)hc->arg[0]);
		vmm_finish(v, CV_EXIT_FAILURE);
	} else {
		vmm_finish(v, (int)hc->arg[0]);
	}
	return 0;
}

/* Print s[0..n) to stderr with anything unprintable escaped. */
static void print_sanitized(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n' || (c >= 0x20 && c < 0x7f))
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
}

/* CV_HC_PANIC: the kernel reports its own crash, with the failing context. */
static int64_t hc_panic(struct vmm *v, const struct cv_hypercall *hc)
{
	char msg[PANIC_MSG_MAX];
	uint64_t len = hc->arg[1] < sizeof(msg) ? hc->arg[1] : sizeof(msg);
	struct cv_regs regs;

	fprintf(stderr, "cowvisor: guest kernel panic: ");
	if (gm_read(&v->vm.mem, hc->arg[0], msg, len))
		print_sanitized(msg, len);
	else
		fprintf(stderr, "(message at 0x%llx is outside guest RAM)",
			(unsigned long long)hc->arg[0]);
	fprintf(stderr, "\n");
	if (hc->arg[2] && gm_read(&v->vm.mem, hc->arg[2], &regs, sizeof(regs))) {
		fprintf(stderr, "cowvisor: guest context at the failure:\n");
		regdump_print(stderr, &regs, &v->vm.mem);
	}
	vmm_finish(v, CV_EXIT_FAILURE);
	return 0;
}

/* CV_HC_BOOTINFO: tell the kernel what the VMM knows about the platform. */
static int64_t hc_bootinfo(struct vmm *v, const struct cv_hypercall *hc)
{
	struct cv_bootinfo bi = {
		.version = CV_BOOTINFO_VERSION,
		.flags = (v->vm.kernel_emulated ? CV_BOOTINFO_KERNEL_EMULATED : 0) |
			 (v->strace ? CV_BOOTINFO_STRACE : 0) |
			 (v->inspector ? CV_BOOTINFO_STATS : 0) |
			 (v->cores ? CV_BOOTINFO_COREDUMP : 0),
		.snapshot_on = v->inspector ? v->opt->snapshot_on : 0,
		.tsc_khz = v->vm.tsc_khz,
		.realtime_ns = v->start_realtime_ns,
	};

	if (hc->arg[1] < sizeof(bi))
		return CV_HC_EINVAL;
	return gm_write(&v->vm.mem, hc->arg[0], &bi, sizeof(bi)) ? 0 : CV_HC_EFAULT;
}

/* CV_HC_CONSOLE: write guest bytes to stdout (programs' output) or stderr
 * (programs' errors, the kernel's log) in one go. */
static int64_t hc_console(struct vmm *v, const struct cv_hypercall *hc)
{
	const char *p;
	uint64_t len = hc->arg[1];
	int fd = hc->arg[2] == CV_CONSOLE_OUT ? v->com1.out_fd : 2;

	if (len > CONSOLE_MAX)
		return CV_HC_EINVAL;
	p = gm_ptr(&v->vm.mem, hc->arg[0], len);
	if (p == NULL)
		return CV_HC_EFAULT;
	console_write(fd, p, len); /* output lost on the host: the guest must not notice */
	return (int64_t)len;
}

/* CV_HC_STDIN: what the host's stdin has now, without blocking the vCPU
 * for long: 0 at its end, CV_HC_EAGAIN when nothing is there yet. */
static int64_t hc_stdin(struct vmm *v, const struct cv_hypercall *hc)
{
	struct pollfd pfd = { .fd = 0, .events = POLLIN };
	void *buf = gm_ptr(&v->vm.mem, hc->arg[0], hc->arg[1]);
	ssize_t n;

	if (buf == NULL)
		return CV_HC_EFAULT;
	if (v->stdin_eof || hc->arg[1] == 0)
		return 0;
	if (poll(&pfd, 1, 0) == 0)
		return CV_HC_EAGAIN;
	n = read(0, buf, hc->arg[1] > CONSOLE_MAX ? CONSOLE_MAX : hc->arg[1]);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return CV_HC_EAGAIN;
	if (n <= 0)
		v->stdin_eof = true;
	return n > 0 ? n : 0;
}

/* CV_HC_STDIN_READY: would a read of the host's stdin get something now
 * (bytes, or 0 at its end), or CV_HC_EAGAIN; nothing is consumed. */
static int64_t hc_stdin_ready(struct vmm *v)
{
	struct pollfd pfd = { .fd = 0, .events = POLLIN };
	int n = 0;

	if (v->stdin_eof)
		return 0;
	if (poll(&pfd, 1, 0) <= 0)
		return CV_HC_EAGAIN;
	if (ioctl(0, FIONREAD, &n) < 0 || n < 0)
		n = 0; /* readable, but the host cannot count it (e.g. /dev/null) */
	return n;
}

/* CV_HC_STRACE: one system call for --strace. */
static int64_t hc_strace(struct vmm *v, const struct cv_hypercall *hc)
{
	struct cv_strace_event ev;

	if (v->strace == NULL)
		return CV_HC_ENOSYS;
	if (!gm_read(&v->vm.mem, hc->arg[0], &ev, sizeof(ev)))
		return CV_HC_EFAULT;
	strace_event(v->strace, &ev, &v->vm.mem);
	return 0;
}

/* CV_HC_SNAPSHOT: a snapshot for the guest (cv_snapshot, or a kernel
 * event); its sequence number. */
static int64_t hc_snapshot(struct vmm *v, const struct cv_hypercall *hc)
{
	static const char *const events[] = { "guest", "fork", "vfork", "exec", "exit",
					      "sample", "final" };
	char label[CV_SNAPSHOT_LABEL_MAX + 1];
	int64_t seq;

	if (v->inspector == NULL)
		return CV_HC_ENOSYS;
	if (hc->arg[0] > CV_SNAP_FINAL || hc->arg[2] > CV_SNAPSHOT_LABEL_MAX)
		return CV_HC_EINVAL;
	if (hc->arg[0] == CV_SNAP_GUEST) {
		if (!gm_read(&v->vm.mem, hc->arg[1], label, hc->arg[2]))
			return CV_HC_EFAULT;
		label[hc->arg[2]] = '\0';
	} else {
		snprintf(label, sizeof(label), "%s pid %llu", events[hc->arg[0]],
			 (unsigned long long)(hc->arg[3] & 0xffffffff));
	}
	seq = vmm_snapshot(v, (enum cv_snapshot_trigger)hc->arg[0], label);
	return seq >= 0 ? seq : CV_HC_EINVAL;
}

/* CV_HC_CORE_FILE: the path of one file a process about to dump core maps. */
static int64_t hc_core_file(struct vmm *v, const struct cv_hypercall *hc)
{
	const char *path;

	if (v->cores == NULL)
		return CV_HC_ENOSYS;
	if (hc->arg[2] > CV_CORE_PATH_MAX ||
	    (path = gm_ptr(&v->vm.mem, hc->arg[1], hc->arg[2])) == NULL)
		return CV_HC_EFAULT;
	return coredumper_file(v->cores, (uint32_t)hc->arg[3], hc->arg[0], path, hc->arg[2]) ?
		       CV_HC_EINVAL : 0;
}

/* CV_HC_CORE_DUMP: write the core of a dying process now. */
static int64_t hc_core_dump(struct vmm *v, const struct cv_hypercall *hc)
{
	struct cv_core_event ev;

	if (v->cores == NULL)
		return CV_HC_ENOSYS;
	if (!gm_read(&v->vm.mem, hc->arg[0], &ev, sizeof(ev)))
		return CV_HC_EFAULT;
	return coredumper_dump(v->cores, &v->vm.mem, &ev);
}

/* CV_HC_COPY: copy guest memory natively (ranges may not overlap). */
static int64_t hc_copy(struct vmm *v, const struct cv_hypercall *hc)
{
	void *dst = gm_ptr(&v->vm.mem, hc->arg[0], hc->arg[2]);
	const void *src = gm_ptr(&v->vm.mem, hc->arg[1], hc->arg[2]);

	if (dst == NULL || src == NULL)
		return CV_HC_EFAULT;
	memmove(dst, src, hc->arg[2]);
	return 0;
}

/* CV_HC_ZERO: zero guest memory natively. */
static int64_t hc_zero(struct vmm *v, const struct cv_hypercall *hc)
{
	void *p = gm_ptr(&v->vm.mem, hc->arg[0], hc->arg[1]);

	if (p == NULL)
		return CV_HC_EFAULT;
	memset(p, 0, hc->arg[1]);
	return 0;
}

/* CV_HC_RANDOM: fill guest memory from the host's random source (the
 * guest's getrandom on an emulated kernel would take ~10 ms a page). */
static int64_t hc_random(struct vmm *v, const struct cv_hypercall *hc)
{
	uint8_t *p = hc->arg[1] <= CV_HC_RANDOM_MAX ? gm_ptr(&v->vm.mem, hc->arg[0], hc->arg[1]) : NULL;
	size_t done = 0;

	if (p == NULL)
		return CV_HC_EFAULT;
	while (done < hc->arg[1]) {
		ssize_t n = getrandom(p + done, hc->arg[1] - done, 0);
		if (n < 0 && errno != EINTR)
			return CV_HC_ENOSYS; /* the guest falls back to its own */
		done += n > 0 ? (size_t)n : 0;
	}
	return 0;
}

/* CV_HC_STRNLEN: the length of a string in guest memory, natively. */
static int64_t hc_strnlen(struct vmm *v, const struct cv_hypercall *hc)
{
	const char *p = gm_ptr(&v->vm.mem, hc->arg[0], hc->arg[1]);

	if (p == NULL)
		return CV_HC_EFAULT;
	return (int64_t)strnlen(p, hc->arg[1]);
}

void hypercall_dispatch(struct vmm *v, uint64_t gpa)
{
	struct cv_hypercall hc;

	if (!gm_read(&v->vm.mem, gpa, &hc, sizeof(hc))) {
		vmm_crash(v, "hypercall block at 0x%llx is outside guest RAM",
			  (unsigned long long)gpa);
		return;
	}
	switch (hc.nr) {
	case CV_HC_POWEROFF: hc.ret = hc_poweroff(v, &hc); break;
	case CV_HC_PANIC:    hc.ret = hc_panic(v, &hc); break;
	case CV_HC_BOOTINFO: hc.ret = hc_bootinfo(v, &hc); break;
	case CV_HC_CONSOLE:  hc.ret = hc_console(v, &hc); break;
	case CV_HC_STDIN:    hc.ret = hc_stdin(v, &hc); break;
	case CV_HC_STDIN_READY: hc.ret = hc_stdin_ready(v); break;
	case CV_HC_STRACE:   hc.ret = hc_strace(v, &hc); break;
	case CV_HC_SNAPSHOT: hc.ret = hc_snapshot(v, &hc); break;
	case CV_HC_COPY:     hc.ret = hc_copy(v, &hc); break;
	case CV_HC_ZERO:     hc.ret = hc_zero(v, &hc); break;
	case CV_HC_RANDOM:   hc.ret = hc_random(v, &hc); break;
	case CV_HC_STRNLEN:  hc.ret = hc_strnlen(v, &hc); break;
	case CV_HC_CORE_FILE: hc.ret = hc_core_file(v, &hc); break;
	case CV_HC_CORE_DUMP: hc.ret = hc_core_dump(v, &hc); break;
	default:             hc.ret = CV_HC_ENOSYS; break;
	}
	gm_write(&v->vm.mem, gpa + offsetof(struct cv_hypercall, ret), &hc.ret, sizeof(hc.ret));
}
