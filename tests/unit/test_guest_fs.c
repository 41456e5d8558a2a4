/* Unit tests for the guest kernel's file tree (guest/kernel/fs): cpio newc
 * archives are written in memory, unpacked with fs_unpack, and walked with
 * fs_lookup and fs_path. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../guest/kernel/fs/fs.h"
#include "../../guest/kernel/lib/errno.h"

#include "guest_fs_host.h"

/* ---- a cpio newc writer ---- */

#define AR_CAP   (256 * 1024)
#define AR_UID   1000
#define AR_GID   100
#define AR_MTIME 1700000000u

#define S_CHR  0020000u
#define S_BLK  0060000u
#define S_FIFO 0010000u
#define S_SOCK 0140000u

/* Header fields, in archive order. */
enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_DEVMAJOR,
       F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK, F_COUNT };

struct ar {
	uint8_t *buf;      /* page-aligned, AR_CAP bytes */
	size_t len;
	uint32_t ino;
	const char *magic; /* "070701" unless a test changes it */
	bool lower;        /* lower-case hex digits */
};

/* A fresh empty archive; its buffer lives until teardown (trees point into it). */
static struct ar ar_new(void)
{
	struct ar a = { .magic = "070701" };
	void *p;

	if (posix_memalign(&p, 4096, AR_CAP))
		abort();
	memset(p, 0xee, AR_CAP);
	remember(p);
	a.buf = p;
	return a;
}

/* Append n bytes. */
static void ar_put(struct ar *a, const void *p, size_t n)
{
	assert_true(a->len + n <= AR_CAP);
	if (n)
		memcpy(a->buf + a->len, p, n);
	a->len += n;
}

/* Append n NUL bytes. */
static void ar_zeros(struct ar *a, size_t n)
{
	assert_true(a->len + n <= AR_CAP);
	memset(a->buf + a->len, 0, n);
	a->len += n;
}

/* Pad with NULs to a multiple of 4. */
static void ar_align4(struct ar *a)
{
	ar_zeros(a, (4 - a->len % 4) % 4);
}

/* Write the 8 hex digits of value at p. */
static void hex8(const struct ar *a, uint8_t *p, uint32_t value)
{
	char s[9];

	snprintf(s, sizeof(s), a->lower ? "%08x" : "%08X", value);
	memcpy(p, s, 8);
}

/* Append an entry with explicit ino and nlink; returns its offset. */
static size_t ar_entry_ex(struct ar *a, const char *name, uint32_t mode, const void *data,
			  size_t size, uint32_t ino, uint32_t nlink)
{
	size_t start = a->len, namesize = strlen(name) + 1;
	uint32_t f[F_COUNT] = { ino, mode, AR_UID, AR_GID, nlink, AR_MTIME, (uint32_t)size,
				0, 0, 0, 0, (uint32_t)namesize, 0 };

	ar_put(a, a->magic, 6);
	for (int i = 0; i < F_COUNT; i++) {
		ar_zeros(a, 8);
		hex8(a, a->buf + a->len - 8, f[i]);
	}
	ar_put(a, name, namesize);
	ar_align4(a);
	ar_put(a, data, size);
	ar_align4(a);
	return start;
}

/* Append an entry; returns its offset. */
static size_t ar_entry(struct ar *a, const char *name, uint32_t mode, const void *data,
		       size_t size)
{
	return ar_entry_ex(a, name, mode, data, size, ++a->ino, FS_ISDIR(mode) ? 2 : 1);
}

/* Append a regular file holding text. */
static size_t ar_file(struct ar *a, const char *name, const char *text)
{
	return ar_entry(a, name, FS_IFREG | 0644, text, strlen(text));
}

/* Append a directory. */
static size_t ar_dir(struct ar *a, const char *name, uint32_t perm)
{
	return ar_entry(a, name, FS_IFDIR | perm, NULL, 0);
}

/* Append a symlink to target (no NUL stored, as GNU cpio writes it). */
static size_t ar_link(struct ar *a, const char *name, const char *target)
{
	return ar_entry(a, name, FS_IFLNK | 0777, target, strlen(target));
}

/* Append NULs so that the data of a next entry called name starts on a
 * 4096-byte boundary, as cowvisor's packer does; then that entry. */
static size_t ar_page_file(struct ar *a, const char *name, const void *data, size_t size)
{
	size_t head = 110 + strlen(name) + 1;

	head = (head + 3) & ~(size_t)3;
	ar_zeros(a, (4096 - (a->len + head) % 4096) % 4096);
	return ar_entry(a, name, FS_IFREG | 0755, data, size);
}

/* Append the TRAILER!!! entry; returns its offset. */
static size_t ar_trailer(struct ar *a)
{
	return ar_entry_ex(a, "TRAILER!!!", 0, NULL, 0, 0, 1);
}

/* Overwrite field i of the header at offset start. */
static void ar_set_field(struct ar *a, size_t start, int i, uint32_t value)
{
	hex8(a, a->buf + start + 6 + 8 * i, value);
}

/* ---- helpers for checks ---- */

/* The archive of just a TRAILER!!!: unpacks to an empty tree, allocating nothing. */
static const uint8_t empty_archive[] =
	"070701" "00000000" "00000000" "00000000" "00000000" "00000001" "00000000"
	"00000000" "00000000" "00000000" "00000000" "00000000" "0000000B" "00000000"
	"TRAILER!!!\0\0\0\0";

/* Make the tree empty again. */
static void reset_tree(void)
{
	assert_int_equal(fs_unpack(empty_archive, sizeof(empty_archive) - 1, NULL), 0);
}

/* Unpack a, which must succeed. */
static void unpack_ok(const struct ar *a)
{
	const char *why = NULL;

	if (fs_unpack(a->buf, a->len, &why) != 0)
		fail_msg("fs_unpack failed: %s", why ? why : "(no reason)");
}

/* Resolve path, which must succeed. */
static struct fnode *lookup_in(struct fnode *cwd, const char *path, bool follow)
{
	struct fnode *n = NULL;
	int err = fs_lookup(cwd, path, follow, &n);

	if (err)
		fail_msg("fs_lookup(\"%s\") failed: %d", path, err);
	assert_non_null(n);
	return n;
}

/* Resolve path from the root following the last link. */
static struct fnode *get(const char *path)
{
	return lookup_in(NULL, path, true);
}

/* Resolve path from the root without following the last link. */
static struct fnode *lget(const char *path)
{
	return lookup_in(NULL, path, false);
}

/* Fail unless resolving path fails with -err. */
static void lookup_fails(struct fnode *cwd, const char *path, bool follow, int err)
{
	struct fnode *n = (struct fnode *)0x1;
	int got = fs_lookup(cwd, path, follow, &n);

	if (got != -err)
		fail_msg("fs_lookup(\"%.60s\", follow %d) = %d, want %d", path, follow, got, -err);
	assert_ptr_equal(n, (struct fnode *)0x1);
}

/* fs_read's copier into a host buffer (ctx). */
static int copy_out(void *ctx, uint64_t done, void *kbuf, uint32_t n)
{
	memcpy((char *)ctx + done, kbuf, n);
	return 0;
}

/* Fail unless node holds exactly the len bytes at want. */
static void bytes_are(struct fnode *n, const void *want, size_t len)
{
	char *buf = malloc(len + 1);

	assert_int_equal(n->size, len);
	assert_int_equal(fs_read(n, 0, len + 1, copy_out, buf), len);
	assert_memory_equal(buf, want, len);
	free(buf);
}

/* Fail unless node (a file or a symlink) holds exactly text. */
static void data_is(struct fnode *n, const char *text)
{
	if (FS_ISLNK(n->mode)) {
		assert_int_equal(n->size, strlen(text));
		assert_memory_equal(n->link, text, n->size);
		return;
	}
	bytes_are(n, text, strlen(text));
}

/* Where page index of n's data is (NULL: a hole). */
static const uint8_t *page_of(const struct fnode *n, uint64_t index)
{
	return (const uint8_t *)(uintptr_t)fs_pages_get(&n->pages, index);
}

/* Fail unless entry e's name is name. */
static void name_is(const struct fdent *n, const char *name)
{
	assert_int_equal(n->namelen, strlen(name));
	assert_memory_equal(n->name, name, n->namelen);
}

/* Fail unless fs_path gives want for node. */
static void path_is(const struct fnode *n, const char *want)
{
	char buf[FS_PATH_MAX];

	assert_int_equal(fs_path(n, buf, sizeof(buf)), strlen(want));
	assert_string_equal(buf, want);
}

/* The node after n in a walk of the whole tree (NULL at the end). */
static struct fnode *next_node(struct fnode *n)
{
	if (FS_ISDIR(n->mode) && n->child)
		return n->child->node;
	for (; n != fs_root(); n = n->dent->dir)
		if (n->dent->next)
			return n->dent->next->node;
	return NULL;
}

/* An archive with a little of everything, for the fuzz tests. */
static struct ar sample_archive(void)
{
	struct ar a = ar_new();
	static const uint8_t blob[] = { 0x7f, 'E', 'L', 'F', 0, 1, 2, 3 };

	ar_dir(&a, ".", 0755);
	ar_dir(&a, "bin", 0755);
	ar_page_file(&a, "bin/busybox", blob, sizeof(blob));
	ar_link(&a, "bin/sh", "busybox");
	ar_file(&a, "./etc/hostname", "cowvisor\n");
	ar_link(&a, "/lib64", "lib");
	ar_file(&a, "lib/libc.so", "libc");
	ar_link(&a, "usr/lib/libc", "../../lib/libc.so");
	ar_link(&a, "loop", "loop");
	ar_entry(&a, "dev/console", S_CHR | 0600, NULL, 0);
	ar_zeros(&a, 12);
	ar_trailer(&a);
	return a;
}

/* ---- the root before any archive (runs first) ---- */

/* Before fs_unpack the root is an empty directory. */
static void test_root_before_unpack(void **state)
{
	struct fnode *root = fs_root();

	(void)state;
	assert_non_null(root);
	assert_true(FS_ISDIR(root->mode));
	assert_int_equal(root->ino, 1);
	assert_ptr_equal(root->dent->dir, root);
	assert_null(root->child);
	assert_ptr_equal(get("/"), root);
	assert_ptr_equal(get("."), root);
	lookup_fails(NULL, "x", true, ENOENT);
	path_is(root, "/");
}

/* ---- unpacking ---- */

/* Files and directories appear with their data, attributes and order. */
static void test_files_and_dirs(void **state)
{
	struct ar a = ar_new();
	static const char bin[] = { 1, 0, 2, 0, 3 };
	size_t bin_at;
	struct fnode *etc, *host, *tool, *root = fs_root();

	(void)state;
	ar_dir(&a, "etc", 0755);
	ar_file(&a, "etc/hostname", "cowvisor\n");
	ar_file(&a, "hello", "hi");
	ar_dir(&a, "usr", 0755);
	ar_dir(&a, "usr/bin", 0711);
	bin_at = ar_entry(&a, "usr/bin/tool", FS_IFREG | 0755, bin, sizeof(bin));
	ar_file(&a, "empty", "");
	ar_trailer(&a);
	unpack_ok(&a);

	etc = get("/etc");
	assert_int_equal(etc->mode, FS_IFDIR | 0755);
	assert_int_equal(etc->nlink, 2);
	assert_ptr_equal(etc->dent->dir, root);
	host = get("/etc/hostname");
	assert_int_equal(host->mode, FS_IFREG | 0644);
	assert_int_equal(host->uid, AR_UID);
	assert_int_equal(host->gid, AR_GID);
	assert_int_equal(host->mtime.sec, AR_MTIME);
	assert_int_equal(host->nlink, 1);
	assert_ptr_equal(host->dent->dir, etc);
	data_is(host, "cowvisor\n");
	assert_true(page_of(host, 0) < a.buf || page_of(host, 0) >= a.buf + a.len); /* copied */
	data_is(get("/hello"), "hi");
	tool = get("/usr/bin/tool");
	assert_true(page_of(tool, 0) != a.buf + bin_at + 124); /* a partial page: copied */
	assert_int_equal(tool->size, sizeof(bin));
	assert_int_equal(get("/usr/bin")->mode, FS_IFDIR | 0711);
	assert_int_equal(get("/empty")->size, 0);

	name_is(root->child, "etc");
	name_is(root->child->next, "hello");
	name_is(root->child->next->next, "usr");
	name_is(root->child->next->next->next, "empty");
	assert_null(root->child->next->next->next->next);
	assert_ptr_equal(root->dent->dir, root);
}

/* Every node has its own ino, the root 1. */
static void test_inos_unique(void **state)
{
	struct ar a = ar_new();
	uint32_t seen[64] = { 0 };
	int count = 0;

	(void)state;
	ar_file(&a, "a/b/c", "1");
	ar_file(&a, "a/d", "2");
	ar_link(&a, "e", "a");
	ar_dir(&a, "f", 0700);
	ar_trailer(&a);
	unpack_ok(&a);
	assert_int_equal(fs_root()->ino, 1);
	for (struct fnode *n = fs_root(); n; n = next_node(n)) {
		for (int i = 0; i < count; i++)
			assert_int_not_equal(seen[i], n->ino);
		assert_int_not_equal(n->ino, 0);
		seen[count++] = n->ino;
	}
	assert_int_equal(count, 7);
}

/* Parents missing from the archive are made (0755); a later entry for one
 * sets its mode and keeps its contents. */
static void test_implicit_parents(void **state)
{
	struct ar a = ar_new();
	struct fnode *b;

	(void)state;
	ar_file(&a, "a/b/c/file", "deep");
	ar_file(&a, "a/b/other", "x");
	ar_dir(&a, "a/b", 0700);
	ar_trailer(&a);
	unpack_ok(&a);
	assert_int_equal(get("/a")->mode, FS_IFDIR | 0755);
	assert_int_equal(get("/a/b/c")->mode, FS_IFDIR | 0755);
	b = get("/a/b");
	assert_int_equal(b->mode, FS_IFDIR | 0700);
	name_is(b->child, "c");
	name_is(b->child->next, "other");
	data_is(get("/a/b/c/file"), "deep");
	assert_null(get("/a")->child->next);
}

/* "x", "./x", "/x" and stray slashes or dots name the same node; "." is
 * the root and sets its mode and time. */
static void test_name_prefixes(void **state)
{
	struct ar a = ar_new();
	struct fnode *bin, *root = fs_root();
	int n = 0;

	(void)state;
	ar_dir(&a, ".", 0750);
	ar_dir(&a, "./bin", 0755);
	ar_file(&a, "./bin/a", "a");
	ar_file(&a, "/bin/b", "b");
	ar_file(&a, "bin/c", "c");
	ar_file(&a, "//bin/./d/", "d");
	ar_dir(&a, "./", 0750);
	ar_dir(&a, "/", 0750);
	ar_trailer(&a);
	unpack_ok(&a);
	assert_int_equal(root->mode, FS_IFDIR | 0750);
	assert_int_equal(root->mtime.sec, AR_MTIME);
	assert_int_equal(root->ino, 1);
	assert_ptr_equal(root->dent->dir, root);
	bin = get("/bin");
	assert_null(bin->dent->next);
	for (struct fdent *c = bin->child; c; c = c->next)
		n++;
	assert_int_equal(n, 4);
	data_is(get("/bin/a"), "a");
	data_is(get("/bin/b"), "b");
	data_is(get("/bin/c"), "c");
	data_is(get("/bin/d"), "d");
}

/* NUL runs between entries are skipped, and page-aligned data stays where
 * it is in the archive. */
static void test_page_aligned_data(void **state)
{
	struct ar a = ar_new();
	static uint8_t big[5000];
	struct fnode *n;

	(void)state;
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7);
	ar_zeros(&a, 8);
	ar_dir(&a, "bin", 0755);
	ar_page_file(&a, "bin/one", "1234567", 7);
	ar_page_file(&a, "bin/big", big, sizeof(big));
	ar_zeros(&a, 4);
	ar_file(&a, "small", "s");
	ar_page_file(&a, "bin/a-rather-long-name-to-shift-the-header", "x", 1);
	ar_zeros(&a, 4096);
	ar_trailer(&a);
	ar_zeros(&a, 512);
	unpack_ok(&a);
	n = get("/bin/one");
	data_is(n, "1234567");
	n = get("/bin/big");
	bytes_are(n, big, sizeof(big));
	assert_true(page_of(n, 0) > a.buf && page_of(n, 0) < a.buf + a.len); /* a whole page: adopted */
	assert_true(page_of(n, 1) < a.buf || page_of(n, 1) >= a.buf + a.len); /* the partial one: copied */
	data_is(get("/bin/a-rather-long-name-to-shift-the-header"), "x");
	data_is(get("/small"), "s");
}

/* The archive may lie at any address (offsets count from its start). */
static void test_unaligned_archive(void **state)
{
	struct ar a = sample_archive();
	uint8_t *copy = malloc(a.len + 3);

	(void)state;
	assert_non_null(copy);
	remember(copy);
	memcpy(copy + 3, a.buf, a.len);
	assert_int_equal(fs_unpack(copy + 3, a.len, NULL), 0);
	data_is(get("/etc/hostname"), "cowvisor\n");
	assert_int_equal(get("/bin/sh")->size, 8);
}

/* Lower-case hex digits and the "070702" magic are accepted. */
static void test_hex_case_and_crc_magic(void **state)
{
	struct ar a = ar_new();

	(void)state;
	a.lower = true;
	a.magic = "070702";
	ar_entry(&a, "dir", FS_IFDIR | 0755, NULL, 0);
	ar_file(&a, "dir/f", "lower");
	a.lower = false;
	a.magic = "070701";
	ar_file(&a, "dir/g", "upper");
	ar_trailer(&a);
	unpack_ok(&a);
	assert_int_equal(get("/dir")->mode, FS_IFDIR | 0755);
	data_is(get("/dir/f"), "lower");
	data_is(get("/dir/g"), "upper");
}

/* Devices, fifos and sockets are left out. */
static void test_skipped_types(void **state)
{
	struct ar a = ar_new();

	(void)state;
	ar_dir(&a, "dev", 0755);
	ar_entry(&a, "dev/console", S_CHR | 0600, NULL, 0);
	ar_entry(&a, "dev/sda", S_BLK | 0600, NULL, 0);
	ar_entry(&a, "dev/fifo", S_FIFO | 0600, NULL, 0);
	ar_entry(&a, "dev/sock", S_SOCK | 0600, NULL, 0);
	ar_entry(&a, "", S_CHR | 0600, NULL, 0);
	ar_entry(&a, "skipped/../x", S_FIFO | 0600, NULL, 0);
	ar_file(&a, "dev/null-ish", "");
	ar_trailer(&a);
	unpack_ok(&a);
	lookup_fails(NULL, "/dev/console", true, ENOENT);
	lookup_fails(NULL, "/skipped", true, ENOENT);
	name_is(get("/dev")->child, "null-ish");
	assert_null(get("/dev")->child->next);
}

/* A later file replaces an earlier one's data, a later directory entry
 * updates the directory; a non-directory may replace a non-directory. */
static void test_replacing_entries(void **state)
{
	struct ar a = ar_new();
	struct fnode *d, *f;

	(void)state;
	ar_file(&a, "f", "one");
	ar_dir(&a, "d", 0755);
	ar_file(&a, "d/x", "x");
	ar_link(&a, "l", "f");
	ar_file(&a, "f", "two!");
	ar_dir(&a, "d", 0700);
	ar_file(&a, "l", "now a file");
	ar_trailer(&a);
	unpack_ok(&a);
	f = get("/f");
	data_is(f, "two!");
	d = get("/d");
	assert_int_equal(d->mode, FS_IFDIR | 0700);
	data_is(get("/d/x"), "x");
	assert_true(FS_ISREG(lget("/l")->mode));
	data_is(get("/l"), "now a file");
	assert_ptr_equal(fs_root()->child->node, f);
	assert_null(d->dent->next->next);
}

/* Hard links (same ino, nlink > 1) are joined, with the data in the last
 * entry (GNU cpio) or the first (cowvisor); another ino stays apart. */
static void test_hard_links_joined(void **state)
{
	struct ar a = ar_new();

	(void)state;
	ar_entry_ex(&a, "bin/a", FS_IFREG | 0755, NULL, 0, 77, 3);
	ar_entry_ex(&a, "bin/b", FS_IFREG | 0755, NULL, 0, 77, 3);
	ar_entry_ex(&a, "bin/c", FS_IFREG | 0755, "data", 4, 77, 3);
	ar_entry_ex(&a, "x/first", FS_IFREG | 0644, "one", 3, 78, 2);
	ar_entry_ex(&a, "x/second", FS_IFREG | 0644, NULL, 0, 78, 2);
	ar_entry_ex(&a, "x/other", FS_IFREG | 0644, "o", 1, 79, 1);
	ar_trailer(&a);
	unpack_ok(&a);
	data_is(get("/bin/a"), "data");
	data_is(get("/bin/b"), "data");
	data_is(get("/bin/c"), "data");
	assert_int_equal(get("/bin/a")->ino, get("/bin/c")->ino);
	assert_int_equal(get("/bin/b")->ino, get("/bin/c")->ino);
	assert_int_equal(get("/bin/a")->nlink, 3);
	data_is(get("/x/first"), "one");
	data_is(get("/x/second"), "one");
	assert_int_equal(get("/x/first")->ino, get("/x/second")->ino);
	assert_int_not_equal(get("/x/first")->ino, get("/bin/a")->ino);
	assert_int_not_equal(get("/x/other")->ino, get("/x/first")->ino);
}

/* Another archive may follow a trailer (after NUL padding) and adds to the
 * tree, replacing a file's data; hard links do not reach across archives. */
static void test_second_archive(void **state)
{
	struct ar a = ar_new();

	(void)state;
	ar_file(&a, "before", "b");
	ar_entry_ex(&a, "l1", FS_IFREG | 0644, "L", 1, 5, 2);
	ar_trailer(&a);
	ar_zeros(&a, 4096);
	ar_file(&a, "after", "a");
	ar_file(&a, "before", "B2");
	ar_entry_ex(&a, "l2", FS_IFREG | 0644, NULL, 0, 5, 2);
	ar_trailer(&a);
	unpack_ok(&a);
	data_is(get("/before"), "B2");
	data_is(get("/after"), "a");
	assert_int_equal(get("/l2")->size, 0);
	assert_int_not_equal(get("/l1")->ino, get("/l2")->ino);
}

/* A trailer whose padding is cut off by the end of the archive is fine. */
static void test_trailer_without_padding(void **state)
{
	struct ar a = ar_new();
	size_t t;

	(void)state;
	ar_file(&a, "f", "f");
	t = ar_trailer(&a);
	a.len = t + 110 + 11;
	unpack_ok(&a);
	data_is(get("/f"), "f");
}

/* A directory tree deeper than FS_PATH_MAX allows works without recursion. */
static void test_deep_tree(void **state)
{
	enum { DEPTH = 3000 };
	struct ar a = ar_new();
	char *name = malloc(2 * DEPTH + 8), *buf = malloc(3 * DEPTH);
	struct fnode *n = NULL;
	int len;

	(void)state;
	assert_non_null(name);
	assert_non_null(buf);
	for (int i = 0; i < DEPTH; i++)
		memcpy(name + 2 * i, "d/", 2);
	strcpy(name + 2 * DEPTH, "file");
	ar_file(&a, name, "bottom");
	ar_trailer(&a);
	unpack_ok(&a);

	assert_int_equal(fs_lookup(NULL, name, true, &n), -ENAMETOOLONG);
	name[2 * 1000] = '\0';
	for (int i = 0; i < DEPTH / 1000; i++)
		n = lookup_in(n, name, true);
	n = lookup_in(n, "file", true);
	data_is(n, "bottom");
	assert_int_equal(fs_path(n, buf, 4096), -ERANGE);
	len = fs_path(n, buf, 3 * DEPTH);
	assert_int_equal(len, 2 * DEPTH + 5);
	assert_memory_equal(buf, "/d/d/d/", 7);
	assert_string_equal(buf + len - 7, "/d/file");
	free(name);
	free(buf);
}

/* ---- lookup ---- */

/* The tree for the lookup tests. */
static void lookup_tree(void)
{
	static struct ar a;
	static bool made;
	char chain[16], next[8];

	if (made) {
		unpack_ok(&a);
		return;
	}
	a = ar_new();
	ar_file(&a, "hello", "hi");
	ar_file(&a, "etc/hostname", "cowvisor\n");
	ar_file(&a, "bin/busybox", "BB");
	ar_link(&a, "bin/sh", "busybox");
	ar_link(&a, "usr/bin/env", "/bin/busybox");
	ar_file(&a, "lib/libx.so", "X");
	ar_link(&a, "usr/lib/libx", "../../lib/libx.so");
	ar_link(&a, "lib64", "lib");
	ar_link(&a, "dangling", "nowhere");
	ar_link(&a, "loop1", "loop2");
	ar_link(&a, "loop2", "/loop1");
	ar_link(&a, "self", "./self");
	ar_entry(&a, "gen", FS_IFLNK | 0777, "lib", 4); /* gen_init_cpio counts the NUL */
	ar_link(&a, "empty", "");
	ar_link(&a, "fslash", "hello/");
	ar_link(&a, "dslash", "lib/");
	ar_link(&a, "slashes", "//etc//");
	ar_link(&a, "rootlink", "/");
	ar_link(&a, "up", "..");
	ar_link(&a, "etc/up", "../etc/../hello");
	ar_link(&a, "chain/l40", "../hello");
	for (int i = 39; i >= 0; i--) {
		snprintf(chain, sizeof(chain), "chain/l%d", i);
		snprintf(next, sizeof(next), "l%d", i + 1);
		ar_link(&a, chain, next);
	}
	ar_trailer(&a);
	made = true;
	unpack_ok(&a);
}

/* Absolute and relative paths, "." and "..", repeated slashes. */
static void test_lookup_paths(void **state)
{
	struct fnode *etc, *hello;

	(void)state;
	lookup_tree();
	etc = get("/etc");
	hello = get("/hello");
	assert_ptr_equal(get("hello"), hello);
	assert_ptr_equal(get("//etc///hostname"), get("/etc/hostname"));
	assert_ptr_equal(get("/etc/."), etc);
	assert_ptr_equal(get("/etc/./.."), fs_root());
	assert_ptr_equal(get("/etc/../hello"), hello);
	assert_ptr_equal(lookup_in(etc, "hostname", true), get("/etc/hostname"));
	assert_ptr_equal(lookup_in(etc, "../hello", true), hello);
	assert_ptr_equal(lookup_in(etc, "/hello", true), hello);
	assert_ptr_equal(lookup_in(etc, ".", true), etc);
	assert_ptr_equal(lookup_in(hello, "/etc", true), etc);
	lookup_fails(hello, "x", true, ENOTDIR);
	lookup_fails(NULL, "/nope", true, ENOENT);
	lookup_fails(NULL, "/nope/x", true, ENOENT);
	lookup_fails(NULL, "/hello/x", true, ENOTDIR);
	lookup_fails(NULL, "", true, ENOENT);
	lookup_fails(etc, "", false, ENOENT);
}

/* ".." of the root is the root. */
static void test_lookup_dotdot_at_root(void **state)
{
	(void)state;
	lookup_tree();
	assert_ptr_equal(get("/.."), fs_root());
	assert_ptr_equal(get(".."), fs_root());
	assert_ptr_equal(get("../../.."), fs_root());
	assert_ptr_equal(get("/../../etc"), get("/etc"));
	assert_ptr_equal(get("/etc/../../hello"), get("/hello"));
}

/* A trailing slash requires a directory, and follows a last symlink. */
static void test_lookup_trailing_slash(void **state)
{
	(void)state;
	lookup_tree();
	assert_ptr_equal(get("/etc/"), get("/etc"));
	assert_ptr_equal(get("/etc//"), get("/etc"));
	assert_ptr_equal(get("/"), fs_root());
	assert_ptr_equal(get("///"), fs_root());
	lookup_fails(NULL, "/hello/", true, ENOTDIR);
	lookup_fails(NULL, "/hello/", false, ENOTDIR);
	lookup_fails(NULL, "/hello/.", true, ENOTDIR);
	lookup_fails(NULL, "/hello/..", true, ENOTDIR);
	lookup_fails(NULL, "/bin/sh/", false, ENOTDIR);
	lookup_fails(NULL, "/dangling/", false, ENOENT);
	assert_ptr_equal(lget("/lib64/"), get("/lib"));
	assert_ptr_equal(lget("/gen/"), get("/lib"));
}

/* Symlinks: relative to their directory, absolute, with "..", chained. */
static void test_lookup_symlinks(void **state)
{
	struct fnode *busybox, *sh;

	(void)state;
	lookup_tree();
	busybox = get("/bin/busybox");
	sh = lget("/bin/sh");
	assert_true(FS_ISLNK(sh->mode));
	data_is(sh, "busybox");
	assert_ptr_equal(get("/bin/sh"), busybox);
	assert_ptr_equal(get("/usr/bin/env"), busybox);
	assert_ptr_equal(get("/usr/lib/libx"), get("/lib/libx.so"));
	assert_ptr_equal(get("/lib64/libx.so"), get("/lib/libx.so"));
	assert_ptr_equal(lget("/lib64/libx.so"), get("/lib/libx.so"));
	assert_ptr_equal(get("/lib64/../hello"), get("/hello"));
	assert_ptr_equal(get("/up"), fs_root());
	assert_ptr_equal(get("/up/hello"), get("/hello"));
	assert_ptr_equal(get("/etc/up"), get("/hello"));
	assert_ptr_equal(get("/rootlink"), fs_root());
	assert_ptr_equal(get("/rootlink/etc"), get("/etc"));
	assert_ptr_equal(get("/slashes"), get("/etc"));
	assert_ptr_equal(get("/slashes/hostname"), get("/etc/hostname"));
	assert_ptr_equal(get("/dslash"), get("/lib"));
	assert_ptr_equal(lookup_in(get("/usr"), "../bin/sh", true), busybox);
	assert_ptr_equal(lookup_in(get("/etc"), "../usr/bin/env", true), busybox);
}

/* A target stored with its NUL (as gen_init_cpio writes) ends there. */
static void test_lookup_symlink_with_nul(void **state)
{
	(void)state;
	lookup_tree();
	data_is(lget("/gen"), "lib");
	assert_ptr_equal(get("/gen"), get("/lib"));
}

/* Dangling, empty and looping links; follow_last false gives the link. */
static void test_lookup_bad_symlinks(void **state)
{
	(void)state;
	lookup_tree();
	lookup_fails(NULL, "/dangling", true, ENOENT);
	assert_true(FS_ISLNK(lget("/dangling")->mode));
	lookup_fails(NULL, "/dangling/x", false, ENOENT);
	lookup_fails(NULL, "/empty", true, ENOENT);
	assert_int_equal(lget("/empty")->size, 0);
	lookup_fails(NULL, "/loop1", true, ELOOP);
	lookup_fails(NULL, "/loop2/x", false, ELOOP);
	lookup_fails(NULL, "/self", true, ELOOP);
	assert_true(FS_ISLNK(lget("/loop1")->mode));
	assert_true(FS_ISLNK(lget("/self")->mode));
	lookup_fails(NULL, "/fslash", true, ENOTDIR);
	assert_true(FS_ISLNK(lget("/fslash")->mode));
}

/* FS_SYMLOOP_MAX links in a row resolve; one more is -ELOOP. */
static void test_lookup_symlink_limit(void **state)
{
	(void)state;
	lookup_tree();
	assert_ptr_equal(get("/chain/l1"), get("/hello"));
	assert_true(FS_ISLNK(lget("/chain/l0")->mode));
	lookup_fails(NULL, "/chain/l0", true, ELOOP);
	lookup_fails(NULL, "/chain/l0/", false, ELOOP);
}

/* Components up to FS_NAME_MAX and paths shorter than FS_PATH_MAX. */
static void test_lookup_name_lengths(void **state)
{
	struct ar a = ar_new();
	char name[FS_NAME_MAX + 3], path[FS_PATH_MAX + 2];
	size_t len;

	(void)state;
	memset(name, 'n', sizeof(name));
	name[FS_NAME_MAX] = '\0';
	ar_file(&a, name, "longest");
	ar_file(&a, "f", "short");
	ar_trailer(&a);
	unpack_ok(&a);
	data_is(get(name), "longest");
	name[FS_NAME_MAX] = 'n';
	name[FS_NAME_MAX + 1] = '\0';
	lookup_fails(NULL, name, true, ENAMETOOLONG);
	lookup_fails(NULL, "x/../", true, ENOENT);

	/* "//./././.../f": 4095 bytes resolve, 4096 are too long. */
	memcpy(path, "//", 2);
	for (len = 2; len < FS_PATH_MAX - 2; len += 2)
		memcpy(path + len, "./", 2);
	strcpy(path + len, "f");
	assert_int_equal(strlen(path), FS_PATH_MAX - 1);
	data_is(get(path), "short");
	memmove(path + 1, path, strlen(path) + 1);
	assert_int_equal(strlen(path), FS_PATH_MAX);
	lookup_fails(NULL, path, true, ENAMETOOLONG);
}

/* fs_path gives each node's path, which resolves back to the node. */
static void test_fs_path_round_trip(void **state)
{
	char buf[FS_PATH_MAX];
	int count = 0;

	(void)state;
	lookup_tree();
	path_is(fs_root(), "/");
	path_is(get("/etc/hostname"), "/etc/hostname");
	path_is(get("/bin/sh"), "/bin/busybox");
	path_is(lget("/bin/sh"), "/bin/sh");
	for (struct fnode *n = fs_root(); n; n = next_node(n)) {
		int len = fs_path(n, buf, sizeof(buf));

		assert_true(len > 0);
		assert_int_equal(strlen(buf), len);
		assert_ptr_equal(lget(buf), n);
		count++;
	}
	assert_true(count > 50);
}

/* fs_path needs room for the path and its NUL. */
static void test_fs_path_range(void **state)
{
	char buf[32];
	struct fnode *n;

	(void)state;
	lookup_tree();
	n = get("/etc/hostname");
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(fs_path(n, buf, 14), 13);
	assert_string_equal(buf, "/etc/hostname");
	assert_int_equal(fs_path(n, buf, 13), -ERANGE);
	assert_int_equal(fs_path(n, buf, 0), -ERANGE);
	assert_int_equal(fs_path(fs_root(), buf, 2), 1);
	assert_string_equal(buf, "/");
	assert_int_equal(fs_path(fs_root(), buf, 1), -ERANGE);
	assert_int_equal(fs_path(fs_root(), buf, 0), -ERANGE);
}

/* Random paths over a tree of links: no crash, and every result's path
 * resolves back to it. */
static void test_lookup_random_paths(void **state)
{
	static const char *const parts[] = { "a", "b", "c", "l", "m", "up", "..", ".", "" };
	struct ar a = ar_new();
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	char path[256], back[FS_PATH_MAX];
	int resolved = 0;

	(void)state;
	ar_file(&a, "a/b/c", "file");
	ar_link(&a, "a/l", "b");
	ar_link(&a, "a/m", "../a/m");
	ar_link(&a, "a/up", "..");
	ar_link(&a, "b", "a/b");
	ar_link(&a, "l", "/a/l/");
	ar_link(&a, "m", "a/b/c/");
	ar_file(&a, "c", "c");
	ar_link(&a, "a/b/l", "../../l");
	ar_trailer(&a);
	unpack_ok(&a);
	for (int iter = 0; iter < 20000; iter++) {
		struct fnode *n = NULL, *cwd = NULL;
		size_t len = 0;
		int err, parts_n;

		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		if (seed >> 63)
			path[len++] = '/';
		parts_n = 1 + (int)((seed >> 40) % 7);
		for (int i = 0; i < parts_n; i++) {
			const char *p = parts[(seed >> (4 * i)) % 9];

			len += (size_t)snprintf(path + len, sizeof(path) - len, "%s%s", i ? "/" : "", p);
		}
		if ((seed >> 50) % 4 == 0)
			path[len++] = '/';
		path[len] = '\0';
		if ((seed >> 52) % 3 == 0)
			cwd = get("/a/b");
		err = fs_lookup(cwd, path, (seed >> 54) & 1, &n);
		if (err == 0) {
			resolved++;
			assert_true(fs_path(n, back, sizeof(back)) > 0);
			assert_ptr_equal(lget(back), n);
			if (path[len - 1] == '/')
				assert_true(FS_ISDIR(n->mode));
		} else {
			assert_true(err == -ENOENT || err == -ENOTDIR || err == -ELOOP);
		}
	}
	assert_true(resolved > 1000);
}

/* ---- malformed archives ---- */

/* The tree that a rejected archive must leave in place. */
static void sentinel_tree(void)
{
	static struct ar a;
	static bool made;

	if (!made) {
		a = ar_new();
		ar_file(&a, "sentinel", "still here");
		ar_trailer(&a);
		made = true;
	}
	unpack_ok(&a);
}

/* Fail unless unpacking a is refused with a reason containing part, the
 * earlier tree staying in place. */
static void rejects(const struct ar *a, const char *part)
{
	const char *why = NULL;

	sentinel_tree();
	assert_int_equal(fs_unpack(a->buf, a->len, &why), -1);
	assert_non_null(why);
	if (!strstr(why, part))
		fail_msg("reason \"%s\" does not mention \"%s\"", why, part);
	data_is(get("/sentinel"), "still here");
	assert_null(fs_root()->child->next);
	assert_int_equal(fs_unpack(a->buf, a->len, NULL), -1);
}

/* Bytes after a trailer that start no archive are refused, as by Linux. */
static void test_reject_junk_after_trailer(void **state)
{
	struct ar a = ar_new();

	(void)state;
	ar_file(&a, "before", "b");
	ar_trailer(&a);
	ar_put(&a, "junk", 4);
	rejects(&a, "truncated header");
}

/* An archive cut inside a header. */
static void test_reject_truncated_header(void **state)
{
	struct ar a = ar_new();

	(void)state;
	ar_file(&a, "f", "f");
	a.len = 50;
	rejects(&a, "truncated");
	a.len = 0;
	ar_zeros(&a, 8);
	ar_file(&a, "f", "f");
	a.len = 8 + 109;
	rejects(&a, "truncated");
}

/* Magic other than 070701 or 070702 (here the old binary-free "odc" one). */
static void test_reject_bad_magic(void **state)
{
	struct ar a = ar_new();

	(void)state;
	a.magic = "070707";
	ar_file(&a, "f", "f");
	ar_trailer(&a);
	rejects(&a, "magic");
	a = ar_new();
	ar_file(&a, "f", "f");
	ar_put(&a, "0707", 4);
	ar_zeros(&a, 200);
	rejects(&a, "magic");
}

/* A non-hex byte in any of the 13 fields. */
static void test_reject_bad_hex(void **state)
{
	static const char bad[] = { 'g', 'G', ' ', 'x', '\0', '/', ':', '@', '`' };

	(void)state;
	for (int field = 0; field < F_COUNT; field++) {
		struct ar a = ar_new();
		size_t at = ar_file(&a, "file", "data");

		ar_trailer(&a);
		a.buf[at + 6 + 8 * field + field % 8] = (uint8_t)bad[field % sizeof(bad)];
		rejects(&a, "hex");
	}
}

/* Name size 0 (not even the NUL). */
static void test_reject_namesize_zero(void **state)
{
	struct ar a = ar_new();
	size_t at;

	(void)state;
	at = ar_file(&a, "abc", "data");
	ar_trailer(&a);
	ar_set_field(&a, at, F_NAMESIZE, 0);
	rejects(&a, "name size 0");
}

/* A name whose last counted byte is not NUL, or with a NUL inside. */
static void test_reject_name_nul(void **state)
{
	struct ar a = ar_new();
	size_t at;

	(void)state;
	at = ar_file(&a, "abcd", "");
	ar_trailer(&a);
	ar_set_field(&a, at, F_NAMESIZE, 4);
	rejects(&a, "NUL");
	ar_set_field(&a, at, F_NAMESIZE, 5);
	a.buf[at + 110 + 1] = '\0';
	rejects(&a, "NUL");
}

/* A name or data running past the end of the archive. */
static void test_reject_past_the_end(void **state)
{
	static char data[100];
	struct ar a = ar_new();
	size_t at;

	(void)state;
	at = ar_entry(&a, "f", FS_IFREG | 0644, data, sizeof(data));
	a.len = at + 112 + 50;
	rejects(&a, "data runs past the end");
	a.len = at + 112 + 99;
	rejects(&a, "data runs past the end");
	a.len = at + 112;
	rejects(&a, "data runs past the end");
	ar_set_field(&a, at, F_FILESIZE, 0xffffffff);
	a.len = at + 112 + 100;
	rejects(&a, "data runs past the end");
	ar_set_field(&a, at, F_FILESIZE, 100);
	ar_set_field(&a, at, F_NAMESIZE, 0xffffffff);
	rejects(&a, "name runs past the end");
	ar_set_field(&a, at, F_NAMESIZE, 2);
	a.len = at + 111;
	rejects(&a, "name runs past the end");
}

/* No TRAILER!!! entry, or nothing at all. */
static void test_reject_missing_trailer(void **state)
{
	struct ar a = ar_new();

	(void)state;
	rejects(&a, "TRAILER");
	ar_file(&a, "f", "f");
	ar_dir(&a, "d", 0755);
	rejects(&a, "TRAILER");
	ar_zeros(&a, 4096);
	rejects(&a, "TRAILER");
	ar_file(&a, "TRAILER!!!x", "");
	rejects(&a, "TRAILER");
}

/* Paths with a ".." component. */
static void test_reject_dotdot(void **state)
{
	static const char *const names[] = { "..", "../x", "a/../b", "a/..", "./../x", "/.." };

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct ar a = ar_new();

		ar_file(&a, names[i], "x");
		ar_trailer(&a);
		rejects(&a, "..");
	}
}

/* An empty path, and a component over FS_NAME_MAX bytes. */
static void test_reject_bad_names(void **state)
{
	struct ar a = ar_new();
	char name[FS_NAME_MAX + 4];

	(void)state;
	ar_file(&a, "", "x");
	ar_trailer(&a);
	rejects(&a, "empty");
	a = ar_new();
	memset(name, 'n', sizeof(name));
	memcpy(name, "d/", 2);
	name[FS_NAME_MAX + 3] = '\0';
	ar_file(&a, name, "x");
	ar_trailer(&a);
	rejects(&a, "255");
}

/* An entry under a file or a symlink. */
static void test_reject_under_a_file(void **state)
{
	struct ar a = ar_new();

	(void)state;
	ar_file(&a, "f", "f");
	ar_file(&a, "f/x", "x");
	ar_trailer(&a);
	rejects(&a, "non-directory");
	a = ar_new();
	ar_file(&a, "f", "f");
	ar_dir(&a, "f/a/b", 0755);
	ar_trailer(&a);
	rejects(&a, "non-directory");
	a = ar_new();
	ar_dir(&a, "lib", 0755);
	ar_link(&a, "lib64", "lib");
	ar_file(&a, "lib64/x", "x");
	ar_trailer(&a);
	rejects(&a, "non-directory");
}

/* A directory against a non-directory at one path, either way round. */
static void test_reject_type_clash(void **state)
{
	struct ar a = ar_new();

	(void)state;
	ar_file(&a, "x", "x");
	ar_dir(&a, "x", 0755);
	ar_trailer(&a);
	rejects(&a, "directory");
	a = ar_new();
	ar_file(&a, "d/x", "x");
	ar_file(&a, "d", "d");
	ar_trailer(&a);
	rejects(&a, "directory");
	a = ar_new();
	ar_link(&a, ".", "/");
	ar_trailer(&a);
	rejects(&a, "root");
}

/* When fs_alloc runs out, fs_unpack fails cleanly at every allocation. */
static void test_out_of_memory(void **state)
{
	struct ar a = sample_archive();
	const char *why;
	long n;

	(void)state;
	for (n = 0;; n++) {
		int r;

		sentinel_tree();
		allocs_left = n;
		why = NULL;
		r = fs_unpack(a.buf, a.len, &why);
		allocs_left = -1;
		if (r == 0)
			break;
		assert_non_null(why);
		assert_non_null(strstr(why, "memory"));
		data_is(get("/sentinel"), "still here");
	}
	assert_true(n >= 10);
	data_is(get("/etc/hostname"), "cowvisor\n");
}

/* ---- damaged archives ---- */

/* Unpack a copy of data[0..len) in a buffer of exactly that size (so that
 * valgrind sees any read past it), look around in the tree if it was
 * accepted, then free everything. Returns fs_unpack's result. */
static int unpack_damaged(const uint8_t *data, size_t len)
{
	static const char *const paths[] = { "/", "/bin/sh", "/lib64/libc.so", "/usr/lib/libc",
					     "/loop", "/etc/hostname/", "bin/../etc/.", "/dev/console" };
	size_t mark = nallocs;
	uint8_t *copy = malloc(len ? len : 1);
	const char *why = NULL;
	char buf[FS_PATH_MAX];
	int r;

	assert_non_null(copy);
	memcpy(copy, data, len);
	r = fs_unpack(copy, len, &why);
	if (r == 0) {
		for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
			struct fnode *n;

			if (fs_lookup(NULL, paths[i], i % 2, &n) == 0)
				assert_true(fs_path(n, buf, sizeof(buf)) > 0);
		}
		for (struct fnode *n = fs_root(); n; n = next_node(n))
			assert_true(!FS_ISLNK(n->mode) || n->size == 0 ||
				    ((const uint8_t *)n->link >= copy &&
				     (const uint8_t *)n->link + n->size <= copy + len));
	} else {
		assert_int_equal(r, -1);
		assert_non_null(why);
	}
	reset_tree();
	forget_since(mark);
	free(copy);
	return r;
}

/* Every prefix of an archive is refused, until the trailer's name is in. */
static void test_fuzz_truncate(void **state)
{
	struct ar a = sample_archive();
	size_t trailer;

	(void)state;
	trailer = a.len - 124;
	assert_memory_equal(a.buf + trailer + 110, "TRAILER!!!", 11);
	for (size_t len = 0; len <= a.len; len++) {
		int r = unpack_damaged(a.buf, len);

		if (len < trailer + 110 + 11)
			assert_int_equal(r, -1);
		else
			assert_int_equal(r, 0);
	}
}

/* Bytes changed anywhere in an archive never crash fs_unpack. */
static void test_fuzz_flip(void **state)
{
	static const uint8_t xors[] = { 0x01, 0x02, 0x08, 0x10, 0x40, 0x80, 0xff };
	static const uint8_t sets[] = { '0', '1', '7', '8', 'f', 'F', '/', '.', 0 };
	struct ar a = sample_archive();
	int accepted = 0, refused = 0;

	(void)state;
	for (size_t pos = 0; pos < a.len; pos++) {
		uint8_t orig = a.buf[pos];

		for (size_t i = 0; i < sizeof(xors) + sizeof(sets); i++) {
			a.buf[pos] = i < sizeof(xors) ? orig ^ xors[i] : sets[i - sizeof(xors)];
			if (unpack_damaged(a.buf, a.len) == 0)
				accepted++;
			else
				refused++;
		}
		a.buf[pos] = orig;
	}
	assert_true(accepted > 0);
	assert_true(refused > 0);
}

/* ---- big directories: lookup and listing are O(1) per entry ---- */

#define BIG_ENTRIES   100000
#define BIG_CPU_LIMIT 2.0 /* seconds of CPU; quadratic code needs minutes */

/* A newc archive of BIG_ENTRIES empty files "big/fNNNNNN" (in order) in a
 * malloc'd buffer that lives until teardown; its length in *len. */
static uint8_t *big_archive(size_t *len)
{
	size_t cap = (size_t)(BIG_ENTRIES + 2) * 128, at = 0;
	uint8_t *buf = malloc(cap);
	char name[32];

	assert_non_null(buf);
	remember(buf);
	for (int i = 0; i <= BIG_ENTRIES; i++) {
		const char *n = name;
		uint32_t mode = 0100644;
		if (i == BIG_ENTRIES)
			n = "TRAILER!!!", mode = 0;
		else
			snprintf(name, sizeof(name), "big/f%06d", i);
		at += (size_t)sprintf((char *)buf + at, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
				      (unsigned)i + 2, mode, 0u, 0u, 1u, 0u, 0u, 0u, 0u, 0u, 0u,
				      (unsigned)strlen(n) + 1, 0u);
		at += (size_t)sprintf((char *)buf + at, "%s", n) + 1;
		while (at % 4)
			buf[at++] = 0;
	}
	*len = at;
	return buf;
}

/* CPU seconds since start. */
static double cpu_since(clock_t start)
{
	return (double)(clock() - start) / CLOCKS_PER_SEC;
}

/* 100,000 files in one directory: unpacking, looking every one up and
 * listing them all with a cursor stay linear (well under BIG_CPU_LIMIT). */
static void test_big_directory(void **state)
{
	size_t len;
	uint8_t *ar = big_archive(&len);
	struct fs_dir_cursor c = { 0 };
	struct fnode *big, *n;
	struct fdent *e;
	char path[32];
	clock_t start = clock();
	long listed = 0;

	(void)state;
	assert_int_equal(fs_unpack(ar, len, NULL), 0);
	big = get("/big");
	for (int i = 0; i < BIG_ENTRIES; i++) {
		snprintf(path, sizeof(path), "/big/f%06d", i);
		assert_int_equal(fs_lookup(NULL, path, true, &n), 0);
		assert_int_equal(n->ino, big->ino + 1 + (uint32_t)i); /* in archive order */
	}
	assert_int_equal(fs_lookup(NULL, "/big/f100000", true, &n), -ENOENT);
	assert_int_equal(fs_lookup(big, "f099999", true, &n), 0);
	for (uint64_t pos = 2; (e = fs_dir_entry(big, pos, &c)) != NULL; pos = e->cookie + 1) {
		snprintf(path, sizeof(path), "f%06ld", listed);
		assert_int_equal(e->namelen, 7);
		assert_memory_equal(e->name, path, 7);
		listed++;
	}
	assert_int_equal(listed, BIG_ENTRIES);
	if (cpu_since(start) > BIG_CPU_LIMIT)
		fail_msg("100,000 entries took %.2f s of CPU (limit %.1f)", cpu_since(start), BIG_CPU_LIMIT);
	reset_tree();
}

/* The cursor: a listing goes on from where it stopped, a seek backwards or
 * to a far position walks from the first entry, past the end is NULL. */
static void test_dir_cursor(void **state)
{
	struct ar a = ar_new();
	struct fs_dir_cursor c = { 0 }, fresh = { 0 };
	struct fnode *d;

	(void)state;
	ar_dir(&a, "d", 0755);
	ar_file(&a, "d/a", "1");
	ar_file(&a, "d/b", "2");
	ar_file(&a, "d/c", "3");
	ar_trailer(&a);
	unpack_ok(&a);
	d = get("/d");
	name_is(fs_dir_entry(d, 2, &c), "a");
	name_is(fs_dir_entry(d, 3, &c), "b");
	assert_int_equal(c.pos, 3);
	name_is(fs_dir_entry(d, 4, &c), "c");
	assert_null(fs_dir_entry(d, 5, &c));
	assert_null(fs_dir_entry(d, 9, &c));
	name_is(fs_dir_entry(d, 3, &c), "b");      /* backwards: from the start */
	name_is(fs_dir_entry(d, 4, &fresh), "c");  /* a fresh cursor far in */
	assert_null(fs_dir_entry(fs_root(), 2 + 5, &fresh));
	reset_tree();
}

/* Names that share a hash chain are told apart, also across directories;
 * a re-unpacked tree's index replaces the old one. */
static void test_index_same_names(void **state)
{
	struct ar a = ar_new();
	char path[64];
	struct fnode *n;

	(void)state;
	for (int d = 0; d < 40; d++)
		for (int f = 0; f < 40; f++) {
			snprintf(path, sizeof(path), "d%d/f%d", d, f);
			ar_file(&a, path, "x");
		}
	ar_trailer(&a);
	unpack_ok(&a);
	for (int d = 0; d < 40; d++)
		for (int f = 0; f < 40; f++) {
			snprintf(path, sizeof(path), "/d%d/f%d", d, f);
			n = get(path);
			snprintf(path, sizeof(path), "d%d", d);
			assert_int_equal(n->dent->dir->dent->namelen, strlen(path));
			assert_memory_equal(n->dent->dir->dent->name, path, strlen(path));
		}
	assert_int_equal(fs_lookup(NULL, "/d0/f40", true, &n), -ENOENT);
	assert_int_equal(fs_lookup(NULL, "/d40", true, &n), -ENOENT);
	reset_tree();
	assert_int_equal(fs_lookup(NULL, "/d0/f0", true, &n), -ENOENT);
}

/* Free all memory at the end, so that valgrind reports only real leaks. */
static int free_all(void **state)
{
	(void)state;
	reset_tree();
	forget_since(0);
	free(allocs);
	return 0;
}

/* ---- pseudo file systems (/proc) ---- */

/* A pseudo file system for the tests: x (a directory), lnk (a magic link
 * to pseudo_target), nothing else; listing gives x then lnk. Its nodes
 * carry their own names (fdent), as procfs's. */
static struct fnode pseudo_x = { .mode = FS_IFDIR | 0555, .ino = 900, .nlink = 2, .pseudo_node = true };
static struct fnode pseudo_lnk = { .mode = FS_IFLNK | 0777, .ino = 901, .nlink = 1, .pseudo_node = true };
static struct fdent pseudo_x_dent = { .name = "x", .namelen = 1, .node = &pseudo_x };
static struct fdent pseudo_lnk_dent = { .name = "lnk", .namelen = 3, .node = &pseudo_lnk };
static struct fnode *pseudo_target;

static struct fdent *fake_lookup(struct fnode *dir, const char *name, uint64_t len)
{
	if (dir == &pseudo_x)
		return NULL; /* x is empty */
	if (len == 1 && name[0] == 'x')
		return &pseudo_x_dent;
	if (len == 3 && memcmp(name, "lnk", 3) == 0)
		return &pseudo_lnk_dent;
	return NULL;
}

static struct fdent *fake_entry(struct fnode *dir, uint64_t pos)
{
	struct fdent *e = dir == &pseudo_x ? NULL : pos == 2 ? &pseudo_x_dent : pos == 3 ? &pseudo_lnk_dent : NULL;

	if (e)
		e->cookie = pos;
	return e;
}

static int fake_follow(struct fnode *link, struct fnode **out)
{
	assert_ptr_equal(link, &pseudo_lnk);
	*out = pseudo_target;
	return 0;
}

static const struct fs_pseudo fake_pseudo = { fake_lookup, fake_entry, fake_follow };

/* Mount the fake pseudo file system on /mnt of a fresh tree (with a hidden
 * /mnt/hidden and a file /f); returns the mount point. */
static struct fnode *mount_fake(void)
{
	struct ar a = ar_new();
	struct fnode *mnt;

	ar_dir(&a, "mnt", 0555);
	ar_file(&a, "mnt/hidden", "h");
	ar_file(&a, "f", "file");
	ar_trailer(&a);
	unpack_ok(&a);
	mnt = get("/mnt");
	pseudo_x.dent = &pseudo_x_dent;
	pseudo_lnk.dent = &pseudo_lnk_dent;
	pseudo_x_dent.dir = pseudo_lnk_dent.dir = mnt;
	pseudo_x.pseudo = pseudo_lnk.pseudo = &fake_pseudo;
	pseudo_target = get("/f");
	mnt->pseudo = &fake_pseudo;
	return mnt;
}

/* Lookup and listing in a mount point go to its pseudo file system; its
 * magic links lead straight to their node; ".." leaves it; paths of its
 * nodes come from their own names. */
static void test_pseudo_mount(void **state)
{
	struct fs_dir_cursor c = { 0, NULL, 0 };
	struct fnode *mnt;

	(void)state;
	mnt = mount_fake();
	assert_ptr_equal(get("/mnt/x"), &pseudo_x);
	assert_ptr_equal(get("/mnt/x/.."), mnt);
	assert_ptr_equal(get("/mnt/x/../../f"), pseudo_target);
	assert_ptr_equal(lget("/mnt/lnk"), &pseudo_lnk);
	assert_ptr_equal(get("/mnt/lnk"), pseudo_target);
	lookup_fails(NULL, "/mnt/hidden", true, ENOENT);  /* covered by the mount */
	lookup_fails(NULL, "/mnt/lnk/", true, ENOTDIR);   /* leads to a file */
	lookup_fails(NULL, "/mnt/lnk/y", true, ENOTDIR);
	path_is(&pseudo_x, "/mnt/x");
	pseudo_target = get("/mnt");
	assert_ptr_equal(get("/mnt/lnk/x"), &pseudo_x);   /* to a directory: the walk goes on */
	assert_ptr_equal(fs_dir_entry(mnt, 2, &c), &pseudo_x_dent);
	assert_int_equal(pseudo_x_dent.cookie, 2);
	assert_ptr_equal(fs_dir_entry(mnt, 3, &c), &pseudo_lnk_dent);
	assert_null(fs_dir_entry(mnt, 4, &c));
	assert_null(fs_dir_entry(&pseudo_x, 2, &c));
	mnt->pseudo = NULL;
}

/* Nothing is made, linked, removed or renamed inside a pseudo file system,
 * with procfs's errors; its mount point is busy; its nodes are not counted
 * by fs_get/fs_put (nothing frees them), the mount point is. */
static void test_pseudo_refusals(void **state)
{
	struct fnode *mnt, *n, *f;

	(void)state;
	mnt = mount_fake();
	f = get("/f");
	assert_int_equal(fs_create(mnt, "new", 3, FS_IFREG | 0644, 0, NULL, 0, &n), -ENOENT);
	assert_int_equal(fs_create(mnt, "x", 1, FS_IFDIR | 0755, 0, NULL, 0, &n), -EEXIST);
	assert_int_equal(fs_create(&pseudo_x, "y", 1, FS_IFREG | 0644, 0, NULL, 0, &n), -ENOENT);
	lookup_fails(NULL, "/mnt/new", true, ENOENT);
	assert_int_equal(fs_link(f, mnt, "g", 1), -EXDEV);
	assert_int_equal(fs_remove(mnt, "x", 1, true), -EPERM);
	assert_int_equal(fs_remove(mnt, "lnk", 3, false), -EPERM);
	assert_int_equal(fs_remove(mnt, "lnk", 3, true), -ENOTDIR);
	assert_int_equal(fs_remove(mnt, "hidden", 6, false), -ENOENT);
	assert_int_equal(fs_remove(fs_root(), "mnt", 3, true), -EBUSY);
	assert_int_equal(fs_rename(mnt, "x", 1, mnt, "z", 1, false), -ENOENT);
	assert_int_equal(fs_rename(mnt, "x", 1, mnt, "lnk", 3, false), -EPERM);
	assert_int_equal(fs_rename(mnt, "x", 1, fs_root(), "z", 1, false), -EXDEV);
	assert_int_equal(fs_rename(fs_root(), "f", 1, mnt, "f", 1, false), -EXDEV);
	assert_int_equal(fs_rename(fs_root(), "mnt", 3, fs_root(), "m2", 2, false), -EBUSY);
	assert_ptr_equal(get("/mnt/x"), &pseudo_x);
	fs_get(&pseudo_x);
	fs_put(&pseudo_x);
	fs_put(&pseudo_x); /* unbalanced: still nothing happens */
	assert_int_equal(pseudo_x.refs, 0);
	fs_get(mnt);
	assert_int_equal(mnt->refs, 1);
	fs_put(mnt);
	assert_int_equal(mnt->refs, 0);
	mnt->pseudo = NULL;
}

/* Device nodes are made by fs_create with their number, found by lookup
 * and listed last in their directory, as devfs_populate makes /dev's. */
static void test_device_nodes(void **state)
{
	struct ar a = ar_new();
	struct fs_dir_cursor c = { 0, NULL, 0 };
	struct fnode *dev, *null, *fd;

	(void)state;
	ar_dir(&a, "dev", 0755);
	ar_file(&a, "dev/old", "o");
	ar_trailer(&a);
	unpack_ok(&a);
	dev = get("/dev");
	assert_int_equal(fs_create(dev, "null", 4, FS_IFCHR | 0666, 0x103, NULL, 0, &null), 0);
	assert_int_equal(fs_create(dev, "fd", 2, FS_IFLNK | 0777, 0, "/proc/self/fd", 13, &fd), 0);
	assert_ptr_equal(lget("/dev/null"), null);
	assert_true(FS_ISCHR(lget("/dev/null")->mode));
	assert_int_equal(null->rdev, 0x103);
	assert_int_equal(null->nlink, 1);
	path_is(null, "/dev/null");
	assert_ptr_equal(fs_dir_entry(dev, 3, &c)->node, null);
	assert_ptr_equal(lget("/dev/fd"), fd);
	assert_memory_equal(fd->link, "/proc/self/fd", 13);
}

/* Run the tests in order: the first needs the tree not yet unpacked. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_before_unpack),
		cmocka_unit_test(test_files_and_dirs),
		cmocka_unit_test(test_inos_unique),
		cmocka_unit_test(test_implicit_parents),
		cmocka_unit_test(test_name_prefixes),
		cmocka_unit_test(test_page_aligned_data),
		cmocka_unit_test(test_unaligned_archive),
		cmocka_unit_test(test_hex_case_and_crc_magic),
		cmocka_unit_test(test_skipped_types),
		cmocka_unit_test(test_replacing_entries),
		cmocka_unit_test(test_hard_links_joined),
		cmocka_unit_test(test_second_archive),
		cmocka_unit_test(test_reject_junk_after_trailer),
		cmocka_unit_test(test_trailer_without_padding),
		cmocka_unit_test(test_deep_tree),
		cmocka_unit_test(test_lookup_paths),
		cmocka_unit_test(test_lookup_dotdot_at_root),
		cmocka_unit_test(test_lookup_trailing_slash),
		cmocka_unit_test(test_lookup_symlinks),
		cmocka_unit_test(test_lookup_symlink_with_nul),
		cmocka_unit_test(test_lookup_bad_symlinks),
		cmocka_unit_test(test_lookup_symlink_limit),
		cmocka_unit_test(test_lookup_name_lengths),
		cmocka_unit_test(test_fs_path_round_trip),
		cmocka_unit_test(test_fs_path_range),
		cmocka_unit_test(test_lookup_random_paths),
		cmocka_unit_test(test_reject_truncated_header),
		cmocka_unit_test(test_reject_bad_magic),
		cmocka_unit_test(test_reject_bad_hex),
		cmocka_unit_test(test_reject_namesize_zero),
		cmocka_unit_test(test_reject_name_nul),
		cmocka_unit_test(test_reject_past_the_end),
		cmocka_unit_test(test_reject_missing_trailer),
		cmocka_unit_test(test_reject_dotdot),
		cmocka_unit_test(test_reject_bad_names),
		cmocka_unit_test(test_reject_under_a_file),
		cmocka_unit_test(test_reject_type_clash),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_fuzz_truncate),
		cmocka_unit_test(test_fuzz_flip),
		cmocka_unit_test(test_big_directory),
		cmocka_unit_test(test_dir_cursor),
		cmocka_unit_test(test_index_same_names),
		cmocka_unit_test(test_pseudo_mount),
		cmocka_unit_test(test_pseudo_refusals),
		cmocka_unit_test(test_device_nodes),
	};

	return cmocka_run_group_tests(tests, NULL, free_all);
}
