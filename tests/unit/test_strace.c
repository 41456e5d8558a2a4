/* Unit tests for --strace formatting (vmm/strace.c, vmm/syscall_names.c).
 * Guest RAM is a host buffer with hand-made 4-level page tables mapping a
 * few user pages at low 32-bit addresses, deliberately out of physical
 * order, with an unmapped page between them, and two pages near the top
 * of x86-64's user half for the x86-64 calls. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../shared/pte.h"
#include "../../shared/syscall.h"
#include "../../vmm/inspect/pagewalk.h"
#include "../../vmm/strace.h"
#include "../../vmm/syscall_names.h"
#include "test_inspect_fixture.h"

#define RAM_SIZE (1u << 20)
#define PAGE     0x1000u

/* Page tables. */
#define PML4 0x1000ull
#define PDPT 0x2000ull
#define PD   0x3000ull
#define PT   0x4000ull
#define CR3  PML4

/* User pages: A and B are adjacent but backed by frames in reverse order;
 * HOLE is not mapped; C follows it. */
#define VA_A    0x08048000u
#define VA_B    0x08049000u
#define VA_HOLE 0x0804a000u
#define VA_C    0x0804b000u
#define PA_A    0x20000ull
#define PA_B    0x10000ull
#define PA_C    0x30000ull
/* x86-64: two pages just below the top of the lower canonical half. */
#define PDPT_HI 0x5000ull
#define PD_HI   0x6000ull
#define PT_HI   0x7000ull
#define VA_HI   0x7ffffffde000ull
#define PA_HI   0x40000ull

#define USER_PTE (PTE_P | PTE_W | PTE_U)
#define LINE     4096

#define EVA(ph, a, p, n, r, ...) ((struct cv_strace_event){ .phase = (ph), .abi = (a), \
	.pid = (p), .nr = (n), .ret = (r), .cr3 = CR3, .args = { __VA_ARGS__ } })
#define EV(ph, p, n, r, ...) EVA(ph, CV_ABI_I386, p, n, r, __VA_ARGS__)
#define EXIT(p, n, r, ...)  EV(CV_STRACE_EXIT, p, n, r, __VA_ARGS__)
#define ENTRY(p, n, ...)    EV(CV_STRACE_ENTRY, p, n, 0, __VA_ARGS__)
/* The same for an x86-64 call (x86-64 numbers, rdi rsi rdx r10 r8 r9). */
#define EXIT64(p, n, r, ...) EVA(CV_STRACE_EXIT, CV_ABI_X86_64, p, n, r, __VA_ARGS__)
#define ENTRY64(p, n, ...)   EVA(CV_STRACE_ENTRY, CV_ABI_X86_64, p, n, 0, __VA_ARGS__)

/* Map user page va to frame pa in leaf table pt. */
static void map_page_in(struct guest_mem *gm, uint64_t pt, uint64_t va, uint64_t pa)
{
	uint64_t e = pa | USER_PTE;

	assert_true(gm_write(gm, pt + ((va >> 12) & 511) * 8ull, &e, 8));
}

/* Map user page va (below 2 MiB of VA_A's table) to frame pa. */
static void map_page(struct guest_mem *gm, uint32_t va, uint64_t pa)
{
	map_page_in(gm, PT, va, pa);
}

/* Table entry idx of table t: next | USER_PTE. */
static void link_table(struct guest_mem *gm, uint64_t t, unsigned idx, uint64_t next)
{
	uint64_t e = next | USER_PTE;

	assert_true(gm_write(gm, t + idx * 8ull, &e, 8));
}

/* Fresh guest RAM with the tables and the three user pages. */
static int ram_setup(void **state)
{
	struct guest_mem *gm;
	uint64_t e;

	if (fx_state_new(state, RAM_SIZE) != 0)
		return -1;
	gm = *state;
	e = PDPT | USER_PTE;
	memcpy(gm->base + PML4, &e, 8);
	e = PD | USER_PTE;
	memcpy(gm->base + PDPT, &e, 8);
	e = PT | USER_PTE;
	memcpy(gm->base + PD + ((VA_A >> 21) & 511) * 8, &e, 8);
	map_page(gm, VA_A, PA_A);
	map_page(gm, VA_B, PA_B);
	map_page(gm, VA_C, PA_C);
	link_table(gm, PML4, (VA_HI >> 39) & 511, PDPT_HI);
	link_table(gm, PDPT_HI, (VA_HI >> 30) & 511, PD_HI);
	link_table(gm, PD_HI, (VA_HI >> 21) & 511, PT_HI);
	map_page_in(gm, PT_HI, VA_HI, PA_HI);
	map_page_in(gm, PT_HI, VA_HI + PAGE, PA_HI + PAGE);
	return 0;
}

/* Release it. */
static int ram_teardown(void **state)
{
	return fx_state_free(state);
}

/* Store n bytes at user address va, byte by byte through the tables. */
static void poke(struct guest_mem *gm, uint64_t va, const void *data, size_t n)
{
	const uint8_t *p = data;

	for (size_t i = 0; i < n; i++) {
		uint64_t pa;

		assert_int_equal(pw_translate(gm, PW_LONG4, CR3, va + i, &pa), PW_OK);
		gm->base[pa] = p[i];
	}
}

/* Store a string with its NUL. */
static void poke_str(struct guest_mem *gm, uint64_t va, const char *s)
{
	poke(gm, va, s, strlen(s) + 1);
}

/* Store a 32-bit value. */
static void poke_u32(struct guest_mem *gm, uint64_t va, uint32_t v)
{
	poke(gm, va, &v, 4);
}

/* Store a 64-bit value (an x86-64 pointer or long). */
static void poke_u64(struct guest_mem *gm, uint64_t va, uint64_t v)
{
	poke(gm, va, &v, 8);
}

/* Check the line formatted for one call (entry may be NULL). */
static void check_format(const struct guest_mem *gm, const struct cv_strace_event *entry,
			 const struct cv_strace_event *exit, const char *want)
{
	char buf[LINE];
	int n = strace_format(buf, sizeof(buf), entry, exit, gm);

	assert_string_equal(buf, want);
	assert_int_equal(n, (int)strlen(want));
}

/* Check one completed call reported by its EXIT event only. */
static void check(const struct guest_mem *gm, struct cv_strace_event ev, const char *want)
{
	check_format(gm, NULL, &ev, want);
}

/* Check a line given as a printf format. */
static void checkf(const struct guest_mem *gm, struct cv_strace_event ev, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void checkf(const struct guest_mem *gm, struct cv_strace_event ev, const char *fmt, ...)
{
	char want[LINE];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(want, sizeof(want), fmt, ap);
	va_end(ap);
	check(gm, ev, want);
}

/* n copies of c (n < 64), for expected cut strings. */
static const char *run_of(char c, unsigned n)
{
	static char run[64];

	assert_true(n < sizeof(run));
	memset(run, c, n);
	run[n] = '\0';
	return run;
}

/* A tracer writing into memory, for checking exact output. */
struct capture {
	char *text;
	size_t len;
	FILE *f;
	struct strace *st;
};

static void capture_open(struct capture *c)
{
	c->text = NULL;
	c->len = 0;
	c->f = open_memstream(&c->text, &c->len);
	assert_non_null(c->f);
	c->st = strace_new(c->f);
	assert_non_null(c->st);
}

/* What was written so far. */
static const char *captured(struct capture *c)
{
	fflush(c->f);
	return c->text != NULL ? c->text : "";
}

/* Free the tracer (printing what it holds) and the stream. */
static void capture_close(struct capture *c, const char *want)
{
	if (c->st != NULL)
		strace_free(c->st);
	c->st = NULL;
	assert_string_equal(captured(c), want);
	fclose(c->f);
	free(c->text);
}

/* ---- strings and paths ---- */

/* A path crossing from one mapped page into the next (frames apart). */
static void test_open_success(void **state)
{
	struct guest_mem *gm = *state;

	poke_str(gm, VA_B - 5, "/etc/passwd");
	check(gm, EXIT(1, 5, 3, VA_B - 5, 0), "[1] open(\"/etc/passwd\", O_RDONLY) = 3");
}

/* Failures show -1, the errno name and its description. */
static void test_open_enoent(void **state)
{
	struct guest_mem *gm = *state;

	poke_str(gm, VA_C, "/nope");
	check(gm, EXIT(2, 5, -2, VA_C, 0),
	      "[2] open(\"/nope\", O_RDONLY) = -1 ENOENT (No such file or directory)");
	/* the same error sent zero-extended from a 32-bit register */
	check(gm, EXIT(2, 5, 0xfffffffe, VA_C, 0),
	      "[2] open(\"/nope\", O_RDONLY) = -1 ENOENT (No such file or directory)");
}

/* The mode is shown only with O_CREAT; flags decode with i386 values. */
static void test_open_flags_and_mode(void **state)
{
	struct guest_mem *gm = *state;

	poke_str(gm, VA_C, "/tmp/x");
	check(gm, EXIT(1, 5, 4, VA_C, 01 | 0100 | 01000 | 0100000, 0644),
	      "[1] open(\"/tmp/x\", O_WRONLY|O_CREAT|O_TRUNC|O_LARGEFILE, 0644) = 4");
	check(gm, EXIT(1, 295, 5, (uint32_t)-100, VA_C, 0100000 | 02000000, 0777),
	      "[1] openat(AT_FDCWD, \"/tmp/x\", O_RDONLY|O_LARGEFILE|O_CLOEXEC) = 5");
	check(gm, EXIT(1, 295, 6, 3, VA_C, 02 | 0200 | 0100 | 0200000 | 0400000 | 04000 | 0400 | 02000, 0),
	      "[1] openat(3, \"/tmp/x\", O_RDWR|O_CREAT|O_EXCL|O_NOCTTY|O_APPEND|O_NONBLOCK"
	      "|O_DIRECTORY|O_NOFOLLOW, 000) = 6");
	check(gm, EXIT(1, 5, -22, VA_C, 03 | 0x80000000u),
	      "[1] open(\"/tmp/x\", 0x80000003) = -1 EINVAL (Invalid argument)");
	check(gm, EXIT(1, 5, -22, VA_C, 02 | 0x80000000u),
	      "[1] open(\"/tmp/x\", O_RDWR|0x80000000) = -1 EINVAL (Invalid argument)");
}

/* A string running into an unmapped page shows what was readable. */
static void test_string_into_unmapped(void **state)
{
	struct guest_mem *gm = *state;

	poke(gm, VA_HOLE - 4, "abcd", 4);
	check(gm, EXIT(1, 5, -14, VA_HOLE - 4, 0),
	      "[1] open(\"abcd\"..., O_RDONLY) = -1 EFAULT (Bad address)");
}

/* Unreadable pointers are shown in hex, a null one as NULL. */
static void test_bad_pointer(void **state)
{
	struct guest_mem *gm = *state;

	check(gm, EXIT(1, 5, -14, 0x10, 0), "[1] open(0x10, O_RDONLY) = -1 EFAULT (Bad address)");
	check(gm, EXIT(1, 5, -14, VA_HOLE + 8, 0),
	      "[1] open(0x804a008, O_RDONLY) = -1 EFAULT (Bad address)");
	check(gm, EXIT(1, 5, -14, 0, 0), "[1] open(NULL, O_RDONLY) = -1 EFAULT (Bad address)");
	check(gm, EXIT(1, 4, -14, 1, 0x10, 3), "[1] write(1, 0x10, 3) = -1 EFAULT (Bad address)");
}

/* Page tables outside RAM: every pointer is shown in hex. */
static void test_bad_cr3(void **state)
{
	struct guest_mem *gm = *state;
	struct cv_strace_event ev = EXIT(1, 5, 3, VA_C, 0);

	ev.cr3 = 0xfffff000ull;
	check(gm, ev, "[1] open(0x804b000, O_RDONLY) = 3");
}

/* Strings are cut at STRACE_STRING_MAX bytes; exactly that many are not. */
static void test_string_cut(void **state)
{
	struct guest_mem *gm = *state;
	char s[STRACE_STRING_MAX + 9];

	memset(s, 'p', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	poke_str(gm, VA_C, s);
	checkf(gm, EXIT(1, 12, 0, VA_C), "[1] chdir(\"%s\"...) = 0", run_of('p', STRACE_STRING_MAX));
	s[STRACE_STRING_MAX] = '\0';
	poke_str(gm, VA_C, s);
	checkf(gm, EXIT(1, 12, 0, VA_C), "[1] chdir(\"%s\") = 0", run_of('p', STRACE_STRING_MAX));
}

/* ---- buffers ---- */

/* read shows the bytes the call returned, else the pointer. */
static void test_read_outbuf(void **state)
{
	struct guest_mem *gm = *state;
	char big[100];

	poke(gm, VA_C + 0x200, "root:x:0:0\n", 11);
	check(gm, EXIT(1, 3, 11, 3, VA_C + 0x200, 4096),
	      "[1] read(3, \"root:x:0:0\\n\", 4096) = 11");
	check(gm, EXIT(1, 3, -9, 3, VA_C + 0x200, 4096),
	      "[1] read(3, 0x804b200, 4096) = -1 EBADF (Bad file descriptor)");
	check(gm, EXIT(1, 3, 0, 3, VA_C + 0x200, 4096), "[1] read(3, \"\", 4096) = 0");
	memset(big, 'r', sizeof(big));
	poke(gm, VA_C + 0x300, big, sizeof(big));
	checkf(gm, EXIT(1, 3, 100, 0, VA_C + 0x300, 100),
	       "[1] read(0, \"%s\"..., 100) = 100", run_of('r', STRACE_STRING_MAX));
}

/* write escapes non-printables and cuts long buffers. */
static void test_write_inbuf(void **state)
{
	struct guest_mem *gm = *state;
	const char odd[] = "a\tb\n\"q\"\\\x01\xff\r";
	char big[40];

	poke(gm, VA_C, odd, sizeof(odd) - 1);
	check(gm, EXIT(1, 4, 11, 1, VA_C, 11),
	      "[1] write(1, \"a\\tb\\n\\\"q\\\"\\\\\\x01\\xff\\r\", 11) = 11");
	memset(big, 'w', sizeof(big));
	poke(gm, VA_C + 0x100, big, sizeof(big));
	checkf(gm, EXIT(1, 4, 40, 2, VA_C + 0x100, 40),
	       "[1] write(2, \"%s\"..., 40) = 40", run_of('w', STRACE_STRING_MAX));
	checkf(gm, EXIT(1, 4, STRACE_STRING_MAX, 2, VA_C + 0x100, STRACE_STRING_MAX),
	       "[1] write(2, \"%s\", %d) = %d", run_of('w', STRACE_STRING_MAX),
	       STRACE_STRING_MAX, STRACE_STRING_MAX);
	check(gm, EXIT(1, 4, 0, 2, VA_C + 0x100, 0), "[1] write(2, \"\", 0) = 0");
	poke(gm, VA_HOLE - 2, "ab", 2);
	check(gm, EXIT(1, 4, -14, 1, VA_HOLE - 2, 5),
	      "[1] write(1, \"ab\"..., 5) = -1 EFAULT (Bad address)");
}

/* writev and readv show their iovec arrays. */
static void test_iovec(void **state)
{
	struct guest_mem *gm = *state;

	poke(gm, VA_C + 0x100, "hello", 5);
	poke(gm, VA_C + 0x110, " world", 6);
	poke_u32(gm, VA_C, VA_C + 0x100);
	poke_u32(gm, VA_C + 4, 5);
	poke_u32(gm, VA_C + 8, VA_C + 0x110);
	poke_u32(gm, VA_C + 12, 6);
	check(gm, EXIT(1, 146, 11, 1, VA_C, 2),
	      "[1] writev(1, [{iov_base=\"hello\", iov_len=5}, {iov_base=\" world\", iov_len=6}], 2) = 11");
	check(gm, EXIT(1, 145, 7, 0, VA_C, 2),
	      "[1] readv(0, [{iov_base=\"hello\", iov_len=5}, {iov_base=\" w\", iov_len=6}], 2) = 7");
	check(gm, EXIT(1, 145, -11, 0, VA_C, 2),
	      "[1] readv(0, 0x804b000, 2) = -1 EAGAIN (Resource temporarily unavailable)");
}

/* ---- execve, exit and the held ENTRY events ---- */

/* Place argv and envp for execve; returns nothing, addresses are fixed. */
static void place_execve(struct guest_mem *gm)
{
	poke_str(gm, VA_C, "/bin/sh");
	poke_str(gm, VA_C + 0x10, "sh");
	poke_str(gm, VA_C + 0x20, "-c");
	poke_str(gm, VA_C + 0x30, "echo hi");
	poke_u32(gm, VA_C + 0x100, VA_C + 0x10);
	poke_u32(gm, VA_C + 0x104, VA_C + 0x20);
	poke_u32(gm, VA_C + 0x108, VA_C + 0x30);
	poke_u32(gm, VA_C + 0x10c, 0);
	poke_str(gm, VA_C + 0x40, "HOME=/");
	poke_u32(gm, VA_C + 0x200, VA_C + 0x40);
	poke_u32(gm, VA_C + 0x204, VA_C + 0x40);
	poke_u32(gm, VA_C + 0x208, 0);
}

/* execve is read at ENTRY and printed whole at its EXIT, even though the
 * old address space is gone by then. */
static void test_execve_held(void **state)
{
	struct guest_mem *gm = *state;
	struct capture cap;
	struct cv_strace_event done = EXIT(7, 11, 0, VA_C, VA_C + 0x100, VA_C + 0x200);

	place_execve(gm);
	capture_open(&cap);
	strace_event(cap.st, &ENTRY(7, 11, VA_C, VA_C + 0x100, VA_C + 0x200), gm);
	assert_string_equal(captured(&cap), "");
	memset(gm->base + PA_C, 0, PAGE);
	done.cr3 = 0;
	strace_event(cap.st, &done, gm);
	capture_close(&cap,
		      "[7] execve(\"/bin/sh\", [\"sh\", \"-c\", \"echo hi\"], 0x804b200 /* 2 vars */) = 0\n");
}

/* A failed execve returns to the caller with an error. */
static void test_execve_failed(void **state)
{
	struct guest_mem *gm = *state;
	struct cv_strace_event entry = ENTRY(7, 11, VA_C, VA_C + 0x100, VA_C + 0x204);
	struct cv_strace_event exit = EXIT(7, 11, -2, 0);

	place_execve(gm);
	check_format(gm, &entry, &exit,
		     "[7] execve(\"/bin/sh\", [\"sh\", \"-c\", \"echo hi\"], 0x804b204 /* 1 var */)"
		     " = -1 ENOENT (No such file or directory)");
}

/* argv shows at most 32 elements; bad element pointers appear in hex. */
static void test_execve_argv_limits(void **state)
{
	struct guest_mem *gm = *state;
	char want[LINE];
	size_t n;

	poke_str(gm, VA_C, "/x");
	poke_str(gm, VA_C + 8, "a");
	for (unsigned k = 0; k < 40; k++)
		poke_u32(gm, VA_C + 0x100 + 4 * k, k == 1 ? 0x10 : VA_C + 8);
	poke_u32(gm, VA_C + 0x100 + 4 * 40, 0);
	n = (size_t)snprintf(want, sizeof(want), "[1] execve(\"/x\", [\"a\", 0x10");
	for (unsigned k = 2; k < 32; k++)
		n += (size_t)snprintf(want + n, sizeof(want) - n, ", \"a\"");
	snprintf(want + n, sizeof(want) - n, ", ...], NULL) = 0");
	check(gm, EXIT(1, 11, 0, VA_C, VA_C + 0x100, 0), want);
	/* exactly 32: no "..." */
	poke_u32(gm, VA_C + 0x100 + 4 * 32, 0);
	snprintf(want + n, sizeof(want) - n, "], NULL) = 0");
	check(gm, EXIT(1, 11, 0, VA_C, VA_C + 0x100, 0), want);
	check(gm, EXIT(1, 11, -14, VA_C, 0x20, 0x30), "[1] execve(\"/x\", 0x20, 0x30) = -1 EFAULT (Bad address)");
}

/* An array running into an unmapped page ends with "..."; envp counting
 * stops there too. */
static void test_execve_arrays_into_hole(void **state)
{
	struct guest_mem *gm = *state;

	poke_str(gm, VA_C, "/x");
	poke_str(gm, VA_A, "v");
	for (uint32_t va = VA_A + 0x10; va < VA_HOLE; va += 4)
		poke_u32(gm, va, VA_A);
	check(gm, EXIT(1, 11, 0, VA_C, VA_HOLE - 8, VA_A + 0x10),
	      "[1] execve(\"/x\", [\"v\", \"v\", ...], 0x8048010 /* 2044 vars */) = 0");
}

/* exit_group never returns: strace_free prints it unfinished. */
static void test_exit_group_unfinished(void **state)
{
	struct guest_mem *gm = *state;
	struct capture cap;

	capture_open(&cap);
	strace_event(cap.st, &ENTRY(3, 252, 0), gm);
	strace_event(cap.st, &ENTRY(4, 1, 7), gm);
	assert_string_equal(captured(&cap), "");
	capture_close(&cap, "[3] exit_group(0) = ?\n[4] exit(7) = ?\n");
}

/* A held call is printed unfinished when its pid reports anything else;
 * other pids do not disturb it. */
static void test_held_flushed_by_same_pid(void **state)
{
	struct guest_mem *gm = *state;
	struct capture cap;

	capture_open(&cap);
	strace_event(cap.st, &ENTRY(4, 1, 1), gm);
	strace_event(cap.st, &EXIT(5, 20, 5, 0), gm);
	assert_string_equal(captured(&cap), "[5] getpid() = 5\n");
	strace_event(cap.st, &EXIT(4, 20, 4, 0), gm);
	assert_string_equal(captured(&cap), "[5] getpid() = 5\n[4] exit(1) = ?\n[4] getpid() = 4\n");
	strace_event(cap.st, &ENTRY(4, 252, 2), gm);
	strace_event(cap.st, &ENTRY(4, 252, 3), gm);
	capture_close(&cap, "[5] getpid() = 5\n[4] exit(1) = ?\n[4] getpid() = 4\n"
		      "[4] exit_group(2) = ?\n[4] exit_group(3) = ?\n");
}

/* An EXIT without a held ENTRY is printed from its own arguments. */
static void test_exit_without_entry(void **state)
{
	struct guest_mem *gm = *state;
	struct capture cap;

	poke_str(gm, VA_C, "/nope");
	capture_open(&cap);
	strace_event(cap.st, &EXIT(9, 5, -2, VA_C, 0), gm);
	capture_close(&cap, "[9] open(\"/nope\", O_RDONLY) = -1 ENOENT (No such file or directory)\n");
}

/* At most 1024 calls are held; more are printed unfinished at once, and
 * strace_free prints the rest in arrival order. */
static void test_held_table_bounded(void **state)
{
	struct guest_mem *gm = *state;
	struct capture cap;
	const char *out;
	unsigned lines = 0;

	capture_open(&cap);
	for (uint32_t pid = 1; pid <= 1100; pid++)
		strace_event(cap.st, &ENTRY(pid, 1, 0), gm);
	out = captured(&cap);
	assert_true(strncmp(out, "[1025] exit(0) = ?\n[1026] exit(0) = ?\n", 38) == 0);
	strace_free(cap.st);
	cap.st = NULL;
	out = captured(&cap);
	for (const char *p = out; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	assert_int_equal(lines, 1100);
	assert_non_null(strstr(out, "[1100] exit(0) = ?\n[1] exit(0) = ?\n[2] exit(0) = ?\n"));
	assert_non_null(strstr(out, "[1023] exit(0) = ?\n[1024] exit(0) = ?\n"));
	capture_close(&cap, out);
}

/* ---- memory, processes, signals ---- */

/* mmap2: prot, flags, page offset in bytes, the result in hex. */
static void test_mmap2(void **state)
{
	struct guest_mem *gm = *state;

	check(gm, EXIT(1, 192, 0xb7f00000, 0, 8192, 3, 0x22, (uint32_t)-1, 0),
	      "[1] mmap2(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0xb7f00000");
	check(gm, EXIT(1, 192, (int64_t)(int32_t)0xb7d00000, 0xb7d00000, 1540096, 5, 0x812, 3, 0x1c),
	      "[1] mmap2(0xb7d00000, 1540096, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE,"
	      " 3, 0x1c000) = 0xb7d00000");
	check(gm, EXIT(1, 192, -12, 0, 4096, 0, 0x24122, (uint32_t)-1, 0),
	      "[1] mmap2(NULL, 4096, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_GROWSDOWN|MAP_NORESERVE"
	      "|MAP_STACK, -1, 0) = -1 ENOMEM (Cannot allocate memory)");
	check(gm, EXIT(1, 192, 0x1000, 0, 4096, 0x10, 0x1, 3, 0),
	      "[1] mmap2(NULL, 4096, 0x10, MAP_SHARED, 3, 0) = 0x1000");
	check(gm, EXIT(1, 90, 0x40000000, VA_C), "[1] mmap(0x804b000) = 0x40000000");
	check(gm, EXIT(1, 45, 0x8050000, 0), "[1] brk(NULL) = 0x8050000");
	check(gm, EXIT(1, 125, 0, VA_C, 4096, 1), "[1] mprotect(0x804b000, 4096, PROT_READ) = 0");
	check(gm, EXIT(1, 91, 0, VA_C, 4096), "[1] munmap(0x804b000, 4096) = 0");
	check(gm, EXIT(1, 219, 0, VA_C, 4096, 4), "[1] madvise(0x804b000, 4096, MADV_DONTNEED) = 0");
}

/* clone: child_stack, flags with the exit signal, the pointers used. */
static void test_clone(void **state)
{
	struct guest_mem *gm = *state;

	check(gm, EXIT(1, 120, 5, 0x01200011, 0, 0, 0, VA_C + 0x800),
	      "[1] clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD,"
	      " child_tidptr=0x804b800) = 5");
	check(gm, EXIT(1, 120, 6, 0x4111, 0x804c000, 0, 0, 0),
	      "[1] clone(child_stack=0x804c000, flags=CLONE_VM|CLONE_VFORK|SIGCHLD) = 6");
	check(gm, EXIT(1, 120, 7, 0x3d0f00, 0x804c000, VA_C, VA_C + 0x10, VA_C + 0x20),
	      "[1] clone(child_stack=0x804c000, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND"
	      "|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID,"
	      " parent_tid=0x804b000, tls=0x804b010, child_tidptr=0x804b020) = 7");
	check(gm, EXIT(1, 120, -22, 0, 0, 0, 0, 0),
	      "[1] clone(child_stack=NULL, flags=0) = -1 EINVAL (Invalid argument)");
	check(gm, EXIT(1, 190, 8, 0), "[1] vfork() = 8");
	check(gm, EXIT(1, 2, 9, 0), "[1] fork() = 9");
}

/* wait4/waitpid decode the status once a child was reported. */
static void test_wait_status(void **state)
{
	struct guest_mem *gm = *state;

	poke_u32(gm, VA_C, 0x0300);
	check(gm, EXIT(1, 114, 5, (uint32_t)-1, VA_C, 0, 0),
	      "[1] wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 5");
	poke_u32(gm, VA_C, 9);
	check(gm, EXIT(1, 7, 5, 5, VA_C, 0),
	      "[1] waitpid(5, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}], 0) = 5");
	poke_u32(gm, VA_C, 0x8b);
	check(gm, EXIT(1, 7, 5, 5, VA_C, 0),
	      "[1] waitpid(5, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}], 0) = 5");
	poke_u32(gm, VA_C, 0x137f);
	check(gm, EXIT(1, 7, 5, 5, VA_C, 2),
	      "[1] waitpid(5, [{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}], WUNTRACED) = 5");
	check(gm, EXIT(1, 114, 0, (uint32_t)-1, VA_C, 1, 0),
	      "[1] wait4(-1, 0x804b000, WNOHANG, NULL) = 0");
	check(gm, EXIT(1, 114, -10, (uint32_t)-1, VA_C, 0x40000000, 0),
	      "[1] wait4(-1, 0x804b000, __WALL, NULL) = -1 ECHILD (No child processes)");
}

/* Signal numbers by name. */
static void test_signals(void **state)
{
	struct guest_mem *gm = *state;

	check(gm, EXIT(1, 37, 0, 5, 15), "[1] kill(5, SIGTERM) = 0");
	check(gm, EXIT(1, 37, 0, 5, 0), "[1] kill(5, 0) = 0");
	check(gm, EXIT(1, 270, 0, 1, 2, 34), "[1] tgkill(1, 2, SIGRT_2) = 0");
	check(gm, EXIT(1, 174, 0, 17, VA_C, 0, 8), "[1] rt_sigaction(SIGCHLD, 0x804b000, NULL, 8) = 0");
	check(gm, EXIT(1, 175, 0, 2, VA_C, 0, 8), "[1] rt_sigprocmask(SIG_SETMASK, 0x804b000, NULL, 8) = 0");
	check(gm, EXIT(1, 37, -22, 5, 99), "[1] kill(5, 99) = -1 EINVAL (Invalid argument)");
}

/* ---- other argument kinds ---- */

/* File calls: whence, access modes, umask in octal, fcntl forms. */
static void test_file_calls(void **state)
{
	struct guest_mem *gm = *state;

	poke_str(gm, VA_C, "/etc");
	check(gm, EXIT(1, 19, 100, 3, (uint32_t)-10, 2), "[1] lseek(3, -10, SEEK_END) = 100");
	check(gm, EXIT(1, 33, 0, VA_C, 6), "[1] access(\"/etc\", R_OK|W_OK) = 0");
	check(gm, EXIT(1, 33, 0, VA_C, 0), "[1] access(\"/etc\", F_OK) = 0");
	check(gm, EXIT(1, 60, 022, 077), "[1] umask(077) = 022");
	check(gm, EXIT(1, 221, 1, 3, 1, 0), "[1] fcntl64(3, F_GETFD) = 1");
	check(gm, EXIT(1, 221, 0, 3, 2, 1), "[1] fcntl64(3, F_SETFD, FD_CLOEXEC) = 0");
	check(gm, EXIT(1, 55, 0, 3, 4, 04002), "[1] fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0");
	check(gm, EXIT(1, 221, 10, 3, 1030, 10), "[1] fcntl64(3, F_DUPFD_CLOEXEC, 10) = 10");
	check(gm, EXIT(1, 221, -22, 3, 999, 7), "[1] fcntl64(3, 999, 0x7) = -1 EINVAL (Invalid argument)");
	check(gm, EXIT(1, 63, 1, 3, 1), "[1] dup2(3, 1) = 1");
	check(gm, EXIT(1, 330, 1, 3, 1, 02000000), "[1] dup3(3, 1, O_CLOEXEC) = 1");
	check(gm, EXIT(1, 54, 0, 1, 0x5401, VA_C), "[1] ioctl(1, TCGETS, 0x804b000) = 0");
	check(gm, EXIT(1, 54, -25, 1, 0x1234, 0),
	      "[1] ioctl(1, 0x1234, 0) = -1 ENOTTY (Inappropriate ioctl for device)");
	check(gm, EXIT(1, 300, 0, (uint32_t)-100, VA_C, VA_C + 0x100, 0x100),
	      "[1] fstatat64(AT_FDCWD, \"/etc\", 0x804b100, AT_SYMLINK_NOFOLLOW) = 0");
	check(gm, EXIT(1, 383, 0, (uint32_t)-100, VA_C, 0, 0x7ff, VA_C + 0x100),
	      "[1] statx(AT_FDCWD, \"/etc\", AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS, 0x804b100) = 0");
	check(gm, EXIT(1, 197, 0, 3, VA_C + 0x100), "[1] fstat64(3, 0x804b100) = 0");
	check(gm, EXIT(1, 220, 48, 3, VA_C + 0x100, 4096), "[1] getdents64(3, 0x804b100, 4096) = 48");
}

/* Results the call writes: pipe fds, _llseek offsets, getcwd, times. */
static void test_filled_results(void **state)
{
	struct guest_mem *gm = *state;
	int64_t off = 4096;
	int32_t ts[2] = { 5, 100 };
	int64_t ts64[2] = { 1700000000, 42 };

	poke_u32(gm, VA_C, 3);
	poke_u32(gm, VA_C + 4, 4);
	check(gm, EXIT(1, 42, 0, VA_C), "[1] pipe([3, 4]) = 0");
	check(gm, EXIT(1, 331, 0, VA_C, 02000000), "[1] pipe2([3, 4], O_CLOEXEC) = 0");
	check(gm, EXIT(1, 331, -24, VA_C, 0),
	      "[1] pipe2(0x804b000, 0) = -1 EMFILE (Too many open files)");
	poke(gm, VA_C + 0x10, &off, 8);
	check(gm, EXIT(1, 140, 0, 3, 1, 0, VA_C + 0x10, 1),
	      "[1] _llseek(3, 4294967296, [4096], SEEK_CUR) = 0");
	poke_str(gm, VA_C + 0x20, "/home");
	check(gm, EXIT(1, 183, 6, VA_C + 0x20, 4096), "[1] getcwd(\"/home\", 4096) = 6");
	check(gm, EXIT(1, 183, -34, VA_C + 0x20, 1),
	      "[1] getcwd(0x804b020, 1) = -1 ERANGE (Numerical result out of range)");
	poke(gm, VA_C + 0x40, ts, sizeof(ts));
	check(gm, EXIT(1, 265, 0, 1, VA_C + 0x40),
	      "[1] clock_gettime(CLOCK_MONOTONIC, {tv_sec=5, tv_nsec=100}) = 0");
	check(gm, EXIT(1, 162, 0, VA_C + 0x40, 0), "[1] nanosleep({tv_sec=5, tv_nsec=100}, NULL) = 0");
	poke(gm, VA_C + 0x60, ts64, sizeof(ts64));
	check(gm, EXIT(1, 403, 0, 0, VA_C + 0x60),
	      "[1] clock_gettime64(CLOCK_REALTIME, {tv_sec=1700000000, tv_nsec=42}) = 0");
	check(gm, EXIT(1, 441, 0, 4, VA_C, 8, VA_C + 0x60, 0, 8),
	      "[1] epoll_pwait2(4, 0x804b000, 8, {tv_sec=1700000000, tv_nsec=42}, NULL, 8) = 0");
	check(gm, EXIT(1, 255, 0, 4, 3, 5, VA_C), "[1] epoll_ctl(4, EPOLL_CTL_MOD, 5, 0x804b000) = 0");
	check(gm, EXIT(1, 329, 4, 02000000), "[1] epoll_create1(EPOLL_CLOEXEC) = 4");
	poke(gm, VA_C + 0x80, "\x01\x02\xfe", 3);
	check(gm, EXIT(1, 355, 3, VA_C + 0x80, 3, 1),
	      "[1] getrandom(\"\\x01\\x02\\xfe\", 3, GRND_NONBLOCK) = 3");
	check(gm, EXIT(1, 340, 0, 0, 3, 0, VA_C), "[1] prlimit64(0, RLIMIT_STACK, NULL, 0x804b000) = 0");
}

/* Calls without a name show their number and three hex arguments. */
static void test_unknown_syscall(void **state)
{
	struct guest_mem *gm = *state;

	check(gm, EXIT(1, 999, -38, 1, 0, 0xffffffff),
	      "[1] syscall_999(0x1, 0, 0xffffffff) = -1 ENOSYS (Function not implemented)");
	check(gm, EXIT(1, 222, -38, 0, 0, 0),
	      "[1] syscall_222(0, 0, 0) = -1 ENOSYS (Function not implemented)");
}

/* cowvisor's own call shows its label. */
static void test_snapshot(void **state)
{
	struct guest_mem *gm = *state;

	poke_str(gm, VA_C, "after boot");
	check(gm, EXIT(1, CV_SYS_SNAPSHOT, 0, VA_C), "[1] cv_snapshot(\"after boot\") = 0");
	check(gm, EXIT(1, CV_SYS_SNAPSHOT, -38, VA_C),
	      "[1] cv_snapshot(\"after boot\") = -1 ENOSYS (Function not implemented)");
}

/* Errors outside glibc's names, and values below the error range. */
static void test_result_ranges(void **state)
{
	struct guest_mem *gm = *state;

	check(gm, EXIT(1, 20, -700, 0), "[1] getpid() = -1 E??? (errno 700)");
	check(gm, EXIT(1, 20, -EINTR_NORESTART, 0), "[1] getpid() = -1 EINTR (Interrupted system call)");
	check(gm, EXIT(1, 20, -514, 0), "[1] getpid() = ? ERESTARTNOHAND (To be restarted if no handler)");
	check(gm, EXIT(1, 20, -4096, 0), "[1] getpid() = -4096");
	check(gm, EXIT(1, 20, -4095, 0), "[1] getpid() = -1 E??? (errno 4095)");
	check(gm, EXIT(1, 13, 1700000000, 0), "[1] time(NULL) = 1700000000");
}

/* strace_format reports the length needed, as snprintf does. */
static void test_format_truncates(void **state)
{
	struct guest_mem *gm = *state;
	struct cv_strace_event ev = EXIT(1, 20, 42, 0);
	char small[8];

	assert_int_equal(strace_format(small, sizeof(small), NULL, &ev, gm), 17);
	assert_string_equal(small, "[1] get");
	assert_int_equal(strace_format(NULL, 0, NULL, &ev, gm), 17);
	assert_int_equal(strace_format(small, sizeof(small), NULL, NULL, gm), 0);
	assert_string_equal(small, "");
}

/* Table entries for the calls the guest uses, with their i386 numbers. */
static void test_table_numbers(void **state)
{
	static const struct { uint32_t nr; const char *name; unsigned nargs; } want[] = {
		{ 1, "exit", 1 }, { 2, "fork", 0 }, { 3, "read", 3 }, { 4, "write", 3 },
		{ 5, "open", 3 }, { 6, "close", 1 }, { 7, "waitpid", 3 }, { 11, "execve", 3 },
		{ 12, "chdir", 1 }, { 13, "time", 1 }, { 19, "lseek", 3 }, { 20, "getpid", 0 },
		{ 33, "access", 2 }, { 37, "kill", 2 }, { 41, "dup", 1 }, { 42, "pipe", 1 },
		{ 45, "brk", 1 }, { 54, "ioctl", 3 }, { 55, "fcntl", 3 }, { 57, "setpgid", 2 },
		{ 60, "umask", 1 }, { 63, "dup2", 2 }, { 64, "getppid", 0 }, { 65, "getpgrp", 0 },
		{ 66, "setsid", 0 }, { 78, "gettimeofday", 2 }, { 85, "readlink", 3 },
		{ 90, "mmap", 1 }, { 91, "munmap", 2 }, { 114, "wait4", 4 }, { 119, "sigreturn", 0 },
		{ 120, "clone", 5 }, { 122, "uname", 1 }, { 125, "mprotect", 3 },
		{ 140, "_llseek", 5 }, { 141, "getdents", 3 }, { 145, "readv", 3 },
		{ 146, "writev", 3 }, { 158, "sched_yield", 0 }, { 162, "nanosleep", 2 },
		{ 173, "rt_sigreturn", 0 }, { 174, "rt_sigaction", 4 }, { 175, "rt_sigprocmask", 4 },
		{ 183, "getcwd", 2 }, { 186, "sigaltstack", 2 }, { 190, "vfork", 0 },
		{ 191, "ugetrlimit", 2 }, { 192, "mmap2", 6 }, { 195, "stat64", 2 },
		{ 196, "lstat64", 2 }, { 197, "fstat64", 2 }, { 199, "getuid32", 0 },
		{ 200, "getgid32", 0 }, { 201, "geteuid32", 0 }, { 202, "getegid32", 0 },
		{ 219, "madvise", 3 }, { 220, "getdents64", 3 }, { 221, "fcntl64", 3 },
		{ 224, "gettid", 0 }, { 243, "set_thread_area", 1 }, { 244, "get_thread_area", 1 },
		{ 252, "exit_group", 1 }, { 258, "set_tid_address", 1 }, { 265, "clock_gettime", 2 },
		{ 270, "tgkill", 3 }, { 295, "openat", 4 }, { 300, "fstatat64", 4 },
		{ 311, "set_robust_list", 2 }, { 330, "dup3", 3 }, { 331, "pipe2", 2 },
		{ 340, "prlimit64", 4 }, { 355, "getrandom", 3 }, { 383, "statx", 5 },
		{ 386, "rseq", 4 }, { 403, "clock_gettime64", 2 }, { 1000, "cv_snapshot", 1 },
	};

	(void)state;
	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
		const struct syscall_info *info = syscall_lookup(want[k].nr);

		assert_non_null(info);
		assert_string_equal(info->name, want[k].name);
		assert_int_equal(syscall_nargs(info), want[k].nargs);
	}
	assert_null(syscall_lookup(222));
	assert_null(syscall_lookup(999));
	assert_null(syscall_lookup(UINT32_MAX));
	assert_int_equal(syscall_nargs(NULL), 0);
}

/* Every signature has at most six known letters. */
static void test_table_signatures(void **state)
{
	static const char letters[] = "duxpfasioBvVOMmAPFgEeCSWwLhbJlkcyIKRDznXYGQtTjrZqUHN-";

	(void)state;
	for (uint32_t nr = 0; nr < 1024; nr++) {
		const struct syscall_info *info = syscall_lookup(nr);
		const struct syscall_info *info64 = syscall_lookup_x86_64(nr);

		if (info64 != NULL) {
			assert_true(strlen(info64->args) <= 6);
			assert_true(strspn(info64->args, letters) == strlen(info64->args));
			assert_null(strstr(info64->args, "g")); /* mmap2's page offset: i386 only */
		}
		if (info == NULL)
			continue;
		assert_true(strlen(info->args) <= 6);
		assert_true(strspn(info->args, letters) == strlen(info->args));
	}
}

/* ---- x86-64 calls ---- */

/* The x86-64 half of the table names the calls: the same number is
 * another call in each ABI. */
static void test_x86_64_names(void **state)
{
	struct guest_mem *gm = *state;

	check(gm, EXIT64(1, 11, 0, VA_HI, 4096), "[1] munmap(0x7ffffffde000, 4096) = 0");
	check(gm, EXIT(1, 11, -2, 0, 0, 0), "[1] execve(NULL, NULL, NULL) = -1 ENOENT "
	      "(No such file or directory)");
	check(gm, EXIT64(1, 39, 7), "[1] getpid() = 7");
	check(gm, EXIT64(1, 999, -38, 1, 2, 3), "[1] syscall_999(0x1, 0x2, 0x3) = -1 ENOSYS "
	      "(Function not implemented)");
	check(gm, EXIT64(1, 1000, 0, VA_HI), "[1] cv_snapshot(\"\") = 0");
}

/* Strings and buffers above 4 GiB are read for x86-64 calls only. */
static void test_x86_64_strings(void **state)
{
	struct guest_mem *gm = *state;

	poke_str(gm, VA_HI + PAGE - 5, "/etc/passwd"); /* across the two pages */
	check(gm, EXIT64(1, 257, 3, (uint64_t)-100, VA_HI + PAGE - 5, 02000000),
	      "[1] openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3");
	check(gm, EXIT64(1, 257, -2, (uint64_t)-100, VA_HI + PAGE - 5, 0101, 0644),
	      "[1] openat(AT_FDCWD, \"/etc/passwd\", O_WRONLY|O_CREAT, 0644) = -1 ENOENT "
	      "(No such file or directory)");
	check(gm, EXIT(1, 5, 3, VA_HI, 0), "[1] open(0x7ffffffde000, O_RDONLY) = 3");
	poke(gm, VA_HI, "hello", 5);
	check(gm, EXIT64(1, 1, 5, 1, VA_HI, 5), "[1] write(1, \"hello\", 5) = 5");
	check(gm, EXIT64(1, 0, 5, 0, VA_HI, 0x100000000ull),
	      "[1] read(0, \"hello\", 4294967296) = 5");
	check(gm, EXIT64(1, 8, 0x100000000ll, 3, 0x100000000ull, 0),
	      "[1] lseek(3, 4294967296, SEEK_SET) = 4294967296");
	check(gm, EXIT64(1, 8, 0xfffffff0ll, 3, 0xfffffff0ull, 0),
	      "[1] lseek(3, 4294967280, SEEK_SET) = 4294967280");
}

/* iovecs are two longs; execve's arrays are of 8-byte pointers. */
static void test_x86_64_arrays(void **state)
{
	struct guest_mem *gm = *state;
	struct capture cap;

	poke(gm, VA_HI + 0x100, "hello", 5);
	poke(gm, VA_HI + 0x110, " world", 6);
	poke_u64(gm, VA_HI, VA_HI + 0x100);
	poke_u64(gm, VA_HI + 8, 5);
	poke_u64(gm, VA_HI + 16, VA_HI + 0x110);
	poke_u64(gm, VA_HI + 24, 6);
	check(gm, EXIT64(1, 20, 11, 1, VA_HI, 2),
	      "[1] writev(1, [{iov_base=\"hello\", iov_len=5}, {iov_base=\" world\", iov_len=6}], 2) = 11");
	check(gm, EXIT64(1, 19, 7, 0, VA_HI, 2),
	      "[1] readv(0, [{iov_base=\"hello\", iov_len=5}, {iov_base=\" w\", iov_len=6}], 2) = 7");
	poke_str(gm, VA_HI + 0x200, "/bin/sh");
	poke_str(gm, VA_HI + 0x210, "sh");
	poke_str(gm, VA_HI + 0x220, "-c");
	poke_u64(gm, VA_HI + 0x300, VA_HI + 0x210);
	poke_u64(gm, VA_HI + 0x308, VA_HI + 0x220);
	poke_u64(gm, VA_HI + 0x310, 0);
	poke_u64(gm, VA_HI + 0x400, VA_HI + 0x210);
	poke_u64(gm, VA_HI + 0x408, 0);
	capture_open(&cap);
	strace_event(cap.st, &ENTRY64(7, 59, VA_HI + 0x200, VA_HI + 0x300, VA_HI + 0x400), gm);
	assert_string_equal(captured(&cap), "");
	strace_event(cap.st, &EXIT64(7, 59, 0, 0, 0, 0), gm);
	strace_event(cap.st, &ENTRY64(7, 231, 3), gm);
	capture_close(&cap, "[7] execve(\"/bin/sh\", [\"sh\", \"-c\"], 0x7ffffffde400 /* 1 var */) = 0\n"
		      "[7] exit_group(3) = ?\n");
}

/* A 64-bit offset is one x86-64 register ("b-"), except preadv's pair. */
static void test_x86_64_offsets(void **state)
{
	struct guest_mem *gm = *state;

	poke(gm, VA_HI, "0123456789", 10);
	check(gm, EXIT64(1, 17, 10, 3, VA_HI, 10, 0x100000000ull),
	      "[1] pread64(3, \"0123456789\", 10, 4294967296) = 10");
	check(gm, EXIT(1, 180, 10, 3, VA_HI & 0xffffffffu, 10, 0, 1),
	      "[1] pread64(3, 0xfffde000, 10, 4294967296) = 10");
	check(gm, EXIT64(1, 285, 0, 3, 1, 4096, 8192), "[1] fallocate(3, 1, 4096, 8192) = 0");
	check(gm, EXIT64(1, 221, 0, 3, 0x200000000ull, 100, 4),
	      "[1] fadvise64(3, 8589934592, 100, 4) = 0");
	poke_u64(gm, VA_HI + 0x20, VA_HI);
	poke_u64(gm, VA_HI + 0x28, 10);
	check(gm, EXIT64(1, 295, 10, 3, VA_HI + 0x20, 1, 4096, 0),
	      "[1] preadv(3, [{iov_base=\"0123456789\", iov_len=10}], 1, 4096) = 10");
	check(gm, EXIT64(1, 327, 10, 3, VA_HI + 0x20, 1, 4096, 0, 8),
	      "[1] preadv2(3, [{iov_base=\"0123456789\", iov_len=10}], 1, 4096, 0x8) = 10");
}

/* mmap with a byte offset and 64-bit results; clone's x86-64 order. */
static void test_x86_64_memory_and_clone(void **state)
{
	struct guest_mem *gm = *state;

	check(gm, EXIT64(1, 9, 0x7f1234560000ll, 0, 8192, 3, 0x22, (uint64_t)-1, 0),
	      "[1] mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)"
	      " = 0x7f1234560000");
	check(gm, EXIT64(1, 9, 0x7f0000000000ll, 0x7f0000000000ull, 1 << 20, 5, 0x812, 3, 0x3000),
	      "[1] mmap(0x7f0000000000, 1048576, PROT_READ|PROT_EXEC, "
	      "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x3000) = 0x7f0000000000");
	check(gm, EXIT64(1, 12, 0x555555559000ll, 0), "[1] brk(NULL) = 0x555555559000");
	check(gm, EXIT64(1, 56, 5, 0x01200011, 0, 0, VA_HI + 0x800, 0),
	      "[1] clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD,"
	      " child_tidptr=0x7ffffffde800) = 5");
	check(gm, EXIT64(1, 56, 7, 0x3d0f00, VA_HI, VA_HI + 0x10, VA_HI + 0x20, VA_HI + 0x30),
	      "[1] clone(child_stack=0x7ffffffde000, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND"
	      "|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID,"
	      " parent_tid=0x7ffffffde010, tls=0x7ffffffde030, child_tidptr=0x7ffffffde020) = 7");
	check(gm, EXIT64(1, 58, 8), "[1] vfork() = 8");
	check(gm, EXIT64(1, 158, 0, 0x1002, 0x4c93c0), "[1] arch_prctl(ARCH_SET_FS, 0x4c93c0) = 0");
	check(gm, EXIT64(1, 158, -22, 0x3001, 0), "[1] arch_prctl(0x3001, 0) = -1 EINVAL "
	      "(Invalid argument)");
}

/* Time structures have 64-bit fields in x86-64's layout. */
static void test_x86_64_time(void **state)
{
	struct guest_mem *gm = *state;

	poke_u64(gm, VA_HI, 1700000000);
	poke_u64(gm, VA_HI + 8, 5);
	check(gm, EXIT64(1, 96, 0, VA_HI, 0),
	      "[1] gettimeofday({tv_sec=1700000000, tv_usec=5}, NULL) = 0");
	check(gm, EXIT64(1, 228, 0, 1, VA_HI),
	      "[1] clock_gettime(CLOCK_MONOTONIC, {tv_sec=1700000000, tv_nsec=5}) = 0");
	check(gm, EXIT64(1, 61, 9, (uint64_t)-1, 0, 1, 0),
	      "[1] wait4(-1, NULL, WNOHANG, NULL) = 9");
}

#define RAM_TEST(f) cmocka_unit_test_setup_teardown(f, ram_setup, ram_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		RAM_TEST(test_open_success),
		RAM_TEST(test_open_enoent),
		RAM_TEST(test_open_flags_and_mode),
		RAM_TEST(test_string_into_unmapped),
		RAM_TEST(test_bad_pointer),
		RAM_TEST(test_bad_cr3),
		RAM_TEST(test_string_cut),
		RAM_TEST(test_read_outbuf),
		RAM_TEST(test_write_inbuf),
		RAM_TEST(test_iovec),
		RAM_TEST(test_execve_held),
		RAM_TEST(test_execve_failed),
		RAM_TEST(test_execve_argv_limits),
		RAM_TEST(test_execve_arrays_into_hole),
		RAM_TEST(test_exit_group_unfinished),
		RAM_TEST(test_held_flushed_by_same_pid),
		RAM_TEST(test_exit_without_entry),
		RAM_TEST(test_held_table_bounded),
		RAM_TEST(test_mmap2),
		RAM_TEST(test_clone),
		RAM_TEST(test_wait_status),
		RAM_TEST(test_signals),
		RAM_TEST(test_file_calls),
		RAM_TEST(test_filled_results),
		RAM_TEST(test_unknown_syscall),
		RAM_TEST(test_snapshot),
		RAM_TEST(test_result_ranges),
		RAM_TEST(test_format_truncates),
		RAM_TEST(test_x86_64_names),
		RAM_TEST(test_x86_64_strings),
		RAM_TEST(test_x86_64_arrays),
		RAM_TEST(test_x86_64_offsets),
		RAM_TEST(test_x86_64_memory_and_clone),
		RAM_TEST(test_x86_64_time),
		cmocka_unit_test(test_table_numbers),
		cmocka_unit_test(test_table_signatures),
	};

	return cmocka_run_group_tests_name("strace", tests, NULL, NULL);
}
