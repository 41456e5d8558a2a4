/* Unit tests for the writable file tree (guest/kernel/fs): the page index
 * of file data, reads, writes and truncation, and the name index,
 * directory lists and cursors while entries are made, removed and renamed.
 * Each test works in its own directory under the (never unpacked) root. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../guest/kernel/fs/fs.h"
#include "../../guest/kernel/lib/errno.h"
#include "guest_fs_host.h"

/* fs_read's copier into a host buffer (ctx). */
static int copy_out(void *ctx, uint64_t done, void *kbuf, uint32_t n)
{
	memcpy((char *)ctx + done, kbuf, n);
	return 0;
}

/* fs_write's copier from a host buffer (ctx). */
static int copy_in(void *ctx, uint64_t done, void *kbuf, uint32_t n)
{
	memcpy(kbuf, (const char *)ctx + done, n);
	return 0;
}

/* A new node of mode called name in dir, which must be made. */
static struct fnode *make(struct fnode *dir, const char *name, uint32_t mode)
{
	struct fnode *n = NULL;

	assert_int_equal(fs_create(dir, name, (uint32_t)strlen(name), mode, 0, NULL, 0, &n), 0);
	assert_non_null(n);
	return n;
}

/* The node called name in dir, or NULL. */
static struct fnode *find(struct fnode *dir, const char *name)
{
	struct fdent *e = fs_find(dir, name, (uint32_t)strlen(name));

	return e ? e->node : NULL;
}

/* Pages set sparsely are found again; the tree grows as needed; trimming
 * frees exactly the pages at and above its start, and every page at 0. */
static void test_page_index(void **state)
{
	static const uint64_t at[] = { 0, 1, 511, 512, 513, 262143, 262144, 1ull << 27 };
	struct fs_pages p = { 0 };
	long live = pages_live;
	uint64_t pa[8];

	(void)state;
	for (int i = 0; i < 8; i++) {
		pa[i] = fs_page_alloc(true);
		assert_int_equal(fs_pages_set(&p, at[i], pa[i]), 0);
	}
	assert_int_equal(p.ndata, 8);
	assert_int_equal(p.height, 4); /* 2^27 pages need four levels of 512 */
	for (int i = 0; i < 8; i++)
		assert_int_equal(fs_pages_get(&p, at[i]), pa[i]);
	assert_int_equal(fs_pages_get(&p, 2), 0);
	assert_int_equal(fs_pages_get(&p, 1ull << 40), 0); /* beyond the tree */
	fs_pages_trim(&p, 512);
	assert_int_equal(p.ndata, 3);
	for (int i = 0; i < 8; i++)
		assert_int_equal(fs_pages_get(&p, at[i]), at[i] < 512 ? pa[i] : 0);
	fs_pages_trim(&p, 0);
	assert_int_equal(p.ndata, 0);
	assert_int_equal(p.root, 0);
	assert_int_equal(p.height, 0);
	assert_int_equal(pages_live, live); /* data and index pages all back */
}

/* Without pages for the index, setting fails and changes nothing. */
static void test_page_index_out_of_pages(void **state)
{
	struct fs_pages p = { 0 };
	uint64_t pa = fs_page_alloc(true);

	(void)state;
	pages_left = 0;
	assert_int_equal(fs_pages_set(&p, 5000, pa), -1);
	pages_left = -1;
	assert_int_equal(fs_pages_get(&p, 5000), 0);
	assert_int_equal(p.ndata, 0);
	fs_pages_trim(&p, 0);
	fs_page_free(pa, true);
}

/* Writes grow the file, holes read as zeros, truncation zeroes the tail
 * of the last page, growth shows zeros; ENOSPC when pages run out, EFBIG
 * past the largest size. */
static void test_read_write_truncate(void **state)
{
	static char buf[20000], back[20000];
	struct fnode *d = make(fs_root(), "rw", FS_IFDIR | 0755);
	struct fnode *f = make(d, "f", FS_IFREG | 0644);

	(void)state;
	memset(buf, 'a', sizeof(buf));
	assert_int_equal(fs_write(f, 10000, 5000, copy_in, buf), 5000);
	assert_int_equal(f->size, 15000);
	assert_int_equal(f->pages.ndata, 2); /* pages 2 and 3 only */
	assert_int_equal(fs_read(f, 0, sizeof(back), copy_out, back), 15000);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(back[i], 0);
	assert_int_equal(back[10000], 'a');
	assert_int_equal(fs_truncate(f, 10010), 0);
	assert_int_equal(f->pages.ndata, 1);
	assert_int_equal(fs_truncate(f, 14000), 0);
	assert_int_equal(fs_read(f, 10000, 4000, copy_out, back), 4000);
	assert_int_equal(back[9], 'a');
	assert_int_equal(back[10], 0); /* the cut bytes came back as zeros */
	assert_int_equal(back[3999], 0);
	pages_left = 1;
	assert_int_equal(fs_write(f, 0, 9000, copy_in, buf), 4096); /* one page, then ENOSPC */
	assert_int_equal(fs_write(f, 4096, 10, copy_in, buf), -ENOSPC);
	pages_left = -1;
	assert_int_equal(fs_write(f, FS_FILE_MAX, 1, copy_in, buf), -EFBIG);
	assert_int_equal(fs_truncate(f, FS_FILE_MAX + 1), -EFBIG);
	assert_int_equal(fs_truncate(f, 0), 0);
	assert_int_equal(f->pages.ndata, 0);
	assert_int_equal(f->pages.root, 0);
}

/* The name index and the directory list stay right while entries come
 * and go: every survivor is found, nothing removed is. */
static void test_names_under_removal(void **state)
{
	struct fnode *d = make(fs_root(), "names", FS_IFDIR | 0755);
	char name[16];

	(void)state;
	for (int i = 0; i < 2000; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		make(d, name, FS_IFREG | 0644);
	}
	for (int i = 0; i < 2000; i += 2) {
		snprintf(name, sizeof(name), "n%d", i);
		assert_int_equal(fs_remove(d, name, (uint32_t)strlen(name), false), 0);
	}
	for (int i = 0; i < 2000; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		if (i % 2)
			assert_non_null(find(d, name));
		else
			assert_null(find(d, name));
	}
	{
		int count = 0;
		for (struct fdent *e = d->child; e; e = e->next, count++)
			assert_true(!e->next || e->next->cookie > e->cookie);
		assert_int_equal(count, 1000);
	}
	for (int i = 1; i < 2000; i += 2) { /* rename each in place, then remove */
		char to[16];
		snprintf(name, sizeof(name), "n%d", i);
		snprintf(to, sizeof(to), "m%d", i);
		assert_int_equal(fs_rename(d, name, (uint32_t)strlen(name), d, to, (uint32_t)strlen(to), false), 0);
		assert_null(find(d, name));
		assert_non_null(find(d, to));
		assert_int_equal(fs_remove(d, to, (uint32_t)strlen(to), false), 0);
	}
	assert_null(d->child);
	assert_null(d->last_child);
	assert_int_equal(fs_remove(fs_root(), "names", 5, true), 0);
}

/* A listing goes on correctly when the entry its cursor is at, and the
 * ones around it, are removed: each survivor is listed once. */
static void test_cursor_under_removal(void **state)
{
	struct fnode *d = make(fs_root(), "cur", FS_IFDIR | 0755);
	struct fs_dir_cursor c = { 0 };
	int seen[10] = { 0 };
	struct fdent *e;
	uint64_t pos = 2;
	char name[8];

	(void)state;
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "e%d", i);
		make(d, name, FS_IFREG | 0644);
	}
	for (int k = 0; k < 3 && (e = fs_dir_entry(d, pos, &c)) != NULL; k++) {
		seen[e->name[1] - '0']++;
		pos = e->cookie + 1;
	}
	fs_remove(d, "e3", 2, false); /* the entry the cursor would return next */
	fs_remove(d, "e2", 2, false); /* the one it is at */
	fs_remove(d, "e4", 2, false);
	make(d, "e2", FS_IFREG | 0644); /* back, at the end */
	while ((e = fs_dir_entry(d, pos, &c)) != NULL) {
		seen[e->name[1] - '0']++;
		pos = e->cookie + 1;
	}
	for (int i = 0; i < 10; i++)
		assert_int_equal(seen[i], i == 3 || i == 4 ? 0 : i == 2 ? 2 : 1); /* e2 twice: a new entry */
}

/* Linux's errors for creating, removing and renaming. */
static void test_tree_errors(void **state)
{
	struct fnode *d = make(fs_root(), "err", FS_IFDIR | 0755), *n = NULL;
	struct fnode *sub = make(d, "sub", FS_IFDIR | 0755), *f = make(d, "f", FS_IFREG | 0644);
	char longname[300];

	(void)state;
	memset(longname, 'x', sizeof(longname));
	assert_int_equal(fs_create(d, "f", 1, FS_IFREG | 0644, 0, NULL, 0, &n), -EEXIST);
	assert_int_equal(fs_create(d, ".", 1, FS_IFDIR | 0755, 0, NULL, 0, &n), -EEXIST);
	assert_int_equal(fs_create(d, longname, 256, FS_IFREG, 0, NULL, 0, &n), -ENAMETOOLONG);
	assert_int_equal(fs_create(f, "x", 1, FS_IFREG, 0, NULL, 0, &n), -ENOTDIR);
	assert_int_equal(fs_create(d, "l", 1, FS_IFLNK | 0777, 0, "", 0, &n), -ENOENT);
	assert_int_equal(d->nlink, 3); /* ".", its name, sub's ".." */
	make(sub, "inner", FS_IFREG | 0644);
	assert_int_equal(fs_remove(d, "sub", 3, true), -ENOTEMPTY);
	assert_int_equal(fs_remove(d, "sub", 3, false), -EISDIR);
	assert_int_equal(fs_remove(d, "f", 1, true), -ENOTDIR);
	assert_int_equal(fs_remove(d, ".", 1, true), -EINVAL);
	assert_int_equal(fs_remove(d, "nope", 4, false), -ENOENT);
	assert_int_equal(fs_rename(fs_root(), "err", 3, sub, "x", 1, false), -EINVAL); /* own subtree */
	assert_int_equal(fs_rename(d, "f", 1, d, "sub", 3, false), -EISDIR);
	assert_int_equal(fs_rename(d, "sub", 3, d, "f", 1, false), -ENOTDIR);
	make(d, "sub2", FS_IFDIR | 0755);
	assert_int_equal(fs_rename(d, "sub2", 4, d, "sub", 3, false), -ENOTEMPTY);
	assert_int_equal(fs_rename(d, "f", 1, d, "g", 1, true), 0);
	assert_int_equal(fs_link(f, d, "h", 1), 0);
	assert_int_equal(f->nlink, 2);
	assert_int_equal(fs_rename(d, "g", 1, d, "h", 1, false), 0); /* the same file: nothing */
	assert_non_null(find(d, "g"));
	assert_int_equal(fs_link(sub, d, "dl", 2), -EPERM);
	assert_int_equal(fs_rename(d, "sub", 3, fs_root(), "moved", 5, false), 0);
	assert_int_equal(d->nlink, 3); /* sub left, sub2 stays */
	assert_ptr_equal(find(fs_root(), "moved"), sub);
}

/* A node with a reference outlives its last name; dropping the reference
 * frees it and its pages. A removed directory keeps ".." to its parent. */
static void test_lifetime(void **state)
{
	struct fnode *d = make(fs_root(), "life", FS_IFDIR | 0755);
	struct fnode *f = make(d, "f", FS_IFREG | 0644), *sub = make(d, "sub", FS_IFDIR | 0755), *n;
	uint64_t nodes = fs_node_count();
	long live = pages_live;
	char buf[100] = "data";
	static char q[8192];

	(void)state;
	memset(q, 'q', sizeof(q));
	assert_int_equal(fs_write(f, 0, sizeof(q), copy_in, q), 8192);
	assert_int_equal(pages_live, live + 3); /* two data pages, one index page */
	fs_get(f);
	assert_int_equal(fs_remove(d, "f", 1, false), 0);
	assert_int_equal(f->nlink, 0);
	assert_int_equal(fs_node_count(), nodes); /* held: still there */
	assert_int_equal(fs_read(f, 0, 4, copy_out, buf), 4);
	assert_memory_equal(buf, "qqqq", 4);
	fs_put(f);
	assert_int_equal(fs_node_count(), nodes - 1);
	assert_int_equal(pages_live, live);
	fs_get(sub);
	assert_int_equal(fs_remove(d, "sub", 3, true), 0);
	assert_int_equal(fs_lookup(sub, "..", true, &n), 0);
	assert_ptr_equal(n, d);
	assert_int_equal(fs_lookup(sub, "x", true, &n), -ENOENT);
	assert_int_equal(fs_path(sub, buf, sizeof(buf)), -ENOENT);
	assert_int_equal(fs_create(sub, "x", 1, FS_IFREG, 0, NULL, 0, &n), -ENOENT);
	fs_put(sub);
	assert_int_equal(fs_node_count(), nodes - 2);
}

/* Free all memory at the end, so that valgrind reports only real leaks. */
static int free_all(void **state)
{
	(void)state;
	forget_since(0);
	free(allocs);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_index),
		cmocka_unit_test(test_page_index_out_of_pages),
		cmocka_unit_test(test_read_write_truncate),
		cmocka_unit_test(test_names_under_removal),
		cmocka_unit_test(test_cursor_under_removal),
		cmocka_unit_test(test_tree_errors),
		cmocka_unit_test(test_lifetime),
	};

	return cmocka_run_group_tests(tests, NULL, free_all);
}
