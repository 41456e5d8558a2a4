/* Unit tests for gathering host trees for the initrd (vmm/rootfs.c) and
 * for how initrd_build packs directories, symlinks and hard links. Trees
 * are made in a fresh directory under /tmp and removed afterwards. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "../../vmm/rootfs.h"

struct fixture {
	char dir[64];
	char err[512];
	struct pack_list l;
};

/* Write text to dir/rel with mode. */
static void mkfile(const char *dir, const char *rel, const char *text, mode_t mode)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	assert_non_null(f = fopen(p, "w"));
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(p, mode), 0);
}

/* Run a shell command in dir; it must succeed. */
static void sh(const char *dir, const char *cmd)
{
	char c[1024];

	snprintf(c, sizeof(c), "cd '%s' && %s", dir, cmd);
	assert_int_equal(system(c), 0);
}

/* A tree: bin/{prog,link->prog,hard (= prog)}, etc/deep/{secret 0600},
 * empty dir, a FIFO; prog's mtime fixed. */
static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/cv-packtree-XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	*state = fx;
	return 0;
}

/* Remove one path of the tree. */
static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	pack_list_free(&fx->l);
	nftw(fx->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(fx);
	return 0;
}

/* The entry for guest path g, which must be there once. */
static const struct initrd_file *entry(const struct pack_list *l, const char *g)
{
	const struct initrd_file *found = NULL;

	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].guest, g) == 0) {
			assert_null(found);
			found = &l->v[i];
		}
	if (found == NULL)
		fail_msg("%s is not in the list", g);
	return found;
}

/* Make the sample tree under fx->dir/root. */
static void sample(struct fixture *fx)
{
	sh(fx->dir, "mkdir -p root/bin root/etc/deep root/empty && chmod 0750 root/etc && "
		    "ln -s prog root/bin/link && mkfifo root/fifo");
	mkfile(fx->dir, "root/bin/prog", "#!/bin/x\n", 04755);
	mkfile(fx->dir, "root/etc/deep/secret", "s", 0600);
	sh(fx->dir, "ln root/bin/prog root/bin/hard && touch -d @1000000000 root/bin/prog");
}

/* A tree becomes directories, files, symlinks and a hard link, in sorted
 * depth-first order, with modes and mtimes; the FIFO is left out. */
static void test_tree_entries(void **state)
{
	struct fixture *fx = *state;
	char root[128];
	const struct initrd_file *prog, *hard, *link, *etc;
	const char *order[] = { "/bin", "/bin/hard", "/bin/link", "/bin/prog", "/empty", "/etc",
				"/etc/deep", "/etc/deep/secret" };

	sample(fx);
	snprintf(root, sizeof(root), "%s/root", fx->dir);
	if (pack_add_tree(&fx->l, root, "/", fx->err, sizeof(fx->err)) != 0)
		fail_msg("pack_add_tree: %s", fx->err);
	assert_int_equal(fx->l.n, 8);
	for (size_t i = 0; i < 8; i++)
		assert_string_equal(fx->l.v[i].guest, order[i]);
	assert_int_equal(fx->l.skipped, 1);
	hard = entry(&fx->l, "/bin/hard");
	prog = entry(&fx->l, "/bin/prog");
	assert_int_equal(hard->type, INITRD_REG);
	assert_int_equal(hard->link_of, 0);          /* met first: carries the data */
	assert_int_equal(prog->link_of, (size_t)(hard - fx->l.v) + 1);
	assert_int_equal(prog->mode, 04755);
	assert_int_equal(prog->mtime, 1000000000);
	link = entry(&fx->l, "/bin/link");
	assert_int_equal(link->type, INITRD_LNK);
	assert_string_equal(link->target, "prog");
	etc = entry(&fx->l, "/etc");
	assert_int_equal(etc->type, INITRD_DIR);
	assert_int_equal(etc->mode, 0750);
	assert_int_equal(entry(&fx->l, "/etc/deep/secret")->mode, 0600);
	assert_int_equal(fx->l.bytes, strlen("#!/bin/x\n") + 1); /* hard link counted once */
}

/* A tree under a guest directory gets that directory as an entry too. */
static void test_tree_under_guest_dir(void **state)
{
	struct fixture *fx = *state;
	char root[128];

	sample(fx);
	snprintf(root, sizeof(root), "%s/root/etc", fx->dir);
	assert_int_equal(pack_add_tree(&fx->l, root, "/opt/conf", fx->err, sizeof(fx->err)), 0);
	assert_int_equal(fx->l.n, 3);
	assert_int_equal(entry(&fx->l, "/opt/conf")->mode, 0750);
	assert_int_equal(entry(&fx->l, "/opt/conf/deep/secret")->type, INITRD_REG);
}

/* Built into an archive: one inode and link count for the hard links, the
 * data once (with the first), the symlink's target as its data, the
 * directory modes as given. */
static void test_tree_archive(void **state)
{
	struct fixture *fx = *state;
	struct initrd rd;
	char root[128];
	unsigned hard_ino = 0, prog_ino = 0, hard_size = 0, prog_size = 9, link_nlink = 0;
	const uint8_t *p;

	sample(fx);
	snprintf(root, sizeof(root), "%s/root", fx->dir);
	assert_int_equal(pack_add_tree(&fx->l, root, "/", fx->err, sizeof(fx->err)), 0);
	if (initrd_build(&rd, fx->l.v, fx->l.n, fx->err, sizeof(fx->err)) != 0)
		fail_msg("initrd_build: %s", fx->err);
	assert_int_equal(initrd_validate(rd.data, rd.size, fx->err, sizeof(fx->err)), 0);
	for (p = rd.data; p + 110 <= rd.data + rd.size;) {
		unsigned f[13];
		const char *name = (const char *)p + 110;
		size_t hlen, dlen;

		if (memcmp(p, "\0\0\0\0", 4) == 0) {
			p += 4;
			continue;
		}
		for (int i = 0; i < 13; i++)
			assert_int_equal(sscanf((const char *)p + 6 + 8 * i, "%8x", &f[i]), 1);
		if (strcmp(name, "bin/hard") == 0)
			hard_ino = f[0], hard_size = f[6], link_nlink = f[4];
		if (strcmp(name, "bin/prog") == 0) {
			prog_ino = f[0], prog_size = f[6];
			assert_int_equal(f[4], 2);
			assert_int_equal(f[1], 0104755);
			assert_int_equal(f[5], 1000000000);
		}
		if (strcmp(name, "bin/link") == 0) {
			assert_int_equal(f[1], 0120777);
			assert_int_equal(f[6], 4);
			assert_memory_equal(p + ((110 + f[11] + 3) & ~3u), "prog", 4);
		}
		if (strcmp(name, "etc") == 0)
			assert_int_equal(f[1], 040750);
		assert_int_equal(f[2], 0); /* owners: root */
		assert_int_equal(f[3], 0);
		if (strcmp(name, "TRAILER!!!") == 0)
			break;
		hlen = (110 + f[11] + 3) & ~3u;
		dlen = (f[6] + 3) & ~3u;
		if ((f[1] & 0170000) == 0100000 && f[6]) {
			size_t at = (size_t)(p - rd.data) + hlen; /* data on the next page boundary */

			p = rd.data + ((at + 4095) & ~(size_t)4095) + dlen;
		} else {
			p += hlen + dlen;
		}
	}
	assert_int_not_equal(hard_ino, 0);
	assert_int_equal(hard_ino, prog_ino);
	assert_int_equal(link_nlink, 2);
	assert_int_equal(hard_size, 9);
	assert_int_equal(prog_size, 0);
	initrd_free(&rd);
}

/* A missing directory, a file given as the tree, an unreadable directory
 * (when not root) and a relative guest directory are named errors. */
static void test_tree_errors(void **state)
{
	struct fixture *fx = *state;
	char p[128];

	snprintf(p, sizeof(p), "%s/nothing", fx->dir);
	assert_int_equal(pack_add_tree(&fx->l, p, "/", fx->err, sizeof(fx->err)), -1);
	assert_non_null(strstr(fx->err, "nothing: No such file or directory"));
	mkfile(fx->dir, "plain", "x", 0644);
	snprintf(p, sizeof(p), "%s/plain", fx->dir);
	assert_int_equal(pack_add_tree(&fx->l, p, "/", fx->err, sizeof(fx->err)), -1);
	assert_non_null(strstr(fx->err, "plain: not a directory"));
	snprintf(p, sizeof(p), "%s", fx->dir);
	assert_int_equal(pack_add_tree(&fx->l, p, "rel", fx->err, sizeof(fx->err)), -1);
	assert_non_null(strstr(fx->err, "not absolute"));
	if (geteuid() != 0) {
		sh(fx->dir, "mkdir -p locked/in && chmod 000 locked/in");
		snprintf(p, sizeof(p), "%s/locked", fx->dir);
		assert_int_equal(pack_add_tree(&fx->l, p, "/", fx->err, sizeof(fx->err)), -1);
		assert_non_null(strstr(fx->err, "locked/in: cannot read the directory"));
		sh(fx->dir, "chmod 755 locked/in");
	}
}

/* Many files: none is dropped, and hard links across many inodes join. */
static void test_tree_many(void **state)
{
	struct fixture *fx = *state;
	char root[128];

	sh(fx->dir, "mkdir -p big && cd big && for i in $(seq 1 300); do echo $i > f$i; "
		    "ln f$i h$i; done");
	snprintf(root, sizeof(root), "%s/big", fx->dir);
	assert_int_equal(pack_add_tree(&fx->l, root, "/big", fx->err, sizeof(fx->err)), 0);
	assert_int_equal(fx->l.n, 601);
	for (size_t i = 1; i < fx->l.n; i++) {
		const struct initrd_file *e = &fx->l.v[i];
		const struct initrd_file *f;
		char want[64];

		if (e->guest[5] != 'h')
			continue;
		assert_int_not_equal(e->link_of, 0);
		f = &fx->l.v[e->link_of - 1];
		snprintf(want, sizeof(want), "/big/f%s", e->guest + 6);
		assert_string_equal(f->guest, want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tree_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tree_under_guest_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tree_archive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tree_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tree_many, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
