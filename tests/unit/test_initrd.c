/* Unit tests for the initrd builder and checker (vmm/initrd.c).
 * Host files live in a fresh directory under /tmp, removed afterwards;
 * archives are parsed back here by an independent newc reader. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../vmm/initrd.h"
#include "../../vmm/util.h"

#define MAX_PATHS 32
#define MAX_ENTS  64
#ifndef CPIO
#define CPIO      "/usr/bin/cpio" /* GNU cpio; tests that need it skip without */
#endif

struct fixture {
	char dir[64];
	char path[MAX_PATHS][512]; /* host paths handed out by host() */
	int npath;
	char err[512];
	struct initrd rd;
};

/* One entry as read back from an archive. */
struct ent {
	size_t hdr, data; /* offsets of the header and of the data */
	uint32_t f[13];   /* ino mode uid gid nlink mtime filesize devmajor
			   * devminor rdevmajor rdevminor namesize check */
	char name[4200];
};

struct parsed {
	struct ent e[MAX_ENTS];
	size_t n; /* entries, the trailer included */
};

enum { INO, MODE, UID, GID, NLINK, MTIME, FILESIZE, NAMESIZE = 11, CHECK = 12 };

/* A tiny archive made by hand: "hello" (5 bytes, "world") and the trailer. */
#define SMALL_LEN 248u
#define SMALL_TRAILER 124u

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	strcpy(fx->dir, "/tmp/cv-initrd-XXXXXX");
	if (mkdtemp(fx->dir) == NULL) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

/* nftw callback: remove one file or (emptied) directory. */
static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	initrd_free(&fx->rd);
	nftw(fx->dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(fx);
	return 0;
}

/* A path under the fixture's directory (kept until teardown). */
static const char *host(struct fixture *fx, const char *rel)
{
	char tmp[sizeof(fx->path[0])];
	char *p;

	assert_true(fx->npath < MAX_PATHS);
	p = fx->path[fx->npath++];
	snprintf(tmp, sizeof(tmp), "%s/%s", fx->dir, rel);
	memcpy(p, tmp, sizeof(tmp));
	return p;
}

/* Create the host file rel holding data[0..len); returns its path. */
static const char *mkfile(struct fixture *fx, const char *rel, const void *data, size_t len)
{
	const char *p = host(fx, rel);
	FILE *f = fopen(p, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return p;
}

/* Create a sparse host file of len bytes; returns its path. */
static const char *mksparse(struct fixture *fx, const char *rel, off_t len)
{
	const char *p = host(fx, rel);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, len), 0);
	close(fd);
	return p;
}

/* Fill buf with bytes that depend on seed and position. */
static void pattern(uint8_t *buf, size_t len, uint32_t seed)
{
	uint32_t x = seed * 2654435761u + 1;

	for (size_t i = 0; i < len; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (uint8_t)(x >> 16);
	}
}

/* Fail unless err contains want. */
static void err_has(const char *err, const char *want)
{
	if (strstr(err, want) == NULL)
		fail_msg("error \"%s\" does not contain \"%s\"", err, want);
}

/* Parse 8 hex digits at s (test's own reader). */
static uint32_t hex8(const uint8_t *s)
{
	char buf[9];
	char *end;
	unsigned long v;

	memcpy(buf, s, 8);
	buf[8] = '\0';
	v = strtoul(buf, &end, 16);
	if (end != buf + 8 || buf[0] == '+' || buf[0] == '-' || buf[0] == ' ')
		fail_msg("bad hex field \"%s\"", buf);
	return (uint32_t)v;
}

/* Read the archive entry by entry, up to and with TRAILER!!!. */
static struct parsed *parse(const uint8_t *a, size_t size)
{
	struct parsed *p = calloc(1, sizeof(*p));
	size_t off = 0;

	assert_non_null(p);
	for (;;) {
		struct ent *e = &p->e[p->n++];

		assert_true(p->n <= MAX_ENTS);
		while (off + 4 <= size && memcmp(a + off, "\0\0\0\0", 4) == 0)
			off += 4;
		assert_true(off + 110 <= size);
		assert_memory_equal(a + off, "070701", 6);
		e->hdr = off;
		for (int i = 0; i < 13; i++)
			e->f[i] = hex8(a + off + 6 + 8 * i);
		assert_true(e->f[NAMESIZE] >= 2 && e->f[NAMESIZE] < sizeof(e->name));
		assert_true(off + 110 + e->f[NAMESIZE] <= size);
		assert_int_equal(a[off + 110 + e->f[NAMESIZE] - 1], 0);
		memcpy(e->name, a + off + 110, e->f[NAMESIZE]);
		assert_int_equal(strlen(e->name) + 1, e->f[NAMESIZE]);
		e->data = (off + 110 + e->f[NAMESIZE] + 3) & ~(size_t)3;
		assert_true(e->data + e->f[FILESIZE] <= size);
		if (strcmp(e->name, "TRAILER!!!") == 0)
			return p;
		off = (e->data + e->f[FILESIZE] + 3) & ~(size_t)3;
	}
}

/* The entry named name, which must appear exactly once; its index. */
static size_t find(const struct parsed *p, const char *name)
{
	size_t found = SIZE_MAX;

	for (size_t i = 0; i < p->n; i++) {
		if (strcmp(p->e[i].name, name) != 0)
			continue;
		if (found != SIZE_MAX)
			fail_msg("\"%s\" appears twice", name);
		found = i;
	}
	if (found == SIZE_MAX)
		fail_msg("\"%s\" is not in the archive", name);
	return found;
}

/* Checks for any archive from initrd_build: fixed fields, inode order,
 * directories before their children, file data page-aligned, and the
 * trailer last. */
static void check_common(const struct initrd *rd, const struct parsed *p)
{
	const struct ent *t = &p->e[p->n - 1];

	for (size_t i = 0; i + 1 < p->n; i++) {
		const struct ent *e = &p->e[i];
		char parent[4200];
		char *slash;

		assert_int_equal(e->f[INO], i + 1);
		assert_int_equal(e->f[UID], 0);
		assert_int_equal(e->f[GID], 0);
		assert_int_equal(e->f[MTIME], 0);
		for (int k = 7; k <= 10; k++)
			assert_int_equal(e->f[k], 0);
		assert_int_equal(e->f[CHECK], 0);
		assert_true(e->name[0] != '/' && e->name[0] != '\0');
		if ((e->f[MODE] & 0170000) == 040000) {
			assert_int_equal(e->f[MODE], 040755);
			assert_int_equal(e->f[NLINK], 2);
			assert_int_equal(e->f[FILESIZE], 0);
		} else {
			assert_int_equal(e->f[MODE] & ~07777u, 0100000);
			assert_int_equal(e->f[NLINK], 1);
			if (e->f[FILESIZE] != 0)
				assert_int_equal(e->data % 4096, 0);
		}
		find(p, e->name);
		strcpy(parent, e->name);
		if ((slash = strrchr(parent, '/')) != NULL) {
			*slash = '\0';
			assert_true(find(p, parent) < i);
			assert_int_equal(p->e[find(p, parent)].f[MODE], 040755);
		}
	}
	assert_int_equal(t->f[MODE], 0);
	assert_int_equal(t->f[FILESIZE], 0);
	assert_true(t->data <= rd->size);
	assert_true(rd->size - t->hdr < 128);
}

/* Build the archive from files (must succeed), check it and parse it. */
static struct parsed *build_ok(struct fixture *fx, const struct initrd_file *files, size_t n)
{
	struct parsed *p;

	if (initrd_build(&fx->rd, files, n, fx->err, sizeof(fx->err)) != 0)
		fail_msg("initrd_build failed: %s", fx->err);
	if (initrd_validate(fx->rd.data, fx->rd.size, fx->err, sizeof(fx->err)) != 0)
		fail_msg("initrd_validate refused a built archive: %s", fx->err);
	p = parse(fx->rd.data, fx->rd.size);
	check_common(&fx->rd, p);
	return p;
}

/* Build from files, which must fail with want in the message. */
static void build_fails(struct fixture *fx, const struct initrd_file *files, size_t n,
			const char *want)
{
	fx->rd.data = (uint8_t *)fx; /* must be reset */
	fx->rd.size = 1;
	fx->err[0] = '\0';
	assert_int_equal(initrd_build(&fx->rd, files, n, fx->err, sizeof(fx->err)), -1);
	assert_null(fx->rd.data);
	assert_int_equal(fx->rd.size, 0);
	err_has(fx->err, want);
}

/* Entry e holds exactly data[0..len). */
static void data_is(const struct fixture *fx, const struct ent *e, const void *data, size_t len)
{
	assert_int_equal(e->f[FILESIZE], len);
	assert_memory_equal(fx->rd.data + e->data, data, len);
}

/* One file: its parent, itself and the trailer, its bytes page-aligned. */
static void test_build_one_file(void **state)
{
	struct fixture *fx = *state;
	uint8_t buf[5000];
	struct parsed *p;

	pattern(buf, sizeof(buf), 1);
	const struct initrd_file f[] = { { mkfile(fx, "prog", buf, sizeof(buf)), "/bin/prog", .mode = 0755 } };
	p = build_ok(fx, f, 1);
	assert_int_equal(p->n, 3);
	assert_string_equal(p->e[0].name, "bin");
	assert_string_equal(p->e[1].name, "bin/prog");
	assert_string_equal(p->e[2].name, "TRAILER!!!");
	assert_int_equal(p->e[1].f[MODE], 0100755);
	assert_int_equal(p->e[1].data, 4096);
	data_is(fx, &p->e[1], buf, sizeof(buf));
	free(p);
}

/* Several files: each directory once, in first-needed order, before its
 * children; modes keep only the permission bits. */
static void test_build_tree(void **state)
{
	struct fixture *fx = *state;
	static const char *const order[] = {
		"usr", "usr/bin", "usr/bin/a", "usr/bin/b", "usr/lib", "usr/lib/c",
		"etc", "etc/conf", "top", "usr/lib/x/y", "TRAILER!!!",
	};
	uint8_t d[5][3000];
	struct parsed *p;

	for (int i = 0; i < 5; i++)
		pattern(d[i], sizeof(d[i]), 10 + (uint32_t)i);
	const struct initrd_file f[] = {
		{ mkfile(fx, "a", d[0], 1), "/usr/bin/a", .mode = 0755 },
		{ mkfile(fx, "b", d[1], 3000), "/usr/bin/b", .mode = 0700 },
		{ mkfile(fx, "c", d[2], 4), "/usr/lib/c", .mode = 0644 },
		{ mkfile(fx, "d", d[3], 77), "/etc/conf", .mode = 0600 },
		{ mkfile(fx, "e", d[4], 2999), "/top", .mode = 0104755 },
		{ host(fx, "a"), "/usr/lib/x/y", .mode = 0444 },
	};
	p = build_ok(fx, f, 6);
	assert_int_equal(p->n, 12);
	/* usr/lib/x comes right before usr/lib/x/y */
	for (size_t i = 0, k = 0; i < p->n; i++)
		if (strcmp(p->e[i].name, "usr/lib/x") != 0)
			assert_string_equal(p->e[i].name, order[k++]);
	assert_int_equal(find(p, "usr/lib/x") + 1, find(p, "usr/lib/x/y"));
	data_is(fx, &p->e[find(p, "usr/bin/a")], d[0], 1);
	data_is(fx, &p->e[find(p, "usr/bin/b")], d[1], 3000);
	data_is(fx, &p->e[find(p, "usr/lib/c")], d[2], 4);
	data_is(fx, &p->e[find(p, "etc/conf")], d[3], 77);
	data_is(fx, &p->e[find(p, "top")], d[4], 2999);
	data_is(fx, &p->e[find(p, "usr/lib/x/y")], d[0], 1);
	assert_int_equal(p->e[find(p, "usr/bin/b")].f[MODE], 0100700);
	assert_int_equal(p->e[find(p, "usr/lib/c")].f[MODE], 0100644);
	assert_int_equal(p->e[find(p, "etc/conf")].f[MODE], 0100600);
	assert_int_equal(p->e[find(p, "top")].f[MODE], 0104755); /* set-uid kept */
	assert_int_equal(p->e[find(p, "usr/lib/x/y")].f[MODE], 0100444);
	free(p);
}

/* Sizes around the 4-byte and 4096-byte boundaries all land page-aligned
 * with the right bytes. */
static void test_build_sizes(void **state)
{
	struct fixture *fx = *state;
	static const size_t sizes[] = { 1, 2, 3, 4, 5, 4095, 4096, 4097, 8192, 12345 };
	enum { N = sizeof(sizes) / sizeof(sizes[0]) };
	static uint8_t d[N][12345];
	struct initrd_file f[N] = { 0 };
	char rel[16], guest[32];
	struct parsed *p;

	for (size_t i = 0; i < N; i++) {
		pattern(d[i], sizes[i], 100 + (uint32_t)i);
		snprintf(rel, sizeof(rel), "f%zu", i);
		snprintf(guest, sizeof(guest), "/d/f%zu-%zu", i, sizes[i]);
		f[i].host = mkfile(fx, rel, d[i], sizes[i]);
		f[i].guest = strdup(guest);
		f[i].mode = 0644;
	}
	p = build_ok(fx, f, N);
	assert_int_equal(p->n, N + 2);
	for (size_t i = 0; i < N; i++) {
		data_is(fx, &p->e[i + 1], d[i], sizes[i]);
		free((char *)f[i].guest);
	}
	free(p);
}

/* A host symlink is followed: the guest gets the target's bytes as a
 * regular file. */
static void test_build_symlink_followed(void **state)
{
	struct fixture *fx = *state;
	const char *target = mkfile(fx, "target", "payload", 7);
	const char *link = host(fx, "link");
	struct parsed *p;

	assert_int_equal(symlink(target, link), 0);
	const struct initrd_file f[] = { { link, "/x", .mode = 0755 } };
	p = build_ok(fx, f, 1);
	assert_int_equal(p->e[0].f[MODE], 0100755);
	data_is(fx, &p->e[0], "payload", 7);
	free(p);
}

/* An empty host file becomes an empty guest file. */
static void test_build_empty_file(void **state)
{
	struct fixture *fx = *state;
	struct parsed *p;

	const struct initrd_file f[] = {
		{ mkfile(fx, "empty", "", 0), "/etc/empty", .mode = 0644 },
		{ mkfile(fx, "one", "1", 1), "/etc/one", .mode = 0644 },
	};
	p = build_ok(fx, f, 2);
	assert_int_equal(p->n, 4);
	assert_int_equal(p->e[1].f[FILESIZE], 0);
	assert_int_equal(p->e[1].f[MODE], 0100644);
	data_is(fx, &p->e[2], "1", 1);
	free(p);
}

/* No files: just the trailer. */
static void test_build_no_files(void **state)
{
	struct fixture *fx = *state;
	struct parsed *p = build_ok(fx, NULL, 0);

	assert_int_equal(p->n, 1);
	assert_int_equal(p->e[0].hdr, 0);
	assert_int_equal(fx->rd.size, 124);
	free(p);
}

/* A 255-byte component and a 4095-byte path are allowed. */
static void test_build_long_names(void **state)
{
	struct fixture *fx = *state;
	const char *h = mkfile(fx, "f", "x", 1);
	char comp[300], path[4200];
	struct parsed *p;

	memset(comp, 'c', 255);
	comp[255] = '\0';
	snprintf(path, sizeof(path), "/%s", comp);
	const struct initrd_file f1[] = { { h, path, .mode = 0644 } };
	p = build_ok(fx, f1, 1);
	assert_string_equal(p->e[0].name, comp);
	free(p);
	initrd_free(&fx->rd);

	comp[0] = '/';
	memset(comp + 1, 'd', 100);
	comp[101] = '\0';
	path[0] = '\0';
	while (strlen(path) + 101 <= 4095)
		strcat(path, comp);
	while (strlen(path) < 4095)
		strcat(path, strlen(path) % 50 ? "e" : "/");
	assert_int_equal(strlen(path), 4095);
	const struct initrd_file f2[] = { { h, path, .mode = 0644 } };
	p = build_ok(fx, f2, 1);
	assert_string_equal(p->e[p->n - 2].name, path + 1);
	free(p);
}

/* A missing host file is refused, naming it. */
static void test_build_missing_host(void **state)
{
	struct fixture *fx = *state;
	const struct initrd_file f[] = {
		{ mkfile(fx, "ok", "ok", 2), "/ok", .mode = 0644 },
		{ host(fx, "missing"), "/missing", .mode = 0644 },
	};

	build_fails(fx, f, 2, "No such file or directory");
	err_has(fx->err, f[1].host);
}

/* A host directory, a device and a dangling symlink are refused. */
static void test_build_host_not_file(void **state)
{
	struct fixture *fx = *state;
	const char *dangling = host(fx, "dangling");
	const struct initrd_file dir[] = { { fx->dir, "/d", .mode = 0644 } };
	const struct initrd_file dev[] = { { "/dev/null", "/null", .mode = 0644 } };
	const struct initrd_file dang[] = { { dangling, "/dangling", .mode = 0644 } };

	build_fails(fx, dir, 1, "is a directory");
	err_has(fx->err, fx->dir);
	build_fails(fx, dev, 1, "not a regular file");
	err_has(fx->err, "/dev/null");
	assert_int_equal(symlink("/nonexistent/cv-initrd", dangling), 0);
	build_fails(fx, dang, 1, "No such file or directory");
}

/* An unreadable host file is refused (not testable as root). */
static void test_build_unreadable(void **state)
{
	struct fixture *fx = *state;
	const struct initrd_file f[] = { { mkfile(fx, "secret", "s", 1), "/secret", .mode = 0644 } };

	if (geteuid() == 0) {
		print_message("skipped: root can read any file\n");
		skip();
	}
	assert_int_equal(chmod(f[0].host, 0), 0);
	build_fails(fx, f, 1, "Permission denied");
	err_has(fx->err, f[0].host);
}

/* Guest paths must be absolute and clean, with short components. */
static void test_build_bad_guest_paths(void **state)
{
	struct fixture *fx = *state;
	const char *h = mkfile(fx, "f", "x", 1);
	char longcomp[300] = "/a/", longpath[4200] = "";
	static const struct { const char *guest, *want; } bad[] = {
		{ "relative", "not absolute" },
		{ "bin/prog", "not absolute" },
		{ "", "not absolute" },
		{ "/a/../b", "\"..\"" },
		{ "/..", "\"..\"" },
		{ "/a/..", "\"..\"" },
		{ "/a/./b", "\".\"" },
		{ "/.", "\".\"" },
		{ "/a//b", "empty component" },
		{ "//a", "empty component" },
		{ "/a/", "empty component" },
		{ "/", "names no file" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const struct initrd_file f[] = { { h, bad[i].guest, .mode = 0644 } };

		build_fails(fx, f, 1, bad[i].want);
	}
	memset(longcomp + 3, 'c', 256);
	longcomp[259] = '\0';
	const struct initrd_file f1[] = { { h, longcomp, .mode = 0644 } };
	build_fails(fx, f1, 1, "longer than 255");
	while (strlen(longpath) < 4096)
		strcat(longpath, "/abcdefg");
	longpath[4096] = '\0';
	const struct initrd_file f2[] = { { h, longpath, .mode = 0644 } };
	build_fails(fx, f2, 1, "too long");
	/* "..." and ".x" are ordinary names */
	const struct initrd_file f3[] = { { h, "/.../.x/..y", .mode = 0644 } };
	free(build_ok(fx, f3, 1));
}

/* Two files at one guest path are refused, naming both. */
static void test_build_duplicate(void **state)
{
	struct fixture *fx = *state;
	const struct initrd_file f[] = {
		{ mkfile(fx, "one", "1", 1), "/bin/x", .mode = 0755 },
		{ mkfile(fx, "other", "2", 1), "/etc/y", .mode = 0644 },
		{ host(fx, "other"), "/bin/x", .mode = 0755 },
	};

	build_fails(fx, f, 3, "/bin/x");
	err_has(fx->err, "twice");
	err_has(fx->err, f[0].host);
	err_has(fx->err, f[2].host);
}

/* A file cannot be a directory for a later file, nor take a directory's
 * place. */
static void test_build_file_dir_clash(void **state)
{
	struct fixture *fx = *state;
	const char *h = mkfile(fx, "f", "x", 1);
	const struct initrd_file under[] = { { h, "/bin/x", .mode = 0755 }, { h, "/bin/x/y", .mode = 0755 } };
	const struct initrd_file deep[] = { { h, "/a", .mode = 0755 }, { h, "/a/b/c", .mode = 0755 } };
	const struct initrd_file over[] = { { h, "/bin/x/y", .mode = 0755 }, { h, "/bin/x", .mode = 0755 } };
	const struct initrd_file top[] = { { h, "/bin/x/y", .mode = 0755 }, { h, "/bin", .mode = 0755 } };

	build_fails(fx, under, 2, "\"/bin/x\" is a file");
	build_fails(fx, deep, 2, "\"/a\" is a file");
	build_fails(fx, over, 2, "/bin/x: that guest path is a directory");
	build_fails(fx, top, 2, "/bin: that guest path is a directory");
}

/* A host file over 1 GiB is refused without reading it. */
static void test_build_host_too_large(void **state)
{
	struct fixture *fx = *state;
	const struct initrd_file f[] = { { mksparse(fx, "big", (1 << 30) + 1), "/big", .mode = 0644 } };

	build_fails(fx, f, 1, "larger than 1024 MiB");
	err_has(fx->err, f[0].host);
}

/* Files that together exceed 1 GiB are refused before any is read. */
static void test_build_total_too_large(void **state)
{
	struct fixture *fx = *state;
	const struct initrd_file f[] = {
		{ mksparse(fx, "a", 600 << 20), "/a", .mode = 0644 },
		{ mksparse(fx, "b", 600 << 20), "/b", .mode = 0644 },
	};

	build_fails(fx, f, 2, "larger than 1024 MiB");
}

/* Append one newc entry (header, name, data, padding) at *len. */
static void put(uint8_t *a, size_t *len, const char *name, uint32_t mode, const void *data,
		uint32_t size)
{
	size_t nsz = strlen(name) + 1;

	sprintf((char *)a + *len, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		1u, mode, 0u, 0u, 1u, 0u, size, 0u, 0u, 0u, 0u, (uint32_t)nsz, 0u);
	memcpy(a + *len + 110, name, nsz);
	*len = (*len + 110 + nsz + 3) & ~(size_t)3;
	memcpy(a + *len, data, size);
	*len = (*len + size + 3) & ~(size_t)3;
}

/* The hand-made archive: "hello" holding "world", then the trailer. */
static void small(uint8_t a[SMALL_LEN + 16])
{
	size_t len = 0;

	memset(a, 0, SMALL_LEN + 16);
	put(a, &len, "hello", 0100644, "world", 5);
	assert_int_equal(len, SMALL_TRAILER);
	put(a, &len, "TRAILER!!!", 0, "", 0);
	assert_int_equal(len, SMALL_LEN);
}

/* Overwrite field i (0-based after the magic) of the header at hdr. */
static void set_field(uint8_t *a, size_t hdr, int i, const char *eight)
{
	memcpy(a + hdr + 6 + 8 * i, eight, 8);
}

/* validate(a, len) must fail with want in the message. */
static void invalid(const uint8_t *a, size_t len, const char *want)
{
	char err[256] = "";

	assert_int_equal(initrd_validate(a, len, err, sizeof(err)), -1);
	err_has(err, want);
}

/* Hand-made archives, with NUL words between entries, are accepted;
 * trailing bytes after the trailer are ignored. */
static void test_validate_accepts(void **state)
{
	uint8_t a[1024] = { 0 };
	size_t len = 0;
	char err[256];

	(void)state;
	small(a);
	assert_int_equal(initrd_validate(a, SMALL_LEN, err, sizeof(err)), 0);
	assert_int_equal(initrd_validate(a, SMALL_LEN + 16, err, sizeof(err)), 0);
	memset(a, 0, sizeof(a));
	len = 8;
	put(a, &len, "d", 040755, "", 0);
	len += 64;
	put(a, &len, "d/f", 0100644, "abc", 3);
	len += 4;
	put(a, &len, "TRAILER!!!", 0, "", 0);
	assert_int_equal(initrd_validate(a, len, err, sizeof(err)), 0);
	/* lowercase hex digits are accepted, as by Linux */
	set_field(a, 8, 1, "000041ed");
	assert_int_equal(initrd_validate(a, len, err, sizeof(err)), 0);
	/* and the crc format's magic, whose checksum is not checked: the
	 * kernel unpacks it (guest/common/newc.c) */
	a[8 + 5] = '2';
	assert_int_equal(initrd_validate(a, len, err, sizeof(err)), 0);
}

/* Every truncation is refused but one in the trailer's last padding,
 * which the kernel's reader (guest/common/newc.c) takes, as Linux does. */
static void test_validate_truncated(void **state)
{
	static const size_t cuts[] = { 0, 1, 4, 6, 50, 109, 110, 115, 116, 118, 120, 121,
				       124, 125, 200, 233, 234, 235, 240, 244 };
	char err[256];
	uint8_t a[SMALL_LEN + 16];

	(void)state;
	small(a);
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++)
		invalid(a, cuts[i], "at offset");
	invalid(a, 0, "at offset 0: the archive ends without a TRAILER!!!");
	invalid(a, 50, "at offset 0: truncated header");
	invalid(a, 118, "at offset 0: the data (5 bytes) runs past the end");
	invalid(a, 200, "at offset 124: truncated header");
	invalid(a, 233, "at offset 124: truncated header");
	invalid(a, 240, "at offset 124: the name (11 bytes) runs past the end");
	for (size_t cut = 245; cut < SMALL_LEN; cut++) /* TRAILER!!! and its NUL, not the padding */
		assert_int_equal(initrd_validate(a, cut, err, sizeof(err)), 0);
}

/* Truncations of a built archive (in headers, padding and data) are
 * refused too. */
static void test_validate_truncated_built(void **state)
{
	struct fixture *fx = *state;
	uint8_t buf[6000];

	pattern(buf, sizeof(buf), 7);
	const struct initrd_file f[] = { { mkfile(fx, "f", buf, sizeof(buf)), "/a/f", .mode = 0644 } };
	free(build_ok(fx, f, 1));
	for (size_t cut = 0; cut < fx->rd.size - 3; cut += (cut < 300 ? 1 : 97))
		invalid(fx->rd.data, cut, "at offset");
	invalid(fx->rd.data, 2000, "archive ends without a TRAILER!!!");
	invalid(fx->rd.data, fx->rd.size - 4, "at offset");
}

/* A bad magic number is refused with its offset. */
static void test_validate_bad_magic(void **state)
{
	uint8_t a[SMALL_LEN + 16];

	(void)state;
	small(a);
	a[5] = '3'; /* 070701 and 070702 (the crc format) are newc */
	invalid(a, SMALL_LEN, "at offset 0: bad magic");
	small(a);
	memcpy(a + SMALL_TRAILER, "07070", 5);
	a[SMALL_TRAILER + 5] = 'X';
	invalid(a, SMALL_LEN, "at offset 124: bad magic");
	small(a);
	a[SMALL_TRAILER] = '\0'; /* a lone NUL is not padding */
	invalid(a, SMALL_LEN, "at offset 124: bad magic");
	small(a);
	memmove(a + 2, a, SMALL_LEN);  /* 2 NULs: not 4-byte padding */
	a[0] = a[1] = 0;
	invalid(a, SMALL_LEN + 2, "at offset 0: bad magic");
}

/* A field with a non-hex character is refused, whichever it is. */
static void test_validate_non_hex(void **state)
{
	static const char *const bad[] = { "0000000G", "-0000001", " 0000001", "+0000001",
					   "0x000001", "0000 001" };
	static const char *const names[] = { "ino", "mode", "uid", "gid", "nlink", "mtime",
					     "filesize", "devmajor", "devminor", "rdevmajor",
					     "rdevminor", "namesize", "check" };
	uint8_t a[SMALL_LEN + 16];
	char want[64];

	(void)state;
	for (int i = 0; i < 13; i++) {
		small(a);
		set_field(a, 0, i, bad[i % 6]);
		snprintf(want, sizeof(want), "at offset 0: field %s is not", names[i]);
		invalid(a, SMALL_LEN, want);
	}
	small(a);
	set_field(a, SMALL_TRAILER, 12, "zzzzzzzz");
	invalid(a, SMALL_LEN, "at offset 124: field check");
}

/* An archive without TRAILER!!! is refused, with or without NULs at its
 * end. */
static void test_validate_no_trailer(void **state)
{
	uint8_t a[SMALL_LEN + 16];

	(void)state;
	small(a);
	invalid(a, SMALL_TRAILER, "at offset 124: the archive ends without a TRAILER!!! entry");
	memset(a + SMALL_TRAILER, 0, 16);
	invalid(a, SMALL_TRAILER + 16, "at offset 140: the archive ends without");
	small(a);
	memcpy(a + SMALL_TRAILER + 110, "TRAILER!!?", 10); /* another name */
	invalid(a, SMALL_LEN, "at offset 248: the archive ends without");
}

/* Name size 0 is refused; 1 is an empty name, whose one byte must be the
 * NUL (the kernel refuses the empty path when it unpacks). */
static void test_validate_namesize_small(void **state)
{
	uint8_t a[SMALL_LEN + 16];

	(void)state;
	small(a);
	set_field(a, 0, NAMESIZE, "00000000");
	invalid(a, SMALL_LEN, "at offset 0: name size 0");
	small(a);
	set_field(a, 0, NAMESIZE, "00000001");
	invalid(a, SMALL_LEN, "at offset 0: the name does not end with a NUL");
}

/* A name must end with its NUL and hold no other. */
static void test_validate_name_nul(void **state)
{
	uint8_t a[SMALL_LEN + 16];

	(void)state;
	small(a);
	a[110 + 5] = 'x'; /* "hellox", no NUL */
	invalid(a, SMALL_LEN, "at offset 0: the name does not end with a NUL");
	small(a);
	set_field(a, 0, NAMESIZE, "00000005"); /* "hell" + 'o' where the NUL goes */
	invalid(a, SMALL_LEN, "at offset 0: the name does not end with a NUL");
	small(a);
	a[110 + 2] = '\0'; /* "he\0lo\0" */
	invalid(a, SMALL_LEN, "at offset 0: the name contains a NUL");
	small(a);
	set_field(a, SMALL_TRAILER, NAMESIZE, "000000FF"); /* past the end */
	invalid(a, SMALL_LEN, "at offset 124: the name (255 bytes) runs past the end");
	small(a);
	set_field(a, 0, NAMESIZE, "FFFFFFFF");
	invalid(a, SMALL_LEN, "at offset 0: the name (4294967295 bytes) runs past the end");
}

/* A file size pointing past the end, even by one byte or by 4 GiB, is
 * refused. */
static void test_validate_filesize(void **state)
{
	uint8_t a[SMALL_LEN + 16];

	(void)state;
	small(a);
	set_field(a, 0, FILESIZE, "00000100");
	invalid(a, SMALL_LEN, "at offset 0: the data (256 bytes) runs past the end");
	small(a);
	set_field(a, 0, FILESIZE, "FFFFFFFF");
	invalid(a, SMALL_LEN, "at offset 0: the data (4294967295 bytes) runs past the end");
	small(a);
	set_field(a, SMALL_TRAILER, FILESIZE, "00000001");
	invalid(a, SMALL_LEN, "at offset 124: the data (1 bytes) runs past the end");
	small(a);
	set_field(a, SMALL_TRAILER, FILESIZE, "FFFFFFFF");
	invalid(a, SMALL_LEN, "at offset 124: the data");
	/* a larger size that still fits just swallows the trailer */
	small(a);
	set_field(a, 0, FILESIZE, "00000084");
	invalid(a, SMALL_LEN, "the archive ends without");
}

/* Write len bytes to the fixture file rel; returns its path. */
static const char *save(struct fixture *fx, const char *rel, const void *data, size_t len)
{
	return mkfile(fx, rel, data, len);
}

/* initrd_load reads and checks a file, naming it in errors. */
static void test_load(void **state)
{
	struct fixture *fx = *state;
	struct initrd rd = { 0 };
	uint8_t a[SMALL_LEN + 16];
	const char *good, *bad;

	small(a);
	good = save(fx, "good.cpio", a, SMALL_LEN);
	assert_int_equal(initrd_load(&rd, good, fx->err, sizeof(fx->err)), 0);
	assert_int_equal(rd.size, SMALL_LEN);
	assert_memory_equal(rd.data, a, SMALL_LEN);
	initrd_free(&rd);
	assert_null(rd.data);
	assert_int_equal(rd.size, 0);

	a[0] = 'X';
	bad = save(fx, "bad.cpio", a, SMALL_LEN);
	rd.data = (uint8_t *)fx;
	assert_int_equal(initrd_load(&rd, bad, fx->err, sizeof(fx->err)), -1);
	assert_null(rd.data);
	err_has(fx->err, bad);
	err_has(fx->err, "at offset 0: bad magic");

	assert_int_equal(initrd_load(&rd, host(fx, "none.cpio"), fx->err, sizeof(fx->err)), -1);
	err_has(fx->err, "none.cpio: No such file or directory");
	assert_int_equal(initrd_load(&rd, save(fx, "empty.cpio", "", 0), fx->err,
				     sizeof(fx->err)), -1);
	err_has(fx->err, "empty.cpio: is empty");
	assert_int_equal(initrd_load(&rd, fx->dir, fx->err, sizeof(fx->err)), -1);
	err_has(fx->err, "is a directory");
	assert_null(rd.data);
}

/* A built archive saved to disk loads back byte for byte. */
static void test_load_built(void **state)
{
	struct fixture *fx = *state;
	struct initrd rd = { 0 };
	const struct initrd_file f[] = { { mkfile(fx, "f", "contents", 8), "/etc/f", .mode = 0644 } };

	free(build_ok(fx, f, 1));
	assert_int_equal(initrd_load(&rd, save(fx, "b.cpio", fx->rd.data, fx->rd.size), fx->err,
				     sizeof(fx->err)), 0);
	assert_int_equal(rd.size, fx->rd.size);
	assert_memory_equal(rd.data, fx->rd.data, rd.size);
	initrd_free(&rd);
}

/* initrd_free zeroes the struct and is harmless twice. */
static void test_initrd_free(void **state)
{
	struct initrd rd = { malloc(16), 16 };

	(void)state;
	initrd_free(&rd);
	assert_null(rd.data);
	assert_int_equal(rd.size, 0);
	initrd_free(&rd);
}

/* Is GNU cpio there? Says why not if it is missing. */
static bool have_cpio(void)
{
	if (access(CPIO, X_OK) == 0)
		return true;
	print_message("skipped: GNU cpio is not installed (" CPIO ")\n");
	return false;
}

/* Run a shell command in dir; its exit status. */
static int run_in(const char *dir, const char *fmt, ...)
{
	char cmd[2048];
	int n = snprintf(cmd, sizeof(cmd), "cd '%s' && ", dir);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd + n, sizeof(cmd) - (size_t)n, fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* An archive from `find . | cpio -o -H newc` validates and loads. */
static void test_cpio_archive_validates(void **state)
{
	struct fixture *fx = *state;
	struct initrd rd = { 0 };
	uint8_t buf[9000];
	struct parsed *p;

	if (!have_cpio())
		skip();
	pattern(buf, sizeof(buf), 3);
	assert_int_equal(mkdir(host(fx, "tree"), 0755), 0);
	assert_int_equal(mkdir(host(fx, "tree/sub"), 0755), 0);
	mkfile(fx, "tree/a.txt", "hello\n", 6);
	mkfile(fx, "tree/sub/b.bin", buf, sizeof(buf));
	mkfile(fx, "tree/sub/empty", "", 0);
	assert_int_equal(symlink("a.txt", host(fx, "tree/link")), 0);
	assert_int_equal(run_in(fx->dir, "cd tree && find . | " CPIO " -o -H newc > ../t.cpio"
				" 2>/dev/null"), 0);
	if (initrd_load(&rd, host(fx, "t.cpio"), fx->err, sizeof(fx->err)) != 0)
		fail_msg("initrd_load refused cpio's archive: %s", fx->err);
	p = parse(rd.data, rd.size);
	assert_int_equal(p->e[find(p, ".")].f[MODE] & 0170000, 040000);
	assert_int_equal(p->e[find(p, "sub/b.bin")].f[FILESIZE], sizeof(buf));
	assert_memory_equal(rd.data + p->e[find(p, "sub/b.bin")].data, buf, sizeof(buf));
	assert_int_equal(p->e[find(p, "sub/empty")].f[FILESIZE], 0);
	assert_memory_equal(rd.data + p->e[find(p, "link")].data, "a.txt", 5);
	assert_int_equal(p->e[find(p, "link")].f[MODE] & 0170000, 0120000);
	free(p);
	initrd_free(&rd);
}

/* Does the file at path hold exactly data[0..len)? */
static void file_is(const char *path, const void *data, size_t len)
{
	char why[128];
	size_t got = 0;
	void *buf = read_whole_file(path, 1 << 20, &got, why, sizeof(why));

	if (buf == NULL)
		fail_msg("%s: %s", path, why);
	assert_int_equal(got, len);
	assert_memory_equal(buf, data, len);
	free(buf);
}

/* GNU cpio lists and extracts an archive from initrd_build despite the NUL
 * padding, and gets the same bytes and modes back. */
static void test_cpio_reads_built(void **state)
{
	struct fixture *fx = *state;
	static const char *const names[] = { "bin", "bin/prog", "etc", "etc/deep",
					     "etc/deep/conf", "top" };
	char list[4096] = "\n", want[64];
	uint8_t buf[10000];
	struct stat st;
	size_t len;
	FILE *f;

	if (!have_cpio())
		skip();
	pattern(buf, sizeof(buf), 5);
	const struct initrd_file files[] = {
		{ mkfile(fx, "prog", buf, sizeof(buf)), "/bin/prog", .mode = 0755 },
		{ mkfile(fx, "conf", "k=v\n", 4), "/etc/deep/conf", .mode = 0600 },
		{ mkfile(fx, "top", "t", 1), "/top", .mode = 0644 },
	};
	free(build_ok(fx, files, 3));
	save(fx, "built.cpio", fx->rd.data, fx->rd.size);
	run_in(fx->dir, CPIO " -i -t < built.cpio > list 2> list.err");
	f = fopen(host(fx, "list"), "r");
	assert_non_null(f);
	len = fread(list + 1, 1, sizeof(list) - 2, f);
	fclose(f);
	list[len + 1] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(want, sizeof(want), "\n%s\n", names[i]);
		if (strstr(list, want) == NULL)
			fail_msg("cpio -t did not list %s:%s", names[i], list);
	}
	assert_int_equal(mkdir(host(fx, "out"), 0755), 0);
	run_in(fx->dir, "cd out && " CPIO " -i -d < ../built.cpio 2>/dev/null");
	file_is(host(fx, "out/bin/prog"), buf, sizeof(buf));
	file_is(host(fx, "out/etc/deep/conf"), "k=v\n", 4);
	file_is(host(fx, "out/top"), "t", 1);
	assert_int_equal(stat(host(fx, "out/bin/prog"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);
	assert_int_equal(stat(host(fx, "out/etc/deep/conf"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_build_one_file),
		T(test_build_tree),
		T(test_build_sizes),
		T(test_build_symlink_followed),
		T(test_build_empty_file),
		T(test_build_no_files),
		T(test_build_long_names),
		T(test_build_missing_host),
		T(test_build_host_not_file),
		T(test_build_unreadable),
		T(test_build_bad_guest_paths),
		T(test_build_duplicate),
		T(test_build_file_dir_clash),
		T(test_build_host_too_large),
		T(test_build_total_too_large),
		T(test_validate_accepts),
		T(test_validate_truncated),
		T(test_validate_truncated_built),
		T(test_validate_bad_magic),
		T(test_validate_non_hex),
		T(test_validate_no_trailer),
		T(test_validate_namesize_small),
		T(test_validate_name_nul),
		T(test_validate_filesize),
		T(test_load),
		T(test_load_built),
		T(test_initrd_free),
		T(test_cpio_archive_validates),
		T(test_cpio_reads_built),
	};

	return cmocka_run_group_tests_name("initrd", tests, NULL, NULL);
}
