/* Unit tests for the files the VMM reads and writes: open_regular
 * (vmm/util.c: inputs that are FIFOs or devices are refused at once) and
 * outfile (vmm/outfile.c: exclusive temporaries, rename over regular
 * files, symlinks kept, devices and FIFOs written directly, no waiting
 * for a FIFO's reader). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../vmm/outfile.h"
#include "../../vmm/util.h"

/* A scratch directory and a path buffer inside it. */
struct scratch {
	char dir[64];
	char path[160];
};

/* Make a scratch directory (the test's state). */
static int setup(void **state)
{
	struct scratch *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return -1;
	snprintf(s->dir, sizeof(s->dir), "/tmp/cv-files-XXXXXX");
	if (mkdtemp(s->dir) == NULL)
		return -1;
	*state = s;
	return 0;
}

/* Remove the scratch directory. */
static int teardown(void **state)
{
	struct scratch *s = *state;
	char cmd[120];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->dir);
	if (system(cmd) != 0)
		return -1;
	free(s);
	return 0;
}

/* Path of name in the scratch directory (a new static-per-call copy). */
static char *at(struct scratch *s, const char *name)
{
	static char bufs[4][160];
	static int next;
	char *b = bufs[next++ % 4];

	snprintf(b, sizeof(bufs[0]), "%s/%s", s->dir, name);
	return b;
}

/* Write text to a new file at path. */
static void put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* The contents of path (static buffer). */
static const char *contents(const char *path)
{
	static char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* How many entries the scratch directory holds (. and .. aside). */
static int entries(struct scratch *s)
{
	DIR *d = opendir(s->dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* Write text through a fresh outfile at path and commit: 0 or -1 (err). */
static int write_through(const char *path, const char *text, char *err, size_t errlen)
{
	struct outfile o;

	if (outfile_open(&o, path, err, errlen) != 0)
		return -1;
	fputs(text, o.f);
	return outfile_commit(&o, err, errlen);
}

/* ---- open_regular ---- */

/* Regular files open; FIFOs (without waiting for a writer), devices,
 * directories and missing files are refused with what they are. */
static void test_open_regular(void **state)
{
	struct scratch *s = *state;
	char why[200];
	int fd;

	put_file(at(s, "f"), "data");
	fd = open_regular(at(s, "f"), why, sizeof(why));
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(mkfifo(at(s, "fifo"), 0600), 0);
	assert_int_equal(open_regular(at(s, "fifo"), why, sizeof(why)), -1);
	assert_string_equal(why, "is a FIFO, not a regular file");
	assert_int_equal(open_regular("/dev/null", why, sizeof(why)), -1);
	assert_string_equal(why, "is a device, not a regular file");
	assert_int_equal(open_regular(s->dir, why, sizeof(why)), -1);
	assert_string_equal(why, "is a directory");
	assert_int_equal(open_regular(at(s, "none"), why, sizeof(why)), -1);
	assert_string_equal(why, "No such file or directory");
	assert_int_equal(symlink("fifo", at(s, "link")), 0);
	assert_int_equal(open_regular(at(s, "link"), why, sizeof(why)), -1);
	assert_string_equal(why, "is a FIFO, not a regular file");
}

/* read_whole_file refuses a FIFO at once instead of waiting for a writer. */
static void test_read_whole_fifo(void **state)
{
	struct scratch *s = *state;
	char why[200];
	size_t len;

	assert_int_equal(mkfifo(at(s, "fifo"), 0600), 0);
	assert_null(read_whole_file(at(s, "fifo"), 1 << 20, &len, why, sizeof(why)));
	assert_string_equal(why, "is a FIFO, not a regular file");
}

/* ---- outfile ---- */

/* A new file: written whole at commit, mode 0666 less the umask, no
 * temporary left; before the commit the target does not exist. */
static void test_new_file(void **state)
{
	struct scratch *s = *state;
	struct outfile o;
	struct stat st;
	char err[300];
	mode_t old = umask(027);

	assert_int_equal(outfile_open(&o, at(s, "out.json"), err, sizeof(err)), 0);
	fputs("{ \"a\": 1 }\n", o.f);
	assert_int_not_equal(access(at(s, "out.json"), F_OK), 0);
	assert_int_equal(entries(s), 1); /* the temporary */
	assert_int_equal(outfile_commit(&o, err, sizeof(err)), 0);
	umask(old);
	assert_string_equal(contents(at(s, "out.json")), "{ \"a\": 1 }\n");
	assert_int_equal(stat(at(s, "out.json"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(entries(s), 1);
}

/* The old FILE.tmp attack: a symlink planted at FILE.tmp (or anywhere)
 * is never followed; its target keeps its contents. */
static void test_planted_symlink(void **state)
{
	struct scratch *s = *state;
	char err[300];
	struct stat st;

	put_file(at(s, "victim"), "precious\n");
	assert_int_equal(symlink(at(s, "victim"), at(s, "out.json.tmp")), 0);
	assert_int_equal(write_through(at(s, "out.json"), "new\n", err, sizeof(err)), 0);
	assert_string_equal(contents(at(s, "victim")), "precious\n");
	assert_int_equal(lstat(at(s, "out.json.tmp"), &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_string_equal(contents(at(s, "out.json")), "new\n");
}

/* An existing regular file is replaced whole (a new inode: a reader of
 * the old one keeps the old contents). */
static void test_replace_regular(void **state)
{
	struct scratch *s = *state;
	struct stat before, after;
	char err[300];

	put_file(at(s, "out.json"), "old contents\n");
	assert_int_equal(stat(at(s, "out.json"), &before), 0);
	assert_int_equal(write_through(at(s, "out.json"), "new\n", err, sizeof(err)), 0);
	assert_int_equal(stat(at(s, "out.json"), &after), 0);
	assert_string_equal(contents(at(s, "out.json")), "new\n");
	assert_int_not_equal(before.st_ino, after.st_ino);
	assert_int_equal(entries(s), 1);
}

/* A symlink to a file: the target is replaced, the link stays a link;
 * a dangling link gets its target created; a chain is followed. */
static void test_symlink_kept(void **state)
{
	struct scratch *s = *state;
	char err[300];
	struct stat st;

	put_file(at(s, "real.json"), "old\n");
	assert_int_equal(symlink("real.json", at(s, "link.json")), 0);
	assert_int_equal(write_through(at(s, "link.json"), "one\n", err, sizeof(err)), 0);
	assert_int_equal(lstat(at(s, "link.json"), &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_string_equal(contents(at(s, "real.json")), "one\n");

	assert_int_equal(symlink("made.json", at(s, "dangling.json")), 0);
	assert_int_equal(write_through(at(s, "dangling.json"), "two\n", err, sizeof(err)), 0);
	assert_int_equal(lstat(at(s, "dangling.json"), &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_string_equal(contents(at(s, "made.json")), "two\n");

	assert_int_equal(symlink(at(s, "link.json"), at(s, "chain.json")), 0);
	assert_int_equal(write_through(at(s, "chain.json"), "three\n", err, sizeof(err)), 0);
	assert_string_equal(contents(at(s, "real.json")), "three\n");
	assert_int_equal(lstat(at(s, "chain.json"), &st), 0);
	assert_true(S_ISLNK(st.st_mode));

	assert_int_equal(symlink("loop2", at(s, "loop1")), 0);
	assert_int_equal(symlink("loop1", at(s, "loop2")), 0);
	assert_int_equal(write_through(at(s, "loop1"), "x", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "Too many levels of symbolic links"));
}

/* A device is written directly and stays a device; a write error on it
 * (/dev/full) fails the commit with the reason. */
static void test_device(void **state)
{
	char err[300];
	struct stat st;

	(void)state;
	assert_int_equal(write_through("/dev/null", "gone\n", err, sizeof(err)), 0);
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(write_through("/dev/full", "gone\n", err, sizeof(err)), -1);
	assert_string_equal(err, "cannot write /dev/full: No space left on device");
}

/* A FIFO without a reader is refused at once; with one, the data goes
 * straight into it and the FIFO stays. */
static void test_fifo(void **state)
{
	struct scratch *s = *state;
	struct timespec t0, t1;
	char err[300], buf[64];
	struct stat st;
	ssize_t n;
	int rd;

	assert_int_equal(mkfifo(at(s, "fifo"), 0600), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(write_through(at(s, "fifo"), "x", err, sizeof(err)), -1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true(t1.tv_sec - t0.tv_sec < 2);
	assert_non_null(strstr(err, "a FIFO with no reader"));
	rd = open(at(s, "fifo"), O_RDONLY | O_NONBLOCK);
	assert_true(rd >= 0);
	assert_int_equal(write_through(at(s, "fifo"), "through the fifo\n", err, sizeof(err)), 0);
	n = read(rd, buf, sizeof(buf) - 1);
	assert_int_equal(n, 17);
	buf[n] = '\0';
	assert_string_equal(buf, "through the fifo\n");
	close(rd);
	assert_int_equal(lstat(at(s, "fifo"), &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(entries(s), 1);
}

/* Directories and missing directories are refused without leftovers; an
 * abort removes the temporary and leaves an existing target alone. */
static void test_refusals_and_abort(void **state)
{
	struct scratch *s = *state;
	struct outfile o;
	char err[300];

	assert_int_equal(write_through(s->dir, "x", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "is a directory"));
	assert_int_equal(write_through(at(s, "none/out.json"), "x", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "No such file or directory"));
	put_file(at(s, "out.json"), "kept\n");
	assert_int_equal(outfile_open(&o, at(s, "out.json"), err, sizeof(err)), 0);
	fputs("half a document", o.f);
	assert_int_equal(entries(s), 2);
	outfile_abort(&o);
	outfile_abort(&o); /* harmless twice */
	assert_int_equal(entries(s), 1);
	assert_string_equal(contents(at(s, "out.json")), "kept\n");
}

/* The target replaced by a FIFO while the document was written: the
 * commit refuses to rename over it, and the FIFO stays. */
static void test_target_changed(void **state)
{
	struct scratch *s = *state;
	struct outfile o;
	struct stat st;
	char err[300];

	assert_int_equal(outfile_open(&o, at(s, "out.json"), err, sizeof(err)), 0);
	fputs("doc", o.f);
	assert_int_equal(mkfifo(at(s, "out.json"), 0600), 0);
	assert_int_equal(outfile_commit(&o, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "cannot write"));
	assert_int_equal(lstat(at(s, "out.json"), &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(entries(s), 1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_open_regular),
		T(test_read_whole_fifo),
		T(test_new_file),
		T(test_planted_symlink),
		T(test_replace_regular),
		T(test_symlink_kept),
		T(test_device),
		T(test_fifo),
		T(test_refusals_and_abort),
		T(test_target_changed),
	};

	return cmocka_run_group_tests_name("host_files", tests, NULL, NULL);
}
