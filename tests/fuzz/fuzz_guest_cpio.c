/* Fuzz target: the guest kernel's initrd parser (guest/kernel/fs/cpio.c
 * fs_unpack over guest/common/newc.c) and path lookup (lookup.c fs_lookup, fs_path), compiled for
 * the host, on arbitrary bytes as the archive. Nodes point into the
 * archive, so an out-of-bounds read anywhere shows up under ASan. After a
 * successful unpack every entry (name) is visited: its node is looked up by
 * its own path (which must find it again, unless the path is too long), by
 * that path with symlinks followed, relative to each directory, by each
 * name in it and by each symlink's target; and a few fixed paths are
 * tried. An archive the kernel unpacks must pass the VMM's --initrd check
 * too (vmm/initrd.c: one reader). The tree is freed after each input. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../guest/kernel/fs/fs.h"
#include "../../guest/kernel/fs/tree.h"
#include "../../guest/kernel/lib/errno.h"
#include "../../vmm/initrd.h"
#include "../unit/guest_fs_host.h" /* fs_alloc, pages, clock: the kernel's side on the host */

#define MAX_NODES 4096 /* entries checked per input */

/* The archive of just a TRAILER!!!: unpacks to an empty tree. */
static const uint8_t empty_archive[] =
	"070701" "00000000" "00000000" "00000000" "00000000" "00000001" "00000000"
	"00000000" "00000000" "00000000" "00000000" "00000000" "0000000B" "00000000"
	"TRAILER!!!\0\0\0\0";

/* Free every earlier tree (and failed unpack) and install an empty one:
 * unpacking never reads the tree it replaces. Inode numbers start again,
 * so runs are repeatable. */
static void drop_tree(void)
{
	forget_since(0);
	if (fs_unpack(empty_archive, sizeof(empty_archive) - 1, NULL) != 0)
		abort();
	tree_set_next_ino(2);
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
	if (rc == 0 && out->dent == NULL)
		die("lookup found a node without a name", path, rc);
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

	memcpy(buf, n->link, len);
	buf[len] = '\0';
}

/* The checks for entry e (a name of e->node in directory e->dir). */
static void check_entry(const struct fdent *e)
{
	static const char *const relative[] = { ".", "..", "./", "../..", "x", "x/", ".//." };
	struct fnode *n = e->node, *out = NULL;
	char path[FS_PATH_MAX], target[FS_PATH_MAX];
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
		for (const struct fdent *c = n->child; c; c = c->next) {
			size_t clen = c->namelen < FS_NAME_MAX + 1 ? c->namelen : FS_NAME_MAX + 1;

			memcpy(target, c->name, clen);
			target[clen] = '\0';
			lookup_both(n, target);
			if (fs_find(n, c->name, c->namelen) == NULL)
				die("an entry's name does not find it", target, 0);
		}
	}
	if (FS_ISLNK(n->mode) && n->link != NULL) {
		link_target(n, target);
		lookup_both(e->dir, target);
	}
}

/* The entry after e in a depth-first walk of the tree, NULL at the end
 * (a directory's only name is its dent, so climbing is unambiguous). */
static const struct fdent *next_entry(const struct fdent *e)
{
	if (FS_ISDIR(e->node->mode) && e->node->child != NULL)
		return e->node->child;
	for (; e->node != fs_root(); e = e->dir->dent)
		if (e->next != NULL)
			return e->next;
	return NULL;
}

/* Visit every entry (bounded), the root's own first. */
static void check_tree(void)
{
	const struct fdent *e = fs_root()->dent;
	unsigned visited = 0;

	while (e != NULL && visited++ < MAX_NODES) {
		check_entry(e);
		e = next_entry(e);
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
	char err[256];

	if (fs_unpack(data, size, &why) != 0) {
		if (why == NULL)
			die("fs_unpack failed without a reason", "", -1);
		if (fs_root()->child != NULL)
			die("a failed unpack changed the tree", "", -1);
		drop_tree();
		return 0;
	}
	if (initrd_validate(data, size, err, sizeof(err)) != 0)
		die("the kernel unpacks what --initrd refuses", err, -1);
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		lookup_both(NULL, fixed[i]);
	check_tree();
	drop_tree();
	return 0;
}
