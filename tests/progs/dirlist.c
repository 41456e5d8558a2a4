/* dirlist: list a directory with getdents64 and with getdents, count the
 * entries of each pass (without "." and ".."), and look up a named entry:
 *   dirlist DIR [NAME]
 * prints "dirlist: DIR: N entries (getdents64), N entries (getdents)" (entries
 * with a known d_type, other than "." and "..") and,
 * with NAME, "dirlist: NAME found" or "dirlist: NAME missing". Exit 0 when
 * both passes saw the same number of distinct positions, 1 otherwise. */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NR_GETDENTS   SYS_getdents
#define NR_GETDENTS64 SYS_getdents64
#define BUF_LEN       32768

static char buf[BUF_LEN];

/* Whether name is "." or "..". */
static int dot_or_dotdot(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* Count the entries of dir with the given getdents call whose d_type is
 * known; -1 on an error. Record layouts: getdents64 has reclen at 16, the
 * type at 18 and the name at 19; getdents (two longs first) reclen after
 * the longs, the name after reclen and the type in the record's last byte. */
static long count(const char *dir, long nr)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	long n = 0, got;

	if (fd < 0)
		return -1;
	while ((got = syscall(nr, fd, buf, sizeof(buf))) > 0) {
		for (long at = 0; at < got;) {
			int is64 = nr == NR_GETDENTS64;
			uint16_t reclen;
			memcpy(&reclen, buf + at + (is64 ? 16 : 2 * sizeof(long)), 2);
			if (reclen == 0)
				return -1;
			n += !dot_or_dotdot(buf + at + (is64 ? 19 : 2 * sizeof(long) + 2)) &&
			     buf[at + (is64 ? 18 : reclen - 1)] != DT_UNKNOWN;
			at += reclen;
		}
	}
	close(fd);
	return got < 0 ? -1 : n;
}

int main(int argc, char **argv)
{
	long n64, n32;
	char path[4096];
	struct stat st;

	if (argc < 2) {
		fprintf(stderr, "usage: dirlist DIR [NAME]\n");
		return 2;
	}
	n64 = count(argv[1], NR_GETDENTS64);
	n32 = count(argv[1], NR_GETDENTS);
	printf("dirlist: %s: %ld entries (getdents64), %ld entries (getdents)\n", argv[1], n64, n32);
	if (argc > 2) {
		snprintf(path, sizeof(path), "%s/%s", argv[1], argv[2]);
		printf("dirlist: %s %s\n", argv[2], stat(path, &st) == 0 ? "found" : "missing");
	}
	return n64 >= 0 && n64 == n32 ? 0 : 1;
}
