/* Running the real cowvisor binary from cmocka tests. The binary and kernel
 * come from $COWVISOR and $COWVISOR_KERNEL (set by `make test`). */
#ifndef TESTS_HARNESS_H
#define TESTS_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define RUN_LIMIT_S 180 /* a run still going after this is killed: a hang */

struct run_result {
	int status;      /* exit status; 1000+N when killed by signal N */
	bool hung;       /* killed by the harness after RUN_LIMIT_S */
	char *out, *err; /* captured stdout and stderr, NUL-terminated */
	size_t out_len, err_len;
};

/* Run cowvisor with the given arguments (NULL-terminated, without argv[0])
 * and extra environment entries "NAME=VALUE" (NULL-terminated, may be NULL;
 * "NAME=" with an empty value removes NAME). Aborts the test on setup errors. */
void cv_run(struct run_result *r, const char *const *args, const char *const *env);

/* cv_run() with input for the guest's stdin (NULL: /dev/null). */
void cv_run_in(struct run_result *r, const char *const *args, const char *const *env,
	       const char *input);

/* cv_run() with dir as the working directory (relative PROGRAM words). */
void cv_run_in_dir(struct run_result *r, const char *dir, const char *const *args);

/* Run program natively on the host with argv[0] set to argv0, the given
 * arguments (NULL-terminated) and exactly the environment env (NULL-
 * terminated), stdin from /dev/null: the reference for guest output. */
void host_run(struct run_result *r, const char *program, const char *argv0,
	      const char *const *args, const char *const *env);

/* A file under the build tree (e.g. "progs/glibc/hello"): its path in a
 * static buffer, checked to exist (the test fails otherwise). */
const char *build_file(const char *rel);

/* Like build_file(), but NULL (and a note that it is skipped) when the
 * file was not built, e.g. the musl programs without musl installed. */
const char *build_file_optional(const char *rel);

/* The builds of the test programs (tests/progs/progs.mk), as directories
 * under build/progs: the i386 ones first, then the x86-64 ones. */
#define CV_BUILDS_I386 2 /* cv_builds[0..1]: glibc, musl (i386) */
#define CV_BUILDS_ALL 4  /* and cv_builds[2..3]: glibc64, musl64 (x86-64) */
extern const char *const cv_builds[CV_BUILDS_ALL];

/* The test program name of build (one of cv_builds): its path; for a glibc
 * build a missing file fails the test, for a musl build it is NULL (noted:
 * that part is skipped) because musl may not be installed. */
const char *cv_prog(const char *build, const char *name);

/* Which builds a case's program runs in: bit i stands for cv_builds[i]. */
#define CV_IN_GLIBC   (1u << 0)
#define CV_IN_MUSL    (1u << 1)
#define CV_IN_GLIBC64 (1u << 2)
#define CV_IN_MUSL64  (1u << 3)
#define CV_IN_I386    (CV_IN_GLIBC | CV_IN_MUSL)
#define CV_IN_X86_64  (CV_IN_GLIBC64 | CV_IN_MUSL64)
#define CV_IN_ALL     (CV_IN_I386 | CV_IN_X86_64)

/* A NULL-terminated list of words: a case's arguments and wants. */
#define W(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* A number macro as a word of a case: CV_WORD(N) is "256" for N 256. */
#define CV_WORD_OF_(x) #x
#define CV_WORD(x) CV_WORD_OF_(x)

/* In a case's args: its program, in the build at hand. */
#define CV_PROG "@prog"

/* In a case's args, at the start of a word: a fresh directory of the run's
 * own (made before it, removed with what is in it after its checks). */
#define CV_DIR "@dir"

/* What a case's check callback is given: one run and where it ran. */
struct cv_ran {
	const char *build;          /* the build of prog (cv_builds), NULL when none */
	const char *prog;           /* the program's path, NULL when none */
	const char *dir;            /* what CV_DIR stood for, NULL when unused */
	const struct run_result *r; /* its status and output */
};

/* One run of cowvisor and what must come of it. A table of cases ends
 * with an entry whose args are NULL. */
struct cv_case {
	const char *const *args;    /* cowvisor's arguments (CV_PROG: the program) */
	const char *prog;           /* a test program's name (cv_prog), or a path under
	                               the build tree holding a '/' (build_file) */
	unsigned builds;            /* CV_IN_*: the builds prog runs in (0: glibc) */
	const char *const *env;     /* extra environment, as cv_run() takes it */
	const char *input;          /* the guest's stdin (NULL: /dev/null) */
	bool kvm;                   /* boots a guest: the test is skipped without KVM */
	int status;                 /* the exit status it must end with */
	const char *const *out;     /* what stdout must contain, each (NULL-terminated) */
	const char *const *err;     /* ... and stderr */
	const char *const *out_not; /* what stdout must not contain */
	const char *const *err_not; /* ... nor stderr */
	const char *out_is;         /* stdout exactly, when not NULL */
	const char *const *host_env; /* not NULL: the program runs natively too (argv[0]
	                               its path, the words after CV_PROG, exactly this
	                               environment) with the same stdout and status */
	bool silent;                /* nothing at all on stdout and stderr */
	void (*check)(const struct cv_ran *ran); /* not NULL: more checks (files, JSON),
	                               after the others pass */
};

/* A case: the test program prog_ as init with the kernel command line
 * append_ in builds_ (CV_IN_*), which must exit 0 and print want_. */
#define CV_EACH_APPEND(prog_, builds_, append_, want_)                                 \
	{ .args = W("run", "--append", append_, CV_PROG), .prog = prog_, .builds = builds_, \
	  .kvm = true, .out = W(want_) }

/* CV_EACH_APPEND() with "quiet". */
#define CV_EACH(prog_, builds_, want_) CV_EACH_APPEND(prog_, builds_, "quiet", want_)

/* Run every case of the table (for each build of its program that was
 * built) and assert what it wants. */
void cv_check_cases(const struct cv_case *cases);

/* A cmocka test whose state is a case table: cv_check_cases() of it. */
void cv_cases_test(void **state);
#define CV_CASES_TEST(table) { #table, cv_cases_test, NULL, NULL, (void *)(table) }

/* A new cpio newc archive at path whose first entry is "init", the program
 * at init_path (ino 2): the stream to append the rest to (the test fails
 * when either file cannot be used). */
FILE *newc_open_with_init(const char *path, const char *init_path);

/* Append one cpio newc entry (name, mode, data) to f, padded to 4 bytes. */
void newc_append(FILE *f, const char *name, uint32_t mode, const void *data, size_t size,
		 uint32_t ino);

/* Free what cv_run() captured. */
void run_result_free(struct run_result *r);

/* Is /dev/kvm (or $COWVISOR_KVM_DEVICE) usable? If not, why. */
bool kvm_usable(char *why, size_t len);

/* Skip the current test, with the reason printed, when KVM is not usable. */
#define REQUIRE_KVM()                                                           \
	do {                                                                    \
		char why_[256];                                                 \
		if (!kvm_usable(why_, sizeof(why_))) {                          \
			print_message("[   SKIP   ] needs KVM: %s\n", why_);     \
			skip();                                                 \
		}                                                               \
	} while (0)

/* Assert that haystack contains needle, showing both when it does not. */
#define assert_contains(haystack, needle)                                      \
	do {                                                                    \
		if (strstr((haystack), (needle)) == NULL)                        \
			fail_msg("expected \"%s\" in:\n%s", (needle), (haystack));   \
	} while (0)

/* The path of the cowvisor binary under test. */
const char *cv_binary(void);

/* The path of the kernel under test. */
const char *cv_kernel(void);

#endif
