/* Unit tests for the guest console's host side (vmm/console.c) and the
 * run's stop signals (vmm/timers.c): a stream that fails is reported once
 * and dropped; a write to a full pipe gives up at the --timeout deadline
 * or on a termination signal instead of blocking. The kick state is
 * per process and sticky, so the tests run in this order. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../vmm/console.h"
#include "../../vmm/timers.h"

/* fd moved to number to (loss is remembered per fd number: each test
 * uses its own). */
static int move_fd(int fd, int to)
{
	assert_int_equal(dup2(fd, to), to);
	close(fd);
	return to;
}

/* Seconds of CLOCK_MONOTONIC. */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run console_write(fd, ...) twice with stderr captured; returns what
 * stderr received (static buffer). */
static const char *two_writes_stderr(int fd, bool *first, bool *second)
{
	static char buf[1024];
	char path[] = "/tmp/cv-console-XXXXXX";
	int cap = mkstemp(path), saved = dup(2);
	ssize_t n;

	assert_true(cap >= 0 && saved >= 0);
	unlink(path);
	fflush(stderr);
	dup2(cap, 2);
	*first = console_write(fd, "hello\n", 6);
	*second = console_write(fd, "again\n", 6);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = pread(cap, buf, sizeof(buf) - 1, 0);
	close(cap);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/* A pipe without a reader: EPIPE (SIGPIPE ignored as main does), one
 * message naming the stream and the reason, then nothing more. */
static void test_lost_pipe(void **state)
{
	int p[2];
	bool first, second;
	const char *msg;

	(void)state;
	signal(SIGPIPE, SIG_IGN);
	assert_int_equal(pipe(p), 0);
	close(p[0]);
	p[1] = move_fd(p[1], 40);
	msg = two_writes_stderr(p[1], &first, &second);
	assert_false(first);
	assert_false(second);
	assert_string_equal(msg, "cowvisor: guest console output lost: writing the console: "
				 "Broken pipe (the guest runs on; its further output there is "
				 "dropped)\n");
	assert_true(console_lost(p[1]));
	close(p[1]);
}

/* A full device (/dev/full) says "No space left on device", once. */
static void test_lost_full(void **state)
{
	int fd = move_fd(open("/dev/full", O_WRONLY), 41);
	bool first, second;
	const char *msg;

	(void)state;
	msg = two_writes_stderr(fd, &first, &second);
	assert_false(first);
	assert_non_null(strstr(msg, "No space left on device"));
	close(fd);
}

/* A pipe nobody reads, filled up (its write end blocking again). */
static void full_pipe(int p[2])
{
	char junk[4096];

	memset(junk, 'j', sizeof(junk));
	assert_int_equal(pipe(p), 0);
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	while (write(p[1], junk, sizeof(junk)) > 0)
		;
	assert_int_equal(errno, EAGAIN);
	fcntl(p[1], F_SETFL, 0);
	p[1] = move_fd(p[1], 42);
}

/* With nothing stopping the run yet, a write to a full pipe waits; the
 * --timeout deadline ends the wait and the write gives up. */
static void test_full_pipe_deadline(void **state)
{
	int p[2];
	double t0, dt;

	(void)state;
	full_pipe(p);
	assert_int_equal(kick_init(NULL), 0);
	assert_false(kick_stopping());
	assert_int_equal(kick_arm_timeout(300), 0);
	t0 = now_s();
	assert_false(console_write(p[1], "blocked\n", 8));
	dt = now_s() - t0;
	assert_true(dt >= 0.25 && dt < 5.0);
	assert_true(kick_stopping());
	assert_int_equal(kick_term_signal(), 0);
	assert_int_equal(kick_take() & KICK_TIMEOUT, KICK_TIMEOUT);
	assert_false(console_lost(p[1])); /* given up on, not lost: no message */
	/* stopping is sticky: the next write that would block gives up at once */
	t0 = now_s();
	assert_false(console_write(p[1], "again\n", 6));
	assert_true(now_s() - t0 < 3.0); /* at once, not at a deadline */
	/* past the deadline the kicks repeat: even a plain blocking write returns */
	t0 = now_s();
	assert_int_equal(write(p[1], "x", 1), -1);
	assert_int_equal(errno, EINTR);
	assert_true(now_s() - t0 < 3.0); /* at once, not at a deadline */
	kick_disarm();
	close(p[0]);
	close(p[1]);
}

/* SIGTERM is caught: recorded, a KICK_TERM, the run is stopping. */
static void test_term_signal(void **state)
{
	(void)state;
	assert_int_equal(kick_init(NULL), 0);
	raise(SIGTERM);
	assert_int_equal(kick_term_signal(), SIGTERM);
	assert_int_equal(kick_take() & KICK_TERM, KICK_TERM);
	assert_true(kick_stopping());
	assert_int_equal(kick_take(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lost_pipe),
		cmocka_unit_test(test_lost_full),
		cmocka_unit_test(test_full_pipe_deadline),
		cmocka_unit_test(test_term_signal),
	};

	return cmocka_run_group_tests_name("console", tests, NULL, NULL);
}
