/* The host program never damages files or ignores its own limits (issue
 * #10, items 6-10 and 15): --stats-json never writes through a planted
 * name and never replaces a device, FIFO or symlink; the VMM's memory
 * does not grow with the guest's snapshots; FIFOs and devices as inputs
 * are refused at once; --timeout bounds a blocked stdout; a closed or
 * full stdout is reported once while the guest runs on; SIGTERM, SIGINT
 * and SIGHUP stop the guest with the statistics written. Each runs the
 * real binary with its stdout and stderr set up here (not the harness's
 * pipes), and measures its peak memory with wait4. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "json_mini.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#ifndef LIMIT_S
#define LIMIT_S 120        /* a run still going after this is a hang */
#endif
#define OUT_CLOSED (-1)    /* spawn: start cowvisor with fd 1 closed */

/* What one run of cowvisor did. */
struct outcome {
	int status;        /* exit status; 1000+N when killed by signal N */
	double seconds;    /* wall time until it exited */
	long maxrss_kib;   /* its peak RSS */
	char err[16384];   /* its stderr (the start of it) */
	char tail[4096];   /* the end of its stderr */
};

/* A scratch directory for a test (its state). */
static int setup(void **state)
{
	char *dir = strdup("/tmp/cv-safety-XXXXXX");

	if (dir == NULL || mkdtemp(dir) == NULL)
		return -1;
	*state = dir;
	return 0;
}

/* Remove the scratch directory. */
static int teardown(void **state)
{
	char cmd[100];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", (char *)*state);
	free(*state);
	return system(cmd) == 0 ? 0 : -1;
}

/* dir/name in one of a few static buffers. */
static const char *in_dir(const char *dir, const char *name)
{
	static char bufs[8][300];
	static int next;
	char *b = bufs[next++ % 8];

	snprintf(b, sizeof(bufs[0]), "%s/%s", dir, name);
	return b;
}

/* A copy of build_file(rel) that outlives its rotating buffers. */
static const char *prog(const char *rel)
{
	static char bufs[8][1100];
	static int next;
	char *b = bufs[next++ % 8];

	snprintf(b, sizeof(bufs[0]), "%s", build_file(rel));
	return b;
}

/* Seconds of CLOCK_MONOTONIC. */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* In the child: stdout as asked, stderr to err_fd, then exec cowvisor. */
static void exec_cowvisor(const char *const *args, int out, int err_fd)
{
	const char *argv[40];
	size_t n = 0;
	int null = open("/dev/null", O_RDONLY);

	dup2(null, 0);
	dup2(err_fd, 2);
	if (out == OUT_CLOSED)
		close(1);
	else
		dup2(out, 1);
	setenv("COWVISOR_KERNEL", cv_kernel(), 1);
	/* under AddressSanitizer (make test SANITIZE=1) freed memory is held in a
	 * quarantine of up to 256 MiB: keep it small so RSS shows what is live */
	setenv("ASAN_OPTIONS", "quarantine_size_mb=1", 0);
	argv[n++] = cv_binary();
	for (; *args && n < 39; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	execv(argv[0], (char *const *)argv);
	_exit(99);
}

/* Run cowvisor with args, its stdout on out (or OUT_CLOSED) and its
 * stderr on err_out, or captured into o when err_out is -1; when sig is
 * not 0, send it sig after delay_s seconds. Fills o; fails the test on a
 * hang. */
static void spawn_fds(struct outcome *o, const char *const *args, int out, int err_out, int sig,
		      double delay_s)
{
	FILE *err = tmpfile();
	double start = now_s();
	bool sent = false;
	struct rusage ru;
	pid_t pid;
	int st = 0;
	size_t n;

	assert_non_null(err);
	pid = fork();
	if (pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (pid == 0)
		exec_cowvisor(args, out, err_out >= 0 ? err_out : fileno(err));
	for (;;) {
		pid_t w = wait4(pid, &st, WNOHANG, &ru);

		assert_true(w >= 0);
		if (w == pid)
			break;
		if (sig && !sent && now_s() - start >= delay_s) {
			kill(pid, sig);
			sent = true;
		}
		if (now_s() - start > LIMIT_S) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			fail_msg("cowvisor still running after %d s: a hang", LIMIT_S);
		}
		usleep(20000);
	}
	o->seconds = now_s() - start;
	o->status = WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st);
	o->maxrss_kib = ru.ru_maxrss;
	rewind(err);
	n = fread(o->err, 1, sizeof(o->err) - 1, err);
	o->err[n] = '\0';
	fseek(err, 0, SEEK_END);
	fseek(err, ftell(err) > (long)sizeof(o->tail) - 1 ? -((long)sizeof(o->tail) - 1) : -ftell(err),
	      SEEK_END);
	n = fread(o->tail, 1, sizeof(o->tail) - 1, err);
	o->tail[n] = '\0';
	fclose(err);
}

/* spawn_fds() with stderr captured. */
static void spawn(struct outcome *o, const char *const *args, int out, int sig, double delay_s)
{
	spawn_fds(o, args, out, -1, sig, delay_s);
}

/* How often needle occurs in haystack. */
static int count(const char *haystack, const char *needle)
{
	int n = 0;

	for (const char *p = haystack; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* The parsed JSON document at path (the test fails if it is not one). */
static struct jnode *read_json(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t cap = 0;
	struct jnode *doc;

	if (f == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	assert_true(getdelim(&text, &cap, '\0', f) > 0);
	fclose(f);
	doc = json_parse(text);
	if (doc == NULL)
		fail_msg("%s is not valid JSON", path);
	free(text);
	return doc;
}

/* The number of snapshots in the stats document at path; its last label
 * into last (when not NULL); checks the seq numbers run 0, 1, 2, ... */
static size_t snapshots_in(const char *path, char *last, size_t lastlen)
{
	struct jnode *doc = read_json(path);
	const struct jnode *snaps = json_get(doc, "snapshots");
	size_t n;

	assert_string_equal(json_str(json_get(doc, "schema")), "cowvisor-stats/1");
	assert_non_null(snaps);
	n = json_len(snaps);
	for (size_t i = 0; i < n; i++)
		if ((size_t)json_num(json_get(json_at(snaps, i), "seq")) != i)
			fail_msg("snapshot %zu has seq %g", i, json_num(json_get(json_at(snaps, i), "seq")));
	if (last)
		snprintf(last, lastlen, "%s", n ? json_str(json_get(json_at(snaps, n - 1), "label")) : "");
	json_free(doc);
	return n;
}

/* Entries in dir besides . and .. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* Write text to a new file. */
static void put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* An open fd on /dev/null for a run's stdout. */
static int null_out(void)
{
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);

	assert_true(fd >= 0);
	return fd;
}

/* ---- item 6: no write through a planted name ---- */

/* A symlink planted at FILE.tmp (the old temporary's name) pointing at a
 * victim: the victim keeps its contents, the link stays, FILE is the
 * document and nothing else is left in the directory. */
static void planted_tmp_symlink_untouched(void **state)
{
	const char *dir = *state;
	struct outcome o;
	char json[300];
	struct stat st;
	FILE *f;
	char buf[64] = "";
	int out = null_out();

	REQUIRE_KVM();
	snprintf(json, sizeof(json), "%s", in_dir(dir, "stats.json"));
	put_file(in_dir(dir, "victim"), "precious\n");
	assert_int_equal(symlink(in_dir(dir, "victim"), in_dir(dir, "stats.json.tmp")), 0);
	spawn(&o, ARGS("run", "--append", "quiet", "--stats-json", json,
		       prog("progs/glibc/snaploop"), "2"), out, 0, 0);
	close(out);
	assert_int_equal(o.status, 0);
	f = fopen(in_dir(dir, "victim"), "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "precious\n");
	assert_int_equal(lstat(in_dir(dir, "stats.json.tmp"), &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(snapshots_in(json, NULL, 0), 3);
	assert_int_equal(entries(dir), 3);
}

/* ---- item 7: devices, FIFOs and symlinks are not replaced ---- */

/* A symlink as FILE: its target gets the document, the link stays. */
static void stats_json_symlink_kept(void **state)
{
	const char *dir = *state;
	char link[300], last[80];
	struct outcome o;
	struct stat st;
	int out = null_out();

	REQUIRE_KVM();
	snprintf(link, sizeof(link), "%s", in_dir(dir, "link.json"));
	put_file(in_dir(dir, "real.json"), "old\n");
	assert_int_equal(symlink("real.json", link), 0);
	spawn(&o, ARGS("run", "--append", "quiet", "--stats-json", link,
		       prog("progs/glibc/snaploop"), "1"), out, 0, 0);
	close(out);
	assert_int_equal(o.status, 0);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(snapshots_in(in_dir(dir, "real.json"), last, sizeof(last)), 2);
	assert_string_equal(last, "final");
}

/* A character device as FILE (a private copy of /dev/null's node when we
 * may make one, else /dev/null itself) is written to, and stays a
 * device. */
static void stats_json_device_stays(void **state)
{
	const char *dir = *state;
	const char *node = in_dir(dir, "null");
	struct outcome o;
	struct stat st;
	int out = null_out();

	REQUIRE_KVM();
	if (mknod(node, S_IFCHR | 0666, makedev(1, 3)) != 0)
		node = "/dev/null"; /* not root: the old bug could not replace it either */
	spawn(&o, ARGS("run", "--append", "quiet", "--stats-json", node,
		       prog("progs/glibc/snaploop"), "1"), out, 0, 0);
	close(out);
	assert_int_equal(o.status, 0);
	assert_int_equal(stat(node, &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(major(st.st_rdev), 1);
	assert_int_equal(minor(st.st_rdev), 3);
}

/* A FIFO as FILE: without a reader, refused at once (125, a clear
 * message), not waited on; with one, the document arrives through it and
 * the FIFO stays. */
static void stats_json_fifo(void **state)
{
	const char *dir = *state;
	char fifo[300], *text = NULL;
	struct outcome o;
	struct jnode *doc;
	struct stat st;
	size_t len = 0;
	FILE *mem;
	int out = null_out(), rd;

	REQUIRE_KVM();
	snprintf(fifo, sizeof(fifo), "%s", in_dir(dir, "fifo"));
	assert_int_equal(mkfifo(fifo, 0600), 0);
	spawn(&o, ARGS("run", "--append", "quiet", "--stats-json", fifo,
		       prog("progs/glibc/snaploop"), "1"), out, 0, 0);
	assert_int_equal(o.status, 125);
	assert_true(o.seconds < 10);
	assert_contains(o.err, "a FIFO with no reader");

	rd = open(fifo, O_RDONLY | O_NONBLOCK);
	assert_true(rd >= 0);
	spawn(&o, ARGS("run", "--append", "quiet", "--stats-json", fifo,
		       prog("progs/glibc/snaploop"), "1"), out, 0, 0);
	close(out);
	assert_int_equal(o.status, 0);
	mem = open_memstream(&text, &len);
	for (;;) {
		char buf[4096];
		ssize_t n = read(rd, buf, sizeof(buf));

		if (n <= 0)
			break;
		fwrite(buf, 1, (size_t)n, mem);
	}
	fclose(mem);
	close(rd);
	doc = json_parse(text);
	assert_non_null(doc);
	assert_int_equal(json_len(json_get(doc, "snapshots")), 2);
	json_free(doc);
	free(text);
	assert_int_equal(lstat(fifo, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
}

/* ---- item 8: memory bounded whatever the guest does ---- */

/* 3000 cv_snapshot calls cost the VMM no more memory than 300 (before,
 * each kept ~13 KiB: +35 MB), and the JSON still holds every one. */
static void snapshots_keep_memory_bounded(void **state)
{
	const char *dir = *state;
	struct outcome few, many;
	char json[300], last[80];
	int out = null_out();

	REQUIRE_KVM();
	snprintf(json, sizeof(json), "%s", in_dir(dir, "stats.json"));
	spawn(&few, ARGS("run", "--mem", "32M", "--append", "quiet", "--stats-json", json,
			 prog("progs/glibc/snaploop"), "300"), out, 0, 0);
	assert_int_equal(few.status, 0);
	assert_int_equal(snapshots_in(json, NULL, 0), 301);
	spawn(&many, ARGS("run", "--mem", "32M", "--append", "quiet", "--stats-json", json,
			  prog("progs/glibc/snaploop"), "3000"), out, 0, 0);
	close(out);
	assert_int_equal(many.status, 0);
	assert_int_equal(snapshots_in(json, last, sizeof(last)), 3001);
	assert_string_equal(last, "final");
	print_message("[   INFO   ] VMM max RSS: 300 snapshots %ld KiB, 3000 snapshots %ld KiB\n",
		      few.maxrss_kib, many.maxrss_kib);
	/* linear growth would be ~35000 KiB; allow noise, not growth */
	if (many.maxrss_kib - few.maxrss_kib > 2048)
		fail_msg("max RSS grew from %ld to %ld KiB", few.maxrss_kib, many.maxrss_kib);
}

/* The same with --stats: the tables are printed as the snapshots come,
 * nothing is kept for the end. */
static void stats_tables_keep_memory_bounded(void **state)
{
	struct outcome few, many;
	int out = null_out();

	(void)state;
	REQUIRE_KVM();
	spawn(&few, ARGS("run", "--mem", "32M", "--append", "quiet", "--stats",
			 prog("progs/glibc/snaploop"), "200"), out, 0, 0);
	spawn(&many, ARGS("run", "--mem", "32M", "--append", "quiet", "--stats",
			  prog("progs/glibc/snaploop"), "2000"), out, 0, 0);
	close(out);
	assert_int_equal(few.status, 0);
	assert_int_equal(many.status, 0);
	assert_contains(many.tail, "cowvisor stats #2000 \"final\"");
	if (many.maxrss_kib - few.maxrss_kib > 2048)
		fail_msg("max RSS grew from %ld to %ld KiB", few.maxrss_kib, many.maxrss_kib);
}

/* ---- item 9: inputs that would block are refused; --timeout bounds output ---- */

/* A FIFO as --kernel, --initrd, PROGRAM or --add is refused at once with
 * a clear message: 125, and 126 for PROGRAM (as a device is). */
static void fifo_inputs_refused(void **state)
{
	const char *dir = *state;
	char fifo[300], add[320];
	struct outcome o;
	int out = null_out();

	snprintf(fifo, sizeof(fifo), "%s", in_dir(dir, "fifo"));
	snprintf(add, sizeof(add), "%s:/data", fifo);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	spawn(&o, ARGS("run", "--kernel", fifo, prog("progs/glibc/hello")), out, 0, 0);
	assert_int_equal(o.status, 125);
	assert_contains(o.err, "is a FIFO, not a regular file");
	spawn(&o, ARGS("run", "--kernel", fifo, "--stats", prog("progs/glibc/hello")), out, 0, 0);
	assert_int_equal(o.status, 125);
	assert_contains(o.err, "is a FIFO, not a regular file");
	spawn(&o, ARGS("run", "--initrd", fifo), out, 0, 0);
	assert_int_equal(o.status, 125);
	assert_contains(o.err, "is a FIFO, not a regular file");
	spawn(&o, ARGS("run", fifo), out, 0, 0);
	assert_int_equal(o.status, 126);
	assert_contains(o.err, "is a FIFO, not a regular file");
	spawn(&o, ARGS("run", "--add", add, prog("progs/glibc/hello")), out, 0, 0);
	assert_int_equal(o.status, 125);
	assert_contains(o.err, "is a FIFO, not a regular file");
	spawn(&o, ARGS("run", "/dev/zero"), out, 0, 0);
	assert_int_equal(o.status, 126);
	assert_contains(o.err, "is a device, not a regular file");
	close(out);
}

/* stdout a pipe nobody reads (cowvisor ... | sleep 12): --timeout 2
 * still ends the run at 2 s with 124 and the timeout message. */
static void blocked_stdout_times_out(void **state)
{
	struct outcome o;
	int p[2];

	(void)state;
	REQUIRE_KVM();
	assert_int_equal(pipe(p), 0);
	spawn(&o, ARGS("run", "--timeout", "2", "--append", "quiet",
		       prog("progs/glibc/flood"), "1024", "7"), p[1], 0, 0);
	close(p[0]);
	close(p[1]);
	assert_int_equal(o.status, 124);
	assert_contains(o.err, "timeout after 2.000 s");
	assert_true(o.seconds < 10);
}

/* Both stdout and stderr on a pipe nobody reads (2>&1 | sleep 12), so
 * even cowvisor's own messages cannot be written: --timeout still ends
 * the run, with 124, soon after the deadline. */
static void blocked_stdout_and_stderr_time_out(void **state)
{
	struct outcome o;
	int p[2];

	(void)state;
	REQUIRE_KVM();
	assert_int_equal(pipe(p), 0);
	spawn_fds(&o, ARGS("run", "--timeout", "2", "--strace",
			   prog("progs/glibc/flood"), "1024", "7"), p[1], p[1], 0, 0);
	close(p[0]);
	close(p[1]);
	assert_int_equal(o.status, 124);
	assert_true(o.seconds < 10);
}

/* SIGTERM while stdout and stderr are pipes nobody reads, no --timeout:
 * cowvisor's own messages cannot block it, it ends with 128+15. */
static void blocked_output_ends_on_sigterm(void **state)
{
	struct outcome o;
	int p[2];

	(void)state;
	REQUIRE_KVM();
	assert_int_equal(pipe(p), 0);
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	while (write(p[1], "full", 4) == 4) /* full from the start: every write blocks */
		;
	fcntl(p[1], F_SETFL, 0);
	spawn_fds(&o, ARGS("run", "--strace", prog("progs/glibc/flood"), "1024", "7"), p[1], p[1],
		  SIGTERM, 2.0);
	close(p[0]);
	close(p[1]);
	assert_int_equal(o.status, 128 + SIGTERM);
	assert_true(o.seconds < 15);
}

/* ---- item 10 and 15: lost output is said once; signals end it cleanly ---- */

/* cowvisor ... | true: no death by SIGPIPE; one message; the guest runs
 * to its end (its stderr, its status) and the JSON is written. */
static void closed_pipe_reported_once(void **state)
{
	const char *dir = *state;
	char json[300], last[80];
	struct outcome o;
	int p[2];

	REQUIRE_KVM();
	snprintf(json, sizeof(json), "%s", in_dir(dir, "stats.json"));
	assert_int_equal(pipe(p), 0);
	close(p[0]);
	spawn(&o, ARGS("run", "--append", "quiet", "--stats-json", json,
		       prog("progs/glibc/flood"), "256", "7"), p[1], 0, 0);
	close(p[1]);
	assert_int_equal(o.status, 7);
	assert_int_equal(count(o.err, "guest console output lost: writing stdout: Broken pipe"), 1);
	assert_int_equal(count(o.err, "cowvisor: guest console output lost"), 1);
	assert_contains(o.err, "flood done");
	assert_int_equal(snapshots_in(json, last, sizeof(last)), 1);
	assert_string_equal(last, "final");
}

/* stdout on /dev/full, or closed: one message each, init's status kept;
 * with fd 1 closed, no file of the VMM (the JSON) takes its place. */
static void full_or_closed_stdout_reported(void **state)
{
	const char *dir = *state;
	char json[300];
	struct outcome o;
	int full = open("/dev/full", O_WRONLY | O_CLOEXEC);

	REQUIRE_KVM();
	assert_true(full >= 0);
	spawn(&o, ARGS("run", "--append", "quiet", prog("progs/glibc/flood"), "64", "3"), full, 0, 0);
	close(full);
	assert_int_equal(o.status, 3);
	assert_int_equal(count(o.err, "guest console output lost: writing stdout: "
				      "No space left on device"), 1);
	assert_contains(o.err, "flood done");

	snprintf(json, sizeof(json), "%s", in_dir(dir, "stats.json"));
	spawn(&o, ARGS("run", "--append", "quiet", "--stats-json", json,
		       prog("progs/glibc/flood"), "64", "3"), OUT_CLOSED, 0, 0);
	assert_int_equal(o.status, 3);
	assert_int_equal(count(o.err, "guest console output lost: writing stdout: "
				      "Bad file descriptor"), 1);
	assert_contains(o.err, "flood done");
	assert_int_equal(snapshots_in(json, NULL, 0), 1);
}

/* One termination signal: the guest is stopped, a message says so, the
 * snapshots gathered so far are a complete document, exit 128+N. */
static void check_signal(const char *dir, int sig, const char *name)
{
	char json[300], msg[80];
	struct outcome o;
	int out = null_out();

	snprintf(json, sizeof(json), "%s", in_dir(dir, name));
	spawn(&o, ARGS("run", "--append", "quiet", "--stats-json", json,
		       prog("progs/glibc/snaploop"), "100000000"), out, sig, 1.5);
	close(out);
	assert_int_equal(o.status, 128 + sig);
	snprintf(msg, sizeof(msg), "cowvisor: %s received, guest stopped", name);
	assert_contains(o.err, msg);
	assert_true(snapshots_in(json, NULL, 0) > 0);
}

/* SIGTERM, SIGINT and SIGHUP. */
static void termination_signals_write_statistics(void **state)
{
	REQUIRE_KVM();
	check_signal(*state, SIGTERM, "SIGTERM");
	check_signal(*state, SIGINT, "SIGINT");
	check_signal(*state, SIGHUP, "SIGHUP");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(planted_tmp_symlink_untouched),
		T(stats_json_symlink_kept),
		T(stats_json_device_stays),
		T(stats_json_fifo),
		T(snapshots_keep_memory_bounded),
		T(stats_tables_keep_memory_bounded),
		T(fifo_inputs_refused),
		T(blocked_stdout_times_out),
		T(blocked_stdout_and_stderr_time_out),
		T(blocked_output_ends_on_sigterm),
		T(closed_pipe_reported_once),
		T(full_or_closed_stdout_reported),
		T(termination_signals_write_statistics),
	};

	return cmocka_run_group_tests_name("host_safety", tests, NULL, NULL);
}
