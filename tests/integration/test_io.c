/* Integration: waiting on descriptors (poll, select, epoll and their
 * relatives), non-blocking I/O, FIONREAD, sendfile, AF_UNIX sockets, flock,
 * fcntl record locks, eventfd, timerfd, memfd, vectored and advised I/O,
 * close_range, and user and group identities, each checked by a test
 * program built with glibc and musl, i386 and x86-64. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "harness.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const struct cv_case poll_select_nonblock_fionread_sendfile[] = {
	CV_EACH("pollsel", CV_IN_ALL, "pollsel: 31 of 31 as expected"),
	{ 0 },
};

static const struct cv_case unix_sockets[] = {
	CV_EACH("sockets", CV_IN_I386, "sockets: 22 of 22 as expected"),
	CV_EACH("sockets", CV_IN_X86_64, "sockets: 21 of 21 as expected"), /* no socketcall */
	{ 0 },
};

/* flock(2): the same 20 answers as the host's Linux (tests/progs/flocktest.c). */
static const struct cv_case bsd_file_locks[] = {
	CV_EACH("flocktest", CV_IN_ALL, "flocktest: 20 of 20 as on Linux"),
	{ 0 },
};

/* epoll: the same 40 answers as the host's Linux (tests/progs/epolltest.c). */
static const struct cv_case epoll_instances[] = {
	CV_EACH("epolltest", CV_IN_ALL, "epolltest: 40 of 40 as on Linux"),
	{ 0 },
};

/* eventfd: the same 17 answers as the host's Linux (tests/progs/eventfdtest.c;
 * the kernel before answered ENOSYS). */
static const struct cv_case eventfd_counters[] = {
	CV_EACH("eventfdtest", CV_IN_ALL, "eventfdtest: 17 of 17 as on Linux"),
	{ 0 },
};

/* preadv, pwritev, preadv2, pwritev2, readv's checks: the same 15 answers
 * as the host's Linux (tests/progs/iovtest.c; the first four were ENOSYS). */
static const struct cv_case vectored_io[] = {
	CV_EACH("iovtest", CV_IN_ALL, "iovtest: 15 of 15 as on Linux"),
	{ 0 },
};

/* posix_fadvise: the same 10 answers as the host's Linux
 * (tests/progs/fadvisetest.c; the kernel before answered ENOSYS). */
static const struct cv_case file_advice[] = {
	CV_EACH("fadvisetest", CV_IN_ALL, "fadvisetest: 10 of 10 as on Linux"),
	{ 0 },
};

/* memfd_create and file seals: the same 26 answers as the host's Linux
 * (tests/progs/memfdtest.c; the kernel before: 1 of 26). */
static const struct cv_case memfd_files[] = {
	CV_EACH("memfdtest", CV_IN_ALL, "memfdtest: 26 of 26 as on Linux"),
	{ 0 },
};

/* close_range: the same 7 answers as the host's Linux
 * (tests/progs/closerange.c; the kernel before answered ENOSYS). */
static const struct cv_case descriptor_ranges[] = {
	CV_EACH("closerange", CV_IN_ALL, "closerange: 7 of 7 as on Linux"),
	{ 0 },
};

/* timerfd: the same 20 answers as the host's Linux
 * (tests/progs/timerfdtest.c; the kernel before answered ENOSYS). */
static const struct cv_case timer_files[] = {
	CV_EACH("timerfdtest", CV_IN_ALL, "timerfdtest: 20 of 20 as on Linux"),
	{ 0 },
};

/* fcntl record locks, POSIX and OFD: the same 38 answers as the host's
 * Linux (tests/progs/rlocktest.c). */
static const struct cv_case record_locks[] = {
	CV_EACH("rlocktest", CV_IN_ALL, "rlocktest: 38 of 38 as on Linux"),
	{ 0 },
};

static const struct cv_case user_and_group_ids[] = {
	CV_EACH("ids", CV_IN_I386, "ids: 8 of 8 as expected"),
	CV_EACH("ids", CV_IN_X86_64, "ids: 6 of 6 as expected"), /* no 16-bit id calls */
	{ 0 },
};

/* Console input: poll waits for it, FIONREAD counts it, read gets it;
 * stdin at its end (/dev/null) is readable with nothing in it. */
static void console_readiness(void **state)
{
	struct run_result r;
	const char *prog = build_file("progs/glibc/pollsel");

	(void)state;
	REQUIRE_KVM();
	cv_run_in(&r, ARGS("run", "--append", "quiet", prog, "console"), NULL, "hello\n");
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "console stdin: POLLIN, FIONREAD 6, read 6\n");
	run_result_free(&r);
	cv_run_in(&r, ARGS("run", "--append", "quiet", prog, "console"), NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "console stdin: POLLIN, FIONREAD 0, read 0\n");
	run_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		CV_CASES_TEST(poll_select_nonblock_fionread_sendfile),
		CV_CASES_TEST(unix_sockets),
		CV_CASES_TEST(bsd_file_locks),
		CV_CASES_TEST(epoll_instances),
		CV_CASES_TEST(eventfd_counters),
		CV_CASES_TEST(vectored_io),
		CV_CASES_TEST(file_advice),
		CV_CASES_TEST(memfd_files),
		CV_CASES_TEST(descriptor_ranges),
		CV_CASES_TEST(timer_files),
		CV_CASES_TEST(record_locks),
		CV_CASES_TEST(user_and_group_ids),
		cmocka_unit_test(console_readiness),
	};

	return cmocka_run_group_tests_name("io", tests, NULL, NULL);
}
