/* Fuzz target: the guest kernel's initrd parser (guest/kernel/fs/cpio.c
 * fs_unpack) and path lookup (lookup.c fs_lookup, fs_path), compiled for
 * the host, on arbitrary bytes as the archive. Nodes point into the
 * archive, so an out-of-bounds read anywhere shows up under ASan. After a
 * successful unpack every node is looked up: by its own path (which must
 * find it again, unless the path is too long), by that path with symlinks
 * followed, relative to each directory, and by each symlink's target; and
 * a few fixed paths are tried. The tree is dropped after each input. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../guest/kernel/fs/fs.h"
#include "../../guest/kernel/lib/errno.h"

#define MAX_NODES 4096 /* nodes checked per input */

static void **allocs;
static size_t nallocs, allocs_cap;

/* The tree's allocator on the host: zeroed memory, freed after each input. */
void *fs_alloc(uint64_t size)
{
	void *p;

	if (nallocs == allocs_cap) {
		size_t cap = allocs_cap ? allocs_cap * 2 : 1024;
		void **a = realloc(allocs, cap * sizeof(*a));

		if (a == NULL)
			return NULL;
		allocs = a;
		allocs_cap = cap;
	}
	p = calloc(1, size);
	if (p != NULL)
		allocs[nallocs++] = p;
	return p;
}

/* Put back the empty root and free every node. */
static void drop_tree(void)
{
	struct fnode *root = fs_root();

	memset(root, 0, sizeof(*root));
	root->mode = FS_IFDIR | 0755;
	root->ino = 1;
	root->nlink = 2;
	root->parent = root;
	while (nallocs > 0)
		free(allocs[--nallocs]);
}

/* Abort with a message: a finding for libFuzzer. */
static void die(const char *what, const char *path, int rc)
{
	fprintf(stderr, "fuzz_guest_cpio: %s (path \"%s\", result %d)\n", what, path, rc);
	abort();
}

/* A lookup's result must be a known error or a node. */
static void check_result(const char *path, int rc, struct fnode *out)
{
	if (rc == 0 && out == NULL)
		die("lookup succeeded without a node", path, rc);
	if (rc != 0 && rc != -ENOENT && rc != -ENOTDIR && rc != -ELOOP && rc != -ENAMETOOLONG)
		die("lookup failed with an unexpected error", path, rc);
	if (rc == 0 && out->parent == NULL)
		die("lookup found a node without a parent", path, rc);
}

/* Look path up from cwd both ways (following the last link or not). */
static void lookup_both(struct fnode *cwd, const char *path)
{
	struct fnode *out = NULL;
	int rc;
	char buf[FS_PATH_MAX];

	rc = fs_lookup(cwd, path, false, &out);
	check_result(path, rc, out);
	if (rc == 0 && (rc = fs_path(out, buf, sizeof(buf))) < 0 && rc != -ERANGE)
		die("fs_path failed with an unexpected error", path, rc);
	out = NULL;
	rc = fs_lookup(cwd, path, true, &out);
	check_result(path, rc, out);
}

/* A symlink's target as a NUL-terminated path (cut at FS_PATH_MAX). */
static void link_target(const struct fnode *n, char *buf)
{
	size_t len = n->size < FS_PATH_MAX - 1 ? (size_t)n->size : FS_PATH_MAX - 1;

	memcpy(buf, n->data, len);
	buf[len] = '\0';
}

/* The checks for one node of the tree. */
static void check_node(struct fnode *n)
{
	static const char *const relative[] = { ".", "..", "./", "../..", "x", "x/", ".//." };
	char path[FS_PATH_MAX], target[FS_PATH_MAX];
	struct fnode *out = NULL;
	int len = fs_path(n, path, sizeof(path)), rc;

	if (len >= 0) {
		if ((size_t)len != strlen(path))
			die("fs_path's length is wrong", path, len);
		rc = fs_lookup(NULL, path, false, &out);
		if (rc != 0 || out != n)
			die("a node's own path does not find it", path, rc);
		lookup_both(NULL, path);
	} else if (len != -ERANGE) {
		die("fs_path failed with an unexpected error", "", len);
	}
	if (FS_ISDIR(n->mode)) {
		for (size_t i = 0; i < sizeof(relative) / sizeof(relative[0]); i++)
			lookup_both(n, relative[i]);
		for (struct fnode *c = n->child; c; c = c->next) {
			size_t clen = c->namelen < FS_NAME_MAX + 1 ? c->namelen : FS_NAME_MAX + 1;

			memcpy(target, c->name, clen);
			target[clen] = '\0';
			lookup_both(n, target);
		}
	}
	if (FS_ISLNK(n->mode) && n->data != NULL) {
		link_target(n, target);
		lookup_both(n->parent, target);
	}
}

/* Visit the tree depth first without recursion (bounded). */
static void check_tree(void)
{
	struct fnode *n = fs_root();
	unsigned visited = 0;

	while (n != NULL && visited++ < MAX_NODES) {
		check_node(n);
		if (n->child != NULL) {
			n = n->child;
			continue;
		}
		while (n != fs_root() && n->next == NULL)
			n = n->parent;
		n = n == fs_root() ? NULL : n->next;
	}
}

/* Unpack one input and look around in the tree. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const fixed[] = {
		"/", "/init", "/bin/sh", "bin/../init", "/a/b/c/", "//", "/..", "/./.", "",
		"/TRAILER!!!", "/x/y/z/w",
	};
	const char *why = NULL;

	if (fs_unpack(data, size, &why) != 0) {
		if (why == NULL)
			die("fs_unpack failed without a reason", "", -1);
		if (fs_root()->child != NULL)
			die("a failed unpack changed the tree", "", -1);
		drop_tree();
		return 0;
	}
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		lookup_both(NULL, fixed[i]);
	check_tree();
	drop_tree();
	return 0;
}
