/* treewalk: prints a directory tree as comparable lines:
 *   treewalk [WORDS...] DIR
 * prints its arguments but the last, then every entry under DIR (sorted by
 * name, depth first) with its path relative to DIR, type, permission bits,
 * and for regular files size, link count, mtime and the first path with
 * the same inode (hard links), for symlinks the target. Owners and
 * directory sizes are left out (they differ between hosts). The word -k
 * leaves out DIR's dev and proc (a kernel's own /dev and /proc, live and
 * different on every system). Exit 0, or 1 when something cannot be read. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_SEEN 256

static struct { ino_t ino; char path[1024]; } seen[MAX_SEEN];
static int nseen;
static int skip_kernel; /* -k: leave out ./dev and ./proc */

/* The first path printed with this inode, or NULL (and remember it). */
static const char *first_with(ino_t ino, const char *path)
{
	for (int i = 0; i < nseen; i++)
		if (seen[i].ino == ino)
			return seen[i].path;
	if (nseen < MAX_SEEN) {
		seen[nseen].ino = ino;
		snprintf(seen[nseen++].path, sizeof(seen[0].path), "%s", path);
	}
	return NULL;
}

/* Print one entry (already lstat'ed). */
static int print_entry(const char *rel, const struct stat *st)
{
	char target[256];
	ssize_t n;
	const char *same;

	printf("%s %04o", rel, (unsigned)(st->st_mode & 07777));
	if (S_ISDIR(st->st_mode)) {
		printf(" dir\n");
	} else if (S_ISLNK(st->st_mode)) {
		if ((n = readlink(rel, target, sizeof(target) - 1)) < 0)
			return perror(rel), 1;
		target[n] = '\0';
		printf(" symlink -> %s\n", target);
	} else if (S_ISREG(st->st_mode)) {
		same = st->st_nlink > 1 ? first_with(st->st_ino, rel) : NULL;
		printf(" file %lld bytes, %u links, mtime %lld%s%s\n", (long long)st->st_size,
		       (unsigned)st->st_nlink, (long long)st->st_mtime, same ? ", same inode as " : "",
		       same ? same : "");
	} else {
		printf(" other\n");
	}
	return 0;
}

/* Walk the directory rel (relative to the cwd). */
static int walk(const char *rel)
{
	struct dirent **names;
	int n = scandir(rel, &names, NULL, alphasort), bad = 0;

	if (n < 0)
		return perror(rel), 1;
	for (int i = 0; i < n; i++) {
		char path[1024];
		struct stat st;

		int kernel = skip_kernel && strcmp(rel, ".") == 0 &&
			     (strcmp(names[i]->d_name, "dev") == 0 || strcmp(names[i]->d_name, "proc") == 0);

		if (!kernel && strcmp(names[i]->d_name, ".") != 0 && strcmp(names[i]->d_name, "..") != 0) {
			snprintf(path, sizeof(path), "%s/%s", rel, names[i]->d_name);
			if (lstat(path, &st) != 0) {
				perror(path);
				bad = 1;
			} else {
				bad |= print_entry(path, &st);
				if (S_ISDIR(st.st_mode))
					bad |= walk(path);
			}
		}
		free(names[i]);
	}
	free(names);
	return bad;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: treewalk [WORDS...] DIR\n");
		return 2;
	}
	for (int i = 0; i < argc - 1; i++) {
		printf("arg %d: %s\n", i, argv[i]);
		skip_kernel |= strcmp(argv[i], "-k") == 0;
	}
	if (chdir(argv[argc - 1]) != 0)
		return perror(argv[argc - 1]), 1;
	return walk(".");
}
