/* files: reads a file (argv[1]), lists a directory (argv[2]), and checks
 * anonymous mmap, an 8 MiB heap, thread-local storage and the monotonic
 * clock. Every line it prints is independent of timing and addresses, so
 * its output can be compared with the same run on the host. */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static __thread int counter;
static __thread int tls_seed = 1234;

/* Prints the size, byte sum (mod 65536) and first line of PATH. */
static int read_file(const char *path)
{
	unsigned char buf[4096];
	char first[128];
	size_t size = 0, flen = 0;
	unsigned sum = 0;
	int fd, line_done = 0;
	ssize_t n, i;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++) {
			sum = (sum + buf[i]) & 0xffff;
			if (line_done)
				continue;
			if (buf[i] == '\n' || flen == sizeof(first) - 1)
				line_done = 1;
			else
				first[flen++] = (char)buf[i];
		}
		size += (size_t)n;
	}
	close(fd);
	if (n < 0) {
		perror("read");
		return 1;
	}
	first[flen] = '\0';
	printf("file: size=%zu sum=%u first=\"%s\"\n", size, sum, first);
	return 0;
}

/* qsort comparison of two string pointers. */
static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Prints the entries of DIR but "." and "..", sorted by name. */
static int list_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;

	if (!d) {
		perror(path);
		return 1;
	}
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = realloc(names, cap * sizeof(*names));
			if (!names) {
				perror("realloc");
				return 1;
			}
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	printf("dir: %zu entries\n", n);
	for (i = 0; i < n; i++) {
		printf("dir: %s\n", names[i]);
		free(names[i]);
	}
	free(names);
	return 0;
}

/* Every STRIDE-th byte or word is checked: every page is touched, and the
 * program stays quick where 32-bit code is emulated (kvm-pvm). */
#define STRIDE 64

/* Maps 1 MiB of anonymous memory, fills it with a pattern and checks it. */
static int check_mmap(void)
{
	size_t len = 1 << 20, i;
	unsigned char *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (i = 0; i < len; i += STRIDE)
		if (p[i] != 0) {
			printf("mmap: not zero at %zu\n", i);
			return 1;
		}
	for (i = 0; i < len; i += STRIDE)
		p[i] = (unsigned char)(i * 31 + 7);
	for (i = 0; i < len; i += STRIDE)
		if (p[i] != (unsigned char)(i * 31 + 7)) {
			printf("mmap: bad byte at %zu\n", i);
			return 1;
		}
	if (munmap(p, len) < 0) {
		perror("munmap");
		return 1;
	}
	printf("mmap: ok %zu bytes\n", len);
	return 0;
}

/* Allocates 8 MiB in 2048 blocks of 4 KiB, stamps and checks each. */
static int check_heap(void)
{
	enum { BLOCKS = 2048, SIZE = 4096 };
	static uint32_t *blocks[BLOCKS];
	size_t i, j;

	for (i = 0; i < BLOCKS; i++) {
		blocks[i] = malloc(SIZE);
		if (!blocks[i]) {
			printf("heap: malloc failed at block %zu\n", i);
			return 1;
		}
		for (j = 0; j < SIZE / 4; j += STRIDE)
			blocks[i][j] = (uint32_t)(i * 1024 + j);
	}
	for (i = 0; i < BLOCKS; i++)
		for (j = 0; j < SIZE / 4; j += STRIDE)
			if (blocks[i][j] != (uint32_t)(i * 1024 + j)) {
				printf("heap: bad word in block %zu\n", i);
				return 1;
			}
	for (i = 0; i < BLOCKS; i++)
		free(blocks[i]);
	printf("heap: ok %d blocks, %d bytes\n", BLOCKS, BLOCKS * SIZE);
	return 0;
}

/* Increments a __thread counter N times, and an initialised one once. */
static int check_tls(int n)
{
	int i;

	for (i = 0; i < n; i++)
		counter++;
	tls_seed += counter;
	printf("tls: counter=%d seed=%d\n", counter, tls_seed);
	return counter == n && tls_seed == 1234 + n ? 0 : 1;
}

/* Reads CLOCK_MONOTONIC twice; the second must not be earlier. */
static int check_clock(void)
{
	struct timespec a, b;

	if (clock_gettime(CLOCK_MONOTONIC, &a) < 0 || clock_gettime(CLOCK_MONOTONIC, &b) < 0) {
		perror("clock_gettime");
		return 1;
	}
	if (b.tv_sec < a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec < a.tv_nsec)) {
		printf("clock: went backwards\n");
		return 1;
	}
	printf("clock: ok\n");
	return 0;
}

/* Entry point: files FILE DIR; exits 0 when every check passed. */
int main(int argc, char **argv)
{
	int bad = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: files FILE DIR\n");
		return 2;
	}
	bad |= read_file(argv[1]);
	bad |= list_dir(argv[2]);
	bad |= check_mmap();
	bad |= check_heap();
	/* The count depends on argc so the loop cannot be folded away. */
	bad |= check_tls(10000 + argc - 3);
	bad |= check_clock();
	printf("files: %s\n", bad ? "FAILED" : "ok");
	return bad;
}
