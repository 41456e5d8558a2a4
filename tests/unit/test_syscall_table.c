/* Unit tests for the one Linux system-call table (shared/linux_syscall_table.h)
 * and what is made from it: every number against the host's own Linux
 * headers (asm/unistd_32.h and asm/unistd_64.h), names and numbers unique
 * per ABI, every call those headers know present; the kernel's dispatch
 * arrays (guest/kernel/sys/table.c, linked here with one stub per handler
 * that returns the stub's index) and --strace's names agree with the rows;
 * the i386 sign-extension masks follow the argument kinds. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../guest/kernel/sys/handlers.h"
#include "../../guest/kernel/sys/table.h"
#include "../../shared/linux_errno.h"
#include "../../shared/linux_syscall_kinds.h"
#include "../../vmm/syscall_names.h"

#define NONE (-1)

/* One row of the table, either ABI's number NONE when it lacks the call. */
struct row {
	const char *name;
	int nr[2]; /* by enum abi */
	const char *handler;
	const char *args;
};

enum abi { I386, X86_64, NABI };

static const struct row rows[] = {
#define SC_COMMON(name, nr32, nr64, handler, ret, args) { #name, { nr32, nr64 }, #handler, args },
#define SC_I386(name, nr32, handler, ret, args)         { #name, { nr32, NONE }, #handler, args },
#define SC_X86_64(name, nr64, handler, ret, args)       { #name, { NONE, nr64 }, #handler, args },
#include "../../shared/linux_syscall_table.h"
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* The stubs (made by the Makefile from table.o's undefined symbols):
 * stub i is named sys_stub_names[i] and returns i; the last call's
 * arguments are in sys_stub_args. */
extern const char *const sys_stub_names[];
extern const unsigned sys_stub_count;
extern uint64_t sys_stub_args[6];

/* One __NR_ definition of a host header. */
struct hdr_nr {
	char name[64];
	int nr;
};

/* A host header's __NR_ list and its highest number. */
struct hdr {
	struct hdr_nr *v;
	size_t n;
	int max;
};

static struct hdr hdrs[NABI];

/* Where Debian keeps the multiarch headers, or the plain path. */
static const char *const hdr_paths[NABI][2] = {
	{ "/usr/include/x86_64-linux-gnu/asm/unistd_32.h", "/usr/include/asm/unistd_32.h" },
	{ "/usr/include/x86_64-linux-gnu/asm/unistd_64.h", "/usr/include/asm/unistd_64.h" },
};

/* Read every "#define __NR_name number" line of the first header found. */
static int load_header(enum abi abi)
{
	FILE *f = fopen(hdr_paths[abi][0], "r");
	char line[256];
	struct hdr *h = &hdrs[abi];

	if (f == NULL)
		f = fopen(hdr_paths[abi][1], "r");
	if (f == NULL)
		return -1;
	h->max = -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		struct hdr_nr e;

		if (sscanf(line, "#define __NR_%63s %d", e.name, &e.nr) != 2)
			continue;
		h->v = realloc(h->v, (h->n + 1) * sizeof(*h->v));
		h->v[h->n++] = e;
		if (e.nr > h->max)
			h->max = e.nr;
	}
	fclose(f);
	return h->n > 0 ? 0 : -1;
}

static int setup(void **state)
{
	(void)state;
	return load_header(I386) || load_header(X86_64) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int a = 0; a < NABI; a++)
		free(hdrs[a].v);
	return 0;
}

/* The header's number for name, or NONE. */
static int header_nr(enum abi abi, const char *name)
{
	for (size_t i = 0; i < hdrs[abi].n; i++)
		if (strcmp(hdrs[abi].v[i].name, name) == 0)
			return hdrs[abi].v[i].nr;
	return NONE;
}

/* The row of name in abi, or NULL. */
static const struct row *row_named(enum abi abi, const char *name)
{
	for (size_t i = 0; i < NROWS; i++)
		if (rows[i].nr[abi] != NONE && strcmp(rows[i].name, name) == 0)
			return &rows[i];
	return NULL;
}

/* Every number is the header's __NR_name; a name the header lacks must be
 * a call newer than the header (a number above all of its numbers). */
static void check_numbers(enum abi abi)
{
	for (size_t i = 0; i < NROWS; i++) {
		int nr = rows[i].nr[abi], want;

		if (nr == NONE)
			continue;
		want = header_nr(abi, rows[i].name);
		if (want == NONE) {
			if (nr <= hdrs[abi].max)
				fail_msg("%s: %s is %d here but not in the host header",
					 abi == I386 ? "i386" : "x86-64", rows[i].name, nr);
			continue;
		}
		if (nr != want)
			fail_msg("%s: %s is %d here, %d in the host header",
				 abi == I386 ? "i386" : "x86-64", rows[i].name, nr, want);
	}
}

static void i386_numbers_match_the_host_header(void **state)
{
	(void)state;
	check_numbers(I386);
}

static void x86_64_numbers_match_the_host_header(void **state)
{
	(void)state;
	check_numbers(X86_64);
}

/* Every call the host header knows has a row in that ABI. */
static void check_complete(enum abi abi)
{
	for (size_t i = 0; i < hdrs[abi].n; i++)
		if (row_named(abi, hdrs[abi].v[i].name) == NULL)
			fail_msg("%s: no row for %s (%d)", abi == I386 ? "i386" : "x86-64",
				 hdrs[abi].v[i].name, hdrs[abi].v[i].nr);
}

static void every_call_of_the_host_headers_has_a_row(void **state)
{
	(void)state;
	check_complete(I386);
	check_complete(X86_64);
}

/* Within one ABI, no name and no number appears twice. */
static void names_and_numbers_unique_per_abi(void **state)
{
	(void)state;
	for (int abi = 0; abi < NABI; abi++)
		for (size_t i = 0; i < NROWS; i++)
			for (size_t j = i + 1; j < NROWS; j++) {
				if (rows[i].nr[abi] == NONE || rows[j].nr[abi] == NONE)
					continue;
				if (strcmp(rows[i].name, rows[j].name) == 0)
					fail_msg("name %s twice in ABI %d", rows[i].name, abi);
				if (rows[i].nr[abi] == rows[j].nr[abi])
					fail_msg("number %d twice in ABI %d (%s, %s)", rows[i].nr[abi],
						 abi, rows[i].name, rows[j].name);
			}
}

/* Each row is in at least one ABI and a name appears in at most two rows
 * (an i386 and an x86-64 entry point of the same name). */
static void rows_well_formed(void **state)
{
	static const char letters[] = "duxpfasioBvVOMmAPFgEeCSWwLhbJlkcyIKRDznXYGQtTjrZqUHN-";

	(void)state;
	for (size_t i = 0; i < NROWS; i++) {
		assert_true(rows[i].nr[I386] != NONE || rows[i].nr[X86_64] != NONE);
		assert_true(strlen(rows[i].args) <= 6);
		assert_int_equal(strspn(rows[i].args, letters), strlen(rows[i].args));
		assert_true(strncmp(rows[i].handler, "sys_", 4) == 0);
	}
}

/* The highest number of abi in the table. */
static int highest(enum abi abi)
{
	int max = NONE;

	for (size_t i = 0; i < NROWS; i++)
		if (rows[i].nr[abi] > max)
			max = rows[i].nr[abi];
	return max;
}

/* The dispatch array of abi: the handler each row names (through the
 * i386 sign-extending wrapper where the row has signed kinds),
 * sys_ni_syscall elsewhere: never NULL. */
static void check_dispatch(enum abi abi, const syscall_fn *table, size_t count)
{
	static const uint64_t args[6]; /* the wrappers read them */

	for (size_t nr = 0; nr < count; nr++) {
		const struct row *r = NULL;

		for (size_t i = 0; i < NROWS && r == NULL; i++)
			if (rows[i].nr[abi] == (int)nr)
				r = &rows[i];
		assert_non_null(table[nr]);
		if (r == NULL)
			assert_ptr_equal(table[nr], sys_ni_syscall);
		if (r == NULL || strcmp(r->handler, "sys_ni_syscall") == 0) {
			assert_int_equal(table[nr](args), -ENOSYS); /* (maybe through a wrapper) */
			continue;
		}
		long id = table[nr](args);

		assert_in_range(id, 0, sys_stub_count - 1);
		if (strcmp(sys_stub_names[id], r->handler) != 0)
			fail_msg("%s %zu (%s) reaches %s, not %s", abi == I386 ? "i386" : "x86-64",
				 nr, r->name, sys_stub_names[id], r->handler);
	}
}

static void i386_dispatch_reaches_each_rows_handler(void **state)
{
	(void)state;
	check_dispatch(I386, syscall_table_i386, LINUX_NR_I386_COUNT);
	assert_int_equal(LINUX_NR_I386_COUNT, highest(I386) + 1);
	assert_int_equal(NR_I386_getuid, 24);
	assert_int_equal(NR_I386_getuid32, 199);
}

static void x86_64_dispatch_reaches_each_rows_handler(void **state)
{
	const struct row *getuid32 = row_named(I386, "getuid32");

	(void)state;
	check_dispatch(X86_64, syscall_table_x86_64, LINUX_NR_X86_64_COUNT);
	assert_int_equal(LINUX_NR_X86_64_COUNT, highest(X86_64) + 1);
	/* x86-64's getuid is i386's getuid32 (32-bit ids), not the 16-bit call */
	assert_non_null(getuid32);
	assert_ptr_equal(syscall_table_x86_64[NR_X86_64_getuid], syscall_table_i386[NR_I386_getuid32]);
	assert_ptr_not_equal(syscall_table_x86_64[NR_X86_64_getuid], syscall_table_i386[NR_I386_getuid]);
	assert_ptr_equal(syscall_table_x86_64[NR_X86_64_getpid], syscall_table_i386[NR_I386_getpid]);
	/* i386-only multiplexers have no x86-64 number */
	assert_null(row_named(X86_64, "socketcall"));
	assert_null(row_named(X86_64, "ipc"));
	assert_non_null(row_named(X86_64, "accept"));
	assert_null(row_named(I386, "accept"));
}

/* The i386 dispatcher's sign-extension mask of a row: its signed kinds. */
static void i386_signed_masks_follow_the_kinds(void **state)
{
	(void)state;
	for (size_t i = 0; i < NROWS; i++) {
		unsigned want = 0;

		if (rows[i].nr[I386] == NONE)
			continue;
		for (unsigned k = 0; rows[i].args[k]; k++)
			if (SC_KIND_SIGNED(rows[i].args[k]))
				want |= 1u << k;
		if (syscall_signed_i386[rows[i].nr[I386]] != want)
			fail_msg("%s: mask %#x, kinds \"%s\" say %#x", rows[i].name,
				 syscall_signed_i386[rows[i].nr[I386]], rows[i].args, want);
	}
	assert_int_equal(syscall_signed_i386[NR_I386_read], 0);         /* fou */
	assert_int_equal(syscall_signed_i386[NR_I386_kill], 0x3);       /* dS: pid, sig */
	assert_int_equal(syscall_signed_i386[NR_I386_lseek], 0x2);      /* fdL: the offset */
	assert_int_equal(syscall_signed_i386[NR_I386_openat], 0x5);     /* asOM: dirfd, flags */
	assert_int_equal(syscall_signed_i386[NR_I386_mmap2], 0);        /* puPFfg */
}

/* An i386 call's entry sign-extends exactly the arguments its kinds say
 * are signed (the dispatcher passes them zero-extended). */
static void i386_entries_sign_extend_signed_kinds(void **state)
{
	const uint64_t regs[6] = { 0xffffffffu, 0xfffffff7u, 0x80000000u, 0xffffffffu, 5, 6 };

	(void)state;
	syscall_table_i386[NR_I386_kill](regs);      /* dS: pid, sig */
	assert_int_equal(sys_stub_args[0], (uint64_t)-1);
	assert_int_equal(sys_stub_args[1], (uint64_t)-9);
	assert_int_equal(sys_stub_args[2], 0x80000000u);
	syscall_table_i386[NR_I386_openat](regs);    /* asOM: dirfd, flags */
	assert_int_equal(sys_stub_args[0], (uint64_t)-1);
	assert_int_equal(sys_stub_args[1], 0xfffffff7u);
	assert_int_equal(sys_stub_args[2], (uint64_t)(int64_t)INT32_MIN);
	assert_int_equal(sys_stub_args[3], 0xffffffffu);
	syscall_table_i386[NR_I386_read](regs);      /* fou: as passed */
	for (int i = 0; i < 6; i++)
		assert_int_equal(sys_stub_args[i], regs[i]);
}

/* --strace's names: the row's name at the row's number, in each ABI. */
static void strace_names_follow_the_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < NROWS; i++) {
		const struct syscall_info *info;

		if (rows[i].nr[I386] != NONE) {
			info = syscall_lookup((uint32_t)rows[i].nr[I386]);
			assert_non_null(info);
			assert_string_equal(info->name, rows[i].name);
			assert_string_equal(info->args, rows[i].args);
		}
		if (rows[i].nr[X86_64] != NONE) {
			info = syscall_lookup_x86_64((uint32_t)rows[i].nr[X86_64]);
			assert_non_null(info);
			assert_string_equal(info->name, rows[i].name);
		}
	}
	assert_null(syscall_lookup_x86_64(335)); /* unused in x86-64 */
	assert_string_equal(syscall_lookup_x86_64(0)->name, "read");
	assert_string_equal(syscall_lookup(3)->name, "read");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(i386_numbers_match_the_host_header),
		cmocka_unit_test(x86_64_numbers_match_the_host_header),
		cmocka_unit_test(every_call_of_the_host_headers_has_a_row),
		cmocka_unit_test(names_and_numbers_unique_per_abi),
		cmocka_unit_test(rows_well_formed),
		cmocka_unit_test(i386_dispatch_reaches_each_rows_handler),
		cmocka_unit_test(x86_64_dispatch_reaches_each_rows_handler),
		cmocka_unit_test(i386_signed_masks_follow_the_kinds),
		cmocka_unit_test(i386_entries_sign_extend_signed_kinds),
		cmocka_unit_test(strace_names_follow_the_table),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
